//! Connecting, configuring and migrating the database.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, Executor};

use crate::StoreError;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// The database behind the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// The backend named by a URL's scheme; any other scheme is an error.
    pub fn from_url(url: &str) -> Result<Backend, StoreError> {
        let scheme = url.split_once(':').map_or(url, |(s, _)| s);
        match scheme {
            "sqlite" => Ok(Backend::Sqlite),
            "postgres" | "postgresql" => Ok(Backend::Postgres),
            other => Err(StoreError::UnknownScheme(other.to_string())),
        }
    }

    /// The migrations this dxday knows for the backend, in order.
    pub fn migrator(self) -> &'static Migrator {
        match self {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }
}

/// A pool on SQLite or PostgreSQL, and which one it is.
#[derive(Debug, Clone)]
pub struct Db {
    pool: AnyPool,
    backend: Backend,
    /// The SQLite file, when there is one (not in memory).
    sqlite_file: Option<std::path::PathBuf>,
}

impl Db {
    /// Connects to `url`. A SQLite file (and its folder) is created when missing, and
    /// every SQLite connection gets the same pragmas: WAL, foreign keys, busy timeout.
    pub async fn connect(url: &str) -> Result<Db, StoreError> {
        let backend = Backend::from_url(url)?;
        install_default_drivers();
        let mut options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(10));
        let url = match backend {
            Backend::Sqlite => {
                create_sqlite_parent(url);
                options = options.max_connections(8).after_connect(|conn, _meta| {
                    Box::pin(async move {
                        conn.execute("PRAGMA journal_mode = WAL").await?;
                        conn.execute("PRAGMA foreign_keys = ON").await?;
                        conn.execute("PRAGMA busy_timeout = 5000").await?;
                        conn.execute("PRAGMA synchronous = NORMAL").await?;
                        Ok(())
                    })
                });
                if url.contains("mode=") {
                    url.to_string()
                } else if url.contains('?') {
                    format!("{url}&mode=rwc")
                } else {
                    format!("{url}?mode=rwc")
                }
            }
            Backend::Postgres => {
                options = options.max_connections(16);
                url.to_string()
            }
        };
        let pool = options.connect(&url).await?;
        Ok(Db {
            pool,
            backend,
            sqlite_file: sqlite_file_of(&url),
        })
    }

    /// The pool, for the store's modules.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// A write transaction. On SQLite it begins IMMEDIATE: it takes the write lock at
    /// once (waiting up to the busy timeout), so a transaction that reads before it
    /// writes cannot fail with "database is locked" because another writer committed
    /// in between. PostgreSQL's row locks do this job there.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, StoreError> {
        Ok(match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        })
    }

    /// Applies the migrations this binary carries. A database migrated by a newer
    /// dxday is refused before anything is touched.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        let migrator = self.backend.migrator();
        let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        if let Some(db) = self.schema_version().await?
            && db > known
        {
            return Err(StoreError::DatabaseNewer { db, known });
        }
        // Nodes started at once migrate once: PostgreSQL's migrator holds an advisory
        // lock; on SQLite (where it holds none) a lock on a file beside the database
        // makes the others wait, and they then find nothing left to do.
        let _held = match &self.sqlite_file {
            Some(db) => Some(migration_lock(db).await?),
            None => None,
        };
        migrator.run(&self.pool).await?;
        Ok(())
    }

    /// The highest applied migration, or `None` on a database never migrated.
    pub async fn schema_version(&self) -> Result<Option<i64>, StoreError> {
        let exists: i64 = match self.backend {
            Backend::Sqlite => {
                sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'")
                    .fetch_one(&self.pool)
                    .await?
            }
            Backend::Postgres => {
                sqlx::query_scalar("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'")
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        if exists == 0 {
            return Ok(None);
        }
        let v: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_one(&self.pool)
                .await?;
        Ok(v)
    }

    /// The migration names this binary carries for this backend.
    pub fn migration_names(&self) -> Vec<String> {
        self.backend
            .migrator()
            .iter()
            .map(|m| format!("{:04}_{}", m.version, m.description))
            .collect()
    }

    /// Answers whether the database responds.
    pub async fn ping(&self) -> Result<(), StoreError> {
        sqlx::query_scalar::<_, i64>("SELECT 1")
            .fetch_one(&self.pool)
            .await?;
        Ok(())
    }

    /// Writes a consistent copy of a SQLite database to `path` (`VACUUM INTO`).
    /// PostgreSQL is backed up with its own tools.
    pub async fn backup_to(&self, path: &Path) -> Result<(), StoreError> {
        if self.backend == Backend::Postgres {
            return Err(StoreError::Unsupported(
                "VACUUM INTO copies SQLite databases only; PostgreSQL is copied by pg_dump",
            ));
        }
        let target = path.to_string_lossy().to_string();
        sqlx::query("VACUUM INTO $1")
            .bind(target)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Whether the database holds no table yet (in its schema, on PostgreSQL): a
    /// restore goes only into such a database.
    pub async fn is_blank(&self) -> Result<bool, StoreError> {
        let sql = match self.backend {
            Backend::Sqlite => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'",
            Backend::Postgres => {
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()"
            }
        };
        let (n,): (i64,) = sqlx::query_as(sql).fetch_one(&self.pool).await?;
        Ok(n == 0)
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// The file of a SQLite URL, or none for an in-memory database or another backend.
pub fn sqlite_file_of(url: &str) -> Option<std::path::PathBuf> {
    (Backend::from_url(url).ok()? == Backend::Sqlite)
        .then(|| sqlite_path(url).map(std::path::PathBuf::from))
        .flatten()
}

/// The file of a SQLite URL, or none for an in-memory database.
fn sqlite_path(url: &str) -> Option<&str> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or(path);
    (!path.is_empty() && path != ":memory:").then_some(path)
}

/// An exclusive lock on `<database>.migrate-lock`, held until the file is dropped.
async fn migration_lock(db: &Path) -> Result<std::fs::File, StoreError> {
    let lock = std::path::PathBuf::from(format!("{}.migrate-lock", db.display()));
    tokio::task::spawn_blocking(move || {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock)?;
        file.lock()?;
        Ok::<_, std::io::Error>(file)
    })
    .await
    .map_err(|e| StoreError::Files(format!("migration lock: {e}")))?
    .map_err(|e| StoreError::Files(format!("migration lock: {e}")))
}

fn create_sqlite_parent(url: &str) {
    let Some(path) = sqlite_path(url) else {
        return;
    };
    if let Ok(p) = std::path::PathBuf::from_str(path)
        && let Some(parent) = p.parent()
        && !parent.as_os_str().is_empty()
    {
        let _ = std::fs::create_dir_all(parent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_picks_the_backend() {
        assert_eq!(
            Backend::from_url("sqlite://data/dxday.db").ok(),
            Some(Backend::Sqlite)
        );
        assert_eq!(
            Backend::from_url("postgres://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        assert_eq!(
            Backend::from_url("postgresql://u@h/db").ok(),
            Some(Backend::Postgres)
        );
        let e = Backend::from_url("mysql://u@h/db").unwrap_err().to_string();
        assert!(e.contains("\"mysql\""), "{e}");
    }

    #[test]
    fn both_backends_carry_migrations_with_the_same_names() {
        let names = |m: &Migrator| {
            m.iter()
                .map(|m| (m.version, m.description.to_string()))
                .collect::<Vec<_>>()
        };
        assert!(SQLITE_MIGRATIONS.iter().next().is_some());
        assert_eq!(names(&SQLITE_MIGRATIONS), names(&POSTGRES_MIGRATIONS));
        let files = |dir: &str| {
            let mut v: Vec<String> = std::fs::read_dir(format!(
                "{}/../../migrations/{dir}",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("migrations folder")
            .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
            .collect();
            v.sort();
            v
        };
        assert_eq!(files("sqlite"), files("postgres"));
    }
}
