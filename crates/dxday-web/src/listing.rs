//! One way for every long admin list to search, sort and page: the address carries
//! `q` (searched without accents: "may chai" finds "Máy Chai"), `sap-xep` (a column's
//! key, `-key` for descending) and `trang`, and every link the page builds keeps the
//! page's other filters.

use std::cmp::Ordering;

use dxday_domain::collation;
use dxday_domain::payment::fold_key;

use crate::Lang;

/// Rows per page.
pub const PER_PAGE: usize = 50;
/// Query parameters kept (and their length), so an address cannot grow the page.
const MAX_PARAMS: usize = 16;
const MAX_VALUE: usize = 200;

/// A list's search, sort and page, read from the address.
#[derive(Debug, Clone)]
pub struct Listing {
    path: String,
    /// The page's own filters (and `q`), in the order given; not `sap-xep` nor `trang`.
    params: Vec<(String, String)>,
    /// What was typed in the search box.
    pub q: String,
    key: String,
    sort: String,
    descending: bool,
    /// The page shown, from 1.
    pub page: usize,
    /// Rows found (after the search and filters).
    pub total: usize,
}

/// A value a column sorts by.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum SortKey {
    /// Missing values sort last in ascending order.
    Num(i64),
    Text(String),
    None,
}

impl SortKey {
    /// Text sorts as a Vietnamese reader expects (`dxday_domain::collation`: Đ after
    /// D, Ủy under U, tones only breaking ties).
    pub fn text(s: &str) -> SortKey {
        SortKey::Text(s.to_string())
    }

    pub fn num(n: impl Into<i64>) -> SortKey {
        SortKey::Num(n.into())
    }

    pub fn opt_num(n: Option<impl Into<i64>>) -> SortKey {
        n.map_or(SortKey::None, |n| SortKey::Num(n.into()))
    }

    /// A date sorts by its day number; none sorts last.
    pub fn date(d: Option<time::Date>) -> SortKey {
        d.map_or(SortKey::None, |d| {
            SortKey::Num(i64::from(d.to_julian_day()))
        })
    }
}

