//! Snapshots of the human output of each command on the fixture homes (issue 16), so a wording
//! change is reviewed in the diff of `tests/snapshots/`, not made by accident. The runtime step
//! is off (`MCP_DOCTOR_NO_RUNTIMES`: which Node or Python this machine has is not the fixture's),
//! the time is fixed (`--now`), durations are written `N ms`. `UPDATE_SNAPSHOTS=1 cargo test
//! --test human_snapshots` rewrites them.
mod common;
mod snap;

use common::{doctor, home};

const NOW: &str = "2026-11-22T10:00:00Z";

fn run(name: &str, args: &[&str]) -> (common::Home, common::Out) {
    let h = home(name);
    let mut a = vec!["--now", NOW];
    a.extend_from_slice(args);
    let out = doctor(h.path(), &a)
        .env("MCP_DOCTOR_NO_RUNTIMES", "1")
        .env("MCP_DOCTOR_NO_STATE", "1")
        .run();
    (h, out)
}

/// Durations vary from run to run.
fn steady(text: &str) -> String {
    let re = regex::Regex::new(r"\b\d+ ms\b").unwrap();
    re.replace_all(text, "N ms").into_owned()
}

fn snapshot(file: &str, h: &common::Home, out: &common::Out) {
    let text = format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        out.code,
        steady(&out.stdout),
        steady(&out.stderr)
    );
    snap::assert_snapshot(file, &text, h.path());
}

#[test]
fn check_on_each_fixture_home() {
    for name in [
        "clean",
        "notes-only",
        "warn-only",
        "linux-code",
        "planted-relative",
        "planted-tilde",
        "planted-unset-var",
        "planted-missing-command",
    ] {
        let (h, out) = run(name, &["check", "--no-platform", "--os", "linux"]);
        snapshot(&format!("human-check-{name}.txt"), &h, &out);
    }
    let (h, out) = run(
        "windows-msix",
        &["check", "--no-platform", "--os", "windows"],
    );
    snapshot("human-check-windows-msix.txt", &h, &out);
    let (h, out) = run(
        "linux-code",
        &["check", "--no-platform", "--os", "linux", "--server", "db"],
    );
    snapshot("human-check-linux-code-server-db.txt", &h, &out);
}

#[test]
fn list_fix_probe_logs_rules_explain() {
    let (h, out) = run("linux-code", &["list", "--os", "linux"]);
    snapshot("human-list-linux-code.txt", &h, &out);
    let (h, out) = run("linux-code", &["fix", "--dry-run", "--os", "linux"]);
    snapshot("human-fix-dry-run-linux-code.txt", &h, &out);
    // No PATH in the test environment: the command is not found, the same way on every machine.
    let (h, out) = run(
        "planted-missing-command",
        &["probe", "--os", "linux", "--timeout", "5"],
    );
    snapshot("human-probe-planted-missing-command.txt", &h, &out);
    let log = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/corpus/044-server-crash/log.txt");
    let (h, out) = run("clean", &["logs", "--file", log.to_str().unwrap()]);
    snapshot("human-logs-044-server-crash.txt", &h, &out);
    let (h, out) = run("clean", &["explain", "relative-path", "--os", "linux"]);
    snapshot("human-explain-relative-path.txt", &h, &out);
    let (h, out) = run("clean", &["rules"]);
    snapshot("human-rules.txt", &h, &out);
}
