//! The checks on each server entry and each config file. Each check detects and words; the rule
//! (under `rules/`) gives the cause, default severity and fix.
use crate::clients::{self, Layout, Scope};
use crate::config::ConfigFile;
use crate::finding::{ClientId, Finding, Severity};
use crate::launch;
use crate::machine::{self, Machine, Os};
use crate::placeholder::{is_placeholder, is_placeholder_path, placeholder_path_folder};
use crate::redact::{self, Secrets};
use crate::resolve::{Lookup, Resolver};
use crate::rules::RuleId;
use crate::server::{ServerSpec, Str, Transport};
use crate::wrappers;
use std::collections::HashMap;

pub struct Ctx<'a> {
    pub m: &'a Machine,
    pub configs: &'a [ConfigFile],
    /// The PATHs the apps logged for their servers (from the log scan), which beat the doctor's
    /// model of an app's PATH.
    pub logged: &'a [crate::launch::LoggedPath],
    pub resolver: Resolver,
    pub secrets: Secrets,
}

/// The command that installs the tool a missing `command` names, for the OS (empty when the doctor
/// knows none: the fix then says only "install it"). Each is the tool's own documented way:
/// nodejs.org/en/download (winget `OpenJS.NodeJS.LTS`, Homebrew `node`), docs.astral.sh/uv
/// "Installation" (`brew install uv`, winget `astral-sh.uv`, the standalone installer on Linux),
/// docs.python.org/3/using/windows.html and Homebrew `python`, docs.docker.com/desktop (winget
/// `Docker.DockerDesktop`, the `docker` cask), docs.deno.com "Installation".
pub fn install_command(os: Os, program: &str) -> String {
    let tool = crate::runtime::usage::base_name(os, program);
    let cmd = match (tool.as_str(), os) {
        ("npx" | "node" | "npm", Os::Macos) => "brew install node",
        ("npx" | "node" | "npm", Os::Windows) => "winget install OpenJS.NodeJS.LTS",
        ("uvx" | "uv", Os::Macos) => "brew install uv",
        ("uvx" | "uv", Os::Windows) => "winget install --id=astral-sh.uv -e",
        ("uvx" | "uv", Os::Linux) => "curl -LsSf https://astral.sh/uv/install.sh | sh",
        ("python" | "python3", Os::Macos) => "brew install python",
        ("python" | "python3", Os::Windows) => "winget install Python.Python.3.12",
        ("docker", Os::Macos) => "brew install --cask docker",
        ("docker", Os::Windows) => "winget install Docker.DockerDesktop",
        ("deno", Os::Macos) => "brew install deno",
        ("deno", Os::Windows) => "winget install DenoLand.Deno",
        _ => "",
    };
    cmd.to_string()
}

/// Flags whose next argument is a path.
const PATH_FLAGS: &[&str] = &[
    "--directory",
    "--cwd",
    "-C",
    "--prefix",
    "--project",
    "--config",
    "--root",
    "--dir",
    "--path",
    "--db-path",
    "--workspace",
    "--from-file",
];
/// Flags whose next argument is code or a shell command line, not a path.
const CODE_FLAGS: &[&str] = &[
    "-c", "-e", "--eval", "/c", "/C", "/k", "-Command", "-command",
];
const SCRIPT_EXT: &[&str] = &[
    "js", "mjs", "cjs", "ts", "py", "pyz", "jar", "sh", "ps1", "rb", "php", "exe", "dll", "bat",
    "cmd", "json", "toml", "yaml", "yml", "db", "sqlite",
];
const NODE_TOOLS: &[&str] = &["node", "npx", "npm", "corepack"];
/// Servers that replace a leading `~` of their own path arguments with the home folder, so a `~/…`
/// that a client hands over unexpanded (no shell) still names a folder under home; the flag says
/// whether a Windows `~\…` counts too.
/// - `@modelcontextprotocol/server-filesystem` runs each allowed directory of its command line
///   through `expandHome`, which takes `~` and `~/…` only (`filepath.startsWith('~/') ||
///   filepath === '~'`, on every OS): src/filesystem/index.ts line 47 and
///   src/filesystem/path-utils.ts line 119, https://github.com/modelcontextprotocol/servers/blob/76d64c822f5125032f89eb71dbdb94e42b434821/src/filesystem/index.ts#L47
///   (since "allow ~ to be used in config", d7ea463a, March 2025).
/// - `rust-mcp-filesystem`'s `FileSystemService::try_new` runs each allowed directory through
///   `expand_home`, which joins the rest to `dirs::home_dir()` when the path's first component is
///   `~` (`Path::starts_with`, so `~\…` too on Windows):
///   https://github.com/rust-mcp-stack/rust-mcp-filesystem/blob/135656723036e4ee59707f547b4521168677e625/src/fs_service/core.rs#L28
///   and src/fs_service/utils.rs line 143.
const EXPANDS_OWN_TILDE: &[(&str, bool)] = &[
    ("@modelcontextprotocol/server-filesystem", false),
    ("rust-mcp-filesystem", true),
];
const SHIM_TOOLS: &[&str] = &[
    "npx", "npm", "pnpm", "pnpx", "yarn", "bunx", "tsx", "ts-node", "corepack",
];

/// The value of a field after the client's own `${...}` expansion; `None` when it depends on
/// something the doctor cannot know (a VS Code `${input:...}` prompt).
type Expanded = Option<String>;

