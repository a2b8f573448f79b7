//! The store's error type.

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL names a scheme dxday does not know.
    #[error("unknown database scheme in DXDAY_DATABASE_URL: {0:?} (use sqlite:// or postgres://)")]
    UnknownScheme(String),
    /// The database was migrated by a newer dxday.
    #[error(
        "the database is at schema version {db}, newer than this dxday knows ({known}); run the dxday version that migrated it, or a newer one"
    )]
    DatabaseNewer { db: i64, known: i64 },
    /// A value the database refused for a form field (taken, or pointing nowhere):
    /// the field's name and the i18n key of the message.
    #[error("{field}: {key}")]
    Field {
        field: &'static str,
        key: &'static str,
    },
    /// A stored value does not parse (a bug, or someone edited the database by hand).
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
    /// The operation is not available on this backend.
    #[error("{0}")]
    Unsupported(&'static str),
    /// The database said no.
    #[error(transparent)]
    Sqlx(#[from] sqlx::Error),
    /// The file store failed (disk, object storage).
    #[error("file store: {0}")]
    Files(String),
    /// A migration failed.
    #[error(transparent)]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Maps a unique-constraint violation to a "taken" error on `field`.
pub(crate) fn taken_as(field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |e| match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::Field {
            field,
            key: "err-taken",
        },
        _ => StoreError::Sqlx(e),
    }
}
