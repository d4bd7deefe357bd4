//! Risk scoring: probability and impact rated 1 to 5, their product the
//! score, the score's band (the heat map's colour), and the expected
//! monetary value of a risk whose cost is known.
//!
//! Bands on the 5 × 5 matrix: **low** 1–4, **medium** 5–12, **high**
//! 15–25 (the products 13 and 14 cannot occur). A probability rating
//! stands for the middle of its fifth of the range: 1 = 10 %, 2 = 30 %,
//! 3 = 50 %, 4 = 70 %, 5 = 90 %; EMV = that share of the cost impact.

use serde::{Deserialize, Serialize};

use crate::domain::{AppError, AppResult};

/// A rating from 1 (very low) to 5 (very high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Rating(u8);

impl Rating {
    /// `field` names the input in the error ("probability", "impact").
    pub fn new(field: &str, value: i64) -> AppResult<Rating> {
        u8::try_from(value)
            .ok()
            .filter(|v| (1..=5).contains(v))
            .map(Rating)
            .ok_or_else(|| AppError::invalid(field, format!("must be 1 to 5, not {value}")))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// Where a score falls on the heat map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Band {
    Low,
    Medium,
    High,
}

pub fn score(probability: Rating, impact: Rating) -> u8 {
    probability.0 * impact.0
}

pub fn band(score: u8) -> Band {
    match score {
        0..=4 => Band::Low,
        5..=12 => Band::Medium,
        _ => Band::High,
    }
}

/// The chance a probability rating stands for, in percent.
pub fn probability_percent(probability: Rating) -> u8 {
    probability.0 * 20 - 10
}

/// [`probability_percent`] of a rating as sent to the browser; `None`
/// outside 1–5.
pub fn percent_of(rating: u8) -> Option<u8> {
    Rating::new("probability", i64::from(rating))
        .ok()
        .map(probability_percent)
}

/// Expected monetary value: the probable share of `cost_impact` (minor
/// units), rounded to the nearest unit.
pub fn emv(probability: Rating, cost_impact: i64) -> i64 {
    let v = i128::from(cost_impact) * i128::from(probability_percent(probability));
    let q = (v.abs() + 50) / 100;
    (if v < 0 { -q } else { q }) as i64
}

/// The heat map: how many risks sit in each cell, `[impact - 1]
/// [probability - 1]` (rows by impact, columns by probability).
pub fn heat_map(risks: impl IntoIterator<Item = (Rating, Rating)>) -> [[u32; 5]; 5] {
    let mut cells = [[0u32; 5]; 5];
    for (p, i) in risks {
        cells[usize::from(i.0 - 1)][usize::from(p.0 - 1)] += 1;
    }
    cells
}

/// Words stored for enums: stable, whatever the variants are called in
/// code or shown as in either language.
macro_rules! stored {
    ($t:ident { $($v:ident => $s:literal),+ $(,)? }) => {
        impl $t {
            pub const ALL: &'static [$t] = &[$($t::$v),+];

            pub fn as_str(self) -> &'static str {
                match self { $($t::$v => $s),+ }
            }

            pub fn parse(s: &str) -> Option<$t> {
                match s { $($s => Some($t::$v),)+ _ => None }
            }
        }
    };
}

/// How a risk is to be handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Response {
    Avoid,
    Accept,
    Transfer,
    Mitigate,
}

stored!(Response { Avoid => "avoid", Accept => "accept", Transfer => "transfer", Mitigate => "mitigate" });

/// What a risk is about (the register's filter and the report's grouping).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Category {
    Scope,
    Schedule,
    Cost,
    Technical,
    Data,
    People,
    Vendor,
    Other,
}

stored!(Category {
    Scope => "scope", Schedule => "schedule", Cost => "cost", Technical => "technical",
    Data => "data", People => "people", Vendor => "vendor", Other => "other",
});

/// Where a risk stands: watched while open, then either it happened
/// (now an issue to handle) or it is closed (passed or dealt with).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Open,
    Occurred,
    Closed,
}

stored!(Status { Open => "open", Occurred => "occurred", Closed => "closed" });

/// Longest title, plan and trigger texts.
pub const MAX_TITLE: usize = 200;
pub const MAX_TEXT: usize = 4_000;

/// A risk as entered: ratings as typed (checked by [`RiskInput::validated`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RiskInput {
    pub title: String,
    pub description: String,
    pub category: Category,
    pub probability: i64,
    pub impact: i64,
    pub response: Response,
    /// The response plan: what will be done, by when.
    pub plan: String,
    pub owner_id: Option<i64>,
    /// What would show the risk is happening.
    pub trigger: String,
    pub status: Status,
    /// What it would cost if it happened, minor units (0: not costed).
    pub cost_impact: i64,
    pub currency: String,
    /// The task it threatens, of the same project.
    pub task_id: Option<i64>,
}

/// A checked [`RiskInput`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRisk {
    pub input: RiskInput,
    pub probability: Rating,
    pub impact: Rating,
}

impl RiskInput {
    /// Texts trimmed and bounded, ratings 1 to 5, a cost that is not
    /// negative, a currency code; or the first field that is wrong.
    pub fn validated(&self) -> AppResult<ValidRisk> {
        use crate::domain::customer::fields;
        let title = fields::required("title", &self.title, MAX_TITLE)?;
        let description = fields::multiline("description", &self.description, MAX_TEXT)?;
        let plan = fields::multiline("plan", &self.plan, MAX_TEXT)?;
        let trigger = fields::multiline("trigger", &self.trigger, MAX_TEXT)?;
        let probability = Rating::new("probability", self.probability)?;
        let impact = Rating::new("impact", self.impact)?;
        if !(0..=crate::domain::sales::money::MAX_AMOUNT).contains(&self.cost_impact) {
            return Err(AppError::invalid(
                "cost_impact",
                "must not be negative or too large",
            ));
        }
        let currency = crate::domain::sales::money::currency("currency", &self.currency)?;
        Ok(ValidRisk {
            input: RiskInput {
                title,
                description,
                plan,
                trigger,
                currency,
                ..self.clone()
            },
            probability,
            impact,
        })
    }
}

