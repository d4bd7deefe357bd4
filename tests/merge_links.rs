//! What a merge does to the service and marketing records of the people
//! merged, on SQLite and PostgreSQL: tickets follow the survivor (account
//! and contact); campaign memberships follow the surviving contact, and
//! where the survivor is already in the campaign the two fold into one
//! that keeps the further status; undo puts every row back. Also the
//! account's 360° list of its contacts' campaigns, and who may read it.

mod support;

use std::collections::BTreeMap;

use cairn::domain::customer::merge::{MergeInput, MergeKind};
use cairn::domain::customer::{AccountInput, ContactInput};
use cairn::domain::marketing::{CampaignInput, CampaignKind, MemberRef, MemberStatus};
use cairn::domain::service::{Priority, TicketInput, TicketKind};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::customers::{accounts, contacts, merge};
use cairn::store::marketing::{campaigns, members, memberships};
use cairn::store::service::tickets;
use sea_orm::{ConnectionTrait, Statement};
use support::{actor, actor_in, databases};

/// `(id, a, b)` rows of a query, in id order.
async fn rows(s: &Store, sql: &str) -> Vec<(i64, Option<i64>, String)> {
    let found = s
        .conn()
        .query_all_raw(Statement::from_string(
            s.conn().get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .expect("query");
    let mut out: Vec<_> = found
        .iter()
        .map(|r| {
            (
                r.try_get::<i64>("", "id").expect("id"),
                r.try_get::<Option<i64>>("", "who").expect("who"),
                r.try_get::<String>("", "what").expect("what"),
            )
        })
        .collect();
    out.sort();
    out
}

const MEMBERS: &str = "SELECT id, contact_id AS who, \
    CAST(campaign_id AS VARCHAR(20)) || ':' || status AS what FROM campaign_members";
const TICKETS_BY_CONTACT: &str = "SELECT id, contact_id AS who, subject AS what FROM tickets";
const TICKETS_BY_ACCOUNT: &str = "SELECT id, account_id AS who, subject AS what FROM tickets";

fn merge_input(kind: MergeKind, survivor: (i64, i64), merged: &[(i64, i64)]) -> MergeInput {
    MergeInput {
        kind,
        survivor_id: survivor.0,
        merged_ids: merged.iter().map(|m| m.0).collect(),
        choices: BTreeMap::new(),
        versions: std::iter::once(survivor)
            .chain(merged.iter().copied())
            .collect(),
    }
}

async fn campaign(s: &Store, who: &Actor, name: &str) -> i64 {
    campaigns::create(
        s,
        who,
        CampaignInput {
            name: name.into(),
            kind: CampaignKind::Event,
            currency: "CNY".into(),
            ..Default::default()
        },
    )
    .await
    .expect("campaign")
    .id
}

/// Puts `contact` in `campaign` with `status`.
async fn member(s: &Store, who: &Actor, campaign: i64, contact: i64, status: MemberStatus) {
    members::add(s, who, campaign, vec![MemberRef::Contact(contact)])
        .await
        .expect("add");
    let m = campaigns::get(s, who, campaign)
        .await
        .expect("campaign")
        .members
        .into_iter()
        .find(|m| m.member == MemberRef::Contact(contact))
        .expect("member");
    if status != MemberStatus::Sent {
        members::set_status(s, who, m.id, m.version, status)
            .await
            .expect("status");
    }
}

#[tokio::test]
async fn merges_move_tickets_and_fold_campaign_memberships_and_undo_restores_them() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let mia = actor_in(s, "mia", Role::Manager, "East").await;
        let agent = actor_in(s, "sam", Role::Service, "Support").await;
        let account = |name: &str| AccountInput {
            name: name.into(),
            ..Default::default()
        };
        let north = accounts::create(s, &mia, account("North"))
            .await
            .expect("north");
        let north_ltd = accounts::create(s, &mia, account("North Ltd"))
            .await
            .expect("north ltd");
        let person = |name: &str, account_id: Option<i64>| ContactInput {
            name: name.into(),
            email: "li.lei@north.cn".into(),
            account_id,
            ..Default::default()
        };
        let x = contacts::create(s, &mia, person("Li Lei", Some(north.id)))
            .await
            .expect("x");
        let y = contacts::create(s, &mia, person("Lei Li", Some(north_ltd.id)))
            .await
            .expect("y");
        let z = contacts::create(s, &mia, person("李雷", None))
            .await
            .expect("z");
        let ticket = |subject: &str, account_id: i64, contact_id: i64| TicketInput {
            kind: TicketKind::Question,
            subject: subject.into(),
            account_id: Some(account_id),
            contact_id: Some(contact_id),
            priority: Priority::Normal,
            ..Default::default()
        };
        let t1 = tickets::create(s, &agent, ticket("Login fails", north_ltd.id, y.id))
            .await
            .expect("t1");
        let t2 = tickets::create(s, &agent, ticket("Invoice copy", north.id, z.id))
            .await
            .expect("t2");
        // A: x sent, y responded (folds, x raised to responded).
        // B: y converted only (moves to x). C: x converted, z sent (folds,
        // x stays converted).
        let (a, b, c) = (
            campaign(s, &mia, "A").await,
            campaign(s, &mia, "B").await,
            campaign(s, &mia, "C").await,
        );
        member(s, &mia, a, x.id, MemberStatus::Sent).await;
        member(s, &mia, a, y.id, MemberStatus::Responded).await;
        member(s, &mia, b, y.id, MemberStatus::Converted).await;
        member(s, &mia, c, x.id, MemberStatus::Converted).await;
        member(s, &mia, c, z.id, MemberStatus::Sent).await;

        let listed = memberships::of_account(s, &mia, north.id)
            .await
            .expect("360");
        let mut seen: Vec<(String, String, MemberStatus)> = listed
            .iter()
            .map(|m| (m.campaign.name.clone(), m.contact.name.clone(), m.status))
            .collect();
        seen.sort_by(|p, q| p.0.cmp(&q.0));
        assert_eq!(
            seen,
            vec![
                ("A".into(), "Li Lei".into(), MemberStatus::Sent),
                ("C".into(), "Li Lei".into(), MemberStatus::Converted),
            ],
            "{}: the account's contacts' campaigns",
            db.name
        );
        assert_eq!(
            memberships::of_account(s, &agent, north.id).await.err(),
            Some(AppError::Forbidden),
            "{}: service has no marketing",
            db.name
        );

        let members_before = rows(s, MEMBERS).await;
        let by_contact_before = rows(s, TICKETS_BY_CONTACT).await;
        let out = merge::merge(
            s,
            &admin,
            merge_input(
                MergeKind::Contact,
                (x.id, x.version),
                &[(y.id, y.version), (z.id, z.version)],
            ),
        )
        .await
        .expect("merge contacts");
        assert_eq!(out.moved.get("tickets"), Some(&2), "{}", db.name);
        assert_eq!(out.moved.get("campaign_members"), Some(&3), "{}", db.name);
        let now: Vec<(Option<i64>, String)> = rows(s, MEMBERS)
            .await
            .into_iter()
            .map(|(_, who, what)| (who, what))
            .collect();
        let mut expected = vec![
            (Some(x.id), format!("{a}:responded")),
            (Some(x.id), format!("{b}:converted")),
            (Some(x.id), format!("{c}:converted")),
        ];
        expected.sort();
        let mut now_sorted = now.clone();
        now_sorted.sort();
        assert_eq!(now_sorted, expected, "{}: one membership each", db.name);
        let by_contact: Vec<Option<i64>> = rows(s, TICKETS_BY_CONTACT)
            .await
            .into_iter()
            .map(|r| r.1)
            .collect();
        assert_eq!(by_contact, vec![Some(x.id), Some(x.id)], "{}", db.name);
        let statuses: BTreeMap<String, MemberStatus> = memberships::of_account(s, &mia, north.id)
            .await
            .expect("360 after")
            .into_iter()
            .map(|m| (m.campaign.name, m.status))
            .collect();
        assert_eq!(
            statuses,
            BTreeMap::from([
                ("A".into(), MemberStatus::Responded),
                ("B".into(), MemberStatus::Converted),
                ("C".into(), MemberStatus::Converted),
            ]),
            "{}",
            db.name
        );

        merge::undo(s, &admin, out.merge_id).await.expect("undo");
        let members_after: Vec<(Option<i64>, String)> = rows(s, MEMBERS)
            .await
            .into_iter()
            .map(|(_, who, what)| (who, what))
            .collect();
        let mut was: Vec<(Option<i64>, String)> = members_before
            .iter()
            .map(|(_, who, what)| (*who, what.clone()))
            .collect();
        was.sort();
        let mut back = members_after.clone();
        back.sort();
        assert_eq!(back, was, "{}: memberships as they were", db.name);
        assert_eq!(
            rows(s, TICKETS_BY_CONTACT).await,
            by_contact_before,
            "{}",
            db.name
        );

        // Accounts: the ticket of the merged account follows the survivor.
        let by_account_before = rows(s, TICKETS_BY_ACCOUNT).await;
        let north = accounts::get(s, &admin, north.id).await.expect("north");
        let north_ltd = accounts::get(s, &admin, north_ltd.id)
            .await
            .expect("north ltd");
        let out = merge::merge(
            s,
            &admin,
            merge_input(
                MergeKind::Account,
                (north.id, north.version),
                &[(north_ltd.id, north_ltd.version)],
            ),
        )
        .await
        .expect("merge accounts");
        assert_eq!(out.moved.get("tickets"), Some(&1), "{}", db.name);
        let t1_now = tickets::get(s, &agent, t1.id).await.expect("t1");
        assert_eq!(
            t1_now.ticket.account.map(|a| a.id),
            Some(north.id),
            "{}",
            db.name
        );
        let t2_now = tickets::get(s, &agent, t2.id).await.expect("t2");
        assert_eq!(t2_now.ticket.account.map(|a| a.id), Some(north.id));
        merge::undo(s, &admin, out.merge_id).await.expect("undo");
        assert_eq!(
            rows(s, TICKETS_BY_ACCOUNT).await,
            by_account_before,
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn the_service_board_lists_open_tickets_and_those_done_lately() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let agent = actor_in(s, "sam", Role::Service, "Support").await;
        let acme = accounts::create(
            s,
            &admin,
            AccountInput {
                name: "Acme".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let open = |subject: &str| TicketInput {
            kind: TicketKind::Question,
            subject: subject.into(),
            account_id: Some(acme.id),
            priority: Priority::Normal,
            assignee_id: Some(agent.user_id),
            ..Default::default()
        };
        let working = tickets::create(s, &agent, open("Working"))
            .await
            .expect("t");
        let done_lately = tickets::create(s, &agent, open("Done lately"))
            .await
            .expect("t");
        let done_long_ago = tickets::create(s, &agent, open("Done long ago"))
            .await
            .expect("t");
        for t in [&done_lately, &done_long_ago] {
            tickets::set_status(
                s,
                &agent,
                t.id,
                t.version,
                cairn::domain::service::TicketStatus::Resolved,
                None,
            )
            .await
            .expect("resolve");
        }
        let old = chrono::Utc::now() - chrono::Duration::days(tickets::BOARD_DONE_DAYS + 1);
        {
            use cairn::store::entity::ticket;
            use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
            ticket::Entity::update_many()
                .col_expr(ticket::Column::ResolvedAt, Expr::value(old))
                .filter(ticket::Column::Id.eq(done_long_ago.id))
                .exec(s.conn())
                .await
                .expect("age it");
        }
        let q = cairn::domain::service::TicketQuery::default();
        let mut board: Vec<String> = tickets::board(s, &agent, &q)
            .await
            .expect("board")
            .into_iter()
            .map(|t| format!("{}:{}", t.subject, t.status.as_str()))
            .collect();
        board.sort();
        assert_eq!(
            board,
            vec!["Done lately:resolved", "Working:assigned"],
            "{}",
            db.name
        );
        // The queue (open only) is unchanged.
        let queue = tickets::list(s, &agent, &q).await.expect("queue");
        assert_eq!(
            queue.iter().map(|t| t.id).collect::<Vec<_>>(),
            vec![working.id]
        );
    }
}
