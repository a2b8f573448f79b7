use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_framed_in_the_browser_matches_the_server_renderer() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let dir = tempfile::tempdir().expect("dir");
    let photo_path = dir.path().join("anh-the.jpg");
    let photo = wave_photo(1600, 1200);
    photo.save(&photo_path).expect("save photo");
    let result = async {
        b.goto(&app.url("/khung-anh?don-vi=p-lac-vien")).await?;
        pick_photo(b, &photo_path).await?;
        // Keyboard control: + zooms in, 0 resets.
        b.find(Locator::Id("stage")).await?.send_keys("+").await?;
        let zoom = b
            .execute(
                "return Number(document.getElementById('zoom').value);",
                vec![],
            )
            .await?;
        assert!(zoom.as_f64().unwrap_or(1.0) > 1.05, "{zoom}");
        b.find(Locator::Id("stage")).await?.send_keys("0").await?;
        b.find(Locator::Id("dl1080")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        std::fs::write(
            screenshot_dir().join("studio-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        assert_fits_360(b).await?;
        result_png(b).await
    }
    .await;
    let browser_png = s.finish(result).await;
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    assert_matches_server(app, &photo_bytes, &browser_png).await;
    // The browser's download was counted for the ward of the link, and nothing else was stored.
    let campaigns = dxday_store::campaigns::list(&app.db)
        .await
        .expect("campaigns");
    let ward = app.unit_id("p-lac-vien").await;
    let mut counted = Vec::new();
    for _ in 0..50 {
        counted = dxday_store::frames::downloads_by_unit(&app.db, campaigns[0].id)
            .await
            .expect("counts");
        if !counted.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(counted, vec![(ward, 1)]);
}

/// Hides the browser's ImageDecoder, as browsers without it (Safari) are: the studio
/// then decodes with createImageBitmap and shows the photo through an `<img>`.
pub(super) const WITHOUT_IMAGE_DECODER: &str = "delete window.ImageDecoder;";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_photo_with_exif_orientation_6_is_turned_once_in_the_browser() {
    // Decoded by eighths (ImageDecoder): 8/8 is the least that keeps 2 160 px.
    exif_orientation_applied_once(6, None, "2400x3000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_image_decoder_exif_orientation_6_is_turned_once_too() {
    // Decoded whole by createImageBitmap and resized to 2 160 px exactly.
    exif_orientation_applied_once(6, Some(WITHOUT_IMAGE_DECODER), "2160x2700").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_upside_down_or_mirrored_by_exif_are_set_upright() {
    // 3: turned half a turn; 7: mirrored and turned a quarter (the trickiest of the 8).
    exif_orientation_applied_once(3, None, "3000x2400").await;
    exif_orientation_applied_once(7, None, "2400x3000").await;
}

async fn exif_orientation_applied_once(orientation: u16, before: Option<&str>, working_size: &str) {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    // Stored landscape 3000 × 2400 with an EXIF orientation (6: "rotate 90° clockwise
    // to display", a portrait photo as phones write it). Distinct corners, so a wrong
    // turn cannot pass. Its short side is above the studio's 2160, so it may be decoded
    // to a smaller size, from a size read in its header that must take the turn into
    // account.
    let (_dir, photo_path) = photo_with_orientation(3000, 2400, orientation);
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    let result = async {
        if let Some(script) = before {
            before_each_page(b, script).await?;
        }
        b.goto(&app.url("/khung-anh")).await?;
        pick_photo(b, &photo_path).await?;
        let size = source_size(b).await?;
        assert_eq!(
            size.as_str(),
            Some(working_size),
            "orientation {orientation}: drawn upright at the studio's working size"
        );
        // Once idle, a worker draws the turned bitmap into a plain one (quicker to draw
        // from); the save below is drawn from that one.
        let upright = poll(
            b,
            "return document.getElementById('studio').dataset.upright || null;",
            |u| *u == "true",
        )
        .await?;
        assert_eq!(
            upright, "true",
            "orientation {orientation}: the bitmap is redrawn upright"
        );
        save_1080(b).await
    }
    .await;
    let browser_png = s.finish(result).await;
    assert_matches_server(app, &photo_bytes, &browser_png).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drag_pinch_and_wheel_place_the_photo_and_the_2048_download_is_that_placement() {
    use fantoccini::actions::{
        InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction, TouchActions,
    };
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let (_dir, photo_path) = photo_file(1800, 1200);
    let result = async {
        b.goto(&app.url("/khung-anh")).await?;
        pick_photo(b, &photo_path).await?;
        let stage = b.find(Locator::Id("stage")).await?;
        let start = placement_of(b).await?;
        assert_eq!((start.zoom, start.center_x), (1.0, 0.5));
        // Two fingers moving apart zoom in.
        let finger = |id: &str, dx: f64| {
            TouchActions::new(id.to_string())
                .then(PointerAction::MoveToElement {
                    element: stage.clone(),
                    duration: None,
                    x: dx,
                    y: 0.0,
                })
                .then(PointerAction::Down {
                    button: MOUSE_BUTTON_LEFT,
                })
                .then(PointerAction::MoveBy {
                    duration: Some(Duration::from_millis(200)),
                    x: dx * 2.0,
                    y: 0.0,
                })
                .then(PointerAction::Up {
                    button: MOUSE_BUTTON_LEFT,
                })
        };
        b.perform_actions(vec![finger("finger1", -30.0), finger("finger2", 30.0)])
            .await?;
        let pinched = placement_of(b).await?;
        assert!(pinched.zoom > 1.3, "a pinch zooms in: {}", pinched.zoom);
        // The wheel zooms out a little.
        b.execute(
            "document.getElementById('stage').dispatchEvent(new WheelEvent('wheel', { deltaY: 120, bubbles: true, cancelable: true }));",
            vec![],
        )
        .await?;
        let wheeled = placement_of(b).await?;
        assert!(wheeled.zoom < pinched.zoom && wheeled.zoom >= 1.0, "{}", wheeled.zoom);
        // A mouse drag to the right shows more of the photo's left side.
        let drag = MouseActions::new("mouse".to_string())
            .then(PointerAction::MoveToElement {
                element: stage.clone(),
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: Some(Duration::from_millis(200)),
                x: 60.0,
                y: 30.0,
            })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            });
        b.perform_actions(drag).await?;
        let dragged = placement_of(b).await?;
        assert!(dragged.center_x < wheeled.center_x, "{dragged:?}");
        assert!(dragged.center_y < wheeled.center_y, "{dragged:?}");
        b.find(Locator::Id("dl2048")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        let png = result_png(b).await?;
        Ok::<_, fantoccini::error::CmdError>((png, dragged))
    }
    .await;
    let (browser_png, placement) = s.finish(result).await;
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    assert_matches_server_at(app, &photo_bytes, &browser_png, &placement, 2048).await;
}

/// Zalo's in-app browser on Android, as it announces itself.
pub(super) const ZALO_UA: &str = "Mozilla/5.0 (Linux; Android 13; SM-A525F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 Zalo android/12100608 ZaloTheme/light ZaloLanguage/vi";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_zalo_a_20_mp_photo_is_decoded_small_then_offered_to_share_and_long_press() {
    let Some(s) = browse(Some(ZALO_UA)).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let dir = tempfile::tempdir().expect("dir");
    // 5200 × 3900 = 20.3 MP: above the 16-MP canvas limit of iOS.
    let photo_path = dir.path().join("anh-20mp.jpg");
    let photo = wave_photo(5200, 3900);
    photo.save(&photo_path).expect("save photo");
    let result = async {
        b.goto(&app.url("/khung-anh?don-vi=p-cau-tre")).await?;
        pick_photo(b, &photo_path).await?;
        let size = source_size(b).await?;
        let size = size.as_str().unwrap_or_default().to_string();
        let (w, h) = size.split_once('x').expect("WxH");
        let (w, h): (u64, u64) = (w.parse().expect("w"), h.parse().expect("h"));
        // Decoded straight to 5/8 of its size, the least number of eighths that keeps
        // twice the 1080-px output on its short side (3 900 × 5/8 = 2 437.5).
        assert_eq!((w, h), (3250, 2438), "downscaled to {size}");
        // A platform with the Web Share API (Android's in-app browsers have it): record
        // what is shared; and record any attempt to save through <a download>.
        b.execute(
            "window.__shared = null; window.__clicked = false;
             navigator.canShare = function (d) { return !!(d && d.files && d.files.length); };
             navigator.share = function (d) { window.__shared = d.files[0].type + ' ' + d.files[0].name + ' ' + d.files[0].size; return Promise.resolve(); };
             HTMLAnchorElement.prototype.click = function () { window.__clicked = true; };",
            vec![],
        )
        .await?;
        b.find(Locator::Id("dl1080")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        let advice = b.find(Locator::Id("inapp-advice")).await?;
        assert!(advice.is_displayed().await?, "the in-app advice shows");
        assert!(advice.text().await?.contains("nhấn giữ vào ảnh"));
        assert!(b.find(Locator::Id("result-img")).await?.is_displayed().await?, "an image to long-press");
        let share = b.find(Locator::Id("share")).await?;
        assert!(share.is_displayed().await?, "the share button shows");
        share.click().await?;
        let shared = b.execute("return window.__shared;", vec![]).await?;
        let shared = shared.as_str().unwrap_or_default().to_string();
        assert!(shared.starts_with("image/png khung-anh-1080.png "), "{shared}");
        let clicked = b.execute("return window.__clicked;", vec![]).await?;
        assert_eq!(clicked, serde_json::Value::Bool(false), "no <a download> in an in-app browser");
        std::fs::write(screenshot_dir().join("studio-zalo-360.png"), b.screenshot().await?)
            .expect("write screenshot");
        result_png(b).await
    }
    .await;
    let browser_png = s.finish(result).await;
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    assert_matches_server(app, &photo_bytes, &browser_png).await;
}

/// Holds back the studio's frame image until the page calls `__releaseFrame()`: a
/// frame that arrives late, as on a slow connection.
const HOLD_THE_FRAME: &str = r#"(function () {
  var d = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  var held = [];
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    get: d.get,
    set: function (v) {
      var s = document.getElementById("studio");
      var img = this;
      if (s && !window.__released && String(v) === s.dataset.frameUrl) {
        held.push(function () { d.set.call(img, v); });
        return;
      }
      d.set.call(this, v);
    }
  });
  window.__releaseFrame = function () { window.__released = true; held.forEach(function (f) { f(); }); };
})();"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_waits_for_a_late_frame_and_two_taps_save_once() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let (_dir, photo_path) = photo_file(1200, 1200);
    let before = app.downloads().await;
    let result = async {
        studio_holding(b, app, HOLD_THE_FRAME, &photo_path).await?;
        // The photo is there, the frame is not: no save, and the page says why.
        let status = b.find(Locator::Id("status")).await?;
        poll(
            b,
            "return document.getElementById('status').textContent;",
            |t| t.as_str().is_some_and(|t| t.contains("Đang tải khung")),
        )
        .await?;
        assert!(status.text().await?.contains("Đang tải khung"));
        assert!(
            !save_is_on(b).await?,
            "no save before the frame has arrived"
        );
        assert!(
            release_until_save(b, "window.__releaseFrame();").await?,
            "the frame arrived: save turns on"
        );
        assert_eq!(status.text().await?, "");
        // Two quick taps: the first turns the buttons off until its image is made.
        b.execute(
            "var d = document.getElementById('dl1080'); d.click(); d.click();",
            vec![],
        )
        .await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        result_png(b).await
    }
    .await;
    let browser_png = s.finish(result).await;
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    // The saved image is the framed photo (the server's render of the same), 1080².
    assert_matches_server(app, &photo_bytes, &browser_png).await;
    for _ in 0..50 {
        if app.downloads().await > before {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.downloads().await, before + 1, "one save, one count");
}

/// Whether the element with `id` lies wholly inside the first screen of `size`.
async fn on_first_screen(
    b: &fantoccini::Client,
    id: &str,
    size: (u32, u32),
) -> Result<bool, fantoccini::error::CmdError> {
    let (x, y, w, h) = b.find(Locator::Id(id)).await?.rectangle().await?;
    let (sw, sh) = (f64::from(size.0), f64::from(size.1));
    Ok(x >= 0.0 && y >= 0.0 && x + w <= sw && y + h <= sh)
}

/// On common phone screens the picker is on the first screen, and once a photo is set
/// the preview and the save button are too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_common_phone_screens_the_studio_fits_one_screen() {
    let (_dir, photo_path) = photo_file(1200, 1600);
    for size in [(390, 844), (412, 915)] {
        let Some(s) = browse_on(size, Some(ZALO_UA)).await else {
            return;
        };
        let (app, b) = (&s.app, &s.b);
        let result = async {
            b.goto(&app.url("/khung-anh")).await?;
            let (_, y, _, h) = b
                .find(Locator::Css("label[for=photo]"))
                .await?
                .rectangle()
                .await?;
            assert!(
                y + h <= f64::from(size.1),
                "{size:?}: the picker ends at {}",
                y + h
            );
            pick_photo(b, &photo_path).await?;
            for id in ["stage", "dl1080"] {
                assert!(on_first_screen(b, id, size).await?, "{size:?}: #{id}");
            }
            Ok(())
        }
        .await;
        s.finish(result).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_zalo_the_studio_fits_one_screen_and_offers_a_way_out() {
    let Some(s) = browse(Some(ZALO_UA)).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let (_dir, photo_path) = photo_file(1600, 1200);
    let result = async {
        b.goto(&app.url("/khung-anh")).await?;
        // The picker's button is on the first screen; the canvas is not yet in the tab order.
        assert!(
            on_first_screen(b, "photo", (360, 740)).await?
                || on_first_screen(b, "stage", (360, 740)).await?
        );
        let (_, y, _, h) = b
            .find(Locator::Css("label[for=photo]"))
            .await?
            .rectangle()
            .await?;
        assert!(y + h <= 740.0, "the picker ends at {}", y + h);
        let tab = b
            .execute("return document.getElementById('stage').tabIndex;", vec![])
            .await?;
        assert_eq!(tab, serde_json::json!(-1));
        // No keyboard hint on a touch screen.
        assert!(
            !b.find(Locator::Id("keys-hint"))
                .await?
                .is_displayed()
                .await?
        );
        pick_photo(b, &photo_path).await?;
        // With the photo: the preview and the save button on the same screen.
        assert!(
            on_first_screen(b, "stage", (360, 740)).await?,
            "the preview"
        );
        assert!(
            on_first_screen(b, "dl1080", (360, 740)).await?,
            "the save button"
        );
        // Zalo has no Web Share: no share button, and the advice does not mention one.
        b.find(Locator::Id("dl1080")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        assert!(!b.find(Locator::Id("share")).await?.is_displayed().await?);
        let inert = super::inert_controls(b).await?;
        assert!(
            inert.is_empty(),
            "visible controls that do nothing: {inert:?}"
        );
        // The probe sees a dead button when there is one.
        b.execute(
            "var d = document.createElement('button'); d.id = 'dead'; d.textContent = 'x'; \
             document.getElementById('studio').appendChild(d);",
            vec![],
        )
        .await?;
        let inert = super::inert_controls(b).await?;
        assert_eq!(inert, ["button \"dead\""]);
        b.execute("document.getElementById('dead').remove();", vec![])
            .await?;
        assert!(
            !b.find(Locator::Id("inapp-share"))
                .await?
                .is_displayed()
                .await?
        );
        let advice = b.find(Locator::Id("inapp-advice")).await?;
        assert!(advice.text().await?.contains("nhấn giữ vào ảnh"));
        // The picture is a real image to long-press, and the way out opens the browser.
        let way_out = b.find(Locator::Id("open-browser")).await?;
        assert!(way_out.is_displayed().await?);
        let href = way_out.attr("href").await?.unwrap_or_default();
        assert!(
            href.starts_with("intent://127.0.0.1:")
                && href.contains("/khung-anh#Intent;scheme=http;end"),
            "{href}"
        );
        assert!(
            !b.find(Locator::Id("open-ios"))
                .await?
                .is_displayed()
                .await?
        );
        // The caption's copy button says it copied.
        b.execute(
            "navigator.clipboard.writeText = function () { return Promise.resolve(); };",
            vec![],
        )
        .await?;
        b.find(Locator::Id("copy")).await?.click().await?;
        let said = b.find(Locator::Id("copy-status")).await?;
        poll(
            b,
            "return document.getElementById('copy-status').textContent;",
            |t| t.as_str().is_some_and(|t| !t.is_empty()),
        )
        .await?;
        assert_eq!(said.text().await?, "Đã sao chép.");
        assert_fits_360(b).await?;
        std::fs::write(
            screenshot_dir().join("studio-zalo-saved-360.png"),
            b.screenshot().await?,
        )
        .expect("write screenshot");
        result_png(b).await
    }
    .await;
    let png = s.finish(result).await;
    let img = image::load_from_memory(&png).expect("the saved picture decodes");
    assert_eq!((img.width(), img.height()), (1080, 1080));
}
