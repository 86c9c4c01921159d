//! `mcp-doctor bridge`, driven as a client drives it: the real binary started with pipes, sent
//! `initialize`, `notifications/initialized` and `tools/call`, while the server behind it is
//! killed, restarted, cut off or noisy. The fixture server (`tests/fixtures/fixture_server.py`,
//! stdlib Python) needs nothing installed; the real servers follow the `MCP_DOCTOR_INTEROP`
//! convention of `tests/interop.rs`. Everything listens on 127.0.0.1; nothing reads the real home.
#[path = "common_probe/mod.rs"]
mod common;
#[path = "common/mod.rs"]
mod homes;

use common::*;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A bridge process and the client's ends of its pipes.
struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    rx: Receiver<Value>,
    stderr: Arc<Mutex<String>>,
    /// Every line the client got on stdout, raw.
    raw: Arc<Mutex<Vec<String>>>,
    notes: Vec<Value>,
    pub home: tempfile::TempDir,
}

impl Client {
    fn start(args: &[&str], extra_env: &[(&str, &str)]) -> Client {
        let home = tempfile::tempdir().unwrap();
        Client::start_in(home, args, extra_env)
    }

    fn start_in(home: tempfile::TempDir, args: &[&str], extra_env: &[(&str, &str)]) -> Client {
        let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
        c.arg("--home")
            .arg(home.path())
            .arg("bridge")
            .args(args)
            .env_clear()
            .env("HOME", "/nonexistent-home-for-tests")
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("MCP_DOCTOR_BRIDGE_LOG", home.path().join("heal.jsonl"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in extra_env {
            c.env(k, v);
        }
        let mut child = c.spawn().expect("the bridge starts");
        let stdin = child.stdin.take();
        let (tx, rx) = channel();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let out = child.stdout.take().unwrap();
        let raw2 = Arc::clone(&raw);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                raw2.lock().unwrap().push(line.clone());
                match serde_json::from_str::<Value>(&line) {
                    Ok(v) => {
                        if tx.send(v).is_err() {
                            return;
                        }
                    }
                    Err(_) => {
                        let _ = tx.send(json!({"not-json": line}));
                    }
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let e2 = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut r = BufReader::new(err);
            let mut buf = String::new();
            while r.read_line(&mut buf).unwrap_or(0) > 0 {
                e2.lock().unwrap().push_str(&buf);
                buf.clear();
            }
        });
        Client {
            child,
            stdin,
            rx,
            stderr,
            raw,
            notes: Vec::new(),
            home,
        }
    }

    fn send(&mut self, v: Value) {
        let s = self.stdin.as_mut().expect("stdin open");
        writeln!(s, "{v}").unwrap();
        s.flush().unwrap();
    }

    /// Waits for the response to `id` (or finds it among the messages met before: the replies to a
    /// batch's requests, sent on their own, may come in any order); notifications and other
    /// replies met on the way are kept in `notes`.
    fn reply(&mut self, id: u64, wait: Duration) -> Value {
        if let Some(i) = self
            .notes
            .iter()
            .position(|v| v.get("id") == Some(&json!(id)) && v.get("method").is_none())
        {
            return self.notes.remove(i);
        }
        let end = Instant::now() + wait;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let v = self.rx.recv_timeout(left).unwrap_or_else(|_| {
                panic!(
                    "no reply to {id} in {wait:?}; stderr:\n{}",
                    self.stderr.lock().unwrap()
                )
            });
            if v.get("id") == Some(&json!(id)) && v.get("method").is_none() {
                return v;
            }
            self.notes.push(v);
        }
    }

    /// Waits for a notification with this method (or finds it among those already seen).
    fn notification(&mut self, method: &str, wait: Duration) {
        if let Some(i) = self.notes.iter().position(|n| n["method"] == method) {
            self.notes.remove(i);
            return;
        }
        let end = Instant::now() + wait;
        loop {
            let left = end.saturating_duration_since(Instant::now());
            let v = self.rx.recv_timeout(left).unwrap_or_else(|_| {
                panic!(
                    "no {method} in {wait:?}; stderr:\n{}",
                    self.stderr.lock().unwrap()
                )
            });
            if v["method"] == method {
                return;
            }
            self.notes.push(v);
        }
    }

    fn initialize(&mut self) -> Value {
        self.send(
            json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-11-25", "capabilities": {},
            "clientInfo": {"name": "bridge-test", "version": "1"}}}),
        );
        let r = self.reply(1, Duration::from_secs(20));
        assert!(r.get("result").is_some(), "initialize failed: {r}");
        self.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
        r
    }

    fn call(&mut self, id: u64, tool: &str, args: Value) -> Value {
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": "tools/call",
            "params": {"name": tool, "arguments": args}}));
        self.reply(id, Duration::from_secs(20))
    }

    /// The pid the fixture's tools/call names.
    fn pid_of(r: &Value) -> u32 {
        r.pointer("/result/content/0/text")
            .and_then(Value::as_str)
            .and_then(|t| t.strip_prefix("pid "))
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("not a fixture reply: {r}"))
    }

    fn heal_log(&self) -> Vec<Value> {
        std::fs::read_to_string(self.home.path().join("heal.jsonl"))
            .unwrap_or_default()
            .lines()
            .map(|l| serde_json::from_str(l).expect("each heal line is JSON"))
            .collect()
    }

    fn heals(&self, event: &str) -> usize {
        self.heal_log()
            .iter()
            .filter(|h| h["event"] == event)
            .count()
    }

    /// Closes stdin and waits for the bridge to exit; its exit code.
    fn finish(&mut self, wait: Duration) -> (i32, String) {
        drop(self.stdin.take());
        let end = Instant::now() + wait;
        loop {
            if let Some(st) = self.child.try_wait().unwrap() {
                std::thread::sleep(Duration::from_millis(50));
                return (st.code().unwrap_or(-1), self.stderr.lock().unwrap().clone());
            }
            if Instant::now() > end {
                let _ = self.child.kill();
                panic!("the bridge did not exit within {wait:?} after stdin closed");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn fixture_cmd(args: &[&str]) -> Vec<String> {
    let mut v = vec![
        python().display().to_string(),
        "-S".into(),
        fixture().display().to_string(),
    ];
    v.extend(args.iter().map(|s| s.to_string()));
    v
}

fn bridge_stdio(name: &str, server: &[String], extra: &[&str]) -> Client {
    let mut args: Vec<&str> = vec!["--name", name];
    args.extend_from_slice(extra);
    args.push("--");
    args.extend(server.iter().map(String::as_str));
    Client::start(&args, &[])
}

fn kill(pid: u32) {
    let _ = Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status();
}

#[test]
fn a_killed_stdio_server_is_restarted_and_the_next_call_succeeds() {
    let mut c = bridge_stdio("fx", &fixture_cmd(&[]), &[]);
    c.initialize();
    let first = Client::pid_of(&c.call(2, "tool0", json!({})));
    kill(first);
    // The client is told to refresh its lists once the new server is ready; it does nothing
    // else but its next call.
    c.notification("notifications/tools/list_changed", Duration::from_secs(10));
    let r = c.call(3, "tool0", json!({}));
    let second = Client::pid_of(&r);
    assert_ne!(first, second, "a new server process answered");
    // The replayed initialize's reply was consumed: no second reply to id 1, nothing unknown.
    assert!(
        c.notes.iter().all(|n| n.get("id").is_none()),
        "{:?}",
        c.notes
    );
    let heals = c.heal_log();
    let restarted: Vec<&Value> = heals.iter().filter(|h| h["event"] == "restarted").collect();
    assert_eq!(restarted.len(), 1, "{heals:?}");
    assert_eq!(restarted[0]["server"], "fx");
    assert!(
        restarted[0]["message"]
            .as_str()
            .unwrap()
            .contains("killed by SIGKILL"),
        "{heals:?}"
    );
    let heal = c.home.path().join("heal.jsonl");
    let home = c.home.path().to_path_buf();
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
    assert!(all_gone(&[second]), "stdin close ends the server");

    // The heal log is a log source of `logs` and `check`.
    let run = |args: &[&str]| {
        let o = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"))
            .arg("--home")
            .arg(&home)
            .args(args)
            .env_clear()
            .env("HOME", "/nonexistent-home-for-tests")
            .env("MCP_DOCTOR_BRIDGE_LOG", &heal)
            .env("MCP_DOCTOR_NO_RUNTIMES", "1")
            .output()
            .unwrap();
        serde_json::from_slice::<Value>(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stderr)))
    };
    let logs = run(&["logs", "--json", "--since", "1h"]);
    let events = logs["events"].as_array().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e["rule"] == "log-bridge-restarted" && e["server"] == "fx"),
        "{events:?}"
    );
    let check = run(&["check", "--json", "--no-platform"]);
    let f: Vec<&Value> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "log-bridge-restarted")
        .collect();
    assert_eq!(f.len(), 1, "{}", check["findings"]);
    assert_eq!(f[0]["cause"], "server-crash");
    assert_eq!(f[0]["server"], "fx");
}

