//! Deliverables: each with its acceptance checklist (ticked in place),
//! the task that produces it, its open defects and its sign-off — the
//! name of the person who accepted it and the date.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::project::quality::{
    Criterion, DeliverableInput, DeliverableStatus, DeliverableView, QualityView, SignOff,
};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::quality::{delete_deliverable, save_deliverable, sign_off_deliverable};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;

fn status_label(s: DeliverableStatus) -> T {
    match s {
        DeliverableStatus::Open => T::DeliverableOpen,
        DeliverableStatus::InProgress => T::DeliverableInProgress,
        DeliverableStatus::Ready => T::DeliverableReady,
        DeliverableStatus::SignedOff => T::DeliverableSignedOff,
    }
}

fn status_key(s: DeliverableStatus) -> &'static str {
    match s {
        DeliverableStatus::Open => "open",
        DeliverableStatus::InProgress => "in-progress",
        DeliverableStatus::Ready => "ready",
        DeliverableStatus::SignedOff => "signed-off",
    }
}

#[component]
pub fn Deliverables(
    v: QualityView,
    tasks: Vec<(i64, String)>,
    set: Callback<QualityView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let adding = RwSignal::new(false);
    let tasks = StoredValue::new(tasks);
    let (project_id, editable) = (v.project_id, v.editable);
    view! {
        <section class="panel" aria-labelledby="deliverables-title" data-testid="deliverables">
            <div class="panel__head">
                <h2 id="deliverables-title" class="panel__title">{i18n.t(T::Deliverables)}</h2>
                {editable.then(|| view! {
                    <button type="button" class="btn btn--primary" data-testid="new-deliverable"
                        on:click=move |_| adding.set(true)>{i18n.t(T::NewDeliverable)}</button>
                })}
            </div>
            {move || adding.get().then(|| view! {
                <DeliverableForm project_id existing=None tasks=tasks.get_value()
                    done=Callback::new(move |saved: Option<QualityView>| {
                        adding.set(false);
                        if let Some(v) = saved { set.run(v); }
                    })/>
            })}
            {if v.deliverables.is_empty() {
                view! { <p class="muted">{i18n.t(T::NoDeliverables)}</p> }.erase()
            } else {
                v.deliverables.iter().cloned().map(|d| view! {
                    <DeliverableCard d project_id editable tasks=tasks.get_value() set/>
                }).collect_view().erase()
            }}
        </section>
    }
}

