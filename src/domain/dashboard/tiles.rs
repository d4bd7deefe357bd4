//! KPI tiles. The store counts the facts in the reader's scope (their
//! team's deals or everyone's, the service desk, the projects); this
//! module compares them with the targets, so every figure and standing
//! is unit-tested by hand.
//!
//! Definitions (the tiles' tooltips say the same):
//! - *Revenue this quarter*: won deals closed this quarter, in the
//!   targets' currency.
//! - *Win rate*: won ÷ (won + lost) of the deals closed this quarter.
//! - *Pipeline coverage*: open deals expected to close by the end of the
//!   quarter (overdue ones included: they have slipped, not vanished) ÷
//!   what is left of the revenue target. Met once the target is reached.
//! - *SLA attainment*: first-response and resolution targets met ÷ those
//!   decided over the last 30 days (a clock still running counts once it
//!   is due, as on the service reports).
//! - *Satisfaction*: the average rating given over the last 30 days.
//! - *Projects at risk*: active projects (planned or under way) with a
//!   late critical task; lower is better.

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use super::targets::Targets;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kpi {
    Revenue,
    WinRate,
    Coverage,
    SlaAttainment,
    Satisfaction,
    ProjectsAtRisk,
}

impl Kpi {
    pub fn as_str(self) -> &'static str {
        match self {
            Kpi::Revenue => "revenue",
            Kpi::WinRate => "win-rate",
            Kpi::Coverage => "coverage",
            Kpi::SlaAttainment => "sla",
            Kpi::Satisfaction => "satisfaction",
            Kpi::ProjectsAtRisk => "projects-at-risk",
        }
    }
}

/// A figure with its unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Measure {
    /// Minor units of the currency.
    Money {
        amount: i64,
        currency: String,
    },
    Percent(f64),
    /// "3.2×".
    Times(f64),
    /// Of 5.
    Rating(f64),
    Count(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Standing {
    Met,
    Behind,
    /// No target is set: the figure alone.
    NoTarget,
    /// Nothing to measure yet (no closed deal, no rating…).
    NoData,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tile {
    pub kpi: Kpi,
    pub value: Option<Measure>,
    pub target: Option<Measure>,
    pub standing: Standing,
    /// How far to the target, 0–100, for a bar (`None`: no bar).
    pub progress_pct: Option<u8>,
    /// How many things the figure is measured on (closed deals, decided
    /// service clocks, ratings, active projects), so a 100 % from one
    /// deal reads as such.
    pub basis: Option<u64>,
    /// The report the tile opens.
    pub href: String,
}

/// Deals in the targets' currency, in the reader's scope.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesFacts {
    pub won_amount: i64,
    pub won: u64,
    pub lost: u64,
    /// Open deals expected to close by the end of the quarter.
    pub open_due_amount: i64,
}

/// The service desk over the last 30 days.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceFacts {
    pub met: u32,
    pub missed: u32,
    /// Ratings 1–5, counted.
    pub ratings: [u32; 5],
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFacts {
    pub active: u64,
    pub at_risk: u64,
}

/// What the store counted for one reader; a module they may not read is
/// `None` and has no tiles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardFacts {
    pub today: NaiveDate,
    /// The reader's team when they see a team's deals (sales people and
    /// managers), `None` when they see everyone's.
    pub team: Option<i64>,
    pub sales: Option<SalesFacts>,
    pub service: Option<ServiceFacts>,
    pub projects: Option<ProjectFacts>,
}

/// The home page's tiles, with the quarter they measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dashboard {
    pub quarter: (NaiveDate, NaiveDate),
    pub tiles: Vec<Tile>,
}

/// The calendar quarter holding `d`: its first and last day.
pub fn quarter_of(d: NaiveDate) -> (NaiveDate, NaiveDate) {
    let first_month = (d.month0() / 3) * 3 + 1;
    let start = NaiveDate::from_ymd_opt(d.year(), first_month, 1).unwrap_or(d);
    let end = start
        .checked_add_months(chrono::Months::new(3))
        .and_then(|n| n.pred_opt())
        .unwrap_or(d);
    (start, end)
}

