//! The review queue: groups of stored records that look like one
//! organisation or person, and "not duplicates" remembered per pair.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use crate::domain::customer::Named;
use crate::domain::customer::merge::{
    MergeKind, ReviewGroup, ReviewLink, ReviewPage, ReviewRecord,
};
use crate::domain::import::dedupe::Finder;
use crate::domain::{Action, Actor, AppResult, Module, Resource, authorize, read_scope};
use crate::store::Store;
use crate::store::customers::common::{Names, scope_condition};
use crate::store::db::internal;
use crate::store::entity::{account, contact};
use crate::store::scratch::{self, TempFiles};

/// A live record as the finder reads it.
struct Row {
    id: i64,
    name: String,
    email: String,
    phone: String,
    address: String,
    account_id: Option<i64>,
    owner_id: Option<i64>,
    version: i64,
    updated_at: DateTime<Utc>,
}

type AccountRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    DateTime<Utc>,
);
type ContactRow = (
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    i64,
    DateTime<Utc>,
    Option<i64>,
);

/// Every live record of `kind` the actor can see, by id.
async fn live<C: ConnectionTrait>(conn: &C, actor: &Actor, kind: MergeKind) -> AppResult<Vec<Row>> {
    let scope = read_scope(actor, Module::Customers);
    Ok(match kind {
        MergeKind::Account => {
            use account::Column as A;
            let rows: Vec<AccountRow> = account::Entity::find()
                .select_only()
                .columns([
                    A::Id,
                    A::Name,
                    A::Email,
                    A::Phone,
                    A::Address,
                    A::OwnerId,
                    A::Version,
                    A::UpdatedAt,
                ])
                .filter(A::DeletedAt.is_null())
                .filter(scope_condition(scope, A::OwnerId, A::TeamId)?)
                .order_by_asc(A::Id)
                .into_tuple()
                .all(conn)
                .await
                .map_err(internal)?;
            rows.into_iter()
                .map(
                    |(id, name, email, phone, address, owner_id, version, updated_at)| Row {
                        id,
                        name,
                        email,
                        phone,
                        address,
                        account_id: None,
                        owner_id,
                        version,
                        updated_at,
                    },
                )
                .collect()
        }
        MergeKind::Contact => {
            use contact::Column as C;
            let rows: Vec<ContactRow> = contact::Entity::find()
                .select_only()
                .columns([
                    C::Id,
                    C::Name,
                    C::Email,
                    C::Phone,
                    C::Address,
                    C::OwnerId,
                    C::Version,
                    C::UpdatedAt,
                    C::AccountId,
                ])
                .filter(C::DeletedAt.is_null())
                .filter(scope_condition(scope, C::OwnerId, C::TeamId)?)
                .order_by_asc(C::Id)
                .into_tuple()
                .all(conn)
                .await
                .map_err(internal)?;
            rows.into_iter()
                .map(
                    |(
                        id,
                        name,
                        email,
                        phone,
                        address,
                        owner_id,
                        version,
                        updated_at,
                        account_id,
                    )| {
                        Row {
                            id,
                            name,
                            email,
                            phone,
                            address,
                            account_id,
                            owner_id,
                            version,
                            updated_at,
                        }
                    },
                )
                .collect()
        }
    })
}

/// The rows in the duplicate finder (a blank value counts as missing).
fn finder(rows: &[Row]) -> AppResult<Finder<TempFiles>> {
    fn some(s: &str) -> Option<&str> {
        (!s.trim().is_empty()).then_some(s)
    }
    let mut finder = scratch::finder()?;
    for r in rows {
        finder
            .push(&r.name, some(&r.email), some(&r.phone), some(&r.address))
            .map_err(scratch::scratch_failed)?;
    }
    Ok(finder)
}

/// The groups of records of `kind` that look like duplicates, among the
/// live records the actor can see, largest first: the import's rule
/// (`domain::import::dedupe`), never linking a pair someone dismissed.
/// Each record comes with what points at it, each link with its reasons.
pub async fn duplicates(
    store: &Store,
    actor: &Actor,
    kind: MergeKind,
) -> AppResult<Vec<ReviewGroup>> {
    Ok(duplicates_page(store, actor, kind, 0, usize::MAX)
        .await?
        .groups)
}

