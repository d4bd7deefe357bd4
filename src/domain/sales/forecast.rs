//! The forecast and sales reports, computed from plain facts about deals.
//! The store loads the facts (one currency at a time: amounts in
//! different currencies are never added) and this module does all the
//! arithmetic, so the numbers are unit-tested by hand.
//!
//! Definitions (shown on the page too):
//! - *Weighted* is amount × probability.
//! - *Commit* is the full amount of open deals at [`COMMIT_MIN`] % or more;
//!   *best case* adds those at [`BEST_CASE_MIN`] % or more. Won deals
//!   closed in the month count in both ("closed").
//! - An open deal whose expected close date has passed counts in the
//!   current month: it has slipped, not vanished.
//! - Win rate, average deal size and sales cycle look at deals *closed* in
//!   the period; the funnel at deals *created* in the period, where a deal
//!   that got to a later stage (or was won) has passed the earlier ones.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::deal::DealStatus;
use super::money::weighted;

/// Probability from which an open deal is committed.
pub const COMMIT_MIN: u8 = 70;
/// Probability from which an open deal is in the best case.
pub const BEST_CASE_MIN: u8 = 30;
/// Months the forecast looks ahead, the current one included.
pub const HORIZON_MONTHS: u32 = 12;

/// What the forecast needs to know about one deal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DealFact {
    pub id: i64,
    pub owner_id: Option<i64>,
    pub stage_id: i64,
    pub status: DealStatus,
    pub amount: i64,
    pub probability: u8,
    pub expected_close: Option<NaiveDate>,
    pub created_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    /// Every stage the deal has ever entered (from its stage history).
    pub stages_entered: Vec<i64>,
}

/// The reporting period for closed-deal figures and the funnel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// One month of the forecast.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthRow {
    /// The first day of the month.
    pub month: NaiveDate,
    pub open_deals: u64,
    pub amount: i64,
    pub weighted: i64,
    /// Won deals closed in this month.
    pub closed: i64,
    pub commit: i64,
    pub best_case: i64,
}

/// Open pipeline of one owner or one stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRow {
    pub key: Option<i64>,
    pub deals: u64,
    pub amount: i64,
    pub weighted: i64,
}

