//! Starting a won deal's delivery project: the form (template, name,
//! start, manager, calendar), shown in a dialog when a deal is dropped
//! on Won and in the deal page's delivery panel. The rules (who may,
//! which manager, one project per deal) are the store's; the form shows
//! its refusals by field.

use cairn::domain::AppError;
use cairn::domain::project::CalendarKey;
use cairn::domain::project::delivery::{StartOffer, StartProject};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_navigate;

use super::calendar_label;
use crate::api::delivery::{delivery_offer, start_delivery};
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::{field_error, parse_id};
use crate::pages::sales::fill;

/// The form for one offer; `cancel` adds a "Not now" button.
#[component]
pub fn StartForm(
    offer: StartOffer,
    #[prop(optional)] cancel: Option<Callback<()>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let template = RwSignal::new(
        offer
            .templates
            .first()
            .map(|t| t.id.to_string())
            .unwrap_or_default(),
    );
    let name = RwSignal::new(offer.title.clone());
    let start = RwSignal::new(offer.start.to_string());
    let manager = RwSignal::new(
        offer
            .manager_id
            .or_else(|| offer.managers.first().map(|p| p.id))
            .map(|m| m.to_string())
            .unwrap_or_default(),
    );
    let calendar = RwSignal::new(CalendarKey::Standard.as_str().to_owned());
    let error = RwSignal::new(None::<AppError>);
    let busy = RwSignal::new(false);
    let navigate = use_navigate();
    let deal_id = offer.deal_id;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Ok(start) = NaiveDate::parse_from_str(&start.get_untracked(), "%Y-%m-%d") else {
            error.set(Some(AppError::invalid("start", "is not a date")));
            return;
        };
        let input = StartProject {
            deal_id,
            template_id: parse_id(&template.get_untracked()),
            name: name.get_untracked(),
            start,
            manager_id: parse_id(&manager.get_untracked()),
            calendar: CalendarKey::parse(&calendar.get_untracked())
                .unwrap_or(CalendarKey::Standard),
        };
        busy.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match start_delivery(input).await {
                Ok(p) => navigate(&format!("/projects/{}", p.id), Default::default()),
                Err(e) => {
                    busy.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let err = Signal::derive(move || error.get());
    view! {
        <form class="form" on:submit=submit data-testid="start-delivery-form" novalidate>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { .. })).map(|error| view! { <ErrorBanner error/> })}
            <label class="field">
                <span class="field__label">{i18n.t(T::Template)}</span>
                <select class="input" name="template" bind:value=template>
                    {offer.templates.iter().map(|t| {
                        let v = t.id.to_string();
                        let v2 = v.clone();
                        view! { <option value=v selected=move || template.with(|x| *x == v2)>{t.name.clone()}</option> }
                    }).collect_view()}
                    <option value="" selected=move || template.with(String::is_empty)>{i18n.t(T::EmptyPlan)}</option>
                </select>
                {field_error(err, "template_id")}
                {field_error(err, "rows")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::ProjectName)}</span>
                <input class="input" name="name" required bind:value=name autocomplete="off"/>
                {field_error(err, "name")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Start)}</span>
                <input class="input" name="start" type="date" required bind:value=start/>
                {field_error(err, "start")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Manager)}</span>
                <select class="input" name="manager" bind:value=manager>
                    {offer.managers.iter().map(|p| {
                        let v = p.id.to_string();
                        let v2 = v.clone();
                        view! { <option value=v selected=move || manager.with(|m| *m == v2)>{p.name.clone()}</option> }
                    }).collect_view()}
                </select>
                {field_error(err, "manager_id")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::WorkCalendar)}</span>
                <select class="input" name="calendar" bind:value=calendar>
                    {CalendarKey::ALL.into_iter().map(|c| view! { <option value=c.as_str() selected=move || calendar.with(|v| v == c.as_str())>{i18n.t(calendar_label(c))}</option> }).collect_view()}
                </select>
            </label>
            {field_error(err, "deal_id")}
            <div class="form__actions">
                <button class="btn btn--primary" type="submit" disabled=move || busy.get() data-testid="start-delivery">{i18n.t(T::StartDelivery)}</button>
                {cancel.map(|cancel| view! {
                    <button class="btn btn--ghost" type="button" on:click=move |_| cancel.run(()) data-testid="not-now">{i18n.t(T::NotNow)}</button>
                })}
            </div>
        </form>
    }
}

/// After a deal is dropped on Won: the offer to start its delivery
/// project, unless it has one or the person may not start it (then
/// nothing opens). Escape or "Not now" closes it.
#[component]
pub fn WonDialog(won: RwSignal<Option<(i64, String)>>) -> impl IntoView {
    let i18n = use_i18n();
    let offer = LocalResource::new(move || {
        let deal = won.get().map(|(id, _)| id);
        async move {
            match deal {
                Some(id) => delivery_offer(id).await.ok(),
                None => None,
            }
        }
    });
    let close = Callback::new(move |_: ()| won.set(None));
    move || {
        let (_, title) = won.get()?;
        let offer = offer.get().flatten()?;
        if offer.project.is_some() || offer.deal_id != won.get_untracked()?.0 {
            return None;
        }
        let intro = fill(i18n.t(T::DealWonIntro), &[("title", &title)]);
        let on_key = move |e: leptos::ev::KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                close.run(());
            }
        };
        Some(view! {
            <div class="dialog-backdrop" on:keydown=on_key>
                <div class="dialog panel" role="dialog" aria-modal="true" aria-labelledby="won-title" data-testid="won-dialog">
                    <h2 id="won-title" class="panel__title">{i18n.t(T::DealWonTitle)}</h2>
                    <p class="muted">{intro}</p>
                    <StartForm offer cancel=close/>
                </div>
            </div>
        })
    }
}
