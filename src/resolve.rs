//! Finding a command the way the client's spawn does: on a given PATH, with the diagnosed OS's
//! rules (on Windows: `.com`/`.exe` only for a spawn without shell, case-insensitive names; a
//! `.cmd`/`.bat` shim is found but cannot be spawned directly).
use crate::machine::{self, Machine};
use std::collections::HashMap;
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
    cache: HashMap<(String, Vec<String>), Lookup>,
}

impl Resolver {
    pub fn lookup(&mut self, m: &Machine, name: &str, path: &[String]) -> Lookup {
        let key = (name.to_string(), path.to_vec());
        if let Some(l) = self.cache.get(&key) {
            return l.clone();
        }
        let l = lookup(m, name, path);
        self.cache.insert(key, l.clone());
        l
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
