//! The audit log as a person reads it: local time, who, what was done to which record,
//! and the fields that changed, before → after, in words rather than JSON.

use std::collections::HashMap;

use dxday_store::audit::AuditEntry;
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;

use crate::{Lang, format};

/// Longest value shown in full; longer ones are cut with "…".
const MAX_VALUE: usize = 120;

/// Fields that say nothing to a reader (keys, derived search text, bookkeeping).
const HIDDEN: [&str; 6] = [
    "id",
    "search_key",
    "created_at",
    "updated_at",
    "password_hash",
    "storage_key",
];

/// One changed field.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// One entry, worded.
#[derive(Debug, Clone)]
pub struct Line {
    pub id: i64,
    /// "dd/mm/yyyy hh:mm" in Vietnam's time.
    pub at: String,
    /// The stored instant, for `<time datetime>`.
    pub at_iso: String,
    /// The person's name (and e-mail), or "the system".
    pub actor: String,
    /// "Ban hành · Văn bản".
    pub action: String,
    pub entity: String,
    /// The kind of record in words ("Văn bản").
    pub kind: String,
    pub entity_id: Option<i64>,
    /// The record's name as the entry knows it (title, name, number…), if any.
    pub record: Option<String>,
    pub changes: Vec<Change>,
}

/// The kind of record, in words ("Văn bản"), or the stored name.
pub fn kind_label(lang: Lang, entity: &str) -> String {
    lang.try_t(&format!("audit-kind-{}", entity.replace('_', "-")))
        .unwrap_or_else(|| entity.to_string())
}

/// What was done ("document.issue" → "Ban hành · Văn bản").
pub fn action_label(lang: Lang, action: &str, entity: &str) -> String {
    let verb = action.rsplit('.').next().unwrap_or(action);
    let verb = lang
        .try_t(&format!("audit-verb-{}", verb.replace('_', "-")))
        .unwrap_or_else(|| action.to_string());
    format!("{verb} · {}", kind_label(lang, entity))
}

/// A field's name in words, or the stored key.
pub fn field_label(lang: Lang, key: &str) -> String {
    let label = |k: &str| lang.try_t(&format!("audit-field-{}", k.replace(['_', '.'], "-")));
    label(key)
        .or_else(|| key.rsplit_once('.').and_then(|(_, leaf)| label(leaf)))
        .unwrap_or_else(|| key.to_string())
}

/// Words an entry: `units` names the units that `unit_id`-like fields point at.
pub fn line(lang: Lang, e: &AuditEntry, units: &HashMap<i64, String>) -> Line {
    let before = e.before_json.as_deref().and_then(parse);
    let after = e.after_json.as_deref().and_then(parse);
    let actor = match (&e.actor_name, &e.actor_email) {
        (Some(n), Some(m)) => format!("{n} ({m})"),
        (None, Some(m)) => m.clone(),
        (Some(n), None) => n.clone(),
        (None, None) => lang.t("audit-system"),
    };
    let record = [&after, &before]
        .into_iter()
        .flatten()
        .find_map(record_name);
    let changes = diff(before.as_ref(), after.as_ref())
        .into_iter()
        .map(|(key, b, a)| Change {
            field: field_label(lang, &key),
            before: show(lang, &key, b.as_ref(), units),
            after: show(lang, &key, a.as_ref(), units),
        })
        .collect();
    Line {
        id: e.id,
        at: e
            .instant()
            .map(format::vn_time)
            .unwrap_or_else(|| e.at.clone()),
        at_iso: e.at.clone(),
        actor,
        action: action_label(lang, &e.action, &e.entity),
        entity: e.entity.clone(),
        kind: kind_label(lang, &e.entity),
        entity_id: e.entity_id,
        record,
        changes,
    }
}

fn parse(json: &str) -> Option<Map<String, Value>> {
    let mut flat = Map::new();
    match serde_json::from_str::<Value>(json).ok()? {
        Value::Object(m) => flatten("", m, &mut flat),
        Value::Null => return None,
        other => {
            flat.insert("value".into(), other);
        }
    }
    Some(flat)
}

/// Nested objects become dotted keys (`counts.vneid`), so each leaf is one field.
fn flatten(prefix: &str, m: Map<String, Value>, out: &mut Map<String, Value>) {
    for (k, v) in m {
        let key = if prefix.is_empty() {
            k
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            Value::Object(inner) if !inner.is_empty() => flatten(&key, inner, out),
            v => {
                out.insert(key, v);
            }
        }
    }
}

fn record_name(m: &Map<String, Value>) -> Option<String> {
    ["title", "name", "subject", "full_name", "number", "email"]
        .iter()
        .find_map(|k| match m.get(*k) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(cut(s)),
            _ => None,
        })
}

