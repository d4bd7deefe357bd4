//! Writing imported activities (another system's history of calls,
//! meetings, emails, notes and tasks): batched inserts, then the accounts
//! they were logged on are marked as recently in touch and regraded, as
//! logging one by hand does. Undo recomputes that mark from what is left.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set,
};
use serde_json::json;

use super::batch;
use super::plan::{Item, Links};
use super::write::{CHUNK, Journal, creates};
use crate::domain::AppResult;
use crate::domain::customer::ActivityKind;
use crate::domain::import::Record;
use crate::store::customers::grading;
use crate::store::db::internal;
use crate::store::entity::{account, activity};

pub(super) async fn write<C: ConnectionTrait>(
    conn: &C,
    items: &[Item],
    j: &mut Journal,
) -> AppResult<()> {
    let now = Utc::now();
    let author = j.actor_id();
    let new = creates(items, |i| match (&i.record, &i.links) {
        (Record::Activity(a), Links::Activity(l)) => Some((a, l)),
        _ => None,
    });
    // Per account, the latest interaction the file logs on it.
    let mut touched: BTreeMap<i64, DateTime<Utc>> = BTreeMap::new();
    for chunk in new.chunks(CHUNK) {
        let models = chunk
            .iter()
            .map(|(_, (a, l))| activity::ActiveModel {
                kind: Set(a.kind.as_str().to_owned()),
                subject: Set(a.subject.clone()),
                body: Set(a.body.clone()),
                account_id: Set(l.account_id),
                contact_id: Set(l.contact_id),
                lead_id: Set(None),
                occurred_at: Set(l.occurred_at),
                due_on: Set(a.due_on),
                assignee_id: Set(l.assignee_id),
                author_id: Set(Some(author)),
                team_id: Set(l.team_id),
                done_at: Set(None),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .collect();
        let ids = batch::insert_returning_ids(conn, models).await?;
        for ((item, (a, l)), id) in chunk.iter().zip(ids) {
            if a.kind != ActivityKind::Task
                && let Some(account_id) = l.account_id
            {
                let at = l.occurred_at.min(now);
                let e = touched.entry(account_id).or_insert(at);
                *e = (*e).max(at);
            }
            j.record(
                "activity",
                id,
                "create",
                1,
                None,
                &json!({ "kind": a.kind.as_str(), "subject": a.subject, "account_id": l.account_id, "contact_id": l.contact_id }),
                a.external_id.as_deref(),
                item.row,
            );
        }
        j.flush(conn).await?;
    }
    for (account_id, at) in touched {
        account::Entity::update_many()
            .col_expr(account::Column::LastActivityAt, Expr::value(at))
            .filter(account::Column::Id.eq(account_id))
            .filter(
                Condition::any()
                    .add(account::Column::LastActivityAt.is_null())
                    .add(account::Column::LastActivityAt.lt(at)),
            )
            .exec(conn)
            .await
            .map_err(internal)?;
        grading::regrade(conn, account_id).await?;
    }
    Ok(())
}

/// The accounts the activities `ids` were logged on (before they are
/// deleted by an undo).
pub(super) async fn accounts_of<C: ConnectionTrait>(conn: &C, ids: &[i64]) -> AppResult<Vec<i64>> {
    let mut out = std::collections::BTreeSet::new();
    for chunk in ids.chunks(5_000) {
        let rows: Vec<Option<i64>> = activity::Entity::find()
            .select_only()
            .column(activity::Column::AccountId)
            .filter(activity::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?;
        out.extend(rows.into_iter().flatten());
    }
    Ok(out.into_iter().collect())
}

/// After an undo: each account's last interaction is again the latest of
/// the activities left on it.
pub(super) async fn retouch<C: ConnectionTrait>(conn: &C, accounts: &[i64]) -> AppResult<()> {
    for &id in accounts {
        let latest: Option<Option<DateTime<Utc>>> = activity::Entity::find()
            .select_only()
            .column_as(activity::Column::OccurredAt.max(), "latest")
            .filter(activity::Column::AccountId.eq(id))
            .filter(activity::Column::Kind.ne(ActivityKind::Task.as_str()))
            .into_tuple()
            .one(conn)
            .await
            .map_err(internal)?;
        account::Entity::update_many()
            .col_expr(
                account::Column::LastActivityAt,
                Expr::value(latest.flatten()),
            )
            .filter(account::Column::Id.eq(id))
            .exec(conn)
            .await
            .map_err(internal)?;
        grading::regrade(conn, id).await?;
    }
    Ok(())
}
