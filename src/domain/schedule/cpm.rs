//! The critical path method.
//!
//! 1. Check the plan (indices, self-links, what summaries accept) while
//!    counting each task's predecessors, which sizes the adjacency list.
//! 2. Topological order: the task list itself when every link points
//!    forward; otherwise Kahn's. Tasks left over lie on or behind a loop;
//!    one loop is traced and refused, naming its tasks in order.
//! 3. Forward pass: early start/finish. Every date is a working-minute
//!    position (see [`super::calendar`]), so a link with a lag is one
//!    addition. Start no earlier than / must start on raise the early
//!    start; finish no earlier than / must finish on raise the early
//!    finish. Links always hold: a constraint they break is reported.
//!    While a task's predecessors are in cache, the room each link leaves
//!    them is noted (free float).
//! 4. Backward pass from the project finish: late start/finish, lowered
//!    by start/finish no later than and the must-… constraints.
//! 5. Total float (late − early), free float (how far a task can slip
//!    before it moves a successor or the project finish), critical when
//!    total float ≤ 0. Summary tasks are rolled up ([`super::rollup`]).
//!
//! Links and constraints on summary tasks follow Microsoft Project: a
//! link into a summary (finish-to-start or start-to-start) holds for
//! every subtask's start, a link out of it starts from the summary's
//! rolled-up dates (it finishes when its last subtask does), start no
//! earlier than and finish no later than bound every subtask. See
//! [`SummaryGraph`] for how this stays inside the same two passes.
//!
//! Everything is recomputed on every call: on 100,000 tasks this takes a
//! few milliseconds, so no incremental bookkeeping is kept.

use std::mem::take;

use chrono::{Duration, NaiveDateTime};
use serde::{Deserialize, Serialize};

use super::calendar::{Side, WorkTable};
use super::error::ScheduleError;
use super::model::{ConstraintKind, Link, LinkKind, Plan, TaskIx};
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

/// Where a node's start and finish sit in its `[i32; 2]` of dates. The
/// passes pick one by the link type's bit rather than by a branch: on
/// random plans the link type is a coin toss the processor would
/// mispredict on every other link.
const START: usize = 0;
const FINISH: usize = 1;

/// Late dates and free float of a node: everything the backward pass
/// writes about a predecessor, in one 12-byte record so that each link
/// touches one cache line (parallel arrays cost three or four, and the
/// backward pass was the slowest part). Until the node is final it holds
/// the bounds its successors pushed to it, with their sides in
/// [`LS_BOUND`] and [`LF_BOUND`].
#[derive(Debug, Clone, Copy)]
pub(super) struct Late {
    /// [start, finish].
    pub(super) dates: [i32; 2],
    /// During the backward pass: the least room a successor link leaves
    /// (`i32::MAX`: none). Once the node is final: its free float.
    pub(super) free: i32,
}

/// The computed schedule. Dates are held as working-minute positions with
/// the side they are shown on; the accessors turn them into instants, so
/// the browser only pays for the rows it shows.
///
/// The arrays are in topological order (`positions` maps a task index
/// there) and hold positions as `i32`: a 400-year calendar has fewer than
/// 2³¹ minutes, and half-size records keep the passes — which reach
/// predecessors in random order — inside the processor's cache. When
/// summaries are linked or constrained the arrays also hold one entry
/// node per summary (see [`SummaryGraph`]); `tasks` says how many rows
/// are tasks.
#[derive(Debug, Clone)]
pub struct Schedule {
    table: WorkTable,
    /// Early [start, finish]. Kept to 8 bytes a node, apart from the late
    /// dates: on 100,000 tasks the array (0.8 MB) stays in the processor's
    /// cache while the forward pass reads it in random order.
    pub(super) early: Vec<[i32; 2]>,
    pub(super) late: Vec<Late>,
    /// Bit set = shown on [`Side::Finish`]: [`ES`], [`EF`], [`LS`], [`LF`].
    pub(super) sides: Vec<u8>,
    pub(super) flags: Vec<u8>,
    /// Summary tasks' work and progress, by task index.
    pub(super) rollups: Vec<(TaskIx, Rollup)>,
    /// Task index ↔ position in the arrays (topological order).
    pub(super) positions: Positions,
    tasks: usize,
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

pub(super) fn bit(side: Side, which: u8) -> u8 {
    match side {
        Side::Start => 0,
        Side::Finish => which,
    }
}

pub(super) fn total_float(early: [i32; 2], late: [i32; 2]) -> i32 {
    (late[START] - early[START]).min(late[FINISH] - early[FINISH])
}

/// On equal positions, the side shown later (Monday 08:00 over Friday
/// 17:00) wins a maximum and the side shown earlier wins a minimum.
pub(super) fn later(a: (i64, Side), b: (i64, Side)) -> (i64, Side) {
    if b.0 > a.0 || (b.0 == a.0 && b.1 == Side::Start) {
        b
    } else {
        a
    }
}

pub(super) fn earlier(a: (i64, Side), b: (i64, Side)) -> (i64, Side) {
    if b.0 < a.0 || (b.0 == a.0 && b.1 == Side::Finish) {
        b
    } else {
        a
    }
}

/// A link as the passes see it, in 8 bytes: the other end's position
/// with the link type in the top two bits (which end of the successor it
/// drives, which end of the predecessor drives it), and the lag.
#[derive(Debug, Clone, Copy)]
struct Edge {
    packed: u32,
    lag: i32,
}

/// Positions must leave the top two bits of [`Edge::packed`] free.
const MAX_NODES: usize = 1 << 30;

impl Edge {
    fn new(other: u32, kind: LinkKind, lag: i32) -> Self {
        let to = u32::from(kind.to_finish()) << 31;
        let from = u32::from(kind.from_finish()) << 30;
        Edge {
            packed: other | to | from,
            lag,
        }
    }

