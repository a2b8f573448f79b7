//! Certificates of an issued decision: one page per award not revoked, full or as an
//! overlay on the issuer's pre-printed blanks at its calibrated positions.

use dxday_domain::document::date_line;
use dxday_domain::honours::{DecisionStatus, Recipient};
use dxday_domain::{DecisionId, Scope};
use dxday_media::certificate::{self, Certificate, Layout};
use dxday_store::Db;
use dxday_store::documents::Document;
use dxday_store::honours::{self as h, Decision, Refused};

use super::print::{decision_reference, decision_with_document, register_text};
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
            let (name, detail) = match n.recipient {
                Recipient::Person => (
                    match n.gender {
                        Some(g) => format!("{} {}", g.honorific(), n.name),
                        None => n.name.clone(),
                    },
                    match &n.position {
                        Some(p) => format!("{p}, {}", n.work_unit),
                        None => n.work_unit.clone(),
                    },
                ),
                Recipient::Collective => (n.name.clone(), n.work_unit.clone()),
            };
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

/// The certificates of an issued decision as one PDF: full, or only the variable text
/// at the issuer's positions (`overlay`). A draft has none yet.
pub async fn certificates_pdf(
    db: &Db,
    scope: &Scope,
    id: DecisionId,
    overlay: bool,
    cancelled: impl Fn() -> bool + Send + 'static,
) -> Result<Result<Vec<u8>, Refused>, Error> {
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
    let pdf = tokio::task::spawn_blocking(move || match layout {
        Some(l) => certificate::overlay_pdf(&certs, &l, &cancelled),
        None => certificate::full_pdf(&certs, &cancelled),
    })
    .await
    .map_err(|e| Error::Task(e.to_string()))??;
    Ok(Ok(pdf))
}
