//! Hostile configs, logs and servers cannot hurt the user (issue 15). Every input here is crafted
//! as an attacker would: `testdata/hostile/` (made by `make.py` there, each file under 1 MB) and
//! loopback servers started by the test. Each run goes through the binary and must finish within
//! its time limit, under 64 MiB peak memory (the kernel's own count, from wait4), with a report or
//! a one-line error, no planted canary secret (`CNRY`) in any output of any format, and no raw
//! control character a terminal would obey.
#![cfg(unix)]
mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PEAK_LIMIT_KB: i64 = 64 * 1024;
const NOW: &str = "2026-11-22T10:00:00Z";

struct Measured {
    code: i32,
    stdout: String,
    stderr: String,
    peak_kb: i64,
    took: Duration,
}

/// Runs the binary on `home` and measures its peak resident memory (ru_maxrss of wait4) and time.
// The child is reaped by wait4 (for its peak memory), which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn measured(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Measured {
    measured_on("linux", home, args, env)
}

/// A run that outlives this is killed (and fails its time limit): a hang fails the test, it
/// does not stop the suite.
const KILL_AFTER: Duration = Duration::from_secs(90);

/// [`measured`] with the analysed OS given.
#[allow(clippy::zombie_processes)]
fn measured_on(os: &str, home: &Path, args: &[&str], env: &[(&str, &str)]) -> Measured {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
    c.arg("--home")
        .arg(home)
        .args(["--color", "never", "--os", os, "--now", NOW])
        .args(args)
        .env_clear()
        .env("HOME", "/nonexistent-home-for-tests")
        .env("PATH", "/usr/bin:/bin")
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        c.env(k, v);
    }
    let start = Instant::now();
    let mut child = c.spawn().unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let t_out = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let t_err = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        s
    });
    // The kernel's peak (ru_maxrss) of a child started by posix_spawn also counts the test
    // process's own high-water mark at exec (the child runs in the parent's memory until then), and
    // the test process holds other tests' data: past the limit, the child's own peak decides,
    // polled from /proc (VmHWM, its memory since exec).
    let pid = child.id();
    let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
    let poll = {
        let running = running.clone();
        std::thread::spawn(move || {
            let mut peak = 0i64;
            while running.load(std::sync::atomic::Ordering::Relaxed) {
                if let Some(kb) = vm_hwm_kb(pid) {
                    peak = peak.max(kb);
                }
                if start.elapsed() > KILL_AFTER {
                    // SAFETY: a signal to our own child, not reaped yet (wait4 below).
                    unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) };
                }
                std::thread::sleep(Duration::from_millis(2));
            }
            peak
        })
    };
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child's pid, with valid pointers.
    let r = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    assert_eq!(r, child.id() as libc::pid_t, "wait4 failed");
    let took = start.elapsed();
    running.store(false, std::sync::atomic::Ordering::Relaxed);
    let polled = poll.join().unwrap();
    let peak_kb = if ru.ru_maxrss < PEAK_LIMIT_KB {
        ru.ru_maxrss
    } else {
        polled
    };
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -libc::WTERMSIG(status)
    };
    Measured {
        code,
        stdout: String::from_utf8_lossy(&t_out.join().unwrap()).into_owned(),
        stderr: String::from_utf8_lossy(&t_err.join().unwrap()).into_owned(),
        peak_kb,
        took,
    }
}

/// A running process's peak resident memory since its exec (`VmHWM` of /proc/PID/status).
fn vm_hwm_kb(pid: u32) -> Option<i64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The checks every run must pass, whatever the input.
fn assert_safe(what: &str, m: &Measured, limit: Duration, json: bool) {
    let all = format!("{}{}", m.stdout, m.stderr);
    assert!(
        m.took <= limit,
        "{what}: took {:?} (limit {limit:?})",
        m.took
    );
    assert!(
        m.peak_kb < PEAK_LIMIT_KB,
        "{what}: peak memory {} KiB (limit {PEAK_LIMIT_KB})",
        m.peak_kb
    );
    assert!(
        !all.contains("CNRY"),
        "{what}: a canary secret leaked:\n{all}"
    );
    assert!(!all.contains("panicked"), "{what}: panic:\n{}", m.stderr);
    let raw = all.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(
                c,
                '\u{061c}'
                    | '\u{200b}'
                    | '\u{200e}'
                    | '\u{200f}'
                    | '\u{2028}'..='\u{202e}'
                    | '\u{2060}'..='\u{2064}'
                    | '\u{2066}'..='\u{2069}'
                    | '\u{feff}'
            )
    });
    assert!(raw.is_none(), "{what}: raw control {raw:?} in the output");
    match m.code {
        0 | 1 => {
            if json {
                serde_json::from_str::<serde_json::Value>(&m.stdout)
                    .unwrap_or_else(|e| panic!("{what}: not JSON ({e}): {}", m.stdout));
            } else {
                assert!(!m.stdout.trim().is_empty(), "{what}: no report");
            }
        }
        2 => assert_eq!(
            m.stderr.trim_end().lines().count(),
            1,
            "{what}: not a one-line error: {}",
            m.stderr
        ),
        c => panic!("{what}: exit {c}: {}", m.stderr),
    }
}

