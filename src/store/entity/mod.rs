//! sea-orm entities: plain table shapes, no behaviour (that is in the
//! service modules beside this one).

pub mod audit_log;
pub mod session;
pub mod team;
pub mod user;
