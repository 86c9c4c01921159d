//! What a server needs: `engines.node` of the package that owns it and of every package it loads
//! (its production dependency closure, resolved the way Node resolves `require`), or
//! `Requires-Python`/`requires-python` of its distribution or project. When nothing is declared,
//! the floor of the MCP SDK, said to be an assumption.
use super::range::{Lang, Req};
use super::usage::Target;
use crate::machine::{self, read_side_file, Machine, Os};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};

/// The MCP TypeScript SDK 1.x declares `node >=18`; the 2.x packages `>=20` (reference §6).
pub const NODE_SDK_FLOOR: &str = ">=18";
pub const NODE_SDK2_FLOOR: &str = ">=20";
/// PyPI `mcp` 1.x and 2.x declare `Requires-Python: >=3.10`.
pub const PYTHON_SDK_FLOOR: &str = ">=3.10";
/// At most this many packages are read per server (a dev tree can have thousands).
const MAX_PACKAGES: usize = 4000;

/// One declared (or assumed) requirement.
#[derive(Clone, Debug, PartialEq)]
pub struct Constraint {
    /// Who declares it: a package name, or a description for an assumption.
    pub by: String,
    pub range: String,
    /// The file it was read from (target spelling), `None` for an assumption.
    pub file: Option<String>,
    /// Declared by the server's own package (not a dependency, not assumed).
    pub own: bool,
}

/// Everything known about what a server needs.
#[derive(Clone, Debug, Default)]
pub struct Need {
    /// The server's package, where known.
    pub package: Option<String>,
    /// Where it is installed (target spelling), when found.
    pub installed_at: Option<String>,
    /// Every declared constraint; empty when nothing is declared.
    pub constraints: Vec<Constraint>,
    /// The assumed floor when nothing is declared.
    pub assumed: Option<Constraint>,
    /// For a Python environment found on disk (a uv cache entry, a tool venv, a project
    /// `.venv`): its interpreter (target spelling) and version from `pyvenv.cfg`.
    pub env_python: Option<(String, Option<String>)>,
    /// `--python`-like request from `.python-version` next to a project.
    pub python_version_file: Option<String>,
    /// Ranges that do not parse (the doctor says so instead of guessing).
    pub unparsed: Vec<Constraint>,
}

impl Need {
    /// The constraints an interpreter of `version` breaks (assumed ones included when nothing
    /// is declared); `None` when the version cannot be compared.
    pub fn broken_by(&self, lang: Lang, version: &str) -> Option<Vec<&Constraint>> {
        let mut broken = Vec::new();
        let list: Vec<&Constraint> = if self.constraints.is_empty() {
            self.assumed.iter().collect()
        } else {
            self.constraints.iter().collect()
        };
        for c in list {
            if !allows(lang, &c.range, version)? {
                broken.push(c);
            }
        }
        Some(broken)
    }

    /// The requirement in one phrase: `>=18 (@acme/weather)`, or the assumption.
    pub fn summary(&self) -> Option<String> {
        if let Some(c) = self
            .constraints
            .iter()
            .find(|c| c.own)
            .or(self.constraints.first())
        {
            return Some(c.range.clone());
        }
        self.assumed.as_ref().map(|c| c.range.clone())
    }
}

/// Whether `version` satisfies `range` (`None`: either does not parse), the first pairs worked
/// out once per run: the servers of a big config share a handful of ranges and interpreters,
/// and parsing them was a tenth of the runtime step. (A short list: fewer pairs than a map would
/// pay for; past its length, pairs are worked out each time.)
fn allows(lang: Lang, range: &str, version: &str) -> Option<bool> {
    type Memo = Vec<(Lang, String, String, Option<bool>)>;
    thread_local! {
        static MEMO: RefCell<Memo> = const { RefCell::new(Vec::new()) };
    }
    let known = MEMO.with_borrow(|m| {
        m.iter()
            .find(|(l, r, v, _)| *l == lang && r == range && v == version)
            .map(|x| x.3)
    });
    if let Some(r) = known {
        return r;
    }
    let r = Req::parse(lang, range).and_then(|req| req.allows(version));
    MEMO.with_borrow_mut(|m| {
        if m.len() < 32 {
            m.push((lang, range.to_string(), version.to_string(), r))
        }
    });
    r
}

