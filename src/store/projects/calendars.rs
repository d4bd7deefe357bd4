//! A project's own working calendar (`CalendarKey::Custom`), stored as
//! one `project_calendars` row: what an imported Microsoft Project file's
//! calendar becomes when no preset has its days.

use chrono::NaiveDate;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};

use crate::domain::schedule::{Calendar, CalendarException, DayHours};
use crate::domain::{AppError, AppResult};
use crate::store::db::internal;
use crate::store::entity::{project, project_calendar};

/// One exception as stored (the JSON shape is this module's, not the
/// domain type's, so a domain refactoring cannot change stored data).
#[derive(Serialize, Deserialize)]
struct StoredException {
    date: NaiveDate,
    hours: Vec<(u16, u16)>,
    #[serde(default)]
    name: String,
}

fn corrupt(project_id: i64, what: &str) -> AppError {
    tracing::error!(project_id, what, "unreadable project calendar");
    AppError::Internal("the server could not read a project's calendar".into())
}

/// The calendar a project is scheduled on: its preset, or its own.
pub(crate) async fn calendar<C: ConnectionTrait>(
    conn: &C,
    m: &project::Model,
) -> AppResult<Calendar> {
    let key = super::rows::calendar_key(m);
    if let Some(c) = key.preset() {
        return Ok(c);
    }
    let row = project_calendar::Entity::find_by_id(m.id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| corrupt(m.id, "missing"))?;
    decode(&row)
}

/// Whether the project has a calendar of its own stored.
pub(crate) async fn has_own<C: ConnectionTrait>(conn: &C, project_id: i64) -> AppResult<bool> {
    Ok(project_calendar::Entity::find_by_id(project_id)
        .one(conn)
        .await
        .map_err(internal)?
        .is_some())
}

/// Stores `calendar` as the project's own (replacing any).
pub(crate) async fn save<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    calendar: &Calendar,
) -> AppResult<()> {
    let week: Vec<&[(u16, u16)]> = calendar.week.iter().map(DayHours::periods).collect();
    let exceptions: Vec<StoredException> = calendar
        .exceptions()
        .iter()
        .map(|e| StoredException {
            date: e.date,
            hours: e.hours.periods().to_vec(),
            name: e.name.clone(),
        })
        .collect();
    project_calendar::Entity::delete_many()
        .filter(project_calendar::Column::ProjectId.eq(project_id))
        .exec(conn)
        .await
        .map_err(internal)?;
    project_calendar::ActiveModel {
        project_id: Set(project_id),
        name: Set(calendar.name.clone()),
        minutes_per_day: Set(i32::try_from(calendar.minutes_per_day).unwrap_or(480)),
        week: Set(json(&week)?),
        exceptions: Set(json(&exceptions)?),
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

fn json<T: Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(|e| AppError::Internal(e.to_string()))
}

fn decode(row: &project_calendar::Model) -> AppResult<Calendar> {
    let bad = |what: &str| corrupt(row.project_id, what);
    let week: Vec<Vec<(u16, u16)>> = serde_json::from_str(&row.week).map_err(|_| bad("week"))?;
    let week: Vec<DayHours> = week
        .into_iter()
        .map(DayHours::new)
        .collect::<Result<_, _>>()
        .map_err(|_| bad("week hours"))?;
    let week: [DayHours; 7] = week.try_into().map_err(|_| bad("week length"))?;
    let stored: Vec<StoredException> =
        serde_json::from_str(&row.exceptions).map_err(|_| bad("exceptions"))?;
    let mut exceptions = Vec::with_capacity(stored.len());
    for e in stored {
        exceptions.push(CalendarException {
            date: e.date,
            hours: DayHours::new(e.hours).map_err(|_| bad("exception hours"))?,
            name: e.name,
        });
    }
    let minutes_per_day = u32::try_from(row.minutes_per_day).map_err(|_| bad("minutes"))?;
    Calendar::new(row.name.clone(), week, exceptions, minutes_per_day)
        .map_err(|_| bad("calendar rules"))
}
