//! Settings an admin edits (grading rules, service levels): one JSON
//! value per key, versioned so two admins saving at once get a conflict
//! rather than one silently losing.

use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::domain::AppResult;
use crate::store::customers::common::conflict;
use crate::store::db::internal;
use crate::store::entity::setting;

/// The value under `key` and its version; the default and version 0 when
/// it was never saved (or no longer reads as `T`).
pub async fn get<C: ConnectionTrait, T: DeserializeOwned + Default>(
    conn: &C,
    key: &str,
) -> AppResult<(T, i64)> {
    let row = setting::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await
        .map_err(internal)?;
    Ok(match row {
        Some(r) => (
            serde_json::from_str(&r.value).unwrap_or_default(),
            r.version,
        ),
        None => (T::default(), 0),
    })
}

/// Saves `value` under `key` if the stored version is still `version`
/// (0: never saved); returns the new version. Call inside the caller's
/// transaction, with the audit row beside it.
pub async fn put<C: ConnectionTrait, T: Serialize>(
    conn: &C,
    key: &str,
    value: &T,
    version: i64,
) -> AppResult<i64> {
    let current = setting::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await
        .map_err(internal)?
        .map_or(0, |r| r.version);
    if current != version {
        return Err(conflict(key, current));
    }
    let text = serde_json::to_string(value).map_err(internal)?;
    if current == 0 {
        setting::ActiveModel {
            key: Set(key.to_owned()),
            value: Set(text),
            version: Set(1),
        }
        .insert(conn)
        .await
        .map_err(internal)?;
    } else {
        setting::Entity::update_many()
            .col_expr(setting::Column::Value, Expr::value(text))
            .col_expr(
                setting::Column::Version,
                Expr::col(setting::Column::Version).add(1),
            )
            .filter(setting::Column::Key.eq(key))
            .exec(conn)
            .await
            .map_err(internal)?;
    }
    Ok(current + 1)
}
