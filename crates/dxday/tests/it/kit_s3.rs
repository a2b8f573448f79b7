//! The identity kit on S3-compatible object storage: two dxday nodes share one
//! database and one bucket of a real S3 server (moto's server, from PyPI, which
//! speaks the S3 REST protocol over HTTP). What one node stores, the other serves;
//! an identical file is one object; nothing is written to the nodes' own folders.

use std::io::{Cursor, Read};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use reqwest::multipart::{Form, Part};

use crate::helpers::{Backend, TestApp, csrf_of, in_ci, spawn_on_with, test_db, value_after};
use crate::helpers::{header, ok};

/// A moto S3 server on a free loopback port, stopped when dropped.
pub(crate) struct S3Server {
    child: Child,
    pub endpoint: String,
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) async fn s3_server() -> Option<S3Server> {
    let port = crate::helpers::free_port();
    let child = match Command::new("moto_server")
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => {
            assert!(
                !in_ci(),
                "moto_server is needed under CI (pip install 'moto[server]'): {e}"
            );
            eprintln!("skipped: no moto_server ({e})");
            return None;
        }
    };
    let server = S3Server {
        child,
        endpoint: format!("http://127.0.0.1:{port}"),
    };
    let http = reqwest::Client::new();
    for _ in 0..100 {
        if http.get(&server.endpoint).send().await.is_ok() {
            return Some(server);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("moto_server did not start on port {port}");
}

/// The object keys in a bucket (S3 ListObjectsV2).
async fn object_keys(endpoint: &str, bucket: &str) -> Vec<String> {
    let xml = reqwest::get(format!("{endpoint}/{bucket}?list-type=2"))
        .await
        .expect("list")
        .text()
        .await
        .expect("xml");
    xml.split("<Key>")
        .skip(1)
        .filter_map(|s| s.split("</Key>").next())
        .map(str::to_string)
        .collect()
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| {
        image::Rgba([(x % 256) as u8, 16, (y % 256) as u8, 255])
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("png");
    out.into_inner()
}

async fn upload(app: &TestApp, c: &reqwest::Client, title: &str, name: &str, bytes: Vec<u8>) {
    let (_, page) = app.get(c, "/quan-tri/bo-nhan-dien").await;
    let form = Form::new()
        .text("_csrf", csrf_of(&page))
        .text("title", title.to_string())
        .text("category", "social_image")
        .part("file", Part::bytes(bytes).file_name(name.to_string()));
    let res = c
        .post(app.url("/quan-tri/bo-nhan-dien"))
        .multipart(form)
        .send()
        .await
        .expect("post");
    let status = res.status().as_u16();
    assert_eq!(
        status,
        303,
        "{title}: {}",
        res.text().await.unwrap_or_default()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_share_the_kit_through_an_s3_bucket() {
    let Some(s3) = s3_server().await else {
        return;
    };
    // The bucket, as an operator makes it once.
    let res = reqwest::Client::new()
        .put(format!("{}/dxday-kit", s3.endpoint))
        .send()
        .await
        .expect("create bucket");
    assert!(res.status().is_success(), "{}", res.status());
    let files_url = format!(
        "s3://dxday-kit/ngo-quyen?endpoint={}&region=us-east-1&access_key_id=test&secret_access_key=test",
        s3.endpoint
    );
    let tdb = test_db(Backend::Sqlite).await.expect("sqlite");
    let db_url = tdb.url.clone();
    let set_store = |c: &mut dxday::config::Config| c.files_url = Some(files_url.clone());
    let a = spawn_on_with(db_url.clone(), tdb.dir, true, set_store).await;
    let b = spawn_on_with(
        db_url,
        tempfile::tempdir().expect("dir"),
        false,
        |c: &mut dxday::config::Config| c.files_url = Some(files_url.clone()),
    )
    .await;

    let office = a.office().await;
    let image = png(1200, 630);
    upload(
        &a,
        &office,
        "Ảnh chia sẻ mạng xã hội",
        "anh.png",
        image.clone(),
    )
    .await;
    upload(
        &a,
        &office,
        "Ảnh chia sẻ (bản sao)",
        "anh-2.png",
        image.clone(),
    )
    .await;

    // One object for the image (stored once by its hash) and one for its preview,
    // under the URL's prefix; nothing in either node's folder.
    let mut keys = object_keys(&s3.endpoint, "dxday-kit").await;
    keys.sort();
    assert_eq!(keys.len(), 2, "{keys:?}");
    assert!(
        keys.iter().all(|k| k.starts_with("ngo-quyen/kit/")),
        "{keys:?}"
    );
    assert!(keys.iter().any(|k| k.starts_with("ngo-quyen/kit/preview/")));
    for node in [&a, &b] {
        assert!(!node.data_dir.join("files/kit").exists());
    }

    // The other node serves the file, its preview and the ZIP from the bucket.
    let citizen = crate::helpers::client();
    let (status, page) = b.get(&citizen, "/bo-nhan-dien").await;
    assert_eq!(status, 200);
    let id = value_after(&page, "id=\"asset-");
    let res = ok(citizen.get(b.url(&format!("/bo-nhan-dien/{id}/tai-ve")))).await;
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), image);
    let preview = value_after(&page, "<img src=\"/bo-nhan-dien/xem/");
    let res = ok(citizen.get(b.url(&format!("/bo-nhan-dien/xem/{preview}")))).await;
    let img = image::load_from_memory(&res.bytes().await.expect("bytes")).expect("an image");
    assert_eq!((img.width(), img.height()), (480, 252));
    let res = ok(citizen.get(b.url("/bo-nhan-dien/tai-tat-ca.zip"))).await;
    let mut zip = zip::ZipArchive::new(Cursor::new(res.bytes().await.expect("bytes").to_vec()))
        .expect("a zip");
    assert_eq!(zip.len(), 2);
    let mut content = Vec::new();
    zip.by_index(0)
        .expect("entry")
        .read_to_end(&mut content)
        .expect("read");
    assert_eq!(content, image);

    // With downloads by redirect, a third node sends no bytes: it counts the download
    // and answers with a short-lived pre-signed URL of the bucket, never cached.
    let c = spawn_on_with(
        a.db_url.clone(),
        tempfile::tempdir().expect("dir"),
        false,
        |c: &mut dxday::config::Config| {
            c.files_url = Some(files_url.clone());
            c.files_redirect_seconds = 60;
        },
    )
    .await;
    let downloads = async |node: &TestApp| -> i64 {
        node.state
            .kit_downloads
            .flush(&node.db)
            .await
            .expect("flush");
        sqlx::query_scalar("SELECT downloads FROM kit_assets WHERE id = $1")
            .bind(id.parse::<i64>().expect("id"))
            .fetch_one(node.db.pool())
            .await
            .expect("count")
    };
    let before = downloads(&c).await;
    let res = citizen
        .get(c.url(&format!("/bo-nhan-dien/{id}/tai-ve")))
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 303);
    assert_eq!(header(&res, "cache-control"), "private, no-store");
    let location = header(&res, "location").to_string();
    assert!(
        location.starts_with(&format!("{}/dxday-kit/ngo-quyen/kit/", s3.endpoint)),
        "{location}"
    );
    // Signed for 60 s, with the name and type the bucket is to answer with (S3, MinIO,
    // R2 and Ceph honour these; moto ignores them).
    for part in [
        "X-Amz-Signature=",
        "X-Amz-Expires=60",
        "response-content-disposition=attachment",
        "response-content-type=image%2Fpng",
    ] {
        assert!(location.contains(part), "{part} in {location}");
    }
    assert_eq!(downloads(&c).await, before + 1, "the download is counted");
    let res = ok(reqwest::Client::new().get(&location)).await;
    assert_eq!(res.bytes().await.expect("bytes").to_vec(), image);

    // A bulk job's result, the same way.
    crate::hardening::bulk::stale_job(&c, "qua-bucket", "p-may-chai", 0).await;
    dxday_web::sweep_bulk(&c.state).await.expect("sweep");
    let mut state = String::new();
    for _ in 0..150 {
        state = crate::hardening::bulk::job_state(&c, "qua-bucket").await;
        if state == "done" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(state, "done");
    let ward = c.ward().await;
    let res = ward
        .get(c.url("/quan-tri/ghep-khung-hang-loat/qua-bucket/tai-ve"))
        .send()
        .await
        .expect("answer");
    assert_eq!(res.status(), 303);
    let location = header(&res, "location").to_string();
    assert!(
        location.contains("/ngo-quyen/bulk/qua-bucket/")
            && location.contains("response-content-type=application%2Fzip"),
        "{location}"
    );
    let bytes = ok(reqwest::Client::new().get(&location))
        .await
        .bytes()
        .await
        .expect("bytes");
    let zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a ZIP");
    assert_eq!(zip.len(), 2);
}

#[tokio::test]
async fn a_bad_files_url_is_refused_with_one_line() {
    for (url, expected) in [
        ("s3://?endpoint=http://127.0.0.1:1", "no bucket"),
        ("s3://kit/x?colour=red", "unknown S3 option \"colour\""),
    ] {
        let err = dxday_store::files::Files::from_url(url).expect_err(url);
        assert!(err.to_string().contains(expected), "{url}: {err}");
    }
}