#[test]
fn a_request_in_flight_when_the_server_dies_gets_an_error_not_a_hang() {
    let mut c = bridge_stdio("fx", &fixture_cmd(&[]), &[]);
    c.initialize();
    let pid = Client::pid_of(&c.call(2, "tool0", json!({})));
    c.send(json!({"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {"name": "sleep", "arguments": {}}}));
    std::thread::sleep(Duration::from_millis(300));
    kill(pid);
    let r = c.reply(3, Duration::from_secs(10));
    let msg = r
        .pointer("/error/message")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(msg.contains("restarted"), "{r}");
    assert_eq!(r.pointer("/error/code"), Some(&json!(-32000)));
    let again = c.call(4, "tool0", json!({}));
    assert_ne!(Client::pid_of(&again), pid);
}

#[test]
fn stdout_banners_go_to_stderr_and_the_session_works() {
    let mut c = bridge_stdio("noisy", &fixture_cmd(&["--garbage", "before"]), &[]);
    c.initialize();
    // `among`-style noise too: the fixture prints a banner before each reply with --garbage among.
    let r = c.call(2, "tool0", json!({}));
    assert!(r.get("result").is_some(), "{r}");
    let raw = c.raw.lock().unwrap().clone();
    for l in &raw {
        let v: Value =
            serde_json::from_str(l).unwrap_or_else(|_| panic!("noise reached the client: {l}"));
        assert_eq!(v["jsonrpc"], "2.0", "{l}");
    }
    assert_eq!(c.heals("stdout-noise"), 1, "{:?}", c.heal_log());
    let (code, stderr) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
    assert!(stderr.contains("Server v1.0 starting up..."), "{stderr}");

    let mut c = bridge_stdio("noisy", &fixture_cmd(&["--garbage", "among"]), &[]);
    c.initialize();
    for id in 2..5 {
        assert!(c.call(id, "tool0", json!({})).get("result").is_some());
    }
    assert!(c
        .raw
        .lock()
        .unwrap()
        .iter()
        .all(|l| !l.starts_with("debug:")));
}

#[test]
fn a_server_that_keeps_crashing_makes_the_bridge_give_up_with_a_clear_error() {
    let start = Instant::now();
    let mut c = bridge_stdio(
        "crashy",
        &fixture_cmd(&["--exit-after", "0.2"]),
        &["--max-restarts", "3"],
    );
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}));
    let _ = c.reply(1, Duration::from_secs(10));
    c.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "sleep", "arguments": {}}}));
    let r = c.reply(2, Duration::from_secs(20));
    assert!(r.get("error").is_some(), "{r}");
    // The bridge exits by itself with 1.
    let end = Instant::now() + Duration::from_secs(20);
    let code = loop {
        if let Some(st) = c.child.try_wait().unwrap() {
            break st.code();
        }
        assert!(Instant::now() < end, "the bridge never gave up");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(code, Some(1));
    assert!(start.elapsed() < Duration::from_secs(20));
    std::thread::sleep(Duration::from_millis(100));
    let stderr = c.stderr.lock().unwrap().clone();
    assert!(stderr.contains("gave up"), "{stderr}");
    assert!(stderr.contains("exited with code 1"), "{stderr}");
    let heals = c.heal_log();
    assert_eq!(
        heals.iter().filter(|h| h["event"] == "gave-up").count(),
        1,
        "{heals:?}"
    );
    assert_eq!(
        heals.iter().filter(|h| h["event"] == "restarted").count(),
        3,
        "{heals:?}"
    );
}

#[test]
fn a_command_that_does_not_exist_fails_at_once() {
    let mut c = bridge_stdio("none", &["/nonexistent/server-binary".to_string()], &[]);
    let (code, stderr) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 1);
    assert!(stderr.contains("cannot start"), "{stderr}");
}

#[test]
fn stdin_close_and_signals_end_the_whole_server_tree() {
    let dir = tempfile::tempdir().unwrap();
    let pids = dir.path().join("pids");
    let p = pids.display().to_string();
    let mut c = bridge_stdio(
        "tree",
        &fixture_cmd(&["--spawn-child", "--pidfile", &p]),
        &[],
    );
    c.initialize();
    let started = read_pids(&pids);
    assert_eq!(started.len(), 2, "server and its child");
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
    assert!(all_gone(&started), "stdin close ends the tree");

    std::fs::remove_file(&pids).unwrap();
    let mut c = bridge_stdio(
        "tree",
        &fixture_cmd(&["--spawn-child", "--pidfile", &p, "--ignore-eof"]),
        &[],
    );
    c.initialize();
    let started = read_pids(&pids);
    let _ = Command::new("kill")
        .args(["-TERM", &c.child.id().to_string()])
        .status();
    let end = Instant::now() + Duration::from_secs(10);
    while c.child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < end, "SIGTERM ends the bridge");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(all_gone(&started), "SIGTERM ends the tree");
}

// ------------------------------------------------------------------------------------ remote

/// The fixture over Streamable HTTP on a fixed port (so it can be restarted there).
fn http_fixture_on(port: u16, args: &[&str]) -> Server {
    let mut cmd = Command::new(python());
    cmd.arg(fixture())
        .args(["--http", &port.to_string()])
        .args(args);
    Server::start(cmd, Duration::from_secs(10)).expect("the HTTP fixture starts")
}

