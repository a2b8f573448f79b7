//! `dxday banks`: the NAPAS member list in force (VietQR banks), and loading a newer
//! one from a CSV or XLSX file (columns bin, code, short_name, name), all or nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use dxday_store::payments;

use crate::app::open_db;
use crate::config::Config;

/// Bank-list commands.
#[derive(Debug, clap::Subcommand)]
pub enum BanksCommand {
    /// Print the list in force (BIN, code, short name, name).
    List,
    /// Replace the list with a file's (CSV or XLSX: bin, code, short_name, name).
    Import {
        /// The file.
        file: PathBuf,
    },
}

/// Runs a bank-list command.
pub async fn run(config: &Config, command: BanksCommand) -> anyhow::Result<ExitCode> {
    let db = open_db(config).await?;
    match command {
        BanksCommand::List => {
            for b in payments::banks(&db).await? {
                println!("{}\t{}\t{}\t{}", b.bin, b.code, b.short_name, b.name);
            }
        }
        BanksCommand::Import { file } => {
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let rows = dxday_media::table::read(&bytes)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let list = dxday_domain::banks::parse_list(&rows).map_err(|errors| {
                let messages: Vec<String> = errors
                    .iter()
                    .map(|e| {
                        format!(
                            "row {} column {}: {}",
                            e.row,
                            e.column,
                            dxday_app::Lang::En.t(e.key)
                        )
                    })
                    .collect();
                anyhow::anyhow!("nothing loaded; {}", messages.join("; "))
            })?;
            payments::replace_banks(&db, None, &list).await?;
            println!("{} banks loaded from {}", list.len(), file.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
