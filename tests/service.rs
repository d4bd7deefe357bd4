//! Service tickets in the store, on SQLite and PostgreSQL: the life cycle
//! with its rules, first response and resolution clocks stopped by the
//! right events, ratings, reopening, permissions per role and queue,
//! conflicts on stale versions, the audit trail, and service-level due
//! times worked by hand across a weekend and China's National Day week.

mod support;

use cairn::domain::customer::AccountInput;
use cairn::domain::project::CalendarKey;
use cairn::domain::service::{
    CommentInput, Priority, Rating, ServiceLevels, SlaState, TicketInput, TicketKind, TicketQuery,
    TicketStatus, Visibility,
};
use cairn::domain::{AppError, Role};
use cairn::store::Store;
use cairn::store::audit;
use cairn::store::customers::accounts;
use cairn::store::service::{levels, tickets};
use chrono::{DateTime, TimeZone, Utc};
use support::{actor, actor_in, databases};

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

/// Moves a ticket's creation to a fixed moment (the clocks count from it).
async fn created_at(s: &Store, id: i64, at: DateTime<Utc>) {
    use cairn::store::entity::ticket;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    ticket::Entity::update_many()
        .col_expr(ticket::Column::CreatedAt, Expr::value(at))
        .filter(ticket::Column::Id.eq(id))
        .exec(s.conn())
        .await
        .expect("set created_at");
}

