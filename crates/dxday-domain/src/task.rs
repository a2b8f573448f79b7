//! The plan's tasks (Kế hoạch 224/KH-UBND and the dispatch's activities): a tree per
//! campaign, assigned to units as lead, supporting or watching, with progress that
//! rolls up from children to parents.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::unit::parse_optional_id;
use crate::{FieldErrors, dates};

/// What kind of activity of the campaign a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActivityType {
    Propagation,
    PlanTask,
    EmulationMovement,
    DigitalConsumptionMonth,
    CommunityTeams,
    OnlinePaymentStreets,
    Honours,
    IdentityKitDisplay,
    AvatarFrame,
}

impl ActivityType {
    pub const ALL: [ActivityType; 9] = [
        ActivityType::Propagation,
        ActivityType::PlanTask,
        ActivityType::EmulationMovement,
        ActivityType::DigitalConsumptionMonth,
        ActivityType::CommunityTeams,
        ActivityType::OnlinePaymentStreets,
        ActivityType::Honours,
        ActivityType::IdentityKitDisplay,
        ActivityType::AvatarFrame,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActivityType::Propagation => "propagation",
            ActivityType::PlanTask => "plan_task",
            ActivityType::EmulationMovement => "emulation_movement",
            ActivityType::DigitalConsumptionMonth => "digital_consumption_month",
            ActivityType::CommunityTeams => "community_teams",
            ActivityType::OnlinePaymentStreets => "online_payment_streets",
            ActivityType::Honours => "honours",
            ActivityType::IdentityKitDisplay => "identity_kit_display",
            ActivityType::AvatarFrame => "avatar_frame",
        }
    }

    pub fn parse(s: &str) -> Result<ActivityType, &'static str> {
        ActivityType::ALL
            .into_iter()
            .find(|a| a.as_str() == s.trim())
            .ok_or("err-choice")
    }

    /// The i18n key of its name.
    pub fn label_key(self) -> String {
        format!("activity-{}", self.as_str().replace('_', "-"))
    }
}

/// A unit's part in a task (chủ trì, phối hợp, theo dõi).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssignmentRole {
    Lead,
    Support,
    Watch,
}

impl AssignmentRole {
    pub const ALL: [AssignmentRole; 3] = [
        AssignmentRole::Lead,
        AssignmentRole::Support,
        AssignmentRole::Watch,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AssignmentRole::Lead => "lead",
            AssignmentRole::Support => "support",
            AssignmentRole::Watch => "watch",
        }
    }

    pub fn parse(s: &str) -> Result<AssignmentRole, &'static str> {
        AssignmentRole::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or("err-choice")
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
    pub parent_id: Option<i64>,
    pub source_document_id: Option<i64>,
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
        let source = e.check(
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
        match (
            title, activity, parent_id, source, starts_on, due_on, weight,
        ) {
            (
                Some(title),
                Some(activity),
                Some(parent_id),
                Some(source),
                Some(starts_on),
                Some(due_on),
                Some(weight),
            ) if e.is_empty() => Ok(TaskData {
                title,
                activity,
                parent_id: parent_id.map(|p| p.0),
                source_document_id: source.map(|s| s.0),
                starts_on,
                due_on,
                weight,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
