//! Charts as numbers for an SVG template: every position is computed here, so the
//! template only writes elements (no script; the page shows the same figures as a
//! table beside each chart for screen readers). Drawn in a 400-wide view box that
//! reads at a phone's width and is capped in width on a desktop.

use serde::Serialize;

/// The width of every chart's view box.
pub const WIDTH: u32 = 400;
/// Labels on the left of a horizontal bar chart.
const LABEL_W: u32 = 140;
/// Room for the value after the longest bar.
const VALUE_W: u32 = 60;
const ROW_H: u32 = 22;
const BAR_H: u32 = 14;
/// At most this many bars (a province's thousands of units are listed in tables).
pub const MAX_BARS: usize = 40;

/// One horizontal bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bar {
    pub label: String,
    /// The label as drawn (cut to fit, the whole label in the bar's title).
    pub short: String,
    pub value: String,
    pub y: u32,
    pub text_y: u32,
    pub width: u32,
    pub value_x: u32,
    /// The unit looking at it (a ward's own bar).
    pub own: bool,
    /// No figure: drawn as a dash, no bar.
    pub empty: bool,
}

/// A vertical line across the bars (a target, an average).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub x: u32,
    pub label: String,
}

/// A horizontal bar chart, one bar per unit (or per indicator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BarChart {
    pub id: String,
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub label_x: u32,
    pub bar_x: u32,
    pub bars: Vec<Bar>,
    pub marks: Vec<Mark>,
    pub mark_top: u32,
    pub mark_bottom: u32,
    /// Units left out of the chart (listed in the table).
    pub more: usize,
}

/// A value to chart: its label, its value in thousandths (`None`: not given), the
/// value as written, and whether it is the viewer's own.
pub struct Point {
    pub label: String,
    pub milli: Option<i64>,
    pub text: String,
    pub own: bool,
}

fn cut(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_string()
    } else {
        let mut s: String = label.chars().take(max - 1).collect();
        s.push('…');
        s
    }
}

/// Bars for `points` in their order (at most [`MAX_BARS`]), with marks (target,
/// average) in thousandths on the same scale.
pub fn bars(id: &str, title: String, points: Vec<Point>, marks: Vec<(i64, String)>) -> BarChart {
    let shown = points.len().min(MAX_BARS);
    let more = points.len() - shown;
    let max = points
        .iter()
        .take(shown)
        .filter_map(|p| p.milli)
        .chain(marks.iter().map(|(m, _)| *m))
        .max()
        .unwrap_or(0)
        .max(1);
    let area = WIDTH - LABEL_W - VALUE_W;
    let scale = |m: i64| ((m.max(0) as i128 * area as i128) / max as i128) as u32;
    let top = 8;
    let bars: Vec<Bar> = points
        .into_iter()
        .take(shown)
        .enumerate()
        .map(|(k, p)| {
            let y = top + k as u32 * ROW_H;
            let width = p.milli.map(scale).unwrap_or(0);
            Bar {
                short: cut(&p.label, 22),
                label: p.label,
                value: p.text,
                y,
                text_y: y + BAR_H - 3,
                width,
                value_x: LABEL_W + width + 4,
                own: p.own,
                empty: p.milli.is_none(),
            }
        })
        .collect();
    let bottom = top + shown as u32 * ROW_H;
    BarChart {
        id: id.into(),
        title,
        width: WIDTH,
        height: bottom + 18,
        label_x: LABEL_W - 6,
        bar_x: LABEL_W,
        bars,
        marks: marks
            .into_iter()
            .map(|(m, label)| Mark {
                x: LABEL_W + scale(m),
                label,
            })
            .collect(),
        mark_top: top.saturating_sub(4),
        mark_bottom: bottom,
        more,
    }
}

/// One column of a column chart (a day).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    pub label: String,
    pub value: String,
    pub x: u32,
    pub y: u32,
    pub width: u32,
    pub height: u32,
    pub label_x: u32,
    /// Only every few labels are drawn when the columns are many.
    pub show_label: bool,
}

/// A column chart over time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnChart {
    pub id: String,
    pub title: String,
    pub width: u32,
    pub height: u32,
    pub base_y: u32,
    pub label_y: u32,
    pub columns: Vec<Column>,
    /// The highest value, written at the top of the scale.
    pub max_text: String,
}

/// Columns for `(label, value, value as written)`, oldest first.
pub fn columns(
    id: &str,
    title: String,
    values: Vec<(String, i64, String)>,
    max_text: impl Fn(i64) -> String,
) -> ColumnChart {
    let n = values.len().max(1) as u32;
    let (left, plot_h, top) = (8u32, 150u32, 16u32);
    let slot = (WIDTH - left * 2) / n;
    let max = values.iter().map(|(_, v, _)| *v).max().unwrap_or(0).max(1);
    let every = (values.len() / 10).max(1);
    let columns = values
        .into_iter()
        .enumerate()
        .map(|(k, (label, v, text))| {
            let height = ((v.max(0) as i128 * plot_h as i128) / max as i128) as u32;
            let x = left + k as u32 * slot + slot / 8;
            Column {
                label,
                value: text,
                x,
                y: top + plot_h - height,
                width: (slot * 3 / 4).max(1),
                height,
                label_x: x + slot * 3 / 8,
                show_label: k % every == 0,
            }
        })
        .collect();
    ColumnChart {
        id: id.into(),
        title,
        width: WIDTH,
        height: top + plot_h + 24,
        base_y: top + plot_h,
        label_y: top + plot_h + 16,
        columns,
        max_text: max_text(max),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(label: &str, milli: Option<i64>) -> Point {
        Point {
            label: label.into(),
            milli,
            text: milli.map(|m| (m / 1000).to_string()).unwrap_or("—".into()),
            own: false,
        }
    }

    #[test]
    fn bars_share_one_scale_with_their_marks() {
        let c = bars(
            "c",
            "t".into(),
            vec![p("Máy Chai", Some(50_000)), p("Cầu Tre", None)],
            vec![(100_000, "Chỉ tiêu".into())],
        );
        let area = WIDTH - LABEL_W - VALUE_W;
        assert_eq!(c.bars[0].width, area / 2);
        assert!(c.bars[1].empty && c.bars[1].width == 0);
        assert_eq!(c.marks[0].x, LABEL_W + area);
        assert_eq!(c.height, 8 + 2 * ROW_H + 18);
    }

    #[test]
    fn many_units_are_cut_to_the_charts_limit() {
        let pts = (0..100)
            .map(|k| p(&format!("Đơn vị {k}"), Some(k * 1000)))
            .collect();
        let c = bars("c", "t".into(), pts, vec![]);
        assert_eq!(c.bars.len(), MAX_BARS);
        assert_eq!(c.more, 100 - MAX_BARS);
        assert!(c.bars.iter().all(|b| b.value_x + 40 <= WIDTH + VALUE_W));
    }

    #[test]
    fn columns_rise_from_one_base() {
        let c = columns(
            "d",
            "t".into(),
            vec![
                ("01/10".into(), 10, "10".into()),
                ("02/10".into(), 20, "20".into()),
            ],
            |m| m.to_string(),
        );
        assert_eq!(c.columns[1].height, 150);
        assert_eq!(c.columns[0].height, 75);
        assert_eq!(c.columns[0].y + c.columns[0].height, c.base_y);
        assert_eq!(c.max_text, "20");
    }
}
