//! The risk register of a project (issue 9): one row per risk, rated,
//! with its response, owner, trigger, status and cost, optionally tied to
//! the task it threatens. Deleting the project deletes its risks;
//! deleting the task or the owner leaves the risk without them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectRisks {
    Table,
    Id,
    ProjectId,
    Title,
    Description,
    Category,
    Probability,
    Impact,
    Response,
    Plan,
    OwnerId,
    Trigger,
    Status,
    CostImpact,
    Currency,
    TaskId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ProjectTasks {
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
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ProjectRisks::Table)
                    .col(big_pk_auto(ProjectRisks::Id))
                    .col(big_integer(ProjectRisks::ProjectId))
                    .col(string(ProjectRisks::Title))
                    .col(text(ProjectRisks::Description))
                    .col(string(ProjectRisks::Category))
                    // Ratings 1 to 5 (checked by the domain).
                    .col(small_integer(ProjectRisks::Probability))
                    .col(small_integer(ProjectRisks::Impact))
                    .col(string(ProjectRisks::Response))
                    .col(text(ProjectRisks::Plan))
                    .col(big_integer_null(ProjectRisks::OwnerId))
                    .col(text(ProjectRisks::Trigger))
                    .col(string(ProjectRisks::Status))
                    // Minor units of `currency`.
                    .col(big_integer(ProjectRisks::CostImpact))
                    .col(string(ProjectRisks::Currency))
                    .col(big_integer_null(ProjectRisks::TaskId))
                    .col(big_integer(ProjectRisks::Version))
                    .col(timestamp_with_time_zone(ProjectRisks::CreatedAt))
                    .col(timestamp_with_time_zone(ProjectRisks::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_risks_project")
                            .from(ProjectRisks::Table, ProjectRisks::ProjectId)
                            .to(Projects::Table, Projects::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_risks_task")
                            .from(ProjectRisks::Table, ProjectRisks::TaskId)
                            .to(ProjectTasks::Table, ProjectTasks::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_project_risks_owner")
                            .from(ProjectRisks::Table, ProjectRisks::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_project_risks_project")
                    .table(ProjectRisks::Table)
                    .col(ProjectRisks::ProjectId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ProjectRisks::Table).to_owned())
            .await
    }
}
