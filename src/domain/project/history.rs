//! Undo and redo. Each entry is the batch that reverses one user action.
//! Undoing is just another edit: it is restamped with the versions the
//! browser holds now, applied, saved and answered like any other, so it
//! works after saving and conflicts like any other edit would.

use super::change::Change;
use super::state::ProjectState;
use crate::domain::AppError;

#[derive(Debug, Clone, Default)]
pub struct History {
    undo: Vec<Vec<Change>>,
    redo: Vec<Vec<Change>>,
}

/// Most actions kept (older ones fall off).
pub const DEPTH: usize = 200;

impl History {
    /// Records a new action (clears what could be redone).
    pub fn record(&mut self, inverse: Vec<Change>) {
        if inverse.is_empty() {
            return;
        }
        self.redo.clear();
        self.undo.push(inverse);
        if self.undo.len() > DEPTH {
            self.undo.remove(0);
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Applies the last action's reverse to `state` and returns the batch
    /// to send. `None` when there is nothing to undo; on an error (the
    /// rows moved on in a way the reverse cannot follow) the entry stays.
    pub fn undo(&mut self, state: &mut ProjectState) -> Option<Result<Vec<Change>, AppError>> {
        let batch = self.undo.pop()?;
        Some(match replay(state, &batch) {
            Ok((sent, inverse)) => {
                self.redo.push(inverse);
                Ok(sent)
            }
            Err(e) => {
                self.undo.push(batch);
                Err(e)
            }
        })
    }

    pub fn redo(&mut self, state: &mut ProjectState) -> Option<Result<Vec<Change>, AppError>> {
        let batch = self.redo.pop()?;
        Some(match replay(state, &batch) {
            Ok((sent, inverse)) => {
                self.undo.push(inverse);
                Ok(sent)
            }
            Err(e) => {
                self.redo.push(batch);
                Err(e)
            }
        })
    }

    /// The server refused a batch sent by [`History::undo`] or
    /// [`History::redo`]: forget the entry it moved, since the rows are
    /// now as the server has them.
    pub fn drop_last_redo(&mut self) {
        self.redo.pop();
    }

    pub fn drop_last_undo(&mut self) {
        self.undo.pop();
    }

    /// Gives temporary ids their stored ones in every entry.
    pub fn rename(&mut self, map: &dyn Fn(bool, i64) -> Option<i64>) {
        for c in self.undo.iter_mut().chain(self.redo.iter_mut()).flatten() {
            c.rename(map);
        }
    }
}

fn replay(
    state: &mut ProjectState,
    batch: &[Change],
) -> Result<(Vec<Change>, Vec<Change>), AppError> {
    let mut sent = batch.to_vec();
    // Restamp: each change expects the version the row has now; a batch
    // touching a row twice expects the second one after the first.
    let mut scratch = state.clone();
    for c in &mut sent {
        if let Some((is_task, id)) = c.target() {
            let v = if is_task {
                scratch.task(id).map(|t| t.version)
            } else {
                scratch.link(id).map(|l| l.version)
            };
            if let Some(v) = v {
                c.set_version(v);
            }
        }
        scratch.apply(c)?;
    }
    let inverse = state.apply_all(&sent)?;
    Ok((sent, inverse))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::{TaskField, TaskRow};

    fn state() -> ProjectState {
        ProjectState::new(
            vec![TaskRow {
                id: 1,
                version: 1,
                parent: None,
                rank: "80".into(),
                name: "A".into(),
                duration_minutes: 480,
                percent_complete: 0,
                constraint: None,
                assignments: Vec::new(),
                deleted: false,
            }],
            vec![],
        )
    }

    #[test]
    fn undo_and_redo_restamp_versions_moved_on_by_others() {
        let mut s = state();
        let mut h = History::default();
        let inv = s
            .apply_all(&[Change::EditTask {
                id: 1,
                version: 1,
                field: TaskField::Duration(960),
            }])
            .expect("edit");
        h.record(inv);
        // Someone renames the task meanwhile (a live event): version 3.
        let mut other = s.task(1).cloned().expect("row");
        other.version = 3;
        other.name = "Renamed".into();
        s.upsert_task(other);
        let sent = h.undo(&mut s).expect("entry").expect("undoes");
        assert!(matches!(sent[0], Change::EditTask { version: 3, .. }));
        assert_eq!(
            s.task(1).map(|t| (t.duration_minutes, t.name.as_str())),
            Some((480, "Renamed"))
        );
        assert!(h.can_redo() && !h.can_undo());
        let again = h.redo(&mut s).expect("entry").expect("redoes");
        assert!(matches!(again[0], Change::EditTask { version: 4, .. }));
        assert_eq!(s.task(1).map(|t| t.duration_minutes), Some(960));
        assert!(h.undo(&mut s).is_some());
        assert!(h.undo(&mut s).is_none());
    }

    #[test]
    fn an_undo_that_cannot_apply_stays_on_the_stack() {
        let mut s = state();
        let mut h = History::default();
        h.record(vec![Change::DeleteLink { id: 9, version: 1 }]);
        assert!(h.undo(&mut s).expect("entry").is_err());
        assert!(h.can_undo());
    }
}
