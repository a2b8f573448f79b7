//! The operated deployment end to end (issue 21): `deploy/nginx.conf` in front of two
//! `dxday serve` processes on one PostgreSQL database and one S3 bucket (moto's
//! server). Through nginx only: logins, the server renderer, a kit file uploaded on
//! one node and downloaded from the other, a ward's report submitted, a bulk job
//! polled round-robin — then the node framing it is killed (SIGKILL) mid-job, and the
//! other keeps serving the same sessions and resumes the job to its end.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::helpers::{
    Backend, PASSWORD, csrf_of, dxday, free_port, test_db, value_after, with_stdin,
};
use crate::proxy::{Proxy, header};

/// A `dxday serve` process, killed when dropped.
struct Node {
    child: Child,
    port: u16,
    _dir: tempfile::TempDir,
}

impl Node {
    async fn start(port: u16, env: &[(&str, String)], demo: bool) -> Node {
        let dir = tempfile::tempdir().expect("dir");
        let log = std::fs::File::create(dir.path().join("dxday.log")).expect("log");
        let mut command = dxday();
        command
            .arg("serve")
            .env("DXDAY_LISTEN", format!("127.0.0.1:{port}"))
            .env("DXDAY_DATA_DIR", dir.path())
            .env("DXDAY_TRUSTED_PROXIES", "127.0.0.1/32")
            .stdout(Stdio::null())
            .stderr(log);
        if !demo {
            command.arg("--no-demo");
        }
        for (k, v) in env {
            command.env(k, v);
        }
        let child = command.spawn().expect("dxday serve starts");
        let node = Node {
            child,
            port,
            _dir: dir,
        };
        let health = format!("http://127.0.0.1:{port}/healthz");
        for _ in 0..600 {
            if reqwest::get(&health)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return node;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!(
            "node on {port} did not become healthy: {}",
            std::fs::read_to_string(node._dir.path().join("dxday.log")).unwrap_or_default()
        );
    }

    /// CPU time the process has used, in clock ticks (user + system).
    fn cpu_ticks(&self) -> u64 {
        let stat =
            std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap_or_default();
        // Fields after the command's name (in parentheses): state is the 3rd field,
        // utime and stime the 14th and 15th.
        let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let at = |i: usize| fields.get(i - 3).and_then(|v| v.parse::<u64>().ok());
        at(14).unwrap_or(0) + at(15).unwrap_or(0)
    }

    fn kill9(&mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().expect("reaped");
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn jpeg(w: u32, h: u32, seed: u8) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([seed, (x % 251) as u8, (y % 241) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Jpeg)
        .expect("jpeg");
    out.into_inner()
}

/// Logs `who` in through the proxy.
fn login(proxy: &Proxy, who: &str, email: &str) {
    let (status, answer) = proxy.login(who, email, PASSWORD, &[]);
    assert_eq!(status, 303, "{email} logs in: {answer}");
}

fn add_user(db_url: &str, email: &str, role: &str, unit: &str) {
    let out = with_stdin(
        dxday().env("DXDAY_DATABASE_URL", db_url).args([
            "user", "add", "--email", email, "--role", role, "--unit", unit,
        ]),
        &format!("{PASSWORD}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The body of a `curl -i` answer.
fn body(answer: &str) -> &str {
    answer.split_once("\r\n\r\n").map_or("", |(_, b)| b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_behind_nginx_survive_the_loss_of_one() {
    let Some(t) = test_db(Backend::Postgres).await else {
        return;
    };
    // The test reads the nodes' database directly for ids and the job's attempts.
    let db = sqlx::AnyPool::connect(&t.url).await.expect("db");
    let Some(s3) = crate::kit_s3::s3_server().await else {
        return;
    };
    let res = reqwest::Client::new()
        .put(format!("{}/dxday-cluster", s3.endpoint))
        .send()
        .await
        .expect("create bucket");
    assert!(res.status().is_success());
    let (port_a, port_b) = (free_port(), free_port());
    let Some(proxy) = Proxy::start(&[port_a, port_b]).await else {
        return;
    };
    let site = proxy.site.clone();
    let env = vec![
        ("DXDAY_DATABASE_URL", t.url.clone()),
        (
            "DXDAY_FILES_URL",
            format!(
                "s3://dxday-cluster/hai-phong?endpoint={}&region=us-east-1&access_key_id=test&secret_access_key=test",
                s3.endpoint
            ),
        ),
        ("DXDAY_PUBLIC_URL", site.clone()),
    ];
    // The first node loads the living demo; the second finds it there.
    let a = Node::start(port_a, &env, true).await;
    let b = Node::start(port_b, &env, false).await;
    add_user(&t.url, "lan@vhtt.gov.vn", "office_staff", "vhtt");
    add_user(
        &t.url,
        "dau-moi@maychai.vn",
        "unit_focal_point",
        "p-may-chai",
    );
    login(&proxy, "office", "lan@vhtt.gov.vn");
    login(&proxy, "ward", "dau-moi@maychai.vn");
    let work = tempfile::tempdir().expect("dir");
    let file = |name: &str, bytes: &[u8]| {
        let p = work.path().join(name);
        std::fs::write(&p, bytes).expect("write");
        p.display().to_string()
    };

    // A citizen frames a photo through the server renderer.
    let (status, studio) = proxy.curl("citizen", &[&format!("{site}/khung-anh")]);
    assert_eq!(status, 200);
    let frame = value_after(&studio, "data-frame-id=\"");
    let token = value_after(&studio, "data-count-token=\"");
    let photo = file("anh.jpg", &jpeg(1600, 1200, 10));
    let framed = work.path().join("framed.png");
    let out = Command::new("curl")
        .args(["-sk", "--fail", "-o"])
        .arg(&framed)
        .args([
            "-F",
            &format!("photo=@{photo}"),
            "-F",
            "don_vi=p-may-chai",
            "-F",
            &format!("token={token}"),
            &format!("{site}/api/frames/{frame}/render"),
        ])
        .output()
        .expect("curl");
    assert!(out.status.success(), "the server renders");
    let img = image::open(&framed).expect("a PNG");
    assert_eq!((img.width(), img.height()), (1080, 1080));

    // A kit file uploaded through one node is downloaded through both.
    let (_, page) = proxy.curl("office", &[&format!("{site}/quan-tri/bo-nhan-dien")]);
    let poster = crate::bulk_web::png(1200, 630);
    let poster_file = file("poster.png", &poster);
    let (status, answer) = proxy.curl(
        "office",
        &[
            "-F",
            &format!("_csrf={}", csrf_of(&page)),
            "-F",
            "title=Ảnh chia sẻ của cụm",
            "-F",
            "category=social_image",
            "-F",
            &format!("file=@{poster_file}"),
            &format!("{site}/quan-tri/bo-nhan-dien"),
        ],
    );
    assert_eq!(status, 303, "{answer}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM kit_assets WHERE title = $1")
        .bind("Ảnh chia sẻ của cụm")
        .fetch_one(&db)
        .await
        .expect("the asset");
    for _ in 0..4 {
        let got = work.path().join("got.png");
        let out = Command::new("curl")
            .args(["-sk", "--fail", "--interface", "127.0.0.2", "-o"])
            .arg(&got)
            .arg(format!("{site}/bo-nhan-dien/{id}/tai-ve"))
            .output()
            .expect("curl");
        assert!(out.status.success());
        assert_eq!(std::fs::read(&got).expect("read"), poster);
    }
    let upload_node = proxy.served_by("POST /quan-tri/bo-nhan-dien ", 303);
    let download_nodes = proxy.served_by(&format!("GET /bo-nhan-dien/{id}/tai-ve "), 200);
    assert_eq!(upload_node.len(), 1);
    assert_eq!(download_nodes.len(), 2, "both nodes served the file");

    // The office sends the plan's draft results report to the units; the ward fills it
    // in and submits it.
    let request: i64 = sqlx::query_scalar("SELECT MAX(id) FROM report_requests")
        .fetch_one(&db)
        .await
        .expect("the demo's draft request");
    let (status, page) = proxy.curl("office", &[&format!("{site}/quan-tri/bao-cao/{request}")]);
    assert_eq!(status, 200, "{page}");
    let (status, answer) = proxy.curl(
        "office",
        &[
            "--data-urlencode",
            &format!("_csrf={}", csrf_of(&page)),
            &format!("{site}/quan-tri/bao-cao/{request}/gui"),
        ],
    );
    assert_eq!(status, 303, "the request is sent: {}", body(&answer));
    let (status, form) = proxy.curl("ward", &[&format!("{site}/quan-tri/bao-cao/{request}")]);
    assert_eq!(status, 200, "{form}");
    let mut args: Vec<String> = vec!["-F".into(), format!("_csrf={}", csrf_of(&form))];
    for (prefix, value) in [("n", "12"), ("t", "Đã ra quân hỗ trợ người dân")] {
        for field in form.split(&format!("name=\"{prefix}")).skip(1) {
            let id: String = field.chars().take_while(char::is_ascii_digit).collect();
            if !id.is_empty() {
                args.extend(["-F".into(), format!("{prefix}{id}={value}")]);
            }
        }
    }
    args.extend([
        "-F".into(),
        "action=submit".into(),
        format!("{site}/quan-tri/bao-cao/{request}"),
    ]);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (status, answer) = proxy.curl("ward", &args);
    assert_eq!(status, 303, "the report is submitted: {}", body(&answer));

    // A bulk job, polled through nginx (round-robin over both nodes).
    let photos: Vec<(String, Vec<u8>)> = (0..40)
        .map(|i| (format!("can-bo-{i}.jpg"), jpeg(2400, 1800, i as u8)))
        .collect();
    let entries: Vec<(&str, Vec<u8>)> = photos
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    let zip = file("can-bo.zip", &crate::bulk_web::zip_of(&entries));
    let (_, page) = proxy.curl("ward", &[&format!("{site}/quan-tri/ghep-khung-hang-loat")]);
    let bulk_frame = value_after(&page, "name=\"frame_id\"><option value=\"");
    let (status, answer) = proxy.curl(
        "ward",
        &[
            "-F",
            &format!("_csrf={}", csrf_of(&page)),
            "-F",
            &format!("frame_id={bulk_frame}"),
            "-F",
            "format=png",
            "-F",
            "size=1080",
            "-F",
            &format!("zip=@{zip}"),
            &format!("{site}/quan-tri/ghep-khung-hang-loat/moi"),
        ],
    );
    assert_eq!(status, 303, "{}", body(&answer));
    let job = header(&answer, "location")
        .expect("the job's page")
        .to_string();
    let job_page = |who: &str| {
        let (status, page) = proxy.curl(who, &[&format!("{site}{job}")]);
        assert_eq!(status, 200, "{page}");
        page
    };
    // Wait until photos are being framed, then kill node A outright.
    let mut running = String::new();
    for _ in 0..300 {
        running = job_page("ward");
        if running.contains("<progress") && !running.contains("value=\"0\"") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        running.contains("http-equiv=\"refresh\""),
        "the job still runs when the node is killed: {running}"
    );
    let polled = proxy.served_by(&format!("GET {job} "), 200);
    assert_eq!(
        polled.len(),
        2,
        "the job's page came from both nodes: {polled:?}"
    );
    // The node framing the photos is the one using a core: it is the one killed.
    let before = (a.cpu_ticks(), b.cpu_ticks());
    tokio::time::sleep(Duration::from_secs(1)).await;
    let used = (a.cpu_ticks() - before.0, b.cpu_ticks() - before.1);
    let (mut killed, survivor) = if used.0 >= used.1 { (a, b) } else { (b, a) };
    killed.kill9();

    // The other node serves both sessions, and the job ends: the survivor's sweep
    // queues it again once its heartbeat is a minute old (every minute), and frames it
    // again from the start.
    let mut last = String::new();
    for _ in 0..240 {
        last = job_page("ward");
        if !last.contains("http-equiv=\"refresh\"") {
            break;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
    assert!(
        last.contains("Đã xong"),
        "the job resumed and finished: {last}"
    );
    let id = job.rsplit('/').next().expect("the job's id");
    let (attempts,): (i64,) = sqlx::query_as("SELECT attempts FROM bulk_jobs WHERE id = $1")
        .bind(id)
        .fetch_one(&db)
        .await
        .expect("the job");
    assert_eq!(attempts, 2, "cut once, resumed once");
    for who in ["office", "ward"] {
        let (status, page) = proxy.curl(who, &[&format!("{site}/quan-tri")]);
        assert_eq!(status, 200, "{who}'s session holds: {page}");
    }
    {
        let got = work.path().join("framed.zip");
        let out = Command::new("curl")
            .args(["-sk", "--fail", "-b"])
            .arg(proxy.file("ward.cookies"))
            .arg("-o")
            .arg(&got)
            .arg(format!("{site}{job}/tai-ve"))
            .output()
            .expect("curl");
        assert!(out.status.success(), "the result downloads");
        let zip = zip::ZipArchive::new(std::fs::File::open(&got).expect("zip")).expect("a ZIP");
        assert_eq!(zip.len(), 40);
    }
    assert_eq!(
        proxy.served_by("GET /quan-tri ", 200),
        [format!("127.0.0.1:{}", survivor.port)],
        "after the kill, the survivor answered"
    );
}
