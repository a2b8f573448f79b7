//! `deploy/Containerfile` without a container engine (this machine has none, and no
//! image registry is reachable): its runtime stage's contract is run as written — the
//! binary started by its ENTRYPOINT and CMD, with its ENV, as its non-root USER, writing
//! only its VOLUME — and its HEALTHCHECK command answers healthy. The binary links only
//! the C library's parts that debian:bookworm-slim has.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::helpers::{dxday, free_port, in_ci, is_root, succeeds};

/// The Containerfile's instructions (continuation lines joined), comments left out.
fn instructions() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/Containerfile"),
    )
    .expect("deploy/Containerfile");
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') || (line.is_empty() && current.is_empty()) {
            continue;
        }
        match line.strip_suffix('\\') {
            Some(part) => {
                current.push_str(part);
                current.push(' ');
            }
            None => {
                current.push_str(line);
                let (op, rest) = current
                    .trim()
                    .split_once(' ')
                    .unwrap_or((current.trim(), ""));
                out.push((op.to_string(), rest.trim().to_string()));
                current.clear();
            }
        }
    }
    out
}

fn json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{text:?} is not a JSON list: {e}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_containerfile_runtime_stage_runs_as_written() {
    let all = instructions();
    let froms: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, (op, _))| op == "FROM")
        .map(|(i, _)| i)
        .collect();
    assert_eq!(froms.len(), 2, "a build stage and a runtime stage");
    assert!(
        all.iter()
            .any(|(op, rest)| op == "RUN"
                && rest.contains("cargo build --release --locked -p dxday")),
        "the build stage builds the binary from the lock file"
    );
    let runtime = &all[froms[1]..];
    let get = |name: &str| {
        runtime
            .iter()
            .rev()
            .find(|(op, _)| op == name)
            .map(|(_, rest)| rest.clone())
            .unwrap_or_else(|| panic!("the runtime stage has {name}"))
    };
    assert!(
        get("COPY").starts_with("--from=build ") && get("COPY").ends_with(" /usr/local/bin/dxday"),
        "only the binary comes from the build stage"
    );
    let user = get("USER");
    let (uid, gid) = user.split_once(':').expect("USER uid:gid");
    let (uid, gid): (u32, u32) = (uid.parse().expect("uid"), gid.parse().expect("gid"));
    assert!(uid >= 1000 && gid >= 1000, "not root: {user}");
    let volume = json_list(&get("VOLUME"))[0].clone();
    let mut env: BTreeMap<String, String> = BTreeMap::new();
    for (op, rest) in runtime {
        if op == "ENV" {
            for pair in rest.split_whitespace() {
                let (k, v) = pair.split_once('=').expect("ENV key=value");
                env.insert(k.to_string(), v.to_string());
            }
        }
    }
    // Every variable is one dxday reads.
    let shown = succeeds(dxday().args(["config", "show"]));
    for k in env.keys() {
        assert!(
            shown.contains(&format!("{k}=")),
            "{k} is a dxday setting:\n{shown}"
        );
    }
    let port: u16 = get("EXPOSE").parse().expect("a port");
    assert_eq!(env["DXDAY_LISTEN"], format!("0.0.0.0:{port}"));
    assert_eq!(env["DXDAY_DATA_DIR"], volume, "the data live in the volume");

    // The binary needs nothing but the C library (in debian:bookworm-slim).
    let ldd = Command::new("ldd")
        .arg(env!("CARGO_BIN_EXE_dxday"))
        .output()
        .expect("ldd");
    let libs = String::from_utf8_lossy(&ldd.stdout).into_owned();
    for line in libs.lines().filter(|l| !l.trim().is_empty()) {
        let name = line.split_whitespace().next().unwrap_or("");
        assert!(
            [
                "linux-vdso",
                "libc.so",
                "libm.so",
                "libgcc_s.so",
                "ld-linux",
                "/lib64/ld-linux"
            ]
            .iter()
            .any(|ok| name.starts_with(ok)),
            "{name} is not in debian:bookworm-slim:\n{libs}"
        );
    }

    // Run it as the image would, on a free port, with the volume as an empty folder
    // that belongs to the user; switching user needs root.
    if !is_root() {
        assert!(!in_ci(), "CI runs as root");
        eprintln!("skipped: switching to the image's user needs root");
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let data = dir.path().join("volume");
    std::fs::create_dir(&data).expect("volume");
    std::fs::set_permissions(
        dir.path(),
        std::os::unix::fs::PermissionsExt::from_mode(0o755),
    )
    .expect("chmod");
    std::os::unix::fs::chown(&data, Some(uid), Some(gid)).expect("chown");
    let local = free_port();
    env.insert("DXDAY_LISTEN".into(), format!("127.0.0.1:{local}"));
    env.insert("DXDAY_DATA_DIR".into(), data.display().to_string());
    let as_user = |args: &[String]| {
        let mut c = Command::new("setpriv");
        c.args([
            &format!("--reuid={uid}"),
            &format!("--regid={gid}"),
            "--clear-groups",
            "--",
            env!("CARGO_BIN_EXE_dxday"),
        ])
        .args(args)
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .envs(&env)
        .current_dir(&data);
        c
    };
    let entrypoint = json_list(&get("ENTRYPOINT"));
    assert_eq!(entrypoint, ["dxday"]);
    let cmd = json_list(&get("CMD"));
    let mut server = as_user(&cmd)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("dxday serve");
    let health: Vec<String> = json_list(
        get("HEALTHCHECK")
            .split_once("CMD ")
            .expect("HEALTHCHECK … CMD [...]")
            .1,
    );
    assert_eq!(health[0], "dxday");
    let mut healthy = false;
    for _ in 0..300 {
        if as_user(&health[1..])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
        {
            healthy = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.id())).unwrap_or_default();
    let _ = server.kill();
    let out = server.wait_with_output().expect("stopped");
    assert!(
        healthy,
        "the HEALTHCHECK passes: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let uid_line = status.lines().find(|l| l.starts_with("Uid:")).unwrap_or("");
    assert!(
        uid_line.contains(&uid.to_string()),
        "runs as {uid}: {uid_line}"
    );
    // It wrote its database in the volume, as the user.
    let db = data.join("dxday.db");
    let meta = std::fs::metadata(&db).expect("the database in the volume");
    assert_eq!(std::os::unix::fs::MetadataExt::uid(&meta), uid);
}
