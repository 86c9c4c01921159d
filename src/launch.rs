//! What a server entry's values become once its client has expanded them: the one `${...}`
//! expander that `check` (which reports what does not resolve), the probe, the runtime step, the
//! platform checks and `fix` all use, so they can never disagree about a value.
//! Also the environment a server is started with ([`spawn_env`]), for the probe and the TLS
//! check alike.
//!
//! Each client's syntax and what an unset variable becomes are facts of that client (see
//! `clients::Expansion` and the client files).
use crate::clients::{self, gemini_cli, Expansion, CC_REF, CONTINUE_REF, VS_REF};
use crate::finding::ClientId;
use crate::machine::Machine;
use crate::server::ServerSpec;
use regex::Regex;
use serde::Serialize;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

/// The PATH a client logged when it started a server (Claude Desktop's `Using MCP server command
/// ... with path: { metadata: { paths: [...] } }`), to hold against the runtimes found.
#[derive(Clone, Debug, Serialize)]
pub struct LoggedPath {
    pub client: Option<ClientId>,
    pub server: Option<String>,
    pub time: Option<String>,
    pub paths: Vec<String>,
}

impl LoggedPath {
    /// The most recent PATH the app logged for this server, if any.
    pub fn for_server<'a>(
        logged: &'a [LoggedPath],
        client: ClientId,
        server: &str,
    ) -> Option<&'a LoggedPath> {
        logged
            .iter()
            .filter(|l| {
                l.client.is_none_or(|c| c == client)
                    && l.server.as_deref() == Some(server)
                    && !l.paths.is_empty()
            })
            .max_by(|a, b| a.time.cmp(&b.time))
    }
}

/// Which part of an entry a value is: some clients expand (or leave) values by place.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Command,
    Arg,
    Cwd,
    Url,
    /// A value of `env`.
    Env,
    /// A value of `headers`.
    Header,
}

impl Field {
    fn is_env_or_header(self) -> bool {
        matches!(self, Field::Env | Field::Header)
    }
}

/// What an unresolved reference turns into in what the server receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Becomes {
    Empty,
    Literal,
}

/// A reference in a value that the client cannot fill in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    /// A variable the client expands but that is set nowhere it looks.
    Unset {
        /// As written (`${TOKEN}`, `$TOKEN`, `${env:TOKEN}`).
        reference: String,
        name: String,
        becomes: Becomes,
        /// The `.env` file the client also looked in (Gemini CLI).
        also_looked: Option<PathBuf>,
    },
    /// Syntax the client does not expand at all: the server receives it as written.
    NotExpanded { reference: String },
    /// Claude Code's bare `$NAME`, which it leaves alone (it expands `${NAME}`).
    BareNotExpanded { name: String },
    /// A VS Code `${input:id}`: the user is prompted; `check` looks the id up in the file.
    Input { id: String },
}

/// A value as the spawned server receives it. `value` is `None` when it depends on what the
/// doctor cannot know (a prompt, Continue's secret store, the workspace of a user-level file).
#[derive(Clone, Debug, PartialEq)]
pub struct Expanded {
    pub value: Option<String>,
    pub issues: Vec<Issue>,
}

/// A bare `$NAME`.
pub static BARE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$([A-Za-z_][A-Za-z0-9_]*)").expect("regex"));

/// Gemini CLI's `.env` file per workspace folder, read once per run.
static GEMINI_ENV: LazyLock<Mutex<HashMap<PathBuf, Arc<gemini_cli::EnvFile>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The `.env` file Gemini CLI loads for this entry: its project's folder for a project file, else
/// the folder the doctor runs in (where the user would start `gemini`).
pub fn gemini_env_file(m: &Machine, s: &ServerSpec) -> Arc<gemini_cli::EnvFile> {
    let ws = s
        .project
        .as_deref()
        .and_then(|p| m.to_host(p))
        .unwrap_or_else(|| m.cwd.clone());
    let mut cache = GEMINI_ENV.lock().unwrap_or_else(|e| e.into_inner());
    cache
        .entry(ws.clone())
        .or_insert_with(|| Arc::new(gemini_cli::EnvFile::load(m, &ws)))
        .clone()
}

