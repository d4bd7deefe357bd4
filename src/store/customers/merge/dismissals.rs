//! "Not duplicates": pairs of records people said are different, left
//! out of the review queue; listed by when they were marked, and taken
//! back (the pair is proposed again) by anyone who may edit the records.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::json;

use super::Snapshot;
use crate::domain::customer::Named;
use crate::domain::customer::merge::{Dismissal, MergeKind, validate_dismissal};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::customers::common::{Names, authorize_read};
use crate::store::db::internal;
use crate::store::entity::duplicate_dismissal;
use crate::store::{Store, audit};

/// Marks listed at most (the newest).
const LISTED: usize = 50;

/// The pairs of `kind` people said are not duplicates.
pub(super) async fn dismissed<C: ConnectionTrait>(
    conn: &C,
    kind: MergeKind,
) -> AppResult<HashSet<(i64, i64)>> {
    let pairs: Vec<(i64, i64)> = duplicate_dismissal::Entity::find()
        .select_only()
        .columns([
            duplicate_dismissal::Column::LowId,
            duplicate_dismissal::Column::HighId,
        ])
        .filter(duplicate_dismissal::Column::Kind.eq(kind.as_str()))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    Ok(pairs.into_iter().collect())
}

/// Remembers that `ids` (two or more records of `kind`) are not
/// duplicates of each other: every pair of them is left out of the
/// queue from now on. The actor must be allowed to edit each of them, as
/// for a merge.
#[tracing::instrument(skip(store))]
pub async fn dismiss(
    store: &Store,
    actor: &Actor,
    kind: MergeKind,
    ids: Vec<i64>,
) -> AppResult<()> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Customers)?;
    validate_dismissal(&ids)?;
    let txn = store.write().await?;
    let mut records = Vec::with_capacity(ids.len());
    for &id in &ids {
        records.push(Snapshot::load(&txn, kind, id).await?);
    }
    for r in &records {
        r.authorize_edit(actor)?;
    }
    let now = Utc::now();
    let mut q = Query::insert();
    q.into_table(duplicate_dismissal::Entity)
        .columns([
            duplicate_dismissal::Column::Kind,
            duplicate_dismissal::Column::LowId,
            duplicate_dismissal::Column::HighId,
            duplicate_dismissal::Column::ActorId,
            duplicate_dismissal::Column::CreatedAt,
        ])
        .on_conflict(
            OnConflict::columns([
                duplicate_dismissal::Column::Kind,
                duplicate_dismissal::Column::LowId,
                duplicate_dismissal::Column::HighId,
            ])
            .do_nothing()
            .to_owned(),
        );
    for (i, &a) in ids.iter().enumerate() {
        for &b in &ids[i + 1..] {
            q.values_panic([
                kind.as_str().into(),
                Ord::min(a, b).into(),
                Ord::max(a, b).into(),
                actor.user_id.into(),
                now.into(),
            ]);
        }
    }
    txn.execute(&q).await.map_err(internal)?;
    for r in &records {
        let others: Vec<i64> = ids.iter().copied().filter(|&id| id != r.id()).collect();
        audit::record(
            &txn,
            Some(actor),
            kind.as_str(),
            r.id(),
            "not_duplicates",
            None::<&()>,
            Some(&json!({ "not_duplicates_of": others })),
        )
        .await?;
    }
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// The newest marks of `kind`, each the records marked together in one
/// go, newest first. A mark shows only when all its records are live and
/// visible to the actor: one merged away or deleted no longer matters,
/// one out of sight is not shown.
#[tracing::instrument(skip(store))]
pub async fn dismissals(
    store: &Store,
    actor: &Actor,
    kind: MergeKind,
) -> AppResult<Vec<Dismissal>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let conn = store.conn();
    let rows = duplicate_dismissal::Entity::find()
        .filter(duplicate_dismissal::Column::Kind.eq(kind.as_str()))
        .order_by_desc(duplicate_dismissal::Column::CreatedAt)
        .order_by_desc(duplicate_dismissal::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?;
    // One mark: the pairs written by one actor at one instant.
    let mut marks: Vec<(Option<i64>, DateTime<Utc>, Vec<i64>)> = Vec::new();
    for r in rows {
        let same = marks
            .last()
            .is_some_and(|(a, at, _)| *a == r.actor_id && *at == r.created_at);
        if !same {
            marks.push((r.actor_id, r.created_at, Vec::new()));
        }
        if let Some((_, _, ids)) = marks.last_mut() {
            for id in [r.low_id, r.high_id] {
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut seen: std::collections::HashMap<i64, Option<Named>> = std::collections::HashMap::new();
    for (actor_id, created_at, mut ids) in marks {
        if out.len() == LISTED {
            break;
        }
        ids.sort_unstable();
        let mut records = Vec::with_capacity(ids.len());
        let mut all_shown = true;
        for id in ids {
            let named = match seen.get(&id) {
                Some(n) => n.clone(),
                None => {
                    let n = visible(conn, actor, kind, id).await?;
                    seen.insert(id, n.clone());
                    n
                }
            };
            match named {
                Some(n) => records.push(n),
                None => {
                    all_shown = false;
                    break;
                }
            }
        }
        if !all_shown || records.len() < 2 {
            continue;
        }
        out.push(Dismissal {
            kind,
            records,
            actor: actor_id.map(|id| Named {
                id,
                name: String::new(),
            }),
            created_at,
        });
    }
    let names = Names::load(conn, out.iter().map(|d| d.actor.as_ref().map(|a| a.id)), []).await?;
    for d in &mut out {
        d.actor = names.user(d.actor.as_ref().map(|a| a.id));
    }
    Ok(out)
}

/// The record's name if it is live and the actor may see it.
async fn visible<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    kind: MergeKind,
    id: i64,
) -> AppResult<Option<Named>> {
    let snap = match Snapshot::load(conn, kind, id).await {
        Ok(s) => s,
        Err(AppError::NotFound { .. }) => return Ok(None),
        Err(e) => return Err(e),
    };
    let (owner, team) = snap.owner_and_team();
    if snap.deleted_at().is_some() || authorize_read(actor, owner, team, kind.as_str()).is_err() {
        return Ok(None);
    }
    Ok(Some(Named {
        id,
        name: snap.name().to_owned(),
    }))
}

/// Takes back "not duplicates" for `ids`: their pairs may be proposed
/// again. The actor must be allowed to edit each record, as to mark
/// them; nothing marked among them is "not found".
#[tracing::instrument(skip(store))]
pub async fn restore(
    store: &Store,
    actor: &Actor,
    kind: MergeKind,
    ids: Vec<i64>,
) -> AppResult<()> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Customers)?;
    validate_dismissal(&ids)?;
    let txn = store.write().await?;
    let mut records = Vec::with_capacity(ids.len());
    for &id in &ids {
        records.push(Snapshot::load(&txn, kind, id).await?);
    }
    for r in &records {
        r.authorize_edit(actor)?;
    }
    let mut deleted = 0;
    for (i, &a) in ids.iter().enumerate() {
        for &b in &ids[i + 1..] {
            deleted += duplicate_dismissal::Entity::delete_many()
                .filter(duplicate_dismissal::Column::Kind.eq(kind.as_str()))
                .filter(duplicate_dismissal::Column::LowId.eq(Ord::min(a, b)))
                .filter(duplicate_dismissal::Column::HighId.eq(Ord::max(a, b)))
                .exec(&txn)
                .await
                .map_err(internal)?
                .rows_affected;
        }
    }
    if deleted == 0 {
        return Err(AppError::invalid(
            "ids",
            "these records are not marked as not duplicates",
        ));
    }
    for r in &records {
        let others: Vec<i64> = ids.iter().copied().filter(|&id| id != r.id()).collect();
        audit::record(
            &txn,
            Some(actor),
            kind.as_str(),
            r.id(),
            "not_duplicates_undone",
            Some(&json!({ "not_duplicates_of": others })),
            None::<&()>,
        )
        .await?;
    }
    txn.commit().await.map_err(internal)?;
    Ok(())
}
