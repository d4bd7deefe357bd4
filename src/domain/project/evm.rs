//! Earned value: how much of the budget the work done is worth, against
//! what was planned by the status date and what was spent.
//!
//! Money is in minor units (cents, fen) as everywhere in Cairn; indices
//! are ratios. The definitions are the PMBOK ones:
//!
//! - **BAC** (budget at completion): rate × work + fixed cost, per task;
//!   a summary's is the sum of its tasks'.
//! - **PV** (planned value): BAC × the share of the task's planned
//!   working time that falls before the status date.
//! - **EV** (earned value): BAC × % complete.
//! - **AC** (actual cost): the cost entries booked against the task.
//! - **SV** = EV − PV, **CV** = EV − AC (negative: behind, over budget).
//! - **SPI** = EV / PV, **CPI** = EV / AC (below 1: behind, over budget).
//! - **EAC** (estimate at completion) = BAC / CPI: the rest of the work
//!   costs what the work so far did. With no work earned yet there is no
//!   CPI; EAC is then AC + BAC (nothing earned for what was spent).
//! - **ETC** = EAC − AC, **VAC** = BAC − EAC.
//!
//! Summaries and the project add PV, EV, AC and BAC of their tasks and
//! take the indices of the sums (never an average of indices, which would
//! weigh a small task like a large one).

use serde::{Deserialize, Serialize};

use crate::domain::{AppError, AppResult};

/// Minutes in an hour: rates are per hour, work is in minutes.
const HOUR: i64 = 60;

/// A task's budget: `rate` per hour (minor units) × `work_minutes` +
/// `fixed`. Rounded to the nearest minor unit.
pub fn budget(rate: i64, work_minutes: i64, fixed: i64) -> AppResult<i64> {
    if rate < 0 {
        return Err(AppError::invalid("rate", "cannot be negative"));
    }
    if work_minutes < 0 {
        return Err(AppError::invalid("work", "cannot be negative"));
    }
    if fixed < 0 {
        return Err(AppError::invalid("fixed_cost", "cannot be negative"));
    }
    let labour =
        (i128::from(rate) * i128::from(work_minutes) + i128::from(HOUR / 2)) / i128::from(HOUR);
    i64::try_from(labour + i128::from(fixed))
        .map_err(|_| AppError::invalid("budget", "is too large"))
}

/// The share of a task's planned working time before the status date:
/// `elapsed` of `duration` working minutes, clamped to 0..=1. A milestone
/// (no duration) is all planned once the status date reaches it.
pub fn planned_share(elapsed: i64, duration: i64) -> f64 {
    if duration <= 0 {
        return if elapsed >= 0 { 1.0 } else { 0.0 };
    }
    (elapsed as f64 / duration as f64).clamp(0.0, 1.0)
}

/// One task's cost position at the status date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TaskCost {
    /// BAC, minor units.
    pub budget: i64,
    /// See [`planned_share`].
    pub planned_share: f64,
    /// 0 to 100.
    pub percent_complete: u8,
    /// AC, minor units.
    pub actual: i64,
}

/// Earned value figures of a task, a summary or a project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Earned {
    pub bac: i64,
    pub pv: i64,
    pub ev: i64,
    pub ac: i64,
}

fn share_of(amount: i64, share: f64) -> i64 {
    (amount as f64 * share).round() as i64
}

impl Earned {
    pub fn of(t: &TaskCost) -> Earned {
        Earned {
            bac: t.budget,
            pv: share_of(t.budget, t.planned_share),
            ev: share_of(t.budget, f64::from(t.percent_complete.min(100)) / 100.0),
            ac: t.actual,
        }
    }

