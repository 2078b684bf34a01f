//! Tables as an Excel workbook (`.xlsx`), through `rust_xlsxwriter`: a
//! header row in bold and frozen, columns fitted to their text. Every
//! cell is written as text or as a whole number, never as a formula, so a
//! resident's "=HYPERLINK(…)" stays words (no neutralising needed, unlike
//! CSV); counts become numbers Excel can sum, while references, phone
//! numbers and anything with a leading zero stay text.

use rust_xlsxwriter::{Format, Workbook, XlsxError};

/// Whether a cell is written as a number: up to nine digits, no leading
/// zero, an optional minus.
fn number(cell: &str) -> Option<f64> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let plain = !digits.is_empty()
        && digits.len() <= 9
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    plain.then(|| cell.parse::<f64>().ok()).flatten()
}

/// One sheet per (name, rows); the first row of each is its header.
pub fn workbook(sheets: &[(String, Vec<Vec<String>>)]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        // Sheet names: at most 31 characters, none of []:*?/\.
        let clean: String = name
            .chars()
            .filter(|c| !"[]:*?/\\".contains(*c))
            .take(31)
            .collect();
        sheet.set_name(if clean.is_empty() { "Sheet" } else { &clean })?;
        for (r, row) in rows.iter().enumerate() {
            let r = u32::try_from(r).unwrap_or(u32::MAX);
            for (c, cell) in row.iter().enumerate() {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                match (r, number(cell)) {
                    (0, _) => sheet.write_string_with_format(r, c, cell, &bold)?,
                    (_, Some(n)) => sheet.write_number(r, c, n)?,
                    (_, None) => sheet.write_string(r, c, cell)?,
                };
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_numbers_and_the_rest_text() {
        assert_eq!(number("42"), Some(42.0));
        assert_eq!(number("-3"), Some(-3.0));
        assert_eq!(number("0"), Some(0.0));
        for text in [
            "13912345678",
            "0139",
            "JD-2026-000001",
            "=1+1",
            "",
            "-",
            "100.0%",
            "1e5",
        ] {
            assert_eq!(number(text), None, "{text}");
        }
    }

    #[test]
    fn a_workbook_is_a_zip_with_the_sheets() {
        let rows = vec![
            vec!["编号".to_owned(), "件数".to_owned()],
            vec!["=HYPERLINK(\"x\")".to_owned(), "7".to_owned()],
        ];
        let bytes = workbook(&[
            ("案件".to_owned(), rows.clone()),
            ("a[b]:c".to_owned(), rows),
        ])
        .unwrap();
        assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");
        assert!(bytes.len() > 1000);
    }
}
