//! A rule: when *trigger* happens to a record and its *conditions* hold,
//! do its *actions*. What a rule may test and change is listed per kind
//! of record here, so the editor offers only that and the store refuses
//! anything else.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::AppError;
use crate::domain::customer::Lifecycle;
use crate::domain::customer::fields::{self, MAX_NAME};
use crate::domain::service::Priority;

/// The kind of record a rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Subject {
    Account,
    Contact,
    Lead,
    #[default]
    Deal,
    Ticket,
}

/// Whether a field holds text or a number (conditions compare numbers as
/// numbers: "amount above 50000").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Number,
}

impl Subject {
    pub const ALL: [Subject; 5] = [
        Subject::Account,
        Subject::Contact,
        Subject::Lead,
        Subject::Deal,
        Subject::Ticket,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Account => "account",
            Subject::Contact => "contact",
            Subject::Lead => "lead",
            Subject::Deal => "deal",
            Subject::Ticket => "ticket",
        }
    }

    /// The fields conditions may test.
    pub fn fields(self) -> &'static [(&'static str, FieldKind)] {
        use FieldKind::*;
        match self {
            Subject::Account => &[
                ("name", Text),
                ("industry", Text),
                ("lifecycle", Text),
                ("source", Text),
                ("grade", Text),
            ],
            Subject::Contact => &[("name", Text), ("email", Text), ("title", Text)],
            Subject::Lead => &[
                ("name", Text),
                ("company", Text),
                ("source", Text),
                ("status", Text),
                ("email", Text),
            ],
            Subject::Deal => &[
                ("title", Text),
                ("amount", Number),
                ("currency", Text),
                ("stage", Text),
                ("probability", Number),
                ("status", Text),
                ("account", Text),
            ],
            Subject::Ticket => &[
                ("subject", Text),
                ("kind", Text),
                ("priority", Text),
                ("status", Text),
            ],
        }
    }

    pub fn field_kind(self, field: &str) -> Option<FieldKind> {
        self.fields()
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, k)| *k)
    }

    /// The fields "set a field" may change.
    pub fn settable(self) -> &'static [&'static str] {
        match self {
            Subject::Account => &["industry", "lifecycle"],
            Subject::Contact => &["title"],
            Subject::Lead => &["source"],
            Subject::Deal => &["probability"],
            Subject::Ticket => &["priority"],
        }
    }
}

/// What wakes a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Trigger {
    Created(Subject),
    Updated(Subject),
    /// A deal is moved into this stage (from another, or reopened there).
    DealEntersStage {
        stage_id: i64,
    },
    /// A lead is created with a campaign as its source (`None`: any).
    LeadFromCampaign {
        campaign_id: Option<i64>,
    },
    /// A ticket's clock turns at risk (`breached` false) or breached.
    TicketSla {
        breached: bool,
    },
    /// A deal's expected close date is `days_before` days away (0: today).
    CloseDateReached {
        days_before: u16,
    },
}

impl Default for Trigger {
    fn default() -> Self {
        Trigger::Created(Subject::Deal)
    }
}

impl Trigger {
    /// The kind of record the rule's conditions and actions work on.
    pub fn subject(&self) -> Subject {
        match self {
            Trigger::Created(s) | Trigger::Updated(s) => *s,
            Trigger::DealEntersStage { .. } | Trigger::CloseDateReached { .. } => Subject::Deal,
            Trigger::LeadFromCampaign { .. } => Subject::Lead,
            Trigger::TicketSla { .. } => Subject::Ticket,
        }
    }

    /// A stable key, stored beside the rule so the store loads only the
    /// rules an event can wake.
    pub fn key(&self) -> String {
        match self {
            Trigger::Created(s) => format!("created:{}", s.as_str()),
            Trigger::Updated(s) => format!("updated:{}", s.as_str()),
            Trigger::DealEntersStage { .. } => "deal_enters_stage".into(),
            Trigger::LeadFromCampaign { .. } => "lead_from_campaign".into(),
            Trigger::TicketSla { .. } => "ticket_sla".into(),
            Trigger::CloseDateReached { .. } => "close_date".into(),
        }
    }
}

/// Something that happened to a record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Created(Subject),
    Updated(Subject),
    DealEnteredStage { stage_id: i64 },
    LeadFromCampaign { campaign_id: i64 },
    TicketSla { breached: bool },
    CloseDateIn { days: i64 },
}

impl Event {
    /// The trigger key of the rules this event may wake.
    pub fn key(&self) -> String {
        match self {
            Event::Created(s) => format!("created:{}", s.as_str()),
            Event::Updated(s) => format!("updated:{}", s.as_str()),
            Event::DealEnteredStage { .. } => "deal_enters_stage".into(),
            Event::LeadFromCampaign { .. } => "lead_from_campaign".into(),
            Event::TicketSla { .. } => "ticket_sla".into(),
            Event::CloseDateIn { .. } => "close_date".into(),
        }
    }