#[test]
fn a_streamable_http_server_restarted_mid_session_is_followed_without_the_client() {
    let port = free_port();
    let srv = http_fixture_on(port, &["--tools", "1"]);
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut c = Client::start(&["--name", "remote", &url], &[]);
    c.initialize();
    let first = Client::pid_of(&c.call(2, "tool0", json!({})));
    drop(srv);
    let srv = http_fixture_on(port, &["--tools", "1"]);
    let r = c.call(3, "tool0", json!({}));
    assert_ne!(Client::pid_of(&r), first, "the new server answered: {r}");
    assert_eq!(c.heals("session-renewed"), 1, "{:?}", c.heal_log());
    assert!(c.call(4, "tool0", json!({})).get("result").is_some());
    assert_eq!(
        c.heals("session-renewed"),
        1,
        "one new session serves the next calls"
    );
    drop(srv);
}

#[test]
fn a_server_that_forgets_every_session_gets_an_error_not_a_hang() {
    let srv = http_fixture(&["--forget-session"]);
    let mut c = Client::start(&["--name", "forgetful", &srv.url("/mcp")], &[]);
    c.initialize();
    let r = c.call(2, "tool0", json!({}));
    let msg = r
        .pointer("/error/message")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(
        msg.contains("HTTP 404") && msg.contains("again after a new session"),
        "{r}"
    );
    assert_eq!(c.heals("request-failed"), 1, "{:?}", c.heal_log());
}

#[test]
fn a_401_is_retried_with_the_stored_token_or_names_the_fix() {
    let srv = http_fixture(&["--require-token", "tok-123456"]);
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".claude")).unwrap();
    std::fs::write(
        home.path().join(".claude/.credentials.json"),
        json!({"mcpOAuth": {"guarded|abc": {"serverName": "guarded", "serverUrl": srv.url("/mcp"),
            "accessToken": "tok-123456", "expiresAt": 4102444800000u64}}})
        .to_string(),
    )
    .unwrap();
    let mut c = Client::start_in(home, &["--name", "guarded", &srv.url("/mcp")], &[]);
    c.initialize();
    assert!(c.call(2, "tool0", json!({})).get("result").is_some());
    assert_eq!(c.heals("auth-renewed"), 1, "{:?}", c.heal_log());
    let (_, stderr) = c.finish(Duration::from_secs(10));
    assert!(
        !stderr.contains("tok-123456"),
        "the token never reaches output"
    );

    let mut c = Client::start(&["--name", "guarded", &srv.url("/mcp")], &[]);
    c.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}}));
    let r = c.reply(1, Duration::from_secs(10));
    let msg = r
        .pointer("/error/message")
        .and_then(Value::as_str)
        .unwrap_or("");
    assert!(
        msg.contains("HTTP 401") && msg.contains("no stored token"),
        "{r}"
    );
}

#[test]
fn a_401_with_an_expired_stored_token_is_healed_with_its_refresh_token() {
    let srv = http_fixture(&["--auth", "--require-token", "fresh-token-42"]);
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join(".claude")).unwrap();
    std::fs::write(
        home.path().join(".claude/.credentials.json"),
        json!({"mcpOAuth": {"guarded|abc": {"serverName": "guarded", "serverUrl": srv.url("/mcp"),
            "accessToken": "stale", "refreshToken": "refresh-ok", "clientId": "cid",
            "expiresAt": 1000000000000u64}}})
        .to_string(),
    )
    .unwrap();
    let mut c = Client::start_in(home, &["--name", "guarded", &srv.url("/mcp")], &[]);
    c.initialize();
    assert!(c.call(2, "tool0", json!({})).get("result").is_some());
    let log = c.heal_log();
    let renewed: Vec<&Value> = log
        .iter()
        .filter(|h| h["event"] == "auth-renewed")
        .collect();
    assert_eq!(renewed.len(), 1, "{log:?}");
    assert!(
        renewed[0]["message"]
            .as_str()
            .unwrap()
            .contains("refreshed"),
        "{log:?}"
    );
    let (_, stderr) = c.finish(Duration::from_secs(10));
    assert!(
        !stderr.contains("fresh-token-42") && !stderr.contains("refresh-ok"),
        "{stderr}"
    );
}

/// A TCP proxy in front of a loopback server. `Cut::Every`: every connection through it is cut
/// every `period` (a proxy's maximum connection age); `Cut::Idle`: a connection is cut once no
/// byte went through it for `period` (an idle timeout). Counts the cuts of connections that
/// carried an SSE stream (`text/event-stream` in the server's bytes).
struct CuttingProxy {
    port: u16,
    stream_cuts: Arc<AtomicUsize>,
}

#[derive(Clone, Copy, PartialEq)]
enum Cut {
    Every,
    Idle,
}

/// One connection through the proxy: both sockets, whether it carried SSE, and when a byte last
/// went through it (ms since the proxy started).
type Conn = (TcpStream, TcpStream, Arc<AtomicUsize>, Arc<AtomicUsize>);

impl CuttingProxy {
    fn start(upstream: u16, period: Duration, how: Cut) -> CuttingProxy {
        let l = TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = l.local_addr().unwrap().port();
        let conns: Arc<Mutex<Vec<Conn>>> = Arc::new(Mutex::new(Vec::new()));
        let stream_cuts = Arc::new(AtomicUsize::new(0));
        let t0 = Instant::now();
        let c2 = Arc::clone(&conns);
        std::thread::spawn(move || {
            for down in l.incoming().map_while(Result::ok) {
                let Ok(up) = TcpStream::connect(("127.0.0.1", upstream)) else {
                    continue;
                };
                let is_sse = Arc::new(AtomicUsize::new(0));
                let last = Arc::new(AtomicUsize::new(t0.elapsed().as_millis() as usize));
                c2.lock().unwrap().push((
                    down.try_clone().unwrap(),
                    up.try_clone().unwrap(),
                    Arc::clone(&is_sse),
                    Arc::clone(&last),
                ));
                pipe(
                    down.try_clone().unwrap(),
                    up.try_clone().unwrap(),
                    None,
                    Arc::clone(&last),
                    t0,
                );
                pipe(up, down, Some(is_sse), last, t0);
            }
        });
        let c3 = Arc::clone(&conns);
        let cuts = Arc::clone(&stream_cuts);
        std::thread::spawn(move || loop {
            std::thread::sleep(if how == Cut::Every {
                period
            } else {
                Duration::from_millis(20)
            });
            let now = t0.elapsed().as_millis() as usize;
            let mut list = c3.lock().unwrap();
            let mut any = false;
            list.retain(|(d, u, sse, last)| {
                let cut = how == Cut::Every
                    || now.saturating_sub(last.load(Ordering::SeqCst))
                        >= period.as_millis() as usize;
                if cut {
                    any |= sse.load(Ordering::SeqCst) > 0;
                    let _ = d.shutdown(Shutdown::Both);
                    let _ = u.shutdown(Shutdown::Both);
                }
                !cut
            });
            if any {
                cuts.fetch_add(1, Ordering::SeqCst);
            }
        });
        CuttingProxy { port, stream_cuts }
    }
}

