//! Contacts: people, at an account or on their own.

use chrono::Utc;
use sea_orm::sea_query::SimpleExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, Select, Set,
};

use super::accounts::{tag_filter, text_filter};
use super::common::{
    COUNT_CAP, Names, authorize_read, capped_count, cas_update, conflict, export_rows,
    owner_and_team, record, scope_condition, tags_from_json, tags_json,
};
use super::index;
use crate::domain::automation::{Event, Subject};
use crate::domain::customer::fields::{email_key, phone_key};
use crate::domain::customer::{
    ContactInput, ContactRow, ContactView, Grade, ListQuery, Named, Page, RecordKind, SortKey,
};
use crate::domain::{
    Action, Actor, AppError, AppResult, Module, Resource, authorize, read_scope, search,
};
use crate::store::automation;
use crate::store::db::internal;
use crate::store::entity::{account, contact};
use crate::store::{Store, audit};

const ENTITY: &str = "contact";

async fn account_names<C: ConnectionTrait>(
    conn: &C,
    ids: impl IntoIterator<Item = Option<i64>>,
) -> AppResult<std::collections::HashMap<i64, (String, Grade)>> {
    let ids: Vec<i64> = ids.into_iter().flatten().collect();
    if ids.is_empty() {
        return Ok(Default::default());
    }
    let rows: Vec<(i64, String, String)> = account::Entity::find()
        .select_only()
        .column(account::Column::Id)
        .column(account::Column::Name)
        .column(account::Column::Grade)
        .filter(account::Column::Id.is_in(ids))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    Ok(rows
        .into_iter()
        .map(|(id, name, g)| (id, (name, Grade::parse(&g).unwrap_or(Grade::D))))
        .collect())
}

pub(crate) async fn rows<C: ConnectionTrait>(
    conn: &C,
    models: &[contact::Model],
) -> AppResult<Vec<ContactRow>> {
    let names = Names::load(conn, models.iter().map(|m| m.owner_id), []).await?;
    let accounts = account_names(conn, models.iter().map(|m| m.account_id)).await?;
    Ok(models
        .iter()
        .map(|m| {
            let acc = m.account_id.and_then(|id| {
                accounts.get(&id).map(|(n, g)| {
                    (
                        Named {
                            id,
                            name: n.clone(),
                        },
                        *g,
                    )
                })
            });
            ContactRow {
                id: m.id,
                name: m.name.clone(),
                title: m.title.clone(),
                email: m.email.clone(),
                phone: m.phone.clone(),
                account_grade: acc.as_ref().map(|a| a.1),
                account: acc.map(|a| a.0),
                owner: names.user(m.owner_id),
                tags: tags_from_json(&m.tags),
                updated_at: m.updated_at,
                deleted_at: m.deleted_at,
            }
        })
        .collect())
}

pub(crate) async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<contact::Model> {
    contact::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

pub(crate) async fn load_view<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<ContactView> {
    let m = load(conn, id).await?;
    let names = Names::load(conn, [m.owner_id], [m.team_id]).await?;
    let accounts = account_names(conn, [m.account_id]).await?;
    let acc = m.account_id.and_then(|id| {
        accounts.get(&id).map(|(n, g)| {
            (
                Named {
                    id,
                    name: n.clone(),
                },
                *g,
            )
        })
    });
    Ok(ContactView {
        id: m.id,
        account_grade: acc.as_ref().map(|a| a.1),
        account: acc.map(|a| a.0),
        name: m.name,
        title: m.title,
        email: m.email,
        phone: m.phone,
        address: m.address,
        owner: names.user(m.owner_id),
        team: names.team(m.team_id),
        tags: tags_from_json(&m.tags),
        notes: m.notes,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        deleted_at: m.deleted_at,
    })
}

pub(crate) fn terms(v: &ContactInput) -> index::Terms {
    index::Terms {
        names: vec![v.name.clone()],
        emails: vec![v.email.clone()],
        domains: vec![],
        phones: vec![v.phone.clone()],
    }
}

/// The account a contact is placed at must exist, be live and be visible
/// to the actor.
async fn check_account<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    account_id: Option<i64>,
) -> AppResult<()> {
    if let Some(id) = account_id {
        let a = account::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?;
        match a {
            Some(a)
                if a.deleted_at.is_none()
                    && authorize(actor, Action::Read, record(a.owner_id, a.team_id)).is_ok() => {}
            _ => return Err(AppError::invalid("account", "does not exist")),
        }
    }
    Ok(())
}

