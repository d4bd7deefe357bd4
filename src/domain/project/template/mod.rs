//! Project templates: a plan's outline as data an admin edits — rows with
//! a level, a name in each language, a length in working days and
//! predecessors written as in the Gantt grid ("3FS+2d" by outline
//! number). A template becomes the batch of [`Change`]s that builds it in
//! an empty plan, so a new project from a template is stored through the
//! same edit path (and the same checks) as anything typed in the Gantt.
//!
//! A template is accepted only if the plan it builds schedules: the check
//! is the engine itself, run on the batch, so an admin cannot save a
//! template that would make a project nobody can open.

pub mod crm;

use serde::{Deserialize, Serialize};

use super::change::Change;
use super::predecessors;
use super::state::ProjectState;
use crate::domain::sales::rank;
use crate::domain::schedule::presets;
use crate::domain::{AppError, AppResult, Language};

pub use crm::{crm_implementation, crm_implementation_body};

/// A working day of the standard calendar, in minutes.
pub const DAY: i64 = 480;
/// More rows than any delivery template needs; keeps one save bounded.
pub const MAX_ROWS: usize = 500;
pub const MAX_DAYS: u16 = 1_000;
pub const MAX_LEVEL: u8 = 8;
pub const MAX_NAME: usize = 200;

/// One row of a template's outline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TemplateRow {
    /// Nesting depth, 0 at the top; a row followed by a deeper one is a
    /// summary (a phase).
    pub level: u8,
    pub name: String,
    /// The Chinese name; empty means "same as `name`".
    #[serde(default)]
    pub name_zh: String,
    /// Working days; 0 is a milestone. Ignored on summaries.
    pub days: u16,
    /// Outline numbers with type and lag, as the grid writes them.
    #[serde(default)]
    pub predecessors: String,
    /// The milestone whose forecast finish is the go-live the CRM shows.
    #[serde(default)]
    pub go_live: bool,
}

impl TemplateRow {
    pub fn name_in(&self, language: Language) -> &str {
        match language {
            Language::ZhCn if !self.name_zh.trim().is_empty() => self.name_zh.trim(),
            _ => self.name.trim(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TemplateBody {
    pub rows: Vec<TemplateRow>,
}

/// What an admin saves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct TemplateInput {
    pub name: String,
    #[serde(default)]
    pub name_zh: String,
    pub body: TemplateBody,
}

/// A stored template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TemplateView {
    pub id: i64,
    pub version: i64,
    pub name: String,
    pub name_zh: String,
    /// Shipped with Cairn (it can be edited, like any other).
    pub builtin: bool,
    pub body: TemplateBody,
}

impl TemplateView {
    pub fn name_in(&self, language: Language) -> &str {
        match language {
            Language::ZhCn if !self.name_zh.trim().is_empty() => &self.name_zh,
            _ => &self.name,
        }
    }
}

/// The batch building a template, and the temporary id of its go-live
/// milestone.
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub changes: Vec<Change>,
    pub go_live: Option<i64>,
}

fn row_error(row: usize, reason: impl std::fmt::Display) -> AppError {
    AppError::invalid("rows", format!("row {}: {reason}", row + 1))
}

/// Outline numbers ("2.3") by row, from the levels.
pub fn numbers(rows: &[TemplateRow]) -> Vec<String> {
    let mut counters: Vec<u32> = Vec::new();
    rows.iter()
        .map(|r| {
            let level = usize::from(r.level);
            counters.truncate(level + 1);
            while counters.len() < level + 1 {
                counters.push(0);
            }
            counters[level] += 1;
            counters
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(".")
        })
        .collect()
}

/// Whether each row is a summary (the next row is deeper).
pub fn summaries(rows: &[TemplateRow]) -> Vec<bool> {
    (0..rows.len())
        .map(|i| rows.get(i + 1).is_some_and(|n| n.level > rows[i].level))
        .collect()
}

impl TemplateInput {
    /// The trimmed name, or which rule the input breaks (the body by
    /// [`TemplateBody::build`]).
    pub fn validated(&self) -> AppResult<String> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(AppError::invalid("name", "is required"));
        }
        if name.chars().count() > MAX_NAME || self.name_zh.trim().chars().count() > MAX_NAME {
            return Err(AppError::invalid(
                "name",
                format!("is longer than {MAX_NAME} characters"),
            ));
        }
        self.body.build(Language::En)?;
        Ok(name.to_owned())
    }
}

