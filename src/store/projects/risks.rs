//! The risk register of a project: listed by whoever may read the
//! project, changed by whoever may change it (its manager, their team's
//! manager, admins), versioned, every change audited. Scores, bands and
//! expected values are the domain's (`domain::project::risk`).

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::{readable, writable};
use crate::domain::project::risk::{
    Category, Rating, Response, RiskInput, RiskView, Status, ValidRisk, band, emv, score,
};
use crate::domain::{Actor, AppError, AppResult};
use crate::store::customers::common::{Names, cas_update, conflict};
use crate::store::db::internal;
use crate::store::entity::{project_risk, project_task, user};
use crate::store::{Store, audit};

const ENTITY: &str = "project_risk";

fn view(m: &project_risk::Model, names: &Names, task_name: Option<String>) -> RiskView {
    let rating = |field: &str, v: i16| Rating::new(field, i64::from(v)).ok();
    let (p, i) = (
        rating("probability", m.probability),
        rating("impact", m.impact),
    );
    let s = p.zip(i).map_or(0, |(p, i)| score(p, i));
    RiskView {
        id: m.id,
        project_id: m.project_id,
        title: m.title.clone(),
        description: m.description.clone(),
        category: Category::parse(&m.category).unwrap_or(Category::Other),
        probability: p.map_or(0, Rating::get),
        impact: i.map_or(0, Rating::get),
        score: s,
        band: band(s),
        response: Response::parse(&m.response).unwrap_or(Response::Accept),
        plan: m.plan.clone(),
        owner: names.user(m.owner_id),
        trigger: m.trigger.clone(),
        status: Status::parse(&m.status).unwrap_or(Status::Open),
        cost_impact: m.cost_impact,
        currency: m.currency.clone(),
        emv: p.map_or(0, |p| emv(p, m.cost_impact)),
        task_id: m.task_id,
        task_name,
        version: m.version,
    }
}

/// The project's risks, highest score first (then the oldest first).
pub async fn list(store: &Store, actor: &Actor, project_id: i64) -> AppResult<Vec<RiskView>> {
    let conn = store.conn();
    readable(conn, store, actor, project_id, false).await?;
    let rows = project_risk::Entity::find()
        .filter(project_risk::Column::ProjectId.eq(project_id))
        .order_by_asc(project_risk::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?;
    let names = Names::load(conn, rows.iter().map(|r| r.owner_id), []).await?;
    let tasks: std::collections::HashMap<i64, String> = project_task::Entity::find()
        .filter(project_task::Column::ProjectId.eq(project_id))
        .filter(project_task::Column::Id.is_in(rows.iter().filter_map(|r| r.task_id)))
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut out: Vec<RiskView> = rows
        .iter()
        .map(|r| view(r, &names, r.task_id.and_then(|t| tasks.get(&t).cloned())))
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.id.cmp(&b.id)));
    Ok(out)
}

/// The task's name when it is a live task of the project; the input's
/// owner must be a user.
async fn check_links<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    v: &ValidRisk,
) -> AppResult<Option<String>> {
    if let Some(owner) = v.input.owner_id {
        let found = user::Entity::find_by_id(owner)
            .one(conn)
            .await
            .map_err(internal)?;
        if found.is_none() {
            return Err(AppError::invalid("owner_id", "is not a user"));
        }
    }
    let Some(task_id) = v.input.task_id else {
        return Ok(None);
    };
    let task = project_task::Entity::find_by_id(task_id)
        .one(conn)
        .await
        .map_err(internal)?
        .filter(|t| t.project_id == project_id && !t.deleted)
        .ok_or_else(|| AppError::invalid("task_id", "is not a task of this project"))?;
    Ok(Some(task.name))
}

async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<project_risk::Model> {
    project_risk::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

async fn load_view<C: ConnectionTrait>(
    conn: &C,
    m: &project_risk::Model,
    task_name: Option<String>,
) -> AppResult<RiskView> {
    let names = Names::load(conn, [m.owner_id], []).await?;
    Ok(view(m, &names, task_name))
}

pub async fn create(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    input: RiskInput,
) -> AppResult<RiskView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Projects)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    writable(&txn, store, actor, project_id).await?;
    let task_name = check_links(&txn, project_id, &v).await?;
    let now = Utc::now();
    let i = &v.input;
    let m = project_risk::ActiveModel {
        project_id: Set(project_id),
        title: Set(i.title.clone()),
        description: Set(i.description.clone()),
        category: Set(i.category.as_str().to_owned()),
        probability: Set(i16::from(v.probability.get())),
        impact: Set(i16::from(v.impact.get())),
        response: Set(i.response.as_str().to_owned()),
        plan: Set(i.plan.clone()),
        owner_id: Set(i.owner_id),
        trigger: Set(i.trigger.clone()),
        status: Set(i.status.as_str().to_owned()),
        cost_impact: Set(i.cost_impact),
        currency: Set(i.currency.clone()),
        task_id: Set(i.task_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let out = load_view(&txn, &m, task_name).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&out),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

/// Replaces the risk's fields when `version` is still its version;
/// otherwise a conflict with the current version, nothing written.
pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: RiskInput,
) -> AppResult<RiskView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Projects)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let before = load(&txn, id).await?;
    writable(&txn, store, actor, before.project_id).await?;
    let task_name = check_links(&txn, before.project_id, &v).await?;
    let i = &v.input;
    let text = |s: &str| SimpleExpr::from(s.to_owned());
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("title", text(&i.title)),
        ("description", text(&i.description)),
        ("category", text(i.category.as_str())),
        ("probability", i16::from(v.probability.get()).into()),
        ("impact", i16::from(v.impact.get()).into()),
        ("response", text(i.response.as_str())),
        ("plan", text(&i.plan)),
        ("owner_id", i.owner_id.into()),
        ("trigger", text(&i.trigger)),
        ("status", text(i.status.as_str())),
        ("cost_impact", i.cost_impact.into()),
        ("currency", text(&i.currency)),
        ("task_id", i.task_id.into()),
    ];
    if !cas_update(&txn, "project_risks", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    let after = load(&txn, id).await?;
    let names = Names::load(&txn, [before.owner_id, after.owner_id], []).await?;
    let (was, out) = (view(&before, &names, None), view(&after, &names, task_name));
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "update",
        Some(&was),
        Some(&out),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

/// Deletes the risk when `version` is still its version.
pub async fn delete(store: &Store, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    let txn = store.write().await?;
    let before = load(&txn, id).await?;
    writable(&txn, store, actor, before.project_id).await?;
    let gone = project_risk::Entity::delete_many()
        .filter(project_risk::Column::Id.eq(id))
        .filter(project_risk::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if gone.rows_affected != 1 {
        return Err(conflict(ENTITY, before.version));
    }
    let names = Names::load(&txn, [before.owner_id], []).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "delete",
        Some(&view(&before, &names, None)),
        None::<&()>,
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}
