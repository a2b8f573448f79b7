//! `deploy/nginx.conf` run as shipped (only its ports, paths and nodes rewritten) in
//! front of two dxday nodes on one PostgreSQL database: HTTP redirects to HTTPS, pages
//! and static files come through TLS, static files are cached at the edge, a session
//! made through the proxy is good on both nodes (round-robin, read from the access
//! log), and dxday sees the client's own address, not one the client claims.

use std::path::Path;
use std::process::{Child, Command};

use crate::helpers::{Backend, PASSWORD, in_ci, spawn_app_with, spawn_on_with};

/// nginx, stopped when dropped: TERM to its master, which stops its workers (a KILL
/// would leave them serving), then KILL if it has not gone within 5 s.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        for _ in 0..50 {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("a port")
        .local_addr()
        .expect("addr")
        .port()
}

/// `curl` from 127.0.0.2 with the cookie jar in `dir`: the status and the whole answer
/// (headers, then body).
fn curl(dir: &Path, args: &[&str]) -> (u16, String) {
    let jar = dir.join("cookies.txt");
    let out = Command::new("curl")
        .args(["-sk", "-i", "--interface", "127.0.0.2", "--max-time", "20"])
        .arg("-c")
        .arg(&jar)
        .arg("-b")
        .arg(&jar)
        .args(args)
        .output()
        .expect("curl runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let status = text
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    answer
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shipped_nginx_config_serves_two_nodes_over_tls() {
    if Command::new("nginx").arg("-v").output().is_err() {
        assert!(
            !in_ci(),
            "CI installs nginx: this test may not be skipped in CI"
        );
        eprintln!("skipped: nginx is not installed");
        return;
    }
    let behind = |c: &mut dxday::config::Config| c.trusted_proxies = "127.0.0.1/32".into();
    let Some(a) = spawn_app_with(Backend::Postgres, behind).await else {
        return;
    };
    let b = spawn_on_with(
        a.db_url.clone(),
        tempfile::tempdir().expect("dir"),
        false,
        behind,
    )
    .await;
    let port = |base: &str| base.rsplit(':').next().expect("a port").to_string();
    let (port_a, port_b) = (port(&a.base), port(&b.base));

    // The shipped file, with this machine's ports and paths.
    let dir = tempfile::tempdir().expect("dir");
    let d = dir.path();
    let ok = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .arg("-keyout")
        .arg(d.join("privkey.pem"))
        .arg("-out")
        .arg(d.join("fullchain.pem"))
        .output()
        .expect("openssl runs");
    assert!(ok.status.success(), "a self-signed certificate");
    let (http, https) = (free_port(), free_port());
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx.conf"),
    )
    .expect("deploy/nginx.conf");
    let at = |p: &str| d.join(p).to_string_lossy().into_owned();
    let mut conf = shipped.clone();
    for (from, to) in [
        ("pid /run/nginx.pid;", format!("pid {};", at("nginx.pid"))),
        ("/var/log/nginx/error.log", at("error.log")),
        ("/var/log/nginx/access.log", at("access.log")),
        ("/var/cache/nginx/dxday", at("cache")),
        ("127.0.0.1:8080", format!("127.0.0.1:{port_a}")),
        ("127.0.0.1:8081", format!("127.0.0.1:{port_b}")),
        ("listen 80;", format!("listen 127.0.0.1:{http};")),
        ("listen 443 ssl", format!("listen 127.0.0.1:{https} ssl")),
        ("/etc/ssl/dxday/fullchain.pem", at("fullchain.pem")),
        ("/etc/ssl/dxday/privkey.pem", at("privkey.pem")),
    ] {
        assert!(conf.contains(from), "deploy/nginx.conf has {from}");
        conf = conf.replace(from, &to);
    }
    // Scratch folders of its own (the packaged ones belong to the system's nginx).
    conf = conf.replace(
        "http {",
        &format!(
            "http {{\n    client_body_temp_path {0}/body;\n    proxy_temp_path {0}/proxy;\n    fastcgi_temp_path {0}/fastcgi;\n    uwsgi_temp_path {0}/uwsgi;\n    scgi_temp_path {0}/scgi;",
            d.display()
        ),
    );
    let file = d.join("nginx.conf");
    std::fs::write(&file, &conf).expect("write");
    let check = Command::new("nginx")
        .arg("-t")
        .arg("-c")
        .arg(&file)
        .arg("-p")
        .arg(d)
        .output()
        .expect("nginx -t");
    assert!(
        check.status.success(),
        "nginx accepts the shipped file: {}",
        String::from_utf8_lossy(&check.stderr)
    );
    let _nginx = Nginx(
        Command::new("nginx")
            .arg("-c")
            .arg(&file)
            .arg("-p")
            .arg(d)
            .args(["-g", "daemon off;"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("nginx starts"),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", https)).is_ok() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let site = format!("https://127.0.0.1:{https}");

    // HTTP only redirects; HTTPS serves the site.
    let (status, answer) = curl(d, &[&format!("http://127.0.0.1:{http}/")]);
    assert_eq!(status, 301, "{answer}");
    assert!(header(&answer, "location").is_some_and(|l| l.starts_with("https://")));
    let (status, home) = curl(d, &[&format!("{site}/")]);
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("Chuyển đổi số"));

    // A static file: immutable, and the second time from nginx's cache.
    let css = home
        .split('"')
        .find(|s| s.starts_with("/static/") && s.ends_with(".css"))
        .expect("the stylesheet's address");
    let (_, first) = curl(d, &[&format!("{site}{css}")]);
    let (status, second) = curl(d, &[&format!("{site}{css}")]);
    assert_eq!(status, 200);
    assert!(
        header(&first, "cache-control").is_some_and(|c| c.contains("immutable")),
        "{first}"
    );
    assert_eq!(header(&second, "x-cache"), Some("HIT"), "{second}");

    // A wrong password with a made-up X-Forwarded-For: dxday records the client's own
    // address (127.0.0.2), which nginx passed on.
    a.add_user(
        "hai@vhtt.gov.vn",
        dxday_domain::Role::OfficeLeader,
        Some("vhtt"),
    )
    .await;
    let login = |password: &str| {
        let (_, page) = curl(d, &[&format!("{site}/dang-nhap")]);
        let token = crate::helpers::csrf_of(&page);
        curl(
            d,
            &[
                "-H",
                "X-Forwarded-For: 203.0.113.7",
                "--data-urlencode",
                &format!("_csrf={token}"),
                "--data-urlencode",
                "email=hai@vhtt.gov.vn",
                "--data-urlencode",
                &format!("password={password}"),
                &format!("{site}/dang-nhap"),
            ],
        )
    };
    let (status, answer) = login("sai mật khẩu");
    assert!(
        (200..500).contains(&status) && status != 303,
        "refused: {answer}"
    );
    let ip: String = sqlx::query_scalar::<sqlx::Any, String>(
        "SELECT ip FROM login_failures ORDER BY at_ms DESC LIMIT 1",
    )
    .fetch_one(a.db.pool())
    .await
    .expect("a failure recorded");
    assert_eq!(
        ip, "127.0.0.2",
        "the client's address, not the one it claimed"
    );
    let (status, answer) = login(PASSWORD);
    assert_eq!(status, 303, "{answer}");

    // The session holds on both nodes: four pages, round-robin.
    for _ in 0..4 {
        let (status, page) = curl(d, &[&format!("{site}/quan-tri")]);
        assert_eq!(status, 200, "{page}");
    }
    let log = std::fs::read_to_string(d.join("access.log")).expect("the access log");
    assert!(
        !log.contains("203.0.113.7"),
        "nginx logs the client's own address"
    );
    for node in [&port_a, &port_b] {
        assert!(
            log.lines().any(|l| l.contains("GET /quan-tri ")
                && l.contains(" 200 ")
                && l.contains(&format!("upstream=127.0.0.1:{node}"))),
            "node {node} served the office's page:\n{log}"
        );
    }
}

/// Nodes started at once on a new database migrate it once: the migrator holds the
/// database's lock (an advisory lock on PostgreSQL, the file's write lock on SQLite),
/// the others wait, then find nothing left to do.
async fn nodes_started_at_once_migrate_once(b: Backend) {
    let Some(t) = crate::helpers::test_db(b).await else {
        return;
    };
    let config = crate::helpers::test_config(&t.url, t.dir.path());
    let (x, y, z) = tokio::join!(
        dxday::app::open_db(&config),
        dxday::app::open_db(&config),
        dxday::app::open_db(&config)
    );
    let db = x.expect("node 1 starts");
    y.expect("node 2 starts");
    z.expect("node 3 starts");
    let (rows, versions): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT version) FROM _sqlx_migrations WHERE success = TRUE",
    )
    .fetch_one(db.pool())
    .await
    .expect("the migrations table");
    assert_eq!(rows, versions, "each migration applied once");
    let files =
        std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../migrations/sqlite"))
            .expect("migrations")
            .count() as i64;
    assert_eq!(versions, files, "every migration applied");
}
crate::on_both_backends!(nodes_started_at_once_migrate_once);
