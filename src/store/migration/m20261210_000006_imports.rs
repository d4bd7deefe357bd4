//! Import history: one row per committed import, and one per record it
//! created or updated, so an import can be listed and undone.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Imports {
    Table,
    Id,
    Kind,
    FileName,
    ActorId,
    Created,
    Updated,
    Skipped,
    Failed,
    Mapping,
    Status,
    CreatedAt,
    UndoneAt,
    UndoneBy,
}

#[derive(DeriveIden)]
enum ImportRecords {
    Table,
    Id,
    ImportId,
    Entity,
    RecordId,
    Action,
    Version,
    Before,
    ExternalId,
    Row,
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
                    .table(Imports::Table)
                    .col(big_pk_auto(Imports::Id))
                    .col(string(Imports::Kind))
                    .col(string(Imports::FileName))
                    .col(big_integer_null(Imports::ActorId))
                    .col(big_integer(Imports::Created))
                    .col(big_integer(Imports::Updated))
                    .col(big_integer(Imports::Skipped))
                    .col(big_integer(Imports::Failed))
                    // The mapping as JSON, so a later import of the same
                    // export can start from it.
                    .col(text(Imports::Mapping))
                    .col(string(Imports::Status))
                    .col(timestamp_with_time_zone(Imports::CreatedAt))
                    .col(timestamp_with_time_zone_null(Imports::UndoneAt))
                    .col(big_integer_null(Imports::UndoneBy))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_imports_actor")
                            .from(Imports::Table, Imports::ActorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_imports_undone_by")
                            .from(Imports::Table, Imports::UndoneBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ImportRecords::Table)
                    .col(big_pk_auto(ImportRecords::Id))
                    .col(big_integer(ImportRecords::ImportId))
                    // "account", "contact", "deal", "user", "team".
                    .col(string(ImportRecords::Entity))
                    // Not a foreign key: it points into one of several
                    // tables, and an undone import's rows outlive the
                    // records they name.
                    .col(big_integer(ImportRecords::RecordId))
                    // "create" or "update".
                    .col(string(ImportRecords::Action))
                    // The record's version as the import left it: undo
                    // refuses when it has moved on.
                    .col(big_integer(ImportRecords::Version))
                    // Updates: the columns the import overwrote, as JSON.
                    .col(text_null(ImportRecords::Before))
                    .col(string_null(ImportRecords::ExternalId))
                    .col(integer(ImportRecords::Row))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_import_records_import")
                            .from(ImportRecords::Table, ImportRecords::ImportId)
                            .to(Imports::Table, Imports::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_import_records_import")
                    .table(ImportRecords::Table)
                    .col(ImportRecords::ImportId)
                    .col(ImportRecords::Entity)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_import_records_external")
                    .table(ImportRecords::Table)
                    .col(ImportRecords::Entity)
                    .col(ImportRecords::ExternalId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_imports_created")
                    .table(Imports::Table)
                    .col(Imports::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [ImportRecords::Table.into_iden(), Imports::Table.into_iden()] {
            manager
                .drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
