//! Edits to a plan. One user action (a drag, a grid edit, an indent, an
//! undo) is one [`EditBatch`]: the browser applies it at once, sends it in
//! one call, and the server applies it in one transaction, refusing all of
//! it when any part fails.
//!
//! Every change to an existing row carries the version the editor saw,
//! so two people changing the same task cannot overwrite each other: the
//! second gets a conflict and the current state.

use serde::{Deserialize, Serialize};

use super::model::{Assignment, LinkRow, TaskRow};
use crate::domain::schedule::{Constraint, LinkKind};

/// One field of a task. Sent alone, so concurrent edits to different
/// fields still conflict (the version is per task) but never half-apply.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TaskField {
    Name(String),
    /// Working minutes; 0 makes a milestone.
    Duration(i64),
    PercentComplete(u8),
    /// `None`: as soon as possible.
    Constraint(Option<Constraint>),
    Assignments(Vec<Assignee>),
}

/// An assignment as edited (same shape as stored).
pub type Assignee = Assignment;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// `temp` is a negative id the browser chose; the answer maps it to
    /// the stored id. Later changes of the same batch may use it.
    AddTask {
        temp: i64,
        parent: Option<i64>,
        rank: String,
        name: String,
        duration_minutes: i64,
    },
    EditTask {
        id: i64,
        version: i64,
        field: TaskField,
    },
    /// Indent, outdent or reorder: a new parent and place among siblings.
    MoveTask {
        id: i64,
        version: i64,
        parent: Option<i64>,
        rank: String,
    },
    /// Refused while the task has subtasks: delete those first (in the
    /// same batch).
    DeleteTask {
        id: i64,
        version: i64,
    },
    RestoreTask {
        id: i64,
        version: i64,
    },
    AddLink {
        temp: i64,
        predecessor: i64,
        successor: i64,
        kind: LinkKind,
        lag_minutes: i64,
    },
    EditLink {
        id: i64,
        version: i64,
        kind: LinkKind,
        lag_minutes: i64,
    },
    DeleteLink {
        id: i64,
        version: i64,
    },
    RestoreLink {
        id: i64,
        version: i64,
    },
}

impl Change {
    /// The stored row this change needs, if any: (is a task, id).
    pub fn target(&self) -> Option<(bool, i64)> {
        match *self {
            Change::AddTask { .. } | Change::AddLink { .. } => None,
            Change::EditTask { id, .. }
            | Change::MoveTask { id, .. }
            | Change::DeleteTask { id, .. }
            | Change::RestoreTask { id, .. } => Some((true, id)),
            Change::EditLink { id, .. }
            | Change::DeleteLink { id, .. }
            | Change::RestoreLink { id, .. } => Some((false, id)),
        }
    }

    /// The version this change expects, to be restamped before an undo
    /// is sent (the row may have moved on since).
    pub fn set_version(&mut self, v: i64) {
        match self {
            Change::AddTask { .. } | Change::AddLink { .. } => {}
            Change::EditTask { version, .. }
            | Change::MoveTask { version, .. }
            | Change::DeleteTask { version, .. }
            | Change::RestoreTask { version, .. }
            | Change::EditLink { version, .. }
            | Change::DeleteLink { version, .. }
            | Change::RestoreLink { version, .. } => *version = v,
        }
    }

    /// Replaces the browser's temporary ids once the server has named the
    /// rows (`map` gives the stored id of a temporary one).
    pub fn rename(&mut self, map: &dyn Fn(bool, i64) -> Option<i64>) {
        let task = |id: &mut i64| {
            if let Some(n) = map(true, *id) {
                *id = n;
            }
        };
        match self {
            Change::AddTask { parent, .. } => {
                if let Some(p) = parent {
                    task(p)
                }
            }
            Change::MoveTask { id, parent, .. } => {
                task(id);
                if let Some(p) = parent {
                    task(p)
                }
            }
            Change::EditTask { id, .. }
            | Change::DeleteTask { id, .. }
            | Change::RestoreTask { id, .. } => task(id),
            Change::AddLink {
                predecessor,
                successor,
                ..
            } => {
                task(predecessor);
                task(successor);
            }
            Change::EditLink { id, .. }
            | Change::DeleteLink { id, .. }
            | Change::RestoreLink { id, .. } => {
                if let Some(n) = map(false, *id) {
                    *id = n;
                }
            }
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditBatch {
    pub project_id: i64,
    pub changes: Vec<Change>,
}

/// The server's answer to a batch.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EditResult {
    /// Every row the batch wrote, as stored now.
    pub tasks: Vec<TaskRow>,
    pub links: Vec<LinkRow>,
    /// (temporary id, stored id) of new tasks and of new links.
    pub new_tasks: Vec<(i64, i64)>,
    pub new_links: Vec<(i64, i64)>,
    /// [`super::digest`] of the server's schedule after the batch.
    pub digest: u64,
}
