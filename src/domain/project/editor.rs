//! The plan as one browser edits it: the rows, the compiled plan, the
//! schedule on screen, undo history and the queue of batches on their way
//! to the server. No I/O: the page calls these methods and sends what
//! [`Editor::next_batch`] gives, so every rule of optimistic editing is
//! unit-tested here rather than clicked through.
//!
//! Saving is strictly in order, one batch in flight: each batch expects
//! the versions its predecessors produce, which the server produces the
//! same way. A refusal (conflict, rule) throws away every batch queued
//! after it, since they were built on top; the page then reloads.

use std::collections::VecDeque;

use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};

use super::change::{Change, EditBatch, EditResult, TaskField};
use super::compute::{self, Compiled, ScheduledTask};
use super::history::History;
use super::model::{PersonCalendar, PlanEvent, ProjectPlan};
use super::state::ProjectState;
use crate::domain::AppError;
use crate::domain::sales::rank;
use crate::domain::schedule::{
    Calendar, Constraint, ConstraintKind, LinkKind, Schedule, Scheduler, TaskIx,
};

/// Where a queued batch came from (a refusal must drop its history entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Origin {
    Action,
    Undo,
    Redo,
}

#[derive(Debug, Clone)]
struct Pending {
    changes: Vec<Change>,
    origin: Origin,
    in_flight: bool,
}

/// What the server's answer proved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Saved {
    /// Nothing else queued, and the server's schedule equals ours.
    Agreed,
    /// More batches are queued; the comparison waits for the last.
    Queued,
    /// The server scheduled differently: reload (a bug, but never a lie).
    Disagreed,
}

pub struct Editor {
    pub project_id: i64,
    pub start: NaiveDate,
    pub state: ProjectState,
    /// People on calendars of their own (the plan's, unchanged here).
    pub person_calendars: Vec<PersonCalendar>,
    pub compiled: Compiled,
    pub schedule: Schedule,
    scheduler: Scheduler,
    pub history: History,
    next_temp: i64,
    queue: VecDeque<Pending>,
    /// Links (indexes into `compiled.plan.links`) touching each task.
    pub links_of: Vec<Vec<u32>>,
    /// Values changed by a drag preview, to put back: (task, duration,
    /// constraint, percent).
    preview: Option<(TaskIx, i64, Option<Constraint>, u8)>,
    /// Live events that arrived while our own batches were on their way.
    /// Applied once the queue drains: our own event can arrive before our
    /// answer, naming the stored ids of rows we still hold under
    /// temporary ones, and would otherwise show them twice.
    deferred: Vec<PlanEvent>,
}

impl Editor {
    pub fn new(plan: &ProjectPlan) -> Result<Self, AppError> {
        let state = ProjectState::new(plan.tasks.clone(), plan.links.clone());
        let compiled = compute::compile_with(
            &state,
            plan.project.start,
            &plan.calendar,
            &plan.person_calendars,
        )?;
        let mut scheduler = Scheduler::default();
        let schedule = compute::run(&mut scheduler, &compiled)?;
        let mut e = Editor {
            project_id: plan.project.id,
            start: plan.project.start,
            state,
            person_calendars: plan.person_calendars.clone(),
            compiled,
            schedule,
            scheduler,
            history: History::default(),
            next_temp: -1,
            queue: VecDeque::new(),
            links_of: Vec::new(),
            preview: None,
            deferred: Vec::new(),
        };
        e.index_links();
        Ok(e)
    }

    /// Replaces the rows with the server's (after a refusal or a reload),
    /// keeping the undo history (it restamps versions when used).
    pub fn reset(&mut self, plan: &ProjectPlan) -> Result<(), AppError> {
        let history = std::mem::take(&mut self.history);
        *self = Editor::new(plan)?;
        self.history = history;
        Ok(())
    }

    pub fn calendar(&self) -> &Calendar {
        &self.compiled.plan.calendar
    }

    fn index_links(&mut self) {
        let mut by = vec![Vec::new(); self.compiled.len()];
        for (k, l) in self.compiled.plan.links.iter().enumerate() {
            by[l.predecessor as usize].push(k as u32);
            by[l.successor as usize].push(k as u32);
        }
        self.links_of = by;
    }

