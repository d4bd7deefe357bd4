//! Merging duplicate accounts and contacts on SQLite and PostgreSQL: the
//! review queue, a merge moving everything to the survivor with the
//! chosen values, undo putting back exactly what was, and the refusals
//! (stale version, a record the actor may not edit, a malformed request,
//! undo after a later edit) that leave the database as it was. Then the
//! queue over `../shared/testdata/dedupe/messy_input.csv` loaded as
//! accounts: how many groups, how fast.

mod support;

use std::collections::BTreeMap;
use std::time::Instant;

use cairn::domain::customer::merge::{MergeField, MergeInput, MergeKind, ReviewGroup};
use cairn::domain::customer::*;
use cairn::domain::import::{ReadOptions, read_csv};
use cairn::domain::sales::board::BoardEvent;
use cairn::domain::sales::{BoardQuery, DealInput};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::audit;
use cairn::store::customers::{accounts, activities, contacts, leads, merge};
use cairn::store::entity::account;
use cairn::store::sales::{board, deals, events};
use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Set, Statement};
use std::time::Duration;
use support::{actor, actor_in, databases};

/// Per table, what the checksum adds up: equal before and after means no
/// row was added, removed, re-pointed or re-versioned.
const TABLES: [(&str, &str); 11] = [
    ("accounts", "id + version"),
    ("contacts", "id + version + COALESCE(account_id, 0)"),
    ("deals", "id + version + COALESCE(account_id, 0)"),
    ("deal_contacts", "deal_id * 7 + contact_id"),
    (
        "activities",
        "id + version + COALESCE(account_id, 0) + COALESCE(contact_id, 0)",
    ),
    (
        "leads",
        "id + version + COALESCE(converted_account_id, 0) + COALESCE(converted_contact_id, 0)",
    ),
    ("audit_log", "id"),
    ("search_terms", "record_id"),
    ("record_tags", "record_id"),
    ("merges", "id"),
    ("duplicate_dismissals", "id"),
];

async fn checksum(s: &Store) -> BTreeMap<&'static str, (i64, i64)> {
    let mut out = BTreeMap::new();
    for (t, sum) in TABLES {
        let sql = format!(
            "SELECT CAST(COUNT(*) AS BIGINT) AS n, CAST(COALESCE(SUM({sum}), 0) AS BIGINT) AS s FROM {t}"
        );
        let row = s
            .conn()
            .query_one_raw(Statement::from_string(s.conn().get_database_backend(), sql))
            .await
            .expect("checksum")
            .expect("a row");
        out.insert(
            t,
            (
                row.try_get::<i64>("", "n").expect("n"),
                row.try_get::<i64>("", "s").expect("s"),
            ),
        );
    }
    out
}

/// `(key, value)` pairs a query returns, in key order.
async fn pairs(s: &Store, sql: &str) -> Vec<(i64, Option<i64>)> {
    let rows = s
        .conn()
        .query_all_raw(Statement::from_string(
            s.conn().get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .expect("query");
    let mut out: Vec<(i64, Option<i64>)> = rows
        .iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "k").expect("k"),
                r.try_get::<Option<i64>>("", "v").expect("v"),
            )
        })
        .collect();
    out.sort_unstable();
    out
}

/// Where every relation row points.
async fn relations(s: &Store) -> BTreeMap<&'static str, Vec<(i64, Option<i64>)>> {
    let queries = [
        ("contacts", "SELECT id AS k, account_id AS v FROM contacts"),
        ("deals", "SELECT id AS k, account_id AS v FROM deals"),
        (
            "activities.account",
            "SELECT id AS k, account_id AS v FROM activities",
        ),
        (
            "activities.contact",
            "SELECT id AS k, contact_id AS v FROM activities",
        ),
        (
            "leads.account",
            "SELECT id AS k, converted_account_id AS v FROM leads",
        ),
        (
            "leads.contact",
            "SELECT id AS k, converted_contact_id AS v FROM leads",
        ),
        (
            "deal_contacts",
            "SELECT deal_id AS k, contact_id AS v FROM deal_contacts",
        ),
    ];
    let mut out = BTreeMap::new();
    for (name, sql) in queries {
        out.insert(name, pairs(s, sql).await);
    }
    out
}

fn account(name: &str, phone: &str, email: &str, industry: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        phone: phone.into(),
        email: email.into(),
        industry: industry.into(),
        ..Default::default()
    }
}

fn contact(name: &str, email: &str, account_id: Option<i64>) -> ContactInput {
    ContactInput {
        name: name.into(),
        email: email.into(),
        account_id,
        ..Default::default()
    }
}

