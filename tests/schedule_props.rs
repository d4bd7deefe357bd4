//! Properties over random plans (random DAGs of tasks with every link
//! type, lags and leads, and optionally constraints). Native only: the
//! wasm build is checked against native results by `schedule_wasm.rs`.

#![cfg(not(target_arch = "wasm32"))]

use cairn::domain::schedule::{ConstraintKind, LinkKind, Plan, Schedule, Task, presets, schedule};
use chrono::{Duration, NaiveDateTime};
use proptest::prelude::*;

fn start() -> NaiveDateTime {
    NaiveDateTime::parse_from_str("2026-01-26 09:00", "%Y-%m-%d %H:%M").expect("date")
}

const KINDS: [LinkKind; 4] = LinkKind::ALL;

/// (durations in hours, links as (from, to, kind, lag in hours), constraints
/// as (task, kind, days after the start), a rotation of the task list).
type Raw = (
    Vec<i64>,
    Vec<(usize, usize, usize, i64)>,
    Vec<(usize, usize, i64)>,
    usize,
);

fn raw_plan(with_constraints: bool) -> impl Strategy<Value = Raw> {
    (1usize..40).prop_flat_map(move |n| {
        (
            prop::collection::vec(prop_oneof![Just(0i64), 1i64..40], n),
            prop::collection::vec((0..n, 0..n, 0usize..4, -24i64..40), 0..(n * 3)),
            prop::collection::vec(
                (0..n, 0usize..6, 0i64..30),
                0..if with_constraints { n } else { 1 },
            ),
            0..n,
        )
    })
}

/// Links go from the lower to the higher generated number, so the plan is
/// a DAG; the task list is then rotated, so that links also point
/// backwards in it and the engine has to sort.
fn build((hours, links, constraints, rotate): &Raw, with_constraints: bool) -> Plan {
    let n = hours.len();
    let at = |k: usize| ((k + rotate) % n) as u32;
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&k| at(k));
    let mut plan = Plan::new(start(), presets::china_mainland());
    for (i, h) in hours.iter().enumerate() {
        plan.add(Task::new(format!("T{i}"), h * 60));
    }
    for &(a, b, k, lag) in links {
        if a != b {
            plan.link(a.min(b) as u32, a.max(b) as u32, KINDS[k], lag * 60);
        }
    }
    if with_constraints {
        for &(t, k, days) in constraints {
            let date = start() + Duration::days(days);
            plan.tasks[t] = plan.tasks[t]
                .clone()
                .with_constraint(ConstraintKind::ALL[k], date);
        }
    }
    plan
}

fn holds(s: &Schedule, kind: LinkKind, p: u32, q: u32, lag: i64) -> (i64, i64) {
    let (pes, pef) = s.early_positions(p);
    let (qes, qef) = s.early_positions(q);
    match kind {
        LinkKind::FinishToStart => (qes, pef + lag),
        LinkKind::StartToStart => (qes, pes + lag),
        LinkKind::FinishToFinish => (qef, pef + lag),
        LinkKind::StartToFinish => (qef, pes + lag),
    }
}

