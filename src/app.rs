//! The commands, as functions from the machine and their arguments to (output text, exit code).
use crate::cli::{CheckArgs, Format, LogsArgs, ProbeArgs};
use crate::finding::Severity;
use crate::logs::{self, Filter, LogScan, Window};
use crate::machine::{Machine, Os};
use crate::probing::{self, ProbeOptions};
use crate::render::{self, Paint};
use crate::report::Report;
use crate::rules::{self, RuleId};
use crate::scope::Selected;
use std::collections::{HashMap, HashSet};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    Usage(String),
    #[error("`{0}` is not available yet (issue #{1}); `mcp-doctor check` works")]
    NotYet(&'static str, u32),
    #[error("cannot write output: {0}")]
    Io(String),
    #[error("broken pipe")]
    BrokenPipe,
    /// `fix` without `--yes` where no one can answer (stdin is not a terminal); the diff was shown.
    #[error("nothing written: stdin is not a terminal; re-run with --yes to write (or --dry-run to only show the diff)")]
    NotConfirmed,
}

pub struct Output {
    /// `--json` or `--format json`: the report, nothing else on stdout.
    pub json: bool,
    pub verbose: bool,
    pub color: bool,
    /// `--format`.
    pub format: Format,
    /// `--fail-on`: the least severe finding that makes the exit code 1.
    pub fail_on: Severity,
}

impl Default for Output {
    fn default() -> Output {
        Output {
            json: false,
            verbose: false,
            color: false,
            format: Format::Human,
            fail_on: Severity::Error,
        }
    }
}

/// The contract's exit code for a report: 1 when any finding is an error.
pub fn exit_code(r: &Report) -> u8 {
    u8::from(r.worst() == Some(Severity::Error))
}

/// A report that cannot be redacted is not shown (fails closed).
pub fn redaction(e: crate::report::RedactionFailed) -> AppError {
    AppError::Io(e.to_string())
}

/// The exit code under `--fail-on`: 1 when any finding is at least that severe.
pub fn exit_code_for(r: &Report, out: &Output) -> u8 {
    u8::from(r.worst().is_some_and(|w| w >= out.fail_on))
}

