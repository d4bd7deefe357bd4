//! Text transforms a user can apply to a column before import. Numbers and
//! dates have their own modules ([`super::number`], [`super::date`]).

use serde::{Deserialize, Serialize};

/// A case change. Scripts without case (Chinese) pass through unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Case {
    Upper,
    Lower,
    /// First letter of each word upper, the rest lower: "ACME CORP" →
    /// "Acme Corp". Words split at spaces, hyphens and apostrophes are
    /// left alone ("o'neil" → "O'neil"), as no rule fits every name.
    Title,
}

/// Trimmed, with inner runs of whitespace (including no-break and
/// ideographic spaces, and line breaks) collapsed to one space, as
/// exported cells often carry padding and stray line breaks.
pub fn clean(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub fn change_case(s: &str, case: Case) -> String {
    match case {
        Case::Upper => s.to_uppercase(),
        Case::Lower => s.to_lowercase(),
        Case::Title => title_case(s),
    }
}

fn title_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word_start = true;
    for c in s.chars() {
        if word_start {
            out.extend(c.to_uppercase());
        } else {
            out.extend(c.to_lowercase());
        }
        word_start = c.is_whitespace();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_collapses_all_kinds_of_space() {
        assert_eq!(clean("  Acme\u{a0} \u{3000}Corp\n "), "Acme Corp");
        assert_eq!(clean(" \t "), "");
    }

    #[test]
    fn case_changes() {
        assert_eq!(change_case("acme corp", Case::Upper), "ACME CORP");
        assert_eq!(change_case("ÉCOLE Été", Case::Lower), "école été");
        assert_eq!(change_case("ACME CORP", Case::Title), "Acme Corp");
        assert_eq!(
            change_case("mary-jane o'neil", Case::Title),
            "Mary-jane O'neil"
        );
        assert_eq!(change_case("北京 acme", Case::Title), "北京 Acme");
    }
}
