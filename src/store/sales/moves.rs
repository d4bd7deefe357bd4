//! Moving a card: to another place in its column, to another stage, to
//! Won or Lost, or back into play. One move writes the deal's row (rank,
//! stage, status, probability) and its stage history, in one transaction,
//! only if the deal is still at the version the mover saw.

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use super::deals::{card, enter_stage, load, probability, stage_in};
use super::{column, events, lock_stage};
use crate::domain::automation::{Event, Subject};
use crate::domain::sales::rank;
use crate::domain::sales::{BoardEvent, DealCard, DealStatus, MoveRequest, MoveTo};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::automation;
use crate::store::customers::common::{authorize_read_in, cas_update, conflict, record_in};
use crate::store::db::internal;
use crate::store::entity::deal;
use crate::store::{Store, audit};

/// Ranks longer than this make the column be renumbered (rare: it takes
/// dozens of drops into the very same gap).
const MAX_RANK_LEN: usize = 48;

/// The rank for a card dropped below `after` (or above `before` when
/// `after` has left the column meanwhile; at the top when neither is
/// given or found). Neighbours are read from the database, never trusted
/// from the browser, so a stale view cannot produce an out-of-order rank.
async fn rank_for<C: ConnectionTrait>(
    conn: &C,
    stage_id: i64,
    moving: i64,
    after: Option<i64>,
    before: Option<i64>,
) -> AppResult<Option<String>> {
    let in_column = |id: i64| {
        column(stage_id)
            .filter(deal::Column::Id.eq(id))
            .filter(deal::Column::Id.ne(moving))
    };
    let others = || column(stage_id).filter(deal::Column::Id.ne(moving));
    let mut prev: Option<String> = None;
    let mut next: Option<String> = None;
    let mut placed = false;
    if let Some(a) = after
        && let Some(m) = in_column(a).one(conn).await.map_err(internal)?
    {
        next = others()
            .filter(deal::Column::Rank.gt(m.rank.clone()))
            .one(conn)
            .await
            .map_err(internal)?
            .map(|d| d.rank);
        prev = Some(m.rank);
        placed = true;
    }
    if !placed
        && let Some(b) = before
        && let Some(m) = in_column(b).one(conn).await.map_err(internal)?
    {
        prev = others()
            .filter(deal::Column::Rank.lt(m.rank.clone()))
            .order_by_desc_rank()
            .one(conn)
            .await
            .map_err(internal)?
            .map(|d| d.rank);
        next = Some(m.rank);
        placed = true;
    }
    if !placed {
        next = others().one(conn).await.map_err(internal)?.map(|d| d.rank);
    }
    let r = rank::between(prev.as_deref(), next.as_deref())?;
    Ok((r.len() <= MAX_RANK_LEN).then_some(r))
}

trait RankDesc {
    fn order_by_desc_rank(self) -> Self;
}

impl RankDesc for sea_orm::Select<deal::Entity> {
    /// `column()` orders by rank ascending; the card just above a point
    /// is the last of those below it.
    fn order_by_desc_rank(self) -> Self {
        use sea_orm::QueryOrder;
        let mut s = self;
        QueryOrder::query(&mut s).clear_order_by();
        s.order_by_desc(deal::Column::Rank)
    }
}

/// Lays the column out afresh with `moving` placed as asked, when ranks
/// got too long: every card of the column gets a short rank.
async fn renumber<C: ConnectionTrait>(
    conn: &C,
    stage_id: i64,
    moving: i64,
    after: Option<i64>,
) -> AppResult<String> {
    let ids: Vec<i64> = column(stage_id)
        .filter(deal::Column::Id.ne(moving))
        .select_only()
        .column(deal::Column::Id)
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    let at = after
        .and_then(|a| ids.iter().position(|i| *i == a).map(|p| p + 1))
        .unwrap_or(0);
    let mut order = ids;
    order.insert(at, moving);
    let ranks = rank::sequence(order.len());
    // Two passes, so no two open cards of the column ever share a rank
    // (the unique index is checked per statement): first out of the way,
    // then into place.
    for (i, id) in order.iter().enumerate() {
        if *id != moving {
            deal::Entity::update_many()
                .col_expr(deal::Column::Rank, SimpleExpr::from(format!("~{i:08}")))
                .filter(deal::Column::Id.eq(*id))
                .exec(conn)
                .await
                .map_err(internal)?;
        }
    }
    let mut mine = String::new();
    for (id, r) in order.iter().zip(ranks) {
        if *id == moving {
            mine = r;
        } else {
            deal::Entity::update_many()
                .col_expr(deal::Column::Rank, SimpleExpr::from(r))
                .filter(deal::Column::Id.eq(*id))
                .exec(conn)
                .await
                .map_err(internal)?;
        }
    }
    Ok(mine)
}

/// Where a move puts the deal.
enum Dest {
    Place {
        stage_id: i64,
        after: Option<i64>,
        before: Option<i64>,
    },
    Close(DealStatus, String),
}

