//! From won deal to delivery project and back, on SQLite and PostgreSQL:
//! templates (read by project creators, written by admins, versioned,
//! checked by scheduling them), the won deal's project started from the
//! built-in template (who may, which manager, one per deal), its forecast
//! go-live and health on the deal and the account, and the owners told
//! in-app when the go-live slips past the threshold — once, from what
//! they last heard.

mod support;

use cairn::domain::customer::AccountInput;
use cairn::domain::project::delivery::StartProject;
use cairn::domain::project::health::Health;
use cairn::domain::project::template::{TemplateBody, TemplateInput, TemplateRow};
use cairn::domain::project::{
    CalendarKey, Change, EditBatch, ProjectInput, ProjectStatus, TaskField,
};
use cairn::domain::sales::{BoardQuery, DealInput, MoveRequest, MoveTo};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::customers::accounts;
use cairn::store::entity::{audit_log, notification};
use cairn::store::projects::{self, delivery, start, templates};
use cairn::store::sales::{board, deals, moves};
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use support::{actor, actor_in, databases};

fn field_of<T: std::fmt::Debug>(r: Result<T, AppError>) -> String {
    match r {
        Err(AppError::Validation { field, reason }) => format!("{field}: {reason}"),
        other => panic!("expected a validation error, got {other:?}"),
    }
}

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

fn small_template() -> TemplateInput {
    let mut live = row(0, "Live", 0, "2");
    live.go_live = true;
    TemplateInput {
        name: "Quick start".into(),
        name_zh: "快速上线".into(),
        body: TemplateBody {
            rows: vec![row(0, "Set up", 3, ""), row(0, "Train", 2, "1"), live],
        },
    }
}

#[tokio::test]
async fn templates_are_read_by_project_creators_and_edited_by_admins() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "root", Role::Admin).await;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let sales = actor(s, "ann", Role::Sales).await;

        // The migration installed the built-in template.
        let listed = templates::list(s, &pmo).await.expect("list");
        assert_eq!(listed.len(), 1, "{}", db.name);
        assert!(listed[0].builtin);
        assert_eq!(
            (listed[0].name.as_str(), listed[0].name_zh.as_str()),
            ("CRM implementation", "CRM 实施")
        );
        assert_eq!(listed[0].body.rows.iter().filter(|r| r.go_live).count(), 1);
        assert!(matches!(
            templates::list(s, &sales).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            templates::create(s, &pmo, small_template()).await,
            Err(AppError::Forbidden)
        ));

        let t = templates::create(s, &admin, small_template())
            .await
            .expect("create");
        let mut bad = small_template();
        bad.body.rows[1].predecessors = "9".into();
        assert_eq!(
            field_of(templates::update(s, &admin, t.id, t.version, bad).await),
            "rows: row 2: predecessor 9 is not a row of this template"
        );
        let mut renamed = small_template();
        renamed.name = "Quick start v2".into();
        let t2 = templates::update(s, &admin, t.id, t.version, renamed.clone())
            .await
            .expect("update");
        assert_eq!((t2.name.as_str(), t2.version), ("Quick start v2", 2));
        assert!(matches!(
            templates::update(s, &admin, t.id, t.version, renamed).await,
            Err(AppError::Conflict {
                current_version: 2,
                ..
            })
        ));
        templates::delete(s, &admin, t.id, t2.version)
            .await
            .expect("delete");
        assert_eq!(templates::list(s, &pmo).await.expect("list").len(), 1);
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Entity.eq("project_template"))
            .count(s.conn())
            .await
            .expect("audit");
        assert_eq!(audited, 3, "{}: create, update, delete", db.name);
    }
}

