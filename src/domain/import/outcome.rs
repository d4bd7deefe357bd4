//! What a dry run answers and what a commit takes back: shared with the
//! browser, so the wizard shows exactly what the server decided.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::Kind;
use super::record::RowError;

/// Rows by what the commit would do with them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub create: u64,
    pub update: u64,
    pub skip: u64,
    pub error: u64,
}

/// A record already in the database that rows of the file duplicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Existing {
    pub id: i64,
    pub name: String,
}

/// Rows of the file (and records of the database) that look like the same
/// organisation or person, and what the commit does about them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DuplicateGroup {
    /// The group's first file row: how a [`GroupChoice`] names it (stable
    /// between the dry run and the commit of the same file).
    pub key: usize,
    /// File rows in the group, ascending.
    pub rows: Vec<usize>,
    pub existing: Vec<Existing>,
    /// Why they were grouped, in words ("same email", "similar names
    /// (0.93)").
    pub reasons: Vec<String>,
    /// What the commit does without a choice: [`Choice::Skip`].
    pub choice: Choice,
}

/// What to do with a group of duplicates.
///
/// - `Create`: every file row of the group becomes a new record.
/// - `Skip`: with a record already in the database, no row of the group is
///   imported; otherwise the group's first row is and the others are not.
/// - `Update`: record `id` (one of the group's existing records) takes the
///   non-empty values of the group's first row; the other rows are skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Choice {
    Create,
    #[default]
    Skip,
    Update {
        id: i64,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupChoice {
    pub key: usize,
    pub choice: Choice,
}

/// What the user decided after the dry run.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decisions {
    pub groups: Vec<GroupChoice>,
    /// Import the valid rows and leave out those with errors. Off: any
    /// row error refuses the whole import.
    pub skip_errors: bool,
}

impl Decisions {
    pub fn choice(&self, key: usize) -> Choice {
        self.groups
            .iter()
            .find(|g| g.key == key)
            .map_or(Choice::Skip, |g| g.choice)
    }
}

/// The dry run's answer: what a commit with the same decisions would do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DryRun {
    pub kind: Kind,
    pub counts: Counts,
    pub errors: Vec<RowError>,
    pub duplicates: Vec<DuplicateGroup>,
    /// Records the import makes besides its rows: the teams and managers
    /// a users file names ("team Central", "user Dustin Brinkmann").
    pub also_created: Vec<String>,
}

/// A committed import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportSummary {
    pub id: i64,
    pub kind: Kind,
    pub file_name: String,
    pub actor_id: Option<i64>,
    pub counts: Counts,
    pub undone: bool,
    pub created_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
}

/// What a commit wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Committed {
    pub import_id: i64,
    pub counts: Counts,
    /// Rows left out because of their errors (only with `skip_errors`).
    pub errors: Vec<RowError>,
}
