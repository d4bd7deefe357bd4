//! From rows to a schedule: the tree in grid order, the engine's plan,
//! and the figures a list shows. Used identically by the browser (every
//! frame of a drag) and by the server (every save).

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::model::PersonCalendar;
use super::state::ProjectState;
use crate::domain::AppError;
use crate::domain::schedule::{
    Calendar, Link, Plan, ResourceSpan, Schedule, ScheduleError, Scheduler, Task, TaskIx,
};

/// A plan ready for the engine. Task index `i` is the `i`-th row of the
/// grid (parents before children, siblings in order), so the grid, the
/// chart and the engine share one numbering.
#[derive(Debug, Clone)]
pub struct Compiled {
    pub plan: Plan,
    /// Task index → stored id.
    pub ids: Vec<i64>,
    /// Stored id → task index.
    pub ix: HashMap<i64, TaskIx>,
    /// Outline numbers ("1.2.3") by task index.
    pub numbers: Vec<String>,
    /// Nesting depth by task index (0 at the top).
    pub depth: Vec<u16>,
    /// Whether a task has subtasks, by task index.
    pub summary: Vec<bool>,
    /// Live link ids, in `plan.links` order.
    pub link_ids: Vec<i64>,
}

impl Compiled {
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The task index of an outline number, as typed in the grid.
    pub fn by_number(&self, number: &str) -> Option<TaskIx> {
        self.numbers
            .iter()
            .position(|n| n == number)
            .map(|i| i as TaskIx)
    }
}

/// Compiles the live rows. Fails only on a broken tree (which
/// [`ProjectState::apply`] never makes).
pub fn compile(
    state: &ProjectState,
    start: NaiveDate,
    calendar: &Calendar,
) -> Result<Compiled, AppError> {
    compile_with(state, start, calendar, &[])
}

