use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::api::auth::Login;
use crate::components::error_banner::ErrorBanner;
use crate::components::go_to;
use crate::components::language_switch::LanguageSwitch;
use crate::i18n::{T, use_i18n};

/// Only same-site paths are followed after sign-in (no open redirect).
fn safe_next(next: Option<String>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n,
        _ => "/".to_owned(),
    }
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let action = ServerAction::<Login>::new();
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get() {
            go_to(&safe_next(query.read_untracked().get("next")));
        }
    });
    view! {
        <Title text=i18n.t(T::SignIn)/>
        <section class="auth">
            <div class="auth__card">
                <div class="auth__brand">
                    <span class="brand__mark" aria-hidden="true">"◭"</span>
                    <span class="brand__name">{i18n.t(T::AppName)}</span>
                </div>
                <h1 class="auth__title">{i18n.t(T::SignInTitle)}</h1>
                <p class="muted">{i18n.t(T::Tagline)}</p>
                <ActionForm action=action attr:class="form" attr:data-testid="login-form">
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Username)}</span>
                        <input class="input" name="username" autocomplete="username" required autofocus/>
                    </label>
                    <label class="field">
                        <span class="field__label">{i18n.t(T::Password)}</span>
                        <input class="input" type="password" name="password" autocomplete="current-password" required/>
                    </label>
                    {move || action.value().get().and_then(Result::err).map(|error| view! { <ErrorBanner error/> })}
                    <button type="submit" class="btn btn--primary btn--block" disabled=move || action.pending().get()>
                        {i18n.t(T::SignIn)}
                    </button>
                </ActionForm>
                <div class="auth__footer">
                    <LanguageSwitch/>
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_must_stay_on_this_site() {
        assert_eq!(safe_next(Some("/admin/users".into())), "/admin/users");
        assert_eq!(safe_next(Some("//evil.example".into())), "/");
        assert_eq!(safe_next(Some("https://evil.example".into())), "/");
        assert_eq!(safe_next(Some("/\\evil.example".into())), "/");
        assert_eq!(safe_next(None), "/");
    }
}
