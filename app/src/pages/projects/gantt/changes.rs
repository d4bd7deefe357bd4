//! The project's change requests (a tab of the project page): the change
//! log, newest first, each request with its impact, the schedule changes
//! it carries and who moved it when; the steps the reader may take (the
//! project's people draft, submit, withdraw and implement; managers and
//! admins approve or reject, with a note). The rules are the store's
//! (`domain::project::change_control::may_move`); the buttons only
//! follow them.

use crate::erased::Erase;
use cairn::domain::project::change_control::{
    ChangeRequestInput, ChangeRequestView, CrStatus, DurationChange, Stamp,
};
use cairn::domain::{AppError, Role};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::changes::{move_change_request, project_changes, save_change_request};
use crate::app::use_session;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, when};
use crate::pages::sales::money;

use crate::pages::projects::report::cr_label as status_label;

#[component]
pub fn ChangeLog(
    project_id: i64,
    /// The project's tasks, `(id, name)`, in plan order.
    tasks: Vec<(i64, String)>,
    /// The reader may change the project.
    editable: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let approver = use_session()
        .user
        .is_some_and(|u| matches!(u.role, Role::Manager | Role::Admin));
    let list = RwSignal::new(None::<Result<Vec<ChangeRequestView>, AppError>>);
    let load = move || {
        spawn_local(async move {
            list.set(Some(project_changes(project_id).await));
        })
    };
    load();
    let reload = Callback::new(move |_: ()| load());
    let adding = RwSignal::new(false);
    let tasks = StoredValue::new(tasks);
    view! {
        <section class="changes" data-testid="changes">
            <div class="page__actions">
                {editable.then(|| view! {
                    <button type="button" class="btn btn--primary" on:click=move |_| adding.set(true) data-testid="new-change">{i18n.t(T::NewChangeRequest)}</button>
                })}
            </div>
            {move || adding.get().then(|| view! {
                <ChangeForm project_id existing=None tasks=tasks.get_value()
                    done=Callback::new(move |saved: bool| { adding.set(false); if saved { reload.run(()); } })/>
            })}
            {move || match list.get() {
                None => view! { <p class="muted">{i18n.t(T::Loading)}</p> }.erase(),
                Some(Err(error)) => view! { <ErrorBanner error/> }.erase(),
                Some(Ok(items)) if items.is_empty() => view! { <p class="muted">{i18n.t(T::NoChangeRequests)}</p> }.erase(),
                Some(Ok(items)) => items.into_iter().map(|c| view! {
                    <ChangeCard c editable approver tasks=tasks.get_value() reload/>
                }).collect_view().erase(),
            }}
        </section>
    }
}

fn stamp_text(s: &Stamp) -> String {
    match &s.by {
        Some(by) => format!("{} · {}", by.name, when(s.at)),
        None => when(s.at),
    }
}

