use sea_orm::entity::prelude::*;

/// A contact row (derived keys as for accounts).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub account_id: Option<i64>,
    pub name: String,
    pub sort_key: String,
    pub title: String,
    pub email: String,
    pub email_key: String,
    pub phone: String,
    pub phone_key: String,
    pub address: String,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    pub tags: String,
    pub notes: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
