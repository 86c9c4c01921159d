//! `mcp-doctor bridge` (issue 17): a small relay the client starts in place of a server, which
//! keeps the client's session alive through what the doctor otherwise only diagnoses.
//!
//! - [`stdio`]: `bridge -- COMMAND [ARGS…]`: starts the server, relays newline-delimited JSON-RPC
//!   both ways unchanged, restarts the server when it exits (backoff, a cap per minute), replays
//!   the client's handshake to the new process, answers the requests it lost, and moves stdout
//!   noise to stderr.
//! - [`remote`]: `bridge URL`: stdio on the client's side, Streamable HTTP or legacy SSE on the
//!   server's (chosen as the probe chooses), re-initialising on a forgotten session, reconnecting
//!   cut streams, and using a stored token on a 401.
//! - [`heal`]: every heal is a line in the heal log, which `logs` and `check` read.
//!
//! One blocking thread per direction; no async runtime. The relay is a wrapper: the doctor's
//! diagnosis still names the root cause (the log rules turn the heals back into findings).
pub mod heal;
pub mod remote;
pub mod stdio;

use serde::Deserialize;
use serde_json::{json, Value};
use std::io::Write;
use std::sync::atomic::AtomicBool;
#[cfg(unix)]
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

/// The JSON-RPC error code of the bridge's own errors (the implementation-defined server range).
pub const ERROR_CODE: i64 = -32000;

/// Everything `mcp-doctor bridge` needs, from the command line.
#[derive(Clone, Debug)]
pub struct BridgeOptions {
    /// The server's name in the heal log.
    pub name: Option<String>,
    /// stdio: the command and its arguments; remote: one URL.
    pub target: Vec<String>,
    /// Remote: `Name: value` headers (`${VAR}` expanded from the environment).
    pub headers: Vec<String>,
    /// Remote: `http` or `sse` first (default: Streamable HTTP, falling back to SSE).
    pub transport: Option<String>,
    /// stdio: restarts allowed in any 60 s before the bridge gives up.
    pub max_restarts: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum BridgeError {
    #[error("{0}")]
    Usage(String),
}

/// Runs the bridge until the client goes away (exit code 0) or the bridge gives up (1).
pub fn run(m: &crate::machine::Machine, o: &BridgeOptions) -> Result<u8, BridgeError> {
    let Some(first) = o.target.first() else {
        return Err(BridgeError::Usage(
            "bridge: give a URL or `-- COMMAND [ARGS…]` (see mcp-doctor bridge --help)".into(),
        ));
    };
    let remote =
        o.target.len() == 1 && (first.starts_with("http://") || first.starts_with("https://"));
    let name = o.name.clone().unwrap_or_else(|| default_name(&o.target));
    let log = heal::HealLog::new(Some(heal::path(m)), &name);
    if remote {
        let headers = o
            .headers
            .iter()
            .map(|h| parse_header(h, &|k| std::env::var(k).ok()))
            .collect::<Result<Vec<_>, _>>()?;
        remote::run(m, first, headers, o.transport.as_deref(), &name, log)
    } else {
        if !o.headers.is_empty() {
            return Err(BridgeError::Usage(
                "bridge: --header is for a URL, not for a command".into(),
            ));
        }
        Ok(stdio::run(&o.target, o.max_restarts.max(1), log))
    }
}

pub(crate) static STOP: AtomicBool = AtomicBool::new(false);

#[cfg(unix)]
extern "C" fn on_signal(_: libc::c_int) {
    STOP.store(true, Ordering::SeqCst);
}

/// SIGTERM, SIGINT and SIGHUP end the bridge cleanly (and with it the server's process tree).
pub(crate) fn install_signals() {
    #[cfg(unix)]
    // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
    unsafe {
        let h = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
        libc::signal(libc::SIGTERM, h);
        libc::signal(libc::SIGINT, h);
        libc::signal(libc::SIGHUP, h);
    }
}

/// One malloc arena for the whole process (glibc gives each thread its own, each with pages of
/// its own): the bridge's threads allocate little, and its resident memory is part of its promise.
pub(crate) fn lean_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; called before the threads start.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// A name for the heal log when none is given: the package or script the command runs, or the
/// URL's host.
pub fn default_name(target: &[String]) -> String {
    if let [url] = target {
        if let Some(h) = crate::platform::listeners::host(url) {
            return h.to_string();
        }
    }
    // Not an option, and not an `env NAME=value` assignment (a token the heal log would keep).
    // `env NAME=value… COMMAND`: named after COMMAND.
    if target
        .first()
        .is_some_and(|p| p.rsplit(['/', '\\']).next() == Some("env"))
    {
        let rest: Vec<String> = target[1..]
            .iter()
            .skip_while(|a| is_assignment(a) || a.starts_with('-'))
            .cloned()
            .collect();
        if !rest.is_empty() {
            return default_name(&rest);
        }
    }
    let words: Vec<&String> = target
        .iter()
        .skip(1)
        .filter(|a| !a.starts_with('-') && !is_assignment(a))
        .collect();
    let pick = words.first().copied().or(target.first());
    let p = pick.map(String::as_str).unwrap_or("server");
    let base = p.rsplit(['/', '\\']).next().unwrap_or(p);
    let base = base.split('@').find(|s| !s.is_empty()).unwrap_or(base);
    base.to_string()
}

/// `NAME=value`, as `env` and shells take an environment assignment.
fn is_assignment(a: &str) -> bool {
    a.split_once('=').is_some_and(|(k, _)| {
        !k.is_empty()
            && !k.starts_with(|c: char| c.is_ascii_digit())
            && k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    })
}

/// `Name: value` with `${VAR}` and `${env:VAR}` expanded from `env` (by `launch::substitute_env`).
pub fn parse_header(
    h: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(String, String), BridgeError> {
    let Some((k, v)) = h.split_once(':') else {
        return Err(BridgeError::Usage(format!(
            "--header {}: expected `Name: value`",
            crate::redact::text(h)
        )));
    };
    let k = k.trim();
    if k.is_empty() || !k.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
        return Err(BridgeError::Usage(format!(
            "--header: `{}` is not a header name",
            crate::redact::text(k)
        )));
    }
    let out = crate::launch::substitute_env(v.trim(), env).map_err(|var| {
        BridgeError::Usage(format!(
            "--header {k}: the environment variable {var} is not set"
        ))
    })?;
    Ok((k.to_string(), out))
}

/// The parts of a JSON-RPC message the relay looks at (the rest is skipped unparsed).
#[derive(Deserialize, Default)]
pub(crate) struct Peek {
    #[serde(default)]
    pub jsonrpc: Option<String>,
    #[serde(default)]
    pub id: Option<Value>,
    #[serde(default)]
    pub method: Option<String>,
}

impl Peek {
    /// `None` when the bytes are not one JSON-RPC 2.0 object.
    pub fn of(bytes: &[u8]) -> Option<Peek> {
        let p: Peek = serde_json::from_slice(bytes).ok()?;
        (p.jsonrpc.as_deref() == Some("2.0")).then_some(p)
    }

