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
use super::rollup::{self, Rollup};

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
///
/// The arrays are in topological order (`rank` maps a task index there)
/// and hold positions as `i32`: a 400-year calendar has fewer than 2³¹
/// minutes, and half-size arrays keep the passes — which reach
/// predecessors in random order — inside the processor's cache.
#[derive(Debug, Clone)]
pub struct Schedule {
    table: WorkTable,
    /// (early start, early finish).
    pub(super) early: Vec<[i32; 2]>,
    /// (late start, late finish).
    pub(super) late: Vec<[i32; 2]>,
    /// Bit set = shown on [`Side::Finish`]: ES, EF, LS, LF.
    pub(super) sides: Vec<u8>,
    pub(super) free: Vec<i32>,
    pub(super) flags: Vec<u8>,
    /// Summary tasks' work and progress, by task index.
    pub(super) rollups: Vec<(TaskIx, Rollup)>,
    /// Task index ↔ position in the arrays (topological order).
    pub(super) positions: Positions,
    conflicts: Vec<ConstraintConflict>,
    start: i64,
    finish: i64,
    finish_side: Side,
}

/// Positions never reach this far (see [`ScheduleError::BeyondCalendar`]),
/// so sums of two stay inside `i32`.
const LIMIT: i64 = 400 * 366 * 1440;

pub(super) const ES: u8 = 1;
pub(super) const EF: u8 = 2;
pub(super) const LS: u8 = 4;
pub(super) const LF: u8 = 8;
/// Sides of the backward pass's bounds, kept in the same byte.
const LF_BOUND: u8 = 16;
const LS_BOUND: u8 = 32;

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

