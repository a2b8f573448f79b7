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