fn call(account_id: Option<i64>, contact_id: Option<i64>) -> ActivityInput {
    ActivityInput {
        kind: ActivityKind::Call,
        subject: "Call".into(),
        body: String::new(),
        account_id,
        contact_id,
        lead_id: None,
        occurred_at: None,
        due_on: None,
        assignee_id: None,
    }
}

async fn deal(
    s: &Store,
    who: &Actor,
    title: &str,
    account_id: Option<i64>,
    contacts: &[i64],
) -> i64 {
    let b = board::board(s, who, &BoardQuery::default())
        .await
        .expect("board");
    deals::create(
        s,
        who,
        DealInput {
            title: title.into(),
            account_id,
            contact_ids: contacts.to_vec(),
            amount: "1000".into(),
            currency: "CNY".into(),
            pipeline_id: b.pipeline.id,
            stage_id: b.pipeline.stages[0].id,
            ..Default::default()
        },
    )
    .await
    .expect("create deal")
    .id
}

fn input(kind: MergeKind, survivor: i64, merged: &[i64], versions: &[(i64, i64)]) -> MergeInput {
    MergeInput {
        kind,
        survivor_id: survivor,
        merged_ids: merged.to_vec(),
        choices: BTreeMap::new(),
        versions: versions.iter().copied().collect(),
    }
}

fn group_with(groups: &[ReviewGroup], id: i64) -> Option<&ReviewGroup> {
    groups.iter().find(|g| g.records.iter().any(|r| r.id == id))
}

/// The fields a merge chooses and undo restores (not version, updated_at).
fn account_fields(v: &AccountView) -> (AccountInput, Grade, Option<chrono::DateTime<Utc>>) {
    (v.to_input(), v.grade, v.deleted_at)
}

async fn last_action(s: &Store, entity: &str, id: i64) -> (String, Option<String>) {
    let h = audit::history(s.conn(), entity, &id.to_string())
        .await
        .expect("audit");
    let e = h.last().expect("an audit entry");
    (e.action.clone(), e.after.clone())
}

struct Accounts {
    survivor: AccountView,
    twin: AccountView,
    converted: AccountView,
    contact_at_twin: i64,
    deal_at_twin: i64,
    lead: i64,
}

/// Three spellings of one company: one typed, one with a deal, a contact
/// and a call, one created by converting a lead.
async fn three_acmes(s: &Store, who: &Actor) -> Accounts {
    let survivor = accounts::create(
        s,
        who,
        account("Acme Rocket Works", "+1 415 555 0100", "", "Aerospace"),
    )
    .await
    .expect("survivor");
    let mut twin = account(
        "ACME Rocket Works Inc.",
        "+1 415 555 0199",
        "sales@acme-rockets.com",
        "Rockets",
    );
    twin.tags = vec!["VIP".into()];
    twin.notes = "Met at the fair".into();
    let twin = accounts::create(s, who, twin).await.expect("twin");
    let c = contacts::create(
        s,
        who,
        contact("Wile Coyote", "wile@acme-rockets.com", Some(twin.id)),
    )
    .await
    .expect("contact");
    activities::log(s, who, call(Some(twin.id), None))
        .await
        .expect("call on the account");
    activities::log(s, who, call(None, Some(c.id)))
        .await
        .expect("call on the contact");
    let d = deal(s, who, "Rocket skates", Some(twin.id), &[c.id]).await;
    deal(s, who, "Giant magnet", Some(survivor.id), &[]).await;
    let l = leads::create(
        s,
        who,
        LeadInput {
            name: "Road Runner".into(),
            company: "Acme Rocket Works Ltd".into(),
            email: "rr@acme-rockets.com".into(),
            website: "acme-rockets.com".into(),
            ..Default::default()
        },
    )
    .await
    .expect("lead");
    let r = leads::convert(
        s,
        who,
        l.id,
        ConvertPlan {
            version: l.version,
            account: ConvertTarget::New,
            contact: ConvertTarget::New,
            follow_up: None,
        },
    )
    .await
    .expect("convert");
    Accounts {
        survivor: accounts::get(s, who, survivor.id).await.expect("get"),
        twin: accounts::get(s, who, twin.id).await.expect("get"),
        converted: accounts::get(s, who, r.account_id).await.expect("get"),
        contact_at_twin: c.id,
        deal_at_twin: d,
        lead: l.id,
    }
}

