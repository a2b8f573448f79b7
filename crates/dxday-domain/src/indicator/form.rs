//! What the office types: an indicator of its own, a target, an imported value.

use serde::{Deserialize, Serialize};
use time::Date;

use super::{Counting, Direction, Level, RollUp, Source, TargetLevel};
use crate::FieldErrors;
use crate::dates::{parse_date, parse_optional_date};
use crate::errors::{optional_text, required_text};

/// An indicator as the registry keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorData {
    /// Upper-case letters, digits and `_` (`KIT_DISPLAY`).
    pub code: String,
    /// The Vietnamese name, as reports print it.
    pub name: String,
    pub name_en: Option<String>,
    /// The unit of measure ("người", "kênh"); a share's is its whole's.
    pub measure: String,
    pub definition: String,
    pub level: Level,
    pub rollup: RollUp,
    pub counting: Counting,
    pub direction: Direction,
    pub source: Source,
    /// The report form's or team activity's code it reads.
    pub source_code: Option<String>,
    /// Shown on the public results page.
    pub public: bool,
    pub effective_from: Option<Date>,
    pub effective_to: Option<Date>,
}

/// The indicator form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct IndicatorForm {
    pub code: String,
    pub name: String,
    pub name_en: String,
    pub measure: String,
    pub definition: String,
    pub level: String,
    pub rollup: String,
    pub counting: String,
    pub direction: String,
    pub source: String,
    pub source_code: String,
    pub public: Option<String>,
    pub effective_from: String,
    pub effective_to: String,
}

fn code(s: &str) -> Result<String, &'static str> {
    let c = s.trim().to_ascii_uppercase();
    let ok = (2..=32).contains(&c.len())
        && c.starts_with(|ch: char| ch.is_ascii_uppercase())
        && c.chars()
            .all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit() || ch == '_');
    if ok { Ok(c) } else { Err("err-indicator-code") }
}

fn source_code(s: &str) -> Result<Option<String>, &'static str> {
    let c = s.trim().to_ascii_lowercase();
    if c.is_empty() {
        return Ok(None);
    }
    let ok = c.len() <= 64
        && c.chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
    if ok {
        Ok(Some(c))
    } else {
        Err("err-indicator-source-code")
    }
}

impl IndicatorForm {
    pub fn parse(&self) -> Result<IndicatorData, FieldErrors> {
        let mut e = FieldErrors::default();
        let code = e.check("code", code(&self.code));
        let name = e.check("name", required_text(&self.name, 300));
        let name_en = e.check("name_en", optional_text(&self.name_en, 300));
        let measure = e.check("measure", required_text(&self.measure, 40));
        let definition = e.check("definition", required_text(&self.definition, 2000));
        let level = e.check("level", Level::parse(&self.level));
        let rollup = e.check("rollup", RollUp::parse(&self.rollup));
        let counting = e.check("counting", Counting::parse(&self.counting));
        let direction = e.check("direction", Direction::parse(&self.direction));
        let source = e.check("source", Source::parse(&self.source));
        let source_code = e.check("source_code", source_code(&self.source_code));
        let effective_from = e.check("effective_from", parse_optional_date(&self.effective_from));
        let effective_to = e.check("effective_to", parse_optional_date(&self.effective_to));
        if let (Some(Some(a)), Some(Some(b))) = (effective_from, effective_to)
            && b < a
        {
            e.add("effective_to", "err-date-order");
        }
        if let (Some(s), Some(r)) = (source, rollup) {
            let fits = match s {
                Source::Import => r == RollUp::Imported,
                s if s.is_share() => r == RollUp::Ratio,
                Source::UnitReport => matches!(r, RollUp::Sum | RollUp::Latest),
                _ => matches!(r, RollUp::Sum | RollUp::Latest),
            };
            if !fits {
                e.add("rollup", "err-indicator-rollup");
            }
            if s.needs_code() && matches!(source_code, Some(None)) {
                e.add("source_code", "err-required");
            }
        }
        parsed!(
            e,
            IndicatorData {
                code,
                name,
                name_en,
                measure,
                definition,
                level,
                rollup,
                counting,
                direction,
                source,
                source_code,
                effective_from,
                effective_to;
                public: self.public.is_some()
            }
        )
    }

