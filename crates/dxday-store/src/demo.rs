//! The demo data set: Ngô Quyền district's office, departments, mass organisations,
//! culture centre, 12 wards, sample schools and the 2024 campaign. It is data, embedded
//! in the binary and loaded only into an empty database; nothing in code depends on it.

use std::collections::HashMap;

use dxday_domain::campaign::CampaignForm;
use dxday_domain::document::DocumentForm;
use dxday_domain::task::{AssignmentRole, TaskForm};
use dxday_domain::unit::UnitForm;
use dxday_domain::{Scope, UnitId};
use serde::Deserialize;
use sqlx::Any;

use crate::{Db, StoreError, campaigns, documents, reports, tasks, units};

/// The embedded demo file.
pub const DEMO_JSON: &str = include_str!("../demo/ngo-quyen-2024.json");

#[derive(Deserialize)]
struct DemoFile {
    units: Vec<DemoUnit>,
    campaigns: Vec<DemoCampaign>,
    #[serde(default)]
    documents: Vec<DemoDocument>,
    #[serde(default)]
    tasks: Vec<DemoTask>,
    #[serde(default)]
    reports: Vec<DemoReport>,
}

/// A report request of the demo campaign, with the campaign's indicators, sent to the
/// units of the listed kinds.
#[derive(Deserialize)]
struct DemoReport {
    title: String,
    kind: String,
    period_from: String,
    period_to: String,
    due_on: String,
    note: String,
    recipient_kinds: Vec<String>,
}

/// A task the seed dispatch names, for the first campaign, assigned as lead to the
/// units of the given kinds; its source is the first demo document.
#[derive(Deserialize)]
struct DemoTask {
    key: String,
    parent: Option<String>,
    title: String,
    activity: String,
    starts_on: String,
    due_on: String,
    recipient_kinds: Vec<String>,
}

/// A document issued in the demo: the seed dispatch, with the number its register
/// gives it (01 of the office's 2024 register).
#[derive(Deserialize)]
struct DemoDocument {
    issuer: String,
    issued_on: String,
    /// Units of these kinds receive it.
    recipient_kinds: Vec<String>,
    #[serde(flatten)]
    form: DocumentForm,
}

#[derive(Deserialize)]
struct DemoUnit {
    code: String,
    name: String,
    short_name: Option<String>,
    kind: String,
    parent: Option<String>,
    gso_code: Option<String>,
    staff_count: Option<i64>,
    valid_from: String,
    valid_to: Option<String>,
    is_sample: bool,
}

#[derive(Deserialize)]
struct DemoCampaign {
    issuer: Option<String>,
    year: i32,
    #[serde(flatten)]
    form: CampaignForm,
}

/// What [`load_if_empty`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoOutcome {
    Loaded { units: usize, campaigns: usize },
    SkippedNotEmpty,
}