    fn recompute(&mut self) -> Result<(), AppError> {
        let compiled = compute::compile_with(
            &self.state,
            self.start,
            &self.compiled.plan.calendar,
            &self.person_calendars,
        )?;
        let schedule = compute::run(&mut self.scheduler, &compiled)?;
        self.compiled = compiled;
        let old = std::mem::replace(&mut self.schedule, schedule);
        self.scheduler.recycle(old);
        self.index_links();
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.compiled.len()
    }

    pub fn is_empty(&self) -> bool {
        self.compiled.is_empty()
    }

    pub fn task_at(&self, i: TaskIx) -> ScheduledTask {
        compute::scheduled(&self.compiled, &self.schedule, i)
    }

    pub fn id_at(&self, i: TaskIx) -> i64 {
        self.compiled.ids[i as usize]
    }

    pub fn ix_of(&self, id: i64) -> Option<TaskIx> {
        self.compiled.ix.get(&id).copied()
    }

    pub fn temp_id(&mut self) -> i64 {
        let t = self.next_temp;
        self.next_temp -= 1;
        t
    }

    pub fn saving(&self) -> bool {
        !self.queue.is_empty()
    }

    /// Applies a user action here and queues it for the server. On an
    /// error (a rule, or a schedule the engine refuses, such as a loop)
    /// nothing has changed.
    pub fn act(&mut self, changes: Vec<Change>) -> Result<(), AppError> {
        if changes.is_empty() {
            return Ok(());
        }
        self.end_preview();
        let saved = self.state.clone();
        let inverse = self.state.apply_all(&changes)?;
        if let Err(e) = self.recompute() {
            self.state = saved;
            return Err(e);
        }
        self.history.record(inverse);
        self.queue.push_back(Pending {
            changes,
            origin: Origin::Action,
            in_flight: false,
        });
        Ok(())
    }

    fn replay(&mut self, undo: bool) -> Option<Result<(), AppError>> {
        self.end_preview();
        let saved = self.state.clone();
        let sent = if undo {
            self.history.undo(&mut self.state)?
        } else {
            self.history.redo(&mut self.state)?
        };
        Some(sent.and_then(|changes| match self.recompute() {
            Ok(()) => {
                self.queue.push_back(Pending {
                    changes,
                    origin: if undo { Origin::Undo } else { Origin::Redo },
                    in_flight: false,
                });
                Ok(())
            }
            Err(e) => {
                self.state = saved;
                if undo {
                    self.history.drop_last_redo();
                } else {
                    self.history.drop_last_undo();
                }
                Err(e)
            }
        }))
    }

    pub fn undo(&mut self) -> Option<Result<(), AppError>> {
        self.replay(true)
    }

    pub fn redo(&mut self) -> Option<Result<(), AppError>> {
        self.replay(false)
    }

    /// The next batch to send, if none is in flight.
    pub fn next_batch(&mut self) -> Option<EditBatch> {
        let p = self.queue.front_mut()?;
        if p.in_flight {
            return None;
        }
        p.in_flight = true;
        Some(EditBatch {
            project_id: self.project_id,
            changes: p.changes.clone(),
        })
    }

    /// The server stored the batch in flight.
    pub fn saved(&mut self, r: &EditResult) -> Result<Saved, AppError> {
        self.queue.pop_front();
        for &(temp, id) in &r.new_tasks {
            self.state.rename_task(temp, id);
        }
        for &(temp, id) in &r.new_links {
            self.state.rename_link(temp, id);
        }
        let map = |task: bool, id: i64| {
            let list = if task { &r.new_tasks } else { &r.new_links };
            list.iter().find(|(t, _)| *t == id).map(|(_, n)| *n)
        };
        self.history.rename(&map);
        for p in &mut self.queue {
            for c in &mut p.changes {
                c.rename(&map);
            }
        }
        for t in &r.tasks {
            self.state.upsert_task(t.clone());
        }
        for l in &r.links {
            self.state.upsert_link(*l);
        }
        self.recompute()?;
        if !self.queue.is_empty() {
            return Ok(Saved::Queued);
        }
        let agreed = compute::digest(&self.compiled, &self.schedule) == r.digest;
        // Others' edits that arrived meanwhile (versions keep our own
        // rows from being taken twice).
        let deferred = std::mem::take(&mut self.deferred);
        if self.take_rows(&deferred) {
            self.recompute()?;
        }
        Ok(if agreed {
            Saved::Agreed
        } else {
            Saved::Disagreed
        })
    }

