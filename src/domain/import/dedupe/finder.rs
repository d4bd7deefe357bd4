//! Finding the groups in a fixed amount of memory, whatever the number of
//! records.
//!
//! 1. [`Finder::push`] reduces each record at once to its [`Form`], writes
//!    it to scratch storage and counts its name words ([`Counts`]).
//! 2. [`Finder::groups_except`] reads the forms back, weighs their words,
//!    and makes one entry per blocking key (the key, the form) — sorted by
//!    key, name order and row, through runs on scratch storage when they
//!    exceed [`RUN_BUDGET`].
//! 3. The sorted entries stream past: a block (the records sharing a key)
//!    of up to [`MAX_BLOCK`] records is compared pair by pair; a larger
//!    one, being in name order already, record by record with the
//!    [`WINDOW`] before it. Only a block's first records and the window
//!    are held.
//!
//! What stays in memory: the counts (4 MiB), one run's entries while it
//! is sorted ([`RUN_BUDGET`], their index half as much again), read
//! buffers while runs merge (4 MiB in all), a block, the union-find's
//! four bytes a record, and the links found (one per duplicate). Scratch
//! storage takes about 100 bytes an entry, five entries a record.

use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};

use super::form::{Form, duplicate};
use super::runs::{InMemory, RUN_BUDGET, Scratch, Sorter};
use super::sketch::Counts;
use super::{Group, Link, groups};

/// Rarest name words each record is compared through.
const NAME_BLOCK_WORDS: usize = 3;
/// Records sharing a key that are compared pair by pair; a larger block
/// (a switchboard number on a thousand contacts) is taken in name order
/// and each record compared with its [`WINDOW`] neighbours.
pub(super) const MAX_BLOCK: usize = 64;
pub(super) const WINDOW: usize = 16;

/// Records to check, added one at a time ([`Finder::push`]).
pub struct Finder<S: Scratch = InMemory> {
    scratch: S,
    /// The forms so far, back to back, each after its length.
    forms: BufWriter<S::File>,
    counts: Counts,
    len: u32,
    budget: usize,
    form: Form,
    bytes: Vec<u8>,
}

impl Default for Finder<InMemory> {
    /// A finder in memory: for small sets (a test, the browser).
    fn default() -> Self {
        Finder::build(InMemory, io::Cursor::new(Vec::new()), RUN_BUDGET)
    }
}

impl<S: Scratch> Finder<S> {
    /// A finder keeping its forms and runs in `scratch`.
    pub fn with_scratch(mut scratch: S) -> io::Result<Self> {
        let file = scratch.file()?;
        Ok(Finder::build(scratch, file, RUN_BUDGET))
    }

    fn build(scratch: S, file: S::File, budget: usize) -> Self {
        Finder {
            scratch,
            forms: BufWriter::with_capacity(64 << 10, file),
            counts: Counts::default(),
            len: 0,
            budget,
            form: Form::default(),
            bytes: Vec::new(),
        }
    }

    /// The same finder sorting in runs of `budget` bytes (tests force
    /// many runs with a small one).
    #[cfg(test)]
    pub(super) fn with_budget(mut self, budget: usize) -> Self {
        self.budget = budget;
        self
    }

    /// Adds a record; its index is the number of records added before it.
    /// Empty or unusable values (an email without `@`, a phone of fewer
    /// than seven digits, an address without a house number) count as
    /// missing.
    pub fn push(
        &mut self,
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        address: Option<&str>,
    ) -> io::Result<()> {
        if self.len == u32::MAX {
            return Err(io::Error::other(
                "more than four billion records to check for duplicates",
            ));
        }
        self.form.fill(self.len, name, email, phone, address);
        for i in 0..self.form.word_count() {
            self.counts.add(self.form.word(i));
        }
        self.bytes.clear();
        self.form.encode(&mut self.bytes);
        self.forms
            .write_all(&(self.bytes.len() as u32).to_le_bytes())?;
        self.forms.write_all(&self.bytes)?;
        self.len += 1;
        Ok(())
    }

    /// The records added so far.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The groups of duplicates among the records added, as
    /// [`super::find_groups`] gives them.
    pub fn groups(self) -> io::Result<Vec<Group>> {
        self.groups_except(|_, _| false)
    }

