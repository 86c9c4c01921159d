//! The MCP clients: where each keeps its config on each OS, in which dialect, under which key,
//! and how it starts servers (which PATH, what it expands). Facts come from
//! `shared/reference/clients.md`; where that marks a fact unconfirmed, the code says so.
use crate::finding::ClientId;
use crate::machine::{self, Machine, Os};
use regex::Regex;
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub mod cline;
pub mod codex;
pub mod gemini_cli;
pub mod roo_code;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// Claude Code's per-project entries in `~/.claude.json`.
    Local,
    /// A file in a project folder (`.mcp.json`, `.cursor/mcp.json`, ...).
    Project,
    /// The user's own file.
    User,
    /// An administrator's file that the client reads for every user.
    Managed,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Local => "local",
            Scope::Project => "project",
            Scope::User => "user",
            Scope::Managed => "managed",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// `JSON.parse`: no comments, no trailing commas, no BOM.
    StrictJson,
    /// JSON with comments and trailing commas (VS Code-style parsers).
    Jsonc,
    Toml,
    /// YAML (Continue, Goose): read and checked, never edited by `fix`.
    Yaml,
}

/// Where the servers are in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// `{"mcpServers": {name: entry}}`.
    McpServers,
    /// `~/.claude.json`: `mcpServers` (user scope) and `projects[path].mcpServers` (local scope).
    ClaudeJson,
    /// VS Code's `mcp.json`: `{"servers": {...}, "inputs": [...]}`.
    VscodeServers,
    /// Zed's settings: `context_servers`.
    Zed,
    /// Codex's `config.toml`: `[mcp_servers.<name>]`.
    Codex,
    /// Continue's `config.yaml` and workspace blocks: `mcpServers:` is a list of entries, each
    /// with a `name`.
    Continue,
    /// Goose's `config.yaml`: `extensions:` is a map by id; `cmd`, `envs`, `enabled`, `uri`.
    Goose,
    /// A settings file where servers are NOT read from; `key` holds them by mistake.
    Ignored { key: &'static str },
}

/// How the client's own process got its environment, which decides the PATH servers inherit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Launch {
    /// Run from a terminal: the shell's PATH.
    Terminal,
    /// A GUI app that loads the login shell's environment at start (VS Code and its forks, Zed).
    GuiShellEnv,
    /// A GUI app started by the desktop with the system's default PATH (Claude Desktop on macOS
    /// and Linux).
    GuiPlain,
}

/// Which `${...}` forms the client expands in an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expansion {
    /// Nothing: `${HOME}` stays literal.
    None,
    /// Claude Code: `${VAR}` and `${VAR:-default}` in command, args, env, url, headers.
    ClaudeCode,
    /// VS Code, Cursor, Windsurf: `${env:VAR}`, `${userHome}`, `${workspaceFolder}`, `${input:id}`.
    Vscode,
    /// Roo Code: `${env:VAR}` and `${workspaceFolder}` only; an unset variable stays as written.
    VscodeKeepUnset,
    /// Gemini CLI: `$VAR` and `${VAR}` in env values.
    Gemini,
    /// Continue: `${{ secrets.NAME }}` (and `${{ inputs.NAME }}`) templates, filled in by Continue
    /// from its secret store; the doctor cannot know their values.
    Continue,
}

/// A VS Code extension's file under an editor's `User` folder:
/// `globalStorage/<extension folder>/<file…>` (Cline and Roo Code keep their servers there).
pub(crate) fn extension_file(
    editor_user_dir: &std::path::Path,
    extension_folder: &str,
    file: [&str; 2],
) -> std::path::PathBuf {
    editor_user_dir
        .join("globalStorage")
        .join(extension_folder)
        .join(file[0])
        .join(file[1])
}

/// `${VAR}` and `${VAR:-default}` (Claude Code; Gemini CLI in env values).
pub static CC_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}").expect("regex"));
/// VS Code-style `${kind}` and `${kind:arg}` (`${env:VAR}`, `${input:id}`, `${userHome}`).
pub static VS_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Za-z]+)(?::([^}]*))?\}").expect("regex"));

/// Continue's `${{ secrets.NAME }}` templates.
pub static CONTINUE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{\{\s*([^{}]*?)\s*\}\}").expect("regex"));

