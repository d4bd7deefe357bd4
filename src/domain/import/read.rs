//! Delimited text files (CSV, TSV, semicolon and pipe files) into a
//! [`Table`] of text cells.
//!
//! Files come from Excel, WPS, old CRMs and hand edits, so nothing about
//! them is trusted: the encoding, the delimiter and the header row are
//! detected, each can be overridden in [`ReadOptions`], and rows of the
//! wrong width are repaired with a [`Warning`] rather than refused. Quoting
//! follows RFC 4180 through the `csv` crate (quoted delimiters, doubled
//! quotes and line breaks inside quotes); an unterminated quote ends at the
//! end of the file instead of failing.

use serde::{Deserialize, Serialize};

use crate::domain::AppError;

/// The delimiters tried, in order of preference when two fit equally well.
pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Records looked at to choose the delimiter and the header row: enough to
/// get past a few title lines, few enough to stay instant on a preview.
const SNIFF_RECORDS: usize = 30;

/// Ragged-row warnings kept; past this only their number is reported, so a
/// badly broken file cannot produce a warning per row.
pub const MAX_ROW_WARNINGS: usize = 100;

/// Columns a file may have: a spreadsheet's (XFD). Every header is
/// compared with every field's names for the suggested mapping, and a
/// one-line file of a million columns (the fuzz target's kind of input)
/// kept a request busy for minutes.
pub const MAX_COLUMNS: usize = 16_384;

/// How the bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Encoding {
    Utf8,
    /// UTF-8 with a byte-order mark, as Excel's "CSV UTF-8" writes it.
    Utf8Bom,
    /// Excel's "Unicode text" export (tab-separated, with a BOM).
    Utf16Le,
    Utf16Be,
    /// Not valid UTF-8: read as GB18030, a superset of GBK and GB2312, the
    /// encoding Excel and WPS use for CSV on Chinese Windows.
    Gb18030,
}

/// Something repaired while reading, for the preview to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Warning {
    /// Bytes invalid in the detected encoding became U+FFFD.
    Undecodable,
    /// A row had `cells` cells where the header has `expected`: padded with
    /// empty cells, or cut (only ever cutting cells that held text is
    /// reported). `row` is the 1-based record number in the file.
    RaggedRow {
        row: usize,
        cells: usize,
        expected: usize,
    },
    /// More ragged rows than [`MAX_ROW_WARNINGS`]; this many more.
    MoreRaggedRows { count: usize },
    /// Reading stopped after `limit` data rows.
    Truncated { limit: usize },
}

/// A file as rows of text under named columns. Every row has exactly
/// `headers.len()` cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Table {
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// Workbooks are XML inside a zip, always UTF-8: they say `Utf8`.
    pub encoding: Encoding,
    /// `None` for workbooks.
    pub delimiter: Option<u8>,
    /// 0-based record index of the header (records above it are titles).
    pub header_row: usize,
    pub warnings: Vec<Warning>,
}

/// Choices that override detection. `Default` detects everything and
/// reads every row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReadOptions {
    /// Stop after this many data rows (previews).
    pub max_rows: Option<usize>,
    pub delimiter: Option<u8>,
    /// 0-based record index of the header row.
    pub header_row: Option<usize>,
    /// Read the bytes in this encoding instead of the detected one (a
    /// short file of Latin letters with one odd byte may be GBK or not).
    #[serde(default)]
    pub encoding: Option<Encoding>,
}

