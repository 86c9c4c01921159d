//! Runtime versions: which Node or Python each stdio server really gets from its client, which
//! version that is, what the server needs, and which installed interpreter would satisfy it.
//!
//! The steps are separate: [`usage`] reads the command line (and shebangs), [`need`] reads what
//! the server declares, [`installed`] finds what the version managers installed, [`version`] runs
//! each distinct interpreter once, in parallel, and [`analyse`] puts them together into findings
//! and the report's `host.runtimes`. `fix --absolute-paths` asks [`Runtimes::interpreter_for`] which
//! interpreter to write.
pub mod cache;
pub mod installed;
pub mod need;
pub mod range;
pub mod usage;
pub mod version;

use crate::clients;
use crate::finding::{Finding, Severity};
use crate::launch::LoggedPath;
use crate::launch::PathFrom;
use crate::machine::{self, Machine};
use crate::report::RuntimeOut;
use crate::resolve::{Lookup, Resolver};
use crate::rules::RuleId;
use crate::run::CheckRun;
use crate::server::{ServerSpec, Transport};
pub use need::{Constraint, Need};
pub use range::Lang;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
pub use usage::{Finder, Target, Usage};
pub use version::Known;

/// One interpreter, however many servers use it.
#[derive(Clone, Debug)]
pub struct Interp {
    pub lang: Lang,
    /// As the diagnosed machine spells it.
    pub target: String,
    /// The file it really is here (symlinks resolved): what versions are keyed on.
    pub key: PathBuf,
    pub known: Known,
    /// Where it was found: `nvm`, `Homebrew`, `Claude Desktop's PATH`, `your shell's PATH`.
    pub sources: Vec<String>,
    /// `client/server` of the servers that run on it.
    pub used_by: Vec<String>,
    /// The venv it belongs to (host path), looked at once per interpreter, not per server.
    pub venv: Option<PathBuf>,
}

impl Interp {
    pub fn version(&self) -> Option<&str> {
        self.known.version()
    }
}

/// What the app runs a server on.
#[derive(Clone, Debug, PartialEq)]
pub enum AppRuns {
    /// An interpreter (index into [`Runtimes::interps`]).
    Interp(usize),
    /// Claude Desktop's built-in Node (`isUsingBuiltInNodeForMcp`).
    BuiltIn,
    /// Nothing: the interpreter is not where the command line says (reported as a finding).
    Missing,
    /// Not decided here (the command itself is not found: the config checks report that; uv
    /// will download a Python).
    Unknown,
}

/// One stdio server's runtime.
#[derive(Clone, Debug)]
pub struct ServerRuntime {
    /// Index into the check's servers.
    pub server: usize,
    pub usage: Usage,
    pub app: AppRuns,
    /// The interpreter the user's shell finds, when its PATH differs.
    pub shell: Option<usize>,
    pub need: Option<Need>,
    /// The best installed interpreter that satisfies the need.
    pub best: Option<usize>,
    /// The PATH the app starts the server with (target spelling), and where that comes from.
    pub app_path: std::sync::Arc<[String]>,
    pub path_from: PathFrom,
}

/// Everything the runtime step found.
#[derive(Debug, Default)]
pub struct Runtimes {
    pub interps: Vec<Interp>,
    pub servers: Vec<ServerRuntime>,
    pub findings: Vec<Finding>,
    /// Distinct interpreters run (`--version`) in this analysis.
    pub runs: usize,
}

/// What `fix --absolute-paths` should write for a server: the program for `command`, and a
/// folder to put first on the entry's `env.PATH` (for launchers that look their interpreter up
/// there).
#[derive(Clone, Debug, PartialEq)]
pub struct Choice {
    pub program: String,
    pub path_dir: Option<String>,
}

impl Runtimes {
    /// The runtime of server `idx` (a binary search: [`analyse`] lists them in the order of the
    /// run's servers).
    pub fn of_server(&self, idx: usize) -> Option<&ServerRuntime> {
        self.servers
            .binary_search_by_key(&idx, |s| s.server)
            .ok()
            .map(|i| &self.servers[i])
    }

