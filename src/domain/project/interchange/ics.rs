//! Milestones as an iCalendar file (RFC 5545): one all-day event per
//! milestone, so a calendar application shows the project's dates. Text
//! is escaped (§3.3.11), lines end in CRLF and are folded at 75 octets
//! (§3.1) without splitting a UTF-8 character. Written by hand: the
//! format needs these three rules and a dozen fixed lines, less than a
//! dependency.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::project::Compiled;
use crate::domain::schedule::{Schedule, TaskIx};

/// A milestone as the calendar shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Milestone {
    pub task_id: i64,
    pub name: String,
    pub date: NaiveDate,
}

/// The plan's milestones (tasks of zero duration without subtasks) on
/// their scheduled dates, in grid order.
pub fn milestones(c: &Compiled, s: &Schedule) -> Vec<Milestone> {
    (0..c.len())
        .filter(|&i| !c.summary[i] && c.plan.tasks[i].duration_minutes == 0)
        .map(|i| Milestone {
            task_id: c.ids[i],
            name: c.plan.tasks[i].name.clone(),
            date: s.start(i as TaskIx).date(),
        })
        .collect()
}

/// TEXT as RFC 5545 writes it: backslash, semicolon, comma and line
/// breaks escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded: at most 75 octets per physical line, the
/// continuation lines starting with a space; each ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut used = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if used + len > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += len;
    }
    out.push_str("\r\n");
    out
}

/// The calendar. `UID`s are stable per task (the same event is updated,
/// not duplicated, when the file is imported again); `DTSTAMP` is when
/// the file was made.
pub fn calendar(
    project_id: i64,
    project_name: &str,
    milestones: &[Milestone],
    stamp: DateTime<Utc>,
) -> String {
    let stamp = stamp.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR".to_owned(),
        "VERSION:2.0".to_owned(),
        "PRODID:-//Cairn//Project milestones//EN".to_owned(),
        "CALSCALE:GREGORIAN".to_owned(),
        "METHOD:PUBLISH".to_owned(),
        format!("X-WR-CALNAME:{}", escape(project_name)),
    ] {
        out.push_str(&fold(&line));
    }
    for m in milestones {
        let next = m.date.succ_opt().unwrap_or(m.date);
        for line in [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:cairn-project-{project_id}-task-{}@cairn", m.task_id),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", m.date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&format!("{project_name}: {}", m.name))),
            "TRANSP:TRANSPARENT".to_owned(),
            "END:VEVENT".to_owned(),
        ] {
            out.push_str(&fold(&line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("Go-live; phase 1, sign-off\\done\r\nnext"),
            "Go-live\\; phase 1\\, sign-off\\\\done\\nnext"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "验收".repeat(40));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        let physical: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(physical.len() > 1);
        assert!(physical.iter().all(|l| l.len() <= 75));
        assert!(physical[1..].iter().all(|l| l.starts_with(' ')));
        let unfolded: String = physical
            .iter()
            .enumerate()
            .map(|(k, l)| if k == 0 { *l } else { &l[1..] })
            .collect();
        assert_eq!(unfolded, line);
        assert_eq!(fold("SHORT"), "SHORT\r\n");
        let exactly = "X".repeat(75);
        assert_eq!(fold(&exactly), format!("{exactly}\r\n"));
    }

    #[test]
    fn one_all_day_event_per_milestone() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 10).expect("date");
        let stamp = DateTime::from_timestamp(1_767_225_600, 0).expect("time");
        let ics = calendar(
            7,
            "Acme, Inc.",
            &[Milestone {
                task_id: 42,
                name: "Go-live; all sites".into(),
                date: d,
            }],
            stamp,
        );
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert!(!ics.replace("\r\n", "").contains('\n'));
        assert!(ics.contains("\r\nUID:cairn-project-7-task-42@cairn\r\n"));
        assert!(ics.contains("\r\nDTSTAMP:20260101T000000Z\r\n"));
        assert!(ics.contains("\r\nDTSTART;VALUE=DATE:20260310\r\nDTEND;VALUE=DATE:20260311\r\n"));
        assert!(ics.contains("\r\nSUMMARY:Acme\\, Inc.: Go-live\\; all sites\r\n"));
    }
}
