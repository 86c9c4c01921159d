//! `mcp-doctor bridge URL`: stdio on the client's side, Streamable HTTP or the legacy HTTP+SSE
//! transport on the server's, chosen at the client's `initialize` as the probe chooses (POST
//! first; a 400/404/405 falls back to `GET` + `endpoint`).
//!
//! Heals:
//! - HTTP 404 (or a 400 naming the session) to a request with `Mcp-Session-Id`: the spec says
//!   "start a new session with a fresh InitializeRequest"; the bridge replays the client's own
//!   `initialize` under its own id (the reply is consumed), sends `notifications/initialized`,
//!   and retries the request once; a second failure is a JSON-RPC error, never a hang.
//! - The server's SSE stream (Streamable HTTP `GET`) ends: reopened with `Last-Event-ID` when
//!   the server gave event ids; a 404 there renews the session. Once two cuts come at a steady
//!   interval, the stream is reopened before that interval ends, so an idle cut never lands.
//! - Legacy SSE stream cut: the session lived on that stream, so the bridge opens a new one,
//!   replays the handshake, answers the requests whose replies were lost with an error, and holds
//!   new requests until the new session is ready.
//! - HTTP 401: a stored, unexpired token for this server (Claude Code's or Gemini CLI's store,
//!   matched by name or URL) is sent as `Authorization: Bearer`, once; otherwise a JSON-RPC error
//!   that names the step that re-authorises.
//!
//! One thread reads the client; each request is sent on a thread of its own (a slow tool call
//! does not hold a ping), at most 32 at once (more wait in turn); one thread holds the server's
//! stream. A JSON-RPC batch is sent as its messages, one by one.
use super::heal::{Event, HealLog};
use super::{
    batch, edge_id, error_reply, install_signals, replay_of, BridgeError, ClientOut, Peek, STOP,
};
use crate::probe::http::{self, Item, ACCEPT_BOTH};
use crate::probe::lines::{self, Line, MAX_STDOUT_LINE};
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use std::sync::mpsc::{sync_channel, SyncSender};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// A request (POST and its reply) may take this long (a long tool call).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);
/// A request waits this long for a reconnecting session.
const READY_TIMEOUT: Duration = Duration::from_secs(30);
/// The handshake replay and the stream's opening may take this long.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(20);
/// Requests sent at once, at most; and requests waiting for a sender, at most.
const SENDERS: usize = 32;
/// A stream that ends sooner than this after it opened has not really been open.
const QUICK_END: Duration = Duration::from_millis(200);
const QUEUED: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Unknown,
    Http,
    Sse,
}

#[derive(Default)]
struct Conn {
    /// The client's `initialize` (raw) and whether it sent `notifications/initialized`.
    init: Option<Vec<u8>>,
    initialized: bool,
    /// Streamable HTTP: the session and the negotiated version.
    session: Option<String>,
    version: Option<String>,
    /// Bumped at every new session, so concurrent requests renew it only once.
    gen: u64,
    /// Legacy SSE: where to POST, once the stream said so and the handshake (if any) is done.
    endpoint: Option<String>,
    ready: bool,
    /// Legacy SSE: requests posted whose replies are awaited on the stream: id key → id.
    in_flight: HashMap<String, Value>,
    /// Replies the bridge itself waits for (its replayed initialize): id key → where to.
    waiters: HashMap<String, SyncSender<Value>>,
    stream_started: bool,
    /// Legacy SSE: why the bridge stopped reopening the stream (requests then fail at once).
    failed: Option<String>,
}

struct Shared {
    url: String,
    name: String,
    agent: ureq::Agent,
    headers: Mutex<Vec<(String, String)>>,
    out: ClientOut,
    log: HealLog,
    machine: crate::machine::Machine,
    mode: Mutex<Mode>,
    conn: Mutex<Conn>,
    cv: Condvar,
    /// Whether a stored token was tried already (a 401 is healed at most once).
    token_tried: Mutex<bool>,
    work: Mutex<Work>,
}

fn key(id: &Value) -> String {
    id.to_string()
}

