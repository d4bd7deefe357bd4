//! Customers on real databases (SQLite, and PostgreSQL when reachable):
//! CRUD with soft delete, permissions per role, lead conversion as one
//! transaction, stale versions, search, activities, timeline, grading.

mod support;

use cairn::domain::customer::*;
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::customers::{accounts, activities, contacts, grading, leads, search, timeline};
use chrono::Utc;
use support::{actor, actor_in, databases};

fn acme() -> AccountInput {
    AccountInput {
        name: "Acme Rocket Works".into(),
        industry: "Aerospace".into(),
        website: "https://www.acme-rockets.com".into(),
        phone: "+1 (415) 555-0100".into(),
        email: "hello@acme-rockets.com".into(),
        tags: vec!["VIP".into(), "west".into()],
        ..Default::default()
    }
}

fn named(name: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        ..Default::default()
    }
}

fn q() -> ListQuery {
    ListQuery::default().normalized()
}

async fn names(s: &Store, a: &Actor, query: &ListQuery) -> Vec<String> {
    accounts::list(s, a, query, false)
        .await
        .expect("list")
        .items
        .into_iter()
        .map(|r| r.name)
        .collect()
}

#[tokio::test]
async fn accounts_crud_with_trash_and_restore() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let a = accounts::create(s, &sales, acme()).await.expect("create");
        assert_eq!(
            a.owner.as_ref().map(|o| o.id),
            Some(sales.user_id),
            "owner defaults to me"
        );
        assert_eq!(
            a.team.as_ref().map(|t| t.id),
            sales.team_id,
            "team defaults to owner's"
        );
        assert_eq!(a.domain, "acme-rockets.com");
        assert_eq!(a.lifecycle, Lifecycle::Prospect);

        let mut edit = a.to_input();
        edit.lifecycle = Some(Lifecycle::Customer);
        edit.name = "Acme Rocket Works Ltd".into();
        let b = accounts::update(s, &sales, a.id, a.version, edit)
            .await
            .expect("update");
        assert_eq!(b.version, a.version + 1);
        assert_eq!(b.lifecycle, Lifecycle::Customer);

        let c = accounts::set_deleted(s, &sales, b.id, b.version, true)
            .await
            .expect("delete");
        assert!(c.deleted_at.is_some());
        assert!(
            names(s, &sales, &q()).await.is_empty(),
            "{}: deleted hidden",
            db.name
        );
        let trash = accounts::list(s, &sales, &q(), true).await.expect("trash");
        assert_eq!(trash.total, 1);
        assert!(
            search::search(s, &sales, "acme")
                .await
                .expect("search")
                .is_empty(),
            "{}: trash not searchable",
            db.name
        );
        let edit_deleted = accounts::update(s, &sales, c.id, c.version, acme()).await;
        assert!(matches!(edit_deleted, Err(AppError::Validation { .. })));

        let d = accounts::set_deleted(s, &sales, c.id, c.version, false)
            .await
            .expect("restore");
        assert!(d.deleted_at.is_none());
        assert_eq!(names(s, &sales, &q()).await, vec!["Acme Rocket Works Ltd"]);
        assert_eq!(
            search::search(s, &sales, "rocket")
                .await
                .expect("search")
                .len(),
            1
        );

        let hist = cairn::store::audit::history(s.conn(), "account", &a.id.to_string())
            .await
            .expect("audit");
        let actions: Vec<_> = hist.iter().map(|h| h.action.as_str()).collect();
        assert_eq!(
            actions,
            ["create", "update", "delete", "restore"],
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let bad = AccountInput {
            email: "not-an-email".into(),
            ..acme()
        };
        assert!(
            matches!(accounts::create(s, &sales, bad).await, Err(AppError::Validation { field, .. }) if field == "email")
        );
        let bad = ContactInput {
            name: "Wang".into(),
            account_id: Some(9999),
            ..Default::default()
        };
        assert!(
            matches!(contacts::create(s, &sales, bad).await, Err(AppError::Validation { field, .. }) if field == "account")
        );
        assert_eq!(
            accounts::list(s, &sales, &q(), false)
                .await
                .expect("list")
                .total,
            0
        );
        assert_eq!(
            contacts::list(s, &sales, &q(), false, None)
                .await
                .expect("list")
                .total,
            0
        );
    }
}

