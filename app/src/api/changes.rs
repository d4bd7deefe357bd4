//! Change control: a project's change requests (its change log), their
//! drafts and each step of their status. Each body resolves the actor
//! and calls `cairn::store::projects::changes`, which checks who may.

use cairn::domain::AppError;
use cairn::domain::project::change_control::{ChangeRequestInput, ChangeRequestView, CrStatus};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[server(endpoint = "project_changes")]
pub async fn project_changes(project_id: i64) -> Result<Vec<ChangeRequestView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::changes::list(&store()?, &actor, project_id).await
        }
        .await,
    )
}

/// Creates a draft (`id` is `None`) or rewrites one if `version` is
/// still current.
#[server(endpoint = "change_request_save", input = Json)]
pub async fn save_change_request(
    project_id: i64,
    id: Option<i64>,
    version: i64,
    input: ChangeRequestInput,
) -> Result<ChangeRequestView, AppError> {
    use super::server::*;
    use cairn::store::projects::changes;
    respond(
        async {
            let (actor, _) = actor().await?;
            let store = store()?;
            match id {
                Some(id) => changes::update(&store, &actor, id, version, input).await,
                None => changes::create(&store, &actor, project_id, input).await,
            }
        }
        .await,
    )
}

/// One step: submit, withdraw, approve, reject or implement.
#[server(endpoint = "change_request_move", input = Json)]
pub async fn move_change_request(
    id: i64,
    version: i64,
    to: CrStatus,
    note: String,
) -> Result<ChangeRequestView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::projects::changes::move_to(&store()?, &actor, id, version, to, note).await
        }
        .await,
    )
}
