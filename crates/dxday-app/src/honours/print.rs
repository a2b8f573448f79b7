//! What is printed from the stored records: the award decision with its list, and the
//! council's minutes (biên bản) with the vote table made from the stored counts.

use dxday_domain::dates::format_dmy;
use dxday_domain::document::{date_line, number_text};
use dxday_domain::honours::{Denominator, Recipient};
use dxday_domain::{DecisionId, Scope, SessionId};
use dxday_media::docx::{Annex, Block, OfficialDocument, Span};
use dxday_store::Db;
use dxday_store::documents::{self, Document};
use dxday_store::honours::{self as h, Decision, Session};

use crate::Error;

/// A nominee as printed: the name (with "Ông"/"Bà" for a person whose gender is
/// known) and the position and unit ("Công chức …, Ủy ban nhân dân phường …").
pub fn name_and_detail(d: &dxday_domain::honours::NominationData) -> (String, String) {
    let name = match (d.recipient, d.gender) {
        (Recipient::Person, Some(g)) => format!("{} {}", g.honorific(), d.name),
        _ => d.name.clone(),
    };
    let detail = match &d.position {
        Some(p) => format!("{p}, {}", d.work_unit),
        None => d.work_unit.clone(),
    };
    (name, detail)
}

/// "Chủ tịch Ủy ban nhân dân quận Ngô Quyền".
fn office_of(d: &Decision) -> String {
    format!("{} {}", d.issuer_kind.office_vi(), d.unit_name)
}

/// A decision and its document, if the scope reaches the issuer.
pub async fn decision_with_document(
    db: &Db,
    scope: &Scope,
    id: DecisionId,
) -> Result<Option<(Decision, Document)>, Error> {
    let Some(d) = h::decision(db, scope, id).await? else {
        return Ok(None);
    };
    let doc = documents::get(db, d.document_id)
        .await?
        .ok_or(Error::NotFound)?;
    Ok(Some((d, doc)))
}

/// "Quyết định số 12/QĐ-UBND ngày 25/11/2024" (with dots before it is issued).
pub fn decision_reference(doc: &Document) -> String {
    let number = doc.number.map_or("…".to_string(), number_text);
    let on = doc.issued_on.map_or("…/…/….".to_string(), format_dmy);
    format!("Quyết định số {number}/{} ngày {on}", doc.data.symbol)
}

/// The register number as printed: "01/2024".
pub fn register_text(no: Option<i64>, year: Option<i64>) -> String {
    match (no, year) {
        (Some(n), Some(y)) => format!("{n:02}/{y}"),
        _ => String::new(),
    }
}

/// The decision as printed: its document, the issuing authority above the Căn cứ lines
/// and the list of awardees from a new page.
pub fn decision_printed(d: &Decision, doc: &Document) -> OfficialDocument {
    let mut p = crate::documents::printed(doc);
    p.enacting_authority =
        Some(format!("{} {}", d.issuer_kind.signer_title(), d.unit_name).to_uppercase());
    let collectives: Vec<_> = d
        .entries
        .iter()
        .filter(|e| e.nomination.data.recipient == Recipient::Collective)
        .collect();
    let persons: Vec<_> = d
        .entries
        .iter()
        .filter(|e| e.nomination.data.recipient == Recipient::Person)
        .collect();
    let mut body = Vec::new();
    let sections = [(&collectives, "TẬP THỂ"), (&persons, "CÁ NHÂN")];
    let shown = sections.iter().filter(|(list, _)| !list.is_empty());
    for (i, (list, label)) in shown.enumerate() {
        let roman = ["I", "II"][i];
        body.push(Block::Centred(format!(
            "{roman}. {label} ({:02})",
            list.len()
        )));
        let person = *label == "CÁ NHÂN";
        let mut rows = vec![
            if person {
                vec!["STT", "Họ và tên", "Chức vụ, đơn vị công tác", "Số vào sổ"]
            } else {
                vec!["STT", "Tên tập thể", "Số vào sổ"]
            }
            .into_iter()
            .map(Span::bold)
            .collect::<Vec<_>>(),
        ];
        for (n, e) in list.iter().enumerate() {
            let data = &e.nomination.data;
            let mut row = vec![Span::plain(format!("{}", n + 1))];
            if person {
                let (name, detail) = name_and_detail(data);
                row.push(Span::plain(name));
                row.push(Span::plain(detail));
            } else {
                row.push(Span::plain(format!("{}, {}", data.name, data.work_unit)));
            }
            row.push(Span::plain(register_text(e.register_no, e.year)));
            rows.push(row);
        }
        body.push(Block::Table(rows));
    }
    p.annex = Some(Annex {
        title: vec![
            "DANH SÁCH".into(),
            format!(
                "TẬP THỂ, CÁ NHÂN ĐƯỢC TẶNG {}",
                d.award_type.name.to_uppercase()
            ),
        ],
        subtitle: Some(format!(
            "(Kèm theo {} của {})",
            decision_reference(doc),
            office_of(d)
        )),
        body,
    });
    p
}

