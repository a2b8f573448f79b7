//! The names of bodies change with the law: the Ministry of Information and
//! Communications merged into the Ministry of Science and Technology (Nghị định
//! 55/2025/NĐ-CP, from 01/3/2025), the provinces' Sở followed, and the district level
//! ended on 01/7/2025. A register of these changes, each with the day it takes effect,
//! says what a body is called on a document's date: a 2024 document keeps the 2024
//! names, a 2025+ one names the body as it then is, and a document naming a body that
//! no longer exists on its date is caught before it is issued.

use serde::{Deserialize, Serialize};
use time::Date;

/// One change of a body's name: from `effective_on`, `name` is `successor` (or the
/// body no longer exists, when there is none).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyName {
    pub name: String,
    pub successor: Option<String>,
    pub effective_on: Date,
    /// What decided it ("Nghị định số 55/2025/NĐ-CP").
    pub basis: String,
}

/// What a body is on a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameOnDay {
    /// Its name is still its name.
    Same,
    /// It is called this now.
    Renamed(String),
    /// It no longer exists.
    Ended,
}

/// What the body called `name` is called on `day`, following changes one after the
/// other (a body renamed twice has its latest name); a loop in the register stops.
pub fn name_on(names: &[BodyName], name: &str, day: Date) -> NameOnDay {
    let mut current = name.trim().to_string();
    let mut changed = false;
    for _ in 0..=names.len() {
        let Some(change) = names
            .iter()
            .filter(|n| n.effective_on <= day)
            .find(|n| n.name.trim() == current)
        else {
            break;
        };
        match &change.successor {
            None => return NameOnDay::Ended,
            Some(next) => {
                current = next.clone();
                changed = true;
            }
        }
    }
    if changed {
        NameOnDay::Renamed(current)
    } else {
        NameOnDay::Same
    }
}

/// The names in `lines` as they are on `day`: renamed bodies by their new name, ended
/// ones left out (a list of addressees or copies carried into a later year).
pub fn names_on(names: &[BodyName], lines: &[String], day: Date) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| match name_on(names, l, day) {
            NameOnDay::Same => Some(l.clone()),
            NameOnDay::Renamed(n) => Some(n),
            NameOnDay::Ended => None,
        })
        .collect()
}

/// The first change in force on `day` whose former name `text` still uses (a
/// document naming a body by a name it no longer has).
pub fn stale_name<'a>(names: &'a [BodyName], text: &str, day: Date) -> Option<&'a BodyName> {
    names
        .iter()
        .filter(|n| n.effective_on <= day && text.contains(n.name.as_str()))
        .find(|n| match &n.successor {
            // A new name that holds the former one ("Sở X" → "Sở X thành phố Y") is
            // not stale where the text writes the new name.
            Some(s) if s.contains(n.name.as_str()) => !text.contains(s.as_str()),
            _ => true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn register() -> Vec<BodyName> {
        vec![
            BodyName {
                name: "Bộ Thông tin và Truyền thông".into(),
                successor: Some("Bộ Khoa học và Công nghệ".into()),
                effective_on: date!(2025 - 03 - 01),
                basis: "Nghị định số 55/2025/NĐ-CP".into(),
            },
            BodyName {
                name: "Sở Thông tin và Truyền thông thành phố Hải Phòng".into(),
                successor: Some("Sở Khoa học và Công nghệ thành phố Hải Phòng".into()),
                effective_on: date!(2025 - 03 - 01),
                basis: "Nghị quyết của HĐND thành phố".into(),
            },
            BodyName {
                name: "Ủy ban nhân dân huyện Thủy Nguyên".into(),
                successor: None,
                effective_on: date!(2025 - 07 - 01),
                basis: "Luật Tổ chức chính quyền địa phương năm 2025".into(),
            },
        ]
    }

    #[test]
    fn a_body_is_named_as_it_is_on_the_documents_date() {
        let r = register();
        let mic = "Bộ Thông tin và Truyền thông";
        assert_eq!(name_on(&r, mic, date!(2024 - 10 - 07)), NameOnDay::Same);
        assert_eq!(name_on(&r, mic, date!(2025 - 02 - 28)), NameOnDay::Same);
        assert_eq!(
            name_on(&r, mic, date!(2025 - 03 - 01)),
            NameOnDay::Renamed("Bộ Khoa học và Công nghệ".into())
        );
        assert_eq!(
            name_on(
                &r,
                "Ủy ban nhân dân huyện Thủy Nguyên",
                date!(2025 - 07 - 01)
            ),
            NameOnDay::Ended
        );
        let lines = vec![
            "Ủy ban nhân dân huyện Thủy Nguyên".to_string(),
            "Sở Thông tin và Truyền thông thành phố Hải Phòng".into(),
            "Văn phòng HĐND và UBND".into(),
        ];
        assert_eq!(names_on(&r, &lines, date!(2024 - 10 - 07)), lines);
        assert_eq!(
            names_on(&r, &lines, date!(2027 - 10 - 01)),
            vec![
                "Sở Khoa học và Công nghệ thành phố Hải Phòng".to_string(),
                "Văn phòng HĐND và UBND".into()
            ]
        );
    }

    #[test]
    fn a_document_naming_a_body_by_its_former_name_is_caught() {
        let r = register();
        let text = "Kính gửi: Sở Thông tin và Truyền thông thành phố Hải Phòng.";
        assert!(stale_name(&r, text, date!(2024 - 10 - 07)).is_none());
        let found = stale_name(&r, text, date!(2025 - 10 - 07)).expect("stale");
        assert_eq!(found.basis, "Nghị quyết của HĐND thành phố");
        assert!(
            stale_name(
                &r,
                "Sở Khoa học và Công nghệ thành phố Hải Phòng",
                date!(2025 - 10 - 07)
            )
            .is_none()
        );
    }
}