impl Ctx<'_> {
    fn cfg(&self, s: &ServerSpec) -> &ConfigFile {
        &self.configs[s.config]
    }

    fn find(&self, s: &ServerSpec, rule: RuleId, at: Option<&Str>, msg: String) -> Finding {
        let cfg = self.cfg(s);
        let ev = match at {
            Some(v) => cfg.evidence_at(v.span.start),
            None => cfg.evidence_at(s.span.start),
        };
        let mut f = Finding::new(rule, msg)
            .client(s.client)
            .server(s.name.clone())
            .evidence(ev)
            .var(crate::finding::Var::Server, s.name.clone())
            .var(crate::finding::Var::Path, cfg.loc.spelled.clone());
        if let Some(v) = at {
            f = f
                .var(crate::finding::Var::Value, v.value.clone())
                .var(crate::finding::Var::Pointer, v.pointer.clone());
        }
        f
    }

    /// Applies the client's expansion to a value (one expander for every step: `launch`),
    /// reporting references that resolve to nothing.
    fn expand(
        &mut self,
        s: &ServerSpec,
        v: &Str,
        is_env_value: bool,
        out: &mut Vec<Finding>,
    ) -> Expanded {
        let title = s.client.title();
        let field = if is_env_value {
            launch::Field::Env
        } else {
            launch::Field::Arg
        };
        let ex = launch::expand(self.m, s, field, &v.value);
        for issue in ex.issues {
            let f = match issue {
                launch::Issue::Unset {
                    reference,
                    name,
                    becomes,
                    also_looked,
                } => {
                    let looked = match &also_looked {
                        Some(p) => format!(" nor in {}", self.m.spell(p)),
                        None => String::new(),
                    };
                    let gets = match becomes {
                        launch::Becomes::Empty => "an empty value".to_string(),
                        launch::Becomes::Literal => format!("the literal text \"{reference}\""),
                    };
                    let prof = clients::profile(s.client, self.m.os);
                    let default = if prof.expansion == clients::Expansion::ClaudeCode {
                        ", and has no default"
                    } else {
                        ""
                    };
                    self.find(s, RuleId::EnvVarUnset, Some(v), format!("{reference} is not set in the environment {title} starts from{looked}{default}; the server receives {gets}."))
                        .var(crate::finding::Var::Name, name)
                }
                launch::Issue::BareNotExpanded { name } => self
                    .find(s, RuleId::EnvNotExpanded, Some(v), format!("{title} expands ${{{name}}} but not bare ${name}; the server receives the literal text."))
                    .var(crate::finding::Var::Name, name),
                launch::Issue::NotExpanded { reference } => {
                    let prof = clients::profile(s.client, self.m.os);
                    let msg = match prof.expansion {
                        clients::Expansion::VscodeKeepUnset => format!("{title} expands only ${{env:NAME}} and ${{workspaceFolder}}, not {reference}; the server receives the literal text."),
                        clients::Expansion::Shell => format!("{title} expands only upper-case names ($NAME, ${{NAME}}), not {reference}; the server receives the literal text."),
                        clients::Expansion::Opencode => format!("{title} expands {{env:NAME}}, not {reference}; the server receives the literal text."),
                        clients::Expansion::EnvKeepUnset => format!("{title} expands only ${{env:NAME}}, not {reference}; the server receives the literal text."),
                        _ => format!("{title} does not expand {reference}; the server receives the literal text \"{}\".", v.value),
                    };
                    self.find(s, RuleId::EnvNotExpanded, Some(v), msg).var(crate::finding::Var::Name, reference)
                }
                launch::Issue::Input { id } => {
                    let defined = self
                        .cfg(s)
                        .root
                        .as_ref()
                        .and_then(|r| {
                            // VS Code's settings.json keeps them under `mcp`.
                            r.get("inputs")
                                .or_else(|| r.get("mcp").and_then(|m| m.get("inputs")))
                        })
                        .is_some_and(|i| {
                            i.items()
                                .iter()
                                .any(|x| x.get("id").and_then(|n| n.as_str()) == Some(id.as_str()))
                        });
                    if defined || !clients::get(s.client).inputs_list {
                        continue;
                    }
                    self.find(s, RuleId::EnvVarUnset, Some(v), format!("${{input:{id}}} refers to an input that the \"inputs\" list of this file does not define; {title} cannot prompt for it."))
                        .var(crate::finding::Var::Name, format!("input:{id}"))
                }
            };
            out.push(f);
        }
        ex.value
    }

    /// Every check of one server entry.
    pub fn check_server(&mut self, s: &ServerSpec) -> Vec<Finding> {
        let mut out = Vec::new();
        if s.amends_extension {
            let by = clients::get(s.client).extension_server;
            if by.and_then(|f| f(self.m, &s.name)).is_none() {
                out.push(self.find(s, RuleId::EntryShape, None, format!("The server \"{}\" has neither \"command\" nor \"url\", and no installed extension brings a server of that name for it to amend; {} cannot start it.", s.name, s.client.title())));
            }
            return out;
        }
        for (k, v) in &s.env {
            if redact::is_secret_name(&k.value) {
                self.secrets.add(&v.value);
            }
        }
        for (k, v) in &s.headers {
            if redact::is_secret_name(&k.value) || k.value.eq_ignore_ascii_case("authorization") {
                self.secrets.add(&v.value);
                if let Some(tok) = v.value.split_whitespace().nth(1) {
                    self.secrets.add(tok);
                }
            }
        }
        for w in s.args.windows(2) {
            if redact::is_secret_flag(&w[0].value) {
                self.secrets.add(&w[1].value);
            }
        }
        for a in &s.args {
            if let Some((flag, val)) = a.value.split_once('=') {
                if redact::is_secret_flag(flag) {
                    self.secrets.add(val);
                }
            }
        }
        if let Some(b) = s
            .bridge_program
            .as_ref()
            .filter(|b| s.bridged && machine::is_absolute(self.m.os, &b.value))
        {
            // An upgrade that moved the doctor's binary breaks every entry bridged through it.
            if self.m.to_host(&b.value).is_some_and(|h| !h.exists()) {
                let n = &s.name;
                out.push(self.find(
                    s,
                    RuleId::CommandMissing,
                    Some(b),
                    format!("The entry runs through mcp-doctor bridge, but {} does not exist (the doctor was moved or upgraded): run `mcp-doctor fix --unbridge {n}` and `mcp-doctor fix --bridge {n}` again.", b.value),
                ));
            }
        }
        if s.transport == Transport::Stdio && s.url.is_none() {
            self.check_command(s, &mut out);
            self.check_cmd_inner(s, &mut out);
            self.check_args(s, &mut out);
            self.check_cwd(s, &mut out);
        } else {
            self.check_remote(s, &mut out);
        }
        self.check_env(s, &mut out);
        self.check_docker(s, &mut out);
        if s.disabled {
            for f in &mut out {
                f.severity = Severity::Note;
                f.message.push_str(" (The server is disabled.)");
            }
        }
        out
    }

    fn check_command(&mut self, s: &ServerSpec, out: &mut Vec<Finding>) {
        let m = self.m;
        let Some(cmd) = &s.command else { return };
        let Some(value) = self.expand(s, cmd, false, out) else {
            return;
        };
        let title = s.client.title();
        let os = m.os;
        let prof = clients::profile(s.client, os);
        if value.trim().is_empty() {
            out.push(self.find(
                s,
                RuleId::EntryShape,
                Some(cmd),
                "\"command\" is empty.".into(),
            ));
            return;
        }
        if let Some(inner) = strip_quotes(&value) {
            out.push(self.find(s, RuleId::QuotedPath, Some(cmd), format!("\"command\" has literal quotes around {inner}; they become part of the program's name.")).var(crate::finding::Var::Meant, inner.to_string()));
            return;
        }
        // A README's stand-in for the whole program, with spaces in it (aks-mcp's `"command":
        // "<path of binary aks-mcp>"` and `"<enter the file path>"`,
        // https://github.com/Azure/aks-mcp/blob/01339bc657f6f23aab193b656a29cbcde6be8adb/README.md
        // "Other MCP-Compatible Clients", "Manual VS Code Configuration"): the reader is to put
        // the path of their download there, not to split it into a program and arguments.
        if is_angle_stand_in(&value) || is_program_stand_in(&value) || is_spaced_stand_in(&value) {
            out.push(self.find(s, RuleId::RelativePath, Some(cmd), format!("\"command\" is \"{value}\", a placeholder left from an example: write the absolute path of the program you installed.")).var(crate::finding::Var::Meant, "an absolute path"));
            return;
        }
        // A client that splits a whole command line (`"npx -y pkg"`) runs its first word: that
        // program is what must be found (the launch model's answer, which the probe spawns).
        let (value, _) = launch::command_line(m, s, &value);
        if self.path_side_mismatch(s, cmd, &value, out) {
            return;
        }
        if let Some(meant) = m.expand_tilde(&value) {
            out.push(self.find(s, RuleId::TildePath, Some(cmd), format!("{title} does not expand `~`: it looks for a program literally named \"{value}\". The absolute path is {meant}.")).var(crate::finding::Var::Meant, meant));
            return;
        }
        // A PowerShell script is no program on Windows: `CreateProcess` refuses it ("not a valid
        // Win32 application", os error 193), Node's spawn fails, and VS Code hands only a found
        // `.bat`/`.cmd` to a shell (extHostMcpNode.ts `formatSubprocessArguments`); run through
        // cmd.exe, as cross-spawn does, it opens in its associated program, Notepad by default
        // (about_Scripts). npm writes a `.cmd` shim beside each `.ps1` one.
        // A client that starts servers through PowerShell (Zed's default shell) runs it.
        let ps1 = os.is_windows()
            && !prof.starts_through_shell
            && value.to_ascii_lowercase().ends_with(".ps1");
        if ps1
            && (!machine::is_absolute(os, &value)
                || m.to_host(&value)
                    .is_none_or(|h| self.resolver.facts(&h).exists))
        {
            out.push(self.find(s, RuleId::PowershellScriptCommand, Some(cmd), format!("{value} is a PowerShell script; {title} starts it as a program, and Windows runs no .ps1 file as one (CreateProcess: not a valid Win32 application).")).var(crate::finding::Var::Command, value.clone()));
            return;
        }
        if machine::is_absolute(os, &value) {
            let Some(host) = m.to_host(&value) else {
                return;
            };
            // One `stat`, remembered: many servers of a big config run the same program.
            let facts = self.resolver.facts(&host);
            if !facts.exists {
                if let Some((prog, rest)) = split_command_line(&value) {
                    if m.to_host(&prog).is_some_and(|h| h.exists()) {
                        self.command_line(s, cmd, &prog, &rest, out);
                        return;
                    }
                }
                out.push(self.find(
                    s,
                    RuleId::CommandMissing,
                    Some(cmd),
                    format!("The program {value} does not exist."),
                ));
            } else if facts.dir {
                out.push(self.find(
                    s,
                    RuleId::NotExecutable,
                    Some(cmd),
                    format!("{value} is a folder, not a program."),
                ));
            } else if os.is_windows() && is_cmd_shim(&value) && !prof.runs_cmd_paths {
                out.push(self.find(s, RuleId::WindowsNpx, Some(cmd), format!("{value} is a batch file; {title} starts servers without a shell and cannot run it directly.")).var(crate::finding::Var::Command, value.clone()));
            } else if !os.is_windows() && !m.foreign && !facts.executable {
                out.push(self.find(
                    s,
                    RuleId::NotExecutable,
                    Some(cmd),
                    format!("{value} is not executable (spawn fails with EACCES)."),
                ));
            }
            return;
        }
        if value.contains(char::is_whitespace) {
            if let Some((prog, rest)) = split_command_line(&value) {
                let prog_is_path = prog.contains('/') || prog.contains('\\');
                if !prog_is_path
                    || m.to_host(&prog).is_some_and(|h| h.exists())
                    || !machine::is_absolute(os, &prog)
                {
                    self.command_line(s, cmd, &prog, &rest, out);
                    return;
                }
            }
        }
        if value.contains('/') || (os.is_windows() && value.contains('\\')) {
            let meant = self.meant_relative(s, &value);
            // A README's stand-in for the program (MCP Toolbox's docs: `"command":
            // "./PATH/TO/toolbox"`, https://github.com/googleapis/genai-toolbox/blob/46c1930c805475a0edae50e641d44e9b47d888df/docs/en/how-to/connect-ide/postgres_mcp.md):
            // the reader is to put the path of their own download there, as for an argument.
            if meant.is_none() && is_placeholder_path(&value) {
                out.push(self.find(s, RuleId::RelativePath, Some(cmd), format!("\"command\" is \"{value}\", a placeholder left from an example: write the absolute path of the program you installed.")).var(crate::finding::Var::Meant, "an absolute path"));
                return;
            }
            // The program is looked up from the folder the server starts in, as an argument is:
            // Node's spawn (libuv) changes to `cwd` in the child and then `execvp`s the name, so
            // `"command": ".venv/bin/python"` with `"cwd": "/srv/app"` runs
            // /srv/app/.venv/bin/python (uv__process_child_init in src/unix/process.c,
            // https://github.com/libuv/libuv/blob/v1.x/src/unix/process.c; on Windows
            // `search_path(file, cwd, path)` in src/win/process.c). So the rules of `check_args`
            // for a relative path hold for the program too.
            if prof.honours_cwd {
                if let Some(c) = s.cwd.as_ref().map(|c| c.value.as_str()) {
                    if machine::is_absolute(os, c) {
                        let t = machine::normalize(os, &machine::join(os, c, &value));
                        if m.to_host(&t).is_some_and(|h| !h.exists()) {
                            out.push(self.find(
                                s,
                                RuleId::PathMissing,
                                Some(cmd),
                                format!("\"command\" is {value}, relative to cwd {c}: {t} does not exist."),
                            ));
                        }
                    }
                    // A relative `cwd`: the `cwd` finding already says where that resolves.
                    return;
                }
            }
            if self.found_from_project_folder(s, &value, false) {
                return;
            }
            out.push(self.relative_path(
                s,
                cmd,
                "\"command\" is a relative path".into(),
                format!("\"command\" is the relative path \"{value}\""),
                meant,
            ));
            return;
        }
        if value.contains(char::is_whitespace) {
            if let Some((prog, rest)) = split_command_line(&value) {
                self.command_line(s, cmd, &prog, &rest, out);
                return;
            }
        }
        // A bare name: looked up on the PATH the client gives the server.
        let (app_path, path_from) = s.app_path(m, self.logged);
        if uses_builtin_node(self.cfg(s), s, &value) {
            return;
        }
        let on_app = self.resolver.lookup(m, &value, &app_path);
        let is_shim_tool = SHIM_TOOLS.contains(&value.to_ascii_lowercase().as_str());
        match on_app {
            Lookup::Found {
                target: app_target, ..
            } => {
                let shell = m.shell_paths();
                if shell[..] != app_path[..] {
                    if let Lookup::Found { target, .. } = self.resolver.lookup(m, &value, &shell) {
                        if target != app_target {
                            out.push(
                                self.find(s, RuleId::CommandDiffersFromShell, Some(cmd), format!("{title} runs `{value}` from {app_target}, but your shell runs {target}."))
                                    .var(crate::finding::Var::Found, target)
                                    .var(crate::finding::Var::Command, value.clone()),
                            );
                        }
                    }
                }
            }
            Lookup::ShimOnly { target, .. } => {
                if !prof.wraps_cmd_shims {
                    out.push(
                        self.find(s, RuleId::WindowsNpx, Some(cmd), format!("On Windows `{value}` is the batch file {target}; {title} starts servers without a shell, so it cannot run it (spawn {value} ENOENT / EINVAL)."))
                            .var(crate::finding::Var::Command, value.clone()),
                    );
                }
            }
            Lookup::NotExecutable { target, .. } => {
                out.push(
                    self.find(
                        s,
                        RuleId::NotExecutable,
                        Some(cmd),
                        format!("`{value}` resolves to {target}, which is not executable."),
                    )
                    .var(crate::finding::Var::Value, target),
                );
            }
            Lookup::NotFound { unchecked } => {
                match self.shell_finds(&value, &app_path) {
                    Some(target) => {
                        let why = path_from.describe(m, s.client, &app_path);
                        out.push(
                            self.find(s, RuleId::CommandNotOnAppPath, Some(cmd), format!("`{value}` is not on {why}; only your shell finds it, at {target}."))
                                .var(crate::finding::Var::Found, target)
                                .var(crate::finding::Var::Command, value.clone()),
                        );
                        if os.is_windows()
                            && is_shim_tool
                            && !prof.wraps_cmd_shims
                            && unchecked == 0
                        {
                            out.push(self.find(s, RuleId::WindowsNpx, Some(cmd), format!("On Windows `{value}` is a batch file; {title} needs it wrapped in `cmd /c`.")).var(crate::finding::Var::Command, value.clone()));
                        }
                    }
                    _ if unchecked > 0 && m.foreign => {}
                    _ => {
                        let extra = if os.is_windows() && is_shim_tool {
                            " (Node.js installs it as a .cmd file)"
                        } else {
                            ""
                        };
                        out.push(
                            self.find(s, RuleId::CommandNotFound, Some(cmd), format!("`{value}` is not on the PATH {title} starts servers with, nor on your shell's{extra}: spawn {value} ENOENT."))
                                .var(crate::finding::Var::Command, value.clone())
                                .var(crate::finding::Var::Install, install_command(os, &value)),
                        );
                    }
                }
            }
        }
    }

    /// `cmd /c <program> …` on Windows: cmd.exe looks the program up on the PATH it inherits (the
    /// client's; with PATHEXT, so a `.cmd` shim such as `npx.cmd` is found) and prints `'<program>'
    /// is not recognized as an internal or external command` when no folder has it
    /// (learn.microsoft.com/windows-server/administration/windows-commands/cmd).
    fn check_cmd_inner(&mut self, s: &ServerSpec, out: &mut Vec<Finding>) {
        let m = self.m;
        if !m.os.is_windows() {
            return;
        }
        let Some(cmd) = &s.command else { return };
        let args: Vec<&str> = s.args.iter().map(|a| a.value.as_str()).collect();
        let Some((at, prog)) = wrappers::cmd_inner(&cmd.value, &args) else {
            return;
        };
        let arg = &s.args[at];
        let title = s.client.title();
        if machine::is_absolute(m.os, &prog) {
            if m.to_host(&prog)
                .is_some_and(|h| !self.resolver.facts(&h).exists)
            {
                out.push(self.find(
                    s,
                    RuleId::CommandMissing,
                    Some(arg),
                    format!("The program {prog} that `cmd /c` runs does not exist."),
                ));
            }
            return;
        }
        // A relative path is cmd.exe's start folder's: the argument checks judge paths.
        if prog.contains(['/', '\\']) {
            return;
        }
        let (app_path, _) = s.app_path(m, self.logged);
        let Lookup::NotFound { unchecked } = self.resolver.lookup(m, &prog, &app_path) else {
            return;
        };
        if unchecked > 0 && m.foreign {
            return;
        }
        let elsewhere = self
            .shell_finds(&prog, &app_path)
            .map(|target| format!(" (only your shell finds it, at {target})"))
            .unwrap_or_default();
        out.push(
            self.find(s, RuleId::CommandNotFound, Some(arg), format!("`{prog}`, which `cmd /c` runs, is not on the PATH {title} starts servers with{elsewhere}: cmd prints '{prog}' is not recognized as an internal or external command."))
                .var(crate::finding::Var::Install, install_command(m.os, &prog))
                .var(crate::finding::Var::Command, prog),
        );
    }

    /// Where the user's shell finds a program the PATH the client gives the server does not
    /// have: its file, when the shell's PATH is another one and has it (a `.cmd` shim counts).
    fn shell_finds(&mut self, name: &str, app_path: &[String]) -> Option<String> {
        let m = self.m;
        let shell = m.shell_paths();
        if shell[..] == app_path[..] {
            return None;
        }
        match self.resolver.lookup(m, name, &shell) {
            Lookup::Found { target, .. } | Lookup::ShimOnly { target, .. } => Some(target),
            _ => None,
        }
    }

    fn command_line(
        &self,
        s: &ServerSpec,
        cmd: &Str,
        prog: &str,
        rest: &[String],
        out: &mut Vec<Finding>,
    ) {
        let mut all_args: Vec<String> = rest.to_vec();
        all_args.extend(s.args.iter().map(|a| a.value.clone()));
        let args_json = serde_json::to_string(&all_args).unwrap_or_default();
        out.push(
            self.find(
                s,
                RuleId::CommandLineInCommand,
                Some(cmd),
                format!("\"command\" holds a whole command line; {} looks for a program literally named \"{}\" (spawn ENOENT). Did you mean \"command\": {}, \"args\": {args_json}?", s.client.title(), cmd.value, serde_json::to_string(prog).unwrap_or_default()),
            )
            .var(crate::finding::Var::Program, serde_json::to_string(prog).unwrap_or_default())
            .var(crate::finding::Var::Args, args_json),
        );
    }

    /// A Linux path in a Windows client, or a Windows path in a macOS/Linux client.
    fn path_side_mismatch(
        &self,
        s: &ServerSpec,
        at: &Str,
        value: &str,
        out: &mut Vec<Finding>,
    ) -> bool {
        let os = self.m.os;
        let lower = value.to_ascii_lowercase();
        let msg = if os.is_windows()
            && (value.starts_with('/') && !value.starts_with("//")
                || lower.starts_with("\\\\wsl$")
                || lower.starts_with("\\\\wsl.localhost"))
        {
            format!("{value} is a Linux (WSL) path; {} runs on Windows, where it does not exist or cannot be executed.", s.client.title())
        } else if !os.is_windows() && machine::looks_windows_absolute(value) {
            format!(
                "{value} is a Windows path; {} runs on {}, where it does not exist.",
                s.client.title(),
                if os == Os::Macos { "macOS" } else { "Linux" }
            )
        } else {
            return false;
        };
        out.push(self.find(s, RuleId::WslPath, Some(at), msg));
        true
    }

    /// The `relative-path` finding of `command` or an argument at `at` (`what`: how the message
    /// names it; `named`: the same with its value, for the terminal clients' wording), with its
    /// severity: a warning where the path works from the folder the client is started in (a
    /// project's file the client resolves there, or a terminal client that starts a server
    /// without `cwd` in its own working folder), an error otherwise.
    fn relative_path(
        &self,
        s: &ServerSpec,
        at: &Str,
        what: String,
        named: String,
        meant: Option<String>,
    ) -> Finding {
        let os = self.m.os;
        let title = s.client.title();
        let prof = clients::profile(s.client, os);
        let mut f = self.find(s, RuleId::RelativePath, Some(at), format!("{what}, resolved against the folder {title} starts the server in ({}), not the one you meant.", start_folder(s.client, os)));
        if s.scope == Scope::Project
            && meant.is_some()
            && clients::get(s.client).project_relative_paths
        {
            f = f.severity(Severity::Warning);
            f.message
                .push_str(" It works only while the client is started from the project folder.");
        } else if prof.launch == clients::Launch::Terminal && prof.honours_cwd {
            // A client run from a terminal that starts a server without a `cwd` in its own
            // working folder, the one the user started it in (Gemini CLI passes `cwd:
            // mcpServerConfig.cwd` to `StdioClientTransport`, so an unset one inherits gemini's:
            // packages/core/src/tools/mcp-client.ts `createTransport`,
            // https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/core/src/tools/mcp-client.ts):
            // a relative path works from that folder only, as a relative `cwd` does
            // (`check_cwd`), which its docs' own `"args": ["filename.ts"]` relies on.
            f = f.severity(Severity::Warning);
            f.message = format!("{named}, resolved against the folder {title} is started from: it works only when {title} is started in the folder that holds it.");
        }
        f.var(
            crate::finding::Var::Meant,
            meant.unwrap_or_else(|| "an absolute path".into()),
        )
    }

    /// Whether a relative path of a project file that its client reads only from the folder it
    /// is started in (Gemini CLI's, `project_file_from_start_folder`), where a server without
    /// `cwd` starts too, names a file (`dir`: a folder) that exists from the project folder. A
    /// relative `cwd` (`dir`) counts only for a client that resolves it there too
    /// (`relative_cwd_from_project_folder`). For a user file whose servers start in the home
    /// folder (`user_servers_start_in_home`), whether it exists from the home folder.
    fn found_from_project_folder(&self, s: &ServerSpec, rel: &str, dir: bool) -> bool {
        let m = self.m;
        let c = clients::get(s.client);
        let found = |base: &str| {
            let t = machine::normalize(m.os, &machine::join(m.os, base, rel));
            m.to_host(&t)
                .is_some_and(|h| if dir { h.is_dir() } else { h.exists() })
        };
        if s.scope == Scope::User && c.user_servers_start_in_home {
            // A user file's server starts in the home folder (VS Code's), whatever folder the
            // client was started from: a path that exists there is where the server finds it.
            return found(&m.home_spelled);
        }
        s.scope == Scope::Project
            && c.project_file_from_start_folder
            && (!dir || c.relative_cwd_from_project_folder)
            && s.project.as_ref().is_some_and(|p| found(p))
    }

    fn meant_relative(&self, s: &ServerSpec, rel: &str) -> Option<String> {
        let m = self.m;
        let cfg = self.cfg(s);
        let mut bases: Vec<String> = Vec::new();
        if let Some(p) = &s.project {
            bases.push(p.clone());
        }
        if let Some(h) = cfg.loc.host.as_ref().and_then(|h| h.parent()) {
            bases.push(m.spell(h));
        }
        bases.push(m.home_spelled.clone());
        bases.push(m.spell(&m.cwd));
        bases
            .into_iter()
            .map(|b| machine::normalize(m.os, &machine::join(m.os, &b, rel)))
            .find(|t| m.to_host(t).is_some_and(|h| h.exists()))
    }

    fn check_args(&mut self, s: &ServerSpec, out: &mut Vec<Finding>) {
        let m = self.m;
        let os = m.os;
        let title = s.client.title();
        let prof = clients::profile(s.client, os);
        let cwd = s
            .cwd
            .as_ref()
            .map(|c| c.value.clone())
            .filter(|c| prof.honours_cwd && machine::is_absolute(os, c));
        // The program's name as the wrappers read it: `C:\…\docker.exe`, `Docker` and
        // `/usr/bin/docker` are all `docker`.
        let base = s
            .command
            .as_ref()
            .map(|c| wrappers::program_name(&c.value))
            .unwrap_or_default();
        let base = base.as_str();
        // `wsl.exe` runs its arguments as a Linux command line inside WSL: "The commands passed
        // into wsl.exe are forwarded to the WSL process without modification. File paths must be
        // specified in the WSL format" (learn.microsoft.com/en-us/windows/wsl/filesystems, "Run
        // Linux tools from a Windows command line"; `wsl --help`: "-- Pass the remaining command
        // line as is"). aks-mcp's README has VS Code on Windows run `wsl -- /home/you/…/aks-mcp`
        // (https://github.com/Azure/aks-mcp/blob/01339bc657f6f23aab193b656a29cbcde6be8adb/README.md,
        // "WSL Configuration"): its paths are WSL's, not the Windows side's to check.
        if os.is_windows() && base == "wsl" {
            return;
        }
        let is_docker = matches!(base, "docker" | "podman");
        let arg_strs: Vec<&str> = s.args.iter().map(|a| a.value.as_str()).collect();
        let bridge = s
            .command
            .as_ref()
            .and_then(|c| wrappers::mcp_remote(&c.value, &arg_strs));
        let script_at = script_operand(base, &s.args);
        let uv_dir = uv_directory(base, &s.args);
        // The server is the program itself or the package a launcher runs (`npx -y pkg@latest`).
        let own_tilde = EXPANDS_OWN_TILDE
            .iter()
            .find(|(name, _)| {
                !is_docker
                    && (base == *name
                        || s.args.iter().any(|a| {
                            crate::runtime::usage::npm_name(&a.value).as_deref() == Some(*name)
                        }))
            })
            .map(|&(_, backslash)| backslash && os.is_windows());
        let expanded_by_server = |v: &str| match own_tilde {
            Some(backslash) => {
                v == "~" || v.starts_with("~/") || (backslash && v.starts_with("~\\"))
            }
            None => false,
        };
        for (i, a) in s.args.iter().enumerate() {
            if bridge
                .as_ref()
                .is_some_and(|b| b.header_values.contains(&i))
            {
                self.mcp_remote_header(s, a, out);
                continue;
            }
            let prev = if i > 0 {
                s.args[i - 1].value.as_str()
            } else {
                ""
            };
            // `docker run -v ~/.aws:/root/.aws`: without a shell nothing expands the `~`, and
            // docker takes a source that is not an absolute path for a named volume, whose name
            // may not hold `/` (docker/cli `opts/mount.go`, `volume/mounts/linux_parser.go`:
            // "includes invalid characters for a local volume name").
            // (Docker's rule: podman's own volume parsing is not modelled.)
            if is_docker && matches!(prev, "-v" | "--volume") {
                // A client that expands_tilde each argument (VS Code) hands docker the home folder.
                if let Some((src, rest)) = a
                    .value
                    .split_once(':')
                    .filter(|_| base == "docker" && !prof.expands_tilde)
                {
                    if let Some(meant) = m.expand_tilde(src) {
                        out.push(self.find(s, RuleId::TildePath, Some(a), format!("args[{i}] mounts \"{src}\"; {title} starts docker without a shell, so nothing expands `~` and docker reads it as a volume name, which it refuses. The absolute path is {meant}.")).var(crate::finding::Var::Meant, format!("{meant}:{rest}")));
                    }
                }
                continue;
            }
            if CODE_FLAGS.contains(&prev)
                || (is_docker && matches!(prev, "--mount" | "-e" | "--env"))
            {
                continue;
            }
            let Some(value) = self.expand(s, a, false, out) else {
                continue;
            };
            let (candidate, after_flag) = match value.split_once('=') {
                Some((flag, v)) if flag.starts_with('-') => (v.to_string(), true),
                _ => (value.clone(), false),
            };
            if candidate.starts_with('-') || candidate.is_empty() || candidate.contains("://") {
                continue;
            }
            let path_flag = PATH_FLAGS.contains(&prev)
                || (after_flag
                    && PATH_FLAGS
                        .iter()
                        .any(|f| value.starts_with(&format!("{f}="))));
            if let Some(inner) = strip_quotes(&candidate) {
                if looks_like_path(os, inner) || path_flag {
                    out.push(self.find(s, RuleId::QuotedPath, Some(a), format!("args[{i}] has literal quotes around {inner}; they become part of the path, which then does not exist.")).var(crate::finding::Var::Meant, inner.to_string()));
                }
                continue;
            }
            // An interpreter's script operand (`python3 server.py`) is a path even without a folder.
            let is_script = script_at == Some(i)
                && !candidate.contains(' ')
                && std::path::Path::new(&candidate)
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| SCRIPT_EXT.contains(&e.to_ascii_lowercase().as_str()));
            // An interpreter's script operand written as a README's stand-in with spaces in it
            // (`node "{ABSOLUTE PATH TO FILE HERE}/dist/index.js"`) is still the script's path.
            let stand_in = script_at == Some(i) && is_placeholder_path(&candidate);
            if !(path_flag || is_script || stand_in || looks_like_path(os, &candidate)) {
                continue;
            }
            // A path flag's value may name a database that is no file (`--db-path :memory:`,
            // `--db-path md:`): nothing to resolve against a folder.
            if path_flag && names_no_file(&candidate) {
                continue;
            }
            if self.path_side_mismatch(s, a, &candidate, out) {
                continue;
            }
            let candidate = match m.expand_tilde(&candidate) {
                // The server expands the `~` itself: the argument names the folder under home.
                Some(meant) if expanded_by_server(&candidate) => meant,
                Some(meant) => {
                    let expands = if prof.expands_tilde {
                        "expands `~` only at the start of an argument"
                    } else {
                        "does not expand `~`"
                    };
                    out.push(self.find(s, RuleId::TildePath, Some(a), format!("args[{i}] is \"{value}\"; {title} {expands}, so the server gets a path that does not exist. The absolute path is {meant}.")).var(crate::finding::Var::Meant, meant));
                    continue;
                }
                None => candidate,
            };
            if machine::is_absolute(os, &candidate) {
                if let Some(h) = m.to_host(&candidate) {
                    if !h.exists() {
                        out.push(self.find(
                            s,
                            RuleId::PathMissing,
                            Some(a),
                            format!("args[{i}] names {candidate}, which does not exist."),
                        ));
                    }
                }
                continue;
            }
            // Relative, after uv's `--directory X`: uv changes to X before running, and
            // "relative paths are resolved with the given directory as the base" (uv's CLI
            // reference, https://docs.astral.sh/uv/reference/cli/ `--directory`; astral-sh/uv
            // crates/uv-cli/src/lib.rs `GlobalArgs::directory`). So `--project .` or `main.py`
            // there is X's, not the client's start folder; a missing X is its own finding.
            // A relative X (couchbase's `"--directory", "path/to/cloned/repo/mcp-server-couchbase/",
            // "run", "src/mcp_server.py"`, https://github.com/Couchbase-Ecosystem/mcp-server-couchbase/blob/233d141a98ae3ab6007124689c6cc01fd986118e/README.md
            // "Running from Source"; testdata/readme-configs 815) holds the whole question: the
            // path after it is X's, and X's own finding says where X resolves.
            if let Some((_, dir)) = uv_dir.as_ref().filter(|(at, _)| i > *at) {
                if machine::is_absolute(os, dir) {
                    let t = machine::normalize(os, &machine::join(os, dir, &candidate));
                    if m.to_host(dir).is_some_and(|h| h.is_dir())
                        && m.to_host(&t).is_some_and(|h| !h.exists())
                    {
                        out.push(self.find(
                            s,
                            RuleId::PathMissing,
                            Some(a),
                            format!("args[{i}] is {candidate}, relative to uv's --directory {dir}: {t} does not exist."),
                        ));
                    }
                }
                continue;
            }
            // Relative.
            if let Some(c) = &cwd {
                let t = machine::normalize(os, &machine::join(os, c, &candidate));
                if m.to_host(&t).is_some_and(|h| !h.exists()) {
                    out.push(self.find(
                        s,
                        RuleId::PathMissing,
                        Some(a),
                        format!(
                            "args[{i}] is {candidate}, relative to cwd {c}: {t} does not exist."
                        ),
                    ));
                }
                continue;
            }
            // A relative `cwd` the client honours: the path is relative to it on purpose, and
            // the `cwd` finding already says where that resolves.
            if prof.honours_cwd && s.cwd.is_some() {
                continue;
            }
            // A README's stand-in (`path/to/your/server.py`, `your-repository-location/…`): the
            // reader is to put their own absolute path there.
            if is_placeholder_path(&candidate) {
                out.push(self.find(s, RuleId::RelativePath, Some(a), format!("args[{i}] is \"{candidate}\", a placeholder left from an example: write the absolute path of your own file.")).var(crate::finding::Var::Meant, "an absolute path"));
                continue;
            }
            // A project file read only from the folder the client starts in (Gemini CLI's): a
            // path that exists from the project folder is where the server finds it.
            if self.found_from_project_folder(s, &candidate, false) {
                continue;
            }
            let meant = self.meant_relative(s, &candidate);
            // The value of the server's own option (`--log-file ./logs/conport.log`) is the
            // server's to resolve, often against a folder of its own rather than the start folder
            // (context-portal's `--log-file` goes under its `--workspace_id`,
            // src/context_portal_mcp/main.py): only a file the doctor can find elsewhere shows
            // that the start folder is the wrong base.
            let server_option = !path_flag && !is_script && (after_flag || prev.starts_with('-'));
            if server_option && meant.is_none() {
                continue;
            }
            let named = format!("args[{i}] is the relative path \"{candidate}\"");
            out.push(self.relative_path(s, a, named.clone(), named, meant));
        }
    }

    fn check_cwd(&mut self, s: &ServerSpec, out: &mut Vec<Finding>) {
        let m = self.m;
        let Some(c) = &s.cwd else { return };
        let title = s.client.title();
        if !clients::profile(s.client, m.os).honours_cwd {
            out.push(self.find(
                s,
                RuleId::CwdIgnored,
                Some(c),
                format!(
                    "{title} ignores \"cwd\"; the server starts in {} instead.",
                    start_folder(s.client, m.os)
                ),
            ));
            return;
        }
        let Some(value) = self.expand(s, c, false, out) else {
            return;
        };
        if self.path_side_mismatch(s, c, &value, out) {
            return;
        }
        if let Some(meant) = m.expand_tilde(&value) {
            out.push(self.find(s, RuleId::TildePath, Some(c), format!("\"cwd\" is \"{value}\"; {title} does not expand `~`. The absolute path is {meant}.")).var(crate::finding::Var::Meant, meant));
        } else if !machine::is_absolute(m.os, &value) {
            // As for a relative argument: a project file read only from its own folder.
            if self.found_from_project_folder(s, &value, true) {
                return;
            }
            let meant = self
                .meant_relative(s, &value)
                .unwrap_or_else(|| "an absolute path".into());
            let mut f = self.find(
                s,
                RuleId::RelativePath,
                Some(c),
                format!("\"cwd\" is the relative path \"{value}\"; write the absolute folder."),
            );
            // A client run from a terminal resolves it against the folder it is started in (the
            // way its own docs use it, e.g. Gemini CLI's `"cwd": "./mcp-servers/python"`): it
            // works from that folder only. A GUI app's start folder is never the user's.
            if clients::profile(s.client, m.os).launch == clients::Launch::Terminal {
                f = f.severity(Severity::Warning);
                f.message = format!("\"cwd\" is the relative path \"{value}\", resolved against the folder {title} is started from: it works only when {title} is started in the folder that holds it.");
            }
            out.push(f.var(crate::finding::Var::Meant, meant));
        } else if m.to_host(&value).is_some_and(|h| !h.is_dir()) {
            let mut f = self.find(
                s,
                RuleId::PathMissing,
                Some(c),
                format!("\"cwd\" is {value}, which is not an existing folder."),
            );
            // Goose logs such a `cwd` and starts the server in its own working folder: the
            // server runs, only not where the entry meant (src/clients/goose.rs `profile`).
            if clients::get(s.client).missing_cwd_falls_back {
                f = f.severity(Severity::Warning);
                f.message = format!("\"cwd\" is {value}, which is not an existing folder; {title} passes over it and starts the server in {} instead.", start_folder(s.client, m.os));
            }
            out.push(f);
        }
    }

    fn check_remote(&mut self, s: &ServerSpec, out: &mut Vec<Finding>) {
        let Some(url) = &s.url else { return };
        let Some(value) = self.expand(s, url, false, out) else {
            return;
        };
        // A README's stand-in for the reader's own endpoint (`<YOUR_REGION_MCP_ENDPOINT>`): the
        // URL itself says nothing more; its headers are still checked.
        let placeholder = is_placeholder(value.trim());
        if placeholder {
            out.push(
                self.find(
                    s,
                    RuleId::EnvPlaceholder,
                    Some(url),
                    format!("\"url\" still holds a placeholder ({value}), not a real address."),
                )
                .var(crate::finding::Var::Name, "url".to_string()),
            );
        }
        if let Some(userinfo) = crate::url::userinfo(&value) {
            self.secrets
                .add(userinfo.split_once(':').map(|x| x.1).unwrap_or(userinfo));
        }
        for (k, v) in crate::url::query_pairs(&value) {
            if redact::is_secret_query(k) {
                self.secrets.add(v);
            }
        }
        if !placeholder
            && s.transport == Transport::Sse
            && clients::get(s.client).remote != clients::Remote::NotStarted
        {
            out.push(self.find(s, RuleId::LegacySse, Some(url), format!("\"{}\" uses the legacy HTTP+SSE transport, whose long-lived stream proxies cut on idle.", s.name)).var(crate::finding::Var::Url, value.clone()));
        }
        for (k, v) in &s.headers {
            let _ = self.expand(s, v, true, out);
            let secretish =
                redact::is_secret_name(&k.value) || k.value.eq_ignore_ascii_case("authorization");
            let token = v.value.trim();
            let token = token.strip_prefix("Bearer ").unwrap_or(token).trim();
            // A README's stand-in (`Bearer <YOUR_HF_TOKEN>`) is no secret, but still to replace.
            if secretish && is_placeholder(token) {
                out.push(
                    self.find(
                        s,
                        RuleId::EnvPlaceholder,
                        Some(v),
                        format!(
                            "{}.{} still holds a placeholder ({}), not a real value.",
                            clients::get(s.client).headers_key,
                            k.value,
                            redact::mask(&v.value)
                        ),
                    )
                    .var(crate::finding::Var::Name, k.value.clone()),
                );
                continue;
            }
            if secretish
                && !redact::is_reference(v.value.trim_start_matches("Bearer ").trim())
                && !redact::holds_reference(&v.value)
            {
                out.push(
                    self.find(
                        s,
                        RuleId::PlaintextSecret,
                        Some(v),
                        format!(
                            "The header {} is written in the config in plain text ({}).",
                            k.value,
                            redact::mask(&v.value)
                        ),
                    )
                    .var(crate::finding::Var::Name, k.value.clone()),
                );
            }
        }
    }

    /// `docker run` passes the container only the variables named with `-e`.
    fn check_docker(&self, s: &ServerSpec, out: &mut Vec<Finding>) {
        let Some(cmd) = &s.command else { return };
        let arg_strs: Vec<&str> = s.args.iter().map(|a| a.value.as_str()).collect();
        let Some(run) = wrappers::docker_run(&cmd.value, &arg_strs) else {
            return;
        };
        // A client speaks to a stdio server through pipes: Docker refuses a terminal (`-t`) for
        // a stdin that is none (docker/cli cli/streams/in.go CheckTty: "the input device is not
        // a TTY"), and without `-i` the container's stdin is closed, so the server reads EOF and
        // exits before `initialize`.
        if let Some(at) = run.tty {
            let a = &s.args[at];
            out.push(
                self.find(s, RuleId::DockerTty, Some(a), format!("`docker run` is given `{}`, which asks for a terminal: the client connects through pipes, so Docker stops with \"the input device is not a TTY\" and the server never starts.", redact::text(&a.value)))
                    .var(crate::finding::Var::Name, redact::text(&a.value)),
            );
        } else if !run.interactive && s.transport == Transport::Stdio {
            out.push(self.find(s, RuleId::DockerNoStdin, Some(cmd), "`docker run` is not given `-i`: the container's stdin stays closed, so the server reads end-of-file at once and exits before the client's `initialize`.".to_string()));
        }
        if run.env_file {
            return;
        }
        let forwarded: Vec<String> = run.env.iter().map(|e| e.name.clone()).collect();
        // A bare `-e X` that names nothing in this entry's env (or is no variable name at all).
        let odd: Vec<&Str> = run
            .env
            .iter()
            .filter(|e| {
                let is_name = !e.name.is_empty()
                    && e.name
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !e.name.starts_with(|c: char| c.is_ascii_digit());
                // `-e X` as two arguments; `--env=X` and `-eX` say plainly what they forward.
                let separate = !s.args[e.at].value.starts_with('-');
                separate
                    && !e.has_value
                    && (!is_name || !s.env.iter().any(|(k, _)| k.value == e.name))
            })
            .map(|e| &s.args[e.at])
            .collect();
        for (k, _) in &s.env {
            if k.value == "PATH"
                || k.value.starts_with("DOCKER_")
                || forwarded.iter().any(|f| f == &k.value)
            {
                continue;
            }
            let hint = odd
                .first()
                .map(|o| {
                    format!(
                        " (Did you mean `-e {}` instead of `-e {}`?)",
                        k.value,
                        redact::text(&o.value)
                    )
                })
                .unwrap_or_default();
            let at = odd.first().copied().unwrap_or(k);
            out.push(
                self.find(s, RuleId::DockerEnvNotForwarded, Some(at), format!("{}.{} is set for the `{}` command, but no `-e {}` forwards it into the container, so the server inside never sees it.{hint}", env_key(k), k.value, wrappers::program_name(&cmd.value), k.value))
                    .var(crate::finding::Var::Name, k.value.clone()),
            );
        }
    }

    /// A `--header` value of mcp-remote: mcp-remote itself replaces `${NAME}` from its own
    /// environment (the entry's `env` over the one it inherits), an unset one with nothing.
    fn mcp_remote_header(&mut self, s: &ServerSpec, v: &Str, out: &mut Vec<Finding>) {
        let m = self.m;
        for c in wrappers::MCP_REMOTE_REF.captures_iter(&v.value) {
            let name = &c[1];
            let in_entry = s.env.iter().any(|(k, _)| k.value == name);
            if in_entry || m.env.get(name).is_some() {
                continue;
            }
            out.push(
                self.find(s, RuleId::EnvVarUnset, Some(v), format!("{} is set neither in this entry's env nor in the environment {} starts servers with; mcp-remote replaces it in the --header value with an empty value.", &c[0], s.client.title()))
                    .var(crate::finding::Var::Name, name.to_string()),
            );
        }
    }

    fn check_env(&mut self, s: &ServerSpec, out: &mut Vec<Finding>) {
        for (k, v) in &s.env {
            let expanded = self.expand(s, v, true, out);
            let name = k.value.clone();
            // As the file spells it: `env.NAME`, or Goose's `envs.NAME`.
            let shown = format!("{}.{name}", env_key(k));
            if v.value.is_empty() {
                out.push(
                    self.find(
                        s,
                        RuleId::EnvEmpty,
                        Some(v),
                        format!("{shown} is empty; the server sees it as unset."),
                    )
                    .var(crate::finding::Var::Name, name),
                );
                continue;
            }
            // A value that repeats its own name (`"OXYLABS_USERNAME": "OXYLABS_USERNAME"`) is a
            // stand-in too: oxylabs-mcp's README fills every variable so and says "delete the
            // corresponding environment variables placeholders"
            // (https://github.com/oxylabs/oxylabs-mcp/blob/815df382a0ec2f509ae09b2613a5c0ed12c576db/README.md,
            // "Configuration").
            if is_placeholder(v.value.trim()) || v.value.trim() == name {
                out.push(
                    self.find(
                        s,
                        RuleId::EnvPlaceholder,
                        Some(v),
                        format!(
                            "{shown} still holds a placeholder ({}), not a real value.",
                            redact::mask(&v.value)
                        ),
                    )
                    .var(crate::finding::Var::Name, name),
                );
                continue;
            }
            // A PATH with a folder the README describes instead of naming (harness'
            // `/directory/containing/node:…`): the reader is to write their own folder there.
            if s.env_path(self.m.os).is_some_and(|p| std::ptr::eq(p, v)) {
                if let Some(dir) = placeholder_path_folder(self.m.os, &v.value) {
                    out.push(
                        self.find(
                            s,
                            RuleId::EnvPlaceholder,
                            Some(v),
                            format!("{shown} still holds a placeholder folder ({dir}): write the folder that holds the programs the server needs."),
                        )
                        .var(crate::finding::Var::Name, name),
                    );
                    continue;
                }
            }
            // `$NAME` alone is a reference (expanded or reported above), not a secret.
            let reference = v.value.starts_with('$')
                && launch::BARE_REF
                    .find(&v.value)
                    .is_some_and(|r| r.start() == 0 && r.end() == v.value.len());
            let literal = expanded.is_some()
                && expanded.as_deref() == Some(v.value.as_str())
                && !redact::holds_reference(&v.value)
                && !reference;
            if redact::is_secret_name(&name) && literal && v.value.len() >= 8 && name != "PATH" {
                out.push(self.find(s, RuleId::PlaintextSecret, Some(v), format!("{shown} holds a secret in plain text ({}); it travels with every copy of this file.", redact::mask(&v.value))).var(crate::finding::Var::Name, name));
            }
        }
    }
}

