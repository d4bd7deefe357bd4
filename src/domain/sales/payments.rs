//! A deal's payment terms (回款): shares of its amount tied to milestones
//! of its delivery project ("30 % at design approval") or to the signing.
//! Each payment is due when its milestone is forecast to finish — the
//! schedule's date, so a slip in the plan moves the cash — and the
//! amounts are [`super::cash::split`]'s, to the cent.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::cash::split;
use crate::domain::customer::Named;
use crate::domain::{AppError, AppResult};

/// More instalments than any contract here has.
pub const MAX_TERMS: usize = 12;

/// One instalment as agreed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentTerm {
    /// 1 to 100; all terms add up to 100.
    pub percent: u8,
    /// The delivery project's milestone it waits for; `None`: on signing
    /// (the deal's close).
    pub task_id: Option<i64>,
}

/// A milestone of the delivery project, with its forecast finish.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Milestone {
    pub id: i64,
    pub name: String,
    pub finish: NaiveDate,
}

/// One instalment as the deal page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TermView {
    pub percent: u8,
    pub task_id: Option<i64>,
    /// The milestone's name; `None` on signing, or when the milestone is
    /// no longer in the plan (then `due` is `None` too).
    pub milestone: Option<String>,
    /// Minor units of the deal's currency.
    pub amount: i64,
    pub due: Option<NaiveDate>,
}

/// The deal's payment terms with what editing them needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PaymentPlan {
    pub deal_id: i64,
    /// Of the terms (0: never saved).
    pub version: i64,
    pub amount: i64,
    pub currency: String,
    /// The close date (closed, else expected): when "on signing" is due.
    pub signing: Option<NaiveDate>,
    pub project: Option<Named>,
    pub milestones: Vec<Milestone>,
    pub terms: Vec<TermView>,
    pub editable: bool,
}

/// Terms that can be saved: at most [`MAX_TERMS`], adding up to 100 %,
/// each milestone one of `milestones` and used once.
pub fn validate(terms: &[PaymentTerm], milestones: &[Milestone]) -> AppResult<()> {
    if terms.is_empty() {
        return Ok(());
    }
    if terms.len() > MAX_TERMS {
        return Err(AppError::invalid(
            "payment_terms",
            format!("at most {MAX_TERMS} payments"),
        ));
    }
    let percents: Vec<u8> = terms.iter().map(|t| t.percent).collect();
    split(100, &percents)?;
    let mut seen = Vec::new();
    for t in terms {
        if let Some(id) = t.task_id {
            if !milestones.iter().any(|m| m.id == id) {
                return Err(AppError::invalid(
                    "payment_terms",
                    "names a milestone that is not in the delivery project",
                ));
            }
            if seen.contains(&id) {
                return Err(AppError::invalid(
                    "payment_terms",
                    "names the same milestone twice",
                ));
            }
            seen.push(id);
        }
    }
    Ok(())
}

/// The instalments of `amount`: each with its milestone's name and
/// forecast finish (the signing date when it has no milestone).
pub fn views(
    amount: i64,
    terms: &[PaymentTerm],
    milestones: &[Milestone],
    signing: Option<NaiveDate>,
) -> Vec<TermView> {
    let percents: Vec<u8> = terms.iter().map(|t| t.percent).collect();
    let amounts = split(amount, &percents).unwrap_or_else(|_| vec![0; terms.len()]);
    terms
        .iter()
        .zip(amounts)
        .map(|(t, amount)| {
            let m = t
                .task_id
                .and_then(|id| milestones.iter().find(|m| m.id == id));
            TermView {
                percent: t.percent,
                task_id: t.task_id,
                milestone: m.map(|m| m.name.clone()),
                amount,
                due: match t.task_id {
                    Some(_) => m.map(|m| m.finish),
                    None => signing,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).expect("date")
    }

    fn milestones() -> Vec<Milestone> {
        vec![
            Milestone {
                id: 7,
                name: "Design approved".into(),
                finish: d(4, 9),
            },
            Milestone {
                id: 9,
                name: "Go-live".into(),
                finish: d(7, 2),
            },
        ]
    }

    fn term(percent: u8, task_id: Option<i64>) -> PaymentTerm {
        PaymentTerm { percent, task_id }
    }

    fn reason(r: AppResult<()>) -> String {
        match r {
            Err(AppError::Validation { reason, .. }) => reason,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn instalments_fall_on_their_milestones_and_add_up() {
        let terms = [term(30, Some(7)), term(60, Some(9)), term(10, None)];
        validate(&terms, &milestones()).expect("valid");
        // 1,000.01 split 30/60/10: 300.00 + 600.00 + the rest 100.01.
        let v = views(100_001, &terms, &milestones(), Some(d(3, 1)));
        let lines: Vec<(i64, Option<NaiveDate>, Option<&str>)> = v
            .iter()
            .map(|t| (t.amount, t.due, t.milestone.as_deref()))
            .collect();
        assert_eq!(
            lines,
            [
                (30_000, Some(d(4, 9)), Some("Design approved")),
                (60_000, Some(d(7, 2)), Some("Go-live")),
                (10_001, Some(d(3, 1)), None),
            ]
        );
    }

    #[test]
    fn bad_terms_are_refused() {
        assert_eq!(
            reason(validate(
                &[term(30, Some(7)), term(60, None)],
                &milestones()
            )),
            "must add up to 100 %, not 90 %"
        );
        assert_eq!(
            reason(validate(&[term(100, Some(8))], &milestones())),
            "names a milestone that is not in the delivery project"
        );
        assert_eq!(
            reason(validate(
                &[term(50, Some(7)), term(50, Some(7))],
                &milestones()
            )),
            "names the same milestone twice"
        );
        assert_eq!(
            reason(validate(&vec![term(5, None); 20], &milestones())),
            "at most 12 payments"
        );
        // No terms: nothing agreed yet.
        validate(&[], &milestones()).expect("empty is fine");
    }

    #[test]
    fn a_milestone_gone_from_the_plan_has_no_date() {
        let v = views(1_000, &[term(100, Some(42))], &milestones(), None);
        assert_eq!((v[0].due, v[0].milestone.clone()), (None, None));
    }
}
