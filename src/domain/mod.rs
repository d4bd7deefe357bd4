//! Types and rules shared by the browser and the server. No I/O here.

pub mod automation;
pub mod customer;
pub mod dashboard;
pub mod error;
pub mod export;
pub mod import;
pub mod language;
pub mod marketing;
pub mod permission;
pub mod project;
pub mod role;
pub mod sales;
pub mod schedule;
pub mod search;
pub mod service;
pub mod user;

pub use error::{AppError, AppResult};
pub use language::Language;
pub use permission::{
    Action, Actor, Module, Resource, Scope, allowed, authorize, authorize_writer, read_scope,
};
pub use role::Role;