fn hostile(name: &str) -> Home {
    // A copy: fix must never touch the repository's files.
    let h = empty_home();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/hostile")
        .join(name);
    copy(&src, h.path());
    h
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), &dst).unwrap();
        }
    }
}

/// Every command and format on every crafted file.
fn every_output(name: &str) {
    let h = hostile(name);
    let runs: [(&[&str], bool); 6] = [
        (&["check", "--json", "--no-platform"], true),
        (&["check", "--no-platform", "--verbose"], false),
        (&["logs", "--json"], true),
        (&["logs"], false),
        (&["fix", "--dry-run", "--unsafe"], false),
        (&["fix", "--dry-run", "--json"], true),
    ];
    for (args, json) in runs {
        let m = measured(h.path(), args, &[]);
        assert_safe(
            &format!("{name} {args:?}"),
            &m,
            Duration::from_secs(20),
            json,
        );
    }
}

#[test]
fn yaml_alias_string_bomb_is_refused_in_bounded_memory() {
    every_output("yaml-bomb");
    let h = hostile("yaml-bomb");
    let r = measured(h.path(), &["check", "--json", "--no-platform"], &[]);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let cfg = v["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "continue")
        .expect("the Continue config is reported");
    assert_eq!(cfg["status"], "invalid", "{cfg}");
    assert!(
        cfg["error"].as_str().unwrap().contains("too many values"),
        "{cfg}"
    );
}

#[test]
fn hostile_jsonc_prints_safe_commands_and_no_secret() {
    every_output("jsonc");
    let h = hostile("jsonc");
    let m = measured(h.path(), &["check", "--no-platform"], &[]);
    // The server name's escapes are shown, not obeyed.
    assert!(m.stdout.contains("evil\\x1b]0;pwned\\x07"), "{}", m.stdout);
}

#[test]
fn hostile_toml_is_read_in_bounded_memory() {
    every_output("toml");
}

#[test]
fn hostile_log_leaks_nothing_and_shows_escapes() {
    every_output("log");
    let h = hostile("log");
    let m = measured(h.path(), &["logs"], &[]);
    assert!(m.stdout.contains("\\x1b]0;pwned"), "{}", m.stdout);
    assert!(m.stdout.contains("<redacted:"), "{}", m.stdout);
    // No over-redaction of an ordinary sentence.
    assert!(
        m.stdout
            .contains("The header X-Api-Key is written as given"),
        "{}",
        m.stdout
    );
    // A printed command hands a program name that is shell code (`spawn y$(id)`id`;x ENOENT`) to
    // the shell as one literal word: run under `sh` with a stand-in `which` that prints its
    // arguments, it says the name back and nothing else runs.
    let v: serde_json::Value =
        serde_json::from_str(&measured(h.path(), &["logs", "--json"], &[]).stdout).unwrap();
    let cmds: Vec<String> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["fix"]["commands"].as_array().cloned().unwrap_or_default())
        .filter_map(|c| c.as_str().map(String::from))
        .filter(|c| c.contains("$(id)"))
        .collect();
    assert!(!cmds.is_empty(), "no command names the hostile value");
    for c in cmds {
        let dir = tempfile::tempdir().unwrap();
        let which = dir.path().join("which");
        std::fs::write(&which, "#!/bin/sh\nprintf '[%s]' \"$@\"\n").unwrap();
        std::fs::set_permissions(&which, std::os::unix::fs::PermissionsExt::from_mode(0o755))
            .unwrap();
        let out = Command::new("/bin/sh")
            .arg("-c")
            .arg(&c)
            .env_clear()
            .env("PATH", dir.path())
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            "[y$(id)`id`;x]",
            "{c}"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "{c} ran code"
        );
    }
}

