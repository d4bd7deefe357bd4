//! Writing a plan: batched inserts of the created records with their
//! derived rows (search terms, tags, stage history), compare-and-set
//! updates, and for every record an audit row and an import record —
//! all on the caller's transaction.

use std::collections::HashMap;

use chrono::Utc;
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde_json::{Map, Value, json};

use super::batch;
use super::plan::{Act, Item, Links, Plan};
use crate::domain::customer::RecordKind;
use crate::domain::customer::fields::{company_key, domain_of, email_key, phone_key};
use crate::domain::import::{AccountRecord, ContactRecord, DealRecord, Record, UserRecord};
use crate::domain::sales::{DealStatus, rank};
use crate::domain::{Actor, AppError, AppResult, Language, search};
use crate::store::customers::common::{cas_update, conflict, tags_json};
use crate::store::customers::{grading, index};
use crate::store::db::internal;
use crate::store::entity::{account, audit_log, contact, deal, team, user};
use crate::store::{Backend, Store};

/// Stored as the password of imported users: not a PHC string, so no
/// password ever matches it. They sign in once an admin sets a password.
pub const NO_PASSWORD: &str = "!imported";

/// The import records and audit rows of one import, written at the end.
pub struct Journal {
    pub import_id: i64,
    actor: Actor,
    records: Vec<Vec<SimpleExpr>>,
    audits: Vec<audit_log::ActiveModel>,
}

const RECORD_COLUMNS: [&str; 8] = [
    "import_id",
    "entity",
    "record_id",
    "action",
    "version",
    "before",
    "external_id",
    "row",
];

impl Journal {
    pub fn new(import_id: i64, actor: Actor) -> Journal {
        Journal {
            import_id,
            actor,
            records: Vec::new(),
            audits: Vec::new(),
        }
    }

