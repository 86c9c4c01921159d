//! Interpreters installed on the machine, wherever the usual managers put them: nvm, fnm, volta,
//! asdf, mise, n, Homebrew, pyenv, uv-managed Pythons, python.org and system installs. Paths are
//! target-spelled; what cannot be checked here (another OS's system folders without `--root`) is
//! skipped.
use super::range::Lang;
use crate::machine::{self, Machine, Os};

/// One installed interpreter, before its version is known.
#[derive(Clone, Debug)]
pub struct Installed {
    pub lang: Lang,
    pub target: String,
    /// The manager or place it comes from: `nvm`, `Homebrew`, `pyenv`, `system`, ...
    pub source: &'static str,
}

/// Every Node and Python the usual managers installed.
pub fn discover(m: &Machine) -> Vec<Installed> {
    let mut out = Vec::new();
    let home = &m.home_spelled;
    let os = m.os;
    let j = |base: &str, rel: &str| machine::join(os, base, rel);
    let env_or =
        |var: &str, default: String| m.env.non_empty(var).map(str::to_string).unwrap_or(default);
    // Version folders: (root, layout inside a version folder, lang, source).
    let mut versioned: Vec<(String, &str, Lang, &'static str)> = Vec::new();
    let (node_bin, py_bin) = if os.is_windows() {
        ("node.exe", "python.exe")
    } else {
        ("bin/node", "bin/python3")
    };
    let local_share = if os.is_windows() {
        m.local_appdata()
            .map(|p| m.spell(&p))
            .unwrap_or_else(|| j(home, "AppData/Local"))
    } else {
        env_or("XDG_DATA_HOME", j(home, ".local/share"))
    };
    let roaming = m
        .appdata()
        .map(|p| m.spell(&p))
        .unwrap_or_else(|| j(home, "AppData/Roaming"));
    match os {
        Os::Windows => {
            versioned.push((
                env_or("NVM_HOME", j(&roaming, "nvm")),
                "node.exe",
                Lang::Node,
                "nvm-windows",
            ));
            versioned.push((
                j(&env_or("FNM_DIR", j(&roaming, "fnm")), "node-versions"),
                "installation/node.exe",
                Lang::Node,
                "fnm",
            ));
            versioned.push((
                j(
                    &env_or("VOLTA_HOME", j(&local_share, "Volta")),
                    "tools/image/node",
                ),
                "node.exe",
                Lang::Node,
                "volta",
            ));
            versioned.push((
                j(&local_share, "Programs/Python"),
                "python.exe",
                Lang::Python,
                "python.org",
            ));
            versioned.push((
                j(
                    &env_or("UV_PYTHON_INSTALL_DIR", j(&roaming, "uv/python")),
                    "",
                ),
                "python.exe",
                Lang::Python,
                "uv",
            ));
            versioned.push((
                j(
                    &env_or("PYENV_ROOT", j(home, ".pyenv/pyenv-win")),
                    "versions",
                ),
                "python.exe",
                Lang::Python,
                "pyenv-win",
            ));
        }
        _ => {
            let nvm = env_or("NVM_DIR", j(home, ".nvm"));
            versioned.push((j(&nvm, "versions/node"), node_bin, Lang::Node, "nvm"));
            let fnm_default = if os == Os::Macos {
                j(home, "Library/Application Support/fnm")
            } else {
                j(&local_share, "fnm")
            };
            versioned.push((
                j(&env_or("FNM_DIR", fnm_default), "node-versions"),
                "installation/bin/node",
                Lang::Node,
                "fnm",
            ));
            versioned.push((
                j(&env_or("VOLTA_HOME", j(home, ".volta")), "tools/image/node"),
                node_bin,
                Lang::Node,
                "volta",
            ));
            let asdf = env_or("ASDF_DATA_DIR", j(home, ".asdf"));
            versioned.push((j(&asdf, "installs/nodejs"), node_bin, Lang::Node, "asdf"));
            versioned.push((j(&asdf, "installs/python"), py_bin, Lang::Python, "asdf"));
            let mise = env_or("MISE_DATA_DIR", j(&local_share, "mise"));
            versioned.push((j(&mise, "installs/node"), node_bin, Lang::Node, "mise"));
            versioned.push((j(&mise, "installs/python"), py_bin, Lang::Python, "mise"));
            versioned.push((
                j(&env_or("N_PREFIX", "/usr/local".into()), "n/versions/node"),
                node_bin,
                Lang::Node,
                "n",
            ));
            versioned.push((
                j(&env_or("PYENV_ROOT", j(home, ".pyenv")), "versions"),
                py_bin,
                Lang::Python,
                "pyenv",
            ));
            versioned.push((
                env_or("UV_PYTHON_INSTALL_DIR", j(&local_share, "uv/python")),
                py_bin,
                Lang::Python,
                "uv",
            ));
            if os == Os::Macos {
                for prefix in ["/opt/homebrew", "/usr/local"] {
                    versioned.push((j(prefix, "Cellar/node"), node_bin, Lang::Node, "Homebrew"));
                }
                versioned.push((
                    "/Library/Frameworks/Python.framework/Versions".into(),
                    py_bin,
                    Lang::Python,
                    "python.org",
                ));
            } else {
                versioned.push((
                    "/home/linuxbrew/.linuxbrew/Cellar/node".into(),
                    node_bin,
                    Lang::Node,
                    "Homebrew",
                ));
            }
        }
    }
    for (root, inner, lang, source) in versioned {
        for dir in m.version_folders(&root) {
            let candidates: Vec<String> = if inner.is_empty() {
                vec![j(&dir, py_bin)]
            } else if lang == Lang::Python && !os.is_windows() {
                // pyenv and others: python3, else python (a Python 2 or a PyPy has only that).
                vec![j(&dir, inner), j(&dir, "bin/python")]
            } else {
                vec![j(&dir, inner)]
            };
            if let Some(t) = candidates
                .into_iter()
                .find(|t| m.to_host(t).is_some_and(|h| h.is_file()))
            {
                out.push(Installed {
                    lang,
                    target: t,
                    source,
                });
            }
        }
    }
    // Fixed places: Homebrew's links and versioned formulae, system installs.
    let fixed: Vec<(String, Lang, &'static str)> = match os {
        Os::Macos => {
            let mut v = Vec::new();
            for prefix in ["/opt/homebrew", "/usr/local"] {
                let src = if prefix == "/opt/homebrew" {
                    "Homebrew"
                } else {
                    "/usr/local"
                };
                v.push((j(prefix, "bin/node"), Lang::Node, src));
                v.push((j(prefix, "bin/python3"), Lang::Python, src));
                for (dir, lang, exe) in [
                    ("opt", Lang::Node, "node"),
                    ("opt", Lang::Python, "python3"),
                ] {
                    let opt = j(prefix, dir);
                    if let Some(h) = m.to_host(&opt) {
                        if let Ok(rd) = std::fs::read_dir(h) {
                            let mut names: Vec<String> = rd
                                .flatten()
                                .filter_map(|e| e.file_name().into_string().ok())
                                .filter(|n| {
                                    n.starts_with(&format!(
                                        "{}@",
                                        if lang == Lang::Node { "node" } else { "python" }
                                    ))
                                })
                                .collect();
                            crate::sort::natural(&mut names);
                            for n in names {
                                let ver = n.split_once('@').map(|x| x.1).unwrap_or("");
                                let exe = if lang == Lang::Python {
                                    format!("{exe}.{ver}")
                                } else {
                                    exe.to_string()
                                };
                                v.push((j(&opt, &format!("{n}/bin/{exe}")), lang, "Homebrew"));
                            }
                        }
                    }
                }
            }
            v.push(("/usr/bin/python3".into(), Lang::Python, "system"));
            v
        }
        Os::Linux => vec![
            ("/usr/local/bin/node".into(), Lang::Node, "/usr/local"),
            ("/usr/bin/node".into(), Lang::Node, "system"),
            ("/usr/bin/nodejs".into(), Lang::Node, "system"),
            (
                "/home/linuxbrew/.linuxbrew/bin/node".into(),
                Lang::Node,
                "Homebrew",
            ),
            ("/usr/local/bin/python3".into(), Lang::Python, "/usr/local"),
            ("/usr/bin/python3".into(), Lang::Python, "system"),
        ],
        Os::Windows => vec![
            (
                "C:\\Program Files\\nodejs\\node.exe".into(),
                Lang::Node,
                "Node.js installer",
            ),
            (
                "C:\\Program Files (x86)\\nodejs\\node.exe".into(),
                Lang::Node,
                "Node.js installer",
            ),
        ],
    };
    for (t, lang, source) in fixed {
        if m.to_host(&t).is_some_and(|h| h.is_file()) {
            out.push(Installed {
                lang,
                target: t,
                source,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::MachineOptions;

    #[test]
    fn finds_manager_layouts_under_a_home() {
        let d = tempfile::tempdir().unwrap();
        let h = d.path();
        for rel in [
            ".nvm/versions/node/v18.20.4/bin/node",
            ".nvm/versions/node/v20.11.1/bin/node",
            ".pyenv/versions/3.9.18/bin/python3",
            ".local/share/uv/python/cpython-3.12.1-linux-x86_64-gnu/bin/python3",
            ".volta/tools/image/node/22.1.0/bin/node",
        ] {
            let p = h.join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "#!/bin/sh\n").unwrap();
        }
        let m = Machine::new(
            MachineOptions {
                home: Some(h.to_path_buf()),
                os: Some(Os::Linux),
                ..Default::default()
            },
            vec![],
            h.to_path_buf(),
        )
        .unwrap();
        let found: Vec<(Lang, &str, String)> = discover(&m)
            .into_iter()
            .filter(|i| i.target.starts_with(&m.home_spelled))
            .map(|i| {
                (
                    i.lang,
                    i.source,
                    i.target[m.home_spelled.len()..].to_string(),
                )
            })
            .collect();
        let found: Vec<(Lang, &str, &str)> =
            found.iter().map(|(l, s, t)| (*l, *s, t.as_str())).collect();
        assert_eq!(
            found,
            vec![
                (Lang::Node, "nvm", "/.nvm/versions/node/v18.20.4/bin/node"),
                (Lang::Node, "nvm", "/.nvm/versions/node/v20.11.1/bin/node"),
                (
                    Lang::Node,
                    "volta",
                    "/.volta/tools/image/node/22.1.0/bin/node"
                ),
                (Lang::Python, "pyenv", "/.pyenv/versions/3.9.18/bin/python3"),
                (
                    Lang::Python,
                    "uv",
                    "/.local/share/uv/python/cpython-3.12.1-linux-x86_64-gnu/bin/python3"
                ),
            ]
        );
    }
}
