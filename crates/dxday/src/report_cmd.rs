//! `dxday report export`: a request's consolidated results as XLSX (a summary sheet and
//! the request's sheet) or as the báo cáo in the Decree 30 form (DOCX).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dxday_store::reports;

use crate::app::open_db;
use crate::config::Config;

/// Report commands.
#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// Write a request's consolidated report.
    Export {
        /// The request's id (shown in its address, /quan-tri/bao-cao/ID).
        #[arg(long)]
        request: i64,
        /// xlsx or docx.
        #[arg(long, value_parser = ["xlsx", "docx"])]
        format: String,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs a report command.
pub async fn run(config: &Config, command: ReportCommand) -> anyhow::Result<ExitCode> {
    let ReportCommand::Export {
        request,
        format,
        out,
    } = command;
    let db = open_db(config).await?;
    let bytes = if format == "docx" {
        dxday_app::reports::consolidated_docx(&db, dxday_domain::RequestId(request))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?
    } else {
        match reports::consolidated(&db, dxday_domain::RequestId(request)).await? {
            Some(c) => Some(
                dxday_app::reports::consolidated_xlsx(
                    dxday_app::Lang::Vi,
                    &[c],
                    &dxday_app::campaign::office_heading(&db).await?,
                )
                .map_err(|e| anyhow::anyhow!("{e}"))?,
            ),
            None => None,
        }
    }
    .with_context(|| format!("no report request with id {request}"))?;
    std::fs::write(&out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{request} → {}", out.display());
    Ok(ExitCode::SUCCESS)
}
