//! One model of the machine being diagnosed, read once and handed to every part: its OS, home,
//! environment, PATH, working folder and clock.
//!
//! Paths inside configs and on PATH are *target* paths: spelled the way the diagnosed OS spells
//! them (`C:\Users\bob\x.js` or `/Users/bob/x.js`). They reach the file system only through
//! [`Machine::to_host`], which maps them under `--home` (and `--root`) so that a Windows or macOS
//! home copied from a ticket is analysed on Linux as the doctor would on the original machine. A
//! target path that cannot be mapped (a system folder of another OS, no `--root`) is reported as
//! "cannot be checked here", never as missing.
use serde::Serialize;
use std::path::{Component, Path, PathBuf};
use std::time::SystemTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Os {
    Macos,
    Windows,
    Linux,
}

impl Os {
    pub fn host() -> Os {
        if cfg!(target_os = "macos") {
            Os::Macos
        } else if cfg!(windows) {
            Os::Windows
        } else {
            Os::Linux
        }
    }

    pub fn parse(s: &str) -> Option<Os> {
        match s.to_ascii_lowercase().as_str() {
            "macos" | "mac" | "darwin" | "osx" => Some(Os::Macos),
            "windows" | "win" => Some(Os::Windows),
            "linux" => Some(Os::Linux),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Os::Macos => "macos",
            Os::Windows => "windows",
            Os::Linux => "linux",
        }
    }

    pub fn is_windows(self) -> bool {
        self == Os::Windows
    }

    /// The separator between PATH entries.
    pub fn path_list_sep(self) -> char {
        if self.is_windows() {
            ';'
        } else {
            ':'
        }
    }

    /// The separator between path components.
    pub fn sep(self) -> char {
        if self.is_windows() {
            '\\'
        } else {
            '/'
        }
    }
}

/// The environment of the diagnosed machine. Names are case-insensitive on Windows.
#[derive(Clone, Debug, Default)]
pub struct Env {
    vars: Vec<(String, String)>,
    case_insensitive: bool,
}

impl Env {
    pub fn new(vars: Vec<(String, String)>, os: Os) -> Env {
        Env {
            vars,
            case_insensitive: os.is_windows(),
        }
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        self.vars
            .iter()
            .rev()
            .find(|(k, _)| {
                if self.case_insensitive {
                    k.eq_ignore_ascii_case(name)
                } else {
                    k == name
                }
            })
            .map(|(_, v)| v.as_str())
    }

    /// The value, or `None` when unset or empty.
    pub fn non_empty(&self, name: &str) -> Option<&str> {
        self.get(name).filter(|v| !v.is_empty())
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.vars.iter().map(|(k, v)| (k.as_str(), v.as_str()))
    }
}

/// What the doctor was told about the machine (from the command line and the process).
#[derive(Clone, Debug, Default)]
pub struct MachineOptions {
    pub home: Option<PathBuf>,
    pub os: Option<Os>,
    pub root: Option<PathBuf>,
    pub now: Option<SystemTime>,
    pub cwd: Option<PathBuf>,
}

#[derive(Debug, thiserror::Error)]
pub enum MachineError {
    #[error("cannot determine the home folder: pass --home DIR")]
    NoHome,
    #[error("--home {0}: not a folder")]
    HomeNotDir(String),
    #[error("--root {0}: not a folder")]
    RootNotDir(String),
}

#[derive(Clone, Debug)]
pub struct Machine {
    pub os: Os,
    pub arch: String,
    /// The home folder on this (the analysing) machine.
    pub home: PathBuf,
    /// The home folder as the diagnosed OS spells it (`C:\Users\bob`, `/Users/bob`).
    pub home_spelled: String,
    /// `--home` was given: conventional user-home paths of the target OS map under it.
    pub home_given: bool,
    /// A folder standing for the target's file-system root (system folders), if given.
    pub root: Option<PathBuf>,
    pub env: Env,
    /// The working folder (a host path): where project configs are searched from.
    pub cwd: PathBuf,
    pub now: SystemTime,
    /// The diagnosed OS is not the one the doctor runs on.
    pub foreign: bool,
    /// The shell's and the GUI session's PATH, each split once ([`Machine::shell_paths`]).
    paths: PathLists,
}

