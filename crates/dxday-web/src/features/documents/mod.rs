//! Documents: the register and inbox, the draft form, a document's page, issue,
//! receipt, reminders and downloads; the printed form is the use-case layer's
//! ([`dxday_app::documents`]).

mod actions;
mod attachments;
mod draft;
mod list;
mod notices;
mod register;
mod show;

pub use actions::*;
pub use attachments::*;
pub use draft::*;
pub use list::*;
use notices::*;
pub use register::*;
pub use show::*;

use dxday_app::documents::{file_name, printed};
use dxday_media::docx::OfficialDocument;

// ---------------------------------------------------------------------------------
// Pages: the register and inbox, the draft form, a document's page, issue, receipt,
// reminders and downloads.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::document::{
    self, Circulation, DocumentForm, DocumentStatus, SigningAuthority, Urgency,
};
use dxday_domain::{DocumentId, FieldErrors, Role, UnitId, dates};
use dxday_store::documents::{self, Delivery, Document, Refused};
use dxday_store::units;
use serde::Deserialize;
use time::OffsetDateTime;

use crate::csrf::{CsrfForm, CsrfFormPairs};
use crate::forms::{Errors, Opt, choice, field_error, options, save_form, saved};
use crate::listing::{Listing, SortKey};
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser};

/// Largest document form (a long body with its tables); beyond it 413.
pub const FORM_LIMIT: usize = 2 * 1024 * 1024;
