//! Certificates of an issued decision: one page per award not revoked, full or as an
//! overlay on the issuer's pre-printed blanks at its calibrated positions.

use dxday_domain::document::date_line;
use dxday_domain::honours::DecisionStatus;
use dxday_domain::{DecisionId, Scope};
use dxday_media::certificate::{self, Certificate, Layout};
use dxday_store::Db;
use dxday_store::documents::Document;
use dxday_store::honours::{self as h, Decision, Refused};

use super::print::{decision_reference, decision_with_document, name_and_detail, register_text};
use crate::Error;

/// The certificates' texts of an issued decision, in the list's order.
pub fn certificates_of(d: &Decision, doc: &Document) -> Vec<Certificate> {
    let issuer = format!("{} {}", d.issuer_kind.signer_title(), d.unit_name).to_uppercase();
    let signer_title = match doc.data.authority_line() {
        Some(a) => format!("{a}\n{}", doc.data.signer_title.to_uppercase()),
        None => doc.data.signer_title.to_uppercase(),
    };
    d.entries
        .iter()
        .filter(|e| e.revoked_at.is_none())
        .map(|e| {
            let n = &e.nomination.data;
            let (name, detail) = name_and_detail(n);
            Certificate {
                issuer: issuer.clone(),
                title: d.award_type.name.to_uppercase(),
                name,
                detail,
                citation: n.citation.clone(),
                decision: decision_reference(doc),
                register: format!("Số vào sổ: {}", register_text(e.register_no, e.year)),
                place_date: date_line(&doc.data.place, doc.issued_on),
                signer_title: signer_title.clone(),
                signer_name: doc.data.signer_name.clone(),
            }
        })
        .collect()
}

/// The issuer's calibrated layout, or the full certificate's positions.
pub async fn layout_of(db: &Db, d: &Decision) -> Result<Layout, Error> {
    Ok(match h::certificate_layout(db, d.unit_id).await? {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| Error::Store(dxday_store::StoreError::Corrupt(format!("layout: {e}"))))?,
        None => Layout::default(),
    })
}

/// What an issued decision's certificates print: their texts, and the issuer's
/// positions when `overlay` (none for the full certificate). A draft, or a decision
/// whose awards are all revoked, has none.
pub async fn certificates_to_print(
    db: &Db,
    scope: &Scope,
    id: DecisionId,
    overlay: bool,
) -> Result<Result<(Vec<Certificate>, Option<Layout>), Refused>, Error> {
    let Some((d, doc)) = decision_with_document(db, scope, id).await? else {
        return Ok(Err(Refused::NotFound));
    };
    if d.status != DecisionStatus::Issued {
        return Ok(Err(Refused::Rule("err-decision-not-issued")));
    }
    let certs = certificates_of(&d, &doc);
    if certs.is_empty() {
        return Ok(Err(Refused::Rule("err-decision-empty")));
    }
    let layout = if overlay {
        Some(layout_of(db, &d).await?)
    } else {
        None
    };
    Ok(Ok((certs, layout)))
}

/// The certificates as one PDF: full, or only the text at `layout`'s positions.
pub fn certificates_pdf(
    certs: &[Certificate],
    layout: Option<&Layout>,
    cancelled: &dyn Fn() -> bool,
) -> Result<Vec<u8>, dxday_media::MediaError> {
    match layout {
        Some(l) => certificate::overlay_pdf(certs, l, cancelled),
        None => certificate::full_pdf(certs, cancelled),
    }
}
