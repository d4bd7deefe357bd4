//! Demo service tickets: a few weeks of a desk's work (answered, resolved,
//! rated, some late, some open), entered through the ticket services so
//! they have history, then moved back in time so the queue's clocks and
//! the service reports show something on first run.

use chrono::{DateTime, Duration, FixedOffset, NaiveTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::Store;
use super::db::internal;
use super::entity::ticket;
use super::seed::demo_actor;
use super::service::tickets;
use crate::domain::AppResult;
use crate::domain::customer::ListQuery;
use crate::domain::service::{
    CommentInput, Priority, Rating, TicketInput, TicketKind, TicketStatus, Visibility,
};

/// (account, subject, kind, priority, opened days ago, answered after
/// hours, resolved after hours, rating).
type DemoTicket = (
    &'static str,
    &'static str,
    TicketKind,
    Priority,
    i64,
    Option<i64>,
    Option<i64>,
    Option<u8>,
);

const TICKETS: [DemoTicket; 9] = [
    (
        "Northwind Traders",
        "Invoices arrive twice since the upgrade",
        TicketKind::Complaint,
        Priority::High,
        40,
        Some(2),
        Some(20),
        Some(4),
    ),
    (
        "Northwind Traders",
        "Add two users to the sales team",
        TicketKind::ServiceRequest,
        Priority::Normal,
        33,
        Some(3),
        Some(26),
        Some(5),
    ),
    (
        "北京云杉科技有限公司",
        "导出报表时中文乱码",
        TicketKind::Complaint,
        Priority::Urgent,
        26,
        Some(3),
        Some(30),
        Some(2),
    ),
    (
        "北京云杉科技有限公司",
        "如何设置回款提醒？",
        TicketKind::Question,
        Priority::Low,
        19,
        Some(5),
        Some(9),
        Some(5),
    ),
    (
        "Northwind Traders",
        "Can the board show weighted totals?",
        TicketKind::Question,
        Priority::Normal,
        12,
        Some(1),
        Some(4),
        None,
    ),
    (
        "北京云杉科技有限公司",
        "申请开通测试环境",
        TicketKind::ServiceRequest,
        Priority::Normal,
        6,
        Some(30),
        None,
        None,
    ),
    (
        "Northwind Traders",
        "Sign-in is slow in the morning",
        TicketKind::Complaint,
        Priority::High,
        3,
        Some(1),
        None,
        None,
    ),
    (
        "Northwind Traders",
        "Import of last year's calls",
        TicketKind::ServiceRequest,
        Priority::Low,
        1,
        None,
        None,
        None,
    ),
    (
        "北京云杉科技有限公司",
        "合同模板需要更新",
        TicketKind::Question,
        Priority::Normal,
        0,
        None,
        None,
        None,
    ),
];

pub(super) async fn demo_tickets(store: &Store) -> AppResult<()> {
    let agent = demo_actor(store, "service").await?;
    let admin = demo_actor(store, "admin").await?;
    let accts =
        super::customers::accounts::list(store, &admin, &ListQuery::default().normalized(), false)
            .await?;
    let now = Utc::now();
    let offset = super::service::levels::current(store.conn())
        .await?
        .0
        .offset();
    for (account, subject, kind, priority, days, answered, resolved, rating) in TICKETS {
        let Some(account_id) = accts.items.iter().find(|a| a.name == account).map(|a| a.id) else {
            continue;
        };
        let t = tickets::create(
            store,
            &agent,
            TicketInput {
                kind,
                subject: subject.into(),
                description: String::new(),
                account_id: Some(account_id),
                priority,
                assignee_id: (days > 0).then_some(agent.user_id),
                ..Default::default()
            },
        )
        .await?;
        let mut version = t.version;
        if answered.is_some() {
            tickets::comment(
                store,
                &agent,
                t.id,
                CommentInput {
                    body: "Thanks — we are looking into it.".into(),
                    visibility: Visibility::Customer,
                },
            )
            .await?;
            version =
                tickets::set_status(store, &agent, t.id, version, TicketStatus::InProgress, None)
                    .await?
                    .version;
        }
        if resolved.is_some() {
            version =
                tickets::set_status(store, &agent, t.id, version, TicketStatus::Resolved, None)
                    .await?
                    .version;
            if let Some(score) = rating {
                tickets::set_status(
                    store,
                    &agent,
                    t.id,
                    version,
                    TicketStatus::Closed,
                    Some(Rating {
                        score,
                        comment: String::new(),
                    }),
                )
                .await?;
            }
        }
        let opened = opened_at(now, days, offset);
        let after = |h: Option<i64>| h.map(|h| opened + Duration::hours(h));
        let resolved_at: Option<DateTime<Utc>> = after(resolved);
        ticket::Entity::update_many()
            .col_expr(ticket::Column::CreatedAt, Expr::value(opened))
            .col_expr(
                ticket::Column::FirstResponseAt,
                Expr::value(after(answered)),
            )
            .col_expr(ticket::Column::ResolvedAt, Expr::value(resolved_at))
            .col_expr(
                ticket::Column::ClosedAt,
                Expr::value(rating.and(resolved_at)),
            )
            .filter(ticket::Column::Id.eq(t.id))
            .exec(store.conn())
            .await
            .map_err(internal)?;
    }
    Ok(())
}

/// Demo tickets open at 09:30 on the desk's clock `days` ago, so their
/// answer and resolution times fall in working hours whatever the time of
/// day the demo is seeded (seeded at night, wall-clock offsets from "now"
/// gave zero working minutes to resolve). Today's ticket, if the desk's
/// day has not reached 09:30 yet, opened half an hour ago.
fn opened_at(now: DateTime<Utc>, days: i64, offset: FixedOffset) -> DateTime<Utc> {
    let day = (now - Duration::days(days))
        .with_timezone(&offset)
        .date_naive();
    let opened = day
        .and_time(NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default())
        .and_local_timezone(offset)
        .single()
        .map_or(now, |t| t.with_timezone(&Utc));
    opened.min(now - Duration::minutes(30))
}
