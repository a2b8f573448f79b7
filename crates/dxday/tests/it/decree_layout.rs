//! The seed dispatch measured as a clerk measures it, on the PDF LibreOffice makes of
//! the DOCX: the words' boxes (`pdftotext -bbox-layout`) and the rules found on a
//! 300-dpi scan of the page. Decree 30/2020, Phụ lục I: the line under the motto as
//! long as the motto; the issuing body clear of "CỘNG HÒA"; the dashes of "Kính gửi:"
//! under its colon; a web address on one line and a link.

use std::io::{Cursor, Read};

use crate::helpers::{Backend, in_ci, spawn_app};

/// A word on the page, in millimetres from the top-left corner.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

const MM: f64 = 25.4 / 72.0;

/// The lines of words of pages 1 to `last`.
fn words(pdf: &std::path::Path, last: u32) -> Vec<Vec<Word>> {
    let out = std::process::Command::new("pdftotext")
        .args(["-bbox-layout", "-f", "1", "-l", &last.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).expect("xhtml");
    let num = |n: roxmltree::Node, a: &str| -> f64 {
        n.attribute(a)
            .and_then(|v| v.parse().ok())
            .expect("a coordinate")
    };
    doc.descendants()
        .filter(|n| n.tag_name().name() == "line")
        .map(|line| {
            line.children()
                .filter(|n| n.tag_name().name() == "word")
                .map(|w| Word {
                    // A non-breaking hyphen is the hyphen a reader sees.
                    text: w.text().unwrap_or("").replace('\u{2011}', "-"),
                    x0: num(w, "xMin") * MM,
                    y0: num(w, "yMin") * MM,
                    x1: num(w, "xMax") * MM,
                    y1: num(w, "yMax") * MM,
                })
                .collect()
        })
        .collect()
}

fn line_with<'a>(lines: &'a [Vec<Word>], first: &str) -> &'a [Word] {
    lines
        .iter()
        .find(|l| l.first().is_some_and(|w| w.text == first))
        .unwrap_or_else(|| panic!("a line starting with {first}: {lines:#?}"))
}

/// The longest dark horizontal run (in mm) on the scan between `top` and `bottom` mm,
/// and where it starts.
fn longest_rule(
    scan: &image::GrayImage,
    top: f64,
    bottom: f64,
    left: f64,
    right: f64,
) -> (f64, f64) {
    let px = |mm: f64| (mm / 25.4 * 300.0).round() as u32;
    let mut best = (0u32, 0u32);
    for y in px(top)..px(bottom).min(scan.height()) {
        let mut run = 0;
        for x in px(left)..px(right).min(scan.width()) {
            if scan.get_pixel(x, y).0[0] < 128 {
                run += 1;
                if run > best.0 {
                    best = (run, x + 1 - run);
                }
            } else {
                run = 0;
            }
        }
    }
    (best.0 as f64 * 25.4 / 300.0, best.1 as f64 * 25.4 / 300.0)
}

