//! An MSPDI document → the rows of a new project.
//!
//! Mapping (what becomes what, and what does not carry over):
//! - The project summary task (outline level 0) is the project itself:
//!   its name may name the project; it is not a task.
//! - Tasks keep their order and outline (parent = the nearest open task
//!   one level up), name, duration in working minutes, % complete and
//!   dated constraint. Summary tasks are those with subtasks, as in
//!   Project; a milestone is a task of zero duration.
//! - Links keep their type and lag (working time; elapsed lags are
//!   refused by the reader).
//! - The project calendar (with its base calendars and exceptions)
//!   becomes a preset when it has a preset's days, else the project's own.
//! - Work resources become assignments of the person with the same email,
//!   else display name, else username (one match only); units in percent.
//! - Baselines 0–10 become baselines named "Baseline", "Baseline 1", ….
//! - A matched person's resource calendar, when it is not the project's,
//!   is kept as their calendar in this project; a task Project finished
//!   by those calendars runs its work ÷ units on each assignee's calendar.
//! - Not carried: actual start/finish dates (progress is % complete),
//!   manual scheduling, "as late as possible", the calendars of resources
//!   that are not people here (a task Project finished by them keeps the
//!   working time Project gave it), costs, work, notes, custom fields.
//!   Each appears as a warning when the file has it.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use super::{ImportOptions, MatchedBy, ResourceMatch};
use crate::domain::AppError;
use crate::domain::project::state::MAX_NAME_CHARS;
use crate::domain::project::{
    Assignment, CalendarKey, Change, LinkRow, PersonCalendar, ProjectState, TaskRow, compute,
};
use crate::domain::sales::rank;
use crate::domain::schedule::mspdi::{
    Document, FileResource, FileTask, MAX_BASELINE, MspdiError, ResourceKind,
};
use crate::domain::schedule::{Calendar, Scheduler, WorkTable};

/// More tasks than a file is taken with (the Gantt is measured at
/// 100,000).
pub const MAX_TASKS: usize = 100_000;

/// Names listed in one warning before "and N more".
const NAMES_SHOWN: usize = 5;

/// Someone an assignment can go to (an active user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: i64,
    pub name: String,
    pub username: String,
    pub email: String,
}

/// One baseline of the file: the dates of the tasks that have it.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportBaseline {
    pub number: u8,
    pub name: String,
    /// (temporary task id, start, finish).
    pub bars: Vec<(i64, NaiveDateTime, NaiveDateTime)>,
}

/// A file as the rows of a new project. Task and link ids are temporary
/// (negative): task `k` of `tasks` is `-(k + 1)`, parents come before
/// their children.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub name: String,
    pub start: NaiveDate,
    pub calendar: Calendar,
    pub calendar_key: CalendarKey,
    pub tasks: Vec<TaskRow>,
    pub links: Vec<LinkRow>,
    /// The file's UID of `tasks[k]`.
    pub uids: Vec<i64>,
    pub baselines: Vec<ImportBaseline>,
    pub matched: Vec<ResourceMatch>,
    pub unmatched: Vec<String>,
    /// Resource calendars of matched people, kept for this project.
    pub person_calendars: Vec<PersonCalendar>,
    pub assignments: u32,
    pub assignments_dropped: u32,
    pub warnings: Vec<String>,
}

impl ImportPlan {
    /// Tasks that have subtasks.
    pub fn summary_count(&self) -> usize {
        let parents: std::collections::HashSet<i64> =
            self.tasks.iter().filter_map(|t| t.parent).collect();
        parents.len()
    }

    pub fn milestone_count(&self) -> usize {
        let parents: std::collections::HashSet<i64> =
            self.tasks.iter().filter_map(|t| t.parent).collect();
        self.tasks
            .iter()
            .filter(|t| t.duration_minutes == 0 && !parents.contains(&t.id))
            .count()
    }
}

/// A reader error as a validation error: the element as the field, the
/// line in the reason.
pub fn file_error(e: MspdiError) -> AppError {
    AppError::invalid(e.field(), e.to_string())
}

