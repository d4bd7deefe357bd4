//! The service desk's levels (targets per priority, calendar, UTC offset):
//! one setting, read by every ticket view, changed by admins.

use sea_orm::ConnectionTrait;

use crate::domain::service::ServiceLevels;
use crate::domain::{Action, Actor, AppResult, Module, Resource, authorize};
use crate::store::db::internal;
use crate::store::{Store, audit, settings};

const KEY: &str = "service_levels";

/// The levels and their version (0: never saved, the defaults).
pub async fn current<C: ConnectionTrait>(conn: &C) -> AppResult<(ServiceLevels, i64)> {
    settings::get(conn, KEY).await
}

/// Whoever reads tickets may read the levels their clocks follow.
pub async fn get(store: &Store, actor: &Actor) -> AppResult<(ServiceLevels, i64)> {
    authorize(actor, Action::Read, Resource::Module(Module::Service))?;
    current(store.conn()).await
}

/// Admins only; compare-and-set on the setting's version.
pub async fn set(
    store: &Store,
    actor: &Actor,
    new: ServiceLevels,
    version: i64,
) -> AppResult<(ServiceLevels, i64)> {
    authorize(actor, Action::Update, Resource::Module(Module::Admin))?;
    let new = new.validated()?;
    let txn = store.write().await?;
    let (old, _) = current(&txn).await?;
    let saved = settings::put(&txn, KEY, &new, version).await?;
    audit::record(
        &txn,
        Some(actor),
        "service_levels",
        KEY,
        "update",
        Some(&old),
        Some(&new),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok((new, saved))
}
