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
//! four letters or more); the similarity is the average of the two
//! shares. A name that is half of the other scores about 0.75.
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

mod normalise;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde::{Deserialize, Serialize};

pub use normalise::{
    Address, address as normalise_address, email as normalise_email, name_tokens,
    phone as normalise_phone,
};

/// Least name similarity that makes a duplicate on its own (rule 2).
pub const NAME_THRESHOLD: f64 = 0.90;
/// Least name similarity that makes a duplicate with a shared phone or
/// address (rule 3).
pub const SUPPORTED_NAME_THRESHOLD: f64 = 0.50;
/// Least Jaro-Winkler similarity for two different words to count as one
/// misspelt word.
pub const WORD_THRESHOLD: f64 = 0.92;

/// Rarest name words each record is compared through.
const NAME_BLOCK_WORDS: usize = 3;
/// Records sharing a key that are compared pair by pair; a larger block
/// (a switchboard number on a thousand contacts) is sorted by name and
/// each record compared with its [`WINDOW`] next ones.
const MAX_BLOCK: usize = 64;
const WINDOW: usize = 16;

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
    let prepared = Prepared::new(records);
    let mut sets = DisjointSets::new(records.len());
    let mut links = Vec::new();
    prepared.blocks().each_pair(|a, b| {
        if sets.find(a) == sets.find(b) || separate(a, b) {
            return;
        }
        if let Some(reasons) = prepared.duplicate(a, b) {
            sets.union(a, b);
            links.push(Link { a, b, reasons });
        }
    });
    groups(&mut sets, links)
}

