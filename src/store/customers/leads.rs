//! Leads: capture, qualify, disqualify, and convert into an account and a
//! contact in one transaction.

use chrono::Utc;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder,
    QuerySelect, Select, Set,
};

use super::accounts::text_filter;
use super::common::{
    COUNT_CAP, Names, authorize_read, capped_count, cas_update, conflict, export_rows,
    owner_and_team, record, scope_condition,
};
use super::{accounts, activities, contacts, index};
use crate::domain::automation::{Event, Subject};
use crate::domain::customer::fields::{self, company_key, domain_of, email_key, phone_key};
use crate::domain::customer::{
    AccountInput, ActivityInput, ActivityKind, ContactInput, ConversionMatches, ConvertPlan,
    ConvertResult, ConvertTarget, LeadInput, LeadStatus, LeadView, Lifecycle, ListQuery, Page,
    RecordKind, SortKey,
};
use crate::domain::{
    Action, Actor, AppError, AppResult, Module, Resource, authorize, read_scope, search,
};
use crate::store::automation;
use crate::store::db::internal;
use crate::store::entity::{activity, lead};
use crate::store::{Store, audit};

const ENTITY: &str = "lead";

pub(crate) async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<lead::Model> {
    lead::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

/// A lead from a campaign joins it (and counts toward its leads).
async fn join_campaign<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    campaign_id: i64,
    lead_id: i64,
) -> AppResult<()> {
    crate::store::marketing::members::join_from_lead(conn, actor, campaign_id, lead_id).await
}

fn view(m: &lead::Model, names: &Names) -> LeadView {
    LeadView {
        id: m.id,
        name: m.name.clone(),
        company: m.company.clone(),
        title: m.title.clone(),
        email: m.email.clone(),
        phone: m.phone.clone(),
        website: m.website.clone(),
        source: m.source.clone(),
        notes: m.notes.clone(),
        status: LeadStatus::parse(&m.status).unwrap_or(LeadStatus::New),
        disqualify_reason: m.disqualify_reason.clone(),
        owner: names.user(m.owner_id),
        team: names.team(m.team_id),
        converted_account_id: m.converted_account_id,
        converted_contact_id: m.converted_contact_id,
        campaign_id: m.campaign_id,
        version: m.version,
        created_at: m.created_at,
        updated_at: m.updated_at,
        deleted_at: m.deleted_at,
    }
}

async fn load_view<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<LeadView> {
    let m = load(conn, id).await?;
    let names = Names::load(conn, [m.owner_id], [m.team_id]).await?;
    Ok(view(&m, &names))
}

fn terms(v: &LeadInput) -> index::Terms {
    index::Terms {
        names: vec![v.name.clone(), v.company.clone()],
        emails: vec![v.email.clone()],
        domains: vec![domain_of(&v.website)],
        phones: vec![v.phone.clone()],
    }
}

pub(crate) fn input_of(v: &LeadView) -> LeadInput {
    LeadInput {
        name: v.name.clone(),
        company: v.company.clone(),
        title: v.title.clone(),
        email: v.email.clone(),
        phone: v.phone.clone(),
        website: v.website.clone(),
        source: v.source.clone(),
        notes: v.notes.clone(),
        owner_id: v.owner.as_ref().map(|o| o.id),
        team_id: v.team.as_ref().map(|t| t.id),
        campaign_id: v.campaign_id,
    }
}

