//! A campaign's members: added by hand (contacts or leads the actor may
//! see) or from a saved audience filter (run again later to add new
//! matches), their status moved along sent → responded → converted, and
//! the links from the leads module (a lead from a campaign joins it; a
//! converted lead converts its memberships).

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::campaigns::{ENTITY, check_read, check_write, load};
use crate::domain::customer::ListQuery;
use crate::domain::marketing::{
    AddedMembers, Audience, AudienceKind, MemberRef, MemberStatus, MemberView,
};
use crate::domain::{Actor, AppError, AppResult, Module, read_scope};
use crate::store::customers::common::{cas_update, conflict};
use crate::store::customers::{contacts, leads};
use crate::store::db::internal;
use crate::store::entity::{campaign_member, contact, lead};
use crate::store::{Store, audit};

/// The most people one audience adds at once.
pub const AUDIENCE_CAP: u64 = 20_000;

/// The campaign page shows this many members, newest first.
const PAGE: u64 = 200;

async fn insert_members<C: ConnectionTrait>(
    conn: &C,
    campaign_id: i64,
    people: &[MemberRef],
    status: MemberStatus,
) -> AppResult<AddedMembers> {
    let existing: Vec<(Option<i64>, Option<i64>)> = campaign_member::Entity::find()
        .select_only()
        .column(campaign_member::Column::ContactId)
        .column(campaign_member::Column::LeadId)
        .filter(campaign_member::Column::CampaignId.eq(campaign_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(internal)?;
    let mut have: HashSet<MemberRef> = existing
        .into_iter()
        .filter_map(|(c, l)| c.map(MemberRef::Contact).or(l.map(MemberRef::Lead)))
        .collect();
    let now = Utc::now();
    let fresh: Vec<campaign_member::ActiveModel> = people
        .iter()
        .filter(|p| have.insert(**p))
        .map(|p| {
            let (contact_id, lead_id) = match *p {
                MemberRef::Contact(id) => (Some(id), None),
                MemberRef::Lead(id) => (None, Some(id)),
            };
            campaign_member::ActiveModel {
                campaign_id: Set(campaign_id),
                contact_id: Set(contact_id),
                lead_id: Set(lead_id),
                status: Set(status.as_str().to_owned()),
                version: Set(1),
                added_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
        })
        .collect();
    let added = u32::try_from(fresh.len()).unwrap_or(u32::MAX);
    // Chunks keep each statement under SQLite's bound-parameter limit.
    for chunk in fresh.chunks(500) {
        campaign_member::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await
            .map_err(internal)?;
    }
    Ok(AddedMembers {
        added,
        already: u32::try_from(people.len()).unwrap_or(u32::MAX) - added,
    })
}

/// Of `people`, those the actor may see (live, in their customers scope);
/// any other is refused by name, so a typo'd or foreign id is not added.
async fn visible<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    people: &[MemberRef],
) -> AppResult<()> {
    let scope = read_scope(actor, Module::Customers);
    let (cs, ls): (Vec<i64>, Vec<i64>) = people.iter().fold((vec![], vec![]), |mut acc, p| {
        match *p {
            MemberRef::Contact(id) => acc.0.push(id),
            MemberRef::Lead(id) => acc.1.push(id),
        }
        acc
    });
    for chunk in cs.chunks(500) {
        let ok: HashSet<i64> = contact::Entity::find()
            .filter(contact::Column::Id.is_in(chunk.to_vec()))
            .filter(contact::Column::DeletedAt.is_null())
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|c| scope.covers(c.owner_id, c.team_id))
            .map(|c| c.id)
            .collect();
        if chunk.iter().any(|id| !ok.contains(id)) {
            return Err(AppError::invalid("members", "a contact does not exist"));
        }
    }
    for chunk in ls.chunks(500) {
        let ok: HashSet<i64> = lead::Entity::find()
            .filter(lead::Column::Id.is_in(chunk.to_vec()))
            .filter(lead::Column::DeletedAt.is_null())
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .filter(|l| scope.covers(l.owner_id, l.team_id))
            .map(|l| l.id)
            .collect();
        if chunk.iter().any(|id| !ok.contains(id)) {
            return Err(AppError::invalid("members", "a lead does not exist"));
        }
    }
    Ok(())
}

/// Adds contacts and leads by hand, as sent.
pub async fn add(
    store: &Store,
    actor: &Actor,
    campaign_id: i64,
    people: Vec<MemberRef>,
) -> AppResult<AddedMembers> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Marketing)?;
    if people.is_empty() {
        return Err(AppError::invalid("members", "choose someone to add"));
    }
    if people.len() as u64 > AUDIENCE_CAP {
        return Err(AppError::invalid(
            "members",
            format!("at most {AUDIENCE_CAP} at a time"),
        ));
    }
    let txn = store.write().await?;
    let c = load(&txn, campaign_id).await?;
    check_write(actor, &c)?;
    visible(&txn, actor, &people).await?;
    let out = insert_members(&txn, campaign_id, &people, MemberStatus::Sent).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        campaign_id,
        "members_added",
        None::<&()>,
        Some(&serde_json::json!({ "members": people, "added": out.added })),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

