//! Eight homes with one planted fault each (`testdata/homes/planted-*`), checked with
//! `check --probe` through the binary: the headline names the planted cause, not the generic
//! crash it leads to, and a crashed server shows its own last stderr line without `-v`.
mod common;
use common::*;
use std::path::Path;

/// A copy of the planted home with the fixture server at `~/srv/server.py`, checked with
/// `--probe` on a PATH that has python3.
fn planted(name: &str, json: bool) -> Out {
    let h = home(name);
    let srv = h.path().join("srv");
    std::fs::create_dir_all(&srv).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fixture_server.py"),
        srv.join("server.py"),
    )
    .unwrap();
    let python = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .find(|d| d.join("python3").is_file())
        .expect("python3 on PATH");
    let path = format!("{}:/usr/bin:/bin", python.display());
    let mut args = vec!["check", "--probe", "--timeout", "3", "--no-platform"];
    if json {
        args.push("--json");
    }
    let out = doctor(h.path(), &args).env("PATH", &path).run();
    drop(h);
    out
}

fn headline(name: &str) -> (String, serde_json::Value) {
    let out = planted(name, true);
    assert_eq!(out.code, 1, "{name}: {}", out.stderr);
    let r = out.json();
    let top = r["causes"][0]["cause"]
        .as_str()
        .unwrap_or("none")
        .to_string();
    (top, r)
}

#[test]
fn a_relative_script_path_is_bad_path_not_a_crash() {
    let (top, r) = headline("planted-relative");
    assert_eq!(top, "bad-path", "{:#}", r["causes"]);
    // The crash the relative path causes is that cause's supporting evidence, not a cause.
    assert!(r["causes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["cause"] != "server-crash"));
    let ids = r["causes"][0]["findings"].as_array().unwrap();
    let rules: Vec<&str> = ids
        .iter()
        .map(|id| {
            r["findings"]
                .as_array()
                .unwrap()
                .iter()
                .find(|f| &f["id"] == id)
                .unwrap()["rule"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(rules.contains(&"relative-path"), "{rules:?}");
    assert!(rules.contains(&"probe-server-crash"), "{rules:?}");
    // server.py is nowhere to be found, so `fix --absolute-paths` would change nothing: the
    // cause does not recommend it (issue 16), and keeps its hand fix.
    assert!(
        r["causes"][0]["fix"]["automatic"].is_null(),
        "{:#}",
        r["causes"][0]
    );
    assert!(!r["causes"][0]["fix"]["summary"]
        .as_str()
        .unwrap()
        .is_empty());
}

#[test]
fn a_tilde_in_args_is_bad_path_with_the_meant_path() {
    let (top, r) = headline("planted-tilde");
    assert_eq!(top, "bad-path", "{:#}", r["causes"]);
    let fix = r["causes"][0]["fix"]["summary"].as_str().unwrap();
    assert!(
        fix.contains("srv/server.py") && !fix.contains("/~/"),
        "{fix}"
    );
}

#[test]
fn an_unset_variable_is_missing_env() {
    let (top, r) = headline("planted-unset-var");
    assert_eq!(top, "missing-env", "{:#}", r["causes"]);
    // The server's own complaint, read from its stderr, supports the same cause.
    assert!(
        !with_rule(&r, "log-missing-env").is_empty(),
        "{:#}",
        r["findings"]
    );
}

#[test]
fn a_missing_command_is_command_not_found() {
    let (top, r) = headline("planted-missing-command");
    assert_eq!(top, "command-not-found", "{:#}", r["causes"]);
}

#[test]
fn a_stdout_banner_is_stdout_pollution() {
    let (top, r) = headline("planted-stdout-banner");
    assert_eq!(top, "stdout-pollution", "{:#}", r["causes"]);
    // The same server in two clients: Claude Code skips the banner (a warning there), Cursor
    // counts it as breaking the server (an error).
    let severity = |client: &str| {
        let f = r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["rule"] == "probe-stdout-pollution" && f["client"] == client)
            .unwrap_or_else(|| panic!("{client}: {:#}", r["findings"]));
        (
            f["severity"].as_str().unwrap().to_string(),
            f["message"].as_str().unwrap().to_string(),
        )
    };
    let (sev, msg) = severity("claude-code");
    assert_eq!(sev, "warning", "{msg}");
    assert!(msg.contains("Claude Code skips such lines"), "{msg}");
    let (sev, msg) = severity("cursor");
    assert_eq!(sev, "error", "{msg}");
    assert!(!msg.contains("skips"), "{msg}");
}

#[test]
fn a_traceback_crash_is_a_crash_with_its_exception() {
    let (top, r) = headline("planted-traceback");
    assert_eq!(top, "server-crash", "{:#}", r["causes"]);
    // The fix comes from the exception the server printed, not "run it by hand".
    let fix = r["causes"][0]["fix"]["summary"].as_str().unwrap();
    assert!(fix.contains("missing_dependency"), "{fix}");
    // The human output shows the traceback's last line under the server, without -v.
    let human = planted("planted-traceback", false).stdout;
    let under_server = human
        .lines()
        .skip_while(|l| !l.contains("probe failed"))
        .take(4)
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        under_server.contains("ModuleNotFoundError: No module named 'missing_dependency'"),
        "{human}"
    );
}

#[test]
fn a_hang_is_a_startup_timeout() {
    let (top, r) = headline("planted-hang");
    assert_eq!(top, "startup-timeout", "{:#}", r["causes"]);
}

#[test]
fn a_refused_url_is_network_blocked() {
    let (top, r) = headline("planted-refused-url");
    assert_eq!(top, "network-blocked", "{:#}", r["causes"]);
}