/// Characters a terminal does not show as themselves, in a server's name, command, arguments,
/// env names, URL and log lines: the bidirectional isolates and marks (U+2066–U+2069, U+200E,
/// U+061C), the line and paragraph separators, and the invisible ones (a zero-width space
/// between `@scope` and `/server`, a word joiner, a BOM) are shown escaped in every output; they
/// used to pass raw but for U+202A–U+202E, so two different commands looked the same.
#[test]
fn invisible_and_reordering_characters_are_shown_escaped() {
    let h = empty_home();
    let odd = "\u{2067}lrt\u{2069}\u{200e}\u{200f}\u{061c}\u{200b}\u{2028}\u{2029}\u{2060}\u{2062}\u{feff}";
    let cfg = serde_json::json!({"mcpServers": {
        format!("gh{odd}"): {"command": format!("npx{odd}"),
            "args": ["-y", format!("@modelcontextprotocol{odd}/server-github"), format!("~/x{odd}")],
            "env": {format!("N{odd}"): "v", "T": format!("${{env:MISSING{odd}}}")}},
        format!("r{odd}"): {"url": format!("https://example.invalid/{odd}mcp")},
    }});
    let p = h.path().join(".cursor/mcp.json");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, cfg.to_string()).unwrap();
    let log = h.path().join(".config/Claude/logs/mcp-server-gh.log");
    std::fs::create_dir_all(log.parent().unwrap()).unwrap();
    std::fs::write(
        &log,
        format!("2026-11-22T09:00:01.000Z [gh] [error] Error: spawn npx{odd} ENOENT\n"),
    )
    .unwrap();
    let runs: [(&[&str], bool); 8] = [
        (&["check", "--no-platform", "--verbose"], false),
        (&["check", "--no-platform", "--json"], true),
        (&["check", "--no-platform", "--format", "markdown"], false),
        (&["list"], false),
        (&["logs"], false),
        (&["logs", "--json"], true),
        (&["fix", "--dry-run", "--unsafe"], false),
        (&["fix", "--dry-run", "--json"], true),
    ];
    for (args, json) in runs {
        let m = measured(h.path(), args, &[]);
        assert_safe(&format!("{args:?}"), &m, Duration::from_secs(20), json);
    }
    let m = measured(h.path(), &["check", "--no-platform"], &[]);
    assert!(m.stdout.contains("\\u{200b}"), "{}", m.stdout);
}

/// A home holding a Claude Desktop server log and a Cursor config with canaries (`CNRY…`), for
/// the redaction tests below: every run of `runs` (its arguments, and whether it prints JSON)
/// must show no canary. The home is returned for more checks.
fn canaries_are_redacted(
    log_text: &str,
    cfg: &serde_json::Value,
    runs: &[(&[&str], bool)],
) -> Home {
    let h = empty_home();
    let log = h.path().join(".config/Claude/logs/mcp-server-s.log");
    std::fs::create_dir_all(log.parent().unwrap()).unwrap();
    std::fs::write(&log, log_text).unwrap();
    let p = h.path().join(".cursor/mcp.json");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, cfg.to_string()).unwrap();
    for (args, json) in runs {
        let m = measured(h.path(), args, &[]);
        assert_safe(&format!("{args:?}"), &m, Duration::from_secs(20), *json);
    }
    h
}

