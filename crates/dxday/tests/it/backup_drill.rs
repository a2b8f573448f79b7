//! The restore drill (issue 21, point 6): a database with the living demo and its
//! stored files is backed up with `dxday backup`, wiped with its files, and restored
//! with `dxday restore`: the same rows and the same files come back, and a storage
//! that lacks files is caught by the manifest.

use std::collections::BTreeMap;
use std::path::Path;

use crate::helpers::{
    Backend, dxday, fails, in_ci, spawn_on_with, succeeds, system, test_db, walk,
};

/// Rows per table the drill compares.
const TABLES: &[&str] = &[
    "units",
    "users",
    "campaigns",
    "documents",
    "tasks",
    "task_assignments",
    "kit_assets",
    "frames",
    "payment_streets",
    "merchants",
    "community_teams",
    "audit_log",
];

async fn rows(db: &dxday_store::Db) -> BTreeMap<&'static str, i64> {
    let mut out = BTreeMap::new();
    for t in TABLES {
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {t}")))
            .fetch_one(db.pool())
            .await
            .unwrap_or_else(|e| panic!("{t}: {e}"));
        out.insert(*t, n);
    }
    out
}

/// Every stored file under `dir`, by key, with its bytes.
fn files_in(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|p| {
            let key = p.strip_prefix(dir).expect("under").display().to_string();
            (key, std::fs::read(&p).expect("read"))
        })
        .collect()
}

fn copy_tree(from: &Path, to: &Path) {
    for (key, bytes) in files_in(from) {
        let p = to.join(key);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, bytes).expect("write");
    }
}

/// A database of its own on the test server (the drill drops and makes it again): a
/// pool on the server's own database, and the new database's URL.
async fn own_database() -> Option<(sqlx::AnyPool, String)> {
    let base = match std::env::var("DXDAY_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            assert!(!in_ci(), "CI sets DXDAY_TEST_POSTGRES_URL");
            return None;
        }
    };
    let name = format!(
        "drill_{}_{}",
        std::process::id(),
        time::OffsetDateTime::now_utc().unix_timestamp_nanos() % 1_000_000_000
    );
    let server = base.rsplit_once('/').expect("a database in the URL").0;
    sqlx::any::install_default_drivers();
    let admin = sqlx::AnyPool::connect(&base).await.expect("the server");
    on_server(&admin, &format!("CREATE DATABASE {name}")).await;
    Some((admin, format!("{server}/{name}")))
}

