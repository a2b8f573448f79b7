//! TLS to PostgreSQL: a private PostgreSQL cluster started by the test, with a
//! certificate signed by a certificate authority the test makes with openssl, that
//! refuses connections without TLS. dxday connects with `sslmode=require` and
//! `sslmode=verify-full` (the server's name checked against the authority given in
//! `sslrootcert`), is refused without TLS, and refuses a server its authority did not
//! sign.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::helpers::{dxday, fails, free_port, in_ci, is_root, succeeds};

/// A PostgreSQL cluster of its own in a temporary folder, stopped when dropped.
pub struct PrivateCluster {
    bin: PathBuf,
    pub dir: tempfile::TempDir,
    pub port: u16,
}

/// Runs a PostgreSQL program as the `postgres` account when the tests run as root
/// (PostgreSQL refuses to run as root), else as the current user.
fn as_postgres(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

fn postgres_bin() -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .flatten()
        .map(|e| e.path().join("bin"))
        .filter(|p| p.join("initdb").exists())
        .collect();
    found.sort();
    found.pop()
}

impl PrivateCluster {
    /// A cluster on a free loopback port that accepts only TLS connections, with its
    /// certificate (for `localhost` and 127.0.0.1) signed by `ca.crt` in its folder.
    /// `None` outside CI when PostgreSQL or openssl is not installed.
    pub fn start_with_tls() -> Option<PrivateCluster> {
        let bin = postgres_bin();
        let openssl = Command::new("openssl").arg("version").output().is_ok();
        let Some(bin) = bin.filter(|_| openssl) else {
            assert!(!in_ci(), "CI installs PostgreSQL and openssl");
            eprintln!("skipped: PostgreSQL's programs or openssl are not installed");
            return None;
        };
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path();
        // PostgreSQL runs as its own account: the folder must be its to write.
        succeeds(Command::new("chmod").arg("0777").arg(d));
        let sh = |script: &str| succeeds(Command::new("sh").arg("-ec").arg(script).current_dir(d));
        sh("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
              -keyout ca.key -out ca.crt -days 2 -subj /CN=dxday-test-ca 2>/dev/null
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
              -keyout server.key -out server.csr -subj /CN=localhost 2>/dev/null
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nbasicConstraints=CA:FALSE\\n' > san.ext
            openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial \
              -out server.crt -days 2 -extfile san.ext 2>/dev/null
            # Another authority, which did not sign the server's certificate.
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
              -keyout other.key -out other.crt -days 2 -subj /CN=someone-else 2>/dev/null
            chmod 0644 ca.crt other.crt server.crt server.key");
        let data = d.join("data");
        succeeds(
            as_postgres(&bin.join("initdb"))
                .args(["-A", "trust", "-U", "postgres", "-D"])
                .arg(&data),
        );
        // The key must belong to the server's account and be readable by it alone.
        let key = data.join("server.key");
        succeeds(
            as_postgres(Path::new("/bin/cp"))
                .arg(d.join("server.key"))
                .arg(&key),
        );
        succeeds(as_postgres(Path::new("/bin/chmod")).arg("0600").arg(&key));
        std::fs::write(
            data.join("pg_hba.conf"),
            "local all all trust\n\
             hostssl all all 127.0.0.0/8 trust\n\
             hostnossl all all 127.0.0.0/8 reject\n",
        )
        .expect("hba");
        let port = free_port();
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1,127.0.0.2 -c ssl=on \
             -c ssl_cert_file={} -c ssl_key_file={} -c fsync=off",
            d.display(),
            d.join("server.crt").display(),
            key.display()
        );
        succeeds(
            as_postgres(&bin.join("pg_ctl"))
                .arg("-D")
                .arg(&data)
                .args(["-w", "-l"])
                .arg(d.join("log"))
                .args(["-o", &options, "start"]),
        );
        Some(PrivateCluster { bin, dir, port })
    }

    /// The cluster's `postgres` database at `host`, with URL parameters.
    pub fn url(&self, host: &str, params: &str) -> String {
        format!("postgres://postgres@{host}:{}/postgres?{params}", self.port)
    }

    pub fn file(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }
}

impl Drop for PrivateCluster {
    fn drop(&mut self) {
        let _ = as_postgres(&self.bin.join("pg_ctl"))
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

/// Whether the connection of a pool made from `url` is encrypted, as the server sees it.
async fn server_sees_tls(url: &str) -> bool {
    let config = dxday::config::Config::loopback(Path::new("/nonexistent"), Some(url.into()));
    let db = dxday::app::open_db(&config).await.expect("database opens");
    let (ssl,): (bool,) =
        sqlx::query_as("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(db.pool())
            .await
            .expect("pg_stat_ssl");
    db.close().await;
    ssl
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dxday_reaches_postgresql_over_tls_and_checks_its_certificate() {
    let Some(pg) = PrivateCluster::start_with_tls() else {
        return;
    };
    // Without TLS the server turns dxday away.
    let err = fails(
        dxday()
            .env("DXDAY_DATABASE_URL", pg.url("127.0.0.1", "sslmode=disable"))
            .arg("migrate"),
    );
    assert!(err.contains("no encryption"), "{err}");

    // `require`: encrypted, the certificate not checked. The CLI migrates over it.
    let out = succeeds(
        dxday()
            .env("DXDAY_DATABASE_URL", pg.url("127.0.0.1", "sslmode=require"))
            .arg("migrate"),
    );
    assert!(out.contains("migrations applied"), "{out}");
    assert!(server_sees_tls(&pg.url("127.0.0.1", "sslmode=require")).await);

    // `verify-full`: the server's certificate must be signed by the given authority
    // and name the host dialled, by name or by address.
    let ca = format!("sslmode=verify-full&sslrootcert={}", pg.file("ca.crt"));
    assert!(server_sees_tls(&pg.url("localhost", &ca)).await);
    assert!(server_sees_tls(&pg.url("127.0.0.1", &ca)).await);

    // The whole server runs over it: a page that reads the database answers.
    let dir = tempfile::tempdir().expect("dir");
    let app = crate::helpers::spawn_on(pg.url("localhost", &ca), dir, true).await;
    let (status, html) = app.get(&crate::helpers::client(), "/").await;
    assert_eq!(status, 200);
    assert!(html.contains("Chuyển đổi số"), "{html}");

    // A server whose certificate another authority signed is refused, and so is a
    // name the certificate does not carry.
    let other = format!("sslmode=verify-full&sslrootcert={}", pg.file("other.crt"));
    let err = fails(
        dxday()
            .env("DXDAY_DATABASE_URL", pg.url("localhost", &other))
            .arg("migrate"),
    );
    assert!(err.to_lowercase().contains("certificate"), "{err}");
    let err = fails(
        dxday()
            .env("DXDAY_DATABASE_URL", pg.url("127.0.0.2", &ca))
            .arg("migrate"),
    );
    assert!(err.to_lowercase().contains("certificate"), "{err}");
}