fn check_links_and_floats(plan: &Plan, s: &Schedule) -> Result<(), TestCaseError> {
    for l in &plan.links {
        let (driven, bound) = holds(s, l.kind, l.predecessor, l.successor, l.lag_minutes);
        prop_assert!(driven >= bound, "link {l:?} broken: {driven} < {bound}");
    }
    if s.conflicts().is_empty() {
        for i in 0..plan.tasks.len() as u32 {
            let (es, ef) = s.early_positions(i);
            let (ls, lf) = s.late_positions(i);
            prop_assert!(
                es <= ls && ef <= lf,
                "task {i}: early {es}–{ef} late {ls}–{lf}"
            );
            prop_assert!(s.total_float(i) >= 0, "task {i} float {}", s.total_float(i));
            prop_assert!(s.free_float(i) >= 0 && s.free_float(i) <= s.total_float(i));
            prop_assert!(s.early_start(i) <= s.late_start(i));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn links_hold_and_early_is_never_after_late(raw in raw_plan(false)) {
        let plan = build(&raw, false);
        let s = schedule(&plan).expect("a DAG schedules");
        prop_assert!(s.conflicts().is_empty());
        check_links_and_floats(&plan, &s)?;
    }

    #[test]
    fn with_constraints_links_still_hold_and_float_is_not_negative_without_conflicts(
        raw in raw_plan(true)
    ) {
        let plan = build(&raw, true);
        let s = schedule(&plan).expect("a DAG schedules");
        check_links_and_floats(&plan, &s)?;
        // Every conflict reported is a constraint really not met.
        for c in s.conflicts() {
            let got = if c.kind.on_start() { s.start(c.task) } else { s.finish(c.task) };
            prop_assert_eq!(got, c.scheduled);
            prop_assert!(got != c.wanted);
            if matches!(c.kind, ConstraintKind::StartNoLaterThan | ConstraintKind::FinishNoLaterThan) {
                prop_assert!(got > c.wanted, "{c:?}");
            }
        }
    }

    /// A chain of critical tasks, each driving the next through a link
    /// that is exactly tight, runs from the project start to its finish.
    #[test]
    fn a_critical_chain_spans_the_project(raw in raw_plan(false)) {
        let plan = build(&raw, false);
        let s = schedule(&plan).expect("a DAG schedules");
        let n = plan.tasks.len();
        let (first, _) = s.early_positions(s.topological_order()[0]);
        let project_start = (0..n as u32).map(|i| s.early_positions(i).0).min().unwrap_or(first);
        let mut reached: Vec<bool> = (0..n as u32)
            .map(|i| s.is_critical(i) && s.early_positions(i).0 == project_start)
            .collect();
        for i in s.topological_order() {
            for l in plan.links.iter().filter(|l| l.successor == i) {
                let (driven, bound) = holds(&s, l.kind, l.predecessor, i, l.lag_minutes);
                if reached[l.predecessor as usize] && driven == bound && s.is_critical(i) {
                    reached[i as usize] = true;
                }
            }
        }
        let finish = s.finish_position();
        prop_assert!(
            (0..n).any(|i| reached[i] && s.early_positions(i as u32).1 == finish),
            "no critical chain reaches the finish"
        );
    }
}

/// (durations in hours, parent of each task as an offset back from it
/// (0 = none), links as (from, to, kind, lag in hours), start no earlier
/// than / finish no later than on tasks as (task, finish?, days)).
type RawTree = (
    Vec<i64>,
    Vec<usize>,
    Vec<(usize, usize, usize, i64)>,
    Vec<(usize, bool, i64)>,
);

fn raw_tree() -> impl Strategy<Value = RawTree> {
    (2usize..30).prop_flat_map(|n| {
        (
            prop::collection::vec(prop_oneof![Just(0i64), 1i64..40], n),
            prop::collection::vec(prop_oneof![Just(0usize), 1usize..4], n),
            prop::collection::vec((0..n, 0..n, 0usize..4, -16i64..24), 0..(n * 2)),
            prop::collection::vec((0..n, any::<bool>(), 0i64..20), 0..4),
        )
    })
}

/// A random tree (each task's parent comes before it) with links that
/// may start or end on summaries, as Project allows: a link into a
/// summary drives its start (FF/SF into a summary become FS).
fn build_tree((hours, back, links, constraints): &RawTree) -> Plan {
    let n = hours.len();
    let mut plan = Plan::new(start(), presets::china_mainland());
    for (i, h) in hours.iter().enumerate() {
        let mut t = Task::new(format!("T{i}"), h * 60);
        if back[i] > 0 && back[i] <= i {
            t.parent = Some((i - back[i]) as u32);
        }
        plan.add(t);
    }
    let summary: Vec<bool> = (0..n)
        .map(|i| plan.tasks.iter().any(|t| t.parent == Some(i as u32)))
        .collect();
    for &(a, b, k, lag) in links {
        if a != b {
            let (p, s) = (a.min(b), a.max(b));
            let kind = if summary[s] && KINDS[k].to_finish() {
                LinkKind::FinishToStart
            } else {
                KINDS[k]
            };
            plan.link(p as u32, s as u32, kind, lag * 60);
        }
    }
    for &(t, on_finish, days) in constraints {
        let kind = if on_finish {
            ConstraintKind::FinishNoLaterThan
        } else {
            ConstraintKind::StartNoEarlierThan
        };
        plan.tasks[t] = plan.tasks[t]
            .clone()
            .with_constraint(kind, start() + Duration::days(days));
    }
    plan
}

fn descendants(plan: &Plan, i: u32) -> Vec<u32> {
    let mut out = Vec::new();
    let mut stack = vec![i];
    while let Some(t) = stack.pop() {
        for (c, task) in plan.tasks.iter().enumerate() {
            if task.parent == Some(t) {
                out.push(c as u32);
                stack.push(c as u32);
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// Links on summaries hold for their subtasks: a link into a summary
    /// for every subtask's start, a link out of one from its rolled-up
    /// dates; floats stay consistent. A loop, when there is one, is a real
    /// chain of links and summary–subtask ties.
    #[test]
    fn links_on_summaries_hold_for_their_subtasks(raw in raw_tree()) {
        let plan = build_tree(&raw);
        let s = match schedule(&plan) {
            Ok(s) => s,
            Err(cairn::domain::schedule::ScheduleError::Cycle { tasks, .. }) => {
                prop_assert_eq!(tasks.first(), tasks.last());
                for w in tasks.windows(2) {
                    let (a, b) = (w[0], w[1]);
                    let linked = plan.links.iter().any(|l| l.predecessor == a && l.successor == b);
                    let tied = plan.tasks[b as usize].parent == Some(a)
                        || plan.tasks[a as usize].parent == Some(b);
                    prop_assert!(linked || tied, "{a} → {b} is no dependency: {tasks:?}");
                }
                return Ok(());
            }
            Err(e) => return Err(TestCaseError::fail(format!("{e}"))),
        };
        for l in &plan.links {
            let (driven, bound) = holds(&s, l.kind, l.predecessor, l.successor, l.lag_minutes);
            prop_assert!(driven >= bound, "link {l:?} broken: {driven} < {bound}");
            if s.is_summary(l.successor) {
                for c in descendants(&plan, l.successor) {
                    let (driven, bound) = holds(&s, l.kind, l.predecessor, c, l.lag_minutes);
                    prop_assert!(driven >= bound, "link {l:?} broken for subtask {c}");
                }
            }
        }
        for (i, t) in plan.tasks.iter().enumerate() {
            if let Some(c) = t.constraint.filter(|c| c.kind == ConstraintKind::StartNoEarlierThan) {
                for d in descendants(&plan, i as u32) {
                    prop_assert!(s.start(d) >= c.date, "subtask {d} starts before {:?}", c.date);
                }
            }
        }
        if s.conflicts().is_empty() {
            for i in 0..plan.tasks.len() as u32 {
                let (es, ef) = s.early_positions(i);
                let (ls, lf) = s.late_positions(i);
                prop_assert!(es <= ls && ef <= lf, "task {i}: early {es}–{ef} late {ls}–{lf}");
                prop_assert!(s.free_float(i) >= 0 && s.free_float(i) <= s.total_float(i),
                    "task {i}: free {} total {}", s.free_float(i), s.total_float(i));
            }
        }
    }
}
