//! `mcp-doctor logs --file` through the real binary: every corpus case ranks its cause first, and
//! `check` folds the clients' recent log events into its ranking.
mod common;
use common::*;
use std::path::Path;

#[test]
fn every_corpus_log_ranks_its_cause_first_through_the_binary() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/corpus");
    let mut n = 0;
    for e in std::fs::read_dir(&corpus).expect("the corpus testdata/corpus is missing") {
        let dir = e.unwrap().path();
        let log = dir.join("log.txt");
        if !log.is_file() {
            continue;
        }
        let name = dir.file_name().unwrap().to_str().unwrap().to_string();
        // The first 22 reports; the whole corpus is scored in-process by logs_corpus.rs.
        if !name[..3].parse::<u32>().is_ok_and(|n| n < 100) {
            continue;
        }
        let want = name.split_once('-').unwrap().1.to_string();
        let source = std::fs::read_to_string(dir.join("source.md")).unwrap_or_default();
        let os = if source.contains("Windows") {
            "windows"
        } else {
            "linux"
        };
        let h = empty_home();
        let out = doctor(
            h.path(),
            &[
                "logs",
                "--os",
                os,
                "--json",
                "--file",
                log.to_str().unwrap(),
            ],
        )
        .run();
        assert!(out.code == 0 || out.code == 1, "{name}: {}", out.stderr);
        let r = out.json();
        assert_eq!(
            r["causes"][0]["cause"],
            want.as_str(),
            "{name}: {}",
            r["causes"]
        );
        assert!(
            r["events"].as_array().is_some_and(|e| !e.is_empty()),
            "{name}"
        );
        n += 1;
    }
    assert!(n >= 20, "only {n} corpus logs found");
}

#[test]
fn check_includes_the_last_day_of_claude_desktop_logs() {
    let h = empty_home();
    let logs = h.path().join(".config/Claude/logs");
    std::fs::create_dir_all(&logs).unwrap();
    std::fs::create_dir_all(h.path().join(".config/Claude")).unwrap();
    std::fs::write(
        h.path().join(".config/Claude/claude_desktop_config.json"),
        r#"{"mcpServers": {"weather": {"command": "/bin/sh", "args": ["-c", "exit 1"]}}}"#,
    )
    .unwrap();
    std::fs::write(
        logs.join("mcp-server-weather.log"),
        "2026-11-22T09:00:00.000Z [weather] [info] Initializing server...\n2026-11-22T09:00:00.100Z [weather] [error] FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory\n",
    )
    .unwrap();
    let r = doctor(
        h.path(),
        &[
            "check",
            "--os",
            "linux",
            "--json",
            "--now",
            "2026-11-22T10:00:00Z",
        ],
    )
    .run()
    .json();
    assert_eq!(r["causes"][0]["cause"], "oom-killed", "{}", r["causes"]);
    assert_eq!(r["causes"][0]["server"], "weather");
    let weather = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "weather")
        .unwrap();
    assert_eq!(weather["status"], "error");
    // Outside the window, the event does not count.
    let r = doctor(
        h.path(),
        &[
            "check",
            "--os",
            "linux",
            "--json",
            "--now",
            "2026-11-25T10:00:00Z",
        ],
    )
    .run()
    .json();
    assert!(
        r["causes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["cause"] != "oom-killed"),
        "{}",
        r["causes"]
    );
    let r = doctor(
        h.path(),
        &[
            "check",
            "--os",
            "linux",
            "--json",
            "--now",
            "2026-11-25T10:00:00Z",
            "--since",
            "7d",
        ],
    )
    .run()
    .json();
    assert_eq!(r["causes"][0]["cause"], "oom-killed");
}

#[test]
fn logs_usage_errors() {
    let h = empty_home();
    for args in [
        vec!["logs", "--since", "soon"],
        vec!["logs", "--client", "notepad"],
        vec!["logs", "--file", "/nonexistent/x.log"],
    ] {
        let out = doctor(h.path(), &args).run();
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(out.stderr.trim().lines().count(), 1, "{}", out.stderr);
    }
}

