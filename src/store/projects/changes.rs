//! Change requests of a project and its change log. Drafts are written by
//! whoever may change the project; each step of the status is checked by
//! `domain::project::change_control::may_move` (managers and admins
//! decide — a manager reads projects without changing them, and that is
//! enough to approve). Implementing applies the request's schedule
//! changes through the plan's edit path and saves a baseline named after
//! it, in the same transaction as the status. Versioned, audited.

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::edit::apply_changes;
use super::{baselines, golive, readable, resource, rows, writable};
use crate::domain::project::change_control::{
    ChangeRequestInput, ChangeRequestView, CrStatus, DurationChange, Stamp, batch, may_move,
};
use crate::domain::project::{PlanEvent, compute};
use crate::domain::{Action, Actor, AppError, AppResult, allowed};
use crate::store::customers::common::{Names, cas_update, conflict};
use crate::store::db::internal;
use crate::store::entity::{project_change_request as cr, project_task};
use crate::store::{Store, audit};

const ENTITY: &str = "change_request";

fn changes_of(m: &cr::Model) -> Vec<DurationChange> {
    serde_json::from_str(&m.changes).unwrap_or_default()
}

async fn views<C: ConnectionTrait>(
    conn: &C,
    models: &[cr::Model],
) -> AppResult<Vec<ChangeRequestView>> {
    let names = Names::load(
        conn,
        models
            .iter()
            .flat_map(|m| [m.created_by, m.submitted_by, m.decided_by, m.implemented_by]),
        [],
    )
    .await?;
    let task_ids: Vec<i64> = models
        .iter()
        .flat_map(|m| changes_of(m).into_iter().map(|c| c.task_id))
        .collect();
    let tasks: std::collections::HashMap<i64, String> = if task_ids.is_empty() {
        Default::default()
    } else {
        project_task::Entity::find()
            .select_only()
            .column(project_task::Column::Id)
            .column(project_task::Column::Name)
            .filter(project_task::Column::Id.is_in(task_ids))
            .into_tuple::<(i64, String)>()
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .collect()
    };
    let stamp = |by: Option<i64>, at: Option<chrono::DateTime<Utc>>| {
        at.map(|at| Stamp {
            by: names.user(by),
            at,
        })
    };
    Ok(models
        .iter()
        .map(|m| {
            let changes = changes_of(m);
            ChangeRequestView {
                id: m.id,
                project_id: m.project_id,
                number: m.number,
                version: m.version,
                status: CrStatus::parse(&m.status).unwrap_or(CrStatus::Draft),
                task_names: changes
                    .iter()
                    .map(|c| tasks.get(&c.task_id).cloned().unwrap_or_default())
                    .collect(),
                input: ChangeRequestInput {
                    title: m.title.clone(),
                    description: m.description.clone(),
                    reason: m.reason.clone(),
                    scope_impact: m.scope_impact.clone(),
                    schedule_days: m.schedule_days,
                    cost_impact: m.cost_impact,
                    currency: m.currency.clone(),
                    changes,
                },
                decision_note: m.decision_note.clone(),
                created: Stamp {
                    by: names.user(m.created_by),
                    at: m.created_at,
                },
                submitted: stamp(m.submitted_by, m.submitted_at),
                decided: stamp(m.decided_by, m.decided_at),
                implemented: stamp(m.implemented_by, m.implemented_at),
                baseline_id: m.baseline_id,
            }
        })
        .collect())
}

async fn one<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<cr::Model> {
    cr::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

async fn view<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<ChangeRequestView> {
    let m = one(conn, id).await?;
    views(conn, std::slice::from_ref(&m))
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found(ENTITY))
}

/// The project's change requests, newest first: its change log.
pub async fn list(
    store: &Store,
    actor: &Actor,
    project_id: i64,
) -> AppResult<Vec<ChangeRequestView>> {
    let conn = store.conn();
    readable(conn, store, actor, project_id, false).await?;
    let models = cr::Entity::find()
        .filter(cr::Column::ProjectId.eq(project_id))
        .order_by_desc(cr::Column::Number)
        .all(conn)
        .await
        .map_err(internal)?;
    views(conn, &models).await
}

/// The tasks named must be live tasks of this project.
async fn check_tasks<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    changes: &[DurationChange],
) -> AppResult<()> {
    if changes.is_empty() {
        return Ok(());
    }
    let found = project_task::Entity::find()
        .filter(project_task::Column::ProjectId.eq(project_id))
        .filter(project_task::Column::Deleted.eq(false))
        .filter(project_task::Column::Id.is_in(changes.iter().map(|c| c.task_id)))
        .count(conn)
        .await
        .map_err(internal)?;
    if found != changes.len() as u64 {
        return Err(AppError::invalid(
            "changes",
            "names a task that is not in the plan",
        ));
    }
    Ok(())
}

fn json(changes: &[DurationChange]) -> AppResult<String> {
    serde_json::to_string(changes).map_err(|e| AppError::Internal(e.to_string()))
}

