//! Merging duplicates: one row per merge, holding what undo needs, and
//! the pairs of records people said are not duplicates.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Merges {
    Table,
    Id,
    Kind,
    SurvivorId,
    SurvivorBefore,
    MergedBefore,
    Moved,
    SurvivorVersion,
    ActorId,
    CreatedAt,
    UndoneAt,
    UndoneBy,
}

#[derive(DeriveIden)]
enum DuplicateDismissals {
    Table,
    Id,
    Kind,
    LowId,
    HighId,
    ActorId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction per migration on SQLite too (sea-orm's default
    /// is none there): its statements then run on one connection, and a
    /// crash mid-way leaves the schema as it was before it.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Merges::Table)
                    .col(big_pk_auto(Merges::Id))
                    // "account" or "contact".
                    .col(string(Merges::Kind))
                    // Not a foreign key, like import_records.record_id: it
                    // points into the table `kind` names.
                    .col(big_integer(Merges::SurvivorId))
                    // The survivor's view before the merge, as JSON.
                    .col(text(Merges::SurvivorBefore))
                    // Each merged record's view before, with the version
                    // the merge left it at, as a JSON array.
                    .col(text(Merges::MergedBefore))
                    // Per table, the rows moved to the survivor and the
                    // record each came from, as JSON.
                    .col(text(Merges::Moved))
                    // The survivor's version as the merge left it: undo
                    // refuses when it has moved on.
                    .col(big_integer(Merges::SurvivorVersion))
                    .col(big_integer_null(Merges::ActorId))
                    .col(timestamp_with_time_zone(Merges::CreatedAt))
                    .col(timestamp_with_time_zone_null(Merges::UndoneAt))
                    .col(big_integer_null(Merges::UndoneBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_merges_actor")
                            .from(Merges::Table, Merges::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_merges_undone_by")
                            .from(Merges::Table, Merges::UndoneBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_merges_kind_created")
                    .table(Merges::Table)
                    .col(Merges::Kind)
                    .col(Merges::CreatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DuplicateDismissals::Table)
                    .col(big_pk_auto(DuplicateDismissals::Id))
                    .col(string(DuplicateDismissals::Kind))
                    // The pair, smaller id first, so each pair has one row.
                    .col(big_integer(DuplicateDismissals::LowId))
                    .col(big_integer(DuplicateDismissals::HighId))
                    .col(big_integer_null(DuplicateDismissals::ActorId))
                    .col(timestamp_with_time_zone(DuplicateDismissals::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_duplicate_dismissals_actor")
                            .from(DuplicateDismissals::Table, DuplicateDismissals::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_duplicate_dismissals_pair")
                    .table(DuplicateDismissals::Table)
                    .col(DuplicateDismissals::Kind)
                    .col(DuplicateDismissals::LowId)
                    .col(DuplicateDismissals::HighId)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            DuplicateDismissals::Table.into_iden(),
            Merges::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
