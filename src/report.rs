//! The report: the contract's JSON (`mcp-doctor/report/v1`) and what the human renderer reads.
//! Built from the findings, then redacted in one place ([`Report::redacted`]) before any output.
use crate::clients::Scope;
use crate::config::Status as ConfigStatus;
use crate::finding::{Cause, ClientId, Evidence, Finding, Fix, Severity};
use crate::machine::Machine;
use crate::rank::{self, RankedCause};
use crate::redact::Secrets;
use crate::rules::RuleId;
use crate::server::Transport;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub mod change;
pub mod event;
pub mod probe;

use change::Change;
use event::LogEvent;
pub use probe::ProbeResult;
use probe::{AuthReport, IdleReport, ServerInfo};

pub const SCHEMA: &str = "mcp-doctor/report/v1";

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RuntimeOut {
    pub name: String,
    pub path: String,
    pub version: Option<String>,
    /// `--version` (it was run), `folder` (its install folder names it), `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_from: Option<String>,
    /// Why the version is unknown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// Where it was found: `nvm`, `Homebrew`, `Claude Desktop's PATH`, `your shell's PATH`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// `client/server` of the servers the apps run on it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub used_by: Vec<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Host {
    pub os: String,
    pub arch: String,
    pub home: String,
    pub runtimes: Vec<RuntimeOut>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ConfigOut {
    pub client: ClientId,
    pub scope: Scope,
    pub path: String,
    pub status: ConfigStatus,
    pub error: Option<String>,
    pub servers: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// Why the client never reads this file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
    /// Why it was not read (missing, cannot be checked here), for `-v`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ServerOut {
    pub client: ClientId,
    pub name: String,
    pub scope: Scope,
    pub config: String,
    pub transport: Transport,
    pub command: Option<String>,
    pub args: Vec<String>,
    pub url: Option<String>,
    pub status: Health,
    /// Boxed: most reports probe nothing, and a server entry stays small (100 000 of them).
    pub probe: Option<Box<ProbeResult>>,
    #[serde(default)]
    pub disabled: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    /// The entry runs through `mcp-doctor bridge`; `command`/`args`/`url` are the server's
    /// behind it.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub bridged: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EvidenceOut {
    pub path: Option<String>,
    pub line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FixOut {
    pub summary: String,
    pub commands: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub automatic: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FindingOut {
    pub id: String,
    pub rule: RuleId,
    pub cause: Cause,
    pub severity: Severity,
    pub client: Option<ClientId>,
    pub server: Option<String>,
    pub message: String,
    pub evidence: Vec<EvidenceOut>,
    pub fix: FixOut,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub count: u32,
}

fn one() -> u32 {
    1
}

fn is_one(n: &u32) -> bool {
    *n == 1
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CauseOut {
    pub rank: usize,
    pub cause: Cause,
    pub server: Option<String>,
    pub client: Option<ClientId>,
    pub score: f64,
    pub findings: Vec<String>,
    pub fix: FixOut,
    /// Another common cause of the symptom the cause ranked above it stands on, not evidenced
    /// itself: what to check next (absent when false).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub alternative: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Report {
    pub schema: String,
    pub tool: Tool,
    pub generated_at: String,
    pub host: Host,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub configs: Option<Vec<ConfigOut>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub servers: Option<Vec<ServerOut>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<event::LogEvent>>,
    pub findings: Vec<FindingOut>,
    pub causes: Vec<CauseOut>,
    /// `fix`: each change (file, JSON pointer, before, after, rule, applied), redacted like the rest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<Vec<change::Change>>,
    /// `fix`: one line per server whose possible edits were left alone, and why (a bare command
    /// that works, a project file shared with the team).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_alone: Option<Vec<String>>,
    /// What the platform checks (firewall, Gatekeeper, proxies) looked at and could not check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform: Option<PlatformOut>,
}

pub fn fix_out(f: Fix) -> FixOut {
    FixOut {
        summary: f.summary,
        commands: f.commands,
        automatic: f.automatic,
    }
}

impl From<Evidence> for EvidenceOut {
    fn from(e: Evidence) -> EvidenceOut {
        EvidenceOut {
            path: e.path,
            line: e.line,
            column: e.column,
            text: e.text,
        }
    }
}

pub fn rfc3339(t: std::time::SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

impl Report {
    /// An empty report about this machine.
    pub fn new(m: &Machine) -> Report {
        Report {
            schema: SCHEMA.into(),
            tool: Tool {
                name: "mcp-doctor".into(),
                version: env!("CARGO_PKG_VERSION").into(),
            },
            generated_at: rfc3339(m.now),
            host: Host {
                os: m.os.as_str().into(),
                arch: m.arch.clone(),
                home: m.home_spelled.clone(),
                runtimes: vec![],
            },
            configs: None,
            servers: None,
            events: None,
            changes: None,
            left_alone: None,
            findings: vec![],
            causes: vec![],
            platform: None,
        }
    }

    /// Sets `findings` and the ranked `causes` from the findings, sorted so the most severe come first.
    pub fn set_findings(&mut self, m: &Machine, mut findings: Vec<Finding>) {
        crate::sort::by(&mut findings, |a, b| {
            b.severity
                .cmp(&a.severity)
                .then(a.client.cmp(&b.client))
                .then(a.server.cmp(&b.server))
        });
        let ids: Vec<String> = (1..=findings.len()).map(finding_id).collect();
        let mut ranked: Vec<RankedCause> = rank::rank(&findings, &ids, m.os, m.now);
        // A note (a shadowed name, a plaintext secret, legacy SSE) is worth knowing, never a
        // likely cause of a failure: causes stand on a warning or an error.
        ranked.retain(|c| c.severity >= Severity::Warning);
        for (i, c) in ranked.iter_mut().enumerate() {
            c.rank = i + 1;
        }
        // Moved, not copied: the findings are done with once ranked.
        self.findings = findings
            .into_iter()
            .zip(ids)
            .map(|(f, id)| FindingOut {
                rule: f.rule,
                cause: f.cause(),
                severity: f.severity,
                client: f.client,
                fix: fix_out(f.fix(m.os)),
                time: f.time.map(rfc3339),
                count: f.count,
                id,
                server: f.server,
                message: f.message,
                evidence: f.evidence.into_iter().map(EvidenceOut::from).collect(),
            })
            .collect();
        self.causes = ranked
            .into_iter()
            .map(|c| CauseOut {
                rank: c.rank,
                cause: c.cause,
                server: c.server,
                client: c.client,
                score: c.score,
                findings: c.findings,
                fix: fix_out(c.fix),
                alternative: c.alternative,
            })
            .collect();
    }

    /// The worst severity among the findings.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }

    /// A copy in which every string has passed through redaction: secret patterns and every secret
    /// value read from the configs. All output is made from this copy.
    /// [`Report::redacted`] for a report with many events: they are redacted in place, not
    /// copied (the same redaction, applied to the same values).
    pub fn into_redacted(mut self, secrets: &Secrets) -> Result<Report, RedactionFailed> {
        let mut events = self.events.take();
        for e in events.iter_mut().flatten() {
            // Log lines rarely repeat: no memo (it would copy them all).
            e.each_string(&mut |x| redact_one(x, secrets, None));
        }
        self.redact_in_place(secrets);
        self.events = events;
        Ok(self)
    }

    /// Fails closed: a report that cannot be redacted is an error, never shown as it was.
    /// (Redaction walks the report's own strings in place, so it cannot fail today; the
    /// `Result` keeps every caller failing closed should a step that can fail come back.)
    pub fn redacted(&self, secrets: &Secrets) -> Result<Report, RedactionFailed> {
        let mut r = self.clone();
        r.redact_in_place(secrets);
        Ok(r)
    }

    /// Redacts every string of the report where it is: no round trip through
    /// `serde_json::Value` (100 000 servers: a copy of every string twice, and a fifth of the run).
    fn redact_in_place(&mut self, secrets: &Secrets) {
        let mut memo = Memo::default();
        self.each_string(&mut |x| redact_one(x, secrets, Some(&mut memo)));
    }

    /// A copy whose every string is safe on a terminal (no control character a terminal would
    /// obey, even the colour codes the painting itself uses): what the human renderings read
    /// when colour is on (with colour off, the whole text is sanitised on its way out).
    pub fn for_terminal(&self) -> Result<Report, RedactionFailed> {
        let mut r = self.clone();
        r.each_string(&mut |x| {
            let s = crate::term::sanitize(x, false);
            if s != *x {
                *x = s;
            }
        });
        Ok(r)
    }
}

/// A finding's id, `F` and its number (`F12`), pushed rather than formatted (a report of
/// 100 000 servers has as many).
fn finding_id(i: usize) -> String {
    let mut id = String::with_capacity(8);
    id.push('F');
    crate::doc::push_decimal(&mut id, i);
    id
}

/// The report could not be redacted, so it is not shown.
#[derive(Debug, thiserror::Error)]
#[error("the report could not be redacted, so it is not shown ({0})")]
pub struct RedactionFailed(String);

/// The redaction of each distinct string already seen (`None`: unchanged). A report repeats most
/// of its strings (clients, rules, paths, commands): each distinct one is redacted once.
type Memo = HashMap<String, Option<String>, foldhash::fast::RandomState>;

/// Redacts one string of the report, through the memo when there is one.
fn redact_one(x: &mut String, s: &Secrets, memo: Option<&mut Memo>) {
    let r = match memo {
        None => s.redact_changed(x),
        Some(memo) => match memo.get(x.as_str()) {
            Some(r) => r.clone(),
            None => {
                let r = s.redact_changed(x);
                memo.insert(x.clone(), r.clone());
                r
            }
        },
    };
    if let Some(r) = r {
        *x = r;
    }
}

/// Every string a value serialises, visited in place (redaction, terminal safety). Each struct
/// is destructured without `..`, so a field added to the report without being visited here does
/// not compile: no string of the report can escape redaction by being forgotten.
pub trait EachString {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String));
}

impl EachString for String {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        f(self)
    }
}

impl<T: EachString> EachString for Option<T> {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        if let Some(x) = self {
            x.each_string(f)
        }
    }
}

impl<T: EachString> EachString for Box<T> {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        (**self).each_string(f)
    }
}

