//! `mcp-doctor bridge -- COMMAND [ARGS…]`: a supervisor between the client and a stdio server.
//!
//! Threads: one reads the client's stdin, one reads the server's stdout and one copies its
//! stderr; the main thread owns the server process and every decision. Messages are relayed as
//! the bytes that came in (one line each); only `jsonrpc`, `id` and `method` are looked at. A
//! line longer than `PIECE` (1 MiB) is written through piece by piece (its id read from its edges); a
//! JSON-RPC batch (an array) is a message too.
//!
//! When the server exits (or runs on but no longer reads its stdin): every request it had not answered gets a JSON-RPC error saying so; the
//! server is started again after a backoff (100 ms doubling to 5 s); the client's `initialize` is
//! replayed under the bridge's own id (its reply is consumed, not forwarded) followed by
//! `notifications/initialized`; what the client sent meanwhile is held and sent after; and the
//! client gets `notifications/{tools,prompts,resources}/list_changed` for what the new server
//! advertises, so it refreshes. More than `max_restarts` exits within 60 s: the bridge answers
//! what is pending with an error naming the failure, logs it and exits 1.
use super::heal::{Event, HealLog};
use super::{
    batch, edge_id, error_reply, install_signals, list_changed, replay_of, ClientOut, Peek, STOP,
};
use crate::probe::lines::{self, Line, MAX_STDERR_LINE};
use crate::probe::process;
use serde_json::Value;
use std::collections::{HashMap, HashSet, VecDeque};
use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long the server gets to exit after its stdin is closed, then after SIGTERM.
const GRACE: Duration = Duration::from_secs(2);
/// The restart window.
const WINDOW: Duration = Duration::from_secs(60);
/// The first backoff, doubled per restart in the window, at most [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(5);
/// Lines are read in pieces of at most this: a longer line is relayed piece by piece, so what
/// waits in the channel between a fast writer and a slow reader is at most 64 pieces.
const PIECE: usize = 1024 * 1024;
/// Client messages held while the server restarts, at most.
const MAX_HELD: usize = 1000;
/// Read buffers (a longer line grows its own buffer): small, the bridge's memory is the point.
const BUF: usize = 8 * 1024;
/// Stacks of the reader threads (they hold a buffer and a line, nothing recursive).
const STACK: usize = 128 * 1024;
/// The server's stderr lines kept for the give-up message.
const TAIL: usize = 5;

/// A reader thread with a small stack.
fn spawn(f: impl FnOnce() + Send + 'static) {
    let _ = std::thread::Builder::new().stack_size(STACK).spawn(f);
}

enum Msg {
    Client(Line),
    ClientEof,
    Server(u64, Line),
    ServerEof(u64),
}

struct Running {
    child: Child,
    stdin: Option<ChildStdin>,
}

struct Supervisor<'a> {
    command: &'a [String],
    tx: SyncSender<Msg>,
    out: ClientOut,
    log: HealLog,
    tail: Arc<Mutex<VecDeque<String>>>,
    server: Option<Running>,
    gen: u64,
    /// The client's `initialize` (raw) and whether it sent `notifications/initialized`.
    init: Option<Vec<u8>>,
    initialized: bool,
    /// Requests sent to the current server and not answered: id key → id.
    in_flight: HashMap<String, Value>,
    /// Requests of the server to the client not yet answered (ids of this server).
    server_pending: HashSet<String>,
    /// Client lines held while the server restarts or replays the handshake.
    held: VecDeque<Line>,
    /// The id of the replayed `initialize` being waited for.
    replay: Option<String>,
    restart_at: Option<Instant>,
    exits: VecDeque<Instant>,
    max_restarts: u32,
    /// Whether stdout noise was logged already (once per bridge; every line goes to stderr).
    noise_logged: bool,
    /// Client messages that arrived while a server was being reaped, handled next.
    deferred: VecDeque<Msg>,
    /// A line longer than the read cap, coming in pieces: from the client, and from the server.
    client_piece: Piece,
    server_piece: Piece,
    /// A write to the server failed while it still ran: it closed its stdin.
    stdin_gone: bool,
}

