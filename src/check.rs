//! `mcp-doctor check`: discovery, parsing, the checks, and the report.
use crate::checks::{self, Ctx};
use crate::clients;
use crate::config::{self, Status};
use crate::finding::{ClientId, Finding, Severity};
use crate::machine::Machine;
use crate::redact::Secrets;
use crate::report::{ConfigOut, Health, Report, ServerOut};
use crate::resolve::Resolver;
use crate::server::{self, ServerSpec};

pub use crate::run::CheckRun;

pub fn run(m: &Machine) -> CheckRun {
    run_with(m, &[])
}

/// [`run`], with the PATHs the apps logged for their servers (from a log scan).
pub fn run_with(m: &Machine, logged: &[crate::launch::LoggedPath]) -> CheckRun {
    let mut configs = Vec::new();
    let mut findings = Vec::new();
    for loc in clients::locations(m) {
        let (cfg, f) = config::load(loc);
        findings.extend(f);
        configs.push(cfg);
    }
    let mut servers = Vec::new();
    for (i, cfg) in configs.iter().enumerate() {
        let ex = server::extract(cfg, i);
        findings.extend(ex.findings);
        servers.extend(ex.servers);
    }
    findings.extend(checks::check_configs(m, &configs, &mut servers));
    let mut cx = Ctx {
        m,
        configs: &configs,
        logged,
        resolver: Resolver::default(),
        secrets: Secrets::default(),
    };
    for s in &servers {
        if s.ignored.is_some() && configs[s.config].loc.ignored.is_some() {
            continue;
        }
        findings.extend(cx.check_server(s));
    }
    let secrets = std::mem::take(&mut cx.secrets);
    CheckRun {
        configs,
        servers,
        findings,
        secrets,
        logged: logged.to_vec(),
    }
}

impl CheckRun {
    /// The findings about one entry: those pointing into its file, and those (probes, logs) that
    /// name its client and server without pointing into any file.
    fn findings_of<'a>(
        &'a self,
        s: &'a ServerSpec,
        all: &'a [&'a Finding],
    ) -> impl Iterator<Item = &'a Finding> + 'a {
        let path = &self.configs[s.config].loc.spelled;
        all.iter().copied().filter(move |f| {
            f.client == Some(s.client)
                && f.server.as_deref() == Some(&s.name)
                && (f.source() != crate::finding::Source::Config
                    || f.evidence
                        .first()
                        .and_then(|e| e.path.as_ref())
                        .is_none_or(|p| p == path))
        })
    }

    pub fn server_status(&self, s: &ServerSpec, all: &[Finding]) -> Health {
        self.status_of(s, &all.iter().collect::<Vec<_>>())
    }

    fn status_of(&self, s: &ServerSpec, all: &[&Finding]) -> Health {
        if s.ignored.is_some() || self.configs[s.config].loc.ignored.is_some() {
            // The client never loads it: not an error of the entry, but not "ok" either.
            return if self
                .findings_of(s, all)
                .any(|f| f.severity == Severity::Error)
            {
                Health::Error
            } else {
                Health::Warning
            };
        }
        match self.findings_of(s, all).map(|f| f.severity).max() {
            Some(Severity::Error) => Health::Error,
            Some(Severity::Warning) => Health::Warning,
            _ => Health::Ok,
        }
    }

    /// One server as the report shows it, its status judged from `all` the findings.
    pub fn server_out(&self, s: &ServerSpec, all: &[Finding]) -> ServerOut {
        self.server_out_of(s, &all.iter().collect::<Vec<_>>())
    }

    fn server_out_of(&self, s: &ServerSpec, all: &[&Finding]) -> ServerOut {
        ServerOut {
            client: s.client,
            name: s.name.clone(),
            scope: s.scope,
            config: self.configs[s.config].loc.spelled.clone(),
            transport: s.transport,
            command: s.command.as_ref().map(|c| c.value.clone()),
            args: redact_args(s.args.iter().map(|a| a.value.as_str())),
            url: s.url.as_ref().map(|u| u.value.clone()),
            status: self.status_of(s, all),
            probe: None,
            disabled: s.disabled,
            ignored: s
                .ignored
                .clone()
                .or_else(|| self.configs[s.config].loc.ignored.clone()),
            project: s.project.clone(),
            bridged: s.bridged,
        }
    }

    /// The contract's report (not yet redacted: call [`Report::redacted`] before output).
    pub fn report(&self, m: &Machine, extra: Vec<Finding>) -> Report {
        let mut all = self.findings.clone();
        all.extend(extra);
        self.report_of(m, all)
    }

    /// [`CheckRun::report`], the findings moved into it rather than copied (they are left
    /// empty: 100 000 servers' findings are not held twice).
    pub fn take_report(&mut self, m: &Machine, extra: Vec<Finding>) -> Report {
        let mut all = std::mem::take(&mut self.findings);
        all.extend(extra);
        self.report_of(m, all)
    }

    fn report_of(&self, m: &Machine, all: Vec<Finding>) -> Report {
        let mut r = Report::new(m);
        let mut names_of: std::collections::HashMap<usize, Vec<String>> = Default::default();
        for s in &self.servers {
            names_of.entry(s.config).or_default().push(s.name.clone());
        }
        r.configs = Some(
            self.configs
                .iter()
                .enumerate()
                .map(|(i, c)| ConfigOut {
                    client: c.loc.client,
                    scope: c.loc.scope,
                    path: c.loc.spelled.clone(),
                    status: c.status,
                    error: c.error.clone(),
                    servers: names_of.get(&i).cloned().unwrap_or_default(),
                    project: c.loc.project.clone(),
                    ignored: c
                        .loc
                        .ignored
                        .clone()
                        .filter(|_| c.status != Status::Missing),
                    note: c.note.clone(),
                })
                .collect(),
        );
        // Each server's findings looked up by (client, name), not by scanning every finding for
        // every server: `check` stays linear in the number of servers.
        let mut by_server: foldhash::HashMap<(ClientId, &str), Vec<&Finding>> = Default::default();
        for f in &all {
            if let (Some(c), Some(n)) = (f.client, f.server.as_deref()) {
                by_server.entry((c, n)).or_default().push(f);
            }
        }
        r.servers = Some(
            self.servers
                .iter()
                .map(|s| {
                    let mine = by_server
                        .get(&(s.client, s.name.as_str()))
                        .map_or(&[][..], |v| v.as_slice());
                    self.server_out_of(s, mine)
                })
                .collect(),
        );
        r.set_findings(m, all);
        r
    }
}

