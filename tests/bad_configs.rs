//! Bad configs never panic or hang: each gives a finding or a one-line error.
mod common;
use common::*;
use std::path::Path;
use std::time::{Duration, Instant};

fn cursor_cfg(h: &Path) -> std::path::PathBuf {
    let d = h.join(".cursor");
    std::fs::create_dir_all(&d).unwrap();
    d.join("mcp.json")
}

fn check(h: &Path) -> Out {
    let t = Instant::now();
    let out = doctor(h, &["check", "--os", "linux", "--json"]).run();
    assert!(
        t.elapsed() < Duration::from_secs(20),
        "took {:?}",
        t.elapsed()
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    out
}

fn cursor_status(r: &serde_json::Value) -> String {
    r["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["path"].as_str().unwrap().ends_with(".cursor/mcp.json"))
        .unwrap()["status"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn truncated_json_points_at_the_end() {
    let h = empty_home();
    std::fs::write(
        cursor_cfg(h.path()),
        "{\n  \"mcpServers\": {\n    \"a\": {\"command\": \"x\"",
    )
    .unwrap();
    let out = check(h.path());
    assert_eq!(out.code, 1);
    let r = out.json();
    assert_eq!(cursor_status(&r), "invalid");
    let f = with_rule(&r, "json-syntax");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["evidence"][0]["line"], 3);
}

#[test]
fn two_json_documents_are_named_as_such() {
    let h = empty_home();
    std::fs::write(
        cursor_cfg(h.path()),
        "{\"mcpServers\": {}}\n{\"mcpServers\": {}}\n",
    )
    .unwrap();
    let r = check(h.path()).json();
    let f = with_rule(&r, "json-syntax");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("two JSON documents"),
        "{}",
        f[0]
    );
    assert_eq!(f[0]["evidence"][0]["line"], 2);
}

#[test]
fn binary_and_non_utf8_files() {
    let h = empty_home();
    std::fs::write(
        cursor_cfg(h.path()),
        [0x7fu8, b'E', b'L', b'F', 0, 0, 1, 2, 3],
    )
    .unwrap();
    let r = check(h.path()).json();
    assert_eq!(with_rule(&r, "config-not-text").len(), 1);
    std::fs::write(cursor_cfg(h.path()), b"{\"mcpServers\": {\"a\xff\": {}}}").unwrap();
    let r = check(h.path()).json();
    assert_eq!(with_rule(&r, "config-not-text").len(), 1);
    assert_eq!(cursor_status(&r), "invalid");
}

#[test]
fn a_50_mb_config_is_parsed_without_trouble() {
    let h = empty_home();
    let mut s = String::from("{\"mcpServers\": {\"a\": {\"command\": \"x\"}}, \"padding\": [");
    let item = "\"0123456789012345678901234567890123456789012345678901234567890123456789\",";
    while s.len() < 50_000_000 {
        s.push_str(item);
    }
    s.push_str("\"end\"]}");
    std::fs::write(cursor_cfg(h.path()), &s).unwrap();
    let out = check(h.path());
    let r = out.json();
    assert_eq!(cursor_status(&r), "ok");
    assert_eq!(r["servers"].as_array().unwrap().len(), 1);
}

#[test]
fn nesting_100000_deep_is_an_error_not_a_stack_overflow() {
    let h = empty_home();
    let s = format!(
        "{{\"mcpServers\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    std::fs::write(cursor_cfg(h.path()), s).unwrap();
    let out = check(h.path());
    assert_eq!(out.code, 1, "{}", out.stderr);
    let r = out.json();
    assert!(with_rule(&r, "json-syntax")[0]["message"]
        .as_str()
        .unwrap()
        .contains("nesting"));
}

#[test]
fn a_folder_where_the_file_should_be() {
    let h = empty_home();
    std::fs::create_dir_all(cursor_cfg(h.path())).unwrap();
    let r = check(h.path()).json();
    assert_eq!(with_rule(&r, "config-not-a-file").len(), 1);
}

#[cfg(unix)]
#[test]
fn a_fifo_is_not_opened() {
    let h = empty_home();
    let p = cursor_cfg(h.path());
    let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
    // SAFETY: mkfifo with a valid NUL-terminated path.
    assert_eq!(unsafe { libc_mkfifo(c.as_ptr(), 0o644) }, 0);
    let r = check(h.path()).json();
    assert_eq!(with_rule(&r, "config-not-a-file").len(), 1);
}

/// The side files a client reads besides its configs (LM Studio's data-folder pointer, Claude
/// Code's approval settings) are not opened when they are FIFOs either: `check` ends, and LM
/// Studio's config is looked for in its default folder.
#[cfg(unix)]
#[test]
fn a_fifo_side_file_is_not_opened() {
    let h = empty_home();
    std::fs::create_dir_all(h.path().join(".lmstudio")).unwrap();
    std::fs::write(
        h.path().join(".lmstudio").join("mcp.json"),
        r#"{"mcpServers": {"time": {"command": "uvx", "args": ["mcp-server-time"]}}}"#,
    )
    .unwrap();
    std::fs::create_dir_all(h.path().join(".claude")).unwrap();
    for p in [
        h.path().join(".lmstudio-home-pointer"),
        h.path().join(".claude").join("settings.json"),
    ] {
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc_mkfifo(c.as_ptr(), 0o644) }, 0);
    }
    let r = check(h.path()).json();
    assert!(r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["client"] == "lm-studio" && s["name"] == "time"));
}

