//! The stdio probe: spawn, handshake over newline-delimited JSON-RPC, shut the tree down.
use super::lines::{self, Line, MAX_STDERR_LINE, MAX_STDOUT_LINE};
use super::process;
use super::{ms, Failure, ProbeResult, ProbeSpec, ProbeStatus, ProbeTransport, ServerInfo};
use serde_json::{json, Value};
use std::collections::VecDeque;
use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// stderr lines kept for the tail.
const STDERR_TAIL: usize = 20;
/// stdout noise lines kept as samples (each cut to 80 bytes).
const NOISE_SAMPLES: usize = 10;
const NOISE_BYTES: usize = 80;
/// How long the server gets to exit after stdin is closed, and after SIGTERM (the TS SDK's 2 s).
const GRACE: Duration = Duration::from_secs(2);
/// How long after its deadline a probe may take to end the server's tree.
const SHUTDOWN_MARGIN: Duration = Duration::from_millis(300);
/// The deadline of requests after `initialize`.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// `tools/list` pages followed at most.
const MAX_PAGES: usize = 20;

#[derive(Default)]
struct StderrTail {
    lines: VecDeque<String>,
    out_of_memory: bool,
}

enum Got {
    Reply(Value),
    /// stdout closed: the process exited or closed it.
    Eof,
    Timeout,
}

/// How long the pipes are still read after the server's own process failed (exited with an
/// error or was killed) while something it started keeps them open.
const AFTER_FAILED_EXIT: Duration = Duration::from_millis(300);
/// How often the server's own process is looked at while waiting for a reply.
const EXIT_POLL: Duration = Duration::from_millis(50);

struct Session<'a> {
    stdin: Option<ChildStdin>,
    /// The server's own process: when it fails while a child it started holds stdout open (a
    /// wrapper script that put a helper in the background), stdout never ends; the failure is
    /// the answer.
    child: &'a mut Child,
    /// When the server's own process was seen to have failed.
    failed_at: Option<Instant>,
    rx: Receiver<Line>,
    r: &'a mut ProbeResult,
    notifications: u32,
    /// The spec's secret values, removed from what the server prints before it is cut.
    secrets: Vec<String>,
}

