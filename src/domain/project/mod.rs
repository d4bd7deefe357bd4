//! Projects: the rows a plan is stored as, the edits made to it, and what
//! the Gantt chart derives from them. The browser and the server apply an
//! edit with the same [`state::ProjectState::apply`] and schedule with the
//! same engine, so the chart's preview and the saved result agree by
//! construction (and [`compute::digest`] proves it on every save).

pub mod cells;
pub mod change;
pub mod change_control;
pub mod compute;
pub mod costs;
pub mod delivery;
pub mod editor;
pub mod evm;
pub mod health;
pub mod history;
pub mod interchange;
pub mod load;
pub mod model;
pub mod predecessors;
pub mod quality;
pub mod report;
pub mod risk;
pub mod state;
pub mod template;
pub mod timeline;

pub use change::{Assignee, Change, EditBatch, EditResult, TaskField};
pub use compute::{Compiled, ScheduledTask, compile, compile_with, digest};
pub use model::*;
pub use state::ProjectState;