fn acme_merge(a: &Accounts) -> MergeInput {
    let mut i = input(
        MergeKind::Account,
        a.survivor.id,
        &[a.twin.id, a.converted.id],
        &[
            (a.survivor.id, a.survivor.version),
            (a.twin.id, a.twin.version),
            (a.converted.id, a.converted.version),
        ],
    );
    i.choices = BTreeMap::from([
        (MergeField::Email, a.twin.id),
        (MergeField::Tags, a.twin.id),
        (MergeField::Notes, a.twin.id),
        (MergeField::Website, a.converted.id),
    ]);
    i
}

#[tokio::test]
async fn a_merge_moves_everything_to_the_survivor_and_undo_puts_it_back() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let a = three_acmes(s, &sales).await;

        let queue = merge::duplicates(s, &sales, MergeKind::Account)
            .await
            .expect("queue");
        let g = group_with(&queue, a.survivor.id).expect("the acmes are proposed");
        let mut ids = g.ids();
        ids.sort_unstable();
        assert_eq!(ids, vec![a.survivor.id, a.twin.id, a.converted.id]);
        assert_eq!(g.links.len(), 2);
        assert!(g.links.iter().all(|l| !l.reasons.is_empty()));
        let twin_row = g.records.iter().find(|r| r.id == a.twin.id).expect("twin");
        assert_eq!(
            (twin_row.deals, twin_row.activities, twin_row.contacts),
            (1, 2, 1),
            "{}",
            db.name
        );
        assert_eq!(twin_row.owner.as_ref().map(|o| o.id), Some(sales.user_id));
        assert_eq!(g.suggested_survivor(), Some(a.twin.id));

        let before = relations(s).await;
        let out = merge::merge(s, &sales, acme_merge(&a))
            .await
            .expect("merge");
        assert_eq!(out.survivor_id, a.survivor.id);
        assert_eq!(out.moved.get("deals"), Some(&1));
        assert_eq!(out.moved.get("contacts"), Some(&2), "{:?}", out.moved);
        assert_eq!(out.moved.get("leads"), Some(&1));
        assert!(out.moved.get("activities").is_some_and(|&n| n >= 2));

        let kept = accounts::get(s, &sales, a.survivor.id).await.expect("get");
        assert_eq!(kept.version, out.survivor_version);
        assert_eq!(kept.name, "Acme Rocket Works");
        assert_eq!(kept.phone, a.survivor.phone);
        assert_eq!(kept.industry, "Aerospace");
        assert_eq!(kept.email, "sales@acme-rockets.com");
        assert_eq!(kept.tags, vec!["VIP".to_owned()]);
        assert_eq!(kept.notes, "Met at the fair");
        assert_eq!(kept.website, a.converted.website);
        assert_eq!(kept.domain, "acme-rockets.com", "derived keys recomputed");
        assert!(kept.last_activity_at.is_some(), "the twin's calls count");
        let d = deals::get(s, &sales, a.deal_at_twin).await.expect("deal");
        assert_eq!(d.account.map(|x| x.id), Some(a.survivor.id));
        let c = contacts::get(s, &sales, a.contact_at_twin)
            .await
            .expect("contact");
        assert_eq!(c.account.map(|x| x.id), Some(a.survivor.id));
        let l = leads::get(s, &sales, a.lead).await.expect("lead");
        assert_eq!(l.converted_account_id, Some(a.survivor.id));
        let at_survivor = contacts::list(
            s,
            &sales,
            &ListQuery::default().normalized(),
            false,
            Some(a.survivor.id),
        )
        .await
        .expect("contacts");
        assert_eq!(at_survivor.items.len(), 2);

        let listed: Vec<i64> = accounts::list(s, &sales, &ListQuery::default().normalized(), false)
            .await
            .expect("list")
            .items
            .iter()
            .map(|r| r.id)
            .collect();
        assert_eq!(listed, vec![a.survivor.id], "{}", db.name);
        for gone in [a.twin.id, a.converted.id] {
            let v = accounts::get(s, &sales, gone).await.expect("in the Trash");
            assert!(v.deleted_at.is_some());
            let (action, after) = last_action(s, "account", gone).await;
            assert_eq!(action, "merged_into");
            assert!(
                after
                    .expect("after")
                    .contains(&format!("\"survivor_id\":{}", a.survivor.id))
            );
        }
        let hits = cairn::store::customers::search::search(s, &sales, "rocket")
            .await
            .expect("search");
        assert_eq!(
            hits.iter()
                .filter(|h| h.kind == RecordKind::Account)
                .count(),
            1
        );
        let (action, after) = last_action(s, "account", a.survivor.id).await;
        assert_eq!(action, "merge");
        assert!(after.expect("after").contains(&format!(
            "\"merged_ids\":[{},{}]",
            a.twin.id, a.converted.id
        )));
        let timeline =
            cairn::store::customers::timeline::account_timeline(s, &sales, a.survivor.id, None, 50)
                .await
                .expect("timeline");
        assert!(timeline.items.iter().any(|i| matches!(
            i,
            TimelineItem::Change { action, changes, .. }
                if action == "merge" && changes.iter().any(|c| c.field == "email")
        )));
        assert!(
            merge::duplicates(s, &sales, MergeKind::Account)
                .await
                .expect("queue")
                .is_empty(),
            "nothing left to merge"
        );

        let history = merge::history(s, &sales, MergeKind::Account)
            .await
            .expect("history");
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].id, out.merge_id);
        assert!(history[0].undoable);
        assert_eq!(history[0].actor.as_ref().map(|u| u.id), Some(sales.user_id));
        assert_eq!(
            history[0]
                .merged
                .iter()
                .map(|n| n.name.as_str())
                .collect::<Vec<_>>(),
            vec!["ACME Rocket Works Inc.", "Acme Rocket Works Ltd"]
        );

        let undone = merge::undo(s, &sales, out.merge_id).await.expect("undo");
        assert!(undone.undone_at.is_some() && !undone.undoable);
        assert_eq!(undone.undone_by.map(|u| u.id), Some(sales.user_id));
        assert_eq!(relations(s).await, before, "{}: every row back", db.name);
        for was in [&a.survivor, &a.twin, &a.converted] {
            let now = accounts::get(s, &sales, was.id).await.expect("get");
            assert_eq!(account_fields(&now), account_fields(was), "{}", db.name);
            assert_eq!(now.last_activity_at, was.last_activity_at);
            assert_eq!(now.domain, was.domain);
        }
        assert_eq!(
            accounts::list(s, &sales, &ListQuery::default().normalized(), false)
                .await
                .expect("list")
                .items
                .len(),
            3
        );
        let hits = cairn::store::customers::search::search(s, &sales, "rocket")
            .await
            .expect("search");
        assert_eq!(
            hits.iter()
                .filter(|h| h.kind == RecordKind::Account)
                .count(),
            3
        );
        assert_eq!(last_action(s, "account", a.twin.id).await.0, "unmerge");
        assert_eq!(
            merge::undo(s, &sales, out.merge_id).await.map(|_| ()),
            Err(AppError::invalid("merge", "has already been undone"))
        );
    }
}