/// [`duplicates`], groups `offset..offset + limit` only, with how many
/// there are: the queue shows a page, and what points at each record is
/// counted for that page alone.
#[tracing::instrument(skip(store))]
pub async fn duplicates_page(
    store: &Store,
    actor: &Actor,
    kind: MergeKind,
    offset: usize,
    limit: usize,
) -> AppResult<ReviewPage> {
    authorize(actor, Action::Read, Resource::Module(Module::Customers))?;
    let conn = store.conn();
    let rows = live(conn, actor, kind).await?;
    let dismissed = super::dismissals::dismissed(conn, kind).await?;
    let groups = finder(&rows)?
        .groups_except(|a, b| {
            let (x, y) = (rows[a].id, rows[b].id);
            dismissed.contains(&(Ord::min(x, y), Ord::max(x, y)))
        })
        .map_err(scratch::scratch_failed)?;
    let total = groups.len();
    let groups: Vec<_> = groups.into_iter().skip(offset).take(limit).collect();
    let grouped: Vec<i64> = groups
        .iter()
        .flat_map(|g| g.members.iter().map(|&m| rows[m].id))
        .collect();
    let counts = Counts::load(conn, kind, &grouped).await?;
    // Collected before the awaits: a future holding these iterators'
    // closures is not `Send` for every lifetime, as a server function needs.
    let owners: Vec<Option<i64>> = groups
        .iter()
        .flat_map(|g| g.members.iter().map(|&m| rows[m].owner_id))
        .collect();
    let names = Names::load(conn, owners, []).await?;
    let account_ids: HashSet<i64> = groups
        .iter()
        .flat_map(|g| g.members.iter().filter_map(|&m| rows[m].account_id))
        .collect();
    let accounts = account_names(conn, account_ids.into_iter().collect()).await?;
    let groups = groups
        .into_iter()
        .map(|g| ReviewGroup {
            kind,
            records: g
                .members
                .iter()
                .map(|&m| {
                    let r = &rows[m];
                    ReviewRecord {
                        id: r.id,
                        name: r.name.clone(),
                        email: r.email.clone(),
                        phone: r.phone.clone(),
                        address: r.address.clone(),
                        account: r.account_id.map(|id| Named {
                            id,
                            name: accounts.get(&id).cloned().unwrap_or_default(),
                        }),
                        owner: names.user(r.owner_id),
                        version: r.version,
                        deals: counts.deals.get(&r.id).copied().unwrap_or(0),
                        activities: counts.activities.get(&r.id).copied().unwrap_or(0),
                        contacts: counts.contacts.get(&r.id).copied().unwrap_or(0),
                        updated_at: r.updated_at,
                    }
                })
                .collect(),
            links: g
                .links
                .into_iter()
                .map(|l| ReviewLink {
                    a: rows[l.a].id,
                    b: rows[l.b].id,
                    reasons: l.reasons,
                })
                .collect(),
        })
        .collect();
    Ok(ReviewPage { total, groups })
}

async fn account_names<C: ConnectionTrait>(
    conn: &C,
    ids: Vec<i64>,
) -> AppResult<HashMap<i64, String>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(1_000) {
        let rows: Vec<(i64, String)> = account::Entity::find()
            .select_only()
            .columns([account::Column::Id, account::Column::Name])
            .filter(account::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?;
        out.extend(rows);
    }
    Ok(out)
}

/// What points at each grouped record.
#[derive(Default)]
struct Counts {
    deals: HashMap<i64, u64>,
    activities: HashMap<i64, u64>,
    contacts: HashMap<i64, u64>,
}

impl Counts {
    async fn load<C: ConnectionTrait>(conn: &C, kind: MergeKind, ids: &[i64]) -> AppResult<Counts> {
        let live_deals = || {
            Query::select()
                .column(Alias::new("id"))
                .from(Alias::new("deals"))
                .and_where(Expr::col(Alias::new("deleted_at")).is_null())
                .to_owned()
        };
        Ok(match kind {
            MergeKind::Account => Counts {
                deals: count_by(conn, "deals", "account_id", ids, true).await?,
                activities: count_by(conn, "activities", "account_id", ids, false).await?,
                contacts: count_by(conn, "contacts", "account_id", ids, true).await?,
            },
            MergeKind::Contact => {
                let mut deals = HashMap::new();
                for chunk in ids.chunks(1_000) {
                    let q = Query::select()
                        .expr_as(Expr::col(Alias::new("contact_id")), Alias::new("k"))
                        .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
                        .from(Alias::new("deal_contacts"))
                        .and_where(Expr::col(Alias::new("contact_id")).is_in(chunk.iter().copied()))
                        .and_where(Expr::col(Alias::new("deal_id")).in_subquery(live_deals()))
                        .group_by_col(Alias::new("contact_id"))
                        .to_owned();
                    read_counts(conn, &q, &mut deals).await?;
                }
                Counts {
                    deals,
                    activities: count_by(conn, "activities", "contact_id", ids, false).await?,
                    contacts: HashMap::new(),
                }
            }
        })
    }
}

/// Rows of `table` per value of `column` among `ids` (live rows only when
/// the table has a Trash).
async fn count_by<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    column: &str,
    ids: &[i64],
    has_trash: bool,
) -> AppResult<HashMap<i64, u64>> {
    let mut out = HashMap::new();
    for chunk in ids.chunks(1_000) {
        let mut q = Query::select();
        q.expr_as(Expr::col(Alias::new(column)), Alias::new("k"))
            .expr_as(Expr::cust("COUNT(*)"), Alias::new("n"))
            .from(Alias::new(table))
            .and_where(Expr::col(Alias::new(column)).is_in(chunk.iter().copied()))
            .group_by_col(Alias::new(column));
        if has_trash {
            q.and_where(Expr::col(Alias::new("deleted_at")).is_null());
        }
        read_counts(conn, &q, &mut out).await?;
    }
    Ok(out)
}

async fn read_counts<C: ConnectionTrait>(
    conn: &C,
    q: &sea_orm::sea_query::SelectStatement,
    out: &mut HashMap<i64, u64>,
) -> AppResult<()> {
    for r in conn.query_all(q).await.map_err(internal)? {
        let k: i64 = r.try_get("", "k").map_err(internal)?;
        let n: i64 = r.try_get("", "n").map_err(internal)?;
        out.insert(k, u64::try_from(n).unwrap_or(0));
    }
    Ok(())
}
