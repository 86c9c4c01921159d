//! Facts taken from the clients' and bridges' own source, each through the binary on a fixture
//! home (issue 14, "Why"): what the client accepts is not reported, what it rejects still is.
mod common;
use common::{doctor, home, with_rule};
use serde_json::Value;

fn finding<'a>(r: &'a Value, rule: &str, server: &str) -> Vec<&'a Value> {
    with_rule(r, rule)
        .into_iter()
        .filter(|f| f["server"] == server)
        .collect()
}

/// Asserts that `server` has no finding of `rule`.
#[track_caller]
fn no_finding(r: &Value, rule: &str, server: &str) {
    assert!(finding(r, rule, server).is_empty(), "{:?}", r["findings"]);
}

/// Asserts that `server` has exactly one finding of `rule`.
#[track_caller]
fn one_finding(r: &Value, rule: &str, server: &str) {
    assert_eq!(finding(r, rule, server).len(), 1, "{:?}", r["findings"]);
}

fn rules_for(r: &Value, server: &str) -> Vec<String> {
    common::rules_of(r, server)
}

/// Roo Code's `type` is `z.enum(["streamable-http"])` (McpHub.ts): its spelling is valid, Cline's
/// `streamableHttp` is not, and a `url` without `type` is refused rather than read as SSE.
/// `check --json` of a Linux home without the platform checks, on a PATH where no launcher is.
fn linux_check(home: &std::path::Path) -> common::Run {
    doctor(home, &["check", "--os", "linux", "--json", "--no-platform"])
        .env("PATH", "/nonexistent-bin")
}

/// The scopes of a client's config files that were read (`"ok"`), in the report's order.
fn ok_scopes<'a>(r: &'a Value, client: &str) -> Vec<&'a str> {
    r["configs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["client"] == client && c["status"] == "ok")
        .map(|c| c["scope"].as_str().unwrap())
        .collect()
}

/// [`linux_check`] started in the home's `proj` folder (where a client's project files are
/// found), with `extra` variables set: the report.
fn check_in_proj(home: &std::path::Path, extra: &[(&str, &str)]) -> Value {
    let mut d = linux_check(home).cwd(&home.join("proj"));
    for (k, v) in extra {
        d = d.env(k, v);
    }
    d.run().json()
}

#[test]
fn roo_code_transport_spellings_are_roos_own() {
    let h = home("facts-roo");
    let proj = h.path().join("proj");
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", "/nonexistent-bin")
        .cwd(&proj)
        .run()
        .json();
    assert!(rules_for(&r, "remote").is_empty(), "{:?}", r["findings"]);
    assert!(rules_for(&r, "legacy")
        .iter()
        .all(|x| x != "entry-shape" && x != "remote-missing-type"));
    let camel = finding(&r, "entry-shape", "cline-spelling");
    assert_eq!(camel.len(), 1, "{:?}", r["findings"]);
    assert!(camel[0]["message"]
        .as_str()
        .unwrap()
        .contains("stdio, sse, streamable-http"));
    let untyped = finding(&r, "remote-missing-type", "untyped");
    assert_eq!(untyped.len(), 1, "{:?}", r["findings"]);
    let msg = untyped[0]["message"].as_str().unwrap();
    assert!(msg.contains("refuses"), "{msg}");
    assert!(msg.contains("\"streamable-http\""), "{msg}");
    assert!(!msg.contains("streamableHttp"), "{msg}");
    let servers = r["servers"].as_array().unwrap();
    let remote = servers.iter().find(|s| s["name"] == "remote").unwrap();
    assert_eq!(remote["transport"], "http");
}

/// Gemini CLI loads `~/.gemini/.env` (settings.ts `findEnvFile`/`loadEnvironment`) and expands
/// `$VAR`, `${VAR}` and `${VAR:-default}` everywhere; an unset variable stays literal text except
/// in `env` and `headers`, which are expanded again at spawn and become empty.
#[test]
fn gemini_cli_reads_its_env_file_and_keeps_unset_variables_literal() {
    let h = home("facts-gemini");
    let bin = h.path().join("bin").display().to_string();
    let out = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .run();
    let r = out.json();
    // GITHUB_TOKEN is only in ~/.gemini/.env; GH_HOST has a default.
    no_finding(&r, "env-var-unset", "github");
    // `$GITHUB_TOKEN` is a reference, not a plaintext secret.
    assert!(finding(&r, "plaintext-secret", "github").is_empty());
    // The token from the .env file never reaches the output.
    assert!(!out.stdout.contains("ghp_0123456789"), "{}", out.stdout);
    let notes = finding(&r, "env-var-unset", "notes");
    let msgs: Vec<&str> = notes
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("$NOTES_DIR") && m.contains("the literal text \"$NOTES_DIR\"")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("${NOTES_KEY}") && m.contains("an empty value")),
        "{msgs:?}"
    );
    assert!(msgs.iter().all(|m| m.contains(".gemini/.env")), "{msgs:?}");
    // Gemini expands args itself: nothing says it does not.
    assert!(with_rule(&r, "env-not-expanded").is_empty());
    // Set in the environment, the variables are no longer reported.
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .env("NOTES_DIR", "/tmp")
        .env("NOTES_KEY", "k")
        .run()
        .json();
    assert!(
        with_rule(&r, "env-var-unset").is_empty(),
        "{:?}",
        r["findings"]
    );
}

/// Gemini CLI falls back to SSE only for a `url` without `type` (google-gemini/gemini-cli
/// packages/core/src/tools/mcp-client.ts, `connectToMcpServer`): `httpUrl` or `"type": "http"`
/// to a `/sse` path speaks Streamable HTTP to what is, by convention, an SSE endpoint.
#[test]
fn gemini_streamable_http_to_an_sse_path_has_no_fallback() {
    let h = home("facts-gemini-remote");
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .run()
        .json();
    for s in ["http-sse", "typed-http-sse"] {
        let f = finding(&r, "transport-path-mismatch", s);
        assert_eq!(f.len(), 1, "{s}: {:?}", r["findings"]);
        assert_eq!(f[0]["severity"], "warning");
    }
    let msg = finding(&r, "transport-path-mismatch", "http-sse")[0]["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        msg.contains("\"httpUrl\"") && msg.contains("no SSE fallback"),
        "{msg}"
    );
    for s in ["untyped-sse", "typed-sse", "http-mcp", "query-sse"] {
        assert!(
            finding(&r, "transport-path-mismatch", s).is_empty(),
            "{s}: {:?}",
            r["findings"]
        );
    }
}

/// mcp-remote replaces `${VAR}` in its own `--header` values from its environment
/// (src/lib/utils.ts `parseCommandLineArgs`): not the client's job, not an unexpanded reference.
#[test]
fn mcp_remote_expands_its_own_header_variables() {
    let h = home("facts-mcp-remote");
    let bin = h.path().join("bin").display().to_string();
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .env("AUTH_HEADER", "Bearer from-the-shell-0123")
        .run()
        .json();
    for s in ["linear", "from-shell", "missing"] {
        assert!(
            finding(&r, "env-not-expanded", s).is_empty(),
            "{s}: {:?}",
            r["findings"]
        );
    }
    assert!(finding(&r, "env-var-unset", "linear").is_empty());
    assert!(finding(&r, "env-var-unset", "from-shell").is_empty());
    let missing = finding(&r, "env-var-unset", "missing");
    assert_eq!(missing.len(), 1, "{:?}", r["findings"]);
    assert!(missing[0]["message"]
        .as_str()
        .unwrap()
        .contains("mcp-remote replaces it"));
    // The same text for a program that is not mcp-remote is still the client's to expand.
    assert_eq!(finding(&r, "env-not-expanded", "not-a-bridge").len(), 1);
}

/// VS Code reads a top-level `servers` from mcp.json; `{"mcp": {"servers": ...}}` is one level too
/// deep, and renaming `mcp` to `servers` would give `servers.servers`.
#[test]
fn vscode_mcp_wrapper_is_moved_up_not_renamed() {
    let h = home("facts-vscode-wrapper");
    let proj = h.path().join("proj");
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", "/nonexistent-bin")
        .cwd(&proj)
        .run()
        .json();
    let f = with_rule(&r, "top-key-misspelt");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    let msg = f[0]["message"].as_str().unwrap();
    let fix = f[0]["fix"]["summary"].as_str().unwrap();
    assert!(msg.contains("drop the \"mcp\" wrapper"), "{msg}");
    assert!(!fix.contains("Rename"), "{fix}");
    assert!(
        fix.contains("Move \"mcp.servers\" to a top-level \"servers\""),
        "{fix}"
    );
}

/// VS Code replaces a leading `~` of `command`, of each argument and of `cwd` with the home folder
/// (microsoft/vscode src/vs/workbench/api/node/extHostMcpNode.ts, `untildify` in `startNodeMpc`);
/// Cursor does not. A `~` after `--flag=` stays literal in both.
#[test]
fn vscode_expands_a_leading_tilde_and_cursor_does_not() {
    let h = home("facts-vscode-tilde");
    let bin = h.path().join("bin").display().to_string();
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &format!("{bin}:/usr/bin:/bin"))
        .run()
        .json();
    let vs = |server: &str| -> Vec<String> {
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["client"] == "vscode" && f["server"] == server)
            .filter(|f| f["severity"] != "note")
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(vs("script").is_empty(), "{:?}", r["findings"]);
    assert!(vs("program").is_empty(), "{:?}", r["findings"]);
    // Expanded, the path is judged as the file it names.
    assert_eq!(vs("missing"), ["path-missing"], "{:?}", r["findings"]);
    let flag: Vec<&Value> = finding(&r, "tilde-path", "flag");
    assert_eq!(flag.len(), 1, "{:?}", r["findings"]);
    assert!(flag[0]["message"]
        .as_str()
        .unwrap()
        .contains("only at the start of an argument"));
    let cursor: Vec<&Value> = finding(&r, "tilde-path", "script")
        .into_iter()
        .filter(|f| f["client"] == "cursor")
        .collect();
    assert_eq!(cursor.len(), 1, "{:?}", r["findings"]);
}

/// On Windows: Codex starts the full path of `npx.cmd`, as Rust runs `.cmd` files through cmd.exe
/// (codex-rs/rmcp-client), and a bare `npx`, which it resolves to `npx.cmd`; `cmd` is
/// `%ComSpec%`, always there.
#[test]
fn windows_codex_runs_cmd_shims_and_cmd_is_always_there() {
    let h = home("facts-windows");
    let r = doctor(h.path(), &["check", "--os", "windows", "--json"])
        .env("PATH", r"C:\Users\Bob\Tools\nodejs")
        .env("USERPROFILE", r"C:\Users\Bob")
        .run()
        .json();
    let codex: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["client"] == "codex")
        .collect();
    // The full path of npx.cmd starts, and so does a bare `npx`, which Codex resolves to
    // npx.cmd itself since openai/codex#3828 (program_resolver.rs).
    assert!(codex.is_empty(), "{codex:?}");
    let listed = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["client"] == "codex")
        .count();
    assert!(listed >= 2, "{:?}", r["servers"]);
    for s in ["wrapped", "comspec"] {
        assert!(
            finding(&r, "command-not-found", s).is_empty(),
            "{s}: {:?}",
            r["findings"]
        );
    }
    // Claude Code still cannot start a bare `npx` (a .cmd file) without cmd /c.
    let bare = finding(&r, "windows-npx", "bare");
    assert!(
        bare.iter().any(|f| f["client"] == "claude-code"),
        "{bare:?}"
    );
    // Behind `cmd /c` the program is looked up as cmd.exe does (PATHEXT finds `npx.cmd`): a
    // missing one is reported at the argument that names it, cmd's own commands are not programs.
    let missing = finding(&r, "command-not-found", "wrapped-missing");
    assert_eq!(missing.len(), 1, "{:?}", r["findings"]);
    let ev = &missing[0]["evidence"][0];
    let col = ev["column"].as_u64().unwrap() as usize;
    assert!(
        ev["text"].as_str().unwrap()[col - 1..].starts_with("\"uvx\""),
        "{ev:?}"
    );
    // The fix installs the tool named, not Node.js.
    assert_eq!(
        missing[0]["fix"]["commands"],
        serde_json::json!(["winget install --id=astral-sh.uv -e"]),
        "{missing:?}"
    );
    assert!(missing[0]["message"]
        .as_str()
        .unwrap()
        .contains("'uvx' is not recognized"));
    // `call` runs the program after it, in one argument or apart.
    let called = finding(&r, "command-not-found", "wrapped-call-missing");
    assert_eq!(called.len(), 1, "{:?}", r["findings"]);
    assert!(called[0]["message"]
        .as_str()
        .unwrap()
        .contains("'uvx' is not recognized"));
    // A PowerShell script is no program (README 388's `npx.ps1`).
    let ps1 = finding(&r, "powershell-script-command", "ps1-command");
    assert_eq!(ps1.len(), 1, "{:?}", r["findings"]);
    assert_eq!(ps1[0]["severity"], "error");
    assert!(
        ps1[0]["fix"]["summary"]
            .as_str()
            .unwrap()
            .contains("through PowerShell"),
        "{ps1:?}"
    );
    for s in ["wrapped-line", "wrapped-call"] {
        assert!(rules_for(&r, s).is_empty(), "{s}: {:?}", r["findings"]);
    }
    // PowerShell's `-File` operand is a script path: relative to the start folder, or missing.
    one_finding(&r, "relative-path", "ps-relative");
    one_finding(&r, "path-missing", "ps-missing");
}