pub(super) fn total_float(early: [i32; 2], late: [i32; 2]) -> i32 {
    (late[0] - early[0]).min(late[1] - early[1])
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

/// A link as the passes see it, in 8 bytes: the other end's position
/// with the link type in the top two bits, and the lag.
#[derive(Clone, Copy)]
struct Edge {
    packed: u32,
    lag: i32,
}

/// Positions must leave the top two bits of [`Edge::packed`] free.
const MAX_TASKS: usize = 1 << 30;

impl Edge {
    fn new(other: u32, kind: LinkKind, lag: i32) -> Self {
        let code = match kind {
            LinkKind::FinishToStart => 0,
            LinkKind::StartToStart => 1,
            LinkKind::FinishToFinish => 2,
            LinkKind::StartToFinish => 3,
        };
        Edge {
            packed: other | (code << 30),
            lag,
        }
    }

    fn other(self) -> usize {
        (self.packed & (MAX_TASKS as u32 - 1)) as usize
    }

    fn kind(self) -> LinkKind {
        match self.packed >> 30 {
            0 => LinkKind::FinishToStart,
            1 => LinkKind::StartToStart,
            2 => LinkKind::FinishToFinish,
            _ => LinkKind::StartToFinish,
        }
    }
}

/// Adjacency in compressed rows: the edges of task `i` are
/// `edges[start[i]..start[i + 1]]`, in link order.
struct Adjacency {
    start: Vec<u32>,
    edges: Vec<Edge>,
}

impl Adjacency {
    /// `links` yields (row, edge); it is walked twice (count, then fill
    /// from the back, so each row keeps the links' order).
    fn build(n: usize, links: impl DoubleEndedIterator<Item = (u32, Edge)> + Clone) -> Self {
        let mut start = vec![0u32; n + 1];
        for (i, _) in links.clone() {
            start[i as usize] += 1;
        }
        let mut total = 0;
        for s in start.iter_mut() {
            total += *s;
            *s = total;
        }
        let mut edges = vec![Edge { packed: 0, lag: 0 }; total as usize];
        for (i, e) in links.rev() {
            let end = &mut start[i as usize];
            *end -= 1;
            edges[*end as usize] = e;
        }
        start[n] = total;
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

/// Where each task sits in the passes' arrays.
#[derive(Debug, Clone)]
pub(super) enum Positions {
    /// The plan's own order is topological.
    Same,
    /// `order[p]` is the task at position `p`; `rank[i]` the position of
    /// task `i`.
    Sorted { order: Vec<TaskIx>, rank: Vec<u32> },
}

impl Positions {
    pub(super) fn of(&self, i: TaskIx) -> usize {
        match self {
            Positions::Same => i as usize,
            Positions::Sorted { rank, .. } => rank[i as usize] as usize,
        }
    }

    pub(super) fn task(&self, p: usize) -> TaskIx {
        match self {
            Positions::Same => p as TaskIx,
            Positions::Sorted { order, .. } => order[p],
        }
    }
}

/// Per-task flags gathered once, so the passes never touch [`Task`]s.
const SUMMARY: u8 = 1;
const SPANS: u8 = 2;

/// Schedules `plan`. Fails only on a malformed plan or a dependency loop;
/// unmet constraints are in [`Schedule::conflicts`].
///
/// The passes run over arrays in topological order (position `p` is task
/// `order[p]`), so they read memory front to back; the accessors map a
/// task index through `rank`.
pub fn schedule(plan: &Plan) -> Result<Schedule, ScheduleError> {
    let n = plan.tasks.len();
    if n >= MAX_TASKS {
        return Err(ScheduleError::TooLarge);
    }
    // One pass over the tasks gathers what the passes need and checks
    // what can be checked task by task.
    let mut flags = vec![0u8; n];
    let mut durations: Vec<i32> = Vec::with_capacity(n);
    let mut has_tree = false;
    let mut constrained = false;
    let mut earliest = plan.start;
    for (i, t) in plan.tasks.iter().enumerate() {
        if t.duration_minutes < 0 {
            return Err(ScheduleError::NegativeDuration(t.name.clone()));
        }
        if t.duration_minutes > LIMIT {
            return Err(ScheduleError::BeyondCalendar);
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
        durations.push(t.duration_minutes as i32);
        if !t.resource_spans.is_empty() {
            flags[i] = SPANS;
        }
        has_tree |= t.parent.is_some();
        if let Some(c) = t.constraint {
            constrained = true;
            earliest = earliest.min(c.date);
        }
    }
    // A plan without a tree (no task has a parent) needs no outline.
    let outline = if has_tree {
        let outline = Outline::new(&plan.tasks)?;
        for (i, t) in plan.tasks.iter().enumerate() {
            if outline.is_summary(i as TaskIx) {
                if t.constraint.is_some() {
                    return Err(ScheduleError::SummaryScheduled(t.name.clone()));
                }
                flags[i] |= SUMMARY;
            }
        }
        Some(outline)
    } else {
        None
    };
    let mut forward = true;
    for l in &plan.links {
        for end in [l.predecessor, l.successor] {
            if end as usize >= n {
                return Err(ScheduleError::UnknownTask(end));
            }
            if flags[end as usize] & SUMMARY != 0 {
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
        if l.lag_minutes.abs() > LIMIT {
            return Err(ScheduleError::BeyondCalendar);
        }
        forward &= l.predecessor < l.successor;
    }
    let edge = |other: u32, l: &super::model::Link| Edge::new(other, l.kind, l.lag_minutes as i32);
    // Plans are mostly written top-down: when every link already points
    // forward in the task list, that list is the topological order.
    let positions = if forward {
        Positions::Same
    } else {
        let succs = Adjacency::build(
            n,
            plan.links
                .iter()
                .map(|l| (l.predecessor, edge(l.successor, l))),
        );
        let order = topological_order(plan, &succs)?;
        drop(succs);
        let mut rank = vec![0u32; n];
        for (p, &i) in order.iter().enumerate() {
            rank[i as usize] = p as u32;
        }
        Positions::Sorted { order, rank }
    };
    let pos = |i: TaskIx| positions.of(i) as u32;
    let task_at = |p: usize| positions.task(p) as usize;
    // Predecessors, in topological positions.
    let preds = Adjacency::build(
        n,
        plan.links
            .iter()
            .map(|l| (pos(l.successor), edge(pos(l.predecessor), l))),
    );
    let (dur, flag) = match &positions {
        Positions::Same => (durations, flags),
        Positions::Sorted { order, .. } => (
            order.iter().map(|&i| durations[i as usize]).collect(),
            order.iter().map(|&i| flags[i as usize]).collect(),
        ),
    };

    // The table starts a year before anything dated, so that late dates
    // pushed before the start by negative float can still be shown.
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
    // Constraint positions by topological position; `i64::MIN` = none.
    // Left empty (and never read) when no task is constrained.
    let mut constraint_w = Vec::new();
    if constrained {
        constraint_w = vec![i64::MIN; n];
        for (p, w) in constraint_w.iter_mut().enumerate() {
            if let Some(c) = plan.tasks[task_at(p)].constraint {
                *w = table.position(c.date)?;
            }
        }
    }
    let constraint_of = |p: usize| -> Option<super::model::Constraint> {
        match constraint_w.get(p) {
            Some(&w) if w != i64::MIN => plan.tasks[task_at(p)].constraint,
            _ => None,
        }
    };

    let beyond = |w: i64| -> Result<i32, ScheduleError> {
        if w.abs() > LIMIT {
            Err(ScheduleError::BeyondCalendar)
        } else {
            Ok(w as i32)
        }
    };
    let mut early = vec![[0i32; 2]; n];
    let mut sides = vec![0u8; n];

    // Forward pass.
    for p in 0..n {
        let fl = flag[p];
        if fl & SUMMARY != 0 {
            continue;
        }
        let d = i64::from(dur[p]);
        let mut s = (start, Side::Start);
        let mut f = (i64::MIN, Side::Finish);
        for e in preds.of(p) {
            let q = e.other();
            let [qes, qef] = early[q];
            let lag = i64::from(e.lag);
            let v = if e.kind().from_finish() {
                (i64::from(qef) + lag, side_of(sides[q], EF))
            } else {
                (i64::from(qes) + lag, side_of(sides[q], ES))
            };
            if e.kind().to_finish() {
                if v.0 > f.0 {
                    f = v;
                }
            } else if v.0 > s.0 {
                s = v;
            }
        }
        if let Some(c) = constraint_of(p).filter(|c| c.kind.not_earlier()) {
            let w = constraint_w[p];
            if c.kind.on_start() {
                if w > s.0 {
                    s = (w, Side::Start);
                }
            } else if w > f.0 {
                f = (w, Side::Finish);
            }
        }
        let spans_task = fl & SPANS != 0;
        // A task with a duration starts at the beginning of a working
        // period; only a milestone keeps the side of what drives it (a
        // milestone after a task finishing on Friday is on Friday 17:00).
        let (mut s_w, mut s_side) = s;
        if d > 0 || spans_task {
            s_side = Side::Start;
        }
        let (mut f_w, mut f_side) = if spans_task {
            spans.finish(plan, &mut table, task_at(p), s_w)?
        } else {
            (s_w + d, if d == 0 { s_side } else { Side::Finish })
        };
        if f.0 == f_w {
            // Equal positions: Project shows the finish as the link or
            // constraint gave it (a start-to-finish link from a task
            // starting Wednesday 08:00 finishes "Wednesday 08:00").
            f_side = f.1;
            if d == 0 {
                s_side = f.1;
            }
        } else if f.0 > f_w {
            (f_w, f_side) = f;
            s_w = if spans_task {
                spans.start(plan, &mut table, task_at(p), f)?
            } else {
                f_w - d
            };
            s_side = if d == 0 { f_side } else { Side::Start };
        }
        early[p] = [beyond(s_w)?, beyond(f_w)?];
        sides[p] = bit(s_side, ES) | bit(f_side, EF);
    }

    let mut finish = (start, Side::Start);
    for p in 0..n {
        if flag[p] & SUMMARY == 0 {
            finish = later(finish, (i64::from(early[p][1]), side_of(sides[p], EF)));
        }
    }
    let finish_w = beyond(finish.0)?;
    let finish_bit = if finish.1 == Side::Finish {
        LF_BOUND
    } else {
        0
    };
    for b in &mut sides {
        *b |= finish_bit;
    }

    // Backward pass. Each task, once final, pushes its bounds to its
    // predecessors (all later in reverse order), so only the predecessor
    // lists are needed. Until a task is final, its `late` slot holds the
    // bounds pushed to it: (late start bound, late finish bound).
    let mut late = vec![[i32::MAX, finish_w]; n];
    let mut free: Vec<i32> = early.iter().map(|e| finish_w - e[1]).collect();
    for p in (0..n).rev() {
        let fl = flag[p];
        if fl & SUMMARY != 0 {
            continue;
        }
        let d = i64::from(dur[p]);
        let bits = sides[p];
        let mut f = (i64::from(late[p][1]), side_of(bits, LF_BOUND));
        let mut s = (i64::from(late[p][0]), side_of(bits, LS_BOUND));
        if let Some(c) = constraint_of(p).filter(|c| c.kind.not_later()) {
            let w = constraint_w[p];
            if c.kind.on_start() {
                if w < s.0 {
                    s = (w, Side::Start);
                }
            } else if w < f.0 {
                f = (w, Side::Finish);
            }
        }
        let spans_task = fl & SPANS != 0;
        let mut l_s = if spans_task {
            spans.start(plan, &mut table, task_at(p), f)?
        } else {
            f.0 - d
        };
        let mut l_f = f;
        if s.0 < l_s {
            l_s = s.0;
            l_f = if spans_task {
                spans.finish(plan, &mut table, task_at(p), l_s)?
            } else {
                (l_s + d, s.1)
            };
        }
        let (ls_side, lf_side) = if d == 0 && !spans_task {
            // A milestone with no float shows its late date as its early
            // one, whichever side the successors would suggest.
            let side = if l_s == i64::from(early[p][0]) {
                side_of(bits, ES)
            } else {
                l_f.1
            };
            (side, side)
        } else if spans_task {
            (Side::Start, l_f.1)
        } else {
            (Side::Start, Side::Finish)
        };
        late[p] = [beyond(l_s)?, beyond(l_f.0)?];
        sides[p] = (bits & (ES | EF)) | bit(ls_side, LS) | bit(lf_side, LF);
        let [es_p, ef_p] = early[p];
        for e in preds.of(p) {
            let q = e.other();
            let [es_q, ef_q] = early[q];
            let room = match e.kind() {
                LinkKind::FinishToStart => es_p - e.lag - ef_q,
                LinkKind::StartToStart => es_p - e.lag - es_q,
                LinkKind::FinishToFinish => ef_p - e.lag - ef_q,
                LinkKind::StartToFinish => ef_p - e.lag - es_q,
            };
            if room < free[q] {
                free[q] = room;
            }
            let lag = i64::from(e.lag);
            let (v, side) = if e.kind().to_finish() {
                (l_f.0 - lag, lf_side)
            } else {
                (l_s - lag, ls_side)
            };
            let (slot, which) = if e.kind().from_finish() {
                (1, LF_BOUND)
            } else {
                (0, LS_BOUND)
            };
            if v < i64::from(late[q][slot]) {
                late[q][slot] = beyond(v)?;
                sides[q] = (sides[q] & !which) | bit(side, which);
            }
        }
    }
    for b in &mut sides {
        *b &= ES | EF | LS | LF;
    }

    // Free float (filled by the backward pass, which walks the same
    // links): the least room any successor link leaves; never more than
    // total float.
    for p in 0..n {
        free[p] = free[p].min(total_float(early[p], late[p]));
    }

    let mut sched = Schedule {
        table,
        early,
        late,
        sides,
        free,
        flags: flag,
        rollups: Vec::new(),
        positions: positions.clone(),
        conflicts: Vec::new(),
        start,
        finish: finish.0,
        finish_side: finish.1,
    };
    if let Some(outline) = &outline {
        rollup::roll_up(plan, outline, &mut sched);
    }

    let horizon = sched
        .early
        .iter()
        .map(|e| i64::from(e[1]))
        .fold(sched.finish, i64::max);
    sched.table.cover(horizon)?;
    let mut conflicts = Vec::new();
    for (p, &w) in constraint_w.iter().enumerate() {
        let Some(c) = constraint_of(p) else { continue };
        let [es, ef] = sched.early[p];
        let (got, side) = if c.kind.on_start() {
            (i64::from(es), side_of(sched.sides[p], ES))
        } else {
            (i64::from(ef), side_of(sched.sides[p], EF))
        };
        let broken = match c.kind {
            ConstraintKind::StartNoLaterThan | ConstraintKind::FinishNoLaterThan => got > w,
            ConstraintKind::MustStartOn | ConstraintKind::MustFinishOn => got != w,
            ConstraintKind::StartNoEarlierThan | ConstraintKind::FinishNoEarlierThan => got < w,
        };
        if broken {
            conflicts.push(ConstraintConflict {
                task: positions.task(p),
                kind: c.kind,
                wanted: c.date,
                scheduled: sched.table.instant(got, side),
            });
        }
    }
    conflicts.sort_by_key(|c| c.task);
    sched.conflicts = conflicts;
    Ok(sched)
}

/// Kahn's algorithm; on a loop, the loop's tasks in link order.
fn topological_order(plan: &Plan, succs: &Adjacency) -> Result<Vec<TaskIx>, ScheduleError> {
    let n = plan.tasks.len();
    let mut waiting = vec![0u32; n];
    for l in &plan.links {
        waiting[l.successor as usize] += 1;
    }
    let mut order: Vec<TaskIx> = Vec::with_capacity(n);
    order.extend((0..n as TaskIx).filter(|&i| waiting[i as usize] == 0));
    let mut next = 0;
    while next < order.len() {
        let i = order[next] as usize;
        next += 1;
        for e in succs.of(i) {
            let q = e.other();
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
        let Some(p) = plan
            .links
            .iter()
            .filter(|l| l.successor as usize == at)
            .map(|l| l.predecessor as usize)
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
    fn ix(&self, i: TaskIx) -> usize {
        self.positions.of(i)
    }

    pub fn len(&self) -> usize {
        self.early.len()
    }

    pub fn is_empty(&self) -> bool {
        self.early.is_empty()
    }

    fn at(&self, w: i64, bits: u8, which: u8) -> NaiveDateTime {
        self.table.instant(w, side_of(bits, which))
    }

    pub fn early_start(&self, i: TaskIx) -> NaiveDateTime {
        let i = self.ix(i);
        self.at(self.early[i][0].into(), self.sides[i], ES)
    }

    pub fn early_finish(&self, i: TaskIx) -> NaiveDateTime {
        let i = self.ix(i);
        self.at(self.early[i][1].into(), self.sides[i], EF)
    }

    pub fn late_start(&self, i: TaskIx) -> NaiveDateTime {
        let i = self.ix(i);
        self.at(self.late[i][0].into(), self.sides[i], LS)
    }

    pub fn late_finish(&self, i: TaskIx) -> NaiveDateTime {
        let i = self.ix(i);
        self.at(self.late[i][1].into(), self.sides[i], LF)
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
        let [s, f] = self.early[self.ix(i)];
        (s.into(), f.into())
    }

    pub fn late_positions(&self, i: TaskIx) -> (i64, i64) {
        let [s, f] = self.late[self.ix(i)];
        (s.into(), f.into())
    }

    /// Working minutes the task can slip without moving the project
    /// finish (negative when a constraint cannot be met).
    pub fn total_float(&self, i: TaskIx) -> i64 {
        let p = self.ix(i);
        total_float(self.early[p], self.late[p]).into()
    }

    /// Working minutes the task can slip without moving any successor.
    pub fn free_float(&self, i: TaskIx) -> i64 {
        self.free[self.ix(i)].into()
    }

    pub fn is_critical(&self, i: TaskIx) -> bool {
        self.total_float(i) <= 0
    }

    pub fn is_summary(&self, i: TaskIx) -> bool {
        self.flags[self.ix(i)] & SUMMARY != 0
    }

    /// Working minutes from start to finish (rolled up on summaries).
    pub fn duration(&self, i: TaskIx) -> i64 {
        let [s, f] = self.early[self.ix(i)];
        i64::from(f - s)
    }

    /// Work and progress rolled up from the subtasks; `None` for a task
    /// that is not a summary (its own values are on the [`Task`]).
    ///
    /// [`Task`]: super::Task
    pub fn rollup(&self, i: TaskIx) -> Option<Rollup> {
        self.rollups
            .binary_search_by_key(&i, |r| r.0)
            .ok()
            .map(|k| self.rollups[k].1)
    }

    pub fn conflicts(&self) -> &[ConstraintConflict] {
        &self.conflicts
    }

    /// The order the passes visited tasks in (predecessors first).
    pub fn topological_order(&self) -> Vec<TaskIx> {
        (0..self.len()).map(|p| self.positions.task(p)).collect()
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
