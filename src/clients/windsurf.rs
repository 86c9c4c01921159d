//! Windsurf (Cascade): every fact the doctor uses about it, each with its source. "§5" is the
//! Windsurf section of `shared/reference/clients.md` (WS: docs.windsurf.com/windsurf/cascade/mcp).
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};

pub const ID: ClientId = ClientId::Windsurf;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 5;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "windsurf",
    title: "Windsurf",
    profile,
    servers_inherit_full_env: true,
    macos_app: Some("Windsurf.app"),
    windows_exe: Some("windsurf.exe"),
    // "remote needs `serverUrl` **or** `url` (+ `headers`)" (§5, WS).
    url_keys: &["serverUrl", "url"],
    headers_key: "headers",
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
    startup_timeout: None,
    files: Files {
        user: |m| user_locations(m).into(),
        in_editor: None,
        project: super::no_project_files,
    },
};

pub const DIALECT: Dialect = Dialect::Jsonc;
/// Top key `mcpServers` (§5, WS).
pub const LAYOUT: Layout = Layout::McpServers;
/// Its folder under the OS's application-config folder (a VS Code fork hosting extensions).
pub const APP_FOLDER: &str = "Windsurf";

/// A VS Code fork; interpolation `${env:VAR}` (§5: syllago.dev, userjot.com); `cwd` honoured.
///
/// Its MCP client lives in the Go language server and starts stdio servers with mcp-go's
/// transport: its errors are mcp-go's wrapping of Go's `exec` errors ("failed to create mcp stdio
/// client: failed to start command: exec: \"npx\": executable file not found in $PATH",
/// arcadeai-labs/smithery-cli#115; `%PATH%` on Windows). mcp-go runs `exec.CommandContext(ctx,
/// command, args...)` (mark3labs/mcp-go client/transport/stdio.go `spawnCommand`), and Go's
/// `exec.LookPath` on Windows tries every `PATHEXT` extension, so a bare `npx` finds `npx.cmd`,
/// which `CreateProcess` runs through cmd.exe: neither `npx` nor a `.cmd` path needs `cmd /c`.
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::Vscode,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// `~/.codeium/windsurf/mcp_config.json` (§5: WS; portel-dev/ncp) and the JetBrains plugin's
/// `~/.codeium/mcp_config.json` (§5: docs.windsurf.com/ro/plugins/cascade/mcp).
pub fn user_locations(m: &Machine) -> [Location; 2] {
    let codeium = m.home.join(".codeium");
    [
        Location::at(
            m,
            ID,
            Scope::User,
            codeium.join("windsurf").join("mcp_config.json"),
            DIALECT,
            LAYOUT,
        ),
        Location::at(
            m,
            ID,
            Scope::User,
            codeium.join("mcp_config.json"),
            DIALECT,
            LAYOUT,
        ),
    ]
}