/// Clients that start a bare `npx` (its `.cmd` shim) on Windows, each from its own source:
/// - Zed runs every custom server through the terminal's shell since zed-industries/zed#42382
///   (`ShellBuilder` in context_server's stdio_transport.rs; PowerShell by default), so a `.ps1`
///   command runs there too;
/// - Cline (apps/vscode/src/services/mcp/McpHub.ts) and Gemini CLI (packages/core/src/tools/
///   mcp-client.ts) start stdio servers with the MCP SDK's `StdioClientTransport`, which spawns
///   through cross-spawn since SDK 1.8.0: a bare `npx` resolves to `npx.cmd` and runs through
///   `cmd.exe /d /s /c`, as does the full path of a `.cmd`;
/// - Continue wraps `npx` in `cmd.exe /c` itself (core/context/mcp/MCPConnection.ts
///   `resolveCommandForPlatform`);
/// - Windsurf starts servers with mcp-go's stdio transport, Go's `exec.Command`, whose lookup
///   tries `PATHEXT` (a bare `npx` is `npx.cmd`) and whose `CreateProcess` runs a `.cmd`;
/// - Cursor has started a bare `npx` since its mid-2025 builds (mastra-ai/mastra#4758).
///
/// None of them gets a finding; Claude Code, which its own diagnostics say needs `cmd /c`,
/// still gets `windows-npx` for `npx`, and Cursor `powershell-script-command` for `npx.ps1`.
#[test]
fn clients_that_start_npx_shims_on_windows() {
    let h = home("facts-windows");
    let r = doctor(h.path(), &["check", "--os", "windows", "--json"])
        .env("PATH", r"C:\Users\Bob\Tools\nodejs")
        .env("USERPROFILE", r"C:\Users\Bob")
        .env("APPDATA", r"C:\Users\Bob\AppData\Roaming")
        .run()
        .json();
    let cases = [
        ("zed", "zed-bare"),
        ("zed", "zed-ps1"),
        ("cline", "cline-bare"),
        ("cline", "cline-cmd-path"),
        ("gemini-cli", "gemini-bare"),
        ("continue", "continue-bare"),
        ("windsurf", "windsurf-bare"),
        ("windsurf", "windsurf-cmd-path"),
        ("cursor", "bare"),
    ];
    for (client, server) in cases {
        // The file was read: the entry is listed under its client.
        assert!(
            r["servers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["client"] == client && s["name"] == server),
            "{client} {server}: {:?}",
            r["servers"]
        );
        let found: Vec<&Value> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["client"] == client && f["server"] == server)
            .collect();
        assert!(found.is_empty(), "{client} {server}: {found:?}");
    }
    let bare = finding(&r, "windows-npx", "bare");
    assert_eq!(bare.len(), 1, "{bare:?}");
    assert_eq!(bare[0]["client"], "claude-code", "{bare:?}");
    one_finding(&r, "powershell-script-command", "ps1-command");
}

/// Cline's `type` is `z.literal("streamableHttp")` and a `url` without `type` is SSE, its schema
/// listed first (cline/cline src/services/mcp/schemas.ts): the mirror image of Roo Code.
#[test]
fn cline_transport_spellings_are_clines_own() {
    let h = home("facts-cline");
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", "/nonexistent-bin")
        .run()
        .json();
    assert!(rules_for(&r, "remote").is_empty(), "{:?}", r["findings"]);
    let roo = finding(&r, "entry-shape", "roo-spelling");
    assert_eq!(roo.len(), 1, "{:?}", r["findings"]);
    assert!(roo[0]["message"]
        .as_str()
        .unwrap()
        .contains("stdio, sse, streamableHttp"));
    let untyped = finding(&r, "remote-missing-type", "untyped");
    assert_eq!(untyped.len(), 1, "{:?}", r["findings"]);
    assert!(untyped[0]["message"]
        .as_str()
        .unwrap()
        .contains("legacy SSE"));
    let servers = r["servers"].as_array().unwrap();
    let t = |n: &str| servers.iter().find(|s| s["name"] == n).unwrap()["transport"].clone();
    assert_eq!(t("remote"), "http");
    assert_eq!(t("untyped"), "sse");
}

/// Writes `text` at `rel` under a fresh home and runs `check --json` there (Linux paths).
fn check_one(rel: &str, text: &str, extra: &[(&str, &str)]) -> Value {
    let h = common::empty_home();
    for (p, t) in std::iter::once((rel, text)).chain(extra.iter().copied()) {
        let p = h.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    }
    linux_check(h.path()).run().json()
}

const CLINE: &str =
    ".config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json";

/// Cline reads a `url` without `type` as SSE; only a path ending in `/mcp` says the server wants
/// Streamable HTTP. idosal/git-mcp's README tells Cline users to write the bare
/// `https://gitmcp.io/{owner}/{repo}`, which serves SSE: no finding.
#[test]
fn cline_untyped_url_is_only_wrong_when_it_ends_in_mcp() {
    let r = check_one(
        CLINE,
        r#"{"mcpServers": {
            "gitmcp": {"url": "https://gitmcp.io/owner/repo", "disabled": false, "autoApprove": []},
            "neon": {"url": "https://mcp.neon.tech/mcp?readonly=true"}
        }}"#,
        &[],
    );
    no_finding(&r, "remote-missing-type", "gitmcp");
    let neon = finding(&r, "remote-missing-type", "neon");
    assert_eq!(neon.len(), 1, "{:?}", r["findings"]);
    assert!(neon[0]["message"]
        .as_str()
        .unwrap()
        .contains("ends in /mcp"));
}

/// Gemini CLI merges a settings entry onto the server of the same name that an installed
/// extension brings (mcp-client-manager.ts `mergeMcpConfigs`; docs/tools/mcp-server.md
/// "Overriding extension configurations"): `{"excludeTools": [...]}` alone is valid then, and an
/// error only when no extension in `~/.gemini/extensions` brings that server.
#[test]
fn gemini_entry_without_command_amends_an_extension_server() {
    let settings = r#"{"mcpServers": {"google-workspace": {"excludeTools": ["gmail.send"]}}}"#;
    let ext = (
        ".gemini/extensions/google-workspace/gemini-extension.json",
        r#"{"name": "google-workspace", "version": "1.0.0",
            "mcpServers": {"google-workspace": {"command": "node", "args": ["${extensionPath}/dist/index.js"]}}}"#,
    );
    let with = check_one(".gemini/settings.json", settings, &[ext]);
    assert!(
        rules_for(&with, "google-workspace").is_empty(),
        "{:?}",
        with["findings"]
    );
    let without = check_one(".gemini/settings.json", settings, &[]);
    let shape = finding(&without, "entry-shape", "google-workspace");
    assert_eq!(shape.len(), 1, "{:?}", without["findings"]);
    assert!(shape[0]["message"]
        .as_str()
        .unwrap()
        .contains("no installed extension"));
    // Other clients have no such extensions: the entry is malformed there.
    let cursor = check_one(".cursor/mcp.json", settings, &[]);
    assert_eq!(
        finding(&cursor, "entry-shape", "google-workspace").len(),
        1,
        "{:?}",
        cursor["findings"]
    );
}

/// Zed: a `context_servers` entry with only `settings` configures the server an installed
/// extension provides (zed-industries/zed `crates/settings_content/src/project.rs`
/// `ContextServerSettingsContent::Extension`); the extension declares it as
/// `[context_servers.<id>]` in `extensions/installed/<ext>/extension.toml` under Zed's support
/// folder (`~/.local/share/zed` on Linux). Buildkite's README gives such an entry for its Zed
/// extension: valid when the extension is installed, an error only when none brings the server.
#[test]
fn zed_settings_only_entry_configures_an_extension_server() {
    let settings = r#"{"context_servers": {"mcp-server-buildkite": {"settings": {"buildkite_api_token": "your-buildkite-token-here"}}}}"#;
    let ext = (
        ".local/share/zed/extensions/installed/buildkite/extension.toml",
        "id = \"buildkite\"\nname = \"Buildkite\"\nversion = \"0.1.0\"\nschema_version = 1\n\n[context_servers.mcp-server-buildkite]\nname = \"Buildkite\"\n",
    );
    let with = check_one(".config/zed/settings.json", settings, &[ext]);
    assert!(
        rules_for(&with, "mcp-server-buildkite").is_empty(),
        "{:?}",
        with["findings"]
    );
    // An extension that brings another server does not provide this one.
    let other = (
        ".local/share/zed/extensions/installed/context7/extension.toml",
        "id = \"context7\"\n[context_servers.mcp-server-context7]\n",
    );
    let without = check_one(".config/zed/settings.json", settings, &[other]);
    let shape = finding(&without, "entry-shape", "mcp-server-buildkite");
    assert_eq!(shape.len(), 1, "{:?}", without["findings"]);
    assert!(shape[0]["message"]
        .as_str()
        .unwrap()
        .contains("no installed extension"));
}

/// A README's stand-ins: a path to fill in is named as a placeholder (not blamed on the folder the
/// client starts in), `Bearer <YOUR_HF_TOKEN>` is a placeholder to replace, not a secret written
/// in plain text, and so is a URL left as `<YOUR_REGION_MCP_ENDPOINT>`.
#[test]
fn readme_placeholders_are_named_as_such() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "dice": {"command": "uv", "args": ["run", "--with", "fastmcp", "fastmcp", "run", "path/to/your/server.py"]},
            "mine": {"command": "node", "args": ["build/index.js"]},
            "hf": {"url": "https://huggingface.co/mcp", "headers": {"Authorization": "Bearer <YOUR_HF_TOKEN>"}},
            "real": {"url": "https://huggingface.co/mcp", "headers": {"Authorization": "Bearer hf_abcdefghijklmnopqrstuvwxyz0123"}},
            "region": {"url": "<YOUR_REGION_MCP_ENDPOINT>", "headers": {"X-API-Key": "<YOUR_API_KEY>"}}
        }}"#,
        &[],
    );
    let rel = finding(&r, "relative-path", "dice");
    assert_eq!(rel.len(), 1, "{:?}", r["findings"]);
    assert!(rel[0]["message"]
        .as_str()
        .unwrap()
        .contains("a placeholder left from an example"));
    let mine = finding(&r, "relative-path", "mine");
    assert_eq!(mine.len(), 1, "{:?}", r["findings"]);
    assert!(!mine[0]["message"].as_str().unwrap().contains("placeholder"));
    no_finding(&r, "plaintext-secret", "hf");
    let ph = finding(&r, "env-placeholder", "hf");
    assert_eq!(ph.len(), 1, "{:?}", r["findings"]);
    assert!(ph[0]["message"]
        .as_str()
        .unwrap()
        .contains("headers.Authorization"));
    one_finding(&r, "plaintext-secret", "real");
    // A URL left for the reader to fill in is a placeholder too, and its headers are still checked.
    let region = finding(&r, "env-placeholder", "region");
    assert_eq!(region.len(), 2, "{:?}", r["findings"]);
    assert!(region
        .iter()
        .any(|f| f["message"].as_str().unwrap().starts_with("\"url\"")));
    assert_eq!(rules_for(&r, "region").len(), 2, "{:?}", r["findings"]);
}

