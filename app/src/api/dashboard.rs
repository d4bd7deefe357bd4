//! The home dashboard's tiles and the targets behind them. Bodies resolve
//! the actor and call `cairn::store::dashboard`, which checks permissions.

use cairn::domain::AppError;
use cairn::domain::dashboard::{Dashboard, Targets};
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

/// The reader's tiles (only for modules they may read).
#[server(endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::dashboard::dashboard(&store()?, &actor).await
        }
        .await,
    )
}

/// The targets with their version, for Admin › Targets.
#[server(endpoint = "get_targets")]
pub async fn get_targets() -> Result<(Targets, i64), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::dashboard::targets(&store()?, &actor).await
        }
        .await,
    )
}

#[server(endpoint = "save_targets", input = Json)]
pub async fn save_targets(targets: Targets, version: i64) -> Result<(Targets, i64), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::dashboard::set_targets(&store()?, &actor, targets, version).await
        }
        .await,
    )
}
