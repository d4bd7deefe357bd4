//! Every page renders on the server for the people who use it: the full
//! document arrives (a panic or a hang while rendering — say, a task
//! spawned where the server has no local executor — leaves it cut short
//! or never finishing), with status 200.

use std::time::Duration;

use axum::http::StatusCode;

use super::{TestApp, body_text};

/// The app's routes, with the demo's first record where a route names one.
const PAGES: &[&str] = &[
    "/",
    "/profile",
    "/admin/users",
    "/admin/grading",
    "/admin/pipelines",
    "/admin/service",
    "/admin/automation",
    "/admin/targets",
    "/admin/templates",
    "/sales/forecast",
    "/customers",
    "/customers/accounts/new",
    "/customers/accounts/1",
    "/customers/accounts/1/edit",
    "/customers/accounts/1/print",
    "/customers/contacts",
    "/customers/contacts/new",
    "/customers/contacts/1",
    "/customers/leads",
    "/customers/leads/new",
    "/customers/leads/1",
    "/customers/my-day",
    "/customers/trash",
    "/customers/duplicates",
    "/customers/duplicates/merge?kind=account&ids=1,2",
    "/import",
    "/sales",
    "/sales/list",
    "/sales/deals/new",
    "/sales/deals/1",
    "/sales/deals/1/edit",
    "/marketing",
    "/marketing/new",
    "/marketing/1",
    "/service",
    "/service/board",
    "/service/reports",
    "/service/tickets/new",
    "/service/tickets/1",
    "/projects",
    "/projects/new",
    "/projects/import",
    "/projects/1",
    "/projects/1?tab=resources",
    "/projects/1?tab=risks",
    "/projects/1?tab=changes",
    "/projects/1?tab=costs",
    "/projects/1?tab=quality",
    "/projects/1/report",
    "/reports",
];

/// Pages for people not signed in; signed in, they lead elsewhere.
const SIGNED_OUT: &[&str] = &["/login", "/setup"];

/// A new route must join `PAGES`, or this fails: a page nobody renders
/// here is a page whose server render nobody checks.
#[test]
fn every_route_of_the_app_is_in_the_list() {
    let listed: std::collections::BTreeSet<String> = PAGES
        .iter()
        .chain(SIGNED_OUT)
        .map(|p| p.split('?').next().unwrap_or(p).to_owned())
        .collect();
    let missing: Vec<String> = crate::router::routes()
        .iter()
        .map(|r| {
            r.path()
                .split('/')
                .map(|seg| {
                    if seg.starts_with('{') || seg.starts_with(':') {
                        "1"
                    } else {
                        seg
                    }
                })
                .collect::<Vec<_>>()
                .join("/")
        })
        .map(|p| if p.is_empty() { "/".to_owned() } else { p })
        .filter(|p| !listed.contains(p))
        .collect();
    assert!(
        missing.is_empty(),
        "routes not rendered by this test: {missing:?}"
    );
}

#[tokio::test]
async fn every_page_renders_in_full_for_an_administrator() {
    let app = TestApp::new(true).await;
    let admin = app.sign_in("admin", "cairn-admin-demo").await;
    // How long each page took, printed if one does not finish (a page
    // renders in 10-80 ms; a minute is a hang). It caught, twice in CI,
    // renders that hung while another test built its router (see
    // `router::routes`).
    let mut took = Vec::new();
    for page in PAGES {
        let started = std::time::Instant::now();
        let render = async {
            let res = app.get_with(page, &admin).await;
            let status = res.status();
            (status, body_text(res).await)
        };
        let (status, body) = tokio::time::timeout(Duration::from_secs(60), render)
            .await
            .unwrap_or_else(|_| panic!("{page} did not finish rendering; before it: {took:?}"));
        took.push((*page, started.elapsed()));
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_complete(page, &body);
    }
}

#[tokio::test]
async fn the_sign_in_pages_render_in_full_for_a_visitor() {
    let app = TestApp::new(true).await;
    for page in SIGNED_OUT {
        let res = app.get(page).await;
        let status = res.status();
        if status.is_redirection() {
            // `/setup` once an administrator exists: off to sign in.
            continue;
        }
        assert_eq!(status, StatusCode::OK, "{page}");
        assert_complete(page, &body_text(res).await);
    }
}

/// The document was closed. (A render that panics or hangs never gets
/// there; leptos streams resolved parts after `</html>`, so only its
/// presence is checked, not that the body ends with it.)
fn assert_complete(page: &str, body: &str) {
    assert!(
        body.contains("</html>"),
        "{page} was cut short: …{}",
        tail(body)
    );
}

fn tail(body: &str) -> &str {
    let from = body.char_indices().rev().nth(300).map_or(0, |(i, _)| i);
    &body[from..]
}

/// Routers built while pages render (every test builds one) must not
/// stall them: Leptos works the route list out with resource loading
/// switched off process-wide, so `router::routes` works it out once.
/// (Without that, a render here blocks within a few rounds; the renders
/// run on the runtime's workers so that the deadline still fires.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn routers_built_meanwhile_do_not_stall_a_render() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};

    let app = Arc::new(TestApp::new(true).await);
    let admin = app.sign_in("admin", "cairn-admin-demo").await;
    let stop = Arc::new(AtomicBool::new(false));
    let builder = std::thread::spawn({
        let stop = Arc::clone(&stop);
        let rt = tokio::runtime::Handle::current();
        move || {
            let _in_runtime = rt.enter();
            let mut built = 0_u32;
            while !stop.load(Ordering::Relaxed) {
                built += u32::from(!crate::router::routes().is_empty());
            }
            built
        }
    });
    let renders = tokio::spawn({
        let app = Arc::clone(&app);
        async move {
            for round in 0..40 {
                let page = PAGES[round % PAGES.len()];
                let body = body_text(app.get_with(page, &admin).await).await;
                assert_complete(page, &body);
            }
        }
    });
    let finished = tokio::time::timeout(Duration::from_secs(60), renders).await;
    stop.store(true, Ordering::Relaxed);
    finished
        .expect("a render stalled while routers were built")
        .expect("renders");
    assert!(builder.join().expect("builder") > 0);
}
