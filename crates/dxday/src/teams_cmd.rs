//! `dxday teams export`: the community teams' roll-up for a campaign's period as XLSX
//! (a summary per ward and indicator, then a sheet per ward of its residential groups).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dxday_domain::Scope;
use dxday_store::campaigns;

use crate::app::open_db;
use crate::config::Config;

/// Community teams commands.
#[derive(Debug, clap::Subcommand)]
pub enum TeamsCommand {
    /// Write the roll-up of a campaign's period.
    Export {
        /// The campaign's year (e.g. 2026).
        #[arg(long)]
        campaign: i32,
        /// xlsx (the only format for now).
        #[arg(long, value_parser = ["xlsx"])]
        format: String,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs a teams command.
pub async fn run(config: &Config, command: TeamsCommand) -> anyhow::Result<ExitCode> {
    let TeamsCommand::Export { campaign, out, .. } = command;
    let db = open_db(config).await?;
    let c = campaigns::list(&db)
        .await?
        .into_iter()
        .find(|c| c.data.year == campaign)
        .with_context(|| format!("no campaign for the year {campaign}"))?;
    let cadence = dxday_store::teams::cadence(&db).await?;
    let months = dxday_app::teams::campaign_periods(&c.data, cadence);
    let bytes =
        dxday_app::teams::rollup_workbook(&db, &Scope::system(), dxday_app::Lang::Vi, &months)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    std::fs::write(&out, bytes).with_context(|| format!("cannot write {}", out.display()))?;
    println!(
        "{} ({} – {}) → {}",
        c.data.title,
        months
            .first()
            .map(|m| dxday_app::format::report_period(dxday_app::Lang::Vi, *m))
            .unwrap_or_default(),
        months
            .last()
            .map(|m| dxday_app::format::report_period(dxday_app::Lang::Vi, *m))
            .unwrap_or_default(),
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}
