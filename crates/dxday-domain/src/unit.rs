//! Units: the organisations dxday tracks, with their kind, parent and validity.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::{FieldErrors, UnitId, dates};

stored_enum! {
    /// What kind of organisation a unit is.
    pub enum UnitKind (refused "err-unit-kind") {
        /// A People's Committee above the office (UBND quận, UBND thành phố).
        PeoplesCommittee = "peoples_committee", label "kind-peoples_committee";
        /// The office that runs the campaign (Phòng Văn hóa và Thông tin).
        Office = "office", label "kind-office";
        /// A district department (phòng, ban, ngành).
        Department = "department", label "kind-department";
        /// A mass organisation (đoàn thể).
        MassOrganisation = "mass_organisation", label "kind-mass_organisation";
        /// A public service centre (Trung tâm Văn hóa - Thông tin và Thể thao).
        PublicServiceCentre = "public_service_centre", label "kind-public_service_centre";
        /// A ward People's Committee (UBND phường).
        Ward = "ward", label "kind-ward";
        /// A school.
        School = "school", label "kind-school";
    }
}

/// A short code that names a unit in links (`/khung-anh?don-vi=p-may-chai`):
/// 2–40 characters of `a-z`, `0-9` and `-`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnitCode(String);

impl UnitCode {
    /// Parses a code, lower-casing it; the error is an i18n key.
    pub fn parse(s: &str) -> Result<UnitCode, &'static str> {
        let s = s.trim().to_ascii_lowercase();
        let ok_chars = s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if s.is_empty() {
            Err("err-required")
        } else if !(2..=40).contains(&s.len())
            || !ok_chars
            || s.starts_with('-')
            || s.ends_with('-')
        {
            Err("err-unit-code")
        } else {
            Ok(UnitCode(s))
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The official administrative-unit code of the General Statistics Office: five
/// digits for a ward or commune (11263 = phường Máy Chai).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct GsoCode(String);

impl GsoCode {
    /// Parses a code; the error is an i18n key.
    pub fn parse(s: &str) -> Result<GsoCode, &'static str> {
        let s = s.trim();
        if s.len() == 5 && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(GsoCode(s.to_string()))
        } else {
            Err("err-gso-code")
        }
    }

    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A unit as dxday stores it, ready to insert or update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitData {
    pub code: UnitCode,
    pub name: String,
    pub short_name: Option<String>,
    pub kind: UnitKind,
    pub parent_id: Option<UnitId>,
    pub gso_code: Option<GsoCode>,
    pub staff_count: Option<i64>,
    pub valid_from: Date,
    pub valid_to: Option<Date>,
    pub is_sample: bool,
}

/// The unit form as typed: every field is text, so a refused form re-renders as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UnitForm {
    pub code: String,
    pub name: String,
    pub short_name: String,
    pub kind: String,
    pub parent_id: String,
    pub gso_code: String,
    pub staff_count: String,
    pub valid_from: String,
    pub valid_to: String,
    pub is_sample: String,
}

impl UnitForm {
    /// Parses the form. A ward must carry its GSO code; other kinds may not.
    pub fn parse(&self) -> Result<UnitData, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = e.check("code", UnitCode::parse(&self.code));
        let name = e.check("name", required_text(&self.name, 200));
        let short_name = e.check("short_name", optional_text(&self.short_name, 40));
        let kind = e.check("kind", UnitKind::parse(&self.kind));
        let parent_id = e.check("parent_id", parse_optional_id(&self.parent_id));
        let gso_code = match kind {
            Some(UnitKind::Ward) => e
                .check("gso_code", GsoCode::parse(&self.gso_code))
                .map(Some),
            _ if self.gso_code.trim().is_empty() => Some(None),
            _ => {
                e.add("gso_code", "err-gso-code-only-wards");
                None
            }
        };
        let staff_count = e.check("staff_count", parse_count(&self.staff_count));
        let valid_from = e.check("valid_from", dates::parse_date(&self.valid_from));
        let valid_to = e.check("valid_to", dates::parse_optional_date(&self.valid_to));
        if let (Some(from), Some(Some(to))) = (valid_from, valid_to)
            && to < from
        {
            e.add("valid_to", "err-date-order");
        }
        parsed!(e, UnitData {
            code,
            name,
            short_name,
            kind,
            parent_id,
            gso_code,
            staff_count,
            valid_from,
            valid_to;
            is_sample: matches!(self.is_sample.as_str(), "1" | "on" | "true"),
        })
    }

    /// The form filled with a stored unit, for editing.
    pub fn from_data(u: &UnitData) -> UnitForm {
        UnitForm {
            code: u.code.as_str().to_string(),
            name: u.name.clone(),
            short_name: u.short_name.clone().unwrap_or_default(),
            kind: u.kind.as_str().to_string(),
            parent_id: u.parent_id.map(|p| p.0.to_string()).unwrap_or_default(),
            gso_code: u
                .gso_code
                .as_ref()
                .map(|g| g.as_str().to_string())
                .unwrap_or_default(),
            staff_count: u.staff_count.map(|n| n.to_string()).unwrap_or_default(),
            valid_from: dates::format_iso(u.valid_from),
            valid_to: u.valid_to.map(dates::format_iso).unwrap_or_default(),
            is_sample: if u.is_sample {
                "1".into()
            } else {
                String::new()
            },
        }
    }
}