#[tokio::test]
async fn a_new_project_starts_from_a_template_in_its_creators_language() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let builtin = templates::list(s, &pmo).await.expect("list")[0].clone();
        let input = ProjectInput {
            name: "Rollout".into(),
            account_id: None,
            deal_id: None,
            manager_id: None,
            calendar: CalendarKey::Standard,
            start: NaiveDate::from_ymd_opt(2030, 3, 4).expect("date"),
            status: ProjectStatus::Planned,
        };
        let p = start::create(s, &pmo, input.clone(), Some(builtin.id))
            .await
            .expect("from template");
        assert_eq!(p.task_count as usize, builtin.body.rows.len());
        assert!(p.finish.is_some_and(|f| f > input.start));
        let plan = projects::plan(s, &pmo, p.id).await.expect("plan");
        assert!(plan.tasks.iter().any(|t| t.name == "Go-live"));
        assert!(
            plan.links.len() >= builtin.body.rows.len() - 10,
            "{}",
            db.name
        );
        // Unknown template: the input's fault, and nothing was created.
        let before = projects::list(s, &pmo, &Default::default())
            .await
            .expect("list")
            .items
            .len();
        assert_eq!(
            field_of(start::create(s, &pmo, input, Some(987_654)).await),
            "template_id: is not a template"
        );
        let after = projects::list(s, &pmo, &Default::default())
            .await
            .expect("list")
            .items
            .len();
        assert_eq!(before, after);
    }
}

struct Won {
    deal: i64,
    account: i64,
    ann: Actor,
    carol: Actor,
    pmo: Actor,
}

/// Ann (sales, East) wins a deal on Carol's account (sales, East).
async fn won_deal(s: &Store) -> Won {
    let ann = actor_in(s, "ann", Role::Sales, "East").await;
    let carol = actor_in(s, "carol", Role::Sales, "East").await;
    let pmo = actor(s, "pmo", Role::Pmo).await;
    let account = accounts::create(
        s,
        &carol,
        AccountInput {
            name: "Acme".into(),
            ..Default::default()
        },
    )
    .await
    .expect("account")
    .id;
    let b = board::board(s, &ann, &BoardQuery::default())
        .await
        .expect("board");
    let d = deals::create(
        s,
        &ann,
        DealInput {
            title: "Acme CRM".into(),
            amount: "120000".into(),
            currency: "USD".into(),
            pipeline_id: b.pipeline.id,
            stage_id: b.pipeline.stages[1].id,
            account_id: Some(account),
            expected_close: NaiveDate::from_ymd_opt(2030, 3, 4),
            ..Default::default()
        },
    )
    .await
    .expect("deal");
    moves::move_deal(
        s,
        &ann,
        MoveRequest {
            deal_id: d.id,
            version: d.version,
            to: MoveTo::Won,
        },
    )
    .await
    .expect("won");
    Won {
        deal: d.id,
        account,
        ann,
        carol,
        pmo,
    }
}

fn start_input(w: &Won, template: Option<i64>, manager: Option<i64>) -> StartProject {
    StartProject {
        deal_id: w.deal,
        template_id: template,
        name: "Acme CRM delivery".into(),
        start: NaiveDate::from_ymd_opt(2030, 3, 4).expect("date"),
        manager_id: manager,
        calendar: CalendarKey::Standard,
    }
}

async fn notices(s: &Store, who: &Actor) -> Vec<notification::Model> {
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(who.user_id))
        .order_by_asc(notification::Column::Id)
        .all(s.conn())
        .await
        .expect("notifications")
}