/// The report in the chosen format (the kind of report, for Markdown's heading, is read from
/// what it holds).
pub fn emit(r: &Report, m: &Machine, out: &Output) -> String {
    use crate::output::markdown::{self, Kind};
    match out.format {
        Format::Json => {
            let mut s =
                crate::output::pretty_json(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
            s.push('\n');
            s
        }
        Format::Markdown => {
            let kind = if r.changes.is_some() {
                Kind::Fix
            } else if r.events.is_some() {
                Kind::Logs
            } else if r.configs.is_none() {
                Kind::Probe
            } else {
                Kind::Check
            };
            markdown::render(r, m, kind)
        }
        Format::Sarif => crate::output::sarif::render(r),
        Format::Human => {
            // With colour on, the painting's own escapes stay, so the report's strings are made
            // safe first; with colour off the whole text is, on its way out.
            let safe;
            let r = if out.color {
                match r.for_terminal() {
                    Ok(t) => {
                        safe = t;
                        &safe
                    }
                    Err(e) => return format!("{e}\n"),
                }
            } else {
                r
            };
            render::human(r, m, out.verbose, Paint { on: out.color })
        }
    }
}

pub fn check(m: &Machine, a: &CheckArgs, out: &Output) -> Result<(String, u8), AppError> {
    let sel = Selected::parse(&a.scope).map_err(AppError::Usage)?;
    // The clients' logs of the window (the last day by default): their events, and the PATH
    // each app logged for its servers, which the checks use instead of their model of the app.
    let window = window(m, a.since.as_deref())?;
    let sources = logs::discover(m).sources;
    let scan = scan_logs(
        m,
        &sources,
        &window,
        &Filter {
            server: None,
            client: None,
        },
        out,
    );
    // The config checks and which Node/Python each server really gets, against what it needs.
    let (mut run, runtimes) = check_with_runtimes(m, &scan.paths);
    sel.check_known(&run, false).map_err(AppError::Usage)?;
    // Stored OAuth tokens are read without contacting anything.
    let mut extra = crate::probe::credential_findings(m);
    extra.extend(crate::check::config_change_findings(
        m, &run, &scan, &window,
    ));
    extra.extend(scan.findings);
    let mut probes = Vec::new();
    if a.probe {
        let live = LiveProgress::new(out);
        let o = ProbeOptions {
            names: selected_names(&run, &sel),
            trust_project: a.trust_project,
            timeout: Duration::from_secs(a.timeout.max(1)),
            idle: None,
            jobs: a.jobs.unwrap_or(0) as usize,
            progress: live.callback(),
        };
        let (results, findings) =
            live.run(|| probing::run_probes(m, &run, &o, |spec, r| progress_line(out, spec, r)));
        probes = results;
        extra.extend(findings);
    }
    let mut secrets = run.secrets.clone();
    let platform = if a.no_platform {
        None
    } else {
        let scan = platform_scan(m, &run, a)?;
        settle_tls_probes(&run, &scan.tls, &mut extra, &mut probes);
        extra.extend(scan.findings);
        for s in &scan.secrets {
            secrets.add(s);
        }
        Some(scan.out)
    };
    // Planned before the findings move into the report (the planner reads them).
    let planned = PlannedFixes::for_findings(m, &run, &runtimes, run.findings.iter().chain(&extra));
    let mut report = run.take_report(m, extra);
    report.host.runtimes = runtimes.report(true);
    planned.drop_idle(&mut report);
    drop(planned);
    report.platform = platform;
    attach_probes(&mut report, probes);
    // The configs' texts and trees and the unredacted report are done with: freed before the
    // redacted copy and the output are made (100 000 servers: hundreds of MB less at the peak).
    drop(run);
    drop(runtimes);
    let mut report = report.into_redacted(&secrets).map_err(redaction)?;
    sel.narrow(&mut report);
    crate::list::record(m, &report);
    let done = (emit(&report, m, out), exit_code_for(&report, out));
    // Only `main` calls this, and the process ends once the text is printed: the report is not
    // taken apart string by string (100 000 servers: a million strings, 2 % of the run).
    std::mem::forget(report);
    Ok(done)
}

/// A finding or cause names `mcp-doctor fix …` only when the fix planner would change something
/// for it (an edit for that client, server and rule); otherwise the command would do nothing,
/// and the finding keeps its summary and hand-fix commands.
pub fn drop_idle_automatic_fixes(
    m: &Machine,
    run: &crate::check::CheckRun,
    runtimes: &crate::runtime::Runtimes,
    report: &mut Report,
) {
    let wanted: HashSet<(crate::finding::ClientId, &str)> = report
        .findings
        .iter()
        .filter(|f| f.fix.automatic.is_some())
        .filter_map(|f| Some((f.client?, f.server.as_deref()?)))
        .collect();
    if wanted.is_empty() {
        // Nothing to plan: any `mcp-doctor fix` left names no server, and goes.
        return PlannedFixes::default().drop_idle(report);
    }
    let planned = PlannedFixes::new(m, run, runtimes, &|c, s| wanted.contains(&(c, s)));
    drop(wanted);
    planned.drop_idle(report);
}

/// The rules of the edits `mcp-doctor fix` would make, for the servers whose findings offer it:
/// planned before the findings move into the report (the planner reads them), applied to the
/// report after ([`PlannedFixes::drop_idle`]).
#[derive(Default)]
pub struct PlannedFixes {
    /// By server name: each planned edit's client and rule.
    by_server: HashMap<String, Vec<(crate::finding::ClientId, RuleId)>>,
}

impl PlannedFixes {
    /// The edits planned for the servers `wanted` names (by client and name).
    pub fn new(
        m: &Machine,
        run: &crate::check::CheckRun,
        runtimes: &crate::runtime::Runtimes,
        wanted: &dyn Fn(crate::finding::ClientId, &str) -> bool,
    ) -> PlannedFixes {
        let edits = crate::fix::plan::plan_servers(
            m,
            run,
            runtimes,
            &crate::fix::Selection::default(),
            wanted,
        );
        let mut by_server: HashMap<String, Vec<_>> = HashMap::new();
        for e in edits {
            by_server
                .entry(e.server)
                .or_default()
                .push((e.client, e.rule));
        }
        PlannedFixes { by_server }
    }

    /// [`PlannedFixes::new`] for the servers of these findings that offer `mcp-doctor fix`.
    pub fn for_findings<'a>(
        m: &Machine,
        run: &crate::check::CheckRun,
        runtimes: &crate::runtime::Runtimes,
        findings: impl Iterator<Item = &'a crate::finding::Finding>,
    ) -> PlannedFixes {
        let wanted: HashSet<(crate::finding::ClientId, &str)> = findings
            .filter(|f| f.has_automatic_fix())
            .filter_map(|f| Some((f.client?, f.server.as_deref()?)))
            .collect();
        if wanted.is_empty() {
            return PlannedFixes::default();
        }
        PlannedFixes::new(m, run, runtimes, &|c, s| wanted.contains(&(c, s)))
    }

    /// An edit for this server by the same rule, or one the same command would make (a probe's
    /// or a log's finding points at the config rule's edit).
    fn planned(
        &self,
        client: Option<crate::finding::ClientId>,
        server: Option<&str>,
        rule: RuleId,
        cmd: &str,
    ) -> bool {
        let (Some(client), Some(server)) = (client, server) else {
            return false;
        };
        self.by_server.get(server).is_some_and(|edits| {
            edits.iter().any(|&(c, r)| {
                c == client && (r == rule || r.rule().fix.automatic.as_deref() == Some(cmd))
            })
        })
    }

    /// Drops `mcp-doctor fix …` from each finding and cause it would do nothing for.
    pub fn drop_idle(&self, report: &mut Report) {
        let mut kept: HashSet<String> = HashSet::new();
        for f in &mut report.findings {
            if let Some(a) = f.fix.automatic.clone() {
                if self.planned(f.client, f.server.as_deref(), f.rule, &a) {
                    kept.insert(f.id.clone());
                } else {
                    f.fix.automatic = None;
                    f.fix.commands.retain(|c| c != &a);
                }
            }
        }
        for c in &mut report.causes {
            if let Some(a) = c.fix.automatic.clone() {
                if !c.findings.iter().any(|id| kept.contains(id)) {
                    c.fix.automatic = None;
                    c.fix.commands.retain(|x| x != &a);
                }
            }
        }
    }
}

