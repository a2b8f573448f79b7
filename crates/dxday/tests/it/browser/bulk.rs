use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_focal_point_frames_a_zip_of_photos_in_the_browser() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    app.add_user(
        "dau-moi@maychai.vn",
        Role::UnitFocalPoint,
        Some("p-may-chai"),
    )
    .await;
    let dir = tempfile::tempdir().expect("dir");
    let zip_path = dir.path().join("can-bo.zip");
    {
        use std::io::Write;
        let file = std::fs::File::create(&zip_path).expect("zip");
        let mut zip = zip::ZipWriter::new(file);
        for (i, name) in ["Phạm Thu Hà.jpg", "Lê Minh.jpg", "Đỗ Hải.jpg"]
            .iter()
            .enumerate()
        {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .expect("entry");
            let w = 900 + 100 * i as u32;
            zip.write_all(&crate::frames_web::jpeg(w, 1200))
                .expect("write");
        }
        zip.finish().expect("finish");
    }
    let result = async {
        b.goto(&app.url("/dang-nhap?next=/quan-tri/ghep-khung-hang-loat"))
            .await?;
        log_in(b, "dau-moi@maychai.vn").await?;
        b.wait().for_element(Locator::Id("f-zip")).await?;
        std::fs::write(
            screenshot_dir().join("bulk-form-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        b.find(Locator::Id("f-zip"))
            .await?
            .send_keys(&zip_path.display().to_string())
            .await?;
        b.find(Locator::Css("form.form button[type=submit]"))
            .await?
            .click()
            .await?;
        b.wait().for_element(Locator::Css("progress")).await?;
        b.wait()
            .at_most(Duration::from_secs(60))
            .for_element(Locator::Id("job-download"))
            .await?;
        let state = b.find(Locator::Id("job-state")).await?.text().await?;
        assert!(
            state.contains("Đã xong") && state.contains("3/3"),
            "{state}"
        );
        std::fs::write(
            screenshot_dir().join("bulk-done-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        assert_fits_360(b).await?;
        let href = b
            .find(Locator::Id("job-download"))
            .await?
            .attr("href")
            .await?
            .unwrap_or_default();
        Ok::<String, fantoccini::error::CmdError>(href)
    }
    .await;
    let href = s.finish(result).await;
    assert!(
        href.starts_with("/quan-tri/ghep-khung-hang-loat/") && href.ends_with("/tai-ve"),
        "{href}"
    );
}

pub(crate) fn decode_base64(s: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes().filter(|c| *c != b'=') {
        let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    out
}
