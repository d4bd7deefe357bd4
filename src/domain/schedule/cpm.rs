//! The critical path method.
//!
//! 1. Check the plan (indices, no links on summaries, no self-links) and
//!    put the links in compressed adjacency lists.
//! 2. Topological order (Kahn). Tasks left over lie on or behind a loop;
//!    one loop is traced and refused, naming its tasks in order.
//! 3. Forward pass: early start/finish. Every date is a working-minute
//!    position (see [`super::calendar`]), so a link with a lag is one
//!    addition. Start no earlier than / must start on raise the early
//!    start; finish no earlier than / must finish on raise the early
//!    finish. Links always hold: a constraint they break is reported.
//! 4. Backward pass from the project finish: late start/finish, lowered
//!    by start/finish no later than and the must-… constraints.
//! 5. Total float (late − early), free float (how far a task can slip
//!    before it moves a successor or the project finish), critical when
//!    total float ≤ 0. Summary tasks are rolled up ([`super::rollup`]).
//!
//! Everything is recomputed on every call: on 100,000 tasks this takes a
//! few milliseconds, so no incremental bookkeeping is kept.

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::calendar::{Side, WorkTable};
use super::error::ScheduleError;
use super::model::{ConstraintKind, LinkKind, Plan, TaskIx};
use super::outline::Outline;
use super::rollup;

/// A constraint the schedule could not honour, because the links (or the
/// project start) push the task past it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConstraintConflict {
    pub task: TaskIx,
    pub kind: ConstraintKind,
    pub wanted: NaiveDateTime,
    /// The start (for start constraints) or finish the links allow.
    pub scheduled: NaiveDateTime,
}

/// The computed schedule. Dates are held as working-minute positions with
/// the side they are shown on; the accessors turn them into instants, so
/// the browser only pays for the rows it shows.
#[derive(Debug, Clone)]
pub struct Schedule {
    table: WorkTable,
    pub(super) es: Vec<i64>,
    pub(super) ef: Vec<i64>,
    pub(super) ls: Vec<i64>,
    pub(super) lf: Vec<i64>,
    /// Bit set = shown on [`Side::Finish`]: 1 ES, 2 EF, 4 LS, 8 LF.
    pub(super) sides: Vec<u8>,
    pub(super) total_float: Vec<i64>,
    pub(super) free_float: Vec<i64>,
    pub(super) summary: Vec<bool>,
    pub(super) work: Vec<i64>,
    pub(super) percent: Vec<f64>,
    pub(super) order: Vec<TaskIx>,
    conflicts: Vec<ConstraintConflict>,
    start: i64,
    finish: i64,
    finish_side: Side,
}

pub(super) const ES: u8 = 1;
pub(super) const EF: u8 = 2;
pub(super) const LS: u8 = 4;
pub(super) const LF: u8 = 8;

pub(super) fn side_of(bits: u8, which: u8) -> Side {
    if bits & which != 0 {
        Side::Finish
    } else {
        Side::Start
    }
}

fn bit(side: Side, which: u8) -> u8 {
    match side {
        Side::Start => 0,
        Side::Finish => which,
    }
}

/// On equal positions, the side shown later (Monday 08:00 over Friday
/// 17:00) wins a maximum and the side shown earlier wins a minimum.
fn later(a: (i64, Side), b: (i64, Side)) -> (i64, Side) {
    if b.0 > a.0 || (b.0 == a.0 && b.1 == Side::Start) {
        b
    } else {
        a
    }
}

#[derive(Clone, Copy)]
struct Edge {
    other: TaskIx,
    kind: LinkKind,
    lag: i64,
}

/// Adjacency in compressed rows: the edges of task `i` are
/// `edges[start[i]..start[i + 1]]`.
struct Adjacency {
    start: Vec<u32>,
    edges: Vec<Edge>,
}

