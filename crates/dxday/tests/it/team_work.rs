//! What community teams do, over HTTP on both databases: a team member records its
//! team's activities (bad numbers refused, nothing half-written; people never over the
//! people reached), sends the month's report, which its ward returns or approves
//! (locked: 409); of two submissions at once one wins; another ward's records are 404;
//! the roll-up keeps a figure nobody reported empty (not 0) and shows completeness; the
//! ward sends its month to the office, which approves it.

use dxday_domain::dates::{format_dmy, today_in_vietnam};
use dxday_domain::team::{GroupData, Period, TeamData, TeamStatus};
use dxday_domain::{GroupId, Role, TeamId, UnitId};
use dxday_store::teams;
use time::OffsetDateTime;

use crate::helpers::{TestApp, csrf_of};
use crate::on_both_backends;

/// A group and an active team of the ward `code`.
async fn team_of(app: &TestApp, code: &str, group: &str, households: i64) -> TeamId {
    let ward = UnitId(app.unit_id(code).await);
    let g = teams::insert_group(
        &app.db,
        None,
        ward,
        &GroupData {
            code: group.into(),
            name: format!("Tổ dân phố {group}"),
            households: Some(households),
            population: None,
        },
    )
    .await
    .expect("group");
    teams::insert_team(
        &app.db,
        None,
        ward,
        &TeamData {
            group_id: GroupId(g.0),
            name: format!("Tổ CNSCĐ {group}"),
            status: TeamStatus::Active,
            decision_number: None,
            decision_date: None,
            decision_issuer: None,
            successor_id: None,
            contact_name: None,
            contact_phone: None,
            help_line: None,
            network_member: false,
        },
    )
    .await
    .expect("team")
}