impl TemplateBody {
    /// The batch that builds this outline in an empty plan, names in
    /// `language`: tasks -1, -2, … in row order, links -1, -2, …; the
    /// batch is applied to an empty plan and scheduled before it is
    /// returned, so whatever it returns stores and schedules.
    pub fn build(&self, language: Language) -> AppResult<Built> {
        let rows = &self.rows;
        if rows.is_empty() {
            return Err(AppError::invalid(
                "rows",
                "a template needs at least one row",
            ));
        }
        if rows.len() > MAX_ROWS {
            return Err(AppError::invalid(
                "rows",
                format!("at most {MAX_ROWS} rows"),
            ));
        }
        let summary = summaries(rows);
        let mut go_live = None;
        for (i, r) in rows.iter().enumerate() {
            let prev = if i == 0 { 0 } else { rows[i - 1].level + 1 };
            if r.level > prev || r.level > MAX_LEVEL {
                return Err(row_error(
                    i,
                    "is indented more than one level below the row above",
                ));
            }
            if r.name.trim().is_empty() {
                return Err(row_error(i, "the name is required"));
            }
            if r.name.trim().chars().count() > MAX_NAME
                || r.name_zh.trim().chars().count() > MAX_NAME
            {
                return Err(row_error(
                    i,
                    format!("a name is longer than {MAX_NAME} characters"),
                ));
            }
            if r.days > MAX_DAYS {
                return Err(row_error(i, format!("at most {MAX_DAYS} working days")));
            }
            if r.go_live {
                if summary[i] {
                    return Err(row_error(
                        i,
                        "a phase cannot be the go-live; choose a milestone in it",
                    ));
                }
                if go_live.replace(i).is_some() {
                    return Err(row_error(i, "only one row can be the go-live"));
                }
            }
        }
        let numbers = numbers(rows);
        let temp = |i: usize| -(i as i64) - 1;
        let mut changes = Vec::with_capacity(rows.len() * 2);
        // Parents by row: the nearest row above with a smaller level.
        let mut stack: Vec<usize> = Vec::new();
        let mut parent: Vec<Option<usize>> = Vec::with_capacity(rows.len());
        for (i, r) in rows.iter().enumerate() {
            while stack.last().is_some_and(|&p| rows[p].level >= r.level) {
                stack.pop();
            }
            parent.push(stack.last().copied());
            stack.push(i);
        }
        let mut siblings: std::collections::HashMap<Option<usize>, usize> = Default::default();
        for p in &parent {
            *siblings.entry(*p).or_default() += 1;
        }
        let ranks: std::collections::HashMap<Option<usize>, Vec<String>> = siblings
            .into_iter()
            .map(|(p, n)| (p, rank::sequence(n)))
            .collect();
        let mut seen: std::collections::HashMap<Option<usize>, usize> = Default::default();
        for (i, r) in rows.iter().enumerate() {
            let k = seen.entry(parent[i]).or_default();
            let rank = ranks
                .get(&parent[i])
                .and_then(|v| v.get(*k))
                .cloned()
                .unwrap_or_default();
            *k += 1;
            changes.push(Change::AddTask {
                temp: temp(i),
                parent: parent[i].map(temp),
                rank,
                name: r.name_in(language).to_owned(),
                duration_minutes: if summary[i] {
                    0
                } else {
                    i64::from(r.days) * DAY
                },
            });
        }
        let calendar = presets::standard();
        let mut next_link = 0i64;
        for (i, r) in rows.iter().enumerate() {
            let entries = predecessors::parse(&r.predecessors, &calendar)
                .map_err(|e| row_error(i, reason_of(&e)))?;
            for e in entries {
                let Some(p) = numbers.iter().position(|n| *n == e.number) else {
                    return Err(row_error(
                        i,
                        format!("predecessor {} is not a row of this template", e.number),
                    ));
                };
                if p == i {
                    return Err(row_error(i, "a row cannot be its own predecessor"));
                }
                next_link -= 1;
                changes.push(Change::AddLink {
                    temp: next_link,
                    predecessor: temp(p),
                    successor: temp(i),
                    kind: e.kind,
                    lag_minutes: e.lag_minutes,
                });
            }
        }
        check_schedules(&changes)?;
        Ok(Built {
            changes,
            go_live: go_live.map(temp),
        })
    }
}

fn reason_of(e: &AppError) -> String {
    match e {
        AppError::Validation { reason, .. } => reason.clone(),
        other => other.to_string(),
    }
}

