//! How a sheet is measured before it is written: column widths from their content,
//! the lines a wrapped text takes, and the page's orientation from the table's width.
//! Spreadsheet programs do not measure what a library writes, so dxday does.
//! Widths are in Excel's units (the width of a digit of the default font, Times New
//! Roman 12 pt here).

use super::Cell;

/// No column is narrower (a date, a small count).
const MIN_WIDTH: f64 = 6.0;
/// A column of long texts is this wide and its texts wrap.
const MAX_WIDTH: f64 = 42.0;
/// A table up to this wide prints on A4 portrait at full size (margins 2 cm and 1 cm).
pub const PORTRAIT_WIDTH: f64 = 92.0;
/// A wider table is printed landscape, and past this wide the widest texts give room
/// so that fitting the page's width does not shrink the type below about 80 %.
const LANDSCAPE_WIDTH: f64 = 150.0;
/// A column left for a hand to write in (a signature).
const HAND_WIDTH: f64 = 14.0;
/// A line of 12 pt text, in points.
pub const LINE_HEIGHT: f64 = 15.75;

/// The text a cell shows, as its width is measured.
fn shown(cell: &Cell) -> usize {
    match cell {
        Cell::Text(t) => t.lines().map(|l| l.chars().count()).max().unwrap_or(0),
        // 1.234.567: digits and a separator every three.
        Cell::Int(n) => {
            let digits = n.unsigned_abs().to_string().len();
            digits + (digits - 1) / 3 + usize::from(*n < 0)
        }
        Cell::Percent(_) => 6,
        Cell::Decimal(x) => format!("{x:.2}").len() + 2,
        Cell::Date(_) => 10,
        Cell::Time(_) => 16,
        Cell::Empty => 0,
    }
}

/// The width of a text's longest word, in digits: capitals are wider than digits
/// (KIT_DISPLAY needs more room than its eleven characters).
fn longest_word(text: &str) -> usize {
    text.split_whitespace()
        .map(|w| {
            w.chars()
                .map(|c| if c.is_uppercase() { 1.35 } else { 1.0 })
                .sum::<f64>()
                .ceil() as usize
        })
        .max()
        .unwrap_or(0)
}

/// Each column's width: as wide as its longest content (plus a little air) and never
/// narrower than its longest word, between [`MIN_WIDTH`] and [`MAX_WIDTH`]; its header
/// on three lines at most. When the whole is wider than a landscape page holds at a
/// readable size, headers take up to six lines, then the widest columns other than the
/// first (the names the rows are read by) give room. The columns in `by_hand` are left
/// for a hand to fill (a signature): they get room for it.
pub fn column_widths(headers: &[String], rows: &[Vec<Cell>], by_hand: &[usize]) -> Vec<f64> {
    let cols = headers
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    struct Need {
        content: f64,
        header_word: f64,
        header: f64,
    }
    let needs: Vec<Need> = (0..cols)
        .map(|c| {
            let header = headers.get(c).map_or("", String::as_str);
            let content = rows
                .iter()
                .filter_map(|r| r.get(c))
                .map(shown)
                .max()
                .unwrap_or(0);
            let words = rows
                .iter()
                .filter_map(|r| match r.get(c) {
                    Some(Cell::Text(t)) => Some(longest_word(t)),
                    _ => None,
                })
                .max()
                .unwrap_or(0);
            let content = if by_hand.contains(&c) {
                HAND_WIDTH
            } else {
                (content as f64 + 2.0)
                    .clamp(MIN_WIDTH, MAX_WIDTH)
                    .max((words as f64 + 2.0).min(MAX_WIDTH))
            };
            Need {
                content,
                header_word: (longest_word(header) as f64 + 2.0).min(MAX_WIDTH),
                header: header.chars().count() as f64,
            }
        })
        .collect();
    let fit = |lines: f64| -> Vec<f64> {
        needs
            .iter()
            .map(|n| {
                n.content
                    .max(n.header_word)
                    .max((n.header / lines).ceil() + 1.0)
                    .clamp(MIN_WIDTH, MAX_WIDTH)
            })
            .collect()
    };
    let mut widths = fit(3.0);
    if widths.iter().sum::<f64>() > LANDSCAPE_WIDTH {
        widths = fit(6.0);
    }
    let floor = |i: usize| {
        if i == 0 {
            needs[0].content.min(30.0)
        } else {
            16.0_f64.min(needs[i].content.max(needs[i].header_word))
        }
    };
    while widths.iter().sum::<f64>() > LANDSCAPE_WIDTH {
        let Some((i, w)) = widths
            .iter()
            .copied()
            .enumerate()
            .filter(|(i, w)| *w > floor(*i))
            .max_by(|a, b| a.1.total_cmp(&b.1))
        else {
            break;
        };
        widths[i] = (w - 1.0).max(floor(i));
    }
    widths
}

