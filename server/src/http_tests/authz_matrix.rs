//! The authorization matrix (issue 10): every registered server function
//! and every hand-routed endpoint, called by every role, once with the id
//! of a record of team Sales East (the demo salesperson's and manager's
//! own team) and once with the id of one of Sales West (another team to
//! every demo user). The outcomes are kept in `authz_matrix.txt` beside
//! this file, so any change of who may do what — a new function, a check
//! lost or added — fails here and shows up as a reviewed diff.
//!
//! The records of one team share one id (the IDOR sweep's trick,
//! `idor.rs`), sent under every id name the app uses; the rest of each
//! function's arguments is learned from its decoder's answers before its
//! row (`arguments.rs`, as the administrator, with an id no record has).
//! A cell whose arguments still do not decode reads `—` (the call stopped
//! before any check); the figure printed counts the cells that did reach
//! the function.
//!
//! Roles run from least to most privileged, Sales West before Sales East,
//! so the writes a role may make (binning a record, say) happen after the
//! roles that must be refused have tried; calls that remove records come
//! after all the others. Update after a deliberate
//! change with `CAIRN_UPDATE_MATRIX=1`, and read the diff.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use leptos::server_fn::axum::server_fn_paths;

use super::arguments::{Arguments, Codec, learn};
use super::idor::{hidden_records, west_salesperson};
use super::{TestApp, body_text};

/// Every demo role, least privileged first.
const ROLES: &[(&str, &str)] = &[
    ("viewer", "cairn-viewer-demo"),
    ("service", "cairn-service-demo"),
    ("pmo", "cairn-pmo-demo"),
    ("sales", "cairn-sales-demo"),
    ("manager", "cairn-manager-demo"),
    ("admin", "cairn-admin-demo"),
];

/// Words in the names of calls that can remove or fold away a record.
const REMOVING: &[&str] = &["delete", "remove", "merge", "undo", "dismiss", "close"];

/// Calls that end the caller's own session.
const SKIP: &[&str] = &["/api/logout"];

/// Endpoints outside the server-function registry: (method, route as in
/// router.rs, the URLs called). A test below fails when router.rs has a
/// route under `/api/` that is not here.
const ENDPOINTS: &[(&str, &str, &[&str])] = &[
    ("GET", "/api/sales/events", &["/api/sales/events"]),
    (
        "GET",
        "/api/notifications/events",
        &["/api/notifications/events"],
    ),
    (
        "GET",
        "/api/sales/forecast.csv",
        &["/api/sales/forecast.csv"],
    ),
    (
        "GET",
        "/api/export/{file}",
        &[
            "/api/export/accounts.csv",
            "/api/export/contacts.csv",
            "/api/export/leads.csv",
            "/api/export/deals.csv",
        ],
    ),
    (
        "GET",
        "/api/projects/{id}/events",
        &["/api/projects/1/events"],
    ),
    (
        "POST",
        "/api/projects/import.xml",
        &["/api/projects/import.xml"],
    ),
    (
        "GET",
        "/api/projects/{id}/export.xml",
        &["/api/projects/1/export.xml"],
    ),
    (
        "GET",
        "/api/projects/{id}/schedule.csv",
        &["/api/projects/1/schedule.csv"],
    ),
    (
        "GET",
        "/api/projects/{id}/milestones.ics",
        &["/api/projects/1/milestones.ics"],
    ),
];

const MATRIX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/http_tests/authz_matrix.txt"
);

/// One cell: what the call came to.
fn outcome(status: StatusCode, text: &str) -> String {
    match status.as_u16() {
        200..=299 => "ok".into(),
        422 if text.contains(r#""field":"request""#) => "—".into(),
        code => code.to_string(),
    }
}

/// Calls `path` as the holder of `cookie` with the learned arguments and
/// `id` under every id name.
async fn call(app: &TestApp, cookie: &str, path: &str, args: &Arguments, id: i64) -> String {
    let (ct, body) = args.body(id);
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, ct)
        .header(header::ACCEPT, "application/json")
        .header(header::COOKIE, cookie)
        .body(Body::from(body))
        .expect("request");
    let res = app.send(req).await;
    let status = res.status();
    outcome(status, &body_text(res).await)
}

/// How each server function reads its arguments, from its `#[server]`
/// attribute in app/src (`input = Json`, or the default form encoding).
fn codecs() -> BTreeMap<String, Codec> {
    fn walk(dir: &std::path::Path, out: &mut BTreeMap<String, Codec>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for line in text.lines().filter(|l| l.contains("#[server(")) {
                    if let Some(name) = line
                        .split("endpoint = \"")
                        .nth(1)
                        .and_then(|t| t.split('"').next())
                    {
                        let codec = if line.contains("input = Json") {
                            Codec::Json
                        } else {
                            Codec::Form
                        };
                        out.insert(format!("/api/{name}"), codec);
                    }
                }
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../app/src"),
        &mut out,
    );
    out
}

