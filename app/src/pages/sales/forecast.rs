//! Sales › Forecast: KPI tiles, the month, cash (`cash_chart`), owner, stage and funnel charts
//! (SVG drawn here, geometry from `cairn::domain::sales::chart`), each with
//! a table of the same numbers, and the CSV export. Filters are a GET form,
//! so they live in the URL like the customer lists'.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::Language;
use cairn::domain::sales::chart::{Axis, bands, max_of, percent, running_total};
use cairn::domain::sales::forecast::{
    BEST_CASE_MIN, COMMIT_MIN, ForecastQuery, ForecastReport, GroupRow,
};
use cairn::domain::sales::money::{format_amount, format_compact};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use crate::api::sales::sales_forecast;
use crate::components::error_banner::ErrorBanner;
use crate::components::kpi_tiles::{KpiTiles, Tile};
use crate::i18n::{I18n, T, use_i18n};
use crate::pages::placeholder::AccessDenied;

/// The forecast's filters in the current URL.
pub fn use_forecast_query() -> Memo<ForecastQuery> {
    let params = use_query_map();
    Memo::new(move |_| {
        let map = params.get();
        let pairs: Vec<(String, String)> =
            map.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
        ForecastQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    })
}

#[component]
pub fn ForecastPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_forecast_query();
    let report = Resource::new(move || query.get(), sales_forecast);
    view! {
        <Title text=i18n.t(T::ForecastTitle)/>
        <section class="page forecast">
            <header class="page__header">
                <div>
                    <h1 class="page__title">{i18n.t(T::ForecastTitle)}</h1>
                    <p class="muted forecast__definitions">
                        {i18n
                            .t(T::ForecastDefinitions)
                            .replace("{commit}", &COMMIT_MIN.to_string())
                            .replace("{best}", &BEST_CASE_MIN.to_string())}
                    </p>
                </div>
            </header>
            <super::SalesTabs active="forecast" query=Signal::stored(String::new())/>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match report.await {
                        Ok(r) => view! { <Report r query=query.get_untracked()/> }.erase(),
                        Err(AppError::Forbidden) => view! { <AccessDenied/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Report(r: ForecastReport, query: ForecastQuery) -> impl IntoView {
    let r = StoredValue::new(r);
    view! {
        <Filters r=r.get_value() query/>
        <Kpis r=r.get_value()/>
        <MonthChart r=r.get_value()/>
        <super::cash_chart::CashChart r=r.get_value()/>
        <div class="chart-grid">
            <GroupChart r=r.get_value() by_owner=true/>
            <GroupChart r=r.get_value() by_owner=false/>
        </div>
        <Funnel r=r.get_value()/>
    }
}

/// The filter bar: a GET form (applying it navigates to the filtered URL,
/// and works before the page is interactive). It shows the period and
/// pipeline the server used, so the default period is visible too.
#[component]
fn Filters(r: ForecastReport, query: ForecastQuery) -> impl IntoView {
    let i18n = use_i18n();
    let submit = move |ev: leptos::ev::Event| {
        let select: web_sys::HtmlSelectElement = event_target(&ev);
        if let Some(f) = select.form() {
            let _ = f.request_submit();
        }
    };
    // The CSV of exactly what is on screen: the server's resolved choices.
    let shown = ForecastQuery {
        pipeline: Some(r.pipeline_id),
        team: query.team,
        currency: Some(r.currency.clone()),
        from: Some(r.period.from),
        to: Some(r.period.to),
    };
    let csv = format!("/api/sales/forecast.csv{}", shown.to_query_string());
    let mut currencies = r.currencies.clone();
    if !currencies.contains(&r.currency) {
        currencies.push(r.currency.clone());
    }
    let team = query.team;
    let has_teams = !r.teams.is_empty();
    view! {
        <Form method="GET" action="/sales/forecast" attr:class="filters forecast__filters" attr:data-testid="forecast-filters">
            <label class="filters__field">
                <span class="filters__label">{i18n.t(T::PeriodFrom)}</span>
                <input class="input input--sm" type="date" name="from" value=r.period.from.to_string()/>
            </label>
            <label class="filters__field">
                <span class="filters__label">{i18n.t(T::PeriodTo)}</span>
                <input class="input input--sm" type="date" name="to" value=r.period.to.to_string()/>
            </label>
            <label class="filters__field">
                <span class="filters__label">{i18n.t(T::PipelineLabel)}</span>
                <select class="input input--sm" name="pipeline" on:change=submit>
                    {r.pipelines.iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=*id == r.pipeline_id>{name.clone()}</option>
                    }).collect_view()}
                </select>
            </label>
            {has_teams.then(|| view! {
                <label class="filters__field">
                    <span class="filters__label">{i18n.t(T::Team)}</span>
                    <select class="input input--sm" name="team" on:change=submit>
                        <option value="">{i18n.t(T::AnyTeam)}</option>
                        {r.teams.iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=team == Some(*id)>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                </label>
            })}
            <label class="filters__field">
                <span class="filters__label">{i18n.t(T::CurrencyLabel)}</span>
                <select class="input input--sm" name="currency" on:change=submit>
                    {currencies.into_iter().map(|c| {
                        let selected = c == r.currency;
                        view! { <option value=c.clone() selected=selected>{c.clone()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <div class="forecast__actions">
                <button type="submit" class="btn btn--sm">{i18n.t(T::Apply)}</button>
                <A href="/sales/forecast" attr:class="btn btn--sm btn--ghost">{i18n.t(T::ClearFilters)}</A>
                <a class="btn btn--sm" href=csv rel="external" download="" data-testid="forecast-csv">
                    <span aria-hidden="true">"⤓ "</span>{i18n.t(T::DownloadCsv)}
                </a>
            </div>
        </Form>
    }
}

fn money(v: i64, currency: &str) -> String {
    format!("{} {currency}", format_amount(v, currency))
}

#[component]
fn Kpis(r: ForecastReport) -> impl IntoView {
    let i18n = use_i18n();
    let f = &r.forecast;
    let cur = r.currency.as_str();
    let dash = || "—".to_owned();
    let tiles: Vec<Tile> = vec![
        (
            "weighted",
            T::KpiWeighted,
            money(f.weighted_total, cur),
            i18n.t(T::KpiNext12).to_owned(),
        ),
        (
            "commit",
            T::KpiCommit,
            money(f.commit, cur),
            format!("≥ {COMMIT_MIN}% · {}", i18n.t(T::KpiNext12)),
        ),
        (
            "best-case",
            T::KpiBestCase,
            money(f.best_case, cur),
            format!("≥ {BEST_CASE_MIN}% · {}", i18n.t(T::KpiNext12)),
        ),
        (
            "win-rate",
            T::KpiWinRate,
            percent(f.win_rate_pct),
            i18n.t(T::KpiWonLost)
                .replace("{w}", &f.won.to_string())
                .replace("{l}", &f.lost.to_string()),
        ),
        (
            "average-deal",
            T::KpiAvgDeal,
            f.average_won_amount
                .map(|a| money(a, cur))
                .unwrap_or_else(dash),
            i18n.t(T::KpiClosedInPeriod).to_owned(),
        ),
        (
            "cycle",
            T::KpiAvgCycle,
            f.average_cycle_days
                .map(|d| i18n.t(T::KpiDays).replace("{n}", &format!("{d:.1}")))
                .unwrap_or_else(dash),
            i18n.t(T::KpiClosedInPeriod).to_owned(),
        ),
        (
            "undated",
            T::KpiUndated,
            f.undated_open.to_string(),
            i18n.t(T::KpiUndatedHint).to_owned(),
        ),
    ];
    view! { <KpiTiles tiles testid="forecast-kpis"/> }
}

/// "Dec 2026" / "2026年12月".
pub(super) fn month_long(m: NaiveDate, lang: Language) -> String {
    match lang {
        Language::En => m.format("%b %Y").to_string(),
        Language::ZhCn => format!("{}年{}月", m.year(), m.month()),
    }
}

/// The month's tick label: "Dec", with the year under January and the
/// first month.
pub(super) fn month_short(m: NaiveDate, lang: Language) -> String {
    match lang {
        Language::En => m.format("%b").to_string(),
        Language::ZhCn => format!("{}月", m.month()),
    }
}

// The month chart's frame, in SVG user units.
pub(super) const MW: f64 = 980.0;
pub(super) const MH: f64 = 330.0;
pub(super) const ML: f64 = 68.0;
pub(super) const MR: f64 = 68.0;
pub(super) const MT: f64 = 16.0;
pub(super) const MB: f64 = 48.0;

#[component]
fn MonthChart(r: ForecastReport) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang();
    let cur = r.currency.clone();
    let months = r.forecast.months.clone();
    let cumulative = running_total(&months.iter().map(|m| m.weighted).collect::<Vec<_>>());
    let left = Axis::nice(
        max_of(
            months
                .iter()
                .flat_map(|m| [m.weighted, m.commit, m.best_case]),
        ),
        5,
    );
    let right = Axis::nice(max_of(cumulative.iter().copied()), 5);
    let (w, h) = (MW - ML - MR, MH - MT - MB);
    let y = move |axis: &Axis, v: i64| MT + h - axis.scale(v, h);
    let slots = bands(months.len(), w, 0.22);
    let series = [
        ("weighted", T::ColWeighted),
        ("commit", T::KpiCommit),
        ("best-case", T::KpiBestCase),
    ];
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
    let right_ticks = right
        .ticks()
        .into_iter()
        .map(|t| {
            let ty = y(&right, t);
            view! {
                <text class="chart__tick chart__tick--line" x=ML + w + 8.0 y=ty + 4.0 text-anchor="start">{format_compact(t, &cur)}</text>
            }
        })
        .collect_view();
    let bars = months
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(i, (m, slot))| {
            let values = [m.weighted, m.commit, m.best_case];
            let rects = slot
                .split(3, 0.12)
                .into_iter()
                .zip(values)
                .zip(series)
                .map(|((b, v), (key, _))| {
                    let top = y(&left, v);
                    view! {
                        <rect class=format!("chart__bar chart__bar--{key}") x=ML + b.start y=top width=b.width height=(MT + h - top).max(0.0)/>
                    }
                })
                .collect_view();
            let x = ML + slot.middle();
            let year = (i == 0 || m.month.month() == 1).then(|| {
                view! { <text class="chart__tick chart__tick--year" x=x y=MT + h + 32.0 text-anchor="middle">{m.month.year().to_string()}</text> }
            });
            view! {
                <g data-month=m.month.format("%Y-%m").to_string()>
                    {rects}
                    <text class="chart__tick" x=x y=MT + h + 16.0 text-anchor="middle">{month_short(m.month, lang)}</text>
                    {year}
                </g>
            }
        })
        .collect_view();
    let points: Vec<(f64, f64)> = slots
        .iter()
        .zip(&cumulative)
        .map(|(s, c)| (ML + s.middle(), y(&right, *c)))
        .collect();
    let line = points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let dots = points
        .iter()
        .map(|(x, y)| view! { <circle class="chart__dot" cx=*x cy=*y r="3"/> })
        .collect_view();
    let rows = months
        .iter()
        .zip(&cumulative)
        .map(|(m, c)| {
            let key = m.month.format("%Y-%m").to_string();
            view! {
                <tr data-month=key>
                    <th scope="row">{month_long(m.month, lang)}</th>
                    <td class="num" data-col="open">{m.open_deals}</td>
                    <td class="num" data-col="amount">{format_amount(m.amount, &cur)}</td>
                    <td class="num" data-col="weighted">{format_amount(m.weighted, &cur)}</td>
                    <td class="num" data-col="commit">{format_amount(m.commit, &cur)}</td>
                    <td class="num" data-col="best-case">{format_amount(m.best_case, &cur)}</td>
                    <td class="num" data-col="won">{format_amount(m.closed, &cur)}</td>
                    <td class="num" data-col="cumulative">{format_amount(*c, &cur)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel chart-panel" aria-labelledby="chart-months-title">
            <h2 id="chart-months-title" class="panel__title">{format!("{} ({})", i18n.t(T::ChartByMonth), r.currency)}</h2>
            <div class="chart-legend" aria-hidden="true">
                {series.map(|(key, label)| view! {
                    <span class="chart-legend__item"><span class=format!("chart-legend__swatch chart-legend__swatch--{key}")></span>{i18n.t(label)}</span>
                }).collect_view()}
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--line"></span>{i18n.t(T::ColCumulative)}</span>
            </div>
            <div class="chart-scroll">
            <svg class="chart chart--months" viewBox=format!("0 0 {MW} {MH}") role="img" aria-label=format!("{} — {}", i18n.t(T::ChartByMonth), i18n.t(T::ChartSeeTable)) data-testid="month-chart">
                {grid}
                {right_ticks}
                <line class="chart__axis" x1=ML x2=ML + w y1=MT + h y2=MT + h/>
                {bars}
                <polyline class="chart__line" points=line/>
                {dots}
                <text class="chart__axis-label" x=ML + w / 2.0 y=MH - 2.0 text-anchor="middle">{i18n.t(T::AxisCloseMonth)}</text>
                <text class="chart__axis-label" transform=format!("translate(14 {}) rotate(-90)", MT + h / 2.0) text-anchor="middle">{format!("{} ({})", i18n.t(T::ColAmount), r.currency)}</text>
                <text class="chart__axis-label chart__axis-label--line" transform=format!("translate({} {}) rotate(90)", MW - 12.0, MT + h / 2.0) text-anchor="middle">{i18n.t(T::ColCumulative)}</text>
            </svg>
            </div>
            <div class="table-wrap table-wrap--flat">
                <table class="table table--numbers" data-testid="months-table">
                    <caption class="sr-only">{i18n.t(T::ChartByMonth)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(T::ColMonth)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColOpenDeals)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColAmount)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColWeighted)}</th>
                            <th scope="col" class="num">{i18n.t(T::KpiCommit)}</th>
                            <th scope="col" class="num">{i18n.t(T::KpiBestCase)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColClosedWon)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColCumulative)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// A name cut to what fits beside a bar; the table has it whole.
fn short(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_owned()
    } else {
        let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

fn group_name(i18n: I18n, names: &[(i64, String)], key: Option<i64>) -> String {
    key.and_then(|k| names.iter().find(|(id, _)| *id == k))
        .map(|(_, n)| n.clone())
        .unwrap_or_else(|| i18n.t(T::NoOwner).to_owned())
}

// The owner / stage charts' frame.
const GW: f64 = 560.0;
const GL: f64 = 150.0;
const GR: f64 = 24.0;
const GROW: f64 = 34.0;
const GT: f64 = 8.0;
const GB: f64 = 28.0;

/// Open pipeline per owner or per stage: the amount as a pale bar with
/// the weighted part drawn inside it.
#[component]
fn GroupChart(r: ForecastReport, by_owner: bool) -> impl IntoView {
    let i18n = use_i18n();
    let cur = r.currency.clone();
    let (title, col, names, rows, key) = if by_owner {
        (
            T::ChartByOwner,
            T::Owner,
            r.owners.clone(),
            r.forecast.by_owner.clone(),
            "owners",
        )
    } else {
        (
            T::ChartByStage,
            T::ColStage,
            r.stages.clone(),
            r.forecast.by_stage.clone(),
            "stages",
        )
    };
    let rows: Vec<(String, GroupRow)> = rows
        .into_iter()
        .map(|g| (group_name(i18n, &names, g.key), g))
        .collect();
    let axis = Axis::nice(max_of(rows.iter().map(|(_, g)| g.amount)), 4);
    let w = GW - GL - GR;
    let height = GT + GROW * rows.len().max(1) as f64 + GB;
    let plot_bottom = height - GB;
    let grid = axis
        .ticks()
        .into_iter()
        .map(|t| {
            let x = GL + axis.scale(t, w);
            view! {
                <line class="chart__grid" x1=x x2=x y1=GT y2=plot_bottom/>
                <text class="chart__tick" x=x y=plot_bottom + 16.0 text-anchor="middle">{format_compact(t, &cur)}</text>
            }
        })
        .collect_view();
    let slots = bands(rows.len(), plot_bottom - GT, 0.3);
    let bars = rows
        .iter()
        .zip(&slots)
        .map(|((name, g), b)| {
            let top = GT + b.start;
            let amount = axis.scale(g.amount, w);
            let weighted = axis.scale(g.weighted, w);
            view! {
                <g>
                    <text class="chart__label" x=GL - 8.0 y=top + b.width / 2.0 + 4.0 text-anchor="end">{short(name, 18)}</text>
                    <rect class="chart__bar chart__bar--amount" x=GL y=top width=amount height=b.width rx="2"/>
                    <rect class="chart__bar chart__bar--weighted" x=GL y=top + b.width * 0.25 width=weighted height=b.width * 0.5 rx="2"/>
                </g>
            }
        })
        .collect_view();
    let table_rows = rows
        .iter()
        .map(|(name, g)| {
            view! {
                <tr data-name=name.clone()>
                    <th scope="row">{name.clone()}</th>
                    <td class="num" data-col="deals">{g.deals}</td>
                    <td class="num" data-col="amount">{format_amount(g.amount, &cur)}</td>
                    <td class="num" data-col="weighted">{format_amount(g.weighted, &cur)}</td>
                </tr>
            }
        })
        .collect_view();
    let empty = rows.is_empty();
    view! {
        <section class="panel chart-panel" aria-labelledby=format!("chart-{key}-title")>
            <h2 id=format!("chart-{key}-title") class="panel__title">{format!("{} ({})", i18n.t(title), r.currency)}</h2>
            <div class="chart-legend" aria-hidden="true">
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--amount"></span>{i18n.t(T::ColAmount)}</span>
                <span class="chart-legend__item"><span class="chart-legend__swatch chart-legend__swatch--weighted"></span>{i18n.t(T::ColWeighted)}</span>
            </div>
            {if empty {
                view! { <p class="empty">{i18n.t(T::NothingHere)}</p> }.erase()
            } else {
                view! {
                    <div class="chart-scroll">
                    <svg class="chart chart--groups" viewBox=format!("0 0 {GW} {height}") role="img" aria-label=format!("{} — {}", i18n.t(title), i18n.t(T::ChartSeeTable)) data-testid=format!("{key}-chart")>
                        {grid}
                        <line class="chart__axis" x1=GL x2=GL y1=GT y2=plot_bottom/>
                        {bars}
                    </svg>
                    </div>
                }.erase()
            }}
            <div class="table-wrap table-wrap--flat">
                <table class="table table--numbers" data-testid=format!("{key}-table")>
                    <caption class="sr-only">{i18n.t(title)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(col)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColOpenDeals)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColAmount)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColWeighted)}</th>
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </div>
        </section>
    }
}

// The funnel's frame.
const FW: f64 = 760.0;
const FROW: f64 = 40.0;
const FLABEL: f64 = 170.0;
const FPCT: f64 = 110.0;

/// Each step a bar centred on the axis, as wide as the deals that reached
/// it; the share that went on is written between the steps.
#[component]
fn Funnel(r: ForecastReport) -> impl IntoView {
    let i18n = use_i18n();
    let steps: Vec<(String, u64, Option<f64>)> = r
        .forecast
        .funnel
        .iter()
        .map(|s| {
            let name = match s.stage_id {
                Some(id) => group_name(i18n, &r.stages, Some(id)),
                None => i18n.t(T::FunnelWon).to_owned(),
            };
            (name, s.reached, s.to_next_pct)
        })
        .collect();
    let max = max_of(
        steps
            .iter()
            .map(|(_, n, _)| i64::try_from(*n).unwrap_or(i64::MAX)),
    );
    // Widths relative to the widest step, not to a round number.
    let axis = Axis {
        top: max,
        step: max,
    };
    let w = FW - FLABEL - FPCT;
    let height = FROW * steps.len().max(1) as f64 + 8.0;
    let slots = bands(steps.len(), height - 8.0, 0.2);
    let bars = steps
        .iter()
        .zip(&slots)
        .enumerate()
        .map(|(i, ((name, n, next), b))| {
            let bw = axis
                .scale(i64::try_from(*n).unwrap_or(i64::MAX), w)
                .max(2.0);
            let x = FLABEL + (w - bw) / 2.0;
            let top = 4.0 + b.start;
            let won = i + 1 == steps.len();
            view! {
                <g data-step=name.clone()>
                    <text class="chart__label" x=FLABEL - 10.0 y=top + b.width / 2.0 + 4.0 text-anchor="end">{short(name, 20)}</text>
                    <rect class=if won { "chart__bar chart__bar--won" } else { "chart__bar chart__bar--funnel" } x=x y=top width=bw height=b.width rx="3"/>
                    <text class="chart__value" x=FLABEL + w / 2.0 y=top + b.width / 2.0 + 4.0 text-anchor="middle">{n.to_string()}</text>
                    {next.map(|p| view! {
                        <text class="chart__pct" x=FLABEL + w + 10.0 y=top + b.width + 6.0 text-anchor="start">{format!("↓ {}", percent(Some(p)))}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    let rows = steps
        .iter()
        .map(|(name, n, next)| {
            view! {
                <tr data-name=name.clone()>
                    <th scope="row">{name.clone()}</th>
                    <td class="num" data-col="reached">{*n}</td>
                    <td class="num" data-col="to-next">{percent(*next)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel chart-panel" aria-labelledby="chart-funnel-title">
            <h2 id="chart-funnel-title" class="panel__title">{i18n.t(T::ChartFunnel)}</h2>
            <p class="muted chart-panel__intro">{i18n.t(T::ChartFunnelIntro)}</p>
            <div class="chart-pair">
            <div class="chart-scroll">
            <svg class="chart chart--funnel" viewBox=format!("0 0 {FW} {height}") role="img" aria-label=format!("{} — {}", i18n.t(T::ChartFunnel), i18n.t(T::ChartSeeTable)) data-testid="funnel-chart">
                {bars}
            </svg>
            </div>
            <div class="table-wrap table-wrap--flat">
                <table class="table table--numbers" data-testid="funnel-table">
                    <caption class="sr-only">{i18n.t(T::ChartFunnel)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(T::ColStage)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColReached)}</th>
                            <th scope="col" class="num">{i18n.t(T::ColToNext)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            </div>
        </section>
    }
}
