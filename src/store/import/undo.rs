//! Undoing an import: delete what it created, put back what it updated —
//! only while nothing else has touched those records. Every record's
//! version must still be the one the import left, and nothing the import
//! did not create may refer to a record it created (a deal added later to
//! an imported account, a user who has since signed in and acted); else
//! the undo is refused, naming the record, and nothing changes.

use std::collections::{BTreeSet, HashMap};

use chrono::Utc;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Map, Value};

use super::write::sql_sets;
use super::{plan::authorize_import, summary};
use crate::domain::customer::RecordKind;
use crate::domain::import::ImportSummary;
use crate::domain::{Actor, AppError, AppResult, Role};
use crate::store::customers::common::{cas_update, tags_from_json};
use crate::store::customers::index;
use crate::store::db::internal;
use crate::store::entity::{account, contact, import, import_record, lead};
use crate::store::{Store, audit};

/// (table, the referrer's key column, the referring column, the
/// referrer's entity when an import can create it — such references
/// from this same import do not count).
type Reference = (
    &'static str,
    &'static str,
    &'static str,
    Option<&'static str>,
);

/// Who refers to records of each entity.
const REFERENCES: &[(&str, &[Reference])] = &[
    (
        "account",
        &[
            ("contacts", "id", "account_id", Some("contact")),
            ("deals", "id", "account_id", Some("deal")),
            ("activities", "id", "account_id", None),
            ("projects", "id", "account_id", None),
            ("leads", "id", "converted_account_id", None),
        ],
    ),
    (
        "contact",
        &[
            ("activities", "id", "contact_id", None),
            ("deal_contacts", "deal_id", "contact_id", Some("deal")),
            ("leads", "id", "converted_contact_id", None),
        ],
    ),
    ("deal", &[("projects", "id", "deal_id", None)]),
    ("lead", &[("activities", "id", "lead_id", None)]),
    (
        "user",
        &[
            ("accounts", "id", "owner_id", Some("account")),
            ("contacts", "id", "owner_id", Some("contact")),
            ("deals", "id", "owner_id", Some("deal")),
            ("leads", "id", "owner_id", Some("lead")),
            ("activities", "id", "assignee_id", Some("activity")),
            ("activities", "id", "author_id", Some("activity")),
            ("projects", "id", "manager_id", None),
            ("task_assignments", "task_id", "user_id", None),
            ("baselines", "id", "saved_by", None),
            ("audit_log", "id", "actor_id", None),
            ("sessions", "user_id", "user_id", None),
            ("imports", "id", "actor_id", None),
        ],
    ),
    (
        "team",
        &[
            ("users", "id", "team_id", Some("user")),
            ("accounts", "id", "team_id", Some("account")),
            ("contacts", "id", "team_id", Some("contact")),
            ("deals", "id", "team_id", Some("deal")),
            ("leads", "id", "team_id", Some("lead")),
            ("activities", "id", "team_id", Some("activity")),
            ("projects", "id", "team_id", None),
        ],
    ),
];

/// The table of an entity, and whether its rows carry a version.
fn table_of(entity: &str) -> AppResult<(&'static str, bool)> {
    Ok(match entity {
        "account" => ("accounts", true),
        "contact" => ("contacts", true),
        "deal" => ("deals", true),
        "user" => ("users", true),
        "lead" => ("leads", true),
        "activity" => ("activities", true),
        "team" => ("teams", false),
        other => return Err(AppError::Internal(format!("unknown import entity {other}"))),
    })
}

/// Deleting goes from the records that refer to others to those referred
/// to; restoring updates comes after.
const DELETE_ORDER: [&str; 7] = [
    "activity", "deal", "lead", "contact", "account", "user", "team",
];

