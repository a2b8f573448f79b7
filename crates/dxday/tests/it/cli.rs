//! The `dxday` command line, run as a real process.

use std::process::Stdio;

use crate::helpers::{Backend, dxday, fails, fails_with, spawn_app, succeeds, test_db};

#[test]
fn an_unknown_database_scheme_is_one_line_and_a_failure() {
    fails_with(
        dxday().args(["migrate", "--database-url", "mysql://root@localhost/dx"]),
        "unknown database scheme in DXDAY_DATABASE_URL: \"mysql\"",
    );
}

#[test]
fn a_bad_files_url_stops_serve_with_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    fails_with(
        dxday()
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path())
            .args(["--files-url", "s3://kit/dxday?colour=red"]),
        "unknown S3 option \"colour\"",
    );
    assert!(
        !dir.path().join("dxday.db").exists(),
        "nothing is created before the configuration is right"
    );
}

#[test]
fn the_bank_list_is_listed_and_replaced_all_or_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let banks = |args: &[&str]| {
        let mut c = dxday();
        c.arg("banks").args(args).arg("--data-dir").arg(dir.path());
        c
    };
    let list = succeeds(&mut banks(&["list"]));
    assert!(list.lines().count() >= 50, "the embedded list");
    assert!(list.contains("970436\tVCB\tVietcombank"));
    // A bad file: one line naming the rows, and the list unchanged.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "bin,code,short_name,name\n97043,X,X,X\n970436,VCB,Vietcombank,\n",
    )
    .expect("write");
    let err = fails_with(
        &mut banks(&["import", bad.to_str().expect("utf-8")]),
        "row 2 column bin",
    );
    assert!(err.contains("row 3 column name"), "{err}");
    assert_eq!(succeeds(&mut banks(&["list"])), list);
    // A newer list replaces it.
    let good = dir.path().join("napas.csv");
    std::fs::write(
        &good,
        "bin,code,short_name,name\n970436,VCB,Vietcombank,Ngân hàng TMCP Ngoại thương Việt Nam\n970499,NEW,Ngân hàng Mới,Ngân hàng TMCP Mới\n",
    )
    .expect("write");
    succeeds(&mut banks(&["import", good.to_str().expect("utf-8")]));
    let now = succeeds(&mut banks(&["list"]));
    assert_eq!(now.lines().count(), 2, "{now}");
    assert!(now.contains("970499\tNEW\tNgân hàng Mới"));
}

#[test]
fn config_show_hides_the_files_url_secret() {
    let out = succeeds(dxday().args(["config", "show"]).env(
        "DXDAY_FILES_URL",
        "s3://kit/dxday?endpoint=https://s3.example.vn&secret_access_key=s3cret",
    ));
    let text = out;
    assert!(
        text.contains(
            "DXDAY_FILES_URL=s3://kit/dxday?endpoint=https://s3.example.vn&secret_access_key=****"
        ),
        "{text}"
    );
    assert!(!text.contains("s3cret"));
}

#[test]
fn migrate_creates_the_sqlite_file_with_no_setup() {
    let dir = tempfile::tempdir().expect("dir");
    let out = succeeds(
        dxday()
            .args(["migrate", "--data-dir"])
            .arg(dir.path().join("nested")),
    );
    assert!(out.contains("0001_init"));
    assert!(dir.path().join("nested/dxday.db").exists());
}

