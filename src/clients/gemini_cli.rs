//! Gemini CLI: every fact the doctor uses about it, each with its source. In
//! github.com/google-gemini/gemini-cli, "settings.ts" is `packages/cli/src/config/settings.ts`,
//! "storage.ts" is `packages/core/src/config/storage.ts`, "envVarResolver.ts" is
//! `packages/cli/src/utils/envVarResolver.ts`, "mcp-client.ts" is
//! `packages/core/src/tools/mcp-client.ts`, "envExpansion.ts" is
//! `packages/core/src/utils/envExpansion.ts`, "config.ts" is `packages/core/src/config/config.ts`.
use super::ClientId;
use super::{StartupTimeout, Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{self, Machine, Os};
use regex::Regex;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// `$NAME`, `${NAME}` and `${NAME:-default}`, in every string of a settings file
/// (envVarResolver.ts `resolveEnvVarsInString`, applied by settings.ts to the whole file).
pub static REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\$(?:([A-Za-z0-9_]+)|\{([^}]+?)(?::-([^}]*))?\})").expect("regex")
});

/// The folder Gemini CLI keeps its own files in, in the home and in projects (`GEMINI_DIR`).
pub const DIR: &str = ".gemini";

pub const ID: ClientId = ClientId::GeminiCli;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 9;
/// The contract's client id.
pub const SLUG: &str = "gemini-cli";
pub const TITLE: &str = "Gemini CLI";

pub static CLIENT: Client = Client {
    id: ID,
    slug: SLUG,
    title: TITLE,
    profile,
    servers_inherit_full_env: true,
    macos_app: None,
    windows_exe: None,
    url_keys: URL_KEYS,
    headers_key: "headers",
    transports: &[],
    transports_exact: false,
    remote: // `httpUrl` and `url` with `"type": "http"` or no type are Streamable HTTP (without a
    // type Gemini falls back to SSE by itself); `"type": "sse"` is SSE (see URL_KEYS).
    Remote::GeminiKeys,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    entry_keys: &[],
    inputs_list: false,
    project_relative_paths: false,
    // The workspace file is `<process.cwd()>/.gemini/settings.json` (settings.ts `loadSettings(
    // workspaceDir = process.cwd())`, `Storage.getWorkspaceSettingsPath`), and a server without
    // `cwd` starts in `process.cwd()` too (mcp-client.ts `createTransport`):
    // https://github.com/google-gemini/gemini-cli/blob/5411f113cafae26161b4969b0237b8e1e024e2c2/packages/cli/src/config/settings.ts
    project_file_from_start_folder: true,
    // A relative `cwd` goes to `StdioClientTransport` as written and resolves against gemini's
    // own working folder, the project folder.
    relative_cwd_from_project_folder: true,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder: super::own_working_folder,
    fixed_cwd: super::no_fixed_cwd,
    precedence: Some("the project's file overrides the user's"),
    connects_from_node: CONNECTS_FROM_NODE,
    fix_edits: true,
    extension_server: Some(extension_server),
    // Same SDK transport, but its `onerror` marks the server disconnected
    // (google-gemini/gemini-cli packages/core/src/tools/mcp-client.ts, `McpClient.connect`).
    skips_stdout_noise: false,
    // A server's `timeout` (milliseconds, 10 minutes by default) bounds its connection too:
    // packages/core/src/tools/mcp-client.ts connects with `{ timeout: mcpServerConfig.timeout ??
    // MCP_DEFAULT_TIMEOUT_MSEC }`.
    startup_timeout: Some(StartupTimeout {
        how: "Gemini CLI: the server's `timeout` in settings.json, in milliseconds",
        command: None,
    }),
    files: Files {
        user: |m| vec![user_location(m), system_location(m)],
        in_editor: None,
        project: |m, d| project_location(m, d).into_iter().collect(),
    },
};

