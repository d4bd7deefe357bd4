use sea_orm::entity::prelude::*;

/// A dependency between two tasks of one project; `kind` is "FS", "SS",
/// "FF" or "SF".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_links")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub predecessor_id: i64,
    pub successor_id: i64,
    pub kind: String,
    pub lag_minutes: i64,
    pub version: i64,
    pub deleted: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
