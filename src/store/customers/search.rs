//! The search box: accounts, contacts and leads by any word of their name,
//! email, phone or web domain, as the user types.

use std::collections::{HashMap, HashSet};

use sea_orm::sea_query::{Alias, Condition, Expr, ExprTrait, Order, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::customer::{Grade, RecordKind, SearchHit};
use crate::domain::{
    Action, Actor, AppResult, Module, Resource, Scope, authorize, read_scope, search,
};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::{account, contact, lead};

/// Most hits returned.
pub const MAX_HITS: usize = 20;

fn col(table: &str, c: &str) -> Expr {
    Expr::col((Alias::new(table), Alias::new(c)))
}

/// The statement: one range scan on the most selective (longest) word,
/// each other word an EXISTS on the record's own terms, the caller's scope
/// applied in the scan; in term order, so both backends return the same.
fn statement(words: &[String], scope: Scope, limit: u64) -> SelectStatement {
    let mut sorted: Vec<&String> = words.iter().collect();
    sorted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    let lead_word = sorted[0];
    let mut q = Query::select();
    q.column((Alias::new("t0"), Alias::new("kind")))
        .column((Alias::new("t0"), Alias::new("record_id")))
        .from_as(Alias::new("search_terms"), Alias::new("t0"))
        .and_where(col("t0", "term").gte(lead_word.as_str()))
        .and_where(col("t0", "term").lt(search::prefix_upper_bound(lead_word)));
    if let Scope::OwnAndTeam { user_id, team_id } = scope {
        let mut c = Condition::any().add(col("t0", "owner_id").eq(user_id));
        if let Some(t) = team_id {
            c = c.add(col("t0", "team_id").eq(t));
        }
        q.cond_where(c);
    }
    for (i, w) in sorted.iter().skip(1).enumerate() {
        let t = format!("t{}", i + 1);
        let sub = Query::select()
            .expr(Expr::val(1))
            .from_as(Alias::new("search_terms"), Alias::new(&t))
            .and_where(col(&t, "kind").equals((Alias::new("t0"), Alias::new("kind"))))
            .and_where(col(&t, "record_id").equals((Alias::new("t0"), Alias::new("record_id"))))
            .and_where(col(&t, "term").gte(w.as_str()))
            .and_where(col(&t, "term").lt(search::prefix_upper_bound(w)))
            .to_owned();
        q.and_where(Expr::exists(sub));
    }
    q.order_by((Alias::new("t0"), Alias::new("term")), Order::Asc)
        .limit(limit);
    q
}

/// Finds records matching every word of `query` that the actor may see.
pub async fn search(store: &Store, actor: &Actor, query: &str) -> AppResult<Vec<SearchHit>> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let words = search::query_words(query);
    if words.is_empty() {
        return Ok(Vec::new());
    }
    let conn = store.conn();
    let scope = read_scope(actor, Module::Customers);
    // A record matches once per matching term; over-fetch, then dedupe.
    let rows = conn
        .query_all(&statement(&words, scope, (MAX_HITS * 4) as u64))
        .await
        .map_err(internal)?;
    let mut seen = HashSet::new();
    let mut hits: Vec<(RecordKind, i64)> = Vec::new();
    for r in rows {
        let kind: String = r.try_get("", "kind").map_err(internal)?;
        let id: i64 = r.try_get("", "record_id").map_err(internal)?;
        if let Some(kind) = RecordKind::parse(&kind)
            && seen.insert((kind, id))
        {
            hits.push((kind, id));
            if hits.len() == MAX_HITS {
                break;
            }
        }
    }
    describe(conn, hits).await
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
