//! People's own working calendars in a project (Microsoft Project's
//! resource calendars, kept when an imported file's resource is matched
//! to a person): one row per project and person, the same JSON shapes as
//! `project_calendars`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectPersonCalendars {
    Table,
    ProjectId,
    UserId,
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

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction, as every migration here (see 000008).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProjectPersonCalendars::Table)
                    .col(big_integer(ProjectPersonCalendars::ProjectId))
                    .col(big_integer(ProjectPersonCalendars::UserId))
                    .col(string(ProjectPersonCalendars::Name))
                    .col(integer(ProjectPersonCalendars::MinutesPerDay))
                    .col(text(ProjectPersonCalendars::Week))
                    .col(text(ProjectPersonCalendars::Exceptions))
                    .primary_key(
                        Index::create()
                            .col(ProjectPersonCalendars::ProjectId)
                            .col(ProjectPersonCalendars::UserId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_calendars_project")
                            .from(
                                ProjectPersonCalendars::Table,
                                ProjectPersonCalendars::ProjectId,
                            )
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_person_calendars_user")
                            .from(
                                ProjectPersonCalendars::Table,
                                ProjectPersonCalendars::UserId,
                            )
                            .to(Users::Table, Users::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(
                Table::drop()
                    .table(ProjectPersonCalendars::Table)
                    .to_owned(),
            )
            .await
    }
}
