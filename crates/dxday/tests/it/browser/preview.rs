//! The picked photo under the frame at once, while the studio makes the working bitmap
//! that saves are drawn from: drawn from a small decode (by eighths, ImageDecoder) where
//! the browser has one, else shown by the browser's own decode of an `<img>`.

use fantoccini::Locator;

use super::studio::WITHOUT_IMAGE_DECODER;
use super::{
    assert_matches_server, browse, photo_file, poll, portrait_photo, release_until_save, save_1080,
    save_is_on, source_size, studio_holding,
};

/// Holds every `createImageBitmap` (the studio's working bitmap) until the page calls
/// `window.__releaseBitmap()`.
const HOLD_THE_BITMAP: &str = r#"(function () {
  var real = window.createImageBitmap.bind(window), held = [];
  window.createImageBitmap = function () {
    var args = arguments;
    if (window.__bitmapsFree) return real.apply(null, args);
    return new Promise(function (resolve, reject) {
      held.push(function () { real.apply(null, args).then(resolve, reject); });
    });
  };
  window.__releaseBitmap = function () { window.__bitmapsFree = true; held.forEach(function (f) { f(); }); };
})();"#;

/// Holds every ImageDecoder decode asked for more than `__holdAbove` pixels until the
/// page calls `window.__releaseDecodes()` (`__releaseDecodes(true)`: the last held first).
const HOLD_THE_DECODES: &str = r#"(function () {
  var Real = window.ImageDecoder, held = [];
  window.ImageDecoder = function (init) {
    var d = new Real(init), decode = d.decode.bind(d);
    var big = (init.desiredWidth || 1e9) * (init.desiredHeight || 1e9) > window.__holdAbove;
    d.decode = function (o) {
      if (!big || window.__decodesFree) return decode(o);
      return new Promise(function (resolve, reject) {
        held.push(function () { decode(o).then(resolve, reject); });
      });
    };
    return d;
  };
  window.__releaseDecodes = function (lastFirst) {
    window.__decodesFree = true;
    (lastFirst ? held.reverse() : held).forEach(function (f) { f(); });
  };
})();"#;

/// The stage's pixels as a PNG.
async fn stage_png(b: &fantoccini::Client) -> Result<Vec<u8>, fantoccini::error::CmdError> {
    let b64 = b
        .execute(
            "return document.getElementById('stage').toDataURL('image/png').split(',')[1];",
            vec![],
        )
        .await?;
    Ok(super::decode_base64(b64.as_str().unwrap_or_default()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_photo_shows_from_a_small_decode_before_its_working_bitmap() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    // A portrait photo stored landscape (EXIF 6): the small decode must turn it too.
    let (_dir, photo_path) = portrait_photo(1600, 1200);
    let hold = format!("window.__holdAbove = 1600000; {HOLD_THE_DECODES}");
    let result = async {
        studio_holding(b, app, &hold, &photo_path).await?;
        // The preview's decode (a few eighths of 1 600 × 1 200, under 1.6 MP) comes; the
        // working bitmap's (8/8, 1.92 MP) is held.
        let marks = poll(
            b,
            "return performance.getEntriesByName('dxday-preview').length;",
            |n| *n == 1,
        )
        .await?;
        let preview = if marks == 1 {
            Some(stage_png(b).await?)
        } else {
            None
        };
        assert_eq!(
            source_size(b).await?,
            serde_json::Value::Null,
            "no working bitmap yet"
        );
        assert!(!save_is_on(b).await?, "no save before the working bitmap");
        assert!(
            release_until_save(b, "window.__releaseDecodes();").await?,
            "the working bitmap is ready: save turns on"
        );
        assert_eq!(
            source_size(b).await?,
            "1200x1600",
            "saves are drawn from the whole photo, upright"
        );
        Ok((preview, save_1080(b).await?))
    }
    .await;
    let (preview, browser_png) = s.finish(result).await;
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    // The preview already is the framed photo, as the server would frame it, at the
    // stage's 1 080 px; then the saved picture.
    let preview = preview.expect("the photo shows before its working bitmap");
    assert_matches_server(app, &photo_bytes, &preview).await;
    assert_matches_server(app, &photo_bytes, &browser_png).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_photo_chosen_while_the_first_decodes_wins() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let (_first_dir, first) = photo_file(1200, 1600);
    let (_dir, second) = photo_file(1600, 1200);
    let hold = format!("window.__holdAbove = 0; {HOLD_THE_DECODES}");
    let result = async {
        studio_holding(b, app, &hold, &first).await?;
        b.find(Locator::Id("photo"))
            .await?
            .send_keys(&second.display().to_string())
            .await?;
        // Every decode of both photos comes now, the second photo's first: the first
        // photo's come after it and must be dropped.
        assert!(
            release_until_save(b, "window.__releaseDecodes(true);").await?,
            "save turns on"
        );
        // A moment for any late decode of the first photo to land (it must not).
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(
            source_size(b).await?,
            "1600x1200",
            "the second photo is the one drawn"
        );
        save_1080(b).await
    }
    .await;
    let browser_png = s.finish(result).await;
    let photo_bytes = std::fs::read(&second).expect("photo");
    assert_matches_server(app, &photo_bytes, &browser_png).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_image_decoder_the_photo_shows_as_an_img_before_its_bitmap() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let (_dir, photo_path) = photo_file(1600, 1200);
    let hold = format!("{WITHOUT_IMAGE_DECODER} {HOLD_THE_BITMAP}");
    let result = async {
        studio_holding(b, app, &hold, &photo_path).await?;
        // Shown by the browser's own decode, over the stage's whole box, under the
        // frame; no save yet.
        let quick = "var q = document.getElementById('quick'), c = document.getElementById('stage'); \
                     var a = q.getBoundingClientRect(), r = c.getBoundingClientRect(); \
                     return [!q.hidden && q.complete && q.naturalWidth === 1600 && q.src.startsWith('blob:'), \
                             Math.abs(a.width - r.width) < 1 && Math.abs(a.height - r.height) < 1 && Math.abs(a.top - r.top) < 1];";
        let shown = poll(b, quick, |shown| shown[0] == true).await?;
        assert_eq!(shown, serde_json::json!([true, true]), "the photo shows at once, in the stage's box");
        assert!(!save_is_on(b).await?, "no save before the working bitmap");
        // The canvas draws only the frame over it: its centre (the frame's window) is
        // transparent.
        let centre = b
            .execute(
                "var c = document.getElementById('stage'); \
                 return c.getContext('2d').getImageData(c.width / 2, c.height / 2, 1, 1).data[3];",
                vec![],
            )
            .await?;
        assert_eq!(centre, 0, "the frame's window lets the photo through");
        assert!(
            release_until_save(b, "window.__releaseBitmap();").await?,
            "the bitmap is ready: save turns on"
        );
        let hidden = b
            .execute("return document.getElementById('quick').hidden;", vec![])
            .await?;
        assert_eq!(hidden, true, "the canvas draws the photo now");
        save_1080(b).await
    }
    .await;
    let browser_png = s.finish(result).await;
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    assert_matches_server(app, &photo_bytes, &browser_png).await;
}