#[tokio::test]
async fn merging_contacts_moves_deal_links_without_duplicating_them() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let north = accounts::create(s, &sales, account("North Ltd", "", "", ""))
            .await
            .expect("account");
        let south = accounts::create(s, &sales, account("South Ltd", "", "", ""))
            .await
            .expect("account");
        let x = contacts::create(
            s,
            &sales,
            contact("Li Lei", "li.lei@north.cn", Some(north.id)),
        )
        .await
        .expect("x");
        let mut y = contact("Lei Li", "li.lei@north.cn", Some(south.id));
        y.title = "CTO".into();
        let y = contacts::create(s, &sales, y).await.expect("y");
        let z = contacts::create(s, &sales, contact("李雷", "LI.LEI@north.cn", None))
            .await
            .expect("z");
        let both = deal(s, &sales, "Both", Some(north.id), &[x.id, y.id]).await;
        let only_y = deal(s, &sales, "Y", Some(south.id), &[y.id]).await;
        let only_z = deal(s, &sales, "Z", None, &[z.id]).await;
        activities::log(s, &sales, call(None, Some(y.id)))
            .await
            .expect("call");

        let queue = merge::duplicates(s, &sales, MergeKind::Contact)
            .await
            .expect("queue");
        let g = group_with(&queue, x.id).expect("same email");
        assert_eq!(g.records.len(), 3);
        let y_row = g.records.iter().find(|r| r.id == y.id).expect("y");
        assert_eq!((y_row.deals, y_row.activities), (2, 1));
        assert_eq!(
            y_row.account.as_ref().map(|a| a.name.as_str()),
            Some("South Ltd")
        );

        let before = relations(s).await;
        let mut i = input(
            MergeKind::Contact,
            x.id,
            &[y.id, z.id],
            &[(x.id, x.version), (y.id, y.version), (z.id, z.version)],
        );
        i.choices = BTreeMap::from([(MergeField::Title, y.id), (MergeField::Account, y.id)]);
        let out = merge::merge(s, &sales, i).await.expect("merge");
        assert_eq!(out.moved.get("deal_contacts"), Some(&3));
        let links = pairs(s, "SELECT deal_id AS k, contact_id AS v FROM deal_contacts").await;
        assert_eq!(
            links,
            vec![
                (both, Some(x.id)),
                (only_y, Some(x.id)),
                (only_z, Some(x.id))
            ],
            "{}: one link per deal",
            db.name
        );
        let kept = contacts::get(s, &sales, x.id).await.expect("x");
        assert_eq!((kept.title.as_str(), kept.name.as_str()), ("CTO", "Li Lei"));
        assert_eq!(kept.account.map(|a| a.id), Some(south.id));
        let calls = pairs(s, "SELECT id AS k, contact_id AS v FROM activities").await;
        assert!(calls.iter().all(|(_, c)| *c == Some(x.id)));

        merge::undo(s, &sales, out.merge_id).await.expect("undo");
        assert_eq!(relations(s).await, before, "{}", db.name);
        let back = contacts::get(s, &sales, x.id).await.expect("x");
        assert_eq!(back.to_input(), x.to_input());
        let back_y = contacts::get(s, &sales, y.id).await.expect("y");
        assert_eq!((back_y.to_input(), back_y.deleted_at), (y.to_input(), None));
    }
}

