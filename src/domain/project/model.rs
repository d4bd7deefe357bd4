//! What a project and its plan are made of, as they travel between the
//! store and the browser.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::domain::AppError;
use crate::domain::schedule::{Calendar, Constraint, LinkKind, presets};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ProjectStatus {
    Planned,
    Active,
    OnHold,
    Completed,
    Cancelled,
}

impl ProjectStatus {
    pub const ALL: [ProjectStatus; 5] = [
        ProjectStatus::Planned,
        ProjectStatus::Active,
        ProjectStatus::OnHold,
        ProjectStatus::Completed,
        ProjectStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "planned",
            ProjectStatus::Active => "active",
            ProjectStatus::OnHold => "on_hold",
            ProjectStatus::Completed => "completed",
            ProjectStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The working calendars a project can be scheduled on. The presets are
/// stored by key, so a new year of Chinese holidays reaches every
/// project with the release; `Custom` is a project's own calendar,
/// stored with it (an imported Microsoft Project file's, whose days,
/// hours and exceptions no preset has).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CalendarKey {
    /// Monday to Friday, 8 hours, no holidays.
    Standard,
    /// The State Council's public holidays and make-up working days.
    ChinaMainland,
    /// The project's own calendar ([`ProjectPlan::calendar`] carries it).
    Custom,
}

impl CalendarKey {
    /// The presets: what a new project can be given.
    pub const ALL: [CalendarKey; 2] = [CalendarKey::Standard, CalendarKey::ChinaMainland];

    pub fn as_str(self) -> &'static str {
        match self {
            CalendarKey::Standard => "standard",
            CalendarKey::ChinaMainland => "china_mainland",
            CalendarKey::Custom => "custom",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [
            CalendarKey::Standard,
            CalendarKey::ChinaMainland,
            CalendarKey::Custom,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }

    /// The preset's calendar; `None` for a project's own (the store
    /// holds it).
    pub fn preset(self) -> Option<Calendar> {
        match self {
            CalendarKey::Standard => Some(presets::standard()),
            CalendarKey::ChinaMainland => Some(presets::china_mainland()),
            CalendarKey::Custom => None,
        }
    }

    /// What the project form offers: the presets, and the project's own
    /// calendar when it has one (so saving the form keeps it).
    pub fn choices(current: Option<CalendarKey>) -> Vec<CalendarKey> {
        let mut out = Self::ALL.to_vec();
        if current == Some(CalendarKey::Custom) {
            out.push(CalendarKey::Custom);
        }
        out
    }

    /// The preset whose days `calendar` has (same week, hours per day and
    /// dated exceptions; names aside), if any.
    pub fn matching(calendar: &Calendar) -> Option<CalendarKey> {
        Self::ALL.into_iter().find(|k| {
            k.preset().is_some_and(|p| {
                p.week == calendar.week
                    && p.minutes_per_day == calendar.minutes_per_day
                    && p.exceptions().len() == calendar.exceptions().len()
                    && p.exceptions()
                        .iter()
                        .zip(calendar.exceptions())
                        .all(|(a, b)| a.date == b.date && a.hours == b.hours)
            })
        })
    }
}

/// A project as lists show it. The schedule figures (`finish`,
/// `percent_complete`, `critical_late`) are written by the server each
/// time the plan is saved, so a list never runs the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectSummary {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub account_id: Option<i64>,
    pub account_name: Option<String>,
    pub deal_id: Option<i64>,
    pub manager_id: i64,
    pub manager_name: String,
    pub calendar: CalendarKey,
    pub start: NaiveDate,
    pub status: ProjectStatus,
    pub finish: Option<NaiveDate>,
    /// 0–100, duration-weighted over the whole plan.
    pub percent_complete: u8,
    /// A critical task is unfinished past its scheduled finish.
    pub critical_late: bool,
    pub task_count: u32,
    /// Closed out: read only.
    #[serde(default)]
    pub archived: bool,
}

/// What the project form sends (create and edit).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectInput {
    pub name: String,
    pub account_id: Option<i64>,
    pub deal_id: Option<i64>,
    /// `None`: the caller manages it.
    pub manager_id: Option<i64>,
    pub calendar: CalendarKey,
    pub start: NaiveDate,
    pub status: ProjectStatus,
}

