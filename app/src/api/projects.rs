//! Projects: the list, the project record, the plan and its edits, and
//! baselines. Every body resolves the actor and calls one
//! `cairn::store::projects` service, which checks the permission.

use cairn::domain::AppError;
use cairn::domain::customer::Page;
use cairn::domain::project::*;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "projects_list", input = Json)]
pub async fn list_projects(query: ProjectQuery) -> Result<Page<ProjectSummary>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::list(&store()?, &actor, &query).await
        }
        .await,
    )
}

#[server(endpoint = "project_create", input = Json)]
pub async fn create_project(input: ProjectInput) -> Result<ProjectSummary, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::create(&store()?, &actor, input).await
        }
        .await,
    )
}

#[server(endpoint = "project_update", input = Json)]
pub async fn update_project(
    id: i64,
    version: i64,
    input: ProjectInput,
) -> Result<ProjectSummary, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::update(&store()?, &actor, id, version, input).await
        }
        .await,
    )
}

/// Everything the project page shows (tasks, links, people, baselines).
/// (The return type is spelled in full: the macro names this function's
/// argument struct `ProjectPlan`, which shadows the glob import.)
#[server(endpoint = "project_plan")]
pub async fn project_plan(id: i64) -> Result<cairn::domain::project::ProjectPlan, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::plan(&store()?, &actor, id).await
        }
        .await,
    )
}

/// One user action on the plan, all or nothing.
#[server(endpoint = "project_edit", input = Json)]
pub async fn edit_plan(batch: EditBatch) -> Result<EditResult, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::edit(&store()?, &actor, batch).await
        }
        .await,
    )
}

#[server(endpoint = "project_baseline_save", input = Json)]
pub async fn save_baseline(project_id: i64, name: String) -> Result<BaselineInfo, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::save_baseline(&store()?, &actor, project_id, &name).await
        }
        .await,
    )
}

#[server(endpoint = "project_baseline_bars")]
pub async fn baseline_bars(baseline_id: i64) -> Result<Vec<BaselineBar>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::baseline_bars(&store()?, &actor, baseline_id).await
        }
        .await,
    )
}