#[tokio::test]
async fn undo_is_refused_once_a_record_has_changed_since() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let a = three_acmes(s, &admin).await;
        let out = merge::merge(s, &admin, acme_merge(&a))
            .await
            .expect("merge");

        let kept = accounts::get(s, &admin, a.survivor.id).await.expect("get");
        let mut edit = kept.to_input();
        edit.notes = "edited after the merge".into();
        accounts::update(s, &admin, kept.id, kept.version, edit)
            .await
            .expect("edit");
        let sum = checksum(s).await;
        match merge::undo(s, &admin, out.merge_id).await {
            Err(AppError::Conflict { entity, .. }) => {
                assert!(
                    entity.starts_with(&format!("account {}", a.survivor.id)),
                    "{entity}"
                )
            }
            other => panic!("{}: {other:?}", db.name),
        }
        assert_eq!(checksum(s).await, sum, "{}: nothing changed", db.name);
        let history = merge::history(s, &admin, MergeKind::Account)
            .await
            .expect("history");
        assert!(!history[0].undoable && history[0].undone_at.is_none());

        // A merged record restored from the Trash by hand blocks undo too.
        let b = three_acmes(s, &admin).await;
        let out = merge::merge(s, &admin, acme_merge(&b))
            .await
            .expect("merge");
        let twin = accounts::get(s, &admin, b.twin.id).await.expect("twin");
        accounts::set_deleted(s, &admin, twin.id, twin.version, false)
            .await
            .expect("restore");
        match merge::undo(s, &admin, out.merge_id).await {
            Err(AppError::Conflict { entity, .. }) => {
                assert!(
                    entity.starts_with(&format!("account {}", b.twin.id)),
                    "{entity}"
                )
            }
            other => panic!("{}: {other:?}", db.name),
        }
    }
}

