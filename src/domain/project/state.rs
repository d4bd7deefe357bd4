//! A plan's rows and the one function that edits them. The browser runs
//! it for the instant preview, the server runs it inside the transaction
//! before writing, so both hold the same rules.

use std::collections::HashMap;

use super::change::{Change, TaskField};
use super::model::{LinkRow, TaskRow};
use crate::domain::AppError;

/// Longest duration a task may have: 100 years of 8-hour days.
pub const MAX_DURATION_MINUTES: i64 = 100 * 365 * 480;
/// Longest lag or lead: 10 years of 8-hour days.
pub const MAX_LAG_MINUTES: i64 = 10 * 365 * 480;
pub const MAX_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProjectState {
    tasks: Vec<TaskRow>,
    links: Vec<LinkRow>,
    task_ix: HashMap<i64, usize>,
    link_ix: HashMap<i64, usize>,
}

fn conflict(entity: &str, current_version: i64) -> AppError {
    AppError::Conflict {
        entity: entity.into(),
        current_version,
    }
}

fn not_found(entity: &str) -> AppError {
    AppError::NotFound {
        entity: entity.into(),
    }
}

impl ProjectState {
    pub fn new(tasks: Vec<TaskRow>, links: Vec<LinkRow>) -> Self {
        let task_ix = tasks.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let link_ix = links.iter().enumerate().map(|(i, l)| (l.id, i)).collect();
        ProjectState {
            tasks,
            links,
            task_ix,
            link_ix,
        }
    }

    /// Every task, deleted ones included, in no particular order.
    pub fn tasks(&self) -> &[TaskRow] {
        &self.tasks
    }

    pub fn links(&self) -> &[LinkRow] {
        &self.links
    }

    pub fn task(&self, id: i64) -> Option<&TaskRow> {
        self.task_ix.get(&id).map(|&i| &self.tasks[i])
    }

    pub fn link(&self, id: i64) -> Option<&LinkRow> {
        self.link_ix.get(&id).map(|&i| &self.links[i])
    }

    pub fn live_tasks(&self) -> impl Iterator<Item = &TaskRow> {
        self.tasks.iter().filter(|t| !t.deleted)
    }

    /// Links whose both ends are live.
    pub fn live_links(&self) -> impl Iterator<Item = &LinkRow> {
        self.links.iter().filter(|l| {
            !l.deleted
                && self.task(l.predecessor).is_some_and(|t| !t.deleted)
                && self.task(l.successor).is_some_and(|t| !t.deleted)
        })
    }

    /// The live children of `parent` (`None`: the top level), in order.
    pub fn children(&self, parent: Option<i64>) -> Vec<&TaskRow> {
        let mut out: Vec<&TaskRow> = self.live_tasks().filter(|t| t.parent == parent).collect();
        out.sort_by(|a, b| a.rank.cmp(&b.rank).then(a.id.cmp(&b.id)));
        out
    }

    /// Stores a row as the server has it (an answer or a live event).
    /// Older than what is here already: ignored, so a late event never
    /// undoes a newer answer. Returns whether it applied.
    pub fn upsert_task(&mut self, row: TaskRow) -> bool {
        match self.task_ix.get(&row.id) {
            Some(&i) if self.tasks[i].version > row.version => false,
            Some(&i) => {
                self.tasks[i] = row;
                true
            }
            None => {
                self.task_ix.insert(row.id, self.tasks.len());
                self.tasks.push(row);
                true
            }
        }
    }

    pub fn upsert_link(&mut self, row: LinkRow) -> bool {
        match self.link_ix.get(&row.id) {
            Some(&i) if self.links[i].version > row.version => false,
            Some(&i) => {
                self.links[i] = row;
                true
            }
            None => {
                self.link_ix.insert(row.id, self.links.len());
                self.links.push(row);
                true
            }
        }
    }