impl<T: EachString> EachString for Vec<T> {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        for x in self {
            x.each_string(f)
        }
    }
}

/// The strings of a JSON value (its object keys are the report's own names, not visited).
impl EachString for serde_json::Value {
    fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
        match self {
            serde_json::Value::String(x) => f(x),
            serde_json::Value::Array(a) => a.iter_mut().for_each(|x| x.each_string(f)),
            serde_json::Value::Object(o) => o.iter_mut().for_each(|(_, x)| x.each_string(f)),
            _ => {}
        }
    }
}

/// Numbers and flags hold no text.
macro_rules! no_strings {
    ($($t:ty),*) => {$(
        impl EachString for $t {
            fn each_string(&mut self, _: &mut dyn FnMut(&mut String)) {}
        }
    )*};
}
no_strings!(bool, u16, u32, i32, u64, usize, f64, std::time::SystemTime);
// The report's vocabulary: fixed ids, never a secret or a control character.
no_strings!(
    RuleId,
    Cause,
    Severity,
    ClientId,
    Scope,
    Transport,
    ConfigStatus,
    Health,
    probe::ProbeStatus,
    probe::ProbeTransport,
    probe::Failure,
    probe::Network,
    crate::cause::FixSafety,
    event::Level
);

/// How a server entry stands: its worst finding (`ok` with none above a note).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Health {
    Ok,
    Warning,
    Error,
}

