//! Field rules shared by accounts, contacts and leads: names, emails,
//! phones, websites and tags. Nothing here assumes ASCII: names and
//! addresses in Chinese (or any script) are measured in characters.

use crate::domain::AppError;

pub const MAX_NAME: usize = 200;
pub const MAX_TEXT: usize = 200;
pub const MAX_NOTES: usize = 10_000;
pub const MAX_TAGS: usize = 20;
pub const MAX_TAG: usize = 40;

/// A required single-line text of at most `max` characters, trimmed.
pub fn required(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Err(AppError::invalid(field, "is required"));
    }
    bounded(field, v, max)
}

/// An optional single-line text, trimmed; empty stays empty.
pub fn optional(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    bounded(field, value.trim(), max)
}

fn bounded(field: &str, v: &str, max: usize) -> Result<String, AppError> {
    if v.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    if v.chars().any(|c| c.is_control() && c != '\t') {
        return Err(AppError::invalid(field, "must be a single line"));
    }
    Ok(v.to_owned())
}

/// Free text (notes, addresses): may span lines.
pub fn multiline(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let v = value.trim();
    if v.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(v.to_owned())
}

/// An optional email: empty, or a valid address. Returns the trimmed form.
pub fn email(value: &str) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    crate::domain::user::validate_email(v)?;
    Ok(v.to_owned())
}

/// The form of an email used for matching duplicates: lower case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// An optional phone number. The user's text is kept as typed (people
/// write numbers the way their country does); [`phone_key`] is what
/// matching uses.
pub fn phone(value: &str) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    let allowed = |c: char| c.is_ascii_digit() || " +-().,/x#".contains(c) || c == '\u{3000}';
    if !v.to_lowercase().replace("ext", "").chars().all(allowed) {
        return Err(AppError::invalid(
            "phone",
            "may contain only digits, spaces and + - ( ) .",
        ));
    }
    let digits = v.chars().filter(char::is_ascii_digit).count();
    if !(5..=20).contains(&digits) {
        return Err(AppError::invalid("phone", "must have 5 to 20 digits"));
    }
    if v.len() > 40 {
        return Err(AppError::invalid("phone", "must be at most 40 characters"));
    }
    Ok(v.to_owned())
}

/// The form of a phone number used for matching: its digits, without an
/// international `00` prefix and without an extension. `+86 138-0013-8000`,
/// `0086 13800138000` and `+86 (138) 0013 8000` all become `8613800138000`.
pub fn phone_key(phone: &str) -> String {
    let lower = phone.to_lowercase();
    let main = lower
        .split(['x', '#'])
        .next()
        .unwrap_or("")
        .split("ext")
        .next()
        .unwrap_or("");
    let digits: String = main.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("00") {
        Some(rest) if main.trim_start().starts_with("00") => rest.to_owned(),
        _ => digits,
    }
}

/// The national number of a phone key, so a Chinese number typed with or
/// without its country code matches (`+86` and an 11-digit number). Other
/// countries' numbers match as typed: without the country's numbering
/// plan, stripping digits would make false matches.
pub fn phone_national(key: &str) -> Option<&str> {
    (key.len() == 13 && key.starts_with("861")).then(|| &key[2..])
}

/// An optional website; returns it trimmed. Its [`domain_of`] must be a
/// plausible host name.
pub fn website(value: &str) -> Result<String, AppError> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(String::new());
    }
    if v.len() > 255 || v.chars().any(char::is_whitespace) {
        return Err(AppError::invalid("website", "is not a web address"));
    }
    let d = domain_of(v);
    let labels_ok = d.split('.').all(|l| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_alphanumeric() || c == '-')
    });
    if !d.contains('.') || !labels_ok {
        return Err(AppError::invalid("website", "is not a web address"));
    }
    Ok(v.to_owned())
}

/// The host of a website, lower case, without scheme, `www.`, port or
/// path: `https://WWW.Acme.com/about` → `acme.com`.
pub fn domain_of(website: &str) -> String {
    let v = website.trim().to_lowercase();
    let v = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .unwrap_or(&v);
    let host = v.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let host = host.split(':').next().unwrap_or(host);
    host.strip_prefix("www.").unwrap_or(host).to_owned()
}

