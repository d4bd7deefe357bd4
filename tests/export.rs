//! List export on real databases (SQLite, and PostgreSQL when reachable):
//! every page of the list, in its order, with its filters, and only what
//! the caller may see.

mod support;

use cairn::domain::customer::*;
use cairn::domain::export;
use cairn::domain::sales::board::DealSort;
use cairn::domain::sales::{BoardQuery, DealInput, DealStatus};
use cairn::domain::{AppError, Role};
use cairn::store::customers::{accounts, contacts, leads};
use cairn::store::sales::{board, deals};
use support::{actor, actor_in, databases};

fn named(name: &str) -> AccountInput {
    AccountInput {
        name: name.into(),
        industry: "Retail".into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn an_export_holds_every_page_in_order_and_only_what_the_caller_sees() {
    for db in databases().await {
        let s = &db.store;
        let east = actor_in(s, "east", Role::Sales, "East").await;
        let west = actor_in(s, "west", Role::Sales, "West").await;
        let admin = actor(s, "boss", Role::Admin).await;
        // More than the largest page, so an export that stopped at one
        // page would come up short.
        let n = cairn::domain::customer::query::MAX_PER_PAGE as usize + 30;
        for i in 0..n {
            accounts::create(s, &east, named(&format!("East {i:03}")))
                .await
                .expect("create");
        }
        let mut other = named("West Only");
        other.industry = "Energy".into();
        let w = accounts::create(s, &west, other).await.expect("create");
        contacts::create(
            s,
            &west,
            ContactInput {
                account_id: Some(w.id),
                name: "王伟".into(),
                email: "wei@west.cn".into(),
                ..Default::default()
            },
        )
        .await
        .expect("contact");
        leads::create(
            s,
            &east,
            LeadInput {
                name: "Li Na".into(),
                company: "Lotus".into(),
                email: "li.na@lotus.cn".into(),
                ..Default::default()
            },
        )
        .await
        .expect("lead");

        let all = ListQuery::default();
        let rows = accounts::export(s, &east, &all, false)
            .await
            .expect("export");
        assert_eq!(rows.len(), n, "{}: every page, only East's", db.name);
        let names: Vec<_> = rows.iter().map(|r| r.name.clone()).collect();
        let mut sorted = names.clone();
        sorted.sort();
        assert_eq!(names, sorted, "{}: in the list's order (by name)", db.name);
        assert!(!names.contains(&"West Only".to_string()));

        // Descending, filtered by text: the same as the page shows.
        let q = ListQuery {
            q: "east 01".into(),
            desc: true,
            ..Default::default()
        };
        let rows = accounts::export(s, &east, &q, false).await.expect("export");
        let page = accounts::list(s, &east, &q, false).await.expect("list");
        assert_eq!(
            rows.iter().map(|r| r.id).collect::<Vec<_>>(),
            page.items.iter().map(|r| r.id).collect::<Vec<_>>(),
            "{}",
            db.name
        );
        assert_eq!(rows.len(), 10, "{}: East 010..019", db.name);
        assert_eq!(rows[0].name, "East 019");

        // The admin sees both teams; the filter by industry narrows.
        let energy = ListQuery {
            industry: Some("Energy".into()),
            ..Default::default()
        };
        let rows = accounts::export(s, &admin, &energy, false)
            .await
            .expect("export");
        assert_eq!(rows.len(), 1);
        let csv = String::from_utf8(export::accounts(&rows).to_csv().expect("csv")).expect("utf8");
        assert!(csv.contains("West Only,Energy"), "{csv}");

        // Contacts and leads follow the same visibility.
        assert!(
            contacts::export(s, &east, &all, false)
                .await
                .expect("c")
                .is_empty()
        );
        let c = contacts::export(s, &west, &all, false).await.expect("c");
        assert_eq!(c.len(), 1);
        assert_eq!(
            c[0].account.as_ref().map(|a| a.name.as_str()),
            Some("West Only")
        );
        assert!(
            leads::export(s, &west, &all, false)
                .await
                .expect("l")
                .is_empty()
        );
        assert_eq!(
            leads::export(s, &east, &all, false).await.expect("l").len(),
            1
        );

        // A role without the module is refused.
        let service = actor_in(s, "desk", Role::Service, "Desk").await;
        let b = board::board(s, &admin, &BoardQuery::default())
            .await
            .expect("board");
        deals::create(
            s,
            &east,
            DealInput {
                title: "Till roll-out".into(),
                amount: "12500.50".into(),
                currency: "CNY".into(),
                pipeline_id: b.pipeline.id,
                stage_id: b.pipeline.stages[1].id,
                ..Default::default()
            },
        )
        .await
        .expect("deal");
        let (rows, stages) = deals::export(
            s,
            &east,
            &BoardQuery::default(),
            Some(DealStatus::Open),
            DealSort::Amount,
            true,
        )
        .await
        .expect("deals");
        assert_eq!(rows.len(), 1);
        let sheet = export::deals(&rows, |id| stages.get(&id).cloned().unwrap_or_default());
        let csv = String::from_utf8(sheet.to_csv().expect("csv")).expect("utf8");
        let stage = &b.pipeline.stages[1].name;
        assert!(csv.contains("Till roll-out,,12500.50,CNY,"), "{csv}");
        assert!(csv.contains(stage.as_str()), "{csv}");
        let west_deals = deals::export(
            s,
            &west,
            &BoardQuery::default(),
            None,
            DealSort::Board,
            false,
        )
        .await
        .expect("deals");
        assert!(
            west_deals.0.is_empty(),
            "{}: West may not see East's deal",
            db.name
        );
        let refused = deals::export(
            s,
            &service,
            &BoardQuery::default(),
            None,
            DealSort::Board,
            false,
        )
        .await;
        assert!(
            matches!(refused, Err(AppError::Forbidden)),
            "{}: {refused:?}",
            db.name
        );
        let refused =
            accounts::export(s, &actor(s, "nobody", Role::Viewer).await, &all, false).await;
        assert_eq!(
            refused.map(|r| r.len()).ok(),
            Some(n + 1),
            "viewers read every account"
        );
    }
}
