//! The anonymous row of the authorization matrix: every registered server
//! function — found from the registry, so a new one is covered the day it
//! is added — refuses a caller who is not signed in, unless it is one of
//! the sign-in page's own calls (`auth::PUBLIC_CALLS`).

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use leptos::server_fn::axum::server_fn_paths;

use super::{TestApp, json_of};
use crate::auth::PUBLIC_CALLS;

/// Endpoints outside the server-function registry (router.rs), with an id
/// the demo data has.
const ENDPOINTS: &[(&str, &str)] = &[
    ("GET", "/api/sales/events"),
    ("GET", "/api/notifications/events"),
    ("GET", "/api/sales/forecast.csv"),
    ("GET", "/api/export/accounts.csv"),
    ("GET", "/api/projects/1/events"),
    ("POST", "/api/projects/import.xml"),
    ("GET", "/api/projects/1/export.xml"),
    ("GET", "/api/projects/1/schedule.csv"),
    ("GET", "/api/projects/1/milestones.ics"),
];

#[tokio::test]
async fn every_server_function_and_endpoint_refuses_a_visitor_not_signed_in() {
    let app = TestApp::new(true).await;
    let mut calls: Vec<(String, String)> = server_fn_paths()
        .map(|(path, method)| (method.to_string(), path.to_owned()))
        .collect();
    calls.sort();
    assert!(
        calls.len() > 100,
        "the registry lists the app's server functions ({} found)",
        calls.len()
    );
    for public in PUBLIC_CALLS {
        assert!(
            calls.iter().any(|(_, p)| p == public),
            "{public} is listed as public but is no server function"
        );
    }
    let endpoints = ENDPOINTS
        .iter()
        .map(|(m, p)| ((*m).to_owned(), (*p).to_owned()));
    let mut refused = 0;
    for (method, path) in calls.clone().into_iter().chain(endpoints) {
        if PUBLIC_CALLS.contains(&path.as_str()) {
            continue;
        }
        let req = Request::builder()
            .method(method.as_str())
            .uri(&path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json")
            .body(Body::empty())
            .expect("request");
        let res = app.send(req).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{method} {path}");
        assert_eq!(
            json_of(res).await,
            serde_json::json!("Unauthenticated"),
            "{method} {path}: the error the client reads"
        );
        refused += 1;
    }
    assert_eq!(refused, calls.len() - PUBLIC_CALLS.len() + ENDPOINTS.len());
    // The figure docs/EVIDENCE.md quotes (run with --nocapture).
    println!(
        "anonymous: {refused} calls refused ({} server functions, {} endpoints), {} public",
        calls.len() - PUBLIC_CALLS.len(),
        ENDPOINTS.len(),
        PUBLIC_CALLS.len()
    );
}

#[tokio::test]
async fn the_sign_in_pages_calls_stay_open_to_a_visitor() {
    let app = TestApp::new(true).await;
    let res = app.post("/api/session_info", None, "").await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(json_of(res).await["user"], serde_json::Value::Null);
    let res = app.post("/api/set_language", None, "tag=zh-CN").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post(
            "/api/login",
            None,
            "username=viewer&password=cairn-viewer-demo",
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}