/// Whether Claude Desktop runs this command with its own bundled Node (`isUsingBuiltInNodeForMcp`),
/// so that no PATH lookup happens.
pub fn uses_builtin_node(cfg: &ConfigFile, s: &ServerSpec, command: &str) -> bool {
    s.client == clients::claude_desktop::ID
        && NODE_TOOLS.contains(&command)
        && clients::claude_desktop::uses_builtin_node(cfg.root.as_ref())
}

/// The folder each client starts servers in (for messages).
fn start_folder(c: ClientId, os: Os) -> &'static str {
    (clients::get(c).start_folder)(os)
}

/// A value that is one `<…>` hole as a whole (`<enter the file path>`): no program's name holds
/// `<` and `>` (Windows forbids both in names, and no README's program is named so).
fn is_angle_stand_in(v: &str) -> bool {
    let v = v.trim();
    v.len() > 2 && v.starts_with('<') && v.ends_with('>') && !v[1..v.len() - 1].contains(['<', '>'])
}

/// A stand-in path whose spaces are all inside its holes: Power BI Modeling MCP's manual-install
/// block writes `"command": "[Path To MCP Server folder]\\powerbi-modeling-mcp.exe"`
/// (https://github.com/microsoft/powerbi-modeling-mcp/blob/85209206fc64f6d1000ddc519e81055cbefdc654/README.md,
/// "Settings"; testdata/readme-configs 804). The words in `[…]`, `<…>` or `{…}` describe one
/// folder for the reader to write; split at their spaces they are no program and arguments.
fn is_spaced_stand_in(v: &str) -> bool {
    let mut depth = 0usize;
    let mut prev = ' ';
    for c in v.chars() {
        match c {
            '[' | '<' => depth += 1,
            '{' if prev != '$' => depth += 1,
            ']' | '>' | '}' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => return false,
            _ => {}
        }
        prev = c;
    }
    v.contains(char::is_whitespace) && is_placeholder_path(v)
}

