use sea_orm::entity::prelude::*;

/// A deal's payment terms: `terms` is the JSON of
/// `Vec<domain::sales::payments::PaymentTerm>`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "deal_payment_terms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub deal_id: i64,
    pub terms: String,
    pub version: i64,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
