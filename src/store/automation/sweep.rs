//! Time-based triggers: a ticket's clock turning at risk or breached, a
//! deal's expected close coming up. Nothing changes when time passes, so
//! the server sweeps once a minute; a mark per rule and record (the
//! table's unique key) makes each fire once, even with several servers
//! sweeping one database. Each firing is its own transaction, run as the
//! rule's author.

use chrono::Utc;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use super::rules::view;
use super::run::{Fired, announce, fire_only};
use crate::domain::automation::{Chain, Event, RuleView, Subject, Trigger};
use crate::domain::sales::DealStatus;
use crate::domain::service::{Priority, SlaState, TicketStatus};
use crate::domain::{Actor, AppResult};
use crate::store::db::internal;
use crate::store::entity::{automation_mark, automation_rule, deal, ticket, user};
use crate::store::service::levels;
use crate::store::{Store, users};

/// One thing that is due: a rule, the record, the mark that makes it once.
struct Due {
    rule: RuleView,
    event: Event,
    subject: Subject,
    id: i64,
    mark: String,
}

/// Fires what has come due; returns how many rules fired.
pub async fn sweep(store: &Store) -> AppResult<u32> {
    let conn = store.conn();
    let rules: Vec<(RuleView, Option<i64>)> = automation_rule::Entity::find()
        .filter(automation_rule::Column::Enabled.eq(true))
        .filter(automation_rule::Column::TriggerKey.is_in(["ticket_sla", "close_date"]))
        .all(conn)
        .await
        .map_err(internal)?
        .iter()
        .map(|m| Ok((view(m)?, m.created_by)))
        .collect::<AppResult<_>>()?;
    if rules.is_empty() {
        return Ok(0);
    }
    let mut due = Vec::new();
    let now = Utc::now();
    if rules
        .iter()
        .any(|(r, _)| matches!(r.trigger, Trigger::TicketSla { .. }))
    {
        let (levels, _) = levels::current(conn).await?;
        let offset = levels.offset();
        let open = ticket::Entity::find()
            .filter(ticket::Column::Status.is_not_in([
                TicketStatus::Resolved.as_str(),
                TicketStatus::Closed.as_str(),
            ]))
            .all(conn)
            .await
            .map_err(internal)?;
        let oldest = open.iter().map(|t| t.created_at).min().unwrap_or(now);
        let mut table = levels.table(oldest);
        for t in &open {
            let targets = levels.targets(Priority::parse(&t.priority).unwrap_or(Priority::Normal));
            // The worse of its two clocks.
            let mut worst = None;
            let (first, resolution) =
                crate::store::service::views::clocks(&mut table, offset, targets, t, now);
            for c in [first, resolution].into_iter().flatten() {
                worst = match (worst, c.state) {
                    (_, SlaState::Breached) => Some(true),
                    (None, SlaState::AtRisk) => Some(false),
                    (w, _) => w,
                };
            }
            let Some(breached) = worst else { continue };
            for (r, _) in &rules {
                if r.trigger == (Trigger::TicketSla { breached }) {
                    due.push(Due {
                        rule: r.clone(),
                        event: Event::TicketSla { breached },
                        subject: Subject::Ticket,
                        id: t.id,
                        mark: format!(
                            "ticket:{}:{}",
                            t.id,
                            if breached { "breached" } else { "at_risk" }
                        ),
                    });
                }
            }
        }
    }
    if rules
        .iter()
        .any(|(r, _)| matches!(r.trigger, Trigger::CloseDateReached { .. }))
    {
        let today = now.date_naive();
        let open = deal::Entity::find()
            .filter(deal::Column::Status.eq(DealStatus::Open.as_str()))
            .filter(deal::Column::DeletedAt.is_null())
            .filter(deal::Column::ExpectedClose.gte(today))
            .all(conn)
            .await
            .map_err(internal)?;
        for d in &open {
            let Some(close) = d.expected_close else {
                continue;
            };
            let days = (close - today).num_days();
            for (r, _) in &rules {
                let event = Event::CloseDateIn { days };
                if event.wakes(&r.trigger) {
                    due.push(Due {
                        rule: r.clone(),
                        event,
                        subject: Subject::Deal,
                        id: d.id,
                        mark: format!("deal:{}:close:{close}", d.id),
                    });
                }
            }
        }
    }
    let mut count = 0;
    for d in due {
        let author = rules
            .iter()
            .find(|(r, _)| r.id == d.rule.id)
            .and_then(|(_, a)| *a);
        let Some(actor) = author_actor(store, author).await? else {
            continue;
        };
        let txn = store.write().await?;
        if !claim(&txn, d.rule.id, &d.mark).await? {
            continue;
        }
        let only = [d.rule.id];
        let fired: Fired = fire_only(
            &txn,
            &actor,
            d.event,
            d.subject,
            d.id,
            Chain::default(),
            Some(&only),
        )
        .await?;
        txn.commit().await.map_err(internal)?;
        count += u32::try_from(fired.rules.len()).unwrap_or(0);
        announce(store, fired).await;
    }
    Ok(count)
}

/// Records that the rule fired for this mark; `false` if it already had.
async fn claim<C: ConnectionTrait>(conn: &C, rule_id: i64, mark: &str) -> AppResult<bool> {
    let res = automation_mark::Entity::insert(automation_mark::ActiveModel {
        rule_id: Set(rule_id),
        mark: Set(mark.to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            automation_mark::Column::RuleId,
            automation_mark::Column::Mark,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await
    .map_err(internal)?;
    Ok(res == 1)
}

/// The rule's author, if still an active user.
async fn author_actor(store: &Store, id: Option<i64>) -> AppResult<Option<Actor>> {
    let Some(id) = id else { return Ok(None) };
    Ok(user::Entity::find_by_id(id)
        .one(store.conn())
        .await
        .map_err(internal)?
        .filter(|u| u.active)
        .map(|u| users::actor_of(&u)))
}