/// Captures a lead (the web form, or a sales person typing it in).
pub async fn create(store: &Store, actor: &Actor, input: LeadInput) -> AppResult<LeadView> {
    authorize(actor, Action::Create, Resource::Module(Module::Customers))?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let (owner_id, team_id) =
        owner_and_team(&txn, actor, v.owner_id, v.team_id, Action::Create).await?;
    let now = Utc::now();
    let m = lead::ActiveModel {
        name: Set(v.name.clone()),
        sort_key: Set(search::sort_key(&v.name)),
        company: Set(v.company.clone()),
        company_key: Set(company_key(&v.company)),
        title: Set(v.title.clone()),
        email: Set(v.email.clone()),
        email_key: Set(email_key(&v.email)),
        phone: Set(v.phone.clone()),
        phone_key: Set(phone_key(&v.phone)),
        website: Set(v.website.clone()),
        domain: Set(domain_of(&v.website)),
        source: Set(v.source.clone()),
        notes: Set(v.notes.clone()),
        status: Set(LeadStatus::New.as_str().to_owned()),
        disqualify_reason: Set(String::new()),
        owner_id: Set(owner_id),
        team_id: Set(team_id),
        converted_account_id: Set(None),
        converted_contact_id: Set(None),
        campaign_id: Set(v.campaign_id),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        deleted_at: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    if let Some(c) = v.campaign_id {
        join_campaign(&txn, actor, c, m.id).await?;
    }
    index::write(
        &txn,
        RecordKind::Lead,
        m.id,
        owner_id,
        team_id,
        &terms(&v),
        &[],
    )
    .await?;
    let mut events = vec![Event::Created(Subject::Lead)];
    if let Some(campaign_id) = v.campaign_id {
        events.push(Event::LeadFromCampaign { campaign_id });
    }
    let fired = automation::on(&txn, actor, &events, Subject::Lead, m.id).await?;
    let after = load_view(&txn, m.id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(after)
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<LeadView> {
    let v = load_view(store.conn(), id).await?;
    authorize_read(
        actor,
        v.owner.as_ref().map(|o| o.id),
        v.team.as_ref().map(|t| t.id),
        ENTITY,
    )?;
    Ok(v)
}

/// Loads the lead for a change: visible, writable, live, not converted.
async fn for_change<C: ConnectionTrait>(conn: &C, actor: &Actor, id: i64) -> AppResult<LeadView> {
    let before = load_view(conn, id).await?;
    let (owner, team) = (
        before.owner.as_ref().map(|o| o.id),
        before.team.as_ref().map(|t| t.id),
    );
    authorize_read(actor, owner, team, ENTITY)?;
    authorize(actor, Action::Update, record(owner, team))?;
    if before.deleted_at.is_some() {
        return Err(AppError::invalid(
            "record",
            "is in the Trash; restore it first",
        ));
    }
    Ok(before)
}

pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: LeadInput,
) -> AppResult<LeadView> {
    let txn = store.write().await?;
    let before = for_change(&txn, actor, id).await?;
    if before.status == LeadStatus::Converted {
        return Err(AppError::invalid(
            "status",
            "a converted lead cannot be edited",
        ));
    }
    let v = input.validated()?;
    let (owner_id, team_id) = owner_and_team(
        &txn,
        actor,
        v.owner_id.or(before.owner.as_ref().map(|o| o.id)),
        v.team_id,
        Action::Update,
    )
    .await?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("name", v.name.clone().into()),
        ("sort_key", search::sort_key(&v.name).into()),
        ("company", v.company.clone().into()),
        ("company_key", company_key(&v.company).into()),
        ("title", v.title.clone().into()),
        ("email", v.email.clone().into()),
        ("email_key", email_key(&v.email).into()),
        ("phone", v.phone.clone().into()),
        ("phone_key", phone_key(&v.phone).into()),
        ("website", v.website.clone().into()),
        ("domain", domain_of(&v.website).into()),
        ("source", v.source.clone().into()),
        ("notes", v.notes.clone().into()),
        ("owner_id", owner_id.into()),
        ("team_id", team_id.into()),
        ("campaign_id", v.campaign_id.into()),
    ];
    if !cas_update(&txn, "leads", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    if let Some(c) = v.campaign_id
        && before.campaign_id != Some(c)
    {
        join_campaign(&txn, actor, c, id).await?;
    }
    index::write(
        &txn,
        RecordKind::Lead,
        id,
        owner_id,
        team_id,
        &terms(&v),
        &[],
    )
    .await?;
    let fired = automation::on(
        &txn,
        actor,
        &[Event::Updated(Subject::Lead)],
        Subject::Lead,
        id,
    )
    .await?;
    let after = load_view(&txn, id).await?;
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
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(after)
}

/// Qualifies the lead, or disqualifies it with a reason (required).
pub async fn set_status(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    status: LeadStatus,
    reason: &str,
) -> AppResult<LeadView> {
    if status == LeadStatus::Converted {
        return Err(AppError::invalid("status", "use convert"));
    }
    let reason = if status == LeadStatus::Disqualified {
        fields::required("reason", reason, 500)?
    } else {
        String::new()
    };
    let txn = store.write().await?;
    let before = for_change(&txn, actor, id).await?;
    if !before.status.can_become(status) {
        return Err(AppError::invalid(
            "status",
            "the lead cannot move to that status",
        ));
    }
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("status", status.as_str().into()),
        ("disqualify_reason", reason.into()),
    ];
    if !cas_update(&txn, "leads", id, version, sets).await? {
        return Err(conflict(ENTITY, before.version));
    }
    let after = load_view(&txn, id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        status.as_str(),
        Some(&before),
        Some(&after),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(after)
}

pub async fn set_deleted(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    deleted: bool,
) -> AppResult<LeadView> {
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
    if !cas_update(&txn, "leads", id, version, vec![("deleted_at", at.into())]).await? {
        return Err(conflict(ENTITY, before.version));
    }
    if deleted {
        index::remove(&txn, RecordKind::Lead, id).await?;
    } else {
        index::write(
            &txn,
            RecordKind::Lead,
            id,
            owner,
            team,
            &terms(&input_of(&before)),
            &[],
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

fn filtered(actor: &Actor, q: &ListQuery, trash: bool) -> AppResult<Select<lead::Entity>> {
    let scope = read_scope(actor, Module::Customers);
    let mut s = lead::Entity::find().filter(scope_condition(
        scope,
        lead::Column::OwnerId,
        lead::Column::TeamId,
    )?);
    s = if trash {
        s.filter(lead::Column::DeletedAt.is_not_null())
    } else {
        s.filter(lead::Column::DeletedAt.is_null())
    };
    if let Some(st) = q.status {
        s = s.filter(lead::Column::Status.eq(st.as_str()));
    }
    if let Some(o) = q.owner {
        s = s.filter(lead::Column::OwnerId.eq(o));
    }
    if q.mine {
        s = s.filter(lead::Column::OwnerId.eq(actor.user_id));
    }
    if let Some(t) = q.team {
        s = s.filter(lead::Column::TeamId.eq(t));
    }
    for f in text_filter(RecordKind::Lead, &search::query_words(&q.q)) {
        s = s.filter(f);
    }
    Ok(s)
}

pub async fn list(
    store: &Store,
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
) -> AppResult<Page<LeadView>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let q = q.clone().normalized();
    let conn = store.conn();
    let (total, more) = capped_count(conn, filtered(actor, &q, trash)?, &q, COUNT_CAP).await?;
    let models = sorted(actor, &q, trash)?
        .offset(q.offset())
        .limit(u64::from(q.per_page))
        .all(conn)
        .await
        .map_err(internal)?;
    let names = Names::load(
        conn,
        models.iter().map(|m| m.owner_id),
        models.iter().map(|m| m.team_id),
    )
    .await?;
    Ok(Page {
        items: models.iter().map(|m| view(m, &names)).collect(),
        total,
        more,
        page: q.page,
        per_page: q.per_page,
    })
}

/// The list's matches in the list's order (ties broken by id).
fn sorted(actor: &Actor, q: &ListQuery, trash: bool) -> AppResult<Select<lead::Entity>> {
    let dir = if q.desc { Order::Desc } else { Order::Asc };
    let s = filtered(actor, q, trash)?;
    let s = match q.sort {
        SortKey::Updated => s.order_by(lead::Column::UpdatedAt, dir.clone()),
        SortKey::Created => s.order_by(lead::Column::Id, dir.clone()),
        _ => s.order_by(lead::Column::SortKey, dir.clone()),
    };
    Ok(s.order_by(lead::Column::Id, dir))
}

/// Every lead the list's filter matches (all pages), in its order, for
/// export; refused beyond `common::EXPORT_CAP` rows.
pub async fn export(
    store: &Store,
    actor: &Actor,
    q: &ListQuery,
    trash: bool,
) -> AppResult<Vec<LeadView>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let conn = store.conn();
    let q = q.clone().normalized();
    let models = export_rows(conn, sorted(actor, &q, trash)?).await?;
    let names = Names::load(
        conn,
        models.iter().map(|m| m.owner_id),
        models.iter().map(|m| m.team_id),
    )
    .await?;
    Ok(models.iter().map(|m| view(m, &names)).collect())
}

/// Accounts and contacts the lead would duplicate.
pub async fn matches(store: &Store, actor: &Actor, id: i64) -> AppResult<ConversionMatches> {
    let l = get(store, actor, id).await?;
    let conn = store.conn();
    let company = if l.company.is_empty() {
        l.name.clone()
    } else {
        l.company.clone()
    };
    Ok(ConversionMatches {
        accounts: accounts::similar(conn, actor, &company, &domain_of(&l.website)).await?,
        contacts: contacts::similar(conn, actor, &l.email, &l.phone).await?,
    })
}

/// Converts the lead: creates (or attaches to) an account and a contact,
/// optionally a follow-up task, moves the lead's activities onto them, and
/// marks the lead converted — all or nothing.
pub async fn convert(
    store: &Store,
    actor: &Actor,
    id: i64,
    plan: ConvertPlan,
) -> AppResult<ConvertResult> {
    let txn = store.write().await?;
    let l = for_change(&txn, actor, id).await?;
    if !l.status.can_become(LeadStatus::Converted) {
        return Err(AppError::invalid("status", "the lead cannot be converted"));
    }
    if l.version != plan.version {
        return Err(conflict(ENTITY, l.version));
    }
    let owner_id = l.owner.as_ref().map(|o| o.id);
    let team_id = l.team.as_ref().map(|t| t.id);
    let account_id = match plan.account {
        ConvertTarget::Existing(aid) => {
            let a = accounts::load(&txn, aid)
                .await
                .map_err(|_| AppError::invalid("account", "does not exist"))?;
            if a.deleted_at.is_some()
                || authorize(actor, Action::Read, record(a.owner_id, a.team_id)).is_err()
            {
                return Err(AppError::invalid("account", "does not exist"));
            }
            aid
        }
        ConvertTarget::New => {
            let name = if l.company.is_empty() {
                l.name.clone()
            } else {
                l.company.clone()
            };
            let input = AccountInput {
                name,
                source: l.source.clone(),
                website: l.website.clone(),
                owner_id,
                team_id,
                lifecycle: Some(Lifecycle::Prospect),
                notes: l.notes.clone(),
                ..Default::default()
            };
            accounts::insert(&txn, actor, &input).await?.id
        }
    };
    let contact_id = match plan.contact {
        ConvertTarget::Existing(cid) => {
            let c = contacts::load(&txn, cid)
                .await
                .map_err(|_| AppError::invalid("contact", "does not exist"))?;
            if c.deleted_at.is_some()
                || authorize(actor, Action::Read, record(c.owner_id, c.team_id)).is_err()
            {
                return Err(AppError::invalid("contact", "does not exist"));
            }
            cid
        }
        ConvertTarget::New => {
            let input = ContactInput {
                account_id: Some(account_id),
                name: l.name.clone(),
                title: l.title.clone(),
                email: l.email.clone(),
                phone: l.phone.clone(),
                owner_id,
                team_id,
                ..Default::default()
            };
            contacts::insert(&txn, actor, &input).await?.id
        }
    };
    let follow_up_id = match plan.follow_up.as_deref().map(str::trim) {
        Some(title) if !title.is_empty() => {
            let task = ActivityInput {
                kind: ActivityKind::Task,
                subject: title.to_owned(),
                body: String::new(),
                account_id: Some(account_id),
                contact_id: Some(contact_id),
                lead_id: None,
                occurred_at: None,
                due_on: Some(Utc::now().date_naive()),
                assignee_id: owner_id,
            };
            Some(activities::insert(&txn, actor, &task).await?.id)
        }
        _ => None,
    };
    crate::store::marketing::members::lead_converted(&txn, id).await?;
    // The lead's history goes with it.
    activity::Entity::update_many()
        .col_expr(activity::Column::AccountId, Expr::value(account_id))
        .col_expr(activity::Column::ContactId, Expr::value(contact_id))
        .filter(activity::Column::LeadId.eq(id))
        .exec(&txn)
        .await
        .map_err(internal)?;
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("status", LeadStatus::Converted.as_str().into()),
        ("converted_account_id", account_id.into()),
        ("converted_contact_id", contact_id.into()),
    ];
    if !cas_update(&txn, "leads", id, plan.version, sets).await? {
        return Err(conflict(ENTITY, l.version));
    }
    let after = load_view(&txn, id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "convert",
        Some(&l),
        Some(&after),
    )
    .await?;
    audit::record(
        &txn,
        Some(actor),
        "account",
        account_id,
        "convert",
        None::<&()>,
        Some(&serde_json::json!({ "lead": l.name })),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(ConvertResult {
        account_id,
        contact_id,
        follow_up_id,
    })
}

/// The ids of every live lead the list's filter matches for the actor
/// (all pages), at most `cap` (a campaign's audience).
pub(crate) async fn matching_ids<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    q: &ListQuery,
    cap: u64,
) -> AppResult<Vec<i64>> {
    let q = q.clone().normalized();
    sorted(actor, &q, false)?
        .select_only()
        .column(lead::Column::Id)
        .limit(cap)
        .into_tuple::<i64>()
        .all(conn)
        .await
        .map_err(internal)
}