impl Session<'_> {
    fn send(&mut self, msg: &Value) -> bool {
        let Some(stdin) = self.stdin.as_mut() else {
            return false;
        };
        let mut line = msg.to_string();
        line.push('\n');
        stdin
            .write_all(line.as_bytes())
            .and_then(|_| stdin.flush())
            .is_ok()
    }

    /// Waits for the reply to a request with a string id.
    fn wait_for_str(&mut self, id: &str, deadline: Instant) -> Got {
        self.wait_for_value(&json!(id), deadline)
    }

    /// Waits for the reply to `id`, answering server requests and skipping notifications.
    fn wait_for(&mut self, id: u64, deadline: Instant) -> Got {
        self.wait_for_value(&json!(id), deadline)
    }

    fn wait_for_value(&mut self, id: &Value, deadline: Instant) -> Got {
        let mut next_poll = Instant::now();
        loop {
            let now = Instant::now();
            let left = deadline.saturating_duration_since(now);
            if left.is_zero() {
                return Got::Timeout;
            }
            if now >= next_poll {
                next_poll = now + EXIT_POLL;
                if self.failed_at.is_none() {
                    if let Ok(Some(st)) = self.child.try_wait() {
                        if !st.success() {
                            self.failed_at = Some(now);
                        }
                    }
                }
                if self.failed_at.is_some_and(|t| now >= t + AFTER_FAILED_EXIT) {
                    return Got::Eof;
                }
            }
            let line = match self.rx.recv_timeout(left.min(EXIT_POLL)) {
                Ok(l) => l,
                Err(RecvTimeoutError::Timeout) => continue,
                Err(RecvTimeoutError::Disconnected) => return Got::Eof,
            };
            if let Some(v) = self.classify(line) {
                if v.get("id") == Some(id) && v.get("method").is_none() {
                    return Got::Reply(v);
                }
            }
        }
    }

    /// Sorts one stdout line: noise is recorded, requests answered, notifications counted.
    /// Returns the message when it is a response.
    fn classify(&mut self, line: Line) -> Option<Value> {
        let parsed: Option<Value> = if line.cut {
            None
        } else {
            serde_json::from_slice(&line.bytes).ok()
        };
        let is_rpc = parsed
            .as_ref()
            .and_then(|v| v.as_object())
            .is_some_and(|o| o.get("jsonrpc").and_then(Value::as_str) == Some("2.0"));
        if !is_rpc {
            let text = String::from_utf8_lossy(&line.bytes);
            if text.trim().is_empty() && !line.cut {
                return None;
            }
            self.r.stdout_noise_lines = self.r.stdout_noise_lines.saturating_add(1);
            if self.r.stdout_noise.len() < NOISE_SAMPLES {
                // Redact the whole line (up to 64 KiB) before cutting it, so no secret is half-cut.
                let head = &line.bytes[..line.bytes.len().min(64 * 1024)];
                let text =
                    crate::redact::known_values(&String::from_utf8_lossy(head), &self.secrets);
                self.r
                    .stdout_noise
                    .push(crate::redact::text_cut(&text, NOISE_BYTES));
            }
            return None;
        }
        let v = parsed?;
        match (v.get("method").and_then(Value::as_str), v.get("id")) {
            (Some(method), Some(id)) => {
                let reply = if method == "roots/list" {
                    json!({"jsonrpc": "2.0", "id": id, "result": {"roots": []}})
                } else if method == "ping" {
                    json!({"jsonrpc": "2.0", "id": id, "result": {}})
                } else {
                    json!({"jsonrpc": "2.0", "id": id, "error": {"code": -32601, "message": "Method not found"}})
                };
                self.send(&reply);
                None
            }
            (Some(_), None) => {
                self.notifications = self.notifications.saturating_add(1);
                None
            }
            _ => Some(v),
        }
    }
}

fn initialize_request() -> Value {
    json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": super::PROTOCOL_VERSION,
        "capabilities": {},
        "clientInfo": {"name": super::CLIENT_NAME, "version": super::CLIENT_VERSION}}})
}

/// How long a modern-only server gets to answer `server/discover` after refusing `initialize`.
const DISCOVER_TIMEOUT: Duration = Duration::from_secs(3);

fn discover_request() -> Value {
    json!({"jsonrpc": "2.0", "id": "d1", "method": "server/discover", "params": {"_meta": {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": {"name": super::CLIENT_NAME, "version": super::CLIENT_VERSION},
        "io.modelcontextprotocol/clientCapabilities": {}}}})
}

fn rpc_error_text(v: &Value) -> Option<String> {
    let e = v.get("error")?;
    let code = e.get("code").and_then(Value::as_i64).unwrap_or(0);
    let msg = e.get("message").and_then(Value::as_str).unwrap_or("");
    Some(format!("JSON-RPC error {code}: {msg}"))
}

/// Reads what an `initialize` result says into the result. `false` if it is not usable.
pub(super) fn read_initialize(r: &mut ProbeResult, v: &Value) -> Result<bool, String> {
    if let Some(e) = rpc_error_text(v) {
        return Err(e);
    }
    let Some(res) = v.get("result") else {
        return Err("the initialize reply has no result".into());
    };
    let version = res
        .get("protocolVersion")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_string();
    if let Some(info) = res.get("serverInfo") {
        r.server_info = Some(ServerInfo {
            name: crate::redact::text_cut(
                info.get("name").and_then(Value::as_str).unwrap_or(""),
                200,
            ),
            version: crate::redact::text_cut(
                info.get("version").and_then(Value::as_str).unwrap_or(""),
                100,
            ),
        });
    }
    if !super::KNOWN_VERSIONS.contains(&version.as_str()) {
        r.notes.push(format!(
            "The server chose protocol version `{}`, which the doctor does not know.",
            crate::redact::text_cut(&version, 40)
        ));
    }
    r.protocol_version = Some(version);
    Ok(res
        .get("capabilities")
        .and_then(|c| c.get("tools"))
        .is_some())
}

