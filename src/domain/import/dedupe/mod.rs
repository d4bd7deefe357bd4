//! Finding records that are the same organisation or person.
//!
//! # How Cairn decides two records are duplicates
//!
//! Each record is compared by its name, email, phone and address, each
//! first brought to a standard form:
//!
//! - **Names** are folded (full-width letters, accents and case ignored),
//!   `&` reads as "and", apostrophes are dropped, other punctuation
//!   separates words, "St." reads as "Saint", and a leading "The" and
//!   trailing legal forms are dropped: Inc, Incorporated, LLC, Ltd,
//!   Limited, Co, Corp, Corporation, Company, PLC, GmbH, LLP, LP, and in
//!   Chinese 股份有限公司, 有限责任公司, 有限公司, 集团公司, 公司. Each
//!   Chinese character counts as one word.
//! - **Emails** are compared ignoring case and surrounding spaces; text
//!   that is not an address (no `@`, no dot in the domain) is ignored.
//! - **Phones** are compared by their digits. A leading 1 on an 11-digit
//!   North American number and a leading 86 on a 13-digit Chinese mobile
//!   are dropped. A 7-digit number written without its area code matches a
//!   10-digit number that ends with it. Fewer than 7 digits is ignored.
//! - **Addresses** are compared by house number and the first word of the
//!   street name, ignoring directions (N, West), street types (St, Avenue)
//!   and ordinal endings: "2929 W. 19th St." and "2929 West 19th Street"
//!   are the same address, and so are two spellings of a street name at
//!   least 0.90 similar by Jaro-Winkler ("Winthorp", "Winthrop"). Of a
//!   range ("723-725 E 75th St") the first
//!   number counts. Two addresses on the same street at most 10 numbers
//!   apart ("8128" and "8130 S Racine") are treated as unknown: they may
//!   be one building or two neighbours. Addresses without a house number
//!   are ignored.
//!
//! **Name similarity** is a number from 0 to 1. Words are weighted by how
//! rare they are among the records being checked (a word in every other
//! name, like "Center" or "Chicago", counts for little; "Robertson"
//! counts for a lot). For each name, the share of its weight found in the
//! other name is measured, a misspelt word counting by its Jaro-Winkler
//! similarity to the closest word when that is at least 0.92 (words of
//! four letters or more; a word with a digit in it — a store number, a
//! year — is never taken for a misspelling: "Store 1204" and "Store 1205"
//! are two stores); the similarity is the average of the two shares. A
//! name that is half of the other scores about 0.75.
//!
//! Two records are **duplicates** when:
//! 1. their emails are the same; or, if their addresses do not differ,
//! 2. their names are at least 0.90 similar; or
//! 3. their phones or their addresses are the same, and their names are
//!    at least 0.50 similar; or
//! 4. both their phones and their addresses are the same.
//!
//! Different addresses (both known, not the same) rule out rules 2–4: an
//! organisation's branches often share its name and its head office's
//! phone, and are still separate records. A missing address neither helps
//! nor hurts. Two people with the same name and nothing else in common
//! are reported (rule 2): check them before merging.
//!
//! Duplicates of duplicates form one **group**; each group lists its
//! records and, for each link that joined it, the reasons.
//!
//! Only records that share an email, a phone (last seven digits), an
//! address, or one of the three rarest words of their names are compared,
//! so a file of a hundred thousand rows is checked in seconds, not hours.
//! A block of more than 64 records sharing a key (a switchboard number, a
//! common word) is put in name order and each record compared with the 16
//! before it. Word rarity is counted in a fixed table (see `sketch`) and
//! the records wait their turn in temporary files, so checking takes the
//! same memory for a thousand rows or a million.

mod finder;
mod form;
mod normalise;
mod runs;
mod sketch;

#[cfg(test)]
mod tests;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use finder::DisjointSets;
pub use finder::Finder;
pub use normalise::{
    Address, address as normalise_address, email as normalise_email, name_tokens,
    phone as normalise_phone,
};
pub use runs::{InMemory, Scratch};

/// Least name similarity that makes a duplicate on its own (rule 2).
pub const NAME_THRESHOLD: f64 = 0.90;
/// Least name similarity that makes a duplicate with a shared phone or
/// address (rule 3).
pub const SUPPORTED_NAME_THRESHOLD: f64 = 0.50;
/// Least Jaro-Winkler similarity for two different words to count as one
/// misspelt word.
pub const WORD_THRESHOLD: f64 = 0.92;

/// One record to check.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

/// Why two records were linked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Reason {
    SameEmail,
    SamePhone,
    SameAddress,
    /// The name similarity, 0 to 1.
    SimilarName(f64),
}

/// Two records found to be duplicates, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Link {
    pub a: usize,
    pub b: usize,
    pub reasons: Vec<Reason>,
}

/// Records that are all the same organisation or person: indexes into
/// the slice given to [`find_groups`], ascending. `links` are the pairs
/// that joined them (one fewer than the members).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub members: Vec<usize>,
    pub links: Vec<Link>,
}

/// The groups of duplicates among `records`, largest first (then by
/// first member). Records with no duplicate are in no group.
pub fn find_groups(records: &[Candidate]) -> Vec<Group> {
    find_groups_except(records, |_, _| false)
}

/// [`find_groups`] that never links a pair `(a, b)`, `a < b`, for which
/// `separate` is true: pairs a person has said are not duplicates. Such
/// records are still grouped when other links join them (a third record
/// like both). Word weights are those of all `records`, so excluding a
/// pair changes no other comparison.
pub fn find_groups_except(
    records: &[Candidate],
    separate: impl Fn(usize, usize) -> bool,
) -> Vec<Group> {
    let mut finder = Finder::default();
    let found = records
        .iter()
        .try_for_each(|r| {
            finder.push(
                &r.name,
                r.email.as_deref(),
                r.phone.as_deref(),
                r.address.as_deref(),
            )
        })
        .and_then(|()| finder.groups_except(separate));
    // Scratch in memory is a `Vec` behind a cursor: writing to it cannot
    // fail, and what is read back is what was written.
    found.unwrap_or_else(|e| unreachable!("the duplicate finder's memory scratch failed: {e}"))
}

fn groups(sets: &mut DisjointSets, links: Vec<Link>) -> Vec<Group> {
    let mut by_root: HashMap<u32, Group> = HashMap::new();
    for link in links {
        let root = sets.find(link.a as u32);
        let group = by_root.entry(root).or_insert_with(|| Group {
            members: Vec::new(),
            links: Vec::new(),
        });
        group.members.extend([link.a, link.b]);
        group.links.push(link);
    }
    let mut groups = by_root
        .into_values()
        .map(|mut g| {
            g.members.sort_unstable();
            g.members.dedup();
            g
        })
        .collect::<Vec<_>>();
    groups.sort_by(|x, y| {
        y.members
            .len()
            .cmp(&x.members.len())
            .then(x.members[0].cmp(&y.members[0]))
    });
    groups
}
