//! The assembled application: database, migrations, router, listener.

use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use dxday_store::Db;
use dxday_store::sessions::DbSessionStore;
use dxday_web::{AppState, WebConfig};
use tokio::net::TcpListener;
use tower_sessions::ExpiredDeletion;

use crate::config::Config;

/// A built application, bound to its port but not yet serving.
pub struct App {
    listener: TcpListener,
    state: AppState,
}

impl App {
    /// Connects to the database (migrated by the caller) and binds the listener.
    pub async fn build(config: &Config, db: Db) -> anyhow::Result<App> {
        let listener = TcpListener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let public_url = match &config.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", listener.local_addr()?),
        };
        let web = WebConfig {
            public_url,
            session_hours: config.session_hours,
            render_permits: config.render_permits(),
            work_dir: config.data_dir.join("bulk"),
            files: dxday_store::files::Files::from_url(&config.files_url())?,
            trusted_proxies: dxday_web::client_ip::parse_trusted(&config.trusted_proxies)
                .map_err(|e| anyhow::anyhow!(e))?,
            mailer: match &config.smtp_url {
                Some(url) => Some(
                    dxday_web::mail::Mailer::new(url, &config.mail_from)
                        .map_err(|e| anyhow::anyhow!(e))?,
                ),
                None => None,
            },
        };
        Ok(App {
            listener,
            state: AppState::new(db, web),
        })
    }

    /// The application state (the tests run the background jobs with it).
    pub fn state(&self) -> AppState {
        self.state.clone()
    }

    /// The port bound (useful with `127.0.0.1:0`).
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests under way.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let sweeper = DbSessionStore::new(self.state.db.clone());
        tokio::spawn(async move {
            let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
            loop {
                every_hour.tick().await;
                if let Err(e) = sweeper.delete_expired().await {
                    tracing::warn!(error = %e, "expired sessions not deleted");
                }
            }
        });
        // The Prometheus recorder keeps every histogram sample until it is drained:
        // without this, memory grows by each request (about 40 bytes).
        let metrics = self.state.metrics.clone();
        tokio::spawn(async move {
            let mut every_5s = tokio::time::interval(Duration::from_secs(5));
            loop {
                every_5s.tick().await;
                metrics.run_upkeep();
            }
        });
        // Deadline reminders: a minute after start, then every hour (idempotent, see
        // the store).
        let job = self.state.clone();
        tokio::spawn(async move {
            let mut every_hour = tokio::time::interval_at(
                tokio::time::Instant::now() + Duration::from_secs(60),
                Duration::from_secs(3600),
            );
            loop {
                every_hour.tick().await;
                match dxday_web::run_reminders(&job).await {
                    Ok(n) if n > 0 => tracing::info!(reminders = n, "deadline reminders sent"),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "deadline reminders not run"),
                }
            }
        });
        // Kit downloads counted in memory: written every five seconds and at the end.
        let counts = self.state.clone();
        tokio::spawn(async move {
            let mut every_5s = tokio::time::interval(Duration::from_secs(5));
            loop {
                every_5s.tick().await;
                if let Err(e) = counts.kit_downloads.flush(&counts.db).await {
                    tracing::warn!(error = %e, "download counts not written");
                }
            }
        });
        let last = self.state.clone();
        let router = dxday_web::router(self.state);
        axum::serve(
            self.listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown_signal())
        .await?;
        if let Err(e) = last.kit_downloads.flush(&last.db).await {
            tracing::warn!(error = %e, "download counts not written");
        }
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down");
}

/// Connects and migrates; the one way every command opens the database.
pub async fn open_db(config: &Config) -> anyhow::Result<Db> {
    let url = config.database_url();
    let db = Db::connect(&url).await.map_err(|e| match e {
        dxday_store::StoreError::UnknownScheme(_) => anyhow::anyhow!("{e}"),
        other => anyhow::anyhow!(
            "cannot open the database {}: {other}",
            crate::config::redact_url(&url)
        ),
    })?;
    db.migrate().await?;
    Ok(db)
}