/// Parses an optional id chosen from a list.
pub fn parse_optional_id<Id: From<i64>>(s: &str) -> Result<Option<Id>, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<i64>()
        .ok()
        .filter(|n| *n > 0)
        .map(|n| Some(Id::from(n)))
        .ok_or("err-choice")
}

/// Parses an optional head count (0 to 1,000,000), accepting thousands separators
/// as Vietnamese (1.250) and English (1,250) write them: a count has no fraction.
pub fn parse_count(s: &str) -> Result<Option<i64>, &'static str> {
    let s: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    match s.parse::<i64>() {
        Ok(n) if (0..=1_000_000).contains(&n) => Ok(Some(n)),
        _ => Err("err-count"),
    }
}

/// True when the unit is in force on `day` (valid-from/valid-to, both inclusive).
pub fn valid_on(valid_from: Date, valid_to: Option<Date>, day: Date) -> bool {
    valid_from <= day && valid_to.is_none_or(|to| day <= to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn ward_form() -> UnitForm {
        UnitForm {
            code: "p-may-chai".into(),
            name: "UBND phường Máy Chai".into(),
            kind: "ward".into(),
            gso_code: "11263".into(),
            staff_count: "1.250".into(),
            valid_from: "01/02/2020".into(),
            ..UnitForm::default()
        }
    }

    #[test]
    fn a_ward_form_parses_with_its_gso_code() {
        let u = ward_form().parse().expect("valid ward");
        assert_eq!(u.gso_code.as_ref().map(GsoCode::as_str), Some("11263"));
        assert_eq!(u.staff_count, Some(1250));
        assert_eq!(u.valid_from, date!(2020 - 02 - 01));
        assert_eq!(UnitForm::from_data(&u).parse(), Ok(u));
    }

    #[test]
    fn a_ward_without_a_gso_code_is_refused() {
        let f = UnitForm {
            gso_code: String::new(),
            ..ward_form()
        };
        assert_eq!(f.parse().unwrap_err().get("gso_code"), Some("err-gso-code"));
    }

    #[test]
    fn a_school_may_not_carry_a_gso_code() {
        let f = UnitForm {
            kind: "school".into(),
            ..ward_form()
        };
        assert_eq!(
            f.parse().unwrap_err().get("gso_code"),
            Some("err-gso-code-only-wards")
        );
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let f = UnitForm {
            code: "Máy Chai!".into(),
            name: " ".into(),
            kind: "castle".into(),
            staff_count: "-3".into(),
            valid_from: "2020-02-01".into(),
            valid_to: "2019-01-01".into(),
            ..UnitForm::default()
        };
        let e = f.parse().unwrap_err();
        assert_eq!(e.get("code"), Some("err-unit-code"));
        assert_eq!(e.get("name"), Some("err-required"));
        assert_eq!(e.get("kind"), Some("err-unit-kind"));
        assert_eq!(e.get("staff_count"), Some("err-count"));
        assert_eq!(e.get("valid_to"), Some("err-date-order"));
    }

    #[test]
    fn validity_is_inclusive_at_both_ends() {
        let from = date!(2020 - 02 - 01);
        assert!(valid_on(from, None, from));
        assert!(!valid_on(
            from,
            Some(date!(2024 - 12 - 31)),
            date!(2025 - 01 - 01)
        ));
        assert!(!valid_on(from, None, date!(2020 - 01 - 31)));
    }
}
