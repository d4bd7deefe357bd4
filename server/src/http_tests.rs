//! The real router over real HTTP semantics (tower `oneshot`, a real SQLite
//! file): redirects, sign-in cookies, status codes of refused calls, the
//! same-origin check, and security headers.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;

use crate::config::Settings;
use crate::state::AppState;

mod account_links;
mod anonymous;
mod arguments;
mod arguments_fuzz;
mod authz_matrix;
mod dashboard;
mod delivery;
mod governance;
mod idor;
mod marketing;
mod pages;
mod refusals;
mod sessions;

struct TestApp {
    router: Router,
    store: cairn::store::Store,
    _dir: tempfile::TempDir,
}

impl TestApp {
    async fn new(seed: bool) -> TestApp {
        TestApp::with(seed, |_| {}).await
    }

    /// A test app whose settings `tune` adjusts first (timeouts, https).
    async fn with(seed: bool, tune: impl FnOnce(&mut Settings)) -> TestApp {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut settings = Settings::default();
        settings.cairn.data_dir = dir.path().to_owned();
        tune(&mut settings);
        let store = cairn::store::Store::open(&settings.database_url().expect("url"))
            .await
            .expect("open");
        if seed {
            cairn::store::seed::demo(&store).await.expect("seed");
        }
        TestApp {
            router: crate::router::build(AppState::new(settings, store.clone())),
            store,
            _dir: dir,
        }
    }

    async fn send(&self, req: Request<Body>) -> axum::response::Response {
        self.router.clone().oneshot(req).await.expect("infallible")
    }

    async fn get(&self, path: &str) -> axum::response::Response {
        self.send(Request::get(path).body(Body::empty()).expect("request"))
            .await
    }

    async fn post(&self, path: &str, cookie: Option<&str>, form: &str) -> axum::response::Response {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(form.to_owned())).expect("request"))
            .await
    }

    async fn post_json(
        &self,
        path: &str,
        cookie: Option<&str>,
        json: &str,
    ) -> axum::response::Response {
        let mut req = Request::post(path)
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::ACCEPT, "application/json");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(json.to_owned())).expect("request"))
            .await
    }

    /// Signs in and returns the session cookie (`name=value`).
    async fn sign_in(&self, user: &str, password: &str) -> String {
        let res = self
            .post(
                "/api/login",
                None,
                &format!("username={user}&password={password}"),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "sign-in of {user}");
        session_cookie(&res).expect("a session cookie")
    }
}

fn session_cookie(res: &axum::response::Response) -> Option<String> {
    res.headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(crate::router::SESSION_COOKIE))
        .map(|v| v.split(';').next().unwrap_or_default().to_owned())
}

