//! Planning: which edits the findings call for. Nothing here touches a file; the edits carry the
//! splices [`super::edit`] computed from the parsed tree's spans.
use super::choose::choose_command;
use super::edit::{self, Splice};
use super::{Edit, Op, Selection};
use crate::check::CheckRun;
use crate::clients::{self, Dialect};
use crate::config::{ConfigFile, Status};
use crate::finding::{ClientId, Finding, FixSafety, Var};
use crate::machine::{self, Machine};
use crate::resolve::Resolver;
use crate::rules::RuleId;
use crate::server::{ServerSpec, Str, Transport};
use serde_json::Value;
use std::collections::HashMap;

struct Cx<'a> {
    m: &'a Machine,
    run: &'a CheckRun,
    runtimes: &'a crate::runtime::Runtimes,
    resolver: Resolver,
    /// Each config's line ending, found once (a whole-file scan) when an edit first needs it.
    eols: HashMap<usize, &'static str>,
    out: Vec<Edit>,
}

/// The edits `fix` makes for this selection: [`plan_all`] less what it leaves alone by default
/// (see [`super::restrain`]).
pub fn plan(
    m: &Machine,
    run: &CheckRun,
    runtimes: &crate::runtime::Runtimes,
    sel: &Selection,
) -> Vec<Edit> {
    plan_explained(m, run, runtimes, sel).0
}

/// [`plan`], and one line for each server whose possible edits were left alone, saying why.
pub fn plan_explained(
    m: &Machine,
    run: &CheckRun,
    runtimes: &crate::runtime::Runtimes,
    sel: &Selection,
) -> (Vec<Edit>, Vec<String>) {
    super::restrain(m, run, plan_all(m, run, runtimes, sel), sel)
}

/// [`plan`] for only the servers `wanted` names (by client and name): the same edits for them,
/// since each server's edits depend on its own entry and findings alone. `check` asks only about
/// the servers whose findings offer `mcp-doctor fix` (100 000 servers: a quarter of them, and
/// a tenth of the run when every server was planned).
pub fn plan_servers(
    m: &Machine,
    run: &CheckRun,
    runtimes: &crate::runtime::Runtimes,
    sel: &Selection,
    wanted: &dyn Fn(ClientId, &str) -> bool,
) -> Vec<Edit> {
    super::restrain(m, run, plan_some(m, run, runtimes, sel, wanted), sel).0
}

/// Every edit the selected fixes could make, in a stable order (file, server, field).
pub fn plan_all(
    m: &Machine,
    run: &CheckRun,
    runtimes: &crate::runtime::Runtimes,
    sel: &Selection,
) -> Vec<Edit> {
    plan_some(m, run, runtimes, sel, &|_, _| true)
}

/// [`plan_all`] for the servers `wanted` names.
fn plan_some(
    m: &Machine,
    run: &CheckRun,
    runtimes: &crate::runtime::Runtimes,
    sel: &Selection,
    wanted: &dyn Fn(ClientId, &str) -> bool,
) -> Vec<Edit> {
    let mut cx = Cx {
        m,
        run,
        runtimes,
        resolver: Resolver::default(),
        eols: HashMap::new(),
        out: Vec::new(),
    };
    // The findings of each server, in the run's order, looked up by client and name (not by a
    // scan of every finding for every server).
    let mut by_server: foldhash::HashMap<(ClientId, &str), Vec<&Finding>> = Default::default();
    for f in &run.findings {
        if let (Some(c), Some(n)) = (f.client, f.server.as_deref()) {
            by_server.entry((c, n)).or_default().push(f);
        }
    }
    for (idx, s) in run.servers.iter().enumerate() {
        if !wanted(s.client, &s.name) {
            continue;
        }
        let cfg = &run.configs[s.config];
        let editable = cfg.status == Status::Ok
            && cfg.root.is_some()
            && matches!(
                cfg.loc.dialect,
                Dialect::StrictJson | Dialect::Jsonc | Dialect::Toml
            )
            && cfg.loc.ignored.is_none();
        if !editable
            || !sel.scope.client(s.client)
            || !sel.scope.server(&s.name)
            || !sel.file_selected(cfg)
            || s.transport != Transport::Stdio
            || s.url.is_some()
        {
            continue;
        }
        if sel.bridging() {
            continue;
        }
        let findings: Vec<&Finding> = by_server
            .get(&(s.client, s.name.as_str()))
            .into_iter()
            .flatten()
            .copied()
            .filter(|f| {
                f.evidence.first().and_then(|e| e.path.as_deref()) == Some(cfg.loc.spelled.as_str())
            })
            .collect();
        if s.bridged {
            // Only in-place replacements: the bridge's own arguments stay first.
            if sel.all_families() || sel.absolute_paths {
                cx.absolute_paths(idx, s, &findings);
            }
            continue;
        }
        if sel.all_families() || sel.windows_npx {
            cx.windows_npx(s, &findings);
        }
        if sel.all_families() || sel.absolute_paths {
            cx.absolute_paths(idx, s, &findings);
        }
        if sel.all_families() {
            cx.others(s, &findings);
        }
    }
    cx.out
}

