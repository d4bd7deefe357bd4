//! The plan of an import: every valid row with the records it refers to
//! resolved, what happens to it (create, update, skip), and the duplicate
//! groups with the user's choices applied. The dry run shows the plan;
//! the commit builds it again inside its transaction and writes it, so
//! what is written is what was checked against the database as it is then.
//!
//! Memory: the plan keeps a few words per valid row (where it is, what
//! happens to it) and, while duplicates are looked for, the row's
//! duplicate key; the rows' records are read again chunk by chunk when
//! written. Submodules: `links` resolves a record's names to ids and
//! checks it may be written, `groups` finds duplicates and applies the
//! user's choices, `users` the teams and managers a users file implies.

mod groups;
mod links;
mod slots;
mod users;

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;

use super::directory::Directory;
use crate::domain::import::{
    Counts, Decisions, DuplicateGroup, Existing, Field, Kind, Mapping, Record, RowError, Table,
    Validator,
};
use crate::domain::sales::DealStatus;
use crate::domain::{Action, Actor, AppResult, Module, Resource, Role, authorize};
use groups::{Keys, apply_choice, external_id_groups, fuzzy_groups, username_groups};
use links::resolve;
use slots::Slots;
use users::users_extras;
/// The owner and team a record gets.
#[derive(Debug, Clone, Copy)]
pub struct Owned {
    pub owner_id: i64,
    pub team_id: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct DealLinks {
    pub owned: Owned,
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub status: DealStatus,
    pub probability: i16,
    pub overridden: bool,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// A row's references, resolved.
#[derive(Debug, Clone)]
pub enum Links {
    Account(Owned),
    Contact {
        account_id: Option<i64>,
        owned: Owned,
    },
    Deal(DealLinks),
    User,
    Lead(Owned),
    Activity(ActivityLinks),
}

#[derive(Debug, Clone)]
pub struct ActivityLinks {
    /// The account named, else the contact's.
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub team_id: Option<i64>,
    /// Tasks only.
    pub assignee_id: Option<i64>,
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    Create,
    Update { id: i64, version: i64 },
    Skip,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub row: usize,
    pub record: Record,
    pub links: Links,
    pub act: Act,
}

/// A manager named by a users file who is not a user yet.
#[derive(Debug, Clone)]
pub struct NewManager {
    pub username: String,
    pub display_name: String,
    pub team: Option<String>,
    pub role: Role,
    pub row: usize,
}

/// Rows written per chunk: enough for batched inserts to pay off, few
/// enough that a chunk's records are a small, fixed amount of memory.
const CHUNK_ROWS: usize = 2_000;

pub struct Plan<'a> {
    pub kind: Kind,
    pub errors: Vec<RowError>,
    pub groups: Vec<DuplicateGroup>,
    pub new_teams: Vec<String>,
    pub new_managers: Vec<NewManager>,
    pub counts: Counts,
    pub directory: Directory,
    /// Open deals per stage that the file may create (an upper bound:
    /// rows later skipped are counted), for ranking them in one go.
    pub open_per_stage: HashMap<i64, usize>,
    /// The valid rows, a few bytes each: their records are read again, a
    /// chunk at a time, when they are written ([`Plan::items`]).
    slots: Slots,
    validator: Validator<'a>,
    mapping: &'a Mapping,
    actor: Actor,
}

impl Plan<'_> {
    /// The ranges of rows to write one after the other. Users files come
    /// in one piece: their teams and managers are created before the
    /// users that name them (and such files are small).
    pub fn chunks(&self) -> Vec<std::ops::Range<usize>> {
        let size = if self.kind == Kind::Users {
            self.slots.len().max(1)
        } else {
            CHUNK_ROWS
        };
        (0..self.slots.len())
            .step_by(size)
            .map(|s| s..(s + size).min(self.slots.len()))
            .collect()
    }

    /// The records of the valid rows in `range`, read and resolved again
    /// (against the same directory, so as they were planned).
    pub fn items(&self, range: std::ops::Range<usize>) -> AppResult<Vec<Item>> {
        range
            .filter(|&i| i < self.slots.len())
            .map(|i| self.item(i))
            .collect()
    }

    /// [`Plan::items`], letting other work on the same task run every
    /// few rows: the commit reads the next chunk while the database
    /// writes this one (SQLite steps on the driver's own thread), so the
    /// two overlap on two cores.
    pub async fn items_interleaved(&self, range: std::ops::Range<usize>) -> AppResult<Vec<Item>> {
        let mut out = Vec::with_capacity(range.len());
        for i in range.filter(|&i| i < self.slots.len()) {
            out.push(self.item(i)?);
            if i % 64 == 63 {
                tokio::task::yield_now().await;
            }
        }
        Ok(out)
    }

