//! Accounts: create, read, edit, soft delete and restore, and the list.

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, Select, Set,
};

use super::common::{
    COUNT_CAP, Names, authorize_read, capped_count, cas_update, conflict, export_rows,
    owner_and_team, record, scope_condition, tags_from_json, tags_json,
};
use super::{grading, index};
use crate::domain::automation::{Event, Subject};
use crate::domain::customer::fields::{company_key, domain_of, email_key, phone_key};
use crate::domain::customer::{
    AccountInput, AccountRow, AccountView, Grade, Lifecycle, ListQuery, Page, RecordKind, SortKey,
};
use crate::domain::{
    Action, Actor, AppError, AppResult, Module, Resource, authorize, read_scope, search,
};
use crate::store::automation;
use crate::store::db::internal;
use crate::store::entity::account;
use crate::store::{Store, audit};

const ENTITY: &str = "account";

pub(crate) fn view(m: &account::Model, names: &Names) -> AccountView {
    AccountView {
        id: m.id,
        name: m.name.clone(),
        industry: m.industry.clone(),
        source: m.source.clone(),
        website: m.website.clone(),
        domain: m.domain.clone(),
        phone: m.phone.clone(),
        email: m.email.clone(),
        address: m.address.clone(),
        owner: names.user(m.owner_id),
        team: names.team(m.team_id),
        tags: tags_from_json(&m.tags),
        lifecycle: Lifecycle::parse(&m.lifecycle).unwrap_or(Lifecycle::Prospect),
        grade: Grade::parse(&m.grade).unwrap_or(Grade::D),
        annual_revenue: m.annual_revenue,
        notes: m.notes.clone(),
        last_activity_at: m.last_activity_at,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        deleted_at: m.deleted_at,
    }
}

pub(crate) fn row(m: &account::Model, names: &Names) -> AccountRow {
    AccountRow {
        id: m.id,
        name: m.name.clone(),
        industry: m.industry.clone(),
        domain: m.domain.clone(),
        phone: m.phone.clone(),
        owner: names.user(m.owner_id),
        team: names.team(m.team_id),
        tags: tags_from_json(&m.tags),
        lifecycle: Lifecycle::parse(&m.lifecycle).unwrap_or(Lifecycle::Prospect),
        grade: Grade::parse(&m.grade).unwrap_or(Grade::D),
        last_activity_at: m.last_activity_at,
        updated_at: m.updated_at,
        deleted_at: m.deleted_at,
    }
}

pub(crate) async fn rows<C: ConnectionTrait>(
    conn: &C,
    models: &[account::Model],
) -> AppResult<Vec<AccountRow>> {
    let names = Names::load(
        conn,
        models.iter().map(|m| m.owner_id),
        models.iter().map(|m| m.team_id),
    )
    .await?;
    Ok(models.iter().map(|m| row(m, &names)).collect())
}

pub(crate) async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<account::Model> {
    account::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

pub(crate) async fn load_view<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<AccountView> {
    let m = load(conn, id).await?;
    let names = Names::load(conn, [m.owner_id], [m.team_id]).await?;
    Ok(view(&m, &names))
}

pub(crate) fn terms(v: &AccountInput) -> index::Terms {
    index::Terms {
        names: vec![v.name.clone()],
        emails: vec![v.email.clone()],
        domains: vec![domain_of(&v.website)],
        phones: vec![v.phone.clone()],
    }
}

/// Inserts a validated account (also used by lead conversion).
pub(crate) async fn insert<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    input: &AccountInput,
) -> AppResult<AccountView> {
    let v = input.validated()?;
    let (owner_id, team_id) =
        owner_and_team(conn, actor, v.owner_id, v.team_id, Action::Create).await?;
    let now = Utc::now();
    let lifecycle = v.lifecycle.unwrap_or(Lifecycle::Prospect);
    let (rules, _) = grading::rules(conn).await?;
    let grade = grading::grade_of(&rules, lifecycle.as_str(), v.annual_revenue, None, now);
    let m = account::ActiveModel {
        name: Set(v.name.clone()),
        sort_key: Set(search::sort_key(&v.name)),
        name_key: Set(company_key(&v.name)),
        industry: Set(v.industry.clone()),
        source: Set(v.source.clone()),
        website: Set(v.website.clone()),
        domain: Set(domain_of(&v.website)),
        phone: Set(v.phone.clone()),
        phone_key: Set(phone_key(&v.phone)),
        email: Set(v.email.clone()),
        email_key: Set(email_key(&v.email)),
        address: Set(v.address.clone()),
        owner_id: Set(owner_id),
        team_id: Set(team_id),
        tags: Set(tags_json(&v.tags)),
        lifecycle: Set(lifecycle.as_str().to_owned()),
        grade: Set(grade.as_str().to_owned()),
        annual_revenue: Set(v.annual_revenue),
        notes: Set(v.notes.clone()),
        last_activity_at: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await
    .map_err(internal)?;
    index::write(
        conn,
        RecordKind::Account,
        m.id,
        owner_id,
        team_id,
        &terms(&v),
        &v.tags,
    )
    .await?;
    let after = load_view(conn, m.id).await?;
    audit::record(
        conn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&after),
    )
    .await?;
    Ok(after)
}

