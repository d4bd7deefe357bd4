//! Campaigns: created, edited (compare-and-set on the version), deleted,
//! listed with their figures. Permissions are the marketing module's on
//! the campaign's owner and team; every change is audited.

use chrono::Utc;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::{figures, members};
use crate::domain::customer::Named;
use crate::domain::marketing::{
    Audience, CampaignDetail, CampaignInput, CampaignKind, CampaignRow, CampaignStatus,
    CampaignView, metrics,
};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, allowed, authorize};
use crate::store::customers::common::{
    Names, authorize_read_in, cas_update, conflict, owner_and_team_in, record_in,
};
use crate::store::db::internal;
use crate::store::entity::{campaign, campaign_member, lead};
use crate::store::{Store, audit};

pub(super) const ENTITY: &str = "campaign";

pub(super) async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<campaign::Model> {
    campaign::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

pub(super) fn check_read(actor: &Actor, m: &campaign::Model) -> AppResult<()> {
    authorize_read_in(actor, Module::Marketing, m.owner_id, m.team_id, ENTITY)
}

pub(super) fn check_write(actor: &Actor, m: &campaign::Model) -> AppResult<()> {
    check_read(actor, m)?;
    authorize(
        actor,
        Action::Update,
        record_in(Module::Marketing, m.owner_id, m.team_id),
    )
}

fn audience_of(m: &campaign::Model) -> Option<Audience> {
    serde_json::from_str(&m.audience).ok()
}

fn view(m: &campaign::Model, names: &Names) -> CampaignView {
    CampaignView {
        id: m.id,
        name: m.name.clone(),
        kind: CampaignKind::parse(&m.kind).unwrap_or_default(),
        status: CampaignStatus::parse(&m.status).unwrap_or_default(),
        start_on: m.start_on,
        end_on: m.end_on,
        budget: m.budget,
        actual_cost: m.actual_cost,
        currency: m.currency.clone(),
        description: m.description.clone(),
        owner: names.user(m.owner_id),
        team: names.team(m.team_id),
        audience: audience_of(m),
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
    }
}

pub(super) async fn load_view<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<CampaignView> {
    let m = load(conn, id).await?;
    let names = Names::load(conn, [m.owner_id], [m.team_id]).await?;
    Ok(view(&m, &names))
}

pub async fn create(store: &Store, actor: &Actor, input: CampaignInput) -> AppResult<CampaignView> {
    authorize(actor, Action::Create, Resource::Module(Module::Marketing))?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let (owner_id, team_id) = owner_and_team_in(
        &txn,
        actor,
        Module::Marketing,
        v.owner_id,
        None,
        Action::Create,
    )
    .await?;
    let now = Utc::now();
    let m = campaign::ActiveModel {
        name: Set(v.name.clone()),
        kind: Set(v.kind.as_str().to_owned()),
        status: Set(v.status.as_str().to_owned()),
        start_on: Set(v.start_on),
        end_on: Set(v.end_on),
        budget: Set(v.budget),
        actual_cost: Set(v.actual_cost),
        currency: Set(v.currency.clone()),
        description: Set(v.description.clone()),
        audience: Set(String::new()),
        owner_id: Set(owner_id),
        team_id: Set(team_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let out = load_view(&txn, m.id).await?;
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

pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: CampaignInput,
) -> AppResult<CampaignView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Marketing)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let before = load(&txn, id).await?;
    check_write(actor, &before)?;
    let (owner_id, team_id) = owner_and_team_in(
        &txn,
        actor,
        Module::Marketing,
        v.owner_id.or(before.owner_id),
        None,
        Action::Update,
    )
    .await?;
    let old = load_view(&txn, id).await?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("name", v.name.clone().into()),
        ("kind", v.kind.as_str().into()),
        ("status", v.status.as_str().into()),
        ("start_on", v.start_on.into()),
        ("end_on", v.end_on.into()),
        ("budget", v.budget.into()),
        ("actual_cost", v.actual_cost.into()),
        ("currency", v.currency.clone().into()),
        ("description", v.description.clone().into()),
        ("owner_id", owner_id.into()),
        ("team_id", team_id.into()),
    ];
    if !cas_update(&txn, "campaigns", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    let out = load_view(&txn, id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "update",
        Some(&old),
        Some(&out),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

/// Deletes a campaign and its memberships; its leads keep everything but
/// the link (SQLite cannot hold that foreign key, so it is cleared here).
pub async fn delete(store: &Store, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    let txn = store.write().await?;
    let m = load(&txn, id).await?;
    check_read(actor, &m)?;
    authorize(
        actor,
        Action::Delete,
        record_in(Module::Marketing, m.owner_id, m.team_id),
    )?;
    if m.version != version {
        return Err(conflict(ENTITY, m.version));
    }
    let before = load_view(&txn, id).await?;
    lead::Entity::update_many()
        .col_expr(lead::Column::CampaignId, Expr::value(None::<i64>))
        .filter(lead::Column::CampaignId.eq(id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    campaign_member::Entity::delete_many()
        .filter(campaign_member::Column::CampaignId.eq(id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    campaign::Entity::delete_by_id(id)
        .exec(&txn)
        .await
        .map_err(internal)?;
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

/// Every campaign the actor may read, newest start first, with figures.
pub async fn list(store: &Store, actor: &Actor) -> AppResult<Vec<CampaignRow>> {
    authorize(actor, Action::Read, Resource::Module(Module::Marketing))?;
    let conn = store.conn();
    let models: Vec<campaign::Model> = campaign::Entity::find()
        .order_by_desc(campaign::Column::StartOn)
        .order_by_desc(campaign::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|m| check_read(actor, m).is_ok())
        .collect();
    let names = Names::load(
        conn,
        models.iter().map(|m| m.owner_id),
        models.iter().map(|m| m.team_id),
    )
    .await?;
    let facts = figures::facts(conn, &models).await?;
    Ok(models
        .iter()
        .zip(facts)
        .map(|(m, f)| CampaignRow {
            campaign: view(m, &names),
            metrics: metrics(&f),
        })
        .collect())
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<CampaignDetail> {
    let conn = store.conn();
    let m = load(conn, id).await?;
    check_read(actor, &m)?;
    let names = Names::load(conn, [m.owner_id], [m.team_id]).await?;
    let facts = figures::facts(conn, std::slice::from_ref(&m)).await?;
    let leads = lead::Entity::find()
        .filter(lead::Column::CampaignId.eq(id))
        .filter(lead::Column::DeletedAt.is_null())
        .order_by_desc(lead::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|l| {
            crate::store::customers::common::authorize_read(actor, l.owner_id, l.team_id, "lead")
                .is_ok()
        })
        .map(|l| Named {
            id: l.id,
            name: l.name,
        })
        .collect();
    Ok(CampaignDetail {
        campaign: view(&m, &names),
        metrics: facts.first().map(metrics).unwrap_or_default(),
        members: members::page(conn, actor, id).await?,
        leads,
    })
}

/// The campaigns a lead may name as its source: none for those who may not
/// read marketing (the field is then hidden).
pub async fn options(store: &Store, actor: &Actor) -> AppResult<Vec<Named>> {
    if !allowed(actor, Action::Read, Resource::Module(Module::Marketing)) {
        return Ok(Vec::new());
    }
    Ok(campaign::Entity::find()
        .order_by_desc(campaign::Column::StartOn)
        .order_by_desc(campaign::Column::Id)
        .all(store.conn())
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|m| check_read(actor, m).is_ok())
        .map(|m| Named {
            id: m.id,
            name: m.name,
        })
        .collect())
}