fn pipe(
    mut from: TcpStream,
    mut to: TcpStream,
    sse: Option<Arc<AtomicUsize>>,
    last: Arc<AtomicUsize>,
    t0: Instant,
) {
    std::thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            match from.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    last.store(t0.elapsed().as_millis() as usize, Ordering::SeqCst);
                    if let Some(s) = &sse {
                        if String::from_utf8_lossy(&buf[..n]).contains("text/event-stream") {
                            s.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
            }
        }
        let _ = to.shutdown(Shutdown::Both);
        let _ = from.shutdown(Shutdown::Both);
    });
}

#[test]
fn a_legacy_sse_stream_behind_an_idle_timeout_is_kept_busy_with_pings() {
    let srv = http_fixture(&["--legacy-sse"]);
    let proxy = CuttingProxy::start(srv.port, Duration::from_millis(1000), Cut::Idle);
    let url = format!("http://127.0.0.1:{}/sse", proxy.port);
    let mut c = Client::start(&["--name", "idle", &url], &[]);
    c.initialize();
    // Two idle cuts measure the cadence; from then on pings keep the stream busy.
    let end = Instant::now() + Duration::from_secs(10);
    while proxy.stream_cuts.load(Ordering::SeqCst) < 2 {
        assert!(
            Instant::now() < end,
            "the idle timeout never cut the stream"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(4000));
    let cuts = proxy.stream_cuts.load(Ordering::SeqCst);
    assert!(
        cuts <= 3,
        "pings should have stopped the idle cuts: {cuts} cuts"
    );
    assert!(c.call(2, "tool0", json!({})).get("result").is_some());
    let log = c.heal_log();
    assert!(
        log.iter().any(|h| h["message"]
            .as_str()
            .unwrap_or("")
            .contains("pings the server")),
        "{log:?}"
    );
    // The pings' replies were the bridge's own: the client saw none.
    assert!(
        c.notes.iter().all(|n| n.get("id").is_none()),
        "{:?}",
        c.notes
    );
}

#[test]
fn a_legacy_sse_stream_cut_twenty_times_in_a_row_keeps_the_session() {
    let srv = http_fixture(&["--legacy-sse"]);
    let proxy = CuttingProxy::start(srv.port, Duration::from_millis(900), Cut::Every);
    let url = format!("http://127.0.0.1:{}/sse", proxy.port);
    let mut c = Client::start(&["--name", "cut", &url], &[]);
    c.initialize();
    let mut id = 2;
    while proxy.stream_cuts.load(Ordering::SeqCst) < 20 {
        let seen = proxy.stream_cuts.load(Ordering::SeqCst);
        // Right after a cut: the call must go through the reconnected session.
        let end = Instant::now() + Duration::from_secs(5);
        while proxy.stream_cuts.load(Ordering::SeqCst) == seen {
            assert!(Instant::now() < end, "the proxy stopped cutting");
            std::thread::sleep(Duration::from_millis(10));
        }
        let cut = Instant::now();
        std::thread::sleep(Duration::from_millis(150));
        let r = c.call(id, "tool0", json!({}));
        assert!(
            r.get("result").is_some(),
            "call {id} after cut {}: {r}",
            seen + 1
        );
        id += 1;
        // Each reconnect is prompt, however many came before (a backoff that grows with the
        // cuts would fail here within a few): a bound per cut, not on the whole run, so that a
        // loaded machine (the proxy's 0.9 s cuts come later there) does not fail it.
        assert!(
            cut.elapsed() < Duration::from_secs(10),
            "call {id} answered {:?} after cut {}",
            cut.elapsed(),
            seen + 1
        );
    }
    assert!(
        c.heals("stream-reconnected") >= 20,
        "{:?}",
        c.heal_log().len()
    );
}

#[test]
fn a_streamable_http_stream_cut_at_a_steady_interval_is_reopened_before_the_cut() {
    let srv = http_fixture(&["--sse-cut", "1"]);
    let mut c = Client::start(&["--name", "steady", &srv.url("/mcp")], &[]);
    c.initialize();
    std::thread::sleep(Duration::from_millis(5500));
    // Two cuts measured the interval; from then on the bridge reopens at 80 % of it.
    let n = c.heals("stream-reconnected");
    assert!(
        (2..=3).contains(&n),
        "expected the cuts to stop after the cadence was known: {n}"
    );
    assert!(c.call(2, "tool0", json!({})).get("result").is_some());
    let log = c.heal_log();
    assert!(
        log.iter().any(|h| h["message"]
            .as_str()
            .unwrap_or("")
            .contains("reopened before")),
        "{log:?}"
    );
}

// -------------------------------------------------------------------------- real servers

/// The pid of server-everything's process behind the bridge (its only node child).
fn children_of(pid: u32) -> Vec<u32> {
    let out = Command::new("pgrep")
        .args(["-P", &pid.to_string()])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    out.lines().filter_map(|l| l.trim().parse().ok()).collect()
}

#[test]
fn server_everything_over_stdio_killed_mid_session() {
    let Some((node, js)) = everything() else {
        return;
    };
    let cmd = vec![
        node.display().to_string(),
        js.display().to_string(),
        "stdio".into(),
    ];
    let mut c = bridge_stdio("everything", &cmd, &[]);
    c.initialize();
    let r = c.call(2, "echo", json!({"message": "before"}));
    assert_eq!(
        r.pointer("/result/content/0/text").and_then(Value::as_str),
        Some("Echo: before"),
        "{r}"
    );
    let kids = children_of(c.child.id());
    assert_eq!(kids.len(), 1, "{kids:?}");
    kill(kids[0]);
    // server-everything sends list_changed notifications of its own: wait for the bridge's heal
    // and the new process's start instead.
    let end = Instant::now() + Duration::from_secs(20);
    while c.heals("restarted") == 0 {
        assert!(Instant::now() < end, "no restart");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_secs(2));
    let r = c.call(3, "echo", json!({"message": "after"}));
    assert_eq!(
        r.pointer("/result/content/0/text").and_then(Value::as_str),
        Some("Echo: after"),
        "{r}"
    );
    assert_ne!(children_of(c.child.id()), kids);
    assert_eq!(c.heals("restarted"), 1);
}

#[test]
fn server_everything_over_streamable_http_restarted_mid_session() {
    let Some((node, js)) = everything() else {
        return;
    };
    let port = free_port();
    let start = || {
        let mut cmd = Command::new(&node);
        cmd.arg("--require")
            .arg(repo().join("tests/servers/loopback.cjs"))
            .arg(&js)
            .arg("streamableHttp")
            .env("PORT", port.to_string());
        Server::start(cmd, Duration::from_secs(20)).expect("server-everything starts")
    };
    let srv = start();
    let mut c = Client::start(
        &[
            "--name",
            "everything-http",
            &format!("http://127.0.0.1:{port}/mcp"),
        ],
        &[],
    );
    c.initialize();
    let r = c.call(2, "echo", json!({"message": "one"}));
    assert_eq!(
        r.pointer("/result/content/0/text").and_then(Value::as_str),
        Some("Echo: one"),
        "{r}"
    );
    drop(srv);
    let srv = start();
    let r = c.call(3, "echo", json!({"message": "two"}));
    assert_eq!(
        r.pointer("/result/content/0/text").and_then(Value::as_str),
        Some("Echo: two"),
        "{r}"
    );
    assert_eq!(c.heals("session-renewed"), 1, "{:?}", c.heal_log());
    drop(srv);
}

#[test]
fn server_everything_over_legacy_sse_behind_a_cutting_proxy() {
    let Some((node, js)) = everything() else {
        return;
    };
    let mut cmd = Command::new(&node);
    cmd.arg("--require")
        .arg(repo().join("tests/servers/loopback.cjs"))
        .arg(&js)
        .arg("sse")
        .env("PORT", "0");
    let srv = Server::start(cmd, Duration::from_secs(20)).expect("server-everything starts");
    let proxy = CuttingProxy::start(srv.port, Duration::from_millis(1500), Cut::Every);
    let url = format!("http://127.0.0.1:{}/sse", proxy.port);
    let mut c = Client::start(&["--name", "everything-sse", &url], &[]);
    c.initialize();
    let mut id = 2;
    while proxy.stream_cuts.load(Ordering::SeqCst) < 5 {
        let seen = proxy.stream_cuts.load(Ordering::SeqCst);
        let end = Instant::now() + Duration::from_secs(5);
        while proxy.stream_cuts.load(Ordering::SeqCst) == seen {
            assert!(Instant::now() < end, "the proxy stopped cutting");
            std::thread::sleep(Duration::from_millis(10));
        }
        std::thread::sleep(Duration::from_millis(300));
        let r = c.call(
            id,
            "echo",
            json!({"message": format!("after cut {}", seen + 1)}),
        );
        assert_eq!(
            r.pointer("/result/content/0/text").and_then(Value::as_str),
            Some(format!("Echo: after cut {}", seen + 1).as_str()),
            "{r}"
        );
        id += 1;
    }
    assert!(c.heals("stream-reconnected") >= 5, "{:?}", c.heal_log());
}

// ------------------------------------------------------------------------ fix --bridge

const DESKTOP: &str = ".config/Claude/claude_desktop_config.json";
const CURSOR: &str = ".cursor/mcp.json";
const CODEX: &str = ".codex/config.toml";

fn bridge_home() -> homes::Home {
    let h = homes::empty_home();
    let fixture_args =
        serde_json::to_string(&vec!["-S".to_string(), fixture().display().to_string()]).unwrap();
    let files = [
        (
            DESKTOP,
            format!(
                "{{\r\n  \"mcpServers\": {{\r\n    \"fx\": {{\r\n      \"command\": {},\r\n      \"args\": {fixture_args}\r\n    }},\r\n    \"bare\": {{\"command\": \"/usr/bin/env\"}},\r\n    \"empty\": {{\"command\": \"not-installed-anywhere\", \"args\": [ ]}}\r\n  }}\r\n}}\r\n",
                serde_json::to_string(&python().display().to_string()).unwrap()
            ),
        ),
        (
            CURSOR,
            "{\n  // remote\n  \"mcpServers\": {\n    \"remote\": {\n      \"type\": \"http\",\n      \"url\": \"https://mcp.example.com/mcp\", // the server\n      \"headers\": {\"X-Team\": \"${env:TEAM}\"}\n    },\n    \"shell\": {\n      \"command\": \"/bin/sh\" // a comment after the last member\n    }\n  }\n}\n".to_string(),
        ),
        (
            CODEX,
            "[mcp_servers.git]\ncommand = 'uvx'\nargs = [\"mcp-server-git\"]\n\n[mcp_servers.plain]\ncommand = \"/bin/sh\"\n".to_string(),
        ),
    ];
    for (f, text) in files {
        let p = h.path().join(f);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    h
}

fn read_all(h: &homes::Home) -> Vec<Vec<u8>> {
    [DESKTOP, CURSOR, CODEX]
        .iter()
        .map(|f| std::fs::read(h.path().join(f)).unwrap())
        .collect()
}

#[test]
fn fix_bridge_then_unbridge_gives_back_every_file_byte_for_byte() {
    let h = bridge_home();
    let before = read_all(&h);
    let names = ["fx", "bare", "empty", "remote", "shell", "git", "plain"];
    let mut args = vec!["fix", "--bridge"];
    args.extend(names);
    args.push("--yes");
    let o = homes::doctor(h.path(), &args).run();
    assert!(o.code == 0 || o.code == 1, "{}{}", o.stdout, o.stderr);
    let after = read_all(&h);
    for (a, b) in after.iter().zip(&before) {
        assert_ne!(a, b, "every file was edited");
    }
    let desktop: Value = serde_json::from_slice(&after[0]).unwrap();
    let fx = &desktop["mcpServers"]["fx"];
    assert_eq!(fx["command"], env!("CARGO_BIN_EXE_mcp-doctor"));
    assert_eq!(fx["args"][0], "bridge");
    let text = String::from_utf8_lossy(&after[0]);
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "CRLF kept"
    );
    assert!(text.contains(r#"["bridge","--name","fx","--","#), "{text}");
    let cursor = String::from_utf8_lossy(&after[1]);
    assert!(
        cursor.contains("// the server") && cursor.contains("\"type\": \"stdio\""),
        "{cursor}"
    );

    // The checks look at the server behind the bridge.
    let j = homes::doctor(h.path(), &["check", "--json", "--no-platform"])
        .env("MCP_DOCTOR_NO_RUNTIMES", "1")
        .run()
        .json();
    assert!(
        homes::rules_of(&j, "empty").contains(&"command-not-found".to_string()),
        "{:?}",
        homes::rules_of(&j, "empty")
    );
    let servers = j["servers"].as_array().unwrap();
    let remote = servers.iter().find(|s| s["name"] == "remote").unwrap();
    assert_eq!(remote["transport"], "http");
    assert_eq!(remote["url"], "https://mcp.example.com/mcp");
    let git = servers.iter().find(|s| s["name"] == "git").unwrap();
    assert_eq!(git["command"], "uvx");
    assert_eq!(git["bridged"], true);

    // The bridged entry runs as the client would run it.
    let cmd = fx["command"].as_str().unwrap().to_string();
    let argv: Vec<String> = fx["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect();
    let mut c = Client::start(
        &argv[1..].iter().map(String::as_str).collect::<Vec<_>>(),
        &[],
    );
    assert_eq!(cmd, env!("CARGO_BIN_EXE_mcp-doctor"));
    c.initialize();
    assert!(c.call(2, "tool0", json!({})).get("result").is_some());
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);

    // A second --bridge changes nothing and says why.
    let o = homes::doctor(h.path(), &["fix", "--bridge", "fx", "--yes"]).run();
    assert!(
        o.stdout.contains("already runs through mcp-doctor bridge"),
        "{}",
        o.stdout
    );

    let mut args = vec!["fix", "--unbridge"];
    args.extend(names);
    args.push("--yes");
    let o = homes::doctor(h.path(), &args).run();
    assert!(o.code == 0 || o.code == 1, "{}{}", o.stdout, o.stderr);
    let back = read_all(&h);
    for ((b, a), f) in back.iter().zip(&before).zip([DESKTOP, CURSOR, CODEX]) {
        assert_eq!(
            String::from_utf8_lossy(b),
            String::from_utf8_lossy(a),
            "{f}"
        );
        assert_eq!(b, a, "{f} byte for byte");
    }
}

#[test]
fn fix_bridge_of_an_unknown_name_is_a_usage_error() {
    let h = bridge_home();
    let o = homes::doctor(h.path(), &["fix", "--bridge", "nope", "--yes"]).run();
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("--bridge nope: no configured server"),
        "{}",
        o.stderr
    );
    assert_eq!(o.stderr.lines().count(), 1);
}

#[test]
fn a_bridged_entry_whose_doctor_binary_is_gone_is_reported() {
    let h = homes::empty_home();
    let cfg = h.path().join(DESKTOP);
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(
        &cfg,
        r#"{"mcpServers": {"gone": {"command": "/nonexistent/bin/mcp-doctor", "args": ["bridge", "--name", "gone", "--", "/bin/sh"]}}}"#,
    )
    .unwrap();
    let j = homes::doctor(h.path(), &["check", "--json", "--no-platform"])
        .env("MCP_DOCTOR_NO_RUNTIMES", "1")
        .run()
        .json();
    let f = homes::with_rule(&j, "command-missing");
    assert_eq!(f.len(), 1, "{}", j["findings"]);
    let msg = f[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("mcp-doctor bridge") && msg.contains("fix --bridge gone"),
        "{msg}"
    );
    // The server behind it is fine (/bin/sh exists): no other problem for it.
    assert_eq!(
        homes::rules_of(&j, "gone"),
        vec!["command-missing".to_string()]
    );
}

// A symlink on a `:`-separated PATH: Unix only.
#[cfg(unix)]
#[test]
fn fix_bridge_names_the_doctor_by_its_link_on_the_path() {
    // A `bin/mcp-doctor` link on the PATH to this very binary (as Homebrew installs it) is what
    // the entry names, so that an upgrade moving the real file does not break it.
    let h = bridge_home();
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_mcp-doctor"), bin.join("mcp-doctor")).unwrap();
    let o = homes::doctor(h.path(), &["fix", "--bridge", "plain", "--yes"])
        .env("PATH", &format!("{}:/usr/bin:/bin", bin.display()))
        .run();
    assert!(o.code == 0 || o.code == 1, "{}{}", o.stdout, o.stderr);
    let text = std::fs::read_to_string(h.path().join(CODEX)).unwrap();
    assert!(
        text.contains(&format!(
            "command = \"{}\"",
            bin.join("mcp-doctor").display()
        )),
        "{text}"
    );
}

// ---- hostile remote servers ----

/// A loopback HTTP server answering every request with `respond(stream, request head, body)`.
fn serve_raw(respond: impl Fn(&mut TcpStream, &str, &[u8]) + Send + Sync + 'static) -> u16 {
    let l = TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = l.local_addr().unwrap().port();
    let respond = Arc::new(respond);
    std::thread::spawn(move || {
        for s in l.incoming().map_while(Result::ok) {
            let respond = Arc::clone(&respond);
            std::thread::spawn(move || {
                let mut s = s;
                let mut r = BufReader::new(s.try_clone().unwrap());
                let (mut head, mut len) = (String::new(), 0usize);
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                    head.push_str(&line);
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; len];
                let _ = r.read_exact(&mut body);
                respond(&mut s, &head, &body);
            });
        }
    });
    port
}

/// Another origin that records every request head it gets.
fn recording_origin() -> (u16, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let got = Arc::clone(&seen);
    let port = serve_raw(move |s, head, _| {
        got.lock().unwrap().push(head.to_string());
        let _ = s.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n");
    });
    (port, seen)
}

const CANARY_HEADERS: [&str; 4] = [
    "--header",
    "X-API-Key: CNRY-bridge-key-5e6f",
    "--header",
    "Authorization: Bearer CNRY-bridge-bearer-7a8b",
];

fn assert_no_canary(heads: &[String]) {
    for h in heads {
        assert!(
            !h.contains("CNRY"),
            "configured headers sent to another origin:\n{h}"
        );
    }
}

#[test]
fn a_legacy_endpoint_on_another_origin_is_refused_at_once() {
    let (other, seen) = recording_origin();
    let port = serve_raw(move |s, _, _| {
        let _ = s.write_all(
            format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\nevent: endpoint\ndata: http://127.0.0.1:{other}/messages\n\n").as_bytes(),
        );
        std::thread::sleep(Duration::from_secs(5));
    });
    let url = format!("http://127.0.0.1:{port}/sse");
    let mut args = vec!["--transport", "sse"];
    args.extend(CANARY_HEADERS);
    args.push(&url);
    let mut c = Client::start(&args, &[]);
    c.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2024-11-05", "capabilities": {},
        "clientInfo": {"name": "bridge-test", "version": "1"}}}),
    );
    let r = c.reply(1, Duration::from_secs(10));
    let msg = r.pointer("/error/message").and_then(Value::as_str);
    assert!(
        msg.is_some_and(|m| m.contains("another origin")),
        "not a clear error: {r}"
    );
    assert!(
        seen.lock().unwrap().is_empty(),
        "posted to the other origin"
    );
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
}