/// Settings are read with `JSON.parse(stripJsonComments(content))` (settings.ts `loadSettings`):
/// comments are allowed. (Trailing commas are not, which the JSONC reader does not tell apart.)
pub const DIALECT: Dialect = Dialect::Jsonc;
/// Servers are under `mcpServers` (settings schema), a map by name.
pub const LAYOUT: Layout = Layout::McpServers;

/// `~/.gemini/settings.json` (storage.ts `getGlobalSettingsPath`).
pub fn user_location(m: &Machine) -> Location {
    let p = m.home.join(DIR).join("settings.json");
    Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
}

/// The system settings, read for every user and winning over theirs (settings.ts
/// `getSystemSettingsPath`, unless `GEMINI_CLI_SYSTEM_SETTINGS_PATH` names another file).
pub fn system_location(m: &Machine) -> Location {
    let spelled = match m.env.non_empty("GEMINI_CLI_SYSTEM_SETTINGS_PATH") {
        Some(p) => p.to_string(),
        None => match m.os {
            Os::Macos => "/Library/Application Support/GeminiCli/settings.json".into(),
            Os::Linux => "/etc/gemini-cli/settings.json".into(),
            Os::Windows => "C:\\ProgramData\\gemini-cli\\settings.json".into(),
        },
    };
    Location::system(m, ID, &spelled, DIALECT, LAYOUT)
}

/// `<workspace>/.gemini/settings.json` (storage.ts `getWorkspaceSettingsPath`); not read when the
/// workspace is the home folder, whose file is the user's (settings.ts `loadSettings`).
pub fn project_location(m: &Machine, dir: &Path) -> Option<Location> {
    if dir == m.home.as_path() {
        return None;
    }
    let p = dir.join(DIR).join("settings.json");
    Some(Location::at(m, ID, Scope::Project, p, DIALECT, LAYOUT))
}

/// The keys a remote entry's URL may be under. `httpUrl` is Streamable HTTP (deprecated);
/// `url` is Streamable HTTP with `"type": "http"`, SSE with `"type": "sse"`, and without a type
/// Streamable HTTP first, falling back to SSE when that fails (config.ts `MCPServerConfig`;
/// mcp-client.ts `createUrlTransport` "Priority 4: url without type (default to HTTP)" and the
/// "SSE fallback" in `connectToMcpServer`).
pub const URL_KEYS: &[&str] = &["httpUrl", "url"];

/// How Gemini CLI starts a server (mcp-client.ts `createTransport`): from the terminal's
/// environment (`process.env` sanitized, `PATH` and `PATHEXT` always kept:
/// `ALWAYS_ALLOWED_ENVIRONMENT_VARIABLES` in packages/core/src/services/environmentSanitization.ts),
/// with `cwd` honoured, without a shell of its own: `new McpComplianceTransport(new
/// StdioClientTransport({ command, args, env: finalEnv, cwd, stderr: 'pipe' }))`, lines 2367-2375
/// @5411f113cafae26161b4969b0237b8e1e024e2c2, so npm shims start on Windows
/// ([`super::SDK_STDIO_RUNS_CMD_SHIMS`]): packages/core/package.json pins
/// `"@modelcontextprotocol/sdk": "1.23.0"` (line 34; `^1.11.0` from the package's first commit
/// 21fba832d1, 2025-05-30).
pub fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::Terminal,
        expansion: Expansion::Gemini,
        honours_cwd: true,
        wraps_cmd_shims: super::SDK_STDIO_RUNS_CMD_SHIMS,
        runs_cmd_paths: super::SDK_STDIO_RUNS_CMD_SHIMS,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

