//! Two panels of the account's 360° view fed by other modules: its
//! service tickets (open ones first, then those done lately) and the
//! campaigns its contacts are in. Each is loaded by the browser once the
//! page is hydrated (as the projects and deals panels are) and left out
//! for readers without that module.

use crate::erased::Erase;
use cairn::domain::service::TicketQuery;
use cairn::domain::{Action, Actor, AppError, Module, Resource, allowed};
use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::marketing::member_label;
use crate::pages::service::{SlaBadge, priority_label, status_label};

/// Whether the signed-in reader may read `module` at all (a refused
/// request would be an error in the browser's console).
pub(super) fn may_read(module: Module) -> bool {
    crate::app::use_session().user.is_some_and(|u| {
        let actor = Actor {
            user_id: u.id,
            role: u.role,
            team_id: u.team_id,
        };
        allowed(&actor, Action::Read, Resource::Module(module))
    })
}

/// The account's tickets: open ones (most urgent first) with their
/// resolution clock, then those resolved or closed in the last days.
#[component]
pub fn AccountTickets(account_id: i64, deleted: bool) -> impl IntoView {
    let i18n = use_i18n();
    if !may_read(Module::Service) {
        return ().erase();
    }
    let tickets = LocalResource::new(move || {
        crate::api::service::service_board(TicketQuery {
            account_id: Some(account_id),
            ..Default::default()
        })
    });
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <section class="panel" data-testid="tickets-panel">
            <div class="panel__head">
                <h2 class="panel__title">{i18n.t(T::OpenTicketsOfAccount)}</h2>
                {(!deleted).then(|| view! {
                    <A href="/service/tickets/new" attr:class="btn btn--sm">{i18n.t(T::NewTicket)}</A>
                })}
            </div>
            {move || mounted.get().then(|| view! {
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match tickets.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted small">{i18n.t(T::NoTickets)}</p> }.erase(),
                            Ok(list) => {
                                let (open, done): (Vec<_>, Vec<_>) = list.into_iter().partition(|t| !t.status.is_done());
                                let row = move |t: cairn::domain::service::TicketView| view! {
                                    <li data-testid="account-ticket" data-status=t.status.as_str()>
                                        <A href=format!("/service/tickets/{}", t.id) attr:class="link-strong">{t.subject.clone()}</A>
                                        <span class="small muted">{format!("#{} · {} · {}", t.id, i18n.t(priority_label(t.priority)), i18n.t(status_label(t.status)))}</span>
                                        {(!t.status.is_done()).then(|| view! { <SlaBadge clock=t.resolution label=T::Resolution/> })}
                                    </li>
                                };
                                view! {
                                    <ul class="people">{open.into_iter().map(row).collect_view()}</ul>
                                    {(!done.is_empty()).then(|| view! {
                                        <h3 class="small muted">{i18n.t(T::AllTicketsOfAccount)}</h3>
                                        <ul class="people">{done.into_iter().map(row).collect_view()}</ul>
                                    })}
                                }.erase()
                            }
                            Err(AppError::Forbidden) => ().erase(),
                            Err(error) => view! { <ErrorBanner error/> }.erase(),
                        }
                    })}
                </Transition>
            })}
        </section>
    }
    .erase()
}

/// The campaigns the account's contacts are in, and how far each got.
#[component]
pub fn AccountCampaigns(account_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    if !may_read(Module::Marketing) {
        return ().erase();
    }
    let memberships =
        LocalResource::new(move || crate::api::marketing::account_campaigns(account_id));
    let mounted = RwSignal::new(false);
    Effect::new(move |_| mounted.set(true));
    view! {
        <section class="panel" data-testid="campaigns-panel">
            <h2 class="panel__title">{i18n.t(T::CampaignMemberships)}</h2>
            {move || mounted.get().then(|| view! {
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match memberships.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted small">{i18n.t(T::NoMemberships)}</p> }.erase(),
                            Ok(list) => {
                                // One line per campaign, its people after it.
                                let mut by_campaign: Vec<(cairn::domain::customer::Named, Vec<cairn::domain::marketing::AccountMembership>)> = Vec::new();
                                for m in list {
                                    match by_campaign.iter_mut().find(|(c, _)| c.id == m.campaign.id) {
                                        Some((_, people)) => people.push(m),
                                        None => by_campaign.push((m.campaign.clone(), vec![m])),
                                    }
                                }
                                view! {
                                    <ul class="people">
                                        {by_campaign.into_iter().map(|(c, people)| view! {
                                            <li data-testid="account-campaign">
                                                <A href=format!("/marketing/{}", c.id) attr:class="link-strong">{c.name.clone()}</A>
                                                {people.into_iter().map(|m| view! {
                                                    <span class="small">
                                                        <A href=format!("/customers/contacts/{}", m.contact.id)>{m.contact.name.clone()}</A>
                                                        {format!(" · {}", i18n.t(member_label(m.status)))}
                                                    </span>
                                                }).collect_view()}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                }.erase()
                            }
                            Err(AppError::Forbidden) => ().erase(),
                            Err(error) => view! { <ErrorBanner error/> }.erase(),
                        }
                    })}
                </Transition>
            })}
        </section>
    }
    .erase()
}
