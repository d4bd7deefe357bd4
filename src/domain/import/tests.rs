//! The readers, mapping and transforms together on real files: the CRM
//! sample data set in `shared/testdata/crm` and a workbook built here.

use std::io::Write;

use super::*;
use crate::domain::AppError;

/// A file under the shared test data. Missing data fails the test: a
/// skipped test would pass silently on a checkout without it.
pub(super) fn testdata(relative: &str) -> Vec<u8> {
    let path = format!(
        "{}/../shared/testdata/{relative}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!("test data {path} is missing ({e}); it comes with the shared test data set")
    })
}

fn column<'a>(table: &'a Table, name: &str) -> impl Iterator<Item = &'a str> {
    let i = table
        .headers
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"));
    table.rows.iter().map(move |r| r[i].as_str())
}

#[test]
fn the_sales_pipeline_reads_maps_and_dates_as_month_first() {
    let t = read_csv(&testdata("crm/sales_pipeline.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(
        (t.encoding, t.delimiter, t.header_row),
        (Encoding::Utf8, Some(b','), 0)
    );
    assert_eq!(t.rows.len(), 8800);
    assert!(t.warnings.is_empty(), "{:?}", t.warnings);
    let mapped = t
        .headers
        .iter()
        .cloned()
        .zip(suggest(Kind::Deals, &t.headers))
        .collect::<Vec<_>>();
    let field = |h: &str| mapped.iter().find(|(n, _)| n == h).and_then(|(_, f)| *f);
    assert_eq!(field("opportunity_id"), Some(Field::ExternalId));
    assert_eq!(field("sales_agent"), Some(Field::Owner));
    assert_eq!(field("account"), Some(Field::Account));
    assert_eq!(field("deal_stage"), Some(Field::Stage));
    assert_eq!(field("close_value"), Some(Field::Amount));
    assert_eq!(field("close_date"), Some(Field::CloseDate));
    assert_eq!(field("engage_date"), Some(Field::OpenedOn));
    assert_eq!(field("product"), None);

    for name in ["close_date", "engage_date"] {
        let guess = detect_date_format(column(&t, name));
        assert_eq!(guess.candidates, [DateFormat::Mdy], "{name}");
        assert!(!guess.ambiguous);
    }
    // Open deals have no close date and no value; the rest read exactly.
    let values = column(&t, "close_value")
        .filter(|v| !v.is_empty())
        .map(|v| {
            parse_number("close_value", v).and_then(|n| n.to_minor_units("close_value", "USD"))
        })
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(values.len(), 6711);
    assert_eq!(values[0], 105_400);
    let first_close = parse_date("close_date", &t.rows[0][6], DateFormat::Mdy).unwrap();
    assert_eq!(first_close.to_string(), "2017-03-01");
}

#[test]
fn the_accounts_file_maps_to_account_fields() {
    let t = read_csv(&testdata("crm/accounts.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(t.rows.len(), 85);
    use Field::*;
    assert_eq!(
        suggest(Kind::Accounts, &t.headers),
        [
            Some(Name),          // account
            Some(Industry),      // sector
            None,                // year_established
            Some(AnnualRevenue), // revenue
            Some(Employees),     // employees
            Some(Address),       // office_location
            None,                // subsidiary_of
        ]
    );
    let teams = read_csv(&testdata("crm/sales_teams.csv"), &ReadOptions::default()).unwrap();
    assert_eq!(
        suggest(Kind::Users, &teams.headers),
        [Some(DisplayName), Some(Manager), Some(Team)]
    );
}

/// A minimal XLSX: a title row, a blank row, then a header and two rows,
/// the third column formatted as a date (built-in number format 14).
fn workbook() -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let text = |r: &str, s: &str| format!(r#"<c r="{r}" t="inlineStr"><is><t>{s}</t></is></c>"#);
    let sheet = format!(
        r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1">{}</row><row r="3">{}{}{}</row><row r="4">{}<c r="B4"><v>1234.5</v></c><c r="C4" s="1"><v>45000</v></c></row><row r="5">{}<c r="B5"><v>12</v></c><c r="C5" s="1"><v>42795.5</v></c></row></sheetData></worksheet>"#,
        text("A1", "Deals export"),
        text("A3", "Account"),
        text("B3", "Amount"),
        text("C3", "Close Date"),
        text("A4", "北京分公司"),
        text("A5", "Acme"),
    );
    workbook_with(sheet)
}

/// A one-sheet workbook ("Deals") around the worksheet XML `sheet`.
fn workbook_with(sheet: String) -> Vec<u8> {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
    let parts = [
        (
            "[Content_Types].xml",
            r#"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#.to_owned(),
        ),
        (
            "_rels/.rels",
            format!(r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
        ),
        (
            "xl/workbook.xml",
            format!(r#"<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="Deals" sheetId="1" r:id="rId1"/></sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(r#"<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{REL}/styles" Target="styles.xml"/></Relationships>"#),
        ),
        (
            "xl/styles.xml",
            format!(r#"<styleSheet xmlns="{MAIN}"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>"#),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_workbook_reads_like_a_csv_with_iso_dates() {
    let bytes = workbook();
    assert_eq!(sheet_names(&bytes).unwrap(), ["Deals"]);
    let t = read_xlsx(&bytes, None, &ReadOptions::default()).unwrap();
    assert_eq!(t.header_row, 2);
    assert_eq!(t.headers, ["Account", "Amount", "Close Date"]);
    assert_eq!(
        t.rows,
        [
            ["北京分公司", "1234.5", "2023-03-15"],
            ["Acme", "12", "2017-03-01T12:00:00"],
        ]
    );
    assert_eq!(t.delimiter, None);
    assert_eq!(
        detect_date_format(column(&t, "Close Date")).candidates,
        [DateFormat::Ymd]
    );
    assert!(read_xlsx(&bytes, Some("Deals"), &ReadOptions::default()).is_ok());
    assert_eq!(
        read_xlsx(&bytes, Some("Leads"), &ReadOptions::default()),
        Err(AppError::invalid("sheet", "no sheet is named Leads"))
    );
}

/// Minimised from the `xlsx` fuzz target: a shared string index past
/// the (absent) table panicked in calamine 0.31; a row number past `u32`
/// overflows inside calamine 0.38 (a panic in this test build); two cells
/// far apart asked calamine for a 100 GB range, and a shared string table
/// declaring four billion strings for 96 GB: the failed allocations
/// aborted the process.
#[test]
fn hostile_cells_are_an_error_not_a_panic() {
    const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    let sheet = |cells: &str| {
        format!(
            r#"<worksheet xmlns="{MAIN}"><sheetData><row r="1">{cells}</row></sheetData></worksheet>"#
        )
    };
    let index = workbook_with(sheet(r#"<c r="A1" t="s"><v>89</v></c>"#));
    assert!(read_xlsx(&index, None, &ReadOptions::default()).is_err());
    let row = workbook_with(sheet(r#"<c r="B4294967296"><v>1</v></c>"#));
    assert_eq!(
        read_xlsx(&row, None, &ReadOptions::default()),
        Err(AppError::invalid("file", "is not a readable workbook"))
    );
    let far = workbook_with(sheet(
        r#"<c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c>"#,
    ));
    assert_eq!(
        read_xlsx(&far, None, &ReadOptions::default()),
        Err(AppError::invalid(
            "sheet",
            "Deals spans 1048576 rows × 16384 columns; more than this import reads"
        ))
    );
    let mut strings = workbook_with(sheet(r#"<c r="A1" t="s"><v>0</v></c>"#));
    // The same bytes' length: only the declared count changes.
    let sst = br#"<sst xmlns="x" uniqueCount="4294967296"><si><t>a</t></si></sst>"#;
    strings = add_part(&strings, "xl/sharedStrings.xml", sst);
    assert_eq!(
        read_xlsx(&strings, None, &ReadOptions::default()),
        Err(AppError::invalid(
            "file",
            "declares more shared strings than a workbook this import reads"
        ))
    );
    assert!(sheet_names(&strings).is_err());
}

/// `bytes` with one more part (zip's append mode).
fn add_part(bytes: &[u8], name: &str, body: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new_append(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file(name, options).unwrap();
    zip.write_all(body).unwrap();
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_broken_workbook_is_an_error_not_a_panic() {
    let bytes = workbook();
    for end in [0, 10, bytes.len() / 2, bytes.len() - 1] {
        assert!(read_xlsx(&bytes[..end], None, &ReadOptions::default()).is_err());
    }
    assert!(read_xlsx(b"name,email\n", None, &ReadOptions::default()).is_err());
}

/// A mapping kept with the store's acceptance test (the same JSON the CLI
/// takes with `--mapping`).
fn mapping_file(name: &str) -> Mapping {
    let path = format!(
        "{}/tests/data/import/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn csv_table(text: &str) -> Table {
    read_csv(text.as_bytes(), &ReadOptions::default()).unwrap()
}

#[test]
fn accounts_map_with_the_misspelt_sector_and_revenue_in_millions() {
    let t = read_csv(&testdata("crm/accounts.csv"), &ReadOptions::default()).unwrap();
    let v = validate(&t, &mapping_file("accounts")).unwrap();
    assert_eq!(
        (v.total, v.rows.len(), v.errors.len()),
        (85, 85, 0),
        "{:?}",
        v.errors
    );
    let Record::Account(acme) = &v.rows[0].record else {
        panic!("not an account")
    };
    assert_eq!(v.rows[0].row, 2, "the first data row is row 2 of the file");
    assert_eq!(acme.input.name, "Acme Corporation");
    assert_eq!(acme.input.industry, "Technology");
    assert_eq!(acme.input.annual_revenue, Some(1_100_040_000));
    assert_eq!(acme.input.address, "United States");
    assert_eq!(acme.input.notes, "Employees: 2822");
    let industries: std::collections::BTreeSet<_> = v
        .rows
        .iter()
        .map(|r| match &r.record {
            Record::Account(a) => a.input.industry.clone(),
            _ => unreachable!(),
        })
        .collect();
    assert!(industries.contains("Technology") && !industries.contains("Technolgy"));
}

#[test]
fn deals_take_us_dates_stage_targets_and_corrected_product_names() {
    let t = read_csv(&testdata("crm/sales_pipeline.csv"), &ReadOptions::default()).unwrap();
    let v = validate(&t, &mapping_file("sales_pipeline")).unwrap();
    assert_eq!(
        (v.rows.len(), v.errors.len()),
        (8800, 0),
        "{:?}",
        &v.errors[..3.min(v.errors.len())]
    );
    let deals: Vec<&DealRecord> = v
        .rows
        .iter()
        .map(|r| match &r.record {
            Record::Deal(d) => d,
            _ => unreachable!(),
        })
        .collect();
    let first = deals[0];
    assert_eq!(first.title, "GTX Plus Basic");
    assert_eq!(first.amount, 105_400);
    assert_eq!(first.currency, "USD");
    assert_eq!(first.stage, Some(StageTarget::Won));
    assert_eq!(
        first.expected_close,
        chrono::NaiveDate::from_ymd_opt(2017, 3, 1)
    );
    assert_eq!(
        first.opened_on,
        chrono::NaiveDate::from_ymd_opt(2016, 10, 20)
    );
    assert_eq!(first.ownership.owner.as_deref(), Some("Moses Frase"));
    assert!(deals.iter().all(|d| d.title != "GTXPro"));
    assert_eq!(deals.iter().filter(|d| d.title == "GTX Pro").count(), 1480);
    assert_eq!(deals.iter().filter(|d| d.account.is_none()).count(), 1425);
    let open_engaging = deals
        .iter()
        .filter(|d| d.stage == Some(StageTarget::Stage("Needs analysis".into())))
        .count();
    assert_eq!(open_engaging, 1589);
}

#[test]
fn sales_teams_become_users_with_derived_usernames() {
    let t = read_csv(&testdata("crm/sales_teams.csv"), &ReadOptions::default()).unwrap();
    let v = validate(&t, &mapping_file("sales_teams")).unwrap();
    assert_eq!((v.rows.len(), v.errors.len()), (35, 0));
    let Record::User(u) = &v.rows[10].record else {
        panic!("not a user")
    };
    assert_eq!(u.display_name, "Mei-Mei Johns");
    assert_eq!(u.username, "mei-mei.johns");
    assert_eq!(
        (u.team.as_deref(), u.manager.as_deref()),
        (Some("Central"), Some("Melvin Marxen"))
    );
    assert_eq!(u.role, crate::domain::Role::Sales);
}

#[test]
fn every_bad_cell_of_a_row_is_reported_with_its_row_and_column() {
    let t = csv_table(
        "title,value,closes,stage\nGood,\"1,000.50\",2017-03-01,Won\n,12a,2017-02-30,Won\nBig,-5,,Won\n",
    );
    let mut m = Mapping::suggested(Kind::Deals, &t.headers);
    m.columns[1].field = Some(Field::Amount);
    m.columns[2].field = Some(Field::CloseDate);
    m.defaults.currency = Some("CNY".into());
    let v = validate(&t, &m).unwrap();
    assert_eq!(v.rows.len(), 1);
    let got: Vec<(usize, &str, &str)> = v
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.reason.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (3, "title", "is empty"),
            (3, "value", "is not a number"),
            (3, "closes", "2017-02-30 is not a date like 2017-03-01"),
            (4, "value", "must not be negative"),
        ]
    );
    let report = errors_csv(&v.errors);
    assert!(
        report.contains("3,closes,2017-02-30 is not a date like 2017-03-01\n"),
        "{report}"
    );
}

#[test]
fn ambiguous_dates_are_refused_until_a_format_is_chosen() {
    let t = csv_table("title,close date\nA,3/1/2017\nB,4/2/2017\n");
    let mut m = Mapping::suggested(Kind::Deals, &t.headers);
    m.defaults.currency = Some("USD".into());
    match validate(&t, &m) {
        Err(AppError::Validation { field, reason }) => {
            assert_eq!(field, "date_format");
            assert!(
                reason.contains("close date") && reason.contains("3/1/2017"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    m.date_format = Some(DateFormat::Dmy);
    let v = validate(&t, &m).unwrap();
    let Record::Deal(d) = &v.rows[0].record else {
        panic!()
    };
    assert_eq!(
        d.expected_close,
        chrono::NaiveDate::from_ymd_opt(2017, 1, 3)
    );
}

#[test]
fn a_mapping_that_cannot_work_is_refused_whole() {
    let t = csv_table("name,email\nAcme,a@b.cn\n");
    let reason = |m: &Mapping| match validate(&t, m) {
        Err(AppError::Validation { reason, .. }) => reason,
        other => panic!("{other:?}"),
    };
    let mut m = Mapping::suggested(Kind::Accounts, &t.headers);
    m.columns[0].column = "company".into();
    assert_eq!(reason(&m), "column \"company\" is not in the file");
    let mut m = Mapping::suggested(Kind::Accounts, &t.headers);
    m.columns[0].field = None;
    assert_eq!(reason(&m), "no column feeds Name, which every row needs");
    let mut m = Mapping::suggested(Kind::Accounts, &t.headers);
    m.columns[1].field = Some(Field::Name);
    assert_eq!(
        reason(&m),
        "Name is fed by two columns, \"name\" and \"email\""
    );
    // Activities hang off an account or a contact: a file with neither
    // column cannot be imported as activities.
    let calls = csv_table("subject,date\nCall,2024-03-01\n");
    let m = Mapping::suggested(Kind::Activities, &calls.headers);
    match validate(&calls, &m) {
        Err(AppError::Validation { reason, .. }) => assert_eq!(
            reason,
            "no column feeds Account (or Contact), which every row needs"
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_mapping_travels_as_json() {
    let m = mapping_file("sales_pipeline");
    let back: Mapping = serde_json::from_str(&serde_json::to_string(&m).unwrap()).unwrap();
    assert_eq!(back, m);
    assert_eq!(
        validate::username_from("  Anna  Snelling "),
        "anna.snelling"
    );
    assert_eq!(validate::username_from("李雷"), "");
}