type Diff = Vec<(String, Option<Value>, Option<Value>)>;

/// The fields to show: on an update those whose value changed; on a creation the
/// values set; on a deletion the values removed. Hidden fields are left out.
fn diff(before: Option<&Map<String, Value>>, after: Option<&Map<String, Value>>) -> Diff {
    let shown = |k: &str| !HIDDEN.contains(&k) && !k.ends_with("_hash");
    let set = |v: &Value| match v {
        Value::Null => false,
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        _ => true,
    };
    match (before, after) {
        (Some(b), Some(a)) => {
            let mut out: Diff = a
                .iter()
                .filter(|(k, v)| shown(k) && b.get(*k) != Some(*v))
                .filter(|(k, v)| set(v) || b.get(*k).is_some_and(set))
                .map(|(k, v)| (k.clone(), b.get(k).cloned(), Some(v.clone())))
                .collect();
            out.extend(
                b.iter()
                    .filter(|(k, v)| shown(k) && !a.contains_key(*k) && set(v))
                    .map(|(k, v)| (k.clone(), Some(v.clone()), None)),
            );
            out
        }
        (None, Some(a)) => a
            .iter()
            .filter(|(k, v)| shown(k) && set(v))
            .map(|(k, v)| (k.clone(), None, Some(v.clone())))
            .collect(),
        (Some(b), None) => b
            .iter()
            .filter(|(k, v)| shown(k) && set(v))
            .map(|(k, v)| (k.clone(), Some(v.clone()), None))
            .collect(),
        (None, None) => Vec::new(),
    }
}

/// A value in words: dates as dd/mm/yyyy, times in Vietnam's time, yes/no, numbers
/// with the language's separators, unit ids as the unit's name; nothing is "—".
fn show(lang: Lang, key: &str, v: Option<&Value>, units: &HashMap<i64, String>) -> String {
    let Some(v) = v else {
        return "—".into();
    };
    match v {
        Value::Null => "—".into(),
        Value::Bool(b) => lang.t(if *b { "common-yes" } else { "common-no" }),
        Value::Number(n) => match n.as_i64() {
            Some(i) if is_unit_key(key) => {
                units.get(&i).cloned().unwrap_or_else(|| format!("#{i}"))
            }
            Some(i) if key == "year" || key.ends_with("_id") || key.ends_with("_year") => {
                i.to_string()
            }
            Some(i) => lang.number(i),
            None => n.to_string(),
        },
        Value::String(s) if s.is_empty() => "—".into(),
        Value::String(s) => time::OffsetDateTime::parse(s, &Rfc3339)
            .map(format::vn_time)
            .unwrap_or_else(|_| {
                dxday_domain::dates::parse_date(s)
                    .ok()
                    .filter(|_| s.len() == 10)
                    .map(dxday_domain::dates::format_dmy)
                    .unwrap_or_else(|| cut(s))
            }),
        Value::Array(items) => as_time(items).unwrap_or_else(|| {
            if items.iter().all(|i| i.as_i64().is_some()) && is_unit_key(key) {
                items
                    .iter()
                    .map(|i| show(lang, key, Some(i), units))
                    .collect::<Vec<_>>()
                    .join(", ")
            } else if items.is_empty() {
                "—".into()
            } else {
                cut(&items
                    .iter()
                    .map(|i| show(lang, "", Some(i), units))
                    .collect::<Vec<_>>()
                    .join("; "))
            }
        }),
        Value::Object(m) => cut(&m
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| format!("{} {}", field_label(lang, k), show(lang, k, Some(v), units)))
            .collect::<Vec<_>>()
            .join(", ")),
    }
}

fn is_unit_key(key: &str) -> bool {
    let leaf = key.rsplit('.').next().unwrap_or(key);
    matches!(
        leaf,
        "unit"
            | "unit_id"
            | "ward_id"
            | "unit_ids"
            | "recipients"
            | "owner_unit_id"
            | "issuer_unit_id"
    )
}

