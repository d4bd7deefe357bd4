//! Projects: the project record, its plan (tasks, links, assignments)
//! and baselines. Tasks and links are never removed, only marked deleted,
//! so an undo brings one back under the same id.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    Name,
    AccountId,
    DealId,
    ManagerId,
    TeamId,
    Calendar,
    Start,
    Status,
    Finish,
    PercentComplete,
    CriticalLate,
    TaskCount,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum ProjectTasks {
    Table,
    Id,
    ProjectId,
    ParentId,
    Rank,
    Name,
    DurationMinutes,
    PercentComplete,
    ConstraintKind,
    ConstraintDate,
    Version,
    Deleted,
}

#[derive(DeriveIden)]
enum ProjectLinks {
    Table,
    Id,
    ProjectId,
    PredecessorId,
    SuccessorId,
    Kind,
    LagMinutes,
    Version,
    Deleted,
}

#[derive(DeriveIden)]
enum TaskAssignments {
    Table,
    TaskId,
    UserId,
    Units,
}

#[derive(DeriveIden)]
enum Baselines {
    Table,
    Id,
    ProjectId,
    Name,
    SavedAt,
    SavedBy,
}

#[derive(DeriveIden)]
enum BaselineTasks {
    Table,
    BaselineId,
    TaskId,
    Start,
    Finish,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Deals {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
}

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
) -> Result<(), DbErr> {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(c);
    }
    manager.create_index(i).await
}

