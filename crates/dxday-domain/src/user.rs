//! Accounts: e-mail, name, role, unit; password rules.

use serde::{Deserialize, Serialize};

use crate::errors::required_text;
use crate::unit::parse_optional_id;
use crate::{FieldErrors, Role, UnitId};

/// A normalised e-mail address (trimmed, lower-cased), used as the login name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    /// Parses an address; the error is an i18n key.
    pub fn parse(s: &str) -> Result<Email, &'static str> {
        let s = s.trim().to_lowercase();
        if s.is_empty() {
            return Err("err-required");
        }
        let valid = s.len() <= 254
            && !s.chars().any(char::is_whitespace)
            && s.split_once('@').is_some_and(|(local, domain)| {
                !local.is_empty()
                    && !domain.is_empty()
                    && !domain.contains('@')
                    && !domain.starts_with('.')
                    && !domain.ends_with('.')
            });
        if valid {
            Ok(Email(s))
        } else {
            Err("err-email")
        }
    }

    /// The address as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Minimum password length, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Checks a new password: at least [`MIN_PASSWORD_CHARS`] characters, at most 200.
pub fn check_new_password(p: &str) -> Result<(), &'static str> {
    let n = p.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err("err-password-short")
    } else if n > 200 {
        Err("err-too-long")
    } else {
        Ok(())
    }
}

/// An account's profile, ready to insert or update (the password is set apart).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserData {
    pub email: Email,
    pub full_name: String,
    pub role: Role,
    pub unit_id: Option<UnitId>,
}

/// The account form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct UserForm {
    pub email: String,
    pub full_name: String,
    pub role: String,
    pub unit_id: String,
    /// Only on the new-account form.
    pub password: String,
}

impl UserForm {
    /// Parses the form; `new` also checks the initial password.
    pub fn parse(&self, new: bool) -> Result<UserData, FieldErrors> {
        let mut e = FieldErrors::default();
        let email = e.check("email", Email::parse(&self.email));
        let full_name = e.check("full_name", required_text(&self.full_name, 120));
        let role = e.check("role", Role::parse(&self.role));
        let unit_id = e.check("unit_id", parse_optional_id(&self.unit_id));
        if let (Some(role), Some(None)) = (role, unit_id)
            && role.needs_unit()
        {
            e.add("unit_id", "err-unit-required");
        }
        if new {
            e.check("password", check_new_password(&self.password));
        }
        match (email, full_name, role, unit_id) {
            (Some(email), Some(full_name), Some(role), Some(unit_id)) if e.is_empty() => {
                Ok(UserData {
                    email,
                    full_name,
                    role,
                    unit_id,
                })
            }
            _ => Err(e),
        }
    }

    /// The form filled with a stored account, for editing.
    pub fn from_data(u: &UserData) -> UserForm {
        UserForm {
            email: u.email.as_str().to_string(),
            full_name: u.full_name.clone(),
            role: u.role.as_str().to_string(),
            unit_id: u.unit_id.map(|id| id.0.to_string()).unwrap_or_default(),
            password: String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(
            Email::parse(" Lan@VHTT.gov.vn ").map(|e| e.as_str().to_string()),
            Ok("lan@vhtt.gov.vn".into())
        );
        assert_eq!(Email::parse("lan"), Err("err-email"));
        assert_eq!(Email::parse("a b@c.vn"), Err("err-email"));
        assert_eq!(Email::parse("a@b@c"), Err("err-email"));
    }

    #[test]
    fn a_focal_point_needs_a_unit() {
        let f = UserForm {
            email: "dm@phuong.vn".into(),
            full_name: "Trần Thị Mai".into(),
            role: "unit_focal_point".into(),
            password: "mật khẩu dài".into(),
            ..UserForm::default()
        };
        assert_eq!(
            f.parse(true).unwrap_err().get("unit_id"),
            Some("err-unit-required")
        );
        let ok = UserForm {
            unit_id: "3".into(),
            ..f
        };
        assert_eq!(ok.parse(true).map(|u| u.unit_id), Ok(Some(UnitId(3))));
    }

    #[test]
    fn short_passwords_are_refused() {
        assert_eq!(check_new_password("123456789"), Err("err-password-short"));
        assert_eq!(check_new_password("đủ mười ký tự"), Ok(()));
    }
}
