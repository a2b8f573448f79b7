//! dxday persistence. One SQL text serves SQLite and PostgreSQL through the sqlx
//! `Any` driver; the backend is chosen by the URL scheme. Every write runs in one
//! transaction together with its audit-log entry.

mod archive;
pub mod audit;
pub mod backup;
pub mod body_names;
pub mod bulk;
pub mod campaigns;
mod db;
pub mod demo;
pub mod display;
pub mod documents;
mod error;
pub mod files;
pub mod frames;
pub mod honours;
pub mod inbox;
pub mod indicators;
pub mod kit;
pub mod login_limit;
pub mod next_year;
pub mod offers;
pub mod password;
pub mod payments;
pub mod reminders;
pub mod reports;
mod scope_sql;
pub mod secrets;
pub mod sessions;
pub mod tasks;
pub mod teams;
mod time_text;
pub mod units;
pub mod users;

pub use db::{Backend, Db, sqlite_file_of};

/// A query being built, for the helpers that bind a record's fields once for its
/// INSERT and its UPDATE.
type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;
pub use error::StoreError;
