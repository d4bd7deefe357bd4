//! Microsoft Project XML (MSPDI) in and out, and the schedule as CSV and
//! its milestones as iCalendar. Pure: the store loads and writes rows,
//! these functions decide what a file becomes and what a plan is written
//! as, so every mapping rule is unit-tested without a database.
//!
//! - [`read`]: a parsed [`Document`](crate::domain::schedule::mspdi::Document)
//!   → an [`read::ImportPlan`] (rows with temporary ids, the calendar,
//!   resources matched to people, baselines, warnings), validated with
//!   the same [`ProjectState::apply`](super::ProjectState::apply) as any
//!   edit and scheduled once, so a file that cannot be a plan is refused
//!   before anything is written.
//! - [`write`]: a stored plan → an MSPDI document Project opens.
//! - [`sheet`]: the schedule as a CSV sheet (the grid's own cell formats).
//! - [`ics`]: milestones as an RFC 5545 calendar.

pub mod ics;
pub mod read;
pub mod sheet;
pub mod write;

use serde::{Deserialize, Serialize};

use super::model::{CalendarKey, ProjectStatus, ProjectSummary};

/// Largest MSPDI file taken: the import wizard's limit (a 10,000-task
/// plan saved without timephased data is well under it).
pub const MAX_MSPDI_BYTES: usize = crate::domain::import::upload::MAX_UPLOAD_BYTES;

/// Choices made when importing; each `None` takes the file's value (or
/// the importer, for the manager).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportOptions {
    /// The project's name; default: the file's title, its project
    /// summary task, or its name.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub account_id: Option<i64>,
    #[serde(default)]
    pub deal_id: Option<i64>,
    #[serde(default)]
    pub manager_id: Option<i64>,
    #[serde(default)]
    pub status: Option<ProjectStatus>,
}

/// How a resource of the file was recognised as a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum MatchedBy {
    Email,
    Name,
    Username,
}

/// A resource of the file and the person its assignments went to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceMatch {
    pub resource: String,
    pub user_id: i64,
    pub user_name: String,
    pub by: MatchedBy,
}

/// What an import made, for the page (and the CLI) to report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportedProject {
    /// The new project's id (also `project.id`).
    pub id: i64,
    pub project: ProjectSummary,
    /// Tasks imported, summary tasks and milestones included (the file's
    /// project summary task is the project itself, not a task).
    pub tasks: u32,
    pub summary_tasks: u32,
    pub milestones: u32,
    pub links: u32,
    /// A preset when the file's calendar has its days, else `Custom`.
    pub calendar: CalendarKey,
    /// Dated exceptions of the calendar (holidays, extra working days).
    pub calendar_exceptions: u32,
    pub resources_matched: Vec<ResourceMatch>,
    /// Resources that are not a user (by email, name or username), with
    /// the reason; their assignments were left out.
    pub resources_unmatched: Vec<String>,
    pub assignments: u32,
    pub assignments_dropped: u32,
    /// People whose resource calendar was kept as their own here.
    #[serde(default)]
    pub person_calendars: u32,
    pub baselines: u32,
    /// What was carried over differently from the file, one sentence each.
    pub warnings: Vec<String>,
}
