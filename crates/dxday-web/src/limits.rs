//! Counters in bounded memory for what anyone may post: how often a key was seen in
//! a fixed window that starts at its first hit (moka forgets it after the window, and
//! the least used keys first when the cache is full).

use std::hash::Hash;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

/// Hits per key within a window, at most `max` accepted.
pub struct WindowCounter<K: Hash + Eq + Send + Sync + 'static> {
    hits: moka::sync::Cache<K, Arc<AtomicU32>>,
    max: u32,
}

impl<K: Hash + Eq + Clone + Send + Sync + 'static> WindowCounter<K> {
    /// At most `max` hits per key per `window`, for at most `keys` keys at once.
    pub fn new(max: u32, window: Duration, keys: u64) -> Self {
        WindowCounter {
            hits: moka::sync::Cache::builder()
                .max_capacity(keys)
                .time_to_live(window)
                .build(),
            max,
        }
    }

    /// Counts a hit of `key`; false when the key has had its `max` in this window.
    pub fn hit(&self, key: K) -> bool {
        let n = self.hits.get_with(key, || Arc::new(AtomicU32::new(0)));
        n.fetch_add(1, Ordering::Relaxed) < self.max
    }
}

/// How long a studio page's participation token counts downloads.
pub const TOKEN_LIFETIME: std::time::Duration = std::time::Duration::from_secs(6 * 3600);
/// Photos one token may count (a person framing photos for a few colleagues).
pub const COUNTS_PER_TOKEN: u32 = 10;
/// Photos one client address may count per frame and hour (a ward office behind one
/// NAT); a burst of posts beyond that is not counted.
pub const COUNTS_PER_ADDRESS_HOUR: u32 = 30;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_gets_its_max_per_window_and_others_are_apart() {
        let c = WindowCounter::new(3, Duration::from_millis(200), 100);
        assert_eq!((0..10).filter(|_| c.hit("a")).count(), 3);
        assert!(c.hit("b"));
        std::thread::sleep(Duration::from_millis(300));
        assert!(c.hit("a"), "a new window");
    }
}
