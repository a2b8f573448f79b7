//! `dxday`: one binary that runs the Digital Transformation Day campaign site.
//! The only `unsafe` of the project: setting one allocator option (below).

// mimalloc: about a tenth more requests per second than glibc's allocator on the
// public pages (scripts/bench-home.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay` (its v3 header's enum; default 10 ms), which
/// the Rust bindings do not name. A unit test checks the index by its default.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Give freed pages back at once instead of 10 ms later: a framing run frees a
    // decoded photo and allocates the next buffers within that time, so delaying would
    // add their sizes together (peak RSS 35 → 26 MB for a 12-MP photo, same speed).
    // SAFETY: set before any other thread exists, as mimalloc asks.
    #[allow(unsafe_code)]
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0)
    };
    dxday::cli::main()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_index_is_mimallocs() {
        // SAFETY: reads an option; no other thread touches mimalloc's options here.
        #[allow(unsafe_code)]
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(delay, 10, "mi_option_purge_delay's default is 10 ms");
    }
}
