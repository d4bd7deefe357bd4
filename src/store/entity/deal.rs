use sea_orm::entity::prelude::*;

/// A deal. `amount` is in minor units of `currency`; `rank` orders the
/// open deals of a stage (unique among them); `entered_stage_at` mirrors
/// the open stage visit for the cards' "days in stage".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub title: String,
    pub account_id: Option<i64>,
    pub amount: i64,
    pub currency: String,
    pub expected_close: Option<Date>,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub probability: i16,
    pub probability_overridden: bool,
    pub status: String,
    pub lost_reason: String,
    pub rank: String,
    pub notes: String,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub entered_stage_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