/// The value after the client's own expansion, for this entry and this place in it: its
/// variables, then (for a client that does it) a leading `~` of the command, an argument or the
/// working folder.
pub fn expand(m: &Machine, s: &ServerSpec, field: Field, v: &str) -> Expanded {
    let mut ex = expand_refs(m, s, field, v);
    // A client that replaces a leading `~` itself (VS Code's `untildify`, after its `${...}`
    // expansion: see `clients::vscode`) starts the server with the home folder there.
    if matches!(field, Field::Command | Field::Arg | Field::Cwd)
        && ex.value.as_deref().is_some_and(|x| x.starts_with('~'))
        && clients::profile(s.client, m.os).expands_tilde
    {
        if let Some(x) = ex.value.as_mut() {
            if let Some(home) = m.expand_tilde(x) {
                *x = home;
            }
        }
    }
    ex
}

/// [`expand`]'s `${...}` part: the client's references replaced, as far as they can be.
fn expand_refs(m: &Machine, s: &ServerSpec, field: Field, v: &str) -> Expanded {
    // Every client's references start with `$` (`${VAR}`, `$VAR`, `${env:VAR}`, `${{ … }}`) but
    // opencode's `{env:VAR}`: a value with neither is what the client uses, and no pattern is
    // compiled for it.
    if !v.contains('$') && !v.contains("{env:") {
        return Expanded {
            value: Some(v.to_string()),
            issues: Vec::new(),
        };
    }
    let mut issues = Vec::new();
    let value = match clients::profile(s.client, m.os).expansion {
        Expansion::ClaudeCode => {
            let mut result = v.to_string();
            for c in CC_REF.captures_iter(v) {
                let name = &c[1];
                let val = m
                    .env
                    .non_empty(name)
                    .map(str::to_string)
                    .or_else(|| c.get(2).map(|d| d.as_str().to_string()));
                match val {
                    Some(x) => result = result.replacen(&c[0], &x, 1),
                    None => issues.push(Issue::Unset {
                        reference: c[0].to_string(),
                        name: name.to_string(),
                        becomes: Becomes::Literal,
                        also_looked: None,
                    }),
                }
            }
            if let Some(c) = BARE_REF.captures(v) {
                let at = c.get(0).map(|x| x.start()).unwrap_or(0);
                if !v[at..].starts_with("${")
                    && !CC_REF.is_match(v)
                    && (field != Field::Env || v.starts_with('$'))
                {
                    issues.push(Issue::BareNotExpanded {
                        name: c[1].to_string(),
                    });
                }
            }
            Some(result)
        }
        // Roo Code: `${env:NAME}` and `${workspaceFolder}`; Cline: `${env:NAME}` alone. The rest
        // stays as written.
        ex @ (Expansion::VscodeKeepUnset | Expansion::EnvKeepUnset) => {
            let mut result = v.to_string();
            let mut known = true;
            for c in VS_REF.captures_iter(v) {
                let (kind, arg) = (&c[1], c.get(2).map(|x| x.as_str()).unwrap_or(""));
                let val = match kind {
                    "env" => match m.env.get(arg.trim()) {
                        Some(x) => Some(x.to_string()),
                        None => {
                            issues.push(Issue::Unset {
                                reference: c[0].to_string(),
                                name: arg.trim().to_string(),
                                becomes: Becomes::Literal,
                                also_looked: None,
                            });
                            None
                        }
                    },
                    "workspaceFolder" if ex == Expansion::VscodeKeepUnset => {
                        s.project.clone().or_else(|| {
                            known = false;
                            None
                        })
                    }
                    _ => {
                        issues.push(Issue::NotExpanded {
                            reference: c[0].to_string(),
                        });
                        None
                    }
                };
                if let Some(x) = val {
                    result = result.replacen(&c[0], &x, 1);
                }
            }
            known.then_some(result)
        }
        Expansion::Vscode => {
            let mut result = v.to_string();
            let mut known = true;
            for c in VS_REF.captures_iter(v) {
                let (kind, arg) = (&c[1], c.get(2).map(|x| x.as_str()).unwrap_or(""));
                let val = match kind {
                    "env" => match m.env.non_empty(arg) {
                        Some(x) => Some(x.to_string()),
                        None => {
                            issues.push(Issue::Unset {
                                reference: c[0].to_string(),
                                name: arg.to_string(),
                                becomes: Becomes::Empty,
                                also_looked: None,
                            });
                            Some(String::new())
                        }
                    },
                    "userHome" => Some(m.home_spelled.clone()),
                    "workspaceFolder" => s.project.clone().or_else(|| {
                        known = false;
                        None
                    }),
                    // VS Code prompts for it from the file's `inputs` list. A client whose file
                    // has no such list (Cursor, Windsurf) has nothing to prompt with and passes
                    // the text on. Cursor documents `${env:NAME}`, `${userHome}`,
                    // `${workspaceFolder}` and the like, and no `inputs` key (§3 of the shared
                    // client reference, after cursor.com/docs/context/mcp); microsoft/apm emits a
                    // warning for `${input:…}` written for Cursor, Copilot CLI, Codex or opencode,
                    // "runtimes that don't support input prompts" (microsoft/apm#344, merged).
                    "input" if !clients::get(s.client).inputs_list => {
                        issues.push(Issue::NotExpanded {
                            reference: c[0].to_string(),
                        });
                        None
                    }
                    "input" => {
                        issues.push(Issue::Input {
                            id: arg.to_string(),
                        });
                        known = false;
                        None
                    }
                    _ => {
                        known = false;
                        None
                    }
                };
                if let Some(x) = val {
                    result = result.replacen(&c[0], &x, 1);
                }
            }
            known.then_some(result)
        }
        Expansion::Gemini => {
            let file = gemini_env_file(m, s);
            let empty = gemini_cli::unset_becomes_empty(field.is_env_or_header());
            let mut result = v.to_string();
            for c in gemini_cli::REF.captures_iter(v) {
                let Some(name) = c.get(1).or(c.get(2)).map(|x| x.as_str()) else {
                    continue;
                };
                let val = m
                    .env
                    .get(name)
                    .or_else(|| file.vars.get(name).map(String::as_str))
                    .map(str::to_string)
                    .or_else(|| c.get(3).map(|d| d.as_str().to_string()));
                match val {
                    Some(x) => result = result.replacen(&c[0], &x, 1),
                    None => {
                        if empty {
                            result = result.replacen(&c[0], "", 1);
                        }
                        issues.push(Issue::Unset {
                            reference: c[0].to_string(),
                            name: name.to_string(),
                            becomes: if empty {
                                Becomes::Empty
                            } else {
                                Becomes::Literal
                            },
                            also_looked: file.path.clone(),
                        });
                    }
                }
            }
            Some(result)
        }
        // Copilot CLI: every reference in one pass, an unset one (without default) left as
        // written.
        Expansion::Shell => {
            let result = clients::SHELL_REF.replace_all(v, |c: &regex::Captures| {
                let Some(name) = c.get(1).or(c.get(3)).map(|x| x.as_str()) else {
                    return c[0].to_string();
                };
                match m
                    .env
                    .get(name)
                    .map(str::to_string)
                    .or_else(|| c.get(2).map(|d| d.as_str().to_string()))
                {
                    Some(x) => x,
                    None => {
                        issues.push(Issue::Unset {
                            reference: c[0].to_string(),
                            name: name.to_string(),
                            becomes: Becomes::Literal,
                            also_looked: None,
                        });
                        c[0].to_string()
                    }
                }
            });
            // Its pattern reads upper-case names only: `${my_token}` reaches the server as is.
            for c in CC_REF.captures_iter(v) {
                if c[1].bytes().any(|b| b.is_ascii_lowercase()) {
                    issues.push(Issue::NotExpanded {
                        reference: c[0].to_string(),
                    });
                }
            }
            // Nor VS Code's `${input:id}` or `${env:NAME}` (a `:` its pattern has no place for;
            // `${NAME:-default}` is its own): Copilot CLI has no `inputs` to prompt from ("Support
            // for ${input:name} in mcp.json", github/copilot-cli#1841, open, CLI 0.0.421).
            for c in VS_REF.captures_iter(v) {
                if c.get(2).is_some_and(|a| !a.as_str().starts_with('-')) {
                    issues.push(Issue::NotExpanded {
                        reference: c[0].to_string(),
                    });
                }
            }
            Some(result.into_owned())
        }
        // opencode: `{env:NAME}` replaced in the file's text before it is parsed, an unset one
        // by nothing; a `${NAME}` is no reference of its.
        Expansion::Opencode => {
            let result = clients::OPENCODE_REF.replace_all(v, |c: &regex::Captures| {
                let name = &c[1];
                match m.env.non_empty(name) {
                    Some(x) => x.to_string(),
                    None => {
                        issues.push(Issue::Unset {
                            reference: c[0].to_string(),
                            name: name.to_string(),
                            becomes: Becomes::Empty,
                            also_looked: None,
                        });
                        String::new()
                    }
                }
            });
            if let Some(c) = CC_REF.captures(v) {
                issues.push(Issue::NotExpanded {
                    reference: c[0].to_string(),
                });
            }
            Some(result.into_owned())
        }
        // `${{ secrets.X }}`: Continue fills it in from a store the doctor cannot read.
        Expansion::Continue if CONTINUE_REF.is_match(v) => None,
        Expansion::None | Expansion::Continue => {
            let literal = CC_REF.captures(v).map(|c| c[0].to_string()).or_else(|| {
                v.starts_with('$')
                    .then(|| BARE_REF.captures(v).map(|c| c[0].to_string()))
                    .flatten()
            });
            if let Some(reference) = literal {
                issues.push(Issue::NotExpanded { reference });
            }
            Some(v.to_string())
        }
    };
    Expanded { value, issues }
}

