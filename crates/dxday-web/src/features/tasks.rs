//! The plan's tasks: the office sees the tree with its progress; a unit sees its own
//! assignments and reports status and progress on them.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use dxday_domain::task::{ActivityType, AssignmentRole, TaskForm, parse_progress};
use dxday_domain::{FieldErrors, Role, TaskId, UnitId, dates};
use dxday_store::tasks::{self, AssignmentRow, Status, Task};
use serde::Deserialize;

use crate::csrf::{CsrfForm, CsrfFormPairs};
use crate::forms::{Errors, Opt, saved};
use crate::listing::{Listing, SortKey};
use crate::middleware::render;
use crate::paths;
use crate::unit_picker::{self, GroupChoice};
use crate::{AppError, AppState, Ctx, CurrentUser};
use dxday_app::tasks::{LateUnit, MatrixGroup};

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
    /// The search, sort and page of the tree (office) or the assignments (unit).
    list: Listing,
    /// The state filter (`tinh-trang`): overdue, under way, done, not started.
    states: Vec<Opt>,
    errors: Errors,
    can_create: bool,
    /// Problems of a refused import: (row, column, message).
    import_errors: Vec<(usize, &'static str, String)>,
}

impl TasksPage {
    /// The class that indents a task by its depth (the site's CSP allows no inline
    /// style): `depth-0` … `depth-5`, deeper ones as `depth-5`.
    fn indent(&self, depth: &usize) -> String {
        format!("depth-{}", (*depth).min(5))
    }
}

fn activity_label(ctx: &Ctx, s: &str) -> String {
    ActivityType::parse(s)
        .map(|a| ctx.t(a.label_key()))
        .unwrap_or_default()
}