/// [`compile`] where some people work on calendars of their own (Project's
/// resource calendars). A task with such a person assigned runs its
/// duration on each assignee's calendar — their own, else the project's —
/// and finishes when the last of them does; Project does the same for a
/// fixed-units task, whose every assignment's work ÷ units is its
/// duration. Summaries and milestones are unaffected.
pub fn compile_with(
    state: &ProjectState,
    start: NaiveDate,
    calendar: &Calendar,
    people: &[PersonCalendar],
) -> Result<Compiled, AppError> {
    // Index into `plan.resource_calendars`, filled on first use: a plan
    // where nobody on an own calendar is assigned schedules as before.
    let mut own: HashMap<i64, (usize, Option<u32>)> = people
        .iter()
        .enumerate()
        .map(|(k, p)| (p.user_id, (k, None)))
        .collect();
    let mut project_ix: Option<u32> = None;
    let mut kids: HashMap<Option<i64>, Vec<&crate::domain::project::TaskRow>> = HashMap::new();
    for t in state.live_tasks() {
        kids.entry(t.parent).or_default().push(t);
    }
    for v in kids.values_mut() {
        v.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.id.cmp(&b.id)));
    }
    let mut plan = Plan::new(start.and_time(chrono::NaiveTime::MIN), calendar.clone());
    let n = state.live_tasks().count();
    let mut ids = Vec::with_capacity(n);
    let mut ix = HashMap::with_capacity(n);
    let mut numbers = Vec::with_capacity(n);
    let mut depth = Vec::with_capacity(n);
    let mut summary = Vec::with_capacity(n);
    // (task, parent index, outline number, depth), top of stack first.
    let mut stack: Vec<(
        &crate::domain::project::TaskRow,
        Option<TaskIx>,
        String,
        u16,
    )> = kids
        .get(&None)
        .map(|v| {
            v.iter()
                .enumerate()
                .rev()
                .map(|(k, t)| (*t, None, (k + 1).to_string(), 0))
                .collect()
        })
        .unwrap_or_default();
    while let Some((t, parent, number, d)) = stack.pop() {
        let children = kids.get(&Some(t.id));
        let is_summary = children.is_some_and(|c| !c.is_empty());
        let mut resource_spans = Vec::new();
        if !is_summary
            && t.duration_minutes > 0
            && t.assignments.iter().any(|a| own.contains_key(&a.user_id))
        {
            for a in t.assignments.iter().filter(|a| a.units > 0) {
                let calendar_ix = match own.get_mut(&a.user_id) {
                    Some((k, slot)) => *slot.get_or_insert_with(|| {
                        plan.resource_calendars.push(people[*k].calendar.clone());
                        (plan.resource_calendars.len() - 1) as u32
                    }),
                    None => *project_ix.get_or_insert_with(|| {
                        plan.resource_calendars.push(calendar.clone());
                        (plan.resource_calendars.len() - 1) as u32
                    }),
                };
                resource_spans.push(ResourceSpan {
                    calendar: calendar_ix,
                    minutes: t.duration_minutes,
                });
            }
        }
        let i = plan.add(Task {
            name: t.name.clone(),
            parent,
            duration_minutes: t.duration_minutes,
            milestone: t.duration_minutes == 0,
            percent_complete: t.percent_complete,
            work_minutes: if is_summary {
                0
            } else {
                super::costs::work_minutes(&t.assignments, t.duration_minutes)
            },
            constraint: t.constraint,
            resource_spans,
        });
        ids.push(t.id);
        ix.insert(t.id, i);
        summary.push(is_summary);
        if let Some(c) = children {
            for (k, ct) in c.iter().enumerate().rev() {
                stack.push((ct, Some(i), format!("{number}.{}", k + 1), d + 1));
            }
        }
        numbers.push(number);
        depth.push(d);
    }
    if ids.len() != n {
        return Err(AppError::invalid(
            "parent",
            "some tasks hang under a missing parent",
        ));
    }
    let mut link_ids = Vec::new();
    for l in state.live_links() {
        let (Some(&p), Some(&s)) = (ix.get(&l.predecessor), ix.get(&l.successor)) else {
            continue;
        };
        plan.links.push(Link {
            predecessor: p,
            successor: s,
            kind: l.kind,
            lag_minutes: l.lag_minutes,
        });
        link_ids.push(l.id);
    }
    Ok(Compiled {
        plan,
        ids,
        ix,
        numbers,
        depth,
        summary,
        link_ids,
    })
}

/// An engine refusal as the field it concerns and a sentence.
pub fn schedule_error(e: ScheduleError) -> AppError {
    let field = match e {
        ScheduleError::Cycle { .. }
        | ScheduleError::SelfLink(_)
        | ScheduleError::SummaryFinishLink(_) => "predecessors",
        ScheduleError::SummaryConstraint(_) | ScheduleError::BeforeCalendar(_) => "constraint",
        ScheduleError::NegativeDuration(_) => "duration",
        _ => "schedule",
    };
    AppError::invalid(field, e.to_string())
}

/// Schedules a compiled plan.
pub fn run(scheduler: &mut Scheduler, c: &Compiled) -> Result<Schedule, AppError> {
    scheduler.schedule(&c.plan).map_err(schedule_error)
}

/// A task's place on the chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScheduledTask {
    pub start: NaiveDateTime,
    pub finish: NaiveDateTime,
    pub critical: bool,
    pub summary: bool,
    pub milestone: bool,
    /// 0–100 (rolled up on summaries).
    pub percent: f64,
    /// Working minutes of total float.
    pub total_float: i64,
}

pub fn scheduled(c: &Compiled, s: &Schedule, i: TaskIx) -> ScheduledTask {
    let t = &c.plan.tasks[i as usize];
    let summary = c.summary[i as usize];
    ScheduledTask {
        start: s.start(i),
        finish: s.finish(i),
        critical: s.is_critical(i),
        summary,
        milestone: !summary && t.duration_minutes == 0,
        percent: s
            .rollup(i)
            .map(|r| r.percent_complete)
            .unwrap_or(f64::from(t.percent_complete)),
        total_float: s.total_float(i),
    }
}

