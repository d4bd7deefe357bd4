//! Deals: what is being sold, for how much, and where it stands.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::money;
use crate::domain::AppError;
use crate::domain::customer::Named;
use crate::domain::customer::fields::{self, MAX_NAME, MAX_NOTES};

/// Open deals sit in a stage; closed ones are won or lost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum DealStatus {
    #[default]
    Open,
    Won,
    Lost,
}

impl DealStatus {
    pub const ALL: [DealStatus; 3] = [DealStatus::Open, DealStatus::Won, DealStatus::Lost];

    pub fn as_str(self) -> &'static str {
        match self {
            DealStatus::Open => "open",
            DealStatus::Won => "won",
            DealStatus::Lost => "lost",
        }
    }

    pub fn parse(s: &str) -> Option<DealStatus> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// What a user types to create or edit a deal. The amount is the text as
/// typed; it is read in the deal's currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DealInput {
    pub title: String,
    pub account_id: Option<i64>,
    pub contact_ids: Vec<i64>,
    pub amount: String,
    pub currency: String,
    pub expected_close: Option<NaiveDate>,
    /// `None`: the acting user.
    pub owner_id: Option<i64>,
    /// `None`: the owner's team.
    pub team_id: Option<i64>,
    pub pipeline_id: i64,
    pub stage_id: i64,
    /// `None`: the stage's default probability.
    pub probability: Option<u8>,
    pub notes: String,
}

/// A [`DealInput`] that passed its checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidDeal {
    pub title: String,
    pub account_id: Option<i64>,
    pub contact_ids: Vec<i64>,
    pub amount: i64,
    pub currency: String,
    pub expected_close: Option<NaiveDate>,
    pub owner_id: Option<i64>,
    pub team_id: Option<i64>,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub probability: Option<u8>,
    pub notes: String,
}

/// Most contacts linked to one deal.
pub const MAX_DEAL_CONTACTS: usize = 20;

impl DealInput {
    pub fn validated(&self) -> Result<ValidDeal, AppError> {
        let currency = money::currency("currency", &self.currency)?;
        let mut contact_ids = self.contact_ids.clone();
        contact_ids.sort_unstable();
        contact_ids.dedup();
        if contact_ids.len() > MAX_DEAL_CONTACTS {
            return Err(AppError::invalid(
                "contact_ids",
                format!("may list at most {MAX_DEAL_CONTACTS} people"),
            ));
        }
        if self.probability.is_some_and(|p| p > 100) {
            return Err(AppError::invalid(
                "probability",
                "must be between 0 and 100",
            ));
        }
        Ok(ValidDeal {
            title: fields::required("title", &self.title, MAX_NAME)?,
            account_id: self.account_id,
            contact_ids,
            amount: money::parse_amount("amount", &self.amount, &currency)?,
            currency,
            expected_close: self.expected_close,
            owner_id: self.owner_id,
            team_id: self.team_id,
            pipeline_id: self.pipeline_id,
            stage_id: self.stage_id,
            probability: self.probability,
            notes: fields::multiline("notes", &self.notes, MAX_NOTES)?,
        })
    }
}

/// Where a card is dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MoveTo {
    /// Into a stage (the same or another), between two cards of that
    /// column (ids; `None` at either end).
    Stage {
        stage_id: i64,
        after: Option<i64>,
        before: Option<i64>,
    },
    Won,
    Lost {
        reason: String,
    },
    /// Back into play (from Won or Lost), at the top of a stage.
    Reopen {
        stage_id: i64,
    },
}

/// One move of one card, with the version the mover saw.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveRequest {
    pub deal_id: i64,
    pub version: i64,
    pub to: MoveTo,
}

impl MoveRequest {
    /// A lost reason is required (the forecast's loss analysis needs it).
    pub fn validated(&self) -> Result<MoveRequest, AppError> {
        let to = match &self.to {
            MoveTo::Lost { reason } => MoveTo::Lost {
                reason: fields::required("reason", reason, 500)?,
            },
            MoveTo::Stage { after, before, .. } if after.is_some() && after == before => {
                return Err(AppError::invalid(
                    "position",
                    "a card cannot be on both sides",
                ));
            }
            other => other.clone(),
        };
        Ok(MoveRequest { to, ..self.clone() })
    }
}

/// A card on the board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealCard {
    pub id: i64,
    pub title: String,
    pub account: Option<Named>,
    pub amount: i64,
    pub currency: String,
    pub probability: u8,
    /// The probability was set by hand: entering a stage keeps it (the
    /// board's totals follow the same rule as the store).
    #[serde(default)]
    pub probability_overridden: bool,
    pub owner: Option<Named>,
    pub team_id: Option<i64>,
    pub stage_id: i64,
    pub status: DealStatus,
    pub rank: String,
    pub version: i64,
    pub expected_close: Option<NaiveDate>,
    pub entered_stage_at: DateTime<Utc>,
}

