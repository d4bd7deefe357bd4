//! Service reports: what came in, what was done, how fast and how well,
//! over a range of days cut into weeks or months.
//!
//! Definitions (each figure counts where its event happened, by the day
//! in the service desk's time zone):
//! - **Opened** per period and type: tickets created in the period.
//! - **Resolved**: tickets resolved (or closed without a resolution) in
//!   the period.
//! - **Backlog** at the end of a period: opened by then and not resolved
//!   by then (as the tickets stand now: a reopened ticket counts as open).
//! - **SLA attainment** per target: a clock counts where its outcome
//!   became known — when it stopped (a reply, a resolution: met or
//!   missed) or, still running, when it fell due (breached: missed
//!   already). Attainment = met ÷ (met + missed).
//! - **Mean time** to first response and to resolution, in *working*
//!   minutes of the service calendar (so a weekend does not count), over
//!   the tickets answered / resolved in the range.
//! - **Satisfaction**: the ratings given on tickets closed in the range,
//!   their count per score and average.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::sla::{SlaClock, SlaState};
use super::ticket::TicketKind;
use crate::domain::AppError;

/// The longest range a report covers (so weekly buckets stay readable).
pub const MAX_DAYS: i64 = 3 * 366;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Bucket {
    Week,
    #[default]
    Month,
}

impl Bucket {
    pub fn as_str(self) -> &'static str {
        match self {
            Bucket::Week => "week",
            Bucket::Month => "month",
        }
    }

    pub fn parse(s: &str) -> Option<Bucket> {
        [Bucket::Week, Bucket::Month]
            .into_iter()
            .find(|b| b.as_str() == s)
    }
}

/// Days `from..=to` in buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceReportQuery {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub bucket: Bucket,
}

impl ServiceReportQuery {
    /// The last six months, this one included, by month.
    pub fn default_for(today: NaiveDate) -> ServiceReportQuery {
        let first = today.with_day(1).unwrap_or(today);
        let from = (0..5).fold(first, |d, _| {
            (d - Duration::days(1)).with_day(1).unwrap_or(d)
        });
        ServiceReportQuery {
            from,
            to: today,
            bucket: Bucket::Month,
        }
    }

    pub fn validated(self) -> Result<ServiceReportQuery, AppError> {
        if self.to < self.from {
            return Err(AppError::invalid("to", "must not be before the start"));
        }
        if (self.to - self.from).num_days() >= MAX_DAYS {
            return Err(AppError::invalid(
                "from",
                format!("a report covers at most {MAX_DAYS} days"),
            ));
        }
        Ok(self)
    }

    /// The buckets, clipped to the range: (first day, last day).
    pub fn periods(&self) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut start = self.from;
        while start <= self.to {
            let natural_end = match self.bucket {
                Bucket::Week => {
                    start + Duration::days(6 - i64::from(start.weekday().num_days_from_monday()))
                }
                Bucket::Month => next_month(start) - Duration::days(1),
            };
            let end = natural_end.min(self.to);
            out.push((start, end));
            start = end + Duration::days(1);
        }
        out
    }
}

fn next_month(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(d)
}

/// What the report needs of one ticket; the store computes the working
/// minutes and clocks with the service calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TicketFact {
    pub kind: TicketKind,
    pub opened: DateTime<Utc>,
    pub responded: Option<DateTime<Utc>>,
    /// Resolved, else closed (a ticket closed without a resolution).
    pub resolved: Option<DateTime<Utc>>,
    pub closed: Option<DateTime<Utc>>,
    /// Working minutes from opening to the first response / resolution.
    pub response_minutes: Option<i64>,
    pub resolve_minutes: Option<i64>,
    /// The clocks as of now (`None`: the calendar could not reach them).
    pub response: Option<SlaClock>,
    pub resolution: Option<SlaClock>,
    pub rating: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodRow {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Opened, in [`TicketKind::ALL`] order.
    pub opened: [u32; 3],
    pub resolved: u32,
    /// Open at the end of the period.
    pub backlog: u32,
}

