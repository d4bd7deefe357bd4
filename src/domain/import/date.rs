//! Dates as files write them, and a guess at which way a column writes
//! them.
//!
//! "3/1/2017" is the 1st of March in an American file and the 3rd of
//! January in a British one; no single cell can tell. So the format is
//! chosen per column: [`detect_date_format`] lists the formats under which
//! every sample parses, and says when more than one does, so the user is
//! asked rather than given silently wrong dates. One "10/20/2016" in the
//! column rules out day-first.
//!
//! Accepted shapes: three numbers separated by `/`, `-`, `.`, spaces or
//! 年/月/日, optionally followed by a time of day, which is ignored. Years
//! have four digits, or two (00–68 → 2000s, 69–99 → 1900s, the POSIX
//! `%y` rule). Excel serial numbers use the 1900 date system, including
//! its leap-year bug (see [`excel_serial`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::AppError;

/// How a column writes its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum DateFormat {
    /// 2017-03-01, 2017/3/1, 2017年3月1日.
    Ymd,
    /// 3/1/2017 (United States).
    Mdy,
    /// 1/3/2017, 01.03.2017 (most of the world).
    Dmy,
    /// 42795: days in Excel's 1900 date system, as a CSV saved from a
    /// sheet without date formatting holds them.
    ExcelSerial,
}

impl DateFormat {
    pub const ALL: [DateFormat; 4] = [
        DateFormat::Ymd,
        DateFormat::Mdy,
        DateFormat::Dmy,
        DateFormat::ExcelSerial,
    ];

    /// The date `text` holds in this format, if it holds one.
    pub fn parse(self, text: &str) -> Option<NaiveDate> {
        if self == DateFormat::ExcelSerial {
            return text.trim().parse::<f64>().ok().and_then(excel_serial);
        }
        let [a, b, c] = parts(text)?;
        let (y, m, d) = match self {
            DateFormat::Ymd if a.len() == 4 => (a, b, c),
            DateFormat::Mdy if a.len() <= 2 => (c, a, b),
            DateFormat::Dmy if a.len() <= 2 => (c, b, a),
            _ => return None,
        };
        if m.len() > 2 || d.len() > 2 {
            return None;
        }
        let month = m.parse().ok()?;
        let day = d.parse().ok()?;
        NaiveDate::from_ymd_opt(year(y)?, month, day)
    }
}

/// Which formats fit a column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateGuess {
    /// Formats under which every non-empty sample parses, in
    /// [`DateFormat::ALL`] order.
    pub candidates: Vec<DateFormat>,
    /// More than one candidate: ask the user.
    pub ambiguous: bool,
}

/// The formats that read every non-empty sample. No samples, or none
/// that fits, gives no candidates.
pub fn detect_date_format<'a>(samples: impl IntoIterator<Item = &'a str>) -> DateGuess {
    let samples = samples
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>();
    let candidates = if samples.is_empty() {
        Vec::new()
    } else {
        DateFormat::ALL
            .into_iter()
            .filter(|f| samples.iter().all(|s| f.parse(s).is_some()))
            .collect()
    };
    DateGuess {
        ambiguous: candidates.len() > 1,
        candidates,
    }
}

/// Reads one cell in `format`; `column` names the column in the error.
pub fn parse_date(column: &str, text: &str, format: DateFormat) -> Result<NaiveDate, AppError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::invalid(column, "is empty"));
    }
    format.parse(text).ok_or_else(|| {
        let example = match format {
            DateFormat::Ymd => "2017-03-01",
            DateFormat::Mdy => "3/1/2017 (month first)",
            DateFormat::Dmy => "1/3/2017 (day first)",
            DateFormat::ExcelSerial => "an Excel date number such as 42795",
        };
        AppError::invalid(column, format!("{text} is not a date like {example}"))
    })
}

/// Excel's day number (1900 system) as a date; the time of day in the
/// fraction is dropped. Excel counts 1900-01-01 as day 1 and, copying
/// Lotus 1-2-3, treats 1900 as a leap year: day 60 is the non-existent
/// 1900-02-29 (refused here) and every later day is one more than the true
/// count, so day 61 is 1900-03-01 and day 45000 is 2023-03-15. Days past
/// 9999-12-31 (2958465) are refused.
pub fn excel_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let day = serial.trunc() as i64;
    let epoch = match day {
        60 => return None,
        ..60 => NaiveDate::from_ymd_opt(1899, 12, 31)?,
        _ => NaiveDate::from_ymd_opt(1899, 12, 30)?,
    };
    epoch.checked_add_days(chrono::Days::new(day as u64))
}

/// The three numbers of a date; a time of day after them (a part with a
/// colon) and whatever follows it are dropped.
fn parts(text: &str) -> Option<[&str; 3]> {
    let mut pieces = text
        .trim()
        .split(['/', '-', '.', ' ', 'T', '年', '月', '日'])
        .filter(|p| !p.is_empty());
    let parts = [pieces.next()?, pieces.next()?, pieces.next()?];
    let numeric = parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()));
    let then_time = pieces.next().is_none_or(|p| p.contains(':'));
    (numeric && then_time).then_some(parts)
}

