//! Field errors: what a parse of user input returns. The key is an i18n message id,
//! so the web layer shows it in the user's language.

/// One invalid field of a form or an import row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    /// The form field's name, as in the HTML form.
    pub field: &'static str,
    /// The i18n key of the message (for example `err-required`).
    pub key: &'static str,
}

/// All the invalid fields of one form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// The one message `key` on `field`.
    pub fn one(field: &'static str, key: &'static str) -> FieldErrors {
        let mut e = FieldErrors::default();
        e.add(field, key);
        e
    }

    /// Records that `field` is invalid with message `key` (first error of a field wins).
    pub fn add(&mut self, field: &'static str, key: &'static str) {
        if self.get(field).is_none() {
            self.0.push(FieldError { field, key });
        }
    }

    /// The message key of `field`, if it is invalid.
    pub fn get(&self, field: &str) -> Option<&'static str> {
        self.0.iter().find(|e| e.field == field).map(|e| e.key)
    }

    /// True when no field is invalid.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Runs `parse` and records its error under `field`; returns the parsed value.
    pub fn check<T>(&mut self, field: &'static str, parsed: Result<T, &'static str>) -> Option<T> {
        match parsed {
            Ok(v) => Some(v),
            Err(key) => {
                self.add(field, key);
                None
            }
        }
    }
}

/// Trims a form value and refuses it when empty or longer than `max` characters.
pub fn required_text(value: &str, max: usize) -> Result<String, &'static str> {
    let v = value.trim();
    if v.is_empty() {
        Err("err-required")
    } else if v.chars().count() > max {
        Err("err-too-long")
    } else {
        Ok(v.to_string())
    }
}

/// Trims an optional form value: empty means `None`.
pub fn optional_text(value: &str, max: usize) -> Result<Option<String>, &'static str> {
    let v = value.trim();
    if v.is_empty() {
        Ok(None)
    } else if v.chars().count() > max {
        Err("err-too-long")
    } else {
        Ok(Some(v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_error_of_a_field_is_kept() {
        let mut e = FieldErrors::default();
        e.add("name", "err-required");
        e.add("name", "err-too-long");
        assert_eq!(e.get("name"), Some("err-required"));
        assert_eq!(e.0.len(), 1);
    }

    #[test]
    fn text_is_trimmed_and_bounded() {
        assert_eq!(required_text("  Máy Chai ", 20), Ok("Máy Chai".into()));
        assert_eq!(required_text("   ", 20), Err("err-required"));
        assert_eq!(required_text("Đổng Quốc Bình", 5), Err("err-too-long"));
        assert_eq!(optional_text("", 5), Ok(None));
    }
}
