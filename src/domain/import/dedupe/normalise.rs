//! The forms names, emails, phones and addresses are compared in. Each
//! rule is described in the user documentation in [`super`].

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words that say what legal form a company has, not which company it is.
/// Dropped from the end of a name only ("Co-op Bank" keeps its "co").
const LEGAL_SUFFIXES: [&str; 13] = [
    "inc",
    "incorporated",
    "llc",
    "ltd",
    "limited",
    "co",
    "corp",
    "corporation",
    "company",
    "plc",
    "gmbh",
    "llp",
    "lp",
];

/// The same for Chinese names, which have no spaces: longest first.
const CJK_LEGAL_SUFFIXES: [&str; 5] = [
    "股份有限公司",
    "有限责任公司",
    "有限公司",
    "集团公司",
    "公司",
];

/// A name as the words it is compared by: folded (NFKC, lower case,
/// accents dropped), `&` read as "and", apostrophes dropped ("children's"
/// → "childrens"), other punctuation as spaces, "st" as "saint", a leading
/// "the" and trailing legal suffixes dropped. Chinese characters count one
/// word each, as Chinese is written without spaces.
pub fn name_tokens(name: &str) -> Vec<String> {
    let folded = fold(name).replace('&', " and ");
    let mut tokens = Vec::new();
    for word in folded.split(|c: char| !c.is_alphanumeric() && !is_apostrophe(c)) {
        let word: String = word.chars().filter(|c| !is_apostrophe(*c)).collect();
        if word.chars().any(is_cjk) {
            if !tokens.is_empty() && CJK_LEGAL_SUFFIXES.contains(&word.as_str()) {
                continue;
            }
            tokens.extend(cjk_words(&word));
        } else if word == "st" {
            // In a name (never an address) "St." is Saint: St. Kevin.
            tokens.push("saint".to_owned());
        } else if !word.is_empty() {
            tokens.push(word);
        }
    }
    if tokens.len() > 1 && tokens[0] == "the" {
        tokens.remove(0);
    }
    while tokens.len() > 1
        && tokens
            .last()
            .is_some_and(|t| LEGAL_SUFFIXES.contains(&t.as_str()))
    {
        tokens.pop();
    }
    tokens
}

/// A Chinese run without its legal suffix, one word per character (Latin
/// letters or digits mixed into the run stay together).
fn cjk_words(run: &str) -> Vec<String> {
    let mut run = run;
    for suffix in CJK_LEGAL_SUFFIXES {
        if let Some(rest) = run.strip_suffix(suffix).filter(|r| !r.is_empty()) {
            run = rest;
            break;
        }
    }
    let mut words = Vec::new();
    let mut latin = String::new();
    for c in run.chars() {
        if is_cjk(c) {
            if !latin.is_empty() {
                words.push(std::mem::take(&mut latin));
            }
            words.push(c.to_string());
        } else {
            latin.push(c);
        }
    }
    if !latin.is_empty() {
        words.push(latin);
    }
    words
}

/// Lower case, trimmed; `None` unless it looks like an address (one `@`,
/// something before it, a dot after it), so a column of dates or "n/a"
/// cannot make everyone the same person.
pub fn email(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    let (local, domain) = e.split_once('@')?;
    let valid = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !e.contains(char::is_whitespace);
    valid.then_some(e)
}

/// Digits only, without a country code where it can be told apart: a
/// leading 1 on an 11-digit (North American) number, a leading 86 on a
/// 13-digit Chinese mobile (86 1xx xxxx xxxx). Fewer than 7 digits is not
/// a phone number.
pub fn phone(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    let national = match digits.len() {
        11 if digits.starts_with('1') => &digits[1..],
        13 if digits.starts_with("861") => &digits[2..],
        _ => &digits,
    };
    (national.len() >= 7).then(|| national.to_owned())
}

/// Whether two normalised phones are the same line: equal, or a 7-digit
/// local number (written without its area code) equal to the last seven
/// digits of a 10-digit North American one.
pub fn phones_match(a: &str, b: &str) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    short == long || (short.len() == 7 && long.len() == 10 && long.ends_with(short))
}

