//! The rows that point at an account or a contact, moved to the survivor
//! of a merge and back by its undo. A new table that refers to accounts
//! or contacts is one entry in [`RELATIONS`].

use std::collections::BTreeMap;

use chrono::Utc;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query};
use serde::{Deserialize, Serialize};

use super::members::{self, Folded};
use crate::domain::AppResult;
use crate::domain::customer::merge::MergeKind;
use crate::store::db::internal;

/// How a table's rows refer to the record.
enum Shape {
    /// Rows with an `id`, a `version` and `updated_at`: the column is
    /// set and the version bumped (an open form on the row then conflicts
    /// rather than saving the old reference back).
    Versioned,
    /// A link table keyed by (`other`, the column), `other` referring to
    /// `other_table`: a link the survivor already has is dropped rather
    /// than duplicated.
    Pair {
        other: &'static str,
        other_table: &'static str,
    },
    /// Campaign memberships: versioned rows, one per person and campaign,
    /// whose status matters (see [`super::members`]).
    Membership,
}

struct Relation {
    kind: MergeKind,
    table: &'static str,
    column: &'static str,
    shape: Shape,
}

const RELATIONS: &[Relation] = &[
    Relation {
        kind: MergeKind::Account,
        table: "contacts",
        column: "account_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Account,
        table: "deals",
        column: "account_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Account,
        table: "activities",
        column: "account_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Account,
        table: "projects",
        column: "account_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Account,
        table: "leads",
        column: "converted_account_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Account,
        table: "tickets",
        column: "account_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Contact,
        table: "deal_contacts",
        column: "contact_id",
        shape: Shape::Pair {
            other: "deal_id",
            other_table: "deals",
        },
    },
    Relation {
        kind: MergeKind::Contact,
        table: "activities",
        column: "contact_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Contact,
        table: "leads",
        column: "converted_contact_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Contact,
        table: "tickets",
        column: "contact_id",
        shape: Shape::Versioned,
    },
    Relation {
        kind: MergeKind::Contact,
        table: "campaign_members",
        column: "contact_id",
        shape: Shape::Membership,
    },
];

/// What a merge moved: per table (`table.column`), each row's key (its
/// id, or for a link table the other end) and the record it pointed at.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Moved {
    pub moved: BTreeMap<String, Vec<(i64, i64)>>,
    /// Link rows deleted because the survivor already had the link.
    #[serde(default)]
    pub dropped: BTreeMap<String, Vec<(i64, i64)>>,
    /// Campaign memberships folded into the survivor's.
    #[serde(default)]
    pub folded: Vec<Folded>,
}

impl Moved {
    /// Rows per table now pointing at the survivor (dropped links count:
    /// the survivor has them).
    pub fn counts(&self) -> BTreeMap<String, u64> {
        let mut out: BTreeMap<String, u64> = BTreeMap::new();
        for (key, rows) in self.moved.iter().chain(&self.dropped) {
            let table = key.split('.').next().unwrap_or(key).to_owned();
            *out.entry(table).or_default() += rows.len() as u64;
        }
        if !self.folded.is_empty() {
            *out.entry("campaign_members".to_owned()).or_default() += self.folded.len() as u64;
        }
        out.retain(|_, n| *n > 0);
        out
    }
}

fn key(r: &Relation) -> String {
    format!("{}.{}", r.table, r.column)
}

fn ids_of(rows: Vec<sea_orm::QueryResult>, column: &str) -> AppResult<Vec<i64>> {
    rows.iter()
        .map(|r| r.try_get::<i64>("", column).map_err(internal))
        .collect()
}

/// Points every row that refers to one of `merged` at `survivor`.
pub(super) async fn move_to<C: ConnectionTrait>(
    conn: &C,
    kind: MergeKind,
    survivor: i64,
    merged: &[i64],
) -> AppResult<Moved> {
    let mut out = Moved::default();
    for r in RELATIONS.iter().filter(|r| r.kind == kind) {
        let (col, table) = (Alias::new(r.column), Alias::new(r.table));
        for &from in merged {
            match r.shape {
                Shape::Versioned => {
                    let q = Query::update()
                        .table(table.clone())
                        .value(col.clone(), survivor)
                        .value(
                            Alias::new("version"),
                            Expr::col(Alias::new("version")).add(1),
                        )
                        .value(Alias::new("updated_at"), Expr::value(Utc::now()))
                        .and_where(Expr::col(col.clone()).eq(from))
                        .returning_col(Alias::new("id"))
                        .to_owned();
                    let ids = ids_of(conn.query_all(&q).await.map_err(internal)?, "id")?;
                    out.moved
                        .entry(key(r))
                        .or_default()
                        .extend(ids.into_iter().map(|id| (id, from)));
                }
                Shape::Membership => {
                    let done = members::move_to(conn, survivor, from).await?;
                    out.moved
                        .entry(key(r))
                        .or_default()
                        .extend(done.moved.into_iter().map(|id| (id, from)));
                    out.folded.extend(done.folded);
                }
                Shape::Pair { other, .. } => {
                    let other_col = Alias::new(other);
                    let survivors_links = Query::select()
                        .column(other_col.clone())
                        .from(table.clone())
                        .and_where(Expr::col(col.clone()).eq(survivor))
                        .to_owned();
                    let drop = Query::delete()
                        .from_table(table.clone())
                        .and_where(Expr::col(col.clone()).eq(from))
                        .and_where(Expr::col(other_col.clone()).in_subquery(survivors_links))
                        .returning_col(other_col.clone())
                        .to_owned();
                    let dropped = ids_of(conn.query_all(&drop).await.map_err(internal)?, other)?;
                    let update = Query::update()
                        .table(table.clone())
                        .value(col.clone(), survivor)
                        .and_where(Expr::col(col.clone()).eq(from))
                        .returning_col(other_col.clone())
                        .to_owned();
                    let moved = ids_of(conn.query_all(&update).await.map_err(internal)?, other)?;
                    out.dropped
                        .entry(key(r))
                        .or_default()
                        .extend(dropped.into_iter().map(|k| (k, from)));
                    out.moved
                        .entry(key(r))
                        .or_default()
                        .extend(moved.into_iter().map(|k| (k, from)));
                }
            }
        }
    }
    out.moved.retain(|_, rows| !rows.is_empty());
    out.dropped.retain(|_, rows| !rows.is_empty());
    Ok(out)
}

