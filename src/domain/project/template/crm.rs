//! The built-in "CRM implementation" template: the nine phases of
//! delivering a CRM (initiation to closeout), each with its typical tasks
//! and the gate milestone closing it, in English and Chinese. Installed
//! as an editable template by the migration that adds templates; the demo
//! projects are built from it too.

use std::collections::HashMap;

use super::{Built, TemplateBody, TemplateRow};
use crate::domain::Language;
use crate::domain::project::change::{Change, TaskField};
use crate::domain::project::model::Assignment;
use crate::domain::schedule::LinkKind;

pub const NAME: &str = "CRM implementation";
pub const NAME_ZH: &str = "CRM 实施";

/// A phase: its tasks (English, Chinese, working days) and its gate
/// milestone. A milestone inside the tasks (0 days) is a gate too.
struct Phase {
    name: (&'static str, &'static str),
    tasks: &'static [(&'static str, &'static str, u16)],
    gate: (&'static str, &'static str),
}

/// The go-live milestone: what the deal and the account show.
const GO_LIVE: &str = "Go-live";

const PHASES: [Phase; 9] = [
    Phase {
        name: ("Initiation", "启动"),
        tasks: &[
            ("Project charter", "项目章程", 3),
            ("Kickoff meeting", "项目启动会", 1),
        ],
        gate: ("Project kicked off", "项目已启动"),
    },
    Phase {
        name: ("Requirements", "需求"),
        tasks: &[
            ("Stakeholder interviews", "干系人访谈", 5),
            ("Current process mapping", "现状流程梳理", 4),
            ("Requirements sign-off", "需求确认", 2),
        ],
        gate: ("Requirements signed off", "需求已签核"),
    },
    Phase {
        name: ("Design", "设计"),
        tasks: &[
            ("Solution design", "方案设计", 5),
            ("Data model and field mapping", "数据模型与字段映射", 3),
            ("Integration design", "集成设计", 3),
        ],
        gate: ("Design approved", "设计已批准"),
    },
    Phase {
        name: ("Configuration & development", "配置与开发"),
        tasks: &[
            ("Pipelines and stages", "销售管道与阶段", 4),
            ("Custom fields and layouts", "自定义字段与布局", 5),
            ("Integrations", "系统集成", 8),
            ("Reports and dashboards", "报表与仪表盘", 4),
        ],
        gate: ("Build complete", "构建完成"),
    },
    Phase {
        name: ("Data migration", "数据迁移"),
        tasks: &[
            ("Data cleansing", "数据清洗", 5),
            ("Trial migration", "试迁移", 3),
            ("Final migration", "正式迁移", 2),
        ],
        gate: ("Data migrated", "数据迁移完成"),
    },
    Phase {
        name: ("Testing", "测试"),
        tasks: &[
            ("System testing", "系统测试", 5),
            ("User acceptance testing", "用户验收测试", 5),
            ("Fixes and retest", "修复与回归测试", 3),
        ],
        gate: ("UAT passed", "验收测试通过"),
    },
    Phase {
        name: ("Training", "培训"),
        tasks: &[
            ("Train-the-trainer", "培训讲师", 2),
            ("End-user training", "最终用户培训", 4),
        ],
        gate: ("Users trained", "用户培训完成"),
    },
    Phase {
        name: ("Go-live", "上线"),
        tasks: &[
            ("Cutover", "系统切换", 1),
            (GO_LIVE, "正式上线", 0),
            ("Hypercare", "上线保障", 10),
        ],
        gate: ("Hypercare complete", "上线保障期结束"),
    },
    Phase {
        name: ("Closeout", "收尾"),
        tasks: &[
            ("Lessons learned", "经验教训总结", 1),
            ("Handover to support", "移交运维支持", 2),
        ],
        gate: ("Project closed", "项目关闭"),
    },
];

