//! Support for tests in this and the other crates (never called by the program).

/// Every source file and template of the workspace's crates (`crates/*/src/**.rs`,
/// `crates/*/templates/**.html`, `crates/*/static/**.js`), read from the tree at test
/// time, for the tests that every message key and asset named exists: a new file is
/// checked without being listed anywhere.
pub fn workspace_sources() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, out);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("rs" | "html" | "js")
            ) {
                let text = std::fs::read_to_string(&path).expect("a source file");
                out.push((path.display().to_string(), text));
            }
        }
    }
    let crates = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut out = Vec::new();
    for krate in std::fs::read_dir(&crates).expect("crates/").flatten() {
        for part in ["src", "templates", "static"] {
            walk(&krate.path().join(part), &mut out);
        }
    }
    assert!(
        out.iter().any(|(p, _)| p.ends_with("features/reports.rs"))
            && out.iter().any(|(p, _)| p.ends_with("base.html")),
        "the source tree was not found from {}",
        crates.display()
    );
    out
}