/// A docs' word for "the program" as a whole command: Zed's own MCP page writes `"command":
/// "some-command"` with `"args": ["arg-1", "arg-2"]`
/// (https://github.com/zed-industries/zed/blob/04ebba463d123387b2ca27eaecd6c540ebb7c044/docs/src/ai/mcp.md,
/// "As Custom Servers"; testdata/readme-configs 486). No program is named so.
fn is_program_stand_in(v: &str) -> bool {
    let l = v.trim().to_ascii_lowercase();
    let Some(rest) = l.strip_prefix("some") else {
        return false;
    };
    let rest = rest.strip_prefix(['-', '_']).unwrap_or(rest);
    matches!(rest, "command" | "program" | "binary" | "executable")
}

fn strip_quotes(v: &str) -> Option<&str> {
    let t = v.trim();
    let b = t.as_bytes();
    if b.len() >= 2
        && ((b[0] == b'"' && b[b.len() - 1] == b'"') || (b[0] == b'\'' && b[b.len() - 1] == b'\''))
    {
        Some(&t[1..t.len() - 1])
    } else {
        None
    }
}

fn is_cmd_shim(v: &str) -> bool {
    let l = v.to_ascii_lowercase();
    l.ends_with(".cmd") || l.ends_with(".bat")
}

/// Whether an argument is clearly a path: absolute, `~`, `./`, `../`, or a file name with a script
/// extension and a folder in it. npm package specs (`@scope/pkg`) and URLs are not.
fn looks_like_path(os: Os, v: &str) -> bool {
    if v.starts_with('@') || v.contains("://") || v.contains('\n') {
        return false;
    }
    if v == "~"
        || v.starts_with("~/")
        || v.starts_with("~\\")
        || machine::is_absolute(os, v)
        || machine::looks_windows_absolute(v)
    {
        return !v.contains(' ')
            || std::path::Path::new(v).extension().is_some()
            || v.matches(['/', '\\']).count() >= 2;
    }
    if os.is_windows() && v.starts_with('/') && v.matches('/').count() >= 2 {
        return true;
    }
    if v.starts_with("./") || v.starts_with("../") || v.starts_with(".\\") || v.starts_with("..\\")
    {
        return true;
    }
    let has_sep = v.contains('/') || v.contains('\\');
    let ext = std::path::Path::new(v)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    has_sep && ext.is_some_and(|e| SCRIPT_EXT.contains(&e.as_str())) && !v.contains(' ')
}