/// Links besides the finish-to-start chain: (predecessor, successor,
/// kind, lag in days), by English name; the predecessor always comes
/// first in the outline, so no loop can form.
const EXTRA_LINKS: [(&str, &str, LinkKind, i64); 3] = [
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

/// The template's outline: phases at level 0, their tasks and gates at
/// level 1, each task finish-to-start after the one before it, plus
/// [`EXTRA_LINKS`].
pub fn crm_implementation_body() -> TemplateBody {
    let mut rows = Vec::new();
    let mut number: HashMap<&str, String> = HashMap::new();
    let mut previous: Option<String> = None;
    for (p, phase) in PHASES.iter().enumerate() {
        rows.push(TemplateRow {
            level: 0,
            name: phase.name.0.into(),
            name_zh: phase.name.1.into(),
            ..Default::default()
        });
        let tasks =
            phase
                .tasks
                .iter()
                .copied()
                .chain(std::iter::once((phase.gate.0, phase.gate.1, 0)));
        for (t, (en, zh, days)) in tasks.enumerate() {
            let n = format!("{}.{}", p + 1, t + 1);
            let mut preds: Vec<String> = previous.iter().cloned().collect();
            for (from, to, kind, lag) in EXTRA_LINKS {
                if to == en
                    && let Some(f) = number.get(from)
                {
                    preds.push(format!("{f}{}+{lag}d", kind.abbreviation()));
                }
            }
            rows.push(TemplateRow {
                level: 1,
                name: en.into(),
                name_zh: zh.into(),
                days,
                predecessors: preds.join(", "),
                go_live: en == GO_LIVE,
            });
            number.insert(en, n.clone());
            previous = Some(n);
        }
    }
    TemplateBody { rows }
}

/// The batch building the CRM implementation plan (the demo projects):
/// tasks assigned round-robin to `people` (100 %). With `progress:
/// Some(k)` the first `k` phases are complete and the next one is
/// half-way through its first task; `None`: nothing started.
pub fn crm_implementation(people: &[i64], progress: Option<usize>, language: Language) -> Built {
    let body = crm_implementation_body();
    let Ok(built) = body.build(language) else {
        return Built {
            changes: Vec::new(),
            go_live: None,
        };
    };
    let mut out = built.changes;
    // (temp id, phase index) of the rows with work, in outline order.
    let mut leaves: Vec<(i64, usize)> = Vec::new();
    let mut phase = 0usize;
    for (i, r) in body.rows.iter().enumerate() {
        if r.level == 0 {
            phase = PHASES
                .iter()
                .position(|p| p.name.0 == r.name)
                .unwrap_or(phase);
        } else if r.days > 0 {
            leaves.push((-(i as i64) - 1, phase));
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
    Built {
        changes: out,
        go_live: built.go_live,
    }
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
        s.apply_all(&crm_implementation(&[7, 8], Some(2), Language::En).changes)
            .expect("the template applies");
        let rows: usize = PHASES.iter().map(|p| p.tasks.len() + 2).sum();
        assert_eq!(s.live_tasks().count(), rows);
        for p in &PHASES {
            assert!((1..=4).contains(&p.tasks.len()), "{}", p.name.0);
            assert!(!p.name.1.is_empty() && !p.gate.1.is_empty());
        }
        let kinds: Vec<LinkKind> = s.live_links().map(|l| l.kind).collect();
        assert!(kinds.contains(&LinkKind::StartToStart));
        assert!(kinds.contains(&LinkKind::FinishToFinish));
        assert_eq!(kinds.len(), rows - PHASES.len() - 1 + EXTRA_LINKS.len());
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
        let assigned: std::collections::HashSet<i64> = s
            .live_tasks()
            .flat_map(|t| t.assignments.iter().map(|a| a.user_id))
            .collect();
        assert_eq!(assigned.len(), 2);
    }

    #[test]
    fn the_go_live_is_the_milestone_after_cutover_and_critical() {
        let body = crm_implementation_body();
        let live: Vec<&TemplateRow> = body.rows.iter().filter(|r| r.go_live).collect();
        assert_eq!(live.len(), 1);
        assert_eq!((live[0].days, live[0].name_zh.as_str()), (0, "正式上线"));
        let built = body.build(Language::En).expect("builds");
        let go_live = built.go_live.expect("a go-live");
        let mut s = ProjectState::default();
        s.apply_all(&built.changes).expect("applies");
        let start = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
        let c = compute::compile(&s, start, &presets::standard()).expect("compiles");
        let sch = compute::run(&mut Scheduler::default(), &c).expect("schedules");
        let i = c.ix[&go_live];
        // Every task before it is on the one chain: the go-live is
        // critical, and lands before hypercare and closeout end.
        assert!(sch.is_critical(i));
        let t = compute::totals(&c, &sch, start);
        let live_day = sch.finish(i).date();
        assert!(t.finish.is_some_and(|f| f > live_day));
    }

    #[test]
    fn the_chinese_plan_has_chinese_names() {
        let mut s = ProjectState::default();
        s.apply_all(&crm_implementation(&[], None, Language::ZhCn).changes)
            .expect("applies");
        let names: Vec<String> = s.live_tasks().map(|t| t.name.clone()).collect();
        assert!(names.iter().any(|n| n == "启动"));
        assert!(names.iter().any(|n| n == "正式上线"));
        assert!(!names.iter().any(|n| n == "Initiation"));
    }

    #[test]
    fn without_people_or_progress_nothing_is_assigned_or_done() {
        let mut s = ProjectState::default();
        s.apply_all(&crm_implementation(&[], None, Language::En).changes)
            .expect("applies");
        assert!(s.live_tasks().all(|t| t.assignments.is_empty()));
        assert!(s.live_tasks().all(|t| t.percent_complete == 0));
        let mut s = ProjectState::default();
        s.apply_all(&crm_implementation(&[], Some(0), Language::En).changes)
            .expect("applies");
        // Only the first task of the first phase is under way.
        assert_eq!(s.live_tasks().filter(|t| t.percent_complete > 0).count(), 1);
    }
}
