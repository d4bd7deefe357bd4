//! Duplicates among a file's rows and against stored records: the fuzzy
//! rule for customers, usernames for users, external ids for deals and
//! activities; and what the user's choice for a group does to its rows.

use std::collections::{BTreeSet, HashMap};

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};

use super::super::directory::Directory;
use super::Act;
use super::slots::Slots;
use crate::domain::import::dedupe::{Finder, Reason};
use crate::domain::import::{Choice, Kind, Record, RowError, UserRecord};
use crate::domain::{Action, Actor, AppResult, Module, Resource, authorize};
use crate::store::db::internal;
use crate::store::entity::{account, activity, contact, deal, import, import_record, lead};
use crate::store::scratch::{self, TempFiles};

/// A record already stored that rows may duplicate.
#[derive(Debug, Clone)]
pub(super) struct Stored {
    pub(super) id: i64,
    pub(super) name: String,
    version: i64,
    owner_id: Option<i64>,
    team_id: Option<i64>,
}

/// Rows (indexes into the plan's slots) and stored records found to be
/// the same.
pub(super) struct RawGroup {
    pub(super) members: Vec<usize>,
    pub(super) existing: Vec<Stored>,
    pub(super) reasons: Vec<String>,
}

/// What duplicates are found by, per valid row in file order: only the
/// kind's own key is filled. Customers go straight into the duplicate
/// finder (on temporary files, made at the first customer row), which
/// keeps nothing per row in memory.
#[derive(Default)]
pub(super) struct Keys {
    pub(super) finder: Option<Finder<TempFiles>>,
    pub(super) external: Vec<Option<String>>,
    pub(super) users: Vec<UserRecord>,
}

impl Keys {
    pub(super) fn push(&mut self, record: Record) -> AppResult<()> {
        let (name, email, phone, address) = match record {
            Record::Account(a) => (a.input.name, a.input.email, a.input.phone, a.input.address),
            Record::Contact(c) => (c.input.name, c.input.email, c.input.phone, c.input.address),
            Record::Lead(l) => (l.input.name, l.input.email, l.input.phone, String::new()),
            Record::Deal(d) => {
                self.external.push(d.external_id);
                return Ok(());
            }
            Record::Activity(a) => {
                self.external.push(a.external_id);
                return Ok(());
            }
            Record::User(u) => {
                self.users.push(u);
                return Ok(());
            }
        };
        let finder = match &mut self.finder {
            Some(f) => f,
            None => self.finder.insert(scratch::finder()?),
        };
        push(finder, &name, &email, &phone, &address)
    }
}

fn reason_text(r: &Reason) -> String {
    match r {
        Reason::SameEmail => "same email".to_owned(),
        Reason::SamePhone => "same phone".to_owned(),
        Reason::SameAddress => "same address".to_owned(),
        Reason::SimilarName(s) => format!("similar names ({s:.2})"),
    }
}

/// A stored customer as the finder reads it: id, name, email, phone,
/// address, version, owner, team.
type Row = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
);

/// Stored records read per query: the finder takes them a page at a
/// time, so the database's size is not held in memory.
const PAGE: u64 = 5_000;