#[tokio::test]
async fn the_owner_of_a_won_deal_starts_its_delivery_project() {
    for db in databases().await {
        let s = &db.store;
        let w = won_deal(s).await;
        let offer = start::offer(s, &w.ann, w.deal).await.expect("offer");
        assert!(offer.won && offer.project.is_none());
        assert_eq!(
            offer.start,
            NaiveDate::from_ymd_opt(2030, 3, 4).expect("date")
        );
        assert_eq!(offer.account.as_ref().map(|a| a.id), Some(w.account));
        assert_eq!(offer.manager_id, None, "ann cannot manage projects");
        assert!(offer.managers.iter().any(|m| m.id == w.pmo.user_id));
        assert!(!offer.managers.iter().any(|m| m.id == w.ann.user_id));
        let template = offer.templates[0].id;

        // Ann cannot manage it herself; someone else's deal is not hers.
        assert_eq!(
            field_of(start::from_deal(s, &w.ann, start_input(&w, Some(template), None)).await),
            "manager_id: cannot manage projects; choose a project manager"
        );
        let bob = actor_in(s, "bob", Role::Sales, "West").await;
        assert!(matches!(
            start::from_deal(
                s,
                &bob,
                start_input(&w, Some(template), Some(w.pmo.user_id))
            )
            .await,
            Err(AppError::NotFound { .. } | AppError::Forbidden)
        ));

        let p = start::from_deal(
            s,
            &w.ann,
            start_input(&w, Some(template), Some(w.pmo.user_id)),
        )
        .await
        .expect("started");
        assert_eq!(
            (p.deal_id, p.account_id, p.manager_id),
            (Some(w.deal), Some(w.account), w.pmo.user_id)
        );
        assert_eq!(p.start, NaiveDate::from_ymd_opt(2030, 3, 4).expect("date"));
        assert_eq!(
            field_of(
                start::from_deal(
                    s,
                    &w.ann,
                    start_input(&w, Some(template), Some(w.pmo.user_id))
                )
                .await
            ),
            "deal_id: the deal already has a delivery project"
        );

        // The deal and the account show it: go-live milestone, health.
        let on_deal = delivery::of_deal(s, &w.ann, w.deal).await.expect("deal");
        assert_eq!(on_deal.len(), 1, "{}", db.name);
        let d = &on_deal[0];
        assert!(d.go_live_is_milestone);
        assert_eq!(d.health, Health::OnTrack, "{:?}", d.causes);
        assert!(d.go_live.is_some_and(|g| g > p.start && Some(g) < p.finish));
        let on_account = delivery::of_account(s, &w.carol, w.account)
            .await
            .expect("account");
        assert_eq!(on_account[0].go_live, d.go_live);
        let offer = start::offer(s, &w.ann, w.deal).await.expect("offer");
        assert_eq!(offer.project.map(|p| p.id), Some(p.id));
    }
}

#[tokio::test]
async fn only_a_won_deal_starts_a_project() {
    for db in databases().await {
        let s = &db.store;
        let pmo = actor(s, "pmo", Role::Pmo).await;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let b = board::board(s, &ann, &BoardQuery::default())
            .await
            .expect("board");
        let d = deals::create(
            s,
            &ann,
            DealInput {
                title: "Open deal".into(),
                amount: "100".into(),
                currency: "USD".into(),
                pipeline_id: b.pipeline.id,
                stage_id: b.pipeline.stages[0].id,
                ..Default::default()
            },
        )
        .await
        .expect("deal");
        let input = StartProject {
            deal_id: d.id,
            template_id: None,
            name: "Too early".into(),
            start: NaiveDate::from_ymd_opt(2030, 3, 4).expect("date"),
            manager_id: None,
            calendar: CalendarKey::Standard,
        };
        assert_eq!(
            field_of(start::from_deal(s, &pmo, input).await),
            "deal_id: the deal is not won"
        );
    }
}

/// The stored id and version of the task named `name`.
async fn task(s: &Store, who: &Actor, project: i64, name: &str) -> (i64, i64) {
    let plan = projects::plan(s, who, project).await.expect("plan");
    let t = plan
        .tasks
        .iter()
        .find(|t| t.name == name && !t.deleted)
        .expect("task");
    (t.id, t.version)
}

async fn lengthen(s: &Store, who: &Actor, project: i64, name: &str, days: i64) {
    let (id, version) = task(s, who, project, name).await;
    let plan = projects::plan(s, who, project).await.expect("plan");
    let now = plan
        .tasks
        .iter()
        .find(|t| t.id == id)
        .expect("task")
        .duration_minutes;
    projects::edit(
        s,
        who,
        EditBatch {
            project_id: project,
            changes: vec![Change::EditTask {
                id,
                version,
                field: TaskField::Duration(now + days * 480),
            }],
        },
    )
    .await
    .expect("edit");
}