#[test]
fn redirects_to_another_origin_carry_no_configured_headers() {
    // POSTs answered 302 and GETs answered 307, both to another origin: the bridge may follow
    // them, but the API key and token stay with the origin they were configured for.
    let (other, seen) = recording_origin();
    let port = serve_raw(move |s, head, _| {
        let code = if head.starts_with("POST") { 302 } else { 307 };
        let _ = s.write_all(
            format!("HTTP/1.1 {code} Found\r\nlocation: http://127.0.0.1:{other}/elsewhere\r\ncontent-length: 0\r\n\r\n").as_bytes(),
        );
    });
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut args = CANARY_HEADERS.to_vec();
    args.push(&url);
    let mut c = Client::start(&args, &[]);
    c.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-03-26", "capabilities": {},
        "clientInfo": {"name": "bridge-test", "version": "1"}}}),
    );
    // The stream cannot be opened (the other origin answers 404): an error, well before the
    // 30 s a request waits for a reconnecting stream.
    let t = Instant::now();
    let r = c.reply(1, Duration::from_secs(20));
    assert!(r.get("error").is_some(), "{r}");
    assert!(
        t.elapsed() < Duration::from_secs(15),
        "took {:?}",
        t.elapsed()
    );
    let heads = seen.lock().unwrap().clone();
    assert!(!heads.is_empty(), "the redirects were not followed");
    assert_no_canary(&heads);
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
}

