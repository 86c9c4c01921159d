//! The log engine on synthetic logs: formats and multi-line records, evidence over time, windows,
//! discovery per OS under a fake home, and bad logs that must never panic or hang.
use mcp_doctor::finding::ClientId;
use mcp_doctor::logs::{self, discover, scan, scan_reader, time, Filter, LogFormat, Window};
use mcp_doctor::machine::{Machine, MachineOptions, Os};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime};

fn t(s: &str) -> SystemTime {
    time::parse(s).unwrap()
}

fn machine(home: &Path, os: Os, now: &str) -> Machine {
    Machine::new(
        MachineOptions {
            home: Some(home.to_path_buf()),
            os: Some(os),
            now: Some(t(now)),
            ..Default::default()
        },
        vec![],
        home.to_path_buf(),
    )
    .unwrap()
}

fn ts(base: SystemTime, secs: u64) -> String {
    time::format(base + Duration::from_secs(secs))
}

fn rules(scan: &logs::LogScan) -> Vec<&'static str> {
    scan.findings.iter().map(|f| f.rule.as_str()).collect()
}

#[test]
fn multi_line_records_and_stderr_between_them_belong_to_their_record() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-03-10T16:00:00Z");
    let log = "\
2026-03-10T15:18:27.108Z [weather] [info] Using MCP server command: /usr/local/bin/npx with path: {
  metadata: {
    paths: [
      '/Users/me/.nvm/versions/node/v16.20.0/bin',
      '/opt/homebrew/bin',
      '/usr/bin'
    ]
  }
}
2026-03-10T15:18:28.000Z [weather] [info] Initializing server... { metadata: undefined }
Traceback (most recent call last):
  File \"/srv/weather.py\", line 3, in <module>
    import httpx
ModuleNotFoundError: No module named 'httpx'
2026-03-10T15:18:29.407Z [weather] [error] Unexpected token 'd', \"[dotenv@17.\"... is not valid JSON {
  metadata: {
    context: 'connection',
    stack: `SyntaxError: Unexpected token 'd', \"[dotenv@17.\"... is not valid JSON\\n` +
      '    at JSON.parse (<anonymous>)\\n'
  }
}
";
    let scan = scan_reader(
        log.as_bytes(),
        "mcp-server-weather.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert!(scan.errors.is_empty(), "{:?}", scan.errors);
    // the PATH the app logged, kept for the runtimes check
    assert_eq!(scan.paths.len(), 1);
    assert_eq!(
        scan.paths[0].paths,
        vec![
            "/Users/me/.nvm/versions/node/v16.20.0/bin",
            "/opt/homebrew/bin",
            "/usr/bin"
        ]
    );
    assert_eq!(scan.paths[0].server.as_deref(), Some("weather"));
    // the traceback is attached to the record before it: its time and server
    let missing = scan
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "log-missing-module")
        .unwrap();
    assert_eq!(missing.time, Some(t("2026-03-10T15:18:28.000Z")));
    assert_eq!(missing.server.as_deref(), Some("weather"));
    assert_eq!(missing.client, Some(ClientId::ClaudeDesktop));
    assert_eq!(missing.evidence[0].line, Some(14));
    assert!(missing
        .vars
        .iter()
        .any(|(k, v)| *k == mcp_doctor::finding::Var::Module && v == "httpx"));
    // the stack inside the metadata block repeats the error: one event, one count
    let json = scan
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "log-stdout-not-json")
        .unwrap();
    assert_eq!(json.count, 1);
    let ev: Vec<_> = scan
        .events
        .iter()
        .filter(|e| e.rule.map(|r| r.as_str()) == Some("log-stdout-not-json"))
        .collect();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].line, Some(15));
    assert_eq!(ev[0].time.as_deref(), Some("2026-03-10T15:18:29.407Z"));
    assert_eq!(ev[0].level.map(|l| l.as_str()), Some("error"));
    assert_eq!(ev[0].cause.map(|c| c.as_str()), Some("stdout-pollution"));
}

