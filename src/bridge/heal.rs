//! The bridge's heal log: one JSON object per line for every failure the bridge met and what it
//! did about it, so that `mcp-doctor logs` and `check` can say "this server crashed 14 times
//! today; the bridge restarted it each time".
//!
//! Where it is (also in the README and `docs/contract-additions.md`):
//! - `MCP_DOCTOR_BRIDGE_LOG` (a file path), when set: tests and custom setups;
//! - macOS: `~/Library/Logs/mcp-doctor/bridge.jsonl`;
//! - Windows: `%LOCALAPPDATA%\mcp-doctor\logs\bridge.jsonl`;
//! - Linux: `$XDG_STATE_HOME/mcp-doctor/bridge.jsonl` (default `~/.local/state/...`).
//!
//! A line is `{"time", "level", "server", "event", "action", "message"}`; `message` is what the
//! log rules (`rules/log/bridge-*.toml`) classify. The file is appended to with one `write` per
//! line (several bridges may share it) and rotated to `bridge.jsonl.1` past 1 MiB.
use crate::report::event::Level;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// The file is rotated past this size.
const MAX_BYTES: u64 = 1024 * 1024;
// Where the log is: a fact of the diagnosed machine, read by `logs` and `check` too.
pub use crate::machine::heal_log::{folder, path, ENV, FILE};

/// What a heal is about (the line's `event`: these names, kebab-case).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Event {
    /// The stdio server exited or was killed; the bridge restarted it.
    Restarted,
    /// Too many restarts: the bridge gave up.
    GaveUp,
    /// The server wrote non-JSON-RPC text on stdout; it went to stderr instead.
    StdoutNoise,
    /// The remote server forgot the session; the bridge opened a new one.
    SessionRenewed,
    /// The server's stream was cut; the bridge reconnected.
    StreamReconnected,
    /// A 401: the bridge used a stored token.
    AuthRenewed,
    /// A 401 the bridge could not heal.
    AuthFailed,
    /// The bridge could not heal a request (it answered it with an error).
    RequestFailed,
}

impl Event {
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Restarted => "restarted",
            Event::GaveUp => "gave-up",
            Event::StdoutNoise => "stdout-noise",
            Event::SessionRenewed => "session-renewed",
            Event::StreamReconnected => "stream-reconnected",
            Event::AuthRenewed => "auth-renewed",
            Event::AuthFailed => "auth-failed",
            Event::RequestFailed => "request-failed",
        }
    }

    fn level(self) -> Level {
        match self {
            Event::GaveUp | Event::AuthFailed | Event::RequestFailed => Level::Error,
            _ => Level::Warning,
        }
    }
}

/// One line of the heal log (keys in this order), as `logs` reads it back.
#[derive(serde::Serialize)]
struct Line<'a> {
    time: String,
    level: Level,
    server: &'a str,
    event: Event,
    action: &'a str,
    message: String,
}

/// The heal log of one bridge (cheap to clone; writes are serialised).
#[derive(Clone)]
pub struct HealLog {
    path: Option<Arc<PathBuf>>,
    server: Arc<String>,
    lock: Arc<Mutex<()>>,
}

impl HealLog {
    pub fn new(path: Option<PathBuf>, server: &str) -> HealLog {
        HealLog {
            path: path.map(Arc::new),
            // A name given by hand may carry a secret too.
            server: Arc::new(crate::redact::text(server)),
            lock: Arc::new(Mutex::new(())),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref().map(PathBuf::as_path)
    }

    /// Records one heal, and says it on stderr (which the client keeps in its own log). The
    /// message is redacted first: it may quote the server's output.
    pub fn record(&self, event: Event, action: &str, message: &str) {
        let message = crate::redact::text_cut(message, 1000);
        eprintln!("mcp-doctor bridge: {message}");
        let Some(path) = self.path.as_deref() else {
            return;
        };
        let line = Line {
            time: humantime::format_rfc3339_millis(SystemTime::now()).to_string(),
            level: event.level(),
            server: self.server.as_str(),
            event,
            action,
            message: format!("mcp-doctor bridge: {message}"),
        };
        let line = serde_json::to_string(&line).unwrap_or_default() + "\n";
        let _guard = self.lock.lock();
        if let Err(e) = append(path, line.as_bytes()) {
            eprintln!(
                "mcp-doctor bridge: cannot write the heal log {}: {e}",
                path.display()
            );
        }
    }
}

fn append(path: &Path, line: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    if std::fs::metadata(path).is_ok_and(|m| m.len() > MAX_BYTES) {
        let mut old = path.as_os_str().to_owned();
        old.push(".1");
        let _ = std::fs::rename(path, PathBuf::from(old));
    }
    // Only a regular file (or a link to one): a FIFO planted at the path blocked the bridge in
    // open() for good (its relay stopped, SIGTERM unheard), and a device is no log.
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        return Err(std::io::Error::other("not a regular file"));
    }
    let mut o = std::fs::OpenOptions::new();
    o.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        // Never wait in open(), even for a FIFO put there after the check.
        o.custom_flags(libc::O_NONBLOCK);
    }
    let mut f = o.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    f.write_all(line)
}