/// Whether a path flag's value names a database rather than a file: SQLite's and DuckDB's
/// in-memory database `:memory:` (https://duckdb.org/docs/stable/connect/overview, "In-Memory
/// Database"; https://www.sqlite.org/inmemorydb.html), or a connection string with a scheme of
/// two or more letters (`md:`, `md:my_db` for MotherDuck: mcp-server-motherduck's README @ adef923b,
/// "`--db-path` … local file (absolute), `md:` (MotherDuck), or `s3://` URL"). A one-letter
/// scheme is a Windows drive (`C:`), which is a path.
fn names_no_file(v: &str) -> bool {
    if v == ":memory:" {
        return true;
    }
    let Some((scheme, _)) = v.split_once(':') else {
        return false;
    };
    scheme.len() >= 2
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
}

/// uv's global `--directory X` (or `--directory=X`): the position of X's argument and X,
/// absolute or not. Later relative paths are resolved against X (uv's CLI reference,
/// `--directory`).
fn uv_directory(base: &str, args: &[crate::server::Str]) -> Option<(usize, String)> {
    if !matches!(base, "uv" | "uvx") {
        return None;
    }
    for (i, a) in args.iter().enumerate() {
        let v = a.value.as_str();
        if v == "--directory" {
            return args.get(i + 1).map(|n| (i + 1, n.value.clone()));
        }
        if let Some(d) = v.strip_prefix("--directory=") {
            return Some((i, d.to_string()));
        }
        // An explicit `--` ends uv's own options (what follows is the command's).
        if v == "--" {
            return None;
        }
    }
    None
}

