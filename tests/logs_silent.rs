//! Never silent on a failure: a short paste of error text that no rule knows still gets a weak
//! finding, the cause follows the words of the contract's cause definitions, while the same
//! kind of word in an ordinary line of a whole log does not raise one.
mod common;
use common::*;
use std::io::Write;
use std::process::{Command, Stdio};

/// `logs --file -` on `text` with `extra` options: its stdout.
fn logs_stdin_out(text: &str, extra: &[&str]) -> String {
    let h = empty_home();
    let mut args = vec!["--home", h.path().to_str().unwrap(), "logs", "--file", "-"];
    args.extend_from_slice(extra);
    let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"))
        .args(&args)
        .env_clear()
        .env("HOME", "/nonexistent-home-for-tests")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    c.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let o = c.wait_with_output().unwrap();
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn logs_stdin(text: &str) -> serde_json::Value {
    let out = logs_stdin_out(text, &["--json"]);
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("not JSON ({e}): {out}"))
}

fn unclassified(r: &serde_json::Value) -> Vec<&serde_json::Value> {
    with_rule(r, "log-unclassified-error")
}

#[test]
fn a_one_line_paste_with_a_failure_word_gets_a_weak_finding() {
    let r = logs_stdin("Failed to connect\n");
    let f = unclassified(&r);
    assert_eq!(f.len(), 1, "{:#}", r["findings"]);
    assert_eq!(f[0]["severity"], "warning");
}

#[test]
fn the_guess_follows_the_words_of_the_cause() {
    for (text, cause) in [
        (
            "upstream said: session abc123 expired, please start over\n",
            "session-expired",
        ),
        (
            "the events stream closed by peer after 300 s idle (sse)\n",
            "sse-idle-timeout",
        ),
        (
            "the server answered HTTP 405 for this endpoint\n",
            "deprecated-transport",
        ),
        (
            "worker exited: out of memory while indexing\n",
            "oom-killed",
        ),
        (
            "handshake did not finish: timed out after 60 s\n",
            "startup-timeout",
        ),
        // Every cause of the contract has its words.
        (
            "[launcher] failed: the command was not recognized by the shell\n",
            "command-not-found",
        ),
        (
            "Error: C:\\Users\\me\\AppData\\Roaming\\npm\\npx could not start the server\n",
            "windows-npx",
        ),
        (
            "error: this workspace server is untrusted and was refused\n",
            "insecure-config",
        ),
        (
            "error: the servers block was ignored by this client\n",
            "config-ignored",
        ),
        (
            "error: the transport answered 404 with text/html\n",
            "deprecated-transport",
        ),
        // A launcher named next to "not found" is the missing program; a package folder is not.
        ("error: uvx was not found anywhere\n", "command-not-found"),
        (
            "error: /srv/app/node_modules/x/dist/index.js was not found\n",
            "bad-path",
        ),
    ] {
        // A rule may know the line; when none does, the weak guess names the same cause.
        let r = logs_stdin(text);
        assert_eq!(
            r["causes"][0]["cause"], cause,
            "{text}: {:#}",
            r["findings"]
        );
    }
}

#[test]
fn a_failure_word_in_a_whole_log_is_not_an_error_line_by_itself() {
    let mut text = String::new();
    for i in 0..40 {
        text.push_str(&format!(
            "2026-11-20T10:00:{:02}.000Z [weather] [info] Message from client: {{\"method\":\"tools/call\",\"id\":{i}}}\n",
            i % 60
        ));
    }
    text.push_str("2026-11-20T10:01:00.000Z [weather] [info] cache lookup: not found, fetching\n");
    let r = logs_stdin(&text);
    assert!(unclassified(&r).is_empty(), "{:#}", r["findings"]);
}

#[test]
fn a_longer_paste_whose_failure_lines_have_no_level_is_not_silent() {
    // A GUI log viewer's copy: time, level and message each on a line of their own, longer than
    // a short paste, with nothing any rule knows.
    let mut text = String::new();
    for i in 0..8 {
        text.push_str(&format!(
            "[10:08:{:02}]\nINFO\nResolved, downloaded and extracted [{i}]\n",
            30 + i
        ));
    }
    text.push_str("[10:08:40]\nERROR\nFailed to start MCP server sequential-thinking: Resolving dependencies\n");
    assert!(text.lines().count() > 20);
    let r = logs_stdin(&text);
    let f = unclassified(&r);
    assert_eq!(f.len(), 1, "{:#}", r["findings"]);
    assert!(
        f[0]["evidence"]
            .to_string()
            .contains("Failed to start MCP server"),
        "{:#}",
        f[0]
    );
    // The same words on lines that say their own level (info) stay ordinary lines.
    let leveled: String = text
        .lines()
        .filter(|l| l.starts_with("Resolved") || l.starts_with("Failed"))
        .map(|l| format!("2026-11-20T10:00:00.000Z [info] {l}\n"))
        .chain((0..20).map(|i| {
            format!("2026-11-20T10:00:01.000Z [info] Message from client: {{\"id\":{i}}}\n")
        }))
        .collect();
    let r = logs_stdin(&leveled);
    assert!(unclassified(&r).is_empty(), "{:#}", r["findings"]);
}

#[test]
fn a_guess_leaves_the_next_readings_open_below_it() {
    // "not found" next to "spawn" is first a missing command, then a missing file; a crash stays
    // open as the last reading of any unknown failure.
    let r = logs_stdin("Error: could not spawn the helper: not found\n");
    let causes: Vec<(&str, bool)> = r["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["cause"].as_str().unwrap(),
                c["alternative"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(
        causes,
        [
            ("command-not-found", false),
            ("bad-path", true),
            ("server-crash", true)
        ],
        "{:#}",
        r["causes"]
    );
}

#[test]
fn the_human_output_shows_the_error_lines_the_guess_asks_to_read() {
    let out = logs_stdin_out(
        "Error: could not spawn the helper: not found\n",
        &["--color", "never"],
    );
    assert!(out.contains("Error lines no rule knows"), "{out}");
    assert!(
        out.contains("! Error: could not spawn the helper: not found"),
        "{out}"
    );
    assert!(out.contains("Read the error lines shown"), "{out}");
}
