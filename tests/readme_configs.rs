//! Healthy configs as popular servers' READMEs and the clients' own docs tell users to write them
//! (`testdata/readme-configs/`, each with its source in INDEX.md): placed where their client reads
//! them, with every launcher they name on the PATH, `check` raises no error or warning on them,
//! but for what the README leaves to the user (a placeholder to replace, a variable to set).
//! Blocks written for Windows run with `--os windows`, a Windows PATH of `.cmd`/`.exe` launchers.
mod common;
use common::*;
use std::path::Path;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/readme-configs");

/// Launchers the READMEs name, as stubs that print a version.
const STUBS: &[(&str, &str)] = &[
    ("npx", "10.9.0"),
    ("npm", "10.9.0"),
    ("node", "v22.11.0"),
    ("uvx", "uvx 0.5.0"),
    ("uv", "uv 0.5.0"),
    ("docker", "Docker version 27.0.0"),
    ("python", "Python 3.12.1"),
    ("python3", "Python 3.12.1"),
    ("bunx", "1.1.0"),
    ("bun", "1.1.0"),
    ("deno", "deno 2.0.0"),
    ("pipx", "1.7.1"),
    ("pnpm", "9.0.0"),
    ("go", "go version go1.23.0 darwin/arm64"),
    ("dotnet", "9.0.100"),
    ("dnx", "10.0.100"),
    // Installed by the README's own first step (`uv tool install`, `npm install -g`).
    ("serena", "serena 0.1.4"),
    ("anytype-mcp", "1.0.0"),
];

/// What a README takes as already installed besides launchers: (file, path under the home, text).
const INSTALLED: &[(&str, &str, &str)] = &[(
    "177-example-gemini-extension-override.json",
    ".gemini/extensions/google-workspace/gemini-extension.json",
    r#"{"name": "google-workspace", "version": "1.0.0", "mcpServers": {"google-workspace": {"command": "node", "args": ["${extensionPath}/dist/index.js"]}}}"#,
)];

/// Where the client reads the block (macOS), and the project folder to run from when it is a
/// project file.
fn place_for(client: &str, text: &str, file: &str) -> Option<(String, Option<&'static str>)> {
    let c = client.to_ascii_lowercase();
    let user = |p: &str| Some((p.to_string(), None));
    if c.contains("claude desktop") {
        user("Library/Application Support/Claude/claude_desktop_config.json")
    } else if c.contains("claude code") {
        Some(("proj/.mcp.json".into(), Some("proj")))
    } else if c.contains("cursor (project)") {
        Some(("proj/.cursor/mcp.json".into(), Some("proj")))
    } else if c.contains("cursor") || c.starts_with("any") {
        user(".cursor/mcp.json")
    } else if c.contains("vs code") {
        if !text.contains("\"mcp\"") {
            Some(("proj/.vscode/mcp.json".into(), Some("proj")))
        } else {
            user("Library/Application Support/Code/User/settings.json")
        }
    } else if c.contains("windsurf") {
        user(".codeium/windsurf/mcp_config.json")
    } else if c.contains("cline") {
        user("Library/Application Support/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json")
    } else if c.contains("roo") {
        user("Library/Application Support/Code/User/globalStorage/rooveterinaryinc.roo-cline/settings/mcp_settings.json")
    } else if c.contains("zed") {
        user(".config/zed/settings.json")
    } else if c.contains("gemini") {
        user(".gemini/settings.json")
    } else if c.contains("codex") {
        user(".codex/config.toml")
    } else if c.contains("continue") {
        Some((format!("proj/.continue/mcpServers/{file}"), Some("proj")))
    } else if c.contains("goose") {
        user(".config/goose/config.yaml")
    } else {
        None
    }
}

/// Launchers as a Windows PATH holds them (`npx.cmd` shims, `.exe` programs), for the README
/// blocks written for Windows (`cmd /c npx`, `C:\…` paths).
const WINDOWS_TOOLS: &[&str] = &[
    "npx.cmd",
    "npm.cmd",
    "node.exe",
    "uvx.exe",
    "uv.exe",
    "docker.exe",
    "python.exe",
    "bunx.cmd",
    "deno.exe",
    "pipx.exe",
    "wsl.exe",
];

/// Where the client reads the block on Windows (the home is `C:\Users\Bob`).
fn windows_place_for(client: &str) -> Option<(String, Option<&'static str>)> {
    let c = client.to_ascii_lowercase();
    let user = |p: &str| Some((p.to_string(), None));
    if c.contains("claude desktop") {
        user("AppData/Roaming/Claude/claude_desktop_config.json")
    } else if c.contains("cursor") {
        user(".cursor/mcp.json")
    } else if c.contains("cline") {
        user("AppData/Roaming/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json")
    } else if c.contains("roo") {
        Some(("proj/.roo/mcp.json".into(), Some("proj")))
    } else if c.contains("codex") {
        user(".codex/config.toml")
    } else {
        None
    }
}

