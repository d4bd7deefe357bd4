//! Live board updates: every committed change to a card is published as a
//! [`BoardEvent`]; the server streams them to open boards (SSE).
//!
//! One process: a tokio broadcast channel in the [`Store`]. Several server
//! instances share a PostgreSQL database, so there a change is published
//! with `pg_notify` on the `cairn_board` channel, in the same transaction
//! order as the commit, and each instance's [`spawn_listener`] task
//! relays what it hears (its own changes included) into its local
//! channel. SQLite is one process by construction, so it publishes
//! locally. A listener that loses its connection reconnects; events sent
//! meanwhile are lost, and browsers resynchronise by reloading the board
//! when their stream reconnects.

use std::time::Duration;

use sea_orm::{ConnectionTrait, Statement};
use tokio::sync::{broadcast, watch};

pub use crate::domain::sales::board::BoardEvent;
use crate::store::{Backend, Store};

/// The PostgreSQL channel name.
pub const CHANNEL: &str = "cairn_board";

/// Events a slow subscriber may fall behind by before it is told it
/// lagged (and reloads).
const CAPACITY: usize = 1024;

/// The process's fan-out of board events.
#[derive(Debug)]
pub struct Hub {
    tx: broadcast::Sender<BoardEvent>,
    /// The PostgreSQL listener is connected (always true on SQLite).
    listening: watch::Sender<bool>,
}

impl Hub {
    pub fn new(backend: Backend) -> Hub {
        Hub {
            tx: broadcast::channel(CAPACITY).0,
            listening: watch::channel(backend == Backend::Sqlite).0,
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<BoardEvent> {
        self.tx.subscribe()
    }

    /// Waits until changes made now will be heard (the PostgreSQL
    /// listener is connected).
    pub async fn ready(&self) {
        let mut rx = self.listening.subscribe();
        let _ = rx.wait_for(|l| *l).await;
    }

    fn listening(&self) {
        self.listening.send_replace(true);
    }

    fn send(&self, e: BoardEvent) {
        // No subscribers is not an error: nobody is looking at a board.
        let _ = self.tx.send(e);
    }
}

/// Publishes a committed change. Failing to notify never fails the change
/// itself (it is logged): the data is saved, only liveness suffers.
pub async fn publish(store: &Store, event: BoardEvent) {
    match store.backend() {
        Backend::Sqlite => store.hub().send(event),
        Backend::Postgres => {
            let payload = match serde_json::to_string(&event) {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!(error = %e, "board event not serialisable");
                    return;
                }
            };
            let sent = store
                .conn()
                .execute_raw(Statement::from_sql_and_values(
                    store.conn().get_database_backend(),
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), payload.into()],
                ))
                .await;
            if let Err(e) = sent {
                tracing::warn!(error = %e, "pg_notify failed; relaying locally only");
                store.hub().send(event);
            }
        }
    }
}

/// On PostgreSQL, relays `cairn_board` notifications into this process's
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
                    tracing::warn!(error = %e, "board listener lost its connection; retrying");
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
    store.hub().listening();
    loop {
        let n = listener.recv().await?;
        match serde_json::from_str::<BoardEvent>(n.payload()) {
            Ok(e) => store.hub().send(e),
            Err(e) => tracing::warn!(error = %e, "unreadable board notification"),
        }
    }
}
