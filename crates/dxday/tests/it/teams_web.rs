//! Community digital technology teams over HTTP: a ward keeps its residential groups
//! (imported all or nothing), its teams and their members; another ward gets 404 for
//! them; the office sees every ward's but changes none; the public page shows active
//! teams with their published contact only, found by words typed without accents.

use reqwest::multipart::{Form, Part};

use crate::helpers::{TestApp, csrf_of, header};
use crate::on_both_backends;

async fn import(app: &TestApp, c: &reqwest::Client, csv: &str) -> (u16, String) {
    let (_, html) = app.get(c, "/quan-tri/to-cong-nghe-so").await;
    let form = Form::new().text("_csrf", csrf_of(&html)).part(
        "file",
        Part::bytes(csv.as_bytes().to_vec()).file_name("to-dan-pho.csv"),
    );
    let res = c
        .post(app.url("/quan-tri/to-cong-nghe-so/to-dan-pho/nhap"))
        .multipart(form)
        .send()
        .await
        .expect("import");
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

/// The id at the end of a redirect's location.
fn id_of(res: &reqwest::Response) -> i64 {
    header(res, "location")
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("an id")
}

async fn a_ward_keeps_its_teams_and_members_and_the_public_sees_only_the_contact(app: TestApp) {
    let ward = app.focal_point("p-lach-tray").await;
    let other = app.focal_point("p-may-chai").await;
    let office = app.office().await;

    // An import with a bad row keeps nothing and names the row and column.
    let bad = "ma_to,ten_to,so_ho,so_nhan_khau\ntdp-01,Tổ dân phố số 1,312,1.250\ntdp-02,Tổ dân phố số 2,mười hai,800\n";
    let (status, html) = import(&app, &ward, bad).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("so_ho") && html.contains("<td>3</td>"),
        "{html}"
    );
    assert_eq!(app.count("residential_groups").await, 0, "all or nothing");
    let good = "Mã tổ,Tên tổ dân phố,Số hộ,Số nhân khẩu\ntdp-01,Tổ dân phố số 1,312,1.250\ntdp-02,Tổ dân phố số 2,,\n";
    let (status, _) = import(&app, &ward, good).await;
    assert_eq!(status, 303, "saved");
    assert_eq!(app.count("residential_groups").await, 2);
    let (_, html) = app.get(&ward, "/quan-tri/to-cong-nghe-so").await;
    assert!(html.contains("1.250"), "Vietnamese separators");
    // The same code again, by hand: refused on the field.
    let res = app
        .post_form(
            &ward,
            "/quan-tri/to-cong-nghe-so",
            "/quan-tri/to-cong-nghe-so/to-dan-pho",
            &[("code", "TDP-01"), ("name", "Lặp")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422, "the code is taken");
    let group: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT id FROM residential_groups WHERE code = 'tdp-01'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("group");
    let g = group.to_string();

    // A team with its public contact, then a member.
    let res = app
        .submit(
            &ward,
            "/quan-tri/to-cong-nghe-so/moi",
            &[
                ("group_id", g.as_str()),
                ("name", "Tổ CNSCĐ tổ dân phố số 1"),
                ("status", "active"),
                ("decision_number", "45/QĐ-UBND"),
                ("decision_date", "08/08/2025"),
                ("contact_name", "Trần Văn Bình"),
                ("contact_phone", "0912 345 678"),
                (
                    "help_line",
                    "Cài VNeID mức 2, nộp hồ sơ dịch vụ công trực tuyến",
                ),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let team = id_of(&res);
    let team_page = format!("/quan-tri/to-cong-nghe-so/{team}");
    let members_page = format!("{team_page}/thanh-vien");
    let res = app
        .submit(
            &ward,
            &members_page,
            &[
                ("name", "Nguyễn Thị Hoa"),
                ("role", "member"),
                ("organisation", "Đoàn thanh niên"),
                ("phone", "0987 654 321"),
                ("platform", "onetouch"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let member = sqlx::query_scalar::<sqlx::Any, i64>("SELECT id FROM team_members")
        .fetch_one(app.db.pool())
        .await
        .expect("member");
    let member_page = format!("/quan-tri/to-cong-nghe-so/thanh-vien/{member}");
    // Bad input: a phone that is not one, a date before joining.
    let res = app
        .submit(
            &ward,
            &member_page,
            &[
                ("name", "Nguyễn Thị Hoa"),
                ("phone", "12"),
                ("joined_on", "01/03/2025"),
                ("left_on", "01/02/2025"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("aria-invalid") && html.contains("e-left_on"));

    // Another ward: 404 for the team and the member, to read and to write.
    for path in [&team_page, &member_page, &members_page] {
        assert_eq!(app.get(&other, path).await.0, 404, "{path}");
    }
    let (_, own) = app.get(&other, "/quan-tri/to-cong-nghe-so").await;
    let forged = csrf_of(&own);
    for path in [&team_page, &member_page, &members_page] {
        let res = other
            .post(app.url(path))
            .form(&[
                ("_csrf", forged.as_str()),
                ("name", "Chiếm"),
                ("group_id", g.as_str()),
            ])
            .send()
            .await
            .expect("post");
        assert_eq!(res.status().as_u16(), 404, "POST {path}");
    }
    assert!(!own.contains("Tổ CNSCĐ tổ dân phố số 1"));

    // The office sees the team and its members, and may not change them.
    let (status, html) = app.get(&office, &team_page).await;
    assert_eq!(status, 200);
    assert!(html.contains("Nguyễn Thị Hoa") && !html.contains("name=\"name\""));
    let res = app
        .submit(
            &office,
            &team_page,
            &[("name", "Đổi"), ("group_id", g.as_str())],
        )
        .await;
    assert_eq!(res.status().as_u16(), 403);
    let (_, all) = app.get(&office, "/quan-tri/to-cong-nghe-so").await;
    assert!(all.contains("Ủy ban nhân dân phường Lạch Tray"));

    // The public: the team, its group and its contact, found without accents; never a
    // member.
    let public = crate::helpers::client();
    let (status, html) = app.get(&public, "/to-cong-nghe-so?q=lach+tray+vneid").await;
    assert_eq!(status, 200);
    assert!(html.contains("Tổ dân phố số 1") && html.contains("0912345678"));
    assert!(!html.contains("Nguyễn Thị Hoa") && !html.contains("0987654321"));
    let (_, none) = app.get(&public, "/to-cong-nghe-so?q=may+chai").await;
    assert!(!none.contains("Tổ dân phố số 1"));

    // Dissolved: no longer public.
    let res = app
        .submit(
            &ward,
            &team_page,
            &[
                ("group_id", g.as_str()),
                ("name", "Tổ CNSCĐ tổ dân phố số 1"),
                ("status", "dissolved"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&public, "/to-cong-nghe-so").await;
    assert!(!html.contains("Tổ dân phố số 1"));
}
on_both_backends!(
    a_ward_keeps_its_teams_and_members_and_the_public_sees_only_the_contact,
    app
);
