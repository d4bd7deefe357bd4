//! Change control on SQLite and PostgreSQL: requests numbered per
//! project, drafted and submitted by the project's people, decided only
//! by managers and admins, implemented (schedule changes applied, a
//! baseline saved) only once approved — each step checked, versioned and
//! audited; a refused step changes nothing.

mod support;

use cairn::domain::project::change_control::{ChangeRequestInput, CrStatus, DurationChange};
use cairn::domain::project::{CalendarKey, ProjectInput, ProjectStatus};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::entity::{audit_log, baseline};
use cairn::store::projects::{self, changes, start, templates};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use support::{actor, databases};

async fn project(s: &Store, pmo: &Actor) -> i64 {
    let builtin = templates::list(s, pmo).await.expect("templates")[0].id;
    start::create(
        s,
        pmo,
        ProjectInput {
            name: "Rollout".into(),
            account_id: None,
            deal_id: None,
            manager_id: None,
            calendar: CalendarKey::Standard,
            start: NaiveDate::from_ymd_opt(2030, 3, 4).expect("date"),
            status: ProjectStatus::Active,
        },
        Some(builtin),
    )
    .await
    .expect("project")
    .id
}

/// The stored id and length (minutes) of the task named `name`.
async fn task(s: &Store, who: &Actor, project_id: i64, name: &str) -> (i64, i64) {
    let plan = projects::plan(s, who, project_id).await.expect("plan");
    let t = plan.tasks.iter().find(|t| t.name == name).expect("task");
    (t.id, t.duration_minutes)
}

fn request(title: &str, task_id: i64, days: u16) -> ChangeRequestInput {
    ChangeRequestInput {
        title: title.into(),
        description: "Two more systems to connect".into(),
        reason: "Customer request".into(),
        scope_impact: "ERP and billing integrations".into(),
        schedule_days: 3,
        cost_impact: 1_500_000,
        currency: "USD".into(),
        changes: vec![DurationChange { task_id, days }],
    }
}

fn refused_status<T: std::fmt::Debug>(r: Result<T, AppError>) {
    assert!(
        matches!(&r, Err(AppError::Validation { field, .. }) if field == "status"),
        "{r:?}"
    );
}

