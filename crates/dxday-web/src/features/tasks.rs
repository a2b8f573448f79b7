//! The plan's tasks: the office sees the tree with its progress; a unit sees its own
//! assignments and reports status and progress on them.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::task::{ActivityType, parse_progress};
use dxday_domain::{FieldErrors, dates};
use dxday_store::tasks::{self, AssignmentRow, Status, Task};
use serde::Deserialize;

use crate::csrf::CsrfForm;
use crate::features::studio::current_campaign;
use crate::forms::{Errors, saved};
use crate::middleware::render;
use crate::{AppError, AppState, Ctx, CurrentUser};

/// One line of the office's tree.
pub struct TreeRow {
    pub task: Task,
    pub depth: usize,
    pub activity: String,
    pub window: String,
}

/// One line of a unit's list.
pub struct UnitRow {
    pub a: AssignmentRow,
    pub activity: String,
    pub role_key: String,
    pub due: String,
}

#[derive(Template)]
#[template(path = "admin/tasks.html")]
struct TasksPage {
    ctx: Ctx,
    tree: Vec<TreeRow>,
    mine: Vec<UnitRow>,
    statuses: Vec<Status>,
    errors: Errors,
}

impl TasksPage {
    fn indent(&self, depth: &usize) -> String {
        format!("padding-left: {}rem", depth * 2)
    }
}

fn activity_label(ctx: &Ctx, s: &str) -> String {
    ActivityType::parse(s)
        .map(|a| ctx.t(&a.label_key()))
        .unwrap_or_default()
}

/// The tasks in tree order (parents before children), with their depth.
fn tree_order(all: Vec<Task>) -> Vec<(Task, usize)> {
    fn walk(all: &[Task], parent: Option<i64>, depth: usize, out: &mut Vec<(Task, usize)>) {
        for t in all.iter().filter(|t| t.data.parent_id == parent) {
            out.push((t.clone(), depth));
            if depth < 50 {
                walk(all, Some(t.id), depth + 1, out);
            }
        }
    }
    let mut out = Vec::with_capacity(all.len());
    walk(&all, None, 0, &mut out);
    out
}

async fn page(app: &AppState, me: CurrentUser, errors: Errors) -> Result<TasksPage, AppError> {
    let Some(campaign) = current_campaign(app).await? else {
        return Ok(TasksPage {
            ctx: me.ctx,
            tree: Vec::new(),
            mine: Vec::new(),
            statuses: Vec::new(),
            errors,
        });
    };
    let statuses = tasks::statuses(&app.db, campaign.id).await?;
    let tree = if me.user.data.role.is_office() {
        tree_order(tasks::for_campaign(&app.db, campaign.id).await?)
            .into_iter()
            .map(|(task, depth)| TreeRow {
                activity: activity_label(&me.ctx, task.data.activity.as_str()),
                window: format!(
                    "{} – {}",
                    task.data
                        .starts_on
                        .map(dates::format_dmy)
                        .unwrap_or_default(),
                    task.data.due_on.map(dates::format_dmy).unwrap_or_default()
                ),
                task,
                depth,
            })
            .collect()
    } else {
        Vec::new()
    };
    let mine = match me.user.data.unit_id {
        Some(u) => tasks::assignments_of(&app.db, campaign.id, u)
            .await?
            .into_iter()
            .map(|a| UnitRow {
                activity: activity_label(&me.ctx, &a.activity),
                role_key: format!("tasks-role-{}", a.role),
                due: a
                    .due_on
                    .as_deref()
                    .and_then(|d| dates::parse_date(d).ok())
                    .map(dates::format_dmy)
                    .unwrap_or_default(),
                a,
            })
            .collect(),
        None => Vec::new(),
    };
    Ok(TasksPage {
        ctx: me.ctx,
        tree,
        mine,
        statuses,
        errors,
    })
}

/// `GET /quan-tri/nhiem-vu`.
pub async fn list(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    render(StatusCode::OK, &page(&app, me, Errors::default()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProgressForm {
    status_id: String,
    progress: String,
}

/// `POST /quan-tri/nhiem-vu/{id}/tien-do`: a unit reports on its own assignment
/// (another unit's task answers 404).
pub async fn report(
    State(app): State<AppState>,
    me: CurrentUser,
    Path(id): Path<i64>,
    CsrfForm(form): CsrfForm<ProgressForm>,
) -> Result<Response, AppError> {
    let unit = me.user.data.unit_id.ok_or(AppError::NotFound)?;
    let lang = me.ctx.lang;
    let mut e = FieldErrors::default();
    let status = match form.status_id.trim() {
        "" => None,
        s => match s.parse::<i64>() {
            Ok(v) => Some(v),
            Err(_) => {
                e.add("status_id", "err-choice");
                None
            }
        },
    };
    let progress = if form.progress.trim().is_empty() {
        None
    } else {
        e.check("progress", parse_progress(&form.progress))
    };
    if !e.is_empty() {
        return render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page(&app, me, Errors::from_fields(lang, &e)).await?,
        );
    }
    match tasks::report(&app.db, me.actor(), id, unit, status, progress).await {
        Ok(true) => saved(&me, "flash-saved", "/quan-tri/nhiem-vu".into()).await,
        Ok(false) => Err(AppError::NotFound),
        Err(err) => {
            let errors = crate::forms::field_error(lang, err)?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &page(&app, me, errors).await?,
            )
        }
    }
}