/// A URL's userinfo is redacted whole: a password holding `@` (proxy URLs are often written
/// unescaped, `http://alice:p@ss@proxy:3128`) used to be cut at its first `@` and its rest
/// printed, and a userinfo with no user name (`redis://:password@host`) was not redacted at all,
/// in log lines and in the Markdown report.
#[test]
fn userinfo_with_an_at_sign_or_no_user_is_redacted_whole() {
    let cfg = serde_json::json!({"mcpServers": {
        "p": {"command": "npx", "args": ["-y", "mcp-remote", "https://x.invalid/mcp", "--proxy", "http://bob:CNRYarg@pw@proxy:8080"],
              "env": {"HTTPS_PROXY": "http://alice:CNRYenv@pw@proxy.corp:3128", "DB": "redis://:CNRYredis2@cache:6379"}},
        "u": {"url": "https://:CNRYurl@x.invalid/mcp"},
    }});
    let h = canaries_are_redacted(
        "2026-11-22T09:00:01.000Z [s] [error] connect ECONNREFUSED via http://alice:CNRYp@ssCNRY@proxy.corp:3128 failed\n\
         2026-11-22T09:00:02.000Z [s] [error] redis://:CNRYredis@cache:6379 refused\n",
        &cfg,
        &[
            (&["logs", "--since", "3d", "--verbose"], false),
            (&["logs", "--since", "3d", "--json"], true),
            (&["logs", "--since", "3d", "--format", "markdown"], false),
            (&["check", "--no-platform", "--verbose"], false),
            (&["check", "--no-platform", "--json"], true),
            (&["check", "--no-platform", "--format", "markdown"], false),
            (&["list", "--json"], true),
        ],
    );
    // Still readable: the host is kept.
    let m = measured(h.path(), &["logs", "--since", "3d", "--verbose"], &[]);
    assert!(m.stdout.contains("@proxy.corp:3128"), "{}", m.stdout);
    assert!(m.stdout.contains("redis://:<redacted:"), "{}", m.stdout);
}

/// A URL's signature query parameter grants access by itself (an Azure SAS `sig`, a presigned
/// S3 or GCS URL's `X-Amz-Signature`/`X-Goog-Signature`): it is redacted like a token, in logs
/// and configs. It used to be printed whole.
#[test]
fn signature_query_parameters_are_redacted() {
    let cfg = serde_json::json!({"mcpServers": {
        "sas": {"url": "https://x.invalid/mcp?sv=1&sig=CNRYcfg"},
        "gcs": {"command": "node", "args": ["/srv.js", "https://storage.googleapis.com/b/o?X-Goog-Signature=CNRYgoog"]},
    }});
    let h = canaries_are_redacted(
        "2026-11-22T09:00:01.000Z [s] [error] GET https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=CNRYsas%3D failed\n\
         2026-11-22T09:00:02.000Z [s] [error] fetch https://b.s3.amazonaws.com/k?X-Amz-Date=20261122&X-Amz-Signature=CNRYamz 403\n",
        &cfg,
        &[
            (&["logs", "--since", "3d", "--verbose"], false),
            (&["logs", "--since", "3d", "--json"], true),
            (&["check", "--no-platform", "--verbose"], false),
            (&["check", "--no-platform", "--json"], true),
            (&["check", "--no-platform", "--format", "markdown"], false),
            (&["list", "--json"], true),
        ],
    );
    let m = measured(h.path(), &["logs", "--since", "3d", "--verbose"], &[]);
    assert!(
        m.stdout.contains("sv=2022-11-02&sig=<redacted:"),
        "{}",
        m.stdout
    );
}

// `check` is linear in the number of servers: tests/scale.rs (alone in its binary, by CPU time).

// ---- fix writes ----

const FIXABLE: &str = "{\n  \"mcpServers\": {\n    \"s\": {\"command\": \"shtool\", \"args\": [\"~/data\"]}\n  }\n}\n";

fn fix_home() -> (Home, PathBuf) {
    let h = empty_home();
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("shtool"), "#!/bin/sh\n").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(bin.join("shtool"), std::fs::Permissions::from_mode(0o755)).unwrap();
    let p = h.path().join(".cursor/mcp.json");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, FIXABLE).unwrap();
    (h, p)
}

