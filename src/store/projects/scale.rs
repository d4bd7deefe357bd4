//! `cairn seed --project-tasks N`: one project, "Scale N", with N tasks
//! (a summary every 10 rows, nesting up to 3 levels below the top) and
//! 2N links between leaves, each predecessor earlier in the outline (so
//! no loop), mostly finish-to-start with some SS/FF and lags. For the
//! Gantt's timing tests: written with multi-row inserts and ids chosen
//! here (parents must be known before their children are written), in
//! one transaction.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use chrono::Utc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, Statement,
};

use super::edit::{link_model, task_model};
use super::rows;
use crate::domain::project::{CalendarKey, LinkRow, ProjectState, ProjectStatus, TaskRow};
use crate::domain::sales::rank;
use crate::domain::schedule::LinkKind;
use crate::domain::{AppError, AppResult};
use crate::store::db::internal;
use crate::store::entity::{project, project_link, project_task, user};
use crate::store::{Backend, Store, audit};

/// Leaves per block of linked tasks (see [`generate`]).
const BLOCK: usize = 180;

#[derive(Debug, Clone, Copy)]
pub struct ScaleReport {
    pub project_id: i64,
    pub tasks: u64,
    pub links: u64,
    pub elapsed: Duration,
}

impl std::fmt::Display for ScaleReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "project {} seeded with {} tasks and {} links",
            self.project_id, self.tasks, self.links
        )
    }
}

/// The outline and links of a scale plan, ids from `first_id` on, in
/// grid order (pure: the test checks its shape without a database).
pub(crate) fn generate(n: usize, first_id: i64, seed: u64) -> (Vec<TaskRow>, Vec<LinkRow>) {
    let mut rng = StdRng::seed_from_u64(seed);
    let ranks = rank::sequence(n);
    let mut tasks = Vec::with_capacity(n);
    // The latest summary at each depth 0, 1, 2.
    let mut open: [Option<i64>; 3] = [None; 3];
    let mut current: Option<i64> = None;
    let mut leaves = Vec::with_capacity(n);
    for (i, r) in ranks.into_iter().enumerate() {
        let id = first_id + i as i64;
        let summary = i % 10 == 0 && i + 1 < n;
        let parent = if summary {
            let depth = (i / 10) % 3;
            let parent = if depth == 0 { None } else { open[depth - 1] };
            open[depth] = Some(id);
            for d in open.iter_mut().skip(depth + 1) {
                *d = None;
            }
            current = Some(id);
            parent
        } else {
            leaves.push(id);
            current
        };
        tasks.push(TaskRow {
            id,
            version: 1,
            parent,
            rank: r,
            name: if summary {
                format!("Phase {}", i / 10 + 1)
            } else {
                format!("Task {}", i + 1)
            },
            duration_minutes: if summary {
                0
            } else {
                rng.gen_range(1..=10) * 480
            },
            percent_complete: 0,
            constraint: None,
            assignments: Vec::new(),
            deleted: false,
        });
    }
    let want = 2 * n;
    let mut links = Vec::with_capacity(want);
    let mut seen = HashSet::with_capacity(want);
    let mut attempts = 0;
    while links.len() < want && leaves.len() > 1 && attempts < 20 * n {
        attempts += 1;
        // Predecessors come from the 30 leaves before, within the same
        // block of 180: blocks run side by side, so the plan lasts about a
        // year whatever N is (one chain through 100k tasks would not).
        let s = rng.gen_range(1..leaves.len());
        let lo = Ord::max(s.saturating_sub(30), s / BLOCK * BLOCK);
        if lo == s {
            continue;
        }
        let p = rng.gen_range(lo..s);
        let (pred, succ) = (leaves[p], leaves[s]);
        if !seen.insert((pred, succ)) {
            continue;
        }
        let (kind, lag) = match rng.gen_range(0..10) {
            0 => (LinkKind::StartToStart, 480),
            1 => (LinkKind::FinishToFinish, 240),
            _ => (LinkKind::FinishToStart, 0),
        };
        links.push(LinkRow {
            id: 0,
            version: 1,
            predecessor: pred,
            successor: succ,
            kind,
            lag_minutes: lag,
            deleted: false,
        });
    }
    (tasks, links)
}

