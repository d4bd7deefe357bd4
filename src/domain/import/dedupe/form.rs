//! A record reduced to what it is compared by — its name's words, a hash
//! of its email, its phone's digits, its house number and street — as a
//! few bytes that go to scratch storage and come back, and the rules that
//! compare two of them (the module doc of [`super`] states them).

use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;

use super::normalise;
use super::{NAME_THRESHOLD, Reason, SUPPORTED_NAME_THRESHOLD, WORD_THRESHOLD};

/// Most name words kept, and most bytes kept of a word, a street or a
/// phone: real names are far shorter; a runaway cell cannot make a form
/// (or the offsets inside it) grow without bound.
const MAX_WORDS: usize = 64;
const MAX_PART: usize = 255;

/// One record's comparable values. Text lives in one buffer (phone
/// digits, then street, then the name's words, back to back), so a form
/// read back from storage reuses its allocations.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Form {
    pub(super) row: u32,
    /// A hash of the normalised email (0: none). Emails are only compared
    /// for equality; two different ones sharing a 64-bit hash is a chance
    /// of about one in 10^10 at 100,000 records.
    pub(super) email: u64,
    pub(super) house: u32,
    /// The first 16 bytes of the name's words as written, as two numbers
    /// that sort like them: a block too large to compare pair by pair is
    /// put in this order, so records whose names begin alike are
    /// neighbours.
    pub(super) order: [u64; 2],
    text: String,
    phone_end: u16,
    street_end: u16,
    /// Each name word's end in `text` and its weight, sorted by word.
    words: Vec<(u16, f64)>,
}

/// How two known addresses compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Same,
    Different,
    Unknown,
}

impl Form {
    /// Sets this form to a record's values (weights 0 until
    /// [`Form::weigh`]). Empty or unusable values count as missing.
    pub(super) fn fill(
        &mut self,
        row: u32,
        name: &str,
        email: Option<&str>,
        phone: Option<&str>,
        address: Option<&str>,
    ) {
        self.row = row;
        self.email = email.and_then(normalise::email).map_or(0, |e| {
            let mut h = DefaultHasher::new();
            e.hash(&mut h);
            h.finish().max(1)
        });
        self.text.clear();
        self.words.clear();
        if let Some(p) = phone.and_then(normalise::phone) {
            self.text.push_str(clip(&p));
        }
        self.phone_end = self.text.len() as u16;
        self.house = 0;
        if let Some(a) = address.and_then(normalise::address) {
            self.house = a.number;
            self.text.push_str(clip(&a.street));
        }
        self.street_end = self.text.len() as u16;
        let mut tokens = normalise::name_tokens(name);
        self.order = order_of(&tokens);
        tokens.sort_unstable();
        tokens.dedup();
        for t in tokens.iter().take(MAX_WORDS) {
            self.text.push_str(clip(t));
            self.words.push((self.text.len() as u16, 0.0));
        }
    }

    /// The phone's digits.
    pub(super) fn phone(&self) -> Option<&str> {
        (self.phone_end > 0).then(|| &self.text[..usize::from(self.phone_end)])
    }

    /// The street (empty: no usable address) and the house number.
    fn address(&self) -> Option<(&str, u32)> {
        let street = &self.text[usize::from(self.phone_end)..usize::from(self.street_end)];
        (!street.is_empty()).then_some((street, self.house))
    }

    pub(super) fn word_count(&self) -> usize {
        self.words.len()
    }

    pub(super) fn word(&self, i: usize) -> &str {
        let start = if i == 0 {
            usize::from(self.street_end)
        } else {
            usize::from(self.words[i - 1].0)
        };
        &self.text[start..usize::from(self.words[i].0)]
    }

    pub(super) fn weight(&self, i: usize) -> f64 {
        self.words[i].1
    }

    /// Gives each name word its weight.
    pub(super) fn weigh(&mut self, weight: impl Fn(&str) -> f64) {
        for i in 0..self.words.len() {
            let w = weight(self.word(i));
            self.words[i].1 = w;
        }
    }

