//! Deadline reminders for task assignments and report requests (T-7, T-3, T-1, each
//! day overdue). The job
//! may run as often as it likes and on several nodes: a reminder is a row with a
//! unique (subject, unit, rule), and only the insert that creates it counts as sent.

use dxday_domain::UnitId;
use dxday_domain::task::reminder_rule;
use serde::Serialize;
use sqlx::{Any, FromRow};
use time::{Date, OffsetDateTime};

use crate::time_text::{date, date_text, instant, now_text};
use crate::{Db, StoreError};

/// A reminder that this run created (to notify, e.g. by e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewReminder {
    /// `task` or `report`.
    pub subject: String,
    pub unit_id: UnitId,
    pub rule: String,
    pub due_on: Date,
    /// The task's or the request's title.
    pub message: String,
    /// The task's or the request's id (the web makes the link).
    pub subject_id: i64,
}

/// A unit's reminder, for its dashboard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reminder {
    pub rule: String,
    pub due_on: Date,
    /// The task's title.
    pub message: String,
    /// `task` or `report`, and its id (the web makes the link).
    pub subject: String,
    pub subject_id: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: OffsetDateTime,
}

#[derive(FromRow)]
struct ReminderRow {
    rule: String,
    due_on: String,
    message: String,
    subject: String,
    subject_id: i64,
    created_at: String,
}

impl TryFrom<ReminderRow> for Reminder {
    type Error = StoreError;
    fn try_from(r: ReminderRow) -> Result<Reminder, StoreError> {
        Ok(Reminder {
            rule: r.rule,
            due_on: date(&r.due_on)?,
            message: r.message,
            subject: r.subject,
            subject_id: r.subject_id,
            created_at: instant(&r.created_at)?,
        })
    }
}

impl Reminder {
    /// True for a reminder sent after the due date.
    pub fn is_overdue(&self) -> bool {
        is_overdue_rule(&self.rule)
    }

    /// The due date as dd/mm/yyyy.
    pub fn due_dmy(&self) -> String {
        dxday_domain::dates::format_dmy(self.due_on)
    }
}

/// True for the rule of a reminder sent after the due date (by the job or by hand).
pub fn is_overdue_rule(rule: &str) -> bool {
    rule.starts_with("overdue") || rule.starts_with("manual-overdue")
}

#[derive(FromRow)]
struct Open {
    subject: String,
    task_id: i64,
    unit_id: i64,
    title: String,
    due_on: String,
}

/// Creates the reminders due `today` for assignments not finished (progress < 100)
/// and for reports the office does not have yet (none, a draft, or returned);
/// returns the ones this run created. Running it again the same day creates none.
pub async fn run(db: &Db, today: Date) -> Result<Vec<NewReminder>, StoreError> {
    let open = sqlx::query_as::<Any, Open>(
        "SELECT 'task' AS subject, a.task_id, a.unit_id, t.title, COALESCE(a.due_on, t.due_on) AS due_on
         FROM task_assignments a JOIN tasks t ON t.id = a.task_id
         WHERE a.progress < 100 AND a.role <> 'watch' AND COALESCE(a.due_on, t.due_on) IS NOT NULL
         UNION ALL
         SELECT 'report' AS subject, r.id AS task_id, t.unit_id, r.title, r.due_on
         FROM report_requests r
         JOIN report_targets t ON t.request_id = r.id
         LEFT JOIN unit_reports u ON u.request_id = r.id AND u.unit_id = t.unit_id
         WHERE r.sent_at IS NOT NULL AND (u.status IS NULL OR u.status IN ('draft', 'returned'))",
    )
    .fetch_all(db.pool())
    .await?;
    let mut conn = db.pool().acquire().await?;
    let mut created = Vec::new();
    for o in open {
        let due = date(&o.due_on)?;
        let Some(rule) = reminder_rule(due, today) else {
            continue;
        };
        created.extend(insert(&mut conn, o, rule, due).await?);
    }
    Ok(created)
}

