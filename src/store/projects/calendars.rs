//! A project's own working calendar (`CalendarKey::Custom`), stored as
//! one `project_calendars` row: what an imported Microsoft Project file's
//! calendar becomes when no preset has its days. And its people's own
//! calendars (`project_person_calendars`, a file's resource calendars).

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use crate::domain::project::PersonCalendar;
use crate::domain::schedule::{Calendar, CalendarException, DayHours};
use crate::domain::{AppError, AppResult};
use crate::store::db::internal;
use crate::store::entity::{project, project_calendar, project_person_calendar};

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

/// A calendar as its stored columns: name, minutes per day, week and
/// exceptions as JSON.
struct Stored {
    name: String,
    minutes_per_day: i32,
    week: String,
    exceptions: String,
}

fn encode(calendar: &Calendar) -> AppResult<Stored> {
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
    Ok(Stored {
        name: calendar.name.clone(),
        minutes_per_day: i32::try_from(calendar.minutes_per_day).unwrap_or(480),
        week: json(&week)?,
        exceptions: json(&exceptions)?,
    })
}

/// Stores `calendar` as the project's own (replacing any).
pub(crate) async fn save<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    calendar: &Calendar,
) -> AppResult<()> {
    let stored = encode(calendar)?;
    project_calendar::Entity::delete_many()
        .filter(project_calendar::Column::ProjectId.eq(project_id))
        .exec(conn)
        .await
        .map_err(internal)?;
    project_calendar::ActiveModel {
        project_id: Set(project_id),
        name: Set(stored.name),
        minutes_per_day: Set(stored.minutes_per_day),
        week: Set(stored.week),
        exceptions: Set(stored.exceptions),
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// The people of a project who work on calendars of their own, by user
/// id (so every compile of the plan lists them in one order).
pub(crate) async fn people<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
) -> AppResult<Vec<PersonCalendar>> {
    let rows = project_person_calendar::Entity::find()
        .filter(project_person_calendar::Column::ProjectId.eq(project_id))
        .order_by_asc(project_person_calendar::Column::UserId)
        .all(conn)
        .await
        .map_err(internal)?;
    rows.into_iter()
        .map(|r| {
            Ok(PersonCalendar {
                user_id: r.user_id,
                calendar: decode_parts(
                    r.project_id,
                    Stored {
                        name: r.name,
                        minutes_per_day: r.minutes_per_day,
                        week: r.week,
                        exceptions: r.exceptions,
                    },
                )?,
            })
        })
        .collect()
}

/// Stores a person's own calendar in a project (replacing theirs).
pub(crate) async fn save_person<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    person: &PersonCalendar,
) -> AppResult<()> {
    let stored = encode(&person.calendar)?;
    project_person_calendar::Entity::delete_many()
        .filter(project_person_calendar::Column::ProjectId.eq(project_id))
        .filter(project_person_calendar::Column::UserId.eq(person.user_id))
        .exec(conn)
        .await
        .map_err(internal)?;
    project_person_calendar::ActiveModel {
        project_id: Set(project_id),
        user_id: Set(person.user_id),
        name: Set(stored.name),
        minutes_per_day: Set(stored.minutes_per_day),
        week: Set(stored.week),
        exceptions: Set(stored.exceptions),
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
    decode_parts(
        row.project_id,
        Stored {
            name: row.name.clone(),
            minutes_per_day: row.minutes_per_day,
            week: row.week.clone(),
            exceptions: row.exceptions.clone(),
        },
    )
}

fn decode_parts(project_id: i64, row: Stored) -> AppResult<Calendar> {
    let bad = |what: &str| corrupt(project_id, what);
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
    Calendar::new(row.name, week, exceptions, minutes_per_day).map_err(|_| bad("calendar rules"))
}
