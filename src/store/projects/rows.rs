//! Stored rows ↔ the domain's plan rows, and loading a plan.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::project::{
    Assignment, CalendarKey, LinkRow, PersonCalendar, ProjectState, ProjectStatus, ProjectSummary,
    TaskRow, compute,
};
use crate::domain::schedule::{
    Calendar, Constraint, ConstraintKind, LinkKind, Schedule, Scheduler,
};
use crate::domain::{AppError, AppResult};
use crate::store::db::internal;
use crate::store::entity::{account, project, project_link, project_task, task_assignment, user};

fn corrupt(what: &str) -> AppError {
    tracing::error!(what, "unreadable stored value");
    AppError::Internal("the server could not read a stored plan".into())
}

pub(crate) fn link_kind(code: &str) -> AppResult<LinkKind> {
    LinkKind::ALL
        .into_iter()
        .find(|k| k.abbreviation() == code)
        .ok_or_else(|| corrupt("link kind"))
}

const CONSTRAINT_CODES: [(ConstraintKind, &str); 6] = [
    (ConstraintKind::StartNoEarlierThan, "SNET"),
    (ConstraintKind::StartNoLaterThan, "SNLT"),
    (ConstraintKind::FinishNoEarlierThan, "FNET"),
    (ConstraintKind::FinishNoLaterThan, "FNLT"),
    (ConstraintKind::MustStartOn, "MSO"),
    (ConstraintKind::MustFinishOn, "MFO"),
];

pub(crate) fn constraint_code(k: ConstraintKind) -> &'static str {
    CONSTRAINT_CODES
        .iter()
        .find(|(c, _)| *c == k)
        .map(|(_, s)| *s)
        .unwrap_or("SNET")
}

fn constraint_of(m: &project_task::Model) -> AppResult<Option<Constraint>> {
    match (&m.constraint_kind, m.constraint_date) {
        (Some(code), Some(date)) => {
            let kind = CONSTRAINT_CODES
                .iter()
                .find(|(_, s)| s == code)
                .map(|(k, _)| *k)
                .ok_or_else(|| corrupt("constraint kind"))?;
            Ok(Some(Constraint { kind, date }))
        }
        _ => Ok(None),
    }
}

pub(crate) fn task_row(
    m: &project_task::Model,
    assignments: Vec<Assignment>,
) -> AppResult<TaskRow> {
    Ok(TaskRow {
        id: m.id,
        version: m.version,
        parent: m.parent_id,
        rank: m.rank.clone(),
        name: m.name.clone(),
        duration_minutes: m.duration_minutes,
        percent_complete: u8::try_from(m.percent_complete.clamp(0, 100)).unwrap_or(0),
        constraint: constraint_of(m)?,
        assignments,
        deleted: m.deleted,
    })
}

pub(crate) fn link_row(m: &project_link::Model) -> AppResult<LinkRow> {
    Ok(LinkRow {
        id: m.id,
        version: m.version,
        predecessor: m.predecessor_id,
        successor: m.successor_id,
        kind: link_kind(&m.kind)?,
        lag_minutes: m.lag_minutes,
        deleted: m.deleted,
    })
}

/// Tasks of a project (`only`: just these ids), with their assignments,
/// in id order.
pub(crate) async fn load_tasks<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    only: Option<&[i64]>,
) -> AppResult<Vec<TaskRow>> {
    let mut q = project_task::Entity::find().filter(project_task::Column::ProjectId.eq(project_id));
    let mut a = task_assignment::Entity::find();
    match only {
        Some([]) => return Ok(Vec::new()),
        Some(ids) => {
            q = q.filter(project_task::Column::Id.is_in(ids.to_vec()));
            a = a.filter(task_assignment::Column::TaskId.is_in(ids.to_vec()));
        }
        None => {
            let of_project = Query::select()
                .column(project_task::Column::Id)
                .from(project_task::Entity)
                .and_where(project_task::Column::ProjectId.eq(project_id))
                .to_owned();
            a = a.filter(task_assignment::Column::TaskId.in_subquery(of_project));
        }
    }
    let mut by_task: HashMap<i64, Vec<Assignment>> = HashMap::new();
    for x in a
        .order_by_asc(task_assignment::Column::TaskId)
        .order_by_asc(task_assignment::Column::UserId)
        .all(conn)
        .await
        .map_err(internal)?
    {
        by_task.entry(x.task_id).or_default().push(Assignment {
            user_id: x.user_id,
            units: u16::try_from(x.units).unwrap_or(100),
        });
    }
    q.order_by_asc(project_task::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .iter()
        .map(|m| task_row(m, by_task.remove(&m.id).unwrap_or_default()))
        .collect()
}

/// Links of a project (`only`: just these ids), in id order.
pub(crate) async fn load_links<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    only: Option<&[i64]>,
) -> AppResult<Vec<LinkRow>> {
    let mut q = project_link::Entity::find().filter(project_link::Column::ProjectId.eq(project_id));
    match only {
        Some([]) => return Ok(Vec::new()),
        Some(ids) => q = q.filter(project_link::Column::Id.is_in(ids.to_vec())),
        None => {}
    }
    q.order_by_asc(project_link::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .iter()
        .map(link_row)
        .collect()
}

pub(crate) async fn load_state<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
) -> AppResult<ProjectState> {
    Ok(ProjectState::new(
        load_tasks(conn, project_id, None).await?,
        load_links(conn, project_id, None).await?,
    ))
}

