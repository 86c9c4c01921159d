//! Snapshot files: the expected output of a command, committed under `tests/snapshots/`, so a
//! wording change is reviewed in the diff, not made by accident. `UPDATE_SNAPSHOTS=1 cargo test`
//! rewrites them (then read `git diff tests/snapshots`). The fixture's temporary home folder is
//! written `<HOME>`, this checkout `<REPO>`, the CPU `<ARCH>`.
#![allow(dead_code)]
use std::path::Path;

pub fn normalise(text: &str, home: &Path) -> String {
    let repo = env!("CARGO_MANIFEST_DIR");
    let mut t = text.replace(&home.display().to_string(), "<HOME>");
    if let Ok(real) = home.canonicalize() {
        t = t.replace(&real.display().to_string(), "<HOME>");
    }
    // `--os windows` spells the home `C:\Users\<folder name>`.
    if let Some(name) = home.file_name().and_then(|n| n.to_str()) {
        t = t.replace(&format!("C:\\Users\\{name}"), "<HOME>");
    }
    t.replace(repo, "<REPO>")
        .replace(std::env::consts::ARCH, "<ARCH>")
}

pub fn assert_snapshot(name: &str, actual: &str, home: &Path) {
    let actual = normalise(actual, home);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/snapshots")
        .join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        panic!(
            "no snapshot {}: run UPDATE_SNAPSHOTS=1 cargo test and review it\n--- actual:\n{actual}",
            path.display()
        )
    });
    if expected != actual {
        let diff = similar::TextDiff::from_lines(&expected, &actual)
            .unified_diff()
            .header("expected", "actual")
            .to_string();
        panic!("{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept):\n{diff}");
    }
}
