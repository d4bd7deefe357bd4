//! Working calendars and the arithmetic of working time.
//!
//! A [`Calendar`] is what a user edits: working weekdays with their hours,
//! and dated exceptions (holidays; extra working days such as China's
//! make-up Saturdays, 调休). A [`WorkTable`] is the calendar compiled for
//! the engine: one row per day with the cumulative working minutes before
//! it, so an instant becomes a *working-minute position* (minutes of work
//! since the table's origin) by one lookup, and a position becomes an
//! instant by one binary search. The scheduling passes then do plain
//! integer arithmetic: "start + 3 working days" is `w + 3 × 480`.
//!
//! A position at the boundary between two working periods (Friday 17:00
//! and Monday 08:00 are the same position) is shown as an instant by a
//! [`Side`]: a start is shown at the beginning of the next period, a
//! finish at the end of the previous one, as Microsoft Project does.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

use super::error::ScheduleError;

/// Minutes in a day; an interval ending at midnight ends at 1440.
pub const DAY_MINUTES: u16 = 1440;

/// Working periods of one day, as minutes after midnight, `[from, to)`,
/// sorted and not overlapping. Empty means a day off.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct DayHours(Vec<(u16, u16)>);

impl DayHours {
    /// A day off.
    pub fn off() -> Self {
        DayHours(Vec::new())
    }

    /// 08:00–12:00 and 13:00–17:00: Project's "Standard" day, and the
    /// 8 h/day that durations in days assume by default.
    pub fn standard() -> Self {
        DayHours(vec![(8 * 60, 12 * 60), (13 * 60, 17 * 60)])
    }

    /// China's usual office day, 09:00–12:00 and 13:00–18:00 (8 h).
    pub fn china_office() -> Self {
        DayHours(vec![(9 * 60, 12 * 60), (13 * 60, 18 * 60)])
    }

    /// Periods given as minutes after midnight. Refused when a period is
    /// empty, reaches past midnight, or overlaps the one before it.
    pub fn new(mut periods: Vec<(u16, u16)>) -> Result<Self, ScheduleError> {
        periods.sort_unstable();
        let mut previous_end = 0;
        for &(from, to) in &periods {
            if from >= to || to > DAY_MINUTES || from < previous_end {
                return Err(ScheduleError::InvalidCalendar(format!(
                    "working period {}–{} is empty, overlaps another or passes midnight",
                    clock(from),
                    clock(to)
                )));
            }
            previous_end = to;
        }
        Ok(DayHours(periods))
    }

    pub fn periods(&self) -> &[(u16, u16)] {
        &self.0
    }

    pub fn minutes(&self) -> u32 {
        self.0.iter().map(|&(f, t)| u32::from(t - f)).sum()
    }

    pub fn is_working(&self) -> bool {
        !self.0.is_empty()
    }

    /// Working minutes of this day before minute `m` of it.
    fn worked_before(&self, m: u32) -> u32 {
        self.0
            .iter()
            .map(|&(f, t)| m.clamp(u32::from(f), u32::from(t)) - u32::from(f))
            .sum()
    }

    /// The minute of the day at which `offset` working minutes have been
    /// done. `Side::Start` gives the start of the next period when the
    /// offset falls on a boundary; `Side::Finish` the end of the previous.
    fn minute_at(&self, offset: u32, side: Side) -> u32 {
        let mut left = offset;
        for &(f, t) in &self.0 {
            let len = u32::from(t - f);
            let inside = match side {
                Side::Start => left < len,
                Side::Finish => left <= len,
            };
            if inside {
                return u32::from(f) + left;
            }
            left -= len;
        }
        self.0.last().map_or(0, |&(_, t)| u32::from(t))
    }
}

fn clock(m: u16) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// How a working-minute position on a boundary is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Side {
    /// At the start of the next working period (Monday 08:00).
    Start,
    /// At the end of the previous working period (Friday 17:00).
    Finish,
}