#[component]
fn ChangeCard(
    c: ChangeRequestView,
    editable: bool,
    approver: bool,
    tasks: Vec<(i64, String)>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<AppError>);
    let note = RwSignal::new(String::new());
    let editing = RwSignal::new(false);
    let (id, version, status) = (c.id, c.version, c.status);
    let step = move |to: CrStatus| {
        spawn_local(async move {
            match move_change_request(id, version, to, note.get_untracked()).await {
                Ok(_) => reload.run(()),
                Err(e) => error.set(Some(e)),
            }
        });
    };
    let i = c.input.clone();
    let schedule = if i.schedule_days == 0 {
        "—".to_owned()
    } else {
        format!("{:+} {}", i.schedule_days, i18n.t(T::WorkingDays))
    };
    let mut log: Vec<(T, String)> = vec![(T::CrDraft, stamp_text(&c.created))];
    if let Some(s) = &c.submitted {
        log.push((T::CrSubmitted, stamp_text(s)));
    }
    if let Some(s) = &c.decided {
        log.push((
            status_label(if status == CrStatus::Rejected {
                CrStatus::Rejected
            } else {
                CrStatus::Approved
            }),
            stamp_text(s),
        ));
    }
    if let Some(s) = &c.implemented {
        log.push((T::CrImplemented, stamp_text(s)));
    }
    let existing = c.clone();
    view! {
        <article class="panel change" data-testid="change-request" data-status=status.as_str()>
            <header class="change__head">
                <h3 class="change__title"><span class="muted">{format!("CR-{} ", c.number)}</span>{i.title.clone()}</h3>
                <span class=format!("pill pill--cr-{}", status.as_str()) data-testid="change-status">{i18n.t(status_label(status))}</span>
            </header>
            {move || error.get().map(|error| view! { <ErrorBanner error/> })}
            <dl class="facts">
                {(!i.reason.is_empty()).then(|| view! { <dt>{i18n.t(T::Reason)}</dt><dd>{i.reason.clone()}</dd> })}
                {(!i.description.is_empty()).then(|| view! { <dt>{i18n.t(T::Description)}</dt><dd>{i.description.clone()}</dd> })}
                {(!i.scope_impact.is_empty()).then(|| view! { <dt>{i18n.t(T::ScopeImpact)}</dt><dd>{i.scope_impact.clone()}</dd> })}
                <dt>{i18n.t(T::ScheduleImpact)}</dt><dd>{schedule}</dd>
                <dt>{i18n.t(T::CostImpact)}</dt><dd>{money(i.cost_impact, &i.currency)}</dd>
                {(!i.changes.is_empty()).then(|| view! {
                    <dt>{i18n.t(T::ScheduleChanges)}</dt>
                    <dd><ul class="change__list">
                        {i.changes.iter().zip(&c.task_names).map(|(d, name)| view! {
                            <li>{format!("{name} → {} {}", d.days, i18n.t(T::WorkingDays))}</li>
                        }).collect_view()}
                    </ul></dd>
                })}
                {(!c.decision_note.is_empty()).then(|| view! { <dt>{i18n.t(T::DecisionNote)}</dt><dd>{c.decision_note.clone()}</dd> })}
            </dl>
            <ol class="change__log" data-testid="change-log">
                {log.into_iter().map(|(t, s)| view! { <li><strong>{i18n.t(t)}</strong>" "<span class="muted">{s}</span></li> }).collect_view()}
            </ol>
            <div class="form__actions">
                {(status == CrStatus::Draft && editable).then(|| view! {
                    <button type="button" class="btn" on:click=move |_| editing.set(true)>{i18n.t(T::Edit)}</button>
                    <button type="button" class="btn btn--primary" on:click=move |_| step(CrStatus::Submitted) data-testid="submit-change">{i18n.t(T::SubmitForApproval)}</button>
                })}
                {(status == CrStatus::Submitted && approver).then(|| view! {
                    <input class="input" name="note" placeholder=i18n.t(T::DecisionNote) aria-label=i18n.t(T::DecisionNote) bind:value=note/>
                    <button type="button" class="btn btn--primary" on:click=move |_| step(CrStatus::Approved) data-testid="approve-change">{i18n.t(T::Approve)}</button>
                    <button type="button" class="btn btn--danger" on:click=move |_| step(CrStatus::Rejected) data-testid="reject-change">{i18n.t(T::Reject)}</button>
                })}
                {(status == CrStatus::Submitted && editable).then(|| view! {
                    <button type="button" class="btn btn--ghost" on:click=move |_| step(CrStatus::Draft) data-testid="withdraw-change">{i18n.t(T::Withdraw)}</button>
                })}
                {(status == CrStatus::Approved && editable).then(|| view! {
                    <button type="button" class="btn btn--primary" on:click=move |_| step(CrStatus::Implemented) data-testid="implement-change">{i18n.t(T::Implement)}</button>
                })}
            </div>
            {move || editing.get().then(|| view! {
                <ChangeForm project_id=existing.project_id existing=Some(existing.clone()) tasks=tasks.clone()
                    done=Callback::new(move |saved: bool| { editing.set(false); if saved { reload.run(()); } })/>
            })}
        </article>
    }
}

/// One schedule change being edited.
#[derive(Clone, Copy)]
struct Row {
    key: u64,
    task: RwSignal<String>,
    days: RwSignal<String>,
}

