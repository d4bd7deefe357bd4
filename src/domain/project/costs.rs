//! A project's costs: each task's budget (an hourly rate × its work, plus
//! a fixed cost), the actual costs booked against it by date, and the
//! earned-value table per task, phase and project at the status date
//! with the S-curve (cumulative PV, EV and AC over time). The formulas
//! are [`super::evm`]'s; this module decides what each figure is made of.
//!
//! **Work** is the task's duration times the units of its assignments
//! (200 % is two people full time); a task nobody is assigned to counts
//! one person full time, so a rate alone already gives it a budget.
//! Budgets and actuals sit on leaf tasks (milestones included: a licence
//! paid at sign-off is a fixed cost there); phases add their tasks'.

use std::collections::HashMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{Deserialize, Serialize};

use super::compute::{self, Compiled, ScheduledTask};
use super::evm::{self, Earned, TaskCost};
use super::model::Assignment;
use crate::domain::schedule::{Schedule, WorkTable};
use crate::domain::{AppError, AppResult};

/// The longest note on a cost entry.
pub const NOTE_MAX: usize = 500;

/// A task's budget inputs: `rate` per hour and `fixed`, in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Budget {
    pub rate: i64,
    pub fixed: i64,
}

impl Budget {
    pub fn is_zero(&self) -> bool {
        self.rate == 0 && self.fixed == 0
    }

    /// Refuses negative parts and budgets too large to add up.
    pub fn validate(&self) -> AppResult<()> {
        evm::budget(self.rate, 0, self.fixed)?;
        if self.rate > crate::domain::sales::money::MAX_AMOUNT {
            return Err(AppError::invalid("rate", "is too large"));
        }
        if self.fixed > crate::domain::sales::money::MAX_AMOUNT {
            return Err(AppError::invalid("fixed_cost", "is too large"));
        }
        Ok(())
    }
}

/// An actual cost booked against a task on a day (minor units; a
/// negative amount is a credit correcting an earlier entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostEntryInput {
    pub task_id: i64,
    pub day: NaiveDate,
    pub amount: i64,
    pub note: String,
}

impl CostEntryInput {
    /// The trimmed note; refuses a zero or huge amount, a long note and a
    /// day after `today` (a cost not yet incurred is a budget).
    pub fn validate(&self, today: NaiveDate) -> AppResult<String> {
        if self.amount == 0 {
            return Err(AppError::invalid("amount", "cannot be zero"));
        }
        if self.amount.abs() > crate::domain::sales::money::MAX_AMOUNT {
            return Err(AppError::invalid("amount", "is too large"));
        }
        if self.day > today {
            return Err(AppError::invalid("day", "cannot be in the future"));
        }
        let note = self.note.trim().to_owned();
        if note.chars().count() > NOTE_MAX {
            return Err(AppError::invalid(
                "note",
                format!("must be at most {NOTE_MAX} characters"),
            ));
        }
        Ok(note)
    }
}

/// One booked cost, as the cost log lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostEntry {
    pub id: i64,
    pub task_id: i64,
    pub task_name: String,
    pub day: NaiveDate,
    pub amount: i64,
    pub note: String,
    pub by: String,
}

/// A plan's cost inputs as stored: budgets by task id, and every actual
/// cost as (task id, day, amount).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Costs {
    pub budgets: HashMap<i64, Budget>,
    pub actuals: Vec<(i64, NaiveDate, i64)>,
}

impl Costs {
    /// Whether anything has a budget: then earned value is weighed in
    /// money; before, in working time (see `delivery::assess`).
    pub fn in_money(&self) -> bool {
        self.budgets.values().any(|b| !b.is_zero())
    }

    /// Actual cost of each task up to and including `status`.
    fn actual_by_task(&self, status: NaiveDate) -> HashMap<i64, i64> {
        let mut out: HashMap<i64, i64> = HashMap::new();
        for &(task, day, amount) in &self.actuals {
            if day <= status {
                *out.entry(task).or_default() += amount;
            }
        }
        out
    }
}

