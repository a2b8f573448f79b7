//! The honours over HTTP on both databases: the public roll shows only what the
//! decisions made public; a ward writes and sends its own nominations (another ward's
//! answer 404); only office roles run the council and only a leader issues; counts over
//! the voters, a duplicate and a form with a missing name are refused with their
//! message, nothing written.

use dxday_domain::Role;
use dxday_domain::dates::{format_iso, today_in_vietnam};
use time::Duration;

use crate::helpers::{TestApp, system};
use crate::on_both_backends;

use super::count;

async fn with_demo(app: &TestApp) {
    dxday_app::honours::demo::load(&app.db, system())
        .await
        .expect("honours demo");
}

/// Uploads `bytes` as the achievement report of the nomination at `page`.
async fn send_report(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let (_, html) = app.get(c, page).await;
    let form = reqwest::multipart::Form::new()
        .text("_csrf", crate::helpers::csrf_of(&html))
        .part(
            "report",
            reqwest::multipart::Part::bytes(bytes).file_name("bao-cao.pdf"),
        );
    c.post(app.url(&format!("{page}/bao-cao.pdf")))
        .multipart(form)
        .send()
        .await
        .expect("upload")
}

async fn the_public_roll_shows_what_the_decision_made_public(app: TestApp) {
    with_demo(&app).await;
    let c = crate::helpers::client();
    let (status, html) = app.get(&c, "/vinh-danh").await;
    assert_eq!(status, 200);
    for shown in [
        "Nguyễn Thị Thu Hà",
        "Tổ công nghệ số cộng đồng tổ dân phố số 3",
        "01/QĐ-UBND",
        "25/11/2024",
        "Ủy ban nhân dân quận Ngô Quyền",
        "Đã có thành tích xuất sắc trong Phong trào thi đua thực hiện chuyển đổi số năm 2024",
        "Hộ kinh doanh Bánh mì Cô Ba (mẫu)",
        "og:title",
    ] {
        assert!(html.contains(shown), "the roll shows {shown}");
    }
    for hidden in [
        "NQ-MC-012",
        "Lê Thị Hồng Nhung",
        "Đỗ Quang Huy",
        "Số hóa 2.300",
        "<script",
    ] {
        assert!(!html.contains(hidden), "the roll does not show {hidden}");
    }
    let (_, ward) = app.get(&c, "/vinh-danh?nam=2024&don-vi=p-lach-tray").await;
    assert!(ward.contains("Trần Văn Minh") && !ward.contains("Nguyễn Thị Thu Hà"));
    let (status, _) = app.get(&c, "/vinh-danh?nam=abc&don-vi=%3Cscript%3E").await;
    assert_eq!(status, 200, "bad filters show everything");
    let (_, en) = app.get(&c, "/vinh-danh?lang=en").await;
    assert!(en.contains("Honour roll"));
}
on_both_backends!(the_public_roll_shows_what_the_decision_made_public, app);

/// A movement the office launches, open today; its page.
async fn open_movement(app: &TestApp, office: &reqwest::Client) -> String {
    let today = today_in_vietnam(time::OffsetDateTime::now_utc());
    let seed = dxday_store::documents::find_by_number(&app.db, 1, "VHTT", 2024)
        .await
        .expect("db")
        .expect("the seed dispatch");
    let (from, to) = (
        format_iso(today - Duration::days(1)),
        format_iso(today + Duration::days(30)),
    );
    let launch = |document: String| {
        vec![
            (
                "title",
                "Phong trào thi đua chuyển đổi số năm nay".to_string(),
            ),
            ("criteria", "Tiêu chí một".to_string()),
            ("intake_from", from.clone()),
            ("intake_to", to.clone()),
            ("document", document),
        ]
    };
    let bogus = launch("999999".into());
    let pairs: Vec<(&str, &str)> = bogus.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.submit(office, "/quan-tri/thi-dua", &pairs).await;
    assert_eq!(
        res.status().as_u16(),
        400,
        "a document that is not the office's"
    );
    let own = launch(seed.id.to_string());
    let pairs: Vec<(&str, &str)> = own.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let res = app.submit(office, "/quan-tri/thi-dua", &pairs).await;
    assert_eq!(res.status().as_u16(), 303);
    let movement = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let (_, page) = app.get(office, &movement).await;
    assert!(
        page.contains(&format!("/quan-tri/van-ban/{}", seed.id)),
        "launched by the dispatch"
    );
    movement
}