pub fn run(
    m: &crate::machine::Machine,
    url: &str,
    headers: Vec<(String, String)>,
    transport: Option<&str>,
    name: &str,
    log: HealLog,
) -> Result<u8, BridgeError> {
    // As the configs spell the transport (`fix --bridge` passes the entry's `type`).
    let first = match transport.map(str::to_ascii_lowercase).as_deref() {
        None | Some("http" | "streamable-http" | "streamablehttp" | "streamable_http") => {
            Mode::Http
        }
        Some("sse") => Mode::Sse,
        Some(_) => {
            let t = transport.unwrap_or_default();
            return Err(BridgeError::Usage(format!(
                "--transport {t}: expected http or sse"
            )));
        }
    };
    let sh = Arc::new(Shared {
        url: url.to_string(),
        name: name.to_string(),
        agent: http::agent(REQUEST_TIMEOUT, url),
        headers: Mutex::new(headers),
        out: ClientOut::new(),
        log,
        machine: m.clone(),
        mode: Mutex::new(Mode::Unknown),
        conn: Mutex::new(Conn::default()),
        cv: Condvar::new(),
        token_tried: Mutex::new(false),
        work: Mutex::new(Work::default()),
    });
    super::lean_malloc();
    // SIGTERM, SIGINT and SIGHUP end the bridge as the client's leaving does: the session is
    // ended and the exit code is 0 (it was the signal's own status, the session left open).
    install_signals();
    {
        let sh = Arc::clone(&sh);
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(100));
            if STOP.load(std::sync::atomic::Ordering::SeqCst) {
                end_session(&sh);
                std::process::exit(0);
            }
        });
    }
    let (tx, rx) = sync_channel::<Line>(16);
    std::thread::spawn(move || lines::pump(std::io::stdin(), MAX_STDOUT_LINE, tx));
    // Inside a line longer than the read cap: the id its first piece showed, and whether that
    // piece names a method (a request, not a response).
    let mut long: Option<(Option<Value>, bool)> = None;
    for l in rx {
        if l.cut || long.is_some() {
            let (id, request) = long.take().unwrap_or_else(|| {
                let edge = &l.bytes[..l.bytes.len().min(256)];
                let request = String::from_utf8_lossy(edge).contains("\"method\"");
                (edge_id(&l.bytes, true).map(|(id, _)| id), request)
            });
            if l.cut {
                long = Some((id, request));
                continue;
            }
            let id = id.or_else(|| edge_id(&l.bytes, false).map(|(id, _)| id));
            if let (Some(id), true) = (id, request) {
                sh.out.send(error_reply(&id, &format!("the request is longer than {} MiB, more than the bridge relays to a remote server", MAX_STDOUT_LINE >> 20)).as_bytes());
            }
            continue;
        }
        match Peek::of(&l.bytes) {
            Some(p) => handle(&sh, l.bytes, p, first)?,
            None => {
                // A JSON-RPC batch (MCP 2025-03-26): its messages are sent one by one (each
                // reply comes back on its own, matched by its id).
                let all: Vec<Value> = serde_json::from_slice(&l.bytes).unwrap_or_default();
                for (p, v) in batch(&l.bytes).into_iter().zip(all) {
                    handle(&sh, v.to_string().into_bytes(), p, first)?;
                }
            }
        }
    }
    end_session(&sh);
    Ok(0)
}

/// The client is gone (or a signal came): end the session, as the spec asks of a client that
/// leaves.
fn end_session(sh: &Shared) {
    let hdrs = sh
        .conn
        .lock()
        .map(|c| session_headers(&c))
        .unwrap_or_default();
    if hdrs.iter().any(|(k, _)| *k == "Mcp-Session-Id") {
        let headers = sh.headers.lock().map(|h| h.clone()).unwrap_or_default();
        let extra: Vec<(&str, &str)> = hdrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let _ = http::send_following(
            &sh.agent,
            "DELETE",
            &sh.url,
            &sh.url,
            &headers,
            &extra,
            None,
            Duration::from_secs(2),
        )
        .map(|r| http::body_text(r.into_body()));
    }
}

/// One message of the client.
fn handle(sh: &Arc<Shared>, bytes: Vec<u8>, p: Peek, first: Mode) -> Result<(), BridgeError> {
    let mode = *sh.mode.lock().map_err(|_| poisoned())?;
    if p.is_request() && p.method.as_deref() == Some("initialize") {
        // The transport is chosen here, on the caller's thread: nothing else can be sent
        // before the handshake anyway.
        initialize(sh, bytes, p.id.unwrap_or(Value::Null), first, mode);
        return Ok(());
    }
    if p.is_request() {
        dispatch(sh, bytes, p.id.unwrap_or(Value::Null), mode);
    } else {
        let initialized = p.method.as_deref() == Some("notifications/initialized");
        if initialized {
            if let Ok(mut c) = sh.conn.lock() {
                c.initialized = true;
            }
        }
        post_quietly(sh, &bytes, mode);
        if initialized && mode == Mode::Http {
            start_http_stream(sh);
        }
    }
    Ok(())
}

/// A request waiting for a free sender.
type Job = (Vec<u8>, Value, Mode);

/// The requests being sent and those waiting for a sender.
#[derive(Default)]
struct Work {
    running: usize,
    queue: VecDeque<Job>,
}

/// Sends a request on a thread of its own (a slow tool call does not hold a ping), at most
/// [`SENDERS`] at once: each holds a connection and its buffers (about 300 KiB), so 3,000
/// requests to a slow server took 3,000 threads and 937 MB. Beyond that requests wait in turn,
/// and beyond [`QUEUED`] waiting they are answered with an error.
fn dispatch(sh: &Arc<Shared>, line: Vec<u8>, id: Value, mode: Mode) {
    let Ok(mut w) = sh.work.lock() else { return };
    if w.running >= SENDERS {
        if w.queue.len() < QUEUED {
            w.queue.push_back((line, id, mode));
        } else {
            drop(w);
            sh.out.send(
                error_reply(
                    &id,
                    "too many requests are waiting for the remote server; send it again",
                )
                .as_bytes(),
            );
        }
        return;
    }
    w.running += 1;
    drop(w);
    let sh2 = Arc::clone(sh);
    let spawned = std::thread::Builder::new().spawn(move || {
        let mut job = (line, id, mode);
        loop {
            request(&sh2, &job.0, job.1, job.2);
            let Ok(mut w) = sh2.work.lock() else { return };
            match w.queue.pop_front() {
                Some(next) => job = next,
                None => {
                    w.running -= 1;
                    return;
                }
            }
        }
    });
    if spawned.is_err() {
        if let Ok(mut w) = sh.work.lock() {
            w.running -= 1;
        }
    }
}

fn poisoned() -> BridgeError {
    BridgeError::Usage("bridge: internal state lost".into())
}