#[tokio::test]
async fn a_ticket_is_opened_assigned_answered_resolved_rated_and_reopened() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let agent = actor_in(s, "sam", Role::Service, "Support").await;
        let other = actor_in(s, "olga", Role::Service, "Field").await;
        let sales = actor_in(s, "ann", Role::Sales, "East").await;
        let viewer = actor(s, "vera", Role::Viewer).await;
        let acme = accounts::create(
            s,
            &admin,
            AccountInput {
                name: "Acme Corporation".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let input = TicketInput {
            kind: TicketKind::Complaint,
            subject: "Invoices arrive twice".into(),
            description: "Since the upgrade every invoice is emailed twice.".into(),
            account_id: Some(acme.id),
            priority: Priority::High,
            ..Default::default()
        };
        // Sales may read tickets, not open them; a customer is required.
        assert_eq!(
            tickets::create(s, &sales, input.clone()).await.err(),
            Some(AppError::Forbidden)
        );
        let no_customer = TicketInput {
            account_id: None,
            ..input.clone()
        };
        assert!(matches!(
            tickets::create(s, &agent, no_customer).await,
            Err(AppError::Validation { field, .. }) if field == "account_id"
        ));

        let t = tickets::create(s, &agent, input.clone())
            .await
            .expect("open");
        assert_eq!(t.status, TicketStatus::New);
        assert_eq!(t.team.as_ref().map(|x| x.name.as_str()), Some("Support"));
        assert_eq!(t.account.as_ref().map(|a| a.id), Some(acme.id));
        // Working on it needs an assignee.
        assert!(matches!(
            tickets::set_status(s, &agent, t.id, t.version, TicketStatus::InProgress, None).await,
            Err(AppError::Validation { reason, .. }) if reason == "assign the ticket to someone first"
        ));
        // Another team's agent can neither change nor take it.
        let take = TicketInput {
            assignee_id: Some(other.user_id),
            ..input.clone()
        };
        assert_eq!(
            tickets::update(s, &other, t.id, t.version, take)
                .await
                .err(),
            Some(AppError::Forbidden)
        );
        let mine = TicketInput {
            assignee_id: Some(agent.user_id),
            ..input.clone()
        };
        let t = tickets::update(s, &agent, t.id, t.version, mine.clone())
            .await
            .expect("assign");
        assert_eq!(t.status, TicketStatus::Assigned, "assigning a new ticket");
        // A stale version is a conflict, not a lost update.
        assert!(matches!(
            tickets::update(s, &agent, t.id, t.version - 1, mine).await,
            Err(AppError::Conflict { current_version, .. }) if current_version == t.version
        ));
        let t = tickets::set_status(s, &agent, t.id, t.version, TicketStatus::InProgress, None)
            .await
            .expect("start");

        // An internal note is not a response; a reply to the customer is.
        let d = tickets::comment(
            s,
            &agent,
            t.id,
            CommentInput {
                body: "Looks like the mail queue retries.".into(),
                visibility: Visibility::Internal,
            },
        )
        .await
        .expect("note");
        assert_eq!(d.ticket.first_response_at, None);
        let d = tickets::comment(
            s,
            &agent,
            t.id,
            CommentInput {
                body: "We found the cause and are fixing it.".into(),
                visibility: Visibility::Customer,
            },
        )
        .await
        .expect("reply");
        assert!(d.ticket.first_response_at.is_some());
        assert_eq!(
            d.ticket.first_response.map(|c| c.state),
            Some(SlaState::Met)
        );
        assert_eq!(d.comments.len(), 2);
        assert_eq!(d.comments[1].visibility, Visibility::Customer);
        assert_eq!(
            d.ticket.version, t.version,
            "comments do not bump the version"
        );

        // Closing comes after resolving; the rating comes with closing.
        assert!(matches!(
            tickets::set_status(s, &agent, t.id, t.version, TicketStatus::Closed, None).await,
            Err(AppError::Validation { reason, .. }) if reason == "only a resolved ticket can be closed"
        ));
        let t = tickets::set_status(s, &agent, t.id, t.version, TicketStatus::Resolved, None)
            .await
            .expect("resolve");
        assert!(t.resolved_at.is_some());
        assert_eq!(t.resolution.map(|c| c.state), Some(SlaState::Met));
        let bad = Rating {
            score: 6,
            comment: String::new(),
        };
        assert!(
            tickets::set_status(s, &agent, t.id, t.version, TicketStatus::Closed, Some(bad))
                .await
                .is_err()
        );
        let t = tickets::set_status(
            s,
            &agent,
            t.id,
            t.version,
            TicketStatus::Closed,
            Some(Rating {
                score: 4,
                comment: "Quick, once it reached the right person".into(),
            }),
        )
        .await
        .expect("close");
        assert_eq!((t.status, t.rating), (TicketStatus::Closed, Some(4)));

        // Reopened: back to the assignee, clocks running, rating gone.
        let t = tickets::set_status(s, &agent, t.id, t.version, TicketStatus::InProgress, None)
            .await
            .expect("reopen");
        assert_eq!((t.resolved_at, t.closed_at, t.rating), (None, None, None));
        assert!(matches!(
            t.resolution.map(|c| c.state),
            Some(SlaState::OnTrack | SlaState::AtRisk | SlaState::Breached)
        ));

        // Queues: open tickets; "my tickets"; a viewer reads, sales reads.
        let open = tickets::list(s, &viewer, &TicketQuery::default())
            .await
            .expect("queue");
        assert_eq!(open.iter().map(|x| x.id).collect::<Vec<_>>(), vec![t.id]);
        let mine = tickets::list(
            s,
            &other,
            &TicketQuery {
                mine: true,
                ..Default::default()
            },
        )
        .await
        .expect("mine");
        assert!(mine.is_empty());
        assert!(tickets::get(s, &sales, t.id).await.is_ok());

        // Every change is in the ticket's history.
        let history = audit::history(s.conn(), "ticket", &t.id.to_string())
            .await
            .expect("history");
        let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(
            actions,
            vec![
                "create",
                "update",
                "status_in_progress",
                "comment",
                "comment",
                "status_resolved",
                "status_closed",
                "reopen"
            ],
            "{}",
            db.name
        );
    }
}