/// A dated exception to the working week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarException {
    pub date: NaiveDate,
    /// Empty for a holiday; the day's hours for an extra working day.
    pub hours: DayHours,
    /// Why: "国庆节", "春节调休上班".
    pub name: String,
}

/// A working calendar: the working week and its exceptions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Calendar {
    pub name: String,
    /// Monday first.
    pub week: [DayHours; 7],
    /// Sorted by date, one per date (see [`Calendar::new`]).
    pub(super) exceptions: Vec<CalendarException>,
    /// What "one day" of duration means in this calendar (480 = 8 h).
    pub minutes_per_day: u32,
}

impl Calendar {
    /// Refused when no weekday works (nothing could ever be scheduled) or
    /// when two exceptions name the same date.
    pub fn new(
        name: impl Into<String>,
        week: [DayHours; 7],
        mut exceptions: Vec<CalendarException>,
        minutes_per_day: u32,
    ) -> Result<Self, ScheduleError> {
        if week.iter().all(|d| !d.is_working()) {
            return Err(ScheduleError::InvalidCalendar(
                "at least one weekday must have working hours".into(),
            ));
        }
        if minutes_per_day == 0 {
            return Err(ScheduleError::InvalidCalendar(
                "a day must be at least one working minute".into(),
            ));
        }
        exceptions.sort_by_key(|e| e.date);
        if let Some(w) = exceptions.windows(2).find(|w| w[0].date == w[1].date) {
            return Err(ScheduleError::InvalidCalendar(format!(
                "{} has two exceptions",
                w[0].date
            )));
        }
        Ok(Calendar {
            name: name.into(),
            week,
            exceptions,
            minutes_per_day,
        })
    }

    /// Working minutes in `days` days of this calendar (the UI speaks days
    /// and hours; the engine stores minutes).
    pub fn minutes_from_days(&self, days: f64) -> i64 {
        (days * f64::from(self.minutes_per_day)).round() as i64
    }

    /// `minutes` of work as days of this calendar.
    pub fn days_from_minutes(&self, minutes: i64) -> f64 {
        minutes as f64 / f64::from(self.minutes_per_day)
    }

    pub fn exceptions(&self) -> &[CalendarException] {
        &self.exceptions
    }

    /// The hours worked on `date`, exceptions first.
    pub fn hours_on(&self, date: NaiveDate) -> &DayHours {
        match self.exceptions.binary_search_by_key(&date, |e| e.date) {
            Ok(i) => &self.exceptions[i].hours,
            Err(_) => &self.week[date.weekday().num_days_from_monday() as usize],
        }
    }
}

/// A calendar compiled for arithmetic from `origin` onwards. It grows on
/// demand ([`WorkTable::cover`]); positions are minutes of work since
/// `origin` 00:00.
#[derive(Debug, Clone)]
pub struct WorkTable {
    origin: NaiveDate,
    /// Distinct day shapes; `day_shape[d]` indexes it.
    shapes: Vec<DayHours>,
    /// Working minutes of each shape, summed once: a schedule running
    /// decades (a 10,000-task chain) compiles tens of thousands of days.
    shape_minutes: Vec<i64>,
    /// The shape of each weekday (Monday first) as an index into `shapes`.
    week_shape: [u16; 7],
    /// Exceptions as (day index from `origin`, shape), from `origin` on.
    exceptions: Vec<(usize, u16)>,
    /// Weekday of `origin`, Monday = 0.
    first_weekday: usize,
    day_shape: Vec<u16>,
    /// `cum[d]` = working minutes before day `d`; one longer than `day_shape`.
    cum: Vec<i64>,
    next_exception: usize,
}

/// Further than this the table does not grow: a schedule reaching beyond
/// it is refused rather than allowed to exhaust memory.
const MAX_DAYS: usize = 400 * 366;

