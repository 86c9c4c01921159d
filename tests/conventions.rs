//! Shell conventions (issue 16): completions and a man page generated from the command line's
//! definition, CLICOLOR / CLICOLOR_FORCE / FORCE_COLOR / NO_COLOR, ASCII under a non-UTF-8
//! locale, `help --help`, every option visible in `--help` and accepted where it makes sense.
mod common;

use common::{doctor, home};
use std::process::Command;

/// The binary with a clean environment and no `--color` flag (the harness adds `--color never`).
fn raw(args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
    c.args(args)
        .env_clear()
        .env("HOME", "/nonexistent-home-for-tests");
    for (k, v) in env {
        c.env(k, v);
    }
    let o = c.output().unwrap();
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into(),
        String::from_utf8_lossy(&o.stderr).into(),
    )
}

#[test]
fn completions_for_each_shell_know_the_commands_and_options() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = raw(&["completions", shell], &[]);
        assert_eq!(code, 0, "{shell}: {err}");
        for word in ["format", "fail-on", "list", "probe", "server", "markdown"] {
            assert!(out.contains(word), "{shell} completion lacks {word}");
        }
    }
    // The bash script is valid bash.
    let (_, script, _) = raw(&["completions", "bash"], &[]);
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("c.bash");
    std::fs::write(&f, script).unwrap();
    let st = Command::new("bash").arg("-n").arg(&f).status().unwrap();
    assert!(st.success(), "bash -n rejects the completion script");
    let (code, _, err) = raw(&["completions", "tcsh"], &[]);
    assert_eq!(code, 2);
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn the_man_page_covers_every_command() {
    let (code, man, err) = raw(&["man"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(man.contains(".TH mcp-doctor 1"), "{man}");
    for sub in ["CHECK", "PROBE", "LOGS", "FIX", "LIST", "RULES", "EXPLAIN"] {
        assert!(
            man.contains(&format!(".SH \"MCP-DOCTOR {sub}\"")),
            "no {sub} section"
        );
    }
    assert!(man.contains("fail\\-on"), "options are listed");
}

#[test]
fn help_help_and_visible_options() {
    let (code, out, err) = raw(&["help", "--help"], &[]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("Usage: mcp-doctor"), "{out}");
    let (code, out, _) = raw(&["check", "--help"], &[]);
    assert_eq!(code, 0);
    for opt in [
        "--no-platform",
        "--server",
        "--client",
        "--format",
        "--output",
        "--fail-on",
        "--json",
    ] {
        assert!(out.contains(opt), "check --help lacks {opt}");
    }
    let (_, out, _) = raw(&["fix", "--help"], &[]);
    for opt in [
        "--no-platform",
        "--config",
        "--server",
        "--client",
        "--dry-run",
    ] {
        assert!(out.contains(opt), "fix --help lacks {opt}");
    }
    // --no-platform is accepted by fix.
    let h = common::empty_home();
    let out = doctor(h.path(), &["fix", "--no-platform", "--dry-run"]).run();
    assert_eq!(out.code, 0, "{}", out.stderr);
}

#[test]
fn colour_follows_the_environment_conventions() {
    let h = home("clean");
    let home = h.path().to_str().unwrap();
    let args = ["--home", home, "check", "--no-platform"];
    let esc = |s: &str| s.contains("\u{1b}[");
    // Piped: no colour by default.
    let (_, out, _) = raw(&args, &[]);
    assert!(!esc(&out));
    for force in [("CLICOLOR_FORCE", "1"), ("FORCE_COLOR", "1")] {
        let (_, out, _) = raw(&args, &[force]);
        assert!(esc(&out), "{force:?} forces colour when piped");
        let (_, out, _) = raw(&args, &[force, ("NO_COLOR", "1")]);
        assert!(!esc(&out), "NO_COLOR wins over {force:?}");
    }
    let (_, out, _) = raw(&args, &[("FORCE_COLOR", "0")]);
    assert!(!esc(&out), "FORCE_COLOR=0 does not force");
    // --color never beats the environment; never any colour in JSON or Markdown.
    let (_, out, _) = raw(
        &["--color", "never", "--home", home, "check", "--no-platform"],
        &[("FORCE_COLOR", "1")],
    );
    assert!(!esc(&out));
    let (_, out, _) = raw(
        &[
            "--home",
            home,
            "check",
            "--no-platform",
            "--format",
            "markdown",
        ],
        &[("FORCE_COLOR", "1")],
    );
    assert!(!esc(&out));
}

#[test]
fn a_non_utf8_locale_gets_ascii_marks() {
    let h = home("linux-code");
    let home = h.path().to_str().unwrap();
    let args = ["--home", home, "check", "--no-platform"];
    let (_, utf8, _) = raw(&args, &[("LANG", "en_US.UTF-8")]);
    assert!(utf8.contains('✗'), "{utf8}");
    for env in [
        [("LANG", "C")],
        [("LC_ALL", "POSIX")],
        [("LANG", "en_US.ISO-8859-1")],
    ] {
        let (code, out, _) = raw(&args, &env);
        assert_eq!(code, 1);
        let odd: Vec<char> = out.chars().filter(|c| !c.is_ascii()).collect();
        assert!(odd.is_empty(), "{env:?}: non-ASCII {odd:?} in\n{out}");
        assert!(out.contains("  x "), "{out}");
    }
    // LC_ALL=C.UTF-8 overrides LANG=C.
    let (_, out, _) = raw(&args, &[("LANG", "C"), ("LC_ALL", "C.UTF-8")]);
    assert!(out.contains('✗'));
}
