//! `/projects/:id/report`: the status report, laid out for paper — the
//! browser's "Save as PDF" gives a clean two-page report (the app's frame
//! and every control are left off the print; sections do not break
//! across pages). Sections: summary, schedule (milestones planned against
//! forecast), critical path, top risks, budget and earned value, open
//! changes.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::report::StatusReport;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::delivery::{health_key, health_label};
use crate::api::projects::project_status_report;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::parse_id;
use crate::pages::placeholder::NotFound;
use crate::pages::sales::money;

#[component]
pub fn StatusReportPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| parse_id(&s))
            .unwrap_or(0)
    });
    let report = Resource::new(move || id.get(), project_status_report);
    view! {
        <section class="page dossier-page">
            <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <Title text=format!("{} — {}", r.project.name, i18n.t(T::StatusReport))/><Report r/> }.erase(),
                        Err(AppError::NotFound { .. }) => view! { <NotFound/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Suspense>
        </section>
    }
}

pub fn cr_label(s: cairn::domain::project::change_control::CrStatus) -> T {
    use cairn::domain::project::change_control::CrStatus;
    match s {
        CrStatus::Draft => T::CrDraft,
        CrStatus::Submitted => T::CrSubmitted,
        CrStatus::Approved => T::CrApproved,
        CrStatus::Rejected => T::CrRejected,
        CrStatus::Implemented => T::CrImplemented,
    }
}

fn day(d: Option<chrono::NaiveDate>) -> String {
    d.map_or_else(|| "—".to_owned(), |d| d.to_string())
}

/// Working minutes as days, for earned value weighed in time.
fn days(minutes: i64) -> String {
    format!("{:.1} d", minutes as f64 / 480.0)
}

