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
        out.iter().any(|(p, _)| p.ends_with("dxday-web/src/lib.rs"))
            && out.iter().any(|(p, _)| p.ends_with("base.html")),
        "the source tree was not found from {}",
        crates.display()
    );
    out
}

#[cfg(test)]
mod tests {
    /// The places where `needle` occurs outside the files allowed to hold it.
    fn outside(needle: &str, allowed: &[&str]) -> Vec<String> {
        super::workspace_sources()
            .into_iter()
            .filter(|(path, text)| {
                text.contains(needle)
                    && !path.ends_with("dxday-app/src/testing.rs")
                    && !allowed.iter().any(|a| path.ends_with(a))
            })
            .map(|(path, _)| path)
            .collect()
    }

    /// A scope is a capability: only authentication makes one from an account, only
    /// the CLI acts as the system, and only the store reads how far a scope reaches
    /// (to apply it in its queries). A handler cannot make "every unit" by itself.
    #[test]
    fn only_authentication_and_the_cli_make_a_scope() {
        let made = outside(
            "Scope::for_account(",
            &[
                "dxday-domain/src/scope.rs",
                "dxday-web/src/ctx.rs",
                // Its unit test, of the conditions each kind of scope makes.
                "dxday-store/src/scope_sql.rs",
            ],
        );
        assert!(
            made.is_empty(),
            "a scope made outside authentication: {made:?}"
        );
        let system: Vec<String> = outside(
            "Scope::system(",
            &["dxday-domain/src/scope.rs", "dxday-store/src/scope_sql.rs"],
        )
        .into_iter()
        .filter(|p| !p.contains("/dxday/src/"))
        .collect();
        assert!(
            system.is_empty(),
            "the system scope outside the CLI: {system:?}"
        );
        let reach: Vec<String> = outside("Reach::", &["dxday-domain/src/scope.rs"])
            .into_iter()
            .filter(|p| !p.contains("/dxday-store/src/"))
            .collect();
        assert!(
            reach.is_empty(),
            "a scope read outside the store: {reach:?}"
        );
    }

    /// Every address of the site is named once, in the web crate's table of paths:
    /// the router, redirects, links and templates take it from there.
    #[test]
    fn addresses_are_written_only_in_the_table_of_paths() {
        for prefix in [
            "\"/quan-tri",
            "=\"/quan-tri",
            "\"/bo-nhan-dien",
            "\"/tuyen-pho-so",
            "\"/khung-anh",
            "\"/dang-nhap",
        ] {
            let found: Vec<String> = outside(prefix, &["dxday-web/src/paths.rs"])
                .into_iter()
                // Tests speak to the site from outside, by its addresses.
                .filter(|p| !p.contains("/tests/"))
                .collect();
            assert!(
                found.is_empty(),
                "{prefix} written outside paths.rs: {found:?}"
            );
        }
    }
}
