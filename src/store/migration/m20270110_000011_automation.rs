//! Automation rules, the marks that make time-based triggers fire once
//! per record, and in-app notifications (issue 8).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum AutomationRules {
    Table,
    Id,
    Name,
    Enabled,
    TriggerKey,
    Trigger,
    Conditions,
    Actions,
    Fired,
    LastFiredAt,
    RrCursor,
    CreatedBy,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum AutomationMarks {
    Table,
    Id,
    RuleId,
    Mark,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notifications {
    Table,
    Id,
    UserId,
    Title,
    Body,
    Link,
    RuleId,
    ReadAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Users {
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
                    .table(AutomationRules::Table)
                    .col(big_pk_auto(AutomationRules::Id))
                    .col(string(AutomationRules::Name))
                    .col(boolean(AutomationRules::Enabled))
                    // `Trigger::key`: the rules an event may wake, by index.
                    .col(string(AutomationRules::TriggerKey))
                    // The trigger, conditions and actions as JSON.
                    .col(text(AutomationRules::Trigger))
                    .col(text(AutomationRules::Conditions))
                    .col(text(AutomationRules::Actions))
                    .col(big_integer(AutomationRules::Fired))
                    .col(timestamp_with_time_zone_null(AutomationRules::LastFiredAt))
                    // The user the last round-robin assignment went to.
                    .col(big_integer_null(AutomationRules::RrCursor))
                    .col(big_integer_null(AutomationRules::CreatedBy))
                    .col(big_integer(AutomationRules::Version))
                    .col(timestamp_with_time_zone(AutomationRules::CreatedAt))
                    .col(timestamp_with_time_zone(AutomationRules::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_automation_rules_created_by")
                            .from(AutomationRules::Table, AutomationRules::CreatedBy)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_automation_rules_trigger")
                    .table(AutomationRules::Table)
                    .col(AutomationRules::TriggerKey)
                    .col(AutomationRules::Enabled)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AutomationMarks::Table)
                    .col(big_pk_auto(AutomationMarks::Id))
                    .col(big_integer(AutomationMarks::RuleId))
                    // What fired, e.g. "ticket:7:breached".
                    .col(string(AutomationMarks::Mark))
                    .col(timestamp_with_time_zone(AutomationMarks::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_automation_marks_rule")
                            .from(AutomationMarks::Table, AutomationMarks::RuleId)
                            .to(AutomationRules::Table, AutomationRules::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_automation_marks")
                    .table(AutomationMarks::Table)
                    .col(AutomationMarks::RuleId)
                    .col(AutomationMarks::Mark)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Notifications::Table)
                    .col(big_pk_auto(Notifications::Id))
                    .col(big_integer(Notifications::UserId))
                    .col(string(Notifications::Title))
                    .col(text(Notifications::Body))
                    .col(string(Notifications::Link))
                    .col(big_integer_null(Notifications::RuleId))
                    .col(timestamp_with_time_zone_null(Notifications::ReadAt))
                    .col(timestamp_with_time_zone(Notifications::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_notifications_user")
                            .from(Notifications::Table, Notifications::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_notifications_user")
                    .table(Notifications::Table)
                    .col(Notifications::UserId)
                    .col(Notifications::ReadAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Notifications::Table.into_iden(),
            AutomationMarks::Table.into_iden(),
            AutomationRules::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
