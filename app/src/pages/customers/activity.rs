//! Logging activities and showing them: the composer, one activity, the
//! timeline.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::customer::{
    ActivityInput, ActivityKind, ActivityView, TicketMention, TimelineItem,
};
use cairn::domain::user::Colleague;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::A;

use super::{field_error, kind_icon, kind_label, parse_id, when};
use crate::api::customers::{LogActivity, SetTaskDone};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, use_i18n};

/// Log a call/meeting/email/note, or schedule a task, against a record.
/// `saved` is bumped after each save so the caller can refetch.
#[component]
pub fn ActivityComposer(
    account_id: Option<i64>,
    contact_id: Option<i64>,
    lead_id: Option<i64>,
    people: Vec<Colleague>,
    me: i64,
    saved: RwSignal<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(ActivityKind::Call.as_str().to_owned());
    let subject = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let assignee = RwSignal::new(me.to_string());
    let log = ServerAction::<LogActivity>::new();
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| log.value().get().and_then(Result::err))
    });
    let is_task = move || kind.get() == ActivityKind::Task.as_str();
    Effect::new(move |_| {
        if let Some(Ok(_)) = log.value().get() {
            subject.set(String::new());
            body.set(String::new());
            due.set(String::new());
            saved.update(|n| *n += 1);
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let k = ActivityKind::parse(&kind.get_untracked()).unwrap_or(ActivityKind::Note);
        let task = k == ActivityKind::Task;
        let due_on = if task {
            match due.get_untracked().trim() {
                "" => None,
                d => match NaiveDate::parse_from_str(d, "%Y-%m-%d") {
                    Ok(d) => Some(d),
                    Err(_) => {
                        return local_error.set(Some(AppError::invalid("due_on", "is not a date")));
                    }
                },
            }
        } else {
            None
        };
        let input = ActivityInput {
            kind: k,
            subject: subject.get_untracked(),
            body: body.get_untracked(),
            account_id,
            contact_id,
            lead_id,
            occurred_at: None,
            due_on,
            assignee_id: if task {
                parse_id(&assignee.get_untracked())
            } else {
                None
            },
        };
        if let Err(e) = input.validated() {
            return local_error.set(Some(e));
        }
        log.dispatch(LogActivity { input });
    };
    view! {
        <form class="composer" on:submit=on_submit data-testid="activity-form" novalidate>
            <h2 class="panel__title">{i18n.t(T::LogActivity)}</h2>
            <div class="composer__kinds" role="radiogroup" aria-label=i18n.t(T::Kind)>
                {ActivityKind::ALL
                    .into_iter()
                    .map(|k| view! {
                        <label class="chip" class:chip--on=move || kind.get() == k.as_str()>
                            <input type="radio" name="kind" class="sr-only" value=k.as_str()
                                prop:checked=move || kind.get() == k.as_str()
                                on:change=move |_| kind.set(k.as_str().to_owned())/>
                            <span aria-hidden="true">{kind_icon(k)}</span>" "{i18n.t(kind_label(k))}
                        </label>
                    })
                    .collect_view()}
            </div>
            <label class="field">
                <span class="field__label">{i18n.t(T::Subject)}</span>
                <input class="input" name="subject" bind:value=subject/>
                {field_error(error, "subject")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Body)}</span>
                <textarea class="input" name="body" rows="2" bind:value=body></textarea>
            </label>
            <Show when=is_task>
                <div class="composer__task">
                    <label class="field">
                        <span class="field__label">{i18n.t(T::DueOn)}</span>
                        <input class="input" type="date" name="due_on" bind:value=due/>
                        {field_error(error, "due_on")}
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Assignee)}</span>
                        <select class="input" name="assignee" bind:value=assignee>
                            {people.clone().into_iter().map(|p| view! { <option value=p.id.to_string()>{p.name}</option> }).collect_view()}
                        </select>
                        {field_error(error, "assignee")}
                    </label>
                </div>
            </Show>
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" disabled=move || log.pending().get()>{i18n.t(T::Save2)}</button>
                {move || match (local_error.get(), log.value().get()) {
                    (Some(_), _) => ().erase(),
                    (None, Some(Ok(_))) => view! { <OkBanner text=i18n.t(T::ActivityLogged)/> }.erase(),
                    (None, Some(Err(error))) => match error {
                        AppError::Validation { .. } => ().erase(),
                        error => view! { <ErrorBanner error/> }.erase(),
                    },
                    (None, None) => ().erase(),
                }}
            </div>
        </form>
    }
}

