//! Lists as sheets: the columns a list exports and the typed cells of
//! each row, written as CSV here and as XLSX by the server.
//!
//! The headers are the import's field names (`domain::import::fields`),
//! so an exported file goes back through the import wizard with every
//! column recognised. Cells keep their type (numbers, dates) so that a
//! spreadsheet sorts and sums them without a conversion step.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::customer::{AccountRow, ContactRow, LeadView, Named};
use crate::domain::sales::deal::DealCard;
use crate::domain::sales::money::format_amount;

/// One value of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    /// An amount in minor units (cents, fen) and its currency code.
    Money {
        minor: i64,
        currency: String,
    },
    Date(NaiveDate),
    Time(DateTime<Utc>),
}

impl Cell {
    fn text(s: &str) -> Cell {
        if s.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(s.to_string())
        }
    }

    fn name(n: &Option<Named>) -> Cell {
        n.as_ref().map_or(Cell::Empty, |n| Cell::text(&n.name))
    }

    fn time(t: Option<DateTime<Utc>>) -> Cell {
        t.map_or(Cell::Empty, Cell::Time)
    }

    /// The cell as CSV writes it: amounts as plain decimals in major
    /// units ("15000.00", no separators, so spreadsheets read numbers),
    /// dates ISO 8601, times in UTC.
    pub fn to_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Money { minor, currency } => format_amount(*minor, currency).replace(',', ""),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Time(t) => t.format("%Y-%m-%d %H:%M:%S").to_string(),
        }
    }
}

/// A list ready to write: a title (the sheet's and the file's name), the
/// header row and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub title: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

/// Why a list could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("could not write the CSV file: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not write the CSV file: {0}")]
    Io(#[from] std::io::Error),
}

impl Sheet {
    /// The sheet as CSV, UTF-8 with a byte order mark (without which
    /// Excel reads Chinese names as mojibake).
    pub fn to_csv(&self) -> Result<Vec<u8>, ExportError> {
        let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
        out.write_record(&self.headers)?;
        for row in &self.rows {
            out.write_record(row.iter().map(Cell::to_text))?;
        }
        out.into_inner()
            .map_err(|e| ExportError::Io(e.into_error()))
    }
}

pub fn accounts(rows: &[AccountRow]) -> Sheet {
    Sheet {
        title: "accounts",
        headers: vec![
            "id",
            "name",
            "industry",
            "website",
            "phone",
            "owner",
            "team",
            "tags",
            "lifecycle",
            "grade",
            "last activity",
            "updated",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(r.id),
                    Cell::text(&r.name),
                    Cell::text(&r.industry),
                    Cell::text(&r.domain),
                    Cell::text(&r.phone),
                    Cell::name(&r.owner),
                    Cell::name(&r.team),
                    Cell::text(&r.tags.join(", ")),
                    Cell::text(r.lifecycle.as_str()),
                    Cell::text(r.grade.as_str()),
                    Cell::time(r.last_activity_at),
                    Cell::Time(r.updated_at),
                ]
            })
            .collect(),
    }
}

pub fn contacts(rows: &[ContactRow]) -> Sheet {
    Sheet {
        title: "contacts",
        headers: vec![
            "id", "name", "title", "email", "phone", "account", "owner", "tags", "updated",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(r.id),
                    Cell::text(&r.name),
                    Cell::text(&r.title),
                    Cell::text(&r.email),
                    Cell::text(&r.phone),
                    Cell::name(&r.account),
                    Cell::name(&r.owner),
                    Cell::text(&r.tags.join(", ")),
                    Cell::Time(r.updated_at),
                ]
            })
            .collect(),
    }
}

pub fn leads(rows: &[LeadView]) -> Sheet {
    Sheet {
        title: "leads",
        headers: vec![
            "id", "name", "company", "title", "email", "phone", "website", "source", "status",
            "owner", "team", "created", "updated",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(r.id),
                    Cell::text(&r.name),
                    Cell::text(&r.company),
                    Cell::text(&r.title),
                    Cell::text(&r.email),
                    Cell::text(&r.phone),
                    Cell::text(&r.website),
                    Cell::text(&r.source),
                    Cell::text(r.status.as_str()),
                    Cell::name(&r.owner),
                    Cell::name(&r.team),
                    Cell::Time(r.created_at),
                    Cell::Time(r.updated_at),
                ]
            })
            .collect(),
    }
}

