//! The movement's other papers in the Decree 30 form, printed from the stored records
//! for the clerk to finish in Word: the plan launching it, the units' registrations,
//! a nominee's achievement report, the submission (tờ trình) to the deciding level with
//! its list, and the final review report.

use dxday_domain::dates::format_dmy;
use dxday_domain::document::{basis_lines, date_line, lines};
use dxday_domain::honours::{LegalTopic, NominationStatus, Recipient};
use dxday_domain::{MovementId, NominationId, Scope, SessionId};
use dxday_media::docx::{Block, OfficialDocument, Span};
use dxday_store::Db;
use dxday_store::honours::{self as h, Movement, Nomination};

use super::print::{locality, name_and_detail, parent_of, register_text};
use super::{in_sentence, issuer_header};
use crate::Error;

/// Which paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Paper {
    /// Kế hoạch phát động (a movement).
    Plan,
    /// Danh sách đăng ký thi đua (a movement).
    Registrations,
    /// Báo cáo thành tích (a nomination).
    Report,
    /// Tờ trình đề nghị khen thưởng (a council session).
    Submission,
    /// Báo cáo tổng kết (a movement).
    Review,
}

impl Paper {
    /// The name in addresses and on the command line.
    pub fn parse(s: &str) -> Option<Paper> {
        Some(match s {
            "ke-hoach" => Paper::Plan,
            "dang-ky" => Paper::Registrations,
            "bao-cao-thanh-tich" => Paper::Report,
            "to-trinh" => Paper::Submission,
            "tong-ket" => Paper::Review,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Paper::Plan => "ke-hoach",
            Paper::Registrations => "dang-ky",
            Paper::Report => "bao-cao-thanh-tich",
            Paper::Submission => "to-trinh",
            Paper::Review => "tong-ket",
        }
    }
}

/// A paper of the record `id` (a movement, a nomination or a session, as the paper
/// says), if the scope reaches it.
pub async fn paper(
    db: &Db,
    scope: &Scope,
    which: Paper,
    id: i64,
) -> Result<Option<OfficialDocument>, Error> {
    match which {
        Paper::Report => report(db, scope, NominationId(id)).await,
        Paper::Submission => submission(db, scope, SessionId(id)).await,
        movement_paper => {
            let Some(m) = h::movement(db, scope, MovementId(id)).await? else {
                return Ok(None);
            };
            Ok(Some(match movement_paper {
                Paper::Plan => plan(db, &m).await?,
                Paper::Registrations => registrations(&m),
                _ => review(db, scope, &m).await?,
            }))
        }
    }
}

/// The head of a unit's papers: its parent body, its name, its place.
struct Head {
    /// The unit's abbreviation after the type's in a symbol ("VHTT" in "TTr-VHTT").
    abbr: String,
    parent: String,
    name: String,
    place: String,
    signer_title: String,
    signer_name: String,
}

/// A unit's header, and its signer as on its latest issued document (the clerk
/// corrects it in Word when another leader signs).
async fn head_of(db: &Db, unit: dxday_domain::UnitId) -> Result<Head, Error> {
    let u = dxday_store::units::entry(db, unit)
        .await?
        .ok_or(Error::NotFound)?;
    let latest = dxday_store::documents::latest_issued_by(db, unit).await?;
    let (parent, place) = match &latest {
        Some(d) => (d.data.parent_body.clone(), d.data.place.clone()),
        None => (
            u.parent_name.as_deref().map(parent_of).unwrap_or_default(),
            locality(&u.data.name),
        ),
    };
    let abbr = latest
        .as_ref()
        .and_then(|d| d.data.symbol.rsplit('-').next().map(str::to_string))
        .unwrap_or_else(|| "UBND".into());
    Ok(Head {
        abbr,
        parent,
        name: issuer_header(&u.data.name),
        place,
        signer_title: latest.as_ref().map_or("THỦ TRƯỞNG ĐƠN VỊ".into(), |d| {
            d.data.signer_title.clone()
        }),
        signer_name: latest.map_or(String::new(), |d| d.data.signer_name),
    })
}

fn paper_of(head: Head, symbol: &str, title: &str, subject: String) -> OfficialDocument {
    OfficialDocument {
        parent_body: head.parent,
        issuer_name: head.name,
        number_line: format!("Số:        /{symbol}-{}", head.abbr),
        date_line: date_line(&head.place, None),
        type_title: Some(title.into()),
        type_subject: Some(subject),
        signer_title: head.signer_title,
        signer_name: head.signer_name,
        distribution: vec!["- Như trên;".into(), "- Lưu: VT.".into()],
        ..OfficialDocument::default()
    }
}

/// Kế hoạch phát động phong trào thi đua theo chuyên đề.
async fn plan(db: &Db, m: &Movement) -> Result<OfficialDocument, Error> {
    let mut p = paper_of(
        head_of(db, m.unit_id).await?,
        "KH",
        "KẾ HOẠCH",
        format!("Phát động {}", in_sentence(&m.data.title)),
    );
    p.legal_basis = basis_lines(
        h::citations_on(
            db,
            &[LegalTopic::DigitalTransformation, LegalTopic::Emulation],
            m.data.intake_from,
        )
        .await?,
    );
    let d = &m.data;
    let mut body = vec![
        Block::Heading("I. MỤC ĐÍCH, YÊU CẦU".into()),
        Block::text(format!(
            "Phát động {} nhằm động viên các cơ quan, đơn vị, cán bộ, công chức, viên chức và nhân dân tích cực hưởng ứng, thực hiện chuyển đổi số; kịp thời phát hiện, biểu dương, khen thưởng các tập thể, cá nhân tiêu biểu.",
            in_sentence(&d.title)
        )),
    ];
    if let Some(s) = &d.slogan {
        body.push(Block::Paragraph(vec![
            Span::plain("Khẩu hiệu thi đua: "),
            Span::bold(format!("“{s}”.")),
        ]));
    }
    body.push(Block::Heading("II. NỘI DUNG, TIÊU CHÍ THI ĐUA".into()));
    body.extend(
        lines(&d.criteria)
            .into_iter()
            .map(|c| Block::text(format!("- {c}"))),
    );
    body.push(Block::Heading("III. THỜI GIAN".into()));
    body.push(Block::text(format!(
        "- Nhận hồ sơ đề nghị khen thưởng: từ ngày {} đến ngày {}.",
        format_dmy(d.intake_from),
        format_dmy(d.intake_to)
    )));
    if let Some(mid) = d.midterm_on {
        body.push(Block::text(format!("- Sơ kết: ngày {}.", format_dmy(mid))));
    }
    if let Some(f) = d.final_on {
        body.push(Block::text(format!("- Tổng kết: ngày {}.", format_dmy(f))));
    }
    body.push(Block::Heading("IV. KHEN THƯỞNG".into()));
    body.push(Block::text(
        "Kết thúc phong trào, trên cơ sở đề nghị của các đơn vị và kết quả xét của Hội đồng Thi đua - Khen thưởng, đề nghị cấp có thẩm quyền tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc (khen thưởng theo chuyên đề không dùng làm căn cứ đề nghị khen thưởng cấp cao hơn).",
    ));
    body.push(Block::Heading("V. TỔ CHỨC THỰC HIỆN".into()));
    body.push(Block::text(format!(
        "Các cơ quan, đơn vị tham gia ({} đơn vị) xây dựng kế hoạch hưởng ứng, tổ chức thực hiện và gửi hồ sơ đề nghị khen thưởng đúng thời hạn./.",
        m.units.len()
    )));
    p.body = body;
    Ok(p)
}

/// Danh sách đơn vị đăng ký thi đua (optional registrations, with their pledges).
fn registrations(m: &Movement) -> OfficialDocument {
    let mut rows = vec![
        ["STT", "Đơn vị", "Ngày đăng ký", "Nội dung đăng ký"]
            .map(String::from)
            .to_vec(),
    ];
    let registered: Vec<_> = m
        .units
        .iter()
        .filter(|u| u.registered_at.is_some())
        .collect();
    for (i, u) in registered.iter().enumerate() {
        let on = u
            .registered_at
            .as_deref()
            .and_then(|t| {
                time::OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok()
            })
            .map(|t| format_dmy(dxday_domain::dates::today_in_vietnam(t)))
            .unwrap_or_default();
        rows.push(vec![
            (i + 1).to_string(),
            u.unit_name.clone(),
            on,
            u.pledge.clone().unwrap_or_default(),
        ]);
    }
    OfficialDocument {
        parent_body: String::new(),
        issuer_name: issuer_header(&m.unit_name),
        number_line: String::new(),
        date_line: String::new(),
        type_title: Some("DANH SÁCH".into()),
        type_subject: Some(format!(
            "Đơn vị đăng ký tham gia {}",
            in_sentence(&m.data.title)
        )),
        body: vec![
            Block::text(format!(
                "Có {} trên {} đơn vị tham gia đã đăng ký thi đua (việc đăng ký không bắt buộc).",
                registered.len(),
                m.units.len()
            )),
            Block::table(rows),
        ],
        ..OfficialDocument::default()
    }
}

/// Báo cáo thành tích đề nghị khen thưởng thi đua theo chuyên đề (collective or person).
async fn report(
    db: &Db,
    scope: &Scope,
    id: NominationId,
) -> Result<Option<OfficialDocument>, Error> {
    let Some(n) = h::nomination(db, scope, id).await? else {
        return Ok(None);
    };
    let m = h::movement(db, scope, n.movement_id).await?;
    let movement = m.map(|m| m.data.title).unwrap_or_default();
    let d = &n.data;
    let person = d.recipient == Recipient::Person;
    let mut p = paper_of(
        head_of(db, n.unit_id).await?,
        "BC",
        "BÁO CÁO THÀNH TÍCH",
        format!(
            "Đề nghị tặng {} (khen thưởng thi đua theo chuyên đề: {})",
            n.award_type_name,
            in_sentence(&movement)
        ),
    );
    p.number_line = String::new();
    let mut body = vec![Block::Heading(if person {
        "I. SƠ LƯỢC LÝ LỊCH".into()
    } else {
        "I. ĐẶC ĐIỂM, TÌNH HÌNH".into()
    })];
    if person {
        body.push(Block::text(format!("- Họ và tên: {}.", d.name)));
        if let Some(g) = d.gender {
            body.push(Block::text(format!(
                "- Giới tính: {}.",
                if g == dxday_domain::honours::Gender::Female {
                    "Nữ"
                } else {
                    "Nam"
                }
            )));
        }
        if let Some(pos) = &d.position {
            body.push(Block::text(format!("- Chức vụ: {pos}.")));
        }
        body.push(Block::text(format!("- Đơn vị công tác: {}.", d.work_unit)));
    } else {
        body.push(Block::text(format!("- Tên tập thể: {}.", d.name)));
        body.push(Block::text(format!("- Thuộc: {}.", d.work_unit)));
    }
    body.push(Block::Heading("II. THÀNH TÍCH ĐẠT ĐƯỢC".into()));
    match &d.report {
        Some(r) => body.extend(lines(r).into_iter().map(Block::text)),
        None => body.push(Block::text("(Đơn vị bổ sung báo cáo thành tích.)")),
    }
    body.push(Block::Heading(
        "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG".into(),
    ));
    let prior = h::prior_awards(db, n.id).await?;
    if prior.is_empty() {
        body.push(Block::text(
            "Chưa có hình thức khen thưởng nào trong sổ khen thưởng.",
        ));
    }
    for a in prior {
        body.push(Block::text(format!(
            "- {}: {}{} ({})",
            a.award_type_name,
            a.number_symbol,
            a.issued_on
                .map(|d| format!(" ngày {}", format_dmy(d)))
                .unwrap_or_default(),
            a.movement_title
        )));
    }
    p.body = body;
    p.co_signer = Some(("XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ".into(), String::new()));
    if person {
        p.signer_title = "NGƯỜI BÁO CÁO THÀNH TÍCH".into();
        p.signer_name = d.name.clone();
    } else {
        p.signer_title = "THỦ TRƯỞNG ĐƠN VỊ".into();
        p.signer_name = String::new();
    }
    p.distribution = Vec::new();
    Ok(Some(p))
}

/// Tờ trình đề nghị khen thưởng with its list: those who passed the session's vote.
async fn submission(
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
    let passed: Vec<&Nomination> = s
        .lines
        .iter()
        .filter(|l| l.passed())
        .map(|l| &l.nomination)
        .collect();
    let award = passed
        .first()
        .map_or("Giấy khen".to_string(), |n| n.award_type_name.clone());
    let mut p = paper_of(
        head_of(db, m.unit_id).await?,
        "TTr",
        "TỜ TRÌNH",
        format!(
            "Đề nghị tặng {award} cho các tập thể, cá nhân có thành tích xuất sắc trong {}",
            in_sentence(&m.data.title)
        ),
    );
    let chair = format!("Chủ tịch {}", s.unit_name);
    p.addressees = vec![format!("Kính gửi: {chair}.")];
    let mut basis = h::citations_on(db, &[LegalTopic::Emulation], s.data.held_on).await?;
    basis.push(format!(
        "Căn cứ Biên bản họp Hội đồng Thi đua - Khen thưởng ngày {}",
        format_dmy(s.data.held_on)
    ));
    p.legal_basis = basis_lines(basis);
    let collectives = passed
        .iter()
        .filter(|n| n.data.recipient == Recipient::Collective)
        .count();
    let mut rows = vec![
        [
            "STT",
            "Tập thể, cá nhân",
            "Chức vụ, đơn vị",
            "Đơn vị đề nghị",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for (i, n) in passed.iter().enumerate() {
        let (name, detail) = name_and_detail(&n.data);
        rows.push(vec![(i + 1).to_string(), name, detail, n.unit_name.clone()]);
    }
    p.body = vec![
        Block::text(format!(
            "Thực hiện {}, trên cơ sở đề nghị của các đơn vị và kết quả bỏ phiếu của Hội đồng Thi đua - Khen thưởng ngày {}, {} kính trình {chair} xem xét, tặng {award} cho {} (có danh sách kèm theo).",
            in_sentence(&m.data.title),
            format_dmy(s.data.held_on),
            m.unit_name,
            super::counted(collectives, passed.len() - collectives)
        )),
        Block::table(rows),
        Block::text(format!("Kính trình {chair} xem xét, quyết định./.")),
    ];
    Ok(Some(p))
}

/// Báo cáo tổng kết phong trào: units, registrations, nominations by status, the
/// awards given with their decisions.
async fn review(db: &Db, scope: &Scope, m: &Movement) -> Result<OfficialDocument, Error> {
    let mut p = paper_of(
        head_of(db, m.unit_id).await?,
        "BC",
        "BÁO CÁO",
        format!("Tổng kết {}", in_sentence(&m.data.title)),
    );
    let nominations = h::nominations(db, scope, m.id).await?;
    let count = |s: NominationStatus| nominations.iter().filter(|n| n.status == s).count();
    let registered = m.units.iter().filter(|u| u.registered_at.is_some()).count();
    let mut body = vec![
        Block::Heading("I. KẾT QUẢ TRIỂN KHAI".into()),
        Block::text(format!(
            "Phong trào có {} đơn vị tham gia, trong đó {registered} đơn vị đăng ký thi đua. Các đơn vị đã lập {} hồ sơ đề nghị khen thưởng; {} hồ sơ được khen thưởng, {} hồ sơ không đạt tỷ lệ phiếu của Hội đồng, {} hồ sơ bị trả lại để bổ sung.",
            m.units.len(),
            nominations.len(),
            count(NominationStatus::Awarded),
            count(NominationStatus::NotAwarded),
            count(NominationStatus::Returned),
        )),
        Block::Heading("II. TIÊU CHÍ THI ĐUA".into()),
    ];
    body.extend(
        lines(&m.data.criteria)
            .into_iter()
            .map(|c| Block::text(format!("- {c}"))),
    );
    body.push(Block::Heading("III. KHEN THƯỞNG".into()));
    let mut rows = vec![
        [
            "STT",
            "Tập thể, cá nhân",
            "Hình thức",
            "Quyết định",
            "Số vào sổ",
        ]
        .map(String::from)
        .to_vec(),
    ];
    let mut n = 0;
    for id in h::decisions_of(db, scope, m.id).await? {
        let Some((d, doc)) = super::decision_with_document(db, scope, id).await? else {
            continue;
        };
        for e in d.entries.iter().filter(|e| e.revoked_at.is_none()) {
            n += 1;
            rows.push(vec![
                n.to_string(),
                name_and_detail(&e.nomination.data).0,
                d.award_type.name.clone(),
                super::decision_reference(&doc).replace("Quyết định số ", ""),
                register_text(e.register_no, e.year),
            ]);
        }
    }
    if n == 0 {
        body.push(Block::text("Chưa có quyết định khen thưởng."));
    } else {
        body.push(Block::table(rows));
    }
    body.push(Block::Heading("IV. ĐÁNH GIÁ CHUNG".into()));
    body.push(Block::text(
        "(Đơn vị bổ sung đánh giá ưu điểm, hạn chế và bài học kinh nghiệm.)",
    ));
    p.body = body;
    Ok(p)
}