/// Up to [`PAGE`] live records of `kind` with ids above `after`, in id
/// order; with `ids`, only those.
async fn stored_rows<C: ConnectionTrait>(
    conn: &C,
    kind: Kind,
    after: i64,
    ids: Option<&[i64]>,
) -> AppResult<Vec<Row>> {
    let found = if kind == Kind::Accounts {
        account::Entity::find()
            .select_only()
            .columns([
                account::Column::Id,
                account::Column::Name,
                account::Column::Email,
                account::Column::Phone,
                account::Column::Address,
                account::Column::Version,
                account::Column::OwnerId,
                account::Column::TeamId,
            ])
            .filter(account::Column::DeletedAt.is_null())
            .filter(account::Column::Id.gt(after))
            .apply_if(ids, |q, ids| {
                q.filter(account::Column::Id.is_in(ids.iter().copied()))
            })
            .order_by_asc(account::Column::Id)
            .limit(PAGE)
            .into_tuple()
            .all(conn)
            .await
    } else if kind == Kind::Leads {
        // Converted leads are accounts and contacts now; only open ones
        // can be duplicated by a new lead.
        lead::Entity::find()
            .select_only()
            .columns([
                lead::Column::Id,
                lead::Column::Name,
                lead::Column::Email,
                lead::Column::Phone,
            ])
            .expr_as(sea_orm::sea_query::Expr::val(""), "address")
            .columns([
                lead::Column::Version,
                lead::Column::OwnerId,
                lead::Column::TeamId,
            ])
            .filter(lead::Column::DeletedAt.is_null())
            .filter(
                lead::Column::Status.ne(crate::domain::customer::LeadStatus::Converted.as_str()),
            )
            .filter(lead::Column::Id.gt(after))
            .apply_if(ids, |q, ids| {
                q.filter(lead::Column::Id.is_in(ids.iter().copied()))
            })
            .order_by_asc(lead::Column::Id)
            .limit(PAGE)
            .into_tuple()
            .all(conn)
            .await
    } else {
        contact::Entity::find()
            .select_only()
            .columns([
                contact::Column::Id,
                contact::Column::Name,
                contact::Column::Email,
                contact::Column::Phone,
                contact::Column::Address,
                contact::Column::Version,
                contact::Column::OwnerId,
                contact::Column::TeamId,
            ])
            .filter(contact::Column::DeletedAt.is_null())
            .filter(contact::Column::Id.gt(after))
            .apply_if(ids, |q, ids| {
                q.filter(contact::Column::Id.is_in(ids.iter().copied()))
            })
            .order_by_asc(contact::Column::Id)
            .limit(PAGE)
            .into_tuple()
            .all(conn)
            .await
    };
    found.map_err(internal)
}

/// Accounts and contacts: the fuzzy rule of `domain::import::dedupe` over
/// the file's rows and the stored records the actor can see. Stored
/// records go into the finder a page at a time and only their ids are
/// kept; the few found in groups are read again.
pub(super) async fn fuzzy_groups<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    kind: Kind,
    finder: Option<Finder<TempFiles>>,
) -> AppResult<Vec<RawGroup>> {
    let mut finder = match finder {
        Some(f) => f,
        None => scratch::finder()?,
    };
    let n = finder.len();
    let readable = |owner_id, team_id| {
        authorize(
            actor,
            Action::Read,
            Resource::Record {
                module: Module::Customers,
                owner_id,
                team_id,
            },
        )
        .is_ok()
    };
    let mut ids: Vec<i64> = Vec::new();
    let mut after = i64::MIN;
    loop {
        let page = stored_rows(conn, kind, after, None).await?;
        let Some(last) = page.last() else { break };
        after = last.0;
        let full = page.len() as u64 == PAGE;
        for (id, name, email, phone, address, _, owner_id, team_id) in page {
            if readable(owner_id, team_id) {
                push(&mut finder, &name, &email, &phone, &address)?;
                ids.push(id);
            }
        }
        if !full {
            break;
        }
    }
    let groups = finder.groups().map_err(scratch::scratch_failed)?;
    let wanted: Vec<i64> = groups
        .iter()
        .flat_map(|g| g.members.iter().filter(|&&m| m >= n).map(|&m| ids[m - n]))
        .collect();
    let mut stored: HashMap<i64, Stored> = HashMap::new();
    for chunk in wanted.chunks(PAGE as usize) {
        for (id, name, _, _, _, version, owner_id, team_id) in
            stored_rows(conn, kind, i64::MIN, Some(chunk)).await?
        {
            stored.insert(
                id,
                Stored {
                    id,
                    name,
                    version,
                    owner_id,
                    team_id,
                },
            );
        }
    }
    let mut out = Vec::new();
    for g in groups {
        let members: Vec<usize> = g.members.iter().copied().filter(|&m| m < n).collect();
        if members.is_empty() {
            continue;
        }
        let existing = g
            .members
            .iter()
            .filter(|&&m| m >= n)
            .filter_map(|&m| stored.get(&ids[m - n]).cloned())
            .collect();
        let mut reasons: Vec<String> = g
            .links
            .iter()
            .flat_map(|l| l.reasons.iter().map(reason_text))
            .collect();
        reasons.dedup();
        out.push(RawGroup {
            members,
            existing,
            reasons,
        });
    }
    out.sort_by_key(|g| g.members[0]);
    Ok(out)
}

