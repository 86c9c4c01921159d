//! VS Code (GitHub Copilot agent mode; MCP GA in 1.102): every fact the doctor uses about it, each
//! with its source. "§4" is the VS Code section of `shared/reference/clients.md` (VSC-USE:
//! code.visualstudio.com/docs/copilot/customization/mcp-servers, VSC-REF: its configuration
//! reference).
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::Vscode;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 4;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "vscode",
    title: "VS Code",
    profile,
    servers_inherit_full_env: true,
    macos_app: Some("Visual Studio Code.app"),
    windows_exe: Some("code.exe"),
    url_keys: &["url"],
    headers_key: "headers",
    // stdio: `type:"stdio"`; remote: `type:"http"|"sse"` (§4, VSC-REF).
    transports: &["stdio", "sse", "http"],
    transports_exact: false,
    remote: Remote::ByType,
    command_alias: None,
    env_alias: None,
    // `env[key] = value === null ? undefined : String(value)` before the spawn
    // (src/vs/workbench/api/node/extHostMcpNode.ts `startNodeMpc`,
    // https://github.com/microsoft/vscode/blob/c7885ab9da90ad7144ed6b4f612f4f1d63d53aa6/src/vs/workbench/api/node/extHostMcpNode.ts):
    // the .NET MCP template's `"MAX_RANDOM_NUMBER": 100` reaches the server as "100".
    env_values_coerced: true,
    path_before: None,
    command_object: false,
    entry_keys: &[],
    // Inputs `{type:"promptString", id, ...}` referenced as `${input:id}` (§4, VSC-REF).
    inputs_list: true,
    // A server without `cwd` starts in the workspace folder for `.vscode/mcp.json`, in the home
    // folder for a user file (`start_folder`): not wherever VS Code was started.
    project_relative_paths: false,
    project_file_from_start_folder: true,
    // `startNodeMpc` joins a relative `cwd` to `defaultCwd`, the workspace folder (`start_folder`).
    relative_cwd_from_project_folder: true,
    // A user file's server without `cwd` starts in the home folder: `startNodeMpc` spawns in
    // `defaultCwd?.fsPath || home`, and only a workspace definition has a `defaultCwd`
    // (`start_folder`); a relative `cwd` joins the home folder then.
    user_servers_start_in_home: true,
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
        in_editor: Some(|m, user, editor| {
            if APP_FOLDERS.contains(&editor) {
                user_locations(m, user).into()
            } else {
                Vec::new()
            }
        }),
        project: |m, d| vec![project_location(m, d)],
    },
};

/// JSONC, as VS Code's other settings files (§4: "likely", unconfirmed).
pub const DIALECT: Dialect = Dialect::Jsonc;
/// Top keys `servers` (map) and `inputs` (array), not `mcpServers` (§4, VSC-REF): VS Code's scanner
/// of `mcp.json` reads `servers` and `inputs` only, also beside an `mcpServers` it ignores
/// (src/vs/platform/mcp/common/mcpResourceScannerService.ts `fromUserMcpServers`,
/// `fromWorkspaceFolderMcpServers`; see `server::mcp_servers_beside_servers`).
pub const LAYOUT: Layout = Layout::VscodeServers;
/// Its folders under the OS's application-config folder: stable and Insiders (§4: default profile
/// path `Code/User/mcp.json`).
pub const APP_FOLDERS: &[&str] = &["Code", "Code - Insiders"];

/// A GUI app that loads the login shell's environment at start; `${env:VAR}`, `${userHome}`,
/// `${workspaceFolder}`, `${input:id}` (§4, VSC-REF); `cwd` honoured; VS Code runs `.cmd` shims
/// and `.cmd` paths on Windows itself.
///
/// How it spawns a stdio server (src/vs/workbench/api/node/extHostMcpNode.ts `startNodeMpc`,
/// https://github.com/microsoft/vscode/blob/0334cc0776d488bfa0bfa6b8b1d322de56e99cba/src/vs/workbench/api/node/extHostMcpNode.ts):
/// `untildify(launch.command, home)`, `launch.args.map(a => untildify(a, home))` and the same for
/// `cwd`, where `untildify` replaces `^~($|\/|\\)` with the home folder (base/common/labels.ts;
/// the fix of microsoft/vscode#247076 "MCP Definitions Don't Allow Tildes"); then
/// `spawn(executable, args, { shell })` with `shell` false except for a `.bat`/`.cmd` found on
/// Windows (`formatSubprocessArguments`): a whole command line in `command` is one program name
/// that does not exist.
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::Vscode,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: true,
        starts_through_shell: false,
    }
}

/// Where a server without `cwd` starts: `startNodeMpc` spawns in `launch.cwd ? untildify(…) :
/// (defaultCwd?.fsPath || home)` and joins a relative `cwd` to `defaultCwd` (or the home folder)
/// (src/vs/workbench/api/node/extHostMcpNode.ts,
/// https://github.com/microsoft/vscode/blob/c7885ab9da90ad7144ed6b4f612f4f1d63d53aa6/src/vs/workbench/api/node/extHostMcpNode.ts),
/// and `defaultCwd` is the folder of the definition's workspace: "Plain VS Code passes a
/// workspace server definition folder as `defaultCwd`, and the extension host uses that folder
/// whenever `launch.cwd` is absent" (a VS Code maintainer, microsoft/vscode#330253), the
/// `variableReplacement.folder` its config discovery sets to the file's workspace folder
/// (src/vs/workbench/contrib/mcp/common/discovery/configMcpDiscovery.ts). So a relative path in
/// `.vscode/mcp.json` resolves against the workspace folder (fluentui-blazor's "Build from Source"
/// block runs `dotnet run --project src/Tools/McpServer/….csproj` so, from the repository's root).
fn start_folder(_: Os) -> &'static str {
    "the workspace folder for a project's .vscode/mcp.json, your home folder for a user file"
}

/// The user files in one of its `User` folders: `mcp.json`, and `settings.json`, whose `mcp` key
/// held servers before 1.102. Since 1.102 VS Code moves servers it finds there into `mcp.json` at
/// once ("MCP migration support": "When you add MCP servers to user settings, VS Code immediately
/// migrates them with a helpful notification", code.visualstudio.com/updates/v1_102), so they run:
/// they are read as VS Code will run them, with a note (§4 said "ignored": redis/mcp-redis#57 and
/// docker/docs 3712a39 moved their docs, which the release notes do not contradict).
pub fn user_locations(m: &Machine, user_dir: &Path) -> [Location; 2] {
    [
        Location::at(m, ID, Scope::User, user_dir.join("mcp.json"), DIALECT, LAYOUT),
        Location::at(m, ID, Scope::User, user_dir.join("settings.json"), DIALECT, Layout::VscodeSettings),
    ]
}

/// A workspace's `.vscode/mcp.json` (§4, VSC-USE).
pub fn project_location(m: &Machine, dir: &Path) -> Location {
    let p = dir.join(".vscode").join("mcp.json");
    Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT)
}
