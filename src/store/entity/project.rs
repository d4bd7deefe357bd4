use sea_orm::entity::prelude::*;

/// A project. `finish`, `percent_complete`, `critical_late` and
/// `task_count` are the schedule's figures, written by every plan save
/// (without a version bump: they follow the plan, nobody edits them);
/// so are `go_live` (the go-live milestone's finish) and `go_live_told`
/// (the go-live the deal's and account's owners last heard).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "projects")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub account_id: Option<i64>,
    pub deal_id: Option<i64>,
    pub manager_id: i64,
    pub team_id: Option<i64>,
    pub calendar: String,
    pub start: Date,
    pub status: String,
    pub finish: Option<Date>,
    pub percent_complete: i16,
    pub critical_late: bool,
    pub task_count: i32,
    pub go_live_task_id: Option<i64>,
    pub go_live: Option<Date>,
    pub go_live_told: Option<Date>,
    /// Earned value is read at this date; `None`: today.
    pub status_date: Option<Date>,
    /// The currency of budgets and cost entries; `None`: the deal's, else USD.
    pub cost_currency: Option<String>,
    /// Lessons learned (JSON: `domain::project::quality::Lessons`).
    pub lessons: Option<String>,
    /// Set at closeout: the project is read only from then on.
    pub archived_at: Option<DateTimeUtc>,
    pub archived_by: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub deleted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
