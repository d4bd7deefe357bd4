//! The home dashboard's KPI tiles: each figure against its target (with
//! a bar and a met / behind badge), what it is measured on, and a link
//! to the report it comes from. Which tiles a reader gets is the
//! server's decision (the modules they may read).

use crate::erased::Erase;
use cairn::domain::dashboard::{Kpi, Measure, Standing, Tile};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::dashboard::load_dashboard;
use crate::i18n::{T, use_i18n};
use crate::pages::sales::money;

fn label(k: Kpi) -> T {
    match k {
        Kpi::Revenue => T::KpiRevenue,
        Kpi::WinRate => T::KpiWinRate,
        Kpi::Coverage => T::KpiCoverage,
        Kpi::SlaAttainment => T::KpiSla,
        Kpi::Satisfaction => T::KpiSatisfaction,
        Kpi::ProjectsAtRisk => T::KpiProjectsAtRisk,
    }
}

/// What the figure is measured on ("from 5 closed deals").
fn basis(k: Kpi) -> Option<T> {
    match k {
        Kpi::Revenue => Some(T::BasisWonDeals),
        Kpi::WinRate => Some(T::BasisClosedDeals),
        Kpi::SlaAttainment => Some(T::BasisClocks),
        Kpi::Satisfaction => Some(T::BasisRatings),
        Kpi::ProjectsAtRisk => Some(T::BasisActiveProjects),
        Kpi::Coverage => None,
    }
}

pub fn measure(m: &Measure) -> String {
    match m {
        Measure::Money { amount, currency } => money(*amount, currency),
        Measure::Percent(p) => format!("{p:.0} %"),
        Measure::Times(x) => format!("{x:.1}×"),
        Measure::Rating(r) => format!("{r:.1} / 5"),
        Measure::Count(n) => n.to_string(),
    }
}

fn standing(s: Standing) -> (T, &'static str) {
    match s {
        Standing::Met => (T::TargetMet, "met"),
        Standing::Behind => (T::TargetBehind, "behind"),
        Standing::NoTarget => (T::NoTargetSet, "none"),
        Standing::NoData => (T::NoDataYet, "no-data"),
    }
}

#[component]
pub fn DashboardTiles() -> impl IntoView {
    let i18n = use_i18n();
    // After mount: the home page hydrates without waiting for the figures.
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    let data = LocalResource::new(load_dashboard);
    view! {
        <section class="dashboard" aria-labelledby="dashboard-title">
            <h2 class="section__title" id="dashboard-title">{i18n.t(T::YourNumbers)}</h2>
            {move || mounted.get().then(|| view! {
                <Suspense fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(d) if d.tiles.is_empty() => ().erase(),
                            Ok(d) => view! {
                                <p class="small muted" data-testid="dashboard-quarter">
                                    {i18n.t(T::ThisQuarter)}" "{d.quarter.0.to_string()}" – "{d.quarter.1.to_string()}
                                </p>
                                <ul class="kpis" role="list" data-testid="dashboard">
                                    {d.tiles.into_iter().map(|t| view! { <KpiTile t/> }).collect_view()}
                                </ul>
                            }.erase(),
                            Err(error) => view! { <crate::components::error_banner::ErrorBanner error/> }.erase(),
                        }
                    })}
                </Suspense>
            })}
        </section>
    }
}

#[component]
fn KpiTile(t: Tile) -> impl IntoView {
    let i18n = use_i18n();
    let (badge, state) = standing(t.standing);
    let value = t.value.as_ref().map(measure).unwrap_or_else(|| "—".into());
    let title = i18n.t(label(t.kpi));
    view! {
        <li class="kpi kpi--target" data-kpi=t.kpi.as_str() data-standing=state data-testid="kpi-tile">
            <A href=t.href.clone() attr:class="kpi__link">
                <span class="kpi__label">{title}</span>
                <span class="kpi__value" data-testid="kpi-value">{value}</span>
                {t.target.as_ref().map(|target| view! {
                    <span class="kpi__hint" data-testid="kpi-target">{i18n.t(T::TargetLabel)}" "{measure(target)}</span>
                })}
                {t.progress_pct.map(|p| view! {
                    <span class="kpi__bar" role="img" aria-label=format!("{p} %")>
                        <span class="kpi__fill" style=format!("width: {p}%")></span>
                    </span>
                })}
                <span class="kpi__foot">
                    <span class="badge kpi__badge" data-testid="kpi-standing">{i18n.t(badge)}</span>
                    {t.basis.zip(basis(t.kpi)).map(|(n, what)| view! {
                        <span class="kpi__hint">{i18n.t(what).replace("{n}", &n.to_string())}</span>
                    })}
                </span>
            </A>
        </li>
    }
}
