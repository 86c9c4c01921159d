//! `--server NAME…` / `--client ID…` on check, logs, probe and fix, and `mcp-doctor list` with
//! the status of the last check.
mod common;

use common::{doctor, home};

fn names(r: &serde_json::Value, key: &str) -> Vec<String> {
    let mut v: Vec<String> = r[key]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|x| {
                    format!(
                        "{}/{}",
                        x["client"].as_str().unwrap_or(""),
                        x["name"].as_str().or(x["server"].as_str()).unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v.dedup();
    v
}

#[test]
fn check_narrows_to_the_named_servers_and_clients() {
    let h = home("linux-code");
    let all = doctor(h.path(), &["check", "--no-platform", "--json"])
        .run()
        .json();
    assert!(names(&all, "servers").len() >= 5);

    let r = doctor(
        h.path(),
        &["check", "--no-platform", "--json", "--server", "db"],
    )
    .run()
    .json();
    assert_eq!(names(&r, "servers"), vec!["claude-code/db"]);
    assert!(
        r["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["server"] == "db"),
        "{}",
        r["findings"]
    );
    assert!(r["causes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["server"] == "db"));
    assert_eq!(r["causes"][0]["rank"], 1);

    // Several, by repetition and by commas; a client narrows to its configs.
    let r = doctor(
        h.path(),
        &[
            "check",
            "--no-platform",
            "--json",
            "--client",
            "zed,gemini-cli",
            "--server",
            "postgres",
            "--server",
            "local",
        ],
    )
    .run()
    .json();
    assert_eq!(
        names(&r, "servers"),
        vec!["gemini-cli/local", "zed/postgres"]
    );
    let clients: Vec<&str> = r["configs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["client"].as_str().unwrap())
        .collect();
    assert!(
        clients.iter().all(|c| *c == "zed" || *c == "gemini-cli"),
        "{clients:?}"
    );

    // A whole-file finding stays with its client (Codex's TOML does not parse).
    let r = doctor(
        h.path(),
        &["check", "--no-platform", "--json", "--client", "codex"],
    )
    .run()
    .json();
    assert_eq!(common::with_rule(&r, "json-syntax").len(), 1);
    assert!(r["servers"].as_array().unwrap().is_empty());

    // The exit code follows the narrowed report: the healthy server alone passes.
    let out = doctor(h.path(), &["check", "--no-platform", "--server", "stream"]).run();
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn unknown_names_and_ids_are_usage_errors() {
    let h = home("linux-code");
    for (args, want) in [
        (vec!["check", "--server", "nope"], "--server nope"),
        (vec!["check", "--client", "notepad"], "--client notepad"),
        (
            vec!["check", "--client", "zed", "--server", "db"],
            "no configured server named `db` for zed",
        ),
        (vec!["logs", "--client", "notepad"], "--client notepad"),
        (vec!["list", "--server", "nope"], "--server nope"),
        (
            vec!["fix", "--server", "nope", "--dry-run"],
            "--server nope",
        ),
    ] {
        let out = doctor(h.path(), &args).run();
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert!(out.stderr.contains(want), "{args:?}: {}", out.stderr);
        assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    }
}

#[test]
fn logs_take_several_servers_and_clients() {
    let h = home("linux-code");
    let log = h.path().join("pasted.log");
    std::fs::write(
        &log,
        "2026-11-22T09:59:00.000Z [error] [alpha] spawn npx ENOENT\n\
         2026-11-22T09:59:01.000Z [error] [beta] spawn uvx ENOENT\n\
         2026-11-22T09:59:02.000Z [error] [gamma] spawn node ENOENT\n",
    )
    .unwrap();
    let p = log.to_str().unwrap();
    let all = doctor(h.path(), &["logs", "--file", p, "--json"])
        .run()
        .json();
    let servers = |r: &serde_json::Value| -> Vec<String> {
        let mut v: Vec<String> = r["events"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|e| e["server"].as_str().map(String::from))
            .collect();
        v.sort();
        v.dedup();
        v
    };
    assert_eq!(servers(&all), vec!["alpha", "beta", "gamma"]);
    let two = doctor(
        h.path(),
        &["logs", "--file", p, "--json", "--server", "alpha,gamma"],
    )
    .run()
    .json();
    assert_eq!(servers(&two), vec!["alpha", "gamma"]);
    assert!(two["findings"]
        .as_array()
        .unwrap()
        .iter()
        .all(|f| f["server"] != "beta"));
    let one = doctor(
        h.path(),
        &["logs", "--file", p, "--json", "--server", "beta"],
    )
    .run()
    .json();
    assert_eq!(servers(&one), vec!["beta"]);
}

#[test]
fn list_shows_every_server_and_the_last_status() {
    let h = home("linux-code");
    let l = doctor(h.path(), &["list", "--json"]).run();
    assert_eq!(l.code, 0, "{}", l.stderr);
    let v = l.json();
    assert_eq!(v["schema"], "mcp-doctor/list/v1");
    let rows = v["servers"].as_array().unwrap();
    assert_eq!(rows.len(), 8, "{v}");
    assert!(
        rows.iter().all(|r| r["last_check"].is_null()),
        "nothing checked yet"
    );
    let zed = rows.iter().find(|r| r["client"] == "zed").unwrap();
    assert_eq!(zed["name"], "postgres");
    assert_eq!(zed["transport"], "stdio");
    assert!(zed["config"]
        .as_str()
        .unwrap()
        .ends_with(".config/zed/settings.json"));
    let human = doctor(h.path(), &["list"]).run().stdout;
    assert!(human.contains("not checked yet"), "{human}");

    // After a check, each server has that check's status; a narrowed check updates only its own.
    let out = doctor(h.path(), &["check", "--no-platform", "--server", "stream"]).run();
    assert_eq!(out.code, 0);
    let v = doctor(h.path(), &["list", "--json"]).run().json();
    let rows = v["servers"].as_array().unwrap();
    let stream = rows.iter().find(|r| r["name"] == "stream").unwrap();
    assert_eq!(stream["last_check"]["status"], "ok");
    assert!(rows
        .iter()
        .filter(|r| r["name"] != "stream")
        .all(|r| r["last_check"].is_null()));
    doctor(h.path(), &["check", "--no-platform"]).run();
    let v = doctor(h.path(), &["list", "--json", "--client", "zed"])
        .run()
        .json();
    let rows = v["servers"].as_array().unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["last_check"]["status"], "error");
    let human = doctor(h.path(), &["list", "--client", "zed"]).run().stdout;
    assert!(
        human.contains("error (just now)") || human.contains("ago"),
        "{human}"
    );

    // MCP_DOCTOR_NO_STATE: nothing read.
    let v = doctor(h.path(), &["list", "--json"])
        .env("MCP_DOCTOR_NO_STATE", "1")
        .run()
        .json();
    assert!(v["servers"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["last_check"].is_null()));
}

#[test]
fn probe_takes_client_and_server_options() {
    let h = home("planted-relative");
    let out = doctor(
        h.path(),
        &["probe", "--json", "--server", "weather", "--timeout", "5"],
    )
    .run();
    let v = out.json();
    assert_eq!(names(&v, "servers"), vec!["claude-code/weather"]);
    assert!(!v["servers"][0]["probe"].is_null());
    let out = doctor(h.path(), &["probe", "--json", "--client", "cursor"]).run();
    let v = out.json();
    assert!(v["servers"].as_array().unwrap().is_empty(), "{v}");
}
