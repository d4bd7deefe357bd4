use sea_orm::entity::prelude::*;

/// An automation rule; trigger, conditions and actions are JSON of the
/// domain's types (`domain::automation`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "automation_rules")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    pub enabled: bool,
    pub trigger_key: String,
    pub trigger: String,
    pub conditions: String,
    pub actions: String,
    pub fired: i64,
    pub last_fired_at: Option<DateTimeUtc>,
    pub rr_cursor: Option<i64>,
    pub created_by: Option<i64>,
    pub version: i64,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
