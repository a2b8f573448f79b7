//! Offers of the digital consumption month ("Tháng 10 – Tháng tiêu dùng số"):
//! enterprises' deals on digital products and services, each with its sector, a link
//! to where it is offered, and a period within the month.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::{FieldErrors, dates};

/// An offer as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferData {
    pub enterprise: String,
    pub sector: String,
    pub offer: String,
    pub channel_url: Option<String>,
    pub valid_from: Date,
    pub valid_to: Date,
}

/// The offer form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct OfferForm {
    pub enterprise: String,
    pub sector: String,
    pub offer: String,
    pub channel_url: String,
    pub valid_from: String,
    pub valid_to: String,
}

impl OfferForm {
    /// Parses the form; the period defaults to the month (`month`) and must lie in it.
    pub fn parse(&self, month: (Date, Date)) -> Result<OfferData, FieldErrors> {
        let mut e = FieldErrors::default();
        let enterprise = e.check("enterprise", required_text(&self.enterprise, 200));
        let sector = e.check("sector", required_text(&self.sector, 100));
        let offer = e.check("offer", required_text(&self.offer, 1000));
        let channel_url = e.check(
            "channel_url",
            optional_text(&self.channel_url, 500).and_then(|u| match u {
                Some(u) if !(u.starts_with("https://") || u.starts_with("http://")) => {
                    Err("err-url")
                }
                other => Ok(other),
            }),
        );
        let from = e
            .check("valid_from", dates::parse_optional_date(&self.valid_from))
            .map(|d| d.unwrap_or(month.0));
        let to = e
            .check("valid_to", dates::parse_optional_date(&self.valid_to))
            .map(|d| d.unwrap_or(month.1));
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                e.add("valid_to", "err-date-order");
            } else if a < month.0 || b > month.1 {
                e.add("valid_to", "err-offer-period");
            }
        }
        match (enterprise, sector, offer, channel_url, from, to) {
            (
                Some(enterprise),
                Some(sector),
                Some(offer),
                Some(channel_url),
                Some(valid_from),
                Some(valid_to),
            ) if e.is_empty() => Ok(OfferData {
                enterprise,
                sector,
                offer,
                channel_url,
                valid_from,
                valid_to,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const OCTOBER: (Date, Date) = (date!(2024 - 10 - 01), date!(2024 - 10 - 31));

    #[test]
    fn an_offer_lies_within_the_month() {
        let f = OfferForm {
            enterprise: "Viettel Hải Phòng".into(),
            sector: "Viễn thông".into(),
            offer: "Giảm 50 % cước gói data 5G".into(),
            channel_url: "https://viettel.vn/khuyen-mai".into(),
            ..OfferForm::default()
        };
        let o = f.parse(OCTOBER).expect("valid");
        assert_eq!((o.valid_from, o.valid_to), OCTOBER, "the month by default");
        let late = OfferForm {
            valid_from: "25/10/2024".into(),
            valid_to: "05/11/2024".into(),
            ..f.clone()
        };
        assert_eq!(
            late.parse(OCTOBER)
                .expect_err("past the month")
                .get("valid_to"),
            Some("err-offer-period")
        );
        let bad = OfferForm {
            channel_url: "viettel.vn".into(),
            enterprise: String::new(),
            ..f
        };
        let e = bad.parse(OCTOBER).expect_err("bad");
        assert_eq!(e.get("channel_url"), Some("err-url"));
        assert_eq!(e.get("enterprise"), Some("err-required"));
    }
}
