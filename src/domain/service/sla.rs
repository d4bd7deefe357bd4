//! Service levels: how long a ticket may wait for its first reply and for
//! its resolution, counted in the working hours of a calendar — the same
//! calendars the project schedules use, holidays included — so a ticket
//! opened on Friday afternoon is not late on Monday morning.
//!
//! A target is a number of working minutes from the ticket's creation.
//! Its **due time** is where that many working minutes end. A clock that
//! is still running is **at risk** when at most a quarter of its target
//! is left, and **breached** once more working time has passed than the
//! target allows; a stopped clock (replied, resolved) **met** its target
//! or **missed** it. Time outside working hours never counts: a ticket due
//! at Friday 17:00 is not breached during the weekend, only from the first
//! working minute after.
//!
//! While a ticket **waits on the customer** its resolution clock stands
//! still ([`Pause`]): the working minutes of each wait are added to its
//! due time, and a clock read during a wait is **paused** (unless it was
//! already late when the wait began). The first-response clock never
//! pauses: asking the customer something is a response.

use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

use super::ticket::Priority;
use crate::domain::project::CalendarKey;
use crate::domain::schedule::{ScheduleError, Side, WorkTable};

/// Working minutes allowed before the first customer-visible reply and
/// before resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargets {
    pub first_response_minutes: i64,
    pub resolution_minutes: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    pub priority: Priority,
    pub targets: SlaTargets,
}

impl SlaPolicy {
    /// Until an admin sets their own: urgent 1 h / 8 h, high 4 h / 16 h,
    /// normal 8 h / 40 h, low 16 h / 80 h (working hours; 8 h a day).
    pub fn defaults() -> [SlaPolicy; 4] {
        let p = |priority, first: i64, resolve: i64| SlaPolicy {
            priority,
            targets: SlaTargets {
                first_response_minutes: first * 60,
                resolution_minutes: resolve * 60,
            },
        };
        [
            p(Priority::Urgent, 1, 8),
            p(Priority::High, 4, 16),
            p(Priority::Normal, 8, 40),
            p(Priority::Low, 16, 80),
        ]
    }

    pub fn validated(&self) -> Result<SlaPolicy, crate::domain::AppError> {
        let t = self.targets;
        if t.first_response_minutes < 1 {
            return Err(crate::domain::AppError::invalid(
                "first_response_minutes",
                "must be at least 1",
            ));
        }
        if t.resolution_minutes < t.first_response_minutes {
            return Err(crate::domain::AppError::invalid(
                "resolution_minutes",
                "must be at least the first response target",
            ));
        }
        Ok(*self)
    }
}

/// The service desk's settings: a target per priority, the calendar
/// whose working hours count, and the desk's offset from UTC (that
/// calendar's hours are local time there).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLevels {
    pub policies: Vec<SlaPolicy>,
    pub calendar: CalendarKey,
    pub utc_offset_minutes: i32,
}

impl Default for ServiceLevels {
    fn default() -> Self {
        ServiceLevels {
            policies: SlaPolicy::defaults().to_vec(),
            calendar: CalendarKey::Standard,
            utc_offset_minutes: 0,
        }
    }
}

impl ServiceLevels {
    pub fn validated(&self) -> Result<ServiceLevels, crate::domain::AppError> {
        use crate::domain::AppError;
        for p in &self.policies {
            p.validated()?;
        }
        for pr in Priority::ALL {
            if self.policies.iter().filter(|p| p.priority == pr).count() != 1 {
                return Err(AppError::invalid(
                    "policies",
                    "need exactly one target per priority",
                ));
            }
        }
        if self.calendar.preset().is_none() {
            return Err(AppError::invalid("calendar", "is not supported"));
        }
        if !(-14 * 60..=14 * 60).contains(&self.utc_offset_minutes) {
            return Err(AppError::invalid(
                "utc_offset_minutes",
                "must be between -14:00 and +14:00",
            ));
        }
        Ok(self.clone())
    }

