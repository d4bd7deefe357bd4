//! Quality: a project's deliverables (acceptance checklists, sign-off)
//! and defects. The rules are `domain::project::quality`'s; here they
//! run in transactions with the project's write check, compare-and-set
//! versions and the audit log. A signed-off deliverable is frozen until
//! its sign-off is withdrawn.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::{readable, rows, writable};
use crate::domain::project::quality::{
    self, Criterion, DefectInput, DefectStatus, DefectView, DeliverableInput, DeliverableView,
    QualityView, Severity, SignOff,
};
use crate::domain::{Actor, AppError, AppResult, Role};
use crate::store::customers::common::{Names, cas_update, conflict};
use crate::store::db::internal;
use crate::store::entity::{
    project, project_defect as defect, project_deliverable as deliverable, project_task,
};
use crate::store::{Store, audit};

fn criteria_of(m: &deliverable::Model) -> Vec<Criterion> {
    serde_json::from_str(&m.criteria).unwrap_or_default()
}

fn criteria_json(c: &[Criterion]) -> String {
    serde_json::to_string(c).unwrap_or_else(|_| "[]".to_owned())
}

async fn deliverables_of<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
) -> AppResult<Vec<deliverable::Model>> {
    deliverable::Entity::find()
        .filter(deliverable::Column::ProjectId.eq(project_id))
        .order_by_asc(deliverable::Column::Id)
        .all(conn)
        .await
        .map_err(internal)
}

async fn defects_of<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
) -> AppResult<Vec<defect::Model>> {
    defect::Entity::find()
        .filter(defect::Column::ProjectId.eq(project_id))
        .order_by_desc(defect::Column::Id)
        .all(conn)
        .await
        .map_err(internal)
}

fn is_open(d: &defect::Model) -> bool {
    DefectStatus::parse(&d.status) != Some(DefectStatus::Resolved)
}

/// Open defects by deliverable id.
fn open_by_deliverable(defects: &[defect::Model]) -> HashMap<i64, usize> {
    let mut out = HashMap::new();
    for d in defects.iter().filter(|d| is_open(d)) {
        if let Some(id) = d.deliverable_id {
            *out.entry(id).or_default() += 1;
        }
    }
    out
}

/// Deliverables and defects as the tab shows them.
pub(crate) async fn views<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
) -> AppResult<(Vec<DeliverableView>, Vec<DefectView>)> {
    let ds = deliverables_of(conn, project_id).await?;
    let fs = defects_of(conn, project_id).await?;
    let names = Names::load(
        conn,
        ds.iter()
            .map(|d| d.signed_recorded_by)
            .chain(fs.iter().map(|f| f.found_by)),
        [],
    )
    .await?;
    let task_ids: Vec<i64> = ds.iter().filter_map(|d| d.task_id).collect();
    let tasks: HashMap<i64, String> = if task_ids.is_empty() {
        HashMap::new()
    } else {
        project_task::Entity::find()
            .filter(project_task::Column::Id.is_in(task_ids))
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect()
    };
    let open = open_by_deliverable(&fs);
    let deliverables: Vec<DeliverableView> = ds
        .iter()
        .map(|d| {
            let criteria = criteria_of(d);
            let signed = match (&d.signed_by, d.signed_on) {
                (Some(name), Some(on)) => Some(SignOff {
                    name: name.clone(),
                    on,
                }),
                _ => None,
            };
            let open_defects = open.get(&d.id).copied().unwrap_or(0);
            DeliverableView {
                id: d.id,
                version: d.version,
                status: quality::status(&criteria, open_defects, signed.is_some()),
                input: DeliverableInput {
                    name: d.name.clone(),
                    description: d.description.clone(),
                    task_id: d.task_id,
                    criteria,
                },
                task_name: d.task_id.and_then(|t| tasks.get(&t).cloned()),
                open_defects,
                signed,
                signed_recorded_by: names.user(d.signed_recorded_by),
            }
        })
        .collect();
    let names_of: HashMap<i64, String> = ds.iter().map(|d| (d.id, d.name.clone())).collect();
    let defects = fs
        .iter()
        .map(|f| DefectView {
            id: f.id,
            version: f.version,
            input: DefectInput {
                title: f.title.clone(),
                description: f.description.clone(),
                severity: Severity::parse(&f.severity).unwrap_or_default(),
                status: DefectStatus::parse(&f.status).unwrap_or_default(),
                deliverable_id: f.deliverable_id,
            },
            deliverable_name: f.deliverable_id.and_then(|d| names_of.get(&d).cloned()),
            found_by: names.user(f.found_by),
            found_at: f.created_at,
            resolved_at: f.resolved_at,
        })
        .collect();
    Ok((deliverables, defects))
}

