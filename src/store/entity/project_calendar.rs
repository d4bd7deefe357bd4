use sea_orm::entity::prelude::*;

/// A project's own working calendar (see the migration for the JSON
/// shapes of `week` and `exceptions`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_calendars")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: i64,
    pub name: String,
    pub minutes_per_day: i32,
    pub week: String,
    pub exceptions: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