/// One step of the funnel: how many deals reached the stage, and what
/// share of them went on to reach the next step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunnelStep {
    /// A stage id, or `None` for "Won" (the last step).
    pub stage_id: Option<i64>,
    pub reached: u64,
    /// Percent of this step's deals that reached the next step.
    pub to_next_pct: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Forecast {
    pub months: Vec<MonthRow>,
    /// Open deals with no expected close date (in no month).
    pub undated_open: u64,
    pub by_owner: Vec<GroupRow>,
    pub by_stage: Vec<GroupRow>,
    pub commit: i64,
    pub best_case: i64,
    pub weighted_total: i64,
    pub won: u64,
    pub lost: u64,
    pub win_rate_pct: Option<f64>,
    pub average_won_amount: Option<i64>,
    pub average_cycle_days: Option<f64>,
    pub funnel: Vec<FunnelStep>,
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The forecast as of `today` over `facts`, with stages in board order.
pub fn forecast(
    facts: &[DealFact],
    stage_order: &[i64],
    today: NaiveDate,
    period: Period,
) -> Forecast {
    let this_month = first_of_month(today);
    let months: Vec<NaiveDate> = (0..HORIZON_MONTHS)
        .filter_map(|i| this_month.checked_add_months(Months::new(i)))
        .collect();
    let mut rows: Vec<MonthRow> = months
        .iter()
        .map(|m| MonthRow {
            month: *m,
            open_deals: 0,
            amount: 0,
            weighted: 0,
            closed: 0,
            commit: 0,
            best_case: 0,
        })
        .collect();
    let month_index = |d: NaiveDate| -> Option<usize> {
        let m = first_of_month(d).max(this_month);
        months.iter().position(|x| *x == m)
    };
    let mut undated_open = 0;
    let mut by_owner: BTreeMap<Option<i64>, GroupRow> = BTreeMap::new();
    let mut by_stage: BTreeMap<i64, GroupRow> = BTreeMap::new();
    let add = |g: &mut GroupRow, f: &DealFact| {
        g.deals += 1;
        g.amount += f.amount;
        g.weighted += weighted(f.amount, f.probability);
    };
    for f in facts {
        match f.status {
            DealStatus::Open => {
                add(
                    by_owner.entry(f.owner_id).or_insert(GroupRow {
                        key: f.owner_id,
                        deals: 0,
                        amount: 0,
                        weighted: 0,
                    }),
                    f,
                );
                add(
                    by_stage.entry(f.stage_id).or_insert(GroupRow {
                        key: Some(f.stage_id),
                        deals: 0,
                        amount: 0,
                        weighted: 0,
                    }),
                    f,
                );
                let Some(close) = f.expected_close else {
                    undated_open += 1;
                    continue;
                };
                if let Some(i) = month_index(close) {
                    let r = &mut rows[i];
                    r.open_deals += 1;
                    r.amount += f.amount;
                    r.weighted += weighted(f.amount, f.probability);
                    if f.probability >= COMMIT_MIN {
                        r.commit += f.amount;
                    }
                    if f.probability >= BEST_CASE_MIN {
                        r.best_case += f.amount;
                    }
                }
            }
            DealStatus::Won => {
                if let Some(closed) = f.closed_on
                    && closed >= this_month
                    && let Some(i) = month_index(closed)
                {
                    rows[i].closed += f.amount;
                    rows[i].commit += f.amount;
                    rows[i].best_case += f.amount;
                }
            }
            DealStatus::Lost => {}
        }
    }

    let closed_in_period: Vec<&DealFact> = facts
        .iter()
        .filter(|f| f.status != DealStatus::Open && f.closed_on.is_some_and(|d| period.contains(d)))
        .collect();
    let won: Vec<&&DealFact> = closed_in_period
        .iter()
        .filter(|f| f.status == DealStatus::Won)
        .collect();
    let won_n = won.len() as u64;
    let lost_n = closed_in_period.len() as u64 - won_n;
    let win_rate_pct = (won_n + lost_n > 0).then(|| 100.0 * won_n as f64 / (won_n + lost_n) as f64);
    let average_won_amount = (won_n > 0).then(|| {
        let sum: i128 = won.iter().map(|f| i128::from(f.amount)).sum();
        // Rounded half up to the minor unit.
        ((sum * 2 + i128::from(won_n)) / (2 * i128::from(won_n))) as i64
    });
    let average_cycle_days = (won_n > 0).then(|| {
        let days: i64 = won
            .iter()
            .filter_map(|f| f.closed_on.map(|c| (c - f.created_on).num_days().max(0)))
            .sum();
        days as f64 / won_n as f64
    });

    // The funnel: deals created in the period, per stage reached, in board
    // order, then Won. A deal that got to a later stage has passed the
    // earlier ones, even if it was created further on or skipped one when
    // dragged, and a won deal has passed them all: so no step is larger
    // than the one before it and no conversion exceeds 100 %.
    let cohort: Vec<&DealFact> = facts
        .iter()
        .filter(|f| period.contains(f.created_on))
        .collect();
    let position = |s: &i64| stage_order.iter().position(|x| x == s);
    let furthest: Vec<Option<usize>> = cohort
        .iter()
        .map(|f| {
            if f.status == DealStatus::Won {
                return stage_order.len().checked_sub(1);
            }
            f.stages_entered
                .iter()
                .chain(std::iter::once(&f.stage_id))
                .filter_map(position)
                .max()
        })
        .collect();
    let mut funnel: Vec<FunnelStep> = stage_order
        .iter()
        .enumerate()
        .map(|(i, s)| FunnelStep {
            stage_id: Some(*s),
            reached: furthest
                .iter()
                .filter(|f| f.is_some_and(|f| f >= i))
                .count() as u64,
            to_next_pct: None,
        })
        .collect();
    funnel.push(FunnelStep {
        stage_id: None,
        reached: cohort
            .iter()
            .filter(|f| f.status == DealStatus::Won)
            .count() as u64,
        to_next_pct: None,
    });
    for i in 0..funnel.len().saturating_sub(1) {
        let (here, next) = (funnel[i].reached, funnel[i + 1].reached);
        funnel[i].to_next_pct = (here > 0).then(|| 100.0 * next as f64 / here as f64);
    }

    let mut ordered: Vec<GroupRow> = stage_order
        .iter()
        .filter_map(|s| by_stage.remove(s))
        .collect();
    ordered.extend(by_stage.into_values());
    let by_stage = ordered;
    Forecast {
        commit: rows.iter().map(|r| r.commit).sum(),
        best_case: rows.iter().map(|r| r.best_case).sum(),
        weighted_total: rows.iter().map(|r| r.weighted).sum(),
        months: rows,
        undated_open,
        by_owner: by_owner.into_values().collect(),
        by_stage,
        won: won_n,
        lost: lost_n,
        win_rate_pct,
        average_won_amount,
        average_cycle_days,
        funnel,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    fn open(
        id: i64,
        owner: i64,
        stage: i64,
        amount: i64,
        p: u8,
        close: Option<NaiveDate>,
    ) -> DealFact {
        DealFact {
            id,
            owner_id: Some(owner),
            stage_id: stage,
            status: DealStatus::Open,
            amount,
            probability: p,
            expected_close: close,
            created_on: d(2026, 9, 1),
            closed_on: None,
            stages_entered: vec![],
        }
    }

    fn closed(
        id: i64,
        won: bool,
        amount: i64,
        created: NaiveDate,
        closed: NaiveDate,
        entered: Vec<i64>,
    ) -> DealFact {
        DealFact {
            id,
            owner_id: Some(1),
            stage_id: *entered.last().unwrap_or(&10),
            status: if won {
                DealStatus::Won
            } else {
                DealStatus::Lost
            },
            amount,
            probability: if won { 100 } else { 0 },
            expected_close: Some(closed),
            created_on: created,
            closed_on: Some(closed),
            stages_entered: entered,
        }
    }

    #[test]
    fn pipeline_by_month_commit_and_best_case() {
        let today = d(2026, 11, 22);
        let period = Period {
            from: d(2026, 1, 1),
            to: d(2026, 12, 31),
        };
        let facts = vec![
            // November: 10,000.00 at 80 % → weighted 8,000.00; committed.
            open(1, 1, 10, 1_000_000, 80, Some(d(2026, 11, 30))),
            // Slipped from October into November: 5,000.00 at 40 % →
            // weighted 2,000.00; best case only.
            open(2, 2, 11, 500_000, 40, Some(d(2026, 10, 15))),
            // March 2027: 2,000.00 at 10 % → weighted 200.00; neither.
            open(3, 1, 10, 200_000, 10, Some(d(2027, 3, 3))),
            // No date: counted by owner and stage, in no month.
            open(4, 2, 11, 300_000, 50, None),
            // Beyond the 12 months (Nov 2026 … Oct 2027): in no month.
            open(5, 1, 10, 700_000, 90, Some(d(2027, 11, 1))),
            // Won this month: 1,500.00 closed, in commit and best case.
            closed(
                6,
                true,
                150_000,
                d(2026, 10, 1),
                d(2026, 11, 5),
                vec![10, 11],
            ),
        ];
        let f = forecast(&facts, &[10, 11], today, period);
        assert_eq!(f.months.len(), 12);
        let nov = &f.months[0];
        assert_eq!(nov.month, d(2026, 11, 1));
        assert_eq!(nov.open_deals, 2);
        assert_eq!(nov.amount, 1_500_000);
        assert_eq!(nov.weighted, 800_000 + 200_000);
        assert_eq!(nov.closed, 150_000);
        // Commit: deal 1 (80 % ≥ 70) + won 1,500.00.
        assert_eq!(nov.commit, 1_000_000 + 150_000);
        // Best case: deals 1 and 2 (40 % ≥ 30) + won.
        assert_eq!(nov.best_case, 1_000_000 + 500_000 + 150_000);
        let mar = &f.months[4];
        assert_eq!(
            (mar.month, mar.weighted, mar.commit, mar.best_case),
            (d(2027, 3, 1), 20_000, 0, 0)
        );
        assert_eq!(f.undated_open, 1);
        assert_eq!(f.weighted_total, 800_000 + 200_000 + 20_000);
        assert_eq!(f.commit, 1_150_000);
        // Owner 1: deals 1, 3, 5 → 19,000.00, weighted 8,000 + 200 + 6,300.
        let o1 = f
            .by_owner
            .iter()
            .find(|g| g.key == Some(1))
            .expect("owner 1");
        assert_eq!(
            (o1.deals, o1.amount, o1.weighted),
            (3, 1_900_000, 800_000 + 20_000 + 630_000)
        );
        // Stages in board order: 10 then 11.
        assert_eq!(
            f.by_stage.iter().map(|g| g.key).collect::<Vec<_>>(),
            vec![Some(10), Some(11)]
        );
        let s11 = &f.by_stage[1];
        // Deals 2 and 4: 8,000.00, weighted 2,000 + 1,500.
        assert_eq!(
            (s11.deals, s11.amount, s11.weighted),
            (2, 800_000, 200_000 + 150_000)
        );
    }

    #[test]
    fn win_rate_deal_size_cycle_and_funnel() {
        let today = d(2026, 11, 22);
        let period = Period {
            from: d(2026, 7, 1),
            to: d(2026, 9, 30),
        };
        let facts = vec![
            // Won: 30 days, 1,000.00; reached stages 10, 11, 12.
            closed(
                1,
                true,
                100_000,
                d(2026, 7, 1),
                d(2026, 7, 31),
                vec![10, 11, 12],
            ),
            // Won: 61 days (Jul 1 → Aug 31), 2,000.01.
            closed(
                2,
                true,
                200_001,
                d(2026, 7, 1),
                d(2026, 8, 31),
                vec![10, 11, 12],
            ),
            // Lost in the period after stage 11.
            closed(
                3,
                false,
                900_000,
                d(2026, 7, 10),
                d(2026, 9, 1),
                vec![10, 11],
            ),
            // Lost after stage 10; closed in the period.
            closed(4, false, 50_000, d(2026, 8, 1), d(2026, 8, 20), vec![10]),
            // Closed outside the period: not in win rate; created in it, so
            // in the funnel (reached 10 only).
            closed(5, false, 10_000, d(2026, 9, 1), d(2026, 10, 2), vec![10]),
            // Created before the period: in no funnel step.
            closed(
                6,
                true,
                10_000,
                d(2026, 5, 1),
                d(2026, 6, 1),
                vec![10, 11, 12],
            ),
        ];
        let f = forecast(&facts, &[10, 11, 12], today, period);
        assert_eq!((f.won, f.lost), (2, 2));
        assert_eq!(f.win_rate_pct, Some(50.0));
        // (1,000.00 + 2,000.01) / 2 = 1,500.005 → 1,500.01 (half up).
        assert_eq!(f.average_won_amount, Some(150_001));
        // (30 + 61) / 2 = 45.5 days.
        assert_eq!(f.average_cycle_days, Some(45.5));
        // Cohort: deals 1–5. Reached 10: 5; 11: 3 (1, 2, 3); 12: 2; won: 2.
        let reached: Vec<u64> = f.funnel.iter().map(|s| s.reached).collect();
        assert_eq!(reached, vec![5, 3, 2, 2]);
        assert_eq!(f.funnel[0].to_next_pct, Some(60.0));
        let p = f.funnel[1].to_next_pct.expect("pct");
        assert!((p - 200.0 / 3.0).abs() < 1e-9, "2 of 3 = 66.7 %");
        assert_eq!(f.funnel[2].to_next_pct, Some(100.0));
        assert_eq!(f.funnel[3].stage_id, None);
        assert_eq!(f.funnel[3].to_next_pct, None);
    }

    #[test]
    fn a_deal_that_got_further_passed_the_earlier_steps() {
        let today = d(2026, 11, 22);
        let period = Period {
            from: d(2026, 1, 1),
            to: d(2026, 12, 31),
        };
        let mut created_in_11 = open(1, 1, 11, 100, 25, None);
        created_in_11.stages_entered = vec![11];
        // Dragged from 10 straight to 12.
        let mut skipped_11 = open(2, 1, 12, 100, 50, None);
        skipped_11.stages_entered = vec![10, 12];
        // No history at all: its current stage.
        let no_history = open(3, 1, 10, 100, 10, None);
        // Won from stage 11: it passed every stage.
        let won_from_11 = closed(4, true, 100, d(2026, 9, 1), d(2026, 10, 1), vec![11]);
        // Lost in 10.
        let lost = closed(5, false, 100, d(2026, 9, 1), d(2026, 10, 1), vec![10]);
        let f = forecast(
            &[created_in_11, skipped_11, no_history, won_from_11, lost],
            &[10, 11, 12],
            today,
            period,
        );
        // Reached 10: all five; 11: deals 1, 2, 4; 12: deals 2, 4; won: 4.
        let reached: Vec<u64> = f.funnel.iter().map(|s| s.reached).collect();
        assert_eq!(reached, vec![5, 3, 2, 1]);
        assert_eq!(f.funnel[0].to_next_pct, Some(60.0));
        assert_eq!(f.funnel[2].to_next_pct, Some(50.0));
    }

    #[test]
    fn nothing_closed_means_no_rates_rather_than_zero() {
        let period = Period {
            from: d(2026, 1, 1),
            to: d(2026, 1, 31),
        };
        let f = forecast(&[], &[1], d(2026, 11, 22), period);
        assert_eq!(
            (f.win_rate_pct, f.average_won_amount, f.average_cycle_days),
            (None, None, None)
        );
        assert_eq!(f.funnel[0].to_next_pct, None);
        assert!(f.months.iter().all(|m| m.amount == 0));
    }
}

/// The forecast page's filters (kept in the URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(default)]
pub struct ForecastQuery {
    pub pipeline: Option<i64>,
    pub team: Option<i64>,
    /// `None`: the currency most open deals use.
    pub currency: Option<String>,
    /// `None`: the last twelve months up to today.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// The forecast with what its page needs to label it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ForecastReport {
    pub forecast: Forecast,
    pub pipeline_id: i64,
    pub pipelines: Vec<(i64, String)>,
    pub stages: Vec<(i64, String)>,
    pub owners: Vec<(i64, String)>,
    pub teams: Vec<(i64, String)>,
    pub currencies: Vec<String>,
    pub currency: String,
    pub period: Period,
    pub today: NaiveDate,
    /// Expected cash by month from today, in `currency`: won deals'
    /// payments at their milestones' forecast dates, beside the weighted
    /// open pipeline (`super::cash::by_month`).
    #[serde(default)]
    pub cash: Vec<super::cash::MonthCash>,
}

/// The default period: the twelve months up to `today`.
pub fn default_period(today: NaiveDate) -> Period {
    let from = today
        .checked_sub_months(Months::new(12))
        .and_then(|d| d.succ_opt())
        .unwrap_or(today);
    Period { from, to: today }
}

impl ForecastQuery {
    /// `?from=…&to=…&pipeline=…&team=…&currency=…` (empty parts left out),
    /// the same for the page's URL and the CSV link.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(d) = self.from {
            parts.push(format!("from={d}"));
        }
        if let Some(d) = self.to {
            parts.push(format!("to={d}"));
        }
        if let Some(p) = self.pipeline {
            parts.push(format!("pipeline={p}"));
        }
        if let Some(t) = self.team {
            parts.push(format!("team={t}"));
        }
        if let Some(c) = &self.currency {
            parts.push(format!("currency={c}"));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }

    /// Reads the URL's parameters. Empty and unreadable values are left
    /// out rather than refused (a GET form sends `team=` for "any team",
    /// and a hand-edited URL still shows a forecast).
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> ForecastQuery {
        let mut q = ForecastQuery::default();
        for (k, v) in pairs {
            let v = v.trim();
            match k {
                "from" => q.from = v.parse().ok(),
                "to" => q.to = v.parse().ok(),
                "pipeline" => q.pipeline = v.parse().ok(),
                "team" => q.team = v.parse().ok(),
                "currency" => q.currency = super::money::currency("currency", v).ok(),
                _ => {}
            }
        }
        q
    }
}

#[cfg(test)]
mod query_tests {
    use super::*;

    #[test]
    fn the_query_round_trips_through_the_url() {
        let q = ForecastQuery {
            pipeline: Some(2),
            team: None,
            currency: Some("USD".into()),
            from: NaiveDate::from_ymd_opt(2026, 1, 1),
            to: NaiveDate::from_ymd_opt(2026, 6, 30),
        };
        let s = q.to_query_string();
        assert_eq!(s, "?from=2026-01-01&to=2026-06-30&pipeline=2&currency=USD");
        let pairs: Vec<(&str, &str)> = s[1..]
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .collect();
        assert_eq!(ForecastQuery::from_pairs(pairs), q);
        // What a GET form sends for "any": empty values, and junk.
        let any = ForecastQuery::from_pairs([
            ("team", ""),
            ("pipeline", "x"),
            ("currency", "dollars"),
            ("from", "2026-13-01"),
        ]);
        assert_eq!(any, ForecastQuery::default());
        assert_eq!(any.to_query_string(), "");
        assert_eq!(
            ForecastQuery::from_pairs([("currency", "usd")]).currency,
            Some("USD".into())
        );
    }
}
