//! The MCP clients. Every fact about one client (where it keeps its config on each OS, in which
//! dialect and under which key, which entry keys and transports it reads, what it expands, how it
//! starts servers, which app the platform checks look at) lives in that client's own file,
//! `clients/<client>.rs`, each fact with its source next to it. This file holds the shared
//! vocabulary ([`Client`], [`Profile`], [`Location`], ...), the registry ([`get`]) and the order in
//! which [`locations`] lists the files. Adding a client: see `docs/clients.md`.
use crate::machine::{self, Machine, Os};
use regex::Regex;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// The registry: one line per client, `Variant => module`. It declares the module, the
/// [`ClientId`] variant (the contract's id is the variant in kebab case), [`ClientId::ALL`] in
/// this order (the order `check` lists clients in) and [`get`]. build.rs writes the lines from the
/// client files: adding a client is its file (see `docs/clients.md`).
macro_rules! clients {
    ($($variant:ident => $module:ident @ $path:literal,)+) => {
        $(#[path = $path] pub mod $module;)+

        /// A client id of the contract, stable. Its facts: [`get`].
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum ClientId {
            $($variant,)+
        }

        impl ClientId {
            pub const ALL: [ClientId; [$(ClientId::$variant),+].len()] = [$(ClientId::$variant),+];
        }

        /// The facts of a client.
        pub fn get(c: ClientId) -> &'static Client {
            match c {
                $(ClientId::$variant => &$module::CLIENT,)+
            }
        }
    };
}

// The registry's one line per client, `Variant => module,` in `ORDER`, written by build.rs from each
// file's `pub const ID: ClientId = ClientId::Variant;` and `pub const ORDER: u8 = N;`: a new
// client is its own file, nothing else.
include!(concat!(env!("OUT_DIR"), "/clients.rs"));

impl ClientId {
    pub fn as_str(self) -> &'static str {
        crate::clients::get(self).slug
    }

    /// The name people know the client by.
    pub fn title(self) -> &'static str {
        crate::clients::get(self).title
    }

    /// Whether `mcp-doctor fix` edits this client's configs. Continue and Goose keep theirs in
    /// YAML, which the fixer never writes: their findings name no automatic fix.
    pub fn fix_edits(self) -> bool {
        crate::clients::get(self).fix_edits
    }

    pub fn parse(s: &str) -> Option<ClientId> {
        let s = s.to_ascii_lowercase();
        ClientId::ALL
            .into_iter()
            .find(|c| c.as_str() == s || c.title().eq_ignore_ascii_case(&s))
    }
}

display_as_str!(ClientId);

