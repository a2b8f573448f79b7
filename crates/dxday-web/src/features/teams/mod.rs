//! Community digital technology teams (tổ công nghệ số cộng đồng): a ward's focal point
//! keeps its residential groups (by hand or imported, all or nothing), its teams and
//! their members; the office sees every ward's. Members are personal data: another
//! ward's team or member answers 404, and the public page `/to-cong-nghe-so` shows only
//! active teams with their group and the contact they chose to publish.

mod admin;
mod members;
mod public;

pub use admin::*;
pub use members::*;
pub use public::*;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::team::{GroupForm, MemberForm, MemberRole, Platform, TeamForm, TeamStatus};
use dxday_domain::{MemberId, TeamId, UnitId};
use dxday_store::teams::{self, Group, Member, Team};

use crate::csrf::CsrfForm;
use crate::forms::{Errors, Opt, options, save_form, saved};
use crate::middleware::render;
use crate::paths;
use crate::{AppError, AppState, Ctx, CurrentUser, Lang};

/// Who may open the teams' pages: the office (every ward's) and a ward's focal point
/// (its own); `Some(ward)` for the ward, which may also change them.
async fn keeper(app: &AppState, me: &CurrentUser) -> Result<Option<UnitId>, AppError> {
    if me.user.data.role.is_office() {
        Ok(None)
    } else {
        me.own_ward(&app.db).await.map(Some)
    }
}

/// The ward of an account that may change teams (403 for the office and others).
async fn ward_keeper(app: &AppState, me: &CurrentUser) -> Result<UnitId, AppError> {
    keeper(app, me).await?.ok_or(AppError::Forbidden)
}

fn status_options(lang: Lang, selected: &str) -> Vec<Opt> {
    options(
        &TeamStatus::ALL,
        |s| s.as_str().into(),
        |s| lang.t(s.label_key()),
        selected,
    )
}

fn role_options(lang: Lang, selected: &str) -> Vec<Opt> {
    options(
        &MemberRole::ALL,
        |s| s.as_str().into(),
        |s| lang.t(s.label_key()),
        selected,
    )
}

fn platform_options(lang: Lang, selected: &str) -> Vec<Opt> {
    let mut v = vec![Opt {
        value: String::new(),
        label: lang.t("teams-no-platform"),
        selected: selected.is_empty(),
    }];
    v.extend(options(
        &Platform::ALL,
        |s| s.as_str().into(),
        |s| lang.t(s.label_key()),
        selected,
    ));
    v
}

/// A choice among `items` (id, label) with an empty first option labelled `none`.
fn choice(lang: Lang, none: &str, items: Vec<(String, String)>, selected: &str) -> Vec<Opt> {
    let mut v = vec![Opt {
        value: String::new(),
        label: lang.t(none),
        selected: selected.is_empty(),
    }];
    v.extend(items.into_iter().map(|(value, label)| Opt {
        selected: value == selected,
        value,
        label,
    }));
    v
}