/// Adds a record to the duplicate finder, an empty value as missing.
fn push(
    finder: &mut Finder<TempFiles>,
    name: &str,
    email: &str,
    phone: &str,
    address: &str,
) -> AppResult<()> {
    fn some(s: &str) -> Option<&str> {
        (!s.is_empty()).then_some(s)
    }
    finder
        .push(name, some(email), some(phone), some(address))
        .map_err(scratch::scratch_failed)
}

/// Users: the same username, in the file or already stored.
pub(super) fn username_groups(dir: &Directory, users: &[UserRecord]) -> Vec<RawGroup> {
    let mut by_username: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, u) in users.iter().enumerate() {
        match index.get(&u.username) {
            Some(&g) => by_username[g].1.push(i),
            None => {
                index.insert(u.username.clone(), by_username.len());
                by_username.push((u.username.clone(), vec![i]));
            }
        }
    }
    by_username
        .into_iter()
        .filter_map(|(username, members)| {
            let existing: Vec<Stored> = dir
                .username_taken(&username)
                .map(|u| Stored {
                    id: u.id,
                    name: u.display_name.clone(),
                    version: u.version,
                    owner_id: None,
                    team_id: u.team_id,
                })
                .into_iter()
                .collect();
            (members.len() > 1 || !existing.is_empty()).then(|| RawGroup {
                members,
                existing,
                reasons: vec![format!("same username {username}")],
            })
        })
        .collect()
}

/// Deals and activities: the same id of the system they come from, in
/// the file or imported before (by an import not undone) and still there
/// — so importing the same export twice does not double them.
pub(super) async fn external_id_groups<C: ConnectionTrait>(
    conn: &C,
    kind: Kind,
    externals: &[Option<String>],
) -> AppResult<Vec<RawGroup>> {
    let entity = if kind == Kind::Deals {
        "deal"
    } else {
        "activity"
    };
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (i, external) in externals.iter().enumerate() {
        if let Some(x) = external.as_deref() {
            let e = by_id.entry(x).or_default();
            if e.is_empty() {
                order.push(x);
            }
            e.push(i);
        }
    }
    let done: BTreeSet<i64> = import::Entity::find()
        .select_only()
        .column(import::Column::Id)
        .filter(import::Column::Kind.eq(format!("{kind:?}")))
        .filter(import::Column::Status.eq("done"))
        .into_tuple::<i64>()
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .collect();
    let mut stored: HashMap<String, Vec<i64>> = HashMap::new();
    if !done.is_empty() {
        for chunk in order.chunks(5_000) {
            let rows: Vec<(i64, i64, Option<String>)> = import_record::Entity::find()
                .select_only()
                .column(import_record::Column::ImportId)
                .column(import_record::Column::RecordId)
                .column(import_record::Column::ExternalId)
                .filter(import_record::Column::Entity.eq(entity))
                .filter(
                    import_record::Column::ExternalId.is_in(chunk.iter().map(|s| s.to_string())),
                )
                .into_tuple()
                .all(conn)
                .await
                .map_err(internal)?;
            for (imp, id, x) in rows {
                if let (true, Some(x)) = (done.contains(&imp), x) {
                    stored.entry(x).or_default().push(id);
                }
            }
        }
    }
    let ids: Vec<i64> = stored.values().flatten().copied().collect();
    let mut records: HashMap<i64, Stored> = HashMap::new();
    for chunk in ids.chunks(5_000) {
        if kind == Kind::Deals {
            for d in deal::Entity::find()
                .filter(deal::Column::Id.is_in(chunk.to_vec()))
                .filter(deal::Column::DeletedAt.is_null())
                .all(conn)
                .await
                .map_err(internal)?
            {
                records.insert(
                    d.id,
                    Stored {
                        id: d.id,
                        name: d.title,
                        version: d.version,
                        owner_id: d.owner_id,
                        team_id: d.team_id,
                    },
                );
            }
        } else {
            for a in activity::Entity::find()
                .filter(activity::Column::Id.is_in(chunk.to_vec()))
                .all(conn)
                .await
                .map_err(internal)?
            {
                records.insert(
                    a.id,
                    Stored {
                        id: a.id,
                        name: a.subject,
                        version: a.version,
                        owner_id: a.author_id,
                        team_id: a.team_id,
                    },
                );
            }
        }
    }
    Ok(order
        .into_iter()
        .filter_map(|x| {
            let members = by_id.remove(x)?;
            let existing: Vec<Stored> = stored
                .get(x)
                .into_iter()
                .flatten()
                .filter_map(|id| records.get(id).cloned())
                .collect();
            (members.len() > 1 || !existing.is_empty()).then(|| RawGroup {
                members,
                existing,
                reasons: vec![format!("same external id {x}")],
            })
        })
        .collect())
}