/// A fingerprint of every task's dates. The server sends its own with
/// each answer; the browser compares it with the one of its preview,
/// which proves the two engines agreed (FNV-1a: stable across builds and
/// targets, unlike the standard hasher).
pub fn digest(c: &Compiled, s: &Schedule) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |v: i64| {
        for b in v.to_le_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (i, &id) in c.ids.iter().enumerate() {
        eat(id);
        eat(s.start(i as TaskIx).and_utc().timestamp());
        eat(s.finish(i as TaskIx).and_utc().timestamp());
    }
    h
}

/// What the project list shows of a schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub finish: Option<NaiveDate>,
    pub percent_complete: u8,
    pub critical_late: bool,
    pub task_count: u32,
}

/// Progress weighted by duration over the tasks that are not summaries
/// (a plain mean when they are all milestones); late when a critical
/// task is unfinished after its scheduled finish.
pub fn totals(c: &Compiled, s: &Schedule, today: NaiveDate) -> Totals {
    let (mut weighted, mut weight, mut plain, mut leaves) = (0.0, 0.0, 0.0, 0u32);
    let mut critical_late = false;
    for i in 0..c.len() {
        if c.summary[i] {
            continue;
        }
        let t = &c.plan.tasks[i];
        let pct = f64::from(t.percent_complete);
        leaves += 1;
        plain += pct;
        weighted += pct * t.duration_minutes as f64;
        weight += t.duration_minutes as f64;
        let ix = i as TaskIx;
        if s.is_critical(ix) && t.percent_complete < 100 && s.finish(ix).date() < today {
            critical_late = true;
        }
    }
    let percent = if weight > 0.0 {
        weighted / weight
    } else if leaves > 0 {
        plain / f64::from(leaves)
    } else {
        0.0
    };
    Totals {
        finish: (!c.is_empty()).then(|| s.project_finish().date()),
        percent_complete: percent.round().clamp(0.0, 100.0) as u8,
        critical_late,
        task_count: c.len() as u32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::{Change, TaskRow};
    use crate::domain::schedule::{LinkKind, presets};

    fn row(id: i64, parent: Option<i64>, rank: &str, minutes: i64) -> TaskRow {
        TaskRow {
            id,
            version: 1,
            parent,
            rank: rank.into(),
            name: format!("T{id}"),
            duration_minutes: minutes,
            percent_complete: 0,
            constraint: None,
            assignments: Vec::new(),
            deleted: false,
        }
    }

    fn monday() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).expect("date")
    }

    #[test]
    fn grid_order_follows_tree_and_ranks() {
        let s = ProjectState::new(
            vec![
                row(5, None, "90", 480),
                row(6, Some(5), "90", 480),
                row(7, Some(5), "80", 480),
                row(8, None, "80", 480),
            ],
            vec![],
        );
        let c = compile(&s, monday(), &presets::standard()).expect("compiles");
        assert_eq!(c.ids, [8, 5, 7, 6]);
        assert_eq!(c.numbers, ["1", "2", "2.1", "2.2"]);
        assert_eq!(c.depth, [0, 0, 1, 1]);
        assert_eq!(c.summary, [false, true, false, false]);
    }

    /// Ann (user 7) is off on Tuesday 3 March; Bo (8) works the project's
    /// calendar. A two-day task with both runs Monday and Wednesday for
    /// Ann and ends Wednesday evening; Bo's task alone ends Tuesday; a
    /// summary and a milestone are not stretched.
    #[test]
    fn a_person_on_their_own_calendar_stretches_their_tasks() {
        use crate::domain::project::Assignment;
        use crate::domain::schedule::{CalendarException, DayHours};
        let standard = presets::standard();
        let ann = Calendar::new(
            "Ann",
            standard.week.clone(),
            vec![CalendarException {
                date: NaiveDate::from_ymd_opt(2026, 3, 3).expect("date"),
                hours: DayHours::off(),
                name: "Leave".into(),
            }],
            480,
        )
        .expect("calendar");
        let people = [PersonCalendar {
            user_id: 7,
            calendar: ann,
        }];
        let with = |mut t: TaskRow, who: &[(i64, u16)]| {
            t.assignments = who
                .iter()
                .map(|&(user_id, units)| Assignment { user_id, units })
                .collect();
            t
        };
        let s = ProjectState::new(
            vec![
                with(row(1, None, "80", 0), &[(7, 100)]),
                with(row(2, Some(1), "80", 960), &[(7, 100), (8, 50)]),
                with(row(3, Some(1), "90", 960), &[(8, 100)]),
                with(row(4, Some(1), "95", 0), &[(7, 100)]),
            ],
            vec![],
        );
        let at = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2026, 3, d)
                .and_then(|d| d.and_hms_opt(h, 0, 0))
                .expect("time")
        };
        let c = compile_with(&s, monday(), &standard, &people).expect("compiles");
        assert_eq!(
            c.plan.resource_calendars.len(),
            2,
            "Ann's and the project's"
        );
        let sch = run(&mut Scheduler::default(), &c).expect("schedules");
        let finish = |id: i64| sch.finish(c.ix[&id]);
        assert_eq!(finish(2), at(4, 17), "Ann's day off moves her task");
        assert_eq!(finish(3), at(3, 17));
        assert_eq!(finish(4), at(2, 8), "a milestone stays put");
        assert_eq!(finish(1), at(4, 17), "the summary rolls up, no more");
        // Without the person's calendar, the plan is as before.
        let plain = compile(&s, monday(), &standard).expect("compiles");
        assert!(plain.plan.resource_calendars.is_empty());
        let sch = run(&mut Scheduler::default(), &plain).expect("schedules");
        assert_eq!(sch.finish(plain.ix[&2]), at(3, 17));
    }

    #[test]
    fn a_loop_is_refused_naming_its_tasks() {
        let mut s = ProjectState::new(
            vec![row(1, None, "80", 480), row(2, None, "90", 480)],
            vec![],
        );
        for (temp, p, q) in [(-1, 1, 2), (-2, 2, 1)] {
            s.apply(&Change::AddLink {
                temp,
                predecessor: p,
                successor: q,
                kind: LinkKind::FinishToStart,
                lag_minutes: 0,
            })
            .expect("link");
        }
        let c = compile(&s, monday(), &presets::standard()).expect("compiles");
        let e = run(&mut Scheduler::default(), &c).expect_err("loop");
        assert!(
            matches!(e, AppError::Validation { ref field, ref reason } if field == "predecessors" && reason.contains("T1") && reason.contains("T2"))
        );
    }

    #[test]
    fn digest_and_totals_follow_the_dates() {
        let mut s = ProjectState::new(
            vec![row(1, None, "80", 480), row(2, None, "90", 960)],
            vec![],
        );
        s.apply(&Change::AddLink {
            temp: -1,
            predecessor: 1,
            successor: 2,
            kind: LinkKind::FinishToStart,
            lag_minutes: 0,
        })
        .expect("link");
        let cal = presets::standard();
        let c = compile(&s, monday(), &cal).expect("compiles");
        let sch = run(&mut Scheduler::default(), &c).expect("schedules");
        let d1 = digest(&c, &sch);
        let t = totals(
            &c,
            &sch,
            NaiveDate::from_ymd_opt(2026, 3, 10).expect("date"),
        );
        assert_eq!(t.finish, NaiveDate::from_ymd_opt(2026, 3, 4));
        assert!(t.critical_late);
        assert_eq!(t.percent_complete, 0);
        s.apply(&Change::EditTask {
            id: 1,
            version: 1,
            field: crate::domain::project::TaskField::Duration(960),
        })
        .expect("edit");
        let c2 = compile(&s, monday(), &cal).expect("compiles");
        let sch2 = run(&mut Scheduler::default(), &c2).expect("schedules");
        assert_ne!(digest(&c2, &sch2), d1);
        assert_eq!(digest(&c, &sch), d1);
    }
}
