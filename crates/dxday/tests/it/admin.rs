//! Managing units, accounts and campaigns; roles and unit scope.

use dxday_domain::Role;

use crate::helpers::{TestApp, client, header};
use crate::on_both_backends;

async fn office_staff_create_a_unit_and_the_audit_log_keeps_before_and_after(app: TestApp) {
    let c = app.office().await;
    let parent = app.unit_id("gd-dt").await.to_string();
    let res = app
        .submit(
            &c,
            "/quan-tri/don-vi/moi",
            &[
                ("code", "thcs-chu-van-an"),
                ("name", "Trường THCS Chu Văn An"),
                ("kind", "school"),
                ("parent_id", parent.as_str()),
                ("staff_count", "1.250"),
                ("valid_from", "05/09/2024"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let location = header(&res, "location").to_string();
    let (status, html) = app.get(&c, &location).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Đã lưu.")
            && html.contains("value=\"Trường THCS Chu Văn An\"")
            && html.contains("value=\"1.250\""),
        "the count is written as the list writes it (1.250), not 1250"
    );
    let id: i64 = location
        .rsplit('/')
        .next()
        .expect("id")
        .parse()
        .expect("number");
    // Edit it: the audit log keeps the record before and after.
    let res = app
        .submit(
            &c,
            &location,
            &[
                ("code", "thcs-chu-van-an"),
                ("name", "Trường Trung học cơ sở Chu Văn An"),
                ("kind", "school"),
                ("parent_id", parent.as_str()),
                ("staff_count", "48"),
                ("valid_from", "2024-09-05"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let entries = dxday_store::audit::for_entity(&app.db, "unit", id)
        .await
        .expect("audit");
    let actions: Vec<_> = entries.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["unit.create", "unit.update"]);
    let update = &entries[1];
    assert!(
        update
            .before_json
            .as_deref()
            .unwrap_or("")
            .contains("Trường THCS Chu Văn An")
    );
    assert!(
        update
            .after_json
            .as_deref()
            .unwrap_or("")
            .contains("Trường Trung học cơ sở Chu Văn An")
    );
    assert!(update.actor_email.as_deref() == Some("lan@vhtt.gov.vn") && !update.at.is_empty());
    // Archive it.
    let res = app
        .post_form(
            &c,
            &location,
            &format!("{location}/luu-tru"),
            &[("archived", "1")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&c, &location).await;
    assert!(html.contains("Đã lưu trữ") && html.contains("Khôi phục"));
}
on_both_backends!(
    office_staff_create_a_unit_and_the_audit_log_keeps_before_and_after,
    app
);

async fn an_invalid_unit_form_comes_back_with_errors_and_the_input_kept(app: TestApp) {
    let c = app.office().await;
    let before = dxday_store::units::count(&app.db).await.expect("count");
    let res = app
        .submit(
            &c,
            "/quan-tri/don-vi/moi",
            &[
                ("code", "p-moi"),
                ("name", "Phường Mới <b>"),
                ("kind", "ward"),
                ("gso_code", "123"),
                ("valid_from", "31/02/2024"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(html.contains("Mã đơn vị hành chính của phường gồm 5 chữ số."));
    assert!(html.contains("Ngày không hợp lệ"));
    assert!(
        html.contains("value=\"Phường Mới &#60;b&#62;\""),
        "input kept, escaped"
    );
    assert!(html.contains("aria-invalid=\"true\""));
    // A code that is taken is a field error too, not a crash.
    let res = app
        .submit(
            &c,
            "/quan-tri/don-vi/moi",
            &[
                ("code", "vhtt"),
                ("name", "Trùng mã"),
                ("kind", "department"),
                ("valid_from", "01/01/2024"),
            ],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(res, "Giá trị này đã được dùng.").await;
    assert_eq!(
        dxday_store::units::count(&app.db).await.expect("count"),
        before
    );
}
on_both_backends!(
    an_invalid_unit_form_comes_back_with_errors_and_the_input_kept,
    app
);

async fn a_ward_focal_point_sees_only_its_own_unit(app: TestApp) {
    let c = app
        .logged_in("dm@maychai.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    let own = app.unit_id("p-may-chai").await;
    let other = app.unit_id("p-may-to").await;
    let (status, html) = app.get(&c, "/quan-tri/don-vi").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Ủy ban nhân dân phường Máy Chai")
            && !html.contains("Ủy ban nhân dân phường Máy Tơ")
    );
    assert!(html.contains("Tổng cộng 1 dòng"));
    let (status, html) = app.get(&c, &format!("/quan-tri/don-vi/{own}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("11263") && !html.contains("<form method=\"post\" class=\"form\""),
        "read-only view of its own unit"
    );
    let (status, html) = app.get(&c, &format!("/quan-tri/don-vi/{other}")).await;
    assert_eq!(status, 404, "another unit's record answers 404");
    assert!(html.contains("Không tìm thấy trang"));
    let res = app
        .post_form(
            &c,
            "/quan-tri",
            &format!("/quan-tri/don-vi/{other}"),
            &[("code", "x"), ("name", "x"), ("kind", "ward")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 404);
    let res = app
        .post_form(
            &c,
            "/quan-tri",
            &format!("/quan-tri/don-vi/{own}"),
            &[
                ("code", "p-may-chai"),
                ("name", "Đổi tên"),
                ("kind", "ward"),
                ("gso_code", "11263"),
                ("valid_from", "01/02/2020"),
            ],
        )
        .await;
    assert_eq!(
        res.status().as_u16(),
        403,
        "a focal point may not edit units"
    );
    for path in [
        "/quan-tri/nguoi-dung",
        "/quan-tri/chien-dich",
        "/quan-tri/don-vi/moi",
        "/quan-tri/nhat-ky",
    ] {
        let (status, _) = app.get(&c, path).await;
        assert_eq!(status, 403, "{path}");
    }
    let (_, html) = app.get(&c, &format!("/quan-tri/don-vi/{own}")).await;
    assert!(
        html.contains("Ủy ban nhân dân phường Máy Chai"),
        "nothing changed"
    );
}
on_both_backends!(a_ward_focal_point_sees_only_its_own_unit, app);

async fn an_admin_creates_accounts_that_can_log_in(app: TestApp) {
    let c = app.logged_in("root@vhtt.gov.vn", Role::Admin, None).await;
    let ward = app.unit_id("p-lac-vien").await.to_string();
    let fields = [
        ("email", "daumoi@lacvien.vn"),
        ("full_name", "Phạm Thị Hương"),
        ("role", "unit_focal_point"),
        ("unit_id", ward.as_str()),
        ("password", "đủ mười ký tự rồi"),
    ];
    let res = app.submit(&c, "/quan-tri/nguoi-dung/moi", &fields).await;
    assert_eq!(res.status().as_u16(), 303);
    let res = app.submit(&c, "/quan-tri/nguoi-dung/moi", &fields).await;
    assert_eq!(res.status().as_u16(), 422, "the e-mail is taken");
    let no_unit = [
        ("email", "x@lacvien.vn"),
        ("full_name", "X"),
        ("role", "unit_focal_point"),
        ("unit_id", ""),
        ("password", "đủ mười ký tự rồi"),
    ];
    let res = app.submit(&c, "/quan-tri/nguoi-dung/moi", &no_unit).await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(res, "Vai trò này phải gắn với một đơn vị.").await;
    let (_, html) = app.get(&c, "/quan-tri/nguoi-dung").await;
    assert!(html.contains("daumoi@lacvien.vn") && html.contains("Đầu mối đơn vị"));
    let hers = client();
    assert_eq!(
        app.login_as(&hers, "daumoi@lacvien.vn", "đủ mười ký tự rồi")
            .await
            .status()
            .as_u16(),
        303
    );
    // Archiving the account logs it out and keeps it out.
    let id = dxday_store::users::find_login(
        &app.db,
        &dxday_domain::user::Email::parse("daumoi@lacvien.vn").expect("email"),
    )
    .await
    .expect("q")
    .expect("user")
    .id;
    let page = format!("/quan-tri/nguoi-dung/{id}");
    let res = app
        .post_form(&c, &page, &format!("{page}/luu-tru"), &[("archived", "1")])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(app.get(&hers, "/quan-tri").await.0, 303);
    assert_eq!(
        app.login_as(&client(), "daumoi@lacvien.vn", "đủ mười ký tự rồi")
            .await
            .status()
            .as_u16(),
        422
    );
    // Office staff may not manage accounts.
    let staff = app
        .logged_in("nv@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    assert_eq!(app.get(&staff, "/quan-tri/nguoi-dung").await.0, 403);
    assert_eq!(
        app.audit_count("user.create").await,
        3,
        "root, the new focal point, the staff member"
    );
}
on_both_backends!(an_admin_creates_accounts_that_can_log_in, app);

async fn an_edited_campaign_shows_on_the_public_site_at_once(app: TestApp) {
    let c = app
        .logged_in("lead@vhtt.gov.vn", Role::OfficeLeader, Some("vhtt"))
        .await;
    let (_, home) = app.get(&client(), "/").await;
    assert!(home.contains("Ngày Chuyển đổi số quốc gia năm 2024"));
    let (status, list) = app.get(&c, "/quan-tri/chien-dich").await;
    assert_eq!(status, 200);
    let id = list
        .split("/quan-tri/chien-dich/")
        .nth(2)
        .and_then(|s| s.split('"').next())
        .expect("campaign link")
        .to_string();
    let page = format!("/quan-tri/chien-dich/{id}");
    let (_, form) = app.get(&c, &page).await;
    assert!(form.contains("value=\"2024-10-10\""));
    let fields = [
        ("year", "2024"),
        ("title", "Ngày Chuyển đổi số 2024 — quận Ngô Quyền"),
        ("theme", "Phổ cập hạ tầng số"),
        ("purpose", "Mục đích"),
        ("meaning", "Ý nghĩa"),
        ("legal_basis", "Quyết định số 505/QĐ-TTg ngày 22/4/2022"),
        ("starts_on", "01/10/2024"),
        ("ends_on", "31/10/2024"),
        ("display_from", "01/10/2024"),
        ("display_to", "10/10/2024"),
        ("day_on", "10/10/2024"),
    ];
    let res = app.submit(&c, &page, &fields).await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, home) = app.get(&client(), "/").await;
    assert!(
        home.contains("Ngày Chuyển đổi số 2024 — quận Ngô Quyền"),
        "the cached page was replaced"
    );
    let mut bad = fields.to_vec();
    bad[9] = ("display_to", "30/09/2024");
    let res = app.submit(&c, &page, &bad).await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(res, "Ngày kết thúc phải sau ngày bắt đầu.").await;
    // A new campaign for 2025, upcoming-or-ended by the clock, is listed.
    let mut next = fields.to_vec();
    next[0] = ("year", "2025");
    next[1] = ("title", "Ngày Chuyển đổi số quốc gia năm 2025");
    for (i, d) in [
        (6, "01/10/2025"),
        (7, "31/10/2025"),
        (8, "01/10/2025"),
        (9, "10/10/2025"),
        (10, "10/10/2025"),
    ] {
        next[i].1 = d;
    }
    let res = app.submit(&c, "/quan-tri/chien-dich/moi", &next).await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, home) = app.get(&client(), "/").await;
    assert!(
        home.contains("Ngày Chuyển đổi số quốc gia năm 2025"),
        "the latest ended campaign is current"
    );
}
on_both_backends!(an_edited_campaign_shows_on_the_public_site_at_once, app);
