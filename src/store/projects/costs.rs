//! A project's costs: task budgets, actual cost entries, the status date
//! and currency, and the earned-value table and S-curve read from them
//! (`domain::project::costs`). Whoever may change the project edits its
//! costs; whoever may read it reads them. Budgets are versioned per task;
//! entries are booked and removed, never edited; each write is audited
//! and records the day's earned value in the same transaction.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::{readable, rows, writable};
use crate::domain::project::Compiled;
use crate::domain::project::costs::{
    Budget, BudgetEdit, CostEntry, CostEntryInput, CostSettings, CostView, Costs, curve, table,
};
use crate::domain::project::evm::Earned;
use crate::domain::sales::money;
use crate::domain::schedule::Schedule;
use crate::domain::{Actor, AppError, AppResult};
use crate::store::customers::common::{Names, cas_update, conflict};
use crate::store::db::internal;
use crate::store::entity::{cost_entry, deal, earned_value_day, project, task_budget};
use crate::store::{Store, audit};

/// When no currency was chosen and the project has no deal.
const DEFAULT_CURRENCY: &str = "USD";

/// The date earned value is read at: the project's, else today.
pub(crate) fn status_date(m: &project::Model) -> NaiveDate {
    m.status_date.unwrap_or_else(rows::today)
}

/// The project's budgets and every cost entry.
pub(crate) async fn load<C: ConnectionTrait>(conn: &C, project_id: i64) -> AppResult<Costs> {
    let budgets = task_budget::Entity::find()
        .filter(task_budget::Column::ProjectId.eq(project_id))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|b| {
            (
                b.task_id,
                Budget {
                    rate: b.rate,
                    fixed: b.fixed_cost,
                },
            )
        })
        .collect();
    let actuals = cost_entry::Entity::find()
        .filter(cost_entry::Column::ProjectId.eq(project_id))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|e| (e.task_id, e.day, e.amount))
        .collect();
    Ok(Costs { budgets, actuals })
}

/// The project's earned value in money at `status`, once anything has
/// a budget (health and the report weigh money then, time before).
pub(crate) async fn money<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    c: &Compiled,
    s: &Schedule,
    status: NaiveDate,
) -> AppResult<Option<Earned>> {
    let costs = load(conn, project_id).await?;
    if !costs.in_money() {
        return Ok(None);
    }
    Ok(Some(table(c, s, &costs, status)?.1))
}

/// Writes today's earned value (the S-curve's EV line) when the project
/// is costed; called by every plan save and cost write, in its
/// transaction. The last write of a day wins.
pub(crate) async fn record_day<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    c: &Compiled,
    s: &Schedule,
) -> AppResult<()> {
    let today = rows::today();
    let Some(e) = money(conn, project_id, c, s, today).await? else {
        return Ok(());
    };
    earned_value_day::Entity::insert(earned_value_day::ActiveModel {
        project_id: Set(project_id),
        day: Set(today),
        bac: Set(e.bac),
        pv: Set(e.pv),
        ev: Set(e.ev),
        ac: Set(e.ac),
    })
    .on_conflict(
        OnConflict::columns([
            earned_value_day::Column::ProjectId,
            earned_value_day::Column::Day,
        ])
        .update_columns([
            earned_value_day::Column::Bac,
            earned_value_day::Column::Pv,
            earned_value_day::Column::Ev,
            earned_value_day::Column::Ac,
        ])
        .to_owned(),
    )
    .exec(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

pub(crate) async fn currency_of<C: ConnectionTrait>(
    conn: &C,
    m: &project::Model,
) -> AppResult<String> {
    if let Some(c) = &m.cost_currency {
        return Ok(c.clone());
    }
    if let Some(d) = m.deal_id {
        let found = deal::Entity::find_by_id(d)
            .one(conn)
            .await
            .map_err(internal)?;
        if let Some(found) = found {
            return Ok(found.currency);
        }
    }
    Ok(DEFAULT_CURRENCY.to_owned())
}

async fn build<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    m: &project::Model,
) -> AppResult<CostView> {
    let state = rows::load_state(conn, m.id).await?;
    let (c, s) = rows::schedule(conn, m, &state).await?;
    let costs = load(conn, m.id).await?;
    let status = status_date(m);
    let (table_rows, total) = table(&c, &s, &costs, status)?;
    let recorded: Vec<(NaiveDate, i64)> = earned_value_day::Entity::find()
        .filter(earned_value_day::Column::ProjectId.eq(m.id))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|d| (d.day, d.ev))
        .collect();
    let points = curve(&c, &s, &costs, status, &recorded)?;
    let budget_versions = task_budget::Entity::find()
        .filter(task_budget::Column::ProjectId.eq(m.id))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|b| (b.task_id, b.version))
        .collect();
    let models = cost_entry::Entity::find()
        .filter(cost_entry::Column::ProjectId.eq(m.id))
        .order_by_desc(cost_entry::Column::Day)
        .order_by_desc(cost_entry::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?;
    let names = Names::load(conn, models.iter().map(|e| e.created_by), []).await?;
    let task_names: HashMap<i64, &str> = state
        .tasks()
        .iter()
        .map(|t| (t.id, t.name.as_str()))
        .collect();
    let entries = models
        .iter()
        .map(|e| CostEntry {
            id: e.id,
            task_id: e.task_id,
            task_name: task_names.get(&e.task_id).copied().unwrap_or("").to_owned(),
            day: e.day,
            amount: e.amount,
            note: e.note.clone(),
            by: names.user(e.created_by).map(|n| n.name).unwrap_or_default(),
        })
        .collect();
    Ok(CostView {
        project_id: m.id,
        version: m.version,
        status_date: status,
        status_date_set: m.status_date.is_some(),
        currency: currency_of(conn, m).await?,
        rows: table_rows,
        total,
        curve: points,
        entries,
        budget_versions,
        editable: super::may_change(actor, m),
    })
}