/// One activity: icon, subject, who and when, and for tasks their state
/// with a button to complete (or reopen) in place.
#[component]
pub fn ActivityItem(
    activity: ActivityView,
    #[prop(optional)] today: Option<NaiveDate>,
    #[prop(optional)] show_record: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let a = activity;
    let state = RwSignal::new((a.done_at.is_some(), a.version));
    let toggle = ServerAction::<SetTaskDone>::new();
    Effect::new(move |_| {
        if let Some(Ok(v)) = toggle.value().get() {
            state.set((v.done_at.is_some(), v.version));
        }
    });
    let id = a.id;
    let is_task = a.kind == ActivityKind::Task;
    let overdue = today.is_some_and(|t| a.is_overdue(t));
    let record = show_record.then(|| {
        let (href, name) = match (&a.account, &a.contact, &a.lead) {
            (Some(acc), _, _) => (format!("/customers/accounts/{}", acc.id), acc.name.clone()),
            (None, Some(c), _) => (format!("/customers/contacts/{}", c.id), c.name.clone()),
            (None, None, Some(l)) => (format!("/customers/leads/{}", l.id), l.name.clone()),
            _ => (String::new(), String::new()),
        };
        view! { <A href=href attr:class="activity__record">{name}</A> }
    });
    view! {
        <li class="activity" class:activity--done=move || state.get().0 data-testid="activity" data-kind=a.kind.as_str() data-subject=a.subject.clone()>
            <span class="activity__icon" aria-hidden="true">{kind_icon(a.kind)}</span>
            <div class="activity__main">
                <div class="activity__head">
                    <span class="activity__kind">{i18n.t(kind_label(a.kind))}</span>
                    <strong class="activity__subject">{a.subject.clone()}</strong>
                    {record}
                </div>
                {(!a.body.is_empty()).then(|| view! { <p class="activity__body">{a.body.clone()}</p> })}
                // Each part is its own element: optional parts next to bare
                // text nodes do not hydrate reliably.
                <div class="activity__meta muted small">
                    <span>{a.author.as_ref().map(|p| p.name.clone()).unwrap_or_default()}</span>
                    <span>{when(a.occurred_at)}</span>
                    {a.due_on.map(|d| view! { <span>{format!("{} {d}", i18n.t(T::DueOn))}</span> })}
                    {a.assignee.as_ref().map(|p| view! { <span>{format!("{} {}", i18n.t(T::Assignee), p.name)}</span> })}
                    {overdue.then(|| view! { <span class="pill pill--overdue" data-testid="overdue">{i18n.t(T::Overdue)}</span> })}
                </div>
            </div>
            {is_task.then(|| view! {
                <div class="activity__actions">
                    <Show when=move || state.get().0>
                        <span class="badge badge--ok" data-testid="task-done">{i18n.t(T::Done)}</span>
                    </Show>
                    <button type="button" class="btn btn--sm" data-testid="toggle-done"
                        disabled=move || toggle.pending().get()
                        on:click=move |_| {
                            let (done, version) = state.get_untracked();
                            toggle.dispatch(SetTaskDone { id, version, done: !done });
                        }>
                        {move || if state.get().0 { i18n.t(T::Reopen) } else { i18n.t(T::MarkDone) }}
                    </button>
                    {move || toggle.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
                </div>
            })}
        </li>
    }
}

/// A change from the audit log, as a sentence.
#[component]
pub fn ChangeItem(item: TimelineItem) -> impl IntoView {
    let i18n = use_i18n();
    let TimelineItem::Change {
        at,
        actor,
        action,
        changes,
        ..
    } = item
    else {
        return ().erase();
    };
    let verb = match action.as_str() {
        "create" => T::ChCreate,
        "update" => T::ChUpdate,
        "delete" => T::ChDelete,
        "restore" => T::ChRestore,
        "convert" => T::ChConvert,
        "add_contact" => T::ChAddContact,
        "merge" => T::ChMerge,
        "merged_into" => T::ChMergedInto,
        "unmerge" => T::ChUnmerge,
        "not_duplicates" => T::ChNotDuplicates,
        "not_duplicates_undone" => T::ChNotDuplicatesUndone,
        _ => T::ChOther,
    };
    let who = actor
        .map(|a| a.name)
        .unwrap_or_else(|| i18n.t(T::Someone).to_owned());
    view! {
        <li class="activity activity--change" data-testid="change" data-action=action.clone()>
            <span class="activity__icon" aria-hidden="true">"↻"</span>
            <div class="activity__main">
                <div class="activity__head"><strong>{who}</strong><span>{i18n.t(verb)}</span></div>
                {(!changes.is_empty()).then(|| view! {
                    <ul class="changes">
                        {changes.into_iter().map(|c| view! {
                            <li data-field=c.field.clone()>
                                <span class="changes__field">{crate::i18n::field_label(&c.field).text(i18n.lang()).to_owned()}</span>": "
                                <del>{c.from}</del><span aria-hidden="true">" → "</span><ins>{c.to}</ins>
                            </li>
                        }).collect_view()}
                    </ul>
                })}
                <div class="activity__meta muted small">{when(at)}</div>
            </div>
        </li>
    }
    .erase()
}

/// A ticket about the account: what it is, where it stands, a link.
#[component]
pub fn TicketItem(ticket: TicketMention) -> impl IntoView {
    use crate::pages::service::{kind_label, priority_label, status_label};
    let i18n = use_i18n();
    let t = ticket;
    view! {
        <li class="activity activity--ticket" data-testid="timeline-ticket" data-ticket=t.id>
            <span class="activity__icon" aria-hidden="true">"⚑"</span>
            <div class="activity__main">
                <div class="activity__head">
                    <span class="activity__kind">{i18n.t(T::TicketOpened)}</span>
                    <A href=format!("/service/tickets/{}", t.id) attr:class="activity__subject link-strong">{t.subject.clone()}</A>
                    <span class=format!("pill pill--{}", t.priority.as_str())>{i18n.t(priority_label(t.priority))}</span>
                    <span class="badge" data-testid="ticket-status">{i18n.t(status_label(t.status))}</span>
                </div>
                <div class="activity__meta muted small">
                    <span>{i18n.t(kind_label(t.kind))}</span>
                    {t.contact.as_ref().map(|c| view! { <span>{c.name.clone()}</span> })}
                    <span>{when(t.opened_at)}</span>
                    <span>{t.assignee.as_ref().map_or_else(|| i18n.t(T::Unassigned).to_owned(), |a| format!("{} {}", i18n.t(T::Assignee), a.name))}</span>
                </div>
            </div>
        </li>
    }
}

pub fn timeline_item(item: TimelineItem) -> AnyView {
    match item {
        TimelineItem::Activity(activity) => view! { <ActivityItem activity/> }.erase(),
        TimelineItem::Ticket(ticket) => view! { <TicketItem ticket/> }.erase(),
        change => view! { <ChangeItem item=change/> }.erase(),
    }
}
