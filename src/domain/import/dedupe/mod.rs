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
    let mut finder = Finder::with_capacity(records.len());
    for r in records {
        finder.push(
            &r.name,
            r.email.as_deref(),
            r.phone.as_deref(),
            r.address.as_deref(),
        );
    }
    finder.groups_except(separate)
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

/// How two known addresses compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Same,
    Different,
    Unknown,
}

/// Distinct words, each stored once and known by its id (ids in order of
/// first appearance).
#[derive(Default)]
struct Words {
    /// Word hash (32 bits) to id; a hash two words share moves the later
    /// one to the next free hash, so no two words are ever confused.
    ids: HashMap<u32, u32>,
    text: String,
    /// Word `i` is `text[ends[i - 1]..ends[i]]` (from 0 for the first).
    ends: Vec<u32>,
}

impl Words {
    fn intern(&mut self, word: &str) -> u32 {
        let mut h = DefaultHasher::new();
        word.hash(&mut h);
        let mut key = h.finish() as u32;
        loop {
            match self.ids.get(&key) {
                Some(&id) if self.get(id) == word => return id,
                Some(_) => key = key.wrapping_add(1),
                None => {
                    let id = self.ends.len() as u32;
                    self.text.push_str(word);
                    self.ends.push(self.text.len() as u32);
                    self.ids.insert(key, id);
                    return id;
                }
            }
        }
    }

    fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }
}

/// No address: a street id no street has.
const NO_ADDRESS: u32 = u32::MAX;

/// Records to check, added one at a time ([`Finder::push`]). Each is
/// reduced at once to the forms it is compared by — its name's word ids,
/// a hash of its email, its phone's digits, its house number and street
/// — so a large file is checked without its records being held: about
/// 50 bytes a record and each distinct word once, plus, while pairs are
/// made, its blocking keys ([`Blocks`]).
pub struct Finder {
    names: Words,
    streets: Words,
    /// Records whose names hold each name word, by word id.
    counts: Vec<u32>,
    /// The word ids of record `i`'s name are
    /// `name_words[name_starts[i]..name_starts[i + 1]]` (sorted, unique):
    /// one array for all names rather than one per name.
    name_words: Vec<u32>,
    name_starts: Vec<u32>,
    /// A hash of each normalised email (0: none). Emails are only
    /// compared for equality; two different emails sharing a 64-bit hash
    /// is a chance of about one in 10^10 at 100,000 records.
    emails: Vec<u64>,
    /// The normalised digits of record `i`'s phone are
    /// `phone_digits[phone_starts[i]..phone_starts[i + 1]]` (empty: none).
    phone_digits: String,
    phone_starts: Vec<u32>,
    house_numbers: Vec<u32>,
    /// The street's id in `streets`, or [`NO_ADDRESS`].
    street_ids: Vec<u32>,
    /// Filled by [`Finder::weigh`] once every record is in.
    weights: Vec<f64>,
    name_weights: Vec<f64>,
    /// Scratch for one name's word ids.
    name: Vec<u32>,
}

impl Default for Finder {
    fn default() -> Self {
        Finder::with_capacity(0)
    }
}

impl Finder {
    pub fn with_capacity(records: usize) -> Self {
        let mut name_starts = Vec::with_capacity(records + 1);
        name_starts.push(0);
        let mut phone_starts = Vec::with_capacity(records + 1);
        phone_starts.push(0);
        Finder {
            names: Words::default(),
            streets: Words::default(),
            counts: Vec::new(),
            name_words: Vec::new(),
            name_starts,
            emails: Vec::with_capacity(records),
            phone_digits: String::new(),
            phone_starts,
            house_numbers: Vec::with_capacity(records),
            street_ids: Vec::with_capacity(records),
            weights: Vec::new(),
            name_weights: Vec::new(),
            name: Vec::new(),
        }
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
    ) {
        self.name.clear();
        for t in name_tokens(name) {
            let id = self.names.intern(&t);
            if id as usize == self.counts.len() {
                self.counts.push(0);
            }
            self.name.push(id);
        }
        self.name.sort_unstable();
        self.name.dedup();
        for &id in &self.name {
            self.counts[id as usize] += 1;
        }
        self.name_words.extend_from_slice(&self.name);
        self.name_starts.push(self.name_words.len() as u32);
        self.emails
            .push(email.and_then(normalise::email).map_or(0, |e| {
                let mut h = DefaultHasher::new();
                e.hash(&mut h);
                h.finish().max(1)
            }));
        if let Some(p) = phone.and_then(normalise::phone) {
            self.phone_digits.push_str(&p);
        }
        self.phone_starts.push(self.phone_digits.len() as u32);
        match address.and_then(normalise::address) {
            Some(a) => {
                self.house_numbers.push(a.number);
                self.street_ids.push(self.streets.intern(&a.street));
            }
            None => {
                self.house_numbers.push(0);
                self.street_ids.push(NO_ADDRESS);
            }
        }
    }

