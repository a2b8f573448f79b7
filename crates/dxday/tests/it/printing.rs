//! Every workbook dxday writes prints as an office expects: each table sheet on A4,
//! fitted to one page wide, its header rows repeated on every page and frozen on
//! screen, bordered, in Times New Roman only (read back from the package's XML); and,
//! through LibreOffice, no page of the PDF splits a table's columns: every page shows
//! the first and the last column of one sheet's header.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

use crate::helpers::{Backend, in_ci, spawn_app};

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("an XLSX is a zip");
    let mut xml = String::new();
    zip.by_name(name)
        .expect(name)
        .read_to_string(&mut xml)
        .expect("utf-8");
    xml
}

/// Each sheet's header (the first row with more than one cell filled), or none for a
/// cover.
fn headers(bytes: &[u8]) -> Vec<(String, Option<Vec<String>>)> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("an xlsx");
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let header = range
                .rows()
                .find(|r| r.iter().filter(|c| !matches!(c, Data::Empty)).count() > 1)
                .map(|r| r.iter().map(|c| c.to_string()).collect::<Vec<_>>());
            (name, header)
        })
        .collect()
}

fn run(command: &str, args: &[&str]) -> String {
    let out = std::process::Command::new(command)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{command}: {e}"));
    assert!(out.status.success(), "{command} {args:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_workbook_prints_on_a4_one_page_wide_with_its_header_on_every_page() {
    if !dxday_media::pdf::available() {
        assert!(!in_ci(), "CI installs LibreOffice");
        eprintln!("skipped: LibreOffice is not installed");
        return;
    }
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let books = crate::ooxml::every_workbook(&app).await;
    let dir = tempfile::tempdir().expect("dir");
    let mut pages_of = Vec::new();
    for (name, bytes) in &books {
        let sheets = headers(bytes);
        let workbook = part(bytes, "xl/workbook.xml");
        let styles = part(bytes, "xl/styles.xml");
        assert!(
            !styles.contains("Calibri") && styles.contains("Times New Roman"),
            "{name}: Times New Roman only"
        );
        assert!(styles.contains(r#"<left style="thin">"#), "{name}: borders");
        for (i, (sheet, header)) in sheets.iter().enumerate() {
            let xml = part(bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
            assert!(xml.contains(r#"paperSize="9""#), "{name} / {sheet}: A4");
            if header.is_none() {
                assert!(
                    xml.contains(r#"fitToWidth="1""#) || xml.contains("fitToPage"),
                    "{name} / {sheet}: the cover on one page"
                );
                continue;
            }
            assert!(
                xml.contains(r#"<pageSetUpPr fitToPage="1"/>"#)
                    && xml.contains(r#"fitToHeight="0""#),
                "{name} / {sheet}: one page wide, as many pages long as it takes"
            );
            assert!(
                xml.contains(r#"state="frozen""#),
                "{name} / {sheet}: header frozen"
            );
            assert!(
                xml.contains("&amp;P/&amp;N"),
                "{name} / {sheet}: page numbers"
            );
            assert!(
                workbook.contains(&format!(
                    r#"<definedName name="_xlnm.Print_Titles" localSheetId="{i}">"#
                )),
                "{name} / {sheet}: header rows repeated on every page"
            );
        }
        // Through LibreOffice: every page shows one sheet's first and last column.
        let pdf = dxday_media::pdf::from_xlsx(bytes).expect("LibreOffice converts it");
        let file = dir.path().join("book.pdf");
        std::fs::write(&file, &pdf).expect("write");
        let path = file.to_str().expect("path");
        let info = run("pdfinfo", &["-f", "1", "-l", "999", path]);
        let pages: usize = info
            .lines()
            .find_map(|l| l.strip_prefix("Pages:"))
            .and_then(|n| n.trim().parse().ok())
            .expect("a page count");
        for line in info
            .lines()
            .filter(|l| l.starts_with("Page") && l.contains("size:"))
        {
            assert!(
                line.contains("595.") && line.contains("841."),
                "{name}: every page A4: {line}"
            );
        }
        let word = |s: &str, first: bool| -> String {
            let mut words = s.split_whitespace();
            let w = if first { words.next() } else { words.last() };
            w.unwrap_or("").to_string()
        };
        for p in 1..=pages {
            let n = p.to_string();
            let text = run("pdftotext", &["-f", &n, "-l", &n, path, "-"]);
            let words: Vec<&str> = text.split_whitespace().collect();
            let whole = sheets.iter().any(|(_, header)| match header {
                Some(h) => {
                    let first = word(&h[0], true);
                    let last = word(
                        h.iter().rev().find(|c| !c.is_empty()).expect("a header"),
                        false,
                    );
                    words.contains(&first.as_str()) && words.contains(&last.as_str())
                }
                None => false,
            });
            let cover = sheets.iter().any(|(_, h)| h.is_none()) && text.contains("SỔ ĐĂNG KÝ");
            assert!(
                whole || cover,
                "{name}: page {p} of {pages} does not show a whole header:\n{text}"
            );
        }
        pages_of.push(format!("{name}: {pages} pages"));
    }
    eprintln!("{}", pages_of.join("\n"));
    assert_eq!(pages_of.len(), books.len());
}
