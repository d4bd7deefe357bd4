//! Service › Reports: tiles (opened, resolved, backlog, SLA attainment,
//! mean times, satisfaction), tickets per period by type with the backlog
//! as a line, and the ratings — each chart with a table of the same
//! numbers. The range is a GET form, so it lives in the URL. Definitions:
//! `cairn::domain::service::report`.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::sales::chart::{Axis, bands, max_of, percent};
use cairn::domain::service::TicketKind;
use cairn::domain::service::report::{Bucket, ServiceReport, ServiceReportQuery};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::{ServiceTabs, kind_label, span};
use crate::api::service::load_service_report;
use crate::components::error_banner::ErrorBanner;
use crate::components::kpi_tiles::{KpiTiles, Tile};
use crate::i18n::{T, use_i18n};
use crate::pages::placeholder::AccessDenied;

/// The range in the URL (`from`, `to`, `bucket`); what is missing the
/// server fills in.
fn query_of(
    from: Option<String>,
    to: Option<String>,
    bucket: Option<String>,
) -> (Option<NaiveDate>, Option<NaiveDate>, Option<Bucket>) {
    let day = |s: Option<String>| s.and_then(|s| NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok());
    (
        day(from),
        day(to),
        bucket.as_deref().and_then(Bucket::parse),
    )
}

#[component]
pub fn ServiceReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query =
        Memo::new(move |_| params.with(|p| query_of(p.get("from"), p.get("to"), p.get("bucket"))));
    let report = Resource::new(
        move || query.get(),
        |(from, to, bucket)| load_service_report(from, to, bucket),
    );
    view! {
        <Title text=i18n.t(T::ServiceReports)/>
        <section class="page forecast">
            <header class="page__header">
                <div>
                    <h1 class="page__title">{i18n.t(T::ServiceReports)}</h1>
                    <p class="muted">{i18n.t(T::ServiceReportsIntro)}</p>
                </div>
            </header>
            <ServiceTabs active="reports"/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! {
                            <RangeForm q=r.query/>
                            <Tiles r=r.clone()/>
                            <div class="chart-grid">
                                <Periods r=r.clone()/>
                                <Ratings r/>
                            </div>
                        }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The range as the report used it (defaults filled in), to change.
#[component]
fn RangeForm(q: ServiceReportQuery) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Form method="GET" action="/service/reports" attr:class="filters">
            <label class="small">{i18n.t(T::RangeFrom)}" "
                <input class="input input--sm" type="date" name="from" value=q.from.to_string()/></label>
            <label class="small">{i18n.t(T::RangeTo)}" "
                <input class="input input--sm" type="date" name="to" value=q.to.to_string()/></label>
            <select class="input input--sm" name="bucket" aria-label=i18n.t(T::GroupBy)>
                <option value="month" selected=q.bucket == Bucket::Month>{i18n.t(T::ByMonth)}</option>
                <option value="week" selected=q.bucket == Bucket::Week>{i18n.t(T::ByWeek)}</option>
            </select>
            <button type="submit" class="btn btn--sm" data-testid="apply-range">{i18n.t(T::Apply)}</button>
        </Form>
    }
}

#[component]
fn Tiles(r: ServiceReport) -> impl IntoView {
    let i18n = use_i18n();
    let dash = || "—".to_owned();
    let pct = |ratio: Option<f64>| percent(ratio.map(|x| x * 100.0));
    let decided = |met: u32, missed: u32| {
        i18n.t(T::SlaDecided)
            .replace("{met}", &met.to_string())
            .replace("{n}", &(met + missed).to_string())
    };
    let rated: u32 = r.ratings.iter().sum();
    let tiles: Vec<Tile> = vec![
        (
            "opened",
            T::KpiOpened,
            r.opened_total().to_string(),
            i18n.t(T::KpiInRange).to_owned(),
        ),
        (
            "resolved",
            T::KpiResolved,
            r.resolved.to_string(),
            i18n.t(T::KpiInRange).to_owned(),
        ),
        (
            "backlog",
            T::KpiBacklog,
            r.backlog.to_string(),
            i18n.t(T::KpiOpenAtEnd).to_owned(),
        ),
        (
            "response-sla",
            T::KpiResponseSla,
            pct(r.response.ratio()),
            decided(r.response.met, r.response.missed),
        ),
        (
            "resolution-sla",
            T::KpiResolutionSla,
            pct(r.resolution.ratio()),
            decided(r.resolution.met, r.resolution.missed),
        ),
        (
            "mean-response",
            T::KpiMeanResponse,
            r.mean_response_minutes
                .map(|m| span(i18n, m))
                .unwrap_or_else(dash),
            i18n.t(T::WorkingTime).to_owned(),
        ),
        (
            "mean-resolve",
            T::KpiMeanResolve,
            r.mean_resolve_minutes
                .map(|m| span(i18n, m))
                .unwrap_or_else(dash),
            i18n.t(T::WorkingTime).to_owned(),
        ),
        (
            "satisfaction",
            T::Satisfaction,
            r.satisfaction()
                .map(|s| format!("{s:.1} / 5"))
                .unwrap_or_else(dash),
            i18n.t(T::RatingsCount).replace("{n}", &rated.to_string()),
        ),
    ];
    view! { <KpiTiles tiles testid="service-kpis"/> }
}