/// Tags: trimmed, empty ones dropped, duplicates (ignoring case) removed,
/// order kept.
pub fn tags(values: &[String]) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for t in values {
        let t = t.trim();
        if t.is_empty() {
            continue;
        }
        if t.chars().count() > MAX_TAG {
            return Err(AppError::invalid(
                "tags",
                format!("each tag must be at most {MAX_TAG} characters"),
            ));
        }
        if t.contains(',') || t.chars().any(char::is_control) {
            return Err(AppError::invalid("tags", "a tag may not contain a comma"));
        }
        if !out.iter().any(|o| o.to_lowercase() == t.to_lowercase()) {
            out.push(t.to_owned());
        }
    }
    if out.len() > MAX_TAGS {
        return Err(AppError::invalid(
            "tags",
            format!("at most {MAX_TAGS} tags"),
        ));
    }
    Ok(out)
}

/// Splits the comma-separated text of a tags input (`,` or the Chinese `，`).
pub fn split_tags(text: &str) -> Vec<String> {
    text.split([',', '，'])
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty())
        .collect()
}

/// The form of a company name used for duplicate warnings: lower case,
/// punctuation and common legal suffixes dropped, so "ACME Corp." and
/// "Acme Corporation" match, as do "华为技术有限公司" and "华为技术".
pub fn company_key(name: &str) -> String {
    const SUFFIXES: &[&str] = &[
        "corporation",
        "corp",
        "incorporated",
        "inc",
        "limited",
        "ltd",
        "llc",
        "gmbh",
        "co",
        "company",
        "plc",
        "sa",
        "ag",
        "有限责任公司",
        "股份有限公司",
        "有限公司",
        "集团",
        "公司",
    ];
    let lower = name.to_lowercase();
    let mut words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    while let Some(last) = words.last() {
        if SUFFIXES.contains(&last.as_str()) {
            words.pop();
        } else if let Some(s) = SUFFIXES
            .iter()
            .find(|s| !s.is_ascii() && last.ends_with(**s) && last.len() > s.len())
        {
            let trimmed = last[..last.len() - s.len()].to_owned();
            words.pop();
            words.push(trimmed);
        } else {
            break;
        }
    }
    if words.is_empty() {
        lower.trim().to_owned()
    } else {
        words.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_keeps_what_was_typed_and_matches_by_digits() {
        assert_eq!(phone(" +86 138-0013-8000 ").unwrap(), "+86 138-0013-8000");
        assert_eq!(phone_key("+86 138-0013-8000"), "8613800138000");
        assert_eq!(phone_key("0086 (138) 0013 8000"), "8613800138000");
        assert_eq!(phone_key("+1 (415) 555-0100 ext. 12"), "14155550100");
        assert_eq!(phone_national("8613800138000"), Some("13800138000"));
        assert_eq!(phone_national("13800138000"), None);
    }

    #[test]
    fn phone_rejects_letters_and_too_few_digits() {
        assert!(phone("call me").is_err());
        assert!(phone("123").is_err());
        assert_eq!(phone("").unwrap(), "");
        assert!(phone("+86 138 0013 8000 x12").is_ok());
    }

    #[test]
    fn website_domain_is_the_bare_host() {
        assert_eq!(domain_of("https://WWW.Acme.com/about?x=1"), "acme.com");
        assert_eq!(domain_of("acme.com.cn:8080"), "acme.com.cn");
        assert_eq!(domain_of("华为.中国"), "华为.中国");
        assert!(website("not a site").is_err());
        assert!(website("localhost").is_err());
        assert!(website("https://acme.com").is_ok());
    }

    #[test]
    fn names_count_characters_not_bytes() {
        let name = "北".repeat(MAX_NAME);
        assert!(required("name", &name, MAX_NAME).is_ok());
        assert!(required("name", &format!("{name}京"), MAX_NAME).is_err());
        assert_eq!(
            required("name", "  ", MAX_NAME),
            Err(AppError::invalid("name", "is required"))
        );
    }

    #[test]
    fn tags_are_trimmed_and_deduplicated() {
        let t = tags(&split_tags("VIP, vip，partner, ,重点")).unwrap();
        assert_eq!(t, vec!["VIP", "partner", "重点"]);
        assert!(tags(&[]).unwrap().is_empty());
    }

    #[test]
    fn company_keys_ignore_legal_suffixes() {
        assert_eq!(company_key("ACME Corp."), company_key("Acme Corporation"));
        assert_eq!(company_key("Acme, Inc."), "acme");
        assert_eq!(company_key("华为技术有限公司"), company_key("华为技术"));
        assert_ne!(company_key("Acme"), company_key("Apex"));
    }
}
