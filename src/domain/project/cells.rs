//! What the grid's cells show and accept: durations ("3d", "4h", "1w",
//! "0" for a milestone), dates, percentages and assignments ("Ann 50%,
//! Bo"). Parsing lives here so a typo gets the same specific message in
//! every place that takes one.

use chrono::NaiveDate;

use super::model::{Assignment, Person};
use crate::domain::AppError;
use crate::domain::schedule::Calendar;

/// Working minutes from "3", "3d", "2.5 days", "4h", "1w" (a week is five
/// days of the calendar), "3天".
pub fn parse_duration(text: &str, calendar: &Calendar) -> Result<i64, AppError> {
    let t: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let t = t.to_lowercase();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (amount, unit) = t.split_at(split);
    let amount: f64 = amount
        .parse()
        .map_err(|_| AppError::invalid("duration", "must be a number of days, like 3d or 4h"))?;
    let day = f64::from(calendar.minutes_per_day);
    let per = match unit {
        "" | "d" | "day" | "days" | "天" => day,
        "h" | "hr" | "hrs" | "hour" | "hours" | "小时" => 60.0,
        "w" | "wk" | "week" | "weeks" | "周" => 5.0 * day,
        _ => return Err(AppError::invalid("duration", "unit must be d, h or w")),
    };
    let minutes = (amount * per).round() as i64;
    if minutes > super::state::MAX_DURATION_MINUTES {
        return Err(AppError::invalid("duration", "must be under 100 years"));
    }
    Ok(minutes)
}

/// "3d", "0.5d", "0d", or hours when not a whole half-day.
pub fn format_duration(minutes: i64, calendar: &Calendar) -> String {
    let per = i64::from(calendar.minutes_per_day);
    if (2 * minutes) % per == 0 {
        format!("{}d", minutes as f64 / per as f64)
    } else {
        format!("{}h", (minutes as f64 / 60.0 * 100.0).round() / 100.0)
    }
}

/// A date as typed: ISO (2026-03-02) or with slashes (2026/3/2).
pub fn parse_date(text: &str, field: &str) -> Result<NaiveDate, AppError> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%Y/%m/%d"))
        .map_err(|_| AppError::invalid(field, "must be a date like 2026-03-02"))
}

/// 0–100, with or without "%".
pub fn parse_percent(text: &str) -> Result<u8, AppError> {
    let t = text.trim().trim_end_matches('%').trim();
    match t.parse::<u16>() {
        Ok(p) if p <= 100 => Ok(p as u8),
        _ => Err(AppError::invalid(
            "percent_complete",
            "must be a whole number from 0 to 100",
        )),
    }
}

/// "Ann Lee 50%, Bo" → assignments, matching names (or initials) without
/// regard to case; no percentage is full time.
pub fn parse_assignments(text: &str, people: &[Person]) -> Result<Vec<Assignment>, AppError> {
    let mut out: Vec<Assignment> = Vec::new();
    for part in text.split([',', '，', ';', '；']) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let (name, units) = match part.rsplit_once(char::is_whitespace) {
            Some((n, u)) if u.ends_with('%') => {
                let units = u
                    .trim_end_matches('%')
                    .parse::<u16>()
                    .ok()
                    .filter(|u| (1..=1000).contains(u))
                    .ok_or_else(|| {
                        AppError::invalid(
                            "assignments",
                            format!("\"{part}\": units must be 1% to 1000%"),
                        )
                    })?;
                (n.trim(), units)
            }
            _ => (part, 100),
        };
        let key = name.to_lowercase();
        let person = people
            .iter()
            .find(|p| p.name.to_lowercase() == key)
            .or_else(|| {
                let mut by_initials = people.iter().filter(|p| p.initials().to_lowercase() == key);
                match (by_initials.next(), by_initials.next()) {
                    (Some(p), None) => Some(p),
                    _ => None,
                }
            })
            .ok_or_else(|| {
                AppError::invalid("assignments", format!("\"{name}\" is nobody on this list"))
            })?;
        if out.iter().any(|a| a.user_id == person.id) {
            return Err(AppError::invalid(
                "assignments",
                format!("\"{name}\" is named twice"),
            ));
        }
        out.push(Assignment {
            user_id: person.id,
            units,
        });
    }
    Ok(out)
}

pub fn format_assignments(list: &[Assignment], people: &[Person]) -> String {
    list.iter()
        .map(|a| {
            let name = people
                .iter()
                .find(|p| p.id == a.user_id)
                .map(|p| p.name.clone())
                .unwrap_or_else(|| format!("#{}", a.user_id));
            if a.units == 100 {
                name
            } else {
                format!("{name} {}%", a.units)
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::presets;

    #[test]
    fn durations() {
        let c = presets::standard();
        assert_eq!(parse_duration("3", &c).ok(), Some(1440));
        assert_eq!(parse_duration("2.5 d", &c).ok(), Some(1200));
        assert_eq!(parse_duration("4h", &c).ok(), Some(240));
        assert_eq!(parse_duration("1W", &c).ok(), Some(2400));
        assert_eq!(parse_duration("0", &c).ok(), Some(0));
        assert!(parse_duration("three", &c).is_err());
        assert!(parse_duration("3m", &c).is_err());
        assert_eq!(format_duration(1200, &c), "2.5d");
        assert_eq!(format_duration(0, &c), "0d");
        assert_eq!(format_duration(90, &c), "1.5h");
    }

    #[test]
    fn percentages_and_dates() {
        assert_eq!(parse_percent("40%").ok(), Some(40));
        assert!(parse_percent("140").is_err());
        assert!(parse_date("2026-3-2x", "start").is_err());
        assert_eq!(
            parse_date("2026/3/2", "start").ok(),
            NaiveDate::from_ymd_opt(2026, 3, 2)
        );
    }

    #[test]
    fn assignments_match_names_and_initials() {
        let people = vec![
            Person {
                id: 1,
                name: "Ann Lee".into(),
            },
            Person {
                id: 2,
                name: "Bo Chen".into(),
            },
        ];
        let a = parse_assignments("ann lee 50%, BC", &people).expect("parses");
        assert_eq!(
            a,
            [
                Assignment {
                    user_id: 1,
                    units: 50
                },
                Assignment {
                    user_id: 2,
                    units: 100
                }
            ]
        );
        assert_eq!(format_assignments(&a, &people), "Ann Lee 50%, Bo Chen");
        assert!(parse_assignments("Zed", &people).is_err());
        assert!(parse_assignments("Ann Lee, AL", &people).is_err());
        assert!(parse_assignments("Ann Lee 0%", &people).is_err());
    }
}