/// What one POST got back.
struct Posted {
    status: u16,
    session: Option<String>,
    content_type: String,
    body: ureq::Body,
}

fn post(sh: &Shared, url: &str, body: &[u8], extra: &[(&str, &str)]) -> Result<Posted, String> {
    let headers = sh.headers.lock().map(|h| h.clone()).unwrap_or_default();
    let mut extra = extra.to_vec();
    extra.push(("Accept", ACCEPT_BOTH));
    // Redirects are followed by hand: the configured headers go to the configured origin only.
    let send = || {
        http::send_following(
            &sh.agent,
            "POST",
            url,
            &sh.url,
            &headers,
            &extra,
            Some(body),
            REQUEST_TIMEOUT,
        )
    };
    // A pooled connection a proxy closed fails before the request reached the server: retry once.
    let resp = match send() {
        Ok(r) => r,
        Err(ureq::Error::Io(_)) | Err(ureq::Error::ConnectionFailed) => send().map_err(describe)?,
        Err(e) => return Err(describe(e)),
    };
    let h = |n: &str| http::header(&resp, n);
    Ok(Posted {
        status: resp.status().as_u16(),
        session: h("mcp-session-id"),
        content_type: h("content-type").unwrap_or_default().to_ascii_lowercase(),
        body: resp.into_body(),
    })
}

fn describe(e: ureq::Error) -> String {
    crate::redact::text(&e.to_string())
}

/// Session headers of Streamable HTTP.
fn session_headers(c: &Conn) -> Vec<(&'static str, String)> {
    let mut h = Vec::new();
    if let Some(s) = &c.session {
        h.push(("Mcp-Session-Id", s.clone()));
    }
    if let Some(v) = &c.version {
        h.push(("MCP-Protocol-Version", v.clone()));
    }
    h
}

/// Reads a POST reply: every message is forwarded to the client, except the reply to `own` (the
/// bridge's own request), which is returned. `None` when the reply to `want` never came.
fn read_reply(sh: &Shared, p: Posted, want: &Value, own: bool) -> Option<Value> {
    let mut found = None;
    let wanted = key(want);
    let mut handle = |data: &str| -> bool {
        let Some(peek) = Peek::of(data.as_bytes()) else {
            return true;
        };
        let is_it = peek.is_response() && peek.id.as_ref().map(key).as_deref() == Some(&wanted);
        if is_it && own {
            found = serde_json::from_str(data).ok();
            return false;
        }
        sh.out.send(data.as_bytes());
        if is_it {
            found = Some(Value::Null);
            return false;
        }
        true
    };
    if p.content_type.starts_with("text/event-stream") {
        http::read_sse(p.body.into_reader(), |item| match item {
            Item::Event(e) if !e.data.trim().is_empty() => handle(&e.data),
            Item::Event(_) | Item::Comment => true,
            Item::Closed | Item::Error(_) => false,
        });
    } else {
        let text = http::body_text(p.body);
        if !text.trim().is_empty() {
            handle(text.trim());
        }
    }
    found
}

/// The client's `initialize`: choose the transport and open the session.
fn initialize(sh: &Arc<Shared>, line: Vec<u8>, id: Value, first: Mode, mode: Mode) {
    if let Ok(mut c) = sh.conn.lock() {
        c.init = Some(line.clone());
        c.initialized = false;
        c.session = None;
    }
    let try_http = mode == Mode::Http || (mode == Mode::Unknown && first == Mode::Http);
    if try_http {
        match post(sh, &sh.url, &line, &[]) {
            Ok(p) if (200..300).contains(&p.status) => {
                set_mode(sh, Mode::Http);
                if let Ok(mut c) = sh.conn.lock() {
                    c.session = p.session.clone();
                    c.gen += 1;
                }
                let before = Instant::now();
                let reply = read_reply(sh, p, &id, true);
                match reply {
                    Some(v) => {
                        if let Ok(mut c) = sh.conn.lock() {
                            c.version = v
                                .pointer("/result/protocolVersion")
                                .and_then(Value::as_str)
                                .map(str::to_string);
                        }
                        sh.out.send(v.to_string().as_bytes());
                    }
                    None => {
                        let _ = before;
                        sh.out.send(
                            error_reply(
                                &id,
                                "the server's reply to initialize ended without a response",
                            )
                            .as_bytes(),
                        );
                    }
                }
                return;
            }
            Ok(p) if matches!(p.status, 400 | 404 | 405) && mode == Mode::Unknown => {
                let _ = http::body_text(p.body);
                // Not Streamable HTTP: the legacy transport, as the spec's compatibility rule says.
            }
            Ok(p) if p.status == 401 || p.status == 403 => {
                let _ = http::body_text(p.body);
                if heal_auth(sh) {
                    return initialize(sh, line, id, first, mode);
                }
                sh.out
                    .send(error_reply(&id, &auth_message(sh, p.status)).as_bytes());
                return;
            }
            Ok(p) => {
                let status = p.status;
                let text = http::body_text(p.body);
                sh.out.send(
                    error_reply(
                        &id,
                        &format!(
                            "initialize got HTTP {status}: {}",
                            crate::redact::text_cut(text.trim(), 200)
                        ),
                    )
                    .as_bytes(),
                );
                return;
            }
            Err(e) if mode == Mode::Unknown && first == Mode::Sse => {
                let _ = e;
            }
            Err(e) => {
                sh.out
                    .send(error_reply(&id, &format!("initialize: {e}")).as_bytes());
                return;
            }
        }
    }
    // Legacy HTTP+SSE: open the stream, then send the client's initialize on it.
    set_mode(sh, Mode::Sse);
    let started = sh.conn.lock().map(|c| c.stream_started).unwrap_or(true);
    if !started {
        if let Ok(mut c) = sh.conn.lock() {
            c.stream_started = true;
        }
        let sh2 = Arc::clone(sh);
        std::thread::spawn(move || legacy_stream(&sh2));
    }
    request(sh, &line, id, Mode::Sse);
}

