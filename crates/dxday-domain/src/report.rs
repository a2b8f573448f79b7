//! Report requests (yêu cầu báo cáo) and the units' reports: the office asks the
//! target units for a form of indicators by a due date; a unit's focal point fills it
//! in, saves drafts and submits; the office returns it with a comment or a leader
//! approves it, which locks it. Missing is not zero: a number left empty stays empty
//! in totals and exports.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::{FieldErrors, dates};

stored_enum! {
    /// Why the office asks for a report.
    pub enum ReportKind (refused "err-choice") {
        /// Định kỳ (monthly, quarterly…).
        Periodic = "periodic", label "report-kind-periodic";
        /// Chuyên đề (one campaign, one subject).
        Thematic = "thematic", label "report-kind-thematic";
        /// Đột xuất.
        AdHoc = "ad_hoc", label "report-kind-ad-hoc";
    }
}

stored_enum! {
    /// What an indicator asks for.
    pub enum IndicatorKind (refused "err-choice") {
        /// A whole number with its unit of measure (người, hộ, hồ sơ…).
        Number = "number", label "indicator-kind-number";
        /// A text answer.
        Text = "text", label "indicator-kind-text";
        /// Files as evidence (photos, scanned documents).
        File = "file", label "indicator-kind-file";
    }
}

stored_enum! {
    /// How the units' numbers make the district's figure.
    pub enum Aggregation (refused "err-choice") {
        /// The sum of the units' numbers.
        Sum = "sum", label "aggregation-sum";
        /// The largest.
        Max = "max", label "aggregation-max";
        /// The number of the report submitted last (a figure each unit restates).
        Latest = "latest", label "aggregation-latest";
    }
}

impl Aggregation {
    /// The district's figure from the received reports' numbers, given in the order
    /// the reports were submitted. Empty numbers are left out; `None` when no report
    /// gave one (missing is not zero).
    pub fn apply(self, values: &[Option<i64>]) -> Option<i64> {
        let mut given = values.iter().flatten().copied();
        match self {
            Aggregation::Sum => given.try_fold(None::<i64>, |acc, v| {
                Some(Some(acc.unwrap_or(0).saturating_add(v)))
            })?,
            Aggregation::Max => given.max(),
            Aggregation::Latest => given.last(),
        }
    }
}

/// One indicator of a request's form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Indicator {
    /// Stable code within the request (`vneid_activated`).
    pub code: String,
    pub label: String,
    pub kind: IndicatorKind,
    /// The unit of measure of a number (người, hộ…); empty for text and files.
    pub measure: String,
    pub aggregation: Aggregation,
}

/// The indicators the campaign's results report asks for (the dispatch's activities).
pub fn campaign_indicators() -> Vec<Indicator> {
    use Aggregation::*;
    use IndicatorKind::*;
    let n = |code: &str, label: &str, measure: &str, aggregation| Indicator {
        code: code.into(),
        label: label.into(),
        kind: Number,
        measure: measure.into(),
        aggregation,
    };
    let other = |code: &str, label: &str, kind| Indicator {
        code: code.into(),
        label: label.into(),
        kind,
        measure: String::new(),
        aggregation: Sum,
    };
    vec![
        n(
            "avatar_staff",
            "Cán bộ, công chức, viên chức, người lao động thay ảnh đại diện hưởng ứng",
            "người",
            Sum,
        ),
        n(
            "team_households",
            "Hộ gia đình được Tổ công nghệ số cộng đồng tiếp cận",
            "hộ",
            Sum,
        ),
        n(
            "team_people",
            "Người dân được Tổ công nghệ số cộng đồng hướng dẫn, hỗ trợ",
            "người",
            Sum,
        ),
        n(
            "vneid_activated",
            "Tài khoản định danh điện tử VNeID được hỗ trợ kích hoạt",
            "tài khoản",
            Sum,
        ),
        n(
            "online_dossiers",
            "Hồ sơ dịch vụ công trực tuyến được hỗ trợ nộp",
            "hồ sơ",
            Sum,
        ),
        n(
            "cashless_merchants",
            "Cơ sở kinh doanh chấp nhận thanh toán không dùng tiền mặt",
            "cơ sở",
            Sum,
        ),
        n(
            "payment_streets",
            "Tuyến phố thanh toán trực tuyến được ra mắt",
            "tuyến",
            Sum,
        ),
        n(
            "events_held",
            "Sự kiện, hoạt động hưởng ứng đã tổ chức",
            "sự kiện",
            Sum,
        ),
        n(
            "event_attendance",
            "Lượt người tham dự các sự kiện, hoạt động",
            "lượt người",
            Sum,
        ),
        n(
            "media_items",
            "Tin, bài, phóng sự tuyên truyền đã đăng, phát",
            "tin bài",
            Sum,
        ),
        n(
            "display_channels",
            "Kênh hiển thị bộ nhận diện đã sử dụng",
            "kênh",
            Max,
        ),
        other(
            "display_channels_detail",
            "Các kênh đã hiển thị bộ nhận diện (cổng thông tin, bảng điện tử, màn hình công cộng, ứng dụng, mạng xã hội)",
            Text,
        ),
        other(
            "highlights",
            "Kết quả nổi bật, khó khăn, vướng mắc và đề xuất",
            Text,
        ),
        other("evidence", "Tài liệu, hình ảnh minh chứng", File),
    ]
}

