//! Users, teams, sign-in and profiles.

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::db::internal;
use super::entity::{team, user};
use super::password::PasswordHash;
use super::{Store, audit, sessions};
use crate::domain::user::{
    NewUser, ProfileEdit, TeamView, UserView, normalize_username, validate_display_name,
    validate_email, validate_new_user, validate_password,
};
use crate::domain::{Action, Actor, AppError, AppResult, Language, Resource, Role, authorize};

pub use super::sign_in::{FREE_ATTEMPTS, authenticate, resolve_session_user};

pub(super) fn view(u: user::Model, team: Option<team::Model>) -> UserView {
    UserView {
        id: u.id,
        username: u.username,
        display_name: u.display_name,
        email: u.email,
        role: Role::parse(&u.role).unwrap_or(Role::Viewer),
        team_id: u.team_id,
        team_name: team.map(|t| t.name),
        language: Language::from_tag(&u.language).unwrap_or_default(),
        active: u.active,
        version: u.version,
        created_at: u.created_at,
    }
}

pub(crate) fn actor_of(u: &user::Model) -> Actor {
    Actor {
        user_id: u.id,
        role: Role::parse(&u.role).unwrap_or(Role::Viewer),
        team_id: u.team_id,
    }
}

pub(super) async fn load_view<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<UserView> {
    let (u, t) = user::Entity::find_by_id(id)
        .find_also_related(team::Entity)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("user"))?;
    Ok(view(u, t))
}

/// The acting user for operator commands (`cairn import --as NAME`):
/// the active user of that username, or with `None` the first active
/// administrator. The operator has the database file, so this is not a
/// sign-in; what the actor may do is still checked by every service.
pub async fn operator_actor(store: &Store, username: Option<&str>) -> AppResult<Actor> {
    let mut q = user::Entity::find().filter(user::Column::Active.eq(true));
    q = match username {
        Some(u) => q.filter(user::Column::Username.eq(normalize_username(u))),
        None => q
            .filter(user::Column::Role.eq(Role::Admin.as_str()))
            .order_by_asc(user::Column::Id),
    };
    let u = q
        .one(store.conn())
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("active user"))?;
    Ok(actor_of(&u))
}

/// How many users exist (0 means first run: offer the setup page).
pub async fn count(store: &Store) -> AppResult<u64> {
    user::Entity::find()
        .count(store.conn())
        .await
        .map_err(internal)
}

async fn check_team<C: ConnectionTrait>(conn: &C, team_id: Option<i64>) -> AppResult<()> {
    if let Some(id) = team_id
        && team::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .is_none()
    {
        return Err(AppError::invalid("team", "does not exist"));
    }
    Ok(())
}