// ---- hostile stdio servers ----

/// A stdio server that answers `initialize`, a batch with a batch, `big` with a reply of 11 MiB
/// on one line (longer than any read cap), `echo` with the size of what it got, and `close-stdin`
/// by closing its stdin and running on; anything else with its pid.
const ODD_SERVER: &str = r#"
import sys, json, os, time
out = sys.stdout.buffer
def send(o):
    out.write(json.dumps(o).encode() + b"\n"); out.flush()
for line in sys.stdin.buffer:
    m = json.loads(line)
    if isinstance(m, list):
        send([{"jsonrpc": "2.0", "id": x["id"], "result": {"n": i}} for i, x in enumerate(m)])
        continue
    if "id" not in m or "method" not in m:
        continue
    i, meth = m["id"], m["method"]
    if meth == "initialize":
        send({"jsonrpc": "2.0", "id": i, "result": {"protocolVersion": "2025-03-26",
              "capabilities": {"tools": {}}, "serverInfo": {"name": "odd", "version": "1"}}})
    elif meth == "big":
        out.write(b'{"result":{"x":"' + b"a" * (11 << 20) + b'"},"jsonrpc":"2.0","id":' + json.dumps(i).encode() + b"}\n")
        out.flush()
    elif meth == "echo":
        send({"jsonrpc": "2.0", "id": i, "result": {"len": len(m["params"]["x"])}})
    elif meth == "close-stdin":
        send({"jsonrpc": "2.0", "id": i, "result": {}})
        os.close(0)
        time.sleep(60)
    else:
        send({"jsonrpc": "2.0", "id": i, "result": {"pid": os.getpid()}})
