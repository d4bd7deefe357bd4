//! Users files: the teams and the managers a file names that do not
//! exist yet.

use std::collections::BTreeSet;

use super::super::directory::Directory;
use super::slots::Slots;
use super::{Act, NewManager};
use crate::domain::Role;
use crate::domain::import::validate::username_from;
use crate::domain::import::{RowError, UserRecord};

/// The teams to create and the managers who are not users yet (each in
/// the team of the first row that names them).
pub(super) fn users_extras(
    dir: &Directory,
    slots: &Slots,
    users: &[UserRecord],
    errors: &mut Vec<RowError>,
    role: Role,
) -> (Vec<String>, Vec<NewManager>) {
    let mut teams: Vec<String> = Vec::new();
    let mut managers: Vec<NewManager> = Vec::new();
    let kept = || slots.iter().zip(users).filter(|(s, _)| s.act != Act::Skip);
    let in_file: BTreeSet<String> = kept()
        .map(|(_, u)| crate::domain::import::mapping::value_key(&u.display_name))
        .collect();
    let usernames: BTreeSet<String> = users.iter().map(|u| u.username.clone()).collect();
    for (slot, u) in kept() {
        if let Some(t) = &u.team
            && dir.team(t).is_none()
            && !teams.iter().any(|x| x.eq_ignore_ascii_case(t))
        {
            teams.push(t.clone());
        }
        if let Some(m) = &u.manager {
            let key = crate::domain::import::mapping::value_key(m);
            if dir.user(m).is_ok() || in_file.contains(&key) {
                continue;
            }
            if managers
                .iter()
                .any(|x| crate::domain::import::mapping::value_key(&x.display_name) == key)
            {
                continue;
            }
            let username = username_from(m);
            if crate::domain::user::validate_username(&username).is_err()
                || dir.username_taken(&username).is_some()
                || usernames.contains(&username)
            {
                errors.push(RowError {
                    row: slot.row,
                    column: "manager".to_owned(),
                    reason: format!("cannot make a username for {m} (\"{username}\" is invalid or taken); import the manager as a user first"),
                });
                continue;
            }
            managers.push(NewManager {
                username,
                display_name: m.clone(),
                team: u.team.clone(),
                role,
                row: slot.row,
            });
        }
    }
    (teams, managers)
}