impl WorkTable {
    pub fn new(calendar: &Calendar, origin: NaiveDate) -> Self {
        let mut shapes: Vec<DayHours> = Vec::new();
        let mut shape_of = |h: &DayHours| -> u16 {
            match shapes.iter().position(|s| s == h) {
                Some(i) => i as u16,
                None => {
                    shapes.push(h.clone());
                    (shapes.len() - 1) as u16
                }
            }
        };
        let week_shape = std::array::from_fn(|i| shape_of(&calendar.week[i]));
        let exceptions: Vec<(usize, u16)> = calendar
            .exceptions
            .iter()
            .filter(|e| e.date >= origin)
            .map(|e| ((e.date - origin).num_days() as usize, shape_of(&e.hours)))
            .collect();
        let shape_minutes = shapes.iter().map(|s| i64::from(s.minutes())).collect();
        WorkTable {
            origin,
            shapes,
            shape_minutes,
            week_shape,
            exceptions,
            first_weekday: weekday_index(origin.weekday()),
            day_shape: Vec::new(),
            cum: vec![0],
            next_exception: 0,
        }
    }

    pub fn origin(&self) -> NaiveDate {
        self.origin
    }

    /// Whether `other` lays out the same days: same origin, kinds of day,
    /// week and exceptions from the origin on — all the days depend on
    /// (the calendar's name and its hours per day do not matter here).
    /// Then one table may stand for the other, whichever has more days.
    pub fn compiles_like(&self, other: &WorkTable) -> bool {
        self.origin == other.origin
            && self.shapes == other.shapes
            && self.week_shape == other.week_shape
            && self.exceptions == other.exceptions
    }

    fn push_day(&mut self) {
        let day = self.day_shape.len();
        let shape = match self.exceptions.get(self.next_exception) {
            Some(&(d, s)) if d == day => {
                self.next_exception += 1;
                s
            }
            _ => self.week_shape[(self.first_weekday + day) % 7],
        };
        let worked = self.shape_minutes[shape as usize];
        let before = self.cum[self.cum.len() - 1];
        self.day_shape.push(shape);
        self.cum.push(before + worked);
    }

    /// Grows the table until it holds `days` days.
    fn cover_days(&mut self, days: usize) -> Result<(), ScheduleError> {
        if days > MAX_DAYS {
            return Err(ScheduleError::BeyondCalendar);
        }
        self.day_shape
            .reserve(days.saturating_sub(self.day_shape.len()));
        while self.day_shape.len() < days {
            self.push_day();
        }
        Ok(())
    }

    /// Grows the table until position `w` lies inside it, with a week to
    /// spare so that a finish on the last day can still be shown.
    pub fn cover(&mut self, w: i64) -> Result<(), ScheduleError> {
        let target = w + 7 * 1440;
        let have = self.cum[self.cum.len() - 1];
        if have > target {
            return Ok(());
        }
        // Reserve once for the days the working week needs to reach `w`
        // (plus a margin for holidays), rather than growing step by step.
        let per_week: i64 = self
            .week_shape
            .iter()
            .map(|&s| self.shape_minutes[s as usize])
            .sum();
        let days = ((target - have) * 7 / per_week.max(1)) as usize;
        let wanted = (self.day_shape.len() + days + days / 8 + 32).min(MAX_DAYS + 1);
        self.day_shape
            .reserve(wanted.saturating_sub(self.day_shape.len()));
        self.cum
            .reserve(wanted.saturating_sub(self.day_shape.len()));
        while self.cum[self.cum.len() - 1] <= target {
            if self.day_shape.len() >= MAX_DAYS {
                return Err(ScheduleError::BeyondCalendar);
            }
            self.push_day();
        }
        Ok(())
    }

