//! dxday's use cases: what the office and the units do (the campaign in force, a
//! document's printed form, a request's consolidated report, a campaign's built-in
//! frame), over the store and media crates. The web handlers and the CLI both call
//! this crate; neither lays out a document or an export itself. The message
//! catalogues live here too, as documents and exports are worded through them.

pub mod accounts;
pub mod answers;
pub mod audit;
pub mod bulk;
pub mod campaign;
pub mod demo;
pub mod documents;
mod error;
pub mod files;
pub mod format;
pub mod frames;
pub mod honours;
pub mod i18n;
pub mod indicators;
pub mod payments;
pub mod reports;
pub mod share;
pub mod tasks;
pub mod teams;
#[doc(hidden)]
pub mod testing;
pub mod uploads;

pub use error::Error;
pub use i18n::Lang;