/// The names to probe for a selection (none: all). A client selection alone names the servers of
/// those clients.
fn selected_names(run: &crate::check::CheckRun, sel: &Selected) -> Vec<String> {
    if sel.is_all() {
        return vec![];
    }
    let mut names: Vec<String> = Vec::new();
    for s in &run.servers {
        if sel.client(s.client) && sel.server(&s.name) && !names.contains(&s.name) {
            names.push(s.name.clone());
        }
    }
    if names.is_empty() {
        // Nothing selected is configured: a name no server has, so none is probed.
        names.push(String::from("\u{0}"));
    }
    names
}

/// A probe whose request failed on the certificate, once the TLS check has judged that server's
/// chain against the store of the program that really connects: when that program rejects it
/// too, the TLS finding says why and the probe's generic one goes; when it trusts the chain (an
/// editor using the system's store; the probe knows only Mozilla's list), the probe's failure is
/// not the client's, and says so in the probe's notes instead of as a finding.
fn settle_tls_probes(
    run: &crate::check::CheckRun,
    judged: &[(crate::finding::ClientId, String, bool)],
    findings: &mut Vec<crate::finding::Finding>,
    probes: &mut [(usize, crate::probe::ProbeResult)],
) {
    use crate::rules::RuleId;
    let verdict = |f: &crate::finding::Finding| {
        judged
            .iter()
            .find(|(c, s, _)| Some(*c) == f.client && f.server.as_deref() == Some(s.as_str()))
            .map(|j| j.2)
    };
    // The servers whose probe failed on the TLS handshake (by the probe's own field, not its
    // wording).
    let tls_failed: Vec<(crate::finding::ClientId, &str)> = probes
        .iter()
        .filter(|(_, r)| r.network == Some(crate::probe::Network::Tls))
        .map(|(i, _)| (run.servers[*i].client, run.servers[*i].name.as_str()))
        .collect();
    findings.retain(|f| {
        let tls = tls_failed
            .iter()
            .any(|(c, s)| Some(*c) == f.client && f.server.as_deref() == Some(*s));
        if f.rule != RuleId::ProbeNetworkBlocked || !tls {
            return true;
        }
        match verdict(f) {
            None => true,
            Some(false) => false,
            Some(true) => {
                for (i, r) in probes.iter_mut() {
                    let s = &run.servers[*i];
                    if Some(s.client) == f.client && f.server.as_deref() == Some(s.name.as_str()) {
                        r.notes.push(format!(
                            "The probe checks certificates against Mozilla's list only, and failed; {} uses the system's certificate store, which trusts this server's chain, so this failure is the probe's, not the client's.",
                            s.client.title()
                        ));
                    }
                }
                false
            }
        }
    });
}

