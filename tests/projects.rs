//! Projects store behaviour on SQLite and PostgreSQL: the record with
//! its conflicts, plan edits in one transaction (temporary ids, stale
//! versions, loops, deletes and restores, other projects' rows),
//! baselines, permissions, the totals on the project row, the digest the
//! browser checks against, and live plan events.

mod support;

use std::time::Duration;

use cairn::domain::project::{
    Assignment, CalendarKey, Change, EditBatch, EditResult, ProjectInput, ProjectPlan,
    ProjectQuery, ProjectStatus, ProjectSummary, TaskField,
};
use cairn::domain::schedule::LinkKind;
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::entity::{audit_log, project_link, project_task};
use cairn::store::projects::{self, events};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use support::{actor, databases};

/// A Monday far enough ahead that nothing is late yet.
fn monday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2030, 3, 4).expect("date")
}

fn input(name: &str) -> ProjectInput {
    ProjectInput {
        name: name.into(),
        account_id: None,
        deal_id: None,
        manager_id: None,
        calendar: CalendarKey::Standard,
        start: monday(),
        status: ProjectStatus::Planned,
    }
}

async fn new_project(s: &Store, who: &Actor, name: &str) -> ProjectSummary {
    projects::create(s, who, input(name))
        .await
        .expect("create project")
}

async fn plan_of(s: &Store, who: &Actor, id: i64) -> ProjectPlan {
    projects::plan(s, who, id).await.expect("plan")
}

fn add_task(temp: i64, name: &str, days: i64) -> Change {
    Change::AddTask {
        temp,
        parent: None,
        // Distinct ranks in the order of the (negative) temporary ids:
        // -1 first, then -2, ….
        rank: cairn::domain::sales::rank::sequence(temp.unsigned_abs().max(1) as usize)
            .pop()
            .expect("a rank"),
        name: name.into(),
        duration_minutes: days * 480,
    }
}

fn add_link(temp: i64, p: i64, s: i64) -> Change {
    Change::AddLink {
        temp,
        predecessor: p,
        successor: s,
        kind: LinkKind::FinishToStart,
        lag_minutes: 0,
    }
}

async fn edit(s: &Store, who: &Actor, project_id: i64, changes: Vec<Change>) -> EditResult {
    projects::edit(
        s,
        who,
        EditBatch {
            project_id,
            changes,
        },
    )
    .await
    .expect("edit")
}

/// A project with A (1 day) → B (3 days); returns (project, A, B).
async fn two_tasks(s: &Store, who: &Actor, name: &str) -> (i64, i64, i64) {
    let p = new_project(s, who, name).await;
    let r = edit(
        s,
        who,
        p.id,
        vec![
            add_task(-1, "A", 1),
            add_task(-2, "B", 3),
            add_link(-1, -1, -2),
        ],
    )
    .await;
    (p.id, r.new_tasks[0].1, r.new_tasks[1].1)
}

async fn stored_rows(
    s: &Store,
    project_id: i64,
) -> (Vec<project_task::Model>, Vec<project_link::Model>) {
    let mut t = project_task::Entity::find()
        .filter(project_task::Column::ProjectId.eq(project_id))
        .all(s.conn())
        .await
        .expect("tasks");
    t.sort_by_key(|m| m.id);
    let mut l = project_link::Entity::find()
        .filter(project_link::Column::ProjectId.eq(project_id))
        .all(s.conn())
        .await
        .expect("links");
    l.sort_by_key(|m| m.id);
    (t, l)
}

