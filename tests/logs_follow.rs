//! `mcp-doctor logs --follow` through the real binary, on `--home` fixtures: new lines are
//! classified as they are written (a partial line waits for its newline), a rotated file is read
//! to its end and the new one from its start, a new server log is picked up, every event is shown
//! once and in order, secrets are redacted; the human line; the usage errors.
//!
//! The follower's start is not timed: the tests append marker lines to a log until one is shown,
//! so they know it is reading before they write what they assert on.
mod common;
use common::*;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Generous: the machine may be busy compiling.
const PATIENCE: Duration = Duration::from_secs(30);
/// A config value the log repeats: redacted because the config holds it as a secret.
const CONFIG_SECRET: &str = "zq8Wv3nR5tY7uI9oP2aS4dF6";

struct Follow {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

impl Follow {
    fn start(home: &Path, args: &[&str]) -> Follow {
        let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
        c.args(["--home", home.to_str().unwrap(), "--color", "never"])
            .args(args)
            .env_clear()
            .env("HOME", "/nonexistent-home-for-tests")
            .current_dir(home)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = c.spawn().unwrap();
        let out = child.stdout.take().unwrap();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = lines.clone();
        let reader = std::thread::spawn(move || {
            for l in BufReader::new(out).lines() {
                match l {
                    Ok(l) => sink.lock().unwrap().push(l),
                    Err(_) => break,
                }
            }
        });
        Follow {
            child,
            lines,
            reader: Some(reader),
        }
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// Waits until `ok` holds for the lines printed so far.
    fn wait_for(&self, what: &str, ok: impl Fn(&[String]) -> bool) {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if ok(&self.lines()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "timed out waiting for {what}; printed:\n{}",
            self.lines().join("\n")
        );
    }

    /// Appends marker lines to `log` until the follower shows one: it is reading.
    fn wait_ready(&self, log: &Path, server: &str) {
        let start = Instant::now();
        let mut n = 0;
        while start.elapsed() < PATIENCE {
            append(
                log,
                &format!(
                    "2026-11-22T08:59:00.{n:03}Z [{server}] [error] spawn marker-{n} ENOENT\n"
                ),
            );
            n += 1;
            let t = Instant::now();
            while t.elapsed() < Duration::from_millis(400) {
                if self.lines().iter().any(|l| l.contains("marker-")) {
                    return;
                }
                std::thread::sleep(Duration::from_millis(25));
            }
        }
        panic!("the follower never showed a marker line");
    }

    /// Waits for the process to end by itself; its exit code and stderr.
    fn wait_exit(mut self) -> (i32, Vec<String>, String) {
        let start = Instant::now();
        let status = loop {
            if let Some(s) = self.child.try_wait().unwrap() {
                break s;
            }
            if start.elapsed() > PATIENCE {
                let _ = self.child.kill();
                panic!("--follow-for did not end the follow");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        if let Some(r) = self.reader.take() {
            r.join().unwrap();
        }
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut e, &mut err);
        }
        (status.code().unwrap_or(-1), self.lines(), err)
    }
}

impl Drop for Follow {
    fn drop(&mut self) {
        // Only the child this test started.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
    f.flush().unwrap();
}

/// A macOS home with Claude Desktop's config (holding a secret) and log folder.
fn claude_home() -> (Home, PathBuf) {
    let h = empty_home();
    let cfg = h.path().join("Library/Application Support/Claude");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("claude_desktop_config.json"),
        format!(
            r#"{{"mcpServers": {{"weather": {{"command": "npx", "args": ["-y", "weather-mcp"], "env": {{"WEATHER_API_TOKEN": "{CONFIG_SECRET}"}}}},
               "db": {{"command": "npx", "args": ["-y", "db-mcp"]}}}}}}"#
        ),
    )
    .unwrap();
    let logs = h.path().join("Library/Logs/Claude");
    std::fs::create_dir_all(&logs).unwrap();
    (h, logs)
}

fn events(lines: &[String]) -> Vec<serde_json::Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not NDJSON ({e}): {l}")))
        .filter(|v: &serde_json::Value| v["server"] != "marker")
        .collect()
}

