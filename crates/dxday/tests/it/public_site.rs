//! The public campaign site, seen from outside.

use crate::helpers::ok;
use crate::helpers::{Backend, TestApp, client, header, spawn_app, value_after};
use crate::on_both_backends;

const THEME: &str = "Phổ cập hạ tầng số và sáng tạo ứng dụng số để phát triển kinh tế số - Động lực mới cho tăng trưởng kinh tế và năng suất lao động";

async fn home_shows_the_campaign_in_vietnamese_by_default(app: TestApp) {
    let (status, html) = app.get(&client(), "/").await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"vi\">"));
    assert!(html.contains(THEME), "the theme is shown verbatim");
    assert!(
        html.contains("Quyết định số 505/QĐ-TTg ngày 22/4/2022"),
        "legal basis"
    );
    assert!(
        html.contains("Đẩy nhanh tiến độ triển khai các nhiệm vụ về chuyển đổi số quốc gia"),
        "purpose"
    );
    assert!(
        html.contains("Nâng cao nhận thức của người dân toàn xã hội"),
        "meaning"
    );
    assert!(
        html.contains("01/10/2024") && html.contains("10/10/2024") && html.contains("31/10/2024"),
        "key dates as dd/mm/yyyy"
    );
    // Today (after October 2024) the 2024 campaign has ended, on the Vietnam clock.
    assert!(html.contains("Đã kết thúc"), "status");
    assert!(html.contains("<main id=\"main\""), "main landmark");
    assert!(!html.contains("<script"), "works without JavaScript");
    // Only parts that exist are linked.
    assert!(
        html.contains("href=\"/khung-anh\""),
        "the avatar studio is linked"
    );
    assert!(
        html.contains("href=\"/bo-nhan-dien\""),
        "the identity kit is linked"
    );
    assert!(
        html.contains("href=\"/tuyen-pho-so\"") && html.contains("href=\"/thang-tieu-dung-so\""),
        "the payment streets and the consumption month are linked"
    );
    assert!(
        html.contains("href=\"/vinh-danh\""),
        "the honour roll is linked"
    );
}
on_both_backends!(home_shows_the_campaign_in_vietnamese_by_default, app);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn english_is_chosen_by_query_then_cookie_then_accept_language() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let c = client();
    let res = c.get(app.url("/?lang=en")).send().await.expect("request");
    assert!(
        res.headers()
            .get_all("set-cookie")
            .iter()
            .any(|v| v.to_str().unwrap_or("").starts_with("lang=en"))
    );
    let html = res.text().await.expect("body");
    assert!(
        html.contains("<html lang=\"en\">") && html.contains("Key dates") && html.contains("Ended")
    );
    // The cookie keeps English on the next page.
    let (_, html) = app.get(&c, "/").await;
    assert!(html.contains("<html lang=\"en\">"), "cookie remembered");
    // A browser that prefers English gets English; one that prefers French gets Vietnamese.
    let fresh = client();
    let html = fresh
        .get(app.url("/"))
        .header("accept-language", "en-US,en;q=0.9")
        .send()
        .await
        .expect("r")
        .text()
        .await
        .expect("b");
    assert!(html.contains("<html lang=\"en\">"));
    let html = fresh
        .get(app.url("/"))
        .header("accept-language", "fr-FR,fr")
        .send()
        .await
        .expect("r")
        .text()
        .await
        .expect("b");
    assert!(html.contains("<html lang=\"vi\">"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_url_gets_a_localised_404_page() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let (status, html) = app.get(&client(), "/khong-co-trang-nay").await;
    assert_eq!(status, 404);
    assert!(html.contains("Không tìm thấy trang"));
    let (status, html) = app.get(&client(), "/khong-co-trang-nay?lang=en").await;
    assert_eq!(status, 404);
    assert!(html.contains("Page not found"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_assets_are_hashed_and_immutable() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let c = client();
    let res = c.get(app.url("/")).send().await.expect("request");
    let h = res.headers().clone();
    let csp = h
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("default-src 'self'"),
        "{csp}"
    );
    assert_eq!(
        h.get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    assert!(h.get("referrer-policy").is_some());
    let html = res.text().await.expect("body");
    let css = value_after(&html, "href=\"/static/app.");
    let res = ok(c.get(app.url(&format!("/static/app.{css}")))).await;
    assert!(header(&res, "cache-control").contains("immutable"));
    assert_eq!(res.headers()["content-type"], "text/css; charset=utf-8");
    let (status, _) = app.get(&c, "/static/app.0000000000.css").await;
    assert_eq!(status, 404, "a stale hash is not served");
    // Compression is negotiated.
    let res = c
        .get(app.url("/"))
        .header("accept-encoding", "gzip")
        .send()
        .await
        .expect("gzip");
    assert_eq!(
        res.headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("gzip")
    );
}

async fn health_and_metrics_answer(app: TestApp) {
    let c = client();
    let (status, body) = app.get(&c, "/healthz").await;
    assert_eq!(status, 200);
    let v: serde_json::Value = serde_json::from_str(&body).expect("json");
    assert_eq!(v["status"], "ok");
    assert_eq!(
        v["database"],
        if app.db.backend() == dxday_store::Backend::Sqlite {
            "sqlite"
        } else {
            "postgres"
        }
    );
    assert_eq!(
        v["schema"],
        serde_json::json!(app.db.migration_names().len()),
        "the latest migration"
    );
    app.get(&c, "/").await;
    // Metrics are not public (issue 14): see hardening::pages::metrics_are_served_only_*.
    let (status, _) = app.get(&c, "/metrics").await;
    assert_eq!(status, 404);
}
on_both_backends!(health_and_metrics_answer, app);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_archived_campaign_leaves_the_public_site() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let campaigns = dxday_store::campaigns::list(&app.db).await.expect("list");
    dxday_store::campaigns::set_archived(&app.db, None, campaigns[0].id, true)
        .await
        .expect("archive");
    let (status, html) = app.get(&client(), "/").await;
    assert_eq!(status, 200);
    assert!(!html.contains("Phổ cập hạ tầng số"));
    assert!(html.contains("Chưa có chiến dịch nào được công bố."));
}

/// The content of `<meta property="{name}" …>` on a page.
fn meta(html: &str, name: &str) -> String {
    value_after(html, &format!("<meta property=\"{name}\" content=\"")).replace("&#38;", "&")
}

/// A dxday link pasted in Zalo or Facebook shows a preview: every public page, and a
/// unit's short link, carries Open Graph tags whose picture is an absolute address of
/// a 1200 × 630 PNG that dxday draws.
async fn links_to_public_pages_show_a_preview(app: TestApp) {
    let c = client();
    // The unit's short link leads to the studio for that unit.
    let res = c
        .get(app.url("/k/2024/p-may-chai"))
        .send()
        .await
        .expect("short");
    assert_eq!(res.status().as_u16(), 302);
    let unit_page = header(&res, "location").to_string();
    for path in [
        "/",
        "/khung-anh",
        "/bo-nhan-dien",
        unit_page.as_str(),
        "/tuyen-pho-so",
        "/thang-tieu-dung-so",
    ] {
        let (status, html) = app.get(&c, path).await;
        assert_eq!(status, 200, "{path}");
        assert_eq!(meta(&html, "og:locale"), "vi_VN", "{path}");
        assert!(meta(&html, "og:url").starts_with(&app.base), "{path}");
        assert!(
            meta(&html, "og:title").contains("Ngày Chuyển đổi số quốc gia năm 2024"),
            "{path}"
        );
        assert!(
            meta(&html, "og:description").contains("Phổ cập hạ tầng số"),
            "{path}"
        );
        assert!(html.contains("<meta name=\"twitter:card\" content=\"summary_large_image\">"));
        let image = meta(&html, "og:image");
        assert!(
            image.starts_with(&format!("{}/", app.base)),
            "absolute: {image}"
        );
        let res = ok(c.get(&image)).await;
        assert_eq!(header(&res, "content-type"), "image/png");
        let png = res.bytes().await.expect("png");
        let img = image::load_from_memory(&png).expect("a PNG");
        assert_eq!((img.width(), img.height()), (1200, 630), "{path}");
    }
    let (_, html) = app.get(&c, &unit_page).await;
    assert!(
        meta(&html, "og:title").contains("Máy Chai"),
        "the unit's name"
    );
    assert!(meta(&html, "og:url").ends_with("/khung-anh?nam=2024&don-vi=p-may-chai"));
    // The picture is drawn once: the second answer is the same bytes, from memory.
    let image = meta(&html, "og:image");
    assert_eq!(
        ok(c.get(&image)).await.bytes().await.expect("png"),
        ok(c.get(&image)).await.bytes().await.expect("png")
    );
    assert_eq!(app.get(&c, "/anh-chia-se/1999.png").await.0, 404);
    assert_eq!(app.get(&c, "/anh-chia-se/abc.png").await.0, 404);
}
on_both_backends!(links_to_public_pages_show_a_preview, app);