    fn item(&self, i: usize) -> AppResult<Item> {
        let column = |f: Field| column_of(self.mapping, f);
        let slot = self.slots.get(i);
        let again = self.validator.row(slot.index).ok().and_then(|r| {
            resolve(&self.directory, &self.actor, &r.record, &column)
                .ok()
                .map(|links| (r.record, links))
        });
        let Some((record, links)) = again else {
            return Err(crate::domain::AppError::Internal(format!(
                "row {} read differently the second time",
                slot.row
            )));
        };
        Ok(Item {
            row: slot.row,
            record,
            links,
            act: slot.act,
        })
    }
}

fn column_of(mapping: &Mapping, f: Field) -> String {
    mapping
        .columns
        .iter()
        .find(|c| c.field == Some(f))
        .map_or_else(|| format!("{f:?}"), |c| c.column.clone())
}

/// The module whose permissions govern importing `kind`, or `None` for
/// users (user administration).
pub fn module_of(kind: Kind) -> Option<Module> {
    match kind {
        Kind::Accounts | Kind::Contacts | Kind::Leads | Kind::Activities => Some(Module::Customers),
        Kind::Deals => Some(Module::Sales),
        Kind::Users => None,
    }
}

/// Who may import what: whoever may create the records — sales people,
/// managers and admins customers and deals (of their own scope), admins
/// users and teams.
pub fn authorize_import(actor: &Actor, kind: Kind) -> AppResult<()> {
    match module_of(kind) {
        Some(m) => authorize(actor, Action::Create, Resource::Module(m)),
        None => authorize(actor, Action::Create, Resource::Users),
    }
}

/// What a file's rows would become: one pass reads, checks and resolves
/// every row, keeping only its place and the few values duplicates are
/// found by; the groups and the user's choices then decide each row's act.
pub async fn build<'a, C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    table: &'a Table,
    mapping: &'a Mapping,
    decisions: &Decisions,
) -> AppResult<Plan<'a>> {
    let kind = mapping.kind;
    let validator = Validator::new(table, mapping)?;
    let directory = Directory::load(conn, actor, kind).await?;
    let mut errors = Vec::new();
    let column = |f: Field| column_of(mapping, f);
    let mut slots = Slots::new(table.header_row + 2);
    let mut keys = Keys::default();
    let mut open_per_stage: HashMap<i64, usize> = HashMap::new();
    for index in 0..validator.len() {
        let r = match validator.row(index) {
            Ok(r) => r,
            Err(e) => {
                errors.extend(e);
                continue;
            }
        };
        match resolve(&directory, actor, &r.record, &column) {
            Ok(links) => {
                if let Links::Deal(l) = &links
                    && l.status == DealStatus::Open
                {
                    *open_per_stage.entry(l.stage_id).or_default() += 1;
                }
                keys.push(r.record)?;
                slots.push(index);
            }
            Err(mut e) => {
                for x in &mut e {
                    x.row = r.row;
                }
                errors.extend(e);
            }
        }
    }
    let raw = match kind {
        Kind::Accounts | Kind::Contacts | Kind::Leads => {
            fuzzy_groups(conn, actor, kind, keys.finder.take()).await?
        }
        Kind::Users => username_groups(&directory, &keys.users),
        Kind::Deals | Kind::Activities => {
            external_id_groups(conn, kind, &std::mem::take(&mut keys.external)).await?
        }
    };
    let mut failed: HashMap<usize, RowError> = HashMap::new();
    let mut groups = Vec::with_capacity(raw.len());
    for g in raw {
        let key = slots.row(g.members[0]);
        let choice = decisions.choice(key);
        apply_choice(actor, kind, &g, choice, &mut slots, &mut failed, &directory);
        groups.push(DuplicateGroup {
            key,
            rows: g.members.iter().map(|&i| slots.row(i)).collect(),
            existing: g
                .existing
                .iter()
                .map(|s| Existing {
                    id: s.id,
                    name: s.name.clone(),
                })
                .collect(),
            reasons: g.reasons,
            choice,
        });
    }
    if !failed.is_empty() {
        if !keys.users.is_empty() {
            let mut i = 0;
            keys.users.retain(|_| {
                i += 1;
                !failed.contains_key(&(i - 1))
            });
        }
        let gone: HashSet<usize> = failed.keys().copied().collect();
        slots.remove(&gone);
        errors.extend(failed.into_values());
    }
    let (new_teams, new_managers) = if kind == Kind::Users {
        users_extras(
            &directory,
            &slots,
            &keys.users,
            &mut errors,
            mapping.defaults.manager_role.unwrap_or(Role::Manager),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    errors.sort_by_key(|e| e.row);
    let error_rows: BTreeSet<usize> = errors.iter().map(|e| e.row).collect();
    let mut counts = Counts {
        error: error_rows.len() as u64,
        ..Default::default()
    };
    for s in slots.iter() {
        match s.act {
            Act::Create => counts.create += 1,
            Act::Update { .. } => counts.update += 1,
            Act::Skip => counts.skip += 1,
        }
    }
    Ok(Plan {
        kind,
        errors,
        groups,
        new_teams,
        new_managers,
        counts,
        directory,
        open_per_stage,
        slots,
        validator,
        mapping,
        actor: *actor,
    })
}
