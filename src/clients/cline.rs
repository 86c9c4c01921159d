//! Cline, the VS Code extension `saoudrizwan.claude-dev`: every fact the doctor uses about it, each
//! with its source. "schemas.ts" is `src/services/mcp/schemas.ts` of github.com/cline/cline.
use super::{Dialect, Expansion, Launch, Layout, Location, Profile, Scope};
use crate::finding::ClientId;
use crate::machine::{Machine, Os};
use std::path::Path;

pub const ID: ClientId = ClientId::Cline;
/// The contract's client id.
pub const SLUG: &str = "cline";
pub const TITLE: &str = "Cline";

/// The extension's folder under an editor's `User/globalStorage`.
pub const EXTENSION_FOLDER: &str = "saoudrizwan.claude-dev";
/// `<globalStorage>/settings/cline_mcp_settings.json`.
pub const USER_FILE: [&str; 2] = ["settings", "cline_mcp_settings.json"];
pub const DIALECT: Dialect = Dialect::StrictJson;
/// `McpSettingsSchema = z.object({ mcpServers: z.record(ServerConfigSchema) })` (schemas.ts).
pub const LAYOUT: Layout = Layout::McpServers;

/// The `type` values, compared exactly: `z.literal("stdio")`, `z.literal("sse")`,
/// `z.literal("streamableHttp")` (schemas.ts; the legacy `transportType` field takes `"http"`).
pub const TRANSPORTS: &[&str] = &["stdio", "sse", "streamableHttp"];
/// A `url` without `type` is SSE: the SSE schema is listed before Streamable HTTP "so that when
/// type is not specified, it will default to sse" (schemas.ts).
pub const URL_WITHOUT_TYPE_IS_SSE: bool = true;
/// What to add for a Streamable HTTP server.
pub const STREAMABLE_HTTP: &str = "streamableHttp";

/// It runs in VS Code's extension host (the login shell's environment), honours `cwd`, and
/// expands nothing in an entry.
pub fn profile(_os: Os) -> Profile {
    Profile {
        launch: Launch::GuiShellEnv,
        expansion: Expansion::None,
        honours_cwd: true,
        wraps_cmd_shims: false,
        runs_cmd_paths: false,
    }
}

/// The app whose identity the platform checks look at: the editor that hosts the extension.
pub const MACOS_APP: &str = "Visual Studio Code.app";
pub const WINDOWS_EXE: &str = "code.exe";

/// The user file in one editor's `User` folder (VS Code, Insiders, Cursor, Windsurf all host it).
pub fn user_location(m: &Machine, editor_user_dir: &Path) -> Location {
    let p = super::extension_file(editor_user_dir, EXTENSION_FOLDER, USER_FILE);
    Location::at(m, ID, Scope::User, p, DIALECT, LAYOUT)
}
