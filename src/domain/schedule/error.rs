//! Why a plan cannot be scheduled. A constraint that cannot be met is not
//! an error: the plan is scheduled and the conflict reported per task
//! ([`super::ConstraintConflict`]), so a user sees the whole picture.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum ScheduleError {
    /// Dependencies loop back on themselves. `names` lists the tasks of
    /// the loop in link order, the first repeated at the end.
    #[error("these dependencies form a loop: {}", names.join(" → "))]
    Cycle { tasks: Vec<u32>, names: Vec<String> },
    /// A link or parent names a task that is not in the plan.
    #[error("task {0} does not exist")]
    UnknownTask(u32),
    /// A task is its own ancestor.
    #[error("the outline of \"{0}\" loops back on itself")]
    OutlineLoop(String),
    /// Summary tasks take their dates from their children; links and
    /// constraints belong on the children.
    #[error("\"{0}\" is a summary task: link or constrain its subtasks instead")]
    SummaryScheduled(String),
    /// A task linked to itself.
    #[error("\"{0}\" cannot depend on itself")]
    SelfLink(String),
    #[error("duration of \"{0}\" is negative")]
    NegativeDuration(String),
    #[error("calendar: {0}")]
    InvalidCalendar(String),
    /// A date earlier than the calendar table begins.
    #[error("{0} is before the start of the calendar")]
    BeforeCalendar(NaiveDateTime),
    /// More than a billion tasks.
    #[error("a plan holds at most 2³⁰ tasks")]
    TooLarge,
    /// The schedule runs more than 400 years.
    #[error("the schedule runs beyond the calendar's range")]
    BeyondCalendar,
}
