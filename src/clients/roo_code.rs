//! Roo Code, the VS Code extension `RooVeterinaryInc.roo-cline`: every fact the doctor uses about
//! it, each with its source. "McpHub.ts" is `src/services/mcp/McpHub.ts` and "config.ts" is
//! `src/utils/config.ts` of github.com/RooCodeInc/Roo-Code.
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::RooCode;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 7;
/// The contract's client id.
pub const SLUG: &str = "roo-code";
pub const TITLE: &str = "Roo Code";

pub static CLIENT: Client = Client {
    id: ID,
    slug: SLUG,
    title: TITLE,
    profile,
    servers_inherit_full_env: SERVERS_INHERIT_FULL_ENV,
    macos_app: Some(MACOS_APP),
    windows_exe: Some(WINDOWS_EXE),
    url_keys: &["url"],
    headers_key: "headers",
    transports: TRANSPORTS,
    transports_exact: true,
    remote: // An entry with a `url` and no `type` is refused, not read as SSE: "Configuration with
    // 'url' must explicitly specify 'type' as 'sse' or 'streamable-http'." (McpHub.ts
    // `validateServerConfig`).
    Remote::UntypedRefused,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    entry_keys: &[],
    inputs_list: false,
    project_relative_paths: false,
    // A server without `cwd` starts in the workspace's first folder (`start_folder`): for the
    // `.roo/mcp.json` of the folder that is open, its own folder, so a relative path that exists
    // from there resolves, wherever VS Code was started.
    project_file_from_start_folder: true,
    // `cwd: configInjected.cwd` reaches the spawn as written (McpHub.ts `connectToServer`): a
    // relative one resolves against the extension host's own folder, not the workspace.
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder,
    fixed_cwd: super::no_fixed_cwd,
    precedence: Some("the project's file overrides the user's"),
    connects_from_node: false,
    fix_edits: true,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    startup_timeout: None,
    files: Files {
        user: super::no_user_files,
        in_editor: Some(|m, user, _| vec![user_location(m, user)]),
        project: |m, d| vec![project_location(m, d)],
    },
};

/// The extension's folder under an editor's `User/globalStorage` (VS Code lower-cases
/// `publisher.name`, here `RooVeterinaryInc.roo-cline`).
pub const EXTENSION_FOLDER: &str = "rooveterinaryinc.roo-cline";
/// `<globalStorage>/settings/mcp_settings.json`: `getMcpSettingsFilePath` joins the settings
/// folder and `GlobalFileNames.mcpSettings` (McpHub.ts; src/shared/globalFileNames.ts).
pub const USER_FILE: [&str; 2] = ["settings", "mcp_settings.json"];
/// `<workspace>/.roo/mcp.json`: `getProjectMcpPath` (McpHub.ts).
pub const PROJECT_FILE: [&str; 2] = [".roo", "mcp.json"];
/// Both files are read with `JSON.parse` (McpHub.ts `initializeMcpServers`): no comments, no
/// trailing commas.
pub const DIALECT: Dialect = Dialect::StrictJson;
/// `McpSettingsSchema = z.object({ mcpServers: z.record(ServerConfigSchema) })` (McpHub.ts).
pub const LAYOUT: Layout = Layout::McpServers;

/// The `type` values Roo accepts, compared exactly: `z.enum(["stdio"])`, `z.enum(["sse"])`,
/// `z.enum(["streamable-http"])` and `validateServerConfig`'s
/// `["stdio", "sse", "streamable-http"].includes(config.type)` (McpHub.ts). `"streamableHttp"`
/// (Cline's spelling) is rejected.
pub const TRANSPORTS: &[&str] = &["stdio", "sse", "streamable-http"];

/// How Roo starts a server (McpHub.ts `connectToServer`):
/// - it runs in VS Code's extension host, so servers inherit the editor's environment (VS Code
///   loads the login shell's on start);
/// - `injectVariables(config, { env: process.env, workspaceFolder })` (config.ts) replaces
///   `${env:NAME}` and `${workspaceFolder}` in every string of the entry; an unset `${env:NAME}`
///   is left as written (`propNotFoundValue ?? match`);
/// - `cwd` is honoured and defaults to the first workspace folder (`start_folder`);
/// - on Windows every command not already `cmd`/`cmd.exe` runs as `cmd.exe /c <command> ...`, so
///   `npx` and other `.cmd` shims start without a wrapper.
pub fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::VscodeKeepUnset,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// Where a server without `cwd` starts: the stdio schema's `cwd:
/// z.string().default(() => vscode.workspace.workspaceFolders?.at(0)?.uri.fsPath ??
/// process.cwd())` (McpHub.ts `createServerTypeSchema`, applied by `validateServerConfig`'s
/// `ServerConfigSchema.parse` before `connectToServer` passes `cwd: configInjected.cwd` to
/// `StdioClientTransport`,
/// https://github.com/RooCodeInc/Roo-Code/blob/cb836567180a3ff1da6d082f3178b90c3bd22a70/src/services/mcp/McpHub.ts),
/// added by "mcp supports cwd config and defaults to workspace cwd" (RooCodeInc/Roo-Code#2171,
/// b38b40656c; Roo Code 3.11.5, 2025-04-03: "Add support for configuring the current working
/// directory of MCP servers"). The project file is `.roo/mcp.json` of `getWorkspacePath()`, the
/// first folder unless the active editor's file is in another folder of a multi-root workspace
/// (`getProjectMcpPath`; src/utils/path.ts): with one folder open, the project's servers start in
/// the project folder. A user file's servers start in whatever workspace is open.
fn start_folder(_: Os) -> &'static str {
    "the first folder of the open workspace (for a project's .roo/mcp.json, the project folder)"
}

/// A stdio server gets `{...getDefaultEnvironment(), ...config.env}` (McpHub.ts
/// `connectToServer`): the MCP SDK's short list (`HOME`, `LOGNAME`, `PATH`, `SHELL`, `TERM`,
/// `USER`; on Windows `APPDATA`, `PATH`, `USERPROFILE`, ...), not the editor's whole environment.
pub const SERVERS_INHERIT_FULL_ENV: bool = false;

/// The app whose identity the platform checks (firewall, quarantine) look at: the editor that
/// hosts the extension.
pub const MACOS_APP: &str = "Visual Studio Code.app";
pub const WINDOWS_EXE: &str = "code.exe";

/// The user file in one editor's `User` folder (VS Code, Insiders, Cursor, Windsurf all host it).
pub fn user_location(m: &Machine, editor_user_dir: &Path) -> Location {
    let p = super::extension_file(editor_user_dir, EXTENSION_FOLDER, USER_FILE);
    Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
}

/// The project file of a workspace folder.
pub fn project_location(m: &Machine, dir: &Path) -> Location {
    let p = dir.join(PROJECT_FILE[0]).join(PROJECT_FILE[1]);
    Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT)
}
