//! The home dashboard's tiles and the targets behind them. Bodies resolve
//! the actor and call `cairn::store::dashboard`, which checks permissions.

use cairn::domain::AppError;
use cairn::domain::dashboard::{Dashboard, Targets};
use cairn::domain::user::TeamView;
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

/// The targets with their version and the teams a target can be set
/// for, for Admin › Targets (one call: the page's one blocking read).
#[server(endpoint = "get_targets")]
pub async fn get_targets() -> Result<(Targets, i64, Vec<TeamView>), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            let s = store()?;
            let (targets, version) = cairn::store::dashboard::targets(&s, &actor).await?;
            Ok((targets, version, cairn::store::users::teams(&s).await?))
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
