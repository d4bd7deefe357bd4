//! Conformance with Microsoft Project: the engine must reproduce, for
//! every task of two files saved by Project (not written here), the
//! Start, Finish, EarlyStart, EarlyFinish, LateStart, LateFinish,
//! TotalSlack and Critical values Project saved in them (and FreeSlack).
//! Native only (it reads the files); the wasm build is checked against
//! native results by `schedule_wasm.rs`.

#![cfg(not(target_arch = "wasm32"))]
//!
//! Nothing in either file looked inconsistent, so nothing is excused
//! here: every field of every task must match. Three conventions of
//! Project's that the files pin down (and the engine follows):
//! - A finish set by a start-to-finish link keeps the predecessor's start
//!   as Project shows it: mspdirelations "Task 5" (SF from Task 4, which
//!   starts Mon 2006-09-25 08:00) finishes "2006-09-25 08:00", not
//!   "Fri 2006-09-22 17:00" (the same working minute); sample "Related
//!   Task 6b" likewise finishes "2003-01-08 08:00", even though its own
//!   start + 1 day reaches the same minute.
//! - Late finishes of tasks with a duration are shown at the end of a
//!   working day (sample "Recurring Task 2": 2003-03-17 17:00), while the
//!   milestone "Third task" takes the project finish as it is,
//!   2003-03-18 08:00.
//! - That project finish comes from "Second Task", whose two resources
//!   work on their own calendars (Standard at 50 %, Night Shift at 75 %):
//!   each assignment runs work ÷ units on its calendar, and the task ends
//!   when the later one does (Night Shift, 08:00). Its duration field
//!   (800 h) is not what schedules it.

use cairn::domain::schedule::mspdi::Document;
use cairn::domain::schedule::{Schedule, schedule};
use chrono::NaiveDateTime;

const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/testdata/mspdi/");

fn load(file: &str) -> (Document, Schedule) {
    let path = format!("{TESTDATA}{file}");
    let xml = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the shared test data must be present at {path}: {e}"));
    let doc = Document::parse(&xml).unwrap_or_else(|e| panic!("{file}: {e}"));
    let plan = doc.to_plan().unwrap_or_else(|e| panic!("{file}: {e}"));
    let s = schedule(&plan).unwrap_or_else(|e| panic!("{file}: {e}"));
    (doc, s)
}

/// Compares every field of every task; returns (fields compared, list of
/// differences) so the message shows them all at once.
fn compare(doc: &Document, s: &Schedule) -> (usize, Vec<String>) {
    let mut compared = 0;
    let mut diffs = Vec::new();
    for (i, t) in doc.tasks.iter().enumerate() {
        let i = i as u32;
        let mut check_date = |field: &str, saved: Option<NaiveDateTime>, ours: NaiveDateTime| {
            compared += 1;
            let saved = saved.unwrap_or_else(|| panic!("{} has no {field}", t.name));
            if saved != ours {
                diffs.push(format!(
                    "{:>3} {:<20} {field}: Project {saved}, engine {ours}",
                    t.uid, t.name
                ));
            }
        };
        check_date("Start", t.start, s.start(i));
        check_date("Finish", t.finish, s.finish(i));
        check_date("EarlyStart", t.early_start, s.early_start(i));
        check_date("EarlyFinish", t.early_finish, s.early_finish(i));
        check_date("LateStart", t.late_start, s.late_start(i));
        check_date("LateFinish", t.late_finish, s.late_finish(i));
        compared += 2;
        let ours = s.total_float(i) * 10;
        if t.total_slack != Some(ours) {
            diffs.push(format!(
                "{:>3} {:<20} TotalSlack: Project {:?}, engine {ours}",
                t.uid, t.name, t.total_slack
            ));
        }
        compared += 1;
        let ours = s.free_float(i) * 10;
        if t.free_slack != Some(ours) {
            diffs.push(format!(
                "{:>3} {:<20} FreeSlack: Project {:?}, engine {ours}",
                t.uid, t.name, t.free_slack
            ));
        }
        if t.critical != s.is_critical(i) {
            diffs.push(format!(
                "{:>3} {:<20} Critical: Project {}, engine {}",
                t.uid,
                t.name,
                t.critical,
                s.is_critical(i)
            ));
        }
    }
    (compared, diffs)
}

fn assert_conforms(file: &str, tasks: usize) {
    let (doc, s) = load(file);
    assert_eq!(doc.tasks.len(), tasks, "{file}: task count");
    let (compared, diffs) = compare(&doc, &s);
    println!(
        "{file}: {} tasks, {compared} fields compared, {} differ",
        doc.tasks.len(),
        diffs.len()
    );
    assert!(diffs.is_empty(), "{file}:\n{}", diffs.join("\n"));
}

/// Five tasks linked FS, SS + 1 day, FF and SF (Project 2007).
#[test]
fn mspdirelations_matches_project() {
    assert_conforms("mspdirelations.xml", 6);
}

/// 19 tasks (and the project summary): summaries, a −1 day lead, SS/FF/SF
/// links, start-no-earlier-than constraints and one task driven by two
/// resources on different calendars.
#[test]
fn sample_matches_project() {
    assert_conforms("sample.xml", 20);
}
