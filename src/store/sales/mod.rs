//! Sales: pipelines, deals, the board (with its moves and live events)
//! and the forecast's facts. Same invariants as every service: authorize
//! first, one transaction with the audit log, versioned rows.

pub mod board;
pub mod deals;
pub mod events;
pub mod forecast;
pub mod moves;
pub mod payments;
pub mod pipelines;
pub mod scale;

use sea_orm::ColumnTrait;
use sea_orm::sea_query::Condition;

use crate::domain::sales::BoardQuery;
use crate::domain::{Actor, AppResult, Module, read_scope};
use crate::store::customers::common::{scope_condition, title_or_account_like};
use crate::store::entity::deal;

/// The deals a reader may see that match the board's filters (any status).
pub(crate) fn filter(actor: &Actor, q: &BoardQuery, pipeline_id: i64) -> AppResult<Condition> {
    let mut c = Condition::all()
        .add(scope_condition(
            read_scope(actor, Module::Sales),
            deal::Column::OwnerId,
            deal::Column::TeamId,
        )?)
        .add(deal::Column::DeletedAt.is_null())
        .add(deal::Column::PipelineId.eq(pipeline_id));
    if let Some(o) = q.owner {
        c = c.add(deal::Column::OwnerId.eq(o));
    }
    if let Some(d) = q.close_from {
        c = c.add(deal::Column::ExpectedClose.gte(d));
    }
    if let Some(d) = q.close_to {
        c = c.add(deal::Column::ExpectedClose.lte(d));
    }
    if let Some(t) = title_or_account_like(&q.q, deal::Column::Title, deal::Column::AccountId) {
        c = c.add(t);
    }
    Ok(c)
}

/// Serialises moves into one column on PostgreSQL: the stage's row is
/// locked until the transaction ends, so the neighbours' ranks read next
/// are final and the new rank cannot collide. (SQLite runs one write
/// transaction at a time already.)
pub(crate) async fn lock_stage<C: sea_orm::ConnectionTrait>(
    conn: &C,
    store: &crate::store::Store,
    stage_id: i64,
) -> AppResult<()> {
    use sea_orm::{EntityTrait, QuerySelect};
    if store.backend() == crate::store::Backend::Postgres {
        crate::store::entity::stage::Entity::find_by_id(stage_id)
            .lock_exclusive()
            .one(conn)
            .await
            .map_err(crate::store::db::internal)?;
    }
    Ok(())
}

/// The open deals of a stage, in board order (what ranks are compared to).
pub(crate) fn column(stage_id: i64) -> sea_orm::Select<deal::Entity> {
    use sea_orm::{EntityTrait, QueryFilter, QueryOrder};
    deal::Entity::find()
        .filter(deal::Column::StageId.eq(stage_id))
        .filter(deal::Column::Status.eq("open"))
        .filter(deal::Column::DeletedAt.is_null())
        .order_by_asc(deal::Column::Rank)
}

/// A rank above every open card of the stage (locks the stage).
pub(crate) async fn rank_at_top<C: sea_orm::ConnectionTrait>(
    conn: &C,
    store: &crate::store::Store,
    stage_id: i64,
) -> AppResult<String> {
    lock_stage(conn, store, stage_id).await?;
    let first = column(stage_id)
        .one(conn)
        .await
        .map_err(crate::store::db::internal)?;
    crate::domain::sales::rank::between(None, first.as_ref().map(|d| d.rank.as_str()))
}
