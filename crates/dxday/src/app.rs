//! The assembled application: database, migrations, router, listener.

use std::net::SocketAddr;
use std::sync::Arc;
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
    /// The separate /metrics listener, when `DXDAY_METRICS_LISTEN` is set.
    metrics_listener: Option<TcpListener>,
    limits: ConnLimits,
    state: AppState,
}

/// What one connection may take.
#[derive(Debug, Clone, Copy)]
struct ConnLimits {
    header_timeout: Duration,
    max_connections: usize,
}

impl App {
    /// Connects to the database (migrated by the caller) and binds the listener.
    pub async fn build(config: &Config, db: Db) -> anyhow::Result<App> {
        let listener = TcpListener::bind(&config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", config.listen))?;
        let metrics_listener = match &config.metrics_listen {
            Some(addr) => Some(
                TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("cannot listen on {addr} for metrics"))?,
            ),
            None => None,
        };
        let limits = ConnLimits {
            header_timeout: Duration::from_secs(config.header_timeout.max(1)),
            max_connections: connection_cap(config.max_connections),
        };
        let public_url = match &config.public_url {
            Some(u) => u.trim_end_matches('/').to_string(),
            None => format!("http://{}", listener.local_addr()?),
        };
        let web = WebConfig {
            public_url,
            session_hours: config.session_hours,
            render_permits: config.render_permits(),
            work_dir: config.data_dir.join("bulk"),
            files: dxday_store::files::Files::from_url(&config.files_url())?
                .with_redirects(Duration::from_secs(config.files_redirect_seconds)),
            signing_key: dxday_store::secrets::signing_key(&db).await?,
            metrics_token: config.metrics_token.clone().filter(|t| !t.is_empty()),
            request_timeout: config.request_timeout(),
            bulk_disk_budget: config.bulk_disk_mb.saturating_mul(1024 * 1024),
            pdf: std::sync::Arc::new(dxday_media::pdf::Converter::new(
                config.soffice.clone(),
                Duration::from_secs(config.pdf_timeout.max(1)),
            )),
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
            metrics_listener,
            limits,
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

    /// The port of the separate /metrics listener, if any.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics_listener
            .as_ref()
            .and_then(|l| l.local_addr().ok())
            .map(|a| a.port())
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
        // Bulk framing: this node's workers, and the sweep of cut and expired jobs.
        if let Err(e) = dxday_web::sweep_bulk(&self.state).await {
            tracing::warn!(error = %e, "bulk sweep not run");
        }
        dxday_web::start_bulk_workers(&self.state);
        let last = self.state.clone();
        if let Some(listener) = self.metrics_listener {
            let router = dxday_web::metrics_router(self.state.clone());
            tokio::spawn(serve(listener, router, self.limits, std::future::pending()));
        }
        let router = dxday_web::router(self.state);
        serve(self.listener, router, self.limits, shutdown_signal()).await;
        if let Err(e) = last.kit_downloads.flush(&last.db).await {
            tracing::warn!(error = %e, "download counts not written");
        }
        Ok(())
    }
}

/// The connection cap in force: the configured one, kept below half the process's
/// file limit (raised to its hard limit first), so that the server never runs out of
/// descriptors for its database, files and logs.
fn connection_cap(configured: usize) -> usize {
    let files = rlimit::increase_nofile_limit(u64::MAX).unwrap_or(1024);
    let by_files = usize::try_from(files / 2).unwrap_or(usize::MAX);
    configured.clamp(16, by_files.max(16))
}

/// Serves `router` on `listener` until `stop`, each connection in its own task: HTTP/1
/// with a header-read timeout (which also closes kept-alive connections idle that
/// long), at most `limits.max_connections` at once (past that, new connections wait in
/// the listen queue and a warning says so, once a minute), then the connections under
/// way are given 30 s to finish.
async fn serve(
    listener: TcpListener,
    router: axum::Router,
    limits: ConnLimits,
    stop: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let slots = Arc::new(tokio::sync::Semaphore::new(limits.max_connections));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut last_warning: Option<std::time::Instant> = None;
    tokio::pin!(stop);
    loop {
        let slot = match slots.clone().try_acquire_owned() {
            Ok(s) => s,
            Err(_) => {
                if last_warning.is_none_or(|t| t.elapsed() > Duration::from_secs(60)) {
                    tracing::warn!(
                        max_connections = limits.max_connections,
                        "connection cap reached: new connections wait until one closes"
                    );
                    last_warning = Some(std::time::Instant::now());
                }
                metrics::counter!("connections_capped_total").increment(1);
                tokio::select! {
                    s = slots.clone().acquire_owned() => match s { Ok(s) => s, Err(_) => break },
                    () = &mut stop => break,
                }
            }
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of descriptors or a reset before accept: wait a little, go on.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let svc = tower::ServiceExt::map_request(
            router.clone(),
            move |mut req: axum::http::Request<hyper::body::Incoming>| {
                req.extensions_mut()
                    .insert(axum::extract::ConnectInfo::<SocketAddr>(peer));
                req
            },
        );
        let conn = hyper::server::conn::http1::Builder::new()
            .timer(TokioTimer::new())
            .header_read_timeout(limits.header_timeout)
            .serve_connection(
                TokioIo::new(stream),
                hyper_util::service::TowerToHyperService::new(svc),
            );
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _slot = slot;
            let _ = conn.await;
        });
    }
    drop(listener);
    if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("connections still open after 30 s of shutdown: closed");
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
