//! Which program a bare `command` becomes under `fix --absolute-paths`.
//!
//! [`choose_command`] is the one place that makes this choice. When the runtime step
//! (`src/runtime/`) knows which interpreter satisfies the server's requirement (the shell's when it
//! does, else the best installed one), that one is written; otherwise what the user's shell finds.
use crate::machine::{self, Machine, Os};
use crate::resolve::{Lookup, Resolver};
use crate::runtime::{AppRuns, Finder, Interp, ServerRuntime};
use crate::server::ServerSpec;

/// The program a bare command should become, and what its environment then needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandChoice {
    /// The program, absolute, spelled as the diagnosed OS spells it.
    pub program: String,
    /// A folder to put first on the entry's `env.PATH`: the program is a script whose
    /// `#!/usr/bin/env node` (or `python3`, ...) looks its interpreter up on the spawned process's
    /// PATH, and the client's PATH does not find that interpreter first. `None` when it does.
    pub path_dir: Option<String>,
}

/// The absolute program for the entry's command (a bare name, or the file name of an absolute
/// path that does not exist), or `None` when there is no better answer than what is written.
///
/// The choice, in order: the program the user's shell finds (`m.shell_paths()`), else the one on the
/// client's PATH. On Windows a `.cmd` shim is not a choice (a client without shell cannot start it;
/// `fix --windows-npx` wraps it instead), nor is `cmd` itself.
///
/// When the program is a script started through `#!/usr/bin/env X`, X is taken from the script's
/// own folder (nvm and Homebrew keep `npx` beside `node`), else from the shell's PATH; if the
/// PATH the client gives the server would not find that same X first, its folder is returned in
/// [`CommandChoice::path_dir`].
pub fn choose_command(
    m: &Machine,
    resolver: &mut Resolver,
    spec: &ServerSpec,
    runtime: Option<(&ServerRuntime, &[Interp])>,
) -> Option<CommandChoice> {
    if let Some((sr, interps)) = runtime {
        // A venv's own Python carries the server's packages: another interpreter would not have
        // them. The venv must be recreated instead (the finding says so); nothing to write.
        let venv_python = matches!(sr.usage.finder, Finder::Command)
            && matches!(sr.app, AppRuns::Interp(a)
                if interps[a].venv.is_some());
        if venv_python {
            return None;
        }
        if let Some(c) = by_runtime(m, resolver, spec, sr, interps) {
            return Some(c);
        }
    }
    by_shell(m, resolver, spec)
}

/// The choice the runtime step makes: the interpreter that satisfies the server (`best`). For
/// `node`/`python3` itself, that interpreter; for a launcher (`npx`, `pipx`, a package bin whose
/// `#!/usr/bin/env node` finds it on the PATH), the launcher beside it (else the one written or
/// the shell's), with its folder first on `env.PATH` unless the app already finds it first.
fn by_runtime(
    m: &Machine,
    resolver: &mut Resolver,
    spec: &ServerSpec,
    sr: &ServerRuntime,
    interps: &[Interp],
) -> Option<CommandChoice> {
    let os = m.os;
    let best = &interps[sr.best?];
    let value = spec.command.as_ref()?.value.as_str();
    match &sr.usage.finder {
        Finder::Command => Some(CommandChoice {
            program: best.target.clone(),
            path_dir: None,
        }),
        Finder::OnPath { .. } => {
            let dir = parent(os, &best.target)?;
            let name = if machine::is_absolute(os, value) {
                file_name(os, value)?
            } else {
                value
            };
            let beside = machine::join(os, dir, name);
            let program = if m
                .to_host(&beside)
                .is_some_and(|h| resolver.is_program(&h, m.foreign))
            {
                beside
            } else if machine::is_absolute(os, value) {
                value.to_string()
            } else {
                by_shell(m, resolver, spec)?.program
            };
            let app_has_it = matches!(sr.app, AppRuns::Interp(a) if interps[a].key == best.key);
            Some(CommandChoice {
                program,
                path_dir: (!app_has_it).then(|| dir.to_string()),
            })
        }
        Finder::Fixed { .. } | Finder::Uv { .. } => None,
    }
}