/// (name, role, team, sees it, may edit it, may create).
type RoleCase = (&'static str, Role, Option<&'static str>, bool, bool, bool);

/// One row per role: what they see and may do with a record owned by a
/// sales person of team East.
#[tokio::test]
async fn permissions_per_role() {
    for db in databases().await {
        let s = &db.store;
        let owner = actor_in(s, "owner", Role::Sales, "East").await;
        let rec = accounts::create(s, &owner, named("East Co"))
            .await
            .expect("create");
        let cases: [RoleCase; 8] = [
            // name, role, team, sees it, may edit it, may create
            ("admin", Role::Admin, None, true, true, true),
            ("mgr_east", Role::Manager, Some("East"), true, true, true),
            ("mgr_west", Role::Manager, Some("West"), false, false, true),
            ("mate", Role::Sales, Some("East"), true, true, true),
            ("rival", Role::Sales, Some("West"), false, false, true),
            ("service", Role::Service, Some("Desk"), true, false, false),
            ("pmo", Role::Pmo, None, true, false, false),
            ("viewer", Role::Viewer, None, true, false, false),
        ];
        for (name, role, team, sees, edits, creates) in cases {
            let who = match team {
                Some(t) => actor_in(s, name, role, t).await,
                None => actor(s, name, role).await,
            };
            let got = accounts::get(s, &who, rec.id).await;
            assert_eq!(got.is_ok(), sees, "{} {name} get", db.name);
            if !sees {
                assert_eq!(
                    got,
                    Err(AppError::not_found("account")),
                    "{name}: hidden, not forbidden"
                );
            }
            let listed = accounts::list(s, &who, &q(), false)
                .await
                .expect("list")
                .items
                .iter()
                .any(|r| r.id == rec.id);
            assert_eq!(listed, sees, "{} {name} list", db.name);
            let found = search::search(s, &who, "east co")
                .await
                .expect("search")
                .iter()
                .any(|h| h.id == rec.id);
            assert_eq!(found, sees, "{} {name} search", db.name);
            let current = accounts::get(s, &owner, rec.id).await.expect("owner reads");
            let mut edit = current.to_input();
            edit.notes = format!("edited by {name}");
            let upd = accounts::update(s, &who, rec.id, current.version, edit).await;
            assert_eq!(upd.is_ok(), edits, "{} {name} update: {upd:?}", db.name);
            let created = accounts::create(s, &who, named(&format!("{name} Inc"))).await;
            assert_eq!(created.is_ok(), creates, "{} {name} create", db.name);
            if !creates {
                assert_eq!(created, Err(AppError::Forbidden));
            }
        }
        // A sales person cannot hand a record to another team.
        let rival_team = cairn::store::users::ensure_team(s, "West")
            .await
            .expect("team");
        let current = accounts::get(s, &owner, rec.id).await.expect("get");
        let mut give_away = current.to_input();
        give_away.team_id = Some(rival_team.id);
        assert_eq!(
            accounts::update(s, &owner, rec.id, current.version, give_away).await,
            Err(AppError::Forbidden)
        );
        // A viewer cannot log a call on it.
        let viewer = actor(s, "viewer2", Role::Viewer).await;
        let call = ActivityInput {
            kind: ActivityKind::Call,
            subject: "Hello".into(),
            body: String::new(),
            account_id: Some(rec.id),
            contact_id: None,
            lead_id: None,
            occurred_at: None,
            due_on: None,
            assignee_id: None,
        };
        assert_eq!(
            activities::log(s, &viewer, call).await,
            Err(AppError::Forbidden)
        );
    }
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_changes_nothing() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let a = accounts::create(s, &sales, acme()).await.expect("create");
        let first = accounts::update(
            s,
            &sales,
            a.id,
            a.version,
            AccountInput {
                notes: "first".into(),
                ..acme()
            },
        )
        .await
        .expect("first");
        let second = accounts::update(
            s,
            &sales,
            a.id,
            a.version,
            AccountInput {
                notes: "second".into(),
                ..acme()
            },
        )
        .await;
        assert_eq!(
            second,
            Err(AppError::Conflict {
                entity: "account".into(),
                current_version: first.version
            }),
            "{}",
            db.name
        );
        assert_eq!(
            accounts::get(s, &sales, a.id).await.expect("get").notes,
            "first"
        );
        let del = accounts::set_deleted(s, &sales, a.id, a.version, true).await;
        assert!(matches!(del, Err(AppError::Conflict { .. })));
    }
}

