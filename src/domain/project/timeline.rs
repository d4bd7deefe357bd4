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

/// The rows in view (with `overscan` extra each side), as a range of row
/// indexes.
pub fn visible_rows(
    scroll_top: f64,
    height: f64,
    row_px: f64,
    count: usize,
    overscan: usize,
) -> std::ops::Range<usize> {
    if count == 0 || row_px <= 0.0 {
        return 0..0;
    }
    let first = (scroll_top.max(0.0) / row_px).floor() as usize;
    let shown = (height.max(0.0) / row_px).ceil() as usize + 1;
    let start = first.saturating_sub(overscan).min(count);
    let end = (first + shown + overscan).min(count);
    start..end
}

/// How many row slots the view needs: the most rows `visible_rows` can
/// return for a view `height` high.
pub fn row_pool(height: f64, row_px: f64, overscan: usize) -> usize {
    if row_px <= 0.0 {
        return 0;
    }
    (height.max(0.0) / row_px).ceil() as usize + 1 + 2 * overscan
}

/// The row a slot of the pool shows: row `i` lives in slot `i % pool`.
/// Scrolling by one row hands one slot from the row that left the view to
/// the row that came in, so the chart rewrites that slot's values instead
/// of building elements (building a row costs far more than a frame
/// allows; see issue 6's figures in ARCHITECTURE.md).
pub fn row_in_slot(rows: &std::ops::Range<usize>, slot: usize, pool: usize) -> Option<usize> {
    if pool == 0 || slot >= pool || rows.is_empty() {
        return None;
    }
    let i = rows.start + (slot + pool - rows.start % pool) % pool;
    (i < rows.end).then_some(i)
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
    fn only_rows_in_view_are_drawn() {
        assert_eq!(visible_rows(0.0, 300.0, 30.0, 10_000, 5), 0..16);
        assert_eq!(visible_rows(3000.0, 300.0, 30.0, 10_000, 5), 95..116);
        assert_eq!(visible_rows(1e9, 300.0, 30.0, 100, 5), 100..100);
        assert_eq!(visible_rows(0.0, 300.0, 30.0, 0, 5), 0..0);
    }

    #[test]
    fn every_visible_row_has_one_slot_and_scrolling_moves_one_slot() {
        let (h, px, over, n) = (300.0, 30.0, 5, 1000);
        let pool = row_pool(h, px, over);
        for top in [0.0, 29.0, 30.0, 3000.0, 29_000.0, 1e9] {
            let rows = visible_rows(top, h, px, n, over);
            assert!(rows.len() <= pool, "{rows:?} fits {pool}");
            let mut shown: Vec<usize> = (0..pool)
                .filter_map(|s| row_in_slot(&rows, s, pool))
                .collect();
            shown.sort_unstable();
            assert_eq!(shown, rows.clone().collect::<Vec<_>>(), "at {top}");
        }
        // One row further down: only one slot shows another row.
        let a = visible_rows(3000.0, h, px, n, over);
        let b = visible_rows(3030.0, h, px, n, over);
        let changed = (0..pool)
            .filter(|&s| row_in_slot(&a, s, pool) != row_in_slot(&b, s, pool))
            .count();
        assert_eq!(changed, 1);
        assert_eq!(row_in_slot(&(0..0), 0, pool), None);
        assert_eq!(row_in_slot(&a, pool, pool), None);
    }
}
