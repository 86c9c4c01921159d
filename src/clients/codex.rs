//! Codex CLI (github.com/openai/codex, `codex-rs/`): every fact the doctor uses about it, each with
//! its source.
use super::ClientId;
use super::{StartupTimeout, Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::{Path, PathBuf};

pub const ID: ClientId = ClientId::Codex;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 10;
/// The contract's client id.
pub const SLUG: &str = "codex";
pub const TITLE: &str = "Codex CLI";

pub static CLIENT: Client = Client {
    id: ID,
    slug: SLUG,
    title: TITLE,
    profile,
    servers_inherit_full_env: true,
    macos_app: None,
    windows_exe: None,
    url_keys: &["url"],
    headers_key: HEADERS_KEY,
    transports: &[],
    transports_exact: false,
    remote: Remote::ByType,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    entry_keys: &[],
    inputs_list: false,
    project_relative_paths: false,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder: super::own_working_folder,
    fixed_cwd: super::no_fixed_cwd,
    precedence: Some("the project's file overrides the user's"),
    connects_from_node: false,
    fix_edits: true,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    // `startup_timeout_sec` in a server's `[mcp_servers.<name>]` table, 10 s by default: Codex's
    // own message says so ("MCP client for `playwright` timed out after 10 seconds. Add or adjust
    // `startup_timeout_sec` in your config.toml", openai/codex#11851, 0.101.0);
    // triggerdotdev/trigger.dev#3124 ("Codex defaults to 10 seconds").
    startup_timeout: Some(StartupTimeout {
        how: "Codex: `startup_timeout_sec = 60` in the server's `[mcp_servers.<name>]` table of config.toml",
        command: None,
    }),
    files: Files {
        user: |m| vec![user_location(m)],
        in_editor: None,
        project: |m, d| project_location(m, d).into_iter().collect(),
    },
};

/// Codex's own folder: `$CODEX_HOME` when set and not empty, else `~/.codex`
/// (`find_codex_home`, codex-rs/utils/home-dir/src/lib.rs).
pub fn home(m: &Machine) -> PathBuf {
    m.env
        .non_empty("CODEX_HOME")
        .and_then(|c| m.to_host(c))
        .unwrap_or_else(|| m.home.join(".codex"))
}

/// `config.toml` in that folder, and `.codex/config.toml` of a (trusted) project, layered over it.
pub const FILE: &str = "config.toml";
pub const DIALECT: Dialect = Dialect::Toml;
/// `[mcp_servers.<name>]` tables.
pub const LAYOUT: Layout = Layout::Codex;
pub const TOP_KEY: &str = "mcp_servers";
/// A Streamable HTTP entry's headers: `http_headers` (values) and `env_http_headers` (names of
/// variables holding the values), beside `url` and `bearer_token_env_var`
/// (`McpServerTransportConfig::StreamableHttp`, codex-rs/core/src/config/types.rs).
pub const HEADERS_KEY: &str = "http_headers";

pub fn user_location(m: &Machine) -> Location {
    Location::at(m, ID, Scope::User, home(m).join(FILE), DIALECT, LAYOUT)
}

/// A project's file; in the home folder it is the user's file, listed once.
pub fn project_location(m: &Machine, dir: &Path) -> Option<Location> {
    if dir == m.home.as_path() {
        return None;
    }
    let p = dir.join(".codex").join(FILE);
    Some(Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT))
}

/// Its log folder: `<codex home>/log` (`codex-tui.log`).
pub fn log_dir(m: &Machine) -> PathBuf {
    home(m).join("log")
}

/// How Codex starts a server: from the terminal's environment, `cwd` honoured, no `${VAR}`
/// expansion of its own. Codex starts servers with Rust's process API, which runs a `.cmd`/`.bat`
/// file through cmd.exe (std::process::Command on Windows since Rust 1.77): `...\npx.cmd` starts.
/// A bare `npx` is resolved over PATH/PATHEXT (`which`) to `npx.cmd` before it is started, since
/// openai/codex#3828 (merged 2025-09-18, "resolve Windows MCP server execution for script-based
/// tools": `program_resolver`; today codex-rs/rmcp-client/src/program_resolver.rs @12b10a34,
/// `which::which_in`). Builds before it spawned the name literally and failed with "program not
/// found" (mcp-router/mcp-router#96, testdata/corpus/140: that log still reads as windows-npx).
pub fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::Terminal,
        expansion: Expansion::None,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}
