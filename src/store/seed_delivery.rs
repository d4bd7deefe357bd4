//! The demo rollout's governance: task budgets and the actual costs of
//! the work done so far (a little over budget, so the Costs tab, health
//! and the status report have something to say), two deliverables — one
//! signed off, one waiting on a defect — all written through the same
//! services the pages use.

use chrono::Duration;

use super::Store;
use super::projects::{costs, quality};
use crate::domain::project::costs::{Budget, BudgetEdit, CostEntryInput};
use crate::domain::project::quality::{
    Criterion, DefectInput, DefectStatus, DeliverableInput, Severity, SignOff,
};
use crate::domain::{Actor, AppResult};

/// Hourly rate by phase position (consultants cost more in design than in
/// training), minor units.
const RATES: [i64; 9] = [
    15_000, 14_000, 16_000, 13_000, 11_000, 12_000, 9_000, 13_000, 10_000,
];

pub(super) async fn governance(store: &Store, pmo: &Actor, project_id: i64) -> AppResult<()> {
    let v = costs::view(store, pmo, project_id).await?;
    let mut phase = 0usize;
    let mut edits = Vec::new();
    for r in &v.rows {
        if r.summary {
            if r.depth == 0 {
                phase += 1;
            }
            continue;
        }
        let rate = RATES[(phase.max(1) - 1) % RATES.len()];
        // Licences and the migration tool are bought, not worked.
        let fixed = match r.name.as_str() {
            "Data cleansing" => 1_200_000,
            "Solution design" => 250_000,
            _ => 0,
        };
        edits.push(BudgetEdit {
            task_id: r.task_id,
            version: 0,
            budget: Budget { rate, fixed },
        });
    }
    let v = costs::set_budgets(store, pmo, project_id, edits).await?;
    // The work done so far cost about 8 % more than it earned, booked a
    // week apart going back from today.
    let today = chrono::Utc::now().date_naive();
    let done: Vec<_> = v
        .rows
        .iter()
        .filter(|r| !r.summary && r.earned.ev > 0)
        .collect();
    let n = done.len() as i64;
    for (k, r) in done.iter().enumerate() {
        costs::add_entry(
            store,
            pmo,
            project_id,
            CostEntryInput {
                task_id: r.task_id,
                day: today - Duration::days(3 * (n - k as i64)),
                amount: r.earned.ev * 108 / 100,
                note: format!("Timesheets: {}", r.name),
            },
        )
        .await?;
    }
    deliverables(store, pmo, project_id).await
}

async fn deliverables(store: &Store, pmo: &Actor, project_id: i64) -> AppResult<()> {
    let criteria = |items: &[&str], met: bool| {
        items
            .iter()
            .map(|t| Criterion {
                text: (*t).to_owned(),
                met,
            })
            .collect::<Vec<_>>()
    };
    let q = quality::save_deliverable(
        store,
        pmo,
        project_id,
        None,
        0,
        DeliverableInput {
            name: "Requirements specification".into(),
            description: "Processes, roles and reports agreed with Northwind's sales leads.".into(),
            task_id: None,
            criteria: criteria(
                &[
                    "Every sales process has an owner",
                    "Reports listed with their filters",
                    "Signed by the customer's project lead",
                ],
                true,
            ),
        },
    )
    .await?;
    let spec = &q.deliverables[0];
    quality::sign_off(
        store,
        pmo,
        spec.id,
        spec.version,
        Some(SignOff {
            name: "Laura Callahan (Northwind)".into(),
            on: chrono::Utc::now().date_naive() - Duration::days(20),
        }),
    )
    .await?;
    let mut migrated = criteria(
        &[
            "All 2,400 accounts moved with their owners",
            "Open opportunities keep their stage",
            "No duplicate contacts",
        ],
        false,
    );
    migrated[0].met = true;
    let q = quality::save_deliverable(
        store,
        pmo,
        project_id,
        None,
        0,
        DeliverableInput {
            name: "Migrated data".into(),
            description: String::new(),
            task_id: None,
            criteria: migrated,
        },
    )
    .await?;
    let data = q
        .deliverables
        .iter()
        .find(|d| d.input.name == "Migrated data")
        .map(|d| d.id);
    quality::save_defect(
        store,
        pmo,
        project_id,
        None,
        0,
        DefectInput {
            title: "Contacts duplicated when an account has two addresses".into(),
            description: "Found in the trial migration.".into(),
            severity: Severity::High,
            status: DefectStatus::Open,
            deliverable_id: data,
        },
    )
    .await?;
    Ok(())
}