    fn name_weight(&self) -> f64 {
        self.words.iter().map(|w| w.1).sum()
    }

    /// The blocking keys, hashed, into `keys`: records are compared only
    /// when they share one. Keys are only compared for equality, and two
    /// that collide merely make a pair [`duplicate`] then rejects.
    pub(super) fn keys(&self, keys: &mut Vec<u64>, name_words: usize) {
        let hash = |tag: u8, value: &dyn Fn(&mut DefaultHasher)| {
            let mut h = DefaultHasher::new();
            tag.hash(&mut h);
            value(&mut h);
            h.finish()
        };
        keys.clear();
        if self.email != 0 {
            keys.push(hash(b'e', &|h| self.email.hash(h)));
        }
        if let Some(p) = self.phone() {
            keys.push(hash(b'p', &|h| normalise::phone_block(p).hash(h)));
        }
        if let Some(a) = self.address() {
            keys.push(hash(b'a', &|h| a.hash(h)));
        }
        // The rarest words (heaviest; ties by word, so the choice does not
        // depend on the order records came in).
        let mut rarest: Vec<usize> = (0..self.words.len()).collect();
        rarest.sort_by(|&x, &y| {
            self.weight(y)
                .total_cmp(&self.weight(x))
                .then_with(|| self.word(x).cmp(self.word(y)))
        });
        keys.extend(
            rarest
                .iter()
                .take(name_words)
                .map(|&i| hash(b'n', &|h| self.word(i).hash(h))),
        );
    }

    /// Appends the form to `out` (the row is kept beside it).
    pub(super) fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.email.to_le_bytes());
        out.extend_from_slice(&self.order[0].to_le_bytes());
        out.extend_from_slice(&self.order[1].to_le_bytes());
        out.extend_from_slice(&self.house.to_le_bytes());
        out.extend_from_slice(&self.phone_end.to_le_bytes());
        out.extend_from_slice(&self.street_end.to_le_bytes());
        out.push(self.words.len() as u8);
        for (end, weight) in &self.words {
            out.extend_from_slice(&end.to_le_bytes());
            out.extend_from_slice(&weight.to_le_bytes());
        }
        out.extend_from_slice(&(self.text.len() as u16).to_le_bytes());
        out.extend_from_slice(self.text.as_bytes());
    }

    /// Sets this form from what [`Form::encode`] wrote.
    pub(super) fn decode(&mut self, row: u32, bytes: &[u8]) -> io::Result<()> {
        let mut r = Bytes(bytes);
        self.row = row;
        self.email = u64::from_le_bytes(r.take()?);
        self.order = [u64::from_le_bytes(r.take()?), u64::from_le_bytes(r.take()?)];
        self.house = u32::from_le_bytes(r.take()?);
        self.phone_end = u16::from_le_bytes(r.take()?);
        self.street_end = u16::from_le_bytes(r.take()?);
        let [n] = r.take()?;
        self.words.clear();
        for _ in 0..n {
            let end = u16::from_le_bytes(r.take()?);
            let weight = f64::from_le_bytes(r.take()?);
            self.words.push((end, weight));
        }
        let len = usize::from(u16::from_le_bytes(r.take()?));
        let text = r.slice(len)?;
        self.text.clear();
        self.text
            .push_str(std::str::from_utf8(text).map_err(|_| corrupt())?);
        let ends_fit = self
            .words
            .iter()
            .map(|w| w.0)
            .chain([self.phone_end, self.street_end])
            .all(|e| self.text.is_char_boundary(usize::from(e)));
        if !ends_fit || self.phone_end > self.street_end {
            return Err(corrupt());
        }
        Ok(())
    }

    /// How the two records' addresses compare.
    fn place(&self, other: &Form) -> Place {
        let (Some((sa, na)), Some((sb, nb))) = (self.address(), other.address()) else {
            return Place::Unknown;
        };
        let same_street = normalise::streets_match(sa, sb);
        if same_street && na == nb {
            Place::Same
        } else if same_street && na.abs_diff(nb) <= normalise::NEAR_NUMBERS {
            Place::Unknown
        } else {
            Place::Different
        }
    }

    /// The index of `word` among this name's words.
    fn find(&self, word: &str) -> Option<usize> {
        let (mut lo, mut hi) = (0, self.words.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.word(mid).cmp(word) {
                std::cmp::Ordering::Less => lo = mid + 1,
                std::cmp::Ordering::Greater => hi = mid,
                std::cmp::Ordering::Equal => return Some(mid),
            }
        }
        None
    }
}

