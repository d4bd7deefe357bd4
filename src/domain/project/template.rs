//! Built-in plan templates, as data. A template becomes the batch of
//! [`Change`]s that builds it in an empty plan, so it is stored through
//! the same edit path as anything typed in the Gantt.

use std::collections::HashMap;

use super::change::{Change, TaskField};
use super::model::Assignment;
use crate::domain::sales::rank;
use crate::domain::schedule::LinkKind;

/// A working day of the standard calendar, in minutes.
pub const DAY: i64 = 480;

/// A phase: its tasks (name, working days) and the milestone closing it.
pub struct Phase {
    pub name: &'static str,
    pub tasks: &'static [(&'static str, i64)],
    pub milestone: &'static str,
}

pub const CRM_IMPLEMENTATION_NAME: &str = "CRM implementation plan";

pub const CRM_IMPLEMENTATION: [Phase; 9] = [
    Phase {
        name: "Initiation",
        tasks: &[("Project charter", 3), ("Kickoff meeting", 1)],
        milestone: "Project kicked off",
    },
    Phase {
        name: "Requirements",
        tasks: &[
            ("Stakeholder interviews", 5),
            ("Current process mapping", 4),
            ("Requirements sign-off", 2),
        ],
        milestone: "Requirements signed off",
    },
    Phase {
        name: "Design",
        tasks: &[
            ("Solution design", 5),
            ("Data model and field mapping", 3),
            ("Integration design", 3),
        ],
        milestone: "Design approved",
    },
    Phase {
        name: "Configuration & development",
        tasks: &[
            ("Pipelines and stages", 4),
            ("Custom fields and layouts", 5),
            ("Integrations", 8),
            ("Reports and dashboards", 4),
        ],
        milestone: "Build complete",
    },
    Phase {
        name: "Data migration",
        tasks: &[
            ("Data cleansing", 5),
            ("Trial migration", 3),
            ("Final migration", 2),
        ],
        milestone: "Data migrated",
    },
    Phase {
        name: "Testing",
        tasks: &[
            ("System testing", 5),
            ("User acceptance testing", 5),
            ("Fixes and retest", 3),
        ],
        milestone: "UAT passed",
    },
    Phase {
        name: "Training",
        tasks: &[("Train-the-trainer", 2), ("End-user training", 4)],
        milestone: "Users trained",
    },
    Phase {
        name: "Go-live",
        tasks: &[("Cutover", 1), ("Hypercare", 10)],
        milestone: "Live",
    },
    Phase {
        name: "Closeout",
        tasks: &[("Lessons learned", 1), ("Handover to support", 2)],
        milestone: "Project closed",
    },
];

/// Links besides the finish-to-start chain: (predecessor, successor,
/// kind, lag in days), by task name; the predecessor always comes first
/// in the outline, so no loop can form.
pub const CRM_EXTRA_LINKS: [(&str, &str, LinkKind, i64); 3] = [
    (
        "Pipelines and stages",
        "Integrations",
        LinkKind::FinishToFinish,
        1,
    ),
    (
        "Trial migration",
        "System testing",
        LinkKind::StartToStart,
        2,
    ),
    (
        "User acceptance testing",
        "Train-the-trainer",
        LinkKind::StartToStart,
        3,
    ),
];