/// Everything the rest of the doctor asks about one client, declared once in the client's file
/// (`pub static CLIENT: Client`).
#[derive(Debug)]
pub struct Client {
    pub id: ClientId,
    /// The contract's client id.
    pub slug: &'static str,
    /// The name people know the client by.
    pub title: &'static str,
    /// How it starts servers on an OS.
    pub profile: fn(Os) -> Profile,
    /// Whether a stdio server gets the client's whole environment (else a short list of names).
    pub servers_inherit_full_env: bool,
    /// The app bundle macOS installs it as, for the platform checks (firewall, quarantine).
    pub macos_app: Option<&'static str>,
    /// Its executable on Windows, for the platform checks.
    pub windows_exe: Option<&'static str>,
    /// The entry keys a remote server's URL may be under, in the order the client reads them.
    pub url_keys: &'static [&'static str],
    /// The entry key of a remote server's HTTP headers.
    pub headers_key: &'static str,
    /// The `type` values it accepts (empty: not checked), and whether they are compared exactly
    /// (else lower-cased).
    pub transports: &'static [&'static str],
    pub transports_exact: bool,
    /// What it does with an entry that has a URL.
    pub remote: Remote,
    /// Another key the command may be under, when `command` is missing.
    pub command_alias: Option<&'static str>,
    /// Another key the environment may be under, when `env` is missing.
    pub env_alias: Option<&'static str>,
    /// Whether it turns an `env` value that is no string into one before it spawns (a number
    /// `100` becomes `"100"`, `null` unsets the variable), so such a value is no error.
    pub env_values_coerced: bool,
    /// The folders a client puts before the PATH its launch gives it (the desktop's for
    /// `Launch::GuiPlain`, the terminal's or shell's otherwise) to look a command up in and for
    /// the servers it starts, on this machine: Claude Desktop's nvm and Homebrew folders on
    /// macOS, Goose's `SearchPaths`; `None` when it adds none.
    pub path_before: Option<fn(&Machine) -> Vec<String>>,
    /// Whether `command` may be an object `{"path", "args", "env"}`.
    pub command_object: bool,
    /// Entry keys it reads besides the common ones (not reported as unknown).
    pub entry_keys: &'static [&'static str],
    /// Whether a `${input:id}` must name an entry of the file's `inputs` list.
    pub inputs_list: bool,
    /// Whether a project's servers start in the project folder when the client is started from
    /// there (so a relative path works only then).
    pub project_relative_paths: bool,
    /// Whether a server of its project file that has no `cwd` always starts in the project
    /// folder, so a relative path that exists from the project folder resolves there: Gemini CLI
    /// reads its project file only from the folder it is started in, the one such a server
    /// starts in; VS Code starts a workspace's server in the workspace folder.
    pub project_file_from_start_folder: bool,
    /// With `project_file_from_start_folder`: whether a relative `cwd` of its project file
    /// resolves against the project folder too (Gemini CLI's, VS Code's). Roo Code passes `cwd`
    /// to the spawn as written, so a relative one resolves against the editor's own process
    /// folder, not the workspace.
    pub relative_cwd_from_project_folder: bool,
    /// Whether a server of its user file that has no `cwd` starts in the home folder (and a
    /// relative `cwd` resolves there), so a relative path that exists under home works: VS Code's
    /// (`defaultCwd?.fsPath || home`, no `defaultCwd` for a user definition).
    pub user_servers_start_in_home: bool,
    /// Whether a `cwd` that is not an existing folder is passed over (the server starts in the
    /// client's own working folder) rather than failing the spawn: Goose's.
    pub missing_cwd_falls_back: bool,
    /// The folder it starts servers in, in words (for messages).
    pub start_folder: fn(Os) -> &'static str,
    /// The folder it starts servers in when that is fixed, whatever the entry says.
    pub fixed_cwd: fn(Os) -> Option<&'static str>,
    /// Which definition wins when a server name repeats in its files, in words; `None`: no
    /// definition shadows another.
    pub precedence: Option<&'static str>,
    /// Whether it connects to remote servers from Node (Node's CA list applies).
    pub connects_from_node: bool,
    /// Whether `mcp-doctor fix` edits its configs (YAML files are never written).
    pub fix_edits: bool,
    /// For a client whose installed extensions bring servers that a config entry of the same name
    /// only amends (no `command`, no `url` of its own): the file of the extension that provides
    /// the named server, if one does.
    pub extension_server: Option<fn(&Machine, &str) -> Option<PathBuf>>,
    /// Whether a stdio server's stdout lines that are not JSON-RPC leave it connected (the client
    /// skips them), so that such lines only degrade it there when the handshake still succeeds.
    pub skips_stdout_noise: bool,
    /// How a user gives a slow server longer to answer `initialize`, where the client has a
    /// setting for it (`None`: a fixed limit, nothing to raise).
    pub startup_timeout: Option<StartupTimeout>,
    /// Where it keeps its config files.
    pub files: Files,
}

/// A client's setting for how long it waits for a server to start (fix texts fill
/// `{timeout_how}` and `{timeout_cmd}` from it).
#[derive(Clone, Copy, Debug)]
pub struct StartupTimeout {
    /// Where the setting is, in words.
    pub how: &'static str,
    /// A command that starts the client with a longer wait, where the setting is an environment
    /// variable read at start: for a POSIX shell, and for PowerShell on Windows.
    pub command: Option<(&'static str, &'static str)>,
}

/// The first (by folder name) `file` of the folders in `dir` whose text `declares` brings a
/// server: how Zed and Gemini CLI find the installed extension that provides a server a settings
/// entry only amends.
pub(crate) fn extension_manifest(
    dir: &Path,
    file: &str,
    declares: impl Fn(&str) -> bool,
) -> Option<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path().join(file))
        .collect();
    crate::sort::natural(&mut files);
    files
        .into_iter()
        .find(|p| crate::machine::read_side_file(p).is_some_and(|t| declares(&t)))
}

/// An extension's files in one editor's `User` folder: the machine, the folder, the editor's
/// folder name.
pub type EditorFiles = fn(&Machine, &Path, &str) -> Vec<Location>;

/// Where a client keeps its config files, for the machine's OS. [`locations`] lists them in the
/// registry's order: every client's user files, the files of clients hosted by an editor grouped
/// per editor, then each project folder's files from the working folder upwards.
#[derive(Debug)]
pub struct Files {
    /// The user's and the administrator's files.
    pub user: fn(&Machine) -> Vec<Location>,
    /// An extension's files in one editor's `User` folder (the folder and the editor's folder
    /// name, e.g. `Code`, `Cursor`): VS Code, Cline and Roo Code live in VS Code and its forks.
    pub in_editor: Option<EditorFiles>,
    /// The files in one project folder.
    pub project: fn(&Machine, &Path) -> Vec<Location>,
}

