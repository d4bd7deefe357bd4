//! The search index's words: what a record is found by, and how a typed
//! query is cut into words. Both backends store the same terms in a plain
//! table with a B-tree index and match by prefix, so SQLite and PostgreSQL
//! behave identically (ARCHITECTURE.md says why not FTS5/tsvector).
//!
//! A record is found by any word of its name, by its email (whole, local
//! part, domain), its web domain, and its phone digits (with and without
//! the Chinese country code). Chinese text has no spaces, so every suffix
//! of a run of Han characters is a term: "云杉" finds "北京云杉科技" by the
//! prefix of the suffix "云杉科技". With the `ssr` feature, the pinyin of
//! each suffix (full and initials) is indexed too: "yunshan" and "bjys"
//! find "北京云杉".

use super::customer::fields::{phone_key, phone_national};

/// Longest term stored; longer words are cut (prefix matching still works).
pub const MAX_TERM_CHARS: usize = 48;
/// Most words of a query that count; the rest are ignored.
pub const MAX_QUERY_WORDS: usize = 5;

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{2ebef}')
}

fn cut(s: &str) -> String {
    s.chars().take(MAX_TERM_CHARS).collect()
}

/// Words of a name or title: Latin words split on anything not a letter or
/// digit; runs of Han characters as all their suffixes.
pub fn name_terms(text: &str, out: &mut Vec<String>) {
    let lower = text.to_lowercase();
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut Vec<String>| {
        if word.is_empty() {
            return;
        }
        let chars: Vec<char> = word.chars().collect();
        if chars.iter().all(|c| is_han(*c)) {
            for i in 0..chars.len() {
                out.push(cut(&chars[i..].iter().collect::<String>()));
                #[cfg(feature = "ssr")]
                pinyin_terms(&chars[i..], out);
            }
        } else {
            out.push(cut(word));
        }
        word.clear();
    };
    let mut in_han = false;
    for c in lower.chars() {
        if c.is_alphanumeric() {
            let han = is_han(c);
            if han != in_han {
                flush(&mut word, out);
                in_han = han;
            }
            word.push(c);
        } else {
            flush(&mut word, out);
        }
    }
    flush(&mut word, out);
}

#[cfg(feature = "ssr")]
fn pinyin_terms(chars: &[char], out: &mut Vec<String>) {
    use pinyin::ToPinyin;
    let mut full = String::new();
    let mut initials = String::new();
    for c in chars {
        if let Some(p) = c.to_pinyin() {
            full.push_str(p.plain());
            initials.push_str(p.first_letter());
        }
    }
    if !full.is_empty() {
        out.push(cut(&full));
        out.push(cut(&initials));
    }
}

/// Terms of an email: the whole address, its local part and its domain.
pub fn email_terms(email: &str, out: &mut Vec<String>) {
    let e = email.trim().to_lowercase();
    if e.is_empty() {
        return;
    }
    out.push(cut(&e));
    if let Some((local, domain)) = e.split_once('@') {
        name_terms(local, out);
        out.push(cut(domain));
    }
}

/// Terms of a web domain: the domain and its first label ("acme.com",
/// "acme").
pub fn domain_terms(domain: &str, out: &mut Vec<String>) {
    let d = domain.trim().to_lowercase();
    if d.is_empty() {
        return;
    }
    out.push(cut(&d));
    if let Some(first) = d.split('.').next() {
        out.push(cut(first));
    }
}

/// Terms of a phone number: its digits, and the national number.
pub fn phone_terms(phone: &str, out: &mut Vec<String>) {
    let key = phone_key(phone);
    if key.len() < 3 {
        return;
    }
    if let Some(national) = phone_national(&key) {
        out.push(national.to_owned());
    }
    out.push(key);
}

/// Deduplicates terms, keeping the first occurrence.
pub fn dedup(mut terms: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    terms.retain(|t| !t.is_empty() && seen.insert(t.clone()));
    terms
}

