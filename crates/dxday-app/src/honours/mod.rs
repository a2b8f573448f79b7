//! Emulation and honours beyond one write: an award decision drafted in the words of
//! a quyết định khen thưởng (the "Căn cứ" lines in force on its date, Điều 1–3), and
//! what is printed from the stored records — the decision with its list (danh sách kèm
//! theo), the council's minutes with the vote table, the certificates.

use dxday_domain::document::DocumentForm;
use dxday_domain::honours::{IssuerKind, LegalTopic, Recipient};
use dxday_domain::{DecisionId, MovementId, NominationId, Scope, ScopedUnit, SessionId, UserId};
use dxday_store::Db;
use dxday_store::honours::{self as h, DecisionDraft, Refused};
use time::Date;

use crate::Error;

mod certificates;
pub mod demo;
mod papers;
mod print;
pub use certificates::*;
pub use papers::*;
pub use print::*;

/// What the office asks for when it drafts a decision.
#[derive(Debug, Clone)]
pub struct DecisionRequest {
    pub movement: MovementId,
    pub session: Option<SessionId>,
    pub issuer: ScopedUnit,
    pub issuer_kind: IssuerKind,
    pub award_type: String,
    pub nominations: Vec<NominationId>,
    /// The symbol after the number ("QĐ-UBND").
    pub symbol: String,
    /// The place of the date line ("Ngô Quyền").
    pub place: String,
    /// Who proposes it ("Trưởng phòng Nội vụ quận"), for "Theo đề nghị của …".
    pub proposer: String,
    /// Who carries it out, for Điều 3 ("Chánh Văn phòng HĐND và UBND quận").
    pub executors: String,
    /// A deputy signs for the head (KT.).
    pub deputy_signs: bool,
    pub signer_name: String,
    /// The drafting unit's abbreviation for "Lưu: VT, …".
    pub drafting_unit: String,
}

/// "Phong trào …" as it reads inside a sentence ("phong trào …").
pub(crate) fn in_sentence(title: &str) -> String {
    let mut c = title.chars();
    match c.next() {
        Some(first) => first.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "Ủy ban nhân dân quận Ngô Quyền" as the header prints it, on two lines.
pub fn issuer_header(unit_name: &str) -> String {
    let upper = unit_name.to_uppercase();
    match upper.strip_prefix("ỦY BAN NHÂN DÂN ") {
        Some(rest) => format!("ỦY BAN NHÂN DÂN\n{rest}"),
        None => upper,
    }
}

/// "2 tập thể và 3 cá nhân".
pub fn counted(collectives: usize, persons: usize) -> String {
    match (collectives, persons) {
        (0, p) => format!("{p:02} cá nhân"),
        (c, 0) => format!("{c:02} tập thể"),
        (c, p) => format!("{c:02} tập thể và {p:02} cá nhân"),
    }
}

/// Drafts an award decision: its document in the register's drafts, worded as a quyết
/// định khen thưởng, and its list. The store checks the list against the rules.
pub async fn draft_decision(
    db: &Db,
    actor: Option<UserId>,
    scope: &Scope,
    r: &DecisionRequest,
    today: Date,
) -> Result<Result<DecisionId, Refused>, Error> {
    let Some(movement) = h::movement(db, scope, r.movement).await? else {
        return Ok(Err(Refused::NotFound));
    };
    let Some(unit) = dxday_store::units::entry(db, r.issuer.id()).await? else {
        return Ok(Err(Refused::NotFound));
    };
    let types = h::award_types(db).await?;
    let Some(award) = types.iter().find(|t| t.code == r.award_type) else {
        return Ok(Err(Refused::Rule("err-award-type")));
    };
    let mut collectives = 0;
    let mut persons = 0;
    for id in &r.nominations {
        match h::nomination(db, scope, *id).await? {
            Some(n) if n.data.recipient == Recipient::Collective => collectives += 1,
            Some(_) => persons += 1,
            None => return Ok(Err(Refused::NotFound)),
        }
    }
    let office = format!("{} {}", r.issuer_kind.office_vi(), unit.data.name);
    let citations = h::citations_on(
        db,
        &[LegalTopic::LocalGovernment, LegalTopic::Emulation],
        today,
    )
    .await?;
    let mut basis = citations;
    basis.push(format!(
        "Theo đề nghị của {}",
        r.proposer.trim().trim_end_matches('.')
    ));
    let body = [
        "## QUYẾT ĐỊNH:".to_string(),
        format!(
            "**Điều 1.** Tặng {} của {office} cho {} (có danh sách kèm theo) đã có thành tích xuất sắc trong {}.",
            award.name,
            counted(collectives, persons),
            in_sentence(&movement.data.title)
        ),
        format!(
            "**Điều 2.** Tiền thưởng kèm theo {} thực hiện theo quy định hiện hành về thi đua, khen thưởng.",
            award.name
        ),
        format!(
            "**Điều 3.** {}, Thủ trưởng các cơ quan, đơn vị có liên quan và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
            r.executors.trim().trim_end_matches('.')
        ),
    ]
    .join("\n");
    let signer = r.issuer_kind.signer_title();
    let form = DocumentForm {
        kind: "decision".into(),
        parent_body: String::new(),
        issuer_name: issuer_header(&unit.data.name),
        symbol: r.symbol.clone(),
        place: r.place.clone(),
        subject: format!(
            "Về việc tặng {} cho các tập thể, cá nhân có thành tích xuất sắc trong {}",
            award.name,
            in_sentence(&movement.data.title)
        ),
        legal_basis: basis.join("\n"),
        body,
        authority: if r.deputy_signs { "KT." } else { "" }.into(),
        authority_title: if r.deputy_signs {
            signer.into()
        } else {
            String::new()
        },
        signer_title: if r.deputy_signs {
            format!("PHÓ {signer}")
        } else {
            signer.into()
        },
        signer_name: r.signer_name.clone(),
        distribution: "Như Điều 3\nThường trực Hội đồng Thi đua - Khen thưởng".into(),
        drafting_unit: r.drafting_unit.clone(),
        ..DocumentForm::default()
    };
    let document = match form.parse(r.issuer.id(), Vec::new()) {
        Ok(d) => d,
        Err(e) => {
            let key = e.0.first().map_or("err-choice", |f| f.key);
            return Ok(Err(Refused::Rule(key)));
        }
    };
    let draft = DecisionDraft {
        movement: r.movement,
        session: r.session,
        issuer: r.issuer,
        issuer_kind: r.issuer_kind,
        award_type: r.award_type.clone(),
        nominations: r.nominations.clone(),
        document,
    };
    Ok(h::create_decision(db, actor, scope, &draft, today).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_as_a_decision_prints_them() {
        assert_eq!(
            issuer_header("Ủy ban nhân dân quận Ngô Quyền"),
            "ỦY BAN NHÂN DÂN\nQUẬN NGÔ QUYỀN"
        );
        assert_eq!(
            issuer_header("Sở Văn hóa và Thể thao"),
            "SỞ VĂN HÓA VÀ THỂ THAO"
        );
        assert_eq!(counted(2, 3), "02 tập thể và 03 cá nhân");
        assert_eq!(counted(0, 1), "01 cá nhân");
        assert_eq!(in_sentence("Phong trào thi đua"), "phong trào thi đua");
    }
}
