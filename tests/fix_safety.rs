//! `mcp-doctor fix` never loses a config: dry runs and unconfirmed runs write nothing, a crash
//! between the temporary file and the rename leaves the original intact, symlinks keep pointing
//! where they did, read-only and concurrently modified files are refused, secrets stay out of
//! every output.
//!
//! Unix only: the fixtures are `#!/bin/sh` programs, and the file modes, owners and symlinks
//! these tests keep are Unix's.
#![cfg(unix)]
mod common;
use common::*;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

const CURSOR: &str = ".cursor/mcp.json";
const INPUT: &str = "{\n  \"mcpServers\": {\n    \"s\": {\"command\": \"shtool\", \"args\": [\"~/data\"]}\n  }\n}\n";

fn setup() -> (Home, PathBuf) {
    let h = empty_home();
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("shtool"), "#!/bin/sh\n").unwrap();
    set_mode(&bin.join("shtool"), 0o755);
    let p = h.path().join(CURSOR);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, INPUT).unwrap();
    (h, p)
}

fn set_mode(p: &Path, mode: u32) {
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
}

fn fix(h: &Home, extra: &[&str]) -> Run {
    let bin = h.path().join("bin").display().to_string();
    let mut args = vec!["fix", "--os", "linux", "--now", "2026-11-22T10:00:00Z"];
    args.extend_from_slice(extra);
    doctor(h.path(), &args).env("PATH", &format!("{bin}:/usr/bin:/bin"))
}

/// The names in a folder.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

fn expected(h: &Home) -> String {
    let home = h.path().display();
    INPUT
        .replacen("\"shtool\"", &format!("\"{home}/bin/shtool\""), 1)
        .replacen("\"~/data\"", &format!("\"{home}/data\""), 1)
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let (h, p) = setup();
    let out = fix(&h, &["--absolute-paths", "--dry-run"]).run();
    assert!(out.code <= 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("-    \"s\": {\"command\": \"shtool\""),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("Dry run: nothing written."),
        "{}",
        out.stdout
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), INPUT);
    assert_eq!(names(p.parent().unwrap()), vec!["mcp.json"]);
    let j = fix(&h, &["--absolute-paths", "--dry-run", "--json"])
        .run()
        .json();
    let changes = j["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2, "{j}");
    assert!(changes.iter().all(|c| c["applied"] == false));
    assert_eq!(changes[0]["pointer"], "/mcpServers/s/command");
    assert_eq!(changes[0]["before"], "shtool");
    assert_eq!(changes[0]["rule"], "bare-command");
}

#[test]
fn without_a_terminal_or_yes_nothing_is_written_and_it_does_not_wait() {
    let (h, p) = setup();
    let start = std::time::Instant::now();
    // The harness gives the child a closed, non-terminal stdin.
    let out = fix(&h, &["--absolute-paths"]).run();
    assert!(start.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("re-run with --yes"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("+++ b/"),
        "the diff is shown: {}",
        out.stdout
    );
    assert_eq!(std::fs::read_to_string(&p).unwrap(), INPUT);
    assert_eq!(names(p.parent().unwrap()), vec!["mcp.json"]);
}

#[test]
fn yes_writes_a_backup_and_keeps_permissions_and_a_second_run_changes_nothing() {
    let (h, p) = setup();
    set_mode(&p, 0o600);
    let out = fix(&h, &["--absolute-paths", "--yes"]).run();
    assert!(out.code <= 1, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), expected(&h));
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o600
    );
    assert_eq!(
        names(p.parent().unwrap()),
        vec!["mcp.json", "mcp.json.bak-20261122T100000Z"]
    );
    let backup = p.with_file_name("mcp.json.bak-20261122T100000Z");
    assert_eq!(std::fs::read_to_string(&backup).unwrap(), INPUT);
    assert_eq!(
        std::fs::metadata(&backup).unwrap().permissions().mode() & 0o777,
        0o600,
        "the backup is as private as the config"
    );
    assert!(
        out.stdout.contains("Wrote ~/.cursor/mcp.json"),
        "{}",
        out.stdout
    );
    let again = fix(&h, &["--absolute-paths", "--yes"]).run();
    assert!(again.stdout.contains("Nothing to fix"), "{}", again.stdout);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), expected(&h));
    assert_eq!(names(p.parent().unwrap()).len(), 2, "no second backup");
}