/// How a client behaves when it starts a server.
#[derive(Clone, Copy, Debug)]
pub struct Profile {
    pub launch: Launch,
    pub expansion: Expansion,
    /// Whether a `cwd` key in an entry is honoured.
    pub honours_cwd: bool,
    /// Whether it starts `.cmd` shims (npx, npm, pnpm, yarn) on Windows without a `cmd /c` wrapper.
    pub wraps_cmd_shims: bool,
    /// Whether on Windows it starts a `command` that is the full path of a `.cmd`/`.bat` file.
    pub runs_cmd_paths: bool,
}

pub fn profile(c: ClientId, os: Os) -> Profile {
    let gui_plain = if os.is_windows() {
        Launch::Terminal
    } else {
        Launch::GuiPlain
    };
    match c {
        ClientId::ClaudeDesktop => Profile {
            launch: gui_plain,
            expansion: Expansion::None,
            honours_cwd: false,
            // The app runs npx through cmd.exe itself (reference §1.4, unconfirmed for all builds).
            wraps_cmd_shims: true,
            runs_cmd_paths: true,
        },
        ClientId::ClaudeCode => Profile {
            launch: Launch::Terminal,
            expansion: Expansion::ClaudeCode,
            honours_cwd: false,
            wraps_cmd_shims: false,
            runs_cmd_paths: false,
        },
        ClientId::Cursor | ClientId::Vscode | ClientId::Windsurf => Profile {
            launch: Launch::GuiShellEnv,
            expansion: Expansion::Vscode,
            honours_cwd: true,
            wraps_cmd_shims: c == ClientId::Vscode,
            runs_cmd_paths: c == ClientId::Vscode,
        },
        ClientId::RooCode => roo_code::profile(os),
        ClientId::Cline => cline::profile(os),
        ClientId::Zed => Profile {
            launch: Launch::GuiShellEnv,
            expansion: Expansion::None,
            honours_cwd: false,
            wraps_cmd_shims: false,
            runs_cmd_paths: false,
        },
        ClientId::GeminiCli => gemini_cli::profile(os),
        ClientId::Continue => Profile {
            launch: Launch::Terminal,
            expansion: Expansion::Continue,
            honours_cwd: true,
            wraps_cmd_shims: false,
            runs_cmd_paths: false,
        },
        ClientId::Codex => codex::profile(os),
        ClientId::Goose => Profile {
            launch: Launch::Terminal,
            expansion: Expansion::None,
            honours_cwd: true,
            wraps_cmd_shims: false,
            runs_cmd_paths: false,
        },
    }
}

/// One place a client may keep its MCP config.
#[derive(Clone, Debug)]
pub struct Location {
    pub client: ClientId,
    pub scope: Scope,
    /// On this machine; `None` when the place cannot be checked here (another OS's system folder).
    pub host: Option<PathBuf>,
    /// As the diagnosed OS spells it.
    pub spelled: String,
    pub dialect: Dialect,
    pub layout: Layout,
    /// The project folder (spelled) of a project-scoped file.
    pub project: Option<String>,
    /// Why the client never reads this file, when it does not.
    pub ignored: Option<String>,
}

impl Location {
    fn at(
        m: &Machine,
        client: ClientId,
        scope: Scope,
        host: PathBuf,
        dialect: Dialect,
        layout: Layout,
    ) -> Location {
        let spelled = m.spell(&host);
        Location {
            client,
            scope,
            host: Some(host),
            spelled,
            dialect,
            layout,
            project: None,
            ignored: None,
        }
    }

    /// A system location given in the target's spelling (mapped under `--root`, if any).
    fn system(
        m: &Machine,
        client: ClientId,
        spelled: &str,
        dialect: Dialect,
        layout: Layout,
    ) -> Location {
        Location {
            client,
            scope: Scope::Managed,
            host: m.to_host(spelled),
            spelled: spelled.to_string(),
            dialect,
            layout,
            project: None,
            ignored: None,
        }
    }

    fn in_project(mut self, m: &Machine, dir: &Path) -> Location {
        self.scope = Scope::Project;
        self.project = Some(m.spell(dir));
        self
    }

    fn ignored(mut self, why: impl Into<String>) -> Location {
        self.ignored = Some(why.into());
        self
    }
}

/// The MSIX package folder of Claude Desktop on Windows.
pub const CLAUDE_MSIX_PACKAGE: &str = "Claude_pzs8sxrjxfjjc";

