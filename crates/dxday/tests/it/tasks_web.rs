//! Tasks over HTTP: a ward reports progress on its own assignment; the office's tree
//! follows; another unit's task answers 404; bad progress gets a message.

use crate::helpers::ok_bytes;
use crate::helpers::{Backend, TestApp, csrf_of, spawn_app, value_before};
use crate::on_both_backends;

on_both_backends!(a_ward_reports_progress_and_the_office_tree_follows, app);
async fn a_ward_reports_progress_and_the_office_tree_follows(app: TestApp) {
    let office = app.office().await;
    let ward = app.ward().await;
    let school = app.school().await;
    let (status, html) = app.get(&ward, "/quan-tri/nhiem-vu").await;
    assert_eq!(status, 200);
    assert!(html.contains("Tháng 10 - Tháng tiêu dùng số"), "{html}");
    assert_eq!(html.matches("class=\"card\" id=\"task-").count(), 8);
    // The consumption-month task: the ward's, not the school's.
    let id = value_before(&html, "id=\"task-", "Tháng tiêu dùng số");
    let csrf = csrf_of(&html);
    let post = |c: &reqwest::Client, fields: Vec<(&'static str, String)>| {
        let url = app.url(&format!("/quan-tri/nhiem-vu/{id}/tien-do"));
        let c = c.clone();
        async move { c.post(url).form(&fields).send().await.expect("post") }
    };
    let res = post(
        &ward,
        vec![("_csrf", csrf.clone()), ("progress", "150".into())],
    )
    .await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(res, "Tiến độ là số từ 0 đến 100.").await;
    let res = post(
        &ward,
        vec![("_csrf", csrf.clone()), ("progress", "60".into())],
    )
    .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&ward, "/quan-tri/nhiem-vu").await;
    assert!(html.contains("value=\"60\""));
    // The office's tree: the task is the average of its 12 wards (60 / 12 = 5), and its
    // parent "Tổ chức các hoạt động" moved too.
    let (_, tree) = app.get(&office, "/quan-tri/nhiem-vu").await;
    let row = tree
        .split("<tr>")
        .skip(1)
        .find(|r| r.contains("Tháng tiêu dùng số"))
        .expect("row");
    assert!(row.contains("value=\"5\""), "{row}");
    let parent = tree
        .split("<tr>")
        .find(|r| r.contains("Tổ chức các hoạt động hưởng ứng"))
        .expect("parent row");
    assert!(
        parent.contains("value=\"1\""),
        "(5 + 0·5) / 6 rounds to 1: {parent}"
    );
    // The overview: the ward's row, its late cells (the demo's dates are past), its
    // average over its 8 assignments (60 / 8 = 7.5 → 8), the late list.
    let (status, overview) = app.get(&office, "/quan-tri/nhiem-vu/tong-hop").await;
    assert_eq!(status, 200);
    let row = overview
        .split("<tr>")
        .find(|r| {
            r.starts_with("<th scope=\"row\">Ủy ban nhân dân phường Máy Chai") && r.contains("cell")
        })
        .expect("the ward's row");
    assert!(row.contains("<td class=\"cell late\">60</td>"), "{row}");
    assert!(row.contains("<td>8 %</td>"), "{row}");
    assert!(
        overview.contains("<th scope=\"row\">Ủy ban nhân dân phường Máy Chai</th><td class=\"bar\"><progress max=\"100\" value=\"8\">")
    );
    assert!(overview.contains("id=\"late\""));
    // Late work is grouped by unit, and each unit's row counts its own.
    assert!(row.contains("<strong class=\"late-text\">"), "{row}");
    assert!(overview.contains("<summary><strong>Ủy ban nhân dân phường Máy Chai</strong>:"));
    assert_eq!(app.get(&ward, "/quan-tri/nhiem-vu/tong-hop").await.0, 403);
    // A school is not assigned this task: 404, nothing changed.
    let (_, html) = app.get(&school, "/quan-tri/nhiem-vu").await;
    let res = post(
        &school,
        vec![("_csrf", csrf_of(&html)), ("progress", "100".into())],
    )
    .await;
    assert_eq!(res.status().as_u16(), 404);
    let (_, tree) = app.get(&office, "/quan-tri/nhiem-vu").await;
    assert!(
        tree.split("<tr>")
            .skip(1)
            .find(|r| r.contains("Tháng tiêu dùng số"))
            .expect("row")
            .contains("value=\"5\"")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_office_creates_a_task_for_the_wards_and_bad_input_is_named() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let office = app.office().await;
    let ward = app.focal_point("p-lac-vien").await;
    let (status, html) = app.get(&office, "/quan-tri/nhiem-vu/moi").await;
    assert_eq!(status, 200);
    let csrf = csrf_of(&html);
    let culture = app.unit_id("ttvh").await.to_string();
    let send = |fields: Vec<(&'static str, String)>| {
        let c = office.clone();
        let url = app.url("/quan-tri/nhiem-vu/moi");
        async move { c.post(url).form(&fields).send().await.expect("post") }
    };
    let base = |due: &str| {
        vec![
            ("_csrf", csrf.clone()),
            (
                "title",
                "Hỗ trợ người dân kích hoạt tài khoản VNeID".to_string(),
            ),
            ("activity", "community_teams".to_string()),
            ("starts_on", "01/10/2024".to_string()),
            ("due_on", due.to_string()),
            ("lead_group", "ward".to_string()),
            ("support", culture.clone()),
        ]
    };
    let res = send(base("01/09/2024")).await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(res, "Ngày kết thúc phải sau ngày bắt đầu.").await;
    let res = send(base("31/10/2024")).await;
    assert_eq!(res.status().as_u16(), 303);
    // Every ward leads it now; the culture centre supports.
    let (_, html) = app.get(&ward, "/quan-tri/nhiem-vu").await;
    assert!(
        html.contains("Hỗ trợ người dân kích hoạt tài khoản VNeID") && html.contains("Chủ trì")
    );
    // Focal points do not create tasks.
    assert_eq!(app.get(&ward, "/quan-tri/nhiem-vu/moi").await.0, 403);
}

