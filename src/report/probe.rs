//! A probe's result (`servers[].probe` of the report): what starting or contacting a server and
//! speaking the MCP handshake showed. Built by the probes (`crate::probe`), read by its fields
//! (findings, the TLS reconciliation, the renderings, `list`'s state file) and serialised only
//! as the report's JSON.
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProbeTransport {
    Stdio,
    Http,
    Sse,
}

impl ProbeTransport {
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeTransport::Stdio => "stdio",
            ProbeTransport::Http => "http",
            ProbeTransport::Sse => "sse",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProbeStatus {
    Ok,
    Failed,
    Timeout,
    Skipped,
}

impl ProbeStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            ProbeStatus::Ok => "ok",
            ProbeStatus::Failed => "failed",
            ProbeStatus::Timeout => "timeout",
            ProbeStatus::Skipped => "skipped",
        }
    }
}

/// What went wrong, in the probe's own terms (more precise than `status`); drives `probe::findings`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Failure {
    /// spawn failed with ENOENT.
    CommandNotFound,
    /// spawn failed with EACCES (or the working folder is not accessible).
    PermissionDenied,
    /// The working folder does not exist.
    BadCwd,
    /// Any other spawn error.
    SpawnFailed,
    /// The process exited (or closed stdout) before answering.
    Exited,
    /// Killed by a signal it did not get from the doctor, or "heap out of memory".
    Killed,
    /// No answer before the deadline.
    Timeout,
    /// `initialize` was answered with a JSON-RPC error or an unusable result.
    Protocol,
    /// HTTP: connection refused, DNS, TLS, proxy, connect timeout.
    Network,
    /// HTTP: 401 without configured credentials (needs OAuth).
    AuthRequired,
    /// HTTP: 401/403 with the configured headers.
    AuthRejected,
    /// HTTP: the server forgot the session (404, or 400 naming the session).
    SessionExpired,
    /// HTTP: another unexpected status.
    HttpStatus,
    /// The configured transport is not the one the server speaks.
    TransportMismatch,
}

/// Why a remote server could not be reached ([`Failure::Network`]), in the words `error` uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Network {
    ConnectTimeout,
    HostNotFound,
    /// The TLS handshake failed (most often: the certificate chain was rejected).
    Tls,
    Refused,
    ConnectFailed,
    Proxy,
    Other,
}

impl Network {
    /// The words in the probe's `error` (`POST https://…: TLS error: …`).
    pub fn as_str(self) -> &'static str {
        match self {
            Network::ConnectTimeout => "connect timed out",
            Network::HostNotFound => "DNS: host not found",
            Network::Tls => "TLS error",
            Network::Refused => "connection refused",
            Network::ConnectFailed => "connection failed",
            Network::Proxy => "proxy error",
            Network::Other => "request failed",
        }
    }
}

/// `serverInfo` of the `initialize` result, as the server reported it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerInfo {
    pub name: String,
    pub version: String,
}

/// What the 401 path found out about the server's OAuth setup (no credentials used).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AuthReport {
    /// The `WWW-Authenticate` header as received (redacted).
    pub www_authenticate: Option<String>,
    pub resource_metadata_url: Option<String>,
    /// Protected-resource metadata was found and is usable.
    pub resource_metadata_ok: bool,
    pub authorization_servers: Vec<String>,
    /// Authorization-server metadata was found and is usable for every listed server.
    pub authorization_server_ok: bool,
    /// What is wrong with the metadata, one sentence each.
    pub problems: Vec<String>,
}

impl AuthReport {
    pub fn metadata_ok(&self) -> bool {
        self.resource_metadata_ok && self.authorization_server_ok && self.problems.is_empty()
    }
}

/// What `--idle` saw on a held-open SSE stream.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct IdleReport {
    pub held_ms: u64,
    /// The stream ended before the idle period was over.
    pub cut: bool,
    /// When it ended, counted from when it was opened.
    pub cut_after_ms: Option<u64>,
    /// How it ended: "closed by the server", or the read error.
    pub how: Option<String>,
    /// Events and comments (keep-alives) received while idle.
    pub keepalives: u32,
    /// Time since the last byte when it was cut.
    pub silent_ms: Option<u64>,
}

