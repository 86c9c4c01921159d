//! Live probes (issue 7): start a stdio server exactly as its client would, or contact a remote
//! one, speak the MCP handshake (`initialize`, `notifications/initialized`, `tools/list`) and say
//! what happened. Every outside interaction is bounded: a deadline on every read, caps on the bytes
//! kept, and the whole process tree killed at the end.
//!
//! The CLI builds [`ProbeSpec`]s (resolving the command on the client's PATH and building the
//! environment the way that client does), calls [`probe_all`], prints a line per server from
//! `on_done`, puts each [`ProbeResult`] in `servers[].probe` of the report and feeds [`findings`]
//! into the ranking. [`credentials::credential_findings`] reads stored OAuth tokens offline.
use crate::finding::{ClientId, Evidence, Finding, Severity};
use crate::rules::RuleId;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub mod credentials;
pub(crate) mod http;
pub(crate) mod lines;
pub mod pool;
pub(crate) mod process;
mod stdio;

pub use credentials::credential_findings;
// The result is the report's (model) type: built here, read by its fields everywhere.
pub use crate::report::probe::{
    skipped, AuthReport, Failure, IdleReport, Network, ProbeResult, ProbeStatus, ProbeTransport,
    ServerInfo,
};

/// The doctor's name and version in `clientInfo`.
pub const CLIENT_NAME: &str = "mcp-doctor";
pub const CLIENT_VERSION: &str = env!("CARGO_PKG_VERSION");
/// The protocol version offered in `initialize`.
pub const PROTOCOL_VERSION: &str = "2025-11-25";
/// Versions of the handshake era the doctor accepts as a counter-offer.
pub const KNOWN_VERSIONS: [&str; 5] = [
    "2025-11-25",
    "2025-06-18",
    "2025-03-26",
    "2024-11-05",
    "2024-10-07",
];
/// The default probe timeout (contract: `--timeout`, default 30 s, like Claude Code's `MCP_TIMEOUT`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// What to probe and how, as the client would.
#[derive(Clone, Debug)]
pub struct ProbeSpec {
    pub name: String,
    pub client: ClientId,
    pub transport: ProbeTransport,
    /// stdio: the resolved executable to spawn.
    pub program: PathBuf,
    pub args: Vec<String>,
    /// stdio: the complete environment to spawn with (the probe clears its own first).
    pub env: Vec<(String, String)>,
    pub cwd: Option<PathBuf>,
    pub url: Option<String>,
    pub headers: Vec<(String, String)>,
    pub timeout: Duration,
    /// Hold an SSE stream open this long after the handshake and report when and how it was cut.
    pub idle: Option<Duration>,
}

impl ProbeSpec {
    /// A stdio spec with the default timeout and no env, cwd or headers.
    pub fn stdio(
        name: impl Into<String>,
        client: ClientId,
        program: impl Into<PathBuf>,
        args: &[&str],
    ) -> ProbeSpec {
        ProbeSpec {
            name: name.into(),
            client,
            transport: ProbeTransport::Stdio,
            program: program.into(),
            args: args.iter().map(|s| s.to_string()).collect(),
            env: Vec::new(),
            cwd: None,
            url: None,
            headers: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            idle: None,
        }
    }

    /// A remote spec (`Http` or `Sse`) with the default timeout.
    pub fn remote(
        name: impl Into<String>,
        client: ClientId,
        transport: ProbeTransport,
        url: impl Into<String>,
    ) -> ProbeSpec {
        ProbeSpec {
            name: name.into(),
            client,
            transport,
            program: PathBuf::new(),
            args: Vec::new(),
            env: Vec::new(),
            cwd: None,
            url: Some(url.into()),
            headers: Vec::new(),
            timeout: DEFAULT_TIMEOUT,
            idle: None,
        }
    }