fn set_mode(sh: &Shared, m: Mode) {
    if let Ok(mut g) = sh.mode.lock() {
        *g = m;
    }
}

/// One client request, on its own thread.
fn request(sh: &Arc<Shared>, line: &[u8], id: Value, mode: Mode) {
    let mode = if mode == Mode::Unknown {
        sh.mode.lock().map(|m| *m).unwrap_or(Mode::Unknown)
    } else {
        mode
    };
    match mode {
        Mode::Sse => legacy_request(sh, line, id),
        _ => http_request(sh, line, id, true),
    }
}

fn http_request(sh: &Arc<Shared>, line: &[u8], id: Value, may_retry: bool) {
    let (hdrs, gen) = match sh.conn.lock() {
        Ok(c) => (session_headers(&c), c.gen),
        Err(_) => return,
    };
    let extra: Vec<(&str, &str)> = hdrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    match post(sh, &sh.url, line, &extra) {
        Ok(p) if (200..300).contains(&p.status) => {
            if read_reply(sh, p, &id, false).is_none() {
                sh.out.send(
                    error_reply(&id, "the server's reply stream ended without the response")
                        .as_bytes(),
                );
            }
        }
        Ok(p) if p.status == 401 || p.status == 403 => {
            let _ = http::body_text(p.body);
            if may_retry && heal_auth(sh) {
                return http_request(sh, line, id, false);
            }
            sh.out
                .send(error_reply(&id, &auth_message(sh, p.status)).as_bytes());
        }
        Ok(p) => {
            let status = p.status;
            let text = http::body_text(p.body);
            let had_session = !hdrs.is_empty();
            if had_session && http::session_gone(status, &text) && may_retry {
                match renew(sh, gen, &format!("HTTP {status}")) {
                    Ok(()) => return http_request(sh, line, id, false),
                    Err(e) => {
                        sh.out.send(error_reply(&id, &e).as_bytes());
                        return;
                    }
                }
            }
            let msg = format!(
                "HTTP {status} from the server{}: {}",
                if had_session && !may_retry {
                    " again after a new session"
                } else {
                    ""
                },
                crate::redact::text_cut(text.trim(), 200)
            );
            if !may_retry {
                sh.log
                    .record(Event::RequestFailed, "answered with an error", &msg);
            }
            sh.out.send(error_reply(&id, &msg).as_bytes());
        }
        Err(e) => {
            sh.out.send(error_reply(&id, &e).as_bytes());
        }
    }
}

/// Streamable HTTP: the server forgot session generation `gen`; open a new one (once, however
/// many requests noticed).
fn renew(sh: &Arc<Shared>, gen: u64, why: &str) -> Result<(), String> {
    let Ok(mut c) = sh.conn.lock() else {
        return Err("internal state lost".into());
    };
    if c.gen != gen {
        return Ok(());
    }
    let Some(init) = c.init.clone() else {
        return Err("the server forgot the session before the client initialised".into());
    };
    let rid = format!("mcp-doctor-bridge-renew-{}", c.gen + 1);
    let body = replay_of(&init, &rid).ok_or("the client's initialize cannot be replayed")?;
    let p = post(sh, &sh.url, body.as_bytes(), &[])?;
    if !(200..300).contains(&p.status) {
        let s = p.status;
        let _ = http::body_text(p.body);
        let msg = format!("the server forgot the session ({why}) and refused a new one (HTTP {s})");
        sh.log
            .record(Event::RequestFailed, "answered with an error", &msg);
        return Err(msg);
    }
    let session = p.session.clone();
    let reply = read_reply(sh, p, &Value::String(rid), true)
        .ok_or("the server did not answer the replayed initialize")?;
    c.session = session;
    c.version = reply
        .pointer("/result/protocolVersion")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or(c.version.take());
    c.gen += 1;
    if c.initialized {
        let hdrs = session_headers(&c);
        let extra: Vec<(&str, &str)> = hdrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        if let Ok(p) = post(
            sh,
            &sh.url,
            br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            &extra,
        ) {
            let _ = http::body_text(p.body);
        }
    }
    drop(c);
    sh.log.record(
        Event::SessionRenewed,
        "new session",
        &format!("the remote server forgot the session ({why}); opened a new session by replaying the client's initialize, and retried the request"),
    );
    Ok(())
}

/// Notifications and responses: sent, their answer (202) read and dropped.
fn post_quietly(sh: &Arc<Shared>, line: &[u8], mode: Mode) {
    if mode == Mode::Sse {
        if let Ok(ep) = wait_ready(sh) {
            if let Ok(p) = post(sh, &ep, line, &[]) {
                let _ = http::body_text(p.body);
            }
        }
        return;
    }
    let hdrs = match sh.conn.lock() {
        Ok(c) => session_headers(&c),
        Err(_) => return,
    };
    let extra: Vec<(&str, &str)> = hdrs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    if let Ok(p) = post(sh, &sh.url, line, &extra) {
        let _ = http::body_text(p.body);
    }
}

