//! Zed: every fact the doctor uses about it, each with its source. "§7" is the Zed section of
//! `shared/reference/clients.md` (ZED: zed-industries/zed `crates/paths/src/paths.rs` and
//! zed.dev/docs/ai/mcp).
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::{Path, PathBuf};

pub const ID: ClientId = ClientId::Zed;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 8;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "zed",
    title: "Zed",
    profile,
    servers_inherit_full_env: true,
    macos_app: Some("Zed.app"),
    windows_exe: Some("zed.exe"),
    // remote `{url, headers}` (§7, zed.dev/docs/ai/mcp).
    url_keys: &["url"],
    headers_key: "headers",
    // "No `type` key; transport is inferred from `url` vs `command`" (§7).
    transports: &[],
    transports_exact: false,
    remote: Remote::ByType,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    // The older format: `"command": {"path", "args", "env"}` (§7: ZED mcp.md at 04ebba4).
    command_object: true,
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
    // An entry with only `settings` (and `enabled`) configures a server an extension provides.
    extension_server: Some(extension_server),
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    startup_timeout: None,
    files: Files {
        user: |m| user_location(m).into_iter().collect(),
        in_editor: None,
        project: |m, d| vec![project_location(m, d)],
    },
};

/// "Comments allowed (Zed writes `//` header comments into settings.json)" (§7).
pub const DIALECT: Dialect = Dialect::Jsonc;
/// Key `context_servers` (§7).
pub const LAYOUT: Layout = Layout::Zed;

/// A GUI app that loads the login shell's environment; nothing expanded; `cwd` not read.
///
/// Since zed-industries/zed#42382 (merged December 2025, "Use shell to launch MCP and ACP
/// servers": "`npx`, and any `npm install`-ed programs, exist as batch scripts/PowerShell scripts
/// on the PATH. We have to use a shell to launch these programs.") a custom server starts
/// through the terminal's shell: `crates/context_server/src/transport/stdio_transport.rs` builds
/// it with `ShellBuilder::new(&TerminalSettings::shell, cfg!(windows)).non_interactive()`, which
/// quotes the program and each argument into one `-c`/`-C`/`/C` command line
/// (`crates/util/src/shell_builder.rs`). The shell is PowerShell on Windows unless the user
/// chose another (`get_windows_system_shell`: pwsh, else Windows PowerShell, else cmd.exe), so
/// `npx` (its `.cmd`/`.ps1` shim) and a `.ps1` command run. Quoted whole, the program is still
/// one word: a whole command line in `command` is not split, and a `~` in it is not expanded.
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::None,
        honours_cwd: false,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: true,
    }
}

/// User settings: macOS `~/.config/zed/settings.json`, Linux `$XDG_CONFIG_HOME/zed/settings.json`,
/// Windows `%APPDATA%\Zed\settings.json` (§7, ZED paths.rs).
pub fn user_location(m: &Machine) -> Option<Location> {
    let p = match m.os {
        Os::Macos => Some(m.home.join(".config").join("zed").join("settings.json")),
        Os::Linux => Some(m.xdg_config().join("zed").join("settings.json")),
        Os::Windows => m.appdata().map(|a| a.join("Zed").join("settings.json")),
    }?;
    Some(Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT))
}

/// A project's `.zed/settings.json` (§7; whether it accepts `context_servers` is unconfirmed).
pub fn project_location(m: &Machine, dir: &Path) -> Location {
    let p = dir.join(".zed").join("settings.json");
    Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT)
}

/// The installed extension that provides the context server `name`, as the path of its
/// `extension.toml`. A `context_servers` entry with neither `command` nor `url` is Zed's
/// `ContextServerSettingsContent::Extension { enabled, remote, settings }`, "A context server
/// that is provided by an extension", whose `settings` are "specified by the extension"
/// (zed-industries/zed `crates/settings_content/src/project.rs` at 006ce51); an extension names the
/// servers it brings as `[context_servers.<id>]` tables of its `extension.toml`
/// (`crates/extension/src/extension_manifest.rs`). Zed keeps installed extensions in
/// `extensions/installed/<id>` (`crates/extension_host/src/extension_host.rs`: `installed_dir =
/// extensions_dir.join("installed")`) under its support folder: macOS `~/Library/Application
/// Support/Zed`, Linux `$XDG_DATA_HOME/zed` (`~/.local/share/zed`), Windows `%LOCALAPPDATA%\Zed`
/// (`crates/paths/src/paths.rs` `support_dir`, `extensions_dir`). Buildkite's README, for one,
/// gives such an entry for its Zed extension (testdata/readme-configs 584).
pub fn extension_server(m: &Machine, name: &str) -> Option<PathBuf> {
    let support = match m.os {
        Os::Macos => m.home.join("Library").join("Application Support").join("Zed"),
        Os::Linux => m
            .env
            .non_empty("XDG_DATA_HOME")
            .and_then(|v| m.to_host(v))
            .unwrap_or_else(|| m.home.join(".local").join("share"))
            .join("zed"),
        Os::Windows => m.local_appdata()?.join("Zed"),
    };
    super::extension_manifest(
        &support.join("extensions").join("installed"),
        "extension.toml",
        |t| {
            t.parse::<toml_edit::Document<String>>()
                .ok()
                .and_then(|d| {
                    d.get("context_servers")
                        .and_then(|c| c.as_table_like())
                        .map(|c| c.contains_key(name))
                })
                .unwrap_or(false)
        },
    )
}
