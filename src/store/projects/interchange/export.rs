//! A project as an MSPDI document, its schedule as CSV, its milestones
//! as iCalendar. Whoever may read the project may export it.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::super::{calendars, readable, rows};
use crate::domain::project::interchange::write::{ExportBaseline, ExportInput, ExportPerson};
use crate::domain::project::interchange::{ics, sheet, write};
use crate::domain::project::{Compiled, Person, PersonCalendar, ProjectState, ProjectSummary};
use crate::domain::schedule::{Calendar, Schedule};
use crate::domain::{Actor, AppError, AppResult};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::{baseline, baseline_task, user};

/// A readable project with its plan scheduled.
struct Loaded {
    summary: ProjectSummary,
    calendar: Calendar,
    person_calendars: Vec<PersonCalendar>,
    state: ProjectState,
    compiled: Compiled,
    schedule: Schedule,
}

async fn load(store: &Store, actor: &Actor, id: i64) -> AppResult<Loaded> {
    let conn = store.conn();
    let m = readable(conn, store, actor, id, false).await?;
    let state = rows::load_state(conn, id).await?;
    let calendar = calendars::calendar(conn, &m).await?;
    let person_calendars = calendars::people(conn, id).await?;
    let (compiled, schedule) = rows::schedule_on(&calendar, &person_calendars, &m, &state)?;
    Ok(Loaded {
        summary: rows::summary(conn, &m).await?,
        calendar,
        person_calendars,
        state,
        compiled,
        schedule,
    })
}

/// The people assigned in the plan (inactive ones too: they are in it).
async fn assigned<C: ConnectionTrait>(
    conn: &C,
    state: &ProjectState,
) -> AppResult<Vec<user::Model>> {
    let mut ids: Vec<i64> = state
        .live_tasks()
        .flat_map(|t| t.assignments.iter().map(|a| a.user_id))
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(10_000) {
        out.extend(
            user::Entity::find()
                .filter(user::Column::Id.is_in(chunk.to_vec()))
                .all(conn)
                .await
                .map_err(internal)?,
        );
    }
    Ok(out)
}

/// The project as Microsoft Project XML (see
/// [`crate::domain::project::interchange::write`]).
#[tracing::instrument(skip(store))]
pub async fn export_mspdi(store: &Store, actor: &Actor, project_id: i64) -> AppResult<String> {
    let p = load(store, actor, project_id).await?;
    let conn = store.conn();
    let people: Vec<ExportPerson> = assigned(conn, &p.state)
        .await?
        .into_iter()
        .map(|u| ExportPerson {
            id: u.id,
            name: u.display_name,
            email: u.email,
        })
        .collect();
    let saved = baseline::Entity::find()
        .filter(baseline::Column::ProjectId.eq(project_id))
        .order_by_asc(baseline::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?;
    let mut baselines = Vec::with_capacity(saved.len());
    for b in saved {
        let bars: HashMap<i64, _> = baseline_task::Entity::find()
            .filter(baseline_task::Column::BaselineId.eq(b.id))
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|t| (t.task_id, (t.start, t.finish)))
            .collect();
        baselines.push(ExportBaseline { name: b.name, bars });
    }
    write::to_mspdi(&ExportInput {
        project: &p.summary,
        calendar: &p.calendar,
        state: &p.state,
        compiled: &p.compiled,
        schedule: &p.schedule,
        people: &people,
        person_calendars: &p.person_calendars,
        baselines: &baselines,
        now: chrono::Utc::now().naive_utc(),
    })
}

/// The schedule as CSV (UTF-8 with a byte order mark, for Excel): one
/// row per task with outline number, name, duration, dates,
/// predecessors, resources, % complete and whether it is critical.
#[tracing::instrument(skip(store))]
pub async fn schedule_csv(store: &Store, actor: &Actor, project_id: i64) -> AppResult<Vec<u8>> {
    let p = load(store, actor, project_id).await?;
    let people: Vec<Person> = assigned(store.conn(), &p.state)
        .await?
        .into_iter()
        .map(|u| Person {
            id: u.id,
            name: u.display_name,
        })
        .collect();
    sheet::schedule_sheet(&p.compiled, &p.schedule, &p.state, &people)
        .to_csv()
        .map_err(|e| AppError::Internal(e.to_string()))
}

/// The milestones as an iCalendar file, one all-day event each.
#[tracing::instrument(skip(store))]
pub async fn milestones_ics(store: &Store, actor: &Actor, project_id: i64) -> AppResult<String> {
    let p = load(store, actor, project_id).await?;
    Ok(ics::calendar(
        project_id,
        &p.summary.name,
        &ics::milestones(&p.compiled, &p.schedule),
        chrono::Utc::now(),
    ))
}
