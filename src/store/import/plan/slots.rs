//! The valid rows of a file and what happens to each, in four bytes a
//! row: the row's index in the table, with the few rows that are not
//! simply created (duplicates skipped or updating a stored record) kept
//! aside.

use std::collections::{HashMap, HashSet};

use super::Act;

/// One valid row: where it is and what happens to it.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    /// 0-based index into the table's rows.
    pub(super) index: usize,
    /// The row number people see (the file's line).
    pub(super) row: usize,
    pub(super) act: Act,
}

pub(super) struct Slots {
    /// The table index of each valid row, ascending.
    indexes: Vec<u32>,
    /// The act of each slot that is not [`Act::Create`].
    acts: HashMap<u32, Act>,
    /// The row number of the table's first row (the header's + 1).
    first_row: usize,
}

impl Slots {
    pub(super) fn new(first_row: usize) -> Self {
        Slots {
            indexes: Vec::new(),
            acts: HashMap::new(),
            first_row,
        }
    }

    pub(super) fn push(&mut self, index: usize) {
        self.indexes.push(index as u32);
    }

    pub(super) fn len(&self) -> usize {
        self.indexes.len()
    }

    pub(super) fn get(&self, i: usize) -> Slot {
        let index = self.indexes[i] as usize;
        Slot {
            index,
            row: self.first_row + index,
            act: self.acts.get(&(i as u32)).copied().unwrap_or(Act::Create),
        }
    }

    pub(super) fn row(&self, i: usize) -> usize {
        self.first_row + self.indexes[i] as usize
    }

    pub(super) fn set_act(&mut self, i: usize, act: Act) {
        if act == Act::Create {
            self.acts.remove(&(i as u32));
        } else {
            self.acts.insert(i as u32, act);
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = Slot> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Drops the slots in `failed`; the others keep their acts.
    pub(super) fn remove(&mut self, failed: &HashSet<usize>) {
        let mut acts = HashMap::new();
        let mut kept = 0;
        for i in 0..self.indexes.len() {
            if failed.contains(&i) {
                continue;
            }
            if let Some(act) = self.acts.get(&(i as u32)) {
                acts.insert(kept as u32, *act);
            }
            self.indexes[kept] = self.indexes[i];
            kept += 1;
        }
        self.indexes.truncate(kept);
        self.indexes.shrink_to_fit();
        self.acts = acts;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_acts_and_removal() {
        let mut s = Slots::new(2);
        for index in [0, 1, 3, 4] {
            s.push(index);
        }
        s.set_act(1, Act::Skip);
        s.set_act(3, Act::Update { id: 7, version: 2 });
        assert_eq!(s.row(2), 5);
        assert_eq!(s.get(0).act, Act::Create);
        s.remove(&HashSet::from([0, 2]));
        let got: Vec<(usize, usize, Act)> = s.iter().map(|x| (x.index, x.row, x.act)).collect();
        assert_eq!(
            got,
            vec![(1, 3, Act::Skip), (4, 6, Act::Update { id: 7, version: 2 })]
        );
        s.set_act(0, Act::Create);
        assert_eq!(s.get(0).act, Act::Create);
    }
}
