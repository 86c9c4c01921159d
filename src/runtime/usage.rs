//! Which interpreter a stdio server's command line runs on, and what to read its requirement
//! from. `node`/`python3` run themselves; `npx`, `pnpm dlx`, `bunx`, `pipx run` and global
//! package bins are scripts whose first line (`#!/usr/bin/env node`) looks the interpreter up on
//! the PATH of the spawned process; `uvx` and `uv run` let uv pick a Python; anything else is
//! read by its shebang.
use super::range::Lang;
use crate::machine::{self, Os};
use regex::Regex;
use std::io::Read;
use std::path::Path;
use std::sync::LazyLock;

/// How the interpreter is found.
#[derive(Clone, Debug, PartialEq)]
pub enum Finder {
    /// The command is the interpreter itself (`node`, `python3`, `/usr/local/bin/node`).
    Command,
    /// A script whose shebang (`#!/usr/bin/env NAME`) looks NAME up on the spawned PATH.
    OnPath { name: String, script: String },
    /// A fixed interpreter: an absolute shebang, a venv's Python, a `.cmd` shim's sibling
    /// `node.exe`.
    Fixed { target: String },
    /// uv picks a Python (`uvx`, `uv run`); `request` is `--python X` or `UV_PYTHON`.
    Uv { request: Option<String> },
}

/// What the server's requirement is read from.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// A script file (target path): walk up to its `package.json` / `pyproject.toml`.
    Script(String),
    /// An npm package named on the command line (`npx -y @scope/name@1`).
    NpmPackage { spec: String, name: String },
    /// A PyPI package (`uvx mcp-server-time`, `pipx run X`).
    PyPackage { name: String },
    /// `python -m module`.
    PyModule { name: String },
    /// A Python project folder (`uv run --directory D`).
    PyProject { dir: String },
    /// Nothing to read.
    Nothing,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Usage {
    pub lang: Lang,
    /// The program as the user wrote it, for messages (`npx`, `uvx`, `node`).
    pub via: String,
    pub finder: Finder,
    pub target: Target,
}

/// The program's bare name: the last path component, lower-case on Windows, without `.exe`,
/// `.cmd`, `.bat`, `.ps1` there.
pub fn base_name(os: Os, cmd: &str) -> String {
    let last = cmd.rsplit(['/', '\\']).next().unwrap_or(cmd);
    if os.is_windows() {
        let l = last.to_ascii_lowercase();
        for ext in [".exe", ".cmd", ".bat", ".ps1", ".com"] {
            if let Some(s) = l.strip_suffix(ext) {
                return s.to_string();
            }
        }
        l
    } else {
        last.to_string()
    }
}

/// The language of an interpreter name (`node`, `python3.12`, `pypy3`).
/// `PY` (`python`, `pythonw`, `pypy` or `py`, then an optional version `3`, `3.12`): read by
/// hand for an ASCII name (the pattern is compiled only for a name that is not, where `\d`
/// takes other scripts' digits too).
fn is_python_name(n: &str, py: &LazyLock<Regex>) -> bool {
    if !n.is_ascii() {
        return py.is_match(n);
    }
    ["python", "pythonw", "pypy", "py"].iter().any(|p| {
        n.strip_prefix(p).is_some_and(|v| {
            v.is_empty()
                || v.split('.')
                    .all(|g| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()))
        })
    })
}

pub fn lang_of(name: &str) -> Option<Lang> {
    static PY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^(?:python|pythonw|pypy|py)(?:\d+(?:\.\d+)*)?$").expect("regex")
    });
    match name {
        "node" | "nodejs" => Some(Lang::Node),
        "deno" => Some(Lang::Deno),
        "bun" => Some(Lang::Bun),
        "docker" | "podman" => Some(Lang::Docker),
        n if is_python_name(n, &PY) => Some(Lang::Python),
        _ => None,
    }
}