#[component]
fn Report(r: StatusReport) -> impl IntoView {
    let i18n = use_i18n();
    let p = &r.project;
    let id = p.id;
    let d = &r.delivery;
    let print = move |_| {
        #[cfg(feature = "hydrate")]
        let _ = window().print();
    };
    let index = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"));
    let e = r.earned;
    view! {
        <div class="dossier__bar no-print">
            <A href=format!("/projects/{id}")>{i18n.t(T::BackToProject)}</A>
            <button type="button" class="btn btn--primary" data-testid="print" on:click=print>{i18n.t(T::Print)}</button>
        </div>
        <article class="dossier report" data-testid="status-report">
            <header class="dossier__head">
                <h1 data-testid="report-title">{p.name.clone()}</h1>
                <p class="dossier__meta">
                    <span class=format!("health health--{}", health_key(d.health)) data-testid="report-health">{i18n.t(health_label(d.health))}</span>
                    " "{i18n.t(T::StatusReport)}" · "{i18n.t(T::StatusDate)}" "<strong>{r.status_date.to_string()}</strong>
                </p>
            </header>
            <section class="dossier__section" data-testid="report-summary">
                <h2>{i18n.t(T::Summary)}</h2>
                <dl class="facts facts--two">
                    <dt>{i18n.t(T::Account)}</dt><dd>{p.account_name.clone().unwrap_or_else(|| "—".into())}</dd>
                    <dt>{i18n.t(T::Manager)}</dt><dd>{p.manager_name.clone()}</dd>
                    <dt>{i18n.t(T::Start)}</dt><dd>{p.start.to_string()}</dd>
                    <dt>{i18n.t(if d.go_live_is_milestone { T::ForecastGoLive } else { T::ForecastFinish })}</dt><dd>{day(d.go_live)}</dd>
                    <dt>{i18n.t(T::ForecastFinish)}</dt><dd>{day(p.finish)}</dd>
                    <dt>{i18n.t(T::PercentComplete)}</dt><dd>{format!("{} %", p.percent_complete)}</dd>
                </dl>
            </section>
            <section class="dossier__section" data-testid="report-schedule">
                <h2>{i18n.t(T::ReportSchedule)}</h2>
                <p class="small muted">{match &r.baseline {
                    Some(b) => format!("{}: {b}", i18n.t(T::ComparedWithBaseline)),
                    None => i18n.t(T::NoBaselineYet).to_owned(),
                }}</p>
                <table class="table">
                    <thead><tr><th>"#"</th><th>{i18n.t(T::Milestone)}</th><th>{i18n.t(T::Planned)}</th><th>{i18n.t(T::Forecast)}</th><th class="num">{i18n.t(T::VarianceDays)}</th></tr></thead>
                    <tbody>
                        {r.milestones.iter().map(|m| view! {
                            <tr class:is-done=m.done>
                                <td>{m.number.clone()}</td><td>{m.name.clone()}{m.done.then_some(" ✓")}</td>
                                <td>{day(m.planned)}</td><td>{m.forecast.to_string()}</td>
                                <td class="num">{m.variance_days.map_or_else(|| "—".to_owned(), |v| format!("{v:+}"))}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="dossier__section" data-testid="report-critical">
                <h2>{i18n.t(T::CriticalPath)}</h2>
                <table class="table">
                    <thead><tr><th>"#"</th><th>{i18n.t(T::TaskName)}</th><th>{i18n.t(T::Start)}</th><th>{i18n.t(T::Finish)}</th><th class="num">"%"</th></tr></thead>
                    <tbody>
                        {r.critical.iter().map(|t| view! {
                            <tr><td>{t.number.clone()}</td><td>{t.name.clone()}</td><td>{t.start.to_string()}</td><td>{t.finish.to_string()}</td><td class="num">{t.percent}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section class="dossier__section" data-testid="report-risks">
                <h2>{i18n.t(T::TopRisks)}</h2>
                {if r.risks.is_empty() {
                    view! { <p class="muted">{i18n.t(T::NothingHere)}</p> }.erase()
                } else {
                    view! {
                        <table class="table">
                            <thead><tr><th class="num">{i18n.t(T::RiskScore)}</th><th>{i18n.t(T::RiskTitle)}</th><th>{i18n.t(T::Owner)}</th><th class="num">"EMV"</th></tr></thead>
                            <tbody>
                                {r.risks.iter().map(|x| view! {
                                    <tr><td class="num">{x.score}</td><td>{x.title.clone()}</td><td>{x.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default()}</td><td class="num">{money(x.emv, &x.currency)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <p class="small">{i18n.t(T::ExposureTotal)}": "{r.exposure.iter().map(|(c, v)| money(*v, c)).collect::<Vec<_>>().join(" · ")}</p>
                    }.erase()
                }}
            </section>
            <section class="dossier__section" data-testid="report-evm">
                <h2>{i18n.t(T::BudgetAndEvm)}</h2>
                {match r.currency.clone() {
                    None => view! {
                        <p class="small muted">{i18n.t(T::EvmInTime)}</p>
                        <dl class="facts facts--two">
                            <dt>"BAC"</dt><dd>{days(e.bac)}</dd>
                            <dt>"PV"</dt><dd>{days(e.pv)}</dd>
                            <dt>"EV"</dt><dd>{days(e.ev)}</dd>
                            <dt>"SV"</dt><dd>{days(e.sv())}</dd>
                            <dt>"SPI"</dt><dd data-testid="report-spi">{index(e.spi())}</dd>
                            <dt>"CPI"</dt><dd>{index(e.cpi())}</dd>
                        </dl>
                    }.erase(),
                    Some(cur) => {
                        let m = |v: i64| money(v, &cur);
                        view! {
                            <dl class="facts facts--two" data-testid="report-evm-money">
                                <dt>"BAC"</dt><dd>{m(e.bac)}</dd>
                                <dt>"PV"</dt><dd>{m(e.pv)}</dd>
                                <dt>"EV"</dt><dd>{m(e.ev)}</dd>
                                <dt>"AC"</dt><dd>{m(e.ac)}</dd>
                                <dt>"SV"</dt><dd>{m(e.sv())}</dd>
                                <dt>"CV"</dt><dd>{m(e.cv())}</dd>
                                <dt>"SPI"</dt><dd data-testid="report-spi">{index(e.spi())}</dd>
                                <dt>"CPI"</dt><dd data-testid="report-cpi">{index(e.cpi())}</dd>
                                <dt>"EAC"</dt><dd>{m(e.eac())}</dd>
                                <dt>"VAC"</dt><dd>{m(e.vac())}</dd>
                            </dl>
                        }.erase()
                    }
                }}
            </section>
            <section class="dossier__section" data-testid="report-changes">
                <h2>{i18n.t(T::OpenChanges)}</h2>
                {if r.changes.is_empty() {
                    view! { <p class="muted">{i18n.t(T::NothingHere)}</p> }.erase()
                } else {
                    view! {
                        <table class="table">
                            <thead><tr><th>"#"</th><th>{i18n.t(T::ChangeTitle)}</th><th>{i18n.t(T::Status)}</th><th class="num">{i18n.t(T::ScheduleImpact)}</th><th class="num">{i18n.t(T::CostImpact)}</th></tr></thead>
                            <tbody>
                                {r.changes.iter().map(|c| view! {
                                    <tr><td>{format!("CR-{}", c.number)}</td><td>{c.input.title.clone()}</td><td>{i18n.t(cr_label(c.status))}</td>
                                        <td class="num">{format!("{:+}", c.input.schedule_days)}</td><td class="num">{money(c.input.cost_impact, &c.input.currency)}</td></tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.erase()
                }}
            </section>
        </article>
    }
}