fn fix_cmd(h: &Home, fault: Option<&str>) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
    let bin = h.path().join("bin").display().to_string();
    c.arg("--home")
        .arg(h.path())
        .args([
            "--color", "never", "--os", "linux", "--now", NOW, "fix", "--yes",
        ])
        .env_clear()
        .env("HOME", "/nonexistent-home-for-tests")
        .env("PATH", format!("{bin}:/usr/bin:/bin"))
        .current_dir(h.path());
    if let Some(f) = fault {
        c.env("MCP_DOCTOR_FAULT", f);
    }
    c
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// A write that fails halfway (backup or temporary file) leaves the config as it was, no
/// truncated backup, no temporary file, and exits 2 with one line.
#[test]
fn injected_write_failures_leave_no_partial_file() {
    for fault in ["backup-partial-write", "after-temp-partial-write"] {
        let (h, p) = fix_home();
        let o = fix_cmd(&h, Some(fault)).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{fault}: {o:?}");
        assert_eq!(std::fs::read_to_string(&p).unwrap(), FIXABLE, "{fault}");
        assert_eq!(files_in(p.parent().unwrap()), vec!["mcp.json"], "{fault}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.trim_end().lines().count(), 1, "{fault}: {err}");
    }
    // Without a fault the same run writes, with one complete backup.
    let (h, p) = fix_home();
    let o = fix_cmd(&h, None).output().unwrap();
    assert!(o.status.code().unwrap() <= 1, "{o:?}");
    assert_ne!(std::fs::read_to_string(&p).unwrap(), FIXABLE);
    let names = files_in(p.parent().unwrap());
    assert_eq!(names.len(), 2, "{names:?}");
    let backup = p.parent().unwrap().join(&names[1]);
    assert_eq!(std::fs::read_to_string(backup).unwrap(), FIXABLE);
}

// Two `fix` runs at once on one file: tests/fix_race.rs.

// ---- hostile servers ----

/// A loopback HTTP server answering every connection with `respond`.
fn serve(respond: impl Fn(&mut std::net::TcpStream, &str) + Send + Sync + 'static) -> u16 {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = l.local_addr().unwrap().port();
    let respond = std::sync::Arc::new(respond);
    std::thread::spawn(move || {
        for s in l.incoming() {
            let Ok(mut s) = s else { continue };
            let respond = respond.clone();
            std::thread::spawn(move || {
                let mut head = String::new();
                let mut r = BufReader::new(s.try_clone().unwrap());
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                    head.push_str(&line);
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; len];
                let _ = r.read_exact(&mut body);
                respond(&mut s, &head);
            });
        }
    });
    port
}

fn remote_home(port: u16) -> Home {
    let h = empty_home();
    let p = h.path().join(".cursor/mcp.json");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(
        &p,
        format!(
            r#"{{"mcpServers": {{"evil": {{"url": "http://127.0.0.1:{port}/mcp", "headers": {{"X-Api-Key": "CNRY-probe-key-1a2b", "Authorization": "Bearer CNRY-probe-bearer-3c4d"}}}}}}}}"#
        ),
    )
    .unwrap();
    h
}

fn probe_hostile(port: u16, timeout: u64) -> Measured {
    let h = remote_home(port);
    let t = timeout.to_string();
    let m = measured(h.path(), &["probe", "evil", "--json", "--timeout", &t], &[]);
    assert_safe(
        &format!("probe :{port}"),
        &m,
        Duration::from_secs(timeout + 1),
        true,
    );
    m
}

#[test]
fn endless_sse_line_is_cut_in_bounded_memory() {
    let port = serve(|s, _| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\ndata: ");
        let chunk = vec![b'x'; 64 * 1024];
        while s.write_all(&chunk).is_ok() {}
    });
    probe_hostile(port, 5);
}

#[test]
fn huge_body_is_not_buffered() {
    let port = serve(|s, _| {
        let _ = s.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100000000000\r\n\r\n[",
        );
        let chunk = vec![b' '; 64 * 1024];
        while s.write_all(&chunk).is_ok() {}
    });
    probe_hostile(port, 5);
}

#[test]
fn slow_drip_is_cut_at_the_timeout() {
    let port = serve(|s, _| {
        let _ = s.write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\n");
        for _ in 0..60 {
            if s.write_all(b": x\n").is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(500));
        }
    });
    let m = probe_hostile(port, 3);
    let v: serde_json::Value = serde_json::from_str(&m.stdout).unwrap();
    assert_ne!(v["servers"][0]["probe"]["status"], "ok", "{v}");
}

/// A redirect to another origin never carries the configured credentials there.
#[test]
fn redirect_to_another_origin_gets_no_credentials() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let got = seen.clone();
    let other = serve(move |s, head| {
        got.lock().unwrap().push(head.to_string());
        let _ = s.write_all(b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n");
    });
    let port = serve(move |s, _| {
        let _ = s.write_all(
            format!("HTTP/1.1 307 Temporary Redirect\r\nlocation: http://localhost:{other}/mcp\r\ncontent-length: 0\r\n\r\n").as_bytes(),
        );
    });
    probe_hostile(port, 5);
    let heads = seen.lock().unwrap();
    assert!(!heads.is_empty(), "the redirect was not followed");
    for h in heads.iter() {
        assert!(
            !h.contains("CNRY"),
            "credentials sent to another origin:\n{h}"
        );
    }
}

