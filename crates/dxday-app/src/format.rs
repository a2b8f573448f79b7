//! Dates and times as the office writes them: dd/mm/yyyy, and "dd/mm/yyyy hh:mm" in
//! Vietnam's time (UTC+7).

use dxday_domain::dates;

use crate::Lang;

/// dd/mm/yyyy of a date, or nothing.
pub fn dmy(d: Option<time::Date>) -> String {
    d.map(dates::format_dmy).unwrap_or_default()
}

/// "dd/mm/yyyy hh:mm" of a time on Vietnam's clock (03:12 UTC on 07/10/2024 is
/// "07/10/2024 10:12").
pub fn vn_time(at: time::OffsetDateTime) -> String {
    let t = at.to_offset(dates::VIETNAM_OFFSET);
    format!(
        "{} {:02}:{:02}",
        dates::format_dmy(t.date()),
        t.hour(),
        t.minute()
    )
}

/// A moment as a spreadsheet cell (a real date and time) on Vietnam's clock.
pub fn time_cell(at: time::OffsetDateTime) -> dxday_media::xlsx::Cell {
    let t = at.to_offset(dates::VIETNAM_OFFSET);
    dxday_media::xlsx::Cell::Time(time::PrimitiveDateTime::new(t.date(), t.time()))
}

/// [`vn_time`] of a time that may be missing, or nothing.
pub fn stamp(at: Option<time::OffsetDateTime>) -> String {
    at.map(vn_time).unwrap_or_default()
}

/// "from … to …" of a report's period, or nothing when it has none.
pub fn period(lang: Lang, from: Option<time::Date>, to: Option<time::Date>) -> String {
    match (from, to) {
        (None, None) => String::new(),
        (a, b) => lang.t_args("report-period-range", &[("from", dmy(a)), ("to", dmy(b))]),
    }
}

/// A report's period as people name it: a month `10/2026`, a quarter `Quý IV/2026`.
pub fn report_period(lang: Lang, p: dxday_domain::team::Period) -> String {
    match p.quarter() {
        Some(q) => lang.t_args(
            &format!("period-q{q}"),
            &[("year", p.start.year().to_string())],
        ),
        None => p.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_in_vietnam_time() {
        assert_eq!(
            stamp(Some(time::macros::datetime!(2024-10-09 17:30 UTC))),
            "10/10/2024 00:30"
        );
        assert_eq!(stamp(None), "");
        assert_eq!(
            period(Lang::Vi, None, None),
            "",
            "a report without a period says nothing of it"
        );
    }
}