#[test]
fn a_crash_loop_is_a_finding() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-01T02:00:00Z");
    let base = t("2026-01-01T01:00:00Z");
    let mut log = String::new();
    for i in 0..5u64 {
        let s = i * 20;
        log += &format!("{} [info] [db] Initializing server...\n", ts(base, s));
        log += &format!(
            "{} [error] [db] Error: connect ECONNREFUSED 127.0.0.1:5432\n",
            ts(base, s + 1)
        );
        log += &format!("{} [info] [db] Server transport closed unexpectedly, this is likely due to the process exiting early.\n", ts(base, s + 1));
        log += &format!("{} [error] [db] Server disconnected.\n", ts(base, s + 1));
    }
    // a healthy neighbour is not a crash loop
    log += &format!("{} [info] [ok] Initializing server...\n", ts(base, 3));
    let scan = scan_reader(
        log.as_bytes(),
        "mcp.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    let lp = scan
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "log-crash-loop")
        .expect("crash loop");
    assert_eq!(lp.server.as_deref(), Some("db"));
    assert_eq!(lp.count, 5);
    assert!(lp.message.contains("5 times"), "{}", lp.message);
    assert!(!scan
        .findings
        .iter()
        .any(|f| f.rule.as_str() == "log-disconnect-cadence"));
    assert!(!scan
        .findings
        .iter()
        .any(|f| f.server.as_deref() == Some("ok")));
    let refused = scan
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "log-network-error")
        .unwrap();
    assert_eq!(refused.count, 5);
    assert_eq!(refused.evidence.len(), 3);
    assert_eq!(refused.time, Some(base + Duration::from_secs(81)));
}

#[test]
fn regular_disconnects_point_at_an_idle_timeout() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-01T03:00:00Z");
    let base = t("2026-01-01T01:00:00Z");
    let mut log = String::new();
    for i in 0..6u64 {
        let s = i * 300 + (i % 3);
        log += &format!(
            "{} [info] [remote] Message from server: {{\"jsonrpc\":\"2.0\",\"id\":{i}}}\n",
            ts(base, s.saturating_sub(200))
        );
        log += &format!("{} [info] [remote] Server transport closed\n", ts(base, s));
        log += &format!("{} [error] [remote] Server disconnected.\n", ts(base, s));
        log += &format!(
            "{} [info] [remote] Initializing server...\n",
            ts(base, s + 2)
        );
    }
    let scan = scan_reader(
        log.as_bytes(),
        "mcp.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    let c = scan
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "log-disconnect-cadence")
        .expect("cadence");
    assert_eq!(c.count, 6);
    assert!(c.message.contains("about 30"), "{}", c.message);
    assert!(
        c.vars.iter().any(
            |(k, v)| *k == mcp_doctor::finding::Var::Interval && (v == "300 s" || v == "301 s")
        ),
        "{:?}",
        c.vars
    );
    let ids: Vec<String> = (1..=scan.findings.len()).map(|i| format!("F{i}")).collect();
    let ranked = mcp_doctor::rank::rank(&scan.findings, &ids, m.os, m.now);
    assert_eq!(ranked[0].cause.as_str(), "sse-idle-timeout", "{ranked:?}");

    // irregular disconnects are not a cadence
    let mut log = String::new();
    for s in [0u64, 45, 500, 530, 2000, 4100] {
        log += &format!("{} [error] [remote] Server disconnected.\n", ts(base, s));
    }
    let scan = scan_reader(
        log.as_bytes(),
        "mcp.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert!(!rules(&scan).contains(&"log-disconnect-cadence"));
}

