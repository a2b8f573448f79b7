//! Issue 14's attack run, replayed through the front door: each test failed on the
//! code before the fix it names.

use std::io::Write;

use dxday_domain::Role;

use crate::helpers::{
    Backend, PASSWORD, TestApp, client, client_from, csrf_of, header, spawn_app, spawn_app_with,
};
use crate::on_both_backends;

pub(crate) mod bulk;
mod connections;
mod logins;
mod pages;
mod roles;
mod timeouts;
mod uploads;

/// A minimal XLSX whose sheet holds `cells` (reference, inline text).
pub fn sheet_xlsx(cells: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut part = |name: &str, body: &str| {
        zip.start_file(name, opts).expect("part");
        zip.write_all(body.as_bytes()).expect("write");
    };
    part(
        "[Content_Types].xml",
        r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    part(
        "_rels/.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        "xl/workbook.xml",
        r#"<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
    );
    part(
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    let mut sheet = format!(
        r#"<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:{}"/><sheetData>"#,
        cells.last().map_or("A1", |c| c.0)
    );
    for (r, text) in cells {
        let row: String = r.chars().filter(char::is_ascii_digit).collect();
        sheet +=
            &format!(r#"<row r="{row}"><c r="{r}" t="inlineStr"><is><t>{text}</t></is></c></row>"#);
    }
    sheet += "</sheetData></worksheet>";
    part("xl/worksheets/sheet1.xml", &sheet);
    zip.finish().expect("zip").into_inner()
}