#[tokio::test]
async fn refused_merges_write_nothing() {
    for db in databases().await {
        let s = &db.store;
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let a = three_acmes(s, &sales).await;
        let sum = checksum(s).await;

        // Stale: the twin was edited after the screen loaded it.
        let mut stale = acme_merge(&a);
        stale.versions.insert(a.twin.id, a.twin.version - 1);
        match merge::merge(s, &sales, stale).await {
            Err(AppError::Conflict {
                entity,
                current_version,
            }) => {
                assert_eq!(entity, format!("account {}", a.twin.id));
                assert_eq!(current_version, a.twin.version);
            }
            other => panic!("{}: {other:?}", db.name),
        }
        assert_eq!(checksum(s).await, sum, "{}: stale", db.name);

        // Service reads every account but may edit none.
        let service = actor_in(s, "desk", Role::Service, "Desk").await;
        assert_eq!(
            merge::merge(s, &service, acme_merge(&a)).await,
            Err(AppError::Forbidden)
        );
        assert_eq!(
            merge::dismiss(
                s,
                &service,
                MergeKind::Account,
                vec![a.twin.id, a.survivor.id]
            )
            .await,
            Err(AppError::Forbidden)
        );
        // A sales person of another team does not even see them.
        let rival = actor_in(s, "rival", Role::Sales, "West").await;
        let own = accounts::create(s, &rival, account("Acme Rocket Works West", "", "", ""))
            .await
            .expect("own");
        let sum = checksum(s).await;
        let mut theirs = input(
            MergeKind::Account,
            own.id,
            &[a.twin.id],
            &[(own.id, own.version), (a.twin.id, a.twin.version)],
        );
        assert_eq!(
            merge::merge(s, &rival, theirs.clone()).await,
            Err(AppError::not_found("account"))
        );
        // The record the actor may edit, merged into one they may not.
        theirs.survivor_id = a.twin.id;
        theirs.merged_ids = vec![own.id];
        assert_eq!(
            merge::merge(s, &rival, theirs).await,
            Err(AppError::not_found("account"))
        );
        assert_eq!(checksum(s).await, sum, "{}: forbidden", db.name);

        // Malformed requests name the field.
        let cases: Vec<(MergeInput, &str)> = vec![
            (
                input(
                    MergeKind::Account,
                    a.survivor.id,
                    &[],
                    &[(a.survivor.id, 1)],
                ),
                "merged_ids",
            ),
            (
                {
                    let mut i = acme_merge(&a);
                    i.merged_ids.push(a.survivor.id);
                    i
                },
                "merged_ids",
            ),
            (
                {
                    let mut i = acme_merge(&a);
                    i.choices.insert(MergeField::Name, own.id);
                    i
                },
                "choices",
            ),
            (
                {
                    let mut i = acme_merge(&a);
                    i.choices.insert(MergeField::Title, a.twin.id);
                    i
                },
                "choices",
            ),
            (
                {
                    let mut i = acme_merge(&a);
                    i.versions.remove(&a.twin.id);
                    i
                },
                "versions",
            ),
        ];
        for (i, field) in cases {
            match merge::merge(s, &sales, i).await {
                Err(AppError::Validation { field: f, .. }) => assert_eq!(f, field),
                other => panic!("{} {field}: {other:?}", db.name),
            }
        }
        // A record already in the Trash cannot be merged.
        let twin = accounts::get(s, &sales, a.twin.id).await.expect("twin");
        let trashed = accounts::set_deleted(s, &sales, twin.id, twin.version, true)
            .await
            .expect("trash");
        let mut i = acme_merge(&a);
        i.versions.insert(a.twin.id, trashed.version);
        assert_eq!(
            merge::merge(s, &sales, i).await,
            Err(AppError::invalid(
                "merged_ids",
                format!("account {} is in the Trash; restore it first", a.twin.id)
            ))
        );
        assert_eq!(checksum(s).await.get("merges"), Some(&(0, 0)));
    }
}

#[tokio::test]
async fn dismissed_pairs_are_not_proposed_again() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let one = accounts::create(s, &admin, account("Northwind Traders", "", "", ""))
            .await
            .expect("one");
        let two = accounts::create(s, &admin, account("Northwind Traders Ltd", "", "", ""))
            .await
            .expect("two");
        accounts::create(s, &admin, account("Contoso", "", "", ""))
            .await
            .expect("other");
        let queue = merge::duplicates(s, &admin, MergeKind::Account)
            .await
            .expect("queue");
        assert_eq!(queue.len(), 1);
        merge::dismiss(s, &admin, MergeKind::Account, vec![two.id, one.id])
            .await
            .expect("dismiss");
        // Saying it twice is harmless.
        merge::dismiss(s, &admin, MergeKind::Account, vec![one.id, two.id])
            .await
            .expect("again");
        assert!(
            merge::duplicates(s, &admin, MergeKind::Account)
                .await
                .expect("queue")
                .is_empty(),
            "{}",
            db.name
        );
        assert_eq!(last_action(s, "account", one.id).await.0, "not_duplicates");
        // A third spelling that matches both is proposed with each, but
        // the dismissed pair is never a link.
        let three = accounts::create(s, &admin, account("Northwind Traders Inc", "", "", ""))
            .await
            .expect("three");
        let queue = merge::duplicates(s, &admin, MergeKind::Account)
            .await
            .expect("queue");
        let g = group_with(&queue, three.id).expect("proposed");
        assert!(
            g.links
                .iter()
                .all(|l| (l.a.min(l.b), l.a.max(l.b)) != (one.id.min(two.id), one.id.max(two.id)))
        );
        assert_eq!(
            merge::dismiss(s, &admin, MergeKind::Account, vec![one.id]).await,
            Err(AppError::invalid("ids", "choose at least two records"))
        );
        // Contacts keep their own dismissals.
        assert!(
            merge::duplicates(s, &admin, MergeKind::Contact)
                .await
                .expect("contacts")
                .is_empty()
        );
    }
}

