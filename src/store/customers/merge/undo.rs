//! Undoing a merge — only while nobody has touched its records since —
//! and the history of merges.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;

use super::relations::{self, Moved};
use super::{MergedBefore, Snapshot, conflict_since, table};
use crate::domain::customer::Named;
use crate::domain::customer::merge::{MergeKind, MergeSummary};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::customers::common::Names;
use crate::store::customers::{accounts, contacts};
use crate::store::db::internal;
use crate::store::entity::merge;
use crate::store::{Store, audit};

/// How many merges the history lists.
const HISTORY: u64 = 100;

/// A merge row read back.
struct Stored {
    row: merge::Model,
    kind: MergeKind,
    survivor_before: Snapshot,
    merged: Vec<(Snapshot, i64)>,
    moved: Moved,
}

impl Stored {
    fn read(row: merge::Model) -> AppResult<Stored> {
        let kind = MergeKind::parse(&row.kind)
            .ok_or_else(|| AppError::Internal(format!("merge {} has kind {}", row.id, row.kind)))?;
        let survivor_before = Snapshot::from_json(kind, &row.survivor_before)?;
        let merged: Vec<MergedBefore> =
            serde_json::from_str(&row.merged_before).map_err(internal)?;
        let merged = merged
            .into_iter()
            .map(|m| {
                Ok((
                    Snapshot::from_json(kind, &m.view.to_string())?,
                    m.version_after,
                ))
            })
            .collect::<AppResult<Vec<_>>>()?;
        let moved = serde_json::from_str(&row.moved).map_err(internal)?;
        Ok(Stored {
            row,
            kind,
            survivor_before,
            merged,
            moved,
        })
    }
}

/// Undoes merge `merge_id`: the survivor gets its values back, the
/// merged records come out of the Trash, the rows the merge moved point
/// at them again. Refused with nothing changed once any of the records
/// has changed since (conflict naming it), when already undone, or when
/// the actor may not edit every record (as for the merge).
#[tracing::instrument(skip(store))]
pub async fn undo(store: &Store, actor: &Actor, merge_id: i64) -> AppResult<MergeSummary> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let txn = store.write().await?;
    let row = merge::Entity::find_by_id(merge_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("merge"))?;
    let m = Stored::read(row)?;
    let kind = m.kind;
    let survivor = Snapshot::load(&txn, kind, m.row.survivor_id).await?;
    let mut merged = Vec::with_capacity(m.merged.len());
    for (before, _) in &m.merged {
        merged.push(Snapshot::load(&txn, kind, before.id()).await?);
    }
    survivor.authorize_edit(actor)?;
    for r in &merged {
        r.authorize_edit(actor)?;
    }
    if m.row.undone_at.is_some() {
        return Err(AppError::invalid("merge", "has already been undone"));
    }
    if survivor.version() != m.row.survivor_version || survivor.deleted_at().is_some() {
        return Err(conflict_since(&survivor, "changed since the merge"));
    }
    for (now, (_, version_after)) in merged.iter().zip(&m.merged) {
        if now.version() != *version_after || now.deleted_at().is_none() {
            return Err(conflict_since(now, "changed since the merge"));
        }
    }
    let restored = match (&survivor, &m.survivor_before) {
        (Snapshot::Account(now), Snapshot::Account(before)) => {
            let extra: Vec<(&'static str, SimpleExpr)> =
                vec![("last_activity_at", before.last_activity_at.into())];
            Snapshot::Account(
                accounts::write_edit(&txn, actor, now, now.version, &before.to_input(), extra)
                    .await?,
            )
        }
        (Snapshot::Contact(now), Snapshot::Contact(before)) => Snapshot::Contact(
            contacts::write_edit(&txn, actor, now, now.version, &before.to_input()).await?,
        ),
        _ => return Err(AppError::Internal(format!("merge {merge_id} mixes kinds"))),
    };
    relations::move_back(&txn, kind, survivor.id(), &m.moved).await?;
    let mut back = Vec::with_capacity(merged.len());
    for r in &merged {
        back.push(r.set_deleted(&txn, r.version(), false).await?);
    }
    let now = Utc::now();
    let q = Query::update()
        .table(merge::Entity)
        .value(merge::Column::UndoneAt, Expr::value(now))
        .value(merge::Column::UndoneBy, Expr::value(actor.user_id))
        .and_where(merge::Column::Id.eq(merge_id))
        .and_where(merge::Column::UndoneAt.is_null())
        .to_owned();
    if txn.execute(&q).await.map_err(internal)?.rows_affected() != 1 {
        return Err(AppError::invalid("merge", "has already been undone"));
    }
    audit::record(
        &txn,
        Some(actor),
        kind.as_str(),
        survivor.id(),
        "unmerge",
        Some(&survivor.to_json()),
        Some(&restored.with(json!({
            "merge_id": merge_id,
            "restored_ids": merged.iter().map(Snapshot::id).collect::<Vec<_>>(),
        }))),
    )
    .await?;
    for (before, after) in merged.iter().zip(&back) {
        audit::record(
            &txn,
            Some(actor),
            kind.as_str(),
            before.id(),
            "unmerge",
            Some(&before.to_json()),
            Some(&after.with(json!({ "merge_id": merge_id }))),
        )
        .await?;
    }
    let row = merge::Entity::find_by_id(merge_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("merge"))?;
    let summary = summaries(&txn, vec![Stored::read(row)?]).await?.remove(0);
    txn.commit().await.map_err(internal)?;
    let mut ids = vec![survivor.id()];
    ids.extend(merged.iter().map(Snapshot::id));
    super::publish_deal_cards(store, actor, kind, &ids).await;
    Ok(summary)
}

