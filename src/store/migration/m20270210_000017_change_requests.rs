//! Change control (issue 9): a project's change requests, numbered per
//! project, with their impact, the schedule changes they carry (JSON:
//! `domain::project::change_control::DurationChange`), their status and
//! who moved them when (the project's change log), and the baseline saved
//! when one was implemented. Deleting the project deletes them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectChangeRequests {
    Table,
    Id,
    ProjectId,
    Number,
    Status,
    Title,
    Description,
    Reason,
    ScopeImpact,
    ScheduleDays,
    CostImpact,
    Currency,
    Changes,
    DecisionNote,
    CreatedBy,
    CreatedAt,
    SubmittedBy,
    SubmittedAt,
    DecidedBy,
    DecidedAt,
    ImplementedBy,
    ImplementedAt,
    BaselineId,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Projects {
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
        use ProjectChangeRequests as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(big_pk_auto(C::Id))
                    .col(big_integer(C::ProjectId))
                    .col(big_integer(C::Number))
                    .col(string(C::Status))
                    .col(string(C::Title))
                    .col(text(C::Description))
                    .col(text(C::Reason))
                    .col(text(C::ScopeImpact))
                    .col(big_integer(C::ScheduleDays))
                    .col(big_integer(C::CostImpact))
                    .col(string(C::Currency))
                    .col(text(C::Changes))
                    .col(text(C::DecisionNote))
                    .col(big_integer_null(C::CreatedBy))
                    .col(timestamp_with_time_zone(C::CreatedAt))
                    .col(big_integer_null(C::SubmittedBy))
                    .col(timestamp_with_time_zone_null(C::SubmittedAt))
                    .col(big_integer_null(C::DecidedBy))
                    .col(timestamp_with_time_zone_null(C::DecidedAt))
                    .col(big_integer_null(C::ImplementedBy))
                    .col(timestamp_with_time_zone_null(C::ImplementedAt))
                    .col(big_integer_null(C::BaselineId))
                    .col(big_integer(C::Version))
                    .col(timestamp_with_time_zone(C::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_change_requests_project")
                            .from(C::Table, C::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_project_change_requests_number")
                    .table(C::Table)
                    .col(C::ProjectId)
                    .col(C::Number)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProjectChangeRequests::Table).to_owned())
            .await
    }
}