    pub(super) fn actor_id(&self) -> i64 {
        self.actor.user_id
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn record(
        &mut self,
        entity: &str,
        id: i64,
        action: &str,
        version: i64,
        before: Option<&Value>,
        after: &Value,
        external_id: Option<&str>,
        row: usize,
    ) {
        let before_text = before.map(Value::to_string);
        self.records.push(vec![
            self.import_id.into(),
            entity.into(),
            id.into(),
            action.into(),
            version.into(),
            before_text.clone().into(),
            external_id.map(str::to_owned).into(),
            i32::try_from(row).unwrap_or(i32::MAX).into(),
        ]);
        self.audits.push(audit_log::ActiveModel {
            at: Set(Utc::now()),
            actor_id: Set(Some(self.actor.user_id)),
            entity: Set(entity.to_owned()),
            entity_id: Set(id.to_string()),
            action: Set(if action == "create" {
                "import".to_owned()
            } else {
                "import_update".to_owned()
            }),
            before: Set(before_text),
            after: Set(Some(after.to_string())),
            ..Default::default()
        });
    }

    /// Writes what has been recorded so far, so a large import holds at
    /// most one batch of journal rows in memory.
    pub async fn flush<C: ConnectionTrait>(&mut self, conn: &C) -> AppResult<()> {
        let records = std::mem::take(&mut self.records);
        batch::insert(conn, "import_records", &RECORD_COLUMNS, records).await?;
        batch::insert_models(conn, std::mem::take(&mut self.audits)).await
    }
}

/// Writes every planned row of `plan`, a chunk of rows at a time: a
/// chunk's records are read, written with their journal, and dropped
/// before the next, so memory does not grow with the file.
pub async fn apply<C: ConnectionTrait>(
    conn: &C,
    store: &Store,
    plan: &Plan<'_>,
    journal: &mut Journal,
) -> AppResult<()> {
    use crate::domain::import::Kind;
    let mut ranks = if plan.kind == Kind::Deals {
        deal_ranks(conn, store, plan).await?
    } else {
        HashMap::new()
    };
    let chunks = plan.chunks();
    let mut next = match chunks.first() {
        Some(first) => plan.items(first.clone())?,
        None => Vec::new(),
    };
    for at in 0..chunks.len() {
        let items = std::mem::take(&mut next);
        let following = chunks.get(at + 1).cloned();
        // The next chunk is read while this one is written.
        let (written, read) = tokio::join!(
            write_chunk(conn, plan, &items, &mut ranks, journal),
            async {
                match following {
                    Some(r) => plan.items_interleaved(r).await,
                    None => Ok(Vec::new()),
                }
            }
        );
        written?;
        next = read?;
    }
    Ok(())
}

async fn write_chunk<C: ConnectionTrait>(
    conn: &C,
    plan: &Plan<'_>,
    items: &[Item],
    ranks: &mut Ranks,
    journal: &mut Journal,
) -> AppResult<()> {
    use crate::domain::import::Kind;
    match plan.kind {
        Kind::Accounts => accounts(conn, items, journal).await?,
        Kind::Contacts => contacts(conn, items, journal).await?,
        Kind::Deals => deals(conn, items, ranks, journal).await?,
        Kind::Users => users(conn, plan, items, journal).await?,
        Kind::Leads => super::leads::write(conn, items, journal).await?,
        Kind::Activities => super::activities::write(conn, items, journal).await?,
    }
    journal.flush(conn).await
}

pub(super) fn creates<'p, T>(
    items: &'p [Item],
    pick: impl Fn(&'p Item) -> Option<T>,
) -> Vec<(&'p Item, T)> {
    items
        .iter()
        .filter(|i| i.act == Act::Create)
        .filter_map(|i| pick(i).map(|t| (i, t)))
        .collect()
}

/// Inserts search terms in term order: each statement then adds to a few
/// neighbouring pages of the term index rather than to pages all over
/// it, which SQLite must each copy aside first (contacts commit at
/// 100,000 rows: 9.9 → ? s).
async fn insert_terms<C: ConnectionTrait>(
    conn: &C,
    kind: RecordKind,
    mut terms: Vec<(String, i64, Option<i64>, Option<i64>)>,
) -> AppResult<()> {
    terms.sort_unstable();
    let rows = terms
        .into_iter()
        .map(|(term, id, owner, team)| {
            vec![
                term.into(),
                kind.as_str().into(),
                id.into(),
                owner.into(),
                team.into(),
            ]
        })
        .collect();
    batch::insert(conn, "search_terms", &TERM_COLUMNS, rows).await
}

/// A new record's id, owner, team, search terms and tags.
pub(super) type IndexRow = (i64, Option<i64>, Option<i64>, index::Terms, Vec<String>);

/// Search terms and tags of new customer records, in batches.
pub(super) async fn index_new<C: ConnectionTrait>(
    conn: &C,
    kind: RecordKind,
    rows: Vec<IndexRow>,
) -> AppResult<()> {
    let mut terms: Vec<(String, i64, Option<i64>, Option<i64>)> = Vec::new();
    let mut tags = Vec::new();
    for (id, owner, team, t, record_tags) in rows {
        for term in t.build() {
            terms.push((term, id, owner, team));
        }
        for tag in record_tags {
            tags.push(vec![
                kind.as_str().into(),
                id.into(),
                tag.to_lowercase().into(),
            ]);
        }
        // Flush as we go so memory stays flat on large files.
        if terms.len() >= 20_000 {
            insert_terms(conn, kind, std::mem::take(&mut terms)).await?;
        }
    }
    insert_terms(conn, kind, terms).await?;
    batch::insert(conn, "record_tags", &["kind", "record_id", "tag_key"], tags).await
}

const TERM_COLUMNS: [&str; 5] = ["term", "kind", "record_id", "owner_id", "team_id"];

fn account_terms(name: &str, email: &str, website: &str, phone: &str) -> index::Terms {
    index::Terms {
        names: vec![name.to_owned()],
        emails: vec![email.to_owned()],
        domains: vec![domain_of(website)],
        phones: vec![phone.to_owned()],
    }
}

fn contact_terms(name: &str, email: &str, phone: &str) -> index::Terms {
    index::Terms {
        names: vec![name.to_owned()],
        emails: vec![email.to_owned()],
        domains: vec![],
        phones: vec![phone.to_owned()],
    }
}

/// Rows per batch of new records: bounded so memory stays flat.
pub(super) const CHUNK: usize = 2_000;

async fn accounts<C: ConnectionTrait>(conn: &C, items: &[Item], j: &mut Journal) -> AppResult<()> {
    let (rules, _) = grading::rules(conn).await?;
    let now = Utc::now();
    let new = creates(items, |i| match (&i.record, &i.links) {
        (Record::Account(a), Links::Account(o)) => Some((a, *o)),
        _ => None,
    });
    for chunk in new.chunks(CHUNK) {
        let models = chunk
            .iter()
            .map(|(_, (a, o))| {
                let v = &a.input;
                let lifecycle = v.lifecycle.unwrap_or_default();
                let grade =
                    grading::grade_of(&rules, lifecycle.as_str(), v.annual_revenue, None, now);
                account::ActiveModel {
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
                    owner_id: Set(Some(o.owner_id)),
                    team_id: Set(o.team_id),
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
            })
            .collect();
        let ids = batch::insert_returning_ids(conn, models).await?;
        let mut idx = Vec::with_capacity(chunk.len());
        for ((item, (a, o)), id) in chunk.iter().zip(ids) {
            let v = &a.input;
            idx.push((
                id,
                Some(o.owner_id),
                o.team_id,
                account_terms(&v.name, &v.email, &v.website, &v.phone),
                v.tags.clone(),
            ));
            j.record(
                "account",
                id,
                "create",
                1,
                None,
                &json!({ "name": v.name, "industry": v.industry, "owner_id": o.owner_id, "team_id": o.team_id }),
                a.external_id.as_deref(),
                item.row,
            );
        }
        index_new(conn, RecordKind::Account, idx).await?;
        j.flush(conn).await?;
    }
    for item in items {
        if let (Act::Update { id, version }, Record::Account(a)) = (item.act, &item.record) {
            update_account(conn, j, item, a, id, version).await?;
        }
    }
    Ok(())
}

/// Non-empty text values become sets: an update fills in what the file
/// has and keeps what the file leaves empty.
pub(super) fn put(sets: &mut Vec<(&'static str, Value)>, col: &'static str, v: &str) {
    if !v.is_empty() {
        sets.push((col, Value::from(v)));
    }
}

/// The columns an account update may change, as stored now (what undo
/// puts back).
pub(super) fn account_snapshot(m: &account::Model) -> Value {
    json!({
        "name": m.name, "sort_key": m.sort_key, "name_key": m.name_key,
        "industry": m.industry, "source": m.source, "website": m.website,
        "domain": m.domain, "phone": m.phone, "phone_key": m.phone_key,
        "email": m.email, "email_key": m.email_key, "address": m.address,
        "owner_id": m.owner_id, "team_id": m.team_id, "tags": m.tags,
        "lifecycle": m.lifecycle, "annual_revenue": m.annual_revenue, "notes": m.notes,
    })
}

pub(super) fn contact_snapshot(m: &contact::Model) -> Value {
    json!({
        "account_id": m.account_id, "name": m.name, "sort_key": m.sort_key,
        "title": m.title, "email": m.email, "email_key": m.email_key,
        "phone": m.phone, "phone_key": m.phone_key, "address": m.address,
        "owner_id": m.owner_id, "team_id": m.team_id, "tags": m.tags, "notes": m.notes,
    })
}

pub(super) fn user_snapshot(m: &user::Model) -> Value {
    json!({ "display_name": m.display_name, "email": m.email, "team_id": m.team_id })
}

/// Integer columns among the snapshots' (a NULL must be bound with its
/// type on PostgreSQL).
const INT_COLUMNS: [&str; 4] = ["owner_id", "team_id", "annual_revenue", "account_id"];

/// JSON values back into SQL values for a compare-and-set update.
pub(super) fn sql_sets(values: &Map<String, Value>) -> AppResult<Vec<(&'static str, SimpleExpr)>> {
    const ALL: [&str; 24] = [
        "name",
        "sort_key",
        "name_key",
        "industry",
        "source",
        "website",
        "domain",
        "phone",
        "phone_key",
        "email",
        "email_key",
        "address",
        "owner_id",
        "team_id",
        "tags",
        "lifecycle",
        "annual_revenue",
        "notes",
        "account_id",
        "title",
        "display_name",
        "company",
        "company_key",
        "status",
    ];
    let mut out = Vec::new();
    for (k, v) in values {
        let col = ALL
            .iter()
            .find(|c| **c == k.as_str())
            .ok_or_else(|| AppError::Internal(format!("unknown import column {k}")))?;
        let expr: SimpleExpr = if INT_COLUMNS.contains(col) {
            Expr::value(v.as_i64())
        } else {
            Expr::value(v.as_str().unwrap_or_default().to_owned())
        };
        out.push((*col, expr));
    }
    Ok(out)
}

async fn update_account<C: ConnectionTrait>(
    conn: &C,
    j: &mut Journal,
    item: &Item,
    a: &AccountRecord,
    id: i64,
    version: i64,
) -> AppResult<()> {
    let m = account::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("account"))?;
    let v = &a.input;
    let mut sets = Vec::new();
    put(&mut sets, "name", &v.name);
    put(&mut sets, "sort_key", &search::sort_key(&v.name));
    put(&mut sets, "name_key", &company_key(&v.name));
    put(&mut sets, "industry", &v.industry);
    put(&mut sets, "source", &v.source);
    put(&mut sets, "website", &v.website);
    put(&mut sets, "domain", &domain_of(&v.website));
    put(&mut sets, "phone", &v.phone);
    put(&mut sets, "phone_key", &phone_key(&v.phone));
    put(&mut sets, "email", &v.email);
    put(&mut sets, "email_key", &email_key(&v.email));
    put(&mut sets, "address", &v.address);
    put(&mut sets, "notes", &v.notes);
    if let Some(l) = v.lifecycle {
        put(&mut sets, "lifecycle", l.as_str());
    }
    if let Some(r) = v.annual_revenue {
        sets.push(("annual_revenue", Value::from(r)));
    }
    if !v.tags.is_empty() {
        sets.push(("tags", Value::from(tags_json(&v.tags))));
    }
    if let (Links::Account(o), true) = (&item.links, a.ownership.owner.is_some()) {
        sets.push(("owner_id", Value::from(o.owner_id)));
        sets.push(("team_id", o.team_id.map_or(Value::Null, Value::from)));
    }
    let after: Map<String, Value> = sets.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    if !cas_update(conn, "accounts", id, version, sql_sets(&after)?).await? {
        return Err(conflict("account", m.version));
    }
    grading::regrade(conn, id).await?;
    let n = account::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("account"))?;
    index::write(
        conn,
        RecordKind::Account,
        id,
        n.owner_id,
        n.team_id,
        &account_terms(&n.name, &n.email, &n.website, &n.phone),
        &crate::store::customers::common::tags_from_json(&n.tags),
    )
    .await?;
    j.record(
        "account",
        id,
        "update",
        n.version,
        Some(&account_snapshot(&m)),
        &Value::Object(after),
        a.external_id.as_deref(),
        item.row,
    );
    Ok(())
}

async fn contacts<C: ConnectionTrait>(conn: &C, items: &[Item], j: &mut Journal) -> AppResult<()> {
    let now = Utc::now();
    let new = creates(items, |i| match (&i.record, &i.links) {
        (Record::Contact(c), Links::Contact { account_id, owned }) => {
            Some((c, *account_id, *owned))
        }
        _ => None,
    });
    for chunk in new.chunks(CHUNK) {
        let models = chunk
            .iter()
            .map(|(_, (c, account_id, o))| {
                let v = &c.input;
                contact::ActiveModel {
                    account_id: Set(*account_id),
                    name: Set(v.name.clone()),
                    sort_key: Set(search::sort_key(&v.name)),
                    title: Set(v.title.clone()),
                    email: Set(v.email.clone()),
                    email_key: Set(email_key(&v.email)),
                    phone: Set(v.phone.clone()),
                    phone_key: Set(phone_key(&v.phone)),
                    address: Set(v.address.clone()),
                    owner_id: Set(Some(o.owner_id)),
                    team_id: Set(o.team_id),
                    tags: Set(tags_json(&v.tags)),
                    notes: Set(v.notes.clone()),
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
        for ((item, (c, account_id, o)), id) in chunk.iter().zip(ids) {
            let v = &c.input;
            idx.push((
                id,
                Some(o.owner_id),
                o.team_id,
                contact_terms(&v.name, &v.email, &v.phone),
                v.tags.clone(),
            ));
            j.record(
                "contact",
                id,
                "create",
                1,
                None,
                &json!({ "name": v.name, "account_id": account_id, "owner_id": o.owner_id }),
                c.external_id.as_deref(),
                item.row,
            );
        }
        index_new(conn, RecordKind::Contact, idx).await?;
        j.flush(conn).await?;
    }
    for item in items {
        if let (Act::Update { id, version }, Record::Contact(c)) = (item.act, &item.record) {
            update_contact(conn, j, item, c, id, version).await?;
        }
    }
    Ok(())
}

async fn update_contact<C: ConnectionTrait>(
    conn: &C,
    j: &mut Journal,
    item: &Item,
    c: &ContactRecord,
    id: i64,
    version: i64,
) -> AppResult<()> {
    let m = contact::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("contact"))?;
    let v = &c.input;
    let mut sets = Vec::new();
    put(&mut sets, "name", &v.name);
    put(&mut sets, "sort_key", &search::sort_key(&v.name));
    put(&mut sets, "title", &v.title);
    put(&mut sets, "email", &v.email);
    put(&mut sets, "email_key", &email_key(&v.email));
    put(&mut sets, "phone", &v.phone);
    put(&mut sets, "phone_key", &phone_key(&v.phone));
    put(&mut sets, "address", &v.address);
    put(&mut sets, "notes", &v.notes);
    if !v.tags.is_empty() {
        sets.push(("tags", Value::from(tags_json(&v.tags))));
    }
    if let Links::Contact { account_id, owned } = &item.links {
        if let Some(a) = account_id {
            sets.push(("account_id", Value::from(*a)));
        }
        if c.ownership.owner.is_some() {
            sets.push(("owner_id", Value::from(owned.owner_id)));
            sets.push(("team_id", owned.team_id.map_or(Value::Null, Value::from)));
        }
    }
    let after: Map<String, Value> = sets.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    if !cas_update(conn, "contacts", id, version, sql_sets(&after)?).await? {
        return Err(conflict("contact", m.version));
    }
    let n = contact::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("contact"))?;
    index::write(
        conn,
        RecordKind::Contact,
        id,
        n.owner_id,
        n.team_id,
        &contact_terms(&n.name, &n.email, &n.phone),
        &crate::store::customers::common::tags_from_json(&n.tags),
    )
    .await?;
    j.record(
        "contact",
        id,
        "update",
        n.version,
        Some(&contact_snapshot(&m)),
        &Value::Object(after),
        c.external_id.as_deref(),
        item.row,
    );
    Ok(())
}

/// Ranks for the new open deals of each stage, above its current cards,
/// in file order, taken one by one as the chunks are written. The stage
/// row is locked first on PostgreSQL (as a move does), so no concurrent
/// move takes the same rank.
type Ranks = HashMap<i64, std::vec::IntoIter<String>>;

async fn deal_ranks<C: ConnectionTrait>(
    conn: &C,
    store: &Store,
    plan: &Plan<'_>,
) -> AppResult<Ranks> {
    let mut ranks = HashMap::new();
    for (&stage_id, &n) in &plan.open_per_stage {
        if store.backend() == Backend::Postgres {
            crate::store::sales::lock_stage(conn, store, stage_id).await?;
        }
        let top = crate::store::sales::column(stage_id)
            .one(conn)
            .await
            .map_err(internal)?
            .map(|d| d.rank);
        let mut out = Vec::with_capacity(n);
        let mut upper = top;
        for _ in 0..n {
            let r = rank::between(None, upper.as_deref())?;
            upper = Some(r.clone());
            out.push(r);
        }
        out.reverse();
        ranks.insert(stage_id, out.into_iter());
    }
    Ok(ranks)
}

async fn deals<C: ConnectionTrait>(
    conn: &C,
    items: &[Item],
    ranks: &mut Ranks,
    j: &mut Journal,
) -> AppResult<()> {
    let now = Utc::now();
    let new = creates(items, |i| match (&i.record, &i.links) {
        (Record::Deal(d), Links::Deal(l)) => Some((d, l.clone())),
        _ => None,
    });
    for chunk in new.chunks(CHUNK) {
        let mut models = Vec::with_capacity(chunk.len());
        for (item, (d, l)) in chunk {
            let rank = if l.status == DealStatus::Open {
                ranks
                    .get_mut(&l.stage_id)
                    .and_then(Iterator::next)
                    .ok_or_else(|| AppError::Internal("a rank went missing".into()))?
            } else {
                format!("~import{:08}", item.row)
            };
            models.push(deal_model(d, l, rank, now));
        }
        let ids = batch::insert_returning_ids(conn, models).await?;
        let mut visits = Vec::with_capacity(chunk.len());
        let mut links = Vec::new();
        for ((item, (d, l)), id) in chunk.iter().zip(ids) {
            visits.push(vec![
                id.into(),
                l.stage_id.into(),
                Expr::value(l.created_at),
                Expr::value(l.closed_at),
            ]);
            if let Some(c) = l.contact_id {
                links.push(vec![id.into(), c.into()]);
            }
            j.record(
                "deal",
                id,
                "create",
                1,
                None,
                &json!({ "title": d.title, "amount": d.amount, "currency": d.currency, "stage_id": l.stage_id, "status": l.status.as_str() }),
                d.external_id.as_deref(),
                item.row,
            );
        }
        batch::insert(
            conn,
            "stage_visits",
            &["deal_id", "stage_id", "entered_at", "left_at"],
            visits,
        )
        .await?;
        batch::insert(conn, "deal_contacts", &["deal_id", "contact_id"], links).await?;
        j.flush(conn).await?;
    }
    Ok(())
}

fn deal_model(
    d: &DealRecord,
    l: &super::plan::DealLinks,
    rank: String,
    now: chrono::DateTime<Utc>,
) -> deal::ActiveModel {
    deal::ActiveModel {
        title: Set(d.title.clone()),
        account_id: Set(l.account_id),
        amount: Set(d.amount),
        currency: Set(d.currency.clone()),
        expected_close: Set(d.expected_close),
        owner_id: Set(Some(l.owned.owner_id)),
        team_id: Set(l.owned.team_id),
        pipeline_id: Set(l.pipeline_id),
        stage_id: Set(l.stage_id),
        probability: Set(l.probability),
        probability_overridden: Set(l.overridden),
        status: Set(l.status.as_str().to_owned()),
        lost_reason: Set(String::new()),
        rank: Set(rank),
        notes: Set(d.notes.clone()),
        version: Set(1),
        created_at: Set(l.created_at),
        updated_at: Set(now),
        closed_at: Set(l.closed_at),
        entered_stage_at: Set(l.created_at),
        deleted_at: Set(None),
        ..Default::default()
    }
}

async fn users<C: ConnectionTrait>(
    conn: &C,
    plan: &Plan<'_>,
    items: &[Item],
    j: &mut Journal,
) -> AppResult<()> {
    let now = Utc::now();
    let dir = &plan.directory;
    let mut teams: HashMap<String, i64> = dir.teams.clone();
    for name in &plan.new_teams {
        let t = team::ActiveModel {
            name: Set(name.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await
        .map_err(internal)?;
        teams.insert(crate::domain::import::mapping::value_key(name), t.id);
        j.record(
            "team",
            t.id,
            "create",
            0,
            None,
            &json!({ "name": name }),
            None,
            0,
        );
    }
    let team_of = |name: &Option<String>| {
        name.as_ref().and_then(|n| {
            teams
                .get(&crate::domain::import::mapping::value_key(n))
                .copied()
        })
    };
    let mut new: Vec<(usize, UserRecord)> = plan
        .new_managers
        .iter()
        .map(|m| {
            (
                m.row,
                UserRecord {
                    username: m.username.clone(),
                    display_name: m.display_name.clone(),
                    email: String::new(),
                    role: m.role,
                    team: m.team.clone(),
                    manager: None,
                },
            )
        })
        .collect();
    new.extend(
        items
            .iter()
            .filter(|i| i.act == Act::Create)
            .filter_map(|i| match &i.record {
                Record::User(u) => Some((i.row, u.clone())),
                _ => None,
            }),
    );
    let models = new
        .iter()
        .map(|(_, u)| user::ActiveModel {
            username: Set(u.username.clone()),
            display_name: Set(u.display_name.clone()),
            email: Set(u.email.clone()),
            role: Set(u.role.as_str().to_owned()),
            team_id: Set(team_of(&u.team)),
            language: Set(Language::default().tag().to_owned()),
            password_hash: Set(NO_PASSWORD.to_owned()),
            active: Set(true),
            failed_logins: Set(0),
            locked_until: Set(None),
            version: Set(1),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    let ids = batch::insert_returning_ids(conn, models).await?;
    for ((row, u), id) in new.iter().zip(ids) {
        j.record(
            "user",
            id,
            "create",
            1,
            None,
            &json!({ "username": u.username, "display_name": u.display_name, "role": u.role.as_str(), "team_id": team_of(&u.team) }),
            None,
            *row,
        );
    }
    for item in items {
        let (Act::Update { id, version }, Record::User(u)) = (item.act, &item.record) else {
            continue;
        };
        let m = user::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .ok_or_else(|| AppError::not_found("user"))?;
        let mut sets = Vec::new();
        put(&mut sets, "display_name", &u.display_name);
        put(&mut sets, "email", &u.email);
        if let Some(t) = team_of(&u.team) {
            sets.push(("team_id", Value::from(t)));
        }
        let after: Map<String, Value> = sets.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
        if !cas_update(conn, "users", id, version, sql_sets(&after)?).await? {
            return Err(conflict("user", m.version));
        }
        j.record(
            "user",
            id,
            "update",
            version + 1,
            Some(&user_snapshot(&m)),
            &Value::Object(after),
            None,
            item.row,
        );
    }
    Ok(())
}
