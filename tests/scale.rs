//! `check` is linear in the number of servers in one file (issue 15: "100 000 servers in one file
//! finish in under 5 s, linear in the count"; bench/scale.sh measures the release build up to
//! 100 000). Here the debug binary runs a small and a large home, and the large one must cost
//! well under the square of the ratio of their sizes. The measure is the child's CPU time (user +
//! system, from wait4), which other processes on the machine barely change, of one
//! run; this file holds this one test so that no other test of its binary runs beside it.
#![cfg(unix)]
mod common;
use common::*;
use std::path::Path;
use std::process::{Command, Stdio};

/// A home whose ~/.claude.json holds `n` servers of the shapes that reach every per-server step:
/// a bare `npx` with an API key in `env` (plaintext secret, runtime need, fix planning), `uvx`
/// with a `~` argument (tilde path, a planned edit), a script run through its shebang with a
/// relative argument, and `node` on a missing file. The programs exist in the home's `bin`.
fn home_with(n: usize) -> Home {
    let h = empty_home();
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    for b in ["npx", "uvx", "node", "srv"] {
        std::fs::write(bin.join(b), "#!/bin/sh\n").unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(bin.join(b), std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let home = h.path().display().to_string();
    let servers: serde_json::Map<String, serde_json::Value> = (0..n)
        .map(|i| {
            let s = match i % 4 {
                0 => serde_json::json!({"command": "npx", "args": ["-y", format!("@acme/server-{i}")],
                    "env": {"ACME_API_KEY": format!("k-{i:08}-secret")}}),
                1 => serde_json::json!({"command": "uvx", "args": [format!("mcp-server-{i}"), "--db-path", "~/data/x.db"]}),
                2 => serde_json::json!({"command": format!("{home}/bin/srv"), "args": ["--dir", format!("data/{i}")], "env": {"LOG": "1"}}),
                _ => serde_json::json!({"command": "node", "args": [format!("{home}/srv/{i}/index.js")]}),
            };
            (format!("srv-{i}"), s)
        })
        .collect();
    std::fs::write(
        h.path().join(".claude.json"),
        serde_json::to_string_pretty(&serde_json::json!({ "mcpServers": servers })).unwrap(),
    )
    .unwrap();
    h
}

/// CPU seconds (user + system) of one `check` run in `args`' format; its output is left in the
/// home's `out.txt`.
// The child is reaped by wait4 (for its CPU time), which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn cpu(home: &Path, args: &[&str]) -> f64 {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
    c.arg("--home")
        .arg(home)
        .args(["--color", "never", "--os", "linux", "check"])
        .args(args)
        .env_clear()
        .env("HOME", "/nonexistent-home-for-tests")
        .env("PATH", format!("{}/bin:/usr/bin:/bin", home.display()))
        .current_dir(home)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(home.join("out.txt")).unwrap())
        .stderr(Stdio::null());
    let child = c.spawn().unwrap();
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value for wait4 to fill.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: wait4 on our own child's pid, with valid pointers.
    let r = unsafe { libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut ru) };
    assert_eq!(r, child.id() as libc::pid_t, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && matches!(libc::WEXITSTATUS(status), 0 | 1),
        "check {args:?} on {home:?}: status {status}"
    );
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    secs(ru.ru_utime) + secs(ru.ru_stime)
}

/// The human report (it renders every server and finding) plus the JSON one, in CPU seconds; the
/// JSON report is left in `out.txt`.
fn cost(home: &Path) -> f64 {
    cpu(home, &[]) + cpu(home, &["--json"])
}

#[test]
fn check_is_linear_in_the_number_of_servers() {
    const SMALL: usize = 500;
    const BIG: usize = 4000;
    let small = home_with(SMALL);
    let big = home_with(BIG);
    let (s, b) = (cost(small.path()), cost(big.path()));
    // The report really holds every server and their findings (the work is not skipped).
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(big.path().join("out.txt")).unwrap())
            .unwrap();
    assert_eq!(r["servers"].as_array().unwrap().len(), BIG);
    assert!(r["findings"].as_array().unwrap().len() >= BIG / 2);
    eprintln!("{SMALL} servers: {s:.2} s CPU; {BIG}: {b:.2} s");
    // 8x the servers: about 8x the CPU time when linear, 64x when quadratic. In a debug build the
    // linear work (regexes, serde) hides much of a quadratic step at these sizes: the code of
    // 1611e18, which took 91 s on 100 000 servers in release, measured 16x here; this one 6x.
    let ratio = b / s;
    assert!(
        ratio < 12.0,
        "{SMALL} servers: {s:.2} s CPU, {BIG}: {b:.2} s (ratio {ratio:.1} for {}x the servers)",
        BIG / SMALL
    );
}