on_both_backends!(an_import_is_all_or_nothing_and_an_export_imports_back, app);
async fn an_import_is_all_or_nothing_and_an_export_imports_back(app: TestApp) {
    let office = app.office().await;
    let campaign = dxday_store::campaigns::list(&app.db).await.expect("c")[0].id;
    let count = || async {
        dxday_store::tasks::for_campaign(&app.db, campaign)
            .await
            .expect("tasks")
            .len()
    };
    let before = count().await;
    let upload = |name: &'static str, bytes: Vec<u8>| {
        let c = office.clone();
        let app_url = app.url("/quan-tri/nhiem-vu/nhap");
        let page = app.url("/quan-tri/nhiem-vu");
        async move {
            let html = c
                .get(page)
                .send()
                .await
                .expect("get")
                .text()
                .await
                .expect("html");
            let form = reqwest::multipart::Form::new()
                .text("_csrf", csrf_of(&html))
                .part(
                    "file",
                    reqwest::multipart::Part::bytes(bytes).file_name(name),
                );
            c.post(app_url).multipart(form).send().await.expect("post")
        }
    };
    // 500 rows, one of them (row 301) with a unit code that does not exist, another
    // (row 402) with a due date before its start.
    let mut csv =
        String::from("\u{feff}ma;nhiem_vu;hoat_dong;thuoc;bat_dau;han;trong_so;chu_tri;phoi_hop\n");
    for i in 1..=500 {
        let unit = if i == 300 { "p-khong-co" } else { "p-may-chai" };
        let due = if i == 401 { "01/09/2024" } else { "31/10/2024" };
        let parent = if i > 1 { "1" } else { "" };
        csv.push_str(&format!(
            "{i};Nhiệm vụ số {i};plan_task;{parent};01/10/2024;{due};;{unit};ttvh\n"
        ));
    }
    let res = upload("nhiem-vu.csv", csv.into_bytes()).await;
    assert_eq!(res.status().as_u16(), 422);
    let html = res.text().await.expect("body");
    assert!(
        html.contains("<td>402</td><td>han</td><td>Ngày kết thúc phải sau ngày bắt đầu.</td>"),
        "{html}"
    );
    assert_eq!(count().await, before, "nothing imported");
    // Fix the date: now only the unknown unit is left, found by the store.
    let mut csv = String::from("ma,nhiem_vu,hoat_dong,chu_tri\n");
    for i in 1..=500 {
        let unit = if i == 300 { "p-khong-co" } else { "p-may-chai" };
        csv.push_str(&format!("{i},Nhiệm vụ số {i},plan_task,{unit}\n"));
    }
    let res = upload("nhiem-vu.csv", csv.clone().into_bytes()).await;
    assert_eq!(res.status().as_u16(), 422);
    crate::helpers::says(
        res,
        "<td>301</td><td>chu_tri</td><td>Không có đơn vị nào có mã này.</td>",
    )
    .await;
    assert_eq!(count().await, before, "nothing imported");
    let good = csv.replace("p-khong-co", "p-may-to");
    let res = upload("nhiem-vu.csv", good.into_bytes()).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(count().await, before + 500);
    // The export (XLSX, the import's columns) imports back as a copy of the tree.
    let xlsx = ok_bytes(office.get(app.url("/quan-tri/nhiem-vu.xlsx"))).await;
    let rows = dxday_media::table::read(&xlsx).expect("readable");
    assert!(rows.iter().any(|r| {
        r.iter()
            .any(|c| c == "Tổ chức các hoạt động hưởng ứng Ngày Chuyển đổi số")
    }));
    let res = upload("nhiem-vu.xlsx", xlsx).await;
    assert_eq!(
        res.status().as_u16(),
        303,
        "{}",
        res.text().await.unwrap_or_default()
    );
    assert_eq!(count().await, (before + 500) * 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wards_dashboard_shows_its_deadline_reminders_in_its_language() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let ward = app.ward().await;
    // The demo's tasks ended in October 2024: today they are overdue.
    let today = dxday_domain::dates::today_in_vietnam(time::OffsetDateTime::now_utc());
    let created = dxday_store::reminders::run(&app.db, today)
        .await
        .expect("job");
    assert!(!created.is_empty());
    let (_, html) = app.get(&ward, "/quan-tri").await;
    assert!(
        html.contains("Quá hạn (hạn 10/10/2024): Khuyến khích cán bộ"),
        "{html}"
    );
    let (_, html) = app.get(&ward, "/quan-tri?lang=en").await;
    assert!(html.contains("Overdue (due 10/10/2024)"), "{html}");
}
