//! The plan's tasks (Kế hoạch 224/KH-UBND and the dispatch's activities): a tree per
//! campaign, assigned to units as lead, supporting or watching, with progress that
//! rolls up from children to parents.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::unit::parse_optional_id;
use crate::{DocumentId, FieldErrors, TaskId, dates};

stored_enum! {
    /// What kind of activity of the campaign a task is.
    pub enum ActivityType (refused "err-choice") {
        Propagation = "propagation", label "activity-propagation";
        PlanTask = "plan_task", label "activity-plan-task";
        EmulationMovement = "emulation_movement", label "activity-emulation-movement";
        DigitalConsumptionMonth = "digital_consumption_month", label "activity-digital-consumption-month";
        CommunityTeams = "community_teams", label "activity-community-teams";
        OnlinePaymentStreets = "online_payment_streets", label "activity-online-payment-streets";
        Honours = "honours", label "activity-honours";
        IdentityKitDisplay = "identity_kit_display", label "activity-identity-kit-display";
        AvatarFrame = "avatar_frame", label "activity-avatar-frame";
    }
}

stored_enum! {
    /// A unit's part in a task (chủ trì, phối hợp, theo dõi).
    pub enum AssignmentRole (refused "err-choice") {
        Lead = "lead";
        Support = "support";
        Watch = "watch";
    }
}

/// Progress in per cent, 0–100, as typed; the error is an i18n key.
pub fn parse_progress(s: &str) -> Result<i64, &'static str> {
    let s = s.trim().trim_end_matches('%').trim();
    if s.is_empty() {
        return Ok(0);
    }
    match s.parse::<i64>() {
        Ok(p) if (0..=100).contains(&p) => Ok(p),
        Ok(_) => Err("err-progress-range"),
        Err(_) => Err("err-number"),
    }
}

/// An assignment is overdue when it is not finished and its due date has passed.
pub fn is_overdue(progress: i64, due: Option<Date>, today: Date) -> bool {
    progress < 100 && due.is_some_and(|d| d < today)
}

/// A parent's progress from its children's (progress, weight): the weighted average
/// when any child has a weight (children without one weigh 1), else the plain average;
/// rounded to the nearest per cent. `None` without children.
pub fn rollup(children: &[(i64, Option<i64>)]) -> Option<i64> {
    if children.is_empty() {
        return None;
    }
    let weighted = children.iter().any(|(_, w)| w.is_some());
    let (sum, total) = children.iter().fold((0i64, 0i64), |(s, t), (p, w)| {
        let w = if weighted { w.unwrap_or(1).max(0) } else { 1 };
        (s + p.clamp(&0, &100) * w, t + w)
    });
    if total == 0 {
        return Some(0);
    }
    Some((sum * 2 + total) / (total * 2))
}

/// A task as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskData {
    pub title: String,
    pub activity: ActivityType,
    pub parent_id: Option<TaskId>,
    pub source_document_id: Option<DocumentId>,
    pub starts_on: Option<Date>,
    pub due_on: Option<Date>,
    /// The weight among its siblings for the parent's progress (none: 1).
    pub weight: Option<i64>,
}

/// The task form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TaskForm {
    pub title: String,
    pub activity: String,
    pub parent_id: String,
    pub source_document_id: String,
    pub starts_on: String,
    pub due_on: String,
    pub weight: String,
}

impl TaskForm {
    pub fn parse(&self) -> Result<TaskData, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.check("title", required_text(&self.title, 300));
        let activity = e.check("activity", ActivityType::parse(&self.activity));
        let parent_id = e.check("parent_id", parse_optional_id(&self.parent_id));
        let source_document_id = e.check(
            "source_document_id",
            parse_optional_id(&self.source_document_id),
        );
        let starts_on = e.check("starts_on", dates::parse_optional_date(&self.starts_on));
        let due_on = e.check("due_on", dates::parse_optional_date(&self.due_on));
        if let (Some(Some(a)), Some(Some(b))) = (starts_on, due_on)
            && b < a
        {
            e.add("due_on", "err-date-order");
        }
        let weight = e.check(
            "weight",
            optional_text(&self.weight, 10).and_then(|w| match w {
                None => Ok(None),
                Some(w) => match w.parse::<i64>() {
                    Ok(n) if (0..=1000).contains(&n) => Ok(Some(n)),
                    _ => Err("err-number"),
                },
            }),
        );
        parsed!(
            e,
            TaskData {
                title,
                activity,
                parent_id,
                source_document_id,
                starts_on,
                due_on,
                weight,
            }
        )
    }
}

/// The reminder rule that applies `days_left` days before a due date: T-7, T-3, T-1,
/// then one for each day overdue (`overdue-<date>`). `None` on other days.
pub fn reminder_rule(due: Date, today: Date) -> Option<String> {
    let days_left = (due - today).whole_days();
    match days_left {
        7 => Some("t-7".into()),
        3 => Some("t-3".into()),
        1 => Some("t-1".into()),
        d if d < 0 => Some(format!("overdue-{}", dates::format_iso(today))),
        _ => None,
    }
}

