//! Admin › Project templates: the go-live slip threshold — how many days
//! a delivery project's forecast go-live may move later before the
//! deal's and the account's owners are told (setting `go_live_slip`).

use cairn::domain::AppError;
use cairn::domain::project::delivery::SlipSettings;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::delivery::{get_slip_settings, save_slip_settings};
use crate::components::error_banner::{ErrorBanner, OkBanner};
use crate::i18n::{T, use_i18n};
use crate::pages::customers::field_error;

#[component]
pub fn SlipForm() -> impl IntoView {
    let i18n = use_i18n();
    let days = RwSignal::new(String::new());
    let version = RwSignal::new(None::<i64>);
    let error = RwSignal::new(None::<AppError>);
    let saved = RwSignal::new(false);
    // Loaded in the browser only: an effect never runs while the server
    // renders, where there is no local executor to spawn on (spawning in
    // the component body panics the render and cuts the page short).
    Effect::new(move |_| {
        spawn_local(async move {
            match get_slip_settings().await {
                Ok((s, v)) => {
                    days.set(s.threshold_days.to_string());
                    version.set(Some(v));
                }
                Err(e) => error.set(Some(e)),
            }
        });
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(v) = version.get_untracked() else {
            return;
        };
        let Ok(threshold_days) = days.get_untracked().trim().parse::<i64>() else {
            error.set(Some(AppError::invalid(
                "threshold_days",
                "is not a whole number",
            )));
            return;
        };
        spawn_local(async move {
            match save_slip_settings(SlipSettings { threshold_days }, v).await {
                Ok((s, v)) => {
                    days.set(s.threshold_days.to_string());
                    version.set(Some(v));
                    error.set(None);
                    saved.set(true);
                }
                Err(e) => {
                    saved.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    view! {
        <form class="panel costs-settings" on:submit=submit novalidate data-testid="slip-form" aria-labelledby="slip-title">
            <h2 id="slip-title" class="panel__title">{i18n.t(T::SlipThreshold)}</h2>
            <p class="small muted">{i18n.t(T::SlipThresholdHelp)}</p>
            <label class="field">
                <span class="field__label">{i18n.t(T::SlipDays)}</span>
                <input class="input input--short" type="number" min="0" max="365" data-testid="slip-days"
                    prop:value=move || days.get() on:input=move |ev| days.set(event_target_value(&ev))/>
                {field_error(error.into(), "threshold_days")}
            </label>
            <button type="submit" class="btn" data-testid="save-slip" disabled=move || version.get().is_none()>{i18n.t(T::Save)}</button>
            {move || saved.get().then(|| view! { <OkBanner text=i18n.t(T::Saved)/> })}
            {move || error.get().filter(|e| !matches!(e, AppError::Validation { field, .. } if field == "threshold_days"))
                .map(|error| view! { <ErrorBanner error/> })}
        </form>
    }
}