/// The reasons the two records are duplicates, by the rules in the module
/// doc of [`super`]; `None` when they are not.
pub(super) fn duplicate(a: &Form, b: &Form) -> Option<Vec<Reason>> {
    let same_email = a.email != 0 && a.email == b.email;
    let same_phone = matches!(
        (a.phone(), b.phone()),
        (Some(x), Some(y)) if normalise::phones_match(x, y)
    );
    let place = a.place(b);
    if place == Place::Different && !same_email {
        return None;
    }
    let similarity = name_similarity(a, b);
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
fn name_similarity(a: &Form, b: &Form) -> f64 {
    let (wa, wb) = (a.name_weight(), b.name_weight());
    if wa <= 0.0 || wb <= 0.0 {
        return 0.0;
    }
    (found_weight(a, b) / wa + found_weight(b, a) / wb) / 2.0
}

/// The weight of the words of `from` that are in `to`, a misspelt word
/// counting by its similarity.
fn found_weight(from: &Form, to: &Form) -> f64 {
    (0..from.word_count())
        .map(|i| {
            let (t, w) = (from.word(i), from.weight(i));
            if to.find(t).is_some() {
                return w;
            }
            let best = (0..to.word_count())
                .map(|j| word_similarity(t, to.word(j)))
                .fold(0.0, f64::max);
            if best >= WORD_THRESHOLD {
                w * best
            } else {
                0.0
            }
        })
        .sum()
}

fn word_similarity(x: &str, y: &str) -> f64 {
    let (short, long) = (x.len().min(y.len()), x.len().max(y.len()));
    // Jaro-Winkler cannot reach the word threshold when one word is under
    // 0.6 of the other's length: skip the computation.
    if short < 4 || short * 5 < long * 3 {
        return 0.0;
    }
    if x.bytes().chain(y.bytes()).any(|b| b.is_ascii_digit()) {
        return 0.0;
    }
    strsim::jaro_winkler(x, y)
}

/// The first 16 bytes of words, space-separated, big-endian.
fn order_of(tokens: &[String]) -> [u64; 2] {
    let mut bytes = [0u8; 16];
    let spaced = tokens.iter().flat_map(|t| t.bytes().chain([b' ']));
    for (slot, b) in bytes.iter_mut().zip(spaced) {
        *slot = b;
    }
    let mut hi = [0u8; 8];
    let mut lo = [0u8; 8];
    hi.copy_from_slice(&bytes[..8]);
    lo.copy_from_slice(&bytes[8..]);
    [u64::from_be_bytes(hi), u64::from_be_bytes(lo)]
}

/// At most [`MAX_PART`] bytes, cut at a character boundary.
fn clip(s: &str) -> &str {
    if s.len() <= MAX_PART {
        return s;
    }
    let mut end = MAX_PART;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

fn corrupt() -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        "duplicate finder scratch is corrupt",
    )
}

/// A cursor over bytes [`Form::encode`] wrote.
struct Bytes<'a>(&'a [u8]);

impl<'a> Bytes<'a> {
    fn take<const N: usize>(&mut self) -> io::Result<[u8; N]> {
        let (head, rest) = self.0.split_first_chunk::<N>().ok_or_else(corrupt)?;
        self.0 = rest;
        Ok(*head)
    }

    fn slice(&mut self, n: usize) -> io::Result<&'a [u8]> {
        if self.0.len() < n {
            return Err(corrupt());
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
}
