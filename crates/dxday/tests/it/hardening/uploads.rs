use super::*;

/// Point 1: a 1.6 KB XLSX with cells A1 and XFD1048576 aborted the server (calamine
/// reserved 17 billion cells). Now both imports answer 422 with the reason, and the
/// server goes on.
async fn a_sheet_with_far_apart_cells_is_refused_and_the_server_lives(app: TestApp) {
    let bomb = sheet_xlsx(&[("A1", "ma"), ("XFD1048576", "x")]);
    assert!(bomb.len() < 2_000, "{}", bomb.len());
    let office = app
        .logged_in("an@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let ward = app.ward().await;
    for (c, page, target) in [
        (&office, "/quan-tri/nhiem-vu", "/quan-tri/nhiem-vu/nhap"),
        (&ward, "/quan-tri/tuyen-pho", "/quan-tri/tuyen-pho/nhap"),
    ] {
        let (_, html) = app.get(c, page).await;
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf_of(&html))
            .part(
                "file",
                reqwest::multipart::Part::bytes(bomb.clone()).file_name("bom.xlsx"),
            );
        let res = c
            .post(app.url(target))
            .multipart(form)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status().as_u16(), 422, "{target}");
        let body = res.text().await.expect("body");
        assert!(
            body.contains("Bảng quá lớn: tối đa 20.000 dòng và 64 cột"),
            "{body}"
        );
    }
    let (status, _) = app.get(&client(), "/healthz").await;
    assert_eq!(status, 200, "the server is still up");
}
on_both_backends!(
    a_sheet_with_far_apart_cells_is_refused_and_the_server_lives,
    app
);

/// Point 4: evidence photos use the photo limits (25 MB, 50 MP), not the kit's
/// 100 MP: a 8 000 × 7 000 PNG is refused from its header, before decoding.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_photos_are_held_to_the_photo_limits() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let ward = app.ward().await;
    let mut big = crate::display_web::photo(image::ImageFormat::Png, 8, 8);
    big[16..20].copy_from_slice(&8_000u32.to_be_bytes());
    big[20..24].copy_from_slice(&7_000u32.to_be_bytes());
    let crc = crate::kit_web::crc32(&big[12..29]);
    big[29..33].copy_from_slice(&crc.to_be_bytes());
    let (status, body) = crate::display_web::declare(
        &app,
        &ward,
        "/quan-tri/hien-thi",
        &[
            ("channel", "portal"),
            ("place", "https://maychai.haiphong.gov.vn"),
            ("shown_from", "01/10/2024"),
            ("shown_to", "10/10/2024"),
        ],
        Some(("lon.png", big)),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("Ảnh quá lớn (quá nhiều điểm ảnh)."), "{body}");
    assert_eq!(app.state.pool.available(), app.state.pool.size());
}

/// Point 6: a hung LibreOffice is killed at its time limit, a bounded queue answers
/// 503 past it, and the DOCX download is not held up meanwhile.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hung_conversion_is_killed_and_the_queue_is_bounded() {
    let scripts = tempfile::tempdir().expect("dir");
    let hang = scripts.path().join("soffice-hangs");
    std::fs::write(&hang, "#!/bin/sh\nexec sleep 321\n").expect("script");
    std::process::Command::new("chmod")
        .arg("+x")
        .arg(&hang)
        .status()
        .expect("chmod");
    let Some(app) = spawn_app_with(Backend::Sqlite, |c| {
        c.soffice = hang.clone();
        c.pdf_timeout = 2;
    })
    .await
    else {
        return;
    };
    let office = app
        .logged_in("an@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let id: i64 = sqlx::query_scalar::<sqlx::Any, i64>("SELECT MIN(id) FROM documents")
        .fetch_one(app.db.pool())
        .await
        .expect("a document");
    let started = std::time::Instant::now();
    let mut all = Vec::new();
    for _ in 0..8 {
        let c = office.clone();
        let url = app.url(&format!("/quan-tri/van-ban/{id}.pdf"));
        all.push(tokio::spawn(async move {
            let res = c.get(url).send().await.expect("get");
            (
                res.status().as_u16(),
                res.headers().get("retry-after").is_some(),
            )
        }));
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Meanwhile the DOCX comes at once.
    assert_eq!(
        crate::helpers::status_of(office.get(app.url(&format!("/quan-tri/van-ban/{id}.docx"))))
            .await,
        200
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(2));
    let mut statuses = Vec::new();
    for h in all {
        statuses.push(h.await.expect("task"));
    }
    let busy = statuses
        .iter()
        .filter(|(s, retry)| *s == 503 && *retry)
        .count();
    let killed = statuses.iter().filter(|(s, _)| *s == 500).count();
    assert_eq!(busy, 2, "{statuses:?}");
    assert_eq!(killed, 6, "{statuses:?}");
    // Three rounds of two conversions, each stopped at 2 s.
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
    let left = std::process::Command::new("pgrep")
        .args(["-f", "sleep 321"])
        .output()
        .expect("pgrep");
    assert!(left.stdout.is_empty(), "no LibreOffice is left running");
}

/// Point 5: the kit page's cache is keyed by the year as a number; junk spellings of
/// a year and junk years add nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn junk_years_do_not_grow_the_page_cache() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let c = client();
    for i in 0..200 {
        let spelling = format!("{}2024", "0".repeat(i % 7));
        let (status, _) = app
            .get(&c, &format!("/bo-nhan-dien?nam=%2B{spelling}"))
            .await;
        assert_eq!(status, 200);
        let (status, _) = app
            .get(&c, &format!("/bo-nhan-dien?nam={}", 3000 + i))
            .await;
        assert_eq!(status, 404);
        let (status, _) = app.get(&c, &format!("/bo-nhan-dien?nam=x{i}")).await;
        assert_eq!(status, 404);
    }
    app.get(&c, "/bo-nhan-dien").await;
    assert!(
        app.state.kit_cache.len() <= 2,
        "{}",
        app.state.kit_cache.len()
    );
}