#[tokio::test]
async fn projects_are_created_listed_and_updated_with_conflicts() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let viewer = actor(s, "viewer", Role::Viewer).await;
        let acct = cairn::store::customers::accounts::create(
            s,
            &actor(s, "admin", Role::Admin).await,
            cairn::domain::customer::AccountInput {
                name: "Globex Industrial".into(),
                ..Default::default()
            },
        )
        .await
        .expect("account");
        let mut i = input("Rollout");
        i.account_id = Some(acct.id);
        let p = projects::create(s, &pmo, i.clone()).await.expect("create");
        assert_eq!(
            (p.version, p.manager_id, p.account_name.as_deref()),
            (1, pmo.user_id, Some("Globex Industrial")),
            "{}",
            db.name
        );
        new_project(s, &pmo, "Other work").await;

        let list =
            |q: ProjectQuery| async move { projects::list(s, &viewer, &q).await.expect("list") };
        let names = |page: cairn::domain::customer::Page<ProjectSummary>| {
            page.items.into_iter().map(|p| p.name).collect::<Vec<_>>()
        };
        assert_eq!(
            names(list(ProjectQuery::default()).await),
            ["Other work", "Rollout"]
        );
        let by_account_name = ProjectQuery {
            q: "globex".into(),
            ..Default::default()
        };
        assert_eq!(names(list(by_account_name).await), ["Rollout"]);
        let by_account = ProjectQuery {
            account_id: Some(acct.id),
            ..Default::default()
        };
        assert_eq!(names(list(by_account).await), ["Rollout"]);
        let active = ProjectQuery {
            status: Some(ProjectStatus::Active),
            ..Default::default()
        };
        assert!(list(active).await.items.is_empty());

        i.status = ProjectStatus::Active;
        i.name = "Rollout phase 1".into();
        let u = projects::update(s, &pmo, p.id, 1, i.clone())
            .await
            .expect("update");
        assert_eq!((u.version, u.status), (2, ProjectStatus::Active));
        let stale = projects::update(s, &pmo, p.id, 1, i.clone()).await;
        assert!(
            matches!(
                stale,
                Err(AppError::Conflict {
                    current_version: 2,
                    ..
                })
            ),
            "{stale:?}"
        );
        assert!(matches!(
            projects::update(s, &viewer, p.id, 2, i.clone()).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            projects::create(s, &viewer, input("Nope")).await,
            Err(AppError::Forbidden)
        ));
        let mut bad = input("Bad");
        bad.manager_id = Some(999_999);
        assert!(matches!(
            projects::create(s, &pmo, bad).await,
            Err(AppError::Validation { ref field, .. }) if field == "manager_id"
        ));
        let mut bad = input("Bad");
        bad.account_id = Some(999_999);
        assert!(matches!(
            projects::create(s, &pmo, bad).await,
            Err(AppError::Validation { ref field, .. }) if field == "account_id"
        ));
        assert!(matches!(
            projects::create(s, &pmo, input("  ")).await,
            Err(AppError::Validation { ref field, .. }) if field == "name"
        ));
    }
}

#[tokio::test]
async fn a_batch_names_new_tasks_and_links_and_its_digest_is_the_servers() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let p = new_project(s, &pmo, "Build").await;
        let r = edit(
            s,
            &pmo,
            p.id,
            vec![
                add_task(-1, "Design", 2),
                add_task(-2, "Build", 3),
                add_link(-1, -1, -2),
                Change::EditTask {
                    id: -2,
                    version: 1,
                    field: TaskField::PercentComplete(10),
                },
            ],
        )
        .await;
        assert_eq!(r.new_tasks.len(), 2, "{}", db.name);
        assert_eq!(r.new_links.len(), 1);
        let (a, b) = (r.new_tasks[0].1, r.new_tasks[1].1);
        assert!(a > 0 && b > 0 && a != b);
        assert_eq!(r.new_tasks[0].0, -1);
        let link = r.links[0];
        assert_eq!(
            (link.id, link.predecessor, link.successor),
            (r.new_links[0].1, a, b)
        );
        let built = r.tasks.iter().find(|t| t.id == b).expect("B returned");
        assert_eq!((built.version, built.percent_complete), (2, 10));

        let plan = plan_of(s, &pmo, p.id).await;
        assert_eq!(
            plan.digest, r.digest,
            "the answer's digest is a fresh load's"
        );
        assert_ne!(plan.digest, 0);
        assert_eq!(plan.tasks.len(), 2);
        assert_eq!(plan.links, r.links);
        assert!(plan.editable);
        assert!(plan.people.iter().any(|x| x.id == pmo.user_id));
        let audits = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("project"))
            .filter(audit_log::Column::Action.eq("plan_edit"))
            .count(s.conn())
            .await
            .expect("audit");
        assert_eq!(audits, 1, "one audit entry per batch");

        // Assignments are stored in their own table and come back.
        let who = vec![Assignment {
            user_id: pmo.user_id,
            units: 50,
        }];
        let r = edit(
            s,
            &pmo,
            p.id,
            vec![Change::EditTask {
                id: a,
                version: 1,
                field: TaskField::Assignments(who.clone()),
            }],
        )
        .await;
        assert_eq!(r.tasks[0].assignments, who);
        let plan = plan_of(s, &pmo, p.id).await;
        assert_eq!(
            plan.tasks
                .iter()
                .find(|t| t.id == a)
                .map(|t| t.assignments.clone()),
            Some(who)
        );
        let nobody = projects::edit(
            s,
            &pmo,
            EditBatch {
                project_id: p.id,
                changes: vec![Change::EditTask {
                    id: a,
                    version: 2,
                    field: TaskField::Assignments(vec![Assignment {
                        user_id: 999_999,
                        units: 100,
                    }]),
                }],
            },
        )
        .await;
        assert!(matches!(
            nobody,
            Err(AppError::Validation { ref field, .. }) if field == "assignments"
        ));
    }
}