/// The index of the script an interpreter runs (`node server.js`, `python3 -u main.py`,
/// `deno run main.ts`, `bun run index.ts`): its first operand, which it opens relative to the
/// working folder. `python -m pkg` and `node -e code` run no script file.
fn script_operand(base: &str, args: &[crate::server::Str]) -> Option<usize> {
    // PowerShell runs the script named after `-File` (or `-f`, any case): about_PowerShell_exe
    // and about_Pwsh (learn.microsoft.com/powershell/module/microsoft.powershell.core/about/).
    if matches!(base, "powershell" | "pwsh") {
        let at = args.iter().position(|a| {
            a.value.eq_ignore_ascii_case("-file") || a.value.eq_ignore_ascii_case("-f")
        })?;
        return (at + 1 < args.len()).then_some(at + 1);
    }
    let python = base == "py"
        || base
            .strip_prefix("python")
            .is_some_and(|v| v.chars().all(|c| c.is_ascii_digit() || c == '.'));
    let skip_verb = matches!(base, "deno" | "bun");
    if !(python || skip_verb || matches!(base, "node" | "nodejs" | "tsx" | "ts-node")) {
        return None;
    }
    let mut verb_seen = !skip_verb;
    for (i, a) in args.iter().enumerate() {
        let v = a.value.as_str();
        if matches!(v, "-m" | "-c" | "-e" | "--eval" | "-p" | "--print") {
            return None;
        }
        if v.starts_with('-') {
            continue;
        }
        if !verb_seen {
            verb_seen = true;
            if v == "run" {
                continue;
            }
        }
        return Some(i);
    }
    None
}