/// The contract's `servers[].probe` object, plus a few additions (`failure`, `stdout_noise`, ...).
/// Serialised as it is (fields in this order, `null` for what does not apply, the additions
/// left out when empty): the JSON report's keys and their order are this struct's.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ProbeResult {
    pub status: ProbeStatus,
    pub transport: ProbeTransport,
    pub duration_ms: u64,
    pub initialize_ms: Option<u64>,
    pub protocol_version: Option<String>,
    pub server_info: Option<ServerInfo>,
    pub tools: Option<u32>,
    pub exit_code: Option<i32>,
    /// The signal that ended the process, by name (`SIGKILL`), when it was not the doctor's.
    pub signal: Option<String>,
    pub http_status: Option<u16>,
    pub stderr_tail: Option<Vec<String>>,
    pub error: Option<String>,
    pub skipped_reason: Option<String>,
    // ---- additions ----
    pub failure: Option<Failure>,
    /// stdout lines that are not JSON-RPC (first 80 bytes each, redacted), at most 10.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stdout_noise: Vec<String>,
    /// How many stdout lines were not JSON-RPC in all.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub stdout_noise_lines: u32,
    /// The process did not exit within 2 s of stdin being closed and had to be terminated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored_stdin_close: Option<bool>,
    /// stdio: how long spawning the process took (fork/exec, before the server runs any code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub spawn_ms: Option<u64>,
    /// How long the server took to exit after its stdin was closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shutdown_ms: Option<u64>,
    /// The command downloads its package on a cold cache (`npx -y`, `uvx`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cold_download: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<AuthReport>,
    /// The server gave an `Mcp-Session-Id` (the id itself is not shown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idle: Option<IdleReport>,
    /// Notes about the probe (fallbacks taken, transport spoken), one sentence each.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// stdio: the pid of the spawned process (for tests that check no process is left).
    #[serde(skip)]
    pub pid: Option<u32>,
    /// What kind of network failure it was (with [`Failure::Network`]): read by the steps that
    /// reconcile the probe with other checks (the TLS check), never matched in `error`'s text.
    /// Not in the JSON (`error` says it in words).
    #[serde(skip)]
    pub network: Option<Network>,
    /// The server answered on the other remote transport than the configured one: the sentence
    /// that says so (also one of `notes`), which `probe::findings` makes a finding of.
    #[serde(skip)]
    pub transport_mismatch: Option<String>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

impl ProbeResult {
    pub fn new(transport: ProbeTransport) -> ProbeResult {
        ProbeResult {
            status: ProbeStatus::Failed,
            transport,
            duration_ms: 0,
            initialize_ms: None,
            protocol_version: None,
            server_info: None,
            tools: None,
            exit_code: None,
            signal: None,
            http_status: None,
            stderr_tail: None,
            error: None,
            skipped_reason: None,
            failure: None,
            stdout_noise: Vec::new(),
            stdout_noise_lines: 0,
            ignored_stdin_close: None,
            shutdown_ms: None,
            spawn_ms: None,
            cold_download: false,
            auth: None,
            session: None,
            idle: None,
            notes: Vec::new(),
            pid: None,
            network: None,
            transport_mismatch: None,
        }
    }

    pub(crate) fn fail(&mut self, failure: Failure, status: ProbeStatus, error: impl Into<String>) {
        self.failure = Some(failure);
        self.status = status;
        self.error = Some(crate::redact::text(&error.into()));
    }

    /// Notes that the server answered on the other transport than the configured one.
    pub(crate) fn spoke_other_transport(&mut self, sentence: String) {
        self.notes.push(sentence.clone());
        self.transport_mismatch = Some(sentence);
    }
}

/// A result for a server that was not probed (not approved, `--probe` not given, ...).
pub fn skipped(reason: &str) -> ProbeResult {
    let mut r = ProbeResult::new(ProbeTransport::Stdio);
    r.status = ProbeStatus::Skipped;
    r.skipped_reason = Some(reason.to_string());
    r
}
