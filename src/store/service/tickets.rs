//! Tickets: opened, assigned, worked, answered, resolved, closed with the
//! customer's rating, reopened. Every change is checked against the
//! service module's permissions on the ticket's assignee and queue (team),
//! compare-and-set on its version, and audited; the status rules are the
//! domain's (`TicketStatus::check_move`).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use super::views::{comments, view, views};
use crate::domain::automation::{Event, Subject};
use crate::domain::service::{
    CommentInput, Rating, TicketDetail, TicketInput, TicketQuery, TicketStatus, TicketView,
    working_minutes,
};
use crate::domain::{Action, Actor, AppError, AppResult, Module, authorize};
use crate::store::automation;
use crate::store::customers::common::{
    authorize_read, authorize_read_in, cas_update, conflict, record_in,
};
use crate::store::db::internal;
use crate::store::entity::{account, contact, team, ticket, ticket_comment, user};
use crate::store::{Store, audit};

const ENTITY: &str = "ticket";

/// Lists stop here; a queue longer than this is filtered, not scrolled.
const LIST_LIMIT: u64 = 500;

async fn load<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<ticket::Model> {
    ticket::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .ok_or_else(|| AppError::not_found(ENTITY))
}

/// The customer a ticket is for: the account and contact must exist, not
/// be in the Trash, and be visible to the actor; a contact's account is
/// filled in so the ticket shows on the account too.
async fn customer<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    input: &TicketInput,
) -> AppResult<(Option<i64>, Option<i64>)> {
    let mut account_id = input.account_id;
    if let Some(id) = input.contact_id {
        let c = contact::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .filter(|c| c.deleted_at.is_none())
            .ok_or_else(|| AppError::invalid("contact_id", "does not exist"))?;
        authorize_read(actor, c.owner_id, c.team_id, "contact")
            .map_err(|_| AppError::invalid("contact_id", "does not exist"))?;
        if account_id.is_none() {
            account_id = c.account_id;
        }
    }
    if let Some(id) = account_id {
        let a = account::Entity::find_by_id(id)
            .one(conn)
            .await
            .map_err(internal)?
            .filter(|a| a.deleted_at.is_none())
            .ok_or_else(|| AppError::invalid("account_id", "does not exist"))?;
        authorize_read(actor, a.owner_id, a.team_id, "account")
            .map_err(|_| AppError::invalid("account_id", "does not exist"))?;
    }
    Ok((account_id, input.contact_id))
}

/// The assignee (an active user, when given) and the queue: the team
/// named, else the assignee's, else the actor's.
async fn assignment<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    assignee_id: Option<i64>,
    team_id: Option<i64>,
) -> AppResult<(Option<i64>, Option<i64>)> {
    let assignee_team = match assignee_id {
        None => None,
        Some(id) => {
            user::Entity::find_by_id(id)
                .one(conn)
                .await
                .map_err(internal)?
                .filter(|u| u.active)
                .ok_or_else(|| AppError::invalid("assignee_id", "is not an active user"))?
                .team_id
        }
    };
    let team_id = match team_id {
        Some(t) => {
            team::Entity::find_by_id(t)
                .one(conn)
                .await
                .map_err(internal)?
                .ok_or_else(|| AppError::invalid("team_id", "does not exist"))?;
            Some(t)
        }
        None => assignee_team.or(actor.team_id),
    };
    Ok((assignee_id, team_id))
}