fn groups(sets: &mut DisjointSets, links: Vec<Link>) -> Vec<Group> {
    let mut by_root: HashMap<usize, Group> = HashMap::new();
    for link in links {
        let root = sets.find(link.a);
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

/// How two known addresses compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Same,
    Different,
    Unknown,
}

/// Records in their compared forms, with the word weights of this set.
struct Prepared {
    names: Vec<Vec<u32>>,
    name_weights: Vec<f64>,
    emails: Vec<Option<String>>,
    phones: Vec<Option<String>>,
    addresses: Vec<Option<normalise::Address>>,
    words: Vec<String>,
    weights: Vec<f64>,
}

impl Prepared {
    fn new(records: &[Candidate]) -> Self {
        let mut ids: HashMap<String, u32> = HashMap::new();
        let mut words = Vec::new();
        let mut counts: Vec<u32> = Vec::new();
        let mut names = Vec::with_capacity(records.len());
        for r in records {
            let mut name = Vec::new();
            for t in name_tokens(&r.name) {
                let id = *ids.entry(t.clone()).or_insert_with(|| {
                    words.push(t);
                    counts.push(0);
                    (words.len() - 1) as u32
                });
                name.push(id);
            }
            name.sort_unstable();
            name.dedup();
            for &id in &name {
                counts[id as usize] += 1;
            }
            names.push(name);
        }
        let n = records.len().max(1) as f64;
        let weights = counts
            .iter()
            .map(|&c| (n / f64::from(c.max(1))).ln() + 1.0)
            .collect::<Vec<_>>();
        let name_weights = names
            .iter()
            .map(|name| name.iter().map(|&t| weights[t as usize]).sum())
            .collect();
        Prepared {
            names,
            name_weights,
            emails: records
                .iter()
                .map(|r| r.email.as_deref().and_then(normalise::email))
                .collect(),
            phones: records
                .iter()
                .map(|r| r.phone.as_deref().and_then(normalise::phone))
                .collect(),
            addresses: records
                .iter()
                .map(|r| r.address.as_deref().and_then(normalise::address))
                .collect(),
            words,
            weights,
        }
    }

    /// The records grouped by the keys they share.
    fn blocks(&self) -> Blocks {
        let n = self.names.len();
        let mut ids: HashMap<u64, u32> = HashMap::new();
        let mut members: Vec<Vec<u32>> = Vec::new();
        let mut entries = Vec::new();
        let mut starts = Vec::with_capacity(n + 1);
        starts.push(0);
        for i in 0..n {
            let record = i as u32;
            for key in self.keys(i) {
                let block = *ids.entry(key).or_insert_with(|| {
                    members.push(Vec::new());
                    (members.len() - 1) as u32
                });
                let m = &mut members[block as usize];
                if m.last() != Some(&record) {
                    m.push(record);
                    entries.push(block);
                }
            }
            starts.push(entries.len());
        }
        let mut positions = HashMap::new();
        for (block, m) in members.iter_mut().enumerate() {
            if m.len() > MAX_BLOCK {
                let mut named: Vec<(String, u32)> =
                    m.iter().map(|&r| (self.sort_name(r as usize), r)).collect();
                named.sort_unstable();
                *m = named.into_iter().map(|(_, r)| r).collect();
                for (p, &r) in m.iter().enumerate() {
                    positions.insert((block as u32, r), p as u32);
                }
            }
        }
        Blocks {
            members,
            entries,
            starts,
            positions,
        }
    }

    /// The name's words in a fixed order, to sort an oversized block by.
    fn sort_name(&self, i: usize) -> String {
        self.names[i]
            .iter()
            .map(|&t| self.words[t as usize].as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// A record's blocking keys, hashed: keys are only compared for
    /// equality, and two keys that collide merely make a pair that
    /// [`Prepared::duplicate`] then rejects.
    fn keys(&self, i: usize) -> Vec<u64> {
        let hash = |tag: u8, value: &dyn Fn(&mut DefaultHasher)| {
            let mut h = DefaultHasher::new();
            tag.hash(&mut h);
            value(&mut h);
            h.finish()
        };
        let mut keys = Vec::new();
        if let Some(e) = &self.emails[i] {
            keys.push(hash(b'e', &|h| e.hash(h)));
        }
        if let Some(p) = &self.phones[i] {
            keys.push(hash(b'p', &|h| normalise::phone_block(p).hash(h)));
        }
        if let Some(a) = &self.addresses[i] {
            keys.push(hash(b'a', &|h| a.key().hash(h)));
        }
        let mut rarest = self.names[i].clone();
        rarest.sort_by(|x, y| {
            self.weights[*y as usize]
                .total_cmp(&self.weights[*x as usize])
                .then(x.cmp(y))
        });
        keys.extend(
            rarest
                .iter()
                .take(NAME_BLOCK_WORDS)
                .map(|t| hash(b'n', &|h| t.hash(h))),
        );
        keys
    }

    /// The reasons `a` and `b` are duplicates, by the rules in the module
    /// doc; `None` when they are not.
    fn duplicate(&self, a: usize, b: usize) -> Option<Vec<Reason>> {
        let same_email = matches!((&self.emails[a], &self.emails[b]), (Some(x), Some(y)) if x == y);
        let same_phone = matches!(
            (&self.phones[a], &self.phones[b]),
            (Some(x), Some(y)) if normalise::phones_match(x, y)
        );
        let place = match (&self.addresses[a], &self.addresses[b]) {
            (Some(x), Some(y)) if x.is_same(y) => Place::Same,
            (Some(x), Some(y)) if x.is_near(y) => Place::Unknown,
            (Some(_), Some(_)) => Place::Different,
            _ => Place::Unknown,
        };
        if place == Place::Different && !same_email {
            return None;
        }
        let similarity = self.name_similarity(a, b);
        let same_address = place == Place::Same;
        let linked = same_email
            || place != Place::Different
                && (similarity >= NAME_THRESHOLD
                    || (same_phone || same_address) && similarity >= SUPPORTED_NAME_THRESHOLD
                    || same_phone && same_address);
        if !linked {
            return None;
        }
        let mut reasons = Vec::new();
        if same_email {
            reasons.push(Reason::SameEmail);
        }
        if same_phone {
            reasons.push(Reason::SamePhone);
        }
        if same_address {
            reasons.push(Reason::SameAddress);
        }
        if similarity >= SUPPORTED_NAME_THRESHOLD {
            reasons.push(Reason::SimilarName((similarity * 100.0).round() / 100.0));
        }
        Some(reasons)
    }

    /// The average of the two names' shares of weight found in the other.
    fn name_similarity(&self, a: usize, b: usize) -> f64 {
        if self.name_weights[a] <= 0.0 || self.name_weights[b] <= 0.0 {
            return 0.0;
        }
        let ab = self.found_weight(&self.names[a], &self.names[b]) / self.name_weights[a];
        let ba = self.found_weight(&self.names[b], &self.names[a]) / self.name_weights[b];
        (ab + ba) / 2.0
    }

    /// The weight of the words of `from` that are in `to`, a misspelt word
    /// counting by its similarity.
    fn found_weight(&self, from: &[u32], to: &[u32]) -> f64 {
        from.iter()
            .map(|&t| {
                let w = self.weights[t as usize];
                if to.binary_search(&t).is_ok() {
                    return w;
                }
                let best = to
                    .iter()
                    .map(|&u| self.word_similarity(t, u))
                    .fold(0.0, f64::max);
                if best >= WORD_THRESHOLD {
                    w * best
                } else {
                    0.0
                }
            })
            .sum()
    }

    fn word_similarity(&self, t: u32, u: u32) -> f64 {
        let (x, y) = (&self.words[t as usize], &self.words[u as usize]);
        let (short, long) = (x.len().min(y.len()), x.len().max(y.len()));
        // Jaro-Winkler cannot reach the word threshold when one word is
        // under 0.6 of the other's length: skip the computation.
        if short < 4 || short * 5 < long * 3 {
            return 0.0;
        }
        strsim::jaro_winkler(x, y)
    }
}

/// Records that share a blocking key. Pairs are made from it one record
/// at a time rather than collected, so memory grows with the records and
/// their keys, not with the (much larger) number of pairs compared.
struct Blocks {
    /// Each block's records: ascending, or for a block over
    /// [`MAX_BLOCK`] in name order.
    members: Vec<Vec<u32>>,
    /// The blocks of record `i` are `entries[starts[i]..starts[i + 1]]`.
    entries: Vec<u32>,
    starts: Vec<usize>,
    /// Where a record sits in an oversized block's name order.
    positions: HashMap<(u32, u32), u32>,
}

impl Blocks {
    /// Calls `visit(a, b)` for each pair, `a < b`, that shares a block —
    /// in an oversized block, only records at most [`WINDOW`] apart in
    /// name order — once, in ascending order of `(a, b)`, so groups and
    /// their links are reproducible.
    fn each_pair(&self, mut visit: impl FnMut(usize, usize)) {
        let mut partners: Vec<u32> = Vec::new();
        for a in 0..self.starts.len().saturating_sub(1) {
            let record = a as u32;
            partners.clear();
            for &block in &self.entries[self.starts[a]..self.starts[a + 1]] {
                let m = &self.members[block as usize];
                if m.len() <= MAX_BLOCK {
                    let after = m.partition_point(|&x| x <= record);
                    partners.extend_from_slice(&m[after..]);
                } else if let Some(&p) = self.positions.get(&(block, record)) {
                    let p = p as usize;
                    let near = &m[p.saturating_sub(WINDOW)..(p + WINDOW + 1).min(m.len())];
                    partners.extend(near.iter().filter(|&&x| x > record));
                }
            }
            partners.sort_unstable();
            partners.dedup();
            for &b in &partners {
                visit(a, b as usize);
            }
        }
    }
}

/// Union-find with path halving and union by size.
struct DisjointSets {
    parent: Vec<usize>,
    size: Vec<usize>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a] < self.size[b] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b] = a;
        self.size[a] += self.size[b];
    }
}
