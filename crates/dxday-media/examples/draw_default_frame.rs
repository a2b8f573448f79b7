//! Writes the built-in frame to a PNG for a look: `cargo run -p dxday-media --example draw_default_frame -- out.png`.

fn main() {
    let out = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "default-frame.png".into());
    let text = dxday_media::default_frame::FrameText {
        title: "Ngày Chuyển đổi số quốc gia".into(),
        date: "10.10.2024".into(),
    };
    match dxday_media::default_frame::draw(&text, 1080) {
        Ok(img) => {
            if let Err(e) = img.save(&out) {
                eprintln!("cannot write {out}: {e}");
                std::process::exit(1);
            }
        }
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