/// A risk of the register, with what is derived from it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskView {
    pub id: i64,
    pub project_id: i64,
    pub title: String,
    pub description: String,
    pub category: Category,
    pub probability: u8,
    pub impact: u8,
    pub score: u8,
    pub band: Band,
    pub response: Response,
    pub plan: String,
    pub owner: Option<crate::domain::customer::Named>,
    pub trigger: String,
    pub status: Status,
    pub cost_impact: i64,
    pub currency: String,
    /// Expected monetary value ([`emv`]).
    pub emv: i64,
    pub task_id: Option<i64>,
    pub task_name: Option<String>,
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: i64) -> Rating {
        Rating::new("rating", v).unwrap()
    }

    /// Worked by hand: a key user leaving mid-project, probability 3
    /// (50 %), impact 4, costing 40,000.00 to replace: score 12, medium,
    /// EMV 20,000.00. A data-migration overrun at 4 × 5 = 20 is high, EMV
    /// 70 % of 15,000.00 = 10,500.00.
    #[test]
    fn scores_bands_and_emv_by_hand() {
        assert_eq!(score(r(3), r(4)), 12);
        assert_eq!(band(12), Band::Medium);
        assert_eq!(emv(r(3), 4_000_000), 2_000_000);
        assert_eq!(score(r(4), r(5)), 20);
        assert_eq!(band(20), Band::High);
        assert_eq!(emv(r(4), 1_500_000), 1_050_000);
        assert_eq!(band(score(r(1), r(4))), Band::Low);
        assert_eq!(band(score(r(5), r(1))), Band::Medium);
        assert_eq!(band(score(r(3), r(5))), Band::High);
        // 0.5 rounds away from zero: 10 % of 0.05 is 0.005.
        assert_eq!(emv(r(1), 5), 1);
        assert_eq!(emv(r(1), -5), -1);
    }

    #[test]
    fn a_rating_sent_to_the_browser_reads_as_its_percentage() {
        let shown: Vec<Option<u8>> = (0..=6).map(percent_of).collect();
        assert_eq!(
            shown,
            [None, Some(10), Some(30), Some(50), Some(70), Some(90), None]
        );
    }

    #[test]
    fn every_cell_has_a_band_and_the_percentages_are_the_fifths() {
        let percents: Vec<u8> = (1..=5).map(|p| probability_percent(r(p))).collect();
        assert_eq!(percents, [10, 30, 50, 70, 90]);
        let mut seen = [0; 3];
        for p in 1..=5 {
            for i in 1..=5 {
                seen[band(score(r(p), r(i))) as usize] += 1;
            }
        }
        // Low: 1,2,3,4 (8 cells); high: 15,16,20,25 (6 cells).
        assert_eq!(seen, [8, 11, 6]);
    }

    #[test]
    fn ratings_outside_one_to_five_name_the_field() {
        for v in [0, 6, -1, 300] {
            match Rating::new("impact", v) {
                Err(AppError::Validation { field, reason }) => {
                    assert_eq!(field, "impact");
                    assert!(reason.contains("1 to 5"), "{reason}");
                }
                other => panic!("{other:?}"),
            }
        }
    }

    fn input() -> RiskInput {
        RiskInput {
            title: "  Key user leaves  ".into(),
            description: String::new(),
            category: Category::People,
            probability: 3,
            impact: 4,
            response: Response::Mitigate,
            plan: "Train a second user".into(),
            owner_id: None,
            trigger: "Resignation".into(),
            status: Status::Open,
            cost_impact: 4_000_000,
            currency: "usd".into(),
            task_id: None,
        }
    }

    #[test]
    fn inputs_are_trimmed_and_checked_field_by_field() {
        let v = input().validated().unwrap();
        assert_eq!(v.input.title, "Key user leaves");
        assert_eq!(v.input.currency, "USD");
        assert_eq!(score(v.probability, v.impact), 12);
        let field = |i: RiskInput| match i.validated() {
            Err(AppError::Validation { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            field(RiskInput {
                title: " ".into(),
                ..input()
            }),
            "title"
        );
        assert_eq!(
            field(RiskInput {
                probability: 0,
                ..input()
            }),
            "probability"
        );
        assert_eq!(
            field(RiskInput {
                impact: 9,
                ..input()
            }),
            "impact"
        );
        assert_eq!(
            field(RiskInput {
                cost_impact: -1,
                ..input()
            }),
            "cost_impact"
        );
        assert_eq!(
            field(RiskInput {
                currency: "dollars".into(),
                ..input()
            }),
            "currency"
        );
    }

    #[test]
    fn stored_words_read_back() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(*c));
        }
        for r in Response::ALL {
            assert_eq!(Response::parse(r.as_str()), Some(*r));
        }
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Status::parse("Open"), None);
    }

    #[test]
    fn the_heat_map_counts_risks_per_cell() {
        let m = heat_map([(r(3), r(4)), (r(3), r(4)), (r(5), r(1))]);
        assert_eq!(m[3][2], 2);
        assert_eq!(m[0][4], 1);
        assert_eq!(m.iter().flatten().sum::<u32>(), 3);
    }
}
