//! The delivery project in the CRM: on the deal and the account, its
//! forecast go-live (the go-live milestone's scheduled finish), % complete
//! and health with its causes; on a won deal without one, the offer to
//! start it. Figures come from `domain::project::delivery` via the store.

use crate::erased::Erase;
use cairn::domain::project::delivery::Delivery;
use cairn::domain::project::health::{Cause, Health};
use leptos::prelude::*;
use leptos_router::components::A;

use super::start::StartForm;
use crate::api::delivery::{account_delivery, deal_delivery, delivery_offer};
use crate::i18n::{I18n, T, use_i18n};
use crate::pages::sales::fill;

pub fn health_label(h: Health) -> T {
    match h {
        Health::OnTrack => T::HealthOnTrack,
        Health::AtRisk => T::HealthAtRisk,
        Health::OffTrack => T::HealthOffTrack,
    }
}

pub fn health_key(h: Health) -> &'static str {
    match h {
        Health::OnTrack => "on-track",
        Health::AtRisk => "at-risk",
        Health::OffTrack => "off-track",
    }
}

fn cause_text(c: &Cause, i18n: I18n) -> String {
    match *c {
        Cause::CriticalTaskLate { count } => {
            fill(i18n.t(T::CauseCriticalLate), &[("n", &count.to_string())])
        }
        Cause::TaskLate { count } => fill(i18n.t(T::CauseTaskLate), &[("n", &count.to_string())]),
        Cause::Schedule { spi } => fill(i18n.t(T::CauseSchedule), &[("v", &format!("{spi:.2}"))]),
        Cause::Cost { cpi } => fill(i18n.t(T::CauseCost), &[("v", &format!("{cpi:.2}"))]),
    }
}

/// One delivery project's figures.
#[component]
pub fn DeliveryCard(d: Delivery) -> impl IntoView {
    let i18n = use_i18n();
    let index = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"));
    view! {
        <article class="delivery" data-testid="delivery">
            <header class="delivery__head">
                <A href=format!("/projects/{}", d.project_id) attr:class="link-strong">{d.name.clone()}</A>
                <span class=format!("health health--{}", health_key(d.health)) data-testid="health">{i18n.t(health_label(d.health))}</span>
            </header>
            <dl class="facts">
                <dt>{i18n.t(if d.go_live_is_milestone { T::ForecastGoLive } else { T::ForecastFinish })}</dt>
                <dd data-testid="go-live">{d.go_live.map_or_else(|| "—".to_owned(), |g| g.to_string())}</dd>
                <dt>{i18n.t(T::PercentComplete)}</dt>
                <dd>
                    <span class="delivery__bar" aria-hidden="true"><span style=format!("width:{}%", d.percent_complete)></span></span>
                    <span data-testid="percent">{format!("{} %", d.percent_complete)}</span>
                </dd>
                <dt>{i18n.t(T::Manager)}</dt><dd>{d.manager_name.clone()}</dd>
                <dt>"SPI"</dt><dd data-testid="spi">{index(d.spi)}</dd>
                <dt>"CPI"</dt><dd>{index(d.cpi)}</dd>
            </dl>
            {(!d.causes.is_empty()).then(|| view! {
                <ul class="delivery__causes" data-testid="health-causes">
                    {d.causes.iter().map(|c| view! { <li>{cause_text(c, i18n)}</li> }).collect_view()}
                </ul>
            })}
        </article>
    }
}

/// The deal page's delivery panel: its project, or on a won deal the
/// offer to start one (when the reader may).
#[component]
pub fn DealDelivery(deal_id: i64, won: bool) -> impl IntoView {
    let i18n = use_i18n();
    // Loaded once hydrated, like the account's panels.
    let list = LocalResource::new(move || deal_delivery(deal_id));
    let offer = LocalResource::new(move || async move {
        if won {
            delivery_offer(deal_id).await.ok()
        } else {
            None
        }
    });
    let open = RwSignal::new(false);
    view! {
        <section class="panel" data-testid="delivery-panel">
            <h2 class="panel__title">{i18n.t(T::Delivery)}</h2>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let items = list.await.unwrap_or_default();
                    if !items.is_empty() {
                        return items.into_iter().map(|d| view! { <DeliveryCard d/> }).collect_view().erase();
                    }
                    let offer = offer.await.filter(|o| o.project.is_none());
                    view! {
                        <p class="muted small">{i18n.t(T::NoDelivery)}</p>
                        {offer.map(|offer| view! {
                            <Show when=move || open.get() fallback=move || view! {
                                <button type="button" class="btn btn--primary" on:click=move |_| open.set(true) data-testid="offer-delivery">{i18n.t(T::StartDelivery)}</button>
                            }>
                                <StartForm offer=offer.clone() cancel=Callback::new(move |_: ()| open.set(false))/>
                            </Show>
                        })}
                    }.erase()
                })}
            </Transition>
        </section>
    }
}

/// The account's delivery projects with their figures.
#[component]
pub fn AccountDelivery(account_id: i64) -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(move || account_delivery(account_id));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let items = list.await.unwrap_or_default();
                if items.is_empty() {
                    view! { <p class="muted small">{i18n.t(T::NothingHere)}</p> }.erase()
                } else {
                    items.into_iter().map(|d| view! { <DeliveryCard d/> }).collect_view().erase()
                }
            })}
        </Transition>
    }
}