/// Issue 5 part 4: the first failure after the config file last changed.
#[test]
fn check_dates_a_failure_that_began_after_the_config_changed() {
    let h = empty_home();
    let dir = h.path().join(".config/Claude");
    std::fs::create_dir_all(dir.join("logs")).unwrap();
    let cfg = dir.join("claude_desktop_config.json");
    std::fs::write(
        &cfg,
        r#"{"mcpServers": {"weather": {"command": "/bin/sh", "args": ["-c", "exit 1"]}}}"#,
    )
    .unwrap();
    let changed = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_795_338_000); // 2026-11-22T09:00:00Z
    let set_mtime = || {
        std::fs::File::options()
            .write(true)
            .open(&cfg)
            .unwrap()
            .set_modified(changed)
            .unwrap();
    };
    set_mtime();
    let run = |log: &str| {
        std::fs::write(dir.join("logs/mcp.log"), log).unwrap();
        doctor(
            h.path(),
            &[
                "check",
                "--os",
                "linux",
                "--json",
                "--now",
                "2026-11-22T10:00:00Z",
            ],
        )
        .run()
        .json()
    };
    // Started fine at 08:00 (the PATH it logged), config edited at 09:00, ENOENT at 09:02.
    let r = run("2026-11-22T08:00:00.000Z [weather] [info] Using MCP server command: /bin/sh with path: { metadata: { paths: [ '/usr/bin' ] } }\n2026-11-22T09:02:00.000Z [weather] [error] spawn /bin/shx ENOENT\n");
    let f = with_rule(&r, "log-failing-since-config-change");
    assert_eq!(f.len(), 1, "{:#}", r["findings"]);
    assert_eq!(
        f[0]["cause"], "bad-path",
        "takes the failure's cause (a missing absolute program)"
    );
    let msg = f[0]["message"].as_str().unwrap();
    assert!(msg.contains("`weather` began failing 2 min after"), "{msg}");
    assert!(msg.contains("(2026-11-22T09:00:00.000Z)"), "{msg}");
    assert!(f[0]["fix"]["summary"]
        .as_str()
        .unwrap()
        .contains("claude_desktop_config.json"));
    // A failure before the change too: the edit is not what broke it.
    let r = run("2026-11-22T08:00:00.000Z [weather] [info] Using MCP server command: /bin/sh with path: { metadata: { paths: [ '/usr/bin' ] } }\n2026-11-22T08:30:00.000Z [weather] [error] spawn /bin/shx ENOENT\n2026-11-22T09:02:00.000Z [weather] [error] spawn /bin/shx ENOENT\n");
    assert!(
        with_rule(&r, "log-failing-since-config-change").is_empty(),
        "{:#}",
        r["findings"]
    );
    // Logs that start after the change say nothing about before it.
    let r = run("2026-11-22T09:02:00.000Z [weather] [error] spawn /bin/shx ENOENT\n");
    assert!(
        with_rule(&r, "log-failing-since-config-change").is_empty(),
        "{:#}",
        r["findings"]
    );
    set_mtime();
}

