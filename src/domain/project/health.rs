//! A delivery project's health as the CRM shows it beside the deal and
//! the account: one word a salesperson can act on, and why.
//!
//! - **Off track**: a critical task is late (it should have finished by
//!   the status date and has not), or SPI or CPI is below 0.90.
//! - **At risk**: a task that is not critical is late, or SPI or CPI is
//!   below 0.95.
//! - **On track** otherwise (including before anything was planned or
//!   spent, when there are no indices yet).
//!
//! The thresholds are the usual earned-value tolerances (±5 % watch,
//! ±10 % act); a forecast go-live that **slips** by more than the
//! threshold days since the owners were last told is what notifies them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::evm::Earned;

pub const WATCH: f64 = 0.95;
pub const ACT: f64 = 0.90;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Health {
    OnTrack,
    AtRisk,
    OffTrack,
}

/// Why a project has the health it has.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Cause {
    CriticalTaskLate { count: usize },
    TaskLate { count: usize },
    Schedule { spi: f64 },
    Cost { cpi: f64 },
}

/// A task as health looks at it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    pub finish: NaiveDate,
    pub percent_complete: f64,
    pub critical: bool,
}

fn late(t: &Progress, status: NaiveDate) -> bool {
    t.finish < status && t.percent_complete < 100.0
}

/// The health at `status` and its causes, worst first.
pub fn assess(tasks: &[Progress], earned: &Earned, status: NaiveDate) -> (Health, Vec<Cause>) {
    let mut causes = Vec::new();
    let mut health = Health::OnTrack;
    let critical = tasks
        .iter()
        .filter(|t| t.critical && late(t, status))
        .count();
    let other = tasks
        .iter()
        .filter(|t| !t.critical && late(t, status))
        .count();
    if critical > 0 {
        health = Health::OffTrack;
        causes.push(Cause::CriticalTaskLate { count: critical });
    }
    let level = |v: f64| {
        if v < ACT {
            Some(Health::OffTrack)
        } else if v < WATCH {
            Some(Health::AtRisk)
        } else {
            None
        }
    };
    if let Some(spi) = earned.spi()
        && let Some(l) = level(spi)
    {
        health = health.max(l);
        causes.push(Cause::Schedule { spi });
    }
    if let Some(cpi) = earned.cpi()
        && let Some(l) = level(cpi)
    {
        health = health.max(l);
        causes.push(Cause::Cost { cpi });
    }
    if other > 0 {
        health = health.max(Health::AtRisk);
        causes.push(Cause::TaskLate { count: other });
    }
    (health, causes)
}

/// Whether the forecast go-live moved later by more than `threshold_days`
/// calendar days since `last_told` (what the owners last heard).
pub fn slipped(last_told: NaiveDate, forecast: NaiveDate, threshold_days: i64) -> bool {
    (forecast - last_told).num_days() > threshold_days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap()
    }

    fn task(finish: NaiveDate, percent: f64, critical: bool) -> Progress {
        Progress {
            finish,
            percent_complete: percent,
            critical,
        }
    }

    fn earned(pv: i64, ev: i64, ac: i64) -> Earned {
        Earned {
            bac: 10_000,
            pv,
            ev,
            ac,
        }
    }

    #[test]
    fn on_track_with_nothing_late_and_indices_within_five_percent() {
        let tasks = [task(d(3, 1), 100.0, true), task(d(3, 20), 50.0, true)];
        let (h, causes) = assess(&tasks, &earned(1_000, 960, 1_000), d(3, 10));
        assert_eq!(h, Health::OnTrack);
        assert!(causes.is_empty());
        // Nothing planned or spent yet: no indices, still on track.
        assert_eq!(assess(&[], &earned(0, 0, 0), d(3, 10)).0, Health::OnTrack);
    }

    #[test]
    fn a_late_critical_task_is_off_track_a_late_other_task_at_risk() {
        let status = d(3, 10);
        let late_critical = [task(d(3, 9), 80.0, true), task(d(3, 8), 10.0, false)];
        let (h, causes) = assess(&late_critical, &earned(1_000, 1_000, 1_000), status);
        assert_eq!(h, Health::OffTrack);
        assert_eq!(
            causes,
            [
                Cause::CriticalTaskLate { count: 1 },
                Cause::TaskLate { count: 1 }
            ]
        );
        let late_other = [task(d(3, 9), 80.0, false)];
        assert_eq!(
            assess(&late_other, &earned(1_000, 1_000, 1_000), status).0,
            Health::AtRisk
        );
        // Finishing on the status date is not late.
        let due_today = [task(status, 0.0, true)];
        assert_eq!(
            assess(&due_today, &earned(1_000, 1_000, 1_000), status).0,
            Health::OnTrack
        );
    }

    /// By hand: EV 930 of PV 1,000 is SPI 0.93 (at risk); EV 930 for AC
    /// 1,050 is CPI 0.886 (off track).
    #[test]
    fn indices_below_the_tolerances() {
        let (h, causes) = assess(&[], &earned(1_000, 930, 930), d(3, 10));
        assert_eq!(h, Health::AtRisk);
        assert_eq!(causes, [Cause::Schedule { spi: 0.93 }]);
        let (h, causes) = assess(&[], &earned(930, 930, 1_050), d(3, 10));
        assert_eq!(h, Health::OffTrack);
        assert!(
            matches!(causes[..], [Cause::Cost { cpi }] if (cpi - 930.0 / 1_050.0).abs() < 1e-12)
        );
    }

    #[test]
    fn slips_count_beyond_the_threshold() {
        assert!(!slipped(d(6, 1), d(6, 6), 5));
        assert!(slipped(d(6, 1), d(6, 7), 5));
        assert!(!slipped(d(6, 1), d(5, 1), 5), "earlier is not a slip");
    }
}
