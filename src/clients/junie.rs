//! JetBrains Junie (the coding agent: the plugin in JetBrains IDEs and the Junie CLI, which read the
//! same files): every fact the doctor uses about it, each with its source. Junie is closed source;
//! the facts come from its docs: "DOCS-CLI" = junie.jetbrains.com/docs/junie-cli-mcp-configuration.html
//! (not readable here: known through the third parties that cite it for the paths and the top key),
//! "DOCS-IDE" = jetbrains.com/help/junie/model-context-protocol-mcp.html (the IDE plugin's page),
//! and laravel/boost `src/Install/Agents/Junie.php` (earlier `PhpStormJunie.php`), which writes
//! Junie's project file. What they leave unsaid is modelled as the lenient choice, so a working
//! entry (a config copied from a server's README) is not reported, and marked "not established".
use super::ClientId;
use super::{Client, Dialect, Expansion, Files, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::Junie;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 19;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "junie",
    title: "Junie",
    profile,
    // Not established: modelled as the other IDE-hosted clients' (the whole environment).
    servers_inherit_full_env: true,
    // The plugin runs inside any JetBrains IDE (IntelliJ IDEA, PyCharm, PhpStorm, ...) and the CLI
    // in a terminal: no one app for the platform checks to look at.
    macos_app: None,
    windows_exe: None,
    // DOCS-CLI: `url` and `headers` for a remote server (as cited by third parties). DOCS-IDE:
    // "Currently, Junie supports only MCP servers that use the Standard Input/Output (stdio)
    // transport type" (the IDE plugin). The doctor cannot tell which of the two reads the file: a
    // `url` entry is read as a remote server and not reported (lenient).
    url_keys: &["url"],
    headers_key: "headers",
    // No `type` is documented (DOCS-CLI's entries have none): not checked, so a `type` some
    // README or generator writes is not reported either.
    transports: &[],
    transports_exact: false,
    remote: Remote::ByType,
    command_alias: None,
    env_alias: None,
    // Not established: a number in `env` is not reported (lenient).
    env_values_coerced: true,
    path_before: None,
    command_object: false,
    // Not established: `workingDirectory` is what rulesync's Junie generator writes for a server's
    // start folder (rulesync 0.55.0 `src/generators/mcp/junie.ts`), so it is not reported as a
    // misspelt `cwd` (`timeout`, which dagger/container-use's "JetBrains Junie" block sets, is
    // every client's).
    entry_keys: &["workingDirectory"],
    inputs_list: false,
    // Where a server without `cwd` starts is not established: relative paths are warned about,
    // as for Cursor and Kiro.
    project_relative_paths: true,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder: super::own_working_folder,
    fixed_cwd: super::no_fixed_cwd,
    // Which definition wins when a name is in both files is not established: none is reported
    // as shadowed (lenient).
    precedence: None,
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

/// Whether comments and trailing commas are taken is not established: read leniently (a comment
/// is not reported as a parse error).
pub const DIALECT: Dialect = Dialect::Jsonc;
/// Top key `mcpServers` (DOCS-CLI, as cited: "Servers live under `mcpServers`"; laravel/boost
/// writes its server there), entries `command`/`args`/`env` (DOCS-IDE: "a JSON configuration that
/// defines the command and arguments for starting the server").
pub const LAYOUT: Layout = Layout::McpServers;

/// The plugin runs in a JetBrains IDE, a GUI app that loads the login shell's environment; the CLI
/// runs in a terminal, whose environment that includes. Not established, each modelled as the
/// lenient choice: `${NAME}` expanded in the entry's strings (third parties' Junie examples put
/// `"GITHUB_TOKEN": "${GITHUB_TOKEN}"` in `env`; an unset one is reported, a bare `$NAME` is a
/// warning, as for Kiro), `cwd` honoured, a bare `npx` (a `.cmd` shim) started on Windows without
/// `cmd /c` (no Windows launcher warning on a README's `npx` block), `~` not expanded (a warning).
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

/// The user's file: `~/.junie/mcp/mcp.json` (DOCS-CLI, as cited; the `mcp` folder is in both
/// scopes); on Windows `%USERPROFILE%\.junie\mcp\mcp.json` (not in a source read here: third
/// parties' installers write it there, the home folder's `.junie` as elsewhere).
pub fn user_location(m: &Machine) -> Location {
    let p = m.home.join(".junie").join("mcp").join("mcp.json");
    Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
}

/// A project's `.junie/mcp/mcp.json` (DOCS-CLI, as cited; laravel/boost: `PhpStormJunie.php`'s
/// `mcpPath()` and `Junie.php`'s `mcpConfigPath()` default are `'.junie/mcp/mcp.json'`); in the
/// home folder that is the user file, listed once.
pub fn project_location(m: &Machine, dir: &Path) -> Option<Location> {
    if dir == m.home.as_path() {
        return None;
    }
    let p = dir.join(".junie").join("mcp").join("mcp.json");
    Some(Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT))
}