/// What the user's shell finds.
fn by_shell(m: &Machine, resolver: &mut Resolver, spec: &ServerSpec) -> Option<CommandChoice> {
    let os = m.os;
    let value = spec.command.as_ref()?.value.as_str();
    let name = if machine::is_absolute(os, value) {
        file_name(os, value)?
    } else {
        value
    };
    if name.is_empty()
        || name.contains(['/', '$', '"', '\'', '%'])
        || (os.is_windows() && name.contains('\\'))
        || name.contains(char::is_whitespace)
        || (os.is_windows() && name.eq_ignore_ascii_case("cmd"))
    {
        return None;
    }
    let app = spec.spawn_path(m);
    let shell = m.shell_paths();
    let found = [&shell[..], &app[..]].into_iter().find_map(|path| {
        match resolver.lookup(m, name, path) {
            Lookup::Found { target, host } => Some((target, host)),
            _ => None,
        }
    })?;
    let (program, host) = found;
    let path_dir = if os.is_windows() {
        None
    } else {
        env_interpreter(resolver, &host).and_then(|interp| {
            let beside = parent(os, &program).map(|d| machine::join(os, d, &interp));
            let chosen = beside
                .filter(|t| {
                    m.to_host(t)
                        .is_some_and(|h| resolver.is_program(&h, m.foreign))
                })
                .or_else(|| match resolver.lookup(m, &interp, &shell) {
                    Lookup::Found { target, .. } => Some(target),
                    _ => None,
                })?;
            let on_app = match resolver.lookup(m, &interp, &app) {
                Lookup::Found { target, .. } => Some(target),
                _ => None,
            };
            (on_app.as_deref() != Some(chosen.as_str()))
                .then(|| parent(os, &chosen).map(str::to_string))
                .flatten()
        })
    };
    Some(CommandChoice { program, path_dir })
}

/// The interpreter a script names through `#!/usr/bin/env [-S] X ...`, if any.
fn env_interpreter(resolver: &mut Resolver, host: &std::path::Path) -> Option<String> {
    resolver
        .shebang(host, crate::runtime::usage::read_shebang)
        .filter(|(_, on_path)| *on_path)
        .map(|(name, _)| name)
}

/// The folder part of a target path.
fn parent(os: Os, target: &str) -> Option<&str> {
    let i = if os.is_windows() {
        target.rfind(['\\', '/'])?
    } else {
        target.rfind('/')?
    };
    Some(if i == 0 { "/" } else { &target[..i] })
}

fn file_name(os: Os, target: &str) -> Option<&str> {
    let i = if os.is_windows() {
        target.rfind(['\\', '/'])?
    } else {
        target.rfind('/')?
    };
    Some(&target[i + 1..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_shebangs_name_their_interpreter() {
        let d = tempfile::tempdir().unwrap();
        let cases = [
            ("#!/usr/bin/env node\nx", Some("node")),
            ("#!/usr/bin/env -S node --no-warnings\n", Some("node")),
            ("#! /usr/bin/env python3\n", Some("python3")),
            ("#!/usr/local/bin/node\n", None),
            ("\u{7f}ELF", None),
        ];
        for (i, (text, want)) in cases.iter().enumerate() {
            let p = d.path().join(format!("s{i}"));
            std::fs::write(&p, text).unwrap();
            assert_eq!(
                env_interpreter(&mut Resolver::default(), &p).as_deref(),
                *want,
                "{text:?}"
            );
        }
    }

    #[test]
    fn parents_and_names() {
        assert_eq!(parent(Os::Linux, "/usr/bin/node"), Some("/usr/bin"));
        assert_eq!(parent(Os::Linux, "/node"), Some("/"));
        assert_eq!(
            parent(Os::Windows, "C:\\nodejs\\node.exe"),
            Some("C:\\nodejs")
        );
        assert_eq!(
            file_name(Os::Windows, "C:\\nodejs\\node.exe"),
            Some("node.exe")
        );
    }
}