/// True when the table is printed landscape.
pub fn landscape(widths: &[f64]) -> bool {
    widths.iter().sum::<f64>() > PORTRAIT_WIDTH
}

/// The lines `text` takes in a column `width` wide, words kept whole. A width is in
/// digits; a text's letters are a little narrower on average (a tenth, in Times New
/// Roman).
pub fn lines(text: &str, width: f64) -> usize {
    let room = ((width - 1.0) * 1.1).max(1.0) as usize;
    text.lines()
        .map(|line| {
            let mut count = 1;
            let mut used = 0;
            for word in line.split_whitespace() {
                let w = word.chars().count();
                if used == 0 {
                    used = w;
                } else if used + 1 + w <= room {
                    used += 1 + w;
                } else {
                    count += 1;
                    used = w;
                }
                // A word longer than the column breaks where it must.
                while used > room {
                    count += 1;
                    used -= room;
                }
            }
            count
        })
        .sum::<usize>()
        .max(1)
}

/// The height of a row whose texts are `texts` in columns of `widths`, in points.
pub fn row_height<'a>(texts: impl Iterator<Item = (usize, &'a str)>, widths: &[f64]) -> f64 {
    let n = texts
        .map(|(c, t)| lines(t, widths.get(c).copied().unwrap_or(MAX_WIDTH)))
        .max()
        .unwrap_or(1);
    (LINE_HEIGHT * n as f64 + 3.0).min(409.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_as_wide_as_their_content_and_long_texts_wrap() {
        let headers = vec![
            "STT".to_string(),
            "Tên đơn vị".into(),
            "Số lượt tải khung ảnh đại diện".into(),
        ];
        let rows = vec![
            vec![
                Cell::Int(1),
                Cell::Text("Ủy ban nhân dân phường Đổng Quốc Bình".into()),
                Cell::Int(1250),
            ],
            vec![Cell::Int(2), Cell::Text("x ".repeat(80)), Cell::Empty],
        ];
        let w = column_widths(&headers, &rows, &[]);
        assert!(w[0] <= MIN_WIDTH + 1.0, "a short number column: {w:?}");
        assert_eq!(w[1], MAX_WIDTH, "long texts wrap at the widest");
        assert!(
            w[2] >= 11.0 && w[2] < 20.0,
            "the header on three lines: {w:?}"
        );
        assert!(!landscape(&w));
        assert_eq!(lines(&"x ".repeat(80), w[1]), 4);
        assert_eq!(lines("Ủy ban nhân dân", 42.0), 1);
        assert_eq!(lines("a\nb", 42.0), 2);
    }

    #[test]
    fn a_wide_table_is_landscape_and_gives_room_from_its_widest_columns() {
        let headers: Vec<String> = (0..8).map(|i| format!("Cột số {i}")).collect();
        let rows = vec![(0..8).map(|_| Cell::Text("chữ ".repeat(12))).collect()];
        let w = column_widths(&headers, &rows, &[]);
        assert!(landscape(&w));
        assert!(w.iter().sum::<f64>() <= LANDSCAPE_WIDTH + 0.1, "{w:?}");
        assert!(w.iter().all(|x| *x >= 16.0), "{w:?}");
    }
}
