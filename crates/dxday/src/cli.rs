//! The command line: serve (default), migrate, user add, check, backup, restore, files, frame,
//! document export, report export, config show.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use dxday_domain::Role;
use dxday_domain::user::{Email, UserData, check_new_password};
use dxday_store::demo::DemoOutcome;
use dxday_store::{password, units, users};

use crate::app::{App, open_db};
use crate::config::Config;
use crate::first_admin;

/// dxday — National Digital Transformation Day campaign system.
#[derive(Debug, Parser)]
#[command(name = "dxday", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default): migrate, load the demo data into an empty database, listen.
    Serve {
        /// Do not load the demo data (Ngô Quyền 2024) into an empty database.
        #[arg(long)]
        no_demo: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Manage accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Ask a running server whether it is healthy (exit code 0 when it is).
    Check {
        /// Base URL of the server (default: http://<listen>).
        #[arg(long)]
        url: Option<String>,
    },
    /// Back up the database to FILE (SQLite: a consistent copy; PostgreSQL: pg_dump's
    /// custom format) and the keys of the stored files it refers to to FILE.files.
    Backup {
        /// Where to write the copy (must not exist).
        file: PathBuf,
    },
    /// Restore a backup into the configured database, which must be empty, then check
    /// the file storage against the backup's FILE.files.
    Restore {
        /// The backup written by `dxday backup`.
        file: PathBuf,
    },
    /// The file storage (a folder or an S3 bucket).
    Files {
        #[command(subcommand)]
        command: crate::backup_cmd::FilesCommand,
    },
    /// Frame a photo, or a folder or ZIP of photos, with an avatar frame.
    Frame(crate::frame_cmd::FrameArgs),
    /// Documents (công văn, kế hoạch, …): export as DOCX or PDF.
    Document {
        #[command(subcommand)]
        command: crate::document_cmd::DocumentCommand,
    },
    /// Emulation and honours: an award decision with its list, its certificates, a
    /// council session's minutes.
    Award {
        #[command(subcommand)]
        command: crate::award_cmd::AwardCommand,
    },
    /// A year's campaign: its results report upward (DOCX, PDF or XLSX).
    Campaign {
        #[command(subcommand)]
        command: crate::campaign_cmd::CampaignCommand,
    },
    /// Report requests: export the consolidated results as XLSX or DOCX.
    Report {
        #[command(subcommand)]
        command: crate::report_cmd::ReportCommand,
    },
    /// Community digital technology teams: export the roll-up of a campaign's period.
    Teams {
        #[command(subcommand)]
        command: crate::teams_cmd::TeamsCommand,
    },
    /// The NAPAS member list (VietQR banks): list it, or load a newer one.
    Banks {
        #[command(subcommand)]
        command: crate::banks_cmd::BanksCommand,
    },
    /// A QR code of any text as PNG or SVG, or a printable A4 sheet.
    Qr(crate::qr_cmd::QrArgs),
    /// The VietQR payload of a bank account (and its PNG/SVG), or the fields of a payload.
    Vietqr(crate::vietqr_cmd::VietQrArgs),
    /// Show the configuration.
    Config {
        #[command(subcommand)]
        command: ConfigCommand,
    },
}

/// Account commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is asked for, or read from the first line of stdin.
    Add {
        #[arg(long)]
        email: String,
        /// admin, office_staff, office_leader, unit_focal_point or community_team_member.
        #[arg(long)]
        role: String,
        /// The unit's code (e.g. p-may-chai); required for unit-bound roles.
        #[arg(long)]
        unit: Option<String>,
        /// Full name (default: the e-mail address).
        #[arg(long)]
        name: Option<String>,
    },
}

/// Configuration commands.
#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective configuration (secrets hidden).
    Show,
}

/// Runs the command line; errors are one line on stderr and exit code 1.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.config);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("dxday: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("dxday: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_new(&config.log)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    let _ = if config.log_format == "json" {
        builder.json().try_init()
    } else {
        builder.compact().try_init()
    };
}