"#;

fn odd_bridge() -> Client {
    let home = tempfile::tempdir().unwrap();
    let script = home.path().join("odd.py");
    std::fs::write(&script, ODD_SERVER).unwrap();
    let py = python().display().to_string();
    let s = script.display().to_string();
    let mut c = Client::start_in(home, &["--name", "odd", "--", &py, "-S", &s], &[]);
    c.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-03-26", "capabilities": {},
        "clientInfo": {"name": "bridge-test", "version": "1"}}}),
    );
    assert!(c.reply(1, Duration::from_secs(20)).get("result").is_some());
    c.send(json!({"jsonrpc": "2.0", "method": "notifications/initialized"}));
    c
}

#[test]
fn messages_longer_than_the_read_cap_are_relayed_whole_both_ways() {
    // An 11 MiB tool result (a screenshot, a file) used to be cut and moved to stderr as noise:
    // the client waited for its reply forever. A 12 MiB request (ids last, as the TypeScript
    // SDK orders them) used to reach the server as pieces of broken JSON.
    let mut c = odd_bridge();
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "big"}));
    let r = c.reply(2, Duration::from_secs(30));
    let x = r.pointer("/result/x").and_then(Value::as_str).unwrap_or("");
    assert_eq!(x.len(), 11 << 20, "the long reply was not relayed whole");
    let big = "b".repeat(12 << 20);
    c.send(json!({"method": "echo", "params": {"x": big}, "jsonrpc": "2.0", "id": 3}));
    let r = c.reply(3, Duration::from_secs(30));
    assert_eq!(r.pointer("/result/len"), Some(&json!(12 << 20)), "{r}");
    c.send(json!({"jsonrpc": "2.0", "id": 4, "method": "ping"}));
    assert!(c.reply(4, Duration::from_secs(10)).get("result").is_some());
    let (code, err) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("aaaaaaaa"), "the reply went to stderr too");
}

#[test]
fn a_batch_reply_reaches_the_client() {
    // JSON-RPC 2.0 batches (MCP 2025-03-26): the reply is an array, not noise.
    let mut c = odd_bridge();
    c.send(json!([
        {"jsonrpc": "2.0", "id": 5, "method": "ping"},
        {"jsonrpc": "2.0", "id": 6, "method": "ping"}
    ]));
    let v =
        c.rx.recv_timeout(Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("no batch reply; stderr:\n{}", c.stderr.lock().unwrap()));
    let ids: Vec<&Value> = v
        .as_array()
        .map(|a| a.iter().map(|m| &m["id"]).collect())
        .unwrap_or_default();
    assert_eq!(ids, [&json!(5), &json!(6)], "{v}");
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
}

#[test]
fn a_server_that_stops_reading_its_stdin_is_restarted() {
    // It runs on, so no exit says it is gone: the requests it can no longer read used to wait
    // for ever.
    let mut c = odd_bridge();
    c.send(json!({"jsonrpc": "2.0", "id": 2, "method": "who"}));
    let first = c.reply(2, Duration::from_secs(10));
    c.send(json!({"jsonrpc": "2.0", "id": 3, "method": "close-stdin"}));
    c.reply(3, Duration::from_secs(10));
    std::thread::sleep(Duration::from_millis(200));
    c.send(json!({"jsonrpc": "2.0", "id": 4, "method": "who"}));
    let again = c.reply(4, Duration::from_secs(15));
    assert!(again.get("result").is_some(), "{again}");
    assert_ne!(
        first["result"]["pid"], again["result"]["pid"],
        "not restarted"
    );
    assert_eq!(c.heals("restarted"), 1, "{:?}", c.heal_log());
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
}

/// A Streamable HTTP server that answers `initialize` and, after `hold`, every other request
/// with its id; `busy` counts the requests it holds at once (the most in `most`).
fn holding_server(hold: Duration) -> (u16, Arc<AtomicUsize>) {
    let most = Arc::new(AtomicUsize::new(0));
    let busy = Arc::new(AtomicUsize::new(0));
    let m2 = Arc::clone(&most);
    let port = serve_raw(move |s, head, body| {
        if !head.starts_with("POST") {
            let _ = s.write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n");
            return;
        }
        let m: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let reply = match m["method"].as_str() {
            _ if m.get("id").is_none() => {
                let _ = s.write_all(b"HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n");
                return;
            }
            Some("initialize") => json!({"jsonrpc": "2.0", "id": m["id"], "result": {
                "protocolVersion": "2025-03-26", "capabilities": {},
                "serverInfo": {"name": "held", "version": "1"}}}),
            _ => {
                let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                m2.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(hold);
                busy.fetch_sub(1, Ordering::SeqCst);
                json!({"jsonrpc": "2.0", "id": m["id"], "result": {}})
            }
        }
        .to_string();
        let _ = s.write_all(
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nmcp-session-id: s1\r\ncontent-length: {}\r\n\r\n{reply}", reply.len()).as_bytes(),
        );
    });
    (port, most)
}

#[test]
fn a_batch_to_a_remote_server_gets_every_reply() {
    // A JSON-RPC batch (MCP 2025-03-26) used to be dropped: the client waited for ever.
    let (port, _) = holding_server(Duration::ZERO);
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut c = Client::start(&[url.as_str()], &[]);
    c.initialize();
    c.send(json!([
        {"jsonrpc": "2.0", "id": 5, "method": "ping"},
        {"jsonrpc": "2.0", "method": "notifications/progress", "params": {}},
        {"jsonrpc": "2.0", "id": 6, "method": "ping"}
    ]));
    assert!(c.reply(5, Duration::from_secs(10)).get("result").is_some());
    assert!(c.reply(6, Duration::from_secs(10)).get("result").is_some());
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
}

