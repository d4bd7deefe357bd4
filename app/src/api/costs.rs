//! Costs and earned value of a project: the Costs tab, budgets, cost
//! entries and the cost settings. Each body resolves the actor and calls
//! `cairn::store::projects::costs`, which checks who may.

use cairn::domain::AppError;
use cairn::domain::project::costs::{BudgetEdit, CostEntryInput, CostSettings, CostView};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "project_costs")]
pub async fn project_costs(project_id: i64) -> Result<CostView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::costs::view(&store()?, &actor, project_id).await
        }
        .await,
    )
}

/// Budgets of several tasks, each against the version it was read at.
#[server(endpoint = "project_budgets_save", input = Json)]
pub async fn save_budgets(project_id: i64, edits: Vec<BudgetEdit>) -> Result<CostView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::costs::set_budgets(&store()?, &actor, project_id, edits).await
        }
        .await,
    )
}

#[server(endpoint = "cost_entry_add", input = Json)]
pub async fn add_cost_entry(project_id: i64, input: CostEntryInput) -> Result<CostView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::costs::add_entry(&store()?, &actor, project_id, input).await
        }
        .await,
    )
}

#[server(endpoint = "cost_entry_remove", input = Json)]
pub async fn remove_cost_entry(project_id: i64, entry_id: i64) -> Result<CostView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::costs::remove_entry(&store()?, &actor, project_id, entry_id)
                .await
        }
        .await,
    )
}

/// The status date (none: today) and the currency of the project's costs.
#[server(endpoint = "project_cost_settings", input = Json)]
pub async fn save_cost_settings(
    project_id: i64,
    version: i64,
    settings: CostSettings,
) -> Result<CostView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::costs::set_settings(
                &store()?,
                &actor,
                project_id,
                version,
                settings,
            )
            .await
        }
        .await,
    )
}