    /// The targets of a priority (the defaults' if missing).
    pub fn targets(&self, priority: Priority) -> SlaTargets {
        self.policies
            .iter()
            .chain(SlaPolicy::defaults().iter())
            .find(|p| p.priority == priority)
            .map(|p| p.targets)
            .unwrap_or(SlaTargets {
                first_response_minutes: 480,
                resolution_minutes: 2400,
            })
    }

    pub fn offset(&self) -> FixedOffset {
        FixedOffset::east_opt(self.utc_offset_minutes * 60)
            .unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC is a valid offset"))
    }

    /// The calendar compiled from the local day of `from` (a day earlier,
    /// so every instant on that day is inside it).
    pub fn table(&self, from: DateTime<Utc>) -> WorkTable {
        let calendar = self
            .calendar
            .preset()
            .unwrap_or_else(crate::domain::schedule::presets::standard);
        let day = from.with_timezone(&self.offset()).date_naive() - chrono::Duration::days(1);
        WorkTable::new(&calendar, day)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SlaState {
    OnTrack,
    AtRisk,
    Breached,
    Met,
    Missed,
    /// Waiting on the customer: the clock stands still.
    Paused,
}

impl SlaState {
    pub fn as_str(self) -> &'static str {
        match self {
            SlaState::OnTrack => "on_track",
            SlaState::AtRisk => "at_risk",
            SlaState::Breached => "breached",
            SlaState::Met => "met",
            SlaState::Missed => "missed",
            SlaState::Paused => "paused",
        }
    }

    /// Counts against the service level (for attainment).
    pub fn failed(self) -> bool {
        matches!(self, SlaState::Breached | SlaState::Missed)
    }
}

/// One target's clock, as of a moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClock {
    pub due: DateTime<Utc>,
    pub state: SlaState,
    /// Working minutes left (negative: how late), as of the moment asked
    /// about or when the clock stopped.
    pub remaining_minutes: i64,
}

/// A clock is at risk with at most this share of its target left.
const AT_RISK_SHARE: f64 = 0.25;

/// The calendar's local time of an instant.
fn local(offset: FixedOffset, t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&offset).naive_local()
}

/// The time a clock stood still: the working minutes of the waits on
/// the customer that ended, and when the current one began.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub minutes: i64,
    pub since: Option<DateTime<Utc>>,
}