/// The PATH lists every entry of a big config is checked against, worked out on first use.
#[derive(Clone, Debug, Default)]
struct PathLists {
    shell: std::sync::OnceLock<std::sync::Arc<[String]>>,
    gui: std::sync::OnceLock<std::sync::Arc<[String]>>,
    /// A GUI app's own folders and the desktop's PATH after them, with the function that listed
    /// the folders (one app builds its own list: Claude Desktop).
    gui_after: std::sync::OnceLock<(usize, std::sync::Arc<[String]>)>,
    /// The same for a client's own folders before the shell's PATH (Goose's search paths).
    shell_after: std::sync::OnceLock<(usize, std::sync::Arc<[String]>)>,
}

impl Machine {
    /// Reads the process environment once.
    pub fn from_process(opts: MachineOptions) -> Result<Machine, MachineError> {
        let vars: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)))
            .collect();
        let cwd = opts
            .cwd
            .clone()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_else(|| PathBuf::from("/"));
        Machine::new(opts, vars, cwd)
    }

    pub fn new(
        opts: MachineOptions,
        vars: Vec<(String, String)>,
        cwd: PathBuf,
    ) -> Result<Machine, MachineError> {
        let host = Os::host();
        let os = opts.os.unwrap_or(host);
        let foreign = os != host;
        let env = Env::new(vars, os);
        let home_given = opts.home.is_some();
        let home = match opts.home {
            Some(h) => {
                if !h.is_dir() {
                    return Err(MachineError::HomeNotDir(h.display().to_string()));
                }
                absolute(&h)
            }
            None => dirs::home_dir().ok_or(MachineError::NoHome)?,
        };
        if let Some(r) = &opts.root {
            if !r.is_dir() {
                return Err(MachineError::RootNotDir(r.display().to_string()));
            }
        }
        let base = home
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("user")
            .to_string();
        let home_spelled = if !foreign {
            home.to_string_lossy().into_owned()
        } else {
            match os {
                Os::Windows => env
                    .non_empty("USERPROFILE")
                    .filter(|p| is_absolute(Os::Windows, p))
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("C:\\Users\\{base}")),
                Os::Macos => format!("/Users/{base}"),
                Os::Linux => format!("/home/{base}"),
            }
        };
        Ok(Machine {
            os,
            arch: std::env::consts::ARCH.to_string(),
            home,
            home_spelled,
            home_given,
            root: opts.root.map(|r| absolute(&r)),
            env,
            cwd: absolute(&cwd),
            now: opts.now.unwrap_or_else(SystemTime::now),
            foreign,
            paths: PathLists::default(),
        })
    }

    /// The folders a version manager keeps under `root` (target spelling), one per installed
    /// version, as `root/<name>` in the order of their names (as strings: `v20.12.1` before
    /// `v20.9.0`); hidden entries and a `Current` link are not versions. Empty when `root` is not
    /// there.
    pub fn version_folders(&self, root: &str) -> Vec<String> {
        let Some(Ok(rd)) = self.to_host(root).map(std::fs::read_dir) else {
            return Vec::new();
        };
        let mut names: Vec<String> = rd
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| !n.starts_with('.') && n != "Current")
            .collect();
        crate::sort::natural(&mut names);
        names.iter().map(|n| join(self.os, root, n)).collect()
    }

    /// Maps a target path to a path on this machine, or `None` when it cannot be checked here.
    /// The path must be absolute in the target's spelling.
    pub fn to_host(&self, target: &str) -> Option<PathBuf> {
        if !is_absolute(self.os, target) {
            return None;
        }
        // The usual case, a plain path under a plain POSIX home: the same components pushed
        // onto the home as below, without splitting either path (a config of 100 000 servers
        // maps a few hundred thousand paths).
        if !self.os.is_windows() {
            if let Some(rest) = target
                .strip_prefix(self.home_spelled.as_str())
                .and_then(|r| r.strip_prefix('/'))
            {
                let home = self.home_spelled.strip_prefix('/').unwrap_or("");
                if plain_relative(home) && plain_relative(rest) {
                    return Some(self.home.join(rest));
                }
            }
        }
        // Borrowed parts.
        let comps = parts(self.os, target);
        let home_comps = parts(self.os, &self.home_spelled);
        if starts_with(self.os, &comps, &home_comps) {
            return Some(self.join_host(&self.home, &comps[home_comps.len()..]));
        }
        if self.home_given {
            if let Some(n) = conventional_home_len(self.os, &comps) {
                return Some(self.join_host(&self.home, &comps[n..]));
            }
        }
        if let Some(root) = &self.root {
            return Some(self.join_host(root, &comps));
        }
        if !self.foreign {
            return Some(PathBuf::from(target));
        }
        None
    }

    /// Joins target components under a host folder; for a Windows target, names match whatever
    /// their case on disk (Windows file names are case-insensitive).
    fn join_host(&self, base: &Path, comps: &[&str]) -> PathBuf {
        let mut p = base.to_path_buf();
        for c in comps {
            let c = c.trim_end_matches(':');
            if c.is_empty() {
                continue;
            }
            if !self.os.is_windows() {
                p.push(c);
                continue;
            }
            let exact = p.join(c);
            if self.os.is_windows() && !exact.exists() {
                if let Ok(rd) = std::fs::read_dir(&p) {
                    if let Some(found) = rd.flatten().find(|e| {
                        e.file_name()
                            .to_str()
                            .is_some_and(|n| n.eq_ignore_ascii_case(c))
                    }) {
                        p = found.path();
                        continue;
                    }
                }
            }
            p = exact;
        }
        p
    }

    /// Spells a host path the way the target OS would (the inverse of [`Machine::to_host`]).
    pub fn spell(&self, host: &Path) -> String {
        let sep = self.os.sep();
        if let Ok(rest) = host.strip_prefix(&self.home) {
            let mut s = self.home_spelled.trim_end_matches(['/', '\\']).to_string();
            for c in rest.components() {
                s.push(sep);
                s.push_str(&c.as_os_str().to_string_lossy());
            }
            return s;
        }
        if let Some(root) = &self.root {
            if let Ok(rest) = host.strip_prefix(root) {
                let mut parts = rest
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned());
                return if self.os.is_windows() {
                    let drive = parts.next().unwrap_or_else(|| "C".into());
                    let tail: Vec<String> = parts.collect();
                    format!("{}:\\{}", drive.trim_end_matches(':'), tail.join("\\"))
                } else {
                    format!("/{}", parts.collect::<Vec<_>>().join("/"))
                };
            }
        }
        host.to_string_lossy().into_owned()
    }

    /// A path for people to read: the home abbreviated to `~` (on macOS and Linux).
    pub fn display(&self, host: &Path) -> String {
        let s = self.spell(host);
        self.abbreviate(&s)
    }

    /// Abbreviates a target path under the home to `~/...` (not on Windows, where `~` means nothing).
    pub fn abbreviate(&self, target: &str) -> String {
        if self.os.is_windows() {
            return target.to_string();
        }
        let h = self.home_spelled.trim_end_matches('/');
        if target == h {
            return "~".into();
        }
        match target.strip_prefix(h) {
            Some(rest) if rest.starts_with('/') => format!("~{rest}"),
            _ => target.to_string(),
        }
    }

    /// `~` and `~/x` (or `~\x`) as the absolute target path the user meant.
    pub fn expand_tilde(&self, s: &str) -> Option<String> {
        let rest = s.strip_prefix('~')?;
        if rest.is_empty() {
            return Some(self.home_spelled.clone());
        }
        let rest = rest.strip_prefix('/').or_else(|| rest.strip_prefix('\\'))?;
        Some(join(self.os, &self.home_spelled, rest))
    }

    /// `%APPDATA%` (Windows), as a host path.
    pub fn appdata(&self) -> Option<PathBuf> {
        self.env
            .non_empty("APPDATA")
            .and_then(|v| self.to_host(v))
            .or_else(|| Some(self.home.join("AppData").join("Roaming")))
    }

    /// `%LOCALAPPDATA%` (Windows), as a host path.
    pub fn local_appdata(&self) -> Option<PathBuf> {
        self.env
            .non_empty("LOCALAPPDATA")
            .and_then(|v| self.to_host(v))
            .or_else(|| Some(self.home.join("AppData").join("Local")))
    }

    /// `$XDG_CONFIG_HOME`, else `~/.config`.
    pub fn xdg_config(&self) -> PathBuf {
        self.env
            .non_empty("XDG_CONFIG_HOME")
            .and_then(|v| self.to_host(v))
            .unwrap_or_else(|| self.home.join(".config"))
    }

    /// `$XDG_CACHE_HOME`, else `~/.cache`.
    pub fn xdg_cache(&self) -> PathBuf {
        self.env
            .non_empty("XDG_CACHE_HOME")
            .and_then(|v| self.to_host(v))
            .unwrap_or_else(|| self.home.join(".cache"))
    }

    /// The folder where each OS keeps per-application settings: macOS `~/Library/Application
    /// Support`, Windows `%APPDATA%`, Linux `$XDG_CONFIG_HOME`.
    pub fn app_config_dir(&self) -> Option<PathBuf> {
        match self.os {
            Os::Macos => Some(self.home.join("Library").join("Application Support")),
            Os::Windows => self.appdata(),
            Os::Linux => Some(self.xdg_config()),
        }
    }

    /// The PATH of the user's shell (the environment's PATH), in target spelling; split once per
    /// run and shared (every server of a config is looked up on it).
    pub fn shell_paths(&self) -> std::sync::Arc<[String]> {
        self.paths
            .shell
            .get_or_init(|| split_path_list(self.os, self.env.get("PATH").unwrap_or("")).into())
            .clone()
    }

    /// The PATH a GUI app gets when started from the desktop rather than a terminal: launchd's
    /// fixed list on macOS; the session's default on Linux (no `~/.bashrc` additions such as nvm);
    /// on Windows the user's PATH (apps inherit it from the registry). Worked out once per run
    /// and shared.
    pub fn gui_paths(&self) -> std::sync::Arc<[String]> {
        self.paths
            .gui
            .get_or_init(|| self.gui_path().into())
            .clone()
    }

    /// [`Machine::gui_paths`] after the folders `before` lists (a GUI app's own additions, read
    /// from this machine: see `clients::Client::path_before`), duplicates kept as the app
    /// keeps them. Worked out once per run and shared.
    pub fn gui_paths_after(&self, before: fn(&Machine) -> Vec<String>) -> std::sync::Arc<[String]> {
        self.paths_after(before, &self.paths.gui_after, self.gui_paths())
    }

    /// [`Machine::shell_paths`] after the folders `before` lists (a client's own search folders:
    /// see `clients::Client::path_before`). Worked out once per run and shared.
    pub fn shell_paths_after(
        &self,
        before: fn(&Machine) -> Vec<String>,
    ) -> std::sync::Arc<[String]> {
        self.paths_after(before, &self.paths.shell_after, self.shell_paths())
    }

    fn paths_after(
        &self,
        before: fn(&Machine) -> Vec<String>,
        cell: &std::sync::OnceLock<(usize, std::sync::Arc<[String]>)>,
        base: std::sync::Arc<[String]>,
    ) -> std::sync::Arc<[String]> {
        let key = before as usize;
        let list = || -> std::sync::Arc<[String]> {
            let mut v = before(self);
            v.extend(base.iter().cloned());
            v.into()
        };
        let (k, v) = cell.get_or_init(|| (key, list()));
        if *k == key {
            v.clone()
        } else {
            list()
        }
    }

    fn gui_path(&self) -> Vec<String> {
        match self.os {
            Os::Macos => ["/usr/bin", "/bin", "/usr/sbin", "/sbin"]
                .map(String::from)
                .to_vec(),
            Os::Linux => {
                let mut v: Vec<String> = [
                    "/usr/local/sbin",
                    "/usr/local/bin",
                    "/usr/sbin",
                    "/usr/bin",
                    "/sbin",
                    "/bin",
                ]
                .map(String::from)
                .to_vec();
                // ~/.profile puts ~/.local/bin on the session PATH when it exists.
                if self.home.join(".local").join("bin").is_dir() {
                    v.push(join(self.os, &self.home_spelled, ".local/bin"));
                }
                v
            }
            Os::Windows => self.shell_paths().to_vec(),
        }
    }
}