/// A start-up timeout's fix names the setting of the client that wrote the log (issue 14: one
/// file per client holds how it is raised): Claude Code's `MCP_TIMEOUT` as a command to run, for
/// the OS's shell; Codex's `startup_timeout_sec` in words (a config key, no command); nothing
/// made up for a log of no known client.
#[test]
fn a_start_up_timeout_fix_names_the_clients_own_setting() {
    let fix_of = |text: &str, os: &str| -> (String, Vec<String>) {
        let h = empty_home();
        let f = h.path().join("paste.log");
        std::fs::write(&f, text).unwrap();
        let out = doctor(
            h.path(),
            &["logs", "--os", os, "--json", "--file", f.to_str().unwrap()],
        )
        .run();
        let r = out.json();
        let c = r["causes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["cause"] == "startup-timeout")
            .unwrap_or_else(|| panic!("no startup-timeout in {r}"))
            .clone();
        let cmds = c["fix"]["commands"].as_array().unwrap().iter();
        (
            c["fix"]["summary"].as_str().unwrap().to_string(),
            cmds.map(|x| x.as_str().unwrap().to_string()).collect(),
        )
    };
    let claude = "2026-01-08T10:51:33.603Z [ERROR] MCP server \"sleep\" Connection failed: MCP error -32001: Request timed out\n";
    let (s, c) = fix_of(claude, "linux");
    assert!(s.contains("`MCP_TIMEOUT`"), "{s}");
    assert_eq!(c, ["MCP_TIMEOUT=60000 claude"]);
    let (_, c) = fix_of(claude, "windows");
    assert_eq!(c, ["$env:MCP_TIMEOUT=60000; claude"]);
    let codex = "⚠ MCP client for `playwright` timed out after 10 seconds. Add or adjust `startup_timeout_sec` in your config.toml:\n";
    let (s, c) = fix_of(codex, "linux");
    assert!(s.contains("`startup_timeout_sec = 60`"), "{s}");
    assert!(c.is_empty(), "{c:?}");
    let (s, c) = fix_of("MCP error -32001: Request timed out\n", "linux");
    assert_eq!(
        s,
        "Pre-install the server or raise the client's start-up timeout"
    );
    assert!(c.is_empty(), "{c:?}");
}

/// The causes, in order, that `logs --file` ranks for `text` pasted into a file (`os`: the
/// `--os` given, if any).
fn pasted_causes(text: &str, os: Option<&str>) -> Vec<String> {
    let h = empty_home();
    let log = h.path().join("pasted.txt");
    std::fs::write(&log, text).unwrap();
    let mut args = vec!["logs", "--json", "--now", "2099-01-01T00:00:00Z"];
    if let Some(os) = os {
        args.extend(["--os", os]);
    }
    args.extend(["--file", log.to_str().unwrap()]);
    let out = doctor(h.path(), &args).run();
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    out.json()["causes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cause"].as_str().unwrap().to_string())
        .collect()
}

/// A pasted `spawn npx ENOENT` that does not say its OS leaves Windows' `.cmd` shim open right
/// below the missing command (on Windows a spawn without a shell never finds `npx.cmd`); a paste
/// that shows macOS or Linux does not, and one that shows Windows is read as Windows.
#[test]
fn a_pasted_spawn_npx_enoent_leaves_the_windows_shim_open_unless_the_text_says_its_os() {
    let causes = |text: &str, os: &str| pasted_causes(text, Some(os));
    let bare = "MCP server \"playwright\": spawn npx ENOENT\n";
    for os in ["linux", "macos"] {
        let got = causes(bare, os);
        assert_eq!(
            got[..2],
            ["command-not-found", "windows-npx"],
            "{os}: {got:?}"
        );
    }
    // Not for a program that is no `.cmd` shim on Windows.
    let uvx = causes("MCP server \"git\": spawn uvx ENOENT\n", "linux");
    assert!(!uvx.iter().any(|c| c == "windows-npx"), "{uvx:?}");
    // A paste that shows macOS: the shim is no question.
    let mac = causes(
        "MCP server \"playwright\": spawn npx ENOENT\n  cwd: /Users/dana/Library/Application Support/Claude\n",
        "linux",
    );
    assert!(!mac.iter().any(|c| c == "windows-npx"), "{mac:?}");
    // A paste that shows Windows: the shim is the cause.
    let win = causes(
        "MCP server \"playwright\": spawn npx ENOENT\n  cwd: C:\\Users\\dana\\AppData\\Roaming\\Claude\n",
        "linux",
    );
    assert_eq!(win[0], "windows-npx", "{win:?}");
}

/// A request that timed out after the connection failed in a way a line names (a certificate the
/// client refused) is that failure's consequence: the network comes first; a timeout alone stays
/// a slow start, with the network left open below it.
#[test]
fn a_timeout_after_a_named_network_failure_is_its_consequence() {
    let causes = |text: &str| pasted_causes(text, None);
    let both = causes(
        "Error: self-signed certificate\n    code: DEPTH_ZERO_SELF_SIGNED_CERT\nMCP error -32001: Request timed out\n",
    );
    assert_eq!(
        both[..2],
        ["network-blocked", "startup-timeout"],
        "{both:?}"
    );
    let alone = causes("MCP error -32001: Request timed out\n");
    assert_eq!(alone[0], "startup-timeout", "{alone:?}");
    assert!(alone.iter().any(|c| c == "network-blocked"), "{alone:?}");
}

