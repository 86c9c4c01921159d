//! `check --probe` and `probe` through the real binary, against the fixture server.
mod common;
use common::*;
use std::path::Path;

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fixture_server.py")
        .display()
        .to_string()
}

fn python_dir() -> String {
    let py = std::process::Command::new("sh")
        .args(["-c", "command -v python3"])
        .output()
        .unwrap();
    let p = String::from_utf8_lossy(&py.stdout).trim().to_string();
    assert!(!p.is_empty(), "python3 is needed for the fixture server");
    Path::new(&p).parent().unwrap().display().to_string()
}

fn home_with(servers: &str) -> Home {
    let h = empty_home();
    std::fs::create_dir_all(h.path().join(".cursor")).unwrap();
    std::fs::write(
        h.path().join(".cursor/mcp.json"),
        format!("{{\"mcpServers\": {{{servers}}}}}"),
    )
    .unwrap();
    h
}

#[test]
fn check_probe_fills_the_probe_object_and_ranks_a_crash_first() {
    let f = fixture();
    let h = home_with(&format!(
        r#""good": {{"command": "python3", "args": ["{f}"]}}, "bad": {{"command": "python3", "args": ["{f}", "--crash"]}}"#
    ));
    let path = format!("{}:/usr/bin:/bin", python_dir());
    let out = doctor(
        h.path(),
        &[
            "check",
            "--probe",
            "--os",
            "linux",
            "--json",
            "--timeout",
            "20",
        ],
    )
    .env("PATH", &path)
    .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let r = out.json();
    let servers = r["servers"].as_array().unwrap();
    let good = servers.iter().find(|s| s["name"] == "good").unwrap();
    assert_eq!(good["probe"]["status"], "ok", "{}", good["probe"]);
    assert_eq!(good["probe"]["tools"], 2);
    assert!(good["probe"]["initialize_ms"].as_u64().is_some());
    assert_eq!(good["status"], "ok");
    let bad = servers.iter().find(|s| s["name"] == "bad").unwrap();
    assert_eq!(bad["probe"]["status"], "failed");
    assert_eq!(bad["status"], "error");
    assert_eq!(r["causes"][0]["cause"], "server-crash");
    assert_eq!(r["causes"][0]["server"], "bad");
    // Without --probe nothing is started.
    let plain = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &path)
        .run()
        .json();
    assert!(plain["servers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|s| s["probe"].is_null()));
}

#[test]
fn probe_by_name_and_project_servers_need_trust() {
    let f = fixture();
    let h = home_with(&format!(
        r#""good": {{"command": "python3", "args": ["{f}"]}}, "other": {{"command": "python3", "args": ["{f}"]}}"#
    ));
    let proj = h.path().join("proj");
    std::fs::create_dir_all(proj.join(".cursor")).unwrap();
    std::fs::write(
        proj.join(".cursor/mcp.json"),
        format!(r#"{{"mcpServers": {{"projsrv": {{"command": "python3", "args": ["{f}"]}}}}}}"#),
    )
    .unwrap();
    let path = format!("{}:/usr/bin:/bin", python_dir());
    let r = doctor(h.path(), &["probe", "good", "projsrv", "--json"])
        .env("PATH", &path)
        .cwd(&proj)
        .run()
        .json();
    let servers = r["servers"].as_array().unwrap();
    assert_eq!(servers.len(), 2, "{servers:?}");
    let projsrv = servers.iter().find(|s| s["name"] == "projsrv").unwrap();
    assert_eq!(projsrv["probe"]["status"], "skipped");
    assert!(projsrv["probe"]["skipped_reason"]
        .as_str()
        .unwrap()
        .contains("--trust-project"));
    let r = doctor(h.path(), &["probe", "projsrv", "--trust-project", "--json"])
        .env("PATH", &path)
        .cwd(&proj)
        .run()
        .json();
    assert_eq!(
        r["servers"][0]["probe"]["status"], "ok",
        "{}",
        r["servers"][0]
    );
    let out = doctor(h.path(), &["probe", "nope"])
        .env("PATH", &path)
        .run();
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("no configured server named `nope`"),
        "{}",
        out.stderr
    );
}
