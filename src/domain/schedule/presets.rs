//! Calendars shipped with Cairn. The Chinese public holidays are set each
//! year by the State Council (国务院办公厅关于部分节假日安排的通知), with
//! make-up working days (调休) — usually weekends — that a plain
//! weekday rule cannot express; they are data here, one row per day, and
//! a new year is a new block of rows.

use chrono::NaiveDate;

use super::calendar::{Calendar, CalendarException, DayHours};

/// A holiday (no work) or a make-up working day, with the reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayRule {
    Holiday,
    MakeUpWorkday,
}

use DayRule::{Holiday as H, MakeUpWorkday as W};

/// China mainland, 2025 (国办发明电〔2024〕12号, 12 November 2024) and 2026
/// (the State Council notice of 4 November 2025).
pub const CHINA_MAINLAND_DAYS: &[((i32, u32, u32), DayRule, &str)] = &[
    ((2025, 1, 1), H, "元旦"),
    ((2025, 1, 26), W, "春节调休上班"),
    ((2025, 1, 28), H, "春节"),
    ((2025, 1, 29), H, "春节"),
    ((2025, 1, 30), H, "春节"),
    ((2025, 1, 31), H, "春节"),
    ((2025, 2, 1), H, "春节"),
    ((2025, 2, 2), H, "春节"),
    ((2025, 2, 3), H, "春节"),
    ((2025, 2, 4), H, "春节"),
    ((2025, 2, 8), W, "春节调休上班"),
    ((2025, 4, 4), H, "清明节"),
    ((2025, 4, 5), H, "清明节"),
    ((2025, 4, 6), H, "清明节"),
    ((2025, 4, 27), W, "劳动节调休上班"),
    ((2025, 5, 1), H, "劳动节"),
    ((2025, 5, 2), H, "劳动节"),
    ((2025, 5, 3), H, "劳动节"),
    ((2025, 5, 4), H, "劳动节"),
    ((2025, 5, 5), H, "劳动节"),
    ((2025, 5, 31), H, "端午节"),
    ((2025, 6, 1), H, "端午节"),
    ((2025, 6, 2), H, "端午节"),
    ((2025, 9, 28), W, "国庆节调休上班"),
    ((2025, 10, 1), H, "国庆节、中秋节"),
    ((2025, 10, 2), H, "国庆节、中秋节"),
    ((2025, 10, 3), H, "国庆节、中秋节"),
    ((2025, 10, 4), H, "国庆节、中秋节"),
    ((2025, 10, 5), H, "国庆节、中秋节"),
    ((2025, 10, 6), H, "国庆节、中秋节"),
    ((2025, 10, 7), H, "国庆节、中秋节"),
    ((2025, 10, 8), H, "国庆节、中秋节"),
    ((2025, 10, 11), W, "国庆节调休上班"),
    ((2026, 1, 1), H, "元旦"),
    ((2026, 1, 2), H, "元旦"),
    ((2026, 1, 3), H, "元旦"),
    ((2026, 1, 4), W, "元旦调休上班"),
    ((2026, 2, 14), W, "春节调休上班"),
    ((2026, 2, 15), H, "春节"),
    ((2026, 2, 16), H, "春节"),
    ((2026, 2, 17), H, "春节"),
    ((2026, 2, 18), H, "春节"),
    ((2026, 2, 19), H, "春节"),
    ((2026, 2, 20), H, "春节"),
    ((2026, 2, 21), H, "春节"),
    ((2026, 2, 22), H, "春节"),
    ((2026, 2, 23), H, "春节"),
    ((2026, 2, 28), W, "春节调休上班"),
    ((2026, 4, 4), H, "清明节"),
    ((2026, 4, 5), H, "清明节"),
    ((2026, 4, 6), H, "清明节"),
    ((2026, 5, 1), H, "劳动节"),
    ((2026, 5, 2), H, "劳动节"),
    ((2026, 5, 3), H, "劳动节"),
    ((2026, 5, 4), H, "劳动节"),
    ((2026, 5, 5), H, "劳动节"),
    ((2026, 5, 9), W, "劳动节调休上班"),
    ((2026, 6, 19), H, "端午节"),
    ((2026, 6, 20), H, "端午节"),
    ((2026, 6, 21), H, "端午节"),
    ((2026, 9, 20), W, "国庆节调休上班"),
    ((2026, 9, 25), H, "中秋节"),
    ((2026, 9, 26), H, "中秋节"),
    ((2026, 9, 27), H, "中秋节"),
    ((2026, 10, 1), H, "国庆节"),
    ((2026, 10, 2), H, "国庆节"),
    ((2026, 10, 3), H, "国庆节"),
    ((2026, 10, 4), H, "国庆节"),
    ((2026, 10, 5), H, "国庆节"),
    ((2026, 10, 6), H, "国庆节"),
    ((2026, 10, 7), H, "国庆节"),
    ((2026, 10, 10), W, "国庆节调休上班"),
];

