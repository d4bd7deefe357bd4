use sea_orm::entity::prelude::*;

/// One task's scheduled dates in a baseline.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "baseline_tasks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub baseline_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub task_id: i64,
    pub start: DateTime,
    pub finish: DateTime,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