fn read_json(p: &Path) -> Option<Value> {
    serde_json::from_slice(&machine::read_at_most(p, 4 << 20)?).ok()
}

fn engines_node(v: &Value) -> Option<String> {
    v.get("engines")?.get("node")?.as_str().map(str::to_string)
}

/// Walks up from a file to the `package.json` that names its package.
/// Whether `d/package.json` names a package (see [`Places::owning_package`]).
fn names_a_package(d: &Path) -> bool {
    read_json(&d.join("package.json"))
        .is_some_and(|v| v.get("name").and_then(Value::as_str).is_some())
}

/// Node's resolution of `dep` from a package folder: `node_modules/dep` in it and each ancestor.
fn resolve_dep(from: &Path, dep: &str) -> Option<PathBuf> {
    for d in machine::ancestors(from) {
        if d.file_name().is_some_and(|n| n == "node_modules") {
            continue;
        }
        let cand = d.join("node_modules").join(dep);
        if cand.join("package.json").is_file() {
            return Some(cand);
        }
    }
    None
}

/// The engines of a package and its production dependency closure.
fn node_closure(m: &Machine, root: &Path) -> (Option<String>, Vec<Constraint>, Vec<String>) {
    let mut out = Vec::new();
    let mut deps_seen = Vec::new();
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([(root.to_path_buf(), true)]);
    let mut name = None;
    while let Some((dir, own)) = queue.pop_front() {
        if seen.len() >= MAX_PACKAGES {
            break;
        }
        let key = std::fs::canonicalize(&dir).unwrap_or(dir.clone());
        if !seen.insert(key) {
            continue;
        }
        let pj = dir.join("package.json");
        let Some(v) = read_json(&pj) else { continue };
        let pkg = v
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        if own {
            name = Some(pkg.clone());
        }
        if let Some(r) = engines_node(&v) {
            out.push(Constraint {
                by: pkg.clone(),
                range: r,
                file: Some(m.spell(&pj)),
                own,
            });
        }
        for field in ["dependencies", "optionalDependencies"] {
            if let Some(obj) = v.get(field).and_then(Value::as_object) {
                for dep in obj.keys() {
                    if own {
                        deps_seen.push(dep.clone());
                    }
                    if let Some(d) = resolve_dep(&dir, dep) {
                        queue.push_back((d, false));
                    }
                }
            }
        }
    }
    (name, out, deps_seen)
}

/// The npm cache folder: `npm_config_cache`, `cache=` in `~/.npmrc`, else `~/.npm`
/// (`%LocalAppData%\npm-cache` on Windows).
fn npm_cache(m: &Machine) -> Option<PathBuf> {
    if let Some(c) = m
        .env
        .non_empty("npm_config_cache")
        .or(m.env.non_empty("NPM_CONFIG_CACHE"))
    {
        return m.to_host(&m.expand_tilde(c).unwrap_or_else(|| c.to_string()));
    }
    if let Some(rc) = read_side_file(&m.home.join(".npmrc")) {
        for line in rc.lines() {
            if let Some((k, v)) = line.split_once('=') {
                if k.trim() == "cache" {
                    let v = v.trim();
                    return m.to_host(&m.expand_tilde(v).unwrap_or_else(|| v.to_string()));
                }
            }
        }
    }
    if m.os.is_windows() {
        m.local_appdata().map(|p| p.join("npm-cache"))
    } else {
        Some(m.home.join(".npm"))
    }
}

