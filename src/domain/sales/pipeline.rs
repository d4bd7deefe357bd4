//! Pipelines and their ordered stages.

use serde::{Deserialize, Serialize};

use crate::domain::AppError;
use crate::domain::customer::fields::{self, MAX_NAME};

/// Most stages one pipeline may have (a board wider than this is unusable).
pub const MAX_STAGES: usize = 20;

/// One stage as the board and the forms know it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub id: i64,
    pub name: String,
    /// The win probability a deal gets on entering the stage, 0–100.
    pub probability: u8,
    /// Days a deal may sit here before it is flagged as rotting.
    pub rotting_days: Option<u32>,
}

/// A pipeline with its stages in board order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pipeline {
    pub id: i64,
    pub name: String,
    pub stages: Vec<Stage>,
    pub version: i64,
}

/// A stage as an admin edits it (`id` is `None` for a new stage).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct StageInput {
    pub id: Option<i64>,
    pub name: String,
    pub probability: u8,
    pub rotting_days: Option<u32>,
}

/// A pipeline as an admin edits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PipelineInput {
    pub name: String,
    pub stages: Vec<StageInput>,
}

impl PipelineInput {
    /// Checks the name and every stage (a name, unique in the pipeline, a
    /// probability of at most 100, a rotting limit of at least one day).
    pub fn validated(&self) -> Result<PipelineInput, AppError> {
        let name = fields::required("name", &self.name, MAX_NAME)?;
        if self.stages.is_empty() {
            return Err(AppError::invalid("stages", "needs at least one stage"));
        }
        if self.stages.len() > MAX_STAGES {
            return Err(AppError::invalid(
                "stages",
                format!("may have at most {MAX_STAGES} stages"),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        let mut stages = Vec::with_capacity(self.stages.len());
        for (i, s) in self.stages.iter().enumerate() {
            let field = format!("stages.{i}.name");
            let name = fields::required(&field, &s.name, 80)?;
            if !seen.insert(name.to_lowercase()) {
                return Err(AppError::invalid(&field, "is used by another stage"));
            }
            if s.probability > 100 {
                return Err(AppError::invalid(
                    &format!("stages.{i}.probability"),
                    "must be between 0 and 100",
                ));
            }
            if s.rotting_days == Some(0) {
                return Err(AppError::invalid(
                    &format!("stages.{i}.rotting_days"),
                    "must be at least one day",
                ));
            }
            stages.push(StageInput {
                id: s.id,
                name,
                probability: s.probability,
                rotting_days: s.rotting_days,
            });
        }
        Ok(PipelineInput { name, stages })
    }
}

/// The stages a new installation starts with (name, probability %,
/// rotting days), a common B2B sequence.
pub const DEFAULT_STAGES: [(&str, u8, Option<u32>); 5] = [
    ("Qualification", 10, Some(14)),
    ("Needs analysis", 25, Some(21)),
    ("Proposal", 50, Some(21)),
    ("Negotiation", 75, Some(14)),
    ("Verbal commit", 90, Some(7)),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn stage(name: &str, p: u8) -> StageInput {
        StageInput {
            id: None,
            name: name.into(),
            probability: p,
            rotting_days: Some(10),
        }
    }

    #[test]
    fn stages_are_checked_by_position() {
        let ok = PipelineInput {
            name: " New business ".into(),
            stages: vec![stage("Lead", 10), stage("Won-ish", 90)],
        };
        assert_eq!(ok.validated().expect("valid").name, "New business");
        let dup = PipelineInput {
            name: "P".into(),
            stages: vec![stage("Lead", 10), stage("lead", 20)],
        };
        assert_eq!(
            dup.validated(),
            Err(AppError::invalid(
                "stages.1.name",
                "is used by another stage"
            ))
        );
        let high = PipelineInput {
            name: "P".into(),
            stages: vec![stage("Lead", 101)],
        };
        assert!(
            matches!(high.validated(), Err(AppError::Validation { field, .. }) if field == "stages.0.probability")
        );
        let none = PipelineInput {
            name: "P".into(),
            stages: vec![],
        };
        assert!(none.validated().is_err());
    }
}
