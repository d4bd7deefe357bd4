//! The project's costs (a tab of the project page): the status date and
//! currency, the project's earned-value figures, the S-curve, the table
//! per task and phase with each task's budget (rate and fixed cost,
//! edited in place and saved together), and the actual costs booked. The
//! figures are `domain::project::costs`'s, computed on the server.

mod curve;
mod entries;

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::costs::{Budget, BudgetEdit, CostSettings, CostView, EvmRow};
use cairn::domain::project::evm::Earned;
use cairn::domain::sales::money::{format_amount, parse_amount};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::costs::{project_costs, save_budgets, save_cost_settings};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;

/// An index as the table shows it: two decimals, "—" when undefined.
pub(crate) fn index(v: Option<f64>) -> String {
    v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}

#[component]
pub fn CostsTab(project_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<Result<CostView, AppError>>);
    // In the browser only: the server renders the tab as loading, for it
    // has no local executor to spawn on (see `admin_slip::SlipForm`).
    Effect::new(move |_| {
        spawn_local(async move {
            data.set(Some(project_costs(project_id).await));
        });
    });
    let set = Callback::new(move |v: CostView| data.set(Some(Ok(v))));
    view! {
        <section class="costs" data-testid="costs">
            {move || match data.get() {
                None => view! { <p class="muted">{i18n.t(T::Loading)}</p> }.erase(),
                Some(Err(error)) => view! { <ErrorBanner error/> }.erase(),
                Some(Ok(v)) => view! { <Costs v set/> }.erase(),
            }}
        </section>
    }
}

#[component]
fn Costs(v: CostView, set: Callback<CostView>) -> impl IntoView {
    let i18n = use_i18n();
    let cur = v.currency.clone();
    let t = v.total;
    let m = {
        let cur = cur.clone();
        move |x: i64| format_amount(x, &cur)
    };
    let figures: Vec<(&'static str, &'static str, String)> = vec![
        ("bac", "BAC", m(t.bac)),
        ("pv", "PV", m(t.pv)),
        ("ev", "EV", m(t.ev)),
        ("ac", "AC", m(t.ac)),
        ("sv", "SV", m(t.sv())),
        ("cv", "CV", m(t.cv())),
        ("spi", "SPI", index(t.spi())),
        ("cpi", "CPI", index(t.cpi())),
        ("eac", "EAC", m(t.eac())),
        ("etc", "ETC", m(t.etc())),
        ("vac", "VAC", m(t.vac())),
    ];
    view! {
        <Settings v=v.clone() set/>
        <div class="evm-figures" data-testid="evm-totals" aria-label=i18n.t(T::EvmTotals)>
            {figures.into_iter().map(|(key, label, value)| view! {
                <div class="evm-figure" data-figure=key>
                    <span class="evm-figure__label">{label}</span>
                    <span class="evm-figure__value">{value}</span>
                </div>
            }).collect_view()}
        </div>
        <curve::SCurve points=v.curve.clone() status=v.status_date currency=cur.clone()/>
        <Table v=v.clone() set/>
        <entries::Entries v set/>
    }
}