/// Loads the demo data in one transaction when the database has no unit and no
/// campaign; otherwise does nothing. The demo acts as the system (`system`, the
/// CLI's scope) for the documents it issues.
pub async fn load_if_empty(db: &Db, system: &Scope) -> Result<DemoOutcome, StoreError> {
    let file: DemoFile = serde_json::from_str(DEMO_JSON)
        .map_err(|e| StoreError::Corrupt(format!("demo data: {e}")))?;
    let mut tx = db.begin().await?;
    let existing: i64 = sqlx::query_scalar::<Any, i64>(
        "SELECT (SELECT COUNT(*) FROM units) + (SELECT COUNT(*) FROM campaigns)",
    )
    .fetch_one(&mut *tx)
    .await?;
    if existing > 0 {
        return Ok(DemoOutcome::SkippedNotEmpty);
    }
    let mut ids: HashMap<String, UnitId> = HashMap::new();
    let mut kinds: Vec<(String, UnitId)> = Vec::new();
    let mut campaign_ids = Vec::new();
    for u in &file.units {
        let parent_id = match &u.parent {
            Some(code) => ids
                .get(code)
                .map(|id| id.0.to_string())
                .ok_or_else(|| StoreError::Corrupt(format!("demo unit {} parent", u.code)))?,
            None => String::new(),
        };
        let form = UnitForm {
            code: u.code.clone(),
            name: u.name.clone(),
            short_name: u.short_name.clone().unwrap_or_default(),
            kind: u.kind.clone(),
            parent_id,
            gso_code: u.gso_code.clone().unwrap_or_default(),
            staff_count: u.staff_count.map(|n| n.to_string()).unwrap_or_default(),
            valid_from: u.valid_from.clone(),
            valid_to: u.valid_to.clone().unwrap_or_default(),
            is_sample: if u.is_sample {
                "1".into()
            } else {
                String::new()
            },
        };
        let data = form
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("demo unit {}: {e:?}", u.code)))?;
        let id = units::insert_in(&mut tx, None, &data).await?;
        ids.insert(u.code.clone(), id);
        kinds.push((u.kind.clone(), id));
    }
    for c in &file.campaigns {
        let mut form = c.form.clone();
        form.year = c.year.to_string();
        form.issuer_unit_id = c
            .issuer
            .as_ref()
            .and_then(|code| ids.get(code))
            .map(|id| id.0.to_string())
            .unwrap_or_default();
        let data = form
            .parse()
            .map_err(|e| StoreError::Corrupt(format!("demo campaign {}: {e:?}", c.year)))?;
        campaign_ids.push(campaigns::insert_in(&mut tx, None, &data).await?);
    }
    let mut document_ids = Vec::new();
    for d in &file.documents {
        let bad = |what: String| StoreError::Corrupt(format!("demo document: {what}"));
        let issuer = *ids.get(&d.issuer).ok_or_else(|| bad(d.issuer.clone()))?;
        let recipients = kinds
            .iter()
            .filter(|(k, _)| d.recipient_kinds.contains(k))
            .map(|(_, id)| *id)
            .collect();
        let data = d
            .form
            .parse(issuer, recipients)
            .map_err(|e| bad(format!("{e:?}")))?;
        let on = dxday_domain::dates::parse_date(&d.issued_on).map_err(|e| bad(e.to_string()))?;
        let id = documents::insert_draft_in(&mut tx, None, &data).await?;
        documents::issue_in(&mut tx, None, system, id, on, None)
            .await?
            .map_err(|e| bad(format!("{e:?}")))?;
        // Sent on its date, as the office sent it (08:00 in Vietnam), not when the demo
        // was loaded: the register's "Ngày chuyển" and the deliveries say so.
        let sent = on
            .with_hms(8, 0, 0)
            .map_err(|e| bad(e.to_string()))?
            .assume_offset(dxday_domain::dates::VIETNAM_OFFSET)
            .to_offset(time::UtcOffset::UTC)
            .format(&time::format_description::well_known::Rfc3339)
            .map_err(|e| bad(e.to_string()))?;
        sqlx::query::<sqlx::Any>("UPDATE documents SET issued_at = $1 WHERE id = $2")
            .bind(&sent)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query::<sqlx::Any>(
            "UPDATE document_recipients SET delivered_at = $1 WHERE document_id = $2",
        )
        .bind(&sent)
        .bind(id.0)
        .execute(&mut *tx)
        .await?;
        document_ids.push(id);
    }
    if let Some(campaign) = campaign_ids.first() {
        let mut keys: HashMap<String, dxday_domain::TaskId> = HashMap::new();
        for t in &file.tasks {
            let bad = |what: String| StoreError::Corrupt(format!("demo task {}: {what}", t.key));
            let form = TaskForm {
                title: t.title.clone(),
                activity: t.activity.clone(),
                parent_id: t
                    .parent
                    .as_ref()
                    .and_then(|k| keys.get(k))
                    .map(|id| id.to_string())
                    .unwrap_or_default(),
                source_document_id: document_ids
                    .first()
                    .map(|d| d.0.to_string())
                    .unwrap_or_default(),
                starts_on: t.starts_on.clone(),
                due_on: t.due_on.clone(),
                weight: String::new(),
            };
            let data = form.parse().map_err(|e| bad(format!("{e:?}")))?;
            let assigned: Vec<(UnitId, AssignmentRole)> = kinds
                .iter()
                .filter(|(k, _)| t.recipient_kinds.contains(k))
                .map(|(_, id)| (*id, AssignmentRole::Lead))
                .collect();
            let id = tasks::insert_in(&mut tx, *campaign, &data, &assigned).await?;
            keys.insert(t.key.clone(), id);
        }
        for r in &file.reports {
            let bad = |what: String| StoreError::Corrupt(format!("demo report: {what}"));
            let data = dxday_domain::report::RequestForm {
                title: r.title.clone(),
                kind: r.kind.clone(),
                period_from: r.period_from.clone(),
                period_to: r.period_to.clone(),
                due_on: r.due_on.clone(),
                note: r.note.clone(),
            }
            .parse()
            .map_err(|e| bad(format!("{e:?}")))?;
            let targets: Vec<UnitId> = kinds
                .iter()
                .filter(|(k, _)| r.recipient_kinds.contains(k))
                .map(|(_, id)| *id)
                .collect();
            reports::insert_in(
                &mut tx,
                None,
                *campaign,
                &data,
                &dxday_domain::report::campaign_indicators(),
                &targets,
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(DemoOutcome::Loaded {
        units: file.units.len(),
        campaigns: file.campaigns.len(),
    })
}
