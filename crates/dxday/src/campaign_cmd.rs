//! `dxday campaign report`: the results report of a year's campaign, as the office
//! sends it upward — the báo cáo (DOCX, or PDF through LibreOffice) or every indicator
//! by unit (XLSX).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dxday_domain::Scope;

use crate::app::open_db;
use crate::config::Config;

/// Campaign commands.
#[derive(Debug, clap::Subcommand)]
pub enum CampaignCommand {
    /// Write the results report of a year's campaign.
    Report {
        /// The campaign's year.
        #[arg(long)]
        year: i32,
        /// docx, pdf or xlsx.
        #[arg(long, value_parser = ["docx", "pdf", "xlsx"])]
        format: String,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs a campaign command as the system.
pub async fn run(config: &Config, command: CampaignCommand) -> anyhow::Result<ExitCode> {
    let CampaignCommand::Report { year, format, out } = command;
    let db = open_db(config).await?;
    let system = Scope::system();
    let campaign = dxday_store::campaigns::list(&db)
        .await?
        .into_iter()
        .find(|c| c.data.year == year)
        .with_context(|| format!("no campaign of {year}"))?;
    let bytes = match format.as_str() {
        "xlsx" => {
            dxday_app::indicators::report::results_xlsx(
                &db,
                &system,
                dxday_app::Lang::Vi,
                campaign.id,
            )
            .await?
        }
        _ => {
            let docx =
                dxday_app::indicators::report::results_docx(&db, &system, campaign.id).await?;
            if format == "pdf" {
                tokio::task::spawn_blocking(move || dxday_media::pdf::from_docx(&docx)).await??
            } else {
                docx
            }
        }
    };
    std::fs::write(&out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{year} → {}", out.display());
    Ok(ExitCode::SUCCESS)
}
