//! The names a file refers to, loaded once per import: users and teams
//! (owners, managers), accounts (a contact's or a deal's account),
//! contacts, pipelines and their stages. Rows are then resolved in memory,
//! so a 100,000-row file costs a few queries, not one per row.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::customer::fields::{company_key, email_key};
use crate::domain::import::Kind;
use crate::domain::import::mapping::value_key;
use crate::domain::sales::Pipeline;
use crate::domain::{Action, Actor, AppResult, Module, Resource, Scope, authorize, read_scope};
use crate::store::db::internal;
use crate::store::entity::{account, contact, team, user};
use crate::store::sales::pipelines;

#[derive(Debug, Clone)]
pub struct UserEntry {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub team_id: Option<i64>,
    pub active: bool,
    pub version: i64,
}

/// id, name, email key, owner, team, account.
type ContactRow = (i64, String, String, Option<i64>, Option<i64>, Option<i64>);

/// Who a record an activity hangs off belongs to: the activity's author
/// must be allowed to change it, as when logging one by hand.
#[derive(Debug, Clone, Copy)]
pub struct Holder {
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    /// A contact's account (the activity shows on its timeline too).
    pub account_id: Option<i64>,
}

#[derive(Default)]
pub struct Directory {
    pub users: Vec<UserEntry>,
    /// Lower-case display name or username → indexes into `users`.
    by_name: HashMap<String, Vec<usize>>,
    pub teams: HashMap<String, i64>,
    pub team_names: HashMap<i64, String>,
    /// Accounts the actor can see: exact name and [`company_key`] → ids.
    accounts_by_name: HashMap<String, Vec<i64>>,
    accounts_by_key: HashMap<String, Vec<i64>>,
    /// Contacts the actor can see: email key and name → ids.
    contacts_by_email: HashMap<String, Vec<i64>>,
    contacts_by_name: HashMap<String, Vec<i64>>,
    /// Owner and team of the accounts and contacts above.
    pub account_holders: HashMap<i64, Holder>,
    pub contact_holders: HashMap<i64, Holder>,
    pub pipelines: Vec<Pipeline>,
}

/// Why a name did not resolve, in words for the error report.
pub enum Miss {
    None,
    Many(usize),
}

fn one(ids: Option<&Vec<i64>>) -> Result<i64, Miss> {
    match ids.map(Vec::as_slice) {
        None | Some([]) => Err(Miss::None),
        Some([id]) => Ok(*id),
        Some(many) => Err(Miss::Many(many.len())),
    }
}

impl Directory {
    pub async fn load<C: ConnectionTrait>(conn: &C, actor: &Actor, kind: Kind) -> AppResult<Self> {
        let mut d = Directory::default();
        for u in user::Entity::find().all(conn).await.map_err(internal)? {
            let i = d.users.len();
            d.by_name
                .entry(value_key(&u.display_name))
                .or_default()
                .push(i);
            if value_key(&u.username) != value_key(&u.display_name) {
                d.by_name.entry(value_key(&u.username)).or_default().push(i);
            }
            d.users.push(UserEntry {
                id: u.id,
                username: u.username,
                display_name: u.display_name,
                team_id: u.team_id,
                active: u.active,
                version: u.version,
            });
        }
        for t in team::Entity::find().all(conn).await.map_err(internal)? {
            d.teams.insert(value_key(&t.name), t.id);
            d.team_names.insert(t.id, t.name);
        }
        if matches!(kind, Kind::Contacts | Kind::Deals | Kind::Activities) {
            let rows: Vec<(i64, String, Option<i64>, Option<i64>)> = account::Entity::find()
                .select_only()
                .column(account::Column::Id)
                .column(account::Column::Name)
                .column(account::Column::OwnerId)
                .column(account::Column::TeamId)
                .filter(account::Column::DeletedAt.is_null())
                .into_tuple()
                .all(conn)
                .await
                .map_err(internal)?;
            for (id, name, owner, team) in rows {
                if !sees(actor, owner, team) {
                    continue;
                }
                d.account_holders.insert(
                    id,
                    Holder {
                        owner_id: owner,
                        team_id: team,
                        account_id: Some(id),
                    },
                );
                d.accounts_by_name
                    .entry(value_key(&name))
                    .or_default()
                    .push(id);
                d.accounts_by_key
                    .entry(company_key(&name))
                    .or_default()
                    .push(id);
            }
        }
        if matches!(kind, Kind::Deals | Kind::Activities) {
            let rows: Vec<ContactRow> = contact::Entity::find()
                .select_only()
                .column(contact::Column::Id)
                .column(contact::Column::Name)
                .column(contact::Column::EmailKey)
                .column(contact::Column::OwnerId)
                .column(contact::Column::TeamId)
                .column(contact::Column::AccountId)
                .filter(contact::Column::DeletedAt.is_null())
                .into_tuple()
                .all(conn)
                .await
                .map_err(internal)?;
            for (id, name, email, owner, team, account_id) in rows {
                if !sees(actor, owner, team) {
                    continue;
                }
                d.contact_holders.insert(
                    id,
                    Holder {
                        owner_id: owner,
                        team_id: team,
                        account_id,
                    },
                );
                if !email.is_empty() {
                    d.contacts_by_email.entry(email).or_default().push(id);
                }
                d.contacts_by_name
                    .entry(value_key(&name))
                    .or_default()
                    .push(id);
            }
        }
        if kind == Kind::Deals {
            for (id, _) in pipelines::names(conn).await? {
                d.pipelines.push(pipelines::load(conn, id).await?);
            }
        }
        Ok(d)
    }

