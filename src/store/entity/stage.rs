use sea_orm::entity::prelude::*;

/// A pipeline stage. `version` is bumped by each move into the stage (the
/// row that orders concurrent moves into one column on PostgreSQL).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "stages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub pipeline_id: i64,
    pub name: String,
    pub probability: i16,
    pub rotting_days: Option<i32>,
    pub position: i32,
    pub version: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