/// Where the pieces of a line longer than the read cap go.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Piece {
    /// Not inside such a line.
    None,
    /// Written through as they come; the last piece ends the line.
    Relaying,
    /// Dropped until the line ends (its start went elsewhere, or to a server since gone).
    Dropping,
}

fn key(id: &Value) -> String {
    id.to_string()
}

/// Runs the bridge until the client goes away (0) or the server keeps dying (1).
pub fn run(command: &[String], max_restarts: u32, log: HealLog) -> u8 {
    install_signals();
    super::lean_malloc();
    let (tx, rx) = sync_channel::<Msg>(64);
    {
        // The client's stdin, read straight into the main channel (one hop per message).
        let tx = tx.clone();
        spawn(move || {
            let mut br = BufReader::with_capacity(BUF, std::io::stdin());
            while let Ok(Some(l)) = lines::read_line(&mut br, PIECE) {
                if tx.send(Msg::Client(l)).is_err() {
                    return;
                }
            }
            let _ = tx.send(Msg::ClientEof);
        });
    }
    let mut s = Supervisor {
        command,
        tx,
        out: ClientOut::new(),
        log,
        tail: Arc::new(Mutex::new(VecDeque::new())),
        server: None,
        gen: 0,
        init: None,
        initialized: false,
        in_flight: HashMap::new(),
        server_pending: HashSet::new(),
        held: VecDeque::new(),
        replay: None,
        restart_at: None,
        exits: VecDeque::new(),
        max_restarts,
        deferred: VecDeque::new(),
        noise_logged: false,
        client_piece: Piece::None,
        server_piece: Piece::None,
        stdin_gone: false,
    };
    if let Err(e) = s.start() {
        let msg = format!(
            "cannot start `{}`: {e}",
            crate::redact::text(&shell_words::join(command))
        );
        s.log.record(Event::GaveUp, "gave up", &msg);
        return 1;
    }
    s.main_loop(&rx)
}