    /// Gives a temporary task the id the server stored it under.
    pub fn rename_task(&mut self, temp: i64, id: i64) {
        let Some(i) = self.task_ix.remove(&temp) else {
            return;
        };
        self.tasks[i].id = id;
        self.task_ix.insert(id, i);
        for t in &mut self.tasks {
            if t.parent == Some(temp) {
                t.parent = Some(id);
            }
        }
        for l in &mut self.links {
            if l.predecessor == temp {
                l.predecessor = id;
            }
            if l.successor == temp {
                l.successor = id;
            }
        }
    }

    pub fn rename_link(&mut self, temp: i64, id: i64) {
        if let Some(i) = self.link_ix.remove(&temp) {
            self.links[i].id = id;
            self.link_ix.insert(id, i);
        }
    }

    /// Drops a temporary row the server never stored (a refused batch).
    pub fn forget_temporaries(&mut self) {
        self.tasks.retain(|t| t.id > 0);
        self.links.retain(|l| l.id > 0);
        *self = ProjectState::new(
            std::mem::take(&mut self.tasks),
            std::mem::take(&mut self.links),
        );
    }

    fn live_task(&self, id: i64, field: &str) -> Result<&TaskRow, AppError> {
        match self.task(id) {
            Some(t) if !t.deleted => Ok(t),
            Some(_) => Err(AppError::invalid(field, "names a deleted task")),
            None => Err(not_found("task")),
        }
    }

    fn versioned_task(&mut self, id: i64, version: i64) -> Result<&mut TaskRow, AppError> {
        let i = *self.task_ix.get(&id).ok_or_else(|| not_found("task"))?;
        let t = &mut self.tasks[i];
        if t.version != version {
            return Err(conflict("task", t.version));
        }
        t.version += 1;
        Ok(t)
    }

    fn versioned_link(&mut self, id: i64, version: i64) -> Result<&mut LinkRow, AppError> {
        let i = *self.link_ix.get(&id).ok_or_else(|| not_found("link"))?;
        let l = &mut self.links[i];
        if l.version != version {
            return Err(conflict("link", l.version));
        }
        l.version += 1;
        Ok(l)
    }

    fn check_parent(&self, id: Option<i64>, parent: Option<i64>) -> Result<(), AppError> {
        let Some(mut p) = parent else {
            return Ok(());
        };
        self.live_task(p, "parent")?;
        // Walk up: the new parent must not sit under the task itself.
        for _ in 0..=self.tasks.len() {
            if Some(p) == id {
                return Err(AppError::invalid(
                    "parent",
                    "a task cannot go under its own subtask",
                ));
            }
            match self.task(p).and_then(|t| t.parent) {
                Some(up) => p = up,
                None => return Ok(()),
            }
        }
        Err(AppError::invalid("parent", "the outline loops"))
    }

    fn check_pair(&self, own: Option<i64>, pred: i64, succ: i64) -> Result<(), AppError> {
        self.live_task(pred, "predecessor")?;
        self.live_task(succ, "successor")?;
        if pred == succ {
            return Err(AppError::invalid(
                "successor",
                "a task cannot depend on itself",
            ));
        }
        if self
            .live_links()
            .any(|l| Some(l.id) != own && l.predecessor == pred && l.successor == succ)
        {
            return Err(AppError::invalid(
                "successor",
                "these two tasks are linked already",
            ));
        }
        Ok(())
    }

