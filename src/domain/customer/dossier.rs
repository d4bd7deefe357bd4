//! Everything known about one account on one page: the printable 360°
//! view a salesperson takes into a meeting or files with a contract.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{AccountView, ContactRow, TimelineItem};
use crate::domain::project::ProjectSummary;
use crate::domain::sales::{DealCard, DealStatus, money};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AccountDossier {
    pub account: AccountView,
    pub contacts: Vec<ContactRow>,
    /// `None`: the reader has no access to sales, so the page says so
    /// instead of showing an empty (and misleading) list.
    pub deals: Option<Vec<DealCard>>,
    /// `None`: no access to projects.
    pub projects: Option<Vec<ProjectSummary>>,
    /// The most recent activities and field changes, newest first.
    pub timeline: Vec<TimelineItem>,
    /// When the page was put together (printed on it).
    pub generated_at: DateTime<Utc>,
}

/// An account's deals summed in one currency (amounts in minor units).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealTotals {
    pub currency: String,
    pub open: i64,
    /// Open amounts times their probabilities.
    pub weighted: i64,
    pub won: i64,
    pub open_count: u32,
    pub won_count: u32,
    pub lost_count: u32,
}

impl DealTotals {
    /// Won deals among the closed ones, 0–100 (`None` before any closed).
    pub fn win_rate(&self) -> Option<u8> {
        let closed = self.won_count + self.lost_count;
        (closed > 0)
            .then(|| ((f64::from(self.won_count) * 100.0) / f64::from(closed)).round() as u8)
    }
}

/// Totals per currency, in currency order: deals in different currencies
/// are never added together.
pub fn deal_totals(deals: &[DealCard]) -> Vec<DealTotals> {
    let mut by: BTreeMap<&str, DealTotals> = BTreeMap::new();
    for d in deals {
        let t = by.entry(d.currency.as_str()).or_insert_with(|| DealTotals {
            currency: d.currency.clone(),
            ..DealTotals::default()
        });
        match d.status {
            DealStatus::Open => {
                t.open += d.amount;
                t.weighted += money::weighted(d.amount, d.probability);
                t.open_count += 1;
            }
            DealStatus::Won => {
                t.won += d.amount;
                t.won_count += 1;
            }
            DealStatus::Lost => t.lost_count += 1,
        }
    }
    by.into_values().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deal(amount: i64, currency: &str, probability: u8, status: DealStatus) -> DealCard {
        DealCard {
            id: 1,
            title: "d".into(),
            account: None,
            amount,
            currency: currency.into(),
            probability,
            probability_overridden: false,
            owner: None,
            team_id: None,
            stage_id: 1,
            status,
            rank: String::new(),
            version: 1,
            expected_close: None,
            entered_stage_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn totals_keep_currencies_apart_and_weigh_only_open_deals() {
        let t = deal_totals(&[
            deal(10_000, "USD", 50, DealStatus::Open),
            deal(30_000, "USD", 10, DealStatus::Won),
            deal(5_000, "USD", 0, DealStatus::Lost),
            deal(5_000, "USD", 0, DealStatus::Lost),
            deal(70_000, "CNY", 20, DealStatus::Open),
        ]);
        assert_eq!(t.len(), 2);
        let (cny, usd) = (&t[0], &t[1]);
        assert_eq!(
            (cny.currency.as_str(), cny.open, cny.weighted),
            ("CNY", 70_000, 14_000)
        );
        assert_eq!((usd.open, usd.weighted, usd.won), (10_000, 5_000, 30_000));
        assert_eq!((usd.open_count, usd.won_count, usd.lost_count), (1, 1, 2));
        assert_eq!(usd.win_rate(), Some(33));
        assert_eq!(cny.win_rate(), None);
    }
}