/// Reads a shebang: `#!/usr/bin/env node` gives (`node`, looked up on PATH), `#!/usr/bin/env -S
/// node --flag` the same, `#!/opt/venv/bin/python3` a fixed interpreter. pip's two-line form for
/// paths with spaces (`#!/bin/sh` then `'''exec' "/path/python" "$0" "$@"`) is read too.
pub fn read_shebang(host: &Path) -> Option<(String, bool)> {
    let mut buf = [0u8; 1024];
    let n = std::fs::File::open(host)
        .and_then(|mut f| f.read(&mut buf))
        .ok()?;
    let text = String::from_utf8_lossy(&buf[..n]);
    let mut lines = text.lines();
    let first = lines.next()?.strip_prefix("#!")?.trim();
    static PIP_EXEC: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^'''exec' "([^"]+)""#).expect("regex"));
    if first == "/bin/sh" {
        if let Some(c) = lines.next().and_then(|l| PIP_EXEC.captures(l)) {
            return Some((c[1].to_string(), false));
        }
        return None;
    }
    let mut words = first.split_whitespace();
    let prog = words.next()?;
    if prog.ends_with("/env") || prog == "env" {
        let name = words.find(|w| !w.starts_with('-') && !w.contains('='))?;
        return Some((name.to_string(), true));
    }
    Some((prog.to_string(), false))
}

/// Flags of npx/npm exec/pnpm dlx/bunx that take a value.
const NPX_VALUE_FLAGS: &[&str] = &[
    "-p",
    "--package",
    "-c",
    "--call",
    "--cache",
    "--registry",
    "--userconfig",
    "-w",
    "--workspace",
];
/// Flags of uvx / uv tool run / uv run that take a value.
const UV_VALUE_FLAGS: &[&str] = &[
    "--from",
    "--with",
    "--with-editable",
    "--with-requirements",
    "-p",
    "--python",
    "--directory",
    "--project",
    "--index",
    "--index-url",
    "--extra-index-url",
    "--default-index",
    "-i",
    "--cache-dir",
    "--config-file",
    "--env-file",
    "--extra",
    "--group",
    "--only-group",
    "--no-group",
    "--constraints",
    "--overrides",
    "-c",
    "--color",
    "--python-preference",
    "--package",
    "-m",
    "--module",
];
const PIPX_VALUE_FLAGS: &[&str] = &[
    "--spec",
    "--python",
    "--index-url",
    "--pip-args",
    "--backend",
];

/// The name of an npm package spec: `@scope/name@^1.2` → `@scope/name`, `name@latest` → `name`.
/// `None` for what is not a registry package (a path, a URL, a git spec, a tarball).
pub fn npm_name(spec: &str) -> Option<String> {
    if spec.starts_with(['.', '/', '~'])
        || spec.contains("://")
        || spec.starts_with("git")
        || spec.starts_with("file:")
        || spec.starts_with("github:")
        || spec.ends_with(".tgz")
        || machine::looks_windows_absolute(spec)
    {
        return None;
    }
    let (scope, rest) = match spec.strip_prefix('@') {
        Some(r) => {
            let (s, n) = r.split_once('/')?;
            (Some(s), n)
        }
        None => (None, spec),
    };
    let name = rest.split('@').next()?;
    if name.is_empty() {
        return None;
    }
    Some(match scope {
        Some(s) => format!("@{s}/{name}"),
        None => name.to_string(),
    })
}

/// A PyPI requirement's project name: `mcp-server-time==1.0` → `mcp-server-time`,
/// `mcp[cli]>=1` → `mcp`.
pub fn py_name(spec: &str) -> Option<String> {
    let n: String = spec
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect();
    (!n.is_empty() && !spec.contains("://") && !spec.starts_with(['.', '/'])).then_some(n)
}

/// The first argument that is not a flag (nor a flag's value), and the values of `want` flags.
fn first_operand<'a>(
    args: &'a [String],
    value_flags: &[&str],
    want: &[&str],
) -> (Option<&'a str>, Vec<(&'a str, &'a str)>) {
    let mut found = Vec::new();
    let mut i = 0;
    while i < args.len() {
        let a = args[i].as_str();
        if a == "--" {
            return (args.get(i + 1).map(String::as_str), found);
        }
        if a.starts_with('-') && a.len() > 1 {
            if let Some((f, v)) = a.split_once('=') {
                if want.contains(&f) {
                    found.push((f, v));
                }
            } else if value_flags.contains(&a) {
                if let Some(v) = args.get(i + 1) {
                    if want.contains(&a) {
                        found.push((a, v.as_str()));
                    }
                }
                i += 1;
            }
            i += 1;
            continue;
        }
        return (Some(a), found);
    }
    (None, found)
}

fn npx_like(via: &str, args: &[String]) -> Usage {
    let (op, flags) = first_operand(args, NPX_VALUE_FLAGS, &["-p", "--package", "-c", "--call"]);
    let explicit = flags
        .iter()
        .find(|(f, _)| *f == "-p" || *f == "--package")
        .map(|x| x.1);
    let calls = flags.iter().any(|(f, _)| *f == "-c" || *f == "--call");
    let spec = explicit.or(if calls { None } else { op });
    let target = spec
        .and_then(|s| npm_name(s).map(|n| (s, n)))
        .map(|(s, name)| Target::NpmPackage {
            spec: s.to_string(),
            name,
        })
        .unwrap_or(Target::Nothing);
    Usage {
        lang: Lang::Node,
        via: via.to_string(),
        finder: Finder::OnPath {
            name: "node".into(),
            script: via.to_string(),
        },
        target,
    }
}

fn uv_request(flags: &[(&str, &str)]) -> Option<String> {
    flags
        .iter()
        .find(|(f, _)| *f == "-p" || *f == "--python")
        .map(|x| x.1.to_string())
}

/// `cmd /c npx ...` on Windows: the command line `cmd` runs (`wrappers::cmd_run`, the reading the
/// check looks up), through a `cmd /c cmd /c …` too; `None` for anything else.
pub fn unwrap_cmd(os: Os, cmd: &str, args: &[String]) -> Option<(String, Vec<String>)> {
    if !os.is_windows() {
        return None;
    }
    let mut run = crate::wrappers::cmd_run(cmd, args)?;
    for _ in 0..4 {
        match crate::wrappers::cmd_run(&run.0, &run.1) {
            Some(inner) => run = inner,
            None => break,
        }
    }
    Some(run)
}

/// The runtime a server's command line runs in ([`detect`]'s), with `mcp-remote` (an npm global
/// CLI started by its own name) as Node: what decides which certificate store and which
/// CA-bundle variables apply.
pub fn runtime_lang(os: Os, cmd: &str, args: &[String]) -> Option<Lang> {
    detect(os, cmd, args, None)
        .map(|u| u.lang)
        .or_else(|| (base_name(os, cmd) == "mcp-remote").then_some(Lang::Node))
}

/// What a command line runs on. `cmd`/`args` are as the server receives them (after the
/// client's expansion); `cwd` is the folder relative paths resolve against, when known.
pub fn detect(os: Os, cmd: &str, args: &[String], cwd: Option<&str>) -> Option<Usage> {
    // `cmd /c npx ...`: what runs is the inner command line.
    let inner = unwrap_cmd(os, cmd, args);
    let (cmd, args) = inner
        .as_ref()
        .map_or((cmd, args), |(c, a)| (c.as_str(), a.as_slice()));
    let name = base_name(os, cmd);
    if os.is_windows() && name == "cmd" {
        return None;
    }
    let abs = |p: &str| -> Option<String> {
        if machine::is_absolute(os, p) {
            Some(p.to_string())
        } else {
            cwd.map(|c| machine::normalize(os, &machine::join(os, c, p)))
        }
    };
    let usage = match name.as_str() {
        "npx" | "pnpx" | "bunx" => npx_like(&name, args),
        "npm" | "pnpm" | "yarn"
            if args
                .first()
                .is_some_and(|a| matches!(a.as_str(), "exec" | "x" | "dlx")) =>
        {
            npx_like(&format!("{name} {}", args[0]), &args[1..])
        }
        "npm" | "pnpm" | "yarn" | "tsx" | "ts-node" | "corepack" => {
            let script = if matches!(name.as_str(), "tsx" | "ts-node") {
                first_operand(args, &[], &[])
                    .0
                    .and_then(abs)
                    .map(Target::Script)
            } else {
                None
            };
            Usage {
                lang: Lang::Node,
                via: name.clone(),
                finder: Finder::OnPath {
                    name: "node".into(),
                    script: name.clone(),
                },
                target: script.unwrap_or(Target::Nothing),
            }
        }
        "uvx" => {
            let (op, flags) = first_operand(args, UV_VALUE_FLAGS, &["--from", "-p", "--python"]);
            let from = flags.iter().find(|(f, _)| *f == "--from").map(|x| x.1);
            Usage {
                lang: Lang::Python,
                via: "uvx".into(),
                finder: Finder::Uv {
                    request: uv_request(&flags),
                },
                target: from
                    .or(op)
                    .and_then(py_name)
                    .map(|name| Target::PyPackage { name })
                    .unwrap_or(Target::Nothing),
            }
        }
        "uv" => {
            // Global flags may come before the subcommand (`uv --directory D run server.py`).
            let sub = args.iter().position(|a| a == "run" || a == "tool")?;
            let (_, before) = first_operand(
                &args[..sub],
                UV_VALUE_FLAGS,
                &["--directory", "--project", "-p", "--python"],
            );
            if args[sub] == "tool" {
                if args.get(sub + 1).map(String::as_str) != Some("run") {
                    return None;
                }
                let mut u = detect(os, "uvx", &args[sub + 2..], cwd)?;
                u.via = "uv tool run".into();
                return Some(u);
            }
            let rest = &args[sub + 1..];
            let (op, flags) = first_operand(
                rest,
                UV_VALUE_FLAGS,
                &["--directory", "--project", "-p", "--python", "--with"],
            );
            let mut all = before.clone();
            all.extend(flags.iter().cloned());
            let dir = all
                .iter()
                .find(|(f, _)| *f == "--directory" || *f == "--project")
                .and_then(|x| abs(x.1));
            let script = op.filter(|o| o.ends_with(".py")).and_then(|o| match &dir {
                Some(d) if !machine::is_absolute(os, o) => Some(machine::join(os, d, o)),
                _ => abs(o),
            });
            let target = match (script, dir.or_else(|| cwd.map(str::to_string))) {
                (Some(s), _) => Target::Script(s),
                (None, Some(d)) => Target::PyProject { dir: d },
                (None, None) => Target::Nothing,
            };
            Usage {
                lang: Lang::Python,
                via: "uv run".into(),
                finder: Finder::Uv {
                    request: uv_request(&all),
                },
                target,
            }
        }
        "pipx" if args.first().map(String::as_str) == Some("run") => {
            let (op, flags) = first_operand(&args[1..], PIPX_VALUE_FLAGS, &["--spec"]);
            let spec = flags
                .iter()
                .find(|(f, _)| *f == "--spec")
                .map(|x| x.1)
                .or(op);
            Usage {
                lang: Lang::Python,
                via: "pipx run".into(),
                finder: Finder::OnPath {
                    name: "python3".into(),
                    script: "pipx".into(),
                },
                target: spec
                    .and_then(py_name)
                    .map(|name| Target::PyPackage { name })
                    .unwrap_or(Target::Nothing),
            }
        }
        n => match lang_of(n) {
            Some(Lang::Node) => {
                const NODE_VALUE_FLAGS: &[&str] = &[
                    "-r",
                    "--require",
                    "--import",
                    "--loader",
                    "--experimental-loader",
                    "--env-file",
                    "-C",
                    "--conditions",
                    "--input-type",
                ];
                let evals = args
                    .iter()
                    .any(|a| matches!(a.as_str(), "-e" | "--eval" | "-p" | "--print"));
                let script = if evals {
                    None
                } else {
                    first_operand(args, NODE_VALUE_FLAGS, &[]).0.and_then(abs)
                };
                Usage {
                    lang: Lang::Node,
                    via: name.clone(),
                    finder: Finder::Command,
                    target: script.map(Target::Script).unwrap_or(Target::Nothing),
                }
            }
            Some(Lang::Python) => {
                let module = args
                    .iter()
                    .position(|a| a == "-m")
                    .and_then(|i| args.get(i + 1))
                    .map(|m| Target::PyModule { name: m.clone() });
                let evals = args.iter().any(|a| a == "-c");
                let target = module.unwrap_or_else(|| {
                    if evals {
                        return Target::Nothing;
                    }
                    first_operand(args, &["-W", "-X", "-Q"], &[])
                        .0
                        .and_then(abs)
                        .map(Target::Script)
                        .unwrap_or(Target::Nothing)
                });
                Usage {
                    lang: Lang::Python,
                    via: name.clone(),
                    finder: Finder::Command,
                    target,
                }
            }
            Some(lang) => Usage {
                lang,
                via: name.clone(),
                finder: Finder::Command,
                target: Target::Nothing,
            },
            // Anything else: decided by the shebang of the file it resolves to (the caller).
            None => return None,
        },
    };
    Some(usage)
}

/// What a resolved program file runs on, by its shebang: a global npm bin
/// (`#!/usr/bin/env node`) or a pip console script (`#!/venv/bin/python`). `target` is the file
/// as the client names it, `host` where it is here.
pub fn by_shebang(os: Os, file: &str, host: &Path) -> Option<Usage> {
    let real = std::fs::canonicalize(host).unwrap_or_else(|_| host.to_path_buf());
    let (prog, on_path) = read_shebang(&real)?;
    let name = base_name(os, &prog);
    let lang = lang_of(&name)?;
    let finder = if on_path {
        Finder::OnPath {
            name,
            script: file.to_string(),
        }
    } else {
        Finder::Fixed { target: prog }
    };
    let target = match lang {
        // A console script of an installed distribution: its name is usually the command's.
        Lang::Python => Target::PyPackage {
            name: base_name(os, file),
        },
        _ => Target::Script(file.to_string()),
    };
    Some(Usage {
        lang,
        via: base_name(os, file),
        finder,
        target,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_names_read_by_hand_as_the_pattern_reads_them() {
        let re: LazyLock<Regex> = LazyLock::new(|| {
            Regex::new(r"^(?:python|pythonw|pypy|py)(?:\d+(?:\.\d+)*)?$").unwrap()
        });
        for n in [
            "python",
            "python3",
            "python3.12",
            "python3.",
            "python.3",
            "python3..1",
            "pythonw",
            "pythonw3",
            "pypy",
            "pypy3.10",
            "py",
            "py3",
            "pyx",
            "pip",
            "python3a",
            "node",
            "",
            "python3.12.1",
            "python\u{663}",
            "Python3",
        ] {
            assert_eq!(is_python_name(n, &re), re.is_match(n), "{n:?}");
        }
    }

    fn v(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    fn pkg(u: &Usage) -> &str {
        match &u.target {
            Target::NpmPackage { name, .. } | Target::PyPackage { name } => name,
            Target::Script(s) | Target::PyProject { dir: s } => s,
            Target::PyModule { name } => name,
            Target::Nothing => "",
        }
    }

    #[test]
    fn launchers() {
        let u = detect(Os::Macos, "npx", &v(&["-y", "@acme/weather@1.2"]), None).unwrap();
        assert_eq!((u.lang, pkg(&u)), (Lang::Node, "@acme/weather"));
        assert!(matches!(u.finder, Finder::OnPath { ref name, .. } if name == "node"));
        let u = detect(
            Os::Linux,
            "/opt/homebrew/bin/npx",
            &v(&["--yes", "--", "mcp-remote", "https://x"]),
            None,
        )
        .unwrap();
        assert_eq!(pkg(&u), "mcp-remote");
        let u = detect(Os::Linux, "npx", &v(&["-p", "@a/b", "-c", "b --x"]), None).unwrap();
        assert_eq!(pkg(&u), "@a/b");
        let u = detect(Os::Linux, "npm", &v(&["exec", "-y", "pkg@latest"]), None).unwrap();
        assert_eq!((u.via.as_str(), pkg(&u)), ("npm exec", "pkg"));
        let u = detect(Os::Linux, "pnpm", &v(&["dlx", "pkg"]), None).unwrap();
        assert_eq!(pkg(&u), "pkg");
        // `cmd /c`, read as the check reads it (`wrappers::cmd_run`): a one-argument command
        // line and a leading `call` run the same npx.
        for a in [
            &["/c", "npx", "-y", "@x/y"][..],
            &["/c", "npx -y @x/y"],
            &["/d", "/c", "call", "npx", "-y", "@x/y"],
            &["/c", "cmd", "/c", "npx", "-y", "@x/y"],
        ] {
            let u = detect(Os::Windows, "cmd", &v(a), None).unwrap();
            assert_eq!((u.via.as_str(), pkg(&u)), ("npx", "@x/y"), "{a:?}");
        }
        assert!(detect(Os::Windows, "cmd", &v(&["/c", "start", "npx", "x"]), None).is_none());
        let u = detect(
            Os::Windows,
            "C:\\Program Files\\nodejs\\NPX.CMD",
            &v(&["z"]),
            None,
        )
        .unwrap();
        assert_eq!((u.via.as_str(), pkg(&u)), ("npx", "z"));
        let u = detect(Os::Linux, "bunx", &v(&["pkg"]), None).unwrap();
        assert_eq!(u.lang, Lang::Node);
    }

    #[test]
    fn python_forms() {
        let u = detect(
            Os::Linux,
            "uvx",
            &v(&["--from", "mcp-server-time==1.0", "mcp-server-time"]),
            None,
        )
        .unwrap();
        assert_eq!((u.lang, pkg(&u)), (Lang::Python, "mcp-server-time"));
        let u = detect(
            Os::Linux,
            "uvx",
            &v(&["--python", "3.12", "mcp-server-fetch"]),
            None,
        )
        .unwrap();
        assert_eq!(
            u.finder,
            Finder::Uv {
                request: Some("3.12".into())
            }
        );
        let u = detect(
            Os::Linux,
            "uv",
            &v(&["--directory", "/srv/w", "run", "server.py"]),
            None,
        )
        .unwrap();
        assert_eq!(pkg(&u), "/srv/w/server.py");
        let u = detect(
            Os::Linux,
            "uv",
            &v(&["run", "--directory", "/srv/w", "weather"]),
            None,
        )
        .unwrap();
        assert_eq!(
            u.target,
            Target::PyProject {
                dir: "/srv/w".into()
            }
        );
        let u = detect(
            Os::Linux,
            "uv",
            &v(&["tool", "run", "mcp-server-git"]),
            None,
        )
        .unwrap();
        assert_eq!(pkg(&u), "mcp-server-git");
        let u = detect(Os::Linux, "python3", &v(&["-m", "mcp_server_time"]), None).unwrap();
        assert_eq!(
            u.target,
            Target::PyModule {
                name: "mcp_server_time".into()
            }
        );
        let u = detect(Os::Linux, "python3.11", &v(&["-u", "/a/server.py"]), None).unwrap();
        assert_eq!(pkg(&u), "/a/server.py");
        let u = detect(Os::Linux, "pipx", &v(&["run", "--spec", "x==1", "x"]), None).unwrap();
        assert_eq!(pkg(&u), "x");
        let u = detect(Os::Windows, "py", &v(&["-3.12", "C:\\s\\srv.py"]), None).unwrap();
        assert_eq!(u.lang, Lang::Python);
    }

    #[test]
    fn node_scripts_and_others() {
        let u = detect(
            Os::Linux,
            "node",
            &v(&["--require", "x", "build/index.js"]),
            Some("/p"),
        )
        .unwrap();
        assert_eq!(pkg(&u), "/p/build/index.js");
        let u = detect(Os::Linux, "node", &v(&["-e", "1"]), None).unwrap();
        assert_eq!(u.target, Target::Nothing);
        assert_eq!(
            detect(Os::Linux, "docker", &v(&["run"]), None)
                .unwrap()
                .lang,
            Lang::Docker
        );
        assert!(detect(Os::Linux, "my-server", &v(&[]), None).is_none());
        assert_eq!(npm_name("./local"), None);
        assert_eq!(npm_name("@s/n@^1").as_deref(), Some("@s/n"));
        assert_eq!(py_name("mcp[cli]>=1").as_deref(), Some("mcp"));
    }

    #[test]
    fn shebangs() {
        let d = tempfile::tempdir().unwrap();
        let f = d.path().join("s");
        for (text, want) in [
            ("#!/usr/bin/env node\n", Some(("node", true))),
            (
                "#!/usr/bin/env -S node --no-warnings\n",
                Some(("node", true)),
            ),
            (
                "#!/opt/v/bin/python3\n",
                Some(("/opt/v/bin/python3", false)),
            ),
            (
                "#!/bin/sh\n'''exec' \"/a b/python\" \"$0\" \"$@\"\n' '''\n",
                Some(("/a b/python", false)),
            ),
            ("no shebang", None),
        ] {
            std::fs::write(&f, text).unwrap();
            let got = read_shebang(&f);
            assert_eq!(got.as_ref().map(|(a, b)| (a.as_str(), *b)), want, "{text}");
        }
    }
}
