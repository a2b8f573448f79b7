//! QR generation time per code, in process: SVG, PNG (512 and 1024 px) and the A4
//! sheet, for a kit link at levels M and H (median and p95 of many runs).
//!
//!   cargo run --release -p dxday --example bench_qr

mod common;

use dxday_media::qr::{self, Correction};

/// A measured code: its name, how many runs, and the work (returns the bytes made).
type Row = (&'static str, usize, Box<dyn Fn() -> usize>);

fn main() -> anyhow::Result<()> {
    let url = "https://cds.ngoquyen.haiphong.gov.vn/bo-nhan-dien?nam=2024";
    println!("| code | level | median ms | p95 ms | bytes |");
    println!("|---|---|---:|---:|---:|");
    for (ec, name) in [(Correction::Medium, "M"), (Correction::High, "H")] {
        let rows: [Row; 4] = [
            (
                "SVG",
                2000,
                Box::new(move || qr::svg(url, ec).map(|s| s.len()).unwrap_or(0)),
            ),
            (
                "PNG 512 px",
                1000,
                Box::new(move || qr::png(url, ec, 512).map(|b| b.len()).unwrap_or(0)),
            ),
            (
                "PNG 1024 px",
                500,
                Box::new(move || qr::png(url, ec, 1024).map(|b| b.len()).unwrap_or(0)),
            ),
            (
                "A4 sheet, 300 dpi PNG",
                10,
                Box::new(move || {
                    qr::poster_png(
                        url,
                        "Ngày Chuyển đổi số quốc gia năm 2024",
                        "Quét mã QR để mở",
                        ec,
                    )
                    .map(|b| b.len())
                    .unwrap_or(0)
                }),
            ),
        ];
        for (label, runs, f) in rows {
            let (p50, p95, bytes) = common::time(runs, f);
            anyhow::ensure!(bytes > 0, "{label} failed");
            println!("| {label} | {name} | {p50:.3} | {p95:.3} | {bytes} |");
        }
    }
    Ok(())
}
