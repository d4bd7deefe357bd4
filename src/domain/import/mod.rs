//! Import: reading customer, deal and user files, mapping their columns to
//! Cairn's fields, cleaning values, and finding duplicates — the parts
//! that need no I/O, so the browser can preview a file before upload and
//! the server can apply exactly the same rules.

pub mod date;
pub mod dedupe;
pub mod fields;
pub mod number;
pub mod read;
pub mod values;
pub mod workbook;

#[cfg(test)]
mod tests;

pub use date::{DateFormat, DateGuess, detect_date_format, excel_serial, parse_date};
pub use dedupe::{Candidate, Group, Link, Reason, find_groups};
pub use fields::{Field, Kind, suggest};
pub use number::{Number, parse_number};
pub use read::{Encoding, ReadOptions, Table, Warning, read_csv};
pub use values::{Case, change_case, clean};
pub use workbook::{read_xlsx, sheet_names};