    /// The interpreter `fix --absolute-paths` should make server `idx` run on: the best one
    /// that satisfies its need (the shell's when it does). `None` when nothing better is known.
    pub fn interpreter_for(&self, idx: usize) -> Option<&Interp> {
        let sr = self.of_server(idx)?;
        sr.best.map(|b| &self.interps[b])
    }

    /// The `host.runtimes` of the report: every interpreter a server runs on, then (when
    /// `all`) every other one found.
    pub fn report(&self, all: bool) -> Vec<RuntimeOut> {
        self.interps
            .iter()
            .filter(|i| all || !i.used_by.is_empty())
            .map(|i| RuntimeOut {
                name: i.lang.as_str().to_string(),
                path: i.target.clone(),
                version: i.version().map(str::to_string),
                version_from: Some(
                    match &i.known {
                        Known::Ran(_) => "--version",
                        Known::Folder(_) => "folder",
                        Known::Unknown(_) => "unknown",
                    }
                    .to_string(),
                ),
                error: match &i.known {
                    Known::Unknown(why) => Some(why.clone()),
                    _ => None,
                },
                sources: i.sources.clone(),
                used_by: i.used_by.clone(),
            })
            .collect()
    }
}

/// Collects interpreters, deduplicated by the file they really are.
#[derive(Default)]
struct Pool {
    interps: Vec<Interp>,
    by_key: HashMap<PathBuf, usize>,
    hosts: Vec<PathBuf>,
    /// Each target spelling already looked at, and the interpreter it is (`None`: no file): the
    /// servers of a big config name the same few programs, each stat-ed and canonicalised once.
    by_target: HashMap<String, Option<usize>>,
}

impl Pool {
    fn add(&mut self, m: &Machine, lang: Lang, target: &str, source: String) -> Option<usize> {
        let i = match self.by_target.get(target) {
            Some(&i) => i?,
            None => {
                let i = self.insert(m, lang, target);
                self.by_target.insert(target.to_string(), i);
                i?
            }
        };
        if !self.interps[i].sources.contains(&source) {
            self.interps[i].sources.push(source);
        }
        Some(i)
    }

    fn insert(&mut self, m: &Machine, lang: Lang, target: &str) -> Option<usize> {
        let host = m.to_host(target)?;
        if !host.is_file() {
            return None;
        }
        let key = std::fs::canonicalize(&host).unwrap_or_else(|_| host.clone());
        Some(match self.by_key.get(&key) {
            Some(&i) => i,
            None => {
                self.interps.push(Interp {
                    lang,
                    target: target.to_string(),
                    key: key.clone(),
                    known: Known::Unknown(String::new()),
                    sources: vec![],
                    used_by: vec![],
                    venv: need::venv_of(&host),
                });
                self.hosts.push(host);
                self.by_key.insert(key, self.interps.len() - 1);
                self.interps.len() - 1
            }
        })
    }
}

/// The program names an interpreter goes by on a PATH.
fn names_for(m: &Machine, lang: Lang, asked: &str) -> Vec<String> {
    match lang {
        Lang::Python if m.os.is_windows() => vec!["python".into(), "python3".into()],
        Lang::Python if asked == "python" => vec!["python".into(), "python3".into()],
        Lang::Python => vec![asked.to_string()],
        _ => vec![asked.to_string()],
    }
}

fn lookup_any(r: &mut Resolver, m: &Machine, names: &[String], path: &[String]) -> Option<String> {
    names.iter().find_map(|n| match r.lookup(m, n, path) {
        Lookup::Found { target, .. } => Some(target),
        _ => None,
    })
}