pub(crate) async fn insert<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    input: &ContactInput,
) -> AppResult<ContactView> {
    let v = input.validated()?;
    check_account(conn, actor, v.account_id).await?;
    let (owner_id, team_id) =
        owner_and_team(conn, actor, v.owner_id, v.team_id, Action::Create).await?;
    let now = Utc::now();
    let m = contact::ActiveModel {
        account_id: Set(v.account_id),
        name: Set(v.name.clone()),
        sort_key: Set(search::sort_key(&v.name)),
        title: Set(v.title.clone()),
        email: Set(v.email.clone()),
        email_key: Set(email_key(&v.email)),
        phone: Set(v.phone.clone()),
        phone_key: Set(phone_key(&v.phone)),
        address: Set(v.address.clone()),
        owner_id: Set(owner_id),
        team_id: Set(team_id),
        tags: Set(tags_json(&v.tags)),
        notes: Set(v.notes.clone()),
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
        RecordKind::Contact,
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
    if let Some(acc) = v.account_id {
        audit::record(
            conn,
            Some(actor),
            "account",
            acc,
            "add_contact",
            None::<&()>,
            Some(&serde_json::json!({ "contact": after.name })),
        )
        .await?;
    }
    Ok(after)
}

pub async fn create(store: &Store, actor: &Actor, input: ContactInput) -> AppResult<ContactView> {
    authorize(actor, Action::Create, Resource::Module(Module::Customers))?;
    let txn = store.write().await?;
    let v = insert(&txn, actor, &input).await?;
    let fired = automation::on(
        &txn,
        actor,
        &[Event::Created(Subject::Contact)],
        Subject::Contact,
        v.id,
    )
    .await?;
    let v = load_view(&txn, v.id).await?;
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(v)
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<ContactView> {
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
    input: ContactInput,
) -> AppResult<ContactView> {
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
    let after = write_edit(&txn, actor, &before, version, &input).await?;
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
        &[Event::Updated(Subject::Contact)],
        Subject::Contact,
        id,
    )
    .await?;
    let after = load_view(&txn, id).await?;
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(after)
}

/// Writes an edit of the contact `before` (loaded and authorized by the
/// caller) if it is still at `version`: the account, owner and team
/// checked, the columns with their derived keys, the search terms. The
/// caller writes the audit entry.
pub(crate) async fn write_edit<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    before: &ContactView,
    version: i64,
    input: &ContactInput,
) -> AppResult<ContactView> {
    let id = before.id;
    let v = input.validated()?;
    check_account(conn, actor, v.account_id).await?;
    let (owner_id, team_id) = owner_and_team(
        conn,
        actor,
        v.owner_id.or(before.owner.as_ref().map(|o| o.id)),
        v.team_id,
        Action::Update,
    )
    .await?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("account_id", v.account_id.into()),
        ("name", v.name.clone().into()),
        ("sort_key", search::sort_key(&v.name).into()),
        ("title", v.title.clone().into()),
        ("email", v.email.clone().into()),
        ("email_key", email_key(&v.email).into()),
        ("phone", v.phone.clone().into()),
        ("phone_key", phone_key(&v.phone).into()),
        ("address", v.address.clone().into()),
        ("owner_id", owner_id.into()),
        ("team_id", team_id.into()),
        ("tags", tags_json(&v.tags).into()),
        ("notes", v.notes.clone().into()),
    ];
    if !cas_update(conn, "contacts", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    index::write(
        conn,
        RecordKind::Contact,
        id,
        owner_id,
        team_id,
        &terms(&v),
        &v.tags,
    )
    .await?;
    load_view(conn, id).await
}

