//! Deadline reminders: the daily job, the office's reminder by hand of the units that
//! have not sent a report, and the e-mail both send to the units' focal points.

use axum::extract::{Path, State};
use axum::response::Response;
use dxday_domain::{RequestId, Role, dates};
use dxday_store::reminders::{self, NewReminder};

use crate::csrf::CsrfForm;
use crate::forms::{Empty, saved};
use crate::paths;
use crate::{AppError, AppState, CurrentUser};

/// The reminder job: creates today's deadline reminders (each at most once, whatever
/// the number of runs or nodes) and e-mails the units' focal points when SMTP is
/// configured; the dashboard shows them in the app.
pub async fn run_reminders(app: &AppState) -> Result<usize, AppError> {
    let today = dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let created = reminders::run(&app.db, today).await?;
    notify(app, &created).await?;
    Ok(created.len())
}

/// E-mails each new reminder to its unit's focal points (when SMTP is configured).
async fn notify(app: &AppState, created: &[NewReminder]) -> Result<(), AppError> {
    let Some(mailer) = &app.config.mailer else {
        return Ok(());
    };
    for r in created {
        let to = reminders::focal_points(&app.db, r.unit_id).await?;
        if to.is_empty() {
            continue;
        }
        let lang = crate::Lang::Vi;
        let text = lang.t_args(
            if reminders::is_overdue_rule(&r.rule) {
                "reminder-overdue"
            } else {
                "reminder-due"
            },
            &[
                ("due", dates::format_dmy(r.due_on)),
                ("subject", r.message.clone()),
            ],
        );
        let notice = crate::mail::Notice {
            to,
            subject: text.clone(),
            body: format!(
                "{text}\n\n{}{}",
                app.config.public_url,
                paths::reminder(&r.subject, r.subject_id)
            ),
        };
        mailer.send(&notice).await;
    }
    Ok(())
}

/// `POST /quan-tri/bao-cao/{id}/nhac` (office): reminds the units that have not sent
/// their report, on their dashboard and by e-mail; once a day per unit.
pub async fn remind_missing(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<RequestId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    dxday_store::reports::get(&app.db, id)
        .await?
        .filter(|r| r.sent_at.is_some())
        .ok_or(AppError::NotFound)?;
    let today = dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let created = reminders::remind_missing_reports(&app.db, me.actor(), id, today).await?;
    notify(&app, &created).await?;
    let flash = if created.is_empty() {
        "flash-reminded-none"
    } else {
        "flash-reminded"
    };
    saved(&me, flash, paths::REPORT.with(id)).await
}