/// The runtime step, unless `MCP_DOCTOR_NO_RUNTIMES` is set (for benchmarks that measure what
/// it adds).
pub fn runtimes(
    m: &Machine,
    run: &crate::check::CheckRun,
    logged: &[logs::LoggedPath],
) -> crate::runtime::Runtimes {
    if m.env.non_empty("MCP_DOCTOR_NO_RUNTIMES").is_some() {
        return crate::runtime::Runtimes::default();
    }
    crate::runtime::analyse(m, run, logged)
}

/// The PATHs the apps logged for their servers in the last day (for commands that do not show
/// log events but must model the app's PATH as `check` does).
pub fn logged_paths(m: &Machine) -> Vec<logs::LoggedPath> {
    let Ok(window) = window(m, None) else {
        return vec![];
    };
    let sources = logs::discover(m).sources;
    logs::scan(m, &sources, &window, &Filter::default()).paths
}

/// A check with the runtime step's findings folded in, and its runtimes: what `fix` plans from
/// and re-checks with.
pub fn check_with_runtimes(
    m: &Machine,
    logged: &[logs::LoggedPath],
) -> (crate::check::CheckRun, crate::runtime::Runtimes) {
    let mut run = crate::check::run_with(m, logged);
    let mut rt = runtimes(m, &run, logged);
    // Moved, not copied: nothing reads the runtime step's own list afterwards.
    run.findings.append(&mut rt.findings);
    (run, rt)
}

/// Where platform facts come from: a recording (`--platform-replay`, `MCP_DOCTOR_PLATFORM_REPLAY`),
/// this machine's tools when it is the diagnosed one, else none, with the reason.
fn platform_facts<'a>(
    m: &'a Machine,
    replay: Option<std::path::PathBuf>,
) -> Result<(Option<Box<dyn crate::platform::facts::Facts + 'a>>, String), AppError> {
    use crate::platform::facts::{Live, Replay};
    let replay = replay.or_else(|| {
        std::env::var_os("MCP_DOCTOR_PLATFORM_REPLAY")
            .filter(|v| !v.is_empty())
            .map(std::path::PathBuf::from)
    });
    if let Some(dir) = replay {
        let r = Replay::load(m, &dir).map_err(|e| AppError::Usage(e.to_string()))?;
        return Ok((Some(Box::new(r)), String::new()));
    }
    if m.foreign {
        let why = format!(
            "skipped: the doctor runs on {} and cannot ask {}'s tools (pass --platform-replay DIR with answers recorded there)",
            Os::host().as_str(),
            m.os.as_str()
        );
        return Ok((None, why));
    }
    if m.home_given {
        let why = "skipped: with --home the tools of this machine would describe it, not the analysed home (pass --platform-replay DIR)";
        return Ok((None, why.to_string()));
    }
    let live = Live {
        m,
        timeout: Duration::from_secs(5),
    };
    Ok((Some(Box::new(live)), String::new()))
}

/// The platform checks of `check`.
fn platform_scan(
    m: &Machine,
    run: &crate::check::CheckRun,
    a: &CheckArgs,
) -> Result<crate::platform::PlatformScan, AppError> {
    let (facts, why) = platform_facts(m, a.platform_replay.clone())?;
    Ok(crate::platform::scan(
        m,
        run,
        facts.as_deref(),
        &why,
        a.probe,
    ))
}