/// The Costs tab.
pub async fn view(store: &Store, actor: &Actor, project_id: i64) -> AppResult<CostView> {
    let conn = store.conn();
    let m = readable(conn, store, actor, project_id, false).await?;
    build(conn, actor, &m).await
}

/// Refuses a task that is not a live leaf of the project: budgets and
/// costs sit on tasks, phases add them up.
fn leaf_of(c: &Compiled, task_id: i64) -> AppResult<()> {
    match c.ix.get(&task_id) {
        Some(&i) if !c.summary[i as usize] => Ok(()),
        Some(_) => Err(AppError::invalid(
            "task_id",
            "is a phase: costs go on its tasks",
        )),
        None => Err(AppError::invalid(
            "task_id",
            "is not a task of this project",
        )),
    }
}

/// Ends a cost write (after its audit row): today's earned value, the
/// commit, and the tab as it now stands.
async fn finish(
    txn: sea_orm::DatabaseTransaction,
    actor: &Actor,
    m: &project::Model,
    c: &Compiled,
    s: &Schedule,
) -> AppResult<CostView> {
    record_day(&txn, m.id, c, s).await?;
    let out = build(&txn, actor, m).await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

/// Sets the budgets of several tasks at once, each against the version
/// it was read at (0: it had none); one stale version and nothing is
/// written.
pub async fn set_budgets(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    edits: Vec<BudgetEdit>,
) -> AppResult<CostView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Projects)?;
    if edits.is_empty() {
        return Err(AppError::invalid("budgets", "nothing to save"));
    }
    for e in &edits {
        e.budget.validate()?;
    }
    let txn = store.write().await?;
    let m = writable(&txn, store, actor, project_id).await?;
    let state = rows::load_state(&txn, m.id).await?;
    let (c, s) = rows::schedule(&txn, &m, &state).await?;
    let mut before = Vec::new();
    for e in &edits {
        leaf_of(&c, e.task_id)?;
        let old = task_budget::Entity::find_by_id(e.task_id)
            .one(&txn)
            .await
            .map_err(internal)?;
        match old {
            None if e.version == 0 => {
                task_budget::ActiveModel {
                    task_id: Set(e.task_id),
                    project_id: Set(m.id),
                    rate: Set(e.budget.rate),
                    fixed_cost: Set(e.budget.fixed),
                    version: Set(1),
                    updated_at: Set(Utc::now()),
                }
                .insert(&txn)
                .await
                .map_err(internal)?;
            }
            None => return Err(conflict("task_budget", 0)),
            Some(old) => {
                let updated = task_budget::Entity::update_many()
                    .col_expr(task_budget::Column::Rate, Expr::value(e.budget.rate))
                    .col_expr(task_budget::Column::FixedCost, Expr::value(e.budget.fixed))
                    .col_expr(
                        task_budget::Column::Version,
                        Expr::col(task_budget::Column::Version).add(1),
                    )
                    .col_expr(task_budget::Column::UpdatedAt, Expr::value(Utc::now()))
                    .filter(task_budget::Column::TaskId.eq(e.task_id))
                    .filter(task_budget::Column::Version.eq(e.version))
                    .exec(&txn)
                    .await
                    .map_err(internal)?;
                if updated.rows_affected != 1 {
                    return Err(conflict("task_budget", old.version));
                }
                before.push((
                    old.task_id,
                    Budget {
                        rate: old.rate,
                        fixed: old.fixed_cost,
                    },
                ));
            }
        }
    }
    let after: Vec<(i64, Budget)> = edits.iter().map(|e| (e.task_id, e.budget)).collect();
    audit::record(
        &txn,
        Some(actor),
        "project_budget",
        m.id,
        "update",
        Some(&before),
        Some(&after),
    )
    .await?;
    finish(txn, actor, &m, &c, &s).await
}

