//! The schedule's figures on the project row after every plan save (and
//! the day's earned value, `costs::record_day`), and
//! the go-live the CRM follows: when the forecast go-live moves later
//! than what the deal's and the account's owners last heard by more than
//! the threshold, each is notified in-app (in their own language) in the
//! same transaction as the save, and what they heard becomes the new
//! date. Moving earlier notifies nobody and keeps what they heard, so a
//! later slip is measured from the date they were told.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::rows;
use crate::domain::project::compute::{self, Compiled};
use crate::domain::project::delivery::{self, SlipSettings};
use crate::domain::project::health;
use crate::domain::schedule::Schedule;
use crate::domain::{Action, Actor, AppResult, Module, Resource, authorize};
use crate::store::automation::notifications::tell;
use crate::store::db::internal;
use crate::store::entity::{account, deal, project};
use crate::store::{Store, audit, settings};

/// The settings key of [`SlipSettings`].
pub const SLIP_KEY: &str = "go_live_slip";

/// The slip threshold and its version, for Admin › Project templates.
pub async fn slip_settings(store: &Store, actor: &Actor) -> AppResult<(SlipSettings, i64)> {
    authorize(actor, Action::Update, Resource::Module(Module::Admin))?;
    settings::get(store.conn(), SLIP_KEY).await
}

/// Admins only; compare-and-set on the setting's version, audited.
pub async fn set_slip_settings(
    store: &Store,
    actor: &Actor,
    new: SlipSettings,
    version: i64,
) -> AppResult<(SlipSettings, i64)> {
    authorize(actor, Action::Update, Resource::Module(Module::Admin))?;
    let new = new.validated()?;
    let txn = store.write().await?;
    let (old, _): (SlipSettings, i64) = settings::get(&txn, SLIP_KEY).await?;
    let saved = settings::put(&txn, SLIP_KEY, &new, version).await?;
    audit::record(
        &txn,
        Some(actor),
        "slip_settings",
        SLIP_KEY,
        "update",
        Some(&old),
        Some(&new),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok((new, saved))
}

/// Writes the totals, the forecast go-live and, on a slip beyond the
/// threshold, the owners' notices. `actor` made the change (they are not
/// told about their own edit).
pub(crate) async fn write_figures<C: ConnectionTrait>(
    conn: &C,
    actor: Option<&Actor>,
    m: &project::Model,
    c: &Compiled,
    s: &Schedule,
) -> AppResult<compute::Totals> {
    let totals = compute::totals(c, s, rows::today());
    rows::write_totals(conn, m.id, totals).await?;
    super::costs::record_day(conn, m.id, c, s).await?;
    let (forecast, _) = delivery::go_live(c, s, m.go_live_task_id);
    let told = match (m.go_live_told, forecast) {
        (Some(told), Some(now)) => {
            let (slip, _): (SlipSettings, i64) = settings::get(conn, SLIP_KEY).await?;
            if health::slipped(told, now, slip.threshold_days) {
                notify_slip(conn, actor, m, told, now).await?;
                Some(now)
            } else {
                Some(told)
            }
        }
        (None, now) => now,
        (told, None) => told,
    };
    project::Entity::update_many()
        .col_expr(project::Column::GoLive, Expr::value(forecast))
        .col_expr(project::Column::GoLiveTold, Expr::value(told))
        .filter(project::Column::Id.eq(m.id))
        .exec(conn)
        .await
        .map_err(internal)?;
    Ok(totals)
}

/// The deal's owner and the account's owner (once each, not the actor),
/// each in their language; the notice opens the deal (else the account).
async fn notify_slip<C: ConnectionTrait>(
    conn: &C,
    actor: Option<&Actor>,
    m: &project::Model,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> AppResult<()> {
    let mut owners: Vec<i64> = Vec::new();
    let mut link = format!("/projects/{}", m.id);
    if let Some(d) = m.deal_id {
        let found = deal::Entity::find_by_id(d)
            .filter(deal::Column::DeletedAt.is_null())
            .one(conn)
            .await
            .map_err(internal)?;
        if let Some(found) = found {
            owners.extend(found.owner_id);
            link = format!("/sales/deals/{d}");
        }
    }
    if let Some(a) = m.account_id {
        let found = account::Entity::find_by_id(a)
            .filter(account::Column::DeletedAt.is_null())
            .one(conn)
            .await
            .map_err(internal)?;
        if let Some(found) = found {
            owners.extend(found.owner_id);
            if m.deal_id.is_none() {
                link = format!("/customers/accounts/{a}");
            }
        }
    }
    owners.sort_unstable();
    owners.dedup();
    owners.retain(|o| actor.is_none_or(|a| a.user_id != *o));
    for owner in owners {
        tell(conn, owner, &link, |language| {
            delivery::slip_notice(language, &m.name, from, to)
        })
        .await?;
    }
    Ok(())
}
