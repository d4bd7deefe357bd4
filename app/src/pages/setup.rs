use leptos::prelude::*;
use leptos_meta::Title;

use crate::api::auth::SetupAdmin;
use crate::components::error_banner::ErrorBanner;
use crate::components::go_to;
use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{T, use_i18n};

/// First run: create the administrator (the server refuses once any user
/// exists).
#[component]
pub fn SetupPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<SetupAdmin>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            go_to("/");
        }
    });
    view! {
        <Title text=i18n.t(T::SetupTitle)/>
        <section class="auth">
            <div class="auth__card">
                <div class="auth__brand">
                    <span class="brand__mark" aria-hidden="true">"◭"</span>
                    <span class="brand__name">{i18n.t(T::AppName)}</span>
                </div>
                <h1 class="auth__title">{i18n.t(T::SetupTitle)}</h1>
                <p class="muted">{i18n.t(T::SetupIntro)}</p>
                <ActionForm action=action attr:class="form">
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Username)}</span>
                        <input class="input" name="username" autocomplete="username" required/>
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::DisplayName)}</span>
                        <input class="input" name="display_name" autocomplete="name" required/>
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Email)}</span>
                        <input class="input" type="email" name="email" autocomplete="email" required/>
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Password)}</span>
                        <input class="input" type="password" name="password" autocomplete="new-password" required minlength="12"/>
                        <span class="field__hint">{i18n.t(T::PasswordHint)}</span>
                    </label>
                    {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
                    <button type="submit" class="btn btn--primary btn--block" disabled=move || action.pending().get()>
                        {i18n.t(T::Create)}
                    </button>
                </ActionForm>
                <div class="auth__footer"><LanguageSwitch/></div>
            </div>
        </section>
    }
}