/// Where npm packages are looked for: global `node_modules` prefixes, and the npx cache, whose
/// entries (`_npx/<hash>/`, hundreds on a well-used machine) are listed and read once per run.
pub struct Places {
    pub prefixes: Vec<PathBuf>,
    npx: std::sync::OnceLock<Vec<NpxEntry>>,
    /// uv's cache entries (`archive-v0/<hash>/`), listed once per run: every `uvx` server looks
    /// through the same ones.
    uv_archive: std::sync::OnceLock<Vec<PathBuf>>,
    /// The package that owns each folder already walked through ([`Places::owning_package`]):
    /// the scripts of a big config share their upper folders, each read once.
    /// (Keyed by the path's bytes, not by `Path`, whose hash reads it component by component:
    /// two spellings of one folder are two entries with the same answer.)
    owners: RefCell<foldhash::HashMap<std::ffi::OsString, Option<PathBuf>>>,
    /// Whether each folder that holds candidates (a global `node_modules`, a pipx `venvs`
    /// folder) is there: when it is not, none of its packages are, and none is looked at.
    /// (Hashed with foldhash: every server looks its folders up here.)
    dirs: RefCell<foldhash::HashMap<std::ffi::OsString, bool>>,
}

/// One folder of the npx cache and the specs npx installed it for (`_npx.packages`).
struct NpxEntry {
    dir: PathBuf,
    specs: Vec<String>,
}

impl Places {
    pub fn new(prefixes: Vec<PathBuf>) -> Places {
        Places {
            prefixes,
            npx: std::sync::OnceLock::new(),
            uv_archive: std::sync::OnceLock::new(),
            owners: RefCell::default(),
            dirs: RefCell::default(),
        }
    }

    /// Whether the folder that would hold `p` is there (remembered for the run); `false`
    /// means `p` and everything in it cannot exist.
    fn parent_is_dir(&self, p: &Path) -> bool {
        p.parent().is_none_or(|d| self.is_dir(d))
    }

    /// Whether `d` is a folder, remembered for the run; a folder whose parent is not there is
    /// not looked for (the scripts of many servers under one missing folder cost one `stat`).
    fn is_dir(&self, d: &Path) -> bool {
        if d.as_os_str().is_empty() {
            return d.is_dir();
        }
        if let Some(&x) = self.dirs.borrow().get(d.as_os_str()) {
            return x;
        }
        let x = self.parent_is_dir(d) && d.is_dir();
        self.dirs
            .borrow_mut()
            .insert(d.as_os_str().to_os_string(), x);
        x
    }

    /// The folder of the package a file belongs to: the nearest folder, from the file's own up,
    /// whose `package.json` has a `name`. Each folder is read once per run.
    fn owning_package(&self, host: &Path) -> Option<PathBuf> {
        let start = if self.is_dir(host) {
            host
        } else {
            host.parent()?
        };
        let mut walked = Vec::new();
        let mut found = None;
        for d in machine::ancestors(start) {
            if let Some(r) = self.owners.borrow().get(d.as_os_str()) {
                found = r.clone();
                break;
            }
            walked.push(d.as_os_str().to_os_string());
            if self.is_dir(d) && names_a_package(d) {
                found = Some(d.to_path_buf());
                break;
            }
        }
        let mut owners = self.owners.borrow_mut();
        for d in walked {
            owners.insert(d, found.clone());
        }
        found
    }

    fn uv_archive(&self, m: &Machine) -> &[PathBuf] {
        self.uv_archive.get_or_init(|| {
            uv_cache(m)
                .map(|c| list_uv_archive(&c.join("archive-v0")))
                .unwrap_or_default()
        })
    }

    fn npx(&self, m: &Machine) -> &[NpxEntry] {
        self.npx.get_or_init(|| {
            let Some(cache) = npm_cache(m) else {
                return vec![];
            };
            let Ok(rd) = std::fs::read_dir(cache.join("_npx")) else {
                return vec![];
            };
            rd.flatten()
                .map(|e| {
                    let dir = e.path();
                    let specs = read_json(&dir.join("package.json"))
                        .and_then(|v| {
                            v.get("_npx")?.get("packages")?.as_array().map(|a| {
                                a.iter()
                                    .filter_map(|p| p.as_str().map(str::to_string))
                                    .collect()
                            })
                        })
                        .unwrap_or_default();
                    NpxEntry { dir, specs }
                })
                .collect()
        })
    }
}