/// Streamable HTTP: holds the server's `GET` stream (once per bridge), forwarding what it sends.
fn start_http_stream(sh: &Arc<Shared>) {
    {
        let Ok(mut c) = sh.conn.lock() else { return };
        if c.stream_started {
            return;
        }
        c.stream_started = true;
    }
    let sh = Arc::clone(sh);
    std::thread::spawn(move || {
        let mut last_id: Option<String> = None;
        let mut cuts: Vec<Duration> = Vec::new();
        let mut failures = 0u32;
        let mut quick = 0u32;
        loop {
            let (hdrs, gen) = match sh.conn.lock() {
                Ok(c) => (session_headers(&c), c.gen),
                Err(_) => return,
            };
            // Once the cuts come at a steady interval, reopen before it ends.
            let planned = steady(&cuts).map(|d| d.mul_f64(0.8));
            let mut extra: Vec<(&str, &str)> = vec![("Accept", "text/event-stream")];
            extra.extend(hdrs.iter().map(|(k, v)| (*k, v.as_str())));
            if let Some(id) = &last_id {
                extra.push(("Last-Event-ID", id.as_str()));
            }
            let opened = Instant::now();
            let resp = match open_stream(&sh, &extra, planned.unwrap_or(STREAM_HOLD)) {
                Ok(r) => r,
                Err(_) => {
                    failures += 1;
                    if failures > 5 {
                        return;
                    }
                    std::thread::sleep(Duration::from_millis(200 * u64::from(failures)));
                    continue;
                }
            };
            let status = resp.status().as_u16();
            if status == 404 {
                let _ = resp.into_body().read_to_string();
                if renew(&sh, gen, "HTTP 404 on the stream").is_err() {
                    return;
                }
                continue;
            }
            if status != 200 {
                // 405: the server offers no stream; anything else: nothing to hold.
                return;
            }
            failures = 0;
            let mut planned_end = false;
            http::read_sse(resp.into_body().into_reader(), |item| match item {
                Item::Event(e) => {
                    if e.id.is_some() {
                        last_id.clone_from(&e.id);
                    }
                    if !e.data.trim().is_empty() {
                        sh.out.send(e.data.as_bytes());
                    }
                    true
                }
                Item::Comment => true,
                Item::Closed => false,
                Item::Error(_) => {
                    planned_end =
                        planned.is_some_and(|p| opened.elapsed() + Duration::from_millis(50) >= p);
                    false
                }
            });
            if planned_end {
                continue;
            }
            let lasted = opened.elapsed();
            pause_after(lasted, &mut quick);
            cuts.push(lasted);
            if cuts.len() > 5 {
                cuts.remove(0);
            }
            let resume = if last_id.is_some() {
                "reopened it with Last-Event-ID"
            } else {
                "reopened it"
            };
            let ahead = match steady(&cuts) {
                Some(d) => format!(
                    "; the cuts come every {:.1} s, so it is now reopened before that",
                    d.as_secs_f64()
                ),
                None => String::new(),
            };
            sh.log.record(
                Event::StreamReconnected,
                "reconnected",
                &format!(
                    "the server's SSE stream was cut after {:.1} s; {resume}{ahead}",
                    lasted.as_secs_f64()
                ),
            );
        }
    });
}

/// A stream that ends as soon as it opens (a server answering `GET` with an empty 200) is
/// reopened after a pause that doubles with each such end in a row (100 ms to 30 s): reopened at
/// once, it was 26,829 reconnects and heal lines in 5 s, rotating the shared heal log every few
/// seconds and filling the client's log through stderr. A stream that lasted resets it (an idle
/// cut, however often, is reopened at once).
fn pause_after(lasted: Duration, quick: &mut u32) {
    if lasted >= QUICK_END {
        *quick = 0;
        return;
    }
    *quick += 1;
    let pause = Duration::from_millis(100)
        .saturating_mul(1 << (*quick - 1).min(9))
        .min(Duration::from_secs(30));
    std::thread::sleep(pause);
}

/// The interval of the cuts, when the last ones came at a steady one (within 25%).
fn steady(cuts: &[Duration]) -> Option<Duration> {
    if cuts.len() < 2 {
        return None;
    }
    let last = &cuts[cuts.len().saturating_sub(3)..];
    let min = last.iter().min()?;
    let max = last.iter().max()?;
    (max.as_secs_f64() <= min.as_secs_f64() * 1.25 && *min >= Duration::from_millis(500))
        .then_some(*min)
}

/// Legacy SSE: waits until the stream gave an endpoint and the handshake replay is done; the
/// error says why not.
fn wait_ready(sh: &Shared) -> Result<String, String> {
    const LATE: &str = "the server's SSE stream could not be reopened in time";
    let end = Instant::now() + READY_TIMEOUT;
    let mut c = sh.conn.lock().map_err(|_| LATE.to_string())?;
    loop {
        if let Some(why) = &c.failed {
            return Err(why.clone());
        }
        if c.ready {
            return c.endpoint.clone().ok_or_else(|| LATE.to_string());
        }
        let left = end.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(LATE.into());
        }
        c = sh.cv.wait_timeout(c, left).map_err(|_| LATE.to_string())?.0;
    }
}

