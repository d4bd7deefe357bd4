//! The S-curve: cumulative planned value over the whole plan, earned
//! value and actual cost up to the status date, with a line at the
//! status date. A table of the same points follows for screen readers
//! and for reading exact figures.

use crate::erased::Erase;
use cairn::domain::project::costs::CurvePoint;
use cairn::domain::sales::chart::{Axis, max_of};
use cairn::domain::sales::money::{format_amount, format_compact};
use chrono::NaiveDate;
use leptos::prelude::*;

use crate::i18n::{T, use_i18n};

const W: f64 = 980.0;
const H: f64 = 300.0;
const L: f64 = 76.0;
const R: f64 = 24.0;
const TOP: f64 = 16.0;
const B: f64 = 40.0;

/// `points` as an SVG polyline, skipping the days a series has no value.
fn line(
    points: &[CurvePoint],
    x: impl Fn(NaiveDate) -> f64,
    y: impl Fn(i64) -> f64,
    v: impl Fn(&CurvePoint) -> Option<i64>,
) -> String {
    points
        .iter()
        .filter_map(|p| v(p).map(|value| format!("{:.1},{:.1}", x(p.day), y(value))))
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
pub fn SCurve(points: Vec<CurvePoint>, status: NaiveDate, currency: String) -> impl IntoView {
    let i18n = use_i18n();
    if points.len() < 2 {
        return view! { <p class="muted" data-testid="s-curve-empty">{i18n.t(T::CurveEmpty)}</p> }
            .erase();
    }
    let first = points[0].day;
    let last = points[points.len() - 1].day;
    let span = (last - first).num_days().max(1) as f64;
    let axis = Axis::nice(
        max_of(
            points
                .iter()
                .flat_map(|p| [Some(p.pv), p.ev, p.ac])
                .flatten(),
        ),
        5,
    );
    let (w, h) = (W - L - R, H - TOP - B);
    let x = move |d: NaiveDate| L + (d - first).num_days() as f64 / span * w;
    let y = move |v: i64| TOP + h - axis.scale(v, h);
    let grid = axis
        .ticks()
        .into_iter()
        .map(|t| {
            let ty = y(t);
            view! {
                <line class="chart__grid" x1=L x2=L + w y1=ty y2=ty/>
                <text class="chart__tick" x=L - 8.0 y=ty + 4.0 text-anchor="end">{format_compact(t, &currency)}</text>
            }
        })
        .collect_view();
    let pv = line(&points, x, y, |p| Some(p.pv));
    let ev = line(&points, x, y, |p| p.ev);
    let ac = line(&points, x, y, |p| p.ac);
    let sx = x(status.clamp(first, last));
    let rows = points
        .iter()
        .map(|p| {
            let opt =
                |v: Option<i64>| v.map_or_else(|| "—".to_owned(), |v| format_amount(v, &currency));
            view! {
                <tr data-day=p.day.to_string()>
                    <th scope="row">{p.day.to_string()}</th>
                    <td class="num" data-col="pv">{format_amount(p.pv, &currency)}</td>
                    <td class="num" data-col="ev">{opt(p.ev)}</td>
                    <td class="num" data-col="ac">{opt(p.ac)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel chart-panel" aria-labelledby="s-curve-title">
            <h2 id="s-curve-title" class="panel__title">{format!("{} ({})", i18n.t(T::SCurve), currency)}</h2>
            <div class="chart-legend" aria-hidden="true">
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--pv"></span>{i18n.t(T::PlannedValue)}</span>
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--ev"></span>{i18n.t(T::EarnedValue)}</span>
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--ac"></span>{i18n.t(T::ActualCostAc)}</span>
            </div>
            <div class="chart-scroll">
                <svg class="chart" viewBox=format!("0 0 {W} {H}") role="img" data-testid="s-curve"
                    aria-label=format!("{} — {}", i18n.t(T::SCurve), i18n.t(T::ChartSeeTable))>
                    {grid}
                    <line class="chart__axis" x1=L x2=L + w y1=TOP + h y2=TOP + h/>
                    <line class="chart__status" x1=sx x2=sx y1=TOP y2=TOP + h/>
                    <text class="chart__tick" x=sx y=TOP + h + 30.0 text-anchor="middle">{format!("{} {}", i18n.t(T::StatusDate), status)}</text>
                    <text class="chart__tick" x=L y=TOP + h + 16.0 text-anchor="start">{first.to_string()}</text>
                    <text class="chart__tick" x=L + w y=TOP + h + 16.0 text-anchor="end">{last.to_string()}</text>
                    <polyline class="chart__curve chart__curve--pv" points=pv data-series="pv"/>
                    <polyline class="chart__curve chart__curve--ev" points=ev data-series="ev"/>
                    <polyline class="chart__curve chart__curve--ac" points=ac data-series="ac"/>
                </svg>
            </div>
            <details class="small">
                <summary>{i18n.t(T::CurveTable)}</summary>
                <div class="table-wrap table-wrap--flat">
                    <table class="table table--numbers" data-testid="s-curve-table">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(T::CostDay)}</th>
                                <th scope="col" class="num">"PV"</th>
                                <th scope="col" class="num">"EV"</th>
                                <th scope="col" class="num">"AC"</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </details>
        </section>
    }
    .erase()
}
