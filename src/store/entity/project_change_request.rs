use sea_orm::entity::prelude::*;

/// A change request of a project; `changes` is the JSON of
/// `Vec<domain::project::change_control::DurationChange>`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_change_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub number: i64,
    pub status: String,
    pub title: String,
    pub description: String,
    pub reason: String,
    pub scope_impact: String,
    pub schedule_days: i64,
    pub cost_impact: i64,
    pub currency: String,
    pub changes: String,
    pub decision_note: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub submitted_by: Option<i64>,
    pub submitted_at: Option<DateTimeUtc>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub implemented_by: Option<i64>,
    pub implemented_at: Option<DateTimeUtc>,
    pub baseline_id: Option<i64>,
    pub version: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
