//! Dates as Vietnamese users read and type them (dd/mm/yyyy), and the Vietnam clock.

use time::{Date, Month, OffsetDateTime, UtcOffset};

/// Asia/Ho_Chi_Minh is UTC+7 all year (no daylight saving since 1975), so a fixed
/// offset gives the same answers as the tz database.
pub const VIETNAM_OFFSET: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(o) => o,
    Err(_) => panic!("UTC+7 is a valid offset"),
};

/// Now, as milliseconds since the Unix epoch (the stored timestamps of login attempts
/// and bulk jobs).
pub fn now_unix_ms() -> i64 {
    (OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64
}

/// Today's date on the Asia/Ho_Chi_Minh clock.
pub fn today_in_vietnam(now: OffsetDateTime) -> Date {
    now.to_offset(VIETNAM_OFFSET).date()
}

/// Formats a date as dd/mm/yyyy.
pub fn format_dmy(d: Date) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), u8::from(d.month()), d.year())
}

/// Formats a date as yyyy-mm-dd (storage and HTML date inputs).
pub fn format_iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Parses a date typed as dd/mm/yyyy (also d/m/yyyy and dd-mm-yyyy) or sent by an
/// HTML date input as yyyy-mm-dd. The error is an i18n key.
pub fn parse_date(input: &str) -> Result<Date, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Err("err-required");
    }
    let parts: Vec<&str> = s.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err("err-date");
    }
    let (y, m, d) = if parts[0].len() == 4 {
        (parts[0], parts[1], parts[2])
    } else if parts[2].len() == 4 {
        (parts[2], parts[1], parts[0])
    } else {
        return Err("err-date");
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i32>(), m.parse::<u8>(), d.parse::<u8>()) else {
        return Err("err-date");
    };
    let month = Month::try_from(m).map_err(|_| "err-date")?;
    Date::from_calendar_date(y, month, d).map_err(|_| "err-date")
}

/// The same day `years` later (or earlier); 29 February becomes 28 February in a
/// common year.
pub fn shift_years(d: Date, years: i32) -> Date {
    let y = d.year() + years;
    Date::from_calendar_date(y, d.month(), d.day())
        .or_else(|_| Date::from_calendar_date(y, d.month(), d.day() - 1))
        .unwrap_or(d)
}

/// Parses an optional date: empty means `None`.
pub fn parse_optional_date(input: &str) -> Result<Option<Date>, &'static str> {
    if input.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(input).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{date, datetime};

    #[test]
    fn a_date_moves_by_whole_years_and_a_leap_day_stays_in_february() {
        assert_eq!(shift_years(date!(2024 - 10 - 10), 3), date!(2027 - 10 - 10));
        assert_eq!(shift_years(date!(2024 - 02 - 29), 1), date!(2025 - 02 - 28));
        assert_eq!(
            shift_years(date!(2025 - 10 - 01), -1),
            date!(2024 - 10 - 01)
        );
    }

    #[test]
    fn dates_are_written_day_first_with_zero_padding() {
        assert_eq!(format_dmy(date!(2024 - 10 - 01)), "01/10/2024");
        assert_eq!(format_iso(date!(2024 - 4 - 22)), "2024-04-22");
    }

    #[test]
    fn typed_and_html_dates_both_parse() {
        assert_eq!(parse_date("22/4/2022"), Ok(date!(2022 - 04 - 22)));
        assert_eq!(parse_date("2024-10-10"), Ok(date!(2024 - 10 - 10)));
        assert_eq!(parse_date("31/02/2024"), Err("err-date"));
        assert_eq!(parse_date("10/10"), Err("err-date"));
        assert_eq!(parse_date(""), Err("err-required"));
        assert_eq!(parse_date("aa/bb/cccc"), Err("err-date"));
    }

    #[test]
    fn the_vietnam_day_starts_seven_hours_before_utc() {
        assert_eq!(
            today_in_vietnam(datetime!(2024-09-30 17:00 UTC)),
            date!(2024 - 10 - 01)
        );
        assert_eq!(
            today_in_vietnam(datetime!(2024-09-30 16:59 UTC)),
            date!(2024 - 09 - 30)
        );
    }
}