/// Masks the value that follows a secret-named flag (`--token X`, `--api-key=X`).
pub fn redact_args<'a>(args: impl ExactSizeIterator<Item = &'a str>) -> Vec<String> {
    let mut out = Vec::with_capacity(args.len());
    let mut hide_next = false;
    for a in args {
        if hide_next {
            out.push(crate::redact::mask(a));
            hide_next = false;
            continue;
        }
        match a.split_once('=') {
            Some((flag, v)) if crate::redact::is_secret_flag(flag) => {
                out.push(format!("{flag}={}", crate::redact::mask(v)))
            }
            _ => {
                hide_next = crate::redact::is_secret_flag(a);
                out.push(a.to_string());
            }
        }
    }
    out
}

/// "The first failure after the config file last changed" (issue 5): for each server whose
/// config file changed inside the log window, when the logs cover time before the change, show
/// no failure of that server before it, and show one after it, a finding dated by that failure
/// and filed under its cause: the edit is the likely origin.
pub fn config_change_findings(
    m: &Machine,
    run: &CheckRun,
    scan: &crate::logs::LogScan,
    window: &crate::logs::Window,
) -> Vec<Finding> {
    use crate::finding::{Cause, Evidence};
    let mut out = Vec::new();
    for (i, cfg) in run.configs.iter().enumerate() {
        if cfg.status != Status::Ok || cfg.loc.ignored.is_some() {
            continue;
        }
        let Some(changed) = cfg
            .loc
            .host
            .as_ref()
            .and_then(|h| std::fs::metadata(h).ok())
            .and_then(|md| md.modified().ok())
        else {
            continue;
        };
        if changed > window.until || window.since.is_some_and(|s| changed < s) {
            continue;
        }
        // The logs must reach back before the change, or "it did not fail before" means nothing.
        let covered_before = scan
            .events
            .iter()
            .any(|e| e.at.is_some_and(|t| t < changed))
            || scan.paths.iter().any(|p| {
                p.time
                    .as_deref()
                    .and_then(crate::logs::parse_time)
                    .is_some_and(|t| t < changed)
            });
        if !covered_before {
            continue;
        }
        for s in run.servers.iter().filter(|s| s.config == i) {
            let of_server = |e: &&crate::logs::LogEvent| {
                e.rule.is_some()
                    && e.client.is_none_or(|c| c == s.client)
                    && e.server.as_deref() == Some(s.name.as_str())
            };
            if scan
                .events
                .iter()
                .filter(of_server)
                .any(|e| e.at.is_some_and(|t| t < changed))
            {
                continue;
            }
            let Some(first) = scan.first_failure_after(changed, Some(s.client), Some(&s.name))
            else {
                continue;
            };
            let Some(at) = first.at else { continue };
            let gap = at.duration_since(changed).unwrap_or_default();
            let changed_s = crate::logs::format_time(changed);
            let rule = first.rule.map_or("?", |r| r.as_str());
            let cause = first.cause.unwrap_or(Cause::InvalidConfig);
            let f = Finding::new(
                crate::rules::RuleId::LogFailingSinceConfigChange,
                format!(
                    "`{}` began failing {} after {} was last changed ({changed_s}): its first failure is {rule} at {}; it had not failed before the change in the logs.",
                    s.name,
                    human_duration(gap),
                    m.abbreviate(&cfg.loc.spelled),
                    first.time.as_deref().unwrap_or("?"),
                ),
            )
            .client(s.client)
            .server(s.name.clone())
            .evidence(Evidence {
                path: Some(first.path.clone()),
                line: first.line.and_then(|n| u32::try_from(n).ok()),
                column: None,
                text: first.text.clone(),
            })
            .evidence(cfg.evidence_at(s.span.start))
            .var(crate::finding::Var::Path, cfg.loc.spelled.clone())
            .var(crate::finding::Var::Changed, changed_s)
            .with_cause(cause);
            out.push(Finding {
                time: Some(at),
                ..f
            });
        }
    }
    out
}

fn human_duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..=89 => format!("{s} s"),
        90..=5399 => format!("{} min", (s + 30) / 60),
        _ => format!("{:.1} h", s as f64 / 3600.0),
    }
}
