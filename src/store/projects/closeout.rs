//! Closeout: the lessons learned, and archiving the project — read only
//! from then on (`super::writable` refuses every change) — once every
//! deliverable is signed off, no defect is open and no change request is
//! waiting. Only an admin reopens an archived project. Both against the
//! project's version, audited.

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ConnectionTrait, EntityTrait};

use super::{quality, readable, writable};
use crate::domain::project::ProjectStatus;
use crate::domain::project::quality::{Lessons, QualityView};
use crate::domain::{Actor, AppError, AppResult, Role};
use crate::store::customers::common::{cas_update, conflict};
use crate::store::db::internal;
use crate::store::entity::project;
use crate::store::{Store, audit};

async fn reread<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<project::Model> {
    project::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("project"))
}

fn lessons_json(l: &Lessons) -> String {
    serde_json::to_string(l).unwrap_or_else(|_| "{}".to_owned())
}

/// Saves the lessons learned (`archive`: and closes the project out).
pub async fn close(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    version: i64,
    lessons: Lessons,
    archive: bool,
) -> AppResult<QualityView> {
    let lessons = lessons.validated()?;
    let txn = store.write().await?;
    let m = writable(&txn, store, actor, project_id).await?;
    let mut sets: Vec<(&'static str, SimpleExpr)> =
        vec![("lessons", Some(lessons_json(&lessons)).into())];
    if archive {
        quality::open_items(&txn, m.id).await?.check()?;
        sets.push(("archived_at", Some(Utc::now()).into()));
        sets.push(("archived_by", Some(actor.user_id).into()));
        sets.push(("status", ProjectStatus::Completed.as_str().into()));
    }
    if !cas_update(&txn, "projects", m.id, version, sets).await? {
        return Err(conflict("project", m.version));
    }
    let was: Option<Lessons> = m
        .lessons
        .as_deref()
        .and_then(|l| serde_json::from_str(l).ok());
    audit::record(
        &txn,
        Some(actor),
        "project",
        m.id,
        if archive { "archive" } else { "lessons" },
        Some(&was),
        Some(&lessons),
    )
    .await?;
    let after = reread(&txn, m.id).await?;
    let out = quality::build(&txn, actor, &after).await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

/// An admin reopens an archived project (its lessons stay).
pub async fn reopen(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    version: i64,
) -> AppResult<QualityView> {
    let txn = store.write().await?;
    let m = readable(&txn, store, actor, project_id, true).await?;
    if actor.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    if m.archived_at.is_none() {
        return Err(AppError::invalid("project", "is not archived"));
    }
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("archived_at", Option::<chrono::DateTime<Utc>>::None.into()),
        ("archived_by", Option::<i64>::None.into()),
        ("status", ProjectStatus::Active.as_str().into()),
    ];
    if !cas_update(&txn, "projects", m.id, version, sets).await? {
        return Err(conflict("project", m.version));
    }
    audit::record(
        &txn,
        Some(actor),
        "project",
        m.id,
        "reopen",
        Some(&m.archived_at),
        None::<&()>,
    )
    .await?;
    let after = reread(&txn, m.id).await?;
    let out = quality::build(&txn, actor, &after).await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}
