//! Automation rules in the store, on SQLite and PostgreSQL: a deal moved
//! into Negotiation gets its owner a task and a notification inside the
//! move's transaction; conditions filter; rules that feed each other stop
//! (no rule fires twice in one chain); round-robin goes round; campaign
//! and time-based triggers (a breached ticket clock, a close date) fire
//! once each; only administrators write rules; every action is audited
//! under the rule's name.

mod support;

use cairn::domain::automation::{Condition, Op, RuleAction, RuleInput, Subject, Trigger, Who};
use cairn::domain::customer::{ContactInput, LeadInput};
use cairn::domain::sales::{BoardQuery, DealInput, MoveRequest, MoveTo};
use cairn::domain::service::{Priority, TicketInput};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::automation::{notifications, rules, sweep};
use cairn::store::customers::{accounts, contacts, leads};
use cairn::store::entity::{activity, deal, ticket};
use cairn::store::marketing::campaigns;
use cairn::store::sales::{board, deals, moves};
use cairn::store::service::tickets;
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use support::{actor, actor_in, databases};

async fn stages(s: &Store, who: &Actor) -> Vec<i64> {
    board::board(s, who, &BoardQuery::default())
        .await
        .expect("board")
        .pipeline
        .stages
        .iter()
        .map(|st| st.id)
        .collect()
}

async fn new_deal(s: &Store, who: &Actor, title: &str, amount: &str, stage: i64) -> (i64, i64) {
    let b = board::board(s, who, &BoardQuery::default())
        .await
        .expect("board");
    let d = deals::create(
        s,
        who,
        DealInput {
            title: title.into(),
            amount: amount.into(),
            currency: "CNY".into(),
            pipeline_id: b.pipeline.id,
            stage_id: stage,
            ..Default::default()
        },
    )
    .await
    .expect("deal");
    (d.id, d.version)
}

async fn move_to(s: &Store, who: &Actor, id: i64, version: i64, stage_id: i64) -> i64 {
    moves::move_deal(
        s,
        who,
        MoveRequest {
            deal_id: id,
            version,
            to: MoveTo::Stage {
                stage_id,
                after: None,
                before: None,
            },
        },
    )
    .await
    .expect("move")
    .version
}

/// Tasks assigned to `user` whose subject starts with `prefix`.
async fn tasks(s: &Store, user: i64, prefix: &str) -> Vec<activity::Model> {
    activity::Entity::find()
        .filter(activity::Column::AssigneeId.eq(user))
        .filter(activity::Column::Subject.starts_with(prefix))
        .all(s.conn())
        .await
        .expect("tasks")
}

async fn trail(s: &Store, entity: &str, id: i64) -> Vec<String> {
    cairn::store::audit::history(s.conn(), entity, &id.to_string())
        .await
        .expect("audit")
        .into_iter()
        .map(|e| e.action)
        .collect()
}

fn rule(name: &str, trigger: Trigger, actions: Vec<RuleAction>) -> RuleInput {
    RuleInput {
        name: name.into(),
        enabled: true,
        trigger,
        conditions: Vec::new(),
        actions,
    }
}

