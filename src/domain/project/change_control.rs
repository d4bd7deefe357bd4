//! Change control: a change request describes a change to an agreed
//! project — why, and its impact on scope, schedule and cost — and goes
//! draft → submitted → approved or rejected → implemented. Who may move
//! it is a rule of its own, not the project's write access: the project's
//! people (PMO, admins) draft, submit and implement; only managers and
//! admins decide. Implementing an approved change applies its schedule
//! changes to the plan and saves a new baseline, in one transaction.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::change::{Change, TaskField};
use super::model::TaskRow;
use crate::domain::customer::{Named, fields};
use crate::domain::{AppError, AppResult, Role};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CrStatus {
    Draft,
    Submitted,
    Approved,
    Rejected,
    Implemented,
}

impl CrStatus {
    pub const ALL: [CrStatus; 5] = [
        CrStatus::Draft,
        CrStatus::Submitted,
        CrStatus::Approved,
        CrStatus::Rejected,
        CrStatus::Implemented,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CrStatus::Draft => "draft",
            CrStatus::Submitted => "submitted",
            CrStatus::Approved => "approved",
            CrStatus::Rejected => "rejected",
            CrStatus::Implemented => "implemented",
        }
    }

    pub fn parse(s: &str) -> Option<CrStatus> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Who acts on a change request in a transition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    /// Someone who may change the project (its PMO, admins).
    ProjectWriter,
    /// A manager or an admin: who decides.
    Approver,
}

/// Whether `role` (with `writes_project`: may change the project) may
/// move a change request from `from` to `to`; the refusal says why.
pub fn may_move(role: Role, writes_project: bool, from: CrStatus, to: CrStatus) -> AppResult<()> {
    use CrStatus::*;
    let needs = match (from, to) {
        (Draft, Submitted) | (Submitted, Draft) | (Approved, Implemented) => Who::ProjectWriter,
        (Submitted, Approved) | (Submitted, Rejected) => Who::Approver,
        _ => {
            return Err(AppError::invalid(
                "status",
                format!(
                    "a {} change request cannot become {}",
                    from.as_str(),
                    to.as_str()
                ),
            ));
        }
    };
    let ok = match needs {
        Who::ProjectWriter => writes_project,
        Who::Approver => matches!(role, Role::Manager | Role::Admin),
    };
    if ok { Ok(()) } else { Err(AppError::Forbidden) }
}

/// One schedule change a request carries: a task's new length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DurationChange {
    pub task_id: i64,
    /// Working days, 0 for a milestone.
    pub days: u16,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ChangeRequestInput {
    pub title: String,
    pub description: String,
    pub reason: String,
    pub scope_impact: String,
    /// Working days the schedule moves (negative: earlier), as estimated.
    pub schedule_days: i64,
    /// Minor units of `currency`.
    pub cost_impact: i64,
    pub currency: String,
    pub changes: Vec<DurationChange>,
}

pub const MAX_CHANGES: usize = 200;

impl ChangeRequestInput {
    /// The input trimmed, or the first field that breaks a rule.
    pub fn validated(&self) -> AppResult<ChangeRequestInput> {
        let title = fields::required("title", &self.title, 200)?;
        let currency = self.currency.trim().to_ascii_uppercase();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(AppError::invalid("currency", "must be a three-letter code"));
        }
        if !(-1_000..=1_000).contains(&self.schedule_days) {
            return Err(AppError::invalid(
                "schedule_days",
                "must be within 1000 working days",
            ));
        }
        if self.cost_impact.abs() > 1_000_000_000_000 {
            return Err(AppError::invalid("cost_impact", "is too large"));
        }
        if self.changes.len() > MAX_CHANGES {
            return Err(AppError::invalid(
                "changes",
                format!("at most {MAX_CHANGES} schedule changes"),
            ));
        }
        let mut seen = Vec::new();
        for c in &self.changes {
            if c.days > 1_000 {
                return Err(AppError::invalid("changes", "at most 1000 working days"));
            }
            if seen.contains(&c.task_id) {
                return Err(AppError::invalid("changes", "names the same task twice"));
            }
            seen.push(c.task_id);
        }
        let text = |field: &str, v: &str| -> AppResult<String> {
            let v = v.trim();
            if v.chars().count() > 4_000 {
                return Err(AppError::invalid(field, "must be at most 4000 characters"));
            }
            Ok(v.to_owned())
        };
        Ok(ChangeRequestInput {
            title,
            description: text("description", &self.description)?,
            reason: text("reason", &self.reason)?,
            scope_impact: text("scope_impact", &self.scope_impact)?,
            schedule_days: self.schedule_days,
            cost_impact: self.cost_impact,
            currency,
            changes: self.changes.clone(),
        })
    }
}

