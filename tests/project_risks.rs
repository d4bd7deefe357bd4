//! The risk register on SQLite and PostgreSQL: risks created, listed
//! highest score first with their bands and expected values, changed
//! with compare-and-set (a stale version is a conflict, nothing written),
//! deleted; who may read and change them (the project's); a task of
//! another project refused; every change audited.

mod support;

use cairn::domain::project::risk::{Band, Category, Response, RiskInput, Status};
use cairn::domain::project::{
    CalendarKey, Change, EditBatch, ProjectInput, ProjectStatus, ProjectSummary,
};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::entity::audit_log;
use cairn::store::projects::{self, risks};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use support::{actor, actor_in, databases};

async fn project(s: &Store, who: &Actor, name: &str) -> ProjectSummary {
    projects::create(
        s,
        who,
        ProjectInput {
            name: name.into(),
            account_id: None,
            deal_id: None,
            manager_id: None,
            calendar: CalendarKey::Standard,
            start: NaiveDate::from_ymd_opt(2030, 3, 4).expect("date"),
            status: ProjectStatus::Planned,
        },
    )
    .await
    .expect("project")
}

/// One task named `name` in the project; its id.
async fn task(s: &Store, who: &Actor, project_id: i64, name: &str) -> i64 {
    let r = projects::edit(
        s,
        who,
        EditBatch {
            project_id,
            changes: vec![Change::AddTask {
                temp: -1,
                parent: None,
                rank: cairn::domain::sales::rank::sequence(1).pop().expect("rank"),
                name: name.into(),
                duration_minutes: 5 * 480,
            }],
        },
    )
    .await
    .expect("task");
    r.new_tasks[0].1
}

fn risk(title: &str, probability: i64, impact: i64, cost: i64) -> RiskInput {
    RiskInput {
        title: title.into(),
        description: String::new(),
        category: Category::Data,
        probability,
        impact,
        response: Response::Mitigate,
        plan: "Trial migration two weeks ahead".into(),
        owner_id: None,
        trigger: "Trial run fails".into(),
        status: Status::Open,
        cost_impact: cost,
        currency: "USD".into(),
        task_id: None,
    }
}

