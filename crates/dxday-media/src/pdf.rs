//! PDF of a DOCX through LibreOffice (`soffice --headless --convert-to pdf`), when it
//! is installed. Each conversion gets its own LibreOffice profile, runs in its own
//! process group under a time limit, and waits for one of a few turns in a bounded
//! queue (see [`Converter`]).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::MediaError;

/// The LibreOffice command: `$DXDAY_SOFFICE`, else `soffice` on the PATH.
fn soffice() -> PathBuf {
    std::env::var_os("DXDAY_SOFFICE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("soffice"))
}

/// True when LibreOffice can be started. Asked once per process (starting it takes a
/// while, and document pages ask on every view).
pub fn available() -> bool {
    static AVAILABLE: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        Command::new(soffice())
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// A DOCX file turned into PDF by LibreOffice (Writer), with the default converter.
pub fn from_docx(docx: &[u8]) -> Result<Vec<u8>, MediaError> {
    Converter::shared().convert(docx, "docx")
}

/// An XLSX workbook turned into PDF by LibreOffice (Calc: `libreoffice-calc-nogui`).
pub fn from_xlsx(xlsx: &[u8]) -> Result<Vec<u8>, MediaError> {
    Converter::shared().convert(xlsx, "xlsx")
}

/// Conversions that may run at once (each LibreOffice takes a few hundred MB).
pub const MAX_RUNNING: usize = 2;
/// Conversions that may wait for a turn; past that a conversion is refused at once
/// ([`MediaError::Busy`], a 503).
pub const MAX_WAITING: usize = 4;
/// The default time limit of one conversion; past it the LibreOffice process group is
/// killed.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

/// LibreOffice conversions under a time limit and a bounded queue: a hung conversion
/// is killed at its limit and holds one of [`MAX_RUNNING`] turns until then, never
/// every PDF download.
pub struct Converter {
    command: PathBuf,
    timeout: Duration,
    queue: Mutex<Queue>,
    turn: Condvar,
    /// Starts are spaced: instances started at the same moment have been seen to abort.
    start: Mutex<()>,
}

impl std::fmt::Debug for Converter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Converter")
            .field("command", &self.command)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

#[derive(Default)]
struct Queue {
    running: usize,
    waiting: usize,
}

impl Converter {
    /// A converter running `command` (LibreOffice's `soffice`), each conversion at most
    /// `timeout`.
    pub fn new(command: PathBuf, timeout: Duration) -> Converter {
        Converter {
            command,
            timeout,
            queue: Mutex::new(Queue::default()),
            turn: Condvar::new(),
            start: Mutex::new(()),
        }
    }

    /// The process-wide converter: `$DXDAY_SOFFICE` (else `soffice`), 60 s each.
    pub fn shared() -> &'static Converter {
        static SHARED: std::sync::OnceLock<Converter> = std::sync::OnceLock::new();
        SHARED.get_or_init(|| Converter::new(soffice(), DEFAULT_TIMEOUT))
    }

    /// Converts an office file (given its extension) to PDF bytes, in a private
    /// profile, waiting for a turn (refused with [`MediaError::Busy`] when the queue is
    /// full).
    pub fn convert(&self, input_bytes: &[u8], extension: &str) -> Result<Vec<u8>, MediaError> {
        {
            let mut q = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            if q.running + q.waiting >= MAX_RUNNING + MAX_WAITING {
                return Err(MediaError::Busy);
            }
            q.waiting += 1;
            while q.running >= MAX_RUNNING {
                q = self.turn.wait(q).unwrap_or_else(PoisonError::into_inner);
            }
            q.waiting -= 1;
            q.running += 1;
        }
        let out = self.run(input_bytes, extension);
        self.queue
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .running -= 1;
        self.turn.notify_one();
        out
    }

    fn run(&self, input_bytes: &[u8], extension: &str) -> Result<Vec<u8>, MediaError> {
        use std::os::unix::process::CommandExt;
        let fail = |what: String| MediaError::Encode(format!("PDF: {what}"));
        let dir = tempfile::tempdir().map_err(|e| fail(e.to_string()))?;
        let input = dir.path().join(format!("van-ban.{extension}"));
        std::fs::write(&input, input_bytes).map_err(|e| fail(e.to_string()))?;
        let profile = dir.path().join("profile");
        let mut child = {
            let _spaced = self.start.lock().unwrap_or_else(PoisonError::into_inner);
            let child = Command::new(&self.command)
                .arg("--headless")
                .arg("--norestore")
                .arg(format!("-env:UserInstallation=file://{}", profile.display()))
                .arg("--convert-to")
                .arg("pdf")
                .arg("--outdir")
                .arg(dir.path())
                .arg(&input)
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                // Its own process group, so that the whole of LibreOffice can be killed.
                .process_group(0)
                .spawn()
                .map_err(|e| {
                    fail(format!(
                        "cannot start LibreOffice ({e}); install it: apt-get install libreoffice-writer-nogui libreoffice-calc-nogui fonts-liberation2"
                    ))
                })?;
            std::thread::sleep(Duration::from_millis(200));
            child
        };
        let started = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if started.elapsed() < self.timeout => {
                    std::thread::sleep(Duration::from_millis(50));
                }
                Ok(None) => {
                    kill_group(child.id());
                    let _ = child.kill();
                    let _ = child.wait();
                    tracing::warn!(timeout = ?self.timeout, "LibreOffice conversion killed at its time limit");
                    return Err(fail(format!(
                        "LibreOffice took longer than {} s and was stopped",
                        self.timeout.as_secs()
                    )));
                }
                Err(e) => return Err(fail(e.to_string())),
            }
        };
        // Whatever it left running in its group goes too.
        kill_group(child.id());
        let pdf = dir.path().join("van-ban.pdf");
        match std::fs::read(&pdf) {
            Ok(bytes) if status.success() => Ok(bytes),
            _ => Err(fail(format!(
                "LibreOffice did not convert the document ({status})"
            ))),
        }
    }
}

/// Sends SIGKILL to the process group `pgid` (the converter's LibreOffice).
fn kill_group(pgid: u32) {
    let _ = Command::new("kill")
        .arg("-KILL")
        .arg("--")
        .arg(format!("-{pgid}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}
