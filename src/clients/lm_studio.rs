//! LM Studio (the desktop app, an MCP host since 0.3.17): every fact the doctor uses about it, each
//! with its source. LM Studio is closed source; the facts come from its docs ("DOCS" =
//! lmstudio-ai/docs `0_app/2_mcp/index.mdx`: "LM Studio currently follows Cursor's `mcp.json`
//! notation") and its maintainers' answers in lmstudio-ai/lmstudio-bug-tracker. What neither
//! says is modelled as the lenient choice (Cursor's), so a working entry is not reported, and
//! marked "not established".
use super::ClientId;
use super::{Client, Dialect, Expansion, Files, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::PathBuf;

pub const ID: ClientId = ClientId::LmStudio;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 14;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "lm-studio",
    title: "LM Studio",
    profile,
    // Not established: modelled as Cursor's (the whole environment).
    servers_inherit_full_env: true,
    macos_app: Some("LM Studio.app"),
    windows_exe: Some("LM Studio.exe"),
    // Cursor's notation (DOCS): a remote server is `url` with `headers` (its own example,
    // Hugging Face's `{"url": "https://huggingface.co/mcp", "headers": {…}}`, has no `type`).
    url_keys: &["url"],
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
    // One file: no definition shadows another.
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
        project: super::no_project_files,
    },
};

/// Edited in the app's own editor; whether it takes comments is not established: read leniently,
/// as Cursor's.
pub const DIALECT: Dialect = Dialect::Jsonc;
/// Top key `mcpServers` (DOCS' example).
pub const LAYOUT: Layout = Layout::McpServers;

/// A desktop app; how it starts servers (PATH, `${…}`) is not established: modelled as Cursor's
/// launch (the login shell's environment) without any expansion the docs do not name.
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::None,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// Its data folder: the path written in `~/.lmstudio-home-pointer` when that file exists, else
/// `~/.lmstudio` (Windows `%USERPROFILE%\.lmstudio`). Its maintainer: "There should be a .lmstudio
/// folder (`%USERPROFILE%\.lmstudio`). If there isn't one, check (`%USERPROFILE%\.cache\lm-studio`).
/// This is the LM Studio data directory … Edit `%USERPROFILE%\.lmstudio-home-pointer` … paste in the
/// path you chose to be the new data directory" (lmstudio-bug-tracker#553, 2025-03-28); older
/// installs keep `mcp.json` in `~/.cache/lm-studio` (#1371, 2026-01; #2410, 2026-09), which the
/// pointer names.
pub fn data_dir(m: &Machine) -> PathBuf {
    crate::machine::read_side_file(&m.home.join(".lmstudio-home-pointer"))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .and_then(|t| m.to_host(&t))
        .unwrap_or_else(|| m.home.join(".lmstudio"))
}

/// `mcp.json` in its data folder: "mcp.json lives in ~/.lmstudio/mcp.json on macOS and Linux, and
/// in %USERPROFILE%/.lmstudio/mcp.json on Windows" (LM Studio 0.3.17 release notes, quoted in
/// lmstudio-bug-tracker#1371).
pub fn user_location(m: &Machine) -> Location {
    Location::at(
        m,
        ID,
        Scope::User,
        data_dir(m).join("mcp.json"),
        DIALECT,
        LAYOUT,
    )
}
