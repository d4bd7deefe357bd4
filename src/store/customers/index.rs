//! The derived indexes of customer records: search terms and tags.
//! Rewritten whole whenever a record changes (a handful of rows), in the
//! record's own transaction.

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};

use crate::domain::AppResult;
use crate::domain::customer::RecordKind;
use crate::domain::search;
use crate::store::db::internal;

/// What a record is found by.
#[derive(Default)]
pub struct Terms {
    pub names: Vec<String>,
    pub emails: Vec<String>,
    pub domains: Vec<String>,
    pub phones: Vec<String>,
}

impl Terms {
    pub fn build(&self) -> Vec<String> {
        let mut out = Vec::new();
        for n in &self.names {
            search::name_terms(n, &mut out);
        }
        for e in &self.emails {
            search::email_terms(e, &mut out);
        }
        for d in &self.domains {
            search::domain_terms(d, &mut out);
        }
        for p in &self.phones {
            search::phone_terms(p, &mut out);
        }
        search::dedup(out)
    }
}

pub async fn remove<C: ConnectionTrait>(conn: &C, kind: RecordKind, id: i64) -> AppResult<()> {
    for table in ["search_terms", "record_tags"] {
        let q = Query::delete()
            .from_table(Alias::new(table))
            .and_where(Expr::col(Alias::new("kind")).eq(kind.as_str()))
            .and_where(Expr::col(Alias::new("record_id")).eq(id))
            .to_owned();
        conn.execute(&q).await.map_err(internal)?;
    }
    Ok(())
}

/// Replaces the record's search terms and tags.
pub async fn write<C: ConnectionTrait>(
    conn: &C,
    kind: RecordKind,
    id: i64,
    owner_id: Option<i64>,
    team_id: Option<i64>,
    terms: &Terms,
    tags: &[String],
) -> AppResult<()> {
    remove(conn, kind, id).await?;
    let terms = terms.build();
    if !terms.is_empty() {
        let mut q = Query::insert();
        q.into_table(Alias::new("search_terms")).columns([
            Alias::new("term"),
            Alias::new("kind"),
            Alias::new("record_id"),
            Alias::new("owner_id"),
            Alias::new("team_id"),
        ]);
        for t in terms {
            q.values_panic([
                t.into(),
                kind.as_str().into(),
                id.into(),
                owner_id.into(),
                team_id.into(),
            ]);
        }
        conn.execute(&q).await.map_err(internal)?;
    }
    if !tags.is_empty() {
        let mut q = Query::insert();
        q.into_table(Alias::new("record_tags")).columns([
            Alias::new("kind"),
            Alias::new("record_id"),
            Alias::new("tag_key"),
        ]);
        for t in tags {
            q.values_panic([kind.as_str().into(), id.into(), t.to_lowercase().into()]);
        }
        conn.execute(&q).await.map_err(internal)?;
    }
    Ok(())
}
