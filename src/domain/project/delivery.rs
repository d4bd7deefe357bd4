//! The delivery project as the CRM sees it, beside the deal and the
//! account: the forecast go-live, how far along it is, its health and
//! why — and the notice the owners get when the go-live slips.
//!
//! Until costs are entered, earned value is weighed in working time (a
//! task's budget is its duration): SPI still says whether the work done
//! keeps up with the plan, and CPI stays empty (nothing was spent).

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use super::compute::{self, Compiled};
use super::evm::{Earned, TaskCost};
use super::health::{self, Cause, Health, Progress};
use super::model::{CalendarKey, Person, ProjectStatus};
use crate::domain::Language;
use crate::domain::customer::Named;
use crate::domain::schedule::Schedule;

/// Days the forecast go-live may move later before the owners are told
/// (what an admin has not changed).
pub const SLIP_THRESHOLD_DAYS: i64 = 5;

/// The slip threshold an admin sets (a setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlipSettings {
    pub threshold_days: i64,
}

impl SlipSettings {
    /// 0 (tell of any slip) to 365 days.
    pub fn validated(self) -> crate::domain::AppResult<SlipSettings> {
        if !(0..=365).contains(&self.threshold_days) {
            return Err(crate::domain::AppError::invalid(
                "threshold_days",
                "must be 0 to 365 days",
            ));
        }
        Ok(self)
    }
}

impl Default for SlipSettings {
    fn default() -> Self {
        SlipSettings {
            threshold_days: SLIP_THRESHOLD_DAYS,
        }
    }
}

/// One delivery project, for a deal's or an account's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Delivery {
    pub project_id: i64,
    pub name: String,
    pub status: ProjectStatus,
    pub manager_name: String,
    pub deal_id: Option<i64>,
    /// The go-live milestone's scheduled finish (the project's finish
    /// when the plan has no go-live milestone).
    pub go_live: Option<NaiveDate>,
    /// Whether `go_live` is a milestone's (else the project's finish).
    pub go_live_is_milestone: bool,
    pub percent_complete: u8,
    pub health: Health,
    pub causes: Vec<Cause>,
    pub spi: Option<f64>,
    pub cpi: Option<f64>,
}

/// "Start the delivery project" for a won deal: the project links the
/// deal and its account; the start defaults to the deal's close date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartProject {
    pub deal_id: i64,
    /// `None`: an empty plan.
    pub template_id: Option<i64>,
    pub name: String,
    pub start: NaiveDate,
    /// `None`: the caller manages it (they must be able to).
    pub manager_id: Option<i64>,
    pub calendar: CalendarKey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateChoice {
    pub id: i64,
    pub name: String,
    pub builtin: bool,
}

/// What the "start the delivery project" form offers for one deal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StartOffer {
    pub deal_id: i64,
    pub title: String,
    pub account: Option<Named>,
    pub won: bool,
    /// The deal's close date, else today.
    pub start: NaiveDate,
    /// Templates in the reader's language, built-in first.
    pub templates: Vec<TemplateChoice>,
    /// People who can manage a project (its manager edits the plan).
    pub managers: Vec<Person>,
    /// The caller when they can manage projects.
    pub manager_id: Option<i64>,
    /// The deal's delivery project, when it has one already.
    pub project: Option<Named>,
}

/// The scheduled finish of task `go_live` (a stored id) when it is in
/// the plan, else the project's finish; and whether it was the task's.
pub fn go_live(c: &Compiled, s: &Schedule, go_live: Option<i64>) -> (Option<NaiveDate>, bool) {
    if let Some(&i) = go_live.and_then(|id| c.ix.get(&id)) {
        return (Some(s.finish(i).date()), true);
    }
    let finish = (0..c.len() as u32).map(|i| s.finish(i).date()).max();
    (finish, false)
}

/// Health at `status`: late tasks (critical or not), and the indices of
/// `money` — the project's earned value in money, once tasks have
/// budgets (`costs::table`) — else SPI weighed in working time.
pub fn assess(
    c: &Compiled,
    s: &Schedule,
    status: NaiveDate,
    money: Option<Earned>,
) -> (Health, Vec<Cause>, Earned) {
    let at = status.and_time(NaiveTime::MIN);
    let mut clock = super::costs::Clock::new(c, s);
    let mut tasks = Vec::new();
    let mut parts = Vec::new();
    for i in 0..c.len() as u32 {
        if c.summary[i as usize] {
            continue;
        }
        let t = compute::scheduled(c, s, i);
        tasks.push(Progress {
            finish: t.finish.date(),
            percent_complete: t.percent,
            critical: t.critical,
        });
        parts.push(Earned::of(&TaskCost {
            budget: c.plan.tasks[i as usize].duration_minutes,
            planned_share: clock.planned_by(&t, at),
            percent_complete: t.percent.round().clamp(0.0, 100.0) as u8,
            actual: 0,
        }));
    }
    let earned = money.unwrap_or_else(|| Earned::sum(&parts));
    let (h, causes) = health::assess(&tasks, &earned, status);
    (h, causes, earned)
}

