//! Claude Desktop: every fact the doctor uses about it, each with its source. "§1.x" is a section
//! of `shared/reference/clients.md`, which gives the primary sources (MCP-LOCAL, MCP-DBG, issues).
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::PathBuf;

pub const ID: ClientId = ClientId::ClaudeDesktop;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 1;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "claude-desktop",
    title: "Claude Desktop",
    profile,
    // "servers inherit only a limited, platform-dependent subset of variables; pass the rest via
    // `env`" (§1.4, MCP-DBG).
    servers_inherit_full_env: false,
    macos_app: Some("Claude.app"),
    windows_exe: Some("claude.exe"),
    url_keys: &["url"],
    headers_key: "headers",
    transports: &[],
    transports_exact: false,
    // "the file is stdio-only. Entries with `url` / `type:"http"` / `transport` are ignored"
    // (§1.2: ROCTUP/1c-mcp-toolkit#15; cyberlife-coder/VelesDB#1534).
    remote: Remote::NotStarted,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: Some(path_before_desktop),
    command_object: false,
    entry_keys: &[],
    inputs_list: false,
    project_relative_paths: false,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder,
    fixed_cwd,
    // One user file: nothing shadows (§1.1).
    precedence: None,
    connects_from_node: false,
    fix_edits: true,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    startup_timeout: None,
    files: Files {
        user: user_locations,
        in_editor: None,
        project: super::no_project_files,
    },
};

/// Strict JSON: a trailing comma makes the app ignore the file (§1.2, mcpbundles.com).
pub const DIALECT: Dialect = Dialect::StrictJson;
/// `{"mcpServers": {name: entry}}` (§1.2).
pub const LAYOUT: Layout = Layout::McpServers;
/// The file's name in the app's config folder (§1.1, MCP-LOCAL).
pub const FILE: &str = "claude_desktop_config.json";

/// The MSIX package folder of Claude Desktop on Windows (§1.1: anthropics/claude-code#26073,
/// #25579, #29100).
pub const MSIX_PACKAGE: &str = "Claude_pzs8sxrjxfjjc";