    fn take_rows(&mut self, events: &[PlanEvent]) -> bool {
        let mut changed = false;
        for e in events {
            for t in &e.tasks {
                if self.state.task(t.id).is_none_or(|h| h.version < t.version) {
                    changed |= self.state.upsert_task(t.clone());
                }
            }
            for l in &e.links {
                if self.state.link(l.id).is_none_or(|h| h.version < l.version) {
                    changed |= self.state.upsert_link(*l);
                }
            }
        }
        changed
    }

    /// The server refused the batch in flight: it and everything queued
    /// after it are dropped, with their history entries. The caller
    /// reloads the plan ([`Editor::reset`]).
    pub fn refused(&mut self) {
        self.deferred.clear();
        while let Some(p) = self.queue.pop_back() {
            match p.origin {
                Origin::Action | Origin::Redo => self.history.drop_last_undo(),
                Origin::Undo => self.history.drop_last_redo(),
            }
        }
    }

    /// Someone else's saved edit (or our own, heard back). While our own
    /// batches are on their way it waits for them (see `deferred`);
    /// otherwise rows newer than ours replace them. Returns whether the
    /// plan on screen changed.
    pub fn receive(&mut self, e: &PlanEvent) -> Result<bool, AppError> {
        if e.project_id != self.project_id {
            return Ok(false);
        }
        if !self.queue.is_empty() {
            self.deferred.push(e.clone());
            return Ok(false);
        }
        let changed = self.take_rows(std::slice::from_ref(e));
        if changed {
            self.end_preview();
            self.recompute()?;
        }
        Ok(changed)
    }

    // ---- previews while dragging -------------------------------------

    /// A drag is being previewed (nothing of it is saved yet).
    pub fn previewing(&self) -> bool {
        self.preview.is_some()
    }

    fn begin_preview(&mut self, i: TaskIx) {
        if self.preview.is_none() {
            let t = &self.compiled.plan.tasks[i as usize];
            self.preview = Some((i, t.duration_minutes, t.constraint, t.percent_complete));
        }
    }

    /// Puts back what a preview changed (a cancelled drag).
    pub fn end_preview(&mut self) {
        if let Some((i, d, c, p)) = self.preview.take() {
            let t = &mut self.compiled.plan.tasks[i as usize];
            t.duration_minutes = d;
            t.milestone = d == 0;
            t.constraint = c;
            t.percent_complete = p;
            self.reschedule_in_place();
        }
    }

    fn reschedule_in_place(&mut self) {
        if let Ok(s) = self.scheduler.schedule(&self.compiled.plan) {
            let old = std::mem::replace(&mut self.schedule, s);
            self.scheduler.recycle(old);
        }
    }

    /// Shows the whole schedule as if task `i` started no earlier than
    /// `date` (successors move with it).
    pub fn preview_move(&mut self, i: TaskIx, date: NaiveDate) {
        self.begin_preview(i);
        self.compiled.plan.tasks[i as usize].constraint = Some(snet(date));
        self.reschedule_in_place();
    }

    pub fn preview_duration(&mut self, i: TaskIx, minutes: i64) {
        self.begin_preview(i);
        let t = &mut self.compiled.plan.tasks[i as usize];
        t.duration_minutes = minutes;
        t.milestone = minutes == 0;
        self.reschedule_in_place();
    }

    pub fn preview_percent(&mut self, i: TaskIx, percent: u8) {
        self.begin_preview(i);
        self.compiled.plan.tasks[i as usize].percent_complete = percent;
        self.reschedule_in_place();
    }

