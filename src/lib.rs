//! Cairn: a CRM joined to the project management of the delivery.
//!
//! [`domain`] is pure Rust shared by the browser (wasm32) and the server: it
//! never does I/O. [`store`] (feature `ssr`) is the only way to change
//! persisted state: every operation takes the acting user, checks
//! [`domain::permission::authorize`], runs in a transaction and writes the
//! audit log.

pub mod domain;
#[cfg(feature = "ssr")]
pub mod store;
