//! One typed configuration from flags and `DXDAY_*` environment variables. The
//! defaults run with zero setup: SQLite under `data/`, listening on 127.0.0.1:8080.

use std::path::PathBuf;

use clap::Args;

/// Effective configuration (flags win over environment, environment over defaults).
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(
        long,
        env = "DXDAY_LISTEN",
        default_value = "127.0.0.1:8080",
        global = true
    )]
    pub listen: String,
    /// Folder for the SQLite database and files.
    #[arg(long, env = "DXDAY_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
    /// Database URL: sqlite://PATH or postgres://USER:PASSWORD@HOST/DB (default: sqlite://<data dir>/dxday.db).
    #[arg(long, env = "DXDAY_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Where stored files go (default: <data dir>/files): a folder, or an S3-compatible bucket for several nodes, s3://BUCKET/PREFIX?endpoint=https://s3.example&region=auto (credentials from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).
    #[arg(long, env = "DXDAY_FILES_URL", global = true)]
    pub files_url: Option<String>,
    /// With files in S3: seconds a pre-signed download URL lives; kit files and bulk
    /// results are then answered by a redirect to the bucket (0: the node streams them).
    #[arg(
        long,
        env = "DXDAY_FILES_REDIRECT_SECONDS",
        default_value_t = 0,
        global = true
    )]
    pub files_redirect_seconds: u64,
    /// Public base URL of the site, for absolute links and QR codes (default: http://<listen>); https marks cookies Secure.
    #[arg(long, env = "DXDAY_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Hours of inactivity after which a login session ends.
    #[arg(long, env = "DXDAY_SESSION_HOURS", default_value_t = 12, global = true)]
    pub session_hours: i64,
    /// Photos the server renders at once (`/api/frames/{id}/render`); more get 503 + Retry-After. Default: one per core.
    #[arg(long, env = "DXDAY_RENDER_PERMITS", global = true)]
    pub render_permits: Option<usize>,
    /// E-mail of the first administrator, created when the database has no account.
    #[arg(
        long,
        env = "DXDAY_ADMIN_EMAIL",
        default_value = "admin@dxday.local",
        global = true
    )]
    pub admin_email: String,
    /// SMTP server for e-mail notices (none: in-app only), e.g. smtp://user:pass@mail.example:587?tls=required or smtps://mail.example.
    #[arg(long, env = "DXDAY_SMTP_URL", global = true)]
    pub smtp_url: Option<String>,
    /// Sender of e-mail notices.
    #[arg(
        long,
        env = "DXDAY_MAIL_FROM",
        default_value = "dxday <no-reply@dxday.local>",
        global = true
    )]
    pub mail_from: String,
    /// Reverse proxies whose X-Forwarded-For / Forwarded client addresses are believed: CIDRs or addresses, comma-separated (default: none, the peer's address counts).
    #[arg(long, env = "DXDAY_TRUSTED_PROXIES", default_value = "", global = true)]
    pub trusted_proxies: String,
    /// Seconds a client may take to send a request's headers, and to start the next
    /// request on a kept-alive connection; slower connections are closed.
    #[arg(
        long,
        env = "DXDAY_HEADER_TIMEOUT",
        default_value_t = 10,
        global = true
    )]
    pub header_timeout: u64,
    /// Seconds a request may take, from its first byte to its answer (uploads of the
    /// bulk framing have 15 minutes); past it the client gets 408 and the work behind
    /// the request stops at its next check. Fractions allowed (0.5).
    #[arg(
        long,
        env = "DXDAY_REQUEST_TIMEOUT",
        default_value_t = 30.0,
        global = true
    )]
    pub request_timeout: f64,
    /// Most client connections open at once; past it new connections wait in the
    /// listen queue (logged). Also kept below half the process's file limit.
    #[arg(
        long,
        env = "DXDAY_MAX_CONNECTIONS",
        default_value_t = 4096,
        global = true
    )]
    pub max_connections: usize,
    /// A separate address serving only /metrics (Prometheus), e.g. 127.0.0.1:9100 (default: none).
    #[arg(long, env = "DXDAY_METRICS_LISTEN", global = true)]
    pub metrics_listen: Option<String>,
    /// A bearer token that opens /metrics on the main address (default: /metrics is not served there).
    #[arg(long, env = "DXDAY_METRICS_TOKEN", global = true)]
    pub metrics_token: Option<String>,
    /// Megabytes of bulk-framing uploads that may be received at once, over all units.
    #[arg(
        long,
        env = "DXDAY_BULK_DISK_MB",
        default_value_t = 2048,
        global = true
    )]
    pub bulk_disk_mb: usize,
    /// LibreOffice's command for PDF copies (default: soffice on the PATH).
    #[arg(long, env = "DXDAY_SOFFICE", default_value = "soffice", global = true)]
    pub soffice: std::path::PathBuf,
    /// Seconds one LibreOffice conversion may take before it is killed.
    #[arg(long, env = "DXDAY_PDF_TIMEOUT", default_value_t = 60, global = true)]
    pub pdf_timeout: u64,
    /// Log filter (tracing env-filter syntax), e.g. info or dxday_web=debug.
    #[arg(long, env = "DXDAY_LOG", default_value = "info", global = true)]
    pub log: String,
    /// Log format: text or json.
    #[arg(long, env = "DXDAY_LOG_FORMAT", default_value = "text", value_parser = ["text", "json"], global = true)]
    pub log_format: String,
}

