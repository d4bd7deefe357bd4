//! A campaign's figures. Definitions (the same in the list, the page and
//! the tests):
//!
//! - **Response rate**: members who responded or converted ÷ members.
//! - **Conversion rate**: members who converted ÷ members.
//! - **Leads**: leads created with the campaign as their source (whether
//!   or not they were members first); **cost per lead** = actual cost ÷
//!   leads.
//! - **Influenced deals**: deals that list a member contact (or the
//!   contact a member lead was converted into) and were opened on or after
//!   the campaign's start. **Influenced pipeline** sums the open ones,
//!   **won revenue** the won ones, per currency — amounts in different
//!   currencies are never added.
//! - **ROI** = (won revenue − actual cost) ÷ actual cost, on the won
//!   revenue in the campaign's own currency; none while nothing was spent.

use serde::{Deserialize, Serialize};

use super::campaign::MemberStatus;
use crate::domain::sales::DealStatus;
use crate::domain::sales::board::{ColumnTotals, CurrencyTotal};

/// A share in hundredths of a percent (`2_500` is 25 %), so figures
/// compare exactly in tests and format the same everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Rate(pub i64);

impl Rate {
    /// `part ÷ whole`, rounded half away from zero; none of nothing.
    pub fn of(part: i64, whole: i64) -> Option<Rate> {
        (whole != 0).then(|| {
            let scaled = i128::from(part) * 10_000;
            let whole = i128::from(whole);
            let q = (scaled * 2 + scaled.signum() * whole.abs()) / (2 * whole);
            Rate(i64::try_from(q).unwrap_or(i64::MAX))
        })
    }

    /// "25.0 %", one decimal.
    pub fn percent(self) -> String {
        let tenths = (self.0 + self.0.signum() * 5) / 10;
        format!(
            "{}{}.{} %",
            if tenths < 0 { "-" } else { "" },
            tenths.abs() / 10,
            tenths.abs() % 10
        )
    }
}

/// One influenced deal as the metrics need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InfluencedDeal {
    pub amount: i64,
    pub currency: String,
    pub status: DealStatus,
}

/// What the store gathers for one campaign.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CampaignFacts {
    pub currency: String,
    pub actual_cost: i64,
    pub budget: i64,
    pub members: Vec<MemberStatus>,
    pub leads: u32,
    pub deals: Vec<InfluencedDeal>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct CampaignMetrics {
    pub members: u32,
    /// Members at each status (sent, responded, converted).
    pub by_status: [u32; 3],
    pub response_rate: Option<Rate>,
    pub conversion_rate: Option<Rate>,
    pub leads: u32,
    /// Minor units of the campaign's currency.
    pub cost_per_lead: Option<i64>,
    pub influenced_deals: u32,
    pub pipeline: ColumnTotals,
    pub won: ColumnTotals,
    pub roi: Option<Rate>,
    /// Actual cost ÷ budget.
    pub spent: Option<Rate>,
}

pub fn metrics(f: &CampaignFacts) -> CampaignMetrics {
    let mut by_status = [0u32; 3];
    for s in &f.members {
        by_status[*s as usize] += 1;
    }
    let members = i64::try_from(f.members.len()).unwrap_or(i64::MAX);
    let responded = i64::from(by_status[1] + by_status[2]);
    let converted = i64::from(by_status[2]);
    let (mut pipeline, mut won) = (ColumnTotals::default(), ColumnTotals::default());
    for d in &f.deals {
        let card = |t: &mut ColumnTotals| add(t, d);
        match d.status {
            DealStatus::Open => card(&mut pipeline),
            DealStatus::Won => card(&mut won),
            DealStatus::Lost => {}
        }
    }
    let won_here = won
        .0
        .iter()
        .find(|t| t.currency == f.currency)
        .map_or(0, |t| t.amount);
    CampaignMetrics {
        members: u32::try_from(members).unwrap_or(u32::MAX),
        by_status,
        response_rate: Rate::of(responded, members),
        conversion_rate: Rate::of(converted, members),
        leads: f.leads,
        cost_per_lead: (f.leads > 0).then(|| div_round(f.actual_cost, i64::from(f.leads))),
        influenced_deals: u32::try_from(f.deals.len()).unwrap_or(u32::MAX),
        pipeline,
        won,
        roi: Rate::of(won_here - f.actual_cost, f.actual_cost),
        spent: Rate::of(f.actual_cost, f.budget),
    }
}