/// `mcp-doctor probe [NAME...]`: only the live probes.
pub fn probe(m: &Machine, a: &ProbeArgs, out: &Output) -> Result<(String, u8), AppError> {
    let run = crate::check::run(m);
    let mut scope = a.scope.clone();
    scope.servers.extend(a.names.iter().cloned());
    let sel = Selected::parse(&scope).map_err(AppError::Usage)?;
    sel.check_known(&run, a.scope.servers.is_empty())
        .map_err(AppError::Usage)?;
    let names = selected_names(&run, &sel);
    let live = LiveProgress::new(out);
    let o = ProbeOptions {
        names: names.clone(),
        trust_project: a.trust_project,
        timeout: Duration::from_secs(a.timeout.max(1)),
        idle: a.idle.map(Duration::from_secs),
        jobs: a.jobs.unwrap_or(0) as usize,
        progress: live.callback(),
    };
    let (mut results, mut findings) =
        live.run(|| probing::run_probes(m, &run, &o, |spec, r| progress_line(out, spec, r)));
    // The certificate chains of the probed remote servers, judged for the program that connects.
    let (facts, why) = platform_facts(m, None)?;
    let tls = crate::platform::tls_scan(m, &run, facts.as_deref(), &why, &names);
    settle_tls_probes(&run, &tls.tls, &mut findings, &mut results);
    findings.extend(tls.findings);
    let probed: Vec<usize> = results.iter().map(|(i, _)| *i).collect();
    let mut report = crate::report::Report::new(m);
    report.servers = Some(
        probed
            .iter()
            .map(|&i| run.server_out(&run.servers[i], &run.findings))
            .collect(),
    );
    report.set_findings(m, findings);
    drop_idle_automatic_fixes(m, &run, &crate::runtime::Runtimes::default(), &mut report);
    if !tls.out.checked.is_empty() || !tls.out.unchecked.is_empty() {
        report.platform = Some(tls.out);
    }
    attach_probes(
        &mut report,
        results
            .into_iter()
            .enumerate()
            .map(|(k, (_, r))| (k, r))
            .collect(),
    );
    let mut secrets = run.secrets.clone();
    for s in &tls.secrets {
        secrets.add(s);
    }
    let mut report = report.redacted(&secrets).map_err(redaction)?;
    sel.narrow(&mut report);
    crate::list::record(m, &report);
    Ok((emit(&report, m, out), exit_code_for(&report, out)))
}

fn attach_probes(report: &mut Report, probes: Vec<(usize, crate::probe::ProbeResult)>) {
    if let Some(servers) = report.servers.as_mut() {
        for (i, r) in probes {
            if let Some(s) = servers.get_mut(i) {
                s.probe = Some(Box::new(r));
            }
        }
    }
}

/// The live progress line during probes, on a terminal (stderr) only and never under --json:
/// which servers are still pending and for how long, redrawn every half second.
struct LiveProgress {
    on: bool,
    pending: std::sync::Arc<std::sync::Mutex<Vec<(String, std::time::Instant)>>>,
}

impl LiveProgress {
    fn new(out: &Output) -> LiveProgress {
        use std::io::IsTerminal;
        LiveProgress {
            on: out.format == Format::Human && std::io::stderr().is_terminal(),
            pending: Default::default(),
        }
    }

    fn callback(&self) -> Option<crate::probe::pool::Progress> {
        use crate::probe::pool::Event;
        if !self.on {
            return None;
        }
        let pending = self.pending.clone();
        Some(std::sync::Arc::new(move |name: &str, e: Event| {
            let mut p = pending.lock().unwrap_or_else(|e| e.into_inner());
            match e {
                Event::Started(_) | Event::Retrying(_) => {
                    p.push((name.to_string(), std::time::Instant::now()))
                }
                Event::Done(_) => {
                    if let Some(k) = p.iter().position(|(n, _)| n == name) {
                        p.remove(k);
                    }
                }
            }
        }))
    }

    /// Runs `f` with the line redrawn beside it, and clears it at the end.
    fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        if !self.on {
            return f();
        }
        let stop = std::sync::atomic::AtomicBool::new(false);
        std::thread::scope(|s| {
            s.spawn(|| {
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_millis(500));
                    let p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
                    if p.is_empty() {
                        continue;
                    }
                    let list: Vec<String> = p
                        .iter()
                        .take(4)
                        .map(|(n, t)| format!("{n} {}s", t.elapsed().as_secs()))
                        .collect();
                    let more = if p.len() > 4 {
                        format!(" and {} more", p.len() - 4)
                    } else {
                        String::new()
                    };
                    eprint!(
                        "\r\x1b[2K  waiting for {} server(s): {}{more}",
                        p.len(),
                        list.join(", ")
                    );
                }
                eprint!("\r\x1b[2K");
            });
            let r = f();
            stop.store(true, std::sync::atomic::Ordering::Relaxed);
            r
        })
    }
}