#[tokio::test]
async fn a_deal_entering_negotiation_gets_its_owner_a_task_and_a_notification() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let st = stages(s, &ann).await;
        let negotiation = st[3];
        let input = RuleInput {
            conditions: vec![Condition {
                field: "amount".into(),
                op: Op::Above,
                value: "1000".into(),
            }],
            ..rule(
                "Negotiation needs a plan",
                Trigger::DealEntersStage {
                    stage_id: negotiation,
                },
                vec![
                    RuleAction::CreateTask {
                        subject: "Prepare the negotiation".into(),
                        due_in_days: 2,
                        assignee: Who::Owner,
                    },
                    RuleAction::Notify {
                        user: Who::Owner,
                        message: "Negotiation started".into(),
                    },
                ],
            )
        };
        // Rules are the administrator's.
        assert_eq!(
            rules::create(s, &ann, input.clone()).await.err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(rules::list(s, &ann).await.err(), Some(AppError::Forbidden));
        let r = rules::create(s, &admin, input.clone()).await.expect("rule");

        let (big, v) = new_deal(s, &ann, "Northwind POS", "5,000", st[0]).await;
        assert!(tasks(s, ann.user_id, "Prepare").await.is_empty());
        move_to(s, &ann, big, v, negotiation).await;
        let made = tasks(s, ann.user_id, "Prepare").await;
        assert_eq!(made.len(), 1, "{}", db.name);
        assert_eq!(made[0].subject, "Prepare the negotiation — Northwind POS");
        assert_eq!(
            made[0].due_on,
            Some(Utc::now().date_naive() + Duration::days(2))
        );
        let inbox = notifications::inbox(s, &ann).await.expect("inbox");
        assert_eq!(inbox.unread, 1);
        assert_eq!(inbox.items[0].title, "Negotiation needs a plan");
        assert_eq!(inbox.items[0].link, format!("/sales/deals/{big}"));
        // Nobody else's bell rings.
        assert_eq!(
            notifications::inbox(s, &admin).await.expect("admin").unread,
            0
        );
        let actions = trail(s, "deal", big).await;
        assert!(
            actions.contains(&"rule Negotiation needs a plan: create_task".to_owned())
                && actions.contains(&"rule Negotiation needs a plan: notify".to_owned()),
            "{actions:?}"
        );
        // Small deals fail the condition; a disabled rule does nothing.
        let (small, v) = new_deal(s, &ann, "Tiny", "500", st[0]).await;
        move_to(s, &ann, small, v, negotiation).await;
        assert_eq!(tasks(s, ann.user_id, "Prepare").await.len(), 1);
        let r = rules::update(
            s,
            &admin,
            r.id,
            r.version,
            RuleInput {
                enabled: false,
                ..input.clone()
            },
        )
        .await
        .expect("off");
        let (other, v) = new_deal(s, &ann, "Other", "9,000", st[0]).await;
        move_to(s, &ann, other, v, negotiation).await;
        assert_eq!(tasks(s, ann.user_id, "Prepare").await.len(), 1);
        let listed = rules::list(s, &admin).await.expect("list");
        assert_eq!((listed[0].fired, listed[0].enabled), (1, false));
        // A stale edit of the rule is a conflict; marking read clears the bell.
        assert!(matches!(
            rules::update(s, &admin, r.id, 1, input).await,
            Err(AppError::Conflict { .. })
        ));
        assert_eq!(
            notifications::mark_read(s, &ann, None).await.expect("read"),
            1
        );
        assert_eq!(
            notifications::inbox(s, &ann).await.expect("inbox").unread,
            0
        );
    }
}

#[tokio::test]
async fn rules_that_feed_each_other_stop_and_each_fires_once() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let set = |p: &str| RuleAction::SetField {
            field: "probability".into(),
            value: p.into(),
        };
        // Each rule undoes the other: without the chain they would run
        // for ever.
        let a = rules::create(
            s,
            &admin,
            rule("Fifty", Trigger::Updated(Subject::Deal), vec![set("50")]),
        )
        .await
        .expect("a");
        let b = rules::create(
            s,
            &admin,
            rule("Sixty", Trigger::Updated(Subject::Deal), vec![set("60")]),
        )
        .await
        .expect("b");
        let st = stages(s, &ann).await;
        let (id, v) = new_deal(s, &ann, "Loop", "1,000", st[0]).await;
        move_to(s, &ann, id, v, st[1]).await;
        let d = deal::Entity::find_by_id(id)
            .one(s.conn())
            .await
            .expect("load")
            .expect("deal");
        // Fifty ran, then Sixty on Fifty's change; neither ran again.
        assert_eq!(d.probability, 60, "{}", db.name);
        let listed = rules::list(s, &admin).await.expect("list");
        let fired = |id| listed.iter().find(|r| r.id == id).map(|r| r.fired);
        assert_eq!((fired(a.id), fired(b.id)), (Some(1), Some(1)));
        let actions = trail(s, "deal", id).await;
        assert_eq!(
            actions
                .iter()
                .filter(|a| a.starts_with("rule "))
                .collect::<Vec<_>>(),
            ["rule Fifty: set_field", "rule Sixty: set_field"]
        );
    }
}