    /// Whether the command downloads its package on a cold cache (`npx -y`, `uvx`, `pipx run`,
    /// `bunx`, `dlx`), so that a slow start may be the download.
    pub fn is_cold_download(&self) -> bool {
        let prog = self
            .program
            .file_stem()
            .map(|s| s.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        let mut words: Vec<String> = vec![prog];
        words.extend(self.args.iter().map(|a| {
            let p = std::path::Path::new(a);
            p.file_stem()
                .map(|s| s.to_string_lossy().to_ascii_lowercase())
                .unwrap_or_default()
        }));
        words
            .iter()
            .any(|w| matches!(w.as_str(), "npx" | "uvx" | "bunx" | "pnpx"))
            || words
                .windows(2)
                .any(|w| (w[0] == "pipx" && w[1] == "run") || w[1] == "dlx")
    }

    /// The values this spec passes that are secrets (secret-named env values and headers), which
    /// must never appear in the result even when the server prints them back.
    pub fn secret_values(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (k, v) in self.env.iter().chain(self.headers.iter()) {
            if crate::redact::is_secret_name(k) && v.chars().count() >= 4 {
                out.push(v.clone());
                if let Some((_, token)) = v.split_once(' ') {
                    out.push(token.trim().to_string());
                }
            }
        }
        crate::sort::by_key(&mut out, |v| std::cmp::Reverse(v.len()));
        out
    }

    /// The command line (stdio) or the URL (remote) as it may be shown (secrets redacted).
    pub fn display_command(&self) -> String {
        if self.transport != ProbeTransport::Stdio {
            return crate::redact::text(self.url.as_deref().unwrap_or(""));
        }
        let mut parts = vec![self.program.display().to_string()];
        parts.extend(self.args.iter().cloned());
        crate::redact::text(&shell_words::join(parts))
    }
}

/// Probes one server. Never panics, never blocks past the spec's timeout (plus the bounded
/// shutdown of a stdio process: at most 2 s for stdin close and 2 s for SIGTERM).
pub fn probe(spec: &ProbeSpec) -> ProbeResult {
    let start = Instant::now();
    let mut r = match spec.transport {
        ProbeTransport::Stdio => stdio::probe(spec),
        ProbeTransport::Http | ProbeTransport::Sse => http::probe(spec),
    };
    r.duration_ms = ms(start.elapsed());
    scrub(&mut r, &spec.secret_values());
    r
}

/// Removes the spec's own secret values from every text of the result (a server may print them).
fn scrub(r: &mut ProbeResult, secrets: &[String]) {
    if secrets.is_empty() {
        return;
    }
    let k = |s: &mut String| *s = crate::redact::known_values(s, secrets);
    if let Some(e) = r.error.as_mut() {
        k(e);
    }
    r.notes.iter_mut().for_each(k);
    if let Some(t) = r.transport_mismatch.as_mut() {
        k(t);
    }
    r.stdout_noise.iter_mut().for_each(k);
    if let Some(t) = r.stderr_tail.as_mut() {
        t.iter_mut().for_each(k);
    }
    if let Some(i) = r.server_info.as_mut() {
        k(&mut i.name);
        k(&mut i.version);
    }
    if let Some(a) = r.auth.as_mut() {
        if let Some(w) = a.www_authenticate.as_mut() {
            k(w);
        }
        a.problems.iter_mut().for_each(k);
    }
}

/// Probes every server in parallel (one thread each) and calls `on_done` as each finishes. The
/// results are in the order of `specs`.
pub fn probe_all(
    specs: &[ProbeSpec],
    on_done: impl Fn(&ProbeSpec, &ProbeResult) + Sync,
) -> Vec<ProbeResult> {
    let on_done = &on_done;
    std::thread::scope(|s| {
        let handles: Vec<_> = specs
            .iter()
            .map(|spec| {
                s.spawn(move || {
                    let r = probe(spec);
                    on_done(spec, &r);
                    r
                })
            })
            .collect();
        handles
            .into_iter()
            .zip(specs)
            .map(|(h, spec)| {
                h.join().unwrap_or_else(|_| {
                    let mut r = ProbeResult::new(spec.transport);
                    r.error = Some("the probe itself failed (internal error)".into());
                    r
                })
            })
            .collect()
    })
}

pub(crate) fn ms(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

fn secs(ms: u64) -> String {
    format!("{:.1} s", ms as f64 / 1000.0)
}

/// What a probe proves, as findings of the `probe-*` rules.
pub fn findings(spec: &ProbeSpec, result: &ProbeResult) -> Vec<Finding> {
    let mut out = Vec::new();
    let base = |rule: RuleId, msg: String| {
        Finding::new(rule, msg)
            .client(spec.client)
            .server(spec.name.clone())
            .var(crate::finding::Var::Server, spec.name.clone())
            .var(crate::finding::Var::Client, spec.client.title())
            .var(crate::finding::Var::Command, spec.display_command())
            .var(
                crate::finding::Var::Url,
                spec.url
                    .as_deref()
                    .map(crate::redact::text)
                    .unwrap_or_default(),
            )
    };
    let with_tail = |mut f: Finding| {
        if let Some(tail) = &result.stderr_tail {
            for l in tail.iter().rev().take(5).rev() {
                f = f.evidence(Evidence::text(format!("stderr: {l}")));
            }
        }
        f
    };
    let err = result.error.clone().unwrap_or_default();
    if result.status == ProbeStatus::Skipped {
        return out;
    }
    match result.failure {
        Some(Failure::CommandNotFound) => out.push(
            base(
                RuleId::ProbeCommandNotFound,
                format!("Starting `{}` failed: the command was not found (ENOENT).", spec.program.display()),
            )
            .evidence(Evidence::text(err.clone())),
        ),
        Some(Failure::PermissionDenied) => out.push(
            base(
                RuleId::ProbePermissionDenied,
                format!("Starting `{}` failed: permission denied (EACCES).", spec.program.display()),
            )
            .evidence(Evidence::text(err.clone())),
        ),
        Some(Failure::BadCwd) => out.push(
            base(RuleId::ProbeBadCwd, format!("The server's working folder does not exist: {err}"))
                .var(crate::finding::Var::Cwd, spec.cwd.as_ref().map(|c| c.display().to_string()).unwrap_or_default()),
        ),
        Some(Failure::SpawnFailed) => out.push(with_tail(base(
            RuleId::ProbeServerCrash,
            format!("The server could not be started: {err}"),
        ))),
        Some(Failure::Killed) => {
            let how = match (&result.signal, result.exit_code) {
                (Some(s), _) => format!("was killed by {s}"),
                (None, Some(c)) => format!("exited with code {c} (out of memory)"),
                _ => "ran out of memory".into(),
            };
            out.push(with_tail(base(RuleId::ProbeOomKilled, format!("The server {how} before it answered."))));
        }
        Some(Failure::Exited) => {
            let how = match (result.exit_code, &result.signal) {
                (Some(c), _) => format!("exited with code {c}"),
                (None, Some(s)) => format!("was ended by {s}"),
                _ => "closed its output".into(),
            };
            let when = if result.initialize_ms.is_some() { "during the handshake" } else { "before answering initialize" };
            out.push(with_tail(base(RuleId::ProbeServerCrash, format!("The server {how} {when}."))));
        }
        Some(Failure::Timeout) => {
            let mut msg = format!("The server did not answer `initialize` within {}.", secs(ms(spec.timeout)));
            if result.initialize_ms.is_some() {
                msg = format!("The server answered `initialize` but not the next request within {}.", secs(ms(spec.timeout)));
            }
            if result.cold_download {
                msg.push_str(
                    " The command downloads its package on a cold cache (`npx -y`/`uvx`); the time may have gone to the download: run it once by hand, then probe again.",
                );
            }
            let cc_limit = crate::clients::claude_code::STARTUP_TIMEOUT;
            if spec.timeout >= cc_limit && result.initialize_ms.is_none() {
                msg.push_str(&format!(
                    " That would also exceed {}'s {} s start-up limit.",
                    crate::clients::claude_code::CLIENT.title,
                    cc_limit.as_secs()
                ));
            }
            out.push(with_tail(base(RuleId::ProbeStartupTimeout, msg).var(crate::finding::Var::Timeout, secs(ms(spec.timeout)))));
        }
        Some(Failure::Network) => out.push(
            base(RuleId::ProbeNetworkBlocked, format!("The server could not be reached: {err}"))
                .evidence(Evidence::text(err.clone())),
        ),
        Some(Failure::Protocol) => out.push(with_tail(base(
            RuleId::ProbeProtocolError,
            format!("The server answered the handshake with an error: {err}"),
        ))),
        Some(Failure::AuthRequired) => {
            let auth = result.auth.clone().unwrap_or_default();
            if auth.metadata_ok() {
                out.push(base(
                    RuleId::ProbeOauthRequired,
                    "The server needs an OAuth login (401); its OAuth metadata is OK, so log in from the client.".to_string(),
                ));
            } else {
                let mut f = base(
                    RuleId::ProbeOauthMetadataBroken,
                    format!("The server needs an OAuth login (401), but its OAuth metadata is broken: {}", auth.problems.join("; ")),
                );
                for p in &auth.problems {
                    f = f.evidence(Evidence::text(p.clone()));
                }
                out.push(f);
            }
        }
        Some(Failure::AuthRejected) => out.push(
            base(
                RuleId::ProbeAuthRejected,
                format!(
                    "The server rejected the configured credentials (HTTP {}): the token is expired, revoked or wrong.",
                    result.http_status.unwrap_or(401)
                ),
            )
            .evidence(Evidence::text(err.clone())),
        ),
        Some(Failure::SessionExpired) => out.push(
            base(RuleId::ProbeSessionExpired, format!("The server forgot its session right after creating it: {err}"))
                .evidence(Evidence::text(err.clone())),
        ),
        Some(Failure::HttpStatus) => out.push(
            base(RuleId::ProbeHttpError, format!("The server answered the handshake with HTTP {}: {err}", result.http_status.unwrap_or(0)))
                .var(crate::finding::Var::Status, result.http_status.unwrap_or(0).to_string()),
        ),
        Some(Failure::TransportMismatch) => out.push(base(RuleId::ProbeTransportMismatch, err.clone())),
        None => {}
    }
    if result.failure != Some(Failure::TransportMismatch) {
        if let Some(n) = &result.transport_mismatch {
            out.push(base(RuleId::ProbeTransportMismatch, n.clone()));
        }
    }
    if !result.stdout_noise.is_empty() {
        let mut f = base(
            RuleId::ProbeStdoutPollution,
            format!(
                "The server wrote {} line(s) to stdout that are not JSON-RPC, e.g. `{}`.",
                result.stdout_noise_lines, result.stdout_noise[0]
            ),
        )
        .var(crate::finding::Var::Line, result.stdout_noise[0].clone());
        for l in result.stdout_noise.iter().take(3) {
            f = f.evidence(Evidence::text(format!("stdout: {l}")));
        }
        // Severity follows the client: where it skips such lines and the handshake got through
        // them, they only degrade the server for that client.
        let client = crate::clients::get(spec.client);
        if client.skips_stdout_noise && result.status == ProbeStatus::Ok {
            f.severity = crate::finding::Severity::Warning;
            f.message.push_str(&format!(
                " {} skips such lines and the handshake succeeded; other clients may disconnect on them.",
                client.title
            ));
        }
        out.push(f);
    }
    if result.ignored_stdin_close == Some(true) {
        out.push(base(
            RuleId::ProbeStdinCloseIgnored,
            "The server kept running after its stdin was closed and had to be terminated."
                .to_string(),
        ));
    }
    if let Some(idle) = &result.idle {
        if idle.cut {
            let after = idle.cut_after_ms.map(secs).unwrap_or_default();
            let mut msg = format!(
                "The SSE stream was cut after {after} ({}); {} keep-alive(s) arrived before.",
                idle.how.clone().unwrap_or_default(),
                idle.keepalives
            );
            if idle.keepalives == 0 {
                msg.push_str(" The server sent nothing while idle, so an idle timeout can cut it.");
            }
            out.push(base(RuleId::ProbeSseIdleCut, msg).var(crate::finding::Var::After, after));
        }
    }
    if result.status == ProbeStatus::Ok
        && result.initialize_ms.unwrap_or(0) > 10_000
        && spec.transport == ProbeTransport::Stdio
    {
        let msg = format!(
            "The server took {} to answer `initialize`{}.",
            secs(result.initialize_ms.unwrap_or(0)),
            if result.cold_download {
                " (the command downloads its package on a cold cache)"
            } else {
                ""
            }
        );
        out.push(
            base(RuleId::ProbeStartupTimeout, msg)
                .severity(Severity::Warning)
                .var(crate::finding::Var::Timeout, secs(ms(spec.timeout))),
        );
    }
    out
}

/// The longest wait any probe is given (a day): `--timeout`/`--idle` near `u64::MAX` would
/// overflow a deadline.
pub const MAX_WAIT: Duration = Duration::from_secs(86_400);

/// `d`, at most [`MAX_WAIT`].
pub fn clamp(d: Duration) -> Duration {
    d.min(MAX_WAIT)
}
