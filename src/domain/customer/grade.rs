//! Account grading (客户分级): A/B/C/D from the value of the relationship.
//!
//! value = won revenue in the last 12 months
//!       + open pipeline × `pipeline_weight_pct` %
//!       + the company's annual revenue × `potential_weight_pct` %
//!
//! The last term is the stand-in "from the fields we have" until deals
//! exist: a share of the customer's own revenue we could plausibly win.
//! An admin sets it to 0 once the pipeline carries the signal.
//! The value gives the base grade against three thresholds; recency then
//! moves it: an activity within `fresh_days` lifts it one grade, none for
//! `stale_days` (or never) lowers it one. A churned account is D.

use serde::{Deserialize, Serialize};

use crate::domain::AppError;

use super::Lifecycle;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Grade {
    A,
    B,
    C,
    D,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::A, Grade::B, Grade::C, Grade::D];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        Self::ALL
            .into_iter()
            .find(|g| g.as_str().eq_ignore_ascii_case(s.trim()))
    }

    fn up(self) -> Grade {
        match self {
            Grade::D => Grade::C,
            Grade::C => Grade::B,
            _ => Grade::A,
        }
    }

    fn down(self) -> Grade {
        match self {
            Grade::A => Grade::B,
            Grade::B => Grade::C,
            _ => Grade::D,
        }
    }
}

/// The thresholds an admin sets (Admin › Grading). Amounts in whole units
/// of the home currency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct GradeRules {
    pub a_min_value: i64,
    pub b_min_value: i64,
    pub c_min_value: i64,
    pub pipeline_weight_pct: i64,
    pub potential_weight_pct: i64,
    pub fresh_days: i64,
    pub stale_days: i64,
}

impl Default for GradeRules {
    fn default() -> Self {
        GradeRules {
            a_min_value: 500_000,
            b_min_value: 100_000,
            c_min_value: 20_000,
            pipeline_weight_pct: 50,
            potential_weight_pct: 1,
            fresh_days: 30,
            stale_days: 180,
        }
    }
}

impl GradeRules {
    pub fn validate(&self) -> Result<(), AppError> {
        if self.c_min_value < 0 {
            return Err(AppError::invalid("c_min_value", "must not be negative"));
        }
        if self.b_min_value < self.c_min_value {
            return Err(AppError::invalid(
                "b_min_value",
                "must be at least the C threshold",
            ));
        }
        if self.a_min_value < self.b_min_value {
            return Err(AppError::invalid(
                "a_min_value",
                "must be at least the B threshold",
            ));
        }
        for (field, v) in [
            ("pipeline_weight_pct", self.pipeline_weight_pct),
            ("potential_weight_pct", self.potential_weight_pct),
        ] {
            if !(0..=100).contains(&v) {
                return Err(AppError::invalid(field, "must be between 0 and 100"));
            }
        }
        if self.fresh_days < 1 {
            return Err(AppError::invalid("fresh_days", "must be at least 1"));
        }
        if self.stale_days <= self.fresh_days {
            return Err(AppError::invalid(
                "stale_days",
                "must be more than the fresh days",
            ));
        }
        Ok(())
    }

    /// The grade of one account.
    pub fn grade(&self, i: &GradeInputs) -> Grade {
        if i.lifecycle == Lifecycle::Churned {
            return Grade::D;
        }
        let value = i.value(self);
        let base = if value >= self.a_min_value {
            Grade::A
        } else if value >= self.b_min_value {
            Grade::B
        } else if value >= self.c_min_value {
            Grade::C
        } else {
            Grade::D
        };
        match i.days_since_activity {
            Some(d) if d <= self.fresh_days => base.up(),
            Some(d) if d <= self.stale_days => base,
            _ => base.down(),
        }
    }
}

/// What the grade is computed from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct GradeInputs {
    pub won_last_12_months: i64,
    pub open_pipeline: i64,
    pub annual_revenue: i64,
    /// Whole days since the last activity; `None` when there was none.
    pub days_since_activity: Option<i64>,
    pub lifecycle: Lifecycle,
}

impl GradeInputs {
    pub fn value(&self, r: &GradeRules) -> i64 {
        let pct = |amount: i64, p: i64| amount.saturating_mul(p) / 100;
        self.won_last_12_months
            .saturating_add(pct(self.open_pipeline, r.pipeline_weight_pct))
            .saturating_add(pct(self.annual_revenue, r.potential_weight_pct))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(won: i64, days: Option<i64>) -> GradeInputs {
        GradeInputs {
            won_last_12_months: won,
            days_since_activity: days,
            ..Default::default()
        }
    }

    #[test]
    fn value_sets_the_base_and_recency_moves_it_one_step() {
        let r = GradeRules::default();
        // Active within the last month: one grade up.
        assert_eq!(r.grade(&inputs(600_000, Some(3))), Grade::A);
        assert_eq!(r.grade(&inputs(150_000, Some(3))), Grade::A);
        // Neither fresh nor stale: the base grade.
        assert_eq!(r.grade(&inputs(150_000, Some(90))), Grade::B);
        assert_eq!(r.grade(&inputs(25_000, Some(90))), Grade::C);
        assert_eq!(r.grade(&inputs(0, Some(90))), Grade::D);
        // Silent for half a year, or never contacted: one grade down.
        assert_eq!(r.grade(&inputs(600_000, Some(400))), Grade::B);
        assert_eq!(r.grade(&inputs(600_000, None)), Grade::B);
        assert_eq!(r.grade(&inputs(0, None)), Grade::D);
    }

    #[test]
    fn thresholds_are_inclusive() {
        let r = GradeRules::default();
        assert_eq!(r.grade(&inputs(r.b_min_value, Some(60))), Grade::B);
        assert_eq!(r.grade(&inputs(r.b_min_value - 1, Some(60))), Grade::C);
        assert_eq!(r.grade(&inputs(0, Some(r.fresh_days))), Grade::C);
        assert_eq!(r.grade(&inputs(0, Some(r.fresh_days + 1))), Grade::D);
    }

    #[test]
    fn pipeline_and_company_size_count_by_their_weights() {
        let r = GradeRules::default();
        let i = GradeInputs {
            open_pipeline: 200_000,
            annual_revenue: 10_000_000,
            days_since_activity: Some(60),
            ..Default::default()
        };
        assert_eq!(i.value(&r), 100_000 + 100_000);
        assert_eq!(r.grade(&i), Grade::B);
    }

    #[test]
    fn churned_is_always_d() {
        let r = GradeRules::default();
        let mut i = inputs(10_000_000, Some(1));
        i.lifecycle = Lifecycle::Churned;
        assert_eq!(r.grade(&i), Grade::D);
    }

    #[test]
    fn rules_must_be_ordered() {
        let mut r = GradeRules::default();
        assert!(r.validate().is_ok());
        r.b_min_value = r.a_min_value + 1;
        assert_eq!(
            r.validate(),
            Err(AppError::invalid(
                "a_min_value",
                "must be at least the B threshold"
            ))
        );
        let mut r = GradeRules::default();
        r.stale_days = r.fresh_days;
        assert!(r.validate().is_err());
    }
}