/// The status date (blank: today) and the currency.
#[component]
fn Settings(v: CostView, set: Callback<CostView>) -> impl IntoView {
    let i18n = use_i18n();
    let date = RwSignal::new(if v.status_date_set {
        v.status_date.to_string()
    } else {
        String::new()
    });
    let currency = RwSignal::new(v.currency.clone());
    let error = RwSignal::new(None::<AppError>);
    let (project_id, version, editable) = (v.project_id, v.version, v.editable);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = date.get_untracked();
        let status_date = if text.trim().is_empty() {
            None
        } else {
            match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
                Ok(d) => Some(d),
                Err(_) => {
                    error.set(Some(AppError::invalid("status_date", "is not a date")));
                    return;
                }
            }
        };
        let settings = CostSettings {
            status_date,
            currency: currency.get_untracked(),
        };
        spawn_local(async move {
            match save_cost_settings(project_id, version, settings).await {
                Ok(v) => {
                    error.set(None);
                    set.run(v);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };
    view! {
        <form class="costs-settings" on:submit=submit novalidate data-testid="cost-settings">
            <label class="field">
                <span class="field__label">{i18n.t(T::StatusDate)}</span>
                <input type="date" class="input" data-testid="status-date" prop:value=move || date.get()
                    disabled=!editable on:input=move |ev| date.set(event_target_value(&ev))/>
                <span class="field__hint">{move || if date.get().is_empty() { i18n.t(T::StatusDateToday) } else { "" }}</span>
                {field_error(error.into(), "status_date")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::CurrencyLabel)}</span>
                <input class="input input--short" maxlength="3" data-testid="cost-currency" prop:value=move || currency.get()
                    disabled=!editable on:input=move |ev| currency.set(event_target_value(&ev))/>
                {field_error(error.into(), "currency")}
            </label>
            <p class="small muted">{i18n.t(T::StatusDate)}": "<strong data-testid="status-date-shown">{v.status_date.to_string()}</strong></p>
            {editable.then(|| view! {
                <button type="submit" class="btn" data-testid="save-cost-settings">{i18n.t(T::Save)}</button>
            })}
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if field == "status_date" || field == "currency"))
                .map(|error| view! { <ErrorBanner error/> })}
        </form>
    }
}

/// One leaf row's budget as typed.
#[derive(Clone, Copy)]
struct Draft {
    task_id: i64,
    rate: RwSignal<String>,
    fixed: RwSignal<String>,
    was: Budget,
}

fn cell(e: &Earned, cur: &str) -> [String; 10] {
    [
        format_amount(e.bac, cur),
        format_amount(e.pv, cur),
        format_amount(e.ev, cur),
        format_amount(e.ac, cur),
        format_amount(e.sv(), cur),
        format_amount(e.cv(), cur),
        index(e.spi()),
        index(e.cpi()),
        format_amount(e.eac(), cur),
        format_amount(e.vac(), cur),
    ]
}