/// A relative value of the server's own option (`--log-file ./logs/conport.log`) is the server's
/// to resolve (context-portal puts it under its `--workspace_id`): no finding, unless the file
/// exists elsewhere, which shows the start folder is the wrong base.
#[test]
fn server_option_values_are_the_servers_to_resolve() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "conport": {"command": "uvx", "args": ["--from", "context-portal-mcp", "conport-mcp", "--mode", "stdio", "--log-file", "./logs/conport.log"]},
            "found": {"command": "uvx", "args": ["some-mcp", "--settings=conf/settings.json"]}
        }}"#,
        &[("conf/settings.json", "{}")],
    );
    no_finding(&r, "relative-path", "conport");
    one_finding(&r, "relative-path", "found");
}

/// Cursor runs a whole command line written in `command` (its own "Add to Cursor" link generator
/// writes `{"command":"npx -y chrome-devtools-mcp@latest"}`; heroku-mcp-server's README teaches
/// `"command": "npx -y @heroku/mcp-server"` for Cursor): the first word is the program to find.
/// Claude Desktop does not split it.
#[test]
fn cursor_runs_a_whole_command_line_in_command() {
    let entry = r#"{"mcpServers": {"heroku": {"command": "npx -y @heroku/mcp-server", "env": {"HEROKU_API_KEY": "k"}}}}"#;
    let r = check_one(
        ".cursor/mcp.json",
        entry,
        &[(".config/Claude/claude_desktop_config.json", entry)],
    );
    let cl = finding(&r, "command-line-in-command", "heroku");
    assert_eq!(cl.len(), 1, "{:?}", r["findings"]);
    assert_eq!(cl[0]["client"], "claude-desktop", "{:?}", cl[0]);
    // Cursor's entry is checked as `npx` (not on this PATH), not as a program named
    // "npx -y @heroku/mcp-server".
    let nf: Vec<_> = finding(&r, "command-not-found", "heroku")
        .into_iter()
        .filter(|f| f["client"] == "cursor")
        .collect();
    assert_eq!(nf.len(), 1, "{:?}", r["findings"]);
    let msg = nf[0]["message"].as_str().unwrap();
    assert!(msg.contains("`npx`") && !msg.contains("@heroku"), "{msg}");
}

/// uv changes to `--directory X` before running, and resolves later relative paths against X
/// (uv's CLI reference, `--directory`): graphiti's README `uv run --directory <repo>/mcp_server
/// --project . main.py` means the repo's folder, not the client's start folder.
#[test]
fn uv_directory_is_the_base_of_later_relative_paths() {
    let h = common::empty_home();
    let srv = h.path().join("src/graphiti/mcp_server");
    std::fs::create_dir_all(&srv).unwrap();
    std::fs::write(srv.join("main.py"), "").unwrap();
    let d = srv.to_str().unwrap();
    let cfg = format!(
        r#"{{"mcpServers": {{
            "graphiti": {{"command": "uv", "args": ["run", "--isolated", "--directory", "{d}", "--project", ".", "main.py", "--transport", "stdio"]}},
            "typo": {{"command": "uv", "args": ["run", "--directory={d}", "./mian.py"]}},
            "bare": {{"command": "uv", "args": ["run", "--project", ".", "main.py"]}}
        }}}}"#
    );
    let p = h.path().join(".cursor/mcp.json");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, cfg).unwrap();
    let r = linux_check(h.path()).run().json();
    let g = rules_for(&r, "graphiti");
    assert!(
        !g.contains(&"relative-path".to_string()) && !g.contains(&"path-missing".to_string()),
        "{:?}",
        r["findings"]
    );
    // A file missing from that folder is still named, against the folder uv uses.
    let t = finding(&r, "path-missing", "typo");
    assert_eq!(t.len(), 1, "{:?}", r["findings"]);
    assert!(t[0]["message"].as_str().unwrap().contains("--directory"));
    // Without `--directory`, `.` is still the client's start folder.
    assert!(rules_for(&r, "bare").contains(&"relative-path".to_string()));
}

/// A database path flag may name a database that is no file: DuckDB's and SQLite's `:memory:`
/// and MotherDuck's `md:` (mcp-server-motherduck's README: "`--db-path` … local file (absolute),
/// `md:` (MotherDuck), or `s3://` URL"). A relative file there is still resolved against the
/// client's start folder.
#[test]
fn database_names_after_a_path_flag_are_no_files() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "mem": {"command": "uvx", "args": ["mcp-server-motherduck", "--db-path", ":memory:", "--read-write"]},
            "md": {"command": "uvx", "args": ["mcp-server-motherduck", "--db-path", "md:"]},
            "mddb": {"command": "uvx", "args": ["mcp-server-motherduck", "--db-path=md:my_db"]},
            "file": {"command": "uvx", "args": ["mcp-server-motherduck", "--db-path", "data/my.duckdb"]}
        }}"#,
        &[],
    );
    for s in ["mem", "md", "mddb"] {
        let g = rules_for(&r, s);
        assert!(
            !g.contains(&"relative-path".to_string()) && !g.contains(&"path-missing".to_string()),
            "{s}: {:?}",
            r["findings"]
        );
    }
    assert!(
        rules_for(&r, "file").contains(&"relative-path".to_string()),
        "{:?}",
        r["findings"]
    );
}

/// Goose skips an `extensions` entry that does not deserialize as its `ExtensionEntry`
/// (`enabled`, a `type` tag, and for stdio `name`, `cmd`, `args`), with only a log line
/// (block/goose crates/goose/src/config/extensions.rs, "Skipping malformed extension config
/// entry"). kubernetes-mcp-server's README gives Goose users `command`/`args` alone.
#[test]
fn goose_skips_an_extension_it_cannot_read() {
    let r = check_one(
        ".config/goose/config.yaml",
        "extensions:\n  kubernetes:\n    command: npx\n    args:\n      - -y\n      - kubernetes-mcp-server@latest\n  ok:\n    name: ok\n    type: stdio\n    cmd: npx\n    args: [\"-y\", \"kubernetes-mcp-server@latest\"]\n    enabled: true\n  web:\n    name: web\n    type: streamable_http\n    uri: https://example.com/mcp\n    enabled: true\n",
        &[],
    );
    let k = finding(&r, "entry-shape", "kubernetes");
    assert_eq!(k.len(), 1, "{:?}", r["findings"]);
    let msg = k[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("`enabled`") && msg.contains("`type`") && msg.contains("`cmd`, not `command`"),
        "{msg}"
    );
    no_finding(&r, "entry-shape", "ok");
    no_finding(&r, "entry-shape", "web");
}

/// `docker run -v ~/.aws:/root/.aws`: with no shell nothing expands `~`, and docker reads a source
/// that is not absolute as a volume name, which may not hold `/` (docker/cli). A named volume and
/// an absolute source are fine.
#[test]
fn a_docker_volume_from_tilde_is_not_expanded() {
    let h = home("facts-docker");
    let bin = h.path().join("bin").display().to_string();
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .run()
        .json();
    let f = finding(&r, "tilde-path", "aws-tilde");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    let msg = f[0]["message"].as_str().unwrap();
    assert!(msg.contains("mounts \"~/.aws\""), "{msg}");
    // The same docker named as Windows users write it (`Docker.exe`), its `--volume` long form.
    let f = finding(&r, "tilde-path", "aws-exe");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    assert!(
        msg.contains(&format!("{}/.aws", h.path().display())),
        "{msg}"
    );
    // (Notes aside: whether this machine has a docker of its own in the app's PATH.)
    let named: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["server"] == "aws-named" && f["severity"] != "note")
        .collect();
    assert!(named.is_empty(), "{named:?}");
    // The fix writes the whole mount with the absolute source.
    let out = doctor(
        h.path(),
        &["fix", "--absolute-paths", "--dry-run", "--os", "linux"],
    )
    .env("PATH", &bin)
    .run();
    assert!(
        out.stdout
            .contains(&format!("{}/.aws:/root/.aws:ro", h.path().display())),
        "{}",
        out.stdout
    );
}

/// `docker compose … run SERVICE` takes the container's environment from the Compose file, which
/// Compose interpolates from its own environment, the entry's `env` included
/// (https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/):
/// no `-e` is needed. mcp-searxng's README runs its server so. `docker run` still needs `-e`.
#[test]
fn docker_compose_run_takes_env_through_the_compose_file() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "compose": {"command": "docker", "args": ["compose", "-f", "/absolute/path/to/docker-compose.yml", "run", "--rm", "-T", "mcp-searxng"], "env": {"SEARXNG_URL": "https://searx.example.org"}},
            "plain": {"command": "docker", "args": ["run", "-i", "--rm", "isokoliuk/mcp-searxng:latest"], "env": {"SEARXNG_URL": "https://searx.example.org"}},
            "context": {"command": "docker", "args": ["--context", "remote", "run", "-i", "--rm", "img"], "env": {"TOKEN": "abc"}}
        }}"#,
        &[],
    );
    no_finding(&r, "docker-env-not-forwarded", "compose");
    one_finding(&r, "docker-env-not-forwarded", "plain");
    one_finding(&r, "docker-env-not-forwarded", "context");
}

/// A client speaks to a `docker run` server through pipes: `-t`/`-it`/`--tty` before the image makes
/// Docker refuse ("the input device is not a TTY", docker/cli cli/streams/in.go), and no `-i`
/// leaves the container's stdin closed. A `-t` after the image is the server's own option
/// (grafana's `-t stdio`, semgrep's), and Compose's `run -T` is no `docker run`.
#[test]
fn docker_run_needs_stdin_and_no_terminal() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "it": {"command": "docker", "args": ["run", "-it", "--rm", "mcp/fetch"]},
            "tty": {"command": "docker", "args": ["run", "-i", "--tty", "--rm", "mcp/fetch"]},
            "no-i": {"command": "docker", "args": ["run", "--rm", "mcp/fetch"]},
            "ok": {"command": "docker", "args": ["run", "-i", "--rm", "mcp/fetch"]},
            "server-t": {"command": "docker", "args": ["run", "--rm", "-i", "-e", "T", "grafana/mcp-grafana", "-t", "stdio"], "env": {"T": "x"}},
            "compose": {"command": "docker", "args": ["compose", "run", "--rm", "-T", "svc"]}
        }}"#,
        &[],
    );
    one_finding(&r, "docker-tty", "it");
    one_finding(&r, "docker-tty", "tty");
    no_finding(&r, "docker-no-stdin", "it");
    one_finding(&r, "docker-no-stdin", "no-i");
    for ok in ["ok", "server-t", "compose"] {
        no_finding(&r, "docker-tty", ok);
        no_finding(&r, "docker-no-stdin", ok);
    }
}

/// Gemini CLI starts a server without `cwd` in its own working folder, the one `gemini` was
/// started in (`cwd: mcpServerConfig.cwd` to `StdioClientTransport`, packages/core/src/tools/
/// mcp-client.ts): a relative script works from that folder, as its docs' `"args":
/// ["filename.ts"]` expects. A warning, as for a relative `cwd`; Claude Desktop, whose start
/// folder is never the user's, keeps the error.
#[test]
fn gemini_resolves_a_relative_script_in_the_folder_it_is_started_from() {
    let entry = r#"{"mcpServers": {"nodeServer": {"command": "node", "args": ["filename.ts"]}}}"#;
    let r = check_one(".gemini/settings.json", entry, &[]);
    let f = finding(&r, "relative-path", "nodeServer");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    assert_eq!(f[0]["severity"], "warning", "{:?}", f[0]);
    let msg = f[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("works only when Gemini CLI is started in the folder"),
        "{msg}"
    );
    let r = check_one(".config/Claude/claude_desktop_config.json", entry, &[]);
    let f = finding(&r, "relative-path", "nodeServer");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    assert_eq!(f[0]["severity"], "error", "{:?}", f[0]);
}