    /// The groups, never linking a pair `separate` is true for, as
    /// [`super::find_groups_except`] gives them.
    pub fn groups_except(self, separate: impl Fn(usize, usize) -> bool) -> io::Result<Vec<Group>> {
        let Finder {
            mut scratch,
            forms,
            counts,
            len,
            budget,
            mut form,
            mut bytes,
        } = self;
        let n = len as usize;
        let mut file = forms.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        let mut forms = BufReader::with_capacity(64 << 10, file);
        // Entries: one per blocking key, each with the weighed form.
        let mut sorter = Sorter::new(budget);
        let mut runs = Vec::new();
        let mut keys = Vec::new();
        for row in 0..len {
            let mut size = [0u8; 4];
            forms.read_exact(&mut size)?;
            bytes.resize(u32::from_le_bytes(size) as usize, 0);
            forms.read_exact(&mut bytes)?;
            form.decode(row, &bytes)?;
            form.weigh(|w| counts.weight(w, n));
            form.keys(&mut keys, NAME_BLOCK_WORDS);
            bytes.clear();
            form.encode(&mut bytes);
            keys.sort_unstable();
            keys.dedup();
            for &k in &keys {
                sorter.add((k, form.order, row), &bytes, &mut scratch, &mut runs)?;
            }
        }
        drop(forms);
        drop(counts);
        let mut sorted = sorter.finish(&mut scratch, runs)?;
        let mut scan = Scan {
            linker: Linker {
                sets: DisjointSets::new(n),
                links: Vec::new(),
                separate,
            },
            block: Vec::new(),
            spare: Vec::new(),
            windowed: false,
        };
        let mut current = None;
        while let Some(((key, _, row), entry)) = sorted.next_entry()? {
            if current != Some(key) {
                scan.end_block();
                current = Some(key);
            }
            let mut f = scan.spare.pop().unwrap_or_default();
            f.decode(row, entry)?;
            scan.add(f);
        }
        scan.end_block();
        let Linker {
            mut sets, links, ..
        } = scan.linker;
        Ok(groups(&mut sets, links))
    }
}

/// The sorted entries' walk: the block being read and what was found.
struct Scan<F> {
    linker: Linker<F>,
    /// The block's records so far: all of them up to [`MAX_BLOCK`], then
    /// the last [`WINDOW`].
    block: Vec<Form>,
    /// Forms to reuse (their buffers keep their capacity).
    spare: Vec<Form>,
    windowed: bool,
}

impl<F: Fn(usize, usize) -> bool> Scan<F> {
    fn add(&mut self, f: Form) {
        if self.windowed {
            for x in &self.block {
                self.linker.compare(x, &f);
            }
            if self.block.len() == WINDOW {
                let old = self.block.remove(0);
                self.spare.push(old);
            }
            self.block.push(f);
            return;
        }
        self.block.push(f);
        if self.block.len() > MAX_BLOCK {
            // Too large to compare pair by pair: each record with the
            // WINDOW before it, in the name order the entries come in.
            for j in 1..self.block.len() {
                for i in j.saturating_sub(WINDOW)..j {
                    self.linker.compare(&self.block[i], &self.block[j]);
                }
            }
            let surplus = self.block.len() - WINDOW;
            self.spare.extend(self.block.drain(..surplus));
            self.windowed = true;
        }
    }

    fn end_block(&mut self) {
        if !self.windowed {
            for j in 1..self.block.len() {
                for i in 0..j {
                    self.linker.compare(&self.block[i], &self.block[j]);
                }
            }
        }
        self.spare.append(&mut self.block);
        self.windowed = false;
    }
}

/// Links the pairs found to be duplicates into sets.
struct Linker<F> {
    sets: DisjointSets,
    links: Vec<Link>,
    separate: F,
}

impl<F: Fn(usize, usize) -> bool> Linker<F> {
    fn compare(&mut self, x: &Form, y: &Form) {
        let (a, b) = (x.row.min(y.row), x.row.max(y.row));
        if self.sets.find(a) == self.sets.find(b) || (self.separate)(a as usize, b as usize) {
            return;
        }
        if let Some(reasons) = duplicate(x, y) {
            self.sets.union(a, b);
            self.links.push(Link {
                a: a as usize,
                b: b as usize,
                reasons,
            });
        }
    }
}

/// Union-find with path halving on `u32` indexes: four bytes a record
/// (a file is far under four billion rows). The lower root becomes the
/// parent, so the result does not depend on the order of unions.
pub(super) struct DisjointSets {
    parent: Vec<u32>,
}

impl DisjointSets {
    pub(super) fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n as u32).collect(),
        }
    }

    pub(super) fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            self.parent[x as usize] = self.parent[self.parent[x as usize] as usize];
            x = self.parent[x as usize];
        }
        x
    }

    pub(super) fn union(&mut self, a: u32, b: u32) {
        let (a, b) = (self.find(a), self.find(b));
        let (root, child) = (a.min(b), a.max(b));
        self.parent[child as usize] = root;
    }
}
