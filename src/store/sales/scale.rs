//! `cairn seed --deals N`: N open deals spread over the first pipeline's
//! stages (plus a tenth as many won and lost), owned by the sales people,
//! linked to existing accounts, for the board's timing tests. Written with
//! multi-row inserts in one transaction; ranks come from the same
//! `rank::sequence` the board uses.

use std::time::{Duration, Instant};

use chrono::{NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use super::{board::pipeline_id, pipelines};
use crate::domain::AppResult;
use crate::domain::sales::{BoardQuery, DealStatus, rank};
use crate::store::customers::scale::default_owners;
use crate::store::db::internal;
use crate::store::entity::{account, deal, stage_visit, user};
use crate::store::{Store, audit};

#[derive(Debug, Clone, Copy)]
pub struct DealsReport {
    pub open: u64,
    pub closed: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for DealsReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "seeded {} open and {} closed deals in {:.1} s",
            self.open,
            self.closed,
            self.elapsed.as_secs_f64()
        )
    }
}

const WORDS: [&str; 12] = [
    "Renewal",
    "Expansion",
    "Pilot",
    "Platform",
    "Support plan",
    "Migration",
    "Licences",
    "Rollout",
    "Upgrade",
    "Training",
    "Integration",
    "Audit",
];

/// Adds `n` open deals (and `n / 10` closed ones) to the first pipeline.
pub async fn deals(store: &Store, n: u64) -> AppResult<DealsReport> {
    let started = Instant::now();
    let owners = default_owners(store).await?;
    let teams: Vec<(i64, Option<i64>)> = user::Entity::find()
        .filter(user::Column::Id.is_in(owners.clone()))
        .all(store.conn())
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| (u.id, u.team_id))
        .collect();
    let accounts: Vec<i64> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .filter(account::Column::DeletedAt.is_null())
        .order_by_asc(account::Column::Id)
        .limit(50_000)
        .into_tuple()
        .all(store.conn())
        .await
        .map_err(internal)?;
    let pid = pipeline_id(store.conn(), &BoardQuery::default()).await?;
    let pipeline = pipelines::load(store.conn(), pid).await?;
    if pipeline.stages.is_empty() {
        return Err(crate::domain::AppError::invalid(
            "pipeline",
            "has no stages",
        ));
    }
    let mut rng = StdRng::seed_from_u64(0x00de_a15e);
    let now = Utc::now();
    let today = now.date_naive();
    let txn = store.write().await?;
    let stages = &pipeline.stages;
    let per_stage = (n as usize).div_ceil(stages.len().max(1));
    let mut rows = Vec::new();
    let mut made = 0u64;
    for (si, s) in stages.iter().enumerate() {
        // Above any card already in the column.
        let first = super::column(s.id)
            .one(&txn)
            .await
            .map_err(internal)?
            .map(|d| d.rank);
        let count = Ord::min(per_stage as u64, n - made) as usize;
        let mut ranks = Vec::with_capacity(count);
        let mut upper = first;
        for _ in 0..count {
            let r = rank::between(None, upper.as_deref())?;
            upper = Some(r.clone());
            ranks.push(r);
        }
        ranks.reverse();
        for r in ranks {
            rows.push((si, r, DealStatus::Open));
            made += 1;
        }
    }
    for i in 0..n / 10 {
        let status = if i % 3 == 0 {
            DealStatus::Lost
        } else {
            DealStatus::Won
        };
        rows.push((stages.len() - 1, format!("~closed{i:08}"), status));
    }
    let mut models = Vec::with_capacity(rows.len());
    for (i, (si, r, status)) in rows.iter().enumerate() {
        let s = &stages[*si];
        let (owner, team) = teams[i % teams.len().max(1)];
        let days_in = rng.gen_range(0..60);
        let entered = now - chrono::Duration::days(days_in);
        let created = entered - chrono::Duration::days(rng.gen_range(0..90));
        let close: NaiveDate = today + chrono::Duration::days(rng.gen_range(-20..300));
        // 1,000.00 to 500,000.00 in minor units.
        let amount = rng.gen_range(1..500) * 100_000;
        let open = *status == DealStatus::Open;
        models.push(deal::ActiveModel {
            title: Set(format!(
                "{} {}",
                WORDS[rng.gen_range(0..WORDS.len())],
                2026 + rng.gen_range(0..2)
            )),
            account_id: Set(if accounts.is_empty() {
                None
            } else {
                Some(accounts[rng.gen_range(0..accounts.len())])
            }),
            amount: Set(amount),
            currency: Set("CNY".to_owned()),
            expected_close: Set(Some(close)),
            owner_id: Set(Some(owner)),
            team_id: Set(team),
            pipeline_id: Set(pid),
            stage_id: Set(s.id),
            probability: Set(match status {
                DealStatus::Open => i16::from(s.probability),
                DealStatus::Won => 100,
                DealStatus::Lost => 0,
            }),
            probability_overridden: Set(false),
            status: Set(status.as_str().to_owned()),
            lost_reason: Set(if *status == DealStatus::Lost {
                "Price".to_owned()
            } else {
                String::new()
            }),
            rank: Set(r.clone()),
            notes: Set(String::new()),
            version: Set(1),
            created_at: Set(created),
            updated_at: Set(entered),
            closed_at: Set((!open).then_some(entered)),
            entered_stage_at: Set(entered),
            deleted_at: Set(None),
            ..Default::default()
        });
    }
    let total = models.len() as u64;
    let mut first_id = None;
    for chunk in models.chunks(1_000) {
        let res = deal::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .map_err(internal)?;
        let _ = res;
    }
    // The stage history: one stay per deal in its stage (open for open
    // deals), read back by id order.
    let inserted: Vec<deal::Model> = deal::Entity::find()
        .filter(deal::Column::PipelineId.eq(pid))
        .order_by_desc(deal::Column::Id)
        .limit(total)
        .all(&txn)
        .await
        .map_err(internal)?;
    let visits: Vec<stage_visit::ActiveModel> = inserted
        .iter()
        .map(|d| {
            first_id = Some(first_id.map_or(d.id, |f: i64| f.min(d.id)));
            stage_visit::ActiveModel {
                deal_id: Set(d.id),
                stage_id: Set(d.stage_id),
                entered_at: Set(d.entered_stage_at),
                left_at: Set(d.closed_at),
                ..Default::default()
            }
        })
        .collect();
    for chunk in visits.chunks(2_000) {
        stage_visit::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .map_err(internal)?;
    }
    audit::record(
        &txn,
        None,
        "database",
        "deals",
        "seed",
        None::<&()>,
        Some(
            &serde_json::json!({ "open": made, "closed": total - made, "first_deal_id": first_id }),
        ),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(DealsReport {
        open: made,
        closed: total - made,
        elapsed: started.elapsed(),
    })
}