/// Work of a leaf task in minutes: duration × the units of its
/// assignments, one person full time when nobody is assigned.
/// (`compile` writes it on each plan task.)
pub fn work_minutes(assignments: &[Assignment], duration_minutes: i64) -> i64 {
    let units: i64 = assignments.iter().map(|a| i64::from(a.units)).sum();
    let units = if units == 0 { 100 } else { units };
    (i128::from(duration_minutes) * i128::from(units) / 100)
        .try_into()
        .unwrap_or(i64::MAX)
}

/// Measures planned shares in the project calendar's working time: a
/// task of ten working days from a Monday is half planned at the end of
/// its first Friday, and the weekend after adds nothing. (People on
/// calendars of their own are measured on the project's calendar too:
/// the share is the plan's, not a timesheet's.)
pub struct Clock {
    table: WorkTable,
}

impl Clock {
    pub fn new(c: &Compiled, s: &Schedule) -> Clock {
        let origin = (0..c.len() as u32)
            .map(|i| s.start(i).date())
            .chain([c.plan.start.date()])
            .min()
            .unwrap_or(c.plan.start.date());
        Clock {
            table: WorkTable::new(&c.plan.calendar, origin),
        }
    }

    fn position(&mut self, t: NaiveDateTime) -> Option<i64> {
        if t.date() < self.table.origin() {
            return Some(0);
        }
        self.table.position(t).ok()
    }

    /// The share of a scheduled task planned to be done by `at`: the
    /// working minutes of its span before `at`; a milestone is all
    /// planned once `at` reaches it.
    pub fn planned_by(&mut self, t: &ScheduledTask, at: NaiveDateTime) -> f64 {
        if at <= t.start {
            return if at >= t.finish { 1.0 } else { 0.0 };
        }
        if at >= t.finish {
            return 1.0;
        }
        match (
            self.position(t.start),
            self.position(t.finish),
            self.position(at),
        ) {
            (Some(a), Some(b), Some(x)) if b > a => evm::planned_share(x - a, b - a),
            _ => 1.0,
        }
    }
}

/// One row of the earned-value table: a task or a phase (summary).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvmRow {
    pub task_id: i64,
    /// Outline number ("2.3").
    pub number: String,
    pub name: String,
    pub depth: u16,
    pub summary: bool,
    /// Work in minutes (summed on phases).
    pub work_minutes: i64,
    /// Leaf tasks only.
    pub budget: Option<Budget>,
    pub earned: Earned,
}

/// The table at `status` in outline order, and the project's totals.
pub fn table(
    c: &Compiled,
    s: &Schedule,
    costs: &Costs,
    status: NaiveDate,
) -> AppResult<(Vec<EvmRow>, Earned)> {
    let at = end_of(status);
    let mut clock = Clock::new(c, s);
    let actual = costs.actual_by_task(status);
    let mut rows: Vec<EvmRow> = Vec::with_capacity(c.len());
    for i in 0..c.len() {
        let id = c.ids[i];
        let name = c.plan.tasks[i].name.clone();
        if c.summary[i] {
            rows.push(EvmRow {
                task_id: id,
                number: c.numbers[i].clone(),
                name,
                depth: c.depth[i],
                summary: true,
                work_minutes: 0,
                budget: None,
                earned: Earned::default(),
            });
            continue;
        }
        let t = compute::scheduled(c, s, i as u32);
        let work = c.plan.tasks[i].work_minutes;
        let b = costs.budgets.get(&id).copied().unwrap_or_default();
        let earned = Earned::of(&TaskCost {
            budget: evm::budget(b.rate, work, b.fixed)?,
            planned_share: clock.planned_by(&t, at),
            percent_complete: t.percent.round().clamp(0.0, 100.0) as u8,
            actual: actual.get(&id).copied().unwrap_or(0),
        });
        rows.push(EvmRow {
            task_id: id,
            number: c.numbers[i].clone(),
            name,
            depth: c.depth[i],
            summary: false,
            work_minutes: work,
            budget: Some(b),
            earned,
        });
    }
    // Phases add the leaves below them: walk back up, each leaf's figures
    // added to every open summary above it (indices are in outline order).
    let mut open: Vec<usize> = Vec::new();
    for i in 0..rows.len() {
        while open.last().is_some_and(|&p| rows[p].depth >= rows[i].depth) {
            open.pop();
        }
        if rows[i].summary {
            open.push(i);
        } else {
            let (e, w) = (rows[i].earned, rows[i].work_minutes);
            for &p in &open {
                rows[p].earned = Earned::sum([&rows[p].earned, &e]);
                rows[p].work_minutes += w;
            }
        }
    }
    let total = Earned::sum(rows.iter().filter(|r| !r.summary).map(|r| &r.earned));
    Ok((rows, total))
}