pub async fn set_deleted(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    deleted: bool,
) -> AppResult<ContactView> {
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
        "contacts",
        id,
        version,
        vec![("deleted_at", at.into())],
    )
    .await?
    {
        return Err(conflict(ENTITY, before.version));
    }
    if deleted {
        index::remove(&txn, RecordKind::Contact, id).await?;
    } else {
        let input = before.to_input();
        index::write(
            &txn,
            RecordKind::Contact,
            id,
            owner,
            team,
            &terms(&input),
            &input.tags,
        )
        .await?;
    }
    let after = load_view(&txn, id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        if deleted { "delete" } else { "restore" },
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

fn filtered(
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
    account_id: Option<i64>,
) -> AppResult<Select<contact::Entity>> {
    let scope = read_scope(actor, Module::Customers);
    let mut s = contact::Entity::find().filter(scope_condition(
        scope,
        contact::Column::OwnerId,
        contact::Column::TeamId,
    )?);
    s = if trash {
        s.filter(contact::Column::DeletedAt.is_not_null())
    } else {
        s.filter(contact::Column::DeletedAt.is_null())
    };
    if let Some(a) = account_id {
        s = s.filter(contact::Column::AccountId.eq(a));
    }
    if let Some(o) = q.owner {
        s = s.filter(contact::Column::OwnerId.eq(o));
    }
    if q.mine {
        s = s.filter(contact::Column::OwnerId.eq(actor.user_id));
    }
    if let Some(t) = q.team {
        s = s.filter(contact::Column::TeamId.eq(t));
    }
    if let Some(tag) = &q.tag {
        s = s.filter(tag_filter(RecordKind::Contact, tag));
    }
    for f in text_filter(RecordKind::Contact, &search::query_words(&q.q)) {
        s = s.filter(f);
    }
    Ok(s)
}

/// A page of contacts; `account_id` narrows to one account's people.
pub async fn list(
    store: &Store,
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
    account_id: Option<i64>,
) -> AppResult<Page<ContactRow>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let q = q.clone().normalized();
    let conn = store.conn();
    let (total, more) =
        capped_count(conn, filtered(actor, &q, trash, account_id)?, &q, COUNT_CAP).await?;
    let models = sorted(actor, &q, trash, account_id)?
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
fn sorted(
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
    account_id: Option<i64>,
) -> AppResult<Select<contact::Entity>> {
    let dir = if q.desc { Order::Desc } else { Order::Asc };
    let s = filtered(actor, q, trash, account_id)?;
    let s = match q.sort {
        SortKey::Updated => s.order_by(contact::Column::UpdatedAt, dir.clone()),
        SortKey::Created => s.order_by(contact::Column::Id, dir.clone()),
        _ => s.order_by(contact::Column::SortKey, dir.clone()),
    };
    Ok(s.order_by(contact::Column::Id, dir))
}

/// Every contact the list's filter matches (all pages), in its order,
/// for export; refused beyond `common::EXPORT_CAP` rows.
pub async fn export(
    store: &Store,
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
) -> AppResult<Vec<ContactRow>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let conn = store.conn();
    let q = q.clone().normalized();
    let models = export_rows(conn, sorted(actor, &q, trash, None)?).await?;
    rows(conn, &models).await
}

/// Live contacts with this email or phone (duplicate warnings).
pub(crate) async fn similar<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    email: &str,
    phone: &str,
) -> AppResult<Vec<ContactRow>> {
    let mut any = sea_orm::Condition::any();
    let e = email_key(email);
    if !e.is_empty() {
        any = any.add(contact::Column::EmailKey.eq(e));
    }
    let p = phone_key(phone);
    if p.len() >= 5 {
        any = any.add(contact::Column::PhoneKey.eq(p));
    }
    if any.is_empty() {
        return Ok(Vec::new());
    }
    let scope = read_scope(actor, Module::Customers);
    let models = contact::Entity::find()
        .filter(any)
        .filter(contact::Column::DeletedAt.is_null())
        .filter(scope_condition(
            scope,
            contact::Column::OwnerId,
            contact::Column::TeamId,
        )?)
        .order_by_asc(contact::Column::Id)
        .limit(10)
        .all(conn)
        .await
        .map_err(internal)?;
    rows(conn, &models).await
}

/// The ids of every live contact the list's filter matches for the actor
/// (all pages), at most `cap` (a campaign's audience).
pub(crate) async fn matching_ids<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    q: &ListQuery,
    cap: u64,
) -> AppResult<Vec<i64>> {
    let q = q.clone().normalized();
    sorted(actor, &q, false, None)?
        .select_only()
        .column(contact::Column::Id)
        .limit(cap)
        .into_tuple::<i64>()
        .all(conn)
        .await
        .map_err(internal)
}
