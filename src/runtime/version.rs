//! Which version an interpreter is: from running it once (`--version`, in parallel, with a
//! timeout), or, where it cannot be run here, from the folder it is installed in
//! (`~/.nvm/versions/node/v20.11.1/bin/node`, Homebrew's Cellar, pyenv, uv, a venv's
//! `pyvenv.cfg`).
use crate::machine::Machine;
use regex::Regex;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use std::time::{Duration, Instant};

/// How long one `--version` may take.
pub const TIMEOUT: Duration = Duration::from_secs(3);

/// Where a version came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Known {
    /// The interpreter printed it.
    Ran(String),
    /// The folder it is installed in names it (not run).
    Folder(String),
    /// Not known, and why.
    Unknown(String),
}

impl Known {
    pub fn version(&self) -> Option<&str> {
        match self {
            Known::Ran(v) | Known::Folder(v) => Some(v),
            Known::Unknown(_) => None,
        }
    }
}

static VERSION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d+)\.(\d+)(?:\.(\d+))?((?:-|\.?(?:a|b|rc|dev|post)|\+)[0-9A-Za-z.\-]*)?")
        .expect("regex")
});

/// The first version in what `X --version` printed (`v20.11.1`, `Python 3.11.7`,
/// `Docker version 28.2.2, build e6534b4`, `deno 2.1.4 (stable, …)`).
pub fn parse_output(s: &str) -> Option<String> {
    VERSION.find(s).map(|m| m.as_str().to_string())
}

static FOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)(?:",
        // nvm, nvm-windows, fnm, n: .../v20.11.1/...
        r"[/\\]v(\d+\.\d+\.\d+)(?:[/\\]|$)",
        // volta, asdf, mise, Homebrew Cellar, pyenv: .../node/20.11.1/..., .../versions/3.11.7/...
        r"|[/\\](?:node|nodejs|python|versions|python@[\d.]+|node@\d+)[/\\](\d+\.\d+\.\d+[0-9A-Za-z.\-]*)(?:[/\\_]|$)",
        // uv-managed: cpython-3.12.1-macos-aarch64-none
        r"|[/\\]cpython-(\d+\.\d+\.\d+[0-9A-Za-z]*)[-+]",
        // python.org framework and Windows installs: Versions/3.11, Python311
        r"|Python\.framework[/\\]Versions[/\\](\d+\.\d+)(?:[/\\]|$)",
        r")"
    ))
    .expect("regex")
});

/// The version a folder layout names, if any.
pub fn from_folder(target: &str) -> Option<String> {
    FOLDER
        .captures_iter(target)
        .filter_map(|c| {
            (1..=4)
                .find_map(|i| c.get(i))
                .map(|m| m.as_str().to_string())
        })
        .last()
}

/// `version_info` (uv) or `version` (venv) from a `pyvenv.cfg` next to or above the interpreter.
pub fn from_pyvenv(host: &Path) -> Option<String> {
    let dir = host.parent()?;
    for d in [dir, dir.parent()?] {
        if let Some(text) = crate::machine::read_side_file(&d.join("pyvenv.cfg")) {
            return pyvenv_field(&text, &["version_info", "version"]);
        }
    }
    None
}

pub fn pyvenv_field(text: &str, keys: &[&str]) -> Option<String> {
    for key in keys {
        for line in text.lines() {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim().eq_ignore_ascii_case(key) {
                    return Some(v.trim().to_string());
                }
            }
        }
    }
    None
}

/// Whether a file can be run on this host to ask its version: the diagnosed machine is this
/// one, or the file is a script this host can interpret (a copied home's fake or real script).
fn runnable(m: &Machine, host: &Path) -> Result<(), String> {
    if !crate::resolve::is_executable(host) {
        return Err("not executable here".into());
    }
    if m.foreign {
        let mut head = [0u8; 2];
        let ok = std::fs::File::open(host)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok();
        if !ok || &head != b"#!" {
            return Err(format!("a {} program, not run here", m.os.as_str()));
        }
    }
    Ok(())
}

/// Runs each distinct interpreter once, in parallel, and answers for all of them. `jobs` are
/// (key, target spelling, host path); the key is what the caller deduplicated on (the canonical
/// host path), so the same binary is never run twice.
pub fn run_all(m: &Machine, jobs: &[(PathBuf, String, PathBuf)]) -> HashMap<PathBuf, Known> {
    let mut out = HashMap::new();
    let mut to_run = Vec::new();
    let mut cache = super::cache::Versions::load(&m.home);
    for (key, target, host) in jobs {
        if out.contains_key(key) {
            continue;
        }
        // Asked on an earlier run, and the file has not changed since.
        if let Some(v) = cache.get(key) {
            out.insert(key.clone(), Known::Ran(v));
            continue;
        }
        match runnable(m, host) {
            Ok(()) => to_run.push((key.clone(), target.clone(), host.clone())),
            Err(why) => {
                let k = fallback(target, host, key).unwrap_or(Known::Unknown(why));
                out.insert(key.clone(), k);
            }
        }
    }
    let env: Vec<(String, String)> = m
        .env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    std::thread::scope(|sc| {
        let handles: Vec<_> = to_run
            .iter()
            .map(|(key, target, host)| {
                let env = &env;
                let home = &m.home;
                sc.spawn(move || {
                    let k = match ask(host, env, home) {
                        Ok(v) => Known::Ran(v),
                        Err(why) => fallback(target, host, key).unwrap_or(Known::Unknown(why)),
                    };
                    (key.clone(), k)
                })
            })
            .collect();
        for h in handles {
            if let Ok((k, v)) = h.join() {
                if let Known::Ran(version) = &v {
                    cache.put(&k, version);
                }
                out.insert(k, v);
            }
        }
    });
    cache.save();
    out
}

