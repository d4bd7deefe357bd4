//! A deal's payment terms (issue 9, 回款): one row per deal holding its
//! instalments as JSON (`domain::sales::payments::PaymentTerm`: a
//! percentage and the delivery milestone it waits for), versioned, saved
//! whole. Deleting a deal row deletes its terms.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum DealPaymentTerms {
    Table,
    DealId,
    Terms,
    Version,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Deals {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction, as every migration here (see 000008).
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DealPaymentTerms::Table)
                    .col(big_integer(DealPaymentTerms::DealId).primary_key())
                    .col(text(DealPaymentTerms::Terms))
                    .col(big_integer(DealPaymentTerms::Version))
                    .col(timestamp_with_time_zone(DealPaymentTerms::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_deal_payment_terms_deal")
                            .from(DealPaymentTerms::Table, DealPaymentTerms::DealId)
                            .to(Deals::Table, Deals::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DealPaymentTerms::Table).to_owned())
            .await
    }
}
