use super::*;

/// The number as printed: at least two digits (`05`).
pub fn number_text(number: i64) -> String {
    format!("{number:02}")
}

/// "Số: 05/VHTT" or "Số: 15/KH-UBND"; a draft prints the blank to fill by hand.
pub fn number_line(number: Option<i64>, symbol: &str) -> String {
    match number {
        Some(n) => format!("Số: {}/{symbol}", number_text(n)),
        None => format!("Số:      /{symbol}"),
    }
}

/// Checks a symbol as typed (the part after "/"): upper-case letters (Vietnamese
/// included) and digits in groups joined by "-", no spaces. For công văn it must not
/// start with a type code; for other types it must start with theirs (`KH-UBND`).
pub fn parse_symbol(kind: DocumentType, input: &str) -> Result<String, &'static str> {
    let s = input.trim();
    if s.is_empty() {
        return Err("err-required");
    }
    if s.chars().any(char::is_whitespace) {
        return Err("err-doc-symbol-space");
    }
    let groups: Vec<&str> = s.split('-').collect();
    let group_ok = |g: &str| {
        !g.is_empty()
            && g.chars().all(|c| c.is_alphanumeric())
            && g.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_numeric())
    };
    if s.len() > 30 || !groups.iter().all(|g| group_ok(g)) {
        return Err("err-doc-symbol");
    }
    let first = groups[0];
    let is_type_code = DocumentType::ALL.iter().any(|t| t.code() == Some(first));
    match kind.code() {
        None if is_type_code && groups.len() > 1 => Err("err-doc-symbol-dispatch"),
        Some(code) if first != code => Err("err-doc-symbol-type"),
        Some(_) if groups.len() < 2 => Err("err-doc-symbol-type"),
        _ => Ok(s.to_string()),
    }
}

/// How far back an issue date may go (registering a document signed on paper).
pub const BACKDATE_DAYS: i64 = 366;

/// An issue date as typed: not after `today` (Vietnam), not more than
/// [`BACKDATE_DAYS`] before it; the error is an i18n key.
pub fn parse_issue_date(input: &str, today: Date) -> Result<Date, &'static str> {
    let d = dates::parse_date(input)?;
    if d > today {
        Err("err-doc-date-future")
    } else if d < today - time::Duration::days(BACKDATE_DAYS) {
        Err("err-doc-date-old")
    } else {
        Ok(d)
    }
}

/// "Quận Ngô Quyền, ngày 05 tháng 01 năm 2024": days below 10 and months 1–2 take a
/// leading zero; a draft without a date leaves the blanks.
pub fn date_line(place: &str, date: Option<Date>) -> String {
    match date {
        Some(d) => {
            let month = u8::from(d.month());
            let month = if month <= 2 {
                format!("{month:02}")
            } else {
                month.to_string()
            };
            format!(
                "{place}, ngày {:02} tháng {month} năm {}",
                d.day(),
                d.year()
            )
        }
        None => format!("{place}, ngày      tháng      năm"),
    }
}

/// The "Kính gửi" block: one addressee on the same line; several as "- …;" lines,
/// the last ending in ".".
pub fn addressee_lines(addressees: &[String]) -> Vec<String> {
    let clean: Vec<&str> = addressees
        .iter()
        .map(|a| {
            a.trim()
                .trim_start_matches('-')
                .trim()
                .trim_end_matches([';', '.'])
        })
        .filter(|a| !a.is_empty())
        .collect();
    match clean.as_slice() {
        [] => Vec::new(),
        [one] => vec![format!("Kính gửi: {one}.")],
        many => {
            let mut lines = vec!["Kính gửi:".to_string()];
            for (i, a) in many.iter().enumerate() {
                let end = if i + 1 == many.len() { '.' } else { ';' };
                lines.push(format!("- {a}{end}"));
            }
            lines
        }
    }
}

/// The "Nơi nhận" list as printed (Mẫu 1.5's order): each item "- …;", "Như trên" first
/// when there is a Kính gửi block (and never without one), the last item "Lưu: VT,
/// <unit>." (added when missing; a bare "Lưu: VT" gets the drafting unit's abbreviation).
pub fn distribution_lines(
    items: &[String],
    has_addressees: bool,
    drafting_unit: &str,
) -> Vec<String> {
    let mut clean: Vec<String> = items
        .iter()
        .map(|a| {
            a.trim()
                .trim_start_matches('-')
                .trim()
                .trim_end_matches([';', '.'])
                .to_string()
        })
        .filter(|a| !a.is_empty())
        .collect();
    // "Như trên" comes first (Mẫu 1.5's order), and only when there is a Kính gửi.
    let is_as_above = |s: &str| s.eq_ignore_ascii_case("Như trên");
    clean.retain(|s| !is_as_above(s));
    if has_addressees {
        clean.insert(0, "Như trên".to_string());
    }
    // "Lưu: VT, <drafting unit>" comes last.
    let unit = drafting_unit.trim();
    let archive = if unit.is_empty() {
        "Lưu: VT".to_string()
    } else {
        format!("Lưu: VT, {unit}")
    };
    let is_archive = |s: &str| s.starts_with("Lưu");
    match clean.last_mut() {
        Some(last) if last == "Lưu: VT" || last == "Lưu VT" => *last = archive,
        Some(last) if is_archive(last) => {}
        _ => {
            clean.retain(|s| !is_archive(s));
            clean.push(archive);
        }
    }
    let n = clean.len();
    clean
        .into_iter()
        .enumerate()
        .map(|(i, s)| format!("- {s}{}", if i + 1 == n { "." } else { ";" }))
        .collect()
}