#[test]
fn an_sse_endpoint_on_another_origin_gets_no_credentials() {
    // The legacy transport's `endpoint` event names where to POST: another origin would get the
    // configured headers with every message. The MCP SDKs refuse it; so does the probe.
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let got = seen.clone();
    let other = serve(move |s, head| {
        got.lock().unwrap().push(head.to_string());
        let _ = s.write_all(b"HTTP/1.1 202 Accepted\r\ncontent-length: 0\r\n\r\n");
    });
    let port = serve(move |s, head| {
        if head.starts_with("GET") {
            let _ = s.write_all(
                format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n\r\nevent: endpoint\ndata: http://127.0.0.1:{other}/messages\n\n").as_bytes(),
            );
            std::thread::sleep(Duration::from_secs(3));
        } else {
            let _ = s.write_all(b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\n\r\n");
        }
    });
    let h = remote_home(port);
    let cfg = h.path().join(".cursor/mcp.json");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, text.replace("\"url\"", "\"type\": \"sse\", \"url\"")).unwrap();
    let m = measured(
        h.path(),
        &["probe", "evil", "--json", "--timeout", "5"],
        &[],
    );
    assert_safe("probe sse", &m, Duration::from_secs(6), true);
    let heads = seen.lock().unwrap();
    assert!(heads.is_empty(), "posted to another origin:\n{heads:?}");
    assert!(
        m.stdout.contains("another origin"),
        "the refusal is not said:\n{}",
        m.stdout
    );
}

// ---- hostile stdio servers ----

fn stdio_home(script: &str) -> (Home, PathBuf) {
    let h = empty_home();
    let s = h.path().join("server.sh");
    std::fs::write(&s, script).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&s, std::fs::Permissions::from_mode(0o755)).unwrap();
    let p = h.path().join(".cursor/mcp.json");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(
        &p,
        format!(
            r#"{{"mcpServers": {{"evil": {{"command": "{}"}}}}}}"#,
            s.display()
        ),
    )
    .unwrap();
    let pids = h.path().join("pids");
    (h, pids)
}

fn alive(pid: i32) -> bool {
    // A zombie is dead for this purpose.
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .map(|s| {
            let st = s.rsplit(')').next().unwrap_or("").trim_start();
            !st.starts_with('Z') && !st.starts_with('X')
        })
        .unwrap_or(false)
}

/// A server that ignores SIGTERM and starts a child that leaves its session (`setsid`) and
/// ignores SIGTERM too: nothing survives the probe, and `--timeout` is kept.
#[test]
fn no_process_survives_the_probe() {
    if Command::new("setsid").arg("--version").output().is_err() {
        panic!("setsid (util-linux) is needed for this test");
    }
    let pids = "PIDS";
    let script = format!(
        "#!/bin/sh\ntrap '' TERM\nsetsid sh -c 'trap \"\" TERM; echo $$ >> {pids}; exec sleep 300' &\n( trap '' TERM; sh -c 'echo $$ >> {pids}; while :; do sleep 1; done' ) &\necho $$ >> {pids}\nwhile :; do sleep 1; done\n"
    );
    let (h, pidfile) = stdio_home(&script.replace("PIDS", "pids"));
    let m = measured(
        h.path(),
        &["probe", "evil", "--json", "--timeout", "3"],
        &[],
    );
    assert_safe("stdio tree", &m, Duration::from_secs(4), true);
    let pids: Vec<i32> = std::fs::read_to_string(&pidfile)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.trim().parse().ok())
        .collect();
    assert_eq!(pids.len(), 3, "the server did not start its tree: {pids:?}");
    std::thread::sleep(Duration::from_millis(200));
    let left: Vec<i32> = pids.into_iter().filter(|&p| alive(p)).collect();
    for &p in &left {
        // SAFETY: cleaning up after a failed assertion.
        unsafe {
            libc::kill(p, libc::SIGKILL);
        }
    }
    assert!(left.is_empty(), "processes outlived the probe: {left:?}");
}

/// A server that closes its stdout but keeps running is reported as such, and ended.
#[test]
fn closed_stdout_but_running_is_reported() {
    let (h, pidfile) = stdio_home("#!/bin/sh\necho $$ > pids\nexec 1>&-\nexec sleep 30\n");
    let m = measured(
        h.path(),
        &["probe", "evil", "--json", "--timeout", "5"],
        &[],
    );
    assert_safe("closed stdout", &m, Duration::from_secs(6), true);
    let v: serde_json::Value = serde_json::from_str(&m.stdout).unwrap();
    let err = v["servers"][0]["probe"]["error"].as_str().unwrap_or("");
    assert!(err.contains("kept running"), "{v}");
    let pid: i32 = std::fs::read_to_string(pidfile)
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!(!alive(pid), "the server still runs");
}

