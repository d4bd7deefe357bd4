//! Quality and closeout of a project: deliverables and their sign-off,
//! defects, lessons learned, the archive and its reopening. Each body
//! resolves the actor and calls `cairn::store::projects::{quality,
//! closeout}`, which check who may.

use cairn::domain::AppError;
use cairn::domain::project::quality::{
    DefectInput, DeliverableInput, Lessons, QualityView, SignOff,
};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "project_quality")]
pub async fn project_quality(project_id: i64) -> Result<QualityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::quality::view(&store()?, &actor, project_id).await
        }
        .await,
    )
}

/// Creates (`id` none) or rewrites a deliverable at `version`.
#[server(endpoint = "deliverable_save", input = Json)]
pub async fn save_deliverable(
    project_id: i64,
    id: Option<i64>,
    version: i64,
    input: DeliverableInput,
) -> Result<QualityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::quality::save_deliverable(
                &store()?,
                &actor,
                project_id,
                id,
                version,
                input,
            )
            .await
        }
        .await,
    )
}

#[server(endpoint = "deliverable_delete", input = Json)]
pub async fn delete_deliverable(id: i64, version: i64) -> Result<QualityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::quality::delete_deliverable(&store()?, &actor, id, version)
                .await
        }
        .await,
    )
}

/// Records a sign-off (`Some`) or withdraws it (`None`).
#[server(endpoint = "deliverable_sign_off", input = Json)]
pub async fn sign_off_deliverable(
    id: i64,
    version: i64,
    signed: Option<SignOff>,
) -> Result<QualityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::quality::sign_off(&store()?, &actor, id, version, signed).await
        }
        .await,
    )
}

#[server(endpoint = "defect_save", input = Json)]
pub async fn save_defect(
    project_id: i64,
    id: Option<i64>,
    version: i64,
    input: DefectInput,
) -> Result<QualityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::quality::save_defect(
                &store()?,
                &actor,
                project_id,
                id,
                version,
                input,
            )
            .await
        }
        .await,
    )
}

/// Saves the lessons learned; with `archive`, closes the project out.
#[server(endpoint = "project_close", input = Json)]
pub async fn close_project(
    project_id: i64,
    version: i64,
    lessons: Lessons,
    archive: bool,
) -> Result<QualityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::closeout::close(
                &store()?,
                &actor,
                project_id,
                version,
                lessons,
                archive,
            )
            .await
        }
        .await,
    )
}

/// An admin reopens an archived project.
#[server(endpoint = "project_reopen", input = Json)]
pub async fn reopen_project(project_id: i64, version: i64) -> Result<QualityView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::closeout::reopen(&store()?, &actor, project_id, version).await
        }
        .await,
    )
}
