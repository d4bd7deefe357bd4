use cairn::domain::Language;
use leptos::prelude::*;

use crate::api::auth::SetLanguage;
use crate::i18n::{T, use_i18n};

/// English / 简体中文. Saves the choice (user and cookie), then reloads so
/// every server-rendered string follows.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetLanguage>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            super::reload();
        }
    });
    view! {
        <div class="lang-switch" role="group" aria-label=move || i18n.t(T::Language)>
            {Language::ALL
                .into_iter()
                .map(|l| {
                    let current = move || i18n.lang() == l;
                    view! {
                        <button
                            type="button"
                            class="lang-switch__btn"
                            class:is-current=current
                            aria-pressed=move || current().to_string()
                            lang=l.tag()
                            data-lang=l.tag()
                            on:click=move |_| {
                                if !current() {
                                    action.dispatch(SetLanguage { tag: l.tag().to_owned() });
                                }
                            }
                        >
                            {l.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
