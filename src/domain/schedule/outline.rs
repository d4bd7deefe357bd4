//! The WBS tree: children in sibling order, outline numbers (1, 1.2,
//! 1.2.3), and which tasks are summaries. Derived from `parent` and the
//! order of [`Plan::tasks`](super::Plan), never stored, so they cannot
//! disagree with the tree.

use super::error::ScheduleError;
use super::model::{Task, TaskIx};

/// The tree, in compressed form: `children(i)` is a slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outline {
    child_start: Vec<u32>,
    child_list: Vec<TaskIx>,
    roots: Vec<TaskIx>,
    /// Parents before children, siblings in order (the grid's row order).
    preorder: Vec<TaskIx>,
}

impl Outline {
    pub fn new(tasks: &[Task]) -> Result<Self, ScheduleError> {
        let n = tasks.len();
        let mut count = vec![0u32; n + 1];
        let mut roots = Vec::new();
        for (i, t) in tasks.iter().enumerate() {
            match t.parent {
                Some(p) if (p as usize) < n => count[p as usize + 1] += 1,
                Some(p) => return Err(ScheduleError::UnknownTask(p)),
                None => roots.push(i as TaskIx),
            }
        }
        for i in 0..n {
            count[i + 1] += count[i];
        }
        let child_start = count.clone();
        let mut fill = count;
        let mut child_list = vec![0; child_start[n] as usize];
        for (i, t) in tasks.iter().enumerate() {
            if let Some(p) = t.parent {
                child_list[fill[p as usize] as usize] = i as TaskIx;
                fill[p as usize] += 1;
            }
        }
        let mut outline = Outline {
            child_start,
            child_list,
            roots,
            preorder: Vec::with_capacity(n),
        };
        let mut stack: Vec<TaskIx> = outline.roots.iter().rev().copied().collect();
        while let Some(i) = stack.pop() {
            outline.preorder.push(i);
            stack.extend(outline.children(i).iter().rev());
        }
        if outline.preorder.len() != n {
            // Tasks unreachable from a root sit on a parent loop.
            let mut seen = vec![false; n];
            for &i in &outline.preorder {
                seen[i as usize] = true;
            }
            let stuck = seen.iter().position(|s| !s).unwrap_or(0);
            return Err(ScheduleError::OutlineLoop(tasks[stuck].name.clone()));
        }
        Ok(outline)
    }

    pub fn children(&self, i: TaskIx) -> &[TaskIx] {
        let i = i as usize;
        &self.child_list[self.child_start[i] as usize..self.child_start[i + 1] as usize]
    }

    pub fn is_summary(&self, i: TaskIx) -> bool {
        !self.children(i).is_empty()
    }

    pub fn roots(&self) -> &[TaskIx] {
        &self.roots
    }

    pub fn preorder(&self) -> &[TaskIx] {
        &self.preorder
    }

    /// Outline numbers ("1.2.3") indexed like the tasks.
    pub fn numbers(&self) -> Vec<String> {
        let mut out = vec![String::new(); self.preorder.len()];
        for (k, &r) in self.roots.iter().enumerate() {
            out[r as usize] = (k + 1).to_string();
        }
        for &i in &self.preorder {
            for (k, &c) in self.children(i).iter().enumerate() {
                out[c as usize] = format!("{}.{}", out[i as usize], k + 1);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(parents: &[Option<u32>]) -> Vec<Task> {
        parents
            .iter()
            .enumerate()
            .map(|(i, &p)| Task {
                parent: p,
                ..Task::new(format!("t{i}"), 480)
            })
            .collect()
    }

    #[test]
    fn numbers_follow_depth_and_sibling_order() {
        let tasks = tree(&[None, Some(0), Some(1), Some(1), Some(0), None, Some(5)]);
        let o = Outline::new(&tasks).expect("tree");
        assert_eq!(
            o.numbers(),
            ["1", "1.1", "1.1.1", "1.1.2", "1.2", "2", "2.1"]
        );
        assert_eq!(o.preorder(), [0, 1, 2, 3, 4, 5, 6]);
        assert!(o.is_summary(1) && !o.is_summary(2));
    }

    #[test]
    fn a_parent_loop_is_refused() {
        let tasks = tree(&[Some(1), Some(0), None]);
        assert!(matches!(
            Outline::new(&tasks),
            Err(ScheduleError::OutlineLoop(_))
        ));
        assert!(matches!(
            Outline::new(&tree(&[Some(9)])),
            Err(ScheduleError::UnknownTask(9))
        ));
    }
}