fn lead_input() -> LeadInput {
    LeadInput {
        name: "李伟".into(),
        company: "北京云杉科技有限公司".into(),
        title: "CTO".into(),
        email: "li.wei@yunshan.cn".into(),
        phone: "+86 138 0013 8000".into(),
        website: "yunshan.cn".into(),
        source: "Web form".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn converting_a_lead_creates_account_contact_and_follow_up_in_one_step() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let l = leads::create(s, &sales, lead_input()).await.expect("lead");
        let call = ActivityInput {
            kind: ActivityKind::Call,
            subject: "First call".into(),
            body: String::new(),
            account_id: None,
            contact_id: None,
            lead_id: Some(l.id),
            occurred_at: None,
            due_on: None,
            assignee_id: None,
        };
        activities::log(s, &sales, call)
            .await
            .expect("call the lead");
        let l = leads::set_status(s, &sales, l.id, l.version, LeadStatus::Qualified, "")
            .await
            .expect("qualify");
        assert!(
            leads::matches(s, &sales, l.id)
                .await
                .expect("matches")
                .accounts
                .is_empty()
        );
        let plan = ConvertPlan {
            version: l.version,
            account: ConvertTarget::New,
            contact: ConvertTarget::New,
            follow_up: Some("Send proposal".into()),
        };
        let r = leads::convert(s, &sales, l.id, plan)
            .await
            .expect("convert");
        let acc = accounts::get(s, &sales, r.account_id)
            .await
            .expect("account");
        assert_eq!(acc.name, "北京云杉科技有限公司");
        assert_eq!(acc.domain, "yunshan.cn");
        let con = contacts::get(s, &sales, r.contact_id)
            .await
            .expect("contact");
        assert_eq!(con.account.as_ref().map(|a| a.id), Some(acc.id));
        assert_eq!(con.email, "li.wei@yunshan.cn");
        let l2 = leads::get(s, &sales, l.id).await.expect("lead");
        assert_eq!(l2.status, LeadStatus::Converted);
        assert_eq!(l2.converted_account_id, Some(acc.id));
        let page = timeline::account_timeline(s, &sales, acc.id, None, 20)
            .await
            .expect("timeline");
        let subjects: Vec<_> = page
            .items
            .iter()
            .filter_map(|i| match i {
                TimelineItem::Activity(a) => Some(a.subject.as_str()),
                _ => None,
            })
            .collect();
        assert!(
            subjects.contains(&"First call"),
            "the lead's history moves to the account: {subjects:?}"
        );
        assert!(subjects.contains(&"Send proposal"));
        let again = leads::convert(
            s,
            &sales,
            l.id,
            ConvertPlan {
                version: l2.version,
                account: ConvertTarget::New,
                contact: ConvertTarget::New,
                follow_up: None,
            },
        )
        .await;
        assert!(matches!(again, Err(AppError::Validation { field, .. }) if field == "status"));

        // A second lead from the same company is offered the existing
        // account and contact, and can attach to them.
        let l3 = leads::create(
            s,
            &sales,
            LeadInput {
                name: "Li Wei".into(),
                company: "北京云杉科技".into(),
                ..lead_input()
            },
        )
        .await
        .expect("lead 2");
        let m = leads::matches(s, &sales, l3.id).await.expect("matches");
        assert_eq!(
            m.accounts.iter().map(|a| a.id).collect::<Vec<_>>(),
            vec![acc.id],
            "{}",
            db.name
        );
        assert_eq!(
            m.contacts.iter().map(|c| c.id).collect::<Vec<_>>(),
            vec![con.id]
        );
        let r3 = leads::convert(
            s,
            &sales,
            l3.id,
            ConvertPlan {
                version: l3.version,
                account: ConvertTarget::Existing(acc.id),
                contact: ConvertTarget::Existing(con.id),
                follow_up: None,
            },
        )
        .await
        .expect("attach");
        assert_eq!((r3.account_id, r3.contact_id), (acc.id, con.id));
        assert_eq!(
            accounts::list(s, &sales, &q(), false)
                .await
                .expect("list")
                .total,
            1,
            "no duplicate account"
        );
    }
}