#[test]
fn claude_code_json_logs_and_debug_output() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Linux, "2026-05-08T06:00:00Z");
    let pretty = "[\n  {\n    \"error\": \"Connection failed: spawn uvx ENOENT\",\n    \"timestamp\": \"2026-05-08T05:57:09.925Z\",\n    \"sessionId\": \"x\",\n    \"cwd\": \"/home/u\"\n  },\n  {\n    \"debug\": \"Starting connection\",\n    \"timestamp\": \"2026-05-08T05:57:10.000Z\"\n  }\n]\n";
    let scan = scan_reader(
        pretty.as_bytes(),
        "2026-05-08.txt",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(logs::detect_format(pretty), LogFormat::ClaudeCodeMcp);
    let f = scan
        .findings
        .iter()
        .find(|f| f.rule.as_str() == "log-spawn-enoent")
        .expect("spawn");
    assert_eq!(f.time, Some(t("2026-05-08T05:57:09.925Z")));
    assert_eq!(f.client, Some(ClientId::ClaudeCode));
    assert_eq!(scan.events[0].line, Some(2));

    let jsonl = "{\"error\":\"Server stderr: Error: GITHUB_TOKEN is not set\",\"timestamp\":\"2026-05-08T05:50:00.000Z\"}\n{\"debug\":\"ok\",\"timestamp\":\"2026-05-08T05:50:01.000Z\"}\n";
    let scan = scan_reader(
        jsonl.as_bytes(),
        "x.jsonl",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(rules(&scan), vec!["log-missing-env"]);

    let debug = "2026-03-02T18:44:16.136Z [DEBUG] MCP server \"meterian\": Starting connection with timeout of 30000ms\n2026-03-02T18:44:46.402Z [ERROR] MCP server \"meterian\": Connection to MCP server \"meterian\" timed out after 30000ms\n";
    let scan = scan_reader(
        debug.as_bytes(),
        "-",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(logs::detect_format(debug), LogFormat::ClaudeCodeDebug);
    let f = &scan.findings[0];
    assert_eq!(
        (f.rule.as_str(), f.server.as_deref()),
        ("log-request-timeout", Some("meterian"))
    );
}

#[test]
fn json_rpc_traffic_is_data_unless_it_carries_an_error() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-02T00:00:00Z");
    let log = "\
2026-01-01T00:00:00.000Z [fs] [info] Message from server: {\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"connect ECONNREFUSED in notes.md; HTTP 401\"}]}} { metadata: undefined }
2026-01-01T00:00:01.000Z [fs] [info] Message from client: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":0,\"reason\":\"Error: MCP error -32001: Request timed out\"}} { metadata: undefined }
";
    let scan = scan_reader(
        log.as_bytes(),
        "mcp-server-fs.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(rules(&scan), vec!["log-request-timeout"]);
    assert!(
        !scan.events[0].text.contains("metadata"),
        "{}",
        scan.events[0].text
    );
}

#[test]
fn window_and_filters() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-02T00:00:00Z");
    let log = "\
2026-01-01T00:00:00.000Z [error] [a] spawn npx ENOENT
2026-01-01T23:55:00.000Z [error] [a] spawn uvx ENOENT
2026-01-01T23:56:00.000Z [error] [b] spawn node ENOENT
2026-01-03T00:00:00.000Z [error] [a] spawn future ENOENT
";
    let since = logs::parse_since("10m", m.now).unwrap();
    let w = Window {
        since: Some(since),
        until: m.now,
    };
    let scan = scan_reader(log.as_bytes(), "mcp.log", &m, &w, &Filter::default());
    assert_eq!(scan.events.len(), 2, "{:?}", scan.events);
    let groups = scan.events_by_server();
    assert_eq!(groups.len(), 2);
    assert_eq!(groups[0].0 .1.as_deref(), Some("a"));
    let first = scan
        .first_failure_after(t("2026-01-01T23:55:30Z"), None, None)
        .unwrap();
    assert_eq!(first.server.as_deref(), Some("b"));
    assert!(scan
        .first_failure_after(t("2026-01-01T23:57:00Z"), None, None)
        .is_none());
    let scan = scan_reader(
        log.as_bytes(),
        "mcp.log",
        &m,
        &w,
        &Filter {
            server: Some("b".into()),
            client: None,
        },
    );
    assert_eq!(scan.events.len(), 1);
    assert_eq!(scan.events[0].server.as_deref(), Some("b"));
    let scan = scan_reader(
        log.as_bytes(),
        "mcp.log",
        &m,
        &w,
        &Filter {
            server: None,
            client: Some(ClientId::Cursor),
        },
    );
    assert!(scan.events.is_empty());
}

#[test]
fn secrets_never_leave_the_module() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-02T00:00:00Z");
    let log = "2026-01-01T23:59:00.000Z [error] [gh] HTTP 401 invalid_token for https://api.example.com/mcp?access_token=abc123secret with Authorization: Bearer ghp_abcdefghijklmnop\n";
    let scan = scan_reader(
        log.as_bytes(),
        "mcp.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    let all = format!("{:?} {:?}", scan.events, scan.findings);
    assert!(
        !all.contains("abc123secret") && !all.contains("ghp_abcdefghijklmnop"),
        "{all}"
    );
    assert!(all.contains("<redacted:"));
}

fn write(p: &Path, s: &[u8]) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, s).unwrap();
}

