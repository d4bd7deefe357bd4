//! Running rules. [`fire`] is called by the services inside the
//! transaction of the change (a deal moved, a lead created…): the rules
//! the event wakes run their actions in that same transaction, so a
//! refused change leaves no task or notification behind, and a failed
//! action refuses the change. Every action is audited with the rule's
//! name. Changes rules make wake rules in turn, bounded by a [`Chain`].

use std::future::Future;
use std::pin::Pin;

use chrono::{Duration, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::record::{self, Target};
use super::rules::view;
use crate::domain::automation::{Chain, Event, RuleAction, RuleView, Subject, Who};
use crate::domain::marketing::MemberStatus;
use crate::domain::sales::BoardEvent;
use crate::domain::{Actor, AppError, AppResult};
use crate::store::db::internal;
use crate::store::entity::{
    activity, automation_rule, campaign, campaign_member, notification, user,
};
use crate::store::{Store, audit, sales};

/// What rules did that must be announced once the transaction commits.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Fired {
    /// Users who got a notification.
    pub notified: Vec<i64>,
    /// The rules that ran, in order.
    pub rules: Vec<i64>,
}

impl Fired {
    pub fn merge(&mut self, other: Fired) {
        self.notified.extend(other.notified);
        self.rules.extend(other.rules);
    }
}

/// Tells open pages about the notifications (after the commit: a
/// rolled-back change notifies nobody).
pub async fn announce(store: &Store, fired: Fired) {
    let mut users = fired.notified;
    users.sort_unstable();
    users.dedup();
    for user_id in users {
        sales::events::publish(store, BoardEvent::Notified { user_id }).await;
    }
}

type Boxed<'a, T> = Pin<Box<dyn Future<Output = AppResult<T>> + Send + 'a>>;

/// Runs the rules `event` wakes on the record (`subject`, `id`).
pub fn fire<'a, C: ConnectionTrait>(
    conn: &'a C,
    actor: &'a Actor,
    event: Event,
    subject: Subject,
    id: i64,
    chain: Chain,
) -> Boxed<'a, Fired> {
    fire_only(conn, actor, event, subject, id, chain, None)
}

/// [`fire`], limited to the rules `only` names when given (a sweep fires
/// each time-based rule once per record).
pub(super) fn fire_only<'a, C: ConnectionTrait>(
    conn: &'a C,
    actor: &'a Actor,
    event: Event,
    subject: Subject,
    id: i64,
    chain: Chain,
    only: Option<&'a [i64]>,
) -> Boxed<'a, Fired> {
    Box::pin(async move {
        let models = automation_rule::Entity::find()
            .filter(automation_rule::Column::TriggerKey.eq(event.key()))
            .filter(automation_rule::Column::Enabled.eq(true))
            .order_by_asc(automation_rule::Column::Id)
            .all(conn)
            .await
            .map_err(internal)?;
        let mut fired = Fired::default();
        let mut chain = chain;
        for m in models {
            let rule = view(&m)?;
            if !event.wakes(&rule.trigger)
                || !chain.admits(rule.id)
                || only.is_some_and(|o| !o.contains(&rule.id))
            {
                continue;
            }
            // Each rule sees the record as the rules before it left it.
            let target = record::load(conn, subject, id).await?;
            if !rule.applies(&target.facts) {
                continue;
            }
            chain.fire(rule.id);
            fired.rules.push(rule.id);
            automation_rule::Entity::update_many()
                .col_expr(
                    automation_rule::Column::Fired,
                    Expr::col(automation_rule::Column::Fired).add(1),
                )
                .col_expr(
                    automation_rule::Column::LastFiredAt,
                    Expr::value(Utc::now()),
                )
                .filter(automation_rule::Column::Id.eq(rule.id))
                .exec(conn)
                .await
                .map_err(internal)?;
            let mut changed = false;
            for action in &rule.actions {
                let target = record::load(conn, subject, id).await?;
                changed |= act(conn, actor, &rule, action, &target, &mut fired).await?;
            }
            if changed {
                let more = fire(
                    conn,
                    actor,
                    Event::Updated(subject),
                    subject,
                    id,
                    chain.caused_by(rule.id),
                )
                .await?;
                for r in &more.rules {
                    chain.fire(*r);
                }
                fired.merge(more);
            }
        }
        Ok(fired)
    })
}

async fn audited<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    rule: &RuleView,
    t: &Target,
    action: &RuleAction,
    detail: serde_json::Value,
) -> AppResult<()> {
    audit::record(
        conn,
        Some(actor),
        t.subject.as_str(),
        t.id,
        &format!("rule {}: {}", rule.name, action.kind()),
        None::<&()>,
        Some(&serde_json::json!({ "rule": rule.id, "detail": detail })),
    )
    .await
}

fn person(who: Who, t: &Target) -> Option<i64> {
    match who {
        Who::Owner => t.owner_id,
        Who::User(id) => Some(id),
    }
}

async fn active_user<C: ConnectionTrait>(conn: &C, id: i64) -> AppResult<bool> {
    Ok(user::Entity::find_by_id(id)
        .one(conn)
        .await
        .map_err(internal)?
        .is_some_and(|u| u.active))
}

