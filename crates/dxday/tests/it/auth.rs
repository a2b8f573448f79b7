//! Login, sessions in the database, throttling, CSRF, password change.

use dxday_domain::Role;

use crate::helpers::{
    Backend, PASSWORD, TestApp, client, client_from, csrf_of, header, spawn_app, spawn_on,
};
use crate::on_both_backends;

async fn the_right_password_opens_the_admin_page_and_a_wrong_one_does_not(app: TestApp) {
    app.add_user("lan@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let c = client();
    let (status, _) = app.get(&c, "/quan-tri").await;
    assert_eq!(status, 303, "anonymous visitors are sent to the login page");
    let res = app.login_as(&c, "lan@vhtt.gov.vn", "sai mật khẩu").await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("Email hoặc mật khẩu không đúng.")
            && html.contains("value=\"lan@vhtt.gov.vn\""),
        "message and kept input"
    );
    let res = app.login_as(&c, " LAN@vhtt.gov.vn ", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(res.headers()["location"], "/quan-tri");
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap_or("").to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        cookie.contains("dxday_session=")
            && cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let (status, html) = app.get(&c, "/quan-tri").await;
    assert_eq!(status, 200);
    assert!(html.contains("Chuyên viên phòng") && html.contains("Phòng Văn hóa và Thông tin"));
    // The session lives in the database.
    let n: i64 = sqlx::query_scalar::<sqlx::Any, i64>("SELECT COUNT(*) FROM sessions")
        .fetch_one(app.db.pool())
        .await
        .expect("count");
    assert!(n >= 1);
    // Logging out ends it.
    let (_, html) = app.get(&c, "/quan-tri").await;
    assert_eq!(
        crate::helpers::status_of(
            c.post(app.url("/dang-xuat"))
                .form(&[("_csrf", csrf_of(&html))])
        )
        .await,
        303
    );
    let (status, _) = app.get(&c, "/quan-tri").await;
    assert_eq!(status, 303);
}
on_both_backends!(
    the_right_password_opens_the_admin_page_and_a_wrong_one_does_not,
    app
);

async fn a_session_made_on_one_node_works_on_another(b: Backend) {
    let Some(node_a) = spawn_app(b).await else {
        return;
    };
    let node_b = spawn_on(
        node_a.db_url.clone(),
        tempfile::tempdir().expect("dir"),
        false,
    )
    .await;
    node_a
        .add_user("hai@vhtt.gov.vn", Role::OfficeLeader, Some("vhtt"))
        .await;
    let c = client();
    assert_eq!(
        node_a
            .login_as(&c, "hai@vhtt.gov.vn", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    // The cookie jar is per host:port, so copy the cookie to node B by hand.
    let (_, html) = node_a.get(&c, "/quan-tri").await;
    assert!(html.contains("Lãnh đạo phòng"));
    let sid: String = sqlx::query_scalar::<sqlx::Any, String>(
        "SELECT id FROM sessions ORDER BY expires_at DESC LIMIT 1",
    )
    .fetch_one(node_a.db.pool())
    .await
    .expect("session row");
    let other = crate::helpers::client();
    assert_eq!(
        crate::helpers::status_of(
            other
                .get(node_b.url("/quan-tri"))
                .header("cookie", format!("dxday_session={sid}"))
        )
        .await,
        200,
        "node B knows node A's session"
    );
}
on_both_backends!(a_session_made_on_one_node_works_on_another);

async fn five_failures_lock_one_account_from_one_address_only(app: TestApp) {
    app.add_user("mai@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    let c = client_from("127.0.0.1");
    for _ in 0..5 {
        assert_eq!(
            app.login_as(&c, "mai@phuong.vn", "sai")
                .await
                .status()
                .as_u16(),
            422
        );
    }
    // From that address, even the right password is refused for 15 minutes.
    let res = app.login_as(&c, "mai@phuong.vn", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    let retry: i64 = header(&res, "retry-after").parse().expect("seconds");
    assert!(retry > 800 && retry <= 900, "{retry}");
    crate::helpers::says(res, "Đăng nhập sai quá nhiều lần").await;
    // The owner, from another address, still gets in: an attacker cannot lock them out.
    let owner = client_from("127.0.0.2");
    assert_eq!(
        app.login_as(&owner, "mai@phuong.vn", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    // The same address may still log in to another account (a ward office behind one NAT).
    app.add_user("hoa@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    let colleague = client_from("127.0.0.1");
    assert_eq!(
        app.login_as(&colleague, "hoa@phuong.vn", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
}
on_both_backends!(five_failures_lock_one_account_from_one_address_only, app);

async fn thirty_failures_from_one_address_lock_that_address(app: TestApp) {
    app.add_user("tuan@phuong.vn", Role::UnitFocalPoint, Some("p-van-my"))
        .await;
    let c = client_from("127.0.0.4");
    for i in 0..30 {
        let email = format!("khong-co-{}@phuong.vn", i / 5);
        assert_eq!(app.login_as(&c, &email, "sai").await.status().as_u16(), 422);
    }
    assert_eq!(
        app.login_as(&c, "tuan@phuong.vn", PASSWORD)
            .await
            .status()
            .as_u16(),
        429
    );
    let elsewhere = client_from("127.0.0.5");
    assert_eq!(
        app.login_as(&elsewhere, "tuan@phuong.vn", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
}
on_both_backends!(thirty_failures_from_one_address_lock_that_address, app);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_without_the_right_csrf_token_is_refused_and_changes_nothing() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let c = app
        .logged_in("an@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let before = dxday_store::units::count(&app.db).await.expect("count");
    let fields = [
        ("_csrf", "wrong"),
        ("code", "moi"),
        ("name", "Đơn vị mới"),
        ("kind", "school"),
        ("valid_from", "01/09/2024"),
    ];
    crate::helpers::answers(
        c.post(app.url("/quan-tri/don-vi/moi")).form(&fields),
        403,
        "Phiên làm việc đã hết hạn",
    )
    .await;
    // A cross-site request is refused before it reaches the handler.
    let (_, html) = app.get(&c, "/quan-tri/don-vi/moi").await;
    let token = csrf_of(&html);
    let fields = [
        ("_csrf", token.as_str()),
        ("code", "moi"),
        ("name", "Đơn vị mới"),
        ("kind", "school"),
        ("valid_from", "01/09/2024"),
    ];
    assert_eq!(
        crate::helpers::status_of(
            c.post(app.url("/quan-tri/don-vi/moi"))
                .header("origin", "https://evil.example")
                .header("sec-fetch-site", "cross-site")
                .form(&fields)
        )
        .await,
        403
    );
    assert_eq!(
        dxday_store::units::count(&app.db).await.expect("count"),
        before
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_and_malformed_bodies_get_clear_errors() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let c = app
        .logged_in("an@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let big = "x".repeat(400 * 1024);
    crate::helpers::answers(
        c.post(app.url("/quan-tri/don-vi/moi"))
            .form(&[("name", big.as_str())]),
        413,
        "Dữ liệu gửi lên quá lớn",
    )
    .await;
    crate::helpers::answers(
        c.post(app.url("/quan-tri/don-vi/moi"))
            .header("content-type", "application/json")
            .body("{}"),
        400,
        "Dữ liệu gửi lên không đọc được.",
    )
    .await;
    let res = c
        .post(app.url("/quan-tri/don-vi/moi"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(vec![0xff, 0xfe, b'=', 0xc3])
        .send()
        .await
        .expect("post");
    assert!(res.status().is_client_error());
}

async fn a_new_password_logs_out_the_other_sessions(app: TestApp) {
    let phone = app
        .logged_in("binh@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
        .await;
    let laptop = client();
    assert_eq!(
        app.login_as(&laptop, "binh@vhtt.gov.vn", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    let res = app
        .submit(
            &laptop,
            "/quan-tri/mat-khau",
            &[("current", "sai"), ("new", "ngắn"), ("confirm", "khác")],
        )
        .await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("Mật khẩu hiện tại không đúng.")
            && html.contains("ít nhất 10 ký tự")
            && html.contains("không khớp")
    );
    let new = "Mật khẩu mới rất dài";
    let res = app
        .submit(
            &laptop,
            "/quan-tri/mat-khau",
            &[("current", PASSWORD), ("new", new), ("confirm", new)],
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (status, html) = app.get(&laptop, "/quan-tri").await;
    assert_eq!(
        status, 200,
        "the session that changed the password stays in"
    );
    assert!(html.contains("Đã đổi mật khẩu"));
    let (status, _) = app.get(&phone, "/quan-tri").await;
    assert_eq!(status, 303, "the other session is logged out");
    let fresh = client();
    assert_eq!(
        app.login_as(&fresh, "binh@vhtt.gov.vn", PASSWORD)
            .await
            .status()
            .as_u16(),
        422
    );
    assert_eq!(
        app.login_as(&fresh, "binh@vhtt.gov.vn", new)
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(app.audit_count("user.password").await, 1);
}
on_both_backends!(a_new_password_logs_out_the_other_sessions, app);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_never_redirects_off_site() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.add_user("c@vhtt.gov.vn", Role::Admin, None).await;
    let c = client();
    let res = app
        .submit(
            &c,
            "/dang-nhap",
            &[
                ("email", "c@vhtt.gov.vn"),
                ("password", PASSWORD),
                ("next", "//evil.example/"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/quan-tri");
}
