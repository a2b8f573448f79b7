//! Campaigns: one per year and issuer, with theme, purpose, meaning, legal basis and
//! key dates; their status on the Vietnam clock.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::unit::parse_optional_id;
use crate::{FieldErrors, UnitId, dates};

/// A campaign as stored, ready to insert or update.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignData {
    pub year: i32,
    pub title: String,
    pub theme: String,
    pub purpose: String,
    pub meaning: String,
    /// One legal reference a line (e.g. "Quyết định số 505/QĐ-TTg ngày 22/4/2022 ...").
    pub legal_basis: String,
    pub issuer_unit_id: Option<UnitId>,
    pub starts_on: Date,
    pub ends_on: Date,
    /// The identity kit is shown from this day ...
    pub display_from: Date,
    /// ... to this day, inclusive.
    pub display_to: Date,
    /// The day itself (10/10).
    pub day_on: Date,
    pub consumption_from: Option<Date>,
    pub consumption_to: Option<Date>,
    /// Where the national identity kit can be downloaded.
    pub kit_url: Option<String>,
}

/// Where a campaign stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CampaignStatus {
    /// Sắp diễn ra.
    Upcoming,
    /// Đang diễn ra.
    Ongoing,
    /// Đã kết thúc.
    Ended,
}

impl CampaignStatus {
    /// The i18n key of the status.
    pub fn label_key(self) -> &'static str {
        match self {
            CampaignStatus::Upcoming => "status-upcoming",
            CampaignStatus::Ongoing => "status-ongoing",
            CampaignStatus::Ended => "status-ended",
        }
    }

    /// A CSS-friendly name.
    pub fn as_str(self) -> &'static str {
        match self {
            CampaignStatus::Upcoming => "upcoming",
            CampaignStatus::Ongoing => "ongoing",
            CampaignStatus::Ended => "ended",
        }
    }
}

impl CampaignData {
    /// The campaign's status on `today` (a Vietnam date).
    pub fn status_on(&self, today: Date) -> CampaignStatus {
        if today < self.starts_on {
            CampaignStatus::Upcoming
        } else if today <= self.ends_on {
            CampaignStatus::Ongoing
        } else {
            CampaignStatus::Ended
        }
    }

    /// The legal references, one a line, without blank lines.
    pub fn legal_refs(&self) -> Vec<&str> {
        self.legal_basis
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect()
    }
}

impl CampaignData {
    /// The campaign of `year` as prepared from this one: every date moved by the years
    /// between them, the year in the title changed, the theme, texts, legal bases,
    /// issuer and kit link kept for the office to edit.
    pub fn for_year(&self, year: i32) -> CampaignData {
        let by = year - self.year;
        let shift = |d: Date| dates::shift_years(d, by);
        CampaignData {
            year,
            title: self
                .title
                .replace(&self.year.to_string(), &year.to_string()),
            starts_on: shift(self.starts_on),
            ends_on: shift(self.ends_on),
            display_from: shift(self.display_from),
            display_to: shift(self.display_to),
            day_on: shift(self.day_on),
            consumption_from: self.consumption_from.map(shift),
            consumption_to: self.consumption_to.map(shift),
            ..self.clone()
        }
    }

    /// The first year after this campaign's whose campaign, on the same days, has not
    /// ended on `today`: the one live now or next to come.
    pub fn live_or_next_year(&self, today: Date) -> i32 {
        let mut year = self.year + 1;
        while dates::shift_years(self.ends_on, year - self.year) < today {
            year += 1;
        }
        year
    }
}

/// Picks the campaign the public site shows on `today`: an ongoing one, else the next
/// upcoming one, else the one that ended last. Returns the index in `campaigns`.
pub fn pick_current(campaigns: &[CampaignData], today: Date) -> Option<usize> {
    let by = |status: CampaignStatus| {
        campaigns
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.status_on(today) == status)
    };
    by(CampaignStatus::Ongoing)
        .max_by_key(|(_, c)| c.starts_on)
        .or_else(|| by(CampaignStatus::Upcoming).min_by_key(|(_, c)| c.starts_on))
        .or_else(|| by(CampaignStatus::Ended).max_by_key(|(_, c)| c.ends_on))
        .map(|(i, _)| i)
}