/// `npx -y pkg` → (`npx`, [`-y`, `pkg`]).
fn split_command_line(v: &str) -> Option<(String, Vec<String>)> {
    let parts = shell_words::split(v).ok()?;
    let (first, rest) = parts.split_first()?;
    (!rest.is_empty()).then(|| (first.clone(), rest.to_vec()))
}

/// Checks across files: which definition wins, files the client never reads, file permissions.
pub fn check_configs(
    m: &Machine,
    configs: &[ConfigFile],
    servers: &mut [ServerSpec],
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ci, cfg) in configs.iter().enumerate() {
        if cfg.status != crate::config::Status::Ok {
            continue;
        }
        let holds: Vec<&str> = servers
            .iter()
            .filter(|s| s.config == ci)
            .map(|s| s.name.as_str())
            .collect();
        if let (Some(why), false) = (
            &cfg.loc.ignored,
            matches!(cfg.loc.layout, Layout::Ignored { .. }),
        ) {
            if !holds.is_empty() {
                out.push(
                    Finding::new(RuleId::ConfigNeverRead, format!("{} never reads this file, so its {} server(s) ({}) are not loaded: {why}.", cfg.loc.client.title(), holds.len(), holds.join(", ")))
                        .client(cfg.loc.client)
                        .evidence(cfg.evidence_file())
                        .var(crate::finding::Var::Path, cfg.loc.spelled.clone())
                        .var(crate::finding::Var::Why, why.clone()),
                );
            }
        }
        if let (Some((fmode, dmode)), false) = (cfg.mode, m.os.is_windows()) {
            let what = match (
                fmode & 0o002 != 0,
                dmode & 0o002 != 0 && dmode & 0o1000 == 0,
            ) {
                (true, true) => "The file and its folder are",
                (true, false) => "The file is",
                (false, true) => "Its folder is",
                _ => continue,
            };
            let dir = cfg
                .loc
                .host
                .as_ref()
                .and_then(|h| h.parent())
                .map(|d| m.spell(d))
                .unwrap_or_default();
            out.push(
                Finding::new(RuleId::ConfigWorldWritable, format!("{what} writable by every user of this machine; anyone can change which programs {} runs.", cfg.loc.client.title()))
                    .client(cfg.loc.client)
                    .evidence(cfg.evidence_file())
                    .var(crate::finding::Var::Path, cfg.loc.spelled.clone())
                    .var(crate::finding::Var::Dir, dir),
            );
        }
    }
    // Which definition wins when a name repeats for the same client.
    let prio = |s: &ServerSpec| match s.scope {
        Scope::Managed => 0,
        Scope::Local => 1,
        Scope::Project => 2,
        Scope::User => 3,
    };
    let managed_cc = servers
        .iter()
        .any(|s| s.client == clients::claude_code::ID && s.scope == Scope::Managed);
    let n = servers.len();
    // The entries of each (client, name), so that finding a winner looks at the few entries of
    // that name, not at every server (linear in the number of servers).
    let mut same_name: HashMap<(ClientId, String), Vec<usize>> = HashMap::new();
    for (j, s) in servers.iter().enumerate() {
        same_name
            .entry((s.client, s.name.clone()))
            .or_default()
            .push(j);
    }
    let same_name: HashMap<(ClientId, &str), &Vec<usize>> = same_name
        .iter()
        .map(|((c, name), v)| ((*c, name.as_str()), v))
        .collect();
    for i in 0..n {
        let b = &servers[i];
        if b.ignored.is_some() || configs[b.config].loc.ignored.is_some() {
            continue;
        }
        if managed_cc
            && clients::claude_code::MANAGED_IS_EXCLUSIVE
            && b.client == clients::claude_code::ID
            && b.scope != Scope::Managed
        {
            let title = b.client.title();
            let why = format!(
                "managed-mcp.json is present and has exclusive control over {title}'s servers"
            );
            let f = Finding::new(
                RuleId::ServerShadowed,
                format!("{title} does not load \"{}\": {why}.", b.name),
            )
            .client(b.client)
            .server(b.name.clone())
            .evidence(configs[b.config].evidence_at(b.span.start))
            .var(crate::finding::Var::Server, b.name.clone())
            .var(crate::finding::Var::Winner, "managed-mcp.json".to_string());
            out.push(f);
            servers[i].ignored = Some(why);
            continue;
        }
        let Some(order) = clients::get(b.client).precedence else {
            continue;
        };
        let winner = same_name[&(b.client, b.name.as_str())]
            .iter()
            .copied()
            .find(|&j| {
                let a = &servers[j];
                j != i
                    && a.client == b.client
                    && a.name == b.name
                    && a.ignored.is_none()
                    && configs[a.config].loc.ignored.is_none()
                    && prio(a) < prio(b)
                    && (b.scope == Scope::User || a.project == b.project)
            });
        if let Some(j) = winner {
            let a = &servers[j];
            let wloc = format!("{} ({})", configs[a.config].loc.spelled, a.scope.as_str());
            let mut msg = format!("\"{}\" is also defined in {wloc}, which wins ({order}); this definition is not used", b.name);
            if b.scope == Scope::User {
                if let Some(p) = &a.project {
                    msg.push_str(&format!(" in {p}"));
                }
            }
            msg.push('.');
            let f = Finding::new(RuleId::ServerShadowed, msg)
                .client(b.client)
                .server(b.name.clone())
                .evidence(configs[b.config].evidence_at(b.span.start))
                .var(crate::finding::Var::Server, b.name.clone())
                .var(crate::finding::Var::Winner, wloc.clone());
            out.push(f);
            if b.scope != Scope::User {
                servers[i].ignored = Some(format!("shadowed by {wloc}"));
            }
        }
    }
    out
}