#[tokio::test]
async fn totals_are_written_on_the_project_row() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let (pid, a, _b) = two_tasks(s, &pmo, "Totals").await;
        edit(
            s,
            &pmo,
            pid,
            vec![Change::EditTask {
                id: a,
                version: 1,
                field: TaskField::PercentComplete(100),
            }],
        )
        .await;
        let p = plan_of(s, &pmo, pid).await.project;
        // A on Monday, B Tuesday to Thursday; 1 day of 4 done.
        assert_eq!(
            (
                p.task_count,
                p.percent_complete,
                p.finish,
                p.critical_late,
                p.version
            ),
            (2, 25, NaiveDate::from_ymd_opt(2030, 3, 7), false, 1),
            "{}",
            db.name
        );
        let listed = projects::list(s, &pmo, &ProjectQuery::default())
            .await
            .expect("list");
        assert_eq!(listed.items[0].percent_complete, 25);
    }
}

#[tokio::test]
async fn a_stale_version_refuses_the_whole_batch() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let (pid, a, b) = two_tasks(s, &pmo, "Stale").await;
        let before = stored_rows(s, pid).await;
        let before_plan = plan_of(s, &pmo, pid).await;
        let r = projects::edit(
            s,
            &pmo,
            EditBatch {
                project_id: pid,
                changes: vec![
                    Change::EditTask {
                        id: a,
                        version: 1,
                        field: TaskField::Name("Renamed".into()),
                    },
                    add_task(-1, "New", 1),
                    Change::EditTask {
                        id: b,
                        version: 7,
                        field: TaskField::Duration(480),
                    },
                ],
            },
        )
        .await;
        assert!(
            matches!(r, Err(AppError::Conflict { ref entity, current_version: 1 }) if entity == "task"),
            "{}: {r:?}",
            db.name
        );
        assert_eq!(stored_rows(s, pid).await, before, "nothing written");
        assert_eq!(plan_of(s, &pmo, pid).await, before_plan);
    }
}

#[tokio::test]
async fn a_dependency_loop_is_refused_naming_predecessors() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let (pid, a, b) = two_tasks(s, &pmo, "Loop").await;
        let before = stored_rows(s, pid).await;
        let r = projects::edit(
            s,
            &pmo,
            EditBatch {
                project_id: pid,
                changes: vec![
                    add_task(-1, "C", 1),
                    add_link(-1, b, -1),
                    add_link(-2, -1, a),
                ],
            },
        )
        .await;
        match r {
            Err(AppError::Validation { field, reason }) => {
                assert_eq!(field, "predecessors", "{}", db.name);
                assert!(reason.contains('A') && reason.contains('B'), "{reason}");
            }
            other => panic!("{}: expected a loop refusal, got {other:?}", db.name),
        }
        assert_eq!(stored_rows(s, pid).await, before, "nothing written");
    }
}

