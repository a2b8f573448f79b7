//! `deploy/nginx.conf` run as shipped (only its ports, paths and nodes rewritten) in
//! front of two dxday nodes on one PostgreSQL database: HTTP redirects to HTTPS, pages
//! and static files come through TLS, static files are cached at the edge, a session
//! made through the proxy is good on both nodes (round-robin, read from the access
//! log), and dxday sees the client's own address, not one the client claims.

use std::path::Path;

use crate::helpers::{Backend, PASSWORD, spawn_app_with, spawn_on_with};
use crate::proxy::{Proxy, header};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_shipped_nginx_config_serves_two_nodes_over_tls() {
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

    let Some(proxy) =
        Proxy::start(&[port_a.parse().expect("port"), port_b.parse().expect("port")]).await
    else {
        return;
    };
    let http = proxy.http;
    let site = proxy.site.clone();

    // HTTP only redirects; HTTPS serves the site.
    let (status, answer) = proxy.curl("client", &[&format!("http://127.0.0.1:{http}/")]);
    assert_eq!(status, 301, "{answer}");
    assert!(header(&answer, "location").is_some_and(|l| l.starts_with("https://")));
    let (status, home) = proxy.curl("client", &[&format!("{site}/")]);
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("Chuyển đổi số"));

    // A static file: immutable, and the second time from nginx's cache.
    let css = home
        .split('"')
        .find(|s| s.starts_with("/static/") && s.ends_with(".css"))
        .expect("the stylesheet's address");
    let (_, first) = proxy.curl("client", &[&format!("{site}{css}")]);
    let (status, second) = proxy.curl("client", &[&format!("{site}{css}")]);
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
    let forged = ["-H", "X-Forwarded-For: 203.0.113.7"];
    let login = |password: &str| proxy.login("client", "hai@vhtt.gov.vn", password, &forged);
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
        let (status, page) = proxy.curl("client", &[&format!("{site}/quan-tri")]);
        assert_eq!(status, 200, "{page}");
    }
    let log = proxy.log();
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

/// The columns of the database's tables: (table, column) → (type, NOT NULL, has a
/// default).
async fn columns(
    db: &dxday_store::Db,
) -> std::collections::BTreeMap<(String, String), (String, bool, bool)> {
    let sql = match db.backend() {
        dxday_store::Backend::Sqlite => {
            "SELECT m.name, c.name, c.type, c.\"notnull\", \
             CASE WHEN c.dflt_value IS NULL THEN 0 ELSE 1 END \
             FROM sqlite_master m, pragma_table_info(m.name) c WHERE m.type = 'table'"
        }
        dxday_store::Backend::Postgres => {
            "SELECT CAST(table_name AS TEXT), CAST(column_name AS TEXT), CAST(data_type AS TEXT), \
             CAST(CASE WHEN is_nullable = 'NO' THEN 1 ELSE 0 END AS BIGINT), \
             CAST(CASE WHEN column_default IS NULL THEN 0 ELSE 1 END AS BIGINT) \
             FROM information_schema.columns WHERE table_schema = current_schema()"
        }
    };
    sqlx::query_as::<_, (String, String, String, i64, i64)>(sql)
        .fetch_all(db.pool())
        .await
        .expect("the columns")
        .into_iter()
        .map(|(t, c, ty, not_null, default)| ((t, c), (ty, not_null == 1, default == 1)))
        .collect()
}

/// Every migration is additive, so a newer node can migrate while older ones still
/// serve: applied one by one, none drops or changes a column an older dxday reads or
/// writes, and a column added to an existing table is nullable or has a default (an
/// older dxday's INSERT, which does not name it, still succeeds).
async fn every_migration_is_additive(b: Backend) {
    let Some(t) = crate::helpers::test_db(b).await else {
        return;
    };
    let db = dxday_store::Db::connect(&t.url).await.expect("db");
    let migrator = db.backend().migrator();
    let mut older: Option<std::collections::BTreeMap<_, _>> = None;
    let mut steps = 0;
    for m in migrator.iter() {
        migrator
            .run_to(m.version, db.pool())
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", m.description));
        let newer = columns(&db).await;
        if let Some(older) = &older {
            let tables: std::collections::BTreeSet<&String> =
                older.keys().map(|(t, _)| t).collect();
            for (key, was) in older {
                assert_eq!(
                    newer.get(key),
                    Some(was),
                    "{} drops or changes {}.{}",
                    m.description,
                    key.0,
                    key.1
                );
            }
            for (key, (_, not_null, default)) in &newer {
                if tables.contains(&key.0) && !older.contains_key(key) {
                    assert!(
                        !not_null || *default,
                        "{} adds {}.{} NOT NULL without a default",
                        m.description,
                        key.0,
                        key.1
                    );
                }
            }
            steps += 1;
        }
        older = Some(newer);
    }
    assert!(steps >= 22, "every step checked: {steps}");
    let last = older.map_or(0, |c| c.len());
    assert!(last > 200, "the schema's columns were read: {last}");
}
crate::on_both_backends!(every_migration_is_additive);

/// `deploy/dxday.service` as systemd reads it: no unknown or misspelt setting, and
/// `systemd-analyze security` rates its exposure "OK" or better (at most 3.9 of 10).
#[test]
fn the_systemd_unit_is_valid_and_hardened() {
    if std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(!crate::helpers::in_ci(), "CI installs systemd-analyze");
        eprintln!("skipped: systemd-analyze is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let unit = dir.path().join("dxday.service");
    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/dxday.service"),
    )
    .expect("deploy/dxday.service");
    assert!(shipped.contains("ExecStart=/usr/local/bin/dxday serve"));
    // The binary where this test finds it.
    std::fs::write(
        &unit,
        shipped.replace("/usr/local/bin/dxday", env!("CARGO_BIN_EXE_dxday")),
    )
    .expect("write");
    let verify = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&unit)
        .output()
        .expect("systemd-analyze verify");
    let said = String::from_utf8_lossy(&verify.stderr);
    assert!(
        verify.status.success() && said.trim().is_empty(),
        "systemd reads every line: {said}"
    );
    let security = std::process::Command::new("systemd-analyze")
        .args(["security", "--offline=true", "--no-pager"])
        .arg(&unit)
        .output()
        .expect("systemd-analyze security");
    let report = String::from_utf8_lossy(&security.stdout);
    let score: f64 = report
        .split("Overall exposure level for dxday.service: ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("an exposure level: {report}"));
    assert!(score <= 3.9, "exposure {score} (OK is below 4): {report}");
}
