//! Claude Code (the `claude` CLI and its IDE extensions): every fact the doctor uses about it, each
//! with its source. "§2.x" is a section of `shared/reference/clients.md`, which gives the primary
//! sources (CC-MCP: code.claude.com/docs/en/mcp, CC-DBG, CC-MANAGED, CC-SETREF).
use super::ClientId;
use super::{StartupTimeout, Files, Client, Dialect, Expansion, Launch, Layout, Location, Profile, Remote, Scope};
use crate::machine::{Machine, Os};
use std::path::{Path, PathBuf};

pub const ID: ClientId = ClientId::ClaudeCode;
/// Where this client comes in the registry (the order `check` lists clients in).
pub const ORDER: u8 = 2;

pub static CLIENT: Client = Client {
    id: ID,
    slug: "claude-code",
    title: "Claude Code",
    profile,
    // "Server env = Claude Code's own environment minus variables it strips ..., plus `env`" (§2.2).
    servers_inherit_full_env: true,
    macos_app: None,
    windows_exe: None,
    url_keys: &["url"],
    headers_key: "headers",
    // `stdio` (default), `http` (alias `streamable-http`), `sse`, `ws` (§2.2).
    transports: &["stdio", "sse", "http", "ws", "streamable-http"],
    transports_exact: false,
    // "A `url` with no `type` is an error (read as stdio)" (§2.2).
    remote: Remote::UntypedIsStdio,
    command_alias: None,
    env_alias: None,
    env_values_coerced: false,
    path_before: None,
    command_object: false,
    entry_keys: &[],
    inputs_list: false,
    // "servers start in the directory `claude` was launched from, and relative paths in
    // `command`/`args` resolve there" (§2.2, CC-DBG).
    project_relative_paths: true,
    project_file_from_start_folder: false,
    relative_cwd_from_project_folder: false,
    user_servers_start_in_home: false,
    missing_cwd_falls_back: false,
    start_folder,
    fixed_cwd: super::no_fixed_cwd,
    // "Precedence when a name repeats: local > project > user" (§2.1, CC-MCP).
    precedence: Some("Claude Code uses local > project > user"),
    // The CLI is a Node program; it connects to remote servers itself.
    connects_from_node: true,
    fix_edits: true,
    extension_server: None,
    // The TypeScript SDK's StdioClientTransport hands a line that does not parse to `onerror`
    // and reads on (modelcontextprotocol/typescript-sdk src/client/stdio.ts, `processReadBuffer`),
    // and Claude Code stays connected: a server that prints a banner on stdout connects fine
    // (measured, issue 16).
    skips_stdout_noise: true,
    // `MCP_TIMEOUT` (milliseconds) sets how long Claude Code waits for a server to start
    // (code.claude.com/docs/en/mcp, "Configure MCP server startup timeout using the MCP_TIMEOUT
    // environment variable (e.g., MCP_TIMEOUT=10000 claude)"); values over 60 s are not obeyed
    // (anthropics/claude-code#16837, 2026-01: "Connection failed after 60031ms").
    startup_timeout: Some(StartupTimeout {
        how: "Claude Code: the `MCP_TIMEOUT` environment variable, in milliseconds, up to 60000",
        command: Some(("MCP_TIMEOUT=60000 claude", "$env:MCP_TIMEOUT=60000; claude")),
    }),
    files: Files {
        user: user_locations,
        in_editor: None,
        project: |m, d| project_locations(m, d).into(),
    },
};

/// Strict JSON (§2.1: "`~/.claude.json` is rewritten by the app ... Strict JSON").
pub const DIALECT: Dialect = Dialect::StrictJson;

/// How it starts servers: from the terminal's environment; `${VAR}` and `${VAR:-default}` expanded
/// (§2.3); `cwd` "is silently ignored" (§2.2: anthropics/claude-code#17565, #42883, #54786); no
/// `.cmd` handling of its own (§2.8): its own config diagnostics warn "Windows requires 'cmd /c'
/// wrapper to execute npx" on a bare `npx` (v2.1.116, anthropics/claude-code#51749, April 2026),
/// and a bare `npx` still fails with ENOENT in 2026 (anthropics/claude-plugins-official#4589,
/// July 2026; anthropics/claude-code#58510).
fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::Terminal,
        expansion: Expansion::ClaudeCode,
        honours_cwd: false,
        wraps_cmd_shims: false,
        runs_cmd_paths: false,
        runs_command_line: false,
        expands_tilde: false,
        starts_through_shell: false,
    }
}

fn start_folder(_: Os) -> &'static str {
    "the folder `claude` was started from"
}

/// Where it keeps the OAuth tokens of remote servers on Linux and Windows: the `mcpOAuth` object
/// of `~/.claude/.credentials.json` (§2.7: CC-AUTH; anthropics/claude-code#43000, #84274). (On
/// macOS the credential is in the Keychain, which the doctor does not read.)
pub fn token_store(home: &Path) -> PathBuf {
    home.join(".claude").join(".credentials.json")
}