async fn a_ward_keeps_to_its_own_nominations_and_only_the_office_decides(app: TestApp) {
    with_demo(&app).await;
    let office = app.office().await;
    let movement = open_movement(&app, &office).await;
    let may_chai = app.ward().await;
    let lach_tray = app.focal_point("p-lach-tray").await;
    let nominate = format!("{movement}/de-nghi");
    let person = [
        ("recipient", "person"),
        ("name", "Vũ Thị Hạnh"),
        ("gender", "female"),
        ("position", "Công chức Văn hóa - Xã hội"),
        ("work_unit", "Ủy ban nhân dân phường Máy Chai"),
        ("staff_code", "MC-77"),
        ("award_type", "giay_khen"),
        ("citation", "Đã có thành tích xuất sắc"),
    ];
    // A missing name: the form again with its message, nothing written.
    let before = count(&app.db, "nominations").await;
    let mut no_name = person.to_vec();
    no_name[1] = ("name", "");
    let res = app
        .post_form(&may_chai, &movement, &nominate, &no_name)
        .await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.expect("body").contains("Vui lòng"));
    assert_eq!(count(&app.db, "nominations").await, before);
    let res = app
        .post_form(&may_chai, &movement, &nominate, &person)
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let nomination = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    // The same person again: refused with its message.
    let res = app
        .post_form(&may_chai, &movement, &nominate, &person)
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("một thành tích chỉ khen một lần")
    );
    // Another ward: 404 to read, change or send it.
    assert_eq!(app.get(&lach_tray, &nomination).await.0, 404);
    let step = format!("{nomination}/buoc");
    let res = app
        .post_form(&lach_tray, &movement, &nomination, &person)
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = app
        .post_form(&lach_tray, &movement, &step, &[("step", "submit")])
        .await;
    assert_eq!(res.status().as_u16(), 404);
    // The ward sends it; a ward cannot accept it; the office does.
    let res = app
        .post_form(&may_chai, &nomination, &step, &[("step", "accept")])
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let res = app
        .post_form(&may_chai, &nomination, &step, &[("step", "submit")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app
        .post_form(
            &office,
            &nomination,
            &step,
            &[("step", "return"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409, "a return needs its reason");
    let res = app
        .post_form(&office, &nomination, &step, &[("step", "accept")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = app.get(&may_chai, &nomination).await;
    assert!(page.contains("Đã tiếp nhận"));
    // Its achievement report: the ward's own, not another ward's; the movement's papers
    // are the office's.
    let id = nomination.rsplit('/').next().expect("id").to_string();
    let report = format!("/quan-tri/thi-dua/giay-to/bao-cao-thanh-tich/{id}");
    assert_eq!(app.get(&may_chai, &report).await.0, 200);
    assert_eq!(app.get(&lach_tray, &report).await.0, 404);
    assert_eq!(
        app.get(&may_chai, "/quan-tri/thi-dua/giay-to/ke-hoach/1")
            .await
            .0,
        403
    );
    assert_eq!(
        app.get(&office, "/quan-tri/thi-dua/giay-to/ke-hoach/1")
            .await
            .0,
        200
    );
    assert_eq!(
        app.get(&office, "/quan-tri/thi-dua/giay-to/khac/1").await.0,
        404
    );

    // Its achievement report as a signed PDF: checked by content, the ward's own only.
    let res = send_report(
        &app,
        &may_chai,
        &nomination,
        b"\x89PNG\r\n\x1a\n0000".to_vec(),
    )
    .await;
    assert_eq!(res.status().as_u16(), 400, "not a PDF by its content");
    let pdf =
        dxday_media::certificate::calibration_pdf(&dxday_media::certificate::Layout::default())
            .expect("a real PDF");
    let res = send_report(&app, &may_chai, &nomination, pdf.clone()).await;
    assert_eq!(res.status().as_u16(), 409, "sent nominations are locked");
    // (It was sent above; a draft takes the file.)
    let draft_form = [
        ("recipient", "person"),
        ("name", "Lương Văn Quý"),
        ("work_unit", "Ủy ban nhân dân phường Máy Chai"),
        ("award_type", "giay_khen"),
        ("citation", "Đã có thành tích"),
    ];
    let res = app
        .post_form(&may_chai, &movement, &nominate, &draft_form)
        .await;
    let draft = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    let draft_upload = format!("{draft}/bao-cao.pdf");
    let res = send_report(&app, &may_chai, &draft, pdf.clone()).await;
    assert_eq!(res.status().as_u16(), 303);
    let got = may_chai
        .get(app.url(&draft_upload))
        .send()
        .await
        .expect("download");
    assert_eq!(got.status().as_u16(), 200);
    assert_eq!(got.bytes().await.expect("bytes").as_ref(), pdf.as_slice());
    assert_eq!(app.get(&lach_tray, &draft_upload).await.0, 404);
    assert_eq!(app.get(&office, &draft_upload).await.0, 200);

    // An honour without a decision, from the ward: on the roll, marked as such.
    let mention = [
        ("year", "2026"),
        ("recipient", "person"),
        ("name", "Đinh Văn Tâm"),
        ("citation", "Tiêu biểu hướng dẫn người cao tuổi dùng VNeID"),
    ];
    let res = app
        .post_form(
            &may_chai,
            "/quan-tri/thi-dua",
            "/quan-tri/thi-dua/ton-vinh",
            &[
                ("year", "20x6"),
                ("recipient", "person"),
                ("name", "A"),
                ("citation", "B"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 400);
    let res = app
        .post_form(
            &may_chai,
            "/quan-tri/thi-dua",
            "/quan-tri/thi-dua/ton-vinh",
            &mention,
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, roll) = app
        .get(&crate::helpers::client(), "/vinh-danh?nam=2026")
        .await;
    assert!(
        roll.contains("Đinh Văn Tâm") && roll.contains("Tôn vinh 2026"),
        "{roll}"
    );

    // Only office roles open and run a session.
    let sessions = format!("{movement}/hoi-dong");
    let fields = [
        ("held_on", "2026-11-20"),
        ("place", "Phòng họp"),
        ("chair_name", "Chủ tọa"),
        ("secretary_name", "Thư ký"),
        ("members_total", "5"),
        ("members_present", "4"),
        ("written_opinions", "0"),
        ("rule", "1"),
    ];
    let res = app
        .post_form(&may_chai, &movement, &sessions, &fields)
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let res = app.post_form(&office, &movement, &sessions, &fields).await;
    assert_eq!(res.status().as_u16(), 303);
    let session = res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert_eq!(app.get(&may_chai, &session).await.0, 403);
    let res = app
        .post_form(
            &office,
            &session,
            &format!("{session}/trinh"),
            &[(format!("n-{id}").as_str(), "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    // 4 present, no written opinion counted: 5 ballots are refused, nothing written.
    let (for_, against) = (format!("for-{id}"), format!("against-{id}"));
    let res = app
        .post_form(
            &office,
            &session,
            &format!("{session}/phieu"),
            &[(for_.as_str(), "4"), (against.as_str(), "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409);
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("vượt quá số thành viên")
    );
    let res = app
        .post_form(
            &office,
            &session,
            &format!("{session}/phieu"),
            &[(for_.as_str(), "abc")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 400);
    let res = app
        .post_form(
            &office,
            &session,
            &format!("{session}/phieu"),
            &[(for_.as_str(), "5")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409, "5 of 5 members, 4 voters: over");
    // 90 % of all 5 members is 4.5: 4 votes fall short.
    let res = app
        .post_form(
            &office,
            &session,
            &format!("{session}/phieu"),
            &[(for_.as_str(), "4")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, page) = app.get(&office, &session).await;
    assert!(page.contains("Không đạt") && page.contains("80,00%"));
    // The minutes download.
    let res = office
        .get(app.url(&format!("{session}/bien-ban.docx")))
        .send()
        .await
        .expect("minutes");
    assert_eq!(res.status().as_u16(), 200);

    // The demo's decision: staff cannot issue, a leader can; a ward cannot see it.
    let leader = app
        .logged_in("lanh-dao@vhtt.gov.vn", Role::OfficeLeader, Some("vhtt"))
        .await;
    assert_eq!(
        app.get(&may_chai, "/quan-tri/thi-dua/quyet-dinh/1").await.0,
        403
    );
    let (status, page) = app.get(&leader, "/quan-tri/thi-dua/quyet-dinh/1").await;
    assert_eq!(status, 200);
    assert!(page.contains("Quyết định số 01/QĐ-UBND ngày 25/11/2024"));
    let pdf = office
        .get(app.url("/quan-tri/thi-dua/quyet-dinh/1/giay-khen.pdf"))
        .send()
        .await
        .expect("certificates");
    assert_eq!(pdf.status().as_u16(), 200);
    assert!(pdf.bytes().await.expect("pdf").starts_with(b"%PDF-"));
    let res = app
        .post_form(
            &office,
            "/quan-tri/thi-dua/quyet-dinh/1",
            "/quan-tri/thi-dua/quyet-dinh/1/ban-hanh",
            &[("issued_on", "2024-11-26")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403, "office staff do not sign");
    let res = app
        .post_form(
            &leader,
            "/quan-tri/thi-dua/quyet-dinh/1",
            "/quan-tri/thi-dua/quyet-dinh/1/ban-hanh",
            &[("issued_on", "2024-11-26")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 409, "issued already");
    assert!(res.text().await.expect("body").contains("đã được ban hành"));
    // The issuer's print positions: a position off the page is refused, nothing saved;
    // the overlay then prints at the saved ones. A ward does not reach them.
    let layout = format!("/quan-tri/thi-dua/phoi/{}", app.unit_id("ubnd-quan").await);
    assert_eq!(app.get(&may_chai, &layout).await.0, 403);
    let (status, form) = app.get(&office, &layout).await;
    assert_eq!(status, 200);
    assert!(form.contains("name=\"citation_x\""));
    let mut fields: Vec<(String, String)> = dxday_media::certificate::Layout::default()
        .spots
        .iter()
        .flat_map(|(f, s)| {
            [
                (
                    format!("{}_x", f.as_str()),
                    format!("{}", s.x_mm + 2.0).replace('.', ","),
                ),
                (format!("{}_y", f.as_str()), format!("{}", s.y_mm)),
            ]
        })
        .collect();
    fields[0].1 = "400".into();
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = app.post_form(&office, &layout, &layout, &pairs).await;
    assert_eq!(res.status().as_u16(), 422);
    assert!(res.text().await.expect("body").contains("issuer"));
    let mut fixed = fields.clone();
    fixed[0].1 = "150,5".into();
    let pairs: Vec<(&str, &str)> = fixed
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = app.post_form(&office, &layout, &layout, &pairs).await;
    assert_eq!(res.status().as_u16(), 303);
    let stored = dxday_store::honours::certificate_layout(
        &app.db,
        dxday_domain::UnitId(app.unit_id("ubnd-quan").await),
    )
    .await
    .expect("db")
    .expect("saved");
    let saved: dxday_media::certificate::Layout = serde_json::from_str(&stored).expect("json");
    assert_eq!(saved.spots[0].1.x_mm, 150.5);

    // A leader revokes one award, with its reason; the roll no longer shows it.
    let d = dxday_store::honours::decision(&app.db, system(), dxday_domain::DecisionId(1))
        .await
        .expect("db")
        .expect("decision");
    let entry = d.entries[1].id.to_string();
    let page = "/quan-tri/thi-dua/quyet-dinh/1";
    let revoke = "/quan-tri/thi-dua/quyet-dinh/1/thu-hoi";
    let res = app
        .post_form(
            &office,
            page,
            revoke,
            &[("entry", &entry), ("reason", "Sai sót")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403, "office staff do not revoke");
    let res = app
        .post_form(&leader, page, revoke, &[("entry", &entry), ("reason", " ")])
        .await;
    assert_eq!(res.status().as_u16(), 409);
    let res = app
        .post_form(
            &leader,
            page,
            revoke,
            &[("entry", &entry), ("reason", "Khai man thành tích")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let name = &d.entries[1].nomination.data.name;
    let (_, roll) = app.get(&crate::helpers::client(), "/vinh-danh").await;
    assert!(!roll.contains(name.as_str()), "{name} is off the roll");
    let (_, page) = app.get(&leader, page).await;
    assert!(page.contains("Khai man thành tích"));
}
on_both_backends!(
    a_ward_keeps_to_its_own_nominations_and_only_the_office_decides,
    app
);
