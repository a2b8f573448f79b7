//! `dxday`: one binary that runs the Digital Transformation Day campaign site.

// mimalloc: about a tenth more requests per second than glibc's allocator on the
// public pages (scripts/bench-home.sh).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    dxday::cli::main()
}
