//! Launchers and bridges a server entry runs through, each modelled once from its own source.
//!
//! mcp-remote (github.com/geelen/mcp-remote, `src/lib/utils.ts` `parseCommandLineArgs`):
//! - the first argument left after the `--header` pairs are taken out is the server URL;
//! - `--header "Name: value"` (the value matched by `^([A-Za-z0-9_-]+):\s*(.*)$`) adds a header;
//! - in header values, `${NAME}` (`/\$\{([^}]+)}/g`) is replaced from mcp-remote's own
//!   environment (`process.env`: the client's environment plus the entry's `env`), and an unset
//!   variable becomes empty with a warning on stderr. Nothing else in its arguments is expanded.
//!
//! `docker run` / `podman run` (github.com/docker/cli `opts/env.go` `ValidateEnv`, `opts/parse.go`
//! `ReadKVEnvStrings`): the container gets only the variables named by `-e`/`--env`: `NAME=VALUE`
//! sets one, a bare `NAME` copies it from the environment `docker` itself runs in (the entry's
//! `env` over the client's) and leaves it out when unset there; `--env-file FILE` adds a file's.
use regex::Regex;
use std::sync::LazyLock;

/// A `${NAME}` that mcp-remote replaces in a `--header` value.
pub static MCP_REMOTE_REF: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{([^}]+)\}").expect("regex"));

/// An entry that runs mcp-remote: where its arguments are in the entry's `args`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct McpRemote {
    /// Index in `args` of the first argument mcp-remote itself receives.
    pub first_arg: usize,
    /// Indexes in `args` of the `--header` values.
    pub header_values: Vec<usize>,
    /// Index in `args` of the server URL, when there is one.
    pub url: Option<usize>,
}

/// The program's name without folder, `.cmd`/`.exe`/`.bat` and case (Windows shims).
pub fn program_name(p: &str) -> String {
    let base = p
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(p)
        .to_ascii_lowercase();
    for ext in [".cmd", ".exe", ".bat", ".ps1"] {
        if let Some(b) = base.strip_suffix(ext) {
            return b.to_string();
        }
    }
    base
}

/// Whether [`program_name`] of `p` is `name` (lower case), without a copy of `p` (every
/// argument of every server is asked).
fn is_program(p: &str, name: &str) -> bool {
    let base = p.rsplit(['/', '\\']).next().unwrap_or(p).as_bytes();
    let stem = [".cmd", ".exe", ".bat", ".ps1"]
        .iter()
        .find(|ext| base.len() >= 4 && base[base.len() - 4..].eq_ignore_ascii_case(ext.as_bytes()))
        .map_or(base, |_| &base[..base.len() - 4]);
    stem.eq_ignore_ascii_case(name.as_bytes())
}

/// Whether an argument names the mcp-remote package or its script (in any ASCII case).
fn is_mcp_remote_arg(a: &str) -> bool {
    let b = a.as_bytes();
    // Every form holds `mcp-remote`: an argument without it (nearly every one) is read no
    // further, from dash to dash.
    let named = memchr::memchr_iter(b'-', b)
        .any(|i| i >= 3 && b.len() >= i + 7 && b[i - 3..i + 7].eq_ignore_ascii_case(b"mcp-remote"));
    if !named {
        return false;
    }
    let holds = |w: &[u8]| b.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w));
    (b.len() >= 11 && b[..11].eq_ignore_ascii_case(b"mcp-remote@"))
        || holds(b"/mcp-remote/")
        || holds(b"\\mcp-remote\\")
        || is_program(a, "mcp-remote")
}

