//! A ticket: what the customer asked or complained about, who works on
//! it, and where it stands. The status moves along a fixed path; the rules
//! of which move is allowed live here so the board, the form and the
//! store agree.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::sla::SlaClock;
use crate::domain::AppError;
use crate::domain::customer::Named;
use crate::domain::customer::fields::{self, MAX_NOTES, MAX_TEXT};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketKind {
    Complaint,
    ServiceRequest,
    Question,
}

impl TicketKind {
    pub const ALL: [TicketKind; 3] = [
        TicketKind::Complaint,
        TicketKind::ServiceRequest,
        TicketKind::Question,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TicketKind::Complaint => "complaint",
            TicketKind::ServiceRequest => "service_request",
            TicketKind::Question => "question",
        }
    }

    pub fn parse(s: &str) -> Option<TicketKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Urgency, which sets the service level's targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Priority {
    Low,
    Normal,
    High,
    Urgent,
}

impl Priority {
    pub const ALL: [Priority; 4] = [
        Priority::Low,
        Priority::Normal,
        Priority::High,
        Priority::Urgent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Urgent => "urgent",
        }
    }

    pub fn parse(s: &str) -> Option<Priority> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// new → assigned → in progress → waiting on customer → resolved →
/// closed, with reopening from resolved or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TicketStatus {
    New,
    Assigned,
    InProgress,
    Waiting,
    Resolved,
    Closed,
}

impl TicketStatus {
    pub const ALL: [TicketStatus; 6] = [
        TicketStatus::New,
        TicketStatus::Assigned,
        TicketStatus::InProgress,
        TicketStatus::Waiting,
        TicketStatus::Resolved,
        TicketStatus::Closed,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Assigned => "assigned",
            TicketStatus::InProgress => "in_progress",
            TicketStatus::Waiting => "waiting",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<TicketStatus> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// Resolved and closed tickets are done: no clock runs on them.
    pub fn is_done(self) -> bool {
        matches!(self, TicketStatus::Resolved | TicketStatus::Closed)
    }

    /// Whether a ticket may move from `self` to `next`, and what is
    /// missing when not. `assigned` says whether it has an assignee (a
    /// ticket cannot be assigned, or worked on, by nobody).
    pub fn check_move(self, next: TicketStatus, assigned: bool) -> Result<(), &'static str> {
        use TicketStatus::*;
        if self == next {
            return Err("the ticket is already in that status");
        }
        if matches!(next, Assigned | InProgress | Waiting) && !assigned {
            return Err("assign the ticket to someone first");
        }
        let allowed = match self {
            New => matches!(next, Assigned | InProgress | Resolved),
            Assigned => matches!(next, New | InProgress | Waiting | Resolved),
            InProgress => matches!(next, Assigned | Waiting | Resolved),
            Waiting => matches!(next, InProgress | Resolved),
            // Reopening.
            Resolved => matches!(next, Closed | New | Assigned | InProgress),
            Closed => matches!(next, New | Assigned | InProgress),
        };
        if allowed {
            Ok(())
        } else if next == Closed {
            Err("only a resolved ticket can be closed")
        } else {
            Err("the ticket cannot move to that status")
        }
    }

    /// Where a reopened ticket goes: back to its assignee, else the queue.
    pub fn reopened(assigned: bool) -> TicketStatus {
        if assigned {
            TicketStatus::InProgress
        } else {
            TicketStatus::New
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketInput {
    pub kind: TicketKind,
    pub subject: String,
    pub description: String,
    pub account_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    /// The queue; `None`: the assignee's team, else the creator's.
    pub team_id: Option<i64>,
}

impl Default for TicketInput {
    fn default() -> Self {
        TicketInput {
            kind: TicketKind::Question,
            subject: String::new(),
            description: String::new(),
            account_id: None,
            contact_id: None,
            priority: Priority::Normal,
            assignee_id: None,
            team_id: None,
        }
    }
}

impl TicketInput {
    /// A ticket needs a subject and a customer (an account or a contact).
    pub fn validated(&self) -> Result<TicketInput, AppError> {
        let subject = fields::required("subject", &self.subject, MAX_TEXT)?;
        let description = fields::multiline("description", &self.description, MAX_NOTES)?;
        if self.account_id.is_none() && self.contact_id.is_none() {
            return Err(AppError::invalid(
                "account_id",
                "choose the customer's account or contact",
            ));
        }
        Ok(TicketInput {
            subject,
            description,
            ..self.clone()
        })
    }
}

/// Who may read a comment: the team only, or the customer too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Visibility {
    Internal,
    Customer,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Internal => "internal",
            Visibility::Customer => "customer",
        }
    }

