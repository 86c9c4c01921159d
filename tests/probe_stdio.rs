//! The stdio probe against the fixture server: each misbehaviour, the findings it proves, and no
//! process left behind.
#[path = "common_probe/mod.rs"]
mod common;

use common::*;
use mcp_doctor::finding::{Cause, ClientId};
use mcp_doctor::probe::{self, Failure, ProbeSpec, ProbeStatus};
use std::time::{Duration, Instant};

fn causes(spec: &ProbeSpec, r: &probe::ProbeResult) -> Vec<Cause> {
    probe::findings(spec, r).iter().map(|f| f.cause()).collect()
}

fn json(r: &probe::ProbeResult) -> serde_json::Value {
    serde_json::to_value(r).expect("a result serializes")
}

#[test]
fn a_good_server_is_ok_with_its_name_version_and_tools() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pids");
    let spec = fixture_spec(
        "good",
        &["--tools", "3", "--pidfile", pidfile.to_str().unwrap()],
    );
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.tools, Some(3));
    assert_eq!(r.protocol_version.as_deref(), Some("2025-11-25"));
    let info = r.server_info.clone().unwrap();
    assert_eq!(
        (info.name.as_str(), info.version.as_str()),
        ("fixture", "1.0.0")
    );
    assert!(r.spawn_ms.unwrap() <= r.initialize_ms.unwrap());
    assert!(r.initialize_ms.unwrap() <= r.duration_ms);
    assert_eq!(r.ignored_stdin_close, Some(false));
    assert_eq!(r.exit_code, Some(0));
    assert!(r
        .stderr_tail
        .as_ref()
        .unwrap()
        .iter()
        .any(|l| l.contains("ready on stdio")));
    assert!(probe::findings(&spec, &r).is_empty());
    // The contract's fields, all present.
    let v = json(&r);
    for k in [
        "status",
        "transport",
        "duration_ms",
        "initialize_ms",
        "protocol_version",
        "server_info",
        "tools",
        "exit_code",
        "signal",
        "http_status",
        "stderr_tail",
        "error",
        "skipped_reason",
    ] {
        assert!(v.get(k).is_some(), "field {k} missing in {v}");
    }
    assert_eq!(v["status"], "ok");
    assert_eq!(v["transport"], "stdio");
    assert!(v["http_status"].is_null());
    assert!(all_gone(&read_pids(&pidfile)));
}

#[test]
fn the_spawn_environment_and_cwd_are_exactly_the_given_ones() {
    // A server that needs an env var the shell has but the client does not pass: it crashes.
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("envcheck.py");
    std::fs::write(
        &script,
        "import os, sys\nsys.stderr.write('cwd=' + os.getcwd() + ' keys=' + ','.join(sorted(os.environ)) + '\\n')\nsys.exit(0 if os.environ.get('NEEDED') else 3)\n",
    )
    .unwrap();
    let mut spec = ProbeSpec::stdio("env", ClientId::ClaudeDesktop, python(), &[]);
    spec.args = vec![script.display().to_string()];
    spec.env = vec![
        ("PATH".into(), std::env::var("PATH").unwrap_or_default()),
        ("ONLY_THIS".into(), "1".into()),
    ];
    spec.cwd = Some(dir.path().to_path_buf());
    spec.timeout = Duration::from_secs(5);
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Failed);
    assert_eq!(r.exit_code, Some(3));
    let tail = r.stderr_tail.clone().unwrap().join("\n");
    assert!(
        tail.contains(&format!(
            "cwd={}",
            dir.path().canonicalize().unwrap().display()
        )),
        "{tail}"
    );
    assert!(tail.contains("ONLY_THIS,PATH"), "{tail}");
    assert!(!tail.contains("HOME"), "{tail}");
}

#[test]
fn a_crash_at_start_is_server_crash_with_the_traceback() {
    let spec = fixture_spec("crash", &["--crash"]);
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Failed);
    assert_eq!(r.failure, Some(Failure::Exited));
    assert_eq!(r.exit_code, Some(1));
    assert!(
        r.stderr_tail
            .as_ref()
            .unwrap()
            .iter()
            .any(|l| l.contains("ModuleNotFoundError")),
        "{r:?}"
    );
    let f = probe::findings(&spec, &r);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].cause(), Cause::ServerCrash);
    assert_eq!(f[0].source(), mcp_doctor::finding::Source::Probe);
    assert!(
        f[0].message.contains("exited with code 1"),
        "{}",
        f[0].message
    );
    assert!(f[0]
        .evidence
        .iter()
        .any(|e| e.text.contains("ModuleNotFoundError")));
}

#[test]
fn an_exit_after_start_before_answering_is_a_crash() {
    let spec = fixture_spec(
        "exits",
        &["--hang", "--exit-after", "0.5", "--exit-code", "2"],
    );
    let t = Instant::now();
    let r = probe::probe(&spec);
    assert!(t.elapsed() < Duration::from_secs(5));
    assert_eq!(r.failure, Some(Failure::Exited), "{r:?}");
    assert_eq!(r.exit_code, Some(2));
    assert_eq!(causes(&spec, &r), vec![Cause::ServerCrash]);
}

