//! One user action on a plan, all or nothing.
//!
//! The batch is applied to the plan's rows as loaded inside the
//! transaction with [`ProjectState::apply`] — the same function the
//! browser ran for its preview — change by change, each followed by the
//! write of the row it touched (guarded by the version it had). Then the
//! whole plan is scheduled; a refusal (a dependency loop, say) rolls
//! everything back. So what is stored is always a plan that schedules,
//! and the digest returned is the one the browser's preview must match.

use std::collections::{BTreeSet, HashMap};

use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use super::rows::{self, constraint_code};
use super::{ENTITY, events, writable};
use crate::domain::project::{
    Assignment, Change, EditBatch, EditResult, LinkRow, PlanEvent, ProjectState, TaskField,
    TaskRow, compute,
};
use crate::domain::{Actor, AppError, AppResult};
use crate::store::customers::common::conflict;
use crate::store::db::internal;
use crate::store::entity::{project_link, project_task, task_assignment, user};
use crate::store::{Store, audit};

/// More changes than anyone makes in one action (a paste of a large
/// outline stays well below).
pub const MAX_CHANGES: usize = 10_000;

#[tracing::instrument(skip(store, batch), fields(project = batch.project_id, changes = batch.changes.len()))]
pub async fn edit(store: &Store, actor: &Actor, batch: EditBatch) -> AppResult<EditResult> {
    if batch.changes.len() > MAX_CHANGES {
        return Err(AppError::invalid(
            "changes",
            format!("at most {MAX_CHANGES} changes in one action"),
        ));
    }
    let txn = store.write().await?;
    let project = writable(&txn, store, actor, batch.project_id).await?;
    let pid = project.id;
    // Only this project's rows are loaded: an id of another project's
    // row is "not found" to `apply`, and every write is also guarded by
    // `project_id`.
    let mut state = rows::load_state(&txn, pid).await?;
    let Applied {
        new_tasks,
        new_links,
        tasks,
        links,
    } = apply_changes(&txn, pid, &mut state, &batch.changes).await?;
    let (c, s) = rows::schedule(&txn, &project, &state).await?;
    let digest = compute::digest(&c, &s);
    super::golive::write_figures(&txn, Some(actor), &project, &c, &s).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        pid,
        "plan_edit",
        None::<&()>,
        Some(&serde_json::json!({
            "changes": batch.changes,
            "new_tasks": new_tasks,
            "new_links": new_links,
        })),
    )
    .await?;
    let tasks: Vec<i64> = tasks.into_iter().collect();
    let links: Vec<i64> = links.into_iter().collect();
    let tasks = rows::load_tasks(&txn, pid, Some(&tasks)).await?;
    let links = rows::load_links(&txn, pid, Some(&links)).await?;
    txn.commit().await.map_err(internal)?;
    events::publish(
        store,
        PlanEvent {
            project_id: pid,
            user_id: actor.user_id,
            tasks: tasks.clone(),
            links: links.clone(),
            digest,
        },
    )
    .await;
    Ok(EditResult {
        tasks,
        links,
        new_tasks,
        new_links,
        digest,
    })
}

/// What [`apply_changes`] did: the stored ids of the new rows (by their
/// temporary ids) and every row it wrote.
pub(crate) struct Applied {
    pub new_tasks: Vec<(i64, i64)>,
    pub new_links: Vec<(i64, i64)>,
    pub tasks: BTreeSet<i64>,
    pub links: BTreeSet<i64>,
}