/// Opens a ticket. Assigned at once when an assignee is given.
pub async fn create(store: &Store, actor: &Actor, input: TicketInput) -> AppResult<TicketView> {
    authorize(
        actor,
        Action::Create,
        crate::domain::Resource::Module(Module::Service),
    )?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let (account_id, contact_id) = customer(&txn, actor, &v).await?;
    let (assignee_id, team_id) = assignment(&txn, actor, v.assignee_id, v.team_id).await?;
    authorize(
        actor,
        Action::Create,
        record_in(Module::Service, assignee_id, team_id),
    )?;
    let now = Utc::now();
    let status = if assignee_id.is_some() {
        TicketStatus::Assigned
    } else {
        TicketStatus::New
    };
    let m = ticket::ActiveModel {
        kind: Set(v.kind.as_str().to_owned()),
        subject: Set(v.subject.clone()),
        description: Set(v.description.clone()),
        account_id: Set(account_id),
        contact_id: Set(contact_id),
        priority: Set(v.priority.as_str().to_owned()),
        status: Set(status.as_str().to_owned()),
        assignee_id: Set(assignee_id),
        team_id: Set(team_id),
        created_by: Set(Some(actor.user_id)),
        first_response_at: Set(None),
        resolved_at: Set(None),
        closed_at: Set(None),
        rating: Set(None),
        rating_comment: Set(String::new()),
        paused_minutes: Set(0),
        waiting_since: Set(None),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    let out = view(&txn, &m).await?;
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        m.id,
        "create",
        None::<&()>,
        Some(&out),
    )
    .await?;
    let fired = automation::on(
        &txn,
        actor,
        &[Event::Created(Subject::Ticket)],
        Subject::Ticket,
        m.id,
    )
    .await?;
    let out = view(&txn, &load(&txn, m.id).await?).await?;
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(out)
}

fn check_read(actor: &Actor, m: &ticket::Model) -> AppResult<()> {
    authorize_read_in(actor, Module::Service, m.assignee_id, m.team_id, ENTITY)
}

fn check_write(actor: &Actor, m: &ticket::Model) -> AppResult<()> {
    check_read(actor, m)?;
    authorize(
        actor,
        Action::Update,
        record_in(Module::Service, m.assignee_id, m.team_id),
    )
}

pub async fn get(store: &Store, actor: &Actor, id: i64) -> AppResult<TicketDetail> {
    let conn = store.conn();
    let m = load(conn, id).await?;
    check_read(actor, &m)?;
    Ok(TicketDetail {
        ticket: view(conn, &m).await?,
        comments: comments(conn, id).await?,
    })
}

/// A queue: open tickets (or those of one status), most urgent first,
/// then oldest first — the order they should be worked in.
pub async fn list(store: &Store, actor: &Actor, q: &TicketQuery) -> AppResult<Vec<TicketView>> {
    let status = match q.status {
        Some(s) => ticket::Column::Status.eq(s.as_str()),
        None => ticket::Column::Status.is_not_in(DONE),
    };
    let mut out = select(store, actor, q, status).await?;
    out.sort_by_key(|t| std::cmp::Reverse(t.priority));
    Ok(out)
}

/// Days a resolved or closed ticket stays on the service board.
pub const BOARD_DONE_DAYS: i64 = 14;

const DONE: [&str; 2] = [
    TicketStatus::Resolved.as_str(),
    TicketStatus::Closed.as_str(),
];

/// The service board: every open ticket and those resolved or closed in
/// the last [`BOARD_DONE_DAYS`] days (`q.status` is ignored: the board
/// has a lane per status), each lane in the queue's order.
pub async fn board(store: &Store, actor: &Actor, q: &TicketQuery) -> AppResult<Vec<TicketView>> {
    let since = Utc::now() - chrono::Duration::days(BOARD_DONE_DAYS);
    let status = Condition::any()
        .add(ticket::Column::Status.is_not_in(DONE))
        .add(ticket::Column::ResolvedAt.gte(since))
        .add(ticket::Column::ClosedAt.gte(since));
    let mut out = select(store, actor, q, status).await?;
    out.sort_by_key(|t| std::cmp::Reverse(t.priority));
    Ok(out)
}

/// The tickets matching `q` (but its status) and `status` that the actor
/// may read, oldest first, with their clocks.
async fn select(
    store: &Store,
    actor: &Actor,
    q: &TicketQuery,
    status: impl sea_orm::sea_query::IntoCondition,
) -> AppResult<Vec<TicketView>> {
    authorize(
        actor,
        Action::Read,
        crate::domain::Resource::Module(Module::Service),
    )?;
    let conn = store.conn();
    let mut find = ticket::Entity::find().filter(status);
    if q.mine {
        find = find.filter(ticket::Column::AssigneeId.eq(actor.user_id));
    }
    if let Some(t) = q.team_id {
        find = find.filter(ticket::Column::TeamId.eq(t));
    }
    if let Some(a) = q.account_id {
        find = find.filter(ticket::Column::AccountId.eq(a));
    }
    let models: Vec<ticket::Model> = find
        .order_by_asc(ticket::Column::CreatedAt)
        .order_by_asc(ticket::Column::Id)
        .limit(LIST_LIMIT)
        .all(conn)
        .await
        .map_err(internal)?
        .into_iter()
        .filter(|m| check_read(actor, m).is_ok())
        .collect();
    views(conn, &models, Utc::now()).await
}

