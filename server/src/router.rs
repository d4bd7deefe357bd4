//! The axum application: Leptos pages and server functions, probes, and the
//! middleware stack (outermost first): trace → security headers →
//! same-origin check → sessions → user resolution.

use std::sync::OnceLock;
use std::sync::atomic::Ordering;

use app::{App, shell};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderName, HeaderValue, StatusCode, header};
use axum::middleware;
use axum::routing::{get, post};
use leptos::prelude::provide_context;

use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

use crate::auth;
use crate::state::AppState;

/// The import wizard's calls carry the file (base64 in JSON): they may be
/// larger than axum's default 2 MB body limit, which every other call keeps.
const IMPORT_BODY_LIMIT: usize =
    cairn::domain::import::upload::MAX_UPLOAD_BYTES / 3 * 4 + 1024 * 1024;

async fn import_body_limit(
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    use tower::{Layer, ServiceExt};
    if req.uri().path().starts_with("/api/import_") {
        match axum::extract::DefaultBodyLimit::max(IMPORT_BODY_LIMIT)
            .layer(next)
            .oneshot(req)
            .await
        {
            Ok(res) => res,
            Err(never) => match never {},
        }
    } else {
        next.run(req).await
    }
}

/// Arguments a server function cannot decode are the caller's mistake,
/// but server_fn answers them before our code runs, with 500. Such an
/// answer carries our `Validation` error for the field `request` (see
/// `AppError`'s `FromServerFnError`), so here it becomes the 422 every
/// other invalid input gets. Only 500s are read, and only small ones.
async fn undecodable_arguments_are_422(
    req: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let res = next.run(req).await;
    if res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024)
        .await
        .unwrap_or_default();
    if bytes.starts_with(br#"{"Validation":{"field":"request""#) {
        parts.status = StatusCode::UNPROCESSABLE_ENTITY;
    }
    axum::response::Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Name of the session cookie.
pub const SESSION_COOKIE: &str = "cairn_session";

/// The app's routes, worked out once per process. Leptos works them out
/// by running the app with resource loading switched off through a
/// process-wide flag (`SuppressResourceLoad` in leptos_server): a page
/// rendering anywhere in the process meanwhile gets resources that never
/// load, and its response never ends. The server builds its router once,
/// before it serves; the tests build one per test, beside other tests'
/// page renders, and one render in a few hundred hung until this.
pub fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

pub fn build(state: AppState) -> Router {
    let routes = routes();
    let settings = state.settings.clone();
    let sessions = SessionManagerLayer::new(cairn::store::sessions::DbSessionStore::new(
        state.store.clone(),
    ))
    .with_name(SESSION_COOKIE)
    .with_http_only(true)
    .with_same_site(SameSite::Lax)
    .with_secure(settings.cairn.secure_cookies)
    .with_expiry(Expiry::OnInactivity(time::Duration::minutes(
        settings.cairn.session_idle_minutes as i64,
    )));

    let store = state.store.clone();
    let options = state.leptos_options.clone();
    let dev = settings.site.env.eq_ignore_ascii_case("dev");
    let mut router = Router::new()
        .route("/healthz", get(|| async { "ok" }))
        .route("/readyz", get(readyz))
        .route("/api/sales/events", get(crate::live::sales_events))
        .route(
            "/api/notifications/events",
            get(crate::live::notification_events),
        )
        .route("/api/sales/forecast.csv", get(crate::export::forecast_csv))
        .route("/api/export/{file}", get(crate::list_export::list_export))
        .route(
            "/api/projects/{id}/events",
            get(crate::live::project_events),
        )
        .route(
            "/api/projects/import.xml",
            post(crate::project_files::import_xml).layer(axum::extract::DefaultBodyLimit::max(
                cairn::domain::project::interchange::MAX_MSPDI_BYTES,
            )),
        )
        .route(
            "/api/projects/{id}/export.xml",
            get(crate::project_files::export_xml),
        )
        .route(
            "/api/projects/{id}/schedule.csv",
            get(crate::project_files::schedule_csv),
        )
        .route(
            "/api/projects/{id}/milestones.ics",
            get(crate::project_files::milestones_ics),
        )
        .leptos_routes_with_context(
            &state,
            routes,
            move || provide_context(store.clone()),
            move || shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler::<AppState, _>(shell))
        .layer(middleware::from_fn(import_body_limit))
        .layer(middleware::from_fn(undecodable_arguments_are_422))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::log_refusals,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            auth::resolve_user,
        ))
        .layer(sessions)
        .layer(middleware::from_fn(auth::same_origin));
    for (name, value) in security_headers(
        dev,
        settings.site.reload_port,
        settings.cairn.secure_cookies,
    ) {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, value));
    }
    router.layer(TraceLayer::new_for_http()).with_state(state)
}

/// Headers on every response. The CSP allows what the Leptos wasm app
/// needs: its own scripts, `wasm-unsafe-eval` to compile the module, and the
/// inline hydration bootstrap (nonces are a later hardening step).
fn security_headers(dev: bool, reload_port: u32, https: bool) -> Vec<(HeaderName, HeaderValue)> {
    let connect = if dev {
        format!("'self' ws://127.0.0.1:{reload_port} ws://localhost:{reload_port}")
    } else {
        "'self'".to_owned()
    };
    let csp = format!(
        "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
         connect-src {connect}; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    let mut headers = vec![
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ),
        (
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
        ),
    ];
    if let Ok(v) = HeaderValue::from_str(&csp) {
        headers.push((header::CONTENT_SECURITY_POLICY, v));
    }
    if https {
        headers.push((
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        ));
    }
    headers
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if !state.ready.load(Ordering::Relaxed) {
        return (StatusCode::SERVICE_UNAVAILABLE, "shutting down");
    }
    if state.store.ping().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
