//! The chart's time axis: how wide a day is at each zoom, where the ticks
//! go, and which part of a long plan is on screen. Pure arithmetic, so
//! it is tested here rather than in a browser.

use chrono::{Datelike, Duration, Months, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Zoom {
    Day,
    Week,
    Month,
    Quarter,
}

impl Zoom {
    pub const ALL: [Zoom; 4] = [Zoom::Day, Zoom::Week, Zoom::Month, Zoom::Quarter];

    /// Pixels per calendar day.
    pub fn day_px(self) -> f64 {
        match self {
            Zoom::Day => 36.0,
            Zoom::Week => 12.0,
            Zoom::Month => 3.0,
            Zoom::Quarter => 1.0,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Zoom::Day => "day",
            Zoom::Week => "week",
            Zoom::Month => "month",
            Zoom::Quarter => "quarter",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|z| z.as_str() == s)
    }

    /// One keyboard step of a selected bar: a day, a week, a month or a
    /// quarter (months keep the day of month where they can).
    pub fn step(self, date: NaiveDate, forward: bool) -> NaiveDate {
        let months = |n: u32| {
            if forward {
                date.checked_add_months(Months::new(n))
            } else {
                date.checked_sub_months(Months::new(n))
            }
            .unwrap_or(date)
        };
        match self {
            Zoom::Day => date + Duration::days(if forward { 1 } else { -1 }),
            Zoom::Week => date + Duration::days(if forward { 7 } else { -7 }),
            Zoom::Month => months(1),
            Zoom::Quarter => months(3),
        }
    }

    /// Where a tick goes on or before `date`, and the next one.
    fn tick_floor(self, date: NaiveDate) -> NaiveDate {
        match self {
            Zoom::Day => date,
            Zoom::Week => date - Duration::days(i64::from(date.weekday().num_days_from_monday())),
            Zoom::Month => date.with_day(1).unwrap_or(date),
            Zoom::Quarter => {
                NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1).unwrap_or(date)
            }
        }
    }

    fn tick_next(self, date: NaiveDate) -> NaiveDate {
        match self {
            Zoom::Day => date + Duration::days(1),
            Zoom::Week => date + Duration::days(7),
            Zoom::Month => date.checked_add_months(Months::new(1)).unwrap_or(date),
            Zoom::Quarter => date.checked_add_months(Months::new(3)).unwrap_or(date),
        }
    }
}

/// The axis: calendar days from `origin`, scaled by the zoom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    pub origin: NaiveDate,
    pub zoom: Zoom,
}

/// A mark on the header: its position, its date and whether it opens a
/// larger period (a month at day and week zoom, a year otherwise).
#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub date: NaiveDate,
    pub major: bool,
}

impl Axis {
    pub fn x_of_date(&self, d: NaiveDate) -> f64 {
        (d - self.origin).num_days() as f64 * self.zoom.day_px()
    }

    pub fn x(&self, t: NaiveDateTime) -> f64 {
        let secs = (t - self.origin.and_time(chrono::NaiveTime::MIN)).num_seconds();
        secs as f64 / 86_400.0 * self.zoom.day_px()
    }

    /// Where an instant goes when a working day fills its whole column:
    /// the start of the day's work at the column's left edge, its end at
    /// the right edge, in proportion to the minutes worked between (so a
    /// one-day task is one column wide, not 9/24 of it). Days without
    /// work, and instants outside the working hours, fall on the edges.
    pub fn x_work(&self, t: NaiveDateTime, periods: &[(u16, u16)]) -> f64 {
        let base = self.x_of_date(t.date());
        let total: u32 = periods.iter().map(|&(a, b)| u32::from(b - a)).sum();
        if total == 0 {
            return self.x(t);
        }
        let m = (t.time() - chrono::NaiveTime::MIN).num_minutes() as u32;
        let done: u32 = periods
            .iter()
            .map(|&(a, b)| m.clamp(u32::from(a), u32::from(b)) - u32::from(a))
            .sum();
        base + self.zoom.day_px() * f64::from(done) / f64::from(total)
    }

    /// The calendar day under `x` (snapping to whole days).
    pub fn date_at(&self, x: f64) -> NaiveDate {
        let days = (x / self.zoom.day_px()).floor() as i64;
        self.origin + Duration::days(days)
    }

    /// The day whose start is nearest to `x` (for dropping a bar).
    pub fn nearest_date(&self, x: f64) -> NaiveDate {
        let days = (x / self.zoom.day_px()).round() as i64;
        self.origin + Duration::days(days)
    }

    /// Ticks between `x0` and `x1` only: the header's DOM does not grow
    /// with the length of the plan.
    pub fn ticks(&self, x0: f64, x1: f64) -> Vec<Tick> {
        let first = self.zoom.tick_floor(self.date_at(x0.max(0.0)));
        let last = self.date_at(x1);
        let mut out = Vec::new();
        let mut d = first;
        while d <= last && out.len() < 2000 {
            let major = match self.zoom {
                Zoom::Day => d.day() == 1,
                Zoom::Week => d.day() <= 7,
                Zoom::Month | Zoom::Quarter => d.month() == 1 && d.day() == 1,
            };
            out.push(Tick {
                x: self.x_of_date(d),
                date: d,
                major,
            });
            d = self.zoom.tick_next(d);
        }
        out
    }

