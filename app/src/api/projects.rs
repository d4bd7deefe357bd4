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

/// A new project, its plan built from `template_id` when one is given.
#[server(endpoint = "project_create", input = Json)]
pub async fn create_project(
    input: ProjectInput,
    template_id: Option<i64>,
) -> Result<ProjectSummary, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::start::create(&store()?, &actor, input, template_id).await
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
/// Not `project_plan`: the macro would name its argument struct `ProjectPlan`,
/// shadowing the domain type.
#[server(endpoint = "project_plan")]
pub async fn load_project_plan(id: i64) -> Result<ProjectPlan, AppError> {
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

/// A Microsoft Project file (MSPDI XML) as a new project. The file comes
/// as the import wizard's [`Upload`](cairn::domain::import::Upload)
/// (base64 in JSON); the store decides what it becomes and checks that
/// the caller may create projects.
#[server(endpoint = "project_import_file", input = Json)]
pub async fn import_project_file(
    upload: cairn::domain::import::Upload,
    options: interchange::ImportOptions,
) -> Result<interchange::ImportedProject, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            // Decided before the file is read (the store decides again).
            cairn::domain::authorize_writer(&actor, cairn::domain::Module::Projects)?;
            let bytes = upload.bytes()?;
            let xml = interchange::read::decode(&bytes)?;
            cairn::store::projects::import_mspdi(&store()?, &actor, &xml, &options).await
        }
        .await,
    )
}

/// The project's risk register, highest score first.
#[server(endpoint = "project_risks")]
pub async fn project_risks(project_id: i64) -> Result<Vec<risk::RiskView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::risks::list(&store()?, &actor, project_id).await
        }
        .await,
    )
}

#[server(endpoint = "project_risk_create", input = Json)]
pub async fn create_risk(
    project_id: i64,
    input: risk::RiskInput,
) -> Result<risk::RiskView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::risks::create(&store()?, &actor, project_id, input).await
        }
        .await,
    )
}

/// Replaces a risk's fields if `version` is still current (a conflict
/// otherwise: someone else changed it).
#[server(endpoint = "project_risk_update", input = Json)]
pub async fn update_risk(
    id: i64,
    version: i64,
    input: risk::RiskInput,
) -> Result<risk::RiskView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::risks::update(&store()?, &actor, id, version, input).await
        }
        .await,
    )
}

#[server(endpoint = "project_risk_delete", input = Json)]
pub async fn delete_risk(id: i64, version: i64) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::risks::delete(&store()?, &actor, id, version).await
        }
        .await,
    )
}

/// The project's status report (summary, milestones, critical path, top
/// risks, earned value, open changes).
#[server(endpoint = "project_status_report")]
pub async fn project_status_report(project_id: i64) -> Result<report::StatusReport, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::report::status_report(&store()?, &actor, project_id).await
        }
        .await,
    )
}
