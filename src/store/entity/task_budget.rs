use sea_orm::entity::prelude::*;

/// A leaf task's budget inputs (see `domain::project::costs::Budget`):
/// hourly rate and fixed cost in minor units. No row: nothing budgeted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "task_budgets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: i64,
    pub project_id: i64,
    pub rate: i64,
    pub fixed_cost: i64,
    pub version: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
