//! Server-side glue shared by every server function (feature `ssr`).

use axum::Extension;
use cairn::domain::user::UserView;
use cairn::domain::{Actor, AppError, AppResult, Language};
use cairn::store::Store;
use leptos::prelude::*;
use leptos_axum::ResponseOptions;

/// Who sent this request, resolved from the session by the server's auth
/// middleware before any handler runs (see `server/src/auth.rs`).
#[derive(Clone, Debug, Default)]
pub struct CurrentUser(pub Option<(Actor, UserView)>);

/// The language the request should be answered in (user preference, else
/// the `cairn_lang` cookie, else the configured default).
#[derive(Clone, Copy, Debug)]
pub struct RequestLanguage(pub Language);

/// Name of the cookie holding an anonymous visitor's language.
pub const LANG_COOKIE: &str = "cairn_lang";

pub fn store() -> AppResult<Store> {
    use_context::<Store>().ok_or_else(|| AppError::Internal("store missing from context".into()))
}

pub async fn current_user() -> CurrentUser {
    leptos_axum::extract::<Extension<CurrentUser>>()
        .await
        .map(|Extension(u)| u)
        .unwrap_or_default()
}

/// The signed-in actor, or `Unauthenticated`.
pub async fn actor() -> AppResult<(Actor, UserView)> {
    current_user().await.0.ok_or(AppError::Unauthenticated)
}

pub async fn request_language() -> Language {
    leptos_axum::extract::<Extension<RequestLanguage>>()
        .await
        .map(|Extension(l)| l.0)
        .unwrap_or_default()
}

pub async fn session() -> AppResult<tower_sessions::Session> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// Sets the response status from the error, so HTTP clients (and the
/// authorization tests) see 401/403/409/422/429, not a blanket 500.
pub fn respond<T>(result: AppResult<T>) -> AppResult<T> {
    if let Err(e) = &result
        && let Some(opts) = use_context::<ResponseOptions>()
        && let Ok(code) = axum::http::StatusCode::from_u16(e.status())
    {
        opts.set_status(code);
        if let AppError::TooManyAttempts { retry_after_secs } = e
            && let Ok(v) = axum::http::HeaderValue::from_str(&retry_after_secs.to_string())
        {
            opts.insert_header(axum::http::header::RETRY_AFTER, v);
        }
    }
    result
}

pub fn set_language_cookie(lang: Language) {
    if let Some(opts) = use_context::<ResponseOptions>()
        && let Ok(v) = axum::http::HeaderValue::from_str(&format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.tag()
        ))
    {
        opts.append_header(axum::http::header::SET_COOKIE, v);
    }
}

pub fn session_err<E: std::fmt::Display>(e: E) -> AppError {
    tracing::error!(error = %e, "session store");
    AppError::Internal("session error".into())
}
