use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "activities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub body: String,
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub lead_id: Option<i64>,
    pub occurred_at: DateTimeUtc,
    pub due_on: Option<Date>,
    pub assignee_id: Option<i64>,
    pub author_id: Option<i64>,
    pub team_id: Option<i64>,
    pub done_at: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
