//! Quality and closeout (issue 9): a project's deliverables with their
//! acceptance checklists (JSON: `domain::project::quality::Criterion`)
//! and sign-off, the defects found, and on the project its lessons
//! learned (JSON: `quality::Lessons`) and when and by whom it was
//! archived (read only from then on). Deleting a project deletes them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ProjectDeliverables {
    Table,
    Id,
    ProjectId,
    Name,
    Description,
    TaskId,
    Criteria,
    SignedBy,
    SignedOn,
    SignedRecordedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ProjectDefects {
    Table,
    Id,
    ProjectId,
    DeliverableId,
    Title,
    Description,
    Severity,
    Status,
    FoundBy,
    CreatedAt,
    ResolvedAt,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Lessons,
    ArchivedAt,
    ArchivedBy,
}

fn to_project(from: (impl IntoIden, impl IntoIden), name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(Projects::Table, Projects::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction, as every migration here (see 000008).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ProjectDeliverables as D;
        manager
            .create_table(
                Table::create()
                    .table(D::Table)
                    .col(big_pk_auto(D::Id))
                    .col(big_integer(D::ProjectId))
                    .col(string(D::Name))
                    .col(text(D::Description))
                    .col(big_integer_null(D::TaskId))
                    .col(text(D::Criteria))
                    .col(string_null(D::SignedBy))
                    .col(date_null(D::SignedOn))
                    .col(big_integer_null(D::SignedRecordedBy))
                    .col(big_integer(D::Version))
                    .col(timestamp_with_time_zone(D::CreatedAt))
                    .col(timestamp_with_time_zone(D::UpdatedAt))
                    .foreign_key(&mut to_project(
                        (D::Table, D::ProjectId),
                        "fk_project_deliverables_project",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_project_deliverables_project")
                    .table(D::Table)
                    .col(D::ProjectId)
                    .to_owned(),
            )
            .await?;
        use ProjectDefects as F;
        manager
            .create_table(
                Table::create()
                    .table(F::Table)
                    .col(big_pk_auto(F::Id))
                    .col(big_integer(F::ProjectId))
                    .col(big_integer_null(F::DeliverableId))
                    .col(string(F::Title))
                    .col(text(F::Description))
                    .col(string(F::Severity))
                    .col(string(F::Status))
                    .col(big_integer_null(F::FoundBy))
                    .col(timestamp_with_time_zone(F::CreatedAt))
                    .col(timestamp_with_time_zone_null(F::ResolvedAt))
                    .col(big_integer(F::Version))
                    .col(timestamp_with_time_zone(F::UpdatedAt))
                    .foreign_key(&mut to_project(
                        (F::Table, F::ProjectId),
                        "fk_project_defects_project",
                    ))
                    .foreign_key(
                        &mut ForeignKey::create()
                            .name("fk_project_defects_deliverable")
                            .from(F::Table, F::DeliverableId)
                            .to(D::Table, D::Id)
                            .on_delete(ForeignKeyAction::SetNull)
                            .to_owned(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_project_defects_project")
                    .table(F::Table)
                    .col(F::ProjectId)
                    .to_owned(),
            )
            .await?;
        // One column per statement: SQLite adds one at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(text_null(Projects::Lessons))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(timestamp_with_time_zone_null(Projects::ArchivedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(big_integer_null(Projects::ArchivedBy))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            Projects::ArchivedBy,
            Projects::ArchivedAt,
            Projects::Lessons,
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
            .drop_table(Table::drop().table(ProjectDefects::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ProjectDeliverables::Table).to_owned())
            .await
    }
}
