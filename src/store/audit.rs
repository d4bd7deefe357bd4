//! The audit log: every mutation records who, when, what, before and after,
//! in the same transaction as the change itself.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::db::internal;
use super::entity::audit_log;
use crate::domain::{Actor, AppResult};

/// Records one mutation. `before`/`after` are serialised snapshots (JSON);
/// callers pass views without secrets.
pub async fn record<C: ConnectionTrait, B: Serialize, A: Serialize>(
    conn: &C,
    actor: Option<&Actor>,
    entity: &str,
    entity_id: impl ToString,
    action: &str,
    before: Option<&B>,
    after: Option<&A>,
) -> AppResult<()> {
    audit_log::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor.map(|a| a.user_id)),
        entity: Set(entity.to_owned()),
        entity_id: Set(entity_id.to_string()),
        action: Set(action.to_owned()),
        before: Set(before.map(json)),
        after: Set(after.map(json)),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// Records an event that is not part of a change (a refused request), in
/// a transaction of its own.
pub async fn record_alone<A: Serialize>(
    store: &super::Store,
    actor: Option<&Actor>,
    entity: &str,
    entity_id: impl ToString,
    action: &str,
    what: &A,
) -> AppResult<()> {
    record::<_, (), A>(
        store.conn(),
        actor,
        entity,
        entity_id,
        action,
        None,
        Some(what),
    )
    .await
}

/// A snapshot as JSON text; a snapshot that cannot be serialised is
/// recorded as such rather than failing the user's change.
fn json<T: Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_else(|e| format!("{{\"unserialisable\":\"{e}\"}}"))
}

/// One audit row as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub actor_id: Option<i64>,
    pub action: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// The history of one record, oldest first.
pub async fn history<C: ConnectionTrait>(
    conn: &C,
    entity: &str,
    entity_id: &str,
) -> AppResult<Vec<Entry>> {
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq(entity))
        .filter(audit_log::Column::EntityId.eq(entity_id))
        .order_by_asc(audit_log::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|r| Entry {
            actor_id: r.actor_id,
            action: r.action,
            before: r.before,
            after: r.after,
        })
        .collect())
}