/// Every location of every client for the machine's OS, including project files found from the
/// working folder upwards.
pub fn locations(m: &Machine) -> Vec<Location> {
    use ClientId::*;
    use Dialect::*;
    use Layout::{ClaudeJson, Ignored, McpServers, VscodeServers};
    let mut v: Vec<Location> = Vec::new();
    let home = &m.home;
    let app = m.app_config_dir();

    // Claude Desktop.
    match m.os {
        Os::Macos | Os::Linux => {
            if let Some(app) = &app {
                v.push(Location::at(
                    m,
                    ClaudeDesktop,
                    Scope::User,
                    app.join("Claude").join("claude_desktop_config.json"),
                    StrictJson,
                    McpServers,
                ));
            }
        }
        Os::Windows => {
            let local = m.local_appdata();
            let msix_pkg = local
                .as_ref()
                .map(|l| l.join("Packages").join(CLAUDE_MSIX_PACKAGE));
            let msix = msix_pkg.as_ref().is_some_and(|p| p.is_dir());
            let classic_install = local
                .as_ref()
                .is_some_and(|l| l.join("AnthropicClaude").is_dir());
            if let Some(appdata) = m.appdata() {
                let mut loc = Location::at(
                    m,
                    ClaudeDesktop,
                    Scope::User,
                    appdata.join("Claude").join("claude_desktop_config.json"),
                    StrictJson,
                    McpServers,
                );
                if msix && !classic_install {
                    loc = loc.ignored(format!(
                        "Claude Desktop is installed as an MSIX package, which reads {} instead (Windows redirects the app's %APPDATA%)",
                        "%LOCALAPPDATA%\\Packages\\Claude_pzs8sxrjxfjjc\\LocalCache\\Roaming\\Claude\\claude_desktop_config.json"
                    ));
                }
                v.push(loc);
            }
            if let Some(pkg) = msix_pkg {
                let mut loc = Location::at(
                    m,
                    ClaudeDesktop,
                    Scope::User,
                    pkg.join("LocalCache")
                        .join("Roaming")
                        .join("Claude")
                        .join("claude_desktop_config.json"),
                    StrictJson,
                    McpServers,
                );
                if !msix {
                    loc = loc.ignored("Claude Desktop is not installed as an MSIX package here, so it reads %APPDATA%\\Claude instead");
                }
                v.push(loc);
            }
        }
    }

    // Claude Code.
    v.push(Location::at(
        m,
        ClaudeCode,
        Scope::User,
        home.join(".claude.json"),
        StrictJson,
        ClaudeJson,
    ));
    let managed = match m.os {
        Os::Macos => "/Library/Application Support/ClaudeCode/managed-mcp.json",
        Os::Linux => "/etc/claude-code/managed-mcp.json",
        Os::Windows => "C:\\Program Files\\ClaudeCode\\managed-mcp.json",
    };
    v.push(Location::system(
        m, ClaudeCode, managed, StrictJson, McpServers,
    ));
    v.push(
        Location::at(m, ClaudeCode, Scope::User, home.join(".claude").join("settings.json"), StrictJson, Ignored { key: "mcpServers" })
            .ignored("Claude Code does not read MCP servers from settings.json; they belong in ~/.claude.json (`claude mcp add --scope user`) or a project's .mcp.json"),
    );

    // Cursor.
    v.push(Location::at(
        m,
        Cursor,
        Scope::User,
        home.join(".cursor").join("mcp.json"),
        Jsonc,
        McpServers,
    ));

    // VS Code (stable and Insiders) and the extensions that live in its user folder.
    if let Some(app) = &app {
        for (editor, is_cursor) in [
            ("Code", false),
            ("Code - Insiders", false),
            ("Cursor", true),
            ("Windsurf", true),
        ] {
            let user = app.join(editor).join("User");
            if !is_cursor {
                v.push(Location::at(
                    m,
                    Vscode,
                    Scope::User,
                    user.join("mcp.json"),
                    Jsonc,
                    VscodeServers,
                ));
                v.push(
                    Location::at(m, Vscode, Scope::User, user.join("settings.json"), Jsonc, Ignored { key: "mcp" })
                        .ignored("VS Code reads MCP servers only from mcp.json (since 1.102); the `mcp` key of settings.json is ignored"),
                );
            }
            v.push(cline::user_location(m, &user));
            v.push(roo_code::user_location(m, &user));
        }
    }

    // Windsurf (and its JetBrains plugin).
    v.push(Location::at(
        m,
        Windsurf,
        Scope::User,
        home.join(".codeium")
            .join("windsurf")
            .join("mcp_config.json"),
        Jsonc,
        McpServers,
    ));
    v.push(Location::at(
        m,
        Windsurf,
        Scope::User,
        home.join(".codeium").join("mcp_config.json"),
        Jsonc,
        McpServers,
    ));

    // Zed.
    let zed = match m.os {
        Os::Macos => Some(home.join(".config").join("zed").join("settings.json")),
        Os::Linux => Some(m.xdg_config().join("zed").join("settings.json")),
        Os::Windows => m.appdata().map(|a| a.join("Zed").join("settings.json")),
    };
    if let Some(z) = zed {
        v.push(Location::at(
            m,
            ClientId::Zed,
            Scope::User,
            z,
            Jsonc,
            Layout::Zed,
        ));
    }

    // Gemini CLI.
    v.push(gemini_cli::user_location(m));
    v.push(gemini_cli::system_location(m));

    // Codex CLI.
    v.push(codex::user_location(m));

    // Continue and Goose (YAML).
    v.push(Location::at(
        m,
        Continue,
        Scope::User,
        home.join(".continue").join("config.yaml"),
        Yaml,
        Layout::Continue,
    ));
    // Goose: `~/.config/goose/config.yaml` on macOS and Linux, `%APPDATA%\Block\goose\config\
    // config.yaml` on Windows (goose's docs, guides/config-files).
    let goose = if m.os.is_windows() {
        m.appdata().map(|a| {
            a.join("Block")
                .join("goose")
                .join("config")
                .join("config.yaml")
        })
    } else {
        Some(m.xdg_config().join("goose").join("config.yaml"))
    };
    if let Some(p) = goose {
        v.push(Location::at(m, Goose, Scope::User, p, Yaml, Layout::Goose));
    }

    // Project files, from the working folder upwards.
    for dir in machine::ancestors(&m.cwd) {
        let is_home = dir == m.home.as_path();
        let mut add = |loc: Location| v.push(loc.in_project(m, dir));
        add(Location::at(
            m,
            ClaudeCode,
            Scope::Project,
            dir.join(".mcp.json"),
            StrictJson,
            McpServers,
        ));
        add(Location::at(
            m,
            ClaudeCode,
            Scope::Project,
            dir.join(".claude").join(".mcp.json"),
            StrictJson,
            McpServers,
        )
        .ignored(
            "Claude Code reads a project's .mcp.json at the project root, not inside .claude/",
        ));
        add(Location::at(
            m,
            Vscode,
            Scope::Project,
            dir.join(".vscode").join("mcp.json"),
            Jsonc,
            VscodeServers,
        ));
        add(roo_code::project_location(m, dir));
        add(Location::at(
            m,
            ClientId::Zed,
            Scope::Project,
            dir.join(".zed").join("settings.json"),
            Jsonc,
            Layout::Zed,
        ));
        // Continue's workspace blocks: every YAML file in `.continue/mcpServers/`, and JSON files
        // dropped there as copied from Claude Desktop, Cursor or Cline (`{"mcpServers": {...}}`).
        for (f, yaml) in continue_blocks(&dir.join(".continue").join("mcpServers")) {
            add(if yaml {
                Location::at(m, Continue, Scope::Project, f, Yaml, Layout::Continue)
            } else {
                Location::at(m, Continue, Scope::Project, f, Jsonc, McpServers)
            });
        }
        if let Some(loc) = gemini_cli::project_location(m, dir) {
            add(loc);
        }
        if let Some(loc) = codex::project_location(m, dir) {
            add(loc);
        }
        if !is_home {
            // In the home folder these are the user files, listed above.
            add(Location::at(
                m,
                Cursor,
                Scope::Project,
                dir.join(".cursor").join("mcp.json"),
                Jsonc,
                McpServers,
            ));
        }
    }
    let mut seen = std::collections::HashSet::new();
    v.retain(|l| match &l.host {
        Some(h) => seen.insert(h.clone()),
        None => true,
    });
    v
}

/// The block files of a Continue `mcpServers` folder, sorted (at most 200): YAML (`true`) or JSON.
fn continue_blocks(dir: &Path) -> Vec<(PathBuf, bool)> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<(PathBuf, bool)> = rd
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let ext = p.extension()?.to_str()?.to_ascii_lowercase();
            match ext.as_str() {
                "yaml" | "yml" => Some((p, true)),
                "json" => Some((p, false)),
                _ => None,
            }
        })
        .collect();
    v.sort();
    v.truncate(200);
    v
}

/// The PATH (target spelling) a client's servers inherit, before the entry's own `env.PATH`.
pub fn spawn_path(m: &Machine, c: ClientId) -> Vec<String> {
    match profile(c, m.os).launch {
        Launch::GuiPlain => m.gui_path(),
        Launch::Terminal | Launch::GuiShellEnv => m.shell_path(),
    }
}