/// VS Code replaces a leading `~` with the home folder in `command`, each argument and `cwd`
/// before it spawns (extHostMcpNode.ts `untildify`, microsoft/vscode#247076): no `tilde-path`
/// there, and the expanded path is what is checked. Cursor, which shares VS Code's `${...}`
/// syntax but not that code, still gets the finding.
#[test]
fn vscode_expands_a_leading_tilde_itself() {
    let entry = r#"{"servers": {
        "tcmd": {"type": "stdio", "command": "~/tools/srv", "args": []},
        "targ": {"type": "stdio", "command": "/bin/sh", "args": ["~/tools/data.db"]},
        "gone": {"type": "stdio", "command": "/bin/sh", "args": ["~/tools/missing.db"]},
        "vol": {"type": "stdio", "command": "/bin/sh", "args": ["-c", "docker run -i", "-v", "~/.aws:/root/.aws", "img"]},
        "dock": {"type": "stdio", "command": "docker", "args": ["run", "-i", "--rm", "-v", "~/.aws:/root/.aws", "img"]}
    }}"#;
    let srv = "#!/bin/sh\necho x\n";
    let r = check_one(
        ".vscode/mcp.json",
        entry,
        &[("tools/srv", srv), ("tools/data.db", "")],
    );
    for s in ["tcmd", "targ", "dock"] {
        assert!(
            finding(&r, "tilde-path", s).is_empty(),
            "{s}: {:?}",
            r["findings"]
        );
    }
    let gone = finding(&r, "path-missing", "gone");
    assert_eq!(gone.len(), 1, "{:?}", r["findings"]);
    assert!(
        !gone[0]["message"].as_str().unwrap().contains('~'),
        "{:?}",
        gone[0]
    );
    let cursor = entry.replace("\"servers\"", "\"mcpServers\"");
    let r = check_one(
        ".cursor/mcp.json",
        &cursor,
        &[("tools/srv", srv), ("tools/data.db", "")],
    );
    for s in ["tcmd", "targ", "dock"] {
        assert_eq!(
            finding(&r, "tilde-path", s).len(),
            1,
            "{s}: {:?}",
            r["findings"]
        );
    }
}

/// Cline expands `${env:NAME}` in every string of its settings before it validates them and
/// leaves an unset one as written (apps/vscode/src/utils/envExpansion.ts, McpHub.ts): a path
/// built on one is absolute, an unset one reaches the server as text, and `${workspaceFolder}`
/// is not Cline's.
#[test]
fn cline_expands_env_references_and_keeps_unset_ones() {
    let h = common::empty_home();
    let dir = h
        .path()
        .join(".config/Code/User/globalStorage/saoudrizwan.claude-dev/settings");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::create_dir_all(h.path().join("srv")).unwrap();
    std::fs::write(h.path().join("srv/index.js"), "").unwrap();
    std::fs::write(
        dir.join("cline_mcp_settings.json"),
        r#"{"mcpServers": {
            "local": {"command": "/bin/sh", "args": ["${env:SRV_DIR}/index.js"]},
            "unset": {"command": "/bin/sh", "args": ["x"], "env": {"K": "${env:NOPE_NOT_SET_ANYWHERE}"}},
            "wsf": {"command": "/bin/sh", "args": ["${workspaceFolder}/index.js"]}
        }}"#,
    )
    .unwrap();
    let srv = h.path().join("srv").display().to_string();
    let r = linux_check(h.path()).env("SRV_DIR", &srv).run().json();
    let local = rules_for(&r, "local");
    assert!(
        !local.contains(&"relative-path".to_string())
            && !local.contains(&"path-missing".to_string()),
        "{:?}",
        r["findings"]
    );
    let unset = finding(&r, "env-var-unset", "unset");
    assert_eq!(unset.len(), 1, "{:?}", r["findings"]);
    assert!(unset[0]["message"]
        .as_str()
        .unwrap()
        .contains("the literal text \"${env:NOPE_NOT_SET_ANYWHERE}\""));
    let wsf = finding(&r, "env-not-expanded", "wsf");
    assert_eq!(wsf.len(), 1, "{:?}", r["findings"]);
    assert!(wsf[0]["message"]
        .as_str()
        .unwrap()
        .contains("expands only ${env:NAME}"));
}

/// Gemini CLI reads a project's `.gemini/settings.json` only from the folder it is started in
/// (settings.ts `loadSettings(process.cwd())`), where a server without `cwd` starts too: a relative
/// path that exists from the project folder is found, whatever folder the doctor runs from.
#[test]
fn gemini_project_file_paths_resolve_in_the_project_folder() {
    let h = common::empty_home();
    let proj = h.path().join("proj");
    std::fs::create_dir_all(proj.join(".gemini")).unwrap();
    std::fs::create_dir_all(proj.join("dist")).unwrap();
    std::fs::create_dir_all(proj.join("tools")).unwrap();
    std::fs::write(proj.join("dist/server.js"), "").unwrap();
    std::fs::write(
        proj.join(".gemini/settings.json"),
        r#"{"mcpServers": {
            "here": {"command": "/bin/sh", "args": ["dist/server.js"]},
            "dir": {"command": "/bin/sh", "args": ["x"], "cwd": "tools"},
            "gone": {"command": "/bin/sh", "args": ["dist/missing.js"]}
        }}"#,
    )
    .unwrap();
    let r = linux_check(h.path()).cwd(&proj).run().json();
    no_finding(&r, "relative-path", "here");
    no_finding(&r, "relative-path", "dir");
    one_finding(&r, "relative-path", "gone");
}

/// A README's stand-in for the program itself (MCP Toolbox for Databases' docs tell every client
/// `"command": "./PATH/TO/toolbox"`,
/// https://github.com/googleapis/genai-toolbox/blob/46c1930c805475a0edae50e641d44e9b47d888df/docs/en/how-to/connect-ide/postgres_mcp.md)
/// is named as a placeholder to replace, as one in `args` is, not blamed on the folder the client
/// starts in; a real relative program (`./bin/server`) still is.
#[test]
fn a_placeholder_command_path_is_named_as_such() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "postgres": {"command": "./PATH/TO/toolbox", "args": ["--prebuilt", "postgres", "--stdio"]},
            "mine": {"command": "./bin/server"}
        }}"#,
        &[],
    );
    let ph = finding(&r, "relative-path", "postgres");
    assert_eq!(ph.len(), 1, "{:?}", r["findings"]);
    let msg = ph[0]["message"].as_str().unwrap();
    assert!(msg.contains("a placeholder left from an example"), "{msg}");
    assert!(msg.contains("./PATH/TO/toolbox"), "{msg}");
    let mine = finding(&r, "relative-path", "mine");
    assert_eq!(mine.len(), 1, "{:?}", r["findings"]);
    let msg = mine[0]["message"].as_str().unwrap();
    assert!(!msg.contains("placeholder"), "{msg}");
    assert!(msg.contains("resolved against the folder"), "{msg}");
}

/// The other stand-ins READMEs write for a path: a `<…>` hole spanning folders (unreal-mcp's
/// `"--directory", "<path/to/the/folder/PYTHON>"`,
/// https://github.com/chongdashu/unreal-mcp/blob/4e5f00da50733190481311e254d16d137a84ef33/README.md)
/// and a `PATH_TO_…` folder (twilio's `"PATH_TO_REPO/build/index.js"`,
/// https://github.com/twilio-labs/mcp/blob/64c0f059d3cdc8f0e6fd796a1f76d872f78a1c2c/packages/mcp/README.md)
/// are named as placeholders to replace, not blamed on the client's start folder; so is a `{…}`
/// hole with spaces in a script operand (markdownify-mcp's `"{ABSOLUTE PATH TO FILE HERE}/dist/index.js"`,
/// https://github.com/zcaceres/markdownify-mcp/blob/024f97cea9a94cd842c445eea4503c442c79bd71/README.md),
/// which the doctor passed over in silence. A real relative argument (`build/index.js`) is still
/// blamed on the start folder.
#[test]
fn angle_bracket_and_path_to_stand_ins_are_placeholders() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "unreal": {"command": "uv", "args": ["--directory", "<path/to/the/folder/PYTHON>", "run", "unreal_mcp_server.py"]},
            "twilio": {"command": "node", "args": ["PATH_TO_REPO/build/index.js", "SID/KEY:SECRET"]},
            "markdownify": {"command": "node", "args": ["{ABSOLUTE PATH TO FILE HERE}/dist/index.js"]},
            "mine": {"command": "node", "args": ["build/index.js"]}
        }}"#,
        &[],
    );
    for name in ["unreal", "twilio", "markdownify"] {
        let f = finding(&r, "relative-path", name);
        assert_eq!(f.len(), 1, "{name}: {:?}", r["findings"]);
        let msg = f[0]["message"].as_str().unwrap();
        assert!(msg.contains("a placeholder left from an example"), "{msg}");
    }
    let mine = finding(&r, "relative-path", "mine");
    assert_eq!(mine.len(), 1, "{:?}", r["findings"]);
    let msg = mine[0]["message"].as_str().unwrap();
    assert!(!msg.contains("placeholder"), "{msg}");
}

/// A value that repeats its variable's name is a README's stand-in (oxylabs-mcp's README sets
/// `"OXYLABS_PASSWORD": "OXYLABS_PASSWORD"` and calls these "environment variables
/// placeholders"): to replace, not a secret written in plain text; a real value still is one.
#[test]
fn an_env_value_that_repeats_its_name_is_a_placeholder() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "oxylabs": {"command": "uvx", "args": ["oxylabs-mcp"], "env": {"OXYLABS_USERNAME": "OXYLABS_USERNAME", "OXYLABS_PASSWORD": "OXYLABS_PASSWORD"}},
            "real": {"command": "uvx", "args": ["oxylabs-mcp"], "env": {"OXYLABS_PASSWORD": "s3cr3t-Pa55w0rd-x"}}
        }}"#,
        &[],
    );
    no_finding(&r, "plaintext-secret", "oxylabs");
    assert_eq!(
        finding(&r, "env-placeholder", "oxylabs").len(),
        2,
        "{:?}",
        r["findings"]
    );
    one_finding(&r, "plaintext-secret", "real");
    no_finding(&r, "env-placeholder", "real");
}

/// The program is found from the folder the server starts in, as an argument is: Node's spawn
/// (libuv `uv__process_child_init`) changes to `cwd` and then `execvp`s the name, so
/// `".venv/bin/python"` with an absolute `cwd` runs the project's venv (no finding unless it is
/// missing there), and Gemini CLI, run from a terminal, starts one without `cwd` in its own
/// start folder (a warning, as for an argument); a GUI client without `cwd` is still an error.
#[test]
fn a_relative_command_resolves_against_cwd_as_arguments_do() {
    let h = common::empty_home();
    let proj = h.path().join("proj");
    std::fs::create_dir_all(proj.join(".venv/bin")).unwrap();
    std::fs::write(proj.join(".venv/bin/python"), "#!/bin/sh\n").unwrap();
    std::fs::write(proj.join("server.py"), "").unwrap();
    let p = proj.display();
    let servers = format!(
        r#"{{"mcpServers": {{
            "venv": {{"command": ".venv/bin/python", "args": ["server.py"], "cwd": "{p}"}},
            "gone": {{"command": ".venv/bin/missing", "cwd": "{p}"}},
            "bare": {{"command": "./bin/server"}}
        }}}}"#
    );
    for rel in [".cursor/mcp.json", ".gemini/settings.json"] {
        let f = h.path().join(rel);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, &servers).unwrap();
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let py = proj.join(".venv/bin/python");
        std::fs::set_permissions(py, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let r = linux_check(h.path()).run().json();
    let of = |client: &str, rule: &str, server: &str| -> Vec<Value> {
        finding(&r, rule, server)
            .into_iter()
            .filter(|f| f["client"].as_str() == Some(client))
            .cloned()
            .collect()
    };
    for client in ["cursor", "gemini-cli"] {
        assert!(
            of(client, "relative-path", "venv").is_empty()
                && of(client, "path-missing", "venv").is_empty(),
            "{client}: {:?}",
            r["findings"]
        );
        let gone = of(client, "path-missing", "gone");
        assert_eq!(gone.len(), 1, "{client}: {:?}", r["findings"]);
        assert!(gone[0]["message"]
            .as_str()
            .unwrap()
            .contains("relative to cwd"));
    }
    let cursor = of("cursor", "relative-path", "bare");
    assert_eq!(cursor.len(), 1, "{:?}", r["findings"]);
    assert_eq!(cursor[0]["severity"], "error");
    let gemini = of("gemini-cli", "relative-path", "bare");
    assert_eq!(gemini.len(), 1, "{:?}", r["findings"]);
    assert_eq!(gemini[0]["severity"], "warning");
    assert!(gemini[0]["message"]
        .as_str()
        .unwrap()
        .contains("is started from"));
}