/// Applies the batch to an empty plan and schedules it: the links the
/// plan refuses (a link between a phase and its own task, a loop) are
/// reported here, by the same rules as in the Gantt.
fn check_schedules(changes: &[Change]) -> AppResult<()> {
    use super::compute;
    use crate::domain::schedule::Scheduler;
    let mut state = ProjectState::default();
    state
        .apply_all(changes)
        .map_err(|e| AppError::invalid("rows", reason_of(&e)))?;
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap_or_default();
    let c = compute::compile(&state, start, &presets::standard())
        .map_err(|e| AppError::invalid("rows", reason_of(&e)))?;
    compute::run(&mut Scheduler::default(), &c)
        .map_err(|e| AppError::invalid("rows", reason_of(&e)))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(level: u8, name: &str, days: u16, preds: &str) -> TemplateRow {
        TemplateRow {
            level,
            name: name.into(),
            name_zh: String::new(),
            days,
            predecessors: preds.into(),
            go_live: false,
        }
    }

    fn invalid(body: &TemplateBody) -> String {
        match body.build(Language::En) {
            Err(AppError::Validation { field, reason }) => format!("{field}: {reason}"),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn outline_numbers_and_summaries_follow_the_levels() {
        let rows = vec![
            row(0, "Phase A", 0, ""),
            row(1, "a1", 2, ""),
            row(1, "a2", 3, "1.1"),
            row(0, "Phase B", 0, ""),
            row(1, "b1", 1, "1.2FS+1d"),
            row(2, "b1x", 1, ""),
            row(0, "Done", 0, "2"),
        ];
        assert_eq!(
            numbers(&rows),
            ["1", "1.1", "1.2", "2", "2.1", "2.1.1", "3"]
        );
        assert_eq!(
            summaries(&rows),
            [true, false, false, true, true, false, false]
        );
        let built = TemplateBody { rows }.build(Language::En).expect("builds");
        let links: Vec<(i64, i64, i64)> = built
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::AddLink {
                    predecessor,
                    successor,
                    lag_minutes,
                    ..
                } => Some((*predecessor, *successor, *lag_minutes)),
                _ => None,
            })
            .collect();
        // Row numbers 1-based → temporary ids -1, -2, …
        assert_eq!(links, [(-2, -3, 0), (-3, -5, DAY), (-4, -7, 0)]);
        let parents: Vec<Option<i64>> = built
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::AddTask { parent, .. } => Some(*parent),
                _ => None,
            })
            .collect();
        assert_eq!(
            parents,
            [None, Some(-1), Some(-1), None, Some(-4), Some(-5), None]
        );
    }

    #[test]
    fn names_follow_the_language_with_english_as_fallback() {
        let mut r = row(0, "Design", 3, "");
        r.name_zh = "设计".into();
        let other = row(0, "Build", 3, "1");
        let body = TemplateBody {
            rows: vec![r, other],
        };
        let names = |lang| -> Vec<String> {
            body.build(lang)
                .expect("builds")
                .changes
                .into_iter()
                .filter_map(|c| match c {
                    Change::AddTask { name, .. } => Some(name),
                    _ => None,
                })
                .collect()
        };
        assert_eq!(names(Language::En), ["Design", "Build"]);
        assert_eq!(names(Language::ZhCn), ["设计", "Build"]);
    }

    #[test]
    fn bad_outlines_are_refused_with_the_row_and_the_reason() {
        let b = |rows| TemplateBody { rows };
        assert_eq!(
            invalid(&b(vec![])),
            "rows: a template needs at least one row"
        );
        assert_eq!(
            invalid(&b(vec![row(1, "x", 1, "")])),
            "rows: row 1: is indented more than one level below the row above"
        );
        assert_eq!(
            invalid(&b(vec![row(0, "a", 1, ""), row(0, " ", 1, "")])),
            "rows: row 2: the name is required"
        );
        assert_eq!(
            invalid(&b(vec![row(0, "a", 1, ""), row(0, "b", 1, "7")])),
            "rows: row 2: predecessor 7 is not a row of this template"
        );
        assert_eq!(
            invalid(&b(vec![row(0, "a", 1, "1")])),
            "rows: row 1: a row cannot be its own predecessor"
        );
        assert!(invalid(&b(vec![row(0, "a", 1, "x")])).starts_with("rows: row 1: \"x\""));
        assert_eq!(
            invalid(&b(vec![row(0, "a", 1_001, "")])),
            "rows: row 1: at most 1000 working days"
        );
        // A loop is the engine's refusal, reported on the rows.
        let looped = invalid(&b(vec![row(0, "a", 1, "2"), row(0, "b", 1, "1")]));
        assert!(looped.starts_with("rows: "), "{looped}");
        let mut phase = row(0, "Phase", 0, "");
        phase.go_live = true;
        assert_eq!(
            invalid(&b(vec![phase, row(1, "t", 1, "")])),
            "rows: row 1: a phase cannot be the go-live; choose a milestone in it"
        );
        let mut m1 = row(0, "m1", 0, "");
        m1.go_live = true;
        let m2 = m1.clone();
        assert_eq!(
            invalid(&b(vec![m1, m2])),
            "rows: row 2: only one row can be the go-live"
        );
    }

    #[test]
    fn the_go_live_row_is_named_by_its_temporary_id() {
        let mut live = row(0, "Live", 0, "1");
        live.go_live = true;
        let body = TemplateBody {
            rows: vec![row(0, "Build", 5, ""), live],
        };
        assert_eq!(body.build(Language::En).expect("builds").go_live, Some(-2));
    }

    #[test]
    fn an_input_needs_a_name() {
        let input = TemplateInput {
            name: "  ".into(),
            name_zh: String::new(),
            body: TemplateBody {
                rows: vec![row(0, "a", 1, "")],
            },
        };
        assert!(
            matches!(input.validated(), Err(AppError::Validation { field, .. }) if field == "name")
        );
        let ok = TemplateInput {
            name: " Rollout ".into(),
            ..input
        };
        assert_eq!(ok.validated().expect("valid"), "Rollout");
    }
}