fn div_round(a: i64, b: i64) -> i64 {
    (a * 2 + b) / (2 * b)
}

/// Totals per currency, biggest count first (as the board's columns).
fn add(t: &mut ColumnTotals, d: &InfluencedDeal) {
    match t.0.iter_mut().find(|c| c.currency == d.currency) {
        Some(c) => {
            c.count += 1;
            c.amount += d.amount;
        }
        None => t.0.push(CurrencyTotal {
            currency: d.currency.clone(),
            count: 1,
            amount: d.amount,
            weighted: 0,
        }),
    }
    t.0.sort_by(|a, b| b.count.cmp(&a.count).then(a.currency.cmp(&b.currency)));
}

#[cfg(test)]
mod tests {
    use super::*;
    use MemberStatus::*;

    fn deal(amount: i64, currency: &str, status: DealStatus) -> InfluencedDeal {
        InfluencedDeal {
            amount,
            currency: currency.into(),
            status,
        }
    }

    /// A webinar: budget ¥20,000, spent ¥12,000; eight members — three
    /// only sent, three responded, two converted; four leads came from
    /// it. Influenced: two open deals (¥50,000 and $3,000), one won
    /// (¥30,000), one lost (¥9,000).
    ///
    /// Worked by hand: response (3 + 2) ÷ 8 = 62.5 %; conversion 2 ÷ 8 =
    /// 25.0 %; cost per lead 12,000 ÷ 4 = ¥3,000; pipeline ¥50,000 and
    /// $3,000 (never added); won ¥30,000; ROI (30,000 − 12,000) ÷ 12,000 =
    /// 150.0 %; spent 12,000 ÷ 20,000 = 60.0 %.
    #[test]
    fn a_webinar_worked_by_hand() {
        let f = CampaignFacts {
            currency: "CNY".into(),
            actual_cost: 1_200_000,
            budget: 2_000_000,
            members: vec![
                Sent, Responded, Converted, Sent, Responded, Sent, Converted, Responded,
            ],
            leads: 4,
            deals: vec![
                deal(5_000_000, "CNY", DealStatus::Open),
                deal(300_000, "USD", DealStatus::Open),
                deal(3_000_000, "CNY", DealStatus::Won),
                deal(900_000, "CNY", DealStatus::Lost),
            ],
        };
        let m = metrics(&f);
        assert_eq!((m.members, m.by_status), (8, [3, 3, 2]));
        assert_eq!(m.response_rate, Some(Rate(6_250)));
        assert_eq!(
            m.response_rate.map(Rate::percent).as_deref(),
            Some("62.5 %")
        );
        assert_eq!(m.conversion_rate, Some(Rate(2_500)));
        assert_eq!(m.cost_per_lead, Some(300_000));
        assert_eq!(m.influenced_deals, 4);
        let lines = |t: &ColumnTotals| {
            t.0.iter()
                .map(|c| (c.currency.clone(), c.count, c.amount))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            lines(&m.pipeline),
            [("CNY".into(), 1, 5_000_000), ("USD".into(), 1, 300_000)]
        );
        assert_eq!(lines(&m.won), [("CNY".into(), 1, 3_000_000)]);
        assert_eq!(m.roi, Some(Rate(15_000)));
        assert_eq!(m.spent, Some(Rate(6_000)));
    }

    /// Nothing spent, nobody in it: no rate is invented, and a loss shows
    /// as a negative ROI (¥1,000 spent, won $500 only: −100 %).
    #[test]
    fn empty_campaigns_and_losses() {
        let m = metrics(&CampaignFacts {
            currency: "CNY".into(),
            ..Default::default()
        });
        assert_eq!(
            (
                m.response_rate,
                m.conversion_rate,
                m.cost_per_lead,
                m.roi,
                m.spent
            ),
            (None, None, None, None, None)
        );
        let m = metrics(&CampaignFacts {
            currency: "CNY".into(),
            actual_cost: 100_000,
            deals: vec![deal(50_000, "USD", DealStatus::Won)],
            ..Default::default()
        });
        assert_eq!(m.roi, Some(Rate(-10_000)));
        assert_eq!(m.roi.map(Rate::percent).as_deref(), Some("-100.0 %"));
        // One in three: 33.33 %, shown 33.3 %.
        assert_eq!(Rate::of(1, 3), Some(Rate(3_333)));
        assert_eq!(Rate(3_333).percent(), "33.3 %");
        assert_eq!(Rate::of(2, 3), Some(Rate(6_667)));
    }
}
