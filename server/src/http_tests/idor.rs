//! The IDOR sweep (issue 10): a signed-in user replays every registered
//! server function with the ids of records they may not see, and none of
//! the answers may carry those records.
//!
//! How it reaches every function without knowing each one's arguments:
//! the hidden account, contact, lead and deal are created so that they all
//! have the *same* id `T`, and each call sends that id under every name
//! the app's functions use for one (`id`, `account_id`, `deal_id`, …) plus
//! the records' secret word as a search term, first as JSON and then as a
//! form. Functions ignore fields they do not take, so every function whose
//! arguments are ids, a search or nothing at all is called with the hidden
//! records' id. A leak is any answer containing a secret word; afterwards
//! the hidden records must be unchanged and the audit log must hold no
//! change to them by the caller.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cairn::domain::customer::{AccountInput, ActivityInput, ActivityKind, ContactInput, LeadInput};
use cairn::domain::sales::{BoardQuery, DealInput};
use cairn::domain::{Actor, Role};
use cairn::store::Store;
use cairn::store::customers::{accounts, activities, contacts, leads};
use cairn::store::entity::audit_log;
use cairn::store::sales::{board, deals};
use leptos::server_fn::axum::server_fn_paths;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{TestApp, body_text};

/// Words only the hidden records contain.
const SECRET: &str = "Zebulonsecret";
const DEAL_SECRET: &str = "Quillondealsecret";

/// Calls that would end the caller's own session mid-sweep.
const SKIP: &[&str] = &["/api/logout"];

/// The argument names under which the app's functions take a record id.
pub(super) const ID_NAMES: &[&str] = &[
    "id",
    "account_id",
    "contact_id",
    "lead_id",
    "deal_id",
    "record_id",
    "subject_id",
    "entity_id",
];

