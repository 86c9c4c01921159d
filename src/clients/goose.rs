//! Goose (Block): every fact the doctor uses about it, each with its source. "§11" is the Goose
//! section of `shared/reference/clients.md` (GOOSE: block.github.io/goose docs,
//! `getting-started/using-extensions.md` and `guides/config-files`).
use super::ClientId;
use super::{Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};

pub const ID: ClientId = ClientId::Goose;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 12;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "goose",
    title: "Goose",
    profile,
    servers_inherit_full_env: true,
    macos_app: None,
    windows_exe: None,
    // "Remote URL key name ... **unconfirmed**" (§11): both spellings are read.
    url_keys: &["uri", "url"],
    headers_key: "headers",
    // `type` (`stdio`; remote types `sse`, `streamable_http`) (§11).
    transports: &["stdio", "sse", "streamable_http"],
    transports_exact: false,
    remote: Remote::ByType,
    // `cmd`, `envs` instead of `command`, `env` (§11).
    command_alias: Some("cmd"),
    env_alias: Some("envs"),
    env_values_coerced: false,
    path_before: Some(search_paths),
    command_object: false,
    // `name`, `cmd`, `args`, `enabled`, `envs`, `type`, `timeout` (§11), and the keys of its
    // built-in and remote extensions.
    entry_keys: &[
        "cmd",
        "envs",
        "env_keys",
        "uri",
        "bundled",
        "available_tools",
    ],
    inputs_list: false,
    project_relative_paths: false,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    // A `cwd` that is not a folder is logged, not refused: `spawn` sets `current_dir` only when
    // `ctx.working_dir.is_dir()` (see `profile`).
    missing_cwd_falls_back: true,
    start_folder: super::own_working_folder,
    fixed_cwd: super::no_fixed_cwd,
    precedence: Some("the project's file overrides the user's"),
    connects_from_node: false,
    // YAML, which `fix` never writes.
    fix_edits: false,
    extension_server: None,
    // Not established for this client: such lines count as breaking it.
    skips_stdout_noise: false,
    startup_timeout: None,
    files: Files {
        user: |m| user_location(m).into_iter().collect(),
        in_editor: None,
        project: super::no_project_files,
    },
};

/// `extensions:` is a map by id (§11).
pub const LAYOUT: Layout = Layout::Goose;

/// From the terminal's environment; nothing expanded; `cwd` honoured.
///
/// `cwd`: the stdio variant of `ExtensionConfig` has `#[serde(default)] cwd: Option<String>`
/// (crates/goose/src/agents/extension.rs, block-open-source/goose 177d74af43721d1c99221731638220bb53ccb895),
/// and `add_extension` starts the server there: `let working_dir =
/// cwd.as_deref().map(PathBuf::from).unwrap_or(working_dir);` (crates/goose/src/agents/
/// extension_manager/mod.rs at 8d7f699d9ba5f9e85bf3af50e3769dad4576f9e7), then `spawn` in
/// extension_manager/stdio.rs does `command.current_dir(&ctx.working_dir)` when
/// `ctx.working_dir.is_dir()`. A relative `cwd` is thus taken from Goose's own working folder, the
/// one it was started in; without `cwd` the server starts in the session's working folder
/// (`start_folder`). A `cwd` that is not a folder is only logged ("Working directory doesn't exist
/// or isn't a directory") and the server starts in Goose's own working folder.
///
/// On Windows a bare `npx` and the full path of a `.cmd` start. Goose looks a stdio command up
/// itself before it spawns it: `Command::new(resolve_command(cmd))`, where `resolve_command` is
/// `SearchPaths::builder().with_npm().resolve(cmd)` (crates/goose/src/agents/extension_manager/
/// stdio.rs `connect`, in the `block-open-source/goose` copy at
/// 8d7f699d9ba5f9e85bf3af50e3769dad4576f9e7; before the split, extension_manager.rs). `resolve`
/// is `which::which_in_global(name, Some(self.path()?))` over Goose's search paths,
/// `%APPDATA%\npm` (`with_npm`) and `PATH`
/// (crates/goose/src/config/search_path.rs), with `which = { version = "8" }` (aaif-goose/goose
/// Cargo.toml, 1.50.0). On Windows `which` takes a file without an extension only when
/// `GetBinaryType` accepts it and otherwise tries the name with each `PATHEXT` extension
/// (harryfei/which-rs src/checker.rs `is_executable`, src/finder.rs `PathsIter`, since 5.0.0,
/// b2b8068 "Implement extension-less executable finding on Windows"): Node's extensionless `npx`
/// shell script is skipped and `npx.CMD` is found, which Rust's `Command` runs through cmd.exe as
/// it does any `.cmd` path. The lookup came with aaif-goose/goose#6000 ("Fix PATH on Windows for
/// extensions", December 2025); before it Goose passed `cmd` to `Command::new` as written, which
/// finds only an `.exe`: the "program not found" and os error 193 reports (aaif-goose/goose#3152,
/// Goose 1.0.30; #5789, testdata/corpus 129; #6010) are from before.
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::Terminal,
        expansion: Expansion::None,
        honours_cwd: true,
        wraps_cmd_shims: true,
        runs_cmd_paths: true,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// The folders Goose looks a stdio `cmd` up in before `PATH`, in its order, and puts before `PATH`