/// One line per finished probe on a terminal (stderr), nothing under --json.
fn progress_line(out: &Output, spec: &crate::probe::ProbeSpec, r: &crate::probe::ProbeResult) {
    use std::io::IsTerminal;
    if out.json || !std::io::stderr().is_terminal() {
        return;
    }
    let status = serde_json::to_value(r.status)
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default();
    let detail = r
        .error
        .as_deref()
        .map(crate::redact::text)
        .unwrap_or_else(|| r.tools.map(|t| format!("{t} tools")).unwrap_or_default());
    // Clear the live progress line first (our own escape), then the sanitised result.
    eprint!("\r\x1b[2K");
    crate::term::eprint(
        &format!(
            "  probed {} ({}): {status} in {} ms {detail}\n",
            spec.name,
            spec.client.title(),
            r.duration_ms
        ),
        false,
    );
}

pub fn rules(out: &Output) -> (String, u8) {
    let reg = rules::registry();
    if out.json {
        let list: Vec<serde_json::Value> = reg
            .values()
            .map(|r| serde_json::json!({"id": r.id, "cause": r.cause, "severity": r.severity, "impact": r.impact, "source": r.source, "title": r.title}))
            .collect();
        return (
            crate::output::pretty_json(&list).unwrap_or_default() + "\n",
            0,
        );
    }
    let w = reg.values().map(|r| r.id.len()).max().unwrap_or(10);
    let mut s = String::new();
    for r in reg.values() {
        s.push_str(&format!(
            "{:w$}  {:20}  {:7}  {}\n",
            r.id,
            r.cause.as_str(),
            r.severity.as_str(),
            r.title
        ));
    }
    s.push_str(&format!(
        "\n{} rules. `mcp-doctor explain ID` explains one.\n",
        reg.len()
    ));
    (s, 0)
}

pub fn explain(id: &str, m: &Machine, out: &Output) -> Result<(String, u8), AppError> {
    let Some(rid) = RuleId::parse(id) else {
        let near: Vec<&str> = RuleId::ALL
            .iter()
            .map(|r| r.as_str())
            .filter(|r| r.contains(id) || crate::server::distance(r, id) <= 3)
            .take(3)
            .collect();
        let hint = if near.is_empty() {
            String::new()
        } else {
            format!("; did you mean {}?", near.join(", "))
        };
        return Err(AppError::Usage(format!(
            "no rule `{id}` (see `mcp-doctor rules`){hint}"
        )));
    };
    let r = rid.rule();
    if out.json {
        let v = serde_json::json!({
            "id": r.id, "cause": r.cause, "severity": r.severity, "impact": r.impact, "source": r.source, "title": r.title,
            "what": r.explain.what.trim(), "why": r.explain.why.trim(), "fix": r.explain.fix.trim(),
            "fix_commands": {"macos": r.fix.commands_for(Os::Macos), "windows": r.fix.commands_for(Os::Windows), "linux": r.fix.commands_for(Os::Linux)},
            "automatic": r.fix.automatic, "safety": r.fix.safety,
        });
        return Ok((crate::output::pretty_json(&v).unwrap_or_default() + "\n", 0));
    }
    let p = Paint { on: out.color };
    let para = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut s = format!("{}  {}\n", p.bold(&r.id), r.title);
    s.push_str(&format!(
        "cause: {} · default severity: {} · impact: {}\n\n",
        r.cause,
        r.severity.as_str(),
        serde_json::to_value(r.impact)
            .ok()
            .and_then(|v| v.as_str().map(String::from))
            .unwrap_or_default()
    ));
    s.push_str(&format!(
        "{}\n{}\n\n{}\n{}\n\n{}\n{}\n",
        p.bold("What it detects"),
        para(&r.explain.what),
        p.bold("Why it matters"),
        para(&r.explain.why),
        p.bold("How to fix it by hand"),
        para(&r.explain.fix)
    ));
    let cmds = r.fix.commands_for(m.os);
    if let Some(a) = &r.fix.automatic {
        s.push_str(&format!("\nAutomatic fix: {a}\n"));
    }
    if !cmds.is_empty() {
        s.push_str(&format!("\nCommands ({}):\n", m.os.as_str()));
        for c in cmds {
            s.push_str(&format!("  $ {c}\n"));
        }
    }
    Ok((s, 0))
}

