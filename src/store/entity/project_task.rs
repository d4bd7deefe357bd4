use sea_orm::entity::prelude::*;

/// One task of a plan (see `domain::project::TaskRow`). `rank` orders
/// siblings as bytes; `constraint_kind` is a short code, `None` for "as
/// soon as possible".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "project_tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub project_id: i64,
    pub parent_id: Option<i64>,
    pub rank: String,
    pub name: String,
    pub duration_minutes: i64,
    pub percent_complete: i16,
    pub constraint_kind: Option<String>,
    pub constraint_date: Option<DateTime>,
    pub version: i64,
    pub deleted: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
