//! How many records use each name word, in a fixed amount of memory.
//!
//! A word's weight depends on how rare it is, so every word is counted;
//! a table of every distinct word grows with the file (a list of people
//! has nearly as many surnames as rows). The counts are kept instead in a
//! count-min sketch: two rows of [`WIDTH`] counters, a word adding one to
//! a counter in each row chosen by its hash, its count read as the lower
//! of the two. A count is never too low; it is too high only when both
//! of a word's counters are shared with other words, which at 100,000
//! distinct words happens to about one word in 30 and at 3,000 (a
//! typical file) to about one in 30,000 — and then makes a rare word
//! weigh a little less, never more.

use std::hash::{DefaultHasher, Hash, Hasher};

/// Counters per row: two rows of 4-byte counters take 4 MiB whatever
/// the number of records.
pub(super) const WIDTH: usize = 1 << 19;

pub(super) struct Counts {
    rows: [Vec<u32>; 2],
}

impl Default for Counts {
    fn default() -> Self {
        Counts {
            rows: [vec![0; WIDTH], vec![0; WIDTH]],
        }
    }
}

impl Counts {
    fn slots(word: &str) -> [usize; 2] {
        let mut h = DefaultHasher::new();
        word.hash(&mut h);
        let h = h.finish();
        let mask = WIDTH as u64 - 1;
        [(h & mask) as usize, ((h >> 32) & mask) as usize]
    }

    pub(super) fn add(&mut self, word: &str) {
        for (row, slot) in self.rows.iter_mut().zip(Counts::slots(word)) {
            row[slot] = row[slot].saturating_add(1);
        }
    }

    pub(super) fn get(&self, word: &str) -> u32 {
        let [a, b] = Counts::slots(word);
        self.rows[0][a].min(self.rows[1][b])
    }

    /// Rarer words weigh more: `ln(records / count) + 1`, so a word in
    /// every record weighs 1 and a word in one record of 1,000 about 7.9.
    pub(super) fn weight(&self, word: &str, records: usize) -> f64 {
        let n = records.max(1);
        let count = (self.get(word) as usize).clamp(1, n);
        (n as f64 / count as f64).ln() + 1.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_exact_for_a_file_of_distinct_words() {
        let mut c = Counts::default();
        for i in 0..3_000 {
            for _ in 0..(i % 5 + 1) {
                c.add(&format!("word{i}"));
            }
        }
        let wrong = (0..3_000)
            .filter(|i| c.get(&format!("word{i}")) != (i % 5 + 1) as u32)
            .count();
        assert_eq!(wrong, 0);
        assert_eq!(c.get("never seen"), 0);
    }

    #[test]
    fn counts_are_never_low_and_rarely_high_at_100_000_words() {
        let mut c = Counts::default();
        for i in 0..100_000 {
            c.add(&format!("w{i}"));
        }
        let counts: Vec<u32> = (0..100_000).map(|i| c.get(&format!("w{i}"))).collect();
        assert!(counts.iter().all(|&n| n >= 1));
        let high = counts.iter().filter(|&&n| n > 1).count();
        assert!(high < 100_000 / 20, "{high} of 100,000 counted high");
    }

    #[test]
    fn rarer_words_weigh_more() {
        let mut c = Counts::default();
        for _ in 0..10 {
            c.add("center");
        }
        c.add("robertson");
        let (common, rare) = (c.weight("center", 10), c.weight("robertson", 10));
        assert!((common - 1.0).abs() < 1e-12);
        assert!((rare - (10f64.ln() + 1.0)).abs() < 1e-12);
    }
}
