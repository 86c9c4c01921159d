//! The commands, as functions from the machine and their arguments to (output text, exit code).
use crate::cli::{CheckArgs, FixArgs, LogsArgs, ProbeArgs};
use crate::finding::Severity;
use crate::logs::{self, Filter, LogScan, Window};
use crate::machine::{Machine, Os};
use crate::probing::{self, ProbeOptions};
use crate::render::{self, Paint};
use crate::report::Report;
use crate::rules::{self, RuleId};
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
    pub json: bool,
    pub verbose: bool,
    pub color: bool,
}

/// The contract's exit code for a report: 1 when any finding is an error.
pub fn exit_code(r: &Report) -> u8 {
    u8::from(r.worst() == Some(Severity::Error))
}

/// A report that cannot be redacted is not shown (fails closed).
pub fn redaction(e: crate::report::RedactionFailed) -> AppError {
    AppError::Io(e.to_string())
}

pub fn emit(r: &Report, m: &Machine, out: &Output) -> String {
    if out.json {
        let mut s =
            serde_json::to_string_pretty(r).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    } else {
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

pub fn check(m: &Machine, a: &CheckArgs, out: &Output) -> Result<(String, u8), AppError> {
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
    let (run, runtimes) = check_with_runtimes(m, &scan.paths);
    // Stored OAuth tokens are read without contacting anything.
    let mut extra = crate::probe::credential_findings(m);
    extra.extend(crate::check::config_change_findings(
        m, &run, &scan, &window,
    ));
    extra.extend(scan.findings);
    let mut probes = Vec::new();
    if a.probe {
        let o = ProbeOptions {
            names: vec![],
            trust_project: a.trust_project,
            timeout: Duration::from_secs(a.timeout.max(1)),
            idle: None,
        };
        let (results, findings) =
            probing::run_probes(m, &run, &o, |spec, r| progress_line(out, spec, r));
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
    let mut report = run.report(m, extra);
    report.host.runtimes = runtimes.report(true);
    report.platform = platform;
    attach_probes(&mut report, probes);
    let report = report.redacted(&secrets).map_err(redaction)?;
    Ok((emit(&report, m, out), exit_code(&report)))
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
    findings.retain(|f| {
        if f.rule != RuleId::ProbeNetworkBlocked || !f.message.contains(crate::probe::TLS_ERROR) {
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
    let rt = runtimes(m, &run, logged);
    run.findings.extend(rt.findings.iter().cloned());
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
    let unknown: Vec<&String> = a
        .names
        .iter()
        .filter(|n| !run.servers.iter().any(|s| &s.name == *n))
        .collect();
    if !unknown.is_empty() {
        let known: Vec<&str> = run.servers.iter().map(|s| s.name.as_str()).collect();
        return Err(AppError::Usage(format!(
            "no configured server named {} (found: {})",
            unknown
                .iter()
                .map(|s| format!("`{s}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if known.is_empty() {
                "none".to_string()
            } else {
                known.join(", ")
            }
        )));
    }
    let o = ProbeOptions {
        names: a.names.clone(),
        trust_project: a.trust_project,
        timeout: Duration::from_secs(a.timeout.max(1)),
        idle: a.idle.map(Duration::from_secs),
    };
    let (mut results, mut findings) =
        probing::run_probes(m, &run, &o, |spec, r| progress_line(out, spec, r));
    // The certificate chains of the probed remote servers, judged for the program that connects.
    let (facts, why) = platform_facts(m, None)?;
    let tls = crate::platform::tls_scan(m, &run, facts.as_deref(), &why, &a.names);
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
    let report = report.redacted(&secrets).map_err(redaction)?;
    Ok((emit(&report, m, out), exit_code(&report)))
}

fn attach_probes(report: &mut Report, probes: Vec<(usize, crate::probe::ProbeResult)>) {
    if let Some(servers) = report.servers.as_mut() {
        for (i, r) in probes {
            if let Some(s) = servers.get_mut(i) {
                s.probe = serde_json::to_value(&r).ok();
            }
        }
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
            serde_json::to_string_pretty(&list).unwrap_or_default() + "\n",
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
        return Ok((
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n",
            0,
        ));
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

/// `mcp-doctor logs`: classified events of the clients' MCP logs, or of one file (`-` = stdin).
pub fn logs_cmd(m: &Machine, a: &LogsArgs, out: &Output) -> Result<(String, u8), AppError> {
    let client = parse_client(a.client.as_deref())?;
    let filter = Filter {
        server: a.server.clone(),
        client,
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
            let md = std::fs::metadata(p)
                .map_err(|e| AppError::Usage(format!("--file {}: {e}", p.display())))?;
            if !md.is_file() {
                return Err(AppError::Usage(format!(
                    "--file {}: not a regular file",
                    p.display()
                )));
            }
            std::fs::File::open(p)
                .map_err(|e| AppError::Usage(format!("--file {}: {e}", p.display())))?;
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
    // Each event is dropped as it is converted: memory stays near one copy of the events.
    report.events = Some(
        events
            .into_iter()
            .filter_map(|e| serde_json::to_value(e).ok())
            .collect(),
    );
    report.set_findings(m, findings);
    let report = report
        .into_redacted(&crate::redact::Secrets::default())
        .map_err(redaction)?;
    if out.json {
        return Ok((emit(&report, m, out), exit_code(&report)));
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
    Ok((text, exit_code(&report)))
}

/// `--client NAME` as a client id.
fn parse_client(c: Option<&str>) -> Result<Option<crate::finding::ClientId>, AppError> {
    c.map(|c| {
        crate::finding::ClientId::parse(c).ok_or_else(|| {
            AppError::Usage(format!(
                "--client {c}: not a client id (claude-desktop, claude-code, cursor, vscode, ...)"
            ))
        })
    })
    .transpose()
}

/// `mcp-doctor fix`: see [`crate::fix::command`].
pub fn fix(m: &Machine, a: &FixArgs, out: &Output) -> Result<(String, u8), AppError> {
    let client = parse_client(a.client.as_deref())?;
    crate::fix::command::fix(m, a, client, out)
}