async fn post(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    to: &str,
    f: &[(&str, &str)],
) -> (u16, String) {
    let res = app.post_form(c, page, to, f).await;
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

/// Sends the activity form of `page` (multipart, with a photo when given).
async fn record(
    app: &TestApp,
    c: &reqwest::Client,
    page: &str,
    f: &[(&str, &str)],
    photo: Option<Vec<u8>>,
) -> (u16, String) {
    let (_, html) = app.get(c, page).await;
    let mut form = reqwest::multipart::Form::new().text("_csrf", csrf_of(&html));
    for (k, v) in f {
        form = form.text(k.to_string(), v.to_string());
    }
    if let Some(bytes) = photo {
        form = form.part(
            "photo",
            reqwest::multipart::Part::bytes(bytes).file_name("anh.jpg"),
        );
    }
    let res = c
        .post(app.url(page))
        .multipart(form)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

async fn teams_do_and_report_their_work(app: TestApp) {
    let today = today_in_vietnam(OffsetDateTime::now_utc());
    let month = Period::month_of(today).key();
    let day = format_dmy(today);
    let team = team_of(&app, "p-lach-tray", "tdp-01", 200).await;
    let second = team_of(&app, "p-lach-tray", "tdp-02", 300).await;
    let elsewhere = team_of(&app, "p-may-chai", "tdp-09", 100).await;
    let ward = app.focal_point("p-lach-tray").await;
    let other = app.focal_point("p-may-chai").await;
    let office = app.office().await;
    let member = app
        .logged_in(
            "to1@lachtray.vn",
            Role::CommunityTeamMember,
            Some("p-lach-tray"),
        )
        .await;

    // Until its ward puts it on a team, a member account records nothing.
    assert_eq!(
        app.get(&member, "/quan-tri/to-cong-nghe-so/hoat-dong")
            .await
            .0,
        403
    );
    let user: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT id FROM users WHERE email = 'to1@lachtray.vn'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("user");
    let team_page = format!("/quan-tri/to-cong-nghe-so/{team}");
    let (status, html) = app.get(&ward, &team_page).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("to1@lachtray.vn"),
        "the ward sees its member accounts"
    );
    let u = user.to_string();
    // Another ward cannot take the account.
    let (_, own) = app.get(&other, "/quan-tri/to-cong-nghe-so").await;
    let res = other
        .post(app.url(&format!("/quan-tri/to-cong-nghe-so/{elsewhere}/tai-khoan")))
        .form(&[
            ("_csrf", csrf_of(&own).as_str()),
            ("user_id", u.as_str()),
            ("on", "1"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 404);
    let (status, _) = post(
        &app,
        &ward,
        &team_page,
        &format!("{team_page}/tai-khoan"),
        &[("user_id", &u), ("on", "1")],
    )
    .await;
    assert_eq!(status, 303);
    let res = member
        .get(app.url("/quan-tri/to-cong-nghe-so"))
        .send()
        .await
        .expect("get");
    assert_eq!(
        crate::helpers::header(&res, "location"),
        "/quan-tri/to-cong-nghe-so/hoat-dong",
        "a member lands on its team's activities"
    );
    let (status, html) = app
        .get(&member, "/quan-tri/to-cong-nghe-so/hoat-dong")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("id=\"record\""), "{html}");

    let group =
        sqlx::query_scalar::<sqlx::Any, i64>("SELECT group_id FROM community_teams WHERE id = $1")
            .bind(team.0)
            .fetch_one(app.db.pool())
            .await
            .expect("group")
            .to_string();
    // Bad input: words, negatives, a date after today, people over the people reached,
    // no attendance; each refused on its field and nothing stored.
    let new = format!("/quan-tri/to-cong-nghe-so/{team}/hoat-dong/moi");
    let tomorrow = format_dmy(today.next_day().expect("tomorrow"));
    for (fields, field, message) in [
        (
            vec![("n_attendance", "mười hai")],
            "e-n_attendance",
            "nhập một số",
        ),
        (
            vec![("n_attendance", "10"), ("n_skills_trained", "-3")],
            "e-n_skills_trained",
            "âm",
        ),
        (
            vec![("n_attendance", "10"), ("n_people_guided", "11")],
            "e-n_people_guided",
            "không được lớn hơn",
        ),
        (vec![("n_vneid_activated", "2")], "e-n_attendance", ""),
        (
            vec![("n_attendance", "10"), ("held_on", tomorrow.as_str())],
            "e-held_on",
            "sau hôm nay",
        ),
    ] {
        let mut f = vec![
            ("held_on", day.as_str()),
            ("kind", "door_to_door"),
            ("group_id", ""),
        ];
        f.retain(|(k, _)| !fields.iter().any(|(n, _)| n == k));
        f.extend(fields.iter().copied());
        f.retain(|(k, _)| *k != "group_id");
        f.push(("group_id", group.as_str()));
        let (status, html) = record(&app, &member, &new, &f, None).await;
        assert_eq!(status, 422, "{fields:?}");
        assert!(
            html.contains(field) && html.contains(message),
            "{fields:?}: {field} {message}"
        );
    }
    assert_eq!(
        app.count("team_activities").await,
        0,
        "nothing half-written"
    );

    // Two activities: 30 reached and 5 VNeID accounts activated; 20 reached, with an
    // indicator left empty (not tracked, not 0).

    for (reached, vneid) in [("30", "5"), ("1.020", "")] {
        let (status, _) = record(
            &app,
            &member,
            &new,
            &[
                ("held_on", day.as_str()),
                ("kind", "guidance_session"),
                ("group_id", group.as_str()),
                ("n_attendance", reached),
                ("n_vneid_activated", vneid),
            ],
            None,
        )
        .await;
        assert_eq!(status, 303);
    }
    let (_, log) = app
        .get(&member, "/quan-tri/to-cong-nghe-so/hoat-dong")
        .await;
    assert!(
        log.contains("1.020") && log.contains("VNeID mức 2: 5"),
        "{log}"
    );
    let (_, filtered) = app
        .get(
            &ward,
            &format!("/quan-tri/to-cong-nghe-so/hoat-dong?to={second}"),
        )
        .await;
    assert!(filtered.contains("0 hoạt động"), "the filter by team");

    // The member may not record for another team of its ward, nor see another ward's.
    for path in [
        format!("/quan-tri/to-cong-nghe-so/{second}/hoat-dong/moi"),
        format!("/quan-tri/to-cong-nghe-so/{elsewhere}/hoat-dong/moi"),
        format!("/quan-tri/to-cong-nghe-so/{elsewhere}/bao-cao/{month}"),
    ] {
        assert_eq!(app.get(&member, &path).await.0, 404, "{path}");
    }
    let activity: i64 = sqlx::query_scalar::<sqlx::Any, i64>("SELECT MIN(id) FROM team_activities")
        .fetch_one(app.db.pool())
        .await
        .expect("activity");
    let activity_page = format!("/quan-tri/to-cong-nghe-so/hoat-dong/{activity}");
    assert_eq!(
        app.get(&other, &activity_page).await.0,
        404,
        "another ward's activity"
    );
    assert_eq!(app.get(&ward, &activity_page).await.0, 200);

    // Photos: a real one is kept with its preview; a file that is not a photo is
    // refused on its field and nothing changes; at most three.
    let fields = [
        ("held_on", day.as_str()),
        ("kind", "guidance_session"),
        ("group_id", group.as_str()),
        ("n_attendance", "30"),
        ("n_vneid_activated", "5"),
    ];
    let jpeg = crate::display_web::photo(image::ImageFormat::Jpeg, 640, 480);
    let (status, html) = record(
        &app,
        &member,
        &activity_page,
        &fields,
        Some(b"GIF89a not a photo".to_vec()),
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        html.contains("id=\"e-photo\"") && html.contains("không phải ảnh"),
        "{html}"
    );
    assert_eq!(app.count("team_activity_photos").await, 0);
    for _ in 0..3 {
        let (status, _) = record(&app, &member, &activity_page, &fields, Some(jpeg.clone())).await;
        assert_eq!(status, 303);
    }
    let (status, html) = record(&app, &member, &activity_page, &fields, Some(jpeg.clone())).await;
    assert_eq!(status, 422);
    assert!(html.contains("tối đa 3 ảnh"), "{html}");
    let photo: i64 =
        sqlx::query_scalar::<sqlx::Any, i64>("SELECT MIN(id) FROM team_activity_photos")
            .fetch_one(app.db.pool())
            .await
            .expect("photo");
    let (_, html) = app.get(&member, &activity_page).await;
    assert!(html.contains(&format!("/quan-tri/to-cong-nghe-so/anh/{photo}")));
    let res = member
        .get(app.url(&format!("/quan-tri/to-cong-nghe-so/anh/{photo}")))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(crate::helpers::header(&res, "content-type"), "image/png");
    let photo_page = format!("/quan-tri/to-cong-nghe-so/anh/{photo}");
    assert_eq!(
        app.get(&other, &photo_page).await.0,
        404,
        "another ward's photo"
    );

    // The founding decision: a PDF only, for the ward and the office.
    let decision = format!("/quan-tri/to-cong-nghe-so/{team}/quyet-dinh.pdf");
    let send_decision = async |bytes: Vec<u8>| {
        let (_, html) = app.get(&ward, &team_page).await;
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf_of(&html))
            .part(
                "decision",
                reqwest::multipart::Part::bytes(bytes).file_name("qd.pdf"),
            );
        ward.post(app.url(&decision))
            .multipart(form)
            .send()
            .await
            .expect("post")
            .status()
            .as_u16()
    };
    assert_eq!(app.get(&ward, &decision).await.0, 404, "none yet");
    assert_eq!(send_decision(jpeg.clone()).await, 400, "not a PDF");
    let pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
        .to_vec();
    assert_eq!(send_decision(pdf.clone()).await, 303);
    let res = office.get(app.url(&decision)).send().await.expect("get");
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(res.bytes().await.expect("body").to_vec(), pdf);
    assert_eq!(app.get(&other, &decision).await.0, 404);
    assert_eq!(
        app.get(&member, &decision).await.0,
        403,
        "the team's members see no decision (it names them)"
    );

    // The month's report starts from the activities.
    let report = format!("/quan-tri/to-cong-nghe-so/{team}/bao-cao/{month}");
    let (status, html) = app.get(&member, &report).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("value=\"1.050\""),
        "30 + 1 020 reached: {html}"
    );
    let figures = [
        ("n_attendance", "1.050"),
        ("n_vneid_activated", "5"),
        ("n_households_reached", "50"),
        ("n_skills_trained", ""),
    ];
    let mut send = vec![("action", "submit")];
    send.extend(figures);
    let (status, _) = post(&app, &member, &report, &report, &send).await;
    assert_eq!(status, 303);
    // Sent: its month is closed to new activities, and it cannot be sent again.
    let (status, html) = record(
        &app,
        &member,
        &new,
        &[
            ("held_on", day.as_str()),
            ("kind", "help_desk"),
            ("group_id", group.as_str()),
            ("n_attendance", "3"),
        ],
        None,
    )
    .await;
    assert_eq!(status, 409);
    assert!(html.contains("đã được gửi hoặc đã duyệt"), "{html}");
    let form_before = app.get(&member, &report).await.1;
    let res = member
        .post(app.url(&report))
        .form(&[
            ("_csrf", csrf_of(&form_before).as_str()),
            ("action", "submit"),
            ("n_attendance", "1"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 409);

    // The ward returns it (a return says what to correct), the member corrects and
    // sends again, the ward approves: then it is locked.
    let review = format!("{report}/duyet");
    let (status, _) = post(&app, &ward, &report, &review, &[("decision", "return")]).await;
    assert_eq!(status, 400, "a return without a note");
    assert_eq!(
        post(&app, &member, &report, &review, &[("decision", "approve")])
            .await
            .0,
        403,
        "a member does not approve"
    );
    let (status, _) = post(
        &app,
        &ward,
        &report,
        &review,
        &[("decision", "return"), ("note", "Bổ sung số hộ")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = app.get(&member, &report).await;
    assert!(html.contains("Bổ sung số hộ") && html.contains("Bị trả lại"));
    let mut send = vec![("action", "submit")];
    send.extend(figures);
    send.retain(|(k, _)| *k != "n_households_reached");
    send.push(("n_households_reached", "80"));
    assert_eq!(post(&app, &member, &report, &report, &send).await.0, 303);
    assert_eq!(
        post(&app, &ward, &report, &review, &[("decision", "approve")])
            .await
            .0,
        303
    );
    let (_, html) = app.get(&member, &report).await;
    assert!(html.contains("Đã duyệt") && !html.contains("name=\"n_attendance\""));
    let res = member
        .post(app.url(&report))
        .form(&[
            ("_csrf", csrf_of(&html).as_str()),
            ("action", "save"),
            ("n_attendance", "1"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 409, "edited after approval");
    assert!(
        res.text()
            .await
            .unwrap_or_default()
            .contains("đã được duyệt")
    );
    assert_eq!(
        post(&app, &ward, &report, &review, &[("decision", "approve")])
            .await
            .0,
        409,
        "approved twice"
    );

    // Two submissions of the second team's month at once: one wins, one is refused.
    let second_report = format!("/quan-tri/to-cong-nghe-so/{second}/bao-cao/{month}");
    let (_, html) = app.get(&ward, &second_report).await;
    let token = csrf_of(&html);
    let send = |n: &'static str| {
        ward.post(app.url(&second_report))
            .form(&[
                ("_csrf", token.as_str()),
                ("action", "submit"),
                ("n_attendance", n),
            ])
            .send()
    };
    let (a, b) = tokio::join!(send("7"), send("9"));
    let mut codes = [
        a.expect("a").status().as_u16(),
        b.expect("b").status().as_u16(),
    ];
    codes.sort();
    assert_eq!(codes, [303, 409]);
    let stored: Vec<Option<i64>> = sqlx::query_scalar::<sqlx::Any, Option<i64>>(
        "SELECT v.value FROM team_report_values v JOIN team_reports r ON r.id = v.report_id
         WHERE r.team_id = $1 AND v.indicator = 'attendance'",
    )
    .bind(second.0)
    .fetch_all(app.db.pool())
    .await
    .expect("values");
    assert!(
        stored == [Some(7)] || stored == [Some(9)],
        "one report, whole: {stored:?}"
    );

    // The roll-up counts approved reports only: the ward's is 1 of 2 due; skills were
    // never reported (—, not 0); the households' share is a ratio of sums (80/200).
    let rollup = format!("/quan-tri/to-cong-nghe-so/tong-hop?tu={month}&den={month}");
    let (status, html) = app.get(&ward, &rollup).await;
    assert_eq!(status, 200);
    let total = html.split("id=\"rollup-total\"").nth(1).expect("total row");
    assert!(
        total.contains(">1.050<") && total.contains(">—<") && total.contains("1/2 (50 %)"),
        "{total}"
    );
    assert!(total.contains("40,00 %"), "80 of 200 households: {total}");
    let (status, html) = app.get(&office, &rollup).await;
    assert_eq!(status, 200);
    assert!(html.contains("phường Lạch Tray") && html.contains("phường Máy Chai"));
    let total = html.split("id=\"rollup-total\"").nth(1).expect("total row");
    assert!(
        total.contains("1/3 (33 %)"),
        "three active teams in two wards: {total}"
    );
    assert_eq!(app.get(&member, &rollup).await.0, 403);
    assert_eq!(
        app.get(&ward, "/quan-tri/to-cong-nghe-so/tong-hop?tu=2026-13")
            .await
            .0,
        400
    );

    // The ward sends its month to the office, which approves it; another ward cannot.
    let lach_tray = app.unit_id("p-lach-tray").await;
    let ward_report = format!("/quan-tri/to-cong-nghe-so/phuong/{lach_tray}/bao-cao/{month}");
    assert_eq!(app.get(&other, &ward_report).await.0, 404);
    let (status, _) = post(
        &app,
        &ward,
        &ward_report,
        &ward_report,
        &[("action", "submit")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = app.get(&office, &ward_report).await;
    assert!(
        html.contains("1/2") && html.contains("id=\"approve\""),
        "{html}"
    );
    let (status, _) = post(
        &app,
        &office,
        &ward_report,
        &format!("{ward_report}/duyet"),
        &[("decision", "approve")],
    )
    .await;
    assert_eq!(status, 303);
    let (_, html) = app
        .get(
            &office,
            &format!("/quan-tri/to-cong-nghe-so/bao-cao?ky={month}"),
        )
        .await;
    assert!(html.contains("Đã duyệt 1/2 báo cáo của tổ"), "{html}");
    assert_eq!(
        app.count("audit_log WHERE action LIKE 'team_report.%'")
            .await,
        7,
        "save/submit/return/approve are audited"
    );
}
on_both_backends!(teams_do_and_report_their_work, app);

/// Beyond a page's worth of teams (a province), the public page lists the wards first;
/// a ward's link shows its teams, a search its first results.
async fn a_province_s_public_page_lists_the_wards_first(app: TestApp) {
    for i in 0..40 {
        team_of(&app, "p-lach-tray", &format!("lt-{i:02}"), 100).await;
    }
    for i in 0..21 {
        team_of(&app, "p-may-chai", &format!("mc-{i:02}"), 100).await;
    }
    let public = crate::helpers::client();
    let (status, html) = app.get(&public, "/to-cong-nghe-so").await;
    assert_eq!(status, 200);
    let index = html
        .split("id=\"wards\"")
        .nth(1)
        .expect("the index of wards");
    assert!(
        index.contains("40 tổ") && index.contains("21 tổ"),
        "{index}"
    );
    assert!(
        !html.contains("Tổ CNSCĐ lt-00"),
        "no team before a ward is chosen"
    );
    let may_chai = app.unit_id("p-may-chai").await;
    let (_, html) = app
        .get(&public, &format!("/to-cong-nghe-so?phuong={may_chai}"))
        .await;
    assert!(html.contains("Tổ CNSCĐ mc-20") && !html.contains("Tổ CNSCĐ lt-00"));
    let (_, html) = app.get(&public, "/to-cong-nghe-so?q=lt-07").await;
    assert!(html.contains("Tổ CNSCĐ lt-07") && !html.contains("Tổ CNSCĐ lt-08"));
}
on_both_backends!(a_province_s_public_page_lists_the_wards_first, app);

/// The roll-up of a range as a workbook on the web, the campaign's period from the
/// command line; the register of teams and members for the ward (not for a member's
/// account, nor the public).
async fn the_roll_up_exports_to_xlsx_on_the_web_and_from_the_command_line(app: TestApp) {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use crate::helpers::{dxday, fails_with, ok_bytes, succeeds};

    let campaign = dxday_store::campaigns::list(&app.db)
        .await
        .expect("campaigns")[0]
        .clone();
    let month = Period::month_of(campaign.data.starts_on);
    let team = team_of(&app, "p-lach-tray", "tdp-01", 200).await;
    team_of(&app, "p-lach-tray", "tdp-02", 300).await;
    let ward = UnitId(app.unit_id("p-lach-tray").await);
    let figures = [
        ("attendance".to_string(), Some(40)),
        ("vneid_activated".to_string(), None),
        ("households_reached".to_string(), Some(50)),
    ]
    .into_iter()
    .collect();
    teams::save_team_report(&app.db, None, ward, Some(team), month, &figures, true)
        .await
        .expect("save")
        .expect("sent");
    teams::review_team_report(&app.db, None, ward, Some(team), month, true, None)
        .await
        .expect("review")
        .expect("approved");
    // The summary row of the ward: 40 reached, VNeID never reported (empty, not 0), 1 of
    // 2 reports (50 %), a quarter of the households (50 of 200).
    let check = |bytes: Vec<u8>| {
        let mut book: Xlsx<_> =
            calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("xlsx opens");
        let names = book.sheet_names();
        assert!(names.iter().any(|n| n == "phường Lạch Tray"), "{names:?}");
        let range = book.worksheet_range(&names[0]).expect("summary");
        let row = range
            .rows()
            .find(|r| r.first() == Some(&Data::String("Ủy ban nhân dân phường Lạch Tray".into())))
            .expect("the ward's row")
            .to_vec();
        assert_eq!(row[1], Data::Float(40.0));
        assert!(
            matches!(row[3], Data::Empty),
            "missing stays empty: {row:?}"
        );
        assert_eq!(row[9], Data::Float(0.25), "households' share");
        assert_eq!(row[row.len() - 1], Data::Float(0.5), "completeness");
    };
    let ward_client = app.focal_point("p-lach-tray").await;
    check(
        ok_bytes(ward_client.get(app.url(&format!(
            "/quan-tri/to-cong-nghe-so/tong-hop.xlsx?tu={0}&den={0}",
            month.key()
        ))))
        .await,
    );
    let register =
        ok_bytes(ward_client.get(app.url("/quan-tri/to-cong-nghe-so/danh-sach.xlsx"))).await;
    let book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(register)).expect("xlsx opens");
    assert_eq!(book.sheet_names().len(), 2, "teams and members");
    let member = app
        .logged_in(
            "to9@lachtray.vn",
            Role::CommunityTeamMember,
            Some("p-lach-tray"),
        )
        .await;
    assert_eq!(
        app.get(&member, "/quan-tri/to-cong-nghe-so/danh-sach.xlsx")
            .await
            .0,
        403
    );
    assert_eq!(
        app.get(
            &crate::helpers::client(),
            "/quan-tri/to-cong-nghe-so/danh-sach.xlsx"
        )
        .await
        .0,
        303,
        "login first"
    );

    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("to-cong-nghe-so.xlsx");
    let year = campaign.data.year.to_string();
    let run = |args: &[&str]| {
        let mut c = dxday();
        c.arg("teams")
            .args(args)
            .args(["--database-url", &app.db_url]);
        c
    };
    let said = succeeds(&mut run(&[
        "export",
        "--campaign",
        &year,
        "--format",
        "xlsx",
        "--out",
        out.to_str().expect("utf-8 path"),
    ]));
    assert!(said.contains(&month.label()), "{said}");
    check(std::fs::read(&out).expect("the workbook"));
    fails_with(
        &mut run(&[
            "export",
            "--campaign",
            "1999",
            "--format",
            "xlsx",
            "--out",
            "/dev/null",
        ]),
        "no campaign for the year 1999",
    );
}
on_both_backends!(
    the_roll_up_exports_to_xlsx_on_the_web_and_from_the_command_line,
    app
);

/// The office gives each ward its month's targets, a ward its teams'; a grid with a bad
/// cell keeps nothing; another ward's team cannot be given one; the roll-up shows the
/// results against them.
async fn targets_are_set_whole_and_the_roll_up_shows_progress(app: TestApp) {
    let today = today_in_vietnam(OffsetDateTime::now_utc());
    let period = Period::month_of(today);
    let month = period.key();
    let a = team_of(&app, "p-lach-tray", "tdp-01", 200).await;
    let b = team_of(&app, "p-lach-tray", "tdp-02", 300).await;
    team_of(&app, "p-may-chai", "tdp-09", 100).await;
    let ward_id = UnitId(app.unit_id("p-lach-tray").await);
    let figures = [("attendance".to_string(), Some(450))]
        .into_iter()
        .collect();
    teams::save_team_report(&app.db, None, ward_id, Some(a), period, &figures, true)
        .await
        .expect("save")
        .expect("sent");
    teams::review_team_report(&app.db, None, ward_id, Some(a), period, true, None)
        .await
        .expect("review")
        .expect("approved");
    let ward = app.focal_point("p-lach-tray").await;
    let other = app.focal_point("p-may-chai").await;
    let office = app.office().await;
    let page = format!("/quan-tri/to-cong-nghe-so/chi-tieu?ky={month}");
    let (status, html) = app.get(&ward, &page).await;
    assert_eq!(status, 200);
    assert!(html.contains(&format!("name=\"t{a}_attendance\"")));
    let (fa, fb) = (format!("t{a}_attendance"), format!("t{b}_attendance"));
    let (fh, fo) = (
        format!("t{a}_households_reached"),
        format!("t{ward_id}_attendance"),
    );
    let post = "/quan-tri/to-cong-nghe-so/chi-tieu";
    // A bad cell: the grid comes back with the message by the cell, nothing kept.
    let res = app
        .post_form(
            &ward,
            &page,
            post,
            &[("ky", &month), (&fa, "600"), (&fb, "mười")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains(&format!("id=\"e-{fb}\"")) && html.contains("value=\"mười\""));
    assert_eq!(app.count("team_targets").await, 0, "all or nothing");
    let res = app
        .post_form(
            &ward,
            &page,
            post,
            &[("ky", &month), (&fa, "600"), (&fh, "100"), (&fb, "")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(
        app.count("team_targets").await,
        2,
        "an empty box is no target"
    );
    // Another ward's grid has only its own teams: a forged cell for this ward's team is
    // not written.
    let res = app
        .post_form(&other, &page, post, &[("ky", &month), (&fa, "1")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let kept: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT value FROM team_targets WHERE team_id = $1 AND indicator = 'attendance'",
    )
    .bind(a.0)
    .fetch_one(app.db.pool())
    .await
    .expect("target");
    assert_eq!(kept, 600);
    // The office gives the ward its own target.
    let res = app
        .post_form(&office, &page, post, &[("ky", &month), (&fo, "5.000")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let rollup =
        format!("/quan-tri/to-cong-nghe-so/tong-hop?tu={month}&den={month}&chi=attendance");
    let (_, html) = app.get(&ward, &rollup).await;
    assert!(html.contains("/ 600 · 75 %"), "450 of 600: {html}");
    let (_, html) = app.get(&office, &rollup).await;
    assert!(html.contains("/ 5.000 · 9 %"), "450 of 5 000");
    let member = app
        .logged_in(
            "to3@lachtray.vn",
            Role::CommunityTeamMember,
            Some("p-lach-tray"),
        )
        .await;
    let user: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT id FROM users WHERE email = 'to3@lachtray.vn'",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("user");
    teams::set_account_team(&app.db, None, ward_id, dxday_domain::UserId(user), Some(a))
        .await
        .expect("put");
    assert_eq!(app.get(&member, &page).await.0, 403);
}
on_both_backends!(targets_are_set_whole_and_the_roll_up_shows_progress, app);

/// The office may have teams report every quarter: the reports, their pages and the
/// roll-up then go by quarters; only the office chooses.
async fn a_quarterly_cadence_makes_quarters_of_reports_and_the_roll_up(app: TestApp) {
    use dxday_domain::team::Cadence;

    let today = today_in_vietnam(OffsetDateTime::now_utc());
    let quarter = Period::of(today, Cadence::Quarter);
    let team = team_of(&app, "p-lach-tray", "tdp-01", 200).await;
    let ward = app.focal_point("p-lach-tray").await;
    let office = app.office().await;
    let reports = "/quan-tri/to-cong-nghe-so/bao-cao";
    let set = "/quan-tri/to-cong-nghe-so/ky-bao-cao";
    assert_eq!(
        post(&app, &ward, reports, set, &[("cadence", "quarter")])
            .await
            .0,
        403
    );
    assert_eq!(
        post(&app, &office, reports, set, &[("cadence", "weekly")])
            .await
            .0,
        400
    );
    assert_eq!(
        post(&app, &office, reports, set, &[("cadence", "quarter")])
            .await
            .0,
        303
    );
    assert_eq!(
        teams::cadence(&app.db).await.expect("cadence"),
        Cadence::Quarter
    );

    let new = format!("/quan-tri/to-cong-nghe-so/{team}/hoat-dong/moi");
    let group =
        sqlx::query_scalar::<sqlx::Any, i64>("SELECT group_id FROM community_teams WHERE id = $1")
            .bind(team.0)
            .fetch_one(app.db.pool())
            .await
            .expect("group")
            .to_string();
    let day = format_dmy(today);
    for reached in ["12", "30"] {
        let fields = [
            ("held_on", day.as_str()),
            ("kind", "door_to_door"),
            ("group_id", group.as_str()),
            ("n_attendance", reached),
        ];
        assert_eq!(record(&app, &ward, &new, &fields, None).await.0, 303);
    }
    let roman = ["I", "II", "III", "IV"][quarter.quarter().expect("a quarter") as usize - 1];
    let (_, html) = app.get(&ward, reports).await;
    assert!(
        html.contains(&format!("Quý {roman}/{}", today.year())),
        "{html}"
    );
    let report = format!("/quan-tri/to-cong-nghe-so/{team}/bao-cao/{}", quarter.key());
    assert!(html.contains(&report), "the team's quarter: {html}");
    let (status, html) = app.get(&ward, &report).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("value=\"42\""),
        "the quarter's activities: {html}"
    );
    assert_eq!(
        post(
            &app,
            &ward,
            &report,
            &report,
            &[("action", "submit"), ("n_attendance", "42")]
        )
        .await
        .0,
        303
    );
    assert_eq!(
        post(
            &app,
            &ward,
            &report,
            &format!("{report}/duyet"),
            &[("decision", "approve")]
        )
        .await
        .0,
        303
    );
    let month = Period::month_of(today).key();
    let (_, html) = app
        .get(
            &ward,
            &format!("/quan-tri/to-cong-nghe-so/tong-hop?tu={month}&den={month}"),
        )
        .await;
    let total = html.split("id=\"rollup-total\"").nth(1).expect("total");
    assert!(
        total.contains(">42<") && total.contains("1/1 (100 %)"),
        "{total}"
    );
}
on_both_backends!(
    a_quarterly_cadence_makes_quarters_of_reports_and_the_roll_up,
    app
);
