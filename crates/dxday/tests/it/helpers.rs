//! Test harness: `spawn_app` on 127.0.0.1:0 over a fresh database, and a client that
//! keeps cookies and does not follow redirects.

use std::net::IpAddr;

use dxday::app::App;
use dxday::config::Config;
use dxday_domain::Role;
use dxday_domain::user::{Email, UserData};
use dxday_store::{Db, password, units, users};
use reqwest::redirect::Policy;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Runs the async test `$name(backend)` on both backends, as `$name::sqlite` and
/// `$name::postgres`; with `app`, `$name(app)` gets dxday already serving the demo data
/// on that backend.
#[macro_export]
macro_rules! on_both_backends {
    ($name:ident, app) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let backend = $crate::helpers::Backend::Sqlite;
                if let Some(app) = $crate::helpers::spawn_app(backend).await {
                    super::$name(app).await
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let backend = $crate::helpers::Backend::Postgres;
                if let Some(app) = $crate::helpers::spawn_app(backend).await {
                    super::$name(app).await
                }
            }
        }
    };
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name($crate::helpers::Backend::Sqlite).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name($crate::helpers::Backend::Postgres).await
            }
        }
    };
}

/// Checks that an answer's body says `text`.
pub async fn says(res: reqwest::Response, text: &str) {
    let body = res.text().await.expect("body");
    assert!(body.contains(text), "{text:?} not in {body}");
}

/// Sends `request` and gives its status.
pub async fn status_of(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.expect("request").status().as_u16()
}

/// Sends `request` and checks its answer: the status, and a body that says `text`.
pub async fn answers(request: reqwest::RequestBuilder, status: u16, text: &str) {
    let res = request.send().await.expect("request");
    assert_eq!(res.status().as_u16(), status);
    let body = res.text().await.expect("body");
    assert!(body.contains(text), "{text:?} not in {body}");
}

/// An answer's header `name`, as text.
pub fn header<'a>(res: &'a reqwest::Response, name: &str) -> &'a str {
    res.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("no header {name}"))
}

/// The text that follows the first `marker` in `html`, up to the next `"`: an id or
/// address the page shows.
pub fn value_after(html: &str, marker: &str) -> String {
    html.split(marker)
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("{marker:?} not in the page"))
        .to_string()
}

/// Like [`value_after`], for the `marker` whose following text says `text`: the id of
/// the row that names it.
pub fn value_before(html: &str, marker: &str, text: &str) -> String {
    html.split(marker)
        .skip(1)
        .find(|s| s.contains(text))
        .and_then(|s| s.split('"').next())
        .unwrap_or_else(|| panic!("no {marker:?} before {text:?}"))
        .to_string()
}

/// Sends `request`, checks that it answers 200 OK, and gives the answer.
pub async fn ok(request: reqwest::RequestBuilder) -> reqwest::Response {
    let res = request.send().await.expect("request");
    assert_eq!(res.status().as_u16(), 200, "{}", res.url());
    res
}

/// Sends `request`, checks that it answers 200 OK, and gives its body.
pub async fn ok_bytes(request: reqwest::RequestBuilder) -> Vec<u8> {
    ok(request).await.bytes().await.expect("body").to_vec()
}

/// The `dxday` binary, with no database or address from the environment.
pub fn dxday() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_dxday"));
    c.env_remove("DXDAY_DATABASE_URL")
        .env_remove("DXDAY_LISTEN")
        .env("DXDAY_LOG", "warn");
    c
}

/// Runs `command`, checks that it succeeds, and gives what it printed.
pub fn succeeds(command: &mut std::process::Command) -> String {
    let out = command.output().expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Runs `command`, checks that it fails, and gives what it said on stderr.
pub fn fails(command: &mut std::process::Command) -> String {
    let out = command.output().expect("run");
    assert!(!out.status.success(), "the command succeeded");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `command`, checks that it fails with one line that says `message`, and gives
/// the line.
pub fn fails_with(command: &mut std::process::Command, message: &str) -> String {
    let err = fails(command);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains(message), "{message:?} not in {err}");
    err
}

/// A fresh database of `backend`: a SQLite file in a temporary folder, or a new
/// PostgreSQL schema. `None` when PostgreSQL is not configured outside CI; in CI a
/// missing or unreachable PostgreSQL fails the test.
pub struct TestDb {
    pub url: String,
    pub dir: tempfile::TempDir,
}

/// A loopback port free at the moment of asking.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port()
}

