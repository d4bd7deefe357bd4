//! Service tickets and their comments (issue 8). A ticket's history is
//! the audit log's; the service levels are a setting.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Tickets {
    Table,
    Id,
    Kind,
    Subject,
    Description,
    AccountId,
    ContactId,
    Priority,
    Status,
    AssigneeId,
    TeamId,
    CreatedBy,
    FirstResponseAt,
    ResolvedAt,
    ClosedAt,
    Rating,
    RatingComment,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TicketComments {
    Table,
    Id,
    TicketId,
    AuthorId,
    Body,
    Visibility,
    CreatedAt,
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
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
}

fn fk(
    name: &str,
    from: Tickets,
    to: impl IntoTableRef,
    to_col: impl IntoIden,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(Tickets::Table, from)
        .to(to, to_col)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
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
                    .table(Tickets::Table)
                    .col(big_pk_auto(Tickets::Id))
                    .col(string(Tickets::Kind))
                    .col(string(Tickets::Subject))
                    .col(text(Tickets::Description))
                    .col(big_integer_null(Tickets::AccountId))
                    .col(big_integer_null(Tickets::ContactId))
                    .col(string(Tickets::Priority))
                    .col(string(Tickets::Status))
                    .col(big_integer_null(Tickets::AssigneeId))
                    .col(big_integer_null(Tickets::TeamId))
                    .col(big_integer_null(Tickets::CreatedBy))
                    // When the clocks stopped: the first customer-visible
                    // reply, the resolution, the closing.
                    .col(timestamp_with_time_zone_null(Tickets::FirstResponseAt))
                    .col(timestamp_with_time_zone_null(Tickets::ResolvedAt))
                    .col(timestamp_with_time_zone_null(Tickets::ClosedAt))
                    // 1–5, given when the ticket is closed.
                    .col(small_integer_null(Tickets::Rating))
                    .col(text(Tickets::RatingComment))
                    .col(big_integer(Tickets::Version))
                    .col(timestamp_with_time_zone(Tickets::CreatedAt))
                    .col(timestamp_with_time_zone(Tickets::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_tickets_account",
                        Tickets::AccountId,
                        Accounts::Table,
                        Accounts::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_contact",
                        Tickets::ContactId,
                        Contacts::Table,
                        Contacts::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_assignee",
                        Tickets::AssigneeId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_team",
                        Tickets::TeamId,
                        Teams::Table,
                        Teams::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_tickets_created_by",
                        Tickets::CreatedBy,
                        Users::Table,
                        Users::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        for (name, cols) in [
            (
                "ix_tickets_status",
                vec![Tickets::Status, Tickets::CreatedAt],
            ),
            (
                "ix_tickets_assignee",
                vec![Tickets::AssigneeId, Tickets::Status],
            ),
            ("ix_tickets_account", vec![Tickets::AccountId]),
        ] {
            let mut ix = Index::create();
            ix.name(name).table(Tickets::Table);
            for c in cols {
                ix.col(c);
            }
            manager.create_index(ix.to_owned()).await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(TicketComments::Table)
                    .col(big_pk_auto(TicketComments::Id))
                    .col(big_integer(TicketComments::TicketId))
                    .col(big_integer_null(TicketComments::AuthorId))
                    .col(text(TicketComments::Body))
                    // "internal" or "customer".
                    .col(string(TicketComments::Visibility))
                    .col(timestamp_with_time_zone(TicketComments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_comments_ticket")
                            .from(TicketComments::Table, TicketComments::TicketId)
                            .to(Tickets::Table, Tickets::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_ticket_comments_author")
                            .from(TicketComments::Table, TicketComments::AuthorId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_ticket_comments_ticket")
                    .table(TicketComments::Table)
                    .col(TicketComments::TicketId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(TicketComments::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Tickets::Table).to_owned())
            .await
    }
}
