//! Expected cash (回款) by month: what won deals will pay as their
//! delivery projects reach the milestones the payments are tied to, beside
//! the weighted open pipeline by expected close month, so finance reads
//! one curve.
//!
//! A deal's payment terms are percentages of its amount tied to project
//! milestones ("30 % at design sign-off"). They must add up to exactly
//! 100 %; each payment is its share rounded down to the minor unit and
//! the last one takes the remainder, so the payments always add up to
//! the deal's amount to the cent.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::money;
use crate::domain::{AppError, AppResult};

/// The payments of `amount` (minor units) for terms of `percents`.
pub fn split(amount: i64, percents: &[u8]) -> AppResult<Vec<i64>> {
    if percents.is_empty() {
        return Err(AppError::invalid(
            "payment_terms",
            "add at least one payment",
        ));
    }
    if percents.contains(&0) {
        return Err(AppError::invalid(
            "payment_terms",
            "a payment of 0 % is no payment",
        ));
    }
    let total: u32 = percents.iter().map(|&p| u32::from(p)).sum();
    if total != 100 {
        return Err(AppError::invalid(
            "payment_terms",
            format!("must add up to 100 %, not {total} %"),
        ));
    }
    let mut out: Vec<i64> = percents
        .iter()
        .map(|&p| (i128::from(amount) * i128::from(p) / 100) as i64)
        .collect();
    let paid: i64 = out.iter().sum();
    if let Some(last) = out.last_mut() {
        *last += amount - paid;
    }
    Ok(out)
}

/// A payment expected from a won deal: when its milestone is forecast to
/// be reached (the schedule's date) and how much.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub due: NaiveDate,
    pub amount: i64,
    pub currency: String,
}

/// An open deal as the curve weighs it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDeal {
    pub close: NaiveDate,
    pub amount: i64,
    /// 0 to 100.
    pub probability: u8,
    pub currency: String,
}

/// One month of one currency.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MonthCash {
    /// The first day of the month.
    pub month: NaiveDate,
    pub currency: String,
    /// Payments of won deals due this month.
    pub contracted: i64,
    /// Open deals expected to close this month, each × its probability.
    pub weighted_pipeline: i64,
}

fn first_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).unwrap_or(d)
}

/// The curve from the month of `from` for `months` months, per currency
/// (currencies are never added together), months in order. Payments and
/// deals dated before `from`'s month are overdue: they count in the first
/// month, as cash still to come.
pub fn by_month(
    payments: &[Payment],
    open: &[OpenDeal],
    from: NaiveDate,
    months: u32,
) -> Vec<MonthCash> {
    let start = first_of(from);
    let index = |d: NaiveDate| -> Option<usize> {
        let d = first_of(d).max(start);
        let n = (d.year() - start.year()) * 12 + d.month() as i32 - start.month() as i32;
        usize::try_from(n).ok().filter(|&n| n < months as usize)
    };
    let mut currencies: Vec<&str> = payments
        .iter()
        .map(|p| p.currency.as_str())
        .chain(open.iter().map(|d| d.currency.as_str()))
        .collect();
    currencies.sort_unstable();
    currencies.dedup();
    let mut out = Vec::new();
    for currency in currencies {
        let mut contracted = vec![0i64; months as usize];
        let mut weighted = vec![0i64; months as usize];
        for p in payments.iter().filter(|p| p.currency == currency) {
            if let Some(i) = index(p.due) {
                contracted[i] += p.amount;
            }
        }
        for d in open.iter().filter(|d| d.currency == currency) {
            if let Some(i) = index(d.close) {
                weighted[i] += money::weighted(d.amount, d.probability);
            }
        }
        let mut month = start;
        for i in 0..months as usize {
            out.push(MonthCash {
                month,
                currency: currency.to_owned(),
                contracted: contracted[i],
                weighted_pipeline: weighted[i],
            });
            month = month
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(month);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// By hand: 100,000.01 in 30/40/30 is 30,000.00, 40,000.00 and the
    /// remaining 30,000.01.
    #[test]
    fn payments_add_up_to_the_amount_to_the_cent() {
        assert_eq!(
            split(10_000_001, &[30, 40, 30]).unwrap(),
            [3_000_000, 4_000_000, 3_000_001]
        );
        assert_eq!(split(100, &[33, 33, 34]).unwrap(), [33, 33, 34]);
        assert_eq!(split(10, &[33, 33, 34]).unwrap(), [3, 3, 4]);
        assert_eq!(split(1, &[100]).unwrap(), [1]);
    }

    #[test]
    fn terms_must_add_up_to_one_hundred() {
        for terms in [&[30, 40][..], &[60, 50], &[], &[100, 0]] {
            match split(1_000, terms) {
                Err(AppError::Validation { field, .. }) => assert_eq!(field, "payment_terms"),
                other => panic!("{terms:?}: {other:?}"),
            }
        }
    }

    /// By hand, from 15 March 2027 for three months: a 30,000 payment due
    /// 2 April and an overdue 10,000 (due 20 February) → March 10,000,
    /// April 30,000; an open 50,000 at 60 % closing 31 May → May 30,000;
    /// a 5,000 EUR deal at 50 % in March → its own line, 2,500; a payment
    /// in July is past the three months and left out.
    #[test]
    fn the_curve_by_month_and_currency() {
        let pay = |due, amount, currency: &str| Payment {
            due,
            amount,
            currency: currency.to_owned(),
        };
        let deal = |close, amount, probability, currency: &str| OpenDeal {
            close,
            amount,
            probability,
            currency: currency.to_owned(),
        };
        let curve = by_month(
            &[
                pay(d(2027, 4, 2), 30_000, "USD"),
                pay(d(2027, 2, 20), 10_000, "USD"),
                pay(d(2027, 7, 1), 99_999, "USD"),
            ],
            &[
                deal(d(2027, 5, 31), 50_000, 60, "USD"),
                deal(d(2027, 3, 1), 5_000, 50, "EUR"),
            ],
            d(2027, 3, 15),
            3,
        );
        fn line(c: &MonthCash) -> (&str, NaiveDate, i64, i64) {
            (
                c.currency.as_str(),
                c.month,
                c.contracted,
                c.weighted_pipeline,
            )
        }
        assert_eq!(
            curve.iter().map(line).collect::<Vec<_>>(),
            [
                ("EUR", d(2027, 3, 1), 0, 2_500),
                ("EUR", d(2027, 4, 1), 0, 0),
                ("EUR", d(2027, 5, 1), 0, 0),
                ("USD", d(2027, 3, 1), 10_000, 0),
                ("USD", d(2027, 4, 1), 30_000, 0),
                ("USD", d(2027, 5, 1), 0, 30_000),
            ]
        );
        assert!(by_month(&[], &[], d(2027, 3, 1), 12).is_empty());
    }

    #[test]
    fn months_cross_the_year() {
        let curve = by_month(
            &[Payment {
                due: d(2028, 1, 31),
                amount: 7,
                currency: "CNY".into(),
            }],
            &[],
            d(2027, 12, 5),
            2,
        );
        assert_eq!(curve[1].month, d(2028, 1, 1));
        assert_eq!(curve[1].contracted, 7);
    }
}