/// Where an npm package named on the command line is installed: the npx cache entry made for
/// exactly this spec (else the newest that has it), a project's `node_modules`, a global prefix.
fn find_npm_package(
    m: &Machine,
    spec: &str,
    name: &str,
    project: Option<&Path>,
    places: &Places,
) -> Option<PathBuf> {
    let mut best: Option<(bool, std::time::SystemTime, PathBuf)> = None;
    for e in places.npx(m) {
        let pkg = e.dir.join("node_modules").join(name);
        let Ok(md) = std::fs::metadata(pkg.join("package.json")) else {
            continue;
        };
        if !md.is_file() {
            continue;
        }
        let exact = e.specs.iter().any(|p| p == spec);
        let t = std::fs::metadata(&pkg)
            .and_then(|md| md.modified())
            .unwrap_or(std::time::UNIX_EPOCH);
        if best
            .as_ref()
            .is_none_or(|(be, bt, _)| (exact, t) > (*be, *bt))
        {
            best = Some((exact, t, pkg));
        }
    }
    if let Some((_, _, p)) = best {
        return Some(p);
    }
    let project = project.map(|p| p.join("node_modules"));
    // A name of plain parts is inside the prefix: where the prefix is not a folder, neither is
    // its folder (`parent_is_dir` asks `is_dir` of each ancestor in turn), so nothing is joined.
    let inside = Path::new(name)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    project
        .iter()
        .chain(&places.prefixes)
        .filter(|p| !inside || places.is_dir(p))
        .map(|p| p.join(name))
        .find(|p| places.parent_is_dir(p) && p.join("package.json").is_file())
}

/// `global node_modules` folders for a Node installed at `node_dir` (host), plus the usual
/// prefixes of the diagnosed OS.
pub fn global_prefixes(m: &Machine, node_dirs: &[PathBuf]) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for d in node_dirs {
        if m.os.is_windows() {
            v.push(d.join("node_modules"));
        } else if let Some(p) = d.parent() {
            v.push(p.join("lib").join("node_modules"));
        }
    }
    let extra: Vec<String> = match m.os {
        Os::Windows => m
            .appdata()
            .map(|a| vec![m.spell(&a.join("npm").join("node_modules"))])
            .unwrap_or_default(),
        Os::Macos => vec![
            "/opt/homebrew/lib/node_modules".into(),
            "/usr/local/lib/node_modules".into(),
            machine::join(m.os, &m.home_spelled, ".npm-global/lib/node_modules"),
        ],
        Os::Linux => vec![
            "/usr/local/lib/node_modules".into(),
            "/usr/lib/node_modules".into(),
            machine::join(m.os, &m.home_spelled, ".npm-global/lib/node_modules"),
        ],
    };
    v.extend(extra.iter().filter_map(|t| m.to_host(t)));
    v
}

fn node_need(m: &Machine, target: &Target, project: Option<&Path>, places: &Places) -> Need {
    let mut need = Need::default();
    let root = match target {
        Target::Script(s) => m
            .to_host(s)
            // A script in a folder that is not there is not either: nothing to resolve.
            .map(|h| match places.parent_is_dir(&h) {
                true => std::fs::canonicalize(&h).unwrap_or(h),
                false => h,
            })
            .and_then(|h| places.owning_package(&h)),
        Target::NpmPackage { spec, name } => {
            need.package = Some(name.clone());
            find_npm_package(m, spec, name, project, places)
        }
        _ => None,
    };
    let mut sdk2 = false;
    if let Some(root) = root {
        let (name, cons, deps) = node_closure(m, &root);
        need.installed_at = Some(m.spell(&root));
        if need.package.is_none() {
            need.package = name;
        }
        sdk2 = deps.iter().any(|d| {
            matches!(
                d.as_str(),
                "@modelcontextprotocol/server"
                    | "@modelcontextprotocol/client"
                    | "@modelcontextprotocol/core"
            )
        });
        for c in cons {
            if Req::parse(Lang::Node, &c.range).is_some() {
                need.constraints.push(c);
            } else {
                need.unparsed.push(c);
            }
        }
    }
    if need.constraints.is_empty() {
        let (range, sdk) = if sdk2 {
            (NODE_SDK2_FLOOR, "@modelcontextprotocol/server 2.x")
        } else {
            (NODE_SDK_FLOOR, "@modelcontextprotocol/sdk 1.x")
        };
        need.assumed = Some(Constraint {
            by: format!("the MCP TypeScript SDK ({sdk})"),
            range: range.into(),
            file: None,
            own: false,
        });
    }
    need
}

