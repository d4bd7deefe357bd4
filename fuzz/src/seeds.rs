//! The seed corpus: real files (the shared test data and the repository's
//! own), cut-down copies of the large ones, a few encodings Excel and WPS
//! write, and XLSX workbooks built from the CSV rows.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::Target;

/// Lines kept of a large CSV for its short copy (mutating a short file is
/// many times faster, and the reader's paths are the same).
const SHORT_LINES: usize = 40;

/// The seeds of `target`, with a name each; `root` is the repository.
/// Missing files are an error: a run without its corpus proves little.
pub fn seeds(target: Target, root: &Path) -> Result<Vec<Seed>, String> {
    let shared = root.join("../shared/testdata");
    match target {
        Target::Csv => {
            let mut out = Vec::new();
            for path in files(&shared, "csv")?
                .into_iter()
                .chain(files(&root.join("end2end/fixtures"), "csv")?)
            {
                let bytes = read(&path)?;
                out.push((short(&path, "short"), head(&bytes, SHORT_LINES)));
                out.push((short(&path, ""), bytes));
            }
            out.extend(encoded());
            Ok(out)
        }
        Target::Xlsx => {
            let csvs = seeds(Target::Csv, root)?;
            Ok(workbooks(&csvs)
                .into_iter()
                .map(|(name, parts)| (name, zip_parts(&parts)))
                .collect())
        }
        Target::Mspdi => {
            let mut out = Vec::new();
            for path in files(&shared.join("mspdi"), "xml")?
                .into_iter()
                .chain(files(&root.join("tests/data/mspdi"), "xml")?)
            {
                out.push((short(&path, ""), read(&path)?));
            }
            let (first, _) = out.first().cloned().ok_or("no MSPDI seed files")?;
            let text = String::from_utf8_lossy(&out[0].1).into_owned();
            let mut utf16 = vec![0xff, 0xfe];
            utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out.push((format!("{first}-utf16le"), utf16));
            Ok(out)
        }
        Target::Schedule => Ok(crate::schedule::seeds()),
    }
}

/// A named file.
pub type Seed = (String, Vec<u8>);

/// The XLSX seeds as their parts (the runner mutates a part's XML and
/// zips it again, besides flipping the zip's own bytes).
pub fn workbooks(csvs: &[Seed]) -> Vec<(String, Vec<Seed>)> {
    csvs.iter()
        .filter(|(name, _)| name.ends_with("short"))
        .map(|(name, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            let rows: Vec<Vec<String>> = text
                .lines()
                .map(|l| l.split(',').map(str::to_owned).collect())
                .collect();
            (format!("{name}.xlsx"), workbook(&rows))
        })
        .collect()
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// A workbook of two sheets: `rows` with shared strings, numbers and a
/// date-formatted column, and a small one with inline strings.
fn workbook(rows: &[Vec<String>]) -> Vec<Seed> {
    let mut strings: Vec<String> = Vec::new();
    let mut sheet = format!(r#"<worksheet xmlns="{MAIN}"><sheetData>"#);
    for (r, row) in rows.iter().enumerate() {
        sheet.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for (c, value) in row.iter().enumerate() {
            let cell = format!("{}{}", column(c), r + 1);
            if value.is_empty() {
                continue;
            }
            if value.parse::<f64>().is_ok() {
                let style = if c == 2 { r#" s="1""# } else { "" };
                sheet.push_str(&format!(r#"<c r="{cell}"{style}><v>{value}</v></c>"#));
            } else {
                let i = strings.iter().position(|s| s == value).unwrap_or_else(|| {
                    strings.push(value.clone());
                    strings.len() - 1
                });
                sheet.push_str(&format!(r#"<c r="{cell}" t="s"><v>{i}</v></c>"#));
            }
        }
        sheet.push_str("</row>");
    }
    sheet.push_str("</sheetData></worksheet>");
    let shared = format!(
        r#"<sst xmlns="{MAIN}" count="{n}" uniqueCount="{n}">{}</sst>"#,
        strings
            .iter()
            .map(|s| format!("<si><t>{}</t></si>", escape(s)))
            .collect::<String>(),
        n = strings.len()
    );
    let inline = |r: &str, s: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#);
    let sheet2 = format!(
        r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1">{}{}</row><row r="2">{}<c r="B2" s="1"><v>45000.25</v></c></row><row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="e"><v>#N/A</v></c></row></sheetData></worksheet>"#,
        inline("A1", "名称"),
        inline("B1", "Close Date"),
        inline("A2", "北京分公司"),
    );
    let parts = [
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            format!(r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/><sheet name="Notes" sheetId="2" r:id="rId2"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#),
        ),
        (
            "xl/styles.xml",
            format!(r#"<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>"#),
        ),
        ("xl/sharedStrings.xml", shared),
        ("xl/worksheets/sheet1.xml", sheet),
        ("xl/worksheets/sheet2.xml", sheet2),
    ];
    parts
        .into_iter()
        .map(|(name, body)| (name.to_owned(), body.into_bytes()))
        .collect()
}

/// The parts as a zip (stored: no compression feature needed, and a
/// mutated part stays readable as XML).
pub fn zip_parts(parts: &[Seed]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in parts {
        // Names come from the seeds; a mutated body is just bytes.
        if zip.start_file(name.as_str(), options).is_ok() {
            let _ = zip.write_all(body);
        }
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

/// Short CSVs in the encodings the reader detects: GBK, UTF-16 with a
/// BOM (Excel's "Unicode text", tab-separated), UTF-8 with a BOM.
fn encoded() -> Vec<Seed> {
    let text = "名称,行业,年收入,成立日期\n北京分公司,制造业,\"1,234.5\",2023/3/15\n上海办事处,零售,12,15/03/2023\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(text);
    let tabbed = text.replace(',', "\t");
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(tabbed.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xfe, 0xff];
    utf16be.extend(tabbed.encode_utf16().flat_map(u16::to_be_bytes));
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend(text.replace(',', ";").as_bytes());
    vec![
        ("gbk.csv".into(), gbk.into_owned()),
        ("utf16le.txt".into(), utf16),
        ("utf16be.txt".into(), utf16be),
        ("utf8bom-semicolon.csv".into(), bom),
    ]
}

fn files(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, String> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect();
    // Subfolders of the shared data (crm/, dedupe/) one level down.
    for sub in std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir())
    {
        out.extend(files(&sub, ext)?);
    }
    out.sort();
    Ok(out)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn short(path: &Path, suffix: &str) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if suffix.is_empty() {
        name
    } else {
        format!("{name}-{suffix}")
    }
}

fn head(bytes: &[u8], lines: usize) -> Vec<u8> {
    let end = bytes
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(lines - 1)
        .map_or(bytes.len(), |(i, _)| i + 1);
    bytes[..end].to_vec()
}

fn column(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}
