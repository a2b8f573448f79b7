//! Benchmark of the avatar studio in a real headless Chromium at 360 × 740 with the
//! CPU slowed down four times (a mid-range phone): from choosing a 12-MP photo to the
//! photo shown under the frame (the browser's own decode of an `<img>`) and to the
//! working bitmap that saves are drawn from, from tapping save to the framed PNG, and
//! one drag step; against the
//! browser's own floor for the same photo (decode, draw at 1080 px, encode a PNG,
//! with nothing of dxday in between), in the same page and run.
//!
//!   cargo run -p dxday --example bench_studio -- BASE_URL CHROMEDRIVER_PORT PHOTO [RUNS]
//!
//! Run by `scripts/bench-studio.sh`, which starts dxday and chromedriver and prints
//! the table.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

mod common;

use common::phone::{Cdp, phone};

/// Waits for the User Timing mark `dxday-{name}`; its time in ms.
async fn mark(b: &fantoccini::Client, name: &str) -> anyhow::Result<f64> {
    for _ in 0..600 {
        let v = b
            .execute(
                "const m = performance.getEntriesByName('dxday-' + arguments[0]); return m.length ? m[m.length - 1].startTime : null;",
                vec![json!(name)],
            )
            .await?;
        if let Some(t) = v.as_f64() {
            return Ok(t);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = b
        .execute(
            "return [document.getElementById('status').textContent, performance.getEntriesByType('mark').map(m => m.name).join(' '), document.getElementById('photo').files.length];",
            vec![],
        )
        .await?;
    anyhow::bail!("no mark dxday-{name}: {state}")
}

/// The browser's floor for the chosen photo: decode, draw the centre square at 1080 px,
/// encode a PNG, straight through the platform's APIs.
const FLOOR: &str = "const done = arguments[arguments.length - 1];
const f = document.getElementById('photo').files[0];
const t0 = performance.now();
createImageBitmap(f, { imageOrientation: 'from-image' }).then(b => {
  const s = Math.min(b.width, b.height);
  const c = new OffscreenCanvas(1080, 1080);
  c.getContext('2d').drawImage(b, (b.width - s) / 2, (b.height - s) / 2, s, s, 0, 0, 1080, 1080);
  b.close();
  return c.convertToBlob({ type: 'image/png' });
}).then(() => done(performance.now() - t0), e => done(-1));";

/// Dragging: a finger on the preview moving once a frame for 60 frames; the time a
/// frame took, drawing included.
const DRAG: &str = "const done = arguments[arguments.length - 1];
const stage = document.getElementById('stage');
const r = stage.getBoundingClientRect();
const at = (type, x, y) => stage.dispatchEvent(new PointerEvent(type, { pointerId: 7, bubbles: true, clientX: x, clientY: y, pointerType: 'touch', isPrimary: true }));
stage.setPointerCapture = () => {};
let x = r.left + r.width / 2, y = r.top + r.height / 2, n = 0;
at('pointerdown', x, y);
requestAnimationFrame(() => {
  const t0 = performance.now();
  const step = () => {
    x += 1; y += 1; at('pointermove', x, y);
    if (++n < 60) requestAnimationFrame(step);
    else requestAnimationFrame(() => { at('pointerup', x, y); done((performance.now() - t0) / 61); });
  };
  requestAnimationFrame(step);
});";

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() >= 4,
        "usage: bench_studio BASE_URL CHROMEDRIVER_PORT PHOTO [RUNS]"
    );
    let (base, port, photo) = (&args[1], args[2].parse::<u16>()?, &args[3]);
    let runs: usize = args.get(4).map(|r| r.parse()).transpose()?.unwrap_or(5);
    let (mut preview, mut save, mut floor, mut drag) = (vec![], vec![], vec![], vec![]);
    let (mut clicked, mut ready) = (vec![], vec![]);
    for _ in 0..runs {
        let b = phone(port, (360, 740), None, None).await;
        b.issue_cmd(Cdp {
            method: "Emulation.setCPUThrottlingRate",
            params: json!({ "rate": 4 }),
        })
        .await?;
        b.goto(&format!("{base}/khung-anh")).await?;
        b.wait()
            .for_element(Locator::Css("#studio[aria-busy]"))
            .await?;
        b.find(Locator::Id("photo")).await?.send_keys(photo).await?;
        preview.push(mark(&b, "preview").await? - mark(&b, "pick").await?);
        ready.push(mark(&b, "ready").await? - mark(&b, "pick").await?);
        b.execute("document.getElementById('dl1080').click();", vec![])
            .await?;
        save.push(mark(&b, "saved").await? - mark(&b, "save").await?);
        // Again with a desktop mouse click (WebDriver's), where Chromium used to defer
        // a canvas's encode by seconds.
        b.execute("performance.clearMarks();", vec![]).await?;
        b.find(Locator::Id("dl1080")).await?.click().await?;
        clicked.push(mark(&b, "saved").await? - mark(&b, "save").await?);
        drag.push(
            b.execute_async(DRAG, vec![])
                .await?
                .as_f64()
                .unwrap_or(f64::NAN),
        );
        floor.push(
            b.execute_async(FLOOR, vec![])
                .await?
                .as_f64()
                .unwrap_or(f64::NAN),
        );
        b.close().await?;
    }
    let (p, _) = common::percentiles(preview);
    let (s, _) = common::percentiles(save);
    let (f, _) = common::percentiles(floor);
    let (d, _) = common::percentiles(drag);
    let (m, _) = common::percentiles(clicked);
    let (r, _) = common::percentiles(ready);
    println!("| 12-MP photo, 360×740, CPU ÷4 (median of {runs}) | ms |");
    println!("|---|---:|");
    println!("| choose → the photo under the frame | {p:.0} |");
    println!("| choose → ready to save (working bitmap) | {r:.0} |");
    println!("| save → framed PNG (1080²) | {s:.0} |");
    println!("| save after a mouse click | {m:.0} |");
    println!("| dxday in all (ready + save) | {:.0} |", r + s);
    println!("| browser floor (decode + draw + PNG) | {f:.0} |");
    println!("| dxday ÷ floor | {:.2} |", (r + s) / f);
    println!(
        "| a frame while dragging | {d:.1} ({:.0} frames/s) |",
        1000.0 / d
    );
    Ok(())
}