/// VS Code starts a server of `.vscode/mcp.json` without `cwd` in the workspace folder: the
/// extension host spawns in `launch.cwd ? … : (defaultCwd?.fsPath || home)`, `defaultCwd` being
/// the definition's workspace folder (src/vs/workbench/api/node/extHostMcpNode.ts
/// `startNodeMpc`, microsoft/vscode#330253). fluentui-blazor's "Build from Source" block
/// (`dotnet run --project src/Tools/McpServer/….csproj`) works from its repository's root,
/// whatever folder VS Code was started from: no finding; a path missing there is an error.
#[test]
fn vscode_starts_a_workspace_server_in_the_workspace_folder() {
    let r = check_one(
        ".vscode/mcp.json",
        r#"{"servers": {
            "fluent": {"type": "stdio", "command": "dotnet", "args": ["run", "--project", "src/Tools/McpServer/App.csproj"]},
            "gone": {"type": "stdio", "command": "dotnet", "args": ["run", "--project", "src/Missing/App.csproj"]},
            "rel-cwd": {"type": "stdio", "command": "dotnet", "args": ["run"], "cwd": "src/Tools/McpServer"}
        }}"#,
        &[("src/Tools/McpServer/App.csproj", "<Project/>")],
    );
    no_finding(&r, "relative-path", "fluent");
    no_finding(&r, "relative-path", "rel-cwd");
    let gone = finding(&r, "relative-path", "gone");
    assert_eq!(gone.len(), 1, "{:?}", r["findings"]);
    assert_eq!(gone[0]["severity"], "error");
    assert!(
        gone[0]["message"]
            .as_str()
            .unwrap()
            .contains("the workspace folder"),
        "{:?}",
        gone[0]
    );
}

/// A server of VS Code's user `mcp.json` without `cwd` starts in the home folder: `startNodeMpc`
/// spawns in `defaultCwd?.fsPath || home`, and only a workspace definition has a `defaultCwd`
/// (extHostMcpNode.ts, microsoft/vscode#330253). A relative path that exists under home works
/// whatever folder VS Code was started from (no finding), as does a relative `cwd` that is a
/// folder there; one missing there is still an error.
#[test]
fn vscode_starts_a_user_server_in_the_home_folder() {
    let r = check_one(
        ".config/Code/User/mcp.json",
        r#"{"servers": {
            "tools": {"type": "stdio", "command": "node", "args": ["tools/server.js"]},
            "rel-cwd": {"type": "stdio", "command": "node", "args": ["server.js"], "cwd": "tools"},
            "gone": {"type": "stdio", "command": "node", "args": ["missing/server.js"]}
        }}"#,
        &[("tools/server.js", "")],
    );
    no_finding(&r, "relative-path", "tools");
    no_finding(&r, "relative-path", "rel-cwd");
    no_finding(&r, "path-missing", "rel-cwd");
    let gone = finding(&r, "relative-path", "gone");
    assert_eq!(gone.len(), 1, "{:?}", r["findings"]);
    assert_eq!(gone[0]["severity"], "error");
    assert!(
        gone[0]["message"]
            .as_str()
            .unwrap()
            .contains("your home folder for a user file"),
        "{:?}",
        gone[0]
    );
}

/// Zed's own MCP page writes `"command": "some-command"` (docs/src/ai/mcp.md "As Custom
/// Servers"): a stand-in for the reader's program, named as a placeholder left from an example,
/// not a program missing from the PATH.
#[test]
fn zed_docs_some_command_is_a_placeholder() {
    let r = check_one(
        ".config/zed/settings.json",
        r#"{"context_servers": {"your-mcp-server": {"source": "custom", "command": "some-command", "args": ["arg-1", "arg-2"], "env": {}}}}"#,
        &[],
    );
    no_finding(&r, "command-not-found", "your-mcp-server");
    let f = finding(&r, "relative-path", "your-mcp-server");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("a placeholder left from an example"));
}

/// Goose starts a stdio server in its `cwd` only when that is a folder (`spawn` sets
/// `current_dir` when `ctx.working_dir.is_dir()`, logging "Working directory doesn't exist or
/// isn't a directory" otherwise: crates/goose/src/agents/extension_manager/stdio.rs): a `cwd`
/// that is not a folder leaves the server in Goose's own working folder, a warning. Cursor hands
/// it to the spawn, which fails: an error there.
#[test]
fn goose_passes_over_a_cwd_that_is_not_a_folder() {
    let goose = check_one(
        ".config/goose/config.yaml",
        "extensions:\n  fetch:\n    name: fetch\n    type: stdio\n    cmd: uvx\n    args: [mcp-server-fetch]\n    cwd: /nonexistent-mcp-doctor-folder/fetch\n    enabled: true\n",
        &[],
    );
    let f = finding(&goose, "path-missing", "fetch");
    assert_eq!(f.len(), 1, "{:?}", goose["findings"]);
    assert_eq!(f[0]["severity"], "warning");
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("starts the server in"));
    let cursor = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {"fetch": {"command": "uvx", "args": ["mcp-server-fetch"], "cwd": "/nonexistent-mcp-doctor-folder/fetch"}}}"#,
        &[],
    );
    let f = finding(&cursor, "path-missing", "fetch");
    assert_eq!(f.len(), 1, "{:?}", cursor["findings"]);
    assert_eq!(f[0]["severity"], "error");
}

/// VS Code turns each `env` value into a string before it spawns (`String(value)`, `null`
/// unsets the variable: extHostMcpNode.ts `startNodeMpc`), so the .NET MCP template's
/// `"MAX_RANDOM_NUMBER": 100` runs; Cursor, which passes `env` to the SDK's transport as it is,
/// still gets `env-not-strings`.
#[test]
fn vscode_turns_env_numbers_into_strings() {
    let r = check_one(
        ".vscode/mcp.json",
        r#"{"servers": {"tmpl": {"type": "stdio", "command": "/bin/sh", "args": [], "env": {"MAX_RANDOM_NUMBER": 100, "DEBUG": true, "GONE": null}}}}"#,
        &[],
    );
    no_finding(&r, "env-not-strings", "tmpl");
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {"tmpl": {"command": "/bin/sh", "args": [], "env": {"MAX_RANDOM_NUMBER": 100}}}}"#,
        &[],
    );
    one_finding(&r, "env-not-strings", "tmpl");
}

/// `wsl.exe` runs its arguments as a Linux command line inside WSL ("File paths must be
/// specified in the WSL format", learn.microsoft.com/windows/wsl/filesystems): aks-mcp's
/// `"command": "wsl", "args": ["--", "/home/you/…/aks-mcp", …]` for VS Code on Windows gets no
/// `wsl-path`; the same Linux path as the Windows program still does.
#[test]
fn wsl_runs_its_arguments_inside_wsl() {
    let h = common::empty_home();
    let proj = h.path().join("proj");
    std::fs::create_dir_all(proj.join(".vscode")).unwrap();
    std::fs::write(
        proj.join(".vscode/mcp.json"),
        r#"{"servers": {
            "aks": {"type": "stdio", "command": "wsl", "args": ["--", "/home/you/.vs-kubernetes/tools/aks-mcp/aks-mcp", "--transport", "stdio"]},
            "direct": {"type": "stdio", "command": "/home/you/.vs-kubernetes/tools/aks-mcp/aks-mcp", "args": ["--transport", "stdio"]}
        }}"#,
    )
    .unwrap();
    let r = doctor(
        h.path(),
        &["check", "--os", "windows", "--json", "--no-platform"],
    )
    .env("PATH", r"C:\Users\Bob\Tools\bin")
    .env("USERPROFILE", r"C:\Users\Bob")
    .cwd(&proj)
    .run()
    .json();
    no_finding(&r, "wsl-path", "aks");
    one_finding(&r, "wsl-path", "direct");
}

/// A README's stand-in for the whole program (aks-mcp's `"command": "<path of binary aks-mcp>"`,
/// `"<enter the file path>"`) is named a placeholder to replace, not split into a program
/// `<path` and arguments.
#[test]
fn an_angle_bracket_command_is_a_placeholder_not_a_command_line() {
    let r = check_one(
        ".vscode/mcp.json",
        r#"{"servers": {
            "aks": {"type": "stdio", "command": "<enter the file path>", "args": ["--transport", "stdio"]},
            "line": {"type": "stdio", "command": "aks-mcp --transport stdio"}
        }}"#,
        &[],
    );
    no_finding(&r, "command-line-in-command", "aks");
    let f = finding(&r, "relative-path", "aks");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("a placeholder left from an example"));
    one_finding(&r, "command-line-in-command", "line");
}

/// Roo Code starts a stdio server without `cwd` in the first workspace folder: its schema's
/// `cwd: z.string().default(() => vscode.workspace.workspaceFolders?.at(0)?.uri.fsPath ??
/// process.cwd())` (RooCodeInc/Roo-Code src/services/mcp/McpHub.ts `createServerTypeSchema`,
/// RooCodeInc/Roo-Code#2171). A relative path of `.roo/mcp.json` that exists from the project
/// folder is found there, whatever folder the doctor runs from; a missing one is an error that
/// names that folder. A relative `cwd` is passed to the spawn as written (`cwd:
/// configInjected.cwd`), so it still resolves against the editor's own folder: still an error.
/// Cline has no such default (`cwd: z.string().optional()`): the same relative path in its user
/// file is an error naming the client's own working folder.
#[test]
fn roo_code_starts_a_server_in_the_workspace_folder() {
    let h = common::empty_home();
    let proj = h.path().join("proj");
    std::fs::create_dir_all(proj.join(".roo")).unwrap();
    std::fs::create_dir_all(proj.join("dist")).unwrap();
    std::fs::create_dir_all(proj.join("tools")).unwrap();
    std::fs::write(proj.join("dist/server.js"), "").unwrap();
    std::fs::write(
        proj.join(".roo/mcp.json"),
        r#"{"mcpServers": {
            "here": {"command": "/bin/sh", "args": ["dist/server.js"]},
            "gone": {"command": "/bin/sh", "args": ["dist/missing.js"]},
            "rel-cwd": {"command": "/bin/sh", "args": ["x"], "cwd": "tools"}
        }}"#,
    )
    .unwrap();
    let cline = h.path().join(CLINE);
    std::fs::create_dir_all(cline.parent().unwrap()).unwrap();
    std::fs::write(
        &cline,
        r#"{"mcpServers": {"cline-rel": {"command": "/bin/sh", "args": ["dist/server.js"]}}}"#,
    )
    .unwrap();
    let r = linux_check(h.path()).cwd(&proj).run().json();
    no_finding(&r, "relative-path", "here");
    let gone = finding(&r, "relative-path", "gone");
    assert_eq!(gone.len(), 1, "{:?}", r["findings"]);
    assert_eq!(gone[0]["client"], "roo-code");
    assert_eq!(gone[0]["severity"], "error");
    let msg = gone[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("the first folder of the open workspace"),
        "{msg}"
    );
    let cwd = finding(&r, "relative-path", "rel-cwd");
    assert_eq!(cwd.len(), 1, "{:?}", r["findings"]);
    assert_eq!(cwd[0]["severity"], "error");
    let c = finding(&r, "relative-path", "cline-rel");
    assert_eq!(c.len(), 1, "{:?}", r["findings"]);
    assert_eq!(c[0]["client"], "cline");
    assert!(c[0]["message"]
        .as_str()
        .unwrap()
        .contains("the client's own working folder"));
}