async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve { no_demo: false }) {
        Command::Serve { no_demo } => serve(&config, no_demo).await,
        Command::Migrate => {
            let db = open_db(&config).await?;
            println!("migrations applied: {}", db.migration_names().join(", "));
            Ok(ExitCode::SUCCESS)
        }
        Command::User {
            command:
                UserCommand::Add {
                    email,
                    role,
                    unit,
                    name,
                },
        } => user_add(&config, &email, &role, unit.as_deref(), name).await,
        Command::Check { url } => check(&config, url).await,
        Command::Backup { file } => crate::backup_cmd::backup(&config, &file).await,
        Command::Restore { file } => crate::backup_cmd::restore(&config, &file).await,
        Command::Files {
            command: crate::backup_cmd::FilesCommand::Check,
        } => crate::backup_cmd::check(&config).await,
        Command::Frame(args) => {
            tokio::task::spawn_blocking(move || crate::frame_cmd::run(&args)).await?
        }
        Command::Document { command } => crate::document_cmd::run(&config, command).await,
        Command::Report { command } => crate::report_cmd::run(&config, command).await,
        Command::Campaign { command } => crate::campaign_cmd::run(&config, command).await,
        Command::Award { command } => crate::award_cmd::run(&config, command).await,
        Command::Teams { command } => crate::teams_cmd::run(&config, command).await,
        Command::Banks { command } => crate::banks_cmd::run(&config, command).await,
        Command::Qr(args) => crate::qr_cmd::run(&args),
        Command::Vietqr(args) => crate::vietqr_cmd::run(&args),
        Command::Config {
            command: ConfigCommand::Show,
        } => {
            for (k, v) in config.show() {
                println!("{k}={v}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

async fn serve(config: &Config, no_demo: bool) -> anyhow::Result<ExitCode> {
    // A wrong files URL stops before the database is touched (the first
    // administrator's one-time password would otherwise be lost).
    let files = dxday_store::files::Files::from_url(&config.files_url())?;
    let db = open_db(config).await?;
    if !no_demo
        && let DemoOutcome::Loaded { units, campaigns } =
            crate::demo::load_if_empty(&db, &files).await?
    {
        tracing::info!(units, campaigns, "demo data loaded");
    }
    let admin = first_admin::ensure(&db, &config.admin_email).await?;
    let app = App::build(config, db).await?;
    let base = config.public_url.clone().unwrap_or_else(|| {
        format!(
            "http://{}",
            config.listen.replace(":0", &format!(":{}", app.port()))
        )
    });
    println!("dxday is listening on {base}/");
    match admin {
        Some(a) => {
            println!("First administrator created. Log in at {base}/dang-nhap");
            println!("  e-mail:   {}", a.email);
            println!(
                "  password: {}   (shown once: change it under Quản trị › Đổi mật khẩu)",
                a.password
            );
        }
        None => println!("Log in at {base}/dang-nhap"),
    }
    let _ = std::io::stdout().flush();
    app.run_until_stopped().await?;
    Ok(ExitCode::SUCCESS)
}

async fn user_add(
    config: &Config,
    email: &str,
    role: &str,
    unit: Option<&str>,
    name: Option<String>,
) -> anyhow::Result<ExitCode> {
    let email = Email::parse(email)
        .map_err(|_| anyhow::anyhow!("not a valid e-mail address: {email:?}"))?;
    let role = Role::parse(role).map_err(|_| {
        let names: Vec<_> = Role::ALL.iter().map(|r| r.as_str()).collect();
        anyhow::anyhow!("unknown role {role:?}; use one of {}", names.join(", "))
    })?;
    let db = open_db(config).await?;
    let unit_id = match unit {
        Some(code) => Some(
            units::find_by_code(&db, code)
                .await?
                .with_context(|| format!("no unit with code {code:?}"))?
                .id,
        ),
        None if role.needs_unit() => bail!("the role {} needs --unit CODE", role.as_str()),
        None => None,
    };
    let pw = read_password()?;
    check_new_password(&pw).map_err(|_| {
        anyhow::anyhow!(
            "the password must have at least {} characters",
            dxday_domain::user::MIN_PASSWORD_CHARS
        )
    })?;
    let hash = tokio::task::spawn_blocking(move || password::hash(&pw)).await??;
    let full_name = name.unwrap_or_else(|| email.as_str().to_string());
    let data = UserData {
        email,
        full_name,
        role,
        unit_id,
    };
    let id = users::insert(&db, None, &data, &hash)
        .await
        .map_err(|e| match e {
            dxday_store::StoreError::Field { field: "email", .. } => anyhow::anyhow!(
                "an account with e-mail {} exists already",
                data.email.as_str()
            ),
            other => other.into(),
        })?;
    println!(
        "account {} created (id {id}, role {})",
        data.email.as_str(),
        role.as_str()
    );
    Ok(ExitCode::SUCCESS)
}

/// Reads the password: twice at a terminal prompt, or the first line of stdin.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let a = rpassword::prompt_password("Password: ")?;
        let b = rpassword::prompt_password("Repeat password: ")?;
        if a != b {
            bail!("the two passwords differ");
        }
        Ok(a)
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

async fn check(config: &Config, url: Option<String>) -> anyhow::Result<ExitCode> {
    let base = url
        .unwrap_or_else(|| format!("http://{}", config.listen))
        .trim_end_matches('/')
        .to_string();
    let (status, body) = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        get_healthz(&format!("{base}/healthz")),
    )
    .await
    .map_err(|_| anyhow::anyhow!("{base} does not answer within 5 s"))?
    .with_context(|| format!("{base} does not answer"))?;
    if status.is_success() && body["status"] == "ok" {
        println!(
            "ok: {base} (database {}, schema {})",
            body["database"].as_str().unwrap_or("?"),
            body["schema"]
        );
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("dxday: {base} is unhealthy (HTTP {status})");
        Ok(ExitCode::FAILURE)
    }
}

/// `GET url` over plain HTTP/1 (the check runs beside the server, on its own
/// address): the status and the JSON body (null when it is not JSON).
async fn get_healthz(url: &str) -> anyhow::Result<(hyper::StatusCode, serde_json::Value)> {
    use http_body_util::BodyExt;
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build_http::<http_body_util::Empty<bytes::Bytes>>();
    let res = client.get(url.parse()?).await?;
    let status = res.status();
    let body = res.into_body().collect().await?.to_bytes();
    Ok((status, serde_json::from_slice(&body).unwrap_or_default()))
}