    pub fn is_request(&self) -> bool {
        self.method.is_some() && self.id.as_ref().is_some_and(|i| !i.is_null())
    }

    pub fn is_response(&self) -> bool {
        self.method.is_none() && self.id.is_some()
    }
}

/// The messages of a JSON-RPC batch line (an array of JSON-RPC 2.0 objects); empty otherwise.
pub(crate) fn batch(bytes: &[u8]) -> Vec<Peek> {
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'[') {
        return Vec::new();
    }
    serde_json::from_slice::<Vec<Peek>>(bytes)
        .ok()
        .filter(|v| v.iter().all(|p| p.jsonrpc.as_deref() == Some("2.0")))
        .unwrap_or_default()
}

/// The id of a message longer than the read cap, read from one edge of it: `head` (its first
/// piece: `{"jsonrpc": "2.0", "id": 5, ...`) or its last piece (`..., "id": 5}`, as the
/// TypeScript SDK orders the keys). With it, whether the head names a `method` (a request).
pub(crate) fn edge_id(bytes: &[u8], head: bool) -> Option<(Value, bool)> {
    const EDGE: usize = 256;
    let text = if head {
        String::from_utf8_lossy(&bytes[..bytes.len().min(EDGE)])
    } else {
        String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(EDGE)..])
    };
    let value = |v: &str| -> Option<Value> {
        serde_json::from_str::<Value>(v.trim())
            .ok()
            .filter(|v| v.is_number() || v.is_string())
    };
    if head {
        let rest = text.trim_start().strip_prefix('{')?.trim_start();
        let rest = match rest.strip_prefix("\"jsonrpc\"") {
            Some(r) => {
                let r = r.trim_start().strip_prefix(':')?.trim_start();
                r.strip_prefix("\"2.0\"")?.trim_start().strip_prefix(',')?
            }
            None => rest,
        };
        let rest = rest.trim_start().strip_prefix("\"id\"")?;
        let rest = rest.trim_start().strip_prefix(':')?;
        let end = rest.find([',', '}'])?;
        let id = value(&rest[..end])?;
        Some((id, rest[end..].contains("\"method\"")))
    } else {
        let body = text.trim_end().strip_suffix('}')?;
        let at = body.rfind("\"id\"")?;
        if !body[..at].trim_end().ends_with(',') {
            return None;
        }
        let v = body[at + 4..].trim_start().strip_prefix(':')?;
        Some((value(v)?, false))
    }
}

