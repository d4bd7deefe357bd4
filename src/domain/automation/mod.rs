//! Automation (issue 8): rules as data — a trigger, conditions on the
//! record's fields, actions — and the pure parts of running them: which
//! rules an event wakes, whether their conditions hold, and the chain
//! that stops a rule from firing itself in a loop. The store executes the
//! actions inside the transaction of the change that fired them.

pub mod chain;
pub mod notification;
pub mod rule;

pub use chain::{Chain, MAX_DEPTH};
pub use notification::{Inbox, NotificationView};
pub use rule::{
    Condition, Event, Facts, FieldKind, Op, RuleAction, RuleChoices, RuleInput, RuleView, Subject,
    Trigger, Value, Who,
};