pub fn probe(spec: &ProbeSpec) -> ProbeResult {
    let mut r = ProbeResult::new(ProbeTransport::Stdio);
    r.cold_download = spec.is_cold_download();
    if let Some(cwd) = &spec.cwd {
        if !cwd.is_dir() {
            r.fail(
                Failure::BadCwd,
                ProbeStatus::Failed,
                format!("{} is not a folder", cwd.display()),
            );
            return r;
        }
    }
    let mut cmd = Command::new(&spec.program);
    cmd.args(&spec.args)
        .env_clear()
        .envs(spec.env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(cwd) = &spec.cwd {
        cmd.current_dir(cwd);
    }
    process::own_group(&mut cmd);
    // Orphans of the server (a daemon that forked away) come back to the doctor, to be ended.
    process::become_subreaper();
    let t0 = Instant::now();
    let mut child = match cmd.spawn() {
        Ok(c) => c,
        Err(e) => {
            let what = format!("spawn {}: {e}", spec.program.display());
            let failure = match e.kind() {
                std::io::ErrorKind::NotFound => Failure::CommandNotFound,
                std::io::ErrorKind::PermissionDenied => Failure::PermissionDenied,
                _ => Failure::SpawnFailed,
            };
            r.fail(failure, ProbeStatus::Failed, what);
            return r;
        }
    };
    r.pid = Some(child.id());
    let mut tree = process::Tree::new(&child);
    r.spawn_ms = Some(ms(t0.elapsed()));
    let (Some(stdin), Some(stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        process::kill_tree(&mut child);
        tree.kill_all();
        let _ = wait_exit(&mut child, GRACE, None, None);
        r.fail(
            Failure::SpawnFailed,
            ProbeStatus::Failed,
            "the server's pipes could not be opened",
        );
        return r;
    };

    // Two channels of at most 2 lines of at most 10 MiB: bounded memory whatever the server writes.
    let (tx, rx) = sync_channel::<Line>(2);
    std::thread::spawn(move || lines::pump(stdout, MAX_STDOUT_LINE, tx));
    let tail = Arc::new(Mutex::new(StderrTail::default()));
    let (err_done_tx, err_done_rx) = sync_channel::<()>(1);
    {
        let tail = Arc::clone(&tail);
        std::thread::spawn(move || {
            let mut br = BufReader::with_capacity(16 * 1024, stderr);
            while let Ok(Some(line)) = lines::read_line(&mut br, MAX_STDERR_LINE) {
                let text = String::from_utf8_lossy(&line.bytes).into_owned();
                if let Ok(mut t) = tail.lock() {
                    let lower = text.to_ascii_lowercase();
                    if lower.contains("heap out of memory")
                        || lower.contains("out of memory")
                        || lower.contains("memoryerror")
                    {
                        t.out_of_memory = true;
                    }
                    if t.lines.len() == STDERR_TAIL {
                        t.lines.pop_front();
                    }
                    t.lines.push_back(text);
                }
            }
            let _ = err_done_tx.send(());
        });
    }

    // Clamped: a timeout near u64::MAX seconds must not overflow the clock.
    let deadline = t0
        .checked_add(spec.timeout.min(super::MAX_WAIT))
        .unwrap_or(t0 + super::MAX_WAIT);
    let mut s = Session {
        stdin: Some(stdin),
        child: &mut child,
        failed_at: None,
        rx,
        r: &mut r,
        notifications: 0,
        secrets: spec.secret_values(),
    };
    // What ended the conversation: None = it went well; Some(true) = the server ended it itself.
    let mut server_ended = false;
    let mut timed_out = false;
    s.send(&initialize_request());
    match s.wait_for(1, deadline) {
        Got::Reply(v) => {
            s.r.initialize_ms = Some(ms(t0.elapsed()));
            match read_initialize(s.r, &v) {
                Ok(has_tools) => {
                    s.send(&json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
                    if has_tools {
                        let mut count: u32 = 0;
                        let mut cursor: Option<Value> = None;
                        for id in (2u64..).take(MAX_PAGES) {
                            let params = match &cursor {
                                Some(c) => json!({"cursor": c}),
                                None => json!({}),
                            };
                            s.send(&json!({"jsonrpc": "2.0", "id": id, "method": "tools/list", "params": params}));
                            match s.wait_for(
                                id,
                                (Instant::now() + REQUEST_TIMEOUT.min(spec.timeout)).min(deadline),
                            ) {
                                Got::Reply(v) => {
                                    if let Some(e) = rpc_error_text(&v) {
                                        s.r.notes.push(format!(
                                            "tools/list failed: {}",
                                            crate::redact::text_cut(&e, 200)
                                        ));
                                        break;
                                    }
                                    let res = v.get("result");
                                    let n = res
                                        .and_then(|x| x.get("tools"))
                                        .and_then(Value::as_array)
                                        .map(Vec::len)
                                        .unwrap_or(0);
                                    count =
                                        count.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
                                    s.r.tools = Some(count);
                                    match res.and_then(|x| x.get("nextCursor")) {
                                        Some(c) if !c.is_null() => cursor = Some(c.clone()),
                                        _ => break,
                                    }
                                }
                                Got::Eof => {
                                    server_ended = true;
                                    break;
                                }
                                Got::Timeout => {
                                    timed_out = true;
                                    break;
                                }
                            }
                        }
                    } else {
                        s.r.tools = Some(0);
                    }
                }
                Err(e) => {
                    // A modern-only (2026-07-28) server has no handshake: `server/discover` tells
                    // it apart from a broken one (protocol.md 1.4).
                    let mut msg = format!("initialize: {e}");
                    s.send(&discover_request());
                    let until = (Instant::now() + DISCOVER_TIMEOUT.min(spec.timeout)).min(deadline);
                    if let Got::Reply(v) = s.wait_for_str("d1", until) {
                        if let Some(versions) = v
                            .get("result")
                            .and_then(|r| r.get("supportedVersions"))
                            .and_then(Value::as_array)
                        {
                            let list: Vec<&str> =
                                versions.iter().filter_map(Value::as_str).collect();
                            msg = format!(
                                "{msg}; the server only speaks the stateless protocol ({}) without the initialize handshake, which today's clients need",
                                crate::redact::text_cut(&list.join(", "), 100)
                            );
                            s.r.protocol_version = list.first().map(|v| v.to_string());
                        }
                    }
                    s.r.fail(Failure::Protocol, ProbeStatus::Failed, msg);
                }
            }
        }
        Got::Eof => server_ended = true,
        Got::Timeout => timed_out = true,
    }
    let Session {
        stdin, rx, secrets, ..
    } = s;

    // Shut down: close stdin, wait; SIGTERM the group, wait; SIGKILL the group and every
    // descendant seen. The whole shutdown ends by the deadline plus a little (`--timeout` is kept
    // even by a tree that ignores SIGTERM).
    drop(stdin);
    tree.scan();
    let closed_at = Instant::now();
    let end = deadline.max(Instant::now()) + SHUTDOWN_MARGIN;
    let left = |want: Duration| want.min(end.saturating_duration_since(Instant::now()));
    let mut ours = false;
    // A server that never answered gets little time to exit on its own: it is stuck anyway.
    let first_wait = if timed_out {
        Duration::from_millis(50)
    } else {
        GRACE
    };
    let mut status = wait_exit(&mut child, left(first_wait), Some(&rx), Some(&mut tree));
    // Stdout closed while the process still ran: it ended the conversation but not itself.
    let ran_on = server_ended && status.is_none();
    if status.is_none() && !server_ended && !timed_out {
        r.ignored_stdin_close = Some(true);
    } else if status.is_some() && !server_ended && !timed_out {
        r.ignored_stdin_close = Some(false);
    }
    if status.is_some() && !server_ended {
        r.shutdown_ms = Some(ms(closed_at.elapsed()));
    }
    if status.is_none() {
        ours = true;
        process::terminate_tree(&child);
        status = wait_exit(&mut child, left(GRACE), Some(&rx), Some(&mut tree));
    }
    // Always end the group and every descendant seen, in or out of it: npx/uvx children may
    // outlive their parent, and a daemon may have left the group.
    process::kill_tree(&mut child);
    tree.kill_all();
    if status.is_none() {
        status = wait_exit(&mut child, GRACE, Some(&rx), None);
    }
    tree.reap();
    drop(rx);
    let _ = err_done_rx.recv_timeout(Duration::from_millis(300));

    let (oom_text, tail_lines) = match tail.lock() {
        Ok(t) => (
            t.out_of_memory,
            t.lines
                .iter()
                .map(|l| crate::redact::text_cut(&crate::redact::known_values(l, &secrets), 300))
                .collect::<Vec<_>>(),
        ),
        Err(_) => (false, Vec::new()),
    };
    r.stderr_tail = Some(tail_lines);
    if let Some(st) = status {
        let (code, sig) = process::describe(st);
        if !ours {
            r.exit_code = code;
            r.signal = sig.map(process::signal_name);
        }
    }

    if server_ended {
        let killed = r.signal.as_deref() == Some("SIGKILL") || r.exit_code == Some(137) || oom_text;
        let how = match (r.exit_code, &r.signal) {
            (Some(c), _) => format!("the server exited with code {c}"),
            (None, Some(sig)) => format!("the server was killed by {sig}"),
            _ if ran_on => {
                "the server closed its stdout but kept running (the doctor ended it)".to_string()
            }
            _ => "the server closed stdout".to_string(),
        };
        let when = if r.initialize_ms.is_some() {
            "during the handshake"
        } else {
            "before answering initialize"
        };
        let failure = if killed {
            Failure::Killed
        } else {
            Failure::Exited
        };
        r.fail(failure, ProbeStatus::Failed, format!("{how} {when}"));
    } else if timed_out {
        let what = if r.initialize_ms.is_some() {
            "tools/list"
        } else {
            "initialize"
        };
        let mut msg = format!(
            "no answer to {what} within {:.1} s",
            spec.timeout
                .as_secs_f64()
                .min(if r.initialize_ms.is_some() {
                    REQUEST_TIMEOUT.as_secs_f64()
                } else {
                    f64::MAX
                })
        );
        if r.cold_download {
            msg.push_str(" (the command downloads its package on a cold cache)");
        }
        r.fail(Failure::Timeout, ProbeStatus::Timeout, msg);
    } else if r.failure.is_none() {
        r.status = ProbeStatus::Ok;
    }
    r
}

/// Waits up to `dur` for the process to exit, draining stdout meanwhile so it cannot block on a
/// full pipe.
fn wait_exit(
    child: &mut Child,
    dur: Duration,
    rx: Option<&Receiver<Line>>,
    mut tree: Option<&mut process::Tree>,
) -> Option<ExitStatus> {
    let end = Instant::now() + dur;
    let mut next_scan = Instant::now();
    loop {
        if let Some(t) = tree.as_deref_mut() {
            if Instant::now() >= next_scan {
                t.scan();
                next_scan = Instant::now() + Duration::from_millis(50);
            }
        }
        if let Ok(Some(st)) = child.try_wait() {
            return Some(st);
        }
        if Instant::now() >= end {
            return None;
        }
        if let Some(rx) = rx {
            while rx.try_recv().is_ok() {}
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}