/// How it starts servers: a GUI app started by the desktop with the system's default PATH on
/// macOS and Linux (§1.4); nothing in an entry is expanded (§1.3); `cwd` is not honoured (§1.2:
/// anthropics/claude-code#75266). The app runs npx through cmd.exe itself (§1.4, unconfirmed for
/// all builds).
fn profile(os: Os) -> Profile {
    Profile {
        // Not settled whether chat-side servers (this file's) get the login shell's PATH; kept as
        // is (session 19 review, sources below). The doctor prefers the PATH the app logs for a
        // server, "Using MCP server command: <cmd> with args and path: { args: [...], paths:
        // [...] }" (`PathFrom::Logged`, src/logs/mod.rs), so this model only counts without one.
        // - Linux, official 1.17377.1 beta: a teardown says a `shellPathWorker.js` runs
        //   "$SHELL -l -i -c" and "hands the result to the Code sessions and MCP subprocesses"
        //   (aaddrick/claude-desktop-debian docs/reports/CDL-ANT-0008_official-linux-teardown/
        //   claude-desktop-linux-teardown.tex §11, @5a43630a7c839b0d26a7fae095089a2cd8513953),
        //   but the same repository's probe of that worker says its merge into `process.env` "is
        //   gated on `process.env[A] === void 0`, so a caller-provided PATH is never overwritten
        //   by the worker" (tools/test-harness/src/runners/S17_shell_path_inheritance.spec.ts),
        //   and its code anchors show the worker's PATH going to the Code tab's PTY
        //   (docs/testing/cases/code-tab-foundations.md T19): no mcp.log shows it on a chat-side
        //   server.
        // - macOS: the Code tab gets a login-shell PATH ("its `disclaimer` helper runs a login
        //   shell. Only `PATH` survives from it", anthropics/claude-code#92515, 2026-09), but the
        //   chat side logs its own list, not the shell's: every `~/.nvm/versions/node/*/bin` in
        //   name order, then `/usr/local/bin`, `/opt/homebrew/bin`, then launchd's PATH
        //   (directus/mcp#2, 2025-07; testdata/logs/healthy/claude-desktop-mcp-remote.log,
        //   2025-09; Automattic/wordpress-agent-skills#5, 2026-03), and the server runs with it:
        //   "Even when specifying the full path to npx (`/opt/homebrew/bin/npx`), the spawned
        //   process inherits this PATH" (i-dot-ai/lex#13, 2025-12; modelcontextprotocol/mcpb#130,
        //   DollhouseMCP/mcp-server#1902). `~/.local/bin` and `~/.cargo/bin` `uvx` were not found
        //   (hald/things-mcp#35, ahujasid/blender-mcp#179, 2026-01). One report says servers start
        //   through `zsh -lc`, so `~/.zprofile` counts and `~/.zshrc` does not
        //   (robotmcp/ros-mcp-server#340, 2026-06). So `GuiShellEnv` is wrong here, and
        //   `GuiPlain`'s launchd list is short for these builds: without a logged PATH, npx/node
        //   in nvm or Homebrew are reported missing although such a build finds them.
        // - Windows: `Terminal` (the user's PATH); the logged PATH there "shows a complete,
        //   correct PATH" (anthropics/claude-ai-mcp#832, 2026-08).
        launch: if os.is_windows() {
            Launch::Terminal
        } else {
            Launch::GuiPlain
        },
        expansion: Expansion::None,
        honours_cwd: false,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        // Not a maintainer's word nor a quoted excerpt, but agrees: a teardown of the shipped
        // 1.17377.1 Linux build (its extracted app.asar) reads "Stdio MCP servers are spawned
        // through the Agent SDK's StdioClientTransport over cross-spawn with shell:false"
        // (aaddrick/claude-desktop-debian
        // docs/reports/CDL-ANT-0008_official-linux-teardown/claude-desktop-linux-teardown.tex
        // §11, @5a43630a7c839b0d26a7fae095089a2cd8513953): `"npx -y pkg"` is then one program
        // name, and on Windows cross-spawn's cmd.exe fallback escapes its spaces (`^ `: its
        // `metaCharsRegExp` holds the space, moxystudio/node-cross-spawn lib/util/escape.js
        // `escapeCommand`).
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// The folders Claude Desktop on macOS puts before launchd's PATH for the servers it starts: every
/// `~/.nvm/versions/node/*/bin` in the order of their names (as strings: `v20.12.1` before
/// `v20.9.0`, and the oldest major first, so the first `node` and `npx` found are usually the
/// oldest installed), then `/usr/local/bin` and `/opt/homebrew/bin`. What its mcp.log prints for a
/// server, "Using MCP server command: … with args and path: { metadata: { args: […], paths: [
/// '/Users/…/.nvm/versions/node/v14.17.0/bin', … '/Users/…/.nvm/versions/node/v22.14.0/bin',
/// '/usr/local/bin', '/opt/homebrew/bin', '/usr/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin',
/// '/usr/local/bin' ] } }" (https://github.com/directus/mcp/issues/2, 2025-07;
/// testdata/logs/healthy/claude-desktop-mcp-remote.log, 2025-09, without nvm: the two folders
/// then launchd's), and the server runs with it: "Claude Desktop will ALWAYS try to use the
/// oldest Node version" in `~/.nvm/versions/node/*/bin` (modelcontextprotocol/mcpb#130,
/// 2025-10), "Claude Desktop using the lowest version of node in `~/.nvm/versions/node/`"
/// (modelcontextprotocol/servers#64, 2025-04-30), "Even when specifying the full path to npx
/// (/opt/homebrew/bin/npx), the spawned process inherits this PATH" (i-dot-ai/lex#13, 2025-12).
/// Builds before about April 2025 used launchd's PATH alone (the `spawn npx ENOENT` reports of
/// 2024-25); a PATH the app logged for a server still comes first (`PathFrom::Logged`).
fn path_before_desktop(m: &Machine) -> Vec<String> {
    if m.os != Os::Macos {
        return Vec::new();
    }
    let nvm = crate::machine::join(m.os, &m.home_spelled, ".nvm/versions/node");
    let mut v: Vec<String> = m
        .version_folders(&nvm)
        .iter()
        .map(|dir| crate::machine::join(m.os, dir, "bin"))
        .collect();
    v.push("/usr/local/bin".into());
    v.push("/opt/homebrew/bin".into());
    v
}

/// "Working directory: may be `/` on macOS because the app can be launched from anywhere" (§1.4,
/// MCP-DBG).
fn start_folder(os: Os) -> &'static str {
    match os {
        Os::Macos => "/",
        Os::Windows => "the app's install folder",
        Os::Linux => "the app's launch folder",
    }
}

/// "all servers get `CWD=/` via the app's `disclaimer` sandbox helper" on macOS (§1.4:
/// anthropics/claude-code#44764).
fn fixed_cwd(os: Os) -> Option<&'static str> {
    (os == Os::Macos).then_some("/")
}

