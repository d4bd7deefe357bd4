//! The project record: list, create, edit.

use chrono::Utc;
use sea_orm::sea_query::Condition;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::rows::{self, summaries, summary};
use super::{ENTITY, calendars, events, writable};
use crate::domain::customer::{ListQuery, Page};
use crate::domain::project::{
    CalendarKey, PlanEvent, ProjectInput, ProjectQuery, ProjectSummary, compute,
};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize, read_scope};
use crate::store::customers::common::{
    COUNT_CAP, capped_count, cas_update, conflict, scope_condition, title_or_account_like,
};
use crate::store::db::internal;
use crate::store::entity::{account, deal, project, user};
use crate::store::{Store, audit};

pub const PER_PAGE: u32 = 50;

/// Projects the reader may see matching the filters, by name.
#[tracing::instrument(skip(store))]
pub async fn list(
    store: &Store,
    actor: &Actor,
    q: &ProjectQuery,
) -> AppResult<Page<ProjectSummary>> {
    authorize(actor, Action::Read, Resource::Module(Module::Projects))?;
    let conn = store.conn();
    let mut c = Condition::all()
        .add(scope_condition(
            read_scope(actor, Module::Projects),
            project::Column::ManagerId,
            project::Column::TeamId,
        )?)
        .add(project::Column::DeletedAt.is_null());
    if let Some(s) = q.status {
        c = c.add(project::Column::Status.eq(s.as_str()));
    }
    if let Some(a) = q.account_id {
        c = c.add(project::Column::AccountId.eq(a));
    }
    if let Some(t) = title_or_account_like(&q.q, project::Column::Name, project::Column::AccountId)
    {
        c = c.add(t);
    }
    let list_q = ListQuery {
        page: Ord::max(q.page, 1),
        per_page: PER_PAGE,
        ..Default::default()
    }
    .normalized();
    let (total, more) = capped_count(
        conn,
        project::Entity::find().filter(c.clone()),
        &list_q,
        COUNT_CAP,
    )
    .await?;
    let models = project::Entity::find()
        .filter(c)
        .order_by_asc(project::Column::Name)
        .order_by_asc(project::Column::Id)
        .offset(list_q.offset())
        .limit(u64::from(list_q.per_page))
        .all(conn)
        .await
        .map_err(internal)?;
    Ok(Page {
        items: summaries(conn, &models).await?,
        total,
        more,
        page: list_q.page,
        per_page: list_q.per_page,
    })
}

/// The account and deal must exist; the manager (the actor when not
/// given) must be an active user. Returns the manager and their team.
async fn check_links<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    input: &ProjectInput,
) -> AppResult<(i64, Option<i64>)> {
    if let Some(a) = input.account_id {
        account::Entity::find_by_id(a)
            .filter(account::Column::DeletedAt.is_null())
            .one(conn)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::invalid("account_id", "is not an account"))?;
    }
    if let Some(d) = input.deal_id {
        deal::Entity::find_by_id(d)
            .filter(deal::Column::DeletedAt.is_null())
            .one(conn)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::invalid("deal_id", "is not a deal"))?;
    }
    let manager_id = input.manager_id.unwrap_or(actor.user_id);
    let manager = user::Entity::find_by_id(manager_id)
        .one(conn)
        .await
        .map_err(internal)?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::invalid("manager_id", "is not an active user"))?;
    Ok((manager.id, manager.team_id))
}

#[tracing::instrument(skip(store))]
pub async fn create(
    store: &Store,
    actor: &Actor,
    input: ProjectInput,
) -> AppResult<ProjectSummary> {
    authorize(actor, Action::Create, Resource::Module(Module::Projects))?;
    let name = input.validate()?;
    if input.calendar == CalendarKey::Custom {
        return Err(own_calendar_refused());
    }
    let txn = store.write().await?;
    let after = insert(&txn, actor, &input, name).await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

fn own_calendar_refused() -> AppError {
    AppError::invalid(
        "calendar",
        "a project's own calendar comes with an imported file; choose a preset",
    )
}

/// Inserts the project record and its audit entry inside `txn` (a new
/// project, or the first step of an import).
pub(crate) async fn insert<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    input: &ProjectInput,
    name: String,
) -> AppResult<ProjectSummary> {
    let (manager_id, team_id) = check_links(txn, actor, input).await?;
    let now = Utc::now();
    let m = project::ActiveModel {
        name: Set(name),
        account_id: Set(input.account_id),
        deal_id: Set(input.deal_id),
        manager_id: Set(manager_id),
        team_id: Set(team_id),
        calendar: Set(input.calendar.as_str().to_owned()),
        start: Set(input.start),
        status: Set(input.status.as_str().to_owned()),
        finish: Set(None),
        percent_complete: Set(0),
        critical_late: Set(false),
        task_count: Set(0),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await
    .map_err(internal)?;
    let after = summary(txn, &m).await?;
    audit::record(
        txn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Edits the record. A new start or calendar moves the whole schedule:
/// the figures are recomputed and open plans are told (an event without
/// rows whose digest differs from theirs, so they reload).
#[tracing::instrument(skip(store))]
pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: ProjectInput,
) -> AppResult<ProjectSummary> {
    let name = input.validate()?;
    let txn = store.write().await?;
    let before_m = writable(&txn, store, actor, id).await?;
    if before_m.version != version {
        return Err(conflict(ENTITY, before_m.version));
    }
    let before = summary(&txn, &before_m).await?;
    if input.calendar == CalendarKey::Custom && !calendars::has_own(&txn, id).await? {
        return Err(own_calendar_refused());
    }
    let (manager_id, team_id) = check_links(&txn, actor, &input).await?;
    let sets: Vec<(&'static str, sea_orm::sea_query::SimpleExpr)> = vec![
        ("name", name.into()),
        ("account_id", input.account_id.into()),
        ("deal_id", input.deal_id.into()),
        ("manager_id", manager_id.into()),
        ("team_id", team_id.into()),
        ("calendar", input.calendar.as_str().into()),
        ("start", input.start.into()),
        ("status", input.status.as_str().into()),
    ];
    if !cas_update(&txn, "projects", id, version, sets).await? {
        return Err(conflict(ENTITY, before_m.version));
    }
    let mut after_m = project::Entity::find_by_id(id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))?;
    let moved = after_m.start != before_m.start || after_m.calendar != before_m.calendar;
    let mut digest = None;
    if moved {
        let state = rows::load_state(&txn, id).await?;
        let (c, s) = rows::schedule(&txn, &after_m, &state).await?;
        let t = super::golive::write_figures(&txn, Some(actor), &after_m, &c, &s).await?;
        after_m.finish = t.finish;
        after_m.percent_complete = i16::from(t.percent_complete);
        after_m.critical_late = t.critical_late;
        digest = Some(compute::digest(&c, &s));
    }
    let after = summary(&txn, &after_m).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "update",
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    if let Some(digest) = digest {
        events::publish(
            store,
            PlanEvent {
                project_id: id,
                user_id: actor.user_id,
                tasks: Vec::new(),
                links: Vec::new(),
                digest,
            },
        )
        .await;
    }
    Ok(after)
}
