//! Costs and earned value on SQLite and PostgreSQL: budgets per task
//! (compare-and-set, all or nothing), actual cost entries on leaf tasks
//! only and never in the future, the status date and currency, the
//! table's figures, the day's earned value recorded for the S-curve,
//! health and the status report weighing money once tasks have budgets,
//! and who may do what.

mod support;

use cairn::domain::project::costs::{Budget, BudgetEdit, CostEntryInput, CostSettings};
use cairn::domain::project::health::{Cause, Health};
use cairn::domain::project::{CalendarKey, ProjectInput, ProjectStatus};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::entity::{audit_log, cost_entry, earned_value_day, task_budget};
use cairn::store::projects::{self, costs, report, start, templates};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use support::{actor, databases};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("date")
}

async fn project(s: &Store, pmo: &Actor, name: &str) -> i64 {
    let builtin = templates::list(s, pmo).await.expect("templates")[0].id;
    start::create(
        s,
        pmo,
        ProjectInput {
            name: name.into(),
            account_id: None,
            deal_id: None,
            manager_id: None,
            calendar: CalendarKey::Standard,
            start: d(2030, 3, 4),
            status: ProjectStatus::Active,
        },
        Some(builtin),
    )
    .await
    .expect("project")
    .id
}

async fn task(s: &Store, who: &Actor, project_id: i64, name: &str) -> i64 {
    let plan = projects::plan(s, who, project_id).await.expect("plan");
    plan.tasks.iter().find(|t| t.name == name).expect("task").id
}

/// The phase named `name` (the go-live milestone shares the go-live
/// phase's name).
async fn phase_of(s: &Store, who: &Actor, project_id: i64, name: &str) -> i64 {
    let v = costs::view(s, who, project_id).await.expect("view");
    v.rows
        .iter()
        .find(|r| r.summary && r.name == name)
        .expect("phase")
        .task_id
}