/// What a README leaves to its reader: a value to replace or a variable to set.
fn left_to_the_user(f: &serde_json::Value) -> bool {
    let rule = f["rule"].as_str().unwrap_or("");
    let msg = f["message"].as_str().unwrap_or("").to_ascii_lowercase();
    let placeholder = [
        "username", "yourname", "your", "path/to", "<", "/users/", "xxx",
    ]
    .iter()
    .any(|w| msg.contains(w));
    // An `env` value left `""` in the README is one to fill in, as a placeholder is.
    matches!(rule, "env-var-unset" | "env-placeholder" | "env-empty")
        || (placeholder && matches!(rule, "path-missing" | "command-missing" | "wsl-path"))
        || (rule == "relative-path" && msg.contains("a placeholder left from an example"))
}

/// Findings the doctor keeps on purpose, each with its reason.
const KEPT: &[(&str, &str, &str)] = &[
    (
        "97-example-cline-sse-headers.json",
        "remote-missing-type",
        "Cline reads an untyped url as legacy SSE (schemas.ts); a /mcp URL is Streamable HTTP by convention, which a Streamable-only server refuses to SSE",
    ),
    (
        "89-example-gemini-python-cwd-env.json",
        "relative-path",
        "Gemini CLI's docs put a relative cwd in the user settings: it resolves against the folder gemini starts in (a warning: works from one folder only)",
    ),
    (
        "92-example-gemini-node-trust.json",
        "relative-path",
        "as above",
    ),
    (
        "190-example-goose-websocket.yaml",
        "entry-shape",
        "Goose's docs show `type: websocket`, but Goose's own ExtensionConfig (crates/goose/src/agents/extension.rs) has no such variant: the file fails to load",
    ),
    (
        "189-dbhub-cursor-windows-npx.json",
        "windows-npx",
        "UNVERIFIED: Cursor's launcher is not public; the doctor assumes it spawns without a shell, where Node cannot run npx.cmd (nodejs 69ffc6d). dbhub's docs say the bare npx works",
    ),
    (
        "99-example-claude-code-stdio-env-default.json",
        "relative-path",
        "the docs' example names the reader's own script (./my-mcp-server.js), which does not exist here",
    ),
];

#[test]
fn readme_configs_raise_no_false_alarm() {
    let index = std::fs::read_to_string(Path::new(DIR).join("INDEX.md"))
        .expect("testdata/readme-configs/INDEX.md is missing");
    let mut checked = 0;
    let mut checked_windows = 0;
    let mut seen = std::collections::HashSet::new();
    let mut wrong = Vec::new();
    for line in index.lines() {
        let cells: Vec<&str> = line
            .trim()
            .trim_matches('|')
            .split('|')
            .map(str::trim)
            .collect();
        if cells.len() < 3
            || !cells[0].ends_with(|c: char| c.is_ascii_alphabetic())
            || !cells[0].contains('.')
        {
            continue;
        }
        let file = cells[0].trim_matches('`');
        // The first row names the file; later tables (not strict JSON, ...) only mention it.
        if !seen.insert(file) {
            continue;
        }
        let client = cells[2];
        let Ok(text) = std::fs::read_to_string(Path::new(DIR).join(file)) else {
            continue;
        };
        let windows = client.contains("Windows");
        let placed = if windows {
            windows_place_for(client)
        } else {
            place_for(client, &text, file)
        };
        let Some((rel, proj)) = placed else {
            continue;
        };
        let h = empty_home();
        let bin = h.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        let win_bin = h.path().join("Tools").join("bin");
        std::fs::create_dir_all(&win_bin).unwrap();
        for name in WINDOWS_TOOLS {
            std::fs::write(win_bin.join(name), "").unwrap();
        }
        for (name, version) in STUBS {
            let p = bin.join(name);
            std::fs::write(&p, format!("#!/bin/sh\necho '{version}'\n")).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            }
        }
        for (_, at, body) in INSTALLED.iter().filter(|(f, _, _)| *f == file) {
            let p = h.path().join(at);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        let dst = h.path().join(&rel);
        std::fs::create_dir_all(dst.parent().unwrap()).unwrap();
        std::fs::write(&dst, &text).unwrap();
        let cwd = match proj {
            Some(p) => h.path().join(p),
            None => h.path().to_path_buf(),
        };
        std::fs::create_dir_all(&cwd).unwrap();
        let run = if windows {
            doctor(
                h.path(),
                &["check", "--json", "--no-platform", "--os", "windows"],
            )
            .env("PATH", r"C:\Users\Bob\Tools\bin")
            .env("USERPROFILE", r"C:\Users\Bob")
        } else {
            doctor(
                h.path(),
                &["check", "--json", "--no-platform", "--os", "macos"],
            )
            .env("PATH", &format!("{}:/usr/bin:/bin", bin.display()))
        };
        let r = run.cwd(&cwd).run().json();
        if windows {
            checked_windows += 1;
        }
        checked += 1;
        for f in r["findings"].as_array().unwrap() {
            let sev = f["severity"].as_str().unwrap_or("");
            if sev != "error" && sev != "warning" {
                continue;
            }
            let rule = f["rule"].as_str().unwrap_or("");
            if left_to_the_user(f) || KEPT.iter().any(|(k, r, _)| *k == file && *r == rule) {
                continue;
            }
            wrong.push(format!("{file} ({client}): {sev} {rule}: {}", f["message"]));
        }
    }
    assert!(checked >= 150, "only {checked} README configs were checked");
    assert!(
        checked_windows >= 10,
        "only {checked_windows} Windows README configs were checked"
    );
    assert!(
        wrong.is_empty(),
        "{} false alarm(s):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
