//! VietQR per merchant, in process: the payload built (and parsed back), its QR as PNG
//! (512 px) and SVG, one A6 standee (300 dpi PNG), and the standee sheet of a 200-shop
//! street (50 A4 pages, PDF). Median and p95 of repeated runs.
//!
//!   cargo run --release -p dxday --example bench_vietqr

use std::time::Instant;

use dxday_domain::vietqr::{self, VietQr};
use dxday_media::qr::{self, Correction};
use dxday_media::standee::{self, Standee};

fn percentiles(mut v: Vec<f64>) -> (f64, f64) {
    v.sort_by(f64::total_cmp);
    let p = |q: f64| v[((v.len() - 1) as f64 * q).round() as usize];
    (p(0.5), p(0.95))
}

fn time(runs: usize, mut f: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut t = Vec::with_capacity(runs);
    let mut size = 0;
    for _ in 0..runs {
        let start = Instant::now();
        size = f();
        t.push(start.elapsed().as_secs_f64() * 1e3);
    }
    let (p50, p95) = percentiles(t);
    (p50, p95, size)
}

fn card(i: u64) -> Standee {
    let account = format!("{:013}", 11_001_932_418u64 + i);
    Standee {
        payload: VietQr::new("970436", &account, None, None, None)
            .expect("valid")
            .payload(),
        shop: format!("Cửa hàng số {i} phố Lê Lợi"),
        bank: "Vietcombank".into(),
        account,
        holder: "NGUYEN THI HOA".into(),
        mark: "Ngày Chuyển đổi số quốc gia năm 2024".into(),
        month: "Tháng 10 – Tháng tiêu dùng số".into(),
        call: "Quét mã VietQR để thanh toán".into(),
    }
}

/// A measured piece of work: its name, how many runs, and the work (returns the bytes made).
type Row<'a> = (&'static str, usize, Box<dyn Fn() -> usize + 'a>);

fn main() -> anyhow::Result<()> {
    let payload = VietQr::new(
        "970436",
        "0011001932418",
        None,
        None,
        Some("NGUYEN THI HOA"),
    )?
    .payload();
    println!("| work | runs | median ms | p95 ms | bytes |");
    println!("|---|---:|---:|---:|---:|");
    let rows: Vec<Row> = vec![
        (
            "payload built (static, with name)",
            20_000,
            Box::new(|| {
                VietQr::new(
                    "970436",
                    "0011001932418",
                    None,
                    None,
                    Some("NGUYEN THI HOA"),
                )
                .map(|q| q.payload().len())
                .unwrap_or(0)
            }),
        ),
        (
            "payload parsed and checked (CRC)",
            20_000,
            Box::new(|| {
                vietqr::parse(&payload)
                    .map(|q| q.account.len())
                    .unwrap_or(0)
            }),
        ),
        (
            "payload + QR PNG 512 px",
            1_000,
            Box::new(|| {
                let p = VietQr::new("970436", "0011001932418", None, None, None)
                    .map(|q| q.payload())
                    .unwrap_or_default();
                qr::png(&p, Correction::Medium, 512)
                    .map(|b| b.len())
                    .unwrap_or(0)
            }),
        ),
        (
            "payload + QR SVG",
            2_000,
            Box::new(|| {
                let p = VietQr::new("970436", "0011001932418", None, None, None)
                    .map(|q| q.payload())
                    .unwrap_or_default();
                qr::svg(&p, Correction::Medium)
                    .map(|s| s.len())
                    .unwrap_or(0)
            }),
        ),
        (
            "A6 standee, 300 dpi PNG",
            20,
            Box::new(|| standee::png(&card(1)).map(|b| b.len()).unwrap_or(0)),
        ),
        (
            "standee sheet, 200 shops (50 A4 pages, PDF)",
            3,
            Box::new(|| {
                let cards: Vec<Standee> = (0..200).map(card).collect();
                standee::sheet_pdf(&cards).map(|b| b.len()).unwrap_or(0)
            }),
        ),
    ];
    for (label, runs, f) in rows {
        let (p50, p95, bytes) = time(runs, f);
        anyhow::ensure!(bytes > 0, "{label} failed");
        println!("| {label} | {runs} | {p50:.4} | {p95:.4} | {bytes} |");
    }
    Ok(())
}
