//! Test databases: every store test runs on a fresh SQLite file and, when
//! `CAIRN_TEST_POSTGRES_URL` names a reachable server (scripts/test sets
//! it), on a fresh PostgreSQL database too.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use cairn::domain::user::NewUser;
use cairn::domain::{Actor, Role};
use cairn::store::Store;

pub struct TestDb {
    pub name: &'static str,
    pub store: Store,
    _dir: Option<tempfile::TempDir>,
}

pub async fn databases() -> Vec<TestDb> {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = Store::sqlite_url_in(dir.path()).expect("sqlite url");
    let mut dbs = vec![TestDb {
        name: "sqlite",
        store: Store::open(&url).await.expect("open sqlite"),
        _dir: Some(dir),
    }];
    match std::env::var("CAIRN_TEST_POSTGRES_URL") {
        Ok(admin) if !admin.is_empty() => dbs.push(TestDb {
            name: "postgres",
            store: fresh_postgres(&admin).await,
            _dir: None,
        }),
        _ => eprintln!("PostgreSQL: CAIRN_TEST_POSTGRES_URL unset, this test ran on SQLite only"),
    }
    dbs
}

async fn fresh_postgres(admin_url: &str) -> Store {
    use sea_orm::{ConnectionTrait, Database, Statement};
    let name = format!("cairn_t_{:016x}", rand_u64());
    let admin = Database::connect(admin_url)
        .await
        .expect("connect to PostgreSQL");
    admin
        .execute_raw(Statement::from_string(
            admin.get_database_backend(),
            format!("CREATE DATABASE {name}"),
        ))
        .await
        .expect("create test database");
    let base = admin_url
        .rsplit_once('/')
        .map(|(b, _)| b)
        .unwrap_or(admin_url);
    Store::open(&format!("{base}/{name}"))
        .await
        .expect("open PostgreSQL test database")
}

fn rand_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    h.finish()
}

pub const PASSWORD: &str = "a long enough passphrase";

pub fn new_user(username: &str, role: Role) -> NewUser {
    NewUser {
        username: username.to_owned(),
        display_name: format!("{username} person"),
        email: format!("{username}@example.com"),
        role,
        team_id: None,
        password: PASSWORD.to_owned(),
    }
}

/// Creates a user and returns them as an actor.
pub async fn actor(store: &Store, username: &str, role: Role) -> Actor {
    let v = cairn::store::users::create_as_operator(store, new_user(username, role))
        .await
        .expect("create user");
    Actor {
        user_id: v.id,
        role: v.role,
        team_id: v.team_id,
    }
}

/// Creates a user in team `team` (created if missing) and returns them as
/// an actor.
pub async fn actor_in(store: &Store, username: &str, role: Role, team: &str) -> Actor {
    let t = cairn::store::users::ensure_team(store, team)
        .await
        .expect("team");
    let mut u = new_user(username, role);
    u.team_id = Some(t.id);
    let v = cairn::store::users::create_as_operator(store, u)
        .await
        .expect("create user");
    Actor {
        user_id: v.id,
        role: v.role,
        team_id: v.team_id,
    }
}
