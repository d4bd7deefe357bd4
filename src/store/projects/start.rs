//! New projects with a plan: from a template (the project form), and the
//! delivery project of a won deal (the board's and the deal page's
//! offer).
//!
//! Who may start a deal's delivery project: whoever may create projects,
//! and also the person who may change the deal (its owner, their team's
//! manager) — the salesperson who won it hands it over. They cannot
//! manage a project themselves unless their role can, so they name a
//! manager who can (a PMO or an admin).

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::edit::apply_changes;
use super::{ENTITY, golive, records, rows, templates};
use crate::domain::customer::Named;
use crate::domain::permission::{Access, access};
use crate::domain::project::delivery::{StartOffer, StartProject, TemplateChoice, won_notice};
use crate::domain::project::template::Built;
use crate::domain::project::{Person, ProjectInput, ProjectState, ProjectStatus, ProjectSummary};
use crate::domain::{
    Action, Actor, AppError, AppResult, Language, Module, Resource, Role, allowed, authorize,
};
use crate::store::automation::notifications::tell;
use crate::store::customers::common::authorize_read_in;
use crate::store::db::internal;
use crate::store::entity::{account, deal, project, user};
use crate::store::{Backend, Store, audit};

/// The language names from a template are taken in: the creator's.
async fn language_of<C: ConnectionTrait>(conn: &C, user_id: i64) -> AppResult<Language> {
    Ok(user::Entity::find_by_id(user_id)
        .one(conn)
        .await
        .map_err(internal)?
        .and_then(|u| Language::from_tag(&u.language))
        .unwrap_or_default())
}

/// The template's plan in the creator's language; an unknown or deleted
/// template is the input's fault.
async fn built<C: ConnectionTrait>(conn: &C, actor: &Actor, template_id: i64) -> AppResult<Built> {
    let template = templates::live(conn, template_id)
        .await
        .map_err(|e| match e {
            AppError::NotFound { .. } => AppError::invalid("template_id", "is not a template"),
            other => other,
        })?;
    template.body.build(language_of(conn, actor.user_id).await?)
}

/// Builds `built` in project `pid`'s empty plan inside `txn`, remembers
/// its go-live milestone, schedules it and writes the figures.
pub(crate) async fn plant<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    pid: i64,
    built: &Built,
) -> AppResult<()> {
    let mut state = ProjectState::default();
    let applied = apply_changes(txn, pid, &mut state, &built.changes).await?;
    let go_live = built.go_live.and_then(|temp| {
        applied
            .new_tasks
            .iter()
            .find(|(t, _)| *t == temp)
            .map(|(_, id)| *id)
    });
    project::Entity::update_many()
        .col_expr(project::Column::GoLiveTaskId, Expr::value(go_live))
        .filter(project::Column::Id.eq(pid))
        .exec(txn)
        .await
        .map_err(internal)?;
    let m = project::Entity::find_by_id(pid)
        .one(txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))?;
    let (c, s) = rows::schedule(txn, &m, &state).await?;
    golive::write_figures(txn, Some(actor), &m, &c, &s).await?;
    audit::record(
        txn,
        Some(actor),
        ENTITY,
        pid,
        "plan_edit",
        None::<&()>,
        Some(&serde_json::json!({
            "changes": built.changes,
            "new_tasks": applied.new_tasks,
            "new_links": applied.new_links,
        })),
    )
    .await
}

async fn summary_of<C: ConnectionTrait>(conn: &C, pid: i64) -> AppResult<ProjectSummary> {
    let m = project::Entity::find_by_id(pid)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))?;
    rows::summary(conn, &m).await
}

/// A new project whose plan is `template_id`'s (or empty), in one
/// transaction.
#[tracing::instrument(skip(store))]
pub async fn create(
    store: &Store,
    actor: &Actor,
    input: ProjectInput,
    template_id: Option<i64>,
) -> AppResult<ProjectSummary> {
    let Some(template_id) = template_id else {
        return records::create(store, actor, input).await;
    };
    authorize(actor, Action::Create, Resource::Module(Module::Projects))?;
    let name = input.validate()?;
    let txn = store.write().await?;
    let plan = built(&txn, actor, template_id).await?;
    let p = records::insert(&txn, actor, &input, name).await?;
    plant(&txn, actor, p.id, &plan).await?;
    let after = summary_of(&txn, p.id).await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// A new project with a ready-made plan (the demo data).
pub(crate) async fn create_planned(
    store: &Store,
    actor: &Actor,
    input: ProjectInput,
    plan: &Built,
) -> AppResult<ProjectSummary> {
    authorize(actor, Action::Create, Resource::Module(Module::Projects))?;
    let name = input.validate()?;
    let txn = store.write().await?;
    let p = records::insert(&txn, actor, &input, name).await?;
    plant(&txn, actor, p.id, plan).await?;
    let after = summary_of(&txn, p.id).await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

fn manages_projects(role: Role) -> bool {
    access(role, Module::Projects) >= Access::WriteOwn
}

/// The deal, if the actor may start its project (see the module's doc).
async fn startable<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    deal_id: i64,
) -> AppResult<deal::Model> {
    let d = deal::Entity::find_by_id(deal_id)
        .filter(deal::Column::DeletedAt.is_null())
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("deal"))?;
    let on_deal = Resource::Record {
        module: Module::Sales,
        owner_id: d.owner_id,
        team_id: d.team_id,
    };
    if !allowed(actor, Action::Create, Resource::Module(Module::Projects)) {
        authorize_read_in(actor, Module::Sales, d.owner_id, d.team_id, "deal")?;
        authorize(actor, Action::Update, on_deal)?;
    }
    Ok(d)
}