/// The clock of a target of `minutes` working minutes started at
/// `started`, stopped at `stopped` (a reply, a resolution) or read at
/// `now`. `table` is the service calendar compiled from a day no later
/// than `started` in its local time (`offset` from UTC).
pub fn clock(
    table: &mut WorkTable,
    offset: FixedOffset,
    started: DateTime<Utc>,
    minutes: i64,
    stopped: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Result<SlaClock, ScheduleError> {
    paused_clock(
        table,
        offset,
        started,
        minutes,
        stopped,
        now,
        Pause::default(),
    )
}

/// [`clock`] for a clock that stood still for `pause`. A wait still
/// running counts until the clock is read (or stopped): its due time is
/// where it would be if the wait ended now.
pub fn paused_clock(
    table: &mut WorkTable,
    offset: FixedOffset,
    started: DateTime<Utc>,
    minutes: i64,
    stopped: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    pause: Pause,
) -> Result<SlaClock, ScheduleError> {
    let start = table.position(local(offset, started))?;
    let at = stopped.unwrap_or(now).max(started);
    let at_pos = table.position(local(offset, at))?;
    let waiting = match pause.since {
        Some(since) => (at_pos - table.position(local(offset, since.max(started)))?).max(0),
        None => 0,
    };
    let paused = pause.minutes.max(0) + waiting;
    let due_local = table.instant_covering(start + minutes + paused, Side::Finish)?;
    let due = offset
        .from_local_datetime(&due_local)
        .single()
        .map_or(now, |t| t.with_timezone(&Utc));
    let elapsed = at_pos - start - paused;
    let remaining = minutes - elapsed;
    let state = match (stopped.is_some(), remaining) {
        (true, r) if r >= 0 => SlaState::Met,
        (true, _) => SlaState::Missed,
        (false, r) if r < 0 => SlaState::Breached,
        (false, _) if pause.since.is_some() => SlaState::Paused,
        (false, r) if (r as f64) <= minutes as f64 * AT_RISK_SHARE => SlaState::AtRisk,
        (false, _) => SlaState::OnTrack,
    };
    Ok(SlaClock {
        due,
        state,
        remaining_minutes: remaining,
    })
}

/// Working minutes between two instants (for mean times to respond and to
/// resolve, which then compare fairly across weekends).
pub fn working_minutes(
    table: &mut WorkTable,
    offset: FixedOffset,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<i64, ScheduleError> {
    let a = table.position(local(offset, from))?;
    let b = table.position(local(offset, to.max(from)))?;
    Ok(b - a)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::schedule::presets;
    use chrono::NaiveDate;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn standard() -> WorkTable {
        WorkTable::new(
            &presets::standard(),
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        )
    }

    #[test]
    fn a_friday_afternoon_ticket_is_due_on_monday() {
        // Standard hours 08–12, 13–17, on UTC. Opened Friday 16:00: one
        // working hour on Friday, then Monday. Resolution in 8 h: 1 h on
        // Friday + 4 h Monday morning + 3 h after lunch = Monday 16:00.
        let mut t = standard();
        let utc0 = FixedOffset::east_opt(0).unwrap();
        let opened = utc(2026, 11, 27, 16, 0);
        let c =
            |t: &mut WorkTable, stopped, now| clock(t, utc0, opened, 480, stopped, now).unwrap();

        let saturday = c(&mut t, None, utc(2026, 11, 28, 10, 0));
        assert_eq!(saturday.due, utc(2026, 11, 30, 16, 0));
        assert_eq!(
            (saturday.state, saturday.remaining_minutes),
            (SlaState::OnTrack, 420)
        );
        // Monday 15:00: 1 h + 4 h + 2 h gone, 60 min left ≤ a quarter.
        let monday = c(&mut t, None, utc(2026, 11, 30, 15, 0));
        assert_eq!(
            (monday.state, monday.remaining_minutes),
            (SlaState::AtRisk, 60)
        );
        let late = c(&mut t, None, utc(2026, 11, 30, 16, 30));
        assert_eq!(
            (late.state, late.remaining_minutes),
            (SlaState::Breached, -30)
        );
        let met = c(
            &mut t,
            Some(utc(2026, 11, 30, 15, 59)),
            utc(2026, 12, 5, 0, 0),
        );
        assert_eq!((met.state, met.remaining_minutes), (SlaState::Met, 1));
        let missed = c(&mut t, Some(utc(2026, 12, 1, 9, 0)), utc(2026, 12, 5, 0, 0));
        assert_eq!(
            (missed.state, missed.remaining_minutes),
            (SlaState::Missed, -120)
        );
        // First response in 4 h: Friday's hour, then Monday 08:00–11:00.
        let first = clock(&mut t, utc0, opened, 240, None, opened).unwrap();
        assert_eq!(first.due, utc(2026, 11, 30, 11, 0));
    }

    #[test]
    fn due_on_friday_evening_is_not_breached_over_the_weekend() {
        let mut t = standard();
        let utc0 = FixedOffset::east_opt(0).unwrap();
        // Opened Friday 08:00, 8 h: due Friday 17:00.
        let opened = utc(2026, 11, 27, 8, 0);
        let sunday = clock(&mut t, utc0, opened, 480, None, utc(2026, 11, 29, 12, 0)).unwrap();
        assert_eq!(sunday.due, utc(2026, 11, 27, 17, 0));
        assert_eq!(
            (sunday.state, sunday.remaining_minutes),
            (SlaState::AtRisk, 0)
        );
        let monday = clock(&mut t, utc0, opened, 480, None, utc(2026, 11, 30, 8, 1)).unwrap();
        assert_eq!(monday.state, SlaState::Breached);
    }

    #[test]
    fn national_day_holidays_do_not_count_in_beijing() {
        // China mainland calendar (09–12, 13–18) in Beijing time. Opened
        // Wednesday 30 September 2026 at 17:00 (09:00 UTC): one hour that
        // day, then 1–7 October are holidays; 8 h are used up on Thursday
        // 8 October at 17:00 Beijing time, 09:00 UTC.
        let mut t = WorkTable::new(
            &presets::china_mainland(),
            NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
        );
        let beijing = FixedOffset::east_opt(8 * 3600).unwrap();
        let opened = utc(2026, 9, 30, 9, 0);
        let c = clock(&mut t, beijing, opened, 480, None, utc(2026, 10, 5, 2, 0)).unwrap();
        assert_eq!(c.due, utc(2026, 10, 8, 9, 0));
        assert_eq!((c.state, c.remaining_minutes), (SlaState::OnTrack, 420));
        assert_eq!(
            working_minutes(&mut t, beijing, opened, utc(2026, 10, 8, 2, 0)).unwrap(),
            60 + 60,
            "an hour on the 30th and 09:00–10:00 on the 8th"
        );
    }

    #[test]
    fn policies_are_checked() {
        for p in SlaPolicy::defaults() {
            assert_eq!(p.validated(), Ok(p));
        }
        let bad = SlaPolicy {
            priority: Priority::High,
            targets: SlaTargets {
                first_response_minutes: 120,
                resolution_minutes: 60,
            },
        };
        assert!(bad.validated().is_err());
    }

    /// Opened Monday 09:00 with 8 working hours to resolve; waiting on the
    /// customer from Monday 11:00 to Tuesday 10:00 (1 h + 4 h Monday, 2 h
    /// Tuesday: 7 h paused). Read during the wait: paused, 6 h left, due
    /// as if the wait ended then. Read Tuesday 15:00 after it: 3 + 4 +
    /// 4 + 2 = 13 h gone, 7 h of them paused, 6 h counted, 2 h left (at
    /// risk), due Tuesday 17:00. Without the pause it would be breached.
    #[test]
    fn a_wait_on_the_customer_stops_the_resolution_clock() {
        let mut t = standard();
        let utc0 = FixedOffset::east_opt(0).unwrap();
        let opened = utc(2026, 11, 30, 9, 0);
        let waiting = utc(2026, 11, 30, 11, 0);
        let during = paused_clock(
            &mut t,
            utc0,
            opened,
            480,
            None,
            utc(2026, 11, 30, 16, 0),
            Pause {
                minutes: 0,
                since: Some(waiting),
            },
        )
        .unwrap();
        assert_eq!(
            (during.state, during.remaining_minutes),
            (SlaState::Paused, 360)
        );
        // Monday 16:00 now: 2 h counted, 6 h left → Tuesday 14:00.
        assert_eq!(during.due, utc(2026, 12, 1, 14, 0));
        let resumed = Pause {
            minutes: working_minutes(&mut t, utc0, waiting, utc(2026, 12, 1, 10, 0)).unwrap(),
            since: None,
        };
        assert_eq!(resumed.minutes, 420);
        let after = paused_clock(
            &mut t,
            utc0,
            opened,
            480,
            None,
            utc(2026, 12, 1, 15, 0),
            resumed,
        )
        .unwrap();
        assert_eq!(
            (after.state, after.remaining_minutes, after.due),
            (SlaState::AtRisk, 120, utc(2026, 12, 1, 17, 0))
        );
        let unpaused = clock(&mut t, utc0, opened, 480, None, utc(2026, 12, 1, 15, 0)).unwrap();
        assert_eq!(unpaused.state, SlaState::Breached);
        // Resolved Tuesday 16:30: met, with 30 min to spare.
        let done = paused_clock(
            &mut t,
            utc0,
            opened,
            480,
            Some(utc(2026, 12, 1, 16, 30)),
            utc(2026, 12, 5, 0, 0),
            resumed,
        )
        .unwrap();
        assert_eq!((done.state, done.remaining_minutes), (SlaState::Met, 30));
        // A clock already late when the wait began stays breached.
        let late = paused_clock(
            &mut t,
            utc0,
            opened,
            60,
            None,
            utc(2026, 11, 30, 16, 0),
            Pause {
                minutes: 0,
                since: Some(waiting),
            },
        )
        .unwrap();
        assert_eq!(late.state, SlaState::Breached);
    }
}
