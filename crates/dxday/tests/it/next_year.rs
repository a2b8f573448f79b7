//! A new year from the last one: the office prepares next year's campaign from the
//! 2024 one in one action; tasks, report forms, frames and kit come along as drafts,
//! numbers and registers start anew.

use dxday_domain::campaign::CampaignForm;
use dxday_domain::dates::today_in_vietnam;
use dxday_domain::kit::{AssetCategory, AssetData};
use dxday_store::{campaigns, frames, kit};

use crate::helpers::{TestApp, header};
use crate::on_both_backends;

fn fields(form: &CampaignForm) -> Vec<(String, String)> {
    let serde_json::Value::Object(map) = serde_json::to_value(form).expect("json") else {
        panic!("a form is an object")
    };
    map.into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
        .collect()
}

async fn the_office_prepares_next_year_from_the_last_in_one_action(app: TestApp) {
    let source = campaigns::list(&app.db).await.expect("campaigns")[0].clone();
    let s = source.id.0;
    let video = AssetData {
        title: "Video Ngày Chuyển đổi số 2024".into(),
        category: AssetCategory::Video,
        usage_notes: None,
        display_from: source.data.display_from,
        display_to: source.data.display_to,
        external_url: Some("https://dx.gov.vn/video-2024".into()),
    };
    kit::insert(&app.db, None, source.id, &video, None)
        .await
        .expect("asset");
    let old_frame = frames::for_campaign(&app.db, source.id, false)
        .await
        .expect("frames");
    let (documents, tasks) = (
        app.count("documents").await,
        app.count(&format!("tasks WHERE campaign_id = {s}")).await,
    );
    let office = app.office().await;
    let path = format!("/quan-tri/chien-dich/{s}/nam-moi");

    // The campaign's page leads to it; the form proposes the year live or next today,
    // with the title's year and every date moved.
    let (_, page) = app.get(&office, &format!("/quan-tri/chien-dich/{s}")).await;
    assert!(page.contains(&path), "a way to prepare next year");
    let (status, html) = app.get(&office, &path).await;
    assert_eq!(status, 200);
    let year = source
        .data
        .live_or_next_year(today_in_vietnam(time::OffsetDateTime::now_utc()));
    assert!(html.contains(&format!("value=\"Ngày Chuyển đổi số quốc gia năm {year}\"")));
    assert!(
        html.contains(&format!("value=\"{year}-10-10\"")),
        "the day moved"
    );
    assert!(html.contains("Chuẩn bị chiến dịch năm mới"));

    // A ward may not.
    let ward = app.ward().await;
    assert_eq!(app.get(&ward, &path).await.0, 403);

    // An error shows the form again with nothing made.
    let mut form = CampaignForm::from_data(&source.data.for_year(2030));
    form.theme = String::new();
    let pairs = fields(&form);
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = app.submit(&office, &path, &refs).await;
    assert_eq!(res.status().as_u16(), 422);
    assert_eq!(app.count("campaigns").await, 1);

    // 2030 with its own theme.
    form.theme = "Chủ đề của năm 2030".into();
    let pairs = fields(&form);
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let res = app.submit(&office, &path, &refs).await;
    assert_eq!(res.status().as_u16(), 303);
    let location = header(&res, "location").to_string();
    let (_, html) = app.get(&office, &location).await;
    assert!(html.contains("Đã chuẩn bị chiến dịch năm mới"), "{html}");
    let new: i64 = location
        .rsplit('/')
        .next()
        .expect("id")
        .parse()
        .expect("id");
    let made = campaigns::get(&app.db, dxday_domain::CampaignId(new))
        .await
        .expect("get")
        .expect("made");
    assert_eq!(made.data.year, 2030);
    assert_eq!(made.data.theme, "Chủ đề của năm 2030");
    assert_eq!(made.data.legal_basis, source.data.legal_basis);

    // The plan: every task and assignment, not started, six years later, without the
    // 2024 directive as source; documents start anew.
    let of_new = |t: &str| format!("{t} WHERE campaign_id = {new}");
    assert_eq!(app.count(&of_new("tasks")).await, tasks);
    assert!(tasks >= 9, "the seed's tasks");
    assert_eq!(
        app.count(&format!(
            "{} AND source_document_id IS NULL AND progress = 0",
            of_new("tasks")
        ))
        .await,
        tasks
    );
    assert_eq!(
        app.count(&format!("{} AND due_on LIKE '2030-%'", of_new("tasks")))
            .await,
        app.count(&format!(
            "tasks WHERE campaign_id = {s} AND due_on LIKE '2024-%'"
        ))
        .await
    );
    let assignments = |c: i64| {
        format!("task_assignments a JOIN tasks t ON t.id = a.task_id WHERE t.campaign_id = {c}")
    };
    assert_eq!(
        app.count(&assignments(new)).await,
        app.count(&assignments(s)).await
    );
    assert_eq!(app.count("documents").await, documents);

    // The report form is a draft: the ward does not see it until the office sends it.
    let request: i64 = sqlx::query_scalar::<sqlx::Any, i64>(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM report_requests WHERE campaign_id = {new}"
    )))
    .fetch_one(app.db.pool())
    .await
    .expect("a copied request");
    let title: String = sqlx::query_scalar::<sqlx::Any, String>(sqlx::AssertSqlSafe(format!(
        "SELECT title FROM report_requests WHERE id = {request}"
    )))
    .fetch_one(app.db.pool())
    .await
    .expect("title");
    assert!(title.ends_with("năm 2030"), "{title}");
    let report = format!("/quan-tri/bao-cao/{request}");
    assert_eq!(app.get(&ward, &report).await.0, 404, "a draft");
    let (_, list) = app.get(&ward, "/quan-tri/bao-cao").await;
    assert!(!list.contains(&report), "not in the ward's list");
    let (_, html) = app.get(&office, &report).await;
    assert!(html.contains("Bản nháp") && html.contains("Gửi cho các đơn vị"));
    let send = format!("{report}/gui");
    let res = app.post_form(&office, &report, &send, &[]).await;
    assert_eq!(res.status().as_u16(), 303);
    assert_eq!(app.get(&ward, &report).await.0, 200, "sent");
    let res = app.post_form(&office, &report, &send, &[]).await;
    assert_eq!(res.status().as_u16(), 404, "already sent");

    // The built-in frame is drawn again with the new year; the kit comes hidden.
    let new_frames = frames::for_campaign(&app.db, made.id, true)
        .await
        .expect("frames");
    assert_eq!(new_frames.len(), old_frame.len());
    assert_ne!(new_frames[0].sha256, old_frame[0].sha256, "drawn for 2030");
    let assets = kit::list(&app.db, made.id, true).await.expect("kit");
    assert_eq!(assets.len(), 1);
    assert!(assets[0].archived && assets[0].data.title.ends_with("2030"));
    assert_eq!(app.audit_count("campaign.prepare").await, 1);
}
on_both_backends!(
    the_office_prepares_next_year_from_the_last_in_one_action,
    app
);