/// `${VAR}` (with `:-default`) and `${env:VAR}` replaced from `env`, as the bridge expands its
/// `--header` values (the same reference grammar as the clients' above); the name of the first
/// variable that is not set is the error.
pub fn substitute_env(v: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut missing = None;
    let once = clients::CC_REF.replace_all(v, |c: &regex::Captures| {
        match env(&c[1]).or_else(|| c.get(2).map(|d| d.as_str().to_string())) {
            Some(x) => x,
            None => {
                missing.get_or_insert_with(|| c[1].to_string());
                c[0].to_string()
            }
        }
    });
    let out = clients::VS_REF.replace_all(&once, |c: &regex::Captures| {
        let arg = c.get(2).map(|x| x.as_str()).unwrap_or("");
        if &c[1] != "env" {
            return c[0].to_string();
        }
        env(arg).unwrap_or_else(|| {
            missing.get_or_insert_with(|| arg.to_string());
            c[0].to_string()
        })
    });
    match missing {
        Some(name) => Err(name),
        None => Ok(out.into_owned()),
    }
}

/// The program a stdio entry's client runs for its (expanded) `command`, and the arguments it
/// puts before the entry's own `args`. A client that splits a whole command line written in
/// `command` (Cursor runs `"npx -y pkg"`: `clients::Profile::runs_command_line`) runs its first
/// word with the rest in front; a `command` that names an existing file (a path with spaces)
/// stays whole, as it does for every other client. `check` judges and the probe spawns this.
pub fn command_line(m: &Machine, s: &ServerSpec, cmd: &str) -> (String, Vec<String>) {
    if clients::profile(s.client, m.os).runs_command_line
        && !m.to_host(cmd).is_some_and(|h| h.exists())
    {
        if let Some((first, rest)) = shell_words::split(cmd)
            .ok()
            .as_deref()
            .and_then(<[String]>::split_first)
            .filter(|(_, rest)| !rest.is_empty())
        {
            return (first.clone(), rest.to_vec());
        }
    }
    (cmd.to_string(), Vec::new())
}

