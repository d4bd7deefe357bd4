//! The home dashboard's facts, counted in the reader's scope, and the
//! targets an administrator sets (one versioned setting). The arithmetic
//! and the standings are `domain::dashboard`.

use chrono::{Duration, NaiveDate, NaiveTime, Utc};
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};

use super::customers::common::scope_condition;
use super::db::internal;
use super::entity::{deal, project, team};
use super::{Store, audit, service, settings};
use crate::domain::dashboard::{
    Dashboard, DashboardFacts, ProjectFacts, SalesFacts, ServiceFacts, Targets, quarter_of, tiles,
};
use crate::domain::project::ProjectStatus;
use crate::domain::sales::DealStatus;
use crate::domain::service::report::{Bucket, ServiceReportQuery};
use crate::domain::{
    Action, Actor, AppError, AppResult, Module, Resource, Scope, allowed, authorize, read_scope,
};

const KEY: &str = "targets";

/// The targets as stored, with their version (for the admin page).
pub async fn targets(store: &Store, actor: &Actor) -> AppResult<(Targets, i64)> {
    authorize(actor, Action::Read, Resource::Module(Module::Admin))?;
    settings::get(store.conn(), KEY).await
}

/// Administrators only; compare-and-set on the setting's version; audited.
pub async fn set_targets(
    store: &Store,
    actor: &Actor,
    new: Targets,
    version: i64,
) -> AppResult<(Targets, i64)> {
    authorize(actor, Action::Update, Resource::Module(Module::Admin))?;
    let new = new.validated()?;
    let txn = store.write().await?;
    for t in &new.team_revenue {
        if team::Entity::find_by_id(t.team_id)
            .one(&txn)
            .await
            .map_err(internal)?
            .is_none()
        {
            return Err(AppError::invalid(
                "team_revenue",
                "names a team that does not exist",
            ));
        }
    }
    let (old, _): (Targets, i64) = settings::get(&txn, KEY).await?;
    let saved = settings::put(&txn, KEY, &new, version).await?;
    audit::record(
        &txn,
        Some(actor),
        "targets",
        KEY,
        "update",
        Some(&old),
        Some(&new),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok((new, saved))
}

/// The reader's tiles: a module they may not read has none.
#[tracing::instrument(skip(store))]
pub async fn dashboard(store: &Store, actor: &Actor) -> AppResult<Dashboard> {
    let conn = store.conn();
    let (targets, _): (Targets, i64) = settings::get(conn, KEY).await?;
    let today = Utc::now().date_naive();
    let readable = |m: Module| allowed(actor, Action::Read, Resource::Module(m));
    let scope = read_scope(actor, Module::Sales);
    let mut facts = DashboardFacts {
        today,
        team: match scope {
            Scope::OwnAndTeam { team_id, .. } => team_id.or(Some(-1)),
            _ => None,
        },
        ..Default::default()
    };
    if readable(Module::Sales) {
        facts.sales = Some(sales_facts(conn, scope, &targets.currency, today).await?);
    }
    if readable(Module::Service) {
        facts.service = Some(service_facts(store, actor).await?);
    }
    if readable(Module::Projects) {
        facts.projects = Some(project_facts(conn, read_scope(actor, Module::Projects)).await?);
    }
    Ok(tiles(&facts, &targets))
}

/// Sum and count of the deals matching `c`.
async fn sum_count<C: ConnectionTrait>(conn: &C, c: Condition) -> AppResult<(i64, u64)> {
    let q = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .expr_as(
            Expr::cust("CAST(COALESCE(SUM(amount), 0) AS BIGINT)"),
            Alias::new("amount"),
        )
        .from(deal::Entity)
        .cond_where(c)
        .to_owned();
    let Some(r) = conn.query_one(&q).await.map_err(internal)? else {
        return Ok((0, 0));
    };
    let n: i64 = r.try_get("", "n").map_err(internal)?;
    let amount: i64 = r.try_get("", "amount").map_err(internal)?;
    Ok((amount, u64::try_from(n).unwrap_or(0)))
}

async fn sales_facts<C: ConnectionTrait>(
    conn: &C,
    scope: Scope,
    currency: &str,
    today: NaiveDate,
) -> AppResult<SalesFacts> {
    let (from, to) = quarter_of(today);
    let start = from.and_time(NaiveTime::MIN).and_utc();
    let end = (to + Duration::days(1)).and_time(NaiveTime::MIN).and_utc();
    let base = Condition::all()
        .add(scope_condition(
            scope,
            deal::Column::OwnerId,
            deal::Column::TeamId,
        )?)
        .add(deal::Column::DeletedAt.is_null())
        .add(deal::Column::Currency.eq(currency));
    let closed = |status: DealStatus| {
        base.clone()
            .add(deal::Column::Status.eq(status.as_str()))
            .add(deal::Column::ClosedAt.gte(start))
            .add(deal::Column::ClosedAt.lt(end))
    };
    let (won_amount, won) = sum_count(conn, closed(DealStatus::Won)).await?;
    let (_, lost) = sum_count(conn, closed(DealStatus::Lost)).await?;
    let (open_due_amount, _) = sum_count(
        conn,
        base.clone()
            .add(deal::Column::Status.eq(DealStatus::Open.as_str()))
            .add(deal::Column::ExpectedClose.lte(to)),
    )
    .await?;
    Ok(SalesFacts {
        won_amount,
        won,
        lost,
        open_due_amount,
    })
}

/// The last 30 days at the desk, as the service reports count them.
async fn service_facts(store: &Store, actor: &Actor) -> AppResult<ServiceFacts> {
    let (levels, _) = service::levels::current(store.conn()).await?;
    let today = Utc::now().with_timezone(&levels.offset()).date_naive();
    let (from, to) = crate::domain::dashboard::tiles::last_30_days(today);
    let r = service::report::service_report(
        store,
        actor,
        ServiceReportQuery {
            from,
            to,
            bucket: Bucket::Week,
        },
    )
    .await?;
    Ok(ServiceFacts {
        met: r.response.met + r.resolution.met,
        missed: r.response.missed + r.resolution.missed,
        ratings: r.ratings,
    })
}

async fn project_facts<C: ConnectionTrait>(conn: &C, scope: Scope) -> AppResult<ProjectFacts> {
    let active = Condition::all()
        .add(scope_condition(
            scope,
            project::Column::ManagerId,
            project::Column::TeamId,
        )?)
        .add(project::Column::DeletedAt.is_null())
        .add(project::Column::Status.is_in([
            ProjectStatus::Planned.as_str(),
            ProjectStatus::Active.as_str(),
        ]));
    let count = |c: Condition| async move {
        project::Entity::find()
            .filter(c)
            .count(conn)
            .await
            .map_err(internal)
    };
    Ok(ProjectFacts {
        active: count(active.clone()).await?,
        at_risk: count(active.add(project::Column::CriticalLate.eq(true))).await?,
    })
}
