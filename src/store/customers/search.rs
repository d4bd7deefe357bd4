//! The search box: accounts, contacts and leads by any word of their name,
//! email, phone or web domain, as the user types.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, Order, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::customer::{Grade, RecordKind, SearchHit};
use crate::domain::{
    Action, Actor, AppError, AppResult, Module, Resource, Scope, authorize, read_scope, search,
};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::{account, contact, lead};

/// Most hits returned.
pub const MAX_HITS: usize = 20;

/// How much one search may read. Public so that tests can shrink them
/// and reach every path with a small database.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Terms of the rarest word looked at, at most; also the count up to
    /// which words are compared for rarity.
    pub range_cap: u64,
    /// Terms of the rarest word read (and checked against the other
    /// words) per round trip.
    pub probe_chunk: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            range_cap: 12_000,
            probe_chunk: 500,
        }
    }
}

/// The terms starting with `word`: one range of the term index.
fn range(word: &str) -> SelectStatement {
    Query::select()
        .column(Alias::new("kind"))
        .column(Alias::new("record_id"))
        .from(Alias::new("search_terms"))
        .and_where(Expr::col(Alias::new("term")).gte(word))
        .and_where(Expr::col(Alias::new("term")).lt(search::prefix_upper_bound(word)))
        .to_owned()
}

/// How many terms each word's prefix matches, counted up to one past
/// `cap`, in one round trip.
async fn counts<C: ConnectionTrait>(conn: &C, words: &[String], cap: u64) -> AppResult<Vec<u64>> {
    let mut q = Query::select();
    for (i, w) in words.iter().enumerate() {
        let count = Query::select()
            .expr(Expr::cust("COUNT(*)"))
            .from_subquery(
                range(w).limit(cap + 1).to_owned(),
                Alias::new(format!("r{i}")),
            )
            .to_owned();
        q.expr_as(
            SimpleExpr::SubQuery(None, Box::new(count.into())),
            Alias::new(format!("c{i}")),
        );
    }
    let row = conn
        .query_one(&q)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::Internal("the term counts returned no row".into()))?;
    (0..words.len())
        .map(|i| {
            row.try_get::<i64>("", &format!("c{i}"))
                .map(|n| u64::try_from(n).unwrap_or(0))
                .map_err(internal)
        })
        .collect()
}

async fn records<C: ConnectionTrait>(
    conn: &C,
    q: &SelectStatement,
) -> AppResult<Vec<(RecordKind, i64)>> {
    let rows = conn.query_all(q).await.map_err(internal)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let kind: String = r.try_get("", "kind").map_err(internal)?;
        let id: i64 = r.try_get("", "record_id").map_err(internal)?;
        if let Some(kind) = RecordKind::parse(&kind) {
            out.push((kind, id));
        }
    }
    Ok(out)
}

/// Each record once, in the order first seen.
fn dedup(rows: Vec<(RecordKind, i64)>) -> Vec<(RecordKind, i64)> {
    let mut seen = HashSet::new();
    rows.into_iter().filter(|r| seen.insert(*r)).collect()
}

/// Finds records matching every word of `query` that the actor may see,
/// in the order of the matched terms of the rarest word.
///
/// One word is one range scan of the term index. Several words: the
/// rarest word's range (in term order, in the caller's scope) is read a
/// page at a time, and each page's records are looked up among their own
/// terms for the other words, until enough match. A single correlated
/// EXISTS was the obvious statement, but PostgreSQL estimates a prefix
/// range of a text index at one row and then rescanned the second word's
/// range for every candidate (seconds at 100k accounts); spelled out as
/// two index lookups per page, neither backend's planner has a choice to
/// get wrong, and a common pair ("Kevin S") stops after its first page.
pub async fn search(store: &Store, actor: &Actor, query: &str) -> AppResult<Vec<SearchHit>> {
    search_with(store, actor, query, Limits::default()).await
}

/// [`search`] with other [`Limits`].
pub async fn search_with(
    store: &Store,
    actor: &Actor,
    query: &str,
    limits: Limits,
) -> AppResult<Vec<SearchHit>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let words = search::query_words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let conn = store.conn();
    let scope = read_scope(actor, Module::Customers);
    let in_scope = |mut q: SelectStatement| {
        if let Scope::OwnAndTeam { user_id, team_id } = scope {
            let mut c = Condition::any().add(Expr::col(Alias::new("owner_id")).eq(user_id));
            if let Some(t) = team_id {
                c = c.add(Expr::col(Alias::new("team_id")).eq(t));
            }
            q.cond_where(c);
        }
        q.order_by(Alias::new("term"), Order::Asc)
            .order_by(Alias::new("kind"), Order::Asc)
            .order_by(Alias::new("record_id"), Order::Asc)
            .to_owned()
    };
    if words.len() == 1 {
        // A record matches once per matching term; over-fetch, then dedupe.
        let q = in_scope(range(&words[0]))
            .limit((MAX_HITS * 4) as u64)
            .to_owned();
        let mut hits = dedup(records(conn, &q).await?);
        hits.truncate(MAX_HITS);
        return describe(conn, hits).await;
    }
    let counts = counts(conn, &words, limits.range_cap).await?;
    let mut order: Vec<usize> = (0..words.len()).collect();
    // Rarest first; among equally common words, the longer.
    order.sort_by_key(|&i| (counts[i], std::cmp::Reverse(words[i].chars().count())));
    // The rarest word's terms, a page at a time in term order, until
    // enough records also have the other words. When even the rarest
    // word is common, only its first `range_cap` terms are looked at:
    // typing more of any word narrows that.
    let page = limits.probe_chunk.max(1) as u64;
    let mut seen = HashSet::new();
    let mut hits: Vec<(RecordKind, i64)> = Vec::new();
    let mut offset = 0;
    while hits.len() < MAX_HITS && offset < limits.range_cap {
        let size = Ord::min(page, limits.range_cap - offset);
        let q = in_scope(range(&words[order[0]]))
            .limit(size)
            .offset(offset)
            .to_owned();
        let rows = records(conn, &q).await?;
        let last_page = (rows.len() as u64) < size;
        let mut candidates: Vec<(RecordKind, i64)> =
            rows.into_iter().filter(|r| seen.insert(*r)).collect();
        for &i in &order[1..] {
            if candidates.is_empty() {
                break;
            }
            let has = probe(conn, &words[i], &candidates).await?;
            candidates.retain(|c| has.contains(c));
        }
        hits.extend(candidates);
        if last_page {
            break;
        }
        offset += size;
    }
    hits.truncate(MAX_HITS);
    describe(conn, hits).await
}

