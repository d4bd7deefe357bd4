//! The server behind the `cairn` binary: settings, the axum router with
//! leptos_axum, sign-in, the non-UI endpoints and the operator commands'
//! bodies. A library so that the binary (`main.rs`) and the libFuzzer
//! target of server-function arguments (`fuzz/fuzz_targets/arguments.rs`)
//! drive the same router.

// Leptos views are deeply nested types; the record pages exceed the default.
#![recursion_limit = "256"]

mod auth;
pub mod config;
mod export;
pub mod import;
mod list_export;
mod live;
pub mod project_cli;
mod project_files;
pub mod router;
pub mod serve;
pub mod state;
mod xlsx;

#[cfg(test)]
mod http_tests;
