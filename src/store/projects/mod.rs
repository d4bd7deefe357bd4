//! Projects: the project records, their plans (tasks, links,
//! assignments) edited in batches, baselines, and live plan events. Same
//! invariants as every service: authorize first, one transaction with the
//! audit log, versioned rows. The edit rule itself is not here: it is
//! [`crate::domain::project::ProjectState::apply`], the code the browser
//! runs too.

pub mod baselines;
pub(crate) mod calendars;
pub mod changes;
pub mod closeout;
pub mod costs;
pub mod delivery;
pub mod edit;
pub mod events;
pub mod golive;
pub mod interchange;
pub mod plan;
pub mod quality;
pub mod records;
pub mod report;
pub mod risks;
pub(crate) mod rows;
pub mod scale;
pub mod start;
pub mod templates;

pub use baselines::{baseline_bars, save_baseline};
pub use edit::edit;
pub use interchange::{export_mspdi, import_mspdi, milestones_ics, schedule_csv};
pub use plan::plan;
pub use records::{create, list, update};

use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::customers::common::{authorize_read_in, record_in};
use crate::store::db::internal;
use crate::store::entity::project;
use crate::store::{Backend, Store};

const ENTITY: &str = "project";

/// The resource a project is, for [`authorize`]: its manager owns it.
pub(crate) fn resource(m: &project::Model) -> Resource {
    record_in(Module::Projects, Some(m.manager_id), m.team_id)
}

/// A live project the actor may read (else "not found"), optionally
/// locked for the rest of the transaction on PostgreSQL, so two batches
/// on one plan run one after the other (SQLite runs one writer at a time
/// already).
pub(crate) async fn readable<C: ConnectionTrait>(
    conn: &C,
    store: &Store,
    actor: &Actor,
    id: i64,
    lock: bool,
) -> AppResult<project::Model> {
    use sea_orm::ColumnTrait;
    authorize(actor, Action::Read, Resource::Module(Module::Projects))?;
    let mut q = project::Entity::find_by_id(id).filter(project::Column::DeletedAt.is_null());
    if lock && store.backend() == Backend::Postgres {
        q = q.lock_exclusive();
    }
    let m = q
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))?;
    authorize_read_in(
        actor,
        Module::Projects,
        Some(m.manager_id),
        m.team_id,
        ENTITY,
    )?;
    Ok(m)
}

/// [`readable`], and the actor may change it: it is not archived.
pub(crate) async fn writable<C: ConnectionTrait>(
    conn: &C,
    store: &Store,
    actor: &Actor,
    id: i64,
) -> AppResult<project::Model> {
    let m = readable(conn, store, actor, id, true).await?;
    authorize(actor, Action::Update, resource(&m))?;
    open(&m)?;
    Ok(m)
}

/// Refuses any change to an archived project (closeout made it read
/// only; an admin can reopen it).
pub(crate) fn open(m: &project::Model) -> AppResult<()> {
    if m.archived_at.is_some() {
        return Err(AppError::invalid("project", "is archived: read only"));
    }
    Ok(())
}

/// Whether the actor may change the project now (the pages' `editable`).
pub(crate) fn may_change(actor: &Actor, m: &project::Model) -> bool {
    crate::domain::allowed(actor, Action::Update, resource(m)) && m.archived_at.is_none()
}