fn field<T: std::fmt::Debug>(r: Result<T, AppError>) -> String {
    match r {
        Err(AppError::Validation { field, .. }) => field,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Worked by hand: Cutover is 1 day (8 h, nobody assigned: one person)
/// at 100.00/h plus 500.00 fixed = 1,300.00; Hypercare is 10 days (80 h)
/// at 50.00/h = 4,000.00. BAC 5,300.00. Read after the plan's finish,
/// all of it is planned (PV 5,300.00) and none earned (EV 0); 200.00
/// was spent (AC): SPI 0, CPI 0 — off track on both counts.
#[tokio::test]
async fn budgets_and_actuals_give_the_earned_value_table() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let p = project(s, &pmo, "Rollout").await;
        let cutover = task(s, &pmo, p, "Cutover").await;
        let hypercare = task(s, &pmo, p, "Hypercare").await;
        let phase = phase_of(s, &pmo, p, "Go-live").await;

        // Nothing budgeted yet: the figures are zero and health is read
        // in working time (the report says so by having no currency).
        let v = costs::view(s, &pmo, p).await.expect("view");
        assert_eq!(v.total.bac, 0);
        assert_eq!(v.currency, "USD");
        assert!(v.editable);
        assert!(
            report::status_report(s, &pmo, p)
                .await
                .expect("report")
                .currency
                .is_none()
        );

        let v = costs::set_budgets(
            s,
            &pmo,
            p,
            vec![
                BudgetEdit {
                    task_id: cutover,
                    version: 0,
                    budget: Budget {
                        rate: 10_000,
                        fixed: 50_000,
                    },
                },
                BudgetEdit {
                    task_id: hypercare,
                    version: 0,
                    budget: Budget {
                        rate: 5_000,
                        fixed: 0,
                    },
                },
            ],
        )
        .await
        .expect("budgets");
        let row = |id: i64| {
            v.rows
                .iter()
                .find(|r| r.task_id == id)
                .expect("row")
                .clone()
        };
        assert_eq!(row(cutover).earned.bac, 130_000);
        assert_eq!(row(cutover).work_minutes, 480);
        assert_eq!(row(hypercare).earned.bac, 400_000);
        assert_eq!(row(phase).earned.bac, 530_000, "the phase adds its tasks");
        assert!(row(phase).summary && row(phase).budget.is_none());
        assert_eq!(v.total.bac, 530_000);
        assert_eq!(v.budget_versions.get(&cutover), Some(&1));

        let today = chrono::Utc::now().date_naive();
        let v = costs::add_entry(
            s,
            &pmo,
            p,
            CostEntryInput {
                task_id: cutover,
                day: today,
                amount: 20_000,
                note: " rehearsal ".into(),
            },
        )
        .await
        .expect("entry");
        assert_eq!(v.entries.len(), 1);
        assert_eq!(v.entries[0].note, "rehearsal");
        assert_eq!(v.entries[0].task_name, "Cutover");
        assert_eq!(v.total.ac, 20_000);
        // Today's earned value was recorded for the S-curve.
        let recorded = earned_value_day::Entity::find()
            .filter(earned_value_day::Column::ProjectId.eq(p))
            .all(db.store.conn())
            .await
            .expect("days");
        assert_eq!(recorded.len(), 1);
        assert_eq!(
            (recorded[0].day, recorded[0].bac, recorded[0].ac),
            (today, 530_000, 20_000)
        );

        // Read after the finish: all planned, nothing earned.
        let v = costs::set_settings(
            s,
            &pmo,
            p,
            v.version,
            CostSettings {
                status_date: Some(d(2031, 1, 1)),
                currency: "eur".into(),
            },
        )
        .await
        .expect("settings");
        assert_eq!(
            (v.status_date, v.status_date_set, v.currency.as_str()),
            (d(2031, 1, 1), true, "EUR")
        );
        let t = v.total;
        assert_eq!((t.bac, t.pv, t.ev, t.ac), (530_000, 530_000, 0, 20_000));
        assert_eq!((t.spi(), t.cpi()), (Some(0.0), Some(0.0)));
        assert_eq!(t.eac(), 550_000, "spent with nothing earned: AC + BAC");
        let last = v.curve.last().expect("a curve");
        assert_eq!(last.pv, 530_000);
        assert!(v.curve.windows(2).all(|w| w[0].day < w[1].day));

        // Health and the report weigh money now.
        let r = report::status_report(s, &pmo, p).await.expect("report");
        assert_eq!(r.currency.as_deref(), Some("EUR"));
        assert_eq!(r.status_date, d(2031, 1, 1));
        assert_eq!(r.earned, t);
        assert_eq!(r.delivery.health, Health::OffTrack);
        assert!(
            r.delivery.causes.contains(&Cause::Cost { cpi: 0.0 }),
            "{:?}",
            r.delivery.causes
        );

        // Removing the entry: AC back to 0, audited.
        let entry = v.entries[0].id;
        let v = costs::remove_entry(s, &pmo, p, entry)
            .await
            .expect("removed");
        assert_eq!(v.total.ac, 0);
        let audits = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("cost_entry"))
            .filter(audit_log::Column::EntityId.eq(entry.to_string()))
            .count(db.store.conn())
            .await
            .expect("audit");
        assert_eq!(audits, 2, "booked and removed");
        // Back to today.
        let v = costs::set_settings(
            s,
            &pmo,
            p,
            v.version,
            CostSettings {
                status_date: None,
                currency: "EUR".into(),
            },
        )
        .await
        .expect("settings");
        assert_eq!((v.status_date, v.status_date_set), (today, false));
    }
}

