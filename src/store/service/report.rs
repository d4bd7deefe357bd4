//! The facts of the service reports: the tickets that can count in a
//! range, with working minutes and clocks from the service calendar; the
//! figures themselves are `domain::service::report`.

use chrono::{Duration, TimeZone, Utc};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter};

use super::levels;
use crate::domain::service::report::{ServiceReport, ServiceReportQuery, TicketFact, report};
use crate::domain::service::{Priority, TicketKind, working_minutes};
use crate::domain::{Action, Actor, AppResult, Module, Resource, authorize, read_scope};
use crate::store::Store;
use crate::store::db::internal;
use crate::store::entity::ticket;

/// The service report over `query`, of the tickets the actor may read.
pub async fn service_report(
    store: &Store,
    actor: &Actor,
    query: ServiceReportQuery,
) -> AppResult<ServiceReport> {
    authorize(actor, Action::Read, Resource::Module(Module::Service))?;
    let query = query.validated()?;
    let conn = store.conn();
    let (levels, _) = levels::current(conn).await?;
    let offset = levels.offset();
    // The range's first and last instants at the desk (a day either side
    // is harmless: the domain counts by local day).
    let start = offset
        .from_local_datetime(&query.from.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
        - Duration::days(1);
    let end = offset
        .from_local_datetime(&query.to.and_hms_opt(0, 0, 0).unwrap_or_default())
        .single()
        .map_or_else(Utc::now, |t| t.with_timezone(&Utc))
        + Duration::days(2);
    // Everything opened by the end that was not done before the start.
    let models = ticket::Entity::find()
        .filter(ticket::Column::CreatedAt.lt(end))
        .filter(
            Condition::any()
                .add(ticket::Column::ResolvedAt.is_null())
                .add(ticket::Column::ResolvedAt.gte(start))
                .add(ticket::Column::ClosedAt.is_null())
                .add(ticket::Column::ClosedAt.gte(start)),
        )
        .all(conn)
        .await
        .map_err(internal)?;
    let scope = read_scope(actor, Module::Service);
    let models: Vec<ticket::Model> = models
        .into_iter()
        .filter(|m| scope.covers(m.assignee_id, m.team_id))
        .collect();
    let now = Utc::now();
    let oldest = models.iter().map(|m| m.created_at).min().unwrap_or(now);
    let mut table = levels.table(oldest);
    let mut facts = Vec::with_capacity(models.len());
    for m in &models {
        let targets = levels.targets(Priority::parse(&m.priority).unwrap_or(Priority::Normal));
        let resolved = m.resolved_at.or(m.closed_at);
        let mut minutes = |to: Option<chrono::DateTime<Utc>>| {
            to.and_then(|t| working_minutes(&mut table, offset, m.created_at, t).ok())
        };
        let response_minutes = minutes(m.first_response_at);
        // Time waiting on the customer is not the desk's time to resolve.
        let resolve_minutes = minutes(resolved).map(|r| (r - m.paused_minutes).max(0));
        let (response, resolution) = super::views::clocks(&mut table, offset, targets, m, now);
        facts.push(TicketFact {
            kind: TicketKind::parse(&m.kind).unwrap_or(TicketKind::Question),
            opened: m.created_at,
            responded: m.first_response_at,
            resolved,
            closed: m.closed_at,
            response_minutes,
            resolve_minutes,
            response,
            resolution,
            rating: m.rating.and_then(|r| u8::try_from(r).ok()),
        });
    }
    Ok(report(query, &facts, offset))
}