/// Nor are the doctor's own caches (the interpreter versions and the last statuses, read at every
/// `check`) or the files the runtime analysis reads beside a server (`~/.npmrc` for the npm cache
/// folder, a project's `.python-version` and `pyproject.toml`, a venv's `pyvenv.cfg`): a FIFO in
/// any of them is passed over and `check` ends with the server's report.
#[cfg(unix)]
#[test]
fn a_fifo_cache_or_runtime_file_is_not_opened() {
    let h = empty_home();
    let proj = h.path().join("proj");
    std::fs::create_dir_all(proj.join(".venv")).unwrap();
    std::fs::write(proj.join("server.py"), "print('hi')\n").unwrap();
    let cfg = serde_json::json!({"mcpServers": {
        "fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]},
        "py": {"command": "python3", "args": [proj.join("server.py")]},
        "uv": {"command": "uv", "args": ["--directory", proj, "run", "server.py"]}
    }});
    std::fs::write(cursor_cfg(h.path()), cfg.to_string()).unwrap();
    let cache = h.path().join(".cache").join("mcp-doctor");
    std::fs::create_dir_all(&cache).unwrap();
    for p in [
        h.path().join(".npmrc"),
        cache.join("versions.json"),
        cache.join("last-check.json"),
        proj.join(".python-version"),
        proj.join("pyproject.toml"),
        proj.join(".venv").join("pyvenv.cfg"),
    ] {
        let c = std::ffi::CString::new(p.to_str().unwrap()).unwrap();
        // SAFETY: mkfifo with a valid NUL-terminated path.
        assert_eq!(unsafe { libc_mkfifo(c.as_ptr(), 0o644) }, 0);
    }
    let r = check(h.path()).json();
    let names: Vec<&str> = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(names, ["fs", "py", "uv"]);
}

#[cfg(unix)]
extern "C" {
    #[link_name = "mkfifo"]
    fn libc_mkfifo(path: *const std::ffi::c_char, mode: u32) -> i32;
}

#[cfg(unix)]
#[test]
fn unreadable_configs() {
    let h = empty_home();
    let p = cursor_cfg(h.path());
    // A symlink loop fails to open even for root.
    std::os::unix::fs::symlink(&p, &p).unwrap();
    let r = check(h.path()).json();
    assert_eq!(cursor_status(&r), "unreadable");
    assert_eq!(with_rule(&r, "config-unreadable").len(), 1);
    // A file without read permission (only meaningful when not running as root).
    std::fs::remove_file(&p).unwrap();
    std::fs::write(&p, "{}").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&p).is_err() {
        let r = check(h.path()).json();
        assert_eq!(with_rule(&r, "config-unreadable").len(), 1);
    }
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).unwrap();
}

#[cfg(unix)]
#[test]
fn world_writable_config_is_insecure() {
    use std::os::unix::fs::PermissionsExt;
    let h = empty_home();
    let p = cursor_cfg(h.path());
    std::fs::write(&p, "{\"mcpServers\": {}}").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o666)).unwrap();
    let r = check(h.path()).json();
    assert_eq!(with_rule(&r, "config-world-writable").len(), 1);
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o600)).unwrap();
    let r = check(h.path()).json();
    assert!(with_rule(&r, "config-world-writable").is_empty());
}

#[cfg(unix)]
#[test]
fn non_utf8_folder_names_on_the_way_up() {
    use std::os::unix::ffi::OsStrExt;
    let h = empty_home();
    let weird = h.path().join(std::ffi::OsStr::from_bytes(b"proj-\xff\xfe"));
    std::fs::create_dir_all(&weird).unwrap();
    std::fs::write(
        weird.join(".mcp.json"),
        r#"{"mcpServers": {"a": {"command": "./srv"}}}"#,
    )
    .unwrap();
    let out = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .cwd(&weird)
        .run();
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    let r = out.json();
    assert!(r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "a"));
}