/// The file's bytes as text: UTF-8 (with or without a byte order mark)
/// or UTF-16 with one; anything else is refused rather than guessed.
pub fn decode(bytes: &[u8]) -> Result<String, AppError> {
    if bytes.len() > super::MAX_MSPDI_BYTES {
        return Err(AppError::invalid(
            "file",
            format!(
                "is larger than {} MB",
                super::MAX_MSPDI_BYTES / (1024 * 1024)
            ),
        ));
    }
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, malformed) = enc.decode_without_bom_handling(&bytes[bom..]);
        if malformed {
            return Err(AppError::invalid(
                "file",
                format!("is not valid {} text", enc.name()),
            ));
        }
        return Ok(text.into_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_owned()),
        Err(e) => {
            let line = 1 + bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            Err(AppError::invalid(
                "file",
                format!("line {line}: is not UTF-8 text (save the XML from Project again)"),
            ))
        }
    }
}

/// `"Baseline"` for 0, `"Baseline 3"` for 3: Project's own names.
pub fn baseline_name(number: u8) -> String {
    if number == 0 {
        "Baseline".to_owned()
    } else {
        format!("Baseline {number}")
    }
}

/// The baseline number a name of [`baseline_name`]'s form stands for.
pub fn baseline_number(name: &str) -> Option<u8> {
    let name = name.trim();
    if name == "Baseline" {
        return Some(0);
    }
    let n: u8 = name.strip_prefix("Baseline ")?.parse().ok()?;
    (1..=MAX_BASELINE as u8).contains(&n).then_some(n)
}

/// Lower case with runs of white space as one space: how names and
/// emails are compared.
fn fold(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The one person a resource is, or why not.
fn match_person<'a>(
    r: &FileResource,
    people: &'a [Candidate],
) -> Result<(&'a Candidate, MatchedBy), String> {
    type Field = fn(&Candidate) -> &str;
    let tries: [(MatchedBy, &str, Field); 3] = [
        (MatchedBy::Email, &r.email, |c| &c.email),
        (MatchedBy::Name, &r.name, |c| &c.name),
        (MatchedBy::Username, &r.name, |c| &c.username),
    ];
    for (by, wanted, of) in tries {
        let wanted = fold(wanted);
        if wanted.is_empty() {
            continue;
        }
        let hits: Vec<&Candidate> = people.iter().filter(|c| fold(of(c)) == wanted).collect();
        match hits.len() {
            0 => {}
            1 => return Ok((hits[0], by)),
            n => {
                return Err(format!(
                    "{n} people have this {}",
                    match by {
                        MatchedBy::Email => "email",
                        MatchedBy::Name => "name",
                        MatchedBy::Username => "username",
                    }
                ));
            }
        }
    }
    Err("no user has this email, name or username".into())
}

/// "“A”, “B” and 3 more".
fn names(list: &[String]) -> String {
    let shown: Vec<String> = list
        .iter()
        .take(NAMES_SHOWN)
        .map(|n| format!("\u{201c}{n}\u{201d}"))
        .collect();
    let mut out = shown.join(", ");
    if list.len() > NAMES_SHOWN {
        out.push_str(&format!(" and {} more", list.len() - NAMES_SHOWN));
    }
    out
}

/// An error about one task, saying which.
fn in_task(t: &FileTask, e: AppError) -> AppError {
    match e {
        AppError::Validation { field, reason } => AppError::Validation {
            field,
            reason: format!(
                "line {}: task {} (UID {}) \u{201c}{}\u{201d}: {reason}",
                t.line, t.id, t.uid, t.name
            ),
        },
        other => other,
    }
}

fn project_name(doc: &Document, options: &ImportOptions) -> String {
    let summary = doc
        .tasks
        .iter()
        .find(|t| t.outline_level == 0)
        .map(|t| t.name.as_str());
    let file = doc
        .name
        .trim()
        .trim_end_matches(".xml")
        .trim_end_matches(".XML");
    [
        options.name.as_deref().unwrap_or(""),
        &doc.title,
        summary.unwrap_or(""),
        file,
    ]
    .into_iter()
    .map(str::trim)
    .find(|n| !n.is_empty())
    .unwrap_or("Imported project")
    .chars()
    .take(MAX_NAME_CHARS)
    .collect()
}

/// Dates outside these years are refused: they are typing errors, and
/// the databases' date ranges differ beyond them.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

fn check_date(field: &str, line: u32, d: NaiveDateTime) -> Result<(), AppError> {
    use chrono::Datelike;
    if YEARS.contains(&d.year()) {
        Ok(())
    } else {
        Err(AppError::invalid(
            field,
            format!(
                "line {line}: {} is not between {} and {}",
                d.format("%Y-%m-%d"),
                YEARS.start(),
                YEARS.end()
            ),
        ))
    }
}