/// PEP 503 normalisation, with `_` as dist-info folder names use it.
fn norm(name: &str) -> String {
    let mut out = String::new();
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !out.is_empty() {
                out.push('_');
            }
            sep = false;
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// `site-packages` folders of a venv (POSIX `lib/python3.X/site-packages`, Windows
/// `Lib/site-packages`).
fn site_packages(venv: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    let win = venv.join("Lib").join("site-packages");
    if win.is_dir() {
        v.push(win);
    }
    if let Ok(rd) = std::fs::read_dir(venv.join("lib")) {
        for e in rd.flatten() {
            let sp = e.path().join("site-packages");
            if sp.is_dir() {
                v.push(sp);
            }
        }
    }
    v
}

/// `Requires-Python` of the distribution `name` in a venv, and of `mcp` beside it.
fn dist_constraints(
    m: &Machine,
    venv: &Path,
    name: &str,
    own_by_module: bool,
) -> Option<Vec<Constraint>> {
    let want = norm(name);
    let mut found = false;
    let mut out = Vec::new();
    for sp in site_packages(venv) {
        let Ok(rd) = std::fs::read_dir(&sp) else {
            continue;
        };
        for e in rd.flatten() {
            let fname = e.file_name().to_string_lossy().into_owned();
            let Some(stem) = fname.strip_suffix(".dist-info") else {
                continue;
            };
            let dist = norm(stem.split('-').next().unwrap_or(stem));
            let own = dist == want
                || (own_by_module
                    && read_side_file(&e.path().join("top_level.txt"))
                        .is_some_and(|t| t.lines().any(|l| norm(l.trim()) == want)));
            if !own && dist != "mcp" {
                continue;
            }
            found |= own;
            let meta = e.path().join("METADATA");
            let Some(text) = read_side_file(&meta) else {
                continue;
            };
            let header = text.split("\n\n").next().unwrap_or("");
            let display = header
                .lines()
                .find_map(|l| l.strip_prefix("Name:"))
                .map(|s| s.trim().to_string())
                .unwrap_or(dist.clone());
            if let Some(r) = header
                .lines()
                .find_map(|l| l.strip_prefix("Requires-Python:"))
            {
                out.push(Constraint {
                    by: display,
                    range: r.trim().to_string(),
                    file: Some(m.spell(&meta)),
                    own,
                });
            }
        }
    }
    found.then_some(out)
}

fn uv_cache(m: &Machine) -> Option<PathBuf> {
    if let Some(c) = m.env.non_empty("UV_CACHE_DIR") {
        return m.to_host(c);
    }
    if m.os.is_windows() {
        return m.local_appdata().map(|p| p.join("uv").join("cache"));
    }
    Some(m.xdg_cache().join("uv"))
}

fn uv_tools(m: &Machine) -> Option<PathBuf> {
    if let Some(c) = m.env.non_empty("UV_TOOL_DIR") {
        return m.to_host(c);
    }
    if m.os.is_windows() {
        return m.appdata().map(|p| p.join("uv").join("tools"));
    }
    Some(
        match m.env.non_empty("XDG_DATA_HOME").and_then(|d| m.to_host(d)) {
            Some(d) => d.join("uv").join("tools"),
            None => m.home.join(".local/share/uv/tools"),
        },
    )
}

/// The venv's interpreter, as `pyvenv.cfg` says (its `home` folder) and its version.
fn venv_python(m: &Machine, venv: &Path) -> Option<(String, Option<String>)> {
    let text = read_side_file(&venv.join("pyvenv.cfg"))?;
    let version = super::version::pyvenv_field(&text, &["version_info", "version"]);
    let exe = if m.os.is_windows() {
        "Scripts/python.exe"
    } else {
        "bin/python3"
    };
    let own = venv.join(exe);
    let target = if own.exists() {
        m.spell(&own)
    } else {
        let home = super::version::pyvenv_field(&text, &["home"])?;
        machine::join(
            m.os,
            &home,
            if m.os.is_windows() {
                "python.exe"
            } else {
                "python3"
            },
        )
    };
    Some((target, version))
}

/// The venvs in uv's cache folder `archive`, newest first.
fn list_uv_archive(archive: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(archive)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| e.path().join("pyvenv.cfg").is_file())
        .map(|e| {
            let t = e
                .metadata()
                .and_then(|md| md.modified())
                .unwrap_or(std::time::UNIX_EPOCH);
            (t, e.path())
        })
        .collect();
    crate::sort::by_key(&mut entries, |e| std::cmp::Reverse(e.0));
    entries.into_iter().map(|x| x.1).collect()
}

