//! The office's dashboard counts what waits for it, each a link to its list, on both
//! databases: deliveries not confirmed (one fewer when a ward confirms), nominations
//! sent; a ward's dashboard has no such list.

use dxday_domain::honours::Step;
use dxday_store::honours as h;
use time::macros::date;

use crate::helpers::{TestApp, scoped, system};
use crate::on_both_backends;

fn count_in(html: &str, id: &str) -> Option<i64> {
    let marker = format!("id=\"{id}\"");
    let at = html.find(&marker)?;
    let rest = &html[at..];
    let start = rest.find('>')? + 1;
    let end = rest.find('<')?;
    rest[start..end].trim().parse().ok()
}

async fn the_office_sees_what_waits_for_it(app: TestApp) {
    dxday_app::honours::demo::load(&app.db, system())
        .await
        .expect("honours demo");
    let office = app.office().await;
    let unconfirmed: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT COUNT(*) FROM document_recipients dr JOIN documents d ON d.id = dr.document_id
         WHERE d.status = 'issued' AND dr.acknowledged_at IS NULL",
    )
    .fetch_one(app.db.pool())
    .await
    .expect("count");
    assert!(unconfirmed > 0, "the seed dispatch waits for its units");
    let (status, html) = app.get(&office, "/quan-tri").await;
    assert_eq!(status, 200);
    assert_eq!(count_in(&html, "inbox-unconfirmed"), Some(unconfirmed));
    assert_eq!(
        count_in(&html, "inbox-nominations"),
        None,
        "nothing sent yet"
    );
    assert!(html.contains("href=\"/quan-tri/van-ban\""));

    // A ward confirms the dispatch: one fewer.
    let ward = app.ward().await;
    let seed = dxday_store::documents::find_by_number(&app.db, 1, "VHTT", 2024)
        .await
        .expect("db")
        .expect("seed");
    let page = format!("/quan-tri/van-ban/{}", seed.id);
    let res = app
        .post_form(&ward, &page, &format!("{page}/da-nhan"), &[])
        .await;
    assert_eq!(res.status().as_u16(), 303);
    let (_, html) = app.get(&office, "/quan-tri").await;
    assert_eq!(count_in(&html, "inbox-unconfirmed"), Some(unconfirmed - 1));

    // A nomination sent: counted until the office takes it in.
    let unit = scoped(dxday_domain::UnitId(app.unit_id("p-le-loi").await));
    let mut n = dxday_domain::honours::NominationForm {
        recipient: "person".into(),
        name: "Hà Văn Sơn".into(),
        work_unit: "Ủy ban nhân dân phường Lê Lợi".into(),
        award_type: "giay_khen".into(),
        citation: "Đã có thành tích".into(),
        ..Default::default()
    }
    .parse()
    .expect("form");
    n.staff_code = None;
    let id = h::insert_nomination(
        &app.db,
        None,
        unit,
        dxday_domain::MovementId(1),
        date!(2024 - 10 - 15),
        &n,
    )
    .await
    .expect("db")
    .expect("nominated");
    h::move_nomination(&app.db, None, system(), id, Step::Submit, None)
        .await
        .expect("db")
        .expect("sent");
    let (_, html) = app.get(&office, "/quan-tri").await;
    assert_eq!(count_in(&html, "inbox-nominations"), Some(1));
    assert_eq!(
        count_in(&html, "inbox-decisions"),
        None,
        "the demo's decision is signed"
    );

    // A ward's dashboard lists its own inbox, not the office's.
    let (_, html) = app.get(&ward, "/quan-tri").await;
    assert!(!html.contains("dash-inbox"));
}
on_both_backends!(the_office_sees_what_waits_for_it, app);

/// Fixes seen on the admin pages: sub-tasks are indented by a class (the site's CSP
/// blocks inline styles), and the frame and kit forms name their own title.
async fn admin_pages_indent_by_class_and_label_their_titles(app: TestApp) {
    let office = app.office().await;
    let (status, tasks) = app.get(&office, "/quan-tri/nhiem-vu").await;
    assert_eq!(status, 200);
    assert!(!tasks.contains(" style=\""), "no inline style");
    assert!(
        tasks.contains("class=\"depth-1\""),
        "sub-tasks are indented"
    );
    let (_, frames) = app.get(&office, "/quan-tri/khung-anh").await;
    assert!(frames.contains("Tên khung ảnh") && !frames.contains("Tên chiến dịch"));
    let (_, kit) = app.get(&office, "/quan-tri/bo-nhan-dien").await;
    assert!(kit.contains("Tên tài liệu") && !kit.contains("Tên chiến dịch"));
}
on_both_backends!(admin_pages_indent_by_class_and_label_their_titles, app);

