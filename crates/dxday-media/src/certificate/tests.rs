use super::*;

fn hoa() -> Certificate {
    Certificate {
        issuer: "CHỦ TỊCH ỦY BAN NHÂN DÂN QUẬN NGÔ QUYỀN".into(),
        title: "GIẤY KHEN".into(),
        name: "Bà Nguyễn Thị Hoa".into(),
        detail: "Công chức Văn hóa - Xã hội, Ủy ban nhân dân phường Máy Chai".into(),
        citation: "Đã có thành tích xuất sắc trong Phong trào thi đua thực hiện chuyển đổi số, hưởng ứng Ngày Chuyển đổi số quốc gia năm 2024".into(),
        decision: "Quyết định số 12/QĐ-UBND ngày 25/11/2024".into(),
        register: "Số vào sổ: 01/2024".into(),
        place_date: "Ngô Quyền, ngày 25 tháng 11 năm 2024".into(),
        signer_title: "CHỦ TỊCH".into(),
        signer_name: "Nguyễn Văn A".into(),
    }
}

#[test]
fn a_long_citation_wraps_within_its_width() {
    let fonts = Fonts::load().expect("fonts");
    let lines = fonts.wrap(Face::Italic, &hoa().citation, 15.0, mm(225.0));
    assert!(lines.len() >= 2, "{lines:?}");
    assert!(
        lines
            .iter()
            .all(|l| fonts.width(Face::Italic, l, 15.0) <= mm(225.0))
    );
    assert_eq!(lines.join(" "), hoa().citation);
}

#[test]
fn the_pdfs_have_a_page_per_awardee_and_embed_their_font() {
    let never = || false;
    let two = full_pdf(&[hoa(), hoa()], &never).expect("pdf");
    assert!(two.starts_with(b"%PDF-"));
    assert!(full_pdf(&[], &never).is_err());
    let overlay = overlay_pdf(&[hoa()], &Layout::default(), &never).expect("overlay");
    assert!(overlay.len() < two.len());
    assert!(calibration_pdf(&Layout::default()).is_ok());
    assert_eq!(
        full_pdf(&[hoa()], &|| true).err(),
        Some(MediaError::Cancelled)
    );
}

#[test]
fn a_layout_off_the_page_is_refused() {
    assert_eq!(Layout::default().check(), Ok(()));
    let mut bad = Layout::default();
    bad.spots[1].1.y_mm = 400.0;
    assert_eq!(bad.check(), Err("name".into()));
}
