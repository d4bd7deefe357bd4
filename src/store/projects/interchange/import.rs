//! `import_mspdi`: a Microsoft Project XML file becomes a new project,
//! in one transaction.

use std::collections::HashMap;

use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use super::super::edit::{link_model, task_model};
use super::super::{ENTITY, calendars, golive, records, rows};
use crate::domain::project::interchange::read::{self, Candidate};
use crate::domain::project::interchange::{ImportOptions, ImportedProject, MAX_MSPDI_BYTES};
use crate::domain::project::{CalendarKey, ProjectInput, ProjectStatus};
use crate::domain::schedule::mspdi::Document;
use crate::domain::{Action, Actor, AppError, AppResult, Module, Resource, authorize};
use crate::store::db::internal;
use crate::store::entity::{baseline, baseline_task, project, project_link, task_assignment, user};
use crate::store::{Store, audit};

/// Rows per multi-row insert (8 columns: well under both databases'
/// limits on bound parameters).
const CHUNK: usize = 2_000;

/// Creates a project from an MSPDI document: the record (audited as a
/// creation), its calendar, tasks, links, assignments and baselines, the
/// schedule's figures, and an `import_mspdi` audit entry with the counts
/// — all in one transaction. Anything refused (the file, a rule, the
/// database) leaves the database as it was. Who may create projects may
/// import one.
#[tracing::instrument(skip(store, xml, options), fields(bytes = xml.len()))]
pub async fn import_mspdi(
    store: &Store,
    actor: &Actor,
    xml: &str,
    options: &ImportOptions,
) -> AppResult<ImportedProject> {
    authorize(actor, Action::Create, Resource::Module(Module::Projects))?;
    if xml.len() > MAX_MSPDI_BYTES {
        return Err(AppError::invalid(
            "file",
            format!("is larger than {} MB", MAX_MSPDI_BYTES / (1024 * 1024)),
        ));
    }
    // Read and planned before the write transaction: the work is the
    // CPU's, and SQLite's one writer should not wait for it.
    let doc = Document::parse(xml).map_err(read::file_error)?;
    let people: Vec<Candidate> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Id)
        .all(store.conn())
        .await
        .map_err(internal)?
        .into_iter()
        .map(|u| Candidate {
            id: u.id,
            name: u.display_name,
            username: u.username,
            email: u.email,
        })
        .collect();
    let plan = read::plan(&doc, &people, options)?;
    let input = ProjectInput {
        name: plan.name.clone(),
        account_id: options.account_id,
        deal_id: options.deal_id,
        manager_id: options.manager_id,
        calendar: plan.calendar_key,
        start: plan.start,
        status: options.status.unwrap_or(ProjectStatus::Planned),
    };
    let name = input.validate()?;

    let txn = store.write().await?;
    let created = records::insert(&txn, actor, &input, name).await?;
    let pid = created.id;
    if plan.calendar_key == CalendarKey::Custom {
        calendars::save(&txn, pid, &plan.calendar).await?;
    }
    for person in &plan.person_calendars {
        calendars::save_person(&txn, pid, person).await?;
    }
    // Parents come before their children in the plan, so each parent's
    // stored id is known when its children are written.
    let mut ids: HashMap<i64, i64> = HashMap::with_capacity(plan.tasks.len());
    for row in &plan.tasks {
        let mut stored = row.clone();
        stored.parent = match row.parent {
            Some(p) => Some(
                *ids.get(&p)
                    .ok_or_else(|| AppError::Internal("a parent went missing".into()))?,
            ),
            None => None,
        };
        let m = task_model(pid, &stored)
            .insert(&txn)
            .await
            .map_err(internal)?;
        ids.insert(row.id, m.id);
    }
    let id_of = |temp: i64| -> AppResult<i64> {
        ids.get(&temp)
            .copied()
            .ok_or_else(|| AppError::Internal("a task went missing".into()))
    };
    let mut assignments = Vec::new();
    for row in &plan.tasks {
        for a in &row.assignments {
            assignments.push(task_assignment::ActiveModel {
                task_id: Set(id_of(row.id)?),
                user_id: Set(a.user_id),
                units: Set(i16::try_from(a.units).unwrap_or(i16::MAX)),
            });
        }
    }
    for chunk in assignments.chunks(CHUNK) {
        task_assignment::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .map_err(internal)?;
    }
    let mut links = Vec::with_capacity(plan.links.len());
    for l in &plan.links {
        let mut stored = *l;
        stored.predecessor = id_of(l.predecessor)?;
        stored.successor = id_of(l.successor)?;
        links.push(link_model(pid, &stored));
    }
    for chunk in links.chunks(CHUNK) {
        project_link::Entity::insert_many(chunk.to_vec())
            .exec(&txn)
            .await
            .map_err(internal)?;
    }
    let saved_at = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp(), 0)
        .unwrap_or_default()
        .naive_utc();
    for b in &plan.baselines {
        let stored = baseline::ActiveModel {
            project_id: Set(pid),
            name: Set(b.name.clone()),
            saved_at: Set(saved_at),
            saved_by: Set(Some(actor.user_id)),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .map_err(internal)?;
        let mut bars = Vec::with_capacity(b.bars.len());
        for &(task, start, finish) in &b.bars {
            bars.push(baseline_task::ActiveModel {
                baseline_id: Set(stored.id),
                task_id: Set(id_of(task)?),
                start: Set(start),
                finish: Set(finish),
            });
        }
        for chunk in bars.chunks(CHUNK) {
            baseline_task::Entity::insert_many(chunk.to_vec())
                .exec(&txn)
                .await
                .map_err(internal)?;
        }
    }

    // The stored plan, scheduled as every later read will schedule it.
    let m = project::Entity::find_by_id(pid)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))?;
    let state = rows::load_state(&txn, pid).await?;
    let (c, s) = rows::schedule(&txn, &m, &state).await?;
    golive::write_figures(&txn, Some(actor), &m, &c, &s).await?;
    let m = project::Entity::find_by_id(pid)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))?;
    let project = rows::summary(&txn, &m).await?;
    let result = ImportedProject {
        id: pid,
        project,
        tasks: plan.tasks.len() as u32,
        summary_tasks: plan.summary_count() as u32,
        milestones: plan.milestone_count() as u32,
        links: plan.links.len() as u32,
        calendar: plan.calendar_key,
        calendar_exceptions: plan.calendar.exceptions().len() as u32,
        resources_matched: plan.matched.clone(),
        resources_unmatched: plan.unmatched.clone(),
        assignments: plan.assignments,
        assignments_dropped: plan.assignments_dropped,
        person_calendars: plan.person_calendars.len() as u32,
        baselines: plan.baselines.len() as u32,
        warnings: plan.warnings.clone(),
    };
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        pid,
        "import_mspdi",
        None::<&()>,
        Some(&serde_json::json!({
            "file": doc.name,
            "tasks": result.tasks,
            "links": result.links,
            "calendar": result.calendar,
            "assignments": result.assignments,
            "assignments_dropped": result.assignments_dropped,
            "resources_unmatched": result.resources_unmatched,
            "baselines": result.baselines,
            "warnings": result.warnings,
        })),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(result)
}
