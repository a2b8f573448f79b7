//! The DOCX of a document, read back from its XML, against the layout rules of Decree
//! 30/2020 (Phụ lục I), and the seed dispatch's text against the seed file.

use std::io::{Cursor, Read};

use dxday_store::documents;

use crate::helpers::{Backend, test_db};

const SEED: &str = include_str!("../../../dxday-store/demo/cong-van-ngay-cds-2024.txt");
pub(crate) const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// One run: its text and the properties that matter here.
#[derive(Debug, Clone, Default)]
pub(crate) struct RunInfo {
    pub(crate) text: String,
    pub(crate) bold: bool,
    pub(crate) italic: bool,
    pub(crate) size: Option<u32>,
    pub(crate) color: Option<String>,
    pub(crate) fonts: Vec<String>,
}

/// One paragraph: its runs and layout.
#[derive(Debug, Clone, Default)]
pub(crate) struct Para {
    pub(crate) runs: Vec<RunInfo>,
    pub(crate) jc: Option<String>,
    pub(crate) first_line: Option<i32>,
    pub(crate) after: Option<i32>,
    pub(crate) has_page_field: bool,
}

impl Para {
    pub(crate) fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
    fn texted_runs(&self) -> impl Iterator<Item = &RunInfo> {
        self.runs.iter().filter(|r| !r.text.trim().is_empty())
    }
}

pub(crate) fn attr(n: roxmltree::Node, name: &str) -> Option<String> {
    n.attribute((W, name)).map(str::to_string)
}

pub(crate) fn child<'a>(n: roxmltree::Node<'a, 'a>, name: &str) -> Option<roxmltree::Node<'a, 'a>> {
    n.children().find(|c| c.has_tag_name((W, name)))
}

pub(crate) fn on(n: Option<roxmltree::Node>) -> bool {
    n.is_some_and(|b| attr(b, "val").is_none_or(|v| v != "false" && v != "0"))
}

pub(crate) fn paragraphs(xml: &str) -> Vec<Para> {
    let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "p")))
        .map(|p| {
            let ppr = child(p, "pPr");
            let mut para = Para {
                jc: ppr
                    .and_then(|x| child(x, "jc"))
                    .and_then(|j| attr(j, "val")),
                first_line: ppr
                    .and_then(|x| child(x, "ind"))
                    .and_then(|i| attr(i, "firstLine"))
                    .and_then(|v| v.parse().ok()),
                after: ppr
                    .and_then(|x| child(x, "spacing"))
                    .and_then(|s| attr(s, "after"))
                    .and_then(|v| v.parse().ok()),
                ..Para::default()
            };
            for r in p.descendants().filter(|n| n.has_tag_name((W, "r"))) {
                let rpr = child(r, "rPr");
                let fonts = rpr
                    .and_then(|x| child(x, "rFonts"))
                    .map(|f| {
                        f.attributes()
                            .filter(|a| a.namespace() == Some(W))
                            .map(|a| a.value().to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                para.runs.push(RunInfo {
                    // A non-breaking hyphen (in a web address) reads as the hyphen it is.
                    text: r
                        .descendants()
                        .filter_map(|t| {
                            if t.has_tag_name((W, "t")) {
                                t.text()
                            } else if t.has_tag_name((W, "noBreakHyphen")) {
                                Some("-")
                            } else {
                                None
                            }
                        })
                        .collect(),
                    bold: on(rpr.and_then(|x| child(x, "b"))),
                    italic: on(rpr.and_then(|x| child(x, "i"))),
                    size: rpr
                        .and_then(|x| child(x, "sz"))
                        .and_then(|s| attr(s, "val"))
                        .and_then(|v| v.parse().ok()),
                    color: rpr
                        .and_then(|x| child(x, "color"))
                        .and_then(|c| attr(c, "val")),
                    fonts,
                });
                if r.descendants().any(|t| {
                    t.has_tag_name((W, "instrText")) && t.text().is_some_and(|x| x.contains("PAGE"))
                }) {
                    para.has_page_field = true;
                }
            }
            if p.descendants().any(|n| {
                n.has_tag_name((W, "fldSimple"))
                    && attr(n, "instr").is_some_and(|i| i.contains("PAGE"))
            }) {
                para.has_page_field = true;
            }
            para
        })
        .collect()
}

pub(crate) fn part(zip: &mut zip::ZipArchive<Cursor<Vec<u8>>>, name: &str) -> String {
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the DOCX"))
        .read_to_string(&mut s)
        .expect("utf-8");
    s
}

pub(crate) fn find<'a>(paras: &'a [Para], starts: &str) -> &'a Para {
    paras
        .iter()
        .find(|p| p.text().trim_start().starts_with(starts))
        .unwrap_or_else(|| panic!("a paragraph starting {starts:?}"))
}

