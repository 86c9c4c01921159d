//! Calm and exact (issue 16): notes are never likely causes, a healthy machine says so in one
//! line, and a cause names `mcp-doctor fix …` only when the fix would change something.
mod common;

use common::{doctor, home};

fn severity_of<'a>(r: &'a serde_json::Value, id: &str) -> &'a str {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == id)
        .unwrap()["severity"]
        .as_str()
        .unwrap()
}

#[test]
fn notes_are_never_likely_causes() {
    for name in ["notes-only", "warn-only", "linux-code", "clean"] {
        let h = home(name);
        let r = doctor(h.path(), &["check", "--no-platform", "--json"])
            .run()
            .json();
        for c in r["causes"].as_array().unwrap() {
            let sevs: Vec<&str> = c["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|id| severity_of(&r, id.as_str().unwrap()))
                .collect();
            assert!(
                sevs.iter().any(|s| *s != "note"),
                "{name}: a cause stands on notes only: {c:#}"
            );
        }
        let ranks: Vec<u64> = r["causes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["rank"].as_u64().unwrap())
            .collect();
        assert_eq!(
            ranks,
            (1..=ranks.len() as u64).collect::<Vec<_>>(),
            "{name}"
        );
    }
    // The note is still reported, as a finding.
    let h = home("notes-only");
    let r = doctor(h.path(), &["check", "--no-platform", "--json"])
        .run()
        .json();
    assert_eq!(common::with_rule(&r, "legacy-sse").len(), 1);
    assert!(
        r["causes"].as_array().unwrap().is_empty(),
        "{}",
        r["causes"]
    );
}

#[test]
fn a_healthy_home_says_so_in_one_line() {
    let h = home("notes-only");
    let out = doctor(h.path(), &["check", "--no-platform"]).run();
    assert_eq!(out.code, 0);
    assert!(!out.stdout.contains("Most likely"), "{}", out.stdout);
    let last: Vec<&str> = out.stdout.trim_end().lines().rev().take(2).collect();
    assert_eq!(
        last[0],
        "✓ No problem found: 1 server(s) in 1 config file(s) (1 note above)."
    );
    assert_eq!(last[1], "", "the verdict stands alone: {}", out.stdout);
    // With a warning it is not healthy: the counts and the likely cause are shown.
    let w = home("warn-only");
    let out = doctor(w.path(), &["check", "--no-platform"]).run();
    assert!(!out.stdout.contains("No problem found"), "{}", out.stdout);
    assert!(
        out.stdout.contains("Most likely: missing-env"),
        "{}",
        out.stdout
    );
}

#[test]
fn an_automatic_fix_is_named_only_when_it_would_change_something() {
    // server.py exists nowhere: `fix --absolute-paths` plans nothing for it, so nothing names it.
    let h = home("planted-relative");
    let r = doctor(h.path(), &["check", "--no-platform", "--json"])
        .run()
        .json();
    let rel = common::with_rule(&r, "relative-path");
    assert_eq!(rel.len(), 1);
    assert!(rel[0]["fix"]["automatic"].is_null(), "{:#}", rel[0]);
    assert!(r["causes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["fix"]["automatic"].is_null()));
    let human = doctor(h.path(), &["check", "--no-platform"]).run().stdout;
    assert!(!human.contains("fix --absolute-paths"), "{human}");
    // Zed's `~/bin/postgres-mcp` has an absolute path to become: the fix is named.
    let h = home("linux-code");
    let r = doctor(h.path(), &["check", "--no-platform", "--json"])
        .run()
        .json();
    let tilde = common::with_rule(&r, "tilde-path");
    assert_eq!(
        tilde[0]["fix"]["automatic"],
        "mcp-doctor fix --absolute-paths"
    );
    let plan = doctor(
        h.path(),
        &[
            "fix",
            "--absolute-paths",
            "--dry-run",
            "--json",
            "--server",
            "postgres",
        ],
    )
    .run()
    .json();
    assert!(!plan["changes"].as_array().unwrap().is_empty());
}

#[test]
fn unfound_project_files_are_one_line() {
    let h = common::empty_home();
    let proj = h.path().join("a/b/c");
    std::fs::create_dir_all(&proj).unwrap();
    let out = doctor(h.path(), &["check", "--no-platform", "-v"])
        .cwd(&proj)
        .run();
    let project_lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains(" project "))
        .collect();
    assert_eq!(project_lines.len(), 1, "{}", out.stdout);
    assert!(
        project_lines[0].contains(".mcp.json"),
        "{}",
        project_lines[0]
    );
    assert!(project_lines[0].contains("a/b/c"), "{}", project_lines[0]);
}
