//! Baselines: the scheduled dates of every live task, saved under a name,
//! for the chart to draw the plan as it was against the plan as it is.

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::rows;
use super::{ENTITY, readable, writable};
use crate::domain::project::{BaselineBar, BaselineInfo};
use crate::domain::schedule::TaskIx;
use crate::domain::{Actor, AppError, AppResult};
use crate::store::db::internal;
use crate::store::entity::{baseline, baseline_task};
use crate::store::{Store, audit};

pub const MAX_NAME_CHARS: usize = 100;

fn check_name(name: &str) -> AppResult<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "is required"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid("name", "must be at most 100 characters"));
    }
    Ok(name.to_owned())
}

#[tracing::instrument(skip(store))]
pub async fn save_baseline(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    name: &str,
) -> AppResult<BaselineInfo> {
    let name = check_name(name)?;
    let txn = store.write().await?;
    let project = writable(&txn, store, actor, project_id).await?;
    let state = rows::load_state(&txn, project_id).await?;
    let (c, s) = rows::schedule(&txn, &project, &state).await?;
    let info = insert(&txn, actor, project_id, &name, &c, &s).await?;
    txn.commit().await.map_err(internal)?;
    Ok(info)
}

/// Saves the schedule `c`/`s` as baseline `name` of the project inside
/// `txn`, audited (a user's save, or an implemented change request's).
pub(crate) async fn insert<C: sea_orm::ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    project_id: i64,
    name: &str,
    c: &crate::domain::project::Compiled,
    s: &crate::domain::schedule::Schedule,
) -> AppResult<BaselineInfo> {
    // Whole seconds: the same value on both databases and in the answer.
    let saved_at = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0)
        .unwrap_or_default()
        .naive_utc();
    let b = baseline::ActiveModel {
        project_id: Set(project_id),
        name: Set(name.to_owned()),
        saved_at: Set(saved_at),
        saved_by: Set(Some(actor.user_id)),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(internal)?;
    let bars: Vec<baseline_task::ActiveModel> = (0..c.len())
        .map(|i| baseline_task::ActiveModel {
            baseline_id: Set(b.id),
            task_id: Set(c.ids[i]),
            start: Set(s.start(i as TaskIx)),
            finish: Set(s.finish(i as TaskIx)),
        })
        .collect();
    for chunk in bars.chunks(2_000) {
        baseline_task::Entity::insert_many(chunk.to_vec())
            .exec(txn)
            .await
            .map_err(internal)?;
    }
    let info = BaselineInfo {
        id: b.id,
        name: b.name,
        saved_at: b.saved_at,
    };
    audit::record(
        txn,
        Some(actor),
        ENTITY,
        project_id,
        "baseline",
        None::<&()>,
        Some(&serde_json::json!({ "baseline_id": info.id, "name": info.name, "tasks": c.len() })),
    )
    .await?;
    Ok(info)
}

#[tracing::instrument(skip(store))]
pub async fn baseline_bars(
    store: &Store,
    actor: &Actor,
    baseline_id: i64,
) -> AppResult<Vec<BaselineBar>> {
    let conn = store.conn();
    let b = baseline::Entity::find_by_id(baseline_id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("baseline"))?;
    readable(conn, store, actor, b.project_id, false)
        .await
        .map_err(|e| match e {
            AppError::NotFound { .. } => AppError::not_found("baseline"),
            e => e,
        })?;
    Ok(baseline_task::Entity::find()
        .filter(baseline_task::Column::BaselineId.eq(baseline_id))
        .order_by_asc(baseline_task::Column::TaskId)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|t| BaselineBar {
            task_id: t.task_id,
            start: t.start,
            finish: t.finish,
        })
        .collect())
}
