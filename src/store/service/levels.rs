//! The service desk's levels (targets per priority, calendar, UTC offset):
//! one setting, read by every ticket view, changed by admins.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::domain::service::ServiceLevels;
use crate::domain::{Action, Actor, AppResult, Module, Resource, authorize};
use crate::store::customers::common::conflict;
use crate::store::db::internal;
use crate::store::entity::setting;
use crate::store::{Store, audit};

const KEY: &str = "service_levels";

/// The levels and their version (0: never saved, the defaults).
pub async fn current<C: ConnectionTrait>(conn: &C) -> AppResult<(ServiceLevels, i64)> {
    let row = setting::Entity::find_by_id(KEY.to_owned())
        .one(conn)
        .await
        .map_err(internal)?;
    Ok(match row {
        Some(r) => (
            serde_json::from_str(&r.value).unwrap_or_default(),
            r.version,
        ),
        None => (ServiceLevels::default(), 0),
    })
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
    let (old, current_version) = current(&txn).await?;
    if current_version != version {
        return Err(conflict("service_levels", current_version));
    }
    let value = serde_json::to_string(&new).map_err(internal)?;
    if current_version == 0 {
        setting::ActiveModel {
            key: Set(KEY.to_owned()),
            value: Set(value),
            version: Set(1),
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
    } else {
        setting::Entity::update_many()
            .col_expr(setting::Column::Value, Expr::value(value))
            .col_expr(
                setting::Column::Version,
                Expr::col(setting::Column::Version).add(1),
            )
            .filter(setting::Column::Key.eq(KEY))
            .exec(&txn)
            .await
            .map_err(internal)?;
    }
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
    Ok((new, current_version + 1))
}