    /// The records added so far.
    pub fn len(&self) -> usize {
        self.name_starts.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The groups of duplicates among the records added, as
    /// [`find_groups`] gives them.
    pub fn groups(self) -> Vec<Group> {
        self.groups_except(|_, _| false)
    }

    /// The groups, never linking a pair `separate` is true for, as
    /// [`find_groups_except`] gives them.
    pub fn groups_except(mut self, separate: impl Fn(usize, usize) -> bool) -> Vec<Group> {
        self.weigh();
        let mut sets = DisjointSets::new(self.len());
        let mut links = Vec::new();
        self.blocks().each_pair(|a, b| {
            if sets.find(a as u32) == sets.find(b as u32) || separate(a, b) {
                return;
            }
            if let Some(reasons) = self.duplicate(a, b) {
                sets.union(a as u32, b as u32);
                links.push(Link { a, b, reasons });
            }
        });
        groups(&mut sets, links)
    }

    /// Word weights: rarer words among all the records weigh more. The
    /// arrays grew by doubling while records came in; they are trimmed
    /// first, before the blocks are made beside them.
    fn weigh(&mut self) {
        self.name = Vec::new();
        self.names.ids = HashMap::new();
        self.streets.ids = HashMap::new();
        self.names.text.shrink_to_fit();
        self.names.ends.shrink_to_fit();
        self.counts.shrink_to_fit();
        self.name_words.shrink_to_fit();
        self.name_starts.shrink_to_fit();
        self.emails.shrink_to_fit();
        self.phone_digits.shrink_to_fit();
        self.phone_starts.shrink_to_fit();
        self.house_numbers.shrink_to_fit();
        self.street_ids.shrink_to_fit();
        let n = self.len().max(1) as f64;
        self.weights = self
            .counts
            .iter()
            .map(|&c| (n / f64::from(c.max(1))).ln() + 1.0)
            .collect();
        self.name_weights = self
            .name_starts
            .windows(2)
            .map(|w| {
                self.name_words[w[0] as usize..w[1] as usize]
                    .iter()
                    .map(|&t| self.weights[t as usize])
                    .sum()
            })
            .collect();
    }

    /// Record `i`'s name as sorted, unique word ids.
    fn name(&self, i: usize) -> &[u32] {
        &self.name_words[self.name_starts[i] as usize..self.name_starts[i + 1] as usize]
    }

    fn phone(&self, i: usize) -> Option<&str> {
        let p =
            &self.phone_digits[self.phone_starts[i] as usize..self.phone_starts[i + 1] as usize];
        (!p.is_empty()).then_some(p)
    }

    /// The street's id and the house number.
    fn address(&self, i: usize) -> Option<(u32, u32)> {
        (self.street_ids[i] != NO_ADDRESS).then(|| (self.street_ids[i], self.house_numbers[i]))
    }

    /// The records grouped by the keys they share.
    fn blocks(&self) -> Blocks {
        let n = self.len();
        // Sized exactly: a vector that grows by doubling holds up to
        // twice its keys at its peak.
        let total: usize = (0..n).map(|i| self.key_count(i)).sum();
        let mut keyed: Vec<(Key, u32)> = Vec::with_capacity(total);
        let mut keys = Vec::new();
        for i in 0..n {
            self.keys(i, &mut keys);
            keyed.extend(keys.iter().map(|&k| (split(k), i as u32)));
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
        // A key no other record has makes no pair: dropped.
        let mut kept = 0;
        let mut lo = 0;
        while lo < keyed.len() {
            let key = keyed[lo].0;
            let hi = lo + keyed[lo..].partition_point(|e| e.0 == key);
            if hi - lo > 1 {
                keyed.copy_within(lo..hi, kept);
                kept += hi - lo;
            }
            lo = hi;
        }
        keyed.truncate(kept);
        keyed.shrink_to_fit();
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
            .map(|&t| self.names.get(t))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// How many keys [`Finder::keys`] gives record `i`.
    fn key_count(&self, i: usize) -> usize {
        usize::from(self.emails[i] != 0)
            + usize::from(self.phone(i).is_some())
            + usize::from(self.address(i).is_some())
            + self.name(i).len().min(NAME_BLOCK_WORDS)
    }

    /// A record's blocking keys, hashed, into `keys`: keys are only
    /// compared for equality, and two keys that collide merely make a
    /// pair that [`Finder::duplicate`] then rejects.
    fn keys(&self, i: usize, keys: &mut Vec<u64>) {
        let hash = |tag: u8, value: &dyn Fn(&mut DefaultHasher)| {
            let mut h = DefaultHasher::new();
            tag.hash(&mut h);
            value(&mut h);
            h.finish()
        };
        keys.clear();
        if self.emails[i] != 0 {
            keys.push(hash(b'e', &|h| self.emails[i].hash(h)));
        }
        if let Some(p) = self.phone(i) {
            keys.push(hash(b'p', &|h| normalise::phone_block(p).hash(h)));
        }
        if let Some(a) = self.address(i) {
            keys.push(hash(b'a', &|h| a.hash(h)));
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
    }

    /// How the two records' addresses compare.
    fn place(&self, a: usize, b: usize) -> Place {
        let (Some((sa, na)), Some((sb, nb))) = (self.address(a), self.address(b)) else {
            return Place::Unknown;
        };
        let same_street = normalise::streets_match(self.streets.get(sa), self.streets.get(sb));
        if same_street && na == nb {
            Place::Same
        } else if same_street && na.abs_diff(nb) <= normalise::NEAR_NUMBERS {
            Place::Unknown
        } else {
            Place::Different
        }
    }

    /// The reasons `a` and `b` are duplicates, by the rules in the module
    /// doc; `None` when they are not.
    fn duplicate(&self, a: usize, b: usize) -> Option<Vec<Reason>> {
        let same_email = self.emails[a] != 0 && self.emails[a] == self.emails[b];
        let same_phone = matches!(
            (self.phone(a), self.phone(b)),
            (Some(x), Some(y)) if normalise::phones_match(x, y)
        );
        let place = self.place(a, b);
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
        let (x, y) = (self.names.get(t), self.names.get(u));
        let (short, long) = (x.len().min(y.len()), x.len().max(y.len()));
        // Jaro-Winkler cannot reach the word threshold when one word is
        // under 0.6 of the other's length: skip the computation.
        if short < 4 || short * 5 < long * 3 {
            return 0.0;
        }
        if x.bytes().chain(y.bytes()).any(|b| b.is_ascii_digit()) {
            return 0.0;
        }
        strsim::jaro_winkler(x, y)
    }
}

/// A 64-bit key as two halves: `(Key, u32)` packs into 12 bytes where
/// `(u64, u32)` takes 16, and sorts the same.
type Key = [u32; 2];

fn split(k: u64) -> Key {
    [(k >> 32) as u32, k as u32]
}

/// Records that share a blocking key. Pairs are made from it one record
/// at a time rather than collected, so memory grows with the keys two or
/// more records share (16 bytes each), not with the (much larger) number
/// of pairs compared.
struct Blocks {
    /// `(key, record)`, sorted by key; within a key (a block) by record,
    /// or for a block over [`MAX_BLOCK`] in name order.
    keyed: Vec<(Key, u32)>,
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

/// Union-find with path halving and union by size, on `u32` indexes
/// (half the memory of `usize`; a file is far under four billion rows).
struct DisjointSets {
    parent: Vec<u32>,
    size: Vec<u32>,
}

impl DisjointSets {
    fn new(n: usize) -> Self {
        DisjointSets {
            parent: (0..n as u32).collect(),
            size: vec![1; n],
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            self.parent[x as usize] = self.parent[self.parent[x as usize] as usize];
            x = self.parent[x as usize];
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (mut a, mut b) = (self.find(a), self.find(b));
        if a == b {
            return;
        }
        if self.size[a as usize] < self.size[b as usize] {
            std::mem::swap(&mut a, &mut b);
        }
        self.parent[b as usize] = a;
        self.size[a as usize] += self.size[b as usize];
    }
}