#[test]
fn many_requests_to_a_slow_remote_server_hold_a_bounded_number_of_connections() {
    // One thread and one connection per request (about 300 KiB each): 3,000 requests to a slow
    // server took 937 MB. They are sent a few dozen at a time; every one is answered.
    let (port, most) = holding_server(Duration::from_millis(300));
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut c = Client::start(&[url.as_str()], &[]);
    c.initialize();
    for id in 10..210u64 {
        c.send(json!({"jsonrpc": "2.0", "id": id, "method": "tools/call", "params": {}}));
    }
    // Replies come in any order.
    let mut left: std::collections::HashSet<u64> = (10..210).collect();
    let end = Instant::now() + Duration::from_secs(30);
    while !left.is_empty() {
        let v =
            c.rx.recv_timeout(end.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|_| panic!("no replies to {} requests", left.len()));
        assert!(v.get("result").is_some(), "{v}");
        left.remove(&v["id"].as_u64().unwrap_or(0));
    }
    let at_once = most.load(Ordering::SeqCst);
    assert!(at_once <= 40, "{at_once} requests were held open at once");
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
}

#[test]
fn a_request_too_long_for_a_remote_server_gets_an_error_not_a_hang() {
    let (port, _) = holding_server(Duration::ZERO);
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut c = Client::start(&[url.as_str()], &[]);
    c.initialize();
    let big = "b".repeat(11 << 20);
    // Key orders of the TypeScript SDK (id last) and of the Python one (id first).
    c.send(json!({"method": "tools/call", "params": {"x": big}, "jsonrpc": "2.0", "id": 7}));
    let r = c.reply(7, Duration::from_secs(20));
    assert!(r.pointer("/error/message").is_some(), "{r}");
    let line =
        format!(r#"{{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{{"x":"{big}"}}}}"#);
    let s = c.stdin.as_mut().unwrap();
    writeln!(s, "{line}").unwrap();
    s.flush().unwrap();
    let r = c.reply(8, Duration::from_secs(20));
    assert!(r.pointer("/error/message").is_some(), "{r}");
    c.send(json!({"jsonrpc": "2.0", "id": 9, "method": "ping"}));
    assert!(c.reply(9, Duration::from_secs(10)).get("result").is_some());
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
}

#[test]
fn a_token_on_the_command_line_stays_out_of_the_heal_log() {
    // `env GITHUB_TOKEN=… COMMAND`, as some configs start a server: the heal log's `server`
    // was named after the assignment, token and all.
    let token = "ghp_CNRYbridgeheal0123456789abcdefghijk";
    let mut server = vec!["env".to_string(), format!("GITHUB_TOKEN={token}")];
    server.extend(fixture_cmd(&["--crash"]));
    let mut c = Client::start(
        &[
            &["--max-restarts", "1", "--"][..],
            &server.iter().map(String::as_str).collect::<Vec<_>>(),
        ]
        .concat(),
        &[],
    );
    let t = Instant::now();
    while c.heals("gave-up") == 0 && t.elapsed() < Duration::from_secs(15) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let log = std::fs::read_to_string(c.home.path().join("heal.jsonl")).unwrap_or_default();
    assert!(c.heals("gave-up") == 1, "{log}");
    assert!(!log.contains("CNRY"), "{log}");
    assert!(log.contains(r#""server":"fixture_server.py""#), "{log}");
    let _ = c.finish(Duration::from_secs(10));
}

#[test]
fn a_stream_that_ends_as_soon_as_it_opens_is_not_reopened_in_a_tight_loop() {
    // GET answered with an empty 200 event stream: reopened at once, it was tens of thousands of
    // reconnects (and heal lines, and stderr lines in the client's log) in a few seconds.
    let gets = Arc::new(AtomicUsize::new(0));
    let g2 = Arc::clone(&gets);
    let port = serve_raw(move |s, head, body| {
        if head.starts_with("GET") {
            g2.fetch_add(1, Ordering::SeqCst);
            let _ = s.write_all(
                b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncontent-length: 0\r\n\r\n",
            );
            return;
        }
        let m: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        if m.get("id").is_none() {
            let _ = s.write_all(b"HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n");
            return;
        }
        let reply = json!({"jsonrpc": "2.0", "id": m["id"], "result": {
            "protocolVersion": "2025-03-26", "capabilities": {},
            "serverInfo": {"name": "empty-stream", "version": "1"}}})
        .to_string();
        let _ = s.write_all(
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nmcp-session-id: s1\r\ncontent-length: {}\r\n\r\n{reply}", reply.len()).as_bytes(),
        );
    });
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut c = Client::start(&[url.as_str()], &[]);
    c.initialize();
    std::thread::sleep(Duration::from_secs(3));
    let n = gets.load(Ordering::SeqCst);
    assert!(n < 20, "the stream was reopened {n} times in 3 s");
    assert!(c.heals("stream-reconnected") < 20);
    let (code, _) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
}

#[test]
fn a_signal_ends_the_remote_bridge_with_the_session_and_exit_0() {
    // As the client's leaving does; it used to die of the signal, the session left open.
    let methods = Arc::new(Mutex::new(Vec::<String>::new()));
    let m2 = Arc::clone(&methods);
    let port = serve_raw(move |s, head, body| {
        m2.lock()
            .unwrap()
            .push(head.split(' ').next().unwrap_or("").to_string());
        let m: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        if !head.starts_with("POST") || m.get("id").is_none() {
            let code = if head.starts_with("GET") {
                "405 No"
            } else {
                "202 Accepted"
            };
            let _ = s.write_all(format!("HTTP/1.1 {code}\r\ncontent-length: 0\r\n\r\n").as_bytes());
            return;
        }
        let reply = json!({"jsonrpc": "2.0", "id": m["id"], "result": {
            "protocolVersion": "2025-03-26", "capabilities": {},
            "serverInfo": {"name": "s", "version": "1"}}})
        .to_string();
        let _ = s.write_all(
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nmcp-session-id: s1\r\ncontent-length: {}\r\n\r\n{reply}", reply.len()).as_bytes(),
        );
    });
    let url = format!("http://127.0.0.1:{port}/mcp");
    let mut c = Client::start(&[url.as_str()], &[]);
    c.initialize();
    std::thread::sleep(Duration::from_millis(300));
    let _ = Command::new("kill")
        .args(["-TERM", &c.child.id().to_string()])
        .status();
    let end = Instant::now() + Duration::from_secs(10);
    let st = loop {
        if let Some(st) = c.child.try_wait().unwrap() {
            break st;
        }
        assert!(
            Instant::now() < end,
            "the bridge did not exit after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(st.code(), Some(0), "{st:?}");
    assert!(
        methods.lock().unwrap().iter().any(|m| m == "DELETE"),
        "the session was not ended: {:?}",
        methods.lock().unwrap()
    );
}

#[test]
fn a_fifo_at_the_heal_log_path_does_not_stop_the_relay() {
    // open() of a FIFO with no reader waits for one: the bridge stopped relaying at its first
    // heal, and SIGTERM (which only sets a flag) could not end it.
    let home = tempfile::tempdir().unwrap();
    let fifo = home.path().join("heal.jsonl");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let server = fixture_cmd(&["--garbage", "before"]);
    let mut args = vec!["--"];
    args.extend(server.iter().map(String::as_str));
    let mut c = Client::start_in(home, &args, &[]);
    c.initialize();
    let r = c.call(2, "tool0", json!({}));
    assert!(r.get("result").is_some(), "{r}");
    let (code, err) = c.finish(Duration::from_secs(10));
    assert_eq!(code, 0);
    assert!(err.contains("not a regular file"), "{err}");
}
