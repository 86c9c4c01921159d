//! The command surface and exit codes of `shared/contract.md`.
mod common;
use common::*;

#[test]
fn usage_errors_exit_2_with_one_line() {
    let h = empty_home();
    for args in [
        vec!["check", "--bogus"],
        vec!["check", "--os", "plan9"],
        vec!["check", "--now", "yesterday"],
        vec!["explain", "no-such-rule"],
    ] {
        let out = doctor(h.path(), &args).run();
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(
            out.stderr.trim().lines().count(),
            1,
            "{args:?}: {}",
            out.stderr
        );
        assert!(out.stderr.starts_with("mcp-doctor: "), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
    let out = doctor(std::path::Path::new("/nonexistent/home"), &["check"])
        .cwd(h.path())
        .run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--home"), "{}", out.stderr);
}

#[test]
fn explain_and_rules() {
    let h = empty_home();
    let out = doctor(h.path(), &["rules"]).run();
    assert_eq!(out.code, 0);
    assert!(out.stdout.contains("tilde-path") && out.stdout.contains("bad-path"));
    let out = doctor(h.path(), &["explain", "tilde-path"]).run();
    assert_eq!(out.code, 0);
    for part in [
        "What it detects",
        "Why it matters",
        "How to fix it by hand",
        "fix --absolute-paths",
    ] {
        assert!(out.stdout.contains(part), "{part}: {}", out.stdout);
    }
    let j = doctor(h.path(), &["explain", "windows-npx", "--json"])
        .run()
        .json();
    assert_eq!(j["cause"], "windows-npx");
    assert!(j["fix_commands"]["windows"].is_array());
    let out = doctor(h.path(), &["explain", "tilde"]).run();
    assert!(
        out.stderr.contains("did you mean tilde-path"),
        "{}",
        out.stderr
    );
}

#[test]
fn exit_code_is_the_same_with_and_without_json() {
    for (fixture, os) in [("macos-desktop", "macos"), ("clean", "linux")] {
        let h = home(fixture);
        let a = doctor(h.path(), &["check", "--os", os]).run();
        let b = doctor(h.path(), &["check", "--os", os, "--json"]).run();
        assert_eq!(a.code, b.code, "{fixture}");
        let _ = b.json();
    }
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let h = home("macos-desktop");
    let mut run = doctor(h.path(), &["check", "--os", "macos"]);
    run.args.retain(|a| a != "--color" && a != "never");
    let plain = run.run();
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "no colour when stdout is not a terminal"
    );
    let forced = doctor(h.path(), &["check", "--os", "macos", "--color", "always"]).run();
    assert!(forced.stdout.contains('\u{1b}'));
}

#[test]
fn now_sets_generated_at() {
    let h = empty_home();
    let r = doctor(
        h.path(),
        &["check", "--json", "--now", "2026-11-22T10:00:00Z"],
    )
    .run()
    .json();
    assert_eq!(r["generated_at"], "2026-11-22T10:00:00Z");
}

#[test]
fn rule_ids_are_frozen() {
    // A renamed or removed rule id is a visible diff here (scripts and tickets cite them).
    let h = empty_home();
    let j = doctor(h.path(), &["rules", "--json"]).run().json();
    let mut ids: Vec<String> = j
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    let frozen_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rule_ids.txt");
    let frozen = std::fs::read_to_string(&frozen_path).unwrap();
    let frozen: Vec<String> = frozen
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(String::from)
        .collect();
    let removed: Vec<&String> = frozen.iter().filter(|f| !ids.contains(f)).collect();
    assert!(
        removed.is_empty(),
        "rule ids removed or renamed: {removed:?}"
    );
    let added: Vec<&String> = ids.iter().filter(|i| !frozen.contains(i)).collect();
    assert!(
        added.is_empty(),
        "new rule ids: add them to tests/rule_ids.txt: {added:?}"
    );
}