/// Venvs that may hold a PyPI package run by `uvx`/`pipx run`: uv's cache entries (newest
/// first), uv tool venvs, pipx venvs.
fn package_venvs(m: &Machine, places: &Places, name: &str) -> Vec<PathBuf> {
    let mut v = Vec::new();
    v.extend(places.uv_archive(m).iter().cloned());
    if let Some(t) = uv_tools(m) {
        v.push(t.join(name));
    }
    for rel in [
        ".local/pipx/venvs",
        ".local/share/pipx/venvs",
        "Library/Application Support/pipx/venvs",
    ] {
        v.push(m.home.join(rel).join(name));
    }
    // A venv whose folder of venvs is not there is not either (it would be read in vain).
    v.retain(|venv| places.parent_is_dir(venv));
    v
}

/// PEP 723 inline metadata of a script run by `uv run`: `# /// script` … `# requires-python = ">=3.11"`.
fn inline_requires_python(text: &str) -> Option<String> {
    let mut inside = false;
    for line in text.lines().take(200) {
        let l = line.trim_end();
        if l == "# /// script" {
            inside = true;
        } else if inside && l == "# ///" {
            break;
        } else if inside {
            let body = l.trim_start_matches('#').trim();
            if let Some(v) = body.strip_prefix("requires-python") {
                let v = v.trim_start().strip_prefix('=')?.trim();
                return Some(v.trim_matches(['"', '\'']).to_string());
            }
        }
    }
    None
}

fn pyproject(m: &Machine, dir: &Path, need: &mut Need) -> bool {
    let pp = dir.join("pyproject.toml");
    let Some(text) = read_side_file(&pp) else {
        return false;
    };
    let Ok(doc) = text.parse::<toml_edit::Document<String>>() else {
        return false;
    };
    let project = doc.get("project").and_then(|p| p.as_table_like());
    if let Some(n) = project.and_then(|p| p.get("name")).and_then(|n| n.as_str()) {
        need.package = Some(n.to_string());
    }
    need.installed_at = Some(m.spell(dir));
    if let Some(r) = project
        .and_then(|p| p.get("requires-python"))
        .and_then(|r| r.as_str())
    {
        need.constraints.push(Constraint {
            by: need.package.clone().unwrap_or_else(|| "the project".into()),
            range: r.to_string(),
            file: Some(m.spell(&pp)),
            own: true,
        });
    }
    if let Some(v) = read_side_file(&dir.join(".python-version")) {
        need.python_version_file = v
            .lines()
            .next()
            .map(|l| l.trim().to_string())
            .filter(|l| !l.is_empty());
    }
    if let Some(p) = venv_python(m, &dir.join(".venv")) {
        need.env_python = Some(p);
    }
    true
}