/// Reads a delimited text file.
pub fn read_csv(bytes: &[u8], options: &ReadOptions) -> Result<Table, AppError> {
    let (text, encoding, lossy) = match options.encoding {
        Some(chosen) => decode_as(bytes, chosen),
        None => decode(bytes),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    if text.trim().is_empty() {
        return Err(AppError::invalid("file", "is empty"));
    }
    let delimiter = options.delimiter.unwrap_or_else(|| detect_delimiter(text));
    let sample = records(text, delimiter)
        .take(SNIFF_RECORDS)
        .collect::<Vec<_>>();
    let header_row = options
        .header_row
        .unwrap_or_else(|| detect_header_row(&sample));
    let mut warnings = Vec::new();
    if lossy {
        warnings.push(Warning::Undecodable);
    }
    let (headers, rows) = headers_and_rows(
        records(text, delimiter).skip(header_row),
        header_row,
        options,
        &mut warnings,
    )?;
    Ok(Table {
        headers,
        rows,
        encoding,
        delimiter: Some(delimiter),
        header_row,
        warnings,
    })
}

/// The header record's names and the data rows below it; `records` starts
/// at the header, which is record `header_row` of the file.
pub(super) fn headers_and_rows(
    mut records: impl Iterator<Item = Vec<String>>,
    header_row: usize,
    options: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Result<(Vec<String>, Vec<Vec<String>>), AppError> {
    let Some(header) = records.next() else {
        return Err(AppError::invalid(
            "header_row",
            format!("the file has no row {}", header_row + 1),
        ));
    };
    if header.len() > MAX_COLUMNS {
        return Err(AppError::invalid(
            "header_row",
            format!(
                "has {} columns; a spreadsheet has at most {MAX_COLUMNS}",
                header.len()
            ),
        ));
    }
    let headers = header_names(&header);
    let rows = data_rows(records, header_row + 1, headers.len(), options, warnings);
    Ok((headers, rows))
}

/// Decodes `bytes`, saying which encoding it found and whether any bytes
/// had to be replaced.
pub fn decode(bytes: &[u8]) -> (String, Encoding, bool) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, lossy) = enc.decode_without_bom_handling(&bytes[bom..]);
        let encoding = if enc == encoding_rs::UTF_8 {
            Encoding::Utf8Bom
        } else if enc == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        };
        return (text.into_owned(), encoding, lossy);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_owned(), Encoding::Utf8, false),
        // A preview reads the first kilobytes, which may end inside a
        // character: still UTF-8, minus the cut character.
        Err(e) if e.error_len().is_none() && e.valid_up_to() + 4 > bytes.len() => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]);
            (valid.into_owned(), Encoding::Utf8, false)
        }
        Err(_) => {
            let (text, lossy) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
            (text.into_owned(), Encoding::Gb18030, lossy)
        }
    }
}

/// Decodes `bytes` in the encoding the user chose (a byte-order mark of
/// that encoding is skipped).
pub fn decode_as(bytes: &[u8], encoding: Encoding) -> (String, Encoding, bool) {
    let enc = match encoding {
        Encoding::Utf8 | Encoding::Utf8Bom => encoding_rs::UTF_8,
        Encoding::Utf16Le => encoding_rs::UTF_16LE,
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        Encoding::Gb18030 => encoding_rs::GB18030,
    };
    let (text, _, lossy) = enc.decode(bytes);
    (text.into_owned(), encoding, lossy)
}

/// The delimiter under which most of the first records have the same
/// number of cells (more than one); ties go to the earlier of
/// [`DELIMITERS`], and a file with one column reads as comma-separated.
pub fn detect_delimiter(text: &str) -> u8 {
    let mut best = (DELIMITERS[0], 0, 0);
    for d in DELIMITERS {
        let widths = records(text, d)
            .take(SNIFF_RECORDS)
            .filter(|r| !is_blank(r))
            .map(|r| r.len())
            .collect::<Vec<_>>();
        let (width, count) = mode(&widths);
        if width > 1 && (count, width) > (best.1, best.2) {
            best = (d, count, width);
        }
    }
    best.0
}

/// The first record that looks like column names: at least half its
/// cells filled, at least two thirds of those not numbers, and followed by
/// a record of the same width. Title lines and blank lines above the
/// header fail the first test; a title with a few cells fails the last.
pub fn detect_header_row(sample: &[Vec<String>]) -> usize {
    let widths = sample
        .iter()
        .filter(|r| !is_blank(r))
        .map(Vec::len)
        .collect::<Vec<_>>();
    let (width, _) = mode(&widths);
    (0..sample.len())
        .find(|&i| looks_like_header(&sample[i], width) && next_fits(sample, i))
        .unwrap_or(0)
}

fn looks_like_header(record: &[String], width: usize) -> bool {
    let filled = record
        .iter()
        .filter(|c| !c.trim().is_empty())
        .collect::<Vec<_>>();
    let texts = filled.iter().filter(|c| !is_numeric(c)).count();
    !filled.is_empty() && filled.len() * 2 >= width && texts * 3 >= filled.len() * 2
}

fn next_fits(sample: &[Vec<String>], i: usize) -> bool {
    match sample[i + 1..].iter().find(|r| !is_blank(r)) {
        Some(next) => next.len() == sample[i].len(),
        None => true,
    }
}

