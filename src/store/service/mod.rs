//! Service (issue 8): tickets with their comments and service-level
//! clocks, and the service levels an admin sets.

pub mod levels;
pub mod report;
pub mod tickets;
pub(crate) mod views;
