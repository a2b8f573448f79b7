//! `dxday document export`: a document as DOCX (or PDF through LibreOffice), found by
//! its number and year or by its id.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dxday_domain::DocumentId;
use dxday_store::documents;

use crate::app::open_db;
use crate::config::Config;

/// Document commands.
#[derive(Debug, clap::Subcommand)]
pub enum DocumentCommand {
    /// Write a document as DOCX or PDF.
    Export {
        /// Number and symbol as printed, e.g. 05/VHTT or 224/KH-UBND.
        #[arg(long, conflicts_with = "id", requires = "year")]
        number: Option<String>,
        /// The year of the number.
        #[arg(long)]
        year: Option<i64>,
        /// The document's id (drafts have no number).
        #[arg(long)]
        id: Option<i64>,
        /// docx or pdf (pdf needs LibreOffice).
        #[arg(long, default_value = "docx", value_parser = ["docx", "pdf"])]
        format: String,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Splits "05/VHTT" into (5, "VHTT").
fn number_and_symbol(s: &str) -> anyhow::Result<(i64, String)> {
    let Some((n, sym)) = s.trim().split_once('/') else {
        bail!("--number must look like 05/VHTT, not {s:?}");
    };
    let n: i64 = n
        .trim()
        .parse()
        .ok()
        .filter(|n| *n >= 1)
        .with_context(|| format!("--number must start with a number ≥ 1, not {n:?}"))?;
    Ok((n, sym.trim().to_string()))
}

/// Runs a document command.
pub async fn run(config: &Config, command: DocumentCommand) -> anyhow::Result<ExitCode> {
    let DocumentCommand::Export {
        number,
        year,
        id,
        format,
        out,
    } = command;
    let db = open_db(config).await?;
    let doc = match (number, id) {
        (Some(number), _) => {
            let (n, symbol) = number_and_symbol(&number)?;
            let year = year.context("--number needs --year")?;
            documents::find_by_number(&db, n, &symbol, year)
                .await?
                .with_context(|| format!("no document {number} of {year}"))?
        }
        (None, Some(id)) => documents::get(&db, DocumentId(id))
            .await?
            .with_context(|| format!("no document with id {id}"))?,
        (None, None) => bail!("give --number N/SYMBOL --year YYYY, or --id ID"),
    };
    let printed = dxday_app::honours::printed_for(&db, &doc).await?;
    let docx = dxday_media::docx::render(&printed)?;
    let bytes = if format == "pdf" {
        tokio::task::spawn_blocking(move || dxday_media::pdf::from_docx(&docx)).await??
    } else {
        docx
    };
    std::fs::write(&out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{} → {}", doc.number_symbol(), out.display());
    Ok(ExitCode::SUCCESS)
}