/// Whether the tests run as root (switching to another account needs it).
pub fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

/// Every file below `dir`, folders walked through.
pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

/// Runs `command` with `input` on its standard input; what it printed and its status.
pub fn with_stdin(command: &mut std::process::Command, input: &str) -> std::process::Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write");
    child.wait_with_output().expect("wait")
}

/// True under CI (`CI` set and not `false`): there, nothing a test needs may be missing.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false")
}

pub async fn test_db(backend: Backend) -> Option<TestDb> {
    let dir = tempfile::tempdir().expect("temp dir");
    match backend {
        Backend::Sqlite => {
            let url = format!("sqlite://{}/dxday.db", dir.path().display());
            Some(TestDb { url, dir })
        }
        Backend::Postgres => {
            let base = match std::env::var("DXDAY_TEST_POSTGRES_URL") {
                Ok(u) if !u.is_empty() => u,
                _ if in_ci() => {
                    panic!(
                        "CI must set DXDAY_TEST_POSTGRES_URL: PostgreSQL tests may not be skipped in CI"
                    )
                }
                _ => {
                    eprintln!(
                        "PostgreSQL test skipped: set DXDAY_TEST_POSTGRES_URL=postgres://... to run it"
                    );
                    return None;
                }
            };
            let schema = format!("t_{}", uuid_like());
            sqlx::any::install_default_drivers();
            let mut conn = <sqlx::AnyConnection as sqlx::Connection>::connect(&base)
                .await
                .expect("PostgreSQL reachable at DXDAY_TEST_POSTGRES_URL");
            sqlx::query(sqlx::AssertSqlSafe(format!("CREATE SCHEMA {schema}")))
                .execute(&mut conn)
                .await
                .expect("create schema");
            let sep = if base.contains('?') { '&' } else { '?' };
            let url = format!("{base}{sep}options=-c%20search_path%3D{schema}");
            Some(TestDb { url, dir })
        }
    }
}

fn uuid_like() -> String {
    use std::time::{SystemTime, UNIX_EPOCH};
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    format!("{:x}_{}_{n}", nanos, std::process::id())
}

/// A running dxday on a loopback port.
pub struct TestApp {
    pub base: String,
    pub db: Db,
    pub db_url: String,
    pub data_dir: std::path::PathBuf,
    /// The server's state, to run its background jobs (reminders) on demand.
    pub state: dxday_web::AppState,
    /// The port of the separate /metrics listener, when configured.
    pub metrics_port: Option<u16>,
    _dir: tempfile::TempDir,
}

/// The configuration a test app runs with.
pub fn test_config(db_url: &str, data_dir: &std::path::Path) -> Config {
    Config::loopback(data_dir, Some(db_url.to_string()))
}

/// Starts dxday over a fresh database with the demo data loaded.
pub async fn spawn_app(backend: Backend) -> Option<TestApp> {
    spawn_app_with(backend, |_| {}).await
}

/// The same, with a configuration change.
pub async fn spawn_app_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
    let tdb = test_db(backend).await?;
    Some(start(tdb.url.clone(), tdb.dir, true, tweak).await)
}

/// Starts dxday on an existing database URL (several apps may share one database).
pub async fn spawn_on(db_url: String, dir: tempfile::TempDir, with_demo: bool) -> TestApp {
    start(db_url, dir, with_demo, |_| {}).await
}

/// The same, with a configuration change (several nodes over one database and store).
pub async fn spawn_on_with(
    db_url: String,
    dir: tempfile::TempDir,
    with_demo: bool,
    tweak: impl FnOnce(&mut Config),
) -> TestApp {
    start(db_url, dir, with_demo, tweak).await
}