    /// The working-minute position of an instant. An instant in
    /// non-working time has the position of the next working minute.
    pub fn position(&mut self, t: NaiveDateTime) -> Result<i64, ScheduleError> {
        let day = (t.date() - self.origin).num_days();
        if day < 0 {
            return Err(ScheduleError::BeforeCalendar(t));
        }
        let day = day as usize;
        self.cover_days(day + 1)?;
        let minute = t.time().num_seconds_from_midnight() / 60;
        let shape = &self.shapes[self.day_shape[day] as usize];
        Ok(self.cum[day] + i64::from(shape.worked_before(minute)))
    }

    /// The instant at position `w`, shown on `side` when on a boundary.
    /// `w` must be covered ([`WorkTable::cover`]); a position before the
    /// origin is shown as the origin.
    pub fn instant(&self, w: i64, side: Side) -> NaiveDateTime {
        let day = match side {
            Side::Start => self.cum.partition_point(|&c| c <= w),
            Side::Finish => self.cum.partition_point(|&c| c < w),
        };
        if day == 0 || day >= self.cum.len() {
            let d = day.min(self.day_shape.len()) as i64;
            return (self.origin + Duration::days(d)).and_time(NaiveTime::MIN);
        }
        let day = day - 1;
        let shape = &self.shapes[self.day_shape[day] as usize];
        let minute = shape.minute_at((w - self.cum[day]) as u32, side);
        let date = self.origin + Duration::days(day as i64);
        date.and_time(NaiveTime::MIN) + Duration::minutes(i64::from(minute))
    }

    /// Covers `w` then shows it.
    pub fn instant_covering(&mut self, w: i64, side: Side) -> Result<NaiveDateTime, ScheduleError> {
        self.cover(w)?;
        Ok(self.instant(w, side))
    }
}

/// Monday first, as [`Calendar::week`] is indexed.
pub fn weekday_index(d: Weekday) -> usize {
    d.num_days_from_monday() as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("test date")
    }

    fn standard() -> Calendar {
        let w = DayHours::standard();
        Calendar::new(
            "Standard",
            [
                w.clone(),
                w.clone(),
                w.clone(),
                w.clone(),
                w,
                DayHours::off(),
                DayHours::off(),
            ],
            vec![],
            480,
        )
        .expect("valid")
    }

    #[test]
    fn boundaries_are_shown_by_side() {
        let cal = standard();
        let mut t = WorkTable::new(&cal, NaiveDate::from_ymd_opt(2006, 9, 18).expect("date"));
        let fri_end = t.position(at("2006-09-22 17:00")).expect("in range");
        let mon = t.position(at("2006-09-25 08:00")).expect("in range");
        let sat = t.position(at("2006-09-23 10:00")).expect("in range");
        assert_eq!(fri_end, mon);
        assert_eq!(sat, mon);
        assert_eq!(t.instant(mon, Side::Start), at("2006-09-25 08:00"));
        assert_eq!(t.instant(mon, Side::Finish), at("2006-09-22 17:00"));
        let noon = t.position(at("2006-09-25 12:00")).expect("in range");
        assert_eq!(t.instant(noon, Side::Start), at("2006-09-25 13:00"));
        assert_eq!(t.instant(noon, Side::Finish), at("2006-09-25 12:00"));
        assert_eq!(t.instant(noon + 30, Side::Finish), at("2006-09-25 13:30"));
    }

    #[test]
    fn overlapping_periods_are_refused() {
        assert!(DayHours::new(vec![(480, 720), (700, 800)]).is_err());
        assert!(DayHours::new(vec![(480, 480)]).is_err());
        assert!(DayHours::new(vec![(1380, 1440), (0, 180)]).is_ok());
    }

    #[test]
    fn a_week_without_work_is_refused() {
        let off = DayHours::off();
        let week = std::array::from_fn(|_| off.clone());
        assert!(Calendar::new("none", week, vec![], 480).is_err());
    }

    #[test]
    fn before_origin_is_an_error() {
        let mut t = WorkTable::new(
            &standard(),
            NaiveDate::from_ymd_opt(2006, 9, 18).expect("d"),
        );
        assert!(t.position(at("2006-09-17 08:00")).is_err());
    }
}