    pub fn from_data(d: &IndicatorData) -> IndicatorForm {
        let date = |d: Option<Date>| d.map(crate::dates::format_dmy).unwrap_or_default();
        IndicatorForm {
            code: d.code.clone(),
            name: d.name.clone(),
            name_en: d.name_en.clone().unwrap_or_default(),
            measure: d.measure.clone(),
            definition: d.definition.clone(),
            level: d.level.as_str().into(),
            rollup: d.rollup.as_str().into(),
            counting: d.counting.as_str().into(),
            direction: d.direction.as_str().into(),
            source: d.source.as_str().into(),
            source_code: d.source_code.clone().unwrap_or_default(),
            public: d.public.then(|| "on".into()),
            effective_from: date(d.effective_from),
            effective_to: date(d.effective_to),
        }
    }
}

/// A decimal as typed in Vietnam ("87,5", "1.250", "1.250,75") or in English ("87.5"),
/// in thousandths; at most three decimals; empty is `None`.
pub fn parse_decimal(s: &str) -> Result<Option<i64>, &'static str> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}'))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    if t.starts_with('-') {
        return Err("err-number-negative");
    }
    let grouped = |int: &str| -> Option<String> {
        let groups: Vec<&str> = int.split('.').collect();
        let ok = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
            && !groups[0].is_empty()
            && (groups.len() == 1
                || (groups[0].len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)));
        ok.then(|| groups.concat())
    };
    let (int, frac) = match t.rsplit_once(',') {
        Some((i, f)) => (grouped(i).ok_or("err-number")?, f.to_string()),
        None => match grouped(&t) {
            Some(i) => (i, String::new()),
            None => match t.split_once('.') {
                Some((i, f))
                    if (1..=2).contains(&f.len())
                        && !i.is_empty()
                        && i.chars().all(|c| c.is_ascii_digit()) =>
                {
                    (i.to_string(), f.to_string())
                }
                _ => return Err("err-number"),
            },
        },
    };
    if frac.len() > 3 || !frac.chars().all(|c| c.is_ascii_digit()) {
        return Err("err-number");
    }
    let whole: i64 = int.parse().map_err(|_| "err-number")?;
    let mut milli = format!("{frac:0<3}")
        .parse::<i64>()
        .map_err(|_| "err-number")?;
    if frac.is_empty() {
        milli = 0;
    }
    whole
        .checked_mul(1000)
        .and_then(|w| w.checked_add(milli))
        .map(Some)
        .ok_or("err-number")
}

/// A target as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct TargetForm {
    pub year: String,
    pub level: String,
    pub value: String,
    pub basis: String,
}

impl TargetForm {
    /// `(year, level, thousandths or None to clear, basis)`.
    #[allow(clippy::type_complexity)]
    pub fn parse(&self) -> Result<(i32, TargetLevel, Option<i64>, Option<String>), FieldErrors> {
        let mut e = FieldErrors::default();
        let year = e.check(
            "year",
            self.year
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|y| (2019..=2100).contains(y))
                .ok_or("err-year"),
        );
        let level = e.check("level", TargetLevel::parse(&self.level));
        let value = e.check("value", parse_decimal(&self.value));
        let basis = e.check("basis", optional_text(&self.basis, 300));
        parsed!(e, [year, level, value, basis], (year, level, value, basis))
    }
}

/// An imported value as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ImportForm {
    /// Empty for the whole; a unit's id otherwise.
    pub unit: String,
    pub value: String,
    pub snapshot_on: String,
    pub source_url: String,
}

