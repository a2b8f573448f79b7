//! A stored document's printed form: the Decree 30 texts, laid out by the media crate
//! as DOCX (the page, the CLI and the tests all go through [`docx_of`]).

use dxday_store::documents::Document;

use dxday_domain::document::{self, DocumentType};
use dxday_media::docx::{self, OfficialDocument};

/// The printed texts of a document, worded by the decree's rules.
pub fn printed(doc: &Document) -> OfficialDocument {
    let d = &doc.data;
    let subject_lines: Vec<String> = document::lines(&d.subject);
    let (subject_lines, type_title, type_subject) = match d.kind {
        DocumentType::Dispatch => {
            let mut v = subject_lines;
            if let Some(first) = v.first_mut() {
                *first = format!("V/v {first}");
            }
            (v, None, None)
        }
        kind => (
            Vec::new(),
            kind.title_vi().map(str::to_string),
            Some(subject_lines.join("\n")),
        ),
    };
    OfficialDocument {
        parent_body: d.parent_body.clone(),
        issuer_name: d.issuer_name.clone(),
        number_line: doc.number_line(),
        subject_lines,
        date_line: document::date_line(&d.place, doc.issued_on),
        type_title,
        type_subject,
        urgency: d.urgency.mark().map(str::to_string),
        circulation: d.circulation.mark().map(str::to_string),
        legal_basis: d.legal_basis_lines(),
        addressees: d.addressee_lines(),
        body: d.body.clone(),
        authority_line: d.authority_line(),
        signer_title: d.signer_title.clone(),
        signer_name: d.signer_name.clone(),
        distribution: d.distribution_lines(),
    }
}

/// The document as a .docx file.
pub fn docx_of(doc: &Document) -> Result<Vec<u8>, dxday_media::MediaError> {
    docx::render(&printed(doc))
}

/// A safe file name for a document (`CV-01-VHTT-2024.docx`).
pub fn file_name(doc: &Document, extension: &str) -> String {
    let kind = doc.data.kind.code().unwrap_or("CV");
    let number = doc
        .number
        .map_or_else(|| "du-thao".to_string(), document::number_text);
    let symbol: String = doc
        .data
        .symbol
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let year = doc.year.map(|y| format!("-{y}")).unwrap_or_default();
    let kind: String = kind
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { 'D' })
        .collect();
    format!("{kind}-{number}-{symbol}{year}.{extension}")
}