/// The folder of its per-server MCP logs, `<slug>/mcp-logs-<server>/` below (§2.6): macOS
/// `~/Library/Caches/claude-cli-nodejs` (anthropics/claude-code#72), Linux
/// `~/.cache/claude-cli-nodejs` (SpartanLabsXyz/simmer-sdk#331), Windows
/// `%LOCALAPPDATA%\claude-cli-nodejs\Cache` (unconfirmed).
pub fn mcp_log_dir(m: &Machine) -> Option<PathBuf> {
    match m.os {
        Os::Macos => Some(m.home.join("Library/Caches/claude-cli-nodejs")),
        Os::Linux => Some(m.xdg_cache().join("claude-cli-nodejs")),
        Os::Windows => m
            .local_appdata()
            .map(|l| l.join("claude-cli-nodejs").join("Cache")),
    }
}

/// The folder of its session debug logs: `CLAUDE_CODE_DEBUG_LOGS_DIR`, else `~/.claude/debug`
/// (§2.6: CC-CLI, CC-DBG).
pub fn debug_log_dir(m: &Machine) -> PathBuf {
    m.env
        .non_empty("CLAUDE_CODE_DEBUG_LOGS_DIR")
        .and_then(|d| m.to_host(d))
        .unwrap_or_else(|| m.home.join(".claude").join("debug"))
}

/// How a user signs in to a remote server again: `/mcp` "status, approve, reconnect,
/// authenticate" (§2.6, CC-MCP).
pub fn reauth_step(server: &str) -> String {
    format!("run /mcp, select `{server}` and choose Authenticate")
}

/// How long it waits for a server to start: `MCP_TIMEOUT`, "default 30000 ms" (§2.5, CC-ENV).
pub const STARTUP_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// With `managed-mcp.json` present, it "has exclusive control over MCP servers" (§2.4, CC-MANAGED).
pub const MANAGED_IS_EXCLUSIVE: bool = true;

/// The user's files (§2.1): `~/.claude.json` (user scope at the top, local scope under
/// `projects`), the managed file of the OS (CC-MANAGED), and `~/.claude/settings.json`, which does
/// not read `mcpServers` (CC-DBG).
pub fn user_locations(m: &Machine) -> Vec<Location> {
    let home = &m.home;
    let managed = match m.os {
        Os::Macos => "/Library/Application Support/ClaudeCode/managed-mcp.json",
        Os::Linux => "/etc/claude-code/managed-mcp.json",
        Os::Windows => "C:\\Program Files\\ClaudeCode\\managed-mcp.json",
    };
    vec![
        Location::at(m, ID, Scope::User, home.join(".claude.json"), DIALECT, Layout::ClaudeJson),
        Location::system(m, ID, managed, DIALECT, Layout::McpServers),
        Location::at(m, ID, Scope::User, home.join(".claude").join("settings.json"), DIALECT, Layout::Ignored { key: "mcpServers" })
            .ignored("Claude Code does not read MCP servers from settings.json; they belong in ~/.claude.json (`claude mcp add --scope user`) or a project's .mcp.json"),
    ]
}

/// A project's `.mcp.json`, at the project root and "not inside `.claude/`" (§2.1, CC-MCP, CC-DBG).
pub fn project_locations(m: &Machine, dir: &Path) -> [Location; 2] {
    [
        Location::at(
            m,
            ID,
            Scope::Project,
            dir.join(".mcp.json"),
            DIALECT,
            Layout::McpServers,
        ),
        Location::at(
            m,
            ID,
            Scope::Project,
            dir.join(".claude").join(".mcp.json"),
            DIALECT,
            Layout::McpServers,
        )
        .ignored(
            "Claude Code reads a project's .mcp.json at the project root, not inside .claude/",
        ),
    ]
}

/// Whether it has approved a project-scoped server: `enableAllProjectMcpServers` or the name in
/// `enabledMcpjsonServers` (§2.4, CC-SETREF), in the user's or the project's settings files or in
/// the project's entry of `~/.claude.json`.
pub fn approved(m: &Machine, name: &str, project: Option<&str>) -> bool {
    let ok = |v: &serde_json::Value| {
        v.get("enableAllProjectMcpServers")
            .and_then(|b| b.as_bool())
            == Some(true)
            || v.get("enabledMcpjsonServers")
                .and_then(|a| a.as_array())
                .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(name)))
    };
    let read = |p: PathBuf| {
        crate::machine::read_side_file(&p)
            .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
    };
    let project_host = project.and_then(|p| m.to_host(p));
    let mut files = vec![
        m.home.join(".claude").join("settings.json"),
        m.home.join(".claude").join("settings.local.json"),
    ];
    if let Some(p) = &project_host {
        files.push(p.join(".claude").join("settings.local.json"));
        files.push(p.join(".claude").join("settings.json"));
    }
    if files.into_iter().filter_map(read).any(|v| ok(&v)) {
        return true;
    }
    read(m.home.join(".claude.json"))
        .and_then(|v| {
            v.get("projects")
                .and_then(|p| project.and_then(|k| p.get(k)))
                .cloned()
        })
        .is_some_and(|v| ok(&v))
}