pub async fn create(store: &Store, actor: &Actor, input: AccountInput) -> AppResult<AccountView> {
    authorize(actor, Action::Create, Resource::Module(Module::Customers))?;
    let txn = store.write().await?;
    let v = insert(&txn, actor, &input).await?;
    let fired = automation::on(
        &txn,
        actor,
        &[Event::Created(Subject::Account)],
        Subject::Account,
        v.id,
    )
    .await?;
    let v = load_view(&txn, v.id).await?;
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(v)
}

/// One account, also when it is in the Trash (its page offers Restore).
pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<AccountView> {
    let v = load_view(store.conn(), id).await?;
    authorize_read(
        actor,
        v.owner.as_ref().map(|o| o.id),
        v.team.as_ref().map(|t| t.id),
        ENTITY,
    )?;
    Ok(v)
}

pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: AccountInput,
) -> AppResult<AccountView> {
    let txn = store.write().await?;
    let before = load_view(&txn, id).await?;
    let (old_owner, old_team) = (
        before.owner.as_ref().map(|o| o.id),
        before.team.as_ref().map(|t| t.id),
    );
    authorize_read(actor, old_owner, old_team, ENTITY)?;
    authorize(actor, Action::Update, record(old_owner, old_team))?;
    if before.deleted_at.is_some() {
        return Err(AppError::invalid(
            "record",
            "is in the Trash; restore it first",
        ));
    }
    let after = write_edit(&txn, actor, &before, version, &input, Vec::new()).await?;
    // Contacts follow their account's owner and team only when they had
    // the account's before (a contact someone else owns keeps its owner).
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "update",
        Some(&before),
        Some(&after),
    )
    .await?;
    let fired = automation::on(
        &txn,
        actor,
        &[Event::Updated(Subject::Account)],
        Subject::Account,
        id,
    )
    .await?;
    let after = load_view(&txn, id).await?;
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(after)
}

/// Writes an edit of the account `before` (loaded and authorized by the
/// caller) if it is still at `version`: the owner and team checked, the
/// columns with their derived keys, `extra` columns in the same
/// statement, the grade and the search terms. The caller writes the audit
/// entry (an edit, a merge, an undone merge).
pub(crate) async fn write_edit<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    before: &AccountView,
    version: i64,
    input: &AccountInput,
    extra: Vec<(&'static str, SimpleExpr)>,
) -> AppResult<AccountView> {
    let id = before.id;
    let v = input.validated()?;
    let (owner_id, team_id) = owner_and_team(
        conn,
        actor,
        v.owner_id.or(before.owner.as_ref().map(|o| o.id)),
        v.team_id,
        Action::Update,
    )
    .await?;
    let lifecycle = v.lifecycle.unwrap_or(before.lifecycle);
    let mut sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("name", v.name.clone().into()),
        ("sort_key", search::sort_key(&v.name).into()),
        ("name_key", company_key(&v.name).into()),
        ("industry", v.industry.clone().into()),
        ("source", v.source.clone().into()),
        ("website", v.website.clone().into()),
        ("domain", domain_of(&v.website).into()),
        ("phone", v.phone.clone().into()),
        ("phone_key", phone_key(&v.phone).into()),
        ("email", v.email.clone().into()),
        ("email_key", email_key(&v.email).into()),
        ("address", v.address.clone().into()),
        ("owner_id", owner_id.into()),
        ("team_id", team_id.into()),
        ("tags", tags_json(&v.tags).into()),
        ("lifecycle", lifecycle.as_str().into()),
        ("annual_revenue", v.annual_revenue.into()),
        ("notes", v.notes.clone().into()),
    ];
    sets.extend(extra);
    if !cas_update(conn, "accounts", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    grading::regrade(conn, id).await?;
    index::write(
        conn,
        RecordKind::Account,
        id,
        owner_id,
        team_id,
        &terms(&v),
        &v.tags,
    )
    .await?;
    load_view(conn, id).await
}