/// Goose looks a stdio `cmd` up itself with the `which` crate (`SearchPaths::resolve`,
/// crates/goose/src/config/search_path.rs; `resolve_command` in
/// crates/goose/src/agents/extension_manager/stdio.rs), which on Windows skips Node's
/// extensionless `npx` script and finds `npx.cmd` through `PATHEXT`; Rust's `Command` runs a
/// `.cmd` through cmd.exe. So neither a bare `npx` nor the full path of `npx.cmd` gets
/// `windows-npx` for Goose (aaif-goose/goose#6000); Claude Code's bare `npx` still does.
#[test]
fn goose_starts_npx_shims_on_windows() {
    let h = common::empty_home();
    for (p, t) in [
        ("Tools/nodejs/node.exe", ""),
        ("Tools/nodejs/npx", "#!/bin/sh\n"),
        ("Tools/nodejs/npx.cmd", "@echo off\r\n"),
        (
            ".claude.json",
            r#"{"mcpServers": {"cc-bare": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-memory"]}}}"#,
        ),
        (
            "AppData/Roaming/Block/goose/config/config.yaml",
            "extensions:\n  goose-bare:\n    name: goose-bare\n    type: stdio\n    cmd: npx\n    args: [\"-y\", \"@modelcontextprotocol/server-memory\"]\n    enabled: true\n  goose-cmd-path:\n    name: goose-cmd-path\n    type: stdio\n    cmd: C:\\Users\\Bob\\Tools\\nodejs\\npx.cmd\n    args: [\"-y\", \"@modelcontextprotocol/server-memory\"]\n    enabled: true\n",
        ),
    ] {
        let p = h.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    }
    let r = doctor(
        h.path(),
        &["check", "--os", "windows", "--json", "--no-platform"],
    )
    .env("PATH", r"C:\Users\Bob\Tools\nodejs")
    .env("USERPROFILE", r"C:\Users\Bob")
    .env("APPDATA", r"C:\Users\Bob\AppData\Roaming")
    .run()
    .json();
    for server in ["goose-bare", "goose-cmd-path"] {
        assert!(
            r["servers"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["client"] == "goose" && s["name"] == server),
            "{server}: {:?}",
            r["servers"]
        );
        let found: Vec<&Value> = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["client"] == "goose" && f["server"] == server)
            .collect();
        assert!(found.is_empty(), "{server}: {found:?}");
    }
    let cc = finding(&r, "windows-npx", "cc-bare");
    assert_eq!(cc.len(), 1, "{:?}", r["findings"]);
    assert_eq!(cc[0]["client"], "claude-code");
}

/// Goose's stdio extension has a `cwd` (`ExtensionConfig::Stdio`, crates/goose/src/agents/
/// extension.rs) that `add_extension` passes on as the server's working folder
/// (`cwd.as_deref().map(PathBuf::from).unwrap_or(working_dir)`, crates/goose/src/agents/
/// extension_manager/mod.rs; `command.current_dir(..)` in stdio.rs): no `cwd-ignored`, a relative
/// argument is read from the `cwd`, and a relative `cwd` from the folder Goose is started in.
#[test]
fn goose_honours_cwd() {
    let h = common::empty_home();
    let app = h.path().join("srv/app");
    std::fs::create_dir_all(&app).unwrap();
    std::fs::write(app.join("server.py"), "").unwrap();
    let cfg = h.path().join(".config/goose/config.yaml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(
        &cfg,
        format!(
            "extensions:\n  abs:\n    name: abs\n    type: stdio\n    cmd: python3\n    args: [\"server.py\"]\n    cwd: {}\n    enabled: true\n  rel:\n    name: rel\n    type: stdio\n    cmd: python3\n    args: [\"server.py\"]\n    cwd: srv/app\n    enabled: true\n",
            app.display()
        ),
    )
    .unwrap();
    let r = linux_check(h.path()).run().json();
    assert!(
        with_rule(&r, "cwd-ignored").is_empty(),
        "{:?}",
        r["findings"]
    );
    no_finding(&r, "relative-path", "abs");
    no_finding(&r, "path-missing", "abs");
    let rel = finding(&r, "relative-path", "rel");
    assert_eq!(rel.len(), 1, "{:?}", r["findings"]);
    assert_eq!(rel[0]["severity"], "warning");
    let msg = rel[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("\"cwd\"") && msg.contains("the folder Goose is started from"),
        "{msg}"
    );
}

/// Goose looks a stdio `cmd` up in its own folders before `PATH` and puts them before the
/// server's `PATH` (`SearchPaths::builder().with_npm().resolve(cmd)`,
/// crates/goose/src/config/search_path.rs): `GOOSE_SEARCH_PATHS` (the environment's, else
/// config.yaml's), `~/.local/bin`,
/// `/usr/local/bin`, and npm's `~/.npm-global/bin`. A program there is found, although it is on
/// no PATH; Claude Code, which has no such folders, still does not find it.
#[test]
fn goose_finds_commands_in_its_search_paths() {
    let h = common::empty_home();
    let custom = h.path().join("custom");
    let ext = |name: &str| {
        format!("  {name}:\n    name: {name}\n    type: stdio\n    cmd: {name}\n    args: []\n    enabled: true\n")
    };
    for (p, t) in [
        (".local/bin/local-mcp", "#!/bin/sh\n".to_string()),
        (".npm-global/bin/npm-mcp", "#!/bin/sh\n".to_string()),
        ("custom/custom-mcp", "#!/bin/sh\n".to_string()),
        ("custom2/custom2-mcp", "#!/bin/sh\n".to_string()),
        (
            ".config/goose/config.yaml",
            format!(
                "GOOSE_SEARCH_PATHS:\n  - {}\nextensions:\n{}{}{}{}{}",
                h.path().join("custom2").display(),
                ext("local-mcp"),
                ext("npm-mcp"),
                ext("custom-mcp"),
                ext("custom2-mcp"),
                ext("nowhere-mcp")
            ),
        ),
        (
            ".claude.json",
            r#"{"mcpServers": {"cc-local": {"command": "local-mcp"}}}"#.to_string(),
        ),
    ] {
        let p = h.path().join(p);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, t).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let r = linux_check(h.path())
        .env("GOOSE_SEARCH_PATHS", &format!("[\"{}\"]", custom.display()))
        .run()
        .json();
    for server in ["local-mcp", "npm-mcp", "custom-mcp"] {
        no_finding(&r, "command-not-found", server);
    }
    one_finding(&r, "command-not-found", "nowhere-mcp");
    one_finding(&r, "command-not-found", "cc-local");
    // The environment's value wins over config.yaml's key; without it, the key counts.
    one_finding(&r, "command-not-found", "custom2-mcp");
    let r = linux_check(h.path()).run().json();
    no_finding(&r, "command-not-found", "custom2-mcp");
    one_finding(&r, "command-not-found", "custom-mcp");
}

/// GitHub Copilot CLI (src/clients/copilot_cli.rs): `~/.copilot/mcp-config.json` (or
/// `$COPILOT_HOME/mcp-config.json`) and a project's `.github/mcp.json`; `type` is `local`,
/// `stdio`, `http` or `sse` in any case, `tools` is its own key; `$VAR`, `${VAR}` and
/// `${VAR:-default}` of upper-case names are expanded in env and headers (an unset one reaches
/// the server as written), a lower-case name is not; an untyped `url` is read as a local server.
#[test]
fn copilot_cli_files_types_and_shell_style_references() {
    let h = home("facts-copilot");
    let run = |extra: &[(&str, &str)]| check_in_proj(h.path(), extra);
    let r = run(&[]);
    let configs = r["configs"].as_array().unwrap();
    let ours: Vec<_> = configs
        .iter()
        .filter(|c| c["client"] == "copilot-cli" && c["status"] == "ok")
        .map(|c| (c["scope"].as_str().unwrap(), c["path"].as_str().unwrap()))
        .collect();
    assert_eq!(ours.len(), 2, "{ours:?}");
    assert!(ours
        .iter()
        .any(|(s, p)| *s == "user" && p.ends_with(".copilot/mcp-config.json")));
    assert!(ours
        .iter()
        .any(|(s, p)| *s == "project" && p.ends_with("proj/.github/mcp.json")));
    // `"type": "STDIO"` and `"local"` are its own; `tools` is no unknown key.
    for s in ["playwright", "linear", "context7", "repo-tools"] {
        no_finding(&r, "entry-shape", s);
        no_finding(&r, "unknown-key", s);
    }
    one_finding(&r, "entry-shape", "websocket");
    let untyped = finding(&r, "remote-missing-type", "untyped-remote");
    assert_eq!(untyped.len(), 1, "{:?}", r["findings"]);
    assert!(untyped[0]["message"]
        .as_str()
        .unwrap()
        .contains("stdio server"));
    // Unset: kept as written, both spellings; a default is used.
    let unset: Vec<&str> = finding(&r, "env-var-unset", "linear")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(unset.len(), 2, "{unset:?}");
    assert!(unset.iter().any(|m| m.starts_with("${LINEAR_API_TOKEN}")
        && m.contains("the literal text \"${LINEAR_API_TOKEN}\"")));
    assert!(unset.iter().any(|m| m.starts_with("$LINEAR_TEAM")));
    one_finding(&r, "env-var-unset", "context7");
    let lower = finding(&r, "env-not-expanded", "linear");
    assert_eq!(lower.len(), 1, "{:?}", r["findings"]);
    assert!(lower[0]["message"].as_str().unwrap().contains("upper-case"));
    // Set in the environment `copilot` starts from: nothing to say.
    let r = run(&[
        ("LINEAR_API_TOKEN", "t"),
        ("LINEAR_TEAM", "eng"),
        ("CTX_TOKEN", "c"),
    ]);
    no_finding(&r, "env-var-unset", "linear");
    no_finding(&r, "env-var-unset", "context7");
    // `COPILOT_HOME` moves its folder: the file under ~/.copilot is no longer its.
    let moved = h.path().join("elsewhere");
    std::fs::create_dir_all(&moved).unwrap();
    let r = run(&[("COPILOT_HOME", moved.to_str().unwrap())]);
    assert!(r["configs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["client"] == "copilot-cli" && c["scope"] == "user")
        .all(|c| c["status"] == "missing"
            && c["path"]
                .as_str()
                .unwrap()
                .ends_with("elsewhere/mcp-config.json")));
}

/// Copilot CLI spawns with cross-spawn, which finds npm's `npx.cmd` for a bare `npx` on Windows:
/// no `cmd /c` is needed, while Claude Code, on the same machine, is told it is.
#[test]
fn copilot_cli_starts_a_bare_npx_on_windows() {
    let h = home("facts-windows");
    std::fs::create_dir_all(h.path().join(".copilot")).unwrap();
    std::fs::write(
        h.path().join(".copilot").join("mcp-config.json"),
        r#"{"mcpServers": {"pw": {"type": "local", "command": "npx", "args": ["-y", "@playwright/mcp@latest"], "tools": ["*"]}}}"#,
    )
    .unwrap();
    let r = doctor(h.path(), &["check", "--os", "windows", "--json"])
        .env("PATH", r"C:\Users\Bob\Tools\nodejs")
        .env("USERPROFILE", r"C:\Users\Bob")
        .run()
        .json();
    assert!(r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["client"] == "copilot-cli" && s["name"] == "pw"));
    let npx = with_rule(&r, "windows-npx");
    assert!(npx.iter().all(|f| f["client"] != "copilot-cli"), "{npx:?}");
    assert!(npx.iter().any(|f| f["client"] == "claude-code"), "{npx:?}");
    assert!(rules_for(&r, "pw").is_empty(), "{:?}", rules_for(&r, "pw"));
}

/// Copilot CLI's session logs (`~/.copilot/logs/session-*.log`, `<ISO> [LEVEL] message`, a
/// server's stderr marked `[mcp server NAME stderr]`): read as its, each line given to the server
/// it names, and the same text pasted is recognised as Copilot CLI's.
#[test]
fn copilot_cli_logs_are_read_per_server() {
    let h = home("facts-copilot");
    let r = doctor(
        h.path(),
        &[
            "logs",
            "--os",
            "linux",
            "--since",
            "3650d",
            "--json",
            "--now",
            "2026-02-12T00:00:00Z",
        ],
    )
    .run()
    .json();
    let events = r["events"].as_array().unwrap();
    let of = |server: &str| -> Vec<&str> {
        events
            .iter()
            .filter(|e| e["client"] == "copilot-cli" && e["server"] == server)
            .map(|e| e["rule"].as_str().unwrap())
            .collect()
    };
    assert!(
        of("mysql_client").contains(&"log-missing-env"),
        "{events:?}"
    );
    assert!(!of("linear").is_empty(), "{events:?}");
    assert!(
        of("playwright").is_empty(),
        "a healthy start is no event: {events:?}"
    );
    let log = h.path().join(".copilot/logs/session-2f6c.log");
    let pasted = doctor(
        h.path(),
        &["logs", "--file", log.to_str().unwrap(), "--json"],
    )
    .run()
    .json();
    let ev = pasted["events"].as_array().unwrap();
    assert!(!ev.is_empty());
    assert!(ev.iter().all(|e| e["client"] == "copilot-cli"), "{ev:?}");
    assert!(ev
        .iter()
        .any(|e| e["server"] == "mysql_client" && e["rule"] == "log-missing-env"));
}

