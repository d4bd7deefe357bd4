//! Writing imported leads: batched inserts with their search terms, and
//! updates of the open leads a row was chosen to update (what undo puts
//! back is kept in the journal).

use chrono::Utc;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::{Map, Value, json};

use super::batch;
use super::plan::{Act, Item, Links};
use super::write::{CHUNK, Journal, creates, index_new, put, sql_sets};
use crate::domain::customer::RecordKind;
use crate::domain::customer::fields::{company_key, domain_of, email_key, phone_key};
use crate::domain::import::{LeadRecord, Record};
use crate::domain::{AppError, AppResult, search};
use crate::store::customers::common::{cas_update, conflict};
use crate::store::customers::index;
use crate::store::db::internal;
use crate::store::entity::lead;

pub(super) fn terms(
    name: &str,
    company: &str,
    email: &str,
    website: &str,
    phone: &str,
) -> index::Terms {
    index::Terms {
        names: vec![name.to_owned(), company.to_owned()],
        emails: vec![email.to_owned()],
        domains: vec![domain_of(website)],
        phones: vec![phone.to_owned()],
    }
}

/// The columns an update may change, as stored now (what undo puts back).
pub(super) fn snapshot(m: &lead::Model) -> Value {
    json!({
        "name": m.name, "sort_key": m.sort_key, "company": m.company,
        "company_key": m.company_key, "title": m.title, "email": m.email,
        "email_key": m.email_key, "phone": m.phone, "phone_key": m.phone_key,
        "website": m.website, "domain": m.domain, "source": m.source,
        "notes": m.notes, "status": m.status, "owner_id": m.owner_id, "team_id": m.team_id,
    })
}

pub(super) async fn write<C: ConnectionTrait>(
    conn: &C,
    items: &[Item],
    j: &mut Journal,
) -> AppResult<()> {
    let now = Utc::now();
    let new = creates(items, |i| match (&i.record, &i.links) {
        (Record::Lead(l), Links::Lead(o)) => Some((l, *o)),
        _ => None,
    });
    for chunk in new.chunks(CHUNK) {
        let models = chunk
            .iter()
            .map(|(_, (l, o))| {
                let v = &l.input;
                lead::ActiveModel {
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
                    status: Set(l.status.as_str().to_owned()),
                    disqualify_reason: Set(String::new()),
                    owner_id: Set(Some(o.owner_id)),
                    team_id: Set(o.team_id),
                    converted_account_id: Set(None),
                    converted_contact_id: Set(None),
                    version: Set(1),
                    created_at: Set(now),
                    updated_at: Set(now),
                    deleted_at: Set(None),
                    ..Default::default()
                }
            })
            .collect();
        let ids = batch::insert_returning_ids(conn, models).await?;
        let mut idx = Vec::with_capacity(chunk.len());
        for ((item, (l, o)), id) in chunk.iter().zip(ids) {
            let v = &l.input;
            idx.push((
                id,
                Some(o.owner_id),
                o.team_id,
                terms(&v.name, &v.company, &v.email, &v.website, &v.phone),
                Vec::new(),
            ));
            j.record(
                "lead",
                id,
                "create",
                1,
                None,
                &json!({ "name": v.name, "company": v.company, "status": l.status.as_str(), "owner_id": o.owner_id }),
                l.external_id.as_deref(),
                item.row,
            );
        }
        index_new(conn, RecordKind::Lead, idx).await?;
        j.flush(conn).await?;
    }
    for item in items {
        if let (Act::Update { id, version }, Record::Lead(l)) = (item.act, &item.record) {
            update(conn, j, item, l, id, version).await?;
        }
    }
    Ok(())
}

/// Fills in what the file has and keeps what it leaves empty; a status
/// in the file replaces the lead's unless the lead was converted.
async fn update<C: ConnectionTrait>(
    conn: &C,
    j: &mut Journal,
    item: &Item,
    l: &LeadRecord,
    id: i64,
    version: i64,
) -> AppResult<()> {
    let m = lead::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("lead"))?;
    let v = &l.input;
    let mut sets = Vec::new();
    put(&mut sets, "name", &v.name);
    put(&mut sets, "sort_key", &search::sort_key(&v.name));
    put(&mut sets, "company", &v.company);
    put(&mut sets, "company_key", &company_key(&v.company));
    put(&mut sets, "title", &v.title);
    put(&mut sets, "email", &v.email);
    put(&mut sets, "email_key", &email_key(&v.email));
    put(&mut sets, "phone", &v.phone);
    put(&mut sets, "phone_key", &phone_key(&v.phone));
    put(&mut sets, "website", &v.website);
    put(&mut sets, "domain", &domain_of(&v.website));
    put(&mut sets, "source", &v.source);
    put(&mut sets, "notes", &v.notes);
    if m.status != l.status.as_str() && m.converted_account_id.is_none() {
        put(&mut sets, "status", l.status.as_str());
    }
    if let (Links::Lead(o), true) = (&item.links, l.ownership.owner.is_some()) {
        sets.push(("owner_id", Value::from(o.owner_id)));
        sets.push(("team_id", o.team_id.map_or(Value::Null, Value::from)));
    }
    let after: Map<String, Value> = sets.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    if !cas_update(conn, "leads", id, version, sql_sets(&after)?).await? {
        return Err(conflict("lead", m.version));
    }
    let n = lead::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("lead"))?;
    index::write(
        conn,
        RecordKind::Lead,
        id,
        n.owner_id,
        n.team_id,
        &terms(&n.name, &n.company, &n.email, &n.website, &n.phone),
        &[],
    )
    .await?;
    j.record(
        "lead",
        id,
        "update",
        n.version,
        Some(&snapshot(&m)),
        &Value::Object(after),
        l.external_id.as_deref(),
        item.row,
    );
    Ok(())
}