/// The campaign form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CampaignForm {
    pub year: String,
    pub title: String,
    pub theme: String,
    pub purpose: String,
    pub meaning: String,
    pub legal_basis: String,
    pub issuer_unit_id: String,
    pub starts_on: String,
    pub ends_on: String,
    pub display_from: String,
    pub display_to: String,
    pub day_on: String,
    pub consumption_from: String,
    pub consumption_to: String,
    pub kit_url: String,
}

impl CampaignForm {
    /// Parses the form; date ranges must be in order and within the campaign.
    pub fn parse(&self) -> Result<CampaignData, FieldErrors> {
        let mut e = FieldErrors::default();
        let year = e.check("year", parse_year(&self.year));
        let title = e.check("title", required_text(&self.title, 200));
        let theme = e.check("theme", required_text(&self.theme, 1000));
        let purpose = e.check("purpose", required_text(&self.purpose, 5000));
        let meaning = e.check("meaning", required_text(&self.meaning, 5000));
        let legal_basis = e.check("legal_basis", required_text(&self.legal_basis, 5000));
        let issuer_unit_id = e.check("issuer_unit_id", parse_optional_id(&self.issuer_unit_id));
        let starts_on = e.check("starts_on", dates::parse_date(&self.starts_on));
        let ends_on = e.check("ends_on", dates::parse_date(&self.ends_on));
        let display_from = e.check("display_from", dates::parse_date(&self.display_from));
        let display_to = e.check("display_to", dates::parse_date(&self.display_to));
        let day_on = e.check("day_on", dates::parse_date(&self.day_on));
        let consumption_from = e.check(
            "consumption_from",
            dates::parse_optional_date(&self.consumption_from),
        );
        let consumption_to = e.check(
            "consumption_to",
            dates::parse_optional_date(&self.consumption_to),
        );
        let kit_url = e.check(
            "kit_url",
            optional_text(&self.kit_url, 500).and_then(check_url),
        );
        if let (Some(a), Some(b)) = (starts_on, ends_on)
            && b < a
        {
            e.add("ends_on", "err-date-order");
        }
        if let (Some(a), Some(b)) = (display_from, display_to)
            && b < a
        {
            e.add("display_to", "err-date-order");
        }
        match (consumption_from, consumption_to) {
            (Some(Some(a)), Some(Some(b))) if b < a => e.add("consumption_to", "err-date-order"),
            (Some(Some(_)), Some(None)) => e.add("consumption_to", "err-required"),
            (Some(None), Some(Some(_))) => e.add("consumption_from", "err-required"),
            _ => {}
        }
        if let (Some(y), Some(d)) = (year, day_on)
            && d.year() != y
        {
            e.add("day_on", "err-day-year");
        }
        parsed!(
            e,
            CampaignData {
                year,
                title,
                theme,
                purpose,
                meaning,
                legal_basis,
                issuer_unit_id,
                starts_on,
                ends_on,
                display_from,
                display_to,
                day_on,
                consumption_from,
                consumption_to,
                kit_url,
            }
        )
    }

    /// The form filled with a stored campaign, for editing.
    pub fn from_data(c: &CampaignData) -> CampaignForm {
        let opt = |d: Option<Date>| d.map(dates::format_iso).unwrap_or_default();
        CampaignForm {
            year: c.year.to_string(),
            title: c.title.clone(),
            theme: c.theme.clone(),
            purpose: c.purpose.clone(),
            meaning: c.meaning.clone(),
            legal_basis: c.legal_basis.clone(),
            issuer_unit_id: c
                .issuer_unit_id
                .map(|u| u.0.to_string())
                .unwrap_or_default(),
            starts_on: dates::format_iso(c.starts_on),
            ends_on: dates::format_iso(c.ends_on),
            display_from: dates::format_iso(c.display_from),
            display_to: dates::format_iso(c.display_to),
            day_on: dates::format_iso(c.day_on),
            consumption_from: opt(c.consumption_from),
            consumption_to: opt(c.consumption_to),
            kit_url: c.kit_url.clone().unwrap_or_default(),
        }
    }
}

fn parse_year(s: &str) -> Result<i32, &'static str> {
    match s.trim().parse::<i32>() {
        Ok(y) if (2020..=2100).contains(&y) => Ok(y),
        _ if s.trim().is_empty() => Err("err-required"),
        _ => Err("err-year"),
    }
}