impl Adjacency {
    fn build(n: usize, links: impl Iterator<Item = (TaskIx, Edge)> + Clone) -> Self {
        let mut start = vec![0u32; n + 1];
        for (i, _) in links.clone() {
            start[i as usize + 1] += 1;
        }
        for i in 0..n {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let filler = Edge {
            other: 0,
            kind: LinkKind::FinishToStart,
            lag: 0,
        };
        let mut edges = vec![filler; start[n] as usize];
        for (i, e) in links {
            edges[fill[i as usize] as usize] = e;
            fill[i as usize] += 1;
        }
        Adjacency { start, edges }
    }

    fn of(&self, i: usize) -> &[Edge] {
        &self.edges[self.start[i] as usize..self.start[i + 1] as usize]
    }
}

/// Tables for the resource calendars, built only when a task uses one.
struct Spans {
    tables: Vec<WorkTable>,
}

impl Spans {
    /// The finish of task `i` started at `es`, on the latest of its
    /// resources' calendars, as a position on the plan's calendar.
    fn finish(
        &mut self,
        plan: &Plan,
        table: &mut WorkTable,
        i: usize,
        es: i64,
    ) -> Result<(i64, Side), ScheduleError> {
        let from = table.instant_covering(es, Side::Start)?;
        let mut until = from;
        for s in &plan.tasks[i].resource_spans {
            let t = &mut self.tables[s.calendar as usize];
            let w = t.position(from)? + s.minutes;
            until = until.max(t.instant_covering(w, Side::Finish)?);
        }
        let w = table.position(until)?;
        let side = if table.instant_covering(w, Side::Start)? == until {
            Side::Start
        } else {
            Side::Finish
        };
        Ok((w, side))
    }