/// The last 30 days up to `today`, both included.
pub fn last_30_days(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (today - Duration::days(29), today)
}

fn pct(part: f64, whole: f64) -> f64 {
    part / whole * 100.0
}

fn bar(part: f64, whole: f64) -> Option<u8> {
    (whole > 0.0).then(|| pct(part, whole).clamp(0.0, 100.0).round() as u8)
}

/// "Met" when `value` reaches `target` (or stays under it when lower is
/// better).
fn standing(value: Option<f64>, target: Option<f64>, lower_is_better: bool) -> Standing {
    match (value, target) {
        (None, _) => Standing::NoData,
        (Some(_), None) => Standing::NoTarget,
        (Some(v), Some(t)) if (v >= t) != lower_is_better || v == t => Standing::Met,
        _ => Standing::Behind,
    }
}

pub fn tiles(facts: &DashboardFacts, targets: &Targets) -> Dashboard {
    let (q_from, q_to) = quarter_of(facts.today);
    let (d_from, d_to) = last_30_days(facts.today);
    let money = |amount: i64| Measure::Money {
        amount,
        currency: targets.currency.clone(),
    };
    let forecast = format!(
        "/sales/forecast?from={q_from}&to={}&currency={}",
        facts.today.min(q_to),
        targets.currency
    );
    let service = format!("/service/reports?from={d_from}&to={d_to}&bucket=week");
    let mut out = Vec::new();
    if let Some(s) = &facts.sales {
        let revenue = targets.revenue_for(facts.team);
        out.push(Tile {
            kpi: Kpi::Revenue,
            value: Some(money(s.won_amount)),
            target: revenue.map(money),
            standing: standing(Some(s.won_amount as f64), revenue.map(|r| r as f64), false),
            progress_pct: revenue.and_then(|r| bar(s.won_amount as f64, r as f64)),
            basis: Some(s.won),
            href: forecast.clone(),
        });
        let closed = s.won + s.lost;
        let rate = (closed > 0).then(|| pct(s.won as f64, closed as f64));
        let rate_target = targets.win_rate_pct.map(f64::from);
        out.push(Tile {
            kpi: Kpi::WinRate,
            value: rate.map(Measure::Percent),
            target: rate_target.map(Measure::Percent),
            standing: standing(rate, rate_target, false),
            progress_pct: rate.zip(rate_target).and_then(|(r, t)| bar(r, t)),
            basis: Some(closed),
            href: forecast.clone(),
        });
        let cover_target = targets.coverage_tenths.map(|t| f64::from(t) / 10.0);
        let (value, standing_now) = match revenue {
            None => (None, Standing::NoTarget),
            Some(r) if s.won_amount >= r => (None, Standing::Met),
            Some(r) => {
                let times = s.open_due_amount as f64 / (r - s.won_amount) as f64;
                (Some(times), standing(Some(times), cover_target, false))
            }
        };
        out.push(Tile {
            kpi: Kpi::Coverage,
            value: value.map(Measure::Times),
            target: cover_target.map(Measure::Times),
            standing: standing_now,
            progress_pct: value.zip(cover_target).and_then(|(v, t)| bar(v, t)),
            basis: None,
            href: "/sales".into(),
        });
    }
    if let Some(s) = &facts.service {
        let decided = s.met + s.missed;
        let rate = (decided > 0).then(|| pct(f64::from(s.met), f64::from(decided)));
        let target = targets.sla_attainment_pct.map(f64::from);
        out.push(Tile {
            kpi: Kpi::SlaAttainment,
            value: rate.map(Measure::Percent),
            target: target.map(Measure::Percent),
            standing: standing(rate, target, false),
            progress_pct: rate.zip(target).and_then(|(r, t)| bar(r, t)),
            basis: Some(u64::from(decided)),
            href: service.clone(),
        });
        let n: u32 = s.ratings.iter().sum();
        let sum: u32 = s
            .ratings
            .iter()
            .enumerate()
            .map(|(k, c)| (k as u32 + 1) * c)
            .sum();
        let avg = (n > 0).then(|| f64::from(sum) / f64::from(n));
        let target = targets.satisfaction_tenths.map(|t| f64::from(t) / 10.0);
        out.push(Tile {
            kpi: Kpi::Satisfaction,
            value: avg.map(Measure::Rating),
            target: target.map(Measure::Rating),
            standing: standing(avg, target, false),
            progress_pct: avg.zip(target).and_then(|(a, t)| bar(a, t)),
            basis: Some(u64::from(n)),
            href: service,
        });
    }
    if let Some(p) = &facts.projects {
        let target = targets.projects_at_risk;
        out.push(Tile {
            kpi: Kpi::ProjectsAtRisk,
            value: Some(Measure::Count(p.at_risk)),
            target: target.map(|t| Measure::Count(u64::from(t))),
            standing: standing(Some(p.at_risk as f64), target.map(f64::from), true),
            progress_pct: None,
            basis: Some(p.active),
            href: "/projects?status=active".into(),
        });
    }
    Dashboard {
        quarter: (q_from, q_to),
        tiles: out,
    }
}

