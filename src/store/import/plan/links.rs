//! A record's names resolved to ids (owner, team, account, contact,
//! pipeline and stage) and the actor's right to write it, or the row's
//! errors naming the column that fed each name.

use chrono::{DateTime, NaiveDate, Utc};

use super::super::directory::{Directory, Miss, UserEntry, may_write};
use super::{ActivityLinks, DealLinks, Links, Owned};
use crate::domain::import::{Field, Ownership, Record, RowError, StageTarget};
use crate::domain::sales::DealStatus;
use crate::domain::{Action, Actor, Module, Resource, authorize};

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

pub(super) fn resolve(
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