/// Puts back exactly the rows a merge moved: each row that still points
/// at `survivor` points at its record again; dropped links come back.
/// Rows deleted since, or pointed elsewhere since, are left alone.
pub(super) async fn move_back<C: ConnectionTrait>(
    conn: &C,
    kind: MergeKind,
    survivor: i64,
    moved: &Moved,
) -> AppResult<()> {
    for r in RELATIONS.iter().filter(|r| r.kind == kind) {
        let key = key(r);
        let by_from = |rows: Option<&Vec<(i64, i64)>>| {
            let mut m: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
            for &(k, from) in rows.into_iter().flatten() {
                m.entry(from).or_default().push(k);
            }
            m
        };
        let (col, table) = (Alias::new(r.column), Alias::new(r.table));
        if matches!(r.shape, Shape::Membership) {
            // Folds first: a fold may have landed on a row the merge moved
            // from another merged contact, which is about to move back.
            members::unfold(conn, &moved.folded).await?;
        }
        for (from, keys) in by_from(moved.moved.get(&key)) {
            for chunk in keys.chunks(1_000) {
                match r.shape {
                    Shape::Versioned | Shape::Membership => {
                        let q = Query::update()
                            .table(table.clone())
                            .value(col.clone(), from)
                            .value(
                                Alias::new("version"),
                                Expr::col(Alias::new("version")).add(1),
                            )
                            .value(Alias::new("updated_at"), Expr::value(Utc::now()))
                            .and_where(Expr::col(Alias::new("id")).is_in(chunk.iter().copied()))
                            .and_where(Expr::col(col.clone()).eq(survivor))
                            .to_owned();
                        conn.execute(&q).await.map_err(internal)?;
                    }
                    Shape::Pair { other, other_table } => {
                        let q = Query::delete()
                            .from_table(table.clone())
                            .and_where(Expr::col(col.clone()).eq(survivor))
                            .and_where(Expr::col(Alias::new(other)).is_in(chunk.iter().copied()))
                            .returning_col(Alias::new(other))
                            .to_owned();
                        let back = ids_of(conn.query_all(&q).await.map_err(internal)?, other)?;
                        relink(conn, r, other, other_table, from, &back).await?;
                    }
                }
            }
        }
        if let Shape::Pair { other, other_table } = r.shape {
            for (from, keys) in by_from(moved.dropped.get(&key)) {
                for chunk in keys.chunks(1_000) {
                    relink(conn, r, other, other_table, from, chunk).await?;
                }
            }
        }
    }
    Ok(())
}

/// Inserts the links (`other` = each of `keys`, the column = `to`) of a
/// pair table whose other end still exists, skipping links already there.
async fn relink<C: ConnectionTrait>(
    conn: &C,
    r: &Relation,
    other: &str,
    other_table: &str,
    to: i64,
    keys: &[i64],
) -> AppResult<()> {
    if keys.is_empty() {
        return Ok(());
    }
    let existing = Query::select()
        .column(Alias::new("id"))
        .expr(Expr::val(to))
        .from(Alias::new(other_table))
        .and_where(Expr::col(Alias::new("id")).is_in(keys.iter().copied()))
        .to_owned();
    let mut q = Query::insert();
    q.into_table(Alias::new(r.table))
        .columns([Alias::new(other), Alias::new(r.column)])
        .select_from(existing)
        .map_err(internal)?
        .on_conflict(
            OnConflict::columns([Alias::new(other), Alias::new(r.column)])
                .do_nothing()
                .to_owned(),
        );
    conn.execute(&q).await.map_err(internal)?;
    Ok(())
}