fn absolute(p: &Path) -> PathBuf {
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|c| c.join(p))
            .unwrap_or_else(|_| p.to_path_buf())
    }
}

/// Splits a PATH-style list in the target's syntax, dropping empty entries.
pub fn split_path_list(os: Os, s: &str) -> Vec<String> {
    s.split(os.path_list_sep())
        .map(str::trim)
        .filter(|e| !e.is_empty())
        .map(String::from)
        .collect()
}

/// Whether a target path is absolute in that OS's syntax. On Windows: `C:\x`, `C:/x`, or a UNC
/// `\\server\share`. A POSIX-absolute `/x` on Windows is drive-relative, not absolute.
pub fn is_absolute(os: Os, s: &str) -> bool {
    if os.is_windows() {
        let b = s.as_bytes();
        (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/'))
            || s.starts_with("\\\\")
            || s.starts_with("//")
    } else {
        s.starts_with('/')
    }
}

/// Whether a string looks like a Windows absolute path (used to spot one on macOS or Linux).
pub fn looks_windows_absolute(s: &str) -> bool {
    is_absolute(Os::Windows, s)
}

/// The components of a target path; a Windows drive is its own component (`C:`).
pub fn components(os: Os, s: &str) -> Vec<String> {
    parts(os, s).into_iter().map(String::from).collect()
}

/// [`components`], borrowed from `s`.
fn parts(os: Os, s: &str) -> Vec<&str> {
    let seps: &[char] = if os.is_windows() {
        &['\\', '/']
    } else {
        &['/']
    };
    s.split(seps)
        .filter(|c| !c.is_empty() && *c != ".")
        .collect()
}

fn eq_comp(os: Os, a: &str, b: &str) -> bool {
    if os.is_windows() {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

/// A relative POSIX path whose every component [`parts`] and [`Machine::to_host`] keep as it is:
/// not empty, not `.`, not ending with `:`.
fn plain_relative(s: &str) -> bool {
    !s.is_empty()
        && s.split('/')
            .all(|c| !c.is_empty() && c != "." && !c.ends_with(':'))
}

fn starts_with(os: Os, path: &[&str], prefix: &[&str]) -> bool {
    path.len() >= prefix.len() && path.iter().zip(prefix).all(|(a, b)| eq_comp(os, a, b))
}

/// How many leading components form a conventional user home (`C:\Users\x`, `/Users/x`,
/// `/home/x`, `/root`), if any.
fn conventional_home_len(os: Os, comps: &[&str]) -> Option<usize> {
    match os {
        Os::Windows if comps.len() >= 3 && comps[1].eq_ignore_ascii_case("Users") => Some(3),
        Os::Macos if comps.len() >= 2 && comps[0] == "Users" => Some(2),
        Os::Linux if comps.len() >= 2 && comps[0] == "home" => Some(2),
        Os::Linux if !comps.is_empty() && comps[0] == "root" => Some(1),
        _ => None,
    }
}

/// Joins a relative target path onto a base, in the target's syntax.
pub fn join(os: Os, base: &str, rel: &str) -> String {
    let sep = os.sep();
    let rel = if os.is_windows() {
        rel.replace('/', "\\")
    } else {
        rel.to_string()
    };
    let base = base.trim_end_matches(['/', '\\']);
    format!("{base}{sep}{rel}")
}

/// Normalises `.` and `..` in a target path (lexically, as the spawn would).
pub fn normalize(os: Os, s: &str) -> String {
    let drive_or_root: String;
    let rest: &str;
    if os.is_windows() && s.len() >= 2 && s.as_bytes()[1] == b':' {
        drive_or_root = format!("{}\\", &s[..2]);
        rest = &s[2..];
    } else if s.starts_with('/') || s.starts_with('\\') {
        drive_or_root = os.sep().to_string();
        rest = s;
    } else {
        drive_or_root = String::new();
        rest = s;
    }
    let mut out: Vec<&str> = Vec::new();
    let seps: &[char] = if os.is_windows() {
        &['\\', '/']
    } else {
        &['/']
    };
    for c in rest.split(seps) {
        match c {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    format!("{drive_or_root}{}", out.join(&os.sep().to_string()))
}

/// A config or side file bigger than this is not read (a real one is a few KB; `~/.claude.json` a
/// few MB).
pub const MAX_CONFIG_BYTES: u64 = 64 * 1024 * 1024;

/// The text of a small side file a client reads (a settings file, an extension's manifest, a
/// pointer to a data folder): `None` unless it is a regular file (a FIFO would block the read, a
/// device never end) of at most [`MAX_CONFIG_BYTES`], in UTF-8.
/// Writes `text` to `path` atomically: a new temporary file in the same folder (created, never
/// opened: a link or file planted at its name is not written through), flushed and synced, then
/// renamed over the target, so a reader sees the old file or the new one. The folder must exist;
/// an existing file's permissions are kept.
pub fn write_atomic(path: &Path, text: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    let tmp = dir.join(format!(".{name}.mcp-doctor-{}.tmp", std::process::id()));
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(text)?;
        f.flush()?;
        f.sync_all()?;
        if let Ok(md) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&tmp, md.permissions());
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

pub fn read_side_file(p: &Path) -> Option<String> {
    String::from_utf8(read_side_bytes(p)?).ok()
}

/// The bytes of a small side file (one the doctor keeps itself, such as its caches): as
/// [`read_side_file`], without the UTF-8 check.
pub fn read_side_bytes(p: &Path) -> Option<Vec<u8>> {
    read_at_most(p, MAX_CONFIG_BYTES)
}

/// The bytes of a regular file of at most `max` bytes, else `None` (a FIFO, a device, a folder,
/// a file too big are not opened): [`read_bounded`] without the reason.
pub fn read_at_most(p: &Path, max: u64) -> Option<Vec<u8>> {
    read_bounded(p, max).ok()
}

/// The bytes of a regular file of at most `max` bytes, or why not: it is no regular file (a FIFO,
/// a device or a folder is never opened: a link to /dev/zero or a named pipe would never end or
/// never start), it cannot be read, or it is larger than `max`. At most `max + 1` bytes are read,
/// so a file that grows after its `stat` is refused too.
pub fn read_bounded(p: &Path, max: u64) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let md = std::fs::metadata(p).map_err(|e| e.to_string())?;
    if !md.is_file() {
        return Err(format!("{} is not a regular file", p.display()));
    }
    let too_big = || format!("{} is larger than {} MB", p.display(), max / 1024 / 1024);
    if md.len() > max {
        return Err(too_big());
    }
    let mut buf = Vec::new();
    std::fs::File::open(p)
        .and_then(|f| f.take(max + 1).read_to_end(&mut buf))
        .map_err(|e| e.to_string())?;
    if buf.len() as u64 > max {
        return Err(too_big());
    }
    Ok(buf)
}

/// A host path's parent folders, nearest first, including itself.
pub fn ancestors(p: &Path) -> impl Iterator<Item = &Path> {
    p.ancestors().filter(|a| {
        a.components()
            .next_back()
            .is_some_and(|c| !matches!(c, Component::Prefix(_)))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_path_under_the_home_maps_as_its_components_do() {
        let d = tempfile::tempdir().unwrap();
        for os in [Os::Linux, Os::Macos] {
            let m = machine(os, d.path());
            let home = m.home_spelled.clone();
            for rest in [
                "a", "a/b.json", "a//b", "a/./b", "a/b/", "a/../b", "x:/y", "a/b:", ".", "..",
                "bin/srv", "é/ü",
            ] {
                let t = format!("{home}/{rest}");
                let comps = parts(os, &t);
                let n = parts(os, &home).len();
                assert_eq!(
                    m.to_host(&t),
                    Some(m.join_host(&m.home, &comps[n..])),
                    "{t}"
                );
            }
        }
    }

    fn machine(os: Os, home: &Path) -> Machine {
        Machine::new(
            MachineOptions {
                home: Some(home.to_path_buf()),
                os: Some(os),
                ..Default::default()
            },
            vec![],
            home.to_path_buf(),
        )
        .unwrap()
    }

    #[test]
    fn windows_paths_map_under_the_given_home_whatever_their_case() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("AppData/Roaming/Claude")).unwrap();
        let m = machine(Os::Windows, dir.path());
        let host = m
            .to_host(r"C:\Users\Alice\appdata\roaming\claude\x.json")
            .unwrap();
        assert_eq!(host, dir.path().join("AppData/Roaming/Claude/x.json"));
        assert_eq!(
            m.to_host(r"D:\tools\node.exe"),
            if Os::host().is_windows() {
                Some(r"D:\tools\node.exe".into())
            } else {
                None
            }
        );
        assert_eq!(m.to_host("relative\\x"), None);
    }

    #[test]
    fn spell_is_the_inverse_of_to_host() {
        let dir = tempfile::tempdir().unwrap();
        let m = machine(Os::Windows, dir.path());
        let s = m.spell(&dir.path().join("AppData").join("Roaming"));
        assert!(s.ends_with(r"\AppData\Roaming"), "{s}");
        assert!(is_absolute(Os::Windows, &s));
    }

    #[test]
    fn tilde_expands_to_the_spelled_home() {
        let dir = tempfile::tempdir().unwrap();
        let m = machine(Os::Macos, dir.path());
        let want = if m.foreign {
            "/Users/".to_string()
        } else {
            dir.path().display().to_string()
        };
        assert!(m.expand_tilde("~/Documents").unwrap().starts_with(&want));
        assert_eq!(m.expand_tilde("~bob/x"), None);
    }

    #[test]
    fn absolute_paths_by_os() {
        assert!(is_absolute(Os::Windows, r"C:\x"));
        assert!(is_absolute(Os::Windows, "c:/x"));
        assert!(is_absolute(Os::Windows, r"\\wsl$\Ubuntu\home"));
        assert!(!is_absolute(Os::Windows, "/home/x"));
        assert!(is_absolute(Os::Linux, "/home/x"));
        assert!(!is_absolute(Os::Linux, r"C:\x"));
        assert_eq!(normalize(Os::Linux, "/a/./b/../c"), "/a/c");
        assert_eq!(normalize(Os::Windows, r"C:\a\..\b"), r"C:\b");
    }
}

/// Where `mcp-doctor bridge` keeps its heal log on the diagnosed machine (the bridge writes it,
/// `logs` and `check` read it; see `bridge::heal`).
pub mod heal_log {
    use super::{Machine, Os};
    use std::path::PathBuf;

    /// The environment variable that overrides the log's path.
    pub const ENV: &str = "MCP_DOCTOR_BRIDGE_LOG";
    /// The file name.
    pub const FILE: &str = "bridge.jsonl";

    /// Where the heal log of the diagnosed machine is (the bridge writes it on this machine, the
    /// doctor reads it on the diagnosed one, which is the same one unless `--home` is given).
    pub fn path(m: &Machine) -> PathBuf {
        if let Some(p) = m.env.non_empty(ENV).and_then(|p| m.to_host(p)) {
            return p;
        }
        folder(m).join(FILE)
    }

    /// The folder of the default location.
    pub fn folder(m: &Machine) -> PathBuf {
        match m.os {
            Os::Macos => m.home.join("Library/Logs/mcp-doctor"),
            Os::Windows => m
                .local_appdata()
                .unwrap_or_else(|| m.home.join("AppData/Local"))
                .join("mcp-doctor")
                .join("logs"),
            Os::Linux => m
                .env
                .non_empty("XDG_STATE_HOME")
                .and_then(|p| m.to_host(p))
                .unwrap_or_else(|| m.home.join(".local/state"))
                .join("mcp-doctor"),
        }
    }
}