/// The end of a status day: work planned on the status date counts.
fn end_of(day: NaiveDate) -> NaiveDateTime {
    (day + Duration::days(1)).and_time(NaiveTime::MIN)
}

/// One point of the S-curve: cumulative figures at the end of `day`. EV
/// is known only where it was recorded (see [`curve`]); PV runs to the
/// plan's finish; AC stops at the status date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurvePoint {
    pub day: NaiveDate,
    pub pv: i64,
    pub ev: Option<i64>,
    pub ac: Option<i64>,
}

/// The S-curve from the plan's start to its finish (or the status date,
/// whichever is later), weekly — daily for plans under eight weeks. EV
/// comes from `recorded` (day, EV) — the earned value written at each
/// save — up to the status date, and the status date's own EV; before
/// the first record EV is unknown (`None`) except at the start (0).
pub fn curve(
    c: &Compiled,
    s: &Schedule,
    costs: &Costs,
    status: NaiveDate,
    recorded: &[(NaiveDate, i64)],
) -> AppResult<Vec<CurvePoint>> {
    let leaves: Vec<(ScheduledTask, i64)> = (0..c.len())
        .filter(|&i| !c.summary[i])
        .map(|i| {
            let id = c.ids[i];
            let work = c.plan.tasks[i].work_minutes;
            let b = costs.budgets.get(&id).copied().unwrap_or_default();
            Ok((
                compute::scheduled(c, s, i as u32),
                evm::budget(b.rate, work, b.fixed)?,
            ))
        })
        .collect::<AppResult<_>>()?;
    let Some(first) = leaves.iter().map(|(t, _)| t.start.date()).min() else {
        return Ok(Vec::new());
    };
    let finish = leaves
        .iter()
        .map(|(t, _)| t.finish.date())
        .max()
        .unwrap_or(first)
        .max(status);
    let (_, now) = table(c, s, costs, status)?;
    let mut clock = Clock::new(c, s);
    let step = if (finish - first).num_days() < 56 {
        1
    } else {
        7
    };
    // Days of the curve: the start, every step, the status date, the end.
    let mut days = Vec::new();
    let mut d = first - Duration::days(1);
    while d < finish {
        days.push(d);
        d += Duration::days(step);
    }
    days.push(finish);
    if first <= status {
        days.push(status);
    }
    days.sort_unstable();
    days.dedup();
    let mut spent: Vec<(NaiveDate, i64)> = costs.actuals.iter().map(|&(_, d, a)| (d, a)).collect();
    spent.sort_unstable();
    let mut recorded: Vec<(NaiveDate, i64)> = recorded
        .iter()
        .copied()
        .filter(|&(d, _)| d < status)
        .collect();
    recorded.sort_unstable();
    Ok(days
        .into_iter()
        .map(|day| {
            let at = end_of(day);
            let pv = leaves
                .iter()
                .map(|(t, bac)| (*bac as f64 * clock.planned_by(t, at)).round() as i64)
                .sum();
            let (ev, ac) = if day > status {
                (None, None)
            } else if day == status {
                (Some(now.ev), Some(now.ac))
            } else {
                let ev = recorded
                    .iter()
                    .rev()
                    .find(|&&(d, _)| d <= day)
                    .map(|&(_, ev)| ev)
                    .or((day < first).then_some(0));
                let ac = spent
                    .iter()
                    .take_while(|&&(d, _)| d <= day)
                    .map(|&(_, a)| a)
                    .sum();
                (ev, Some(ac))
            };
            CurvePoint { day, pv, ev, ac }
        })
        .collect())
}

/// The whole Costs tab of a project.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CostView {
    pub project_id: i64,
    /// The project row's version: the status date and the currency are
    /// saved against it.
    pub version: i64,
    pub status_date: NaiveDate,
    /// Whether the status date was set (else it is today).
    pub status_date_set: bool,
    pub currency: String,
    pub rows: Vec<EvmRow>,
    pub total: Earned,
    pub curve: Vec<CurvePoint>,
    pub entries: Vec<CostEntry>,
    /// Budget row versions by task id (compare-and-set per budget).
    pub budget_versions: HashMap<i64, i64>,
    pub editable: bool,
}

