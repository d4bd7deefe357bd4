//! Importing leads and activities (another system's history) on SQLite
//! and PostgreSQL: statuses in English and Chinese, duplicates of stored
//! leads updated by choice, activities attached to accounts and contacts
//! by name or email with the permissions of logging them by hand, the
//! accounts' last-contact mark, re-imports recognised by external id, and
//! undo putting everything back.

mod support;

use cairn::domain::customer::{
    AccountInput, ActivityKind, ContactInput, LeadInput, LeadStatus, RecordKind,
};
use cairn::domain::import::{
    Choice, Counts, Decisions, GroupChoice, Kind, Mapping, ReadOptions, Table, read_csv,
};
use cairn::domain::{AppError, Role};
use cairn::store::Store;
use cairn::store::customers::{accounts, activities, contacts, leads};
use cairn::store::import;
use chrono::{TimeZone, Utc};
use sea_orm::{ConnectionTrait, Statement};
use support::{actor, actor_in, databases};

fn csv(text: &str) -> Table {
    read_csv(text.as_bytes(), &ReadOptions::default()).expect("read")
}

async fn count(s: &Store, sql: &str) -> i64 {
    let row = s
        .conn()
        .query_one_raw(Statement::from_string(
            s.conn().get_database_backend(),
            format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {sql}"),
        ))
        .await
        .expect("count")
        .expect("row");
    row.try_get::<i64>("", "n").expect("n")
}

fn update(key: usize, id: i64) -> Decisions {
    Decisions {
        groups: vec![GroupChoice {
            key,
            choice: Choice::Update { id },
        }],
        skip_errors: false,
    }
}

#[tokio::test]
async fn leads_import_with_statuses_duplicates_and_undo() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let old = leads::create(
            s,
            &admin,
            LeadInput {
                name: "Li Na".into(),
                company: "Old Co".into(),
                email: "li.na@example.cn".into(),
                ..Default::default()
            },
        )
        .await
        .expect("lead");
        let leads_before = count(s, "leads").await;
        let terms_before = count(s, "search_terms WHERE kind = 'lead'").await;
        let file = csv("姓名,公司,邮箱,电话,状态\n\
             Li Na,New Co,li.na@example.cn,,合格\n\
             Zhang Wei,Huaxia Trading,zhang.wei@huaxia.example,,\n\
             Wang Fang,,,+86 138 0013 8000,disqualified\n\
             Nobody,,,,\n\
             Chen Jie,,chen@example.cn,,converted\n");
        let m = Mapping::suggested(Kind::Leads, &file.headers);
        let dry = import::dry_run(s, &admin, Kind::Leads, &file, &m, &Decisions::default())
            .await
            .expect("dry run");
        // Row 5 has no way to reach the person, row 6 a status an import
        // cannot set; row 2 duplicates the stored lead by email.
        let rows: Vec<(usize, &str)> = dry
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str()))
            .collect();
        assert_eq!(rows, vec![(5, "邮箱"), (6, "状态")], "{:?}", dry.errors);
        assert_eq!(dry.duplicates.len(), 1, "{:?}", dry.duplicates);
        assert_eq!(dry.duplicates[0].existing[0].id, old.id);
        assert!(
            dry.duplicates[0].reasons.contains(&"same email".to_owned()),
            "{:?}",
            dry.duplicates[0].reasons
        );
        assert_eq!(
            dry.counts,
            Counts {
                create: 2,
                update: 0,
                skip: 1,
                error: 2
            }
        );
        // Errors refuse the import unless skipped, and change nothing.
        let refused = import::commit(
            s,
            &admin,
            Kind::Leads,
            "l.csv",
            &file,
            &m,
            &update(2, old.id),
        )
        .await;
        assert!(
            matches!(refused, Err(AppError::Validation { .. })),
            "{refused:?}"
        );
        assert_eq!(count(s, "leads").await, leads_before);

        let mut decisions = update(2, old.id);
        decisions.skip_errors = true;
        let done = import::commit(s, &admin, Kind::Leads, "l.csv", &file, &m, &decisions)
            .await
            .expect("commit");
        assert_eq!((done.counts.create, done.counts.update), (2, 1));
        let li = leads::get(s, &admin, old.id).await.expect("li");
        assert_eq!(
            (li.company.as_str(), li.status, li.version),
            ("New Co", LeadStatus::Qualified, 2)
        );
        let all = leads::list(s, &admin, &Default::default(), false)
            .await
            .expect("list")
            .items;
        let wang = all.iter().find(|l| l.name == "Wang Fang").expect("wang");
        assert_eq!(wang.status, LeadStatus::Disqualified);
        assert_eq!(
            wang.owner.as_ref().map(|o| o.id),
            Some(admin.user_id),
            "the importing user owns rows without an owner"
        );
        let zhang = all.iter().find(|l| l.name == "Zhang Wei").expect("zhang");
        assert_eq!(
            (zhang.company.as_str(), zhang.status),
            ("Huaxia Trading", LeadStatus::New)
        );
        assert!(
            count(s, "search_terms WHERE kind = 'lead'").await > terms_before,
            "new leads are searchable"
        );

        import::undo(s, &admin, done.import_id).await.expect("undo");
        assert_eq!(count(s, "leads").await, leads_before, "{}", db.name);
        assert_eq!(
            count(s, "search_terms WHERE kind = 'lead'").await,
            terms_before
        );
        let li = leads::get(s, &admin, old.id).await.expect("li");
        assert_eq!(
            (li.company.as_str(), li.status),
            ("Old Co", LeadStatus::New)
        );
    }
}

