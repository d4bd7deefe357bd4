//! Costs and earned value (issue 9): each task's budget (hourly rate and
//! fixed cost), the actual costs booked against tasks by day, the earned
//! value written on each save (the S-curve's EV line), and two project
//! settings — the status date (none: today) and the currency costs are
//! kept in. Deleting a project or a task deletes its costs.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum TaskBudgets {
    Table,
    TaskId,
    ProjectId,
    Rate,
    FixedCost,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CostEntries {
    Table,
    Id,
    ProjectId,
    TaskId,
    Day,
    Amount,
    Note,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum EarnedValueDays {
    Table,
    ProjectId,
    Day,
    Bac,
    Pv,
    Ev,
    Ac,
}

#[derive(DeriveIden)]
enum Projects {
    Table,
    Id,
    StatusDate,
    CostCurrency,
}

#[derive(DeriveIden)]
enum ProjectTasks {
    Table,
    Id,
}

fn to_project(table: impl IntoIden, col: impl IntoIden, name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(Projects::Table, Projects::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn to_task(table: impl IntoIden, col: impl IntoIden, name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(ProjectTasks::Table, ProjectTasks::Id)
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
        use TaskBudgets as B;
        manager
            .create_table(
                Table::create()
                    .table(B::Table)
                    .col(big_integer(B::TaskId).primary_key())
                    .col(big_integer(B::ProjectId))
                    .col(big_integer(B::Rate))
                    .col(big_integer(B::FixedCost))
                    .col(big_integer(B::Version))
                    .col(timestamp_with_time_zone(B::UpdatedAt))
                    .foreign_key(&mut to_project(
                        B::Table,
                        B::ProjectId,
                        "fk_task_budgets_project",
                    ))
                    .foreign_key(&mut to_task(B::Table, B::TaskId, "fk_task_budgets_task"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_task_budgets_project")
                    .table(B::Table)
                    .col(B::ProjectId)
                    .to_owned(),
            )
            .await?;
        use CostEntries as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(big_pk_auto(E::Id))
                    .col(big_integer(E::ProjectId))
                    .col(big_integer(E::TaskId))
                    .col(date(E::Day))
                    .col(big_integer(E::Amount))
                    .col(string(E::Note))
                    .col(big_integer_null(E::CreatedBy))
                    .col(timestamp_with_time_zone(E::CreatedAt))
                    .foreign_key(&mut to_project(
                        E::Table,
                        E::ProjectId,
                        "fk_cost_entries_project",
                    ))
                    .foreign_key(&mut to_task(E::Table, E::TaskId, "fk_cost_entries_task"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_cost_entries_project_day")
                    .table(E::Table)
                    .col(E::ProjectId)
                    .col(E::Day)
                    .to_owned(),
            )
            .await?;
        use EarnedValueDays as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(big_integer(V::ProjectId))
                    .col(date(V::Day))
                    .col(big_integer(V::Bac))
                    .col(big_integer(V::Pv))
                    .col(big_integer(V::Ev))
                    .col(big_integer(V::Ac))
                    .primary_key(Index::create().col(V::ProjectId).col(V::Day))
                    .foreign_key(&mut to_project(
                        V::Table,
                        V::ProjectId,
                        "fk_earned_value_days_project",
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(date_null(Projects::StatusDate))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Projects::Table)
                    .add_column(string_null(Projects::CostCurrency))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Projects::CostCurrency, Projects::StatusDate] {
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
            .drop_table(Table::drop().table(EarnedValueDays::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(CostEntries::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(TaskBudgets::Table).to_owned())
            .await
    }
}
