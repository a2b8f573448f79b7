//! Languages and message catalogues (Fluent). Vietnamese with full diacritics is the
//! default; English is chosen by `?lang=en`, the `lang` cookie or Accept-Language.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "vi",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static VI: LanguageIdentifier = langid!("vi");
static EN: LanguageIdentifier = langid!("en");

/// A language dxday speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    Vi,
    En,
}

impl Lang {
    /// Every language, default first.
    pub const ALL: [Lang; 2] = [Lang::Vi, Lang::En];

    /// The language code (`vi`, `en`), as in `?lang=` and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Parses a code such as `en`, `en-GB`, `vi-VN`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        match primary.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The best language for an Accept-Language header (by q-value, then order).
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("");
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.parse::<f32>().ok())
                .unwrap_or(1.0);
            if let Some(lang) = Lang::from_code(tag)
                && q > 0.0
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l)
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Lang::Vi => &VI,
            Lang::En => &EN,
        }
    }

    /// The message `key`; a missing key shows as the key itself (and a test keeps
    /// every catalogue complete).
    pub fn t(self, key: &str) -> String {
        LOCALES
            .try_lookup(self.id(), key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key`, or `None` when the catalogue has none (for labels derived
    /// from data, which fall back to the data itself).
    pub fn try_t(self, key: &str) -> Option<String> {
        LOCALES.try_lookup(self.id(), key)
    }

    /// The message `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue<'_>> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// The message `key` with a count, for plural forms.
    pub fn t_count(self, key: &str, count: i64) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        map.insert(Cow::Borrowed("count"), FluentValue::from(count));
        map.insert(
            Cow::Borrowed("formatted"),
            FluentValue::from(self.number(count)),
        );
        LOCALES
            .try_lookup_with_args(self.id(), key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// An integer with the language's thousands separator (12.345 in Vietnamese).
    pub fn number(self, n: i64) -> String {
        let sep = match self {
            Lang::Vi => '.',
            Lang::En => ',',
        };
        let digits = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if n < 0 {
            out.push('-');
        }
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }
}

impl Lang {
    /// A value in thousandths, with the language's separators and at most `places`
    /// decimals, trailing zeros dropped: 87 530 → "87,53" (Vietnamese), "87.53".
    pub fn decimal(self, milli: i64, places: u32) -> String {
        let places = places.min(3);
        let step = 10i64.pow(3 - places);
        let rounded = (milli.abs() + step / 2) / step * step * milli.signum();
        let whole = self.number(rounded / 1000);
        let mut frac = format!("{:03}", (rounded % 1000).abs());
        frac.truncate(places as usize);
        let frac = frac.trim_end_matches('0');
        let whole = if rounded < 0 && rounded > -1000 {
            format!("-{whole}")
        } else {
            whole
        };
        if frac.is_empty() {
            whole
        } else {
            let sep = match self {
                Lang::Vi => ',',
                Lang::En => '.',
            };
            format!("{whole}{sep}{frac}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn keys(ftl: &str) -> BTreeSet<String> {
        ftl.lines()
            .filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
            .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_string()))
            .collect()
    }

    #[test]
    fn every_locale_has_every_key() {
        let vi = keys(include_str!("../locales/vi/main.ftl"));
        let en = keys(include_str!("../locales/en/main.ftl"));
        assert!(vi.len() > 50, "the Vietnamese catalogue looks empty");
        let missing_en: Vec<_> = vi.difference(&en).collect();
        let missing_vi: Vec<_> = en.difference(&vi).collect();
        assert!(missing_en.is_empty(), "missing in en: {missing_en:?}");
        assert!(missing_vi.is_empty(), "missing in vi: {missing_vi:?}");
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed("count"), FluentValue::from(2));
        args.insert(Cow::Borrowed("formatted"), FluentValue::from("2"));
        for name in [
            "day", "from", "to", "year", "doc", "issuer", "subject", "link", "due", "received",
            "targets", "minutes", "page", "pages", "total", "volume",
        ] {
            args.insert(Cow::Borrowed(name), FluentValue::from("01/10/2024"));
        }
        for k in &vi {
            for lang in Lang::ALL {
                assert!(
                    LOCALES.try_lookup_with_args(lang.id(), k, &args).is_some(),
                    "{k} does not resolve in {}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn every_key_the_code_uses_is_in_the_catalogue() {
        let vi = keys(include_str!("../locales/vi/main.ftl"));
        // A key's first word (`err`, `kit`, `pay`…) names its family; a quoted string
        // of such a family that looks like a key must be in the catalogue.
        let families: BTreeSet<&str> = vi
            .iter()
            .filter_map(|k| k.split_once('-').map(|(f, _)| f))
            .collect();
        let mut used = BTreeSet::new();
        for (name, src) in crate::testing::workspace_sources() {
            let pieces: Vec<&str> = src.split('"').collect();
            for pair in pieces.windows(2).step_by(2) {
                let (before, piece) = (pair[0], pair[1]);
                // A template's class, id and form-field names are not keys.
                if ["class=", "id=", "for=", "name="]
                    .iter()
                    .any(|a| before.ends_with(a))
                {
                    continue;
                }
                let looks_like_key = piece
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
                    && piece
                        .split_once('-')
                        .is_some_and(|(f, rest)| !rest.is_empty() && families.contains(f));
                if looks_like_key && !vi.contains(piece) {
                    used.insert(format!("{name}: {piece}"));
                }
            }
        }
        assert!(
            used.is_empty(),
            "keys used but not in the catalogue: {used:?}"
        );
    }

    #[test]
    fn numbers_use_the_vietnamese_thousands_dot() {
        assert_eq!(Lang::Vi.number(1_234_567), "1.234.567");
        assert_eq!(Lang::En.number(1_234_567), "1,234,567");
        assert_eq!(Lang::Vi.number(-950), "-950");
        assert_eq!(Lang::Vi.number(1000), "1.000");
        assert_eq!(Lang::Vi.decimal(87_530, 1), "87,5");
        assert_eq!(Lang::En.decimal(1_250_500, 2), "1,250.5");
        assert_eq!(Lang::Vi.decimal(100_000, 1), "100");
        assert_eq!(Lang::Vi.decimal(99_960, 1), "100");
    }

    #[test]
    fn accept_language_picks_the_best_supported_language() {
        assert_eq!(
            Lang::from_accept_language("fr-FR, en;q=0.8, vi;q=0.9"),
            Some(Lang::Vi)
        );
        assert_eq!(Lang::from_accept_language("en-US,en;q=0.9"), Some(Lang::En));
        assert_eq!(Lang::from_accept_language("fr, de"), None);
    }

    #[test]
    fn messages_keep_their_diacritics_and_take_arguments() {
        assert_eq!(Lang::Vi.t("status-ongoing"), "Đang diễn ra");
        assert_eq!(Lang::En.t("status-ongoing"), "Ongoing");
        assert!(Lang::Vi.t_count("units-count", 1234).contains("1.234"));
    }
}
