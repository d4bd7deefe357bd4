//! `/service/tickets/new` and the ticket page's edit panel: what a
//! ticket is about (type, priority, subject, customer, description) and,
//! when editing, who has it (assignee and queue).

use cairn::domain::AppError;
use cairn::domain::customer::Named;
use cairn::domain::service::{Priority, TicketInput, TicketKind};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{kind_label, priority_label};
use crate::api::customers::Directory;
use crate::api::service::SaveTicket;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;
use crate::pages::sales::deal_form::AccountPicker;

#[component]
pub fn TicketNewPage() -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(TicketKind::Question);
    let priority = RwSignal::new(Priority::Normal);
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let account = RwSignal::new(None::<Named>);
    let save = ServerAction::<SaveTicket>::new();
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(t)) = save.value().get() {
            navigate(&format!("/service/tickets/{}", t.id), Default::default());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let input = TicketInput {
            kind: kind.get_untracked(),
            subject: subject.get_untracked(),
            description: description.get_untracked(),
            account_id: account.get_untracked().map(|a| a.id),
            priority: priority.get_untracked(),
            ..Default::default()
        };
        if let Err(e) = input.validated() {
            return local_error.set(Some(e));
        }
        save.dispatch(SaveTicket {
            id: None,
            version: 0,
            input,
        });
    };
    view! {
        <Title text=i18n.t(T::NewTicket)/>
        <section class="page page--narrow">
            <p class="muted small"><A href="/service">{i18n.t(T::Tickets)}</A></p>
            <h1 class="page__title">{i18n.t(T::NewTicket)}</h1>
            <form class="form form--grid" on:submit=on_submit data-testid="ticket-form">
                <KindAndPriority kind priority/>
                <label class="field field--wide">
                    <span class="field__label">{i18n.t(T::Subject)}</span>
                    <input class="input" name="subject" required prop:value=subject
                        on:input=move |ev| subject.set(event_target_value(&ev))/>
                    {field_error(error, "subject")}
                </label>
                <div class="field field--wide">
                    <span class="field__label">{i18n.t(T::Account)}</span>
                    <AccountPicker account/>
                    {field_error(error, "account_id")}
                </div>
                <label class="field field--wide">
                    <span class="field__label">{i18n.t(T::Description)}</span>
                    <textarea class="input" name="description" rows="5" prop:value=description
                        on:input=move |ev| description.set(event_target_value(&ev))></textarea>
                </label>
                {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if field == "subject" || field == "account_id")).map(|error| view! { <ErrorBanner error/> })}
                <div class="form__actions">
                    <button type="submit" class="btn btn--primary" data-testid="save-ticket" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
                </div>
            </form>
        </section>
    }
}

/// What the ticket is about and who has it: type, priority, subject,
/// description, assignee and queue. The store decides whether the actor
/// may hand it to that person or team.
#[component]
pub(super) fn TicketEdit(
    id: i64,
    version: i64,
    start: TicketInput,
    saved: ServerAction<SaveTicket>,
    directory: Resource<Result<Directory, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let kind = RwSignal::new(start.kind);
    let priority = RwSignal::new(start.priority);
    let subject = RwSignal::new(start.subject.clone());
    let description = RwSignal::new(start.description.clone());
    let assignee = RwSignal::new(start.assignee_id);
    let team = RwSignal::new(start.team_id);
    let error = Signal::derive(move || saved.value().get().and_then(Result::err));
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let input = TicketInput {
            kind: kind.get_untracked(),
            priority: priority.get_untracked(),
            subject: subject.get_untracked(),
            description: description.get_untracked(),
            assignee_id: assignee.get_untracked(),
            team_id: team.get_untracked(),
            ..start.clone()
        };
        saved.dispatch(SaveTicket {
            id: Some(id),
            version,
            input,
        });
    };
    let parse = |v: String| v.parse::<i64>().ok();
    view! {
        <form class="panel form form--grid" data-testid="ticket-edit" on:submit=on_submit>
            <KindAndPriority kind priority/>
            <label class="field">
                <span class="field__label">{i18n.t(T::Assignee)}</span>
                <select class="input" name="assignee" on:change=move |ev| assignee.set(parse(event_target_value(&ev)))>
                    <option value="">{i18n.t(T::Unassigned)}</option>
                    {move || directory.get().and_then(Result::ok).map(|d| d.people.into_iter().map(|p| {
                        let pid = p.id;
                        view! { <option value=pid.to_string() selected=move || assignee.get() == Some(pid)>{p.name}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Team)}</span>
                <select class="input" name="team" on:change=move |ev| team.set(parse(event_target_value(&ev)))>
                    <option value="">"—"</option>
                    {move || directory.get().and_then(Result::ok).map(|d| d.teams.into_iter().map(|x| {
                        let tid = x.id;
                        view! { <option value=tid.to_string() selected=move || team.get() == Some(tid)>{x.name}</option> }
                    }).collect_view())}
                </select>
            </label>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Subject)}</span>
                <input class="input" name="subject" required prop:value=subject on:input=move |ev| subject.set(event_target_value(&ev))/>
                {field_error(error, "subject")}
            </label>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Description)}</span>
                <textarea class="input" name="description" rows="4" prop:value=description
                    on:input=move |ev| description.set(event_target_value(&ev))></textarea>
            </label>
            <div class="form__actions">
                <button type="submit" class="btn btn--primary" data-testid="save-ticket-edit" disabled=move || saved.pending().get()>{i18n.t(T::Save)}</button>
            </div>
        </form>
    }
}

/// The type and priority selects of the new-ticket form and the edit panel.
#[component]
fn KindAndPriority(kind: RwSignal<TicketKind>, priority: RwSignal<Priority>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="field">
            <span class="field__label">{i18n.t(T::TicketKind)}</span>
            <select class="input" name="kind" on:change=move |ev| {
                if let Some(k) = TicketKind::parse(&event_target_value(&ev)) { kind.set(k) }
            }>
                {TicketKind::ALL.into_iter().map(|k| view! {
                    <option value=k.as_str() selected=move || kind.get() == k>{i18n.t(kind_label(k))}</option>
                }).collect_view()}
            </select>
        </label>
        <label class="field">
            <span class="field__label">{i18n.t(T::PriorityLabel)}</span>
            <select class="input" name="priority" on:change=move |ev| {
                if let Some(p) = Priority::parse(&event_target_value(&ev)) { priority.set(p) }
            }>
                {Priority::ALL.into_iter().map(|p| view! {
                    <option value=p.as_str() selected=move || priority.get() == p>{i18n.t(priority_label(p))}</option>
                }).collect_view()}
            </select>
        </label>
    }
}
