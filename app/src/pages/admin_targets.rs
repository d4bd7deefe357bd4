//! Admin › Targets: what the home dashboard's tiles are compared with —
//! revenue per quarter for the organisation and per team (in one
//! currency), win rate, pipeline coverage, SLA attainment, satisfaction
//! and the projects at risk allowed. Empty fields are "no target".

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::dashboard::{Targets, TeamTarget};
use cairn::domain::sales::money::{format_amount, parse_amount};
use cairn::domain::user::TeamView;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::dashboard::{SaveTargets, get_targets};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;
use crate::pages::customers::grading::AdminTabs;
use crate::pages::placeholder::AccessDenied;

#[component]
pub fn TargetsPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveTargets>::new();
    // Blocking: a refusal is the page's HTTP status (403).
    let targets = Resource::new_blocking(move || save.version().get(), |_| get_targets());
    view! {
        <Title text=i18n.t(T::Targets)/>
        <section class="page page--narrow">
            <h1 class="page__title">{i18n.t(T::Targets)}</h1>
            <p class="muted">{i18n.t(T::TargetsIntro)}</p>
            <AdminTabs active="targets"/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match targets.await {
                        Ok((t, version, teams)) => view! { <TargetsForm targets=t version teams save/> }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// A whole number field: empty is `None`.
fn whole<N: std::str::FromStr>(field: &str, text: &str) -> Result<Option<N>, AppError> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse()
        .map(Some)
        .map_err(|_| AppError::invalid(field, "is not a whole number"))
}

/// "3.5" → 35 (tenths); empty is `None`.
fn tenths<N: TryFrom<i64>>(field: &str, text: &str) -> Result<Option<N>, AppError> {
    let t = text.trim().replace(',', ".");
    if t.is_empty() {
        return Ok(None);
    }
    let v: f64 = t
        .parse()
        .map_err(|_| AppError::invalid(field, "is not a number"))?;
    if !v.is_finite() || !(0.0..=1_000.0).contains(&v) {
        return Err(AppError::invalid(field, "is out of range"));
    }
    N::try_from((v * 10.0).round() as i64)
        .map(Some)
        .map_err(|_| AppError::invalid(field, "is out of range"))
}

fn tenths_text<N: Into<i64>>(v: Option<N>) -> String {
    v.map(|n| format!("{:.1}", n.into() as f64 / 10.0))
        .unwrap_or_default()
}

fn amount(field: &str, text: &str, currency: &str) -> Result<Option<i64>, AppError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_amount(field, text, currency).map(Some)
    }
}