/// `time`'s compact forms: a date is `[year, ordinal]`, a date-time is nine numbers
/// `[year, ordinal, hour, minute, second, nanosecond, offset h, m, s]`.
fn as_time(items: &[Value]) -> Option<String> {
    let n: Vec<i64> = items.iter().map(Value::as_i64).collect::<Option<_>>()?;
    let date = |y: i64, d: i64| {
        time::Date::from_ordinal_date(i32::try_from(y).ok()?, u16::try_from(d).ok()?).ok()
    };
    match n.as_slice() {
        [y, d] if (1900..=2200).contains(y) => date(*y, *d).map(dxday_domain::dates::format_dmy),
        [y, d, h, mi, s, ns, oh, om, os] if (1900..=2200).contains(y) => {
            let t = time::Time::from_hms_nano(
                u8::try_from(*h).ok()?,
                u8::try_from(*mi).ok()?,
                u8::try_from(*s).ok()?,
                u32::try_from(*ns).ok()?,
            )
            .ok()?;
            let off = time::UtcOffset::from_hms(
                i8::try_from(*oh).ok()?,
                i8::try_from(*om).ok()?,
                i8::try_from(*os).ok()?,
            )
            .ok()?;
            Some(format::vn_time(
                date(*y, *d)?.with_time(t).assume_offset(off),
            ))
        }
        _ => None,
    }
}

fn cut(s: &str) -> String {
    if s.chars().count() <= MAX_VALUE {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(MAX_VALUE).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str, entity: &str, before: Option<&str>, after: Option<&str>) -> AuditEntry {
        AuditEntry {
            id: 1,
            at: "2024-10-07T03:12:05.123Z".into(),
            actor_user_id: Some(2),
            actor_email: Some("vanthu@ngoquyen.gov.vn".into()),
            actor_name: Some("Nguyễn Văn Thư".into()),
            action: action.into(),
            entity: entity.into(),
            entity_id: Some(9),
            before_json: before.map(Into::into),
            after_json: after.map(Into::into),
        }
    }

    #[test]
    fn an_update_reads_as_the_fields_that_changed() {
        let units = HashMap::from([(4, "UBND phường Máy Chai".to_string())]);
        let e = entry(
            "document.update",
            "document",
            Some(
                r#"{"id":9,"subject":"Về việc A","due_on":[2024,275],"unit_id":3,"urgent":false,"note":null}"#,
            ),
            Some(
                r#"{"id":9,"subject":"Về việc B","due_on":[2024,284],"unit_id":4,"urgent":true,"note":null}"#,
            ),
        );
        let l = line(Lang::Vi, &e, &units);
        assert_eq!(l.at, "07/10/2024 10:12");
        assert_eq!(l.actor, "Nguyễn Văn Thư (vanthu@ngoquyen.gov.vn)");
        assert_eq!(l.action, "Cập nhật · Văn bản");
        assert_eq!(l.record.as_deref(), Some("Về việc B"));
        let shown: Vec<_> = l
            .changes
            .iter()
            .map(|c| (c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("01/10/2024", "10/10/2024"),
                ("Về việc A", "Về việc B"),
                ("#3", "UBND phường Máy Chai"),
                ("Không", "Có"),
            ]
        );
        assert_eq!(l.changes[1].field, "Trích yếu");
    }

    #[test]
    fn a_creation_lists_what_was_set_and_unknown_names_stay_readable() {
        let e = entry(
            "widget.polish",
            "widget",
            None,
            Some(
                r#"{"name":"Mẫu","count":1250,"empty":"","at":"2024-10-01T01:00:00Z","data":{"counts":{"vneid":3}}}"#,
            ),
        );
        let l = line(Lang::Vi, &e, &HashMap::new());
        assert_eq!(l.action, "widget.polish · widget");
        let shown: Vec<_> = l
            .changes
            .iter()
            .map(|c| (c.field.as_str(), c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(
            shown,
            [
                ("at", "—", "01/10/2024 08:00"),
                ("count", "—", "1.250"),
                ("data.counts.vneid", "—", "3"),
                ("Tên", "—", "Mẫu"),
            ]
        );
        let e = entry(
            "unit.create",
            "unit",
            None,
            Some(&format!(r#"{{"name":"{}"}}"#, "x".repeat(300))),
        );
        let l = line(Lang::En, &e, &HashMap::new());
        assert_eq!(l.action, "Created · unit");
        assert!(l.changes[0].after.ends_with('…'));
        assert_eq!(l.changes[0].after.chars().count(), MAX_VALUE + 1);
    }

    #[test]
    fn system_entries_and_odd_json_do_not_break_the_page() {
        let mut e = entry("banks.replace", "bank", Some("not json"), Some("[1,2]"));
        e.actor_name = None;
        e.actor_email = None;
        let l = line(Lang::Vi, &e, &HashMap::new());
        assert_eq!(l.actor, "Hệ thống");
        assert_eq!(l.changes.len(), 1);
        assert_eq!(l.changes[0].after, "1; 2");
        let e = entry(
            "task.move",
            "task",
            None,
            Some(r#"[2024,1,10,5,0,0,7,0,0]"#),
        );
        assert_eq!(
            line(Lang::Vi, &e, &HashMap::new()).changes[0].after,
            "01/01/2024 10:05"
        );
    }
}
