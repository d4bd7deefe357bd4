//! Service (issue 8): tickets, their life cycle, service levels
//! measured in the working hours of a scheduling calendar, and the
//! service reports' figures.

pub mod report;
pub mod sla;
pub mod ticket;

pub use sla::{
    Pause, ServiceLevels, SlaClock, SlaPolicy, SlaState, SlaTargets, clock, paused_clock,
    working_minutes,
};
pub use ticket::{
    CommentInput, CommentView, Priority, Rating, TicketDetail, TicketInput, TicketKind,
    TicketQuery, TicketStatus, TicketView, Visibility,
};