#[tokio::test]
async fn round_robin_campaigns_and_bad_rules() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let mia = actor_in(s, "mia", Role::Manager, "Inbound").await;
        let max = actor_in(s, "max", Role::Sales, "Inbound").await;
        let team = mia.team_id.expect("team");
        rules::create(
            s,
            &admin,
            rule(
                "Share the leads",
                Trigger::Created(Subject::Lead),
                vec![RuleAction::AssignRoundRobin { team_id: team }],
            ),
        )
        .await
        .expect("rr");
        let mut owners = Vec::new();
        for n in ["Lu", "Mo", "Ng"] {
            let l = leads::create(
                s,
                &admin,
                LeadInput {
                    name: n.into(),
                    email: format!("{n}@x.example"),
                    ..Default::default()
                },
            )
            .await
            .expect("lead");
            owners.push(l.owner.map(|o| o.id));
        }
        let (first, second) = (mia.user_id.min(max.user_id), mia.user_id.max(max.user_id));
        assert_eq!(
            owners,
            [Some(first), Some(second), Some(first)],
            "{}",
            db.name
        );

        // Contacts who are CTOs join a campaign; a lead from that campaign
        // tells the campaign's manager.
        let c = campaigns::create(
            s,
            &mia,
            cairn::domain::marketing::CampaignInput {
                name: "CTO breakfast".into(),
                ..Default::default()
            },
        )
        .await
        .expect("campaign");
        rules::create(
            s,
            &admin,
            RuleInput {
                conditions: vec![Condition {
                    field: "title".into(),
                    op: Op::Contains,
                    value: "cto".into(),
                }],
                ..rule(
                    "CTOs to breakfast",
                    Trigger::Created(Subject::Contact),
                    vec![RuleAction::AddToCampaign { campaign_id: c.id }],
                )
            },
        )
        .await
        .expect("campaign rule");
        rules::create(
            s,
            &admin,
            rule(
                "Breakfast lead",
                Trigger::LeadFromCampaign {
                    campaign_id: Some(c.id),
                },
                vec![RuleAction::Notify {
                    user: Who::User(mia.user_id),
                    message: "A lead from the breakfast".into(),
                }],
            ),
        )
        .await
        .expect("notify rule");
        for (name, title) in [("Tom", "CTO"), ("Ida", "Buyer")] {
            contacts::create(
                s,
                &mia,
                ContactInput {
                    name: name.into(),
                    title: title.into(),
                    email: format!("{name}@x.example"),
                    ..Default::default()
                },
            )
            .await
            .expect("contact");
        }
        let before = notifications::inbox(s, &mia).await.expect("inbox").unread;
        leads::create(
            s,
            &max,
            LeadInput {
                name: "Eve".into(),
                email: "eve@x.example".into(),
                campaign_id: Some(c.id),
                ..Default::default()
            },
        )
        .await
        .expect("lead from campaign");
        let detail = campaigns::get(s, &mia, c.id).await.expect("campaign");
        let names: Vec<_> = detail
            .members
            .iter()
            .filter_map(|m| m.name.clone())
            .collect();
        assert!(
            names.contains(&"Tom".to_owned()) && !names.contains(&"Ida".to_owned()),
            "{names:?}"
        );
        assert_eq!(
            notifications::inbox(s, &mia).await.expect("inbox").unread,
            before + 1
        );

        // Rules are checked like any input.
        let bad = rule(
            "Bad",
            Trigger::Created(Subject::Deal),
            vec![RuleAction::AddToCampaign { campaign_id: c.id }],
        );
        assert!(matches!(
            rules::create(s, &admin, bad).await,
            Err(AppError::Validation { field, .. }) if field == "actions"
        ));
    }
}

#[tokio::test]
async fn time_based_rules_fire_once_per_record() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let sam = actor_in(s, "sam", Role::Service, "Support").await;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        rules::create(
            s,
            &admin,
            rule(
                "Breached",
                Trigger::TicketSla { breached: true },
                vec![RuleAction::Notify {
                    user: Who::Owner,
                    message: "Past due".into(),
                }],
            ),
        )
        .await
        .expect("sla rule");
        rules::create(
            s,
            &admin,
            rule(
                "Closing soon",
                Trigger::CloseDateReached { days_before: 3 },
                vec![RuleAction::CreateTask {
                    subject: "Confirm the close".into(),
                    due_in_days: 0,
                    assignee: Who::Owner,
                }],
            ),
        )
        .await
        .expect("close rule");
        let acme = accounts::create(
            s,
            &admin,
            cairn::domain::customer::AccountInput {
                name: "Acme".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let t = tickets::create(
            s,
            &sam,
            TicketInput {
                subject: "Down".into(),
                account_id: Some(acme.id),
                priority: Priority::Urgent,
                assignee_id: Some(sam.user_id),
                ..Default::default()
            },
        )
        .await
        .expect("ticket");
        // Opened a month ago: both clocks are long past due.
        ticket::Entity::update_many()
            .col_expr(
                ticket::Column::CreatedAt,
                Expr::value(Utc::now() - Duration::days(30)),
            )
            .filter(ticket::Column::Id.eq(t.id))
            .exec(s.conn())
            .await
            .expect("backdate");
        let st = stages(s, &ann).await;
        let b = board::board(s, &ann, &BoardQuery::default())
            .await
            .expect("board");
        for (title, days) in [("Soon", 3), ("Later", 10)] {
            deals::create(
                s,
                &ann,
                DealInput {
                    title: title.into(),
                    amount: "1,000".into(),
                    currency: "CNY".into(),
                    pipeline_id: b.pipeline.id,
                    stage_id: st[0],
                    expected_close: Some(Utc::now().date_naive() + Duration::days(days)),
                    ..Default::default()
                },
            )
            .await
            .expect("deal");
        }
        assert_eq!(sweep::sweep(s).await.expect("sweep"), 2, "{}", db.name);
        assert_eq!(sweep::sweep(s).await.expect("again"), 0, "once per record");
        assert_eq!(
            notifications::inbox(s, &sam).await.expect("inbox").unread,
            1
        );
        let made = tasks(s, ann.user_id, "Confirm the close").await;
        assert_eq!(made.len(), 1);
        assert_eq!(made[0].subject, "Confirm the close — Soon");
    }
}
