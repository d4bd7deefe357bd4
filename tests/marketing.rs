//! Campaigns in the store, on SQLite and PostgreSQL: members added by
//! hand and from a saved audience, leads that come from a campaign, the
//! figures worked by hand, permissions, conflicts, the audit trail and
//! what deleting a campaign leaves behind.

mod support;

use cairn::domain::customer::{ContactInput, ConvertPlan, ConvertTarget, LeadInput, ListQuery};
use cairn::domain::marketing::{
    Audience, AudienceKind, CampaignInput, CampaignKind, MemberRef, MemberStatus, Rate,
};
use cairn::domain::sales::{BoardQuery, DealInput, MoveRequest, MoveTo};
use cairn::domain::{Actor, AppError, Role};
use cairn::store::Store;
use cairn::store::customers::{contacts, leads};
use cairn::store::marketing::{campaigns, members};
use cairn::store::sales::{board, deals, moves};
use chrono::{Duration, Utc};
use support::{actor, actor_in, databases};

async fn contact(s: &Store, who: &Actor, name: &str, tags: &[&str]) -> i64 {
    contacts::create(
        s,
        who,
        ContactInput {
            name: name.into(),
            email: format!("{}@example.com", name.to_lowercase()),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            ..Default::default()
        },
    )
    .await
    .expect("contact")
    .id
}

async fn lead(s: &Store, who: &Actor, name: &str, campaign_id: Option<i64>) -> i64 {
    leads::create(
        s,
        who,
        LeadInput {
            name: name.into(),
            email: format!("{}@lead.example.com", name.to_lowercase()),
            campaign_id,
            ..Default::default()
        },
    )
    .await
    .expect("lead")
    .id
}

/// A deal on `contacts`, moved to Won or Lost when asked.
async fn deal(
    s: &Store,
    who: &Actor,
    amount: &str,
    cur: &str,
    contacts: &[i64],
    to: Option<MoveTo>,
) {
    let b = board::board(s, who, &BoardQuery::default())
        .await
        .expect("board");
    let d = deals::create(
        s,
        who,
        DealInput {
            title: format!("Deal {amount} {cur}"),
            amount: amount.into(),
            currency: cur.into(),
            contact_ids: contacts.to_vec(),
            pipeline_id: b.pipeline.id,
            stage_id: b.pipeline.stages[1].id,
            ..Default::default()
        },
    )
    .await
    .expect("deal");
    if let Some(to) = to {
        moves::move_deal(
            s,
            who,
            MoveRequest {
                deal_id: d.id,
                version: d.version,
                to,
            },
        )
        .await
        .expect("close");
    }
}

fn webinar(start_days: i64) -> CampaignInput {
    CampaignInput {
        name: "Spring webinar".into(),
        kind: CampaignKind::Webinar,
        start_on: Some(Utc::now().date_naive() + Duration::days(start_days)),
        budget: 2_000_000,
        actual_cost: 1_200_000,
        currency: "CNY".into(),
        ..Default::default()
    }
}

