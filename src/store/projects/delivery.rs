//! The delivery projects of a deal or an account, as the CRM shows them:
//! forecast go-live, % complete and health, computed from the plan as
//! it stands today (health depends on the date, so it is not stored).

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{costs, rows};
use crate::domain::customer::Named;
use crate::domain::project::ProjectStatus;
use crate::domain::project::delivery::{self, Delivery};
use crate::domain::sales::payments::Milestone;
use crate::domain::{Action, Actor, AppResult, Module, Resource, authorize, read_scope};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::project;

async fn deliveries(
    store: &Store,
    actor: &Actor,
    filter: impl sea_orm::sea_query::IntoCondition,
) -> AppResult<Vec<Delivery>> {
    authorize(actor, Action::Read, Resource::Module(Module::Projects))?;
    let conn = store.conn();
    let scope = read_scope(actor, Module::Projects);
    let models: Vec<project::Model> = project::Entity::find()
        .filter(filter)
        .filter(project::Column::DeletedAt.is_null())
        .order_by_asc(project::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|m| scope.covers(Some(m.manager_id), m.team_id))
        .collect();
    let summaries = rows::summaries(conn, &models).await?;
    let mut out = Vec::with_capacity(models.len());
    for (m, summary) in models.iter().zip(summaries) {
        let state = rows::load_state(conn, m.id).await?;
        let (c, s) = rows::schedule(conn, m, &state).await?;
        let status = costs::status_date(m);
        let money = costs::money(conn, m.id, &c, &s, status).await?;
        out.push(delivery_of(m, &summary, &c, &s, status, money).0);
    }
    Ok(out)
}

/// The figures of project `m` scheduled as `c`/`s`, at `status`; and the
/// earned value they were judged on (`money` once tasks have budgets,
/// else weighed in working time).
pub(crate) fn delivery_of(
    m: &project::Model,
    summary: &crate::domain::project::ProjectSummary,
    c: &crate::domain::project::Compiled,
    s: &crate::domain::schedule::Schedule,
    status: chrono::NaiveDate,
    money: Option<crate::domain::project::evm::Earned>,
) -> (Delivery, crate::domain::project::evm::Earned) {
    let (go_live, go_live_is_milestone) = delivery::go_live(c, s, m.go_live_task_id);
    let (health, causes, earned) = delivery::assess(c, s, status, money);
    let d = Delivery {
        project_id: m.id,
        name: m.name.clone(),
        status: ProjectStatus::parse(&m.status).unwrap_or(ProjectStatus::Planned),
        manager_name: summary.manager_name.clone(),
        deal_id: m.deal_id,
        go_live,
        go_live_is_milestone,
        percent_complete: summary.percent_complete,
        health,
        causes,
        spi: earned.spi(),
        cpi: earned.cpi(),
    };
    (d, earned)
}

/// The deal's delivery projects (normally one).
pub async fn of_deal(store: &Store, actor: &Actor, deal_id: i64) -> AppResult<Vec<Delivery>> {
    deliveries(store, actor, project::Column::DealId.eq(deal_id)).await
}

/// The account's delivery projects.
pub async fn of_account(store: &Store, actor: &Actor, account_id: i64) -> AppResult<Vec<Delivery>> {
    deliveries(store, actor, project::Column::AccountId.eq(account_id)).await
}

/// The deal's delivery project (its first live one) and that project's
/// milestones with their forecast finish, in outline order: what payment
/// terms are tied to.
pub(crate) async fn milestones_of_deal<C: sea_orm::ConnectionTrait>(
    conn: &C,
    deal_id: i64,
) -> AppResult<Option<(Named, Vec<Milestone>)>> {
    let Some(m) = project::Entity::find()
        .filter(project::Column::DealId.eq(deal_id))
        .filter(project::Column::DeletedAt.is_null())
        .order_by_asc(project::Column::Id)
        .one(conn)
        .await
        .map_err(internal)?
    else {
        return Ok(None);
    };
    let state = rows::load_state(conn, m.id).await?;
    let (c, s) = rows::schedule(conn, &m, &state).await?;
    let milestones = (0..c.len())
        .filter(|&i| !c.summary[i] && c.plan.tasks[i].duration_minutes == 0)
        .filter_map(|i| {
            let task = state.task(c.ids[i])?;
            Some(Milestone {
                id: task.id,
                name: task.name.clone(),
                finish: s.finish(i as u32).date(),
            })
        })
        .collect();
    Ok(Some((
        Named {
            id: m.id,
            name: m.name,
        },
        milestones,
    )))
}
