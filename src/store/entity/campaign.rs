use sea_orm::entity::prelude::*;

/// A marketing campaign. Money in minor units of `currency`; `audience`
/// is the saved member filter as JSON (empty: none).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub status: String,
    pub start_on: Option<Date>,
    pub end_on: Option<Date>,
    pub budget: i64,
    pub actual_cost: i64,
    pub currency: String,
    pub description: String,
    pub audience: String,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
