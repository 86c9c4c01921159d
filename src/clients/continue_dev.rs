//! Continue (continue.dev; `continue` is a Rust keyword, hence the file name): every fact the doctor
//! uses about it, each with its source. "§10" is the Continue section of
//! `shared/reference/clients.md` (CONT: docs.continue.dev `customize/deep-dives/mcp.mdx`).
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::{Path, PathBuf};

pub const ID: ClientId = ClientId::Continue;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 11;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "continue",
    title: "Continue",
    profile,
    servers_inherit_full_env: true,
    macos_app: None,
    windows_exe: None,
    url_keys: &["url"],
    headers_key: "headers",
    // `type` (`stdio` | `sse` | `streamable-http`) (§10, CONT).
    transports: &["stdio", "sse", "streamable-http"],
    transports_exact: false,
    remote: Remote::ByType,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    entry_keys: &["requestOptions", "connectionTimeout", "apiKey"],
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
    // YAML, which `fix` never writes.
    fix_edits: false,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    startup_timeout: None,
    files: Files {
        user: |m| vec![user_location(m)],
        in_editor: None,
        project: project_locations,
    },
};

/// `~/.continue/config.yaml` with a list `mcpServers:` (§10, CONT).
pub const LAYOUT: Layout = Layout::Continue;

/// From the terminal's (or IDE's) environment; `${{ secrets.NAME }}` templates filled in from its
/// secret store (§10, CONT); `cwd` honoured.
///
/// On Windows (not connected to a WSL remote) it runs `npx`, `uv`, `uvx`, `pnpx`, `dlx`, `nx` and
/// `bunx` as `cmd.exe /c <command> <args>` itself (continuedev/continue
/// core/context/mcp/MCPConnection.ts `WINDOWS_BATCH_COMMANDS`, lines 38-47, and
/// `resolveCommandForPlatform`, lines 423-447, @d0a3c0b626b5bebc3bef4742eec05a0242be0bab; since
/// b8ca4cb6ee, 2025-05-12), then starts every stdio server with the MCP SDK's
/// `StdioClientTransport` (`constructStdioTransport`, line 599; core/package.json
/// `"@modelcontextprotocol/sdk": "^1.25.2"`, package-lock 1.29.0), so any other npm shim and the
/// full path of a `.cmd` start too ([`super::SDK_STDIO_RUNS_CMD_SHIMS`]). (The `cn` CLI uses the
/// same transport: extensions/cli/src/services/mcpTransports.ts line 86, SDK `^1.24.0`.)
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::Terminal,
        expansion: Expansion::Continue,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: super::SDK_STDIO_RUNS_CMD_SHIMS,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// `~/.continue/config.yaml` (Windows `%USERPROFILE%\.continue\config.yaml`) (§10, CONT).
pub fn user_location(m: &Machine) -> Location {
    let p = m.home.join(".continue").join("config.yaml");
    Location::at(m, ID, Scope::User, p, Dialect::Yaml, LAYOUT)
}

/// Its workspace blocks: every YAML file in `.continue/mcpServers/`, and JSON files dropped there
/// as copied from Claude Desktop, Cursor or Cline (`{"mcpServers": {...}}`) (§10, CONT).
pub fn project_locations(m: &Machine, dir: &Path) -> Vec<Location> {
    blocks(&dir.join(".continue").join("mcpServers"))
        .into_iter()
        .map(|(f, yaml)| {
            if yaml {
                Location::at(m, ID, Scope::Project, f, Dialect::Yaml, LAYOUT)
            } else {
                Location::at(m, ID, Scope::Project, f, Dialect::Jsonc, Layout::McpServers)
            }
        })
        .collect()
}

/// The block files of a `mcpServers` folder, sorted (at most 200): YAML (`true`) or JSON.
fn blocks(dir: &Path) -> Vec<(PathBuf, bool)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<(PathBuf, bool)> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let ext = p.extension()?.to_str()?.to_ascii_lowercase();
            match ext.as_str() {
                "yaml" | "yml" => Some((p, true)),
                "json" => Some((p, false)),
                _ => None,
            }
        })
        .collect();
    crate::sort::natural(&mut v);
    v.truncate(200);
    v
}
