//! `dxday frame`: one photo, a folder or a ZIP of photos, framed by the same renderer
//! as the server.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use dxday_media::bulk::{self, Report};
use dxday_media::frame::Frame;
use dxday_media::geometry::Placement;
use dxday_media::render::{self, Format, encode};
use dxday_media::{Limits, MediaError, decode};
use indicatif::{ProgressBar, ProgressStyle};

/// The arguments of `dxday frame`.
#[derive(Debug, clap::Args)]
pub struct FrameArgs {
    /// The frame: a PNG with a transparent window.
    #[arg(long)]
    pub frame: PathBuf,
    /// One photo (JPEG or PNG).
    #[arg(long, conflicts_with = "photos", required_unless_present = "photos")]
    pub photo: Option<PathBuf>,
    /// A folder or a .zip of photos, framed into the ZIP given by --out.
    #[arg(long)]
    pub photos: Option<PathBuf>,
    /// Where to write the image (or the ZIP with --photos). Repeat it to write several
    /// formats of one photo from one render (`--out a.png --out a.jpg`).
    #[arg(long, required = true)]
    pub out: Vec<PathBuf>,
    /// Output width in pixels (the height follows the frame's shape).
    #[arg(long, default_value_t = 1080)]
    pub size: u32,
    /// png or jpg (default: from the extension of --out; png for a ZIP); with --photos
    /// also `both`, a PNG and a JPEG of every photo.
    #[arg(long, value_parser = ["png", "jpg", "jpeg", "both"])]
    pub format: Option<String>,
    /// Zoom (1 = the photo just covers the frame).
    #[arg(long, default_value_t = 1.0)]
    pub zoom: f64,
    /// Horizontal centre of the photo in the frame, 0–1.
    #[arg(long, default_value_t = 0.5)]
    pub center_x: f64,
    /// Vertical centre of the photo in the frame, 0–1.
    #[arg(long, default_value_t = 0.5)]
    pub center_y: f64,
    /// Clockwise quarter turns, 0–3.
    #[arg(long, default_value_t = 0)]
    pub turns: u8,
    /// Worker threads for --photos (default: every core).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// No progress bar.
    #[arg(long)]
    pub quiet: bool,
}

fn format_of(args: &FrameArgs, out: &Path, default: Format) -> Format {
    let ext = out
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match args.format.as_deref().or(ext.as_deref()) {
        Some("jpg" | "jpeg") => Format::Jpeg,
        Some("png") => Format::Png,
        _ => default,
    }
}

/// Runs `dxday frame`.
pub fn run(args: &FrameArgs) -> anyhow::Result<ExitCode> {
    let frame_bytes = std::fs::read(&args.frame)
        .with_context(|| format!("cannot read the frame {}", args.frame.display()))?;
    let frame_error = |e: MediaError| anyhow::anyhow!("the frame {}: {e}", args.frame.display());
    if let Some(photo) = &args.photo {
        return one_photo(args, photo, &frame_bytes, frame_error);
    }
    let frame = Frame::from_png(&frame_bytes).map_err(frame_error)?;
    let Some(source) = &args.photos else {
        bail!("give --photo FILE or --photos DIR|ZIP")
    };
    let [out_path] = args.out.as_slice() else {
        bail!("--photos writes one ZIP: give one --out")
    };
    let formats: &[Format] = match args.format.as_deref() {
        Some("jpg" | "jpeg") => &[Format::Jpeg],
        Some("both") => &[Format::Png, Format::Jpeg],
        _ => &[Format::Png],
    };
    let workers = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let out = std::fs::File::create(out_path)
        .with_context(|| format!("cannot create {}", out_path.display()))?;
    let report = if source.is_dir() {
        let (count, items) = bulk::folder_items(source)
            .with_context(|| format!("cannot list {}", source.display()))?;
        run_bulk(args, count, items, &frame, formats, workers, out)?
    } else {
        let file = std::fs::File::open(source)
            .with_context(|| format!("cannot open {}", source.display()))?;
        let (count, items) =
            bulk::zip_items(file).map_err(|e| anyhow::anyhow!("{}: {e}", source.display()))?;
        run_bulk(args, count, items, &frame, formats, workers, out)?
    };
    for f in &report.failed {
        eprintln!("dxday: {}: {}", f.name, f.error);
    }
    eprintln!(
        "{} framed, {} failed → {}",
        report.framed,
        report.failed.len(),
        out_path.display()
    );
    Ok(if report.failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// One photo: the frame is decoded on one core while the photo is decoded on another
/// (the output size needs only the frame's header), and the outputs are encoded in
/// parallel too.
fn one_photo(
    args: &FrameArgs,
    photo: &Path,
    frame_bytes: &[u8],
    frame_error: impl Fn(MediaError) -> anyhow::Error,
) -> anyhow::Result<ExitCode> {
    let placement = Placement {
        quarter_turns: args.turns,
        zoom: args.zoom,
        center_x: args.center_x,
        center_y: args.center_y,
    };
    let header = decode::probe(frame_bytes, &Limits::FRAME).map_err(&frame_error)?;
    let out = render::output_size((header.width, header.height), args.size)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let bytes = std::fs::read(photo)
        .with_context(|| format!("cannot read the photo {}", photo.display()))?;
    // One step after the other, each buffer freed before the next is made: the photo's
    // file, its decoded pixels, the resized crop, then the frame. Decoding the frame
    // alongside the photo would save ~8 ms but hold both at once (peak RSS +8 MB).
    let photo_error = |e: MediaError| anyhow::anyhow!("{}: {e}", photo.display());
    let stored = render::decode_for_output(&bytes, &placement, out).map_err(photo_error)?;
    drop(bytes);
    let placed = render::place_decoded(stored, &placement, out).map_err(photo_error)?;
    let frame = Frame::from_png(frame_bytes).map_err(&frame_error)?;
    let composed = render::overlay(placed, &frame).map_err(photo_error)?;
    let results: Vec<anyhow::Result<()>> = std::thread::scope(|s| {
        let jobs: Vec<_> = args
            .out
            .iter()
            .map(|path| {
                let composed = &composed;
                s.spawn(move || {
                    let encoded = encode(composed, format_of(args, path, Format::Png))
                        .map_err(|e| anyhow::anyhow!("{e}"))?;
                    std::fs::write(path, encoded)
                        .with_context(|| format!("cannot write {}", path.display()))
                })
            })
            .collect();
        jobs.into_iter()
            .map(|j| {
                j.join()
                    .unwrap_or_else(|_| Err(anyhow::anyhow!("an encoder stopped")))
            })
            .collect()
    });
    results.into_iter().collect::<anyhow::Result<Vec<()>>>()?;
    Ok(ExitCode::SUCCESS)
}

fn run_bulk(
    args: &FrameArgs,
    count: usize,
    items: impl Iterator<Item = Result<bulk::Item, bulk::Failure>> + Send,
    frame: &Frame,
    formats: &[Format],
    workers: usize,
    out: std::fs::File,
) -> anyhow::Result<Report> {
    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(count as u64)
    };
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} {msg} ({eta})") {
        bar.set_style(style);
    }
    let report = bulk::frame_all(
        items,
        frame,
        args.size,
        formats,
        workers,
        std::io::BufWriter::new(out),
        |done, failed| {
            bar.set_position((done + failed) as u64);
            if failed > 0 {
                bar.set_message(format!("{failed} failed"));
            }
        },
    )
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    bar.finish_and_clear();
    Ok(report)
}