fn is_numeric(cell: &str) -> bool {
    let c = cell.trim();
    c.chars().any(|ch| ch.is_ascii_digit())
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || matches!(ch, '.' | ',' | '-' | '/' | ':' | ' ' | '%'))
}

fn is_blank(record: &[String]) -> bool {
    record.iter().all(|c| c.trim().is_empty())
}

/// The most frequent value and how often it occurs (the larger value on a
/// tie, so a consistent wide table beats a narrow accident).
fn mode(values: &[usize]) -> (usize, usize) {
    let mut counts = std::collections::BTreeMap::new();
    for v in values {
        *counts.entry(*v).or_insert(0usize) += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(v, n)| (n, v))
        .unwrap_or((0, 0))
}

/// Records of `text` as owned cells. The reader is flexible (rows may
/// differ in width) and, reading from a `&str`, cannot meet invalid UTF-8,
/// so the only errors left are I/O ones, which a slice never raises: they
/// end the iteration.
fn records(text: &str, delimiter: u8) -> impl Iterator<Item = Vec<String>> + '_ {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes())
        .into_records()
        .map_while(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
}

/// Trimmed names; blank ones become "Column N" and repeats get " (2)",
/// " (3)", so every column can be told apart in the mapping screen.
fn header_names(record: &[String]) -> Vec<String> {
    // A set and a counter per name, not a scan of the names so far: a
    // header of thousands of equal cells (the fuzz target's) took seconds
    // per kilobyte that way.
    let mut taken = std::collections::HashSet::with_capacity(record.len());
    let mut next = std::collections::HashMap::<String, usize>::new();
    let mut names: Vec<String> = Vec::with_capacity(record.len());
    for (i, cell) in record.iter().enumerate() {
        let base = match cell.trim().trim_start_matches('\u{feff}') {
            "" => format!("Column {}", i + 1),
            t => t.to_owned(),
        };
        let mut name = base.clone();
        if taken.contains(&name) {
            let n = next.entry(base.clone()).or_insert(2);
            loop {
                name = format!("{base} ({n})");
                *n += 1;
                if !taken.contains(&name) {
                    break;
                }
            }
        }
        taken.insert(name.clone());
        names.push(name);
    }
    names
}