pub(crate) fn calendar_key(m: &project::Model) -> CalendarKey {
    CalendarKey::parse(&m.calendar).unwrap_or(CalendarKey::Standard)
}

/// The plan compiled and scheduled on the project's start and calendar.
pub(crate) async fn schedule<C: ConnectionTrait>(
    conn: &C,
    m: &project::Model,
    state: &ProjectState,
) -> AppResult<(compute::Compiled, Schedule)> {
    let calendar = super::calendars::calendar(conn, m).await?;
    let people = super::calendars::people(conn, m.id).await?;
    schedule_on(&calendar, &people, m, state)
}

/// [`schedule`] with the calendars at hand.
pub(crate) fn schedule_on(
    calendar: &Calendar,
    people: &[PersonCalendar],
    m: &project::Model,
    state: &ProjectState,
) -> AppResult<(compute::Compiled, Schedule)> {
    let c = compute::compile_with(state, m.start, calendar, people)?;
    let s = compute::run(&mut Scheduler::default(), &c)?;
    Ok((c, s))
}

/// Writes the schedule's figures on the project row (not a user's edit:
/// no version bump, so an open project form does not conflict).
pub(crate) async fn write_totals<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    t: compute::Totals,
) -> AppResult<()> {
    use sea_orm::sea_query::Expr;
    project::Entity::update_many()
        .col_expr(project::Column::Finish, Expr::value(t.finish))
        .col_expr(
            project::Column::PercentComplete,
            Expr::value(i16::from(t.percent_complete)),
        )
        .col_expr(project::Column::CriticalLate, Expr::value(t.critical_late))
        .col_expr(
            project::Column::TaskCount,
            Expr::value(i32::try_from(t.task_count).unwrap_or(i32::MAX)),
        )
        .filter(project::Column::Id.eq(project_id))
        .exec(conn)
        .await
        .map_err(internal)?;
    Ok(())
}

pub(crate) fn today() -> NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Summaries of `models`, with account and manager names (one query each).
pub(crate) async fn summaries<C: ConnectionTrait>(
    conn: &C,
    models: &[project::Model],
) -> AppResult<Vec<ProjectSummary>> {
    use sea_orm::QuerySelect;
    let account_ids: Vec<i64> = models.iter().filter_map(|m| m.account_id).collect();
    let accounts: HashMap<i64, String> = if account_ids.is_empty() {
        HashMap::new()
    } else {
        account::Entity::find()
            .select_only()
            .column(account::Column::Id)
            .column(account::Column::Name)
            .filter(account::Column::Id.is_in(account_ids))
            .into_tuple::<(i64, String)>()
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .collect()
    };
    let manager_ids: Vec<i64> = models.iter().map(|m| m.manager_id).collect();
    let managers: HashMap<i64, String> = if manager_ids.is_empty() {
        HashMap::new()
    } else {
        user::Entity::find()
            .select_only()
            .column(user::Column::Id)
            .column(user::Column::DisplayName)
            .filter(user::Column::Id.is_in(manager_ids))
            .into_tuple::<(i64, String)>()
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .collect()
    };
    Ok(models
        .iter()
        .map(|m| ProjectSummary {
            id: m.id,
            version: m.version,
            name: m.name.clone(),
            account_id: m.account_id,
            account_name: m.account_id.and_then(|a| accounts.get(&a).cloned()),
            deal_id: m.deal_id,
            manager_id: m.manager_id,
            manager_name: managers.get(&m.manager_id).cloned().unwrap_or_default(),
            calendar: calendar_key(m),
            start: m.start,
            status: ProjectStatus::parse(&m.status).unwrap_or(ProjectStatus::Planned),
            finish: m.finish,
            percent_complete: u8::try_from(m.percent_complete.clamp(0, 100)).unwrap_or(0),
            critical_late: m.critical_late,
            task_count: u32::try_from(m.task_count).unwrap_or(0),
            archived: m.archived_at.is_some(),
        })
        .collect())
}

pub(crate) async fn summary<C: ConnectionTrait>(
    conn: &C,
    m: &project::Model,
) -> AppResult<ProjectSummary> {
    summaries(conn, std::slice::from_ref(m))
        .await?
        .pop()
        .ok_or_else(|| AppError::Internal("a project went missing".into()))
}