/// The earned-value table, with the budgets of leaf tasks editable.
#[component]
fn Table(v: CostView, set: Callback<CostView>) -> impl IntoView {
    let i18n = use_i18n();
    let cur = StoredValue::new(v.currency.clone());
    let editable = v.editable;
    let drafts: Vec<Draft> = v
        .rows
        .iter()
        .filter_map(|r| {
            let b = r.budget?;
            Some(Draft {
                task_id: r.task_id,
                rate: RwSignal::new(amount_text(b.rate, &v.currency)),
                fixed: RwSignal::new(amount_text(b.fixed, &v.currency)),
                was: b,
            })
        })
        .collect();
    let drafts = StoredValue::new(drafts);
    let versions = StoredValue::new(v.budget_versions.clone());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let project_id = v.project_id;
    let save = move |_| {
        let cur = cur.get_value();
        let edits = drafts.with_value(|ds| {
            ds.iter()
                .map(|d| {
                    let read = |field: &str, s: RwSignal<String>| -> Result<i64, AppError> {
                        let s = s.get_untracked();
                        if s.trim().is_empty() {
                            Ok(0)
                        } else {
                            parse_amount(field, &s, &cur)
                        }
                    };
                    Ok(Budget {
                        rate: read("rate", d.rate)?,
                        fixed: read("fixed_cost", d.fixed)?,
                    })
                    .map(|b| (*d, b))
                })
                .collect::<Result<Vec<_>, AppError>>()
        });
        let edits: Vec<BudgetEdit> = match edits {
            Ok(list) => list
                .into_iter()
                .filter(|(d, b)| *b != d.was)
                .map(|(d, b)| BudgetEdit {
                    task_id: d.task_id,
                    version: versions.with_value(|vs| vs.get(&d.task_id).copied().unwrap_or(0)),
                    budget: b,
                })
                .collect(),
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            match save_budgets(project_id, edits).await {
                Ok(v) => {
                    error.set(None);
                    set.run(v);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let rows = v
        .rows
        .iter()
        .map(|r| row(r, &v.currency, editable, drafts))
        .collect_view();
    let total = cell(&v.total, &v.currency);
    view! {
        <section class="panel" aria-labelledby="evm-table-title">
            <div class="panel__head">
                <h2 id="evm-table-title" class="panel__title">{format!("{} ({})", i18n.t(T::EvmTable), v.currency)}</h2>
                {editable.then(|| view! {
                    <button type="button" class="btn btn--primary" data-testid="save-budgets" disabled=move || busy.get()
                        on:click=save>{i18n.t(T::SaveBudgets)}</button>
                })}
            </div>
            <p class="small muted">{i18n.t(T::BudgetHint)}</p>
            {field_error(error.into(), "rate")}
            {field_error(error.into(), "fixed_cost")}
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if field == "rate" || field == "fixed_cost"))
                .map(|error| view! { <ErrorBanner error/> })}
            <div class="table-wrap">
                <table class="table table--numbers evm-table" data-testid="evm-table">
                    <thead>
                        <tr>
                            <th scope="col">"#"</th>
                            <th scope="col">{i18n.t(T::CostTask)}</th>
                            <th scope="col" class="num">{i18n.t(T::WorkHours)}</th>
                            <th scope="col" class="num">{i18n.t(T::RatePerHour)}</th>
                            <th scope="col" class="num">{i18n.t(T::FixedCost)}</th>
                            {["BAC", "PV", "EV", "AC", "SV", "CV", "SPI", "CPI", "EAC", "VAC"].map(|h| view! { <th scope="col" class="num">{h}</th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr data-testid="evm-total">
                            <th scope="row" colspan="5">{i18n.t(T::EvmTotals)}</th>
                            {total.map(|c| view! { <td class="num">{c}</td> })}
                        </tr>
                    </tfoot>
                </table>
            </div>
        </section>
    }
}

/// An amount for an input box: blank for zero.
fn amount_text(v: i64, cur: &str) -> String {
    if v == 0 {
        String::new()
    } else {
        format_amount(v, cur)
    }
}

fn row(
    r: &EvmRow,
    cur: &str,
    editable: bool,
    drafts: StoredValue<Vec<Draft>>,
) -> impl IntoView + use<> {
    let cells = cell(&r.earned, cur);
    let hours = format!("{:.1}", r.work_minutes as f64 / 60.0);
    let draft = drafts.with_value(|ds| ds.iter().find(|d| d.task_id == r.task_id).copied());
    let cur = cur.to_owned();
    let i18n = use_i18n();
    let (rate_label, fixed_label) = (
        format!("{} · {}", r.name, i18n.t(T::RatePerHour)),
        format!("{} · {}", r.name, i18n.t(T::FixedCost)),
    );
    let budget = match draft {
        Some(d) if editable => view! {
            <td class="num"><input class="input input--num" inputmode="decimal" data-testid="budget-rate"
                aria-label=rate_label prop:value=move || d.rate.get()
                on:input=move |ev| d.rate.set(event_target_value(&ev))/></td>
            <td class="num"><input class="input input--num" inputmode="decimal" data-testid="budget-fixed"
                aria-label=fixed_label prop:value=move || d.fixed.get()
                on:input=move |ev| d.fixed.set(event_target_value(&ev))/></td>
        }
        .erase(),
        Some(d) => view! {
            <td class="num">{format_amount(d.was.rate, &cur)}</td>
            <td class="num">{format_amount(d.was.fixed, &cur)}</td>
        }
        .erase(),
        None => view! { <td></td><td></td> }.erase(),
    };
    view! {
        <tr class:evm-table__phase=r.summary data-task=r.task_id.to_string() data-name=r.name.clone()>
            <td class="mono">{r.number.clone()}</td>
            <th scope="row" style=format!("padding-left: {}px", 8 + 16 * u32::from(r.depth))>{r.name.clone()}</th>
            <td class="num">{hours}</td>
            {budget}
            {cells.map(|c| view! { <td class="num">{c}</td> })}
        </tr>
    }
}
