//! `/service[?status=…&mine=1]`: open tickets, most urgent first, each
//! with its service-level clocks.

use crate::erased::Erase;
use cairn::domain::service::{TicketQuery, TicketStatus};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{A, Form};
use leptos_router::hooks::use_query_map;

use super::{SlaBadge, kind_label, priority_label, status_label};
use crate::api::service::list_tickets;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};

fn query_of(status: Option<String>, mine: Option<String>) -> TicketQuery {
    TicketQuery {
        status: status.as_deref().and_then(TicketStatus::parse),
        mine: mine.as_deref() == Some("1"),
        ..Default::default()
    }
}

#[component]
pub fn TicketsPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| query_of(p.get("status"), p.get("mine"))));
    let tickets = Resource::new(move || query.get(), list_tickets);
    view! {
        <Title text=i18n.t(T::Tickets)/>
        <section class="page">
            <header class="page__header">
                <h1 class="page__title">{i18n.t(T::Tickets)}</h1>
                <div class="page__actions">
                    <A href="/service/tickets/new" attr:class="btn btn--primary" attr:data-testid="new-ticket">{i18n.t(T::NewTicket)}</A>
                </div>
            </header>
            <super::ServiceTabs active="tickets"/>
            <Form method="GET" action="/service" attr:class="filters">
                <select class="input input--sm" name="status" aria-label=i18n.t(T::Status)>
                    <option value="">{i18n.t(T::AnyOpen)}</option>
                    {TicketStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() prop:selected=move || query.get().status == Some(s)>{i18n.t(status_label(s))}</option>
                    }).collect_view()}
                </select>
                <label class="check"><input type="checkbox" name="mine" value="1" prop:checked=move || query.get().mine/>" "{i18n.t(T::MyTickets)}</label>
                <button type="submit" class="btn btn--sm">{i18n.t(T::Apply)}</button>
                <A href="/service" attr:class="btn btn--sm btn--ghost">{i18n.t(T::ClearFilters)}</A>
            </Form>
            <Transition fallback=move || view! { <p class="muted">{i18n.t(T::Loading)}</p> }>
                {move || Suspend::new(async move {
                    match tickets.await {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{i18n.t(T::NoTickets)}</p> }.erase(),
                        Ok(list) => view! {
                            <div class="table-wrap">
                                <table class="table" data-testid="tickets-table">
                                    <thead><tr>
                                        <th scope="col">"#"</th>
                                        <th scope="col">{i18n.t(T::Subject)}</th>
                                        <th scope="col">{i18n.t(T::Account)}</th>
                                        <th scope="col">{i18n.t(T::PriorityLabel)}</th>
                                        <th scope="col">{i18n.t(T::Status)}</th>
                                        <th scope="col" class="hide-sm">{i18n.t(T::Assignee)}</th>
                                        <th scope="col">{i18n.t(T::Resolution)}</th>
                                    </tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|t| view! {
                                            <tr data-testid="ticket-row" data-ticket=t.id>
                                                <td class="num">{t.id}</td>
                                                <td>
                                                    <A href=format!("/service/tickets/{}", t.id) attr:class="link-strong">{t.subject.clone()}</A>
                                                    <div class="small muted">{i18n.t(kind_label(t.kind))}</div>
                                                </td>
                                                <td>{t.account.as_ref().map(|a| a.name.clone()).unwrap_or_default()}</td>
                                                <td><span class=format!("pill pill--{}", t.priority.as_str())>{i18n.t(priority_label(t.priority))}</span></td>
                                                <td>{i18n.t(status_label(t.status))}</td>
                                                <td class="hide-sm">{t.assignee.as_ref().map_or_else(|| i18n.t(T::Unassigned).to_owned(), |a| a.name.clone())}</td>
                                                <td><SlaBadge clock=t.resolution label=T::Resolution/></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.erase(),
                        Err(e) => view! { <ErrorBanner error=e/> }.erase(),
                    }
                })}
            </Transition>
        </section>
    }
}