async fn start(
    db_url: String,
    dir: tempfile::TempDir,
    with_demo: bool,
    tweak: impl FnOnce(&mut Config),
) -> TestApp {
    let mut config = test_config(&db_url, dir.path());
    tweak(&mut config);
    let db = dxday::app::open_db(&config).await.expect("database opens");
    if with_demo {
        dxday::demo::load_seed_if_empty(&db)
            .await
            .expect("demo data loads");
    }
    let app = App::build(&config, db.clone()).await.expect("app builds");
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state();
    let metrics_port = app.metrics_port();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        metrics_port,
        state,
        base,
        db,
        db_url,
        data_dir: dir.path().to_path_buf(),
        _dir: dir,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .expect("client")
}

/// The same, sending from another loopback address (for per-address limits).
pub fn client_from(ip: &str) -> reqwest::Client {
    let ip: IpAddr = ip.parse().expect("ip");
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(Policy::none())
        .local_address(ip)
        .build()
        .expect("client")
}

/// The CSRF token of a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = html
        .find(marker)
        .map(|i| i + marker.len())
        .expect("page has a CSRF field");
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_string()
}

/// The participation token of the studio page for `frame`.
pub async fn count_token(app: &TestApp, frame: i64) -> String {
    let (_, html) = app
        .get(&client(), &format!("/khung-anh?khung={frame}"))
        .await;
    html.split("data-count-token=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("the studio page has a count token")
        .to_string()
}

pub const PASSWORD: &str = "Mật khẩu thử nghiệm 2024";

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Framed photos counted for the first campaign, over every unit.
    pub async fn downloads(&self) -> i64 {
        let campaigns = dxday_store::campaigns::list(&self.db)
            .await
            .expect("campaigns");
        dxday_store::frames::downloads_by_unit(&self.db, campaigns[0].id)
            .await
            .expect("counts")
            .iter()
            .map(|(_, n)| n)
            .sum()
    }

    /// Creates an account directly in the store; `unit` is a unit code.
    pub async fn add_user(
        &self,
        email: &str,
        role: Role,
        unit: Option<&str>,
    ) -> dxday_domain::UserId {
        let unit_id = match unit {
            Some(code) => Some(
                units::find_by_code(&self.db, code)
                    .await
                    .expect("query")
                    .expect("unit exists")
                    .id,
            ),
            None => None,
        };
        let hash = password::hash(PASSWORD).expect("hash");
        let data = UserData {
            email: Email::parse(email).expect("email"),
            full_name: "Người thử".into(),
            role,
            unit_id,
        };
        users::insert(&self.db, None, &data, &hash)
            .await
            .expect("insert user")
    }

    /// GETs a page and returns (status, body).
    pub async fn get(&self, c: &reqwest::Client, path: &str) -> (u16, String) {
        let res = c.get(self.url(path)).send().await.expect("request");
        let status = res.status().as_u16();
        (status, res.text().await.expect("body"))
    }

    /// POSTs a form with the CSRF token taken from `form_page`.
    pub async fn post_form(
        &self,
        c: &reqwest::Client,
        form_page: &str,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let (_, html) = self.get(c, form_page).await;
        let token = csrf_of(&html);
        let mut all: Vec<(&str, &str)> = vec![("_csrf", token.as_str())];
        all.extend_from_slice(fields);
        c.post(self.url(path))
            .form(&all)
            .send()
            .await
            .expect("request")
    }

    /// POSTs the form of the page at `path` back to `path`, with the page's CSRF token.
    pub async fn submit(
        &self,
        c: &reqwest::Client,
        path: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        self.post_form(c, path, path, fields).await
    }

    /// Logs `c` in; returns the response of the login POST.
    pub async fn login_as(
        &self,
        c: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> reqwest::Response {
        self.submit(c, "/dang-nhap", &[("email", email), ("password", password)])
            .await
    }

    /// Creates an account with `role` and a client logged in as it.
    pub async fn logged_in(&self, email: &str, role: Role, unit: Option<&str>) -> reqwest::Client {
        self.add_user(email, role, unit).await;
        let c = client();
        let res = self.login_as(&c, email, PASSWORD).await;
        assert_eq!(res.status().as_u16(), 303, "login of {email} succeeds");
        c
    }

    /// Lan, office staff of the culture office (`vhtt`), logged in.
    pub async fn office(&self) -> reqwest::Client {
        self.logged_in("lan@vhtt.gov.vn", Role::OfficeStaff, Some("vhtt"))
            .await
    }

    /// The focal point of Máy Chai ward, logged in.
    pub async fn ward(&self) -> reqwest::Client {
        self.focal_point("p-may-chai").await
    }

    /// The focal point of the ward `code` (`p-lac-vien`: dau-moi@lacvien.vn), logged in.
    pub async fn focal_point(&self, code: &str) -> reqwest::Client {
        let name: String = code.trim_start_matches("p-").replace('-', "");
        let email = format!("dau-moi@{name}.vn");
        self.logged_in(&email, Role::UnitFocalPoint, Some(code))
            .await
    }

    /// The focal point of a school (`th-mau`), logged in.
    pub async fn school(&self) -> reqwest::Client {
        self.logged_in(
            "hieu-truong@th.edu.vn",
            Role::UnitFocalPoint,
            Some("th-mau"),
        )
        .await
    }

    /// The id of a unit by code.
    pub async fn unit_id(&self, code: &str) -> i64 {
        units::find_by_code(&self.db, code)
            .await
            .expect("query")
            .expect("unit")
            .id
            .0
    }

    /// How many rows `table` holds.
    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar::<sqlx::Any, i64>(sqlx::AssertSqlSafe(format!(
            "SELECT COUNT(*) FROM {table}"
        )))
        .fetch_one(self.db.pool())
        .await
        .expect("count")
    }

    /// How many files the store keeps under `folder` (of the data dir's file store).
    pub fn stored_files(&self, folder: &str) -> usize {
        let dir = self.data_dir.join("files").join(folder);
        std::fs::read_dir(&dir).map_or(0, |d| {
            d.filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .count()
        })
    }

    /// How many audit entries carry `action`.
    pub async fn audit_count(&self, action: &str) -> i64 {
        sqlx::query_scalar::<sqlx::Any, i64>("SELECT COUNT(*) FROM audit_log WHERE action = $1")
            .bind(action.to_string())
            .fetch_one(self.db.pool())
            .await
            .expect("count")
    }
}

