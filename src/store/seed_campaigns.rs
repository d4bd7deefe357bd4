//! Demo campaigns: a trade show that is over (its booth's visitors
//! answered, one became a customer, its leads came in, the deals of its
//! members' accounts count as influenced) and a webinar under way, so
//! `/marketing` shows figures on first run. Entered through the marketing
//! and leads services, as a person would.

use chrono::{Duration, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};

use super::Store;
use super::customers::{contacts, leads};
use super::db::internal;
use super::entity::{deal, deal_contact};
use super::marketing::{campaigns, members};
use super::seed::demo_actor;
use crate::domain::AppResult;
use crate::domain::customer::ListQuery;
use crate::domain::marketing::{
    Audience, AudienceKind, CampaignInput, CampaignKind, CampaignStatus, MemberRef, MemberStatus,
};

pub(super) async fn demo_campaigns(store: &Store) -> AppResult<()> {
    let manager = demo_actor(store, "manager").await?;
    let today = Utc::now().date_naive();
    let fair = campaigns::create(
        store,
        &manager,
        CampaignInput {
            name: "Spring trade show 2026".into(),
            kind: CampaignKind::Event,
            status: CampaignStatus::Completed,
            start_on: Some(today - Duration::days(60)),
            end_on: Some(today - Duration::days(58)),
            budget: 8_000_000,
            actual_cost: 7_250_000,
            currency: "CNY".into(),
            description: "Booth B12 at the Shanghai CRM Expo.".into(),
            owner_id: None,
        },
    )
    .await?;
    // Everyone the manager's team looks after was invited.
    members::add_audience(
        store,
        &manager,
        fair.id,
        fair.version,
        Audience {
            kind: AudienceKind::Contacts,
            query: ListQuery::default(),
        },
    )
    .await?;
    let detail = campaigns::get(store, &manager, fair.id).await?;
    for (i, m) in detail.members.iter().enumerate() {
        let status = match i {
            0 => MemberStatus::Converted,
            1 | 2 => MemberStatus::Responded,
            _ => continue,
        };
        members::set_status(store, &manager, m.id, m.version, status).await?;
    }
    // The deals of the invited people's accounts name them as contacts.
    for m in &detail.members {
        let MemberRef::Contact(cid) = m.member else {
            continue;
        };
        let Some(account_id) = contacts::get(store, &manager, cid)
            .await?
            .account
            .map(|a| a.id)
        else {
            continue;
        };
        let deal_ids: Vec<i64> = deal::Entity::find()
            .filter(deal::Column::AccountId.eq(account_id))
            .all(store.conn())
            .await
            .map_err(internal)?
            .into_iter()
            .map(|d| d.id)
            .collect();
        for deal_id in deal_ids {
            deal_contact::Entity::insert(deal_contact::ActiveModel {
                deal_id: Set(deal_id),
                contact_id: Set(cid),
            })
            .on_conflict(
                OnConflict::columns([
                    deal_contact::Column::DealId,
                    deal_contact::Column::ContactId,
                ])
                .do_nothing()
                .to_owned(),
            )
            .exec_without_returning(store.conn())
            .await
            .map_err(internal)?;
        }
    }
    // Leads met at the booth came from it.
    let met = leads::list(store, &manager, &ListQuery::default().normalized(), false).await?;
    for l in met.items.iter().filter(|l| l.source == "Trade show") {
        let mut input = leads::input_of(l);
        input.campaign_id = Some(fair.id);
        leads::update(store, &manager, l.id, l.version, input).await?;
    }
    let webinar = campaigns::create(
        store,
        &manager,
        CampaignInput {
            name: "Webinar: from deal to delivery".into(),
            kind: CampaignKind::Webinar,
            status: CampaignStatus::Active,
            start_on: Some(today - Duration::days(7)),
            end_on: Some(today + Duration::days(7)),
            budget: 1_500_000,
            actual_cost: 400_000,
            currency: "CNY".into(),
            description: "Forty minutes on handing a won deal to its delivery project.".into(),
            owner_id: None,
        },
    )
    .await?;
    members::add_audience(
        store,
        &manager,
        webinar.id,
        webinar.version,
        Audience {
            kind: AudienceKind::Leads,
            query: ListQuery::default(),
        },
    )
    .await?;
    Ok(())
}
