//! Indexes shaped by the list, search and "My day" queries at 100k
//! accounts (see `benches/customers.rs`). They replace the first
//! customers migration's plain indexes of the same names.
//!
//! Lists show live records (`deleted_at IS NULL`): an index of only those
//! rows gives a page in its order and counts the total from the index
//! alone, without a table lookup per row to check `deleted_at` (and the
//! old full index on `deleted_at`, one huge run of NULLs, lured SQLite
//! into sorting every row for a page). Each list index ends with the id
//! (the list's tie-break) and, where a filter is common, the owner and
//! team, so a sales person's scope is checked from the index too. Both
//! backends use a partial index when the query states its condition.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    SortKey,
    OwnerId,
    TeamId,
    Grade,
    Lifecycle,
    Industry,
    UpdatedAt,
    LastActivityAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    SortKey,
    OwnerId,
    TeamId,
    DeletedAt,
}

#[derive(DeriveIden)]
enum Activities {
    Table,
    ContactId,
    LeadId,
    AssigneeId,
    DoneAt,
    DueOn,
    OccurredAt,
}

#[derive(DeriveIden)]
enum SearchTerms {
    Table,
    Term,
    Kind,
    RecordId,
    OwnerId,
    TeamId,
}

macro_rules! cols {
    ($($c:expr),*) => { vec![$($c.into_iden()),*] };
}

/// The index, of only the rows where `only` holds when it is given.
async fn create(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    only: Option<SimpleExpr>,
) -> Result<(), DbErr> {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(c);
    }
    if let Some(only) = only {
        i.and_where(only);
    }
    manager.create_index(i).await
}

async fn drop(manager: &SchemaManager<'_>, name: &str, table: impl IntoIden) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(table).if_exists().to_owned())
        .await
}

/// The first customers migration's indexes that this one replaces.
const REPLACED: [(&str, &str); 17] = [
    ("ix_accounts_sort", "accounts"),
    ("ix_accounts_owner", "accounts"),
    ("ix_accounts_team", "accounts"),
    ("ix_accounts_grade", "accounts"),
    ("ix_accounts_lifecycle", "accounts"),
    ("ix_accounts_industry", "accounts"),
    ("ix_accounts_updated", "accounts"),
    ("ix_accounts_activity", "accounts"),
    ("ix_accounts_deleted", "accounts"),
    ("ix_contacts_sort", "contacts"),
    ("ix_contacts_owner", "contacts"),
    ("ix_contacts_team", "contacts"),
    ("ix_activities_contact", "activities"),
    ("ix_activities_lead", "activities"),
    ("ix_activities_due", "activities"),
    ("ix_search_terms_term", "search_terms"),
    ("ix_search_terms_record", "search_terms"),
];