    // ---- the changes of each user action ------------------------------

    fn row(&self, i: TaskIx) -> Option<&super::model::TaskRow> {
        self.state.task(self.id_at(i))
    }

    /// Drag or arrow keys: start no earlier than `date` (as Microsoft
    /// Project does when a bar is moved).
    pub fn move_to(&self, i: TaskIx, date: NaiveDate) -> Vec<Change> {
        self.edit(i, TaskField::Constraint(Some(snet(date))))
    }

    pub fn edit(&self, i: TaskIx, field: TaskField) -> Vec<Change> {
        self.row(i)
            .map(|t| {
                vec![Change::EditTask {
                    id: t.id,
                    version: t.version,
                    field,
                }]
            })
            .unwrap_or_default()
    }

    /// Working minutes from task `i`'s start to the end of `last_day`
    /// (at least one day's worth unless `last_day` is before the start).
    pub fn duration_until(&self, i: TaskIx, last_day: NaiveDate) -> i64 {
        let start = self.schedule.start(i);
        let cal = self.calendar();
        if last_day < start.date() {
            return 0;
        }
        let mut total = 0i64;
        for d in start.date().iter_days().take_while(|d| *d <= last_day) {
            let from = if d == start.date() {
                i64::from(
                    start
                        .time()
                        .signed_duration_since(NaiveTime::MIN)
                        .num_minutes() as i32,
                )
            } else {
                0
            };
            total += cal
                .hours_on(d)
                .periods()
                .iter()
                .map(|&(a, b)| (i64::from(b) - i64::from(a).max(from)).max(0))
                .sum::<i64>();
        }
        total
    }

    /// A new task below row `after` (same parent), or at the end.
    pub fn add_after(
        &mut self,
        after: Option<TaskIx>,
        name: &str,
    ) -> Result<Vec<Change>, AppError> {
        let (parent, before_rank) = match after.and_then(|i| self.row(i)) {
            Some(t) => (t.parent, Some(t.rank.clone())),
            None => (
                None,
                self.state.children(None).last().map(|t| t.rank.clone()),
            ),
        };
        let siblings = self.state.children(parent);
        let next = before_rank.as_ref().and_then(|r| {
            siblings
                .iter()
                .find(|t| t.rank.as_str() > r.as_str())
                .map(|t| t.rank.clone())
        });
        let rank = rank::between(before_rank.as_deref(), next.as_deref())?;
        let temp = self.temp_id();
        Ok(vec![Change::AddTask {
            temp,
            parent,
            rank,
            name: name.to_string(),
            duration_minutes: i64::from(self.calendar().minutes_per_day),
        }])
    }

    /// Tab: the task becomes the last subtask of the sibling above it.
    pub fn indent(&self, i: TaskIx) -> Result<Vec<Change>, AppError> {
        let t = self
            .row(i)
            .ok_or_else(|| AppError::invalid("task", "is not in the plan"))?;
        let siblings = self.state.children(t.parent);
        let pos = siblings.iter().position(|s| s.id == t.id).unwrap_or(0);
        if pos == 0 {
            return Err(AppError::invalid(
                "task",
                "has no task above it to go under",
            ));
        }
        let new_parent = siblings[pos - 1].id;
        let last = self
            .state
            .children(Some(new_parent))
            .last()
            .map(|c| c.rank.clone());
        Ok(vec![Change::MoveTask {
            id: t.id,
            version: t.version,
            parent: Some(new_parent),
            rank: rank::between(last.as_deref(), None)?,
        }])
    }

    /// Shift+Tab: the task follows its parent, one level up.
    pub fn outdent(&self, i: TaskIx) -> Result<Vec<Change>, AppError> {
        let t = self
            .row(i)
            .ok_or_else(|| AppError::invalid("task", "is not in the plan"))?;
        let parent = t
            .parent
            .and_then(|p| self.state.task(p))
            .ok_or_else(|| AppError::invalid("task", "is at the top level already"))?;
        let siblings = self.state.children(parent.parent);
        let next = siblings
            .iter()
            .find(|s| s.rank.as_str() > parent.rank.as_str())
            .map(|s| s.rank.clone());
        Ok(vec![Change::MoveTask {
            id: t.id,
            version: t.version,
            parent: parent.parent,
            rank: rank::between(Some(&parent.rank), next.as_deref())?,
        }])
    }

