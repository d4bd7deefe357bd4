//! One module per page.

pub mod admin_automation;
pub mod admin_slip;
pub mod admin_targets;
pub mod admin_templates;
pub mod admin_users;
pub mod customers;
pub mod home;
pub mod import;
pub mod login;
pub mod marketing;
pub mod placeholder;
pub mod profile;
pub mod projects;
pub mod sales;
pub mod service;
pub mod setup;
