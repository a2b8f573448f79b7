//! The results report a campaign's office sends upward: what the office writes on it
//! (to whom, who else receives it, who signs, its own words); the figures come from
//! the indicators.

use serde::{Deserialize, Serialize};

use crate::FieldErrors;
use crate::errors::{optional_text, required_text};

/// What the office writes on its results report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultsReportData {
    /// Kính gửi: the level above, one a line.
    pub addressees: Vec<String>,
    /// Nơi nhận besides the addressees ("Lãnh đạo UBND quận"), one a line.
    pub copies: Vec<String>,
    /// "KT. TRƯỞNG PHÒNG" when a deputy signs for the head.
    pub authority_line: Option<String>,
    /// "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG".
    pub signer_title: String,
    pub signer_name: String,
    /// Notable results, one paragraph a line (may be empty).
    pub highlights: Vec<String>,
    pub difficulties: Vec<String>,
    pub proposals: Vec<String>,
}

/// The form as typed (each list one a line).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultsReportForm {
    pub addressees: String,
    pub copies: String,
    pub authority_line: String,
    pub signer_title: String,
    pub signer_name: String,
    pub highlights: String,
    pub difficulties: String,
    pub proposals: String,
}

/// The non-empty lines of a text, trimmed, without the "- " a clerk may type; an
/// error when there are more than `max` or one is longer than `len`.
fn lines(text: &str, max: usize, len: usize) -> Result<Vec<String>, &'static str> {
    let out: Vec<String> = text
        .lines()
        .map(|l| l.trim().trim_start_matches(['-', '–', '+']).trim())
        .map(|l| l.trim_end_matches([';', '.']).trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if out.len() > max || out.iter().any(|l| l.chars().count() > len) {
        return Err("err-too-long");
    }
    Ok(out)
}

/// Paragraphs as typed: kept whole (their final full stop too).
fn paragraphs(text: &str) -> Result<Vec<String>, &'static str> {
    let out: Vec<String> = text
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if out.len() > 60 || out.iter().map(|l| l.chars().count()).sum::<usize>() > 20_000 {
        return Err("err-too-long");
    }
    Ok(out)
}

impl ResultsReportForm {
    pub fn parse(&self) -> Result<ResultsReportData, FieldErrors> {
        let mut e = FieldErrors::default();
        let addressees = e.check(
            "addressees",
            lines(&self.addressees, 10, 200).and_then(|l| {
                if l.is_empty() {
                    Err("err-required")
                } else {
                    Ok(l)
                }
            }),
        );
        let copies = e.check("copies", lines(&self.copies, 20, 200));
        let authority_line = e.check("authority_line", optional_text(&self.authority_line, 100));
        let signer_title = e.check("signer_title", required_text(&self.signer_title, 100));
        let signer_name = e.check("signer_name", required_text(&self.signer_name, 100));
        let highlights = e.check("highlights", paragraphs(&self.highlights));
        let difficulties = e.check("difficulties", paragraphs(&self.difficulties));
        let proposals = e.check("proposals", paragraphs(&self.proposals));
        parsed!(
            e,
            ResultsReportData {
                addressees,
                copies,
                authority_line,
                signer_title,
                signer_name,
                highlights,
                difficulties,
                proposals
            }
        )
    }

    pub fn from_data(d: &ResultsReportData) -> ResultsReportForm {
        ResultsReportForm {
            addressees: d.addressees.join("\n"),
            copies: d.copies.join("\n"),
            authority_line: d.authority_line.clone().unwrap_or_default(),
            signer_title: d.signer_title.clone(),
            signer_name: d.signer_name.clone(),
            highlights: d.highlights.join("\n"),
            difficulties: d.difficulties.join("\n"),
            proposals: d.proposals.join("\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_report_needs_an_addressee_and_a_signer_with_a_name() {
        let e = ResultsReportForm::default().parse().unwrap_err();
        assert_eq!(e.get("addressees"), Some("err-required"));
        assert_eq!(e.get("signer_name"), Some("err-required"));
        let d = ResultsReportForm {
            addressees: "- Ủy ban nhân dân quận Ngô Quyền;\n\n- Sở Thông tin và Truyền thông."
                .into(),
            copies: "- Lãnh đạo UBND quận;".into(),
            signer_title: "TRƯỞNG PHÒNG".into(),
            signer_name: "Nguyễn Văn An".into(),
            difficulties: "Một số phường chưa gửi báo cáo đúng hạn.".into(),
            ..Default::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            d.addressees,
            [
                "Ủy ban nhân dân quận Ngô Quyền",
                "Sở Thông tin và Truyền thông"
            ]
        );
        assert_eq!(d.copies, ["Lãnh đạo UBND quận"]);
        assert_eq!(d.difficulties, ["Một số phường chưa gửi báo cáo đúng hạn."]);
        assert_eq!(ResultsReportForm::from_data(&d).parse().unwrap(), d);
    }
}