/// Worked by hand. Members: contacts Ann (responded), Bo (converted),
/// Cy (sent), Di (sent, from the "vip" audience, which also matches Ann)
/// and lead Lu (sent) added by hand; leads Mo and Ng created from the
/// campaign (responded), Mo then converted (converted). Seven members:
/// 3 sent, 2 responded, 2 converted — response 4/7 = 57.14 %, conversion
/// 2/7 = 28.57 %. Leads from the campaign: 2, so ¥12,000 / 2 = ¥6,000
/// per lead. Deals: ¥50,000 open on Ann, ¥7,000 open on Ann and Bo
/// (counted once), $3,000 open on Mo's new contact, ¥30,000 won on Bo,
/// ¥9,000 lost on Cy, and one on a stranger (not counted): 5 influenced,
/// pipeline ¥57,000 + $3,000, won ¥30,000, ROI (30,000 − 12,000) /
/// 12,000 = 150 %, 60 % of the budget spent. A second campaign that
/// starts tomorrow has Ann too, but none of today's deals.
#[tokio::test]
async fn a_campaigns_figures_worked_by_hand() {
    for db in databases().await {
        let s = &db.store;
        let mia = actor_in(s, "mia", Role::Manager, "East").await;
        let c = campaigns::create(s, &mia, webinar(-10))
            .await
            .expect("create");
        assert_eq!(
            (c.version, c.owner.as_ref().map(|o| o.id)),
            (1, Some(mia.user_id))
        );
        let ann = contact(s, &mia, "Ann", &["vip"]).await;
        let bo = contact(s, &mia, "Bo", &[]).await;
        let cy = contact(s, &mia, "Cy", &[]).await;
        // Di joins through the "vip" audience, not by hand.
        let _di = contact(s, &mia, "Di", &["vip"]).await;
        let stranger = contact(s, &mia, "Zed", &[]).await;
        let lu = lead(s, &mia, "Lu", None).await;
        let by_hand = vec![
            MemberRef::Contact(ann),
            MemberRef::Contact(bo),
            MemberRef::Contact(cy),
            MemberRef::Lead(lu),
        ];
        let added = members::add(s, &mia, c.id, by_hand).await.expect("add");
        assert_eq!((added.added, added.already), (4, 0));
        let again = members::add(s, &mia, c.id, vec![MemberRef::Contact(ann)])
            .await
            .expect("again");
        assert_eq!((again.added, again.already), (0, 1), "{}", db.name);
        let vip = Audience {
            kind: AudienceKind::Contacts,
            query: ListQuery {
                tag: Some("vip".into()),
                ..Default::default()
            },
        };
        assert_eq!(
            members::preview(s, &mia, c.id, vip.clone())
                .await
                .expect("preview"),
            2
        );
        let from_filter = members::add_audience(s, &mia, c.id, 1, vip.clone())
            .await
            .expect("audience");
        assert_eq!((from_filter.added, from_filter.already), (1, 1));
        // The audience is saved on the campaign (its version moved on).
        let saved = campaigns::get(s, &mia, c.id).await.expect("get");
        assert_eq!(saved.campaign.audience, Some(vip.clone()));
        assert_eq!(
            members::add_audience(s, &mia, c.id, 1, vip).await.err(),
            Some(AppError::Conflict {
                entity: "campaign".into(),
                current_version: 2
            })
        );
        let mo = lead(s, &mia, "Mo", Some(c.id)).await;
        let _ng = lead(s, &mia, "Ng", Some(c.id)).await;
        let detail = campaigns::get(s, &mia, c.id).await.expect("get");
        let status_of = |d: &cairn::domain::marketing::CampaignDetail, who: MemberRef| {
            d.members
                .iter()
                .find(|m| m.member == who)
                .map(|m| (m.id, m.version, m.status))
                .expect("member")
        };
        assert_eq!(
            status_of(&detail, MemberRef::Lead(mo)).2,
            MemberStatus::Responded
        );
        let (ann_m, ann_v, _) = status_of(&detail, MemberRef::Contact(ann));
        members::set_status(s, &mia, ann_m, ann_v, MemberStatus::Responded)
            .await
            .expect("responded");
        assert!(matches!(
            members::set_status(s, &mia, ann_m, ann_v, MemberStatus::Sent).await,
            Err(AppError::Conflict { .. })
        ));
        let (bo_m, bo_v, _) = status_of(&detail, MemberRef::Contact(bo));
        members::set_status(s, &mia, bo_m, bo_v, MemberStatus::Converted)
            .await
            .expect("converted");
        let mo_view = leads::get(s, &mia, mo).await.expect("mo");
        let converted = leads::convert(
            s,
            &mia,
            mo,
            ConvertPlan {
                version: mo_view.version,
                account: ConvertTarget::New,
                contact: ConvertTarget::New,
                follow_up: None,
            },
        )
        .await
        .expect("convert");
        let later = campaigns::create(s, &mia, webinar(1)).await.expect("later");
        members::add(s, &mia, later.id, vec![MemberRef::Contact(ann)])
            .await
            .expect("later member");

        deal(s, &mia, "50,000", "CNY", &[ann], None).await;
        deal(s, &mia, "7,000", "CNY", &[ann, bo], None).await;
        deal(s, &mia, "3,000", "USD", &[converted.contact_id], None).await;
        deal(s, &mia, "30,000", "CNY", &[bo], Some(MoveTo::Won)).await;
        let lost = MoveTo::Lost {
            reason: "Budget cut".into(),
        };
        deal(s, &mia, "9,000", "CNY", &[cy], Some(lost)).await;
        deal(s, &mia, "99,000", "CNY", &[stranger], Some(MoveTo::Won)).await;

        let m = campaigns::get(s, &mia, c.id).await.expect("get").metrics;
        assert_eq!((m.members, m.by_status), (7, [3, 2, 2]), "{}", db.name);
        assert_eq!(m.response_rate, Some(Rate(5_714)));
        assert_eq!(m.conversion_rate, Some(Rate(2_857)));
        assert_eq!((m.leads, m.cost_per_lead), (2, Some(600_000)));
        assert_eq!(m.influenced_deals, 5, "{}", db.name);
        let lines = |t: &cairn::domain::sales::ColumnTotals| {
            t.0.iter()
                .map(|c| (c.currency.clone(), c.count, c.amount))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            lines(&m.pipeline),
            [("CNY".into(), 2, 5_700_000), ("USD".into(), 1, 300_000)]
        );
        assert_eq!(lines(&m.won), [("CNY".into(), 1, 3_000_000)]);
        assert_eq!((m.roi, m.spent), (Some(Rate(15_000)), Some(Rate(6_000))));
        // The list carries the same figures; the later campaign has none.
        let list = campaigns::list(s, &mia).await.expect("list");
        let row = |id| list.iter().find(|r| r.campaign.id == id).expect("row");
        assert_eq!(row(c.id).metrics, m);
        assert_eq!(row(later.id).metrics.influenced_deals, 0);
        assert_eq!(row(later.id).metrics.members, 1);
    }
}