#[test]
fn stdout_garbage_is_pollution_quoting_the_line() {
    for mode in ["before", "among"] {
        let spec = fixture_spec("noisy", &["--garbage", mode]);
        let r = probe::probe(&spec);
        assert_eq!(r.status, ProbeStatus::Ok, "{mode}: {r:?}");
        assert_eq!(r.tools, Some(2));
        assert!(!r.stdout_noise.is_empty(), "{mode}");
        let f = probe::findings(&spec, &r);
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].cause(), Cause::StdoutPollution);
        let quoted = if mode == "before" {
            "Server v1.0 starting up..."
        } else {
            "debug: handling initialize"
        };
        assert!(f[0].message.contains(quoted), "{}", f[0].message);
    }
}

#[test]
fn a_secret_on_stdout_is_redacted() {
    let spec = fixture_spec("secret", &["--secret-banner"]);
    let r = probe::probe(&spec);
    let all = format!("{}{:?}", json(&r), probe::findings(&spec, &r));
    assert!(!all.contains("sk-live-1234567890abcdef"), "{all}");
    assert!(all.contains("<redacted:"), "{all}");
}

#[test]
fn a_hang_is_a_timeout_and_the_process_is_killed() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pids");
    let mut spec = fixture_spec(
        "hang",
        &[
            "--hang",
            "--spawn-child",
            "--pidfile",
            pidfile.to_str().unwrap(),
        ],
    );
    spec.timeout = Duration::from_millis(1500);
    let t = Instant::now();
    let r = probe::probe(&spec);
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert_eq!(r.status, ProbeStatus::Timeout);
    assert_eq!(causes(&spec, &r), vec![Cause::StartupTimeout]);
    let pids = read_pids(&pidfile);
    assert_eq!(pids.len(), 2, "the fixture and its child");
    assert!(all_gone(&pids), "left running: {pids:?}");
}

#[test]
fn a_cold_npx_download_is_named_in_a_timeout() {
    let mut spec = fixture_spec("cold", &[]);
    spec.timeout = Duration::from_millis(800);
    // A command line with `npx -y pkg` in it, that never answers.
    spec.args = vec![
        "-c".into(),
        "import time; time.sleep(30)".into(),
        "npx".into(),
        "-y".into(),
        "pkg".into(),
    ];
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Timeout);
    assert!(r.cold_download);
    let f = probe::findings(&spec, &r);
    assert!(f[0].message.contains("cold cache"), "{}", f[0].message);
}

#[test]
fn a_self_sigkill_is_oom_killed() {
    let spec = fixture_spec("killed", &["--sigkill"]);
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::Killed), "{r:?}");
    assert_eq!(r.signal.as_deref(), Some("SIGKILL"));
    assert_eq!(causes(&spec, &r), vec![Cause::OomKilled]);
}

#[test]
fn heap_out_of_memory_in_stderr_is_oom_killed() {
    let spec = fixture_spec("heap", &["--heap-oom"]);
    let r = probe::probe(&spec);
    assert_eq!(r.exit_code, Some(134));
    assert_eq!(causes(&spec, &r), vec![Cause::OomKilled]);
}

#[test]
fn a_missing_command_and_a_non_executable_file() {
    let spec = ProbeSpec::stdio(
        "missing",
        ClientId::ClaudeDesktop,
        "/nonexistent/bin/mcp-server-xyz",
        &[],
    );
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::CommandNotFound));
    assert_eq!(causes(&spec, &r), vec![Cause::CommandNotFound]);

    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("server.sh");
    std::fs::write(&f, "#!/bin/sh\necho hi\n").unwrap();
    let spec = ProbeSpec::stdio("noexec", ClientId::ClaudeDesktop, &f, &[]);
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::PermissionDenied), "{r:?}");
    assert_eq!(causes(&spec, &r), vec![Cause::Permission]);

    let mut spec = fixture_spec("badcwd", &[]);
    spec.cwd = Some(dir.path().join("no-such-folder"));
    let r = probe::probe(&spec);
    assert_eq!(causes(&spec, &r), vec![Cause::BadPath]);
}

#[test]
fn server_requests_are_answered_and_notifications_skipped() {
    let spec = fixture_spec("roots", &["--roots-request"]);
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert!(r.stdout_noise.is_empty());
}

#[test]
fn a_server_without_tools_skips_tools_list() {
    let spec = fixture_spec("notools", &["--tools", "0"]);
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok);
    assert_eq!(r.tools, Some(0));
}

