//! A unit's answers to a report request, as posted from its form, checked against the
//! request's indicators: numbers (Vietnamese thousands dots), texts, evidence files
//! (type checked on their bytes, size limited) and files to remove.

use std::collections::HashMap;

use dxday_domain::errors::optional_text;
use dxday_domain::report::{IndicatorKind, parse_number};
use dxday_store::reports::{NewFile, StoredIndicator, Submission, Value};

use crate::files::{attachment_type, clean_file_name};
use crate::frames::sha256_hex;

/// Largest evidence file, in bytes.
pub const EVIDENCE_LIMIT: usize = 10 * 1024 * 1024;

/// Longest text answer, in bytes.
const MAX_TEXT: usize = 8000;

/// What a unit posted: `n{id}` numbers, `t{id}` texts, `rm{file}` files to remove
/// (fields), and `f{id}` evidence files (name and bytes).
pub struct Posted<'a> {
    pub fields: &'a HashMap<String, String>,
    pub files: &'a HashMap<String, (String, Vec<u8>)>,
}

/// Answers that do not pass: what was typed, and the message key of each indicator in
/// error.
#[derive(Debug, Default)]
pub struct Rejected {
    pub typed: HashMap<i64, String>,
    pub errors: HashMap<i64, &'static str>,
}

/// Checks the posted answers: all of them pass and become a [`Submission`] (a draft,
/// or submitted with `submit`), or the typed values come back with their errors and
/// nothing is stored. A field the form did not send is left as it is.
pub fn check(
    indicators: &[StoredIndicator],
    posted: &Posted,
    submit: bool,
) -> Result<Submission, Rejected> {
    let mut rejected = Rejected::default();
    let mut sub = Submission {
        submit,
        ..Submission::default()
    };
    for s in indicators {
        let field = |prefix: &str| posted.fields.get(&format!("{prefix}{}", s.id));
        match s.indicator.kind {
            IndicatorKind::Number | IndicatorKind::Text => {
                let number = s.indicator.kind == IndicatorKind::Number;
                let Some(raw) = field(if number { "n" } else { "t" }) else {
                    continue;
                };
                let value = if number {
                    parse_number(raw).map(|n| (n, None))
                } else {
                    optional_text(raw, MAX_TEXT).map(|t| (None, t))
                };
                match value {
                    Ok((number, text)) => sub.values.push(Value {
                        indicator_id: s.id,
                        number,
                        text,
                    }),
                    Err(key) => {
                        rejected.errors.insert(s.id, key);
                    }
                }
                rejected.typed.insert(s.id, raw.clone());
            }
            IndicatorKind::File => {
                let Some((name, bytes)) = posted.files.get(&format!("f{}", s.id)) else {
                    continue;
                };
                if bytes.is_empty() {
                    continue;
                }
                match evidence(name, bytes) {
                    Ok(media_type) => sub.add_files.push(NewFile {
                        indicator_id: s.id,
                        file_name: clean_file_name(name),
                        media_type: media_type.into(),
                        sha256: sha256_hex(bytes),
                        content: bytes.clone(),
                    }),
                    Err(key) => {
                        rejected.errors.insert(s.id, key);
                    }
                }
            }
        }
    }
    sub.remove_files = posted
        .fields
        .keys()
        .filter_map(|k| k.strip_prefix("rm"))
        .filter_map(|n| n.parse().ok())
        .collect();
    if rejected.errors.is_empty() {
        Ok(sub)
    } else {
        Err(rejected)
    }
}

/// An evidence file's media type, or why it is refused.
fn evidence(name: &str, bytes: &[u8]) -> Result<&'static str, &'static str> {
    if bytes.len() > EVIDENCE_LIMIT {
        return Err("err-attach-size");
    }
    attachment_type(name, bytes).ok_or("err-attach-type")
}

#[cfg(test)]
mod tests {
    use dxday_domain::report::{Aggregation, Indicator};

    use super::*;

    fn indicator(id: i64, kind: IndicatorKind) -> StoredIndicator {
        StoredIndicator {
            id,
            indicator: Indicator {
                code: format!("c{id}"),
                label: format!("Chỉ tiêu {id}"),
                kind,
                measure: String::new(),
                aggregation: Aggregation::Sum,
            },
        }
    }

    #[test]
    fn posted_answers_pass_together_or_come_back_with_their_errors() {
        let indicators = [
            indicator(1, IndicatorKind::Number),
            indicator(2, IndicatorKind::Text),
            indicator(3, IndicatorKind::File),
            indicator(4, IndicatorKind::Number),
        ];
        let fields: HashMap<String, String> =
            [("n1", "1.250"), ("t2", "Đã treo băng rôn"), ("rm9", "1")]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
        let mut files = HashMap::new();
        files.insert(
            "f3".to_string(),
            ("anh.png".to_string(), b"\x89PNG\r\n\x1a\nrest".to_vec()),
        );
        let posted = Posted {
            fields: &fields,
            files: &files,
        };
        let sub = check(&indicators, &posted, true).expect("all pass");
        assert!(sub.submit);
        assert_eq!(sub.values.len(), 2, "the number not sent is left as it is");
        assert_eq!(sub.values[0].number, Some(1250));
        assert_eq!(sub.values[1].text.as_deref(), Some("Đã treo băng rôn"));
        assert_eq!(sub.add_files[0].media_type, "image/png");
        assert_eq!(sub.remove_files, vec![9]);

        let mut fields = fields;
        fields.insert("n1".into(), "một nghìn".into());
        files.insert("f3".into(), ("anh.png".into(), b"%PDF-1.4".to_vec()));
        let posted = Posted {
            fields: &fields,
            files: &files,
        };
        let rejected = check(&indicators, &posted, false).expect_err("two errors");
        assert_eq!(rejected.errors.get(&1), Some(&"err-number"));
        assert_eq!(rejected.errors.get(&3), Some(&"err-attach-type"));
        assert_eq!(
            rejected.typed.get(&1).map(String::as_str),
            Some("một nghìn")
        );
    }
}
