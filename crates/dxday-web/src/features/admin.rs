//! The admin home and the audit log.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::Role;
use dxday_store::audit::{self, AuditEntry};

use crate::middleware::render;
use crate::{AppError, AppState, Ctx, CurrentUser};

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    role_label: String,
    unit_name: String,
    /// Documents delivered to the account's unit and not yet confirmed (the inbox badge).
    unread: i64,
    /// The unit's latest deadline reminders.
    reminders: Vec<dxday_store::reminders::Reminder>,
    /// The reports the unit is asked for, and where each stands.
    reports: Vec<dxday_app::reports::UnitRow>,
    /// The unit's tasks at a glance: (assigned, done, overdue, average progress).
    tasks: Option<(usize, usize, usize, i64)>,
    /// The office's waiting work, counted (office roles).
    inbox: Option<dxday_store::inbox::OfficeInbox>,
    /// The campaign's indicators within the account's scope.
    cockpit: Option<dxday_app::indicators::Cockpit>,
    /// The campaigns' years, for the indicators' year.
    years: Vec<i32>,
}

impl DashboardPage {
    fn reminder_text(&self, r: &dxday_store::reminders::Reminder) -> String {
        self.ctx.lang.t_args(
            if r.is_overdue() {
                "reminder-overdue"
            } else {
                "reminder-due"
            },
            &[("due", r.due_dmy()), ("subject", r.message.clone())],
        )
    }
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct DashboardQuery {
    /// The campaign's year for the indicators (the current campaign when empty).
    nam: String,
    /// The indicator charted by unit.
    #[serde(rename = "chi-so")]
    chi_so: String,
}

/// `GET /quan-tri[?nam=2024][&chi-so=KIT_DISPLAY]`: who you are, what waits for you,
/// the campaign's indicators, and what you can manage.
pub async fn dashboard(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(q): Query<DashboardQuery>,
) -> Result<Response, AppError> {
    let role_label = me.ctx.t(me.user.data.role.label_key());
    let unit_name = me.user.unit_name.clone().unwrap_or_default();
    let (unread, reminders, reports) = match me.own_unit() {
        Some(u) => (
            dxday_store::documents::unacknowledged(&app.db, u.id()).await?,
            dxday_store::reminders::for_unit(&app.db, u.id(), 5).await?,
            dxday_app::reports::unit_rows(&app.db, me.ctx.lang, u).await?,
        ),
        None => (0, Vec::new(), Vec::new()),
    };
    let campaign = dxday_app::campaign::current(&app.db).await?;
    let today = dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let tasks = match (me.own_unit(), &campaign) {
        (Some(u), Some(c)) => dxday_app::tasks::unit_summary(&app.db, c.id, u, today).await?,
        _ => None,
    };
    let inbox = if me.user.data.role.is_office() {
        Some(
            dxday_store::inbox::office_inbox(
                &app.db,
                &me.scope,
                campaign.as_ref().map(|c| c.id),
                today,
            )
            .await?,
        )
    } else {
        None
    };
    let office = me.user.data.role.is_office();
    let shown = if q.nam.trim().is_empty() {
        campaign.clone()
    } else {
        dxday_app::campaign::of_year(&app.db, &q.nam).await?
    };
    let own = if office {
        None
    } else {
        me.own_unit().map(|u| u.id())
    };
    let cockpit = match shown {
        Some(c) if office || own.is_some() => Some(
            dxday_app::indicators::dashboard(
                &app.db,
                me.ctx.lang,
                &me.scope,
                c.id,
                own,
                Some(q.chi_so.trim()).filter(|p| !p.is_empty()),
            )
            .await?,
        ),
        _ => None,
    };
    let years = dxday_store::campaigns::list_public(&app.db)
        .await?
        .into_iter()
        .map(|c| c.data.year)
        .collect();
    render(
        StatusCode::OK,
        &DashboardPage {
            cockpit,
            years,
            ctx: me.ctx,
            role_label,
            unit_name,
            unread,
            reminders,
            reports,
            tasks,
            inbox,
        },
    )
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    ctx: Ctx,
    entries: Vec<AuditEntry>,
}

/// `GET /quan-tri/nhat-ky`: the latest 200 changes (admin only).
pub async fn audit_log(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_users)?;
    let entries = audit::latest(&app.db, 200).await?;
    render(
        StatusCode::OK,
        &AuditPage {
            ctx: me.ctx,
            entries,
        },
    )
}