/// The key an environment variable sits under in its file (`env`; Goose's `envs`), from the JSON
/// pointer of its name (`/extensions/x/envs/TOKEN`).
fn env_key(k: &crate::server::Str) -> &str {
    k.pointer
        .rsplit('/')
        .nth(1)
        .filter(|p| *p == "envs")
        .unwrap_or("env")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::placeholder::PLACEHOLDER;

    #[test]
    fn path_like_arguments() {
        for p in [
            "/Users/a/x.js",
            "~/x",
            "./server.py",
            "build/index.js",
            "C:\\x\\y.js",
        ] {
            assert!(looks_like_path(Os::Linux, p), "{p}");
        }
        for p in [
            "@modelcontextprotocol/server-filesystem",
            "-y",
            "stdio",
            "https://x/y.js",
            "owner/repo",
            "mcp-server-time",
        ] {
            assert!(!looks_like_path(Os::Linux, p), "{p}");
        }
    }

    #[test]
    fn placeholder_paths() {
        for p in [
            "path/to/your/server.py",
            "your-repository-location/build/index.js",
            "/<home-directory>/.local/bin/mcp-proxy",
            "C:\\path\\to\\server.js",
            "<path/to/the/folder/PYTHON>",
            "PATH_TO_REPO/build/index.js",
            "{ABSOLUTE PATH TO FILE HERE}/dist/index.js",
            "/directory/containing/node",
            "/folder/with/node/bin",
            "/Users/me/folder/containing/node",
        ] {
            assert!(is_placeholder_path(p), "{p}");
        }
        assert!(!is_placeholder_path("${HOME}/server/index.js"));
        for p in [
            "build/index.js",
            "./mcp-servers/python/server.py",
            "src/server.py",
            "/usr/local/bin",
            "/opt/homebrew/bin",
            "/Users/me/directory/bin",
        ] {
            assert!(!is_placeholder_path(p), "{p}");
        }
    }

    #[test]
    fn placeholders() {
        for p in [
            "YOUR_API_KEY",
            "<your-token>",
            "xxx",
            "your-key-here",
            "changeme",
            "...",
        ] {
            assert!(PLACEHOLDER.is_match(p), "{p}");
        }
        for p in ["ghp_abcdef123", "production", "/usr/bin", "true"] {
            assert!(!PLACEHOLDER.is_match(p), "{p}");
        }
        // The pre-check never hides a placeholder: every value the pattern matches passes it.
        for p in [
            "YOUR_KEY",
            "your key",
            "yourToken",
            "<x>",
            "[x]",
            "xxxx",
            "XXX",
            "****",
            "...",
            "…",
            "changeme",
            "Change-Me",
            "TODO",
            "tbd",
            "replaceme",
            "replace_with x",
            "insert-key",
            "placeholder",
            "key_here",
            "KEY-HERE",
            "enter-key",
            "sk-...abc",
            "$YOUR_KEY",
            "${YOUR_KEY}",
            "s\u{212a}-...",
            "production",
            "k-0001",
            "${GITHUB_TOKEN}",
            "here",
            "where",
            "1",
            "",
            "to\ndo",
        ] {
            assert_eq!(is_placeholder(p), PLACEHOLDER.is_match(p), "{p:?}");
        }
    }
}
