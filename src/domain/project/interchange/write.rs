//! A stored plan → an MSPDI document (Microsoft Project 2010 and later
//! open it; elements in the schema's order, text escaped by quick-xml).
//!
//! Identifiers: a task's UID is its stored id (stable across exports, so
//! a file sent back and forth keeps naming the same tasks), its ID the
//! grid row; UID 0 is the project summary task. Resources are the people
//! assigned in the plan, UID = user id, each with a resource calendar:
//! their own in full where they have one here, else one deriving from the
//! project's (Project expects one). Baselines are
//! numbered by [`baseline_numbers`].

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::read::baseline_number;
use crate::domain::AppError;
use crate::domain::project::{Compiled, PersonCalendar, ProjectState, ProjectSummary};
use crate::domain::schedule::mspdi::{MAX_BASELINE, constraint_code, link_code};
use crate::domain::schedule::{Calendar, DayHours, Schedule, TaskIx, WorkTable};

/// Someone assigned in the plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportPerson {
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// A saved baseline: its name and each task's dates (by task id).
#[derive(Debug, Clone, PartialEq)]
pub struct ExportBaseline {
    pub name: String,
    pub bars: HashMap<i64, (NaiveDateTime, NaiveDateTime)>,
}

/// Everything an export reads.
pub struct ExportInput<'a> {
    pub project: &'a ProjectSummary,
    pub calendar: &'a Calendar,
    pub state: &'a ProjectState,
    pub compiled: &'a Compiled,
    pub schedule: &'a Schedule,
    pub people: &'a [ExportPerson],
    /// Resource calendars of people who have their own.
    pub person_calendars: &'a [PersonCalendar],
    /// In the order they were saved.
    pub baselines: &'a [ExportBaseline],
    pub now: NaiveDateTime,
}

/// The MSPDI number (0–10) of each baseline, `None` for those that do
/// not fit. A name Project itself uses ("Baseline", "Baseline 3") keeps
/// its number, so a file's baselines come back as they went; the others
/// take the lowest free numbers in the order they were saved.
pub fn baseline_numbers(names: &[&str]) -> Vec<Option<u8>> {
    let mut taken = [false; MAX_BASELINE as usize + 1];
    let mut out: Vec<Option<u8>> = names
        .iter()
        .map(|n| {
            let n = baseline_number(n)?;
            (!std::mem::replace(&mut taken[n as usize], true)).then_some(n)
        })
        .collect();
    for slot in out.iter_mut().filter(|s| s.is_none()) {
        if let Some(free) = taken.iter().position(|t| !t) {
            taken[free] = true;
            *slot = Some(free as u8);
        }
    }
    // A second "Baseline 3" got a free number above; names past eleven
    // baselines got none.
    out
}