/// Rows below the header, blank ones skipped, each made `width` wide.
fn data_rows(
    records: impl Iterator<Item = Vec<String>>,
    first_row: usize,
    width: usize,
    options: &ReadOptions,
    warnings: &mut Vec<Warning>,
) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut ragged = 0;
    for (i, mut record) in records.enumerate() {
        if is_blank(&record) {
            continue;
        }
        if options.max_rows.is_some_and(|limit| rows.len() >= limit) {
            warnings.push(Warning::Truncated { limit: rows.len() });
            break;
        }
        let cells = record.len();
        let lost_text = record.iter().skip(width).any(|c| !c.trim().is_empty());
        record.resize(width, String::new());
        if cells < width || lost_text {
            ragged += 1;
            if ragged <= MAX_ROW_WARNINGS {
                warnings.push(Warning::RaggedRow {
                    row: first_row + i + 1,
                    cells,
                    expected: width,
                });
            }
        }
        rows.push(record);
    }
    if ragged > MAX_ROW_WARNINGS {
        warnings.push(Warning::MoreRaggedRows {
            count: ragged - MAX_ROW_WARNINGS,
        });
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Table {
        read_csv(bytes, &ReadOptions::default()).unwrap_or_else(|e| panic!("{e}"))
    }

    fn cells(rows: &[&[&str]]) -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| r.iter().map(|c| (*c).to_owned()).collect())
            .collect()
    }

    #[test]
    fn gb18030_files_from_chinese_excel_are_decoded() {
        let text = "公司,电话\n北京分公司,010-12345678\n";
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
        assert!(!unmappable);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "the test needs non-UTF-8 bytes"
        );
        let t = read(&bytes);
        assert_eq!(t.encoding, Encoding::Gb18030);
        assert_eq!(t.headers, ["公司", "电话"]);
        assert_eq!(t.rows, cells(&[&["北京分公司", "010-12345678"]]));
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn byte_order_marks_are_recognised_and_dropped() {
        let t = read(b"\xEF\xBB\xBFname,email\nAcme,a@acme.com\n");
        assert_eq!(t.encoding, Encoding::Utf8Bom);
        assert_eq!(t.headers, ["name", "email"]);

        let mut utf16 = vec![0xFF, 0xFE];
        for unit in "名称\t电话\r\n甲\t1\r\n".encode_utf16() {
            utf16.extend(unit.to_le_bytes());
        }
        let t = read(&utf16);
        assert_eq!(t.encoding, Encoding::Utf16Le);
        assert_eq!(t.delimiter, Some(b'\t'));
        assert_eq!(t.headers, ["名称", "电话"]);
        assert_eq!(t.rows, cells(&[&["甲", "1"]]));
    }

    #[test]
    fn a_preview_cut_inside_a_character_is_still_utf8() {
        let bytes = "名称,城市\n甲,北京".as_bytes();
        let t = read(&bytes[..bytes.len() - 1]);
        assert_eq!(t.encoding, Encoding::Utf8);
        assert_eq!(t.rows, cells(&[&["甲", "北"]]));
    }

    #[test]
    fn delimiters_are_detected() {
        let t = read(b"name;amount;city\nAcme;1,5;Paris\nBeta;2,5;Lyon\n");
        assert_eq!(t.delimiter, Some(b';'));
        assert_eq!(t.rows[0], ["Acme", "1,5", "Paris"]);
        let t = read(b"name\tnotes\nAcme\tbig, old\nBeta\tnew\n");
        assert_eq!(t.delimiter, Some(b'\t'));
        assert_eq!(t.rows[0], ["Acme", "big, old"]);
        let t = read(b"name|phone\nAcme|555\n");
        assert_eq!(t.delimiter, Some(b'|'));
        let t = read(b"name\nAcme\nBeta\n");
        assert_eq!((t.delimiter, t.rows.len()), (Some(b','), 2));
    }

    #[test]
    fn quotes_may_hold_delimiters_line_breaks_and_quotes() {
        let t = read(b"name,notes\n\"Acme, Inc\",\"line 1\nline 2\"\n\"Say \"\"hi\"\"\",x\n");
        assert_eq!(t.delimiter, Some(b','));
        assert_eq!(
            t.rows,
            cells(&[&["Acme, Inc", "line 1\nline 2"], &["Say \"hi\"", "x"]])
        );
        // Semicolons inside quotes do not make it a semicolon file.
        let t = read(b"a,b\n\"x;y;z\",1\n\"p;q;r\",2\n");
        assert_eq!(t.delimiter, Some(b','));
    }

    #[test]
    fn title_lines_above_the_header_are_skipped() {
        let t = read(b"Sales report Q3\nExported 2024-01-01 by Li Lei\n\nname,email,phone\nA,a@x.com,1\nB,b@x.com,2\n");
        assert_eq!(t.header_row, 2);
        assert_eq!(t.headers, ["name", "email", "phone"]);
        assert_eq!(t.rows.len(), 2);
        // Excel pads title rows with delimiters to the table's width.
        let t = read(b"Customers,,\n,,\nname,email,phone\nA,a@x.com,1\n");
        assert_eq!((t.header_row, t.rows.len()), (2, 1));
        // A short "key,value" line above the header.
        let t = read(b"Exported by,Alice\nname,email,phone\nA,a@x.com,1\nB,b@x.com,2\n");
        assert_eq!(t.header_row, 1);
        // Numbers are data, not a header.
        let t = read(b"1,2,3\n4,5,6\n");
        assert_eq!((t.header_row, t.headers.len()), (0, 3));
    }

    #[test]
    fn the_user_can_override_detection() {
        let options = ReadOptions {
            delimiter: Some(b';'),
            header_row: Some(1),
            max_rows: None,
            encoding: None,
        };
        let t = read_csv(b"x\nname;city\nA;B\n", &options).unwrap();
        assert_eq!((t.headers.len(), t.rows.len()), (2, 1));
        let options = ReadOptions {
            header_row: Some(9),
            ..ReadOptions::default()
        };
        assert!(read_csv(b"a,b\n1,2\n", &options).is_err());
        let (gbk, _, _) = encoding_rs::GBK.encode("名称\n华为\n");
        let options = ReadOptions {
            encoding: Some(Encoding::Utf8),
            ..ReadOptions::default()
        };
        let t = read_csv(&gbk, &options).unwrap();
        assert_eq!(t.encoding, Encoding::Utf8);
        assert!(t.warnings.contains(&Warning::Undecodable));
    }

    #[test]
    fn ragged_rows_are_repaired_and_reported() {
        let t = read(b"a,b,c\n1,2\n1,2,3,4\n1,2,3,\n\n,,\n5,6,7\n");
        assert_eq!(
            t.rows,
            cells(&[
                &["1", "2", ""],
                &["1", "2", "3"],
                &["1", "2", "3"],
                &["5", "6", "7"]
            ])
        );
        assert_eq!(
            t.warnings,
            vec![
                Warning::RaggedRow {
                    row: 2,
                    cells: 2,
                    expected: 3
                },
                Warning::RaggedRow {
                    row: 3,
                    cells: 4,
                    expected: 3
                },
            ]
        );
    }

    #[test]
    fn ragged_warnings_are_capped() {
        let mut text = String::from("a,b\n");
        for i in 0..150 {
            text.push_str(&format!("{i}\n"));
        }
        let t = read(text.as_bytes());
        assert_eq!(t.rows.len(), 150);
        assert_eq!(t.warnings.len(), MAX_ROW_WARNINGS + 1);
        assert_eq!(
            t.warnings.last(),
            Some(&Warning::MoreRaggedRows { count: 50 })
        );
    }

    #[test]
    fn headers_are_unique_and_never_blank() {
        let t = read(b" name ,,name,email\n1,2,3,4\n");
        assert_eq!(t.headers, ["name", "Column 2", "name (2)", "email"]);
        let t = read(b"a (2),a,a,a (3),a\n1,2,3,4,5\n");
        assert_eq!(t.headers, ["a (2)", "a", "a (3)", "a (3) (2)", "a (4)"]);
    }

    /// From the `csv` fuzz target: a header of thousands of equal cells
    /// took seconds (each name scanned all the names before it, once per
    /// suffix tried); past a spreadsheet's width the file is refused.
    #[test]
    fn a_header_of_many_equal_names_reads_at_once() {
        let mut file = b"a".to_vec();
        file.extend(b",a".repeat(MAX_COLUMNS - 1));
        file.extend(b"\n1\n");
        let t = read(&file);
        assert_eq!(t.headers.len(), MAX_COLUMNS);
        assert_eq!(t.headers[MAX_COLUMNS - 1], "a (16384)");
        file = b"a".to_vec();
        file.extend(b",a".repeat(MAX_COLUMNS));
        assert_eq!(
            read_csv(&file, &ReadOptions::default()),
            Err(AppError::invalid(
                "header_row",
                "has 16385 columns; a spreadsheet has at most 16384"
            ))
        );
    }

    #[test]
    fn previews_stop_at_the_row_limit() {
        let options = ReadOptions {
            max_rows: Some(2),
            ..ReadOptions::default()
        };
        let t = read_csv(b"n\na\nb\nc\nd\n", &options).unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.warnings, vec![Warning::Truncated { limit: 2 }]);
        let t = read_csv(b"n\na\nb\n", &options).unwrap();
        assert!(t.warnings.is_empty());
    }

    #[test]
    fn empty_files_are_refused() {
        for bytes in [&b""[..], b"  \n\n", b"\xEF\xBB\xBF"] {
            assert_eq!(
                read_csv(bytes, &ReadOptions::default()),
                Err(AppError::invalid("file", "is empty"))
            );
        }
    }

    #[test]
    fn unterminated_quotes_end_at_the_end_of_the_file() {
        let t = read(b"a,b\n1,\"never closed\n2,3\n");
        assert_eq!(t.rows, cells(&[&["1", "never closed\n2,3\n"]]));
    }

    /// Garbage in must give a table or an error, never a panic: random
    /// bytes, random bytes made mostly of CSV syntax, and every prefix of
    /// a tricky file.
    #[test]
    fn garbage_never_panics() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let syntax = b",;\t|\"\r\n a\xff\xfe\xef\xbb\xbf\x80";
        for len in 0..400 {
            let random: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let _ = read_csv(&random, &ReadOptions::default());
            let csvish: Vec<u8> = (0..len)
                .map(|_| syntax[next() as usize % syntax.len()])
                .collect();
            let _ = read_csv(&csvish, &ReadOptions::default());
        }
        let tricky = "标题\n\"a,\"\"b\",c\n\"x\ny\",\"z".as_bytes();
        for end in 0..=tricky.len() {
            let _ = read_csv(&tricky[..end], &ReadOptions::default());
        }
    }
}
