//! Customers: accounts, contacts, leads, activities, the timeline, grading
//! and search. Every function authorizes first (records are scoped to the
//! actor: see [`crate::domain::read_scope`]), validates, writes in one
//! transaction with the audit log, and keeps the derived data (search
//! terms, tag index, grade) in that same transaction.

pub mod accounts;
pub mod activities;
pub(crate) mod common;
pub mod contacts;
pub mod dossier;
pub mod grading;
pub(crate) mod index;
pub mod leads;
pub mod merge;
pub mod scale;
pub mod search;
pub mod timeline;