/// The mcp-remote invocation of an entry, if it runs one: directly (`mcp-remote URL`), through a
/// package runner (`npx -y mcp-remote@latest URL`, `cmd /c npx mcp-remote URL`, `pnpm dlx`,
/// `bunx`), or as a script (`node .../mcp-remote/dist/proxy.js URL`).
pub fn mcp_remote(command: &str, args: &[&str]) -> Option<McpRemote> {
    let first_arg = if is_program(command, "mcp-remote") {
        0
    } else {
        args.iter().position(|a| is_mcp_remote_arg(a))? + 1
    };
    let mut r = McpRemote {
        first_arg,
        ..McpRemote::default()
    };
    let mut i = first_arg;
    while i < args.len() {
        if args[i] == "--header" && i + 1 < args.len() {
            r.header_values.push(i + 1);
            i += 2;
            continue;
        }
        if r.url.is_none() && !args[i].starts_with('-') {
            r.url = Some(i);
        }
        i += 1;
    }
    Some(r)
}

/// cmd.exe's own commands (`cmd /?`, `help`): `cmd /c call x`, `cmd /c start x` run no program
/// of that name.
const CMD_BUILTINS: &[&str] = &[
    "assoc", "call", "cd", "chdir", "cls", "color", "copy", "date", "del", "dir", "echo",
    "endlocal", "erase", "for", "ftype", "goto", "if", "md", "mkdir", "mklink", "move", "path",
    "pause", "popd", "prompt", "pushd", "rd", "ren", "rename", "rmdir", "set", "setlocal", "shift",
    "start", "time", "title", "type", "ver", "verify", "vol",
];

/// The words of the command line a `cmd /c` (or `/k`) entry runs, each with the index in `args`
/// of the argument it comes from: the arguments after `/c` (cmd.exe's `/?`: options such as `/d`,
/// `/s`, `/q` come before it), the first of them holding a whole command line (`cmd /c "npx -y
/// pkg"`) split at blanks outside double quotes, the quotes removed, as the program's C runtime splits
/// its command line (learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments; a
/// backslash before a quote is not modelled). A leading `call` is skipped: it runs the program
/// that follows (`call /?`). `None` when the entry is not `cmd` or has no `/c`.
fn cmd_words<S: AsRef<str>>(command: &str, args: &[S]) -> Option<Vec<(usize, String)>> {
    if !is_program(command, "cmd") {
        return None;
    }
    let at = args.iter().position(|a| {
        let a = a.as_ref();
        a.eq_ignore_ascii_case("/c") || a.eq_ignore_ascii_case("/k")
    })? + 1;
    let mut words = Vec::new();
    for (i, a) in args.iter().enumerate().skip(at) {
        let a = a.as_ref();
        // Only the first argument is read as a command line: the client quotes each argument
        // that holds a blank, and cmd.exe strips the quotes of the first (`cmd /?`, the rules
        // for `/c` without `/s`); the program's C runtime keeps a later one as one word.
        if i > at || !a.contains([' ', '\t', '"']) {
            words.push((i, a.to_string()));
            continue;
        }
        let (mut word, mut quoted, mut any) = (String::new(), false, false);
        for c in a.chars() {
            match c {
                '"' => (quoted, any) = (!quoted, true),
                ' ' | '\t' if !quoted => {
                    if any {
                        words.push((i, std::mem::take(&mut word)));
                    }
                    any = false;
                }
                c => {
                    word.push(c);
                    any = true;
                }
            }
        }
        if any {
            words.push((i, word));
        }
    }
    if words
        .first()
        .is_some_and(|(_, w)| w.eq_ignore_ascii_case("call"))
    {
        words.remove(0);
    }
    Some(words)
}

/// The program a `cmd /c` (or `/k`) entry runs, and the index in `args` of the argument that names
/// it: the first word of `cmd_words`. `None` when the entry is not `cmd`, the program is a
/// command of cmd.exe itself (`start`, `set`, `echo`), or it is built from a variable
/// (`%APPDATA%\x`) cmd.exe expands at run time, or holds cmd.exe's operators.
pub fn cmd_inner<S: AsRef<str>>(command: &str, args: &[S]) -> Option<(usize, String)> {
    cmd_words(command, args)?
        .into_iter()
        .next()
        .filter(|(_, word)| runs_a_program(word))
}

