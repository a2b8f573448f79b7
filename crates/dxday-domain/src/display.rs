//! Where units displayed the identity kit (hiển thị bộ nhận diện): each unit declares
//! its channels (web portal, electronic board, public screen, mobile app, social
//! page), the days shown and a photo or screenshot as evidence; the office compares
//! the days with the display window (01/10–10/10): full, partial or none.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::{FieldErrors, dates};

stored_enum! {
    /// A display channel.
    pub enum Channel (refused "err-choice") {
        /// The unit's web portal (cổng/trang thông tin điện tử): a URL.
        Portal = "portal", label "display-ch-portal";
        /// An electronic board (bảng điện tử): a location.
        EBoard = "e_board", label "display-ch-e-board";
        /// A public screen (màn hình công cộng): a location.
        PublicScreen = "public_screen", label "display-ch-public-screen";
        /// A mobile app: its name.
        App = "app", label "display-ch-app";
        /// A social-media page (Facebook, Zalo OA): a URL.
        SocialPage = "social_page", label "display-ch-social-page";
    }
}

impl Channel {
    /// Whether the place is a web address (a portal, a social page) rather than a
    /// location or a name.
    pub fn place_is_url(self) -> bool {
        matches!(self, Channel::Portal | Channel::SocialPage)
    }
}

/// One declaration as stored (the evidence photo is kept beside it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DisplayData {
    pub channel: Channel,
    /// The URL (portal, social page), the location (board, screen) or the app's name.
    pub place: String,
    pub shown_from: Date,
    pub shown_to: Date,
    pub note: Option<String>,
}

/// The declaration form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DisplayForm {
    pub channel: String,
    pub place: String,
    pub shown_from: String,
    pub shown_to: String,
    pub note: String,
}

impl DisplayForm {
    /// Parses the form: both days are required, in order, and within the campaign
    /// (`campaign.0`–`campaign.1`); a portal or social page is an http(s) address.
    pub fn parse(&self, campaign: (Date, Date)) -> Result<DisplayData, FieldErrors> {
        let mut e = FieldErrors::default();
        let channel = e.check("channel", Channel::parse(&self.channel));
        let place = e.check("place", required_text(&self.place, 500));
        if let (Some(c), Some(p)) = (channel, &place)
            && c.place_is_url()
            && !(p.starts_with("https://") || p.starts_with("http://"))
        {
            e.add("place", "err-url");
        }
        let from = e.check("shown_from", dates::parse_date(&self.shown_from));
        let to = e.check("shown_to", dates::parse_date(&self.shown_to));
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                e.add("shown_to", "err-date-order");
            } else if a < campaign.0 || b > campaign.1 {
                e.add("shown_to", "err-display-period");
            }
        }
        let note = e.check("note", optional_text(&self.note, 1000));
        match (channel, place, from, to, note) {
            (Some(channel), Some(place), Some(shown_from), Some(shown_to), Some(note))
                if e.is_empty() =>
            {
                Ok(DisplayData {
                    channel,
                    place,
                    shown_from,
                    shown_to,
                    note,
                })
            }
            _ => Err(e),
        }
    }

    /// The form filled with a stored declaration (to edit it).
    pub fn of(d: &DisplayData) -> DisplayForm {
        DisplayForm {
            channel: d.channel.as_str().into(),
            place: d.place.clone(),
            shown_from: dates::format_dmy(d.shown_from),
            shown_to: dates::format_dmy(d.shown_to),
            note: d.note.clone().unwrap_or_default(),
        }
    }
}

/// How much of the display window a unit's declarations on one channel cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Coverage {
    /// Every day of the window.
    Full,
    /// Some days.
    Partial,
    /// No day.
    None,
}

impl Coverage {
    pub fn as_str(self) -> &'static str {
        match self {
            Coverage::Full => "full",
            Coverage::Partial => "partial",
            Coverage::None => "none",
        }
    }

    /// The i18n key of its name.
    pub fn label_key(self) -> &'static str {
        match self {
            Coverage::Full => "display-cov-full",
            Coverage::Partial => "display-cov-partial",
            Coverage::None => "display-cov-none",
        }
    }
}

/// The days of a window that a set of periods cover: the merged periods (clipped to
/// the window, in order), the number of days covered, and the verdict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Covered {
    pub periods: Vec<(Date, Date)>,
    pub days: i64,
    pub window_days: i64,
    pub coverage: Coverage,
}