/// Legacy SSE: the bridge stops reopening the stream; what waits for it fails now, not after
/// [`READY_TIMEOUT`].
fn give_up(sh: &Shared, why: &str) {
    sh.log.record(Event::RequestFailed, "gave up", why);
    let lost: Vec<Value> = match sh.conn.lock() {
        Ok(mut c) => {
            c.failed = Some(why.to_string());
            c.ready = false;
            c.endpoint = None;
            c.in_flight.drain().map(|(_, v)| v).collect()
        }
        Err(_) => Vec::new(),
    };
    sh.cv.notify_all();
    for id in &lost {
        sh.out.send(error_reply(id, why).as_bytes());
    }
}

fn legacy_request(sh: &Arc<Shared>, line: &[u8], id: Value) {
    let ep = match wait_ready(sh) {
        Ok(ep) => ep,
        Err(why) => {
            sh.out.send(error_reply(&id, &why).as_bytes());
            return;
        }
    };
    if let Ok(mut c) = sh.conn.lock() {
        c.in_flight.insert(key(&id), id.clone());
    }
    let fail = |msg: String| {
        let still = sh
            .conn
            .lock()
            .ok()
            .and_then(|mut c| c.in_flight.remove(&key(&id)));
        if still.is_some() {
            sh.out.send(error_reply(&id, &msg).as_bytes());
        }
    };
    match post(sh, &ep, line, &[]) {
        Ok(p) if (200..300).contains(&p.status) => {
            let _ = http::body_text(p.body);
        }
        Ok(p) if p.status == 401 || p.status == 403 => {
            let _ = http::body_text(p.body);
            fail(auth_message(sh, p.status));
        }
        Ok(p) => {
            let s = p.status;
            let t = http::body_text(p.body);
            fail(format!(
                "HTTP {s} from the server: {}",
                crate::redact::text_cut(t.trim(), 200)
            ));
        }
        Err(e) => fail(e),
    }
}

/// How long an open server stream may last before the bridge itself ends it: a day.
const STREAM_HOLD: Duration = Duration::from_secs(24 * 3600);

/// A GET of the server's stream (Streamable HTTP's or legacy SSE's) with the configured headers,
/// redirects followed as [`http::send_following`] does (credentials stay with the origin).
fn open_stream(
    sh: &Shared,
    extra: &[(&str, &str)],
    hold: Duration,
) -> Result<ureq::http::Response<ureq::Body>, ureq::Error> {
    let headers = sh.headers.lock().map(|h| h.clone()).unwrap_or_default();
    http::send_following(
        &sh.agent, "GET", &sh.url, &sh.url, &headers, extra, None, hold,
    )
}

/// Legacy SSE: holds the stream; when it ends, opens a new one and replays the handshake.
fn legacy_stream(sh: &Arc<Shared>) {
    let mut failures = 0u32;
    let mut first = true;
    let mut cuts: Vec<Duration> = Vec::new();
    let mut quick = 0u32;
    loop {
        let opened = Instant::now();
        let resp = match open_stream(sh, &[("Accept", "text/event-stream")], STREAM_HOLD) {
            Ok(r) if r.status().as_u16() == 200 => r,
            other => {
                failures += 1;
                if failures > 10 {
                    let why = match other {
                        Ok(r) => format!("HTTP {}", r.status().as_u16()),
                        Err(e) => describe(e),
                    };
                    give_up(
                        sh,
                        &format!("the server's SSE stream could not be reopened: {why}"),
                    );
                    return;
                }
                std::thread::sleep(Duration::from_millis(100 * u64::from(failures)));
                continue;
            }
        };
        failures = 0;
        let (etx, erx) = sync_channel::<String>(1);
        let reader_sh = Arc::clone(sh);
        let url = sh.url.clone();
        let reader = std::thread::spawn(move || {
            let mut etx = Some(etx);
            http::read_sse(resp.into_body().into_reader(), |item| match item {
                Item::Event(e) if e.event == "endpoint" => {
                    if let Some(tx) = etx.take() {
                        let _ = tx.send(http::join_url(&url, e.data.trim()));
                    }
                    true
                }
                Item::Event(e) if !e.data.trim().is_empty() => {
                    route(&reader_sh, &e.data);
                    true
                }
                Item::Closed | Item::Error(_) => false,
                _ => true,
            });
        });
        let Ok(endpoint) = erx.recv_timeout(HANDSHAKE_TIMEOUT) else {
            let _ = reader.join();
            pause_after(opened.elapsed(), &mut quick);
            continue;
        };
        // As the MCP SDKs do ("Endpoint origin does not match connection origin"): the
        // configured headers would be posted to that other origin.
        if !http::same_origin(&endpoint, &sh.url) {
            give_up(
                sh,
                &format!(
                    "the server's SSE `endpoint` event names another origin ({}) than the stream's; not followed (the configured headers would be sent there), as the MCP SDKs refuse it",
                    crate::redact::text(&http::origin_and_path(&endpoint).0)
                ),
            );
            return;
        }
        let init = sh.conn.lock().ok().and_then(|c| c.init.clone());
        let replay_ok = match (first, init) {
            (false, Some(init)) => replay_legacy(sh, &endpoint, &init, &reader),
            _ => true,
        };
        if let Ok(mut c) = sh.conn.lock() {
            c.endpoint = Some(endpoint);
            c.ready = replay_ok;
        }
        sh.cv.notify_all();
        // Once the cuts come at a steady interval, a ping every third of it keeps traffic on the
        // stream (its reply comes back on it), which is what an idle timeout waits for.
        let pinging = steady(&cuts).filter(|_| replay_ok).map(|d| {
            let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
            let every = (d / 3).max(Duration::from_millis(200));
            let (sh2, stop2) = (Arc::clone(sh), Arc::clone(&stop));
            std::thread::spawn(move || ping_loop(&sh2, every, &stop2));
            (stop, every)
        });
        let _ = reader.join();
        if let Some((stop, _)) = &pinging {
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
        }
        // The stream ended: the session ended with it.
        let lasted = opened.elapsed();
        pause_after(lasted, &mut quick);
        cuts.push(lasted);
        if cuts.len() > 5 {
            cuts.remove(0);
        }
        let lost: Vec<Value> = match sh.conn.lock() {
            Ok(mut c) => {
                c.ready = false;
                c.endpoint = None;
                c.in_flight.drain().map(|(_, v)| v).collect()
            }
            Err(_) => return,
        };
        for id in &lost {
            sh.out.send(
                error_reply(id, "the server's SSE stream was cut before the reply came; the bridge reconnected: send the request again").as_bytes(),
            );
        }
        first = false;
        if let Ok(mut c) = sh.conn.lock() {
            c.waiters
                .retain(|k, _| !k.contains("mcp-doctor-bridge-ping"));
        }
        let mut note = if lost.is_empty() {
            String::new()
        } else {
            format!(
                "; answered {} request(s) in flight with an error",
                lost.len()
            )
        };
        if pinging.is_none() {
            if let Some(d) = steady(&cuts) {
                note.push_str(&format!(
                    "; the cuts come every {:.1} s, so the bridge now pings the server every {:.1} s to keep the stream busy",
                    d.as_secs_f64(),
                    (d / 3).max(Duration::from_millis(200)).as_secs_f64()
                ));
            }
        }
        sh.log.record(
            Event::StreamReconnected,
            "reconnected",
            &format!(
                "the server's SSE stream was cut after {:.1} s; opened a new one and replayed the client's initialize{note}",
                lasted.as_secs_f64()
            ),
        );
    }
}

