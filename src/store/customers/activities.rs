//! Activities: logging interactions, scheduling tasks, completing them,
//! and "My day".

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::common::{Names, cas_update, conflict, record};
use super::grading;
use crate::domain::customer::{ActivityInput, ActivityKind, ActivityView, Named, RecordKind};
use crate::domain::{Action, Actor, AppError, AppResult, authorize};
use crate::store::db::internal;
use crate::store::entity::{account, activity, contact, lead, user};
use crate::store::{Store, audit};

const ENTITY: &str = "activity";

async fn titles<C: ConnectionTrait>(
    conn: &C,
    models: &[activity::Model],
) -> AppResult<[HashMap<i64, String>; 3]> {
    let ids = |f: fn(&activity::Model) -> Option<i64>| -> Vec<i64> {
        models.iter().filter_map(f).collect()
    };
    let (a, c, l) = (
        ids(|m| m.account_id),
        ids(|m| m.contact_id),
        ids(|m| m.lead_id),
    );
    let mut out: [HashMap<i64, String>; 3] = Default::default();
    if !a.is_empty() {
        let rows: Vec<(i64, String)> = account::Entity::find()
            .select_only()
            .column(account::Column::Id)
            .column(account::Column::Name)
            .filter(account::Column::Id.is_in(a))
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?;
        out[0] = rows.into_iter().collect();
    }
    if !c.is_empty() {
        let rows: Vec<(i64, String)> = contact::Entity::find()
            .select_only()
            .column(contact::Column::Id)
            .column(contact::Column::Name)
            .filter(contact::Column::Id.is_in(c))
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?;
        out[1] = rows.into_iter().collect();
    }
    if !l.is_empty() {
        let rows: Vec<(i64, String)> = lead::Entity::find()
            .select_only()
            .column(lead::Column::Id)
            .column(lead::Column::Name)
            .filter(lead::Column::Id.is_in(l))
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?;
        out[2] = rows.into_iter().collect();
    }
    Ok(out)
}

pub(crate) async fn views<C: ConnectionTrait>(
    conn: &C,
    models: &[activity::Model],
) -> AppResult<Vec<ActivityView>> {
    let names = Names::load(
        conn,
        models.iter().flat_map(|m| [m.assignee_id, m.author_id]),
        [],
    )
    .await?;
    let [accounts, contacts, leads] = titles(conn, models).await?;
    let named = |map: &HashMap<i64, String>, id: Option<i64>| {
        id.map(|id| Named {
            id,
            name: map.get(&id).cloned().unwrap_or_default(),
        })
    };
    Ok(models
        .iter()
        .map(|m| ActivityView {
            id: m.id,
            kind: ActivityKind::parse(&m.kind).unwrap_or(ActivityKind::Note),
            subject: m.subject.clone(),
            body: m.body.clone(),
            account: named(&accounts, m.account_id),
            contact: named(&contacts, m.contact_id),
            lead: named(&leads, m.lead_id),
            occurred_at: m.occurred_at,
            due_on: m.due_on,
            assignee: names.user(m.assignee_id),
            author: names.user(m.author_id),
            done_at: m.done_at,
            version: m.version,
        })
        .collect())
}

async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<activity::Model> {
    activity::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

/// The owner and team of the records an activity hangs off; the actor
/// must be allowed to change each of them (a viewer cannot log a call).
/// Returns the account the activity also belongs to, and the team.
async fn check_parents<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    a: &ActivityInput,
) -> AppResult<(Option<i64>, Option<i64>)> {
    let mut account_id = a.account_id;
    let mut team = None;
    if let Some(id) = a.contact_id {
        let c = contact::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .filter(|c| c.deleted_at.is_none())
            .ok_or_else(|| AppError::invalid("contact", "does not exist"))?;
        authorize(actor, Action::Update, record(c.owner_id, c.team_id))?;
        if account_id.is_none() {
            account_id = c.account_id;
        }
        team = team.or(c.team_id);
    }
    if let Some(id) = a.lead_id {
        let l = lead::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .filter(|l| l.deleted_at.is_none())
            .ok_or_else(|| AppError::invalid("lead", "does not exist"))?;
        authorize(actor, Action::Update, record(l.owner_id, l.team_id))?;
        team = team.or(l.team_id);
    }
    if let Some(id) = account_id {
        let acc = account::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .filter(|a| a.deleted_at.is_none())
            .ok_or_else(|| AppError::invalid("account", "does not exist"))?;
        // Only the account named directly must be writable; a contact's
        // account is filled in for the timeline.
        if a.account_id.is_some() {
            authorize(actor, Action::Update, record(acc.owner_id, acc.team_id))?;
        }
        team = acc.team_id.or(team);
    }
    Ok((account_id, team))
}

/// Marks that the account was just in touch, and regrades it.
async fn touch_account<C: ConnectionTrait>(
    conn: &C,
    account_id: Option<i64>,
    at: DateTime<Utc>,
) -> AppResult<()> {
    if let Some(id) = account_id {
        account::Entity::update_many()
            .col_expr(account::Column::LastActivityAt, Expr::value(at))
            .filter(account::Column::Id.eq(id))
            .filter(
                Condition::any()
                    .add(account::Column::LastActivityAt.is_null())
                    .add(account::Column::LastActivityAt.lt(at)),
            )
            .exec(conn)
            .await
            .map_err(internal)?;
        grading::regrade(conn, id).await?;
    }
    Ok(())
}

