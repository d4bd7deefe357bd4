//! The resolution clock stands still while a ticket waits on the
//! customer: `waiting_since` is when the current wait began (null when
//! not waiting), `paused_minutes` the working minutes of the waits that
//! ended. Existing tickets start with no pause.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tickets {
    Table,
    PausedMinutes,
    WaitingSince,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction, as every migration here (see 000008).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .add_column(big_integer(Tickets::PausedMinutes).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Tickets::Table)
                    .add_column(timestamp_with_time_zone_null(Tickets::WaitingSince))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Tickets::WaitingSince, Tickets::PausedMinutes] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Tickets::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