/// Legacy SSE: a JSON-RPC `ping` every `every` while the session is ready, its reply consumed.
fn ping_loop(sh: &Shared, every: Duration, stop: &std::sync::atomic::AtomicBool) {
    let mut n: u64 = 0;
    loop {
        let until = Instant::now() + every;
        while Instant::now() < until {
            if stop.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let endpoint = match sh.conn.lock() {
            Ok(c) if c.ready => c.endpoint.clone(),
            _ => None,
        };
        let Some(endpoint) = endpoint else { continue };
        n += 1;
        let id = format!("mcp-doctor-bridge-ping-{n}");
        let (tx, _rx) = sync_channel::<Value>(1);
        if let Ok(mut c) = sh.conn.lock() {
            c.waiters.insert(key(&Value::String(id.clone())), tx);
        }
        let body = serde_json::json!({"jsonrpc": "2.0", "id": id, "method": "ping"}).to_string();
        if let Ok(p) = post(sh, &endpoint, body.as_bytes(), &[]) {
            let _ = http::body_text(p.body);
        }
    }
}

/// Legacy SSE: a message from the stream, to the bridge itself or to the client.
fn route(sh: &Shared, data: &str) {
    if let Some(p) = Peek::of(data.as_bytes()) {
        if p.is_response() {
            let k = key(p.id.as_ref().unwrap_or(&Value::Null));
            if let Ok(mut c) = sh.conn.lock() {
                if let Some(tx) = c.waiters.remove(&k) {
                    let _ = tx.send(serde_json::from_str(data).unwrap_or(Value::Null));
                    return;
                }
                c.in_flight.remove(&k);
            }
        }
    }
    sh.out.send(data.as_bytes());
}

/// Replays the client's handshake on a reopened legacy stream; `stream` reads that stream. The
/// reply comes back on the stream: when the stream ends first (a proxy that cuts it again), no
/// reply can come, and the replay has failed at once, not after [`HANDSHAKE_TIMEOUT`].
fn replay_legacy(
    sh: &Shared,
    endpoint: &str,
    init: &[u8],
    stream: &std::thread::JoinHandle<()>,
) -> bool {
    let rid = format!(
        "mcp-doctor-bridge-replay-{}",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or(0)
    );
    let Some(body) = replay_of(init, &rid) else {
        return false;
    };
    let (tx, rx) = sync_channel::<Value>(1);
    let initialized = match sh.conn.lock() {
        Ok(mut c) => {
            c.waiters.insert(key(&Value::String(rid.clone())), tx);
            c.initialized
        }
        Err(_) => return false,
    };
    match post(sh, endpoint, body.as_bytes(), &[]) {
        Ok(p) if (200..300).contains(&p.status) => {
            let _ = http::body_text(p.body);
        }
        _ => return false,
    }
    let asked = Instant::now();
    loop {
        match rx.recv_timeout(Duration::from_millis(50)) {
            Ok(_) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout)
                if !stream.is_finished() && asked.elapsed() < HANDSHAKE_TIMEOUT => {}
            Err(_) => {
                if let Ok(mut c) = sh.conn.lock() {
                    c.waiters.remove(&key(&Value::String(rid)));
                }
                return false;
            }
        }
    }
    if initialized {
        if let Ok(p) = post(
            sh,
            endpoint,
            br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            &[],
        ) {
            let _ = http::body_text(p.body);
        }
    }
    true
}

