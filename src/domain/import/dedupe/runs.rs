//! Sorting more entries than memory should hold: entries are sorted in
//! memory up to a budget, each full batch is written to scratch storage
//! as a sorted run, and the runs are merged as they are read back. With
//! few entries nothing is written at all.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::{self, BufRead, BufReader, BufWriter, Cursor, Read, Seek, SeekFrom, Write};

/// Where a duplicate finder keeps what grows with the records: memory
/// ([`InMemory`], the default, for small sets and the browser) or
/// temporary files (the server's import, so a large file is checked in
/// a fixed amount of memory).
pub trait Scratch {
    type File: Read + Write + Seek;

    /// A new, empty file.
    fn file(&mut self) -> io::Result<Self::File>;
}

/// Scratch files in memory.
#[derive(Debug, Default, Clone, Copy)]
pub struct InMemory;

impl Scratch for InMemory {
    type File = Cursor<Vec<u8>>;

    fn file(&mut self) -> io::Result<Self::File> {
        Ok(Cursor::new(Vec::new()))
    }
}

/// What entries are sorted by: the blocking key, the name order, the row.
pub(super) type SortKey = (u64, [u64; 2], u32);

/// Bytes of entries held in memory before a run is written (their
/// bytes; their index takes at most half as much again). Powers of two:
/// a vector that doubles up to one never grows past it.
pub(super) const RUN_BUDGET: usize = 4 << 20;
/// Read-buffer memory shared by the runs while they are merged.
const MERGE_BUDGET: usize = 4 << 20;

/// Entries (a sort key and a few bytes) in, sorted entries out.
pub(super) struct Sorter {
    budget: usize,
    /// The entries' bytes, back to back.
    bytes: Vec<u8>,
    /// Each entry's key and where its bytes start and end in `bytes`.
    index: Vec<(SortKey, u32, u32)>,
}

impl Sorter {
    pub(super) fn new(budget: usize) -> Self {
        Sorter {
            budget,
            bytes: Vec::new(),
            index: Vec::new(),
        }
    }

    /// Whether an entry of `len` bytes still fits: checked before it is
    /// added, so neither vector ever grows past the budget.
    fn fits(&self, len: usize) -> bool {
        let most = (self.budget / 2 / std::mem::size_of::<(SortKey, u32, u32)>()).max(1);
        // A power of two, for the index vector's doubling to stop at it.
        let entries = 1 << (usize::BITS - 1 - most.leading_zeros());
        self.bytes.len() + len <= self.budget && self.index.len() < entries
    }

    /// Adds an entry, first writing a run to `runs` when the budget is
    /// full.
    pub(super) fn add<S: Scratch>(
        &mut self,
        key: SortKey,
        bytes: &[u8],
        scratch: &mut S,
        runs: &mut Vec<S::File>,
    ) -> io::Result<()> {
        if !self.fits(bytes.len()) && !self.index.is_empty() {
            runs.push(self.write_run(scratch)?);
        }
        let start = self.bytes.len() as u32;
        self.bytes.extend_from_slice(bytes);
        self.index.push((key, start, self.bytes.len() as u32));
        Ok(())
    }

    fn sort(&mut self) {
        self.index.sort_unstable_by_key(|e| e.0);
    }

    /// Writes the held entries, sorted, and empties the sorter.
    fn write_run<S: Scratch>(&mut self, scratch: &mut S) -> io::Result<S::File> {
        self.sort();
        let mut out = BufWriter::with_capacity(64 << 10, scratch.file()?);
        for &((key, order, row), start, end) in &self.index {
            let bytes = &self.bytes[start as usize..end as usize];
            out.write_all(&key.to_le_bytes())?;
            out.write_all(&order[0].to_le_bytes())?;
            out.write_all(&order[1].to_le_bytes())?;
            out.write_all(&row.to_le_bytes())?;
            out.write_all(&(bytes.len() as u32).to_le_bytes())?;
            out.write_all(bytes)?;
        }
        self.bytes.clear();
        self.index.clear();
        let mut file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.seek(SeekFrom::Start(0))?;
        Ok(file)
    }