/// LM Studio (src/clients/lm_studio.rs): `mcp.json` in its data folder, `~/.lmstudio` or the path
/// `~/.lmstudio-home-pointer` holds (older installs' `~/.cache/lm-studio`); Cursor's notation, a
/// `url` without `type` is a remote server.
#[test]
fn lm_studio_reads_its_data_folder_through_the_home_pointer() {
    let h = home("facts-lmstudio");
    let r = linux_check(h.path()).run().json();
    let servers = r["servers"].as_array().unwrap();
    let hf = servers
        .iter()
        .find(|s| s["client"] == "lm-studio" && s["name"] == "hf-mcp-server")
        .expect("LM Studio's remote server");
    assert_eq!(hf["transport"], "http");
    no_finding(&r, "remote-missing-type", "hf-mcp-server");
    no_finding(&r, "entry-shape", "hf-mcp-server");
    // The pointer moves the data folder: the file under ~/.lmstudio is no longer read.
    let legacy = h.path().join(".cache").join("lm-studio");
    std::fs::create_dir_all(&legacy).unwrap();
    std::fs::write(
        legacy.join("mcp.json"),
        r#"{"mcpServers": {"legacy": {"command": "uvx", "args": ["mcp-server-time"]}}}"#,
    )
    .unwrap();
    std::fs::write(
        h.path().join(".lmstudio-home-pointer"),
        format!("{}\n", legacy.display()),
    )
    .unwrap();
    let r = linux_check(h.path()).run().json();
    let names: Vec<&str> = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["client"] == "lm-studio")
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["legacy"]);
}

/// The filesystem servers expand a leading `~` of their allowed directories themselves
/// (`expandHome` in modelcontextprotocol/servers src/filesystem/index.ts; `expand_home` in
/// rust-mcp-filesystem src/fs_service/core.rs): Claude Desktop hands `~/Documents` over
/// unexpanded, and the server still opens the home's Documents. The expanded folder is judged as
/// any path; another server's `~/…` is still reported.
#[test]
fn filesystem_servers_expand_their_own_tilde() {
    let h = common::empty_home();
    std::fs::create_dir_all(h.path().join("Documents")).unwrap();
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for n in ["npx", "rust-mcp-filesystem"] {
        std::fs::write(bin.join(n), "#!/bin/sh\necho 1.0.0\n").unwrap();
        common::make_executable(&bin.join(n));
    }
    let cfg = h
        .path()
        .join("Library/Application Support/Claude/claude_desktop_config.json");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(
        &cfg,
        r#"{"mcpServers": {
  "official": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@latest", "~/Documents"]},
  "rust": {"command": "rust-mcp-filesystem", "args": ["~/Documents"]},
  "gone": {"command": "rust-mcp-filesystem", "args": ["~/Nowhere"]},
  "other": {"command": "npx", "args": ["-y", "some-other-server", "~/Documents"]}
}}"#,
    )
    .unwrap();
    let r = doctor(
        h.path(),
        &["check", "--os", "macos", "--json", "--no-platform"],
    )
    .env("PATH", &format!("{}:/usr/bin:/bin", bin.display()))
    .run()
    .json();
    for s in ["official", "rust", "gone"] {
        no_finding(&r, "tilde-path", s);
    }
    no_finding(&r, "path-missing", "official");
    no_finding(&r, "path-missing", "rust");
    one_finding(&r, "path-missing", "gone");
    one_finding(&r, "tilde-path", "other");

    // On Windows the official server still takes only `~/…`; rust-mcp-filesystem's `~` component
    // is also the start of `~\…`.
    let w = common::empty_home();
    std::fs::create_dir_all(w.path().join("Documents")).unwrap();
    let tools = w.path().join("Tools/bin");
    std::fs::create_dir_all(&tools).unwrap();
    for n in ["npx.cmd", "rust-mcp-filesystem.exe"] {
        std::fs::write(tools.join(n), "").unwrap();
    }
    let cfg = w
        .path()
        .join("AppData/Roaming/Claude/claude_desktop_config.json");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(
        &cfg,
        r#"{"mcpServers": {
  "official-slash": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "~/Documents"]},
  "official-backslash": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "~\\Documents"]},
  "rust-backslash": {"command": "rust-mcp-filesystem", "args": ["~\\Documents"]}
}}"#,
    )
    .unwrap();
    let r = doctor(
        w.path(),
        &["check", "--os", "windows", "--json", "--no-platform"],
    )
    .env("PATH", r"C:\Users\Bob\Tools\bin")
    .env("USERPROFILE", r"C:\Users\Bob")
    .run()
    .json();
    no_finding(&r, "tilde-path", "official-slash");
    one_finding(&r, "tilde-path", "official-backslash");
    no_finding(&r, "tilde-path", "rust-backslash");
    no_finding(&r, "path-missing", "rust-backslash");
}

/// Amazon Q CLI (src/clients/amazon_q_cli.rs, from aws/amazon-q-developer-cli's code): the global
/// `~/.aws/amazonq/mcp.json` and the workspace's `.amazonq/mcp.json`; `type` is exactly `stdio` or
/// `http` (no legacy SSE: the fix does not offer it); `oauthScopes` is its own key; `${env:NAME}`
/// in `env` is expanded.
#[test]
fn amazon_q_cli_files_types_and_env_references() {
    let h = home("facts-amazonq");
    let run = |extra: &[(&str, &str)]| check_in_proj(h.path(), extra);
    let r = run(&[]);
    let scopes = ok_scopes(&r, "amazon-q-cli");
    assert!(
        scopes.contains(&"user") && scopes.contains(&"project"),
        "{scopes:?}"
    );
    no_finding(&r, "entry-shape", "remote");
    no_finding(&r, "unknown-key", "remote");
    no_finding(&r, "unknown-key", "strands");
    one_finding(&r, "entry-shape", "streamable");
    let untyped = finding(&r, "remote-missing-type", "untyped");
    assert_eq!(untyped.len(), 1, "{:?}", r["findings"]);
    let msg = untyped[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("\"type\": \"http\"") && !msg.contains("sse"),
        "{msg}"
    );
    assert!(finding(&r, "env-var-unset", "strands")
        .iter()
        .any(|f| f["message"]
            .as_str()
            .unwrap()
            .contains("AMAZONQ_TEST_PROFILE")));
    let r = run(&[("AMAZONQ_TEST_PROFILE", "dev")]);
    assert!(
        finding(&r, "env-var-unset", "strands").is_empty(),
        "{:?}",
        r["findings"]
    );
}

/// Kiro (src/clients/kiro.rs, from its docs): the user's `~/.kiro/settings/mcp.json` and the
/// workspace's `.kiro/settings/mcp.json`, merged with the workspace's entry winning; its own keys
/// (`autoApprove`, `disabledTools`, `oauth`, `oauthScopes`) are not unknown; a remote entry needs
/// no `type`; `${NAME}` in `env` and `headers` is expanded from the environment.
#[test]
fn kiro_files_keys_and_references() {
    let h = home("facts-kiro");
    let run = |extra: &[(&str, &str)]| check_in_proj(h.path(), extra);
    let r = run(&[]);
    let scopes = ok_scopes(&r, "kiro");
    assert_eq!(scopes, ["user", "project"], "{:?}", r["configs"]);
    for s in ["web-search", "api-server"] {
        no_finding(&r, "unknown-key", s);
        no_finding(&r, "entry-shape", s);
        no_finding(&r, "remote-missing-type", s);
    }
    // The user's `web-search` is the workspace's too: the workspace's definition is the one used.
    one_finding(&r, "server-shadowed", "web-search");
    assert!(finding(&r, "env-var-unset", "api-server")
        .iter()
        .any(|f| f["message"].as_str().unwrap().contains("KIRO_TEST_TOKEN")));
    let r = run(&[("KIRO_TEST_TOKEN", "t"), ("KIRO_TEST_BRAVE_KEY", "k")]);
    for s in ["web-search", "api-server"] {
        no_finding(&r, "env-var-unset", s);
        no_finding(&r, "env-not-expanded", s);
    }
}