pub(super) fn apply_choice(
    actor: &Actor,
    kind: Kind,
    g: &RawGroup,
    choice: Choice,
    slots: &mut Slots,
    failed: &mut HashMap<usize, RowError>,
    dir: &Directory,
) {
    let fail = |failed: &mut HashMap<usize, RowError>, i: usize, column: &str, reason: String| {
        failed.insert(
            i,
            RowError {
                row: slots.row(i),
                column: column.to_owned(),
                reason,
            },
        );
    };
    match choice {
        Choice::Create => {
            // Usernames are unique: only the first of a group can be
            // created, and only if nobody has it yet.
            if kind == Kind::Users {
                let skip = usize::from(g.existing.is_empty());
                for &i in g.members.iter().skip(skip) {
                    let reason = "username is already taken (choose update or skip for this group)"
                        .to_owned();
                    fail(failed, i, "username", reason);
                }
            }
        }
        Choice::Skip => {
            let keep = usize::from(g.existing.is_empty());
            for &i in g.members.iter().skip(keep) {
                slots.set_act(i, Act::Skip);
            }
        }
        Choice::Update { id } => {
            let first = g.members[0];
            let Some(target) = g.existing.iter().find(|s| s.id == id) else {
                fail(
                    failed,
                    first,
                    "",
                    format!("record {id} is not one of this group's duplicates"),
                );
                return;
            };
            if matches!(kind, Kind::Deals | Kind::Activities) {
                fail(
                    failed,
                    first,
                    "",
                    format!(
                        "an import does not update {}; choose create or skip",
                        if kind == Kind::Deals {
                            "deals"
                        } else {
                            "activities"
                        }
                    ),
                );
                return;
            }
            if kind != Kind::Users {
                let owner = target.owner_id.and_then(|o| dir.user_by_id(o));
                let ok = authorize(
                    actor,
                    Action::Update,
                    Resource::Record {
                        module: Module::Customers,
                        owner_id: owner.map(|o| o.id),
                        team_id: target.team_id,
                    },
                );
                if ok.is_err() {
                    fail(
                        failed,
                        first,
                        "",
                        format!("you may not change {}", target.name),
                    );
                    return;
                }
            }
            slots.set_act(
                first,
                Act::Update {
                    id: target.id,
                    version: target.version,
                },
            );
            for &i in &g.members[1..] {
                slots.set_act(i, Act::Skip);
            }
        }
    }
}