/// What the file's tasks, links and resources become. Refused (nothing
/// to write) on anything that cannot be a plan: a link to a task the file
/// does not have, two tasks with one UID, a dependency loop, a value
/// outside the editor's rules.
pub fn plan(
    doc: &Document,
    people: &[Candidate],
    options: &ImportOptions,
) -> Result<ImportPlan, AppError> {
    let mut warnings = Vec::new();
    check_date("StartDate", 0, doc.start)?;
    for t in &doc.tasks {
        if let Some(c) = t.constraint {
            check_date("ConstraintDate", t.line, c.date)?;
        }
        for b in &t.baselines {
            check_date("Baseline", t.line, b.start)?;
            check_date("Baseline", t.line, b.finish)?;
        }
    }
    let calendar = doc.calendar(doc.calendar_uid).map_err(file_error)?;
    let calendar_key = CalendarKey::matching(&calendar).unwrap_or(CalendarKey::Custom);
    if calendar_chain(doc).any(|c| c.work_weeks) {
        warnings.push(
            "the calendar's other working weeks (\u{201c}work weeks\u{201d}) are not carried: \
             its default week applies all year"
                .to_owned(),
        );
    }
    let start = doc.start.date();
    let mut table = WorkTable::new(&calendar, start.min(earliest_date(doc)));
    if let (Ok(at), Ok(day)) = (
        table.position(doc.start),
        table.position(start.and_time(chrono::NaiveTime::MIN)),
    ) && at != day
    {
        warnings.push(format!(
            "the file's project starts at {}; projects here start at the beginning of a \
             day, so tasks without predecessors start at its first working hour",
            doc.start.format("%Y-%m-%d %H:%M")
        ));
    }

    let imported: Vec<&FileTask> = doc.tasks.iter().filter(|t| t.outline_level > 0).collect();
    if imported.len() > MAX_TASKS {
        return Err(AppError::invalid(
            "Tasks",
            format!("has more than {MAX_TASKS} tasks"),
        ));
    }
    let summary_uid = doc
        .tasks
        .iter()
        .find(|t| t.outline_level == 0)
        .map(|t| t.uid);
    let mut temp_of: HashMap<i64, i64> = HashMap::with_capacity(imported.len());
    for (k, t) in imported.iter().enumerate() {
        if temp_of.insert(t.uid, -(k as i64 + 1)).is_some() || Some(t.uid) == summary_uid {
            return Err(AppError::invalid(
                "UID",
                format!("line {}: UID {} is used by two tasks", t.line, t.uid),
            ));
        }
    }

    // The outline: `open[l]` is the last task seen at level `l`.
    let mut parents: Vec<Option<i64>> = Vec::with_capacity(imported.len());
    let mut open: Vec<Option<i64>> = Vec::new();
    for (k, t) in imported.iter().enumerate() {
        let level = t.outline_level as usize;
        let parent = open[..level.min(open.len())].iter().rev().find_map(|x| *x);
        open.truncate(level);
        open.resize(level, None);
        open.push(Some(-(k as i64 + 1)));
        parents.push(parent);
    }
    let mut siblings: HashMap<Option<i64>, usize> = HashMap::new();
    for p in &parents {
        *siblings.entry(*p).or_default() += 1;
    }
    let mut ranks: HashMap<Option<i64>, std::vec::IntoIter<String>> = siblings
        .into_iter()
        .map(|(p, n)| (p, rank::spread(n).into_iter()))
        .collect();

    // Resources → people (before the tasks: a task whose people's own
    // calendars come along is scheduled on them).
    let mut matched = Vec::new();
    let mut unmatched = Vec::new();
    let mut person_of: HashMap<i64, Option<i64>> = HashMap::new();
    for r in &doc.resources {
        if r.name.trim().is_empty() && r.email.trim().is_empty() {
            person_of.insert(r.uid, None);
            continue;
        }
        if r.kind != ResourceKind::Work {
            unmatched.push(format!(
                "{}: a {} resource, not a person",
                r.name.trim(),
                if r.kind == ResourceKind::Material {
                    "material"
                } else {
                    "cost"
                }
            ));
            person_of.insert(r.uid, None);
            continue;
        }
        match match_person(r, people) {
            Ok((c, by)) => {
                matched.push(ResourceMatch {
                    resource: r.name.trim().to_owned(),
                    user_id: c.id,
                    user_name: c.name.clone(),
                    by,
                });
                person_of.insert(r.uid, Some(c.id));
            }
            Err(reason) => {
                unmatched.push(format!("{}: {reason}", r.name.trim()));
                person_of.insert(r.uid, None);
            }
        }
    }
    // The people whose resource calendars come along: matched, on another
    // calendar than the project's, the first resource of that person.
    let mut person_calendars: Vec<PersonCalendar> = Vec::new();
    let mut carried: HashSet<i64> = HashSet::new();
    for r in &doc.resources {
        let (Some(Some(user_id)), Some(&uid)) = (
            person_of.get(&r.uid).copied(),
            doc.resource_calendars.get(&r.uid),
        ) else {
            continue;
        };
        if !doc.on_other_calendar(r.uid) || person_calendars.iter().any(|p| p.user_id == user_id) {
            continue;
        }
        person_calendars.push(PersonCalendar {
            user_id,
            calendar: doc.calendar(uid).map_err(file_error)?,
        });
        carried.insert(r.uid);
    }

    let driven_uids = resource_driven(doc);
    let mut state = ProjectState::default();
    let (mut renamed, mut cut, mut driven, mut milestones_with_duration) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut alap, mut manual, mut actuals) = (Vec::new(), Vec::new(), 0usize);
    for (k, t) in imported.iter().enumerate() {
        let temp = -(k as i64 + 1);
        let mut name: String = t.name.trim().to_owned();
        if name.is_empty() {
            name = format!("Task {}", t.id);
            renamed.push(name.clone());
        } else if name.chars().count() > MAX_NAME_CHARS {
            name = name.chars().take(MAX_NAME_CHARS).collect();
            cut.push(name.clone());
        }
        let mut duration = t.duration_minutes;
        if !t.summary && driven_uids.contains(&t.uid) {
            if let Some(minutes) = span_on_own_calendars(doc, t.uid, &carried) {
                duration = minutes;
            } else {
                if let (Some(s), Some(f)) = (t.start, t.finish)
                    && let (Ok(ws), Ok(wf)) = (table.position(s), table.position(f))
                {
                    duration = (wf - ws).max(0);
                }
                driven.push(name.clone());
            }
        }
        if t.milestone && duration > 0 && !t.summary {
            milestones_with_duration.push(name.clone());
        }
        if t.as_late_as_possible {
            alap.push(name.clone());
        }
        if t.manual {
            manual.push(name.clone());
        }
        if t.actual_start.is_some() || t.actual_finish.is_some() {
            actuals += 1;
        }
        let rank = ranks
            .get_mut(&parents[k])
            .and_then(Iterator::next)
            .ok_or_else(|| AppError::Internal("a rank went missing".into()))?;
        state
            .apply(&Change::AddTask {
                temp,
                parent: parents[k],
                rank,
                name,
                duration_minutes: duration,
            })
            .map_err(|e| in_task(t, e))?;
    }

    let mut link_temp = 0i64;
    for t in &imported {
        let successor = temp_of[&t.uid];
        for l in &t.links {
            let Some(&predecessor) = temp_of.get(&l.predecessor_uid) else {
                let reason = if Some(l.predecessor_uid) == summary_uid {
                    "is the project summary task, which cannot be linked".to_owned()
                } else {
                    "is not a task of the file".to_owned()
                };
                return Err(AppError::invalid(
                    "PredecessorUID",
                    format!(
                        "line {}: task {} (UID {}) \u{201c}{}\u{201d} names predecessor UID {}, which {reason}",
                        l.line, t.id, t.uid, t.name, l.predecessor_uid
                    ),
                ));
            };
            link_temp -= 1;
            state
                .apply(&Change::AddLink {
                    temp: link_temp,
                    predecessor,
                    successor,
                    kind: l.kind,
                    lag_minutes: l.lag_minutes,
                })
                .map_err(|e| in_task(t, e))?;
        }
    }

    // Assignments → rows.
    let mut by_task: BTreeMap<i64, Vec<Assignment>> = BTreeMap::new();
    let (mut assignments, mut dropped, mut clamped, mut merged) = (0u32, 0u32, false, false);
    for a in &doc.assignments {
        // Project files every task without resources to UID -65535.
        if a.resource_uid < 0 {
            continue;
        }
        let Some(&task) = temp_of.get(&a.task_uid) else {
            continue;
        };
        let Some(Some(user_id)) = person_of.get(&a.resource_uid).copied() else {
            dropped += 1;
            continue;
        };
        let raw = (a.units * 100.0).round();
        let units = raw.clamp(1.0, 1000.0) as u16;
        clamped |= !(1.0..=1000.0).contains(&raw);
        let list = by_task.entry(task).or_default();
        match list.iter_mut().find(|x| x.user_id == user_id) {
            Some(x) => {
                x.units = (x.units + units).min(1000);
                merged = true;
            }
            None => {
                list.push(Assignment { user_id, units });
                assignments += 1;
            }
        }
    }
    if clamped {
        warnings.push("assignment units outside 1 %–1000 % were set to the nearest limit".into());
    }
    if merged {
        warnings.push(
            "two resources of one task are the same person: their units were added up".into(),
        );
    }
    if dropped > 0 {
        warnings.push(format!(
            "{dropped} assignments of resources that are not people here were left out"
        ));
    }

    let mut tasks: Vec<TaskRow> = state.tasks().to_vec();
    tasks.sort_by_key(|t| std::cmp::Reverse(t.id));
    for (k, row) in tasks.iter_mut().enumerate() {
        let t = imported[k];
        row.version = 1;
        row.percent_complete = t.percent_complete;
        row.constraint = t.constraint;
        row.assignments = by_task.remove(&row.id).unwrap_or_default();
    }
    let mut links: Vec<LinkRow> = state.links().to_vec();
    links.sort_by_key(|l| std::cmp::Reverse(l.id));

    // Scheduled once here, so a loop (or a constraint before the
    // calendar) is refused before anything is written.
    let check = ProjectState::new(tasks.clone(), links.clone());
    let compiled = compute::compile_with(&check, start, &calendar, &person_calendars)?;
    compute::run(&mut Scheduler::default(), &compiled)?;

    let mut baselines = Vec::new();
    for number in 0..=MAX_BASELINE as u8 {
        let bars: Vec<(i64, NaiveDateTime, NaiveDateTime)> = imported
            .iter()
            .enumerate()
            .filter_map(|(k, t)| {
                t.baselines
                    .iter()
                    .find(|b| b.number == number)
                    .map(|b| (-(k as i64 + 1), b.start, b.finish))
            })
            .collect();
        if !bars.is_empty() {
            baselines.push(ImportBaseline {
                number,
                name: baseline_name(number),
                bars,
            });
        }
    }

    for (list, what) in [
        (&renamed, "had no name and are called by their row number"),
        (
            &cut,
            "had names longer than 200 characters, which were shortened",
        ),
        (
            &milestones_with_duration,
            "are milestones with a duration; here a milestone has none, so they are tasks",
        ),
        (
            &alap,
            "were \u{201c}as late as possible\u{201d}, which is not scheduled here: they are as soon as possible",
        ),
        (
            &manual,
            "were scheduled manually in Project; here every task is scheduled from its links and constraints",
        ),
        (
            &driven,
            "finished when their resources' own calendars said; here they keep the working time Project \
             gave them on the project calendar (same finish in working time; a finish at the start of \
             a day shows as the end of the day before)",
        ),
    ] {
        if !list.is_empty() {
            warnings.push(format!("{} {what}", names(list)));
        }
    }
    if actuals > 0 {
        warnings.push(format!(
            "{actuals} tasks have actual start or finish dates, which are not kept: progress is their % complete"
        ));
    }

    Ok(ImportPlan {
        name: project_name(doc, options),
        start,
        calendar,
        calendar_key,
        uids: imported.iter().map(|t| t.uid).collect(),
        tasks,
        links,
        baselines,
        matched,
        unmatched,
        person_calendars,
        assignments,
        assignments_dropped: dropped,
        warnings,
    })
}