#[tokio::test]
async fn a_failed_conversion_leaves_nothing_behind() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let l = leads::create(s, &sales, lead_input()).await.expect("lead");
        // The account is created first; attaching to a contact that does
        // not exist then fails: the account must be rolled back with it.
        let plan = ConvertPlan {
            version: l.version,
            account: ConvertTarget::New,
            contact: ConvertTarget::Existing(987_654),
            follow_up: Some("x".into()),
        };
        let r = leads::convert(s, &sales, l.id, plan).await;
        assert!(
            matches!(&r, Err(AppError::Validation { field, .. }) if field == "contact"),
            "{r:?}"
        );
        assert_eq!(
            accounts::list(s, &sales, &q(), false)
                .await
                .expect("list")
                .total,
            0,
            "{}: account rolled back",
            db.name
        );
        assert!(
            search::search(s, &sales, "云杉")
                .await
                .expect("search")
                .iter()
                .all(|h| h.kind == RecordKind::Lead),
            "no index rows left"
        );
        assert_eq!(
            leads::get(s, &sales, l.id).await.expect("lead").status,
            LeadStatus::New
        );
        // A stale version is a conflict, also with nothing written.
        let stale = ConvertPlan {
            version: l.version + 5,
            account: ConvertTarget::New,
            contact: ConvertTarget::New,
            follow_up: None,
        };
        assert!(matches!(
            leads::convert(s, &sales, l.id, stale).await,
            Err(AppError::Conflict { .. })
        ));
        assert_eq!(
            accounts::list(s, &sales, &q(), false)
                .await
                .expect("list")
                .total,
            0
        );
        // Disqualifying needs a reason.
        let d = leads::set_status(s, &sales, l.id, l.version, LeadStatus::Disqualified, " ").await;
        assert!(matches!(d, Err(AppError::Validation { field, .. }) if field == "reason"));
        let d = leads::set_status(
            s,
            &sales,
            l.id,
            l.version,
            LeadStatus::Disqualified,
            "No budget",
        )
        .await
        .expect("disqualify");
        assert_eq!(d.disqualify_reason, "No budget");
    }
}