/// The last seven digits: the block a phone is compared within, so a local
/// number meets the same number with its area code.
pub fn phone_block(phone: &str) -> &str {
    &phone[phone.len().saturating_sub(7)..]
}

/// A street address as house number and the first word of the street
/// name ("2929 West 19th Street" and "2929 W. 19th St." are both
/// "2929 19"): a leading direction, street types and ordinal endings are
/// dropped,
/// as sources disagree on them far more often than on the number and the
/// street. `None` when there is no house number to anchor it.
pub fn address(address: &str) -> Option<Address> {
    let folded = fold(address);
    let mut words = folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty());
    let number = words.next().and_then(|w| w.parse().ok())?;
    let mut rest = words.map(strip_ordinal).collect::<Vec<_>>();
    // The end of a range of house numbers ("723-725 E 75th St").
    let range_end = rest.len() > 2
        && rest[0].bytes().all(|b| b.is_ascii_digit())
        && (DIRECTIONS.contains(&rest[1]) || rest[1].bytes().all(|b| b.is_ascii_digit()));
    if range_end {
        rest.remove(0);
    }
    // A direction is the street's name only before a lone street type
    // ("North Ave"); otherwise "W North Ave", "N St Louis" drop it.
    let named_by_direction = rest.len() == 2 && STREET_TYPES.contains(&rest[1]);
    if rest.len() > 1 && DIRECTIONS.contains(&rest[0]) && !named_by_direction {
        rest.remove(0);
    }
    let street = rest.into_iter().find(|w| !STREET_TYPES.contains(w))?;
    Some(Address {
        number,
        street: street.to_owned(),
    })
}

/// A street address reduced to what sources agree on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Address {
    pub number: u32,
    pub street: String,
}

impl Address {
    /// On the same street within [`NEAR_NUMBERS`] house numbers: one
    /// building written with two of its numbers ("8128" and "8130 S
    /// Racine"), or two neighbours.
    pub fn is_near(&self, other: &Address) -> bool {
        self.same_street(other) && self.number.abs_diff(other.number) <= NEAR_NUMBERS
    }

    /// Same number, same street (a misspelt street name, "Winthorp" for
    /// "Winthrop", still counts).
    pub fn is_same(&self, other: &Address) -> bool {
        self.number == other.number && self.same_street(other)
    }

    fn same_street(&self, other: &Address) -> bool {
        streets_match(&self.street, &other.street)
    }

    /// The form records are blocked by.
    pub fn key(&self) -> String {
        format!("{} {}", self.number, self.street)
    }
}

/// Whether two normalised street names are one street: equal, or (four
/// letters or more) at least [`STREET_THRESHOLD`] similar.
pub fn streets_match(a: &str, b: &str) -> bool {
    a == b || a.len().min(b.len()) >= 4 && strsim::jaro_winkler(a, b) >= STREET_THRESHOLD
}

/// Least Jaro-Winkler similarity of two street names taken as one.
pub const STREET_THRESHOLD: f64 = 0.9;

/// House numbers apart that may still be the same building.
pub const NEAR_NUMBERS: u32 = 10;

const DIRECTIONS: [&str; 8] = ["n", "s", "e", "w", "north", "south", "east", "west"];

const STREET_TYPES: [&str; 20] = [
    "st",
    "street",
    "ave",
    "av",
    "avenue",
    "blvd",
    "boulevard",
    "rd",
    "road",
    "dr",
    "drive",
    "pl",
    "place",
    "ct",
    "court",
    "ln",
    "lane",
    "pkwy",
    "parkway",
    "saint",
];

/// "19th" → "19", "1st" → "1"; other words unchanged.
fn strip_ordinal(word: &str) -> &str {
    let digits = word.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let ending = &word[digits.len()..];
    let ordinal = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && matches!(ending, "st" | "nd" | "rd" | "th");
    if ordinal { digits } else { word }
}

