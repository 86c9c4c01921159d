//! End to end: an entry whose bare command only the user's shell finds does not start under the
//! client's PATH; after `fix --absolute-paths --yes` it really starts (probed with the fixture
//! server), because the command is absolute and the interpreter its `#!/usr/bin/env` line names is
//! first on the entry's PATH.
//!
//! Unix only: a symlinked interpreter and a `#!/usr/bin/env` script.
#![cfg(unix)]
mod common;
use common::*;
use std::path::{Path, PathBuf};

/// The real Python interpreter (not a version manager's shim).
fn real_python() -> PathBuf {
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.executable)"])
        .output()
        .expect("python3 is needed for the fixture server");
    let p = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    std::fs::canonicalize(&p).unwrap_or(p)
}

fn fixture() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fixture_server.py")
        .display()
        .to_string()
}

#[test]
fn a_fixed_entry_starts_under_the_clients_path_where_the_original_did_not() {
    let h = empty_home();
    let bin = h.path().join("tools/bin");
    std::fs::create_dir_all(&bin).unwrap();
    // `fxpython` exists only in this folder, which only the shell's PATH has; `mcp-fixture` is a
    // script that needs it, as `npx` needs `node`.
    std::os::unix::fs::symlink(real_python(), bin.join("fxpython")).unwrap();
    let script = bin.join("mcp-fixture");
    std::fs::write(
        &script,
        format!(
            "#!/usr/bin/env fxpython\nimport runpy, sys\nsys.argv = [{f:?}] + sys.argv[1:]\nrunpy.run_path({f:?}, run_name=\"__main__\")\n",
            f = fixture()
        ),
    )
    .unwrap();
    make_executable(&script);
    // Claude Desktop on Linux starts servers with the session's default PATH, not the shell's.
    let cfg = h.path().join(".config/Claude/claude_desktop_config.json");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(
        &cfg,
        "{\n  \"mcpServers\": {\n    \"fx\": {\n      \"command\": \"mcp-fixture\"\n    }\n  }\n}\n",
    )
    .unwrap();
    let path = format!("{}:/usr/bin:/bin", bin.display());
    let probe = || {
        let out = doctor(
            h.path(),
            &["probe", "fx", "--os", "linux", "--json", "--timeout", "20"],
        )
        .env("PATH", &path)
        .run();
        let j = out.json();
        j["servers"][0]["probe"].clone()
    };

    let before = probe();
    assert_ne!(before["status"], "ok", "{before}");

    let out = doctor(
        h.path(),
        &["fix", "--absolute-paths", "--yes", "--os", "linux"],
    )
    .env("PATH", &path)
    .run();
    assert!(out.code <= 1, "{}\n{}", out.stdout, out.stderr);
    let text = std::fs::read_to_string(&cfg).unwrap();
    assert!(
        text.contains(&format!("\"command\": \"{}\"", script.display())),
        "{text}"
    );
    assert!(
        text.contains(&format!("\"PATH\": \"{}:", bin.display())),
        "{text}"
    );
    assert!(
        out.stdout.contains("Still wrong after the fix: none."),
        "{}",
        out.stdout
    );

    let after = probe();
    assert_eq!(after["status"], "ok", "{after}");
    assert_eq!(after["tools"], 2, "{after}");
}