#[tokio::test]
async fn search_finds_by_name_email_phone_and_domain_in_both_scripts() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let a = accounts::create(s, &sales, acme()).await.expect("acme");
        let cn = accounts::create(
            s,
            &sales,
            AccountInput {
                name: "上海星河贸易有限公司".into(),
                ..Default::default()
            },
        )
        .await
        .expect("cn");
        let c = contacts::create(
            s,
            &sales,
            ContactInput {
                account_id: Some(a.id),
                name: "Jane O'Neil".into(),
                email: "jane@acme-rockets.com".into(),
                phone: "+86 139 1234 5678".into(),
                ..Default::default()
            },
        )
        .await
        .expect("contact");
        let l = leads::create(s, &sales, lead_input()).await.expect("lead");
        let hit = |q: &'static str| async move {
            search::search(s, &sales, q)
                .await
                .expect("search")
                .into_iter()
                .map(|h| (h.kind, h.id))
                .collect::<Vec<_>>()
        };
        assert!(hit("acme").await.contains(&(RecordKind::Account, a.id)));
        assert!(
            hit("acme-rockets.com")
                .await
                .contains(&(RecordKind::Account, a.id)),
            "{}: domain",
            db.name
        );
        assert!(
            hit("jane@acme")
                .await
                .contains(&(RecordKind::Contact, c.id))
        );
        assert!(
            hit("139 1234").await.contains(&(RecordKind::Contact, c.id)),
            "{}: phone",
            db.name
        );
        assert!(
            hit("+86 13912345678")
                .await
                .contains(&(RecordKind::Contact, c.id))
        );
        assert!(hit("o'neil").await.contains(&(RecordKind::Contact, c.id)));
        assert_eq!(
            hit("星河").await,
            vec![(RecordKind::Account, cn.id)],
            "{}: Chinese substring",
            db.name
        );
        assert_eq!(
            hit("xinghe").await,
            vec![(RecordKind::Account, cn.id)],
            "{}: pinyin",
            db.name
        );
        assert!(hit("云杉 li").await.contains(&(RecordKind::Lead, l.id)));
        assert!(hit("acme zebra").await.is_empty(), "every word must match");
        assert!(hit("   ").await.is_empty());
        let rival = actor_in(s, "rival", Role::Sales, "West").await;
        assert!(
            search::search(s, &rival, "acme")
                .await
                .expect("search")
                .is_empty(),
            "{}: scoped",
            db.name
        );
    }
}

#[tokio::test]
async fn lists_filter_sort_and_page_on_the_server() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        for (i, name) in ["Delta", "alpha", "Charlie", "北京", "Bravo"]
            .into_iter()
            .enumerate()
        {
            let lifecycle = if i % 2 == 0 {
                Lifecycle::Customer
            } else {
                Lifecycle::Prospect
            };
            let tags = if i < 2 {
                vec!["vip".to_owned()]
            } else {
                vec![]
            };
            accounts::create(
                s,
                &admin,
                AccountInput {
                    name: name.into(),
                    industry: if i == 0 {
                        "Retail".into()
                    } else {
                        String::new()
                    },
                    lifecycle: Some(lifecycle),
                    tags,
                    ..Default::default()
                },
            )
            .await
            .expect("create");
        }
        // Case-insensitive, and 北京 (beijing) sorts among the Bs.
        assert_eq!(
            names(s, &admin, &q()).await,
            ["alpha", "北京", "Bravo", "Charlie", "Delta"],
            "{}",
            db.name
        );
        let desc = ListQuery { desc: true, ..q() };
        assert_eq!(
            names(s, &admin, &desc).await.first().map(String::as_str),
            Some("Delta")
        );
        let vip = ListQuery {
            tag: Some("VIP".into()),
            ..q()
        };
        assert_eq!(names(s, &admin, &vip).await, ["alpha", "Delta"]);
        let cust = ListQuery {
            lifecycle: Some(Lifecycle::Customer),
            ..q()
        };
        assert_eq!(names(s, &admin, &cust).await, ["Bravo", "Charlie", "Delta"]);
        let retail = ListQuery {
            industry: Some("Retail".into()),
            ..q()
        };
        assert_eq!(names(s, &admin, &retail).await, ["Delta"]);
        let page2 = ListQuery {
            per_page: 2,
            page: 2,
            ..q()
        };
        let p = accounts::list(s, &admin, &page2, false)
            .await
            .expect("page");
        assert_eq!((p.total, p.pages()), (5, 3));
        assert_eq!(
            p.items.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
            ["Bravo", "Charlie"]
        );
        let text = ListQuery {
            q: "char".into(),
            ..q()
        };
        assert_eq!(names(s, &admin, &text).await, ["Charlie"]);
        let grade_d = ListQuery {
            grade: Some(Grade::D),
            ..q()
        };
        assert_eq!(
            names(s, &admin, &grade_d).await.len(),
            5,
            "no value, no activity: D"
        );
        assert_eq!(
            accounts::industries(s, &admin).await.expect("industries"),
            ["Retail"]
        );
    }
}

