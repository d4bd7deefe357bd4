use sea_orm::entity::prelude::*;

/// A record an import created or updated: its version as the import left
/// it and, for updates, the overwritten columns (JSON) that undo restores.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_records")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub import_id: i64,
    pub entity: String,
    pub record_id: i64,
    pub action: String,
    pub version: i64,
    pub before: Option<String>,
    pub external_id: Option<String>,
    pub row: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
