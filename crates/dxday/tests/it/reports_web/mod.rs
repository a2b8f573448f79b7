//! Reports over HTTP: the office asks two wards for a report; a ward saves a draft
//! with evidence, submits, is returned with a comment, resubmits, a leader approves;
//! a later edit answers 409; the consolidated XLSX and DOCX open in LibreOffice; every
//! handler answers 404 (or 403) to units it does not concern.

use dxday_domain::RequestId;
use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use dxday_domain::{Role, UnitId};
use dxday_store::reports;
use reqwest::multipart::{Form, Part};

use crate::helpers::{Backend, TestApp, csrf_of, header, spawn_app};
use crate::on_both_backends;

mod access;
mod check;
mod cli;
mod workflow;

/// The indicator ids of the unit's form, by the prefix of their field (`n`, `t`, `f`).
fn field_ids(html: &str, prefix: &str) -> Vec<i64> {
    html.split(&format!("name=\"{prefix}"))
        .skip(1)
        .filter_map(|s| s.split('"').next()?.parse().ok())
        .collect()
}

async fn post_report(
    app: &TestApp,
    c: &reqwest::Client,
    id: i64,
    parts: Vec<(String, String)>,
    file: Option<(String, &'static str, Vec<u8>)>,
) -> reqwest::Response {
    let (_, html) = app.get(c, &format!("/quan-tri/bao-cao/{id}")).await;
    let mut form = Form::new().text("_csrf", csrf_of(&html));
    for (k, v) in parts {
        form = form.text(k, v);
    }
    if let Some((field, name, bytes)) = file {
        form = form.part(field, Part::bytes(bytes).file_name(name));
    }
    c.post(app.url(&format!("/quan-tri/bao-cao/{id}")))
        .multipart(form)
        .send()
        .await
        .expect("post")
}

fn png() -> Vec<u8> {
    let img = image::RgbImage::from_pixel(4, 3, image::Rgb([200, 30, 30]));
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

/// The office creates a request for two wards; returns its id.
async fn create_request(app: &TestApp, office: &reqwest::Client, wards: &[i64]) -> i64 {
    let (status, html) = app.get(office, "/quan-tri/bao-cao/moi").await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Cán bộ, công chức, viên chức"),
        "the campaign's indicators"
    );
    let mut fields: Vec<(String, String)> = vec![
        ("_csrf".into(), csrf_of(&html)),
        ("title".into(), "Báo cáo nhanh tuần lễ Chuyển đổi số".into()),
        ("kind".into(), "ad_hoc".into()),
        ("period_from".into(), "01/10/2024".into()),
        ("period_to".into(), "10/10/2024".into()),
        ("due_on".into(), "15/10/2024".into()),
        ("indicator".into(), "avatar_staff".into()),
        ("indicator".into(), "team_households".into()),
        ("indicator".into(), "highlights".into()),
        ("indicator".into(), "evidence".into()),
        ("c1_label".into(), "Lớp tập huấn kỹ năng số".into()),
        ("c1_kind".into(), "number".into()),
        ("c1_measure".into(), "lớp".into()),
        ("c1_aggregation".into(), "max".into()),
    ];
    // Bad first: the period ends before it starts, a custom number without its unit,
    // no target: 422, the messages, nothing stored.
    let mut bad = fields.clone();
    bad[4].1 = "30/09/2024".into();
    bad[12].1 = String::new();
    let res = office
        .post(app.url("/quan-tri/bao-cao/moi"))
        .form(&bad)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 422);
    let body = res.text().await.expect("body");
    assert!(
        body.contains("Ngày kết thúc phải sau ngày bắt đầu."),
        "{body}"
    );
    assert!(body.contains("Chỉ tiêu số cần có đơn vị tính."), "{body}");
    assert!(
        body.contains("Hãy chọn ít nhất một đơn vị báo cáo."),
        "{body}"
    );
    for w in wards {
        fields.push(("target".into(), w.to_string()));
    }
    let res = office
        .post(app.url("/quan-tri/bao-cao/moi"))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(res.status().as_u16(), 303);
    let location = header(&res, "location").to_string();
    location
        .rsplit('/')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("the new request's id")
}

async fn app_unit(app: &TestApp, code: &str) -> UnitId {
    UnitId(app.unit_id(code).await)
}