#[tokio::test]
async fn activities_import_onto_accounts_and_contacts_and_undo() {
    for db in databases().await {
        let s = &db.store;
        let ann = actor_in(s, "ann", Role::Sales, "East").await;
        let bob = actor_in(s, "bob", Role::Sales, "West").await;
        let acme = accounts::create(
            s,
            &ann,
            AccountInput {
                name: "Acme Corporation".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let wu = contacts::create(
            s,
            &ann,
            ContactInput {
                name: "Wu Lei".into(),
                email: "wu.lei@acme.example".into(),
                account_id: Some(acme.id),
                ..Default::default()
            },
        )
        .await
        .expect("wu");
        accounts::create(
            s,
            &bob,
            AccountInput {
                name: "Western Goods".into(),
                ..Default::default()
            },
        )
        .await
        .expect("western");
        let file = csv(
            "Activity ID,Type,Subject,Account,Contact,Date,Due,Assigned to\n\
             A1,Call,Kick-off call,Acme Corp.,,03/01/2024,,\n\
             A2,会议,Demo,,wu.lei@acme.example,03/05/2024,,\n\
             A3,Task,Send the quote,Acme Corporation,,,03/20/2024,ann\n\
             A4,Note,Not ours,Western Goods,,03/02/2024,,\n\
             A5,Task,No due date,Acme Corporation,,,,\n\
             A6,Fax,Unknown kind,Acme Corporation,,,,\n",
        );
        let m = Mapping::suggested(Kind::Activities, &file.headers);
        let dry = import::dry_run(s, &ann, Kind::Activities, &file, &m, &Decisions::default())
            .await
            .expect("dry run");
        let errors: Vec<(usize, &str)> = dry
            .errors
            .iter()
            .map(|e| (e.row, e.column.as_str()))
            .collect();
        // Bob's account is outside Ann's scope: as if it did not exist.
        assert_eq!(
            errors,
            vec![(5, "Account"), (6, "Due"), (7, "Type")],
            "{:?}",
            dry.errors
        );
        assert!(dry.errors[0].reason.starts_with("no account is named"));
        assert_eq!(dry.counts.create, 3);

        let decisions = Decisions {
            groups: Vec::new(),
            skip_errors: true,
        };
        let done = import::commit(s, &ann, Kind::Activities, "a.csv", &file, &m, &decisions)
            .await
            .expect("commit");
        assert_eq!(done.counts.create, 3);
        let on_contact = activities::for_record(s, &ann, RecordKind::Contact, wu.id, 50)
            .await
            .expect("contact's");
        assert_eq!(on_contact.len(), 1);
        let demo = &on_contact[0];
        assert_eq!(demo.kind, ActivityKind::Meeting);
        assert_eq!(
            demo.account.as_ref().map(|a| a.id),
            Some(acme.id),
            "a contact's activity shows on its account too"
        );
        assert_eq!(
            demo.occurred_at,
            Utc.with_ymd_and_hms(2024, 3, 5, 12, 0, 0).unwrap()
        );
        let on_account = activities::for_record(s, &ann, RecordKind::Account, acme.id, 50)
            .await
            .expect("account's");
        assert_eq!(on_account.len(), 3);
        let task = on_account
            .iter()
            .find(|a| a.kind == ActivityKind::Task)
            .expect("task");
        assert_eq!(task.assignee.as_ref().map(|u| u.id), Some(ann.user_id));
        assert_eq!(task.due_on, chrono::NaiveDate::from_ymd_opt(2024, 3, 20));
        let account = accounts::get(s, &ann, acme.id).await.expect("acme");
        assert_eq!(
            account.last_activity_at,
            Some(Utc.with_ymd_and_hms(2024, 3, 5, 12, 0, 0).unwrap()),
            "the latest interaction, not the task"
        );

        // The same export again: every row is recognised by its id and
        // skipped unless chosen otherwise; update is refused.
        let again = import::dry_run(s, &ann, Kind::Activities, &file, &m, &decisions)
            .await
            .expect("again");
        assert_eq!(again.duplicates.len(), 3, "{:?}", again.duplicates);
        assert_eq!((again.counts.create, again.counts.skip), (0, 3));
        let first = again.duplicates[0].existing[0].id;
        let refused = import::dry_run(s, &ann, Kind::Activities, &file, &m, &update(2, first))
            .await
            .expect("dry");
        assert!(
            refused
                .errors
                .iter()
                .any(|e| e.row == 2 && e.reason.contains("does not update activities")),
            "{:?}",
            refused.errors
        );

        import::undo(s, &ann, done.import_id).await.expect("undo");
        assert_eq!(count(s, "activities").await, 0, "{}", db.name);
        let account = accounts::get(s, &ann, acme.id).await.expect("acme");
        assert_eq!(account.last_activity_at, None);
    }
}
