//! The schedule as a sheet (CSV with [`Sheet::to_csv`]): one row per task
//! in grid order, with the grid's own formats — durations "3d",
//! predecessors "3FS+2d", assignments "Ann 50%" — so the file reads like
//! the page.

use crate::domain::export::{Cell, Sheet};
use crate::domain::project::{Compiled, Person, ProjectState, cells, predecessors};
use crate::domain::schedule::{Schedule, TaskIx};

pub const HEADERS: [&str; 9] = [
    "outline",
    "name",
    "duration",
    "start",
    "finish",
    "predecessors",
    "resources",
    "percent complete",
    "critical",
];

/// Every live task of the compiled plan with its scheduled dates.
pub fn schedule_sheet(
    c: &Compiled,
    s: &Schedule,
    state: &ProjectState,
    people: &[Person],
) -> Sheet {
    let calendar = &c.plan.calendar;
    let mut into: Vec<Vec<u32>> = vec![Vec::new(); c.len()];
    for (k, l) in c.plan.links.iter().enumerate() {
        into[l.successor as usize].push(k as u32);
    }
    let rows = (0..c.len())
        .map(|i| {
            let ix = i as TaskIx;
            let row = state.task(c.ids[i]);
            let summary = c.summary[i];
            let minutes = if summary {
                s.duration(ix)
            } else {
                row.map_or(0, |r| r.duration_minutes)
            };
            let percent = s.rollup(ix).map_or_else(
                || f64::from(row.map_or(0, |r| r.percent_complete)),
                |r| r.percent_complete,
            );
            vec![
                Cell::Text(c.numbers[i].clone()),
                Cell::Text(c.plan.tasks[i].name.clone()),
                Cell::Text(cells::format_duration(minutes, calendar)),
                Cell::Text(s.start(ix).format("%Y-%m-%d %H:%M").to_string()),
                Cell::Text(s.finish(ix).format("%Y-%m-%d %H:%M").to_string()),
                Cell::Text(predecessors::format_links(c, ix, into[i].iter().copied())),
                Cell::Text(row.map_or_else(String::new, |r| {
                    cells::format_assignments(&r.assignments, people)
                })),
                Cell::Int(percent.round().clamp(0.0, 100.0) as i64),
                Cell::Text(if s.is_critical(ix) { "yes" } else { "no" }.to_owned()),
            ]
        })
        .collect();
    Sheet {
        title: "schedule",
        headers: HEADERS.to_vec(),
        rows,
    }
}