async fn on_server(admin: &sqlx::AnyPool, sql: &str) {
    sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
        .execute(admin)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

async fn drill(backend: Backend) {
    // The database and its file storage, with the living demo (kit files, previews).
    let (db_url, admin, _sqlite_dir) = match backend {
        Backend::Sqlite => {
            let Some(t) = test_db(backend).await else {
                return;
            };
            (t.url, None, Some(t.dir))
        }
        Backend::Postgres => {
            let Some((admin, url)) = own_database().await else {
                return;
            };
            (url, Some(admin), None)
        }
    };
    let work = tempfile::tempdir().expect("dir");
    let w = work.path();
    let files = w.join("files");
    let files_url = files.display().to_string();
    // A node on the database and the file storage, the CLI on them too.
    let node = async || {
        let f = files_url.clone();
        spawn_on_with(
            db_url.clone(),
            tempfile::tempdir().expect("dir"),
            false,
            move |c| c.files_url = Some(f),
        )
        .await
    };
    let cli = || {
        let mut c = dxday();
        c.env("DXDAY_DATABASE_URL", &db_url)
            .env("DXDAY_FILES_URL", &files_url);
        c
    };
    let app = node().await;
    let today = dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    dxday_app::demo::load_if_empty(&app.db, &app.state.config.files, system(), today)
        .await
        .expect("the demo loads");
    let before_rows = rows(&app.db).await;
    let before_files = files_in(&files);
    let keys = dxday_store::backup::file_keys(&app.db).await.expect("keys");
    assert!(keys.len() >= 4, "the demo's kit has stored files: {keys:?}");
    assert!(keys.iter().all(|k| before_files.contains_key(k)));

    // Back up: the database and the manifest of its files.
    let file = w.join("dxday.backup");
    let out = succeeds(cli().arg("backup").arg(&file));
    assert!(
        out.contains(&format!("{} stored files", keys.len())),
        "{out}"
    );
    let manifest = std::fs::read_to_string(w.join("dxday.backup.files")).expect("manifest");
    assert_eq!(manifest.lines().count(), keys.len());
    // The file storage is copied by its own means (here a folder copy; for a bucket,
    // its versioning or `aws s3 sync`).
    copy_tree(&files, &w.join("files-copy"));

    // Wipe: the database and every stored file.
    app.db.close().await;
    let name = db_url.rsplit('/').next().expect("name");
    match &admin {
        Some(admin) => {
            on_server(admin, &format!("DROP DATABASE {name} WITH (FORCE)")).await;
            on_server(admin, &format!("CREATE DATABASE {name}")).await;
        }
        None => {
            let db_file = dxday_store::sqlite_file_of(&db_url).expect("file");
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db_file.display()));
            }
        }
    }
    std::fs::remove_dir_all(&files).expect("files wiped");

    // Restore into the empty database: the rows come back, and the missing files are
    // named.
    let err = fails(cli().arg("restore").arg(&file));
    assert!(
        err.contains(&format!(
            "{} of {} stored files are missing",
            keys.len(),
            keys.len()
        )),
        "{err}"
    );
    copy_tree(&w.join("files-copy"), &files);
    let out = succeeds(cli().args(["files", "check"]));
    assert!(
        out.contains(&format!("all {} stored files", keys.len())),
        "{out}"
    );

    let restored = dxday_store::Db::connect(&db_url).await.expect("restored");
    assert_eq!(rows(&restored).await, before_rows, "the same rows");
    assert_eq!(files_in(&files), before_files, "the same files");
    // The restored site serves its kit.
    let again = node().await;
    let (status, page) = again.get(&crate::helpers::client(), "/bo-nhan-dien").await;
    assert_eq!(status, 200, "{page}");

    // A restore never goes over a database that has data.
    let err = fails(cli().arg("restore").arg(&file));
    assert!(err.contains("not empty") || err.contains("exists"), "{err}");
    restored.close().await;
    again.db.close().await;
    if let Some(admin) = admin {
        let drop = format!("DROP DATABASE {name} WITH (FORCE)");
        let _ = sqlx::query(sqlx::AssertSqlSafe(drop)).execute(&admin).await;
    }
}
crate::on_both_backends!(drill);

/// Every column named `*_key` is either a stored file's key (in the manifest) or
/// listed as another kind of key: a new file column cannot be forgotten by backups.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_file_column_is_in_the_manifest() {
    let Some(t) = test_db(Backend::Sqlite).await else {
        return;
    };
    let db = dxday_store::Db::connect(&t.url).await.expect("db");
    db.migrate().await.expect("migrate");
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table'")
            .fetch_all(db.pool())
            .await
            .expect("tables");
    let mut keys = Vec::new();
    for t in tables {
        let cols: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT name FROM pragma_table_info('{t}')"
        )))
        .fetch_all(db.pool())
        .await
        .expect("columns");
        for c in cols.into_iter().filter(|c| c.ends_with("_key")) {
            keys.push((t.clone(), c));
        }
    }
    assert!(!keys.is_empty());
    for (t, c) in keys {
        let known = |list: &[(&str, &str)]| list.iter().any(|(a, b)| *a == t && *b == c);
        assert!(
            known(dxday_store::backup::FILE_COLUMNS)
                || known(dxday_store::backup::OTHER_KEY_COLUMNS),
            "{t}.{c}: a stored file's key (backup::FILE_COLUMNS) or not (OTHER_KEY_COLUMNS)?"
        );
    }
}
