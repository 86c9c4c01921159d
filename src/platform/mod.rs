//! Platform checks: what stands between the client and its servers outside any config file —
//! macOS's application firewall and Gatekeeper, Windows Defender Firewall and the mark of the web
//! (`Zone.Identifier`), proxies in the environment, and TLS interception.
//!
//! Three steps, as everywhere in the doctor: *plan* which facts are needed (from the servers),
//! *gather* them through [`facts::Facts`] (the real tools with a timeout, in parallel, or answers
//! recorded on a real machine), *judge* them into findings. A fact that could not be had becomes a
//! note in the report ("could not check: ..."), never a guess.
pub mod facts;
mod gatekeeper;
pub(crate) mod listeners;
mod macos_fw;
mod proxy;
mod tls;
mod windows;

use crate::finding::{ClientId, Evidence, Finding};
use crate::machine::{self, Machine, Os};
use crate::resolve::{Lookup, Resolver};
use crate::run::CheckRun;
use crate::server::{ServerSpec, Transport};
use facts::{Facts, Unavailable};

pub use crate::report::PlatformOut;

pub struct PlatformScan {
    pub findings: Vec<Finding>,
    pub out: PlatformOut,
    /// Values to redact from every output (credentials inside proxy URLs).
    pub secrets: Vec<String>,
    /// The remote servers whose TLS chain was judged (`--probe`): client, server, and whether the
    /// program that connects trusts it.
    pub tls: Vec<(ClientId, String, bool)>,
}

/// The platform checks of one `check` run (`tls`: also the certificate chains of remote servers,
/// which connects to them). `facts` is `None` when no source of platform facts is
/// available (another OS without a recording); the checks that need none still run.
pub fn scan(
    m: &Machine,
    run: &CheckRun,
    facts: Option<&dyn Facts>,
    why_none: &str,
    tls: bool,
) -> PlatformScan {
    let source = match (m.os, facts) {
        (Os::Linux, _) => "environment".to_string(),
        (_, Some(f)) => f.describe(),
        (_, None) => "skipped".to_string(),
    };
    let mut s = Scan::new(m, source);
    let servers = in_use(run, &[]);
    proxy::check(&mut s, &servers);
    s.out.checked.push("proxy variables".into());
    if tls {
        // Only under --probe: it connects to the remote servers.
        tls_check(&mut s, facts, why_none, &servers);
    }
    if m.os == Os::Linux {
        return s.finish();
    }
    let targets = Targets::of(m, &servers);
    match (m.os, facts) {
        (Os::Linux, _) => {}
        (_, None) => {
            if !targets.listeners.is_empty() || !targets.files.is_empty() {
                s.out.unchecked.push(format!(
                    "{} firewall and {}: {why_none}",
                    if m.os == Os::Macos {
                        "macOS"
                    } else {
                        "Windows"
                    },
                    if m.os == Os::Macos {
                        "Gatekeeper"
                    } else {
                        "downloaded-file blocks"
                    }
                ));
            }
        }
        (Os::Macos, Some(f)) => {
            macos_fw::check(&mut s, f, &targets);
            gatekeeper::check(&mut s, f, &targets);
        }
        (Os::Windows, Some(f)) => {
            windows::firewall(&mut s, f, &targets);
            windows::zone(&mut s, f, &targets);
        }
    }
    s.finish()
}

/// Only the TLS check (for `mcp-doctor probe`), of the named servers or all.
pub fn tls_scan(
    m: &Machine,
    run: &CheckRun,
    facts: Option<&dyn Facts>,
    why_none: &str,
    names: &[String],
) -> PlatformScan {
    let source = facts.map_or_else(|| "files".to_string(), |f| f.describe());
    let mut s = Scan::new(m, source);
    tls_check(&mut s, facts, why_none, &in_use(run, names));
    s.finish()
}

/// The servers their client really uses (not in an ignored file or entry), the named ones or all.
fn in_use<'a>(run: &'a CheckRun, names: &[String]) -> Vec<&'a ServerSpec> {
    run.servers
        .iter()
        .filter(|sv| sv.ignored.is_none() && run.configs[sv.config].loc.ignored.is_none())
        .filter(|sv| names.is_empty() || names.contains(&sv.name))
        .collect()
}