/// The `--since` window, one day by default.
fn window(m: &Machine, since: Option<&str>) -> Result<Window, AppError> {
    let since = logs::parse_since(since.unwrap_or("1d"), m.now)
        .map_err(|e| AppError::Usage(format!("--since: {e}")))?;
    Ok(Window {
        since: Some(since),
        until: m.now,
    })
}

/// Scans log files, showing progress on a terminal (stderr) when it takes more than a second.
fn scan_logs(
    m: &Machine,
    sources: &[logs::LogSource],
    w: &Window,
    f: &Filter,
    out: &Output,
) -> LogScan {
    use std::io::IsTerminal;
    let show = !out.json && std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    let mut shown = false;
    let scan = logs::scan_with_progress(m, sources, w, f, &mut |p: logs::Progress| {
        if show && start.elapsed().as_secs_f64() > 1.0 {
            let pct = (p.bytes_done * 100).checked_div(p.bytes_total).unwrap_or(0);
            eprint!(
                "\r  reading {} ({pct}%)   ",
                crate::term::for_stdout(p.path, false, false)
            );
            shown = true;
        }
    });
    if shown {
        eprintln!();
    }
    scan
}

/// `--file PATH` of `logs` and `logs --follow`: a regular file this user can open, or the usage
/// error that says why not.
fn readable_log_file(p: &std::path::Path) -> Result<(), AppError> {
    let md = std::fs::metadata(p)
        .map_err(|e| AppError::Usage(format!("--file {}: {e}", p.display())))?;
    if !md.is_file() {
        return Err(AppError::Usage(format!(
            "--file {}: not a regular file",
            p.display()
        )));
    }
    std::fs::File::open(p).map_err(|e| AppError::Usage(format!("--file {}: {e}", p.display())))?;
    Ok(())
}

/// `mcp-doctor logs`: classified events of the clients' MCP logs, or of one file (`-` = stdin).
pub fn logs_cmd(m: &Machine, a: &LogsArgs, out: &Output) -> Result<(String, u8), AppError> {
    let sel = Selected::parse(&a.scope).map_err(AppError::Usage)?;
    let filter = Filter {
        server: sel.single_server(),
        client: sel.single_client(),
    };
    // The secret values the configs hold, so that a log line repeating one is redacted too.
    for loc in crate::clients::locations(m) {
        let _ = crate::config::load(loc);
    }
    let (scan, looked) = match &a.file {
        Some(p) if p.as_os_str() == "-" => {
            let w = if a.since.is_some() {
                window(m, a.since.as_deref())?
            } else {
                Window::all(m.now)
            };
            (
                logs::scan_reader(std::io::stdin().lock(), "-", m, &w, &filter),
                vec![],
            )
        }
        Some(p) => {
            let w = if a.since.is_some() {
                window(m, a.since.as_deref())?
            } else {
                Window::all(m.now)
            };
            readable_log_file(p)?;
            (logs::scan_path(m, p, &w, &filter), vec![])
        }
        None => {
            let w = window(m, a.since.as_deref())?;
            let d = logs::discover(m);
            (scan_logs(m, &d.sources, &w, &filter, out), d.looked_at)
        }
    };
    let logs::LogScan {
        events,
        findings,
        errors,
        ..
    } = scan;
    let mut report = Report::new(m);
    // Moved, not converted: the events are the report's own type.
    report.events = Some(events);
    report.set_findings(m, findings);
    let mut report = report
        .into_redacted(&crate::redact::Secrets::default())
        .map_err(redaction)?;
    sel.narrow(&mut report);
    if out.format != Format::Human {
        return Ok((emit(&report, m, out), exit_code_for(&report, out)));
    }
    let report = if out.color {
        report.for_terminal().map_err(redaction)?
    } else {
        report
    };
    let mut text = render::logs(
        &report,
        m,
        out.verbose,
        Paint { on: out.color },
        &looked,
        &errors,
    );
    if report.events.as_ref().is_some_and(|e| e.is_empty()) && a.file.is_none() {
        text.push_str(&format!(
            "No MCP log events in the window (since {}).\n",
            a.since.as_deref().unwrap_or("1d")
        ));
    }
    Ok((text, exit_code_for(&report, out)))
}

