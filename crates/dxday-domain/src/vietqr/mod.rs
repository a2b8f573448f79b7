//! VietQR: the NAPAS profile of the EMVCo merchant-presented QR code, for transfers to
//! a bank account (NAPAS 247). A payload is a string of TLV data objects (two-digit
//! tag, two-digit length, value):
//!
//! | tag | content |
//! |---|---|
//! | 00 | payload format indicator, `01` |
//! | 01 | point of initiation: `11` static (the payer types the amount), `12` dynamic (with an amount) |
//! | 38 | merchant account information: 00 GUID `A000000727` (NAPAS), 01 beneficiary (00 the bank's BIN, 01 the account or card number), 02 service code `QRIBFTTA` (to an account) or `QRIBFTTC` (to a card) |
//! | 53 | currency, `704` (VND) |
//! | 54 | amount, when dynamic |
//! | 58 | country, `VN` |
//! | 59, 60 | merchant name and city, when used |
//! | 62 | additional data: 01 the bill number, 08 the purpose of the transfer (03–07 and 09 are read and checked as data objects) |
//! | 63 | CRC-16/CCITT-FALSE (polynomial 0x1021, initial 0xFFFF) over the whole payload up to and including `6304`, as four upper-case hex digits |

use serde::Serialize;

mod parse;
pub use parse::*;

/// NAPAS's globally unique identifier (tag 38, sub-tag 00).
pub const NAPAS_GUID: &str = "A000000727";

/// What a transfer goes to (tag 38, sub-tag 02).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Service {
    /// `QRIBFTTA`: a bank account.
    #[serde(rename = "QRIBFTTA")]
    ToAccount,
    /// `QRIBFTTC`: a card number.
    #[serde(rename = "QRIBFTTC")]
    ToCard,
}

impl Service {
    pub fn code(self) -> &'static str {
        match self {
            Service::ToAccount => "QRIBFTTA",
            Service::ToCard => "QRIBFTTC",
        }
    }
}

/// The content of a VietQR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VietQr {
    /// The bank's six-digit BIN (NAPAS member list).
    pub bin: String,
    /// The account (or card) number.
    pub account: String,
    pub service: Service,
    /// The amount in đồng; `None` for a static code (the payer types it).
    pub amount: Option<u64>,
    /// The purpose of the transfer (tag 62, sub-tag 08).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// The bill number (tag 62, sub-tag 01), as dynamic codes for an order carry it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bill_number: Option<String>,
    /// Tag 59, when used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_name: Option<String>,
    /// Tag 60, when used.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub merchant_city: Option<String>,
}

/// Why a VietQR cannot be made from the given fields.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BuildError {
    #[error("the BIN must be 6 digits, not {0:?}")]
    Bin(String),
    #[error("the account number must be 6 to 19 digits, not {0:?}")]
    Account(String),
    #[error("the amount must be a whole number of đồng from 1 to 9999999999999")]
    Amount,
    #[error("the {0} is longer than {1} characters once written without accents")]
    TooLong(&'static str, usize),
}

impl BuildError {
    /// The i18n key of the message for forms.
    pub fn key(&self) -> &'static str {
        match self {
            BuildError::Bin(_) => "err-vietqr-bin",
            BuildError::Account(_) => "err-vietqr-account",
            BuildError::Amount => "err-vietqr-amount",
            BuildError::TooLong(..) => "err-too-long",
        }
    }
}

/// Why a payload is not a valid VietQR: the field and where (a byte offset).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    #[error("the payload is not ASCII (position {at})")]
    NotAscii { at: usize },
    #[error("truncated data object at position {at}: {what}")]
    Truncated { at: usize, what: String },
    #[error("tag {tag} at position {at}: the length {length:?} is not two digits")]
    BadLength {
        tag: String,
        at: usize,
        length: String,
    },
    #[error("unknown tag {tag} at position {at}")]
    UnknownTag { tag: String, at: usize },
    #[error("tag {tag} appears twice (position {at})")]
    Repeated { tag: String, at: usize },
    #[error("tag {tag} ({name}) is missing")]
    Missing {
        tag: &'static str,
        name: &'static str,
    },
    #[error("tag {tag} ({name}) at position {at}: {problem}")]
    BadValue {
        tag: String,
        name: &'static str,
        at: usize,
        problem: String,
    },
    #[error(
        "CRC (tag 63) at position {at}: the payload says {found}, its content gives {computed}"
    )]
    Crc {
        at: usize,
        found: String,
        computed: String,
    },
}