#[tokio::test]
async fn activities_my_day_and_the_timeline() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let mate = actor_in(s, "mate", Role::Sales, "East").await;
        let a = accounts::create(s, &sales, acme()).await.expect("account");
        let c = contacts::create(
            s,
            &sales,
            ContactInput {
                account_id: Some(a.id),
                name: "Jane".into(),
                ..Default::default()
            },
        )
        .await
        .expect("contact");
        let call = ActivityInput {
            kind: ActivityKind::Call,
            subject: "Discovery call".into(),
            body: "Budget confirmed".into(),
            account_id: None,
            contact_id: Some(c.id),
            lead_id: None,
            occurred_at: None,
            due_on: None,
            assignee_id: None,
        };
        let logged = activities::log(s, &sales, call).await.expect("call");
        assert_eq!(
            logged.account.as_ref().map(|x| x.id),
            Some(a.id),
            "a contact's call is on the account too"
        );
        let today = Utc::now().date_naive();
        let task = ActivityInput {
            kind: ActivityKind::Task,
            subject: "Follow up".into(),
            body: String::new(),
            account_id: Some(a.id),
            contact_id: Some(c.id),
            lead_id: None,
            occurred_at: None,
            due_on: Some(today),
            assignee_id: Some(mate.user_id),
        };
        let t = activities::log(s, &sales, task).await.expect("task");
        let overdue = ActivityInput {
            subject: "Old promise".into(),
            due_on: today.pred_opt(),
            assignee_id: Some(mate.user_id),
            ..activities_input_task(a.id)
        };
        activities::log(s, &sales, overdue).await.expect("overdue");
        let later = ActivityInput {
            subject: "Next month".into(),
            due_on: today.checked_add_days(chrono::Days::new(30)),
            assignee_id: Some(mate.user_id),
            ..activities_input_task(a.id)
        };
        activities::log(s, &sales, later).await.expect("later");
        let start = Utc::now() - chrono::Duration::hours(1);
        let day = activities::my_day(s, &mate, today, start)
            .await
            .expect("my day");
        assert_eq!(
            day.iter().map(|x| x.subject.as_str()).collect::<Vec<_>>(),
            ["Old promise", "Follow up"],
            "{}",
            db.name
        );
        assert!(day[0].is_overdue(today) && !day[1].is_overdue(today));
        assert!(
            activities::my_day(s, &sales, today, start)
                .await
                .expect("mine")
                .is_empty(),
            "assigned to mate, not me"
        );
        let done = activities::set_done(s, &mate, t.id, t.version, true)
            .await
            .expect("complete");
        assert!(done.done_at.is_some());
        let stale = activities::set_done(s, &mate, t.id, t.version, true).await;
        assert!(matches!(stale, Err(AppError::Conflict { .. })));
        let day = activities::my_day(s, &mate, today, start)
            .await
            .expect("my day");
        assert_eq!(
            day.iter().filter(|x| x.done_at.is_none()).count(),
            1,
            "completed one stays, marked done"
        );

        let acc = accounts::get(s, &sales, a.id).await.expect("account");
        assert!(acc.last_activity_at.is_some());
        assert_eq!(
            acc.grade,
            Grade::C,
            "{}: fresh activity lifts D to C",
            db.name
        );
        let mut edit = acc.to_input();
        edit.lifecycle = Some(Lifecycle::Customer);
        accounts::update(s, &sales, a.id, acc.version, edit)
            .await
            .expect("update");

        let page = timeline::account_timeline(s, &sales, a.id, None, 3)
            .await
            .expect("timeline");
        assert_eq!(page.items.len(), 3);
        assert!(
            page.items.windows(2).all(|w| w[0].at() >= w[1].at()),
            "newest first"
        );
        assert!(
            matches!(&page.items[0], TimelineItem::Change { action, changes, .. } if action == "update" && changes.iter().any(|c| c.field == "lifecycle" && c.to == "Customer")),
            "{:?}",
            page.items[0]
        );
        let mut all = page.items.clone();
        let mut next = page.next;
        while let Some(before) = next {
            let p = timeline::account_timeline(s, &sales, a.id, Some(before), 3)
                .await
                .expect("more");
            all.extend(p.items);
            next = p.next;
        }
        let subjects: Vec<_> = all
            .iter()
            .filter_map(|i| match i {
                TimelineItem::Activity(a) => Some(a.subject.as_str()),
                _ => None,
            })
            .collect();
        for s in ["Discovery call", "Follow up", "Old promise", "Next month"] {
            assert!(subjects.contains(&s), "{s} missing from {subjects:?}");
        }
        assert!(
            all.iter()
                .any(|i| matches!(i, TimelineItem::Change { action, .. } if action == "create"))
        );
    }
}