/// The project calendar and the calendars it derives from.
fn calendar_chain(
    doc: &Document,
) -> impl Iterator<Item = &crate::domain::schedule::mspdi::FileCalendar> {
    let mut at = Some(doc.calendar_uid);
    let mut steps = 0;
    std::iter::from_fn(move || {
        steps += 1;
        if steps > 16 {
            return None;
        }
        let c = doc.calendars.iter().find(|c| Some(c.uid) == at)?;
        at = c.base;
        Some(c)
    })
}

/// The earliest date the file mentions for a task (a constraint may lie
/// before the project's start), so positions can be taken from it.
fn earliest_date(doc: &Document) -> NaiveDate {
    doc.tasks
        .iter()
        .flat_map(|t| [t.start, t.constraint.map(|c| c.date)])
        .flatten()
        .map(|d| d.date())
        .min()
        .unwrap_or(doc.start.date())
}

/// How long a task Project finished by its resources' own calendars runs
/// on each assignee's calendar here: its assignments' work ÷ units (the
/// longest, if they differ), when every assignment on another calendar
/// than the project's is to a person whose calendar came along. `None`
/// otherwise: the task then keeps Project's span on the project calendar.
fn span_on_own_calendars(doc: &Document, task_uid: i64, carried: &HashSet<i64>) -> Option<i64> {
    let mut longest = None;
    for a in doc
        .assignments
        .iter()
        .filter(|a| a.task_uid == task_uid && a.resource_uid >= 0 && a.work_minutes > 0)
    {
        if doc.on_other_calendar(a.resource_uid) && !carried.contains(&a.resource_uid) {
            return None;
        }
        if a.units > 0.0 {
            let minutes = (a.work_minutes as f64 / a.units).round() as i64;
            longest = longest.max(Some(minutes));
        }
    }
    longest
}