fn location(res: &axum::response::Response) -> &str {
    res.headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn first_run_sends_every_page_to_setup() {
    let app = TestApp::new(false).await;
    let res = app.get("/").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/setup");
    assert_eq!(location(&app.get("/login").await), "/setup");
    assert_eq!(app.get("/setup").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn signed_out_pages_redirect_to_sign_in_and_keep_the_target() {
    let app = TestApp::new(true).await;
    let res = app.get("/admin/users").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/login?next=/admin/users");
    assert_eq!(app.get("/login").await.status(), StatusCode::OK);
    assert_eq!(
        location(&app.get("/setup").await),
        "/login",
        "setup is closed once a user exists"
    );
}

#[tokio::test]
async fn the_server_refuses_admin_calls_from_a_viewer_with_403() {
    let app = TestApp::new(true).await;
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    let res = app.post("/api/list_users", Some(&viewer), "").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post(
            "/api/set_user_active",
            Some(&viewer),
            "id=1&active=false&version=1",
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let admin = app.sign_in("admin", "cairn-admin-demo").await;
    let res = app.post("/api/list_users", Some(&admin), "").await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .expect("body");
    let users: Vec<serde_json::Value> = serde_json::from_slice(&body).expect("json");
    assert_eq!(users.len(), 6);
    assert!(users.iter().all(|u| u.get("password_hash").is_none()));
}

#[tokio::test]
async fn anonymous_calls_are_401_and_sign_out_ends_the_session_server_side() {
    let app = TestApp::new(true).await;
    assert_eq!(
        app.post("/api/my_profile", None, "").await.status(),
        StatusCode::UNAUTHORIZED
    );
    let bad = app
        .post("/api/login", None, "username=admin&password=wrong-password")
        .await;
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    assert!(
        session_cookie(&bad).is_none(),
        "no session for a failed sign-in"
    );

    let cookie = app.sign_in("sales", "cairn-sales-demo").await;
    assert_eq!(
        app.post("/api/my_profile", Some(&cookie), "")
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(app.get_with("/", &cookie).await.status(), StatusCode::OK);
    assert_eq!(
        app.post("/api/logout", Some(&cookie), "").await.status(),
        StatusCode::OK
    );
    // The old cookie is worthless now, even if a browser kept it.
    assert_eq!(
        app.post("/api/my_profile", Some(&cookie), "")
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn each_sign_in_gets_a_new_session_id() {
    let app = TestApp::new(true).await;
    let first = app.sign_in("pmo", "cairn-pmo-demo").await;
    let res = app
        .post(
            "/api/login",
            Some(&first),
            "username=pmo&password=cairn-pmo-demo",
        )
        .await;
    let second = session_cookie(&res).expect("cookie");
    assert_ne!(first, second, "the id rotates on sign-in");
    assert_eq!(
        app.post("/api/my_profile", Some(&first), "").await.status(),
        StatusCode::UNAUTHORIZED,
        "the pre-rotation id is gone"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_same_site() {
    let app = TestApp::new(true).await;
    let res = app
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
    assert!(raw.contains("HttpOnly"), "{raw}");
    assert!(raw.contains("SameSite=Lax"), "{raw}");
    assert!(
        !raw.contains("Secure"),
        "not Secure on plain http by default: {raw}"
    );
    let value = raw
        .split(';')
        .next()
        .and_then(|kv| kv.split_once('='))
        .map(|(_, v)| v)
        .unwrap_or("");
    assert!(value.len() >= 22, "at least 128 bits of id: {value}");
}

#[tokio::test]
async fn cross_origin_state_changes_are_refused() {
    let app = TestApp::new(true).await;
    let req = Request::post("/api/login")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("username=admin&password=cairn-admin-demo"))
        .expect("request");
    assert_eq!(app.send(req).await.status(), StatusCode::FORBIDDEN);
    let same = Request::post("/api/login")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "http://127.0.0.1:3000")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("username=admin&password=cairn-admin-demo"))
        .expect("request");
    assert_eq!(app.send(same).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn probes_and_security_headers() {
    let app = TestApp::new(true).await;
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), StatusCode::OK);
    let h = res.headers();
    assert_eq!(h[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
    assert_eq!(h[header::X_FRAME_OPTIONS], "DENY");
    let csp = h[header::CONTENT_SECURITY_POLICY].to_str().expect("ascii");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("'wasm-unsafe-eval'"));
    assert!(h.get(header::REFERRER_POLICY).is_some());
}

impl TestApp {
    async fn get_with(&self, path: &str, cookie: &str) -> axum::response::Response {
        self.send(
            Request::get(path)
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .expect("request"),
        )
        .await
    }
}

async fn json_of(res: axum::response::Response) -> serde_json::Value {
    let body = axum::body::to_bytes(res.into_body(), 1 << 22)
        .await
        .expect("body");
    serde_json::from_slice(&body).expect("json")
}

#[tokio::test]
async fn customer_endpoints_check_the_caller_on_the_server() {
    let app = TestApp::new(true).await;
    let list = r#"{"query":{},"trash":false}"#;
    let create = r#"{"id":null,"version":0,"input":{"name":"Sneaky Ltd","industry":"","source":"","website":"","phone":"","email":"","address":"","owner_id":null,"team_id":null,"tags":[],"lifecycle":null,"annual_revenue":null,"notes":""}}"#;
    assert_eq!(
        app.post_json("/api/list_accounts", None, list)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post("/api/search", None, "q=north").await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post_json("/api/save_account", None, create)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );

    // A viewer reads the (demo) accounts but may not create one.
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    let res = app
        .post_json("/api/list_accounts", Some(&viewer), list)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = json_of(res).await;
    assert!(page["total"].as_u64().unwrap_or(0) >= 8, "{page}");
    assert_eq!(
        app.post_json("/api/save_account", Some(&viewer), create)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let hits = json_of(app.post("/api/search", Some(&viewer), "q=north").await).await;
    assert_eq!(hits[0]["title"], "Northwind Traders", "{hits}");

    // A sales person creates one; bad input is a 422 naming the field.
    let sales = app.sign_in("sales", "cairn-sales-demo").await;
    let res = app
        .post_json("/api/save_account", Some(&sales), create)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bad = create.replace(r#""email":"""#, r#""email":"nope""#);
    let res = app.post_json("/api/save_account", Some(&sales), &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let err = json_of(res).await;
    assert_eq!(err["Validation"]["field"], "email", "{err}");
    assert_eq!(
        app.post("/api/get_account", Some(&sales), "id=999999")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

/// The next `board` event's data on an SSE body, or `None` when nothing
/// comes within `wait`.
async fn next_board_event(
    body: &mut axum::body::BodyDataStream,
    wait: std::time::Duration,
) -> Option<String> {
    use futures_util::StreamExt;
    let mut buf = String::new();
    tokio::time::timeout(wait, async {
        while let Some(Ok(chunk)) = body.next().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            if let Some(at) = buf.find("event: board\ndata: ") {
                let rest = &buf[at + "event: board\ndata: ".len()..];
                if let Some(end) = rest.find('\n') {
                    return Some(rest[..end].to_owned());
                }
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
}

#[tokio::test]
async fn the_board_stream_needs_a_user_and_carries_only_visible_moves() {
    use cairn::domain::sales::{BoardQuery, DealInput, MoveRequest, MoveTo};
    let app = TestApp::new(true).await;
    let anonymous = app.get("/api/sales/events?pipeline=1").await;
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);

    let service = app.sign_in("service", "cairn-service-demo").await;
    let refused = app.get_with("/api/sales/events?pipeline=1", &service).await;
    assert_eq!(
        refused.status(),
        StatusCode::FORBIDDEN,
        "service has no sales access"
    );

    let sales = app.sign_in("sales", "cairn-sales-demo").await;
    let res = app.get_with("/api/sales/events?pipeline=1", &sales).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut stream = res.into_body().into_data_stream();
    let admin_view = app
        .get_with(
            "/api/sales/events?pipeline=1",
            &app.sign_in("admin", "cairn-admin-demo").await,
        )
        .await;
    let mut admin_stream = admin_view.into_body().into_data_stream();

    // The admin creates a deal owned by nobody in the sales team: the
    // admin's stream hears it, the sales person's does not.
    let s = &app.store;
    let admin = cairn::store::seed::demo_actor(s, "admin")
        .await
        .expect("admin");
    let board = cairn::store::sales::board::board(s, &admin, &BoardQuery::default())
        .await
        .expect("board");
    let hidden = cairn::store::sales::deals::create(
        s,
        &admin,
        DealInput {
            title: "Admin only".into(),
            amount: "10".into(),
            currency: "CNY".into(),
            pipeline_id: board.pipeline.id,
            stage_id: board.pipeline.stages[0].id,
            ..Default::default()
        },
    )
    .await
    .expect("create");
    let heard = next_board_event(&mut admin_stream, std::time::Duration::from_secs(2))
        .await
        .expect("admin hears");
    assert!(heard.contains("Admin only"), "{heard}");

    // The sales person's own deal, moved: heard within a second.
    let me = cairn::store::seed::demo_actor(s, "sales")
        .await
        .expect("sales");
    let mine = cairn::store::sales::deals::create(
        s,
        &me,
        DealInput {
            title: "Mine".into(),
            amount: "10".into(),
            currency: "CNY".into(),
            pipeline_id: board.pipeline.id,
            stage_id: board.pipeline.stages[0].id,
            ..Default::default()
        },
    )
    .await
    .expect("create");
    cairn::store::sales::moves::move_deal(
        s,
        &me,
        MoveRequest {
            deal_id: mine.id,
            version: mine.version,
            to: MoveTo::Stage {
                stage_id: board.pipeline.stages[1].id,
                after: None,
                before: None,
            },
        },
    )
    .await
    .expect("move");
    let first = next_board_event(&mut stream, std::time::Duration::from_secs(1))
        .await
        .expect("heard");
    assert!(
        first.contains("\"Mine\""),
        "the hidden deal was not sent first: {first}"
    );
    assert!(!first.contains(&format!("\"id\":{},", hidden.id)));
}

#[tokio::test]
async fn sales_endpoints_refuse_anonymous_and_check_the_record() {
    let app = TestApp::new(true).await;
    let calls = [
        ("/api/sales_board", r#"{"query":{}}"#),
        (
            "/api/sales_column",
            r#"{"query":{},"stage_id":1,"offset":0}"#,
        ),
        (
            "/api/move_deal",
            r#"{"request":{"deal_id":1,"version":1,"to":"Won"}}"#,
        ),
        (
            "/api/list_deals",
            r#"{"query":{},"status":null,"sort":"Board","desc":false,"page":1}"#,
        ),
        ("/api/sales_forecast", r#"{"query":{}}"#),
    ];
    for (path, body) in calls {
        assert_eq!(
            app.post_json(path, None, body).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    // Service has no access to sales at all; a viewer reads the board but
    // cannot move a card.
    let service = app.sign_in("service", "cairn-service-demo").await;
    assert_eq!(
        app.post_json("/api/sales_board", Some(&service), r#"{"query":{}}"#)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    let board = json_of(
        app.post_json("/api/sales_board", Some(&viewer), r#"{"query":{}}"#)
            .await,
    )
    .await;
    let card = &board["columns"][0]["cards"][0];
    let (id, version) = (
        card["id"].as_i64().expect("a demo card"),
        card["version"].as_i64().expect("v"),
    );
    let mv = format!(r#"{{"request":{{"deal_id":{id},"version":{version},"to":"Won"}}}}"#);
    assert_eq!(
        app.post_json("/api/move_deal", Some(&viewer), &mv)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    // A sales person moves their own deal, not a teammate's.
    let sales = app.sign_in("sales", "cairn-sales-demo").await;
    let board = json_of(
        app.post_json("/api/sales_board", Some(&sales), r#"{"query":{}}"#)
            .await,
    )
    .await;
    let cards: Vec<&serde_json::Value> = board["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .flat_map(|c| c["cards"].as_array().expect("cards"))
        .collect();
    let owned_by = |name: &str| {
        cards
            .iter()
            .find(|c| c["owner"]["name"] == name)
            .map(|c| {
                format!(
                    r#"{{"request":{{"deal_id":{},"version":{},"to":"Won"}}}}"#,
                    c["id"], c["version"]
                )
            })
            .expect("a demo card of that owner")
    };
    assert_eq!(
        app.post_json("/api/move_deal", Some(&sales), &owned_by("Demo Manager"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_json("/api/move_deal", Some(&sales), &owned_by("Demo Sales"))
            .await
            .status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_forecast_csv_needs_sales_read_and_carries_the_numbers() {
    use cairn::domain::sales::{BoardQuery, DealInput};
    use chrono::{Datelike, Months};
    let app = TestApp::new(true).await;
    let path = "/api/sales/forecast.csv?currency=EUR&team=";
    assert_eq!(app.get(path).await.status(), StatusCode::UNAUTHORIZED);
    let service = app.sign_in("service", "cairn-service-demo").await;
    assert_eq!(
        app.get_with(path, &service).await.status(),
        StatusCode::FORBIDDEN,
        "service has no sales access"
    );

    // The demo has no euro deals: these two are the whole EUR forecast.
    // Both close on the 15th of next month, in the first stage (10 %).
    let s = &app.store;
    let admin = cairn::store::seed::demo_actor(s, "admin")
        .await
        .expect("admin");
    let board = cairn::store::sales::board::board(s, &admin, &BoardQuery::default())
        .await
        .expect("board");
    let today = chrono::Utc::now().date_naive();
    let next_month = today
        .with_day(1)
        .and_then(|d| d.checked_add_months(Months::new(1)))
        .expect("next month");
    let close = next_month.with_day(15);
    for (title, amount, probability) in [("Euro A", "10,000", None), ("Euro B", "5000", Some(80))] {
        cairn::store::sales::deals::create(
            s,
            &admin,
            DealInput {
                title: title.into(),
                amount: amount.into(),
                currency: "EUR".into(),
                expected_close: close,
                pipeline_id: board.pipeline.id,
                stage_id: board.pipeline.stages[0].id,
                probability,
                ..Default::default()
            },
        )
        .await
        .expect("create");
    }

    let cookie = app.sign_in("admin", "cairn-admin-demo").await;
    let res = app.get_with(path, &cookie).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let disposition = res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii");
    assert!(
        disposition.starts_with("attachment; filename=\"forecast-EUR-"),
        "{disposition}"
    );
    let body = axum::body::to_bytes(res.into_body(), 1 << 20)
        .await
        .expect("body");
    let text = String::from_utf8(body.to_vec()).expect("utf-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte order mark");
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("pipeline,currency,from,to,as_of,weighted"));
    // 10,000.00 at 10 % + 5,000.00 at 80 %: weighted 1,000.00 + 4,000.00;
    // commit and best case only the 80 % deal.
    assert!(
        lines[1].contains(",EUR,") && lines[1].contains(",5000.00,5000.00,5000.00,"),
        "{}",
        lines[1]
    );
    assert!(lines.contains(&"month,open_deals,amount,weighted,commit,best_case,closed_won"));
    let month = format!(
        "{},2,15000.00,5000.00,5000.00,5000.00,0.00",
        next_month.format("%Y-%m")
    );
    assert!(lines.contains(&month.as_str()), "{month} in {text}");
    assert!(
        lines.contains(&"owner,open_deals,amount,weighted")
            && lines.contains(&"Demo Admin,2,15000.00,5000.00"),
        "{text}"
    );
    let first_stage = &board.pipeline.stages[0].name;
    assert!(
        lines.contains(&format!("{first_stage},2,15000.00,5000.00").as_str()),
        "{text}"
    );
    // Both were created today, in the default period: both reached the
    // first stage, none was won.
    assert!(
        lines.contains(&format!("{first_stage},2,0.0").as_str()) && lines.contains(&"Won,0,"),
        "{text}"
    );
}

#[tokio::test]
async fn list_exports_need_a_reader_and_carry_the_filtered_list() {
    let app = TestApp::new(true).await;
    let path = "/api/export/accounts.csv?grade=A";
    assert_eq!(app.get(path).await.status(), StatusCode::UNAUTHORIZED);
    let service = app.sign_in("service", "cairn-service-demo").await;
    assert_eq!(
        app.get_with("/api/export/deals.xlsx", &service)
            .await
            .status(),
        StatusCode::FORBIDDEN,
        "service has no sales access"
    );
    let cookie = app.sign_in("admin", "cairn-admin-demo").await;
    for bad in [
        "/api/export/accounts.pdf",
        "/api/export/users.csv",
        "/api/export/accounts",
    ] {
        assert_eq!(
            app.get_with(bad, &cookie).await.status(),
            StatusCode::NOT_FOUND,
            "{bad}"
        );
    }

    let res = app.get_with(path, &cookie).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    let disposition = res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .expect("ascii");
    assert!(
        disposition.starts_with("attachment; filename=\"accounts-"),
        "{disposition}"
    );
    let body = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .expect("body");
    let text = String::from_utf8(body.to_vec()).expect("utf-8");
    let text = text.strip_prefix('\u{feff}').expect("a byte order mark");
    // The same accounts as the list with that filter, in its order.
    let admin = cairn::store::seed::demo_actor(&app.store, "admin")
        .await
        .expect("admin");
    let q = cairn::domain::customer::ListQuery::from_params([("grade", "A")]);
    let expected = cairn::store::customers::accounts::export(&app.store, &admin, &q, false)
        .await
        .expect("export");
    assert!(!expected.is_empty(), "the demo has grade-A accounts");
    let mut lines = text.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("id,name,industry"))
    );
    let ids: Vec<i64> = lines
        .map(|l| {
            l.split(',')
                .next()
                .and_then(|id| id.parse().ok())
                .expect("an id")
        })
        .collect();
    assert_eq!(ids, expected.iter().map(|r| r.id).collect::<Vec<_>>());

    let res = app
        .get_with("/api/export/deals.xlsx?status=open", &cookie)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .expect("body");
    let table = cairn::domain::import::read_xlsx(&body, None, &Default::default()).expect("xlsx");
    assert_eq!(table.headers[..3], ["id", "title", "account"]);
    assert!(!table.rows.is_empty());
    assert!(table.rows.iter().all(|r| r[7] == "open"), "status filter");
}

/// A demo project's id, as the admin lists them.
async fn demo_project(app: &TestApp) -> cairn::domain::project::ProjectSummary {
    let admin = cairn::store::seed::demo_actor(&app.store, "admin")
        .await
        .expect("admin");
    cairn::store::projects::list(&app.store, &admin, &Default::default())
        .await
        .expect("list")
        .items
        .into_iter()
        .next()
        .expect("a demo project")
}

/// The risk register's endpoints: signed-in readers list, only those who
/// may edit the project add, change or delete, a stale version is a
/// conflict, and a bad rating is refused by field.
#[tokio::test]
async fn risk_endpoints_check_who_and_what() {
    let app = TestApp::new(true).await;
    let p = demo_project(&app).await;
    let risk = |title: &str, probability: i64| {
        serde_json::json!({
            "title": title, "description": "", "category": "Data",
            "probability": probability, "impact": 5, "response": "Mitigate",
            "plan": "", "owner_id": null, "trigger": "", "status": "Open",
            "cost_impact": 1_500_000, "currency": "USD", "task_id": null,
        })
    };
    let create = |title: &str, probability: i64| {
        serde_json::json!({ "project_id": p.id, "input": risk(title, probability) }).to_string()
    };
    let list = format!("project_id={}", p.id);
    assert_eq!(
        app.post("/api/project_risks", None, &list).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post_json("/api/project_risk_create", None, &create("Sneaky", 3))
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    assert_eq!(
        app.post_json(
            "/api/project_risk_create",
            Some(&viewer),
            &create("Sneaky", 3)
        )
        .await
        .status(),
        StatusCode::FORBIDDEN
    );
    let pmo = app.sign_in("pmo", "cairn-pmo-demo").await;
    let bad = app
        .post_json(
            "/api/project_risk_create",
            Some(&pmo),
            &create("Too likely", 6),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_of(bad).await.to_string().contains("probability"));
    let made = app
        .post_json(
            "/api/project_risk_create",
            Some(&pmo),
            &create("Migration overrun", 4),
        )
        .await;
    assert_eq!(made.status(), StatusCode::OK);
    let made = json_of(made).await;
    assert_eq!(made["score"], 20);
    assert_eq!(made["band"], "High");
    assert_eq!(made["emv"], 1_050_000);
    let id = made["id"].as_i64().expect("id");
    let read = json_of(app.post("/api/project_risks", Some(&viewer), &list).await).await;
    assert!(read.as_array().expect("list").iter().any(|r| r["id"] == id));
    let update = |version: i64| {
        serde_json::json!({ "id": id, "version": version, "input": risk("Migration overrun", 2) })
            .to_string()
    };
    assert_eq!(
        app.post_json("/api/project_risk_update", Some(&viewer), &update(1))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let changed = app
        .post_json("/api/project_risk_update", Some(&pmo), &update(1))
        .await;
    assert_eq!(changed.status(), StatusCode::OK);
    assert_eq!(json_of(changed).await["score"], 10);
    assert_eq!(
        app.post_json("/api/project_risk_update", Some(&pmo), &update(1))
            .await
            .status(),
        StatusCode::CONFLICT,
        "a stale version"
    );
    let delete = |version: i64| serde_json::json!({ "id": id, "version": version }).to_string();
    assert_eq!(
        app.post_json("/api/project_risk_delete", Some(&viewer), &delete(2))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_json("/api/project_risk_delete", Some(&pmo), &delete(2))
            .await
            .status(),
        StatusCode::OK
    );
    let read = json_of(app.post("/api/project_risks", Some(&pmo), &list).await).await;
    assert!(read.as_array().expect("list").iter().all(|r| r["id"] != id));
}

#[tokio::test]
async fn project_endpoints_refuse_anonymous_and_non_writers() {
    let app = TestApp::new(true).await;
    let p = demo_project(&app).await;
    let edit = format!(
        r#"{{"batch":{{"project_id":{},"changes":[{{"AddTask":{{"temp":-1,"parent":null,"rank":"{}","name":"Extra","duration_minutes":480}}}}]}}}}"#,
        p.id,
        cairn::domain::sales::rank::sequence(1)[0]
    );
    let baseline = format!(r#"{{"project_id":{},"name":"B1"}}"#, p.id);
    let create = r#"{"input":{"name":"Sneaky","account_id":null,"deal_id":null,"manager_id":null,"calendar":"Standard","start":"2030-03-04","status":"Planned"}}"#;
    let calls = [
        ("/api/projects_list", r#"{"query":{}}"#.to_owned()),
        ("/api/project_create", create.to_owned()),
        ("/api/project_edit", edit.clone()),
        ("/api/project_baseline_save", baseline.clone()),
    ];
    for (path, body) in &calls {
        assert_eq!(
            app.post_json(path, None, body).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    for (path, form) in [
        ("/api/project_plan", "id=1"),
        ("/api/project_baseline_bars", "baseline_id=1"),
    ] {
        assert_eq!(
            app.post(path, None, form).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    // Everyone reads projects; only the PMO and admins change them.
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    let read = json_of(
        app.post("/api/project_plan", Some(&viewer), &format!("id={}", p.id))
            .await,
    )
    .await;
    assert_eq!(read["editable"], false);
    for (path, body) in [
        ("/api/project_create", create.to_owned()),
        ("/api/project_edit", edit.clone()),
        ("/api/project_baseline_save", baseline),
    ] {
        assert_eq!(
            app.post_json(path, Some(&viewer), &body).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let pmo = app.sign_in("pmo", "cairn-pmo-demo").await;
    let res = app.post_json("/api/project_edit", Some(&pmo), &edit).await;
    assert_eq!(res.status(), StatusCode::OK);
    let done = json_of(res).await;
    assert!(done["new_tasks"][0][1].as_i64().is_some_and(|id| id > 0));

    // A Microsoft Project file through the page's server function: the
    // same refusals, a reader's error naming the element, then a project.
    let file = |xml: &str| {
        serde_json::json!({
            "upload": cairn::domain::import::Upload::new("plan.xml", xml.as_bytes()),
            "options": cairn::domain::project::interchange::ImportOptions::default(),
        })
        .to_string()
    };
    let plan = include_str!("../../tests/data/mspdi/rollout.xml");
    let path = "/api/project_import_file";
    assert_eq!(
        app.post_json(path, None, &file(plan)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.post_json(path, Some(&viewer), &file(plan))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = app
        .post_json(path, Some(&pmo), &file("<Project><Tasks><Task>"))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.post_json(path, Some(&pmo), &file(plan)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let done = json_of(res).await;
    assert_eq!(done["project"]["name"], "Rollout, phase 2; Shanghai");
    assert_eq!(done["tasks"], 10);
}

/// The next event called `name` on an SSE body, or `None` when nothing
/// comes within `wait`.
async fn next_event(
    body: &mut axum::body::BodyDataStream,
    name: &str,
    wait: std::time::Duration,
) -> Option<String> {
    use futures_util::StreamExt;
    let head = format!("event: {name}\ndata: ");
    let mut buf = String::new();
    tokio::time::timeout(wait, async {
        while let Some(Ok(chunk)) = body.next().await {
            buf.push_str(&String::from_utf8_lossy(&chunk));
            if let Some(at) = buf.find(&head) {
                let rest = &buf[at + head.len()..];
                if let Some(end) = rest.find('\n') {
                    return Some(rest[..end].to_owned());
                }
            }
        }
        None
    })
    .await
    .ok()
    .flatten()
}

#[tokio::test]
async fn the_plan_stream_needs_a_reader_and_carries_the_saved_rows() {
    use cairn::domain::project::{Change, EditBatch, PlanEvent};
    let app = TestApp::new(true).await;
    let p = demo_project(&app).await;
    let path = format!("/api/projects/{}/events", p.id);
    assert_eq!(app.get(&path).await.status(), StatusCode::UNAUTHORIZED);
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    assert_eq!(
        app.get_with("/api/projects/999999/events", &viewer)
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    // Every role reads projects today; a role without project access
    // would be refused by the same store check (see the unit test of
    // `access`), which this request goes through.
    let res = app.get_with(&path, &viewer).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");
    let mut stream = res.into_body().into_data_stream();
    let other = format!(
        "/api/projects/{}/events",
        demo_project_other(&app, p.id).await
    );
    let mut other_stream = app
        .get_with(&other, &viewer)
        .await
        .into_body()
        .into_data_stream();

    let pmo = cairn::store::seed::demo_actor(&app.store, "pmo")
        .await
        .expect("pmo");
    let r = cairn::store::projects::edit(
        &app.store,
        &pmo,
        EditBatch {
            project_id: p.id,
            changes: vec![Change::AddTask {
                temp: -1,
                parent: None,
                rank: cairn::domain::sales::rank::sequence(1).remove(0),
                name: "Heard live".into(),
                duration_minutes: 480,
            }],
        },
    )
    .await
    .expect("edit");
    let data = next_event(&mut stream, "plan", std::time::Duration::from_secs(2))
        .await
        .expect("heard");
    let e: PlanEvent = serde_json::from_str(&data).expect("a PlanEvent");
    assert_eq!(
        (e.project_id, e.user_id, e.digest),
        (p.id, pmo.user_id, r.digest)
    );
    assert_eq!(e.tasks, r.tasks);
    assert!(
        next_event(
            &mut other_stream,
            "plan",
            std::time::Duration::from_millis(300)
        )
        .await
        .is_none(),
        "another project's stream stays quiet"
    );
}

/// The id of a demo project other than `not`.
async fn demo_project_other(app: &TestApp, not: i64) -> i64 {
    let admin = cairn::store::seed::demo_actor(&app.store, "admin")
        .await
        .expect("admin");
    cairn::store::projects::list(&app.store, &admin, &Default::default())
        .await
        .expect("list")
        .items
        .into_iter()
        .map(|p| p.id)
        .find(|&id| id != not)
        .expect("two demo projects")
}

#[tokio::test]
async fn the_import_wizard_endpoints_check_the_caller_and_read_the_file_again() {
    use cairn::domain::import::Upload;
    let app = TestApp::new(true).await;
    // A file of about 1.5 MB (2 MB as base64): larger than axum's default
    // body limit for extractors, which server functions do not use.
    let mut csv = String::from("公司名称,行业,电话\n");
    for i in 0..40_000 {
        csv.push_str(&format!("Wizard Test {i} Ltd,Technology,+1 555 {i:07}\n"));
    }
    csv.push_str("Wizard Test 0 Ltd,Technolgy,\n");
    let upload = serde_json::to_value(Upload::new("accounts.csv", csv.as_bytes())).expect("json");
    let preview_body = serde_json::json!({ "kind": "Accounts", "upload": upload }).to_string();
    assert_eq!(
        app.post_json("/api/import_preview", None, &preview_body)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    assert_eq!(
        app.post_json("/api/import_preview", Some(&viewer), &preview_body)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let admin = app.sign_in("admin", "cairn-admin-demo").await;
    let res = app
        .post_json("/api/import_preview", Some(&admin), &preview_body)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let preview = json_of(res).await;
    assert_eq!(preview["total_rows"], 40_001);
    assert_eq!(preview["mapping"]["columns"][0]["field"], "Name");
    // The dry run reads the bytes again and finds the duplicate.
    let body = serde_json::json!({
        "upload": upload,
        "mapping": preview["mapping"],
        "decisions": { "groups": [], "skip_errors": false },
    })
    .to_string();
    let dry = json_of(
        app.post_json("/api/import_dry_run", Some(&admin), &body)
            .await,
    )
    .await;
    let n = |k: &str| dry["counts"][k].as_u64().unwrap_or_default();
    assert_eq!((n("create") + n("skip"), n("error")), (40_001, 0));
    // The last line repeats the first (row 2 below the header): grouped.
    let groups = dry["duplicates"].as_array().expect("groups");
    assert!(
        groups
            .iter()
            .any(|g| g["rows"] == serde_json::json!([2, 40_002]))
    );
    assert_eq!(
        app.post_json("/api/import_dry_run", Some(&viewer), &body)
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let done = json_of(
        app.post_json("/api/import_commit", Some(&admin), &body)
            .await,
    )
    .await;
    let id = done["import_id"].as_i64().expect("an import id");
    let history = json_of(app.post_json("/api/import_history", Some(&admin), "").await).await;
    assert_eq!(history[0]["id"], id);
    let undone = app
        .post("/api/import_undo", Some(&admin), &format!("id={id}"))
        .await;
    assert_eq!(undone.status(), StatusCode::OK);
    // Once only: the store's refusal is a status the wizard can show.
    let again = app
        .post("/api/import_undo", Some(&admin), &format!("id={id}"))
        .await;
    assert!(again.status().is_client_error(), "{}", again.status());
}

#[tokio::test]
async fn the_merge_endpoints_check_the_caller_and_merge_what_the_queue_proposes() {
    let app = TestApp::new(true).await;
    let kind = r#"{"kind":"Account"}"#;
    let page = r#"{"kind":"Account","limit":100}"#;
    for (path, body) in [
        ("/api/duplicate_groups", page),
        ("/api/merge_history", kind),
        ("/api/list_dismissals", kind),
        ("/api/undo_dismissal", r#"{"kind":"Account","ids":[1,2]}"#),
    ] {
        assert_eq!(
            app.post_json(path, None, body).await.status(),
            StatusCode::UNAUTHORIZED,
            "{path}"
        );
    }
    let sales = app.sign_in("sales", "cairn-sales-demo").await;
    for name in ["Sneaky Rockets Ltd", "Sneaky Rockets Limited"] {
        let create = format!(
            r#"{{"id":null,"version":0,"input":{{"name":"{name}","industry":"","source":"","website":"","phone":"","email":"","address":"","owner_id":null,"team_id":null,"tags":[],"lifecycle":null,"annual_revenue":null,"notes":""}}}}"#
        );
        let res = app
            .post_json("/api/save_account", Some(&sales), &create)
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = app
        .post_json("/api/duplicate_groups", Some(&sales), page)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let page = json_of(res).await;
    assert!(page["total"].as_u64().is_some_and(|n| n >= 1), "{page}");
    let groups = &page["groups"];
    let group = groups
        .as_array()
        .and_then(|g| {
            g.iter().find(|g| {
                g["records"][0]["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with("Sneaky"))
            })
        })
        .unwrap_or_else(|| panic!("the two spellings are proposed: {groups}"));
    let id = |i: usize| group["records"][i]["id"].as_i64().expect("id");
    let version = |i: usize| group["records"][i]["version"].as_i64().expect("version");
    let merge = |merged: &str| {
        format!(
            r#"{{"input":{{"kind":"Account","survivor_id":{},"merged_ids":[{merged}],"choices":{{"name":{}}},"versions":{{"{}":{},"{}":{}}}}}}}"#,
            id(0),
            id(1),
            id(0),
            version(0),
            id(1),
            version(1)
        )
    };

    // A viewer sees every account but may edit none of them.
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    let res = app
        .post_json(
            "/api/merge_records",
            Some(&viewer),
            &merge(&id(1).to_string()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post_json("/api/merge_records", Some(&sales), &merge(""))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(res).await["Validation"]["field"], "merged_ids");

    let res = app
        .post_json(
            "/api/merge_records",
            Some(&sales),
            &merge(&id(1).to_string()),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let outcome = json_of(res).await;
    let merge_id = outcome["merge_id"].as_i64().expect("merge id");
    let survivor = json_of(
        app.post("/api/get_account", Some(&sales), &format!("id={}", id(0)))
            .await,
    )
    .await;
    assert_eq!(survivor["name"], group["records"][1]["name"]);
    let history = json_of(
        app.post_json("/api/merge_history", Some(&sales), kind)
            .await,
    )
    .await;
    assert_eq!(history[0]["id"], merge_id, "{history}");
    assert_eq!(history[0]["undoable"], true);
    let res = app
        .post("/api/undo_merge", Some(&sales), &format!("id={merge_id}"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .post("/api/undo_merge", Some(&sales), &format!("id={merge_id}"))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.post("/api/undo_merge", Some(&sales), "id=999999")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

const ROLLOUT: &str = include_str!("../../tests/data/mspdi/rollout.xml");

impl TestApp {
    async fn post_xml(
        &self,
        path: &str,
        cookie: Option<&str>,
        xml: &str,
    ) -> axum::response::Response {
        let mut req = Request::post(path).header(header::CONTENT_TYPE, "application/xml");
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        self.send(req.body(Body::from(xml.to_owned())).expect("request"))
            .await
    }
}

async fn body_text(res: axum::response::Response) -> String {
    let body = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .expect("body");
    String::from_utf8(body.to_vec()).expect("utf-8")
}

fn header_of(res: &axum::response::Response, name: header::HeaderName) -> &str {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

#[tokio::test]
async fn project_files_need_a_user_and_the_right_role() {
    let app = TestApp::new(true).await;
    let import = "/api/projects/import.xml?status=active";
    assert_eq!(
        app.post_xml(import, None, ROLLOUT).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Everyone reads projects; only the PMO and admins create them.
    let viewer = app.sign_in("viewer", "cairn-viewer-demo").await;
    let res = app.post_xml(import, Some(&viewer), ROLLOUT).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(json_of(res).await, serde_json::json!("Forbidden"));

    let pmo = app.sign_in("pmo", "cairn-pmo-demo").await;
    let res = app
        .post_xml(
            import,
            Some(&pmo),
            &ROLLOUT.replace("<Duration>PT7H0M0S", "<Duration>seven"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let refused = json_of(res).await;
    assert_eq!(refused["Validation"]["field"], "Duration");
    assert!(
        refused["Validation"]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("task UID 2") && r.contains("line "))
    );

    // Larger than axum's default 2 MB, within the import limit of 20 MB;
    // beyond it, 413.
    let padded = ROLLOUT.replacen(
        "<Project ",
        &format!("<!-- {} -->\n<Project ", "x".repeat(3 << 20)),
        1,
    );
    let res = app.post_xml(import, Some(&pmo), &padded).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let huge = format!("{}<!-- {} -->", ROLLOUT, "x".repeat(21 << 20));
    assert_eq!(
        app.post_xml(import, Some(&pmo), &huge).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );

    let res = app.post_xml(import, Some(&pmo), ROLLOUT).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = {
        let location = header_of(&res, header::LOCATION).to_owned();
        let done = json_of(res).await;
        let id = done["id"].as_i64().expect("an id");
        assert_eq!(location, format!("/projects/{id}"));
        assert_eq!(done["project"]["status"], "Active");
        assert_eq!(
            (done["tasks"].as_i64(), done["links"].as_i64()),
            (Some(10), Some(8))
        );
        assert_eq!(done["calendar"], "Custom");
        assert!(
            done["resources_unmatched"]
                .as_array()
                .is_some_and(|u| u.len() == 4)
        );
        assert!(done["warnings"].is_array());
        id
    };

    for (file, content_type, starts) in [
        ("export.xml", "application/xml; charset=utf-8", "<?xml"),
        (
            "schedule.csv",
            "text/csv; charset=utf-8",
            "\u{feff}outline,name",
        ),
        (
            "milestones.ics",
            "text/calendar; charset=utf-8",
            "BEGIN:VCALENDAR\r\n",
        ),
    ] {
        let path = format!("/api/projects/{id}/{file}");
        assert_eq!(
            app.get(&path).await.status(),
            StatusCode::UNAUTHORIZED,
            "{file}"
        );
        let res = app.get_with(&path, &viewer).await;
        assert_eq!(res.status(), StatusCode::OK, "{file}");
        assert_eq!(header_of(&res, header::CONTENT_TYPE), content_type);
        let disposition = header_of(&res, header::CONTENT_DISPOSITION).to_owned();
        assert!(
            disposition.starts_with("attachment; filename=\"project-")
                && disposition.contains(&id.to_string()),
            "{disposition}"
        );
        let text = body_text(res).await;
        assert!(
            text.starts_with(starts),
            "{file}: {}",
            &text[..40.min(text.len())]
        );
        if file == "export.xml" {
            let doc = cairn::domain::schedule::mspdi::Document::parse(&text).expect("reads back");
            assert_eq!(doc.title, "Rollout, phase 2; Shanghai");
        }
        assert_eq!(
            app.get_with(&format!("/api/projects/987654/{file}"), &viewer)
                .await
                .status(),
            StatusCode::NOT_FOUND,
            "{file}"
        );
    }
}
