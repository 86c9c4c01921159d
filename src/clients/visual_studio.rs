//! Visual Studio (2022 17.14+ and 2026, GitHub Copilot agent mode; Windows only): every fact the
//! doctor uses about it, each with its source. Visual Studio is closed source; the facts come from
//! its docs, "DOCS" = learn.microsoft.com/visualstudio/ide/mcp-servers (the page's source is
//! MicrosoftDocs/visualstudio-docs `docs/ide/mcp-servers.md`, its section "File locations for
//! automatic discovery of MCP configuration"). What the docs leave unsaid is modelled as the
//! lenient choice, so a working entry is not reported, and marked "not established".
//!
//! Of the five files DOCS lists, three are other clients' and listed once, under them: a
//! solution's `.mcp.json` (Claude Code's), `.vscode/mcp.json` (VS Code's) and `.cursor/mcp.json`
//! (Cursor's). This file adds the two that only Visual Studio reads.
use super::ClientId;
use super::{Client, Dialect, Expansion, Files, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::VisualStudio;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 18;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "visual-studio",
    title: "Visual Studio",
    profile,
    // A Windows GUI app: its servers get the user's environment (not established: modelled as
    // VS Code's, the whole environment).
    servers_inherit_full_env: true,
    macos_app: None,
    windows_exe: Some("devenv.exe"),
    // DOCS' example: `{"servers": {"github": {"url": "https://api.githubcopilot.com/mcp/"}}}`.
    url_keys: &["url"],
    headers_key: "headers",
    // "The options for MCP server transport are local standard input/output (stdio), server-sent
    // events (sse), and streamable HTTP (http)" (DOCS).
    transports: &["stdio", "sse", "http"],
    transports_exact: false,
    remote: Remote::ByType,
    command_alias: None,
    env_alias: None,
    // Not established: modelled as VS Code's (a number in `env` reaches the server as text).
    env_values_coerced: true,
    path_before: None,
    command_object: false,
    entry_keys: &[],
    // Not established whether Visual Studio reads an `inputs` list: modelled as VS Code's, so a
    // `${input:id}` its list defines is not reported.
    inputs_list: true,
    // Where a server without `cwd` starts is not established: relative paths are warned about.
    project_relative_paths: true,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder: super::own_working_folder,
    fixed_cwd: super::no_fixed_cwd,
    // "MCP server configurations are read from the following directories, in the following
    // order" (DOCS); which definition of a name defined twice wins is not said.
    precedence: Some("Visual Studio reads the user's file first, then the solution's"),
    connects_from_node: false,
    fix_edits: true,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    startup_timeout: None,
    files: Files {
        user: |m| user_location(m).into_iter().collect(),
        in_editor: None,
        project: |m, d| solution_location(m, d).into_iter().collect(),
    },
};

/// Written in Visual Studio's JSON editor ("We recommend that you use Visual Studio to edit this
/// file so that its JSON schema is automatically applied", DOCS); whether comments are taken is
/// not established: read leniently.
pub const DIALECT: Dialect = Dialect::Jsonc;
/// DOCS' examples put servers under `servers`, as VS Code's `mcp.json`; Visual Studio also reads
/// Cursor's `.cursor\mcp.json` (DOCS' fifth location), whose only key is `mcpServers`, so a file of
/// either shape is read (which key it takes in its own two files is not established).
pub const LAYOUT: Layout = Layout::ServersOrMcpServers;

/// A Windows GUI app (the user's environment). DOCS' own stdio examples run a bare `npx`
/// ("`npx -y @azure/mcp@latest`", "Visual Studio respects whatever command you specify"), so a
/// `.cmd` shim starts without `cmd /c`. Not established: which `${…}` forms it expands (modelled as
/// VS Code's: `${env:VAR}`, `${input:id}`, `${workspaceFolder}`), whether `cwd` is honoured
/// (modelled as honoured) and whether `~` is expanded (modelled as not: a warning).
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

/// "`%USERPROFILE%\.mcp.json`: Serves as a global MCP server configuration for a specific user"
/// (DOCS). Visual Studio runs on Windows only: no file elsewhere. Claimed only where Visual Studio
/// has run, which leaves its per-user folder `%LOCALAPPDATA%\Microsoft\VisualStudio` (one
/// `<version>_<instance>` folder per install: its private registry and component cache): elsewhere
/// the file stays what the other clients read it as (Claude Code's project file, when the working
/// folder is under the home folder), so a Claude Code user's `~/.mcp.json` is not judged by Visual
/// Studio's rules on a machine without Visual Studio.
pub fn user_location(m: &Machine) -> Option<Location> {
    if !m.os.is_windows() {
        return None;
    }
    let installed = m
        .local_appdata()
        .is_some_and(|d| d.join("Microsoft").join("VisualStudio").is_dir());
    installed.then(|| {
        let p = m.home.join(".mcp.json");
        Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
    })
}

/// "`<SOLUTIONDIR>\.vs\mcp.json`: Specific to Visual Studio and loads the specified MCP servers
/// only for a specific user, for the specified solution" (DOCS).
pub fn solution_location(m: &Machine, dir: &Path) -> Option<Location> {
    m.os.is_windows().then(|| {
        let p = dir.join(".vs").join("mcp.json");
        Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT)
    })
}