/// Whether cmd.exe runs a program of that name (see [`cmd_inner`]).
fn runs_a_program(word: &str) -> bool {
    !word.is_empty()
        && !word.contains(['%', '!', '&', '|', '<', '>', '(', ')', '^'])
        && !CMD_BUILTINS.contains(&word.to_ascii_lowercase().as_str())
}

/// What a `cmd /c` entry runs, as one command line: the program [`cmd_inner`] names and the words
/// after it (`cmd /c "npx -y pkg"` and `cmd /c npx -y pkg` both run `npx` with `-y pkg`). `None`
/// where [`cmd_inner`] has no program.
pub fn cmd_run<S: AsRef<str>>(command: &str, args: &[S]) -> Option<(String, Vec<String>)> {
    let mut words = cmd_words(command, args)?.into_iter().map(|(_, w)| w);
    let program = words.next().filter(|w| runs_a_program(w))?;
    Some((program, words.collect()))
}

/// One `-e`/`--env` of a `docker run`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DockerEnv {
    /// Index in `args` of the argument that holds `NAME` or `NAME=VALUE`.
    pub at: usize,
    pub name: String,
    /// `NAME=VALUE` rather than a bare `NAME`.
    pub has_value: bool,
}

/// The parts of a `docker run` (or `podman run`) entry that decide the container's environment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DockerRun {
    pub env: Vec<DockerEnv>,
    /// An `--env-file` is given: which variables reach the container is not known from the args.
    pub env_file: bool,
    /// Index in `args` of the option that asks for a terminal (`-t`, `-it`, `--tty`), given
    /// before the image.
    pub tty: Option<usize>,
    /// `-i` / `--interactive` is given before the image: the container's stdin is the client's.
    pub interactive: bool,
}

/// Short options of `docker run` that take a value (docker/cli cli/command/container/opts.go:
/// `-a`, `-c`, `-e`, `-h`, `-l`, `-m`, `-p`, `-u`, `-v`, `-w`): in a cluster (`-it`, `-ePATH`) the
/// rest after one is its value, as pflag reads it.
const RUN_SHORT_WITH_VALUE: &[char] = &['a', 'c', 'e', 'h', 'l', 'm', 'p', 'u', 'v', 'w'];

/// Long options of `docker run` that take no value (docker/cli cli/command/container/opts.go and
/// run.go); every other `--name` without `=` takes the next argument.
const RUN_LONG_BOOL: &[&str] = &[
    "--detach",
    "--disable-content-trust",
    "--help",
    "--init",
    "--interactive",
    "--no-healthcheck",
    "--oom-kill-disable",
    "--privileged",
    "--publish-all",
    "--quiet",
    "--read-only",
    "--rm",
    "--sig-proxy",
    "--tty",
    "--use-api-socket",
];

/// The terminal and stdin options of a `docker run` whose subcommand ends at `args[from]`: read
/// up to the image (the first argument that is no option or option value) or `--`.
fn run_stdio_flags(args: &[&str], from: usize) -> (Option<usize>, bool) {
    let (mut tty, mut interactive) = (None, false);
    let mut i = from;
    while let Some(a) = args.get(i) {
        if *a == "--" || !a.starts_with('-') || *a == "-" {
            break;
        }
        if let Some(long) = a.strip_prefix("--") {
            let (name, value) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v)),
                None => (long, None),
            };
            let on = value.is_none_or(|v| !v.eq_ignore_ascii_case("false"));
            match name {
                "tty" if on => tty = tty.or(Some(i)),
                "interactive" if on => interactive = true,
                _ => {}
            }
            let takes_next =
                value.is_none() && !RUN_LONG_BOOL.contains(&format!("--{name}").as_str());
            i += if takes_next { 2 } else { 1 };
            continue;
        }
        let cluster: Vec<char> = a[1..].chars().collect();
        let mut skip = 1;
        for (j, c) in cluster.iter().enumerate() {
            match c {
                't' => tty = tty.or(Some(i)),
                'i' => interactive = true,
                c if RUN_SHORT_WITH_VALUE.contains(c) => {
                    if j + 1 == cluster.len() {
                        skip = 2;
                    }
                    break;
                }
                _ => {}
            }
        }
        i += skip;
    }
    (tty, interactive)
}