/// The card of `deal` heard next on the board's live stream.
async fn heard_card(
    rx: &mut tokio::sync::broadcast::Receiver<BoardEvent>,
    deal: i64,
) -> cairn::domain::sales::DealCard {
    tokio::time::timeout(Duration::from_secs(2), async {
        loop {
            match rx.recv().await {
                Ok(BoardEvent::Card { card, .. }) if card.id == deal => return card,
                Ok(_) => continue,
                Err(e) => panic!("{e}"),
            }
        }
    })
    .await
    .expect("heard within 2 s")
}

/// A merge moves deals to the survivor (new account, new version): open
/// boards hear it, so they show the survivor and the next drag of the
/// card is not a conflict; the undo is heard the same way.
#[tokio::test]
async fn open_boards_hear_a_merge_and_its_undo() {
    for db in databases().await {
        let s = &db.store;
        events::spawn_listener(s);
        tokio::time::timeout(Duration::from_secs(5), s.hub().ready())
            .await
            .expect("listener ready");
        let sales = actor_in(s, "sales", Role::Sales, "East").await;
        let a = three_acmes(s, &sales).await;
        let mut rx = s.hub().subscribe();
        let out = merge::merge(s, &sales, acme_merge(&a))
            .await
            .expect("merge");
        let card = heard_card(&mut rx, a.deal_at_twin).await;
        let stored = deals::get(s, &sales, a.deal_at_twin).await.expect("deal");
        assert_eq!(
            card.account.map(|x| x.id),
            Some(a.survivor.id),
            "{}",
            db.name
        );
        assert_eq!(card.version, stored.version, "{}", db.name);
        merge::undo(s, &sales, out.merge_id).await.expect("undo");
        let card = heard_card(&mut rx, a.deal_at_twin).await;
        let stored = deals::get(s, &sales, a.deal_at_twin).await.expect("deal");
        assert_eq!(card.account.map(|x| x.id), Some(a.twin.id), "{}", db.name);
        assert_eq!(card.version, stored.version, "{}", db.name);
    }
}

#[tokio::test]
async fn a_not_duplicates_mark_is_listed_and_can_be_taken_back() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let one = accounts::create(s, &admin, account("Fabrikam Holdings", "", "", ""))
            .await
            .expect("one");
        let two = accounts::create(s, &admin, account("Fabrikam Holdings Ltd", "", "", ""))
            .await
            .expect("two");
        assert!(
            merge::dismissals(s, &admin, MergeKind::Account)
                .await
                .expect("none yet")
                .is_empty()
        );
        merge::dismiss(s, &admin, MergeKind::Account, vec![two.id, one.id])
            .await
            .expect("dismiss");
        let marks = merge::dismissals(s, &admin, MergeKind::Account)
            .await
            .expect("marks");
        assert_eq!(marks.len(), 1, "{}: {marks:?}", db.name);
        let names: Vec<&str> = marks[0].records.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(names, ["Fabrikam Holdings", "Fabrikam Holdings Ltd"]);
        assert_eq!(marks[0].actor.as_ref().map(|a| a.id), Some(admin.user_id));
        assert!(
            merge::dismissals(s, &admin, MergeKind::Contact)
                .await
                .expect("contacts")
                .is_empty()
        );

        // Service reads the accounts but may not edit them: refused, and
        // the mark stays.
        let service = actor_in(s, "desk", Role::Service, "Desk").await;
        assert_eq!(
            merge::restore(s, &service, MergeKind::Account, vec![one.id, two.id]).await,
            Err(AppError::Forbidden)
        );
        assert!(
            merge::duplicates(s, &admin, MergeKind::Account)
                .await
                .expect("queue")
                .is_empty()
        );

        merge::restore(s, &admin, MergeKind::Account, vec![one.id, two.id])
            .await
            .expect("take back");
        let queue = merge::duplicates(s, &admin, MergeKind::Account)
            .await
            .expect("queue");
        let g = group_with(&queue, one.id).expect("proposed again");
        assert!(g.records.iter().any(|r| r.id == two.id));
        assert!(
            merge::dismissals(s, &admin, MergeKind::Account)
                .await
                .expect("marks")
                .is_empty()
        );
        assert_eq!(
            last_action(s, "account", two.id).await.0,
            "not_duplicates_undone"
        );
        // Nothing left to take back.
        assert!(matches!(
            merge::restore(s, &admin, MergeKind::Account, vec![one.id, two.id]).await,
            Err(AppError::Validation { .. })
        ));

        // A mark whose record went to the Trash is no longer listed, even
        // when its other records are.
        merge::dismiss(s, &admin, MergeKind::Account, vec![one.id, two.id])
            .await
            .expect("dismiss again");
        let three = accounts::create(s, &admin, account("Fabrikam Holdings Inc", "", "", ""))
            .await
            .expect("three");
        merge::dismiss(
            s,
            &admin,
            MergeKind::Account,
            vec![one.id, two.id, three.id],
        )
        .await
        .expect("dismiss three");
        assert_eq!(
            merge::dismissals(s, &admin, MergeKind::Account)
                .await
                .expect("marks")
                .len(),
            2
        );
        accounts::set_deleted(s, &admin, three.id, three.version, true)
            .await
            .expect("trash");
        let marks = merge::dismissals(s, &admin, MergeKind::Account)
            .await
            .expect("marks");
        assert_eq!(marks.len(), 1, "{}: {marks:?}", db.name);
        assert_eq!(marks[0].ids(), vec![one.id, two.id]);
    }
}

