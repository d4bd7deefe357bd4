//! The plan of an import: every valid row with the records it refers to
//! resolved, what happens to it (create, update, skip), and the duplicate
//! groups with the user's choices applied. The dry run shows the plan;
//! the commit builds it again inside its transaction and writes it, so
//! what is written is what was checked against the database as it is then.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::directory::{Directory, Miss, UserEntry, may_write};
use crate::domain::import::dedupe::{Candidate, Reason, find_groups};
use crate::domain::import::validate::username_from;
use crate::domain::import::{
    Choice, Counts, Decisions, DuplicateGroup, Existing, Field, Kind, Mapping, Ownership, Record,
    RowError, StageTarget, Table, validate,
};
use crate::domain::sales::DealStatus;
use crate::domain::{Action, Actor, AppResult, Module, Resource, Role, authorize};
use crate::store::db::internal;
use crate::store::entity::{account, activity, contact, deal, import, import_record, lead};

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

pub struct Plan {
    pub kind: Kind,
    pub items: Vec<Item>,
    pub errors: Vec<RowError>,
    pub groups: Vec<DuplicateGroup>,
    pub new_teams: Vec<String>,
    pub new_managers: Vec<NewManager>,
    pub counts: Counts,
    pub directory: Directory,
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

/// A record already stored that rows may duplicate.
#[derive(Debug, Clone)]
struct Stored {
    id: i64,
    name: String,
    version: i64,
    owner_id: Option<i64>,
    team_id: Option<i64>,
}

/// Rows (indexes into the plan's items) and stored records found to be
/// the same.
struct RawGroup {
    members: Vec<usize>,
    existing: Vec<Stored>,
    reasons: Vec<String>,
}

pub async fn build<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    table: &Table,
    mapping: &Mapping,
    decisions: &Decisions,
) -> AppResult<Plan> {
    let kind = mapping.kind;
    let validated = validate(table, mapping)?;
    let directory = Directory::load(conn, actor, kind).await?;
    let mut errors = validated.errors;
    let column = |f: Field| {
        mapping
            .columns
            .iter()
            .find(|c| c.field == Some(f))
            .map_or_else(|| format!("{f:?}"), |c| c.column.clone())
    };
    let mut items = Vec::with_capacity(validated.rows.len());
    for r in validated.rows {
        match resolve(&directory, actor, &r.record, &column) {
            Ok(links) => items.push(Item {
                row: r.row,
                record: r.record,
                links,
                act: Act::Create,
            }),
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
            fuzzy_groups(conn, actor, kind, &items).await?
        }
        Kind::Users => username_groups(&directory, &items),
        Kind::Deals | Kind::Activities => external_id_groups(conn, kind, &items).await?,
    };
    let mut failed: HashMap<usize, RowError> = HashMap::new();
    let mut groups = Vec::with_capacity(raw.len());
    for g in raw {
        let key = items[g.members[0]].row;
        let choice = decisions.choice(key);
        apply_choice(actor, kind, &g, choice, &mut items, &mut failed, &directory);
        groups.push(DuplicateGroup {
            key,
            rows: g.members.iter().map(|&i| items[i].row).collect(),
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
        let mut kept = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match failed.remove(&i) {
                Some(e) => errors.push(e),
                None => kept.push(item),
            }
        }
        items = kept;
    }
    let (new_teams, new_managers) = if kind == Kind::Users {
        users_extras(
            &directory,
            &mut items,
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
    for i in &items {
        match i.act {
            Act::Create => counts.create += 1,
            Act::Update { .. } => counts.update += 1,
            Act::Skip => counts.skip += 1,
        }
    }
    Ok(Plan {
        kind,
        items,
        errors,
        groups,
        new_teams,
        new_managers,
        counts,
        directory,
    })
}

fn err(column: String, reason: impl Into<String>) -> RowError {
    RowError {
        row: 0,
        column,
        reason: reason.into(),
    }
}

fn user_miss(name: &str, m: Miss) -> String {
    match m {
        Miss::None => format!("no user is named \"{name}\""),
        Miss::Many(n) => format!("\"{name}\" names {n} users; use a username"),
    }
}

/// The owner (named, else the actor) and team (named, else the owner's),
/// and whether the actor may create a record for them.
fn ownership(
    dir: &Directory,
    actor: &Actor,
    module: Module,
    o: &Ownership,
    column: &dyn Fn(Field) -> String,
) -> Result<Owned, Vec<RowError>> {
    let owner: &UserEntry = match &o.owner {
        None => dir.user_by_id(actor.user_id).ok_or_else(|| {
            vec![err(
                column(Field::Owner),
                "the importing user does not exist",
            )]
        })?,
        Some(n) => dir
            .user(n)
            .map_err(|m| vec![err(column(Field::Owner), user_miss(n, m))])?,
    };
    let team_id = match &o.team {
        None => owner.team_id,
        Some(t) => Some(dir.team(t).ok_or_else(|| {
            vec![err(
                column(Field::Team),
                format!("no team is named \"{t}\""),
            )]
        })?),
    };
    may_write(actor, module, Action::Create, owner, team_id)
        .map_err(|r| vec![err(column(Field::Owner), r)])?;
    Ok(Owned {
        owner_id: owner.id,
        team_id,
    })
}

fn resolve(
    dir: &Directory,
    actor: &Actor,
    record: &Record,
    column: &dyn Fn(Field) -> String,
) -> Result<Links, Vec<RowError>> {
    match record {
        Record::Account(a) => Ok(Links::Account(ownership(
            dir,
            actor,
            Module::Customers,
            &a.ownership,
            column,
        )?)),
        Record::Contact(c) => {
            let mut errors = Vec::new();
            let account_id = match &c.account {
                None => None,
                Some(name) => match dir.account(name) {
                    Ok(id) => Some(id),
                    Err(m) => {
                        errors.push(err(column(Field::Account), account_miss(name, m)));
                        None
                    }
                },
            };
            let owned = ownership(dir, actor, Module::Customers, &c.ownership, column);
            match owned {
                Ok(owned) if errors.is_empty() => Ok(Links::Contact { account_id, owned }),
                Ok(_) => Err(errors),
                Err(e) => {
                    errors.extend(e);
                    Err(errors)
                }
            }
        }
        Record::Deal(d) => deal_links(dir, actor, d, column).map(Links::Deal),
        Record::User(_) => Ok(Links::User),
        Record::Lead(l) => Ok(Links::Lead(ownership(
            dir,
            actor,
            Module::Customers,
            &l.ownership,
            column,
        )?)),
        Record::Activity(a) => activity_links(dir, actor, a, column).map(Links::Activity),
    }
}

/// An activity's account and contact, each of which the actor must be
/// allowed to change (as when logging a call by hand), and its assignee.
fn activity_links(
    dir: &Directory,
    actor: &Actor,
    a: &crate::domain::import::ActivityRecord,
    column: &dyn Fn(Field) -> String,
) -> Result<ActivityLinks, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut holder = |field: Field, name: &str, found: Result<i64, Miss>, what: &str| {
        let id = match found {
            Ok(id) => id,
            Err(m) => {
                errors.push(err(
                    column(field),
                    match (field, m) {
                        (Field::Account, m) => account_miss(name, m),
                        (_, Miss::None) => {
                            format!("no contact is named or has the email \"{name}\"")
                        }
                        (_, Miss::Many(n)) => {
                            format!("\"{name}\" names {n} contacts; use an email")
                        }
                    },
                ));
                return None;
            }
        };
        let holders = if field == Field::Account {
            &dir.account_holders
        } else {
            &dir.contact_holders
        };
        let h = holders.get(&id).copied()?;
        let ok = authorize(
            actor,
            Action::Update,
            Resource::Record {
                module: Module::Customers,
                owner_id: h.owner_id,
                team_id: h.team_id,
            },
        );
        if ok.is_err() {
            errors.push(err(
                column(field),
                format!("you may not log activities on the {what} \"{name}\""),
            ));
            return None;
        }
        Some((id, h))
    };
    let account = a
        .account
        .as_deref()
        .and_then(|n| holder(Field::Account, n, dir.account(n), "account"));
    let contact = a
        .contact
        .as_deref()
        .and_then(|n| holder(Field::Contact, n, dir.contact(n), "contact"));
    let assignee_id = if a.kind == crate::domain::customer::ActivityKind::Task {
        let user = match &a.assignee {
            None => dir.user_by_id(actor.user_id).ok_or(Miss::None),
            Some(n) => dir.user(n),
        };
        match user {
            Ok(u) if u.active => Some(u.id),
            Ok(u) => {
                errors.push(err(
                    column(Field::Assignee),
                    format!("{} is not an active user", u.display_name),
                ));
                None
            }
            Err(m) => {
                errors.push(err(
                    column(Field::Assignee),
                    user_miss(a.assignee.as_deref().unwrap_or_default(), m),
                ));
                None
            }
        }
    } else {
        None
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let team_id = account
        .and_then(|(_, h)| h.team_id)
        .or(contact.and_then(|(_, h)| h.team_id))
        .or_else(|| {
            contact
                .and_then(|(_, h)| h.account_id)
                .and_then(|id| dir.account_holders.get(&id))
                .and_then(|h| h.team_id)
        });
    let now = Utc::now();
    Ok(ActivityLinks {
        account_id: account
            .map(|(id, _)| id)
            .or(contact.and_then(|(_, h)| h.account_id)),
        contact_id: contact.map(|(id, _)| id),
        team_id,
        assignee_id,
        // Noon: the day stays the same in every time zone people read it in.
        occurred_at: a
            .occurred_on
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map_or(now, |t| t.and_utc()),
    })
}

fn account_miss(name: &str, m: Miss) -> String {
    match m {
        Miss::None => format!(
            "no account is named \"{name}\" (import the accounts first, or map the name to one)"
        ),
        Miss::Many(n) => format!("\"{name}\" names {n} accounts; map it to the full name of one"),
    }
}

fn midnight(d: NaiveDate) -> DateTime<Utc> {
    d.and_hms_opt(0, 0, 0).unwrap_or_default().and_utc()
}

fn deal_links(
    dir: &Directory,
    actor: &Actor,
    d: &crate::domain::import::DealRecord,
    column: &dyn Fn(Field) -> String,
) -> Result<DealLinks, Vec<RowError>> {
    let mut errors = Vec::new();
    let pipeline = dir.pipeline(d.pipeline.as_deref());
    let Some(pipeline) = pipeline.filter(|p| !p.stages.is_empty()) else {
        return Err(vec![err(
            column(Field::Pipeline),
            match &d.pipeline {
                Some(n) => format!("no pipeline with stages is named \"{n}\""),
                None => "there is no pipeline with stages".to_owned(),
            },
        )]);
    };
    let (first, last) = (
        &pipeline.stages[0],
        &pipeline.stages[pipeline.stages.len() - 1],
    );
    let (stage, status) = match &d.stage {
        None => (Some(first), DealStatus::Open),
        Some(StageTarget::Won) => (Some(last), DealStatus::Won),
        Some(StageTarget::Lost) => (Some(last), DealStatus::Lost),
        Some(StageTarget::Stage(name)) => {
            let key = crate::domain::import::mapping::value_key(name);
            let s = pipeline
                .stages
                .iter()
                .find(|s| crate::domain::import::mapping::value_key(&s.name) == key);
            if s.is_none() {
                let names: Vec<&str> = pipeline.stages.iter().map(|s| s.name.as_str()).collect();
                errors.push(err(
                    column(Field::Stage),
                    format!(
                        "\"{name}\" is not a stage of {}; map it to one of: {}, or to Won or Lost",
                        pipeline.name,
                        names.join(", ")
                    ),
                ));
            }
            (s, DealStatus::Open)
        }
    };
    let account_id = match &d.account {
        None => None,
        Some(name) => match dir.account(name) {
            Ok(id) => Some(id),
            Err(m) => {
                errors.push(err(column(Field::Account), account_miss(name, m)));
                None
            }
        },
    };
    let contact_id = match &d.contact {
        None => None,
        Some(c) => match dir.contact(c) {
            Ok(id) => Some(id),
            Err(Miss::None) => {
                errors.push(err(
                    column(Field::Contact),
                    format!("no contact is named or has the email \"{c}\""),
                ));
                None
            }
            Err(Miss::Many(n)) => {
                errors.push(err(
                    column(Field::Contact),
                    format!("\"{c}\" names {n} contacts; use an email"),
                ));
                None
            }
        },
    };
    let owned = match ownership(dir, actor, Module::Sales, &d.ownership, column) {
        Ok(o) => Some(o),
        Err(e) => {
            errors.extend(e);
            None
        }
    };
    let (Some(stage), Some(owned), true) = (stage, owned, errors.is_empty()) else {
        return Err(errors);
    };
    let now = Utc::now();
    let closed_at = (status != DealStatus::Open).then(|| d.expected_close.map_or(now, midnight));
    let created_at = d
        .opened_on
        .map(midnight)
        .unwrap_or(now)
        .min(closed_at.unwrap_or(now));
    let (probability, overridden) = match (status, d.probability) {
        (DealStatus::Won, _) => (100, false),
        (DealStatus::Lost, _) => (0, false),
        (DealStatus::Open, Some(p)) => (i16::from(p), true),
        (DealStatus::Open, None) => (i16::from(stage.probability), false),
    };
    Ok(DealLinks {
        owned,
        account_id,
        contact_id,
        pipeline_id: pipeline.id,
        stage_id: stage.id,
        status,
        probability,
        overridden,
        created_at,
        closed_at,
    })
}

fn reason_text(r: &Reason) -> String {
    match r {
        Reason::SameEmail => "same email".to_owned(),
        Reason::SamePhone => "same phone".to_owned(),
        Reason::SameAddress => "same address".to_owned(),
        Reason::SimilarName(s) => format!("similar names ({s:.2})"),
    }
}

/// Accounts and contacts: the fuzzy rule of `domain::import::dedupe` over
/// the file's rows and the stored records the actor can see.
async fn fuzzy_groups<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    kind: Kind,
    items: &[Item],
) -> AppResult<Vec<RawGroup>> {
    let mut candidates: Vec<Candidate> = items
        .iter()
        .map(|i| match &i.record {
            Record::Account(a) => candidate(
                &a.input.name,
                &a.input.email,
                &a.input.phone,
                &a.input.address,
            ),
            Record::Contact(c) => candidate(
                &c.input.name,
                &c.input.email,
                &c.input.phone,
                &c.input.address,
            ),
            Record::Lead(l) => candidate(&l.input.name, &l.input.email, &l.input.phone, ""),
            _ => Candidate::default(),
        })
        .collect();
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
    let stored: Vec<Row> = if kind == Kind::Accounts {
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
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?
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
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?
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
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?
    };
    let module = Module::Customers;
    let stored: Vec<Stored> = stored
        .into_iter()
        .filter(|r| {
            authorize(
                actor,
                Action::Read,
                Resource::Record {
                    module,
                    owner_id: r.6,
                    team_id: r.7,
                },
            )
            .is_ok()
        })
        .map(
            |(id, name, email, phone, address, version, owner_id, team_id)| {
                candidates.push(candidate(&name, &email, &phone, &address));
                Stored {
                    id,
                    name,
                    version,
                    owner_id,
                    team_id,
                }
            },
        )
        .collect();
    let n = items.len();
    let mut out = Vec::new();
    for g in find_groups(&candidates) {
        let members: Vec<usize> = g.members.iter().copied().filter(|&m| m < n).collect();
        if members.is_empty() {
            continue;
        }
        let existing = g
            .members
            .iter()
            .filter(|&&m| m >= n)
            .map(|&m| stored[m - n].clone())
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

fn candidate(name: &str, email: &str, phone: &str, address: &str) -> Candidate {
    let some = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    Candidate {
        name: name.to_owned(),
        email: some(email),
        phone: some(phone),
        address: some(address),
    }
}

/// Users: the same username, in the file or already stored.
fn username_groups(dir: &Directory, items: &[Item]) -> Vec<RawGroup> {
    let mut by_username: Vec<(String, Vec<usize>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        if let Record::User(u) = &item.record {
            match index.get(&u.username) {
                Some(&g) => by_username[g].1.push(i),
                None => {
                    index.insert(u.username.clone(), by_username.len());
                    by_username.push((u.username.clone(), vec![i]));
                }
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
async fn external_id_groups<C: ConnectionTrait>(
    conn: &C,
    kind: Kind,
    items: &[Item],
) -> AppResult<Vec<RawGroup>> {
    let entity = if kind == Kind::Deals {
        "deal"
    } else {
        "activity"
    };
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut order = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let external = match &item.record {
            Record::Deal(d) => d.external_id.as_deref(),
            Record::Activity(a) => a.external_id.as_deref(),
            _ => None,
        };
        if let Some(x) = external {
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

fn apply_choice(
    actor: &Actor,
    kind: Kind,
    g: &RawGroup,
    choice: Choice,
    items: &mut [Item],
    failed: &mut HashMap<usize, RowError>,
    dir: &Directory,
) {
    let fail = |failed: &mut HashMap<usize, RowError>, i: usize, column: &str, reason: String| {
        failed.insert(
            i,
            RowError {
                row: items[i].row,
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
                items[i].act = Act::Skip;
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
            items[first].act = Act::Update {
                id: target.id,
                version: target.version,
            };
            for &i in &g.members[1..] {
                items[i].act = Act::Skip;
            }
        }
    }
}

/// Users files: the teams to create and the managers who are not users
/// yet (each in the team of the first row that names them).
fn users_extras(
    dir: &Directory,
    items: &mut [Item],
    errors: &mut Vec<RowError>,
    role: Role,
) -> (Vec<String>, Vec<NewManager>) {
    let mut teams: Vec<String> = Vec::new();
    let mut managers: Vec<NewManager> = Vec::new();
    let in_file: BTreeSet<String> = items
        .iter()
        .filter(|i| i.act != Act::Skip)
        .filter_map(|i| match &i.record {
            Record::User(u) => Some(crate::domain::import::mapping::value_key(&u.display_name)),
            _ => None,
        })
        .collect();
    let usernames: BTreeSet<String> = items
        .iter()
        .filter_map(|i| match &i.record {
            Record::User(u) => Some(u.username.clone()),
            _ => None,
        })
        .collect();
    for item in items.iter().filter(|i| i.act != Act::Skip) {
        let Record::User(u) = &item.record else {
            continue;
        };
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
                    row: item.row,
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
                row: item.row,
            });
        }
    }
    (teams, managers)
}