#[tokio::test]
async fn tasks_are_deleted_and_restored_under_the_same_id() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let (pid, a, b) = two_tasks(s, &pmo, "Undo").await;
        let r = edit(s, &pmo, pid, vec![Change::DeleteTask { id: b, version: 1 }]).await;
        assert_eq!(
            (r.tasks[0].id, r.tasks[0].deleted, r.tasks[0].version),
            (b, true, 2)
        );
        let plan = plan_of(s, &pmo, pid).await;
        assert_eq!(
            plan.tasks.len(),
            2,
            "{}: deleted tasks stay in the plan",
            db.name
        );
        assert_eq!(plan.project.task_count, 1);
        assert_eq!(plan.links.len(), 1, "its link stays, for undo");
        let r = edit(
            s,
            &pmo,
            pid,
            vec![Change::RestoreTask { id: b, version: 2 }],
        )
        .await;
        assert_eq!((r.tasks[0].deleted, r.tasks[0].version), (false, 3));
        let plan = plan_of(s, &pmo, pid).await;
        assert_eq!(plan.project.task_count, 2);
        assert_eq!(plan.digest, r.digest);
        // A link deleted and restored.
        let link = plan.links[0];
        edit(
            s,
            &pmo,
            pid,
            vec![Change::DeleteLink {
                id: link.id,
                version: link.version,
            }],
        )
        .await;
        let r = edit(
            s,
            &pmo,
            pid,
            vec![Change::RestoreLink {
                id: link.id,
                version: link.version + 1,
            }],
        )
        .await;
        assert_eq!(
            (
                r.links[0].predecessor,
                r.links[0].deleted,
                r.links[0].version
            ),
            (a, false, link.version + 2)
        );
    }
}

#[tokio::test]
async fn a_batch_cannot_touch_another_projects_rows() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let (pa, a, _) = two_tasks(s, &pmo, "Alpha").await;
        let (pb, x, _) = two_tasks(s, &pmo, "Beta").await;
        let before_b = stored_rows(s, pb).await;
        let link_b = before_b.1[0].id;
        for change in [
            Change::EditTask {
                id: x,
                version: 1,
                field: TaskField::Name("Hijacked".into()),
            },
            add_link(-1, a, x),
            Change::AddTask {
                temp: -1,
                parent: Some(x),
                rank: cairn::domain::sales::rank::sequence(1).remove(0),
                name: "Under B".into(),
                duration_minutes: 480,
            },
            Change::DeleteLink {
                id: link_b,
                version: 1,
            },
        ] {
            let r = projects::edit(
                s,
                &pmo,
                EditBatch {
                    project_id: pa,
                    changes: vec![change.clone()],
                },
            )
            .await;
            assert!(
                matches!(r, Err(AppError::NotFound { .. })),
                "{}: {change:?} gave {r:?}",
                db.name
            );
        }
        assert_eq!(stored_rows(s, pb).await, before_b);
        // A positive "temporary" id could pass for a stored one: refused.
        let r = projects::edit(
            s,
            &pmo,
            EditBatch {
                project_id: pa,
                changes: vec![add_task(5, "Positive", 1)],
            },
        )
        .await;
        assert!(matches!(r, Err(AppError::Validation { .. })), "{r:?}");
    }
}

#[tokio::test]
async fn only_project_writers_edit_a_plan() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let (pid, a, _) = two_tasks(s, &pmo, "Guarded").await;
        for role in [Role::Viewer, Role::Sales, Role::Manager, Role::Service] {
            let who = actor(s, &format!("u{}", role.as_str()), role).await;
            let r = projects::edit(
                s,
                &who,
                EditBatch {
                    project_id: pid,
                    changes: vec![Change::EditTask {
                        id: a,
                        version: 1,
                        field: TaskField::Name("Mine".into()),
                    }],
                },
            )
            .await;
            assert!(
                matches!(r, Err(AppError::Forbidden)),
                "{}: {role:?}",
                db.name
            );
            let plan = plan_of(s, &who, pid).await;
            assert!(!plan.editable, "{role:?} reads but may not edit");
            assert!(matches!(
                projects::save_baseline(s, &who, pid, "Mine").await,
                Err(AppError::Forbidden)
            ));
        }
        let admin = actor(s, "admin", Role::Admin).await;
        assert!(plan_of(s, &admin, pid).await.editable);
        assert!(matches!(
            projects::plan(s, &pmo, 999_999).await,
            Err(AppError::NotFound { .. })
        ));
    }
}