    /// Applies one change and returns the change that undoes it (its
    /// version is the row's new one). On an error nothing has changed.
    pub fn apply(&mut self, change: &Change) -> Result<Change, AppError> {
        match change {
            Change::AddTask {
                temp,
                parent,
                rank,
                name,
                duration_minutes,
            } => {
                if self.task_ix.contains_key(temp) {
                    return Err(AppError::invalid("id", "is taken"));
                }
                self.check_parent(None, *parent)?;
                let row = TaskRow {
                    id: *temp,
                    version: 1,
                    parent: *parent,
                    rank: check_rank(rank)?,
                    name: check_name(name)?,
                    duration_minutes: check_duration(*duration_minutes)?,
                    percent_complete: 0,
                    constraint: None,
                    assignments: Vec::new(),
                    deleted: false,
                };
                self.task_ix.insert(row.id, self.tasks.len());
                self.tasks.push(row);
                Ok(Change::DeleteTask {
                    id: *temp,
                    version: 1,
                })
            }
            Change::EditTask { id, version, field } => {
                let field = check_field(field)?;
                if self.live_task(*id, "task").is_err() {
                    return Err(not_found("task"));
                }
                let t = self.versioned_task(*id, *version)?;
                let old = match field {
                    TaskField::Name(v) => TaskField::Name(std::mem::replace(&mut t.name, v)),
                    TaskField::Duration(v) => {
                        TaskField::Duration(std::mem::replace(&mut t.duration_minutes, v))
                    }
                    TaskField::PercentComplete(v) => {
                        TaskField::PercentComplete(std::mem::replace(&mut t.percent_complete, v))
                    }
                    TaskField::Constraint(v) => {
                        TaskField::Constraint(std::mem::replace(&mut t.constraint, v))
                    }
                    TaskField::Assignments(v) => {
                        TaskField::Assignments(std::mem::replace(&mut t.assignments, v))
                    }
                };
                Ok(Change::EditTask {
                    id: *id,
                    version: t.version,
                    field: old,
                })
            }
            Change::MoveTask {
                id,
                version,
                parent,
                rank,
            } => {
                self.live_task(*id, "task")?;
                self.check_parent(Some(*id), *parent)?;
                let rank = check_rank(rank)?;
                let t = self.versioned_task(*id, *version)?;
                let old_parent = std::mem::replace(&mut t.parent, *parent);
                let old_rank = std::mem::replace(&mut t.rank, rank);
                Ok(Change::MoveTask {
                    id: *id,
                    version: t.version,
                    parent: old_parent,
                    rank: old_rank,
                })
            }
            Change::DeleteTask { id, version } => {
                self.live_task(*id, "task")?;
                if self.live_tasks().any(|t| t.parent == Some(*id)) {
                    return Err(AppError::invalid("task", "has subtasks: delete them first"));
                }
                let t = self.versioned_task(*id, *version)?;
                t.deleted = true;
                Ok(Change::RestoreTask {
                    id: *id,
                    version: t.version,
                })
            }
            Change::RestoreTask { id, version } => {
                let t = self.task(*id).ok_or_else(|| not_found("task"))?;
                if !t.deleted {
                    return Err(AppError::invalid("task", "is not deleted"));
                }
                self.check_parent(Some(*id), t.parent)?;
                let t = self.versioned_task(*id, *version)?;
                t.deleted = false;
                Ok(Change::DeleteTask {
                    id: *id,
                    version: t.version,
                })
            }
            Change::AddLink {
                temp,
                predecessor,
                successor,
                kind,
                lag_minutes,
            } => {
                if self.link_ix.contains_key(temp) {
                    return Err(AppError::invalid("id", "is taken"));
                }
                self.check_pair(None, *predecessor, *successor)?;
                let row = LinkRow {
                    id: *temp,
                    version: 1,
                    predecessor: *predecessor,
                    successor: *successor,
                    kind: *kind,
                    lag_minutes: check_lag(*lag_minutes)?,
                    deleted: false,
                };
                self.link_ix.insert(row.id, self.links.len());
                self.links.push(row);
                Ok(Change::DeleteLink {
                    id: *temp,
                    version: 1,
                })
            }
            Change::EditLink {
                id,
                version,
                kind,
                lag_minutes,
            } => {
                let lag = check_lag(*lag_minutes)?;
                let l = self.versioned_link(*id, *version)?;
                let old_kind = std::mem::replace(&mut l.kind, *kind);
                let old_lag = std::mem::replace(&mut l.lag_minutes, lag);
                Ok(Change::EditLink {
                    id: *id,
                    version: l.version,
                    kind: old_kind,
                    lag_minutes: old_lag,
                })
            }
            Change::DeleteLink { id, version } => {
                if self.link(*id).is_some_and(|l| l.deleted) {
                    return Err(AppError::invalid("link", "is deleted already"));
                }
                let l = self.versioned_link(*id, *version)?;
                l.deleted = true;
                Ok(Change::RestoreLink {
                    id: *id,
                    version: l.version,
                })
            }
            Change::RestoreLink { id, version } => {
                let l = *self.link(*id).ok_or_else(|| not_found("link"))?;
                if !l.deleted {
                    return Err(AppError::invalid("link", "is not deleted"));
                }
                self.check_pair(Some(l.id), l.predecessor, l.successor)?;
                let l = self.versioned_link(*id, *version)?;
                l.deleted = false;
                Ok(Change::DeleteLink {
                    id: *id,
                    version: l.version,
                })
            }
        }
    }

