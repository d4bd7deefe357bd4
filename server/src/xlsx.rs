//! A [`Sheet`] as an XLSX workbook (rust_xlsxwriter): typed cells, so
//! amounts are numbers with two decimals, dates are dates, and the header
//! row is bold and frozen.

use cairn::domain::export::{Cell, Sheet};
use cairn::domain::sales::money::minor_digits;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

pub fn to_xlsx(sheet: &Sheet) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet.title)?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let time = Format::new().set_num_format("yyyy-mm-dd hh:mm");
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string_with_format(0, col(c), *h, &bold)?;
    }
    ws.set_freeze_panes(1, 0)?;
    for (r, row) in sheet.rows.iter().enumerate() {
        // Past u32 rows the sheet could not hold them anyway; the store
        // caps exports far below.
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let c = col(c);
            match cell {
                Cell::Empty => {}
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Int(n) => {
                    ws.write_number(r, c, *n as f64)?;
                }
                Cell::Money { minor, currency } => {
                    let digits = minor_digits(currency);
                    let format = Format::new().set_num_format(if digits == 0 {
                        "#,##0".to_string()
                    } else {
                        format!("#,##0.{}", "0".repeat(digits as usize))
                    });
                    let value = *minor as f64 / 10f64.powi(digits as i32);
                    ws.write_number_with_format(r, c, value, &format)?;
                }
                Cell::Date(d) => {
                    use chrono::Datelike;
                    let v = ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).unwrap_or(1900),
                        d.month() as u8,
                        d.day() as u8,
                    )?;
                    ws.write_datetime_with_format(r, c, &v, &date)?;
                }
                Cell::Time(t) => {
                    let v = ExcelDateTime::from_timestamp(t.timestamp())?;
                    ws.write_datetime_with_format(r, c, &v, &time)?;
                }
            }
        }
    }
    ws.autofit();
    book.save_to_buffer()
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn a_sheet_reads_back_with_its_values() {
        let sheet = Sheet {
            title: "deals",
            headers: vec!["title", "amount", "close date"],
            rows: vec![vec![
                Cell::Text("华东 ERP".into()),
                Cell::Money {
                    minor: 1_234_550,
                    currency: "CNY".into(),
                },
                Cell::Date(NaiveDate::from_ymd_opt(2026, 12, 31).expect("date")),
            ]],
        };
        let bytes = to_xlsx(&sheet).expect("xlsx");
        let table = cairn::domain::import::read_xlsx(&bytes, None, &Default::default())
            .expect("reads back");
        assert_eq!(table.headers, ["title", "amount", "close date"]);
        assert_eq!(table.rows.len(), 1);
        assert_eq!(table.rows[0][0], "华东 ERP");
        assert_eq!(table.rows[0][1], "12345.5");
        assert_eq!(table.rows[0][2], "2026-12-31");
    }
}
