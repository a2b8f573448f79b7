//! The period a report covers: a calendar month (the default) or a quarter.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

stored_enum! {
    /// How often teams report: every month (the default; the provinces' most common
    /// cadence) or every quarter.
    pub enum Cadence (refused "err-choice", empty Month) {
        Month = "month", label "cadence-month";
        Quarter = "quarter", label "cadence-quarter";
    }
}

/// A report's period: a calendar month or a quarter (its stored start and end dates
/// say which).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

impl Period {
    /// The month `d` falls in.
    pub fn month_of(d: Date) -> Period {
        let start = d.replace_day(1).unwrap_or(d);
        let end = start
            .replace_day(start.month().length(start.year()))
            .unwrap_or(start);
        Period { start, end }
    }

    /// The quarter `d` falls in (January–March, April–June, …).
    pub fn quarter_of(d: Date) -> Period {
        let first = (d.month() as u8 - 1) / 3 * 3 + 1;
        let start = Month::try_from(first)
            .ok()
            .and_then(|m| Date::from_calendar_date(d.year(), m, 1).ok())
            .unwrap_or(d);
        let last = Month::try_from(first + 2)
            .ok()
            .and_then(|m| Date::from_calendar_date(d.year(), m, 1).ok())
            .unwrap_or(start);
        Period {
            start,
            end: Period::month_of(last).end,
        }
    }

    /// The period of `cadence` that `d` falls in.
    pub fn of(d: Date, cadence: Cadence) -> Period {
        match cadence {
            Cadence::Month => Period::month_of(d),
            Cadence::Quarter => Period::quarter_of(d),
        }
    }

    /// A month or a quarter, by its dates.
    pub fn cadence(self) -> Cadence {
        if self.start.month() == self.end.month() {
            Cadence::Month
        } else {
            Cadence::Quarter
        }
    }

    /// Its quarter (1–4), for a quarter.
    pub fn quarter(self) -> Option<u8> {
        (self.cadence() == Cadence::Quarter).then(|| (self.start.month() as u8 - 1) / 3 + 1)
    }

    /// The period after this one (of the same cadence).
    pub fn next(self) -> Period {
        Period::of(self.end.next_day().unwrap_or(self.end), self.cadence())
    }

    /// The period before this one.
    pub fn previous(self) -> Period {
        Period::of(
            self.start.previous_day().unwrap_or(self.start),
            self.cadence(),
        )
    }

    /// Its key in addresses: `2026-10` for a month, `2026-q4` for a quarter.
    pub fn key(self) -> String {
        match self.quarter() {
            Some(q) => format!("{:04}-q{q}", self.start.year()),
            None => format!("{:04}-{:02}", self.start.year(), self.start.month() as u8),
        }
    }

    /// Parses a key (`2026-10`, `2026-q4`, or `10/2026` as typed where a browser has no
    /// month picker); anything else is refused.
    pub fn parse_key(s: &str) -> Result<Period, &'static str> {
        let s = s.trim().to_ascii_lowercase();
        let (y, m) = match s.split_once('/') {
            Some((m, y)) => (y, m),
            None => s.split_once('-').ok_or("err-period")?,
        };
        if y.len() != 4 {
            return Err("err-period");
        }
        let y: i32 = y.parse().map_err(|_| "err-period")?;
        if !(2000..=2100).contains(&y) {
            return Err("err-period");
        }
        if let Some(q) = m.strip_prefix('q') {
            let q: u8 = q.parse().map_err(|_| "err-period")?;
            if !(1..=4).contains(&q) {
                return Err("err-period");
            }
            let month = Month::try_from(q * 3 - 2).map_err(|_| "err-period")?;
            let d = Date::from_calendar_date(y, month, 1).map_err(|_| "err-period")?;
            return Ok(Period::quarter_of(d));
        }
        if m.len() != 2 {
            return Err("err-period");
        }
        let m: u8 = m.parse().map_err(|_| "err-period")?;
        let month = Month::try_from(m).map_err(|_| "err-period")?;
        let d = Date::from_calendar_date(y, month, 1).map_err(|_| "err-period")?;
        Ok(Period::month_of(d))
    }

    /// As Vietnamese write a month (`10/2026`); a quarter as `Q4/2026` (pages name it
    /// in their language).
    pub fn label(self) -> String {
        match self.quarter() {
            Some(q) => format!("Q{q}/{:04}", self.start.year()),
            None => format!("{:02}/{:04}", self.start.month() as u8, self.start.year()),
        }
    }

    pub fn contains(self, d: Date) -> bool {
        self.start <= d && d <= self.end
    }

    /// The months from the one of `from` to the one of `to` (none when `to < from`);
    /// at most 120, so a range typed by hand cannot ask for a century.
    pub fn months(from: Date, to: Date) -> Vec<Period> {
        Period::range(from, to, Cadence::Month)
    }

    /// The periods of `cadence` from the one of `from` to the one of `to`; at most 120.
    pub fn range(from: Date, to: Date, cadence: Cadence) -> Vec<Period> {
        let mut v = Vec::new();
        let mut p = Period::of(from, cadence);
        while p.start <= to && v.len() < 120 {
            v.push(p);
            p = p.next();
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn months_have_keys_labels_and_ends() {
        let p = Period::month_of(date!(2028 - 02 - 14));
        assert_eq!(
            (p.start, p.end),
            (date!(2028 - 02 - 01), date!(2028 - 02 - 29))
        );
        assert_eq!(p.key(), "2028-02");
        assert_eq!(p.label(), "02/2028");
        assert_eq!(Period::parse_key("2028-02"), Ok(p));
        assert_eq!(p.next().key(), "2028-03");
        assert_eq!(p.previous().key(), "2028-01");
        assert_eq!(Period::parse_key(" 02/2028 "), Ok(p));
        for bad in [
            "2028-13", "28-02", "2028-2", "", "x-y", "1999-01", "2/2028", "13/2028",
        ] {
            assert_eq!(Period::parse_key(bad), Err("err-period"), "{bad}");
        }
        let m = Period::months(date!(2026 - 09 - 15), date!(2026 - 11 - 02));
        assert_eq!(
            m.iter().map(|p| p.key()).collect::<Vec<_>>(),
            ["2026-09", "2026-10", "2026-11"]
        );
        assert!(Period::months(date!(2026 - 09 - 15), date!(2026 - 08 - 01)).is_empty());
        // Quarters.
        let q = Period::of(date!(2026 - 11 - 20), Cadence::Quarter);
        assert_eq!(
            (q.start, q.end),
            (date!(2026 - 10 - 01), date!(2026 - 12 - 31))
        );
        assert_eq!(
            (q.key(), q.label(), q.quarter()),
            ("2026-q4".into(), "Q4/2026".into(), Some(4))
        );
        assert_eq!(Period::parse_key("2026-Q4"), Ok(q));
        assert_eq!(q.next().key(), "2027-q1");
        assert_eq!(q.previous().key(), "2026-q3");
        assert_eq!(Period::parse_key("2026-q5"), Err("err-period"));
        let r = Period::range(
            date!(2026 - 08 - 01),
            date!(2026 - 10 - 31),
            Cadence::Quarter,
        );
        assert_eq!(
            r.iter().map(|p| p.key()).collect::<Vec<_>>(),
            ["2026-q3", "2026-q4"]
        );
        assert_eq!(p.cadence(), Cadence::Month);
        assert_eq!(
            Period::months(date!(2000 - 01 - 01), date!(2100 - 01 - 01)).len(),
            120
        );
    }
}
