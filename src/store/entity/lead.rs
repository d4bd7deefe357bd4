use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "leads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub sort_key: String,
    pub company: String,
    pub company_key: String,
    pub title: String,
    pub email: String,
    pub email_key: String,
    pub phone: String,
    pub phone_key: String,
    pub website: String,
    pub domain: String,
    pub source: String,
    pub notes: String,
    pub status: String,
    pub disqualify_reason: String,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    pub converted_account_id: Option<i64>,
    pub converted_contact_id: Option<i64>,
    /// The campaign the lead came from (its source), if any.
    pub campaign_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
