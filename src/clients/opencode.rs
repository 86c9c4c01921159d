//! opencode (the `opencode` coding agent): every fact the doctor uses about it, each with its
//! source, its own code: anomalyco/opencode (formerly sst/opencode), "CONFIG" =
//! packages/opencode/src/config/config.ts @002d9822, "MCP" = packages/opencode/src/mcp/index.ts
//! @001133bc.
use super::ClientId;
use super::{Client, Dialect, Expansion, Files, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::{Path, PathBuf};

pub const ID: ClientId = ClientId::Opencode;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 17;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "opencode",
    title: "opencode",
    profile,
    // `env: {...process.env, ...mcp.environment}` (MCP `create`, the `local` branch).
    servers_inherit_full_env: true,
    macos_app: None,
    windows_exe: None,
    // `McpRemote`: `url`, `headers` (CONFIG).
    url_keys: &["url"],
    headers_key: "headers",
    // `z.discriminatedUnion("type", [McpLocal, McpRemote])` with `z.literal("local")` and
    // `z.literal("remote")` (CONFIG): exactly these two.
    transports: &["local", "remote"],
    transports_exact: true,
    // A `remote` entry tries Streamable HTTP, then legacy SSE, on the same URL (MCP `create`:
    // `StreamableHTTPClientTransport`, then `SSEClientTransport`).
    remote: Remote::ByType,
    command_alias: None,
    // `environment` (CONFIG `McpLocal`), not `env`.
    env_alias: Some("environment"),
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    // `McpLocal` and `McpRemote` are `.strict()` objects: `type`, `command`, `environment`,
    // `enabled`, `timeout`; `url`, `headers`, `oauth` (CONFIG). (`enabled` and `timeout` are every
    // client's; an unknown key fails the whole file there, which the doctor reports as a warning.)
    entry_keys: &["environment", "oauth"],
    inputs_list: false,
    // No `cwd`: the SDK's transport is given none, so a server starts in opencode's own working
    // folder, where its project file is found (MCP `create`; CONFIG `Filesystem.findUp(file,
    // Instance.directory, Instance.worktree)`).
    project_relative_paths: true,
    project_file_from_start_folder: true,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder,
    fixed_cwd: super::no_fixed_cwd,
    // "Project config has highest precedence (overrides global and remote)" (CONFIG `state`,
    // merged with `mergeDeep`: a project's entry replaces the global one's keys).
    precedence: Some("opencode merges its files, a project's entry winning over the global one"),
    // A Bun program running the TypeScript SDK: not Node's CA list.
    connects_from_node: false,
    // Its `command` list is not the `command`/`args` pair the fixer edits.
    fix_edits: false,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    // An entry's `timeout` bounds `listTools` after the connect (MCP `create`: `withTimeout(
    // mcpClient.listTools(), mcp.timeout ?? 5000)`), not the start itself.
    startup_timeout: None,
    files: Files {
        user: user_locations,
        in_editor: None,
        project: project_locations,
    },
};

/// `jsonc-parser`'s `parse(text, errors, { allowTrailingComma: true })` (CONFIG `load`):
/// comments and trailing commas.
pub const DIALECT: Dialect = Dialect::Jsonc;
/// Top key `mcp`, a map by name (CONFIG `Info.mcp: z.record(z.string(), …)`).
pub const LAYOUT: Layout = Layout::Opencode;

/// Run from a terminal. `{env:NAME}` is replaced in the file's whole text before it is parsed,
/// an unset (or empty) variable by nothing: `text.replace(/\{env:([^}]+)\}/g, (_, varName) =>
/// process.env[varName] || "")` (CONFIG `load`); nothing else is expanded. Spawned by the
/// TypeScript SDK's `StdioClientTransport` (cross-spawn: a bare `npx` finds `npx.cmd` on Windows).
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::Terminal,
        expansion: Expansion::Opencode,
        honours_cwd: false,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

fn start_folder(_: Os) -> &'static str {
    "the folder `opencode` was started from"
}

/// Its global folder: `path.join(xdgConfig, "opencode")` (packages/opencode/src/global/index.ts,
/// `xdg-basedir`: `$XDG_CONFIG_HOME`, else `~/.config`, on every OS).
pub fn global_dir(m: &Machine) -> PathBuf {
    m.xdg_config().join("opencode")
}

/// The global files, merged in this order, the later winning: `config.json`, `opencode.json`,
/// `opencode.jsonc` (CONFIG `global`); then the file `OPENCODE_CONFIG` names ("Custom config path
/// overrides global", CONFIG `state`); then `~/.opencode/opencode.jsonc` and `opencode.json`
/// (CONFIG `state`: `.opencode` folders, the home's included).
pub fn user_locations(m: &Machine) -> Vec<Location> {
    let dir = global_dir(m);
    let mut files: Vec<PathBuf> = ["config.json", "opencode.json", "opencode.jsonc"]
        .iter()
        .map(|f| dir.join(f))
        .collect();
    if let Some(p) = m
        .env
        .non_empty("OPENCODE_CONFIG")
        .and_then(|v| m.to_host(v))
    {
        files.push(p);
    }
    let own = m.home.join(".opencode");
    files.extend(["opencode.jsonc", "opencode.json"].map(|f| own.join(f)));
    files
        .into_iter()
        .map(|p| Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT))
        .collect()
}

/// A project folder's files, from the working folder up to the repository's root: `opencode.jsonc`
/// and `opencode.json` (CONFIG `state`: `Filesystem.findUp`), and the same two in its `.opencode`
/// folder (CONFIG: `Filesystem.up({ targets: [".opencode"] })`). In the home folder `.opencode`
/// is the user's, listed once.
pub fn project_locations(m: &Machine, dir: &Path) -> Vec<Location> {
    let mut files = vec![dir.join("opencode.jsonc"), dir.join("opencode.json")];
    if dir != m.home.as_path() {
        let own = dir.join(".opencode");
        files.extend(["opencode.jsonc", "opencode.json"].map(|f| own.join(f)));
    }
    files
        .into_iter()
        .map(|p| Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT))
        .collect()
}
