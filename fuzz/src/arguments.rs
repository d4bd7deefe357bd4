//! The body of the `arguments` target: server-function argument decoding
//! over the real router (`cairn_server::router::build`), in this process so
//! that libFuzzer sees the coverage of the decoders and the handlers.
//!
//! The input's first two bytes pick the function (in the order of
//! server_fn's registry, sorted), the third the content type, the rest is
//! the body, sent by a signed-in administrator so that decoding is the only
//! thing between the bytes and the handler. A 5xx or a panic is the crash
//! being looked for: bad arguments must get a 4xx that names what is wrong
//! (`server/src/router.rs`, `undecodable_arguments_are_422`). The stable
//! counterpart is the `arguments_fuzz` test of the server's HTTP tests.

use std::sync::{Mutex, OnceLock};

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cairn::domain::Role;
use cairn_server::config::Settings;
use cairn_server::state::AppState;
use leptos::server_fn::axum::server_fn_paths;
use tower::ServiceExt;

/// Calls that end the caller's session on purpose.
const SKIP: &[&str] = &["/api/logout"];

/// The content types the third byte chooses from: the two the app's codecs
/// read, and bodies under types no codec reads.
const CONTENT_TYPES: [Option<&str>; 5] = [
    Some("application/json"),
    Some("application/x-www-form-urlencoded"),
    Some("application/json"),
    Some("text/plain"),
    None,
];

const PASSWORD: &str = "a long enough passphrase";

/// One server for the whole run: a SQLite file with the demo data in a
/// temporary folder, the router, and the administrator's session.
struct Server {
    runtime: tokio::runtime::Runtime,
    router: Router,
    store: cairn::store::Store,
    paths: Vec<String>,
    session: Mutex<(u32, String)>,
    _dir: tempfile::TempDir,
}

static SERVER: OnceLock<Server> = OnceLock::new();

fn server() -> &'static Server {
    SERVER.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let dir = tempfile::tempdir().expect("a temporary folder");
        let mut settings = Settings::default();
        settings.cairn.data_dir = dir.path().to_owned();
        settings.cairn.database_url = String::new();
        let (router, store) = runtime.block_on(async {
            let url = settings.database_url().expect("a database address");
            let store = cairn::store::Store::open(&url).await.expect("the database");
            cairn::store::seed::demo(&store)
                .await
                .expect("the demo data");
            (
                cairn_server::router::build(AppState::new(settings, store.clone())),
                store,
            )
        });
        let mut paths: Vec<String> = server_fn_paths()
            .map(|(p, _)| p.to_owned())
            .filter(|p| !SKIP.contains(&p.as_str()))
            .collect();
        paths.sort();
        paths.dedup();
        assert!(
            paths.len() > 100,
            "the server functions were not all registered"
        );
        let server = Server {
            runtime,
            router,
            store,
            paths,
            session: Mutex::new((0, String::new())),
            _dir: dir,
        };
        let first = server.runtime.block_on(server.fresh_admin(1));
        if let Ok(mut s) = server.session.lock() {
            *s = (1, first);
        }
        server
    })
}

impl Server {
    /// A new administrator's session: a fuzzed call may disable the
    /// current one, change its password or sign it out everywhere.
    async fn fresh_admin(&self, n: u32) -> String {
        let name = format!("fuzzadmin{n}");
        cairn::store::users::create_as_operator(
            &self.store,
            cairn::domain::user::NewUser {
                username: name.clone(),
                display_name: name.clone(),
                email: format!("{name}@example.com"),
                role: Role::Admin,
                team_id: None,
                password: PASSWORD.into(),
            },
        )
        .await
        .expect("an administrator");
        let res = self
            .router
            .clone()
            .oneshot(
                Request::post("/api/login")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::ACCEPT, "application/json")
                    .body(Body::from(format!("username={name}&password={PASSWORD}")))
                    .expect("a request"),
            )
            .await
            .expect("infallible");
        assert_eq!(res.status(), StatusCode::OK, "sign-in of {name}");
        res.headers()
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with(cairn_server::router::SESSION_COOKIE))
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_owned()
    }
}

/// Opens the database, seeds it and signs in, before the first input (in
/// the target's `init`, so the minutes this takes in a debug build are not
/// counted against an input's timeout).
pub fn start() {
    server();
}

/// Sends one call made of `data`; panics on a 5xx.
pub fn call(data: &[u8]) {
    let [hi, lo, ct, body @ ..] = data else {
        return;
    };
    let server = server();
    let path = &server.paths[usize::from(u16::from_be_bytes([*hi, *lo])) % server.paths.len()];
    let content_type = CONTENT_TYPES[usize::from(*ct) % CONTENT_TYPES.len()];
    let cookie = match server.session.lock() {
        Ok(s) => s.1.clone(),
        Err(_) => return,
    };
    server.runtime.block_on(async {
        let mut req = Request::post(path.as_str())
            .header(header::ACCEPT, "application/json")
            .header(header::COOKIE, &cookie);
        if let Some(ct) = content_type {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        let req = req.body(Body::from(body.to_vec())).expect("a request");
        let res = server
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("infallible");
        let status = res.status();
        if status.is_server_error() {
            let text = axum::body::to_bytes(res.into_body(), 1 << 20)
                .await
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            let sent = String::from_utf8_lossy(&body[..body.len().min(300)]);
            panic!("{path} answered {status} to {content_type:?} {sent:?}: {text}");
        }
        if status == StatusCode::UNAUTHORIZED {
            let n = server.session.lock().map(|s| s.0 + 1).unwrap_or(1);
            let cookie = server.fresh_admin(n).await;
            if let Ok(mut s) = server.session.lock() {
                *s = (n, cookie);
            }
        }
    });
}
