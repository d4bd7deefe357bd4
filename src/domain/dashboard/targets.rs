//! What the organisation aims at, set by an administrator (Admin ›
//! Targets) and stored as one versioned setting. Every target is
//! optional: a tile without one shows its figure and says so.

use serde::{Deserialize, Serialize};

use crate::domain::AppError;
use crate::domain::sales::money;

/// Largest revenue target (minor units): the largest deal amount.
pub const MAX_REVENUE: i64 = money::MAX_AMOUNT;

/// One team's revenue target per quarter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamTarget {
    pub team_id: i64,
    /// Minor units of [`Targets::currency`].
    pub revenue: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Targets {
    /// The currency of the revenue targets, and so of the revenue and
    /// coverage tiles (deals in other currencies are not converted: a
    /// target in yuan is compared with deals in yuan).
    pub currency: String,
    /// Won revenue per quarter, whole organisation (readers who see every
    /// deal: administrators, viewers).
    pub revenue: Option<i64>,
    /// Won revenue per quarter by team (sales people and managers see
    /// their team's deals, so their tile compares with their team's).
    pub team_revenue: Vec<TeamTarget>,
    /// Won ÷ closed this quarter, percent.
    pub win_rate_pct: Option<u8>,
    /// Open pipeline due this quarter ÷ what is left of the revenue
    /// target, in tenths (30 = 3.0×).
    pub coverage_tenths: Option<u16>,
    /// Service level targets met ÷ decided over the last 30 days, percent.
    pub sla_attainment_pct: Option<u8>,
    /// Average rating over the last 30 days, in tenths (42 = 4.2 of 5).
    pub satisfaction_tenths: Option<u8>,
    /// At most this many active projects with a late critical task.
    pub projects_at_risk: Option<u32>,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            currency: "CNY".into(),
            revenue: None,
            team_revenue: Vec::new(),
            win_rate_pct: None,
            coverage_tenths: None,
            sla_attainment_pct: None,
            satisfaction_tenths: None,
            projects_at_risk: None,
        }
    }
}

fn within<T: PartialOrd + Copy + std::fmt::Display>(
    field: &str,
    v: Option<T>,
    lo: T,
    hi: T,
) -> Result<(), AppError> {
    match v {
        Some(x) if x < lo || x > hi => Err(AppError::invalid(
            field,
            format!("must be between {lo} and {hi}"),
        )),
        _ => Ok(()),
    }
}

impl Targets {
    /// The targets as stored: currency normalised, teams sorted; refused
    /// with the field at fault.
    pub fn validated(&self) -> Result<Targets, AppError> {
        let mut t = self.clone();
        t.currency = money::currency("currency", &self.currency)?;
        within("revenue", t.revenue, 1, MAX_REVENUE)?;
        t.team_revenue.sort_by_key(|x| x.team_id);
        for w in t.team_revenue.windows(2) {
            if w[0].team_id == w[1].team_id {
                return Err(AppError::invalid("team_revenue", "names a team twice"));
            }
        }
        for x in &t.team_revenue {
            within("team_revenue", Some(x.revenue), 1, MAX_REVENUE)?;
        }
        within("win_rate_pct", t.win_rate_pct, 1, 100)?;
        within("coverage_tenths", t.coverage_tenths, 1, 200)?;
        within("sla_attainment_pct", t.sla_attainment_pct, 1, 100)?;
        within("satisfaction_tenths", t.satisfaction_tenths, 10, 50)?;
        within("projects_at_risk", t.projects_at_risk, 0, 100_000)?;
        Ok(t)
    }

    /// The revenue target a reader's figure is compared with: their
    /// team's when they see a team's deals, the organisation's when they
    /// see all. A team without its own target has none (the whole
    /// company's would not be a fair comparison).
    pub fn revenue_for(&self, team: Option<i64>) -> Option<i64> {
        match team {
            Some(id) => self
                .team_revenue
                .iter()
                .find(|t| t.team_id == id)
                .map(|t| t.revenue),
            None => self.revenue,
        }
    }
}

#[cfg(test)]
// Amounts are written as yuan_fen (12_000_00 is ¥12,000.00).
#[allow(clippy::inconsistent_digit_grouping)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_targets_name_their_field() {
        let field = |t: Targets| match t.validated() {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        let ok = Targets::default();
        assert_eq!(
            field(Targets {
                currency: "yuan".into(),
                ..ok.clone()
            }),
            "currency"
        );
        assert_eq!(
            field(Targets {
                win_rate_pct: Some(101),
                ..ok.clone()
            }),
            "win_rate_pct"
        );
        assert_eq!(
            field(Targets {
                satisfaction_tenths: Some(51),
                ..ok.clone()
            }),
            "satisfaction_tenths"
        );
        assert_eq!(
            field(Targets {
                revenue: Some(0),
                ..ok.clone()
            }),
            "revenue"
        );
        assert_eq!(
            field(Targets {
                team_revenue: vec![
                    TeamTarget {
                        team_id: 2,
                        revenue: 5
                    },
                    TeamTarget {
                        team_id: 2,
                        revenue: 6
                    }
                ],
                ..ok.clone()
            }),
            "team_revenue"
        );
        let t = Targets {
            currency: " usd ".into(),
            team_revenue: vec![
                TeamTarget {
                    team_id: 9,
                    revenue: 5,
                },
                TeamTarget {
                    team_id: 2,
                    revenue: 6,
                },
            ],
            ..ok
        }
        .validated()
        .expect("valid");
        assert_eq!(t.currency, "USD");
        assert_eq!(t.team_revenue[0].team_id, 2);
        assert_eq!(t.revenue_for(Some(9)), Some(5));
        assert_eq!(t.revenue_for(Some(3)), None);
        assert_eq!(t.revenue_for(None), None);
    }
}
