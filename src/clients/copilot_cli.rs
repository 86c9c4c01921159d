//! GitHub Copilot CLI (the `copilot` command): every fact the doctor uses about it, each with its
//! source. Two kinds of source: GitHub's docs (github/docs, "DOCS-ADD" =
//! content/copilot/how-tos/copilot-cli/customize-copilot/add-mcp-servers.md @091100a4,
//! "DOCS-DIR" = content/copilot/reference/copilot-cli-reference/cli-config-dir-reference.md
//! @03b432e6), and the CLI's own code as npm published it: `@github/copilot@0.0.372`, the last
//! release whose `index.js` ships readable (later ones wrap a native binary), "CLI-0.0.372" below,
//! with the minified names of the functions quoted. Where the two differ, the docs are newer.
use super::ClientId;
use super::{Client, Dialect, Expansion, Files, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::{Path, PathBuf};

pub const ID: ClientId = ClientId::CopilotCli;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 13;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "copilot-cli",
    title: "Copilot CLI",
    profile,
    // A local server gets a short list of the CLI's variables, then the entry's `env`: "The
    // `PATH` variable is automatically inherited from your environment. All other environment
    // variables must be configured here" (DOCS-ADD). CLI-0.0.372's `startLocalMcpClient` passes
    // `{...xjl(), ...env}` (xjl: `HTTP_PROXY`, `HTTPS_PROXY`, `NO_PROXY`, `SSL_CERT_FILE`,
    // `NODE_EXTRA_CA_CERTS`, `PATH`) to the TypeScript SDK's StdioClientTransport, which adds its
    // default list (`HOME`, `LOGNAME`, `SHELL`, `TERM`, `USER`; Windows' own); v1.0.10 widened it
    // to "safe system environment variables" (github/copilot-cli#903, 2026-04-07), not a shell's
    // own exports.
    servers_inherit_full_env: false,
    macos_app: None,
    windows_exe: None,
    url_keys: &["url"],
    headers_key: "headers",
    // "Local" or "STDIO", "HTTP" or "SSE" (DOCS-ADD); compared lower-cased (CLI-0.0.372 `Yke`,
    // `YAe`, `wAe`: `t.type.toLowerCase()==="local"`, …). (`memory` is the CLI's own in-process
    // servers, not a config value.)
    transports: &["local", "stdio", "http", "sse"],
    transports_exact: false,
    // An entry without `type` is a local one (`t.type===void 0` is local, CLI-0.0.372 `Yke`), and
    // a local one without `command` is skipped: "Invalid local server configuration for …"
    // (`validateServerConfig`).
    remote: Remote::UntypedIsStdio,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    // `tools` (the tools it may call, `["*"]` for all; its default now, DOCS-ADD),
    // `filterMapping`, `isDefaultServer` (CLI-0.0.372's server schema `ubn`; its `timeout` is a
    // key every client's list already holds).
    entry_keys: &["tools", "filterMapping", "isDefaultServer"],
    // No `inputs`: a `${input:id}` matches no pattern of its `resolveString` (see `profile`) and
    // is sent as written ("Support for ${input:name} in mcp.json", github/copilot-cli#1841, open
    // at CLI 0.0.421); launch.rs reports it.
    inputs_list: false,
    // A server without `cwd` starts in the CLI's own working folder (the spawn gets `cwd:
    // undefined` unless the entry sets one, CLI-0.0.372 `resolveLocalServerConfig`), which is
    // where `copilot` was started; its project files are found from that folder upwards.
    project_relative_paths: true,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder,
    fixed_cwd: super::no_fixed_cwd,
    // "Project-level definitions also take precedence over those in ~/.copilot/mcp-config.json"
    // (DOCS-ADD).
    precedence: Some("Copilot CLI lets a project's file override the user's"),
    // A Node program (CLI-0.0.372 is `index.js`; later ones a packaged Node): Node's CA list.
    connects_from_node: true,
    fix_edits: true,
    extension_server: None,
    // The TypeScript SDK it bundles reads on past a stdout line that does not parse
    // (CLI-0.0.372's `processReadBuffer` hands it to `onerror` and loops), as in Claude Code.
    skips_stdout_noise: true,
    // An entry's `timeout` (milliseconds, CLI-0.0.372's schema) is logged ("configured with
    // timeout") but not given to the connect (`setupAndConnectClient` awaits `connect(transport)`
    // with no options): a slow start meets the SDK's default request limit; no setting to name.
    startup_timeout: None,
    files: Files {
        user: |m| vec![user_location(m)],
        in_editor: None,
        project: |m, d| project_locations(m, d).into(),
    },
};

