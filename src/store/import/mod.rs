//! Importing files (issue 7): the dry run, the all-or-nothing commit, the
//! import history and undo. The file is read and its rows checked by
//! `domain::import` (the same code the browser previews with); this
//! module resolves names against the database, finds duplicates, checks
//! permissions per record and writes.
//!
//! One transaction per commit: the plan is built again inside it, so a
//! record changed between the dry run and the commit is seen, and any
//! failure — a row error without `skip_errors`, a refused permission, a
//! conflict, a database error — leaves the database as it was.

mod activities;
mod batch;
mod directory;
mod leads;
mod plan;
mod undo;
mod write;

use chrono::Utc;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::domain::import::{
    Committed, Counts, Decisions, DryRun, ImportSummary, Kind, Mapping, Table,
};
use crate::domain::{Actor, AppError, AppResult, Role};
use crate::store::db::internal;
use crate::store::entity::import;
use crate::store::{Store, audit};

pub use plan::authorize_import;
pub use undo::undo;
pub use write::NO_PASSWORD;

fn check_kind(kind: Kind, mapping: &Mapping) -> AppResult<()> {
    if kind != mapping.kind {
        return Err(AppError::invalid(
            "mapping",
            format!("is for {:?}, not {kind:?}", mapping.kind),
        ));
    }
    Ok(())
}

/// What a commit with these decisions would do, without writing anything.
pub async fn dry_run(
    store: &Store,
    actor: &Actor,
    kind: Kind,
    table: &Table,
    mapping: &Mapping,
    decisions: &Decisions,
) -> AppResult<DryRun> {
    authorize_import(actor, kind)?;
    check_kind(kind, mapping)?;
    let p = plan::build(store.conn(), actor, table, mapping, decisions).await?;
    let mut also_created: Vec<String> = p.new_teams.iter().map(|t| format!("team {t}")).collect();
    also_created.extend(
        p.new_managers
            .iter()
            .map(|m| format!("user {}", m.display_name)),
    );
    Ok(DryRun {
        kind,
        counts: p.counts,
        errors: p.errors,
        duplicates: p.groups,
        also_created,
    })
}

/// Writes the import in one transaction and records it in the history.
/// Rows with errors refuse the whole import unless `decisions.skip_errors`.
pub async fn commit(
    store: &Store,
    actor: &Actor,
    kind: Kind,
    file_name: &str,
    table: &Table,
    mapping: &Mapping,
    decisions: &Decisions,
) -> AppResult<Committed> {
    authorize_import(actor, kind)?;
    check_kind(kind, mapping)?;
    let txn = store.write().await?;
    let p = plan::build(&txn, actor, table, mapping, decisions).await?;
    if !p.errors.is_empty() && !decisions.skip_errors {
        return Err(AppError::invalid(
            "file",
            format!(
                "{} of {} rows have errors (first: row {}, {}: {}); fix them or skip them",
                p.counts.error,
                table.rows.len(),
                p.errors[0].row,
                p.errors[0].column,
                p.errors[0].reason
            ),
        ));
    }
    let now = Utc::now();
    let imp = import::ActiveModel {
        kind: Set(format!("{kind:?}")),
        file_name: Set(file_name.to_owned()),
        actor_id: Set(Some(actor.user_id)),
        created: Set(count(p.counts.create)),
        updated: Set(count(p.counts.update)),
        skipped: Set(count(p.counts.skip)),
        failed: Set(count(p.counts.error)),
        mapping: Set(serde_json::to_string(mapping).unwrap_or_default()),
        status: Set("done".to_owned()),
        created_at: Set(now),
        undone_at: Set(None),
        undone_by: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let mut journal = write::Journal::new(imp.id, *actor);
    write::apply(&txn, store, &p, &mut journal).await?;
    journal.flush(&txn).await?;
    audit::record(
        &txn,
        Some(actor),
        "import",
        imp.id,
        "commit",
        None::<&()>,
        Some(&serde_json::json!({
            "kind": imp.kind, "file": file_name, "counts": p.counts,
            "also_created": p.new_teams.len() + p.new_managers.len(),
        })),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(Committed {
        import_id: imp.id,
        counts: p.counts,
        errors: p.errors,
    })
}

fn count(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// Imports, newest first: all of them for admins, one's own for others.
pub async fn history(store: &Store, actor: &Actor) -> AppResult<Vec<ImportSummary>> {
    let mut q = import::Entity::find().order_by_desc(import::Column::Id);
    if actor.role != Role::Admin {
        q = q.filter(import::Column::ActorId.eq(actor.user_id));
    }
    Ok(q.all(store.conn())
        .await
        .map_err(internal)?
        .iter()
        .map(summary)
        .collect())
}

pub(crate) fn kind_of(stored: &str) -> AppResult<Kind> {
    Kind::ALL
        .into_iter()
        .find(|k| format!("{k:?}") == stored)
        .ok_or_else(|| AppError::Internal(format!("unknown import kind {stored}")))
}

pub(crate) fn summary(m: &import::Model) -> ImportSummary {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    ImportSummary {
        id: m.id,
        kind: kind_of(&m.kind).unwrap_or(Kind::Accounts),
        file_name: m.file_name.clone(),
        actor_id: m.actor_id,
        counts: Counts {
            create: n(m.created),
            update: n(m.updated),
            skip: n(m.skipped),
            error: n(m.failed),
        },
        undone: m.status == "undone",
        created_at: m.created_at,
        undone_at: m.undone_at,
    }
}