impl Supervisor<'_> {
    fn main_loop(&mut self, rx: &Receiver<Msg>) -> u8 {
        loop {
            if STOP.load(Ordering::SeqCst) {
                self.stop(rx);
                return 0;
            }
            let wait = match self.restart_at {
                Some(t) => t
                    .saturating_duration_since(Instant::now())
                    .min(Duration::from_millis(200)),
                None => Duration::from_millis(200),
            };
            let next = match self.deferred.pop_front() {
                Some(m) => Ok(m),
                None => rx.recv_timeout(wait),
            };
            match next {
                Ok(Msg::Client(l)) => {
                    // A server that died before this message is down now: the message was
                    // never in flight, and goes to the restarted server.
                    if self.ready() && self.server_exited() {
                        self.deferred.push_front(Msg::Client(l));
                        if let Some(code) = self.server_down(rx, "") {
                            return code;
                        }
                        continue;
                    }
                    self.on_client(l);
                    if std::mem::take(&mut self.stdin_gone) {
                        // It runs but reads nothing: end it and start it again.
                        if let Some(code) = self.server_down(rx, "stopped reading its stdin") {
                            return code;
                        }
                    }
                }
                Ok(Msg::ClientEof) | Err(RecvTimeoutError::Disconnected) => {
                    self.stop(rx);
                    return 0;
                }
                Ok(Msg::Server(g, l)) if g == self.gen => self.on_server(l),
                Ok(Msg::ServerEof(g)) if g == self.gen && self.server.is_some() => {
                    if let Some(code) = self.server_down(rx, "") {
                        return code;
                    }
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {}
            }
            if self.restart_at.is_some_and(|t| Instant::now() >= t) {
                self.restart_at = None;
                if let Err(e) = self.start() {
                    // A start that fails counts as an exit.
                    let how = format!("could not be started again ({e})");
                    if let Some(code) = self.after_exit(&how) {
                        return code;
                    }
                }
            }
        }
    }

    /// Starts a server process (a new generation) and, when the client had initialised, replays
    /// its handshake.
    fn start(&mut self) -> std::io::Result<()> {
        let (program, args) = self
            .command
            .split_first()
            .ok_or_else(|| std::io::Error::other("no command"))?;
        let mut cmd = Command::new(program);
        cmd.args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        process::own_group(&mut cmd);
        #[cfg(target_os = "linux")]
        {
            use std::os::unix::process::CommandExt;
            // SAFETY: prctl is async-signal-safe; the server gets SIGTERM if the bridge dies
            // without cleaning up (SIGKILL), instead of staying orphaned.
            unsafe {
                cmd.pre_exec(|| {
                    libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM);
                    Ok(())
                });
            }
        }
        let mut child = cmd.spawn()?;
        self.gen += 1;
        let gen = self.gen;
        let stdin = child.stdin.take();
        if let Some(stdout) = child.stdout.take() {
            let tx = self.tx.clone();
            spawn(move || {
                let mut br = BufReader::with_capacity(BUF, stdout);
                while let Ok(Some(l)) = lines::read_line(&mut br, PIECE) {
                    if tx.send(Msg::Server(gen, l)).is_err() {
                        return;
                    }
                }
                let _ = tx.send(Msg::ServerEof(gen));
            });
        }
        if let Some(stderr) = child.stderr.take() {
            let tail = Arc::clone(&self.tail);
            spawn(move || {
                let mut br = BufReader::with_capacity(BUF, stderr);
                while let Ok(Some(l)) = lines::read_line(&mut br, MAX_STDERR_LINE) {
                    let mut e = std::io::stderr().lock();
                    let _ = e.write_all(&l.bytes).and_then(|_| e.write_all(b"\n"));
                    if let Ok(mut t) = tail.lock() {
                        if t.len() == TAIL {
                            t.pop_front();
                        }
                        t.push_back(String::from_utf8_lossy(&l.bytes).into_owned());
                    }
                }
            });
        }
        self.server = Some(Running { child, stdin });
        self.server_pending.clear();
        // The rest of a long line half-written to the old server means nothing to this one.
        if self.client_piece == Piece::Relaying {
            self.client_piece = Piece::Dropping;
        }
        self.server_piece = Piece::None;
        match self.init.as_deref().and_then(|i| {
            let id = format!("mcp-doctor-bridge-replay-{gen}");
            replay_of(i, &id).map(|l| (id, l))
        }) {
            Some((id, line)) if gen > 1 => {
                self.replay = Some(key(&Value::String(id)));
                self.send_server(line.as_bytes());
            }
            _ => self.flush_held(),
        }
        Ok(())
    }

    /// Writes one line to the server; `false` when it could not (the server is gone: its end
    /// of stdout follows).
    fn send_server(&mut self, line: &[u8]) -> bool {
        self.write_server(line, true)
    }

    /// Writes bytes to the server, ending the line when `end`.
    fn write_server(&mut self, bytes: &[u8], end: bool) -> bool {
        let Some(stdin) = self.server.as_mut().and_then(|s| s.stdin.as_mut()) else {
            return false;
        };
        stdin
            .write_all(bytes)
            .and_then(|_| if end { stdin.write_all(b"\n") } else { Ok(()) })
            .and_then(|_| stdin.flush())
            .is_ok()
    }

    fn server_exited(&mut self) -> bool {
        self.server
            .as_mut()
            .is_some_and(|s| matches!(s.child.try_wait(), Ok(Some(_))))
    }

    fn ready(&self) -> bool {
        self.server.is_some() && self.replay.is_none()
    }

    fn on_client(&mut self, l: Line) {
        if !self.ready() {
            if self.held.len() < MAX_HELD {
                self.held.push_back(l);
            } else if let Some(p) = Peek::of(&l.bytes).filter(Peek::is_request) {
                let id = p.id.unwrap_or(Value::Null);
                self.out.send(
                    error_reply(
                        &id,
                        "the server is restarting and too many requests are waiting; send it again",
                    )
                    .as_bytes(),
                );
            }
            return;
        }
        if l.cut || self.client_piece != Piece::None {
            self.client_line_piece(l);
            return;
        }
        let peek = Peek::of(&l.bytes);
        if peek.is_none() {
            for p in batch(&l.bytes) {
                if p.is_request() {
                    let id = p.id.unwrap_or(Value::Null);
                    self.in_flight.insert(key(&id), id);
                } else if p.is_response() {
                    self.server_pending
                        .remove(&key(p.id.as_ref().unwrap_or(&Value::Null)));
                }
            }
        }
        if let Some(p) = &peek {
            if p.is_request() {
                let id = p.id.clone().unwrap_or(Value::Null);
                if p.method.as_deref() == Some("initialize") {
                    self.init = Some(l.bytes.clone());
                    self.initialized = false;
                }
                self.in_flight.insert(key(&id), id);
            } else if p.method.as_deref() == Some("notifications/initialized") {
                self.initialized = true;
            } else if p.is_response() {
                let k = key(p.id.as_ref().unwrap_or(&Value::Null));
                if !self.server_pending.remove(&k) {
                    // The answer to a request of a server that has since been restarted.
                    return;
                }
            }
        }
        if !self.send_server(&l.bytes) {
            // Never delivered: it goes to the restarted server instead of failing.
            if let Some(p) = peek.filter(Peek::is_request) {
                self.in_flight
                    .remove(&key(p.id.as_ref().unwrap_or(&Value::Null)));
            }
            for p in batch(&l.bytes).into_iter().filter(Peek::is_request) {
                self.in_flight
                    .remove(&key(p.id.as_ref().unwrap_or(&Value::Null)));
            }
            self.held.push_front(l);
            self.stdin_gone = self.server.is_some() && !self.server_exited();
        }
    }

    /// A piece of a client line longer than the read cap: written through to the server as it
    /// comes (the last piece ends the line), its id kept in flight when its edges show one.
    fn client_line_piece(&mut self, l: Line) {
        let first = self.client_piece == Piece::None;
        if first {
            self.client_piece = Piece::Relaying;
            if let Some((id, true)) = edge_id(&l.bytes, true) {
                self.in_flight.insert(key(&id), id);
            }
        }
        let end = !l.cut;
        if self.client_piece == Piece::Relaying {
            if end {
                if let Some((id, _)) = edge_id(&l.bytes, false) {
                    // A request names its method near its start; a response has none.
                    if !self.server_pending.remove(&key(&id)) {
                        self.in_flight.insert(key(&id), id);
                    }
                }
            }
            if !self.write_server(&l.bytes, end) {
                self.client_piece = Piece::Dropping;
                self.stdin_gone = self.server.is_some() && !self.server_exited();
            }
        }
        if end {
            self.client_piece = Piece::None;
        }
    }

    fn on_server(&mut self, l: Line) {
        if l.cut || self.server_piece != Piece::None {
            self.server_line_piece(l);
            return;
        }
        let peek = Peek::of(&l.bytes);
        if peek.is_none() {
            let b = batch(&l.bytes);
            if !b.is_empty() {
                for p in b {
                    let k = key(p.id.as_ref().unwrap_or(&Value::Null));
                    if p.is_response() {
                        self.in_flight.remove(&k);
                    } else if p.is_request() {
                        self.server_pending.insert(k);
                    }
                }
                self.out.send(&l.bytes);
                return;
            }
        }
        let Some(p) = peek else {
            if l.bytes.iter().all(u8::is_ascii_whitespace) && !l.cut {
                return;
            }
            self.noise(&l);
            return;
        };
        if p.is_response() {
            let k = key(p.id.as_ref().unwrap_or(&Value::Null));
            if self.replay.as_deref() == Some(k.as_str()) {
                self.replayed(&l.bytes);
                return;
            }
            self.in_flight.remove(&k);
        } else if p.is_request() {
            self.server_pending
                .insert(key(p.id.as_ref().unwrap_or(&Value::Null)));
        }
        self.out.send(&l.bytes);
    }

    /// A piece of a server line longer than the read cap. One that starts as JSON is written
    /// through to the client as it comes (a large tool result is still a reply, not a hang);
    /// anything else is noise.
    fn server_line_piece(&mut self, l: Line) {
        if self.server_piece == Piece::None {
            let json = l
                .bytes
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .is_some_and(|b| *b == b'{' || *b == b'[');
            self.server_piece = if json {
                Piece::Relaying
            } else {
                Piece::Dropping
            };
            if json {
                if let Some((id, request)) = edge_id(&l.bytes, true) {
                    self.settle_server_id(id, request);
                }
            } else {
                self.noise(&l);
            }
        }
        let end = !l.cut;
        if self.server_piece == Piece::Relaying {
            if end {
                if let Some((id, _)) = edge_id(&l.bytes, false) {
                    let request = self.server_pending.contains(&key(&id));
                    self.settle_server_id(id, request);
                }
            }
            self.out.send_part(&l.bytes, end);
        }
        if end {
            self.server_piece = Piece::None;
        }
    }

    fn settle_server_id(&mut self, id: Value, request: bool) {
        if request {
            self.server_pending.insert(key(&id));
        } else {
            self.in_flight.remove(&key(&id));
        }
    }

    /// Ends a long server line written only in part (its server is gone), so that what the
    /// bridge writes next is a line of its own.
    fn end_server_piece(&mut self) {
        if self.server_piece == Piece::Relaying {
            self.out.send_part(b"", true);
        }
        self.server_piece = Piece::None;
    }

    /// The reply to the replayed `initialize`: finish the handshake, tell the client to refresh,
    /// and send what it sent meanwhile.
    fn replayed(&mut self, bytes: &[u8]) {
        self.replay = None;
        let v: Value = serde_json::from_slice(bytes).unwrap_or(Value::Null);
        if v.get("error").is_some() {
            self.log.record(
                Event::RequestFailed,
                "none",
                &format!(
                    "the restarted server refused the replayed initialize: {}",
                    crate::redact::text_cut(&v["error"].to_string(), 200)
                ),
            );
        }
        if self.initialized {
            self.send_server(br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#);
        }
        for n in list_changed(&v) {
            self.out.send(n.as_bytes());
        }
        self.flush_held();
    }

    fn flush_held(&mut self) {
        while self.ready() {
            let Some(l) = self.held.pop_front() else {
                break;
            };
            self.on_client(l);
        }
    }

    fn noise(&mut self, l: &Line) {
        let text = String::from_utf8_lossy(&l.bytes[..l.bytes.len().min(64 * 1024)]);
        let shown = crate::redact::text_cut(&text, 200);
        if !self.noise_logged {
            self.noise_logged = true;
            self.log.record(
                Event::StdoutNoise,
                "moved to stderr",
                &format!("the server wrote a line that is not JSON-RPC on stdout (`{shown}`); moved it and any like it to stderr"),
            );
        } else {
            eprintln!("mcp-doctor bridge: (stdout) {shown}");
        }
    }

    /// The server's stdout ended: reap it and decide what next. `Some(code)` to exit.
    fn server_down(&mut self, rx: &Receiver<Msg>, why: &str) -> Option<u8> {
        let mut s = self.server.take()?;
        self.end_server_piece();
        drop(s.stdin.take());
        let mut status = self.wait_exit(&mut s.child, Duration::from_millis(500), rx);
        if status.is_none() {
            process::terminate_tree(&s.child);
            status = self.wait_exit(&mut s.child, GRACE, rx);
        }
        process::kill_tree(&mut s.child);
        if status.is_none() {
            status = self.wait_exit(&mut s.child, GRACE, rx);
        }
        let how = match why {
            "" => describe(status),
            w => format!("{w}; the bridge ended it ({})", describe(status)),
        };
        self.after_exit(&how)
    }

    /// After the server ended (`how`): answer what it lost, then restart it or give up.
    fn after_exit(&mut self, how: &str) -> Option<u8> {
        self.replay = None;
        self.end_server_piece();
        let lost: Vec<Value> = self.in_flight.drain().map(|(_, v)| v).collect();
        let now = Instant::now();
        self.exits.push_back(now);
        while self
            .exits
            .front()
            .is_some_and(|t| now.duration_since(*t) > WINDOW)
        {
            self.exits.pop_front();
        }
        let n = self.exits.len();
        if n > self.max_restarts as usize {
            let tail = self
                .tail
                .lock()
                .map(|t| t.iter().cloned().collect::<Vec<_>>().join(" | "))
                .unwrap_or_default();
            let msg = format!(
                "the server {how}; it ended {n} times within a minute, so the bridge gave up{}",
                if tail.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (its last stderr lines: {})",
                        crate::redact::text_cut(&tail, 400)
                    )
                }
            );
            let mut waiting: Vec<Value> = lost;
            for l in self.held.drain(..) {
                if let Some(p) = Peek::of(&l.bytes).filter(Peek::is_request) {
                    waiting.push(p.id.unwrap_or(Value::Null));
                }
            }
            for id in waiting {
                self.out.send(error_reply(&id, &msg).as_bytes());
            }
            self.log.record(Event::GaveUp, "gave up", &msg);
            return Some(1);
        }
        for id in &lost {
            self.out.send(
                error_reply(
                    id,
                    &format!("the server {how} before answering; the bridge restarted it: send the request again"),
                )
                .as_bytes(),
            );
        }
        let backoff = FIRST_BACKOFF
            .saturating_mul(1 << (n.saturating_sub(1)).min(6))
            .min(MAX_BACKOFF);
        self.restart_at = Some(now + backoff);
        let lost_note = match lost.len() {
            0 => String::new(),
            1 => "; answered the request in flight with an error".into(),
            k => format!("; answered the {k} requests in flight with an error"),
        };
        self.log.record(
            Event::Restarted,
            "restarted",
            &format!(
                "the server {how}; restarted it (exit {n} in the last minute, after {} ms){lost_note}",
                backoff.as_millis()
            ),
        );
        None
    }

    /// Waits up to `dur` for the process to exit. Meanwhile the old server's output is dropped
    /// (so no reader blocks) and the client's messages are kept for the main loop.
    fn wait_exit(
        &mut self,
        child: &mut Child,
        dur: Duration,
        rx: &Receiver<Msg>,
    ) -> Option<ExitStatus> {
        let end = Instant::now() + dur;
        loop {
            if let Ok(Some(st)) = child.try_wait() {
                return Some(st);
            }
            if Instant::now() >= end {
                return None;
            }
            while let Ok(m) = rx.try_recv() {
                if let Msg::Client(_) | Msg::ClientEof = m {
                    self.deferred.push_back(m);
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    /// The client went away or a signal came: end the server's whole process tree.
    fn stop(&mut self, rx: &Receiver<Msg>) {
        let Some(mut s) = self.server.take() else {
            return;
        };
        drop(s.stdin.take());
        let mut status = self.wait_exit(&mut s.child, GRACE, rx);
        if status.is_none() {
            process::terminate_tree(&s.child);
            status = self.wait_exit(&mut s.child, GRACE, rx);
        }
        // npx/uvx children may outlive their parent: always end the group.
        process::kill_tree(&mut s.child);
        if status.is_none() {
            let _ = self.wait_exit(&mut s.child, GRACE, rx);
        }
    }
}

fn describe(status: Option<ExitStatus>) -> String {
    match status {
        None => "closed its stdout and would not exit".into(),
        Some(st) => match process::describe(st) {
            (Some(c), _) => format!("exited with code {c}"),
            (None, Some(sig)) => format!("was killed by {}", process::signal_name(sig)),
            _ => "exited".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ids_are_read_from_either_edge_of_a_long_message() {
        let head = |s: &str| edge_id(s.as_bytes(), true);
        let tail = |s: &str| edge_id(s.as_bytes(), false);
        assert_eq!(
            head(r#"{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"x": "aaa"#),
            Some((json!(7), true))
        );
        assert_eq!(
            head(r#"{"id":"a-1","result":{"x":"aaa"#),
            Some((json!("a-1"), false))
        );
        assert_eq!(head(r#"{"method":"tools/call","params":{"id":3,"#), None);
        assert_eq!(
            tail(r#"aaa"}},"jsonrpc":"2.0","id":12}"#),
            Some((json!(12), false))
        );
        assert_eq!(tail(r#"aaa", "id": "x"} "#), Some((json!("x"), false)));
        // An id of a nested object is not the message's.
        assert_eq!(tail(r#"aaa","nested":{"id":4}}"#), None);
        assert_eq!(tail(r#"aaa"]"#), None);
    }

    #[test]
    fn batches_are_arrays_of_json_rpc_objects() {
        assert_eq!(
            batch(br#" [{"jsonrpc":"2.0","id":1,"method":"a"}]"#).len(),
            1
        );
        assert!(batch(br#"[1, 2]"#).is_empty());
        assert!(batch(br#"[{"id":1}]"#).is_empty());
        assert!(batch(br#"{"jsonrpc":"2.0"}"#).is_empty());
    }
}
