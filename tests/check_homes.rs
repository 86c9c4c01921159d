//! `check` through the real binary on fake macOS, Windows and Linux homes.
mod common;
use common::*;

#[test]
fn macos_claude_desktop_as_users_write_it() {
    let h = home("macos-desktop");
    let path = format!(
        "/usr/bin:/bin:{}/.nvm/versions/node/v20.11.1/bin",
        "/Users/alice"
    );
    let out = doctor(h.path(), &["check", "--os", "macos", "--json"])
        .env("PATH", &path)
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let r = out.json();
    assert_eq!(r["schema"], "mcp-doctor/report/v1");
    assert_eq!(r["host"]["os"], "macos");
    // `~/Documents` reaches the filesystem server unexpanded (Claude Desktop runs no shell), and
    // the server expands it itself (`expandHome`, modelcontextprotocol/servers
    // src/filesystem/index.ts): it names the home's Documents folder, which is there.
    let tilde = with_rule(&r, "tilde-path");
    assert!(tilde.is_empty(), "{tilde:?}");
    assert!(
        !rules_of(&r, "filesystem").contains(&"path-missing".to_string()),
        "{:?}",
        rules_of(&r, "filesystem")
    );
    // npx is in nvm's folder, which Claude Desktop on macOS puts before launchd's PATH for the
    // servers it starts (directus/mcp#2's logged PATH): found, not reported missing.
    let app = with_rule(&r, "command-not-on-app-path");
    assert!(!app.iter().any(|f| f["server"] == "filesystem"), "{app:?}");
    assert!(
        !rules_of(&r, "filesystem").contains(&"command-not-found".to_string()),
        "{:?}",
        rules_of(&r, "filesystem")
    );
    // cwd is ignored by Claude Desktop, and the relative arg is then wrong.
    assert!(rules_of(&r, "weather").contains(&"cwd-ignored".to_string()));
    assert!(rules_of(&r, "weather").contains(&"relative-path".to_string()));
    // A whole command line in "command", with the split that was meant.
    let cl = with_rule(&r, "command-line-in-command");
    assert_eq!(cl.len(), 1);
    assert!(
        cl[0]["message"]
            .as_str()
            .unwrap()
            .contains(r#""command": "npx", "args": ["-y","@modelcontextprotocol/server-github"]"#),
        "{}",
        cl[0]
    );
    // Remote entries in Claude Desktop's file are ignored.
    assert_eq!(
        with_rule(&r, "remote-in-claude-desktop")[0]["server"],
        "linear"
    );
    // A missing absolute script.
    assert_eq!(with_rule(&r, "path-missing")[0]["server"], "notes");
    // The secret never reaches the output.
    assert!(!out.stdout.contains("FIXTURESECRET"), "secret leaked");
    assert_eq!(with_rule(&r, "plaintext-secret").len(), 1);
    // Ranked causes: blocking ones first, each with a fix.
    let causes = r["causes"].as_array().unwrap();
    assert_eq!(causes[0]["rank"], 1);
    assert_ne!(causes[0]["cause"], "insecure-config");
    assert!(causes
        .iter()
        .all(|c| !c["fix"]["summary"].as_str().unwrap().is_empty()));
    let scores: Vec<f64> = causes
        .iter()
        .map(|c| c["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn human_output_matches_json_exit_code_and_hides_secrets() {
    let h = home("macos-desktop");
    let out = doctor(h.path(), &["check", "--os", "macos"])
        .env("PATH", "/usr/bin")
        .run();
    assert_eq!(out.code, 1);
    assert!(out.stdout.contains("Claude Desktop"), "{}", out.stdout);
    assert!(out.stdout.contains("✗ weather"), "{}", out.stdout);
    assert!(out.stdout.contains("fix:"), "{}", out.stdout);
    assert!(out.stdout.contains("Most likely"), "{}", out.stdout);
    assert!(!out.stdout.contains("FIXTURESECRET"));
    assert!(!out.stdout.contains("\u{1b}["), "colour with --color never");
    let v = doctor(h.path(), &["check", "--os", "macos", "-v"])
        .env("PATH", "/usr/bin")
        .run();
    assert!(v.stdout.contains("Where mcp-doctor looked"), "{}", v.stdout);
    assert!(v.stdout.contains("not found"));
}

#[test]
fn windows_home_analysed_on_any_os() {
    let h = home("windows-msix");
    let path = r"C:\WINDOWS\system32;C:\Users\Bob\Tools\nodejs";
    let out = doctor(h.path(), &["check", "--os", "windows", "--json"])
        .env("PATH", path)
        .env("USERPROFILE", r"C:\Users\Bob")
        .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let r = out.json();
    // The MSIX build reads its virtualised copy; the classic file is never read.
    let never = with_rule(&r, "config-never-read");
    assert_eq!(never.len(), 1, "{never:?}");
    assert!(never[0]["evidence"][0]["path"]
        .as_str()
        .unwrap()
        .contains(r"AppData\Roaming\Claude"));
    let cfgs = r["configs"].as_array().unwrap();
    let msix = cfgs
        .iter()
        .find(|c| c["path"].as_str().unwrap().contains("Claude_pzs8sxrjxfjjc"))
        .unwrap();
    assert_eq!(msix["status"], "ok");
    assert_eq!(msix["servers"], serde_json::json!(["weather", "revit"]));
    // A WSL path used from Windows, and a path wrapped in literal quotes.
    assert_eq!(with_rule(&r, "wsl-path")[0]["server"], "weather");
    assert_eq!(with_rule(&r, "quoted-path")[0]["server"], "revit");
    // Claude Code cannot spawn npx.cmd without cmd /c (its own diagnostics say so); Cursor
    // starts the same bare `npx` (src/clients/cursor.rs), and the wrapped entry is fine.
    let npx = with_rule(&r, "windows-npx");
    assert_eq!(npx.len(), 1, "{npx:?}");
    assert_eq!(npx[0]["server"], "everything");
    assert_eq!(npx[0]["client"], "claude-code");
    assert!(
        rules_of(&r, "wrapped").is_empty(),
        "{:?}",
        rules_of(&r, "wrapped")
    );
    // ${env:ACME_API_KEY} is unset; the Windows path in args resolves (case-insensitively) to the fixture.
    assert_eq!(rules_of(&r, "tokens"), vec!["env-var-unset".to_string()]);
    let with_env = doctor(h.path(), &["check", "--os", "windows", "--json"])
        .env("PATH", path)
        .env("acme_api_key", "k-123456789")
        .run()
        .json();
    assert!(
        rules_of(&with_env, "tokens").is_empty(),
        "env names are case-insensitive on Windows"
    );
}

#[test]
fn linux_claude_code_scopes_vscode_codex_gemini_zed() {
    let h = home("linux-code");
    let proj = h.path().join("proj").join("sub");
    let bin = h.path().join("bin").display().to_string();
    let out = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .cwd(&proj)
        .run();
    let r = out.json();
    assert_eq!(out.code, 1, "{}", out.stdout);
    // db is defined in local, project and user scope: local wins in this project.
    let sh = with_rule(&r, "server-shadowed");
    assert_eq!(
        sh.iter().filter(|f| f["server"] == "db").count(),
        2,
        "{sh:?}"
    );
    assert!(sh.iter().all(|f| f["message"]
        .as_str()
        .unwrap()
        .contains("local > project > user")));
    // ${SEARCH_API_KEY} unset, url without type.
    assert!(rules_of(&r, "search").contains(&"env-var-unset".to_string()));
    assert!(rules_of(&r, "docs").contains(&"remote-missing-type".to_string()));
    // VS Code: servers in settings.json are moved to mcp.json by VS Code (a note) and checked;
    // undefined input; a number in env is no error, VS Code passes `String(value)` to the
    // server (extHostMcpNode.ts `startNodeMpc`); trailing comma is fine (JSONC).
    assert_eq!(with_rule(&r, "servers-migrated").len(), 1);
    assert!(with_rule(&r, "servers-in-ignored-file").is_empty());
    let perplexity = rules_of(&r, "perplexity");
    assert!(
        perplexity.contains(&"env-var-unset".to_string()),
        "{perplexity:?}"
    );
    assert!(
        !perplexity.contains(&"env-not-strings".to_string()),
        "{perplexity:?}"
    );
    assert!(
        with_rule(&r, "json-not-strict").is_empty(),
        "VS Code allows trailing commas"
    );
    // Codex: broken TOML with line and column.
    let syn = with_rule(&r, "json-syntax");
    assert_eq!(syn.len(), 1, "{syn:?}");
    assert!(syn[0]["message"].as_str().unwrap().contains("TOML"));
    assert!(syn[0]["evidence"][0]["line"].as_u64().unwrap() >= 4);
    // Gemini: `url` without a type is Streamable HTTP with an SSE fallback, `httpUrl` Streamable
    // HTTP (gemini-cli packages/core/src/tools/mcp-client.ts); a placeholder key.
    assert!(!rules_of(&r, "remote").contains(&"remote-missing-type".to_string()));
    assert!(!rules_of(&r, "stream").contains(&"remote-missing-type".to_string()));
    let gemini_remote = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["client"] == "gemini-cli" && s["name"] == "remote")
        .unwrap();
    assert_eq!(gemini_remote["transport"], "http");
    assert!(rules_of(&r, "local").contains(&"env-placeholder".to_string()));
    // Zed's nested command form, with a ~ path.
    assert!(rules_of(&r, "postgres").contains(&"tilde-path".to_string()));
    // The project's files were found from a subfolder.
    let cfgs = r["configs"].as_array().unwrap();
    assert!(cfgs
        .iter()
        .any(|c| c["path"].as_str().unwrap().ends_with("proj/.mcp.json") && c["status"] == "ok"));
}

#[test]
fn a_clean_home_exits_zero() {
    let h = home("clean");
    let bin = h.path().join("bin").display().to_string();
    let out = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .env("EXAMPLE_TOKEN", "tok-123456789")
        .run();
    let r = out.json();
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        r["findings"].as_array().unwrap().is_empty(),
        "{}",
        r["findings"]
    );
    let servers = r["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 2);
    assert!(servers.iter().all(|s| s["status"] == "ok"));
    assert!(servers.iter().all(|s| s["probe"].is_null()));
    let human = doctor(h.path(), &["check", "--os", "linux"])
        .env("PATH", &bin)
        .env("EXAMPLE_TOKEN", "x")
        .run();
    assert_eq!(human.code, 0);
    assert!(
        human.stdout.contains("No problem found"),
        "{}",
        human.stdout
    );
}

#[test]
fn nothing_found_says_where_it_looked() {
    let h = empty_home();
    let out = doctor(h.path(), &["check", "--os", "macos"]).run();
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("No MCP client config was found"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("claude_desktop_config.json"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains(".cursor/mcp.json"));
    // Nothing found and nothing wrong: no all-zero count line before the sentence that says so.
    assert!(!out.stdout.contains("0 config file(s)"), "{}", out.stdout);
}

#[test]
fn app_and_shell_finding_different_programs_are_both_named() {
    let h = empty_home();
    let root = tempfile::tempdir().unwrap();
    for (dir, base) in [
        (root.path().join("usr/local/bin"), "old"),
        (h.path().join(".nvm/versions/node/v22.1.0/bin"), "new"),
    ] {
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("node");
        std::fs::write(&p, format!("#!/bin/sh\necho {base}\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
    }
    let cfg = h.path().join(".config/Claude");
    std::fs::create_dir_all(&cfg).unwrap();
    std::fs::write(
        cfg.join("claude_desktop_config.json"),
        r#"{"mcpServers": {"n": {"command": "node", "args": ["-e", "1"]}}}"#,
    )
    .unwrap();
    let root_arg = root.path().display().to_string();
    let shell = "/home/u/.nvm/versions/node/v22.1.0/bin:/usr/local/bin:/usr/bin";
    let r = doctor(
        h.path(),
        &["check", "--os", "linux", "--root", &root_arg, "--json"],
    )
    .env("PATH", shell)
    .run()
    .json();
    let f = with_rule(&r, "command-differs-from-shell");
    assert_eq!(f.len(), 1, "{}", r["findings"]);
    let msg = f[0]["message"].as_str().unwrap();
    assert!(
        msg.contains("/usr/local/bin/node") && msg.contains("v22.1.0/bin/node"),
        "{msg}"
    );
}

#[test]
fn a_home_without_any_client_lists_one_line_per_client_and_every_place_with_v() {
    let h = tempfile::tempdir().unwrap();
    let out = doctor(h.path(), &["check", "--os", "linux"]).run();
    assert_eq!(out.code, 0, "{}", out.stdout);
    let looked: Vec<&str> = out
        .stdout
        .lines()
        .skip_while(|l| !l.starts_with("Where mcp-doctor looked"))
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect();
    // One line per client (its first place and how many more), the project line, the hint.
    let clients: Vec<&str> = looked
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| !c.starts_with('('))
        .collect();
    let mut unique = clients.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(clients.len(), unique.len(), "{}", out.stdout);
    assert!(clients.len() >= 10, "{}", out.stdout);
    assert!(
        out.stdout.contains("~/.claude.json and 2 more"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("-v lists every place"),
        "{}",
        out.stdout
    );
    // -v: every place on a line of its own (the managed file is one of Claude Code's more).
    let v = doctor(h.path(), &["check", "--os", "linux", "-v"]).run();
    assert!(
        v.stdout.contains("/etc/claude-code/managed-mcp.json"),
        "{}",
        v.stdout
    );
    assert!(!out.stdout.contains("/etc/claude-code/managed-mcp.json"));
    assert!(!v.stdout.contains(" more  "), "{}", v.stdout);
    // The project line: its first name and folder, how many more (every one with -v).
    let project = |s: &str| -> String {
        s.lines()
            .find(|l| l.trim_start().starts_with("(any)"))
            .unwrap_or_else(|| panic!("no project line:\n{s}"))
            .to_string()
    };
    let (short, long) = (project(&out.stdout), project(&v.stdout));
    assert!(
        short.contains(".mcp.json and ")
            && short.contains(" other names in ~ and ")
            && short.contains(" parent folder"),
        "{short}"
    );
    assert!(!short.contains(".cursor/mcp.json"), "{short}");
    assert!(
        long.contains(".mcp.json, ")
            && long.contains(".cursor/mcp.json")
            && long.contains("in ~, "),
        "{long}"
    );
    // A project file right in a folder (opencode's `opencode.json`) is a name there too, not a
    // path of each folder.
    assert!(
        long.contains(", opencode.json,")
            && !long.contains("~/opencode.json")
            && !long.contains(" /opencode.json"),
        "{long}"
    );
    assert!(
        v.stdout.lines().count() > out.stdout.lines().count() + 10,
        "{}",
        v.stdout
    );
}