    fn of(other: u32, l: &Link) -> Self {
        // Lags were checked against `LIMIT`, so they fit.
        Edge::new(other, l.kind, l.lag_minutes as i32)
    }

    fn other(self) -> usize {
        (self.packed & (MAX_NODES as u32 - 1)) as usize
    }

    /// [`FINISH`] when the successor's finish is driven, else [`START`].
    fn to(self) -> usize {
        (self.packed >> 31) as usize
    }

    /// [`FINISH`] when the predecessor's finish drives, else [`START`].
    fn from(self) -> usize {
        ((self.packed >> 30) & 1) as usize
    }

    /// How far the successor's driven date is past what this link
    /// requires of the predecessor: the room the link leaves it.
    fn room(self, predecessor: [i32; 2], successor: [i32; 2]) -> i32 {
        successor[self.to()] - self.lag - predecessor[self.from()]
    }
}

/// Adjacency in compressed rows: the edges of node `i` are
/// `edges[start[i]..start[i + 1]]`, in link order.
struct Adjacency {
    start: Vec<u32>,
    edges: Vec<Edge>,
}

impl Adjacency {
    /// `counts[i]` is how many edges row `i` has (the check pass counts
    /// them, so the links are not walked once more just to count);
    /// `links` yields (row, edge) in reverse link order: each row is
    /// filled from its back, so it keeps the links' order. `edges` is
    /// memory to reuse.
    fn build(
        mut counts: Vec<u32>,
        edges: Vec<Edge>,
        links: impl Iterator<Item = (u32, Edge)>,
    ) -> Self {
        let mut total = 0;
        for c in counts.iter_mut() {
            total += *c;
            *c = total;
        }
        counts.push(total);
        let mut start = counts;
        let mut edges = refill(edges, total as usize, Edge { packed: 0, lag: 0 });
        for (i, e) in links {
            let end = &mut start[i as usize];
            *end -= 1;
            edges[*end as usize] = e;
        }
        Adjacency { start, edges }
    }

    fn of(&self, i: usize) -> &[Edge] {
        &self.edges[self.range(i)]
    }

    fn range(&self, i: usize) -> std::ops::Range<usize> {
        self.start[i] as usize..self.start[i + 1] as usize
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

    /// The latest start of task `i` that finishes by position `lf`.
    ///
    /// Every instant from the end of one working period of the plan's
    /// calendar to the start of the next is the same position, and a
    /// resource may work in that gap: the latest finish is the gap's end
    /// (the position shown on its start side). Counting back from its
    /// beginning instead made late dates earlier than early ones, and a
    /// lone task negative float (found by the `schedule` fuzz target).
    fn start(
        &mut self,
        plan: &Plan,
        table: &mut WorkTable,
        i: usize,
        lf: i64,
    ) -> Result<i64, ScheduleError> {
        let until = table.instant_covering(lf, Side::Start)?;
        let mut from = until;
        // Minutes a resource would need before its calendar begins (a
        // constraint far before the project start pulls late dates there):
        // counted as the plan's minutes, so the start stays before the
        // finish rather than stopping at the calendar's first day.
        let mut before = 0;
        for s in &plan.tasks[i].resource_spans {
            let t = &mut self.tables[s.calendar as usize];
            let w = t.position(until)? - s.minutes;
            if w >= 0 {
                from = from.min(t.instant_covering(w, Side::Start)?);
            } else {
                from = t.origin().and_time(chrono::NaiveTime::MIN);
                before = before.max(s.minutes);
            }
        }
        let start = table.position(from)?;
        Ok(if before > 0 {
            start.min(lf - before)
        } else {
            start
        })
    }
}

/// Where each node sits in the passes' arrays. Nodes `0..tasks` are the
/// tasks; any further ones are summaries' entry nodes ([`SummaryGraph`]).
#[derive(Debug, Clone)]
pub(super) enum Positions {
    /// The plan's own order is topological.
    Same,
    /// `order[p]` is the node at position `p`; `rank[i]` the position of
    /// node `i`.
    Sorted { order: Vec<u32>, rank: Vec<u32> },
}

impl Positions {
    pub(super) fn of(&self, i: TaskIx) -> usize {
        match self {
            Positions::Same => i as usize,
            Positions::Sorted { rank, .. } => rank[i as usize] as usize,
        }
    }