/// Applies `changes` to `state` one by one, writing each row it touches
/// inside `txn` (new rows get their stored ids, later changes naming a
/// temporary id are renamed to it). Nothing is scheduled here.
pub(crate) async fn apply_changes<C: ConnectionTrait>(
    txn: &C,
    pid: i64,
    state: &mut ProjectState,
    changes: &[Change],
) -> AppResult<Applied> {
    let mut task_ids: HashMap<i64, i64> = HashMap::new();
    let mut link_ids: HashMap<i64, i64> = HashMap::new();
    let (mut new_tasks, mut new_links) = (Vec::new(), Vec::new());
    let (mut tasks, mut links) = (BTreeSet::new(), BTreeSet::new());
    for original in changes {
        let mut change = original.clone();
        change.rename(&|is_task, id| {
            if is_task {
                task_ids.get(&id).copied()
            } else {
                link_ids.get(&id).copied()
            }
        });
        if let Change::AddTask { temp, .. } | Change::AddLink { temp, .. } = change
            && temp >= 0
        {
            return Err(AppError::invalid(
                "id",
                "a new row needs a temporary (negative) id",
            ));
        }
        state.apply(&change)?;
        match &change {
            Change::AddTask { temp, .. } => {
                let row = row_of(state, *temp)?;
                let id = insert_task(txn, pid, row).await?;
                state.rename_task(*temp, id);
                task_ids.insert(*temp, id);
                new_tasks.push((*temp, id));
                tasks.insert(id);
            }
            Change::AddLink { temp, .. } => {
                let row = *state
                    .link(*temp)
                    .ok_or_else(|| AppError::Internal("a new link went missing".into()))?;
                let id = insert_link(txn, pid, &row).await?;
                state.rename_link(*temp, id);
                link_ids.insert(*temp, id);
                new_links.push((*temp, id));
                links.insert(id);
            }
            Change::EditTask { id, version, field } => {
                if let TaskField::Assignments(a) = field {
                    write_assignments(txn, *id, a).await?;
                }
                update_task(txn, pid, row_of(state, *id)?, *version).await?;
                tasks.insert(*id);
            }
            Change::MoveTask { id, version, .. }
            | Change::DeleteTask { id, version }
            | Change::RestoreTask { id, version } => {
                update_task(txn, pid, row_of(state, *id)?, *version).await?;
                tasks.insert(*id);
            }
            Change::EditLink { id, version, .. }
            | Change::DeleteLink { id, version }
            | Change::RestoreLink { id, version } => {
                let row = *state.link(*id).ok_or_else(|| AppError::not_found("link"))?;
                update_link(txn, pid, &row, *version).await?;
                links.insert(*id);
            }
        }
    }
    Ok(Applied {
        new_tasks,
        new_links,
        tasks,
        links,
    })
}

fn row_of(state: &ProjectState, id: i64) -> AppResult<&TaskRow> {
    state.task(id).ok_or_else(|| AppError::not_found("task"))
}

pub(crate) fn task_model(project_id: i64, row: &TaskRow) -> project_task::ActiveModel {
    project_task::ActiveModel {
        project_id: Set(project_id),
        parent_id: Set(row.parent),
        rank: Set(row.rank.clone()),
        name: Set(row.name.clone()),
        duration_minutes: Set(row.duration_minutes),
        percent_complete: Set(i16::from(row.percent_complete)),
        constraint_kind: Set(row.constraint.map(|c| constraint_code(c.kind).to_owned())),
        constraint_date: Set(row.constraint.map(|c| c.date)),
        version: Set(row.version),
        deleted: Set(row.deleted),
        ..Default::default()
    }
}

pub(crate) fn link_model(project_id: i64, row: &LinkRow) -> project_link::ActiveModel {
    project_link::ActiveModel {
        project_id: Set(project_id),
        predecessor_id: Set(row.predecessor),
        successor_id: Set(row.successor),
        kind: Set(row.kind.abbreviation().to_owned()),
        lag_minutes: Set(row.lag_minutes),
        version: Set(row.version),
        deleted: Set(row.deleted),
        ..Default::default()
    }
}

async fn insert_task<C: ConnectionTrait>(conn: &C, pid: i64, row: &TaskRow) -> AppResult<i64> {
    Ok(task_model(pid, row)
        .insert(conn)
        .await
        .map_err(internal)?
        .id)
}