/// Runs the whole step over a check's servers. `logged` are the PATHs the apps logged (from the
/// log scan), which beat the doctor's model of the app's PATH.
pub fn analyse(m: &Machine, run: &CheckRun, logged: &[LoggedPath]) -> Runtimes {
    let mut resolver = Resolver::default();
    let mut pool = Pool::default();
    let shell = m.shell_paths();
    struct Pending {
        idx: usize,
        usage: Usage,
        app: AppRuns,
        shell: Option<usize>,
        app_path: std::sync::Arc<[String]>,
        path_from: PathFrom,
        launcher: Option<String>,
        missing: Option<String>,
    }
    let mut pending = Vec::new();
    let mut shebangs: HashMap<String, Option<Usage>> = HashMap::new();
    for (idx, s) in run.servers.iter().enumerate() {
        let cfg = &run.configs[s.config];
        if s.transport != Transport::Stdio
            || s.url.is_some()
            || cfg.loc.ignored.is_some()
            || s.ignored.is_some()
        {
            continue;
        }
        let Some(cmd) = &s.command else { continue };
        let cmd = crate::launch::value(m, s, crate::launch::Field::Command, &cmd.value);
        if cmd.trim().is_empty() {
            continue;
        }
        let args: Vec<String> = s
            .args
            .iter()
            .map(|a| crate::launch::value(m, s, crate::launch::Field::Arg, &a.value))
            .collect();
        let inner = usage::unwrap_cmd(m.os, &cmd, &args);
        let (cmd, args) = inner
            .as_ref()
            .map_or((cmd.as_str(), args.as_slice()), |(c, a)| {
                (c.as_str(), a.as_slice())
            });
        let prof = clients::profile(s.client, m.os);
        let cwd = s
            .cwd
            .as_ref()
            .filter(|_| prof.honours_cwd)
            .map(|c| crate::launch::value(m, s, crate::launch::Field::Cwd, &c.value))
            .filter(|c| machine::is_absolute(m.os, c))
            .or_else(|| s.project.clone());
        let (path, path_from) = s.app_path(m, logged);
        // The program file the command names, on the app's PATH (else the shell's, to read it).
        let file: Option<(String, PathBuf, bool)> = if machine::is_absolute(m.os, cmd) {
            m.to_host(cmd)
                .filter(|h| resolver.facts(h).file)
                .map(|h| (cmd.to_string(), h, true))
        } else if !cmd.contains(['/', '\\']) {
            match resolver.lookup(m, cmd, &path) {
                Lookup::Found { target, host } | Lookup::ShimOnly { target, host } => {
                    Some((target, host, true))
                }
                _ => match resolver.lookup(m, cmd, &shell) {
                    Lookup::Found { target, host } | Lookup::ShimOnly { target, host } => {
                        Some((target, host, false))
                    }
                    _ => None,
                },
            }
        } else {
            None
        };
        let usage = usage::detect(m.os, cmd, args, cwd.as_deref()).or_else(|| {
            let (t, h, _) = file.as_ref()?;
            // Each program's shebang is read once, however many servers run it.
            if let Some(u) = shebangs.get(t) {
                return u.clone();
            }
            let u = usage::by_shebang(m.os, t, h);
            shebangs.insert(t.clone(), u.clone());
            u
        });
        let Some(usage) = usage else { continue };
        let on_app = file.as_ref().is_some_and(|f| f.2);
        let builtin = s.client == clients::claude_desktop::ID
            && usage.lang == Lang::Node
            && matches!(usage.via.as_str(), "node" | "npx" | "npm exec" | "npm")
            && clients::claude_desktop::uses_builtin_node(cfg.root.as_ref());
        let app_src = [s.client.title(), "'s PATH"].concat();
        let mut missing = None;
        let mut launcher = None;
        let (app, shell_i) = if builtin {
            (AppRuns::BuiltIn, None)
        } else {
            match &usage.finder {
                Finder::Command => {
                    let app = match (&file, on_app) {
                        (Some((t, _, _)), true) => pool
                            .add(m, usage.lang, t, app_src.clone())
                            .map_or(AppRuns::Unknown, AppRuns::Interp),
                        _ => AppRuns::Unknown,
                    };
                    let sh = if shell != path && !machine::is_absolute(m.os, cmd) {
                        match resolver.lookup(m, cmd, &shell) {
                            Lookup::Found { target, .. } => {
                                pool.add(m, usage.lang, &target, "your shell's PATH".into())
                            }
                            _ => None,
                        }
                    } else {
                        None
                    };
                    (app, sh)
                }
                Finder::OnPath { name, .. } => {
                    launcher = file.as_ref().map(|f| f.0.clone());
                    let names = names_for(m, usage.lang, name);
                    // A Windows `.cmd` shim runs the `node.exe` beside it first.
                    let sibling =
                        file.as_ref()
                            .filter(|_| m.os.is_windows())
                            .and_then(|(t, _, _)| {
                                let dir = t.rsplit_once(['\\', '/'])?.0;
                                let exe = machine::join(m.os, dir, &format!("{name}.exe"));
                                m.to_host(&exe).filter(|h| h.is_file()).map(|_| exe)
                            });
                    let app = if !on_app && !machine::is_absolute(m.os, cmd) {
                        AppRuns::Unknown
                    } else if let Some(t) = sibling
                        .clone()
                        .or_else(|| lookup_any(&mut resolver, m, &names, &path))
                    {
                        pool.add(m, usage.lang, &t, app_src.clone())
                            .map_or(AppRuns::Unknown, AppRuns::Interp)
                    } else {
                        missing = Some(name.clone());
                        AppRuns::Missing
                    };
                    let sh = if shell != path || sibling.is_some() {
                        sibling
                            .or_else(|| lookup_any(&mut resolver, m, &names, &shell))
                            .and_then(|t| pool.add(m, usage.lang, &t, "your shell's PATH".into()))
                    } else {
                        None
                    };
                    (app, sh)
                }
                Finder::Fixed { target } => {
                    launcher = file.as_ref().map(|f| f.0.clone());
                    match pool.add(m, usage.lang, target, "a shebang".into()) {
                        Some(i) => (AppRuns::Interp(i), None),
                        None if m.to_host(target).is_some() => {
                            missing = Some(target.clone());
                            (AppRuns::Missing, None)
                        }
                        None => (AppRuns::Unknown, None),
                    }
                }
                Finder::Uv { .. } => (AppRuns::Unknown, None),
            }
        };
        pending.push(Pending {
            idx,
            usage,
            app,
            shell: shell_i,
            app_path: path,
            path_from,
            launcher,
            missing,
        });
    }
    if pending.is_empty() {
        return Runtimes::default();
    }
    // Every installed interpreter of the languages in use, to name one that would work.
    let langs: Vec<Lang> = {
        let mut v: Vec<Lang> = pending.iter().map(|p| p.usage.lang).collect();
        crate::sort::natural(&mut v);
        v.dedup();
        v
    };
    for inst in installed::discover(m) {
        if langs.contains(&inst.lang) {
            pool.add(m, inst.lang, &inst.target, inst.source.to_string());
        }
    }
    for lang in &langs {
        let names: Vec<String> = match lang {
            Lang::Node => vec!["node".into()],
            Lang::Python => vec!["python3".into(), "python".into()],
            _ => vec![],
        };
        if let Some(t) = lookup_any(&mut resolver, m, &names, &shell) {
            pool.add(m, *lang, &t, "your shell's PATH".into());
        }
    }
    // Each distinct interpreter runs once, all in parallel.
    let jobs: Vec<(PathBuf, String, PathBuf)> = pool
        .interps
        .iter()
        .zip(&pool.hosts)
        .map(|(i, h)| (i.key.clone(), i.target.clone(), h.clone()))
        .collect();
    let known = version::run_all(m, &jobs);
    let runs = known
        .values()
        .filter(|k| matches!(k, Known::Ran(_)))
        .count();
    for i in &mut pool.interps {
        if let Some(k) = known.get(&i.key) {
            i.known = k.clone();
        }
    }
    let node_dirs: Vec<PathBuf> = pool
        .interps
        .iter()
        .zip(&pool.hosts)
        .filter(|(i, _)| i.lang == Lang::Node)
        .filter_map(|(_, h)| h.parent().map(Path::to_path_buf))
        .collect();
    let places = need::Places::new(need::global_prefixes(m, &node_dirs));
    let mut out = Runtimes {
        runs,
        ..Default::default()
    };
    // Who runs each interpreter, as a set beside each list (a file of 100 000 servers stays
    // linear).
    let mut users: HashSet<(usize, String)> = HashSet::new();
    for p in pending {
        let s = &run.servers[p.idx];
        let cfg = &run.configs[s.config];
        let project = s.project.as_deref().and_then(|d| m.to_host(d));
        let fixed_venv = match p.app {
            AppRuns::Interp(i) => pool.interps[i].venv.clone(),
            _ => None,
        };
        let need = need::need(
            m,
            p.usage.lang,
            &p.usage.target,
            project.as_deref(),
            &places,
            fixed_venv.as_deref(),
        );
        let mut app = p.app.clone();
        // uv: the Python of the environment it made for this server, else one it would pick.
        if let Finder::Uv { request } = &p.usage.finder {
            if let Some((t, v)) = need.as_ref().and_then(|n| n.env_python.clone()) {
                if let Some(i) = pool.add(m, Lang::Python, &t, "uv's environment".into()) {
                    if matches!(pool.interps[i].known, Known::Unknown(_)) {
                        if let Some(v) = v {
                            pool.interps[i].known = Known::Folder(v);
                        }
                    }
                    app = AppRuns::Interp(i);
                }
            } else {
                let req = request
                    .clone()
                    .or_else(|| need.as_ref().and_then(|n| n.python_version_file.clone()));
                app = uv_pick(&pool.interps, need.as_ref(), req.as_deref())
                    .map_or(AppRuns::Unknown, AppRuns::Interp);
            }
        }
        let best = need
            .as_ref()
            .and_then(|n| best_for(&pool.interps, p.usage.lang, n, p.shell, &app));
        let user = [s.client.as_str(), "/", &s.name].concat();
        if let AppRuns::Interp(i) = app {
            if users.insert((i, user.clone())) {
                pool.interps[i].used_by.push(user.clone());
            }
        }
        let sr = ServerRuntime {
            server: p.idx,
            usage: p.usage,
            app,
            shell: p.shell,
            need,
            best,
            app_path: p.app_path,
            path_from: p.path_from,
        };
        let ctx = FindCtx {
            m,
            s,
            cfg,
            interps: &pool.interps,
            label: sr.path_from.describe(m, s.client, &sr.app_path),
            launcher: p.launcher,
            missing: p.missing,
        };
        let mut fs = ctx.findings(&sr);
        if s.disabled {
            for f in &mut fs {
                f.severity = Severity::Note;
                f.message.push_str(" (The server is disabled.)");
            }
        }
        out.findings.extend(fs);
        debug_assert!(out.servers.last().is_none_or(|l| l.server < sr.server));
        out.servers.push(sr);
    }
    out.interps = pool.interps;
    out
}

