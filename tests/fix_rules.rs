//! Every config rule whose fix is automatic: running the exact command its `explain` names (with
//! `--yes`) removes that rule's finding. Windows-only rules are covered in `fix_styles.rs`.
mod common;
use common::*;

fn scenario() -> Home {
    let h = empty_home();
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::create_dir_all(h.path().join("rel")).unwrap();
    for (name, text) in [
        ("bin/shtool", "#!/bin/sh\n"),
        ("bin/sh", "#!/bin/sh\n"),
        ("rel/x.sh", "echo\n"),
    ] {
        let p = h.path().join(name);
        std::fs::write(&p, text).unwrap();
        make_executable(&p);
    }
    let cfg = h.path().join(".config/Claude/claude_desktop_config.json");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(
        &cfg,
        r#"{"mcpServers": {
  "not-on-app-path": {"command": "shtool"},
  "missing": {"command": "/opt/gone/bin/shtool"},
  "relative": {"command": "/bin/sh", "args": ["rel/x.sh"]},
  "tilde": {"command": "/bin/sh", "args": ["~/rel/x.sh"]},
  "quoted": {"command": "/bin/sh", "args": ["\"/tmp/my folder/x.sh\""]},
  "command-line": {"command": "shtool -v"},
  "differs": {"command": "sh"}
}}
"#,
    )
    .unwrap();
    h
}

fn run(h: &Home, args: &[&str]) -> Out {
    let mut all = vec!["--os", "linux"];
    all.extend_from_slice(args);
    doctor(h.path(), &all)
        .env("PATH", &format!("{}/bin:/usr/bin:/bin", h.path().display()))
        .run()
}

#[test]
fn each_automatic_fix_removes_its_finding() {
    for (rule, server) in [
        ("command-not-on-app-path", "not-on-app-path"),
        ("command-missing", "missing"),
        ("relative-path", "relative"),
        ("tilde-path", "tilde"),
        ("quoted-path", "quoted"),
        ("command-line-in-command", "command-line"),
        ("command-differs-from-shell", "differs"),
    ] {
        let h = scenario();
        let before = run(&h, &["check", "--json"]).json();
        assert!(
            rules_of(&before, server).contains(&rule.to_string()),
            "{rule}: the scenario must raise it for {server}: {:?}",
            rules_of(&before, server)
        );
        let explained = run(&h, &["explain", rule, "--json"]).json();
        let automatic = explained["automatic"].as_str().unwrap_or_else(|| {
            panic!("{rule} names no automatic fix");
        });
        let words: Vec<&str> = automatic.split_whitespace().collect();
        assert_eq!(&words[..2], ["mcp-doctor", "fix"], "{automatic}");
        let mut args = vec!["fix"];
        args.extend_from_slice(&words[2..]);
        args.push("--yes");
        let out = run(&h, &args);
        assert!(out.code <= 1, "{rule}: {}\n{}", out.stdout, out.stderr);
        let after = run(&h, &["check", "--json"]).json();
        assert!(
            !rules_of(&after, server).contains(&rule.to_string()),
            "{rule} still raised after `{automatic}`:\n{}",
            out.stdout
        );
    }
}