    /// The latest start of task `i` that finishes by `lf`.
    fn start(
        &mut self,
        plan: &Plan,
        table: &mut WorkTable,
        i: usize,
        lf: (i64, Side),
    ) -> Result<i64, ScheduleError> {
        let until = table.instant_covering(lf.0, lf.1)?;
        let mut from = until;
        for s in &plan.tasks[i].resource_spans {
            let t = &mut self.tables[s.calendar as usize];
            let w = t.position(until)? - s.minutes;
            if w >= 0 {
                from = from.min(t.instant_covering(w, Side::Start)?);
            } else {
                from = t.origin().and_time(chrono::NaiveTime::MIN);
            }
        }
        table.position(from)
    }
}

/// Schedules `plan`. Fails only on a malformed plan or a dependency loop;
/// unmet constraints are in [`Schedule::conflicts`].
pub fn schedule(plan: &Plan) -> Result<Schedule, ScheduleError> {
    let n = plan.tasks.len();
    let outline = Outline::new(&plan.tasks)?;
    let summary: Vec<bool> = (0..n).map(|i| outline.is_summary(i as TaskIx)).collect();
    for (i, t) in plan.tasks.iter().enumerate() {
        if t.duration_minutes < 0 {
            return Err(ScheduleError::NegativeDuration(t.name.clone()));
        }
        if summary[i] && t.constraint.is_some() {
            return Err(ScheduleError::SummaryScheduled(t.name.clone()));
        }
        if let Some(s) = t
            .resource_spans
            .iter()
            .find(|s| s.calendar as usize >= plan.resource_calendars.len() || s.minutes < 0)
        {
            return Err(ScheduleError::InvalidCalendar(format!(
                "\"{}\" names resource calendar {} with {} minutes",
                t.name, s.calendar, s.minutes
            )));
        }
    }
    for l in &plan.links {
        for end in [l.predecessor, l.successor] {
            if end as usize >= n {
                return Err(ScheduleError::UnknownTask(end));
            }
            if summary[end as usize] {
                return Err(ScheduleError::SummaryScheduled(
                    plan.tasks[end as usize].name.clone(),
                ));
            }
        }
        if l.predecessor == l.successor {
            return Err(ScheduleError::SelfLink(
                plan.tasks[l.predecessor as usize].name.clone(),
            ));
        }
    }

    let preds = Adjacency::build(
        n,
        plan.links.iter().map(|l| {
            (
                l.successor,
                Edge {
                    other: l.predecessor,
                    kind: l.kind,
                    lag: l.lag_minutes,
                },
            )
        }),
    );
    let succs = Adjacency::build(
        n,
        plan.links.iter().map(|l| {
            (
                l.predecessor,
                Edge {
                    other: l.successor,
                    kind: l.kind,
                    lag: l.lag_minutes,
                },
            )
        }),
    );
    let order = topological_order(plan, &preds, &succs)?;

    // The table starts a year before anything dated, so that late dates
    // pushed before the start by negative float can still be shown.
    let earliest = plan
        .tasks
        .iter()
        .filter_map(|t| t.constraint.map(|c| c.date))
        .fold(plan.start, NaiveDateTime::min);
    let origin = earliest.date() - Duration::days(366);
    let mut table = WorkTable::new(&plan.calendar, origin);
    let mut spans = Spans {
        tables: plan
            .resource_calendars
            .iter()
            .map(|c| WorkTable::new(c, origin))
            .collect(),
    };
    let start = table.position(plan.start)?;
    let mut constraint_w = vec![0i64; n];
    for (i, t) in plan.tasks.iter().enumerate() {
        if let Some(c) = t.constraint {
            constraint_w[i] = table.position(c.date)?;
        }
    }

    let mut es = vec![0i64; n];
    let mut ef = vec![0i64; n];
    let mut sides = vec![0u8; n];
    let mut conflicts = Vec::new();

    // Forward pass.
    for &i in &order {
        let i = i as usize;
        if summary[i] {
            continue;
        }
        let task = &plan.tasks[i];
        let dur = task.duration_minutes;
        let mut s = (start, Side::Start);
        let mut f = (i64::MIN, Side::Finish);
        for e in preds.of(i) {
            let p = e.other as usize;
            let v = if e.kind.from_finish() {
                (ef[p] + e.lag, side_of(sides[p], EF))
            } else {
                (es[p] + e.lag, side_of(sides[p], ES))
            };
            if e.kind.to_finish() {
                if v.0 > f.0 {
                    f = v;
                }
            } else if v.0 > s.0 {
                s = v;
            }
        }
        if let Some(c) = task.constraint.filter(|c| c.kind.not_earlier()) {
            let w = constraint_w[i];
            if c.kind.on_start() {
                if w > s.0 {
                    s = (w, Side::Start);
                }
            } else if w > f.0 {
                f = (w, Side::Finish);
            }
        }
        // A task with a duration starts at the beginning of a working
        // period; only a milestone keeps the side of what drives it (a
        // milestone after a task finishing on Friday is on Friday 17:00).
        let (mut s_w, mut s_side) = s;
        if dur > 0 || !task.resource_spans.is_empty() {
            s_side = Side::Start;
        }
        let (mut f_w, mut f_side) = if task.resource_spans.is_empty() {
            (s_w + dur, if dur == 0 { s_side } else { Side::Finish })
        } else {
            spans.finish(plan, &mut table, i, s_w)?
        };
        if f.0 == f_w {
            // Equal positions: Project shows the finish as the link or
            // constraint gave it (a start-to-finish link from a task
            // starting Wednesday 08:00 finishes "Wednesday 08:00").
            f_side = f.1;
            if dur == 0 {
                s_side = f.1;
            }
        } else if f.0 > f_w {
            (f_w, f_side) = f;
            s_w = if task.resource_spans.is_empty() {
                f_w - dur
            } else {
                spans.start(plan, &mut table, i, f)?
            };
            s_side = if dur == 0 { f_side } else { Side::Start };
        }
        es[i] = s_w;
        ef[i] = f_w;
        sides[i] = bit(s_side, ES) | bit(f_side, EF);
    }

    let mut finish = (start, Side::Start);
    for i in (0..n).filter(|&i| !summary[i]) {
        finish = later(finish, (ef[i], side_of(sides[i], EF)));
    }

    // Backward pass.
    let mut ls = vec![0i64; n];
    let mut lf = vec![0i64; n];
    for &i in order.iter().rev() {
        let i = i as usize;
        if summary[i] {
            continue;
        }
        let task = &plan.tasks[i];
        let dur = task.duration_minutes;
        let mut f = finish;
        let mut s = (i64::MAX, Side::Start);
        for e in succs.of(i) {
            let q = e.other as usize;
            let v = if e.kind.to_finish() {
                (lf[q] - e.lag, side_of(sides[q], LF))
            } else {
                (ls[q] - e.lag, side_of(sides[q], LS))
            };
            if e.kind.from_finish() {
                if v.0 < f.0 {
                    f = v;
                }
            } else if v.0 < s.0 {
                s = v;
            }
        }
        if let Some(c) = task.constraint.filter(|c| c.kind.not_later()) {
            let w = constraint_w[i];
            if c.kind.on_start() {
                if w < s.0 {
                    s = (w, Side::Start);
                }
            } else if w < f.0 {
                f = (w, Side::Finish);
            }
        }
        let spans_task = !task.resource_spans.is_empty();
        let mut l_s = if spans_task {
            spans.start(plan, &mut table, i, f)?
        } else {
            f.0 - dur
        };
        let mut l_f = f;
        if s.0 < l_s {
            l_s = s.0;
            l_f = if spans_task {
                spans.finish(plan, &mut table, i, l_s)?
            } else {
                (l_s + dur, s.1)
            };
        }
        let (ls_side, lf_side) = if dur == 0 && !spans_task {
            // A milestone with no float shows its late date as its early
            // one, whichever side the successors would suggest.
            let side = if l_s == es[i] {
                side_of(sides[i], ES)
            } else {
                l_f.1
            };
            (side, side)
        } else if spans_task {
            (Side::Start, l_f.1)
        } else {
            (Side::Start, Side::Finish)
        };
        ls[i] = l_s;
        lf[i] = l_f.0;
        sides[i] |= bit(ls_side, LS) | bit(lf_side, LF);
    }

    // Floats.
    let mut total_float = vec![0i64; n];
    let mut free_float = vec![0i64; n];
    for i in (0..n).filter(|&i| !summary[i]) {
        let tf = (ls[i] - es[i]).min(lf[i] - ef[i]);
        let mut ff = finish.0 - ef[i];
        for e in succs.of(i) {
            let q = e.other as usize;
            let room = match e.kind {
                LinkKind::FinishToStart => es[q] - e.lag - ef[i],
                LinkKind::StartToStart => es[q] - e.lag - es[i],
                LinkKind::FinishToFinish => ef[q] - e.lag - ef[i],
                LinkKind::StartToFinish => ef[q] - e.lag - es[i],
            };
            ff = ff.min(room);
        }
        total_float[i] = tf;
        free_float[i] = ff.min(tf);
    }

    let mut sched = Schedule {
        table,
        es,
        ef,
        ls,
        lf,
        sides,
        total_float,
        free_float,
        summary,
        work: plan.tasks.iter().map(|t| t.work_minutes).collect(),
        percent: plan
            .tasks
            .iter()
            .map(|t| f64::from(t.percent_complete))
            .collect(),
        order,
        conflicts: Vec::new(),
        start,
        finish: finish.0,
        finish_side: finish.1,
    };
    rollup::roll_up(&outline, &mut sched);

    let horizon = sched
        .finish
        .max(sched.ef.iter().copied().max().unwrap_or(start));
    sched.table.cover(horizon)?;
    for (i, t) in plan.tasks.iter().enumerate() {
        let Some(c) = t.constraint else { continue };
        let w = constraint_w[i];
        let (got, side) = if c.kind.on_start() {
            (sched.es[i], side_of(sched.sides[i], ES))
        } else {
            (sched.ef[i], side_of(sched.sides[i], EF))
        };
        let broken = match c.kind {
            ConstraintKind::StartNoLaterThan | ConstraintKind::FinishNoLaterThan => got > w,
            ConstraintKind::MustStartOn | ConstraintKind::MustFinishOn => got != w,
            ConstraintKind::StartNoEarlierThan | ConstraintKind::FinishNoEarlierThan => got < w,
        };
        if broken {
            conflicts.push(ConstraintConflict {
                task: i as TaskIx,
                kind: c.kind,
                wanted: c.date,
                scheduled: sched.table.instant(got, side),
            });
        }
    }
    sched.conflicts = conflicts;
    Ok(sched)
}

/// Kahn's algorithm; on a loop, the loop's tasks in link order.
fn topological_order(
    plan: &Plan,
    preds: &Adjacency,
    succs: &Adjacency,
) -> Result<Vec<TaskIx>, ScheduleError> {
    let n = plan.tasks.len();
    let mut waiting: Vec<u32> = (0..n).map(|i| preds.of(i).len() as u32).collect();
    let mut order: Vec<TaskIx> = (0..n as TaskIx)
        .filter(|&i| waiting[i as usize] == 0)
        .collect();
    order.reserve(n);
    let mut next = 0;
    while next < order.len() {
        let i = order[next] as usize;
        next += 1;
        for e in succs.of(i) {
            let q = e.other as usize;
            waiting[q] -= 1;
            if waiting[q] == 0 {
                order.push(q as TaskIx);
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Every task still waiting has a waiting predecessor: walking back
    // through them must revisit one, and the walk between is a loop.
    let Some(first) = (0..n).find(|&i| waiting[i] > 0) else {
        return Ok(order);
    };
    let mut seen_at = vec![usize::MAX; n];
    let mut walk = Vec::new();
    let mut at = first;
    while seen_at[at] == usize::MAX {
        seen_at[at] = walk.len();
        walk.push(at as TaskIx);
        let Some(p) = preds
            .of(at)
            .iter()
            .map(|e| e.other as usize)
            .find(|&p| waiting[p] > 0)
        else {
            break;
        };
        at = p;
    }
    let mut tasks: Vec<TaskIx> = walk[seen_at[at]..].to_vec();
    tasks.reverse();
    tasks.push(tasks[0]);
    let names = tasks
        .iter()
        .map(|&t| plan.tasks[t as usize].name.clone())
        .collect();
    Err(ScheduleError::Cycle { tasks, names })
}

impl Schedule {
    pub fn len(&self) -> usize {
        self.es.len()
    }

    pub fn is_empty(&self) -> bool {
        self.es.is_empty()
    }

    fn at(&self, w: i64, bits: u8, which: u8) -> NaiveDateTime {
        self.table.instant(w, side_of(bits, which))
    }

    pub fn early_start(&self, i: TaskIx) -> NaiveDateTime {
        let i = i as usize;
        self.at(self.es[i], self.sides[i], ES)
    }

    pub fn early_finish(&self, i: TaskIx) -> NaiveDateTime {
        let i = i as usize;
        self.at(self.ef[i], self.sides[i], EF)
    }

    pub fn late_start(&self, i: TaskIx) -> NaiveDateTime {
        let i = i as usize;
        self.at(self.ls[i], self.sides[i], LS)
    }

    pub fn late_finish(&self, i: TaskIx) -> NaiveDateTime {
        let i = i as usize;
        self.at(self.lf[i], self.sides[i], LF)
    }

    /// Scheduled dates are the early dates: every task is as soon as
    /// possible.
    pub fn start(&self, i: TaskIx) -> NaiveDateTime {
        self.early_start(i)
    }

    pub fn finish(&self, i: TaskIx) -> NaiveDateTime {
        self.early_finish(i)
    }

    /// Early dates as working-minute positions (for drawing and tests).
    pub fn early_positions(&self, i: TaskIx) -> (i64, i64) {
        (self.es[i as usize], self.ef[i as usize])
    }

    pub fn late_positions(&self, i: TaskIx) -> (i64, i64) {
        (self.ls[i as usize], self.lf[i as usize])
    }

    /// Working minutes the task can slip without moving the project
    /// finish (negative when a constraint cannot be met).
    pub fn total_float(&self, i: TaskIx) -> i64 {
        self.total_float[i as usize]
    }

    /// Working minutes the task can slip without moving any successor.
    pub fn free_float(&self, i: TaskIx) -> i64 {
        self.free_float[i as usize]
    }

    pub fn is_critical(&self, i: TaskIx) -> bool {
        self.total_float[i as usize] <= 0
    }

    pub fn is_summary(&self, i: TaskIx) -> bool {
        self.summary[i as usize]
    }

    /// Working minutes from start to finish (rolled up on summaries).
    pub fn duration(&self, i: TaskIx) -> i64 {
        self.ef[i as usize] - self.es[i as usize]
    }

    pub fn work(&self, i: TaskIx) -> i64 {
        self.work[i as usize]
    }

    /// 0–100; on summaries the duration-weighted mean of the subtasks.
    pub fn percent_complete(&self, i: TaskIx) -> f64 {
        self.percent[i as usize]
    }

    pub fn conflicts(&self) -> &[ConstraintConflict] {
        &self.conflicts
    }

    /// The order the passes visited tasks in (predecessors first).
    pub fn topological_order(&self) -> &[TaskIx] {
        &self.order
    }

    pub fn project_start(&self) -> NaiveDateTime {
        self.table.instant(self.start, Side::Start)
    }

    pub fn project_finish(&self) -> NaiveDateTime {
        self.table.instant(self.finish, self.finish_side)
    }

    /// The project finish as a working-minute position.
    pub fn finish_position(&self) -> i64 {
        self.finish
    }
}
