//! Project templates: read by whoever may create projects, written by
//! admins only, versioned, soft-deleted (a project made from a template
//! keeps its plan whatever becomes of the template), every change
//! audited. What a valid outline is, is the domain's
//! (`domain::project::template`).

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::project::template::{TemplateBody, TemplateInput, TemplateView};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::customers::common::{cas_update, conflict};
use crate::store::db::internal;
use crate::store::entity::project_template;
use crate::store::{Store, audit};

const ENTITY: &str = "project_template";

fn view(m: &project_template::Model) -> AppResult<TemplateView> {
    let body: TemplateBody = serde_json::from_str(&m.body)
        .map_err(|e| AppError::Internal(format!("template {} does not read: {e}", m.id)))?;
    Ok(TemplateView {
        id: m.id,
        version: m.version,
        name: m.name.clone(),
        name_zh: m.name_zh.clone(),
        builtin: m.builtin,
        body,
    })
}

fn may_use(actor: &Actor) -> AppResult<()> {
    authorize(actor, Action::Create, Resource::Module(Module::Projects))
}

fn may_edit(actor: &Actor) -> AppResult<()> {
    authorize(actor, Action::Update, Resource::Module(Module::Admin))
}

/// The live templates, built-in first, then by name.
pub async fn list(store: &Store, actor: &Actor) -> AppResult<Vec<TemplateView>> {
    may_use(actor)?;
    all(store).await
}

/// [`list`] for Admin › Project templates: only those who edit them.
pub async fn list_to_edit(store: &Store, actor: &Actor) -> AppResult<Vec<TemplateView>> {
    may_edit(actor)?;
    all(store).await
}

pub(crate) async fn all(store: &Store) -> AppResult<Vec<TemplateView>> {
    project_template::Entity::find()
        .filter(project_template::Column::DeletedAt.is_null())
        .order_by_desc(project_template::Column::Builtin)
        .order_by_asc(project_template::Column::Name)
        .order_by_asc(project_template::Column::Id)
        .all(store.conn())
        .await
        .map_err(internal)?
        .iter()
        .map(view)
        .collect()
}

/// A live template, inside the caller's transaction.
pub(crate) async fn live<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<TemplateView> {
    let m = project_template::Entity::find_by_id(id)
        .filter(project_template::Column::DeletedAt.is_null())
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))?;
    view(&m)
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<TemplateView> {
    may_use(actor)?;
    live(store.conn(), id).await
}

fn body_json(body: &TemplateBody) -> AppResult<String> {
    serde_json::to_string(body).map_err(|e| AppError::Internal(e.to_string()))
}

pub async fn create(store: &Store, actor: &Actor, input: TemplateInput) -> AppResult<TemplateView> {
    may_edit(actor)?;
    let name = input.validated()?;
    let txn = store.write().await?;
    let now = Utc::now();
    let m = project_template::ActiveModel {
        name: Set(name),
        name_zh: Set(input.name_zh.trim().to_owned()),
        builtin: Set(false),
        body: Set(body_json(&input.body)?),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let after = view(&m)?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: TemplateInput,
) -> AppResult<TemplateView> {
    may_edit(actor)?;
    let name = input.validated()?;
    let txn = store.write().await?;
    let before = live(&txn, id).await?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("name", name.into()),
        ("name_zh", input.name_zh.trim().into()),
        ("body", body_json(&input.body)?.into()),
    ];
    if !cas_update(&txn, "project_templates", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    let after = live(&txn, id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "update",
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// Moves the template out of the list; projects made from it keep their
/// plans.
pub async fn delete(store: &Store, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    may_edit(actor)?;
    let txn = store.write().await?;
    let before = live(&txn, id).await?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![("deleted_at", Utc::now().into())];
    if !cas_update(&txn, "project_templates", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "delete",
        Some(&before),
        None::<&()>,
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
