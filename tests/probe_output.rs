//! `check --probe` reads what a failing server printed with the same classifier as the logs: real
//! interpreters (python3, node) fail the way users' servers do, and the cause their own error
//! names comes first, with its fix, ahead of the generic crash.
mod common;
use common::*;

fn on_path(name: &str) -> Option<std::path::PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
        .find(|d| d.join(name).is_file())
}

/// A home whose Claude Code config has one server `weather` running `command args`, with
/// `files` written under the home first; checked with `--probe`.
fn probe_one(files: &[(&str, &str)], command: &str, args: &[&str]) -> serde_json::Value {
    let h = empty_home();
    for (rel, text) in files {
        let p = h.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    let home = h.path().display().to_string();
    let args: Vec<String> = args.iter().map(|a| a.replace("{HOME}", &home)).collect();
    let cfg = serde_json::json!({"mcpServers": {"weather": {"command": command, "args": args}}});
    std::fs::write(h.path().join(".claude.json"), cfg.to_string()).unwrap();
    let dirs: Vec<String> = ["python3", "node"]
        .iter()
        .filter_map(|n| on_path(n))
        .map(|d| d.display().to_string())
        .collect();
    let path = format!("{}:/usr/bin:/bin", dirs.join(":"));
    let out = doctor(
        h.path(),
        &[
            "check",
            "--probe",
            "--timeout",
            "10",
            "--no-platform",
            "--json",
        ],
    )
    .env("PATH", &path)
    .run();
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    out.json()
}

fn top(r: &serde_json::Value) -> (&str, &str) {
    (
        r["causes"][0]["cause"].as_str().unwrap_or("none"),
        r["causes"][0]["fix"]["summary"].as_str().unwrap_or(""),
    )
}

#[test]
fn a_python_server_missing_a_module_names_the_module() {
    let r = probe_one(
        &[(
            "srv/server.py",
            "import sys\nimport weather_sdk_not_installed\n",
        )],
        "python3",
        &["{HOME}/srv/server.py"],
    );
    let (cause, fix) = top(&r);
    assert_eq!(cause, "server-crash", "{:#}", r["causes"]);
    assert!(fix.contains("weather_sdk_not_installed"), "{fix}");
    assert!(!with_rule(&r, "log-missing-module").is_empty());
}

#[test]
fn a_node_server_without_its_api_key_is_missing_env() {
    if on_path("node").is_none() {
        panic!("node is required for this test (the CI machine has Node 20)");
    }
    // What servers such as the Brave Search one print before exiting.
    let r = probe_one(
        &[(
            "srv/index.js",
            "if (!process.env.BRAVE_API_KEY) {\n  console.error('Error: BRAVE_API_KEY environment variable is required');\n  process.exit(1);\n}\n",
        )],
        "node",
        &["{HOME}/srv/index.js"],
    );
    let (cause, _) = top(&r);
    assert_eq!(cause, "missing-env", "{:#}", r["causes"]);
    // The generic crash is folded into the cause as its evidence, not a cause of its own.
    assert!(r["causes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["cause"] != "server-crash"));
}

#[test]
fn a_node_server_whose_script_is_missing_is_bad_path() {
    if on_path("node").is_none() {
        panic!("node is required for this test (the CI machine has Node 20)");
    }
    // A typo in the script name: node prints "Cannot find module '/…/indx.js'".
    let r = probe_one(
        &[("srv/index.js", "console.error('never runs');\n")],
        "node",
        &["{HOME}/srv/indx.js"],
    );
    let (cause, _) = top(&r);
    assert_eq!(cause, "bad-path", "{:#}", r["causes"]);
}

#[test]
fn a_python_too_old_for_the_server_syntax_is_runtime_version() {
    // PEP 695 `type` aliases need Python 3.12; older interpreters fail on the syntax.
    let python = on_path("python3").unwrap().join("python3");
    let minor = std::process::Command::new(&python)
        .args(["-c", "import sys; print(sys.version_info[1])"])
        .output()
        .unwrap();
    let minor: u32 = String::from_utf8_lossy(&minor.stdout)
        .trim()
        .parse()
        .unwrap();
    // Syntax one release newer than the interpreter: PEP 695 `type` aliases (3.12), PEP 758
    // `except` without parentheses (3.14).
    let src = match minor {
        0..=11 => "type Forecast = dict[str, float]\nprint('never runs')\n",
        12 | 13 => "try:\n    pass\nexcept ValueError, TypeError:\n    pass\n",
        _ => panic!("this test needs a python3 older than 3.14 on PATH"),
    };
    let r = probe_one(
        &[("srv/server.py", src)],
        "python3",
        &["{HOME}/srv/server.py"],
    );
    let (cause, _) = top(&r);
    assert_eq!(cause, "runtime-version", "{:#}", r["causes"]);
}