/// Deals, with each one's stage named by `stage`.
pub fn deals(rows: &[DealCard], stage: impl Fn(i64) -> String) -> Sheet {
    Sheet {
        title: "deals",
        headers: vec![
            "id",
            "title",
            "account",
            "amount",
            "currency",
            "probability",
            "stage",
            "status",
            "owner",
            "close date",
            "entered stage",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::Int(r.id),
                    Cell::text(&r.title),
                    Cell::name(&r.account),
                    Cell::Money {
                        minor: r.amount,
                        currency: r.currency.clone(),
                    },
                    Cell::text(&r.currency),
                    Cell::Int(i64::from(r.probability)),
                    Cell::text(&stage(r.stage_id)),
                    Cell::text(r.status.as_str()),
                    Cell::name(&r.owner),
                    r.expected_close.map_or(Cell::Empty, Cell::Date),
                    Cell::Time(r.entered_stage_at),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customer::{Grade, Lifecycle};
    use crate::domain::import::{Kind, ReadOptions, read_csv, suggest};
    use crate::domain::sales::deal::DealStatus;

    fn account(name: &str) -> AccountRow {
        AccountRow {
            id: 7,
            name: name.to_string(),
            industry: "Software".into(),
            domain: "example.cn".into(),
            phone: "+86 10 1234 5678".into(),
            owner: Some(Named {
                id: 1,
                name: "王芳".into(),
            }),
            team: None,
            tags: vec!["vip".into(), "north".into()],
            lifecycle: Lifecycle::Customer,
            grade: Grade::A,
            last_activity_at: None,
            updated_at: DateTime::from_timestamp(1_790_000_000, 0).expect("time"),
            deleted_at: None,
        }
    }

    #[test]
    fn csv_has_a_bom_quotes_commas_and_keeps_chinese() {
        let sheet = accounts(&[account("北京云杉科技, 有限公司")]);
        let bytes = sheet.to_csv().expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some(
                "id,name,industry,website,phone,owner,team,tags,lifecycle,grade,last activity,updated"
            )
        );
        assert_eq!(
            lines.next(),
            Some(
                "7,\"北京云杉科技, 有限公司\",Software,example.cn,+86 10 1234 5678,王芳,,\"vip, north\",customer,A,,2026-09-21 14:13:20"
            )
        );
        assert_eq!(lines.next(), None);
    }

    #[test]
    fn an_exported_list_reads_back_with_every_column_recognised() {
        let sheet = accounts(&[account("Acme")]);
        let table = read_csv(&sheet.to_csv().expect("csv"), &ReadOptions::default()).expect("read");
        assert_eq!(table.rows.len(), 1);
        let fields = suggest(Kind::Accounts, &table.headers);
        let unmapped: Vec<_> = table
            .headers
            .iter()
            .zip(&fields)
            .filter(|(h, f)| {
                f.is_none() && !matches!(h.as_str(), "id" | "grade" | "updated" | "last activity")
            })
            .map(|(h, _)| h.clone())
            .collect();
        assert!(
            unmapped.is_empty(),
            "not recognised on import: {unmapped:?}"
        );
    }

    #[test]
    fn deal_columns_are_recognised_on_import() {
        let deal = DealCard {
            id: 3,
            title: "ERP roll-out".into(),
            account: None,
            amount: 1_500_000,
            currency: "CNY".into(),
            probability: 40,
            probability_overridden: false,
            owner: None,
            team_id: None,
            stage_id: 9,
            status: DealStatus::Open,
            rank: "m".into(),
            version: 1,
            expected_close: NaiveDate::from_ymd_opt(2026, 12, 31),
            entered_stage_at: DateTime::from_timestamp(1_790_000_000, 0).expect("time"),
        };
        let sheet = deals(&[deal], |id| format!("Stage {id}"));
        let text = String::from_utf8(sheet.to_csv().expect("csv")).expect("utf-8");
        assert!(
            text.contains("3,ERP roll-out,,15000.00,CNY,40,Stage 9,open,,2026-12-31,"),
            "{text}"
        );
        let table = read_csv(text.as_bytes(), &ReadOptions::default()).expect("read");
        let fields = suggest(Kind::Deals, &table.headers);
        for (h, f) in table.headers.iter().zip(&fields) {
            // A deal's status comes back through its stage column (an
            // import maps stage values to Won or Lost).
            if !matches!(h.as_str(), "id" | "status" | "entered stage") {
                assert!(f.is_some(), "{h} not recognised on import");
            }
        }
    }

    #[test]
    fn money_is_a_plain_decimal_and_dates_are_iso() {
        assert_eq!(
            Cell::Money {
                minor: 1_234_567,
                currency: "CNY".into()
            }
            .to_text(),
            "12345.67"
        );
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).expect("date");
        assert_eq!(Cell::Date(d).to_text(), "2026-03-01");
        assert_eq!(Cell::Empty.to_text(), "");
    }
}
