//! Numbers as spreadsheets and other systems write them: thousands
//! separators, currency symbols and codes, accounting negatives,
//! percentages.
//!
//! The value stays exact (digits and a decimal scale, never a float), and
//! becomes an amount in minor units the way the rest of Cairn stores money
//! ([`crate::domain::sales::money`]).
//!
//! Which separator is the decimal one:
//! - both `.` and `,` present: the last one ("1,234.50", "1.234,50");
//! - only `.`: always decimal ("1.5"), unless it repeats as a thousands
//!   separator in groups of three ("1.234.567");
//! - only `,`: thousands if it is followed by exactly three digits
//!   ("1,234" is 1234, as in English and Chinese files) after a non-zero
//!   whole part, or repeats in groups of three; otherwise decimal ("12,5",
//!   "0,500");
//! - spaces, no-break spaces, `'` and `_` are always thousands separators.
//!
//! A file that writes "1.234" for one thousand two hundred and thirty-four
//! is read wrongly by this rule; such files always show a comma decimal
//! somewhere, which the import preview makes visible.

use serde::{Deserialize, Serialize};

use crate::domain::AppError;
use crate::domain::sales::money;

/// An exact decimal: `digits × 10^-scale`, plus what the text said about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Number {
    pub digits: i64,
    pub scale: u32,
    /// The currency the text named ("¥", "USD"), as an ISO code.
    pub currency: Option<String>,
    /// The text ended in `%`; `digits`/`scale` hold the number before it
    /// ("12.5%" is 12.5 with `percent` set).
    pub percent: bool,
}

/// Most significant digits accepted (an `i64` holds 18 safely).
const MAX_DIGITS: usize = 18;

/// Symbols and codes recognised before or after the number. "¥" is read as
/// yuan, not yen: Cairn's users write yen as "JPY" or "円".
const CURRENCY_MARKS: [(&str, &str); 16] = [
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("S$", "SGD"),
    ("A$", "AUD"),
    ("$", "USD"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("元", "CNY"),
    ("RMB", "CNY"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("円", "JPY"),
    ("CNY", "CNY"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("GBP", "GBP"),
];

impl Number {
    /// The value in minor units of `currency` (cents, fen). More decimals
    /// than the currency has is an error, not a rounding: an import must
    /// not change amounts silently.
    pub fn to_minor_units(&self, column: &str, currency: &str) -> Result<i64, AppError> {
        let minor = money::minor_digits(currency);
        if self.scale > minor {
            let extra = self.digits % 10i64.pow(self.scale - minor);
            if extra != 0 {
                return Err(AppError::invalid(
                    column,
                    format!("has more than {minor} decimal places for {currency}"),
                ));
            }
            return Ok(self.digits / 10i64.pow(self.scale - minor));
        }
        self.digits
            .checked_mul(10i64.pow(minor - self.scale))
            .filter(|v| v.abs() <= money::MAX_AMOUNT)
            .ok_or_else(|| AppError::invalid(column, "is too large"))
    }

    /// The value as a float, for fields that are not money (probability,
    /// headcount).
    pub fn to_f64(&self) -> f64 {
        self.digits as f64 / 10f64.powi(self.scale as i32)
    }
}

/// Reads one cell as a number; `column` names the column in the error.
pub fn parse_number(column: &str, text: &str) -> Result<Number, AppError> {
    let invalid = |reason: &str| AppError::invalid(column, reason.to_owned());
    let mut s = text.trim();
    if s.is_empty() {
        return Err(invalid("is empty"));
    }
    let mut negative = false;
    if let Some(inner) = s.strip_prefix('(').and_then(|t| t.strip_suffix(')')) {
        negative = true;
        s = inner.trim();
    }
    let (s, currency) = strip_currency(s);
    let (s, sign) = strip_sign(s);
    negative ^= sign;
    let (s, currency) = match currency {
        Some(c) => (s, Some(c)),
        None => strip_currency(s),
    };
    let (s, percent) = match s.strip_suffix('%') {
        Some(rest) => (rest.trim_end(), true),
        None => (s, false),
    };
    let (whole, fraction) = split_decimal(s).map_err(invalid)?;
    let all = format!("{whole}{fraction}");
    if all.is_empty() || !all.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("is not a number"));
    }
    if all.trim_start_matches('0').len() > MAX_DIGITS {
        return Err(invalid("is too large"));
    }
    let digits: i64 = all.parse().map_err(|_| invalid("is too large"))?;
    Ok(Number {
        digits: if negative { -digits } else { digits },
        scale: fraction.len() as u32,
        currency,
        percent,
    })
}

fn strip_sign(s: &str) -> (&str, bool) {
    for minus in ['-', '\u{2212}'] {
        if let Some(rest) = s.strip_prefix(minus) {
            return (rest.trim_start(), true);
        }
        if let Some(rest) = s.strip_suffix(minus) {
            return (rest.trim_end(), true);
        }
    }
    (s.strip_prefix('+').map_or(s, str::trim_start), false)
}

fn strip_currency(s: &str) -> (&str, Option<String>) {
    for (mark, code) in CURRENCY_MARKS {
        if let Some(rest) = s.strip_prefix(mark) {
            return (rest.trim_start(), Some(code.to_owned()));
        }
        if let Some(rest) = s.strip_suffix(mark) {
            return (rest.trim_end(), Some(code.to_owned()));
        }
    }
    (s, None)
}

/// The whole and fraction digits, separators removed, following the rule
/// in the module doc.
fn split_decimal(s: &str) -> Result<(String, String), &'static str> {
    let s: String = s
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\'' | '_'))
        .collect();
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let decimal = match (dots, commas) {
        (0, 0) => None,
        (_, 0) if dots == 1 => Some('.'),
        (0, 1) => {
            let (before, after) = s.split_once(',').unwrap_or((&s, ""));
            (after.len() != 3 || before == "0").then_some(',')
        }
        (_, 0) | (0, _) => None,
        _ => s.rfind(['.', ',']).and_then(|i| s[i..].chars().next()),
    };
    let (whole, fraction) = match decimal {
        Some(mark) => s.rsplit_once(mark).unwrap_or((&s, "")),
        None => (s.as_str(), ""),
    };
    Ok((ungroup(whole)?, fraction.to_owned()))
}