/// CRC-16/CCITT-FALSE of `data`.
pub fn crc16(data: &[u8]) -> u16 {
    const CRC: crc::Crc<u16> = crc::Crc::<u16>::new(&crc::CRC_16_IBM_3740);
    CRC.checksum(data)
}

fn tlv(out: &mut String, tag: &str, value: &str) {
    out.push_str(tag);
    out.push_str(&format!("{:02}", value.len()));
    out.push_str(value);
}

/// Text for a payload field: Vietnamese letters without their marks, printable ASCII
/// only, spaces collapsed; `None` when empty; refused over `max` characters.
fn field_text(
    text: Option<&str>,
    name: &'static str,
    max: usize,
) -> Result<Option<String>, BuildError> {
    let Some(text) = text else { return Ok(None) };
    let folded: String = text
        .chars()
        .filter_map(crate::kit::fold_vietnamese)
        .map(|c| if c.is_ascii_graphic() { c } else { ' ' })
        .collect();
    let clean = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    match clean.len() {
        0 => Ok(None),
        n if n > max => Err(BuildError::TooLong(name, max)),
        _ => Ok(Some(clean)),
    }
}

/// Checks a BIN: six digits.
pub fn check_bin(bin: &str) -> Result<(), BuildError> {
    if bin.len() == 6 && bin.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(BuildError::Bin(bin.to_string()))
    }
}

/// Checks an account number: 6 to 19 digits.
pub fn check_account(account: &str) -> Result<(), BuildError> {
    if (6..=19).contains(&account.len()) && account.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(BuildError::Account(account.to_string()))
    }
}

impl VietQr {
    /// A code for transfers to `account` at the bank of `bin`: static without an
    /// amount, dynamic with one. The purpose, name and city are written without
    /// accents (as bank apps show them), within their lengths (25, 25, 15).
    pub fn new(
        bin: &str,
        account: &str,
        amount: Option<u64>,
        purpose: Option<&str>,
        merchant_name: Option<&str>,
    ) -> Result<VietQr, BuildError> {
        let bin = bin.trim();
        let account = account.trim();
        check_bin(bin)?;
        check_account(account)?;
        if amount.is_some_and(|a| a == 0 || a > 9_999_999_999_999) {
            return Err(BuildError::Amount);
        }
        Ok(VietQr {
            bin: bin.to_string(),
            account: account.to_string(),
            service: Service::ToAccount,
            amount,
            purpose: field_text(purpose, "purpose", 25)?,
            bill_number: None,
            merchant_name: field_text(merchant_name, "name", 25)?,
            merchant_city: None,
        })
    }

    /// The payload, with its CRC.
    pub fn payload(&self) -> String {
        let mut beneficiary = String::new();
        tlv(&mut beneficiary, "00", &self.bin);
        tlv(&mut beneficiary, "01", &self.account);
        let mut merchant = String::new();
        tlv(&mut merchant, "00", NAPAS_GUID);
        tlv(&mut merchant, "01", &beneficiary);
        tlv(&mut merchant, "02", self.service.code());
        let mut out = String::with_capacity(160);
        tlv(&mut out, "00", "01");
        tlv(
            &mut out,
            "01",
            if self.amount.is_some() { "12" } else { "11" },
        );
        tlv(&mut out, "38", &merchant);
        tlv(&mut out, "53", "704");
        if let Some(a) = self.amount {
            tlv(&mut out, "54", &a.to_string());
        }
        tlv(&mut out, "58", "VN");
        if let Some(n) = &self.merchant_name {
            tlv(&mut out, "59", n);
        }
        if let Some(c) = &self.merchant_city {
            tlv(&mut out, "60", c);
        }
        if self.bill_number.is_some() || self.purpose.is_some() {
            let mut extra = String::new();
            if let Some(b) = &self.bill_number {
                tlv(&mut extra, "01", b);
            }
            if let Some(p) = &self.purpose {
                tlv(&mut extra, "08", p);
            }
            tlv(&mut out, "62", &extra);
        }
        out.push_str("6304");
        let crc = crc16(out.as_bytes());
        out.push_str(&format!("{crc:04X}"));
        out
    }
}

#[cfg(test)]
mod tests;