/// Which of the candidates have a term starting with `word`, looked up
/// through each record's own terms (the record index), never through the
/// word's range: that range may hold hundreds of thousands of terms ("s").
/// The concatenation keeps the term index out of the planners' reach;
/// PostgreSQL estimates any prefix range at one row and would take it.
async fn probe<C: ConnectionTrait>(
    conn: &C,
    word: &str,
    candidates: &[(RecordKind, i64)],
) -> AppResult<HashSet<(RecordKind, i64)>> {
    let mut ids: Vec<i64> = candidates.iter().map(|c| c.1).collect();
    ids.sort_unstable();
    ids.dedup();
    let q = Query::select()
        .column(Alias::new("kind"))
        .column(Alias::new("record_id"))
        .from(Alias::new("search_terms"))
        .and_where(Expr::col(Alias::new("record_id")).is_in(ids))
        .and_where(Expr::cust("(term || '')").gte(word))
        .and_where(Expr::cust("(term || '')").lt(search::prefix_upper_bound(word)))
        .to_owned();
    Ok(records(conn, &q).await?.into_iter().collect())
}

async fn describe<C: ConnectionTrait>(
    conn: &C,
    hits: Vec<(RecordKind, i64)>,
) -> AppResult<Vec<SearchHit>> {
    let ids =
        |k: RecordKind| -> Vec<i64> { hits.iter().filter(|h| h.0 == k).map(|h| h.1).collect() };
    let mut found: HashMap<(RecordKind, i64), SearchHit> = HashMap::new();
    let acc_ids = ids(RecordKind::Account);
    if !acc_ids.is_empty() {
        for a in account::Entity::find()
            .filter(account::Column::Id.is_in(acc_ids))
            .all(conn)
            .await
            .map_err(internal)?
        {
            found.insert(
                (RecordKind::Account, a.id),
                SearchHit {
                    kind: RecordKind::Account,
                    id: a.id,
                    title: a.name,
                    detail: if a.domain.is_empty() {
                        a.industry
                    } else {
                        a.domain
                    },
                    grade: Grade::parse(&a.grade),
                },
            );
        }
    }
    let con_ids = ids(RecordKind::Contact);
    if !con_ids.is_empty() {
        let cs = contact::Entity::find()
            .filter(contact::Column::Id.is_in(con_ids))
            .all(conn)
            .await
            .map_err(internal)?;
        let acc: Vec<i64> = cs.iter().filter_map(|c| c.account_id).collect();
        let acc_names: HashMap<i64, (String, String)> = if acc.is_empty() {
            HashMap::new()
        } else {
            let rows: Vec<(i64, String, String)> = account::Entity::find()
                .select_only()
                .column(account::Column::Id)
                .column(account::Column::Name)
                .column(account::Column::Grade)
                .filter(account::Column::Id.is_in(acc))
                .into_tuple()
                .all(conn)
                .await
                .map_err(internal)?;
            rows.into_iter().map(|(i, n, g)| (i, (n, g))).collect()
        };
        for c in cs {
            let a = c.account_id.and_then(|id| acc_names.get(&id));
            let detail = match (a, c.email.is_empty()) {
                (Some((n, _)), _) => n.clone(),
                (None, false) => c.email.clone(),
                (None, true) => c.phone.clone(),
            };
            found.insert(
                (RecordKind::Contact, c.id),
                SearchHit {
                    kind: RecordKind::Contact,
                    id: c.id,
                    title: c.name,
                    detail,
                    grade: a.and_then(|(_, g)| Grade::parse(g)),
                },
            );
        }
    }
    let lead_ids = ids(RecordKind::Lead);
    if !lead_ids.is_empty() {
        for l in lead::Entity::find()
            .filter(lead::Column::Id.is_in(lead_ids))
            .all(conn)
            .await
            .map_err(internal)?
        {
            found.insert(
                (RecordKind::Lead, l.id),
                SearchHit {
                    kind: RecordKind::Lead,
                    id: l.id,
                    title: l.name,
                    detail: l.company,
                    grade: None,
                },
            );
        }
    }
    Ok(hits.into_iter().filter_map(|h| found.remove(&h)).collect())
}
