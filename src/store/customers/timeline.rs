//! The 360° timeline of an account: its activities (and its contacts'),
//! its field changes from the audit log and the service tickets opened
//! about it (for those who may read service), newest first, paged by a
//! time cursor.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;

use super::activities::views;
use super::common::{Names, authorize_read};
use crate::domain::customer::{FieldChange, TicketMention, TimelineItem, TimelinePage};
use crate::domain::service::{Priority, TicketKind, TicketStatus};
use crate::domain::{Actor, AppResult, Module, read_scope};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::{activity, audit_log, contact, ticket};

/// Fields whose change is bookkeeping, not news.
const QUIET: &[&str] = &[
    "version",
    "updated_at",
    "created_at",
    "last_activity_at",
    "domain",
    "id",
    "deleted_at",
    "merge_id",
];

fn text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join(", "),
        Value::Object(o) => o.get("name").map(text).unwrap_or_default(),
        other => other.to_string(),
    }
}

/// What changed between two audit snapshots (top-level fields).
pub fn diff(action: &str, before: Option<&str>, after: Option<&str>) -> Vec<FieldChange> {
    let parse = |s: Option<&str>| s.and_then(|s| serde_json::from_str::<Value>(s).ok());
    let (b, a) = (parse(before), parse(after));
    match (action, b, a) {
        // A merge is an edit of the survivor (and of each merged record:
        // into the Trash, naming the survivor); undoing it is one too.
        (
            "update" | "merge" | "merged_into" | "unmerge",
            Some(Value::Object(b)),
            Some(Value::Object(a)),
        ) => a
            .iter()
            .filter(|(k, _)| !QUIET.contains(&k.as_str()))
            .filter_map(|(k, new)| {
                let old = b.get(k).unwrap_or(&Value::Null);
                let (from, to) = (text(old), text(new));
                (from != to).then(|| FieldChange {
                    field: k.clone(),
                    from,
                    to,
                })
            })
            .collect(),
        ("create" | "delete" | "restore", _, _) => Vec::new(),
        (_, None, Some(Value::Object(a))) => a
            .iter()
            .map(|(k, v)| FieldChange {
                field: k.clone(),
                from: String::new(),
                to: text(v),
            })
            .collect(),
        _ => Vec::new(),
    }
}

pub async fn account_timeline(
    store: &Store,
    actor: &Actor,
    account_id: i64,
    before: Option<DateTime<Utc>>,
    limit: u64,
) -> AppResult<TimelinePage> {
    let conn = store.conn();
    let acc = super::accounts::load(conn, account_id).await?;
    authorize_read(actor, acc.owner_id, acc.team_id, "account")?;
    let limit = limit.clamp(1, 100);
    let mut acts = activity::Entity::find().filter(activity::Column::AccountId.eq(account_id));
    let mut changes = audit_log::Entity::find()
        .filter(audit_log::Column::Entity.eq("account"))
        .filter(audit_log::Column::EntityId.eq(account_id.to_string()));
    if let Some(b) = before {
        acts = acts.filter(activity::Column::OccurredAt.lt(b));
        changes = changes.filter(audit_log::Column::At.lt(b));
    }
    let acts = acts
        .order_by_desc(activity::Column::OccurredAt)
        .order_by_desc(activity::Column::Id)
        .limit(limit + 1)
        .all(conn)
        .await
        .map_err(internal)?;
    let changes = changes
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .limit(limit + 1)
        .all(conn)
        .await
        .map_err(internal)?;
    let tickets = tickets(conn, actor, account_id, before, limit).await?;
    let names = Names::load(
        conn,
        changes
            .iter()
            .map(|c| c.actor_id)
            .chain(tickets.iter().map(|t| t.assignee_id)),
        [],
    )
    .await?;
    let contact_ids: Vec<i64> = tickets.iter().filter_map(|t| t.contact_id).collect();
    let contacts: std::collections::HashMap<i64, String> = if contact_ids.is_empty() {
        Default::default()
    } else {
        contact::Entity::find()
            .select_only()
            .columns([contact::Column::Id, contact::Column::Name])
            .filter(contact::Column::Id.is_in(contact_ids))
            .into_tuple::<(i64, String)>()
            .all(conn)
            .await
            .map_err(internal)?
            .into_iter()
            .collect()
    };
    let mut items: Vec<TimelineItem> = views(conn, &acts)
        .await?
        .into_iter()
        .map(TimelineItem::Activity)
        .collect();
    items.extend(changes.into_iter().map(|c| TimelineItem::Change {
        id: c.id,
        at: c.at,
        actor: names.user(c.actor_id),
        changes: diff(&c.action, c.before.as_deref(), c.after.as_deref()),
        action: c.action,
    }));
    items.extend(tickets.into_iter().map(|t| {
        TimelineItem::Ticket(TicketMention {
            id: t.id,
            subject: t.subject,
            kind: TicketKind::parse(&t.kind).unwrap_or(TicketKind::Question),
            priority: Priority::parse(&t.priority).unwrap_or(Priority::Normal),
            status: TicketStatus::parse(&t.status).unwrap_or(TicketStatus::New),
            contact: t.contact_id.map(|id| crate::domain::customer::Named {
                id,
                name: contacts.get(&id).cloned().unwrap_or_default(),
            }),
            assignee: names.user(t.assignee_id),
            opened_at: t.created_at,
        })
    }));
    items.sort_by_key(|i| std::cmp::Reverse(i.at()));
    let more = items.len() as u64 > limit;
    items.truncate(limit as usize);
    let next = if more {
        items.last().map(TimelineItem::at)
    } else {
        None
    };
    Ok(TimelinePage { items, next })
}

/// The account's tickets the actor may read (none without read access
/// to service), newest first, at most `limit + 1`.
async fn tickets<C: sea_orm::ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    account_id: i64,
    before: Option<DateTime<Utc>>,
    limit: u64,
) -> AppResult<Vec<ticket::Model>> {
    let scope = read_scope(actor, Module::Service);
    if scope == crate::domain::Scope::None {
        return Ok(Vec::new());
    }
    let mut find = ticket::Entity::find().filter(ticket::Column::AccountId.eq(account_id));
    if let Some(b) = before {
        find = find.filter(ticket::Column::CreatedAt.lt(b));
    }
    let found = find
        .order_by_desc(ticket::Column::CreatedAt)
        .order_by_desc(ticket::Column::Id)
        .limit(limit + 1)
        .all(conn)
        .await
        .map_err(internal)?;
    Ok(found
        .into_iter()
        .filter(|t| scope.covers(t.assignee_id, t.team_id))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_update_lists_only_what_changed() {
        let before = r#"{"name":"Acme","lifecycle":"Prospect","owner":{"id":1,"name":"Ann"},"version":1,"tags":["a"]}"#;
        let after = r#"{"name":"Acme","lifecycle":"Customer","owner":{"id":2,"name":"Bo"},"version":2,"tags":["a","b"]}"#;
        let d = diff("update", Some(before), Some(after));
        let fields: Vec<_> = d
            .iter()
            .map(|c| (c.field.as_str(), c.from.as_str(), c.to.as_str()))
            .collect();
        assert!(fields.contains(&("lifecycle", "Prospect", "Customer")));
        assert!(fields.contains(&("owner", "Ann", "Bo")));
        assert!(fields.contains(&("tags", "a", "a, b")));
        assert!(!fields.iter().any(|f| f.0 == "version" || f.0 == "name"));
    }
}
