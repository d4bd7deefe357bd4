//! A user's in-app notifications: the newest, how many are unread, and
//! marking them read. Nobody reads another's.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::automation::{Inbox, NotificationView};
use crate::domain::{Actor, AppResult};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::notification;

/// The bell shows this many.
const SHOWN: u64 = 20;

pub async fn inbox(store: &Store, actor: &Actor) -> AppResult<Inbox> {
    let conn = store.conn();
    let mine =
        || notification::Entity::find().filter(notification::Column::UserId.eq(actor.user_id));
    let unread = mine()
        .filter(notification::Column::ReadAt.is_null())
        .count(conn)
        .await
        .map_err(internal)?;
    let items = mine()
        .order_by_desc(notification::Column::Id)
        .limit(SHOWN)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|n| NotificationView {
            id: n.id,
            title: n.title,
            body: n.body,
            link: n.link,
            read: n.read_at.is_some(),
            created_at: n.created_at,
        })
        .collect();
    Ok(Inbox { unread, items })
}

/// Marks the actor's notifications read: those named, or all.
pub async fn mark_read(store: &Store, actor: &Actor, ids: Option<Vec<i64>>) -> AppResult<u64> {
    let mut q = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(actor.user_id))
        .filter(notification::Column::ReadAt.is_null());
    if let Some(ids) = ids {
        q = q.filter(notification::Column::Id.is_in(ids));
    }
    Ok(q.exec(store.conn()).await.map_err(internal)?.rows_affected)
}

/// Leaves a notice for `user_id` if they are an active user, worded in
/// their language by `text` (title, body) — inside the caller's
/// transaction, so the notice and the change it tells of land together.
pub(crate) async fn tell<C: sea_orm::ConnectionTrait>(
    conn: &C,
    user_id: i64,
    link: &str,
    text: impl Fn(crate::domain::Language) -> (String, String),
) -> AppResult<()> {
    use sea_orm::{ActiveModelTrait, Set};
    let Some(u) = crate::store::entity::user::Entity::find_by_id(user_id)
        .one(conn)
        .await
        .map_err(internal)?
        .filter(|u| u.active)
    else {
        return Ok(());
    };
    let (title, body) = text(crate::domain::Language::from_tag(&u.language).unwrap_or_default());
    notification::ActiveModel {
        user_id: Set(u.id),
        title: Set(title),
        body: Set(body),
        link: Set(link.to_owned()),
        rule_id: Set(None),
        read_at: Set(None),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    Ok(())
}