/// The batch that applies a request's schedule changes to the plan's
/// live tasks as they are now (summaries and missing tasks refused).
pub fn batch(
    changes: &[DurationChange],
    tasks: &[TaskRow],
    summary: &dyn Fn(i64) -> bool,
) -> AppResult<Vec<Change>> {
    changes
        .iter()
        .map(|c| {
            let t = tasks
                .iter()
                .find(|t| t.id == c.task_id && !t.deleted)
                .ok_or_else(|| {
                    AppError::invalid("changes", "names a task that is not in the plan")
                })?;
            if summary(t.id) {
                return Err(AppError::invalid(
                    "changes",
                    "a phase's length follows its tasks; change a task",
                ));
            }
            Ok(Change::EditTask {
                id: t.id,
                version: t.version,
                field: TaskField::Duration(i64::from(c.days) * super::template::DAY),
            })
        })
        .collect()
}

/// A stamp in a request's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub by: Option<Named>,
    pub at: DateTime<Utc>,
}

/// A change request as the project page shows it; its stamps are the
/// project's change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeRequestView {
    pub id: i64,
    pub project_id: i64,
    /// Per project, from 1 ("CR-3").
    pub number: i64,
    pub version: i64,
    pub status: CrStatus,
    pub input: ChangeRequestInput,
    /// The tasks' names, beside `input.changes`.
    pub task_names: Vec<String>,
    pub decision_note: String,
    pub created: Stamp,
    pub submitted: Option<Stamp>,
    pub decided: Option<Stamp>,
    pub implemented: Option<Stamp>,
    /// The baseline saved when it was implemented.
    pub baseline_id: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use CrStatus::*;

    #[test]
    fn only_managers_and_admins_decide() {
        for role in [Role::Manager, Role::Admin] {
            may_move(role, role == Role::Admin, Submitted, Approved).expect("decides");
            may_move(role, false, Submitted, Rejected).expect("decides");
        }
        for role in [Role::Pmo, Role::Sales, Role::Service, Role::Viewer] {
            assert_eq!(
                may_move(role, role == Role::Pmo, Submitted, Approved),
                Err(AppError::Forbidden),
                "{role:?}"
            );
        }
    }

    #[test]
    fn the_project_people_draft_submit_and_implement() {
        may_move(Role::Pmo, true, Draft, Submitted).expect("submits");
        may_move(Role::Pmo, true, Submitted, Draft).expect("withdraws");
        may_move(Role::Pmo, true, Approved, Implemented).expect("implements");
        // A manager decides but does not change the plan.
        assert_eq!(
            may_move(Role::Manager, false, Approved, Implemented),
            Err(AppError::Forbidden)
        );
        assert_eq!(
            may_move(Role::Viewer, false, Draft, Submitted),
            Err(AppError::Forbidden)
        );
    }

    #[test]
    fn no_step_is_skipped_or_undone() {
        for (from, to) in [
            (Draft, Approved),
            (Draft, Implemented),
            (Submitted, Implemented),
            (Rejected, Approved),
            (Implemented, Draft),
            (Approved, Rejected),
        ] {
            let r = may_move(Role::Admin, true, from, to);
            assert!(
                matches!(&r, Err(AppError::Validation { field, .. }) if field == "status"),
                "{from:?} → {to:?}: {r:?}"
            );
        }
    }

    #[test]
    fn input_is_checked_field_by_field() {
        let ok = ChangeRequestInput {
            title: " Extra integration ".into(),
            currency: "usd".into(),
            schedule_days: 5,
            cost_impact: 1_200_000,
            changes: vec![DurationChange {
                task_id: 4,
                days: 12,
            }],
            ..Default::default()
        };
        let v = ok.validated().expect("valid");
        assert_eq!(
            (v.title.as_str(), v.currency.as_str()),
            ("Extra integration", "USD")
        );
        let field = |i: ChangeRequestInput| match i.validated() {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(ChangeRequestInput {
                title: " ".into(),
                ..ok.clone()
            }),
            "title"
        );
        assert_eq!(
            field(ChangeRequestInput {
                currency: "dollars".into(),
                ..ok.clone()
            }),
            "currency"
        );
        assert_eq!(
            field(ChangeRequestInput {
                changes: vec![
                    DurationChange {
                        task_id: 4,
                        days: 1
                    };
                    2
                ],
                ..ok.clone()
            }),
            "changes"
        );
    }

    #[test]
    fn the_batch_sets_each_tasks_new_length() {
        let task = |id: i64, version: i64| TaskRow {
            id,
            version,
            parent: None,
            rank: "a".into(),
            name: format!("t{id}"),
            duration_minutes: 480,
            percent_complete: 0,
            constraint: None,
            assignments: Vec::new(),
            deleted: false,
        };
        let tasks = [task(1, 3), task(2, 1)];
        let b = batch(
            &[DurationChange {
                task_id: 1,
                days: 4,
            }],
            &tasks,
            &|_| false,
        )
        .expect("batch");
        assert_eq!(
            b,
            [Change::EditTask {
                id: 1,
                version: 3,
                field: TaskField::Duration(4 * 480),
            }]
        );
        assert!(
            batch(
                &[DurationChange {
                    task_id: 9,
                    days: 1
                }],
                &tasks,
                &|_| false
            )
            .is_err()
        );
        assert!(
            batch(
                &[DurationChange {
                    task_id: 2,
                    days: 1
                }],
                &tasks,
                &|id| id == 2
            )
            .is_err()
        );
    }
}
