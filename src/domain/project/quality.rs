//! Quality of a delivery project: its deliverables, each with an
//! acceptance checklist; the defects found (against a deliverable or the
//! project); and the sign-off — a named person (often the customer's) on
//! a date — which is refused until every criterion is met and no defect
//! against the deliverable is open. Closeout archives the project with
//! its lessons learned once every deliverable is signed off, no defect
//! is open and no change request is waiting.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::customer::Named;
use crate::domain::{AppError, AppResult};

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 4000;
pub const CRITERION_MAX: usize = 300;
pub const CRITERIA_MAX: usize = 50;

fn text(field: &str, s: &str, max: usize, required: bool) -> AppResult<String> {
    let s = s.trim();
    if required && s.is_empty() {
        return Err(AppError::invalid(field, "is required"));
    }
    if s.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("must be at most {max} characters"),
        ));
    }
    Ok(s.to_owned())
}

/// One acceptance criterion and whether it is met.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Criterion {
    pub text: String,
    pub met: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeliverableInput {
    pub name: String,
    pub description: String,
    /// The task that produces it, if any.
    pub task_id: Option<i64>,
    pub criteria: Vec<Criterion>,
}

impl DeliverableInput {
    /// Trimmed; blank criteria dropped; refused by field.
    pub fn validated(&self) -> AppResult<DeliverableInput> {
        let criteria: Vec<Criterion> = self
            .criteria
            .iter()
            .filter(|c| !c.text.trim().is_empty())
            .map(|c| {
                Ok(Criterion {
                    text: text("criteria", &c.text, CRITERION_MAX, true)?,
                    met: c.met,
                })
            })
            .collect::<AppResult<_>>()?;
        if criteria.len() > CRITERIA_MAX {
            return Err(AppError::invalid(
                "criteria",
                format!("at most {CRITERIA_MAX} criteria"),
            ));
        }
        Ok(DeliverableInput {
            name: text("name", &self.name, NAME_MAX, true)?,
            description: text("description", &self.description, TEXT_MAX, false)?,
            task_id: self.task_id,
            criteria,
        })
    }
}

/// Who accepted a deliverable, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOff {
    /// The person who signed (by name: often the customer's).
    pub name: String,
    pub on: NaiveDate,
}

impl SignOff {
    pub fn validated(&self, today: NaiveDate) -> AppResult<SignOff> {
        if self.on > today {
            return Err(AppError::invalid("signed_on", "cannot be in the future"));
        }
        Ok(SignOff {
            name: text("signed_by", &self.name, NAME_MAX, true)?,
            on: self.on,
        })
    }
}

/// Where a deliverable stands, from its checklist and sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeliverableStatus {
    /// No criterion met yet (or none written).
    Open,
    /// Some criteria met.
    InProgress,
    /// Every criterion met and no open defect: it can be signed off.
    Ready,
    SignedOff,
}

pub fn status(criteria: &[Criterion], open_defects: usize, signed: bool) -> DeliverableStatus {
    let met = criteria.iter().filter(|c| c.met).count();
    if signed {
        DeliverableStatus::SignedOff
    } else if !criteria.is_empty() && met == criteria.len() && open_defects == 0 {
        DeliverableStatus::Ready
    } else if met > 0 {
        DeliverableStatus::InProgress
    } else {
        DeliverableStatus::Open
    }
}

