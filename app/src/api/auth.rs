//! Sign-in, sign-out, first-run setup, language, and what the shell needs
//! to know about the session.

use cairn::domain::user::UserView;
use cairn::domain::{AppError, Language};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What the app shell renders from: who is signed in, in which language.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionState {
    pub user: Option<UserView>,
    pub language: Language,
    /// No user exists yet: the setup page creates the administrator.
    pub needs_setup: bool,
}

#[server(endpoint = "session_info")]
pub async fn session_info() -> Result<SessionState, AppError> {
    use super::server::*;
    let user = current_user().await.0.map(|(_, v)| v);
    let needs_setup = match user {
        Some(_) => false,
        None => cairn::store::users::count(&store()?).await? == 0,
    };
    Ok(SessionState {
        user,
        language: request_language().await,
        needs_setup,
    })
}

#[server(endpoint = "login")]
pub async fn login(username: String, password: String) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let user = cairn::store::users::authenticate(&store()?, &username, &password).await?;
            sign_in(user.id).await?;
            set_language_cookie(user.language);
            Ok(())
        }
        .await,
    )
}

/// Puts `user_id` into a fresh session id (rotation defeats fixation).
#[cfg(feature = "ssr")]
async fn sign_in(user_id: i64) -> Result<(), AppError> {
    use super::server::*;
    use cairn::store::sessions::{SIGNED_IN_AT_KEY, USER_KEY};
    let session = session().await?;
    session.cycle_id().await.map_err(session_err)?;
    session
        .insert(USER_KEY, user_id)
        .await
        .map_err(session_err)?;
    session
        .insert(SIGNED_IN_AT_KEY, chrono::Utc::now().timestamp())
        .await
        .map_err(session_err)?;
    Ok(())
}

#[server(endpoint = "logout")]
pub async fn logout() -> Result<(), AppError> {
    use super::server::*;
    let session = session().await?;
    respond(session.flush().await.map_err(session_err))
}

/// First run only: creates the administrator and signs them in.
#[server(endpoint = "setup_admin")]
pub async fn setup_admin(
    username: String,
    display_name: String,
    email: String,
    password: String,
) -> Result<(), AppError> {
    use super::server::*;
    use cairn::domain::{Role, user::NewUser};
    respond(
        async {
            let new = NewUser {
                username,
                display_name,
                email,
                role: Role::Admin,
                team_id: None,
                password,
            };
            let user = cairn::store::users::setup_first_admin(&store()?, new).await?;
            sign_in(user.id).await
        }
        .await,
    )
}

/// Switches the UI language: remembered on the user (when signed in) and in
/// a cookie (for the sign-in page).
#[server(endpoint = "set_language")]
pub async fn set_language(tag: String) -> Result<(), AppError> {
    use super::server::*;
    respond(
        async {
            let lang = Language::from_tag(&tag)
                .ok_or_else(|| AppError::invalid("language", "is not supported"))?;
            if let Some((actor, _)) = current_user().await.0 {
                cairn::store::users::set_language(&store()?, &actor, lang).await?;
            }
            set_language_cookie(lang);
            Ok(())
        }
        .await,
    )
}
