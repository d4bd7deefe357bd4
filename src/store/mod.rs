//! Persistence (feature `ssr`): sea-orm entities, migrations, and the
//! services that are the only way to change state.
//!
//! Invariants every service keeps:
//! - it takes the acting [`Actor`](crate::domain::Actor) and calls
//!   [`authorize`](crate::domain::authorize) before touching anything;
//! - writes run in one transaction ([`Store::write`]) and write the audit log
//!   in that same transaction;
//! - editable rows carry `version`; an update names the version it saw and a
//!   mismatch is [`AppError::Conflict`](crate::domain::AppError::Conflict).

pub mod audit;
pub mod automation;
pub mod backup;
pub mod customers;
pub mod dashboard;
mod db;
pub mod entity;
pub mod import;
pub mod marketing;
pub mod migration;
pub mod password;
pub mod projects;
pub mod sales;
mod scratch;
pub mod seed;
mod seed_campaigns;
mod seed_delivery;
mod seed_tickets;
pub mod service;
pub mod sessions;
pub mod settings;
pub mod sign_in;
pub mod users;

pub use db::{Backend, Store, StoreError};