/// Removes thousands separators, checking they sit every three digits.
fn ungroup(whole: &str) -> Result<String, &'static str> {
    let groups = whole.split(['.', ',']).collect::<Vec<_>>();
    let misplaced = groups.len() > 1
        && (groups[0].is_empty()
            || groups[0].len() > 3
            || groups[1..].iter().any(|g| g.len() != 3)
            || whole.contains('.') && whole.contains(','));
    if misplaced {
        return Err("has misplaced thousands separators");
    }
    Ok(groups.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(text: &str) -> (i64, u32) {
        let v = parse_number("amount", text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (v.digits, v.scale)
    }

    #[test]
    fn separators_follow_the_documented_rule() {
        assert_eq!(n("1,234.50"), (123_450, 2));
        assert_eq!(n("1.234,50"), (123_450, 2));
        assert_eq!(n("1,234"), (1234, 0));
        assert_eq!(n("12,5"), (125, 1));
        assert_eq!(n("1.5"), (15, 1));
        assert_eq!(n("1.234.567"), (1_234_567, 0));
        assert_eq!(n("1,234,567.8"), (12_345_678, 1));
        assert_eq!(n("1 234 567,89"), (123_456_789, 2));
        assert_eq!(n("1'234.5"), (12_345, 1));
        assert_eq!(n("0.05"), (5, 2));
        assert_eq!(n("0,500"), (500, 3));
        assert_eq!(n("1054"), (1054, 0));
    }

    #[test]
    fn negatives_and_currencies() {
        let v = parse_number("amount", "(1,234)").unwrap();
        assert_eq!((v.digits, v.scale), (-1234, 0));
        let v = parse_number("amount", "¥1,234.50").unwrap();
        assert_eq!((v.digits, v.currency.as_deref()), (123_450, Some("CNY")));
        let v = parse_number("amount", "-$12.00").unwrap();
        assert_eq!((v.digits, v.currency.as_deref()), (-1200, Some("USD")));
        let v = parse_number("amount", "$-12").unwrap();
        assert_eq!(v.digits, -12);
        let v = parse_number("amount", "1.234,50 €").unwrap();
        assert_eq!((v.digits, v.currency.as_deref()), (123_450, Some("EUR")));
        let v = parse_number("amount", "USD 99").unwrap();
        assert_eq!(v.currency.as_deref(), Some("USD"));
        let v = parse_number("amount", "£7").unwrap();
        assert_eq!(v.currency.as_deref(), Some("GBP"));
        let v = parse_number("amount", "3500元").unwrap();
        assert_eq!((v.digits, v.currency.as_deref()), (3500, Some("CNY")));
        let v = parse_number("amount", "1,000 CNY").unwrap();
        assert_eq!((v.digits, v.currency.as_deref()), (1000, Some("CNY")));
    }

    #[test]
    fn percentages_keep_the_number_before_the_sign() {
        let v = parse_number("probability", "12.5%").unwrap();
        assert_eq!((v.digits, v.scale, v.percent), (125, 1, true));
        assert!((v.to_f64() - 12.5).abs() < 1e-12);
    }

    #[test]
    fn bad_numbers_name_the_column_and_the_reason() {
        let reason = |text: &str| match parse_number("amount", text) {
            Err(AppError::Validation { field, reason }) => {
                assert_eq!(field, "amount");
                reason
            }
            other => panic!("{text}: {other:?}"),
        };
        assert_eq!(reason(""), "is empty");
        assert_eq!(reason("abc"), "is not a number");
        assert_eq!(reason("12a"), "is not a number");
        assert_eq!(reason("1,23,456"), "has misplaced thousands separators");
        assert_eq!(reason("1.234.5,6"), "has misplaced thousands separators");
        assert_eq!(reason("1,5.3,2"), "has misplaced thousands separators");
        assert_eq!(reason("99999999999999999999"), "is too large");
        assert_eq!(reason("$"), "is not a number");
        assert_eq!(reason("()"), "is not a number");
    }

    #[test]
    fn minor_units_are_exact_and_never_rounded() {
        let v = parse_number("amount", "1,234.5").unwrap();
        assert_eq!(v.to_minor_units("amount", "USD"), Ok(123_450));
        assert_eq!(v.to_minor_units("amount", "JPY").map_err(|_| ()), Err(()));
        let v = parse_number("amount", "1,234.00").unwrap();
        assert_eq!(v.to_minor_units("amount", "JPY"), Ok(1234));
        let v = parse_number("amount", "(0.5)").unwrap();
        assert_eq!(v.to_minor_units("amount", "CNY"), Ok(-50));
        let v = parse_number("amount", "1.005").unwrap();
        assert!(v.to_minor_units("amount", "USD").is_err());
        let v = parse_number("amount", "9,000,000,000,000,000").unwrap();
        assert!(v.to_minor_units("amount", "USD").is_err());
    }
}
