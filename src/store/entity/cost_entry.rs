use sea_orm::entity::prelude::*;

/// An actual cost booked against a task on a day (minor units of the
/// project's cost currency; negative: a credit). Entries are not edited:
/// a wrong one is removed (audited) and booked again.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cost_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub task_id: i64,
    pub day: Date,
    pub amount: i64,
    pub note: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
