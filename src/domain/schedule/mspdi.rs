//! Reading Microsoft Project XML (MSPDI): the project's calendars, tasks
//! with their outline, links, constraints and resource assignments, and
//! the dates Project computed and saved (kept, so an import can show
//! them and the conformance tests can compare with them).
//!
//! Parsed with quick-xml into a small element tree first: files are at
//! most a few megabytes, and a tree lets each part be read by name
//! rather than by a state machine.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};
use quick_xml::Reader;
use quick_xml::events::Event;

use super::calendar::{Calendar, CalendarException, DayHours};
use super::error::ScheduleError;
use super::model::{Constraint, ConstraintKind, Link, LinkKind, Plan, ResourceSpan, Task};

/// Why a file cannot be read. `line` is the line of the element at
/// fault (1-based; 0 when it is not known), so a person can find it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MspdiError {
    #[error("line {line}: not readable as XML: {reason}")]
    Xml { line: u32, reason: String },
    #[error("not a Microsoft Project XML file (no <Project> element)")]
    NotProject,
    #[error("line {line}: {field} {value:?} is not valid")]
    Invalid {
        field: &'static str,
        value: String,
        line: u32,
    },
    #[error("line {line}: {what} is not supported")]
    Unsupported { what: String, line: u32 },
    #[error("calendar {0} is not defined")]
    UnknownCalendar(i64),
    /// An error inside one task, naming it (Project saves a whole file on
    /// one line, so the line alone rarely finds it).
    #[error("task UID {uid} \u{201c}{name}\u{201d}: {error}")]
    InTask {
        uid: i64,
        name: String,
        error: Box<MspdiError>,
    },
    #[error(transparent)]
    Schedule(#[from] ScheduleError),
}

impl MspdiError {
    /// The element the error is about, for a form to point at.
    pub fn field(&self) -> &'static str {
        match self {
            MspdiError::Invalid { field, .. } => field,
            MspdiError::UnknownCalendar(_) => "CalendarUID",
            MspdiError::Schedule(_) => "Calendar",
            MspdiError::InTask { error, .. } => error.field(),
            MspdiError::Xml { .. } | MspdiError::NotProject | MspdiError::Unsupported { .. } => {
                "file"
            }
        }
    }
}

/// Elements nested deeper than this are refused: MSPDI needs six
/// levels, and a deeper tree would only cost stack when dropped.
const MAX_DEPTH: usize = 32;
/// Deepest outline level read (Project allows far fewer).
pub const MAX_OUTLINE_LEVEL: i64 = 100;
/// Calendar exception days one file may name (a century of holidays);
/// a longer range is refused rather than expanded.
pub const MAX_EXCEPTION_DAYS: usize = 40_000;

/// An element: its local name, its text, its children, and the line it
/// starts on.
#[derive(Debug, Default)]
struct Node {
    name: String,
    text: String,
    children: Vec<Node>,
    line: u32,
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

    /// The text of child `name` with the line it is on.
    fn value(&self, name: &str) -> Option<(&str, u32)> {
        self.child(name).map(|c| (c.text.trim(), c.line))
    }

    fn int(&self, name: &'static str) -> Result<Option<i64>, MspdiError> {
        self.value(name)
            .map(|(v, line)| {
                v.parse::<i64>().map_err(|_| MspdiError::Invalid {
                    field: name,
                    value: v.into(),
                    line,
                })
            })
            .transpose()
    }

    fn float(&self, name: &'static str) -> Result<Option<f64>, MspdiError> {
        self.value(name)
            .map(|(v, line)| match v.parse::<f64>() {
                Ok(f) if f.is_finite() => Ok(f),
                _ => Err(MspdiError::Invalid {
                    field: name,
                    value: v.into(),
                    line,
                }),
            })
            .transpose()
    }

    fn flag(&self, name: &'static str) -> Result<bool, MspdiError> {
        Ok(self.int(name)?.unwrap_or(0) != 0)
    }

    fn date(&self, name: &'static str) -> Result<Option<NaiveDateTime>, MspdiError> {
        self.value(name)
            .filter(|(v, _)| !v.is_empty())
            .map(|(v, line)| parse_date(name, v).map_err(|e| e.at(line)))
            .transpose()
    }

