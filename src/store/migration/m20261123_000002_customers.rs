//! Customers: accounts, contacts, leads, activities, tags, the search
//! index and settings.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Name,
    SortKey,
    NameKey,
    Industry,
    Source,
    Website,
    Domain,
    Phone,
    PhoneKey,
    Email,
    EmailKey,
    Address,
    OwnerId,
    TeamId,
    Tags,
    Lifecycle,
    Grade,
    AnnualRevenue,
    Notes,
    LastActivityAt,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    AccountId,
    Name,
    SortKey,
    Title,
    Email,
    EmailKey,
    Phone,
    PhoneKey,
    Address,
    OwnerId,
    TeamId,
    Tags,
    Notes,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Leads {
    Table,
    Id,
    Name,
    SortKey,
    Company,
    CompanyKey,
    Title,
    Email,
    EmailKey,
    Phone,
    PhoneKey,
    Website,
    Domain,
    Source,
    Notes,
    Status,
    DisqualifyReason,
    OwnerId,
    TeamId,
    ConvertedAccountId,
    ConvertedContactId,
    Version,
    CreatedAt,
    UpdatedAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    Id,
    Kind,
    Subject,
    Body,
    AccountId,
    ContactId,
    LeadId,
    OccurredAt,
    DueOn,
    AssigneeId,
    AuthorId,
    TeamId,
    DoneAt,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum RecordTags {
    Table,
    Id,
    Kind,
    RecordId,
    TagKey,
}

#[derive(DeriveIden)]
enum SearchTerms {
    Table,
    Id,
    Term,
    Kind,
    RecordId,
    OwnerId,
    TeamId,
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Key,
    Value,
    Version,
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

fn fk(
    name: &str,
    from: (impl IntoIden, impl IntoIden),
    to: (impl IntoIden, impl IntoIden),
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(ForeignKeyAction::SetNull)
        .to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
) -> Result<(), DbErr> {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(c);
    }
    manager.create_index(i).await
}

macro_rules! cols {
    ($($c:expr),*) => { vec![$($c.into_iden()),*] };
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
                    .table(Accounts::Table)
                    .col(big_pk_auto(Accounts::Id))
                    .col(string(Accounts::Name))
                    .col(string(Accounts::SortKey))
                    .col(string(Accounts::NameKey))
                    .col(string(Accounts::Industry))
                    .col(string(Accounts::Source))
                    .col(string(Accounts::Website))
                    .col(string(Accounts::Domain))
                    .col(string(Accounts::Phone))
                    .col(string(Accounts::PhoneKey))
                    .col(string(Accounts::Email))
                    .col(string(Accounts::EmailKey))
                    .col(text(Accounts::Address))
                    .col(big_integer_null(Accounts::OwnerId))
                    .col(big_integer_null(Accounts::TeamId))
                    .col(text(Accounts::Tags))
                    .col(string(Accounts::Lifecycle))
                    .col(string(Accounts::Grade))
                    .col(big_integer_null(Accounts::AnnualRevenue))
                    .col(text(Accounts::Notes))
                    .col(timestamp_with_time_zone_null(Accounts::LastActivityAt))
                    .col(big_integer(Accounts::Version))
                    .col(timestamp_with_time_zone(Accounts::CreatedAt))
                    .col(timestamp_with_time_zone(Accounts::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Accounts::DeletedAt))
                    .foreign_key(&mut fk(
                        "fk_accounts_owner",
                        (Accounts::Table, Accounts::OwnerId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_accounts_team",
                        (Accounts::Table, Accounts::TeamId),
                        (Teams::Table, Teams::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_accounts_sort",
            Accounts::Table,
            cols![Accounts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_accounts_owner",
            Accounts::Table,
            cols![Accounts::OwnerId, Accounts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_accounts_team",
            Accounts::Table,
            cols![Accounts::TeamId, Accounts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_accounts_grade",
            Accounts::Table,
            cols![Accounts::Grade, Accounts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_accounts_lifecycle",
            Accounts::Table,
            cols![Accounts::Lifecycle, Accounts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_accounts_industry",
            Accounts::Table,
            cols![Accounts::Industry, Accounts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_accounts_updated",
            Accounts::Table,
            cols![Accounts::UpdatedAt],
        )
        .await?;
        index(
            manager,
            "ix_accounts_activity",
            Accounts::Table,
            cols![Accounts::LastActivityAt],
        )
        .await?;
        index(
            manager,
            "ix_accounts_name_key",
            Accounts::Table,
            cols![Accounts::NameKey],
        )
        .await?;
        index(
            manager,
            "ix_accounts_domain",
            Accounts::Table,
            cols![Accounts::Domain],
        )
        .await?;
        index(
            manager,
            "ix_accounts_deleted",
            Accounts::Table,
            cols![Accounts::DeletedAt],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .col(big_pk_auto(Contacts::Id))
                    .col(big_integer_null(Contacts::AccountId))
                    .col(string(Contacts::Name))
                    .col(string(Contacts::SortKey))
                    .col(string(Contacts::Title))
                    .col(string(Contacts::Email))
                    .col(string(Contacts::EmailKey))
                    .col(string(Contacts::Phone))
                    .col(string(Contacts::PhoneKey))
                    .col(text(Contacts::Address))
                    .col(big_integer_null(Contacts::OwnerId))
                    .col(big_integer_null(Contacts::TeamId))
                    .col(text(Contacts::Tags))
                    .col(text(Contacts::Notes))
                    .col(big_integer(Contacts::Version))
                    .col(timestamp_with_time_zone(Contacts::CreatedAt))
                    .col(timestamp_with_time_zone(Contacts::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Contacts::DeletedAt))
                    .foreign_key(&mut fk(
                        "fk_contacts_account",
                        (Contacts::Table, Contacts::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_contacts_owner",
                        (Contacts::Table, Contacts::OwnerId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_contacts_team",
                        (Contacts::Table, Contacts::TeamId),
                        (Teams::Table, Teams::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_contacts_account",
            Contacts::Table,
            cols![Contacts::AccountId, Contacts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_contacts_sort",
            Contacts::Table,
            cols![Contacts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_contacts_owner",
            Contacts::Table,
            cols![Contacts::OwnerId, Contacts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_contacts_team",
            Contacts::Table,
            cols![Contacts::TeamId, Contacts::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_contacts_email",
            Contacts::Table,
            cols![Contacts::EmailKey],
        )
        .await?;
        index(
            manager,
            "ix_contacts_phone",
            Contacts::Table,
            cols![Contacts::PhoneKey],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Leads::Table)
                    .col(big_pk_auto(Leads::Id))
                    .col(string(Leads::Name))
                    .col(string(Leads::SortKey))
                    .col(string(Leads::Company))
                    .col(string(Leads::CompanyKey))
                    .col(string(Leads::Title))
                    .col(string(Leads::Email))
                    .col(string(Leads::EmailKey))
                    .col(string(Leads::Phone))
                    .col(string(Leads::PhoneKey))
                    .col(string(Leads::Website))
                    .col(string(Leads::Domain))
                    .col(string(Leads::Source))
                    .col(text(Leads::Notes))
                    .col(string(Leads::Status))
                    .col(string(Leads::DisqualifyReason))
                    .col(big_integer_null(Leads::OwnerId))
                    .col(big_integer_null(Leads::TeamId))
                    .col(big_integer_null(Leads::ConvertedAccountId))
                    .col(big_integer_null(Leads::ConvertedContactId))
                    .col(big_integer(Leads::Version))
                    .col(timestamp_with_time_zone(Leads::CreatedAt))
                    .col(timestamp_with_time_zone(Leads::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Leads::DeletedAt))
                    .foreign_key(&mut fk(
                        "fk_leads_owner",
                        (Leads::Table, Leads::OwnerId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_leads_team",
                        (Leads::Table, Leads::TeamId),
                        (Teams::Table, Teams::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_leads_account",
                        (Leads::Table, Leads::ConvertedAccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_leads_contact",
                        (Leads::Table, Leads::ConvertedContactId),
                        (Contacts::Table, Contacts::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_leads_sort",
            Leads::Table,
            cols![Leads::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_leads_status",
            Leads::Table,
            cols![Leads::Status, Leads::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_leads_owner",
            Leads::Table,
            cols![Leads::OwnerId, Leads::SortKey],
        )
        .await?;
        index(
            manager,
            "ix_leads_email",
            Leads::Table,
            cols![Leads::EmailKey],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Activities::Table)
                    .col(big_pk_auto(Activities::Id))
                    .col(string(Activities::Kind))
                    .col(string(Activities::Subject))
                    .col(text(Activities::Body))
                    .col(big_integer_null(Activities::AccountId))
                    .col(big_integer_null(Activities::ContactId))
                    .col(big_integer_null(Activities::LeadId))
                    .col(timestamp_with_time_zone(Activities::OccurredAt))
                    .col(date_null(Activities::DueOn))
                    .col(big_integer_null(Activities::AssigneeId))
                    .col(big_integer_null(Activities::AuthorId))
                    .col(big_integer_null(Activities::TeamId))
                    .col(timestamp_with_time_zone_null(Activities::DoneAt))
                    .col(big_integer(Activities::Version))
                    .col(timestamp_with_time_zone(Activities::CreatedAt))
                    .col(timestamp_with_time_zone(Activities::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_activities_account",
                        (Activities::Table, Activities::AccountId),
                        (Accounts::Table, Accounts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_activities_contact",
                        (Activities::Table, Activities::ContactId),
                        (Contacts::Table, Contacts::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_activities_lead",
                        (Activities::Table, Activities::LeadId),
                        (Leads::Table, Leads::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_activities_assignee",
                        (Activities::Table, Activities::AssigneeId),
                        (Users::Table, Users::Id),
                    ))
                    .foreign_key(&mut fk(
                        "fk_activities_author",
                        (Activities::Table, Activities::AuthorId),
                        (Users::Table, Users::Id),
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_activities_account",
            Activities::Table,
            cols![Activities::AccountId, Activities::OccurredAt],
        )
        .await?;
        index(
            manager,
            "ix_activities_contact",
            Activities::Table,
            cols![Activities::ContactId, Activities::OccurredAt],
        )
        .await?;
        index(
            manager,
            "ix_activities_lead",
            Activities::Table,
            cols![Activities::LeadId, Activities::OccurredAt],
        )
        .await?;
        index(
            manager,
            "ix_activities_due",
            Activities::Table,
            cols![
                Activities::AssigneeId,
                Activities::DoneAt,
                Activities::DueOn
            ],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(RecordTags::Table)
                    .col(big_pk_auto(RecordTags::Id))
                    .col(string(RecordTags::Kind))
                    .col(big_integer(RecordTags::RecordId))
                    .col(string(RecordTags::TagKey))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_record_tags_tag",
            RecordTags::Table,
            cols![RecordTags::Kind, RecordTags::TagKey, RecordTags::RecordId],
        )
        .await?;
        index(
            manager,
            "ix_record_tags_record",
            RecordTags::Table,
            cols![RecordTags::Kind, RecordTags::RecordId],
        )
        .await?;

        // Terms compare byte-wise on both backends, so a prefix is a range
        // scan of the same rows in the same order (PostgreSQL's default
        // collation would order by locale rules instead).
        let mut term = string(SearchTerms::Term);
        if manager.get_database_backend() == DbBackend::Postgres {
            term.extra("COLLATE \"C\"");
        }
        manager
            .create_table(
                Table::create()
                    .table(SearchTerms::Table)
                    .col(big_pk_auto(SearchTerms::Id))
                    .col(term)
                    .col(string(SearchTerms::Kind))
                    .col(big_integer(SearchTerms::RecordId))
                    .col(big_integer_null(SearchTerms::OwnerId))
                    .col(big_integer_null(SearchTerms::TeamId))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_search_terms_term",
            SearchTerms::Table,
            cols![SearchTerms::Term],
        )
        .await?;
        index(
            manager,
            "ix_search_terms_record",
            SearchTerms::Table,
            cols![SearchTerms::Kind, SearchTerms::RecordId, SearchTerms::Term],
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(Settings::Table)
                    .col(string(Settings::Key).primary_key())
                    .col(text(Settings::Value))
                    .col(big_integer(Settings::Version))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
