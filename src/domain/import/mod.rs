//! Import: reading customer, deal and user files, mapping their columns to
//! Cairn's fields, cleaning values, and finding duplicates — the parts
//! that need no I/O, so the browser can preview a file before upload and
//! the server can apply exactly the same rules.

pub mod date;
pub mod dedupe;
pub mod fields;
pub mod mapping;
pub mod number;
pub mod outcome;
pub mod read;
pub mod record;
pub mod report;
pub mod upload;
pub mod validate;
pub mod values;
pub mod workbook;

#[cfg(test)]
mod tests;

pub use date::{DateFormat, DateGuess, detect_date_format, excel_serial, parse_date};
pub use dedupe::{Candidate, Group, Link, Reason, find_groups, find_groups_except};
pub use fields::{Field, Kind, suggest};
pub use mapping::{ColumnMap, Defaults, Mapping, Multiplier, StageTarget, ValueMap};
pub use number::{Number, parse_number};
pub use outcome::{
    Choice, Committed, Counts, Decisions, DryRun, DuplicateGroup, Existing, GroupChoice,
    ImportSummary,
};
pub use read::{Encoding, ReadOptions, Table, Warning, read_csv};
pub use record::{
    AccountRecord, ActivityRecord, ContactRecord, DealRecord, LeadRecord, Ownership, Record, Row,
    RowError, UserRecord,
};
pub use report::errors_csv;
pub use upload::{ColumnProfile, Preview, Upload, ambiguous_dates, preview, value_fields};
pub use validate::{Validated, Validator, validate};
pub use values::{Case, change_case, clean};
pub use workbook::{read_xlsx, sheet_names};