/// An imported value, parsed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportRow {
    pub unit: Option<crate::UnitId>,
    pub milli: i64,
    pub snapshot_on: Date,
    pub source_url: String,
}

impl ImportForm {
    pub fn parse(&self) -> Result<ImportRow, FieldErrors> {
        let mut e = FieldErrors::default();
        let unit = e.check("unit", crate::unit::parse_optional_id(&self.unit));
        let milli = e.check(
            "value",
            parse_decimal(&self.value).and_then(|v| v.ok_or("err-required")),
        );
        let snapshot_on = e.check("snapshot_on", parse_date(&self.snapshot_on));
        let url = self.source_url.trim();
        let source_url = e.check(
            "source_url",
            if (url.starts_with("https://") || url.starts_with("http://"))
                && url.len() <= 500
                && !url.contains(char::is_whitespace)
            {
                Ok(url.to_string())
            } else {
                Err("err-url")
            },
        );
        parsed!(
            e,
            ImportRow {
                unit,
                milli,
                snapshot_on,
                source_url
            }
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_as_typed_in_vietnam() {
        assert_eq!(parse_decimal("87,5"), Ok(Some(87_500)));
        assert_eq!(parse_decimal("1.250"), Ok(Some(1_250_000)));
        assert_eq!(parse_decimal("1.250,75"), Ok(Some(1_250_750)));
        assert_eq!(parse_decimal("87.5"), Ok(Some(87_500)));
        assert_eq!(parse_decimal("100"), Ok(Some(100_000)));
        assert_eq!(parse_decimal(" "), Ok(None));
        assert_eq!(parse_decimal("-1"), Err("err-number-negative"));
        assert_eq!(parse_decimal("1,2345"), Err("err-number"));
        assert_eq!(parse_decimal("12.34.5"), Err("err-number"));
        assert_eq!(parse_decimal("abc"), Err("err-number"));
    }

    fn form() -> IndicatorForm {
        IndicatorForm {
            code: "media_items".into(),
            name: "Tin, bài tuyên truyền".into(),
            measure: "tin bài".into(),
            definition: "Tin, bài đã đăng có đường dẫn".into(),
            level: "unit".into(),
            rollup: "sum".into(),
            counting: "events".into(),
            direction: "higher".into(),
            source: "unit_report".into(),
            source_code: "media_items".into(),
            ..Default::default()
        }
    }

    #[test]
    fn an_indicator_of_the_office_is_checked_whole() {
        let d = form().parse().unwrap();
        assert_eq!(d.code, "MEDIA_ITEMS");
        assert_eq!(d.source_code.as_deref(), Some("media_items"));
        let mut f = form();
        f.rollup = "ratio".into();
        assert_eq!(
            f.parse().unwrap_err().get("rollup"),
            Some("err-indicator-rollup")
        );
        let mut f = form();
        f.source_code = String::new();
        assert_eq!(
            f.parse().unwrap_err().get("source_code"),
            Some("err-required")
        );
        let mut f = form();
        f.code = "1 bad".into();
        assert_eq!(
            f.parse().unwrap_err().get("code"),
            Some("err-indicator-code")
        );
        assert_eq!(IndicatorForm::from_data(&d).parse().unwrap(), d);
    }

    #[test]
    fn an_import_needs_a_value_a_date_and_its_source() {
        let ok = ImportForm {
            unit: String::new(),
            value: "87,53".into(),
            snapshot_on: "30/09/2024".into(),
            source_url: "https://dichvucong.gov.vn/p/home/dvc-index.html".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(ok.milli, 87_530);
        assert_eq!(ok.unit, None);
        let bad = ImportForm {
            value: String::new(),
            source_url: "javascript:alert(1)".into(),
            ..Default::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(bad.get("value"), Some("err-required"));
        assert_eq!(bad.get("source_url"), Some("err-url"));
        assert_eq!(bad.get("snapshot_on"), Some("err-required"));
    }
}