fn python_need(m: &Machine, target: &Target, places: &Places, fixed_venv: Option<&Path>) -> Need {
    let mut need = Need::default();
    match target {
        Target::Script(s) => {
            if let Some(h) = m.to_host(s) {
                if let Some(r) = read_side_file(&h)
                    .as_deref()
                    .and_then(inline_requires_python)
                {
                    need.constraints.push(Constraint {
                        by: "the script's inline metadata".into(),
                        range: r,
                        file: Some(s.clone()),
                        own: true,
                    });
                } else if let Some(parent) = h.parent() {
                    for d in machine::ancestors(parent) {
                        if pyproject(m, d, &mut need) {
                            break;
                        }
                    }
                }
            }
        }
        Target::PyProject { dir } => {
            if let Some(h) = m.to_host(dir) {
                pyproject(m, &h, &mut need);
            }
        }
        Target::PyPackage { name } | Target::PyModule { name } => {
            let by_module = matches!(target, Target::PyModule { .. });
            if !by_module {
                need.package = Some(name.clone());
            }
            let venvs: Vec<PathBuf> = match fixed_venv {
                Some(v) => vec![v.to_path_buf()],
                None if by_module => vec![],
                None => package_venvs(m, places, name),
            };
            for venv in venvs {
                if let Some(cons) = dist_constraints(m, &venv, name, by_module) {
                    need.installed_at = Some(m.spell(&venv));
                    if let Some(c) = cons.iter().find(|c| c.own) {
                        need.package = Some(c.by.clone());
                    }
                    need.constraints = cons;
                    need.env_python = venv_python(m, &venv);
                    break;
                }
            }
        }
        Target::NpmPackage { .. } | Target::Nothing => {}
    }
    let (ok, bad): (Vec<_>, Vec<_>) = std::mem::take(&mut need.constraints)
        .into_iter()
        .partition(|c| Req::parse(Lang::Python, &c.range).is_some());
    need.constraints = ok;
    need.unparsed = bad;
    if need.constraints.is_empty() {
        need.assumed = Some(Constraint {
            by: "the MCP Python SDK (mcp)".into(),
            range: PYTHON_SDK_FLOOR.into(),
            file: None,
            own: false,
        });
    }
    need
}

/// The requirement of a server running on `lang`, read from `target`. `project` is the folder of
/// a project-scoped config; `places` where npm packages are installed; `fixed_venv` the venv of a
/// fixed Python interpreter (`/srv/app/.venv/bin/python -m app`).
pub fn need(
    m: &Machine,
    lang: Lang,
    target: &Target,
    project: Option<&Path>,
    places: &Places,
    fixed_venv: Option<&Path>,
) -> Option<Need> {
    match lang {
        Lang::Node => Some(node_need(m, target, project, places)),
        Lang::Python => Some(python_need(m, target, places, fixed_venv)),
        _ => None,
    }
}

/// The venv an interpreter belongs to (`<venv>/bin/python3` with `<venv>/pyvenv.cfg`).
pub fn venv_of(host: &Path) -> Option<PathBuf> {
    let d = host.parent()?.parent()?;
    d.join("pyvenv.cfg").is_file().then(|| d.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_like_pep503() {
        assert_eq!(norm("mcp-server-time"), "mcp_server_time");
        assert_eq!(norm("Mcp.Server__Time"), "mcp_server_time");
    }

    #[test]
    fn reads_pep723_inline_metadata() {
        let s = "#!/usr/bin/env python\n# /// script\n# requires-python = \">=3.11\"\n# dependencies = [\"mcp\"]\n# ///\nprint(1)\n";
        assert_eq!(inline_requires_python(s).as_deref(), Some(">=3.11"));
        assert_eq!(inline_requires_python("print(1)"), None);
    }
}