impl Listing {
    /// Reads the list's parameters for the page at `path`; `default_sort` is the
    /// column (`-key` for descending) used when the address names none.
    pub fn new(path: impl Into<String>, query: Vec<(String, String)>, default_sort: &str) -> Self {
        let get = |name: &str| {
            query
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.trim().to_string())
                .unwrap_or_default()
        };
        let sort_param = get("sap-xep");
        let sort_param = if valid_sort(&sort_param) {
            sort_param
        } else {
            default_sort.to_string()
        };
        let (sort, descending) = match sort_param.strip_prefix('-') {
            Some(k) => (k.to_string(), true),
            None => (sort_param, false),
        };
        let q: String = get("q").chars().take(MAX_VALUE).collect();
        let page = get("trang").parse::<usize>().unwrap_or(1).clamp(1, 100_000);
        let params = query
            .into_iter()
            .filter(|(k, v)| k != "sap-xep" && k != "trang" && !v.trim().is_empty())
            .filter(|(k, _)| k.len() <= 32)
            .map(|(k, v)| (k, v.chars().take(MAX_VALUE).collect()))
            .take(MAX_PARAMS)
            .collect();
        Listing {
            path: path.into(),
            params,
            key: fold_key(&q),
            q,
            sort,
            descending,
            page,
            total: 0,
        }
    }

    /// A filter's value from the address ("" when absent).
    pub fn param(&self, name: &str) -> &str {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// True when `text` contains what was searched (always, when nothing was).
    pub fn matches(&self, text: &str) -> bool {
        self.key.is_empty() || fold_key(text).contains(&self.key)
    }

    /// The column sorted by, and whether descending.
    pub fn sort(&self) -> (&str, bool) {
        (&self.sort, self.descending)
    }

    /// Searches, sorts and pages `items`: `text` is what the search looks in,
    /// `key(column, item)` the value a column sorts by (ties keep the given order).
    pub fn apply<T>(
        &mut self,
        items: Vec<T>,
        text: impl Fn(&T) -> String,
        key: impl Fn(&str, &T) -> SortKey,
    ) -> Vec<T> {
        let mut found: Vec<T> = items
            .into_iter()
            .filter(|i| self.matches(&text(i)))
            .collect();
        let column = self.sort.clone();
        let descending = self.descending;
        let mut keyed: Vec<(SortKey, T)> = found.drain(..).map(|i| (key(&column, &i), i)).collect();
        keyed.sort_by(|(a, _), (b, _)| order(a, b, descending));
        self.total = keyed.len();
        self.page = self.page.min(self.pages());
        keyed
            .into_iter()
            .skip(self.offset())
            .take(PER_PAGE)
            .map(|(_, i)| i)
            .collect()
    }

    /// For a list paged by the database: records the total, returns (offset, limit).
    pub fn paged_by_database(&mut self, total: i64) -> (i64, i64) {
        self.total = usize::try_from(total).unwrap_or(0);
        self.page = self.page.min(self.pages());
        (
            i64::try_from(self.offset()).unwrap_or(0),
            i64::try_from(PER_PAGE).unwrap_or(50),
        )
    }

    fn offset(&self) -> usize {
        (self.page - 1) * PER_PAGE
    }

    /// How many pages (at least one).
    pub fn pages(&self) -> usize {
        self.total.div_ceil(PER_PAGE).max(1)
    }

    /// The first and last row shown, from 1 (for "51–100 of 240").
    pub fn shown(&self) -> (usize, usize) {
        if self.total == 0 {
            (0, 0)
        } else {
            (
                self.offset() + 1,
                (self.offset() + PER_PAGE).min(self.total),
            )
        }
    }

    fn href(&self, sort: Option<String>, page: usize) -> String {
        let mut pairs: Vec<(&str, &str)> = self
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let sort = sort.unwrap_or_default();
        if !sort.is_empty() {
            pairs.push(("sap-xep", &sort));
        }
        let page = page.to_string();
        if page != "1" {
            pairs.push(("trang", &page));
        }
        let qs = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        if qs.is_empty() {
            self.path.clone()
        } else {
            format!("{}?{qs}", self.path)
        }
    }

    fn current_sort(&self) -> String {
        format!("{}{}", if self.descending { "-" } else { "" }, self.sort)
    }

    /// The address sorted by `column` (the other way round when it already is).
    pub fn sort_href(&self, column: &str) -> String {
        let desc = self.sort == column && !self.descending;
        self.href(Some(format!("{}{column}", if desc { "-" } else { "" })), 1)
    }

    /// `aria-sort` of a column header: `ascending`, `descending`, or empty.
    pub fn aria_sort(&self, column: &str) -> &'static str {
        match (self.sort == column, self.descending) {
            (false, _) => "",
            (true, false) => "ascending",
            (true, true) => "descending",
        }
    }

    /// The arrow shown beside the sorted column.
    pub fn arrow(&self, column: &str) -> &'static str {
        match self.aria_sort(column) {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        }
    }

    /// The address of page `page`, with the same search, filters and sort.
    pub fn page_href(&self, page: usize) -> String {
        self.href(Some(self.current_sort()), page)
    }

    pub fn previous(&self) -> Option<String> {
        (self.page > 1).then(|| self.page_href(self.page - 1))
    }

    pub fn next(&self) -> Option<String> {
        (self.page < self.pages()).then(|| self.page_href(self.page + 1))
    }

    /// True when a search or filter narrows the list.
    pub fn filtered(&self) -> bool {
        !self.params.is_empty()
    }

    /// "Rows 51–100 of 240" (or "No rows" / "240 rows").
    pub fn summary(&self, lang: Lang) -> String {
        let n = |v: usize| lang.number(i64::try_from(v).unwrap_or(i64::MAX));
        let (from, to) = self.shown();
        if self.pages() > 1 {
            lang.t_args(
                "list-shown",
                &[("from", n(from)), ("to", n(to)), ("total", n(self.total))],
            )
        } else {
            lang.t_count("list-total", i64::try_from(self.total).unwrap_or(0))
        }
    }

    /// "Page 2 of 3".
    pub fn page_of(&self, lang: Lang) -> String {
        lang.t_args(
            "list-page-of",
            &[
                ("page", self.page.to_string()),
                ("pages", self.pages().to_string()),
            ],
        )
    }

    /// The address without search or filters.
    pub fn path(&self) -> &str {
        &self.path
    }
}