impl Config {
    /// The defaults on a free loopback port, quiet logs, over `data_dir` and the given
    /// database (SQLite under `data_dir` when `None`): for tests and benchmarks.
    pub fn loopback(data_dir: &std::path::Path, database_url: Option<String>) -> Config {
        Config {
            listen: "127.0.0.1:0".into(),
            data_dir: data_dir.to_path_buf(),
            database_url,
            files_url: None,
            files_redirect_seconds: 0,
            public_url: None,
            session_hours: 12,
            render_permits: None,
            admin_email: "admin@dxday.local".into(),
            smtp_url: None,
            mail_from: "dxday <no-reply@dxday.local>".into(),
            trusted_proxies: String::new(),
            header_timeout: 10,
            request_timeout: 30.0,
            max_connections: 4096,
            metrics_listen: None,
            metrics_token: None,
            soffice: "soffice".into(),
            bulk_disk_mb: 2048,
            pdf_timeout: 60,
            log: "warn".into(),
            log_format: "text".into(),
        }
    }

    /// The database URL in force.
    pub fn database_url(&self) -> String {
        self.database_url
            .clone()
            .unwrap_or_else(|| format!("sqlite://{}/dxday.db", self.data_dir.display()))
    }

    /// Where stored files go, in force.
    pub fn files_url(&self) -> String {
        self.files_url
            .clone()
            .unwrap_or_else(|| self.data_dir.join("files").display().to_string())
    }

    /// The public base URL in force, without a trailing slash.
    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.listen))
            .trim_end_matches('/')
            .to_string()
    }

    /// The time a request may take (at least 0.1 s; a bad value falls back to 30 s).
    pub fn request_timeout(&self) -> std::time::Duration {
        std::time::Duration::try_from_secs_f64(self.request_timeout.max(0.1))
            .unwrap_or(std::time::Duration::from_secs(30))
    }

    /// Server renders allowed at once.
    pub fn render_permits(&self) -> usize {
        self.render_permits
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()))
    }

    /// Every setting as `(variable, value)`, with the database password hidden.
    pub fn show(&self) -> Vec<(&'static str, String)> {
        vec![
            ("DXDAY_LISTEN", self.listen.clone()),
            ("DXDAY_DATA_DIR", self.data_dir.display().to_string()),
            ("DXDAY_DATABASE_URL", redact_url(&self.database_url())),
            ("DXDAY_FILES_URL", redact_url(&self.files_url())),
            (
                "DXDAY_FILES_REDIRECT_SECONDS",
                self.files_redirect_seconds.to_string(),
            ),
            ("DXDAY_PUBLIC_URL", self.public_url()),
            ("DXDAY_SESSION_HOURS", self.session_hours.to_string()),
            ("DXDAY_RENDER_PERMITS", self.render_permits().to_string()),
            ("DXDAY_ADMIN_EMAIL", self.admin_email.clone()),
            (
                "DXDAY_SMTP_URL",
                self.smtp_url.as_deref().map(redact_url).unwrap_or_default(),
            ),
            ("DXDAY_MAIL_FROM", self.mail_from.clone()),
            ("DXDAY_TRUSTED_PROXIES", self.trusted_proxies.clone()),
            ("DXDAY_HEADER_TIMEOUT", self.header_timeout.to_string()),
            ("DXDAY_REQUEST_TIMEOUT", self.request_timeout.to_string()),
            ("DXDAY_MAX_CONNECTIONS", self.max_connections.to_string()),
            (
                "DXDAY_METRICS_LISTEN",
                self.metrics_listen.clone().unwrap_or_default(),
            ),
            (
                "DXDAY_METRICS_TOKEN",
                self.metrics_token
                    .as_ref()
                    .map(|_| "****".to_string())
                    .unwrap_or_default(),
            ),
            ("DXDAY_BULK_DISK_MB", self.bulk_disk_mb.to_string()),
            ("DXDAY_SOFFICE", self.soffice.display().to_string()),
            ("DXDAY_PDF_TIMEOUT", self.pdf_timeout.to_string()),
            ("DXDAY_LOG", self.log.clone()),
            ("DXDAY_LOG_FORMAT", self.log_format.clone()),
        ]
    }
}

/// Hides the password of a URL (`postgres://dx:****@db/dxday`).
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, path) = rest
        .split_once('/')
        .map_or((rest, None), |(a, p)| (a, Some(p)));
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:****@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_string(),
    };
    let mut out = format!("{scheme}://{authority}");
    if let Some(p) = path {
        out.push('/');
        out.push_str(&redact_query(p));
    }
    out
}

fn redact_query(path: &str) -> String {
    match path.split_once('?') {
        Some((p, q)) => {
            let q: Vec<String> = q
                .split('&')
                .map(|kv| match kv.split_once('=') {
                    Some((k, _))
                        if k.eq_ignore_ascii_case("password")
                            || k.contains("secret")
                            || k.contains("token") =>
                    {
                        format!("{k}=****")
                    }
                    _ => kv.to_string(),
                })
                .collect();
            format!("{p}?{}", q.join("&"))
        }
        None => path.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_passwords_never_show() {
        assert_eq!(
            redact_url("postgres://dx:s3cret@db:5432/dxday"),
            "postgres://dx:****@db:5432/dxday"
        );
        assert_eq!(
            redact_url("postgres://db/dxday?user=dx&password=s3cret"),
            "postgres://db/dxday?user=dx&password=****"
        );
        assert_eq!(
            redact_url(
                "s3://kit/dxday?endpoint=http://s3.lan&secret_access_key=abc&session_token=t"
            ),
            "s3://kit/dxday?endpoint=http://s3.lan&secret_access_key=****&session_token=****"
        );
        assert_eq!(
            redact_url("sqlite://data/dxday.db"),
            "sqlite://data/dxday.db"
        );
    }
}