    /// Delete: the task and its subtasks, deepest first.
    pub fn delete(&self, i: TaskIx) -> Vec<Change> {
        let Some(t) = self.row(i) else {
            return Vec::new();
        };
        let mut order = vec![t.id];
        let mut k = 0;
        while k < order.len() {
            order.extend(self.state.children(Some(order[k])).iter().map(|c| c.id));
            k += 1;
        }
        order
            .into_iter()
            .rev()
            .filter_map(|id| self.state.task(id))
            .map(|t| Change::DeleteTask {
                id: t.id,
                version: t.version,
            })
            .collect()
    }

    /// A finish-to-start link from `from` to `to` (drag between bars, or
    /// "Link to…").
    pub fn link(&mut self, from: TaskIx, to: TaskIx) -> Vec<Change> {
        let (p, s) = (self.id_at(from), self.id_at(to));
        let temp = self.temp_id();
        vec![Change::AddLink {
            temp,
            predecessor: p,
            successor: s,
            kind: LinkKind::FinishToStart,
            lag_minutes: 0,
        }]
    }

    /// The grid's predecessor cell of row `i`.
    pub fn predecessors_text(&self, i: TaskIx) -> String {
        let links = self.links_of.get(i as usize).map_or(&[][..], |v| &v[..]);
        super::predecessors::format_links(&self.compiled, i, links.iter().copied())
    }

    pub fn set_predecessors(&mut self, i: TaskIx, text: &str) -> Result<Vec<Change>, AppError> {
        let mut temp = self.next_temp;
        let out = super::predecessors::changes(
            &self.state,
            &self.compiled,
            self.id_at(i),
            text,
            &mut temp,
        )?;
        self.next_temp = temp;
        Ok(out)
    }

    /// The digest of what is on screen.
    pub fn digest(&self) -> u64 {
        compute::digest(&self.compiled, &self.schedule)
    }
}

/// Start no earlier than the start of `date`.
pub fn snet(date: NaiveDate) -> Constraint {
    Constraint {
        kind: ConstraintKind::StartNoEarlierThan,
        date: date.and_time(NaiveTime::MIN),
    }
}