fn field_of<T: std::fmt::Debug>(r: Result<T, AppError>) -> String {
    match r {
        Err(AppError::Validation { field, .. }) => field,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[tokio::test]
async fn the_register_ranks_rates_and_versions_risks() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let p = project(s, &pmo, "Rollout").await;
        let migrate = task(s, &pmo, p.id, "Data migration").await;

        let low = risks::create(s, &pmo, p.id, risk("Late invoices", 1, 2, 100_000))
            .await
            .expect("low");
        let high = risks::create(
            s,
            &pmo,
            p.id,
            RiskInput {
                task_id: Some(migrate),
                owner_id: Some(pmo.user_id),
                ..risk("  Legacy data is dirty ", 4, 5, 1_500_000)
            },
        )
        .await
        .expect("high");
        // By hand: 4 × 5 = 20, high; 70 % of 15,000.00 = 10,500.00.
        assert_eq!(
            (high.score, high.band, high.emv),
            (20, Band::High, 1_050_000)
        );
        assert_eq!(high.title, "Legacy data is dirty");
        assert_eq!(high.task_name.as_deref(), Some("Data migration"));
        assert_eq!(high.owner.as_ref().map(|o| o.id), Some(pmo.user_id));
        assert_eq!((low.score, low.band, low.emv), (2, Band::Low, 10_000));

        let listed = risks::list(s, &pmo, p.id).await.expect("list");
        assert_eq!(
            listed.iter().map(|r| r.id).collect::<Vec<_>>(),
            [high.id, low.id],
            "{}: highest score first",
            db.name
        );

        // Raised to 3 × 4 = 12 (medium), then a stale edit is refused.
        let raised = risks::update(
            s,
            &pmo,
            low.id,
            low.version,
            risk("Late invoices", 3, 4, 100_000),
        )
        .await
        .expect("update");
        assert_eq!(
            (raised.score, raised.band, raised.version),
            (12, Band::Medium, 2)
        );
        let stale = risks::update(s, &pmo, low.id, low.version, risk("Lost edit", 5, 5, 0)).await;
        assert!(
            matches!(
                stale,
                Err(AppError::Conflict {
                    current_version: 2,
                    ..
                })
            ),
            "{}: {stale:?}",
            db.name
        );
        let still = risks::list(s, &pmo, p.id).await.expect("list");
        assert!(
            still
                .iter()
                .any(|r| r.title == "Late invoices" && r.score == 12)
        );

        // Bad input names its field and writes nothing.
        assert_eq!(
            field_of(risks::create(s, &pmo, p.id, risk("x", 0, 3, 0)).await),
            "probability"
        );
        assert_eq!(
            field_of(risks::create(s, &pmo, p.id, risk("x", 3, 6, 0)).await),
            "impact"
        );
        assert_eq!(
            field_of(risks::create(s, &pmo, p.id, risk(" ", 3, 3, 0)).await),
            "title"
        );
        let other = project(s, &pmo, "Other").await;
        let foreign = task(s, &pmo, other.id, "Someone else's task").await;
        let wrong_task = RiskInput {
            task_id: Some(foreign),
            ..risk("x", 3, 3, 0)
        };
        assert_eq!(
            field_of(risks::create(s, &pmo, p.id, wrong_task).await),
            "task_id"
        );
        let nobody = RiskInput {
            owner_id: Some(999_999),
            ..risk("x", 3, 3, 0)
        };
        assert_eq!(
            field_of(risks::create(s, &pmo, p.id, nobody).await),
            "owner_id"
        );
        assert_eq!(risks::list(s, &pmo, p.id).await.expect("list").len(), 2);

        // Deleting needs the current version.
        let stale = risks::delete(s, &pmo, high.id, high.version + 1).await;
        assert!(matches!(stale, Err(AppError::Conflict { .. })), "{stale:?}");
        risks::delete(s, &pmo, high.id, high.version)
            .await
            .expect("delete");
        assert_eq!(risks::list(s, &pmo, p.id).await.expect("list").len(), 1);

        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("project_risk"))
            .count(s.conn())
            .await
            .expect("audit");
        assert_eq!(audited, 4, "{}: two creates, an update, a delete", db.name);
    }
}

#[tokio::test]
async fn only_those_who_may_change_the_project_change_its_risks() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor_in(s, "pmo", Role::Pmo, "Delivery").await;
        let viewer = actor(s, "viewer", Role::Viewer).await;
        let sales = actor_in(s, "sales", Role::Sales, "Sales East").await;
        let p = project(s, &pmo, "Rollout").await;
        let r = risks::create(s, &pmo, p.id, risk("Scope creep", 3, 3, 0))
            .await
            .expect("create");

        // A viewer reads the register but changes nothing.
        assert_eq!(
            risks::list(s, &viewer, p.id)
                .await
                .expect("viewer reads")
                .len(),
            1
        );
        for refused in [
            risks::create(s, &viewer, p.id, risk("No", 1, 1, 0))
                .await
                .map(|_| ()),
            risks::update(s, &viewer, r.id, r.version, risk("No", 1, 1, 0))
                .await
                .map(|_| ()),
            risks::delete(s, &viewer, r.id, r.version).await,
        ] {
            assert!(
                matches!(refused, Err(AppError::Forbidden)),
                "{}: {refused:?}",
                db.name
            );
        }
        // Sales people read projects (a customer's delivery) but do not
        // manage their risks.
        assert_eq!(
            risks::list(s, &sales, p.id)
                .await
                .expect("sales reads")
                .len(),
            1
        );
        assert!(matches!(
            risks::create(s, &sales, p.id, risk("No", 1, 1, 0)).await,
            Err(AppError::Forbidden)
        ));
        // An unknown project or risk is not found.
        assert!(matches!(
            risks::list(s, &pmo, p.id + 1_000).await,
            Err(AppError::NotFound { .. })
        ));
        assert!(matches!(
            risks::delete(s, &pmo, r.id + 1_000, 1).await,
            Err(AppError::NotFound { .. })
        ));
        assert_eq!(
            risks::list(s, &pmo, p.id).await.expect("list")[0].version,
            1
        );
    }
}
