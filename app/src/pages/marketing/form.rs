//! `/marketing/new` and the campaign page's edit panel.

use cairn::domain::AppError;
use cairn::domain::marketing::{CampaignInput, CampaignKind, CampaignStatus};
use cairn::domain::sales::money::{COMMON_CURRENCIES, format_amount, parse_amount};
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{kind_label, status_label};
use crate::api::marketing::SaveCampaign;
use crate::components::error_banner::ErrorBanner;
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;

#[component]
pub fn CampaignNewPage() -> impl IntoView {
    let i18n = use_i18n();
    let save = ServerAction::<SaveCampaign>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(c)) = save.value().get() {
            navigate(&format!("/marketing/{}", c.id), Default::default());
        }
    });
    view! {
        <Title text=i18n.t(T::NewCampaign)/>
        <section class="page page--narrow">
            <p class="muted small"><A href="/marketing">{i18n.t(T::Campaigns)}</A></p>
            <h1 class="page__title">{i18n.t(T::NewCampaign)}</h1>
            <CampaignForm id=None version=0 start=CampaignInput::default() save/>
        </section>
    }
}

/// Money typed as text ("12,500.50"); empty is nothing spent.
fn amount(field: &str, text: &str, currency: &str) -> Result<i64, AppError> {
    if text.trim().is_empty() {
        Ok(0)
    } else {
        parse_amount(field, text, currency)
    }
}

fn date(field: &str, text: &str) -> Result<Option<NaiveDate>, AppError> {
    match text.trim() {
        "" => Ok(None),
        t => t
            .parse()
            .map(Some)
            .map_err(|_| AppError::invalid(field, "is not a date")),
    }
}

#[component]
pub fn CampaignForm(
    id: Option<i64>,
    version: i64,
    start: CampaignInput,
    save: ServerAction<SaveCampaign>,
) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(start.name.clone());
    let kind = RwSignal::new(start.kind);
    let status = RwSignal::new(start.status);
    let start_on = RwSignal::new(start.start_on.map(|d| d.to_string()).unwrap_or_default());
    let end_on = RwSignal::new(start.end_on.map(|d| d.to_string()).unwrap_or_default());
    let currency = RwSignal::new(start.currency.clone());
    let shown = |v: i64, c: &str| {
        if v == 0 {
            String::new()
        } else {
            format_amount(v, c).replace(',', "")
        }
    };
    let budget = RwSignal::new(shown(start.budget, &start.currency));
    let cost = RwSignal::new(shown(start.actual_cost, &start.currency));
    let description = RwSignal::new(start.description.clone());
    let owner_id = start.owner_id;
    let local_error = RwSignal::new(None::<AppError>);
    let error = Signal::derive(move || {
        local_error
            .get()
            .or_else(|| save.value().get().and_then(Result::err))
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local_error.set(None);
        let cur = currency.get_untracked();
        let input = (|| {
            Ok::<_, AppError>(CampaignInput {
                name: name.get_untracked(),
                kind: kind.get_untracked(),
                status: status.get_untracked(),
                start_on: date("start_on", &start_on.get_untracked())?,
                end_on: date("end_on", &end_on.get_untracked())?,
                budget: amount("budget", &budget.get_untracked(), &cur)?,
                actual_cost: amount("actual_cost", &cost.get_untracked(), &cur)?,
                currency: cur.clone(),
                description: description.get_untracked(),
                owner_id,
            })
        })()
        .and_then(|i| i.validated());
        match input {
            Ok(input) => {
                save.dispatch(SaveCampaign { id, version, input });
            }
            Err(e) => local_error.set(Some(e)),
        }
    };
    let wired = [
        "name",
        "start_on",
        "end_on",
        "budget",
        "actual_cost",
        "currency",
    ];
    view! {
        <form class="form form--grid panel" on:submit=on_submit data-testid="campaign-form" novalidate>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Name)}" *"</span>
                <input class="input" name="name" bind:value=name/>
                {field_error(error, "name")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Kind)}</span>
                <select class="input" name="kind" on:change=move |ev| {
                    if let Some(k) = CampaignKind::parse(&event_target_value(&ev)) { kind.set(k) }
                }>
                    {CampaignKind::ALL.into_iter().map(|k| view! {
                        <option value=k.as_str() selected=move || kind.get() == k>{i18n.t(kind_label(k))}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Status)}</span>
                <select class="input" name="status" on:change=move |ev| {
                    if let Some(s) = CampaignStatus::parse(&event_target_value(&ev)) { status.set(s) }
                }>
                    {CampaignStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || status.get() == s>{i18n.t(status_label(s))}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::StartOn)}</span>
                <input class="input" name="start_on" type="date" bind:value=start_on/>
                {field_error(error, "start_on")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::EndOn)}</span>
                <input class="input" name="end_on" type="date" bind:value=end_on/>
                {field_error(error, "end_on")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::CurrencyLabel)}</span>
                <input class="input" name="currency" list="campaign-currencies" bind:value=currency/>
                <datalist id="campaign-currencies">
                    {COMMON_CURRENCIES.into_iter().map(|c| view! { <option value=c/> }).collect_view()}
                </datalist>
                {field_error(error, "currency")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::Budget)}</span>
                <input class="input" name="budget" inputmode="decimal" bind:value=budget placeholder="20000"/>
                {field_error(error, "budget")}
            </label>
            <label class="field">
                <span class="field__label">{i18n.t(T::ActualCost)}</span>
                <input class="input" name="actual_cost" inputmode="decimal" bind:value=cost placeholder="12000"/>
                {field_error(error, "actual_cost")}
            </label>
            <label class="field field--wide">
                <span class="field__label">{i18n.t(T::Description)}</span>
                <textarea class="input" name="description" rows="3" bind:value=description></textarea>
            </label>
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if wired.contains(&field.as_str()))).map(|error| view! { <ErrorBanner error/> })}
            <div class="form__actions field--wide">
                <button type="submit" class="btn btn--primary" data-testid="save-campaign" disabled=move || save.pending().get()>{i18n.t(T::Save)}</button>
            </div>
        </form>
    }
}
