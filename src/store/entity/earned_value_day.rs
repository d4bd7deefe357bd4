use sea_orm::entity::prelude::*;

/// A project's earned value as it stood at the end of a day (the last
/// save of the day wins): the S-curve's EV line is drawn from these.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "earned_value_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub project_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: Date,
    pub bac: i64,
    pub pv: i64,
    pub ev: i64,
    pub ac: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