pub(crate) async fn insert<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    input: &ActivityInput,
) -> AppResult<ActivityView> {
    let a = input.validated()?;
    let (account_id, team_id) = check_parents(conn, actor, &a).await?;
    let assignee_id = if a.kind == ActivityKind::Task {
        let id = a.assignee_id.unwrap_or(actor.user_id);
        user::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .filter(|u| u.active)
            .ok_or_else(|| AppError::invalid("assignee", "is not an active user"))?;
        Some(id)
    } else {
        None
    };
    let now = Utc::now();
    let occurred_at = a.occurred_at.unwrap_or(now);
    let m = activity::ActiveModel {
        kind: Set(a.kind.as_str().to_owned()),
        subject: Set(a.subject.clone()),
        body: Set(a.body.clone()),
        account_id: Set(account_id),
        contact_id: Set(a.contact_id),
        lead_id: Set(a.lead_id),
        occurred_at: Set(occurred_at),
        due_on: Set(a.due_on),
        assignee_id: Set(assignee_id),
        author_id: Set(Some(actor.user_id)),
        team_id: Set(team_id),
        done_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    if a.kind != ActivityKind::Task {
        touch_account(conn, account_id, occurred_at.min(now)).await?;
    }
    let v = views(conn, std::slice::from_ref(&m)).await?.remove(0);
    audit::record(
        conn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&v),
    )
    .await?;
    Ok(v)
}

/// Logs a call/meeting/email/note or schedules a task.
pub async fn log(store: &Store, actor: &Actor, input: ActivityInput) -> AppResult<ActivityView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Customers)?;
    let txn = store.write().await?;
    let v = insert(&txn, actor, &input).await?;
    txn.commit().await.map_err(internal)?;
    Ok(v)
}

/// Marks a task done (or not done again). The assignee may always; others
/// need the right to change the record it hangs off.
pub async fn set_done(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    done: bool,
) -> AppResult<ActivityView> {
    let txn = store.write().await?;
    let m = load(&txn, id).await?;
    if m.kind != ActivityKind::Task.as_str() {
        return Err(AppError::invalid("kind", "only tasks can be completed"));
    }
    if m.assignee_id != Some(actor.user_id) {
        let input = ActivityInput {
            kind: ActivityKind::Task,
            subject: m.subject.clone(),
            body: String::new(),
            account_id: m.account_id,
            contact_id: m.contact_id,
            lead_id: m.lead_id,
            occurred_at: None,
            due_on: m.due_on,
            assignee_id: None,
        };
        check_parents(&txn, actor, &input).await?;
    }
    let before = views(&txn, std::slice::from_ref(&m)).await?.remove(0);
    let now = Utc::now();
    let at: Option<DateTime<Utc>> = done.then_some(now);
    let sets: Vec<(&'static str, SimpleExpr)> = vec![("done_at", at.into())];
    if !cas_update(&txn, "activities", id, version, sets).await? {
        return Err(conflict(ENTITY, m.version));
    }
    if done {
        touch_account(&txn, m.account_id, now).await?;
    }
    let after = views(&txn, &[load(&txn, id).await?]).await?.remove(0);
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        if done { "complete" } else { "reopen" },
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// My open tasks due `today` or earlier, oldest first, then the ones I
/// completed today (so completing one in place does not make it vanish).
pub async fn my_day(
    store: &Store,
    actor: &Actor,
    today: NaiveDate,
    day_start: DateTime<Utc>,
) -> AppResult<Vec<ActivityView>> {
    let conn = store.conn();
    let open = activity::Entity::find()
        .filter(activity::Column::AssigneeId.eq(actor.user_id))
        .filter(activity::Column::DoneAt.is_null())
        .filter(activity::Column::DueOn.lte(today))
        .order_by_asc(activity::Column::DueOn)
        .order_by_asc(activity::Column::Id)
        .limit(200)
        .all(conn)
        .await
        .map_err(internal)?;
    let done = activity::Entity::find()
        .filter(activity::Column::AssigneeId.eq(actor.user_id))
        .filter(activity::Column::DoneAt.gte(day_start))
        .order_by_asc(activity::Column::DoneAt)
        .limit(100)
        .all(conn)
        .await
        .map_err(internal)?;
    let mut all = open;
    all.extend(done);
    views(conn, &all).await
}

/// The activities of one contact or lead, newest first (an account's are
/// in its timeline).
pub async fn for_record(
    store: &Store,
    actor: &Actor,
    kind: RecordKind,
    id: i64,
    limit: u64,
) -> AppResult<Vec<ActivityView>> {
    let conn = store.conn();
    let (owner, team, col) = match kind {
        RecordKind::Contact => {
            let c = super::contacts::load(conn, id).await?;
            (c.owner_id, c.team_id, activity::Column::ContactId)
        }
        RecordKind::Lead => {
            let l = super::leads::load(conn, id).await?;
            (l.owner_id, l.team_id, activity::Column::LeadId)
        }
        RecordKind::Account => {
            let a = super::accounts::load(conn, id).await?;
            (a.owner_id, a.team_id, activity::Column::AccountId)
        }
    };
    super::common::authorize_read(actor, owner, team, kind.as_str())?;
    let models = activity::Entity::find()
        .filter(col.eq(id))
        .order_by_desc(activity::Column::OccurredAt)
        .order_by_desc(activity::Column::Id)
        .limit(limit.min(200))
        .all(conn)
        .await
        .map_err(internal)?;
    views(conn, &models).await
}
