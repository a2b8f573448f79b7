//! Administrative documents in the form of Decree 30/2020/NĐ-CP: their types and
//! abbreviations (Điều 7, Phụ lục III), number and symbol (Điều 15), the place-and-date
//! line, the "Kính gửi" and "Nơi nhận" blocks and the signer's authority (Phụ lục I).
//! Rules only; storing, numbering and rendering live elsewhere.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::errors::{optional_text, required_text};
use crate::{FieldErrors, UnitId, dates};

mod kinds;
pub use kinds::*;
mod layout;
pub use layout::*;
mod names;
pub use names::*;

/// A document as stored (its number and date come when it is issued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentData {
    pub kind: DocumentType,
    /// The issuing unit (its register numbers the document).
    pub issuer_unit_id: UnitId,
    /// Cơ quan chủ quản, as printed (`UBND QUẬN NGÔ QUYỀN`).
    pub parent_body: String,
    /// Cơ quan ban hành, as printed (`PHÒNG VĂN HÓA VÀ THÔNG TIN`).
    pub issuer_name: String,
    /// The symbol after the number (`VHTT`, `KH-UBND`).
    pub symbol: String,
    /// Place of the date line (`Quận Ngô Quyền`).
    pub place: String,
    /// Trích yếu; for công văn the text after "V/v".
    pub subject: String,
    /// Căn cứ, one a line.
    pub legal_basis: String,
    /// Kính gửi, one addressee or group a line.
    pub addressees: String,
    /// The body, in the light markup the renderer reads (paragraphs, "1." and "-"
    /// items, **bold**, | tables |).
    pub body: String,
    pub authority: SigningAuthority,
    /// The head's title the authority refers to (`TRƯỞNG PHÒNG` after `KT.`).
    pub authority_title: String,
    /// The signer's own title (`PHÓ TRƯỞNG PHÒNG`).
    pub signer_title: String,
    pub signer_name: String,
    /// Nơi nhận, one a line.
    pub distribution: String,
    /// The drafting unit's abbreviation for "Lưu: VT, …".
    pub drafting_unit: String,
    pub urgency: Urgency,
    pub circulation: Circulation,
    /// Units the document is delivered to when issued.
    pub recipient_unit_ids: Vec<UnitId>,
}

/// The document form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct DocumentForm {
    pub kind: String,
    pub parent_body: String,
    pub issuer_name: String,
    pub symbol: String,
    pub place: String,
    pub subject: String,
    pub legal_basis: String,
    pub addressees: String,
    pub body: String,
    pub authority: String,
    pub authority_title: String,
    pub signer_title: String,
    pub signer_name: String,
    pub distribution: String,
    pub drafting_unit: String,
    pub urgency: String,
    pub circulation: String,
}

/// Largest body, in bytes.
pub const MAX_BODY: usize = 200_000;

impl DocumentForm {
    /// Parses the form for `issuer` with the chosen recipient units.
    pub fn parse(
        &self,
        issuer: UnitId,
        recipients: Vec<UnitId>,
    ) -> Result<DocumentData, FieldErrors> {
        let mut e = FieldErrors::default();
        let kind = e.check("kind", DocumentType::parse(&self.kind));
        let parent_body = e.check("parent_body", optional_text(&self.parent_body, 200));
        let issuer_name = e.check("issuer_name", required_text(&self.issuer_name, 200));
        let symbol = kind.and_then(|k| e.check("symbol", parse_symbol(k, &self.symbol)));
        let place = e.check("place", required_text(&self.place, 100));
        let subject = e.check("subject", required_text(&self.subject, 500));
        let legal_basis = e.check("legal_basis", optional_text(&self.legal_basis, 4000));
        let addressees = e.check("addressees", optional_text(&self.addressees, 4000));
        let body = if self.body.len() > MAX_BODY {
            e.add("body", "err-doc-body-long");
            None
        } else {
            e.check("body", required_text(&self.body, MAX_BODY))
        };
        let authority = e.check("authority", SigningAuthority::parse(&self.authority));
        let authority_title = e.check("authority_title", optional_text(&self.authority_title, 100));
        let signer_title = e.check("signer_title", required_text(&self.signer_title, 100));
        let signer_name = e.check("signer_name", required_text(&self.signer_name, 100));
        let distribution = e.check("distribution", optional_text(&self.distribution, 4000));
        let drafting_unit = e.check("drafting_unit", optional_text(&self.drafting_unit, 30));
        let urgency = e.check("urgency", Urgency::parse(&self.urgency));
        let circulation = e.check("circulation", Circulation::parse(&self.circulation));
        if let (Some(a), Some(t)) = (authority, &authority_title)
            && a != SigningAuthority::Head
            && t.is_none()
        {
            e.add("authority_title", "err-doc-authority-title");
        }
        if kind == Some(DocumentType::Dispatch)
            && addressees.as_ref().is_some_and(|a| a.is_none())
            && recipients.is_empty()
        {
            e.add("addressees", "err-doc-addressees");
        }
        parsed!(
            e,
            [
                kind,
                parent_body,
                issuer_name,
                symbol,
                place,
                subject,
                legal_basis,
                addressees,
                body,
                authority,
                authority_title,
                signer_title,
                signer_name,
                distribution,
                drafting_unit,
                urgency,
                circulation
            ],
            DocumentData {
                kind,
                issuer_unit_id: issuer,
                parent_body: parent_body.unwrap_or_default(),
                issuer_name,
                symbol,
                place,
                subject,
                legal_basis: legal_basis.unwrap_or_default(),
                addressees: addressees.unwrap_or_default(),
                body,
                authority,
                authority_title: authority_title.unwrap_or_default(),
                signer_title,
                signer_name,
                distribution: distribution.unwrap_or_default(),
                drafting_unit: drafting_unit.unwrap_or_default(),
                urgency,
                circulation,
                recipient_unit_ids: recipients,
            }
        )
    }
}

impl DocumentData {
    /// The Kính gửi lines as printed.
    pub fn addressee_lines(&self) -> Vec<String> {
        addressee_lines(&lines(&self.addressees))
    }

    /// The Nơi nhận lines as printed.
    pub fn distribution_lines(&self) -> Vec<String> {
        distribution_lines(
            &lines(&self.distribution),
            !lines(&self.addressees).is_empty(),
            &self.drafting_unit,
        )
    }

    /// The office as the header prints it, one body a line: the parent body (when
    /// there is one), then the issuer.
    pub fn letterhead(&self) -> Vec<String> {
        [&self.parent_body, &self.issuer_name]
            .into_iter()
            .filter(|l| !l.trim().is_empty())
            .cloned()
            .collect()
    }

    /// The Căn cứ lines, ";" after each but the last, which ends with ".".
    pub fn legal_basis_lines(&self) -> Vec<String> {
        basis_lines(lines(&self.legal_basis))
    }

    /// The authority line (`KT. TRƯỞNG PHÒNG`) when the signer signs for someone.
    pub fn authority_line(&self) -> Option<String> {
        match self.authority {
            SigningAuthority::Head => None,
            a => Some(format!(
                "{} {}",
                a.prefix(),
                self.authority_title.trim().to_uppercase()
            )),
        }
    }
}

/// Căn cứ lines as printed: ";" after each but the last, which ends with ".".
pub fn basis_lines(items: Vec<String>) -> Vec<String> {
    let n = items.len();
    items
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            let l = l.trim_end_matches([';', '.', ',']);
            format!("{l}{}", if i + 1 == n { "." } else { ";" })
        })
        .collect()
}

/// The non-blank lines of a text area.
pub fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests;