#[tokio::test]
async fn refusals_change_nothing() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let viewer = actor(s, "vic", Role::Viewer).await;
        let p = project(s, &pmo, "Rollout").await;
        let other = project(s, &pmo, "Elsewhere").await;
        let cutover = task(s, &pmo, p, "Cutover").await;
        let hypercare = task(s, &pmo, p, "Hypercare").await;
        let phase = phase_of(s, &pmo, p, "Go-live").await;
        let foreign = task(s, &pmo, other, "Cutover").await;
        let budget = |task_id, version, rate| BudgetEdit {
            task_id,
            version,
            budget: Budget { rate, fixed: 0 },
        };
        costs::set_budgets(s, &pmo, p, vec![budget(cutover, 0, 100)])
            .await
            .expect("first budget");

        // A stale version anywhere in the batch: nothing is written.
        let r = costs::set_budgets(
            s,
            &pmo,
            p,
            vec![budget(hypercare, 0, 7), budget(cutover, 0, 200)],
        )
        .await;
        assert!(
            matches!(
                r,
                Err(AppError::Conflict {
                    current_version: 1,
                    ..
                })
            ),
            "{r:?}"
        );
        let stored = task_budget::Entity::find()
            .filter(task_budget::Column::ProjectId.eq(p))
            .all(db.store.conn())
            .await
            .expect("budgets");
        assert_eq!(stored.len(), 1, "the hypercare budget was rolled back");
        assert_eq!(stored[0].rate, 100);

        assert_eq!(
            field(costs::set_budgets(s, &pmo, p, vec![budget(phase, 0, 1)]).await),
            "task_id"
        );
        assert_eq!(
            field(costs::set_budgets(s, &pmo, p, vec![budget(foreign, 0, 1)]).await),
            "task_id"
        );
        assert_eq!(
            field(costs::set_budgets(s, &pmo, p, vec![budget(cutover, 1, -1)]).await),
            "rate"
        );
        assert_eq!(
            field(costs::set_budgets(s, &pmo, p, vec![]).await),
            "budgets"
        );

        let entry = |task_id, day, amount| CostEntryInput {
            task_id,
            day,
            amount,
            note: String::new(),
        };
        let today = chrono::Utc::now().date_naive();
        assert_eq!(
            field(costs::add_entry(s, &pmo, p, entry(phase, today, 5)).await),
            "task_id"
        );
        assert_eq!(
            field(costs::add_entry(s, &pmo, p, entry(foreign, today, 5)).await),
            "task_id"
        );
        assert_eq!(
            field(
                costs::add_entry(
                    s,
                    &pmo,
                    p,
                    entry(cutover, today + chrono::Duration::days(1), 5)
                )
                .await
            ),
            "day"
        );
        assert_eq!(
            field(costs::add_entry(s, &pmo, p, entry(cutover, today, 0)).await),
            "amount"
        );
        let entries = cost_entry::Entity::find()
            .count(db.store.conn())
            .await
            .expect("entries");
        assert_eq!(entries, 0);

        // A viewer reads the costs but changes nothing.
        let v = costs::view(s, &viewer, p).await.expect("viewer reads");
        assert!(!v.editable);
        assert!(matches!(
            costs::set_budgets(s, &viewer, p, vec![budget(cutover, 1, 5)]).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            costs::add_entry(s, &viewer, p, entry(cutover, today, 5)).await,
            Err(AppError::Forbidden)
        ));
        let settings = CostSettings {
            status_date: None,
            currency: "USD".into(),
        };
        assert!(matches!(
            costs::set_settings(s, &viewer, p, v.version, settings.clone()).await,
            Err(AppError::Forbidden)
        ));
        // A stale project version, a bad currency.
        assert!(matches!(
            costs::set_settings(s, &pmo, p, v.version - 1, settings).await,
            Err(AppError::Conflict { .. })
        ));
        assert_eq!(
            field(
                costs::set_settings(
                    s,
                    &pmo,
                    p,
                    v.version,
                    CostSettings {
                        status_date: None,
                        currency: "dollars".into()
                    }
                )
                .await
            ),
            "currency"
        );
    }
}