    /// Every entry added, in key order: from memory when no run was
    /// written, else merged from the runs (the rest written as one more).
    pub(super) fn finish<S: Scratch>(
        mut self,
        scratch: &mut S,
        mut runs: Vec<S::File>,
    ) -> io::Result<Sorted<S::File>> {
        if runs.is_empty() {
            self.sort();
            self.bytes.shrink_to_fit();
            return Ok(Sorted::Memory {
                sorter: self,
                next: 0,
            });
        }
        if !self.index.is_empty() {
            runs.push(self.write_run(scratch)?);
        }
        drop(self);
        let capacity = (MERGE_BUDGET / runs.len()).clamp(4 << 10, 64 << 10);
        let mut readers: Vec<BufReader<S::File>> = runs
            .into_iter()
            .map(|f| BufReader::with_capacity(capacity, f))
            .collect();
        let mut heads = BinaryHeap::with_capacity(readers.len());
        let mut buffers = vec![Vec::new(); readers.len()];
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(key) = read_entry(r, &mut buffers[i])? {
                heads.push(Reverse((key, i)));
            }
        }
        Ok(Sorted::Runs {
            readers,
            buffers,
            heads,
            current: Vec::new(),
        })
    }
}

/// Reads one entry of a run into `bytes`; `None` at the run's end.
fn read_entry<R: BufRead>(r: &mut R, bytes: &mut Vec<u8>) -> io::Result<Option<SortKey>> {
    if r.fill_buf()?.is_empty() {
        return Ok(None);
    }
    let mut head = [0u8; 32];
    r.read_exact(&mut head)?;
    let word = |at: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(&head[at..at + 8]);
        u64::from_le_bytes(b)
    };
    let mut four = [0u8; 4];
    four.copy_from_slice(&head[24..28]);
    let row = u32::from_le_bytes(four);
    four.copy_from_slice(&head[28..32]);
    let len = u32::from_le_bytes(four) as usize;
    bytes.resize(len, 0);
    r.read_exact(bytes)?;
    Ok(Some((word(0), [word(8), word(16)], row)))
}

/// Entries in key order.
pub(super) enum Sorted<F> {
    Memory {
        sorter: Sorter,
        next: usize,
    },
    Runs {
        readers: Vec<BufReader<F>>,
        /// The next entry of each run (its key is in `heads`).
        buffers: Vec<Vec<u8>>,
        heads: BinaryHeap<Reverse<(SortKey, usize)>>,
        /// The entry last given out.
        current: Vec<u8>,
    },
}

impl<F: Read> Sorted<F> {
    /// The next entry: its key and bytes (valid until the next call).
    pub(super) fn next_entry(&mut self) -> io::Result<Option<(SortKey, &[u8])>> {
        match self {
            Sorted::Memory { sorter, next } => {
                let Some(&(key, start, end)) = sorter.index.get(*next) else {
                    return Ok(None);
                };
                *next += 1;
                Ok(Some((key, &sorter.bytes[start as usize..end as usize])))
            }
            Sorted::Runs {
                readers,
                buffers,
                heads,
                current,
            } => {
                let Some(Reverse((key, i))) = heads.pop() else {
                    return Ok(None);
                };
                std::mem::swap(current, &mut buffers[i]);
                if let Some(next) = read_entry(&mut readers[i], &mut buffers[i])? {
                    heads.push(Reverse((next, i)));
                }
                Ok(Some((key, current.as_slice())))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(budget: usize, entries: &[(u64, u32)]) -> Vec<(SortKey, Vec<u8>)> {
        let mut scratch = InMemory;
        let mut runs = Vec::new();
        let mut s = Sorter::new(budget);
        for &(k, row) in entries {
            let bytes = format!("{k}/{row}").into_bytes();
            s.add((k, [0, 0], row), &bytes, &mut scratch, &mut runs)
                .expect("add");
        }
        let mut out = Vec::new();
        let mut it = s.finish(&mut scratch, runs).expect("finish");
        while let Some((k, b)) = it.next_entry().expect("next") {
            out.push((k, b.to_vec()));
        }
        out
    }

    #[test]
    fn runs_merge_to_the_order_memory_gives() {
        let entries: Vec<(u64, u32)> = (0..5_000u32)
            .map(|i| (u64::from(i.wrapping_mul(2_654_435_761) % 97), i))
            .collect();
        let in_memory = sorted(usize::MAX, &entries);
        let spilled = sorted(1 << 10, &entries);
        assert_eq!(in_memory.len(), 5_000);
        assert!(in_memory.windows(2).all(|w| w[0].0 <= w[1].0));
        assert_eq!(spilled, in_memory);
        for (key, bytes) in &in_memory {
            assert_eq!(bytes, &format!("{}/{}", key.0, key.2).into_bytes());
        }
    }

    #[test]
    fn nothing_in_nothing_out() {
        assert!(sorted(1 << 10, &[]).is_empty());
        assert!(sorted(usize::MAX, &[]).is_empty());
    }
}
