//! A figure of an indicator and how figures make a whole: counts are summed, shares
//! are recomputed from their summed parts and wholes (never an average of
//! percentages), imported scores are never added up.

use serde::Serialize;

use super::{Direction, RollUp};

/// One unit's (or the whole's) figure. `None` where it is used means nobody gave one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Figure {
    /// A count, in the indicator's measure.
    Count(i64),
    /// A share: `part` of `whole`.
    Share { part: i64, whole: i64 },
    /// An imported value, in thousandths (87,5 points is 87 500).
    Score(i64),
}

impl Figure {
    /// Its value in thousandths of the measure (a share in thousandths of a percent);
    /// `None` for a share of nothing.
    pub fn milli(self) -> Option<i64> {
        match self {
            Figure::Count(n) => Some(n.saturating_mul(1000)),
            Figure::Share { part, whole } if whole > 0 => {
                Some(((part as i128 * 100_000 + whole as i128 / 2) / whole as i128) as i64)
            }
            Figure::Share { .. } => None,
            Figure::Score(m) => Some(m),
        }
    }
}

/// How many of the units expected gave a figure.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Completeness {
    pub reported: usize,
    pub expected: usize,
}

impl Completeness {
    /// The share reported, in whole percent (100 when nothing is expected).
    pub fn percent(self) -> i64 {
        (self.reported * 100)
            .checked_div(self.expected)
            .map_or(100, |p| p as i64)
    }

    pub fn is_complete(self) -> bool {
        self.reported >= self.expected
    }
}

/// The whole made of the units' figures by `rollup`; `None` when none was given (or
/// for an imported index, which is never added up).
pub fn roll_up(rollup: RollUp, figures: impl IntoIterator<Item = Figure>) -> Option<Figure> {
    let mut any = false;
    let (mut count, mut part, mut whole) = (0i64, 0i64, 0i64);
    for f in figures {
        any = true;
        match f {
            Figure::Count(n) => count = count.saturating_add(n),
            Figure::Share { part: p, whole: w } => {
                part = part.saturating_add(p);
                whole = whole.saturating_add(w);
            }
            Figure::Score(_) => return None,
        }
    }
    if !any {
        return None;
    }
    Some(match rollup {
        RollUp::Ratio => Figure::Share { part, whole },
        RollUp::Sum | RollUp::Latest | RollUp::Imported => Figure::Count(count),
    })
}

/// The average unit's figure, in thousandths: a count's mean over the units that gave
/// one, a share of the summed parts and wholes, an index's mean. `None` when none was
/// given.
pub fn average(figures: &[Figure]) -> Option<i64> {
    if figures.is_empty() {
        return None;
    }
    if figures.iter().all(|f| matches!(f, Figure::Share { .. })) {
        return roll_up(RollUp::Ratio, figures.iter().copied()).and_then(Figure::milli);
    }
    let values: Vec<i64> = figures.iter().filter_map(|f| f.milli()).collect();
    if values.is_empty() {
        return None;
    }
    let n = values.len() as i128;
    let sum: i128 = values.iter().map(|v| *v as i128).sum();
    Some(((sum + n / 2) / n) as i64)
}

/// Whether `actual` (thousandths) meets `target` (thousandths) the indicator's way.
pub fn reached(direction: Direction, actual: i64, target: i64) -> bool {
    match direction {
        Direction::Higher => actual >= target,
        Direction::Lower => actual <= target,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_recomputed_from_their_sums_never_averaged() {
        // 1 of 1 and 1 of 9: the mean of 100 % and 11 % would be 55 %; the whole is 20 %.
        let whole = roll_up(
            RollUp::Ratio,
            [
                Figure::Share { part: 1, whole: 1 },
                Figure::Share { part: 1, whole: 9 },
            ],
        )
        .unwrap();
        assert_eq!(whole, Figure::Share { part: 2, whole: 10 });
        assert_eq!(whole.milli(), Some(20_000));
        assert_eq!(
            average(&[
                Figure::Share { part: 1, whole: 1 },
                Figure::Share { part: 1, whole: 9 }
            ]),
            Some(20_000)
        );
    }

    #[test]
    fn nothing_given_is_empty_not_zero() {
        assert_eq!(roll_up(RollUp::Sum, []), None);
        assert_eq!(average(&[]), None);
        assert_eq!(
            roll_up(RollUp::Sum, [Figure::Count(0)]),
            Some(Figure::Count(0))
        );
        assert_eq!(Figure::Share { part: 0, whole: 0 }.milli(), None);
    }

    #[test]
    fn counts_are_summed_and_averaged_over_those_who_gave_them() {
        let f = [Figure::Count(10), Figure::Count(15)];
        assert_eq!(roll_up(RollUp::Sum, f), Some(Figure::Count(25)));
        assert_eq!(average(&f), Some(12_500));
    }

    #[test]
    fn an_index_is_never_added_up() {
        assert_eq!(
            roll_up(
                RollUp::Imported,
                [Figure::Score(80_000), Figure::Score(90_000)]
            ),
            None
        );
        assert_eq!(
            average(&[Figure::Score(80_000), Figure::Score(90_000)]),
            Some(85_000)
        );
    }

    #[test]
    fn targets_are_met_the_indicators_way() {
        assert!(reached(Direction::Higher, 80_000, 80_000));
        assert!(!reached(Direction::Higher, 79_999, 80_000));
        assert!(reached(Direction::Lower, 5_000, 10_000));
    }

    #[test]
    fn completeness_counts_who_reported() {
        let c = Completeness {
            reported: 9,
            expected: 12,
        };
        assert_eq!(c.percent(), 75);
        assert!(!c.is_complete());
        assert_eq!(Completeness::default().percent(), 100);
    }
}
