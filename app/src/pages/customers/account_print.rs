//! The account's 360° view as a printable page: details, contacts, deals
//! with their totals, projects and the recent timeline, on paper-friendly
//! layout (the app's frame and every control are left off the print).

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::{AccountDossier, DealTotals};
use cairn::domain::sales::money::format_amount;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::activity::timeline_item;
use super::{GradeBadge, LifecycleBadge, parse_id, when};
use crate::api::customers::load_account_dossier;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::NotFound;

#[component]
pub fn AccountPrintPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| parse_id(&s))
            .unwrap_or(0)
    });
    let dossier = Resource::new(move || id.get(), load_account_dossier);
    view! {
        <section class="page dossier-page">
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match dossier.await {
                        Ok(d) => view! { <Title text=d.account.name.clone()/><Dossier d/> }.erase(),
                        Err(AppError::NotFound { .. }) => view! { <NotFound/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn Dossier(d: AccountDossier) -> impl IntoView {
    let i18n = use_i18n();
    let a = &d.account;
    let id = a.id;
    let facts = super::account_view::facts(a, i18n);
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    view! {
        <div class="dossier__bar no-print">
            <A href=format!("/customers/accounts/{id}")>{i18n.t(T::BackToAccount)}</A>
            <button type="button" class="btn btn--primary" data-testid="print" on:click=print>{i18n.t(T::Print)}</button>
        </div>
        <article class="dossier" data-testid="dossier">
            <header class="dossier__head">
                <h1><GradeBadge grade=a.grade/>" "<span data-testid="dossier-name">{a.name.clone()}</span></h1>
                <p class="dossier__meta">
                    <LifecycleBadge lifecycle=a.lifecycle/>
                    " "{i18n.t(T::Owner)}": "<strong>{a.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default()}</strong>
                    {a.tags.iter().map(|t| view! { " "<span class="tag">{t.clone()}</span> }).collect_view()}
                </p>
                <p class="small muted">{i18n.t(T::PreparedAt).replace("{when}", &when(d.generated_at))}</p>
            </header>
            <section class="dossier__section">
                <h2>{i18n.t(T::Details)}</h2>
                <dl class="facts">
                    {facts.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! { <dt>{i18n.t(k)}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
                {(!a.notes.is_empty()).then(|| view! { <p class="notes">{a.notes.clone()}</p> })}
            </section>
            <section class="dossier__section" data-testid="dossier-contacts">
                <h2>{i18n.t(T::Contacts360)}" ("{d.contacts.len()}")"</h2>
                {if d.contacts.is_empty() {
                    view! { <p class="muted">{i18n.t(T::NoContacts)}</p> }.erase()
                } else {
                    view! {
                        <table class="table">
                            <thead><tr><th>{i18n.t(T::Name)}</th><th>{i18n.t(T::JobTitle)}</th><th>{i18n.t(T::Email)}</th><th>{i18n.t(T::Phone)}</th></tr></thead>
                            <tbody>
                                {d.contacts.iter().map(|c| view! {
                                    <tr><td>{c.name.clone()}</td><td>{c.title.clone()}</td><td>{c.email.clone()}</td><td>{c.phone.clone()}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.erase()
                }}
            </section>
            <DossierDeals deals=d.deals.clone()/>
            <DossierProjects projects=d.projects.clone()/>
            <section class="dossier__section">
                <h2>{i18n.t(T::Timeline)}</h2>
                {if d.timeline.is_empty() {
                    view! { <p class="muted">{i18n.t(T::TimelineEmpty)}</p> }.erase()
                } else {
                    view! { <ol class="timeline">{d.timeline.clone().into_iter().map(timeline_item).collect_view()}</ol> }.erase()
                }}
            </section>
        </article>
    }
}

#[component]
fn DossierDeals(deals: Option<Vec<cairn::domain::sales::DealCard>>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(deals) = deals else {
        return view! {
            <section class="dossier__section"><h2>{i18n.t(T::Deals)}</h2><p class="muted">{i18n.t(T::NoAccessDeals)}</p></section>
        }
        .erase();
    };
    let totals = cairn::domain::customer::deal_totals(&deals);
    view! {
        <section class="dossier__section" data-testid="dossier-deals">
            <h2>{i18n.t(T::Deals)}" ("{deals.len()}")"</h2>
            {if deals.is_empty() {
                view! { <p class="muted">{i18n.t(T::NoDeals)}</p> }.erase()
            } else {
                view! {
                    <DealTotalsLine totals/>
                    <table class="table">
                        <thead><tr>
                            <th>{i18n.t(T::DealTitle)}</th><th>{i18n.t(T::Status)}</th><th class="num">{i18n.t(T::ColAmount)}</th>
                            <th class="num">{i18n.t(T::StageProbability)}</th><th>{i18n.t(T::ExpectedClose)}</th><th>{i18n.t(T::Owner)}</th>
                        </tr></thead>
                        <tbody>
                            {deals.iter().map(|d| view! {
                                <tr>
                                    <td>{d.title.clone()}</td>
                                    <td>{i18n.t(crate::pages::sales::status_label(d.status))}</td>
                                    <td class="num">{money(d.amount, &d.currency)}</td>
                                    <td class="num">{format!("{}%", d.probability)}</td>
                                    <td>{d.expected_close.map(|c| c.to_string()).unwrap_or_default()}</td>
                                    <td>{d.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.erase()
            }}
        </section>
    }
    .erase()
}

/// An amount with its currency ("12,000.00 USD").
pub fn money(minor: i64, currency: &str) -> String {
    format!("{} {currency}", format_amount(minor, currency))
}

/// "Open 12,000.00 USD (weighted 6,000.00) · Won 30,000.00 · win rate 33%",
/// one line per currency.
#[component]
pub fn DealTotalsLine(totals: Vec<DealTotals>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="deal-totals" data-testid="deal-totals">
            {totals.into_iter().map(|t| view! {
                <li>
                    <span>{i18n.t(T::StatusOpen)}" "<strong data-testid="total-open">{money(t.open, &t.currency)}</strong>
                        " ("{i18n.t(T::WeightedLabel)}" "{money(t.weighted, &t.currency)}")"</span>
                    <span>{i18n.t(T::StatusWon)}" "<strong data-testid="total-won">{money(t.won, &t.currency)}</strong></span>
                    {t.win_rate().map(|r| view! { <span>{i18n.t(T::KpiWinRate)}" "<strong>{format!("{r}%")}</strong></span> })}
                </li>
            }).collect_view()}
        </ul>
    }
}

#[component]
fn DossierProjects(projects: Option<Vec<cairn::domain::project::ProjectSummary>>) -> impl IntoView {
    let i18n = use_i18n();
    let projects = projects.unwrap_or_default();
    (!projects.is_empty()).then(|| view! {
        <section class="dossier__section" data-testid="dossier-projects">
            <h2>{i18n.t(T::Projects)}" ("{projects.len()}")"</h2>
            <table class="table">
                <thead><tr>
                    <th>{i18n.t(T::Name)}</th><th>{i18n.t(T::Status)}</th><th>{i18n.t(T::Start)}</th>
                    <th>{i18n.t(T::Finish)}</th><th class="num">{i18n.t(T::PercentShort)}</th>
                </tr></thead>
                <tbody>
                    {projects.iter().map(|p| view! {
                        <tr>
                            <td>{p.name.clone()}</td>
                            <td>{i18n.t(crate::pages::projects::status_label(p.status))}</td>
                            <td>{p.start.to_string()}</td>
                            <td>{p.finish.map(|f| f.to_string()).unwrap_or_default()}</td>
                            <td class="num">{format!("{}%", p.percent_complete)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    })
}