async fn call_endpoint(app: &TestApp, cookie: &str, method: &str, url: &str) -> String {
    let req = Request::builder()
        .method(method)
        .uri(url)
        .header(header::COOKIE, cookie)
        .header(header::CONTENT_TYPE, "application/xml")
        .body(Body::empty())
        .expect("request");
    // Only the status: event streams never end.
    let status = app.send(req).await.status();
    outcome(status, "")
}

#[tokio::test]
async fn every_function_and_endpoint_by_every_role_on_own_and_other_team_records() {
    let app = TestApp::new(true).await;
    let store = &app.store;
    let west_id = hidden_records(store, &west_salesperson(store).await)
        .await
        .id;
    let east_id = hidden_records(
        store,
        &cairn::store::users::operator_actor(store, Some("sales"))
            .await
            .expect("the demo salesperson"),
    )
    .await
    .id;

    let mut cookies = BTreeMap::new();
    for (user, password) in ROLES {
        cookies.insert(*user, app.sign_in(user, password).await);
    }
    let mut paths: Vec<String> = server_fn_paths()
        .map(|(p, _)| p.to_owned())
        .filter(|p| !SKIP.contains(&p.as_str()))
        .collect();
    // Calls that may remove the records go last, so the reads before
    // them find the records there.
    paths.sort_by_key(|p| (REMOVING.iter().any(|w| p.contains(w)), p.clone()));
    paths.dedup();

    let mut table = String::new();
    let mut cells = 0;
    let mut reached = 0;
    let width = 44;
    let _ = write!(table, "{:width$}", "call (cells: Sales West/Sales East)");
    for (role, _) in ROLES {
        let _ = write!(table, " {role:>11}");
    }
    table.push('\n');
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let codecs = codecs();
    for path in &paths {
        let codec = codecs.get(path).copied().unwrap_or(Codec::Form);
        let args = learn(&app, &cookies["admin"], path, codec).await;
        let mut row = Vec::new();
        for (role, password) in ROLES {
            let mut pair = Vec::new();
            for id in [west_id, east_id] {
                let mut got = call(&app, &cookies[role], path, &args, id).await;
                if got == "401" {
                    // The call ended this session (a password change, say):
                    // record it and sign in again.
                    cookies.insert(*role, app.sign_in(role, password).await);
                    got = "401".into();
                }
                cells += 1;
                reached += usize::from(got != "—");
                pair.push(got);
            }
            row.push(pair.join("/"));
        }
        rows.push((format!("POST {path}"), row));
    }
    for (method, _, urls) in ENDPOINTS {
        for url in *urls {
            let mut row = Vec::new();
            for (role, _) in ROLES {
                let got = call_endpoint(&app, &cookies[role], method, url).await;
                cells += 2;
                reached += 2;
                row.push(format!("{got}/{got}"));
            }
            rows.push((format!("{method} {url}"), row));
        }
    }
    for (name, row) in &rows {
        let _ = write!(table, "{name:width$}");
        for cell in row {
            let _ = write!(table, " {cell:>11}");
        }
        table.push('\n');
    }

    println!(
        "authorization matrix: {} calls × {} roles × 2 teams = {cells} cells, {reached} reached the function",
        rows.len(),
        ROLES.len()
    );
    if std::env::var_os("CAIRN_UPDATE_MATRIX").is_some() {
        std::fs::write(MATRIX, &table).expect("write the matrix");
        return;
    }
    let kept = std::fs::read_to_string(MATRIX).unwrap_or_default();
    if kept != table {
        let old: Vec<&str> = kept.lines().collect();
        let new: Vec<&str> = table.lines().collect();
        let mut diff = String::new();
        for line in &old {
            if !new.contains(line) {
                let _ = writeln!(diff, "- {line}");
            }
        }
        for line in &new {
            if !old.contains(line) {
                let _ = writeln!(diff, "+ {line}");
            }
        }
        panic!(
            "who may do what changed (or a call is new): review, then run with \
             CAIRN_UPDATE_MATRIX=1 to keep it\n{diff}"
        );
    }
}

#[test]
fn every_api_route_of_the_router_is_in_the_matrix() {
    let source = include_str!("../router.rs");
    let routes: Vec<&str> = source
        .match_indices("\"/api/")
        .filter(|(at, _)| source[..*at].trim_end().ends_with(".route("))
        .filter_map(|(at, _)| source[at + 1..].split('"').next())
        .collect();
    assert!(routes.len() >= ENDPOINTS.len(), "routes found: {routes:?}");
    for route in routes {
        assert!(
            ENDPOINTS.iter().any(|(_, r, _)| *r == route),
            "{route} (router.rs) is not in the authorization matrix"
        );
    }
}
