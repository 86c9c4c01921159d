//! Test harness: fake homes copied from `testdata/homes/<name>` into a temp folder (with
//! `{{HOME}}` replaced by that folder), and the real binary run against them with a controlled
//! environment. Nothing here reads or writes the real home.
#![allow(dead_code)]
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Home {
    pub dir: tempfile::TempDir,
    /// The home's own folder inside `dir`, when it must have a given name (see [`home_as`]).
    pub user: Option<PathBuf>,
}

impl Home {
    pub fn path(&self) -> &Path {
        self.user.as_deref().unwrap_or(self.dir.path())
    }
}

fn copy_tree(from: &Path, to: &Path, home: &str) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dst = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &dst, home);
        } else {
            let bytes = std::fs::read(e.path()).unwrap();
            match String::from_utf8(bytes) {
                Ok(t) if t.contains("{{HOME}}") => {
                    std::fs::write(&dst, t.replace("{{HOME}}", home)).unwrap()
                }
                _ => {
                    std::fs::copy(e.path(), &dst).unwrap();
                }
            }
            let perm = std::fs::metadata(e.path()).unwrap().permissions();
            std::fs::set_permissions(&dst, perm).unwrap();
        }
    }
}

/// A fresh copy of a fixture home.
pub fn home(name: &str) -> Home {
    let dir = tempfile::tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/homes")
        .join(name);
    copy_tree(&src, dir.path(), &dir.path().display().to_string());
    Home { dir, user: None }
}

/// A fresh copy of a fixture home in a folder named `user`, so that the analysed macOS home is
/// spelled `/Users/<user>` as the platform recordings made on a real machine spell it (paths the
/// doctor builds from the home itself, such as Claude Desktop's nvm folders, then match them).
pub fn home_as(name: &str, user: &str) -> Home {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join(user);
    let src = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/homes")
        .join(name);
    copy_tree(&src, &at, &at.display().to_string());
    Home {
        dir,
        user: Some(at),
    }
}

/// An empty home.
pub fn empty_home() -> Home {
    Home {
        dir: tempfile::tempdir().unwrap(),
        user: None,
    }
}

pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}):\n{}\nstderr: {}", self.stdout, self.stderr))
    }
}

pub struct Run {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub cwd: Option<PathBuf>,
}

pub fn doctor(home: &Path, args: &[&str]) -> Run {
    let mut a = vec![
        "--home".to_string(),
        home.display().to_string(),
        "--color".into(),
        "never".into(),
    ];
    a.extend(args.iter().map(|s| s.to_string()));
    Run {
        args: a,
        env: vec![],
        cwd: Some(home.to_path_buf()),
    }
}

impl Run {
    pub fn env(mut self, k: &str, v: &str) -> Self {
        self.env.push((k.into(), v.into()));
        self
    }

    pub fn cwd(mut self, p: &Path) -> Self {
        self.cwd = Some(p.to_path_buf());
        self
    }

    pub fn run(self) -> Out {
        let mut c = Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
        c.args(&self.args).env_clear();
        // A home that does not exist: anything reading the real home would fail loudly.
        c.env("HOME", "/nonexistent-home-for-tests");
        for (k, v) in &self.env {
            c.env(k, v);
        }
        if let Some(d) = &self.cwd {
            c.current_dir(d);
        }
        let o = c.output().unwrap();
        Out {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into(),
            stderr: String::from_utf8_lossy(&o.stderr).into(),
        }
    }
}

/// The findings of a JSON report with the given rule.
pub fn with_rule<'a>(r: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .collect()
}

pub fn rules_of(r: &serde_json::Value, server: &str) -> Vec<String> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["server"] == server)
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

/// A machine for in-process scans: `home` as the home, `os`, and the clock at `now` (RFC 3339).
pub fn machine_at(
    home: &Path,
    os: mcp_doctor::machine::Os,
    now: &str,
) -> mcp_doctor::machine::Machine {
    let now = mcp_doctor::logs::time::parse(now).unwrap();
    mcp_doctor::machine::Machine::new(
        mcp_doctor::machine::MachineOptions {
            home: Some(home.to_path_buf()),
            os: Some(os),
            now: Some(now),
            ..Default::default()
        },
        vec![],
        home.to_path_buf(),
    )
    .unwrap()
}

/// Makes a fixture file executable (mode 755) where files have modes; on Windows the file's
/// extension decides, so there is nothing to do.
pub fn make_executable(p: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    #[cfg(not(unix))]
    let _ = p;
}