    /// Applies a batch in order; on the first error everything is put
    /// back. Returns the undoing batch (already in reverse order).
    pub fn apply_all(&mut self, changes: &[Change]) -> Result<Vec<Change>, AppError> {
        let saved = self.clone();
        let mut inverse = Vec::with_capacity(changes.len());
        for c in changes {
            match self.apply(c) {
                Ok(inv) => inverse.push(inv),
                Err(e) => {
                    *self = saved;
                    return Err(e);
                }
            }
        }
        inverse.reverse();
        Ok(inverse)
    }
}

fn check_name(name: &str) -> Result<String, AppError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(AppError::invalid("name", "is required"));
    }
    if name.chars().count() > MAX_NAME_CHARS {
        return Err(AppError::invalid("name", "must be at most 200 characters"));
    }
    Ok(name.to_string())
}

fn check_duration(minutes: i64) -> Result<i64, AppError> {
    if minutes < 0 {
        return Err(AppError::invalid("duration", "cannot be negative"));
    }
    if minutes > MAX_DURATION_MINUTES {
        return Err(AppError::invalid("duration", "must be under 100 years"));
    }
    Ok(minutes)
}

fn check_lag(minutes: i64) -> Result<i64, AppError> {
    if minutes.abs() > MAX_LAG_MINUTES {
        return Err(AppError::invalid(
            "lag",
            "must be under 10 years either way",
        ));
    }
    Ok(minutes)
}

fn check_rank(rank: &str) -> Result<String, AppError> {
    if rank.is_empty()
        || rank.len() > 64
        || fractional_index::FractionalIndex::from_string(rank).is_err()
    {
        return Err(AppError::invalid("rank", "is not a position"));
    }
    Ok(rank.to_string())
}