fn year(y: &str) -> Option<i32> {
    let v: i32 = y.parse().ok()?;
    match y.len() {
        4 => Some(v),
        2 if v <= 68 => Some(2000 + v),
        2 => Some(1900 + v),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn each_format_reads_its_own_shape() {
        assert_eq!(DateFormat::Ymd.parse("2017-03-01"), Some(ymd(2017, 3, 1)));
        assert_eq!(DateFormat::Ymd.parse("2017/3/1"), Some(ymd(2017, 3, 1)));
        assert_eq!(DateFormat::Ymd.parse("2017年3月1日"), Some(ymd(2017, 3, 1)));
        assert_eq!(
            DateFormat::Ymd.parse("2017-03-01T09:30:00"),
            Some(ymd(2017, 3, 1))
        );
        assert_eq!(DateFormat::Mdy.parse("3/1/2017"), Some(ymd(2017, 3, 1)));
        assert_eq!(
            DateFormat::Mdy.parse("3/1/2017 9:30 PM"),
            Some(ymd(2017, 3, 1))
        );
        assert_eq!(DateFormat::Dmy.parse("3/1/2017"), Some(ymd(2017, 1, 3)));
        assert_eq!(DateFormat::Dmy.parse("01.03.2017"), Some(ymd(2017, 3, 1)));
        assert_eq!(DateFormat::Mdy.parse("01/31/13"), Some(ymd(2013, 1, 31)));
        assert_eq!(DateFormat::Mdy.parse("12/31/69"), Some(ymd(1969, 12, 31)));
        assert_eq!(DateFormat::Ymd.parse("3/1/2017"), None);
        assert_eq!(DateFormat::Mdy.parse("2017-03-01"), None);
        assert_eq!(DateFormat::Dmy.parse("10/20/2016"), None);
        assert_eq!(DateFormat::Mdy.parse("2/30/2017"), None);
        assert_eq!(DateFormat::Mdy.parse("3/1/2017 x"), None);
        assert_eq!(DateFormat::Mdy.parse("3/1"), None);
        assert_eq!(DateFormat::Ymd.parse("2017-003-01"), None);
    }

    #[test]
    fn excel_serials_follow_the_1900_system_and_its_bug() {
        assert_eq!(excel_serial(1.0), Some(ymd(1900, 1, 1)));
        assert_eq!(excel_serial(59.0), Some(ymd(1900, 2, 28)));
        assert_eq!(excel_serial(60.0), None);
        assert_eq!(excel_serial(61.0), Some(ymd(1900, 3, 1)));
        assert_eq!(excel_serial(42795.0), Some(ymd(2017, 3, 1)));
        assert_eq!(excel_serial(45000.75), Some(ymd(2023, 3, 15)));
        assert_eq!(excel_serial(2_958_465.0), Some(ymd(9999, 12, 31)));
        assert_eq!(excel_serial(2_958_466.0), None);
        assert_eq!(excel_serial(0.0), None);
        assert_eq!(excel_serial(-5.0), None);
        assert_eq!(excel_serial(f64::NAN), None);
        assert_eq!(
            DateFormat::ExcelSerial.parse("45000"),
            Some(ymd(2023, 3, 15))
        );
    }

    #[test]
    fn one_unambiguous_sample_settles_the_column() {
        let alone = detect_date_format(["3/1/2017"]);
        assert_eq!(alone.candidates, vec![DateFormat::Mdy, DateFormat::Dmy]);
        assert!(alone.ambiguous);
        let settled = detect_date_format(["3/1/2017", "", "10/20/2016"]);
        assert_eq!(settled.candidates, vec![DateFormat::Mdy]);
        assert!(!settled.ambiguous);
        let day_first = detect_date_format(["20/10/2016", "3/1/2017"]);
        assert_eq!(day_first.candidates, vec![DateFormat::Dmy]);
        let iso = detect_date_format(["2016-10-20"]);
        assert_eq!(iso.candidates, vec![DateFormat::Ymd]);
        let serial = detect_date_format(["42795", "45000"]);
        assert_eq!(serial.candidates, vec![DateFormat::ExcelSerial]);
        let none = detect_date_format(["soon", "3/1/2017"]);
        assert!(none.candidates.is_empty() && !none.ambiguous);
        assert!(detect_date_format(["", " "]).candidates.is_empty());
    }

    #[test]
    fn bad_dates_say_which_shape_was_expected() {
        assert_eq!(
            parse_date("close_date", "20/10/2016", DateFormat::Mdy),
            Err(AppError::invalid(
                "close_date",
                "20/10/2016 is not a date like 3/1/2017 (month first)"
            ))
        );
        assert_eq!(
            parse_date("close_date", " ", DateFormat::Ymd),
            Err(AppError::invalid("close_date", "is empty"))
        );
    }
}
