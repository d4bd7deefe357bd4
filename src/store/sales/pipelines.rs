//! Pipelines and their stages: read by everyone in sales, edited by admins.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::events;
use crate::domain::sales::{Pipeline, PipelineInput, Stage};
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::customers::common::{cas_update, conflict};
use crate::store::db::internal;
use crate::store::entity::{deal, pipeline, stage};
use crate::store::{Store, audit};

pub(crate) fn stage_of(m: &stage::Model) -> Stage {
    Stage {
        id: m.id,
        name: m.name.clone(),
        probability: u8::try_from(m.probability.clamp(0, 100)).unwrap_or(0),
        rotting_days: m.rotting_days.and_then(|d| u32::try_from(d).ok()),
    }
}

/// One pipeline with its stages in order.
pub(crate) async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<Pipeline> {
    let p = pipeline::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("pipeline"))?;
    let stages = stage::Entity::find()
        .filter(stage::Column::PipelineId.eq(id))
        .order_by_asc(stage::Column::Position)
        .all(conn)
        .await
        .map_err(internal)?;
    Ok(Pipeline {
        id: p.id,
        name: p.name,
        stages: stages.iter().map(stage_of).collect(),
        version: p.version,
    })
}

/// Every pipeline's id and name, in order.
pub(crate) async fn names<C: ConnectionTrait>(conn: &C) -> AppResult<Vec<(i64, String)>> {
    Ok(pipeline::Entity::find()
        .order_by_asc(pipeline::Column::Position)
        .order_by_asc(pipeline::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}

pub async fn list(store: &Store, actor: &Actor) -> AppResult<Vec<Pipeline>> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    let mut out = Vec::new();
    for (id, _) in names(store.conn()).await? {
        out.push(load(store.conn(), id).await?);
    }
    Ok(out)
}

/// The pipelines as Admin › Pipelines edits them: refused to anyone who
/// may not save them, so that page answers 403 rather than showing a form
/// whose every save would fail.
pub async fn list_for_admin(store: &Store, actor: &Actor) -> AppResult<Vec<Pipeline>> {
    authorize(actor, Action::Update, Resource::Module(Module::Admin))?;
    list(store, actor).await
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<Pipeline> {
    authorize(actor, Action::Read, Resource::Module(Module::Sales))?;
    load(store.conn(), id).await
}

/// Creates (`id` none) or replaces a pipeline's name and stages, in the
/// order given. A stage that still has deals cannot be removed (move them
/// first); new stages get new ids.
pub async fn save(
    store: &Store,
    actor: &Actor,
    id: Option<i64>,
    version: i64,
    input: PipelineInput,
) -> AppResult<Pipeline> {
    authorize(actor, Action::Update, Resource::Module(Module::Admin))?;
    let input = input.validated()?;
    let txn = store.write().await?;
    let now = Utc::now();
    let (id, before) = match id {
        None => {
            let position = pipeline::Entity::find()
                .count(&txn)
                .await
                .map_err(internal)?;
            let m = pipeline::ActiveModel {
                name: Set(input.name.clone()),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            (m.id, None)
        }
        Some(id) => {
            let before = load(&txn, id).await?;
            if !cas_update(
                &txn,
                "pipelines",
                id,
                version,
                vec![("name", input.name.clone().into())],
            )
            .await?
            {
                return Err(conflict("pipeline", before.version));
            }
            (id, Some(before))
        }
    };
    let keep: Vec<i64> = input.stages.iter().filter_map(|s| s.id).collect();
    if let Some(before) = &before {
        for old in &before.stages {
            if keep.contains(&old.id) {
                continue;
            }
            let used = deal::Entity::find()
                .filter(deal::Column::StageId.eq(old.id))
                .count(&txn)
                .await
                .map_err(internal)?;
            if used > 0 {
                return Err(AppError::invalid(
                    "stages",
                    format!("“{}” still has {used} deals; move them first", old.name),
                ));
            }
            stage::Entity::delete_by_id(old.id)
                .exec(&txn)
                .await
                .map_err(internal)?;
        }
    }
    for (i, s) in input.stages.iter().enumerate() {
        let position = i32::try_from(i).unwrap_or(i32::MAX);
        let rotting = s.rotting_days.and_then(|d| i32::try_from(d).ok());
        match s.id {
            Some(sid) => {
                let m = stage::Entity::find_by_id(sid)
                    .filter(stage::Column::PipelineId.eq(id))
                    .one(&txn)
                    .await
                    .map_err(internal)?
                    .ok_or_else(|| {
                        AppError::invalid(&format!("stages.{i}"), "is not a stage of this pipeline")
                    })?;
                let mut a: stage::ActiveModel = m.into();
                a.name = Set(s.name.clone());
                a.probability = Set(i16::from(s.probability));
                a.rotting_days = Set(rotting);
                a.position = Set(position);
                a.update(&txn).await.map_err(internal)?;
            }
            None => {
                stage::ActiveModel {
                    pipeline_id: Set(id),
                    name: Set(s.name.clone()),
                    probability: Set(i16::from(s.probability)),
                    rotting_days: Set(rotting),
                    position: Set(position),
                    version: Set(1),
                    ..Default::default()
                }
                .insert(&txn)
                .await
                .map_err(internal)?;
            }
        }
    }
    let after = load(&txn, id).await?;
    audit::record(
        &txn,
        Some(actor),
        "pipeline",
        id,
        if before.is_some() { "update" } else { "create" },
        before.as_ref(),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    events::publish(
        store,
        events::BoardEvent::PipelineChanged { pipeline_id: id },
    )
    .await;
    Ok(after)
}
