use sea_orm::entity::prelude::*;

/// A deliverable of a project with its acceptance checklist (`criteria`,
/// JSON) and sign-off: the person who signed (`signed_by`, a name), the
/// date, and the user who recorded it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_deliverables")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub name: String,
    pub description: String,
    pub task_id: Option<i64>,
    pub criteria: String,
    pub signed_by: Option<String>,
    pub signed_on: Option<Date>,
    pub signed_recorded_by: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