#[test]
fn discovery_per_os_under_a_fake_home() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write(
        &h.join("AppData/Roaming/Claude/logs/mcp.log"),
        b"2026-01-01T00:00:00.000Z [error] [fs] spawn npx ENOENT\n",
    );
    write(
        &h.join("AppData/Roaming/Claude/logs/mcp-server-fs.log"),
        b"2026-01-01T00:00:00.000Z [fs] [error] spawn npx ENOENT\n",
    );
    write(
        &h.join("AppData/Roaming/Claude/logs/main.log"),
        b"not mcp\n",
    );
    write(&h.join("AppData/Local/claude-cli-nodejs/Cache/C--proj/mcp-logs-gh/2026-01-01T00-00-00-000Z.txt"), b"[]\n");
    write(&h.join(".codex/log/codex-tui.log"), b"");
    write(&h.join(".mcp-auth/mcp-remote-0.1.38/abc_debug.log"), b"");
    let m = machine(h, Os::Windows, "2026-01-01T00:10:00Z");
    let d = discover(&m);
    let names: Vec<_> = d
        .sources
        .iter()
        .map(|s| (s.client, s.server.clone(), s.format))
        .collect();
    assert!(
        names.contains(&(
            Some(ClientId::ClaudeDesktop),
            None,
            LogFormat::ClaudeDesktop
        )),
        "{names:?}"
    );
    assert!(names.contains(&(
        Some(ClientId::ClaudeDesktop),
        Some("fs".into()),
        LogFormat::ClaudeDesktop
    )));
    assert!(names.contains(&(
        Some(ClientId::ClaudeCode),
        Some("gh".into()),
        LogFormat::ClaudeCodeMcp
    )));
    assert!(names.contains(&(Some(ClientId::Codex), None, LogFormat::Codex)));
    assert!(names.contains(&(None, None, LogFormat::McpRemote)));
    assert!(!d.sources.iter().any(|s| s.path.ends_with("main.log")));
    assert!(
        d.looked_at
            .iter()
            .any(|(p, w)| p.contains("Packages") && w == "not found"),
        "{:?}",
        d.looked_at
    );
    // The same record in mcp.log and mcp-server-fs.log counts once; on Windows a bare npx is the
    // .cmd shim problem.
    let scan = scan(&m, &d.sources, &Window::all(m.now), &Filter::default());
    assert!(scan.errors.is_empty(), "{:?}", scan.errors);
    assert_eq!(rules(&scan), vec!["log-windows-npx-enoent"]);
    assert_eq!(scan.findings[0].count, 1);

    // macOS and Linux locations
    let home2 = tempfile::tempdir().unwrap();
    write(&home2.path().join("Library/Logs/Claude/mcp1.log"), b"");
    write(&home2.path().join("Library/Application Support/Cursor/logs/20260101T000000/window1/exthost/anysphere.cursor-mcp/MCP user-linear.log"), b"");
    let d = discover(&machine(home2.path(), Os::Macos, "2026-01-01T00:10:00Z"));
    assert!(d.sources.iter().any(|s| s.path.ends_with("mcp1.log")));
    assert!(d
        .sources
        .iter()
        .any(|s| s.client == Some(ClientId::Cursor) && s.server.as_deref() == Some("linear")));
    let home3 = tempfile::tempdir().unwrap();
    write(&home3.path().join(".config/Claude/logs/mcp.log"), b"");
    write(
        &home3
            .path()
            .join(".config/Code/logs/20260101/window1/mcpServer.mcp.config.usrlocal.github.log"),
        b"",
    );
    let d = discover(&machine(home3.path(), Os::Linux, "2026-01-01T00:10:00Z"));
    assert!(d
        .sources
        .iter()
        .any(|s| s.path.ends_with(".config/Claude/logs/mcp.log")));
    assert!(d
        .sources
        .iter()
        .any(|s| s.client == Some(ClientId::Vscode) && s.server.as_deref() == Some("github")));
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_in_a_log_folder_does_not_hang() {
    let home = tempfile::tempdir().unwrap();
    let logs = home.path().join("Library/Logs/Claude");
    std::fs::create_dir_all(&logs).unwrap();
    std::os::unix::fs::symlink(logs.join("mcp-loop.log"), logs.join("mcp-loop.log")).unwrap();
    std::os::unix::fs::symlink(&logs, logs.join("mcp-dir.log")).unwrap();
    let cursor = home
        .path()
        .join("Library/Application Support/Cursor/logs/x");
    std::fs::create_dir_all(&cursor).unwrap();
    std::os::unix::fs::symlink(
        home.path().join("Library/Application Support/Cursor/logs"),
        cursor.join("loop"),
    )
    .unwrap();
    write(
        &logs.join("mcp.log"),
        b"2026-01-01T00:00:00.000Z [error] [fs] spawn npx ENOENT\n",
    );
    let m = machine(home.path(), Os::Macos, "2026-01-01T00:10:00Z");
    let d = discover(&m);
    assert_eq!(d.sources.len(), 1, "{:?}", d.sources);
    let s = scan(&m, &d.sources, &Window::all(m.now), &Filter::default());
    assert_eq!(rules(&s), vec!["log-spawn-enoent"]);
}