    pub(super) fn node(&self, p: usize) -> u32 {
        match self {
            Positions::Same => p as u32,
            Positions::Sorted { order, .. } => order[p],
        }
    }
}

/// Per-node flags gathered once, so the passes never touch [`Task`]s.
///
/// [`Task`]: super::Task
const SUMMARY: u8 = 1;
const SPANS: u8 = 2;
/// A summary's entry node ([`SummaryGraph`]).
const ENTRY: u8 = 4;
/// A summary dated inside the passes (from its subtasks, which precede
/// it), because links start from it.
const ROLLED: u8 = 8;

/// How links and constraints on summary tasks become plain dependencies
/// the two passes already know, following Microsoft Project.
///
/// Each summary S gets a second node, its *entry*, a milestone-like node
/// that comes before its subtasks: links into S (and S's start no earlier
/// than) drive the entry, and the entry drives each subtask's start with
/// a start-to-start link without lag. So a summary's predecessor holds
/// back every subtask, however deep (a subtask that is itself a summary
/// passes it on through its own entry). S's own node comes after its
/// subtasks and is rolled up from them in the forward pass (start the
/// earliest, finish the latest), so links out of S start from its real
/// dates: a summary as predecessor finishes when its last subtask does.
///
/// In the backward pass S's late finish (from its successors and finish
/// no later than) bounds every subtask's late finish; a bound on its
/// start (start-to-start or start-to-finish successors) bounds the
/// subtasks that start when S starts, since only they can delay it. The
/// entry's late start is the earliest of its subtasks' late starts, which
/// is what S's predecessors must allow for.
///
/// A link between a summary and one of its own subtasks is a loop in
/// this graph (S → subtask → S), and is refused as one, as Project does.
/// Plans without such links or constraints skip all of this.
struct SummaryGraph {
    /// The dependencies between nodes: the plan's links first (their
    /// successor moved to the entry when it is a summary), then entry →
    /// subtask, then subtask → summary.
    links: Vec<Link>,
    /// How many of `links` are the plan's.
    own: usize,
    /// The summary whose entry is node `tasks + k`.
    entered: Vec<TaskIx>,
}

impl SummaryGraph {
    fn new(plan: &Plan, outline: &Outline, flags: &[u8]) -> Self {
        let n = plan.tasks.len();
        let entered: Vec<TaskIx> = (0..n as TaskIx)
            .filter(|&i| flags[i as usize] & SUMMARY != 0)
            .collect();
        let mut entry = vec![u32::MAX; n];
        for (k, &s) in entered.iter().enumerate() {
            entry[s as usize] = (n + k) as u32;
        }
        // A dependency on a task's start goes to its entry if it has one.
        let input = |t: TaskIx| match entry[t as usize] {
            u32::MAX => t,
            e => e,
        };
        let members: usize = entered.iter().map(|&s| outline.children(s).len()).sum();
        let mut links = Vec::with_capacity(plan.links.len() + 2 * members);
        links.extend(plan.links.iter().map(|l| Link {
            successor: input(l.successor),
            ..*l
        }));
        let own = links.len();
        let tie = |predecessor, successor, kind| Link {
            predecessor,
            successor,
            kind,
            lag_minutes: 0,
        };
        for &s in &entered {
            for &c in outline.children(s) {
                links.push(tie(entry[s as usize], input(c), LinkKind::StartToStart));
            }
        }
        for &s in &entered {
            for &c in outline.children(s) {
                links.push(tie(c, s, LinkKind::FinishToFinish));
            }
        }
        SummaryGraph {
            links,
            own,
            entered,
        }
    }
}

/// `v` emptied and filled with `n` copies of `x`, keeping its memory.
fn refill<T: Clone>(mut v: Vec<T>, n: usize, x: T) -> Vec<T> {
    v.clear();
    v.resize(n, x);
    v
}

/// Schedules `plan`. Fails only on a malformed plan or a dependency loop;
/// unmet constraints are in [`Schedule::conflicts`].
///
/// The passes run over arrays in topological order (position `p` is node
/// `positions.node(p)`), so they read memory front to back; the
/// accessors map a task index through `positions`.
pub fn schedule(plan: &Plan) -> Result<Schedule, ScheduleError> {
    Scheduler::default().schedule(plan)
}

/// Schedules plan after plan in the same memory: the browser recomputes
/// the whole schedule on every frame while a bar is dragged, and on
/// 100,000 tasks fresh arrays (some 8 MB, mapped and zeroed by the
/// system page by page) cost up to a tenth of the time. Nothing but
/// memory is carried from one call to the next — and the compiled
/// calendar, while it compiles the same: every call is a full recompute
/// from the plan, so there is no state to get out of step.
///
/// ```
/// use cairn::domain::schedule::{LinkKind, Plan, ScheduleError, Scheduler, Task, presets};
/// # fn main() -> Result<(), ScheduleError> {
/// # let start = chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
/// #     .and_then(|d| d.and_hms_opt(8, 0, 0))
/// #     .expect("a date");
/// let mut plan = Plan::new(start, presets::standard());
/// let a = plan.add(Task::new("A", 480));
/// let b = plan.add(Task::new("B", 480));
/// plan.link(a, b, LinkKind::FinishToStart, 0);
/// let mut scheduler = Scheduler::default();
/// let mut shown = scheduler.schedule(&plan)?;
/// // The user drags A to two days: schedule again, in the same memory.
/// plan.tasks[a as usize].duration_minutes = 960;
/// let next = scheduler.schedule(&plan)?;
/// scheduler.recycle(std::mem::replace(&mut shown, next));
/// assert_eq!(shown.early_positions(b).0 - shown.early_positions(a).0, 960);
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Default)]
pub struct Scheduler {
    flags: Vec<u8>,
    durations: Vec<i32>,
    counts: Vec<u32>,
    edges: Vec<Edge>,
    rooms: Vec<i32>,
    constraint: Vec<Option<(i64, ConstraintKind)>>,
    summary_room: Vec<[i32; 2]>,
    /// A recycled schedule's arrays.
    early: Vec<[i32; 2]>,
    late: Vec<Late>,
    sides: Vec<u8>,
    node_flags: Vec<u8>,
    order: Vec<u32>,
    rank: Vec<u32>,
    table: Option<WorkTable>,
}

