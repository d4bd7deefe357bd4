//! What a plan is made of: tasks in a tree (the WBS), links between them,
//! constraints, and the calendar they are scheduled on.
//!
//! Tasks are addressed by their index in [`Plan::tasks`] (a `u32`), so the
//! engine's passes index plain vectors. The order of that vector is the
//! order among siblings; a task's children are the tasks naming it as
//! `parent`.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::calendar::Calendar;

/// Index of a task in [`Plan::tasks`].
pub type TaskIx = u32;

/// How a link ties its successor to its predecessor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkKind {
    /// The successor starts after the predecessor finishes (the usual one).
    FinishToStart,
    StartToStart,
    FinishToFinish,
    /// The successor finishes after the predecessor starts (hand-overs).
    StartToFinish,
}

impl LinkKind {
    pub const ALL: [LinkKind; 4] = [
        LinkKind::FinishToStart,
        LinkKind::StartToStart,
        LinkKind::FinishToFinish,
        LinkKind::StartToFinish,
    ];

    pub fn abbreviation(self) -> &'static str {
        match self {
            LinkKind::FinishToStart => "FS",
            LinkKind::StartToStart => "SS",
            LinkKind::FinishToFinish => "FF",
            LinkKind::StartToFinish => "SF",
        }
    }

    /// Whether the predecessor's finish (rather than its start) drives.
    pub fn from_finish(self) -> bool {
        matches!(self, LinkKind::FinishToStart | LinkKind::FinishToFinish)
    }

    /// Whether the successor's finish (rather than its start) is driven.
    pub fn to_finish(self) -> bool {
        matches!(self, LinkKind::FinishToFinish | LinkKind::StartToFinish)
    }
}

/// A dependency. `lag_minutes` is working time on the plan's calendar:
/// positive waits, negative (a lead) overlaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    pub predecessor: TaskIx,
    pub successor: TaskIx,
    pub kind: LinkKind,
    pub lag_minutes: i64,
}

/// A date rule on one task besides its links.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConstraintKind {
    StartNoEarlierThan,
    StartNoLaterThan,
    FinishNoEarlierThan,
    FinishNoLaterThan,
    MustStartOn,
    MustFinishOn,
}

impl ConstraintKind {
    pub const ALL: [ConstraintKind; 6] = [
        ConstraintKind::StartNoEarlierThan,
        ConstraintKind::StartNoLaterThan,
        ConstraintKind::FinishNoEarlierThan,
        ConstraintKind::FinishNoLaterThan,
        ConstraintKind::MustStartOn,
        ConstraintKind::MustFinishOn,
    ];

    pub fn on_start(self) -> bool {
        matches!(
            self,
            ConstraintKind::StartNoEarlierThan
                | ConstraintKind::StartNoLaterThan
                | ConstraintKind::MustStartOn
        )
    }

    /// Bounds the early date from below (the forward pass).
    pub fn not_earlier(self) -> bool {
        matches!(
            self,
            ConstraintKind::StartNoEarlierThan
                | ConstraintKind::FinishNoEarlierThan
                | ConstraintKind::MustStartOn
                | ConstraintKind::MustFinishOn
        )
    }

    /// Bounds the late date from above (the backward pass).
    pub fn not_later(self) -> bool {
        matches!(
            self,
            ConstraintKind::StartNoLaterThan
                | ConstraintKind::FinishNoLaterThan
                | ConstraintKind::MustStartOn
                | ConstraintKind::MustFinishOn
        )
    }
}

/// A constraint and its date. "As soon as possible" is no constraint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Constraint {
    pub kind: ConstraintKind,
    pub date: NaiveDateTime,
}

/// Work done on another calendar than the plan's: a resource's
/// assignment. A task with spans runs from its start until the last span
/// has had its minutes on its calendar (Project's resource calendars).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceSpan {
    /// Index into [`Plan::resource_calendars`].
    pub calendar: u32,
    pub minutes: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Task {
    pub name: String,
    pub parent: Option<TaskIx>,
    /// Working minutes on the plan's calendar. Ignored for summary tasks.
    pub duration_minutes: i64,
    /// Zero duration. A task of zero duration is shown as a milestone.
    pub milestone: bool,
    /// 0–100.
    pub percent_complete: u8,
    /// Effort in minutes (summed on summary tasks).
    pub work_minutes: i64,
    /// `None` is "as soon as possible".
    pub constraint: Option<Constraint>,
    /// Empty unless resources on their own calendars drive the duration.
    pub resource_spans: Vec<ResourceSpan>,
}

impl Task {
    pub fn new(name: impl Into<String>, duration_minutes: i64) -> Self {
        Task {
            name: name.into(),
            parent: None,
            duration_minutes,
            milestone: duration_minutes == 0,
            percent_complete: 0,
            work_minutes: 0,
            constraint: None,
            resource_spans: Vec::new(),
        }
    }

    pub fn with_parent(mut self, parent: TaskIx) -> Self {
        self.parent = Some(parent);
        self
    }

    pub fn with_constraint(mut self, kind: ConstraintKind, date: NaiveDateTime) -> Self {
        self.constraint = Some(Constraint { kind, date });
        self
    }
}

/// Everything the engine needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Tasks without predecessors start here (or at the next working time).
    pub start: NaiveDateTime,
    pub calendar: Calendar,
    /// Calendars of [`ResourceSpan`]s.
    pub resource_calendars: Vec<Calendar>,
    pub tasks: Vec<Task>,
    pub links: Vec<Link>,
}

impl Plan {
    pub fn new(start: NaiveDateTime, calendar: Calendar) -> Self {
        Plan {
            start,
            calendar,
            resource_calendars: Vec::new(),
            tasks: Vec::new(),
            links: Vec::new(),
        }
    }

    /// Adds a task and returns its index.
    pub fn add(&mut self, task: Task) -> TaskIx {
        self.tasks.push(task);
        (self.tasks.len() - 1) as TaskIx
    }

    pub fn link(&mut self, predecessor: TaskIx, successor: TaskIx, kind: LinkKind, lag: i64) {
        self.links.push(Link {
            predecessor,
            successor,
            kind,
            lag_minutes: lag,
        });
    }
}