/// NFKC, lower case, combining accents dropped ("Niño" → "nino",
/// full-width "ＡＢＣ" → "abc").
fn fold(s: &str) -> String {
    s.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .nfkc()
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}')
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_fold_to_their_words() {
        assert_eq!(name_tokens("  The ACME Corp., Inc. "), ["acme"]);
        assert_eq!(name_tokens("Smith & Sons Ltd"), ["smith", "and", "sons"]);
        assert_eq!(name_tokens("St. Kevin's"), ["saint", "kevins"]);
        assert_eq!(name_tokens("Children’s Place"), ["childrens", "place"]);
        assert_eq!(
            name_tokens("Niño Ｃｏｒｐ Co-op"),
            ["nino", "corp", "co", "op"]
        );
        assert_eq!(
            name_tokens("北京云杉科技有限公司"),
            ["北", "京", "云", "杉", "科", "技"]
        );
        assert_eq!(name_tokens("云杉 Tech 股份有限公司"), ["云", "杉", "tech"]);
        assert_eq!(name_tokens("公司"), ["公", "司"]);
        assert_eq!(name_tokens("Inc"), ["inc"]);
        assert!(name_tokens(" - ").is_empty());
    }

    #[test]
    fn emails_must_look_like_emails() {
        assert_eq!(
            email(" Li.Lei@Example.COM "),
            Some("li.lei@example.com".into())
        );
        assert_eq!(email("01/31/13"), None);
        assert_eq!(email("a@b"), None);
        assert_eq!(email("@b.com"), None);
        assert_eq!(email("a b@c.com"), None);
    }

    #[test]
    fn phones_lose_formatting_and_country_codes() {
        assert_eq!(phone("+1 (773) 226-2649"), Some("7732262649".into()));
        assert_eq!(phone("773.226.2649"), Some("7732262649".into()));
        assert_eq!(phone("+86 138 0013 8000"), Some("13800138000".into()));
        assert_eq!(phone("010-12345678"), Some("01012345678".into()));
        assert_eq!(phone("226-2649"), Some("2262649".into()));
        assert_eq!(phone("12345"), None);
        assert_eq!(phone("n/a"), None);
        assert!(phones_match("2262649", "7732262649"));
        assert!(phones_match("7732262649", "7732262649"));
        assert!(!phones_match("2262649", "3122262640"));
        assert!(!phones_match("2262649", "13812262649"));
        assert_eq!(phone_block("7732262649"), "2262649");
    }

    fn key(a: &str) -> Option<String> {
        address(a).map(|a| a.key())
    }

    #[test]
    fn addresses_reduce_to_number_and_street() {
        let same = [
            "2929 W 19th St",
            "2929 W. 19th St.",
            "2929 West 19th Street",
            "2929 W 19TH ST",
        ];
        for a in same {
            assert_eq!(
                address(a).map(|a| a.key()).as_deref(),
                Some("2929 19"),
                "{a}"
            );
        }
        assert_eq!(key("4250 N. St. Louis").as_deref(), Some("4250 louis"));
        assert_eq!(key("7 N. Homan Av.").as_deref(), Some("7 homan"));
        assert_eq!(key("5242 W North Ave").as_deref(), Some("5242 north"));
        assert_eq!(key("100 North Ave").as_deref(), Some("100 north"));
        assert_eq!(key("9912 S. Avenue H").as_deref(), Some("9912 h"));
        assert_eq!(key("8225-29 S. Kedzie").as_deref(), Some("8225 kedzie"));
        assert_eq!(key("723 725 E 75TH STREET").as_deref(), Some("723 75"));
        assert_eq!(key("100 5th Ave").as_deref(), Some("100 5"));
        assert_eq!(address("Navy Pier"), None);
        assert_eq!(address(""), None);
        let near = |a: &str, b: &str| {
            address(a)
                .zip(address(b))
                .is_some_and(|(a, b)| a.is_near(&b))
        };
        assert!(near("8128 S. Racine Ave.", "8130 S Racine Avenue"));
        assert!(!near("3509 W PIERCE", "3528 W PIERCE"));
        assert!(!near("8128 S. Racine Ave.", "8130 S Kedzie"));
        let same = |a: &str, b: &str| {
            address(a)
                .zip(address(b))
                .is_some_and(|(a, b)| a.is_same(&b))
        };
        assert!(same("4701 N. Winthorp", "4701 North Winthrop Avenue"));
        assert!(same("55 W. Cermack", "55 West Cermak"));
        assert!(!same("55 W. Cermak", "57 W. Cermak"));
        assert!(!same("10 W Ohio", "10 W Ogden"));
    }
}