/// A document's printed form, with what its record adds when an award decision
/// manages it (the issuing authority, the list).
pub async fn printed_for(db: &Db, doc: &Document) -> Result<OfficialDocument, Error> {
    Ok(match h::decision_of_document(db, doc.id).await? {
        Some(d) => decision_printed(&d, doc),
        None => crate::documents::printed(doc),
    })
}

/// Where a unit is, for a date line: "Ngô Quyền" for "Ủy ban nhân dân quận Ngô
/// Quyền".
pub fn locality(unit_name: &str) -> String {
    let mut rest = unit_name.trim();
    for prefix in ["Ủy ban nhân dân ", "UBND "] {
        if let Some(r) = rest.strip_prefix(prefix) {
            rest = r;
        }
    }
    for level in [
        "thành phố ",
        "tỉnh ",
        "quận ",
        "huyện ",
        "thị xã ",
        "phường ",
        "xã ",
    ] {
        if let Some(r) = rest.strip_prefix(level) {
            return r.to_string();
        }
    }
    rest.to_string()
}

/// A unit as the cơ quan chủ quản line prints it: "UBND QUẬN NGÔ QUYỀN".
pub(super) fn parent_of(unit_name: &str) -> String {
    let upper = unit_name.to_uppercase();
    match upper.strip_prefix("ỦY BAN NHÂN DÂN ") {
        Some(rest) => format!("UBND {rest}"),
        None => upper,
    }
}

/// "81,81%" (hundredths of a percent, with the Vietnamese decimal comma).
pub fn percent(bp: i64) -> String {
    format!("{},{:02}%", bp / 100, bp % 100)
}

/// The minutes of a council session, worded from the stored counts.
pub async fn minutes_printed(
    db: &Db,
    scope: &Scope,
    id: SessionId,
) -> Result<Option<OfficialDocument>, Error> {
    let Some(s) = h::session(db, scope, id).await? else {
        return Ok(None);
    };
    let Some(m) = h::movement(db, scope, s.movement_id).await? else {
        return Ok(None);
    };
    Ok(Some(minutes(&s, &m.data.title)))
}

