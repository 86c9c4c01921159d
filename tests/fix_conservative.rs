//! `fix` is conservative by default (issue 16): with no flag it changes only what a finding
//! marked broken or at risk, so a healthy home plans nothing; it never writes this machine's
//! paths into a project's shared file unless that file or server is named; and it says what it
//! left alone and why.
mod common;
use common::*;
use std::path::Path;

fn tool(h: &Home) -> String {
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("shtool"), "#!/bin/sh\n").unwrap();
    make_executable(&bin.join("shtool"));
    format!("{}:/usr/bin:/bin", bin.display())
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn fix(h: &Home, path: &str, cwd: &Path, extra: &[&str]) -> Out {
    let mut args = vec!["fix", "--os", "linux", "--dry-run", "--json"];
    args.extend_from_slice(extra);
    doctor(h.path(), &args).env("PATH", path).cwd(cwd).run()
}

fn changes(v: &serde_json::Value) -> Vec<String> {
    v["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                c["server"].as_str().unwrap(),
                c["pointer"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_healthy_home_plans_nothing() {
    let h = empty_home();
    let path = tool(&h);
    let cfg = h.path().join(".cursor/mcp.json");
    let text = "{\"mcpServers\": {\"s\": {\"command\": \"shtool\", \"args\": [\"--stdio\"]}}}\n";
    write(&cfg, text);
    // The check finds nothing wrong...
    let check = doctor(
        h.path(),
        &["check", "--no-platform", "--os", "linux", "--json"],
    )
    .env("PATH", &path)
    .run();
    assert_eq!(check.code, 0, "{}", check.stdout);
    // ...so fix plans nothing, and says what it left alone.
    let out = fix(&h, &path, h.path(), &[]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v = out.json();
    assert!(changes(&v).is_empty(), "{:#}", v["changes"]);
    let left = v["left_alone"].as_array().expect("left_alone");
    assert!(
        left[0].as_str().unwrap().contains("works today"),
        "{left:?}"
    );
    let human = doctor(h.path(), &["fix", "--os", "linux", "--dry-run"])
        .env("PATH", &path)
        .run();
    assert!(human.stdout.contains("Nothing to fix"), "{}", human.stdout);
    assert!(human.stdout.contains("Left alone (1):"), "{}", human.stdout);
    assert!(!human.stdout.contains("+++"), "no diff: {}", human.stdout);
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), text);
    // Asked for by name, the contract's --absolute-paths still pins the bare command.
    let v = fix(&h, &path, h.path(), &["--absolute-paths"]).json();
    assert_eq!(changes(&v), vec!["s /mcpServers/s/command"]);
    // Naming the server only narrows: still nothing marked it broken.
    let v = fix(&h, &path, h.path(), &["--server", "s"]).json();
    assert!(changes(&v).is_empty(), "{:?}", changes(&v));
}

#[test]
fn a_project_file_gets_no_machine_path_unless_named() {
    let h = empty_home();
    let path = tool(&h);
    let proj = h.path().join("proj");
    let shared = proj.join(".cursor/mcp.json");
    // `~/data` is broken for Cursor (it does not expand `~`): a finding marks it...
    let text = "{\"mcpServers\": {\"team\": {\"command\": \"shtool\", \"args\": [\"~/data\"]}}}\n";
    write(&shared, text);
    // ...and the same entry in the user's own file is fixed as before.
    let own = h.path().join(".cursor/mcp.json");
    write(
        &own,
        "{\"mcpServers\": {\"mine\": {\"command\": \"shtool\", \"args\": [\"~/data\"]}}}\n",
    );
    let check = doctor(
        h.path(),
        &["check", "--no-platform", "--os", "linux", "--json"],
    )
    .env("PATH", &path)
    .cwd(&proj)
    .run()
    .json();
    assert!(
        !with_rule(&check, "tilde-path").is_empty(),
        "{:#}",
        check["findings"]
    );

    let v = fix(&h, &path, &proj, &[]).json();
    assert_eq!(
        changes(&v),
        vec!["mine /mcpServers/mine/args/0"],
        "{:#}",
        v["changes"]
    );
    let left = v["left_alone"].as_array().unwrap();
    assert!(
        left.iter().any(|l| {
            let l = l.as_str().unwrap();
            l.starts_with("team (Cursor)") && l.contains("shared with your team")
        }),
        "{left:?}"
    );
    // --absolute-paths alone does not name the shared file either.
    let v = fix(&h, &path, &proj, &["--absolute-paths"]).json();
    assert!(
        changes(&v).iter().all(|c| !c.starts_with("team ")),
        "{:?}",
        changes(&v)
    );
    // Named by server or by file, it is planned.
    let v = fix(&h, &path, &proj, &["--server", "team"]).json();
    assert!(
        changes(&v).contains(&"team /mcpServers/team/args/0".to_string()),
        "{:?}",
        changes(&v)
    );
    let v = fix(&h, &path, &proj, &["--config", ".cursor/mcp.json"]).json();
    assert_eq!(
        changes(&v),
        vec!["team /mcpServers/team/args/0"],
        "only the named file"
    );
    assert_eq!(
        std::fs::read_to_string(&shared).unwrap(),
        text,
        "dry runs write nothing"
    );
}
