//! Microsoft Project XML in and out, the schedule as CSV and milestones
//! as iCalendar. What a file becomes is decided by
//! [`crate::domain::project::interchange`]; here are the permission
//! checks, the one transaction of an import and the reads of an export.

mod export;
mod import;

pub use export::{export_mspdi, milestones_ics, schedule_csv};
pub use import::import_mspdi;