fn var(f: &Finding, k: Var) -> Option<&str> {
    f.vars
        .iter()
        .find(|(n, _)| *n == k)
        .map(|(_, v)| v.as_str())
}

/// The finding of `rule` about the value at `pointer`.
fn about<'a>(findings: &[&'a Finding], rule: RuleId, pointer: &str) -> Option<&'a Finding> {
    findings
        .iter()
        .copied()
        .find(|f| f.rule == rule && var(f, Var::Pointer) == Some(pointer))
}

/// The pointer of the array or object that holds `pointer`.
fn parent_pointer(pointer: &str) -> &str {
    pointer.rsplit_once('/').map_or("", |(p, _)| p)
}

impl Cx<'_> {
    fn cfg(&self, s: &ServerSpec) -> &ConfigFile {
        &self.run.configs[s.config]
    }

    /// The line ending of the server's config.
    fn eol(&mut self, s: &ServerSpec) -> &'static str {
        let run = self.run;
        let eol: &mut &'static str = self
            .eols
            .entry(s.config)
            .or_insert_with(|| edit::eol(&run.configs[s.config].text));
        eol
    }

    /// The rule's safety, or `None` when the rule's fix is display-only (never an edit).
    fn safety(rule: RuleId) -> Option<FixSafety> {
        match rule.rule().fix.safety {
            FixSafety::DisplayOnly => None,
            s => Some(s),
        }
    }

    fn push(&mut self, s: &ServerSpec, rule: RuleId, op: Op, splices: Vec<Splice>) {
        let Some(safety) = Self::safety(rule) else {
            return;
        };
        let root = self.cfg(s).root.as_ref();
        let before_of = |p: &str| {
            root.and_then(|r| r.at(p))
                .map(edit::semantic)
                .unwrap_or(Value::Null)
        };
        let (pointer, before, after) = match &op {
            Op::Replace { pointer, value } => (
                pointer.clone(),
                before_of(pointer),
                Value::String(value.clone()),
            ),
            Op::Prepend { pointer, values } => {
                let before = before_of(pointer);
                let mut after = values.clone();
                after.extend(before.as_array().cloned().unwrap_or_default());
                (pointer.clone(), before, Value::Array(after))
            }
            Op::AddMember {
                pointer,
                key,
                value,
            } => (
                format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")),
                Value::Null,
                value.clone(),
            ),
            // Only `fix --unbridge` removes or renames (`fix::bridge` builds its own edits).
            Op::RemoveFirst { .. } | Op::RemoveMember { .. } | Op::RenameMember { .. } => return,
        };
        self.out.push(Edit {
            config: s.config,
            client: s.client,
            server: s.name.clone(),
            rule,
            safety,
            op,
            pointer,
            before,
            after,
            splices,
        });
    }

    /// Replaces the string `at` by `value`.
    fn replace(&mut self, s: &ServerSpec, rule: RuleId, at: &Str, value: String) {
        if at.value == value {
            return;
        }
        let cfg = self.cfg(s);
        let raw = cfg.text.get(at.span.clone());
        let splice = Splice {
            at: at.span.clone(),
            text: edit::string_lit(cfg.loc.dialect, raw, &value),
        };
        self.push(
            s,
            rule,
            Op::Replace {
                pointer: at.pointer.clone(),
                value,
            },
            vec![splice],
        );
    }

    /// Puts `values` first in the entry's `args` (adding `args` when it has none).
    fn prepend_args(&mut self, s: &ServerSpec, rule: RuleId, values: Vec<Value>) {
        let nl = self.eol(s);
        let cfg = self.cfg(s);
        let Some(root) = &cfg.root else { return };
        let d = cfg.loc.dialect;
        let args_ptr = s
            .args
            .first()
            .map(|a| parent_pointer(&a.pointer).to_string())
            .unwrap_or_else(|| format!("{}/args", s.pointer));
        match root.at(&args_ptr) {
            Some(arr) if matches!(arr.val, crate::doc::Val::Arr(_)) => {
                let key_end = root
                    .at(parent_pointer(&args_ptr))
                    .and_then(|o| o.prop("args"))
                    .map_or(arr.span.start, |p| p.key_span.end);
                let compact = !cfg.text[key_end..arr.span.start].contains([' ', '\t', '\n']);
                let splice = edit::insert_items(&cfg.text, d, nl, arr, &values, compact);
                self.push(
                    s,
                    rule,
                    Op::Prepend {
                        pointer: args_ptr,
                        values,
                    },
                    vec![splice],
                );
            }
            Some(_) => {}
            None => {
                let Some(entry) = root.at(&s.pointer) else {
                    return;
                };
                let value = Value::Array(values);
                let splices = edit::add_member(&cfg.text, d, nl, entry, "args", &value);
                self.push(
                    s,
                    rule,
                    Op::AddMember {
                        pointer: s.pointer.clone(),
                        key: "args".into(),
                        value,
                    },
                    splices,
                );
            }
        }
    }

    /// `--windows-npx`: `"command": "npx"` becomes `"command": "cmd"` with `"/c", "npx"` first in
    /// `args`.
    fn windows_npx(&mut self, s: &ServerSpec, findings: &[&Finding]) {
        let Some(cmd) = &s.command else { return };
        if about(findings, RuleId::WindowsNpx, &cmd.pointer).is_none() || cmd.value.contains('$') {
            return;
        }
        self.replace(s, RuleId::WindowsNpx, cmd, "cmd".into());
        self.prepend_args(
            s,
            RuleId::WindowsNpx,
            vec![Value::String("/c".into()), Value::String(cmd.value.clone())],
        );
    }

    /// `--absolute-paths`: the bare command, and `~` or relative paths in command, args and cwd.
    fn absolute_paths(&mut self, idx: usize, s: &ServerSpec, findings: &[&Finding]) {
        let m = self.m;
        let os = m.os;
        if let Some(cmd) = &s.command {
            let bare = !cmd.value.is_empty()
                && !cmd.value.contains(['/', '\\', '$', '"', '\''])
                && !cmd.value.contains(char::is_whitespace)
                && !machine::is_absolute(os, &cmd.value);
            let missing = about(findings, RuleId::CommandMissing, &cmd.pointer);
            let builtin_node = crate::checks::uses_builtin_node(self.cfg(s), s, &cmd.value);
            let windows_shim = about(findings, RuleId::WindowsNpx, &cmd.pointer).is_some();
            // The runtime step's findings: the interpreter the app runs is too old, differs from
            // the shell's, or is not on the app's PATH at all (an absolute command too).
            let runtime = [
                RuleId::RuntimeTooOld,
                RuleId::InterpreterNotFound,
                RuleId::RuntimeDiffersFromShell,
            ]
            .into_iter()
            .find(|r| about(findings, *r, &cmd.pointer).is_some());
            if (bare || missing.is_some() || runtime.is_some()) && !builtin_node && !windows_shim {
                let rule = if missing.is_some() {
                    RuleId::CommandMissing
                } else {
                    runtime
                        .into_iter()
                        .chain([RuleId::CommandNotOnAppPath, RuleId::CommandDiffersFromShell])
                        .find(|r| about(findings, *r, &cmd.pointer).is_some())
                        .unwrap_or(RuleId::BareCommand)
                };
                let rt = self
                    .runtimes
                    .of_server(idx)
                    .map(|r| (r, &self.runtimes.interps[..]));
                if Self::safety(rule).is_some() {
                    if let Some(choice) = choose_command(m, &mut self.resolver, s, rt) {
                        if choice.program != cmd.value {
                            self.replace(s, rule, cmd, choice.program);
                        }
                        if let Some(dir) = choice.path_dir {
                            self.put_on_path(s, rule, &dir);
                        }
                    }
                }
            }
        }
        let fields = s.command.iter().chain(&s.args).chain(&s.cwd);
        let mut todo: Vec<(Str, RuleId, String)> = Vec::new();
        for at in fields {
            for rule in [RuleId::TildePath, RuleId::RelativePath] {
                let Some(f) = about(findings, rule, &at.pointer) else {
                    continue;
                };
                let Some(meant) = var(f, Var::Meant).filter(|t| machine::is_absolute(os, t)) else {
                    continue;
                };
                if at.value.contains('$') {
                    continue;
                }
                // `--flag=~/x`: the check judged the part after `=`.
                let value = match at.value.split_once('=') {
                    Some((flag, _)) if flag.starts_with('-') => format!("{flag}={meant}"),
                    _ => meant.to_string(),
                };
                todo.push((at.clone(), rule, value));
            }
        }
        for (at, rule, value) in todo {
            self.replace(s, rule, &at, value);
        }
    }

    /// Puts `dir` first on the entry's `env.PATH`: extends the PATH it sets, or adds one that is
    /// `dir` followed by the PATH the client gives its servers.
    fn put_on_path(&mut self, s: &ServerSpec, rule: RuleId, dir: &str) {
        let m = self.m;
        let sep = m.os.path_list_sep();
        if let Some(p) = s.env_path(m.os).cloned() {
            if machine::split_path_list(m.os, &p.value)
                .first()
                .map(String::as_str)
                != Some(dir)
            {
                self.replace(s, rule, &p, format!("{dir}{sep}{}", p.value));
            }
            return;
        }
        if s.command
            .as_ref()
            .is_some_and(|c| c.pointer.ends_with("/command/path"))
        {
            return; // Zed's older nested form: its env lives under "command".
        }
        let mut path = vec![dir.to_string()];
        path.extend(
            clients::spawn_path(m, s.client)
                .into_iter()
                .filter(|d| d != dir),
        );
        let value = path.join(&sep.to_string());
        let nl = self.eol(s);
        let cfg = self.cfg(s);
        let Some(root) = &cfg.root else { return };
        let env_ptr = format!("{}/env", s.pointer);
        let (pointer, key, value, target) = match root.at(&env_ptr) {
            Some(env) if env.is_obj() => (env_ptr, "PATH", Value::String(value), env),
            Some(_) => return,
            None => match root.at(&s.pointer) {
                Some(entry) => (
                    s.pointer.clone(),
                    "env",
                    serde_json::json!({ "PATH": value }),
                    entry,
                ),
                None => return,
            },
        };
        let splices = edit::add_member(&cfg.text, cfg.loc.dialect, nl, target, key, &value);
        self.push(
            s,
            rule,
            Op::AddMember {
                pointer,
                key: key.into(),
                value,
            },
            splices,
        );
    }

    /// Fixes other rules declare (applied when no family flag narrows the run): literal quotes
    /// around a path, a whole command line in `command`.
    fn others(&mut self, s: &ServerSpec, findings: &[&Finding]) {
        let fields: Vec<Str> = s
            .command
            .iter()
            .chain(&s.args)
            .chain(&s.cwd)
            .cloned()
            .collect();
        for at in &fields {
            if let Some(f) = about(findings, RuleId::QuotedPath, &at.pointer) {
                if let Some(meant) = var(f, Var::Meant) {
                    let value = match at.value.split_once('=') {
                        Some((flag, _)) if flag.starts_with('-') => format!("{flag}={meant}"),
                        _ => meant.to_string(),
                    };
                    self.replace(s, RuleId::QuotedPath, at, value);
                }
            }
        }
        let Some(cmd) = &s.command else { return };
        // shell_words reads `\` as an escape: a Windows path would lose its separators.
        if about(findings, RuleId::CommandLineInCommand, &cmd.pointer).is_some()
            && !(self.m.os.is_windows() && cmd.value.contains('\\'))
        {
            let Ok(words) = shell_words::split(&cmd.value) else {
                return;
            };
            let Some((prog, rest)) = words.split_first() else {
                return;
            };
            if rest.is_empty() {
                return;
            }
            self.replace(s, RuleId::CommandLineInCommand, cmd, prog.clone());
            self.prepend_args(
                s,
                RuleId::CommandLineInCommand,
                rest.iter().cloned().map(Value::String).collect(),
            );
        }
    }
}