async fn insert_user<C: ConnectionTrait>(
    conn: &C,
    actor: Option<&Actor>,
    new: &NewUser,
) -> AppResult<UserView> {
    validate_new_user(new)?;
    let username = normalize_username(&new.username);
    if user::Entity::find()
        .filter(user::Column::Username.eq(&username))
        .one(conn)
        .await
        .map_err(internal)?
        .is_some()
    {
        return Err(AppError::invalid("username", "is already taken"));
    }
    check_team(conn, new.team_id).await?;
    let hash = PasswordHash::new(&new.password).await?;
    let now = Utc::now();
    let inserted = user::ActiveModel {
        username: Set(username),
        display_name: Set(new.display_name.trim().to_owned()),
        email: Set(new.email.trim().to_owned()),
        role: Set(new.role.as_str().to_owned()),
        team_id: Set(new.team_id),
        language: Set(Language::default().tag().to_owned()),
        password_hash: Set(hash.as_stored().to_owned()),
        active: Set(true),
        failed_logins: Set(0),
        locked_until: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    let v = load_view(conn, inserted.id).await?;
    audit::record(conn, actor, "user", v.id, "create", None::<&()>, Some(&v)).await?;
    Ok(v)
}

/// First run: creates the administrator, only while no user exists.
pub async fn setup_first_admin(store: &Store, mut new: NewUser) -> AppResult<UserView> {
    new.role = Role::Admin;
    let txn = store.write().await?;
    if user::Entity::find().count(&txn).await.map_err(internal)? > 0 {
        return Err(AppError::Forbidden);
    }
    let v = insert_user(&txn, None, &new).await?;
    txn.commit().await.map_err(internal)?;
    Ok(v)
}

/// Admin › Users › create.
pub async fn create(store: &Store, actor: &Actor, new: NewUser) -> AppResult<UserView> {
    authorize(actor, Action::Create, Resource::Users)?;
    let txn = store.write().await?;
    let v = insert_user(&txn, Some(actor), &new).await?;
    txn.commit().await.map_err(internal)?;
    Ok(v)
}

/// Creates a user with no acting user (CLI `admin create`, demo seed),
/// which run with the operator's authority over the database file.
pub async fn create_as_operator(store: &Store, new: NewUser) -> AppResult<UserView> {
    let txn = store.write().await?;
    let v = insert_user(&txn, None, &new).await?;
    txn.commit().await.map_err(internal)?;
    Ok(v)
}

pub async fn list(store: &Store, actor: &Actor) -> AppResult<Vec<UserView>> {
    authorize(actor, Action::Read, Resource::Users)?;
    let rows = user::Entity::find()
        .find_also_related(team::Entity)
        .order_by_asc(user::Column::Username)
        .all(store.conn())
        .await
        .map_err(internal)?;
    Ok(rows.into_iter().map(|(u, t)| view(u, t)).collect())
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<UserView> {
    authorize(actor, Action::Read, Resource::Profile { user_id: id })?;
    load_view(store.conn(), id).await
}

/// Active users, by name, for owner and assignee pickers.
pub async fn directory(store: &Store) -> AppResult<Vec<crate::domain::user::Colleague>> {
    let rows = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(store.conn())
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|u| crate::domain::user::Colleague {
            id: u.id,
            name: u.display_name,
            team_id: u.team_id,
        })
        .collect())
}

pub async fn teams(store: &Store) -> AppResult<Vec<TeamView>> {
    let rows = team::Entity::find()
        .order_by_asc(team::Column::Name)
        .all(store.conn())
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|t| TeamView {
            id: t.id,
            name: t.name,
        })
        .collect())
}

/// Creates a team (or returns the existing one of that name).
pub async fn ensure_team(store: &Store, name: &str) -> AppResult<TeamView> {
    let txn = store.write().await?;
    let existing = team::Entity::find()
        .filter(team::Column::Name.eq(name))
        .one(&txn)
        .await
        .map_err(internal)?;
    let t = match existing {
        Some(t) => t,
        None => {
            let t = team::ActiveModel {
                name: Set(name.to_owned()),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(&txn)
            .await
            .map_err(internal)?;
            let tv = TeamView {
                id: t.id,
                name: t.name.clone(),
            };
            audit::record(&txn, None, "team", t.id, "create", None::<&()>, Some(&tv)).await?;
            t
        }
    };
    txn.commit().await.map_err(internal)?;
    Ok(TeamView {
        id: t.id,
        name: t.name,
    })
}

/// Applies `changes` to user `id` only if its version is still `version`
/// (compare-and-set in one UPDATE, so two writers can never both win), then
/// audits before/after. The pattern every versioned entity follows.
async fn update_versioned<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    id: i64,
    version: i64,
    audit_action: &str,
    changes: Vec<(user::Column, sea_orm::sea_query::SimpleExpr)>,
) -> AppResult<UserView> {
    use sea_orm::sea_query::ExprTrait;
    let before = load_view(conn, id).await?;
    let mut q = user::Entity::update_many()
        .col_expr(
            user::Column::Version,
            Expr::col(user::Column::Version).add(1),
        )
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()));
    for (col, expr) in changes {
        q = q.col_expr(col, expr);
    }
    let res = q
        .filter(user::Column::Id.eq(id))
        .filter(user::Column::Version.eq(version))
        .exec(conn)
        .await
        .map_err(internal)?;
    if res.rows_affected == 0 {
        return Err(AppError::Conflict {
            entity: "user".into(),
            current_version: before.version,
        });
    }
    let after = load_view(conn, id).await?;
    audit::record(
        conn,
        Some(actor),
        "user",
        id,
        audit_action,
        Some(&before),
        Some(&after),
    )
    .await?;
    Ok(after)
}

