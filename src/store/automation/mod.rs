//! Automation (issue 8): rules edited by an administrator, run inside the
//! transaction of the change that fired them (`run::fire`), time-based
//! triggers swept once a minute (`sweep`), and the in-app notifications
//! rules send (`notifications`), announced live on the board's hub.

pub mod notifications;
mod record;
pub mod rules;
pub mod run;
pub mod sweep;

pub use run::{Fired, announce, fire};

use sea_orm::ConnectionTrait;

use crate::domain::automation::{Chain, Event, Subject};
use crate::domain::{Actor, AppResult};

/// Fires the rules each of `events` wakes on the record, in order, inside
/// the caller's transaction; announce the result after the commit.
pub(crate) async fn on<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    events: &[Event],
    subject: Subject,
    id: i64,
) -> AppResult<Fired> {
    let mut all = Fired::default();
    for e in events {
        all.merge(fire(conn, actor, e.clone(), subject, id, Chain::default()).await?);
    }
    Ok(all)
}
