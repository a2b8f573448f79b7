//! Choosing units on a form without JavaScript: whole groups by kind ("all wards")
//! or single units, expanded to unit ids on the server. Documents pick recipients
//! with it, tasks their lead and supporting units.

use dxday_domain::UnitId;
use dxday_domain::unit::UnitKind;
use dxday_store::units::{self, Unit};

use crate::{AppError, AppState, Lang};

/// A unit on the form.
pub struct UnitChoice {
    pub id: i64,
    pub name: String,
    pub checked: bool,
}

/// A group of units of one kind ("Ủy ban nhân dân 12 phường"), ticked as one.
pub struct GroupChoice {
    pub kind: &'static str,
    pub label: String,
    pub units: Vec<UnitChoice>,
    pub all_checked: bool,
}

/// Kinds that take part in the campaign's work, in the order forms show them.
const KINDS: [UnitKind; 6] = [
    UnitKind::PeoplesCommittee,
    UnitKind::Department,
    UnitKind::MassOrganisation,
    UnitKind::PublicServiceCentre,
    UnitKind::Ward,
    UnitKind::School,
];

/// The units a picker offers (those not archived).
pub async fn offered(app: &AppState) -> Result<Vec<Unit>, AppError> {
    Ok(units::directory(&app.db)
        .await?
        .into_iter()
        .filter(|u| !u.archived)
        .collect())
}

/// The groups and units to show from `all` (see [`offered`]), with `chosen` ticked.
pub fn groups(lang: Lang, all: &[Unit], chosen: &[UnitId]) -> Vec<GroupChoice> {
    KINDS
        .iter()
        .map(|k| {
            let units: Vec<UnitChoice> = all
                .iter()
                .filter(|u| u.data.kind == *k)
                .map(|u| UnitChoice {
                    id: u.id.0,
                    name: u.data.name.clone(),
                    checked: chosen.contains(&u.id),
                })
                .collect();
            GroupChoice {
                kind: k.as_str(),
                label: lang.t(k.label_key()),
                all_checked: !units.is_empty() && units.iter().all(|u| u.checked),
                units,
            }
        })
        .filter(|g| !g.units.is_empty())
        .collect()
}

/// The units ticked in the fields `unit_field` (ids) and `group_field` (kinds).
pub async fn chosen(
    app: &AppState,
    pairs: &[(String, String)],
    unit_field: &str,
    group_field: &str,
) -> Result<Vec<UnitId>, AppError> {
    let groups: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == group_field)
        .map(|(_, v)| v.as_str())
        .collect();
    let mut ids: Vec<UnitId> = pairs
        .iter()
        .filter(|(k, _)| k == unit_field)
        .filter_map(|(_, v)| v.parse::<i64>().ok())
        .map(UnitId)
        .collect();
    if !groups.is_empty() {
        for u in units::directory(&app.db).await? {
            if !u.archived && groups.contains(&u.data.kind.as_str()) {
                ids.push(u.id);
            }
        }
    }
    ids.sort();
    ids.dedup();
    Ok(ids)
}