    /// A user by display name or username (ignoring case).
    pub fn user(&self, name: &str) -> Result<&UserEntry, Miss> {
        match self.by_name.get(&value_key(name)).map(Vec::as_slice) {
            None | Some([]) => Err(Miss::None),
            Some([i]) => Ok(&self.users[*i]),
            Some(many) => Err(Miss::Many(many.len())),
        }
    }

    pub fn user_by_id(&self, id: i64) -> Option<&UserEntry> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn username_taken(&self, username: &str) -> Option<&UserEntry> {
        self.users.iter().find(|u| u.username == username)
    }

    pub fn team(&self, name: &str) -> Option<i64> {
        self.teams.get(&value_key(name)).copied()
    }

    /// An account by its name as written, else by its name without legal
    /// suffixes and punctuation ("Acme Corp." finds "Acme Corporation").
    pub fn account(&self, name: &str) -> Result<i64, Miss> {
        match one(self.accounts_by_name.get(&value_key(name))) {
            Err(Miss::None) => one(self.accounts_by_key.get(&company_key(name))),
            other => other,
        }
    }

    /// A contact by email, else by name.
    pub fn contact(&self, text: &str) -> Result<i64, Miss> {
        let key = email_key(text);
        if !key.is_empty()
            && let Ok(id) = one(self.contacts_by_email.get(&key))
        {
            return Ok(id);
        }
        one(self.contacts_by_name.get(&value_key(text)))
    }

    /// A pipeline by name, or the first one.
    pub fn pipeline(&self, name: Option<&str>) -> Option<&Pipeline> {
        match name {
            None => self.pipelines.first(),
            Some(n) => self
                .pipelines
                .iter()
                .find(|p| value_key(&p.name) == value_key(n)),
        }
    }
}

/// Whether the actor may see a customer record (names of records outside
/// their scope do not resolve, as if they did not exist).
fn sees(actor: &Actor, owner: Option<i64>, team: Option<i64>) -> bool {
    authorize(
        actor,
        Action::Read,
        Resource::Record {
            module: Module::Customers,
            owner_id: owner,
            team_id: team,
        },
    )
    .is_ok()
}

/// Whether the actor may write a record of `module` owned by `owner` in
/// `team`; the reason when not. Mirrors `customers::common::owner_and_team_in`
/// without its per-row queries.
pub fn may_write(
    actor: &Actor,
    module: Module,
    action: Action,
    owner: &UserEntry,
    team_id: Option<i64>,
) -> Result<(), String> {
    if !owner.active {
        return Err(format!("{} is not an active user", owner.display_name));
    }
    if let Scope::OwnAndTeam { team_id: mine, .. } = read_scope(actor, module)
        && team_id.is_some()
        && team_id != mine
    {
        return Err("you may not place records in another team".to_owned());
    }
    authorize(
        actor,
        action,
        Resource::Record {
            module,
            owner_id: Some(owner.id),
            team_id,
        },
    )
    .map_err(|_| {
        format!(
            "you may not {} records owned by {}",
            match action {
                Action::Update => "change",
                _ => "create",
            },
            owner.display_name
        )
    })
}
