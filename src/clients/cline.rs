//! Cline, the VS Code extension `saoudrizwan.claude-dev`: every fact the doctor uses about it, each
//! with its source. "schemas.ts" is `src/services/mcp/schemas.ts` of github.com/cline/cline.
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::Cline;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 6;
/// The contract's client id.
pub const SLUG: &str = "cline";
pub const TITLE: &str = "Cline";

pub static CLIENT: Client = Client {
    id: ID,
    slug: SLUG,
    title: TITLE,
    profile,
    // A stdio server gets `{...getDefaultEnvironment(), ...config.env}` (McpHub.ts @21cb8d25,
    // lines 482-493): the MCP SDK's short list, not the editor's whole environment (as Roo Code,
    // its fork).
    servers_inherit_full_env: false,
    macos_app: Some(MACOS_APP),
    windows_exe: Some(WINDOWS_EXE),
    url_keys: &["url"],
    headers_key: "headers",
    transports: TRANSPORTS,
    transports_exact: true,
    remote: // A `url` without `type` is SSE: the SSE schema is listed before Streamable HTTP "so that
    // when type is not specified, it will default to sse" (schemas.ts).
    Remote::UntypedIsSse {
        streamable: STREAMABLE_HTTP,
    },
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
    // Unlike Roo Code, no default `cwd`: the schema's `cwd: z.string().optional()` (schemas.ts)
    // and `cwd: expandedConfig.cwd` in `new StdioClientTransport({...})` (McpHub.ts
    // `connectToServer`, @21cb8d2525bcedf1f4b6890b27a74a14fe7451e4), so a server without one
    // starts in the extension host's own working folder, not the workspace.
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
        user: super::no_user_files,
        in_editor: Some(|m, user, _| vec![user_location(m, user)]),
        project: super::no_project_files,
    },
};

/// The extension's folder under an editor's `User/globalStorage`.
pub const EXTENSION_FOLDER: &str = "saoudrizwan.claude-dev";
/// `<globalStorage>/settings/cline_mcp_settings.json`.
pub const USER_FILE: [&str; 2] = ["settings", "cline_mcp_settings.json"];
pub const DIALECT: Dialect = Dialect::StrictJson;
/// `McpSettingsSchema = z.object({ mcpServers: z.record(ServerConfigSchema) })` (schemas.ts).
pub const LAYOUT: Layout = Layout::McpServers;

/// The `type` values, compared exactly: `z.literal("stdio")`, `z.literal("sse")`,
/// `z.literal("streamableHttp")` (schemas.ts; the legacy `transportType` field takes `"http"`).
pub const TRANSPORTS: &[&str] = &["stdio", "sse", "streamableHttp"];
/// What to add for a Streamable HTTP server.
pub const STREAMABLE_HTTP: &str = "streamableHttp";

/// It runs in VS Code's extension host (the login shell's environment) and honours `cwd`. It
/// expands `${env:NAME}` in every string of the settings before it validates them, and leaves an
/// unset one as written (apps/vscode/src/utils/envExpansion.ts `expandEnvironmentVariables`,
/// called in McpHub.ts on the whole file and again on each server's config,
/// <https://github.com/cline/cline/blob/21cb8d2525bcedf1f4b6890b27a74a14fe7451e4/apps/vscode/src/utils/envExpansion.ts>).
/// It starts a stdio server with the MCP SDK's `StdioClientTransport` (McpHub.ts
/// `connectToServer`, `case "stdio"`: `new StdioClientTransport({ command, args, cwd, env:
/// {...getDefaultEnvironment(), ...env} })`, lines 482-493
/// @21cb8d2525bcedf1f4b6890b27a74a14fe7451e4), so npm shims start on Windows
/// ([`super::SDK_STDIO_RUNS_CMD_SHIMS`]): Cline depends on `^1.25.1` (apps/vscode/package.json
/// line 471; bun.lock resolves 1.30.0). Its lock held SDK 1.0.1, then 1.7.0 (native `spawn`)
/// until cline 8356e058c1 (2025-05-21, `^1.11.1`; first tag with it v3.16.3): the Windows `spawn
/// npx ENOENT` / `EINVAL` reports (testdata/corpus 425, Cline 3.6.3; 481, December 2024) are from
/// before.
pub fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::EnvKeepUnset,
        honours_cwd: true,
        wraps_cmd_shims: super::SDK_STDIO_RUNS_CMD_SHIMS,
        runs_cmd_paths: super::SDK_STDIO_RUNS_CMD_SHIMS,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// The app whose identity the platform checks look at: the editor that hosts the extension.
pub const MACOS_APP: &str = "Visual Studio Code.app";
pub const WINDOWS_EXE: &str = "code.exe";

/// The user file in one editor's `User` folder (VS Code, Insiders, Cursor, Windsurf all host it).
pub fn user_location(m: &Machine, editor_user_dir: &Path) -> Location {
    let p = super::extension_file(editor_user_dir, EXTENSION_FOLDER, USER_FILE);
    Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
}
