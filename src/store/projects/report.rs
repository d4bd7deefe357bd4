//! The status report's facts: the plan scheduled as it stands, the latest
//! baseline's milestone dates, the register's top risks and the changes
//! still open; read by whoever may read the project. The selections are
//! `domain::project::report`'s.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::{changes, costs, delivery, readable, risks, rows};
use crate::domain::project::change_control::CrStatus;
use crate::domain::project::report::{self, StatusReport};
use crate::domain::{Actor, AppResult};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::{baseline, baseline_task};

pub async fn status_report(
    store: &Store,
    actor: &Actor,
    project_id: i64,
) -> AppResult<StatusReport> {
    let conn = store.conn();
    let m = readable(conn, store, actor, project_id, false).await?;
    let state = rows::load_state(conn, m.id).await?;
    let (c, s) = rows::schedule(conn, &m, &state).await?;
    let summary = rows::summary(conn, &m).await?;
    let status = costs::status_date(&m);
    let money = costs::money(conn, m.id, &c, &s, status).await?;
    let currency = money.map(|_| costs::currency_of(conn, &m));
    let currency = match currency {
        Some(f) => Some(f.await?),
        None => None,
    };
    let (d, earned) = delivery::delivery_of(&m, &summary, &c, &s, status, money);
    let latest = baseline::Entity::find()
        .filter(baseline::Column::ProjectId.eq(m.id))
        .order_by_desc(baseline::Column::Id)
        .one(conn)
        .await
        .map_err(internal)?;
    let planned: HashMap<i64, chrono::NaiveDateTime> = match &latest {
        Some(b) => baseline_task::Entity::find()
            .filter(baseline_task::Column::BaselineId.eq(b.id))
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|t| (t.task_id, t.finish))
            .collect(),
        None => HashMap::new(),
    };
    let (top, exposure) = report::top_risks(risks::list(store, actor, m.id).await?);
    let open_changes = changes::list(store, actor, m.id)
        .await?
        .into_iter()
        .filter(|c| {
            matches!(
                c.status,
                CrStatus::Draft | CrStatus::Submitted | CrStatus::Approved
            )
        })
        .collect();
    Ok(StatusReport {
        project: summary,
        status_date: status,
        currency,
        delivery: d,
        baseline: latest.map(|b| b.name),
        milestones: report::milestones(&c, &s, &planned),
        critical: report::critical_path(&c, &s),
        risks: top,
        exposure,
        earned,
        changes: open_changes,
    })
}