#[component]
fn ChangeForm(
    project_id: i64,
    existing: Option<ChangeRequestView>,
    tasks: Vec<(i64, String)>,
    done: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let old = existing
        .as_ref()
        .map(|c| c.input.clone())
        .unwrap_or_else(|| ChangeRequestInput {
            currency: "USD".into(),
            ..Default::default()
        });
    let title = RwSignal::new(old.title.clone());
    let description = RwSignal::new(old.description.clone());
    let reason = RwSignal::new(old.reason.clone());
    let scope = RwSignal::new(old.scope_impact.clone());
    let days = RwSignal::new(old.schedule_days.to_string());
    let cost = RwSignal::new(cairn::domain::sales::money::format_amount(
        old.cost_impact,
        &old.currency,
    ));
    let currency = RwSignal::new(old.currency.clone());
    let next = StoredValue::new(0u64);
    let row = move |task: String, d: String| {
        let key = next.get_value();
        next.set_value(key + 1);
        Row {
            key,
            task: RwSignal::new(task),
            days: RwSignal::new(d),
        }
    };
    let rows = RwSignal::new(
        old.changes
            .iter()
            .map(|c| row(c.task_id.to_string(), c.days.to_string()))
            .collect::<Vec<_>>(),
    );
    let tasks = StoredValue::new(tasks);
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let (id, version) = existing
        .as_ref()
        .map_or((None, 0), |c| (Some(c.id), c.version));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let parsed = (|| -> Result<ChangeRequestInput, AppError> {
            let schedule_days = days
                .get_untracked()
                .trim()
                .parse::<i64>()
                .map_err(|_| AppError::invalid("schedule_days", "is not a whole number"))?;
            let cur = currency.get_untracked().trim().to_ascii_uppercase();
            let cost_impact = if cost.get_untracked().trim().is_empty() {
                0
            } else {
                cairn::domain::sales::money::parse_amount(
                    "cost_impact",
                    &cost.get_untracked(),
                    &cur,
                )?
            };
            let changes = rows.with_untracked(|rs| {
                rs.iter()
                    .map(|r| {
                        Ok(DurationChange {
                            task_id: r.task.get_untracked().parse().map_err(|_| {
                                AppError::invalid("changes", "names a task that is not in the plan")
                            })?,
                            days: r.days.get_untracked().trim().parse().map_err(|_| {
                                AppError::invalid("changes", "at most 1000 working days")
                            })?,
                        })
                    })
                    .collect::<Result<Vec<_>, AppError>>()
            })?;
            ChangeRequestInput {
                title: title.get_untracked(),
                description: description.get_untracked(),
                reason: reason.get_untracked(),
                scope_impact: scope.get_untracked(),
                schedule_days,
                cost_impact,
                currency: cur,
                changes,
            }
            .validated()
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
            match save_change_request(project_id, id, version, input).await {
                Ok(_) => done.run(true),
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let err = Signal::derive(move || error.get());
    view! {
        <form class="form card change-form" on:submit=submit data-testid="change-form" novalidate>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|error| view! { <ErrorBanner error/> })}
            <label class="field">
                <span class="field__label">{i18n.t(T::ChangeTitle)}</span>
                <input class="input" name="title" bind:value=title autocomplete="off"/>
                {field_error(err, "title")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Reason)}</span>
                <textarea class="input" name="reason" rows="2" bind:value=reason></textarea>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Description)}</span>
                <textarea class="input" name="description" rows="2" bind:value=description></textarea>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::ScopeImpact)}</span>
                <textarea class="input" name="scope_impact" rows="2" bind:value=scope></textarea>
            </label>
            <div class="form__row">
                <label class="field">
                    <span class="field__label">{i18n.t(T::ScheduleImpact)}</span>
                    <input class="input" name="schedule_days" inputmode="numeric" bind:value=days/>
                    {field_error(err, "schedule_days")}
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::CostImpact)}</span>
                    <input class="input" name="cost_impact" inputmode="decimal" bind:value=cost/>
                    {field_error(err, "cost_impact")}
                </label>
                <label class="field">
                    <span class="field__label">{i18n.t(T::CurrencyLabel)}</span>
                    <input class="input" name="currency" bind:value=currency maxlength="3"/>
                    {field_error(err, "currency")}
                </label>
            </div>
            <fieldset class="field">
                <legend class="field__label">{i18n.t(T::ScheduleChanges)}</legend>
                <For each=move || rows.get() key=|r| r.key let:r>
                    <div class="payment-row" data-testid="change-row">
                        <select class="input" name="task" aria-label=i18n.t(T::TaskName) bind:value=r.task>
                            <option value="">"—"</option>
                            {tasks.get_value().into_iter().map(|(id, name)| {
                                let v = id.to_string();
                                let v2 = v.clone();
                                view! { <option value=v selected=move || r.task.with(|t| *t == v2)>{name}</option> }
                            }).collect_view()}
                        </select>
                        <input class="input input--num" name="days" inputmode="numeric" aria-label=i18n.t(T::WorkingDays) bind:value=r.days/>
                        <span>{i18n.t(T::WorkingDays)}</span>
                        <button type="button" class="btn btn--sm btn--ghost btn--danger" aria-label=i18n.t(T::RemoveRow) on:click=move |_| rows.update(|rs| rs.retain(|x| x.key != r.key))>"✕"</button>
                    </div>
                </For>
                <button type="button" class="btn btn--sm" on:click=move |_| rows.update(|rs| rs.push(row(String::new(), String::new()))) data-testid="add-change-row">{i18n.t(T::AddScheduleChange)}</button>
                {field_error(err, "changes")}
            </fieldset>
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" disabled=move || busy.get() data-testid="save-change">{i18n.t(T::Save)}</button>
                <button type="button" class="btn btn--ghost" on:click=move |_| done.run(false)>{i18n.t(T::Cancel)}</button>
            </div>
        </form>
    }
}