/// The batch that builds the CRM implementation plan in an empty plan:
/// phases as summary tasks, each with its tasks and milestone, linked
/// finish-to-start along the chain plus [`CRM_EXTRA_LINKS`]. Tasks are
/// assigned round-robin to `people` (100 %). With `progress: Some(k)`
/// the first `k` phases are complete and the next one is half-way
/// through its first task; `None`: nothing started. Temporary ids are
/// -1, -2, … for tasks and for links.
pub fn crm_implementation(people: &[i64], progress: Option<usize>) -> Vec<Change> {
    let mut out = Vec::new();
    let mut next_task = 0i64;
    let mut next_link = 0i64;
    let mut by_name: HashMap<&str, i64> = HashMap::new();
    // (temp id, phase index) of the leaves, in outline order.
    let mut leaves: Vec<(i64, usize)> = Vec::new();
    let mut chain: Vec<i64> = Vec::new();
    let phase_ranks = rank::sequence(CRM_IMPLEMENTATION.len());
    for (p, phase) in CRM_IMPLEMENTATION.iter().enumerate() {
        next_task -= 1;
        let phase_id = next_task;
        out.push(Change::AddTask {
            temp: phase_id,
            parent: None,
            rank: phase_ranks[p].clone(),
            name: phase.name.into(),
            duration_minutes: 0,
        });
        let ranks = rank::sequence(phase.tasks.len() + 1);
        let rows = phase
            .tasks
            .iter()
            .map(|&(n, d)| (n, d * DAY))
            .chain(std::iter::once((phase.milestone, 0)));
        for ((name, minutes), r) in rows.zip(ranks) {
            next_task -= 1;
            out.push(Change::AddTask {
                temp: next_task,
                parent: Some(phase_id),
                rank: r,
                name: name.into(),
                duration_minutes: minutes,
            });
            by_name.insert(name, next_task);
            chain.push(next_task);
            if minutes > 0 {
                leaves.push((next_task, p));
            }
        }
    }
    let mut link = |out: &mut Vec<Change>, p: i64, s: i64, kind: LinkKind, lag_days: i64| {
        next_link -= 1;
        out.push(Change::AddLink {
            temp: next_link,
            predecessor: p,
            successor: s,
            kind,
            lag_minutes: lag_days * DAY,
        });
    };
    for w in chain.windows(2) {
        link(&mut out, w[0], w[1], LinkKind::FinishToStart, 0);
    }
    for (p, s, kind, lag) in CRM_EXTRA_LINKS {
        if let (Some(&p), Some(&s)) = (by_name.get(p), by_name.get(s)) {
            link(&mut out, p, s, kind, lag);
        }
    }
    let mut versions: HashMap<i64, i64> = HashMap::new();
    let mut edit = |out: &mut Vec<Change>, id: i64, field: TaskField| {
        let v = versions.entry(id).or_insert(1);
        out.push(Change::EditTask {
            id,
            version: *v,
            field,
        });
        *v += 1;
    };
    let mut first_open = true;
    for (k, &(id, phase)) in leaves.iter().enumerate() {
        if !people.is_empty() {
            let who = Assignment {
                user_id: people[k % people.len()],
                units: 100,
            };
            edit(&mut out, id, TaskField::Assignments(vec![who]));
        }
        let Some(done_phases) = progress else {
            continue;
        };
        if phase < done_phases {
            edit(&mut out, id, TaskField::PercentComplete(100));
        } else if phase == done_phases && first_open {
            first_open = false;
            edit(&mut out, id, TaskField::PercentComplete(50));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::{ProjectState, compute};
    use crate::domain::schedule::{Scheduler, presets};
    use chrono::NaiveDate;

    #[test]
    fn the_crm_template_builds_a_plan_that_schedules() {
        let mut s = ProjectState::default();
        s.apply_all(&crm_implementation(&[7, 8], Some(2)))
            .expect("the template applies");
        let leaves: usize = CRM_IMPLEMENTATION.iter().map(|p| p.tasks.len() + 1).sum();
        assert_eq!(s.live_tasks().count(), CRM_IMPLEMENTATION.len() + leaves);
        for p in &CRM_IMPLEMENTATION {
            assert!((1..=4).contains(&p.tasks.len()), "{}", p.name);
        }
        let kinds: Vec<LinkKind> = s.live_links().map(|l| l.kind).collect();
        assert!(kinds.contains(&LinkKind::StartToStart));
        assert!(kinds.contains(&LinkKind::FinishToFinish));
        assert_eq!(kinds.len(), leaves - 1 + CRM_EXTRA_LINKS.len());
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
        let c = compute::compile(&s, start, &presets::standard()).expect("compiles");
        let sch = compute::run(&mut Scheduler::default(), &c).expect("schedules");
        assert_eq!(c.numbers[..3], ["1", "1.1", "1.2"]);
        assert!(c.summary[0]);
        let t = compute::totals(&c, &sch, start);
        assert!(t.percent_complete > 0 && t.percent_complete < 100);
        // Phases run one after the other: the plan is longer than any phase.
        assert!(
            t.finish
                .is_some_and(|f| f > start + chrono::Duration::days(90))
        );
        // Assigned round-robin to both people.
        let assigned: std::collections::HashSet<i64> = s
            .live_tasks()
            .flat_map(|t| t.assignments.iter().map(|a| a.user_id))
            .collect();
        assert_eq!(assigned.len(), 2);
    }

    #[test]
    fn without_people_or_progress_nothing_is_assigned_or_done() {
        let mut s = ProjectState::default();
        s.apply_all(&crm_implementation(&[], None))
            .expect("applies");
        assert!(s.live_tasks().all(|t| t.assignments.is_empty()));
        assert!(s.live_tasks().all(|t| t.percent_complete == 0));
        let mut s = ProjectState::default();
        s.apply_all(&crm_implementation(&[], Some(0)))
            .expect("applies");
        // Only the first task of the first phase is under way.
        assert_eq!(s.live_tasks().filter(|t| t.percent_complete > 0).count(), 1);
    }
}
