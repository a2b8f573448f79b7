//! VietQR per merchant, in process: the payload built (and parsed back), its QR as PNG
//! (512 px) and SVG, one A6 standee (300 dpi PNG), and the standee sheet of a 200-shop
//! street (50 A4 pages, PDF). Then the public page `/tuyen-pho-so` over HTTP on
//! loopback for a district of 12 wards × 10 streets × 20 shops (2 400 shops, every one
//! with its VietQR), whole and searched, and one shop's QR (SVG) as the page loads it.
//! Median and p95 of repeated runs.
//!
//!   cargo run --release -p dxday --example bench_vietqr

mod common;

use dxday_domain::vietqr::{self, VietQr};
use dxday_media::qr::{self, Correction};
use dxday_media::standee::{self, Standee};

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

/// Seeds every ward (kind `ward`) of the demo district with `streets` streets of `shops` shops each,
/// all taking VietQR; the first three streets of each ward launched.
async fn seed_district(db: &dxday_store::Db, streets: usize, shops: usize) -> anyhow::Result<i64> {
    use dxday_domain::payment::{MerchantData, MerchantKind, Methods, StreetData, StreetStatus};
    use dxday_store::{payments, units};
    db.migrate().await?;
    dxday_store::demo::load_if_empty(db, &dxday_domain::Scope::system()).await?;
    let wards: Vec<_> = units::directory(db)
        .await?
        .into_iter()
        .filter(|u| u.data.kind.as_str() == "ward")
        .map(|u| u.id)
        .collect();
    let mut last = dxday_domain::MerchantId(0);
    for (w, ward) in wards.iter().enumerate() {
        for s in 0..streets {
            let mut street = StreetData {
                name: format!("Phố thử {w}-{s}"),
                segment_from: Some("Ngã tư Lạch Tray".into()),
                segment_to: Some("Cầu Đất".into()),
                status: StreetStatus::Deploying,
                decision_number: None,
                decision_date: None,
                launch_date: None,
                target_percent: 100,
            };
            let id = payments::insert_street(db, None, *ward, &street).await?;
            for m in 0..shops {
                let data = MerchantData {
                    name: format!("Cửa hàng {m} phố {w}-{s}"),
                    kind: MerchantKind::Household,
                    category: Some("Ăn uống".into()),
                    address: format!("{m} phố thử {w}-{s}"),
                    phone: None,
                    methods: Methods {
                        bank_qr: true,
                        card: m % 3 == 0,
                        ewallet: m % 2 == 0,
                    },
                    bank_bin: Some("970436".into()),
                    account_number: Some(format!("{:013}", 11_001_932_418u64 + last.0 as u64)),
                    account_holder: Some("NGUYEN THI HOA".into()),
                    verified_on: None,
                    verified_by: None,
                };
                last = payments::insert_merchant(db, None, id, *ward, &data)
                    .await?
                    .ok_or_else(|| anyhow::anyhow!("street of the ward"))?;
            }
            if s < 3 {
                street.status = StreetStatus::Launched;
                street.launch_date = Some(time::macros::date!(2024 - 10 - 01));
                payments::update_street(db, None, id, *ward, &street).await?;
            }
        }
    }
    Ok(last.0)
}

/// The public pages over HTTP on loopback: (label, runs, median, p95, bytes).
async fn public_pages() -> anyhow::Result<Vec<(String, usize, f64, f64, usize)>> {
    let dir = tempfile::tempdir()?;
    let config = dxday::config::Config::loopback(dir.path(), None);
    let db = dxday::app::open_db(&config).await?;
    let shop = seed_district(&db, 10, 20).await?;
    sqlx::query::<sqlx::Any>("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(db.pool())
        .await?;
    let app = dxday::app::App::build(&config, db).await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let mut out = Vec::new();
    for (label, path, runs, gzip) in [
        (
            "public page, 12 wards, 120 streets, 2 400 shops",
            "/tuyen-pho-so".to_string(),
            30,
            false,
        ),
        (
            "the same, gzip (as browsers ask)",
            "/tuyen-pho-so".to_string(),
            30,
            true,
        ),
        (
            "public page searched (?q=cua hang 7)",
            "/tuyen-pho-so?q=cua+hang+7".to_string(),
            30,
            false,
        ),
        (
            "one shop's VietQR, SVG",
            format!("/tuyen-pho-so/qr/{shop}.svg"),
            500,
            false,
        ),
    ] {
        let url = format!("{base}{path}");
        let request = || {
            let req = client.get(&url);
            // reqwest is built without decompression: the bytes counted are those sent.
            if gzip {
                req.header("accept-encoding", "gzip")
            } else {
                req
            }
        };
        let (p50, p95, size) = common::http_times(request, runs).await?;
        out.push((label.to_string(), runs, p50, p95, size));
    }
    Ok(out)
}

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
                standee::sheet_pdf(&cards, &|| false)
                    .map(|b| b.len())
                    .unwrap_or(0)
            }),
        ),
    ];
    for (label, runs, f) in rows {
        let (p50, p95, bytes) = common::time(runs, f);
        anyhow::ensure!(bytes > 0, "{label} failed");
        println!("| {label} | {runs} | {p50:.4} | {p95:.4} | {bytes} |");
    }
    let pages = tokio::runtime::Runtime::new()?.block_on(public_pages())?;
    for (label, runs, p50, p95, bytes) in pages {
        println!("| {label} | {runs} | {p50:.4} | {p95:.4} | {bytes} |");
    }
    Ok(())
}