// The period chart's frame, in SVG user units.
const PW: f64 = 620.0;
const PH: f64 = 300.0;
const PL: f64 = 44.0;
const PR: f64 = 16.0;
const PT: f64 = 12.0;
const PB: f64 = 40.0;

fn period_label(start: NaiveDate, bucket: Bucket) -> String {
    match bucket {
        Bucket::Month => start.format("%Y-%m").to_string(),
        Bucket::Week => start.format("%m-%d").to_string(),
    }
}

/// Opened per period, stacked by type, with the backlog at each period's
/// end as a line on the same scale.
#[component]
fn Periods(r: ServiceReport) -> impl IntoView {
    let i18n = use_i18n();
    let bucket = r.query.bucket;
    let periods = r.periods.clone();
    let axis = Axis::nice(
        max_of(
            periods
                .iter()
                .flat_map(|p| [i64::from(p.opened_total()), i64::from(p.backlog)]),
        ),
        5,
    );
    let (w, h) = (PW - PL - PR, PH - PT - PB);
    let y = move |v: i64| PT + h - axis.scale(v, h);
    let slots = bands(periods.len(), w, 0.3);
    let grid = axis
        .ticks()
        .into_iter()
        .map(|t| {
            let ty = y(t);
            view! {
                <line class="chart__grid" x1=PL x2=PL + w y1=ty y2=ty/>
                <text class="chart__tick" x=PL - 6.0 y=ty + 4.0 text-anchor="end">{t.to_string()}</text>
            }
        })
        .collect_view();
    // Every label fits when there are few periods; else every n-th.
    let every = periods.len().div_ceil(12).max(1);
    let bars = periods
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(i, (p, slot))| {
            let mut base = 0i64;
            let rects = TicketKind::ALL
                .iter()
                .zip(p.opened)
                .map(|(k, n)| {
                    let (lo, hi) = (base, base + i64::from(n));
                    base = hi;
                    view! {
                        <rect class=format!("chart__bar chart__bar--{}", k.as_str()) x=PL + slot.start y=y(hi) width=slot.width height=(y(lo) - y(hi)).max(0.0)/>
                    }
                })
                .collect_view();
            let label = (i % every == 0).then(|| view! {
                <text class="chart__tick" x=PL + slot.middle() y=PT + h + 16.0 text-anchor="middle">{period_label(p.start, bucket)}</text>
            });
            view! { <g data-period=p.start.to_string()>{rects}{label}</g> }
        })
        .collect_view();
    let line = slots
        .iter()
        .zip(&periods)
        .map(|(s, p)| format!("{:.1},{:.1}", PL + s.middle(), y(i64::from(p.backlog))))
        .collect::<Vec<_>>()
        .join(" ");
    let rows = periods
        .iter()
        .map(|p| {
            view! {
                <tr data-period=p.start.to_string()>
                    <th scope="row">{format!("{} – {}", p.start, p.end)}</th>
                    {p.opened.iter().map(|n| view! { <td class="num">{*n}</td> }).collect_view()}
                    <td class="num" data-col="opened">{p.opened_total()}</td>
                    <td class="num" data-col="resolved">{p.resolved}</td>
                    <td class="num" data-col="backlog">{p.backlog}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel chart-panel" aria-labelledby="chart-periods-title">
            <h2 id="chart-periods-title" class="panel__title">{i18n.t(T::ChartTicketsByPeriod)}</h2>
            <div class="chart-legend" aria-hidden="true">
                {TicketKind::ALL.map(|k| view! {
                    <span class="chart-legend__item"><span class=format!("chart-legend__swatch chart-legend__swatch--{}", k.as_str())></span>{i18n.t(kind_label(k))}</span>
                }).collect_view()}
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--line"></span>{i18n.t(T::KpiBacklog)}</span>
            </div>
            <div class="chart-scroll">
                <svg class="chart" viewBox=format!("0 0 {PW} {PH}") role="img" aria-label=format!("{} — {}", i18n.t(T::ChartTicketsByPeriod), i18n.t(T::ChartSeeTable)) data-testid="periods-chart">
                    {grid}
                    <line class="chart__axis" x1=PL x2=PL + w y1=PT + h y2=PT + h/>
                    {bars}
                    <polyline class="chart__line" points=line/>
                </svg>
            </div>
            // Focusable, so a keyboard can scroll the table when it is wider
            // than the panel (it holds nothing else to focus).
            <div class="table-wrap table-wrap--flat" tabindex="0" role="region" aria-label=i18n.t(T::ChartTicketsByPeriod)>
                <table class="table table--numbers" data-testid="periods-table">
                    <caption class="sr-only">{i18n.t(T::ChartTicketsByPeriod)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(T::Period)}</th>
                            {TicketKind::ALL.map(|k| view! { <th scope="col" class="num">{i18n.t(kind_label(k))}</th> }).collect_view()}
                            <th scope="col" class="num">{i18n.t(T::KpiOpened)}</th>
                            <th scope="col" class="num">{i18n.t(T::KpiResolved)}</th>
                            <th scope="col" class="num">{i18n.t(T::KpiBacklog)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// How many of each rating, as horizontal bars.
#[component]
fn Ratings(r: ServiceReport) -> impl IntoView {
    let i18n = use_i18n();
    const RW: f64 = 420.0;
    const RL: f64 = 70.0;
    const ROW: f64 = 30.0;
    let axis = Axis::nice(max_of(r.ratings.iter().map(|n| i64::from(*n))), 4);
    let w = RW - RL - 40.0;
    let bars = (1u8..=5)
        .rev()
        .enumerate()
        .map(|(i, score)| {
            let n = r.ratings[usize::from(score - 1)];
            let y = 8.0 + i as f64 * ROW;
            let len = axis.scale(i64::from(n), w);
            view! {
                <g data-score=score>
                    <text class="chart__label" x=RL - 8.0 y=y + 17.0 text-anchor="end">{"★".repeat(usize::from(score))}</text>
                    <rect class="chart__bar chart__bar--won" x=RL y=y + 4.0 width=len height=ROW - 10.0/>
                    <text class="chart__pct" x=RL + len + 6.0 y=y + 17.0>{n.to_string()}</text>
                </g>
            }
        })
        .collect_view();
    let rows = (1u8..=5)
        .rev()
        .map(|score| {
            view! {
                <tr data-score=score>
                    <th scope="row">{score}</th>
                    <td class="num">{r.ratings[usize::from(score - 1)]}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel chart-panel" aria-labelledby="chart-ratings-title">
            <h2 id="chart-ratings-title" class="panel__title">{i18n.t(T::Satisfaction)}</h2>
            <svg class="chart" viewBox=format!("0 0 {RW} {}", 16.0 + 5.0 * ROW) role="img" aria-label=format!("{} — {}", i18n.t(T::Satisfaction), i18n.t(T::ChartSeeTable)) data-testid="ratings-chart">
                {bars}
            </svg>
            <div class="table-wrap table-wrap--flat" tabindex="0" role="region" aria-label=i18n.t(T::Satisfaction)>
                <table class="table table--numbers" data-testid="ratings-table">
                    <caption class="sr-only">{i18n.t(T::Satisfaction)}</caption>
                    <thead><tr><th scope="col">{i18n.t(T::Rating)}</th><th scope="col" class="num">{i18n.t(T::Tickets)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