/// The TLS check, with the system's store read through the facts; without them (Linux, or no
/// recording), files are still read.
fn tls_check(s: &mut Scan, facts: Option<&dyn Facts>, why_none: &str, servers: &[&ServerSpec]) {
    let files = facts::FilesOnly {
        m: s.m,
        why: why_none.to_string(),
    };
    tls::check(s, facts.unwrap_or(&files), servers);
}

pub(crate) struct Scan<'a> {
    pub m: &'a Machine,
    pub findings: Vec<Finding>,
    pub out: PlatformOut,
    pub tls: Vec<(ClientId, String, bool)>,
}

impl<'a> Scan<'a> {
    fn new(m: &'a Machine, source: String) -> Scan<'a> {
        Scan {
            m,
            findings: Vec::new(),
            tls: Vec::new(),
            out: PlatformOut {
                source,
                ..Default::default()
            },
        }
    }

    fn finish(self) -> PlatformScan {
        PlatformScan {
            findings: self.findings,
            out: self.out,
            secrets: proxy::secrets(self.m),
            tls: self.tls,
        }
    }

    pub fn unchecked(&mut self, what: &str, why: &Unavailable) {
        let line = format!("{what}: could not check ({})", why.describe());
        if !self.out.unchecked.contains(&line) {
            self.out.unchecked.push(line);
        }
    }

    pub fn checked(&mut self, what: &str) {
        if !self.out.checked.iter().any(|c| c == what) {
            self.out.checked.push(what.to_string());
        }
    }
}

/// A finding about one server, with a platform observation as evidence.
pub(crate) fn finding(
    rule: crate::rules::RuleId,
    client: ClientId,
    server: &str,
    msg: String,
    evidence: String,
) -> Finding {
    Finding::new(rule, msg)
        .client(client)
        .server(server.to_string())
        .evidence(Evidence::text(evidence))
        .var(crate::finding::Var::Server, server.to_string())
}

/// How a server is reached, for the firewall: only a process that accepts connections can be
/// blocked from receiving them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Over loopback (`localhost`, `127.0.0.1`, `::1`): application firewalls do not filter it.
    Loopback,
    /// Over an address of the local network (a private IP, a `.local` name, a bare host name),
    /// which is filtered when the server runs on this machine.
    Lan,
}

/// A server that listens for its client (or, for mcp-remote, for the browser's OAuth callback).
#[derive(Clone, Debug)]
pub(crate) struct Listener {
    pub client: ClientId,
    pub server: String,
    pub url: String,
    pub reach: Reach,
    /// The mcp-remote bridge's OAuth callback rather than the server itself.
    pub callback: bool,
    /// Programs (target paths) that may be the listening process: the entry's interpreter, or the
    /// runtimes on the shell's PATH for a server started by hand.
    pub programs: Vec<String>,
}

/// A file a stdio server runs: its program, or the script its interpreter is given.
#[derive(Clone, Debug)]
pub(crate) struct RunFile {
    pub client: ClientId,
    pub server: String,
    /// Target path.
    pub target: String,
    /// The program the client starts (`command`), rather than a script passed to it.
    pub is_program: bool,
}

pub(crate) struct Targets {
    pub listeners: Vec<Listener>,
    pub files: Vec<RunFile>,
}

const SCRIPT_EXT: &[&str] = &[
    "js", "mjs", "cjs", "ts", "py", "pyz", "sh", "ps1", "rb", "php", "exe", "bat", "cmd", "jar",
];