/// The words of a query as typed in the search box: each must be the
/// prefix of some term of a record for it to match. A query that looks
/// like a phone number is one word of digits, however it was spaced.
pub fn query_words(query: &str) -> Vec<String> {
    let q = query.trim().to_lowercase();
    let digits = q.chars().filter(char::is_ascii_digit).count();
    if digits >= 3
        && q.chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c))
    {
        let key = phone_key(&q);
        // "+86 138…" typed with the country code finds numbers stored
        // without it (the national number is indexed too).
        return vec![phone_national(&key).map(str::to_owned).unwrap_or(key)];
    }
    let mut words = Vec::new();
    for raw in q.split(|c: char| c.is_whitespace() || c == ',' || c == '，') {
        let raw = raw.trim_matches(|c: char| !c.is_alphanumeric());
        if raw.is_empty() {
            continue;
        }
        if raw.contains('@') || (raw.contains('.') && !raw.contains(' ')) {
            words.push(cut(raw));
        } else {
            // Han runs are one word (matched against suffixes); other text
            // splits on punctuation just as names are indexed.
            let mut terms = Vec::new();
            let lower_han_words = raw.split(|c: char| !c.is_alphanumeric());
            for w in lower_han_words.filter(|w| !w.is_empty()) {
                split_script_runs(w, &mut terms);
            }
            words.extend(terms);
        }
    }
    let mut words = dedup(words);
    words.truncate(MAX_QUERY_WORDS);
    words
}

/// "acme北京" → ["acme", "北京"].
fn split_script_runs(w: &str, out: &mut Vec<String>) {
    let mut cur = String::new();
    let mut in_han = None;
    for c in w.chars() {
        let han = is_han(c);
        if in_han.is_some_and(|h| h != han) {
            out.push(cut(&cur));
            cur.clear();
        }
        in_han = Some(han);
        cur.push(c);
    }
    if !cur.is_empty() {
        out.push(cut(&cur));
    }
}

/// The exclusive upper bound of the terms that start with `prefix`, for a
/// range scan `term >= prefix AND term < upper` on a binary-ordered index.
pub fn prefix_upper_bound(prefix: &str) -> String {
    format!("{prefix}{}", char::MAX)
}

/// A key that sorts names the way people expect: case-insensitive, and
/// Chinese by pinyin among the Latin names (so 北京 sits with "Beijing").
#[cfg(feature = "ssr")]
pub fn sort_key(name: &str) -> String {
    use pinyin::ToPinyin;
    let mut key = String::with_capacity(name.len());
    for c in name.trim().chars() {
        match c.to_pinyin() {
            Some(p) => {
                key.push_str(p.plain());
                key.push(' ');
            }
            None => key.extend(c.to_lowercase()),
        }
    }
    key.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms_of_name(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        name_terms(s, &mut v);
        dedup(v)
    }

    fn finds(terms: &[String], query: &str) -> bool {
        query_words(query)
            .iter()
            .all(|w| terms.iter().any(|t| t.starts_with(w.as_str())))
    }

    #[test]
    fn latin_names_are_found_by_any_word_prefix() {
        let t = terms_of_name("Acme Rocket-Works, Inc.");
        assert!(finds(&t, "rock"));
        assert!(finds(&t, "ACME works"));
        assert!(!finds(&t, "cme"));
        assert!(!finds(&t, "acme zebra"));
    }

    #[test]
    fn chinese_names_are_found_by_any_substring() {
        let t = terms_of_name("北京云杉科技有限公司");
        assert!(finds(&t, "云杉"));
        assert!(finds(&t, "北京 科技"));
        assert!(finds(&t, "有限公司"));
        assert!(!finds(&t, "上海"));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn chinese_names_are_found_by_pinyin() {
        let t = terms_of_name("北京云杉");
        assert!(finds(&t, "beijing"));
        assert!(finds(&t, "bjys"));
        assert!(finds(&t, "yunshan"));
        assert!(finds(&t, "ys"));
        assert!(sort_key("北京") < sort_key("Chengdu"));
        assert!(sort_key("Apex") < sort_key("北京"));
    }

    #[test]
    fn emails_domains_and_phones() {
        let mut t = Vec::new();
        email_terms("Li.Wei@Yunshan.CN", &mut t);
        domain_terms("yunshan.cn", &mut t);
        phone_terms("+86 138-0013-8000", &mut t);
        let t = dedup(t);
        assert!(finds(&t, "li.wei@yun"));
        assert!(finds(&t, "wei"));
        assert!(finds(&t, "yunshan.c"));
        assert!(finds(&t, "138 0013"));
        assert!(finds(&t, "+86 1380013"));
        assert!(finds(&t, "8613800"));
        assert!(!finds(&t, "139"));
    }

    #[test]
    fn query_words_are_bounded_and_clean() {
        assert_eq!(query_words("  "), Vec::<String>::new());
        assert_eq!(query_words("a b c d e f g").len(), MAX_QUERY_WORDS);
        assert_eq!(query_words("(Acme)"), vec!["acme"]);
        assert_eq!(query_words("acme北京"), vec!["acme", "北京"]);
        assert!(prefix_upper_bound("ab").as_str() > "abzzzz");
        assert!(prefix_upper_bound("ab").as_str() > "ab云");
    }
}
