//! Amounts: integers in the currency's minor unit (cents, fen), never
//! floats, so totals add up exactly in SQL and in the browser.

use crate::domain::AppError;

/// Currencies offered in forms (ISO 4217); any other three-letter code is
/// accepted too.
pub const COMMON_CURRENCIES: [&str; 8] = ["CNY", "USD", "EUR", "GBP", "JPY", "HKD", "SGD", "AUD"];

/// Digits after the decimal point for `currency` (JPY and KRW have none).
pub fn minor_digits(currency: &str) -> u32 {
    match currency {
        "JPY" | "KRW" | "VND" | "CLP" | "ISK" => 0,
        _ => 2,
    }
}

/// A currency code as stored: three ASCII letters, upper case.
pub fn currency(field: &str, s: &str) -> Result<String, AppError> {
    let c = s.trim().to_ascii_uppercase();
    if c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(c)
    } else {
        Err(AppError::invalid(
            field,
            "must be a three-letter currency code",
        ))
    }
}

/// Parses what a user typed ("12,500.50", "12500", "1 250,5" is refused)
/// into minor units of `currency`.
pub fn parse_amount(field: &str, s: &str, currency: &str) -> Result<i64, AppError> {
    let cleaned: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '_' | '\u{a0}'))
        .collect();
    if cleaned.is_empty() {
        return Err(AppError::invalid(field, "is required"));
    }
    let digits = minor_digits(currency);
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    let bad = || AppError::invalid(field, "must be an amount such as 12500 or 12500.50");
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if !frac.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    if frac.len() > digits as usize {
        return Err(AppError::invalid(
            field,
            format!("has more than {digits} decimal places"),
        ));
    }
    let scale = 10i64.pow(digits);
    let w: i64 = whole.parse().map_err(|_| bad())?;
    let f: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<width$}", width = digits as usize)
            .parse()
            .map_err(|_| bad())?
    };
    w.checked_mul(scale)
        .and_then(|v| v.checked_add(f))
        .filter(|v| *v <= MAX_AMOUNT)
        .ok_or_else(|| AppError::invalid(field, "is too large"))
}

/// Largest amount accepted, in minor units (a trillion in major units):
/// sums of a whole pipeline stay far from `i64::MAX`.
pub const MAX_AMOUNT: i64 = 100_000_000_000_000;

/// Minor units as a plain number with the currency's decimals and
/// thousands separators ("12,500.50").
pub fn format_amount(minor: i64, currency: &str) -> String {
    let digits = minor_digits(currency);
    let scale = 10i64.pow(digits);
    let neg = minor < 0;
    let abs = minor.unsigned_abs();
    let whole = abs / scale as u64;
    let frac = abs % scale as u64;
    let mut s = String::new();
    let w = whole.to_string();
    for (i, c) in w.chars().enumerate() {
        if i > 0 && (w.len() - i).is_multiple_of(3) {
            s.push(',');
        }
        s.push(c);
    }
    if digits > 0 {
        s.push_str(&format!(".{frac:0width$}", width = digits as usize));
    }
    if neg { format!("-{s}") } else { s }
}

/// Minor units shortened for a column header ("1.2M", "850K", "12,500").
pub fn format_compact(minor: i64, currency: &str) -> String {
    let major = minor as f64 / 10f64.powi(minor_digits(currency) as i32);
    let a = major.abs();
    let (v, suffix) = if a >= 1e9 {
        (major / 1e9, "B")
    } else if a >= 1e6 {
        (major / 1e6, "M")
    } else if a >= 1e4 {
        (major / 1e3, "K")
    } else {
        return format_amount(
            (major.round() as i64) * 10i64.pow(minor_digits(currency)),
            currency,
        )
        .split('.')
        .next()
        .unwrap_or_default()
        .to_owned();
    };
    if v.abs() >= 100.0 {
        format!("{v:.0}{suffix}")
    } else {
        format!("{v:.1}{suffix}")
    }
}

/// `amount × probability %`, rounded half away from zero, in minor units.
pub fn weighted(amount: i64, probability: u8) -> i64 {
    let p = i128::from(probability.min(100));
    let v = i128::from(amount) * p;
    let q = (v.abs() + 50) / 100;
    (if v < 0 { -q } else { q }) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_parse_into_minor_units() {
        assert_eq!(parse_amount("amount", "12,500.5", "USD"), Ok(1_250_050));
        assert_eq!(parse_amount("amount", "12500", "CNY"), Ok(1_250_000));
        assert_eq!(parse_amount("amount", "980", "JPY"), Ok(980));
        assert!(parse_amount("amount", "9.5", "JPY").is_err());
        assert!(parse_amount("amount", "1.234", "USD").is_err());
        assert!(parse_amount("amount", "-5", "USD").is_err());
        assert!(parse_amount("amount", "abc", "USD").is_err());
        assert!(parse_amount("amount", "", "USD").is_err());
        assert!(parse_amount("amount", "99999999999999999999", "USD").is_err());
    }

    #[test]
    fn amounts_format_back() {
        assert_eq!(format_amount(1_250_050, "USD"), "12,500.50");
        assert_eq!(format_amount(980, "JPY"), "980");
        assert_eq!(format_amount(-100, "EUR"), "-1.00");
        assert_eq!(format_compact(126_000_000, "USD"), "1.3M");
        assert_eq!(format_compact(85_000_000, "CNY"), "850K");
        assert_eq!(format_compact(950_000, "CNY"), "9,500");
    }

    #[test]
    fn weighting_rounds_half_away_from_zero() {
        // 10.05 at 50 % is 5.025 → 5.03 (503 minor units).
        assert_eq!(weighted(1005, 50), 503);
        assert_eq!(weighted(1004, 50), 502);
        assert_eq!(weighted(100_000, 0), 0);
        assert_eq!(weighted(100_000, 100), 100_000);
    }

    #[test]
    fn currency_codes_are_three_letters() {
        assert_eq!(currency("currency", " usd "), Ok("USD".into()));
        assert!(currency("currency", "US").is_err());
        assert!(currency("currency", "人民币").is_err());
    }
}
