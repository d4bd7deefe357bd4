//! Fuzzing the decoding of server-function arguments (issue 10): every
//! registered function, called by a signed-in administrator (so that
//! decoding is the only thing between the body and the handler), gets
//! bodies no page of ours sends: JSON of the wrong shape, types and sizes,
//! broken JSON, deep nesting, invalid UTF-8, forms with bracketed and
//! badly escaped keys, and bodies under the wrong content type.
//!
//! A panic (the handler's or the decoder's) or any 5xx is a failure: bad
//! input must get a 4xx that names what is wrong. Runs a few bodies per
//! function in `cargo test`; `scripts/fuzz` runs it for a set time through
//! `CAIRN_FUZZ_SECONDS`, with `CAIRN_FUZZ_SEED` to replay a run.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cairn::domain::Role;
use leptos::server_fn::axum::server_fn_paths;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

use super::{TestApp, body_text};

/// Calls that end the caller's session on purpose.
const SKIP: &[&str] = &["/api/logout"];

/// Argument names the app's functions use, so that generated objects
/// reach past "missing field" to the values' types and ranges.
const NAMES: &[&str] = &[
    "id",
    "account_id",
    "contact_id",
    "lead_id",
    "deal_id",
    "project_id",
    "task_id",
    "user_id",
    "team_id",
    "stage_id",
    "pipeline_id",
    "version",
    "input",
    "query",
    "q",
    "name",
    "title",
    "amount",
    "currency",
    "email",
    "date",
    "start",
    "finish",
    "kind",
    "status",
    "page",
    "limit",
    "offset",
    "ids",
    "rows",
    "mapping",
    "deleted",
    "language",
    "password",
    "username",
    "duration",
    "lag",
    "position",
];

/// Strings that have broken parsers before: empty, long, non-BMP,
/// control characters, markup, paths, numbers and dates at their edges.
const STRINGS: &[&str] = &[
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "18446744073709551616",
    "-9223372036854775809",
    "2026-02-30",
    "0000-00-00T25:61:00",
    "9999-12-31",
    "\u{0}\u{1}\u{1b}[2J",
    "\r\nX-Injected: 1",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "'; DROP TABLE accounts; --",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🐛 中文",
    "\u{202e}reversed",
    "%00%ff",
    "{\"nested\":",
];

fn string(rng: &mut StdRng) -> String {
    match rng.gen_range(0..6) {
        0 => "x".repeat(rng.gen_range(1_000..200_000)),
        1 => (0..rng.gen_range(1..40))
            .map(|_| char::from_u32(rng.gen_range(1..0x2_FFFF)).unwrap_or('\u{FFFD}'))
            .collect(),
        _ => STRINGS[rng.gen_range(0..STRINGS.len())].to_owned(),
    }
}

fn number(rng: &mut StdRng) -> Value {
    match rng.gen_range(0..8) {
        0 => json!(i64::MAX),
        1 => json!(i64::MIN),
        2 => json!(u64::MAX),
        3 => json!(-1),
        4 => json!(0),
        5 => json!(1.5e308),
        6 => json!(-0.000_000_1),
        _ => json!(rng.gen_range(-5..2_000)),
    }
}

