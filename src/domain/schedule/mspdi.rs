//! Reading Microsoft Project XML (MSPDI): the project's calendars, tasks
//! with their outline, links, constraints and resource assignments, and
//! the dates Project computed and saved (kept, so an import can show
//! them and the conformance tests can compare with them).
//!
//! Parsed with quick-xml into a small element tree first: files are at
//! most a few megabytes, and a tree lets each part be read by name
//! rather than by a state machine.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use quick_xml::Reader;
use quick_xml::events::Event;

use super::calendar::{Calendar, CalendarException, DayHours};
use super::error::ScheduleError;
use super::model::{Constraint, ConstraintKind, Link, LinkKind, Plan, ResourceSpan, Task};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MspdiError {
    #[error("not readable as XML: {0}")]
    Xml(String),
    #[error("not a Microsoft Project XML file (no <Project> element)")]
    NotProject,
    #[error("{field}: {value:?} is not valid")]
    Invalid { field: &'static str, value: String },
    #[error("{0} is not supported")]
    Unsupported(String),
    #[error("calendar {0} is not defined")]
    UnknownCalendar(i64),
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
}

/// An element: its local name, its text, its children.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
}

impl Node {
    fn child(&self, name: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Node> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).map(|c| c.text.trim())
    }

    fn int(&self, name: &'static str) -> Result<Option<i64>, MspdiError> {
        self.text_of(name)
            .map(|v| {
                v.parse::<i64>().map_err(|_| MspdiError::Invalid {
                    field: name,
                    value: v.into(),
                })
            })
            .transpose()
    }

    fn float(&self, name: &'static str) -> Result<Option<f64>, MspdiError> {
        self.text_of(name)
            .map(|v| {
                v.parse::<f64>().map_err(|_| MspdiError::Invalid {
                    field: name,
                    value: v.into(),
                })
            })
            .transpose()
    }

    fn flag(&self, name: &'static str) -> Result<bool, MspdiError> {
        Ok(self.int(name)?.unwrap_or(0) != 0)
    }

    fn date(&self, name: &'static str) -> Result<Option<NaiveDateTime>, MspdiError> {
        self.text_of(name)
            .filter(|v| !v.is_empty())
            .map(|v| parse_date(name, v))
            .transpose()
    }

    fn duration(&self, name: &'static str) -> Result<Option<i64>, MspdiError> {
        self.text_of(name)
            .map(|v| parse_duration(name, v))
            .transpose()
    }
}

fn parse_tree(xml: &str) -> Result<Node, MspdiError> {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    let xml_err = |e: quick_xml::Error| MspdiError::Xml(e.to_string());
    loop {
        match reader.read_event().map_err(xml_err)? {
            Event::Start(e) => stack.push(Node {
                name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                ..Node::default()
            }),
            Event::Empty(e) => {
                let node = Node {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    ..Node::default()
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::End(_) => {
                let done = stack.pop().ok_or(MspdiError::NotProject)?;
                match stack.last_mut() {
                    Some(top) => top.children.push(done),
                    None => return Err(MspdiError::Xml("unbalanced elements".into())),
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| MspdiError::Xml(e.to_string()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| MspdiError::Xml(e.to_string()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(xml_err)? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| MspdiError::Xml(e.to_string()))?;
                        quick_xml::escape::unescape(&format!("&{name};"))
                            .map_err(|e| MspdiError::Xml(e.to_string()))?
                            .into_owned()
                    }
                };
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&resolved);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or(MspdiError::NotProject)?;
    root.children
        .drain(..)
        .find(|c| c.name == "Project")
        .ok_or(MspdiError::NotProject)
}

fn parse_date(field: &'static str, v: &str) -> Result<NaiveDateTime, MspdiError> {
    NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S").map_err(|_| MspdiError::Invalid {
        field,
        value: v.into(),
    })
}

/// `PT8H0M0S` (and the general `PnDTnHnMn.nS`) in whole minutes.
fn parse_duration(field: &'static str, v: &str) -> Result<i64, MspdiError> {
    let bad = || MspdiError::Invalid {
        field,
        value: v.into(),
    };
    let (negative, body) = match v.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, v),
    };
    let body = body.strip_prefix('P').ok_or_else(bad)?;
    let mut seconds = 0.0;
    let mut in_time = false;
    let mut number = String::new();
    for ch in body.chars() {
        match ch {
            'T' => in_time = true,
            '0'..='9' | '.' => number.push(ch),
            unit => {
                let n: f64 = number.parse().map_err(|_| bad())?;
                number.clear();
                seconds += n * match (in_time, unit) {
                    (false, 'D') => 86_400.0,
                    (true, 'H') => 3600.0,
                    (true, 'M') => 60.0,
                    (true, 'S') => 1.0,
                    _ => return Err(bad()),
                };
            }
        }
    }
    let minutes = (seconds / 60.0).round() as i64;
    Ok(if negative { -minutes } else { minutes })
}