    fn duration(&self, name: &'static str) -> Result<Option<i64>, MspdiError> {
        self.value(name)
            .map(|(v, line)| parse_duration(name, v).map_err(|e| e.at(line)))
            .transpose()
    }

    fn unsupported(&self, what: impl Into<String>) -> MspdiError {
        MspdiError::Unsupported {
            what: what.into(),
            line: self.line,
        }
    }
}

impl MspdiError {
    /// The same error, placed on `line` if it had no line yet.
    fn at(self, at: u32) -> Self {
        match self {
            MspdiError::Invalid {
                field,
                value,
                line: 0,
            } => MspdiError::Invalid {
                field,
                value,
                line: at,
            },
            MspdiError::Unsupported { what, line: 0 } => MspdiError::Unsupported { what, line: at },
            other => other,
        }
    }
}

/// Counts lines up to a byte offset, moving forward only (each byte of
/// the file is looked at once).
struct Lines<'a> {
    bytes: &'a [u8],
    upto: usize,
    line: u32,
}

impl Lines<'_> {
    fn at(&mut self, offset: u64) -> u32 {
        let to = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        if to > self.upto {
            let newlines = self.bytes[self.upto..to]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line = self
                .line
                .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            self.upto = to;
        }
        self.line
    }
}

fn parse_tree(xml: &str) -> Result<Node, MspdiError> {
    let xml = xml.strip_prefix('\u{feff}').unwrap_or(xml);
    let mut reader = Reader::from_str(xml);
    let mut lines = Lines {
        bytes: xml.as_bytes(),
        upto: 0,
        line: 1,
    };
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        let before = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                return Err(MspdiError::Xml {
                    line: lines.at(reader.error_position()),
                    reason: e.to_string(),
                });
            }
        };
        let line = lines.at(before);
        let bad = |reason: String| MspdiError::Xml { line, reason };
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(bad(format!("elements nested deeper than {MAX_DEPTH}")));
                }
                stack.push(Node {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    line,
                    ..Node::default()
                })
            }
            Event::Empty(e) => {
                let node = Node {
                    name: String::from_utf8_lossy(e.local_name().as_ref()).into_owned(),
                    line,
                    ..Node::default()
                };
                if let Some(top) = stack.last_mut() {
                    top.children.push(node);
                }
            }
            Event::End(_) => {
                if stack.len() < 2 {
                    return Err(bad("an element is closed that was never opened".into()));
                }
                let done = stack.pop().ok_or(MspdiError::NotProject)?;
                match stack.last_mut() {
                    Some(top) => top.children.push(done),
                    None => return Err(bad("unbalanced elements".into())),
                }
            }
            Event::Text(t) => {
                let s = t.decode().map_err(|e| bad(e.to_string()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::CData(t) => {
                let s = t.decode().map_err(|e| bad(e.to_string()))?;
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().map_err(|e| bad(e.to_string()))? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = r.decode().map_err(|e| bad(e.to_string()))?;
                        quick_xml::escape::unescape(&format!("&{name};"))
                            .map_err(|e| bad(e.to_string()))?
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
    if stack.len() > 1 {
        let open = stack
            .last()
            .map(|n| (n.name.clone(), n.line))
            .unwrap_or_default();
        return Err(MspdiError::Xml {
            line: lines.at(u64::MAX),
            reason: format!(
                "the file ends inside <{}> (opened on line {}): it is cut short",
                open.0, open.1
            ),
        });
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
        line: 0,
    })
}

/// `PT8H0M0S` (and the general `PnDTnHnMn.nS`) in whole minutes.
fn parse_duration(field: &'static str, v: &str) -> Result<i64, MspdiError> {
    let bad = || MspdiError::Invalid {
        field,
        value: v.into(),
        line: 0,
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
    if !number.is_empty() || !seconds.is_finite() {
        return Err(bad());
    }
    let minutes = (seconds / 60.0).round() as i64;
    Ok(if negative { -minutes } else { minutes })
}

fn parse_clock(field: &'static str, v: &str) -> Result<u16, MspdiError> {
    let bad = || MspdiError::Invalid {
        field,
        value: v.into(),
        line: 0,
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
    /// One per date (the first the file gives), with its name.
    pub exceptions: Vec<CalendarException>,
    /// Whether it has "work weeks" (other working weeks for a period),
    /// which are not read: the default week applies throughout.
    pub work_weeks: bool,
    pub line: u32,
}

/// A link as saved: on the successor, naming the predecessor's UID.
#[derive(Debug, Clone, PartialEq)]
pub struct FileLink {
    pub predecessor_uid: i64,
    pub kind: LinkKind,
    pub lag_minutes: i64,
    pub line: u32,
}

/// One saved baseline of a task (Project keeps "Baseline" = 0 and
/// "Baseline 1" … "Baseline 10").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileBaseline {
    pub number: u8,
    pub start: NaiveDateTime,
    pub finish: NaiveDateTime,
}

/// Highest baseline number Project has.
pub const MAX_BASELINE: i64 = 10;

/// A task as saved, with the values Project computed.
#[derive(Debug, Clone, PartialEq)]
pub struct FileTask {
    pub uid: i64,
    /// The row number Project shows.
    pub id: i64,
    pub name: String,
    pub outline_level: u32,
    pub outline_number: String,
    pub summary: bool,
    pub milestone: bool,
    /// Manually scheduled (Project 2010 and later): its dates were typed,
    /// not computed.
    pub manual: bool,
    pub duration_minutes: i64,
    pub work_minutes: i64,
    pub percent_complete: u8,
    pub constraint: Option<Constraint>,
    /// "As late as possible", which the engine does not schedule
    /// ([`Document::to_plan`] refuses it; an import may take it as "as
    /// soon as possible" and say so).
    pub as_late_as_possible: bool,
    pub links: Vec<FileLink>,
    pub start: Option<NaiveDateTime>,
    pub finish: Option<NaiveDateTime>,
    pub early_start: Option<NaiveDateTime>,
    pub early_finish: Option<NaiveDateTime>,
    pub late_start: Option<NaiveDateTime>,
    pub late_finish: Option<NaiveDateTime>,
    pub actual_start: Option<NaiveDateTime>,
    pub actual_finish: Option<NaiveDateTime>,
    /// Tenths of a minute, as saved.
    pub total_slack: Option<i64>,
    pub free_slack: Option<i64>,
    pub critical: bool,
    pub baselines: Vec<FileBaseline>,
    pub line: u32,
}

/// What kind of resource: people (and machines) work; materials and
/// costs do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    Material,
    Work,
    Cost,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileResource {
    pub uid: i64,
    pub name: String,
    pub email: String,
    pub kind: ResourceKind,
    pub calendar_uid: Option<i64>,
    pub line: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FileAssignment {
    pub task_uid: i64,
    pub resource_uid: i64,
    /// 1.0 = full time.
    pub units: f64,
    pub work_minutes: i64,
    pub line: u32,
}

/// The parts of an MSPDI file that scheduling and an import need.
#[derive(Debug, Clone)]
pub struct Document {
    /// Usually the file's name.
    pub name: String,
    /// The project's title (File › Properties), often empty.
    pub title: String,
    pub start: NaiveDateTime,
    pub minutes_per_day: u32,
    pub calendar_uid: i64,
    pub calendars: Vec<FileCalendar>,
    pub tasks: Vec<FileTask>,
    pub resources: Vec<FileResource>,
    /// Resource UID → its calendar UID.
    pub resource_calendars: HashMap<i64, i64>,
    pub assignments: Vec<FileAssignment>,
}

fn link_kind(code: i64, line: u32) -> Result<LinkKind, MspdiError> {
    Ok(match code {
        0 => LinkKind::FinishToFinish,
        1 => LinkKind::FinishToStart,
        2 => LinkKind::StartToFinish,
        3 => LinkKind::StartToStart,
        _ => {
            return Err(MspdiError::Invalid {
                field: "PredecessorLink/Type",
                value: code.to_string(),
                line,
            });
        }
    })
}

/// MSPDI's link type code of a kind (the inverse of reading it).
pub fn link_code(kind: LinkKind) -> i64 {
    match kind {
        LinkKind::FinishToFinish => 0,
        LinkKind::FinishToStart => 1,
        LinkKind::StartToFinish => 2,
        LinkKind::StartToStart => 3,
    }
}

/// A constraint type code as read.
enum ConstraintCode {
    AsSoonAsPossible,
    AsLateAsPossible,
    Dated(ConstraintKind),
}

fn constraint_kind(code: i64, line: u32) -> Result<ConstraintCode, MspdiError> {
    Ok(ConstraintCode::Dated(match code {
        0 => return Ok(ConstraintCode::AsSoonAsPossible),
        1 => return Ok(ConstraintCode::AsLateAsPossible),
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
                line,
            });
        }
    }))
}

/// MSPDI's constraint type code of a constraint (0: as soon as possible).
pub fn constraint_code(kind: Option<ConstraintKind>) -> i64 {
    match kind {
        None => 0,
        Some(ConstraintKind::MustStartOn) => 2,
        Some(ConstraintKind::MustFinishOn) => 3,
        Some(ConstraintKind::StartNoEarlierThan) => 4,
        Some(ConstraintKind::StartNoLaterThan) => 5,
        Some(ConstraintKind::FinishNoEarlierThan) => 6,
        Some(ConstraintKind::FinishNoLaterThan) => 7,
    }
}

/// Duration and lag formats that count elapsed time (24 hours a day,
/// every day) or a percentage, which the engine does not schedule:
/// minutes 4, hours 6, days 8, weeks 10, months 12, percent 19/20, also
/// when "estimated" (+32).
fn elapsed_format(format: i64) -> bool {
    let format = if format >= 35 { format - 32 } else { format };
    matches!(format, 4 | 6 | 8 | 10 | 12 | 19 | 20)
}

/// Lags are saved in tenths of a minute with a display format; working
/// formats (minutes, hours, days, weeks, months, also when "estimated")
/// are working time, which the engine takes. Elapsed and percentage lags
/// are refused rather than scheduled wrongly.
fn lag_minutes(tenths: i64, format: i64) -> Result<i64, MspdiError> {
    let format = if format >= 35 { format - 32 } else { format };
    match format {
        3 | 5 | 7 | 9 | 11 => Ok(tenths / 10),
        _ => Err(MspdiError::Unsupported {
            what: format!("a lag in format {format} (elapsed or percentage)"),
            line: 0,
        }),
    }
}

fn read_day(node: &Node) -> Result<DayHours, MspdiError> {
    if !node.flag("DayWorking")? {
        return Ok(DayHours::off());
    }
    let mut periods = Vec::new();
    if let Some(times) = node.child("WorkingTimes") {
        for t in times.all("WorkingTime") {
            let (Some((from, fl)), Some((to, tl))) = (t.value("FromTime"), t.value("ToTime"))
            else {
                continue;
            };
            let from = parse_clock("FromTime", from).map_err(|e| e.at(fl))?;
            let mut to = parse_clock("ToTime", to).map_err(|e| e.at(tl))?;
            if to == 0 {
                to = 1440;
            }
            periods.push((from, to));
        }
    }
    DayHours::new(periods).map_err(|e| MspdiError::Invalid {
        field: "WorkingTimes",
        value: e.to_string(),
        line: node.line,
    })
}

/// The dates an exception covers between `from` and `to`: every
/// `Period` days (type 1, and the older `WeekDay` form), every year on
/// `Month`/`MonthDay` (type 2), or on `DaysOfWeek` every `Period` weeks
/// (type 6). Other recurrences are refused rather than misread.
fn exception_dates(
    node: &Node,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<NaiveDate>, MspdiError> {
    let span = (to - from).num_days();
    if span < 0 {
        return Ok(Vec::new());
    }
    if span > 400 * 366 {
        return Err(node.unsupported("a calendar exception spanning more than 400 years"));
    }
    let kind = node.int("Type")?.unwrap_or(1);
    let period = node.int("Period")?.unwrap_or(1).clamp(1, 10_000);
    let mut out = Vec::new();
    let mut push = |d: NaiveDate| -> Result<(), MspdiError> {
        if out.len() >= MAX_EXCEPTION_DAYS {
            return Err(node.unsupported(format!(
                "more than {MAX_EXCEPTION_DAYS} calendar exception days"
            )));
        }
        out.push(d);
        Ok(())
    };
    match kind {
        1 | 9 => {
            let mut k = 0;
            while k <= span {
                push(from + chrono::Duration::days(k))?;
                k += period;
            }
        }
        2 => {
            let month = node.int("Month")?.unwrap_or(-1);
            let day = node.int("MonthDay")?.unwrap_or(-1);
            if !(0..12).contains(&month) || !(1..=31).contains(&day) {
                return Err(MspdiError::Invalid {
                    field: "Exception/MonthDay",
                    value: format!("{}/{day}", month + 1),
                    line: node.line,
                });
            }
            for year in from.year()..=to.year() {
                if let Some(d) = NaiveDate::from_ymd_opt(year, month as u32 + 1, day as u32)
                    && d >= from
                    && d <= to
                {
                    push(d)?;
                }
            }
        }
        6 => {
            let days = node.int("DaysOfWeek")?.unwrap_or(0);
            let first_week = from.week(Weekday::Mon).first_day();
            for k in 0..=span {
                let d = from + chrono::Duration::days(k);
                let week = (d - first_week).num_days() / 7;
                let bit = 1 << d.weekday().num_days_from_sunday();
                if days & bit != 0 && week % period == 0 {
                    push(d)?;
                }
            }
        }
        other => {
            return Err(node.unsupported(format!(
                "a calendar exception recurring by type {other} (only daily, yearly on a date and weekly are read)"
            )));
        }
    }
    Ok(out)
}

fn read_calendar(node: &Node) -> Result<FileCalendar, MspdiError> {
    let uid = node.int("UID")?.unwrap_or(0);
    let mut week: [Option<DayHours>; 7] = Default::default();
    let mut exceptions = Vec::new();
    let mut add_exception = |e: &Node, from: NaiveDateTime, to: NaiveDateTime, name: &str| {
        let hours = read_day(e)?;
        for date in exception_dates(e, from.date(), to.date())? {
            if exceptions.len() >= MAX_EXCEPTION_DAYS {
                return Err(e.unsupported(format!(
                    "more than {MAX_EXCEPTION_DAYS} calendar exception days"
                )));
            }
            exceptions.push(CalendarException {
                date,
                hours: hours.clone(),
                name: name.to_owned(),
            });
        }
        Ok(())
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
                        add_exception(day, from, to, "")?;
                    }
                }
                _ => {
                    return Err(MspdiError::Invalid {
                        field: "DayType",
                        value: kind.to_string(),
                        line: day.line,
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
                add_exception(e, from, to, e.text_of("Name").unwrap_or(""))?;
            }
        }
    }
    // Files written for several versions of Project repeat an exception
    // in both lists: the first one given for a date stands.
    exceptions.sort_by_key(|e| e.date);
    exceptions.dedup_by_key(|e| e.date);
    Ok(FileCalendar {
        uid,
        name: node.text_of("Name").unwrap_or("").into(),
        base: node.int("BaseCalendarUID")?.filter(|&b| b >= 0),
        week,
        exceptions,
        work_weeks: node
            .child("WorkWeeks")
            .is_some_and(|w| w.all("WorkWeek").next().is_some()),
        line: node.line,
    })
}

fn read_baseline(node: &Node) -> Result<Option<FileBaseline>, MspdiError> {
    let number = node.int("Number")?.unwrap_or(0);
    if !(0..=MAX_BASELINE).contains(&number) {
        return Err(MspdiError::Invalid {
            field: "Baseline/Number",
            value: number.to_string(),
            line: node.line,
        });
    }
    Ok(match (node.date("Start")?, node.date("Finish")?) {
        (Some(start), Some(finish)) => Some(FileBaseline {
            number: number as u8,
            start,
            finish: finish.max(start),
        }),
        _ => None,
    })
}

fn read_task(node: &Node) -> Result<Option<FileTask>, MspdiError> {
    if node.flag("IsNull")? {
        return Ok(None);
    }
    if node.flag("ExternalTask")? || node.flag("IsSubproject")? {
        return Err(node.unsupported("a task of another project (inserted project)"));
    }
    let constraint_line = node.value("ConstraintType").map_or(node.line, |v| v.1);
    let (constraint, as_late_as_possible) =
        match constraint_kind(node.int("ConstraintType")?.unwrap_or(0), constraint_line)? {
            ConstraintCode::AsSoonAsPossible => (None, false),
            ConstraintCode::AsLateAsPossible => (None, true),
            ConstraintCode::Dated(kind) => (
                Some(Constraint {
                    kind,
                    date: node.date("ConstraintDate")?.ok_or(MspdiError::Invalid {
                        field: "ConstraintDate",
                        value: String::new(),
                        line: node.line,
                    })?,
                }),
                false,
            ),
        };
    let mut links = Vec::new();
    for l in node.all("PredecessorLink") {
        if l.flag("CrossProject")? {
            return Err(l.unsupported("a link to another project"));
        }
        links.push(FileLink {
            predecessor_uid: l.int("PredecessorUID")?.unwrap_or(-1),
            kind: link_kind(l.int("Type")?.unwrap_or(1), l.line)?,
            lag_minutes: lag_minutes(
                l.int("LinkLag")?.unwrap_or(0),
                l.int("LagFormat")?.unwrap_or(7),
            )
            .map_err(|e| e.at(l.line))?,
            line: l.line,
        });
    }
    if let Some(format) = node.int("DurationFormat")?
        && elapsed_format(format)
    {
        return Err(node.unsupported(format!(
            "an elapsed or percentage duration (format {format})"
        )));
    }
    let level = node.int("OutlineLevel")?.unwrap_or(1);
    if !(0..=MAX_OUTLINE_LEVEL).contains(&level) {
        return Err(MspdiError::Invalid {
            field: "OutlineLevel",
            value: level.to_string(),
            line: node.value("OutlineLevel").map_or(node.line, |v| v.1),
        });
    }
    let mut baselines = Vec::new();
    for b in node.all("Baseline") {
        if let Some(b) = read_baseline(b)? {
            baselines.push(b);
        }
    }
    Ok(Some(FileTask {
        uid: node.int("UID")?.unwrap_or(0),
        id: node.int("ID")?.unwrap_or(0),
        name: node.text_of("Name").unwrap_or("").into(),
        outline_level: level as u32,
        outline_number: node.text_of("OutlineNumber").unwrap_or("").into(),
        summary: node.flag("Summary")?,
        milestone: node.flag("Milestone")?,
        manual: node.flag("Manual")?,
        duration_minutes: node.duration("Duration")?.unwrap_or(0),
        work_minutes: node.duration("Work")?.unwrap_or(0),
        percent_complete: node.int("PercentComplete")?.unwrap_or(0).clamp(0, 100) as u8,
        constraint,
        as_late_as_possible,
        links,
        start: node.date("Start")?,
        finish: node.date("Finish")?,
        early_start: node.date("EarlyStart")?,
        early_finish: node.date("EarlyFinish")?,
        late_start: node.date("LateStart")?,
        late_finish: node.date("LateFinish")?,
        actual_start: node.date("ActualStart")?,
        actual_finish: node.date("ActualFinish")?,
        total_slack: node.int("TotalSlack")?,
        free_slack: node.int("FreeSlack")?,
        critical: node.flag("Critical")?,
        baselines,
        line: node.line,
    }))
}

fn read_resource(node: &Node) -> Result<Option<FileResource>, MspdiError> {
    if node.flag("IsNull")? {
        return Ok(None);
    }
    let kind = if node.flag("IsCostResource")? {
        ResourceKind::Cost
    } else {
        match node.int("Type")?.unwrap_or(1) {
            0 => ResourceKind::Material,
            2 => ResourceKind::Cost,
            _ => ResourceKind::Work,
        }
    };
    Ok(Some(FileResource {
        uid: node.int("UID")?.unwrap_or(0),
        name: node.text_of("Name").unwrap_or("").into(),
        email: node.text_of("EmailAddress").unwrap_or("").into(),
        kind,
        calendar_uid: node.int("CalendarUID")?,
        line: node.line,
    }))
}

impl Document {
    pub fn parse(xml: &str) -> Result<Self, MspdiError> {
        let project = parse_tree(xml)?;
        let start = project.date("StartDate")?.ok_or(MspdiError::Invalid {
            field: "StartDate",
            value: String::new(),
            line: project.line,
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
                let named = |error: MspdiError| MspdiError::InTask {
                    uid: t.int("UID").ok().flatten().unwrap_or(-1),
                    name: t.text_of("Name").unwrap_or("").chars().take(100).collect(),
                    error: Box::new(error),
                };
                if let Some(task) = read_task(t).map_err(named)? {
                    tasks.push(task);
                }
            }
        }
        let mut resources = Vec::new();
        let mut resource_calendars = HashMap::new();
        if let Some(list) = project.child("Resources") {
            for r in list.all("Resource") {
                if let Some(res) = read_resource(r)? {
                    if let Some(cal) = res.calendar_uid {
                        resource_calendars.insert(res.uid, cal);
                    }
                    resources.push(res);
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
                    line: a.line,
                });
            }
        }
        let minutes_per_day = project.int("MinutesPerDay")?.unwrap_or(480);
        if !(1..=1440).contains(&minutes_per_day) {
            return Err(MspdiError::Invalid {
                field: "MinutesPerDay",
                value: minutes_per_day.to_string(),
                line: project.value("MinutesPerDay").map_or(0, |v| v.1),
            });
        }
        Ok(Document {
            name: project.text_of("Name").unwrap_or("").into(),
            title: project.text_of("Title").unwrap_or("").into(),
            start,
            minutes_per_day: minutes_per_day as u32,
            calendar_uid: project.int("CalendarUID")?.unwrap_or(1),
            calendars,
            tasks,
            resources,
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
        if let Some(t) = self.tasks.iter().find(|t| t.as_late_as_possible) {
            return Err(MspdiError::Unsupported {
                what: format!("\"as late as possible\" (task {:?})", t.name),
                line: t.line,
            });
        }
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
                a.task_uid == t.uid && a.work_minutes > 0 && self.on_other_calendar(a.resource_uid)
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
                            line: l.line,
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

    /// Whether a resource works on a calendar whose days differ from the
    /// project's: then its assignments, not the task's duration, decide
    /// when the task finishes (as [`Document::to_plan`] schedules it).
    pub fn on_other_calendar(&self, resource_uid: i64) -> bool {
        self.resource_calendars
            .get(&resource_uid)
            .is_some_and(|&c| {
                self.calendar_of(c)
                    .is_some_and(|base| base != self.calendar_uid)
            })
    }

    /// The root calendar a resource calendar derives its week from, when
    /// it only inherits (a resource calendar with no days of its own
    /// works like its base).
    fn calendar_of(&self, uid: i64) -> Option<i64> {
        let mut at = uid;
        for _ in 0..=16 {
            let c = self.calendars.iter().find(|c| c.uid == at)?;
            if c.week.iter().all(Option::is_none) && c.exceptions.is_empty() {
                match c.base {
                    Some(b) => at = b,
                    None => return Some(at),
                }
            } else {
                return Some(at);
            }
        }
        None
    }
}

/// Project's tenths of a minute.
pub fn tenths(minutes: i64) -> i64 {
    minutes * 10
}

#[cfg(test)]
mod tests {
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

    fn with_calendar(exceptions: &str) -> String {
        format!(
            r#"<Project><StartDate>2026-01-05T08:00:00</StartDate><CalendarUID>1</CalendarUID>
<Calendars><Calendar><UID>1</UID><Name>C</Name>
<WeekDays><WeekDay><DayType>2</DayType><DayWorking>1</DayWorking><WorkingTimes>
<WorkingTime><FromTime>08:00:00</FromTime><ToTime>16:00:00</ToTime></WorkingTime>
</WorkingTimes></WeekDay></WeekDays>
<Exceptions>{exceptions}</Exceptions></Calendar></Calendars></Project>"#
        )
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn exceptions_daily_yearly_and_weekly_with_names() {
        let xml = with_calendar(
            "<Exception><TimePeriod><FromDate>2026-10-01T00:00:00</FromDate><ToDate>2026-10-03T23:59:00</ToDate></TimePeriod>\
             <Name>National Day</Name><Type>1</Type><DayWorking>0</DayWorking></Exception>\
             <Exception><TimePeriod><FromDate>2026-01-01T00:00:00</FromDate><ToDate>2028-12-31T23:59:00</ToDate></TimePeriod>\
             <Name>New Year</Name><Type>2</Type><Month>0</Month><MonthDay>1</MonthDay><DayWorking>0</DayWorking></Exception>\
             <Exception><TimePeriod><FromDate>2026-03-02T00:00:00</FromDate><ToDate>2026-03-31T23:59:00</ToDate></TimePeriod>\
             <Type>6</Type><Period>2</Period><DaysOfWeek>2</DaysOfWeek><DayWorking>0</DayWorking></Exception>\
             <Exception><TimePeriod><FromDate>2026-10-01T00:00:00</FromDate><ToDate>2026-10-01T23:59:00</ToDate></TimePeriod>\
             <Name>Repeated</Name><DayWorking>1</DayWorking></Exception>",
        );
        let doc = Document::parse(&xml).expect("parses");
        let cal = doc.calendar(1).expect("calendar");
        let dates: Vec<NaiveDate> = cal.exceptions().iter().map(|e| e.date).collect();
        assert_eq!(
            dates,
            [
                day(2026, 1, 1),
                day(2026, 3, 2),
                day(2026, 3, 16),
                day(2026, 3, 30),
                day(2026, 10, 1),
                day(2026, 10, 2),
                day(2026, 10, 3),
                day(2027, 1, 1),
                day(2028, 1, 1),
            ]
        );
        let oct1 = &cal.exceptions()[4];
        assert_eq!(
            oct1.name, "National Day",
            "the first exception of a date stands"
        );
        assert!(!oct1.hours.is_working());
    }

    #[test]
    fn unknown_recurrences_and_endless_ranges_are_refused_with_their_line() {
        let xml = with_calendar(
            "<Exception><TimePeriod><FromDate>2026-01-01T00:00:00</FromDate><ToDate>2026-12-31T00:00:00</ToDate></TimePeriod>\n<Type>5</Type></Exception>",
        );
        let e = Document::parse(&xml).expect_err("monthly by position");
        assert!(matches!(e, MspdiError::Unsupported { line: 6, .. }), "{e}");
        let xml = with_calendar(
            "<Exception><TimePeriod><FromDate>1900-01-01T00:00:00</FromDate><ToDate>2400-12-31T00:00:00</ToDate></TimePeriod></Exception>",
        );
        assert!(Document::parse(&xml).is_err());
    }

    #[test]
    fn errors_name_the_element_and_its_line() {
        let xml = "<Project>\n<StartDate>2026-01-05T08:00:00</StartDate>\n<Tasks>\n<Task><UID>1</UID>\n<Duration>PT8Hours</Duration></Task></Tasks></Project>";
        let e = Document::parse(xml).expect_err("bad duration");
        assert_eq!(
            e.to_string(),
            "task UID 1 \u{201c}\u{201d}: line 5: Duration \"PT8Hours\" is not valid"
        );
        assert_eq!(e.field(), "Duration");
        let cut = &xml[..xml.find("</Task>").expect("a task")];
        let e = Document::parse(cut).expect_err("truncated");
        assert!(e.to_string().contains("cut short"), "{e}");
        assert!(Document::parse(&xml[..xml.len() - 3]).is_err());
        assert!(matches!(
            Document::parse("<Tasks/>"),
            Err(MspdiError::NotProject)
        ));
        let e = Document::parse("<Project>\n\n<A></B></Project>").expect_err("mismatched");
        assert!(matches!(e, MspdiError::Xml { line: 3, .. }), "{e}");
    }

    #[test]
    fn deep_nesting_and_huge_outline_levels_are_refused() {
        let deep = format!(
            "<Project>{}{}</Project>",
            "<a>".repeat(100),
            "</a>".repeat(100)
        );
        assert!(Document::parse(&deep).is_err());
        let xml = "<Project><StartDate>2026-01-05T08:00:00</StartDate><Tasks><Task><UID>1</UID><OutlineLevel>4000000000</OutlineLevel></Task></Tasks></Project>";
        assert!(Document::parse(xml).is_err());
    }

    #[test]
    fn a_calendar_loop_is_an_error_not_a_hang() {
        let xml = "<Project><StartDate>2026-01-05T08:00:00</StartDate><Calendars>\
            <Calendar><UID>1</UID><BaseCalendarUID>2</BaseCalendarUID></Calendar>\
            <Calendar><UID>2</UID><BaseCalendarUID>1</BaseCalendarUID></Calendar></Calendars>\
            <Resources><Resource><UID>1</UID><CalendarUID>1</CalendarUID></Resource></Resources></Project>";
        let doc = Document::parse(xml).expect("parses");
        assert!(doc.calendar(1).is_err());
        assert!(!doc.on_other_calendar(1));
    }
}
