use super::*;

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

#[test]
fn launching_needs_the_target() {
    assert_eq!(acceptance_percent(0, 0), None);
    assert_eq!(acceptance_percent(199, 200), Some(99));
    assert!(!can_launch(199, 200, 100));
    assert!(can_launch(200, 200, 100));
    assert!(can_launch(160, 200, 80));
    assert!(!can_launch(0, 0, 1));
    let e = StreetForm {
        name: "Phố Lê Lợi".into(),
        status: "launched".into(),
        target_percent: "120".into(),
        ..StreetForm::default()
    }
    .parse()
    .expect_err("bad");
    assert_eq!(e.get("launch_date"), Some("err-street-launch-date"));
    assert_eq!(e.get("target_percent"), Some("err-percent"));
    let s = StreetForm {
        name: "Phố Lê Lợi".into(),
        segment_from: "Ngã tư Lạch Tray".into(),
        target_percent: "90 %".into(),
        ..StreetForm::default()
    }
    .parse()
    .expect("valid");
    assert_eq!((s.status, s.target_percent), (StreetStatus::Surveying, 90));
}

#[test]
fn a_merchant_taking_vietqr_needs_a_known_bank_and_an_account() {
    let known = |b: &str| b == "970436";
    let mut f = MerchantForm {
        name: "Bún cá Bà Hoa".into(),
        kind: "Hộ kinh doanh".into(),
        address: "12 Lê Lợi".into(),
        bank_qr: "x".into(),
        phone: "0912 345 678".into(),
        ..MerchantForm::default()
    };
    let e = f.parse(&known).expect_err("no bank");
    assert_eq!(e.get("bank_bin"), Some("err-required"));
    assert_eq!(e.get("account_number"), Some("err-required"));
    assert_eq!(e.get("account_holder"), Some("err-required"));
    f.bank_bin = "970499".into();
    f.account_number = "0011A0019324".into();
    f.account_holder = "NGUYEN THI HOA".into();
    let e = f.parse(&known).expect_err("bad bank");
    assert_eq!(e.get("bank_bin"), Some("err-vietqr-bin"));
    assert_eq!(e.get("account_number"), Some("err-vietqr-account"));
    f.bank_bin = "970436".into();
    f.account_number = "0011001932418".into();
    let m = f.parse(&known).expect("valid");
    assert_eq!(m.kind, MerchantKind::Household);
    assert_eq!(m.phone.as_deref(), Some("0912345678"));
    assert!(m.methods.any() && m.methods.bank_qr);
    f.phone = "12345".into();
    assert_eq!(
        f.parse(&known).expect_err("phone").get("phone"),
        Some("err-phone")
    );
}

#[test]
fn an_import_is_all_or_nothing_with_errors_by_row_and_column() {
    let bank = |c: &str| match fold_key(c).as_str() {
        "970436" | "vcb" | "vietcombank" => Some("970436".to_string()),
        _ => None,
    };
    let street = |s: &str| fold_key(s) == "pho_le_loi";
    let header = row(&[
        "Tên cơ sở",
        "Loại hình",
        "Địa chỉ",
        "Tuyến phố",
        "QR ngân hàng",
        "Ngân hàng",
        "Số tài khoản",
        "Chủ tài khoản",
    ]);
    let good = vec![
        header.clone(),
        row(&[
            "Bún cá Bà Hoa",
            "Hộ kinh doanh",
            "12 Lê Lợi",
            "Phố Lê Lợi",
            "x",
            "Vietcombank",
            "0011001932418",
            "NGUYEN THI HOA",
        ]),
        row(&["", "", "", "", "", "", "", ""]),
        row(&[
            "Cà phê Mộc",
            "Doanh nghiệp",
            "14 Lê Lợi",
            "phố lê lợi",
            "",
            "",
            "",
            "",
        ]),
    ];
    let parsed = parse_merchant_import(&good, &bank, &street, &[]).expect("valid");
    assert_eq!(parsed.len(), 2);
    assert_eq!(parsed[0].data.bank_bin.as_deref(), Some("970436"));
    assert_eq!(parsed[1].row, 4);
    assert_eq!(parsed[1].data.kind, MerchantKind::Enterprise);

    let bad = vec![
        header.clone(),
        row(&[
            "Bún cá Bà Hoa",
            "",
            "12 Lê Lợi",
            "Phố Lê Lợi",
            "x",
            "999999",
            "0011001932418",
            "NGUYEN THI HOA",
        ]),
        row(&[
            "Bún cá Bà Hoa",
            "",
            "12 Lê Lợi",
            "Phố Lê Lợi",
            "",
            "",
            "",
            "",
        ]),
        row(&[
            "Tiệm vàng",
            "",
            "20 Lê Lợi",
            "Phố Cầu Đất",
            "x",
            "VCB",
            "00110019324AB",
            "TRAN VAN A",
        ]),
    ];
    let errors = parse_merchant_import(&bad, &bank, &street, &[]).expect_err("bad");
    let has = |row: usize, column: &str, key: &str| {
        errors
            .iter()
            .any(|e| e.row == row && e.column == column && e.key == key)
    };
    assert!(has(2, "ngan_hang", "err-vietqr-bin"), "{errors:?}");
    assert!(
        has(3, "ten_co_so", "err-import-merchant-duplicate"),
        "{errors:?}"
    );
    assert!(has(4, "tuyen_pho", "err-import-street"), "{errors:?}");
    assert!(has(4, "so_tai_khoan", "err-vietqr-account"), "{errors:?}");
    assert_eq!(errors.len(), 4, "{errors:?}");
    // A merchant already stored is a duplicate too.
    let errors = parse_merchant_import(
        &good,
        &bank,
        &street,
        &[MerchantForm::identity("Cà phê Mộc", "14 Lê Lợi")],
    )
    .expect_err("stored");
    assert!(
        errors
            .iter()
            .any(|e| e.row == 4 && e.key == "err-import-merchant-duplicate")
    );
    // A missing column.
    let errors = parse_merchant_import(&[row(&["Tên cơ sở", "Địa chỉ"])], &bank, &street, &[])
        .expect_err("column");
    assert_eq!(errors[0].column, "tuyen_pho");
    assert_eq!(errors[0].key, "err-import-column");
}
