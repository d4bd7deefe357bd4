//! Spreadsheets (XLSX, and through the same reader XLS, XLSB and ODS) into
//! the same [`Table`] as text files, so mapping and transforms never care
//! where a row came from.
//!
//! Cells become the text a user would type: whole numbers without ".0",
//! dates as ISO `YYYY-MM-DD` (with `THH:MM:SS` when there is a time of
//! day), booleans as `TRUE`/`FALSE`, error cells (`#N/A`) as empty. Dates
//! are read from the cell's date format, so no guessing is needed for them.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::read::{self, Encoding, ReadOptions, Table};
use crate::domain::AppError;

/// Reads one sheet of a workbook: `sheet` by name, or the first.
pub fn read_xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
    options: &ReadOptions,
) -> Result<Table, AppError> {
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map_err(|e| AppError::invalid("file", format!("is not a readable workbook ({e})")))?;
    let names = book.sheet_names();
    let name = match sheet {
        Some(s) if names.iter().any(|n| n == s) => s.to_owned(),
        Some(s) => return Err(AppError::invalid("sheet", format!("no sheet is named {s}"))),
        None => names
            .first()
            .cloned()
            .ok_or_else(|| AppError::invalid("file", "has no sheets"))?,
    };
    let range = book
        .worksheet_range(&name)
        .map_err(|e| AppError::invalid("sheet", format!("{name} cannot be read ({e})")))?;
    let records = range
        .rows()
        .map(|row| row.iter().map(cell_text).collect::<Vec<_>>())
        .collect::<Vec<_>>();
    if records.iter().all(|r| r.iter().all(String::is_empty)) {
        return Err(AppError::invalid("sheet", format!("{name} is empty")));
    }
    let header_row = options
        .header_row
        .unwrap_or_else(|| read::detect_header_row(&records[..records.len().min(30)]));
    let mut warnings = Vec::new();
    let (headers, rows) = read::headers_and_rows(
        records.into_iter().skip(header_row),
        header_row,
        options,
        &mut warnings,
    )?;
    Ok(Table {
        headers,
        rows,
        encoding: Encoding::Utf8,
        delimiter: None,
        header_row,
        warnings,
    })
}

/// The names of a workbook's sheets, for the sheet picker.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, AppError> {
    calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
        .map(|book| book.sheet_names())
        .map_err(|e| AppError::invalid("file", format!("is not a readable workbook ({e})")))
}

fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => float_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(d) if d.is_duration() => float_text(d.as_f64()),
        Data::DateTime(d) => {
            let (y, mo, day, h, mi, s, _) = d.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{y:04}-{mo:02}-{day:02}")
            } else {
                format!("{y:04}-{mo:02}-{day:02}T{h:02}:{mi:02}:{s:02}")
            }
        }
    }
}

/// Shortest text that reads back as the same number; integral values
/// without a fraction ("12", not "12.0"). Rust's float formatting is
/// already round-trip exact and never uses an exponent.
fn float_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}
