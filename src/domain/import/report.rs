//! The error report a user downloads after a dry run: one line per
//! problem, in the order of the file, so it can be read beside it.

use super::record::RowError;

/// The errors as CSV (`row,column,reason`), starting with a UTF-8 byte
/// order mark so Excel reads Chinese headers and reasons correctly.
pub fn errors_csv(errors: &[RowError]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    // Writing to a Vec cannot fail; a failure would only lose the report's
    // lines, never panic.
    let _ = w.write_record(["row", "column", "reason"]);
    for e in errors {
        let _ = w.write_record([e.row.to_string().as_str(), &e.column, &e.reason]);
    }
    let bytes = w.into_inner().unwrap_or_default();
    format!("\u{feff}{}", String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_quoted_and_start_with_a_bom() {
        let csv = errors_csv(&[RowError {
            row: 7,
            column: "close_date".into(),
            reason: "20/10/2016 is not a date like 3/1/2017 (month first), or \"soon\"".into(),
        }]);
        assert_eq!(
            csv,
            "\u{feff}row,column,reason\n7,close_date,\"20/10/2016 is not a date like 3/1/2017 (month first), or \"\"soon\"\"\"\n"
        );
    }
}