/// Edits one's own profile (or, as admin, anyone's).
pub async fn update_profile(
    store: &Store,
    actor: &Actor,
    id: i64,
    edit: ProfileEdit,
) -> AppResult<UserView> {
    authorize(actor, Action::Update, Resource::Profile { user_id: id })?;
    validate_display_name(&edit.display_name)?;
    validate_email(&edit.email)?;
    let txn = store.write().await?;
    let v = update_versioned(
        &txn,
        actor,
        id,
        edit.version,
        "update_profile",
        vec![
            (
                user::Column::DisplayName,
                Expr::value(edit.display_name.trim()),
            ),
            (user::Column::Email, Expr::value(edit.email.trim())),
        ],
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(v)
}

pub async fn set_role(
    store: &Store,
    actor: &Actor,
    id: i64,
    role: Role,
    version: i64,
) -> AppResult<UserView> {
    authorize(actor, Action::Update, Resource::Users)?;
    if id == actor.user_id && role != Role::Admin {
        return Err(AppError::invalid(
            "role",
            "you cannot take the administrator role from yourself",
        ));
    }
    let txn = store.write().await?;
    let v = update_versioned(
        &txn,
        actor,
        id,
        version,
        "set_role",
        vec![(user::Column::Role, Expr::value(role.as_str()))],
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(v)
}

/// Enables or disables a user. Disabling ends all their sessions in the
/// same transaction, so their open browser is signed out at its next request.
pub async fn set_active(
    store: &Store,
    actor: &Actor,
    id: i64,
    active: bool,
    version: i64,
) -> AppResult<UserView> {
    authorize(actor, Action::Update, Resource::Users)?;
    if id == actor.user_id && !active {
        return Err(AppError::invalid("active", "you cannot disable yourself"));
    }
    let txn = store.write().await?;
    let v = update_versioned(
        &txn,
        actor,
        id,
        version,
        if active { "enable" } else { "disable" },
        vec![(user::Column::Active, Expr::value(active))],
    )
    .await?;
    if !active {
        sessions::end_all_for_user(&txn, id).await?;
    }
    txn.commit().await.map_err(internal)?;
    Ok(v)
}

/// The UI language is a preference, not shared data: last write wins and
/// it does not bump the row's version (it cannot clobber a profile edit).
pub async fn set_language(store: &Store, actor: &Actor, language: Language) -> AppResult<()> {
    authorize(
        actor,
        Action::Update,
        Resource::Profile {
            user_id: actor.user_id,
        },
    )?;
    let txn = store.write().await?;
    user::Entity::update_many()
        .col_expr(user::Column::Language, Expr::value(language.tag()))
        .filter(user::Column::Id.eq(actor.user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    audit::record(
        &txn,
        Some(actor),
        "user",
        actor.user_id,
        "set_language",
        None::<&()>,
        Some(&language),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(())
}

/// Changes one's own password after checking the current one, and ends all
/// of the user's sessions (the caller re-establishes its own).
pub async fn change_password(
    store: &Store,
    actor: &Actor,
    current: &str,
    new: &str,
) -> AppResult<()> {
    authorize(
        actor,
        Action::Update,
        Resource::Profile {
            user_id: actor.user_id,
        },
    )?;
    let u = user::Entity::find_by_id(actor.user_id)
        .one(store.conn())
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("user"))?;
    if !PasswordHash::from_stored(u.password_hash)
        .verify(current)
        .await
    {
        return Err(AppError::invalid(
            "current_password",
            "is not your current password",
        ));
    }
    validate_password(new).map_err(|_| {
        AppError::invalid(
            "new_password",
            format!(
                "must be {}–{} characters and not a common password",
                crate::domain::user::MIN_PASSWORD_LEN,
                crate::domain::user::MAX_PASSWORD_LEN
            ),
        )
    })?;
    if new == current {
        return Err(AppError::invalid(
            "new_password",
            "must differ from the current one",
        ));
    }
    let hash = PasswordHash::new(new).await?;
    let txn = store.write().await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, Expr::value(hash.as_stored()))
        .col_expr(user::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(user::Column::Id.eq(actor.user_id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    sessions::end_all_for_user(&txn, actor.user_id).await?;
    audit::record(
        &txn,
        Some(actor),
        "user",
        actor.user_id,
        "change_password",
        None::<&()>,
        None::<&()>,
    )
    .await?;
    txn.commit().await.map_err(internal)
}