/// Run as root on a config that belongs to someone else (root fixing a user's file with `sudo`),
/// the file and its backup keep that user's owner, group and mode. Run as another user (who can
/// only write files of its own), owner and group are still compared: they must not change.
#[test]
fn the_owner_group_and_mode_of_the_config_are_kept() {
    use std::os::unix::fs::MetadataExt;
    let (h, p) = setup();
    set_mode(&p, 0o640);
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    if root {
        let c = std::ffi::CString::new(p.as_os_str().as_encoded_bytes()).unwrap();
        // SAFETY: a valid NUL-terminated path; uid/gid of no user of this machine.
        assert_eq!(unsafe { libc::chown(c.as_ptr(), 4242, 4243) }, 0);
    }
    let before = std::fs::metadata(&p).unwrap();
    let out = fix(&h, &["--absolute-paths", "--yes"]).run();
    assert!(out.code <= 1, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), expected(&h));
    let backup = p.with_file_name("mcp.json.bak-20261122T100000Z");
    for f in [&p, &backup] {
        let m = std::fs::metadata(f).unwrap();
        assert_eq!(
            (m.uid(), m.gid(), m.mode() & 0o7777),
            (before.uid(), before.gid(), 0o640),
            "{}",
            f.display()
        );
    }
    if root {
        assert_eq!((before.uid(), before.gid()), (4242, 4243));
    }
}

#[test]
fn a_crash_between_the_temporary_file_and_the_rename_leaves_the_original_intact() {
    let (h, p) = setup();
    let out = fix(&h, &["--absolute-paths", "--yes"])
        .env("MCP_DOCTOR_FAULT", "after-temp-write")
        .run();
    assert_ne!(out.code, 0, "the process was aborted");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        INPUT,
        "original intact"
    );
    let left = names(p.parent().unwrap());
    // The temporary file was complete and synced when the process died; only the rename is missing.
    let tmp = left
        .iter()
        .find(|n| n.ends_with(".tmp"))
        .expect("temp file");
    assert_eq!(
        std::fs::read_to_string(p.parent().unwrap().join(tmp)).unwrap(),
        expected(&h)
    );
    // A later run still works.
    let ok = fix(&h, &["--absolute-paths", "--yes"]).run();
    assert!(ok.code <= 1, "{}", ok.stderr);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), expected(&h));
}

#[test]
fn a_file_changed_meanwhile_is_refused_and_the_other_writer_wins() {
    let (h, p) = setup();
    let out = fix(&h, &["--absolute-paths", "--yes"])
        .env("MCP_DOCTOR_FAULT", "modify-before-rename")
        .run();
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(
        out.stderr.contains("changed since it was read"),
        "{}",
        out.stderr
    );
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    // The injected concurrent edit (a space appended) is what the file holds; ours was dropped.
    assert_eq!(std::fs::read_to_string(&p).unwrap(), format!("{INPUT} "));
    assert!(!names(p.parent().unwrap())
        .iter()
        .any(|n| n.ends_with(".tmp")));
}

#[test]
fn a_read_only_config_is_refused_with_one_line() {
    let (h, p) = setup();
    set_mode(&p, 0o444);
    let out = fix(&h, &["--absolute-paths", "--yes", "--json"]).run();
    assert_eq!(out.code, 2, "{}\n{}", out.stdout, out.stderr);
    assert!(out.stderr.contains("read-only"), "{}", out.stderr);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    let j = out.json();
    assert!(j["changes"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["applied"] == false && c["reason"].as_str().unwrap().contains("read-only")));
    assert_eq!(std::fs::read_to_string(&p).unwrap(), INPUT);
    assert_eq!(
        std::fs::metadata(&p).unwrap().permissions().mode() & 0o777,
        0o444
    );
}

#[test]
fn a_symlinked_config_has_its_target_written_and_stays_a_link() {
    let (h, p) = setup();
    let target = h.path().join("dotfiles/cursor-mcp.json");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::rename(&p, &target).unwrap();
    std::os::unix::fs::symlink("../dotfiles/cursor-mcp.json", &p).unwrap();
    let out = fix(&h, &["--absolute-paths", "--yes"]).run();
    assert!(out.code <= 1, "{}\n{}", out.stdout, out.stderr);
    let link = std::fs::symlink_metadata(&p).unwrap();
    assert!(link.file_type().is_symlink(), "still a link");
    assert_eq!(
        std::fs::read_link(&p).unwrap(),
        Path::new("../dotfiles/cursor-mcp.json")
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), expected(&h));
    assert!(names(target.parent().unwrap())
        .iter()
        .any(|n| n.starts_with("cursor-mcp.json.bak-")));
}