/// What a client does with an entry that has a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Remote {
    /// The declared `type`, else guessed from the URL (`…/sse` is SSE, else Streamable HTTP).
    ByType,
    /// Its config file never starts a remote server.
    NotStarted,
    /// Without `type` (and without `command`) it reads the entry as a stdio server and fails.
    UntypedIsStdio,
    /// Without `type` it refuses the entry.
    UntypedRefused,
    /// Without `type` it speaks legacy SSE; `streamable` is the value that selects Streamable HTTP.
    UntypedIsSse { streamable: &'static str },
    /// Gemini CLI: `httpUrl` and an untyped `url` are Streamable HTTP, `url` with `"type": "sse"`
    /// is SSE.
    GeminiKeys,
}

/// The usual answers, for clients with nothing to say otherwise.
pub(crate) fn no_user_files(_: &Machine) -> Vec<Location> {
    Vec::new()
}
pub(crate) fn no_project_files(_: &Machine, _: &Path) -> Vec<Location> {
    Vec::new()
}
pub(crate) fn own_working_folder(_: Os) -> &'static str {
    "the client's own working folder"
}
pub(crate) fn no_fixed_cwd(_: Os) -> Option<&'static str> {
    None
}

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Claude Code's per-project entries in `~/.claude.json`.
    Local,
    /// A file in a project folder (`.mcp.json`, `.cursor/mcp.json`, ...).
    Project,
    /// The user's own file.
    User,
    /// An administrator's file that the client reads for every user.
    Managed,
}

display_as_str!(Scope);

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Local => "local",
            Scope::Project => "project",
            Scope::User => "user",
            Scope::Managed => "managed",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `JSON.parse`: no comments, no trailing commas, no BOM.
    StrictJson,
    /// JSON with comments and trailing commas (VS Code-style parsers).
    Jsonc,
    Toml,
    /// YAML (Continue, Goose): read and checked, never edited by `fix`.
    Yaml,
}

/// Where the servers are in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `{"mcpServers": {name: entry}}`.
    McpServers,
    /// `~/.claude.json`: `mcpServers` (user scope) and `projects[path].mcpServers` (local scope).
    ClaudeJson,
    /// VS Code's `mcp.json`: `{"servers": {...}, "inputs": [...]}`.
    VscodeServers,
    /// A file read under either top key, `servers` (VS Code's) or `mcpServers` (Claude's, Cursor's):
    /// Visual Studio's, which reads both families' files.
    ServersOrMcpServers,
    /// Zed's settings: `context_servers`.
    Zed,
    /// Codex's `config.toml`: `[mcp_servers.<name>]`.
    Codex,
    /// Continue's `config.yaml` and workspace blocks: `mcpServers:` is a list of entries, each
    /// with a `name`.
    Continue,
    /// Goose's `config.yaml`: `extensions:` is a map by id; `cmd`, `envs`, `enabled`, `uri`.
    Goose,
    /// VS Code's user `settings.json`: servers under `mcp.servers`, inputs under `mcp.inputs`, which
    /// VS Code 1.102+ moves into `mcp.json` as soon as it sees them ("real-time migration").
    VscodeSettings,
    /// opencode's `opencode.json`: `mcp` is a map by name; `command` is one list (the program, then
    /// its arguments), `environment` the variables.
    Opencode,
    /// A settings file where servers are NOT read from; `key` holds them by mistake.
    Ignored { key: &'static str },
}

/// How the client's own process got its environment, which decides the PATH servers inherit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Launch {
    /// Run from a terminal: the shell's PATH.
    Terminal,
    /// A GUI app that loads the login shell's environment at start (VS Code and its forks, Zed).
    GuiShellEnv,
    /// A GUI app started by the desktop with the system's default PATH (Claude Desktop on macOS
    /// and Linux).
    GuiPlain,
}