/// The latest merges of `kind` whose survivor the actor can see, newest
/// first.
pub async fn history(
    store: &Store,
    actor: &Actor,
    kind: MergeKind,
) -> AppResult<Vec<MergeSummary>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let conn = store.conn();
    let rows = merge::Entity::find()
        .filter(merge::Column::Kind.eq(kind.as_str()))
        .order_by_desc(merge::Column::CreatedAt)
        .order_by_desc(merge::Column::Id)
        .limit(HISTORY)
        .all(conn)
        .await
        .map_err(internal)?;
    let stored = rows
        .into_iter()
        .map(Stored::read)
        .collect::<AppResult<Vec<_>>>()?;
    let mut out = summaries(conn, stored).await?;
    let survivors: Vec<i64> = out.iter().map(|s| s.survivor.id).collect();
    let current = current(conn, kind, &survivors).await?;
    out.retain(|s| {
        current.get(&s.survivor.id).is_some_and(|c| {
            authorize(
                actor,
                Action::Read,
                crate::store::customers::common::record(c.owner_id, c.team_id),
            )
            .is_ok()
        })
    });
    Ok(out)
}

/// A record's state now, as the history needs it.
struct Current {
    name: String,
    version: i64,
    owner_id: Option<i64>,
    team_id: Option<i64>,
    deleted: bool,
}

type CurrentRow = (
    i64,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<DateTime<Utc>>,
);

async fn current<C: ConnectionTrait>(
    conn: &C,
    kind: MergeKind,
    ids: &[i64],
) -> AppResult<HashMap<i64, Current>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(1_000) {
        let q = Query::select()
            .columns(["id", "name", "version", "owner_id", "team_id", "deleted_at"].map(Alias::new))
            .from(Alias::new(table(kind)))
            .and_where(Expr::col(Alias::new("id")).is_in(chunk.iter().copied()))
            .to_owned();
        for r in conn.query_all(&q).await.map_err(internal)? {
            let (id, name, version, owner_id, team_id, deleted_at): CurrentRow = (
                r.try_get("", "id").map_err(internal)?,
                r.try_get("", "name").map_err(internal)?,
                r.try_get("", "version").map_err(internal)?,
                r.try_get("", "owner_id").map_err(internal)?,
                r.try_get("", "team_id").map_err(internal)?,
                r.try_get("", "deleted_at").map_err(internal)?,
            );
            out.insert(
                id,
                Current {
                    name,
                    version,
                    owner_id,
                    team_id,
                    deleted: deleted_at.is_some(),
                },
            );
        }
    }
    Ok(out)
}

async fn summaries<C: ConnectionTrait>(
    conn: &C,
    stored: Vec<Stored>,
) -> AppResult<Vec<MergeSummary>> {
    let Some(kind) = stored.first().map(|s| s.kind) else {
        return Ok(Vec::new());
    };
    // Collected before the awaits (see `queue::duplicates`).
    let ids: Vec<i64> = stored
        .iter()
        .flat_map(|s| std::iter::once(s.row.survivor_id).chain(s.merged.iter().map(|m| m.0.id())))
        .collect();
    let current = current(conn, kind, &ids).await?;
    let users: Vec<Option<i64>> = stored
        .iter()
        .flat_map(|s| [s.row.actor_id, s.row.undone_by])
        .collect();
    let names = Names::load(conn, users, []).await?;
    Ok(stored
        .into_iter()
        .map(|s| {
            let survivor = current.get(&s.row.survivor_id);
            let undoable = s.row.undone_at.is_none()
                && survivor.is_some_and(|c| !c.deleted && c.version == s.row.survivor_version)
                && s.merged.iter().all(|(m, version_after)| {
                    current
                        .get(&m.id())
                        .is_some_and(|c| c.deleted && c.version == *version_after)
                });
            MergeSummary {
                id: s.row.id,
                kind: s.kind,
                survivor: Named {
                    id: s.row.survivor_id,
                    name: survivor
                        .map(|c| c.name.clone())
                        .unwrap_or_else(|| s.survivor_before.name().to_owned()),
                },
                merged: s
                    .merged
                    .iter()
                    .map(|(m, _)| Named {
                        id: m.id(),
                        name: m.name().to_owned(),
                    })
                    .collect(),
                moved: s.moved.counts(),
                actor: names.user(s.row.actor_id),
                created_at: s.row.created_at,
                undone_at: s.row.undone_at,
                undone_by: names.user(s.row.undone_by),
                undoable,
            }
        })
        .collect())
}