/// Parses a number as a unit types it: digits with optional Vietnamese thousands
/// separators ("1.234", "1 234"); empty is `None` (not reported), never 0.
pub fn parse_number(s: &str) -> Result<Option<i64>, &'static str> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if t.starts_with('-') {
        return Err("err-number-negative");
    }
    let grouped = t.contains(['.', ' ', '\u{a0}']);
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(if t.contains(',') {
            "err-number-whole"
        } else {
            "err-number"
        });
    }
    if grouped {
        // Groups of three after the first: "1.234.567", not "12.34".
        let groups: Vec<&str> = t.split(['.', ' ', '\u{a0}']).collect();
        let ok = groups.len() > 1
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return Err("err-number-whole");
        }
    }
    if digits.len() > 15 {
        return Err("err-number-large");
    }
    digits.parse::<i64>().map(Some).map_err(|_| "err-number")
}

stored_enum! {
    /// Where a unit's report stands.
    pub enum ReportStatus (refused "err-choice") {
        Draft = "draft";
        Submitted = "submitted";
        Returned = "returned";
        Approved = "approved";
    }
}

impl ReportStatus {
    /// The unit may still change it (a draft, or returned by the office).
    pub fn editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }

    /// The office has it: its numbers count in the totals.
    pub fn received(self) -> bool {
        matches!(self, ReportStatus::Submitted | ReportStatus::Approved)
    }

    /// The i18n key of its name; `None` (no report yet) is "not started".
    pub fn label_key(s: Option<ReportStatus>) -> String {
        format!("report-status-{}", s.map_or("none", |s| s.as_str()))
    }
}

/// A request as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestData {
    pub title: String,
    pub kind: ReportKind,
    pub period_from: Option<Date>,
    pub period_to: Option<Date>,
    pub due_on: Date,
    pub note: Option<String>,
}

/// The request form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct RequestForm {
    pub title: String,
    pub kind: String,
    pub period_from: String,
    pub period_to: String,
    pub due_on: String,
    pub note: String,
}

impl RequestForm {
    pub fn parse(&self) -> Result<RequestData, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = e.check("title", required_text(&self.title, 300));
        let kind = e.check("kind", ReportKind::parse(&self.kind));
        let from = e.check("period_from", dates::parse_optional_date(&self.period_from));
        let to = e.check("period_to", dates::parse_optional_date(&self.period_to));
        let due = e.check("due_on", dates::parse_date(&self.due_on));
        if let (Some(Some(a)), Some(Some(b))) = (from, to)
            && b < a
        {
            e.add("period_to", "err-date-order");
        }
        if let (Some(Some(a)), Some(d)) = (from, due)
            && d < a
        {
            e.add("due_on", "err-date-order");
        }
        let note = e.check("note", optional_text(&self.note, 4000));
        match (title, kind, from, to, due, note) {
            (
                Some(title),
                Some(kind),
                Some(period_from),
                Some(period_to),
                Some(due_on),
                Some(note),
            ) if e.is_empty() => Ok(RequestData {
                title,
                kind,
                period_from,
                period_to,
                due_on,
                note,
            }),
            _ => Err(e),
        }
    }
}