/// Global options of `docker` (and the common ones of `podman`) that take a value as the next
/// argument: skipped to find the subcommand (`docker --context x run …`).
const DOCKER_GLOBAL_WITH_VALUE: &[&str] = &[
    "--config",
    "-c",
    "--context",
    "-H",
    "--host",
    "-l",
    "--log-level",
    "--tlscacert",
    "--tlscert",
    "--tlskey",
    "--connection",
    "--url",
    "--identity",
    "--root",
    "--runroot",
    "--storage-driver",
];

/// Where the options of the container run start, when the arguments run a container themselves:
/// the subcommand (the first argument that is not a global option) is `run`, or `container run`. `docker compose … run SERVICE` is not: the
/// service's environment comes from the Compose file, which Compose interpolates from its own
/// environment, the entry's `env` included ("Interpolation can also be used to insert values into
/// your Compose file at runtime, which is then used to pass variables into your container's
/// environment", https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/;
/// https://docs.docker.com/reference/compose-file/interpolation/). mcp-searxng's README runs its
/// server so, with `SEARXNG_URL=${SEARXNG_URL:?…}` in the Compose file.
fn runs_a_container(args: &[&str]) -> Option<usize> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if a.starts_with('-') {
            i += if DOCKER_GLOBAL_WITH_VALUE.contains(a) {
                2
            } else {
                1
            };
            continue;
        }
        return match *a {
            "run" => Some(i + 1),
            "container" if args.get(i + 1) == Some(&"run") => Some(i + 2),
            _ => None,
        };
    }
    None
}

