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
    /// A finish-to-finish or start-to-finish link into a summary task.
    /// A summary's finish is set by its subtasks; a link into it drives
    /// their starts (as in Microsoft Project, which refuses these too).
    #[error(
        "\"{0}\" is a summary task: a link into it must drive its start (finish-to-start or start-to-start)"
    )]
    SummaryFinishLink(String),
    /// A constraint on a summary task other than start no earlier than
    /// or finish no later than, the two that hold for all its subtasks at
    /// once (Project offers only these on a summary).
    #[error(
        "\"{0}\" is a summary task: it can only start no earlier than or finish no later than a date"
    )]
    SummaryConstraint(String),
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
    /// More than half a billion tasks.
    #[error("a plan holds at most 2²⁹ tasks")]
    TooLarge,
    /// The schedule runs more than 400 years.
    #[error("the schedule runs beyond the calendar's range")]
    BeyondCalendar,
}
