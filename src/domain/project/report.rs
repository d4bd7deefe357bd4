//! The project status report: what a steering committee reads on two
//! printed pages — the summary and health, milestones planned (the latest
//! baseline) against forecast, the critical path still ahead, the top
//! risks, earned value, and the changes still open. The store gathers
//! it; the selections and the variances are here.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::change_control::ChangeRequestView;
use super::compute::{self, Compiled};
use super::delivery::Delivery;
use super::evm::Earned;
use super::model::ProjectSummary;
use super::risk::{RiskView, Status};
use crate::domain::schedule::Schedule;

/// Critical tasks listed at most (the rest is in the Gantt).
pub const CRITICAL_LINES: usize = 12;
/// Risks listed, highest score first.
pub const TOP_RISKS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneLine {
    pub number: String,
    pub name: String,
    /// Its finish in the latest baseline (none: added since, or no
    /// baseline).
    pub planned: Option<NaiveDate>,
    pub forecast: NaiveDate,
    /// Calendar days late (negative: early) against `planned`.
    pub variance_days: Option<i64>,
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CriticalLine {
    pub number: String,
    pub name: String,
    pub start: NaiveDate,
    pub finish: NaiveDate,
    pub percent: u8,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusReport {
    pub project: ProjectSummary,
    pub status_date: NaiveDate,
    pub delivery: Delivery,
    /// The baseline milestones are compared with.
    pub baseline: Option<String>,
    pub milestones: Vec<MilestoneLine>,
    pub critical: Vec<CriticalLine>,
    pub risks: Vec<RiskView>,
    /// Open risks' EMV per currency.
    pub exposure: Vec<(String, i64)>,
    /// In working minutes until costs are entered (see
    /// `super::delivery`), then in minor units of `currency`.
    pub earned: Earned,
    /// `Some` when `earned` is money.
    pub currency: Option<String>,
    pub changes: Vec<ChangeRequestView>,
}

/// Every milestone (a task of no length that is not a phase) in plan
/// order, its forecast beside its baseline finish.
pub fn milestones(
    c: &Compiled,
    s: &Schedule,
    baseline: &HashMap<i64, NaiveDateTime>,
) -> Vec<MilestoneLine> {
    (0..c.len())
        .filter(|&i| !c.summary[i] && c.plan.tasks[i].duration_minutes == 0)
        .map(|i| {
            let t = compute::scheduled(c, s, i as u32);
            let forecast = t.finish.date();
            let planned = baseline.get(&c.ids[i]).map(NaiveDateTime::date);
            MilestoneLine {
                number: c.numbers[i].clone(),
                name: c.plan.tasks[i].name.clone(),
                planned,
                forecast,
                variance_days: planned.map(|p| (forecast - p).num_days()),
                done: t.percent >= 100.0,
            }
        })
        .collect()
}

/// The critical tasks not yet done, in plan order, at most
/// [`CRITICAL_LINES`].
pub fn critical_path(c: &Compiled, s: &Schedule) -> Vec<CriticalLine> {
    (0..c.len())
        .filter(|&i| !c.summary[i])
        .map(|i| (i, compute::scheduled(c, s, i as u32)))
        .filter(|(_, t)| t.critical && t.percent < 100.0)
        .take(CRITICAL_LINES)
        .map(|(i, t)| CriticalLine {
            number: c.numbers[i].clone(),
            name: c.plan.tasks[i].name.clone(),
            start: t.start.date(),
            finish: t.finish.date(),
            percent: t.percent.round().clamp(0.0, 100.0) as u8,
        })
        .collect()
}

/// The open risks, highest score first, at most [`TOP_RISKS`]; and the
/// open exposure (EMV) per currency.
pub fn top_risks(mut all: Vec<RiskView>) -> (Vec<RiskView>, Vec<(String, i64)>) {
    all.retain(|r| r.status != Status::Closed);
    all.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    let mut exposure: Vec<(String, i64)> = Vec::new();
    for r in &all {
        match exposure.iter_mut().find(|(c, _)| *c == r.currency) {
            Some((_, v)) => *v += r.emv,
            None => exposure.push((r.currency.clone(), r.emv)),
        }
    }
    all.truncate(TOP_RISKS);
    (all, exposure)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Language;
    use crate::domain::project::template::crm_implementation;
    use crate::domain::project::{ProjectState, compile};
    use crate::domain::schedule::{Scheduler, presets};

    /// The CRM plan with its first phase done, and its first gate ticked
    /// off when `gate_done`.
    fn plan(gate_done: bool) -> (Compiled, Schedule) {
        let built = crm_implementation(&[], Some(1), Language::En);
        let mut st = ProjectState::default();
        st.apply_all(&built.changes).expect("applies");
        if gate_done {
            let gate = st
                .live_tasks()
                .find(|t| t.name == "Project kicked off")
                .map(|t| (t.id, t.version))
                .expect("gate");
            st.apply(&crate::domain::project::Change::EditTask {
                id: gate.0,
                version: gate.1,
                field: crate::domain::project::TaskField::PercentComplete(100),
            })
            .expect("ticked");
        }
        let start = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
        let c = compile(&st, start, &presets::standard()).expect("compiles");
        let s = compute::run(&mut Scheduler::default(), &c).expect("schedules");
        (c, s)
    }

    #[test]
    fn milestones_compare_the_forecast_with_the_baseline() {
        let (c, s) = plan(true);
        let none = milestones(&c, &s, &HashMap::new());
        // Nine gates plus the go-live.
        assert_eq!(none.len(), 10);
        assert!(
            none.iter()
                .all(|m| m.planned.is_none() && m.variance_days.is_none())
        );
        assert!(none[0].done, "the first gate is ticked off");
        assert!(!none[1].done);
        // A baseline three days earlier for the second milestone.
        let id = c.ids[c.by_number(&none[1].number).expect("number") as usize];
        let planned = (none[1].forecast - chrono::Duration::days(3))
            .and_hms_opt(17, 0, 0)
            .expect("time");
        let with = milestones(&c, &s, &HashMap::from([(id, planned)]));
        assert_eq!(with[1].variance_days, Some(3));
        assert_eq!(with[0].variance_days, None);
    }

    #[test]
    fn the_critical_path_ahead_leaves_out_what_is_done() {
        let (c, s) = plan(false);
        let path = critical_path(&c, &s);
        assert!(!path.is_empty() && path.len() <= CRITICAL_LINES);
        assert!(path.iter().all(|t| t.percent < 100));
        // The first phase is done: its tasks are not listed.
        assert!(!path.iter().any(|t| t.name == "Project charter"));
        assert!(path.windows(2).all(|w| w[0].start <= w[1].start));
    }
}