/// messy_input.csv (early-childhood sites of Chicago from nine sources,
/// 3,337 rows) loaded as accounts with multi-row inserts, then the queue.
/// The domain's own test finds 755 groups in the same rows; the band is
/// the one it allows.
#[tokio::test]
async fn the_queue_over_messy_input() {
    let path = format!(
        "{}/../shared/testdata/dedupe/messy_input.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("test data {path} is missing ({e})"));
    let table = read_csv(&bytes, &ReadOptions::default()).expect("read");
    let col = |name: &str| {
        table
            .headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} column"))
    };
    let (name, address, phone, email, website) = (
        col("Site name"),
        col("Address"),
        col("Phone"),
        col("Email Address"),
        col("Website"),
    );
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let started = Instant::now();
        let now = Utc::now();
        let models: Vec<account::ActiveModel> = table
            .rows
            .iter()
            .map(|r| {
                let n = r[name].trim().to_owned();
                account::ActiveModel {
                    sort_key: Set(n.to_lowercase()),
                    name_key: Set(String::new()),
                    name: Set(n),
                    industry: Set(String::new()),
                    source: Set("messy_input.csv".into()),
                    website: Set(r[website].trim().to_owned()),
                    domain: Set(String::new()),
                    phone: Set(r[phone].trim().to_owned()),
                    phone_key: Set(String::new()),
                    email: Set(r[email].trim().to_owned()),
                    email_key: Set(String::new()),
                    address: Set(r[address].trim().to_owned()),
                    owner_id: Set(Some(admin.user_id)),
                    team_id: Set(None),
                    tags: Set("[]".into()),
                    lifecycle: Set("prospect".into()),
                    grade: Set("D".into()),
                    annual_revenue: Set(None),
                    notes: Set(String::new()),
                    last_activity_at: Set(None),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    deleted_at: Set(None),
                    ..Default::default()
                }
            })
            .collect();
        assert_eq!(models.len(), 3337);
        let mut rest = models;
        while !rest.is_empty() {
            let chunk: Vec<_> = rest.drain(..rest.len().min(500)).collect();
            account::Entity::insert_many(chunk)
                .exec_without_returning(s.conn())
                .await
                .expect("insert");
        }
        let loaded = started.elapsed();
        let started = Instant::now();
        let groups = merge::duplicates(s, &admin, MergeKind::Account)
            .await
            .expect("queue");
        let took = started.elapsed();
        let grouped: usize = groups.iter().map(|g| g.records.len()).sum();
        eprintln!(
            "{}: messy_input.csv loaded in {loaded:?}; {} groups holding {grouped} of 3337 accounts, proposed in {took:?}",
            db.name,
            groups.len()
        );
        if std::env::var_os("CAIRN_MERGE_SAMPLE").is_some() {
            let step = (groups.len() / 15).max(1);
            for g in groups.iter().step_by(step).take(15) {
                eprintln!("--");
                for r in &g.records {
                    eprintln!("  {} | {} | {} | {}", r.name, r.address, r.phone, r.email);
                }
                for l in &g.links {
                    eprintln!("  {} ~ {}: {:?}", l.a, l.b, l.reasons);
                }
            }
        }
        assert!(
            (700..=820).contains(&groups.len()),
            "{} groups",
            groups.len()
        );
        assert!((2700..=3000).contains(&grouped), "{grouped} grouped");
        assert!(took.as_secs_f64() < 10.0, "took {took:?}");
        // The page the queue shows: the same groups, in the same order.
        let page = merge::duplicates_page(s, &admin, MergeKind::Account, 50, 50)
            .await
            .expect("page");
        assert_eq!(page.total, groups.len());
        assert_eq!(page.groups, groups[50..100].to_vec());
    }
}