impl DealCard {
    pub fn weighted(&self) -> i64 {
        money::weighted(self.amount, self.probability)
    }

    /// Whole days since the card entered its stage.
    pub fn days_in_stage(&self, now: DateTime<Utc>) -> i64 {
        days_between(self.entered_stage_at, now)
    }
}

/// Whole days from `from` to `to` (never negative: clocks disagree).
pub fn days_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    (to - from).num_days().max(0)
}

/// A deal rots when it has sat in its stage longer than the stage allows.
pub fn is_rotting(days_in_stage: i64, rotting_days: Option<u32>) -> bool {
    rotting_days.is_some_and(|limit| days_in_stage > i64::from(limit))
}

/// Initials for a card's owner badge: first letters of the first two
/// words ("Ann Lee" → "AL"); a Chinese name gives its first character
/// ("王小明" → "王").
pub fn initials(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    match words.as_slice() {
        [] => String::new(),
        [one] => one
            .chars()
            .next()
            .map(|c| c.to_uppercase().collect())
            .unwrap_or_default(),
        [first, .., last] => [first, last]
            .iter()
            .filter_map(|w| w.chars().next())
            .flat_map(char::to_uppercase)
            .collect(),
    }
}

/// A deal as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealView {
    pub id: i64,
    pub title: String,
    pub account: Option<Named>,
    pub contacts: Vec<Named>,
    pub amount: i64,
    pub currency: String,
    pub expected_close: Option<NaiveDate>,
    pub owner: Option<Named>,
    pub team: Option<Named>,
    pub pipeline_id: i64,
    pub stage_id: i64,
    pub stage_name: String,
    pub probability: u8,
    /// The probability was set by hand rather than taken from the stage.
    pub probability_overridden: bool,
    pub status: DealStatus,
    pub lost_reason: String,
    pub notes: String,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub entered_stage_at: DateTime<Utc>,
    pub history: Vec<StageVisit>,
}

/// One stay of a deal in a stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageVisit {
    pub stage_id: i64,
    pub stage_name: String,
    pub entered_at: DateTime<Utc>,
    pub left_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn input() -> DealInput {
        DealInput {
            title: " Renewal 2027 ".into(),
            amount: "12,000".into(),
            currency: "usd".into(),
            pipeline_id: 1,
            stage_id: 2,
            contact_ids: vec![3, 3, 1],
            ..Default::default()
        }
    }

    #[test]
    fn a_deal_is_cleaned_and_checked() {
        let v = input().validated().expect("valid");
        assert_eq!(v.title, "Renewal 2027");
        assert_eq!((v.amount, v.currency.as_str()), (1_200_000, "USD"));
        assert_eq!(v.contact_ids, vec![1, 3]);
        let bad = DealInput {
            probability: Some(120),
            ..input()
        };
        assert_eq!(
            bad.validated(),
            Err(AppError::invalid(
                "probability",
                "must be between 0 and 100"
            ))
        );
        let no_title = DealInput {
            title: "  ".into(),
            ..input()
        };
        assert!(
            matches!(no_title.validated(), Err(AppError::Validation { field, .. }) if field == "title")
        );
    }

    #[test]
    fn rotting_is_strictly_past_the_limit() {
        let t0 = Utc
            .with_ymd_and_hms(2026, 11, 1, 9, 0, 0)
            .single()
            .expect("t0");
        let t = |d: i64, h: i64| t0 + chrono::Duration::days(d) + chrono::Duration::hours(h);
        assert_eq!(days_between(t0, t(14, 23)), 14);
        assert!(!is_rotting(days_between(t0, t(14, 23)), Some(14)));
        assert!(is_rotting(days_between(t0, t(15, 0)), Some(14)));
        assert!(!is_rotting(400, None));
        assert_eq!(
            days_between(t(1, 0), t0),
            0,
            "a clock behind is not negative"
        );
    }

    #[test]
    fn losing_needs_a_reason() {
        let m = MoveRequest {
            deal_id: 1,
            version: 1,
            to: MoveTo::Lost { reason: " ".into() },
        };
        assert!(
            matches!(m.validated(), Err(AppError::Validation { field, .. }) if field == "reason")
        );
    }

    #[test]
    fn initials_of_latin_and_chinese_names() {
        assert_eq!(initials("ann lee"), "AL");
        assert_eq!(initials("Mary Ann Lee"), "ML");
        assert_eq!(initials("王小明"), "王");
        assert_eq!(initials(""), "");
    }
}
