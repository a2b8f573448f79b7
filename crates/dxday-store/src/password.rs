//! Password hashing with argon2id (default parameters: m=19456 KiB, t=2, p=1).

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, PasswordHasher, PasswordVerifier};

use crate::StoreError;

/// Hashes a password into a PHC string with a fresh random salt. Slow on purpose
/// (~50 ms): call it off the async runtime's worker threads.
pub fn hash(password: &str) -> Result<String, StoreError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("password hashing failed: {e}")))
}

/// True when `password` matches the PHC string `phc`.
pub fn verify(password: &str, phc: &str) -> bool {
    match PasswordHash::new(phc) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A valid hash of no one's password, verified against when the e-mail is unknown
/// so a wrong e-mail costs the same time as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash("dxday-no-such-account").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash("Mật khẩu 2024!").expect("hash");
        assert!(h.starts_with("$argon2id$"));
        assert!(verify("Mật khẩu 2024!", &h));
        assert!(!verify("mật khẩu 2024!", &h));
        assert!(!verify("x", "not a hash"));
    }
}