#[test]
fn one_bad_entry_never_hides_the_good_ones() {
    let h = empty_home();
    std::fs::write(
        cursor_cfg(h.path()),
        r#"{"mcpServers": {"bad": 42, "good": {"command": "/bin/sh"}, "worse": {"command": ["npx", "-y", "x"]}, "args": {"command": "sh", "args": "-c echo hi"}}}"#,
    )
    .unwrap();
    let r = check(h.path()).json();
    let names: Vec<&str> = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"good") && names.contains(&"args"),
        "{names:?}"
    );
    assert_eq!(with_rule(&r, "entry-shape").len(), 2);
    let a = with_rule(&r, "args-not-list");
    assert!(
        a[0]["message"]
            .as_str()
            .unwrap()
            .contains(r#"["-c","echo","hi"]"#),
        "{}",
        a[0]
    );
}

#[test]
fn strict_json_clients_reject_comments_and_boms() {
    let h = empty_home();
    let d = h.path().join(".config/Claude");
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(
        d.join("claude_desktop_config.json"),
        "\u{feff}{\n  // my servers\n  \"mcpServers\": {}\n}\n",
    )
    .unwrap();
    let r = check(h.path()).json();
    let f = with_rule(&r, "json-not-strict");
    assert_eq!(f.len(), 2, "BOM and comment: {f:?}");
    assert!(f.iter().any(|x| x["evidence"][0]["line"] == 2));
    // The same text is fine where the client reads JSONC.
    std::fs::remove_file(d.join("claude_desktop_config.json")).unwrap();
    std::fs::write(
        cursor_cfg(h.path()),
        "{\n  // my servers\n  \"mcpServers\": {},\n}\n",
    )
    .unwrap();
    let r = check(h.path()).json();
    assert!(with_rule(&r, "json-not-strict").is_empty());
}

#[test]
fn the_syntax_fix_command_suits_the_file_format() {
    let h = empty_home();
    let put = |rel: &str, text: &str| {
        let p = h.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    // Strict JSON (Claude Desktop), JSONC (VS Code), TOML (Codex), YAML (Continue): each broken.
    put(
        ".config/Claude/claude_desktop_config.json",
        "{\"mcpServers\": {\n",
    );
    put(".config/Code/User/mcp.json", "{\"servers\": {\n");
    put(".codex/config.toml", "[mcp_servers.x\ncommand = 1\n");
    put(".continue/config.yaml", "mcpServers: [\n");
    let r = check(h.path()).json();
    let fixes: Vec<(String, Vec<String>)> = with_rule(&r, "json-syntax")
        .iter()
        .map(|f| {
            let cmds = r["causes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["findings"].as_array().unwrap().contains(&f["id"]))
                .map(|c| {
                    c["fix"]["commands"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            (f["client"].as_str().unwrap().to_string(), cmds)
        })
        .collect();
    let of = |client: &str| -> Vec<String> {
        fixes
            .iter()
            .find(|(c, _)| c == client)
            .unwrap_or_else(|| panic!("no json-syntax finding for {client}: {fixes:?}"))
            .1
            .clone()
    };
    assert!(
        of("claude-desktop")[0].starts_with("python3 -m json.tool "),
        "{fixes:?}"
    );
    assert!(of("codex")[0].contains("tomllib.load"), "{fixes:?}");
    // Comments are allowed in VS Code's file, so json.tool would wrongly reject a fixed one.
    assert!(of("vscode").is_empty(), "{fixes:?}");
    assert!(of("continue").is_empty(), "{fixes:?}");
}

/// A pipe where a config is expected is not called a folder, and Codex's TOML config is not
/// called a JSON file, in the fix (it used to say "Replace the folder at … with a JSON config
/// file" for both).
#[test]
fn the_not_a_file_fix_names_neither_a_folder_nor_json_wrongly() {
    let h = empty_home();
    std::fs::create_dir_all(h.path().join(".cursor")).unwrap();
    assert!(std::process::Command::new("mkfifo")
        .arg(h.path().join(".cursor/mcp.json"))
        .status()
        .unwrap()
        .success());
    std::fs::create_dir_all(h.path().join(".codex/config.toml")).unwrap();
    let r = doctor(h.path(), &["check", "--no-platform", "--json"])
        .run()
        .json();
    let fixes: Vec<String> = with_rule(&r, "config-not-a-file")
        .iter()
        .map(|f| f["fix"]["summary"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(fixes.len(), 2, "{fixes:?}");
    for f in fixes {
        assert!(!f.contains("the folder at"), "{f}");
        assert!(!f.contains("JSON"), "{f}");
    }
}