fn valid_sort(s: &str) -> bool {
    let k = s.strip_prefix('-').unwrap_or(s);
    !k.is_empty() && k.len() <= 32 && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
}

fn order(a: &SortKey, b: &SortKey, descending: bool) -> Ordering {
    match (a, b) {
        (SortKey::None, SortKey::None) => Ordering::Equal,
        (SortKey::None, _) => Ordering::Greater,
        (_, SortKey::None) => Ordering::Less,
        (SortKey::Text(x), SortKey::Text(y)) if descending => collation::compare(y, x),
        (SortKey::Text(x), SortKey::Text(y)) => collation::compare(x, y),
        _ if descending => b.cmp(a),
        _ => a.cmp(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn search_is_accent_insensitive_and_sort_and_paging_keep_the_filters() {
        let names: Vec<String> = (1..=120)
            .map(|i| format!("UBND phường Máy Chai {i:03}"))
            .chain(["Trường THCS Chu Văn An".to_string()])
            .collect();
        let mut l = Listing::new(
            "/ds/don-vi",
            q(&[
                ("q", "may chai"),
                ("loai", "ward"),
                ("sap-xep", "-ten"),
                ("trang", "2"),
            ]),
            "ten",
        );
        let page = l.apply(names, |n| n.clone(), |_, n| SortKey::text(n));
        assert_eq!(l.total, 120);
        assert_eq!(l.pages(), 3);
        assert_eq!(page.len(), PER_PAGE);
        assert_eq!(page[0], "UBND phường Máy Chai 070");
        assert_eq!(l.shown(), (51, 100));
        assert_eq!(l.aria_sort("ten"), "descending");
        assert_eq!(l.aria_sort("han"), "");
        assert_eq!(
            l.next().as_deref(),
            Some("/ds/don-vi?q=may+chai&loai=ward&sap-xep=-ten&trang=3")
        );
        assert_eq!(
            l.previous().as_deref(),
            Some("/ds/don-vi?q=may+chai&loai=ward&sap-xep=-ten")
        );
        assert_eq!(
            l.sort_href("ten"),
            "/ds/don-vi?q=may+chai&loai=ward&sap-xep=ten"
        );
        assert_eq!(
            l.sort_href("han"),
            "/ds/don-vi?q=may+chai&loai=ward&sap-xep=han"
        );
        assert_eq!(l.param("loai"), "ward");
    }

    #[test]
    fn odd_addresses_fall_back_to_the_default() {
        let mut l = Listing::new(
            "/x",
            q(&[("sap-xep", "ten; DROP"), ("trang", "999")]),
            "-ngay",
        );
        assert_eq!(l.sort(), ("ngay", true));
        let rows = l.apply(vec![3, 1, 2], |n| n.to_string(), |_, n| SortKey::num(*n));
        assert_eq!(rows, [3, 2, 1]);
        assert_eq!(l.page, 1);
        let mut l = Listing::new("/x", q(&[("sap-xep", "han")]), "ten");
        let rows = l.apply(
            vec![(1, None), (2, Some(5)), (3, Some(1))],
            |_| String::new(),
            |_, r| SortKey::opt_num(r.1),
        );
        assert_eq!(
            rows.iter().map(|r| r.0).collect::<Vec<_>>(),
            [3, 2, 1],
            "missing values last"
        );
    }
}
