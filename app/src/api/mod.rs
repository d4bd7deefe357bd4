//! Server functions: the typed API between the browser and the server.
//! Each body is a few lines: resolve the actor, call `cairn::store`, map the
//! error to its HTTP status. Endpoints are named (`/api/<name>`) so the
//! authorization tests can enumerate them.

pub mod auth;
pub mod automation;
pub mod changes;
pub mod costs;
pub mod customers;
pub mod dashboard;
pub mod delivery;
pub mod import;
pub mod marketing;
pub mod merge;
pub mod profile;
pub mod projects;
pub mod quality;
pub mod sales;
#[cfg(feature = "ssr")]
pub mod server;
pub mod service;
pub mod users;