/// The CLI's system scope, for store calls made by the tests themselves.
pub fn system() -> &'static dxday_domain::Scope {
    static SYSTEM: std::sync::LazyLock<dxday_domain::Scope> =
        std::sync::LazyLock::new(dxday_domain::Scope::system);
    &SYSTEM
}

/// `unit` as the system scope reaches it, for store calls about one unit's data.
pub fn scoped(unit: dxday_domain::UnitId) -> dxday_domain::ScopedUnit {
    system()
        .unit(unit)
        .expect("the system scope reaches every unit")
}

/// A migrated database of `backend` with the demo data, and the demo campaign; `None`
/// where PostgreSQL is not configured outside CI.
pub async fn demo_db(
    backend: Backend,
) -> Option<(dxday_store::Db, TestDb, dxday_domain::CampaignId)> {
    let t = test_db(backend).await?;
    let db = dxday_store::Db::connect(&t.url).await.expect("connect");
    db.migrate().await.expect("migrate");
    dxday_store::demo::load_if_empty(&db, system())
        .await
        .expect("demo");
    let campaign = dxday_store::campaigns::list(&db).await.expect("campaigns")[0].id;
    Some((db, t, campaign))
}

/// The id of the unit `code` in `db`.
pub async fn unit_of(db: &dxday_store::Db, code: &str) -> dxday_domain::UnitId {
    units::find_by_code(db, code)
        .await
        .expect("query")
        .expect("unit")
        .id
}
