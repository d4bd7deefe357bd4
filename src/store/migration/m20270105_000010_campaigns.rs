//! Campaigns and their members (issue 8), and a lead's campaign (the
//! source it came from, counted toward the campaign's leads).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    Name,
    Kind,
    Status,
    StartOn,
    EndOn,
    Budget,
    ActualCost,
    Currency,
    Description,
    Audience,
    OwnerId,
    TeamId,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum CampaignMembers {
    Table,
    Id,
    CampaignId,
    ContactId,
    LeadId,
    Status,
    Version,
    AddedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Leads {
    Table,
    CampaignId,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Teams {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Campaigns::Table)
                    .col(big_pk_auto(Campaigns::Id))
                    .col(string(Campaigns::Name))
                    .col(string(Campaigns::Kind))
                    .col(string(Campaigns::Status))
                    .col(date_null(Campaigns::StartOn))
                    .col(date_null(Campaigns::EndOn))
                    // Minor units of `currency`.
                    .col(big_integer(Campaigns::Budget))
                    .col(big_integer(Campaigns::ActualCost))
                    .col(string(Campaigns::Currency))
                    .col(text(Campaigns::Description))
                    // The saved audience filter as JSON; empty when none.
                    .col(text(Campaigns::Audience))
                    .col(big_integer_null(Campaigns::OwnerId))
                    .col(big_integer_null(Campaigns::TeamId))
                    .col(big_integer(Campaigns::Version))
                    .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                    .col(timestamp_with_time_zone(Campaigns::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaigns_owner")
                            .from(Campaigns::Table, Campaigns::OwnerId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaigns_team")
                            .from(Campaigns::Table, Campaigns::TeamId)
                            .to(Teams::Table, Teams::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(CampaignMembers::Table)
                    .col(big_pk_auto(CampaignMembers::Id))
                    .col(big_integer(CampaignMembers::CampaignId))
                    // Exactly one of contact and lead is set.
                    .col(big_integer_null(CampaignMembers::ContactId))
                    .col(big_integer_null(CampaignMembers::LeadId))
                    .col(string(CampaignMembers::Status))
                    .col(big_integer(CampaignMembers::Version))
                    .col(timestamp_with_time_zone(CampaignMembers::AddedAt))
                    .col(timestamp_with_time_zone(CampaignMembers::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaign_members_campaign")
                            .from(CampaignMembers::Table, CampaignMembers::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_campaign_members_contact")
                            .from(CampaignMembers::Table, CampaignMembers::ContactId)
                            .to(Contacts::Table, Contacts::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // One membership per person and campaign (NULLs never collide, so
        // each index only binds its own kind).
        for (name, col) in [
            ("ux_campaign_members_contact", CampaignMembers::ContactId),
            ("ux_campaign_members_lead", CampaignMembers::LeadId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(CampaignMembers::Table)
                        .col(col)
                        .col(CampaignMembers::CampaignId)
                        .unique()
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("ix_campaign_members_campaign")
                    .table(CampaignMembers::Table)
                    .col(CampaignMembers::CampaignId)
                    .col(CampaignMembers::AddedAt)
                    .to_owned(),
            )
            .await?;
        // SQLite cannot add a foreign key to an existing table; the store
        // clears a deleted campaign from its leads in the same transaction.
        manager
            .alter_table(
                Table::alter()
                    .table(Leads::Table)
                    .add_column(big_integer_null(Leads::CampaignId))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_leads_campaign")
                    .table(Leads::Table)
                    .col(Leads::CampaignId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(Index::drop().name("ix_leads_campaign").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Leads::Table)
                    .drop_column(Leads::CampaignId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(CampaignMembers::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Campaigns::Table).to_owned())
            .await
    }
}
