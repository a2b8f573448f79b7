//! `dxday award`: an award decision with its list as DOCX (or PDF through
//! LibreOffice), its certificates as one PDF (full, or as an overlay on pre-printed
//! blanks), the issuer's calibration page, and a council session's minutes.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use dxday_domain::{DecisionId, Scope, SessionId};
use dxday_store::honours::Refused;

use crate::app::open_db;
use crate::config::Config;

/// Award commands.
#[derive(Debug, clap::Subcommand)]
pub enum AwardCommand {
    /// Write an award decision with its list ("Danh sách kèm theo") as DOCX or PDF.
    Export {
        /// The decision's id (the demo's first decision is 1).
        #[arg(long)]
        id: i64,
        /// docx or pdf (pdf needs LibreOffice).
        #[arg(long, default_value = "docx", value_parser = ["docx", "pdf"])]
        format: String,
        /// Where to write the file.
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the certificates (giấy khen) of an issued decision, one page each.
    Certificates {
        #[arg(long)]
        id: i64,
        /// Where to write the PDF.
        #[arg(long)]
        out: PathBuf,
        /// Only the variable text, at the issuer's calibrated positions, for
        /// pre-printed blanks.
        #[arg(long, conflicts_with = "calibration")]
        overlay: bool,
        /// The calibration page of the issuer's positions instead.
        #[arg(long)]
        calibration: bool,
    },
    /// Write another paper of the movement as DOCX or PDF: its plan (ke-hoach), the
    /// registrations (dang-ky), the final review (tong-ket) — `--id` a movement —; an
    /// achievement report (bao-cao-thanh-tich, `--id` a nomination); the submission
    /// (to-trinh, `--id` a council session).
    Paper {
        #[arg(long, value_parser = ["ke-hoach", "dang-ky", "tong-ket", "bao-cao-thanh-tich", "to-trinh"])]
        kind: String,
        #[arg(long)]
        id: i64,
        #[arg(long, default_value = "docx", value_parser = ["docx", "pdf"])]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write the minutes (biên bản) of a council session as DOCX or PDF.
    Minutes {
        /// The session's id.
        #[arg(long)]
        session: i64,
        #[arg(long, default_value = "docx", value_parser = ["docx", "pdf"])]
        format: String,
        #[arg(long)]
        out: PathBuf,
    },
}

async fn to_format(docx: Vec<u8>, format: &str) -> anyhow::Result<Vec<u8>> {
    Ok(if format == "pdf" {
        tokio::task::spawn_blocking(move || dxday_media::pdf::from_docx(&docx)).await??
    } else {
        docx
    })
}

fn write(out: &PathBuf, bytes: &[u8]) -> anyhow::Result<()> {
    std::fs::write(out, bytes).with_context(|| format!("cannot write {}", out.display()))
}

/// Runs an award command as the system.
pub async fn run(config: &Config, command: AwardCommand) -> anyhow::Result<ExitCode> {
    let db = open_db(config).await?;
    let system = Scope::system();
    match command {
        AwardCommand::Export { id, format, out } => {
            let (d, doc) = dxday_app::honours::decision_with_document(&db, &system, DecisionId(id))
                .await?
                .with_context(|| format!("no award decision with id {id}"))?;
            let printed = dxday_app::honours::decision_printed(&d, &doc);
            let docx = dxday_media::docx::render(&printed)?;
            write(&out, &to_format(docx, &format).await?)?;
            println!(
                "{} ({} awardees) → {}",
                dxday_app::honours::decision_reference(&doc),
                d.entries.len(),
                out.display()
            );
        }
        AwardCommand::Certificates {
            id,
            out,
            overlay,
            calibration,
        } => {
            let id = DecisionId(id);
            let bytes = if calibration {
                let (d, _) = dxday_app::honours::decision_with_document(&db, &system, id)
                    .await?
                    .with_context(|| format!("no award decision with id {}", id.0))?;
                let layout = dxday_app::honours::layout_of(&db, &d).await?;
                dxday_media::certificate::calibration_pdf(&layout)?
            } else {
                match dxday_app::honours::certificates_to_print(&db, &system, id, overlay).await? {
                    Ok((certs, layout)) => {
                        tokio::task::spawn_blocking(move || {
                            dxday_app::honours::certificates_pdf(&certs, layout.as_ref(), &|| false)
                        })
                        .await??
                    }
                    Err(Refused::NotFound) => bail!("no award decision with id {}", id.0),
                    Err(Refused::Rule(key)) => {
                        bail!("{}", dxday_app::Lang::default().t(key))
                    }
                }
            };
            write(&out, &bytes)?;
            println!("→ {}", out.display());
        }
        AwardCommand::Paper {
            kind,
            id,
            format,
            out,
        } => {
            let which = dxday_app::honours::Paper::parse(&kind).context("unknown paper")?;
            let printed = dxday_app::honours::paper(&db, &system, which, id)
                .await?
                .with_context(|| format!("no record with id {id} for {kind}"))?;
            let docx = dxday_media::docx::render(&printed)?;
            write(&out, &to_format(docx, &format).await?)?;
            println!("→ {}", out.display());
        }
        AwardCommand::Minutes {
            session,
            format,
            out,
        } => {
            let printed = dxday_app::honours::minutes_printed(&db, &system, SessionId(session))
                .await?
                .with_context(|| format!("no council session with id {session}"))?;
            let docx = dxday_media::docx::render(&printed)?;
            write(&out, &to_format(docx, &format).await?)?;
            println!("→ {}", out.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}
