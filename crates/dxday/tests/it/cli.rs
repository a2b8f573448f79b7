//! The `dxday` command line, run as a real process.

use std::io::Write;
use std::process::{Command, Stdio};

use crate::helpers::{Backend, spawn_app, test_db};

fn dxday() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_dxday"));
    c.env_remove("DXDAY_DATABASE_URL")
        .env_remove("DXDAY_LISTEN")
        .env("DXDAY_LOG", "warn");
    c
}

#[test]
fn an_unknown_database_scheme_is_one_line_and_a_failure() {
    let out = dxday()
        .args(["migrate", "--database-url", "mysql://root@localhost/dx"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("unknown database scheme") && err.contains("mysql"),
        "{err}"
    );
}

#[test]
fn a_bad_files_url_stops_serve_with_one_line() {
    let dir = tempfile::tempdir().expect("dir");
    let out = dxday()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .args(["--files-url", "s3://kit/dxday?colour=red"])
        .output()
        .expect("run");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("unknown S3 option \"colour\""), "{err}");
    assert!(
        !dir.path().join("dxday.db").exists(),
        "nothing is created before the configuration is right"
    );
}

#[test]
fn the_bank_list_is_listed_and_replaced_all_or_nothing() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| {
        dxday()
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .output()
            .expect("run")
    };
    let out = run(&["banks", "list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(list.lines().count() >= 50, "the embedded list");
    assert!(list.contains("970436\tVCB\tVietcombank"));
    // A bad file: one line naming the rows, and the list unchanged.
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "bin,code,short_name,name\n97043,X,X,X\n970436,VCB,Vietcombank,\n",
    )
    .expect("write");
    let out = run(&["banks", "import", bad.to_str().expect("utf-8")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(
        err.contains("row 2 column bin") && err.contains("row 3 column name"),
        "{err}"
    );
    assert_eq!(
        String::from_utf8_lossy(&run(&["banks", "list"]).stdout),
        list
    );
    // A newer list replaces it.
    let good = dir.path().join("napas.csv");
    std::fs::write(
        &good,
        "bin,code,short_name,name\n970436,VCB,Vietcombank,Ngân hàng TMCP Ngoại thương Việt Nam\n970499,NEW,Ngân hàng Mới,Ngân hàng TMCP Mới\n",
    )
    .expect("write");
    let out = run(&["banks", "import", good.to_str().expect("utf-8")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let now = String::from_utf8_lossy(&run(&["banks", "list"]).stdout).to_string();
    assert_eq!(now.lines().count(), 2, "{now}");
    assert!(now.contains("970499\tNEW\tNgân hàng Mới"));
}

#[test]
fn config_show_hides_the_files_url_secret() {
    let out = dxday()
        .args(["config", "show"])
        .env(
            "DXDAY_FILES_URL",
            "s3://kit/dxday?endpoint=https://s3.example.vn&secret_access_key=s3cret",
        )
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
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
    let out = dxday()
        .args(["migrate", "--data-dir"])
        .arg(dir.path().join("nested"))
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("0001_init"));
    assert!(dir.path().join("nested/dxday.db").exists());
}

#[test]
fn config_show_hides_the_database_password() {
    let out = dxday()
        .args(["config", "show"])
        .env(
            "DXDAY_DATABASE_URL",
            "postgres://dx:s3cret@db.example/dxday",
        )
        .output()
        .expect("run");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
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
        let mut child = dxday()
            .arg("user")
            .arg("add")
            .args(args)
            .arg("--database-url")
            .arg(&t.url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(stdin.as_bytes())
            .expect("write");
        child.wait_with_output().expect("wait")
    };
    // The database is created by `user add` itself; the demo unit is not there yet.
    let out = run(
        &[
            "--email",
            "dm@maychai.vn",
            "--role",
            "unit_focal_point",
            "--unit",
            "p-may-chai",
        ],
        "mật khẩu đủ dài\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no unit with code \"p-may-chai\""));
    let db = dxday_store::Db::connect(&t.url).await.expect("db");
    dxday_store::demo::load_if_empty(&db, crate::helpers::system())
        .await
        .expect("demo");
    let out = run(
        &[
            "--email",
            "dm@maychai.vn",
            "--role",
            "unit_focal_point",
            "--unit",
            "p-may-chai",
        ],
        "ngắn\n",
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("at least 10 characters"));
    let out = run(
        &[
            "--email",
            "dm@maychai.vn",
            "--role",
            "unit_focal_point",
            "--unit",
            "p-may-chai",
            "--name",
            "Vũ Thị Thu",
        ],
        "mật khẩu đủ dài\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = run(
        &["--email", "dm@maychai.vn", "--role", "admin"],
        "mật khẩu đủ dài\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
    let out = run(
        &["--email", "x@y.vn", "--role", "king"],
        "mật khẩu đủ dài\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown role"));
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
    let out = dxday()
        .arg("backup")
        .arg(&target)
        .arg("--database-url")
        .arg(&app.db_url)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let copy = dxday_store::Db::connect(&format!("sqlite://{}", target.display()))
        .await
        .expect("open copy");
    assert_eq!(
        dxday_store::units::count(&copy).await.expect("count"),
        dxday_store::units::count(&app.db).await.expect("count")
    );
    let again = dxday()
        .arg("backup")
        .arg(&target)
        .arg("--database-url")
        .arg(&app.db_url)
        .output()
        .expect("run");
    assert!(
        !again.status.success(),
        "an existing file is never overwritten"
    );
    let pg = dxday()
        .args([
            "backup",
            "/tmp/x.db",
            "--database-url",
            "postgres://127.0.0.1:1/none",
        ])
        .output()
        .expect("run");
    assert!(!pg.status.success());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn backup_of_postgresql_says_to_use_pg_dump() {
    let Some(t) = test_db(Backend::Postgres).await else {
        return;
    };
    let out = dxday()
        .args([
            "backup",
            "/tmp/dxday-never-written.db",
            "--database-url",
            &t.url,
        ])
        .output()
        .expect("run");
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_succeeds_against_a_running_server_and_fails_against_none() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let out = dxday()
        .args(["check", "--url", &app.base])
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("ok:"));
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let out = dxday()
        .args(["check", "--url", &closed])
        .output()
        .expect("run");
    assert!(!out.status.success());
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
    let out = dxday()
        .args(["check", "--url", &format!("http://{addr}")])
        .output()
        .expect("check");
    assert!(out.status.success());
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
    let out = dxday()
        .arg("migrate")
        .arg("--data-dir")
        .arg(dir.path())
        .output()
        .expect("migrate");
    assert!(out.status.success());
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
    let out = dxday()
        .args(["serve", "--listen", "127.0.0.1:0", "--data-dir"])
        .arg(dir.path())
        .output()
        .expect("serve");
    assert!(!out.status.success(), "serve must refuse to start");
    let err = String::from_utf8_lossy(&out.stderr);
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
