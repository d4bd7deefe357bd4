//! Session lifetimes and the https-only parts of the security headers
//! (issue 10, sessions and sign-in): each setting is turned to its edge
//! and the real router must end the session on the server.

use axum::http::{StatusCode, header};

use super::{TestApp, session_cookie};
use crate::config::Settings;

async fn profile_status(app: &TestApp, cookie: &str) -> StatusCode {
    app.post("/api/my_profile", Some(cookie), "").await.status()
}

#[tokio::test]
async fn an_idle_session_ends_on_the_server() {
    let active = TestApp::with(true, |_| {}).await;
    let cookie = active.sign_in("sales", "cairn-sales-demo").await;
    assert_eq!(profile_status(&active, &cookie).await, StatusCode::OK);

    // Idle limit 0: the session has expired by the very next request, and
    // the server (not the browser's cookie jar) is what refuses it.
    let idle = TestApp::with(true, |s: &mut Settings| s.cairn.session_idle_minutes = 0).await;
    let cookie = idle.sign_in("sales", "cairn-sales-demo").await;
    assert_eq!(
        profile_status(&idle, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_session_ends_at_the_absolute_limit_however_active() {
    let app = TestApp::with(true, |s: &mut Settings| s.cairn.session_absolute_hours = 0).await;
    let cookie = app.sign_in("sales", "cairn-sales-demo").await;
    // The limit is counted in whole seconds since sign-in.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    assert_eq!(
        profile_status(&app, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
    // Flushed, not merely refused: the id does not come back to life.
    assert_eq!(
        profile_status(&app, &cookie).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn over_https_the_cookie_is_secure_and_hsts_is_sent() {
    let plain = TestApp::with(true, |_| {}).await;
    let res = plain.get("/healthz").await;
    assert!(
        res.headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .is_none(),
        "no HSTS over plain http"
    );

    let https = TestApp::with(true, |s: &mut Settings| s.cairn.secure_cookies = true).await;
    for path in ["/healthz", "/login", "/api/session_info"] {
        let res = https.get(path).await;
        let hsts = res
            .headers()
            .get(header::STRICT_TRANSPORT_SECURITY)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        assert!(hsts.contains("max-age=31536000"), "{path}: {hsts:?}");
    }
    let res = https
        .post(
            "/api/login",
            None,
            "username=sales&password=cairn-sales-demo",
        )
        .await;
    let raw = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(crate::router::SESSION_COOKIE))
        .expect("session cookie")
        .to_owned();
    assert!(raw.contains("Secure"), "{raw}");
    assert!(session_cookie(&res).is_some());
}
