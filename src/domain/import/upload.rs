//! A file as the wizard sends it, and the first look at it.
//!
//! The browser sends the file's bytes (base64 in the server function's
//! JSON) with every request that needs them — preview, dry run, error
//! report, commit — and the server reads them again each time: it never
//! trusts a table the browser parsed, and it keeps no upload between
//! requests, so any instance behind a load balancer can answer. Reading is
//! done here, in the domain, so the CLI and the server read a file the
//! same way.

use base64::Engine;
use serde::{Deserialize, Serialize};

use super::date::{DateGuess, detect_date_format};
use super::fields::{Field, Kind};
use super::mapping::Mapping;
use super::read::{ReadOptions, Table, read_csv};
use super::values::clean;
use super::workbook::{read_xlsx, sheet_names};
use crate::domain::AppError;

/// Largest file the wizard takes (bytes, before base64).
pub const MAX_UPLOAD_BYTES: usize = 20 * 1024 * 1024;

/// Data rows shown in the preview table.
pub const PREVIEW_ROWS: usize = 10;

/// Distinct values listed per column for the value-mapping step.
pub const MAX_VALUES: usize = 60;

/// A file and how to read it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    pub file_name: String,
    /// The file's bytes, base64 (standard alphabet, padded).
    pub data: String,
    pub options: ReadOptions,
    /// Workbooks: the sheet to read (`None`: the first).
    pub sheet: Option<String>,
}

impl Upload {
    pub fn new(file_name: impl Into<String>, bytes: &[u8]) -> Upload {
        Upload {
            file_name: file_name.into(),
            data: base64::engine::general_purpose::STANDARD.encode(bytes),
            options: ReadOptions::default(),
            sheet: None,
        }
    }

    /// Spreadsheets by their extension; anything else is read as text.
    pub fn is_workbook(&self) -> bool {
        let ext = self
            .file_name
            .rsplit_once('.')
            .map(|(_, e)| e.to_ascii_lowercase())
            .unwrap_or_default();
        matches!(ext.as_str(), "xlsx" | "xlsm" | "xls" | "xlsb" | "ods")
    }

    pub fn bytes(&self) -> Result<Vec<u8>, AppError> {
        if self.data.len() / 4 * 3 > MAX_UPLOAD_BYTES + 3 {
            return Err(AppError::invalid("file", "is larger than 20 MB"));
        }
        base64::engine::general_purpose::STANDARD
            .decode(self.data.as_bytes())
            .map_err(|_| AppError::invalid("file", "did not arrive whole; choose it again"))
    }

    /// The whole file as a table.
    pub fn table(&self) -> Result<Table, AppError> {
        let bytes = self.bytes()?;
        if self.is_workbook() {
            read_xlsx(&bytes, self.sheet.as_deref(), &self.options)
        } else {
            read_csv(&bytes, &self.options)
        }
    }
}

/// What the first screen shows: the detected reading, a few rows, the
/// suggested mapping, and per column what the later steps need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// Headers, encoding, delimiter, header row, warnings, and the first
    /// [`PREVIEW_ROWS`] data rows.
    pub table: Table,
    /// Data rows in the whole file.
    pub total_rows: usize,
    /// Workbooks: every sheet's name (empty for text files).
    pub sheets: Vec<String>,
    /// The mapping the header names suggest.
    pub mapping: Mapping,
    /// One per header, same order.
    pub columns: Vec<ColumnProfile>,
}

/// A column's values as the mapping steps need them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnProfile {
    /// Distinct values (spaces collapsed; compared ignoring case), most
    /// frequent first, at most [`MAX_VALUES`], with how many rows hold
    /// each.
    pub values: Vec<(String, usize)>,
    /// Distinct values in all (may be more than listed).
    pub distinct: usize,
    /// The date formats every value fits (for date fields).
    pub dates: DateGuess,
}

/// Reads `upload` for the first screen of the wizard.
pub fn preview(upload: &Upload, kind: Kind) -> Result<Preview, AppError> {
    let mut table = upload.table()?;
    let sheets = if upload.is_workbook() {
        sheet_names(&upload.bytes()?)?
    } else {
        Vec::new()
    };
    let columns = (0..table.headers.len())
        .map(|i| profile(&table, i))
        .collect();
    let mapping = Mapping::suggested(kind, &table.headers);
    let total_rows = table.rows.len();
    table.rows.truncate(PREVIEW_ROWS);
    Ok(Preview {
        table,
        total_rows,
        sheets,
        mapping,
        columns,
    })
}

