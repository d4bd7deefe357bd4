//! What a valid row becomes: a typed record whose references to other
//! records (account, owner, team, stage…) are still names. The store
//! resolves the names against the database, which the browser cannot.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::mapping::StageTarget;
use crate::domain::Role;
use crate::domain::customer::{AccountInput, ActivityKind, ContactInput, LeadInput, LeadStatus};

/// A problem with one cell (or one row): the row number as a spreadsheet
/// shows it (the header is row 1 in a plain file), the column's header,
/// and a reason a person can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    pub row: usize,
    pub column: String,
    pub reason: String,
}

/// One row that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub row: usize,
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Record {
    Account(AccountRecord),
    Contact(ContactRecord),
    Deal(DealRecord),
    User(UserRecord),
    Lead(LeadRecord),
    Activity(ActivityRecord),
}

/// Who a record belongs to, by name: a user's display name or username,
/// a team's name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ownership {
    pub owner: Option<String>,
    pub team: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRecord {
    /// Validated; `owner_id`/`team_id` are left `None` for the store.
    pub input: AccountInput,
    pub ownership: Ownership,
    pub external_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactRecord {
    /// Validated; `account_id`, `owner_id`, `team_id` left for the store.
    pub input: ContactInput,
    /// The account's name.
    pub account: Option<String>,
    pub ownership: Ownership,
    pub external_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealRecord {
    pub title: String,
    /// The account's name.
    pub account: Option<String>,
    /// A contact's email or name.
    pub contact: Option<String>,
    /// Minor units of `currency`.
    pub amount: i64,
    pub currency: String,
    pub expected_close: Option<NaiveDate>,
    pub opened_on: Option<NaiveDate>,
    pub ownership: Ownership,
    /// The pipeline's name (`None`: the mapping's default, else the first).
    pub pipeline: Option<String>,
    /// `None`: the pipeline's first stage.
    pub stage: Option<StageTarget>,
    pub probability: Option<u8>,
    pub notes: String,
    pub external_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRecord {
    /// Normalised and checked.
    pub username: String,
    pub display_name: String,
    /// Checked when given; imported people often have none yet.
    pub email: String,
    pub role: Role,
    /// The team's name; created when it does not exist.
    pub team: Option<String>,
    /// The manager's display name; a manager user is created in the same
    /// team when nobody of that name exists.
    pub manager: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadRecord {
    /// Validated; `owner_id`/`team_id` left for the store.
    pub input: LeadInput,
    /// New when the file says nothing; never converted (a conversion
    /// creates an account and a contact, which an import of leads does not).
    pub status: LeadStatus,
    pub ownership: Ownership,
    pub external_id: Option<String>,
}

/// A logged interaction or a task from another system's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityRecord {
    pub kind: ActivityKind,
    pub subject: String,
    pub body: String,
    /// The account's name.
    pub account: Option<String>,
    /// A contact's email or name.
    pub contact: Option<String>,
    /// The day it happened; `None` is the day of the import.
    pub occurred_on: Option<NaiveDate>,
    /// Tasks only.
    pub due_on: Option<NaiveDate>,
    /// Tasks only: who must do it, by name; `None` is the importing user.
    pub assignee: Option<String>,
    pub external_id: Option<String>,
}

impl Record {
    /// The name duplicates are looked for by, and shown with.
    pub fn label(&self) -> &str {
        match self {
            Record::Account(a) => &a.input.name,
            Record::Contact(c) => &c.input.name,
            Record::Deal(d) => &d.title,
            Record::User(u) => &u.display_name,
            Record::Lead(l) => &l.input.name,
            Record::Activity(a) => &a.subject,
        }
    }
}
