//! Marketing (issue 8): campaigns, their members, and the facts their
//! figures are computed from (`domain::marketing::metrics`).

pub mod campaigns;
mod figures;
pub mod members;
pub mod memberships;