/// `mcp-doctor logs --follow`: each new log line's event, printed as it is classified (see
/// [`logs::follow`]), until `--follow-for` ends or the process is interrupted. Exit 1 when an
/// event's rule is at least as severe as `--fail-on`, else 0.
pub fn logs_follow(m: &Machine, a: &LogsArgs, out: &Output, to_file: bool) -> Result<u8, AppError> {
    if a.file.as_ref().is_some_and(|p| p.as_os_str() == "-") {
        return Err(AppError::Usage(
            "--follow reads files as they grow; --file - (stdin) cannot be followed (pipe it without --follow)".into(),
        ));
    }
    if to_file {
        return Err(AppError::Usage(
            "--follow prints as it goes; redirect stdout instead of --output".into(),
        ));
    }
    if matches!(out.format, Format::Markdown | Format::Sarif) {
        return Err(AppError::Usage(
            "--follow prints one event a line: human, or --json for one JSON object a line".into(),
        ));
    }
    let sel = Selected::parse(&a.scope).map_err(AppError::Usage)?;
    let filter = Filter {
        server: sel.single_server(),
        client: sel.single_client(),
    };
    let since = match &a.since {
        Some(s) => Some(
            logs::parse_since(s, m.now).map_err(|e| AppError::Usage(format!("--since: {e}")))?,
        ),
        None => None,
    };
    if let Some(p) = &a.file {
        readable_log_file(p)?;
    }
    // The secret values the configs hold, so that a log line repeating one is redacted too.
    for loc in crate::clients::locations(m) {
        let _ = crate::config::load(loc);
    }
    let env = |k: &str| std::env::var(k).ok();
    let opts = logs::follow::Options {
        since,
        file: a.file.clone(),
        duration: a
            .follow_for
            .map(|s| Duration::from_secs(s.min(logs::follow::MAX_FOLLOW_FOR))),
        json: out.json,
        paint: Paint { on: out.color },
        ascii: !out.json && crate::output::locale_is_ascii(&env),
        width: logs::follow::terminal_width(&env),
        interval: logs::follow::POLL_INTERVAL,
    };
    let stdout = std::io::stdout();
    let mut lock = stdout.lock();
    match logs::follow::run(m, &opts, &sel, &filter, &mut lock) {
        Ok(summary) => Ok(u8::from(summary.worst.is_some_and(|w| w >= out.fail_on))),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(AppError::BrokenPipe),
        Err(e) => Err(AppError::Io(e.to_string())),
    }
}

/// `mcp-doctor list`: every configured server, with its status from the last check.
pub fn list(m: &Machine, a: &crate::cli::ListArgs, out: &Output) -> Result<(String, u8), AppError> {
    let sel = Selected::parse(&a.scope).map_err(AppError::Usage)?;
    let run = crate::check::run(m);
    sel.check_known(&run, false).map_err(AppError::Usage)?;
    let mut report = run
        .report(m, vec![])
        .redacted(&run.secrets)
        .map_err(redaction)?;
    sel.narrow(&mut report);
    let mut last = Vec::new();
    let rows = crate::list::rows(
        report.servers.as_deref().unwrap_or(&[]),
        &crate::list::load(m, &mut last),
    );
    let text = match out.format {
        Format::Json => {
            let v = serde_json::json!({
                "schema": "mcp-doctor/list/v1",
                "tool": report.tool,
                "generated_at": report.generated_at,
                "servers": rows,
            });
            crate::output::pretty_json(&v).unwrap_or_default() + "\n"
        }
        Format::Markdown => crate::list::markdown(&rows, m),
        Format::Sarif => {
            return Err(AppError::Usage(
                "--format sarif: `list` has no findings; use check --format sarif".into(),
            ))
        }
        Format::Human => crate::list::human(&rows, m, Paint { on: out.color }),
    };
    Ok((text, 0))
}

/// `mcp-doctor bridge`: runs until the client goes away; nothing is printed on stdout but the
/// relayed messages.
pub fn bridge(m: &Machine, a: &crate::cli::BridgeArgs) -> Result<u8, AppError> {
    let o = crate::bridge::BridgeOptions {
        name: a.name.clone(),
        target: a.target.clone(),
        headers: a.headers.clone(),
        transport: a.transport.clone(),
        max_restarts: a.max_restarts,
    };
    crate::bridge::run(m, &o).map_err(|e| AppError::Usage(e.to_string()))
}