async fn go_live(s: &Store, w: &Won) -> NaiveDate {
    delivery::of_deal(s, &w.ann, w.deal).await.expect("deal")[0]
        .go_live
        .expect("go-live")
}

#[tokio::test]
async fn a_go_live_slip_past_the_threshold_tells_the_deal_and_account_owners_once() {
    for db in databases().await {
        let s = &db.store;
        let w = won_deal(s).await;
        let template = start::offer(s, &w.ann, w.deal)
            .await
            .expect("offer")
            .templates[0]
            .id;
        let p = start::from_deal(
            s,
            &w.ann,
            start_input(&w, Some(template), Some(w.pmo.user_id)),
        )
        .await
        .expect("started");
        let first = go_live(s, &w).await;
        let ann_before = notices(s, &w.ann).await.len();

        // Three working days later: within the 5-day threshold.
        lengthen(s, &w.pmo, p.id, "Cutover", 3).await;
        let second = go_live(s, &w).await;
        assert!((second - first).num_days() >= 3);
        assert!((second - first).num_days() <= 5, "{first} → {second}");
        assert_eq!(notices(s, &w.ann).await.len(), ann_before, "{}", db.name);

        // Four more: more than 5 calendar days past what they heard.
        lengthen(s, &w.pmo, p.id, "Cutover", 4).await;
        let third = go_live(s, &w).await;
        let ann_now = notices(s, &w.ann).await;
        let carol_now = notices(s, &w.carol).await;
        assert_eq!(ann_now.len(), ann_before + 1, "{}", db.name);
        let told = ann_now.last().expect("a notice");
        assert_eq!(told.title, "Go-live slipped: Acme CRM delivery");
        assert!(told.body.contains(&first.to_string()) && told.body.contains(&third.to_string()));
        assert_eq!(told.link, format!("/sales/deals/{}", w.deal));
        assert_eq!(carol_now.len(), 1, "the account's owner too");
        assert!(
            notices(s, &w.pmo).await.is_empty(),
            "the one who moved it is not told"
        );

        // Measured from what they heard now: one more day tells nobody.
        lengthen(s, &w.pmo, p.id, "Cutover", 1).await;
        assert_eq!(notices(s, &w.ann).await.len(), ann_before + 1);
    }
}

#[tokio::test]
async fn a_deal_won_by_someone_else_offers_its_owner_the_project() {
    for db in databases().await {
        let s = &db.store;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let boss = actor_in(s, "boss", Role::Manager, "East").await;
        let b = board::board(s, &ann, &BoardQuery::default())
            .await
            .expect("board");
        let d = deals::create(
            s,
            &ann,
            DealInput {
                title: "Big one".into(),
                amount: "100".into(),
                currency: "USD".into(),
                pipeline_id: b.pipeline.id,
                stage_id: b.pipeline.stages[0].id,
                ..Default::default()
            },
        )
        .await
        .expect("deal");
        moves::move_deal(
            s,
            &boss,
            MoveRequest {
                deal_id: d.id,
                version: d.version,
                to: MoveTo::Won,
            },
        )
        .await
        .expect("won by the manager");
        let told = notices(s, &ann).await;
        assert_eq!(told.len(), 1, "{}", db.name);
        assert_eq!(told[0].title, "Deal won: Big one");
        assert_eq!(told[0].link, format!("/sales/deals/{}", d.id));
        assert!(notices(s, &boss).await.is_empty());
    }
}