/// The value the server receives, or the value as written where it cannot be known.
pub fn value(m: &Machine, s: &ServerSpec, field: Field, v: &str) -> String {
    expand(m, s, field, v)
        .value
        .unwrap_or_else(|| v.to_string())
}

/// The environment a client gives its stdio servers: the TS SDK's short list for Claude Desktop
/// and Roo Code,
/// the client's whole environment for the others; then the entry's `env`.
pub fn spawn_env(m: &Machine, s: &ServerSpec, path: &[String]) -> Vec<(String, String)> {
    let keep: &[&str] = if m.os.is_windows() {
        &[
            "APPDATA",
            "HOMEDRIVE",
            "HOMEPATH",
            "LOCALAPPDATA",
            "PROCESSOR_ARCHITECTURE",
            "SYSTEMDRIVE",
            "SYSTEMROOT",
            "TEMP",
            "USERNAME",
            "USERPROFILE",
            "PROGRAMFILES",
        ]
    } else {
        &["HOME", "LOGNAME", "SHELL", "TERM", "USER"]
    };
    let mut env: Vec<(String, String)> = if clients::profile(s.client, m.os).launch
        == clients::Launch::GuiPlain
        || !clients::get(s.client).servers_inherit_full_env
    {
        keep.iter()
            .filter_map(|k| m.env.get(k).map(|v| (k.to_string(), v.to_string())))
            .collect()
    } else {
        m.env
            .iter()
            .filter(|(k, _)| !k.eq_ignore_ascii_case("PATH"))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    };
    if !env.iter().any(|(k, _)| k == "HOME") && !m.os.is_windows() {
        env.push(("HOME".into(), m.home_spelled.clone()));
    }
    env.push(("PATH".into(), path.join(&m.os.path_list_sep().to_string())));
    for (k, v) in &s.env {
        let v = value(m, s, Field::Env, &v.value);
        env.retain(|(x, _)| {
            if m.os.is_windows() {
                !x.eq_ignore_ascii_case(&k.value)
            } else {
                x != &k.value
            }
        });
        env.push((k.value.clone(), v));
    }
    env
}

