//! The admin pages that scale: the audit log read as a person would (local time, who,
//! what, which record, the fields before → after), filtered and paged; the long lists
//! searched without accents, sorted and paged; a refused page keeps the signed-in header.

use dxday_domain::Role;

use crate::helpers::{TestApp, header};
use crate::on_both_backends;

/// The rows of a page's table body.
fn rows(html: &str) -> Vec<&str> {
    html.split("<tbody>")
        .nth(1)
        .unwrap_or("")
        .split("</tbody>")
        .next()
        .unwrap_or("")
        .split("<tr")
        .skip(1)
        .collect()
}

on_both_backends!(the_audit_log_reads_as_a_person_would, app);
async fn the_audit_log_reads_as_a_person_would(app: TestApp) {
    let admin = app
        .logged_in("quan-tri@vhtt.gov.vn", Role::Admin, Some("vhtt"))
        .await;
    let office = app.office().await;
    let parent = app.unit_id("gd-dt").await.to_string();
    let unit = |name: &'static str, staff: &'static str| {
        [
            ("code", "thcs-chu-van-an"),
            ("name", name),
            ("kind", "school"),
            ("parent_id", parent.as_str()),
            ("staff_count", staff),
            ("valid_from", "05/09/2024"),
        ]
    };
    let res = app
        .submit(
            &office,
            "/quan-tri/don-vi/moi",
            &unit("Trường THCS Chu Văn An", "40"),
        )
        .await;
    let location = header(&res, "location").to_string();
    let id = location.rsplit('/').next().expect("id").to_string();
    let res = app
        .submit(
            &office,
            &location,
            &unit("Trường Trung học cơ sở Chu Văn An", "1.250"),
        )
        .await;
    assert_eq!(res.status().as_u16(), 303);

    // The record's history: newest first, in words, with the fields that changed.
    let (status, html) = app
        .get(&admin, &format!("/quan-tri/nhat-ky?loai=unit&ma={id}"))
        .await;
    assert_eq!(status, 200);
    let lines = rows(&html);
    assert_eq!(lines.len(), 2, "{html}");
    assert!(lines[0].contains("Cập nhật · Đơn vị") && lines[1].contains("Tạo · Đơn vị"));
    assert!(
        lines[0].contains("<dt>Tên</dt><dd><del>Trường THCS Chu Văn An</del> → <ins>Trường Trung học cơ sở Chu Văn An</ins></dd>"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("<del>40</del> → <ins>1.250</ins>"),
        "numbers with separators: {}",
        lines[0]
    );
    assert!(
        !lines[0].contains("<dt>Tên viết tắt</dt>") && !lines[0].contains(">code<"),
        "unchanged fields are left out: {}",
        lines[0]
    );
    assert!(
        lines[1].contains("<dd><ins>05/09/2024</ins></dd>"),
        "dates as dd/mm/yyyy: {}",
        lines[1]
    );
    assert!(
        lines[0].contains("Người thử (lan@vhtt.gov.vn)"),
        "who: {}",
        lines[0]
    );
    assert!(
        lines[0].contains(&format!(
            "<a href=\"/quan-tri/don-vi/{id}\">Trường Trung học cơ sở Chu Văn An #{id}</a>"
        )),
        "the record, linked: {}",
        lines[0]
    );
    assert!(
        !html.contains("{&quot;") && !html.contains("[2024,"),
        "no raw JSON"
    );
    // The time is Vietnam's, as dd/mm/yyyy hh:mm.
    let shown = lines[0]
        .split("<time ")
        .nth(1)
        .and_then(|t| t.split('>').nth(1))
        .and_then(|t| t.split('<').next())
        .expect("a time");
    let now = time::OffsetDateTime::now_utc().to_offset(dxday_domain::dates::VIETNAM_OFFSET);
    assert_eq!(
        &shown[..10],
        dxday_domain::dates::format_dmy(now.date()),
        "{shown}"
    );
    assert_eq!(shown.len(), 16, "dd/mm/yyyy hh:mm: {shown}");

    // By person: only Lan's changes; by day: tomorrow has none; a bad filter is ignored.
    let email = dxday_domain::user::Email::parse("lan@vhtt.gov.vn").expect("email");
    let lan = dxday_store::users::find_login(&app.db, &email)
        .await
        .expect("query")
        .expect("Lan")
        .id
        .0;
    let (_, html) = app
        .get(&admin, &format!("/quan-tri/nhat-ky?nguoi={lan}"))
        .await;
    assert_eq!(rows(&html).len(), 2, "{html}");
    assert!(html.contains("Tổng cộng 2 dòng"), "{html}");
    let tomorrow = dxday_domain::dates::format_dmy(now.date().next_day().expect("day"));
    let (_, html) = app
        .get(&admin, &format!("/quan-tri/nhat-ky?tu={tomorrow}"))
        .await;
    assert!(
        html.contains("Không có thay đổi nào khớp bộ lọc."),
        "{html}"
    );
    let today = dxday_domain::dates::format_iso(now.date());
    let (_, html) = app
        .get(
            &admin,
            &format!("/quan-tri/nhat-ky?nguoi={lan}&tu={today}&den={today}"),
        )
        .await;
    assert_eq!(rows(&html).len(), 2);
    let (status, html) = app
        .get(
            &admin,
            "/quan-tri/nhat-ky?ma=abc&tu=32/13/2024&loai=x%27%20OR%201=1&trang=-4",
        )
        .await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Không có thay đổi nào khớp bộ lọc."),
        "an unknown kind finds nothing"
    );

    // Paging: 50 a page, the filters kept in the links (a few accounts more, so that
    // the log surely fills two pages).
    for i in 0..12 {
        app.add_user(
            &format!("can-bo-{i}@vhtt.gov.vn"),
            Role::OfficeStaff,
            Some("vhtt"),
        )
        .await;
    }
    let total = app.count("audit_log").await;
    assert!(
        total > 50,
        "the demo's changes fill more than a page ({total})"
    );
    let (_, html) = app.get(&admin, "/quan-tri/nhat-ky").await;
    assert_eq!(rows(&html).len(), 50);
    assert!(
        html.contains("href=\"/quan-tri/nhat-ky?sap-xep=-id&#38;trang=2\" rel=\"next\""),
        "{html}"
    );
    let (_, page2) = app.get(&admin, "/quan-tri/nhat-ky?trang=2").await;
    assert_eq!(
        rows(&page2).len(),
        usize::try_from(total - 50).unwrap_or(0).min(50)
    );
    assert!(
        page2.contains("Hệ thống"),
        "the demo's changes were made by the system"
    );

    // Office staff may not read it: 403, on a page that still shows who is signed in.
    let (status, html) = app.get(&office, "/quan-tri/nhat-ky").await;
    assert_eq!(status, 403);
    assert!(
        html.contains("Đăng xuất") && html.contains("lan@vhtt.gov.vn"),
        "{html}"
    );
    assert!(
        !html.contains("href=\"/dang-nhap\""),
        "not the logged-out header"
    );
}