    /// The figures of several tasks together.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a Earned>) -> Earned {
        parts.into_iter().fold(Earned::default(), |a, b| Earned {
            bac: a.bac + b.bac,
            pv: a.pv + b.pv,
            ev: a.ev + b.ev,
            ac: a.ac + b.ac,
        })
    }

    pub fn sv(&self) -> i64 {
        self.ev - self.pv
    }

    pub fn cv(&self) -> i64 {
        self.ev - self.ac
    }

    /// `None` before anything was planned.
    pub fn spi(&self) -> Option<f64> {
        (self.pv != 0).then(|| self.ev as f64 / self.pv as f64)
    }

    /// `None` before anything was spent.
    pub fn cpi(&self) -> Option<f64> {
        (self.ac != 0).then(|| self.ev as f64 / self.ac as f64)
    }

    pub fn eac(&self) -> i64 {
        match self.cpi() {
            Some(cpi) if cpi > 0.0 => (self.bac as f64 / cpi).round() as i64,
            // Spent with nothing earned: the whole budget is still ahead.
            Some(_) => self.ac + self.bac,
            // Nothing spent yet: the budget is the estimate.
            None => self.bac,
        }
    }

    pub fn etc(&self) -> i64 {
        self.eac() - self.ac
    }

    pub fn vac(&self) -> i64 {
        self.bac - self.eac()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    /// Worked by hand: a 10-day task of 80 hours at 125.00/h plus 1,000.00
    /// of licences has BAC 11,000.00. At the status date 5 of its 10 days
    /// are past (PV 5,500.00), it is 40 % done (EV 4,400.00) and 5,000.00
    /// was spent (AC).
    /// SV = 4,400 − 5,500 = −1,100; CV = 4,400 − 5,000 = −600;
    /// SPI = 4,400 / 5,500 = 0.8; CPI = 4,400 / 5,000 = 0.88;
    /// EAC = 11,000 / 0.88 = 12,500; ETC = 12,500 − 5,000 = 7,500;
    /// VAC = 11,000 − 12,500 = −1,500.
    #[test]
    fn a_task_behind_and_over_budget() {
        let bac = budget(12_500, 80 * 60, 100_000).unwrap();
        assert_eq!(bac, 1_100_000);
        let e = Earned::of(&TaskCost {
            budget: bac,
            planned_share: planned_share(5 * 480, 10 * 480),
            percent_complete: 40,
            actual: 500_000,
        });
        assert_eq!((e.pv, e.ev, e.ac), (550_000, 440_000, 500_000));
        assert_eq!((e.sv(), e.cv()), (-110_000, -60_000));
        assert!(close(e.spi().unwrap(), 0.8));
        assert!(close(e.cpi().unwrap(), 0.88));
        assert_eq!((e.eac(), e.etc(), e.vac()), (1_250_000, 750_000, -150_000));
    }

    /// Worked by hand: task A (BAC 1,000, PV 1,000, EV 1,000, AC 800)
    /// and task B (BAC 3,000, PV 1,500, EV 600, AC 900). The sums are
    /// PV 2,500, EV 1,600, AC 1,700: SPI 0.64 and CPI 1,600 / 1,700 =
    /// 0.941…, EAC 4,000 / 0.941… = 4,250 — not the averages of the
    /// tasks' indices (SPI (1 + 0.4) / 2 = 0.7).
    #[test]
    fn a_summary_takes_the_indices_of_the_sums() {
        let a = Earned {
            bac: 1_000,
            pv: 1_000,
            ev: 1_000,
            ac: 800,
        };
        let b = Earned {
            bac: 3_000,
            pv: 1_500,
            ev: 600,
            ac: 900,
        };
        let p = Earned::sum([&a, &b]);
        assert_eq!((p.bac, p.pv, p.ev, p.ac), (4_000, 2_500, 1_600, 1_700));
        assert!(close(p.spi().unwrap(), 0.64));
        assert!(close(p.cpi().unwrap(), 1_600.0 / 1_700.0));
        assert_eq!(p.eac(), 4_250);
        assert_eq!((p.etc(), p.vac()), (2_550, -250));
    }

    #[test]
    fn before_the_start_and_before_any_spend() {
        let e = Earned::of(&TaskCost {
            budget: 2_000,
            planned_share: planned_share(-480, 960),
            percent_complete: 0,
            actual: 0,
        });
        assert_eq!((e.pv, e.ev, e.ac), (0, 0, 0));
        assert_eq!((e.spi(), e.cpi()), (None, None));
        assert_eq!((e.eac(), e.etc(), e.vac()), (2_000, 2_000, 0));
        // Spent with nothing earned: the budget is still all ahead.
        let spent = Earned { ac: 300, ..e };
        assert_eq!(spent.cpi(), Some(0.0));
        assert_eq!(spent.eac(), 2_300);
    }

    #[test]
    fn milestones_and_clamping() {
        assert_eq!(planned_share(0, 0), 1.0);
        assert_eq!(planned_share(-1, 0), 0.0);
        assert_eq!(planned_share(2_000, 960), 1.0);
        assert_eq!(planned_share(240, 960), 0.25);
        let done = Earned::of(&TaskCost {
            budget: 999,
            planned_share: 1.0,
            percent_complete: 250,
            actual: 999,
        });
        assert_eq!(done.ev, 999, "over 100 % counts as 100 %");
    }

    #[test]
    fn budgets_refuse_negative_parts_and_round_to_the_minor_unit() {
        // 90 minutes at 0.01/h is 0.015: rounds to 0.02.
        assert_eq!(budget(1, 90, 0).unwrap(), 2);
        for (rate, work, fixed, field) in [
            (-1, 60, 0, "rate"),
            (1, -60, 0, "work"),
            (1, 60, -5, "fixed_cost"),
        ] {
            match budget(rate, work, fixed) {
                Err(AppError::Validation { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{other:?}"),
            }
        }
        assert!(budget(i64::MAX, i64::MAX, i64::MAX).is_err());
    }
}