pub async fn undo(store: &Store, actor: &Actor, import_id: i64) -> AppResult<ImportSummary> {
    let txn = store.write().await?;
    let imp = import::Entity::find_by_id(import_id)
        .one(&txn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found("import"))?;
    let kind = super::kind_of(&imp.kind)?;
    authorize_import(actor, kind)?;
    if imp.actor_id != Some(actor.user_id) && actor.role != Role::Admin {
        return Err(AppError::Forbidden);
    }
    if imp.status != "done" {
        return Err(AppError::invalid("import", "has been undone already"));
    }
    let records = import_record::Entity::find()
        .filter(import_record::Column::ImportId.eq(import_id))
        .all(&txn)
        .await
        .map_err(internal)?;
    let mut created: HashMap<&str, Vec<&import_record::Model>> = HashMap::new();
    let mut updated: Vec<&import_record::Model> = Vec::new();
    for r in &records {
        if r.action == "create" {
            created.entry(r.entity.as_str()).or_default().push(r);
        } else {
            updated.push(r);
        }
    }
    let created_ids: HashMap<&str, BTreeSet<i64>> = created
        .iter()
        .map(|(e, rs)| (*e, rs.iter().map(|r| r.record_id).collect()))
        .collect();

    // 1. Nothing changed since: versions as the import left them.
    for r in &records {
        check_version(&txn, r).await?;
    }
    // 2. Nothing else refers to what is about to be deleted.
    for (entity, refs) in REFERENCES {
        let Some(ids) = created_ids.get(entity) else {
            continue;
        };
        let ids: Vec<i64> = ids.iter().copied().collect();
        for (table, key, column, from_entity) in *refs {
            let mine = from_entity.and_then(|e| created_ids.get(e));
            if let Some((referrer, target)) = referrer(&txn, table, key, column, &ids, mine).await?
            {
                return Err(AppError::invalid(
                    "import",
                    format!(
                        "cannot be undone: {entity} {target} is used by {table} row {referrer}, which this import did not create"
                    ),
                ));
            }
        }
    }
    // 3. Delete what it created.
    let retouch = match created_ids.get("activity") {
        Some(ids) => {
            let ids: Vec<i64> = ids.iter().copied().collect();
            super::activities::accounts_of(&txn, &ids).await?
        }
        None => Vec::new(),
    };
    for entity in DELETE_ORDER {
        let Some(ids) = created_ids.get(entity) else {
            continue;
        };
        let ids: Vec<i64> = ids.iter().copied().collect();
        let (table, _) = table_of(entity)?;
        let kind = match entity {
            "account" => Some(RecordKind::Account),
            "contact" => Some(RecordKind::Contact),
            "lead" => Some(RecordKind::Lead),
            _ => None,
        };
        for chunk in ids.chunks(5_000) {
            if let Some(k) = kind {
                for t in ["search_terms", "record_tags"] {
                    let q = Query::delete()
                        .from_table(Alias::new(t))
                        .and_where(Expr::col(Alias::new("kind")).eq(k.as_str()))
                        .and_where(Expr::col(Alias::new("record_id")).is_in(chunk.iter().copied()))
                        .to_owned();
                    txn.execute(&q).await.map_err(internal)?;
                }
            }
            let q = Query::delete()
                .from_table(Alias::new(table))
                .and_where(Expr::col(Alias::new("id")).is_in(chunk.iter().copied()))
                .to_owned();
            txn.execute(&q).await.map_err(internal)?;
        }
    }
    super::activities::retouch(&txn, &retouch).await?;
    // 4. Put back what it updated.
    for r in &updated {
        restore(&txn, r).await?;
    }
    let now = Utc::now();
    let mut m: import::ActiveModel = imp.clone().into();
    m.status = Set("undone".to_owned());
    m.undone_at = Set(Some(now));
    m.undone_by = Set(Some(actor.user_id));
    let m = m.update(&txn).await.map_err(internal)?;
    audit::record(
        &txn,
        Some(actor),
        "import",
        import_id,
        "undo",
        None::<&()>,
        Some(&serde_json::json!({
            "deleted": records.iter().filter(|r| r.action == "create").count(),
            "restored": updated.len(),
        })),
    )
    .await?;
    txn.commit().await.map_err(internal)?;
    Ok(summary(&m))
}