#[test]
fn binary_and_non_utf8_logs_are_read_without_panic() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-02T00:00:00Z");
    let mut data: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    data.extend_from_slice(
        b"\n2026-01-01T00:00:00.000Z [error] [x] caf\xe9 \xff\xfe spawn npx ENOENT\n",
    );
    let scan = scan_reader(&data[..], "-", &m, &Window::all(m.now), &Filter::default());
    assert!(rules(&scan).contains(&"log-spawn-enoent"));
    let e = scan.events.iter().find(|e| e.rule.is_some()).unwrap();
    assert!(e.text.contains('\u{fffd}'));
}

#[test]
fn a_50_mb_line_is_capped() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-02T00:00:00Z");
    let path = home.path().join("mcp.log");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    f.write_all(b"2026-01-01T00:00:00.000Z [error] [x] spawn npx ENOENT ")
        .unwrap();
    let chunk = vec![b'a'; 1 << 20];
    for _ in 0..50 {
        f.write_all(&chunk).unwrap();
    }
    f.write_all(
        b"\n2026-01-01T00:00:01.000Z [error] [x] Error: connect ECONNREFUSED 127.0.0.1:1\n",
    )
    .unwrap();
    f.flush().unwrap();
    drop(f);
    let src = logs::LogSource {
        client: Some(ClientId::ClaudeDesktop),
        server: None,
        path,
        format: LogFormat::ClaudeDesktop,
    };
    let s = scan(&m, &[src], &Window::all(m.now), &Filter::default());
    assert_eq!(rules(&s), vec!["log-spawn-enoent", "log-network-error"]);
    assert!(s.events.iter().all(|e| e.text.len() < 2000));
    assert_eq!(s.events[1].line, Some(2));
}