    /// Does this event wake a rule with `trigger`?
    pub fn wakes(&self, trigger: &Trigger) -> bool {
        match (self, trigger) {
            (Event::Created(a), Trigger::Created(b)) | (Event::Updated(a), Trigger::Updated(b)) => {
                a == b
            }
            (Event::DealEnteredStage { stage_id }, Trigger::DealEntersStage { stage_id: s }) => {
                stage_id == s
            }
            (
                Event::LeadFromCampaign { campaign_id },
                Trigger::LeadFromCampaign { campaign_id: c },
            ) => c.is_none_or(|c| c == *campaign_id),
            (Event::TicketSla { breached }, Trigger::TicketSla { breached: b }) => breached == b,
            (Event::CloseDateIn { days }, Trigger::CloseDateReached { days_before }) => {
                *days == i64::from(*days_before)
            }
            _ => false,
        }
    }
}

/// A field's value on the record, as conditions see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Text(String),
    Number(i64),
    Empty,
}

/// A record's fields by name.
pub type Facts = BTreeMap<&'static str, Value>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Op {
    #[default]
    Is,
    IsNot,
    Contains,
    Above,
    Below,
    IsEmpty,
    IsSet,
}

impl Op {
    pub const ALL: [Op; 7] = [
        Op::Is,
        Op::IsNot,
        Op::Contains,
        Op::Above,
        Op::Below,
        Op::IsEmpty,
        Op::IsSet,
    ];

    /// Whether the operator compares with a value (the rest test presence).
    pub fn takes_value(self) -> bool {
        !matches!(self, Op::IsEmpty | Op::IsSet)
    }
}

/// `field op value`. Text compares without regard to case or surrounding
/// spaces ("Negotiation" is "negotiation ").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Condition {
    pub field: String,
    pub op: Op,
    pub value: String,
}

fn norm(s: &str) -> String {
    s.trim().to_lowercase()
}

impl Condition {
    pub fn holds(&self, facts: &Facts) -> bool {
        let v = facts.get(self.field.as_str()).unwrap_or(&Value::Empty);
        let empty = match v {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            Value::Number(_) => false,
        };
        match self.op {
            Op::IsEmpty => empty,
            Op::IsSet => !empty,
            Op::Is | Op::IsNot | Op::Contains => {
                let text = match v {
                    Value::Text(t) => norm(t),
                    Value::Number(n) => n.to_string(),
                    Value::Empty => String::new(),
                };
                let want = norm(&self.value);
                match self.op {
                    Op::Is => text == want,
                    Op::IsNot => text != want,
                    _ => text.contains(&want),
                }
            }
            Op::Above | Op::Below => {
                let (Value::Number(n), Ok(want)) = (v, self.value.trim().parse::<i64>()) else {
                    return false;
                };
                if self.op == Op::Above {
                    *n > want
                } else {
                    *n < want
                }
            }
        }
    }
}

/// Who an action is for: the record's owner (a ticket's assignee), or a
/// named user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Who {
    #[default]
    Owner,
    User(i64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RuleAction {
    /// A task on the record's account (or contact, lead), due in so many
    /// days.
    CreateTask {
        subject: String,
        due_in_days: u16,
        assignee: Who,
    },
    /// The record's owner becomes the next active member of the team, in
    /// turn.
    AssignRoundRobin {
        team_id: i64,
    },
    SetField {
        field: String,
        value: String,
    },
    /// The contact or lead joins the campaign.
    AddToCampaign {
        campaign_id: i64,
    },
    /// An in-app notification.
    Notify {
        user: Who,
        message: String,
    },
}

impl RuleAction {
    pub fn kind(&self) -> &'static str {
        match self {
            RuleAction::CreateTask { .. } => "create_task",
            RuleAction::AssignRoundRobin { .. } => "assign_round_robin",
            RuleAction::SetField { .. } => "set_field",
            RuleAction::AddToCampaign { .. } => "add_to_campaign",
            RuleAction::Notify { .. } => "notify",
        }
    }
}

/// The most conditions and actions one rule holds.
pub const MAX_PARTS: usize = 10;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RuleInput {
    pub name: String,
    pub enabled: bool,
    pub trigger: Trigger,
    pub conditions: Vec<Condition>,
    pub actions: Vec<RuleAction>,
}