/// What would stop a closeout now.
pub(crate) async fn open_items<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
) -> AppResult<quality::OpenItems> {
    use crate::domain::project::change_control::CrStatus;
    use crate::store::entity::project_change_request as cr;
    let ds = deliverables_of(conn, project_id).await?;
    let fs = defects_of(conn, project_id).await?;
    let pending = cr::Entity::find()
        .filter(cr::Column::ProjectId.eq(project_id))
        .filter(
            cr::Column::Status.is_in([CrStatus::Submitted.as_str(), CrStatus::Approved.as_str()]),
        )
        .all(conn)
        .await
        .map_err(internal)?
        .len();
    Ok(quality::OpenItems {
        unsigned_deliverables: ds.iter().filter(|d| d.signed_on.is_none()).count(),
        open_defects: fs.iter().filter(|f| is_open(f)).count(),
        pending_changes: pending,
    })
}

/// The Quality tab.
pub async fn view(store: &Store, actor: &Actor, project_id: i64) -> AppResult<QualityView> {
    let conn = store.conn();
    let m = readable(conn, store, actor, project_id, false).await?;
    build(conn, actor, &m).await
}

pub(crate) async fn build<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    m: &project::Model,
) -> AppResult<QualityView> {
    let (deliverables, defects) = views(conn, m.id).await?;
    let names = Names::load(conn, [m.archived_by], []).await?;
    Ok(QualityView {
        project_id: m.id,
        version: m.version,
        deliverables,
        defects,
        open: open_items(conn, m.id).await?,
        closeout: m.archived_at.map(|at| quality::Closeout {
            at,
            by: names.user(m.archived_by),
        }),
        lessons: m
            .lessons
            .as_deref()
            .and_then(|l| serde_json::from_str(l).ok())
            .unwrap_or_default(),
        editable: super::may_change(actor, m),
        can_reopen: m.archived_at.is_some() && actor.role == Role::Admin,
    })
}

async fn one_deliverable<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<deliverable::Model> {
    deliverable::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("deliverable"))
}

async fn one_defect<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<defect::Model> {
    defect::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("defect"))
}

/// Refuses a task that is not a live task of the project.
async fn check_task<C: ConnectionTrait>(
    conn: &C,
    project_id: i64,
    task_id: Option<i64>,
) -> AppResult<()> {
    let Some(task_id) = task_id else {
        return Ok(());
    };
    let state = rows::load_state(conn, project_id).await?;
    match state.task(task_id) {
        Some(t) if !t.deleted => Ok(()),
        _ => Err(AppError::invalid(
            "task_id",
            "is not a task of this project",
        )),
    }
}