fn date(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn clock(minute: u16) -> String {
    let m = minute % 1440;
    format!("{:02}:{:02}:00", m / 60, m % 60)
}

/// Working minutes as an XML duration, `PT40H0M0S`.
pub fn duration(minutes: i64) -> String {
    let sign = if minutes < 0 { "-" } else { "" };
    let m = minutes.unsigned_abs();
    format!("{sign}PT{}H{}M0S", m / 60, m % 60)
}

/// Text without the control characters XML 1.0 cannot carry (escaping
/// of `<`, `&`, quotes is quick-xml's).
fn clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

struct Xml {
    w: Writer<Vec<u8>>,
}

impl Xml {
    fn open(&mut self, name: &str) -> std::io::Result<()> {
        self.w.write_event(Event::Start(BytesStart::new(name)))
    }

    fn close(&mut self, name: &str) -> std::io::Result<()> {
        self.w.write_event(Event::End(BytesEnd::new(name)))
    }

    fn leaf(&mut self, name: &str, text: impl AsRef<str>) -> std::io::Result<()> {
        let text = clean(text.as_ref());
        self.open(name)?;
        self.w.write_event(Event::Text(BytesText::new(&text)))?;
        self.close(name)
    }

    fn flag(&mut self, name: &str, on: bool) -> std::io::Result<()> {
        self.leaf(name, if on { "1" } else { "0" })
    }
}

/// Consecutive exception dates with the same hours and name, as one
/// range.
fn exception_ranges(c: &Calendar) -> Vec<(NaiveDate, NaiveDate, &DayHours, &str)> {
    let mut out: Vec<(NaiveDate, NaiveDate, &DayHours, &str)> = Vec::new();
    for e in c.exceptions() {
        match out.last_mut() {
            Some((_, to, hours, name))
                if to.succ_opt() == Some(e.date) && **hours == e.hours && *name == e.name =>
            {
                *to = e.date;
            }
            _ => out.push((e.date, e.date, &e.hours, &e.name)),
        }
    }
    out
}

fn working_times(x: &mut Xml, hours: &DayHours) -> std::io::Result<()> {
    if !hours.is_working() {
        return Ok(());
    }
    x.open("WorkingTimes")?;
    for &(from, to) in hours.periods() {
        x.open("WorkingTime")?;
        x.leaf("FromTime", clock(from))?;
        x.leaf("ToTime", clock(to))?;
        x.close("WorkingTime")?;
    }
    x.close("WorkingTimes")
}

/// A calendar in full: the project's (UID 1, a base calendar) or a
/// person's own (a resource calendar of its own days, no base).
fn write_calendar(x: &mut Xml, c: &Calendar, uid: i64, fallback_name: &str) -> std::io::Result<()> {
    x.open("Calendar")?;
    x.leaf("UID", uid.to_string())?;
    x.leaf(
        "Name",
        if c.name.is_empty() {
            fallback_name
        } else {
            &c.name
        },
    )?;
    x.flag("IsBaseCalendar", uid == 1)?;
    x.leaf("BaseCalendarUID", "-1")?;
    x.open("WeekDays")?;
    // MSPDI's DayType: 1 = Sunday … 7 = Saturday; our week is Monday first.
    for day_type in 1..=7usize {
        let hours = &c.week[(day_type + 5) % 7];
        x.open("WeekDay")?;
        x.leaf("DayType", day_type.to_string())?;
        x.flag("DayWorking", hours.is_working())?;
        working_times(x, hours)?;
        x.close("WeekDay")?;
    }
    x.close("WeekDays")?;
    let ranges = exception_ranges(c);
    if !ranges.is_empty() {
        x.open("Exceptions")?;
        for (from, to, hours, name) in ranges {
            x.open("Exception")?;
            x.flag("EnteredByOccurrences", false)?;
            x.open("TimePeriod")?;
            x.leaf("FromDate", date(from.and_time(NaiveTime::MIN)))?;
            x.leaf(
                "ToDate",
                date(
                    to.and_hms_opt(23, 59, 0)
                        .unwrap_or(to.and_time(NaiveTime::MIN)),
                ),
            )?;
            x.close("TimePeriod")?;
            x.leaf("Occurrences", ((to - from).num_days() + 1).to_string())?;
            if !name.is_empty() {
                x.leaf("Name", name)?;
            }
            x.leaf("Type", "1")?;
            x.leaf("Period", "1")?;
            x.flag("DayWorking", hours.is_working())?;
            working_times(x, hours)?;
            x.close("Exception")?;
        }
        x.close("Exceptions")?;
    }
    x.close("Calendar")
}

/// The first working period of the calendar's first working weekday
/// (Project's default start and finish times).
fn default_day(c: &Calendar) -> (u16, u16) {
    c.week
        .iter()
        .find(|d| d.is_working())
        .and_then(|d| Some((d.periods().first()?.0, d.periods().last()?.1)))
        .unwrap_or((8 * 60, 17 * 60))
}

/// The document. `Err` only if writing to memory failed.
pub fn to_mspdi(input: &ExportInput) -> Result<String, AppError> {
    let mut x = Xml {
        w: Writer::new_with_indent(Vec::new(), b' ', 1),
    };
    write_document(&mut x, input).map_err(|e| AppError::Internal(e.to_string()))?;
    String::from_utf8(x.w.into_inner()).map_err(|e| AppError::Internal(e.to_string()))
}

fn write_document(x: &mut Xml, input: &ExportInput) -> std::io::Result<()> {
    let ExportInput {
        project,
        calendar,
        state,
        compiled: c,
        schedule: s,
        people,
        person_calendars,
        baselines,
        now,
    } = input;
    let n = c.len();
    let (day_from, day_to) = default_day(calendar);
    let start_day = project.start;
    let start = match calendar.hours_on(start_day).periods().first() {
        Some(&(from, _)) => {
            start_day.and_time(NaiveTime::MIN) + chrono::Duration::minutes(from.into())
        }
        None => start_day.and_time(NaiveTime::MIN),
    };
    let finish = if n == 0 { start } else { s.project_finish() };

    x.w.write_event(Event::Decl(BytesDecl::new(
        "1.0",
        Some("UTF-8"),
        Some("yes"),
    )))?;
    x.w.write_event(Event::Start(
        BytesStart::new("Project")
            .with_attributes([("xmlns", "http://schemas.microsoft.com/project")]),
    ))?;
    x.leaf("SaveVersion", "14")?;
    x.leaf("Name", format!("{}.xml", project.name))?;
    x.leaf("Title", &project.name)?;
    x.leaf("Manager", &project.manager_name)?;
    x.leaf("CreationDate", date(*now))?;
    x.leaf("LastSaved", date(*now))?;
    x.flag("ScheduleFromStart", true)?;
    x.leaf("StartDate", date(start))?;
    x.leaf("FinishDate", date(finish))?;
    x.leaf("CalendarUID", "1")?;
    x.leaf("DefaultStartTime", clock(day_from))?;
    x.leaf("DefaultFinishTime", clock(day_to))?;
    x.leaf("MinutesPerDay", calendar.minutes_per_day.to_string())?;
    x.leaf("MinutesPerWeek", (5 * calendar.minutes_per_day).to_string())?;
    x.leaf("DaysPerMonth", "20")?;
    x.leaf("DurationFormat", "7")?;
    x.flag("HonorConstraints", true)?;
    x.leaf("CurrentDate", date(*now))?;

    // People assigned anywhere, by name.
    let by_id: HashMap<i64, &ExportPerson> = people.iter().map(|p| (p.id, p)).collect();
    let mut assigned: Vec<&ExportPerson> = {
        let mut ids: Vec<i64> = state
            .live_tasks()
            .flat_map(|t| t.assignments.iter().map(|a| a.user_id))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids.iter().filter_map(|id| by_id.get(id).copied()).collect()
    };
    assigned.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));

    x.open("Calendars")?;
    write_calendar(x, calendar, 1, "Standard")?;
    for (k, p) in assigned.iter().enumerate() {
        if let Some(own) = person_calendars.iter().find(|c| c.user_id == p.id) {
            write_calendar(x, &own.calendar, k as i64 + 2, &p.name)?;
            continue;
        }
        x.open("Calendar")?;
        x.leaf("UID", (k + 2).to_string())?;
        x.leaf("Name", &p.name)?;
        x.flag("IsBaseCalendar", false)?;
        x.leaf("BaseCalendarUID", "1")?;
        x.close("Calendar")?;
    }
    x.close("Calendars")?;

    // Baseline numbers, and a table for their durations in working time.
    let names: Vec<&str> = baselines.iter().map(|b| b.name.as_str()).collect();
    let numbers = baseline_numbers(&names);
    let earliest = baselines
        .iter()
        .flat_map(|b| b.bars.values().map(|(s, _)| s.date()))
        .min()
        .map_or(start_day, |d| d.min(start_day));
    let mut table = WorkTable::new(calendar, earliest);
    let mut working = |from: NaiveDateTime, to: NaiveDateTime| -> i64 {
        match (table.position(from), table.position(to)) {
            (Ok(a), Ok(b)) => (b - a).max(0),
            _ => 0,
        }
    };

    // Links into each task, by task index.
    let mut into: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (k, l) in c.plan.links.iter().enumerate() {
        into[l.successor as usize].push(k as u32);
    }

    x.open("Tasks")?;
    // The project summary task.
    x.open("Task")?;
    x.leaf("UID", "0")?;
    x.leaf("ID", "0")?;
    x.leaf("Name", &project.name)?;
    x.leaf("Type", "1")?;
    x.flag("IsNull", false)?;
    x.leaf("WBS", "0")?;
    x.leaf("OutlineNumber", "0")?;
    x.leaf("OutlineLevel", "0")?;
    x.leaf("Start", date(start))?;
    x.leaf("Finish", date(finish))?;
    x.leaf("Duration", duration(working(start, finish)))?;
    x.leaf("DurationFormat", "7")?;
    x.flag("Milestone", false)?;
    x.flag("Summary", true)?;
    x.flag("Critical", false)?;
    x.leaf("PercentComplete", project.percent_complete.to_string())?;
    x.leaf("ConstraintType", "0")?;
    x.close("Task")?;
    for (i, links_in) in into.iter().enumerate() {
        let ix = i as TaskIx;
        let id = c.ids[i];
        let Some(row) = state.task(id) else {
            continue;
        };
        let summary = c.summary[i];
        let minutes = if summary {
            s.duration(ix)
        } else {
            row.duration_minutes
        };
        let percent = s
            .rollup(ix)
            .map_or(f64::from(row.percent_complete), |r| r.percent_complete);
        x.open("Task")?;
        x.leaf("UID", id.to_string())?;
        x.leaf("ID", (i + 1).to_string())?;
        x.leaf("Name", &row.name)?;
        x.leaf("Type", "0")?;
        x.flag("IsNull", false)?;
        x.leaf("WBS", &c.numbers[i])?;
        x.leaf("OutlineNumber", &c.numbers[i])?;
        x.leaf("OutlineLevel", (c.depth[i] + 1).to_string())?;
        x.leaf("Start", date(s.start(ix)))?;
        x.leaf("Finish", date(s.finish(ix)))?;
        x.leaf("Duration", duration(minutes))?;
        x.leaf("DurationFormat", "7")?;
        if !summary && !row.assignments.is_empty() {
            let work: i64 = row
                .assignments
                .iter()
                .map(|a| minutes * i64::from(a.units) / 100)
                .sum();
            x.leaf("Work", duration(work))?;
        }
        x.flag("Milestone", !summary && minutes == 0)?;
        x.flag("Summary", summary)?;
        x.flag("Critical", s.is_critical(ix))?;
        x.leaf(
            "PercentComplete",
            (percent.round().clamp(0.0, 100.0) as u8).to_string(),
        )?;
        x.leaf(
            "ConstraintType",
            constraint_code(row.constraint.map(|k| k.kind)).to_string(),
        )?;
        if let Some(k) = row.constraint {
            x.leaf("ConstraintDate", date(k.date))?;
        }
        for &k in links_in {
            let l = &c.plan.links[k as usize];
            x.open("PredecessorLink")?;
            x.leaf("PredecessorUID", c.ids[l.predecessor as usize].to_string())?;
            x.leaf("Type", link_code(l.kind).to_string())?;
            x.flag("CrossProject", false)?;
            x.leaf("LinkLag", (l.lag_minutes * 10).to_string())?;
            x.leaf("LagFormat", "7")?;
            x.close("PredecessorLink")?;
        }
        for (b, number) in baselines.iter().zip(&numbers) {
            let (Some(number), Some(&(from, to))) = (number, b.bars.get(&id)) else {
                continue;
            };
            x.open("Baseline")?;
            x.leaf("Number", number.to_string())?;
            x.leaf("Start", date(from))?;
            x.leaf("Finish", date(to))?;
            x.leaf("Duration", duration(working(from, to)))?;
            x.leaf("DurationFormat", "7")?;
            x.close("Baseline")?;
        }
        x.close("Task")?;
    }
    x.close("Tasks")?;

    x.open("Resources")?;
    for (k, p) in assigned.iter().enumerate() {
        x.open("Resource")?;
        x.leaf("UID", p.id.to_string())?;
        x.leaf("ID", (k + 1).to_string())?;
        x.leaf("Name", &p.name)?;
        x.leaf("Type", "1")?;
        x.flag("IsNull", false)?;
        x.leaf("Initials", initials(&p.name))?;
        if !p.email.is_empty() {
            x.leaf("EmailAddress", &p.email)?;
        }
        x.leaf("MaxUnits", "1.00")?;
        x.leaf("CalendarUID", (k + 2).to_string())?;
        x.close("Resource")?;
    }
    x.close("Resources")?;

    x.open("Assignments")?;
    let mut uid = 0;
    for i in 0..n {
        let ix = i as TaskIx;
        let Some(row) = state.task(c.ids[i]) else {
            continue;
        };
        if c.summary[i] {
            continue;
        }
        for a in &row.assignments {
            if !by_id.contains_key(&a.user_id) {
                continue;
            }
            uid += 1;
            x.open("Assignment")?;
            x.leaf("UID", uid.to_string())?;
            x.leaf("TaskUID", row.id.to_string())?;
            x.leaf("ResourceUID", a.user_id.to_string())?;
            x.leaf("Finish", date(s.finish(ix)))?;
            x.leaf("Start", date(s.start(ix)))?;
            x.leaf("Units", format!("{:.2}", f64::from(a.units) / 100.0))?;
            x.leaf(
                "Work",
                duration(row.duration_minutes * i64::from(a.units) / 100),
            )?;
            x.close("Assignment")?;
        }
    }
    x.close("Assignments")?;
    x.close("Project")
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .take(3)
        .collect::<String>()
        .to_uppercase()
}
