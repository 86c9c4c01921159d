//! `check --probe` and `mcp-doctor probe`: turns each configured server into a probe spec that
//! starts it exactly as its client would (that client's PATH, environment and working folder), and
//! folds the results into the report.
use crate::clients::{self, Scope};
use crate::finding::Finding;
use crate::launch::spawn_env;
use crate::machine::{self, Machine, Os};
pub use crate::probe::MAX_WAIT;
use crate::probe::{self, clamp, ProbeResult, ProbeSpec, ProbeTransport};
use crate::resolve::{Lookup, Resolver};
use crate::run::CheckRun;
use crate::server::{ServerSpec, Transport};
use std::path::PathBuf;
use std::time::Duration;

pub struct ProbeOptions {
    pub names: Vec<String>,
    pub trust_project: bool,
    pub timeout: Duration,
    pub idle: Option<Duration>,
    /// At most this many stdio servers start at once (`--jobs`; 0: the cores).
    pub jobs: usize,
    /// Told as each probe starts, finishes or is retried (a progress line).
    pub progress: Option<crate::probe::pool::Progress>,
}

/// What to do with one server: probe it, or say why not.
pub enum Plan {
    Probe(ProbeSpec),
    Skip(String),
}

/// Whether the client has approved a project-scoped server (only Claude Code keeps approvals:
/// `clients::claude_code::approved`).
fn approved(m: &Machine, s: &ServerSpec) -> bool {
    if s.scope != Scope::Project {
        return true;
    }
    s.client == clients::claude_code::ID
        && clients::claude_code::approved(m, &s.name, s.project.as_deref())
}

pub fn plan(
    m: &Machine,
    run: &CheckRun,
    s: &ServerSpec,
    o: &ProbeOptions,
    resolver: &mut Resolver,
) -> Plan {
    if s.disabled {
        return Plan::Skip("disabled in the config".into());
    }
    if let Some(why) = s
        .ignored
        .as_ref()
        .or(run.configs[s.config].loc.ignored.as_ref())
    {
        return Plan::Skip(format!("the client does not use this entry: {why}"));
    }
    if !o.trust_project && !approved(m, s) {
        return Plan::Skip(
            "a project-scoped server the client has not approved: pass --trust-project to start it"
                .into(),
        );
    }
    if clients::profile(s.client, m.os).expansion == clients::Expansion::Continue {
        let values = s
            .command
            .iter()
            .chain(&s.args)
            .chain(s.url.iter())
            .chain(s.cwd.iter())
            .chain(s.env.iter().map(|(_, v)| v))
            .chain(s.headers.iter().map(|(_, v)| v));
        if let Some(v) = values
            .into_iter()
            .find(|v| clients::CONTINUE_REF.is_match(&v.value))
        {
            let t = clients::CONTINUE_REF
                .captures(&v.value)
                .and_then(|c| c.get(1))
                .map_or("", |x| x.as_str());
            return Plan::Skip(format!(
                "it uses the template value \"{t}\", which Continue fills in itself (from its secrets); the doctor cannot"
            ));
        }
    }
    if let Some(url) = &s.url {
        let transport = if s.transport == Transport::Sse {
            ProbeTransport::Sse
        } else {
            ProbeTransport::Http
        };
        let mut spec = ProbeSpec::remote(
            s.name.clone(),
            s.client,
            transport,
            crate::launch::value(m, s, crate::launch::Field::Url, &url.value),
        );
        spec.headers = s
            .headers
            .iter()
            .map(|(k, v)| {
                (
                    k.value.clone(),
                    crate::launch::value(m, s, crate::launch::Field::Header, &v.value),
                )
            })
            .collect();
        spec.timeout = clamp(o.timeout);
        spec.idle = o.idle.map(clamp);
        return Plan::Probe(spec);
    }
    if m.foreign || m.os != Os::host() {
        return Plan::Skip(format!(
            "a {} server cannot be started on this machine",
            m.os.as_str()
        ));
    }
    let Some(cmd) = &s.command else {
        return Plan::Skip("no command".into());
    };
    let cmd = crate::launch::value(m, s, crate::launch::Field::Command, &cmd.value);
    // A whole command line in `command`, for a client that splits it: its first word is the
    // program, the rest come before `args`.
    let (cmd, lead) = crate::launch::command_line(m, s, &cmd);
    // The PATH check and the runtime step judge: the entry's own, else the one the app logged,
    // else the client's.
    let (path, _) = s.app_path(m, &run.logged);
    let program: PathBuf = if machine::is_absolute(m.os, &cmd) {
        m.to_host(&cmd).unwrap_or_else(|| PathBuf::from(&cmd))
    } else {
        match resolver.lookup(m, &cmd, &path) {
            Lookup::Found { host, .. }
            | Lookup::NotExecutable { host, .. }
            | Lookup::ShimOnly { host, .. } => host,
            Lookup::NotFound { .. } => PathBuf::from(&cmd),
        }
    };
    let args: Vec<String> = lead
        .into_iter()
        .chain(
            s.args
                .iter()
                .map(|a| crate::launch::value(m, s, crate::launch::Field::Arg, &a.value)),
        )
        .collect();
    let cwd = match (clients::get(s.client).fixed_cwd)(m.os) {
        Some(fixed) => Some(PathBuf::from(fixed)),
        None => s
            .cwd
            .as_ref()
            .filter(|_| clients::profile(s.client, m.os).honours_cwd)
            .and_then(|c| {
                m.to_host(&crate::launch::value(
                    m,
                    s,
                    crate::launch::Field::Cwd,
                    &c.value,
                ))
            })
            .or_else(|| Some(m.cwd.clone())),
    };
    let spec = ProbeSpec {
        name: s.name.clone(),
        client: s.client,
        transport: ProbeTransport::Stdio,
        program,
        args,
        env: spawn_env(m, s, &path),
        cwd,
        url: None,
        headers: vec![],
        timeout: clamp(o.timeout),
        idle: None,
    };
    Plan::Probe(spec)
}

