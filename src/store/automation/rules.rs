//! Rules as data: an administrator lists, writes, switches off and
//! deletes them (compare-and-set on the version, audited like any record).

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{ActiveModelTrait, EntityTrait, QueryOrder, Set};

use crate::domain::automation::{RuleInput, RuleView};
use crate::domain::{Action, Actor, AppError, AppResult, Resource, authorize};
use crate::store::customers::common::{cas_update, conflict};
use crate::store::db::internal;
use crate::store::entity::automation_rule;
use crate::store::{Store, audit};

const ENTITY: &str = "automation_rule";

fn json<T: serde::Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v).map_err(internal)
}

pub(super) fn view(m: &automation_rule::Model) -> AppResult<RuleView> {
    let bad = |e: serde_json::Error| AppError::Internal(format!("rule {}: {e}", m.id));
    Ok(RuleView {
        id: m.id,
        name: m.name.clone(),
        enabled: m.enabled,
        trigger: serde_json::from_str(&m.trigger).map_err(bad)?,
        conditions: serde_json::from_str(&m.conditions).map_err(bad)?,
        actions: serde_json::from_str(&m.actions).map_err(bad)?,
        fired: u64::try_from(m.fired).unwrap_or(0),
        last_fired_at: m.last_fired_at,
        version: m.version,
        updated_at: m.updated_at,
    })
}

/// Rules are the administrator's: they act on every team's records.
fn check(actor: &Actor, action: Action) -> AppResult<()> {
    authorize(
        actor,
        action,
        Resource::Module(crate::domain::Module::Admin),
    )
}

pub async fn list(store: &Store, actor: &Actor) -> AppResult<Vec<RuleView>> {
    check(actor, Action::Read)?;
    automation_rule::Entity::find()
        .order_by_asc(automation_rule::Column::Id)
        .all(store.conn())
        .await
        .map_err(internal)?
        .iter()
        .map(view)
        .collect()
}

async fn load<C: sea_orm::ConnectionTrait>(conn: &C, id: i64) -> AppResult<automation_rule::Model> {
    automation_rule::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

pub async fn create(store: &Store, actor: &Actor, input: RuleInput) -> AppResult<RuleView> {
    check(actor, Action::Create)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let now = Utc::now();
    let m = automation_rule::ActiveModel {
        name: Set(v.name.clone()),
        enabled: Set(v.enabled),
        trigger_key: Set(v.trigger.key()),
        trigger: Set(json(&v.trigger)?),
        conditions: Set(json(&v.conditions)?),
        actions: Set(json(&v.actions)?),
        fired: Set(0),
        last_fired_at: Set(None),
        rr_cursor: Set(None),
        created_by: Set(Some(actor.user_id)),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let out = view(&m)?;
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
    input: RuleInput,
) -> AppResult<RuleView> {
    check(actor, Action::Update)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let before = view(&load(&txn, id).await?)?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("name", v.name.clone().into()),
        ("enabled", v.enabled.into()),
        ("trigger_key", v.trigger.key().into()),
        ("trigger", json(&v.trigger)?.into()),
        ("conditions", json(&v.conditions)?.into()),
        ("actions", json(&v.actions)?.into()),
    ];
    if !cas_update(&txn, "automation_rules", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    let out = view(&load(&txn, id).await?)?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "update",
        Some(&before),
        Some(&out),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

pub async fn delete(store: &Store, actor: &Actor, id: i64, version: i64) -> AppResult<()> {
    check(actor, Action::Delete)?;
    let txn = store.write().await?;
    let before = view(&load(&txn, id).await?)?;
    if before.version != version {
        return Err(conflict(ENTITY, before.version));
    }
    automation_rule::Entity::delete_by_id(id)
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
    txn.commit().await.map_err(internal)
}