#[tokio::test]
async fn due_times_follow_the_service_calendar() {
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let agent = actor_in(s, "sam", Role::Service, "Support").await;
        let acme = accounts::create(
            s,
            &admin,
            AccountInput {
                name: "Acme".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let open = |priority| TicketInput {
            subject: "Help".into(),
            account_id: Some(acme.id),
            priority,
            ..Default::default()
        };

        // Default levels: standard hours in UTC; normal is 8 h to first
        // response. Opened Friday 27 November 2026 16:00: one hour on
        // Friday, then Monday 08–12 and 13–16.
        let t = tickets::create(s, &agent, open(Priority::Normal))
            .await
            .expect("open");
        created_at(s, t.id, utc(2026, 11, 27, 16, 0)).await;
        let v = tickets::get(s, &agent, t.id).await.expect("get").ticket;
        let first = v.first_response.expect("clock");
        assert_eq!(first.due, utc(2026, 11, 30, 16, 0), "{}", db.name);
        // Read now (December 2026 or later), nobody has answered: breached.
        assert_eq!(first.state, SlaState::Breached);

        // Only admins set the levels.
        let china = ServiceLevels {
            calendar: CalendarKey::ChinaMainland,
            utc_offset_minutes: 8 * 60,
            ..Default::default()
        };
        assert_eq!(
            levels::set(s, &agent, china.clone(), 0).await.err(),
            Some(AppError::Forbidden)
        );
        levels::set(s, &admin, china.clone(), 0)
            .await
            .expect("levels");
        assert!(matches!(
            levels::set(s, &admin, china, 0).await,
            Err(AppError::Conflict { .. })
        ));

        // China mainland, Beijing time; urgent is 1 h / 8 h. Opened
        // Wednesday 30 September 2026 17:00 Beijing (09:00 UTC): the first
        // hour is due at 18:00 that day; the 8 h resume after the National
        // Day holidays and end on Thursday 8 October 17:00 Beijing.
        let u = tickets::create(s, &agent, open(Priority::Urgent))
            .await
            .expect("urgent");
        created_at(s, u.id, utc(2026, 9, 30, 9, 0)).await;
        let v = tickets::get(s, &agent, u.id).await.expect("get").ticket;
        assert_eq!(
            v.first_response.map(|c| c.due),
            Some(utc(2026, 9, 30, 10, 0)),
            "{}",
            db.name
        );
        assert_eq!(v.resolution.map(|c| c.due), Some(utc(2026, 10, 8, 9, 0)));
    }
}

/// The account's 360° timeline shows the tickets opened about it, where
/// they stand now, newest first among its activities and changes, and
/// pages them with the rest.
#[tokio::test]
async fn tickets_appear_on_the_account_timeline() {
    use cairn::domain::customer::TimelineItem;
    use cairn::store::customers::timeline;
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let agent = actor_in(s, "sam", Role::Service, "Support").await;
        let sales = actor_in(s, "ann", Role::Sales, "East").await;
        let acme = accounts::create(
            s,
            &sales,
            AccountInput {
                name: "Acme Corporation".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let other = accounts::create(
            s,
            &admin,
            AccountInput {
                name: "Globex".into(),
                ..Default::default()
            },
        )
        .await
        .expect("globex");
        let open = |subject: &str, account_id: i64| TicketInput {
            kind: TicketKind::Question,
            subject: subject.into(),
            account_id: Some(account_id),
            priority: Priority::Urgent,
            assignee_id: Some(agent.user_id),
            ..Default::default()
        };
        let older = tickets::create(s, &agent, open("Login fails", acme.id))
            .await
            .expect("older");
        created_at(s, older.id, Utc::now() - chrono::Duration::days(400)).await;
        let t = tickets::create(s, &agent, open("Export is slow", acme.id))
            .await
            .expect("ticket");
        tickets::create(s, &agent, open("Not Acme's", other.id))
            .await
            .expect("other account's");
        tickets::set_status(s, &agent, t.id, t.version, TicketStatus::InProgress, None)
            .await
            .expect("in progress");

        // The account's owner (sales reads service) sees both, as they
        // stand now, newest first; not the other account's.
        let page = timeline::account_timeline(s, &sales, acme.id, None, 100)
            .await
            .expect("timeline");
        let mentions: Vec<_> = page
            .items
            .iter()
            .filter_map(|i| match i {
                TimelineItem::Ticket(m) => Some(m),
                _ => None,
            })
            .collect();
        let subjects: Vec<&str> = mentions.iter().map(|m| m.subject.as_str()).collect();
        assert_eq!(subjects, ["Export is slow", "Login fails"], "{}", db.name);
        assert_eq!(mentions[0].status, TicketStatus::InProgress);
        assert_eq!(mentions[0].priority, Priority::Urgent);
        assert_eq!(
            mentions[0].assignee.as_ref().map(|a| a.id),
            Some(agent.user_id)
        );
        let at: Vec<_> = page.items.iter().map(TimelineItem::at).collect();
        assert!(at.windows(2).all(|w| w[0] >= w[1]), "newest first");

        // Paged with the rest: a small page ends before the old ticket,
        // and the cursor reaches it.
        let first = timeline::account_timeline(s, &sales, acme.id, None, 2)
            .await
            .expect("page");
        assert_eq!(first.items.len(), 2);
        assert!(
            !first
                .items
                .iter()
                .any(|i| matches!(i, TimelineItem::Ticket(m) if m.id == older.id))
        );
        let rest = timeline::account_timeline(s, &sales, acme.id, first.next, 100)
            .await
            .expect("older page");
        assert!(
            rest.items
                .iter()
                .any(|i| matches!(i, TimelineItem::Ticket(m) if m.id == older.id)),
            "{}",
            db.name
        );
    }
}

/// Sets when a ticket was answered, resolved and closed, and its rating
/// (the store stamps these with the present; the report needs the past).
async fn history(
    s: &Store,
    id: i64,
    responded: Option<DateTime<Utc>>,
    resolved: Option<DateTime<Utc>>,
    rating: Option<i16>,
) {
    use cairn::store::entity::ticket;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    ticket::Entity::update_many()
        .col_expr(ticket::Column::FirstResponseAt, Expr::value(responded))
        .col_expr(ticket::Column::ResolvedAt, Expr::value(resolved))
        .col_expr(ticket::Column::ClosedAt, Expr::value(resolved))
        .col_expr(ticket::Column::Rating, Expr::value(rating))
        .filter(ticket::Column::Id.eq(id))
        .exec(s.conn())
        .await
        .expect("set history");
}

/// Two tickets in November 2026 on the default levels (standard hours,
/// UTC), worked by hand:
/// - A question (normal: 8 h / 40 h), opened Mon 2 Nov 09:00, answered
///   10:00 (60 working minutes, met), resolved and closed Tue 3 Nov 09:00
///   (Mon 09–12 and 13–17 = 7 h, Tue 08–09 = 1 h: 480 minutes, met),
///   rated 5.
/// - A complaint (urgent: 1 h / 8 h), opened Wed 4 Nov 09:00, answered
///   14:00 (09–12 and 13–14: 240 minutes, missed), never resolved: due
///   Thu 5 Nov 09:00, breached then.
/// November: opened 1 complaint + 1 question, resolved 1, backlog 1;
/// first response 1 of 2 met, resolution 1 of 2; mean first response
/// (60 + 240) / 2 = 150 minutes, mean resolution 480; satisfaction 5.
#[tokio::test]
async fn the_service_report_counts_what_happened_in_the_range() {
    use cairn::domain::service::report::{Attainment, Bucket, ServiceReportQuery};
    use cairn::store::service::report::service_report;
    use chrono::NaiveDate;
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let agent = actor_in(s, "sam", Role::Service, "Support").await;
        let acme = accounts::create(
            s,
            &admin,
            AccountInput {
                name: "Acme".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let open = |kind, priority| TicketInput {
            kind,
            subject: "Help".into(),
            account_id: Some(acme.id),
            priority,
            ..Default::default()
        };
        let a = tickets::create(s, &agent, open(TicketKind::Question, Priority::Normal))
            .await
            .expect("a");
        created_at(s, a.id, utc(2026, 11, 2, 9, 0)).await;
        history(
            s,
            a.id,
            Some(utc(2026, 11, 2, 10, 0)),
            Some(utc(2026, 11, 3, 9, 0)),
            Some(5),
        )
        .await;
        let b = tickets::create(s, &agent, open(TicketKind::Complaint, Priority::Urgent))
            .await
            .expect("b");
        created_at(s, b.id, utc(2026, 11, 4, 9, 0)).await;
        history(s, b.id, Some(utc(2026, 11, 4, 14, 0)), None, None).await;

        let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).expect("day");
        let q = ServiceReportQuery {
            from: day(11, 1),
            to: day(11, 30),
            bucket: Bucket::Month,
        };
        let r = service_report(s, &admin, q).await.expect("report");
        // In TicketKind::ALL order: complaint, service request, question.
        assert_eq!(r.opened, [1, 0, 1], "{}", db.name);
        assert_eq!((r.resolved, r.backlog), (1, 1));
        assert_eq!(r.response, Attainment { met: 1, missed: 1 });
        assert_eq!(r.resolution, Attainment { met: 1, missed: 1 });
        assert_eq!(r.mean_response_minutes, Some(150), "{}", db.name);
        assert_eq!(r.mean_resolve_minutes, Some(480), "{}", db.name);
        assert_eq!(r.ratings, [0, 0, 0, 0, 1]);
        assert_eq!(r.periods.len(), 1);

        // October saw none of it; a sales person may read the report; a
        // range ending before it starts is refused, naming the field.
        let october = ServiceReportQuery {
            from: day(10, 1),
            to: day(10, 31),
            bucket: Bucket::Week,
        };
        let sales = actor_in(s, "ann", Role::Sales, "East").await;
        let r = service_report(s, &sales, october).await.expect("october");
        assert_eq!((r.opened, r.resolved, r.backlog), ([0, 0, 0], 0, 0));
        assert!(matches!(
            service_report(s, &sales, ServiceReportQuery { to: day(9, 1), ..october }).await,
            Err(AppError::Validation { field, .. }) if field == "to"
        ));
    }
}

/// Waiting on the customer stops the resolution clock: the wait shows as
/// paused, ends when the agent moves the ticket on, and its working
/// minutes push the due time back and leave the mean time to resolve.
#[tokio::test]
async fn waiting_on_the_customer_pauses_the_resolution_clock() {
    use cairn::domain::schedule::WorkTable;
    use cairn::domain::schedule::presets;
    use cairn::domain::service::report::{Bucket, ServiceReportQuery};
    use cairn::domain::service::working_minutes;
    use cairn::store::entity::ticket;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    for db in databases().await {
        let s = &db.store;
        let admin = actor(s, "admin", Role::Admin).await;
        let agent = actor_in(s, "sam", Role::Service, "Support").await;
        let acme = accounts::create(
            s,
            &admin,
            AccountInput {
                name: "Acme".into(),
                ..Default::default()
            },
        )
        .await
        .expect("acme");
        let t = tickets::create(
            s,
            &agent,
            TicketInput {
                subject: "Export fails".into(),
                account_id: Some(acme.id),
                priority: Priority::Low,
                assignee_id: Some(agent.user_id),
                ..Default::default()
            },
        )
        .await
        .expect("open");
        let now = Utc::now();
        created_at(s, t.id, now - chrono::Duration::days(3)).await;
        let v = tickets::set_status(s, &agent, t.id, t.version, TicketStatus::InProgress, None)
            .await
            .expect("in progress");
        let v = tickets::set_status(s, &agent, t.id, v.version, TicketStatus::Waiting, None)
            .await
            .expect("waiting");
        assert_eq!(
            v.resolution.map(|c| c.state),
            Some(SlaState::Paused),
            "{}",
            db.name
        );
        // The first reply's clock does not pause.
        assert_ne!(v.first_response.map(|c| c.state), Some(SlaState::Paused));
        // The wait began two days ago (moved back, as if it had).
        let since = now - chrono::Duration::days(2);
        ticket::Entity::update_many()
            .col_expr(ticket::Column::WaitingSince, Expr::value(Some(since)))
            .filter(ticket::Column::Id.eq(t.id))
            .exec(s.conn())
            .await
            .expect("moved");
        let paused_view = tickets::get(s, &agent, t.id).await.expect("get").ticket;
        let before = Utc::now();
        let v = tickets::set_status(s, &agent, t.id, v.version, TicketStatus::InProgress, None)
            .await
            .expect("back to work");
        let after = Utc::now();
        let row = ticket::Entity::find_by_id(t.id)
            .one(s.conn())
            .await
            .expect("read")
            .expect("row");
        assert_eq!(row.waiting_since, None);
        let mut table = WorkTable::new(
            &presets::standard(),
            (now - chrono::Duration::days(10)).date_naive(),
        );
        let utc0 = chrono::FixedOffset::east_opt(0).expect("utc");
        let lo = working_minutes(&mut table, utc0, since, before).expect("minutes");
        let hi = working_minutes(&mut table, utc0, since, after).expect("minutes");
        assert!(
            (lo..=hi).contains(&row.paused_minutes),
            "{lo} ≤ {} ≤ {hi}",
            row.paused_minutes
        );
        let running = v.resolution.expect("clock");
        assert_ne!(running.state, SlaState::Paused);
        // The due time moved back by exactly the wait, as the paused view
        // promised (give or take the moments between the two reads).
        let moved = working_minutes(
            &mut table,
            utc0,
            paused_view.resolution.expect("clock").due.min(running.due),
            paused_view.resolution.expect("clock").due.max(running.due),
        )
        .expect("minutes");
        assert!(moved <= hi - lo + 1, "{moved}");

        // Resolved: the report's mean time to resolve leaves the wait out.
        let v = tickets::set_status(s, &agent, t.id, v.version, TicketStatus::Resolved, None)
            .await
            .expect("resolved");
        let resolved = v.resolved_at.expect("resolved at");
        let whole = working_minutes(&mut table, utc0, now - chrono::Duration::days(3), resolved)
            .expect("minutes");
        let today = Utc::now().date_naive();
        let r = cairn::store::service::report::service_report(
            s,
            &agent,
            ServiceReportQuery {
                from: today - chrono::Duration::days(7),
                to: today,
                bucket: Bucket::Week,
            },
        )
        .await
        .expect("report");
        assert_eq!(
            r.mean_resolve_minutes,
            Some((whole - row.paused_minutes).max(0)),
            "{}",
            db.name
        );
    }
}
