//! The merge: one transaction that checks every record, writes the
//! survivor's chosen values as an edit, moves what pointed at the others,
//! puts the others in the Trash, keeps what undo needs, and audits.

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;

use super::relations;
use super::{MergedBefore, Snapshot};
use crate::domain::customer::merge::{MergeInput, MergeOutcome, merged_account, merged_contact};
use crate::domain::customer::{AccountView, ContactView};
use crate::domain::{Actor, AppError, AppResult};
use crate::store::customers::{accounts, contacts};
use crate::store::db::internal;
use crate::store::entity::merge;
use crate::store::{Store, audit};

/// Folds `input.merged_ids` into `input.survivor_id`. Refused, with
/// nothing written: a malformed request (validation error naming the
/// field), a record the actor may not edit (forbidden; not found when
/// they cannot see it), a record in the Trash, a record whose version is
/// not the one in `input.versions` (conflict naming it), chosen values
/// that do not make a valid record.
#[tracing::instrument(skip(store, input), fields(kind = ?input.kind, survivor = input.survivor_id))]
pub async fn merge(store: &Store, actor: &Actor, input: MergeInput) -> AppResult<MergeOutcome> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Customers)?;
    input.validate()?;
    let kind = input.kind;
    let txn = store.write().await?;
    let mut records = Vec::with_capacity(input.merged_ids.len() + 1);
    for id in input.record_ids() {
        records.push(Snapshot::load(&txn, kind, id).await?);
    }
    for r in &records {
        r.authorize_edit(actor)?;
    }
    for (i, r) in records.iter().enumerate() {
        if r.deleted_at().is_some() {
            return Err(AppError::invalid(
                if i == 0 { "survivor_id" } else { "merged_ids" },
                format!("{} is in the Trash; restore it first", r.label()),
            ));
        }
        let seen = input.versions.get(&r.id()).copied().unwrap_or_default();
        if seen != r.version() {
            return Err(AppError::Conflict {
                entity: r.label(),
                current_version: r.version(),
            });
        }
    }
    let survivor = &records[0];
    let after = match survivor {
        Snapshot::Account(s) => {
            let views: Vec<AccountView> = records
                .iter()
                .filter_map(|r| match r {
                    Snapshot::Account(v) => Some(v.clone()),
                    Snapshot::Contact(_) => None,
                })
                .collect();
            let chosen = merged_account(&views, &input)?;
            // The latest activity of any of them: the survivor now has
            // their activities.
            let last = views.iter().filter_map(|v| v.last_activity_at).max();
            let extra: Vec<(&'static str, SimpleExpr)> = vec![("last_activity_at", last.into())];
            Snapshot::Account(
                accounts::write_edit(&txn, actor, s, s.version, &chosen, extra).await?,
            )
        }
        Snapshot::Contact(s) => {
            let views: Vec<ContactView> = records
                .iter()
                .filter_map(|r| match r {
                    Snapshot::Contact(v) => Some(v.clone()),
                    Snapshot::Account(_) => None,
                })
                .collect();
            let chosen = merged_contact(&views, &input)?;
            Snapshot::Contact(contacts::write_edit(&txn, actor, s, s.version, &chosen).await?)
        }
    };
    let moved = relations::move_to(&txn, kind, survivor.id(), &input.merged_ids).await?;
    let mut merged_before = Vec::with_capacity(records.len() - 1);
    let mut merged_after = Vec::with_capacity(records.len() - 1);
    for r in &records[1..] {
        let gone = r.set_deleted(&txn, r.version(), true).await?;
        merged_before.push(MergedBefore {
            view: r.to_json(),
            version_after: gone.version(),
        });
        merged_after.push(gone);
    }
    let row = merge::ActiveModel {
        kind: Set(kind.as_str().to_owned()),
        survivor_id: Set(survivor.id()),
        survivor_before: Set(survivor.to_json().to_string()),
        merged_before: Set(serde_json::to_string(&merged_before).map_err(internal)?),
        moved: Set(serde_json::to_string(&moved).map_err(internal)?),
        survivor_version: Set(after.version()),
        actor_id: Set(Some(actor.user_id)),
        created_at: Set(Utc::now()),
        undone_at: Set(None),
        undone_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let counts = moved.counts();
    audit::record(
        &txn,
        Some(actor),
        kind.as_str(),
        survivor.id(),
        "merge",
        Some(&survivor.to_json()),
        Some(&after.with(json!({
            "merge_id": row.id,
            "merged_ids": input.merged_ids,
            "moved": counts,
        }))),
    )
    .await?;
    for (before, gone) in records[1..].iter().zip(&merged_after) {
        audit::record(
            &txn,
            Some(actor),
            kind.as_str(),
            before.id(),
            "merged_into",
            Some(&before.to_json()),
            Some(&gone.with(json!({
                "merge_id": row.id,
                "survivor_id": survivor.id(),
            }))),
        )
        .await?;
    }
    txn.commit().await.map_err(internal)?;
    super::publish_deal_cards(store, actor, kind, &input.record_ids()).await;
    Ok(MergeOutcome {
        merge_id: row.id,
        kind,
        survivor_id: survivor.id(),
        survivor_version: after.version(),
        merged_ids: input.merged_ids,
        moved: counts,
    })
}
