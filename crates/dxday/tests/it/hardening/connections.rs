use super::*;

/// Point 9: slow clients. Headers sent slowly, and a kept-alive connection left idle,
/// are cut at the header timeout; a body that stops arriving, at 10 s; past the
/// connection cap, new connections wait instead of exhausting the process.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_clients_are_cut_and_connections_are_capped() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::time::{Duration, Instant, timeout};
    let Some(app) = spawn_app_with(Backend::Sqlite, |c| {
        c.header_timeout = 2;
        c.max_connections = 16;
    })
    .await
    else {
        return;
    };
    let addr = app.base.trim_start_matches("http://").to_string();
    // Slowloris: a header line every second never completes the request.
    let mut slow = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    let started = Instant::now();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let mut closed = false;
    for i in 0..10 {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if slow
            .write_all(format!("X-{i}: y\r\n").as_bytes())
            .await
            .is_err()
        {
            closed = true;
            break;
        }
        let mut buf = [0u8; 256];
        if let Ok(Ok(n)) = timeout(Duration::from_millis(10), slow.read(&mut buf)).await
            && (n == 0 || String::from_utf8_lossy(&buf[..n]).contains("408"))
        {
            closed = true;
            break;
        }
    }
    assert!(closed, "a slowloris connection is cut");
    assert!(started.elapsed() < Duration::from_secs(6));
    // A kept-alive connection that sends nothing more is closed after the timeout.
    let mut idle = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    let closed_after = timeout(Duration::from_secs(8), async {
        loop {
            match idle.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(
        closed_after.is_ok(),
        "an idle keep-alive connection is closed"
    );
    assert!(String::from_utf8_lossy(&seen).starts_with("HTTP/1.1 200"));
    // A body that stops arriving: the download counter's POST is answered and closed.
    let mut stalled = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connect");
    stalled
        .write_all(b"POST /api/frames/1/downloads HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\ndon_vi=")
        .await
        .expect("write");
    let mut seen = Vec::new();
    let done = timeout(Duration::from_secs(25), async {
        loop {
            match stalled.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => seen.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(done.is_ok(), "a stalled body does not hold the connection");
    let head = String::from_utf8_lossy(&seen).to_string();
    assert!(head.is_empty() || head.starts_with("HTTP/1.1 4"), "{head}");
    // The cap: 16 connections that send nothing hold every slot; a 17th waits until
    // the header timeout frees them, then is served.
    let mut hogs = Vec::new();
    for _ in 0..16 {
        hogs.push(
            tokio::net::TcpStream::connect(&addr)
                .await
                .expect("connect"),
        );
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let waiting = tokio::spawn({
        let url = app.url("/healthz");
        async move {
            let started = Instant::now();
            let status = client()
                .get(url)
                .send()
                .await
                .expect("get")
                .status()
                .as_u16();
            (status, started.elapsed())
        }
    });
    let (status, waited) = timeout(Duration::from_secs(15), waiting)
        .await
        .expect("served in the end")
        .expect("task");
    assert_eq!(status, 200);
    assert!(
        waited > Duration::from_millis(800),
        "it waited for a slot: {waited:?}"
    );
    drop(hogs);
}

/// Point 9: the soft file limit is raised to the hard one at start.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_raises_its_file_limit_to_the_hard_limit() {
    let dir = tempfile::tempdir().expect("dir");
    let hard = std::fs::read_to_string("/proc/self/limits")
        .expect("limits")
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .and_then(|l| l.split_whitespace().nth(4).map(str::to_string))
        .expect("hard limit");
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -Sn 256 && exec {} serve --listen 127.0.0.1:0 --no-demo --data-dir {}",
            env!("CARGO_BIN_EXE_dxday"),
            dir.path().display()
        ))
        .env_remove("DXDAY_DATABASE_URL")
        .env("DXDAY_LOG", "warn")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        std::io::BufReader::new(stdout).lines().next()
    })
    .await
    .expect("started");
    let limits = std::fs::read_to_string(format!("/proc/{}/limits", child.id())).expect("limits");
    let _ = child.kill();
    let _ = child.wait();
    let line = limits
        .lines()
        .find(|l| l.starts_with("Max open files"))
        .expect("line");
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(cols[3], hard, "soft limit raised: {line}");
}

/// Point 14: expected refusals (503 of a full pool, 4xx) are not logged at ERROR, and
/// are counted in /metrics.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_are_not_logged_as_errors_and_are_counted() {
    let dir = tempfile::tempdir().expect("dir");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_dxday"))
        .args(["serve", "--listen", &addr.to_string(), "--data-dir"])
        .arg(dir.path())
        .env_remove("DXDAY_DATABASE_URL")
        .env("DXDAY_LOG", "info")
        .env("DXDAY_RENDER_PERMITS", "0")
        .env("DXDAY_METRICS_TOKEN", "t0ken")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    let stdout = child.stdout.take().expect("stdout");
    tokio::task::spawn_blocking(move || {
        use std::io::BufRead;
        std::io::BufReader::new(stdout).lines().take(4).count()
    })
    .await
    .expect("started");
    let base = format!("http://{addr}");
    let c = client();
    for _ in 0..30 {
        let form = reqwest::multipart::Form::new().part(
            "photo",
            reqwest::multipart::Part::bytes(vec![0u8; 64]).file_name("a.jpg"),
        );
        assert_eq!(
            crate::helpers::status_of(
                c.post(format!("{base}/api/frames/1/render"))
                    .multipart(form)
            )
            .await,
            503
        );
        assert_eq!(
            c.get(format!("{base}/khong-co"))
                .send()
                .await
                .expect("get")
                .status()
                .as_u16(),
            404
        );
        assert_eq!(
            c.get(format!("{base}/qr.png?path=x"))
                .send()
                .await
                .expect("get")
                .status()
                .as_u16(),
            400
        );
    }
    let metrics = c
        .get(format!("{base}/metrics"))
        .bearer_auth("t0ken")
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .expect("body");
    let _ = child.kill();
    let out = child.wait_with_output().expect("output");
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(!log.contains("ERROR"), "{log}");
    let line = metrics
        .lines()
        .find(|l| {
            l.starts_with("http_requests_total{")
                && l.contains("status=\"503\"")
                && l.contains("/api/frames/{id}/render")
        })
        .unwrap_or_else(|| panic!("{metrics}"));
    assert!(line.ends_with(" 30"), "{line}");
}
