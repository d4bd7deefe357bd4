//! Demo data (`cairn seed --demo`, and the dev script on an empty database).
//! Demo mode only: these passwords are public, in the README.

use super::{Store, users};
use crate::domain::user::NewUser;
use crate::domain::{AppResult, Role};

/// One demo login per role: (username, role, password, team).
pub const DEMO_USERS: [(&str, Role, &str, Option<&str>); 6] = [
    ("admin", Role::Admin, "cairn-admin-demo", None),
    (
        "manager",
        Role::Manager,
        "cairn-manager-demo",
        Some("Sales East"),
    ),
    ("sales", Role::Sales, "cairn-sales-demo", Some("Sales East")),
    (
        "service",
        Role::Service,
        "cairn-service-demo",
        Some("Service Desk"),
    ),
    ("pmo", Role::Pmo, "cairn-pmo-demo", Some("Delivery")),
    ("viewer", Role::Viewer, "cairn-viewer-demo", None),
];

/// What the seed did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seeded {
    Created(usize),
    /// The database already had users; nothing was touched.
    AlreadyPopulated,
}

/// Creates the demo teams and users if the database has no users yet.
pub async fn demo(store: &Store) -> AppResult<Seeded> {
    if users::count(store).await? > 0 {
        return Ok(Seeded::AlreadyPopulated);
    }
    for (username, role, password, team) in DEMO_USERS {
        let team_id = match team {
            Some(name) => Some(users::ensure_team(store, name).await?.id),
            None => None,
        };
        let display = format!("Demo {}", capitalise(username));
        users::create_as_operator(
            store,
            NewUser {
                username: username.to_owned(),
                display_name: display,
                email: format!("{username}@demo.cairn.example"),
                role,
                team_id,
                password: password.to_owned(),
            },
        )
        .await?;
    }
    Ok(Seeded::Created(DEMO_USERS.len()))
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}
