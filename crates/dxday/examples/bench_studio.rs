//! Benchmark of the avatar studio in a real headless Chromium at 360 × 740 with the
//! CPU slowed down four times (a mid-range phone): from choosing a 12-MP photo to the
//! photo shown under the frame (a small decode) and to the working bitmap that saves
//! are drawn from, from tapping save to the framed PNG, and
//! one drag step; against the browser's own floor for the same photo (decode, draw at
//! 1080 px, encode a PNG, with nothing of dxday in between). Like against like: the
//! first photo of a fresh session against the floor in a fresh session of the same
//! page, and the same photo chosen again against the floor again in that page.
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

/// A session at 360 × 740 with the CPU slowed four times, on the studio page.
async fn studio_page(port: u16, base: &str) -> anyhow::Result<fantoccini::Client> {
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
    Ok(b)
}

/// The floor in a fresh session, cold as the studio's first photo is: the same page,
/// its picker cloned without the studio's listener, the photo chosen, the floor run.
async fn cold_floor(port: u16, base: &str, photo: &str) -> anyhow::Result<f64> {
    let b = studio_page(port, base).await?;
    b.execute(
        "const p = document.getElementById('photo'); p.replaceWith(p.cloneNode());",
        vec![],
    )
    .await?;
    b.find(Locator::Id("photo")).await?.send_keys(photo).await?;
    let t = floor(&b).await;
    b.close().await?;
    t
}

/// The floor for the photo chosen in the page, in ms.
async fn floor(b: &fantoccini::Client) -> anyhow::Result<f64> {
    let t = b.execute_async(FLOOR, vec![]).await?.as_f64();
    t.filter(|t| *t >= 0.0)
        .ok_or_else(|| anyhow::anyhow!("the floor failed"))
}

/// Chooses the photo in the studio: (photo shown, ready to save) after choosing, in ms.
async fn pick(b: &fantoccini::Client, photo: &str) -> anyhow::Result<(f64, f64)> {
    b.execute(
        "performance.clearMarks(); document.getElementById('photo').value = '';",
        vec![],
    )
    .await?;
    b.find(Locator::Id("photo")).await?.send_keys(photo).await?;
    let t0 = mark(b, "pick").await?;
    Ok((mark(b, "preview").await? - t0, mark(b, "ready").await? - t0))
}

/// Taps save, by script as a touch does not wait for a frame, or with a desktop mouse
/// click (WebDriver's), where Chromium used to defer a canvas's encode by seconds: its
/// time in ms.
async fn save(b: &fantoccini::Client, mouse: bool) -> anyhow::Result<f64> {
    b.execute(
        "performance.clearMarks('dxday-save'); performance.clearMarks('dxday-saved');",
        vec![],
    )
    .await?;
    if mouse {
        b.find(Locator::Id("dl1080")).await?.click().await?;
    } else {
        b.execute("document.getElementById('dl1080').click();", vec![])
            .await?;
    }
    Ok(mark(b, "saved").await? - mark(b, "save").await?)
}

#[derive(Default)]
struct Times {
    preview: Vec<f64>,
    ready: Vec<f64>,
    save: Vec<f64>,
    clicked: Vec<f64>,
    drag: Vec<f64>,
    floor: Vec<f64>,
    warm_ready: Vec<f64>,
    warm_save: Vec<f64>,
    warm_floor: Vec<f64>,
}

fn median(v: &[f64]) -> f64 {
    common::percentiles(v.to_vec()).0
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    anyhow::ensure!(
        args.len() >= 4,
        "usage: bench_studio BASE_URL CHROMEDRIVER_PORT PHOTO [RUNS]"
    );
    let (base, port, photo) = (&args[1], args[2].parse::<u16>()?, &args[3]);
    let runs: usize = args.get(4).map(|r| r.parse()).transpose()?.unwrap_or(5);
    let mut t = Times::default();
    for _ in 0..runs {
        t.floor.push(cold_floor(port, base, photo).await?);
        let b = studio_page(port, base).await?;
        // The first photo in a fresh session: what a person meets.
        let (p, r) = pick(&b, photo).await?;
        t.preview.push(p);
        t.ready.push(r);
        t.save.push(save(&b, false).await?);
        t.clicked.push(save(&b, true).await?);
        t.drag.push(
            b.execute_async(DRAG, vec![])
                .await?
                .as_f64()
                .unwrap_or(f64::NAN),
        );
        // The same photo again in the same page (decoders warm), then the floor warm.
        let (_, r) = pick(&b, photo).await?;
        t.warm_ready.push(r);
        t.warm_save.push(save(&b, false).await?);
        t.warm_floor.push(floor(&b).await?);
        b.close().await?;
    }
    let (p, r, s, f) = (
        median(&t.preview),
        median(&t.ready),
        median(&t.save),
        median(&t.floor),
    );
    let (wr, ws, wf) = (
        median(&t.warm_ready),
        median(&t.warm_save),
        median(&t.warm_floor),
    );
    let d = median(&t.drag);
    println!("| 12-MP photo, 360×740, CPU ÷4 (median of {runs}) | ms |");
    println!("|---|---:|");
    println!("| choose → the photo under the frame | {p:.0} |");
    println!("| choose → ready to save (working bitmap) | {r:.0} |");
    println!("| save → framed PNG (1080²) | {s:.0} |");
    println!("| save after a mouse click | {:.0} |", median(&t.clicked));
    println!("| dxday: photo shown + save | {:.0} |", p + s);
    println!("| dxday: ready + save | {:.0} |", r + s);
    println!("| browser floor, fresh page (decode + draw + PNG) | {f:.0} |");
    println!("| (photo shown + save) ÷ floor | {:.2} |", (p + s) / f);
    println!("| (ready + save) ÷ floor | {:.2} |", (r + s) / f);
    println!("| the same photo again: ready + save | {:.0} |", wr + ws);
    println!("| browser floor again, same page | {wf:.0} |");
    println!("| again: (ready + save) ÷ floor | {:.2} |", (wr + ws) / wf);
    println!(
        "| a frame while dragging | {d:.1} ({:.0} frames/s) |",
        1000.0 / d
    );
    Ok(())
}