#[component]
fn TargetsForm(
    targets: Targets,
    version: i64,
    teams: Vec<TeamView>,
    save: ServerAction<SaveTargets>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = targets;
    let money = |v: Option<i64>| {
        v.map(|m| format_amount(m, &t.currency).replace(',', ""))
            .unwrap_or_default()
    };
    let currency = RwSignal::new(t.currency.clone());
    let revenue = RwSignal::new(money(t.revenue));
    let team_rows: Vec<(TeamView, RwSignal<String>)> = teams
        .into_iter()
        .map(|team| {
            let v = t.revenue_for(Some(team.id));
            (team, RwSignal::new(money(v)))
        })
        .collect();
    let win = RwSignal::new(t.win_rate_pct.map(|v| v.to_string()).unwrap_or_default());
    let coverage = RwSignal::new(tenths_text(t.coverage_tenths));
    let sla = RwSignal::new(
        t.sla_attainment_pct
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    let happy = RwSignal::new(tenths_text(t.satisfaction_tenths));
    let risk = RwSignal::new(
        t.projects_at_risk
            .map(|v| v.to_string())
            .unwrap_or_default(),
    );
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let read = team_rows.clone();
    let collect = move || -> Result<Targets, AppError> {
        let cur = currency.get_untracked().trim().to_ascii_uppercase();
        let mut team_revenue = Vec::new();
        for (team, v) in &read {
            if let Some(revenue) = amount("team_revenue", &v.get_untracked(), &cur)? {
                team_revenue.push(TeamTarget {
                    team_id: team.id,
                    revenue,
                });
            }
        }
        Targets {
            revenue: amount("revenue", &revenue.get_untracked(), &cur)?,
            team_revenue,
            win_rate_pct: whole("win_rate_pct", &win.get_untracked())?,
            coverage_tenths: tenths("coverage_tenths", &coverage.get_untracked())?,
            sla_attainment_pct: whole("sla_attainment_pct", &sla.get_untracked())?,
            satisfaction_tenths: tenths("satisfaction_tenths", &happy.get_untracked())?,
            projects_at_risk: whole("projects_at_risk", &risk.get_untracked())?,
            currency: cur,
        }
        .validated()
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match collect() {
            Ok(targets) => {
                local_error.set(None);
                save.dispatch(SaveTargets { targets, version });
            }
            Err(e) => local_error.set(Some(e)),
        }
    };
    let field = move |label: T, name: &'static str, value: RwSignal<String>, hint: T| {
        view! {
            <label class="field">
                <span class="field__label">{i18n.t(label)}</span>
                <input class="input" name=name inputmode="decimal" bind:value=value/>
                <span class="field__hint">{i18n.t(hint)}</span>
                {field_error(error, name)}
            </label>
        }
    };
    view! {
        <form class="form panel" on:submit=on_submit data-testid="targets-form" novalidate>
            <h2 class="panel__title">{i18n.t(T::RevenueTargets)}</h2>
            <div class="form form--grid">
                <label class="field">
                    <span class="field__label">{i18n.t(T::CurrencyLabel)}</span>
                    <input class="input" name="currency" maxlength="3" bind:value=currency/>
                    {field_error(error, "currency")}
                </label>
                {field(T::RevenueCompany, "revenue", revenue, T::RevenueCompanyHint)}
            </div>
            {(!team_rows.is_empty()).then(|| view! {
                <table class="table table--numbers" data-testid="team-targets">
                    <thead><tr><th scope="col">{i18n.t(T::Team)}</th><th scope="col">{i18n.t(T::RevenuePerQuarter)}</th></tr></thead>
                    <tbody>
                        {team_rows.into_iter().map(|(team, v)| view! {
                            <tr data-team=team.id>
                                <th scope="row">{team.name.clone()}</th>
                                <td><input class="input input--sm" name=format!("team-{}", team.id) inputmode="decimal"
                                    aria-label=format!("{} · {}", team.name, i18n.t(T::RevenuePerQuarter)) bind:value=v/></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
            {field_error(error, "team_revenue")}
            <h2 class="panel__title">{i18n.t(T::OtherTargets)}</h2>
            <div class="form form--grid">
                {field(T::KpiWinRate, "win_rate_pct", win, T::PercentHint)}
                {field(T::KpiCoverage, "coverage_tenths", coverage, T::CoverageHint)}
                {field(T::KpiSla, "sla_attainment_pct", sla, T::PercentHint)}
                {field(T::KpiSatisfaction, "satisfaction_tenths", happy, T::SatisfactionHint)}
                {field(T::KpiProjectsAtRisk, "projects_at_risk", risk, T::AtMostHint)}
            </div>
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" data-testid="save-targets" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
                {move || match (local_error.get(), save.value().get()) {
                    (None, Some(Ok(_))) => view! { <OkBanner text=i18n.t(T::TargetsSaved)/> }.erase(),
                    (None, Some(Err(error))) if !matches!(error, AppError::Validation { .. }) => view! { <ErrorBanner error/> }.erase(),
                    _ => ().erase(),
                }}
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forms_numbers_read_back() {
        assert_eq!(tenths::<u16>("c", "3.5").ok(), Some(Some(35)));
        assert_eq!(tenths::<u8>("s", "4,2").ok(), Some(Some(42)));
        assert_eq!(tenths::<u8>("s", " ").ok(), Some(None));
        assert!(tenths::<u8>("s", "abc").is_err());
        assert!(tenths::<u8>("s", "300").is_err(), "3000 tenths is no u8");
        assert_eq!(whole::<u8>("w", "60").ok(), Some(Some(60)));
        assert!(whole::<u8>("w", "6.5").is_err());
        assert_eq!(tenths_text(Some(35u16)), "3.5");
        assert_eq!(
            amount("r", "1,000,000", "CNY").ok(),
            Some(Some(100_000_000))
        );
    }
}