/// The Python uv would start: one matching the request (`--python 3.12`, `.python-version`),
/// else the newest installed that satisfies the need (uv prefers its own managed Pythons).
fn uv_pick(interps: &[Interp], need: Option<&Need>, request: Option<&str>) -> Option<usize> {
    let mut cands: Vec<usize> = (0..interps.len())
        .filter(|&i| interps[i].lang == Lang::Python && interps[i].version().is_some())
        .filter(|&i| {
            let v = interps[i].version().unwrap_or("");
            match request {
                Some(r) if r.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                    v == r || v.starts_with(&format!("{r}."))
                }
                _ => true,
            }
        })
        .filter(|&i| {
            need.is_none_or(|n| {
                n.broken_by(Lang::Python, interps[i].version().unwrap_or(""))
                    .is_some_and(|b| b.is_empty())
            })
        })
        .collect();
    crate::sort::by(&mut cands, |&a, &b| {
        let ma = interps[a].sources.iter().any(|s| s == "uv");
        let mb = interps[b].sources.iter().any(|s| s == "uv");
        ma.cmp(&mb).then(range::cmp_versions(
            Lang::Python,
            interps[a].version().unwrap_or(""),
            interps[b].version().unwrap_or(""),
        ))
    });
    cands.last().copied()
}

