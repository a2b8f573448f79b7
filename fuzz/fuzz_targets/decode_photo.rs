//! Any bytes given to the photo decoder and renderer: an error is fine, a panic, a
//! hang or an allocation beyond the limits is a bug.
#![no_main]

use std::sync::OnceLock;

use dxday_media::frame::{Aspect, Frame};
use dxday_media::geometry::Placement;
use dxday_media::render::{Format, compose_bytes, encode};
use libfuzzer_sys::fuzz_target;

fn frame() -> &'static Frame {
    static FRAME: OnceLock<Frame> = OnceLock::new();
    FRAME.get_or_init(|| {
        let img = image::RgbaImage::from_fn(64, 64, |x, y| {
            let (dx, dy) = (f64::from(x) - 32.0, f64::from(y) - 32.0);
            if (dx * dx + dy * dy).sqrt() < 24.0 { image::Rgba([0, 0, 0, 0]) } else { image::Rgba([200, 16, 46, 255]) }
        });
        Frame::from_rgba(img, Aspect::Square).expect("a valid frame")
    })
}

fuzz_target!(|data: &[u8]| {
    let turns = data.first().map_or(0, |b| b % 4);
    let placement = Placement { quarter_turns: turns, ..Placement::default() };
    if let Ok(composed) = compose_bytes(data, frame(), &placement, 64) {
        let _ = encode(&composed, Format::Png);
    }
});
