//! Display evidence: each unit declares where it showed the identity kit (portal,
//! electronic board, public screen, app, social page), the days shown and a photo or
//! screenshot; the office sees a table of units × channels, each cell full, partial or
//! none against the display window (01/10–10/10), and exports it to XLSX. A unit sees
//! and edits only its own declarations; another unit's answer 404.

mod declarations;
mod office;
mod unit;

pub use declarations::*;
pub use office::*;
pub use unit::*;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use dxday_domain::display::{Channel, Coverage, Covered, DisplayData, DisplayForm, covered};
use dxday_domain::unit::UnitKind;
use dxday_domain::{DisplayId, FieldErrors, Role, ScopedUnit, UnitId};
use dxday_media::kit::AssetFormat;
use dxday_media::xlsx::{Cell, Sheet};
use dxday_store::campaigns::Campaign;
use dxday_store::display::{self, Evidence, Photo};
use time::Date;

use crate::csrf::CsrfForm;
use crate::download::{XLSX, attachment};
use crate::forms::{Errors, Opt, choice, options, saved};
use crate::listing::{Listing, SortKey};
use crate::middleware::render;
use crate::{AppError, AppState, Ctx, CurrentUser, Lang};

/// Largest evidence photo.
pub const PHOTO_LIMIT: usize = 10 * 1024 * 1024;
/// The form's body limit: the photo and the fields.
pub const UPLOAD_LIMIT: usize = PHOTO_LIMIT + 64 * 1024;

/// "01/10–05/10, 07/10–10/10".
fn periods_text(periods: &[(Date, Date)]) -> String {
    let dm = |d: Date| format!("{:02}/{:02}", d.day(), u8::from(d.month()));
    periods
        .iter()
        .map(|(a, b)| {
            if a == b {
                dm(*a)
            } else {
                format!("{}–{}", dm(*a), dm(*b))
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// One cell of the table: a unit's coverage of the window on one channel.
pub struct CoverCell {
    pub coverage: Coverage,
    pub days: i64,
    pub window_days: i64,
    pub periods: String,
}

impl CoverCell {
    fn of(c: Covered) -> CoverCell {
        CoverCell {
            coverage: c.coverage,
            days: c.days,
            window_days: c.window_days,
            periods: periods_text(&c.periods),
        }
    }

    /// The cell as text (the XLSX and screen readers): "Đủ · 01/10–10/10".
    fn text(&self, lang: Lang) -> String {
        let label = lang.t(self.coverage.label_key());
        match self.coverage {
            Coverage::None => label,
            Coverage::Full => format!("{label} · {}", self.periods),
            Coverage::Partial => format!(
                "{label} ({}/{} {}) · {}",
                self.days,
                self.window_days,
                lang.t("display-days"),
                self.periods
            ),
        }
    }
}

/// The coverage of each channel by some declarations.
fn cells(window: (Date, Date), evidence: &[&Evidence]) -> Vec<CoverCell> {
    Channel::ALL
        .iter()
        .map(|ch| {
            let periods: Vec<(Date, Date)> = evidence
                .iter()
                .filter(|e| e.data.channel == *ch)
                .map(|e| (e.data.shown_from, e.data.shown_to))
                .collect();
            CoverCell::of(covered(window, &periods))
        })
        .collect()
}

fn window_of(c: &Campaign) -> (Date, Date) {
    (c.data.display_from, c.data.display_to)
}

fn window_text(c: &Campaign) -> String {
    format!(
        "{} – {}",
        dxday_domain::dates::format_dmy(c.data.display_from),
        dxday_domain::dates::format_dmy(c.data.display_to)
    )
}

/// The units asked to display the kit: every active unit but the People's Committees
/// and the office itself, by name.
async fn displaying_units(app: &AppState) -> Result<Vec<(UnitId, String)>, AppError> {
    Ok(dxday_store::units::directory(&app.db)
        .await?
        .into_iter()
        .filter(|u| {
            !u.archived && !matches!(u.data.kind, UnitKind::PeoplesCommittee | UnitKind::Office)
        })
        .map(|u| (u.id, u.data.name))
        .collect())
}

/// The account's own unit, when it declares evidence (a unit's focal point; the
/// office and community team members do not).
fn declaring_unit(me: &CurrentUser) -> Result<ScopedUnit, AppError> {
    let unit = me.own_unit().ok_or(AppError::NotFound)?;
    if me.user.data.role.is_office() || me.user.data.role == Role::CommunityTeamMember {
        return Err(AppError::Forbidden);
    }
    Ok(unit)
}