/// The names this migration creates that the first one did not have.
const ADDED: [(&str, &str); 2] = [
    ("ix_accounts_trash", "accounts"),
    ("ix_contacts_trash", "contacts"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// One transaction per migration on SQLite too (sea-orm's default
    /// is none there): its statements then run on one connection, and a
    /// crash mid-way leaves the schema as it was before it.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // ADDED too: a development database may have them from an earlier
        // draft of the customers migration.
        for (name, table) in REPLACED.iter().chain(ADDED.iter()) {
            drop(manager, name, Alias::new(*table)).await?;
        }

        let live = || Some(Expr::col(Accounts::DeletedAt).is_null());
        create(
            manager,
            "ix_accounts_sort",
            Accounts::Table,
            cols![
                Accounts::SortKey,
                Accounts::Id,
                Accounts::OwnerId,
                Accounts::TeamId
            ],
            live(),
        )
        .await?;
        for (name, by) in [
            ("ix_accounts_owner", Accounts::OwnerId),
            ("ix_accounts_team", Accounts::TeamId),
        ] {
            create(
                manager,
                name,
                Accounts::Table,
                cols![by, Accounts::SortKey, Accounts::Id],
                live(),
            )
            .await?;
        }
        for (name, by) in [
            ("ix_accounts_grade", Accounts::Grade),
            ("ix_accounts_lifecycle", Accounts::Lifecycle),
            ("ix_accounts_industry", Accounts::Industry),
        ] {
            create(
                manager,
                name,
                Accounts::Table,
                cols![
                    by,
                    Accounts::SortKey,
                    Accounts::Id,
                    Accounts::OwnerId,
                    Accounts::TeamId
                ],
                live(),
            )
            .await?;
        }
        for (name, by) in [
            ("ix_accounts_updated", Accounts::UpdatedAt),
            ("ix_accounts_activity", Accounts::LastActivityAt),
        ] {
            create(
                manager,
                name,
                Accounts::Table,
                cols![by, Accounts::Id],
                live(),
            )
            .await?;
        }
        // The Trash, in name order.
        create(
            manager,
            "ix_accounts_trash",
            Accounts::Table,
            cols![Accounts::SortKey],
            Some(Expr::col(Accounts::DeletedAt).is_not_null()),
        )
        .await?;

        let live = || Some(Expr::col(Contacts::DeletedAt).is_null());
        create(
            manager,
            "ix_contacts_sort",
            Contacts::Table,
            cols![
                Contacts::SortKey,
                Contacts::Id,
                Contacts::OwnerId,
                Contacts::TeamId
            ],
            live(),
        )
        .await?;
        for (name, by) in [
            ("ix_contacts_owner", Contacts::OwnerId),
            ("ix_contacts_team", Contacts::TeamId),
        ] {
            create(
                manager,
                name,
                Contacts::Table,
                cols![by, Contacts::SortKey, Contacts::Id],
                live(),
            )
            .await?;
        }
        create(
            manager,
            "ix_contacts_trash",
            Contacts::Table,
            cols![Contacts::SortKey],
            Some(Expr::col(Contacts::DeletedAt).is_not_null()),
        )
        .await?;

        // Most activities have no contact, lead or assignee (only tasks
        // have one, for "My day").
        create(
            manager,
            "ix_activities_contact",
            Activities::Table,
            cols![Activities::ContactId, Activities::OccurredAt],
            Some(Expr::col(Activities::ContactId).is_not_null()),
        )
        .await?;
        create(
            manager,
            "ix_activities_lead",
            Activities::Table,
            cols![Activities::LeadId, Activities::OccurredAt],
            Some(Expr::col(Activities::LeadId).is_not_null()),
        )
        .await?;
        create(
            manager,
            "ix_activities_due",
            Activities::Table,
            cols![
                Activities::AssigneeId,
                Activities::DoneAt,
                Activities::DueOn
            ],
            Some(Expr::col(Activities::AssigneeId).is_not_null()),
        )
        .await?;

        // Covering: the search box's range scan reads the record and
        // checks the reader's scope from the index alone, without a table
        // lookup for each of the many terms a short prefix matches.
        create(
            manager,
            "ix_search_terms_term",
            SearchTerms::Table,
            cols![
                SearchTerms::Term,
                SearchTerms::Kind,
                SearchTerms::RecordId,
                SearchTerms::OwnerId,
                SearchTerms::TeamId
            ],
            None,
        )
        .await?;
        // A record's terms (rewritten on every edit; the other words of a
        // search are checked here). The id leads so that `kind = ?` alone
        // cannot use it: otherwise SQLite, without statistics, scans every
        // term of that kind for the list's text filter instead of the
        // prefix's range on the index above.
        create(
            manager,
            "ix_search_terms_record",
            SearchTerms::Table,
            cols![SearchTerms::RecordId, SearchTerms::Kind, SearchTerms::Term],
            None,
        )
        .await?;
        Ok(())
    }

    /// Back to the first customers migration's indexes.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table) in REPLACED.iter().chain(ADDED.iter()) {
            drop(manager, name, Alias::new(*table)).await?;
        }
        let plain = [
            ("ix_accounts_sort", "accounts", vec!["sort_key"]),
            (
                "ix_accounts_owner",
                "accounts",
                vec!["owner_id", "sort_key"],
            ),
            ("ix_accounts_team", "accounts", vec!["team_id", "sort_key"]),
            ("ix_accounts_grade", "accounts", vec!["grade", "sort_key"]),
            (
                "ix_accounts_lifecycle",
                "accounts",
                vec!["lifecycle", "sort_key"],
            ),
            (
                "ix_accounts_industry",
                "accounts",
                vec!["industry", "sort_key"],
            ),
            ("ix_accounts_updated", "accounts", vec!["updated_at"]),
            ("ix_accounts_activity", "accounts", vec!["last_activity_at"]),
            ("ix_accounts_deleted", "accounts", vec!["deleted_at"]),
            ("ix_contacts_sort", "contacts", vec!["sort_key"]),
            (
                "ix_contacts_owner",
                "contacts",
                vec!["owner_id", "sort_key"],
            ),
            ("ix_contacts_team", "contacts", vec!["team_id", "sort_key"]),
            (
                "ix_activities_contact",
                "activities",
                vec!["contact_id", "occurred_at"],
            ),
            (
                "ix_activities_lead",
                "activities",
                vec!["lead_id", "occurred_at"],
            ),
            (
                "ix_activities_due",
                "activities",
                vec!["assignee_id", "done_at", "due_on"],
            ),
            ("ix_search_terms_term", "search_terms", vec!["term"]),
            (
                "ix_search_terms_record",
                "search_terms",
                vec!["kind", "record_id", "term"],
            ),
        ];
        for (name, table, columns) in plain {
            let columns = columns
                .into_iter()
                .map(|c| Alias::new(c).into_iden())
                .collect();
            create(manager, name, Alias::new(table), columns, None).await?;
        }
        Ok(())
    }
}