/// Refuses a sign-off while the checklist is empty or not all met, or a
/// defect against the deliverable is open.
pub fn may_sign_off(criteria: &[Criterion], open_defects: usize) -> AppResult<()> {
    if criteria.is_empty() {
        return Err(AppError::invalid(
            "criteria",
            "add acceptance criteria before signing off",
        ));
    }
    let unmet = criteria.iter().filter(|c| !c.met).count();
    if unmet > 0 {
        return Err(AppError::invalid(
            "criteria",
            format!("{unmet} acceptance criteria are not met"),
        ));
    }
    if open_defects > 0 {
        return Err(AppError::invalid(
            "defects",
            format!("{open_defects} defects against it are open"),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliverableView {
    pub id: i64,
    pub version: i64,
    pub input: DeliverableInput,
    pub task_name: Option<String>,
    pub open_defects: usize,
    pub status: DeliverableStatus,
    pub signed: Option<SignOff>,
    /// Who recorded the sign-off, and when.
    pub signed_recorded_by: Option<Named>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Severity {
    Low,
    #[default]
    Medium,
    High,
    Critical,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::High,
        Severity::Medium,
        Severity::Low,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
            Severity::Critical => "critical",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DefectStatus {
    #[default]
    Open,
    Resolved,
}

impl DefectStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DefectStatus::Open => "open",
            DefectStatus::Resolved => "resolved",
        }
    }

    pub fn parse(s: &str) -> Option<DefectStatus> {
        [DefectStatus::Open, DefectStatus::Resolved]
            .into_iter()
            .find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DefectInput {
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub status: DefectStatus,
    /// The deliverable it was found in; `None`: the project at large.
    pub deliverable_id: Option<i64>,
}

impl DefectInput {
    pub fn validated(&self) -> AppResult<DefectInput> {
        Ok(DefectInput {
            title: text("title", &self.title, NAME_MAX, true)?,
            description: text("description", &self.description, TEXT_MAX, false)?,
            ..self.clone()
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefectView {
    pub id: i64,
    pub version: i64,
    pub input: DefectInput,
    pub deliverable_name: Option<String>,
    pub found_by: Option<Named>,
    pub found_at: DateTime<Utc>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Lessons learned, written at closeout.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Lessons {
    pub went_well: String,
    pub to_improve: String,
    pub recommendations: String,
}

impl Lessons {
    /// Trimmed; refused when all three are blank (a closeout without a
    /// lesson is a project nobody learns from).
    pub fn validated(&self) -> AppResult<Lessons> {
        let l = Lessons {
            went_well: text("went_well", &self.went_well, TEXT_MAX, false)?,
            to_improve: text("to_improve", &self.to_improve, TEXT_MAX, false)?,
            recommendations: text("recommendations", &self.recommendations, TEXT_MAX, false)?,
        };
        if l.went_well.is_empty() && l.to_improve.is_empty() && l.recommendations.is_empty() {
            return Err(AppError::invalid(
                "lessons",
                "write at least one lesson learned",
            ));
        }
        Ok(l)
    }
}

/// What is still open when someone tries to close the project out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OpenItems {
    pub unsigned_deliverables: usize,
    pub open_defects: usize,
    /// Submitted or approved, not yet implemented or decided.
    pub pending_changes: usize,
}

impl OpenItems {
    /// Refuses the closeout while anything is open, naming the first.
    pub fn check(&self) -> AppResult<()> {
        if self.unsigned_deliverables > 0 {
            return Err(AppError::invalid(
                "deliverables",
                format!("{} not signed off", self.unsigned_deliverables),
            ));
        }
        if self.open_defects > 0 {
            return Err(AppError::invalid(
                "defects",
                format!("{} still open", self.open_defects),
            ));
        }
        if self.pending_changes > 0 {
            return Err(AppError::invalid(
                "changes",
                format!("{} change requests are pending", self.pending_changes),
            ));
        }
        Ok(())
    }
}

/// The Quality tab: deliverables, defects, and the closeout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityView {
    pub project_id: i64,
    /// The project's version (closeout is saved against it).
    pub version: i64,
    pub deliverables: Vec<DeliverableView>,
    pub defects: Vec<DefectView>,
    pub open: OpenItems,
    pub closeout: Option<Closeout>,
    /// Lessons as last saved (also before the archive).
    pub lessons: Lessons,
    pub editable: bool,
    /// The reader may reopen an archived project (admins).
    pub can_reopen: bool,
}

/// A project's archive: who closed it out when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closeout {
    pub at: DateTime<Utc>,
    pub by: Option<Named>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(text: &str, met: bool) -> Criterion {
        Criterion {
            text: text.into(),
            met,
        }
    }

    fn field<T: std::fmt::Debug>(r: AppResult<T>) -> String {
        match r {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn sign_off_waits_for_every_criterion_and_every_defect() {
        assert_eq!(field(may_sign_off(&[], 0)), "criteria");
        let half = [c("Loads 10k accounts", true), c("Sales can log in", false)];
        assert_eq!(field(may_sign_off(&half, 0)), "criteria");
        let all = [c("Loads 10k accounts", true), c("Sales can log in", true)];
        assert_eq!(field(may_sign_off(&all, 1)), "defects");
        assert!(may_sign_off(&all, 0).is_ok());
        assert_eq!(status(&[], 0, false), DeliverableStatus::Open);
        assert_eq!(status(&half, 0, false), DeliverableStatus::InProgress);
        assert_eq!(status(&all, 1, false), DeliverableStatus::InProgress);
        assert_eq!(status(&all, 0, false), DeliverableStatus::Ready);
        assert_eq!(status(&all, 0, true), DeliverableStatus::SignedOff);
    }

    #[test]
    fn inputs_are_trimmed_and_refused_by_field() {
        let d = DeliverableInput {
            name: "  Data migration report ".into(),
            description: String::new(),
            task_id: None,
            criteria: vec![c(" All accounts moved ", false), c("   ", true)],
        }
        .validated()
        .expect("valid");
        assert_eq!(d.name, "Data migration report");
        assert_eq!(d.criteria, [c("All accounts moved", false)]);
        assert_eq!(field(DeliverableInput::default().validated()), "name");
        let many = DeliverableInput {
            name: "x".into(),
            criteria: vec![c("x", false); CRITERIA_MAX + 1],
            ..Default::default()
        };
        assert_eq!(field(many.validated()), "criteria");
        let today = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
        let s = SignOff {
            name: " Li Wei ".into(),
            on: today,
        };
        assert_eq!(s.validated(today).expect("valid").name, "Li Wei");
        assert_eq!(
            field(
                SignOff {
                    name: "".into(),
                    on: today
                }
                .validated(today)
            ),
            "signed_by"
        );
        assert_eq!(
            field(
                SignOff {
                    name: "Li Wei".into(),
                    on: today.succ_opt().expect("date")
                }
                .validated(today)
            ),
            "signed_on"
        );
        assert_eq!(field(DefectInput::default().validated()), "title");
        assert_eq!(field(Lessons::default().validated()), "lessons");
        assert!(
            Lessons {
                to_improve: "Start data cleansing earlier".into(),
                ..Default::default()
            }
            .validated()
            .is_ok()
        );
    }

    #[test]
    fn closeout_names_what_is_still_open() {
        assert!(OpenItems::default().check().is_ok());
        let open = |u, d, c| OpenItems {
            unsigned_deliverables: u,
            open_defects: d,
            pending_changes: c,
        };
        assert_eq!(field(open(1, 1, 1).check()), "deliverables");
        assert_eq!(field(open(0, 2, 1).check()), "defects");
        assert_eq!(field(open(0, 0, 1).check()), "changes");
    }
}