#[tokio::test]
async fn payment_terms_follow_the_delivery_milestones_into_the_cash_curve() {
    use cairn::domain::sales::forecast::ForecastQuery;
    use cairn::domain::sales::payments::PaymentTerm;
    use cairn::store::sales::{forecast, payments};
    for db in databases().await {
        let s = &db.store;
        let w = won_deal(s).await;
        // Before the project: nothing to tie payments to.
        let none = payments::get(s, &w.ann, w.deal).await.expect("plan");
        assert!(none.project.is_none() && none.terms.is_empty() && none.version == 0);
        let template = start::offer(s, &w.ann, w.deal)
            .await
            .expect("offer")
            .templates[0]
            .id;
        let today = chrono::Utc::now().date_naive();
        let p = start::from_deal(
            s,
            &w.ann,
            StartProject {
                start: today + chrono::Duration::days(7),
                ..start_input(&w, Some(template), Some(w.pmo.user_id))
            },
        )
        .await
        .expect("started");
        let plan = payments::get(s, &w.ann, w.deal).await.expect("plan");
        assert_eq!(plan.project.as_ref().map(|x| x.id), Some(p.id));
        assert!(plan.editable);
        let id_of = |name: &str| {
            plan.milestones
                .iter()
                .find(|m| m.name == name)
                .map(|m| m.id)
                .expect("milestone")
        };
        let (design, live) = (id_of("Design approved"), id_of("Go-live"));
        let terms = vec![
            PaymentTerm {
                percent: 30,
                task_id: Some(design),
            },
            PaymentTerm {
                percent: 70,
                task_id: Some(live),
            },
        ];
        // 90 %: refused by field, nothing saved.
        let short = vec![
            PaymentTerm {
                percent: 30,
                task_id: Some(design),
            },
            PaymentTerm {
                percent: 60,
                task_id: None,
            },
        ];
        assert_eq!(
            field_of(payments::save(s, &w.ann, w.deal, 0, short).await),
            "payment_terms: must add up to 100 %, not 90 %"
        );
        let bob = actor_in(s, "bob", Role::Sales, "West").await;
        assert!(
            payments::save(s, &bob, w.deal, 0, terms.clone())
                .await
                .is_err()
        );
        let saved = payments::save(s, &w.ann, w.deal, 0, terms.clone())
            .await
            .expect("saved");
        assert_eq!(saved.version, 1);
        // 120,000.00 USD: 36,000.00 at design approval, 84,000.00 at go-live.
        let lines: Vec<(i64, Option<NaiveDate>)> =
            saved.terms.iter().map(|t| (t.amount, t.due)).collect();
        let finish = |id: i64| {
            plan.milestones
                .iter()
                .find(|m| m.id == id)
                .map(|m| m.finish)
        };
        assert_eq!(
            lines,
            [(3_600_000, finish(design)), (8_400_000, finish(live))]
        );
        assert!(matches!(
            payments::save(s, &w.ann, w.deal, 0, terms).await,
            Err(AppError::Conflict { .. })
        ));

        // The forecast's cash curve carries them in their months.
        let report = forecast::report(
            s,
            &w.ann,
            &ForecastQuery {
                currency: Some("USD".into()),
                ..Default::default()
            },
        )
        .await
        .expect("forecast");
        let contracted: i64 = report.cash.iter().map(|m| m.contracted).sum();
        assert_eq!(contracted, 12_000_000, "{}", db.name);
        let month_of = |d: NaiveDate| d.format("%Y-%m").to_string();
        let in_month = |d: NaiveDate| {
            report
                .cash
                .iter()
                .find(|m| month_of(m.month) == month_of(d))
                .map(|m| m.contracted)
                .unwrap_or(0)
        };
        assert!(in_month(finish(design).expect("date")) >= 3_600_000);

        // The plan slips: the go-live payment's date follows the schedule.
        lengthen(s, &w.pmo, p.id, "Cutover", 10).await;
        let moved = payments::get(s, &w.carol, w.deal).await.expect("plan");
        assert!(moved.terms[1].due > finish(live));
        assert_eq!(moved.terms[0].due, finish(design));
        assert!(
            !moved.editable,
            "carol reads ann's terms but may not change them"
        );
    }
}