macro_rules! cols {
    ($($c:expr),*) => { vec![$($c.into_iden()),*] };
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
                    .table(Projects::Table)
                    .col(big_pk_auto(Projects::Id))
                    .col(string(Projects::Name))
                    .col(big_integer_null(Projects::AccountId))
                    .col(big_integer_null(Projects::DealId))
                    .col(big_integer(Projects::ManagerId))
                    .col(big_integer_null(Projects::TeamId))
                    .col(string(Projects::Calendar))
                    .col(date(Projects::Start))
                    .col(string(Projects::Status))
                    // Written by every plan save (the list never schedules).
                    .col(date_null(Projects::Finish))
                    .col(small_integer(Projects::PercentComplete))
                    .col(boolean(Projects::CriticalLate))
                    .col(integer(Projects::TaskCount))
                    .col(big_integer(Projects::Version))
                    .col(timestamp_with_time_zone(Projects::CreatedAt))
                    .col(timestamp_with_time_zone(Projects::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Projects::DeletedAt))
                    .foreign_key(&mut fk(
                        "fk_projects_account",
                        (Projects::Table, Projects::AccountId),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_projects_deal",
                        (Projects::Table, Projects::DealId),
                        (Deals::Table, Deals::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_projects_manager",
                        (Projects::Table, Projects::ManagerId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_projects_team",
                        (Projects::Table, Projects::TeamId),
                        (Teams::Table, Teams::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_projects_account",
            Projects::Table,
            cols![Projects::AccountId],
        )
        .await?;
        index(
            manager,
            "ix_projects_status",
            Projects::Table,
            cols![Projects::Status, Projects::Name],
        )
        .await?;

        // The rank sorts as bytes on both backends (see domain::sales::rank).
        let mut rank = string(ProjectTasks::Rank);
        if manager.get_database_backend() == DbBackend::Postgres {
            rank.extra("COLLATE \"C\"");
        }
        manager
            .create_table(
                Table::create()
                    .table(ProjectTasks::Table)
                    .col(big_pk_auto(ProjectTasks::Id))
                    .col(big_integer(ProjectTasks::ProjectId))
                    .col(big_integer_null(ProjectTasks::ParentId))
                    .col(rank)
                    .col(string(ProjectTasks::Name))
                    .col(big_integer(ProjectTasks::DurationMinutes))
                    .col(small_integer(ProjectTasks::PercentComplete))
                    .col(string_null(ProjectTasks::ConstraintKind))
                    .col(date_time_null(ProjectTasks::ConstraintDate))
                    .col(big_integer(ProjectTasks::Version))
                    .col(boolean(ProjectTasks::Deleted))
                    .foreign_key(&mut fk(
                        "fk_project_tasks_project",
                        (ProjectTasks::Table, ProjectTasks::ProjectId),
                        (Projects::Table, Projects::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_project_tasks_parent",
                        (ProjectTasks::Table, ProjectTasks::ParentId),
                        (ProjectTasks::Table, ProjectTasks::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_project_tasks_project",
            ProjectTasks::Table,
            cols![ProjectTasks::ProjectId],
        )
        .await?;
        index(
            manager,
            "ix_project_tasks_parent",
            ProjectTasks::Table,
            cols![ProjectTasks::ParentId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(ProjectLinks::Table)
                    .col(big_pk_auto(ProjectLinks::Id))
                    .col(big_integer(ProjectLinks::ProjectId))
                    .col(big_integer(ProjectLinks::PredecessorId))
                    .col(big_integer(ProjectLinks::SuccessorId))
                    .col(string_len(ProjectLinks::Kind, 2))
                    .col(big_integer(ProjectLinks::LagMinutes))
                    .col(big_integer(ProjectLinks::Version))
                    .col(boolean(ProjectLinks::Deleted))
                    .foreign_key(&mut fk(
                        "fk_project_links_project",
                        (ProjectLinks::Table, ProjectLinks::ProjectId),
                        (Projects::Table, Projects::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_project_links_predecessor",
                        (ProjectLinks::Table, ProjectLinks::PredecessorId),
                        (ProjectTasks::Table, ProjectTasks::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_project_links_successor",
                        (ProjectLinks::Table, ProjectLinks::SuccessorId),
                        (ProjectTasks::Table, ProjectTasks::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_project_links_project",
            ProjectLinks::Table,
            cols![ProjectLinks::ProjectId],
        )
        .await?;
        index(
            manager,
            "ix_project_links_predecessor",
            ProjectLinks::Table,
            cols![ProjectLinks::PredecessorId],
        )
        .await?;
        index(
            manager,
            "ix_project_links_successor",
            ProjectLinks::Table,
            cols![ProjectLinks::SuccessorId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(TaskAssignments::Table)
                    .col(big_integer(TaskAssignments::TaskId))
                    .col(big_integer(TaskAssignments::UserId))
                    .col(small_integer(TaskAssignments::Units))
                    .primary_key(
                        Index::create()
                            .col(TaskAssignments::TaskId)
                            .col(TaskAssignments::UserId),
                    )
                    .foreign_key(&mut fk(
                        "fk_task_assignments_task",
                        (TaskAssignments::Table, TaskAssignments::TaskId),
                        (ProjectTasks::Table, ProjectTasks::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_task_assignments_user",
                        (TaskAssignments::Table, TaskAssignments::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_task_assignments_user",
            TaskAssignments::Table,
            cols![TaskAssignments::UserId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Baselines::Table)
                    .col(big_pk_auto(Baselines::Id))
                    .col(big_integer(Baselines::ProjectId))
                    .col(string(Baselines::Name))
                    .col(date_time(Baselines::SavedAt))
                    .col(big_integer_null(Baselines::SavedBy))
                    .foreign_key(&mut fk(
                        "fk_baselines_project",
                        (Baselines::Table, Baselines::ProjectId),
                        (Projects::Table, Projects::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_baselines_saved_by",
                        (Baselines::Table, Baselines::SavedBy),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_baselines_project",
            Baselines::Table,
            cols![Baselines::ProjectId],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(BaselineTasks::Table)
                    .col(big_integer(BaselineTasks::BaselineId))
                    .col(big_integer(BaselineTasks::TaskId))
                    .col(date_time(BaselineTasks::Start))
                    .col(date_time(BaselineTasks::Finish))
                    .primary_key(
                        Index::create()
                            .col(BaselineTasks::BaselineId)
                            .col(BaselineTasks::TaskId),
                    )
                    .foreign_key(&mut fk(
                        "fk_baseline_tasks_baseline",
                        (BaselineTasks::Table, BaselineTasks::BaselineId),
                        (Baselines::Table, Baselines::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_baseline_tasks_task",
                        (BaselineTasks::Table, BaselineTasks::TaskId),
                        (ProjectTasks::Table, ProjectTasks::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_baseline_tasks_task",
            BaselineTasks::Table,
            cols![BaselineTasks::TaskId],
        )
        .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            BaselineTasks::Table.into_iden(),
            Baselines::Table.into_iden(),
            TaskAssignments::Table.into_iden(),
            ProjectLinks::Table.into_iden(),
            ProjectTasks::Table.into_iden(),
            Projects::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