fn activities_input_task(account_id: i64) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::Task,
        subject: String::new(),
        body: String::new(),
        account_id: Some(account_id),
        contact_id: None,
        lead_id: None,
        occurred_at: None,
        due_on: None,
        assignee_id: None,
    }
}

#[tokio::test]
async fn admins_set_grade_thresholds_and_every_account_is_regraded() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let manager = actor_in(s, "mgr", Role::Manager, "East").await;
        let big = accounts::create(
            s,
            &admin,
            AccountInput {
                annual_revenue: Some(30_000_000),
                ..named("Big")
            },
        )
        .await
        .expect("big");
        let small = accounts::create(
            s,
            &admin,
            AccountInput {
                annual_revenue: Some(1_000_000),
                ..named("Small")
            },
        )
        .await
        .expect("small");
        // 1 % of 30 M = 300 k → B, minus one for never contacted → C.
        assert_eq!(big.grade, Grade::C, "{}", db.name);
        assert_eq!(small.grade, Grade::D);
        let (rules, v) = grading::get_rules(s, &manager).await.expect("read rules");
        let lower = GradeRules {
            a_min_value: 200_000,
            b_min_value: 50_000,
            c_min_value: 5_000,
            ..rules
        };
        assert_eq!(
            grading::set_rules(s, &manager, lower, v).await,
            Err(AppError::Forbidden)
        );
        let bad = GradeRules {
            b_min_value: 1,
            c_min_value: 2,
            ..rules
        };
        assert!(matches!(
            grading::set_rules(s, &admin, bad, v).await,
            Err(AppError::Validation { .. })
        ));
        let (_, v2) = grading::set_rules(s, &admin, lower, v).await.expect("set");
        assert_eq!(
            accounts::get(s, &admin, big.id).await.expect("big").grade,
            Grade::B,
            "A minus one"
        );
        assert_eq!(
            accounts::get(s, &admin, small.id)
                .await
                .expect("small")
                .grade,
            Grade::D,
            "C minus one"
        );
        assert!(
            matches!(
                grading::set_rules(s, &admin, rules, v).await,
                Err(AppError::Conflict { .. })
            ),
            "stale rules version"
        );
        let a_list = ListQuery {
            grade: Some(Grade::B),
            ..q()
        };
        assert_eq!(names(s, &admin, &a_list).await, ["Big"]);
        assert_eq!(v2, v + 1);
    }
}
