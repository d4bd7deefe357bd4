//! Live plan updates: every committed batch is published as a
//! [`PlanEvent`]; the server streams a project's events to its open
//! plans (SSE, `/api/projects/{id}/events`).
//!
//! The same design as the board's (`sales::events`): a broadcast channel
//! per process; on PostgreSQL the event goes through `pg_notify` on
//! `cairn_plan` and every instance's listener relays it locally.
//! PostgreSQL refuses a notification payload over 8000 bytes, so a batch
//! that wrote many rows is announced without its rows: its digest then
//! differs from what the other browsers show and they reload the plan.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Statement};
use tokio::sync::{broadcast, watch};

pub use crate::domain::project::PlanEvent;
use crate::store::{Backend, Store};

pub const CHANNEL: &str = "cairn_plan";

/// Below PostgreSQL's 8000-byte payload limit, with room to spare.
const MAX_PAYLOAD: usize = 7_500;

const CAPACITY: usize = 1024;

#[derive(Debug)]
pub struct PlanHub {
    tx: broadcast::Sender<PlanEvent>,
    /// The PostgreSQL listener is connected (always true on SQLite).
    listening: watch::Sender<bool>,
}

impl PlanHub {
    pub fn new(backend: Backend) -> PlanHub {
        PlanHub {
            tx: broadcast::channel(CAPACITY).0,
            listening: watch::channel(backend == Backend::Sqlite).0,
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<PlanEvent> {
        self.tx.subscribe()
    }

    /// Waits until changes made now will be heard.
    pub async fn ready(&self) {
        let mut rx = self.listening.subscribe();
        let _ = rx.wait_for(|l| *l).await;
    }

    fn listening(&self) {
        self.listening.send_replace(true);
    }

    fn send(&self, e: PlanEvent) {
        // Nobody has the plan open: not an error.
        let _ = self.tx.send(e);
    }
}

/// The notification text: the event, or the event without its rows when
/// it would not fit.
fn payload(event: &PlanEvent) -> Option<String> {
    let full = serde_json::to_string(event).ok()?;
    if full.len() <= MAX_PAYLOAD {
        return Some(full);
    }
    serde_json::to_string(&PlanEvent {
        tasks: Vec::new(),
        links: Vec::new(),
        ..event.clone()
    })
    .ok()
}

/// Publishes a committed batch. Failing to notify never fails the batch
/// (it is logged): the data is saved, only liveness suffers.
pub async fn publish(store: &Store, event: PlanEvent) {
    match store.backend() {
        Backend::Sqlite => store.plans().send(event),
        Backend::Postgres => {
            let Some(text) = payload(&event) else {
                tracing::error!("plan event not serialisable");
                return;
            };
            let sent = store
                .conn()
                .execute_raw(Statement::from_sql_and_values(
                    store.conn().get_database_backend(),
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), text.into()],
                ))
                .await;
            if let Err(e) = sent {
                tracing::warn!(error = %e, "pg_notify failed; relaying locally only");
                store.plans().send(event);
            }
        }
    }
}

/// On PostgreSQL, relays `cairn_plan` notifications into this process's
/// hub for as long as the process lives. Nothing to do on SQLite.
pub fn spawn_listener(store: &Store) {
    if store.backend() != Backend::Postgres {
        return;
    }
    let store = store.clone();
    tokio::spawn(async move {
        let mut backoff = Duration::from_millis(200);
        loop {
            match listen(&store).await {
                Ok(()) => return,
                Err(e) => {
                    tracing::warn!(error = %e, "plan listener lost its connection; retrying");
                    tokio::time::sleep(backoff).await;
                    backoff = (backoff * 2).min(Duration::from_secs(10));
                }
            }
        }
    });
}

async fn listen(store: &Store) -> Result<(), sea_orm::sqlx::Error> {
    use sea_orm::sqlx::postgres::PgListener;
    let pool = store.conn().get_postgres_connection_pool();
    let mut listener = PgListener::connect_with(pool).await?;
    listener.listen(CHANNEL).await?;
    store.plans().listening();
    loop {
        let n = listener.recv().await?;
        match serde_json::from_str::<PlanEvent>(n.payload()) {
            Ok(e) => store.plans().send(e),
            Err(e) => tracing::warn!(error = %e, "unreadable plan notification"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::TaskRow;

    #[test]
    fn a_large_event_travels_without_its_rows() {
        let row = |id| TaskRow {
            id,
            version: 1,
            parent: None,
            rank: "80".into(),
            name: "A task with a longish name".into(),
            duration_minutes: 480,
            percent_complete: 0,
            constraint: None,
            assignments: Vec::new(),
            deleted: false,
        };
        let small = PlanEvent {
            project_id: 1,
            user_id: 2,
            tasks: vec![row(1)],
            links: Vec::new(),
            digest: 42,
        };
        let p: PlanEvent = serde_json::from_str(&payload(&small).expect("json")).expect("back");
        assert_eq!(p, small);
        let big = PlanEvent {
            tasks: (0..500).map(row).collect(),
            ..small
        };
        let text = payload(&big).expect("json");
        assert!(text.len() <= MAX_PAYLOAD);
        let p: PlanEvent = serde_json::from_str(&text).expect("back");
        assert!(p.tasks.is_empty());
        assert_eq!(p.digest, 42);
    }
}