impl Scheduler {
    /// Gives a schedule's memory back for the next [`Scheduler::schedule`].
    pub fn recycle(&mut self, old: Schedule) {
        self.early = old.early;
        self.late = old.late;
        self.sides = old.sides;
        self.node_flags = old.flags;
        self.table = Some(old.table);
        if let Positions::Sorted { order, rank } = old.positions {
            self.order = order;
            self.rank = rank;
        }
    }

    /// Like [`schedule`], reusing this scheduler's memory.
    pub fn schedule(&mut self, plan: &Plan) -> Result<Schedule, ScheduleError> {
        let n = plan.tasks.len();
        // Entry nodes can double the count.
        if 2 * n >= MAX_NODES {
            return Err(ScheduleError::TooLarge);
        }
        // One pass over the tasks gathers what the passes need and checks
        // what can be checked task by task.
        let mut flags = refill(take(&mut self.flags), n, 0u8);
        let mut durations = take(&mut self.durations);
        durations.clear();
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
        let mut summaries_scheduled = false;
        let outline = if has_tree {
            let outline = Outline::new(&plan.tasks)?;
            for (i, t) in plan.tasks.iter().enumerate() {
                if outline.is_summary(i as TaskIx) {
                    flags[i] |= SUMMARY;
                    if let Some(c) = t.constraint {
                        // Project offers only these two on a summary: the
                        // others would pin one date of many subtasks.
                        if !matches!(
                            c.kind,
                            ConstraintKind::StartNoEarlierThan | ConstraintKind::FinishNoLaterThan
                        ) {
                            return Err(ScheduleError::SummaryConstraint(t.name.clone()));
                        }
                        summaries_scheduled = true;
                    }
                }
            }
            Some(outline)
        } else {
            None
        };
        // One pass over the links checks them and counts each task's
        // predecessors: the sizes of the adjacency rows, and Kahn's counters.
        let mut preds_of = refill(take(&mut self.counts), n, 0u32);
        let mut forward = true;
        for l in &plan.links {
            let (p, s) = (l.predecessor as usize, l.successor as usize);
            for end in [l.predecessor, l.successor] {
                if end as usize >= n {
                    return Err(ScheduleError::UnknownTask(end));
                }
            }
            if p == s {
                return Err(ScheduleError::SelfLink(plan.tasks[p].name.clone()));
            }
            // (Flat plans have no summaries: no need to look.)
            if has_tree && (flags[p] | flags[s]) & SUMMARY != 0 {
                // A summary's finish is its subtasks' to set (Project asks
                // for a link to its start).
                if flags[s] & SUMMARY != 0 && l.kind.to_finish() {
                    return Err(ScheduleError::SummaryFinishLink(plan.tasks[s].name.clone()));
                }
                summaries_scheduled = true;
            }
            if l.lag_minutes.abs() > LIMIT {
                return Err(ScheduleError::BeyondCalendar);
            }
            preds_of[s] += 1;
            forward &= p < s;
        }

        // The nodes: the tasks, then (only when summaries are linked or
        // constrained) their entries.
        let graph = match (&outline, summaries_scheduled) {
            (Some(outline), true) => Some(SummaryGraph::new(plan, outline, &flags)),
            _ => None,
        };
        if let Some(g) = &graph {
            for &s in &g.entered {
                flags[s as usize] |= ROLLED;
            }
            flags.resize(n + g.entered.len(), ENTRY);
            durations.resize(n + g.entered.len(), 0);
            // Links into summaries now end on entries: count afresh.
            preds_of = refill(preds_of, n + g.entered.len(), 0);
            for l in &g.links {
                preds_of[l.successor as usize] += 1;
            }
        }
        let nodes = flags.len();
        // The task (for names, constraints, resource spans) behind a node.
        let task_of = |node: u32| -> usize {
            match &graph {
                Some(g) if node as usize >= n => g.entered[node as usize - n] as usize,
                _ => node as usize,
            }
        };

        // Plans are mostly written top-down: when every link already points
        // forward in the task list, that list is the topological order.
        let edges = take(&mut self.edges);
        let (positions, preds) = if graph.is_none() && forward {
            let preds = Adjacency::build(
                preds_of,
                edges,
                plan.links
                    .iter()
                    .rev()
                    .map(|l| (l.successor, Edge::of(l.predecessor, l))),
            );
            (Positions::Same, preds)
        } else {
            let links: &[Link] = graph.as_ref().map_or(&plan.links, |g| &g.links);
            let order = topological_order(
                plan,
                links,
                preds_of.clone(),
                take(&mut self.order),
                &task_of,
            )?;
            let mut rank = refill(take(&mut self.rank), nodes, 0u32);
            for (p, &i) in order.iter().enumerate() {
                rank[i as usize] = p as u32;
            }
            let counts = order.iter().map(|&i| preds_of[i as usize]).collect();
            let preds = Adjacency::build(
                counts,
                edges,
                links.iter().rev().map(|l| {
                    (
                        rank[l.successor as usize],
                        Edge::of(rank[l.predecessor as usize], l),
                    )
                }),
            );
            (Positions::Sorted { order, rank }, preds)
        };
        let node_at = |p: usize| positions.node(p);
        let mut flag = take(&mut self.node_flags);
        flag.clear();
        let sorted_durations: Vec<i32>;
        let dur: &[i32] = match &positions {
            Positions::Same => {
                flag.extend_from_slice(&flags);
                &durations
            }
            Positions::Sorted { order, .. } => {
                flag.extend(order.iter().map(|&i| flags[i as usize]));
                sorted_durations = order.iter().map(|&i| durations[i as usize]).collect();
                &sorted_durations
            }
        };

        // The table starts a year before anything dated, so that late dates
        // pushed before the start by negative float can still be shown.
        let origin = earliest.date() - Duration::days(366);
        // The compiled calendar depends on nothing but the calendar and
        // the origin: a recycled one that compiles the same (same kinds of
        // day, same week, same exceptions from the origin on) is kept with
        // the days it has already laid out (a 10,000-task chain runs 40
        // years, some 15,000 days). It only ever grows, and shows every
        // position it covers the same way.
        let compiled = WorkTable::new(&plan.calendar, origin);
        let mut table = match self.table.take() {
            Some(t) if t.compiles_like(&compiled) => t,
            _ => compiled,
        };
        let mut spans = Spans {
            tables: plan
                .resource_calendars
                .iter()
                .map(|c| WorkTable::new(c, origin))
                .collect(),
        };
        let start = table.position(plan.start)?;
        // Constraints by position, as (position of the date, kind); an entry
        // node carries its summary's. Left empty (and never read) when no
        // task is constrained.
        let mut constraint = take(&mut self.constraint);
        constraint.clear();
        if constrained {
            constraint.reserve(nodes);
            for p in 0..nodes {
                let c = match plan.tasks[task_of(node_at(p))].constraint {
                    Some(c) => Some((table.position(c.date)?, c.kind)),
                    None => None,
                };
                constraint.push(c);
            }
        }
        let constraint_at = |p: usize| constraint.get(p).copied().flatten();

        let beyond = |w: i64| -> Result<i32, ScheduleError> {
            if w.abs() > LIMIT {
                Err(ScheduleError::BeyondCalendar)
            } else {
                Ok(w as i32)
            }
        };
        let mut early = refill(take(&mut self.early), nodes, [0i32; 2]);
        let mut sides = refill(take(&mut self.sides), nodes, 0u8);
        // The room each link leaves its predecessor (free float), by edge:
        // found in the forward pass, where both ends are at hand, and
        // written front to back; the backward pass reads it the same way.
        let mut rooms = refill(take(&mut self.rooms), preds.edges.len(), i32::MAX);

        // Forward pass.
        let mut finish = (start, Side::Start);
        for p in 0..nodes {
            let fl = flag[p];
            if fl & SUMMARY != 0 {
                if fl & ROLLED != 0 {
                    // Its predecessors are its subtasks (links into it end on
                    // its entry).
                    let mut s = (i64::MAX, Side::Start);
                    let mut f = (i64::MIN, Side::Finish);
                    for e in preds.of(p) {
                        let (m, bits) = (early[e.other()], sides[e.other()]);
                        s = earlier(s, (m[START].into(), side_of(bits, ES)));
                        f = later(f, (m[FINISH].into(), side_of(bits, EF)));
                    }
                    // Subtasks' positions are in range, so these fit.
                    early[p] = [s.0 as i32, f.0 as i32];
                    sides[p] = bit(s.1, ES) | bit(f.1, EF);
                }
                continue;
            }
            let d = i64::from(dur[p]);
            // What the links ask of [start, finish], with the side each is
            // shown on (1 = finish side). No branch on the link type or on
            // which link wins: on random plans each is a coin toss that the
            // processor would mispredict on every other link (the forward
            // pass ran a quarter faster without them).
            let mut bound = [(start, 0u8), (i64::MIN, 1u8)];
            for e in preds.of(p) {
                let q = e.other();
                let v = i64::from(early[q][e.from()]) + i64::from(e.lag);
                // ES and EF are bits 0 and 1.
                let side = (sides[q] >> e.from()) & 1;
                let b = &mut bound[e.to()];
                *b = if v > b.0 { (v, side) } else { *b };
            }
            let shown = |side: u8| if side == 0 { Side::Start } else { Side::Finish };
            let mut s = (bound[START].0, shown(bound[START].1));
            let mut f = (bound[FINISH].0, shown(bound[FINISH].1));
            if let Some((w, kind)) = constraint_at(p).filter(|c| c.1.not_earlier()) {
                if kind.on_start() {
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
            // When a link or constraint on the finish meets the task's own
            // finish, Project shows the finish as that link gave it (a
            // start-to-finish link from a task starting Wednesday 08:00
            // finishes "Wednesday 08:00"); when it is later, it moves the
            // task. Worked out with selects, not branches: whether the
            // finish binds is another coin toss on random plans.
            let (s_w, f_w, s_side, f_side) = if fl & SPANS == 0 {
                let milestone = d == 0;
                let own = s.0 + d;
                let bound = f.0 >= own;
                let s_side = if milestone { s.1 } else { Side::Start };
                let f_w = f.0.max(own);
                let f_side = match (bound, milestone) {
                    (true, _) => f.1,
                    (false, true) => s_side,
                    (false, false) => Side::Finish,
                };
                let s_side = if milestone && bound { f.1 } else { s_side };
                (f_w - d, f_w, s_side, f_side)
            } else {
                // On its resources' calendars (rare: with a branch).
                let task = task_of(node_at(p));
                let (mut s_w, mut s_side) = (s.0, Side::Start);
                let (mut f_w, mut f_side) = spans.finish(plan, &mut table, task, s_w)?;
                if f.0 >= f_w {
                    if f.0 > f_w {
                        f_w = f.0;
                        s_w = spans.start(plan, &mut table, task, f.0)?;
                    }
                    f_side = f.1;
                    if d == 0 {
                        s_side = f.1;
                    }
                }
                (s_w, f_w, s_side, f_side)
            };
            let this = [beyond(s_w)?, beyond(f_w)?];
            early[p] = this;
            sides[p] = bit(s_side, ES) | bit(f_side, EF);
            if fl & ENTRY != 0 {
                // The room links into a summary leave is measured from the
                // summary's own start, once it is rolled up (below).
                continue;
            }
            finish = later(finish, (f_w, f_side));
            // The predecessors were just read, so they are in cache.
            let range = preds.range(p);
            for (room, e) in rooms[range.clone()].iter_mut().zip(&preds.edges[range]) {
                *room = e.room(early[e.other()], this);
            }
        }
        let finish_w = beyond(finish.0)?;

        // Backward pass. Each node, once final, pushes its bounds to its
        // predecessors (all later in reverse order), so only the predecessor
        // lists are needed. Until a node is final, its `late` record holds
        // the bounds pushed to it.
        let mut late = refill(
            take(&mut self.late),
            nodes,
            Late {
                dates: [i32::MAX, finish_w],
                free: i32::MAX,
            },
        );
        let finish_bound = bit(finish.1, LF_BOUND);
        for b in &mut sides {
            *b |= finish_bound;
        }

        // Free float across summaries (see `SummaryGraph`): the room links
        // into a summary leave, from its rolled-up start; and the room links
        // out of a summary leave it, apart by the end they start from, for
        // the backward pass to hand on to the subtasks that set that end.
        let mut summary_room = take(&mut self.summary_room);
        summary_room.clear();
        if let (Some(g), Positions::Sorted { rank, .. }) = (&graph, &positions) {
            summary_room = refill(summary_room, nodes, [i32::MAX; 2]);
            for l in &g.links[..g.own] {
                let (q, p) = (
                    rank[l.predecessor as usize] as usize,
                    rank[l.successor as usize] as usize,
                );
                let e = Edge::of(0, l);
                if flag[p] & ENTRY != 0 {
                    let summary = rank[task_of(l.successor)] as usize;
                    let room = e.room(early[q], early[summary]);
                    late[q].free = late[q].free.min(room);
                }
                if flag[q] & ROLLED != 0 {
                    let room = e.room(early[q], early[p]);
                    let k = e.from();
                    summary_room[q][k] = summary_room[q][k].min(room);
                }
            }
        }

        for p in (0..nodes).rev() {
            let fl = flag[p];
            let bounds = late[p];
            let bits = sides[p];
            let mut f = (i64::from(bounds.dates[FINISH]), side_of(bits, LF_BOUND));
            let mut s = (i64::from(bounds.dates[START]), side_of(bits, LS_BOUND));
            if fl & SUMMARY != 0 {
                if fl & ROLLED != 0 {
                    if let Some((w, ConstraintKind::FinishNoLaterThan)) = constraint_at(p)
                        && w < f.0
                    {
                        f = (w, Side::Finish);
                    }
                    let mut down = HandDown {
                        preds: &preds,
                        flag: &flag,
                        early: &early,
                        late: &mut late,
                        sides: &mut sides,
                        summary_room: &mut summary_room,
                    };
                    down.at(p, f, s);
                }
                continue;
            }
            if fl & ENTRY == 0
                && let Some((w, kind)) = constraint_at(p).filter(|c| c.1.not_later())
            {
                if kind.on_start() {
                    if w < s.0 {
                        s = (w, Side::Start);
                    }
                } else if w < f.0 {
                    f = (w, Side::Finish);
                }
            }
            let d = i64::from(dur[p]);
            let spans_task = fl & SPANS != 0;
            // The latest finish, unless a bound on the start comes first
            // (with selects: which one binds is a coin toss).
            let (l_s, l_f) = if !spans_task {
                let by_start = s.0 < f.0 - d;
                let l_s = s.0.min(f.0 - d);
                (l_s, if by_start { (l_s + d, s.1) } else { f })
            } else {
                let task = task_of(node_at(p));
                let l_s = spans.start(plan, &mut table, task, f.0)?;
                if s.0 < l_s {
                    (s.0, spans.finish(plan, &mut table, task, s.0)?)
                } else {
                    (l_s, f)
                }
            };
            let mine = early[p];
            let (ls_side, lf_side) = if d == 0 && !spans_task {
                // A milestone with no float shows its late date as its early
                // one, whichever side the successors would suggest.
                let side = if l_s == i64::from(mine[START]) {
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
            let dates = [beyond(l_s)?, beyond(l_f.0)?];
            // Every successor has lowered the room by now: free float is
            // final (never more than total float).
            late[p] = Late {
                dates,
                free: bounds
                    .free
                    .min(finish_w - mine[FINISH])
                    .min(total_float(mine, dates)),
            };
            sides[p] = (bits & (ES | EF)) | bit(ls_side, LS) | bit(lf_side, LF);
            // What this node asks of its predecessors' [start, finish] (late
            // dates less the lag), with the side bits each bound is shown on:
            // again chosen by index, not by branches.
            let asks = [l_s, l_f.0];
            let ask_bits = [
                [bit(ls_side, LS_BOUND), bit(ls_side, LF_BOUND)],
                [bit(lf_side, LS_BOUND), bit(lf_side, LF_BOUND)],
            ];
            const BOUND_BIT: [u8; 2] = [LS_BOUND, LF_BOUND];
            let range = preds.range(p);
            for (&room, e) in rooms[range.clone()].iter().zip(&preds.edges[range]) {
                let qi = e.other();
                let (to, from) = (e.to(), e.from());
                let v = asks[to] - i64::from(e.lag);
                let q = &mut late[qi];
                q.free = q.free.min(room);
                let held = i64::from(q.dates[from]);
                let lower = v < held;
                q.dates[from] = beyond(v.min(held))?;
                let b = sides[qi];
                sides[qi] = if lower {
                    (b & !BOUND_BIT[from]) | ask_bits[to][from]
                } else {
                    b
                };
            }
        }

        let mut sched = Schedule {
            table,
            early,
            late,
            sides,
            flags: flag,
            rollups: Vec::new(),
            positions,
            tasks: n,
            conflicts: Vec::new(),
            start,
            finish: finish.0,
            finish_side: finish.1,
        };
        if let Some(outline) = &outline {
            rollup::roll_up(plan, outline, &mut sched);
        }

        // Nothing shown lies past the project finish: late dates are bounded
        // by it, summaries end with their subtasks.
        sched.table.cover(sched.finish)?;
        let mut conflicts = Vec::new();
        for (p, c) in constraint.iter().enumerate() {
            let Some((w, kind)) = *c else { continue };
            if sched.flags[p] & ENTRY != 0 {
                continue;
            }
            let (r, bits) = (sched.early[p], sched.sides[p]);
            let (got, side) = if kind.on_start() {
                (i64::from(r[START]), side_of(bits, ES))
            } else {
                (i64::from(r[FINISH]), side_of(bits, EF))
            };
            let broken = match kind {
                ConstraintKind::StartNoLaterThan | ConstraintKind::FinishNoLaterThan => got > w,
                ConstraintKind::MustStartOn | ConstraintKind::MustFinishOn => got != w,
                ConstraintKind::StartNoEarlierThan | ConstraintKind::FinishNoEarlierThan => got < w,
            };
            if broken {
                let task = sched.positions.node(p);
                let wanted = match plan.tasks[task as usize].constraint {
                    Some(c) => c.date,
                    None => continue,
                };
                conflicts.push(ConstraintConflict {
                    task,
                    kind,
                    wanted,
                    scheduled: sched.table.instant(got, side),
                });
            }
        }
        conflicts.sort_by_key(|c| c.task);
        sched.conflicts = conflicts;
        // The working memory, for the next call.
        self.flags = flags;
        self.durations = durations;
        self.counts = preds.start;
        self.edges = preds.edges;
        self.rooms = rooms;
        self.constraint = constraint;
        self.summary_room = summary_room;
        Ok(sched)
    }
}

/// The backward pass at a linked summary: what its successors and its
/// finish no later than ask of it goes to its subtasks.
struct HandDown<'a> {
    preds: &'a Adjacency,
    flag: &'a [u8],
    early: &'a [[i32; 2]],
    late: &'a mut [Late],
    sides: &'a mut [u8],
    summary_room: &'a mut [[i32; 2]],
}

impl HandDown<'_> {
    /// At the summary at position `p`, with late finish `f` and a bound
    /// `s` on its start: `f` bounds every subtask's late finish, `s` only
    /// the subtasks that start when it does (a later one cannot delay
    /// it). The room its successors leave it goes to its subtasks the
    /// same way, plus how much earlier than the summary each one ends.
    fn at(&mut self, p: usize, f: (i64, Side), s: (i64, Side)) {
        let me = self.early[p];
        let [room_start, room_finish] = self.summary_room[p];
        for e in self.preds.of(p) {
            let m = e.other();
            let first = self.early[m][START] == me[START];
            let r = &mut self.late[m];
            // Both bounds are positions already in range.
            if f.0 < i64::from(r.dates[FINISH]) {
                r.dates[FINISH] = f.0 as i32;
                self.sides[m] = (self.sides[m] & !LF_BOUND) | bit(f.1, LF_BOUND);
            }
            if first && s.0 < i64::from(r.dates[START]) {
                r.dates[START] = s.0 as i32;
                self.sides[m] = (self.sides[m] & !LS_BOUND) | bit(s.1, LS_BOUND);
            }
            let by_finish = room_finish.saturating_add(me[FINISH] - self.early[m][FINISH]);
            let room = if first {
                by_finish.min(room_start)
            } else {
                by_finish
            };
            r.free = r.free.min(room);
            if self.flag[m] & ROLLED != 0 {
                let to = &mut self.summary_room[m];
                to[FINISH] = to[FINISH].min(by_finish);
                if first {
                    to[START] = to[START].min(room_start);
                }
            }
        }
    }
}

/// Kahn's algorithm over `nodes` nodes and `links` between them
/// (`waiting[i]` = how many links end on node `i`); on a loop, the loop's
/// tasks in link order (`task_of` names an entry node by its summary).
fn topological_order(
    plan: &Plan,
    links: &[Link],
    mut waiting: Vec<u32>,
    mut order: Vec<u32>,
    task_of: &dyn Fn(u32) -> usize,
) -> Result<Vec<u32>, ScheduleError> {
    let nodes = waiting.len();
    let mut out_count = vec![0u32; nodes];
    for l in links {
        out_count[l.predecessor as usize] += 1;
    }
    let succs = Adjacency::build(
        out_count,
        Vec::new(),
        links
            .iter()
            .rev()
            .map(|l| (l.predecessor, Edge::of(l.successor, l))),
    );
    order.clear();
    order.extend((0..nodes as u32).filter(|&i| waiting[i as usize] == 0));
    let mut next = 0;
    while next < order.len() {
        let i = order[next] as usize;
        next += 1;
        for e in succs.of(i) {
            let q = e.other();
            waiting[q] -= 1;
            if waiting[q] == 0 {
                order.push(q as u32);
            }
        }
    }
    if order.len() == nodes {
        return Ok(order);
    }
    // Every node still waiting has a waiting predecessor: walking back
    // through them must revisit one, and the walk between is a loop.
    let Some(first) = (0..nodes).find(|&i| waiting[i] > 0) else {
        return Ok(order);
    };
    let mut seen_at = vec![usize::MAX; nodes];
    let mut walk = Vec::new();
    let mut at = first;
    while seen_at[at] == usize::MAX {
        seen_at[at] = walk.len();
        walk.push(at as u32);
        let Some(p) = links
            .iter()
            .filter(|l| l.successor as usize == at)
            .map(|l| l.predecessor as usize)
            .find(|&p| waiting[p] > 0)
        else {
            break;
        };
        at = p;
    }
    let mut tasks: Vec<TaskIx> = walk[seen_at[at]..]
        .iter()
        .map(|&node| task_of(node) as TaskIx)
        .collect();
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

    /// How many tasks (the plan's).
    pub fn len(&self) -> usize {
        self.tasks
    }

    pub fn is_empty(&self) -> bool {
        self.tasks == 0
    }

    fn at(&self, w: i32, bits: u8, which: u8) -> NaiveDateTime {
        self.table.instant(w.into(), side_of(bits, which))
    }

    pub fn early_start(&self, i: TaskIx) -> NaiveDateTime {
        let p = self.ix(i);
        self.at(self.early[p][START], self.sides[p], ES)
    }

    pub fn early_finish(&self, i: TaskIx) -> NaiveDateTime {
        let p = self.ix(i);
        self.at(self.early[p][FINISH], self.sides[p], EF)
    }

    pub fn late_start(&self, i: TaskIx) -> NaiveDateTime {
        let p = self.ix(i);
        self.at(self.late[p].dates[START], self.sides[p], LS)
    }

    pub fn late_finish(&self, i: TaskIx) -> NaiveDateTime {
        let p = self.ix(i);
        self.at(self.late[p].dates[FINISH], self.sides[p], LF)
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
        let [s, f] = self.late[self.ix(i)].dates;
        (s.into(), f.into())
    }

    /// Working minutes the task can slip without moving the project
    /// finish (negative when a constraint cannot be met).
    pub fn total_float(&self, i: TaskIx) -> i64 {
        let p = self.ix(i);
        total_float(self.early[p], self.late[p].dates).into()
    }

    /// Working minutes the task can slip without moving any successor.
    pub fn free_float(&self, i: TaskIx) -> i64 {
        self.late[self.ix(i)].free.into()
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
        (0..self.early.len())
            .map(|p| self.positions.node(p))
            .filter(|&i| (i as usize) < self.tasks)
            .collect()
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
