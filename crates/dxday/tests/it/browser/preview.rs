//! The picked photo under the frame at once: shown by the browser's own decode of an
//! `<img>` while the studio makes the working bitmap that saves are drawn from.

use fantoccini::Locator;

use super::{
    assert_matches_server, browse, photo_file, release_until_save, result_png, save_is_on,
    studio_holding,
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_photo_shows_under_the_frame_before_its_bitmap_is_ready() {
    let Some(s) = browse(None).await else {
        return;
    };
    let (app, b) = (&s.app, &s.b);
    let (_dir, photo_path) = photo_file(1600, 1200);
    let result = async {
        studio_holding(b, app, HOLD_THE_BITMAP, &photo_path).await?;
        // Shown by the browser's own decode, over the stage's whole box, under the
        // frame; no save yet.
        let quick = "var q = document.getElementById('quick'), c = document.getElementById('stage'); \
                     var a = q.getBoundingClientRect(), r = c.getBoundingClientRect(); \
                     return [!q.hidden && q.complete && q.naturalWidth === 1600 && q.src.startsWith('blob:'), \
                             Math.abs(a.width - r.width) < 1 && Math.abs(a.height - r.height) < 1 && Math.abs(a.top - r.top) < 1];";
        let mut shown = serde_json::Value::Null;
        for _ in 0..100 {
            shown = b.execute(quick, vec![]).await?;
            if shown[0] == true {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
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
        b.find(Locator::Id("dl1080")).await?.click().await?;
        b.wait()
            .for_element(Locator::Css("#result-img[src^='blob:']"))
            .await?;
        result_png(b).await
    }
    .await;
    let browser_png = s.finish(result).await;
    let photo_bytes = std::fs::read(&photo_path).expect("photo");
    assert_matches_server(app, &photo_bytes, &browser_png).await;
}