#[tokio::test]
async fn who_may_do_what_with_campaigns() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let mia = actor_in(s, "mia", Role::Manager, "East").await;
        let wes = actor_in(s, "wes", Role::Manager, "West").await;
        let sal = actor_in(s, "sal", Role::Sales, "East").await;
        let sam = actor_in(s, "sam", Role::Service, "Support").await;
        let viewer = actor(s, "vera", Role::Viewer).await;
        // Sales and viewers read campaigns; service may not even list them.
        assert_eq!(
            campaigns::create(s, &sal, webinar(0)).await.err(),
            Some(AppError::Forbidden)
        );
        assert_eq!(
            campaigns::list(s, &sam).await.err(),
            Some(AppError::Forbidden)
        );
        let c = campaigns::create(s, &mia, webinar(0))
            .await
            .expect("create");
        assert_eq!(campaigns::list(s, &viewer).await.expect("viewer").len(), 1);
        assert_eq!(campaigns::list(s, &sal).await.expect("sales").len(), 1);
        assert!(
            campaigns::options(s, &sam)
                .await
                .expect("options")
                .is_empty()
        );
        // Another team's manager may read it, not change it or its members.
        assert!(campaigns::get(s, &wes, c.id).await.is_ok());
        assert_eq!(
            campaigns::update(s, &wes, c.id, 1, webinar(0)).await.err(),
            Some(AppError::Forbidden)
        );
        let east = contact(s, &mia, "Ann", &[]).await;
        let west = contact(s, &wes, "Will", &[]).await;
        assert_eq!(
            members::add(s, &wes, c.id, vec![MemberRef::Contact(west)])
                .await
                .err(),
            Some(AppError::Forbidden)
        );
        // Mia cannot add a contact she may not see: refused whole, as one
        // that does not exist (nothing is added).
        assert!(matches!(
            members::add(s, &mia, c.id, vec![MemberRef::Contact(east), MemberRef::Contact(west)]).await,
            Err(AppError::Validation { field, .. }) if field == "members"
        ));
        assert_eq!(
            campaigns::get(s, &mia, c.id)
                .await
                .expect("get")
                .members
                .len(),
            0
        );
        // Input errors name their field; a stale edit is a conflict.
        assert!(matches!(
            campaigns::update(s, &mia, c.id, 1, CampaignInput { end_on: Some(Utc::now().date_naive() - Duration::days(9)), ..webinar(0) }).await,
            Err(AppError::Validation { field, .. }) if field == "end_on"
        ));
        let renamed = CampaignInput {
            name: "Summer webinar".into(),
            ..webinar(0)
        };
        let v2 = campaigns::update(s, &mia, c.id, 1, renamed.clone())
            .await
            .expect("rename");
        assert_eq!((v2.name.as_str(), v2.version), ("Summer webinar", 2));
        assert!(matches!(
            campaigns::update(s, &mia, c.id, 1, renamed).await,
            Err(AppError::Conflict {
                current_version: 2,
                ..
            })
        ));
        // A lead may name only a campaign that exists.
        let bad = leads::create(
            s,
            &mia,
            LeadInput {
                name: "Lu".into(),
                email: "lu@example.com".into(),
                campaign_id: Some(c.id + 100),
                ..Default::default()
            },
        )
        .await;
        assert!(
            matches!(&bad, Err(AppError::Validation { field, .. }) if field == "campaign_id"),
            "{bad:?}"
        );
        // Deleting keeps the leads (without their campaign) and drops the
        // members; every step is in the audit log.
        let lu = lead(s, &mia, "Lu", Some(c.id)).await;
        members::add(s, &mia, c.id, vec![MemberRef::Contact(east)])
            .await
            .expect("add");
        assert_eq!(
            campaigns::delete(s, &sal, c.id, 2).await.err(),
            Some(AppError::Forbidden)
        );
        campaigns::delete(s, &mia, c.id, 2).await.expect("delete");
        assert!(matches!(
            campaigns::get(s, &admin, c.id).await,
            Err(AppError::NotFound { .. })
        ));
        assert_eq!(
            leads::get(s, &mia, lu).await.expect("lead").campaign_id,
            None
        );
        let trail = cairn::store::audit::history(s.conn(), "campaign", &c.id.to_string())
            .await
            .expect("audit");
        let actions: Vec<&str> = trail.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(
            actions,
            ["create", "update", "members_added", "delete"],
            "{}",
            db.name
        );
        assert!(trail.iter().all(|a| a.actor_id == Some(mia.user_id)));
    }
}