fn weekdays(hours: DayHours) -> [DayHours; 7] {
    std::array::from_fn(|i| {
        if i < 5 {
            hours.clone()
        } else {
            DayHours::off()
        }
    })
}

/// "Standard (Mon–Fri)": 08:00–12:00 and 13:00–17:00, no holidays.
pub fn standard() -> Calendar {
    Calendar {
        name: "Standard (Mon–Fri)".into(),
        week: weekdays(DayHours::standard()),
        exceptions: Vec::new(),
        minutes_per_day: 480,
    }
}

/// "China mainland": Monday to Friday 09:00–12:00 and 13:00–18:00, the
/// official public holidays and the make-up working days.
pub fn china_mainland() -> Calendar {
    let hours = DayHours::china_office();
    let mut exceptions: Vec<CalendarException> = CHINA_MAINLAND_DAYS
        .iter()
        .filter_map(|&((y, m, d), rule, name)| {
            Some(CalendarException {
                date: NaiveDate::from_ymd_opt(y, m, d)?,
                hours: match rule {
                    DayRule::Holiday => DayHours::off(),
                    DayRule::MakeUpWorkday => hours.clone(),
                },
                name: name.into(),
            })
        })
        .collect();
    exceptions.sort_by_key(|e| e.date);
    Calendar {
        name: "China mainland".into(),
        week: weekdays(hours),
        exceptions,
        minutes_per_day: 480,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Datelike, Weekday};

    use super::*;

    #[test]
    fn every_row_is_a_real_date_in_order() {
        let cal = china_mainland();
        assert_eq!(cal.exceptions().len(), CHINA_MAINLAND_DAYS.len());
        assert!(cal.exceptions().windows(2).all(|w| w[0].date < w[1].date));
    }

    #[test]
    fn make_up_days_fall_on_weekends_and_holidays_are_off() {
        let cal = china_mainland();
        for e in cal.exceptions() {
            if e.hours.is_working() {
                assert!(
                    matches!(e.date.weekday(), Weekday::Sat | Weekday::Sun),
                    "{} is a make-up day on a weekday",
                    e.date
                );
            }
        }
        let national_day = NaiveDate::from_ymd_opt(2026, 10, 5).expect("date");
        assert!(!cal.hours_on(national_day).is_working());
        let make_up = NaiveDate::from_ymd_opt(2026, 10, 10).expect("date");
        assert_eq!(cal.hours_on(make_up).minutes(), 480);
    }

    #[test]
    fn each_year_has_248_working_days() {
        // China has 13 statutory holiday days a year since 2025 (元旦 1,
        // 春节 4, 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3); every other day
        // off beyond weekends is swapped for a make-up working day. Both
        // 2025 and 2026 have 104 weekend days: 365 − 104 − 13 = 248.
        let cal = china_mainland();
        for year in [2025, 2026] {
            let mut working = 0;
            let mut d = NaiveDate::from_ymd_opt(year, 1, 1).expect("date");
            while d.year() == year {
                if cal.hours_on(d).is_working() {
                    working += 1;
                }
                d = d.succ_opt().expect("date");
            }
            assert_eq!(working, 248, "{year}");
        }
    }
}