/// Checks a value "set a field" would write.
pub fn check_set(subject: Subject, field: &str, value: &str) -> Result<(), &'static str> {
    if !subject.settable().contains(&field) {
        return Err("cannot be set by a rule");
    }
    let v = value.trim();
    let ok = match (subject, field) {
        (Subject::Deal, "probability") => v.parse::<u8>().is_ok_and(|p| p <= 100),
        (Subject::Ticket, "priority") => Priority::parse(v).is_some(),
        (Subject::Account, "lifecycle") => Lifecycle::parse(v).is_some(),
        _ => !v.is_empty() && v.chars().count() <= 200,
    };
    if ok {
        Ok(())
    } else {
        Err("is not a value that field can take")
    }
}

impl RuleInput {
    pub fn validated(&self) -> Result<RuleInput, AppError> {
        let name = fields::required("name", &self.name, MAX_NAME)?;
        let subject = self.trigger.subject();
        if self.conditions.len() > MAX_PARTS || self.actions.len() > MAX_PARTS {
            return Err(AppError::invalid(
                "actions",
                "a rule holds at most 10 conditions and 10 actions",
            ));
        }
        if self.actions.is_empty() {
            return Err(AppError::invalid("actions", "add at least one action"));
        }
        if let Trigger::CloseDateReached { days_before } = self.trigger
            && days_before > 365
        {
            return Err(AppError::invalid("trigger", "is more than a year ahead"));
        }
        for c in &self.conditions {
            let Some(kind) = subject.field_kind(&c.field) else {
                return Err(AppError::invalid(
                    "conditions",
                    "names a field the record does not have",
                ));
            };
            if c.op.takes_value() && c.value.trim().is_empty() {
                return Err(AppError::invalid(
                    "conditions",
                    "needs a value to compare with",
                ));
            }
            if matches!(c.op, Op::Above | Op::Below)
                && (kind != FieldKind::Number || c.value.trim().parse::<i64>().is_err())
            {
                return Err(AppError::invalid(
                    "conditions",
                    "above and below compare whole numbers only",
                ));
            }
        }
        for a in &self.actions {
            match a {
                RuleAction::CreateTask {
                    subject: s,
                    due_in_days,
                    ..
                } => {
                    fields::required("actions", s, 200)?;
                    if *due_in_days > 365 {
                        return Err(AppError::invalid("actions", "a task is due within a year"));
                    }
                }
                RuleAction::SetField { field, value } => {
                    check_set(subject, field, value)
                        .map_err(|r| AppError::invalid("actions", r))?;
                }
                RuleAction::AddToCampaign { .. } => {
                    if !matches!(subject, Subject::Contact | Subject::Lead) {
                        return Err(AppError::invalid(
                            "actions",
                            "only contacts and leads join campaigns",
                        ));
                    }
                }
                RuleAction::Notify { message, .. } => {
                    fields::required("actions", message, 500)?;
                }
                RuleAction::AssignRoundRobin { .. } => {}
            }
        }
        Ok(RuleInput {
            name,
            ..self.clone()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleView {
    pub id: i64,
    pub name: String,
    pub enabled: bool,
    pub trigger: Trigger,
    pub conditions: Vec<Condition>,
    pub actions: Vec<RuleAction>,
    /// How many times it has fired, and when last.
    pub fired: u64,
    pub last_fired_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub updated_at: DateTime<Utc>,
}

impl RuleView {
    /// Do all its conditions hold on `facts`?
    pub fn applies(&self, facts: &Facts) -> bool {
        self.conditions.iter().all(|c| c.holds(facts))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        [
            ("title", Value::Text("Northwind POS rollout".into())),
            ("amount", Value::Number(120_000)),
            ("stage", Value::Text(" Negotiation".into())),
            ("account", Value::Empty),
        ]
        .into_iter()
        .collect()
    }

    fn cond(field: &str, op: Op, value: &str) -> Condition {
        Condition {
            field: field.into(),
            op,
            value: value.into(),
        }
    }

    #[test]
    fn conditions_compare_text_loosely_and_numbers_as_numbers() {
        let f = facts();
        assert!(cond("stage", Op::Is, "negotiation").holds(&f));
        assert!(!cond("stage", Op::IsNot, "NEGOTIATION").holds(&f));
        assert!(cond("title", Op::Contains, "pos").holds(&f));
        assert!(cond("amount", Op::Above, "50000").holds(&f));
        assert!(!cond("amount", Op::Below, "120000").holds(&f));
        // 120,000 is not "above 9" as text would have it ("120000" < "9").
        assert!(cond("amount", Op::Above, "9").holds(&f));
        assert!(cond("account", Op::IsEmpty, "").holds(&f));
        assert!(!cond("account", Op::IsSet, "").holds(&f));
        // A field the record lacks is empty; comparing text as a number fails.
        assert!(cond("nothing", Op::IsEmpty, "").holds(&f));
        assert!(!cond("title", Op::Above, "3").holds(&f));
    }

    #[test]
    fn events_wake_only_their_rules() {
        let negotiation = Trigger::DealEntersStage { stage_id: 4 };
        assert!(Event::DealEnteredStage { stage_id: 4 }.wakes(&negotiation));
        assert!(!Event::DealEnteredStage { stage_id: 3 }.wakes(&negotiation));
        assert!(!Event::Updated(Subject::Deal).wakes(&negotiation));
        let any_campaign = Trigger::LeadFromCampaign { campaign_id: None };
        assert!(Event::LeadFromCampaign { campaign_id: 9 }.wakes(&any_campaign));
        let one = Trigger::LeadFromCampaign {
            campaign_id: Some(8),
        };
        assert!(!Event::LeadFromCampaign { campaign_id: 9 }.wakes(&one));
        assert!(Event::Created(Subject::Lead).wakes(&Trigger::Created(Subject::Lead)));
        assert!(!Event::Created(Subject::Lead).wakes(&Trigger::Created(Subject::Deal)));
        assert!(
            Event::CloseDateIn { days: 7 }.wakes(&Trigger::CloseDateReached { days_before: 7 })
        );
        for (e, t) in [
            (
                Event::Created(Subject::Ticket),
                Trigger::Created(Subject::Ticket),
            ),
            (
                Event::TicketSla { breached: true },
                Trigger::TicketSla { breached: true },
            ),
        ] {
            assert_eq!(e.key(), t.key());
        }
    }

    #[test]
    fn a_rule_may_test_and_change_only_what_its_record_has() {
        let ok = RuleInput {
            name: "Negotiation needs a plan".into(),
            enabled: true,
            trigger: Trigger::DealEntersStage { stage_id: 4 },
            conditions: vec![cond("amount", Op::Above, "10000")],
            actions: vec![RuleAction::CreateTask {
                subject: "Prepare the negotiation".into(),
                due_in_days: 2,
                assignee: Who::Owner,
            }],
        };
        assert!(ok.validated().is_ok());
        let field = |i: RuleInput| match i.validated() {
            Err(AppError::Validation { field, reason }) => (field, reason),
            other => panic!("{other:?}"),
        };
        let with = |c: Condition| RuleInput {
            conditions: vec![c],
            ..ok.clone()
        };
        assert_eq!(
            field(with(cond("priority", Op::Is, "high"))).0,
            "conditions"
        );
        assert_eq!(field(with(cond("title", Op::Above, "3"))).0, "conditions");
        assert_eq!(field(with(cond("stage", Op::Is, " "))).0, "conditions");
        let act = |a: RuleAction| RuleInput {
            actions: vec![a],
            ..ok.clone()
        };
        let set = |f: &str, v: &str| RuleAction::SetField {
            field: f.into(),
            value: v.into(),
        };
        assert!(act(set("probability", "90")).validated().is_ok());
        assert_eq!(field(act(set("probability", "101"))).0, "actions");
        assert_eq!(field(act(set("title", "x"))).0, "actions");
        assert_eq!(
            field(act(RuleAction::AddToCampaign { campaign_id: 1 })).1,
            "only contacts and leads join campaigns"
        );
        assert_eq!(
            field(RuleInput {
                actions: vec![],
                ..ok.clone()
            })
            .1,
            "add at least one action"
        );
        assert_eq!(
            field(RuleInput {
                name: " ".into(),
                ..ok
            })
            .0,
            "name"
        );
    }
}

/// Round-robin: the member after `last` (by id), wrapping; the first when
/// `last` is none or has left the team.
pub fn next_in_turn(members: &[i64], last: Option<i64>) -> Option<i64> {
    let first = *members.first()?;
    Some(
        last.and_then(|l| members.iter().copied().find(|m| *m > l))
            .unwrap_or(first),
    )
}

#[cfg(test)]
mod turn_tests {
    use super::next_in_turn;

    #[test]
    fn round_robin_goes_round() {
        let team = [3, 7, 9];
        assert_eq!(next_in_turn(&team, None), Some(3));
        assert_eq!(next_in_turn(&team, Some(3)), Some(7));
        assert_eq!(next_in_turn(&team, Some(9)), Some(3));
        // The last one left the team: the next by id takes over.
        assert_eq!(next_in_turn(&team, Some(8)), Some(9));
        assert_eq!(next_in_turn(&[], Some(8)), None);
    }
}

/// What the rule editor offers in its pickers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct RuleChoices {
    /// Every pipeline's stages, named "Pipeline · Stage".
    pub stages: Vec<(i64, String)>,
    pub campaigns: Vec<(i64, String)>,
    pub teams: Vec<(i64, String)>,
    pub people: Vec<(i64, String)>,
}
