//! `/service/board[?mine=1]`: tickets in a lane per status — the open
//! ones and those resolved or closed in the last days — moved along
//! their life cycle by dragging (or Space and the arrow keys) on the
//! board the pipeline uses ([`crate::components::kanban`]). A move the
//! life cycle does not allow (closing a ticket that is not resolved,
//! working on one nobody is assigned) is refused by the server with its
//! reason, and the card goes back.

use crate::erased::Erase;
use cairn::domain::service::{TicketQuery, TicketStatus, TicketView};
use cairn::domain::{Action, Actor, Module, Resource, allowed};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use super::{SlaBadge, priority_label, status_label};
use crate::api::service::{load_ticket, move_ticket, service_board};
use crate::app::use_session;
use crate::components::error_banner::ErrorBanner;
use crate::components::kanban::{Lane, LaneBoard, LaneCard, LaneTexts};
use crate::i18n::{T, error_text, use_i18n};

impl LaneCard for TicketView {
    fn id(&self) -> i64 {
        self.id
    }
    fn lane(&self) -> String {
        self.status.as_str().to_owned()
    }
    fn version(&self) -> i64 {
        self.version
    }
    fn title(&self) -> String {
        self.subject.clone()
    }
}

#[component]
pub fn ServiceBoardPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| {
        params.with(|p| TicketQuery {
            mine: p.get("mine").as_deref() == Some("1"),
            ..Default::default()
        })
    });
    let tickets = leptos::prelude::Resource::new(move || query.get(), service_board);
    view! {
        <Title text=i18n.t(T::ServiceBoard)/>
        <section class="page page--board">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::ServiceBoard)}</h1>
                <div class="page__actions">
                    <A href="/service/tickets/new" attr:class="btn btn--primary">{i18n.t(T::NewTicket)}</A>
                </div>
            </header>
            <super::ServiceTabs active="board"/>
            <Form method="GET" action="/service/board" attr:class="filters">
                <label class="check"><input type="checkbox" name="mine" value="1" prop:checked=move || query.get().mine/>" "{i18n.t(T::MyTickets)}</label>
                <button type="submit" class="btn btn--sm">{i18n.t(T::Apply)}</button>
            </Form>
            <p class="small muted">{i18n.t(T::ServiceBoardNote)}</p>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match tickets.await {
                        Ok(list) => view! { <TicketLanes list/> }.erase(),
                        Err(error) => view! { <ErrorBanner error/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn TicketLanes(list: Vec<TicketView>) -> impl IntoView {
    let i18n = use_i18n();
    let actor = use_session().user.map(|u| Actor {
        user_id: u.id,
        role: u.role,
        team_id: u.team_id,
    });
    let cards = RwSignal::new(list);
    let message = RwSignal::new(None::<String>);
    let lanes: Vec<Lane> = TicketStatus::ALL
        .into_iter()
        .map(|s| Lane {
            key: s.as_str().to_owned(),
            title: i18n.t(status_label(s)).to_owned(),
        })
        .collect();
    // The rule the server applies (`store::service::tickets::check_write`):
    // the ticket as a service record owned by its assignee in its team.
    let can_move = Callback::new(move |t: TicketView| {
        actor.as_ref().is_some_and(|a| {
            allowed(
                a,
                Action::Update,
                Resource::Record {
                    module: Module::Service,
                    owner_id: t.assignee.as_ref().map(|x| x.id),
                    team_id: t.team.as_ref().map(|x| x.id),
                },
            )
        })
    });
    let on_move = Callback::new(move |(t, lane): (TicketView, String)| {
        let Some(next) = TicketStatus::parse(&lane) else {
            return;
        };
        let (id, version, title) = (t.id, t.version, t.subject.clone());
        message.set(None);
        cards.update(|cs| {
            if let Some(c) = cs.iter_mut().find(|c| c.id == id) {
                c.status = next;
            }
        });
        spawn_local(async move {
            let saved = move_ticket(id, version, next, None).await;
            let now = match saved {
                Ok(v) => Some(v),
                Err(error) => {
                    message.set(Some(
                        i18n.t(T::TicketMoveRefused)
                            .replace("{title}", &title)
                            .replace("{error}", &error_text(&error, i18n.lang())),
                    ));
                    load_ticket(id).await.ok().map(|d| d.ticket)
                }
            };
            cards.update(|cs| match now {
                Some(v) => {
                    if let Some(c) = cs.iter_mut().find(|c| c.id == id) {
                        *c = v;
                    }
                }
                None => cs.retain(|c| c.id != id),
            });
        });
    });
    let texts = LaneTexts {
        help: i18n.t(T::LaneHelp),
        lifted: i18n.t(T::LaneLifted),
        over: i18n.t(T::LaneOver),
        dropped: i18n.t(T::LaneDropped),
        cancelled: i18n.t(T::LaneCancelled),
        empty: i18n.t(T::NoTickets),
    };
    let render = move |t: TicketView| {
        view! {
            <A href=format!("/service/tickets/{}", t.id) attr:class="lane-card__title">{t.subject.clone()}</A>
            <span class="lane-card__meta small muted">
                {format!("#{} · {}", t.id, t.account.as_ref().map(|a| a.name.clone()).unwrap_or_default())}
            </span>
            <span class="lane-card__foot">
                <span class=format!("pill pill--{}", t.priority.as_str())>{i18n.t(priority_label(t.priority))}</span>
                <span class="small">{t.assignee.as_ref().map_or_else(|| i18n.t(T::Unassigned).to_owned(), |a| a.name.clone())}</span>
            </span>
            {(!t.status.is_done()).then(|| view! { <SlaBadge clock=t.resolution label=T::Resolution/> })}
        }
    };
    view! {
        {move || message.get().map(|m| view! {
            <p class="banner banner--error" role="alert" data-testid="move-message">
                {m}" "
                <button type="button" class="btn btn--sm btn--ghost" on:click=move |_| message.set(None)>"×"</button>
            </p>
        })}
        <LaneBoard lanes cards render can_move on_move texts testid="service-board"/>
    }
}
