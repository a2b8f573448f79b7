//! Community digital technology teams (tổ công nghệ số cộng đồng): a ward's focal point
//! keeps its residential groups (by hand or imported, all or nothing), its teams and
//! their members; the office sees every ward's. Members are personal data: another
//! ward's team or member answers 404, and the public page `/to-cong-nghe-so` shows only
//! active teams with their group and the contact they chose to publish.

mod activities;
mod admin;
mod members;
mod public;
mod reports;
mod rollup;
mod targets;

pub use activities::*;
pub use admin::*;
pub use members::*;
pub use public::*;
pub use reports::*;
pub use rollup::*;
pub use targets::*;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use dxday_domain::team::{GroupForm, MemberForm, MemberRole, Platform, TeamForm, TeamStatus};
use dxday_domain::{MemberId, TeamId, UnitId};
use dxday_store::teams::{self, Group, Member, Team};

use crate::csrf::CsrfForm;
use crate::forms::{Errors, Opt, choice, options, save_form, saved};
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

/// Who works with the teams' activities and reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Access {
    /// The office: reads every ward's, reviews the wards' reports.
    Office,
    /// A ward's focal point: keeps its teams, records for them, reviews their reports.
    Ward(UnitId),
    /// A community team member: records and reports for one team of its ward.
    Member { ward: UnitId, team: TeamId },
}

impl Access {
    /// The account's: a team member's team is the one its ward put it on (403 until then).
    async fn of(app: &AppState, me: &CurrentUser) -> Result<Access, AppError> {
        let role = me.user.data.role;
        if role.is_office() {
            return Ok(Access::Office);
        }
        if role == dxday_domain::Role::CommunityTeamMember {
            let ward = me.user.data.unit_id.ok_or_else(|| me.forbidden())?;
            let team = teams::account_team(&app.db, me.user.id)
                .await?
                .ok_or_else(|| me.forbidden())?;
            return Ok(Access::Member { ward, team });
        }
        me.own_ward(&app.db).await.map(Access::Ward)
    }

    /// The one team a member works for.
    fn team(self) -> Option<TeamId> {
        match self {
            Access::Member { team, .. } => Some(team),
            _ => None,
        }
    }

    /// The ward that records for `team`, when this account may (its ward's focal point,
    /// or its own member).
    fn records_for(self, team: &Team) -> Option<UnitId> {
        match self {
            Access::Ward(w) if w == team.ward_id => Some(w),
            Access::Member { ward, team: t } if t == team.id && ward == team.ward_id => Some(ward),
            _ => None,
        }
    }

    /// The team `id` as this account may see it: another ward's, or for a member
    /// another team, is not found.
    async fn visible_team(
        self,
        app: &AppState,
        me: &CurrentUser,
        id: TeamId,
    ) -> Result<Team, AppError> {
        if self.team().is_some_and(|t| t != id) {
            return Err(AppError::NotFound);
        }
        teams::team(&app.db, &me.scope, id)
            .await?
            .ok_or(AppError::NotFound)
    }
}

/// A refusal of the teams' store as the answer to give.
fn refused(r: teams::WorkRefused) -> AppError {
    use teams::WorkRefused::*;
    match r {
        NotFound => AppError::NotFound,
        PeriodClosed => AppError::Conflict("err-team-period-closed"),
        Approved => AppError::Conflict("err-team-report-locked"),
        Submitted => AppError::Conflict("err-team-report-submitted"),
        NotSubmitted => AppError::Conflict("err-team-report-not-submitted"),
    }
}

/// The ward of an account that may change teams (403 for the office and others).
async fn ward_keeper(app: &AppState, me: &CurrentUser) -> Result<UnitId, AppError> {
    keeper(app, me).await?.ok_or_else(|| me.forbidden())
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