fn value(rng: &mut StdRng, depth: u32) -> Value {
    let leaf = depth >= 4;
    match rng.gen_range(0..if leaf { 5 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.r#gen()),
        2 | 3 => number(rng),
        4 => Value::String(string(rng)),
        5 | 6 => object(rng, depth + 1),
        _ => Value::Array(
            (0..rng.gen_range(0..6))
                .map(|_| value(rng, depth + 1))
                .collect(),
        ),
    }
}

fn object(rng: &mut StdRng, depth: u32) -> Value {
    let mut map = serde_json::Map::new();
    for _ in 0..rng.gen_range(0..8) {
        let key = if rng.gen_ratio(1, 8) {
            string(rng)
        } else {
            NAMES[rng.gen_range(0..NAMES.len())].to_owned()
        };
        map.insert(key, value(rng, depth));
    }
    Value::Object(map)
}

fn form(rng: &mut StdRng) -> Vec<u8> {
    let mut parts = Vec::new();
    for _ in 0..rng.gen_range(0..10) {
        let key = NAMES[rng.gen_range(0..NAMES.len())];
        let key = match rng.gen_range(0..5) {
            0 => format!("{key}[{}]", rng.gen_range(0..3)),
            1 => format!("{key}[a][b][]"),
            2 => format!("{key}[]"),
            _ => key.to_owned(),
        };
        let value = match rng.gen_range(0..5) {
            0 => "%ZZ%".to_owned(),
            1 => "%FF%FE%00".to_owned(),
            2 => number(rng).to_string(),
            _ => form_escape(&string(rng)),
        };
        parts.push(format!("{key}={value}"));
    }
    parts.join("&").into_bytes()
}

fn form_escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// One body and the content type it is sent under.
fn body(rng: &mut StdRng) -> (&'static str, Vec<u8>) {
    const JSON: &str = "application/json";
    const FORM: &str = "application/x-www-form-urlencoded";
    match rng.gen_range(0..10) {
        0..=3 => (JSON, object(rng, 0).to_string().into_bytes()),
        4 => (JSON, value(rng, 2).to_string().into_bytes()),
        5 => {
            // Valid JSON cut short, or nested past any sane depth.
            let mut b = object(rng, 0).to_string().into_bytes();
            if rng.r#gen() && b.len() > 1 {
                b.truncate(rng.gen_range(1..b.len()));
            } else {
                let n = rng.gen_range(200..50_000);
                b = ["[".repeat(n), "]".repeat(n)].concat().into_bytes();
            }
            (JSON, b)
        }
        6 => {
            let n = rng.gen_range(0..512);
            let bytes: Vec<u8> = (0..n).map(|_| rng.r#gen()).collect();
            (if rng.r#gen() { JSON } else { FORM }, bytes)
        }
        7 | 8 => (FORM, form(rng)),
        _ => {
            // A body under a content type its codec does not read.
            let ct = ["text/plain", "application/xml", "multipart/form-data"][rng.gen_range(0..3)];
            (ct, object(rng, 0).to_string().into_bytes())
        }
    }
}

/// A new administrator's session: a fuzzed call may disable the current
/// one, change its password or sign it out of everything.
async fn fresh_admin(app: &TestApp, n: &mut u32) -> String {
    *n += 1;
    let name = format!("fuzzadmin{n}");
    let password = "a long enough passphrase";
    cairn::store::users::create_as_operator(
        &app.store,
        cairn::domain::user::NewUser {
            username: name.clone(),
            display_name: name.clone(),
            email: format!("{name}@example.com"),
            role: Role::Admin,
            team_id: None,
            password: password.into(),
        },
    )
    .await
    .expect("administrator");
    app.sign_in(&name, password).await
}

#[tokio::test]
async fn undecodable_arguments_get_a_4xx_and_never_a_5xx_or_a_panic() {
    let seed: u64 = std::env::var("CAIRN_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0xCA12_0010);
    let budget = std::env::var("CAIRN_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .map(Duration::from_secs);
    let mut rng = StdRng::seed_from_u64(seed);
    let app = TestApp::new(true).await;
    let mut admins = 0;
    let mut cookie = fresh_admin(&app, &mut admins).await;

    let mut paths: Vec<String> = server_fn_paths()
        .map(|(p, _)| p.to_owned())
        .filter(|p| !SKIP.contains(&p.as_str()))
        .collect();
    paths.sort();
    paths.dedup();

    let started = Instant::now();
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut calls = 0usize;
    let mut round = 0;
    loop {
        for path in &paths {
            let (ct, bytes) = body(&mut rng);
            let sent = String::from_utf8_lossy(&bytes[..bytes.len().min(300)]).into_owned();
            let req = Request::post(path)
                .header(header::CONTENT_TYPE, ct)
                .header(header::ACCEPT, "application/json")
                .header(header::COOKIE, &cookie)
                .body(Body::from(bytes))
                .expect("request");
            let res = app.send(req).await;
            let status = res.status();
            calls += 1;
            *statuses.entry(status.as_u16()).or_default() += 1;
            if status.is_server_error() {
                let text = body_text(res).await;
                failures.push(format!("{path} {status} ({ct}: {sent}) → {text}"));
            } else if status == StatusCode::UNAUTHORIZED {
                cookie = fresh_admin(&app, &mut admins).await;
            }
        }
        round += 1;
        let done = match budget {
            Some(b) => started.elapsed() >= b,
            None => round >= 4,
        };
        if done {
            break;
        }
    }
    eprintln!(
        "argument fuzz (seed {seed:#x}): {} functions, {calls} calls in {:.1} s, statuses {statuses:?}, {} server errors",
        paths.len(),
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    assert!(paths.len() > 100, "the functions were not all registered");
    assert!(
        failures.is_empty(),
        "bad arguments answered with a server error:\n{}",
        failures.join("\n")
    );
    // The server still answers after everything it was sent.
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
}