async fn audience_ids<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    audience: &Audience,
) -> AppResult<Vec<MemberRef>> {
    let q: &ListQuery = &audience.query;
    let (ids, make): (Vec<i64>, fn(i64) -> MemberRef) = match audience.kind {
        AudienceKind::Contacts => (
            contacts::matching_ids(conn, actor, q, AUDIENCE_CAP + 1).await?,
            MemberRef::Contact,
        ),
        AudienceKind::Leads => (
            leads::matching_ids(conn, actor, q, AUDIENCE_CAP + 1).await?,
            MemberRef::Lead,
        ),
    };
    if ids.len() as u64 > AUDIENCE_CAP {
        return Err(AppError::invalid(
            "audience",
            format!("matches more than {AUDIENCE_CAP} people; narrow it"),
        ));
    }
    Ok(ids.into_iter().map(make).collect())
}

/// How many people `audience` matches for the actor now (the preview
/// before adding).
pub async fn preview(
    store: &Store,
    actor: &Actor,
    campaign_id: i64,
    audience: Audience,
) -> AppResult<u32> {
    let conn = store.conn();
    check_read(actor, &load(conn, campaign_id).await?)?;
    let ids = audience_ids(conn, actor, &audience).await?;
    Ok(u32::try_from(ids.len()).unwrap_or(u32::MAX))
}

/// Adds everyone `audience` matches and saves it on the campaign (so
/// "add new matches" can run it again), in one transaction; compare-and-
/// set on the campaign's version.
pub async fn add_audience(
    store: &Store,
    actor: &Actor,
    campaign_id: i64,
    version: i64,
    audience: Audience,
) -> AppResult<AddedMembers> {
    let txn = store.write().await?;
    let c = load(&txn, campaign_id).await?;
    check_write(actor, &c)?;
    let people = audience_ids(&txn, actor, &audience).await?;
    let json = serde_json::to_string(&audience).map_err(internal)?;
    if !cas_update(
        &txn,
        "campaigns",
        campaign_id,
        version,
        vec![("audience", json.into())],
    )
    .await?
    {
        return Err(conflict(ENTITY, c.version));
    }
    let out = insert_members(&txn, campaign_id, &people, MemberStatus::Sent).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        campaign_id,
        "audience_added",
        None::<&()>,
        Some(&serde_json::json!({ "audience": audience, "added": out.added })),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(out)
}

async fn load_member<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<campaign_member::Model> {
    campaign_member::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("member"))
}

/// Moves a member to `status` (any step: a mistaken "converted" can be
/// taken back), compare-and-set on the member's version.
pub async fn set_status(
    store: &Store,
    actor: &Actor,
    member_id: i64,
    version: i64,
    status: MemberStatus,
) -> AppResult<MemberView> {
    let txn = store.write().await?;
    let m = load_member(&txn, member_id).await?;
    let c = load(&txn, m.campaign_id).await?;
    check_write(actor, &c)?;
    if !cas_update(
        &txn,
        "campaign_members",
        member_id,
        version,
        vec![("status", status.as_str().into())],
    )
    .await?
    {
        return Err(conflict("member", m.version));
    }
    let after = load_member(&txn, member_id).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        c.id,
        "member_status",
        Some(&serde_json::json!({ "member": member_id, "status": m.status })),
        Some(&serde_json::json!({ "member": member_id, "status": after.status })),
    )
    .await?;
    let out = views(&txn, actor, &[after]).await?.pop();
    txn.commit().await.map_err(internal)?;
    out.ok_or_else(|| AppError::not_found("member"))
}