/// A server that crashes at once but leaves a child holding its stdout and stderr (a wrapper
/// script that started a helper in the background) is a crash with its exit code, reported soon
/// after it: the probe used to wait for the end of stdout, the whole `--timeout`, and call it a
/// start-up timeout. A server whose process exits with 0 and leaves a child to answer (a
/// daemonising wrapper) is still waited for.
#[test]
fn a_crash_that_leaves_a_child_holding_stdout_is_a_crash() {
    let (h, _) = stdio_home("#!/bin/sh\nsleep 30 &\necho 'boom: missing module' >&2\nexit 3\n");
    let m = measured(
        h.path(),
        &["probe", "evil", "--json", "--timeout", "20"],
        &[],
    );
    assert_safe("crash with a child", &m, Duration::from_secs(5), true);
    let v: serde_json::Value = serde_json::from_str(&m.stdout).unwrap();
    let p = &v["servers"][0]["probe"];
    assert_eq!(p["status"], "failed", "{p}");
    assert_eq!(p["exit_code"], 3, "{p}");
    assert!(
        p["error"]
            .as_str()
            .unwrap_or("")
            .contains("exited with code 3"),
        "{p}"
    );
    assert!(p["stderr_tail"].to_string().contains("boom"), "{p}");

    let (h, _) = stdio_home(
        "#!/bin/sh\n( sleep 1; printf '%s\n' '{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"serverInfo\":{\"name\":\"d\",\"version\":\"1\"}}}'; sleep 5 ) &\nexit 0\n",
    );
    let m = measured(
        h.path(),
        &["probe", "evil", "--json", "--timeout", "10"],
        &[],
    );
    assert_safe("daemonising wrapper", &m, Duration::from_secs(12), true);
    let v: serde_json::Value = serde_json::from_str(&m.stdout).unwrap();
    let p = &v["servers"][0]["probe"];
    assert_eq!(p["status"], "ok", "{p}");
}

/// Timeouts near u64::MAX are clamped, not a panic.
#[test]
fn huge_durations_are_clamped() {
    let (h, _) = stdio_home("#!/bin/sh\nexit 3\n");
    let max = u64::MAX.to_string();
    for args in [
        vec!["probe", "evil", "--json", "--timeout", max.as_str()],
        vec![
            "probe",
            "evil",
            "--json",
            "--timeout",
            "2",
            "--idle",
            max.as_str(),
        ],
        vec![
            "check",
            "--json",
            "--no-platform",
            "--probe",
            "--timeout",
            max.as_str(),
        ],
    ] {
        let m = measured(h.path(), &args, &[]);
        assert_safe(&format!("{args:?}"), &m, Duration::from_secs(15), true);
    }
}

// ---- --output targets ----

/// `--output` to something other than a plain file (a device such as `/dev/null`, a named pipe,
/// a symbolic link) writes through it, as a shell's `>` would: it never replaces a device node,
/// a pipe or a link by a regular file (run as root, `-o /dev/null` used to replace the system's
/// `/dev/null`), and never fails where `>` would work.
#[test]
fn output_to_a_device_a_pipe_or_a_link_writes_through_it() {
    use std::os::unix::fs::FileTypeExt;
    let h = empty_home();
    let dir = tempfile::tempdir().unwrap();
    let run = |target: &Path| {
        doctor(
            h.path(),
            &[
                "check",
                "--no-platform",
                "--json",
                "-o",
                target.to_str().unwrap(),
            ],
        )
        .run()
    };
    let no_temporary = |d: &Path| {
        let left: Vec<String> = std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".tmp"))
            .collect();
        assert!(left.is_empty(), "temporary files left: {left:?}");
    };

    // A character device: a private copy of /dev/null where the test may make one (root), else
    // the system's own (which a non-root run cannot replace anyway).
    let null = dir.path().join("null");
    let made = Command::new("mknod")
        .arg(&null)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let null = if made {
        null
    } else {
        PathBuf::from("/dev/null")
    };
    let out = run(&null);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        std::fs::symlink_metadata(&null)
            .unwrap()
            .file_type()
            .is_char_device(),
        "{} is no longer a device",
        null.display()
    );
    no_temporary(null.parent().unwrap());

    // A named pipe, read by another thread: it gets the report and stays a pipe.
    let fifo = dir.path().join("fifo");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let out = run(&fifo);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let got = reader.join().unwrap();
    assert!(got.contains("mcp-doctor/report/v1"), "{got}");
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());

    // A symbolic link to a file in another folder: the file is replaced, the link stays a link.
    let other = tempfile::tempdir().unwrap();
    let real = other.path().join("report.json");
    std::fs::write(&real, "old").unwrap();
    let link = dir.path().join("link.json");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(&link);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("mcp-doctor/report/v1"));
    no_temporary(dir.path());
    no_temporary(other.path());

    // A dangling link: its target is created, as `>` would.
    let gone = other.path().join("new.json");
    let dangling = dir.path().join("dangling.json");
    std::os::unix::fs::symlink(&gone, &dangling).unwrap();
    let out = run(&dangling);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(std::fs::read_to_string(&gone)
        .unwrap()
        .contains("mcp-doctor/report/v1"));
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
}

