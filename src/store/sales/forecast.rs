//! The forecast's facts: one row per deal (in one currency) plus the
//! stages each has entered; the arithmetic is `domain::sales::forecast`.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{board::pipeline_id, pipelines};
use crate::domain::customer::Named;
use crate::domain::sales::cash::{OpenDeal, by_month};
use crate::domain::sales::forecast::{
    DealFact, ForecastQuery, ForecastReport, Period, default_period, forecast,
};
use crate::domain::sales::{BoardQuery, DealStatus};
use crate::domain::{Action, Actor, AppResult, Module, Resource, Scope, authorize, read_scope};
use crate::store::Store;
use crate::store::customers::common::{Names, scope_condition};
use crate::store::db::internal;
use crate::store::entity::{deal, stage_visit, team};

/// Months of expected cash the forecast shows, from this one.
pub const CASH_MONTHS: u32 = 12;

pub async fn report(store: &Store, actor: &Actor, q: &ForecastQuery) -> AppResult<ForecastReport> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let conn = store.conn();
    let pid = pipeline_id(
        conn,
        &BoardQuery {
            pipeline: q.pipeline,
            ..Default::default()
        },
    )
    .await?;
    let pipeline = pipelines::load(conn, pid).await?;
    let today = Utc::now().date_naive();
    let period = match (q.from, q.to) {
        (Some(from), Some(to)) if from <= to => Period { from, to },
        (Some(from), None) if from <= today => Period { from, to: today },
        _ => default_period(today),
    };
    let mut c = sea_orm::Condition::all()
        .add(scope_condition(
            read_scope(actor, Module::Sales),
            deal::Column::OwnerId,
            deal::Column::TeamId,
        )?)
        .add(deal::Column::DeletedAt.is_null())
        .add(deal::Column::PipelineId.eq(pid));
    if let Some(t) = q.team {
        c = c.add(deal::Column::TeamId.eq(t));
    }
    // Currencies in use, most open deals first.
    let counts: Vec<(String, i64)> = deal::Entity::find()
        .select_only()
        .column(deal::Column::Currency)
        .column_as(deal::Column::Id.count(), "n")
        .filter(c.clone())
        .group_by(deal::Column::Currency)
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    let mut currencies = counts;
    currencies.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let currencies: Vec<String> = currencies.into_iter().map(|(c, _)| c).collect();
    let currency = q
        .currency
        .clone()
        .filter(|c| currencies.contains(c))
        .or_else(|| currencies.first().cloned())
        .unwrap_or_else(|| "CNY".to_owned());
    let models = deal::Entity::find()
        .filter(c.add(deal::Column::Currency.eq(currency.clone())))
        .order_by_asc(deal::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?;
    let mut entered: HashMap<i64, Vec<i64>> = HashMap::new();
    let ids: Vec<i64> = models.iter().map(|m| m.id).collect();
    for chunk in ids.chunks(5_000) {
        let visits: Vec<(i64, i64)> = stage_visit::Entity::find()
            .select_only()
            .column(stage_visit::Column::DealId)
            .column(stage_visit::Column::StageId)
            .filter(stage_visit::Column::DealId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?;
        for (d, s) in visits {
            entered.entry(d).or_default().push(s);
        }
    }
    let facts: Vec<DealFact> = models
        .iter()
        .map(|m| DealFact {
            id: m.id,
            owner_id: m.owner_id,
            stage_id: m.stage_id,
            status: DealStatus::parse(&m.status).unwrap_or_default(),
            amount: m.amount,
            probability: super::deals::probability(m.probability),
            expected_close: m.expected_close,
            created_on: m.created_at.date_naive(),
            closed_on: m.closed_at.map(|t| t.date_naive()),
            stages_entered: entered.remove(&m.id).unwrap_or_default(),
        })
        .collect();
    // The cash curve over the same deals: won ones' payments at their
    // milestones' forecast dates, open ones weighted at their close.
    let payments = super::payments::payments_of(conn, &models).await?;
    let open: Vec<OpenDeal> = models
        .iter()
        .filter(|m| DealStatus::parse(&m.status) == Some(DealStatus::Open))
        .filter_map(|m| {
            Some(OpenDeal {
                close: m.expected_close?,
                amount: m.amount,
                probability: super::deals::probability(m.probability),
                currency: m.currency.clone(),
            })
        })
        .collect();
    let cash = by_month(&payments, &open, today, CASH_MONTHS);
    let order: Vec<i64> = pipeline.stages.iter().map(|s| s.id).collect();
    let f = forecast(&facts, &order, today, period);
    let owner_ids: BTreeSet<i64> = facts.iter().filter_map(|f| f.owner_id).collect();
    let names = Names::load(conn, owner_ids.iter().map(|i| Some(*i)), []).await?;
    let owners = owner_ids
        .iter()
        .filter_map(|i| names.user(Some(*i)))
        .map(|Named { id, name }| (id, name))
        .collect();
    let teams = match read_scope(actor, Module::Sales) {
        Scope::All => team::Entity::find()
            .order_by_asc(team::Column::Name)
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect(),
        _ => Vec::new(),
    };
    Ok(ForecastReport {
        forecast: f,
        pipeline_id: pid,
        pipelines: pipelines::names(conn).await?,
        stages: pipeline
            .stages
            .iter()
            .map(|s| (s.id, s.name.clone()))
            .collect(),
        owners,
        teams,
        currencies,
        currency,
        period,
        today,
        cash,
    })
}