fn profile(table: &Table, column: usize) -> ColumnProfile {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut index = std::collections::HashMap::<String, usize>::new();
    for row in &table.rows {
        let v = clean(row.get(column).map_or("", String::as_str));
        if v.is_empty() {
            continue;
        }
        match index.get(&v.to_lowercase()) {
            Some(&i) => counts[i].1 += 1,
            None => {
                index.insert(v.to_lowercase(), counts.len());
                counts.push((v, 1));
            }
        }
    }
    let dates = detect_date_format(
        table
            .rows
            .iter()
            .map(|r| r.get(column).map_or("", String::as_str)),
    );
    let distinct = counts.len();
    counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counts.truncate(MAX_VALUES);
    ColumnProfile {
        values: counts,
        distinct,
        dates,
    }
}

/// Fields whose values the wizard offers to replace one by one (names of
/// stages, people, teams, sectors as another system wrote them). Free
/// text (names, notes, emails) is not listed: it has no fixed set of
/// values.
pub fn value_fields(kind: Kind) -> &'static [Field] {
    use Field::*;
    match kind {
        Kind::Accounts => &[Industry, Owner, Team, Source, Lifecycle],
        Kind::Contacts => &[Owner, Team],
        Kind::Leads => &[Owner, Team, Source, Status],
        Kind::Deals => &[Stage, Owner, Team, Pipeline, Currency],
        Kind::Users => &[Team, Manager, Role],
        Kind::Activities => &[ActivityKind, Assignee],
    }
}

/// Fields read as dates.
pub fn is_date_field(field: Field) -> bool {
    matches!(
        field,
        Field::CloseDate | Field::OpenedOn | Field::OccurredAt | Field::DueOn
    )
}

/// The formats the dates of every mapped date column fit, when more than
/// one does: the wizard must ask. `None` when the dates are unambiguous
/// (or there are none).
pub fn ambiguous_dates(preview: &Preview, mapping: &Mapping) -> Option<DateGuess> {
    let mut candidates: Option<Vec<_>> = None;
    for cm in &mapping.columns {
        let Some(field) = cm.field else { continue };
        if !is_date_field(field) {
            continue;
        }
        let Some(i) = preview.table.headers.iter().position(|h| *h == cm.column) else {
            continue;
        };
        let guess = &preview.columns[i].dates;
        if guess.candidates.is_empty() {
            continue;
        }
        candidates = Some(match candidates {
            None => guess.candidates.clone(),
            Some(c) => c
                .into_iter()
                .filter(|f| guess.candidates.contains(f))
                .collect(),
        });
    }
    let candidates = candidates?;
    (candidates.len() > 1).then_some(DateGuess {
        ambiguous: true,
        candidates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::import::{DateFormat, Encoding};

    #[test]
    fn a_gbk_file_round_trips_through_base64() {
        let (gbk, _, _) = encoding_rs::GBK.encode("公司名称,行业\n华为,通信\n小米,电子\n");
        let upload = Upload::new("客户.csv", &gbk);
        let p = preview(&upload, Kind::Accounts).unwrap();
        assert_eq!(p.table.encoding, Encoding::Gb18030);
        assert_eq!(p.table.headers, ["公司名称", "行业"]);
        assert_eq!(p.mapping.columns[0].field, Some(Field::Name));
        assert_eq!(p.mapping.columns[1].field, Some(Field::Industry));
        assert_eq!(p.total_rows, 2);
    }

    #[test]
    fn columns_list_their_values_by_frequency() {
        let csv = "name,sector,close\nA,tech,3/1/2017\nB,Tech ,4/2/2017\nC,retail,5/3/2017\n";
        let p = preview(&Upload::new("a.csv", csv.as_bytes()), Kind::Deals).unwrap();
        assert_eq!(
            p.columns[1].values,
            [("tech".to_owned(), 2), ("retail".to_owned(), 1)]
        );
        assert_eq!(
            p.columns[2].dates.candidates,
            [DateFormat::Mdy, DateFormat::Dmy]
        );
        let mut m = p.mapping.clone();
        m.columns[2].field = Some(Field::CloseDate);
        assert!(ambiguous_dates(&p, &m).is_some());
        m.columns[2].field = None;
        assert!(ambiguous_dates(&p, &m).is_none());
    }

    #[test]
    fn broken_data_is_a_validation_error() {
        let u = Upload {
            file_name: "a.csv".into(),
            data: "***".into(),
            ..Default::default()
        };
        assert!(matches!(u.table(), Err(AppError::Validation { .. })));
    }
}