// ---- platform recordings ----

/// A recording (`--platform-replay`) comes from another machine: a `replay.toml` that is a link
/// to /dev/zero or a named pipe, and a recorded output (`stdout_file`) that is a link to
/// /dev/zero, are refused or skipped in bounded time and memory, not read for ever (it used to
/// take every byte of memory, or wait for ever on the pipe); a recorded output outside the
/// recording's folder is refused.
#[test]
fn a_recording_that_never_ends_is_not_read() {
    let h = home_as("macos-platform", "alice");
    let scenario = Path::new(env!("CARGO_MANIFEST_DIR")).join("testdata/platform/macos-blocked");
    let t = tempfile::tempdir().unwrap();
    let rec = t.path().join("rec");
    copy(&scenario, &rec);
    let toml = std::fs::read_to_string(rec.join("replay.toml")).unwrap();
    assert!(toml.contains("stdout_file = \"listapps.txt\""));
    std::fs::remove_file(rec.join("listapps.txt")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", rec.join("listapps.txt")).unwrap();
    let env = [(
        "PATH",
        "/Users/alice/.nvm/versions/node/v20.11.1/bin:/usr/bin:/bin",
    )];
    let run = |replay: &Path| {
        measured_on(
            "macos",
            h.path(),
            &[
                "check",
                "--json",
                "--platform-replay",
                replay.to_str().unwrap(),
            ],
            &env,
        )
    };
    let m = run(&rec);
    assert_safe(
        "stdout_file linked to /dev/zero",
        &m,
        Duration::from_secs(20),
        true,
    );
    assert!(matches!(m.code, 0 | 1), "{}", m.stderr);

    let zero = t.path().join("zero");
    std::fs::create_dir_all(&zero).unwrap();
    std::os::unix::fs::symlink("/dev/zero", zero.join("replay.toml")).unwrap();
    let pipe = t.path().join("pipe");
    std::fs::create_dir_all(&pipe).unwrap();
    assert!(Command::new("mkfifo")
        .arg(pipe.join("replay.toml"))
        .status()
        .unwrap()
        .success());
    // A recorded output outside the recording's folder is refused: a recording must not make the
    // doctor read this machine's files.
    for outside in ["/etc/passwd", "../rec/listapps.txt", "sub/../../x"] {
        let other = t.path().join("outside");
        copy(&scenario, &other);
        std::fs::write(
            other.join("replay.toml"),
            toml.replace(
                "stdout_file = \"listapps.txt\"",
                &format!("stdout_file = \"{outside}\""),
            ),
        )
        .unwrap();
        let m = run(&other);
        assert_safe(outside, &m, Duration::from_secs(20), true);
        assert_eq!(m.code, 2, "{outside}: {}", m.stderr);
        assert!(m.stderr.contains("stdout_file"), "{}", m.stderr);
    }

    for dir in [&zero, &pipe] {
        let m = run(dir);
        assert_safe(
            &format!("{}", dir.display()),
            &m,
            Duration::from_secs(20),
            true,
        );
        assert_eq!(m.code, 2, "{}", m.stderr);
        assert!(m.stderr.contains("not a regular file"), "{}", m.stderr);
    }
}