/// Probes the selected servers in parallel; returns each server's index with its result and the
/// findings the probes prove. `on_done` is called as each finishes (for a line on a terminal).
/// What the server itself said while failing: its captured stderr (and stdout lines that were not
/// JSON-RPC) read by the same classifier as the clients' logs, so that "No module named x", "API
/// key is required" or "Cannot find module '/…/index.js'" name their cause instead of the generic
/// crash. Only for a probe that did not succeed: a healthy server's chatter is not a failure.
pub fn output_findings(m: &Machine, spec: &ProbeSpec, r: &ProbeResult) -> Vec<Finding> {
    use crate::probe::ProbeStatus;
    if !matches!(r.status, ProbeStatus::Failed | ProbeStatus::Timeout) {
        return Vec::new();
    }
    let mut text = String::new();
    for l in r.stderr_tail.iter().flatten().chain(&r.stdout_noise) {
        text.push_str(l);
        text.push('\n');
    }
    if text.trim().is_empty() {
        return Vec::new();
    }
    crate::logs::classify_text(m, &text, "stderr")
        .into_iter()
        .map(|mut f| {
            f.client = Some(spec.client);
            f.server = Some(spec.name.clone());
            f.time = None;
            let said = f
                .evidence
                .iter()
                .map(|e| e.text.trim())
                .find(|t| !t.is_empty())
                .map(|t| crate::redact::text_cut(t, 160));
            if let Some(said) = said {
                f.message = format!("{}: the server printed `{said}`.", f.rule.rule().title);
            }
            for e in &mut f.evidence {
                e.path = None;
                e.line = None;
                e.column = None;
                if !e.text.starts_with("stderr: ") {
                    e.text = format!("stderr: {}", e.text);
                }
            }
            f
        })
        .collect()
}

pub fn run_probes(
    m: &Machine,
    run: &CheckRun,
    o: &ProbeOptions,
    on_done: impl Fn(&ProbeSpec, &ProbeResult) + Sync,
) -> (Vec<(usize, ProbeResult)>, Vec<Finding>) {
    let mut resolver = Resolver::default();
    let mut specs = Vec::new();
    let mut owners = Vec::new();
    let mut out = Vec::new();
    for (i, s) in run.servers.iter().enumerate() {
        if !o.names.is_empty() && !o.names.iter().any(|n| n == &s.name) {
            continue;
        }
        match plan(m, run, s, o, &mut resolver) {
            Plan::Probe(spec) => {
                specs.push(spec);
                owners.push(i);
            }
            Plan::Skip(why) => {
                let mut r = probe::skipped(&why);
                if s.url.is_some() {
                    r.transport = if s.transport == Transport::Sse {
                        ProbeTransport::Sse
                    } else {
                        ProbeTransport::Http
                    };
                }
                out.push((i, r));
            }
        }
    }
    let jobs = if o.jobs == 0 {
        probe::pool::default_jobs()
    } else {
        o.jobs
    };
    let progress = |e: probe::pool::Event| {
        if let Some(p) = &o.progress {
            let i = match e {
                probe::pool::Event::Started(i)
                | probe::pool::Event::Done(i)
                | probe::pool::Event::Retrying(i) => i,
            };
            p(&specs[i].name, e);
        }
    };
    let results = probe::pool::probe_pool(&specs, jobs, &on_done, &progress);
    let mut findings = Vec::new();
    for ((spec, r), i) in specs.iter().zip(results).zip(owners) {
        findings.extend(probe::findings(spec, &r));
        findings.extend(output_findings(m, spec, &r));
        out.push((i, r));
    }
    crate::sort::by_key(&mut out, |(i, _)| *i);
    (out, findings)
}
