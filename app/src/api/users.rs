//! Admin › Users.

use cairn::domain::AppError;
use cairn::domain::user::{TeamView, UserView};
use leptos::prelude::*;

#[server(endpoint = "list_users")]
pub async fn list_users() -> Result<Vec<UserView>, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::users::list(&store()?, &actor).await
        }
        .await,
    )
}

#[server(endpoint = "list_teams")]
pub async fn list_teams() -> Result<Vec<TeamView>, AppError> {
    use super::server::*;
    respond(
        async {
            actor().await?;
            cairn::store::users::teams(&store()?).await
        }
        .await,
    )
}

#[server(endpoint = "create_user")]
pub async fn create_user(
    username: String,
    display_name: String,
    email: String,
    role: String,
    team: String,
    password: String,
) -> Result<UserView, AppError> {
    use super::server::*;
    use cairn::domain::{Role, user::NewUser};
    respond(
        async {
            let (actor, _) = actor().await?;
            // Decided before the input is read (the store decides again).
            cairn::domain::authorize(
                &actor,
                cairn::domain::Action::Update,
                cairn::domain::Resource::Users,
            )?;
            let role =
                Role::parse(&role).ok_or_else(|| AppError::invalid("role", "is not a role"))?;
            let team_id = match team.trim() {
                "" => None,
                t => Some(
                    t.parse::<i64>()
                        .map_err(|_| AppError::invalid("team", "does not exist"))?,
                ),
            };
            let new = NewUser {
                username,
                display_name,
                email,
                role,
                team_id,
                password,
            };
            cairn::store::users::create(&store()?, &actor, new).await
        }
        .await,
    )
}

#[server(endpoint = "set_user_role")]
pub async fn set_user_role(id: i64, role: String, version: i64) -> Result<UserView, AppError> {
    use super::server::*;
    use cairn::domain::Role;
    respond(
        async {
            let (actor, _) = actor().await?;
            // Decided before the input is read (the store decides again).
            cairn::domain::authorize(
                &actor,
                cairn::domain::Action::Update,
                cairn::domain::Resource::Users,
            )?;
            let role =
                Role::parse(&role).ok_or_else(|| AppError::invalid("role", "is not a role"))?;
            cairn::store::users::set_role(&store()?, &actor, id, role, version).await
        }
        .await,
    )
}

#[server(endpoint = "set_user_active")]
pub async fn set_user_active(id: i64, active: bool, version: i64) -> Result<UserView, AppError> {
    use super::server::*;
    respond(
        async {
            let (actor, _) = actor().await?;
            cairn::store::users::set_active(&store()?, &actor, id, active, version).await
        }
        .await,
    )
}