#[cfg(test)]
// Amounts are written as yuan_fen (12_000_00 is ¥12,000.00).
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;
    use crate::domain::dashboard::TeamTarget;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn quarters_are_calendar_quarters() {
        assert_eq!(
            quarter_of(day(2026, 12, 3)),
            (day(2026, 10, 1), day(2026, 12, 31))
        );
        assert_eq!(
            quarter_of(day(2027, 2, 28)),
            (day(2027, 1, 1), day(2027, 3, 31))
        );
        assert_eq!(
            quarter_of(day(2027, 4, 1)),
            (day(2027, 4, 1), day(2027, 6, 30))
        );
    }

    /// Team 2's quarter, worked by hand: target ¥100,000, won ¥40,000 in
    /// 2 deals, 3 lost (40 % against 50 %), ¥150,000 open and due against
    /// the ¥60,000 still to win (2.5× against 3.0×); the desk met 18 of 20
    /// clocks (90 % against 85 %); ratings 5, 4, 4, 2 (3.75 against 4.0);
    /// 2 of 7 projects at risk, at most 1 wanted.
    #[test]
    fn a_managers_quarter_against_their_teams_targets() {
        let targets = Targets {
            currency: "CNY".into(),
            revenue: Some(900_000_00),
            team_revenue: vec![TeamTarget {
                team_id: 2,
                revenue: 100_000_00,
            }],
            win_rate_pct: Some(50),
            coverage_tenths: Some(30),
            sla_attainment_pct: Some(85),
            satisfaction_tenths: Some(40),
            projects_at_risk: Some(1),
        };
        let facts = DashboardFacts {
            today: day(2026, 12, 3),
            team: Some(2),
            sales: Some(SalesFacts {
                won_amount: 40_000_00,
                won: 2,
                lost: 3,
                open_due_amount: 150_000_00,
            }),
            service: Some(ServiceFacts {
                met: 18,
                missed: 2,
                ratings: [0, 1, 0, 2, 1],
            }),
            projects: Some(ProjectFacts {
                active: 7,
                at_risk: 2,
            }),
        };
        let d = tiles(&facts, &targets);
        assert_eq!(d.quarter, (day(2026, 10, 1), day(2026, 12, 31)));
        let tile = |k: Kpi| d.tiles.iter().find(|t| t.kpi == k).expect("tile").clone();
        let revenue = tile(Kpi::Revenue);
        assert_eq!(
            revenue.target,
            Some(Measure::Money {
                amount: 100_000_00,
                currency: "CNY".into()
            }),
            "the team's target, not the company's"
        );
        assert_eq!(
            (revenue.standing, revenue.progress_pct),
            (Standing::Behind, Some(40))
        );
        assert_eq!(
            revenue.href,
            "/sales/forecast?from=2026-10-01&to=2026-12-03&currency=CNY"
        );
        let win = tile(Kpi::WinRate);
        assert_eq!(win.value, Some(Measure::Percent(40.0)));
        assert_eq!(
            (win.standing, win.progress_pct, win.basis),
            (Standing::Behind, Some(80), Some(5))
        );
        let cover = tile(Kpi::Coverage);
        assert_eq!(cover.value, Some(Measure::Times(2.5)));
        assert_eq!(
            (cover.standing, cover.progress_pct),
            (Standing::Behind, Some(83))
        );
        let sla = tile(Kpi::SlaAttainment);
        assert_eq!(sla.value, Some(Measure::Percent(90.0)));
        assert_eq!(
            (sla.standing, sla.progress_pct, sla.basis),
            (Standing::Met, Some(100), Some(20))
        );
        assert_eq!(
            sla.href,
            "/service/reports?from=2026-11-04&to=2026-12-03&bucket=week"
        );
        let happy = tile(Kpi::Satisfaction);
        assert_eq!(happy.value, Some(Measure::Rating(3.75)));
        assert_eq!((happy.standing, happy.basis), (Standing::Behind, Some(4)));
        let risk = tile(Kpi::ProjectsAtRisk);
        assert_eq!(risk.value, Some(Measure::Count(2)));
        assert_eq!((risk.standing, risk.basis), (Standing::Behind, Some(7)));
    }

    #[test]
    fn reached_targets_missing_targets_and_no_data() {
        let targets = Targets {
            revenue: Some(50_00),
            coverage_tenths: Some(30),
            projects_at_risk: Some(0),
            ..Default::default()
        };
        let facts = DashboardFacts {
            today: day(2027, 1, 5),
            team: None,
            sales: Some(SalesFacts {
                won_amount: 60_00,
                won: 1,
                lost: 0,
                open_due_amount: 0,
            }),
            service: Some(ServiceFacts::default()),
            projects: Some(ProjectFacts {
                active: 3,
                at_risk: 0,
            }),
        };
        let d = tiles(&facts, &targets);
        let tile = |k: Kpi| d.tiles.iter().find(|t| t.kpi == k).expect("tile").clone();
        assert_eq!(tile(Kpi::Revenue).standing, Standing::Met);
        assert_eq!(tile(Kpi::Revenue).progress_pct, Some(100));
        assert_eq!(
            tile(Kpi::Coverage).standing,
            Standing::Met,
            "nothing left to cover"
        );
        assert_eq!(tile(Kpi::Coverage).value, None);
        assert_eq!(tile(Kpi::WinRate).standing, Standing::NoTarget);
        assert_eq!(tile(Kpi::SlaAttainment).standing, Standing::NoData);
        assert_eq!(tile(Kpi::Satisfaction).standing, Standing::NoData);
        assert_eq!(
            tile(Kpi::ProjectsAtRisk).standing,
            Standing::Met,
            "0 of at most 0"
        );
        // A reader who sees a team without a target of its own: no target.
        let team = DashboardFacts {
            team: Some(4),
            ..facts.clone()
        };
        let d = tiles(&team, &targets);
        assert_eq!(d.tiles[0].standing, Standing::NoTarget);
        assert_eq!(d.tiles[2].standing, Standing::NoTarget);
        // Modules the reader may not read have no tiles.
        let pmo = DashboardFacts {
            sales: None,
            service: None,
            ..facts
        };
        let kinds: Vec<Kpi> = tiles(&pmo, &targets).tiles.iter().map(|t| t.kpi).collect();
        assert_eq!(kinds, [Kpi::ProjectsAtRisk]);
    }
}
