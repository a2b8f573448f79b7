//! Online-payment streets (tuyến phố thanh toán trực tuyến) and their merchants: a
//! ward surveys the shops of a street, helps them accept cashless payment (a VietQR
//! bank code, a card, an e-wallet) and launches the street when the share of shops
//! that accept reaches its target (100 % by default).

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::task::{CellError, Header};
use crate::{FieldErrors, dates};

mod merchant;
pub use merchant::*;
mod import;
pub use import::*;

stored_enum! {
    /// Where a street stands.
    pub enum StreetStatus (refused "err-choice") {
        /// Khảo sát.
        Surveying = "surveying", label "street-status-surveying";
        /// Triển khai.
        Deploying = "deploying", label "street-status-deploying";
        /// Đã ra mắt.
        Launched = "launched", label "street-status-launched";
    }
}

/// A street as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreetData {
    pub name: String,
    pub segment_from: Option<String>,
    pub segment_to: Option<String>,
    pub status: StreetStatus,
    /// The launch decision's number (e.g. 45/QĐ-UBND) and date.
    pub decision_number: Option<String>,
    pub decision_date: Option<Date>,
    pub launch_date: Option<Date>,
    /// The share of shops that must accept cashless payment, in percent.
    pub target_percent: i64,
}

/// The street form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct StreetForm {
    pub name: String,
    pub segment_from: String,
    pub segment_to: String,
    pub status: String,
    pub decision_number: String,
    pub decision_date: String,
    pub launch_date: String,
    pub target_percent: String,
}

impl StreetForm {
    /// Parses the form. A launched street needs its launch date; whether its shops
    /// meet the target is checked against them (see [`can_launch`]).
    pub fn parse(&self) -> Result<StreetData, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.check("name", required_text(&self.name, 200));
        let segment_from = e.check("segment_from", optional_text(&self.segment_from, 200));
        let segment_to = e.check("segment_to", optional_text(&self.segment_to, 200));
        let status = e.check(
            "status",
            if self.status.trim().is_empty() {
                Ok(StreetStatus::Surveying)
            } else {
                StreetStatus::parse(&self.status)
            },
        );
        let decision_number = e.check("decision_number", optional_text(&self.decision_number, 50));
        let decision_date = e.check(
            "decision_date",
            dates::parse_optional_date(&self.decision_date),
        );
        let launch_date = e.check("launch_date", dates::parse_optional_date(&self.launch_date));
        let target_percent = e.check(
            "target_percent",
            match self.target_percent.trim().trim_end_matches('%').trim() {
                "" => Ok(100),
                t => t
                    .parse::<i64>()
                    .ok()
                    .filter(|p| (1..=100).contains(p))
                    .ok_or("err-percent"),
            },
        );
        if status == Some(StreetStatus::Launched) && launch_date == Some(None) {
            e.add("launch_date", "err-street-launch-date");
        }
        parsed!(
            e,
            StreetData {
                name,
                segment_from,
                segment_to,
                status,
                decision_number,
                decision_date,
                launch_date,
                target_percent,
            }
        )
    }

    /// The form filled with a stored street.
    pub fn of(d: &StreetData) -> StreetForm {
        let date = |d: Option<Date>| d.map(dates::format_dmy).unwrap_or_default();
        StreetForm {
            name: d.name.clone(),
            segment_from: d.segment_from.clone().unwrap_or_default(),
            segment_to: d.segment_to.clone().unwrap_or_default(),
            status: d.status.as_str().into(),
            decision_number: d.decision_number.clone().unwrap_or_default(),
            decision_date: date(d.decision_date),
            launch_date: date(d.launch_date),
            target_percent: d.target_percent.to_string(),
        }
    }
}

/// The share of shops that accept, in whole percent (rounded down: 99,6 % is not
/// 100 %); `None` for a street without shops.
pub fn acceptance_percent(accepting: i64, total: i64) -> Option<i64> {
    (total > 0).then(|| accepting * 100 / total)
}

/// Whether a street may be marked launched: it has shops and the share that accept
/// reaches its target.
pub fn can_launch(accepting: i64, total: i64, target_percent: i64) -> bool {
    total > 0 && accepting * 100 >= target_percent * total
}

#[cfg(test)]
mod tests;
