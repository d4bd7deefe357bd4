//! Sales: pipelines with ordered stages, deals, their contacts and their
//! stage history. Installs one default pipeline.

use chrono::Utc;
use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

use crate::domain::sales::pipeline::DEFAULT_STAGES;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Pipelines {
    Table,
    Id,
    Name,
    Position,
    Version,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Stages {
    Table,
    Id,
    PipelineId,
    Name,
    Probability,
    RottingDays,
    Position,
    Version,
}

#[derive(DeriveIden)]
enum Deals {
    Table,
    Id,
    Title,
    AccountId,
    Amount,
    Currency,
    ExpectedClose,
    OwnerId,
    TeamId,
    PipelineId,
    StageId,
    Probability,
    ProbabilityOverridden,
    Status,
    LostReason,
    Rank,
    Notes,
    Version,
    CreatedAt,
    UpdatedAt,
    ClosedAt,
    EnteredStageAt,
    DeletedAt,
}

#[derive(DeriveIden)]
enum DealContacts {
    Table,
    DealId,
    ContactId,
}

#[derive(DeriveIden)]
enum StageVisits {
    Table,
    Id,
    DealId,
    StageId,
    EnteredAt,
    LeftAt,
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
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from.0, from.1)
        .to(to.0, to.1)
        .on_delete(on_delete)
        .to_owned()
}

