//! Any bytes given to the import reader (CSV in any of its encodings, or XLSX): an
//! error is fine; a panic, a hang or an allocation past the caps is a bug. Run with
//! `cargo +nightly fuzz run import_table -- -rss_limit_mb=512 -max_len=65536`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = dxday_media::table::read(data) {
        assert!(rows.len() <= dxday_media::table::MAX_ROWS);
        assert!(rows.iter().all(|r| r.len() <= dxday_media::table::MAX_COLS));
    }
});
