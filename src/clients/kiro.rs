//! Kiro (AWS's editor, a Code OSS fork, and the Kiro CLI that succeeded the Amazon Q Developer
//! CLI): every fact the doctor uses about it, each with its source. Kiro is closed source; the
//! facts come from its docs: "DOCS" = kiro.dev/docs/mcp/configuration (the editor's page), "DOCS-CLI"
//! = kiro.dev/docs/cli/mcp/configuration and kiro.dev/docs/cli/chat/configuration (the CLI's
//! scopes: "MCP servers ~/.kiro/settings/mcp.json .kiro/settings/mcp.json"). The editor and the
//! CLI read the same two files. What the docs leave unsaid is modelled as the lenient choice, so
//! a working entry is not reported, and marked "not established".
use super::ClientId;
use super::{Client, Dialect, Expansion, Files, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::Kiro;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 16;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "kiro",
    title: "Kiro",
    profile,
    // Not established: modelled as Cursor's (the whole environment).
    servers_inherit_full_env: true,
    macos_app: Some("Kiro.app"),
    windows_exe: Some("Kiro.exe"),
    // "Remote server: url (String, Required): HTTPS endpoint for the remote MCP server (or HTTP
    // endpoint for localhost); headers (Object)" (DOCS); no `type` in any of its examples.
    url_keys: &["url"],
    headers_key: "headers",
    // No `type` is documented: not checked.
    transports: &[],
    transports_exact: false,
    remote: Remote::ByType,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    // "disabled", "autoApprove", "disabledTools", and for a remote server "oauth" ({"clientId"})
    // and "oauthScopes" (DOCS' property tables; `disabled` is every client's).
    entry_keys: &["autoApprove", "disabledTools", "oauth", "oauthScopes"],
    inputs_list: false,
    // Where a server without `cwd` starts is not established: relative paths are warned about,
    // as for Cursor.
    project_relative_paths: true,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder: super::own_working_folder,
    fixed_cwd: super::no_fixed_cwd,
    // "If both files exist, configurations are merged with workspace settings taking
    // precedence" (DOCS).
    precedence: Some("Kiro merges both files, the workspace's entry winning"),
    connects_from_node: false,
    fix_edits: true,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    startup_timeout: None,
    files: Files {
        user: |m| vec![user_location(m)],
        in_editor: None,
        project: |m, d| workspace_location(m, d).into_iter().collect(),
    },
};

/// Written in the editor's own JSON editor ("Kiro: Open user MCP config (JSON)", DOCS); whether
/// comments are taken is not established: read leniently, as the other Code OSS forks' files.
pub const DIALECT: Dialect = Dialect::Jsonc;
/// Top key `mcpServers` (DOCS: "MCP configuration files use JSON format with the following
/// structure: { "mcpServers": { … } }").
pub const LAYOUT: Layout = Layout::McpServers;

/// The editor is a GUI app (the login shell's environment, as the other Code OSS forks); the CLI
/// runs in a terminal, whose environment that includes. `${NAME}` is expanded: DOCS' own examples
/// put `"ENV_VAR2": "${EXPANDED_VARIABLE}"` in `env` and `"Authorization": "Bearer ${API_TOKEN}"`
/// in `headers` (DOCS-CLI: `"BRAVE_API_KEY": "${BRAVE_API_KEY}"`). Not established: whether
/// `args` and `command` are expanded too (modelled as expanded, the lenient choice: no
/// reference there is reported as literal text), what an unset variable becomes, whether a bare
/// `$NAME` is left as written (Claude Code's reading, which the doctor applies: a warning), and
/// how a bare `npx` starts on Windows (modelled as Cursor's).
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::ClaudeCode,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// "User Level: ~/.kiro/settings/mcp.json — Applies globally across all workspaces" (DOCS;
/// DOCS-CLI's global scope `<user-home>/.kiro/`).
pub fn user_location(m: &Machine) -> Location {
    let p = m.home.join(".kiro").join("settings").join("mcp.json");
    Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
}

/// "Workspace Level: .kiro/settings/mcp.json — Applies only to the current workspace" (DOCS); in
/// the home folder that is the user file, listed once.
pub fn workspace_location(m: &Machine, dir: &Path) -> Option<Location> {
    if dir == m.home.as_path() {
        return None;
    }
    let p = dir.join(".kiro").join("settings").join("mcp.json");
    Some(Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT))
}