/// A custom indicator as typed on the request form (label, kind, measure, aggregation).
pub fn parse_custom_indicator(
    position: usize,
    label: &str,
    kind: &str,
    measure: &str,
    aggregation: &str,
) -> Result<Option<Indicator>, &'static str> {
    let Some(label) = optional_text(label, 300)? else {
        return Ok(None);
    };
    let kind = IndicatorKind::parse(kind)?;
    let measure = optional_text(measure, 40)?.unwrap_or_default();
    if kind == IndicatorKind::Number && measure.is_empty() {
        return Err("err-indicator-measure");
    }
    Ok(Some(Indicator {
        code: format!("custom_{position}"),
        label,
        kind,
        measure: if kind == IndicatorKind::Number {
            measure
        } else {
            String::new()
        },
        aggregation: if kind == IndicatorKind::Number {
            Aggregation::parse(aggregation)?
        } else {
            Aggregation::Sum
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_take_vietnamese_separators_and_empty_is_not_zero() {
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number("  "), Ok(None));
        assert_eq!(parse_number("0"), Ok(Some(0)));
        assert_eq!(parse_number("1.234"), Ok(Some(1234)));
        assert_eq!(parse_number("1 234 567"), Ok(Some(1_234_567)));
        assert_eq!(parse_number("12.34"), Err("err-number-whole"));
        assert_eq!(parse_number("12,5"), Err("err-number-whole"));
        assert_eq!(parse_number("mười"), Err("err-number"));
        assert_eq!(parse_number("12a"), Err("err-number"));
        assert_eq!(parse_number("-3"), Err("err-number-negative"));
        assert_eq!(parse_number("9999999999999999"), Err("err-number-large"));
    }

    #[test]
    fn aggregation_leaves_missing_out() {
        let v = [Some(3), None, Some(10), Some(4)];
        assert_eq!(Aggregation::Sum.apply(&v), Some(17));
        assert_eq!(Aggregation::Max.apply(&v), Some(10));
        assert_eq!(Aggregation::Latest.apply(&v), Some(4));
        assert_eq!(Aggregation::Sum.apply(&[None, None]), None);
        assert_eq!(Aggregation::Max.apply(&[]), None);
        assert_eq!(Aggregation::Sum.apply(&[Some(0), None]), Some(0));
    }

    #[test]
    fn the_campaign_form_covers_the_issue_s_indicators() {
        let all = campaign_indicators();
        for code in [
            "avatar_staff",
            "team_households",
            "team_people",
            "vneid_activated",
            "online_dossiers",
            "cashless_merchants",
            "payment_streets",
            "events_held",
            "event_attendance",
            "display_channels",
            "media_items",
        ] {
            let i = all.iter().find(|i| i.code == code).expect(code);
            assert_eq!(i.kind, IndicatorKind::Number, "{code}");
            assert!(!i.measure.is_empty(), "{code} has a unit of measure");
        }
        assert!(all.iter().any(|i| i.kind == IndicatorKind::Text));
        assert!(all.iter().any(|i| i.kind == IndicatorKind::File));
        let mut codes: Vec<&str> = all.iter().map(|i| i.code.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len(), "codes are unique");
    }

    #[test]
    fn the_request_form_checks_its_dates() {
        let mut f = RequestForm {
            title: "Báo cáo kết quả".into(),
            kind: "thematic".into(),
            period_from: "01/10/2024".into(),
            period_to: "31/10/2024".into(),
            due_on: "05/11/2024".into(),
            note: String::new(),
        };
        let d = f.parse().expect("valid");
        assert_eq!(d.kind, ReportKind::Thematic);
        assert_eq!(d.note, None);
        f.period_to = "30/09/2024".into();
        assert_eq!(
            f.parse().unwrap_err().get("period_to"),
            Some("err-date-order")
        );
        f.period_to = "31/10/2024".into();
        f.due_on = String::new();
        assert!(f.parse().unwrap_err().get("due_on").is_some());
        f.due_on = "05/11/2024".into();
        f.kind = "weekly".into();
        assert_eq!(f.parse().unwrap_err().get("kind"), Some("err-choice"));
    }

    #[test]
    fn a_custom_number_needs_its_unit_of_measure() {
        assert_eq!(parse_custom_indicator(1, "", "number", "", "sum"), Ok(None));
        assert_eq!(
            parse_custom_indicator(1, "Số lớp tập huấn", "number", "", "sum"),
            Err("err-indicator-measure")
        );
        let i = parse_custom_indicator(2, "Số lớp tập huấn", "number", "lớp", "max")
            .expect("ok")
            .expect("some");
        assert_eq!(
            (i.code.as_str(), i.aggregation),
            ("custom_2", Aggregation::Max)
        );
        let t = parse_custom_indicator(3, "Ghi chú", "text", "lớp", "bad")
            .expect("ok")
            .expect("some");
        assert_eq!(t.measure, "");
    }

    #[test]
    fn only_drafts_and_returned_reports_can_change() {
        assert!(ReportStatus::Draft.editable());
        assert!(ReportStatus::Returned.editable());
        assert!(!ReportStatus::Submitted.editable());
        assert!(!ReportStatus::Approved.editable());
        assert!(ReportStatus::Approved.received());
        assert!(!ReportStatus::Returned.received());
        assert_eq!(ReportStatus::label_key(None), "report-status-none");
    }
}