#[component]
fn DeliverableCard(
    d: DeliverableView,
    project_id: i64,
    editable: bool,
    tasks: Vec<(i64, String)>,
    set: Callback<QualityView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let editing = RwSignal::new(false);
    let (id, version) = (d.id, d.version);
    let signed = d.signed.is_some();
    let input = StoredValue::new(d.input.clone());
    // Ticking a criterion saves the whole checklist at the version read.
    let toggle = move |k: usize| {
        let mut next = input.get_value();
        if let Some(c) = next.criteria.get_mut(k) {
            c.met = !c.met;
        }
        spawn_local(async move {
            match save_deliverable(project_id, Some(id), version, next).await {
                Ok(v) => set.run(v),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let signer = RwSignal::new(String::new());
    let on = RwSignal::new(crate::pages::projects::today().to_string());
    let sign = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(date) = NaiveDate::parse_from_str(on.get_untracked().trim(), "%Y-%m-%d") else {
            error.set(Some(AppError::invalid("signed_on", "is not a date")));
            return;
        };
        let s = SignOff {
            name: signer.get_untracked(),
            on: date,
        };
        spawn_local(async move {
            match sign_off_deliverable(id, version, Some(s)).await {
                Ok(v) => set.run(v),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let withdraw = move |_| {
        spawn_local(async move {
            match sign_off_deliverable(id, version, None).await {
                Ok(v) => set.run(v),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let remove = move |_| {
        spawn_local(async move {
            match delete_deliverable(id, version).await {
                Ok(v) => set.run(v),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let may_edit = editable && !signed;
    let known = ["signed_by", "signed_on"];
    let this = StoredValue::new(d.clone());
    view! {
        <article class="deliverable" data-testid="deliverable" data-name=d.input.name.clone() data-status=status_key(d.status)>
            <header class="deliverable__head">
                <h3 class="deliverable__name">{d.input.name.clone()}</h3>
                <span class=format!("badge badge--{}", status_key(d.status)) data-testid="deliverable-status">{i18n.t(status_label(d.status))}</span>
                {d.task_name.clone().map(|t| view! { <span class="small muted">{i18n.t(T::ProducedBy)}" "{t}</span> })}
                {(d.open_defects > 0).then(|| view! {
                    <span class="small badge badge--warn" data-testid="deliverable-defects">{format!("{} {}", d.open_defects, i18n.t(T::OpenDefects))}</span>
                })}
                {may_edit.then(|| view! {
                    <button type="button" class="btn btn--sm btn--ghost" on:click=move |_| editing.update(|e| *e = !*e)>{i18n.t(T::Edit)}</button>
                    <button type="button" class="btn btn--sm btn--ghost" on:click=remove>{i18n.t(T::Remove)}</button>
                })}
            </header>
            {(!d.input.description.is_empty()).then(|| view! { <p class="small">{d.input.description.clone()}</p> })}
            {move || editing.get().then(|| view! {
                <DeliverableForm project_id existing=Some(this.get_value()) tasks=tasks.clone()
                    done=Callback::new(move |saved: Option<QualityView>| {
                        editing.set(false);
                        if let Some(v) = saved { set.run(v); }
                    })/>
            })}
            <ul class="checklist" aria-label=i18n.t(T::AcceptanceCriteria)>
                {input.get_value().criteria.into_iter().enumerate().map(|(k, c)| view! {
                    <li>
                        <label class="check">
                            <input type="checkbox" data-testid="criterion" prop:checked=c.met disabled=!may_edit
                                on:change=move |_| toggle(k)/>
                            {c.text}
                        </label>
                    </li>
                }).collect_view()}
            </ul>
            {match d.signed.clone() {
                Some(s) => view! {
                    <p class="signoff" data-testid="signed-off">
                        {i18n.t(T::SignedOffBy)}" "<strong>{s.name}</strong>" · "<span class="mono">{s.on.to_string()}</span>
                        {d.signed_recorded_by.clone().map(|r| view! { <span class="small muted">" ("{i18n.t(T::RecordedBy)}" "{r.name}")"</span> })}
                        {editable.then(|| view! {
                            " "<button type="button" class="btn btn--sm btn--ghost" data-testid="withdraw-sign-off" on:click=withdraw>{i18n.t(T::WithdrawSignOff)}</button>
                        })}
                    </p>
                }.erase(),
                None if editable => view! {
                    <form class="signoff-form" on:submit=sign novalidate data-testid="sign-off-form">
                        <label class="field">
                            <span class="field__label">{i18n.t(T::SignedOffBy)}</span>
                            <input class="input" maxlength="200" data-testid="signer" prop:value=move || signer.get()
                                on:input=move |ev| signer.set(event_target_value(&ev))/>
                            {field_error(error.into(), "signed_by")}
                        </label>
                        <label class="field">
                            <span class="field__label">{i18n.t(T::SignedOn)}</span>
                            <input type="date" class="input" data-testid="signed-on" prop:value=move || on.get()
                                on:input=move |ev| on.set(event_target_value(&ev))/>
                            {field_error(error.into(), "signed_on")}
                        </label>
                        <button type="submit" class="btn" data-testid="sign-off">{i18n.t(T::SignOff)}</button>
                    </form>
                }.erase(),
                None => ().erase(),
            }}
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if known.contains(&field.as_str())))
                .map(|error| view! { <ErrorBanner error/> })}
        </article>
    }
}

/// A criterion row as typed.
#[derive(Clone, Copy)]
struct Line {
    key: u64,
    text: RwSignal<String>,
    met: bool,
}

#[component]
fn DeliverableForm(
    project_id: i64,
    existing: Option<DeliverableView>,
    tasks: Vec<(i64, String)>,
    done: Callback<Option<QualityView>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let old = existing
        .as_ref()
        .map(|d| d.input.clone())
        .unwrap_or_default();
    let name = RwSignal::new(old.name.clone());
    let description = RwSignal::new(old.description.clone());
    let task = RwSignal::new(old.task_id.map(|t| t.to_string()).unwrap_or_default());
    let next = StoredValue::new(0u64);
    let line = move |text: String, met: bool| {
        let key = next.get_value();
        next.set_value(key + 1);
        Line {
            key,
            text: RwSignal::new(text),
            met,
        }
    };
    let mut first: Vec<Line> = old
        .criteria
        .iter()
        .map(|c| line(c.text.clone(), c.met))
        .collect();
    first.push(line(String::new(), false));
    let lines = RwSignal::new(first);
    let error = RwSignal::new(None::<AppError>);
    let (id, version) = existing
        .as_ref()
        .map_or((None, 0), |d| (Some(d.id), d.version));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = DeliverableInput {
            name: name.get_untracked(),
            description: description.get_untracked(),
            task_id: task.get_untracked().parse().ok(),
            criteria: lines.with_untracked(|ls| {
                ls.iter()
                    .map(|l| Criterion {
                        text: l.text.get_untracked(),
                        met: l.met,
                    })
                    .collect()
            }),
        };
        spawn_local(async move {
            match save_deliverable(project_id, id, version, input).await {
                Ok(v) => done.run(Some(v)),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let known = ["name", "description", "criteria", "task_id"];
    view! {
        <form class="form deliverable-form" on:submit=submit novalidate data-testid="deliverable-form">
            <label class="field">
                <span class="field__label">{i18n.t(T::DeliverableName)}</span>
                <input class="input" maxlength="200" data-testid="deliverable-name" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))/>
                {field_error(error.into(), "name")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::ProducedBy)}</span>
                <select class="input" data-testid="deliverable-task" on:change=move |ev| task.set(event_target_value(&ev))>
                    <option value="" selected=move || task.get().is_empty()>"—"</option>
                    {tasks.into_iter().map(|(id, n)| {
                        let id = id.to_string();
                        view! { <option value=id.clone() selected=move || task.get() == id>{n}</option> }
                    }).collect_view()}
                </select>
                {field_error(error.into(), "task_id")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Description)}</span>
                <textarea class="input" rows="2" prop:value=move || description.get()
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </label>
            <fieldset class="field">
                <legend class="field__label">{i18n.t(T::AcceptanceCriteria)}</legend>
                <For each=move || lines.get() key=|l| l.key let:l>
                    <input class="input" maxlength="300" data-testid="criterion-text" prop:value=move || l.text.get()
                        aria-label=i18n.t(T::AcceptanceCriteria)
                        on:input=move |ev| {
                            l.text.set(event_target_value(&ev));
                            // Typing in the last line opens another.
                            let last = lines.with_untracked(|ls| ls.last().map(|x| x.key)) == Some(l.key);
                            if last && !l.text.get_untracked().is_empty() {
                                let n = line(String::new(), false);
                                lines.update(|ls| ls.push(n));
                            }
                        }/>
                </For>
                {field_error(error.into(), "criteria")}
            </fieldset>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if known.contains(&field.as_str())))
                .map(|error| view! { <ErrorBanner error/> })}
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" data-testid="save-deliverable">{i18n.t(T::Save)}</button>
                <button type="button" class="btn" on:click=move |_| done.run(None)>{i18n.t(T::Cancel)}</button>
            </div>
        </form>
    }
}