/// The columns of a task import, as the header row names them.
pub const IMPORT_COLUMNS: [&str; 9] = [
    "ma",
    "nhiem_vu",
    "hoat_dong",
    "thuoc",
    "bat_dau",
    "han",
    "trong_so",
    "chu_tri",
    "phoi_hop",
];

/// A problem in an imported file: its row (1 = the header), column and message key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellError {
    pub row: usize,
    pub column: &'static str,
    pub key: &'static str,
}

/// An import's header row: the first of the file's first ten rows with a cell naming
/// its key column (a file may start with a title), and how a cell names a column.
pub struct Header<'a> {
    /// Its index among the rows (0-based).
    pub at: usize,
    cells: &'a [String],
    named: &'a dyn Fn(&str, &str) -> bool,
}

impl<'a> Header<'a> {
    /// Finds the header by its `key` column; every `required` column it does not name
    /// is an error on the header row, and an empty file one on row 1.
    pub fn find(
        rows: &'a [Vec<String>],
        key: &'static str,
        required: &[&'static str],
        named: &'a dyn Fn(&str, &str) -> bool,
    ) -> Result<Header<'a>, Vec<CellError>> {
        let at = rows
            .iter()
            .take(10)
            .position(|r| r.iter().any(|c| named(c, key)))
            .unwrap_or(0);
        let Some(cells) = rows.get(at) else {
            return Err(vec![CellError {
                row: 1,
                column: key,
                key: "err-import-empty",
            }]);
        };
        let header = Header { at, cells, named };
        let missing: Vec<CellError> = required
            .iter()
            .filter(|c| header.column(c).is_none())
            .map(|&column| CellError {
                row: at + 1,
                column,
                key: "err-import-column",
            })
            .collect();
        if missing.is_empty() {
            Ok(header)
        } else {
            Err(missing)
        }
    }

    fn column(&self, name: &str) -> Option<usize> {
        self.cells.iter().position(|h| (self.named)(h, name))
    }

    /// The trimmed cell of column `name` in `row` (empty when the file has no such
    /// column).
    pub fn cell(&self, row: &[String], name: &str) -> String {
        self.column(name)
            .and_then(|i| row.get(i))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    }

    /// The rows under the header that hold something, with their row numbers (1-based).
    pub fn data<'r>(
        &self,
        rows: &'r [Vec<String>],
    ) -> impl Iterator<Item = (usize, &'r Vec<String>)> {
        rows.iter()
            .enumerate()
            .skip(self.at + 1)
            .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
            .map(|(i, r)| (i + 1, r))
    }
}

/// One task of an import, checked; units are still codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedTask {
    pub row: usize,
    pub key: String,
    /// The key of an earlier row (a task can only be under one listed before it).
    pub parent_key: Option<String>,
    pub data: TaskData,
    pub lead: Vec<String>,
    pub support: Vec<String>,
}