fn check_field(field: &TaskField) -> Result<TaskField, AppError> {
    Ok(match field {
        TaskField::Name(n) => TaskField::Name(check_name(n)?),
        TaskField::Duration(m) => TaskField::Duration(check_duration(*m)?),
        TaskField::PercentComplete(p) if *p > 100 => {
            return Err(AppError::invalid("percent_complete", "must be 0 to 100"));
        }
        TaskField::Assignments(a) => {
            let mut seen = std::collections::HashSet::new();
            for x in a {
                if x.units == 0 || x.units > 1000 {
                    return Err(AppError::invalid("units", "must be 1 % to 1000 %"));
                }
                if !seen.insert(x.user_id) {
                    return Err(AppError::invalid(
                        "assignments",
                        "names the same person twice",
                    ));
                }
            }
            field.clone()
        }
        other => other.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::change::Change;
    use crate::domain::schedule::LinkKind;

    fn row(id: i64, parent: Option<i64>, rank: &str) -> TaskRow {
        TaskRow {
            id,
            version: 1,
            parent,
            rank: rank.into(),
            name: format!("T{id}"),
            duration_minutes: 480,
            percent_complete: 0,
            constraint: None,
            assignments: Vec::new(),
            deleted: false,
        }
    }

    fn state() -> ProjectState {
        ProjectState::new(
            vec![
                row(1, None, "80"),
                row(2, None, "90"),
                row(3, Some(2), "80"),
            ],
            vec![],
        )
    }

    #[test]
    fn an_edit_and_its_inverse_round_trip() {
        let mut s = state();
        let before = s.clone();
        let undo = s
            .apply_all(&[Change::EditTask {
                id: 1,
                version: 1,
                field: TaskField::Duration(960),
            }])
            .expect("applies");
        assert_eq!(
            s.task(1).map(|t| (t.duration_minutes, t.version)),
            Some((960, 2))
        );
        s.apply_all(&undo).expect("undoes");
        assert_eq!(
            s.task(1).map(|t| t.duration_minutes),
            before.task(1).map(|t| t.duration_minutes)
        );
        assert_eq!(s.task(1).map(|t| t.version), Some(3));
    }

    #[test]
    fn a_stale_version_is_a_conflict_and_changes_nothing() {
        let mut s = state();
        let before = s.clone();
        let r = s.apply_all(&[
            Change::EditTask {
                id: 1,
                version: 1,
                field: TaskField::Name("New".into()),
            },
            Change::EditTask {
                id: 2,
                version: 7,
                field: TaskField::Name("Late".into()),
            },
        ]);
        assert!(matches!(
            r,
            Err(AppError::Conflict {
                current_version: 1,
                ..
            })
        ));
        assert_eq!(s, before);
    }

    #[test]
    fn links_refuse_self_duplicates_and_deleted_ends() {
        let mut s = state();
        let add = |temp, p, q| Change::AddLink {
            temp,
            predecessor: p,
            successor: q,
            kind: LinkKind::FinishToStart,
            lag_minutes: 0,
        };
        assert!(s.apply(&add(-1, 1, 1)).is_err());
        s.apply(&add(-1, 1, 3)).expect("link");
        assert!(s.apply(&add(-2, 1, 3)).is_err());
        // Deleting a task with subtasks is refused; leaves first works.
        assert!(s.apply(&Change::DeleteTask { id: 2, version: 1 }).is_err());
        let undo = s
            .apply_all(&[
                Change::DeleteTask { id: 3, version: 1 },
                Change::DeleteTask { id: 2, version: 1 },
            ])
            .expect("deletes");
        assert_eq!(s.live_links().count(), 0);
        s.apply_all(&undo).expect("restores");
        assert_eq!(s.live_links().count(), 1);
        assert_eq!(s.children(Some(2)).len(), 1);
    }

    #[test]
    fn a_task_cannot_move_under_its_own_subtask() {
        let mut s = state();
        let r = s.apply(&Change::MoveTask {
            id: 2,
            version: 1,
            parent: Some(3),
            rank: crate::domain::sales::rank::sequence(1)[0].clone(),
        });
        assert!(matches!(r, Err(AppError::Validation { ref field, .. }) if field == "parent"));
    }

    #[test]
    fn temporaries_are_renamed_everywhere() {
        let mut s = state();
        s.apply_all(&[
            Change::AddTask {
                temp: -1,
                parent: Some(2),
                rank: crate::domain::sales::rank::sequence(2)[1].clone(),
                name: "New".into(),
                duration_minutes: 0,
            },
            Change::AddLink {
                temp: -1,
                predecessor: 1,
                successor: -1,
                kind: LinkKind::FinishToStart,
                lag_minutes: 0,
            },
        ])
        .expect("adds");
        s.rename_task(-1, 40);
        s.rename_link(-1, 9);
        assert_eq!(s.link(9).map(|l| l.successor), Some(40));
        assert_eq!(
            s.children(Some(2)).iter().map(|t| t.id).collect::<Vec<_>>(),
            [3, 40]
        );
    }

    #[test]
    fn bad_fields_name_the_field() {
        let mut s = state();
        for (field, name) in [
            (TaskField::Name("  ".into()), "name"),
            (TaskField::Duration(-1), "duration"),
            (TaskField::PercentComplete(101), "percent_complete"),
        ] {
            let r = s.apply(&Change::EditTask {
                id: 1,
                version: 1,
                field,
            });
            assert!(
                matches!(r, Err(AppError::Validation { field: ref f, .. }) if f == name),
                "{name}"
            );
        }
    }
}