display_as_str!(Health);

impl Health {
    pub fn as_str(self) -> &'static str {
        match self {
            Health::Ok => "ok",
            Health::Warning => "warning",
            Health::Error => "error",
        }
    }
}

/// `EachString` for a struct: every field named (the compiler rejects a missing one).
macro_rules! each_field {
    ($t:ident { $($field:ident),* $(,)? }) => {
        impl EachString for $t {
            fn each_string(&mut self, f: &mut dyn FnMut(&mut String)) {
                let $t { $($field),* } = self;
                $($field.each_string(f);)*
            }
        }
    };
}
each_field!(Tool { name, version });
each_field!(RuntimeOut {
    name,
    path,
    version,
    version_from,
    error,
    sources,
    used_by
});
each_field!(Host {
    os,
    arch,
    home,
    runtimes
});
each_field!(ConfigOut {
    client,
    scope,
    path,
    status,
    error,
    servers,
    project,
    ignored,
    note
});
each_field!(ServerOut {
    client,
    name,
    scope,
    config,
    transport,
    command,
    args,
    url,
    status,
    probe,
    disabled,
    ignored,
    project,
    bridged
});
each_field!(EvidenceOut {
    path,
    line,
    column,
    text
});
each_field!(FixOut {
    summary,
    commands,
    automatic
});
each_field!(FindingOut {
    id,
    rule,
    cause,
    severity,
    client,
    server,
    message,
    evidence,
    fix,
    time,
    count
});
each_field!(CauseOut {
    rank,
    cause,
    server,
    client,
    score,
    findings,
    fix,
    alternative
});
each_field!(PlatformOut {
    source,
    checked,
    unchecked
});
each_field!(Report {
    schema,
    tool,
    generated_at,
    host,
    configs,
    servers,
    events,
    findings,
    causes,
    changes,
    left_alone,
    platform
});

