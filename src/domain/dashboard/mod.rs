//! The home dashboard: KPI tiles with the targets an administrator sets.
//! [`targets`] holds what is aimed at and its rules; [`tiles`] turns the
//! facts the store counted (in the reader's scope) and the targets into
//! tiles, each with its standing and the report it links to.

pub mod targets;
pub mod tiles;

pub use targets::{Targets, TeamTarget};
pub use tiles::{
    Dashboard, DashboardFacts, Kpi, Measure, ProjectFacts, SalesFacts, ServiceFacts, Standing,
    Tile, quarter_of, tiles,
};
