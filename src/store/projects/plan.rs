//! The project page's one read: the record, every row of its plan, the
//! people who can be assigned, its baselines, and the server's digest.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use super::rows::{self, summary};
use super::{calendars, readable};
use crate::domain::project::{BaselineInfo, Person, ProjectPlan, compute};
use crate::domain::{Actor, AppResult};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::{baseline, user};

#[tracing::instrument(skip(store))]
pub async fn plan(store: &Store, actor: &Actor, id: i64) -> AppResult<ProjectPlan> {
    let conn = store.conn();
    let m = readable(conn, store, actor, id, false).await?;
    let state = rows::load_state(conn, id).await?;
    let calendar = calendars::calendar(conn, &m).await?;
    let person_calendars = calendars::people(conn, id).await?;
    // A saved plan always scheduled when it was saved; should a release
    // change a calendar so that it no longer does, the page still opens
    // (digest 0 never matches, so the browser shows its own result).
    let digest = match rows::schedule_on(&calendar, &person_calendars, &m, &state) {
        Ok((c, s)) => compute::digest(&c, &s),
        Err(e) => {
            tracing::warn!(project = id, error = %e, "a saved plan does not schedule");
            0
        }
    };
    let people = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| Person {
            id: u.id,
            name: u.display_name,
        })
        .collect();
    let baselines = baseline::Entity::find()
        .filter(baseline::Column::ProjectId.eq(id))
        .order_by_desc(baseline::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|b| BaselineInfo {
            id: b.id,
            name: b.name,
            saved_at: b.saved_at,
        })
        .collect();
    let editable = super::may_change(actor, &m);
    let (tasks, links) = (state.tasks().to_vec(), state.links().to_vec());
    Ok(ProjectPlan {
        project: summary(conn, &m).await?,
        calendar,
        person_calendars,
        tasks,
        links,
        people,
        baselines,
        editable,
        digest,
    })
}

/// Whether the actor may read the project (for the live stream, which
/// checks once when it opens): `Forbidden` without project access,
/// `NotFound` for a project they may not see or that does not exist.
pub async fn readable_project(store: &Store, actor: &Actor, id: i64) -> AppResult<()> {
    readable(store.conn(), store, actor, id, false)
        .await
        .map(|_| ())
}
