//! The order of cards within a board column: fractional ranks.
//!
//! Each deal stores a rank string; a column is ordered by it (then by id,
//! which never matters because ranks are unique per stage — see the store).
//! Moving a card computes a rank strictly between its new neighbours, so
//! one move writes one row, whatever the column's length. The ranks are
//! `fractional_index` keys in their hex form, which compares as strings
//! exactly as the keys compare (two hex digits per byte, same case), so
//! the database's binary string order (SQLite's default, PostgreSQL's
//! `COLLATE "C"`) is the column order.

use fractional_index::FractionalIndex;

use crate::domain::AppError;

/// A rank strictly between `before` (the card above, if any) and `after`
/// (the card below, if any).
pub fn between(before: Option<&str>, after: Option<&str>) -> Result<String, AppError> {
    let parse = |field: &str, s: &str| {
        FractionalIndex::from_string(s).map_err(|_| AppError::invalid(field, "is not a rank"))
    };
    let key = match (before, after) {
        (None, None) => FractionalIndex::default(),
        (Some(b), None) => FractionalIndex::new_after(&parse("before", b)?),
        (None, Some(a)) => FractionalIndex::new_before(&parse("after", a)?),
        (Some(b), Some(a)) => {
            let (b, a) = (parse("before", b)?, parse("after", a)?);
            FractionalIndex::new_between(&b, &a)
                .ok_or_else(|| AppError::invalid("position", "the neighbours are out of order"))?
        }
    };
    Ok(key.to_string())
}

/// `n` ranks in increasing order, for laying out a new column.
pub fn sequence(n: usize) -> Vec<String> {
    let mut out = Vec::with_capacity(n);
    let mut last = FractionalIndex::default();
    for i in 0..n {
        if i > 0 {
            last = FractionalIndex::new_after(&last);
        }
        out.push(last.to_string());
    }
    out
}

/// `n` ranks in increasing order that stay short however many there are
/// (about two hex digits per doubling, by bisection), for laying out a
/// long list at once — an imported plan's thousands of siblings, where
/// [`sequence`]'s keys would outgrow what a rank may be.
pub fn spread(n: usize) -> Vec<String> {
    fn fill(out: &mut [String], lo: Option<&str>, hi: Option<&str>) {
        if out.is_empty() {
            return;
        }
        let mid = out.len() / 2;
        // Neighbours made here are in order, so `between` cannot fail.
        let key = between(lo, hi).unwrap_or_default();
        let (left, right) = out.split_at_mut(mid);
        fill(left, lo, Some(&key));
        fill(&mut right[1..], Some(&key), hi);
        right[0] = key;
    }
    let mut out = vec![String::new(); n];
    fill(&mut out, None, None);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_rank_lies_between_its_neighbours() {
        let a = between(None, None).expect("first");
        let b = between(Some(&a), None).expect("after");
        let c = between(Some(&a), Some(&b)).expect("between");
        assert!(a < c && c < b, "{a} < {c} < {b}");
        let z = between(None, Some(&a)).expect("before");
        assert!(z < a);
    }

    #[test]
    fn neighbours_out_of_order_are_refused_not_panicked() {
        let a = between(None, None).expect("first");
        let b = between(Some(&a), None).expect("after");
        assert!(between(Some(&b), Some(&a)).is_err());
        assert!(between(Some("zz-not-hex"), None).is_err());
    }

    #[test]
    fn a_sequence_is_strictly_increasing() {
        let s = sequence(50);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
    }

    /// One move: take the card at `from` out and put it at `to` among the
    /// rest of a column, as the board does.
    fn apply(col: &mut Vec<String>, from: usize, to: usize) {
        let from = from % col.len();
        col.remove(from);
        let to = to % (col.len() + 1);
        let before = to.checked_sub(1).map(|i| col[i].as_str());
        let after = col.get(to).map(String::as_str);
        let r = between(before, after).expect("a rank between neighbours");
        col.insert(to, r);
    }

    proptest! {
        /// Any sequence of moves (including many into the same gap, the
        /// worst case for key length) keeps the column strictly ordered
        /// as strings, which is how the database orders it.
        #[test]
        fn any_sequence_of_moves_keeps_a_strict_order(
            n in 1usize..30,
            moves in proptest::collection::vec((0usize..64, 0usize..64), 0..300),
        ) {
            let mut col = sequence(n);
            for (from, to) in moves {
                apply(&mut col, from, to);
                prop_assert!(col.windows(2).all(|w| w[0] < w[1]), "{col:?}");
            }
        }
    }

    #[test]
    fn repeated_inserts_at_the_top_stay_ordered_and_short_enough() {
        let mut col = sequence(3);
        for _ in 0..1000 {
            apply(&mut col, 2, 0);
        }
        assert!(col.windows(2).all(|w| w[0] < w[1]));
        let longest = col.iter().map(String::len).max().unwrap_or(0);
        assert!(longest < 600, "ranks grow slowly ({longest} chars)");
    }

    #[test]
    fn spread_ranks_are_ordered_distinct_and_short() {
        for n in [0, 1, 2, 3, 10, 1000, 20_000] {
            let r = spread(n);
            assert_eq!(r.len(), n);
            assert!(r.windows(2).all(|w| w[0] < w[1]), "{n}");
            assert!(
                r.iter().all(|k| k.len() <= 48),
                "{n}: {:?}",
                r.iter().map(String::len).max()
            );
        }
    }
}