impl PeriodRow {
    pub fn opened_total(&self) -> u32 {
        self.opened.iter().sum()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Attainment {
    pub met: u32,
    pub missed: u32,
}

impl Attainment {
    /// Met as a share of decided clocks; `None` when none was decided.
    pub fn ratio(&self) -> Option<f64> {
        let n = self.met + self.missed;
        (n > 0).then(|| f64::from(self.met) / f64::from(n))
    }

    fn add(&mut self, met: bool) {
        if met {
            self.met += 1;
        } else {
            self.missed += 1;
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ServiceReport {
    pub query: ServiceReportQuery,
    pub periods: Vec<PeriodRow>,
    /// Opened in the range, in [`TicketKind::ALL`] order.
    pub opened: [u32; 3],
    pub resolved: u32,
    /// Open at the end of the range.
    pub backlog: u32,
    pub response: Attainment,
    pub resolution: Attainment,
    pub mean_response_minutes: Option<i64>,
    pub mean_resolve_minutes: Option<i64>,
    /// Ratings 1–5: how many of each.
    pub ratings: [u32; 5],
}

impl ServiceReport {
    pub fn opened_total(&self) -> u32 {
        self.opened.iter().sum()
    }

    /// The average rating; `None` without ratings.
    pub fn satisfaction(&self) -> Option<f64> {
        let n: u32 = self.ratings.iter().sum();
        let sum: u32 = self
            .ratings
            .iter()
            .zip(1u32..)
            .map(|(count, score)| count * score)
            .sum();
        (n > 0).then(|| f64::from(sum) / f64::from(n))
    }
}

fn kind_index(k: TicketKind) -> usize {
    TicketKind::ALL.iter().position(|x| *x == k).unwrap_or(0)
}

/// The report over `facts` (any tickets; those outside the range are
/// counted only where they belong), days taken at `offset` from UTC.
pub fn report(
    query: ServiceReportQuery,
    facts: &[TicketFact],
    offset: FixedOffset,
) -> ServiceReport {
    let day = |t: DateTime<Utc>| t.with_timezone(&offset).date_naive();
    let within =
        |t: Option<DateTime<Utc>>| t.is_some_and(|t| (query.from..=query.to).contains(&day(t)));
    let mut periods: Vec<PeriodRow> = query
        .periods()
        .into_iter()
        .map(|(start, end)| PeriodRow {
            start,
            end,
            opened: [0; 3],
            resolved: 0,
            backlog: 0,
        })
        .collect();
    let period_of = |d: NaiveDate| periods_index(&query, d);
    let mut out = ServiceReport {
        query,
        periods: Vec::new(),
        opened: [0; 3],
        resolved: 0,
        backlog: 0,
        response: Attainment::default(),
        resolution: Attainment::default(),
        mean_response_minutes: None,
        mean_resolve_minutes: None,
        ratings: [0; 5],
    };
    let (mut response_sum, mut response_n) = (0i64, 0i64);
    let (mut resolve_sum, mut resolve_n) = (0i64, 0i64);
    for f in facts {
        let opened = day(f.opened);
        let resolved = f.resolved.map(day);
        if let Some(p) = period_of(opened) {
            periods[p].opened[kind_index(f.kind)] += 1;
            out.opened[kind_index(f.kind)] += 1;
        }
        if let Some(p) = resolved.and_then(period_of) {
            periods[p].resolved += 1;
            out.resolved += 1;
        }
        for p in &mut periods {
            if opened <= p.end && resolved.is_none_or(|r| r > p.end) {
                p.backlog += 1;
            }
        }
        if opened <= query.to && resolved.is_none_or(|r| r > query.to) {
            out.backlog += 1;
        }
        // Clocks: where the outcome became known.
        for (stopped, clock, tally) in [
            (f.responded, f.response, &mut out.response),
            (f.resolved, f.resolution, &mut out.resolution),
        ] {
            let Some(c) = clock else { continue };
            if stopped.is_some() {
                if within(stopped) {
                    tally.add(c.state == SlaState::Met);
                }
            } else if c.state == SlaState::Breached && within(Some(c.due)) {
                tally.add(false);
            }
        }
        if let (true, Some(m)) = (within(f.responded), f.response_minutes) {
            response_sum += m;
            response_n += 1;
        }
        if let (true, Some(m)) = (within(f.resolved), f.resolve_minutes) {
            resolve_sum += m;
            resolve_n += 1;
        }
        if let (true, Some(r @ 1..=5)) = (within(f.closed), f.rating) {
            out.ratings[usize::from(r - 1)] += 1;
        }
    }
    let mean = |sum: i64, n: i64| (n > 0).then(|| (sum as f64 / n as f64).round() as i64);
    out.mean_response_minutes = mean(response_sum, response_n);
    out.mean_resolve_minutes = mean(resolve_sum, resolve_n);
    out.periods = periods;
    out
}

fn periods_index(q: &ServiceReportQuery, d: NaiveDate) -> Option<usize> {
    if d < q.from || d > q.to {
        return None;
    }
    q.periods().iter().position(|(s, e)| (*s..=*e).contains(&d))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn at(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, 0, 0).unwrap()
    }

    fn clock(state: SlaState, due: DateTime<Utc>) -> Option<SlaClock> {
        Some(SlaClock {
            due,
            state,
            remaining_minutes: 0,
        })
    }

    fn fact(kind: TicketKind, opened: DateTime<Utc>) -> TicketFact {
        TicketFact {
            kind,
            opened,
            responded: None,
            resolved: None,
            closed: None,
            response_minutes: None,
            resolve_minutes: None,
            response: None,
            resolution: None,
            rating: None,
        }
    }

    #[test]
    fn months_and_weeks_are_cut_at_the_range() {
        let q = ServiceReportQuery {
            from: date(2026, 10, 15),
            to: date(2026, 12, 2),
            bucket: Bucket::Month,
        };
        assert_eq!(
            q.periods(),
            vec![
                (date(2026, 10, 15), date(2026, 10, 31)),
                (date(2026, 11, 1), date(2026, 11, 30)),
                (date(2026, 12, 1), date(2026, 12, 2)),
            ]
        );
        // 2026-11-25 is a Wednesday: weeks run Monday to Sunday.
        let w = ServiceReportQuery {
            from: date(2026, 11, 25),
            to: date(2026, 12, 8),
            bucket: Bucket::Week,
        };
        assert_eq!(
            w.periods(),
            vec![
                (date(2026, 11, 25), date(2026, 11, 29)),
                (date(2026, 11, 30), date(2026, 12, 6)),
                (date(2026, 12, 7), date(2026, 12, 8)),
            ]
        );
        assert_eq!(
            ServiceReportQuery::default_for(date(2026, 12, 2)).from,
            date(2026, 7, 1)
        );
        assert!(
            ServiceReportQuery {
                from: date(2026, 12, 3),
                ..q
            }
            .validated()
            .is_err()
        );
    }

    /// Five tickets, November–December 2026, worked by hand:
    /// A complaint, opened 3 Nov, answered 3 Nov in 30 working minutes
    ///   (met), resolved 5 Nov in 900 (met), closed 6 Nov rated 4.
    /// B question, opened 10 Nov, answered 12 Nov in 600 (missed),
    ///   resolved 2 Dec in 9,000 (missed), not closed.
    /// C question, opened 20 Nov, never answered, response due 21 Nov
    ///   and breached; resolution running on track.
    /// D service request, opened 28 Oct (before the range), resolved 2 Nov
    ///   in 2,400 (met), closed 2 Nov rated 2.
    /// E complaint, opened 1 Dec 23:30 UTC = 2 Dec 07:30 in Beijing.
    #[test]
    fn a_hand_worked_report() {
        use SlaState::*;
        use TicketKind::*;
        let mut a = fact(Complaint, at(2026, 11, 3, 1));
        a.responded = Some(at(2026, 11, 3, 2));
        a.response_minutes = Some(30);
        a.response = clock(Met, at(2026, 11, 3, 5));
        a.resolved = Some(at(2026, 11, 5, 3));
        a.resolve_minutes = Some(900);
        a.resolution = clock(Met, at(2026, 11, 6, 3));
        a.closed = Some(at(2026, 11, 6, 3));
        a.rating = Some(4);
        let mut b = fact(Question, at(2026, 11, 10, 2));
        b.responded = Some(at(2026, 11, 12, 2));
        b.response_minutes = Some(600);
        b.response = clock(Missed, at(2026, 11, 11, 2));
        b.resolved = Some(at(2026, 12, 2, 2));
        b.resolve_minutes = Some(9_000);
        b.resolution = clock(Missed, at(2026, 11, 20, 2));
        let mut c = fact(Question, at(2026, 11, 20, 2));
        c.response = clock(Breached, at(2026, 11, 21, 2));
        c.resolution = clock(OnTrack, at(2026, 12, 20, 2));
        let mut d = fact(ServiceRequest, at(2026, 10, 28, 2));
        d.responded = Some(at(2026, 10, 28, 3));
        d.response_minutes = Some(60);
        d.response = clock(Met, at(2026, 10, 28, 8));
        d.resolved = Some(at(2026, 11, 2, 2));
        d.resolve_minutes = Some(2_400);
        d.resolution = clock(Met, at(2026, 11, 3, 2));
        d.closed = Some(at(2026, 11, 2, 2));
        d.rating = Some(2);
        let e = fact(Complaint, at(2026, 12, 1, 23));
        let q = ServiceReportQuery {
            from: date(2026, 11, 1),
            to: date(2026, 12, 2),
            bucket: Bucket::Month,
        };
        let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
        let r = report(q, &[a, b, c, d, e], beijing);

        // Opened in range: A, B, C (Nov); E (2 Dec local). D is October's.
        assert_eq!(r.opened, [2, 0, 2]);
        assert_eq!(r.periods.len(), 2);
        assert_eq!(r.periods[0].opened, [1, 0, 2]);
        assert_eq!(r.periods[1].opened, [1, 0, 0]);
        // Resolved: D (2 Nov), A (5 Nov) in November; B (2 Dec).
        assert_eq!((r.periods[0].resolved, r.periods[1].resolved), (2, 1));
        assert_eq!(r.resolved, 3);
        // Open at the end of November: B, C. At the end: C, E.
        assert_eq!(r.periods[0].backlog, 2);
        assert_eq!(r.periods[1].backlog, 2);
        assert_eq!(r.backlog, 2);
        // First response: A met, B missed, C breached (due 21 Nov); D's
        // reply was in October. 1 of 3.
        assert_eq!(r.response, Attainment { met: 1, missed: 2 });
        // Resolution: D met (2 Nov), A met, B missed; C still on track.
        assert_eq!(r.resolution, Attainment { met: 2, missed: 1 });
        assert_eq!(r.resolution.ratio(), Some(2.0 / 3.0));
        // Means over what happened in range: replies A 30, B 600 → 315;
        // resolutions D 2,400, A 900, B 9,000 → 4,100.
        assert_eq!(r.mean_response_minutes, Some(315));
        assert_eq!(r.mean_resolve_minutes, Some(4_100));
        // Ratings on tickets closed in range: A 4, D 2 → 3.0.
        assert_eq!(r.ratings, [0, 1, 0, 1, 0]);
        assert_eq!(r.satisfaction(), Some(3.0));
    }

    #[test]
    fn nothing_in_range_is_no_figures_not_zeros() {
        let q = ServiceReportQuery::default_for(date(2026, 12, 2));
        let r = report(q, &[], FixedOffset::east_opt(0).unwrap());
        assert_eq!(r.periods.len(), 6);
        assert_eq!(r.response.ratio(), None);
        assert_eq!(r.mean_response_minutes, None);
        assert_eq!(r.satisfaction(), None);
    }
}
