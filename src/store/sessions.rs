//! Browser sessions in the database, through tower-sessions.
//!
//! tower-sessions owns the cookie, id generation (128 random bits), expiry on
//! inactivity and id rotation (`Session::cycle_id` on sign-in). This store
//! keeps the records in our one pool (no second database connection), stores
//! only a SHA-256 of each id (a leaked table does not leak live sessions),
//! and copies the signed-in user's id into its own column so that disabling
//! a user or changing a password ends *all* their sessions with one delete.

use async_trait::async_trait;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use tower_sessions::session::{Id, Record};
use tower_sessions::{SessionStore, session_store};

use super::Store;
use super::db::internal;
use super::entity::session;
use crate::domain::AppResult;

/// Session data key holding the signed-in user's id.
pub const USER_KEY: &str = "uid";
/// Session data key holding the sign-in time (unix seconds), for the
/// absolute timeout.
pub const SIGNED_IN_AT_KEY: &str = "iat";

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    store: Store,
}

impl DbSessionStore {
    pub fn new(store: Store) -> Self {
        Self { store }
    }
}

fn key(id: &Id) -> String {
    hex::encode(Sha256::digest(id.to_string().as_bytes()))
}

fn backend<E: std::fmt::Display>(e: E) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn row(record: &Record) -> session_store::Result<session::ActiveModel> {
    let data = serde_json::to_string(&record.data)
        .map_err(|e| session_store::Error::Encode(e.to_string()))?;
    Ok(session::ActiveModel {
        id: Set(key(&record.id)),
        user_id: Set(record.data.get(USER_KEY).and_then(|v| v.as_i64())),
        data: Set(data),
        expires_at: Set(record.expiry_date.unix_timestamp()),
    })
}

#[async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let db = self.store.conn();
        while session::Entity::find_by_id(key(&record.id))
            .one(db)
            .await
            .map_err(backend)?
            .is_some()
        {
            record.id = Id::default();
        }
        session::Entity::insert(row(record)?)
            .exec(db)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        session::Entity::insert(row(record)?)
            .on_conflict(
                OnConflict::column(session::Column::Id)
                    .update_columns([
                        session::Column::UserId,
                        session::Column::Data,
                        session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec(self.store.conn())
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let now = time::OffsetDateTime::now_utc().unix_timestamp();
        let Some(found) = session::Entity::find_by_id(key(id))
            .filter(session::Column::ExpiresAt.gt(now))
            .one(self.store.conn())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let data = serde_json::from_str(&found.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = time::OffsetDateTime::from_unix_timestamp(found.expires_at)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        session::Entity::delete_by_id(key(id))
            .exec(self.store.conn())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Ends every session of `user_id` (disable, password change).
pub async fn end_all_for_user<C: ConnectionTrait>(conn: &C, user_id: i64) -> AppResult<u64> {
    let res = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await
        .map_err(internal)?;
    Ok(res.rows_affected)
}

/// Number of live sessions of `user_id` (tests, admin view).
pub async fn count_for_user(store: &Store, user_id: i64) -> AppResult<u64> {
    use sea_orm::PaginatorTrait;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAt.gt(now))
        .count(store.conn())
        .await
        .map_err(internal)
}

/// Deletes expired rows; run periodically by the server.
pub async fn delete_expired(store: &Store) -> AppResult<u64> {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let res = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(store.conn())
        .await
        .map_err(internal)?;
    Ok(res.rows_affected)
}
