//! The plan's tasks as the office follows them: units × tasks with status colours,
//! progress per ward, the late assignments.

use std::collections::{HashMap, HashSet};

use dxday_domain::{CampaignId, ScopedUnit, TaskId, dates};
use dxday_store::Db;
use dxday_store::tasks::{self, Cell};
use time::Date;

use crate::Error;

/// A cell of the overview: progress and how it stands.
pub struct MatrixCell {
    pub progress: i64,
    /// CSS class: done, going, late, idle.
    pub state: &'static str,
}

/// A unit's row of the overview.
pub struct MatrixRow {
    pub unit: String,
    pub cells: Vec<Option<MatrixCell>>,
    pub average: i64,
    /// Its assignments past their deadline and not done.
    pub late: usize,
}

/// The rows of one kind of unit (departments, wards, schools…), in the register's order.
pub struct MatrixGroup {
    /// The units' kind as stored (`ward`); the page names it.
    pub kind: String,
    pub rows: Vec<MatrixRow>,
}

/// A late assignment.
pub struct Late {
    pub task: String,
    pub due: String,
    pub progress: i64,
}

/// A unit's late assignments.
pub struct LateUnit {
    pub unit: String,
    pub items: Vec<Late>,
}

/// The overview of a campaign's tasks on `today`.
pub struct Overview {
    /// The tasks assigned to some unit, in the plan's order.
    pub columns: Vec<(TaskId, String)>,
    pub groups: Vec<MatrixGroup>,
    /// Each ward's average progress.
    pub wards: Vec<(String, i64)>,
    /// The late assignments by unit, the unit with most first.
    pub late: Vec<LateUnit>,
    /// How many assignments are late in all.
    pub late_count: usize,
}

/// Units × tasks with status colours, progress per ward, the late assignments.
pub async fn overview(db: &Db, campaign: CampaignId, today: Date) -> Result<Overview, Error> {
    let all = tasks::for_campaign(db, campaign).await?;
    let cells = tasks::matrix(db, campaign).await?;
    let assigned: HashSet<TaskId> = cells.iter().map(|c| c.task_id).collect();
    let columns: Vec<(TaskId, String)> = all
        .iter()
        .filter(|t| assigned.contains(&t.id))
        .map(|t| (t.id, t.data.title.clone()))
        .collect();
    let due = |c: &Cell| c.due_on.as_deref().and_then(|d| dates::parse_date(d).ok());
    let state = |c: &Cell| match c.progress {
        100.. => "done",
        p if dxday_domain::task::is_overdue(p, due(c), today) => "late",
        0 => "idle",
        _ => "going",
    };
    let mut groups: Vec<MatrixGroup> = Vec::new();
    let mut wards: Vec<(String, i64)> = Vec::new();
    // The cells come ordered by unit: one run of cells per unit.
    for mine in cells.chunk_by(|a, b| a.unit_id == b.unit_id) {
        let Some(first) = mine.first() else { continue };
        let counted: Vec<(i64, Option<i64>)> = mine
            .iter()
            .filter(|c| c.role != "watch")
            .map(|c| (c.progress, None))
            .collect();
        let average = dxday_domain::task::rollup(&counted).unwrap_or(0);
        if first.unit_kind == "ward" {
            wards.push((first.unit_name.clone(), average));
        }
        let by_task: HashMap<TaskId, &Cell> = mine.iter().map(|c| (c.task_id, c)).collect();
        let row = MatrixRow {
            unit: first.unit_name.clone(),
            cells: columns
                .iter()
                .map(|(t, _)| {
                    by_task.get(t).map(|c| MatrixCell {
                        progress: c.progress,
                        state: state(c),
                    })
                })
                .collect(),
            average,
            late: mine
                .iter()
                .filter(|c| c.role != "watch" && state(c) == "late")
                .count(),
        };
        match groups.iter_mut().find(|g| g.kind == first.unit_kind) {
            Some(g) => g.rows.push(row),
            None => groups.push(MatrixGroup {
                kind: first.unit_kind.clone(),
                rows: vec![row],
            }),
        }
    }
    let titles: HashMap<TaskId, &str> = all.iter().map(|t| (t.id, t.data.title.as_str())).collect();
    let mut late: Vec<LateUnit> = Vec::new();
    let mut late_count = 0;
    for c in cells
        .iter()
        .filter(|c| c.role != "watch" && state(c) == "late")
    {
        late_count += 1;
        let item = Late {
            task: titles
                .get(&c.task_id)
                .copied()
                .unwrap_or_default()
                .to_string(),
            due: due(c).map(dates::format_dmy).unwrap_or_default(),
            progress: c.progress,
        };
        match late.last_mut().filter(|u| u.unit == c.unit_name) {
            Some(u) => u.items.push(item),
            None => late.push(LateUnit {
                unit: c.unit_name.clone(),
                items: vec![item],
            }),
        }
    }
    // Most late first; the register's order among equals.
    late.sort_by_key(|u| std::cmp::Reverse(u.items.len()));
    Ok(Overview {
        columns,
        groups,
        wards,
        late,
        late_count,
    })
}

/// A unit's own tasks on `today` (those it leads or supports): how many, done, late,
/// and its average progress; `None` when it has none.
pub async fn unit_summary(
    db: &Db,
    campaign: CampaignId,
    unit: ScopedUnit,
    today: Date,
) -> Result<Option<(usize, usize, usize, i64)>, Error> {
    let mine: Vec<_> = tasks::assignments_of(db, campaign, unit)
        .await?
        .into_iter()
        .filter(|a| a.role != "watch")
        .collect();
    if mine.is_empty() {
        return Ok(None);
    }
    let done = mine.iter().filter(|a| a.progress >= 100).count();
    let late = mine
        .iter()
        .filter(|a| {
            let due = a.due_on.as_deref().and_then(|d| dates::parse_date(d).ok());
            dxday_domain::task::is_overdue(a.progress, due, today)
        })
        .count();
    let counted: Vec<(i64, Option<i64>)> = mine.iter().map(|a| (a.progress, None)).collect();
    let average = dxday_domain::task::rollup(&counted).unwrap_or(0);
    Ok(Some((mine.len(), done, late, average)))
}
