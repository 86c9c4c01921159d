//! The whole configs of `testdata/corpus` as fixtures: each placed where its client reads it,
//! checked through the real binary, and its confirmed cause expected at the top of the ranking.
mod common;
use common::*;
use std::path::{Path, PathBuf};

fn corpus(case: &str) -> String {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/corpus")
        .join(case)
        .join("config.json");
    std::fs::read_to_string(&p).unwrap_or_else(|e| {
        panic!(
            "the corpus testdata/corpus is missing ({}): {e}",
            p.display()
        )
    })
}

fn place(home: &Path, rel: &str, text: &str) -> PathBuf {
    let p = home.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p
}

fn top_cause(r: &serde_json::Value) -> String {
    r["causes"][0]["cause"]
        .as_str()
        .unwrap_or("none")
        .to_string()
}

#[test]
fn c001_npx_missing_entirely() {
    let h = empty_home();
    let root = tempfile::tempdir().unwrap();
    place(
        h.path(),
        "Library/Application Support/Claude/claude_desktop_config.json",
        &corpus("001-command-not-found"),
    );
    let root_arg = root.path().display().to_string();
    let r = doctor(
        h.path(),
        &["check", "--os", "macos", "--root", &root_arg, "--json"],
    )
    .env("PATH", "/usr/bin:/bin")
    .run()
    .json();
    assert_eq!(top_cause(&r), "command-not-found", "{}", r["causes"]);
    assert_eq!(
        with_rule(&r, "command-not-found")[0]["server"],
        "vscode-mcp-server"
    );
}

#[test]
fn c002_whole_command_line_in_command() {
    let h = empty_home();
    place(h.path(), ".claude.json", &corpus("002-invalid-config"));
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", "/usr/bin:/bin")
        .run()
        .json();
    assert_eq!(top_cause(&r), "invalid-config", "{}", r["causes"]);
    let f = with_rule(&r, "command-line-in-command");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains(r#""command": "echo", "args": ["Hello World"]"#),
        "{}",
        f[0]
    );
}

#[test]
fn c027_wsl_path_from_windows() {
    let h = empty_home();
    let text = corpus("027-bad-path");
    // As posted, the snippet is truncated: the parse error is what a user gets first.
    place(
        h.path(),
        "AppData/Roaming/Claude/claude_desktop_config.json",
        &text,
    );
    let r = doctor(h.path(), &["check", "--os", "windows", "--json"])
        .run()
        .json();
    assert_eq!(with_rule(&r, "json-syntax").len(), 1);
    // With the brace the reporter left out, the confirmed cause ranks first.
    place(
        h.path(),
        "AppData/Roaming/Claude/claude_desktop_config.json",
        &format!("{text}\n}}\n"),
    );
    let r = doctor(h.path(), &["check", "--os", "windows", "--json"])
        .run()
        .json();
    assert_eq!(top_cause(&r), "bad-path", "{}", r["causes"]);
    assert_eq!(with_rule(&r, "wsl-path")[0]["server"], "weather");
}

#[test]
fn c036_docker_env_not_forwarded() {
    let h = empty_home();
    let frag = corpus("036-missing-env");
    // The fragment is the `mcp` key of a settings.json; in today's mcp.json the same servers sit
    // under `servers`.
    let inner = frag.trim().trim_start_matches("\"mcp\":").trim();
    place(h.path(), ".config/Code/User/mcp.json", inner);
    make_executable(&place(h.path(), "bin/docker", "#!/bin/sh\n"));
    let bin = h.path().join("bin").display().to_string();
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .run()
        .json();
    assert_eq!(top_cause(&r), "missing-env", "{}", r["causes"]);
    let f = with_rule(&r, "docker-env-not-forwarded");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("-e GITHUB_PERSONAL_ACCESS_TOKEN"),
        "{}",
        f[0]
    );
    // Where the report had it, in settings.json: VS Code 1.102+ moves it into mcp.json and runs
    // it, so the same cause comes first, with a note on the move.
    place(
        h.path(),
        ".config/Code/User/settings.json",
        &format!("{{{frag}}}"),
    );
    std::fs::remove_file(h.path().join(".config/Code/User/mcp.json")).unwrap();
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .run()
        .json();
    assert_eq!(top_cause(&r), "missing-env", "{}", r["causes"]);
    let moved = with_rule(&r, "servers-migrated");
    assert_eq!(moved.len(), 1, "{}", r["findings"]);
    assert_eq!(moved[0]["severity"], "note");
}
