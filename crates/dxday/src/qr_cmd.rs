//! `dxday qr TEXT --out FILE.png|FILE.svg`: a QR code of any text, or with `--a4` a
//! printable A4 sheet (300 dpi PNG) with a title, the code and the text written out.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dxday_media::qr::{self, Correction};

/// The arguments of `dxday qr`.
#[derive(Debug, clap::Args)]
pub struct QrArgs {
    /// The text to encode (usually a link).
    pub text: String,
    /// Where to write it: .png or .svg.
    #[arg(long)]
    pub out: PathBuf,
    /// Error correction: L, M, Q or H (H survives a logo or wear on a printed code).
    #[arg(long, default_value = "M")]
    pub ec: String,
    /// Width of a PNG in pixels (64–4096), quiet zone included.
    #[arg(long, default_value_t = 1024)]
    pub size: u32,
    /// A printable A4 sheet (PNG, 300 dpi) instead of the code alone.
    #[arg(long)]
    pub a4: bool,
    /// The sheet's title (with --a4).
    #[arg(long, default_value = "")]
    pub title: String,
}

/// Writes the code.
pub fn run(args: &QrArgs) -> anyhow::Result<ExitCode> {
    if args.text.is_empty() {
        bail!("give the text to encode");
    }
    let ec = Correction::parse(&args.ec)
        .with_context(|| format!("--ec must be L, M, Q or H, not {:?}", args.ec))?;
    let ext = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let bytes = match (ext.as_str(), args.a4) {
        ("png", true) => qr::poster_png(&args.text, &args.title, "Quét mã QR để mở", ec)?,
        ("png", false) => {
            if !(64..=4096).contains(&args.size) {
                bail!(
                    "--size must be between 64 and 4096 pixels, not {}",
                    args.size
                );
            }
            qr::png(&args.text, ec, args.size)?
        }
        ("svg", false) => qr::svg(&args.text, ec)?.into_bytes(),
        ("svg", true) => bail!("--a4 writes a PNG: give --out FILE.png"),
        _ => bail!("--out must end in .png or .svg"),
    };
    std::fs::write(&args.out, bytes)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!("{}", args.out.display());
    Ok(ExitCode::SUCCESS)
}
