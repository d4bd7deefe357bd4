//! Project templates (issue 9) and the go-live the CRM follows.
//!
//! - `project_templates`: an admin-edited outline (JSON rows, see
//!   `domain::project::template`), versioned, soft-deleted; the built-in
//!   "CRM implementation" is installed here as an ordinary, editable row.
//! - `projects.go_live_task_id`: the milestone whose finish is the
//!   go-live (set from a template, kept when the task is renamed; a
//!   deleted task falls back to the project's finish).
//! - `projects.go_live`: its forecast as of the last plan save, and
//!   `go_live_told`: what the deal and account owners last heard, the
//!   point slips are measured from.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::domain::project::template::{crm, crm_implementation_body};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectTemplates {
    Table,
    Id,
    Name,
    NameZh,
    Builtin,
    Body,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    GoLiveTaskId,
    GoLive,
    GoLiveTold,
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
                    .table(ProjectTemplates::Table)
                    .col(big_pk_auto(ProjectTemplates::Id))
                    .col(string(ProjectTemplates::Name))
                    .col(string(ProjectTemplates::NameZh))
                    .col(boolean(ProjectTemplates::Builtin))
                    .col(text(ProjectTemplates::Body))
                    .col(big_integer(ProjectTemplates::Version))
                    .col(timestamp_with_time_zone(ProjectTemplates::CreatedAt))
                    .col(timestamp_with_time_zone(ProjectTemplates::UpdatedAt))
                    .col(timestamp_with_time_zone_null(ProjectTemplates::DeletedAt))
                    .to_owned(),
            )
            .await?;
        let body = serde_json::to_string(&crm_implementation_body())
            .map_err(|e| DbErr::Custom(e.to_string()))?;
        let now = chrono::Utc::now();
        manager
            .exec_stmt(
                Query::insert()
                    .into_table(ProjectTemplates::Table)
                    .columns([
                        ProjectTemplates::Name,
                        ProjectTemplates::NameZh,
                        ProjectTemplates::Builtin,
                        ProjectTemplates::Body,
                        ProjectTemplates::Version,
                        ProjectTemplates::CreatedAt,
                        ProjectTemplates::UpdatedAt,
                    ])
                    .values_panic([
                        crm::NAME.into(),
                        crm::NAME_ZH.into(),
                        true.into(),
                        body.into(),
                        1i64.into(),
                        now.into(),
                        now.into(),
                    ])
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds one at a time. No foreign
        // key on the task: SQLite cannot add one to an existing table, and
        // a task is never removed, only marked deleted.
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(big_integer_null(Projects::GoLiveTaskId))
                    .to_owned(),
            )
            .await?;
        for col in [Projects::GoLive, Projects::GoLiveTold] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Projects::Table)
                        .add_column(date_null(col))
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Projects::GoLiveTold,
            Projects::GoLive,
            Projects::GoLiveTaskId,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Projects::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(ProjectTemplates::Table).to_owned())
            .await
    }
}