/// A JSON-RPC error reply from the bridge to request `id`.
pub(crate) fn error_reply(id: &Value, message: &str) -> String {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": ERROR_CODE, "message": format!("mcp-doctor bridge: {message}")}})
        .to_string()
}

/// The client's `initialize` with its id replaced by the bridge's own, for a replay.
pub(crate) fn replay_of(init: &[u8], id: &str) -> Option<String> {
    let mut v: Value = serde_json::from_slice(init).ok()?;
    v.as_object_mut()?.insert("id".into(), json!(id));
    Some(v.to_string())
}

/// The list-changed notifications for what an `initialize` result's capabilities advertise.
pub(crate) fn list_changed(init_result: &Value) -> Vec<String> {
    let caps = init_result
        .get("result")
        .and_then(|r| r.get("capabilities"));
    ["tools", "prompts", "resources"]
        .iter()
        .filter(|k| caps.and_then(|c| c.get(**k)).is_some())
        .map(|k| {
            json!({"jsonrpc": "2.0", "method": format!("notifications/{k}/list_changed")})
                .to_string()
        })
        .collect()
}

/// The client's side: stdout, written one whole line at a time by any thread.
#[derive(Clone)]
pub(crate) struct ClientOut(Arc<Mutex<std::io::Stdout>>);

impl ClientOut {
    pub fn new() -> ClientOut {
        ClientOut(Arc::new(Mutex::new(std::io::stdout())))
    }

    /// Writes part of a line (a message longer than the read cap, relayed as it comes), ending
    /// the line when `end`; `false` when the client is gone.
    pub fn send_part(&self, bytes: &[u8], end: bool) -> bool {
        let Ok(out) = self.0.lock() else { return false };
        let mut lock = out.lock();
        lock.write_all(bytes)
            .and_then(|_| if end { lock.write_all(b"\n") } else { Ok(()) })
            .and_then(|_| lock.flush())
            .is_ok()
    }

    /// Writes one message line; `false` when the client is gone.
    pub fn send(&self, line: &[u8]) -> bool {
        let Ok(out) = self.0.lock() else { return false };
        let mut lock = out.lock();
        lock.write_all(line)
            .and_then(|_| lock.write_all(b"\n"))
            .and_then(|_| lock.flush())
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_expand_variables() {
        let env = |k: &str| (k == "TOKEN").then(|| "abc".to_string());
        assert_eq!(
            parse_header("Authorization: Bearer ${TOKEN}", &env).unwrap(),
            ("Authorization".into(), "Bearer abc".into())
        );
        assert_eq!(parse_header("X: t=${env:TOKEN}", &env).unwrap().1, "t=abc");
        assert!(parse_header("X: ${MISSING}", &env).is_err());
        assert!(parse_header("no colon", &env).is_err());
    }

    #[test]
    fn names_come_from_the_package_or_script() {
        let t = |v: &[&str]| default_name(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            t(&["npx", "-y", "@modelcontextprotocol/server-everything"]),
            "server-everything"
        );
        assert_eq!(t(&["/usr/bin/python3", "/srv/weather.py"]), "weather.py");
        assert_eq!(t(&["https://mcp.example.com/mcp"]), "mcp.example.com");
        assert_eq!(t(&["uvx", "mcp-server-git@1.2"]), "mcp-server-git");
        assert_eq!(
            t(&["env", "GITHUB_TOKEN=ghp_abc", "npx", "-y", "server-github"]),
            "server-github"
        );
        assert_eq!(t(&["node", "TOKEN=ghp_abc", "srv.js"]), "srv.js");
    }

    #[test]
    fn replays_get_the_bridge_id_and_capabilities_give_notifications() {
        let r = replay_of(
            br#"{"jsonrpc":"2.0","id":7,"method":"initialize","params":{}}"#,
            "b-1",
        )
        .unwrap();
        assert!(r.contains(r#""id":"b-1""#), "{r}");
        let n = list_changed(&json!({"result": {"capabilities": {"tools": {}, "resources": {}}}}));
        assert_eq!(n.len(), 2);
        assert!(n[0].contains("tools/list_changed") && n[1].contains("resources/list_changed"));
    }
}
