//! The board: per column, totals over every matching open deal and the
//! first cards; further cards page in as a column scrolls.

use std::collections::HashMap;

use chrono::{Duration, Utc};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::deals::cards;
use super::{column, filter, pipelines};
use crate::domain::sales::board::{CARDS_PER_FETCH, CurrencyTotal};
use crate::domain::sales::{
    BoardColumn, BoardQuery, BoardView, ColumnTotals, DealCard, DealStatus,
};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::deal;

/// Won and lost deals closed within this many days show in the drop zones.
pub const RECENT_DAYS: i64 = 30;

/// The pipeline the query names, or the first one.
pub(crate) async fn pipeline_id<C: ConnectionTrait>(conn: &C, q: &BoardQuery) -> AppResult<i64> {
    let names = pipelines::names(conn).await?;
    match q.pipeline {
        Some(id) if names.iter().any(|(p, _)| *p == id) => Ok(id),
        Some(_) => Err(AppError::not_found("pipeline")),
        None => names
            .first()
            .map(|(id, _)| *id)
            .ok_or_else(|| AppError::not_found("pipeline")),
    }
}

/// Totals grouped by `key` (a stage id, or the status) and currency.
async fn totals<C: ConnectionTrait>(
    conn: &C,
    c: sea_orm::Condition,
    key: deal::Column,
) -> AppResult<HashMap<String, ColumnTotals>> {
    let key_expr = Expr::cust(format!(
        "CAST({} AS TEXT)",
        match key {
            deal::Column::StageId => "stage_id",
            _ => "status",
        }
    ));
    let q = Query::select()
        .expr_as(key_expr.clone(), Alias::new("k"))
        .column(deal::Column::Currency)
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .expr_as(
            Expr::cust("CAST(SUM(amount) AS BIGINT)"),
            Alias::new("amount"),
        )
        // The same rounding as `money::weighted` for the non-negative
        // amounts the store accepts.
        .expr_as(
            Expr::cust("CAST(SUM((amount * probability + 50) / 100) AS BIGINT)"),
            Alias::new("weighted"),
        )
        .from(deal::Entity)
        .cond_where(c)
        .add_group_by([key_expr, Expr::col(deal::Column::Currency)])
        .to_owned();
    let mut out: HashMap<String, ColumnTotals> = HashMap::new();
    for r in conn.query_all(&q).await.map_err(internal)? {
        let k: String = r.try_get("", "k").map_err(internal)?;
        let t = CurrencyTotal {
            currency: r.try_get("", "currency").map_err(internal)?,
            count: u64::try_from(r.try_get::<i64>("", "n").map_err(internal)?).unwrap_or(0),
            amount: r.try_get("", "amount").map_err(internal)?,
            weighted: r.try_get("", "weighted").map_err(internal)?,
        };
        out.entry(k).or_default().0.push(t);
    }
    for t in out.values_mut() {
        t.0.sort_by(|a, b| b.count.cmp(&a.count).then(a.currency.cmp(&b.currency)));
    }
    Ok(out)
}

/// Cards `offset..offset + limit` of one stage's column.
async fn page<C: ConnectionTrait>(
    conn: &C,
    c: sea_orm::Condition,
    stage_id: i64,
    offset: u64,
    limit: u64,
) -> AppResult<Vec<DealCard>> {
    let models = column(stage_id)
        .filter(c)
        .offset(offset)
        .limit(limit)
        .all(conn)
        .await
        .map_err(internal)?;
    cards(conn, &models).await
}

/// The board for the query's pipeline and filters.
pub async fn board(store: &Store, actor: &Actor, q: &BoardQuery) -> AppResult<BoardView> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let conn = store.conn();
    let id = pipeline_id(conn, q).await?;
    let pipeline = pipelines::load(conn, id).await?;
    let c = filter(actor, q, id)?;
    let open = c
        .clone()
        .add(deal::Column::Status.eq(DealStatus::Open.as_str()));
    let mut by_stage = totals(conn, open.clone(), deal::Column::StageId).await?;
    let now = Utc::now();
    let recent = c
        .add(deal::Column::Status.ne(DealStatus::Open.as_str()))
        .add(deal::Column::ClosedAt.gte(now - Duration::days(RECENT_DAYS)));
    let mut closed = totals(conn, recent, deal::Column::Status).await?;
    let mut columns = Vec::with_capacity(pipeline.stages.len());
    for s in &pipeline.stages {
        columns.push(BoardColumn {
            stage: s.clone(),
            totals: by_stage.remove(&s.id.to_string()).unwrap_or_default(),
            cards: page(conn, open.clone(), s.id, 0, CARDS_PER_FETCH).await?,
        });
    }
    Ok(BoardView {
        pipelines: pipelines::names(conn).await?,
        pipeline,
        columns,
        won: closed.remove(DealStatus::Won.as_str()).unwrap_or_default(),
        lost: closed.remove(DealStatus::Lost.as_str()).unwrap_or_default(),
        now,
        can_move: crate::domain::allowed(actor, Action::Create, Resource::Module(Module::Sales)),
    })
}

/// More cards of one column, as it scrolls.
pub async fn column_cards(
    store: &Store,
    actor: &Actor,
    q: &BoardQuery,
    stage_id: i64,
    offset: u64,
) -> AppResult<Vec<DealCard>> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let conn = store.conn();
    let id = pipeline_id(conn, q).await?;
    let c = filter(actor, q, id)?;
    page(conn, c, stage_id, offset, CARDS_PER_FETCH).await
}

/// One card as the reader may see it now (after a conflict, the browser
/// puts the card back where the server has it).
pub async fn card(store: &Store, actor: &Actor, deal_id: i64) -> AppResult<DealCard> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let m = deal::Entity::find_by_id(deal_id)
        .filter(deal::Column::DeletedAt.is_null())
        .one(store.conn())
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("deal"))?;
    crate::store::customers::common::authorize_read_in(
        actor,
        Module::Sales,
        m.owner_id,
        m.team_id,
        "deal",
    )?;
    super::deals::card(store.conn(), &m).await
}