fn fallback(target: &str, host: &Path, canonical: &Path) -> Option<Known> {
    from_pyvenv(host)
        .or_else(|| from_folder(target))
        .or_else(|| from_folder(&canonical.to_string_lossy()))
        .map(Known::Folder)
}

/// `host --version` with the diagnosed environment, stdin closed, bounded by [`TIMEOUT`].
fn ask(host: &Path, env: &[(String, String)], home: &Path) -> Result<String, String> {
    let mut cmd = Command::new(host);
    cmd.arg("--version")
        .env_clear()
        .envs(env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if home.is_dir() {
        cmd.current_dir(home);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot run it: {e}"))?;
    // Readers on their own threads, so a chatty or hung program cannot block the deadline.
    let (tx, rx) = std::sync::mpsc::channel();
    let pipes: [Option<Box<dyn Read + Send>>; 2] = [
        child.stdout.take().map(|p| Box::new(p) as _),
        child.stderr.take().map(|p| Box::new(p) as _),
    ];
    for pipe in pipes.into_iter().flatten() {
        let tx = tx.clone();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = pipe.take(64 * 1024).read_to_end(&mut buf);
            let _ = tx.send(buf);
        });
    }
    drop(tx);
    let deadline = Instant::now() + TIMEOUT;
    let mut text = String::new();
    let mut got = 0;
    while got < 2 {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(buf) => {
                text.push_str(&String::from_utf8_lossy(&buf));
                text.push('\n');
                got += 1;
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "did not answer `--version` within {} s",
                    TIMEOUT.as_secs()
                ));
            }
        }
    }
    let _ = child.kill();
    let status = child.wait().ok();
    match parse_output(&text) {
        Some(v) => Ok(v),
        None => Err(match status.and_then(|s| s.code()) {
            Some(c) if c != 0 => format!("`--version` failed (exit {c})"),
            _ => "`--version` printed no version".into(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_outputs() {
        assert_eq!(parse_output("v20.11.1\n").as_deref(), Some("20.11.1"));
        assert_eq!(parse_output("Python 3.11.7").as_deref(), Some("3.11.7"));
        assert_eq!(
            parse_output("Python 3.13.0rc1").as_deref(),
            Some("3.13.0rc1")
        );
        assert_eq!(
            parse_output("Docker version 28.2.2, build e6534b4").as_deref(),
            Some("28.2.2")
        );
        assert_eq!(
            parse_output("deno 2.1.4 (stable, release, x86_64)").as_deref(),
            Some("2.1.4")
        );
        assert_eq!(
            parse_output("v23.0.0-nightly2024").as_deref(),
            Some("23.0.0-nightly2024")
        );
        assert_eq!(parse_output("command not found"), None);
    }

    #[test]
    fn folder_layouts() {
        for (p, v) in [
            ("/Users/a/.nvm/versions/node/v20.11.1/bin/node", "20.11.1"),
            (
                "C:\\Users\\a\\AppData\\Roaming\\nvm\\v18.20.4\\node.exe",
                "18.20.4",
            ),
            ("/Users/a/.volta/tools/image/node/22.1.0/bin/node", "22.1.0"),
            ("/home/a/.asdf/installs/nodejs/20.9.0/bin/node", "20.9.0"),
            (
                "/home/a/.local/share/mise/installs/python/3.12.2/bin/python3",
                "3.12.2",
            ),
            ("/opt/homebrew/Cellar/node/21.6.1/bin/node", "21.6.1"),
            (
                "/opt/homebrew/Cellar/python@3.12/3.12.1_1/bin/python3.12",
                "3.12.1",
            ),
            ("/Users/a/.pyenv/versions/3.9.18/bin/python3", "3.9.18"),
            (
                "/home/a/.local/share/uv/python/cpython-3.12.1-linux-x86_64-gnu/bin/python3",
                "3.12.1",
            ),
            (
                "/Library/Frameworks/Python.framework/Versions/3.11/bin/python3",
                "3.11",
            ),
            (
                "/home/a/.local/share/fnm/node-versions/v20.10.0/installation/bin/node",
                "20.10.0",
            ),
        ] {
            assert_eq!(from_folder(p).as_deref(), Some(v), "{p}");
        }
        assert_eq!(from_folder("/usr/local/bin/node"), None);
        assert_eq!(from_folder("/usr/bin/python3"), None);
    }
}