/// Does one action; `true` when it changed the record itself.
async fn act<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    rule: &RuleView,
    action: &RuleAction,
    t: &Target,
    fired: &mut Fired,
) -> AppResult<bool> {
    match action {
        RuleAction::CreateTask {
            subject,
            due_in_days,
            assignee,
        } => {
            // A record without an owner gives the task to whoever's change
            // fired the rule.
            let assignee_id = person(*assignee, t).unwrap_or(actor.user_id);
            if !active_user(conn, assignee_id).await? {
                return Ok(false);
            }
            let now = Utc::now();
            let due = now.date_naive() + Duration::days(i64::from(*due_in_days));
            let task = activity::ActiveModel {
                kind: Set("task".to_owned()),
                subject: Set(format!("{subject} — {}", t.label)),
                body: Set(format!("Created by the rule “{}”.", rule.name)),
                account_id: Set(t.account_id),
                contact_id: Set(t.contact_id),
                lead_id: Set(t.lead_id),
                occurred_at: Set(now),
                due_on: Set(Some(due)),
                assignee_id: Set(Some(assignee_id)),
                author_id: Set(Some(actor.user_id)),
                team_id: Set(t.team_id),
                done_at: Set(None),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await
            .map_err(internal)?;
            audited(
                conn,
                actor,
                rule,
                t,
                action,
                serde_json::json!({ "task": task.id, "assignee": assignee_id, "due_on": due }),
            )
            .await?;
            Ok(false)
        }
        RuleAction::AssignRoundRobin { team_id } => {
            let members: Vec<i64> = user::Entity::find()
                .filter(user::Column::TeamId.eq(*team_id))
                .filter(user::Column::Active.eq(true))
                .order_by_asc(user::Column::Id)
                .all(conn)
                .await
                .map_err(internal)?
                .into_iter()
                .map(|u| u.id)
                .collect();
            let cursor = automation_rule::Entity::find_by_id(rule.id)
                .one(conn)
                .await
                .map_err(internal)?
                .and_then(|r| r.rr_cursor);
            let Some(next) = crate::domain::automation::rule::next_in_turn(&members, cursor)
            else {
                return Ok(false);
            };
            automation_rule::Entity::update_many()
                .col_expr(automation_rule::Column::RrCursor, Expr::value(Some(next)))
                .filter(automation_rule::Column::Id.eq(rule.id))
                .exec(conn)
                .await
                .map_err(internal)?;
            if t.owner_id == Some(next) || !record::set_owner(conn, t, next).await? {
                return Ok(false);
            }
            audited(
                conn,
                actor,
                rule,
                t,
                action,
                serde_json::json!({ "from": t.owner_id, "to": next }),
            )
            .await?;
            Ok(true)
        }
        RuleAction::SetField { field, value } => {
            let now = t.facts.get(field.as_str());
            let same = matches!(now, Some(crate::domain::automation::Value::Text(s)) if s.trim() == value.trim())
                || matches!(now, Some(crate::domain::automation::Value::Number(n)) if n.to_string() == value.trim());
            if same || !record::set_field(conn, t, field, value).await? {
                return Ok(false);
            }
            audited(
                conn,
                actor,
                rule,
                t,
                action,
                serde_json::json!({ "field": field, "from": now, "to": value }),
            )
            .await?;
            Ok(true)
        }
        RuleAction::AddToCampaign { campaign_id } => {
            let (contact_id, lead_id) = match t.subject {
                Subject::Contact => (Some(t.id), None),
                Subject::Lead => (None, Some(t.id)),
                _ => return Ok(false),
            };
            if campaign::Entity::find_by_id(*campaign_id)
                .one(conn)
                .await
                .map_err(internal)?
                .is_none()
            {
                // The campaign was deleted since the rule was written.
                return Ok(false);
            }
            let now = Utc::now();
            let conflict_col = if contact_id.is_some() {
                campaign_member::Column::ContactId
            } else {
                campaign_member::Column::LeadId
            };
            campaign_member::Entity::insert(campaign_member::ActiveModel {
                campaign_id: Set(*campaign_id),
                contact_id: Set(contact_id),
                lead_id: Set(lead_id),
                status: Set(MemberStatus::Sent.as_str().to_owned()),
                version: Set(1),
                added_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .on_conflict(
                OnConflict::columns([conflict_col, campaign_member::Column::CampaignId])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(conn)
            .await
            .map_err(internal)?;
            audited(
                conn,
                actor,
                rule,
                t,
                action,
                serde_json::json!({ "campaign": campaign_id }),
            )
            .await?;
            Ok(false)
        }
        RuleAction::Notify { user, message } => {
            let Some(user_id) = person(*user, t) else {
                return Ok(false);
            };
            if !active_user(conn, user_id).await? {
                return Ok(false);
            }
            let n = notification::ActiveModel {
                user_id: Set(user_id),
                title: Set(rule.name.clone()),
                body: Set(format!("{message} — {}", t.label)),
                link: Set(t.link.clone()),
                rule_id: Set(Some(rule.id)),
                read_at: Set(None),
                created_at: Set(Utc::now()),
                ..Default::default()
            }
            .insert(conn)
            .await
            .map_err(internal)?;
            fired.notified.push(user_id);
            audited(
                conn,
                actor,
                rule,
                t,
                action,
                serde_json::json!({ "notification": n.id, "user": user_id }),
            )
            .await?;
            Ok(false)
        }
    }
    .map_err(|e: AppError| e)
}
