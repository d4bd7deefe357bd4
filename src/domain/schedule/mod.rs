//! The scheduling engine: a WBS of tasks, links with lags and leads,
//! constraints, working calendars, and the critical path method. Pure
//! Rust with no I/O, so the browser (instant feedback while dragging a
//! bar in the Gantt) and the server (authoritative on save) compute the
//! very same schedule.
//!
//! - [`model`]: [`Plan`], [`Task`], [`Link`], [`Constraint`].
//! - [`calendar`]: [`Calendar`] and its compiled [`WorkTable`];
//!   [`presets`]: "Standard (Mon–Fri)" and "China mainland".
//! - [`outline`]: the tree and its outline numbers.
//! - [`cpm`]: [`schedule`] — forward and backward passes, floats;
//!   [`Scheduler`] to schedule again and again in the same memory.
//! - [`rollup`]: what summary tasks take from their subtasks.
//! - [`mspdi`]: reading Microsoft Project XML into a [`Plan`].

pub mod calendar;
pub mod cpm;
pub mod error;
pub mod model;
pub mod mspdi;
pub mod outline;
pub mod presets;
pub mod rollup;

pub use calendar::{Calendar, CalendarException, DayHours, Side, WorkTable};
pub use cpm::{ConstraintConflict, Schedule, Scheduler, schedule};
pub use error::ScheduleError;
pub use model::{Constraint, ConstraintKind, Link, LinkKind, Plan, ResourceSpan, Task, TaskIx};
pub use outline::Outline;
pub use rollup::Rollup;