/// A shell's `command not found` for the program a Node `exec` just failed to run (`Command
/// failed: idb …`) is a CLI the server's tools wrap: the server's own missing dependency
/// (server-crash), not its command. The same line alone, or a launcher (`npx`) named so, stays
/// a missing command.
#[test]
fn a_missing_program_that_the_server_execs_is_its_own_dependency() {
    let causes = |text: &str| pasted_causes(text, Some("macos"));
    let tool = causes(
        "Error calling tool ui_tap: Error: Command failed: idb ui tap --udid X 161 530 --json\n/bin/sh: idb: command not found\n",
    );
    assert_eq!(tool[0], "server-crash", "{tool:?}");
    let alone = causes("/bin/sh: idb: command not found\n");
    assert_eq!(alone[0], "command-not-found", "{alone:?}");
    let launcher =
        causes("Error: Command failed: npx -y @scope/server\n/bin/sh: npx: command not found\n");
    assert_eq!(launcher[0], "command-not-found", "{launcher:?}");
    // Far from the failed exec (more than three lines on), the shell's line is read alone.
    let far = causes(
        "Error: Command failed: idb ui tap\nline two\nline three\nline four\nline five\n/bin/sh: idb: command not found\n",
    );
    assert_eq!(far[0], "command-not-found", "{far:?}");
}

/// An interpreter newer than a dependency supports (pydantic v1 on Python 3.14), a compiled
/// extension from another interpreter (NumPy's C-extensions, pydantic-core's binary module) and
/// uv's resolver finding no solution for a tool are the runtime's, ranked above the crash they
/// cause.
#[test]
fn an_interpreter_the_dependencies_do_not_fit_is_the_runtime() {
    let causes = |text: &str| pasted_causes(text, None);
    for text in [
        "UserWarning: Core Pydantic V1 functionality isn't compatible with Python 3.14 or greater.\nMCP error -32000: Connection closed\n",
        "ImportError:\n\nIMPORTANT: PLEASE READ THIS FOR ADVICE ON HOW TO SOLVE THIS ISSUE!\n\nImporting the numpy C-extensions failed. This error can happen for\nmany reasons\n",
        "Traceback (most recent call last):\n  File \"/x/server.py\", line 3, in <module>\n    import pydantic\nModuleNotFoundError: No module named 'pydantic_core._pydantic_core'\n",
        "[ERROR] Failed to connect to Chroma MCP server: MCP error -32000: Connection closed\n$ uvx chroma-mcp --help\n× No solution found when resolving tool dependencies:\n",
    ] {
        let got = causes(text);
        assert_eq!(got[0], "runtime-version", "{text}: {got:?}");
    }
    // A module missing from the install stays the server's crash.
    let crash = causes("ModuleNotFoundError: No module named 'pydantic_core'\n");
    assert_eq!(crash[0], "server-crash", "{crash:?}");
}

/// Windows' security policies refusing the server's program (Smart App Control's CodeIntegrity
/// event, error 4551) are a permission problem whose fix is the signed interpreter, not a file's
/// access rights.
#[test]
fn a_program_windows_policy_blocks_is_permission_with_its_own_fix() {
    let h = empty_home();
    let log = h.path().join("pasted.txt");
    std::fs::write(
        &log,
        "Code Integrity determined that a process (\\Device\\HarddiskVolume3\\Users\\u\\.local\\bin\\uv.exe) attempted to load \\Device\\HarddiskVolume3\\mcp\\.venv\\Scripts\\garmin-mcp.exe that did not meet the Enterprise signing level requirements or violated code integrity policy (Policy ID:{0283ac0f-fff1-49ae-ada1-8a933130cad6}).\n",
    )
    .unwrap();
    let out = doctor(
        h.path(),
        &["logs", "--json", "--file", log.to_str().unwrap()],
    )
    .run();
    let j = out.json();
    let first = &j["causes"][0];
    assert_eq!(first["cause"], "permission", "{j}");
    let summary = first["fix"]["summary"].as_str().unwrap();
    assert!(summary.contains("python -m package"), "{summary}");
}