pub async fn create(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    input: ChangeRequestInput,
) -> AppResult<ChangeRequestView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Projects)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    writable(&txn, store, actor, project_id).await?;
    check_tasks(&txn, project_id, &v.changes).await?;
    // The project row is locked (PostgreSQL) or the writer is alone
    // (SQLite): the next number is this one's.
    let last: Option<i64> = cr::Entity::find()
        .select_only()
        .column_as(cr::Column::Number.max(), "n")
        .filter(cr::Column::ProjectId.eq(project_id))
        .into_tuple::<Option<i64>>()
        .one(&txn)
        .await
        .map_err(internal)?
        .flatten();
    let now = Utc::now();
    let m = cr::ActiveModel {
        project_id: Set(project_id),
        number: Set(last.unwrap_or(0) + 1),
        status: Set(CrStatus::Draft.as_str().to_owned()),
        title: Set(v.title.clone()),
        description: Set(v.description.clone()),
        reason: Set(v.reason.clone()),
        scope_impact: Set(v.scope_impact.clone()),
        schedule_days: Set(v.schedule_days),
        cost_impact: Set(v.cost_impact),
        currency: Set(v.currency.clone()),
        changes: Set(json(&v.changes)?),
        decision_note: Set(String::new()),
        created_by: Set(Some(actor.user_id)),
        created_at: Set(now),
        version: Set(1),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let after = view(&txn, m.id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// Rewrites a draft (only a draft: what was submitted is what is decided).
pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: ChangeRequestInput,
) -> AppResult<ChangeRequestView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Projects)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let m = one(&txn, id).await?;
    writable(&txn, store, actor, m.project_id).await?;
    if m.status != CrStatus::Draft.as_str() {
        return Err(AppError::invalid("status", "only a draft can be edited"));
    }
    check_tasks(&txn, m.project_id, &v.changes).await?;
    let before = view(&txn, id).await?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("title", v.title.clone().into()),
        ("description", v.description.clone().into()),
        ("reason", v.reason.clone().into()),
        ("scope_impact", v.scope_impact.clone().into()),
        ("schedule_days", v.schedule_days.into()),
        ("cost_impact", v.cost_impact.into()),
        ("currency", v.currency.clone().into()),
        ("changes", json(&v.changes)?.into()),
    ];
    if !cas_update(&txn, "project_change_requests", id, version, sets).await? {
        return Err(conflict(ENTITY, m.version));
    }
    let after = view(&txn, id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "update",
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// Moves a request one step (see [`may_move`]); `note` is kept with a
/// decision. Implementing applies its schedule changes and saves the
/// baseline "CR-n: title".
pub async fn move_to(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    to: CrStatus,
    note: String,
) -> AppResult<ChangeRequestView> {
    let txn = store.write().await?;
    let m = one(&txn, id).await?;
    let project = readable(&txn, store, actor, m.project_id, true).await?;
    super::open(&project)?;
    let writes = allowed(actor, Action::Update, resource(&project));
    let from = CrStatus::parse(&m.status).unwrap_or(CrStatus::Draft);
    may_move(actor.role, writes, from, to)?;
    if m.version != version {
        return Err(conflict(ENTITY, m.version));
    }
    let note = note.trim().to_owned();
    if note.chars().count() > 2_000 {
        return Err(AppError::invalid("note", "must be at most 2000 characters"));
    }
    let before = view(&txn, id).await?;
    let now = Utc::now();
    let mut sets: Vec<(&'static str, SimpleExpr)> = vec![("status", to.as_str().into())];
    let mut digest = None;
    match to {
        CrStatus::Submitted => {
            sets.push(("submitted_by", actor.user_id.into()));
            sets.push(("submitted_at", now.into()));
        }
        CrStatus::Draft => {
            sets.push(("submitted_by", Option::<i64>::None.into()));
            sets.push(("submitted_at", Option::<chrono::DateTime<Utc>>::None.into()));
        }
        CrStatus::Approved | CrStatus::Rejected => {
            sets.push(("decided_by", actor.user_id.into()));
            sets.push(("decided_at", now.into()));
            sets.push(("decision_note", note.into()));
        }
        CrStatus::Implemented => {
            let (baseline, d) = implement(&txn, actor, &project, &m).await?;
            digest = Some(d);
            sets.push(("implemented_by", actor.user_id.into()));
            sets.push(("implemented_at", now.into()));
            sets.push(("baseline_id", baseline.into()));
        }
    }
    if !cas_update(&txn, "project_change_requests", id, version, sets).await? {
        return Err(conflict(ENTITY, m.version));
    }
    let after = view(&txn, id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        to.as_str(),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    // Open plans reload: the digest differs from theirs.
    if let Some(digest) = digest {
        super::events::publish(
            store,
            PlanEvent {
                project_id: project.id,
                user_id: actor.user_id,
                tasks: Vec::new(),
                links: Vec::new(),
                digest,
            },
        )
        .await;
    }
    Ok(after)
}

/// Applies the request's schedule changes to the plan as it is now,
/// schedules it (a refusal rolls the whole step back), writes the
/// figures and saves the baseline: its id and the plan's new digest.
async fn implement<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    project: &crate::store::entity::project::Model,
    m: &cr::Model,
) -> AppResult<(i64, u64)> {
    let mut state = rows::load_state(txn, project.id).await?;
    let changes = changes_of(m);
    if !changes.is_empty() {
        let (c0, _) = rows::schedule(txn, project, &state).await?;
        let tasks: Vec<_> = state.tasks().to_vec();
        let b = batch(&changes, &tasks, &|id| {
            c0.ix.get(&id).is_some_and(|&i| c0.summary[i as usize])
        })?;
        apply_changes(txn, project.id, &mut state, &b).await?;
    }
    let (c, s) = rows::schedule(txn, project, &state).await?;
    golive::write_figures(txn, Some(actor), project, &c, &s).await?;
    let mut name = format!("CR-{}: {}", m.number, m.title);
    if name.chars().count() > baselines::MAX_NAME_CHARS {
        name = name.chars().take(baselines::MAX_NAME_CHARS).collect();
    }
    let info = baselines::insert(txn, actor, project.id, &name, &c, &s).await?;
    Ok((info.id, compute::digest(&c, &s)))
}