/// The tasks in tree order (parents before children), with their depth.
fn tree_order(all: Vec<Task>) -> Vec<(Task, usize)> {
    fn walk(all: &[Task], parent: Option<TaskId>, depth: usize, out: &mut Vec<(Task, usize)>) {
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
    let list = Listing::new(paths::TASKS, Vec::new(), "cay");
    listed(app, me, errors, list).await
}

/// The page with its lists searched (`q`: title), sorted (by default in the plan's
/// order; a sorted tree is shown flat) and paged.
async fn listed(
    app: &AppState,
    me: CurrentUser,
    errors: Errors,
    mut list: Listing,
) -> Result<TasksPage, AppError> {
    let Some(campaign) = dxday_app::campaign::current(&app.db).await? else {
        return Ok(TasksPage {
            states: Vec::new(),
            list,
            import_errors: Vec::new(),
            can_create: false,
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
    let today = dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let state = list.param("tinh-trang").to_string();
    let tree: Vec<TreeRow> = tree
        .into_iter()
        .filter(|r| in_state(&state, r.task.progress, r.task.data.due_on, today))
        .collect();
    let flat = list.sort().0 != "cay" || !state.is_empty();
    let tree = list.apply(
        tree,
        |r: &TreeRow| format!("{} {}", r.task.data.title, r.activity),
        |column, r| {
            task_key(
                column,
                r.task.data.due_on,
                &r.task.data.title,
                r.task.progress,
            )
        },
    );
    let tree = tree
        .into_iter()
        .map(|mut r| {
            if flat || !list.q.is_empty() {
                r.depth = 0;
            }
            r
        })
        .collect();
    let mine = match me.own_unit() {
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
    let mine = if me.user.data.role.is_office() {
        mine
    } else {
        let mine = mine
            .into_iter()
            .filter(|r| {
                let due =
                    r.a.due_on
                        .as_deref()
                        .and_then(|d| dates::parse_date(d).ok());
                in_state(&state, r.a.progress, due, today)
            })
            .collect();
        list.apply(
            mine,
            |r: &UnitRow| format!("{} {}", r.a.title, r.activity),
            |column, r| {
                let due =
                    r.a.due_on
                        .as_deref()
                        .and_then(|d| dates::parse_date(d).ok());
                task_key(column, due, &r.a.title, r.a.progress)
            },
        )
    };
    let states = crate::forms::choice(
        me.ctx.lang,
        "audit-filter-any",
        TASK_STATES
            .iter()
            .map(|s| (s.to_string(), me.ctx.t(&format!("tasks-filter-{s}"))))
            .collect(),
        &state,
    );
    Ok(TasksPage {
        states,
        list,
        import_errors: Vec::new(),
        can_create: me.user.data.role.can_manage_setup(),
        ctx: me.ctx,
        tree,
        mine,
        statuses,
        errors,
    })
}

/// The states a task list filters by (`tinh-trang`).
const TASK_STATES: [&str; 4] = ["qua-han", "dang-lam", "chua-bat-dau", "xong"];

/// True when a task (or an assignment) at `progress`, due on `due`, is in `state` on
/// `today` (an empty or unknown state lets everything through).
fn in_state(state: &str, progress: i64, due: Option<time::Date>, today: time::Date) -> bool {
    let overdue = dxday_domain::task::is_overdue(progress, due, today);
    match state {
        "qua-han" => overdue,
        "dang-lam" => (1..100).contains(&progress) && !overdue,
        "chua-bat-dau" => progress == 0 && !overdue,
        "xong" => progress >= 100,
        _ => true,
    }
}

/// What a task column sorts by (`cay`, the default, keeps the plan's order).
fn task_key(column: &str, due: Option<time::Date>, title: &str, progress: i64) -> SortKey {
    match column {
        "han" => SortKey::date(due),
        "ten" => SortKey::text(title),
        "tien-do" => SortKey::num(progress),
        _ => SortKey::num(0),
    }
}

/// `GET /quan-tri/nhiem-vu`.
pub async fn list(
    State(app): State<AppState>,
    me: CurrentUser,
    Query(query): Query<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let list = Listing::new(paths::TASKS, query, "cay");
    render(
        StatusCode::OK,
        &listed(&app, me, Errors::default(), list).await?,
    )
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
    Path(id): Path<TaskId>,
    CsrfForm(form): CsrfForm<ProgressForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_act_for_unit)?;
    let unit = me.own_unit().ok_or(AppError::NotFound)?;
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
        Ok(true) => saved(&me, "flash-saved", paths::TASKS.into()).await,
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

#[derive(Template)]
#[template(path = "admin/task_form.html")]
struct FormPage {
    ctx: Ctx,
    form: TaskForm,
    errors: Errors,
    activities: Vec<Opt>,
    parents: Vec<Opt>,
    leads: Vec<GroupChoice>,
    supports: Vec<GroupChoice>,
}

async fn form_page(
    app: &AppState,
    me: CurrentUser,
    form: TaskForm,
    lead: &[UnitId],
    support: &[UnitId],
    errors: Errors,
) -> Result<FormPage, AppError> {
    let lang = me.ctx.lang;
    let all = match dxday_app::campaign::current(&app.db).await? {
        Some(c) => tree_order(tasks::for_campaign(&app.db, c.id).await?),
        None => Vec::new(),
    };
    let offered = unit_picker::offered(app).await?;
    let mut parents = vec![Opt {
        value: String::new(),
        label: lang.t("tasks-no-parent"),
        selected: form.parent_id.is_empty(),
    }];
    parents.extend(all.into_iter().map(|(t, depth)| Opt {
        selected: t.id.to_string() == form.parent_id,
        value: t.id.to_string(),
        label: format!("{}{}", "— ".repeat(depth), t.data.title),
    }));
    Ok(FormPage {
        activities: ActivityType::ALL
            .iter()
            .map(|a| Opt {
                value: a.as_str().into(),
                label: lang.t(a.label_key()),
                selected: a.as_str() == form.activity,
            })
            .collect(),
        parents,
        leads: unit_picker::groups(lang, &offered, lead),
        supports: unit_picker::groups(lang, &offered, support),
        ctx: me.ctx,
        form,
        errors,
    })
}

/// `GET /quan-tri/nhiem-vu/moi` (office).
pub async fn new_form(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let form = TaskForm {
        activity: "plan_task".into(),
        ..TaskForm::default()
    };
    render(
        StatusCode::OK,
        &form_page(&app, me, form, &[], &[], Errors::default()).await?,
    )
}

/// `POST /quan-tri/nhiem-vu/moi`: the task and its assignments, in one transaction.
pub async fn create(
    State(app): State<AppState>,
    me: CurrentUser,
    CsrfFormPairs(form, pairs): CsrfFormPairs<TaskForm>,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let lead = unit_picker::chosen(&app, &pairs, "lead", "lead_group").await?;
    let support: Vec<UnitId> = unit_picker::chosen(&app, &pairs, "support", "support_group")
        .await?
        .into_iter()
        .filter(|u| !lead.contains(u))
        .collect();
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::BadRequest("err-choice"))?;
    let units: Vec<(UnitId, AssignmentRole)> = lead
        .iter()
        .map(|u| (*u, AssignmentRole::Lead))
        .chain(support.iter().map(|u| (*u, AssignmentRole::Support)))
        .collect();
    let actor = me.actor();
    let write = async |data| {
        tasks::insert(&app.db, actor, campaign.id, &data, &units).await?;
        Ok(paths::TASKS.into())
    };
    let parsed = form.parse();
    crate::forms::save_form(me, parsed, write, async |me, errors| {
        form_page(&app, me, form, &lead, &support, errors).await
    })
    .await
}

/// `POST /quan-tri/nhiem-vu/nhap`: tasks and assignments from a CSV or XLSX file, all
/// or nothing; every bad cell is listed by row and column.
pub async fn import(
    State(app): State<AppState>,
    me: CurrentUser,
    crate::upload::CsrfUpload(up): crate::upload::CsrfUpload,
) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::BadRequest("err-choice"))?;
    let problems = match crate::upload::import_rows(&app, &up, "ma").await? {
        Err(e) => e,
        Ok(rows) => match dxday_domain::task::parse_import(&rows) {
            Err(e) => e,
            Ok(parsed) => match tasks::import(&app.db, me.actor(), campaign.id, &parsed).await? {
                Ok(_) => return saved(&me, "flash-imported", paths::TASKS.into()).await,
                Err(e) => e,
            },
        },
    };
    let lang = me.ctx.lang;
    let mut p = page(&app, me, Errors::default()).await?;
    p.import_errors = problems
        .into_iter()
        .map(|e| (e.row, e.column, lang.t(e.key)))
        .collect();
    render(StatusCode::UNPROCESSABLE_ENTITY, &p)
}

/// `GET /quan-tri/nhiem-vu.xlsx`: the tasks with their units and progress, in the
/// import's columns (a file exported can be edited and imported into another campaign).
pub async fn export(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    use dxday_media::xlsx::Cell;
    me.require(Role::can_manage_setup)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let all = tree_order(tasks::for_campaign(&app.db, campaign.id).await?);
    let assigned = tasks::assignment_codes(&app.db, campaign.id).await?;
    let codes = |task: i64, role: &str| {
        assigned
            .iter()
            .filter(|(t, _, r)| *t == task && r == role)
            .map(|(_, c, _)| c.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let date = |d: Option<time::Date>| d.map_or(Cell::Empty, Cell::Date);
    let rows: Vec<Vec<Cell>> = all
        .iter()
        .map(|(t, _)| {
            vec![
                Cell::Text(t.id.to_string()),
                Cell::Text(t.data.title.clone()),
                Cell::Text(t.data.activity.as_str().into()),
                Cell::Text(t.data.parent_id.map(|p| p.to_string()).unwrap_or_default()),
                date(t.data.starts_on),
                date(t.data.due_on),
                t.data.weight.map_or(Cell::Empty, Cell::Int),
                Cell::Text(codes(t.id.0, "lead")),
                Cell::Text(codes(t.id.0, "support")),
                Cell::Percent(t.progress as f64 / 100.0),
            ]
        })
        .collect();
    let mut headers: Vec<String> = dxday_domain::task::IMPORT_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    headers.push("tien_do".into());
    let bytes = dxday_media::xlsx::workbook(&[dxday_media::xlsx::Sheet {
        name: "nhiem-vu".into(),
        office: dxday_app::campaign::office_heading(&app.db).await?,
        title: format!("{} — {}", me.ctx.t("tasks-title"), campaign.data.title),
        headers,
        rows,
        ..Default::default()
    }])?;
    crate::download::attachment("nhiem-vu.xlsx", crate::download::XLSX, bytes)
}

#[derive(Template)]
#[template(path = "admin/tasks_overview.html")]
struct OverviewPage {
    ctx: Ctx,
    /// The tasks as columns: (link, short name, full title).
    columns: Vec<(String, String, String)>,
    /// The matrix by kind of unit, each with its kind's name.
    groups: Vec<(String, MatrixGroup)>,
    wards: Vec<(String, i64)>,
    late: Vec<LateUnit>,
    late_count: usize,
    /// Each report request: received / targets and the units still missing.
    reports: Vec<(dxday_store::reports::RequestSummary, Vec<String>)>,
}

impl OverviewPage {
    /// "3 việc quá hạn".
    fn late_items(&self, n: usize) -> String {
        self.ctx
            .lang
            .t_count("tasks-late-items", i64::try_from(n).unwrap_or(0))
    }

    fn late_total(&self) -> String {
        self.ctx
            .lang
            .number(i64::try_from(self.late_count).unwrap_or(0))
    }
}

/// A column's name: the task's title, cut at a word near 40 characters.
fn short_title(title: &str) -> String {
    const MAX: usize = 40;
    if title.chars().count() <= MAX {
        return title.to_string();
    }
    let cut: String = title.chars().take(MAX).collect();
    let at = cut.rfind(' ').filter(|i| *i > MAX / 2).unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', ' ']))
}

/// `GET /quan-tri/nhiem-vu/tong-hop` (office): progress per ward and reports received
/// beside each other, units × tasks grouped by kind of unit with named columns and each
/// unit's late count, and the late assignments grouped by unit.
pub async fn overview(State(app): State<AppState>, me: CurrentUser) -> Result<Response, AppError> {
    me.require(Role::can_manage_setup)?;
    let campaign = dxday_app::campaign::current(&app.db)
        .await?
        .ok_or(AppError::NotFound)?;
    let today = dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let o = dxday_app::tasks::overview(&app.db, campaign.id, today).await?;
    let reports = dxday_store::reports::missing_by_request(&app.db, campaign.id).await?;
    let lang = me.ctx.lang;
    let page = OverviewPage {
        ctx: me.ctx,
        columns: o
            .columns
            .into_iter()
            .map(|(id, title)| (paths::reminder("task", id.0), short_title(&title), title))
            .collect(),
        groups: o
            .groups
            .into_iter()
            .map(|g| {
                let label = dxday_domain::unit::UnitKind::parse(&g.kind)
                    .map(|k| lang.t(k.label_key()))
                    .unwrap_or_else(|_| g.kind.clone());
                (label, g)
            })
            .collect(),
        wards: o.wards,
        late: o.late,
        late_count: o.late_count,
        reports,
    };
    render(StatusCode::OK, &page)
}
