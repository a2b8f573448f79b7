//! Online-payment streets (tuyến phố thanh toán trực tuyến): a ward keeps its streets
//! and their merchants (by hand or imported from CSV/XLSX, all or nothing), sees each
//! street's share of shops that accept cashless payment, and launches a street when it
//! meets its target; the office sees every ward's and exports them. The public page
//! `/tuyen-pho-so` lists the streets by ward with their shops and VietQR codes.

mod merchants;
mod public;
mod standees;
mod streets;
mod transfer;

pub use merchants::*;
pub use public::*;
pub use standees::*;
pub use streets::*;
pub use transfer::*;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_domain::banks::{self, Bank};
use dxday_domain::payment::{
    MerchantForm, MerchantKind, StreetForm, StreetStatus, fold_key, parse_merchant_import,
};
use dxday_domain::vietqr::VietQr;
use dxday_domain::{MerchantId, StreetId, UnitId};
use dxday_store::payments::{self, Merchant, Street};

use crate::csrf::CsrfForm;
use crate::download::{XLSX, attachment};
use crate::forms::{Errors, Opt, choice, options, save_form, saved};
use crate::listing::{Listing, SortKey};
use crate::middleware::render;
use crate::{AppError, AppState, Ctx, CurrentUser, Lang};

/// Largest import file (a ward's merchants fit in far less).
pub const IMPORT_LIMIT: usize = 5 * 1024 * 1024;

/// The ward an account keeps streets for: a ward's focal point (others: 403).
async fn ward_of(app: &AppState, me: &CurrentUser) -> Result<UnitId, AppError> {
    me.own_ward(&app.db).await
}

/// A street the account may see: the office any, a ward its own (others: 404).
async fn visible_street(
    app: &AppState,
    me: &CurrentUser,
    id: StreetId,
) -> Result<Street, AppError> {
    payments::street(&app.db, &me.scope, id)
        .await?
        .ok_or(AppError::NotFound)
}

fn status_options(lang: Lang, selected: &str) -> Vec<Opt> {
    options(
        &StreetStatus::ALL,
        |s| s.as_str().into(),
        |s| lang.t(s.label_key()),
        selected,
    )
}

fn kind_options(lang: Lang, selected: &str) -> Vec<Opt> {
    options(
        &MerchantKind::ALL,
        |k| k.as_str().into(),
        |k| lang.t(k.label_key()),
        selected,
    )
}

fn bank_options(lang: Lang, list: &[Bank], selected: &str) -> Vec<Opt> {
    let mut out = vec![Opt {
        value: String::new(),
        label: lang.t("merchant-no-bank"),
        selected: selected.is_empty(),
    }];
    out.extend(list.iter().map(|b| Opt {
        value: b.bin.clone(),
        label: format!("{} ({}) – {}", b.short_name, b.bin, b.name),
        selected: b.bin == selected,
    }));
    out
}

use dxday_app::payments::bank_name;

/// A street as the lists show it.
pub struct StreetLine {
    pub s: Street,
    pub status: String,
    pub percent: String,
    pub segment: String,
}

fn street_line(lang: Lang, s: Street) -> StreetLine {
    StreetLine {
        status: lang.t(s.data.status.label_key()),
        percent: s
            .percent()
            .map(|p| format!("{p} %"))
            .unwrap_or_else(|| "—".into()),
        segment: dxday_app::payments::segment(&s.data),
        s,
    }
}
