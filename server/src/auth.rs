//! Request-level security: who is calling (from the session), which pages
//! need a signed-in user, and refusing cross-origin state changes.
//! Authorization of *actions* is not here: it is `cairn::domain::authorize`,
//! called by the store on every operation.

use app::api::server::{CurrentUser, LANG_COOKIE, RequestLanguage};
use axum::extract::{Request, State};
use axum::http::{Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use cairn::domain::Language;
use cairn::store::sessions::{SIGNED_IN_AT_KEY, USER_KEY};
use tower_sessions::Session;

use crate::state::AppState;

/// Resolves the session's user (ending sessions that are past the absolute
/// timeout or whose user is gone or disabled), picks the language, and
/// redirects page requests that need a sign-in.
pub async fn resolve_user(
    State(state): State<AppState>,
    session: Session,
    mut req: Request,
    next: Next,
) -> Response {
    let mut current = CurrentUser(None);
    if let Ok(Some(uid)) = session.get::<i64>(USER_KEY).await {
        let signed_in_at = session
            .get::<i64>(SIGNED_IN_AT_KEY)
            .await
            .ok()
            .flatten()
            .unwrap_or(0);
        let max_age = state.settings.cairn.session_absolute_hours as i64 * 3600;
        if chrono::Utc::now().timestamp() - signed_in_at > max_age {
            let _ = session.flush().await;
        } else {
            match cairn::store::users::resolve_session_user(&state.store, uid).await {
                Ok(Some(found)) => current = CurrentUser(Some(found)),
                Ok(None) => {
                    let _ = session.flush().await;
                }
                Err(_) => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
            }
        }
    }
    let language = match &current.0 {
        Some((_, user)) => user.language,
        None => cookie_language(&req).unwrap_or_else(|| state.settings.default_language()),
    };
    let path = req.uri().path().to_owned();
    let signed_in = current.0.is_some();
    req.extensions_mut().insert(current);
    req.extensions_mut().insert(RequestLanguage(language));

    if !signed_in && path.starts_with("/api/") && !PUBLIC_CALLS.contains(&path.as_str()) {
        return unauthenticated();
    }
    if req.method() == Method::GET && is_page(&path) {
        let public = path == "/login" || path == "/setup";
        if !signed_in {
            let setup = state.needs_setup().await;
            if setup && path != "/setup" {
                return Redirect::to("/setup").into_response();
            }
            if !setup && path == "/setup" {
                return Redirect::to("/login").into_response();
            }
            if !public {
                let next = form_urlencoded_path(&path);
                return Redirect::to(&format!("/login?next={next}")).into_response();
            }
        } else if public {
            return Redirect::to("/").into_response();
        }
    }
    next.run(req).await
}

/// The calls a visitor who is not signed in may make: the sign-in and
/// first-run pages' own. Every other `/api/` path is refused here, before
/// its arguments are even read, so a server function that forgot to ask
/// for the actor still cannot be reached anonymously.
pub const PUBLIC_CALLS: &[&str] = &[
    "/api/session_info",
    "/api/login",
    "/api/logout",
    "/api/setup_admin",
    "/api/set_language",
];

/// The refusal a server function would give: 401 with the `AppError` the
/// client decodes (so a page whose session ended shows "sign in").
fn unauthenticated() -> Response {
    let body = serde_json::to_string(&cairn::domain::AppError::Unauthenticated)
        .unwrap_or_else(|_| "\"Unauthenticated\"".to_owned());
    (
        StatusCode::UNAUTHORIZED,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// Page routes (rendered by Leptos), as opposed to server functions,
/// static files and probes.
fn is_page(path: &str) -> bool {
    let last = path.rsplit('/').next().unwrap_or("");
    !(path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || path == "/healthz"
        || path == "/readyz"
        || last.contains('.'))
}

fn form_urlencoded_path(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn cookie_language(req: &Request) -> Option<Language> {
    req.headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == LANG_COOKIE)
        .and_then(|(_, v)| Language::from_tag(v))
}

/// Refuses state-changing requests whose `Origin` (or, lacking it,
/// `Referer`) names another site: a second line of defence against CSRF
/// after SameSite cookies.
pub async fn same_origin(req: Request, next: Next) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok());
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .or_else(|| req.headers().get(header::REFERER))
            .and_then(|h| h.to_str().ok());
        if let (Some(host), Some(origin)) = (host, origin)
            && origin != "null"
            && origin_host(origin) != Some(host)
        {
            tracing::warn!(origin = %origin.escape_debug(), "cross-origin request refused");
            return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
        }
    }
    next.run(req).await
}

/// Logs every refused authorization (403) and keeps it in the audit log as
/// a `denied` row naming the caller, the method and the path, so probing
/// for other people's records leaves a trace an administrator can read.
/// The path is stored as JSON (escaped) and logged with `escape_debug`, so
/// a crafted address cannot forge log lines.
pub async fn log_refusals(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let actor = req
        .extensions()
        .get::<CurrentUser>()
        .and_then(|c| c.0.as_ref().map(|(a, _)| *a));
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let res = next.run(req).await;
    if res.status() == StatusCode::FORBIDDEN {
        tracing::warn!(
            user = actor.map(|a| a.user_id),
            %method,
            path = %path.escape_debug(),
            "authorization refused"
        );
        let what = serde_json::json!({ "method": method, "path": path });
        if let Err(e) = cairn::store::audit::record_alone(
            &state.store,
            actor.as_ref(),
            "request",
            0,
            "denied",
            &what,
        )
        .await
        {
            tracing::warn!(error = %e, "recording a refusal");
        }
    }
    res
}

fn origin_host(origin: &str) -> Option<&str> {
    let rest = origin.split_once("://")?.1;
    Some(rest.split('/').next().unwrap_or(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_assets() {
        assert!(is_page("/"));
        assert!(is_page("/admin/users"));
        assert!(!is_page("/api/login"));
        assert!(!is_page("/pkg/cairn.wasm"));
        assert!(!is_page("/favicon.ico"));
        assert!(!is_page("/healthz"));
    }

    #[test]
    fn origin_hosts() {
        assert_eq!(origin_host("http://127.0.0.1:3000"), Some("127.0.0.1:3000"));
        assert_eq!(origin_host("https://a.example/x/y"), Some("a.example"));
        assert_eq!(origin_host("garbage"), None);
    }
}