/// Writes `sets` by compare-and-set, audits the change, returns the view.
async fn save<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    before: &ticket::Model,
    version: i64,
    sets: Vec<(&'static str, SimpleExpr)>,
    action: &str,
) -> AppResult<TicketView> {
    if !cas_update(conn, "tickets", before.id, version, sets).await? {
        let now = load(conn, before.id).await?;
        return Err(conflict(ENTITY, now.version));
    }
    let after = load(conn, before.id).await?;
    let old = view(conn, before).await?;
    let new = view(conn, &after).await?;
    audit::record(
        conn,
        Some(actor),
        ENTITY,
        before.id,
        action,
        Some(&old),
        Some(&new),
    )
    .await?;
    Ok(new)
}

/// Edits what the ticket is about and who has it. Giving a new ticket an
/// assignee assigns it; taking the assignee away puts it back in the queue.
pub async fn update(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    input: TicketInput,
) -> AppResult<TicketView> {
    crate::domain::authorize_writer(actor, crate::domain::Module::Service)?;
    let v = input.validated()?;
    let txn = store.write().await?;
    let m = load(&txn, id).await?;
    check_write(actor, &m)?;
    let (account_id, contact_id) = customer(&txn, actor, &v).await?;
    let (assignee_id, team_id) =
        assignment(&txn, actor, v.assignee_id, v.team_id.or(m.team_id)).await?;
    // The ticket must stay within what the actor may change.
    authorize(
        actor,
        Action::Update,
        record_in(Module::Service, assignee_id, team_id),
    )?;
    let status = TicketStatus::parse(&m.status).unwrap_or(TicketStatus::New);
    let status = match (status, assignee_id.is_some()) {
        (TicketStatus::New, true) => TicketStatus::Assigned,
        (TicketStatus::Assigned | TicketStatus::InProgress | TicketStatus::Waiting, false) => {
            TicketStatus::New
        }
        (s, _) => s,
    };
    let sets: Vec<(&'static str, SimpleExpr)> = vec![
        ("kind", v.kind.as_str().into()),
        ("subject", v.subject.clone().into()),
        ("description", v.description.clone().into()),
        ("account_id", Expr::value(account_id)),
        ("contact_id", Expr::value(contact_id)),
        ("priority", v.priority.as_str().into()),
        ("assignee_id", Expr::value(assignee_id)),
        ("team_id", Expr::value(team_id)),
        ("status", status.as_str().into()),
    ];
    let out = save(&txn, actor, &m, version, sets, "update").await?;
    let fired = automation::on(
        &txn,
        actor,
        &[Event::Updated(Subject::Ticket)],
        Subject::Ticket,
        m.id,
    )
    .await?;
    let out = if fired.rules.is_empty() {
        out
    } else {
        view(&txn, &load(&txn, m.id).await?).await?
    };
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(out)
}