/// The in-app notice of a slip, in the reader's language: (title, body).
pub fn slip_notice(
    language: Language,
    project: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> (String, String) {
    let days = (to - from).num_days();
    match language {
        Language::En => (
            format!("Go-live slipped: {project}"),
            format!("The forecast go-live moved from {from} to {to} ({days} days later)."),
        ),
        Language::ZhCn => (
            format!("上线日期推迟：{project}"),
            format!("预计上线日期由 {from} 推迟至 {to}（晚 {days} 天）。"),
        ),
    }
}

/// The in-app notice that a deal was won with no delivery project yet.
pub fn won_notice(language: Language, deal: &str) -> (String, String) {
    match language {
        Language::En => (
            format!("Deal won: {deal}"),
            "Start its delivery project from a template.".to_owned(),
        ),
        Language::ZhCn => (
            format!("商机赢单：{deal}"),
            "可从模板创建交付项目。".to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::template::crm_implementation;
    use crate::domain::project::{ProjectState, compile};
    use crate::domain::schedule::{Scheduler, presets};

    fn plan(progress: Option<usize>) -> (Compiled, Schedule, Option<i64>, NaiveDate) {
        let built = crm_implementation(&[], progress, Language::En);
        let mut st = ProjectState::default();
        st.apply_all(&built.changes).expect("applies");
        let start = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
        let c = compile(&st, start, &presets::standard()).expect("compiles");
        let s = compute::run(&mut Scheduler::default(), &c).expect("schedules");
        (c, s, built.go_live, start)
    }

    #[test]
    fn the_go_live_is_the_milestone_else_the_finish() {
        let (c, s, live, _) = plan(None);
        let (with, is_milestone) = go_live(&c, &s, live);
        let (without, not_milestone) = go_live(&c, &s, None);
        assert!(is_milestone && !not_milestone);
        // Hypercare and closeout come after the go-live.
        assert!(with.expect("a date") < without.expect("a date"));
        // A go-live task that is no longer in the plan: the finish.
        assert_eq!(go_live(&c, &s, Some(987_654)), (without, false));
    }

    #[test]
    fn a_plan_on_time_is_on_track_and_one_behind_is_off_track() {
        let (c, s, _, start) = plan(None);
        // On the first day nothing is late and nothing was due.
        let (h, causes, earned) = assess(&c, &s, start, None);
        assert_eq!(h, Health::OnTrack, "{causes:?}");
        assert_eq!(earned.pv, 0);
        // Six weeks in with nothing done: critical tasks are late, SPI 0.
        let (h, causes, earned) = assess(&c, &s, start + chrono::Duration::weeks(6), None);
        assert_eq!(h, Health::OffTrack);
        assert!(matches!(causes[0], Cause::CriticalTaskLate { .. }));
        assert_eq!(earned.ev, 0);
        assert!(earned.pv > 0);
        assert!(
            causes
                .iter()
                .any(|c| matches!(c, Cause::Schedule { spi } if *spi == 0.0))
        );
    }

    #[test]
    fn progress_earns_value_in_working_time() {
        // Three phases done and the fourth begun, read on the day the
        // plan started: more earned than planned, so no schedule cause.
        let (c, s, _, start) = plan(Some(3));
        let (h, _, earned) = assess(&c, &s, start, None);
        assert!(earned.ev > 0 && earned.pv == 0);
        assert_eq!(h, Health::OnTrack);
        assert_eq!(earned.bac, {
            let b: i64 = (0..c.len())
                .filter(|&i| !c.summary[i])
                .map(|i| c.plan.tasks[i].duration_minutes)
                .sum();
            b
        });
    }

    #[test]
    fn once_costs_are_entered_health_weighs_money() {
        let (c, s, _, start) = plan(Some(3));
        // On schedule in money, but 2,000 spent for 1,500 earned: CPI 0.75.
        let money = Earned {
            bac: 10_000,
            pv: 1_500,
            ev: 1_500,
            ac: 2_000,
        };
        let (h, causes, earned) = assess(&c, &s, start, Some(money));
        assert_eq!(earned, money);
        assert_eq!(h, Health::OffTrack);
        assert_eq!(causes, [Cause::Cost { cpi: 0.75 }]);
    }

    #[test]
    fn notices_read_in_the_readers_language() {
        let d = |day| NaiveDate::from_ymd_opt(2027, 5, day).expect("date");
        let (t, b) = slip_notice(Language::En, "Acme rollout", d(3), d(13));
        assert_eq!(t, "Go-live slipped: Acme rollout");
        assert_eq!(
            b,
            "The forecast go-live moved from 2027-05-03 to 2027-05-13 (10 days later)."
        );
        let (t, b) = slip_notice(Language::ZhCn, "云杉", d(3), d(13));
        assert_eq!(t, "上线日期推迟：云杉");
        assert!(b.contains("晚 10 天"));
        assert_eq!(won_notice(Language::En, "Big deal").0, "Deal won: Big deal");
    }
}
