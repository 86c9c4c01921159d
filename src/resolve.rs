//! Finding a command the way the client's spawn does: on a given PATH, with the diagnosed OS's
//! rules (on Windows: `.com`/`.exe` only for a spawn without shell, case-insensitive names; a
//! `.cmd`/`.bat` shim is found but cannot be spawned directly).
use crate::machine::{self, Machine};
/// Hashed with foldhash: every server of a big config looks its program up here (SipHash was
/// most of a cached lookup).
use foldhash::HashMap;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq)]
pub enum Lookup {
    /// Found an executable: its target path and host path.
    Found { target: String, host: PathBuf },
    /// Windows: only a `.cmd`/`.bat`/`.ps1` shim exists, which a spawn without shell cannot start.
    ShimOnly { target: String, host: PathBuf },
    /// A file of that name exists but is not executable (POSIX).
    NotExecutable { target: String, host: PathBuf },
    /// Not on any folder that could be checked; `unchecked` folders could not be (another OS's
    /// system folders without `--root`).
    NotFound { unchecked: usize },
}

#[cfg(unix)]
pub fn is_executable(p: &std::path::Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p)
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
pub fn is_executable(p: &std::path::Path) -> bool {
    p.is_file()
}

/// Looks commands up, remembering each (name, PATH) answer for the run.
#[derive(Default)]
pub struct Resolver {
    /// By PATH, then by name: a repeated lookup copies neither (a config of 100 000 servers
    /// asks the same few).
    cache: HashMap<Vec<String>, HashMap<String, Lookup>>,
    /// What each host path looked at is ([`Resolver::facts`]).
    files: std::collections::HashMap<PathBuf, Facts>,
    /// Each program's `#!` line ([`Resolver::shebang`]).
    shebangs: std::collections::HashMap<PathBuf, Option<(String, bool)>>,
}

impl Resolver {
    pub fn lookup(&mut self, m: &Machine, name: &str, path: &[String]) -> Lookup {
        if let Some(l) = self.cache.get(path).and_then(|by_name| by_name.get(name)) {
            return l.clone();
        }
        let l = lookup(m, name, path);
        if !self.cache.contains_key(path) {
            self.cache.insert(path.to_vec(), HashMap::default());
        }
        if let Some(by_name) = self.cache.get_mut(path) {
            by_name.insert(name.to_string(), l.clone());
        }
        l
    }

    /// What `p` (host) is, from one `stat` (following links), remembered per path for the run:
    /// the servers of a big config name the same few programs.
    pub fn facts(&mut self, p: &std::path::Path) -> Facts {
        if let Some(&f) = self.files.get(p) {
            return f;
        }
        let f = Facts::of(p);
        self.files.insert(p.to_path_buf(), f);
        f
    }

    /// A program's `#!` line as `read` gives it, read once per run (the caller names the reader:
    /// the runtime layer's, above this one).
    pub fn shebang(
        &mut self,
        p: &std::path::Path,
        read: impl FnOnce(&std::path::Path) -> Option<(String, bool)>,
    ) -> Option<(String, bool)> {
        if let Some(x) = self.shebangs.get(p) {
            return x.clone();
        }
        let x = read(p);
        self.shebangs.insert(p.to_path_buf(), x.clone());
        x
    }

    /// Whether `p` (host) is a file, and an executable one unless `foreign` (another OS's file
    /// modes mean nothing here).
    pub fn is_program(&mut self, p: &std::path::Path, foreign: bool) -> bool {
        let f = self.facts(p);
        f.file && (foreign || f.executable)
    }
}

/// What a host path is (`exists`, `is_dir`, `is_file` and [`is_executable`] from one `stat`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    pub exists: bool,
    pub dir: bool,
    pub file: bool,
    pub executable: bool,
}

impl Facts {
    pub fn of(p: &std::path::Path) -> Facts {
        let Ok(md) = std::fs::metadata(p) else {
            return Facts::default();
        };
        #[cfg(unix)]
        let executable = {
            use std::os::unix::fs::PermissionsExt;
            md.is_file() && md.permissions().mode() & 0o111 != 0
        };
        #[cfg(not(unix))]
        let executable = md.is_file();
        Facts {
            exists: true,
            dir: md.is_dir(),
            file: md.is_file(),
            executable,
        }
    }
}

fn lookup(m: &Machine, name: &str, path: &[String]) -> Lookup {
    let win = m.os.is_windows();
    let has_ext = win && std::path::Path::new(name).extension().is_some();
    let spawnable: Vec<String> = if !win || has_ext {
        vec![name.to_string()]
    } else {
        vec![format!("{name}.com"), format!("{name}.exe")]
    };
    let shims: Vec<String> = if win && !has_ext {
        ["cmd", "bat", "ps1"]
            .iter()
            .map(|e| format!("{name}.{e}"))
            .collect()
    } else {
        vec![]
    };
    let mut unchecked = 0;
    let mut not_exec = None;
    let mut shim = None;
    for dir in path {
        if !machine::is_absolute(m.os, dir) {
            continue;
        }
        for cand in &spawnable {
            let target = machine::join(m.os, dir, cand);
            let Some(host) = m.to_host(&target) else {
                unchecked += 1;
                break;
            };
            if host.is_file() {
                if win
                    && has_ext
                    && matches!(
                        host.extension()
                            .and_then(|e| e.to_str())
                            .map(str::to_ascii_lowercase)
                            .as_deref(),
                        Some("cmd" | "bat" | "ps1")
                    )
                {
                    shim.get_or_insert(Lookup::ShimOnly { target, host });
                    continue;
                }
                if win || m.foreign || is_executable(&host) {
                    return Lookup::Found { target, host };
                }
                not_exec.get_or_insert(Lookup::NotExecutable { target, host });
            }
        }
        if shim.is_none() {
            for cand in &shims {
                let target = machine::join(m.os, dir, cand);
                if let Some(host) = m.to_host(&target) {
                    if host.is_file() {
                        shim = Some(Lookup::ShimOnly { target, host });
                        break;
                    }
                }
            }
        }
    }
    shim.or(not_exec)
        .or_else(|| windows_system_program(m, name))
        .unwrap_or(Lookup::NotFound { unchecked })
}

/// Windows programs that are there on every install, whatever the PATH a config or a test gives:
/// `cmd` is `%ComSpec%` (`%SystemRoot%\System32\cmd.exe`), and the machine PATH that every
/// process inherits starts with `%SystemRoot%\system32;%SystemRoot%;...\WindowsPowerShell\v1.0\`.
/// So `"command": "cmd"` (for `cmd /c npx ...`) always starts.
fn windows_system_program(m: &Machine, name: &str) -> Option<Lookup> {
    if !m.os.is_windows() {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    let base = lower.strip_suffix(".exe").unwrap_or(&lower);
    let root = m.env.non_empty("SystemRoot").unwrap_or("C:\\Windows");
    let target = match base {
        "cmd" => m
            .env
            .non_empty("ComSpec")
            .map(str::to_string)
            .unwrap_or_else(|| format!("{root}\\System32\\cmd.exe")),
        "powershell" => format!("{root}\\System32\\WindowsPowerShell\\v1.0\\powershell.exe"),
        _ => return None,
    };
    let host = m.to_host(&target).unwrap_or_else(|| PathBuf::from(&target));
    Some(Lookup::Found { target, host })
}