async fn insert_link<C: ConnectionTrait>(conn: &C, pid: i64, row: &LinkRow) -> AppResult<i64> {
    Ok(link_model(pid, row)
        .insert(conn)
        .await
        .map_err(internal)?
        .id)
}

/// Writes a task's row as `apply` left it, if it still has the version
/// the change named (the project lock makes a miss a bug, not a race; the
/// guard stays as the backstop).
async fn update_task<C: ConnectionTrait>(
    conn: &C,
    pid: i64,
    row: &TaskRow,
    old_version: i64,
) -> AppResult<()> {
    use project_task::Column as T;
    let res = project_task::Entity::update_many()
        .col_expr(T::ParentId, Expr::value(row.parent))
        .col_expr(T::Rank, Expr::value(row.rank.clone()))
        .col_expr(T::Name, Expr::value(row.name.clone()))
        .col_expr(T::DurationMinutes, Expr::value(row.duration_minutes))
        .col_expr(
            T::PercentComplete,
            Expr::value(i16::from(row.percent_complete)),
        )
        .col_expr(
            T::ConstraintKind,
            Expr::value(row.constraint.map(|c| constraint_code(c.kind).to_owned())),
        )
        .col_expr(
            T::ConstraintDate,
            Expr::value(row.constraint.map(|c| c.date)),
        )
        .col_expr(T::Deleted, Expr::value(row.deleted))
        .col_expr(T::Version, Expr::value(row.version))
        .filter(T::Id.eq(row.id))
        .filter(T::ProjectId.eq(pid))
        .filter(T::Version.eq(old_version))
        .exec(conn)
        .await
        .map_err(internal)?;
    if res.rows_affected != 1 {
        let now = project_task::Entity::find_by_id(row.id)
            .one(conn)
            .await
            .map_err(internal)?;
        return Err(conflict("task", now.map_or(0, |t| t.version)));
    }
    Ok(())
}

async fn update_link<C: ConnectionTrait>(
    conn: &C,
    pid: i64,
    row: &LinkRow,
    old_version: i64,
) -> AppResult<()> {
    use project_link::Column as L;
    let res = project_link::Entity::update_many()
        .col_expr(L::Kind, Expr::value(row.kind.abbreviation()))
        .col_expr(L::LagMinutes, Expr::value(row.lag_minutes))
        .col_expr(L::Deleted, Expr::value(row.deleted))
        .col_expr(L::Version, Expr::value(row.version))
        .filter(L::Id.eq(row.id))
        .filter(L::ProjectId.eq(pid))
        .filter(L::Version.eq(old_version))
        .exec(conn)
        .await
        .map_err(internal)?;
    if res.rows_affected != 1 {
        let now = project_link::Entity::find_by_id(row.id)
            .one(conn)
            .await
            .map_err(internal)?;
        return Err(conflict("link", now.map_or(0, |l| l.version)));
    }
    Ok(())
}

/// Replaces a task's assignments; everyone named must be a user.
async fn write_assignments<C: ConnectionTrait>(
    conn: &C,
    task_id: i64,
    a: &[Assignment],
) -> AppResult<()> {
    if !a.is_empty() {
        let ids: Vec<i64> = a.iter().map(|x| x.user_id).collect();
        let found = user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .count(conn)
            .await
            .map_err(internal)?;
        if found != a.len() as u64 {
            return Err(AppError::invalid(
                "assignments",
                "names someone who is not a user",
            ));
        }
    }
    task_assignment::Entity::delete_many()
        .filter(task_assignment::Column::TaskId.eq(task_id))
        .exec(conn)
        .await
        .map_err(internal)?;
    if !a.is_empty() {
        task_assignment::Entity::insert_many(a.iter().map(|x| task_assignment::ActiveModel {
            task_id: Set(task_id),
            user_id: Set(x.user_id),
            units: Set(i16::try_from(x.units).unwrap_or(i16::MAX)),
        }))
        .exec(conn)
        .await
        .map_err(internal)?;
    }
    Ok(())
}
