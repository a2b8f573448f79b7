//! `dxday backup`, `dxday restore` and `dxday files check`: the database copied (SQLite's
//! `VACUUM INTO`, PostgreSQL's `pg_dump`), with a manifest of the stored files it refers
//! to; a copy restored into an empty database; the file storage checked against the
//! database or a manifest.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use dxday_store::{Backend, Db, backup};

use crate::app::open_db;
use crate::config::{Config, redact_url};

/// Stored-file commands.
#[derive(Debug, clap::Subcommand)]
pub enum FilesCommand {
    /// Check that every file the database refers to is in the file storage (exit code
    /// 1 when some are missing).
    Check,
}

/// The manifest beside a backup `file`: `file.files`, one key per line.
fn manifest_of(file: &Path) -> PathBuf {
    PathBuf::from(format!("{}.files", file.display()))
}

/// `dxday backup FILE`: the database to FILE and the stored files' keys to FILE.files.
pub async fn backup(config: &Config, file: &Path) -> anyhow::Result<ExitCode> {
    let manifest = manifest_of(file);
    for f in [file, manifest.as_path()] {
        if f.exists() {
            bail!("{} exists already; choose a new file name", f.display());
        }
    }
    let db = open_db(config).await?;
    match db.backend() {
        Backend::Sqlite => db.backup_to(file).await?,
        Backend::Postgres => {
            let (url, password) = without_password(&config.database_url());
            pg_tool(
                "pg_dump",
                &[
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    &file.display().to_string(),
                    "--dbname",
                    &url,
                ],
                password,
            )?
        }
    }
    let keys = backup::file_keys(&db).await?;
    let text: String = keys.iter().map(|k| format!("{k}\n")).collect();
    std::fs::write(&manifest, text)
        .with_context(|| format!("cannot write {}", manifest.display()))?;
    println!(
        "backup written to {} and {} (the keys of {} stored files; copy the file storage {} by its own means)",
        file.display(),
        manifest.display(),
        keys.len(),
        redact_url(&config.files_url())
    );
    Ok(ExitCode::SUCCESS)
}

/// `dxday restore FILE`: FILE (a backup of either backend's kind) into the configured
/// database, which must be empty; then migrated, and the file storage checked against
/// the manifest.
pub async fn restore(config: &Config, file: &Path) -> anyhow::Result<ExitCode> {
    if !file.is_file() {
        bail!("{} is not a backup file", file.display());
    }
    let url = config.database_url();
    let shown = redact_url(&url);
    match Backend::from_url(&url)? {
        Backend::Sqlite => {
            let target = dxday_store::sqlite_file_of(&url)
                .with_context(|| format!("{shown} is not a SQLite file"))?;
            if std::fs::metadata(&target).is_ok_and(|m| m.len() > 0) {
                bail!(
                    "the database {} exists; restore into a new one (move it aside first)",
                    target.display()
                );
            }
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
            std::fs::copy(file, &target)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        Backend::Postgres => {
            let db = Db::connect(&url)
                .await
                .with_context(|| format!("cannot open the database {shown}"))?;
            let blank = db.is_blank().await?;
            db.close().await;
            if !blank {
                bail!("the database {shown} is not empty; restore into a new database");
            }
            let (url, password) = without_password(&url);
            pg_tool(
                "pg_restore",
                &[
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    "--dbname",
                    &url,
                    &file.display().to_string(),
                ],
                password,
            )?;
        }
    }
    // A backup of an older dxday is brought up to date like any database.
    let db = open_db(config).await?;
    let manifest = manifest_of(file);
    let keys: BTreeSet<String> = match std::fs::read_to_string(&manifest) {
        Ok(text) => text.lines().map(str::to_string).collect(),
        Err(_) => backup::file_keys(&db).await?,
    };
    all_files_present(config, &keys)
        .await
        .with_context(|| format!("database restored from {}", file.display()))?;
    println!(
        "database restored from {} into {shown}; all {} stored files are present",
        file.display(),
        keys.len()
    );
    Ok(ExitCode::SUCCESS)
}

/// `dxday files check`: every key the database refers to is in the file storage.
pub async fn check(config: &Config) -> anyhow::Result<ExitCode> {
    let db = open_db(config).await?;
    let keys = backup::file_keys(&db).await?;
    all_files_present(config, &keys).await?;
    println!(
        "all {} stored files the database refers to are in {}",
        keys.len(),
        redact_url(&config.files_url())
    );
    Ok(ExitCode::SUCCESS)
}

/// Fails, saying how many and the first, when the configured file storage lacks keys
/// of `wanted` (the storage is listed once, not asked key by key).
async fn all_files_present(config: &Config, wanted: &BTreeSet<String>) -> anyhow::Result<()> {
    let files = dxday_store::files::Files::from_url(&config.files_url())?;
    let present = files.keys().await?;
    let missing: Vec<&String> = wanted.difference(&present).collect();
    if let Some(first) = missing.first() {
        bail!(
            "{} of {} stored files are missing from {} (copy them back, then run dxday files check), first: {first}",
            missing.len(),
            wanted.len(),
            redact_url(&config.files_url())
        );
    }
    Ok(())
}

/// A PostgreSQL URL without its password, and the password: the password goes to
/// PostgreSQL's programs in `PGPASSWORD`, not on a command line other users can read.
fn without_password(url: &str) -> (String, Option<String>) {
    let Ok(mut parsed) = url::Url::parse(url) else {
        return (url.to_string(), None);
    };
    let password = parsed.password().map(|p| {
        percent_encoding::percent_decode_str(p)
            .decode_utf8_lossy()
            .into_owned()
    });
    if password.is_some() {
        let _ = parsed.set_password(None);
    }
    (parsed.to_string(), password)
}

/// Runs one of PostgreSQL's client programs; its own message when it fails.
fn pg_tool(program: &str, args: &[&str], password: Option<String>) -> anyhow::Result<()> {
    let mut command = std::process::Command::new(program);
    command.args(args);
    if let Some(p) = password {
        command.env("PGPASSWORD", p);
    }
    let out = command
        .output()
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot run {program} ({e}); install PostgreSQL's client programs (Debian: postgresql-client), of the server's major version or newer"
            )
        })?;
    if !out.status.success() {
        let said = String::from_utf8_lossy(&out.stderr);
        let first = said.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        bail!("{program} failed: {}", first.trim());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::without_password;

    #[test]
    fn the_password_leaves_the_url_decoded() {
        let (url, password) = without_password(
            "postgres://dxday:p%40ss%3Aw%2Frd+1@db.example:5432/dxday?sslmode=require",
        );
        assert_eq!(
            url,
            "postgres://dxday@db.example:5432/dxday?sslmode=require"
        );
        assert_eq!(password.as_deref(), Some("p@ss:w/rd+1"));
        let (url, password) = without_password("postgres://postgres@127.0.0.1/postgres");
        assert_eq!(url, "postgres://postgres@127.0.0.1/postgres");
        assert_eq!(password, None);
    }
}