/// Ends a write: the audit row, the commit, the tab as it now stands.
async fn done(
    txn: sea_orm::DatabaseTransaction,
    actor: &Actor,
    m: &project::Model,
    (entity, id, action): (&str, i64, &str),
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> AppResult<QualityView> {
    audit::record(
        &txn,
        Some(actor),
        entity,
        id,
        action,
        before.as_ref(),
        after.as_ref(),
    )
    .await?;
    let out = build(&txn, actor, m).await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

fn json(v: &impl serde::Serialize) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

/// Creates a deliverable (`id` none) or rewrites one at `version`;
/// refused once it is signed off.
pub async fn save_deliverable(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    id: Option<i64>,
    version: i64,
    input: DeliverableInput,
) -> AppResult<QualityView> {
    let v = input.validated()?;
    let txn = store.write().await?;
    let m = writable(&txn, store, actor, project_id).await?;
    check_task(&txn, m.id, v.task_id).await?;
    let now = Utc::now();
    match id {
        None => {
            let d = deliverable::ActiveModel {
                project_id: Set(m.id),
                name: Set(v.name.clone()),
                description: Set(v.description.clone()),
                task_id: Set(v.task_id),
                criteria: Set(criteria_json(&v.criteria)),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            done(
                txn,
                actor,
                &m,
                ("deliverable", d.id, "create"),
                None,
                json(&v),
            )
            .await
        }
        Some(id) => {
            let before = one_deliverable(&txn, id).await?;
            if before.project_id != m.id {
                return Err(AppError::not_found("deliverable"));
            }
            if before.signed_on.is_some() {
                return Err(AppError::invalid(
                    "deliverable",
                    "is signed off: withdraw the sign-off to change it",
                ));
            }
            let sets: Vec<(&'static str, SimpleExpr)> = vec![
                ("name", v.name.clone().into()),
                ("description", v.description.clone().into()),
                ("task_id", v.task_id.into()),
                ("criteria", criteria_json(&v.criteria).into()),
            ];
            if !cas_update(&txn, "project_deliverables", id, version, sets).await? {
                return Err(conflict("deliverable", before.version));
            }
            let was = DeliverableInput {
                name: before.name.clone(),
                description: before.description.clone(),
                task_id: before.task_id,
                criteria: criteria_of(&before),
            };
            done(
                txn,
                actor,
                &m,
                ("deliverable", id, "update"),
                json(&was),
                json(&v),
            )
            .await
        }
    }
}

/// Deletes a deliverable that is not signed off (its defects stay, with
/// no deliverable).
pub async fn delete_deliverable(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
) -> AppResult<QualityView> {
    let txn = store.write().await?;
    let before = one_deliverable(&txn, id).await?;
    let m = writable(&txn, store, actor, before.project_id).await?;
    if before.signed_on.is_some() {
        return Err(AppError::invalid(
            "deliverable",
            "is signed off: withdraw the sign-off to change it",
        ));
    }
    let gone = deliverable::Entity::delete_many()
        .filter(deliverable::Column::Id.eq(id))
        .filter(deliverable::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(internal)?;
    if gone.rows_affected != 1 {
        return Err(conflict("deliverable", before.version));
    }
    let was = json(&(before.name.clone(), criteria_of(&before)));
    done(txn, actor, &m, ("deliverable", id, "delete"), was, None).await
}

/// Records the sign-off (`Some`) — every criterion met, no defect open
/// against it — or withdraws it (`None`).
pub async fn sign_off(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    signed: Option<SignOff>,
) -> AppResult<QualityView> {
    let signed = signed.map(|s| s.validated(rows::today())).transpose()?;
    let txn = store.write().await?;
    let before = one_deliverable(&txn, id).await?;
    let m = writable(&txn, store, actor, before.project_id).await?;
    if let Some(_s) = &signed {
        if before.signed_on.is_some() {
            return Err(AppError::invalid("deliverable", "is already signed off"));
        }
        let open = defect::Entity::find()
            .filter(defect::Column::DeliverableId.eq(id))
            .all(&txn)
            .await
            .map_err(internal)?
            .iter()
            .filter(|d| is_open(d))
            .count();
        quality::may_sign_off(&criteria_of(&before), open)?;
    }
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("signed_by", signed.as_ref().map(|s| s.name.clone()).into()),
        ("signed_on", signed.as_ref().map(|s| s.on).into()),
        (
            "signed_recorded_by",
            signed.as_ref().map(|_| actor.user_id).into(),
        ),
    ];
    if !cas_update(&txn, "project_deliverables", id, version, sets).await? {
        return Err(conflict("deliverable", before.version));
    }
    let was = match (&before.signed_by, before.signed_on) {
        (Some(name), Some(on)) => Some(SignOff {
            name: name.clone(),
            on,
        }),
        _ => None,
    };
    let action = if signed.is_some() {
        "sign_off"
    } else {
        "withdraw_sign_off"
    };
    done(
        txn,
        actor,
        &m,
        ("deliverable", id, action),
        json(&was),
        json(&signed),
    )
    .await
}

/// Records a defect (`id` none) or rewrites one at `version`; resolving
/// stamps the time, reopening clears it.
pub async fn save_defect(
    store: &Store,
    actor: &Actor,
    project_id: i64,
    id: Option<i64>,
    version: i64,
    input: DefectInput,
) -> AppResult<QualityView> {
    let v = input.validated()?;
    let txn = store.write().await?;
    let m = writable(&txn, store, actor, project_id).await?;
    if let Some(d) = v.deliverable_id {
        let found = one_deliverable(&txn, d).await.ok();
        match found {
            Some(found) if found.project_id == m.id => {
                // A new open defect against a signed-off deliverable would
                // contradict its acceptance: withdraw the sign-off first.
                if found.signed_on.is_some() && v.status == DefectStatus::Open {
                    return Err(AppError::invalid(
                        "deliverable_id",
                        "is signed off: withdraw the sign-off to change it",
                    ));
                }
            }
            _ => {
                return Err(AppError::invalid(
                    "deliverable_id",
                    "is not a deliverable of this project",
                ));
            }
        }
    }
    let now = Utc::now();
    let resolved_at = (v.status == DefectStatus::Resolved).then_some(now);
    match id {
        None => {
            let f = defect::ActiveModel {
                project_id: Set(m.id),
                deliverable_id: Set(v.deliverable_id),
                title: Set(v.title.clone()),
                description: Set(v.description.clone()),
                severity: Set(v.severity.as_str().to_owned()),
                status: Set(v.status.as_str().to_owned()),
                found_by: Set(Some(actor.user_id)),
                created_at: Set(now),
                resolved_at: Set(resolved_at),
                version: Set(1),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            done(txn, actor, &m, ("defect", f.id, "create"), None, json(&v)).await
        }
        Some(id) => {
            let before = one_defect(&txn, id).await?;
            if before.project_id != m.id {
                return Err(AppError::not_found("defect"));
            }
            let was_resolved = !is_open(&before);
            let resolved_at = match (was_resolved, v.status) {
                (true, DefectStatus::Resolved) => before.resolved_at,
                _ => resolved_at,
            };
            let sets: Vec<(&'static str, SimpleExpr)> = vec![
                ("title", v.title.clone().into()),
                ("description", v.description.clone().into()),
                ("severity", v.severity.as_str().into()),
                ("status", v.status.as_str().into()),
                ("deliverable_id", v.deliverable_id.into()),
                ("resolved_at", resolved_at.into()),
            ];
            if !cas_update(&txn, "project_defects", id, version, sets).await? {
                return Err(conflict("defect", before.version));
            }
            let was = DefectInput {
                title: before.title.clone(),
                description: before.description.clone(),
                severity: Severity::parse(&before.severity).unwrap_or_default(),
                status: DefectStatus::parse(&before.status).unwrap_or_default(),
                deliverable_id: before.deliverable_id,
            };
            done(
                txn,
                actor,
                &m,
                ("defect", id, "update"),
                json(&was),
                json(&v),
            )
            .await
        }
    }
}