impl ProjectInput {
    /// The name, trimmed, or which rule it breaks.
    pub fn validate(&self) -> Result<String, AppError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", "is required"));
        }
        if name.chars().count() > 200 {
            return Err(AppError::invalid("name", "must be at most 200 characters"));
        }
        Ok(name.to_string())
    }
}

/// Someone a task can be assigned to, with units in percent (100 = full
/// time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Assignment {
    pub user_id: i64,
    pub units: u16,
}

/// One task as stored. Tasks are never removed, only marked deleted, so
/// undo can bring one back under the same id, with its links.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskRow {
    pub id: i64,
    pub version: i64,
    pub parent: Option<i64>,
    /// Order among siblings (a fractional rank, compared as a string).
    pub rank: String,
    pub name: String,
    /// Working minutes; 0 is a milestone. Ignored on summary tasks.
    pub duration_minutes: i64,
    pub percent_complete: u8,
    pub constraint: Option<Constraint>,
    pub assignments: Vec<Assignment>,
    pub deleted: bool,
}

/// A dependency as stored; deleted links stay, for undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRow {
    pub id: i64,
    pub version: i64,
    pub predecessor: i64,
    pub successor: i64,
    pub kind: LinkKind,
    pub lag_minutes: i64,
    pub deleted: bool,
}

/// A person's own working time in one project: Project's resource
/// calendar, kept from an imported file (vacations, another shift). Their
/// tasks run on it (see [`super::compute::compile_with`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonCalendar {
    pub user_id: i64,
    pub calendar: Calendar,
}

/// Someone who can be assigned (the project page's picker and load view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: i64,
    pub name: String,
}

impl Person {
    /// Two letters for a cramped grid cell.
    pub fn initials(&self) -> String {
        self.name
            .split_whitespace()
            .filter_map(|w| w.chars().next())
            .take(2)
            .collect::<String>()
            .to_uppercase()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineInfo {
    pub id: i64,
    pub name: String,
    pub saved_at: NaiveDateTime,
}

/// A task's dates when a baseline was saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineBar {
    pub task_id: i64,
    pub start: NaiveDateTime,
    pub finish: NaiveDateTime,
}

/// Everything the project page needs, in one answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProjectPlan {
    pub project: ProjectSummary,
    /// The calendar the plan is scheduled on (a preset's, or the
    /// project's own).
    pub calendar: Calendar,
    /// Every task of the project, deleted ones included (undo needs them).
    pub tasks: Vec<TaskRow>,
    pub links: Vec<LinkRow>,
    pub people: Vec<Person>,
    /// People who work on a calendar of their own in this project.
    #[serde(default)]
    pub person_calendars: Vec<PersonCalendar>,
    pub baselines: Vec<BaselineInfo>,
    /// Whether the caller may edit the plan (the server checks again).
    pub editable: bool,
    /// [`super::digest`] of the server's schedule: the browser computes
    /// its own and reloads if the two differ.
    pub digest: u64,
}

/// The project list's filters.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProjectQuery {
    /// Matches the project's or the account's name.
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub status: Option<ProjectStatus>,
    /// Only projects whose account is this one (the account's 360° page).
    #[serde(default)]
    pub account_id: Option<i64>,
    /// 1-based.
    #[serde(default)]
    pub page: u32,
}

/// A saved edit as the other editors of the plan receive it (server-sent
/// event `plan` on `/api/projects/{id}/events`): the rows it wrote, as
/// stored. Rows older than what a browser shows are ignored there.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanEvent {
    pub project_id: i64,
    /// Who saved it (the editor's own browser has applied it already).
    pub user_id: i64,
    pub tasks: Vec<TaskRow>,
    pub links: Vec<LinkRow>,
    pub digest: u64,
}
