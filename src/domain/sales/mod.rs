//! Sales: pipelines, deals, the board's ordering and the forecast. The
//! board and the server share these types; the arithmetic (ranks,
//! weighting, rotting, forecast) lives here, not in components.

pub mod board;
pub mod cash;
pub mod chart;
pub mod deal;
pub mod forecast;
pub mod local;
pub mod money;
pub mod payments;
pub mod pipeline;
pub mod rank;

pub use board::{BoardColumn, BoardEvent, BoardQuery, BoardView, ColumnTotals};
pub use deal::{
    DealCard, DealInput, DealStatus, DealView, MoveRequest, MoveTo, StageVisit, ValidDeal,
};
pub use forecast::{DealFact, Forecast, Period};
pub use pipeline::{Pipeline, PipelineInput, Stage, StageInput};