each_field!(ProbeResult {
    status,
    transport,
    duration_ms,
    initialize_ms,
    protocol_version,
    server_info,
    tools,
    exit_code,
    signal,
    http_status,
    stderr_tail,
    error,
    skipped_reason,
    failure,
    stdout_noise,
    stdout_noise_lines,
    ignored_stdin_close,
    spawn_ms,
    shutdown_ms,
    cold_download,
    auth,
    session,
    idle,
    notes,
    pid,
    network,
    transport_mismatch
});
each_field!(ServerInfo { name, version });
each_field!(LogEvent {
    time,
    client,
    server,
    level,
    rule,
    cause,
    path,
    line,
    text,
    at
});
each_field!(Change {
    file,
    client,
    server,
    pointer,
    before,
    after,
    rule,
    safety,
    applied,
    reason
});
each_field!(AuthReport {
    www_authenticate,
    resource_metadata_url,
    resource_metadata_ok,
    authorization_servers,
    authorization_server_ok,
    problems
});
each_field!(IdleReport {
    held_ms,
    cut,
    cut_after_ms,
    how,
    keepalives,
    silent_ms
});

/// What the platform checks did, for the report (`platform` in the JSON).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PlatformOut {
    /// `live`, `recorded answers from DIR`, or `skipped`.
    pub source: String,
    /// The checks that ran.
    pub checked: Vec<String>,
    /// What could not be checked, and why.
    pub unchecked: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report with every field present, every string one of some texts that redaction and the
    /// terminal sanitiser change (and some they leave alone).
    fn full_report() -> Report {
        let evidence = serde_json::json!({"path": "p", "line": 1, "column": 2, "text": "t"});
        let fix = serde_json::json!({"summary": "s", "commands": ["c"], "automatic": "a"});
        let probe = serde_json::json!({"status": "failed", "transport": "http", "duration_ms": 5,
            "initialize_ms": 4, "protocol_version": "p", "server_info": {"name": "n", "version": "v"},
            "tools": 2, "exit_code": 1, "signal": "s", "http_status": 401, "stderr_tail": ["x", "y"],
            "error": "e", "skipped_reason": "r", "failure": "auth-required", "stdout_noise": ["o"],
            "stdout_noise_lines": 1, "ignored_stdin_close": true, "spawn_ms": 1, "shutdown_ms": 2,
            "cold_download": true, "auth": {"www_authenticate": "w", "resource_metadata_url": "u",
                "resource_metadata_ok": false, "authorization_servers": ["a"],
                "authorization_server_ok": false, "problems": ["p"]},
            "session": true, "idle": {"held_ms": 1, "cut": true, "cut_after_ms": 1, "how": "h",
                "keepalives": 0, "silent_ms": 1}, "notes": ["n"]});
        let mut r: Report = serde_json::from_value(serde_json::json!({
            "schema": "s", "tool": {"name": "n", "version": "v"}, "generated_at": "g",
            "host": {"os": "o", "arch": "a", "home": "h", "runtimes": [{"name": "n", "path": "p",
                "version": "v", "version_from": "f", "error": "e", "sources": ["s"], "used_by": ["u"]}]},
            "configs": [{"client": "cursor", "scope": "user", "path": "p", "status": "invalid", "error": "e",
                "servers": ["a", "b"], "project": "p", "ignored": "i", "note": "n"}],
            "servers": [{"client": "cursor", "name": "n", "scope": "project", "config": "c", "transport": "http",
                "command": "c", "args": ["a", "b"], "url": "u", "status": "warning",
                "probe": probe, "disabled": true,
                "ignored": "i", "project": "p", "bridged": true}],
            "events": [{"time": "t", "client": "cline", "server": "s", "level": "error",
                "rule": "tilde-path", "cause": "bad-path", "path": "p", "line": 3, "text": "e"}],
            "findings": [{"id": "F1", "rule": "tilde-path", "cause": "bad-path", "severity": "error", "client": "zed",
                "server": "s", "message": "m", "evidence": [evidence], "fix": fix, "time": "t",
                "count": 2}],
            "causes": [{"rank": 1, "cause": "bad-path", "server": "s", "client": "zed", "score": 0.5,
                "findings": ["F1"], "fix": fix, "alternative": true}],
            "changes": [{"file": "f", "client": "cursor", "server": "s", "pointer": "/p",
                "before": "b", "after": {"x": "a"}, "rule": "tilde-path", "safety": "safe",
                "applied": false, "reason": "r"}],
            "left_alone": ["l"],
            "platform": {"source": "s", "checked": ["c"], "unchecked": ["u"]},
        }))
        .unwrap();
        let texts = [
            "Authorization: Bearer abcdefgh12345678",
            "plain",
            "npx server --api-key sk-live-0123456789",
            "https://alice:hunter2pw@example.com/mcp",
            "ghp_abcdefghijklmnop1234",
            "x\u{1b}]0;title\u{7}y",
            "\"OPENAI_API_KEY\": \"sk-proj-abcdefgh\"",
            "GITHUB_TOKEN=${GITHUB_TOKEN}",
        ];
        let mut i = 0;
        r.each_string(&mut |x| {
            *x = format!("{} {i}", texts[i % texts.len()]);
            i += 1;
        });
        // 72 strings: the ids (rule, cause, severity, client, scope, transport, status, the
        // probe's status, transport and failure, a change's safety, an event's level) are enums.
        assert_eq!(i, 72, "every string is visited");
        // And no string of the JSON was left out of the walk: each is a planted text or an id.
        let ids = [
            "tilde-path",
            "bad-path",
            "error",
            "warning",
            "zed",
            "cursor",
            "cline",
            "user",
            "project",
            "http",
            "invalid",
            "failed",
            "auth-required",
            "safe",
        ];
        let mut left = Vec::new();
        leaves(&serde_json::to_value(&r).unwrap(), &mut left);
        let planted = |x: &str| texts.iter().any(|t| x.starts_with(t));
        assert_eq!(left.iter().filter(|x| planted(x)).count(), i);
        let unvisited: Vec<&String> = left
            .iter()
            .filter(|x| !planted(x) && !ids.contains(&x.as_str()))
            .collect();
        assert!(
            unvisited.is_empty(),
            "strings the walk missed: {unvisited:?}"
        );
        r
    }

    /// Every string value of a JSON value.
    fn leaves(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(x) => out.push(x.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| leaves(x, out)),
            serde_json::Value::Object(o) => o.values().for_each(|x| leaves(x, out)),
            _ => {}
        }
    }

    /// The redaction before it walked the report in place: through `serde_json::Value` and back.
    fn by_round_trip(r: &Report, f: &dyn Fn(&str) -> String) -> String {
        fn walk(v: &mut serde_json::Value, f: &dyn Fn(&str) -> String) {
            match v {
                serde_json::Value::String(x) => *x = f(x),
                serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, f)),
                serde_json::Value::Object(o) => o.iter_mut().for_each(|(_, x)| walk(x, f)),
                _ => {}
            }
        }
        let mut v = serde_json::to_value(r).unwrap();
        walk(&mut v, f);
        let back: Report = serde_json::from_value(v).unwrap();
        serde_json::to_string(&back).unwrap()
    }

    /// The report's enums serialise to the ids they stand for (the contract's strings), and
    /// read back.
    #[test]
    fn every_id_serialises_as_its_text() {
        fn same<T: Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
            v: T,
            text: &str,
        ) {
            assert_eq!(serde_json::to_value(&v).unwrap(), serde_json::json!(text));
            assert_eq!(
                serde_json::from_value::<T>(serde_json::json!(text)).unwrap(),
                v
            );
            assert_eq!(
                format!("{text:12}"),
                format!("{:12}", serde_json::json!(text).as_str().unwrap())
            );
        }
        for r in RuleId::ALL.iter().copied() {
            same(r, r.as_str());
            assert_eq!(format!("{r:30}"), format!("{:30}", r.as_str()));
        }
        for c in Cause::ALL.iter().copied() {
            same(c, c.as_str());
        }
        for c in ClientId::ALL.iter().copied() {
            same(c, c.as_str());
            assert_eq!(format!("{c:14}"), format!("{:14}", c.as_str()));
        }
        for s in [Severity::Note, Severity::Warning, Severity::Error] {
            same(s, s.as_str());
        }
        for s in [Scope::Local, Scope::Project, Scope::User, Scope::Managed] {
            same(s, s.as_str());
            assert_eq!(format!("{s:9}"), format!("{:9}", s.as_str()));
        }
        for t in [
            Transport::Stdio,
            Transport::Sse,
            Transport::Http,
            Transport::Ws,
        ] {
            same(t, t.as_str());
        }
        for c in [
            ConfigStatus::Ok,
            ConfigStatus::Missing,
            ConfigStatus::Unreadable,
            ConfigStatus::Invalid,
        ] {
            same(c, c.as_str());
        }
        for h in [Health::Ok, Health::Warning, Health::Error] {
            same(h, h.as_str());
        }
        assert!(serde_json::from_value::<RuleId>(serde_json::json!("no-such-rule")).is_err());
    }

    #[test]
    fn in_place_redaction_is_the_round_trip_s() {
        let r = full_report();
        let s = Secrets::default();
        let want = by_round_trip(&r, &|x| s.redact(x));
        let got = serde_json::to_string(&r.redacted(&s).unwrap()).unwrap();
        assert_eq!(got, want);
        let got = serde_json::to_string(&r.clone().into_redacted(&s).unwrap()).unwrap();
        assert_eq!(got, want);
        assert!(!got.contains("hunter2pw") && !got.contains("abcdefgh12345678"));
        let want = by_round_trip(&r, &|x| crate::term::sanitize(x, false));
        let got = serde_json::to_string(&r.for_terminal().unwrap()).unwrap();
        assert_eq!(got, want);
        assert!(!got.contains('\u{1b}'));
    }
}