/// Moves the account to the Trash, or back. Its contacts stay; search
/// stops (or starts again) finding it.
pub async fn set_deleted(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    deleted: bool,
) -> AppResult<AccountView> {
    let txn = store.write().await?;
    let before = load_view(&txn, id).await?;
    let (owner, team) = (
        before.owner.as_ref().map(|o| o.id),
        before.team.as_ref().map(|t| t.id),
    );
    authorize_read(actor, owner, team, ENTITY)?;
    authorize(actor, Action::Delete, record(owner, team))?;
    if before.deleted_at.is_some() == deleted {
        return Ok(before);
    }
    let at: Option<chrono::DateTime<Utc>> = deleted.then(Utc::now);
    if !cas_update(
        &txn,
        "accounts",
        id,
        version,
        vec![("deleted_at", at.into())],
    )
    .await?
    {
        return Err(conflict(ENTITY, before.version));
    }
    if deleted {
        index::remove(&txn, RecordKind::Account, id).await?;
    } else {
        let input = before.to_input();
        index::write(
            &txn,
            RecordKind::Account,
            id,
            owner,
            team,
            &terms(&input),
            &input.tags,
        )
        .await?;
    }
    let after = load_view(&txn, id).await?;
    let action = if deleted { "delete" } else { "restore" };
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        action,
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

/// Restricts to records whose id has a search term starting with each word.
pub(crate) fn text_filter(kind: RecordKind, words: &[String]) -> Vec<SimpleExpr> {
    words
        .iter()
        .map(|w| {
            let sub = Query::select()
                .column(Alias::new("record_id"))
                .from(Alias::new("search_terms"))
                .and_where(Expr::col(Alias::new("kind")).eq(kind.as_str()))
                .and_where(Expr::col(Alias::new("term")).gte(w.as_str()))
                .and_where(Expr::col(Alias::new("term")).lt(search::prefix_upper_bound(w)))
                .to_owned();
            Expr::col(Alias::new("id")).in_subquery(sub)
        })
        .collect()
}

pub(crate) fn tag_filter(kind: RecordKind, tag: &str) -> SimpleExpr {
    let sub = Query::select()
        .column(Alias::new("record_id"))
        .from(Alias::new("record_tags"))
        .and_where(Expr::col(Alias::new("kind")).eq(kind.as_str()))
        .and_where(Expr::col(Alias::new("tag_key")).eq(tag.trim().to_lowercase()))
        .to_owned();
    Expr::col(Alias::new("id")).in_subquery(sub)
}

fn filtered(actor: &Actor, q: &ListQuery, trash: bool) -> AppResult<Select<account::Entity>> {
    let scope = read_scope(actor, Module::Customers);
    let mut s = account::Entity::find().filter(scope_condition(
        scope,
        account::Column::OwnerId,
        account::Column::TeamId,
    )?);
    s = if trash {
        s.filter(account::Column::DeletedAt.is_not_null())
    } else {
        s.filter(account::Column::DeletedAt.is_null())
    };
    if let Some(o) = q.owner {
        s = s.filter(account::Column::OwnerId.eq(o));
    }
    if q.mine {
        s = s.filter(account::Column::OwnerId.eq(actor.user_id));
    }
    if let Some(t) = q.team {
        s = s.filter(account::Column::TeamId.eq(t));
    }
    if let Some(g) = q.grade {
        s = s.filter(account::Column::Grade.eq(g.as_str()));
    }
    if let Some(l) = q.lifecycle {
        s = s.filter(account::Column::Lifecycle.eq(l.as_str()));
    }
    if let Some(i) = &q.industry {
        s = s.filter(account::Column::Industry.eq(i.as_str()));
    }
    if let Some(tag) = &q.tag {
        s = s.filter(tag_filter(RecordKind::Account, tag));
    }
    for f in text_filter(RecordKind::Account, &search::query_words(&q.q)) {
        s = s.filter(f);
    }
    Ok(s)
}

fn lifecycle_rank() -> SimpleExpr {
    Expr::cust(
        "CASE lifecycle WHEN 'lead' THEN 0 WHEN 'prospect' THEN 1 WHEN 'customer' THEN 2 ELSE 3 END",
    )
}

/// A page of accounts (or of the Trash), filtered and sorted on the server.
pub async fn list(
    store: &Store,
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
) -> AppResult<Page<AccountRow>> {
    list_counting_to(store, actor, q, trash, COUNT_CAP).await
}

/// [`list`], counting the matches exactly up to `cap` (or the end of the
/// page); public so that tests reach the cap with a small database.
pub async fn list_counting_to(
    store: &Store,
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
    cap: u64,
) -> AppResult<Page<AccountRow>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let q = q.clone().normalized();
    let conn = store.conn();
    let (total, more) = capped_count(conn, filtered(actor, &q, trash)?, &q, cap).await?;
    let models = sorted(actor, &q, trash)?
        .offset(q.offset())
        .limit(u64::from(q.per_page))
        .all(conn)
        .await
        .map_err(internal)?;
    Ok(Page {
        items: rows(conn, &models).await?,
        total,
        more,
        page: q.page,
        per_page: q.per_page,
    })
}

