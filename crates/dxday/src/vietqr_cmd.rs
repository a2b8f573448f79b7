//! `dxday vietqr`: the VietQR payload of a bank account (and its image), or the
//! fields of a payload read back.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dxday_domain::banks;
use dxday_domain::vietqr::{self, VietQr};
use dxday_media::qr::{self, Correction};

/// The arguments of `dxday vietqr`.
#[derive(Debug, clap::Args)]
pub struct VietQrArgs {
    /// Read a payload and print its fields as JSON (or say what is wrong and where).
    #[arg(long, conflicts_with_all = ["bin", "account", "amount", "purpose", "name", "png", "svg"])]
    pub parse: Option<String>,
    /// The bank's BIN (6 digits, NAPAS member list), e.g. 970436 for Vietcombank.
    #[arg(long, required_unless_present = "parse")]
    pub bin: Option<String>,
    /// The account number (digits).
    #[arg(long, required_unless_present = "parse")]
    pub account: Option<String>,
    /// An amount in đồng (120000 or 120.000): a dynamic code; none: the payer types it.
    #[arg(long)]
    pub amount: Option<String>,
    /// The transfer's purpose (at most 25 characters, written without accents).
    #[arg(long)]
    pub purpose: Option<String>,
    /// The account holder or shop name (tag 59, at most 25 characters).
    #[arg(long)]
    pub name: Option<String>,
    /// Also write the code as a PNG (1024 px).
    #[arg(long)]
    pub png: Option<PathBuf>,
    /// Also write the code as an SVG.
    #[arg(long)]
    pub svg: Option<PathBuf>,
}

/// Prints the payload (writing its images), or the fields of `--parse`.
pub fn run(args: &VietQrArgs) -> anyhow::Result<ExitCode> {
    if let Some(payload) = &args.parse {
        let q = vietqr::parse(payload.trim()).map_err(|e| anyhow::anyhow!("{e}"))?;
        let bank = banks::find(banks::embedded(), &q.bin);
        let json = serde_json::json!({
            "bin": q.bin,
            "bank": bank.map(|b| b.short_name.as_str()),
            "account": q.account,
            "service": q.service,
            "dynamic": q.amount.is_some(),
            "amount": q.amount,
            "purpose": q.purpose,
            "bill_number": q.bill_number,
            "merchant_name": q.merchant_name,
            "merchant_city": q.merchant_city,
        });
        println!("{}", serde_json::to_string_pretty(&json)?);
        return Ok(ExitCode::SUCCESS);
    }
    let (Some(bin), Some(account)) = (&args.bin, &args.account) else {
        bail!("give --bin and --account, or --parse PAYLOAD");
    };
    vietqr::check_bin(bin.trim()).map_err(|e| anyhow::anyhow!("--bin: {e}"))?;
    if banks::find(banks::embedded(), bin.trim()).is_none_or(|b| b.bin != bin.trim()) {
        bail!("--bin: {bin} is not in the NAPAS member list");
    }
    let amount = match args
        .amount
        .as_deref()
        .map(dxday_domain::report::parse_number)
    {
        None => None,
        Some(Ok(Some(n))) if n > 0 => Some(n as u64),
        Some(_) => bail!(
            "--amount must be a whole number of đồng above 0, e.g. 120000 or 120.000, not {:?}",
            args.amount.as_deref().unwrap_or_default()
        ),
    };
    let q = VietQr::new(
        bin,
        account,
        amount,
        args.purpose.as_deref(),
        args.name.as_deref(),
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    let payload = q.payload();
    if let Some(path) = &args.png {
        std::fs::write(path, qr::png(&payload, Correction::Medium, 1024)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &args.svg {
        std::fs::write(path, qr::svg(&payload, Correction::Medium)?)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    println!("{payload}");
    Ok(ExitCode::SUCCESS)
}