pub(super) struct Hidden {
    pub(super) id: i64,
    versions: Vec<(&'static str, i64)>,
}

async fn admin(store: &Store) -> Actor {
    cairn::store::users::operator_actor(store, None)
        .await
        .expect("admin")
}

/// Creates filler records (the administrator's, no team) until `next`
/// returns `target`, so the hidden record of every kind lands on one id.
pub(super) async fn hidden_records(store: &Store, owner: &Actor) -> Hidden {
    let a = admin(store).await;
    let b = board::board(store, &a, &BoardQuery::default())
        .await
        .expect("board");
    let deal_input = |title: String, account_id: Option<i64>, owner: Option<&Actor>| DealInput {
        title,
        amount: "100".into(),
        currency: "CNY".into(),
        pipeline_id: b.pipeline.id,
        stage_id: b.pipeline.stages[0].id,
        account_id,
        owner_id: owner.map(|o| o.user_id),
        team_id: owner.and_then(|o| o.team_id),
        ..Default::default()
    };
    // The first free id above every kind's current maximum.
    let mut target = 0;
    for probe in 0..4 {
        let id = match probe {
            0 => accounts::create(store, &a, named_account("probe"))
                .await
                .map(|v| v.id),
            1 => contacts::create(store, &a, named_contact("probe", None))
                .await
                .map(|v| v.id),
            2 => leads::create(store, &a, named_lead("probe"))
                .await
                .map(|v| v.id),
            _ => deals::create(store, &a, deal_input("probe".into(), None, None))
                .await
                .map(|v| v.id),
        }
        .expect("probe record");
        target = target.max(id + 1);
    }
    let mut versions = Vec::new();
    let account_id;
    loop {
        let mut input = named_account(SECRET);
        input.owner_id = Some(owner.user_id);
        input.team_id = owner.team_id;
        let last = accounts::create(store, &a, input).await.expect("account");
        if last.id == target {
            account_id = last.id;
            versions.push(("account", last.version));
            break;
        }
        assert!(last.id < target, "account ids overshot");
        accounts::set_deleted(store, &a, last.id, last.version, true)
            .await
            .expect("bin filler");
    }
    loop {
        let mut c = named_contact(SECRET, Some(account_id));
        c.owner_id = Some(owner.user_id);
        c.team_id = owner.team_id;
        let id = contacts::create(store, &a, c).await.expect("contact");
        if id.id == target {
            versions.push(("contact", id.version));
            break;
        }
    }
    loop {
        let mut l = named_lead(SECRET);
        l.owner_id = Some(owner.user_id);
        l.team_id = owner.team_id;
        let id = leads::create(store, &a, l).await.expect("lead");
        if id.id == target {
            versions.push(("lead", id.version));
            break;
        }
    }
    loop {
        let d = deals::create(
            store,
            &a,
            deal_input(
                format!("{SECRET} {DEAL_SECRET}"),
                Some(account_id),
                Some(owner),
            ),
        )
        .await
        .expect("deal");
        if d.id == target {
            versions.push(("deal", d.version));
            break;
        }
    }
    activities::log(
        store,
        &a,
        ActivityInput {
            kind: ActivityKind::Note,
            subject: format!("{SECRET} call notes"),
            body: SECRET.into(),
            account_id: Some(account_id),
            contact_id: None,
            lead_id: None,
            occurred_at: None,
            due_on: None,
            assignee_id: None,
        },
    )
    .await
    .expect("activity");
    Hidden {
        id: target,
        versions,
    }
}

fn named_account(name: &str) -> AccountInput {
    AccountInput {
        name: format!("{name} Holdings"),
        ..Default::default()
    }
}

fn named_contact(name: &str, account_id: Option<i64>) -> ContactInput {
    ContactInput {
        name: format!("{name} Person"),
        account_id,
        ..Default::default()
    }
}

fn named_lead(name: &str) -> LeadInput {
    LeadInput {
        name: format!("{name} Lead"),
        company: format!("{name} Co"),
        email: format!("{}@example.com", name.to_lowercase()),
        ..Default::default()
    }
}

/// Replays every server function as `user` with the hidden id; returns
/// (functions called with decodable arguments, leaks as "path: word").
/// With `writes`, the calls also carry the records' current version
/// (1) and `deleted=true`, so deletes and bins are attempted too.
async fn sweep(
    app: &TestApp,
    user: &str,
    password: &str,
    id: i64,
    words: &[&str],
    writes: bool,
) -> (usize, Vec<String>) {
    let cookie = app.sign_in(user, password).await;
    let mut json = serde_json::Map::new();
    for name in ID_NAMES {
        json.insert((*name).to_owned(), serde_json::json!(id));
    }
    json.insert("q".into(), serde_json::json!(SECRET));
    json.insert("query".into(), serde_json::json!({ "q": SECRET }));
    let mut form: Vec<String> = ID_NAMES.iter().map(|n| format!("{n}={id}")).collect();
    form.push(format!("q={SECRET}"));
    if writes {
        json.insert("version".into(), serde_json::json!(1));
        json.insert("deleted".into(), serde_json::json!(true));
        form.push("version=1&deleted=true".into());
    }
    let json = serde_json::Value::Object(json).to_string();
    let form = form.join("&");

    let mut paths: Vec<String> = server_fn_paths().map(|(p, _)| p.to_owned()).collect();
    paths.sort();
    let mut decoded = 0;
    let mut leaks = Vec::new();
    for path in paths {
        if SKIP.contains(&path.as_str()) || crate::auth::PUBLIC_CALLS.contains(&path.as_str()) {
            continue;
        }
        let mut answered = None;
        for (ct, body) in [
            ("application/json", &json),
            ("application/x-www-form-urlencoded", &form),
        ] {
            let req = Request::post(&path)
                .header(header::CONTENT_TYPE, ct)
                .header(header::ACCEPT, "application/json")
                .header(header::COOKIE, &cookie)
                .body(Body::from(body.clone()))
                .expect("request");
            let res = app.send(req).await;
            let status = res.status();
            let text = body_text(res).await;
            assert_ne!(
                status,
                StatusCode::UNAUTHORIZED,
                "{path}: the session survived"
            );
            // "request" is not valid: these are not its arguments (or not
            // in this encoding); try the other one.
            let undecoded =
                status == StatusCode::UNPROCESSABLE_ENTITY && text.contains(r#""field":"request""#);
            if !undecoded {
                answered = Some(text);
                break;
            }
        }
        if let Some(text) = answered {
            decoded += 1;
            for w in words {
                if text.contains(w) {
                    leaks.push(format!("{path}: {w}"));
                }
            }
        }
    }
    for (method, path) in [
        ("GET", "/api/sales/forecast.csv"),
        ("GET", "/api/export/accounts.csv"),
        ("GET", "/api/export/contacts.csv"),
        ("GET", "/api/export/leads.csv"),
        ("GET", "/api/export/deals.csv"),
    ] {
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, &cookie)
            .body(Body::empty())
            .expect("request");
        let text = body_text(app.send(req).await).await;
        decoded += 1;
        for w in words {
            if text.contains(w) {
                leaks.push(format!("{path}: {w}"));
            }
        }
    }
    (decoded, leaks)
}

/// Bob (password "a long enough passphrase"), salesperson of team Sales
/// West: another team to every demo user.
pub(super) async fn west_salesperson(store: &Store) -> Actor {
    let west = cairn::store::users::ensure_team(store, "Sales West")
        .await
        .expect("team");
    let bob = cairn::domain::user::NewUser {
        username: "bob".into(),
        display_name: "Bob West".into(),
        email: "bob@example.com".into(),
        role: Role::Sales,
        team_id: Some(west.id),
        password: "a long enough passphrase".into(),
    };
    let bob = cairn::store::users::create_as_operator(store, bob)
        .await
        .expect("bob");
    Actor {
        user_id: bob.id,
        role: Role::Sales,
        team_id: bob.team_id,
    }
}

#[tokio::test]
async fn replaying_calls_with_other_peoples_ids_leaks_nothing() {
    let app = TestApp::new(true).await;
    let owner = west_salesperson(&app.store).await;
    let hidden = hidden_records(&app.store, &owner).await;

    // The owner sees their own records: the sweep can find what it seeks.
    let (_, own) = sweep(
        &app,
        "bob",
        "a long enough passphrase",
        hidden.id,
        &[SECRET],
        false,
    )
    .await;
    assert!(
        own.iter().any(|l| l.starts_with("/api/get_account")),
        "the owner reads their account by id: {own:?}"
    );

    // A salesperson of another team sees none of them; the service desk
    // (no access to sales) sees the customer records but not the deal.
    let (east, east_leaks) = sweep(
        &app,
        "sales",
        "cairn-sales-demo",
        hidden.id,
        &[SECRET],
        true,
    )
    .await;
    let (svc, svc_leaks) = sweep(
        &app,
        "service",
        "cairn-service-demo",
        hidden.id,
        &[DEAL_SECRET],
        true,
    )
    .await;
    // The viewer may read everything and change nothing.
    let (viewer, _) = sweep(&app, "viewer", "cairn-viewer-demo", hidden.id, &[], true).await;
    println!(
        "IDOR sweep: other-team salesperson {east} calls, {} leaks; service desk {svc} calls, \
         {} leaks; viewer {viewer} calls with write arguments; 0 changes (checked below)",
        east_leaks.len(),
        svc_leaks.len()
    );
    assert!(east > 50, "the functions taking ids were reached ({east})");
    assert_eq!(east_leaks, Vec::<String>::new(), "other-team salesperson");
    assert_eq!(svc_leaks, Vec::<String>::new(), "service desk and deals");

    // Nothing hidden was changed by the replay.
    let a = admin(&app.store).await;
    let now = [
        (
            "account",
            accounts::get(&app.store, &a, hidden.id)
                .await
                .expect("a")
                .version,
        ),
        (
            "contact",
            contacts::get(&app.store, &a, hidden.id)
                .await
                .expect("c")
                .version,
        ),
        (
            "lead",
            leads::get(&app.store, &a, hidden.id)
                .await
                .expect("l")
                .version,
        ),
        (
            "deal",
            deals::get(&app.store, &a, hidden.id)
                .await
                .expect("d")
                .version,
        ),
    ];
    assert_eq!(now.to_vec(), hidden.versions, "hidden records unchanged");
    for user in ["sales", "service", "viewer"] {
        let uid = cairn::store::users::operator_actor(&app.store, Some(user))
            .await
            .expect("user")
            .user_id;
        let touched = audit_log::Entity::find()
            .filter(audit_log::Column::ActorId.eq(uid))
            .filter(audit_log::Column::EntityId.eq(hidden.id.to_string()))
            .filter(audit_log::Column::Entity.is_in(["account", "contact", "lead", "deal"]))
            .all(app.store.conn())
            .await
            .expect("audit");
        assert!(
            touched.is_empty(),
            "{user} changed a hidden record: {touched:?}"
        );
    }
}
