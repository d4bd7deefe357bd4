//! The document shell, the router and the session-aware frame.

use cairn::domain::Module;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::api::auth::{SessionState, session_info};
use crate::components::top_bar::TopBar;
use crate::erased::page;
use crate::i18n::I18n;
use crate::pages::{
    admin_automation, admin_targets, admin_templates, admin_users, customers, home, import, login,
    marketing, placeholder, profile, projects, sales, service, setup,
};

/// The HTML document around the app (server side only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang=request_language_tag()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.ico" sizes="any"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// `<html lang>` from the language the server resolved for this request
/// (user preference, cookie, default). Written once by the server: the
/// shell is not hydrated, and a language switch reloads the page.
#[cfg(feature = "ssr")]
fn request_language_tag() -> &'static str {
    use_context::<axum::http::request::Parts>()
        .and_then(|p| {
            p.extensions
                .get::<crate::api::server::RequestLanguage>()
                .map(|l| l.0.tag())
        })
        .unwrap_or("en")
}

#[cfg(not(feature = "ssr"))]
fn request_language_tag() -> &'static str {
    "en"
}

/// The signed-in user and language, for every page below the shell.
#[derive(Clone)]
pub struct Session(pub SessionState);

pub fn use_session() -> SessionState {
    expect_context::<Session>().0
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="leptos" href="/pkg/cairn.css"/>
        <Title formatter=|t: String| if t.is_empty() { "Cairn".to_owned() } else { format!("{t} · Cairn") }/>
        <Router>
            <Routes fallback=NotFoundFramed>
                <ParentRoute path=path!("") view=page(Frame)>
                    <Route path=path!("/") view=page(home::HomePage)/>
                    <Route path=path!("/login") view=page(login::LoginPage)/>
                    <Route path=path!("/setup") view=page(setup::SetupPage)/>
                    <Route path=path!("/profile") view=page(profile::ProfilePage)/>
                    // Async: the whole page waits for its data, so a refusal is the status (403).
                    <Route path=path!("/admin/users") view=page(admin_users::AdminUsersPage) ssr=SsrMode::Async/>
                    <Route path=path!("/admin/grading") view=page(customers::grading::GradingPage) ssr=SsrMode::Async/>
                    <Route path=path!("/admin/pipelines") view=page(sales::pipelines::PipelinesPage) ssr=SsrMode::Async/>
                    <Route path=path!("/admin/service") view=page(service::levels::ServiceLevelsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/admin/automation") view=page(admin_automation::AutomationPage) ssr=SsrMode::Async/>
                    <Route path=path!("/admin/targets") view=page(admin_targets::TargetsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/admin/templates") view=page(admin_templates::TemplatesPage) ssr=SsrMode::Async/>
                    <Route path=path!("/sales/forecast") view=page(sales::forecast::ForecastPage) ssr=SsrMode::Async/>
                    // Customer pages wait for their data on the server (tens of
                    // ms): out-of-order streaming of their nested suspense
                    // boundaries raced hydration.
                    <Route path=path!("/customers") view=page(customers::accounts::AccountsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/accounts/new") view=page(customers::account_form::AccountEditPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/accounts/:id") view=page(customers::account_view::AccountPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/accounts/:id/edit") view=page(customers::account_form::AccountEditPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/accounts/:id/print") view=page(customers::account_print::AccountPrintPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/contacts") view=page(customers::contacts::ContactsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/contacts/new") view=page(customers::contacts::ContactNewPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/contacts/:id") view=page(customers::contacts::ContactPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/leads") view=page(customers::leads::LeadsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/leads/new") view=page(customers::leads::LeadNewPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/leads/:id") view=page(customers::leads::LeadPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/my-day") view=page(customers::my_day::MyDayPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/trash") view=page(customers::trash::TrashPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/duplicates") view=page(customers::duplicates::DuplicatesPage) ssr=SsrMode::Async/>
                    <Route path=path!("/customers/duplicates/merge") view=page(customers::merge::MergePage) ssr=SsrMode::Async/>
                    <Route path=path!("/import") view=page(import::ImportPage) ssr=SsrMode::Async/>
                    <Route path=path!("/sales") view=page(sales::board::BoardPage) ssr=SsrMode::Async/>
                    <Route path=path!("/sales/list") view=page(sales::list::DealListPage) ssr=SsrMode::Async/>
                    <Route path=path!("/sales/deals/new") view=page(sales::deal_form::DealEditPage) ssr=SsrMode::Async/>
                    <Route path=path!("/sales/deals/:id") view=page(sales::deal_view::DealPage) ssr=SsrMode::Async/>
                    <Route path=path!("/sales/deals/:id/edit") view=page(sales::deal_form::DealEditPage) ssr=SsrMode::Async/>
                    <Route path=path!("/marketing") view=page(marketing::list::CampaignsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/marketing/new") view=page(marketing::form::CampaignNewPage)/>
                    <Route path=path!("/marketing/:id") view=page(marketing::campaign::CampaignPage) ssr=SsrMode::Async/>
                    <Route path=path!("/service") view=page(service::queue::TicketsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/service/board") view=page(service::board::ServiceBoardPage) ssr=SsrMode::Async/>
                    <Route path=path!("/service/reports") view=page(service::reports::ServiceReportsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/service/tickets/new") view=page(service::form::TicketNewPage)/>
                    <Route path=path!("/service/tickets/:id") view=page(service::ticket::TicketPage) ssr=SsrMode::Async/>
                    <Route path=path!("/projects") view=page(projects::list::ProjectsPage) ssr=SsrMode::Async/>
                    <Route path=path!("/projects/new") view=page(projects::form::ProjectNewPage)/>
                    <Route path=path!("/projects/import") view=page(projects::import::ProjectImportPage)/>
                    <Route path=path!("/projects/:id") view=page(projects::gantt::ProjectPage)/>
                    <Route path=path!("/projects/:id/report") view=page(projects::report::StatusReportPage) ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=page(|| view! { <placeholder::ComingSoon module=Module::Reports/> })/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// The layout route: every page renders inside the session frame.
#[component]
fn Frame() -> impl IntoView {
    view! { <SessionFrame><Outlet/></SessionFrame> }
}

/// Unknown paths, in the same frame (top bar, language). Not a catch-all
/// route: that would shadow the static files under `/pkg`.
#[component]
fn NotFoundFramed() -> impl IntoView {
    view! { <SessionFrame><placeholder::NotFound/></SessionFrame> }
}

/// Loads the session once (a blocking resource, so the server renders the
/// right user and language in the first byte), provides it as context, and
/// renders the top bar around `children`.
#[component]
fn SessionFrame(children: ChildrenFn) -> impl IntoView {
    let info = OnceResource::new_blocking(session_info());
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    let info = info.await.unwrap_or_default();
                    let lang = info.language;
                    provide_context(I18n(Signal::stored(lang)));
                    let signed_in = info.user.is_some();
                    provide_context(Session(info));
                    view! {
                        {signed_in.then(|| view! { <TopBar/> })}
                        <main id="main" class="main" class:main--bare=!signed_in>
                            {children()}
                        </main>
                    }
                })
            }}
        </Suspense>
    }
}