#[test]
fn config_show_hides_the_database_password() {
    let out = succeeds(dxday().args(["config", "show"]).env(
        "DXDAY_DATABASE_URL",
        "postgres://dx:s3cret@db.example/dxday",
    ));
    let text = out;
    assert!(
        text.contains("DXDAY_DATABASE_URL=postgres://dx:****@db.example/dxday"),
        "{text}"
    );
    assert!(!text.contains("s3cret"));
    assert!(text.contains("DXDAY_LISTEN=127.0.0.1:8080"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_add_reads_the_password_from_stdin_and_the_account_can_log_in() {
    let Some(t) = test_db(Backend::Sqlite).await else {
        return;
    };
    let run = |args: &[&str], stdin: &str| {
        crate::helpers::with_stdin(
            dxday()
                .arg("user")
                .arg("add")
                .args(args)
                .arg("--database-url")
                .arg(&t.url),
            stdin,
        )
    };
    let focal_point = |extra: &[&str], stdin: &str| {
        let mut args = vec![
            "--email",
            "dm@maychai.vn",
            "--role",
            "unit_focal_point",
            "--unit",
            "p-may-chai",
        ];
        args.extend_from_slice(extra);
        run(&args, stdin)
    };
    let said = |out: std::process::Output| String::from_utf8_lossy(&out.stderr).into_owned();
    // The database is created by `user add` itself; the demo unit is not there yet.
    let out = focal_point(&[], "mật khẩu đủ dài\n");
    assert!(!out.status.success());
    assert!(said(out).contains("no unit with code \"p-may-chai\""));
    let db = dxday_store::Db::connect(&t.url).await.expect("db");
    dxday_store::demo::load_if_empty(&db, crate::helpers::system())
        .await
        .expect("demo");
    let out = focal_point(&[], "ngắn\n");
    assert!(!out.status.success());
    assert!(said(out).contains("at least 10 characters"));
    let out = focal_point(&["--name", "Vũ Thị Thu"], "mật khẩu đủ dài\n");
    assert!(out.status.success(), "{}", said(out));
    let out = run(
        &["--email", "dm@maychai.vn", "--role", "admin"],
        "mật khẩu đủ dài\n",
    );
    assert!(said(out).contains("exists already"));
    let out = run(
        &["--email", "x@y.vn", "--role", "king"],
        "mật khẩu đủ dài\n",
    );
    assert!(said(out).contains("unknown role"));
    let app = crate::helpers::spawn_on(t.url.clone(), t.dir, false).await;
    let c = crate::helpers::client();
    assert_eq!(
        app.login_as(&c, "dm@maychai.vn", "mật khẩu đủ dài")
            .await
            .status()
            .as_u16(),
        303
    );
    let (_, html) = app.get(&c, "/quan-tri").await;
    assert!(html.contains("Vũ Thị Thu") && html.contains("Máy Chai"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_writes_a_copy_that_opens_with_the_same_data() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let target = app.data_dir.join("sao-luu.db");
    succeeds(
        dxday()
            .arg("backup")
            .arg(&target)
            .arg("--database-url")
            .arg(&app.db_url),
    );
    let copy = dxday_store::Db::connect(&format!("sqlite://{}", target.display()))
        .await
        .expect("open copy");
    assert_eq!(
        dxday_store::units::count(&copy).await.expect("count"),
        dxday_store::units::count(&app.db).await.expect("count")
    );
    // An existing file is never overwritten.
    fails(
        dxday()
            .arg("backup")
            .arg(&target)
            .arg("--database-url")
            .arg(&app.db_url),
    );
    fails(dxday().args([
        "backup",
        "/tmp/x.db",
        "--database-url",
        "postgres://127.0.0.1:1/none",
    ]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_of_postgresql_without_pg_dump_says_what_to_install() {
    let Some(t) = test_db(Backend::Postgres).await else {
        return;
    };
    let empty = tempfile::tempdir().expect("dir");
    fails_with(
        dxday().env("PATH", empty.path()).args([
            "backup",
            "/tmp/dxday-never-written.db",
            "--database-url",
            &t.url,
        ]),
        "cannot run pg_dump",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_succeeds_against_a_running_server_and_fails_against_none() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let out = succeeds(dxday().args(["check", "--url", &app.base]));
    assert!(out.starts_with("ok:"));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    fails(dxday().args(["check", "--url", &closed]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_on_a_fresh_data_dir_loads_the_demo_and_prints_the_first_admin_login() {
    let dir = tempfile::tempdir().expect("dir");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let mut child = dxday()
        .args(["serve", "--listen", &addr.to_string(), "--data-dir"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    let lines = tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        std::io::BufReader::new(stdout)
            .lines()
            .take(4)
            .map(|l| l.unwrap_or_default())
            .collect::<Vec<_>>()
    })
    .await
    .expect("read");
    let text = lines.join("\n");
    assert!(text.contains(&format!("http://{addr}/dang-nhap")), "{text}");
    let email = "admin@dxday.local";
    assert!(text.contains(email));
    let password = lines
        .iter()
        .find_map(|l| l.trim().strip_prefix("password: "))
        .and_then(|l| l.split_whitespace().next())
        .expect("password line")
        .to_string();
    assert_eq!(password.len(), 16);
    succeeds(dxday().args(["check", "--url", &format!("http://{addr}")]));
    let c = crate::helpers::client();
    let base = format!("http://{addr}");
    let (_, html) = {
        let r = c
            .get(format!("{base}/dang-nhap"))
            .send()
            .await
            .expect("get");
        (r.status(), r.text().await.expect("body"))
    };
    let token = crate::helpers::csrf_of(&html);
    assert_eq!(
        crate::helpers::status_of(c.post(format!("{base}/dang-nhap")).form(&[
            ("_csrf", token.as_str()),
            ("email", email),
            ("password", password.as_str()),
        ]))
        .await,
        303
    );
    let html = c
        .get(format!("{base}/"))
        .send()
        .await
        .expect("home")
        .text()
        .await
        .expect("body");
    assert!(html.contains("Phổ cập hạ tầng số"));
    assert!(dir.path().join("dxday.db").exists());
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn serve_refuses_a_database_migrated_by_a_newer_dxday() {
    let dir = tempfile::tempdir().expect("dir");
    succeeds(dxday().arg("migrate").arg("--data-dir").arg(dir.path()));
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let known = rt.block_on(async {
        let db = dxday_store::Db::connect(&format!("sqlite://{}/dxday.db", dir.path().display())).await.expect("open");
        sqlx::query::<sqlx::Any>("INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (42, 'later', TRUE, $1, 0)")
            .bind(vec![0u8; 48])
            .execute(db.pool())
            .await
            .expect("insert");
        db.close().await;
        db.migration_names().len()
    });
    let err = fails(
        dxday()
            .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
            .arg(dir.path()),
    );
    assert!(
        err.contains(&format!(
            "schema version 42, newer than this dxday knows ({known})"
        )),
        "{err}"
    );
    assert_eq!(err.trim().lines().count(), 1, "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_with_no_demo_leaves_an_empty_database_empty() {
    let dir = tempfile::tempdir().expect("dir");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let mut child = dxday()
        .args([
            "serve",
            "--no-demo",
            "--listen",
            &addr.to_string(),
            "--data-dir",
        ])
        .arg(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let c = crate::helpers::client();
    let mut html = String::new();
    for _ in 0..100 {
        if let Ok(r) = c.get(format!("http://{addr}/")).send().await {
            html = r.text().await.expect("body");
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        html.contains("Chưa có chiến dịch nào được công bố."),
        "{html}"
    );
}