/// Records the reminder `rule` of an open assignment or report; `None` when it was
/// already recorded (the unique key makes a reminder once, whoever runs it).
async fn insert(
    conn: &mut sqlx::AnyConnection,
    o: Open,
    rule: String,
    due: Date,
) -> Result<Option<NewReminder>, StoreError> {
    // The link column is kept for rows written before 0.13; the web makes links, and
    // the page and the e-mail word the title in the reader's language.
    let n = sqlx::query::<Any>(
        "INSERT INTO reminders (subject, subject_id, unit_id, rule, due_on, message, link, created_at)
         VALUES ($7, $1, $2, $3, $4, $5, '', $6)
         ON CONFLICT (subject, subject_id, unit_id, rule) DO NOTHING",
    )
    .bind(o.task_id)
    .bind(o.unit_id)
    .bind(&rule)
    .bind(date_text(due))
    .bind(&o.title)
    .bind(now_text())
    .bind(&o.subject)
    .execute(conn)
    .await?
    .rows_affected();
    Ok((n == 1).then_some(NewReminder {
        subject: o.subject,
        unit_id: UnitId(o.unit_id),
        rule,
        due_on: due,
        message: o.title,
        subject_id: o.task_id,
    }))
}

/// A unit's latest reminders.
pub async fn for_unit(db: &Db, unit: UnitId, limit: i64) -> Result<Vec<Reminder>, StoreError> {
    sqlx::query_as::<Any, ReminderRow>(
        "SELECT rule, due_on, message, subject, subject_id, created_at FROM reminders
         WHERE unit_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2",
    )
    .bind(unit.0)
    .bind(limit)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(Reminder::try_from)
    .collect()
}

/// The e-mail addresses of a unit's focal points.
pub async fn focal_points(db: &Db, unit: UnitId) -> Result<Vec<String>, StoreError> {
    Ok(sqlx::query_scalar::<Any, String>(
        "SELECT email FROM users WHERE unit_id = $1 AND role = 'unit_focal_point' AND archived_at IS NULL ORDER BY email",
    )
    .bind(unit.0)
    .fetch_all(db.pool())
    .await?)
}

/// The office reminds by hand the target units of a sent request that have not sent
/// their report (none, a draft, or returned): one reminder per unit and day (clicking
/// again the same day reminds no one twice); returns the ones created.
pub async fn remind_missing_reports(
    db: &Db,
    actor: Option<dxday_domain::UserId>,
    request: dxday_domain::RequestId,
    today: Date,
) -> Result<Vec<NewReminder>, StoreError> {
    crate::audit::write(db, actor, async |tx| {
        let open = sqlx::query_as::<Any, Open>(
            "SELECT 'report' AS subject, r.id AS task_id, t.unit_id, r.title, r.due_on
             FROM report_requests r
             JOIN report_targets t ON t.request_id = r.id
             LEFT JOIN unit_reports u ON u.request_id = r.id AND u.unit_id = t.unit_id
             WHERE r.id = $1 AND r.sent_at IS NOT NULL AND (u.status IS NULL OR u.status IN ('draft', 'returned'))
             ORDER BY t.unit_id",
        )
        .bind(request.0)
        .fetch_all(&mut *tx)
        .await?;
        let mut created = Vec::new();
        for o in open {
            let due = date(&o.due_on)?;
            let kind = if today > due { "manual-overdue" } else { "manual" };
            let rule = format!("{kind}-{}", date_text(today));
            created.extend(insert(&mut *tx, o, rule, due).await?);
        }
        let units: Vec<i64> = created.iter().map(|r| r.unit_id.0).collect();
        let entry = crate::audit::Entry::new("report_request.remind", "report_request", request.0)
            .after(&serde_json::json!({ "unit_ids": units }));
        Ok((created, entry))
    })
    .await
}
