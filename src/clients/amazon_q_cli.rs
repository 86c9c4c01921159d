//! Amazon Q Developer CLI (`q chat`): every fact the doctor uses about it, each with its source,
//! its own code: aws/amazon-q-developer-cli at 15cc8f3c (2026-04-23; "no longer being actively
//! maintained … now available as Kiro CLI, a closed-source product", its README), "Q" below.
use super::ClientId;
use super::{Client, Dialect, Expansion, Files, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::AmazonQCli;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 15;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "amazon-q-cli",
    title: "Amazon Q CLI",
    profile,
    // The spawn adds the entry's `env`, then the whole environment of `q` (`cmd.envs(envs);
    // cmd.envs(get_all_env_vars())`, Q crates/chat-cli/src/mcp_client/client.rs; `std::env::vars()`,
    // util/env_var.rs), so a variable set in both keeps the shell's value.
    servers_inherit_full_env: true,
    macos_app: None,
    windows_exe: None,
    url_keys: &["url"],
    headers_key: "headers",
    // `TransportType` is `Stdio` (the default) or `Http`, serde `rename_all = "camelCase"`: exactly
    // `stdio` or `http` (Q crates/chat-cli/src/cli/chat/tools/custom_tool.rs).
    transports: &["stdio", "http"],
    transports_exact: true,
    // A `url` without `type` is a stdio entry with an empty command: "MCP config is malformed:
    // transport type is specified to be stdio but command is empty" (client.rs).
    remote: Remote::UntypedIsStdio,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    // `oauthScopes`, `oauth` (custom_tool.rs `CustomToolConfig`; `timeout` and `disabled` are
    // every client's).
    entry_keys: &["oauthScopes", "oauth"],
    inputs_list: false,
    // No `cwd`: a server starts in the folder `q` runs in, where its workspace file is read
    // (`current_dir().join(".amazonq/mcp.json")`, util/paths.rs).
    project_relative_paths: true,
    project_file_from_start_folder: true,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder,
    fixed_cwd: super::no_fixed_cwd,
    // "We prioritize what is in the workspace" (cli/agent/mod.rs `load_legacy_mcp_config`).
    precedence: Some("Amazon Q CLI lets the workspace's file override the global one"),
    connects_from_node: false,
    fix_edits: true,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    // Each entry's `timeout` is a request's limit (120 s by default, custom_tool.rs
    // `default_timeout`), not a setting for the start alone.
    startup_timeout: None,
    files: Files {
        user: |m| vec![global_location(m)],
        in_editor: None,
        project: |m, d| vec![workspace_location(m, d)],
    },
};

/// `serde_json` (`McpServerConfig::load_from_file`): strict JSON; a file that fails to parse, or
/// one entry that fails its type, loses every server of the file ("Error loading global mcp json
/// path", cli/agent/mod.rs).
pub const DIALECT: Dialect = Dialect::StrictJson;
/// Top key `mcpServers` ("No mcp servers found in config" without it, cli/agent/mcp_config.rs).
pub const LAYOUT: Layout = Layout::McpServers;

/// Run from a terminal; `${env:NAME}` replaced in `env` values and `headers` (client.rs
/// `substitute_env_vars`, an unset one becomes `${NAME}`); the `command` alone goes through
/// `shellexpand::full_with_context` (`~`, `$VAR`) and `args` through nothing. Spawned with Rust's
/// `Command` (tokio), which finds `npx.exe` but not npm's `npx.cmd` for a bare `npx`, and runs a
/// `.cmd` path through cmd.exe. (Not modelled: `${env:…}` outside `env`/`headers` is taken as
/// expanded, and a `~` starting the `command` as not.)
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::Terminal,
        expansion: Expansion::EnvKeepUnset,
        honours_cwd: false,
        wraps_cmd_shims: false,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

fn start_folder(_: Os) -> &'static str {
    "the folder `q` was started from"
}

/// The global file, `~/.aws/amazonq/mcp.json` (util/paths.rs `global::MCP_CONFIG`), read while
/// the agent keeps `useLegacyMcpJson` (the default agent's `true`, cli/agent/mod.rs).
pub fn global_location(m: &Machine) -> Location {
    let p = m.home.join(".aws").join("amazonq").join("mcp.json");
    Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
}

/// The workspace file, `.amazonq/mcp.json` in the folder `q` runs in (util/paths.rs
/// `workspace::MCP_CONFIG`).
pub fn workspace_location(m: &Machine, dir: &Path) -> Location {
    let p = dir.join(".amazonq").join("mcp.json");
    Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT)
}