async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: impl IntoIden,
    cols: Vec<DynIden>,
    only: Option<SimpleExpr>,
    unique: bool,
) -> Result<(), DbErr> {
    let mut i = Index::create().name(name).table(table).to_owned();
    for c in cols {
        i.col(c);
    }
    if let Some(only) = only {
        i.and_where(only);
    }
    if unique {
        i.unique();
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
                    .table(Pipelines::Table)
                    .col(big_pk_auto(Pipelines::Id))
                    .col(string(Pipelines::Name))
                    .col(integer(Pipelines::Position))
                    .col(big_integer(Pipelines::Version))
                    .col(timestamp_with_time_zone(Pipelines::CreatedAt))
                    .col(timestamp_with_time_zone(Pipelines::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Stages::Table)
                    .col(big_pk_auto(Stages::Id))
                    .col(big_integer(Stages::PipelineId))
                    .col(string(Stages::Name))
                    .col(small_integer(Stages::Probability))
                    .col(integer_null(Stages::RottingDays))
                    .col(integer(Stages::Position))
                    // Bumped by every move into the stage: the row PostgreSQL
                    // locks to order concurrent moves into one column.
                    .col(big_integer(Stages::Version))
                    .foreign_key(&mut fk(
                        "fk_stages_pipeline",
                        (Stages::Table, Stages::PipelineId),
                        (Pipelines::Table, Pipelines::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_stages_pipeline",
            Stages::Table,
            cols![Stages::PipelineId, Stages::Position],
            None,
            false,
        )
        .await?;

        // The rank sorts as bytes on both backends (see domain::sales::rank).
        let mut rank = string(Deals::Rank);
        if manager.get_database_backend() == DbBackend::Postgres {
            rank.extra("COLLATE \"C\"");
        }
        manager
            .create_table(
                Table::create()
                    .table(Deals::Table)
                    .col(big_pk_auto(Deals::Id))
                    .col(string(Deals::Title))
                    .col(big_integer_null(Deals::AccountId))
                    .col(big_integer(Deals::Amount))
                    .col(string_len(Deals::Currency, 3))
                    .col(date_null(Deals::ExpectedClose))
                    .col(big_integer_null(Deals::OwnerId))
                    .col(big_integer_null(Deals::TeamId))
                    .col(big_integer(Deals::PipelineId))
                    .col(big_integer(Deals::StageId))
                    .col(small_integer(Deals::Probability))
                    .col(boolean(Deals::ProbabilityOverridden))
                    .col(string(Deals::Status))
                    .col(text(Deals::LostReason))
                    .col(rank)
                    .col(text(Deals::Notes))
                    .col(big_integer(Deals::Version))
                    .col(timestamp_with_time_zone(Deals::CreatedAt))
                    .col(timestamp_with_time_zone(Deals::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Deals::ClosedAt))
                    .col(timestamp_with_time_zone(Deals::EnteredStageAt))
                    .col(timestamp_with_time_zone_null(Deals::DeletedAt))
                    .foreign_key(&mut fk(
                        "fk_deals_account",
                        (Deals::Table, Deals::AccountId),
                        (Accounts::Table, Accounts::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_deals_owner",
                        (Deals::Table, Deals::OwnerId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_deals_team",
                        (Deals::Table, Deals::TeamId),
                        (Teams::Table, Teams::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_deals_pipeline",
                        (Deals::Table, Deals::PipelineId),
                        (Pipelines::Table, Pipelines::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_deals_stage",
                        (Deals::Table, Deals::StageId),
                        (Stages::Table, Stages::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .to_owned(),
            )
            .await?;
        let open = || {
            Some(
                Expr::col(Deals::Status)
                    .eq("open")
                    .and(Expr::col(Deals::DeletedAt).is_null()),
            )
        };
        // A column in order, and the backstop of "ranks never collide":
        // two open deals of one stage cannot share a rank.
        index(
            manager,
            "ux_deals_stage_rank",
            Deals::Table,
            cols![Deals::StageId, Deals::Rank],
            open(),
            true,
        )
        .await?;
        index(
            manager,
            "ix_deals_owner",
            Deals::Table,
            cols![Deals::OwnerId, Deals::StageId],
            open(),
            false,
        )
        .await?;
        index(
            manager,
            "ix_deals_team",
            Deals::Table,
            cols![Deals::TeamId, Deals::StageId],
            open(),
            false,
        )
        .await?;
        index(
            manager,
            "ix_deals_account",
            Deals::Table,
            cols![Deals::AccountId],
            None,
            false,
        )
        .await?;
        index(
            manager,
            "ix_deals_closed",
            Deals::Table,
            cols![Deals::PipelineId, Deals::Status, Deals::ClosedAt],
            None,
            false,
        )
        .await?;
        index(
            manager,
            "ix_deals_pipeline_close",
            Deals::Table,
            cols![Deals::PipelineId, Deals::ExpectedClose],
            None,
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(DealContacts::Table)
                    .col(big_integer(DealContacts::DealId))
                    .col(big_integer(DealContacts::ContactId))
                    .primary_key(
                        Index::create()
                            .col(DealContacts::DealId)
                            .col(DealContacts::ContactId),
                    )
                    .foreign_key(&mut fk(
                        "fk_deal_contacts_deal",
                        (DealContacts::Table, DealContacts::DealId),
                        (Deals::Table, Deals::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_deal_contacts_contact",
                        (DealContacts::Table, DealContacts::ContactId),
                        (Contacts::Table, Contacts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_deal_contacts_contact",
            DealContacts::Table,
            cols![DealContacts::ContactId],
            None,
            false,
        )
        .await?;

        manager
            .create_table(
                Table::create()
                    .table(StageVisits::Table)
                    .col(big_pk_auto(StageVisits::Id))
                    .col(big_integer(StageVisits::DealId))
                    .col(big_integer(StageVisits::StageId))
                    .col(timestamp_with_time_zone(StageVisits::EnteredAt))
                    .col(timestamp_with_time_zone_null(StageVisits::LeftAt))
                    .foreign_key(&mut fk(
                        "fk_stage_visits_deal",
                        (StageVisits::Table, StageVisits::DealId),
                        (Deals::Table, Deals::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_stage_visits_stage",
                        (StageVisits::Table, StageVisits::StageId),
                        (Stages::Table, Stages::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .to_owned(),
            )
            .await?;
        index(
            manager,
            "ix_stage_visits_deal",
            StageVisits::Table,
            cols![StageVisits::DealId, StageVisits::EnteredAt],
            None,
            false,
        )
        .await?;
        index(
            manager,
            "ix_stage_visits_stage",
            StageVisits::Table,
            cols![StageVisits::StageId],
            None,
            false,
        )
        .await?;

        // The default pipeline, so a new installation has a board.
        let now = Utc::now();
        let insert = Query::insert()
            .into_table(Pipelines::Table)
            .columns([
                Pipelines::Name,
                Pipelines::Position,
                Pipelines::Version,
                Pipelines::CreatedAt,
                Pipelines::UpdatedAt,
            ])
            .values_panic([
                "New business".into(),
                0.into(),
                1i64.into(),
                now.into(),
                now.into(),
            ])
            .to_owned();
        manager.exec_stmt(insert).await?;
        let pipeline_id = Query::select()
            .expr(Expr::col(Pipelines::Id).max())
            .from(Pipelines::Table)
            .to_owned();
        let mut stages = Query::insert()
            .into_table(Stages::Table)
            .columns([
                Stages::PipelineId,
                Stages::Name,
                Stages::Probability,
                Stages::RottingDays,
                Stages::Position,
                Stages::Version,
            ])
            .to_owned();
        for (i, (name, p, rot)) in DEFAULT_STAGES.iter().enumerate() {
            stages.values_panic([
                SimpleExpr::SubQuery(None, Box::new(pipeline_id.clone().into())),
                (*name).into(),
                i32::from(*p).into(),
                rot.map(|d| d as i32).into(),
                (i as i32).into(),
                1i64.into(),
            ]);
        }
        manager.exec_stmt(stages).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            StageVisits::Table.into_iden(),
            DealContacts::Table.into_iden(),
            Deals::Table.into_iden(),
            Stages::Table.into_iden(),
            Pipelines::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}