/// Books an actual cost against a task of the project.
pub async fn add_entry(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    input: CostEntryInput,
) -> AppResult<CostView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Projects)?;
    let note = input.validate(rows::today())?;
    let txn = store.write().await?;
    let m = writable(&txn, store, actor, project_id).await?;
    let state = rows::load_state(&txn, m.id).await?;
    let (c, s) = rows::schedule(&txn, &m, &state).await?;
    leaf_of(&c, input.task_id)?;
    let e = cost_entry::ActiveModel {
        project_id: Set(m.id),
        task_id: Set(input.task_id),
        day: Set(input.day),
        amount: Set(input.amount),
        note: Set(note),
        created_by: Set(Some(actor.user_id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let after = CostEntryInput {
        note: e.note.clone(),
        ..input
    };
    audit::record(
        &txn,
        Some(actor),
        "cost_entry",
        e.id,
        "create",
        None::<&()>,
        Some(&after),
    )
    .await?;
    finish(txn, actor, &m, &c, &s).await
}

/// Removes a booked cost (a wrong one is removed and booked again).
pub async fn remove_entry(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    entry_id: i64,
) -> AppResult<CostView> {
    let txn = store.write().await?;
    let m = writable(&txn, store, actor, project_id).await?;
    let old = cost_entry::Entity::find_by_id(entry_id)
        .filter(cost_entry::Column::ProjectId.eq(m.id))
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("cost_entry"))?;
    cost_entry::Entity::delete_by_id(entry_id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    let state = rows::load_state(&txn, m.id).await?;
    let (c, s) = rows::schedule(&txn, &m, &state).await?;
    let before = CostEntryInput {
        task_id: old.task_id,
        day: old.day,
        amount: old.amount,
        note: old.note,
    };
    audit::record(
        &txn,
        Some(actor),
        "cost_entry",
        entry_id,
        "delete",
        Some(&before),
        None::<&()>,
    )
    .await?;
    finish(txn, actor, &m, &c, &s).await
}

/// Sets the status date (none: today) and the cost currency, against
/// the project's version.
pub async fn set_settings(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    version: i64,
    settings: CostSettings,
) -> AppResult<CostView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Projects)?;
    let currency = money::currency("currency", &settings.currency)?;
    let txn = store.write().await?;
    let m = writable(&txn, store, actor, project_id).await?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("status_date", settings.status_date.into()),
        ("cost_currency", Some(currency.clone()).into()),
    ];
    if !cas_update(&txn, "projects", m.id, version, sets).await? {
        return Err(conflict("project", m.version));
    }
    let after_m = project::Entity::find_by_id(m.id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("project"))?;
    let state = rows::load_state(&txn, m.id).await?;
    let (c, s) = rows::schedule(&txn, &after_m, &state).await?;
    let before = CostSettings {
        status_date: m.status_date,
        currency: currency_of(&txn, &m).await?,
    };
    let after = CostSettings {
        status_date: settings.status_date,
        currency,
    };
    audit::record(
        &txn,
        Some(actor),
        "project_cost_settings",
        m.id,
        "update",
        Some(&before),
        Some(&after),
    )
    .await?;
    finish(txn, actor, &after_m, &c, &s).await
}
