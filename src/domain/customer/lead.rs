//! Leads: someone who may become a customer, before qualification.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::fields::{self, MAX_NAME, MAX_NOTES, MAX_TEXT};
use super::{AccountRow, ContactRow, Named};
use crate::domain::AppError;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LeadStatus {
    New,
    Qualified,
    Disqualified,
    Converted,
}

impl LeadStatus {
    pub const ALL: [LeadStatus; 4] = [
        LeadStatus::New,
        LeadStatus::Qualified,
        LeadStatus::Disqualified,
        LeadStatus::Converted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            LeadStatus::New => "new",
            LeadStatus::Qualified => "qualified",
            LeadStatus::Disqualified => "disqualified",
            LeadStatus::Converted => "converted",
        }
    }

    pub fn parse(s: &str) -> Option<LeadStatus> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }

    /// Whether a lead in this status may move to `next`. Converted is
    /// final; a disqualified lead can be qualified again (people change
    /// their minds), never converted straight away.
    pub fn can_become(self, next: LeadStatus) -> bool {
        use LeadStatus::*;
        matches!(
            (self, next),
            (New, Qualified)
                | (New, Disqualified)
                | (Qualified, Disqualified)
                | (Disqualified, Qualified)
                | (New, Converted)
                | (Qualified, Converted)
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct LeadInput {
    pub name: String,
    pub company: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub source: String,
    pub notes: String,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    /// The campaign the lead came from: it counts toward that campaign's
    /// leads and joins its members.
    #[serde(default)]
    pub campaign_id: Option<i64>,
}

impl LeadInput {
    /// A lead needs a name, and some way to reach them (email or phone).
    pub fn validated(&self) -> Result<LeadInput, AppError> {
        let v = LeadInput {
            name: fields::required("name", &self.name, MAX_NAME)?,
            company: fields::optional("company", &self.company, MAX_NAME)?,
            title: fields::optional("title", &self.title, MAX_TEXT)?,
            email: fields::email(&self.email)?,
            phone: fields::phone(&self.phone)?,
            website: fields::website(&self.website)?,
            source: fields::optional("source", &self.source, MAX_TEXT)?,
            notes: fields::multiline("notes", &self.notes, MAX_NOTES)?,
            owner_id: self.owner_id,
            team_id: self.team_id,
            campaign_id: self.campaign_id,
        };
        if v.email.is_empty() && v.phone.is_empty() {
            return Err(AppError::invalid("email", "give an email or a phone"));
        }
        Ok(v)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeadView {
    pub id: i64,
    pub name: String,
    pub company: String,
    pub title: String,
    pub email: String,
    pub phone: String,
    pub website: String,
    pub source: String,
    pub notes: String,
    pub status: LeadStatus,
    pub disqualify_reason: String,
    pub owner: Option<Named>,
    pub team: Option<Named>,
    pub converted_account_id: Option<i64>,
    pub converted_contact_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub deleted_at: Option<DateTime<Utc>>,
}

/// Attach to a record that exists, or create a new one from the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ConvertTarget {
    New,
    Existing(i64),
}

/// What converting a lead should do, as chosen on the convert form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertPlan {
    pub version: i64,
    pub account: ConvertTarget,
    pub contact: ConvertTarget,
    /// A deal to follow up, until the sales module has deals: becomes a
    /// task on the account for the owner, due today.
    pub follow_up: Option<String>,
}

/// Records that look like the lead, so the user can attach rather than
/// duplicate: accounts by company name or web domain, contacts by email
/// or phone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ConversionMatches {
    pub accounts: Vec<AccountRow>,
    pub contacts: Vec<ContactRow>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConvertResult {
    pub account_id: i64,
    pub contact_id: i64,
    pub follow_up_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lead_needs_a_way_to_reach_them() {
        let l = LeadInput {
            name: "王小明".into(),
            ..Default::default()
        };
        assert_eq!(
            l.validated(),
            Err(AppError::invalid("email", "give an email or a phone"))
        );
        let l = LeadInput {
            phone: "138 0013 8000".into(),
            ..l
        };
        assert!(l.validated().is_ok());
    }

    #[test]
    fn converted_is_final() {
        for next in LeadStatus::ALL {
            assert!(!LeadStatus::Converted.can_become(next));
        }
        assert!(!LeadStatus::Disqualified.can_become(LeadStatus::Converted));
        assert!(LeadStatus::Qualified.can_become(LeadStatus::Converted));
    }
}