/// opencode (src/clients/opencode.rs, from anomalyco/opencode's code): the global
/// `~/.config/opencode/opencode.json` and a project's `opencode.jsonc` (comments, trailing
/// commas); `mcp` entries with `command` as one list (program, then arguments), `environment`,
/// `type` exactly `local` or `remote`; `{env:NAME}` expanded (an unset one empty), `${NAME}` not;
/// `{"enabled": false}` alone turns off a server another file defines.
#[test]
fn opencode_files_command_lists_and_env_references() {
    let h = home("facts-opencode");
    let run = |extra: &[(&str, &str)]| check_in_proj(h.path(), extra);
    let r = run(&[]);
    let scopes = ok_scopes(&r, "opencode");
    assert_eq!(scopes, ["user", "project"], "{:?}", r["configs"]);
    // The list is the program and its arguments.
    let fs = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["client"] == "opencode" && s["name"] == "fs" && s["scope"] == "user")
        .unwrap();
    assert_eq!(fs["command"], "npx", "{fs}");
    assert_eq!(
        fs["args"],
        serde_json::json!(["-y", "@modelcontextprotocol/server-filesystem", "/tmp"])
    );
    for s in ["fs", "remote", "memory", "dollar"] {
        no_finding(&r, "entry-shape", s);
        no_finding(&r, "unknown-key", s);
    }
    one_finding(&r, "entry-shape", "stdio-typed");
    one_finding(&r, "entry-shape", "one-string");
    one_finding(&r, "entry-shape", "empty-list");
    one_finding(&r, "env-not-expanded", "dollar");
    // An entry copied from another client's README: `args`, `env` and no `type`, each refused by
    // opencode's strict schema, each said with what to write instead.
    let copied: Vec<String> = finding(&r, "entry-shape", "from-a-readme")
        .iter()
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(copied.len(), 3, "{copied:?}");
    assert!(
        copied
            .iter()
            .any(|m| m
                .contains(r#""command": ["npx","-y","@modelcontextprotocol/server-everything"]"#)),
        "{copied:?}"
    );
    assert!(
        copied.iter().any(|m| m.contains("\"environment\"")),
        "{copied:?}"
    );
    assert!(
        copied.iter().any(|m| m.contains(r#""type": "local""#)),
        "{copied:?}"
    );
    // `{env:NAME}` unset: an empty value, said with the reference as written (not redacted: it
    // holds no secret), and not taken for a secret in plain text.
    let unset = finding(&r, "env-var-unset", "remote");
    assert_eq!(unset.len(), 1, "{:?}", r["findings"]);
    let msg = unset[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("{env:OPENCODE_TEST_TOKEN}") && msg.contains("empty value"),
        "{msg}"
    );
    no_finding(&r, "plaintext-secret", "remote");
    let r = run(&[("OPENCODE_TEST_TOKEN", "t0ken-value")]);
    for s in ["fs", "remote"] {
        no_finding(&r, "env-var-unset", s);
    }
}

/// Visual Studio (src/clients/visual_studio.rs, from its docs): on Windows, `%USERPROFILE%\.mcp.json`
/// and a solution's `.vs\mcp.json`, read under `servers` (the docs' examples) or `mcpServers` (the
/// shape of Cursor's file, which it reads too); the docs' bare `npx` starts without `cmd /c`;
/// `${input:id}` from the file's `inputs`; the docs' three transports. Nowhere else: Visual Studio
/// runs on Windows only.
#[test]
fn visual_studio_files_keys_and_launchers() {
    let h = home("facts-visual-studio");
    let windows_check = || {
        doctor(
            h.path(),
            &["check", "--os", "windows", "--json", "--no-platform"],
        )
        .env("PATH", r"C:\Users\Bob\Tools\nodejs")
        .env("USERPROFILE", r"C:\Users\Bob")
        .cwd(&h.path().join("proj"))
        .run()
        .json()
    };
    // The configs listed at the home folder's .mcp.json.
    let home_file = |r: &Value| -> Vec<Value> {
        r["configs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["path"] == r"C:\Users\Bob\.mcp.json")
            .cloned()
            .collect()
    };
    let r = windows_check();
    let scopes = ok_scopes(&r, "visual-studio");
    assert_eq!(scopes, ["user", "project"], "{:?}", r["configs"]);
    // The user file is Visual Studio's, not also a Claude Code project file of the home folder.
    assert!(
        home_file(&r).iter().all(|c| c["client"] == "visual-studio"),
        "{:?}",
        r["configs"]
    );
    let listed: Vec<&str> = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["client"] == "visual-studio")
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["memory", "github", "azure", "local", "typo"]);
    for s in ["memory", "github", "azure", "local"] {
        assert!(rules_for(&r, s).is_empty(), "{s}: {:?}", r["findings"]);
    }
    one_finding(&r, "entry-shape", "typo");
    // The same home read as Linux's: no Visual Studio file.
    let r = linux_check(h.path())
        .cwd(&h.path().join("proj"))
        .run()
        .json();
    assert!(
        ok_scopes(&r, "visual-studio").is_empty(),
        "{:?}",
        r["configs"]
    );
    // Where Visual Studio never ran (no %LOCALAPPDATA%\Microsoft\VisualStudio), the home's
    // .mcp.json is not its user file: Claude Code's project file of the home folder, as before.
    std::fs::remove_dir_all(h.path().join("AppData/Local/Microsoft/VisualStudio")).unwrap();
    let r = windows_check();
    assert_eq!(
        ok_scopes(&r, "visual-studio"),
        ["project"],
        "{:?}",
        r["configs"]
    );
    let home_file = home_file(&r);
    assert_eq!(home_file.len(), 1, "{:?}", r["configs"]);
    assert_eq!(home_file[0]["client"], "claude-code");
    assert_eq!(home_file[0]["scope"], "project");
}

/// JetBrains Junie (src/clients/junie.rs, from its CLI docs as cited and laravel/boost's
/// `Junie.php`): `~/.junie/mcp/mcp.json` and a project's `.junie/mcp/mcp.json`, both under
/// `mcpServers`; a README's `npx` block and a `url`/`headers` entry (no `type`) raise nothing; the
/// `timeout` of dagger/container-use's Junie block is no unknown key; a misspelt `arguments` still
/// is. On Windows the user file is `%USERPROFILE%\.junie\mcp\mcp.json` and a bare `npx` is no
/// launcher warning (both modelled leniently).
#[test]
fn junie_files_and_readme_entries() {
    let h = home("facts-junie");
    let bin = h.path().join("bin").display().to_string();
    let r = doctor(
        h.path(),
        &["check", "--os", "linux", "--json", "--no-platform"],
    )
    .env("PATH", &format!("{bin}:/usr/bin:/bin"))
    .env("JUNIE_TEST_TOKEN", "t")
    .cwd(&h.path().join("proj"))
    .run()
    .json();
    let scopes = ok_scopes(&r, "junie");
    assert_eq!(scopes, ["user", "project"], "{:?}", r["configs"]);
    let listed = |r: &Value| -> Vec<String> {
        r["servers"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["client"] == "junie")
            .map(|s| s["name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        listed(&r),
        ["memory", "remote", "everything", "container-use", "typo"]
    );
    for s in ["memory", "remote", "everything"] {
        assert!(rules_for(&r, s).is_empty(), "{s}: {:?}", r["findings"]);
    }
    no_finding(&r, "unknown-key", "container-use");
    no_finding(&r, "entry-shape", "container-use");
    one_finding(&r, "unknown-key", "typo");
    // `${NAME}` in a header is read as a reference: unset, it is said.
    let r = doctor(
        h.path(),
        &["check", "--os", "linux", "--json", "--no-platform"],
    )
    .env("PATH", &format!("{bin}:/usr/bin:/bin"))
    .cwd(&h.path().join("proj"))
    .run()
    .json();
    assert!(finding(&r, "env-var-unset", "remote")
        .iter()
        .any(|f| f["message"].as_str().unwrap().contains("JUNIE_TEST_TOKEN")));
    // Windows: the same two files, and the README's bare `npx` starts.
    let r = doctor(
        h.path(),
        &["check", "--os", "windows", "--json", "--no-platform"],
    )
    .env("PATH", r"C:\Users\Bob\Tools\nodejs")
    .env("USERPROFILE", r"C:\Users\Bob")
    .env("JUNIE_TEST_TOKEN", "t")
    .cwd(&h.path().join("proj"))
    .run()
    .json();
    let user: Vec<&Value> = r["configs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["client"] == "junie" && c["status"] == "ok")
        .collect();
    assert_eq!(user.len(), 2, "{:?}", r["configs"]);
    assert_eq!(user[0]["path"], r"C:\Users\Bob\.junie\mcp\mcp.json");
    for s in ["memory", "remote", "everything"] {
        assert!(rules_for(&r, s).is_empty(), "{s}: {:?}", r["findings"]);
    }
}

/// An entry's `env.PATH` with a folder its README describes instead of naming (harness'
/// `"PATH": "/directory/containing/node:/usr/local/bin:/usr/bin:/bin"`,
/// https://github.com/harness/mcp-server/blob/59bfd120f9619cf1b232825a2286bfacc6d7ee0c/README.md,
/// "Claude Desktop" and "Cursor"; testdata/readme-configs 732 and 733) is a placeholder for the
/// reader to fill in: `npx`'s `#!/usr/bin/env node` finds node in the folder they will write,
/// so no interpreter-not-found, but an env-placeholder. A real PATH without node still is one.
#[test]
fn a_placeholder_folder_in_an_entry_path_is_left_to_the_reader() {
    let h = common::empty_home();
    let npx = h.path().join("tools").join("npx");
    std::fs::create_dir_all(npx.parent().unwrap()).unwrap();
    std::fs::write(&npx, "#!/usr/bin/env node\nconsole.log(1)\n").unwrap();
    common::make_executable(&npx);
    let npx = npx.display().to_string();
    let cfg = h.path().join(".cursor").join("mcp.json");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    let entry = |path: &str| serde_json::json!({"command": npx, "args": ["-y", "some-mcp"], "env": {"PATH": path}});
    let text = serde_json::json!({"mcpServers": {
        "real": entry("/nonexistent-a:/nonexistent-b"),
        "readme": entry("/directory/containing/node:/nonexistent-b"),
    }});
    std::fs::write(&cfg, text.to_string()).unwrap();
    let r = linux_check(h.path()).run().json();
    one_finding(&r, "interpreter-not-found", "real");
    no_finding(&r, "interpreter-not-found", "readme");
    let ph = finding(&r, "env-placeholder", "readme");
    assert_eq!(ph.len(), 1, "{:?}", r["findings"]);
    assert!(ph[0]["message"]
        .as_str()
        .unwrap()
        .contains("/directory/containing/node"));
    no_finding(&r, "env-placeholder", "real");
}

/// A stand-in folder with spaces in brackets (Power BI Modeling MCP's manual block,
/// `"command": "[Path To MCP Server folder]\\powerbi-modeling-mcp.exe"`, testdata/readme-configs
/// 804) is a placeholder to replace, not a command line split at its spaces; a real command line
/// in `command` still is one.
#[test]
fn a_bracketed_folder_with_spaces_is_a_placeholder_not_a_command_line() {
    let r = check_one(
        ".vscode/mcp.json",
        r#"{"servers": {
            "pbi": {"type": "stdio", "command": "[Path To MCP Server folder]/powerbi-modeling-mcp", "args": ["--start"]},
            "line": {"type": "stdio", "command": "npx -y @scope/server"}
        }}"#,
        &[],
    );
    no_finding(&r, "command-line-in-command", "pbi");
    let f = finding(&r, "relative-path", "pbi");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("a placeholder left from an example"));
    one_finding(&r, "command-line-in-command", "line");
}

/// uv resolves a relative path after `--directory X` against X ("relative paths are resolved
/// with the given directory as the base", uv's CLI reference), also when X is itself relative
/// (couchbase's `"--directory", "path/to/cloned/repo/mcp-server-couchbase/", "run",
/// "src/mcp_server.py"`, testdata/readme-configs 815): X's own finding is the one to report, not
/// the script's. The same script without `--directory` is the client's start folder's.
#[test]
fn a_path_after_a_relative_uv_directory_is_the_directorys() {
    let r = check_one(
        ".cursor/mcp.json",
        r#"{"mcpServers": {
            "src": {"command": "uv", "args": ["--directory", "path/to/cloned/repo/server/", "run", "src/main.py"]},
            "eq": {"command": "uv", "args": ["--directory=checkout/server", "run", "src/main.py"]},
            "bare": {"command": "python3", "args": ["src/main.py"]}
        }}"#,
        &[],
    );
    let f = finding(&r, "relative-path", "src");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    assert!(f[0]["message"]
        .as_str()
        .unwrap()
        .contains("path/to/cloned/repo/server/"));
    assert!(finding(&r, "relative-path", "eq")
        .iter()
        .all(|f| !f["message"].as_str().unwrap().contains("src/main.py")));
    one_finding(&r, "relative-path", "bare");
}

/// VS Code reads `servers` (and `inputs`) of an `mcp.json`, nothing else: its scanner takes
/// `scannedMcpServers.servers` only (src/vs/platform/mcp/common/mcpResourceScannerService.ts
/// `fromUserMcpServers`, `fromWorkspaceFolderMcpServers`). Servers under `mcpServers` beside
/// `servers` never load, and the doctor says which; a file with `servers` alone draws nothing.
#[test]
fn vs_code_reads_servers_not_mcp_servers_beside_it() {
    let both = check_one(
        ".vscode/mcp.json",
        r#"{"servers": {"a": {"type": "http", "url": "https://example.com/a/mcp"}},
            "mcpServers": {"b": {"type": "http", "url": "https://example.com/b/mcp"},
                           "c": {"type": "http", "url": "https://example.com/c/mcp"}}}"#,
        &[],
    );
    let f = with_rule(&both, "top-key-misspelt");
    assert_eq!(f.len(), 1, "{:?}", both["findings"]);
    assert!(f[0]["message"].as_str().unwrap().contains("(b, c)"));
    let names: Vec<&str> = both["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["client"] == "vscode")
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a"]);
    let alone = check_one(
        ".vscode/mcp.json",
        r#"{"servers": {"a": {"type": "http", "url": "https://example.com/a/mcp"}}}"#,
        &[],
    );
    assert!(with_rule(&alone, "top-key-misspelt").is_empty());
}

/// `${input:id}` is VS Code's: it prompts from the file's `inputs` list. Cursor's `mcp.json` has
/// no such list (microsoft/apm#344: Cursor is among the "runtimes that don't support input
/// prompts") and Copilot CLI expands upper-case `$NAME`/`${NAME}` only (github/copilot-cli#1841,
/// "Support for ${input:name} in mcp.json", open): both send the text as written, a warning.
/// Copilot CLI's own `${NAME:-default}` stays unflagged.
#[test]
fn input_references_resolve_only_where_an_inputs_list_defines_them() {
    let entry = r#"{"type": "http", "url": "https://example.com/mcp",
        "headers": {"Authorization": "Bearer ${input:key}"}}"#;
    let cursor = check_one(
        ".cursor/mcp.json",
        &format!(r#"{{"mcpServers": {{"remote": {entry}}}}}"#),
        &[],
    );
    one_finding(&cursor, "env-not-expanded", "remote");
    let copilot = check_one(
        ".copilot/mcp-config.json",
        &format!(
            r#"{{"mcpServers": {{"remote": {entry},
                "dflt": {{"type": "http", "url": "https://example.com/mcp",
                    "headers": {{"Authorization": "Bearer ${{TOKEN:-none}}"}}}}}}}}"#
        ),
        &[],
    );
    one_finding(&copilot, "env-not-expanded", "remote");
    no_finding(&copilot, "env-not-expanded", "dflt");
    let vscode = check_one(
        ".vscode/mcp.json",
        &format!(
            r#"{{"servers": {{"remote": {entry}}},
                "inputs": [{{"id": "key", "type": "promptString", "password": true}}]}}"#
        ),
        &[],
    );
    no_finding(&vscode, "env-not-expanded", "remote");
    no_finding(&vscode, "env-var-unset", "remote");
}
