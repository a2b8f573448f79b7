//! Time values as the schema stores them: RFC 3339 UTC text, yyyy-mm-dd dates.

use dxday_domain::dates;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use crate::StoreError;

/// Now, as stored text (`2024-10-01T02:03:04.123Z`).
pub fn now_text() -> String {
    OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// A stored timestamp, parsed: the one place stored text becomes a time.
pub fn instant(s: &str) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|_| StoreError::Corrupt(format!("timestamp {s:?}")))
}

/// A stored optional timestamp, parsed.
pub fn opt_instant(s: Option<&str>) -> Result<Option<OffsetDateTime>, StoreError> {
    s.map(instant).transpose()
}

/// A stored date, parsed.
pub fn date(s: &str) -> Result<Date, StoreError> {
    dates::parse_date(s).map_err(|_| StoreError::Corrupt(format!("date {s:?}")))
}

/// A stored optional date, parsed.
pub fn opt_date(s: Option<&str>) -> Result<Option<Date>, StoreError> {
    s.map(date).transpose()
}

/// A date as stored.
pub fn date_text(d: Date) -> String {
    dates::format_iso(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_timestamps_become_times_in_one_place() {
        let now = now_text();
        let t = instant(&now).expect("what we store parses back");
        assert_eq!(t.offset(), time::UtcOffset::UTC);
        assert_eq!(
            instant("2024-10-07T03:12:00Z").expect("rfc 3339"),
            time::macros::datetime!(2024-10-07 03:12 UTC)
        );
        assert!(matches!(instant("07/10/2024"), Err(StoreError::Corrupt(_))));
        assert_eq!(opt_instant(None).expect("none"), None);
    }
}