#[tokio::test]
async fn a_baseline_keeps_the_dates_it_was_saved_with() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let viewer = actor(s, "viewer", Role::Viewer).await;
        let (pid, a, b) = two_tasks(s, &pmo, "Baselined").await;
        for bad in ["", "   ", &"x".repeat(101)] {
            assert!(matches!(
                projects::save_baseline(s, &pmo, pid, bad).await,
                Err(AppError::Validation { ref field, .. }) if field == "name"
            ));
        }
        let info = projects::save_baseline(s, &pmo, pid, " Approved plan ")
            .await
            .expect("baseline");
        assert_eq!(info.name, "Approved plan");
        // The plan moves on; the baseline does not.
        edit(
            s,
            &pmo,
            pid,
            vec![Change::EditTask {
                id: a,
                version: 1,
                field: TaskField::Duration(480 * 5),
            }],
        )
        .await;
        let bars = projects::baseline_bars(s, &viewer, info.id)
            .await
            .expect("bars");
        assert_eq!(
            bars.iter().map(|x| x.task_id).collect::<Vec<_>>(),
            [a, b],
            "{}",
            db.name
        );
        let day = |d: u32, h: u32| {
            NaiveDate::from_ymd_opt(2030, 3, d)
                .and_then(|x| x.and_hms_opt(h, 0, 0))
                .expect("datetime")
        };
        assert_eq!(bars[1].start.date(), day(5, 8).date(), "B started Tuesday");
        assert_eq!(
            bars[1].finish.date(),
            day(7, 17).date(),
            "B finished Thursday"
        );
        let plan = plan_of(s, &viewer, pid).await;
        assert_eq!(plan.baselines, vec![info.clone()]);
        assert!(matches!(
            projects::baseline_bars(s, &viewer, 999_999).await,
            Err(AppError::NotFound { .. })
        ));
    }
}

#[tokio::test]
async fn a_saved_batch_reaches_the_plans_subscribers() {
    for db in databases().await {
        let s = &db.store;
        events::spawn_listener(s);
        tokio::time::timeout(Duration::from_secs(5), s.plans().ready())
            .await
            .expect("listener ready");
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let p = new_project(s, &pmo, "Live").await;
        let mut rx = s.plans().subscribe();
        let r = edit(s, &pmo, p.id, vec![add_task(-1, "Heard", 1)]).await;
        let e = tokio::time::timeout(Duration::from_secs(5), rx.recv())
            .await
            .expect("in time")
            .expect("an event");
        assert_eq!(
            (e.project_id, e.user_id, e.digest),
            (p.id, pmo.user_id, r.digest),
            "{}",
            db.name
        );
        assert_eq!(e.tasks, r.tasks);
    }
}

#[tokio::test]
async fn the_scale_seed_writes_a_plan_that_loads() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let report = projects::scale::project_tasks(s, 2_000)
            .await
            .expect("scale");
        assert_eq!((report.tasks, report.links), (2_000, 4_000), "{}", db.name);
        assert_eq!(
            report.to_string(),
            format!(
                "project {} seeded with 2000 tasks and 4000 links",
                report.project_id
            )
        );
        let plan = plan_of(s, &pmo, report.project_id).await;
        assert_eq!((plan.tasks.len(), plan.links.len()), (2_000, 4_000));
        assert_eq!(plan.project.task_count, 2_000);
        // Rows added afterwards get fresh ids (the sequence moved on).
        let r = edit(s, &pmo, report.project_id, vec![add_task(-1, "After", 1)]).await;
        assert!(r.new_tasks[0].1 > plan.tasks.iter().map(|t| t.id).max().unwrap_or(0));
    }
}

#[tokio::test]
async fn two_batches_on_one_task_at_once_give_one_save_and_one_conflict() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let (pid, a, _) = two_tasks(s, &pmo, "Race").await;
        let rename = |name: &str| EditBatch {
            project_id: pid,
            changes: vec![
                add_task(-1, name, 1),
                Change::EditTask {
                    id: a,
                    version: 1,
                    field: TaskField::Name(name.into()),
                },
            ],
        };
        let (x, y) = tokio::join!(
            projects::edit(s, &pmo, rename("First")),
            projects::edit(s, &pmo, rename("Second"))
        );
        let (won, lost) = match (x, y) {
            (Ok(w), Err(l)) | (Err(l), Ok(w)) => (w, l),
            other => panic!(
                "{}: expected one save and one conflict, got {other:?}",
                db.name
            ),
        };
        assert!(
            matches!(
                lost,
                AppError::Conflict {
                    current_version: 2,
                    ..
                }
            ),
            "{lost:?}"
        );
        let plan = plan_of(s, &pmo, pid).await;
        assert_eq!(plan.tasks.len(), 3, "{}: the loser added nothing", db.name);
        assert_eq!(plan.digest, won.digest);
    }
}