fn parse_clock(field: &'static str, v: &str) -> Result<u16, MspdiError> {
    let bad = || MspdiError::Invalid {
        field,
        value: v.into(),
    };
    let mut parts = v.split(':');
    let h: u16 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    let m: u16 = parts.next().and_then(|p| p.parse().ok()).ok_or_else(bad)?;
    if h > 24 || m > 59 {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

/// A calendar as the file states it: weekdays it leaves out come from
/// its base calendar.
#[derive(Debug, Clone)]
pub struct FileCalendar {
    pub uid: i64,
    pub name: String,
    pub base: Option<i64>,
    /// Monday first; `None` = inherited.
    pub week: [Option<DayHours>; 7],
    pub exceptions: Vec<CalendarException>,
}

/// A link as saved: on the successor, naming the predecessor's UID.
#[derive(Debug, Clone, PartialEq)]
pub struct FileLink {
    pub predecessor_uid: i64,
    pub kind: LinkKind,
    pub lag_minutes: i64,
}

/// A task as saved, with the values Project computed.
#[derive(Debug, Clone, PartialEq)]
pub struct FileTask {
    pub uid: i64,
    pub name: String,
    pub outline_level: u32,
    pub outline_number: String,
    pub summary: bool,
    pub milestone: bool,
    pub duration_minutes: i64,
    pub work_minutes: i64,
    pub percent_complete: u8,
    pub constraint: Option<Constraint>,
    pub links: Vec<FileLink>,
    pub start: Option<NaiveDateTime>,
    pub finish: Option<NaiveDateTime>,
    pub early_start: Option<NaiveDateTime>,
    pub early_finish: Option<NaiveDateTime>,
    pub late_start: Option<NaiveDateTime>,
    pub late_finish: Option<NaiveDateTime>,
    /// Tenths of a minute, as saved.
    pub total_slack: Option<i64>,
    pub free_slack: Option<i64>,
    pub critical: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileAssignment {
    pub task_uid: i64,
    pub resource_uid: i64,
    pub units: f64,
    pub work_minutes: i64,
}

/// The parts of an MSPDI file that scheduling needs.
#[derive(Debug, Clone)]
pub struct Document {
    pub name: String,
    pub start: NaiveDateTime,
    pub minutes_per_day: u32,
    pub calendar_uid: i64,
    pub calendars: Vec<FileCalendar>,
    pub tasks: Vec<FileTask>,
    /// Resource UID → its calendar UID.
    pub resource_calendars: HashMap<i64, i64>,
    pub assignments: Vec<FileAssignment>,
}

fn link_kind(code: i64) -> Result<LinkKind, MspdiError> {
    Ok(match code {
        0 => LinkKind::FinishToFinish,
        1 => LinkKind::FinishToStart,
        2 => LinkKind::StartToFinish,
        3 => LinkKind::StartToStart,
        _ => {
            return Err(MspdiError::Invalid {
                field: "PredecessorLink/Type",
                value: code.to_string(),
            });
        }
    })
}

fn constraint_kind(code: i64) -> Result<Option<ConstraintKind>, MspdiError> {
    Ok(Some(match code {
        0 => return Ok(None),
        1 => return Err(MspdiError::Unsupported("\"as late as possible\"".into())),
        2 => ConstraintKind::MustStartOn,
        3 => ConstraintKind::MustFinishOn,
        4 => ConstraintKind::StartNoEarlierThan,
        5 => ConstraintKind::StartNoLaterThan,
        6 => ConstraintKind::FinishNoEarlierThan,
        7 => ConstraintKind::FinishNoLaterThan,
        _ => {
            return Err(MspdiError::Invalid {
                field: "ConstraintType",
                value: code.to_string(),
            });
        }
    }))
}

/// Lags are saved in tenths of a minute with a display format; working
/// formats (minutes, hours, days, weeks, months, also when "estimated")
/// are working time, which the engine takes. Elapsed and percentage lags
/// are refused rather than scheduled wrongly.
fn lag_minutes(tenths: i64, format: i64) -> Result<i64, MspdiError> {
    let format = if format >= 35 { format - 32 } else { format };
    match format {
        3 | 5 | 7 | 9 | 11 => Ok(tenths / 10),
        _ => Err(MspdiError::Unsupported(format!(
            "a lag in format {format} (elapsed or percentage)"
        ))),
    }
}

fn read_day(node: &Node) -> Result<DayHours, MspdiError> {
    if !node.flag("DayWorking")? {
        return Ok(DayHours::off());
    }
    let mut periods = Vec::new();
    if let Some(times) = node.child("WorkingTimes") {
        for t in times.all("WorkingTime") {
            let (Some(from), Some(to)) = (t.text_of("FromTime"), t.text_of("ToTime")) else {
                continue;
            };
            let from = parse_clock("FromTime", from)?;
            let mut to = parse_clock("ToTime", to)?;
            if to == 0 {
                to = 1440;
            }
            periods.push((from, to));
        }
    }
    Ok(DayHours::new(periods)?)
}

fn read_calendar(node: &Node) -> Result<FileCalendar, MspdiError> {
    let uid = node.int("UID")?.unwrap_or(0);
    let mut week: [Option<DayHours>; 7] = Default::default();
    let mut exceptions = Vec::new();
    let mut add_exception = |from: NaiveDateTime, to: NaiveDateTime, hours: DayHours| {
        let mut d = from.date();
        while d <= to.date() {
            exceptions.push(CalendarException {
                date: d,
                hours: hours.clone(),
                name: String::new(),
            });
            match d.succ_opt() {
                Some(next) => d = next,
                None => break,
            }
        }
    };
    if let Some(days) = node.child("WeekDays") {
        for day in days.all("WeekDay") {
            let kind = day.int("DayType")?.unwrap_or(-1);
            match kind {
                1..=7 => week[((kind + 5) % 7) as usize] = Some(read_day(day)?),
                0 => {
                    if let Some(p) = day.child("TimePeriod")
                        && let (Some(from), Some(to)) = (p.date("FromDate")?, p.date("ToDate")?)
                    {
                        add_exception(from, to, read_day(day)?);
                    }
                }
                _ => {
                    return Err(MspdiError::Invalid {
                        field: "DayType",
                        value: kind.to_string(),
                    });
                }
            }
        }
    }
    if let Some(list) = node.child("Exceptions") {
        for e in list.all("Exception") {
            if let Some(p) = e.child("TimePeriod")
                && let (Some(from), Some(to)) = (p.date("FromDate")?, p.date("ToDate")?)
            {
                add_exception(from, to, read_day(e)?);
            }
        }
    }
    Ok(FileCalendar {
        uid,
        name: node.text_of("Name").unwrap_or("").into(),
        base: node.int("BaseCalendarUID")?.filter(|&b| b >= 0),
        week,
        exceptions,
    })
}

fn read_task(node: &Node) -> Result<Option<FileTask>, MspdiError> {
    if node.flag("IsNull")? {
        return Ok(None);
    }
    let constraint = match constraint_kind(node.int("ConstraintType")?.unwrap_or(0))? {
        None => None,
        Some(kind) => Some(Constraint {
            kind,
            date: node.date("ConstraintDate")?.ok_or(MspdiError::Invalid {
                field: "ConstraintDate",
                value: String::new(),
            })?,
        }),
    };
    let mut links = Vec::new();
    for l in node.all("PredecessorLink") {
        if l.flag("CrossProject")? {
            return Err(MspdiError::Unsupported("a link to another project".into()));
        }
        links.push(FileLink {
            predecessor_uid: l.int("PredecessorUID")?.unwrap_or(-1),
            kind: link_kind(l.int("Type")?.unwrap_or(1))?,
            lag_minutes: lag_minutes(
                l.int("LinkLag")?.unwrap_or(0),
                l.int("LagFormat")?.unwrap_or(7),
            )?,
        });
    }
    Ok(Some(FileTask {
        uid: node.int("UID")?.unwrap_or(0),
        name: node.text_of("Name").unwrap_or("").into(),
        outline_level: node.int("OutlineLevel")?.unwrap_or(1).max(0) as u32,
        outline_number: node.text_of("OutlineNumber").unwrap_or("").into(),
        summary: node.flag("Summary")?,
        milestone: node.flag("Milestone")?,
        duration_minutes: node.duration("Duration")?.unwrap_or(0),
        work_minutes: node.duration("Work")?.unwrap_or(0),
        percent_complete: node.int("PercentComplete")?.unwrap_or(0).clamp(0, 100) as u8,
        constraint,
        links,
        start: node.date("Start")?,
        finish: node.date("Finish")?,
        early_start: node.date("EarlyStart")?,
        early_finish: node.date("EarlyFinish")?,
        late_start: node.date("LateStart")?,
        late_finish: node.date("LateFinish")?,
        total_slack: node.int("TotalSlack")?,
        free_slack: node.int("FreeSlack")?,
        critical: node.flag("Critical")?,
    }))
}

impl Document {
    pub fn parse(xml: &str) -> Result<Self, MspdiError> {
        let project = parse_tree(xml)?;
        let start = project.date("StartDate")?.ok_or(MspdiError::Invalid {
            field: "StartDate",
            value: String::new(),
        })?;
        let mut calendars = Vec::new();
        if let Some(list) = project.child("Calendars") {
            for c in list.all("Calendar") {
                calendars.push(read_calendar(c)?);
            }
        }
        let mut tasks = Vec::new();
        if let Some(list) = project.child("Tasks") {
            for t in list.all("Task") {
                if let Some(task) = read_task(t)? {
                    tasks.push(task);
                }
            }
        }
        let mut resource_calendars = HashMap::new();
        if let Some(list) = project.child("Resources") {
            for r in list.all("Resource") {
                if let (Some(uid), Some(cal)) = (r.int("UID")?, r.int("CalendarUID")?) {
                    resource_calendars.insert(uid, cal);
                }
            }
        }
        let mut assignments = Vec::new();
        if let Some(list) = project.child("Assignments") {
            for a in list.all("Assignment") {
                assignments.push(FileAssignment {
                    task_uid: a.int("TaskUID")?.unwrap_or(-1),
                    resource_uid: a.int("ResourceUID")?.unwrap_or(-1),
                    units: a.float("Units")?.unwrap_or(1.0),
                    work_minutes: a.duration("Work")?.unwrap_or(0),
                });
            }
        }
        Ok(Document {
            name: project.text_of("Name").unwrap_or("").into(),
            start,
            minutes_per_day: project.int("MinutesPerDay")?.unwrap_or(480).max(1) as u32,
            calendar_uid: project.int("CalendarUID")?.unwrap_or(1),
            calendars,
            tasks,
            resource_calendars,
            assignments,
        })
    }

    /// The calendar `uid` with inherited weekdays and exceptions resolved.
    pub fn calendar(&self, uid: i64) -> Result<Calendar, MspdiError> {
        let mut week: [Option<DayHours>; 7] = Default::default();
        let mut exceptions: Vec<CalendarException> = Vec::new();
        let mut name = None;
        let mut at = Some(uid);
        let mut depth = 0;
        while let Some(u) = at {
            let c = self
                .calendars
                .iter()
                .find(|c| c.uid == u)
                .ok_or(MspdiError::UnknownCalendar(u))?;
            name.get_or_insert_with(|| c.name.clone());
            for (slot, day) in week.iter_mut().zip(&c.week) {
                if slot.is_none() {
                    slot.clone_from(day);
                }
            }
            for e in &c.exceptions {
                if !exceptions.iter().any(|x| x.date == e.date) {
                    exceptions.push(e.clone());
                }
            }
            at = c.base;
            depth += 1;
            if depth > 16 {
                return Err(MspdiError::UnknownCalendar(uid));
            }
        }
        let week = week.map(|d| d.unwrap_or_default());
        Ok(Calendar::new(
            name.unwrap_or_default(),
            week,
            exceptions,
            self.minutes_per_day,
        )?)
    }

    /// The plan to schedule, with the tasks in file order (so index `i`
    /// of the plan is `self.tasks[i]`). The project summary task (outline
    /// level 0) becomes the root of the tree. A task whose resources work
    /// on calendars other than the project's gets one
    /// [`ResourceSpan`] per assignment: work ÷ units on that calendar.
    pub fn to_plan(&self) -> Result<Plan, MspdiError> {
        let calendar = self.calendar(self.calendar_uid)?;
        let mut plan = Plan::new(self.start, calendar);
        let mut index_of_uid = HashMap::new();
        let mut open: Vec<Option<u32>> = Vec::new();
        let mut calendar_index: HashMap<i64, u32> = HashMap::new();
        for (i, t) in self.tasks.iter().enumerate() {
            index_of_uid.insert(t.uid, i as u32);
            // `open[l]` is the last task seen at outline level `l`.
            let level = t.outline_level as usize;
            let parent = if level == 0 {
                None
            } else {
                open[..level.min(open.len())].iter().rev().find_map(|x| *x)
            };
            open.truncate(level);
            open.resize(level, None);
            open.push(Some(i as u32));
            let mut task = Task::new(t.name.clone(), t.duration_minutes);
            task.parent = parent;
            task.milestone = t.milestone;
            task.percent_complete = t.percent_complete;
            task.work_minutes = t.work_minutes;
            task.constraint = t.constraint;
            let on_other = self.assignments.iter().any(|a| {
                a.task_uid == t.uid
                    && a.work_minutes > 0
                    && self
                        .resource_calendars
                        .get(&a.resource_uid)
                        .is_some_and(|&c| {
                            self.calendar_of(c)
                                .is_some_and(|base| base != self.calendar_uid)
                        })
            });
            if on_other && !t.summary {
                for a in self
                    .assignments
                    .iter()
                    .filter(|a| a.task_uid == t.uid && a.work_minutes > 0 && a.units > 0.0)
                {
                    let Some(&cal) = self.resource_calendars.get(&a.resource_uid) else {
                        continue;
                    };
                    let next = calendar_index.len() as u32;
                    let ix = match calendar_index.get(&cal) {
                        Some(&ix) => ix,
                        None => {
                            plan.resource_calendars.push(self.calendar(cal)?);
                            calendar_index.insert(cal, next);
                            next
                        }
                    };
                    task.resource_spans.push(ResourceSpan {
                        calendar: ix,
                        minutes: (a.work_minutes as f64 / a.units).round() as i64,
                    });
                }
            }
            plan.tasks.push(task);
        }
        for (i, t) in self.tasks.iter().enumerate() {
            for l in &t.links {
                let predecessor =
                    *index_of_uid
                        .get(&l.predecessor_uid)
                        .ok_or(MspdiError::Invalid {
                            field: "PredecessorUID",
                            value: l.predecessor_uid.to_string(),
                        })?;
                plan.links.push(Link {
                    predecessor,
                    successor: i as u32,
                    kind: l.kind,
                    lag_minutes: l.lag_minutes,
                });
            }
        }
        Ok(plan)
    }

    /// The root calendar a resource calendar derives its week from, when
    /// it only inherits (a resource calendar with no days of its own
    /// works like its base).
    fn calendar_of(&self, uid: i64) -> Option<i64> {
        let c = self.calendars.iter().find(|c| c.uid == uid)?;
        if c.week.iter().all(Option::is_none) && c.exceptions.is_empty() {
            match c.base {
                Some(b) => self.calendar_of(b),
                None => Some(uid),
            }
        } else {
            Some(uid)
        }
    }
}

/// Project's tenths of a minute.
pub fn tenths(minutes: i64) -> i64 {
    minutes * 10
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    #[test]
    fn durations_in_iso_form() {
        assert_eq!(parse_duration("d", "PT8H0M0S"), Ok(480));
        assert_eq!(parse_duration("d", "PT800H30M0S"), Ok(48030));
        assert_eq!(parse_duration("d", "P1DT2H"), Ok(1560));
        assert_eq!(parse_duration("d", "-PT1H0M0S"), Ok(-60));
        assert!(parse_duration("d", "8h").is_err());
    }

    #[test]
    fn elapsed_lags_are_refused() {
        assert_eq!(lag_minutes(4800, 7), Ok(480));
        assert_eq!(lag_minutes(-4800, 39), Ok(-480));
        assert!(lag_minutes(4800, 8).is_err());
        assert!(lag_minutes(50, 19).is_err());
    }

    #[test]
    fn a_minimal_file() {
        let xml = r#"<?xml version="1.0"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <Name>A &amp; B</Name><StartDate>2026-01-05T08:00:00</StartDate><CalendarUID>1</CalendarUID>
  <Calendars><Calendar><UID>1</UID><Name>Std</Name><BaseCalendarUID>-1</BaseCalendarUID>
    <WeekDays><WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>
      <WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>
    </WorkingTimes></WeekDay></WeekDays></Calendar></Calendars>
  <Tasks>
    <Task><UID>1</UID><Name>One</Name><OutlineLevel>1</OutlineLevel><Duration>PT4H0M0S</Duration></Task>
    <Task><UID>2</UID><Name>Two</Name><OutlineLevel>1</OutlineLevel><Duration>PT4H0M0S</Duration>
      <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type><LinkLag>0</LinkLag><LagFormat>7</LagFormat></PredecessorLink></Task>
  </Tasks>
</Project>"#;
        let doc = Document::parse(xml).expect("parses");
        assert_eq!(doc.name, "A & B");
        let plan = doc.to_plan().expect("plan");
        assert_eq!(plan.tasks.len(), 2);
        assert_eq!(plan.links.len(), 1);
        let cal = &plan.calendar;
        assert_eq!(cal.week[0].minutes(), 240);
        assert!(!cal.week[1].is_working());
        let s = super::super::schedule(&plan).expect("schedules");
        // Monday's four hours, then the next Monday.
        assert_eq!(
            s.early_start(1),
            NaiveDate::from_ymd_opt(2026, 1, 12)
                .and_then(|d| d.and_hms_opt(8, 0, 0))
                .expect("date")
        );
    }
}
