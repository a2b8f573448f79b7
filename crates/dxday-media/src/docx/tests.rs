use std::io::Read;

use super::*;

fn xml_of(doc: &OfficialDocument) -> String {
    let bytes = render(doc).expect("docx");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("document.xml")
        .read_to_string(&mut xml)
        .expect("utf-8");
    xml
}

#[test]
fn body_tables_bold_spans_and_marks_are_laid_out() {
    let doc = OfficialDocument {
        issuer_name: "Phòng Văn hóa và Thông tin".into(),
        number_line: "Số: 15/KH-VHTT".into(),
        date_line: "Quận Ngô Quyền, ngày 02 tháng 10 năm 2024".into(),
        type_title: Some("KẾ HOẠCH".into()),
        type_subject: Some("Tổ chức Ngày Chuyển đổi số".into()),
        urgency: Some("KHẨN".into()),
        circulation: Some("LƯU HÀNH NỘI BỘ".into()),
        body: vec![
            Block::Paragraph(vec![
                Span::plain("Mở đầu "),
                Span::bold("quan trọng"),
                Span::plain(" tiếp."),
            ]),
            Block::table(vec![
                vec!["Nhiệm vụ".into(), "Đơn vị".into()],
                vec!["Tuyên truyền".into(), "UBND phường".into()],
            ]),
            Block::text("Kết thúc."),
        ],
        signer_title: "Trưởng phòng".into(),
        signer_name: "Nguyễn Văn A".into(),
        distribution: vec!["- Lưu: VT.".into()],
        ..OfficialDocument::default()
    };
    let xml = xml_of(&doc);
    assert_eq!(
        xml.matches("<w:tbl>").count(),
        3,
        "header, body table, signature"
    );
    for text in [
        "KẾ HOẠCH",
        "PHÒNG VĂN HÓA VÀ THÔNG TIN",
        "TRƯỞNG PHÒNG",
        "Nhiệm vụ",
        "UBND phường",
        "KHẨN",
        "LƯU HÀNH NỘI BỘ",
    ] {
        assert!(xml.contains(text), "{text}");
    }
    // "quan trọng" is its own bold run.
    let at = xml.find("quan trọng").expect("bold text");
    let run_start = xml[..at].rfind("<w:r>").expect("run");
    assert!(
        xml[run_start..at].contains("<w:b/>"),
        "{}",
        &xml[run_start..at]
    );
}
