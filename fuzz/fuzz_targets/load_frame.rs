//! Any bytes uploaded as a frame: refused with an error or accepted, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = dxday_media::frame::Frame::from_png(data);
});