/// A 401: use a stored token for this server once. `true` when there is one to retry with.
fn heal_auth(sh: &Shared) -> bool {
    let Ok(mut tried) = sh.token_tried.lock() else {
        return false;
    };
    if *tried {
        return false;
    }
    *tried = true;
    let stored = crate::probe::credentials::stored_token(&sh.machine, &sh.name, &sh.url);
    let Some(t) = stored else { return false };
    let (token, how) = if t.usable(std::time::SystemTime::now()) {
        (
            t.access_token.clone(),
            format!(
                "retried with the token stored in {}",
                sh.machine.display(&t.path)
            ),
        )
    } else {
        match refresh(sh, &t) {
            Ok(new) => (
                new,
                format!(
                    "the token stored in {} had expired; refreshed it with its refresh token and retried (the client's own store is left as it is)",
                    sh.machine.display(&t.path)
                ),
            ),
            Err(e) => {
                sh.log.record(
                    Event::AuthFailed,
                    "refresh failed",
                    &format!("the remote server answered 401 and the stored token could not be refreshed: {e}"),
                );
                return false;
            }
        }
    };
    if let Ok(mut h) = sh.headers.lock() {
        h.retain(|(k, _)| !k.eq_ignore_ascii_case("authorization"));
        h.push(("Authorization".into(), format!("Bearer {token}")));
    }
    sh.log.record(
        Event::AuthRenewed,
        "used a stored token",
        &format!("the remote server answered 401; {how}"),
    );
    true
}

/// A `GET` of JSON metadata.
fn get_json(sh: &Shared, url: &str) -> Result<Value, String> {
    let resp = sh
        .agent
        .get(url)
        .config()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .header("Accept", "application/json")
        .call()
        .map_err(describe)?;
    if resp.status().as_u16() != 200 {
        return Err(format!(
            "HTTP {} from {}",
            resp.status().as_u16(),
            crate::redact::text(url)
        ));
    }
    let text = http::body_text(resp.into_body());
    serde_json::from_str(&text).map_err(|_| format!("{} is not JSON", crate::redact::text(url)))
}

/// The token endpoint of this server's authorization server (RFC 9728, then RFC 8414 / OIDC
/// discovery; a 2025-03-26 server is its own authorization server).
fn token_endpoint(sh: &Shared) -> Result<String, String> {
    let (origin, path) = crate::url::origin_and_path(&sh.url);
    let mut issuer = origin.clone();
    for prm in [
        format!("{origin}/.well-known/oauth-protected-resource{path}"),
        format!("{origin}/.well-known/oauth-protected-resource"),
    ] {
        if let Ok(v) = get_json(sh, &prm) {
            if let Some(a) = v
                .pointer("/authorization_servers/0")
                .and_then(Value::as_str)
            {
                issuer = a.trim_end_matches('/').to_string();
            }
            break;
        }
    }
    let (as_origin, as_path) = crate::url::origin_and_path(&issuer);
    let mut last = String::new();
    for meta in [
        format!("{as_origin}/.well-known/oauth-authorization-server{as_path}"),
        format!("{as_origin}/.well-known/openid-configuration{as_path}"),
    ] {
        match get_json(sh, &meta) {
            Ok(v) => {
                if let Some(t) = v.get("token_endpoint").and_then(Value::as_str) {
                    return Ok(t.to_string());
                }
                last = "its metadata has no token_endpoint".into();
            }
            Err(e) => last = e,
        }
    }
    Err(format!("no token endpoint found ({last})"))
}

/// `application/x-www-form-urlencoded` of one value.
fn form(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The OAuth refresh-token grant (RFC 6749 section 6) with the stored refresh token; the new
/// access token is kept in memory only.
fn refresh(sh: &Shared, t: &crate::probe::credentials::StoredToken) -> Result<String, String> {
    let rt = t
        .refresh_token
        .as_deref()
        .ok_or("no refresh token is stored")?;
    let endpoint = token_endpoint(sh)?;
    let mut body = format!(
        "grant_type=refresh_token&refresh_token={}&resource={}",
        form(rt),
        form(&sh.url)
    );
    if let Some(c) = &t.client_id {
        body.push_str(&format!("&client_id={}", form(c)));
    }
    let resp = sh
        .agent
        .post(&endpoint)
        .config()
        .timeout_global(Some(Duration::from_secs(15)))
        .build()
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("Accept", "application/json")
        .send(body.as_bytes())
        .map_err(describe)?;
    let status = resp.status().as_u16();
    let text = http::body_text(resp.into_body());
    if status != 200 {
        return Err(format!(
            "the token endpoint answered HTTP {status}: {}",
            crate::redact::text_cut(text.trim(), 200)
        ));
    }
    serde_json::from_str::<Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("access_token")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .filter(|t| !t.is_empty())
        .ok_or_else(|| "the token endpoint's answer has no access_token".into())
}

fn auth_message(sh: &Shared, status: u16) -> String {
    let stored = crate::probe::credentials::stored_token(&sh.machine, &sh.name, &sh.url);
    let step = match &stored {
        Some(t) => t.step.clone(),
        None => "log in to the server from the client (its OAuth flow), or pass the credentials with --header 'Authorization: Bearer ${TOKEN}'".into(),
    };
    let what = match &stored {
        Some(t) if !t.usable(std::time::SystemTime::now()) => {
            "the stored token has expired and could not be refreshed"
        }
        Some(_) => "the stored token was refused",
        None => "no stored token for this server",
    };
    let msg = format!("the remote server answered HTTP {status} ({what}): {step}");
    sh.log
        .record(Event::AuthFailed, "answered with an error", &msg);
    msg
}