/// Reads the rows of an import (first row: the header). Every problem is listed by
/// row and column; nothing is accepted unless the whole file is right.
pub fn parse_import(rows: &[Vec<String>]) -> Result<Vec<ImportedTask>, Vec<CellError>> {
    let mut errors = Vec::new();
    let normal = |h: &str, name: &str| h.trim().to_lowercase().replace(' ', "_") == name;
    let header = Header::find(rows, "ma", &["ma", "nhiem_vu", "hoat_dong"], &normal)?;
    let cell = |row: &Vec<String>, name: &str| header.cell(row, name);
    let codes = |v: String| -> Vec<String> {
        v.split([';', ','])
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect()
    };
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::with_capacity(rows.len().saturating_sub(1));
    for (n, row) in header.data(rows) {
        let key = cell(row, "ma");
        if key.is_empty() {
            errors.push(CellError {
                row: n,
                column: "ma",
                key: "err-required",
            });
        } else if seen.contains(&key) {
            errors.push(CellError {
                row: n,
                column: "ma",
                key: "err-import-duplicate",
            });
        }
        let parent = cell(row, "thuoc");
        let parent_key = if parent.is_empty() {
            None
        } else if seen.contains(&parent) {
            Some(parent)
        } else {
            errors.push(CellError {
                row: n,
                column: "thuoc",
                key: "err-import-parent",
            });
            None
        };
        let form = TaskForm {
            title: cell(row, "nhiem_vu"),
            activity: cell(row, "hoat_dong"),
            parent_id: String::new(),
            source_document_id: String::new(),
            starts_on: cell(row, "bat_dau"),
            due_on: cell(row, "han"),
            weight: cell(row, "trong_so"),
        };
        match form.parse() {
            Ok(data) => out.push(ImportedTask {
                row: n,
                key: key.clone(),
                parent_key,
                data,
                lead: codes(cell(row, "chu_tri")),
                support: codes(cell(row, "phoi_hop")),
            }),
            Err(fe) => {
                for f in fe.0 {
                    let column = match f.field {
                        "title" => "nhiem_vu",
                        "activity" => "hoat_dong",
                        "starts_on" => "bat_dau",
                        "due_on" => "han",
                        "weight" => "trong_so",
                        _ => "ma",
                    };
                    errors.push(CellError {
                        row: n,
                        column,
                        key: f.key,
                    });
                }
            }
        }
        if !key.is_empty() {
            seen.push(key);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split('|').map(|c| c.trim().to_string()).collect())
            .collect()
    }

    #[test]
    fn an_import_names_every_bad_cell_by_row_and_column() {
        let good = rows(
            "ma|nhiem_vu|hoat_dong|thuoc|bat_dau|han|trong_so|chu_tri|phoi_hop\n\
             1|Tuyên truyền|propagation||01/10/2024|10/10/2024||p-may-chai; p-may-to|ttvh\n\
             1.1|Băng rôn|propagation|1|01/10/2024|05/10/2024|2|p-may-chai|",
        );
        let tasks = parse_import(&good).expect("valid");
        assert_eq!(tasks.len(), 2);
        assert_eq!(tasks[1].parent_key.as_deref(), Some("1"));
        assert_eq!(tasks[0].lead, ["p-may-chai", "p-may-to"]);
        let bad = rows(
            "ma|nhiem_vu|hoat_dong|thuoc|bat_dau|han\n\
             1|Tuyên truyền|propagation||10/10/2024|01/10/2024\n\
             1||vui_choi|9|x|\n\
             3|Được|honours|||",
        );
        let errors = parse_import(&bad).expect_err("invalid");
        let found: Vec<(usize, &str, &str)> =
            errors.iter().map(|e| (e.row, e.column, e.key)).collect();
        assert_eq!(
            found,
            vec![
                (2, "han", "err-date-order"),
                (3, "ma", "err-import-duplicate"),
                (3, "thuoc", "err-import-parent"),
                (3, "nhiem_vu", "err-required"),
                (3, "hoat_dong", "err-choice"),
                (3, "bat_dau", "err-date"),
            ]
        );
        let no_header = rows("ten|x\n1|2");
        assert_eq!(parse_import(&no_header).expect_err("header").len(), 3);
    }

    #[test]
    fn reminders_fall_on_t7_t3_t1_and_each_day_overdue() {
        use time::macros::date;
        let due = date!(2024 - 10 - 10);
        assert_eq!(
            reminder_rule(due, date!(2024 - 10 - 03)).as_deref(),
            Some("t-7")
        );
        assert_eq!(reminder_rule(due, date!(2024 - 10 - 05)), None);
        assert_eq!(
            reminder_rule(due, date!(2024 - 10 - 07)).as_deref(),
            Some("t-3")
        );
        assert_eq!(
            reminder_rule(due, date!(2024 - 10 - 09)).as_deref(),
            Some("t-1")
        );
        assert_eq!(
            reminder_rule(due, date!(2024 - 10 - 10)),
            None,
            "the day itself"
        );
        assert_eq!(
            reminder_rule(due, date!(2024 - 10 - 12)).as_deref(),
            Some("overdue-2024-10-12")
        );
    }

    #[test]
    fn progress_is_0_to_100() {
        assert_eq!(parse_progress("45"), Ok(45));
        assert_eq!(parse_progress("100 %"), Ok(100));
        assert_eq!(parse_progress(""), Ok(0));
        assert_eq!(parse_progress("101"), Err("err-progress-range"));
        assert_eq!(parse_progress("-1"), Err("err-progress-range"));
        assert_eq!(parse_progress("nhiều"), Err("err-number"));
    }

    #[test]
    fn parents_average_their_children_weighted_when_weights_are_set() {
        assert_eq!(rollup(&[]), None);
        assert_eq!(rollup(&[(100, None), (0, None), (50, None)]), Some(50));
        assert_eq!(rollup(&[(100, None), (0, None)]), Some(50));
        assert_eq!(rollup(&[(100, Some(3)), (0, Some(1))]), Some(75));
        // A child without a weight weighs 1 once any has a weight.
        assert_eq!(rollup(&[(100, Some(2)), (40, None)]), Some(80));
        assert_eq!(
            rollup(&[(33, None), (34, None)]),
            Some(34),
            "33.5 rounds up"
        );
        assert_eq!(rollup(&[(10, Some(0)), (90, Some(0))]), Some(0));
    }

    #[test]
    fn a_due_date_before_the_start_is_refused() {
        let f = TaskForm {
            title: "Tuyên truyền".into(),
            activity: "propagation".into(),
            starts_on: "10/10/2024".into(),
            due_on: "01/10/2024".into(),
            ..TaskForm::default()
        };
        assert_eq!(
            f.parse().expect_err("order").get("due_on"),
            Some("err-date-order")
        );
        let ok = TaskForm {
            due_on: "31/10/2024".into(),
            weight: "2".into(),
            ..f
        };
        let t = ok.parse().expect("valid");
        assert_eq!(t.weight, Some(2));
        assert_eq!(t.activity, ActivityType::Propagation);
    }
}