#[test]
fn timestamps_out_of_order_with_a_window() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-02T00:00:00Z");
    let path = home.path().join("mcp.log");
    let mut text = String::new();
    let base = t("2026-01-01T00:00:00Z");
    for i in 0..40_000u64 {
        // jumps back and forth by hours
        let s = if i % 7 == 0 {
            86_000 - i
        } else {
            (i * 37) % 86_000
        };
        text += &format!(
            "{} [info] [x] Message from client: {{\"id\":{i}}}\n",
            ts(base, s)
        );
    }
    text += &format!("{} [error] [x] spawn npx ENOENT\n", ts(base, 86_300));
    std::fs::write(&path, &text).unwrap();
    let src = logs::LogSource {
        client: Some(ClientId::ClaudeDesktop),
        server: None,
        path,
        format: LogFormat::ClaudeDesktop,
    };
    let w = Window {
        since: Some(logs::parse_since("10m", m.now).unwrap()),
        until: m.now,
    };
    let s = scan(&m, &[src], &w, &Filter::default());
    assert!(rules(&s).contains(&"log-spawn-enoent"));
    assert!(s.errors.is_empty());
}

struct Truncating {
    data: Vec<u8>,
    pos: usize,
    fail_at: usize,
}

impl std::io::Read for Truncating {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.pos >= self.fail_at {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "file truncated while read",
            ));
        }
        let n = buf.len().min(self.fail_at - self.pos).min(4096);
        buf[..n].copy_from_slice(&self.data[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[test]
fn a_file_truncated_or_rotated_while_read_is_an_error_not_a_panic() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-02T00:00:00Z");
    let mut data = Vec::new();
    for i in 0..2000 {
        data.extend_from_slice(
            format!(
                "2026-01-01T00:00:{:02}.000Z [error] [x] spawn npx ENOENT\n",
                i % 60
            )
            .as_bytes(),
        );
    }
    let r = Truncating {
        pos: 0,
        fail_at: data.len() / 2 + 7,
        data,
    };
    let s = scan_reader(r, "-", &m, &Window::all(m.now), &Filter::default());
    assert_eq!(s.errors.len(), 1, "{:?}", s.errors);
    assert!(s.findings[0].count > 100);

    // A file that shrinks between discovery and scan (rotated, truncated): read what is there.
    let path = home.path().join("mcp.log");
    std::fs::write(&path, vec![b'x'; 2 << 20]).unwrap();
    let src = logs::LogSource {
        client: None,
        server: None,
        path: path.clone(),
        format: LogFormat::ClaudeDesktop,
    };
    std::fs::write(&path, b"").unwrap();
    let w = Window {
        since: Some(m.now - Duration::from_secs(60)),
        until: m.now,
    };
    let s = scan(&m, std::slice::from_ref(&src), &w, &Filter::default());
    assert!(s.findings.is_empty());
    std::fs::remove_file(&path).unwrap();
    let s = scan(&m, &[src], &Window::all(m.now), &Filter::default());
    assert_eq!(s.errors.len(), 1);
}

#[test]
fn since_reads_only_the_window_of_a_big_file() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Macos, "2026-01-03T00:00:00Z");
    let path = home.path().join("mcp.log");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let base = t("2026-01-01T00:00:00Z");
    let total = 172_800u64;
    for i in 0..total {
        writeln!(f, "{} [info] [s] Message from client: {{\"method\":\"ping\",\"id\":{i}}} {{ metadata: undefined }}", ts(base, i)).unwrap();
        if i == total - 30 {
            writeln!(f, "{} [error] [s] spawn npx ENOENT", ts(base, i)).unwrap();
        }
        if i == 1000 {
            writeln!(f, "{} [error] [s] spawn old ENOENT", ts(base, i)).unwrap();
        }
    }
    f.flush().unwrap();
    drop(f);
    let len = std::fs::metadata(&path).unwrap().len();
    let src = logs::LogSource {
        client: Some(ClientId::ClaudeDesktop),
        server: None,
        path,
        format: LogFormat::ClaudeDesktop,
    };
    let w = Window {
        since: Some(
            logs::parse_since("10m", m.now - Duration::from_secs(86_400))
                .ok()
                .map(|_| base + Duration::from_secs(total - 600))
                .unwrap(),
        ),
        until: m.now,
    };
    let s = scan(&m, &[src], &w, &Filter::default());
    assert_eq!(rules(&s), vec!["log-spawn-enoent"]);
    assert_eq!(
        s.findings[0]
            .vars
            .iter()
            .find(|(k, _)| *k == mcp_doctor::finding::Var::Cmd)
            .map(|(_, v)| v.as_str()),
        Some("npx")
    );
    assert!(
        s.stats.bytes < len / 10,
        "read {} of {len} bytes",
        s.stats.bytes
    );
    // far from the start: line numbers unknown rather than counted through the whole file
    assert!(len > 16 << 20);
    assert_eq!(s.events[0].line, None);
}

