//! The chain of rules one change set off. An action that changes a record
//! (set a field, assign an owner) is itself a change, and may wake more
//! rules; the chain bounds that: no rule runs twice in one chain (so a
//! rule cannot fire itself, directly or through others), and the chain
//! stops at [`MAX_DEPTH`] links.

/// A person's change, a rule's change to that, and one more.
pub const MAX_DEPTH: usize = 3;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chain {
    /// The rules that fired, in order.
    fired: Vec<i64>,
    /// How many rule-made changes deep this event is (0: a person's).
    depth: usize,
}

impl Chain {
    /// May `rule` fire on an event at this point of the chain?
    pub fn admits(&self, rule: i64) -> bool {
        self.depth < MAX_DEPTH && !self.fired.contains(&rule)
    }

    /// Records that `rule` fired.
    pub fn fire(&mut self, rule: i64) {
        self.fired.push(rule);
    }

    /// The chain for an event caused by a change `rule` made.
    pub fn caused_by(&self, rule: i64) -> Chain {
        let mut fired = self.fired.clone();
        if !fired.contains(&rule) {
            fired.push(rule);
        }
        Chain {
            fired,
            depth: self.depth + 1,
        }
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    pub fn fired(&self) -> &[i64] {
        &self.fired
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_never_fires_itself_again_in_one_chain() {
        let start = Chain::default();
        assert!(start.admits(1));
        // Rule 1 sets a field; the update wakes rule 1 again: refused.
        let next = start.caused_by(1);
        assert!(!next.admits(1));
        // Rule 2 may react to rule 1's change, and rule 3 to rule 2's,
        // but neither may wake rule 1 or each other again.
        assert!(next.admits(2));
        let third = next.caused_by(2);
        assert!(third.admits(3));
        assert!(!third.admits(1) && !third.admits(2));
        assert_eq!(third.fired(), [1, 2]);
    }

    #[test]
    fn the_chain_stops_at_its_depth() {
        let mut c = Chain::default();
        for rule in 1..=MAX_DEPTH as i64 {
            assert!(c.admits(rule), "link {rule}");
            c = c.caused_by(rule);
        }
        assert_eq!(c.depth(), MAX_DEPTH);
        assert!(!c.admits(99), "no rule runs past the bound");
    }
}
