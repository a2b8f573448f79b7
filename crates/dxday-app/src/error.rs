//! What a use case can fail with; the web crate turns it into an answer, the CLI
//! into one line.

/// A use case's failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The record asked for is not there (or not visible).
    #[error("not found")]
    NotFound,
    #[error(transparent)]
    Store(#[from] dxday_store::StoreError),
    #[error(transparent)]
    Media(#[from] dxday_media::MediaError),
    /// A blocking task died (a panic in it).
    #[error("task failed: {0}")]
    Task(String),
}