/// `isUsingBuiltInNodeForMcp: true` in the file: the app runs Node commands with its bundled Node,
/// without a PATH lookup (§1.2, §1.4: modelcontextprotocol/mcpb#200, datagouv/datagouv-mcp#69).
pub fn uses_builtin_node(root: Option<&crate::doc::Node>) -> bool {
    root.and_then(|r| r.get("isUsingBuiltInNodeForMcp"))
        .and_then(|n| n.as_bool())
        == Some(true)
}

/// The user file (§1.1): in the app's config folder on macOS and Linux; on Windows in `%APPDATA%`
/// for the classic installer and under the MSIX package's virtualised `%APPDATA%` for the MSIX
/// build, which never sees the other (Windows file-system virtualisation).
pub fn user_locations(m: &Machine) -> Vec<Location> {
    let mut v = Vec::new();
    match m.os {
        Os::Macos | Os::Linux => {
            if let Some(app) = m.app_config_dir() {
                let p = app.join("Claude").join(FILE);
                v.push(Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT));
            }
        }
        Os::Windows => {
            let local = m.local_appdata();
            let msix_pkg = local
                .as_ref()
                .map(|l| l.join("Packages").join(MSIX_PACKAGE));
            let msix = msix_pkg.as_ref().is_some_and(|p| p.is_dir());
            let classic_install = local
                .as_ref()
                .is_some_and(|l| l.join("AnthropicClaude").is_dir());
            if let Some(appdata) = m.appdata() {
                let p = appdata.join("Claude").join(FILE);
                let mut loc = Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT);
                if msix && !classic_install {
                    loc = loc.ignored(format!(
                        "Claude Desktop is installed as an MSIX package, which reads {} instead (Windows redirects the app's %APPDATA%)",
                        format_args!("%LOCALAPPDATA%\\Packages\\{MSIX_PACKAGE}\\LocalCache\\Roaming\\Claude\\{FILE}")
                    ));
                }
                v.push(loc);
            }
            if let Some(pkg) = msix_pkg {
                let p = msix_roaming(&pkg).join(FILE);
                let mut loc = Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT);
                if !msix {
                    loc = loc.ignored("Claude Desktop is not installed as an MSIX package here, so it reads %APPDATA%\\Claude instead");
                }
                v.push(loc);
            }
        }
    }
    v
}

/// Its log folders (§1.5): `~/Library/Logs/Claude` on macOS, `<config>/Claude/logs` on Linux; on
/// Windows `%APPDATA%\Claude\logs`, the MSIX package's redirected copy of it (§1.1: the
/// redirection "applies to ... `logs\`", anthropics/claude-code#25579, #26073) and
/// `%LOCALAPPDATA%\Claude\Logs`.
pub fn log_dirs(m: &Machine) -> Vec<PathBuf> {
    let mut v = Vec::new();
    match m.os {
        Os::Macos => v.push(m.home.join("Library/Logs/Claude")),
        Os::Windows => {
            if let Some(a) = m.appdata() {
                v.push(a.join("Claude").join("logs"));
            }
            if let Some(l) = m.local_appdata() {
                v.push(msix_roaming(&l.join("Packages").join(MSIX_PACKAGE)).join("logs"));
                v.push(l.join("Claude").join("Logs"));
            }
        }
        Os::Linux => v.push(m.xdg_config().join("Claude").join("logs")),
    }
    v
}

/// The app's `%APPDATA%\Claude` as the MSIX build sees it.
fn msix_roaming(pkg: &std::path::Path) -> PathBuf {
    pkg.join("LocalCache").join("Roaming").join("Claude")
}