/// The list's matches in the list's order (ties broken by id).
fn sorted(actor: &Actor, q: &ListQuery, trash: bool) -> AppResult<Select<account::Entity>> {
    let dir = if q.desc { Order::Desc } else { Order::Asc };
    let s = filtered(actor, q, trash)?;
    let s = match q.sort {
        SortKey::Name => s.order_by(account::Column::SortKey, dir.clone()),
        SortKey::Grade => s
            .order_by(account::Column::Grade, dir.clone())
            .order_by_asc(account::Column::SortKey),
        SortKey::Lifecycle => s
            .order_by(lifecycle_rank(), dir.clone())
            .order_by_asc(account::Column::SortKey),
        SortKey::Updated => s.order_by(account::Column::UpdatedAt, dir.clone()),
        SortKey::Created => s.order_by(account::Column::Id, dir.clone()),
        SortKey::LastActivity => s.order_by(account::Column::LastActivityAt, dir.clone()),
    };
    Ok(s.order_by(account::Column::Id, dir))
}

/// Every account the list's filter matches (all pages), in its order,
/// for export; refused beyond `common::EXPORT_CAP` rows.
pub async fn export(
    store: &Store,
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
) -> AppResult<Vec<AccountRow>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let conn = store.conn();
    let q = q.clone().normalized();
    let models = export_rows(conn, sorted(actor, &q, trash)?).await?;
    rows(conn, &models).await
}

/// The industries in use, for the list's filter.
pub async fn industries(store: &Store, actor: &Actor) -> AppResult<Vec<String>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let mut v: Vec<String> = account::Entity::find()
        .select_only()
        .column(account::Column::Industry)
        .distinct()
        .filter(account::Column::Industry.ne(""))
        .order_by_asc(account::Column::Industry)
        .limit(200)
        .into_tuple()
        .all(store.conn())
        .await
        .map_err(internal)?;
    v.dedup();
    Ok(v)
}

/// Live accounts that look like `name`/`domain` (duplicate warnings).
pub(crate) async fn similar<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    name: &str,
    domain: &str,
) -> AppResult<Vec<AccountRow>> {
    let mut any = sea_orm::Condition::any();
    let key = company_key(name);
    if !key.is_empty() {
        any = any.add(account::Column::NameKey.eq(key));
    }
    if !domain.is_empty() {
        any = any.add(account::Column::Domain.eq(domain));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let scope = read_scope(actor, Module::Customers);
    let models = account::Entity::find()
        .filter(any)
        .filter(account::Column::DeletedAt.is_null())
        .filter(scope_condition(
            scope,
            account::Column::OwnerId,
            account::Column::TeamId,
        )?)
        .order_by_asc(account::Column::Id)
        .limit(10)
        .all(conn)
        .await
        .map_err(internal)?;
    rows(conn, &models).await
}
