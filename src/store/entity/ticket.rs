use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tickets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub description: String,
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub priority: String,
    pub status: String,
    pub assignee_id: Option<i64>,
    pub team_id: Option<i64>,
    pub created_by: Option<i64>,
    pub first_response_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub rating: Option<i16>,
    pub rating_comment: String,
    /// Working minutes of the waits on the customer that ended.
    pub paused_minutes: i64,
    /// When the current wait on the customer began.
    pub waiting_since: Option<DateTimeUtc>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