pub(crate) fn all_runs(p: &Para, what: &str, check: impl Fn(&RunInfo) -> bool) {
    let runs: Vec<&RunInfo> = p.texted_runs().collect();
    assert!(!runs.is_empty(), "{what}: no text");
    for r in runs {
        assert!(check(r), "{what}: {r:?}");
    }
}

fn normalise(s: &str) -> String {
    s.replace("**", "")
        .replace(['<', '>'], "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[tokio::test]
async fn the_seed_dispatch_is_laid_out_as_decree_30_prescribes() {
    let Some(t) = test_db(Backend::Sqlite).await else {
        return;
    };
    let db = dxday_store::Db::connect(&t.url).await.expect("connect");
    db.migrate().await.expect("migrate");
    dxday_store::demo::load_if_empty(&db, crate::helpers::system())
        .await
        .expect("demo");
    let doc = documents::find_by_number(&db, 1, "VHTT", 2024)
        .await
        .expect("find")
        .expect("seed dispatch");
    let bytes = dxday_app::documents::docx_of(&doc).expect("docx");
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let xml = part(&mut zip, "word/document.xml");
    let tree = roxmltree::Document::parse(&xml).expect("xml");

    // Page: A4 portrait, margins within the decree's ranges, a first page without number.
    let sect = tree
        .descendants()
        .find(|n| n.has_tag_name((W, "sectPr")))
        .expect("section");
    let size = child(sect, "pgSz").expect("pgSz");
    assert_eq!(attr(size, "w").as_deref(), Some("11906"));
    assert_eq!(attr(size, "h").as_deref(), Some("16838"));
    assert_ne!(attr(size, "orient").as_deref(), Some("landscape"));
    let mar = child(sect, "pgMar").expect("pgMar");
    let m = |k: &str| attr(mar, k).and_then(|v| v.parse::<i32>().ok()).expect(k);
    assert!((1134..=1417).contains(&m("top")), "top 20–25 mm");
    assert!((1134..=1417).contains(&m("bottom")), "bottom 20–25 mm");
    assert!((1701..=1984).contains(&m("left")), "left 30–35 mm");
    assert!((850..=1134).contains(&m("right")), "right 15–20 mm");
    assert!(
        child(sect, "titlePg").is_some(),
        "page 1 has its own (empty) header"
    );
    let mut default_header = None;
    let mut first_header = None;
    for h in sect
        .children()
        .filter(|c| c.has_tag_name((W, "headerReference")))
    {
        let rid = h
            .attribute((
                "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
                "id",
            ))
            .expect("r:id")
            .to_string();
        match attr(h, "type").as_deref() {
            Some("first") => first_header = Some(rid),
            _ => default_header = Some(rid),
        }
    }
    let rels = part(&mut zip, "word/_rels/document.xml.rels");
    let target_of = |rid: &str| {
        let r = roxmltree::Document::parse(&rels).expect("rels");
        r.descendants()
            .find(|n| n.attribute("Id") == Some(rid))
            .and_then(|n| n.attribute("Target"))
            .map(|t| format!("word/{t}"))
            .expect("header target")
    };
    let pages = paragraphs(&part(
        &mut zip,
        &target_of(&default_header.expect("default header")),
    ));
    let numbered = pages
        .iter()
        .find(|p| p.has_page_field)
        .expect("a PAGE field");
    assert_eq!(
        numbered.jc.as_deref(),
        Some("center"),
        "page number centred"
    );
    let first = paragraphs(&part(
        &mut zip,
        &target_of(&first_header.expect("first header")),
    ));
    assert!(
        first
            .iter()
            .all(|p| !p.has_page_field && p.text().trim().is_empty()),
        "no number on page 1"
    );

    // Times New Roman everywhere, black everywhere; the text is Vietnamese (vi-VN).
    let styles = part(&mut zip, "word/styles.xml");
    let st = roxmltree::Document::parse(&styles).expect("styles");
    let lang = st
        .descendants()
        .find(|n| n.has_tag_name((W, "rPrDefault")))
        .and_then(|d| d.descendants().find(|n| n.has_tag_name((W, "lang"))))
        .expect("the document's language");
    assert_eq!(attr(lang, "val").as_deref(), Some("vi-VN"));
    let defaults = st
        .descendants()
        .find(|n| n.has_tag_name((W, "rPrDefault")))
        .and_then(|d| d.descendants().find(|n| n.has_tag_name((W, "rFonts"))))
        .expect("default fonts");
    for slot in ["ascii", "hAnsi", "eastAsia", "cs"] {
        assert_eq!(
            attr(defaults, slot).as_deref(),
            Some("Times New Roman"),
            "{slot}"
        );
    }
    let paras = paragraphs(&xml);
    for p in &paras {
        for r in p.texted_runs() {
            assert!(
                r.fonts.iter().all(|f| f == "Times New Roman"),
                "font of {:?}",
                r.text
            );
            assert_eq!(r.color.as_deref(), Some("000000"), "colour of {:?}", r.text);
        }
    }

    // The header block.
    all_runs(
        find(&paras, "UBND QUẬN NGÔ QUYỀN"),
        "parent body",
        |r| !r.bold && (24..=26).contains(&r.size.unwrap_or(0)),
    );
    all_runs(
        find(&paras, "PHÒNG VĂN HÓA VÀ THÔNG TIN"),
        "issuer",
        |r| r.bold && (24..=26).contains(&r.size.unwrap_or(0)),
    );
    all_runs(
        find(&paras, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        "national title",
        |r| r.bold && (24..=26).contains(&r.size.unwrap_or(0)),
    );
    all_runs(
        find(&paras, "Độc lập - Tự do - Hạnh phúc"),
        "motto",
        |r| r.bold && (26..=28).contains(&r.size.unwrap_or(0)),
    );
    let number = find(&paras, "Số:");
    assert_eq!(number.text(), "Số: 01/VHTT");
    all_runs(number, "number", |r| r.size == Some(26) && !r.bold);
    let vv = find(&paras, "V/v ");
    assert_eq!(vv.text(), "V/v tuyên truyền triển khai");
    all_runs(vv, "V/v", |r| {
        (24..=26).contains(&r.size.unwrap_or(0)) && !r.bold
    });
    let date = find(&paras, "Quận Ngô Quyền, ngày");
    assert_eq!(date.text(), "Quận Ngô Quyền, ngày 07 tháng 10 năm 2024");
    all_runs(date, "date line", |r| {
        r.italic && (26..=28).contains(&r.size.unwrap_or(0))
    });
    // Rules under the issuer and under the motto: bottom-bordered paragraphs.
    assert!(
        tree.descendants()
            .filter(|n| n.has_tag_name((W, "pBdr")))
            .filter(|n| child(*n, "bottom").is_some())
            .count()
            >= 2,
        "two header rules"
    );

    // Kính gửi: a dash list, ";" between, "." at the end.
    assert_eq!(find(&paras, "Kính gửi").text(), "Kính gửi:");
    let group = find(&paras, "- Ủy ban nhân dân 12 phường");
    assert!(group.text().ends_with(';'));
    assert!(
        find(&paras, "- Các trường học thuộc quận")
            .text()
            .ends_with('.')
    );

    // Body: 13–14 pt, justified, first line indented 1 cm or 1.27 cm, ≥ 6 pt after.
    let body = find(&paras, "Thực hiện Công văn số 3626/UBND-VHTT");
    assert_eq!(body.jc.as_deref(), Some("both"));
    assert!(matches!(body.first_line, Some(567) | Some(720)));
    assert!(body.after.unwrap_or(0) >= 120);
    all_runs(body, "body", |r| (26..=28).contains(&r.size.unwrap_or(0)));
    let theme = find(&paras, "+ Chủ đề của Ngày Chuyển đổi số quốc gia");
    assert!(
        theme
            .runs
            .iter()
            .any(|r| r.bold && r.text.contains("Phổ cập hạ tầng số")),
        "the theme is bold, as in the dispatch"
    );

    // Signature: authority and title bold capitals, name bold.
    for line in ["KT. TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "Nguyễn Hồng Đại"] {
        let p = find(&paras, line);
        assert_eq!(p.text(), line);
        all_runs(p, line, |r| {
            r.bold && (26..=28).contains(&r.size.unwrap_or(0))
        });
    }
    // Nơi nhận: label 12 pt bold italic; items 11 pt; "Như trên" first (Mẫu 1.5's order),
    // "Lưu: VT, <drafting unit>" last.
    all_runs(find(&paras, "Nơi nhận:"), "Nơi nhận", |r| {
        r.bold && r.italic && r.size == Some(24)
    });
    let items: Vec<&Para> = paras
        .iter()
        .skip_while(|p| !p.text().starts_with("Nơi nhận:"))
        .skip(1)
        .take_while(|p| p.text().starts_with("- "))
        .collect();
    let texts: Vec<String> = items.iter().map(|p| p.text()).collect();
    assert_eq!(
        texts,
        [
            "- Như trên;",
            "- PCT UBND quận Đ.V.K (để báo cáo);",
            "- VP HĐND và UBND quận;",
            "- Lưu: VT, VHTT."
        ]
    );
    for p in items {
        all_runs(p, "Nơi nhận item", |r| r.size == Some(22) && !r.bold);
    }

    // "Hoặc quét mã QR:" is followed by the QR code of the kit's link, and it decodes.
    let qr_at = paras
        .iter()
        .position(|p| p.text().trim() == "Hoặc quét mã QR:")
        .expect("the QR line");
    let link = "https://dx.gov.vn/bo-nhan-dien-ngay-chuyen-doi-so-quoc-gia-2024.htm";
    assert!(
        xml.contains("<pic:pic") && rels.contains("media/"),
        "an image in the body"
    );
    let media: Vec<String> = zip
        .file_names()
        .filter_map(Result::ok)
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .map(|n| n.to_string())
        .collect();
    assert_eq!(media.len(), 1, "{media:?}");
    let mut png = Vec::new();
    std::io::Read::read_to_end(&mut zip.by_name(&media[0]).expect("image"), &mut png)
        .expect("read");
    let img = image::load_from_memory(&png).expect("png").to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    assert_eq!(grids.len(), 1);
    assert_eq!(grids[0].decode().expect("decodes").1, link);
    assert!(qr_at + 1 < paras.len(), "something follows the QR line");

    // The text as written: every line of the seed file is in the DOCX, in order
    // (the blanks of the unnumbered seed are filled in: number 01, 07/10/2024).
    let docx_text = normalise(&paras.iter().map(Para::text).collect::<Vec<_>>().join(" "));
    let mut from = 0;
    // (The Nơi nhận items are checked above, in the decree's order rather than the seed's.)
    for line in SEED
        .lines()
        .map(normalise)
        .filter(|l| !l.is_empty())
        .filter(|l| !texts.iter().any(|t| normalise(t) == *l) && !l.starts_with("- Lưu"))
    {
        let expected = match line.as_str() {
            "Số: /VHTT" => "Số: 01/VHTT".to_string(),
            // The date sits in the right column, beside the number: anywhere in the header.
            "Quận Ngô Quyền, ngày tháng năm 2024" => {
                assert!(docx_text.contains("Quận Ngô Quyền, ngày 07 tháng 10 năm 2024"));
                continue;
            }
            other => other.to_string(),
        };
        match docx_text[from..].find(&expected) {
            Some(at) => from += at + expected.len(),
            None => panic!("the DOCX lacks, at its place, the seed line {expected:?}"),
        }
    }
}

use crate::helpers::{dxday, fails_with, in_ci, succeeds};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_exports_a_document_by_number_or_id_and_refuses_bad_input_in_one_line() {
    let Some(app) = crate::helpers::spawn_app(Backend::Sqlite).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("cv.docx");
    let run = |args: &[&str]| {
        let mut c = dxday();
        c.args(args).args(["--database-url", &app.db_url]);
        c
    };
    succeeds(&mut run(&[
        "document",
        "export",
        "--number",
        "01/VHTT",
        "--year",
        "2024",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]));
    let mut zip =
        zip::ZipArchive::new(Cursor::new(std::fs::read(&out).expect("docx"))).expect("a zip");
    assert!(part(&mut zip, "word/document.xml").contains("Số: 01/VHTT"));
    let seed = documents::find_by_number(&app.db, 1, "VHTT", 2024)
        .await
        .expect("find")
        .expect("seed");
    let by_id = dir.path().join("by-id.docx");
    succeeds(&mut run(&[
        "document",
        "export",
        "--id",
        &seed.id.to_string(),
        "--out",
        by_id.to_str().expect("utf-8 path"),
    ]));
    for (args, message) in [
        (
            vec!["document", "export", "--number", "5VHTT", "--year", "2024"],
            "must look like 05/VHTT",
        ),
        (
            vec![
                "document", "export", "--number", "07/VHTT", "--year", "2024",
            ],
            "no document 07/VHTT of 2024",
        ),
        (
            vec!["document", "export", "--id", "999999"],
            "no document with id 999999",
        ),
    ] {
        let mut all = args.clone();
        all.extend(["--out", "/dev/null"]);
        fails_with(&mut run(&all), message);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pdf_from_libreoffice_carries_the_text_and_numbers_pages_after_the_first() {
    if !dxday_media::pdf::available() {
        assert!(
            !in_ci(),
            "CI must install LibreOffice (libreoffice-writer-nogui): the PDF test may not be skipped in CI"
        );
        eprintln!("PDF test skipped: LibreOffice (soffice) is not installed");
        return;
    }
    let Some(app) = crate::helpers::spawn_app(Backend::Sqlite).await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let pdf = dir.path().join("cv.pdf");
    succeeds(
        dxday()
            .args([
                "document", "export", "--number", "01/VHTT", "--year", "2024", "--format", "pdf",
            ])
            .arg("--out")
            .arg(&pdf)
            .args(["--database-url", &app.db_url]),
    );
    let text_of = |page: &str| {
        succeeds(
            std::process::Command::new("pdftotext")
                .args(["-f", page, "-l", page, "-layout"])
                .arg(&pdf)
                .arg("-"),
        )
    };
    let first = text_of("1");
    for wanted in [
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 01/VHTT",
        "Quận Ngô Quyền, ngày 07 tháng 10 năm 2024",
        "Phổ cập hạ tầng số và sáng tạo ứng dụng số",
    ] {
        assert!(first.contains(wanted), "page 1 lacks {wanted:?}: {first}");
    }
    let first_line = |t: &str| {
        t.lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    };
    assert_ne!(first_line(&first), "1", "no number on page 1");
    let second = text_of("2");
    assert_eq!(
        first_line(&second),
        "2",
        "page 2 carries its number on top: {second}"
    );
    assert!(second.contains("Nguyễn Hồng Đại"));
}

/// Opens an office file (`docx` or `xlsx`) in LibreOffice, headless: it must convert
/// to a PDF whose text holds `wanted`. Skipped only outside CI when LibreOffice is
/// missing.
pub(crate) fn assert_opens_in_libreoffice(bytes: &[u8], extension: &str, wanted: &str) {
    if !dxday_media::pdf::available() {
        assert!(
            !in_ci(),
            "CI must install LibreOffice: the conversion test may not be skipped in CI"
        );
        eprintln!("LibreOffice check skipped: soffice is not installed");
        return;
    }
    let pdf = match extension {
        "xlsx" => dxday_media::pdf::from_xlsx(bytes),
        _ => dxday_media::pdf::from_docx(bytes),
    }
    .unwrap_or_else(|e| panic!("LibreOffice opens the {extension}: {e}"));
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("out.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let text = succeeds(
        std::process::Command::new("pdftotext")
            .arg("-layout")
            .arg(&path)
            .arg("-"),
    );
    assert!(
        text.contains(wanted),
        "the {extension} as PDF lacks {wanted:?}: {text}"
    );
}