/// Which `${...}` forms the client expands in an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expansion {
    /// Nothing: `${HOME}` stays literal.
    None,
    /// Claude Code: `${VAR}` and `${VAR:-default}` in command, args, env, url, headers.
    ClaudeCode,
    /// VS Code, Cursor, Windsurf: `${env:VAR}`, `${userHome}`, `${workspaceFolder}`, `${input:id}`.
    Vscode,
    /// Roo Code: `${env:VAR}` and `${workspaceFolder}` only; an unset variable stays as written.
    VscodeKeepUnset,
    /// Cline: `${env:VAR}` only, in every string of an entry; an unset variable stays as written.
    EnvKeepUnset,
    /// Gemini CLI: `$VAR` and `${VAR}` in env values.
    Gemini,
    /// Copilot CLI: `$VAR`, `${VAR}` and `${VAR:-default}` with an upper-case name, in command,
    /// args, cwd, env, url and headers; an unset one stays as written ([`SHELL_REF`]).
    Shell,
    /// Continue: `${{ secrets.NAME }}` (and `${{ inputs.NAME }}`) templates, filled in by Continue
    /// from its secret store; the doctor cannot know their values.
    Continue,
    /// opencode: `{env:NAME}` (no `$`) anywhere in the file's text, an unset one becoming empty;
    /// `${NAME}` stays as written ([`OPENCODE_REF`]).
    Opencode,
}

/// A VS Code extension's file under an editor's `User` folder:
/// `globalStorage/<extension folder>/<file…>` (Cline and Roo Code keep their servers there).
pub(crate) fn extension_file(
    editor_user_dir: &std::path::Path,
    extension_folder: &str,
    file: [&str; 2],
) -> std::path::PathBuf {
    editor_user_dir
        .join("globalStorage")
        .join(extension_folder)
        .join(file[0])
        .join(file[1])
}

/// opencode's references: `{env:NAME}` (its `load`: `/\{env:([^}]+)\}/g`, see `opencode`).
pub static OPENCODE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{env:([^}]+)\}").expect("regex"));

/// `${VAR}` and `${VAR:-default}` (Claude Code; Gemini CLI in env values).
pub static CC_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}").expect("regex"));
/// Copilot CLI's references: `${NAME}`, `${NAME:-default}` or a bare `$NAME`, the name of
/// upper-case letters, digits and `_` (its `resolveString`, see `copilot_cli`).
pub static SHELL_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$\{([A-Z0-9_]+)(?::-([^}]*))?\}|\$([A-Z0-9_]+)").expect("regex")
});
/// VS Code-style `${kind}` and `${kind:arg}` (`${env:VAR}`, `${input:id}`, `${userHome}`).
pub static VS_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Za-z]+)(?::([^}]*))?\}").expect("regex"));

/// Continue's `${{ secrets.NAME }}` templates.
pub static CONTINUE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{\{\s*([^{}]*?)\s*\}\}").expect("regex"));

/// Whether a client that starts stdio servers with the MCP TypeScript SDK's `StdioClientTransport`
/// runs an npm `.cmd` shim on Windows, by its bare name (`npx`) or its full path: yes. The
/// transport spawns through `cross-spawn` since SDK 1.8.0 (modelcontextprotocol/typescript-sdk
/// d4bf73b06, 2025-03-16, src/client/stdio.ts), which looks the command up on the server env's
/// PATH with PATHEXT and runs a file that is not `.exe`/`.com` as `cmd.exe /d /s /c "<command>
/// <args>"` (moxystudio/node-cross-spawn lib/parse.js `parseNonShell`, lib/util/resolveCommand.js,
/// 7.0.6 @77cd97f3ca7b62c904a63a698fc4a79bf41977d0). Still no shell of the client's: a whole
/// command line in `command` is one program name. A client's own file says which SDK it depends on.
pub const SDK_STDIO_RUNS_CMD_SHIMS: bool = true;

/// How a client behaves when it starts a server.
#[derive(Clone, Copy, Debug)]
pub struct Profile {
    pub launch: Launch,
    pub expansion: Expansion,
    /// Whether a `cwd` key in an entry is honoured.
    pub honours_cwd: bool,
    /// Whether it starts `.cmd` shims (npx, npm, pnpm, yarn) on Windows without a `cmd /c` wrapper.
    pub wraps_cmd_shims: bool,
    /// Whether on Windows it starts a `command` that is the full path of a `.cmd`/`.bat` file.
    pub runs_cmd_paths: bool,
    /// Whether a whole command line in `command` (`"npx -y pkg"`, no `args`) is split into the
    /// program and its arguments, so the server starts.
    pub runs_command_line: bool,
    /// Whether it replaces a leading `~` (alone, or before `/` or `\\`) with the home folder in
    /// `command`, each of `args` and `cwd` before it starts the server, as a shell would.
    pub expands_tilde: bool,
    /// Whether it starts every server through the user's shell (`shell -c "command args"`), so
    /// on Windows a `.cmd` shim or a `.ps1` script runs as the shell would run it.
    pub starts_through_shell: bool,
}