pub async fn remove(store: &Store, actor: &Actor, member_id: i64) -> AppResult<()> {
    let txn = store.write().await?;
    let m = load_member(&txn, member_id).await?;
    let c = load(&txn, m.campaign_id).await?;
    check_write(actor, &c)?;
    campaign_member::Entity::delete_by_id(member_id)
        .exec(&txn)
        .await
        .map_err(internal)?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        c.id,
        "member_removed",
        Some(&serde_json::json!({
            "member": member_id,
            "contact": m.contact_id,
            "lead": m.lead_id,
            "status": m.status,
        })),
        None::<&()>,
    )
    .await?;
    txn.commit().await.map_err(internal)
}

/// The newest members, with the names the reader may see.
pub(super) async fn page<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    campaign_id: i64,
) -> AppResult<Vec<MemberView>> {
    let models = campaign_member::Entity::find()
        .filter(campaign_member::Column::CampaignId.eq(campaign_id))
        .order_by_desc(campaign_member::Column::AddedAt)
        .order_by_desc(campaign_member::Column::Id)
        .limit(PAGE)
        .all(conn)
        .await
        .map_err(internal)?;
    views(conn, actor, &models).await
}

async fn views<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    models: &[campaign_member::Model],
) -> AppResult<Vec<MemberView>> {
    let scope = read_scope(actor, Module::Customers);
    let cids: Vec<i64> = models.iter().filter_map(|m| m.contact_id).collect();
    let lids: Vec<i64> = models.iter().filter_map(|m| m.lead_id).collect();
    // (name, email, company) of those the reader may see.
    let mut people: HashMap<MemberRef, (String, String, String)> = HashMap::new();
    if !cids.is_empty() {
        for c in contact::Entity::find()
            .filter(contact::Column::Id.is_in(cids))
            .all(conn)
            .await
            .map_err(internal)?
        {
            if c.deleted_at.is_none() && scope.covers(c.owner_id, c.team_id) {
                people.insert(MemberRef::Contact(c.id), (c.name, c.email, String::new()));
            }
        }
    }
    if !lids.is_empty() {
        for l in lead::Entity::find()
            .filter(lead::Column::Id.is_in(lids))
            .all(conn)
            .await
            .map_err(internal)?
        {
            if l.deleted_at.is_none() && scope.covers(l.owner_id, l.team_id) {
                people.insert(MemberRef::Lead(l.id), (l.name, l.email, l.company));
            }
        }
    }
    Ok(models
        .iter()
        .filter_map(|m| {
            let member = m
                .contact_id
                .map(MemberRef::Contact)
                .or(m.lead_id.map(MemberRef::Lead))?;
            let (name, email, company) = match people.get(&member) {
                Some((n, e, c)) => (Some(n.clone()), e.clone(), c.clone()),
                None => (None, String::new(), String::new()),
            };
            Some(MemberView {
                id: m.id,
                member,
                name,
                email,
                company,
                status: MemberStatus::parse(&m.status).unwrap_or_default(),
                version: m.version,
                added_at: m.added_at,
            })
        })
        .collect())
}

/// A lead created (or edited) with `campaign_id` as its source joins the
/// campaign as one who responded. The campaign must exist and be readable.
pub(crate) async fn join_from_lead<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    campaign_id: i64,
    lead_id: i64,
) -> AppResult<()> {
    let c = load(conn, campaign_id)
        .await
        .map_err(|_| AppError::invalid("campaign_id", "does not exist"))?;
    check_read(actor, &c).map_err(|_| AppError::invalid("campaign_id", "does not exist"))?;
    let now = Utc::now();
    campaign_member::Entity::insert(campaign_member::ActiveModel {
        campaign_id: Set(campaign_id),
        contact_id: Set(None),
        lead_id: Set(Some(lead_id)),
        status: Set(MemberStatus::Responded.as_str().to_owned()),
        version: Set(1),
        added_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            campaign_member::Column::LeadId,
            campaign_member::Column::CampaignId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await
    .map_err(internal)?;
    Ok(())
}

/// A converted lead's memberships are converted.
pub(crate) async fn lead_converted<C: ConnectionTrait>(conn: &C, lead_id: i64) -> AppResult<()> {
    campaign_member::Entity::update_many()
        .col_expr(
            campaign_member::Column::Status,
            Expr::value(MemberStatus::Converted.as_str()),
        )
        .col_expr(
            campaign_member::Column::Version,
            Expr::col(campaign_member::Column::Version).add(1),
        )
        .col_expr(campaign_member::Column::UpdatedAt, Expr::value(Utc::now()))
        .filter(campaign_member::Column::LeadId.eq(lead_id))
        .exec(conn)
        .await
        .map_err(internal)?;
    Ok(())
}
