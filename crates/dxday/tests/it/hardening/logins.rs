use super::*;

/// Point 2: 40 wrong passwords for one account sent at once were all evaluated. Now
/// at most 5 are, however they arrive.
async fn wrong_passwords_sent_at_once_are_evaluated_at_most_five_times(app: TestApp) {
    app.add_user("mai@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    let c = client_from("127.0.0.21");
    let (_, html) = app.get(&c, "/dang-nhap").await;
    let token = csrf_of(&html);
    let mut all = Vec::new();
    for _ in 0..40 {
        let c = c.clone();
        let url = app.url("/dang-nhap");
        let token = token.clone();
        all.push(tokio::spawn(async move {
            c.post(url)
                .form(&[
                    ("_csrf", token.as_str()),
                    ("email", "mai@phuong.vn"),
                    ("password", "sai"),
                ])
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }));
    }
    let mut evaluated = 0;
    let mut refused = 0;
    for h in all {
        match h.await.expect("task") {
            422 => evaluated += 1,
            429 => refused += 1,
            other => panic!("status {other}"),
        }
    }
    // Attempts that arrive together may all see each other and all be refused: that
    // is safe; what may never happen is a sixth evaluation.
    assert!(evaluated <= 5, "{evaluated} guesses evaluated");
    assert_eq!(evaluated + refused, 40);
    // The owner, elsewhere, is not locked out by the burst.
    let owner = client_from("127.0.0.22");
    let res = app.login_as(&owner, "mai@phuong.vn", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 303);
}
on_both_backends!(
    wrong_passwords_sent_at_once_are_evaluated_at_most_five_times,
    app
);

/// Point 3: an account attacked from many addresses slows down (a backoff from its
/// 10th failure) but its owner still gets in once the backoff has passed.
async fn an_account_attacked_from_many_addresses_backs_off_but_never_locks(app: TestApp) {
    app.add_user("lan@phuong.vn", Role::UnitFocalPoint, Some("p-may-to"))
        .await;
    for i in 0..10 {
        let c = client_from(&format!("127.0.1.{}", 10 + i));
        let res = app.login_as(&c, "lan@phuong.vn", "sai").await;
        assert_eq!(res.status().as_u16(), 422, "failure {i}");
    }
    let owner = client_from("127.0.1.99");
    let res = app.login_as(&owner, "lan@phuong.vn", PASSWORD).await;
    assert_eq!(res.status().as_u16(), 429);
    let retry: u64 = header(&res, "retry-after").parse().expect("seconds");
    assert!((1..=2).contains(&retry), "{retry}");
    tokio::time::sleep(std::time::Duration::from_millis(retry * 1000 + 200)).await;
    let res = app.login_as(&owner, "lan@phuong.vn", PASSWORD).await;
    assert_eq!(
        res.status().as_u16(),
        303,
        "the owner gets in after the backoff"
    );
}
on_both_backends!(
    an_account_attacked_from_many_addresses_backs_off_but_never_locks,
    app
);

/// Point 3: X-Forwarded-For counts only from a trusted proxy.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forwarded_addresses_are_believed_only_from_trusted_proxies() {
    // No trusted proxy (the default): the header is ignored, the peer is locked.
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    app.add_user("mai@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    let attempt = |app: &crate::helpers::TestApp, forwarded: String, password: &'static str| {
        let c = client_from("127.0.0.31");
        let url = app.url("/dang-nhap");
        let page = app.url("/dang-nhap");
        async move {
            let html = c
                .get(page)
                .send()
                .await
                .expect("get")
                .text()
                .await
                .expect("html");
            c.post(url)
                .header("x-forwarded-for", forwarded)
                .form(&[
                    ("_csrf", csrf_of(&html).as_str()),
                    ("email", "mai@phuong.vn"),
                    ("password", password),
                ])
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        }
    };
    for i in 0..5 {
        assert_eq!(attempt(&app, format!("203.0.113.{i}"), "sai").await, 422);
    }
    assert_eq!(attempt(&app, "198.51.100.1".into(), PASSWORD).await, 429);
    // Behind a trusted proxy: each forwarded client has its own count.
    let Some(app) = spawn_app_with(Backend::Sqlite, |c| {
        c.trusted_proxies = "127.0.0.0/8".into();
    })
    .await
    else {
        return;
    };
    app.add_user("mai@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    for _ in 0..5 {
        assert_eq!(attempt(&app, "203.0.113.7".into(), "sai").await, 422);
    }
    assert_eq!(attempt(&app, "203.0.113.7".into(), PASSWORD).await, 429);
    // A client that writes its own header is read from the right: still 203.0.113.7.
    assert_eq!(
        attempt(&app, "198.51.100.1, 203.0.113.7".into(), PASSWORD).await,
        429
    );
    assert_eq!(attempt(&app, "198.51.100.1".into(), PASSWORD).await, 303);
}

/// Point 13: 300 GETs of the login page wrote 300 session rows. Now a visitor gets a
/// signed cookie instead, and the login form still refuses a request without it.
async fn visitors_of_the_login_page_get_no_session_row(app: TestApp) {
    let sessions = || async {
        sqlx::query_scalar::<sqlx::Any, i64>("SELECT COUNT(*) FROM sessions")
            .fetch_one(app.db.pool())
            .await
            .expect("count")
    };
    for _ in 0..300 {
        let (status, html) = app.get(&client(), "/dang-nhap").await;
        assert_eq!(status, 200);
        assert!(!csrf_of(&html).is_empty());
    }
    assert_eq!(sessions().await, 0);
    // The form's token without its cookie, or with a cookie the server did not sign:
    // refused (403), before any password is checked.
    app.add_user("mai@phuong.vn", Role::UnitFocalPoint, Some("p-may-chai"))
        .await;
    let (_, html) = app.get(&client(), "/dang-nhap").await;
    let token = csrf_of(&html);
    let fields = [
        ("_csrf", token.as_str()),
        ("email", "mai@phuong.vn"),
        ("password", PASSWORD),
    ];
    let bare = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    assert_eq!(
        crate::helpers::status_of(bare.post(app.url("/dang-nhap")).form(&fields)).await,
        403
    );
    let forged = format!("{}.{}", "a".repeat(32), "0".repeat(64));
    assert_eq!(
        crate::helpers::status_of(
            bare.post(app.url("/dang-nhap"))
                .header("cookie", format!("dxday_csrf={forged}"))
                .form(&[
                    ("_csrf", forged.as_str()),
                    ("email", "mai@phuong.vn"),
                    ("password", PASSWORD),
                ])
        )
        .await,
        403
    );
    assert_eq!(sessions().await, 0);
    // With its cookie, the login goes through and only then is a session written.
    let c = client();
    assert_eq!(
        app.login_as(&c, "mai@phuong.vn", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(sessions().await, 1);
    assert_eq!(app.get(&c, "/quan-tri").await.0, 200);
}
on_both_backends!(visitors_of_the_login_page_get_no_session_row, app);
