use super::*;
use crate::helpers::{TestApp, ok};

/// Point 11: the 404 page linked to `//evil.example/x?lang=en`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_on_the_not_found_page_stay_on_this_site() {
    let Some(app) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let res = client()
        .get(format!("{}//evil.example/x", app.base))
        .send()
        .await
        .expect("get");
    assert_eq!(res.status().as_u16(), 404);
    let html = res.text().await.expect("body");
    assert!(!html.contains("\"//evil"), "{html}");
    assert!(html.contains("href=\"/evil.example/x?lang=en\""), "{html}");
}

/// Point 12: 5 s of unauthenticated POSTs credited 22 504 fake downloads to one unit.
/// Now a count needs a token from the studio page, a token counts a few photos, and an
/// address a few dozen per frame and hour.
async fn a_burst_of_download_posts_barely_moves_the_count(app: TestApp) {
    let campaigns = dxday_store::campaigns::list(&app.db)
        .await
        .expect("campaigns");
    let frame = dxday_store::frames::for_campaign(&app.db, campaigns[0].id, false)
        .await
        .expect("frames")[0]
        .id
        .0;
    let c = client();
    let url = app.url(&format!("/api/frames/{frame}/downloads"));
    // Without a token, or with a forged one: nothing counts.
    for token in ["", "1.1700000000.abc.0000"] {
        assert_eq!(
            crate::helpers::status_of(
                c.post(&url)
                    .form(&[("don_vi", "p-may-chai"), ("token", token)])
            )
            .await,
            204
        );
    }
    assert_eq!(app.downloads().await, 0);
    // 2 000 posts from one address, spread over 10 studio pages' tokens.
    let mut tokens = Vec::new();
    for _ in 0..10 {
        tokens.push(crate::helpers::count_token(&app, frame).await);
    }
    let mut posts = Vec::new();
    for i in 0..2_000 {
        let c = c.clone();
        let url = url.clone();
        let token = tokens[i % tokens.len()].clone();
        posts.push(async move {
            c.post(url)
                .form(&[("don_vi", "p-may-chai"), ("token", token.as_str())])
                .send()
                .await
                .expect("post")
                .status()
                .as_u16()
        });
        if posts.len() == 50 {
            for s in futures_join(std::mem::take(&mut posts)).await {
                assert_eq!(s, 204);
            }
        }
    }
    let n = app.downloads().await;
    assert!(n > 0 && n <= 30, "2 000 posts counted {n}");
    // Another address still counts (an honest visitor elsewhere).
    let token = crate::helpers::count_token(&app, frame).await;
    client_from("127.0.0.41")
        .post(&url)
        .form(&[("don_vi", "p-may-chai"), ("token", token.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(app.downloads().await, n + 1);
}
on_both_backends!(a_burst_of_download_posts_barely_moves_the_count, app);

async fn futures_join<F: std::future::Future<Output = u16> + Send + 'static>(
    all: Vec<F>,
) -> Vec<u16> {
    let handles: Vec<_> = all.into_iter().map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.expect("task"));
    }
    out
}

/// Point 15: `/metrics` was public. Now it answers on the main address only with the
/// configured bearer token, or on a separate metrics address.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_are_served_only_behind_a_token_or_on_their_own_address() {
    let Some(app) = spawn_app_with(Backend::Sqlite, |c| {
        c.metrics_token = Some("s3cret-token".into());
    })
    .await
    else {
        return;
    };
    let c = client();
    app.get(&c, "/").await;
    assert_eq!(app.get(&c, "/metrics").await.0, 404);
    let wrong = c
        .get(app.url("/metrics"))
        .bearer_auth("s3cret-tokeN")
        .send()
        .await
        .expect("get");
    assert_eq!(wrong.status().as_u16(), 404);
    let res = ok(c.get(app.url("/metrics")).bearer_auth("s3cret-token")).await;
    let text = res.text().await.expect("body");
    assert!(text.contains("http_requests_total{"), "{text}");
    assert!(text.contains("route=\"/\""));
    // Its own address: the main one has no /metrics, the metrics one only /metrics.
    let Some(app) = spawn_app_with(Backend::Sqlite, |c| {
        c.metrics_listen = Some("127.0.0.1:0".into());
    })
    .await
    else {
        return;
    };
    assert_eq!(app.get(&c, "/metrics").await.0, 404);
    let port = app.metrics_port.expect("a metrics listener");
    assert_eq!(
        crate::helpers::status_of(c.get(format!("http://127.0.0.1:{port}/metrics"))).await,
        200
    );
    assert_eq!(
        crate::helpers::status_of(c.get(format!("http://127.0.0.1:{port}/healthz"))).await,
        404
    );
}

/// Point 15: HSTS when the public URL is https, never over plain http.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn strict_transport_security_is_sent_when_the_site_is_https() {
    let Some(plain) = spawn_app(Backend::Sqlite).await else {
        return;
    };
    let res = client().get(plain.url("/")).send().await.expect("get");
    assert!(res.headers().get("strict-transport-security").is_none());
    let Some(tls) = spawn_app_with(Backend::Sqlite, |c| {
        c.public_url = Some("https://cds.ngoquyen.example".into());
    })
    .await
    else {
        return;
    };
    for path in ["/", "/khong-co", "/healthz"] {
        let res = client().get(tls.url(path)).send().await.expect("get");
        assert_eq!(
            res.headers()["strict-transport-security"],
            "max-age=31536000; includeSubDomains",
            "{path}"
        );
    }
}