/// Read with `JSON.parse` (CLI-0.0.372: `JSON.parse(n)`, then "Invalid MCP configuration:
/// missing or invalid mcpServers property").
pub const DIALECT: Dialect = Dialect::StrictJson;
/// Top key `mcpServers` (DOCS-ADD: "VS Code's `.vscode/mcp.json` is not read … It uses a
/// different top-level key").
pub const LAYOUT: Layout = Layout::McpServers;

/// Run from a terminal; `$VAR`, `${VAR}` and `${VAR:-default}` expanded from its environment in
/// `command`, `args`, `cwd`, `env`, `url` and `headers` (CLI-0.0.372 `resolveString` with the
/// pattern `\$\{([A-Z0-9_]+)(?::-([^}]*))?\}|\$([A-Z0-9_]+)`, applied by
/// `resolveLocalServerConfig`, `buildEnvironment`, `resolveRemoteServerConfig`; an unset name
/// is left as written), confirmed for `env` by "MCP configs also support shell-style variable
/// expansion in the env block, including $VAR, ${VAR}, and ${VAR:-default}" (v1.0.10,
/// github/copilot-cli#903). Spawned by cross-spawn (CLI-0.0.372 bundles it: `hookChildProcess`,
/// `verifyENOENT`), which looks a bare `npx` up through `PATHEXT` and runs a `.cmd` through
/// cmd.exe, with `shell: false`.
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::Terminal,
        expansion: Expansion::Shell,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

fn start_folder(_: Os) -> &'static str {
    "the folder `copilot` was started from"
}

/// Its folder: `COPILOT_HOME`, else `~/.copilot` (Windows `%USERPROFILE%\.copilot`): "By default,
/// this directory is `~/.copilot` … You can change the location of this directory by setting the
/// `COPILOT_HOME` environment variable" (DOCS-DIR; "Previous XDG-based configuration locations
/// are migrated to `~/.copilot` at startup when `COPILOT_HOME` isn't set").
pub fn home_dir(m: &Machine) -> PathBuf {
    m.env
        .non_empty("COPILOT_HOME")
        .and_then(|d| m.to_host(d))
        .unwrap_or_else(|| m.home.join(".copilot"))
}

/// `mcp-config.json` in its folder: "User-level MCP server definitions" (DOCS-DIR).
pub fn user_location(m: &Machine) -> Location {
    Location::at(m, ID, Scope::User, home_dir(m).join("mcp-config.json"), DIALECT, LAYOUT)
}

/// A project's files: "`.mcp.json` at the project root" and "`.github/mcp.json`" (DOCS-ADD, read
/// from the working folder up to the repository's root once the folder is trusted). A project's
/// `.mcp.json` is Claude Code's file too, of the same shape; the doctor lists it once, under
/// Claude Code, so its servers are not checked and reported twice. The `.vscode/mcp.json` it
/// does not read ("VS Code's `.vscode/mcp.json` is not read by Copilot CLI", DOCS-ADD) is VS
/// Code's.
pub fn project_locations(m: &Machine, dir: &Path) -> [Location; 1] {
    [Location::at(
        m,
        ID,
        Scope::Project,
        dir.join(".github").join("mcp.json"),
        DIALECT,
        LAYOUT,
    )]
}

/// Its log folder: `logs/` in its folder, "Session log files" (DOCS-DIR); CLI-0.0.372 writes
/// `session-<id>.log` and `cli-<ms>.log` there (`h7e(uf(),"logs")`), and `error.log` when the Node
/// it runs on is too old ("GitHub Copilot CLI requires Node >=20"). Each line is `<ISO time>
/// [LEVEL] message`, a server's stderr `[mcp server NAME stderr] line` (its logger's `write`).
pub fn log_dir(m: &Machine) -> PathBuf {
    home_dir(m).join("logs")
}

/// Whether a file of [`log_dir`] is one of its logs.
pub fn is_log_file(name: &str) -> bool {
    name.ends_with(".log")
        && (name.starts_with("session-") || name.starts_with("cli-") || name == "error.log")
}
