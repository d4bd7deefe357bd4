//! Helpers the customer services share.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Select,
};

use crate::domain::customer::{ListQuery, Named};
use crate::domain::{
    Action, Actor, AppError, AppResult, Module, Resource, Scope, authorize, read_scope,
};
use crate::store::db::internal;
use crate::store::entity::{team, user};

/// The resource a customer record is, for [`authorize`].
pub fn record(owner_id: Option<i64>, team_id: Option<i64>) -> Resource {
    record_in(Module::Customers, owner_id, team_id)
}

/// The resource a record of `module` is, for [`authorize`].
pub fn record_in(module: Module, owner_id: Option<i64>, team_id: Option<i64>) -> Resource {
    Resource::Record {
        module,
        owner_id,
        team_id,
    }
}

/// Reading a record the actor may not see is "not found", not "forbidden":
/// a sales person should not learn which ids exist in other teams.
pub fn authorize_read(
    actor: &Actor,
    owner_id: Option<i64>,
    team_id: Option<i64>,
    entity: &str,
) -> AppResult<()> {
    authorize_read_in(actor, Module::Customers, owner_id, team_id, entity)
}

/// [`authorize_read`] for a record of `module`.
pub fn authorize_read_in(
    actor: &Actor,
    module: Module,
    owner_id: Option<i64>,
    team_id: Option<i64>,
    entity: &str,
) -> AppResult<()> {
    authorize(actor, Action::Read, record_in(module, owner_id, team_id))
        .map_err(|_| AppError::not_found(entity))
}

/// The owner and team a new or edited record gets: the owner defaults to
/// the actor, the team to the owner's team. The owner must be an active
/// user and the team must exist; the actor must be allowed to write a
/// record with that owner and team (a sales person cannot hand a record
/// to another team).
pub async fn owner_and_team<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    owner_id: Option<i64>,
    team_id: Option<i64>,
    action: Action,
) -> AppResult<(Option<i64>, Option<i64>)> {
    owner_and_team_in(conn, actor, Module::Customers, owner_id, team_id, action).await
}

/// [`owner_and_team`] for a record of `module`.
pub async fn owner_and_team_in<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    module: Module,
    owner_id: Option<i64>,
    team_id: Option<i64>,
    action: Action,
) -> AppResult<(Option<i64>, Option<i64>)> {
    let owner_id = owner_id.unwrap_or(actor.user_id);
    let owner = user::Entity::find_by_id(owner_id)
        .one(conn)
        .await
        .map_err(internal)?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::invalid("owner", "is not an active user"))?;
    let team_id = match team_id {
        Some(t) => {
            if team::Entity::find_by_id(t)
                .one(conn)
                .await
                .map_err(internal)?
                .is_none()
            {
                return Err(AppError::invalid("team", "does not exist"));
            }
            Some(t)
        }
        None => owner.team_id,
    };
    // Those who work their own team's records cannot place one in
    // another team (they would be handing it out of their own sight).
    if let Scope::OwnAndTeam { team_id: mine, .. } = read_scope(actor, module)
        && team_id.is_some()
        && team_id != mine
    {
        return Err(AppError::Forbidden);
    }
    authorize(actor, action, record_in(module, Some(owner_id), team_id))?;
    Ok((Some(owner_id), team_id))
}

/// Display names of users and teams, in one query each.
#[derive(Default)]
pub struct Names {
    users: HashMap<i64, String>,
    teams: HashMap<i64, String>,
}

impl Names {
    pub async fn load<C: ConnectionTrait>(
        conn: &C,
        user_ids: impl IntoIterator<Item = Option<i64>>,
        team_ids: impl IntoIterator<Item = Option<i64>>,
    ) -> AppResult<Names> {
        let u: HashSet<i64> = user_ids.into_iter().flatten().collect();
        let t: HashSet<i64> = team_ids.into_iter().flatten().collect();
        let mut names = Names::default();
        if !u.is_empty() {
            for m in user::Entity::find()
                .filter(user::Column::Id.is_in(u))
                .all(conn)
                .await
                .map_err(internal)?
            {
                names.users.insert(m.id, m.display_name);
            }
        }
        if !t.is_empty() {
            for m in team::Entity::find()
                .filter(team::Column::Id.is_in(t))
                .all(conn)
                .await
                .map_err(internal)?
            {
                names.teams.insert(m.id, m.name);
            }
        }
        Ok(names)
    }

    pub fn user(&self, id: Option<i64>) -> Option<Named> {
        let id = id?;
        Some(Named {
            id,
            name: self.users.get(&id).cloned().unwrap_or_default(),
        })
    }

    pub fn team(&self, id: Option<i64>) -> Option<Named> {
        let id = id?;
        Some(Named {
            id,
            name: self.teams.get(&id).cloned().unwrap_or_default(),
        })
    }
}

