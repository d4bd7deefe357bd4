//! Who is overloaded: each person's assigned work per week against the
//! working time the project's calendar gives that week.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::compute::Compiled;
use super::model::PersonCalendar;
use super::state::ProjectState;
use crate::domain::schedule::{Calendar, Schedule, TaskIx};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WeekLoad {
    /// The Monday of the week.
    pub week: NaiveDate,
    /// Assigned minutes (work × units).
    pub load_minutes: i64,
    /// Working minutes of the calendar that week.
    pub capacity_minutes: i64,
    /// Days of the week on which the person has more work than the day
    /// has working time (two full-time tasks on one day overload it even
    /// when the week as a whole has room).
    pub over_days: u8,
}

impl WeekLoad {
    pub fn overloaded(&self) -> bool {
        self.over_days > 0 || self.load_minutes > self.capacity_minutes
    }

    /// Load as a share of capacity, in percent.
    pub fn percent(&self) -> f64 {
        if self.capacity_minutes == 0 {
            if self.load_minutes > 0 {
                f64::INFINITY
            } else {
                0.0
            }
        } else {
            self.load_minutes as f64 * 100.0 / self.capacity_minutes as f64
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PersonLoad {
    pub user_id: i64,
    /// Weeks with any load, in order.
    pub weeks: Vec<WeekLoad>,
}

fn monday(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

/// Working minutes of `date` that fall inside `[from, to)`.
fn worked(calendar: &Calendar, date: NaiveDate, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
    let day_start = date.and_time(chrono::NaiveTime::MIN);
    let lo = if from.date() == date {
        i64::from(from.num_seconds_from_midnight() / 60)
    } else if from > day_start {
        return 0;
    } else {
        0
    };
    let hi = if to.date() == date {
        i64::from(to.num_seconds_from_midnight() / 60)
    } else if to < day_start {
        return 0;
    } else {
        1440
    };
    calendar
        .hours_on(date)
        .periods()
        .iter()
        .map(|&(a, b)| (i64::from(b).min(hi) - i64::from(a).max(lo)).max(0))
        .sum()
}

/// Load per person per week over the scheduled plan, each person's work
/// and capacity counted on their own calendar where they have one in the
/// project (`people`), else on the project's. Summary tasks carry no
/// assignments of their own here (their subtasks do).
pub fn weekly(
    state: &ProjectState,
    c: &Compiled,
    s: &Schedule,
    people: &[PersonCalendar],
) -> Vec<PersonLoad> {
    let project = &c.plan.calendar;
    let cal_of = |user_id: i64| {
        people
            .iter()
            .find(|p| p.user_id == user_id)
            .map_or(project, |p| &p.calendar)
    };
    // Person → day → assigned minutes.
    let mut per: BTreeMap<i64, BTreeMap<NaiveDate, i64>> = BTreeMap::new();
    for (i, &id) in c.ids.iter().enumerate() {
        if c.summary[i] {
            continue;
        }
        let Some(t) = state.task(id) else { continue };
        if t.assignments.is_empty() {
            continue;
        }
        let (start, finish) = (s.start(i as TaskIx), s.finish(i as TaskIx));
        for date in start.date().iter_days().take_while(|d| *d <= finish.date()) {
            for a in &t.assignments {
                let m = worked(cal_of(a.user_id), date, start, finish);
                if m > 0 {
                    *per.entry(a.user_id).or_default().entry(date).or_default() +=
                        m * i64::from(a.units) / 100;
                }
            }
        }
    }
    let capacity = |cal: &Calendar, d: NaiveDate| {
        let day = d.and_time(chrono::NaiveTime::MIN);
        worked(cal, d, day, day + Duration::days(1))
    };
    per.into_iter()
        .map(|(user_id, days)| {
            let cal = cal_of(user_id);
            let mut weeks: BTreeMap<NaiveDate, WeekLoad> = BTreeMap::new();
            for (d, load) in days {
                let week = monday(d);
                let w = weeks.entry(week).or_insert_with(|| WeekLoad {
                    week,
                    load_minutes: 0,
                    capacity_minutes: (0..7)
                        .map(|k| capacity(cal, week + Duration::days(k)))
                        .sum(),
                    over_days: 0,
                });
                w.load_minutes += load;
                if load > capacity(cal, d) {
                    w.over_days += 1;
                }
            }
            PersonLoad {
                user_id,
                weeks: weeks.into_values().collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::compute::{compile, run};
    use crate::domain::project::{Assignment, TaskRow};
    use crate::domain::schedule::{Scheduler, presets};

    fn row(id: i64, rank: &str, days: i64, units: u16) -> TaskRow {
        TaskRow {
            id,
            version: 1,
            parent: None,
            rank: rank.into(),
            name: format!("T{id}"),
            duration_minutes: days * 480,
            percent_complete: 0,
            constraint: None,
            assignments: vec![Assignment { user_id: 7, units }],
            deleted: false,
        }
    }

    #[test]
    fn two_parallel_full_time_tasks_overload_a_week() {
        let s = ProjectState::new(vec![row(1, "80", 5, 100), row(2, "90", 5, 50)], vec![]);
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
        let c = compile(&s, start, &presets::standard()).expect("compiles");
        let sch = run(&mut Scheduler::default(), &c).expect("schedules");
        let l = weekly(&s, &c, &sch, &[]);
        assert_eq!(l.len(), 1);
        let w = &l[0].weeks;
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].week, start);
        assert_eq!(w[0].capacity_minutes, 2400);
        assert_eq!(w[0].load_minutes, 3600);
        assert!(w[0].overloaded());
        assert_eq!(w[0].over_days, 5);
        assert_eq!(w[0].percent().round(), 150.0);
    }

    #[test]
    fn one_crowded_day_overloads_a_roomy_week() {
        let s = ProjectState::new(vec![row(1, "80", 1, 100), row(2, "90", 1, 100)], vec![]);
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
        let c = compile(&s, start, &presets::standard()).expect("compiles");
        let sch = run(&mut Scheduler::default(), &c).expect("schedules");
        let w = &weekly(&s, &c, &sch, &[])[0].weeks[0];
        assert_eq!(
            (w.load_minutes, w.capacity_minutes, w.over_days),
            (960, 2400, 1)
        );
        assert!(w.overloaded());
        // Half time each: a full day, not more.
        let s = ProjectState::new(vec![row(1, "80", 1, 50), row(2, "90", 1, 50)], vec![]);
        let c = compile(&s, start, &presets::standard()).expect("compiles");
        let sch = run(&mut Scheduler::default(), &c).expect("schedules");
        assert!(!weekly(&s, &c, &sch, &[])[0].weeks[0].overloaded());
    }

    /// Person 7 is off on Tuesday: their week has four days of capacity
    /// and their five-day task, run on their calendar, spills into the
    /// next Monday.
    #[test]
    fn a_person_on_their_own_calendar_has_their_own_capacity() {
        use crate::domain::project::compute::compile_with;
        use crate::domain::schedule::{CalendarException, DayHours};
        let standard = presets::standard();
        let own = PersonCalendar {
            user_id: 7,
            calendar: Calendar::new(
                "Own",
                standard.week.clone(),
                vec![CalendarException {
                    date: NaiveDate::from_ymd_opt(2026, 3, 3).expect("date"),
                    hours: DayHours::off(),
                    name: String::new(),
                }],
                480,
            )
            .expect("calendar"),
        };
        let s = ProjectState::new(vec![row(1, "80", 5, 100)], vec![]);
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
        let people = [own];
        let c = compile_with(&s, start, &standard, &people).expect("compiles");
        let sch = run(&mut Scheduler::default(), &c).expect("schedules");
        let l = weekly(&s, &c, &sch, &people);
        let w = &l[0].weeks;
        assert_eq!(w.len(), 2);
        assert_eq!((w[0].load_minutes, w[0].capacity_minutes), (1920, 1920));
        assert_eq!((w[1].load_minutes, w[1].capacity_minutes), (480, 2400));
        assert!(!w[0].overloaded());
    }
}
