//! Spreadsheets (XLSX, and through the same reader XLS, XLSB and ODS) into
//! the same [`Table`] as text files, so mapping and transforms never care
//! where a row came from.
//!
//! Cells become the text a user would type: whole numbers without ".0",
//! dates as ISO `YYYY-MM-DD` (with `THH:MM:SS` when there is a time of
//! day), booleans as `TRUE`/`FALSE`, error cells (`#N/A`) as empty. Dates
//! are read from the cell's date format, so no guessing is needed for them.

use std::io::Cursor;

use calamine::{Data, Reader, Sheets};

use super::read::{self, Encoding, ReadOptions, Table};
use crate::domain::AppError;

/// Reads one sheet of a workbook: `sheet` by name, or the first.
pub fn read_xlsx(
    bytes: &[u8],
    sheet: Option<&str>,
    options: &ReadOptions,
) -> Result<Table, AppError> {
    guarded(|| read_sheet(bytes, sheet, options))
}

fn read_sheet(bytes: &[u8], sheet: Option<&str>, options: &ReadOptions) -> Result<Table, AppError> {
    check_shared_strings(bytes)?;
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
    let records = match &mut book {
        Sheets::Xlsx(x) => {
            let mut cells = x
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(&name, e))?;
            let mut all = Vec::new();
            while let Some(c) = cells.next_cell().map_err(|e| unreadable(&name, e))? {
                all.push((c.get_position(), Data::from(c.get_value().clone())));
            }
            dense(&name, all)?
        }
        Sheets::Xlsb(x) => {
            let mut cells = x
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(&name, e))?;
            let mut all = Vec::new();
            while let Some(c) = cells.next_cell().map_err(|e| unreadable(&name, e))? {
                all.push((c.get_position(), Data::from(c.get_value().clone())));
            }
            dense(&name, all)?
        }
        // XLS and ODS have no cell reader: calamine builds the range.
        book => book
            .worksheet_range(&name)
            .map_err(|e| unreadable(&name, e))?
            .rows()
            .map(|row| row.iter().map(cell_text).collect::<Vec<_>>())
            .collect::<Vec<_>>(),
    };
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

/// Cells in the rectangle from a sheet's first used cell to its last
/// (rows × columns) read at most: one cell at A1 and one at XFD1048576
/// would otherwise ask for 17 billion, and the allocation failing aborts
/// the server (the fuzz target found it). 200,000 rows of twenty columns
/// fit; a 20 MB upload cannot hold that many values anyway.
pub const MAX_CELLS: usize = 4_000_000;

fn unreadable(sheet: &str, e: impl std::fmt::Display) -> AppError {
    AppError::invalid("sheet", format!("{sheet} cannot be read ({e})"))
}

/// The cells as rows of text, from the first used row and column to the
/// last (as calamine's own range), refused past [`MAX_CELLS`].
fn dense(sheet: &str, cells: Vec<((u32, u32), Data)>) -> Result<Vec<Vec<String>>, AppError> {
    let Some(rows) = cells
        .iter()
        .map(|(p, _)| p.0)
        .min()
        .zip(cells.iter().map(|(p, _)| p.0).max())
    else {
        return Ok(Vec::new());
    };
    let first_col = cells.iter().map(|(p, _)| p.1).min().unwrap_or(0);
    let last_col = cells.iter().map(|(p, _)| p.1).max().unwrap_or(0);
    let height = (rows.1 - rows.0) as usize + 1;
    let width = (last_col - first_col) as usize + 1;
    if height.saturating_mul(width) > MAX_CELLS {
        return Err(AppError::invalid(
            "sheet",
            format!("{sheet} spans {height} rows × {width} columns; more than this import reads"),
        ));
    }
    let mut records = vec![vec![String::new(); width]; height];
    for ((row, col), value) in cells {
        records[(row - rows.0) as usize][(col - first_col) as usize] = cell_text(&value);
    }
    Ok(records)
}

/// The names of a workbook's sheets, for the sheet picker.
pub fn sheet_names(bytes: &[u8]) -> Result<Vec<String>, AppError> {
    guarded(|| {
        check_shared_strings(bytes)?;
        calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
            .map(|book| book.sheet_names())
            .map_err(|e| AppError::invalid("file", format!("is not a readable workbook ({e})")))
    })
}

/// calamine reserves room for the number of strings a workbook's shared
/// string table declares (`<sst uniqueCount>`) before reading one: a file
/// declaring four billion asks for 96 GB, and the failed allocation aborts
/// the process (the fuzz target found it). A count past [`MAX_CELLS`] is
/// refused first; a real workbook's is the number of strings it holds.
fn check_shared_strings(bytes: &[u8]) -> Result<(), AppError> {
    use quick_xml::events::Event;
    // Not a zip (XLS), or a broken one: calamine says what is wrong.
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for i in 0..zip.len() {
        let Ok(part) = zip.by_index(i) else { continue };
        let shared = part
            .name()
            .is_ok_and(|n| n.to_ascii_lowercase().ends_with("sharedstrings.xml"));
        if !shared {
            continue;
        }
        let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
        let mut buf = Vec::new();
        loop {
            match xml.read_event_into(&mut buf) {
                Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == b"sst" => {
                    let declared = e
                        .attributes()
                        .flatten()
                        .filter(|a| a.key.local_name().as_ref() == b"uniqueCount")
                        .any(|a| {
                            std::str::from_utf8(&a.value)
                                .ok()
                                .and_then(|v| v.trim().parse::<u64>().ok())
                                .map_or(a.value.len() > 7, |n| n > MAX_CELLS as u64)
                        });
                    if declared {
                        return Err(AppError::invalid(
                            "file",
                            "declares more shared strings than a workbook this import reads",
                        ));
                    }
                    break;
                }
                Ok(Event::Eof) | Err(_) => break,
                _ => buf.clear(),
            }
        }
    }
    Ok(())
}

/// A panic inside calamine, a large parser of hostile bytes, is a refused
/// file rather than a failed request. The fuzz targets found two: a shared
/// string index past the table (calamine 0.31, fixed by 0.38) and a cell
/// reference whose row overflows `u32` (0.38, a panic where overflow
/// checks are on). wasm32's release build aborts on panic, so in the
/// browser this guards nothing; the server, where files are imported, is
/// covered.
fn guarded<T>(read: impl FnOnce() -> Result<T, AppError>) -> Result<T, AppError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read))
        .unwrap_or_else(|_| Err(AppError::invalid("file", "is not a readable workbook")))
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
