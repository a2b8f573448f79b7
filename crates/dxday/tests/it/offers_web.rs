//! The digital consumption month's offers over HTTP: the office records offers in two
//! sectors (a period past the month is refused with its message), a ward cannot, and
//! the public page lists them by sector.

use crate::helpers::{TestApp, csrf_of, value_after};
use crate::on_both_backends;

on_both_backends!(
    the_office_records_offers_and_everyone_reads_them_by_sector,
    app
);
async fn the_office_records_offers_and_everyone_reads_them_by_sector(app: TestApp) {
    let office = app.office().await;
    let ward = app.ward().await;
    let post = |c: reqwest::Client, fields: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move {
            let (_, page) = app.get(&c, "/quan-tri").await;
            let token = csrf_of(&page);
            let mut form = vec![("_csrf", token)];
            form.extend(fields.into_iter().map(|(k, v)| (k, v.to_string())));
            let res = c
                .post(app.url("/quan-tri/uu-dai"))
                .form(&form)
                .send()
                .await
                .expect("post");
            (res.status().as_u16(), res.text().await.unwrap_or_default())
        }
    };
    for fields in [
        vec![
            ("enterprise", "Viettel Hải Phòng"),
            ("sector", "Viễn thông"),
            ("offer", "Giảm 50 % cước gói data 5G"),
            ("channel_url", "https://viettel.vn/khuyen-mai"),
        ],
        vec![
            ("enterprise", "Tiki"),
            ("sector", "Thương mại điện tử"),
            ("offer", "Miễn phí giao hàng đơn từ 99.000 đ"),
            ("valid_from", "01/10/2024"),
            ("valid_to", "10/10/2024"),
        ],
    ] {
        let (status, body) = post(office.clone(), fields).await;
        assert_eq!(status, 303, "{body}");
    }
    let (status, body) = post(
        office.clone(),
        vec![
            ("enterprise", "VNPT"),
            ("sector", "Viễn thông"),
            ("offer", "Tặng data"),
            ("valid_from", "25/10/2024"),
            ("valid_to", "05/11/2024"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        body.contains("Thời gian ưu đãi phải nằm trong Tháng tiêu dùng số."),
        "{body}"
    );
    assert!(body.contains("value=\"VNPT\""), "kept as typed");
    let (status, _) = post(
        ward.clone(),
        vec![("enterprise", "X"), ("sector", "Y"), ("offer", "Z")],
    )
    .await;
    assert_eq!(status, 403, "a ward does not record offers");

    let citizen = crate::helpers::client();
    let (status, page) = app.get(&citizen, "/thang-tieu-dung-so").await;
    assert_eq!(status, 200);
    let commerce = page.find("<h2>Thương mại điện tử</h2>").expect("a sector");
    let telecom = page.find("<h2>Viễn thông</h2>").expect("a sector");
    assert!(commerce < telecom, "sectors in order");
    assert!(page.contains("Giảm 50 % cước gói data 5G"));
    assert!(
        page.contains("01/10/2024 – 31/10/2024"),
        "the month by default"
    );
    assert!(page.contains("01/10/2024 – 10/10/2024"));
    assert!(!page.contains("VNPT"));

    // The office deletes one.
    let (_, admin) = app.get(&office, "/quan-tri/uu-dai").await;
    let id = value_after(&admin, "id=\"offer-");
    assert_eq!(
        crate::helpers::status_of(
            office
                .post(app.url(&format!("/quan-tri/uu-dai/{id}/xoa")))
                .form(&[("_csrf", csrf_of(&admin))])
        )
        .await,
        303
    );
    let (_, admin) = app.get(&office, "/quan-tri/uu-dai").await;
    assert_eq!(admin.matches("id=\"offer-").count(), 1);
}