#[test]
fn follow_classifies_new_lines_across_rotation_and_new_files_once_each() {
    let (h, logs) = claude_home();
    let weather = logs.join("mcp-server-weather.log");
    let marker = logs.join("mcp-server-marker.log");
    // Already there: not shown (the follow starts at each file's end).
    std::fs::write(
        &weather,
        "2026-11-22T08:00:00.000Z [weather] [info] Initializing server...\n\
         2026-11-22T08:00:01.000Z [weather] [error] spawn oldcmd ENOENT\n",
    )
    .unwrap();
    // Not written to for a day: the follower looks at it by path (not held open) until it changes.
    std::fs::File::options()
        .append(true)
        .open(&weather)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(86_400))
        .unwrap();
    std::fs::write(&marker, "").unwrap();
    let f = Follow::start(
        h.path(),
        &[
            "logs",
            "--os",
            "macos",
            "--follow",
            "--follow-for",
            "60",
            "--json",
        ],
    );
    f.wait_ready(&marker, "marker");

    // 1. A new line.
    append(
        &weather,
        "2026-11-22T09:00:01.000Z [weather] [error] spawn npx ENOENT\n",
    );
    f.wait_for("the spawn failure", |l| {
        l.iter().any(|x| x.contains("spawn npx ENOENT"))
    });

    // 2. A line written in two pieces is one event, shown once complete; it repeats the
    //    config's secret and a token.
    append(
        &weather,
        &format!("2026-11-22T09:00:02.000Z [weather] [error] FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory (token {CONFIG_SECRET}"),
    );
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        !f.lines().iter().any(|x| x.contains("heap")),
        "a partial line was classified before its newline: {:?}",
        f.lines()
    );
    append(&weather, " ghp_abcdefghijklmnopqrstuvwxyz0123456789)\n");
    f.wait_for("the heap failure", |l| l.iter().any(|x| x.contains("heap")));

    // 3. Rotation: renamed away, one more line written to the old file, a new file at the path.
    let rotated = logs.join("mcp-server-weather.log.1");
    std::fs::rename(&weather, &rotated).unwrap();
    append(
        &rotated,
        "2026-11-22T09:00:03.000Z [weather] [error] spawn uvx EACCES\n",
    );
    append(
        &weather,
        "2026-11-22T09:00:04.000Z [weather] [info] Server transport closed unexpectedly, this is likely due to the process exiting early.\n",
    );
    f.wait_for("the new file's line", |l| {
        l.iter().any(|x| x.contains("transport closed"))
    });

    // 4. A server log that appears later, read from its start.
    append(
        &logs.join("mcp-server-db.log"),
        "2026-11-22T09:00:05.000Z [db] [info] Initializing server...\n\
         2026-11-22T09:00:05.500Z [db] [error] Error: connect ECONNREFUSED 127.0.0.1:5432\n",
    );
    f.wait_for("the new server log", |l| {
        l.iter().any(|x| x.contains("ECONNREFUSED"))
    });
    // Past another discovery and several polls: nothing is shown twice.
    std::thread::sleep(Duration::from_millis(2600));
    let lines = f.lines();
    drop(f);

    let ev = events(&lines);
    let got: Vec<(String, String, String)> = ev
        .iter()
        .map(|e| {
            (
                e["server"].as_str().unwrap_or("").to_string(),
                e["rule"].as_str().unwrap_or("").to_string(),
                e["cause"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let want = [
        ("weather", "log-spawn-enoent", "command-not-found"),
        ("weather", "log-heap-out-of-memory", "oom-killed"),
        ("weather", "log-spawn-eacces", "permission"),
        ("weather", "log-transport-closed", "server-crash"),
        ("db", "log-network-error", "network-blocked"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(got, want, "events:\n{}", lines.join("\n"));
    let all = lines.join("\n");
    assert!(
        !all.contains("oldcmd"),
        "a line from before the start: {all}"
    );
    assert!(
        !all.contains(CONFIG_SECRET),
        "the config's secret leaked: {all}"
    );
    assert!(!all.contains("ghp_abc"), "a token leaked: {all}");
    let heap = &ev[1];
    let text = heap["text"].as_str().unwrap();
    assert!(
        text.contains("<redacted:24 chars>") && text.ends_with("<redacted:40 chars>)"),
        "{text}"
    );
    // The same fields as `logs --json`'s events, line numbers in each file.
    for e in &ev {
        for k in [
            "time", "client", "server", "level", "rule", "cause", "path", "line", "text",
        ] {
            assert!(e.get(k).is_some(), "{k} missing in {e}");
        }
        assert_eq!(e["client"], "claude-desktop");
    }
    assert_eq!(ev[0]["line"], 3, "{}", ev[0]);
    assert_eq!(ev[0]["time"], "2026-11-22T09:00:01.000Z");
    assert_eq!(ev[2]["line"], 5, "{}", ev[2]);
    assert_eq!(ev[3]["line"], 1, "{}", ev[3]);
    assert_eq!(ev[4]["line"], 2, "{}", ev[4]);
    assert!(
        ev[4]["path"]
            .as_str()
            .unwrap()
            .ends_with("Library/Logs/Claude/mcp-server-db.log"),
        "{}",
        ev[4]
    );
}

#[test]
fn follow_prints_one_human_line_per_event_redacted_and_sanitised() {
    let (h, logs) = claude_home();
    let weather = logs.join("mcp-server-weather.log");
    std::fs::write(&weather, "").unwrap();
    let f = Follow::start(
        h.path(),
        &[
            "logs",
            "--os",
            "macos",
            "-f",
            "--follow-for",
            "60",
            "--server",
            "weather",
        ],
    );
    f.wait_ready(&weather, "weather");
    // Another server's log is not shown with --server weather.
    append(
        &logs.join("mcp-server-db.log"),
        "2026-11-22T09:00:00.500Z [db] [error] spawn dbcmd ENOENT\n",
    );
    append(
        &weather,
        &format!(
            "2026-11-22T09:00:01.000Z [weather] [error] spawn npx ENOENT \x1b]0;pwned\x07 {CONFIG_SECRET} {}\n",
            "x".repeat(400)
        ),
    );
    f.wait_for("the event", |l| l.iter().any(|x| x.contains("spawn npx")));
    std::thread::sleep(Duration::from_millis(2600));
    let lines = f.lines();
    drop(f);
    let shown: Vec<&String> = lines.iter().filter(|l| !l.contains("marker-")).collect();
    assert_eq!(shown.len(), 1, "{lines:#?}");
    let l = shown[0];
    assert!(
        l.starts_with(
            "2026-11-22T09:00:01.000Z ✗ claude-desktop/weather log-spawn-enoent → command-not-found: spawn npx ENOENT"
        ),
        "{l}"
    );
    assert!(!l.contains('\x1b') && !l.contains('\x07'), "{l:?}");
    assert!(l.contains("\\x1b]0;pwned\\x07"), "{l}");
    assert!(
        !l.contains(CONFIG_SECRET) && l.contains("<redacted:24 chars>"),
        "{l}"
    );
    // One line, cut (not a terminal: the text to 200 characters).
    assert!(l.ends_with('…') && l.chars().count() < 320, "{l}");
    assert!(!lines.iter().any(|x| x.contains("dbcmd")), "{lines:#?}");
}

#[test]
fn follow_with_since_prints_the_window_first_and_ends_after_follow_for() {
    let (h, logs) = claude_home();
    std::fs::write(
        logs.join("mcp-server-weather.log"),
        "2026-11-22T07:00:00.000Z [weather] [error] spawn tooold ENOENT\n\
         2026-11-22T09:30:00.000Z [weather] [error] spawn npx ENOENT\n",
    )
    .unwrap();
    let args = [
        "logs",
        "--os",
        "macos",
        "--now",
        "2026-11-22T10:00:00Z",
        "--follow",
        "--follow-for",
        "1",
        "--json",
    ];
    // From the end: nothing to show, exit 0.
    let (code, lines, err) = Follow::start(h.path(), &args).wait_exit();
    assert_eq!((code, lines.len()), (0, 0), "{lines:?} {err}");
    // With --since 1h: the window's failure, then the follow; an error event makes it exit 1.
    let mut with_since = args.to_vec();
    with_since.extend(["--since", "1h"]);
    let (code, lines, err) = Follow::start(h.path(), &with_since).wait_exit();
    let ev = events(&lines);
    assert_eq!(ev.len(), 1, "{lines:?} {err}");
    assert_eq!(ev[0]["rule"], "log-spawn-enoent");
    assert_eq!(ev[0]["line"], 2);
    assert_eq!(code, 1, "{err}");
    assert!(err.is_empty(), "{err}");
}

#[test]
fn follow_file_reads_a_truncated_file_again_from_its_start() {
    let h = empty_home();
    let log = h.path().join("pasted.log");
    std::fs::write(
        &log,
        "2026-11-22T08:00:00.000Z [weather] [info] Initializing server...\n",
    )
    .unwrap();
    let f = Follow::start(
        h.path(),
        &[
            "logs",
            "--follow",
            "--follow-for",
            "60",
            "--json",
            "--file",
            log.to_str().unwrap(),
        ],
    );
    f.wait_ready(&log, "weather");
    // copytruncate: emptied in place, then written again.
    std::fs::write(&log, "").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    append(
        &log,
        "2026-11-22T09:00:01.000Z [weather] [error] spawn npx ENOENT\n",
    );
    f.wait_for("the line after truncation", |l| {
        l.iter().any(|x| x.contains("spawn npx"))
    });
    std::thread::sleep(Duration::from_millis(800));
    let lines = f.lines();
    drop(f);
    let ev: Vec<serde_json::Value> = events(&lines)
        .into_iter()
        .filter(|e| !e["text"].as_str().unwrap_or("").contains("marker-"))
        .collect();
    assert_eq!(ev.len(), 1, "{lines:#?}");
    assert_eq!(ev[0]["rule"], "log-spawn-enoent");
    assert_eq!(ev[0]["line"], 1, "{}", ev[0]);
    assert_eq!(ev[0]["server"], "weather");
}

#[test]
fn follow_usage_errors_exit_2_with_one_line() {
    let h = empty_home();
    let log = h.path().join("x.log");
    std::fs::write(&log, "").unwrap();
    let cases: Vec<Vec<&str>> = vec![
        vec!["logs", "--follow", "--file", "-"],
        vec!["logs", "--follow", "--file", "/nonexistent/follow.log"],
        vec!["logs", "--follow-for", "1"],
        vec!["logs", "--follow", "--format", "sarif"],
        vec!["logs", "--follow", "--output", "out.txt"],
        vec!["logs", "--follow", "--since", "yesterday-ish"],
    ];
    for args in cases {
        let out = doctor(h.path(), &args).run();
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(
            out.stderr.trim_end().lines().count(),
            1,
            "{args:?}: {}",
            out.stderr
        );
        assert!(
            out.stderr.starts_with("mcp-doctor: "),
            "{args:?}: {}",
            out.stderr
        );
        assert!(out.stdout.is_empty(), "{args:?}: {}", out.stdout);
    }
    assert!(!h.path().join("out.txt").exists());
    // Hidden from --help; --follow shown.
    let help = doctor(h.path(), &["logs", "--help"]).run();
    assert!(help.stdout.contains("--follow"), "{}", help.stdout);
    assert!(!help.stdout.contains("--follow-for"), "{}", help.stdout);
}

/// One line of the bridge's heal log.
fn heal(time: &str, server: &str, what: &str) -> String {
    format!(
        "{}\n",
        serde_json::json!({
            "time": time, "level": "warn", "server": server, "event": "restarted",
            "action": "restarted the server",
            "message": format!("mcp-doctor bridge: the server exited with code 1 ({what}); restarted it"),
        })
    )
}

#[test]
fn follow_goes_on_in_a_file_renamed_to_a_name_it_also_reads() {
    // The bridge's heal log rotates `bridge.jsonl` to `bridge.jsonl.1`, which `logs` also reads:
    // the renamed file goes on where it was, its lines are not shown again.
    let h = empty_home();
    let dir = h.path().join("Library/Logs/mcp-doctor");
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("bridge.jsonl");
    let old = dir.join("bridge.jsonl.1");
    std::fs::write(&log, heal("2026-11-22T08:00:00.000Z", "fx", "before")).unwrap();
    let f = Follow::start(
        h.path(),
        &[
            "logs",
            "--os",
            "macos",
            "--follow",
            "--follow-for",
            "60",
            "--json",
        ],
    );
    let ready = Instant::now();
    let mut n = 0;
    while !f.lines().iter().any(|l| l.contains("marker-")) {
        assert!(ready.elapsed() < PATIENCE, "never ready");
        append(
            &log,
            &heal("2026-11-22T08:59:00.000Z", "fx", &format!("marker-{n}")),
        );
        n += 1;
        std::thread::sleep(Duration::from_millis(400));
    }
    append(&log, &heal("2026-11-22T09:00:01.000Z", "fx", "one"));
    f.wait_for("one", |l| l.iter().any(|x| x.contains("(one)")));
    std::fs::rename(&log, &old).unwrap();
    append(&old, &heal("2026-11-22T09:00:02.000Z", "fx", "two"));
    append(&log, &heal("2026-11-22T09:00:03.000Z", "fx", "three"));
    f.wait_for("three", |l| l.iter().any(|x| x.contains("(three)")));
    // Past at least one discovery, which finds the renamed file under its new name.
    std::thread::sleep(Duration::from_millis(2600));
    append(&old, &heal("2026-11-22T09:00:04.000Z", "fx", "four"));
    append(&log, &heal("2026-11-22T09:00:05.000Z", "fx", "five"));
    f.wait_for("four and five", |l| {
        l.iter().any(|x| x.contains("(four)")) && l.iter().any(|x| x.contains("(five)"))
    });
    std::thread::sleep(Duration::from_millis(2600));
    let lines = f.lines();
    drop(f);
    let shown: Vec<String> = events(&lines)
        .iter()
        .filter(|e| !e["text"].as_str().unwrap().contains("marker-"))
        .map(|e| {
            assert_eq!(e["rule"], "log-bridge-restarted", "{e}");
            let t = e["text"].as_str().unwrap();
            t[t.find('(').unwrap()..=t.find(')').unwrap()].to_string()
        })
        .collect();
    let want = ["(one)", "(two)", "(three)", "(four)", "(five)"];
    let mut sorted = shown.clone();
    sorted.sort();
    let mut want_sorted = want.to_vec();
    want_sorted.sort();
    assert_eq!(sorted, want_sorted, "{lines:#?}");
    // In order up to the rename; after it, each file's lines in their own order.
    assert_eq!(&shown[..3], &want[..3], "{lines:#?}");
    assert!(!lines.join("\n").contains("(before)"), "{lines:#?}");
}

#[test]
fn follow_reads_a_json_array_log_rewritten_whole_once_per_record() {
    // Claude Code writes its per-server log as one pretty-printed JSON array, rewritten whole
    // on each record: each record is shown once, as it is added.
    let h = empty_home();
    let dir = h
        .path()
        .join(".cache/claude-cli-nodejs/-home-u-proj/mcp-logs-gh");
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("2026-05-08T05-57-08-000Z.txt");
    let mut records = vec![serde_json::json!({
        "debug": "Starting connection", "timestamp": "2026-05-08T05:57:08.000Z",
        "sessionId": "x", "cwd": "/home/u"})];
    let write = |records: &[serde_json::Value]| {
        std::fs::write(&log, serde_json::to_string_pretty(records).unwrap() + "\n").unwrap()
    };
    write(&records);
    let f = Follow::start(
        h.path(),
        &[
            "logs",
            "--os",
            "linux",
            "--follow",
            "--follow-for",
            "60",
            "--json",
        ],
    );
    let ready = Instant::now();
    let mut n = 0;
    while !f.lines().iter().any(|l| l.contains("marker-")) {
        assert!(ready.elapsed() < PATIENCE, "never ready");
        records.push(serde_json::json!({
            "error": format!("Connection failed: spawn marker-{n} ENOENT"),
            "timestamp": format!("2026-05-08T05:57:08.{n:03}Z"), "sessionId": "x"}));
        write(&records);
        n += 1;
        std::thread::sleep(Duration::from_millis(400));
    }
    records.push(serde_json::json!({
        "error": "Connection failed: spawn uvx ENOENT",
        "timestamp": "2026-05-08T05:57:09.925Z", "sessionId": "x"}));
    write(&records);
    f.wait_for("uvx", |l| l.iter().any(|x| x.contains("spawn uvx")));
    records.push(serde_json::json!({
        "error": "Connection to MCP server \"gh\" timed out after 30000ms",
        "timestamp": "2026-05-08T05:57:40.000Z", "sessionId": "x"}));
    write(&records);
    f.wait_for("the timeout", |l| l.iter().any(|x| x.contains("timed out")));
    std::thread::sleep(Duration::from_millis(2600));
    let lines = f.lines();
    drop(f);
    let ev: Vec<serde_json::Value> = events(&lines)
        .into_iter()
        .filter(|e| !e["text"].as_str().unwrap_or("").contains("marker-"))
        .collect();
    let rules: Vec<&str> = ev
        .iter()
        .map(|e| e["rule"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        rules,
        ["log-spawn-enoent", "log-request-timeout"],
        "{lines:#?}"
    );
    for e in &ev {
        assert_eq!(
            (e["client"].as_str(), e["server"].as_str()),
            (Some("claude-code"), Some("gh"))
        );
    }
    // Each marker once too: a rewrite never shows a record again.
    let markers: Vec<&String> = lines.iter().filter(|l| l.contains("marker-")).collect();
    let mut unique = markers.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(markers.len(), unique.len(), "{lines:#?}");
}

#[test]
fn follow_since_backlog_of_dense_failures_loses_no_event() {
    // More failures than the scanner keeps at once (5000), all in the window.
    let (h, logs) = claude_home();
    let n = 6000;
    let text: String = (0..n)
        .map(|i| {
            format!(
                "2026-11-22T09:{:02}:{:02}.{:03}Z [w] [error] spawn n{i} ENOENT\n",
                i / 60_000 % 60,
                i / 1000 % 60,
                i % 1000
            )
        })
        .collect();
    let log = logs.join("mcp-server-w.log");
    std::fs::write(&log, text).unwrap();
    // Last written an hour ago: not held open, read at the first poll all the same.
    std::fs::File::options()
        .append(true)
        .open(&log)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    let (code, lines, err) = Follow::start(
        h.path(),
        &[
            "logs",
            "--os",
            "macos",
            "--now",
            "2026-11-22T10:00:00Z",
            "--since",
            "2h",
            "-f",
            "--follow-for",
            "0",
            "--json",
        ],
    )
    .wait_exit();
    assert_eq!(code, 1, "{err}");
    let ev = events(&lines);
    assert_eq!(ev.len(), n, "{err}");
    assert!(ev.iter().all(|e| e["rule"] == "log-spawn-enoent"));
    assert!(ev[0]["text"].as_str().unwrap().contains("spawn n0 "));
    assert!(ev[n - 1]["text"]
        .as_str()
        .unwrap()
        .contains(&format!("spawn n{} ", n - 1)));
}

#[test]
fn follow_client_and_server_narrow_what_is_followed() {
    let (h, logs) = claude_home();
    std::fs::write(
        logs.join("mcp-server-weather.log"),
        "2026-11-22T09:30:00.000Z [weather] [error] spawn npx ENOENT\n",
    )
    .unwrap();
    std::fs::write(
        logs.join("mcp-server-db.log"),
        "2026-11-22T09:31:00.000Z [db] [error] spawn uvx ENOENT\n",
    )
    .unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "logs",
            "--os",
            "macos",
            "--now",
            "2026-11-22T10:00:00Z",
            "--since",
            "1h",
            "-f",
            "--follow-for",
            "0",
            "--json",
        ];
        args.extend_from_slice(extra);
        let (code, lines, err) = Follow::start(h.path(), &args).wait_exit();
        assert!(code == 0 || code == 1, "{err}");
        events(&lines)
            .iter()
            .map(|e| e["server"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(run(&[]), ["weather", "db"]);
    assert_eq!(run(&["--client", "claude-desktop"]), ["weather", "db"]);
    assert!(run(&["--client", "cursor"]).is_empty());
    assert_eq!(run(&["--server", "db"]), ["db"]);
    assert_eq!(run(&["--server", "db,weather"]), ["weather", "db"]);
}