/// Moves a ticket along its life cycle. Resolving stops the resolution
/// clock (and the first-response clock, if nobody had replied: the
/// resolution is the reply); closing may carry the customer's rating;
/// reopening a resolved or closed ticket clears both and its rating.
pub async fn set_status(
    store: &Store,
    actor: &Actor,
    id: i64,
    version: i64,
    next: TicketStatus,
    rating: Option<Rating>,
) -> AppResult<TicketView> {
    let rating = rating.map(|r| r.validated()).transpose()?;
    if rating.is_some() && next != TicketStatus::Closed {
        return Err(AppError::invalid(
            "rating",
            "a rating is given when the ticket is closed",
        ));
    }
    let txn = store.write().await?;
    let m = load(&txn, id).await?;
    check_write(actor, &m)?;
    let current = TicketStatus::parse(&m.status).unwrap_or(TicketStatus::New);
    current
        .check_move(next, m.assignee_id.is_some())
        .map_err(|reason| AppError::invalid("status", reason))?;
    let now = Utc::now();
    let mut sets: Vec<(&'static str, SimpleExpr)> = vec![("status", next.as_str().into())];
    match next {
        TicketStatus::Resolved => {
            sets.push(("resolved_at", Expr::value(Some(now))));
            if m.first_response_at.is_none() {
                sets.push(("first_response_at", Expr::value(Some(now))));
            }
        }
        TicketStatus::Closed => {
            sets.push(("closed_at", Expr::value(Some(now))));
            if let Some(r) = &rating {
                sets.push(("rating", Expr::value(Some(i16::from(r.score)))));
                sets.push(("rating_comment", r.comment.clone().into()));
            }
        }
        _ if current.is_done() => {
            sets.push(("resolved_at", Expr::value(None::<DateTime<Utc>>)));
            sets.push(("closed_at", Expr::value(None::<DateTime<Utc>>)));
            sets.push(("rating", Expr::value(None::<i16>)));
            sets.push(("rating_comment", String::new().into()));
        }
        _ => {}
    }
    // The resolution clock stands still while the ticket waits on the
    // customer: a wait begins here, or ends and adds its working minutes.
    if next == TicketStatus::Waiting && m.waiting_since.is_none() {
        sets.push(("waiting_since", Expr::value(Some(now))));
    } else if next != TicketStatus::Waiting
        && let Some(since) = m.waiting_since
    {
        let (levels, _) = super::levels::current(&txn).await?;
        let waited = working_minutes(&mut levels.table(since), levels.offset(), since, now)
            .map_err(|e| AppError::Internal(e.to_string()))?;
        sets.push(("paused_minutes", Expr::value(m.paused_minutes + waited)));
        sets.push(("waiting_since", Expr::value(None::<DateTime<Utc>>)));
    }
    let action = if current.is_done() && !next.is_done() {
        "reopen".to_owned()
    } else {
        format!("status_{}", next.as_str())
    };
    let out = save(&txn, actor, &m, version, sets, &action).await?;
    let fired = automation::on(
        &txn,
        actor,
        &[Event::Updated(Subject::Ticket)],
        Subject::Ticket,
        m.id,
    )
    .await?;
    let out = if fired.rules.is_empty() {
        out
    } else {
        view(&txn, &load(&txn, m.id).await?).await?
    };
    txn.commit().await.map_err(internal)?;
    automation::announce(store, fired).await;
    Ok(out)
}

/// Adds a comment. The first customer-visible one is the first response.
/// A comment does not change the ticket's version: it is added beside the
/// ticket, not written over it, so it never conflicts with an edit.
pub async fn comment(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: CommentInput,
) -> AppResult<TicketDetail> {
    let c = input.validated()?;
    let txn = store.write().await?;
    let m = load(&txn, id).await?;
    check_write(actor, &m)?;
    let now = Utc::now();
    let row = ticket_comment::ActiveModel {
        ticket_id: Set(id),
        author_id: Set(Some(actor.user_id)),
        body: Set(c.body.clone()),
        visibility: Set(c.visibility.as_str().to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(internal)?;
    if c.is_response() {
        ticket::Entity::update_many()
            .col_expr(ticket::Column::FirstResponseAt, Expr::value(Some(now)))
            .filter(ticket::Column::Id.eq(id))
            .filter(Condition::all().add(ticket::Column::FirstResponseAt.is_null()))
            .exec(&txn)
            .await
            .map_err(internal)?;
    }
    audit::record(
        &txn,
        Some(actor),
        ENTITY,
        id,
        "comment",
        None::<&()>,
        Some(&serde_json::json!({
            "comment_id": row.id, "visibility": c.visibility.as_str(), "body": c.body,
        })),
    )
    .await?;
    let m = load(&txn, id).await?;
    let detail = TicketDetail {
        ticket: view(&txn, &m).await?,
        comments: comments(&txn, id).await?,
    };
    txn.commit().await.map_err(internal)?;
    Ok(detail)
}
