//! Consistent backups. SQLite: `VACUUM INTO`, which copies a transactionally
//! consistent snapshot while the server keeps serving (readers and the
//! writer are not blocked for the copy's duration in WAL mode).
//! PostgreSQL: use `pg_dump` (see README); we do not reimplement it.

use std::path::Path;

use sea_orm::{ConnectionTrait, Statement};

use super::{Backend, Store};

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0} already exists; refusing to overwrite a file")]
    Exists(String),
    #[error(
        "backups of PostgreSQL are made with pg_dump: pg_dump --format=custom \"$DATABASE_URL\" > FILE (see README)"
    )]
    Postgres,
    #[error("database: {0}")]
    Db(#[from] sea_orm::DbErr),
}

pub async fn backup(store: &Store, target: &Path) -> Result<(), BackupError> {
    if target.exists() {
        return Err(BackupError::Exists(target.display().to_string()));
    }
    match store.backend() {
        Backend::Postgres => Err(BackupError::Postgres),
        Backend::Sqlite => {
            let path = target.display().to_string().replace('\'', "''");
            store
                .conn()
                .execute_raw(Statement::from_string(
                    store.db_backend(),
                    format!("VACUUM INTO '{path}'"),
                ))
                .await?;
            Ok(())
        }
    }
}