/// The last calendar day a bar covers (a finish at 00:00 or at the end of
/// a day's work belongs to that day).
pub fn last_day(finish: NaiveDateTime) -> NaiveDate {
    if finish.time() == NaiveTime::MIN {
        finish.date() - Duration::days(1)
    } else {
        finish.date()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::model::*;

    fn plan() -> ProjectPlan {
        let ranks = rank::sequence(2);
        let row = |id: i64, rank: &str| TaskRow {
            id,
            version: 1,
            parent: None,
            rank: rank.into(),
            name: format!("T{id}"),
            duration_minutes: 480,
            percent_complete: 0,
            constraint: None,
            assignments: Vec::new(),
            deleted: false,
        };
        ProjectPlan {
            project: ProjectSummary {
                id: 1,
                version: 1,
                name: "P".into(),
                account_id: None,
                account_name: None,
                deal_id: None,
                manager_id: 1,
                manager_name: "M".into(),
                calendar: CalendarKey::Standard,
                start: NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
                status: ProjectStatus::Active,
                finish: None,
                percent_complete: 0,
                critical_late: false,
                task_count: 2,
                archived: false,
            },
            calendar: crate::domain::schedule::presets::standard(),
            tasks: vec![row(10, &ranks[0]), row(11, &ranks[1])],
            person_calendars: Vec::new(),
            links: vec![LinkRow {
                id: 5,
                version: 1,
                predecessor: 10,
                successor: 11,
                kind: LinkKind::FinishToStart,
                lag_minutes: 0,
                deleted: false,
            }],
            people: vec![],
            baselines: vec![],
            editable: true,
            digest: 0,
        }
    }

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).expect("date")
    }

    #[test]
    fn a_preview_moves_successors_and_a_cancel_puts_them_back() {
        let mut e = Editor::new(&plan()).expect("editor");
        assert_eq!(e.schedule.start(1).date(), d(3, 3));
        e.preview_move(0, d(3, 9));
        assert_eq!(e.schedule.start(1).date(), d(3, 10));
        e.end_preview();
        assert_eq!(e.schedule.start(1).date(), d(3, 3));
    }

    #[test]
    fn actions_queue_in_order_and_answers_rename_temporaries() {
        let mut e = Editor::new(&plan()).expect("editor");
        let add = e.add_after(Some(1), "New").expect("add");
        e.act(add).expect("applies");
        let link = e.link(1, 2);
        e.act(link).expect("links");
        assert_eq!(e.len(), 3);
        let first = e.next_batch().expect("first batch");
        assert!(e.next_batch().is_none(), "one in flight at a time");
        assert!(matches!(first.changes[0], Change::AddTask { temp: -1, .. }));
        let mut stored = e.state.task(-1).cloned().expect("temp row");
        stored.id = 77;
        let r = EditResult {
            tasks: vec![stored],
            links: vec![],
            new_tasks: vec![(-1, 77)],
            new_links: vec![],
            digest: 0,
        };
        assert_eq!(e.saved(&r).expect("saved"), Saved::Queued);
        let second = e.next_batch().expect("second");
        assert!(matches!(
            second.changes[0],
            Change::AddLink { successor: 77, .. }
        ));
        // Undo of the first action now names the stored id.
        e.refused();
        assert!(e.history.can_undo(), "the saved action can still be undone");
    }

    #[test]
    fn the_answer_is_compared_with_the_local_schedule() {
        let mut e = Editor::new(&plan()).expect("editor");
        let m = e.move_to(0, d(3, 4));
        e.act(m).expect("moves");
        e.next_batch().expect("batch");
        let row = e.state.task(10).cloned().expect("row");
        let good = EditResult {
            tasks: vec![row.clone()],
            links: vec![],
            new_tasks: vec![],
            new_links: vec![],
            digest: e.digest(),
        };
        assert_eq!(e.saved(&good).expect("ok"), Saved::Agreed);
        let m = e.move_to(0, d(3, 5));
        e.act(m).expect("moves");
        e.next_batch().expect("batch");
        let bad = EditResult { digest: 1, ..good };
        assert_eq!(e.saved(&bad).expect("ok"), Saved::Disagreed);
    }

    #[test]
    fn our_own_event_before_our_answer_does_not_double_a_row() {
        let mut e = Editor::new(&plan()).expect("editor");
        let c = e.link(0, 1);
        // Replace the existing link by a new one: delete, then add back.
        e.act(vec![Change::DeleteLink { id: 5, version: 1 }])
            .expect("delete");
        e.act(c).expect("link");
        e.next_batch().expect("first");
        let stored = LinkRow {
            id: 9,
            version: 1,
            predecessor: 10,
            successor: 11,
            kind: LinkKind::FinishToStart,
            lag_minutes: 0,
            deleted: false,
        };
        let event = PlanEvent {
            project_id: 1,
            user_id: 1,
            tasks: vec![],
            links: vec![stored],
            digest: 0,
        };
        assert!(!e.receive(&event).expect("deferred"));
        let deleted = *e.state.link(5).expect("row");
        e.saved(&EditResult {
            tasks: vec![],
            links: vec![deleted],
            new_tasks: vec![],
            new_links: vec![],
            digest: 0,
        })
        .expect("first saved");
        e.next_batch().expect("second");
        e.saved(&EditResult {
            tasks: vec![],
            links: vec![stored],
            new_tasks: vec![],
            new_links: vec![(-1, 9)],
            digest: e.digest(),
        })
        .expect("second saved");
        assert_eq!(e.state.live_links().count(), 1);
        assert_eq!(e.predecessors_text(1), "1");
    }

    #[test]
    fn a_loop_is_refused_locally_and_changes_nothing() {
        let mut e = Editor::new(&plan()).expect("editor");
        let back = e.link(1, 0);
        let err = e.act(back).expect_err("loop");
        assert!(matches!(err, AppError::Validation { ref field, .. } if field == "predecessors"));
        assert_eq!(e.state.live_links().count(), 1);
        assert!(e.next_batch().is_none());
    }

    #[test]
    fn indent_outdent_and_durations() {
        // A link between a summary and its own subtask is a loop.
        let mut p = plan();
        p.links.clear();
        let mut e = Editor::new(&p).expect("editor");
        let ind = e.indent(1).expect("indent");
        e.act(ind).expect("applies");
        assert_eq!(e.compiled.numbers, ["1", "1.1"]);
        let out = e.outdent(1).expect("outdent");
        e.act(out).expect("applies");
        assert_eq!(e.compiled.numbers, ["1", "2"]);
        assert!(e.indent(0).is_err());
        // Monday 08:00 to the end of Wednesday: three days.
        assert_eq!(e.duration_until(0, d(3, 4)), 3 * 480);
        assert_eq!(last_day(e.schedule.finish(0)), d(3, 2));
        e.undo().expect("entry").expect("undo");
        assert_eq!(e.compiled.numbers, ["1", "1.1"]);
        e.redo().expect("entry").expect("redo");
        assert_eq!(e.compiled.numbers, ["1", "2"]);
    }
    #[test]
    fn an_undo_while_the_move_is_on_its_way_restores_at_once_and_saves_after_it() {
        let mut e = Editor::new(&plan()).expect("editor");
        let m = e.move_to(0, d(3, 9));
        e.act(m).expect("moves");
        assert_eq!(e.schedule.start(1).date(), d(3, 10));
        let first = e.next_batch().expect("move in flight");
        e.undo().expect("entry").expect("undo");
        assert_eq!(
            e.schedule.start(0).date(),
            d(3, 2),
            "restored before any answer"
        );
        assert_eq!(e.schedule.start(1).date(), d(3, 3));
        // The server's answer to the move: the row at version 2.
        let mut moved = e.state.task(10).cloned().expect("row");
        moved.version = 2;
        moved.constraint = match &first.changes[0] {
            Change::EditTask {
                field: TaskField::Constraint(c),
                ..
            } => *c,
            other => panic!("not a constraint edit: {other:?}"),
        };
        let r = EditResult {
            tasks: vec![moved],
            links: vec![],
            new_tasks: vec![],
            new_links: vec![],
            digest: 0,
        };
        assert_eq!(e.saved(&r).expect("saved"), Saved::Queued);
        assert_eq!(
            e.schedule.start(0).date(),
            d(3, 2),
            "the answer does not bring the move back"
        );
        let undo = e.next_batch().expect("undo batch");
        assert!(
            matches!(
                undo.changes[0],
                Change::EditTask {
                    id: 10,
                    version: 2,
                    ..
                }
            ),
            "the undo follows the stored version: {:?}",
            undo.changes
        );
        let back = e.state.task(10).cloned().expect("row");
        assert_eq!(back.version, 3);
        let r = EditResult {
            tasks: vec![back],
            links: vec![],
            new_tasks: vec![],
            new_links: vec![],
            digest: e.digest(),
        };
        assert_eq!(e.saved(&r).expect("saved"), Saved::Agreed);
        assert!(e.history.can_redo());
    }
    #[test]
    fn moving_a_summary_moves_its_subtasks() {
        // Task 2 under task 1: 1 becomes a summary; no links.
        let mut p = plan();
        p.links.clear();
        let mut e = Editor::new(&p).expect("editor");
        let ind = e.indent(1).expect("indent");
        e.act(ind).expect("applies");
        assert!(e.compiled.summary[0]);
        e.preview_move(0, d(3, 9));
        assert_eq!(
            e.schedule.start(1).date(),
            d(3, 9),
            "the preview moves the subtask"
        );
        e.end_preview();
        let m = e.move_to(0, d(3, 9));
        e.act(m).expect("moves");
        assert_eq!(e.schedule.start(0).date(), d(3, 9));
        assert_eq!(e.schedule.start(1).date(), d(3, 9));
    }
}