/// A budget edit: the task, the version read (0 when it had none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetEdit {
    pub task_id: i64,
    pub version: i64,
    pub budget: Budget,
}

/// The project's cost settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CostSettings {
    /// `None`: the status date follows today.
    pub status_date: Option<NaiveDate>,
    pub currency: String,
}

/// Monday of `day`'s week, for labelling weekly curves.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::{LinkRow, ProjectState, TaskRow, compile};
    use crate::domain::schedule::{LinkKind, Scheduler, presets};

    /// A phase with two tasks (5 and 10 days, the second after the
    /// first) and a milestone after it.
    fn plan() -> (Compiled, Schedule) {
        let task = |id: i64, parent: Option<i64>, name: &str, days: i64, percent: u8| TaskRow {
            id,
            version: 1,
            parent,
            rank: format!("{id:04}"),
            name: name.into(),
            duration_minutes: days * 480,
            percent_complete: percent,
            constraint: None,
            assignments: Vec::new(),
            deleted: false,
        };
        let link = |id: i64, predecessor: i64, successor: i64| LinkRow {
            id,
            version: 1,
            predecessor,
            successor,
            kind: LinkKind::FinishToStart,
            lag_minutes: 0,
            deleted: false,
        };
        // Build is two people full time.
        let mut build = task(3, Some(1), "Build", 10, 20);
        build.assignments = vec![
            Assignment {
                user_id: 7,
                units: 100,
            },
            Assignment {
                user_id: 8,
                units: 100,
            },
        ];
        let st = ProjectState::new(
            vec![
                task(1, None, "Phase", 1, 0),
                task(2, Some(1), "Design", 5, 100),
                build,
                task(4, None, "Sign-off", 0, 0),
            ],
            vec![link(10, 2, 3), link(11, 3, 4)],
        );
        // Mon 1 March 2027.
        let start = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
        let c = compile(&st, start, &presets::standard()).expect("compiles");
        let s = compute::run(&mut Scheduler::default(), &c).expect("schedules");
        (c, s)
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).expect("date")
    }

    fn costs() -> Costs {
        Costs {
            budgets: HashMap::from([
                (
                    2,
                    Budget {
                        rate: 10_000,
                        fixed: 0,
                    },
                ),
                (
                    3,
                    Budget {
                        rate: 10_000,
                        fixed: 50_000,
                    },
                ),
                (
                    4,
                    Budget {
                        rate: 0,
                        fixed: 200_000,
                    },
                ),
            ]),
            actuals: vec![
                (2, d(3, 5), 450_000),
                (3, d(3, 10), 300_000),
                (3, d(3, 30), 1),
            ],
        }
    }

    /// Worked by hand, at Friday 12 March 2027 (Design ran 1–5 March,
    /// Build runs 8–19 March): Design is 40 h at 100.00 = 4,000.00, all
    /// planned and done (PV = EV = 4,000), 4,500 spent. Build is 80 h ×
    /// two people = 160 h at 100.00 + 500.00 fixed = 16,500.00; 5 of its
    /// 10 days are past (PV 8,250), 20 % done (EV 3,300), 3,000 spent
    /// (the entry of 30 March is after the status date). Sign-off
    /// (2,000.00 fixed) is not due. The phase: BAC 20,500, PV 12,250,
    /// EV 7,300, AC 7,500 — SPI 0.596, CPI 0.973; the project adds the
    /// milestone's BAC: 22,500.
    #[test]
    fn the_table_by_task_phase_and_project() {
        let (c, s) = plan();
        let (rows, total) = table(&c, &s, &costs(), d(3, 12)).expect("table");
        let by = |id: i64| rows.iter().find(|r| r.task_id == id).expect("row");
        assert_eq!(
            rows.iter().map(|r| r.number.as_str()).collect::<Vec<_>>(),
            ["1", "1.1", "1.2", "2"]
        );
        let design = by(2).earned;
        assert_eq!(
            (design.bac, design.pv, design.ev, design.ac),
            (400_000, 400_000, 400_000, 450_000)
        );
        let build = by(3);
        assert_eq!(build.work_minutes, 160 * 60);
        let b = build.earned;
        assert_eq!(
            (b.bac, b.pv, b.ev, b.ac),
            (1_650_000, 825_000, 330_000, 300_000)
        );
        let phase = by(1);
        assert!(phase.summary && phase.budget.is_none());
        assert_eq!(phase.work_minutes, 200 * 60);
        let p = phase.earned;
        assert_eq!(
            (p.bac, p.pv, p.ev, p.ac),
            (2_050_000, 1_225_000, 730_000, 750_000)
        );
        assert_eq!(
            (total.bac, total.pv, total.ev, total.ac),
            (2_250_000, 1_225_000, 730_000, 750_000)
        );
        assert_eq!(total.sv(), -495_000);
        assert_eq!(total.cv(), -20_000);
        assert!((total.spi().expect("spi") - 730.0 / 1225.0).abs() < 1e-9);
        // EAC = 22,500 / (7,300 / 7,500) = 23,116.44
        assert_eq!(total.eac(), 2_311_644);
    }

    #[test]
    fn the_s_curve_runs_pv_to_the_end_and_ev_ac_to_the_status_date() {
        let (c, s) = plan();
        let status = d(3, 12);
        let points = curve(&c, &s, &costs(), status, &[(d(3, 5), 400_000)]).expect("curve");
        // Daily for a three-week plan: from the day before the start.
        assert_eq!(points.first().map(|p| p.day), Some(d(2, 28)));
        let first = points[0];
        assert_eq!((first.pv, first.ev, first.ac), (0, Some(0), Some(0)));
        let at = |day: NaiveDate| *points.iter().find(|p| p.day == day).expect("point");
        // End of 5 March: Design all planned, earned as recorded, 4,500 spent.
        assert_eq!(
            (at(d(3, 5)).pv, at(d(3, 5)).ev, at(d(3, 5)).ac),
            (400_000, Some(400_000), Some(450_000))
        );
        // The status date: the table's figures.
        assert_eq!(
            (at(status).pv, at(status).ev, at(status).ac),
            (1_225_000, Some(730_000), Some(750_000))
        );
        // After the status date: PV only, reaching BAC at the finish.
        let last = *points.last().expect("a point");
        assert_eq!((last.pv, last.ev, last.ac), (2_250_000, None, None));
        // PV never falls.
        assert!(points.windows(2).all(|w| w[0].pv <= w[1].pv));
    }

    #[test]
    fn money_only_once_something_has_a_budget() {
        assert!(!Costs::default().in_money());
        let zero = Costs {
            budgets: HashMap::from([(1, Budget::default())]),
            actuals: vec![(1, d(3, 1), 100)],
        };
        assert!(!zero.in_money());
        assert!(costs().in_money());
    }

    #[test]
    fn inputs_are_refused_by_field() {
        let today = d(3, 12);
        let entry = CostEntryInput {
            task_id: 2,
            day: today,
            amount: 100,
            note: "  invoice 17 ".into(),
        };
        assert_eq!(entry.validate(today).expect("valid"), "invoice 17");
        let field = |e: AppResult<String>| match e {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(
                CostEntryInput {
                    amount: 0,
                    ..entry.clone()
                }
                .validate(today)
            ),
            "amount"
        );
        assert_eq!(
            field(
                CostEntryInput {
                    day: d(3, 13),
                    ..entry.clone()
                }
                .validate(today)
            ),
            "day"
        );
        assert_eq!(
            field(
                CostEntryInput {
                    note: "x".repeat(501),
                    ..entry.clone()
                }
                .validate(today)
            ),
            "note"
        );
        assert!(
            CostEntryInput {
                amount: -50,
                ..entry
            }
            .validate(today)
            .is_ok(),
            "a credit"
        );
        let refused = |b: Budget| match b.validate() {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(Budget { rate: -1, fixed: 0 }), "rate");
        assert_eq!(refused(Budget { rate: 0, fixed: -1 }), "fixed_cost");
        assert_eq!(
            refused(Budget {
                rate: i64::MAX,
                fixed: 0
            }),
            "rate"
        );
    }
}