/// The vote table: a header row, then one row per nominee with the stored counts, the
/// share for and the outcome.
pub fn vote_table(s: &Session) -> Vec<Vec<String>> {
    let mut rows = vec![
        [
            "STT",
            "Tập thể, cá nhân",
            "Đồng ý",
            "Không đồng ý",
            "Phiếu trắng",
            "Không hợp lệ",
            "Tỷ lệ đồng ý",
            "Kết quả",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (i, l) in s.lines.iter().enumerate() {
        let n = &l.nomination;
        let who = format!("{} ({})", n.data.name, n.unit_name);
        let (counts, share, result) = match (l.ballot, l.outcome) {
            (Some(b), Some(o)) => (
                [b.votes_for, b.against, b.blank, b.invalid].map(|v| v.to_string()),
                percent(o.share_bp),
                if o.passed { "Đạt" } else { "Không đạt" }.to_string(),
            ),
            _ => (
                [(); 4].map(|_| String::new()),
                String::new(),
                "Chưa kiểm phiếu".to_string(),
            ),
        };
        let mut row = vec![(i + 1).to_string(), who];
        row.extend(counts);
        row.push(share);
        row.push(result);
        rows.push(row);
    }
    rows
}

fn minutes(s: &Session, movement: &str) -> OfficialDocument {
    let d = &s.data;
    let a = d.attendance;
    let absent = a.members_total - a.members_present;
    let denominator = match d.rule.denominator {
        Denominator::AllMembers => "tổng số thành viên Hội đồng",
        Denominator::Voters => "số thành viên tham gia biểu quyết",
    };
    let written = if d.rule.count_written {
        "; ý kiến bằng văn bản của thành viên vắng mặt được tính như phiếu biểu quyết"
    } else {
        ""
    };
    let passed = s.lines.iter().filter(|l| l.passed()).count();
    let mut body = vec![
        Block::text(format!(
            "Thời gian: ngày {}. Địa điểm: {}.",
            format_dmy(d.held_on),
            d.place
        )),
        Block::text(format!(
            "Chủ trì: {}. Thư ký: {}.",
            d.chair_name, d.secretary_name
        )),
        Block::text(format!(
            "Thành viên Hội đồng: tổng số {}; có mặt {}; vắng mặt {}, trong đó {} thành viên có ý kiến bằng văn bản.",
            a.members_total, a.members_present, absent, a.written_opinions
        )),
        Block::text(format!(
            "Hình thức biểu quyết: {}. Theo Quy chế hoạt động của Hội đồng, tập thể, cá nhân được đề nghị khen thưởng khi số phiếu đồng ý đạt từ {} {denominator} trở lên; phiên họp hợp lệ khi có từ {} tổng số thành viên tham gia biểu quyết{written}.",
            match d.rule.method {
                dxday_domain::honours::VoteMethod::SecretBallot => "bỏ phiếu kín",
                dxday_domain::honours::VoteMethod::ShowOfHands => "biểu quyết giơ tay",
            },
            d.rule.threshold.text().replace('.', ","),
            d.rule.quorum.text().replace('.', ","),
        )),
        Block::Heading(format!("Kết quả kiểm phiếu ({} hồ sơ):", s.lines.len())),
        Block::table(vote_table(s)),
        Block::text(format!(
            "Kết luận: Hội đồng thống nhất đề nghị khen thưởng {passed} tập thể, cá nhân đạt tỷ lệ phiếu đồng ý theo quy định; {} tập thể, cá nhân không đạt.",
            s.lines.len() - passed
        )),
        Block::text("Biên bản đã được thông qua trước Hội đồng và được các thành viên nhất trí./."),
    ];
    if s.lines.is_empty() {
        body.retain(|b| !matches!(b, Block::Table(_)));
    }
    OfficialDocument {
        parent_body: parent_of(&s.unit_name),
        issuer_name: "HỘI ĐỒNG THI ĐUA\nKHEN THƯỞNG".into(),
        number_line: "Số:        /BB-HĐTĐKT".into(),
        date_line: date_line(&locality(&s.unit_name), Some(d.held_on)),
        type_title: Some("BIÊN BẢN".into()),
        type_subject: Some(format!(
            "Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng trong {}",
            super::in_sentence(movement)
        )),
        body,
        signer_title: "CHỦ TỌA".into(),
        signer_name: d.chair_name.clone(),
        co_signer: Some(("THƯ KÝ".into(), d.secretary_name.clone())),
        ..OfficialDocument::default()
    }
}
