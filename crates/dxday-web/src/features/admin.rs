//! The admin home and the audit log.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::Role;
use dxday_domain::dates;
use dxday_store::audit::{self, AuditFilter};
use std::collections::HashMap;

use crate::forms::{Opt, choice};
use crate::listing::Listing;
use crate::middleware::render;
use crate::paths;
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
    list: Listing,
    lines: Vec<AuditLine>,
    actors: Vec<Opt>,
    kinds: Vec<Opt>,
    record: String,
    from: String,
    to: String,
}

/// An entry as the page shows it: worded, with a link to its record and its history.
struct AuditLine {
    line: dxday_app::audit::Line,
    href: Option<String>,
    history: Option<String>,
}

/// Where a record of the log lives, when it has a page.
fn record_href(entity: &str, id: i64) -> Option<String> {
    let route = match entity {
        "unit" => paths::UNIT,
        "user" => paths::USER,
        "campaign" => paths::CAMPAIGN,
        "document" => paths::DOCUMENT,
        "report_request" => paths::REPORT,
        "payment_street" => paths::STREET,
        "merchant" => paths::MERCHANT,
        "indicator" => paths::INDICATOR,
        "community_team" => paths::TEAM,
        "team_member" => paths::MEMBER,
        "team_activity" => paths::TEAM_ACTIVITY,
        "nomination" => paths::HONOURS_NOMINATION,
        "council_session" => paths::HONOURS_SESSION,
        "award_decision" => paths::HONOURS_DECISION,
        "movement" => paths::HONOURS_MOVEMENT,
        "display_evidence" => paths::DISPLAY_ITEM,
        "task" => return Some(paths::reminder("task", id)),
        "frame" => return Some(paths::FRAMES.to_string()),
        "kit_asset" => return Some(paths::KIT_ADMIN.to_string()),
        _ => return None,
    };
    Some(route.with(id))
}

/// `GET /quan-tri/nhat-ky`: the changes, newest first, 50 a page, filtered by person
/// (`nguoi`), kind of record (`loai`), record (`ma`) and days (`tu`, `den`) (admin only).
pub async fn audit_log(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_users)?;
    let lang = me.ctx.lang;
    let mut list = Listing::new(paths::AUDIT_LOG, query, "-id");
    let from = dates::parse_date(list.param("tu")).ok();
    let to = dates::parse_date(list.param("den")).ok();
    let midnight = |d: time::Date| d.midnight().assume_offset(dates::VIETNAM_OFFSET);
    let filter = AuditFilter {
        actor: list.param("nguoi").parse().ok(),
        entity: Some(list.param("loai").to_string()).filter(|e| !e.is_empty()),
        entity_id: list.param("ma").parse().ok(),
        from: from.map(midnight),
        until: to.and_then(|d| d.next_day()).map(midnight),
    };
    let (offset, limit) = list.paged_by_database(audit::count(&app.db, &filter).await?);
    let units: HashMap<i64, String> = dxday_store::units::directory(&app.db)
        .await?
        .into_iter()
        .map(|u| (u.id.0, u.data.name))
        .collect();
    let lines = audit::page(&app.db, &filter, offset, limit)
        .await?
        .iter()
        .map(|e| AuditLine {
            href: e.entity_id.and_then(|id| record_href(&e.entity, id)),
            history: e
                .entity_id
                .filter(|_| filter.entity_id.is_none())
                .map(|id| {
                    let qs = serde_urlencoded::to_string([
                        ("loai", e.entity.as_str()),
                        ("ma", &id.to_string()),
                    ]);
                    format!("{}?{}", paths::AUDIT_LOG, qs.unwrap_or_default())
                }),
            line: dxday_app::audit::line(lang, e, &units),
        })
        .collect();
    let actors = choice(
        lang,
        "audit-filter-any",
        audit::actors(&app.db)
            .await?
            .into_iter()
            .map(|(id, name, email)| (id.to_string(), format!("{name} ({email})")))
            .collect(),
        list.param("nguoi"),
    );
    let mut kinds: Vec<(String, String)> = audit::entities(&app.db)
        .await?
        .into_iter()
        .map(|e| {
            let label = dxday_app::audit::kind_label(lang, &e);
            (e, label)
        })
        .collect();
    kinds.sort_by(|a, b| dxday_domain::collation::compare(&a.1, &b.1));
    let kinds = choice(lang, "audit-filter-any", kinds, list.param("loai"));
    render(
        StatusCode::OK,
        &AuditPage {
            ctx: me.ctx,
            record: list.param("ma").to_string(),
            from: from.map(dates::format_iso).unwrap_or_default(),
            to: to.map(dates::format_iso).unwrap_or_default(),
            list,
            lines,
            actors,
            kinds,
        },
    )
}