on_both_backends!(
    long_lists_search_without_accents_sort_and_keep_their_filters,
    app
);
async fn long_lists_search_without_accents_sort_and_keep_their_filters(app: TestApp) {
    let office = app.office().await;
    // Units: "may chai" finds Máy Chai, not Lạc Viên; sorted by name, descending.
    let (status, html) = app.get(&office, "/quan-tri/don-vi?q=may+chai").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("phường Máy Chai") && !html.contains("phường Lạc Viên"),
        "{html}"
    );
    let (_, html) = app
        .get(&office, "/quan-tri/don-vi?loai=ward&sap-xep=-ten")
        .await;
    let wards = rows(&html);
    assert_eq!(wards.len(), 12, "the demo's 12 wards");
    assert!(html.contains("aria-sort=\"descending\""));
    let names: Vec<String> = wards
        .iter()
        .filter_map(|r| r.split("\">").nth(2)?.split('<').next().map(str::to_string))
        .collect();
    let mut sorted = names.clone();
    sorted.sort_by_key(|n| std::cmp::Reverse(dxday_domain::payment::fold_key(n)));
    assert_eq!(names, sorted);
    assert!(
        html.contains("href=\"/quan-tri/don-vi?loai=ward&#38;sap-xep=ten\""),
        "the sort link keeps the filter: {html}"
    );
    // Documents, tasks, reports, display: searched without accents.
    let (_, html) = app
        .get(&office, "/quan-tri/van-ban?q=tuyen+truyen+trien+khai")
        .await;
    assert!(!rows(&html).is_empty(), "{html}");
    let (_, html) = app
        .get(&office, "/quan-tri/van-ban?q=khong+co+van+ban+nay")
        .await;
    assert!(html.contains("Chưa có văn bản") || rows(&html).is_empty());
    let (_, html) = app
        .get(&office, "/quan-tri/nhiem-vu?q=thang+tieu+dung+so")
        .await;
    let tasks = rows(&html);
    assert!(
        !tasks.is_empty()
            && tasks
                .iter()
                .all(|r| r.contains("Tháng tiêu dùng số") || r.contains("tiêu dùng số")),
        "{html}"
    );
    let (_, html) = app
        .get(&office, "/quan-tri/nhiem-vu?sap-xep=-tien-do")
        .await;
    assert!(html.contains("aria-sort=\"descending\""));
    // The state filters split a list without loss: each row is in exactly one state.
    for (path, states) in [
        (
            "/quan-tri/nhiem-vu",
            &["qua-han", "dang-lam", "chua-bat-dau", "xong"][..],
        ),
        ("/quan-tri/bao-cao", &["nhap", "con-thieu", "du"][..]),
    ] {
        let (_, html) = app.get(&office, path).await;
        let all = rows(&html).len();
        assert!(all > 0, "{path}");
        let mut split = 0;
        for s in states {
            let (status, html) = app.get(&office, &format!("{path}?tinh-trang={s}")).await;
            assert_eq!(status, 200);
            split += rows(&html).len();
        }
        assert_eq!(split, all, "{path}: the states partition the list");
    }
    let (_, html) = app.get(&office, "/quan-tri/hien-thi?q=may+chai").await;
    assert_eq!(rows(&html).len(), 1, "{html}");
    // A ward's search never reaches another ward's records.
    let ward = app.ward().await;
    let (_, html) = app.get(&ward, "/quan-tri/don-vi?q=lac+vien").await;
    assert!(!html.contains("Lạc Viên"), "{html}");
}
