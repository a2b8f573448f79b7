//! Report requests and the units' reports: the office asks for a report (a form of
//! indicators, target units, a due date); a unit fills it in, saves drafts and submits;
//! the office returns it with a comment or a leader approves it (locked after that);
//! the consolidated results as XLSX and as a Decree 30 báo cáo (DOCX).

mod exports;
mod list;
mod page;
mod request;
mod review;

pub use exports::*;
pub use list::*;
pub use page::*;
pub use request::*;
pub use review::*;

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::report::{
    Aggregation, Indicator, IndicatorKind, ReportKind, ReportStatus, RequestForm,
    campaign_indicators, parse_custom_indicator,
};
use dxday_domain::{RequestId, Role, ScopedUnit, UnitId, dates};
use dxday_store::reports::{
    self, Consolidated, Refused, RequestSummary, StoredIndicator, UnitReport, Value,
};
use serde::Deserialize;

use crate::csrf::{CsrfForm, CsrfFormPairs};
use crate::forms::{Errors, Opt, saved};
use crate::listing::{Listing, SortKey};
use crate::middleware::render;
use crate::unit_picker::{self, GroupChoice};
use crate::{AppError, AppState, Ctx, CurrentUser};

/// Custom indicators the request form offers beside the campaign's.
const CUSTOM_ROWS: usize = 3;

fn refused(r: Refused) -> AppError {
    match r {
        Refused::NotFound => AppError::NotFound,
        Refused::Approved => AppError::Conflict("err-report-locked"),
        Refused::Submitted => AppError::Conflict("err-report-submitted"),
        Refused::NotSubmitted => AppError::Conflict("err-report-not-submitted"),
    }
}

use dxday_app::answers;
use dxday_app::format::{period, stamp};
use dxday_app::reports::{UnitRow, consolidated_docx, consolidated_xlsx, unit_rows};
