//! `dxday`: one binary that runs the Digital Transformation Day campaign site.

fn main() -> std::process::ExitCode {
    dxday::cli::main()
}
