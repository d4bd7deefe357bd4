//! A project's own working calendar (`projects.calendar = 'custom'`):
//! the week and the dated exceptions of an imported Microsoft Project
//! file, which no preset has. One row per project, read and written
//! whole, so the week and the exceptions are JSON text rather than rows
//! of their own (nothing ever queries one day of them).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectCalendars {
    Table,
    ProjectId,
    Name,
    MinutesPerDay,
    Week,
    Exceptions,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction per migration on SQLite too (sea-orm's default
    /// is none there): its statements then run on one connection, and a
    /// crash mid-way leaves the schema as it was before it.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProjectCalendars::Table)
                    .col(big_integer(ProjectCalendars::ProjectId).primary_key())
                    .col(string(ProjectCalendars::Name))
                    // What "one day" of duration means (480 = 8 h).
                    .col(integer(ProjectCalendars::MinutesPerDay))
                    // Seven days, Monday first, each a list of [from, to]
                    // minutes after midnight.
                    .col(text(ProjectCalendars::Week))
                    // [{"date", "hours", "name"}], one per date, sorted.
                    .col(text(ProjectCalendars::Exceptions))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_calendars_project")
                            .from(ProjectCalendars::Table, ProjectCalendars::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProjectCalendars::Table).to_owned())
            .await
    }
}
