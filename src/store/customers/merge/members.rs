//! Campaign memberships of merged contacts. A person is in a campaign at
//! most once, so a merged contact's membership cannot simply point at the
//! survivor when the survivor is already in that campaign: the two fold
//! into the survivor's, which keeps the further of the two statuses
//! (sent → responded → converted, so a response is not forgotten). The
//! merged contact's row is kept in the merge's record so undo can put it
//! back, and the survivor's status back, as they were.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};

use crate::domain::AppResult;
use crate::domain::marketing::MemberStatus;
use crate::store::db::internal;
use crate::store::entity::campaign_member;

/// A merged contact's membership folded into the survivor's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Folded {
    /// The merged contact's row as it was (the merge deleted it).
    pub id: i64,
    pub campaign_id: i64,
    pub contact_id: i64,
    pub status: String,
    pub version: i64,
    pub added_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The survivor's membership in the same campaign.
    pub survivor_row: i64,
    /// The survivor's status before the merge raised it, and its row's
    /// version after; `None` when the survivor's status was as far.
    pub raised: Option<(String, i64)>,
}

/// What the memberships of `from` did in a merge into `survivor`.
#[derive(Debug, Default)]
pub(super) struct Outcome {
    /// Rows now pointing at the survivor.
    pub moved: Vec<i64>,
    pub folded: Vec<Folded>,
}

fn rank(status: &str) -> usize {
    MemberStatus::parse(status).map_or(0, |s| s as usize)
}

/// Points the memberships of `from` at `survivor`, folding those of a
/// campaign the survivor is already in.
pub(super) async fn move_to<C: ConnectionTrait>(
    conn: &C,
    survivor: i64,
    from: i64,
) -> AppResult<Outcome> {
    let of = |contact: i64| {
        campaign_member::Entity::find()
            .filter(campaign_member::Column::ContactId.eq(contact))
            .order_by_asc(campaign_member::Column::Id)
    };
    let mut kept: std::collections::HashMap<i64, campaign_member::Model> = of(survivor)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|m| (m.campaign_id, m))
        .collect();
    let mut out = Outcome::default();
    let now = Utc::now();
    for m in of(from).all(conn).await.map_err(internal)? {
        let Some(s) = kept.get_mut(&m.campaign_id) else {
            let q = Query::update()
                .table(Alias::new("campaign_members"))
                .value(Alias::new("contact_id"), survivor)
                .value(
                    Alias::new("version"),
                    Expr::col(Alias::new("version")).add(1),
                )
                .value(Alias::new("updated_at"), Expr::value(now))
                .and_where(Expr::col(Alias::new("id")).eq(m.id))
                .to_owned();
            conn.execute(&q).await.map_err(internal)?;
            out.moved.push(m.id);
            continue;
        };
        campaign_member::Entity::delete_by_id(m.id)
            .exec(conn)
            .await
            .map_err(internal)?;
        let raised = if rank(&m.status) > rank(&s.status) {
            let before = std::mem::replace(&mut s.status, m.status.clone());
            s.version += 1;
            let q = Query::update()
                .table(Alias::new("campaign_members"))
                .value(Alias::new("status"), m.status.clone())
                .value(Alias::new("version"), s.version)
                .value(Alias::new("updated_at"), Expr::value(now))
                .and_where(Expr::col(Alias::new("id")).eq(s.id))
                .to_owned();
            conn.execute(&q).await.map_err(internal)?;
            Some((before, s.version))
        } else {
            None
        };
        out.folded.push(Folded {
            id: m.id,
            campaign_id: m.campaign_id,
            contact_id: from,
            status: m.status,
            version: m.version,
            added_at: m.added_at,
            updated_at: m.updated_at,
            survivor_row: s.id,
            raised,
        });
    }
    Ok(out)
}

/// Undoes the folds of a merge: the survivor's status goes back where
/// nobody has changed its membership since, and each merged contact's
/// row comes back (unless its campaign is gone or the contact has been
/// put in that campaign again since).
pub(super) async fn unfold<C: ConnectionTrait>(conn: &C, folded: &[Folded]) -> AppResult<()> {
    for f in folded {
        if let Some((before, version_after)) = &f.raised {
            let q = Query::update()
                .table(Alias::new("campaign_members"))
                .value(Alias::new("status"), before.clone())
                .value(
                    Alias::new("version"),
                    Expr::col(Alias::new("version")).add(1),
                )
                .value(Alias::new("updated_at"), Expr::value(Utc::now()))
                .and_where(Expr::col(Alias::new("id")).eq(f.survivor_row))
                .and_where(Expr::col(Alias::new("version")).eq(*version_after))
                .to_owned();
            conn.execute(&q).await.map_err(internal)?;
        }
        let row = Query::select()
            .expr(Expr::val(f.id))
            .column(Alias::new("id"))
            .expr(Expr::val(f.contact_id))
            .expr(Expr::val(f.status.clone()))
            .expr(Expr::val(f.version))
            .expr(Expr::val(f.added_at))
            .expr(Expr::val(f.updated_at))
            .from(Alias::new("campaigns"))
            .and_where(Expr::col(Alias::new("id")).eq(f.campaign_id))
            .to_owned();
        let mut q = Query::insert();
        q.into_table(Alias::new("campaign_members"))
            .columns(
                [
                    "id",
                    "campaign_id",
                    "contact_id",
                    "status",
                    "version",
                    "added_at",
                    "updated_at",
                ]
                .map(Alias::new),
            )
            .select_from(row)
            .map_err(internal)?
            .on_conflict(
                OnConflict::columns([Alias::new("contact_id"), Alias::new("campaign_id")])
                    .do_nothing()
                    .to_owned(),
            );
        conn.execute(&q).await.map_err(internal)?;
    }
    Ok(())
}
