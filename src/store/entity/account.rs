use sea_orm::entity::prelude::*;

/// An account row. `sort_key`, `name_key`, `domain`, `phone_key` and
/// `email_key` are derived by the store for ordering and matching;
/// `tags` is a JSON array (the `record_tags` table is its index).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "accounts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub sort_key: String,
    pub name_key: String,
    pub industry: String,
    pub source: String,
    pub website: String,
    pub domain: String,
    pub phone: String,
    pub phone_key: String,
    pub email: String,
    pub email_key: String,
    pub address: String,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    pub tags: String,
    pub lifecycle: String,
    pub grade: String,
    pub annual_revenue: Option<i64>,
    pub notes: String,
    pub last_activity_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
