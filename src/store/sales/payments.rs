//! A deal's payment terms: read by whoever may read the deal, saved whole
//! (compare-and-set on their own version, audited) by whoever may change
//! it. Milestones are the delivery project's, with their forecast dates
//! from the plan as it stands; the rules are `domain::sales::payments`.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::deals::load;
use crate::domain::sales::cash::Payment;
use crate::domain::sales::payments::{PaymentPlan, PaymentTerm, validate, views};
use crate::domain::{Action, Actor, AppError, AppResult, Module, allowed, authorize};
use crate::store::customers::common::{authorize_read_in, conflict, record_in};
use crate::store::db::internal;
use crate::store::entity::{deal, deal_payment_terms};
use crate::store::projects::delivery::milestones_of_deal;
use crate::store::{Store, audit};

const ENTITY: &str = "deal_payment_terms";

/// The stored terms and their version (none and 0 when never saved).
async fn stored<C: ConnectionTrait>(conn: &C, deal_id: i64) -> AppResult<(Vec<PaymentTerm>, i64)> {
    let row = deal_payment_terms::Entity::find_by_id(deal_id)
        .one(conn)
        .await
        .map_err(internal)?;
    Ok(match row {
        Some(r) => (
            serde_json::from_str(&r.terms).unwrap_or_default(),
            r.version,
        ),
        None => (Vec::new(), 0),
    })
}

/// When "on signing" is due: the close, else the expected close.
fn signing(d: &deal::Model) -> Option<chrono::NaiveDate> {
    d.closed_at.map(|c| c.date_naive()).or(d.expected_close)
}

async fn plan_of<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    d: &deal::Model,
) -> AppResult<PaymentPlan> {
    let (terms, version) = stored(conn, d.id).await?;
    let (project, milestones) = match milestones_of_deal(conn, d.id).await? {
        Some((p, m)) => (Some(p), m),
        None => (None, Vec::new()),
    };
    Ok(PaymentPlan {
        deal_id: d.id,
        version,
        amount: d.amount,
        currency: d.currency.clone(),
        signing: signing(d),
        terms: views(d.amount, &terms, &milestones, signing(d)),
        project,
        milestones,
        editable: allowed(
            actor,
            Action::Update,
            record_in(Module::Sales, d.owner_id, d.team_id),
        ),
    })
}

pub async fn get(store: &Store, actor: &Actor, deal_id: i64) -> AppResult<PaymentPlan> {
    authorize(
        actor,
        Action::Read,
        crate::domain::Resource::Module(Module::Sales),
    )?;
    let conn = store.conn();
    let d = load(conn, deal_id).await?;
    authorize_read_in(actor, Module::Sales, d.owner_id, d.team_id, "deal")?;
    plan_of(conn, actor, &d).await
}

/// Replaces the deal's terms if `version` is still theirs.
pub async fn save(
    store: &Store,
    actor: &Actor,
    deal_id: i64,
    version: i64,
    terms: Vec<PaymentTerm>,
) -> AppResult<PaymentPlan> {
    authorize(
        actor,
        Action::Read,
        crate::domain::Resource::Module(Module::Sales),
    )?;
    let txn = store.write().await?;
    let d = load(&txn, deal_id).await?;
    authorize_read_in(actor, Module::Sales, d.owner_id, d.team_id, "deal")?;
    authorize(
        actor,
        Action::Update,
        record_in(Module::Sales, d.owner_id, d.team_id),
    )?;
    let milestones = milestones_of_deal(&txn, d.id)
        .await?
        .map(|(_, m)| m)
        .unwrap_or_default();
    validate(&terms, &milestones)?;
    let (before, current) = stored(&txn, d.id).await?;
    if current != version {
        return Err(conflict(ENTITY, current));
    }
    let json = serde_json::to_string(&terms).map_err(|e| AppError::Internal(e.to_string()))?;
    let now = Utc::now();
    if current == 0 {
        deal_payment_terms::ActiveModel {
            deal_id: Set(d.id),
            terms: Set(json),
            version: Set(1),
            updated_at: Set(now),
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
    } else {
        let res = deal_payment_terms::Entity::update_many()
            .col_expr(deal_payment_terms::Column::Terms, Expr::value(json))
            .col_expr(
                deal_payment_terms::Column::Version,
                Expr::value(current + 1),
            )
            .col_expr(deal_payment_terms::Column::UpdatedAt, Expr::value(now))
            .filter(deal_payment_terms::Column::DealId.eq(d.id))
            .filter(deal_payment_terms::Column::Version.eq(current))
            .exec(&txn)
            .await
            .map_err(internal)?;
        if res.rows_affected != 1 {
            return Err(conflict(ENTITY, current));
        }
    }
    audit::record(
        &txn,
        Some(actor),
        "deal",
        d.id,
        "payment_terms",
        Some(&before),
        Some(&terms),
    )
    .await?;
    let after = plan_of(&txn, actor, &d).await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// The payments won deals among `deals` expect, each on its milestone's
/// forecast date (instalments whose milestone left the plan are left out:
/// nobody can say when they come).
pub(crate) async fn payments_of<C: ConnectionTrait>(
    conn: &C,
    deals: &[deal::Model],
) -> AppResult<Vec<Payment>> {
    let won: Vec<&deal::Model> = deals.iter().filter(|d| d.status == "won").collect();
    if won.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    for chunk in won.chunks(1_000) {
        let rows = deal_payment_terms::Entity::find()
            .filter(deal_payment_terms::Column::DealId.is_in(chunk.iter().map(|d| d.id)))
            .all(conn)
            .await
            .map_err(internal)?;
        for r in rows {
            let Some(d) = chunk.iter().find(|d| d.id == r.deal_id) else {
                continue;
            };
            let terms: Vec<PaymentTerm> = serde_json::from_str(&r.terms).unwrap_or_default();
            let milestones = if terms.iter().any(|t| t.task_id.is_some()) {
                milestones_of_deal(conn, d.id)
                    .await?
                    .map(|(_, m)| m)
                    .unwrap_or_default()
            } else {
                Vec::new()
            };
            for v in views(d.amount, &terms, &milestones, signing(d)) {
                if let Some(due) = v.due {
                    out.push(Payment {
                        due,
                        amount: v.amount,
                        currency: d.currency.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}
