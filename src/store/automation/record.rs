//! The records rules work on, as rules see them: their fields (the facts
//! conditions test), where a task about them hangs, who owns them — and
//! the two changes a rule may make to one (a field, the owner).

use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ConnectionTrait, EntityTrait};

use crate::domain::automation::{Facts, Subject, Value};
use crate::domain::sales::money::minor_digits;
use crate::domain::{AppError, AppResult};
use crate::store::customers::common::cas_update;
use crate::store::db::internal;
use crate::store::entity::{account, contact, deal, lead, stage, ticket};

/// A record as a rule sees it.
#[derive(Debug, Clone)]
pub struct Target {
    pub subject: Subject,
    pub id: i64,
    /// The owner (a ticket's assignee).
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    /// What a task about it hangs off.
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub lead_id: Option<i64>,
    /// Its name in a notification, and where it lives in the app.
    pub label: String,
    pub link: String,
    pub version: i64,
    pub facts: Facts,
}

fn text(s: &str) -> Value {
    if s.trim().is_empty() {
        Value::Empty
    } else {
        Value::Text(s.to_owned())
    }
}

async fn find<C, E>(conn: &C, id: i64, what: &str) -> AppResult<E::Model>
where
    C: ConnectionTrait,
    E: EntityTrait,
    <E::PrimaryKey as sea_orm::PrimaryKeyTrait>::ValueType: From<i64>,
{
    E::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(what))
}

pub async fn load<C: ConnectionTrait>(conn: &C, subject: Subject, id: i64) -> AppResult<Target> {
    let t = match subject {
        Subject::Deal => {
            let d: deal::Model = find::<_, deal::Entity>(conn, id, "deal").await?;
            let stage_name = stage::Entity::find_by_id(d.stage_id)
                .one(conn)
                .await
                .map_err(internal)?
                .map(|s| s.name)
                .unwrap_or_default();
            let account_name = match d.account_id {
                Some(a) => account::Entity::find_by_id(a)
                    .one(conn)
                    .await
                    .map_err(internal)?
                    .map(|a| a.name)
                    .unwrap_or_default(),
                None => String::new(),
            };
            let major = d.amount / 10i64.pow(minor_digits(&d.currency));
            Target {
                subject,
                id,
                owner_id: d.owner_id,
                team_id: d.team_id,
                account_id: d.account_id,
                contact_id: None,
                lead_id: None,
                label: d.title.clone(),
                link: format!("/sales/deals/{id}"),
                version: d.version,
                facts: [
                    ("title", text(&d.title)),
                    ("amount", Value::Number(major)),
                    ("currency", text(&d.currency)),
                    ("stage", text(&stage_name)),
                    ("probability", Value::Number(i64::from(d.probability))),
                    ("status", text(&d.status)),
                    ("account", text(&account_name)),
                ]
                .into_iter()
                .collect(),
            }
        }
        Subject::Lead => {
            let l: lead::Model = find::<_, lead::Entity>(conn, id, "lead").await?;
            Target {
                subject,
                id,
                owner_id: l.owner_id,
                team_id: l.team_id,
                account_id: None,
                contact_id: None,
                lead_id: Some(id),
                label: l.name.clone(),
                link: format!("/customers/leads/{id}"),
                version: l.version,
                facts: [
                    ("name", text(&l.name)),
                    ("company", text(&l.company)),
                    ("source", text(&l.source)),
                    ("status", text(&l.status)),
                    ("email", text(&l.email)),
                ]
                .into_iter()
                .collect(),
            }
        }
        Subject::Ticket => {
            let t: ticket::Model = find::<_, ticket::Entity>(conn, id, "ticket").await?;
            Target {
                subject,
                id,
                owner_id: t.assignee_id,
                team_id: t.team_id,
                account_id: t.account_id,
                contact_id: t.contact_id,
                lead_id: None,
                label: t.subject.clone(),
                link: format!("/service/tickets/{id}"),
                version: t.version,
                facts: [
                    ("subject", text(&t.subject)),
                    ("kind", text(&t.kind)),
                    ("priority", text(&t.priority)),
                    ("status", text(&t.status)),
                ]
                .into_iter()
                .collect(),
            }
        }
        Subject::Account => {
            let a: account::Model = find::<_, account::Entity>(conn, id, "account").await?;
            Target {
                subject,
                id,
                owner_id: a.owner_id,
                team_id: a.team_id,
                account_id: Some(id),
                contact_id: None,
                lead_id: None,
                label: a.name.clone(),
                link: format!("/customers/accounts/{id}"),
                version: a.version,
                facts: [
                    ("name", text(&a.name)),
                    ("industry", text(&a.industry)),
                    ("lifecycle", text(&a.lifecycle)),
                    ("source", text(&a.source)),
                    ("grade", text(&a.grade)),
                ]
                .into_iter()
                .collect(),
            }
        }
        Subject::Contact => {
            let c: contact::Model = find::<_, contact::Entity>(conn, id, "contact").await?;
            Target {
                subject,
                id,
                owner_id: c.owner_id,
                team_id: c.team_id,
                account_id: c.account_id,
                contact_id: Some(id),
                lead_id: None,
                label: c.name.clone(),
                link: format!("/customers/contacts/{id}"),
                version: c.version,
                facts: [
                    ("name", text(&c.name)),
                    ("email", text(&c.email)),
                    ("title", text(&c.title)),
                ]
                .into_iter()
                .collect(),
            }
        }
    };
    Ok(t)
}

fn table(subject: Subject) -> &'static str {
    match subject {
        Subject::Account => "accounts",
        Subject::Contact => "contacts",
        Subject::Lead => "leads",
        Subject::Deal => "deals",
        Subject::Ticket => "tickets",
    }
}

/// Writes a field a rule sets (already checked by `check_set`), as a
/// versioned change like anyone's. `false`: someone changed the record
/// in between (cannot happen inside the firing transaction, but a rule
/// never overwrites blindly).
pub async fn set_field<C: ConnectionTrait>(
    conn: &C,
    t: &Target,
    field: &str,
    value: &str,
) -> AppResult<bool> {
    let v = value.trim();
    let expr: SimpleExpr = match (t.subject, field) {
        (Subject::Deal, "probability") => {
            let p: i16 = v
                .parse()
                .map_err(|_| AppError::invalid("value", "is not a number"))?;
            return cas_update(
                conn,
                "deals",
                t.id,
                t.version,
                vec![
                    ("probability", p.into()),
                    ("probability_overridden", true.into()),
                ],
            )
            .await;
        }
        _ => v.to_owned().into(),
    };
    let column: &'static str = match field {
        "industry" => "industry",
        "lifecycle" => "lifecycle",
        "title" => "title",
        "source" => "source",
        "priority" => "priority",
        _ => return Err(AppError::invalid("field", "cannot be set by a rule")),
    };
    cas_update(
        conn,
        table(t.subject),
        t.id,
        t.version,
        vec![(column, expr)],
    )
    .await
}

/// Hands the record to `user_id` (a ticket's assignee, anything else's
/// owner), keeping its team.
pub async fn set_owner<C: ConnectionTrait>(conn: &C, t: &Target, user_id: i64) -> AppResult<bool> {
    let column = if t.subject == Subject::Ticket {
        "assignee_id"
    } else {
        "owner_id"
    };
    cas_update(
        conn,
        table(t.subject),
        t.id,
        t.version,
        vec![(column, Some(user_id).into())],
    )
    .await
}