pub fn profile(c: ClientId, os: Os) -> Profile {
    (get(c).profile)(os)
}

/// One place a client may keep its MCP config.
#[derive(Clone, Debug)]
pub struct Location {
    pub client: ClientId,
    pub scope: Scope,
    /// On this machine; `None` when the place cannot be checked here (another OS's system folder).
    pub host: Option<PathBuf>,
    /// As the diagnosed OS spells it.
    pub spelled: String,
    pub dialect: Dialect,
    pub layout: Layout,
    /// The project folder (spelled) of a project-scoped file.
    pub project: Option<String>,
    /// Why the client never reads this file, when it does not.
    pub ignored: Option<String>,
}

impl Location {
    fn at(
        m: &Machine,
        client: ClientId,
        scope: Scope,
        host: PathBuf,
        dialect: Dialect,
        layout: Layout,
    ) -> Location {
        let spelled = m.spell(&host);
        Location {
            client,
            scope,
            host: Some(host),
            spelled,
            dialect,
            layout,
            project: None,
            ignored: None,
        }
    }

    /// A system location given in the target's spelling (mapped under `--root`, if any).
    fn system(
        m: &Machine,
        client: ClientId,
        spelled: &str,
        dialect: Dialect,
        layout: Layout,
    ) -> Location {
        Location {
            client,
            scope: Scope::Managed,
            host: m.to_host(spelled),
            spelled: spelled.to_string(),
            dialect,
            layout,
            project: None,
            ignored: None,
        }
    }

    fn in_project(mut self, m: &Machine, dir: &Path) -> Location {
        self.scope = Scope::Project;
        self.project = Some(m.spell(dir));
        self
    }

    fn ignored(mut self, why: impl Into<String>) -> Location {
        self.ignored = Some(why.into());
        self
    }
}

/// The editors whose `User` folder hosts VS Code extensions (Cline, Roo Code): VS Code's own
/// folders, then its forks'.
const EXTENSION_HOSTS: [&str; 4] = [
    vscode::APP_FOLDERS[0],
    vscode::APP_FOLDERS[1],
    cursor::APP_FOLDER,
    windsurf::APP_FOLDER,
];

/// Every location of every client for the machine's OS, including project files found from the
/// working folder upwards. The order is the order of the report's `configs`; the facts come from
/// the client files.
pub fn locations(m: &Machine) -> Vec<Location> {
    let mut v: Vec<Location> = Vec::new();
    let mut editors_done = false;
    for c in ClientId::ALL {
        let files = &get(c).files;
        v.extend((files.user)(m));
        // The extension hosts' files, grouped per editor, where the first hosted client comes.
        if files.in_editor.is_some() && !editors_done {
            editors_done = true;
            if let Some(app) = m.app_config_dir() {
                for editor in EXTENSION_HOSTS {
                    let user = app.join(editor).join("User");
                    for h in ClientId::ALL {
                        if let Some(f) = get(h).files.in_editor {
                            v.extend(f(m, &user, editor));
                        }
                    }
                }
            }
        }
    }

    // Project files, from the working folder upwards.
    for dir in machine::ancestors(&m.cwd) {
        for c in ClientId::ALL {
            for loc in (get(c).files.project)(m, dir) {
                v.push(loc.in_project(m, dir));
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    v.retain(|l| match &l.host {
        Some(h) => seen.insert(h.clone()),
        None => true,
    });
    v
}

/// The PATH (target spelling) a client's servers inherit, before the entry's own `env.PATH`.
pub fn spawn_path(m: &Machine, c: ClientId) -> Vec<String> {
    spawn_paths(m, c).to_vec()
}

/// [`spawn_path`], shared with every other entry of the client (no copy per server).
pub fn spawn_paths(m: &Machine, c: ClientId) -> std::sync::Arc<[String]> {
    let gui = profile(c, m.os).launch == Launch::GuiPlain;
    match (get(c).path_before, gui) {
        (Some(before), true) => m.gui_paths_after(before),
        (Some(before), false) => m.shell_paths_after(before),
        (None, true) => m.gui_paths(),
        (None, false) => m.shell_paths(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client that starts every server through a shell runs what that shell runs: a `.cmd`
    /// shim by its bare name and by its path (Zed, zed-industries/zed#42382).
    #[test]
    fn a_shell_launch_runs_cmd_shims() {
        for c in ClientId::ALL {
            for os in [Os::Linux, Os::Macos, Os::Windows] {
                let p = profile(c, os);
                if p.starts_through_shell {
                    assert!(p.wraps_cmd_shims && p.runs_cmd_paths, "{c:?} on {os:?}");
                }
            }
        }
    }
}