async fn check_version<C: ConnectionTrait>(conn: &C, r: &import_record::Model) -> AppResult<()> {
    let (table, versioned) = table_of(&r.entity)?;
    let mut q = Query::select();
    q.from(Alias::new(table)).column(Alias::new("id"));
    if versioned {
        q.column(Alias::new("version"));
    }
    q.and_where(Expr::col(Alias::new("id")).eq(r.record_id));
    let row = conn.query_one(&q).await.map_err(internal)?;
    let Some(row) = row else {
        return Err(AppError::invalid(
            "import",
            format!(
                "cannot be undone: {} {} was deleted after the import",
                r.entity, r.record_id
            ),
        ));
    };
    if versioned {
        let version: i64 = row.try_get("", "version").map_err(internal)?;
        if version != r.version {
            return Err(AppError::Conflict {
                entity: format!(
                    "{} {} (imported at version {})",
                    r.entity, r.record_id, r.version
                ),
                current_version: version,
            });
        }
    }
    Ok(())
}

/// A row of `table` outside `mine` whose `column` is one of `ids`:
/// (its key, the id it refers to).
async fn referrer<C: ConnectionTrait>(
    conn: &C,
    table: &str,
    key: &str,
    column: &str,
    ids: &[i64],
    mine: Option<&BTreeSet<i64>>,
) -> AppResult<Option<(String, i64)>> {
    for chunk in ids.chunks(5_000) {
        let q = Query::select()
            .from(Alias::new(table))
            .expr_as(Expr::col(Alias::new(key)), Alias::new("k"))
            .expr_as(Expr::col(Alias::new(column)), Alias::new("c"))
            .and_where(Expr::col(Alias::new(column)).is_in(chunk.iter().copied()))
            .to_owned();
        for row in conn.query_all(&q).await.map_err(internal)? {
            let target: i64 = row.try_get("", "c").map_err(internal)?;
            let k = match row.try_get::<i64>("", "k") {
                Ok(k) => {
                    if mine.is_some_and(|m| m.contains(&k)) {
                        continue;
                    }
                    k.to_string()
                }
                Err(_) => row.try_get::<String>("", "k").unwrap_or_default(),
            };
            return Ok(Some((k, target)));
        }
    }
    Ok(None)
}

async fn restore<C: ConnectionTrait>(conn: &C, r: &import_record::Model) -> AppResult<()> {
    let before: Map<String, Value> = r
        .before
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok())
        .ok_or_else(|| {
            AppError::Internal(format!("import record {} has no previous values", r.id))
        })?;
    let (table, _) = table_of(&r.entity)?;
    if !cas_update(conn, table, r.record_id, r.version, sql_sets(&before)?).await? {
        return Err(AppError::Conflict {
            entity: format!("{} {}", r.entity, r.record_id),
            current_version: r.version,
        });
    }
    match r.entity.as_str() {
        "account" => {
            crate::store::customers::grading::regrade(conn, r.record_id).await?;
            if let Some(n) = account::Entity::find_by_id(r.record_id)
                .one(conn)
                .await
                .map_err(internal)?
            {
                index::write(
                    conn,
                    RecordKind::Account,
                    n.id,
                    n.owner_id,
                    n.team_id,
                    &index::Terms {
                        names: vec![n.name.clone()],
                        emails: vec![n.email.clone()],
                        domains: vec![n.domain.clone()],
                        phones: vec![n.phone.clone()],
                    },
                    &tags_from_json(&n.tags),
                )
                .await?;
            }
        }
        "contact" => {
            if let Some(n) = contact::Entity::find_by_id(r.record_id)
                .one(conn)
                .await
                .map_err(internal)?
            {
                index::write(
                    conn,
                    RecordKind::Contact,
                    n.id,
                    n.owner_id,
                    n.team_id,
                    &index::Terms {
                        names: vec![n.name.clone()],
                        emails: vec![n.email.clone()],
                        domains: vec![],
                        phones: vec![n.phone.clone()],
                    },
                    &tags_from_json(&n.tags),
                )
                .await?;
            }
        }
        "lead" => {
            if let Some(n) = lead::Entity::find_by_id(r.record_id)
                .one(conn)
                .await
                .map_err(internal)?
            {
                index::write(
                    conn,
                    RecordKind::Lead,
                    n.id,
                    n.owner_id,
                    n.team_id,
                    &super::leads::terms(&n.name, &n.company, &n.email, &n.website, &n.phone),
                    &[],
                )
                .await?;
            }
        }
        _ => {}
    }
    Ok(())
}