impl Dest {
    fn of(to: &MoveTo) -> Dest {
        match to {
            MoveTo::Stage {
                stage_id,
                after,
                before,
            } => Dest::Place {
                stage_id: *stage_id,
                after: *after,
                before: *before,
            },
            MoveTo::Reopen { stage_id } => Dest::Place {
                stage_id: *stage_id,
                after: None,
                before: None,
            },
            MoveTo::Won => Dest::Close(DealStatus::Won, String::new()),
            MoveTo::Lost { reason } => Dest::Close(DealStatus::Lost, reason.clone()),
        }
    }
}

/// Moves a card. A stale version is a conflict (the card is wherever the
/// other person put it); nothing is written then.
pub async fn move_deal(store: &Store, actor: &Actor, req: MoveRequest) -> AppResult<DealCard> {
    // Who may change which deal is decided per record, below.
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let req = req.validated()?;
    let txn = store.write().await?;
    // Into a stage: lock it first, so that concurrent moves into it take
    // turns and each reads the other's rank.
    let target_stage = match &req.to {
        MoveTo::Stage { stage_id, .. } | MoveTo::Reopen { stage_id } => Some(*stage_id),
        _ => None,
    };
    if let Some(s) = target_stage {
        lock_stage(&txn, store, s).await?;
    }
    let m = load(&txn, req.deal_id).await?;
    authorize_read_in(actor, Module::Sales, m.owner_id, m.team_id, "deal")?;
    authorize(
        actor,
        Action::Update,
        record_in(Module::Sales, m.owner_id, m.team_id),
    )?;
    if m.version != req.version {
        return Err(conflict("deal", m.version));
    }
    let now = Utc::now();
    let status = DealStatus::parse(&m.status).unwrap_or_default();
    let mut sets: Vec<(&'static str, SimpleExpr)> = Vec::new();
    let action;
    let mut entered = None;
    match Dest::of(&req.to) {
        Dest::Place {
            stage_id,
            after,
            before,
        } => {
            let stage = stage_in(&txn, m.pipeline_id, stage_id).await?;
            let r = match rank_for(&txn, stage.id, m.id, after, before).await? {
                Some(r) => r,
                None => renumber(&txn, stage.id, m.id, after).await?,
            };
            sets.push(("rank", r.into()));
            let enters = stage.id != m.stage_id || status != DealStatus::Open;
            if enters {
                entered = Some(stage.id);
                sets.push(("stage_id", stage.id.into()));
                sets.push(("entered_stage_at", now.into()));
                enter_stage(&txn, m.id, Some(stage.id), now).await?;
            }
            // Entering a stage takes its probability, unless someone set
            // the deal's own (a reopened deal's 0 or 100 is not that).
            if enters && (!m.probability_overridden || status != DealStatus::Open) {
                sets.push(("probability", stage.probability.into()));
                sets.push(("probability_overridden", false.into()));
            }
            action = if status != DealStatus::Open {
                sets.push(("status", DealStatus::Open.as_str().into()));
                sets.push(("closed_at", Option::<chrono::DateTime<Utc>>::None.into()));
                sets.push(("lost_reason", "".into()));
                "reopen"
            } else if enters {
                "move"
            } else {
                "reorder"
            };
        }
        Dest::Close(target, reason) => {
            if status == target {
                return Err(AppError::invalid(
                    "status",
                    "the deal is already closed that way",
                ));
            }
            let won = target == DealStatus::Won;
            sets.push(("status", target.as_str().into()));
            sets.push(("closed_at", now.into()));
            sets.push(("probability", if won { 100i16 } else { 0i16 }.into()));
            sets.push(("probability_overridden", false.into()));
            sets.push(("lost_reason", reason.into()));
            if status == DealStatus::Open {
                enter_stage(&txn, m.id, None, now).await?;
            }
            action = if won { "won" } else { "lost" };
        }
    }
    if !cas_update(&txn, "deals", m.id, req.version, sets).await? {
        return Err(conflict("deal", m.version));
    }
    let mut events: Vec<Event> = entered
        .map(|stage_id| Event::DealEnteredStage { stage_id })
        .into_iter()
        .collect();
    events.push(Event::Updated(Subject::Deal));
    let fired = automation::on(&txn, actor, &events, Subject::Deal, m.id).await?;
    let after = load(&txn, m.id).await?;
    if action == "won" {
        crate::store::projects::start::offer_to_owner(&txn, actor, &after).await?;
    }
    audit::record(
        &txn,
        Some(actor),
        "deal",
        m.id,
        action,
        Some(&serde_json::json!({
            "stage_id": m.stage_id, "status": m.status, "probability": probability(m.probability)
        })),
        Some(&serde_json::json!({
            "stage_id": after.stage_id, "status": after.status,
            "probability": probability(after.probability), "lost_reason": after.lost_reason
        })),
    )
    .await?;
    let before_card = card(&txn, &m).await?;
    let card = card(&txn, &after).await?;
    txn.commit().await.map_err(internal)?;
    events::publish(
        store,
        BoardEvent::Card {
            pipeline_id: after.pipeline_id,
            card: card.clone(),
            before: Some(before_card),
            by: actor.user_id,
        },
    )
    .await;
    automation::announce(store, fired).await;
    Ok(card)
}
