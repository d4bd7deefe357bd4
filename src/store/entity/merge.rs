use sea_orm::entity::prelude::*;

/// One merge of duplicates: the survivor's and the merged records' views
/// before it, the rows it moved (all JSON), the survivor's version after
/// it; `undone_at`/`undone_by` once undone.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "merges")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: String,
    pub survivor_id: i64,
    pub survivor_before: String,
    pub merged_before: String,
    pub moved: String,
    pub survivor_version: i64,
    pub actor_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub undone_at: Option<DateTimeUtc>,
    pub undone_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