/// The tasks Project finished by their resources' own calendars (as
/// [`Document::to_plan`] schedules them), not by their duration.
fn resource_driven(doc: &Document) -> std::collections::HashSet<i64> {
    let mut other: HashMap<i64, bool> = HashMap::new();
    doc.assignments
        .iter()
        .filter(|a| {
            a.work_minutes > 0
                && *other
                    .entry(a.resource_uid)
                    .or_insert_with(|| doc.on_other_calendar(a.resource_uid))
        })
        .map(|a| a.task_uid)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(tasks: &str, resources: &str, assignments: &str) -> Document {
        let xml = format!(
            "<Project><Title>T</Title><StartDate>2026-03-02T08:00:00</StartDate><CalendarUID>1</CalendarUID>\
             <Calendars><Calendar><UID>1</UID><Name>Standard</Name><WeekDays>\
             <WeekDay><DayType>1</DayType><DayWorking>0</DayWorking></WeekDay>\
             {}<WeekDay><DayType>7</DayType><DayWorking>0</DayWorking></WeekDay></WeekDays></Calendar></Calendars>\
             <Tasks>{tasks}</Tasks><Resources>{resources}</Resources><Assignments>{assignments}</Assignments></Project>",
            (2..=6)
                .map(|d| format!(
                    "<WeekDay><DayType>{d}</DayType><DayWorking>1</DayWorking><WorkingTimes>\
                     <WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>\
                     <WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime>\
                     </WorkingTimes></WeekDay>"
                ))
                .collect::<String>()
        );
        Document::parse(&xml).expect("parses")
    }

    fn task(uid: i64, extra: &str) -> String {
        format!(
            "<Task><UID>{uid}</UID><ID>{uid}</ID><Name>T{uid}</Name><OutlineLevel>1</OutlineLevel>\
             <Duration>PT8H0M0S</Duration>{extra}</Task>"
        )
    }

    fn person(id: i64, name: &str, email: &str) -> Candidate {
        Candidate {
            id,
            name: name.into(),
            username: format!("u{id}"),
            email: email.into(),
        }
    }

    #[test]
    fn baselines_keep_projects_numbers_and_others_take_free_ones() {
        assert_eq!(baseline_number("Baseline"), Some(0));
        assert_eq!(baseline_number(" Baseline 10 "), Some(10));
        assert_eq!(baseline_number("Baseline 11"), None);
        assert_eq!(baseline_number("Kick-off"), None);
        let names = ["Kick-off", "Baseline 2", "Baseline", "Baseline 2", "Final"];
        assert_eq!(
            super::super::write::baseline_numbers(&names),
            [Some(1), Some(2), Some(0), Some(3), Some(4)]
        );
        let many: Vec<String> = (0..13).map(|k| format!("B{k}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let numbers = super::super::write::baseline_numbers(&many);
        assert_eq!(numbers.iter().flatten().count(), 11);
        assert_eq!(numbers[11], None);
    }

    #[test]
    fn a_resource_is_one_person_by_email_then_name_then_username() {
        let people = [
            person(1, "Ann Lee", "ann@example.com"),
            person(2, "Bo Chen", "bo@example.com"),
            person(3, "Bo Chen", "bo2@example.com"),
        ];
        let doc = file(
            &[task(1, ""), task(2, "")].concat(),
            "<Resource><UID>1</UID><Name>Someone</Name><EmailAddress>ANN@example.com</EmailAddress></Resource>\
             <Resource><UID>2</UID><Name>bo chen</Name></Resource>\
             <Resource><UID>3</UID><Name>u2</Name></Resource>",
            "<Assignment><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>0.5</Units></Assignment>\
             <Assignment><TaskUID>1</TaskUID><ResourceUID>3</ResourceUID><Units>20</Units></Assignment>\
             <Assignment><TaskUID>2</TaskUID><ResourceUID>2</ResourceUID><Units>1</Units></Assignment>",
        );
        let p = plan(&doc, &people, &ImportOptions::default()).expect("plans");
        let matched: Vec<(i64, MatchedBy)> = p.matched.iter().map(|m| (m.user_id, m.by)).collect();
        assert_eq!(matched, [(1, MatchedBy::Email), (2, MatchedBy::Username)]);
        assert_eq!(p.unmatched, ["bo chen: 2 people have this name"]);
        assert_eq!(
            p.tasks[0]
                .assignments
                .iter()
                .map(|a| (a.user_id, a.units))
                .collect::<Vec<_>>(),
            [(1, 50), (2, 1000)]
        );
        assert_eq!((p.assignments, p.assignments_dropped), (2, 1));
        assert!(p.warnings.iter().any(|w| w.contains("nearest limit")));
    }

    #[test]
    fn what_is_not_carried_is_said() {
        let doc = file(
            &[
                task(1, "<ConstraintType>1</ConstraintType>"),
                task(2, "<Manual>1</Manual>"),
                task(3, "<Milestone>1</Milestone>"),
                task(4, "<ActualStart>2026-03-02T08:00:00</ActualStart>"),
                "<Task><UID>5</UID><ID>5</ID><OutlineLevel>1</OutlineLevel></Task>".to_owned(),
            ]
            .concat(),
            "",
            "",
        );
        let p = plan(&doc, &[], &ImportOptions::default()).expect("plans");
        let all = p.warnings.join("\n");
        for expected in [
            "\u{201c}T1\u{201d} were \u{201c}as late as possible\u{201d}",
            "\u{201c}T2\u{201d} were scheduled manually",
            "\u{201c}T3\u{201d} are milestones with a duration",
            "1 tasks have actual start or finish dates",
            "\u{201c}Task 5\u{201d} had no name",
        ] {
            assert!(all.contains(expected), "{expected} in:\n{all}");
        }
        assert!(p.tasks.iter().all(|t| t.constraint.is_none()));
    }

    #[test]
    fn thousands_of_siblings_get_short_ranks() {
        let tasks: String = (1..=5000).map(|u| task(u, "")).collect();
        let p = plan(&file(&tasks, "", ""), &[], &ImportOptions::default()).expect("plans");
        assert_eq!(p.tasks.len(), 5000);
        assert!(p.tasks.iter().all(|t| t.rank.len() <= 64));
        assert!(p.tasks.windows(2).all(|w| w[0].rank < w[1].rank));
    }

    #[test]
    fn dates_far_off_and_duplicate_uids_are_refused() {
        let doc = file(
            &task(
                1,
                "<ConstraintType>4</ConstraintType><ConstraintDate>1850-01-01T08:00:00</ConstraintDate>",
            ),
            "",
            "",
        );
        let e = plan(&doc, &[], &ImportOptions::default()).expect_err("1850");
        assert!(
            matches!(e, AppError::Validation { ref field, .. } if field == "ConstraintDate"),
            "{e:?}"
        );
        let doc = file(&[task(1, ""), task(1, "")].concat(), "", "");
        let e = plan(&doc, &[], &ImportOptions::default()).expect_err("two UIDs");
        assert!(e.to_string().contains("UID 1 is used by two tasks"), "{e}");
    }
}
