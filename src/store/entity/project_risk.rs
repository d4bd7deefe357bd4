use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_risks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub description: String,
    pub category: String,
    pub probability: i16,
    pub impact: i16,
    pub response: String,
    pub plan: String,
    pub owner_id: Option<i64>,
    pub trigger: String,
    pub status: String,
    pub cost_impact: i64,
    pub currency: String,
    pub task_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