#[test]
fn client_and_server_narrow_the_fix() {
    let (h, p) = setup();
    let other = "{\"mcpServers\": {\"t\": {\"command\": \"shtool\"}}}";
    let desktop = h.path().join(".config/Claude/claude_desktop_config.json");
    std::fs::create_dir_all(desktop.parent().unwrap()).unwrap();
    std::fs::write(&desktop, other).unwrap();
    let out = fix(
        &h,
        &["--absolute-paths", "--yes", "--client", "claude-desktop"],
    )
    .run();
    assert!(out.code <= 1, "{}", out.stderr);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        INPUT,
        "Cursor's untouched"
    );
    assert_ne!(std::fs::read_to_string(&desktop).unwrap(), other);
    let out = fix(&h, &["--absolute-paths", "--yes", "--server", "nope"]).run();
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("--server nope"), "{}", out.stderr);
    let out = fix(&h, &["--absolute-paths", "--yes", "--client", "nope"]).run();
    assert_eq!(out.code, 2);
}

#[test]
fn secrets_never_reach_the_diff_the_summary_or_the_json() {
    let h = empty_home();
    let bin = h.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::write(bin.join("shtool"), "#!/bin/sh\n").unwrap();
    set_mode(&bin.join("shtool"), 0o755);
    let secret = "sk-live-TOPSECRET0123456789";
    let token = "ghp_ARGSECRET0123456789abcd";
    let text = format!(
        "{{\"mcpServers\": {{\"s\": {{\"command\": \"shtool\", \"args\": [\"--token\", \"{token}\", \"~/data\"], \"env\": {{\"OPENAI_API_KEY\": \"{secret}\"}}}}}}}}\n"
    );
    let p = h.path().join(CURSOR);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, &text).unwrap();
    for extra in [
        vec!["--absolute-paths", "--dry-run"],
        vec!["--absolute-paths", "--dry-run", "--json"],
        vec!["--absolute-paths"],
        vec!["--absolute-paths", "--yes", "--json"],
    ] {
        let out = fix(&h, &extra).run();
        for s in [secret, token] {
            assert!(!out.stdout.contains(s), "{extra:?}: {}", out.stdout);
            assert!(!out.stderr.contains(s), "{extra:?}: {}", out.stderr);
        }
    }
    // It was written, secrets and all (fix changes only the values it must).
    let written = std::fs::read_to_string(&p).unwrap();
    assert!(written.contains(secret) && written.contains(token));
    assert!(!written.contains("~/data"));
    for n in names(p.parent().unwrap()) {
        assert!(!n.contains(secret) && !n.contains(token), "{n}");
    }
}

#[test]
fn unsafe_fixes_wait_for_unsafe() {
    let h = empty_home();
    // Windsurf starts `command` as one program (Cursor would split this command line itself).
    let p = h.path().join(".codeium/windsurf/mcp_config.json");
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    let text =
        "{\"mcpServers\": {\"g\": {\"command\": \"npx -y @modelcontextprotocol/server-github\"}}}";
    std::fs::write(&p, text).unwrap();
    let out = fix(&h, &["--yes"]).run();
    assert!(out.stdout.contains("skipped: unsafe"), "{}", out.stdout);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), text);
    let out = fix(&h, &["--yes", "--unsafe"]).run();
    assert!(out.code <= 1, "{}\n{}", out.stdout, out.stderr);
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "{\"mcpServers\": {\"g\": {\"command\": \"npx\", \"args\": [\"-y\", \"@modelcontextprotocol/server-github\"]}}}"
    );
}

/// Runs fix with a terminal as stdin (through util-linux `script`), answering `answer`.
fn on_a_terminal(h: &Home, answer: &str) -> String {
    use std::io::Write;
    let cmdline = format!(
        "env -i HOME=/nonexistent PATH={home}/bin:/usr/bin:/bin {bin} --home {home} --color never fix --os linux --absolute-paths",
        home = h.path().display(),
        bin = env!("CARGO_BIN_EXE_mcp-doctor"),
    );
    let mut child = std::process::Command::new("script")
        .args(["-qec", &cmdline, "/dev/null"])
        .current_dir(h.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux `script` gives the test a terminal");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answer.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn on_a_terminal_it_asks_and_writes_only_on_yes() {
    let (h, p) = setup();
    let shown = on_a_terminal(&h, "n\n");
    assert!(shown.contains("[y/N]"), "{shown}");
    assert!(shown.contains("+++ b/"), "the diff comes first: {shown}");
    assert!(shown.find("+++ b/") < shown.find("[y/N]"), "{shown}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), INPUT);
    let shown = on_a_terminal(&h, "y\n");
    assert!(shown.contains("Wrote ~/.cursor/mcp.json"), "{shown}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), expected(&h));
}