/// The rows of the documents list.
fn doc_rows(html: &str) -> usize {
    html.split("<tbody>").nth(1).map_or(0, |b| {
        b.split("</tbody>")
            .next()
            .unwrap_or("")
            .matches("<tr")
            .count()
    })
}

/// Each role's dashboard counts its own waiting work, and each count leads to the list
/// filtered to exactly that work: the office (staff and leader) the deliveries not
/// confirmed; a ward and a school the documents they have not confirmed; a team
/// member has no office inbox.
async fn each_role_sees_its_own_to_do(app: TestApp) {
    let count = async |sql: &str| -> i64 {
        sqlx::query_scalar::<sqlx::Any, i64>(sqlx::AssertSqlSafe(sql.to_string()))
            .fetch_one(app.db.pool())
            .await
            .expect("count")
    };
    let unconfirmed = count(
        "SELECT COUNT(*) FROM document_recipients dr JOIN documents d ON d.id = dr.document_id
         WHERE d.status = 'issued' AND dr.acknowledged_at IS NULL",
    )
    .await;
    let docs_unconfirmed = count(
        "SELECT COUNT(DISTINCT d.id) FROM document_recipients dr JOIN documents d ON d.id = dr.document_id
         WHERE d.status = 'issued' AND dr.acknowledged_at IS NULL",
    )
    .await;
    let leader = app
        .logged_in(
            "truong-phong@vhtt.gov.vn",
            dxday_domain::Role::OfficeLeader,
            Some("vhtt"),
        )
        .await;
    for office in [app.office().await, leader] {
        let (_, html) = app.get(&office, "/quan-tri").await;
        assert_eq!(count_in(&html, "inbox-unconfirmed"), Some(unconfirmed));
        assert!(html.contains("href=\"/quan-tri/van-ban?tinh-trang=chua-nhan\""));
        let (_, list) = app
            .get(&office, "/quan-tri/van-ban?tinh-trang=chua-nhan")
            .await;
        assert_eq!(doc_rows(&list) as i64, docs_unconfirmed, "{list}");
    }
    for (code, c) in [
        ("p-may-chai", app.ward().await),
        ("th-mau", app.school().await),
    ] {
        let mine = count(&format!(
            "SELECT COUNT(*) FROM document_recipients dr JOIN documents d ON d.id = dr.document_id
             JOIN units u ON u.id = dr.unit_id
             WHERE d.status = 'issued' AND dr.acknowledged_at IS NULL AND u.code = '{code}'"
        ))
        .await;
        assert!(mine > 0, "{code} has the seed dispatch to confirm");
        let (_, html) = app.get(&c, "/quan-tri").await;
        assert!(!html.contains("dash-inbox"), "{code} has no office inbox");
        assert_eq!(count_in(&html, "unread"), Some(mine), "{code}");
        let (_, list) = app.get(&c, "/quan-tri/van-ban?tinh-trang=chua-nhan").await;
        assert_eq!(doc_rows(&list) as i64, mine, "{code}: {list}");
        // Its overdue tasks, counted on the dashboard, are the list filtered to them.
        let late: usize = html
            .split("id=\"dash-tasks\"")
            .nth(1)
            .and_then(|card| card.split("class=\"late-text\">").nth(1))
            .and_then(|n| n.split('<').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        let (_, tasks) = app.get(&c, "/quan-tri/nhiem-vu?tinh-trang=qua-han").await;
        assert_eq!(
            tasks.matches("<li class=\"card\" id=\"task-").count(),
            late,
            "{code}"
        );
    }
    let member = app
        .logged_in(
            "thanh-vien@maychai.vn",
            dxday_domain::Role::CommunityTeamMember,
            Some("p-may-chai"),
        )
        .await;
    let (status, html) = app.get(&member, "/quan-tri").await;
    assert_eq!(status, 200);
    assert!(
        !html.contains("dash-inbox"),
        "a team member has no office inbox"
    );
}
on_both_backends!(each_role_sees_its_own_to_do, app);
