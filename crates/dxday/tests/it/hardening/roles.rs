use super::*;
use crate::helpers::{TestApp, header, ok};

/// Point 16: a community team member could set task progress and confirm documents for
/// its unit. Only the unit's focal point (and the office) act for a unit.
async fn community_team_members_do_not_act_for_their_unit(app: TestApp) {
    let team = app
        .logged_in(
            "to-cns@maychai.vn",
            Role::CommunityTeamMember,
            Some("p-may-chai"),
        )
        .await;
    let unit = app.unit_id("p-may-chai").await;
    let task: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT MIN(task_id) FROM task_assignments WHERE unit_id = $1",
    )
    .bind(unit)
    .fetch_one(app.db.pool())
    .await
    .expect("a task of the ward");
    let progress = || async {
        sqlx::query_scalar::<sqlx::Any, i64>(
            "SELECT progress FROM task_assignments WHERE task_id = $1 AND unit_id = $2",
        )
        .bind(task)
        .bind(unit)
        .fetch_one(app.db.pool())
        .await
        .expect("progress")
    };
    let before = progress().await;
    let (_, html) = app.get(&team, "/quan-tri").await;
    let token = csrf_of(&html);
    assert_eq!(
        crate::helpers::status_of(
            team.post(app.url(&format!("/quan-tri/nhiem-vu/{task}/tien-do")))
                .form(&[("_csrf", token.as_str()), ("progress", "90")])
        )
        .await,
        403
    );
    assert_eq!(progress().await, before);
    let doc: i64 = sqlx::query_scalar::<sqlx::Any, i64>(
        "SELECT MIN(document_id) FROM document_recipients WHERE unit_id = $1",
    )
    .bind(unit)
    .fetch_one(app.db.pool())
    .await
    .expect("a document for the ward");
    assert_eq!(
        crate::helpers::status_of(
            team.post(app.url(&format!("/quan-tri/van-ban/{doc}/da-nhan")))
                .form(&[("_csrf", token.as_str())])
        )
        .await,
        403
    );
    let acknowledged: Option<String> = sqlx::query_scalar::<sqlx::Any, Option<String>>(
        "SELECT acknowledged_at FROM document_recipients WHERE document_id = $1 AND unit_id = $2",
    )
    .bind(doc)
    .bind(unit)
    .fetch_one(app.db.pool())
    .await
    .expect("row");
    assert_eq!(acknowledged, None);
    // The focal point of the same ward may do both.
    let ward = app.ward().await;
    let (_, html) = app.get(&ward, "/quan-tri").await;
    let token = csrf_of(&html);
    assert_eq!(
        crate::helpers::status_of(
            ward.post(app.url(&format!("/quan-tri/nhiem-vu/{task}/tien-do")))
                .form(&[("_csrf", token.as_str()), ("progress", "90")])
        )
        .await,
        303
    );
    assert_eq!(progress().await, 90);
    // Streets, reports, display evidence and bulk framing refuse it too.
    for page in [
        "/quan-tri/tuyen-pho",
        "/quan-tri/ghep-khung-hang-loat",
        "/quan-tri/hien-thi/1",
    ] {
        assert_eq!(app.get(&team, page).await.0, 403, "{page}");
    }
}
on_both_backends!(community_team_members_do_not_act_for_their_unit, app);

/// Point 10: SVGs with an XHTML root, `url(https://…)` paints and filters, CSS escapes
/// and `<?xml-stylesheet?>` passed, and the preview followed a meta refresh. Now such
/// files are refused or stored as usvg writes them again, previews are PNG, and the
/// file is served as an attachment under a sandbox.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kit_svgs_never_run_fetch_or_navigate() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let office = app.office().await;
    let refused = [
        r#"<html xmlns="http://www.w3.org/1999/xhtml"><svg xmlns="http://www.w3.org/2000/svg"/><meta http-equiv="refresh" content="0;url=https://evil.example"/></html>"#,
        r#"<?xml-stylesheet href="https://evil.example/s.css"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#,
    ];
    for svg in refused {
        let (status, body) = crate::kit_web::upload(
            &app,
            &office,
            &[("title", "Logo"), ("category", "logo")],
            Some(("logo.svg", svg.as_bytes().to_vec())),
        )
        .await;
        assert_eq!(status, 422, "{svg}: {body}");
    }
    let cleaned = [
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><rect width="40" height="40" fill="url(https://evil.example/x)" filter="url(https://evil.example/f)"/></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40"><style>rect { fill: \75rl(https://evil.example/x) }</style><rect width="40" height="40"/></svg>"#,
        r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:h="http://www.w3.org/1999/xhtml" width="40" height="40"><h:meta http-equiv="refresh" content="0;url=https://evil.example"/><rect width="40" height="40"/></svg>"#,
    ];
    for (i, svg) in cleaned.iter().enumerate() {
        let title = format!("Logo {i}");
        let (status, body) = crate::kit_web::upload(
            &app,
            &office,
            &[("title", title.as_str()), ("category", "logo")],
            Some(("logo.svg", svg.as_bytes().to_vec())),
        )
        .await;
        assert_eq!(status, 303, "{svg}: {body}");
    }
    let ids: Vec<i64> = sqlx::query_scalar::<sqlx::Any, i64>("SELECT id FROM kit_assets")
        .fetch_all(app.db.pool())
        .await
        .expect("ids");
    assert_eq!(ids.len(), 3);
    let c = client();
    for id in ids {
        let res = ok(c.get(app.url(&format!("/bo-nhan-dien/{id}/tai-ve")))).await;
        assert_eq!(
            res.headers()["content-security-policy"],
            "sandbox; default-src 'none'"
        );
        assert!(header(&res, "content-disposition").starts_with("attachment"));
        let body = res.text().await.expect("svg");
        assert!(body.starts_with("<svg"), "{body}");
        for bad in ["evil", "meta", "style", "\\75"] {
            assert!(!body.contains(bad), "{bad} in {body}");
        }
    }
    // Previews are PNG images drawn by resvg.
    let (_, page) = app.get(&c, "/bo-nhan-dien").await;
    let previews: Vec<&str> = page
        .split("<img src=\"/bo-nhan-dien/xem/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    assert_eq!(previews.len(), 3, "{page}");
    for p in previews {
        assert!(p.ends_with(".png"), "{p}");
        let res = c
            .get(app.url(&format!("/bo-nhan-dien/xem/{p}")))
            .send()
            .await
            .expect("preview");
        assert_eq!(res.headers()["content-type"], "image/png");
        assert_eq!(
            res.headers()["content-security-policy"],
            "sandbox; default-src 'none'"
        );
        image::load_from_memory(&res.bytes().await.expect("png")).expect("a PNG");
    }
}
