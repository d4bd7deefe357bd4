//! The facts a campaign's figures are computed from: its members'
//! statuses, the leads it brought, and the deals its members are on.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Statement,
};

use crate::domain::AppResult;
use crate::domain::marketing::{CampaignFacts, InfluencedDeal, MemberStatus};
use crate::domain::sales::DealStatus;
use crate::store::db::internal;
use crate::store::entity::{campaign, campaign_member, lead};

#[derive(FromQueryResult)]
struct DealRow {
    campaign_id: i64,
    deal_id: i64,
    amount: i64,
    currency: String,
    status: String,
    created_at: DateTime<Utc>,
}

/// Facts for each of `campaigns`, in the same order.
pub(super) async fn facts<C: ConnectionTrait>(
    conn: &C,
    campaigns: &[campaign::Model],
) -> AppResult<Vec<CampaignFacts>> {
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = campaigns.iter().map(|c| c.id).collect();
    let mut members: HashMap<i64, Vec<MemberStatus>> = HashMap::new();
    let rows: Vec<(i64, String)> = campaign_member::Entity::find()
        .select_only()
        .column(campaign_member::Column::CampaignId)
        .column(campaign_member::Column::Status)
        .filter(campaign_member::Column::CampaignId.is_in(ids.clone()))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    for (c, s) in rows {
        members
            .entry(c)
            .or_default()
            .push(MemberStatus::parse(&s).unwrap_or_default());
    }
    let lead_rows: Vec<Option<i64>> = lead::Entity::find()
        .select_only()
        .column(lead::Column::CampaignId)
        .filter(lead::Column::CampaignId.is_in(ids.clone()))
        .filter(lead::Column::DeletedAt.is_null())
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    let mut leads: HashMap<i64, u32> = HashMap::new();
    for c in lead_rows.into_iter().flatten() {
        *leads.entry(c).or_default() += 1;
    }
    // Deals on a member contact, or on the contact a member lead became.
    // Only our own integer ids are spliced into the text.
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let sql = format!(
        "SELECT cm.campaign_id, d.id AS deal_id, d.amount, d.currency, d.status, d.created_at \
         FROM campaign_members cm \
         LEFT JOIN leads l ON l.id = cm.lead_id \
         JOIN deal_contacts dc ON dc.contact_id = COALESCE(cm.contact_id, l.converted_contact_id) \
         JOIN deals d ON d.id = dc.deal_id AND d.deleted_at IS NULL \
         WHERE cm.campaign_id IN ({list})"
    );
    let deal_rows =
        DealRow::find_by_statement(Statement::from_string(conn.get_database_backend(), sql))
            .all(conn)
            .await
            .map_err(internal)?;
    let starts: HashMap<i64, Option<chrono::NaiveDate>> =
        campaigns.iter().map(|c| (c.id, c.start_on)).collect();
    let mut seen: HashSet<(i64, i64)> = HashSet::new();
    let mut deals: HashMap<i64, Vec<InfluencedDeal>> = HashMap::new();
    for r in deal_rows {
        let after_start = starts
            .get(&r.campaign_id)
            .copied()
            .flatten()
            .is_none_or(|s| r.created_at.date_naive() >= s);
        if after_start && seen.insert((r.campaign_id, r.deal_id)) {
            deals
                .entry(r.campaign_id)
                .or_default()
                .push(InfluencedDeal {
                    amount: r.amount,
                    currency: r.currency,
                    status: DealStatus::parse(&r.status).unwrap_or_default(),
                });
        }
    }
    Ok(campaigns
        .iter()
        .map(|c| CampaignFacts {
            currency: c.currency.clone(),
            actual_cost: c.actual_cost,
            budget: c.budget,
            members: members.remove(&c.id).unwrap_or_default(),
            leads: leads.get(&c.id).copied().unwrap_or(0),
            deals: deals.remove(&c.id).unwrap_or_default(),
        })
        .collect())
}
