//! Values the server signs and later checks (CSRF cookies, participation tokens):
//! HMAC-SHA-256 under the key every node shares (`app_secrets`), with a purpose in the
//! message so that a value signed for one use is not accepted for another.

use hmac::{Hmac, Mac};
use rand::RngExt;
use sha2::Sha256;

/// `payload.signature` for `purpose`.
pub fn sign(key: &[u8], purpose: &str, payload: &str) -> String {
    format!("{payload}.{}", mac_hex(key, purpose, payload))
}

/// The payload of a value signed for `purpose`, or `None` when the signature is wrong.
pub fn verify<'a>(key: &[u8], purpose: &str, signed: &'a str) -> Option<&'a str> {
    let (payload, sig) = signed.rsplit_once('.')?;
    let sig = hex_decode(sig)?;
    let mut mac = Hmac::<Sha256>::new_from_slice(key).ok()?;
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(payload.as_bytes());
    mac.verify_slice(&sig).ok()?;
    Some(payload)
}

/// 16 random bytes as hex.
pub fn nonce() -> String {
    let bytes: [u8; 16] = rand::rng().random();
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn mac_hex(key: &[u8], purpose: &str, payload: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return String::new();
    };
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(payload.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signed_value_checks_only_for_its_key_and_purpose() {
        let s = sign(b"key", "csrf", "abc");
        assert_eq!(verify(b"key", "csrf", &s), Some("abc"));
        assert_eq!(verify(b"other", "csrf", &s), None);
        assert_eq!(verify(b"key", "count", &s), None);
        assert_eq!(verify(b"key", "csrf", "abc.00"), None);
        assert_eq!(verify(b"key", "csrf", &s.replace("abc", "abd")), None);
        assert_eq!(nonce().len(), 32);
    }
}