#[tokio::test]
async fn only_managers_and_admins_approve_and_only_approved_changes_are_implemented() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let boss = actor(s, "boss", Role::Manager).await;
        let sales = actor(s, "ann", Role::Sales).await;
        let viewer = actor(s, "vic", Role::Viewer).await;
        let p = project(s, &pmo).await;
        let (cutover, before_len) = task(s, &pmo, p, "Cutover").await;
        let before = projects::plan(s, &pmo, p)
            .await
            .expect("plan")
            .project
            .finish;

        // Drafted by the project's people only.
        for who in [&sales, &viewer, &boss] {
            assert!(
                matches!(
                    changes::create(s, who, p, request("Sneaky", cutover, 9)).await,
                    Err(AppError::Forbidden)
                ),
                "{:?}",
                who.role
            );
        }
        let cr = changes::create(s, &pmo, p, request("More integrations", cutover, 6))
            .await
            .expect("draft");
        assert_eq!((cr.number, cr.status), (1, CrStatus::Draft));
        assert_eq!(cr.task_names, ["Cutover"]);

        // A draft cannot be decided; the PMO submits it.
        refused_status(
            changes::move_to(
                s,
                &boss,
                cr.id,
                cr.version,
                CrStatus::Approved,
                String::new(),
            )
            .await,
        );
        let submitted = changes::move_to(
            s,
            &pmo,
            cr.id,
            cr.version,
            CrStatus::Submitted,
            String::new(),
        )
        .await
        .expect("submitted");
        refused_status(
            changes::update(
                s,
                &pmo,
                cr.id,
                submitted.version,
                request("Edited", cutover, 1),
            )
            .await,
        );

        // Neither the PMO nor sales may approve; a manager may.
        for who in [&pmo, &sales, &viewer] {
            assert!(
                matches!(
                    changes::move_to(
                        s,
                        who,
                        cr.id,
                        submitted.version,
                        CrStatus::Approved,
                        String::new()
                    )
                    .await,
                    Err(AppError::Forbidden)
                ),
                "{:?}",
                who.role
            );
        }
        let approved = changes::move_to(
            s,
            &boss,
            cr.id,
            submitted.version,
            CrStatus::Approved,
            "Within the contingency".into(),
        )
        .await
        .expect("approved");
        assert_eq!(
            approved
                .decided
                .as_ref()
                .and_then(|d| d.by.as_ref())
                .map(|b| b.id),
            Some(boss.user_id)
        );
        assert_eq!(approved.decision_note, "Within the contingency");
        // Nothing changed in the plan yet.
        assert_eq!(task(s, &pmo, p, "Cutover").await.1, before_len);

        // The manager decides but does not change the plan; a stale
        // version is a conflict; the PMO implements.
        assert!(matches!(
            changes::move_to(
                s,
                &boss,
                cr.id,
                approved.version,
                CrStatus::Implemented,
                String::new()
            )
            .await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            changes::move_to(
                s,
                &pmo,
                cr.id,
                submitted.version,
                CrStatus::Implemented,
                String::new()
            )
            .await,
            Err(AppError::Conflict { .. })
        ));
        let done = changes::move_to(
            s,
            &pmo,
            cr.id,
            approved.version,
            CrStatus::Implemented,
            String::new(),
        )
        .await
        .expect("implemented");
        assert_eq!(done.status, CrStatus::Implemented);
        assert_eq!(task(s, &pmo, p, "Cutover").await.1, 6 * 480, "{}", db.name);
        let after = projects::plan(s, &pmo, p)
            .await
            .expect("plan")
            .project
            .finish;
        assert!(after > before, "{before:?} → {after:?}");
        let b = baseline::Entity::find_by_id(done.baseline_id.expect("a baseline"))
            .one(s.conn())
            .await
            .expect("query")
            .expect("baseline");
        assert_eq!(
            (b.project_id, b.name.as_str()),
            (p, "CR-1: More integrations")
        );
        refused_status(
            changes::move_to(s, &pmo, cr.id, done.version, CrStatus::Draft, String::new()).await,
        );

        // A second request is number 2; rejected by an admin, it cannot
        // be implemented.
        let admin = actor(s, "root", Role::Admin).await;
        let second = changes::create(s, &pmo, p, request("Gold plating", cutover, 20))
            .await
            .expect("draft");
        assert_eq!(second.number, 2);
        let second = changes::move_to(
            s,
            &pmo,
            second.id,
            second.version,
            CrStatus::Submitted,
            String::new(),
        )
        .await
        .expect("submitted");
        let rejected = changes::move_to(
            s,
            &admin,
            second.id,
            second.version,
            CrStatus::Rejected,
            "Out of scope".into(),
        )
        .await
        .expect("rejected");
        refused_status(
            changes::move_to(
                s,
                &pmo,
                second.id,
                rejected.version,
                CrStatus::Implemented,
                String::new(),
            )
            .await,
        );
        assert_eq!(task(s, &pmo, p, "Cutover").await.1, 6 * 480);

        // The change log: newest first, readable by a viewer.
        let log = changes::list(s, &viewer, p).await.expect("log");
        assert_eq!(
            log.iter().map(|c| (c.number, c.status)).collect::<Vec<_>>(),
            [(2, CrStatus::Rejected), (1, CrStatus::Implemented)]
        );
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("change_request"))
            .count(s.conn())
            .await
            .expect("audit");
        assert_eq!(
            audited,
            2 + 3 + 2,
            "{}: two creates and five steps",
            db.name
        );
    }
}

#[tokio::test]
async fn a_request_names_tasks_of_its_own_plan() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let p = project(s, &pmo).await;
        let other = project(s, &pmo).await;
        let (foreign, _) = task(s, &pmo, other, "Cutover").await;
        let r = changes::create(s, &pmo, p, request("Wrong plan", foreign, 2)).await;
        assert!(
            matches!(&r, Err(AppError::Validation { field, .. }) if field == "changes"),
            "{}: {r:?}",
            db.name
        );
    }
}