/// The DOCX through LibreOffice: the folder, the PDF and a 300-dpi scan of page 1.
fn printed(docx: &[u8]) -> (tempfile::TempDir, std::path::PathBuf, image::GrayImage) {
    let pdf = dxday_media::pdf::from_docx(docx).expect("pdf");
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("doc.pdf");
    std::fs::write(&file, &pdf).expect("write");
    let run = std::process::Command::new("pdftoppm")
        .args([
            "-r",
            "300",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(&file)
        .arg(dir.path().join("page"))
        .status()
        .expect("pdftoppm runs");
    assert!(run.success());
    let scan = image::open(dir.path().join("page.png"))
        .expect("the scan")
        .to_luma8();
    (dir, file, scan)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dispatch_measures_as_decree_30_draws_it() {
    if !dxday_media::pdf::available() {
        assert!(!in_ci(), "CI installs LibreOffice");
        return;
    }
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let seed = dxday_store::documents::find_by_number(&app.db, 1, "VHTT", 2024)
        .await
        .expect("db")
        .expect("the seed dispatch");
    let docx = dxday_app::documents::docx_of(&seed).expect("docx");
    let (_dir, file, scan) = printed(&docx);
    let lines = words(&file, 1);

    // 1. The rule under the motto is as long as the motto (within 1 mm), centred on it.
    let motto = line_with(&lines, "Độc");
    let (m0, m1) = (motto[0].x0, motto[motto.len() - 1].x1);
    let below = motto[0].y1;
    let (rule, start) = longest_rule(&scan, below, below + 4.0, m0 - 20.0, m1 + 20.0);
    assert!(
        (rule - (m1 - m0)).abs() < 1.0,
        "the motto is {:.1} mm, its rule {rule:.1} mm",
        m1 - m0
    );
    assert!(
        (start - m0).abs() < 1.0,
        "the rule starts at {start:.1}, the motto at {m0:.1}"
    );

    // 2. The issuing body's name keeps at least 3 mm from "CỘNG HÒA".
    let national = line_with(&lines, "CỘNG");
    let issuer: Vec<&Word> = lines
        .iter()
        .filter(|l| {
            l.first()
                .is_some_and(|w| w.y1 < national[0].y1 + 12.0 && w.x1 < national[0].x0)
        })
        .flatten()
        .collect();
    assert!(issuer.iter().any(|w| w.text == "PHÒNG"), "{issuer:?}");
    let right_edge = issuer.iter().map(|w| w.x1).fold(0.0, f64::max);
    assert!(
        national[0].x0 - right_edge >= 3.0,
        "the issuer ends at {right_edge:.1} mm, CỘNG HÒA starts at {:.1} mm",
        national[0].x0
    );

    // 5. The dashes of "Kính gửi:" start under its colon (within 1.5 mm).
    let to = line_with(&lines, "Kính");
    let colon = to
        .iter()
        .find(|w| w.text.ends_with(':'))
        .expect("the colon");
    let dashes: Vec<&Word> = lines
        .iter()
        .filter(|l| {
            l.first()
                .is_some_and(|w| w.text == "-" || w.text.starts_with('-'))
        })
        .filter(|l| l[0].y0 > colon.y0 && l[0].y0 < colon.y0 + 60.0)
        .map(|l| &l[0])
        .collect();
    assert!(dashes.len() >= 3, "the addressees' dashes: {dashes:?}");
    for d in &dashes[..3] {
        assert!(
            (d.x0 - colon.x1).abs() < 1.5,
            "a dash at {:.1} mm, the colon ends at {:.1} mm",
            d.x0,
            colon.x1
        );
    }

    // 6. The kit's address is one word on one line, and a link in the DOCX.
    assert!(
        words(&file, 9).iter().flatten().any(|w| w.text
            == "https://dx.gov.vn/bo-nhan-dien-ngay-chuyen-doi-so-quoc-gia-2024.htm"
            || w.text
                .starts_with("https://dx.gov.vn/bo-nhan-dien-ngay-chuyen-doi-so-quoc-gia-2024")),
        "the address unbroken"
    );
    let mut zip = zip::ZipArchive::new(Cursor::new(docx)).expect("zip");
    let mut rels = String::new();
    zip.by_name("word/_rels/document.xml.rels")
        .expect("rels")
        .read_to_string(&mut rels)
        .expect("utf-8");
    assert!(
        rels.contains(
            r#"Target="https://dx.gov.vn/bo-nhan-dien-ngay-chuyen-doi-so-quoc-gia-2024.htm""#
        ) && rels.contains(r#"TargetMode="External""#),
        "{rels}"
    );
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document")
        .read_to_string(&mut xml)
        .expect("utf-8");
    assert!(xml.contains("<w:hyperlink") && xml.contains("<w:noBreakHyphen/>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_consolidated_report_is_a_baocao_a_clerk_signs() {
    if !dxday_media::pdf::available() {
        assert!(!in_ci(), "CI installs LibreOffice");
        return;
    }
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    // The campaign of today, for which the office has written nothing of its report
    // yet: it is signed as the office's latest document was.
    let campaign = dxday_app::campaign::current(&app.db)
        .await
        .expect("db")
        .expect("a campaign today");
    assert!(
        dxday_store::indicators::results_report(&app.db, campaign.id)
            .await
            .expect("db")
            .is_none()
    );
    let request = dxday_store::reports::for_campaign(&app.db, campaign.id)
        .await
        .expect("requests")
        .into_iter()
        .next()
        .expect("the demo's request");
    let docx = dxday_app::reports::consolidated_docx(&app.db, request.request.id)
        .await
        .expect("report")
        .expect("a report");

    // The table: its header row repeated on each page, no row split, STT centred.
    let mut zip = zip::ZipArchive::new(Cursor::new(docx.clone())).expect("zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document")
        .read_to_string(&mut xml)
        .expect("utf-8");
    let doc = roxmltree::Document::parse(&xml).expect("xml");
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let table = doc
        .descendants()
        .filter(|n| n.has_tag_name((w, "tbl")))
        .find(|t| t.descendants().any(|n| n.text() == Some("STT")))
        .expect("the results table");
    let rows: Vec<_> = table
        .children()
        .filter(|n| n.has_tag_name((w, "tr")))
        .collect();
    let has =
        |row: &roxmltree::Node, name: &str| row.descendants().any(|n| n.has_tag_name((w, name)));
    assert!(has(&rows[0], "tblHeader"), "the header row repeats");
    assert!(rows.iter().all(|r| has(r, "cantSplit")), "no row splits");
    assert!(rows[1..].iter().all(|r| !has(r, "tblHeader")));
    for r in &rows[1..] {
        let first = r
            .descendants()
            .find(|n| n.has_tag_name((w, "jc")))
            .expect("jc");
        assert_eq!(first.attribute((w, "val")), Some("center"), "STT centred");
    }

    // On the page: the rule under the title is a third to a half of the title's longest
    // line, and the text after it keeps its distance.
    let (_dir, file, scan) = printed(&docx);
    let lines = words(&file, 1);
    let title = lines
        .iter()
        .position(|l| l.len() == 2 && l[0].text == "BÁO" && l[1].text == "CÁO")
        .expect("BÁO CÁO");
    let to = lines
        .iter()
        .position(|l| l.first().is_some_and(|w| w.text == "Kính"))
        .expect("Kính gửi");
    let subject = &lines[title + 1..to];
    assert!(!subject.is_empty(), "a subject under BÁO CÁO");
    let longest = subject
        .iter()
        .map(|l| l[l.len() - 1].x1 - l[0].x0)
        .fold(0.0, f64::max);
    let bottom = subject.iter().map(|l| l[0].y1).fold(0.0, f64::max);

    let (rule, _) = longest_rule(&scan, bottom, lines[to][0].y0 - 0.5, 20.0, 200.0);
    assert!(
        rule >= longest / 3.0 - 0.5 && rule <= longest / 2.0 + 0.5,
        "the rule is {rule:.1} mm under a title line of {longest:.1} mm"
    );
    assert!(
        lines[to][0].y0 - bottom >= 6.0,
        "Kính gửi keeps its distance from the title: {:.1} mm",
        lines[to][0].y0 - bottom
    );
    // Signed by a named person.
    let text: String = words(&file, 9)
        .iter()
        .map(|l| {
            l.iter()
                .map(|w| w.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("Nguyễn Hồng Đại"), "{text}");
    // Addressed as the office's 2024 report was, each body by its name in the
    // campaign's year: the Sở by its 2025 name.
    if campaign.data.year >= 2025 {
        assert!(
            text.contains("Sở Khoa học và Công nghệ thành phố Hải Phòng"),
            "{text}"
        );
        assert!(!text.contains("Thông tin và Truyền thông"), "{text}");
    }
}
