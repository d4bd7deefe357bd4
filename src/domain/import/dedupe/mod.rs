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
    /// The word ids of record `i`'s name are
    /// `name_words[name_starts[i]..name_starts[i + 1]]` (sorted, unique):
    /// one array for all names rather than one per name.
    name_words: Vec<u32>,
    name_starts: Vec<u32>,
    name_weights: Vec<f64>,
    /// A hash of each normalised email (0: none). Emails are only
    /// compared for equality; two different emails sharing a 64-bit hash
    /// is a chance of about one in 10^10 at 100,000 records.
    emails: Vec<u64>,
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
        let mut name_words = Vec::new();
        let mut name_starts = Vec::with_capacity(records.len() + 1);
        name_starts.push(0u32);
        let mut name = Vec::new();
        for r in records {
            name.clear();
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
            name_words.extend_from_slice(&name);
            name_starts.push(name_words.len() as u32);
        }
        let n = records.len().max(1) as f64;
        let weights = counts
            .iter()
            .map(|&c| (n / f64::from(c.max(1))).ln() + 1.0)
            .collect::<Vec<_>>();
        let name_weights = name_starts
            .windows(2)
            .map(|w| {
                name_words[w[0] as usize..w[1] as usize]
                    .iter()
                    .map(|&t| weights[t as usize])
                    .sum()
            })
            .collect();
        Prepared {
            name_words,
            name_starts,
            name_weights,
            emails: records
                .iter()
                .map(|r| {
                    r.email
                        .as_deref()
                        .and_then(normalise::email)
                        .map_or(0, |e| {
                            let mut h = DefaultHasher::new();
                            e.hash(&mut h);
                            h.finish().max(1)
                        })
                })
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

    fn len(&self) -> usize {
        self.name_starts.len() - 1
    }

    /// Record `i`'s name as sorted, unique word ids.
    fn name(&self, i: usize) -> &[u32] {
        &self.name_words[self.name_starts[i] as usize..self.name_starts[i + 1] as usize]
    }

    /// The records grouped by the keys they share.
    fn blocks(&self) -> Blocks {
        let n = self.len();
        let mut keyed: Vec<(u64, u32)> = Vec::new();
        for i in 0..n {
            keyed.extend(self.keys(i).into_iter().map(|k| (k, i as u32)));
        }
        keyed.sort_unstable();
        keyed.dedup();
        // An oversized block is put in name order (its key is unchanged,
        // so `keyed` stays sorted by key).
        let mut lo = 0;
        while lo < keyed.len() {
            let key = keyed[lo].0;
            let hi = lo + keyed[lo..].partition_point(|e| e.0 == key);
            if hi - lo > MAX_BLOCK {
                let mut named: Vec<(String, u32)> = keyed[lo..hi]
                    .iter()
                    .map(|&(_, r)| (self.sort_name(r as usize), r))
                    .collect();
                named.sort_unstable();
                for (slot, (_, r)) in keyed[lo..hi].iter_mut().zip(named) {
                    slot.1 = r;
                }
            }
            lo = hi;
        }
        // Each record's places in `keyed`, grouped by record.
        let mut starts = vec![0u32; n + 1];
        for &(_, r) in &keyed {
            starts[r as usize + 1] += 1;
        }
        for i in 0..n {
            starts[i + 1] += starts[i];
        }
        let mut next = starts.clone();
        let mut places = vec![0u32; keyed.len()];
        for (p, &(_, r)) in keyed.iter().enumerate() {
            let at = &mut next[r as usize];
            places[*at as usize] = p as u32;
            *at += 1;
        }
        Blocks {
            keyed,
            places,
            starts,
        }
    }

    /// The name's words in a fixed order, to sort an oversized block by.
    fn sort_name(&self, i: usize) -> String {
        self.name(i)
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
        if self.emails[i] != 0 {
            keys.push(hash(b'e', &|h| self.emails[i].hash(h)));
        }
        if let Some(p) = &self.phones[i] {
            keys.push(hash(b'p', &|h| normalise::phone_block(p).hash(h)));
        }
        if let Some(a) = &self.addresses[i] {
            keys.push(hash(b'a', &|h| a.key().hash(h)));
        }
        let mut rarest = self.name(i).to_vec();
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
        let same_email = self.emails[a] != 0 && self.emails[a] == self.emails[b];
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
        let ab = self.found_weight(self.name(a), self.name(b)) / self.name_weights[a];
        let ba = self.found_weight(self.name(b), self.name(a)) / self.name_weights[b];
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
/// their keys (about 100 bytes a record), not with the (much larger)
/// number of pairs compared.
struct Blocks {
    /// `(key, record)`, sorted by key; within a key (a block) by record,
    /// or for a block over [`MAX_BLOCK`] in name order.
    keyed: Vec<(u64, u32)>,
    /// The places in `keyed` of record `i` are
    /// `places[starts[i]..starts[i + 1]]`.
    places: Vec<u32>,
    starts: Vec<u32>,
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
            let mine = &self.places[self.starts[a] as usize..self.starts[a + 1] as usize];
            for &p in mine {
                let p = p as usize;
                let key = self.keyed[p].0;
                let lo = self.keyed.partition_point(|e| e.0 < key);
                let hi = self.keyed.partition_point(|e| e.0 <= key);
                let block = &self.keyed[lo..hi];
                let near = if block.len() <= MAX_BLOCK {
                    block
                } else {
                    let at = p - lo;
                    &block[at.saturating_sub(WINDOW)..(at + WINDOW + 1).min(block.len())]
                };
                partners.extend(near.iter().map(|e| e.1).filter(|&x| x > record));
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