impl Targets {
    fn of(m: &Machine, servers: &[&ServerSpec]) -> Targets {
        let mut resolver = Resolver::default();
        let mut t = Targets {
            listeners: vec![],
            files: vec![],
        };
        for s in servers {
            let runtime_path = runtime_path(m, s);
            if let Some(url) = s.url.as_ref().filter(|_| s.transport != Transport::Stdio) {
                let url = crate::launch::value(m, s, crate::launch::Field::Url, &url.value);
                if let Some(reach) = listeners::reach(&url) {
                    let mut programs = Vec::new();
                    for rt in ["node", "python3", "python"] {
                        if let Lookup::Found { target, .. } =
                            resolver.lookup(m, rt, &m.shell_paths())
                        {
                            programs.push(target);
                        }
                    }
                    t.listeners.push(Listener {
                        client: s.client,
                        server: s.name.clone(),
                        url,
                        reach,
                        callback: false,
                        programs,
                    });
                }
                continue;
            }
            let Some(cmd) = &s.command else { continue };
            let value = crate::launch::value(m, s, crate::launch::Field::Command, &cmd.value);
            let base = basename(m.os, &value).to_ascii_lowercase();
            let base = base
                .strip_suffix(".exe")
                .or_else(|| base.strip_suffix(".cmd"))
                .unwrap_or(&base)
                .to_string();
            let program = if machine::is_absolute(m.os, &value) {
                Some(value.clone())
            } else if !value.contains(['/', '\\']) && !value.trim().is_empty() {
                match resolver.lookup(m, &value, &runtime_path) {
                    Lookup::Found { target, .. } | Lookup::NotExecutable { target, .. } => {
                        Some(target)
                    }
                    _ => None,
                }
            } else {
                None
            };
            if let Some(p) = program.as_ref().filter(|p| !is_system_file(m.os, p)) {
                t.files.push(RunFile {
                    client: s.client,
                    server: s.name.clone(),
                    target: p.clone(),
                    is_program: true,
                });
            }
            let args: Vec<String> = s
                .args
                .iter()
                .map(|a| crate::launch::value(m, s, crate::launch::Field::Arg, &a.value))
                .collect();
            if let Some(script) = args.iter().find(|a| {
                machine::is_absolute(m.os, a)
                    && std::path::Path::new(a.as_str())
                        .extension()
                        .and_then(|e| e.to_str())
                        .is_some_and(|e| SCRIPT_EXT.contains(&e.to_ascii_lowercase().as_str()))
            }) {
                t.files.push(RunFile {
                    client: s.client,
                    server: s.name.clone(),
                    target: script.clone(),
                    is_program: false,
                });
            }
            // mcp-remote: the bridge listens on localhost for the OAuth callback.
            let arg_strs: Vec<&str> = args.iter().map(String::as_str).collect();
            let bridge = s
                .command
                .as_ref()
                .and_then(|c| crate::wrappers::mcp_remote(&c.value, &arg_strs));
            if let Some(bridge) = bridge {
                let url = bridge
                    .url
                    .and_then(|i| args.get(i))
                    .filter(|a| a.starts_with("http://") || a.starts_with("https://"))
                    .cloned()
                    .unwrap_or_default();
                let mut programs = Vec::new();
                if base == "node" {
                    programs.extend(program.clone());
                } else if let Lookup::Found { target, .. } =
                    resolver.lookup(m, "node", &runtime_path)
                {
                    programs.push(target);
                }
                t.listeners.push(Listener {
                    client: s.client,
                    server: s.name.clone(),
                    url,
                    reach: Reach::Loopback,
                    callback: true,
                    programs,
                });
            }
            // Any other stdio server does not listen: no firewall applies to it.
        }
        t
    }
}

/// A file of the OS itself (protected, never marked as downloaded): not worth asking about.
fn is_system_file(os: Os, p: &str) -> bool {
    let low = p.to_ascii_lowercase();
    match os {
        Os::Windows => low.starts_with(r"c:\windows\"),
        Os::Macos => [
            "/usr/bin/",
            "/bin/",
            "/usr/sbin/",
            "/sbin/",
            "/system/",
            "/usr/libexec/",
        ]
        .iter()
        .any(|d| low.starts_with(d)),
        Os::Linux => false,
    }
}

/// The PATH the entry's program is looked up on: its own `env.PATH`, else the client's.
fn runtime_path(m: &Machine, s: &ServerSpec) -> Vec<String> {
    s.spawn_path(m)
}

/// The last component of a target path.
pub(crate) fn basename(os: Os, p: &str) -> &str {
    let seps: &[char] = if os.is_windows() {
        &['\\', '/']
    } else {
        &['/']
    };
    p.rsplit(seps).next().unwrap_or(p)
}

/// Quotes a path for a POSIX shell command.
pub(crate) fn sh_quote(p: &str) -> String {
    crate::shell::posix(p)
}