/// Where the PATH an entry is started with comes from ([`ServerSpec::app_path`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathFrom {
    /// The entry's own `env.PATH`.
    Entry,
    /// The PATH the app logged for this server.
    Logged,
    /// The doctor's model of the client's environment.
    Client,
}

impl PathFrom {
    /// How a message names that PATH (`path` is its folders).
    pub fn describe(
        self,
        m: &crate::machine::Machine,
        client: ClientId,
        path: &[String],
    ) -> String {
        let title = client.title();
        // Joined only for the phrases that show it.
        let list = || path.join(&m.os.path_list_sep().to_string());
        match self {
            PathFrom::Entry => "the PATH set in this entry's env".into(),
            PathFrom::Logged => format!("the PATH {title} logged for this server ({})", list()),
            PathFrom::Client => match crate::clients::profile(client, m.os).launch {
                crate::clients::Launch::GuiPlain => {
                    format!("the PATH {title} starts servers with ({})", list())
                }
                _ => "the PATH the app starts servers with".into(),
            },
        }
    }
}

/// The PATH an entry runs with (methods of the entry, kept with the rest of the launch model).
impl ServerSpec {
    /// The PATH the client spawns this entry with: its own `env.PATH` (after the client's
    /// expansion) if it sets one, else the client's.
    pub fn spawn_path(&self, m: &crate::machine::Machine) -> Vec<String> {
        match self.env_path(m.os) {
            Some(v) => crate::machine::split_path_list(m.os, &value(m, self, Field::Env, &v.value)),
            None => crate::clients::spawn_path(m, self.client),
        }
    }

    /// The PATH the client really starts this entry with, and where that answer comes from: the
    /// entry's own `env.PATH`, else the PATH the app logged for this server (Claude Desktop's
    /// "Using MCP server command ... with path"), else the doctor's model of the client.
    pub fn app_path(
        &self,
        m: &crate::machine::Machine,
        logged: &[LoggedPath],
    ) -> (std::sync::Arc<[String]>, PathFrom) {
        if self.env_path(m.os).is_none() {
            if let Some(l) = LoggedPath::for_server(logged, self.client, &self.name) {
                return (l.paths.as_slice().into(), PathFrom::Logged);
            }
            // The client's, shared by all its entries.
            return (
                crate::clients::spawn_paths(m, self.client),
                PathFrom::Client,
            );
        }
        (self.spawn_path(m).into(), PathFrom::Entry)
    }
}