/// Creates "Scale N", managed by the first active user.
pub async fn project_tasks(store: &Store, n: u64) -> AppResult<ScaleReport> {
    let started = Instant::now();
    let n = usize::try_from(n).map_err(|_| AppError::invalid("tasks", "is too many"))?;
    let txn = store.write().await?;
    let manager = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::Id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::invalid("manager", "create a user first"))?;
    let now = Utc::now();
    let start = now.date_naive();
    let p = project::ActiveModel {
        name: Set(format!("Scale {n}")),
        account_id: Set(None),
        deal_id: Set(None),
        manager_id: Set(manager.id),
        team_id: Set(manager.team_id),
        calendar: Set(CalendarKey::Standard.as_str().to_owned()),
        start: Set(start),
        status: Set(ProjectStatus::Active.as_str().to_owned()),
        finish: Set(None),
        percent_complete: Set(0),
        critical_late: Set(false),
        task_count: Set(0),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let max: Option<i64> = project_task::Entity::find()
        .select_only()
        .column_as(project_task::Column::Id.max(), "m")
        .into_tuple()
        .one(&txn)
        .await
        .map_err(internal)?
        .flatten();
    let first_id = max.unwrap_or(0) + 1;
    let (tasks, links) = generate(n, first_id, 0x5ca1e ^ n as u64);
    for chunk in tasks.chunks(2_000) {
        project_task::Entity::insert_many(chunk.iter().map(|t| {
            let mut m = task_model(p.id, t);
            m.id = Set(t.id);
            m
        }))
        .exec(&txn)
        .await
        .map_err(internal)?;
    }
    if store.backend() == Backend::Postgres && !tasks.is_empty() {
        // Ids were chosen here: move the sequence past them.
        txn.execute_raw(Statement::from_string(
            txn.get_database_backend(),
            "SELECT setval(pg_get_serial_sequence('project_tasks', 'id'), \
             (SELECT MAX(id) FROM project_tasks))",
        ))
        .await
        .map_err(internal)?;
    }
    for chunk in links.chunks(3_000) {
        project_link::Entity::insert_many(chunk.iter().map(|l| link_model(p.id, l)))
            .exec(&txn)
            .await
            .map_err(internal)?;
    }
    let state = ProjectState::new(tasks, links);
    let (c, s) = rows::schedule(&txn, &p, &state).await?;
    super::golive::write_figures(&txn, None, &p, &c, &s).await?;
    let report = ScaleReport {
        project_id: p.id,
        tasks: state.tasks().len() as u64,
        links: state.links().len() as u64,
        elapsed: started.elapsed(),
    };
    audit::record(
        &txn,
        None,
        "project",
        p.id,
        "seed",
        None::<&()>,
        Some(&serde_json::json!({ "tasks": report.tasks, "links": report.links })),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    tracing::debug!(elapsed = ?report.elapsed, "{report}");
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::project::compute;
    use crate::domain::schedule::{Scheduler, presets};

    #[test]
    fn a_scale_plan_nests_links_forward_and_schedules() {
        let (tasks, links) = generate(1_000, 1, 7);
        assert_eq!(tasks.len(), 1_000);
        assert_eq!(links.len(), 2_000);
        assert!(links.iter().all(|l| l.predecessor < l.successor));
        let summaries = tasks.iter().filter(|t| t.name.starts_with("Phase")).count();
        assert_eq!(summaries, 100);
        let state = ProjectState::new(tasks, links);
        let c = compute::compile(
            &state,
            chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"),
            &presets::standard(),
        )
        .expect("compiles");
        assert_eq!(
            c.ids,
            (1..=1_000).collect::<Vec<i64>>(),
            "grid order is id order"
        );
        assert_eq!(c.depth.iter().max(), Some(&3));
        let s = compute::run(&mut Scheduler::default(), &c).expect("schedules");
        let t = compute::totals(&c, &s, chrono::NaiveDate::MIN);
        let days = (t.finish.expect("a finish")
            - chrono::NaiveDate::from_ymd_opt(2026, 3, 2).expect("date"))
        .num_days();
        assert!((30..800).contains(&days), "a plan of {days} days");
    }
}