async fn project_of_deal<C: ConnectionTrait>(
    conn: &C,
    deal_id: i64,
) -> AppResult<Option<project::Model>> {
    project::Entity::find()
        .filter(project::Column::DealId.eq(deal_id))
        .filter(project::Column::DeletedAt.is_null())
        .order_by_asc(project::Column::Id)
        .one(conn)
        .await
        .map_err(internal)
}

/// What the start form offers for `deal_id`.
pub async fn offer(store: &Store, actor: &Actor, deal_id: i64) -> AppResult<StartOffer> {
    let conn = store.conn();
    let d = startable(conn, actor, deal_id).await?;
    let language = language_of(conn, actor.user_id).await?;
    let templates = templates::all(store)
        .await?
        .into_iter()
        .map(|t| TemplateChoice {
            name: t.name_in(language).to_owned(),
            id: t.id,
            builtin: t.builtin,
        })
        .collect();
    let managers: Vec<Person> = user::Entity::find()
        .filter(user::Column::Active.eq(true))
        .order_by_asc(user::Column::DisplayName)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|u| Role::parse(&u.role).is_some_and(manages_projects))
        .map(|u| Person {
            id: u.id,
            name: u.display_name,
        })
        .collect();
    let account = match d.account_id {
        Some(a) => account::Entity::find_by_id(a)
            .one(conn)
            .await
            .map_err(internal)?
            .map(|a| Named {
                id: a.id,
                name: a.name,
            }),
        None => None,
    };
    let project = project_of_deal(conn, deal_id).await?.map(|p| Named {
        id: p.id,
        name: p.name,
    });
    Ok(StartOffer {
        deal_id,
        title: d.title.clone(),
        account,
        won: d.status == "won",
        start: d.expected_close.unwrap_or_else(rows::today),
        templates,
        manager_id: manages_projects(actor.role).then_some(actor.user_id),
        managers,
        project,
    })
}

/// Starts the won deal's delivery project: linked to the deal and its
/// account, built from the template, in one transaction. A deal has one
/// delivery project; a second start is refused.
#[tracing::instrument(skip(store))]
pub async fn from_deal(
    store: &Store,
    actor: &Actor,
    input: StartProject,
) -> AppResult<ProjectSummary> {
    let txn = store.write().await?;
    let d = startable(&txn, actor, input.deal_id).await?;
    if store.backend() == Backend::Postgres {
        // Two starts of one deal run one after the other, so the second
        // sees the first's project (SQLite has one writer already).
        deal::Entity::find_by_id(d.id)
            .lock_exclusive()
            .one(&txn)
            .await
            .map_err(internal)?;
    }
    if d.status != "won" {
        return Err(AppError::invalid("deal_id", "the deal is not won"));
    }
    if project_of_deal(&txn, d.id).await?.is_some() {
        return Err(AppError::invalid(
            "deal_id",
            "the deal already has a delivery project",
        ));
    }
    let manager_id = input.manager_id.unwrap_or(actor.user_id);
    let manager = user::Entity::find_by_id(manager_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .filter(|u| u.active)
        .ok_or_else(|| AppError::invalid("manager_id", "is not an active user"))?;
    if !Role::parse(&manager.role).is_some_and(manages_projects) {
        return Err(AppError::invalid(
            "manager_id",
            "cannot manage projects; choose a project manager",
        ));
    }
    let project_input = ProjectInput {
        name: input.name.clone(),
        account_id: d.account_id,
        deal_id: Some(d.id),
        manager_id: Some(manager.id),
        calendar: input.calendar,
        start: input.start,
        status: ProjectStatus::Planned,
    };
    let name = project_input.validate()?;
    if input.calendar == crate::domain::project::CalendarKey::Custom {
        return Err(AppError::invalid("calendar", "choose a preset"));
    }
    let plan = match input.template_id {
        Some(t) => Some(built(&txn, actor, t).await?),
        None => None,
    };
    let p = records::insert(&txn, actor, &project_input, name).await?;
    if let Some(plan) = &plan {
        plant(&txn, actor, p.id, plan).await?;
    }
    let after = summary_of(&txn, p.id).await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// A deal won by someone else than its owner (a manager closing it, a
/// rule): the owner is told in-app and offered the delivery project,
/// unless the deal has one. The one who won it on the board gets the
/// offer there.
pub(crate) async fn offer_to_owner<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    d: &deal::Model,
) -> AppResult<()> {
    let Some(owner) = d.owner_id.filter(|o| *o != actor.user_id) else {
        return Ok(());
    };
    if project_of_deal(txn, d.id).await?.is_some() {
        return Ok(());
    }
    tell(txn, owner, &format!("/sales/deals/{}", d.id), |language| {
        won_notice(language, &d.title)
    })
    .await
}