    pub fn parse(s: &str) -> Option<Visibility> {
        [Visibility::Internal, Visibility::Customer]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentInput {
    pub body: String,
    pub visibility: Visibility,
}

impl CommentInput {
    pub fn validated(&self) -> Result<CommentInput, AppError> {
        let body = fields::multiline("body", &self.body, MAX_NOTES)?;
        if body.is_empty() {
            return Err(AppError::invalid("body", "is required"));
        }
        Ok(CommentInput {
            body,
            visibility: self.visibility,
        })
    }

    /// A customer-visible reply is what stops the first-response clock;
    /// an internal note does not.
    pub fn is_response(&self) -> bool {
        self.visibility == Visibility::Customer
    }
}

/// The customer's satisfaction when the ticket is closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rating {
    /// 1 (very unhappy) to 5 (very happy).
    pub score: u8,
    pub comment: String,
}

impl Rating {
    pub fn validated(&self) -> Result<Rating, AppError> {
        if !(1..=5).contains(&self.score) {
            return Err(AppError::invalid("score", "must be from 1 to 5"));
        }
        Ok(Rating {
            score: self.score,
            comment: fields::multiline("comment", &self.comment, 2_000)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use TicketStatus::*;

    #[test]
    fn the_life_cycle_moves_only_forward_or_by_reopening() {
        assert_eq!(New.check_move(Assigned, true), Ok(()));
        assert_eq!(
            New.check_move(Assigned, false),
            Err("assign the ticket to someone first")
        );
        assert_eq!(Assigned.check_move(InProgress, true), Ok(()));
        assert_eq!(InProgress.check_move(Waiting, true), Ok(()));
        assert_eq!(Waiting.check_move(Resolved, true), Ok(()));
        assert_eq!(Resolved.check_move(Closed, true), Ok(()));
        assert_eq!(
            InProgress.check_move(Closed, true),
            Err("only a resolved ticket can be closed")
        );
        assert_eq!(
            Waiting.check_move(New, true),
            Err("the ticket cannot move to that status")
        );
        assert_eq!(Closed.check_move(InProgress, true), Ok(()));
        assert_eq!(
            Closed.check_move(Closed, true),
            Err("the ticket is already in that status")
        );
        assert_eq!(TicketStatus::reopened(true), InProgress);
        assert_eq!(TicketStatus::reopened(false), New);
        for s in TicketStatus::ALL {
            assert_eq!(TicketStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn inputs_are_checked() {
        let t = TicketInput {
            subject: "  Printer jams  ".into(),
            account_id: Some(1),
            ..Default::default()
        };
        assert_eq!(t.validated().map(|v| v.subject), Ok("Printer jams".into()));
        let no_customer = TicketInput {
            subject: "x".into(),
            ..Default::default()
        };
        assert!(matches!(
            no_customer.validated(),
            Err(AppError::Validation { field, .. }) if field == "account_id"
        ));
        assert!(
            Rating {
                score: 0,
                comment: String::new()
            }
            .validated()
            .is_err()
        );
        assert!(
            Rating {
                score: 5,
                comment: "Quick and kind".into()
            }
            .validated()
            .is_ok()
        );
        let c = CommentInput {
            body: "  ".into(),
            visibility: Visibility::Customer,
        };
        assert!(c.validated().is_err());
    }
}

/// A ticket as lists and its page show it, with its service-level clocks
/// as of when it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketView {
    pub id: i64,
    pub kind: TicketKind,
    pub subject: String,
    pub description: String,
    pub account: Option<Named>,
    pub contact: Option<Named>,
    pub priority: Priority,
    pub status: TicketStatus,
    pub assignee: Option<Named>,
    pub team: Option<Named>,
    pub created_by: Option<Named>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub rating: Option<u8>,
    pub rating_comment: String,
    /// `None` when the service calendar cannot reach the ticket's dates.
    pub first_response: Option<SlaClock>,
    pub resolution: Option<SlaClock>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentView {
    pub id: i64,
    pub author: Option<Named>,
    pub body: String,
    pub visibility: Visibility,
    pub created_at: DateTime<Utc>,
}

/// A ticket's page: the ticket and its comments, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketDetail {
    pub ticket: TicketView,
    pub comments: Vec<CommentView>,
}

/// Which tickets a queue lists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketQuery {
    /// `None`: every open one (not resolved or closed).
    pub status: Option<TicketStatus>,
    /// Only those assigned to the caller ("my tickets").
    pub mine: bool,
    pub team_id: Option<i64>,
    pub account_id: Option<i64>,
}
