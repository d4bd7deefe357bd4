//! The forecast's cash curve (回款): by month from this one, the payments
//! won deals expect at their delivery milestones' forecast dates beside
//! the open pipeline weighted at its close dates — one curve for finance,
//! with a table of the same numbers (and the running total). Geometry from
//! `cairn::domain::sales::chart`, numbers from `domain::sales::cash`.

use cairn::domain::sales::chart::{Axis, bands, max_of, running_total};
use cairn::domain::sales::forecast::ForecastReport;
use cairn::domain::sales::money::{format_amount, format_compact};
use chrono::Datelike;
use leptos::prelude::*;

use super::forecast::{MB, MH, ML, MR, MT, MW, month_long, month_short};
use crate::i18n::{T, use_i18n};

#[component]
pub fn CashChart(r: ForecastReport) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let cur = r.currency.clone();
    let months = r.cash.clone();
    let totals: Vec<i64> = months
        .iter()
        .map(|m| m.contracted + m.weighted_pipeline)
        .collect();
    let cumulative = running_total(&totals);
    let left = Axis::nice(max_of(totals.iter().copied()), 5);
    let (w, h) = (MW - ML - MR, MH - MT - MB);
    let y = move |axis: &Axis, v: i64| MT + h - axis.scale(v, h);
    let slots = bands(months.len(), w, 0.3);
    let grid = left
        .ticks()
        .into_iter()
        .map(|t| {
            let ty = y(&left, t);
            view! {
                <line class="chart__grid" x1=ML x2=ML + w y1=ty y2=ty/>
                <text class="chart__tick" x=ML - 8.0 y=ty + 4.0 text-anchor="end">{format_compact(t, &cur)}</text>
            }
        })
        .collect_view();
    // Stacked: the contracted payments at the bottom, the weighted
    // pipeline on top.
    let bars = months
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(i, (m, slot))| {
            let base = y(&left, m.contracted);
            let top = y(&left, m.contracted + m.weighted_pipeline);
            let x = ML + slot.middle();
            let year = (i == 0 || m.month.month() == 1).then(|| {
                view! { <text class="chart__tick chart__tick--year" x=x y=MT + h + 32.0 text-anchor="middle">{m.month.year().to_string()}</text> }
            });
            view! {
                <g data-month=m.month.format("%Y-%m").to_string()>
                    <rect class="chart__bar chart__bar--contracted" x=ML + slot.start y=base width=slot.width height=(MT + h - base).max(0.0)/>
                    <rect class="chart__bar chart__bar--pipeline" x=ML + slot.start y=top width=slot.width height=(base - top).max(0.0)/>
                    <text class="chart__tick" x=x y=MT + h + 16.0 text-anchor="middle">{month_short(m.month, lang)}</text>
                    {year}
                </g>
            }
        })
        .collect_view();
    let rows = months
        .iter()
        .zip(&cumulative)
        .map(|(m, c)| {
            view! {
                <tr data-month=m.month.format("%Y-%m").to_string()>
                    <th scope="row">{month_long(m.month, lang)}</th>
                    <td class="num" data-col="contracted">{format_amount(m.contracted, &cur)}</td>
                    <td class="num" data-col="pipeline">{format_amount(m.weighted_pipeline, &cur)}</td>
                    <td class="num" data-col="cumulative">{format_amount(*c, &cur)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel chart-panel" aria-labelledby="chart-cash-title" data-testid="cash-panel">
            <h2 id="chart-cash-title" class="panel__title">{format!("{} ({})", i18n.t(T::ExpectedCash), r.currency)}</h2>
            <p class="muted small">{i18n.t(T::ExpectedCashIntro)}</p>
            <div class="chart-legend" aria-hidden="true">
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--contracted"></span>{i18n.t(T::CashContracted)}</span>
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--pipeline"></span>{i18n.t(T::CashPipeline)}</span>
            </div>
            <div class="chart-scroll">
            <svg class="chart chart--months" viewBox=format!("0 0 {MW} {MH}") role="img" aria-label=format!("{} — {}", i18n.t(T::ExpectedCash), i18n.t(T::ChartSeeTable)) data-testid="cash-chart">
                {grid}
                <line class="chart__axis" x1=ML x2=ML + w y1=MT + h y2=MT + h/>
                {bars}
                <text class="chart__axis-label" transform=format!("translate(14 {}) rotate(-90)", MT + h / 2.0) text-anchor="middle">{format!("{} ({})", i18n.t(T::ColAmount), r.currency)}</text>
            </svg>
            </div>
            <div class="table-wrap table-wrap--flat">
                <table class="table table--numbers" data-testid="cash-table">
                    <caption class="sr-only">{i18n.t(T::ExpectedCash)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(T::ColMonth)}</th>
                            <th scope="col" class="num">{i18n.t(T::CashContracted)}</th>
                            <th scope="col" class="num">{i18n.t(T::CashPipeline)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColCumulative)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
