//! `deploy/nginx.conf` run as shipped (only its ports, paths and nodes rewritten) in
//! front of dxday nodes on loopback ports, with a self-signed certificate; `curl`
//! through it from 127.0.0.2 with a cookie jar per client.

use std::path::{Path, PathBuf};
use std::process::{Child, Command};

use crate::helpers::{csrf_of, free_port, in_ci};

/// nginx, stopped when dropped: TERM to its master, which stops its workers (a KILL
/// would leave them serving), then KILL if it has not gone within 5 s.
struct Nginx(Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        for _ in 0..50 {
            if matches!(self.0.try_wait(), Ok(Some(_))) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The proxy in front of the nodes.
pub struct Proxy {
    _nginx: Nginx,
    pub dir: tempfile::TempDir,
    /// `https://127.0.0.1:PORT`
    pub site: String,
    pub http: u16,
}

impl Proxy {
    /// nginx with the shipped file in front of the nodes on `ports`; `None` outside CI
    /// when nginx is not installed.
    pub async fn start(ports: &[u16]) -> Option<Proxy> {
        if Command::new("nginx").arg("-v").output().is_err() {
            assert!(
                !in_ci(),
                "CI installs nginx: this test may not be skipped in CI"
            );
            eprintln!("skipped: nginx is not installed");
            return None;
        }
        let dir = tempfile::tempdir().expect("dir");
        let d = dir.path();
        let ok = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=localhost",
            ])
            .arg("-keyout")
            .arg(d.join("privkey.pem"))
            .arg("-out")
            .arg(d.join("fullchain.pem"))
            .output()
            .expect("openssl runs");
        assert!(ok.status.success(), "a self-signed certificate");
        let (http, https) = (free_port(), free_port());
        let shipped = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/nginx.conf"),
        )
        .expect("deploy/nginx.conf");
        let at = |p: &str| d.join(p).to_string_lossy().into_owned();
        let nodes: String = ports
            .iter()
            .map(|p| format!("server 127.0.0.1:{p} max_fails=2 fail_timeout=10s;\n        "))
            .collect();
        let mut conf = shipped.clone();
        for (from, to) in [
            ("pid /run/nginx.pid;", format!("pid {};", at("nginx.pid"))),
            ("/var/log/nginx/error.log", at("error.log")),
            ("/var/log/nginx/access.log", at("access.log")),
            ("/var/cache/nginx/dxday", at("cache")),
            (
                "server 127.0.0.1:8080 max_fails=2 fail_timeout=10s;\n        server 127.0.0.1:8081 max_fails=2 fail_timeout=10s;\n        ",
                nodes,
            ),
            ("listen 80;", format!("listen 127.0.0.1:{http};")),
            ("listen 443 ssl", format!("listen 127.0.0.1:{https} ssl")),
            ("/etc/ssl/dxday/fullchain.pem", at("fullchain.pem")),
            ("/etc/ssl/dxday/privkey.pem", at("privkey.pem")),
        ] {
            assert!(conf.contains(from), "deploy/nginx.conf has {from}");
            conf = conf.replace(from, &to);
        }
        // Scratch folders of its own (the packaged ones belong to the system's nginx).
        conf = conf.replace(
            "http {",
            &format!(
                "http {{\n    client_body_temp_path {0}/body;\n    proxy_temp_path {0}/proxy;\n    fastcgi_temp_path {0}/fastcgi;\n    uwsgi_temp_path {0}/uwsgi;\n    scgi_temp_path {0}/scgi;",
                d.display()
            ),
        );
        let file = d.join("nginx.conf");
        std::fs::write(&file, &conf).expect("write");
        let check = Command::new("nginx")
            .arg("-t")
            .arg("-c")
            .arg(&file)
            .arg("-p")
            .arg(d)
            .output()
            .expect("nginx -t");
        assert!(
            check.status.success(),
            "nginx accepts the shipped file: {}",
            String::from_utf8_lossy(&check.stderr)
        );
        let nginx = Nginx(
            Command::new("nginx")
                .arg("-c")
                .arg(&file)
                .arg("-p")
                .arg(d)
                .args(["-g", "daemon off;"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("nginx starts"),
        );
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", https)).is_ok() {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        Some(Proxy {
            _nginx: nginx,
            dir,
            site: format!("https://127.0.0.1:{https}"),
            http,
        })
    }

    /// `curl` through the proxy as the client `who` (its own cookie jar).
    pub fn curl(&self, who: &str, args: &[&str]) -> (u16, String) {
        curl_with(&self.dir.path().join(format!("{who}.cookies")), args)
    }

    /// Logs `who` in through the proxy with the login page's CSRF token, sending
    /// `extra` curl arguments too (headers); the answer to the login.
    pub fn login(&self, who: &str, email: &str, password: &str, extra: &[&str]) -> (u16, String) {
        let site = &self.site;
        let (_, page) = self.curl(who, &[&format!("{site}/dang-nhap")]);
        let csrf = format!("_csrf={}", csrf_of(&page));
        let email = format!("email={email}");
        let password = format!("password={password}");
        let url = format!("{site}/dang-nhap");
        let mut args = extra.to_vec();
        args.extend([
            "--data-urlencode",
            &csrf,
            "--data-urlencode",
            &email,
            "--data-urlencode",
            &password,
            &url,
        ]);
        self.curl(who, &args)
    }

    /// The proxy's access log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("access.log")).unwrap_or_default()
    }

    /// The nodes (`127.0.0.1:PORT`) that answered a request whose log line contains
    /// `request` with `status`.
    pub fn served_by(&self, request: &str, status: u16) -> Vec<String> {
        let mut nodes: Vec<String> = self
            .log()
            .lines()
            .filter(|l| l.contains(request) && l.contains(&format!("\" {status} ")))
            .filter_map(|l| l.split("upstream=").nth(1))
            .filter_map(|u| {
                // "a:1, b:2 0.1, 0.2" when the first node failed and the second
                // answered: the last address of the list.
                let mut tokens = u.split_whitespace();
                let mut last = tokens.next()?;
                while last.ends_with(',') {
                    last = tokens.next()?;
                }
                Some(last.to_string())
            })
            .collect();
        nodes.sort();
        nodes.dedup();
        nodes
    }

    /// The path of a file in the proxy's folder.
    pub fn file(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// `curl` from 127.0.0.2 with the cookie jar `jar`: the status and the whole answer
/// (headers, then body).
pub fn curl_with(jar: &Path, args: &[&str]) -> (u16, String) {
    let out = Command::new("curl")
        .args(["-sk", "-i", "--interface", "127.0.0.2", "--max-time", "60"])
        .arg("-c")
        .arg(jar)
        .arg("-b")
        .arg(jar)
        .args(args)
        .output()
        .expect("curl runs");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    // After "100 Continue" comes the real answer.
    let text = match text.strip_prefix("HTTP/1.1 100 Continue\r\n\r\n") {
        Some(rest) => rest.to_string(),
        None => text,
    };
    let status = text
        .lines()
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, text)
}

/// A header of a `curl -i` answer.
pub fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    answer
        .lines()
        .take_while(|l| !l.trim().is_empty())
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
}