/// Merges `periods` (inclusive days, in any order, overlapping or not) within
/// `window` and says whether they cover it.
pub fn covered(window: (Date, Date), periods: &[(Date, Date)]) -> Covered {
    let mut clipped: Vec<(Date, Date)> = periods
        .iter()
        .map(|&(a, b)| (a.max(window.0), b.min(window.1)))
        .filter(|(a, b)| a <= b)
        .collect();
    clipped.sort();
    let mut merged: Vec<(Date, Date)> = Vec::new();
    for (a, b) in clipped {
        match merged.last_mut() {
            // Touching periods (5/10 and 6/10) join into one.
            Some(last) if a <= last.1.next_day().unwrap_or(last.1) => last.1 = last.1.max(b),
            _ => merged.push((a, b)),
        }
    }
    let days: i64 = merged.iter().map(|(a, b)| (*b - *a).whole_days() + 1).sum();
    let window_days = (window.1 - window.0).whole_days() + 1;
    Covered {
        coverage: if days == 0 {
            Coverage::None
        } else if days >= window_days {
            Coverage::Full
        } else {
            Coverage::Partial
        },
        periods: merged,
        days,
        window_days,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const WINDOW: (Date, Date) = (date!(2024 - 10 - 01), date!(2024 - 10 - 10));
    const CAMPAIGN: (Date, Date) = (date!(2024 - 09 - 15), date!(2024 - 10 - 31));

    fn form(channel: &str, place: &str, from: &str, to: &str) -> DisplayForm {
        DisplayForm {
            channel: channel.into(),
            place: place.into(),
            shown_from: from.into(),
            shown_to: to.into(),
            note: String::new(),
        }
    }

    #[test]
    fn a_declaration_is_parsed() {
        let d = form(
            "portal",
            "https://maychai.ngoquyen.haiphong.gov.vn",
            "01/10/2024",
            "10/10/2024",
        )
        .parse(CAMPAIGN)
        .expect("valid");
        assert_eq!(d.channel, Channel::Portal);
        assert_eq!(d.shown_to, date!(2024 - 10 - 10));
        let d = form("e_board", "Trụ sở UBND phường", "3/10/2024", "8/10/2024")
            .parse(CAMPAIGN)
            .expect("a location");
        assert_eq!(DisplayForm::of(&d).shown_from, "03/10/2024");
    }

    #[test]
    fn bad_declarations_name_their_fields() {
        let e = form("portal", "maychai.gov.vn", "01/10/2024", "10/10/2024")
            .parse(CAMPAIGN)
            .expect_err("no scheme");
        assert_eq!(e.get("place"), Some("err-url"));
        let e = form("radio", "", "", "")
            .parse(CAMPAIGN)
            .expect_err("empty");
        assert_eq!(e.get("channel"), Some("err-choice"));
        assert_eq!(e.get("place"), Some("err-required"));
        assert!(e.get("shown_from").is_some() && e.get("shown_to").is_some());
        let e = form("app", "Hải Phòng Smart", "10/10/2024", "01/10/2024")
            .parse(CAMPAIGN)
            .expect_err("order");
        assert_eq!(e.get("shown_to"), Some("err-date-order"));
        let e = form("app", "Hải Phòng Smart", "01/10/2023", "10/10/2023")
            .parse(CAMPAIGN)
            .expect_err("outside the campaign");
        assert_eq!(e.get("shown_to"), Some("err-display-period"));
        let e = form("app", "Hải Phòng Smart", "25/10/2024", "02/11/2024")
            .parse(CAMPAIGN)
            .expect_err("past its end");
        assert_eq!(e.get("shown_to"), Some("err-display-period"));
    }

    #[test]
    fn coverage_merges_periods_within_the_window() {
        let none = covered(WINDOW, &[]);
        assert_eq!(
            (none.coverage, none.days, none.window_days),
            (Coverage::None, 0, 10)
        );
        // Before the window only: nothing counts.
        let before = covered(WINDOW, &[(date!(2024 - 09 - 20), date!(2024 - 09 - 30))]);
        assert_eq!(before.coverage, Coverage::None);
        // Two touching periods and an overlapping one: the whole window.
        let full = covered(
            WINDOW,
            &[
                (date!(2024 - 10 - 06), date!(2024 - 10 - 12)),
                (date!(2024 - 09 - 28), date!(2024 - 10 - 05)),
                (date!(2024 - 10 - 02), date!(2024 - 10 - 04)),
            ],
        );
        assert_eq!(full.coverage, Coverage::Full);
        assert_eq!(full.days, 10);
        assert_eq!(full.periods, vec![WINDOW]);
        // A gap: partial, 1–3 and 7–10.
        let partial = covered(
            WINDOW,
            &[
                (date!(2024 - 10 - 07), date!(2024 - 10 - 10)),
                (date!(2024 - 10 - 01), date!(2024 - 10 - 03)),
            ],
        );
        assert_eq!(partial.coverage, Coverage::Partial);
        assert_eq!(partial.days, 7);
        assert_eq!(
            partial.periods,
            vec![
                (date!(2024 - 10 - 01), date!(2024 - 10 - 03)),
                (date!(2024 - 10 - 07), date!(2024 - 10 - 10)),
            ]
        );
    }
}