/// The interpreter to recommend: the shell's when it satisfies the need (the one the user tested
/// with), else the app's when it does, else the newest installed one that does.
fn best_for(
    interps: &[Interp],
    lang: Lang,
    need: &Need,
    shell: Option<usize>,
    app: &AppRuns,
) -> Option<usize> {
    let ok = |i: usize| {
        interps[i].lang == lang
            && interps[i]
                .version()
                .and_then(|v| need.broken_by(lang, v))
                .is_some_and(|b| b.is_empty())
    };
    if let Some(s) = shell.filter(|&s| ok(s)) {
        return Some(s);
    }
    if let AppRuns::Interp(a) = app {
        if ok(*a) {
            return Some(*a);
        }
    }
    (0..interps.len()).filter(|&i| ok(i)).max_by(|&a, &b| {
        range::cmp_versions(
            lang,
            interps[a].version().unwrap_or(""),
            interps[b].version().unwrap_or(""),
        )
    })
}

struct FindCtx<'a> {
    m: &'a Machine,
    s: &'a ServerSpec,
    cfg: &'a crate::config::ConfigFile,
    interps: &'a [Interp],
    label: String,
    launcher: Option<String>,
    missing: Option<String>,
}

fn vtext(i: &Interp) -> String {
    match i.version() {
        Some(v) => format!("v{}", v.trim_start_matches('v')),
        None => "(version unknown)".into(),
    }
}