/// The `docker run` of an entry, if it runs one.
pub fn docker_run(command: &str, args: &[&str]) -> Option<DockerRun> {
    let base = program_name(command);
    if !(base == "docker" || base == "podman") {
        return None;
    }
    let from = runs_a_container(args)?;
    let (tty, interactive) = run_stdio_flags(args, from);
    let mut r = DockerRun {
        tty,
        interactive,
        ..DockerRun::default()
    };
    let mut i = 0;
    while i < args.len() {
        let v = args[i];
        if v == "--env-file" || v.starts_with("--env-file=") {
            r.env_file = true;
        }
        let (at, text) = if v == "-e" || v == "--env" {
            i += 1;
            match args.get(i) {
                Some(x) => (i, *x),
                None => break,
            }
        } else if let Some(rest) = v
            .strip_prefix("--env=")
            .or_else(|| v.strip_prefix("-e").filter(|r| !r.is_empty()))
        {
            (i, rest)
        } else {
            i += 1;
            continue;
        };
        let (name, has_value) = match text.split_once('=') {
            Some((n, _)) => (n, true),
            None => (text, false),
        };
        r.env.push(DockerEnv {
            at,
            name: name.to_string(),
            has_value,
        });
        i += 1;
    }
    Some(r)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mcp_remote_args_are_read_as_before_without_copies() {
        fn before(a: &str) -> bool {
            let l = a.to_ascii_lowercase();
            l == "mcp-remote"
                || l.starts_with("mcp-remote@")
                || l.contains("/mcp-remote/")
                || l.contains("\\mcp-remote\\")
                || program_name(&l) == "mcp-remote"
        }
        let args = [
            "mcp-remote",
            "MCP-Remote",
            "mcp-remote@latest",
            "Mcp-Remote@0.1",
            "mcp-remot",
            "/x/node_modules/mcp-remote/dist/proxy.js",
            "C:\\n\\MCP-REMOTE\\p.js",
            "mcp-remote.cmd",
            "C:\\bin\\mcp-remote.EXE",
            "/usr/bin/mcp-remote",
            "mcp-remote.ps1x",
            "x.cmd",
            ".cmd",
            "",
            "-y",
            "https://example.com/mcp",
            "mcp-remote/",
            "é/mcp-remote",
            "mcp-remoteé",
            "émcp-remote.bat",
            "/a/b/",
            "mcp-remote.js",
            // Near misses of the `mcp-remote` gate (at the start, the end, doubled dashes).
            "-mcp-remote",
            "mcp--remote",
            "cp-remote",
            "xx/mcp-remote",
            "MCP-REMOTE@",
            "--mcp-remote@1",
        ];
        let mut yes = 0;
        for a in args {
            assert_eq!(is_mcp_remote_arg(a), before(a), "{a:?}");
            assert_eq!(
                is_program(a, "mcp-remote"),
                program_name(a) == "mcp-remote",
                "{a:?}"
            );
            yes += usize::from(before(a));
        }
        assert!(yes >= 8, "{yes}");
    }

    #[test]
    fn cmd_run_is_one_command_line_however_it_is_written() {
        let run = |c: &str, a: &[&str]| cmd_run(c, a);
        let want = Some((
            "npx".to_string(),
            vec!["-y".to_string(), "@x/y".to_string()],
        ));
        assert_eq!(run("cmd", &["/c", "npx", "-y", "@x/y"]), want);
        assert_eq!(run("cmd.exe", &["/c", "npx -y @x/y"]), want);
        assert_eq!(run("cmd", &["/c", "call", "npx", "-y", "@x/y"]), want);
        assert_eq!(run("cmd", &["/d", "/s", "/c", "call npx  -y @x/y"]), want);
        // A later argument with a blank stays one word; a quoted program keeps its blanks.
        assert_eq!(
            run(
                "cmd",
                &[
                    "/c",
                    "\"C:\\Program Files\\nodejs\\npx.cmd\" -y",
                    "C:\\My Files\\x"
                ]
            ),
            Some((
                r"C:\Program Files\nodejs\npx.cmd".to_string(),
                vec!["-y".to_string(), r"C:\My Files\x".to_string()]
            ))
        );
        assert_eq!(run("cmd", &["/c", "start", "npx"]), None);
        assert_eq!(run("cmd", &["/c", "%APPDATA%\\npm\\npx.cmd"]), None);
        assert_eq!(run("node", &["/c", "npx"]), None);
    }

    #[test]
    fn cmd_inner_is_the_first_word_after_slash_c() {
        let inner = cmd_inner;
        assert_eq!(
            inner("cmd", &["/c", "npx", "-y", "x"]),
            Some((1, "npx".to_string()))
        );
        assert_eq!(
            inner(
                r"C:\Windows\System32\CMD.EXE",
                &["/d", "/s", "/C", "uvx", "y"]
            ),
            Some((3, "uvx".to_string()))
        );
        assert_eq!(
            inner("cmd", &["/c", "npx -y @x/y"]),
            Some((1, "npx".to_string()))
        );
        assert_eq!(
            inner(
                "cmd",
                &["/c", "\"C:\\Program Files\\nodejs\\npx.cmd\" -y x"]
            ),
            Some((1, r"C:\Program Files\nodejs\npx.cmd".to_string()))
        );
        assert_eq!(
            inner("cmd", &["/c", "call", "npx"]),
            Some((2, "npx".to_string()))
        );
        assert_eq!(
            inner("cmd", &["/c", "call npx -y x"]),
            Some((1, "npx".to_string()))
        );
        assert_eq!(inner("cmd", &["/c", "start", "npx"]), None);
        assert_eq!(inner("cmd", &["/c", r"%APPDATA%\npm\npx.cmd"]), None);
        assert_eq!(inner("cmd", &["/c"]), None);
        assert_eq!(inner("npx", &["/c", "x"]), None);
        assert_eq!(inner("cmdx", &["/c", "x"]), None);
    }

    #[test]
    fn finds_mcp_remote_however_it_is_started() {
        let a = [
            "-y",
            "mcp-remote@latest",
            "https://x/sse",
            "--header",
            "A: ${T}",
        ];
        let r = mcp_remote("npx", &a).unwrap();
        assert_eq!(r.first_arg, 2);
        assert_eq!(r.url, Some(2));
        assert_eq!(r.header_values, vec![4]);
        let r = mcp_remote(r"C:\n\mcp-remote.cmd", &["--header", "A:b", "https://x"]).unwrap();
        assert_eq!((r.url, r.header_values), (Some(2), vec![1]));
        let r = mcp_remote(
            "node",
            &["/u/lib/node_modules/mcp-remote/dist/proxy.js", "https://x"],
        );
        assert_eq!(r.unwrap().url, Some(1));
        assert!(mcp_remote("npx", &["-y", "@modelcontextprotocol/server-memory"]).is_none());
        // A header named like the package is not the package.
        assert!(mcp_remote("npx", &["other", "--header", "X: mcp-remote"]).is_none());
    }

    #[test]
    fn docker_run_terminal_and_stdin_flags() {
        let f = |a: &[&str]| {
            let d = docker_run("docker", a).unwrap();
            (d.tty, d.interactive)
        };
        assert_eq!(f(&["run", "-i", "--rm", "img"]), (None, true));
        assert_eq!(f(&["run", "-it", "--rm", "img"]), (Some(1), true));
        assert_eq!(f(&["run", "--rm", "-ti", "img"]), (Some(2), true));
        assert_eq!(
            f(&["run", "--interactive", "--tty", "img"]),
            (Some(2), true)
        );
        assert_eq!(f(&["run", "-i", "--tty=false", "img"]), (None, true));
        assert_eq!(f(&["run", "--rm", "img"]), (None, false));
        // A value: `-e t`, `-et` (the variable `t`), `--name t`, `-w /t`.
        assert_eq!(
            f(&["run", "-i", "-e", "t", "--name", "-t", "img"]),
            (None, true)
        );
        assert_eq!(f(&["run", "-i", "-et", "img"]), (None, true));
        // After the image, the arguments are the container's command's.
        assert_eq!(f(&["run", "-i", "img", "-t", "x"]), (None, true));
        assert_eq!(f(&["container", "run", "-it", "img"]), (Some(2), true));
        assert_eq!(
            f(&["--context", "x", "run", "-i", "--network=host", "-t", "img"]),
            (Some(5), true)
        );
    }

    #[test]
    fn docker_run_env_flags() {
        let a = [
            "run",
            "-i",
            "--rm",
            "-e",
            "TOKEN",
            "--env=A=1",
            "-eB",
            "img",
        ];
        let d = docker_run("/usr/local/bin/docker", &a).unwrap();
        let names: Vec<(&str, bool, usize)> = d
            .env
            .iter()
            .map(|e| (e.name.as_str(), e.has_value, e.at))
            .collect();
        assert_eq!(
            names,
            vec![("TOKEN", false, 4), ("A", true, 5), ("B", false, 6)]
        );
        assert!(!d.env_file);
        assert!(
            docker_run("podman.exe", &["run", "--env-file", ".env", "x"])
                .unwrap()
                .env_file
        );
        assert!(docker_run("docker", &["ps"]).is_none());
        assert!(docker_run("npx", &["run"]).is_none());
        // The subcommand decides, after any global option and its value.
        assert!(docker_run("docker", &["--context", "remote", "run", "-i", "img"]).is_some());
        assert!(docker_run("docker", &["container", "run", "-i", "img"]).is_some());
        assert!(docker_run("docker", &["-H=tcp://h:2375", "run", "img"]).is_some());
        // `docker compose … run SERVICE` takes its environment from the Compose file.
        let c = [
            "compose",
            "-f",
            "/a/docker-compose.yml",
            "run",
            "--rm",
            "-T",
            "svc",
        ];
        assert!(docker_run("docker", &c).is_none());
        assert!(docker_run("docker", &["exec", "-i", "c", "run"]).is_none());
    }
}
