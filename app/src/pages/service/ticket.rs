//! `/service/tickets/:id`: a ticket's page with its clocks, the moves its status
//! allows (the domain's `check_move` decides which buttons show), the
//! comments with internal notes apart from replies, and the rating when
//! it is closed.

use crate::erased::Erase;
use cairn::domain::AppError;
use cairn::domain::service::{
    CommentInput, Rating, TicketDetail, TicketInput, TicketStatus, TicketView, Visibility,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use super::form::TicketEdit;
use super::{SlaBadge, kind_label, priority_label, status_label};
use crate::api::customers::{Directory, customer_directory};
use crate::api::service::{CommentTicket, MoveTicket, SaveTicket, load_ticket};
use crate::app::use_session;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::parse_id;
use crate::pages::placeholder::NotFound;

#[component]
pub fn TicketPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = Memo::new(move |_| {
        params
            .read()
            .get("id")
            .and_then(|s| parse_id(&s))
            .unwrap_or(0)
    });
    let moved = ServerAction::<MoveTicket>::new();
    let saved = ServerAction::<SaveTicket>::new();
    let commented = ServerAction::<CommentTicket>::new();
    let ticket = Resource::new(
        move || {
            (
                id.get(),
                moved.version().get(),
                saved.version().get(),
                commented.version().get(),
            )
        },
        |(id, ..)| load_ticket(id),
    );
    // Created here, not inside the Suspend: see `AccountPage`.
    let directory = Resource::new(|| (), |_| customer_directory());
    view! {
        <section class="page">
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match ticket.await {
                        Ok(d) => view! { <Title text=d.ticket.subject.clone()/><TicketDetailView detail=d moved saved commented directory/> }.erase(),
                        Err(AppError::NotFound { .. }) => view! { <NotFound/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// The ticket as it is, to send back with an assignee change.
fn input_of(t: &TicketView, assignee_id: Option<i64>) -> TicketInput {
    TicketInput {
        kind: t.kind,
        subject: t.subject.clone(),
        description: t.description.clone(),
        account_id: t.account.as_ref().map(|a| a.id),
        contact_id: t.contact.as_ref().map(|c| c.id),
        priority: t.priority,
        assignee_id,
        team_id: t.team.as_ref().map(|x| x.id),
    }
}

#[component]
fn TicketDetailView(
    detail: TicketDetail,
    moved: ServerAction<MoveTicket>,
    saved: ServerAction<SaveTicket>,
    commented: ServerAction<CommentTicket>,
    directory: Resource<Result<Directory, AppError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = detail.ticket.clone();
    let editing = RwSignal::new(false);
    let edit_start = input_of(&t, t.assignee.as_ref().map(|a| a.id));
    let (id, version, status) = (t.id, t.version, t.status);
    let assigned = t.assignee.is_some();
    let me = use_session().user.map(|u| u.id);
    let can = move |next: TicketStatus| status.check_move(next, assigned).is_ok();
    // The moves a person makes, in the order of the work.
    let moves: Vec<(TicketStatus, T, &'static str)> = [
        (
            TicketStatus::InProgress,
            if status == TicketStatus::Waiting {
                T::ResumeWork
            } else if status.is_done() {
                T::ReopenTicket
            } else {
                T::StartWork
            },
            "start",
        ),
        (TicketStatus::Waiting, T::WaitOnCustomer, "wait"),
        (TicketStatus::Resolved, T::ResolveTicket, "resolve"),
    ]
    .into_iter()
    .filter(|(s, ..)| can(*s))
    .collect();
    let take = (me.is_some() && t.assignee.as_ref().map(|a| a.id) != me && !status.is_done()).then(|| {
        let input = input_of(&t, me);
        view! {
            <button type="button" class="btn" data-testid="assign-to-me"
                on:click=move |_| { saved.dispatch(SaveTicket { id: Some(id), version, input: input.clone() }); }>
                {i18n.t(T::AssignToMe)}
            </button>
        }
    });
    let score = RwSignal::new(5u8);
    let rating_comment = RwSignal::new(String::new());
    let comment_body = RwSignal::new(String::new());
    let visibility = RwSignal::new(Visibility::Customer);
    let text = |v: String| view! { <span>{v}</span> }.erase();
    let facts = [
        (T::TicketKind, text(i18n.t(kind_label(t.kind)).to_owned())),
        (
            T::Account,
            t.account.clone().map_or_else(
                || text(String::new()),
                |a| {
                    view! {
                        <A href=format!("/customers/accounts/{}", a.id) attr:data-testid="ticket-account">{a.name}</A>
                    }
                    .erase()
                },
            ),
        ),
        (
            T::Assignee,
            text(
                t.assignee
                    .as_ref()
                    .map_or_else(|| i18n.t(T::Unassigned).to_owned(), |a| a.name.clone()),
            ),
        ),
        (
            T::Team,
            text(t.team.as_ref().map(|x| x.name.clone()).unwrap_or_default()),
        ),
        (
            T::Created,
            text(t.created_at.format("%Y-%m-%d %H:%M").to_string()),
        ),
    ];
    let error = move || {
        moved
            .value()
            .get()
            .and_then(Result::err)
            .or_else(|| saved.value().get().and_then(Result::err))
            .or_else(|| commented.value().get().and_then(Result::err))
    };
    view! {
        <header class="record-head">
            <div class="record-head__main">
                <p class="muted small"><A href="/service">{i18n.t(T::Tickets)}</A>" · #"{id}</p>
                <h1 class="page__title" data-testid="ticket-subject">{t.subject.clone()}</h1>
                <div class="record-head__meta">
                    <span class="pill" data-testid="ticket-status">{i18n.t(status_label(status))}</span>
                    <span class=format!("pill pill--{}", t.priority.as_str())>{i18n.t(priority_label(t.priority))}</span>
                    <SlaBadge clock=t.first_response label=T::FirstResponse/>
                    <SlaBadge clock=t.resolution label=T::Resolution/>
                </div>
            </div>
            <div class="record-head__actions">
                {(!status.is_done()).then(|| view! {
                    <button type="button" class="btn" data-testid="edit-ticket" on:click=move |_| editing.update(|e| *e = !*e)>{i18n.t(T::Edit)}</button>
                })}
                {take}
                {moves.into_iter().map(|(next, label, key)| view! {
                    <button type="button" class="btn" data-testid=format!("move-{key}")
                        on:click=move |_| { moved.dispatch(MoveTicket { id, version, status: next, rating: None }); }>
                        {i18n.t(label)}
                    </button>
                }).collect_view()}
            </div>
        </header>
        {move || error().map(|error| view! { <ErrorBanner error/> })}
        {move || editing.get().then(|| view! { <TicketEdit id version start=edit_start.clone() saved directory/> })}
        <div class="three-sixty">
            <section class="panel">
                <dl class="facts">
                    {facts.into_iter().map(|(k, v)| view! { <dt>{i18n.t(k)}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
                <p class="notes">{t.description.clone()}</p>
                {(status == TicketStatus::Resolved).then(|| view! {
                    <form class="form rating" data-testid="rating-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        let rating = Rating { score: score.get_untracked(), comment: rating_comment.get_untracked() };
                        moved.dispatch(MoveTicket { id, version, status: TicketStatus::Closed, rating: Some(rating) });
                    }>
                        <fieldset>
                            <legend>{i18n.t(T::Satisfaction)}</legend>
                            {(1u8..=5).map(|n| view! {
                                <label class="check"><input type="radio" name="score" value=n.to_string()
                                    prop:checked=move || score.get() == n on:change=move |_| score.set(n)/>" "{n.to_string()}</label>
                            }).collect_view()}
                        </fieldset>
                        <label class="field">
                            <span class="field__label">{i18n.t(T::RatingComment)}</span>
                            <textarea class="input" rows="2" prop:value=rating_comment on:input=move |ev| rating_comment.set(event_target_value(&ev))></textarea>
                        </label>
                        <div class="form__actions">
                            <button type="submit" class="btn btn--primary" data-testid="close-with-rating">{i18n.t(T::CloseWithRating)}</button>
                            <button type="button" class="btn" on:click=move |_| { moved.dispatch(MoveTicket { id, version, status: TicketStatus::Closed, rating: None }); }>{i18n.t(T::CloseTicket)}</button>
                        </div>
                    </form>
                })}
                {t.rating.map(|r| view! {
                    <p data-testid="ticket-rating"><strong>{i18n.t(T::Satisfaction)}": "</strong>{"★".repeat(usize::from(r))}{"☆".repeat(5 - usize::from(r))}" "{t.rating_comment.clone()}</p>
                })}
            </section>
            <section class="panel" data-testid="comments">
                <h2 class="panel__title">{i18n.t(T::Comments)}</h2>
                <ol class="timeline">
                    {detail.comments.into_iter().map(|c| {
                        let internal = c.visibility == Visibility::Internal;
                        view! {
                            <li class="timeline__item" class:timeline__item--internal=internal data-testid="comment">
                                <div class="small muted">
                                    {c.author.map(|a| a.name).unwrap_or_default()}" · "{c.created_at.format("%Y-%m-%d %H:%M").to_string()}" · "
                                    {if internal { i18n.t(T::InternalNote) } else { i18n.t(T::VisibleToCustomer) }}
                                </div>
                                <p class="notes">{c.body}</p>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                <form class="form" data-testid="comment-form" on:submit=move |ev: leptos::ev::SubmitEvent| {
                    ev.prevent_default();
                    let input = CommentInput { body: comment_body.get_untracked(), visibility: visibility.get_untracked() };
                    if input.validated().is_ok() {
                        commented.dispatch(CommentTicket { id, input });
                    }
                }>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::AddComment)}</span>
                        <textarea class="input" name="comment" rows="3" prop:value=comment_body on:input=move |ev| comment_body.set(event_target_value(&ev))></textarea>
                    </label>
                    <div class="form__actions">
                        <label class="check"><input type="radio" name="visibility" prop:checked=move || visibility.get() == Visibility::Customer on:change=move |_| visibility.set(Visibility::Customer)/>" "{i18n.t(T::ReplyToCustomer)}</label>
                        <label class="check"><input type="radio" name="visibility" prop:checked=move || visibility.get() == Visibility::Internal on:change=move |_| visibility.set(Visibility::Internal)/>" "{i18n.t(T::InternalNote)}</label>
                        <button type="submit" class="btn btn--primary" data-testid="add-comment">{i18n.t(T::AddComment)}</button>
                    </div>
                </form>
            </section>
        </div>
    }
}
