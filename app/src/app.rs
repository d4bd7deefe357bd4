//! The document shell, the router and the session-aware frame.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::api::auth::{SessionState, session_info};
use crate::components::top_bar::TopBar;
use crate::erased::page;
use crate::i18n::I18n;
use crate::page_modules::{Admin, Crm, Home, Projects};
use crate::pages::placeholder;

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
                    <Route path=path!("/") view=Home::Dashboard/>
                    <Route path=path!("/login") view=Home::Login/>
                    <Route path=path!("/setup") view=Home::Setup/>
                    <Route path=path!("/profile") view=Home::Profile/>
                    // Async: the whole page waits for its data, so a refusal is the status (403).
                    <Route path=path!("/admin/users") view=Admin::Users ssr=SsrMode::Async/>
                    <Route path=path!("/admin/grading") view=Admin::Grading ssr=SsrMode::Async/>
                    <Route path=path!("/admin/pipelines") view=Admin::Pipelines ssr=SsrMode::Async/>
                    <Route path=path!("/admin/service") view=Admin::ServiceLevels ssr=SsrMode::Async/>
                    <Route path=path!("/admin/automation") view=Admin::Automation ssr=SsrMode::Async/>
                    <Route path=path!("/admin/targets") view=Admin::Targets ssr=SsrMode::Async/>
                    <Route path=path!("/admin/templates") view=Admin::Templates ssr=SsrMode::Async/>
                    <Route path=path!("/sales/forecast") view=Crm::Forecast ssr=SsrMode::Async/>
                    // Customer pages wait for their data on the server (tens of
                    // ms): out-of-order streaming of their nested suspense
                    // boundaries raced hydration.
                    <Route path=path!("/customers") view=Crm::Accounts ssr=SsrMode::Async/>
                    <Route path=path!("/customers/accounts/new") view=Crm::AccountEdit ssr=SsrMode::Async/>
                    <Route path=path!("/customers/accounts/:id") view=Crm::Account ssr=SsrMode::Async/>
                    <Route path=path!("/customers/accounts/:id/edit") view=Crm::AccountEdit ssr=SsrMode::Async/>
                    <Route path=path!("/customers/accounts/:id/print") view=Crm::AccountPrint ssr=SsrMode::Async/>
                    <Route path=path!("/customers/contacts") view=Crm::Contacts ssr=SsrMode::Async/>
                    <Route path=path!("/customers/contacts/new") view=Crm::ContactNew ssr=SsrMode::Async/>
                    <Route path=path!("/customers/contacts/:id") view=Crm::Contact ssr=SsrMode::Async/>
                    <Route path=path!("/customers/leads") view=Crm::Leads ssr=SsrMode::Async/>
                    <Route path=path!("/customers/leads/new") view=Crm::LeadNew ssr=SsrMode::Async/>
                    <Route path=path!("/customers/leads/:id") view=Crm::Lead ssr=SsrMode::Async/>
                    <Route path=path!("/customers/my-day") view=Crm::MyDay ssr=SsrMode::Async/>
                    <Route path=path!("/customers/trash") view=Crm::Trash ssr=SsrMode::Async/>
                    <Route path=path!("/customers/duplicates") view=Crm::Duplicates ssr=SsrMode::Async/>
                    <Route path=path!("/customers/duplicates/merge") view=Crm::Merge ssr=SsrMode::Async/>
                    <Route path=path!("/import") view=Crm::Import ssr=SsrMode::Async/>
                    <Route path=path!("/sales") view=Crm::Board ssr=SsrMode::Async/>
                    <Route path=path!("/sales/list") view=Crm::Deals ssr=SsrMode::Async/>
                    <Route path=path!("/sales/deals/new") view=Crm::DealEdit ssr=SsrMode::Async/>
                    <Route path=path!("/sales/deals/:id") view=Crm::Deal ssr=SsrMode::Async/>
                    <Route path=path!("/sales/deals/:id/edit") view=Crm::DealEdit ssr=SsrMode::Async/>
                    <Route path=path!("/marketing") view=Crm::Campaigns ssr=SsrMode::Async/>
                    <Route path=path!("/marketing/new") view=Crm::CampaignNew/>
                    <Route path=path!("/marketing/:id") view=Crm::Campaign ssr=SsrMode::Async/>
                    <Route path=path!("/service") view=Crm::Tickets ssr=SsrMode::Async/>
                    <Route path=path!("/service/board") view=Crm::ServiceBoard ssr=SsrMode::Async/>
                    <Route path=path!("/service/reports") view=Crm::ServiceReports ssr=SsrMode::Async/>
                    <Route path=path!("/service/tickets/new") view=Crm::TicketNew/>
                    <Route path=path!("/service/tickets/:id") view=Crm::Ticket ssr=SsrMode::Async/>
                    <Route path=path!("/projects") view=Projects::List ssr=SsrMode::Async/>
                    <Route path=path!("/projects/new") view=Projects::New/>
                    <Route path=path!("/projects/import") view=Projects::Import/>
                    <Route path=path!("/projects/:id") view=Projects::Plan/>
                    <Route path=path!("/projects/:id/report") view=Projects::Report ssr=SsrMode::Async/>
                    <Route path=path!("/reports") view=Home::Reports/>
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
