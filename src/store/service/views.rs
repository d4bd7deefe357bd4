//! Tickets as pages show them: names of the people, teams, accounts and
//! contacts they refer to, and both service-level clocks as of the read.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::levels;
use crate::domain::customer::Named;
use crate::domain::schedule::WorkTable;
use crate::domain::service::{
    CommentView, Pause, Priority, SlaClock, SlaTargets, TicketKind, TicketStatus, TicketView,
    Visibility, clock, paused_clock,
};
use crate::domain::{AppError, AppResult};
use crate::store::customers::common::Names;
use crate::store::db::internal;
use crate::store::entity::{account, contact, ticket, ticket_comment};

/// Names of the accounts and contacts tickets refer to.
async fn customer_names<C: ConnectionTrait>(
    conn: &C,
    models: &[ticket::Model],
) -> AppResult<(HashMap<i64, String>, HashMap<i64, String>)> {
    let a: Vec<i64> = models.iter().filter_map(|m| m.account_id).collect();
    let c: Vec<i64> = models.iter().filter_map(|m| m.contact_id).collect();
    let mut accounts = HashMap::new();
    let mut contacts = HashMap::new();
    for chunk in a.chunks(1_000) {
        let rows: Vec<(i64, String)> = account::Entity::find()
            .select_only()
            .column(account::Column::Id)
            .column(account::Column::Name)
            .filter(account::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?;
        accounts.extend(rows);
    }
    for chunk in c.chunks(1_000) {
        let rows: Vec<(i64, String)> = contact::Entity::find()
            .select_only()
            .column(contact::Column::Id)
            .column(contact::Column::Name)
            .filter(contact::Column::Id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await
            .map_err(internal)?;
        contacts.extend(rows);
    }
    Ok((accounts, contacts))
}

/// How long a ticket's resolution clock stood still (waits on the
/// customer).
pub(crate) fn pause_of(m: &ticket::Model) -> Pause {
    Pause {
        minutes: m.paused_minutes,
        since: m.waiting_since,
    }
}

/// A ticket's two clocks as of `now`: the first response (never paused)
/// and the resolution (paused by waits on the customer). One place for
/// the queue, the reports and the automation sweep.
pub(crate) fn clocks(
    table: &mut WorkTable,
    offset: FixedOffset,
    targets: SlaTargets,
    m: &ticket::Model,
    now: DateTime<Utc>,
) -> (Option<SlaClock>, Option<SlaClock>) {
    let first_response = clock(
        table,
        offset,
        m.created_at,
        targets.first_response_minutes,
        m.first_response_at,
        now,
    )
    .ok();
    let resolution = paused_clock(
        table,
        offset,
        m.created_at,
        targets.resolution_minutes,
        m.resolved_at.or(m.closed_at),
        now,
        pause_of(m),
    )
    .ok();
    (first_response, resolution)
}

/// Views with their clocks as of `now`; one compiled calendar serves the
/// whole list (from the oldest ticket's day).
pub(super) async fn views<C: ConnectionTrait>(
    conn: &C,
    models: &[ticket::Model],
    now: DateTime<Utc>,
) -> AppResult<Vec<TicketView>> {
    let (levels, _) = levels::current(conn).await?;
    let names = Names::load(
        conn,
        models.iter().flat_map(|m| [m.assignee_id, m.created_by]),
        models.iter().map(|m| m.team_id),
    )
    .await?;
    let (accounts, contacts) = customer_names(conn, models).await?;
    let oldest = models.iter().map(|m| m.created_at).min().unwrap_or(now);
    let mut table = levels.table(oldest);
    let offset = levels.offset();
    let named = |map: &HashMap<i64, String>, id: Option<i64>| {
        id.map(|id| Named {
            id,
            name: map.get(&id).cloned().unwrap_or_default(),
        })
    };
    let mut out = Vec::with_capacity(models.len());
    for m in models {
        let priority = Priority::parse(&m.priority).unwrap_or(Priority::Normal);
        let targets = levels.targets(priority);
        let (first_response, resolution) = clocks(&mut table, offset, targets, m, now);
        out.push(TicketView {
            id: m.id,
            kind: TicketKind::parse(&m.kind).unwrap_or(TicketKind::Question),
            subject: m.subject.clone(),
            description: m.description.clone(),
            account: named(&accounts, m.account_id),
            contact: named(&contacts, m.contact_id),
            priority,
            status: TicketStatus::parse(&m.status).unwrap_or(TicketStatus::New),
            assignee: names.user(m.assignee_id),
            team: names.team(m.team_id),
            created_by: names.user(m.created_by),
            first_response_at: m.first_response_at,
            resolved_at: m.resolved_at,
            closed_at: m.closed_at,
            rating: m.rating.and_then(|r| u8::try_from(r).ok()),
            rating_comment: m.rating_comment.clone(),
            first_response,
            resolution,
            version: m.version,
            created_at: m.created_at,
            updated_at: m.updated_at,
        });
    }
    Ok(out)
}

pub(super) async fn view<C: ConnectionTrait>(conn: &C, m: &ticket::Model) -> AppResult<TicketView> {
    let mut v = views(conn, std::slice::from_ref(m), Utc::now()).await?;
    v.pop()
        .ok_or_else(|| AppError::Internal("a ticket view went missing".into()))
}

pub(super) async fn comments<C: ConnectionTrait>(
    conn: &C,
    ticket_id: i64,
) -> AppResult<Vec<CommentView>> {
    let rows = ticket_comment::Entity::find()
        .filter(ticket_comment::Column::TicketId.eq(ticket_id))
        .order_by_asc(ticket_comment::Column::Id)
        .all(conn)
        .await
        .map_err(internal)?;
    let names = Names::load(conn, rows.iter().map(|c| c.author_id), []).await?;
    Ok(rows
        .into_iter()
        .map(|c| CommentView {
            id: c.id,
            author: names.user(c.author_id),
            body: c.body,
            visibility: Visibility::parse(&c.visibility).unwrap_or(Visibility::Internal),
            created_at: c.created_at,
        })
        .collect())
}
