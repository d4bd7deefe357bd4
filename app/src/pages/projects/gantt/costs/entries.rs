//! Actual costs: booking one against a task (day, amount, note) and the
//! list of what was booked, newest first, each removable by whoever may
//! change the project (a wrong entry is removed and booked again).

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::costs::{CostEntryInput, CostView};
use cairn::domain::sales::money::{format_amount, parse_amount};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::costs::{add_cost_entry, remove_cost_entry};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;

#[component]
pub fn Entries(v: CostView, set: Callback<CostView>) -> impl IntoView {
    let i18n = use_i18n();
    let (project_id, editable) = (v.project_id, v.editable);
    let cur = StoredValue::new(v.currency.clone());
    let leaves: Vec<(i64, String)> = v
        .rows
        .iter()
        .filter(|r| !r.summary)
        .map(|r| (r.task_id, format!("{} {}", r.number, r.name)))
        .collect();
    let task = RwSignal::new(
        leaves
            .first()
            .map(|(id, _)| id.to_string())
            .unwrap_or_default(),
    );
    let day = RwSignal::new(
        v.status_date
            .min(crate::pages::projects::today())
            .to_string(),
    );
    let amount = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| -> Result<CostEntryInput, AppError> {
            let task_id = task
                .get_untracked()
                .parse()
                .map_err(|_| AppError::invalid("task_id", "is not a task of this project"))?;
            let day = NaiveDate::parse_from_str(day.get_untracked().trim(), "%Y-%m-%d")
                .map_err(|_| AppError::invalid("day", "is not a date"))?;
            let amount = parse_amount("amount", &amount.get_untracked(), &cur.get_value())?;
            Ok(CostEntryInput {
                task_id,
                day,
                amount,
                note: note.get_untracked(),
            })
        })();
        let input = match parsed {
            Ok(i) => i,
            Err(e) => {
                error.set(Some(e));
                return;
            }
        };
        busy.set(true);
        spawn_local(async move {
            match add_cost_entry(project_id, input).await {
                Ok(v) => {
                    error.set(None);
                    amount.set(String::new());
                    note.set(String::new());
                    set.run(v);
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let remove = move |entry_id: i64| {
        spawn_local(async move {
            match remove_cost_entry(project_id, entry_id).await {
                Ok(v) => set.run(v),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let known = ["task_id", "day", "amount", "note"];
    view! {
        <section class="panel" aria-labelledby="cost-entries-title" data-testid="cost-entries">
            <h2 id="cost-entries-title" class="panel__title">{format!("{} ({})", i18n.t(T::CostEntries), v.currency)}</h2>
            {editable.then(|| view! {
                <form class="cost-entry-form" on:submit=submit novalidate data-testid="cost-entry-form">
                    <label class="field">
                        <span class="field__label">{i18n.t(T::CostTask)}</span>
                        <select class="input" data-testid="cost-task" on:change=move |ev| task.set(event_target_value(&ev))>
                            {leaves.iter().map(|(id, name)| {
                                let id = id.to_string();
                                view! { <option value=id.clone() selected=move || task.get() == id>{name.clone()}</option> }
                            }).collect_view()}
                        </select>
                        {field_error(error.into(), "task_id")}
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::CostDay)}</span>
                        <input type="date" class="input" data-testid="cost-day" prop:value=move || day.get()
                            on:input=move |ev| day.set(event_target_value(&ev))/>
                        {field_error(error.into(), "day")}
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::AmountLabel)}</span>
                        <input class="input input--num" inputmode="decimal" data-testid="cost-amount" prop:value=move || amount.get()
                            on:input=move |ev| amount.set(event_target_value(&ev))/>
                        {field_error(error.into(), "amount")}
                    </label>
                    <label class="field field--grow">
                        <span class="field__label">{i18n.t(T::CostNote)}</span>
                        <input class="input" maxlength="500" data-testid="cost-note" prop:value=move || note.get()
                            on:input=move |ev| note.set(event_target_value(&ev))/>
                        {field_error(error.into(), "note")}
                    </label>
                    <button type="submit" class="btn btn--primary" data-testid="book-cost" disabled=move || busy.get()>{i18n.t(T::BookCost)}</button>
                </form>
            })}
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if known.contains(&field.as_str())))
                .map(|error| view! { <ErrorBanner error/> })}
            {if v.entries.is_empty() {
                view! { <p class="muted">{i18n.t(T::NoCostEntries)}</p> }.erase()
            } else {
                view! {
                    <div class="table-wrap table-wrap--flat">
                        <table class="table" data-testid="cost-entry-list">
                            <thead>
                                <tr>
                                    <th scope="col">{i18n.t(T::CostDay)}</th>
                                    <th scope="col">{i18n.t(T::CostTask)}</th>
                                    <th scope="col" class="num">{i18n.t(T::AmountLabel)}</th>
                                    <th scope="col">{i18n.t(T::CostNote)}</th>
                                    <th scope="col">{i18n.t(T::BookedBy)}</th>
                                    <th scope="col"><span class="sr-only">{i18n.t(T::Remove)}</span></th>
                                </tr>
                            </thead>
                            <tbody>
                                {v.entries.iter().map(|e| {
                                    let id = e.id;
                                    view! {
                                        <tr data-entry=id.to_string()>
                                            <td class="mono">{e.day.to_string()}</td>
                                            <td>{e.task_name.clone()}</td>
                                            <td class="num">{format_amount(e.amount, &v.currency)}</td>
                                            <td>{e.note.clone()}</td>
                                            <td>{e.by.clone()}</td>
                                            <td>{editable.then(|| view! {
                                                <button type="button" class="btn btn--sm btn--ghost" data-testid="remove-cost"
                                                    on:click=move |_| remove(id)>{i18n.t(T::Remove)}</button>
                                            })}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.erase()
            }}
        </section>
    }
}
