use super::*;
use time::macros::date;

fn rows(lines: &[&[&str]]) -> Vec<Vec<String>> {
    lines
        .iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn a_groups_import_is_read_whole_with_vietnamese_headers_and_separators() {
    let r = rows(&[
        &["Danh sách tổ dân phố phường Lạch Tray"],
        &["Mã tổ", "Tên tổ dân phố", "Số hộ", "Số nhân khẩu"],
        &["TDP-01", "Tổ dân phố số 1", "312", "1.250"],
        &["tdp-02", "Tổ dân phố số 2", "", ""],
        &["", "", "", ""],
    ]);
    let groups = parse_group_import(&r, &[]).expect("valid");
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].row, 3);
    assert_eq!(groups[0].data.code, "tdp-01");
    assert_eq!(groups[0].data.population, Some(1250));
    assert_eq!(groups[1].data.households, None, "missing is not zero");
}

#[test]
fn every_bad_row_of_a_groups_import_is_named_and_nothing_is_kept() {
    let r = rows(&[
        &["ma_to", "ten_to", "so_ho", "so_nhan_khau"],
        &["tdp-01", "Tổ 1", "mười hai", "10"],
        &["tdp-02", "", "-3", "10"],
        &["tdp-01", "Tổ 1 lặp", "1", "1"],
        &["tdp 03", "Tổ 3", "1", "1"],
        &["tdp-09", "Tổ 9", "1", "1"],
    ]);
    let errors = parse_group_import(&r, &["tdp-09".to_string()]).expect_err("refused");
    let got: Vec<_> = errors.iter().map(|e| (e.row, e.column, e.key)).collect();
    assert_eq!(
        got,
        [
            (2, "so_ho", "err-count"),
            (3, "ten_to", "err-required"),
            (3, "so_ho", "err-count"),
            (4, "ma_to", "err-group-code-taken"),
            (5, "ma_to", "err-group-code"),
            (6, "ma_to", "err-group-code-taken"),
        ]
    );
    let no_header = parse_group_import(&rows(&[&["a", "b"]]), &[]).expect_err("columns");
    assert_eq!(no_header[0].key, "err-import-column");
}

#[test]
fn a_merged_team_names_its_successor_and_a_published_phone_is_a_vietnamese_number() {
    let mut f = TeamForm {
        group_id: "3".into(),
        name: "Tổ CNSCĐ tổ dân phố số 1".into(),
        status: "merged".into(),
        contact_phone: "0912 345 678".into(),
        ..TeamForm::default()
    };
    let e = f.parse().expect_err("no successor");
    assert_eq!(e.get("successor_id"), Some("err-team-successor"));
    f.successor_id = "7".into();
    let t = f.parse().expect("valid");
    assert_eq!(t.contact_phone.as_deref(), Some("0912345678"));
    assert_eq!(t.successor_id, Some(TeamId(7)));
    assert_eq!(TeamForm::from_data(&t).parse().expect("again"), t);
    f.contact_phone = "12345".into();
    f.group_id = String::new();
    let e = f.parse().expect_err("bad");
    assert_eq!(e.get("contact_phone"), Some("err-phone"));
    assert_eq!(e.get("group_id"), Some("err-required"));
}

#[test]
fn a_member_leaves_after_joining_and_trains_on_a_known_platform() {
    let f = MemberForm {
        name: "Nguyễn Văn An (mẫu)".into(),
        role: "leader".into(),
        joined_on: "01/03/2025".into(),
        left_on: "01/02/2025".into(),
        platform: "moodle".into(),
        ..MemberForm::default()
    };
    let e = f.parse().expect_err("bad");
    assert_eq!(e.get("left_on"), Some("err-date-order"));
    assert_eq!(e.get("platform"), Some("err-choice"));
    let ok = MemberForm {
        left_on: String::new(),
        platform: "onetouch".into(),
        ..f
    }
    .parse()
    .expect("valid");
    assert_eq!(ok.joined_on, Some(date!(2025 - 03 - 01)));
    assert_eq!(ok.platform, Some(Platform::OneTouch));
    assert_eq!(MemberForm::from_data(&ok).parse().expect("again"), ok);
}

#[test]
fn a_search_key_matches_words_typed_without_accents() {
    let key = search_key(&["Tổ dân phố Đông Khê 2", "Phường Đông Khê"]);
    assert!(key.contains("dong_khe"));
}