fn check_url(u: Option<String>) -> Result<Option<String>, &'static str> {
    match u {
        Some(u)
            if !(u.starts_with("https://") || u.starts_with("http://"))
                || u.contains(char::is_whitespace) =>
        {
            Err("err-url")
        }
        other => Ok(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn form() -> CampaignForm {
        CampaignForm {
            year: "2024".into(),
            title: "Ngày Chuyển đổi số quốc gia năm 2024".into(),
            theme: "Phổ cập hạ tầng số".into(),
            purpose: "Đẩy nhanh tiến độ".into(),
            meaning: "Nâng cao nhận thức".into(),
            legal_basis: "Quyết định số 505/QĐ-TTg ngày 22/4/2022\n\n".into(),
            starts_on: "01/10/2024".into(),
            ends_on: "31/10/2024".into(),
            display_from: "01/10/2024".into(),
            display_to: "10/10/2024".into(),
            day_on: "10/10/2024".into(),
            consumption_from: "01/10/2024".into(),
            consumption_to: "31/10/2024".into(),
            kit_url: "https://dx.gov.vn/bo-nhan-dien".into(),
            ..CampaignForm::default()
        }
    }

    #[test]
    fn next_years_campaign_moves_every_date_and_the_year_in_its_title() {
        let c = form().parse().expect("valid");
        let next = c.for_year(2027);
        assert_eq!(next.title, "Ngày Chuyển đổi số quốc gia năm 2027");
        assert_eq!(next.day_on, date!(2027 - 10 - 10));
        assert_eq!(next.starts_on, date!(2027 - 10 - 01));
        assert_eq!(next.theme, c.theme);
        assert_eq!(next.legal_basis, c.legal_basis);
        assert!(next.clone().for_year(2024) == c, "and back");
    }

    #[test]
    fn the_live_or_next_year_is_the_first_whose_campaign_has_not_ended() {
        let c = form().parse().expect("valid");
        let ends = c.ends_on;
        assert_eq!(c.live_or_next_year(date!(2026 - 12 - 05)), 2027);
        assert_eq!(c.live_or_next_year(date!(2026 - 10 - 05)), 2026);
        assert_eq!(c.live_or_next_year(date!(2026 - 03 - 01)), 2026);
        assert_eq!(c.live_or_next_year(date!(2024 - 10 - 05)), 2025);
        let shifted = dates::shift_years(ends, 2);
        assert_eq!(
            c.live_or_next_year(shifted),
            2026,
            "its last day is still live"
        );
    }

    #[test]
    fn the_status_follows_the_vietnam_date() {
        let c = form().parse().expect("valid");
        assert_eq!(c.status_on(date!(2024 - 09 - 30)), CampaignStatus::Upcoming);
        assert_eq!(c.status_on(date!(2024 - 10 - 01)), CampaignStatus::Ongoing);
        assert_eq!(c.status_on(date!(2024 - 10 - 31)), CampaignStatus::Ongoing);
        assert_eq!(c.status_on(date!(2024 - 11 - 01)), CampaignStatus::Ended);
        assert_eq!(
            c.legal_refs(),
            vec!["Quyết định số 505/QĐ-TTg ngày 22/4/2022"]
        );
    }

    #[test]
    fn ranges_out_of_order_are_refused() {
        let f = CampaignForm {
            display_to: "30/09/2024".into(),
            day_on: "10/10/2025".into(),
            kit_url: "javascript:x".into(),
            ..form()
        };
        let e = f.parse().unwrap_err();
        assert_eq!(e.get("display_to"), Some("err-date-order"));
        assert_eq!(e.get("day_on"), Some("err-day-year"));
        assert_eq!(e.get("kit_url"), Some("err-url"));
    }

    #[test]
    fn the_current_campaign_is_ongoing_then_upcoming_then_latest_ended() {
        let c24 = form().parse().expect("valid");
        let c25 = CampaignData {
            year: 2025,
            starts_on: date!(2025 - 10 - 01),
            ends_on: date!(2025 - 10 - 31),
            ..c24.clone()
        };
        let all = [c24, c25];
        assert_eq!(pick_current(&all, date!(2024 - 10 - 05)), Some(0));
        assert_eq!(pick_current(&all, date!(2025 - 01 - 05)), Some(1));
        assert_eq!(pick_current(&all, date!(2026 - 11 - 30)), Some(1));
        assert_eq!(pick_current(&all[..1], date!(2026 - 11 - 30)), Some(0));
        assert_eq!(pick_current(&[], date!(2026 - 11 - 30)), None);
    }
}
