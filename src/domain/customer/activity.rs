//! Activities (calls, meetings, emails, notes, tasks) and the timeline
//! that merges them with the record's field changes.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::Named;
use super::fields::{self, MAX_NOTES};
use crate::domain::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ActivityKind {
    Call,
    Meeting,
    Email,
    Note,
    Task,
}

impl ActivityKind {
    pub const ALL: [ActivityKind; 5] = [
        ActivityKind::Call,
        ActivityKind::Meeting,
        ActivityKind::Email,
        ActivityKind::Note,
        ActivityKind::Task,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityKind::Call => "call",
            ActivityKind::Meeting => "meeting",
            ActivityKind::Email => "email",
            ActivityKind::Note => "note",
            ActivityKind::Task => "task",
        }
    }

    pub fn parse(s: &str) -> Option<ActivityKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Logging an interaction, or scheduling a task. It hangs off an account,
/// a contact or a lead (at least one); a contact's account is filled in by
/// the store so the interaction shows on the account's timeline too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityInput {
    pub kind: ActivityKind,
    pub subject: String,
    pub body: String,
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub lead_id: Option<i64>,
    /// When it happened (logged interactions); `None` is now.
    pub occurred_at: Option<DateTime<Utc>>,
    /// Tasks only: when it is due, and who must do it (`None`: the author).
    pub due_on: Option<NaiveDate>,
    pub assignee_id: Option<i64>,
}

impl ActivityInput {
    pub fn validated(&self) -> Result<ActivityInput, AppError> {
        if self.account_id.is_none() && self.contact_id.is_none() && self.lead_id.is_none() {
            return Err(AppError::invalid(
                "record",
                "choose an account, contact or lead",
            ));
        }
        self.validated_content()
    }

    /// Every check but the one on the records it hangs off: an import
    /// checks a row before the names of its account or contact are
    /// resolved to ids.
    pub fn validated_content(&self) -> Result<ActivityInput, AppError> {
        let subject = fields::required("subject", &self.subject, 200)?;
        let body = fields::multiline("body", &self.body, MAX_NOTES)?;
        if self.kind == ActivityKind::Task {
            if self.due_on.is_none() {
                return Err(AppError::invalid("due_on", "is required"));
            }
        } else if self.due_on.is_some() || self.assignee_id.is_some() {
            return Err(AppError::invalid(
                "due_on",
                "only tasks have a due date and assignee",
            ));
        }
        Ok(ActivityInput {
            subject,
            body,
            ..self.clone()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    pub id: i64,
    pub kind: ActivityKind,
    pub subject: String,
    pub body: String,
    pub account: Option<Named>,
    pub contact: Option<Named>,
    pub lead: Option<Named>,
    pub occurred_at: DateTime<Utc>,
    pub due_on: Option<NaiveDate>,
    pub assignee: Option<Named>,
    pub author: Option<Named>,
    pub done_at: Option<DateTime<Utc>>,
    pub version: i64,
}

impl ActivityView {
    /// A task not done whose due date is `today` or earlier.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.kind == ActivityKind::Task
            && self.done_at.is_none()
            && self.due_on.is_some_and(|d| d <= today)
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.kind == ActivityKind::Task
            && self.done_at.is_none()
            && self.due_on.is_some_and(|d| d < today)
    }
}

/// One field's change, as the audit log recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub from: String,
    pub to: String,
}

/// One entry of a record's timeline, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TimelineItem {
    Activity(ActivityView),
    Change {
        id: i64,
        at: DateTime<Utc>,
        actor: Option<Named>,
        /// "create", "update", "delete", "restore", "convert", …
        action: String,
        changes: Vec<FieldChange>,
    },
    /// A service ticket about the account, at the time it was opened.
    Ticket(TicketMention),
}

/// What the account's timeline says of a ticket: enough to see what it
/// is about and where it stands, with a link to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketMention {
    pub id: i64,
    pub subject: String,
    pub kind: crate::domain::service::TicketKind,
    pub priority: crate::domain::service::Priority,
    pub status: crate::domain::service::TicketStatus,
    pub contact: Option<Named>,
    pub assignee: Option<Named>,
    pub opened_at: DateTime<Utc>,
}

impl TimelineItem {
    pub fn at(&self) -> DateTime<Utc> {
        match self {
            TimelineItem::Activity(a) => a.occurred_at,
            TimelineItem::Change { at, .. } => *at,
            TimelineItem::Ticket(t) => t.opened_at,
        }
    }
}

/// A page of a timeline; `next` is the cursor for the older entries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TimelinePage {
    pub items: Vec<TimelineItem>,
    pub next: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call() -> ActivityInput {
        ActivityInput {
            kind: ActivityKind::Call,
            subject: "Intro call".into(),
            body: String::new(),
            account_id: Some(1),
            contact_id: None,
            lead_id: None,
            occurred_at: None,
            due_on: None,
            assignee_id: None,
        }
    }

    #[test]
    fn an_activity_needs_a_record_and_a_subject() {
        assert!(call().validated().is_ok());
        let orphan = ActivityInput {
            account_id: None,
            ..call()
        };
        assert!(
            matches!(orphan.validated(), Err(AppError::Validation { field, .. }) if field == "record")
        );
        let blank = ActivityInput {
            subject: " ".into(),
            ..call()
        };
        assert!(
            matches!(blank.validated(), Err(AppError::Validation { field, .. }) if field == "subject")
        );
    }

    #[test]
    fn only_tasks_have_due_dates_and_tasks_need_one() {
        let task = ActivityInput {
            kind: ActivityKind::Task,
            ..call()
        };
        assert!(
            matches!(task.validated(), Err(AppError::Validation { field, .. }) if field == "due_on")
        );
        let call_with_due = ActivityInput {
            due_on: NaiveDate::from_ymd_opt(2026, 1, 1),
            ..call()
        };
        assert!(call_with_due.validated().is_err());
    }
}
