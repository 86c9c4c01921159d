//! Cursor: every fact the doctor uses about it, each with its source. "§3" is the Cursor section of
//! `shared/reference/clients.md` (CUR: cursor.com/docs/context/mcp, and the pages it names).
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::Cursor;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 3;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "cursor",
    title: "Cursor",
    profile,
    servers_inherit_full_env: true,
    macos_app: Some("Cursor.app"),
    windows_exe: Some("cursor.exe"),
    // Remote: `url`, `headers` (§3, CUR).
    url_keys: &["url"],
    headers_key: "headers",
    // `type` is optional and its values are not documented (§3): not checked.
    transports: &[],
    transports_exact: false,
    remote: Remote::ByType,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    entry_keys: &[],
    // No `inputs` key in Cursor's mcp.json (§3, CUR), so nothing defines a `${input:id}`: it is
    // sent as written (microsoft/apm#344 warns so for Cursor, "runtimes that don't support input
    // prompts"); launch.rs reports it.
    inputs_list: false,
    // "cwd of stdio servers: conflicting community claims (project dir vs home)" (§3); the
    // doctor warns rather than errs.
    project_relative_paths: true,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder: super::own_working_folder,
    fixed_cwd: super::no_fixed_cwd,
    // "Project file wins on conflict" (§3, unconfirmed vs docs).
    precedence: Some("the project's file overrides the user's"),
    connects_from_node: false,
    fix_edits: true,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    startup_timeout: None,
    files: Files {
        user: |m| vec![user_location(m)],
        in_editor: None,
        project: |m, d| project_location(m, d).into_iter().collect(),
    },
};

/// Comments: unconfirmed (§3); read as JSONC, as VS Code's forks do.
pub const DIALECT: Dialect = Dialect::Jsonc;
/// Top key `mcpServers` (§3, CUR).
pub const LAYOUT: Layout = Layout::McpServers;
/// Its folder under the OS's application-config folder (a VS Code fork: `Cursor/User/...`,
/// `Cursor/logs/...`, §3).
pub const APP_FOLDER: &str = "Cursor";

/// A VS Code fork (GUI app loading the login shell's environment), with VS Code-style
/// `${env:NAME}`, `${userHome}`, `${workspaceFolder}` interpolation (§3: syllago.dev summarising
/// CUR); `cwd` honoured.
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::Vscode,
        honours_cwd: true,
        // A bare `npx` (npm's `npx.cmd`) starts on Windows since mid-2025 builds: Mastra's
        // maintainer tried it and dropped the `cmd /c` branch its installer wrote for Cursor
        // ("The `cmd /c` trick used to be required, but ... Cursor fixed this recently. I tried
        // it myself and found it works great without it now", mastra-ai/mastra#4758, merged
        // 2025-06-05), and dbhub's install guide gives Cursor on Windows the bare `npx` (bytebase/
        // dbhub docs/installation.mdx @d91080ff, "Cursor" › Windows). The `spawn npx ENOENT` /
        // "Client closed" reports that taught `cmd /c` date from Cursor 0.45-0.47 (early 2025,
        // e.g. AgentDeskAI/browser-tools-mcp#47); the log rules still read them.
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        // A whole command line in `command` runs: Cursor's own "Add to Cursor" link generator
        // writes `{"command":"npx -y chrome-devtools-mcp@latest"}` (its maintainer: "I used
        // Cursor's tool to generate the config", ChromeDevTools/chrome-devtools-mcp#502;
        // README.md @ebf58f2f line 309), and servers teach it for Cursor alone (heroku-mcp-server
        // README.md @de94a9c5 "Example configuration for Cursor": `"command": "npx -y
        // @heroku/mcp-server"`; slack-mcp-server's Cursor install link).
        runs_command_line: true,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// `~/.cursor/mcp.json` (Windows `%USERPROFILE%\.cursor\mcp.json`) (§3, CUR).
pub fn user_location(m: &Machine) -> Location {
    let p = m.home.join(".cursor").join("mcp.json");
    Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
}

/// `<project>/.cursor/mcp.json` (§3, CUR); in the home folder that is the user file, listed once.
pub fn project_location(m: &Machine, dir: &Path) -> Option<Location> {
    if dir == m.home.as_path() {
        return None;
    }
    let p = dir.join(".cursor").join("mcp.json");
    Some(Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT))
}
