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
use crate::domain::schedule::Calendar;
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
    let levels = super::service::levels::current(store.conn()).await?.0;
    let offset = levels.offset();
    let calendar = levels.calendar.preset();
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
        let opened = opened_at(now, days, offset, calendar.as_ref());
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

/// Demo tickets open at 09:30 on a working day of the desk's calendar,
/// `days` ago or the working day before, so their answer and resolution
/// times fall in working hours whatever the day and hour the demo is
/// seeded (seeded at night, wall-clock offsets from "now" gave zero
/// working minutes; seeded on a Thursday, every resolved ticket opened on
/// a Saturday did too). Today's ticket, if the desk's day has not reached
/// 09:30 yet, opened half an hour ago.
fn opened_at(
    now: DateTime<Utc>,
    days: i64,
    offset: FixedOffset,
    calendar: Option<&Calendar>,
) -> DateTime<Utc> {
    let mut day = (now - Duration::days(days))
        .with_timezone(&offset)
        .date_naive();
    if days > 0
        && let Some(calendar) = calendar
    {
        // A fortnight covers any run of holidays the presets hold.
        for _ in 0..14 {
            if calendar.hours_on(day).is_working() {
                break;
            }
            day = day.pred_opt().unwrap_or(day);
        }
    }
    let opened = day
        .and_time(NaiveTime::from_hms_opt(9, 30, 0).unwrap_or_default())
        .and_local_timezone(offset)
        .single()
        .map_or(now, |t| t.with_timezone(&Utc));
    opened.min(now - Duration::minutes(30))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, NaiveDate, Weekday};

    /// Whatever the weekday the demo is seeded on, past tickets open on a
    /// weekday at 09:30 (today's may not, it opened half an hour ago).
    #[test]
    fn past_tickets_open_on_working_days() {
        let calendar = crate::domain::project::CalendarKey::Standard.preset();
        let offset = FixedOffset::east_opt(8 * 3600).expect("offset");
        for d in 0..7 {
            let now = NaiveDate::from_ymd_opt(2026, 12, 3 + d)
                .and_then(|d| d.and_hms_opt(1, 48, 0))
                .map(|t| t.and_utc())
                .expect("date");
            for days in [1, 3, 6, 12, 19, 26, 33, 40] {
                let local = opened_at(now, days, offset, calendar.as_ref()).with_timezone(&offset);
                assert!(
                    !matches!(local.weekday(), Weekday::Sat | Weekday::Sun),
                    "{now} − {days} days opened on {local}"
                );
                assert_eq!(
                    local.time(),
                    NaiveTime::from_hms_opt(9, 30, 0).expect("time")
                );
                assert!(local.with_timezone(&Utc) <= now);
            }
        }
    }
}
