//! Sign-in: password check, per-account throttling, and resolving the user
//! behind a session on every request.

use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::db::internal;
use super::entity::{team, user};
use super::password::PasswordHash;
use super::users::{actor_of, load_view, view};
use super::{Store, audit};
use crate::domain::user::{UserView, normalize_username};
use crate::domain::{Actor, AppError, AppResult};

/// Failed sign-ins allowed before the account is throttled.
pub const FREE_ATTEMPTS: i32 = 5;
/// Longest throttle after repeated failures.
const MAX_LOCK_SECS: i64 = 15 * 60;

/// Checks a username and password. Throttles an account after
/// [`FREE_ATTEMPTS`] consecutive failures (doubling, up to 15 minutes);
/// an unknown username costs the same argon2 work as a known one.
pub async fn authenticate(store: &Store, username: &str, password: &str) -> AppResult<UserView> {
    let username = normalize_username(username);
    let found = user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .one(store.conn())
        .await
        .map_err(internal)?;
    let Some(u) = found else {
        // Same work as a real check, so timing does not reveal usernames.
        let _ = PasswordHash::from_stored(DUMMY_HASH.to_owned())
            .verify(password)
            .await;
        return Err(AppError::BadCredentials);
    };
    let now = Utc::now();
    if let Some(until) = u.locked_until
        && until > now
    {
        return Err(AppError::TooManyAttempts {
            retry_after_secs: (until - now).num_seconds().max(1) as u64,
        });
    }
    let ok = PasswordHash::from_stored(u.password_hash.clone())
        .verify(password)
        .await;
    if ok && u.active {
        record_attempt(store, &u, Some(&actor_of(&u)), 0, None, "sign_in").await?;
        return load_view(store.conn(), u.id).await;
    }
    // Failure (wrong password, or a disabled account — not said which).
    let failures = u.failed_logins + 1;
    let locked_until = (failures >= FREE_ATTEMPTS).then(|| {
        let secs = (30i64 << (failures - FREE_ATTEMPTS).min(10)).min(MAX_LOCK_SECS);
        now + Duration::seconds(secs)
    });
    record_attempt(store, &u, None, failures, locked_until, "sign_in_failed").await?;
    tracing::warn!(username = %u.username.escape_debug(), failures, "failed sign-in");
    match locked_until {
        Some(until) => Err(AppError::TooManyAttempts {
            retry_after_secs: (until - now).num_seconds().max(1) as u64,
        }),
        None => Err(AppError::BadCredentials),
    }
}

/// Stores a sign-in outcome — the failure count and any lock on the user
/// row, and an audit entry — in one transaction.
async fn record_attempt(
    store: &Store,
    u: &user::Model,
    actor: Option<&Actor>,
    failures: i32,
    locked_until: Option<chrono::DateTime<Utc>>,
    action: &str,
) -> AppResult<()> {
    let txn = store.write().await?;
    user::Entity::update_many()
        .col_expr(user::Column::FailedLogins, Expr::value(failures))
        .col_expr(user::Column::LockedUntil, Expr::value(locked_until))
        .filter(user::Column::Id.eq(u.id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    audit::record(&txn, actor, "user", u.id, action, None::<&()>, None::<&()>).await?;
    txn.commit().await.map_err(internal)
}

/// The acting user behind a session's user id, if it still exists and is
/// active. Called on every request that carries a session.
pub async fn resolve_session_user(
    store: &Store,
    user_id: i64,
) -> AppResult<Option<(Actor, UserView)>> {
    let found = user::Entity::find_by_id(user_id)
        .find_also_related(team::Entity)
        .one(store.conn())
        .await
        .map_err(internal)?;
    Ok(found
        .filter(|(u, _)| u.active)
        .map(|(u, t)| (actor_of(&u), view(u, t))))
}

/// An argon2id hash of a random string nobody knows, for constant work.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2ZJtDfyqYwFXaxTxhvx4xVJhwWfaD6LUp5S0gcM0sgE";