#[test]
fn codex_mcp_remote_vscode_and_cursor_logs() {
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Linux, "2026-09-06T00:00:00Z");
    let codex = "\
2025-09-05T10:00:00.123456Z  INFO codex_core::mcp_connection_manager: starting MCP servers
2025-09-05T10:00:10.123456Z ERROR codex_core::mcp_connection_manager: MCP client for `docs` failed to start: request timed out
";
    assert_eq!(logs::detect_format(codex), LogFormat::Codex);
    let s = scan_reader(
        codex.as_bytes(),
        "codex-tui.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(rules(&s), vec!["log-request-timeout"]);
    assert_eq!(
        (s.findings[0].client, s.findings[0].server.as_deref()),
        (Some(ClientId::Codex), Some("docs"))
    );
    assert_eq!(s.events[0].level.map(|l| l.as_str()), Some("error"));

    let remote = "\
[2025-08-01T10:00:00.000Z][4242] Connecting to remote server: https://mcp.example.com/sse
[2025-08-01T10:00:00.500Z][4242] Error: getaddrinfo ENOTFOUND mcp.example.com
";
    assert_eq!(logs::detect_format(remote), LogFormat::McpRemote);
    let s = scan_reader(
        remote.as_bytes(),
        "abc_debug.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(rules(&s), vec!["log-network-error"]);
    assert_eq!(s.findings[0].time, Some(t("2025-08-01T10:00:00.500Z")));

    let vscode = "\
2025-03-25 16:43:19.000 [info] Starting server github
2025-03-25 16:43:20.132 [warning] [server stderr] GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set
2025-03-25 16:43:20.200 [info] Connection state: Error Process exited with code 1
";
    assert_eq!(logs::detect_format(vscode), LogFormat::Vscode);
    let s = scan_reader(
        vscode.as_bytes(),
        "-",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(rules(&s), vec!["log-missing-env", "log-exit-code"]);
    assert!(s.findings[0]
        .vars
        .iter()
        .any(|(k, v)| *k == mcp_doctor::finding::Var::Var && v == "GITHUB_PERSONAL_ACCESS_TOKEN"));
    let ids: Vec<String> = (1..=s.findings.len()).map(|i| format!("F{i}")).collect();
    assert_eq!(
        mcp_doctor::rank::rank(&s.findings, &ids, m.os, m.now)[0]
            .cause
            .as_str(),
        "missing-env"
    );

    let cursor = "2026-04-14 15:41:41.029 [warning] [V2] Connection failed: spawn npx ENOENT\n2026-04-14 15:41:41.030 [info] CreateClient completed, connected: false, statusType: error\n";
    assert_eq!(logs::detect_format(cursor), LogFormat::Cursor);
    let s = scan_reader(
        cursor.as_bytes(),
        "MCP user-linear.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(rules(&s), vec!["log-spawn-enoent"]);
    assert_eq!(s.findings[0].client, Some(ClientId::Cursor));
}

#[test]
fn mutated_logs_never_panic() {
    // Deterministic mutations of the corpus logs and of synthetic lines: flipped bytes, cuts at
    // any byte (inside UTF-8 sequences and timestamps), duplicated fragments.
    let home = tempfile::tempdir().unwrap();
    let m = machine(home.path(), Os::Windows, "2026-01-02T00:00:00Z");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus");
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&corpus)
        .expect("the corpus testdata/corpus is missing")
        .flatten()
        .filter_map(|e| std::fs::read(e.path().join("log.txt")).ok())
        .collect();
    seeds.push("2026-01-01T00:00:00.000Z [é] [info] Using MCP server command: x with path: { metadata: { paths: [ 'a".as_bytes().to_vec());
    seeds.push(b"[2026-01-01T00:00:00.000Z][1] \"timestamp\":\"2026-99\" {\n[{\"error\":1}]\n{\n\"error\": \"x\"\n".to_vec());
    assert!(seeds.len() > 10);
    let mut x: u64 = 0x2545F4914F6CDD1D;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for seed in &seeds {
        for _ in 0..20 {
            let mut d = seed.clone();
            for _ in 0..(next() % 6) {
                if d.is_empty() {
                    break;
                }
                let i = (next() as usize) % d.len();
                match next() % 4 {
                    0 => d[i] = next() as u8,
                    1 => d.truncate(i),
                    2 => {
                        let j = i + (next() as usize % (d.len() - i));
                        let frag = d[i..j].to_vec();
                        d.splice(i..i, frag);
                    }
                    _ => d.insert(
                        i,
                        [b'\n', b'{', b'}', b'[', b'"', 0xC3][next() as usize % 6],
                    ),
                }
            }
            let since = Window {
                since: Some(t("2025-06-01T00:00:00Z")),
                until: m.now,
            };
            let _ = scan_reader(&d[..], "-", &m, &since, &Filter::default());
            let _ = scan_reader(
                &d[..],
                "mcp-server-x.log",
                &m,
                &Window::all(m.now),
                &Filter::default(),
            );
        }
    }
}

#[test]
fn the_logged_path_is_read_in_order_from_the_windows_form() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    write(&h.join(".nvm/versions/node/v16.20.0/bin/node"), b"");
    write(&h.join("brew/bin/node"), b"");
    let m = machine(h, Os::host(), "2026-03-10T16:00:00Z");
    let old = h
        .join(".nvm/versions/node/v16.20.0/bin")
        .display()
        .to_string();
    let brew = h.join("brew/bin").display().to_string();
    let nothing = h.join("empty/bin").display().to_string();
    // the Windows form: `with args and path`, where only the list after `paths:` is the PATH
    let log = format!(
        "2026-03-10T15:18:27.108Z [gh] [info] Using MCP server command: C:\\WINDOWS\\System32\\cmd.exe with args and path: {{\n  metadata: {{\n    args: [ '/C', 'npx', '-y' ],\n    paths: [\n      '{nothing}',\n      '{old}',\n      '{brew}'\n    ]\n  }}\n}}\n"
    );
    let scan = scan_reader(
        log.as_bytes(),
        "mcp-server-gh.log",
        &m,
        &Window::all(m.now),
        &Filter::default(),
    );
    assert_eq!(scan.paths.len(), 1);
    assert_eq!(scan.paths[0].paths, vec![nothing, old.clone(), brew]);
}
