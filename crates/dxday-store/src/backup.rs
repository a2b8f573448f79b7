//! What a backup must hold besides the database: the stored files it refers to. Files
//! are kept by content-hashed keys in a folder or a bucket, which is backed up by its
//! own means (a copy of the folder, the bucket's versioning or replication); the
//! backup's manifest lists the keys in use, so a restored database can be checked
//! against the storage it finds.

use std::collections::BTreeSet;

use crate::{Db, StoreError};

/// The columns that hold the key of a stored file, by table. Bulk jobs' uploads and
/// results are not among them: they are deleted a day after the job.
pub const FILE_COLUMNS: &[(&str, &str)] = &[
    ("kit_assets", "file_key"),
    ("kit_assets", "preview_key"),
    ("display_evidence", "photo_key"),
    ("display_evidence", "preview_key"),
    ("community_teams", "decision_file_key"),
    ("team_activity_photos", "file_key"),
    ("team_activity_photos", "preview_key"),
    ("nominations", "report_file_key"),
];

/// Columns named `*_key` that hold no stored file's key (search keys, owners, the
/// temporary files of bulk jobs).
pub const OTHER_KEY_COLUMNS: &[(&str, &str)] = &[
    ("bulk_jobs", "owner_key"),
    ("bulk_jobs", "upload_key"),
    ("bulk_jobs", "result_key"),
    ("community_teams", "search_key"),
    ("frame_downloads", "unit_key"),
    ("nominations", "person_key"),
    ("payment_streets", "name_key"),
    ("residential_groups", "search_key"),
    ("team_members", "search_key"),
];

/// The keys of every stored file the database refers to, in order.
pub async fn file_keys(db: &Db) -> Result<BTreeSet<String>, StoreError> {
    let sql = FILE_COLUMNS
        .iter()
        .map(|(table, column)| format!("SELECT {column} FROM {table} WHERE {column} IS NOT NULL"))
        .collect::<Vec<_>>()
        .join(" UNION ");
    let keys: Vec<String> = sqlx::query_scalar::<sqlx::Any, String>(sqlx::AssertSqlSafe(sql))
        .fetch_all(db.pool())
        .await?;
    Ok(keys.into_iter().collect())
}
