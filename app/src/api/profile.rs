//! The signed-in user's own profile.

use cairn::domain::AppError;
use cairn::domain::user::UserView;
use leptos::prelude::*;

#[server(endpoint = "my_profile")]
pub async fn my_profile() -> Result<UserView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::users::get(&store()?, &actor, actor.user_id).await
        }
        .await,
    )
}

/// Saves name and email if nobody else saved since `version`; otherwise
/// `Conflict` and nothing is written.
#[server(endpoint = "update_profile")]
pub async fn update_profile(
    display_name: String,
    email: String,
    version: i64,
) -> Result<UserView, AppError> {
    use super::server::*;
    use cairn::domain::user::ProfileEdit;
    respond(
        async {
            let (actor, _) = actor().await?;
            let edit = ProfileEdit {
                display_name,
                email,
                version,
            };
            cairn::store::users::update_profile(&store()?, &actor, actor.user_id, edit).await
        }
        .await,
    )
}

/// Changes the password, ends every session of the user, and keeps this
/// browser signed in under a fresh session id.
#[server(endpoint = "change_password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::users::change_password(
                &store()?,
                &actor,
                &current_password,
                &new_password,
            )
            .await?;
            let session = session().await?;
            session.cycle_id().await.map_err(session_err)?;
            Ok(())
        }
        .await,
    )
}
