//! The connection: SQLite (default, one file) or PostgreSQL, one pool.

use std::path::Path;
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use super::migration::Migrator;
use crate::domain::AppError;

/// Failures opening or migrating the database (CLI and start-up only;
/// requests see [`AppError`]).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
    #[error("data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database handle every service takes. Cheap to clone (a pool).
#[derive(Debug, Clone)]
pub struct Store {
    db: DatabaseConnection,
    backend: Backend,
    /// Live board events of this process (see `sales::events`).
    hub: std::sync::Arc<crate::store::sales::events::Hub>,
    /// Live plan events of this process (see `projects::events`).
    plans: std::sync::Arc<crate::store::projects::events::PlanHub>,
}

impl Store {
    /// Opens `url` (`sqlite://…` or `postgres://…`), creating a SQLite file
    /// if needed, and applies pending migrations.
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens without migrating (for `cairn migrate` to report what it does).
    pub async fn connect(url: &str) -> Result<Store, StoreError> {
        let mut opts = ConnectOptions::new(url.to_owned());
        opts.sqlx_logging(false)
            .acquire_timeout(Duration::from_secs(10));
        let backend = if url.starts_with("sqlite:") {
            // WAL lets readers run beside the one writer; foreign keys are off
            // by default in SQLite; the busy timeout covers other processes
            // (a backup, the CLI). In-process writers never wait on an
            // upgrade because every write transaction is BEGIN IMMEDIATE.
            opts.max_connections(8).min_connections(1);
            opts.map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(SqliteJournalMode::Wal)
                    .synchronous(SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(Duration::from_secs(10))
                    // Reads through a memory map (no system call per page)
                    // and a 32 MiB page cache per connection: at 100k
                    // accounts the search index alone is hundreds of MB,
                    // and the default 2 MB cache made a two-word search
                    // wait on page reads (p95 28 → 13 ms, bench).
                    .pragma("mmap_size", "1073741824")
                    .pragma("cache_size", "-32768")
            });
            Backend::Sqlite
        } else {
            opts.max_connections(16);
            Backend::Postgres
        };
        let db = Database::connect(opts).await?;
        Ok(Store {
            db,
            backend,
            hub: std::sync::Arc::new(crate::store::sales::events::Hub::new(backend)),
            plans: std::sync::Arc::new(crate::store::projects::events::PlanHub::new(backend)),
        })
    }

    /// The SQLite URL of the database file in `data_dir`, creating the dir.
    pub fn sqlite_url_in(data_dir: &Path) -> Result<String, StoreError> {
        std::fs::create_dir_all(data_dir).map_err(|source| StoreError::DataDir {
            path: data_dir.display().to_string(),
            source,
        })?;
        Ok(format!(
            "sqlite://{}?mode=rwc",
            data_dir.join("cairn.db").display()
        ))
    }

    pub async fn migrate(&self) -> Result<(), StoreError> {
        Migrator::up(&self.db, None).await?;
        Ok(())
    }

    /// Names of the migrations not yet applied.
    pub async fn pending_migrations(&self) -> Result<Vec<String>, StoreError> {
        Ok(Migrator::get_pending_migrations(&self.db)
            .await?
            .iter()
            .map(|m| m.name().to_owned())
            .collect())
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    pub fn conn(&self) -> &DatabaseConnection {
        &self.db
    }

    /// Starts a write transaction. On SQLite it is `BEGIN IMMEDIATE`: the
    /// write lock is taken up front, so two writers can never both hold a
    /// read lock and deadlock upgrading it (SQLITE_BUSY mid-transaction).
    pub async fn write(&self) -> Result<DatabaseTransaction, AppError> {
        let opts = TransactionOptions {
            sqlite_transaction_mode: (self.backend == Backend::Sqlite)
                .then_some(SqliteTransactionMode::Immediate),
            ..Default::default()
        };
        self.db.begin_with_options(opts).await.map_err(internal)
    }

    pub fn hub(&self) -> &crate::store::sales::events::Hub {
        &self.hub
    }

    pub fn plans(&self) -> &crate::store::projects::events::PlanHub {
        &self.plans
    }

    /// Liveness of the database, for `/readyz`.
    pub async fn ping(&self) -> bool {
        self.db.ping().await.is_ok()
    }

    pub(crate) fn db_backend(&self) -> DbBackend {
        self.db.get_database_backend()
    }
}

/// Maps an unexpected database error to [`AppError::Internal`], logging the
/// detail server-side only.
pub(crate) fn internal<E: std::fmt::Display>(e: E) -> AppError {
    tracing::error!(error = %e, "internal error");
    AppError::Internal("the server could not complete the request".into())
}