impl FindCtx<'_> {
    fn find(&self, rule: RuleId, msg: String) -> Finding {
        let s = self.s;
        let at = s.command.as_ref().map_or(s.span.start, |c| c.span.start);
        let mut f = Finding::new(rule, msg)
            .client(s.client)
            .server(s.name.clone())
            .evidence(self.cfg.evidence_at(at))
            .var(crate::finding::Var::Server, s.name.clone())
            .var(crate::finding::Var::Path, self.cfg.loc.spelled.clone());
        if let Some(c) = &s.command {
            f = f
                .var(crate::finding::Var::Command, c.value.clone())
                .var(crate::finding::Var::Pointer, c.pointer.clone());
        }
        f
    }

    fn show(&self, t: &str) -> String {
        self.m.abbreviate(t)
    }

    fn findings(&self, sr: &ServerRuntime) -> Vec<Finding> {
        let mut out = Vec::new();
        let title = self.s.client.title();
        let lang = sr.usage.lang;
        let via = &sr.usage.via;
        let pkg = sr
            .need
            .as_ref()
            .and_then(|n| n.package.clone())
            .unwrap_or_else(|| format!("the `{}` server", self.s.name));
        match &sr.app {
            AppRuns::BuiltIn => {
                out.push(self.find(
                    RuleId::BuiltinNode,
                    format!("{title} runs `{via}` with its own built-in Node (isUsingBuiltInNodeForMcp is true), not a Node on your PATH; globally installed packages are not visible to it."),
                ));
                return out;
            }
            AppRuns::Missing => {
                // The entry's own PATH holds a folder its README left for the reader to fill in
                // (harness' `/directory/containing/node:…`): whether the interpreter is there is
                // the reader's to settle, and the env check reports the placeholder.
                let stand_in = matches!(sr.path_from, PathFrom::Entry)
                    && self.s.env_path(self.m.os).is_some_and(|p| {
                        crate::placeholder::placeholder_path_folder(self.m.os, &p.value).is_some()
                    });
                if stand_in {
                    return out;
                }
                let name = self.missing.clone().unwrap_or_else(|| lang.as_str().into());
                let launcher = self.launcher.clone().unwrap_or_else(|| via.clone());
                let shell_has = sr
                    .shell
                    .map(|i| &self.interps[i])
                    .or(sr.best.map(|i| &self.interps[i]));
                let mut msg = if machine::is_absolute(self.m.os, &name) {
                    format!("The first line of {} names the interpreter {name}, which does not exist (bad interpreter: No such file or directory).", self.show(&launcher))
                } else {
                    format!(
                        "`{via}` ({}) starts `{name}` from the PATH, and there is no `{name}` on {}: the server fails with `env: {name}: No such file or directory`.",
                        self.show(&launcher),
                        self.label,
                    )
                };
                let mut f;
                if let Some(i) = shell_has {
                    msg.push_str(&format!(
                        " A {} {} is at {}.",
                        lang.title(),
                        vtext(i),
                        self.show(&i.target)
                    ));
                    f = self
                        .find(RuleId::InterpreterNotFound, msg)
                        .var(crate::finding::Var::Found, i.target.clone());
                } else {
                    f = self
                        .find(RuleId::InterpreterNotFound, msg)
                        .var(crate::finding::Var::Found, "an absolute path");
                }
                f = f.var(crate::finding::Var::Interpreter, name);
                out.push(f);
                return out;
            }
            AppRuns::Unknown => {
                if let (Finder::Uv { .. }, Some(n)) = (&sr.usage.finder, &sr.need) {
                    if sr.best.is_none() {
                        let want = n.summary().unwrap_or_default();
                        out.push(self.find(
                            RuleId::UvDownloadsPython,
                            format!("No installed Python satisfies {want} for {pkg}: `{via}` will download one the first time the server starts, which can outlast {title}'s start-up timeout."),
                        ).var(crate::finding::Var::Want, want));
                    }
                }
                return out;
            }
            AppRuns::Interp(_) => {}
        }
        let AppRuns::Interp(a) = sr.app else {
            return out;
        };
        let app = &self.interps[a];
        let Some(need) = &sr.need else { return out };
        let Some(av) = app.version() else { return out };
        let Some(broken) = need.broken_by(lang, av) else {
            return out;
        };
        if let Some(c) = broken.first() {
            let own = broken.iter().any(|c| c.own);
            let assumed = broken.iter().all(|c| c.file.is_none());
            let needs = if assumed {
                format!(
                    "{pkg} declares no {} version, and {} needs {}",
                    lang.title(),
                    c.by,
                    c.range
                )
            } else if own {
                format!("{pkg} needs {}", c.range)
            } else {
                format!("{pkg} loads {}, which needs {}", c.by, c.range)
            };
            let runs = if matches!(sr.usage.finder, Finder::Command) {
                format!("{title} runs {} {}", self.show(&app.target), vtext(app))
            } else {
                format!(
                    "{title} runs `{via}` under {} {}",
                    self.show(&app.target),
                    vtext(app)
                )
            };
            let in_venv = matches!(sr.usage.finder, Finder::Command) && app.venv.is_some();
            let (rule, tail) = match sr.best.map(|b| &self.interps[b]) {
                Some(b) if in_venv => (
                    RuleId::RuntimeTooOld,
                    format!(
                        "; {} is a virtual environment's Python: recreate it with v{} at {} (`{} -m venv --clear {}`), then reinstall the server.",
                        self.show(&app.target),
                        b.version().unwrap_or("?").trim_start_matches('v'),
                        self.show(&b.target),
                        b.target,
                        app.venv.as_ref().map(|v| self.m.spell(v)).unwrap_or_default()
                    ),
                ),
                Some(b) => (
                    RuleId::RuntimeTooOld,
                    format!("; you have {} at {}.", vtext(b), self.show(&b.target)),
                ),
                None => (
                    RuleId::RuntimeNoneSatisfies,
                    format!("; no installed {} satisfies it.", lang.title()),
                ),
            };
            let mut f = self
                .find(rule, format!("{runs}; {needs}{tail}"))
                .var(crate::finding::Var::Want, c.range.clone())
                .var(crate::finding::Var::Have, vtext(app))
                .var(crate::finding::Var::Lang, lang.title());
            if let Some(b) = sr.best {
                f = f.var(crate::finding::Var::Found, self.interps[b].target.clone());
            }
            if let Some(file) = &c.file {
                f = f.evidence(crate::finding::Evidence {
                    path: Some(file.clone()),
                    line: None,
                    column: None,
                    text: format!("\"{}\" requires {} {}", c.by, lang.as_str(), c.range),
                });
            }
            if !own || assumed {
                f = f.severity(Severity::Warning);
            }
            out.push(f);
            return out;
        }
        // It works for the app; say so only when the shell runs another line of the runtime
        // through a launcher (the config checks already compare bare commands).
        if let (Some(sh), Finder::OnPath { .. }) = (sr.shell, &sr.usage.finder) {
            let shv = &self.interps[sh];
            if sh != a {
                if let Some(sv) = shv.version() {
                    if range::line(lang, sv) != range::line(lang, av) {
                        out.push(
                            self.find(
                                RuleId::RuntimeDiffersFromShell,
                                format!("{title} runs `{via}` under {} {}, your shell under {} {}: the server may behave differently in the app than in your terminal.", self.show(&app.target), vtext(app), self.show(&shv.target), vtext(shv)),
                            )
                            .var(crate::finding::Var::Found, shv.target.clone()),
                        );
                    }
                }
            }
        }
        out
    }
}