/// The extension that provides the server `name`, as the path of its `gemini-extension.json`.
/// Gemini CLI loads every folder of `~/.gemini/extensions` (extension-manager.ts
/// `loadExtensions`, storage.ts `getExtensionsDir`), reads its `gemini-extension.json` with
/// `JSON.parse` (`loadExtensionConfig`), and merges a settings entry of the same name onto the
/// extension's server, the entry's keys winning (mcp-client-manager.ts `maybeDiscoverMcpServer`,
/// `mergeMcpConfigs`): so an entry may hold only `excludeTools` or `env` ("Overriding extension
/// configurations" in docs/tools/mcp-server.md). An extension installed with `--link` keeps its
/// file at the linked source, which is not followed here.
pub fn extension_server(m: &Machine, name: &str) -> Option<PathBuf> {
    super::extension_manifest(
        &m.home.join(DIR).join("extensions"),
        "gemini-extension.json",
        |t| {
            serde_json::from_str::<serde_json::Value>(t)
                .is_ok_and(|v| v.get("mcpServers").and_then(|s| s.get(name)).is_some())
        },
    )
}

/// Where it keeps the OAuth tokens of remote servers (storage.ts `getMcpOAuthTokensPath`).
pub fn token_store(home: &Path) -> PathBuf {
    home.join(DIR).join("mcp-oauth-tokens.json")
}

/// How a user signs in to a remote server again: `/mcp auth <name>` (GEM mcp-server.md, OAuth
/// section; reference §8).
pub fn reauth_step(server: &str) -> String {
    format!("run /mcp auth {server}")
}

/// It connects to remote servers itself, from Node: Node's CA list applies.
pub const CONNECTS_FROM_NODE: bool = true;

/// Variables a project's plain `.env` may not set (settings.ts `DEFAULT_EXCLUDED_ENV_VARS`,
/// applied when the file found is not under `.gemini/`).
const EXCLUDED_FROM_PROJECT_ENV: &[&str] = &["DEBUG", "DEBUG_MODE"];

/// What an unset variable becomes (envVarResolver.ts keeps the placeholder; mcp-client.ts expands
/// `env` values and `headers` again when it starts the server, with dotenv-expand, where a missing
/// variable is empty: envExpansion.ts).
pub fn unset_becomes_empty(is_env_or_header: bool) -> bool {
    is_env_or_header
}

/// The one `.env` file Gemini CLI loads for a workspace (settings.ts `findEnvFile`): from the
/// workspace folder upwards, `<dir>/.gemini/.env` and then `<dir>/.env`; past the root,
/// `~/.gemini/.env` and then `~/.env`. The first that exists wins. (Untrusted folders and
/// `--ignore-env` narrow this; the doctor assumes a trusted folder.)
pub fn env_file(m: &Machine, workspace: &Path) -> Option<PathBuf> {
    for dir in machine::ancestors(workspace) {
        for cand in [dir.join(DIR).join(".env"), dir.join(".env")] {
            if cand.is_file() {
                return Some(cand);
            }
        }
    }
    [m.home.join(DIR).join(".env"), m.home.join(".env")]
        .into_iter()
        .find(|p| p.is_file())
}

/// The variables that file adds: parsed as dotenv does, and never overriding a variable already
/// set in the environment (settings.ts `loadEnvironment`: `if (!Object.hasOwn(process.env, key))`).
#[derive(Default, Debug)]
pub struct EnvFile {
    pub path: Option<PathBuf>,
    pub vars: HashMap<String, String>,
}

impl EnvFile {
    pub fn load(m: &Machine, workspace: &Path) -> EnvFile {
        let Some(path) = env_file(m, workspace) else {
            return EnvFile::default();
        };
        let project = !path
            .components()
            .any(|c| c.as_os_str() == std::ffi::OsStr::new(DIR));
        let mut vars = HashMap::new();
        // A file larger than this is not a dotenv file anyone wrote by hand.
        let small = std::fs::metadata(&path).is_ok_and(|md| md.len() <= 1 << 20);
        if small {
            if let Ok(iter) = dotenvy::from_path_iter(&path) {
                for (k, v) in iter.flatten() {
                    if project && EXCLUDED_FROM_PROJECT_ENV.contains(&k.as_str()) {
                        continue;
                    }
                    if m.env.get(&k).is_none() {
                        vars.insert(k, v);
                    }
                }
            }
        }
        EnvFile {
            path: Some(path),
            vars,
        }
    }
}
