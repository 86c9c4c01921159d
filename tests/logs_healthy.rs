//! Healthy logs (normal sessions of real clients with real servers, `testdata/logs/healthy/`)
//! yield no error-level finding; `logs --file -` reads stdin like a file; the human output of
//! `mcp-doctor logs` names the servers, the events and the ranked causes.
mod common;
use common::*;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

fn healthy() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/logs/healthy");
    let mut v: Vec<_> = std::fs::read_dir(&dir)
        .expect("testdata/logs/healthy")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "log"))
        .collect();
    v.sort();
    v
}

#[test]
fn healthy_logs_have_no_error_level_finding() {
    let files = healthy();
    assert!(files.len() >= 6, "{files:?}");
    let h = empty_home();
    for f in files {
        let out = doctor(h.path(), &["logs", "--json", "--file", f.to_str().unwrap()]).run();
        assert!(
            out.code == 0 || out.code == 1,
            "{}: {}",
            f.display(),
            out.stderr
        );
        let r = out.json();
        let errors: Vec<_> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|x| x["severity"] == "error")
            .map(|x| x["rule"].as_str().unwrap().to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", f.display());
        // Tool traffic that quotes an error is the user's data, not a failure.
        if f.ends_with("vscode-mcpServer.validate.log") {
            assert!(r["findings"].as_array().unwrap().is_empty(), "{r}");
        }
    }
}

/// `mcp-doctor logs ARGS --file -` with `input` on stdin.
fn logs_stdin(home: &Path, args: &[&str], input: &str) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
    c.args(["--home", home.to_str().unwrap(), "--color", "never", "logs"])
        .args(args)
        .args(["--file", "-"])
        .env_clear()
        .env("HOME", "/nonexistent-home-for-tests")
        .current_dir(home)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn logs_file_dash_reads_stdin_like_a_file() {
    let h = empty_home();
    let log =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus/001-command-not-found/log.txt");
    let text = std::fs::read_to_string(&log).unwrap();
    let (code, stdout, stderr) = logs_stdin(h.path(), &["--json"], &text);
    assert_eq!(code, 1, "{stderr}");
    let piped: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let file = doctor(
        h.path(),
        &["logs", "--json", "--file", log.to_str().unwrap()],
    )
    .run()
    .json();
    let rules = |r: &serde_json::Value| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(rules(&piped), rules(&file));
    assert_eq!(piped["causes"][0]["cause"], "command-not-found");
    assert_eq!(piped["events"][0]["path"], "-");
    // Empty stdin: a clean report, nothing found.
    let (code, stdout, _) = logs_stdin(h.path(), &["--json"], "");
    assert_eq!(code, 0);
    let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(r["findings"].as_array().unwrap().is_empty());
    // A pasted fragment with no headers at all is still classified.
    let (code, stdout, _) = logs_stdin(
        h.path(),
        &["--json"],
        "Traceback (most recent call last):\n  File \"/srv/server.py\", line 3, in <module>\n    import httpx\nModuleNotFoundError: No module named 'httpx'\n",
    );
    assert_eq!(code, 1);
    let r: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert!(rules(&r).contains(&"log-missing-module".to_string()), "{r}");
}

#[test]
fn human_output_of_logs_names_servers_events_and_causes() {
    let h = empty_home();
    let log =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus/001-command-not-found/log.txt");
    let out = doctor(h.path(), &["logs", "--file", log.to_str().unwrap()]).run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let s = &out.stdout;
    assert!(s.contains("vscode-mcp-server (Claude Desktop)"), "{s}");
    assert!(s.contains("spawn npx ENOENT [log-spawn-enoent]"), "{s}");
    assert!(s.contains("Most likely causes"), "{s}");
    let first = s
        .lines()
        .skip_while(|l| !l.contains("Most likely causes"))
        .nth(1)
        .unwrap_or("");
    assert!(first.contains("1. command-not-found"), "{s}");
    assert!(s.contains("$ which npx"), "{s}");
    assert!(s.trim_end().ends_with("finding(s)"), "{s}");
    // Piped, the same human report.
    let text = std::fs::read_to_string(&log).unwrap();
    let (_, piped, _) = logs_stdin(h.path(), &[], &text);
    assert!(piped.contains("1. command-not-found"), "{piped}");
    // A healthy log: no causes, a zero summary.
    let healthy = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/logs/healthy/claude-desktop-mcp-2024.log");
    let out = doctor(h.path(), &["logs", "--file", healthy.to_str().unwrap()]).run();
    assert_eq!(out.code, 0);
    assert!(!out.stdout.contains("Most likely causes"), "{}", out.stdout);
    assert!(out.stdout.contains("0 finding(s)"), "{}", out.stdout);
}

#[test]
fn a_generic_symptom_alone_leaves_its_common_other_causes_open() {
    let h = empty_home();
    // Nothing but "the process ended": the crash first, then what else commonly ends it.
    let (_, out, err) = logs_stdin(
        h.path(),
        &["--json"],
        "2025-06-04T10:37:33.473Z [weather] [error] Server disconnected. For troubleshooting guidance, please visit our debugging documentation\n",
    );
    let r: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    let causes = r["causes"].as_array().unwrap();
    let names: Vec<&str> = causes
        .iter()
        .map(|c| c["cause"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "server-crash", "{r}");
    assert!(causes[0].get("alternative").is_none(), "{r}");
    assert!(names.len() >= 2 && causes[1]["alternative"] == true, "{r}");
    assert!(
        causes[1]["score"].as_f64().unwrap() < causes[0]["score"].as_f64().unwrap(),
        "{r}"
    );
    // The alternative points at the evidence it would explain, and says what to check.
    assert_eq!(causes[1]["findings"], causes[0]["findings"], "{r}");
    assert!(
        causes[1]["fix"]["summary"]
            .as_str()
            .unwrap()
            .starts_with("If not that: "),
        "{r}"
    );
    // With a specific cause known, nothing is left open.
    let (_, out, _) = logs_stdin(
        h.path(),
        &["--json"],
        "2025-06-04T10:37:33.400Z [weather] [error] GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set\n2025-06-04T10:37:33.473Z [weather] [error] Server disconnected.\n",
    );
    let r: serde_json::Value = serde_json::from_str(&out).unwrap();
    let causes = r["causes"].as_array().unwrap();
    assert_eq!(causes[0]["cause"], "missing-env", "{r}");
    assert!(causes.iter().all(|c| c.get("alternative").is_none()), "{r}");
}