/// The SQL condition for "records in this scope".
pub fn scope_condition(
    scope: Scope,
    owner_col: impl ColumnTrait,
    team_col: impl ColumnTrait,
) -> AppResult<Condition> {
    Ok(match scope {
        Scope::None => return Err(AppError::Forbidden),
        Scope::All => Condition::all(),
        Scope::OwnAndTeam { user_id, team_id } => {
            let mut c = Condition::any().add(owner_col.eq(user_id));
            if let Some(t) = team_id {
                c = c.add(team_col.eq(t));
            }
            c
        }
    })
}

/// Compare-and-set update of a versioned row in `table`: applies `sets`,
/// bumps `version` and `updated_at`, only if `version` is still the one the
/// editor saw. `Ok(false)` means someone else saved first.
pub async fn cas_update<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    id: i64,
    version: i64,
    sets: Vec<(&'static str, SimpleExpr)>,
) -> AppResult<bool> {
    let mut q = Query::update();
    q.table(Alias::new(table))
        .value(
            Alias::new("version"),
            Expr::col(Alias::new("version")).add(1),
        )
        .value(Alias::new("updated_at"), Expr::value(Utc::now()));
    for (col, v) in sets {
        q.value(Alias::new(col), v);
    }
    q.and_where(Expr::col(Alias::new("id")).eq(id))
        .and_where(Expr::col(Alias::new("version")).eq(version));
    let res = conn.execute(&q).await.map_err(internal)?;
    Ok(res.rows_affected() == 1)
}

pub fn conflict(entity: &str, current_version: i64) -> AppError {
    AppError::Conflict {
        entity: entity.to_owned(),
        current_version,
    }
}

pub fn tags_json(tags: &[String]) -> String {
    serde_json::to_string(tags).unwrap_or_else(|_| "[]".to_owned())
}

pub fn tags_from_json(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

/// Lists count their matches exactly up to this many; beyond it they say
/// "1000+". Counting is a lookup per matching row (to check it is live and
/// in the reader's scope): exact counts of 10k–100k rows cost tens of
/// milliseconds, more than the page itself, for a number nobody pages to.
pub const COUNT_CAP: u64 = 1_000;

/// The most rows one export writes (an XLSX sheet holds about a million;
/// a file this size already takes a spreadsheet a while to open).
pub const EXPORT_CAP: u64 = 200_000;

/// All the rows `select` matches, for an export: refused when there are
/// more than [`EXPORT_CAP`] (the query asks for one more to know).
pub async fn export_rows<C, E>(conn: &C, select: Select<E>) -> AppResult<Vec<E::Model>>
where
    C: ConnectionTrait,
    E: EntityTrait,
{
    let models = select
        .limit(EXPORT_CAP + 1)
        .all(conn)
        .await
        .map_err(internal)?;
    if models.len() as u64 > EXPORT_CAP {
        return Err(AppError::invalid(
            "filter",
            format!("matches more than {EXPORT_CAP} records; narrow it to export"),
        ));
    }
    Ok(models)
}

/// The number of rows `select` matches, up to `cap` (normally
/// [`COUNT_CAP`]) or the end of the requested page if that is further,
/// and whether there are more.
pub async fn capped_count<C, E>(
    conn: &C,
    select: Select<E>,
    q: &ListQuery,
    cap: u64,
) -> AppResult<(u64, bool)>
where
    C: ConnectionTrait,
    E: EntityTrait,
{
    let cap = Ord::max(cap, q.offset() + u64::from(q.per_page));
    let inner = select
        .select_only()
        .column_as(Expr::val(1), "one")
        .limit(cap + 1)
        .into_query();
    let count = Query::select()
        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
        .from_subquery(inner, Alias::new("capped"))
        .to_owned();
    let n: i64 = conn
        .query_one(&count)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::Internal("COUNT returned no row".into()))?
        .try_get("", "n")
        .map_err(internal)?;
    let n = u64::try_from(n).unwrap_or(0);
    Ok((Ord::min(n, cap), n > cap))
}

/// Records whose `title` column, or whose account's name, contains
/// `text` (case-insensitive, `%` and `_` taken literally); `None` for
/// blank text. Shared by the deal board's and the project list's search.
pub fn title_or_account_like<C>(text: &str, title: C, account_id: C) -> Option<Condition>
where
    C: ColumnTrait + sea_orm::sea_query::IntoColumnRef + Copy,
{
    use sea_orm::sea_query::{Func, LikeExpr};
    let text = text.trim().to_lowercase();
    if text.is_empty() {
        return None;
    }
    let pattern = format!(
        "%{}%",
        text.replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let like = || LikeExpr::new(pattern.clone()).escape('\\');
    let accounts = Query::select()
        .column(crate::store::entity::account::Column::Id)
        .from(crate::store::entity::account::Entity)
        .and_where(
            Expr::expr(Func::lower(Expr::col(
                crate::store::entity::account::Column::Name,
            )))
            .like(like()),
        )
        .to_owned();
    Some(
        Condition::any()
            .add(Expr::expr(Func::lower(Expr::col(title))).like(like()))
            .add(account_id.in_subquery(accounts)),
    )
}