/// for the server (crates/goose/src/config/search_path.rs, `SearchPaths::builder` and `with_npm`;
/// stored copy wesamahakem/goose 25dfd768e5f804c293f369af256e1ef4476a86c0, a fork of block/goose):
/// `Config::global().get_goose_search_paths()` (`GOOSE_SEARCH_PATHS`, "JSON array of paths",
/// goose's docs, environment-variables), then `paths.push("~/.local/bin")`, on Unix
/// `"/usr/local/bin"`, on macOS `"/opt/homebrew/bin"` and `"/opt/local/bin"`; `with_npm` adds
/// `dirs::data_dir()` + `npm` (`%APPDATA%\npm`) on Windows and `~/.npm-global/bin` elsewhere.
/// `path()` chains `PATH` after them; `resolve_command` (`with_npm().resolve(cmd)`) and `spawn`'s
/// `command.env("PATH", path)` (crates/goose/src/agents/extension_manager/stdio.rs) use them.
/// The npm folder, which `spawn` leaves out of the server's own PATH, is kept here.
fn search_paths(m: &Machine) -> Vec<String> {
    let mut v: Vec<String> = configured_search_paths(m)
        .into_iter()
        .map(|p| m.expand_tilde(&p).unwrap_or(p))
        .collect();
    let home = |rel: &str| crate::machine::join(m.os, &m.home_spelled, rel);
    v.push(home(".local/bin"));
    match m.os {
        Os::Windows => {
            let appdata = m
                .env
                .non_empty("APPDATA")
                .map(String::from)
                .unwrap_or_else(|| home("AppData/Roaming"));
            v.push(crate::machine::join(m.os, &appdata, "npm"));
        }
        Os::Macos => {
            v.extend(["/usr/local/bin", "/opt/homebrew/bin", "/opt/local/bin"].map(String::from));
            v.push(home(".npm-global/bin"));
        }
        Os::Linux => {
            v.push("/usr/local/bin".into());
            v.push(home(".npm-global/bin"));
        }
    }
    v
}

/// `GOOSE_SEARCH_PATHS`: Goose's `Config` takes a key from the environment first (its value read
/// as JSON), then from config.yaml (goose's docs, guides/config-files and environment-variables).
fn configured_search_paths(m: &Machine) -> Vec<String> {
    const KEY: &str = "GOOSE_SEARCH_PATHS";
    if let Some(j) = m.env.non_empty(KEY) {
        return serde_json::from_str::<Vec<String>>(j).unwrap_or_default();
    }
    user_file(m)
        .and_then(|p| crate::machine::read_side_file(&p))
        .and_then(|t| crate::doc::from_yaml(&t).ok())
        .and_then(|n| {
            n.get(KEY).map(|l| {
                l.items()
                    .iter()
                    .filter_map(|i| i.as_str().map(String::from))
                    .collect()
            })
        })
        .unwrap_or_default()
}

fn user_file(m: &Machine) -> Option<std::path::PathBuf> {
    if m.os.is_windows() {
        m.appdata().map(|a| {
            a.join("Block")
                .join("goose")
                .join("config")
                .join("config.yaml")
        })
    } else {
        Some(m.xdg_config().join("goose").join("config.yaml"))
    }
}

/// `~/.config/goose/config.yaml` on macOS and Linux, `%APPDATA%\Block\goose\config\config.yaml` on
/// Windows (goose's docs, guides/config-files; §11).
pub fn user_location(m: &Machine) -> Option<Location> {
    let p = user_file(m)?;
    Some(Location::at(m, ID, Scope::User, p, Dialect::Yaml, LAYOUT))
}
