//! What the honours print, read back as a clerk would check it: the demo's award
//! decision (id 1) in the Decree 30 form with the "Căn cứ" lines of its date and its
//! list; the certificates (one page per awardee, the names and numbers right), full and
//! as an overlay; the council's minutes, whose vote table is the stored counts.

use std::io::Cursor;
use std::path::Path;

use dxday_domain::SessionId;
use dxday_store::honours as h;

use crate::documents_docx::{W, all_runs, attr, child, find, paragraphs, part};
use crate::helpers::{Backend, TestApp, dxday, fails_with, in_ci, succeeds, system};

/// The demo app with the honours demo loaded.
async fn demo_app() -> Option<TestApp> {
    let app = crate::helpers::spawn_app(Backend::Sqlite).await?;
    dxday_app::honours::demo::load(&app.db, system())
        .await
        .expect("honours demo");
    Some(app)
}

fn award(app: &TestApp, args: &[&str]) -> std::process::Command {
    let mut c = dxday();
    c.arg("award")
        .args(args)
        .args(["--database-url", &app.db_url]);
    c
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// The rows of every table of a document, as the texts of their cells.
fn tables(xml: &str) -> Vec<Vec<Vec<String>>> {
    let doc = roxmltree::Document::parse(xml).expect("xml");
    doc.descendants()
        .filter(|n| n.has_tag_name((W, "tbl")))
        .filter(|t| !t.ancestors().skip(1).any(|a| a.has_tag_name((W, "tbl"))))
        .map(|t| {
            t.children()
                .filter(|r| r.has_tag_name((W, "tr")))
                .map(|r| {
                    r.children()
                        .filter(|c| c.has_tag_name((W, "tc")))
                        .map(|c| {
                            c.descendants()
                                .filter(|x| x.has_tag_name((W, "t")))
                                .filter_map(|x| x.text())
                                .collect::<String>()
                        })
                        .collect()
                })
                .collect()
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_award_decision_is_a_decree_30_quyet_dinh_with_its_list() {
    let Some(app) = demo_app().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("qd.docx");
    let said = succeeds(&mut award(
        &app,
        &["export", "--id", "1", "--out", path(&out)],
    ));
    assert!(said.contains("01/QĐ-UBND"), "{said}");
    let mut zip =
        zip::ZipArchive::new(Cursor::new(std::fs::read(&out).expect("docx"))).expect("zip");
    let xml = part(&mut zip, "word/document.xml");
    let tree = roxmltree::Document::parse(&xml).expect("xml");
    let sect = tree
        .descendants()
        .find(|n| n.has_tag_name((W, "sectPr")))
        .expect("section");
    let size = child(sect, "pgSz").expect("pgSz");
    assert_eq!(attr(size, "w").as_deref(), Some("11906"), "A4");
    assert_eq!(attr(size, "h").as_deref(), Some("16838"), "portrait");
    let mar = child(sect, "pgMar").expect("pgMar");
    let m = |k: &str| attr(mar, k).and_then(|v| v.parse::<i32>().ok()).expect(k);
    assert!((1134..=1417).contains(&m("top")) && (1701..=1984).contains(&m("left")));
    let styles = part(&mut zip, "word/styles.xml");
    assert!(styles.contains("Times New Roman"));

    let paras = paragraphs(&xml);
    // The header: the issuer on two lines, the national motto, number and date.
    all_runs(find(&paras, "ỦY BAN NHÂN DÂN"), "issuer", |r| r.bold);
    find(&paras, "QUẬN NGÔ QUYỀN");
    find(&paras, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    find(&paras, "Số: 01/QĐ-UBND");
    all_runs(
        find(&paras, "Ngô Quyền, ngày 25 tháng 11 năm 2024"),
        "date line",
        |r| r.italic,
    );
    let title = find(&paras, "QUYẾT ĐỊNH");
    assert_eq!(title.jc.as_deref(), Some("center"));
    find(&paras, "Về việc tặng Giấy khen cho các tập thể, cá nhân");
    all_runs(
        find(&paras, "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN NGÔ QUYỀN"),
        "authority",
        |r| r.bold,
    );
    // The Căn cứ lines in force on 25/11/2024: the 2015 law and Decree 98/2023, not
    // the 2025 ones; italic, ";" between, "." after the proposal.
    let bases: Vec<&crate::documents_docx::Para> = paras
        .iter()
        .filter(|p| p.text().starts_with("Căn cứ"))
        .collect();
    assert_eq!(
        bases.len(),
        3,
        "{:?}",
        bases.iter().map(|p| p.text()).collect::<Vec<_>>()
    );
    assert!(bases[0].text().contains("ngày 19 tháng 6 năm 2015"));
    assert!(bases[2].text().contains("98/2023/NĐ-CP") && bases[2].text().ends_with(';'));
    assert!(!xml.contains("152/2025"), "no line of the later period");
    for b in &bases {
        all_runs(b, "căn cứ", |r| r.italic);
    }
    assert!(
        find(&paras, "Theo đề nghị của Trưởng phòng Nội vụ")
            .text()
            .ends_with('.')
    );
    assert_eq!(find(&paras, "QUYẾT ĐỊNH:").jc.as_deref(), Some("center"));
    let art1 = find(&paras, "Điều 1.").text();
    assert!(
        art1.contains("02 tập thể và 03 cá nhân (có danh sách kèm theo)"),
        "{art1}"
    );
    find(&paras, "Điều 3.");
    // The signer: KT. CHỦ TỊCH / PHÓ CHỦ TỊCH / name; Nơi nhận.
    find(&paras, "KT. CHỦ TỊCH");
    find(&paras, "PHÓ CHỦ TỊCH");
    find(&paras, "Vũ Minh Tuấn");
    find(&paras, "Nơi nhận:");
    find(&paras, "- Như Điều 3;");
    find(&paras, "- Lưu: VT, NV.");
    // The list, from a new page, with the register's numbers in the list's order.
    assert!(
        xml.contains("pageBreakBefore"),
        "the list starts a new page"
    );
    find(&paras, "DANH SÁCH");
    find(
        &paras,
        "(Kèm theo Quyết định số 01/QĐ-UBND ngày 25/11/2024 của Chủ tịch Ủy ban nhân dân quận Ngô Quyền)",
    );
    let t = tables(&xml);
    let listed: Vec<(String, String)> = t
        .iter()
        .filter(|rows| {
            rows.first()
                .is_some_and(|h| h.first().is_some_and(|c| c == "STT"))
        })
        .flat_map(|rows| rows.iter().skip(1))
        .map(|r| (r[1].clone(), r.last().cloned().unwrap_or_default()))
        .collect();
    let names: Vec<&str> = listed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Tổ công nghệ số cộng đồng tổ dân phố số 3, Phường Máy Chai",
            "Tổ Thông tin - Tuyên truyền, Trung tâm Văn hóa - Thông tin và Thể thao quận",
            "Bà Nguyễn Thị Thu Hà",
            "Ông Trần Văn Minh",
            "Bà Phạm Thị Lan Anh",
        ]
    );
    let mut numbers: Vec<&str> = listed.iter().map(|(_, n)| n.as_str()).collect();
    numbers.sort_unstable();
    assert_eq!(
        numbers,
        ["01/2024", "02/2024", "03/2024", "04/2024", "05/2024"]
    );
    assert!(!xml.contains("Lê Thị Hồng Nhung"), "fell short of the vote");
    assert!(!xml.contains("Đỗ Quang Huy"), "held by a complaint");

    // The document's own export gives the same list.
    let d = h::decision(&app.db, system(), dxday_domain::DecisionId(1))
        .await
        .expect("db")
        .expect("decision 1");
    let by_doc = dir.path().join("by-doc.docx");
    let mut c = dxday();
    c.args([
        "document",
        "export",
        "--id",
        &d.document_id.to_string(),
        "--out",
        path(&by_doc),
    ])
    .args(["--database-url", &app.db_url]);
    succeeds(&mut c);
    let mut zip =
        zip::ZipArchive::new(Cursor::new(std::fs::read(&by_doc).expect("docx"))).expect("zip");
    assert!(part(&mut zip, "word/document.xml").contains("Bà Phạm Thị Lan Anh"));
    fails_with(
        &mut award(&app, &["export", "--id", "99", "--out", "/dev/null"]),
        "no award decision with id 99",
    );

    if dxday_media::pdf::available() {
        let pdf = dir.path().join("qd.pdf");
        succeeds(&mut award(
            &app,
            &[
                "export",
                "--id",
                "1",
                "--format",
                "pdf",
                "--out",
                path(&pdf),
            ],
        ));
        let text = pdftotext(&pdf, None);
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains("DANH SÁCH") && flat.contains("Phạm Thị Lan Anh"),
            "{flat}"
        );
        assert_eq!(pdf_pages(&pdf), 2, "the decision, then its list");
    } else {
        assert!(!in_ci(), "CI must install LibreOffice");
    }
}

fn poppler() -> bool {
    let ok = std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok();
    assert!(ok || !in_ci(), "CI must install poppler-utils");
    ok
}

fn pdftotext(pdf: &Path, page: Option<usize>) -> String {
    let mut c = std::process::Command::new("pdftotext");
    if let Some(p) = page {
        c.args(["-f", &p.to_string(), "-l", &p.to_string()]);
    }
    let out = c.arg(pdf).arg("-").output().expect("pdftotext");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8")
}

fn pdf_pages(pdf: &Path) -> usize {
    let out = std::process::Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_certificates_have_a_page_per_awardee_with_the_right_names_and_numbers() {
    let Some(app) = demo_app().await else {
        return;
    };
    if !poppler() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let full = dir.path().join("gk.pdf");
    succeeds(&mut award(
        &app,
        &["certificates", "--id", "1", "--out", path(&full)],
    ));
    let d = h::decision(&app.db, system(), dxday_domain::DecisionId(1))
        .await
        .expect("db")
        .expect("decision");
    assert_eq!(pdf_pages(&full), d.entries.len());
    for (i, e) in d.entries.iter().enumerate() {
        let page = pdftotext(&full, Some(i + 1));
        let flat = page.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&e.nomination.data.name),
            "page {}: {flat}",
            i + 1
        );
        let number = format!("Số vào sổ: {:02}/2024", e.register_no.expect("numbered"));
        assert!(flat.contains(&number), "page {}: {flat}", i + 1);
        for text in [
            "GIẤY KHEN",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN NGÔ QUYỀN",
            "Quyết định số 01/QĐ-UBND ngày 25/11/2024",
            "Ngô Quyền, ngày 25 tháng 11 năm 2024",
            "Vũ Minh Tuấn",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        ] {
            assert!(flat.contains(text), "page {}: {text} in {flat}", i + 1);
        }
    }
    let first = pdftotext(&full, Some(1));
    assert!(
        first
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("Đã có thành tích xuất sắc trong hướng dẫn người dân")
    );
    // The overlay: the same people, none of what the blank carries.
    let overlay = dir.path().join("overlay.pdf");
    succeeds(&mut award(
        &app,
        &[
            "certificates",
            "--id",
            "1",
            "--overlay",
            "--out",
            path(&overlay),
        ],
    ));
    assert_eq!(pdf_pages(&overlay), d.entries.len());
    let text = pdftotext(&overlay, None);
    assert!(text.contains("Trần Văn Minh") && !text.contains("CỘNG HÒA") && !text.contains("Tặng"));
    let calibration = dir.path().join("calibration.pdf");
    succeeds(&mut award(
        &app,
        &[
            "certificates",
            "--id",
            "1",
            "--calibration",
            "--out",
            path(&calibration),
        ],
    ));
    assert!(pdftotext(&calibration, None).contains("citation"));
    // A revoked award has no certificate.
    h::revoke_award(
        &app.db,
        None,
        system(),
        d.id,
        d.entries[0].id,
        "Khai man thành tích",
    )
    .await
    .expect("db")
    .expect("revoked");
    succeeds(&mut award(
        &app,
        &["certificates", "--id", "1", "--out", path(&full)],
    ));
    assert_eq!(pdf_pages(&full), d.entries.len() - 1);
    fails_with(
        &mut award(&app, &["certificates", "--id", "77", "--out", "/dev/null"]),
        "no award decision with id 77",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_minutes_vote_table_is_the_stored_counts() {
    let Some(app) = demo_app().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("bb.docx");
    succeeds(&mut award(
        &app,
        &["minutes", "--session", "1", "--out", path(&out)],
    ));
    let mut zip =
        zip::ZipArchive::new(Cursor::new(std::fs::read(&out).expect("docx"))).expect("zip");
    let xml = part(&mut zip, "word/document.xml");
    let paras = paragraphs(&xml);
    find(&paras, "BIÊN BẢN");
    find(
        &paras,
        "Thành viên Hội đồng: tổng số 9; có mặt 8; vắng mặt 1, trong đó 1 thành viên có ý kiến bằng văn bản.",
    );
    find(&paras, "THƯ KÝ");
    find(&paras, "CHỦ TỌA");
    let s = h::session(&app.db, system(), SessionId(1))
        .await
        .expect("db")
        .expect("session");
    let votes = tables(&xml)
        .into_iter()
        .find(|t| t.first().is_some_and(|h| h.iter().any(|c| c == "Đồng ý")))
        .expect("the vote table");
    assert_eq!(votes.len(), s.lines.len() + 1);
    for (row, line) in votes.iter().skip(1).zip(&s.lines) {
        let b = line.ballot.expect("counted");
        let counts: Vec<i64> = row[2..6]
            .iter()
            .map(|c| c.parse().expect("a count"))
            .collect();
        assert_eq!(
            counts,
            [b.votes_for, b.against, b.blank, b.invalid],
            "{row:?}"
        );
        assert!(row[1].starts_with(&line.nomination.data.name));
        assert_eq!(
            row[7],
            if line.passed() {
                "Đạt"
            } else {
                "Không đạt"
            }
        );
    }
    assert!(
        votes.iter().any(|r| r[1].starts_with("Lê Thị Hồng Nhung")
            && r[6] == "77,77%"
            && r[7] == "Không đạt")
    );
    fails_with(
        &mut award(&app, &["minutes", "--session", "5", "--out", "/dev/null"]),
        "no council session with id 5",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_movement_papers_are_printed_from_the_records() {
    let Some(app) = demo_app().await else {
        return;
    };
    let dir = tempfile::tempdir().expect("dir");
    let nominations = h::nominations(&app.db, system(), dxday_domain::MovementId(1))
        .await
        .expect("db");
    let hoa = nominations
        .iter()
        .find(|n| n.data.name == "Nguyễn Thị Thu Hà")
        .expect("a nominee");
    let text_of = |kind: &str, id: String| {
        let out = dir.path().join(format!("{kind}.docx"));
        succeeds(&mut award(
            &app,
            &["paper", "--kind", kind, "--id", &id, "--out", path(&out)],
        ));
        let mut zip =
            zip::ZipArchive::new(Cursor::new(std::fs::read(&out).expect("docx"))).expect("zip");
        let xml = part(&mut zip, "word/document.xml");
        (paragraphs(&xml), tables(&xml))
    };
    let (plan, _) = text_of("ke-hoach", "1".into());
    find(&plan, "KẾ HOẠCH");
    find(&plan, "Căn cứ Quyết định số 505/QĐ-TTg");
    find(
        &plan,
        "- Hướng dẫn người dân kích hoạt tài khoản định danh điện tử",
    );
    find(
        &plan,
        "- Nhận hồ sơ đề nghị khen thưởng: từ ngày 01/10/2024 đến ngày 31/10/2024.",
    );
    let (registrations, _) = text_of("dang-ky", "1".into());
    find(&registrations, "DANH SÁCH");
    find(&registrations, "Có 0 trên");
    let (review, tables_of_review) = text_of("tong-ket", "1".into());
    let summary = find(&review, "Phong trào có").text();
    assert!(
        summary.contains("lập 8 hồ sơ")
            && summary.contains("5 hồ sơ được khen thưởng")
            && summary.contains("1 hồ sơ không đạt"),
        "{summary}"
    );
    let listed = |t: &[Vec<Vec<String>>]| {
        t.iter()
            .find(|rows| {
                rows.first()
                    .is_some_and(|h| h.first().is_some_and(|c| c == "STT"))
            })
            .cloned()
            .expect("a list")
    };
    assert_eq!(
        listed(&tables_of_review).len(),
        6,
        "a header and the 5 awards"
    );
    let (report, _) = text_of("bao-cao-thanh-tich", hoa.id.to_string());
    find(&report, "BÁO CÁO THÀNH TÍCH");
    find(&report, "- Họ và tên: Nguyễn Thị Thu Hà.");
    find(&report, "NGƯỜI BÁO CÁO THÀNH TÍCH");
    let (submission, t) = text_of("to-trinh", "1".into());
    find(&submission, "TỜ TRÌNH");
    find(
        &submission,
        "Kính gửi: Chủ tịch Ủy ban nhân dân quận Ngô Quyền.",
    );
    find(
        &submission,
        "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng ngày 20/11/2024.",
    );
    let names: Vec<String> = listed(&t).iter().skip(1).map(|r| r[1].clone()).collect();
    assert_eq!(names.len(), 5);
    assert!(!names.iter().any(|n| n.contains("Lê Thị Hồng Nhung")));
    fails_with(
        &mut award(
            &app,
            &[
                "paper",
                "--kind",
                "to-trinh",
                "--id",
                "9",
                "--out",
                "/dev/null",
            ],
        ),
        "no record with id 9",
    );
}
