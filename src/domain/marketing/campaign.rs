//! A campaign and its members. A member is a contact or a lead; its status
//! climbs a ladder (sent → responded → converted) that the metrics read,
//! so a converted member also counts as one who responded.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::metrics::CampaignMetrics;
use crate::domain::AppError;
use crate::domain::customer::fields::{self, MAX_NAME, MAX_NOTES};
use crate::domain::customer::{ListQuery, Named};
use crate::domain::sales::money::{MAX_AMOUNT, currency};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum CampaignKind {
    #[default]
    Email,
    Event,
    Webinar,
    Ad,
    Other,
}

impl CampaignKind {
    pub const ALL: [CampaignKind; 5] = [
        CampaignKind::Email,
        CampaignKind::Event,
        CampaignKind::Webinar,
        CampaignKind::Ad,
        CampaignKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignKind::Email => "email",
            CampaignKind::Event => "event",
            CampaignKind::Webinar => "webinar",
            CampaignKind::Ad => "ad",
            CampaignKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<CampaignKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum CampaignStatus {
    #[default]
    Planned,
    Active,
    Completed,
    Cancelled,
}

impl CampaignStatus {
    pub const ALL: [CampaignStatus; 4] = [
        CampaignStatus::Planned,
        CampaignStatus::Active,
        CampaignStatus::Completed,
        CampaignStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Planned => "planned",
            CampaignStatus::Active => "active",
            CampaignStatus::Completed => "completed",
            CampaignStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<CampaignStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Where a member stands. Ordered: each step implies the ones before.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub enum MemberStatus {
    #[default]
    Sent,
    Responded,
    Converted,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 3] = [
        MemberStatus::Sent,
        MemberStatus::Responded,
        MemberStatus::Converted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MemberStatus::Sent => "sent",
            MemberStatus::Responded => "responded",
            MemberStatus::Converted => "converted",
        }
    }

    pub fn parse(s: &str) -> Option<MemberStatus> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Who a member is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MemberRef {
    Contact(i64),
    Lead(i64),
}

/// What a saved audience selects: contacts or leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum AudienceKind {
    #[default]
    Contacts,
    Leads,
}

/// A saved filter over contacts or leads (the lists' own filters), kept
/// on the campaign so "add new matches" can run it again later.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Audience {
    pub kind: AudienceKind,
    pub query: ListQuery,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignInput {
    pub name: String,
    pub kind: CampaignKind,
    pub status: CampaignStatus,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    /// Minor units of `currency`.
    pub budget: i64,
    pub actual_cost: i64,
    pub currency: String,
    pub description: String,
    /// `None`: the creator.
    pub owner_id: Option<i64>,
}

impl Default for CampaignInput {
    fn default() -> Self {
        CampaignInput {
            name: String::new(),
            kind: CampaignKind::Email,
            status: CampaignStatus::Planned,
            start_on: None,
            end_on: None,
            budget: 0,
            actual_cost: 0,
            currency: "CNY".into(),
            description: String::new(),
            owner_id: None,
        }
    }
}

impl CampaignInput {
    /// A campaign needs a name; its dates run forwards; money is never
    /// negative.
    pub fn validated(&self) -> Result<CampaignInput, AppError> {
        let name = fields::required("name", &self.name, MAX_NAME)?;
        let description = fields::multiline("description", &self.description, MAX_NOTES)?;
        let currency = currency("currency", &self.currency)?;
        if let (Some(s), Some(e)) = (self.start_on, self.end_on)
            && e < s
        {
            return Err(AppError::invalid("end_on", "is before the start date"));
        }
        for (field, v) in [("budget", self.budget), ("actual_cost", self.actual_cost)] {
            if !(0..=MAX_AMOUNT).contains(&v) {
                return Err(AppError::invalid(
                    field,
                    "must not be negative or too large",
                ));
            }
        }
        Ok(CampaignInput {
            name,
            description,
            currency,
            ..self.clone()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignView {
    pub id: i64,
    pub name: String,
    pub kind: CampaignKind,
    pub status: CampaignStatus,
    pub start_on: Option<NaiveDate>,
    pub end_on: Option<NaiveDate>,
    pub budget: i64,
    pub actual_cost: i64,
    pub currency: String,
    pub description: String,
    pub owner: Option<Named>,
    pub team: Option<Named>,
    pub audience: Option<Audience>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A line of the campaign list: the campaign and its figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignRow {
    pub campaign: CampaignView,
    pub metrics: CampaignMetrics,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    pub id: i64,
    pub member: MemberRef,
    /// `None` when the reader may not see that contact or lead (it still
    /// counts in the campaign's figures).
    pub name: Option<String>,
    pub email: String,
    pub company: String,
    pub status: MemberStatus,
    pub version: i64,
    pub added_at: DateTime<Utc>,
}

/// A campaign one of an account's contacts is in, as the account's 360°
/// view lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountMembership {
    pub campaign: Named,
    pub contact: Named,
    pub status: MemberStatus,
    pub added_at: DateTime<Utc>,
}

/// What adding members did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct AddedMembers {
    pub added: u32,
    /// Already members (left as they were).
    pub already: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CampaignDetail {
    pub campaign: CampaignView,
    pub metrics: CampaignMetrics,
    /// Newest first, at most a page of them.
    pub members: Vec<MemberView>,
    /// Leads created with this campaign as their source.
    pub leads: Vec<Named>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_rules_name_dates_and_money() {
        let ok = CampaignInput {
            name: " Spring webinar ".into(),
            currency: "usd".into(),
            ..Default::default()
        };
        let v = ok.validated().expect("valid");
        assert_eq!(
            (v.name.as_str(), v.currency.as_str()),
            ("Spring webinar", "USD")
        );
        let field = |i: CampaignInput| match i.validated() {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(field(CampaignInput::default()), "name");
        let d = |m, d| NaiveDate::from_ymd_opt(2026, m, d);
        assert_eq!(
            field(CampaignInput {
                start_on: d(3, 2),
                end_on: d(3, 1),
                ..ok.clone()
            }),
            "end_on"
        );
        assert_eq!(
            field(CampaignInput {
                actual_cost: -1,
                ..ok.clone()
            }),
            "actual_cost"
        );
        assert_eq!(
            field(CampaignInput {
                currency: "€".into(),
                ..ok
            }),
            "currency"
        );
    }

    #[test]
    fn member_statuses_climb_a_ladder() {
        assert!(MemberStatus::Converted > MemberStatus::Responded);
        assert!(MemberStatus::Responded > MemberStatus::Sent);
        for s in MemberStatus::ALL {
            assert_eq!(MemberStatus::parse(s.as_str()), Some(s));
        }
    }
}
