use super::*;
use time::macros::date;

#[test]
fn numbers_have_two_digits_at_least() {
    assert_eq!(number_line(Some(5), "VHTT"), "Số: 05/VHTT");
    assert_eq!(number_line(Some(224), "KH-UBND"), "Số: 224/KH-UBND");
    assert_eq!(number_text(1), "01");
}

#[test]
fn symbols_follow_the_decree() {
    use DocumentType::*;
    assert_eq!(parse_symbol(Dispatch, " VHTT "), Ok("VHTT".into()));
    assert_eq!(parse_symbol(Dispatch, "UBND-VX"), Ok("UBND-VX".into()));
    assert_eq!(
        parse_symbol(Dispatch, "KH-VHTT"),
        Err("err-doc-symbol-dispatch")
    );
    assert_eq!(parse_symbol(Dispatch, "CV-VHTT"), Ok("CV-VHTT".into()));
    assert_eq!(parse_symbol(Plan, "KH-UBND"), Ok("KH-UBND".into()));
    assert_eq!(parse_symbol(Decision, "QĐ-UBND"), Ok("QĐ-UBND".into()));
    assert_eq!(parse_symbol(Plan, "UBND"), Err("err-doc-symbol-type"));
    assert_eq!(parse_symbol(Plan, "TB-UBND"), Err("err-doc-symbol-type"));
    assert_eq!(parse_symbol(Dispatch, "VH TT"), Err("err-doc-symbol-space"));
    assert_eq!(parse_symbol(Dispatch, "VHTT-"), Err("err-doc-symbol"));
    assert_eq!(parse_symbol(Dispatch, "vhtt"), Err("err-doc-symbol"));
    assert_eq!(parse_symbol(Dispatch, ""), Err("err-required"));
}

#[test]
fn the_date_line_pads_days_below_10_and_months_1_and_2() {
    assert_eq!(
        date_line("Hà Nội", Some(date!(2020 - 01 - 05))),
        "Hà Nội, ngày 05 tháng 01 năm 2020"
    );
    assert_eq!(
        date_line("Quận Ngô Quyền", Some(date!(2024 - 10 - 10))),
        "Quận Ngô Quyền, ngày 10 tháng 10 năm 2024"
    );
    assert_eq!(
        date_line("Ngô Quyền", Some(date!(2024 - 09 - 03))),
        "Ngô Quyền, ngày 03 tháng 9 năm 2024"
    );
    assert_eq!(
        date_line("Ngô Quyền", Some(date!(2024 - 02 - 29))),
        "Ngô Quyền, ngày 29 tháng 02 năm 2024"
    );
}

#[test]
fn an_issue_date_is_not_in_the_future_nor_more_than_a_year_back() {
    let today = date!(2024 - 10 - 07);
    assert_eq!(parse_issue_date("07/10/2024", today), Ok(today));
    assert_eq!(
        parse_issue_date("08/10/2024", today),
        Err("err-doc-date-future")
    );
    assert_eq!(
        parse_issue_date("01/10/2023", today),
        Err("err-doc-date-old")
    );
    assert_eq!(parse_issue_date("hôm nay", today), Err("err-date"));
}

#[test]
fn one_addressee_is_inline_several_are_a_dash_list() {
    assert_eq!(
        addressee_lines(&["Ủy ban nhân dân quận".into()]),
        ["Kính gửi: Ủy ban nhân dân quận."]
    );
    assert_eq!(
        addressee_lines(&[
            "- Các phòng, ban, ngành;".into(),
            "Ủy ban nhân dân 12 phường".into()
        ]),
        [
            "Kính gửi:",
            "- Các phòng, ban, ngành;",
            "- Ủy ban nhân dân 12 phường."
        ]
    );
    assert!(addressee_lines(&[" ".into()]).is_empty());
}

#[test]
fn distribution_has_as_above_with_addressees_and_ends_with_the_archive() {
    assert_eq!(
        distribution_lines(&["VP HĐND và UBND quận".into()], true, "VHTT"),
        ["- Như trên;", "- VP HĐND và UBND quận;", "- Lưu: VT, VHTT."]
    );
    // As written in the seed dispatch: "Như trên" moves first (Mẫu 1.5), the others keep
    // their order, and the bare "Lưu: VT" names the drafting unit.
    assert_eq!(
        distribution_lines(
            &[
                "- PCT UBND quận Đ.V.K (để báo cáo);".into(),
                "- Như trên;".into(),
                "- Lưu: VT.".into()
            ],
            true,
            "VHTT"
        ),
        [
            "- Như trên;",
            "- PCT UBND quận Đ.V.K (để báo cáo);",
            "- Lưu: VT, VHTT."
        ]
    );
    // An archive line the clerk wrote in full is kept.
    assert_eq!(
        distribution_lines(&["Lưu: VT, VHTT (02 bản)".into()], false, "VHTT"),
        ["- Lưu: VT, VHTT (02 bản)."]
    );
    // No Kính gửi: no "Như trên".
    assert_eq!(
        distribution_lines(&["Như trên".into()], false, ""),
        ["- Lưu: VT."]
    );
}

#[test]
fn authority_prefixes_are_the_decrees_only() {
    assert_eq!(SigningAuthority::parse("KT."), Ok(SigningAuthority::Deputy));
    assert_eq!(
        SigningAuthority::parse("tuq"),
        Ok(SigningAuthority::Authorised)
    );
    assert_eq!(SigningAuthority::parse(""), Ok(SigningAuthority::Head));
    assert_eq!(SigningAuthority::parse("PT."), Err("err-doc-authority"));
}

fn form() -> DocumentForm {
    DocumentForm {
        kind: "dispatch".into(),
        parent_body: "UBND QUẬN NGÔ QUYỀN".into(),
        issuer_name: "PHÒNG VĂN HÓA VÀ THÔNG TIN".into(),
        symbol: "VHTT".into(),
        place: "Quận Ngô Quyền".into(),
        subject: "tuyên truyền".into(),
        addressees: "Ủy ban nhân dân 12 phường".into(),
        body: "Nội dung.".into(),
        authority: "KT.".into(),
        authority_title: "Trưởng phòng".into(),
        signer_title: "PHÓ TRƯỞNG PHÒNG".into(),
        signer_name: "Nguyễn Hồng Đại".into(),
        ..DocumentForm::default()
    }
}

#[test]
fn a_form_parses_and_bad_fields_are_named() {
    let d = form().parse(UnitId(2), vec![]).expect("valid");
    assert_eq!(d.authority_line().as_deref(), Some("KT. TRƯỞNG PHÒNG"));
    assert_eq!(d.distribution_lines(), ["- Như trên;", "- Lưu: VT."]);
    let mut bad = form();
    bad.symbol = "VH TT".into();
    bad.authority = "PT.".into();
    bad.addressees = String::new();
    bad.body = "x".repeat(MAX_BODY + 1);
    let e = bad.parse(UnitId(2), vec![]).expect_err("invalid");
    assert_eq!(e.get("symbol"), Some("err-doc-symbol-space"));
    assert_eq!(e.get("authority"), Some("err-doc-authority"));
    assert_eq!(e.get("addressees"), Some("err-doc-addressees"));
    assert_eq!(e.get("body"), Some("err-doc-body-long"));
    let mut deputy = form();
    deputy.authority_title = String::new();
    assert_eq!(
        deputy
            .parse(UnitId(2), vec![])
            .expect_err("no title")
            .get("authority_title"),
        Some("err-doc-authority-title")
    );
}