    /// The calendar days between `x0` and `x1` (for shading non-working
    /// days; empty at month and quarter zoom, where a day is too thin to
    /// see).
    pub fn days(&self, x0: f64, x1: f64) -> Vec<NaiveDate> {
        if matches!(self.zoom, Zoom::Month | Zoom::Quarter) {
            return Vec::new();
        }
        let (a, b) = (self.date_at(x0.max(0.0)), self.date_at(x1));
        a.iter_days().take_while(|d| *d <= b).take(1000).collect()
    }
}

/// The rows to draw: those in view plus one to two whole `block`s of rows
/// each side, with the edges on block boundaries.
///
/// Why blocks: a window that follows the scroll row by row changes the
/// DOM in every frame of a scroll, and each change costs a style, layout
/// and paint pass over the new rows. A window that moves a block at a
/// time leaves most scroll frames to the compositor alone (nothing in the
/// DOM changes) and pays for a block of rows once, well out of sight.
pub fn row_window(
    scroll_top: f64,
    height: f64,
    row_px: f64,
    count: usize,
    block: usize,
) -> std::ops::Range<usize> {
    if count == 0 || row_px <= 0.0 {
        return 0..0;
    }
    let block = block.max(1);
    let first = (scroll_top.max(0.0) / row_px).floor() as usize;
    let last = first + (height.max(0.0) / row_px).ceil() as usize + 1;
    let start = (first / block).saturating_sub(1) * block;
    let end = (last.div_ceil(block) + 1) * block;
    start.min(count)..end.min(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("date")
    }

    #[test]
    fn positions_round_trip_to_dates() {
        for zoom in Zoom::ALL {
            let a = Axis {
                origin: d(2026, 3, 1),
                zoom,
            };
            let x = a.x_of_date(d(2026, 4, 15));
            assert_eq!(a.date_at(x + 0.1), d(2026, 4, 15), "{zoom:?}");
            assert_eq!(a.nearest_date(x + zoom.day_px() * 0.4), d(2026, 4, 15));
        }
    }

    #[test]
    fn a_working_day_fills_its_column() {
        let a = Axis {
            origin: d(2026, 3, 1),
            zoom: Zoom::Day,
        };
        let hours = [(480u16, 720u16), (780, 1020)];
        let at = |h, m| d(2026, 3, 2).and_hms_opt(h, m, 0).expect("time");
        assert_eq!(a.x_work(at(8, 0), &hours), 36.0);
        assert_eq!(a.x_work(at(17, 0), &hours), 72.0);
        assert_eq!(a.x_work(at(12, 30), &hours), 54.0);
        assert_eq!(a.x_work(at(13, 0), &hours), 54.0);
    }

    #[test]
    fn ticks_cover_only_the_window() {
        let a = Axis {
            origin: d(2026, 1, 1),
            zoom: Zoom::Week,
        };
        let t = a.ticks(a.x_of_date(d(2026, 3, 4)), a.x_of_date(d(2026, 3, 31)));
        assert_eq!(t.first().map(|t| t.date), Some(d(2026, 3, 2)));
        assert_eq!(t.len(), 5);
        assert!(t[0].major && !t[1].major);
        let q = Axis {
            origin: d(2026, 1, 1),
            zoom: Zoom::Quarter,
        };
        let qt = q.ticks(0.0, q.x_of_date(d(2027, 12, 31)));
        assert_eq!(qt.len(), 8);
        assert!(qt[4].major && qt[4].date == d(2027, 1, 1));
    }

    #[test]
    fn keyboard_steps_follow_the_zoom() {
        assert_eq!(Zoom::Day.step(d(2026, 1, 30), true), d(2026, 1, 31));
        assert_eq!(Zoom::Week.step(d(2026, 1, 30), false), d(2026, 1, 23));
        assert_eq!(Zoom::Month.step(d(2026, 1, 31), true), d(2026, 2, 28));
        assert_eq!(Zoom::Quarter.step(d(2026, 1, 15), true), d(2026, 4, 15));
    }

    #[test]
    fn row_window_moves_a_block_at_a_time() {
        // 300 px of 30 px rows: rows 0..11 in view at the top.
        assert_eq!(row_window(0.0, 300.0, 30.0, 10_000, 16), 0..32);
        // Scrolled to row 100 (rows 100..111 in view): from the block
        // before the one holding row 100 to the block after row 111's.
        assert_eq!(row_window(3000.0, 300.0, 30.0, 10_000, 16), 80..144);
        // Scrolling within a block leaves the window as it was.
        for top in [2881.0, 2900.0, 3000.0, 3100.0, 3300.0] {
            let w = row_window(top, 300.0, 30.0, 10_000, 16);
            assert_eq!(w, 80..144, "at {top}");
        }
        // Every row in view is always in the window, with margin.
        for i in 0..2000 {
            let top = f64::from(i) * 7.3;
            let w = row_window(top, 300.0, 30.0, 10_000, 16);
            let first = (top / 30.0) as usize;
            assert!(first < 16 || w.start + 16 <= first, "top {top}: {w:?}");
            assert!(w.end >= (first + 11 + 16).min(10_000), "top {top}: {w:?}");
        }
        // The end is clamped to the rows there are.
        assert_eq!(row_window(1e9, 300.0, 30.0, 100, 16), 100..100);
        assert_eq!(row_window(0.0, 300.0, 30.0, 20, 16), 0..20);
        assert_eq!(row_window(0.0, 300.0, 30.0, 0, 16), 0..0);
    }
}
