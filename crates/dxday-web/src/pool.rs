//! The one pool for CPU- and memory-heavy work (decoding, rendering, drawing QR
//! sheets, reading imports, inspecting uploads, bulk framing): a permit per core, the
//! work on blocking threads (never the async workers), 503 with Retry-After when an
//! interactive request finds the pool full, and cancellation when the request that
//! asked is dropped (a 408, a closed connection): the work checks [`Cancel`] between
//! its steps and stops.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::AppError;

/// The pool (cheap to clone).
#[derive(Clone)]
pub struct Pool {
    permits: Arc<Semaphore>,
    /// Background work (bulk framing) may hold all permits but one, so that an
    /// interactive request still finds one.
    background: Arc<Semaphore>,
    size: usize,
}

/// Set when the request that started a job is gone.
#[derive(Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// True when the work should stop.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// Stops the work at its next check.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Cancels its job when dropped before the job's result was taken.
struct CancelOnDrop(Option<Cancel>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(c) = self.0.take() {
            c.cancel();
            metrics::counter!("pool_jobs_cancelled_total").increment(1);
        }
    }
}

/// A permit held: the work it covers runs, or waits for its input (an upload).
pub struct Permit {
    _held: OwnedSemaphorePermit,
}

impl Pool {
    /// A pool of `size` permits (at least 1).
    pub fn new(size: usize) -> Pool {
        let size = size.max(1);
        Pool {
            permits: Arc::new(Semaphore::new(size)),
            background: Arc::new(Semaphore::new(size.saturating_sub(1).max(1))),
            size,
        }
    }

    /// A pool of `size` permits, or with none at all when `size` is 0 (every job is
    /// refused: the tests of the 503 use it).
    pub fn new_or_closed(size: usize) -> Pool {
        if size == 0 {
            Pool::closed()
        } else {
            Pool::new(size)
        }
    }

    /// A pool with no permit at all (every job is refused).
    pub fn closed() -> Pool {
        Pool {
            permits: Arc::new(Semaphore::new(0)),
            background: Arc::new(Semaphore::new(0)),
            size: 0,
        }
    }

    /// Background jobs that may run at once (all permits but one, at least one).
    pub fn background_share(&self) -> usize {
        self.size.saturating_sub(1).max(1)
    }

    /// Permits in the pool.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Permits free now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// A permit now, or 503 (`busy_key` the message) when the pool is full.
    pub fn try_permit(&self, busy_key: &'static str) -> Result<Permit, AppError> {
        self.permits
            .clone()
            .try_acquire_owned()
            .map(|p| Permit { _held: p })
            .map_err(|_| AppError::Busy(busy_key))
    }

    /// Runs `job` on a blocking thread under a permit taken now (503 when none is
    /// free). If this future is dropped, the job's [`Cancel`] is set.
    pub async fn run<T, F>(&self, busy_key: &'static str, job: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Cancel) -> T + Send + 'static,
    {
        let permit = self.try_permit(busy_key)?;
        self.run_with(permit, job).await
    }

    /// Runs `job` under a permit already held (taken before reading an upload).
    pub async fn run_with<T, F>(&self, permit: Permit, job: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Cancel) -> T + Send + 'static,
    {
        let cancel = Cancel::default();
        let mut guard = CancelOnDrop(Some(cancel.clone()));
        let out = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            job(&cancel)
        })
        .await
        .map_err(AppError::internal);
        guard.0 = None;
        out
    }

    /// Runs background `job` (bulk framing), waiting for a permit: background work
    /// never holds the last permit, and `cancel` stops it at its next check.
    pub async fn run_background<T, F>(&self, cancel: Cancel, job: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&Cancel) -> T + Send + 'static,
    {
        let share = self
            .background
            .clone()
            .acquire_owned()
            .await
            .map_err(AppError::internal)?;
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(AppError::internal)?;
        tokio::task::spawn_blocking(move || {
            let _held = (share, permit);
            job(&cancel)
        })
        .await
        .map_err(AppError::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_pool_refuses_and_a_dropped_request_stops_its_job() {
        let pool = Pool::new(1);
        let (tx, rx) = std::sync::mpsc::channel();
        // A job that would run for a minute unless cancelled.
        let slow = pool.run("err-busy", move |cancel| {
            let started = Instant::now();
            while !cancel.is_cancelled() && started.elapsed() < Duration::from_secs(60) {
                std::thread::sleep(Duration::from_millis(5));
            }
            let _ = tx.send(started.elapsed());
        });
        let mut slow = Box::pin(slow);
        tokio::select! {
            _ = &mut slow => panic!("the job ended by itself"),
            () = tokio::time::sleep(Duration::from_millis(100)) => {}
        }
        // While it runs, the pool is full: another request gets 503 at once.
        assert!(matches!(
            pool.run("err-busy", |_| ()).await,
            Err(AppError::Busy("err-busy"))
        ));
        // The request is dropped (a 408): its job stops.
        drop(slow);
        let ran = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(5)))
            .await
            .expect("join")
            .expect("the job stopped");
        assert!(ran < Duration::from_secs(5), "{ran:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
        assert_eq!(pool.available(), 1, "its permit came back");
        assert!(matches!(
            Pool::closed().run("err-busy", |_| ()).await,
            Err(AppError::Busy("err-busy"))
        ));
        assert_eq!(pool.run("err-busy", |_| 7).await.expect("runs"), 7);
    }
}