#[test]
fn ignoring_stdin_close_is_a_note_and_sigterm_then_sigkill_end_it() {
    let dir = tempfile::tempdir().unwrap();
    let pidfile = dir.path().join("pids");
    let spec = fixture_spec(
        "sticky",
        &["--ignore-eof", "--pidfile", pidfile.to_str().unwrap()],
    );
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok);
    assert_eq!(r.ignored_stdin_close, Some(true));
    assert_eq!(causes(&spec, &r), vec![Cause::ServerCrash]);
    assert_eq!(
        probe::findings(&spec, &r)[0].severity,
        mcp_doctor::finding::Severity::Note
    );
    assert!(all_gone(&read_pids(&pidfile)));

    let spec = fixture_spec(
        "stubborn",
        &[
            "--ignore-eof",
            "--ignore-term",
            "--pidfile",
            pidfile.to_str().unwrap(),
        ],
    );
    let t = Instant::now();
    let r = probe::probe(&spec);
    assert!(t.elapsed() < Duration::from_secs(8));
    assert_eq!(r.ignored_stdin_close, Some(true));
    assert!(all_gone(&read_pids(&pidfile)));
}

#[test]
fn floods_are_bounded() {
    for mode in ["stdout", "stderr", "stdout-noline"] {
        let dir = tempfile::tempdir().unwrap();
        let pidfile = dir.path().join("pids");
        let mut spec = fixture_spec(
            "flood",
            &["--flood", mode, "--pidfile", pidfile.to_str().unwrap()],
        );
        spec.timeout = Duration::from_secs(2);
        let t = Instant::now();
        let r = probe::probe(&spec);
        assert!(
            t.elapsed() < Duration::from_secs(8),
            "{mode}: {:?}",
            t.elapsed()
        );
        assert_eq!(r.status, ProbeStatus::Timeout, "{mode}: {r:?}");
        assert!(r.stdout_noise.len() <= 10);
        assert!(r.stdout_noise.iter().all(|l| l.len() <= 84));
        let tail = r.stderr_tail.clone().unwrap();
        assert!(
            tail.len() <= 20 && tail.iter().all(|l| l.len() <= 310),
            "{mode}"
        );
        if mode != "stderr" {
            assert!(r.stdout_noise_lines > 0, "{mode}");
        }
        assert!(all_gone(&read_pids(&pidfile)), "{mode}");
    }
}

#[test]
fn skipped_results_have_a_reason_and_no_findings() {
    let r = probe::skipped("project server not approved; pass --trust-project");
    let v = json(&r);
    assert_eq!(v["status"], "skipped");
    assert_eq!(
        v["skipped_reason"],
        "project server not approved; pass --trust-project"
    );
    let spec = fixture_spec("x", &[]);
    assert!(probe::findings(&spec, &r).is_empty());
}

#[test]
fn an_initialize_error_is_a_protocol_error_and_a_modern_only_server_is_named() {
    let spec = fixture_spec("modern", &["--modern-only"]);
    let r = probe::probe(&spec);
    assert_eq!(r.failure, Some(Failure::Protocol), "{r:?}");
    let err = r.error.clone().unwrap();
    assert!(
        err.contains("-32602") && err.contains("2026-07-28"),
        "{err}"
    );
    assert_eq!(r.protocol_version.as_deref(), Some("2026-07-28"));
    assert_eq!(causes(&spec, &r), vec![Cause::ServerCrash]);
}

#[test]
fn a_secret_env_value_printed_back_by_the_server_is_redacted() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("leak.py");
    std::fs::write(
        &script,
        "import os, sys\nv = os.environ['MY_SERVICE_APIKEY']\nprint('using ' + v)\nsys.stderr.write('key is ' + v + '\\n')\nsys.exit(1)\n",
    )
    .unwrap();
    let mut spec = ProbeSpec::stdio("leak", ClientId::Cursor, python(), &[]);
    spec.args = vec![script.display().to_string()];
    spec.env = base_env();
    spec.env
        .push(("MY_SERVICE_APIKEY".into(), "plainvalue9876".into()));
    let r = probe::probe(&spec);
    assert_eq!(r.exit_code, Some(1));
    let all = format!("{}{:?}", json(&r), probe::findings(&spec, &r));
    assert!(!all.contains("plainvalue9876"), "{all}");
    assert!(all.contains("using <redacted:14 chars>"), "{all}");
}

#[test]
fn a_large_tools_list_reply_is_read_whole() {
    // About 300 KB on one line.
    let spec = fixture_spec("big", &["--tools", "3000"]);
    let r = probe::probe(&spec);
    assert_eq!(r.status, ProbeStatus::Ok, "{r:?}");
    assert_eq!(r.tools, Some(3000));
    assert!(r.stdout_noise.is_empty());
}

#[test]
fn probe_findings_feed_the_ranking_with_their_fix() {
    let spec = fixture_spec("crash", &["--crash"]);
    let r = probe::probe(&spec);
    let f = probe::findings(&spec, &r);
    let ids: Vec<String> = (1..=f.len()).map(|i| format!("F{i}")).collect();
    let now = std::time::SystemTime::now();
    let ranked = mcp_doctor::rank::rank(&f, &ids, mcp_doctor::machine::Os::Linux, now);
    assert_eq!(ranked[0].cause, Cause::ServerCrash);
    assert_eq!(ranked[0].server.as_deref(), Some("crash"));
    assert!(
        ranked[0].fix.summary.contains("fixture_server.py"),
        "{}",
        ranked[0].fix.summary
    );
    assert!(mcp_doctor::rank::finding_score(&f[0], now) > 0.5);
}
