use sea_orm::entity::prelude::*;

/// One committed import: what, by whom, its counts and its mapping (JSON);
/// `status` is "done" or "undone".
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub file_name: String,
    pub actor_id: Option<i64>,
    pub created: i64,
    pub updated: i64,
    pub skipped: i64,
    pub failed: i64,
    pub mapping: String,
    pub status: String,
    pub created_at: DateTimeUtc,
    pub undone_at: Option<DateTimeUtc>,
    pub undone_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
