//! Issue 4: the Node or Python each server really gets, against what it needs, through the real
//! binary on fake macOS, Windows and Linux machines. Interpreters are fake: scripts that print a
//! chosen version and note each run in `$RUNLOG`, so a test can count how often each ran.
mod common;
use common::{doctor, with_rule};
use serde_json::Value;
use std::path::PathBuf;

/// A fake machine: a home and a root (system folders), both temporary.
struct Fx {
    home: tempfile::TempDir,
    root: tempfile::TempDir,
    os: &'static str,
}

impl Fx {
    fn new(os: &'static str) -> Fx {
        Fx {
            home: tempfile::tempdir().unwrap(),
            root: tempfile::tempdir().unwrap(),
            os,
        }
    }

    /// The home as the diagnosed OS spells it.
    fn spelled_home(&self) -> String {
        let base = self
            .home
            .path()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        match self.os {
            "macos" => format!("/Users/{base}"),
            "windows" => format!("C:\\Users\\{base}"),
            _ => self.home.path().display().to_string(),
        }
    }

    /// A target path (`~/x`, `/usr/local/bin/node`, `C:\Program Files\...`) on this machine.
    fn host(&self, target: &str) -> PathBuf {
        if let Some(rest) = target.strip_prefix("~/") {
            return self.home.path().join(rest.replace('\\', "/"));
        }
        // `--root` holds a Windows drive as a folder: C:\X is <root>/C/X.
        let t = target.replace('\\', "/").replacen("C:", "C", 1);
        self.root.path().join(t.trim_start_matches('/'))
    }

    /// A target path spelled in full.
    fn spell(&self, target: &str) -> String {
        match target.strip_prefix("~/") {
            Some(rest) if self.os == "windows" => {
                format!("{}\\{}", self.spelled_home(), rest.replace('/', "\\"))
            }
            Some(rest) => format!("{}/{rest}", self.spelled_home()),
            None => target.to_string(),
        }
    }

    fn write(&self, target: &str, text: &str) -> PathBuf {
        let p = self.host(target);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        p
    }

    fn exec(&self, target: &str, text: &str) -> PathBuf {
        let p = self.write(target, text);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        p
    }

    /// A fake interpreter that prints `printed` for `--version` and logs each run.
    fn interp(&self, target: &str, printed: &str) -> PathBuf {
        self.exec(
            target,
            &format!(
                "#!/bin/sh\n[ -n \"$RUNLOG\" ] && echo \"$0\" >> \"$RUNLOG\"\necho '{printed}'\n"
            ),
        )
    }

    /// npm's `npx`: a script whose first line looks `node` up on the PATH.
    fn npx(&self, target: &str) -> PathBuf {
        self.exec(target, "#!/usr/bin/env node\nrequire('../lib/cli.js')\n")
    }

    fn package(&self, dir: &str, json: &str) {
        self.write(&format!("{dir}/package.json"), json);
    }

    /// An npx cache entry for `specs`, holding `packages` (name → package.json).
    fn npx_cache(&self, cache: &str, hash: &str, specs: &[&str], packages: &[(&str, &str)]) {
        let base = format!("{cache}/_npx/{hash}");
        let deps: Vec<String> = specs.iter().map(|s| format!("\"{s}\": \"*\"")).collect();
        self.package(
            &base,
            &format!(
                "{{\"_npx\": {{\"packages\": {}}}, \"dependencies\": {{{}}}}}",
                serde_json::to_string(specs).unwrap(),
                deps.join(", ")
            ),
        );
        for (name, json) in packages {
            self.package(&format!("{base}/node_modules/{name}"), json);
        }
    }

    fn config(&self, target: &str, servers: Value) {
        self.write(
            target,
            &serde_json::to_string_pretty(&serde_json::json!({"mcpServers": servers})).unwrap(),
        );
    }

    fn runlog(&self) -> PathBuf {
        self.home.path().join("runs.log")
    }

    fn check(&self, path: &str, extra: &[&str]) -> (i32, Value, String) {
        let root = self.root.path().display().to_string();
        let mut args = vec![
            "--os",
            self.os,
            "--root",
            &root,
            "--now",
            "2026-03-10T16:00:00Z",
        ];
        args.extend_from_slice(extra);
        args.extend(["check", "--json"]);
        let runlog = self.runlog().display().to_string();
        let mut run = doctor(self.home.path(), &args)
            .env("PATH", path)
            .env("RUNLOG", &runlog);
        if self.os == "windows" {
            run = run.env("USERPROFILE", &self.spelled_home());
        }
        let out = run.run();
        assert!(
            out.code == 0 || out.code == 1,
            "exit {}: {}",
            out.code,
            out.stderr
        );
        (out.code, out.json(), out.stderr)
    }

    fn human(&self, path: &str) -> String {
        let root = self.root.path().display().to_string();
        let out = doctor(
            self.home.path(),
            &[
                "--os",
                self.os,
                "--root",
                &root,
                "--now",
                "2026-03-10T16:00:00Z",
                "check",
            ],
        )
        .env("PATH", path)
        .run();
        out.stdout
    }

    /// How often each interpreter ran.
    fn runs(&self) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_to_string(self.runlog())
            .unwrap_or_default()
            .lines()
            .map(String::from)
            .collect();
        v.sort();
        v
    }
}

fn runtime<'a>(r: &'a Value, path: &str) -> &'a Value {
    r["host"]["runtimes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["path"] == path)
        .unwrap_or_else(|| panic!("no runtime {path} in {:#}", r["host"]["runtimes"]))
}

fn one<'a>(r: &'a Value, rule: &str) -> &'a Value {
    let v = with_rule(r, rule);
    assert_eq!(v.len(), 1, "{rule}: {:#}", r["findings"]);
    v[0]
}

/// The headline ticket: Claude Desktop (macOS) logged the PATH it starts `npx` with, whose first
/// `node` is an old /usr/local/bin/node; the package in the npx cache needs >=18; nvm has 20.
fn macos_desktop() -> Fx {
    let fx = Fx::new("macos");
    fx.interp("/usr/local/bin/node", "v16.20.2");
    fx.npx("/usr/local/bin/npx");
    fx.interp("~/.nvm/versions/node/v20.11.1/bin/node", "v20.11.1");
    fx.npx("~/.nvm/versions/node/v20.11.1/bin/npx");
    fx.interp("~/.nvm/versions/node/v18.20.4/bin/node", "v18.20.4");
    fx.npx_cache(
        "~/.npm",
        "a3241bba59c344f5",
        &["@acme/weather"],
        &[(
            "@acme/weather",
            r#"{"name": "@acme/weather", "version": "1.4.0", "engines": {"node": ">=18"}}"#,
        )],
    );
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        serde_json::json!({"weather": {"command": "npx", "args": ["-y", "@acme/weather"]}}),
    );
    fx.write(
        "~/Library/Logs/Claude/mcp.log",
        "2026-03-10T15:18:27.108Z [weather] [info] Using MCP server command: npx with path: {\n  metadata: {\n    paths: [\n      '/usr/local/bin',\n      '/usr/bin',\n      '/bin'\n    ]\n  }\n}\n",
    );
    fx
}

fn macos_shell_path(fx: &Fx) -> String {
    format!(
        "{}:/usr/local/bin:/usr/bin:/bin",
        fx.spell("~/.nvm/versions/node/v20.11.1/bin")
    )
}

#[test]
fn macos_app_runs_an_older_node_than_the_package_needs_and_names_the_one_that_works() {
    let fx = macos_desktop();
    let (code, r, _) = fx.check(&macos_shell_path(&fx), &[]);
    assert_eq!(code, 1);
    let f = one(&r, "runtime-too-old");
    let nvm20 = fx.spell("~/.nvm/versions/node/v20.11.1/bin/node");
    assert_eq!(f["cause"], "runtime-version");
    assert_eq!(f["severity"], "error");
    assert_eq!(f["server"], "weather");
    assert_eq!(
        f["message"],
        "Claude Desktop runs `npx` under /usr/local/bin/node v16.20.2; @acme/weather needs >=18; you have v20.11.1 at ~/.nvm/versions/node/v20.11.1/bin/node."
    );
    assert_eq!(f["fix"]["automatic"], "mcp-doctor fix --absolute-paths");
    assert!(
        f["fix"]["summary"].as_str().unwrap().contains(&nvm20),
        "{f:#}"
    );
    // The evidence names the package.json that declares the requirement.
    let ev = f["evidence"].as_array().unwrap();
    assert!(ev.iter().any(|e| e["path"]
        .as_str()
        .unwrap_or("")
        .ends_with("_npx/a3241bba59c344f5/node_modules/@acme/weather/package.json")));
    // host.runtimes: the app's node, with who runs on it, and the installed ones.
    let app = runtime(&r, "/usr/local/bin/node");
    assert_eq!(app["version"], "16.20.2");
    assert_eq!(app["version_from"], "--version");
    assert_eq!(
        app["used_by"],
        serde_json::json!(["claude-desktop/weather"])
    );
    assert_eq!(runtime(&r, &nvm20)["version"], "20.11.1");
    assert_eq!(
        runtime(&r, &fx.spell("~/.nvm/versions/node/v18.20.4/bin/node"))["version"],
        "18.20.4"
    );
    // The checks use the PATH the app logged, which has /usr/local/bin: npx is found there.
    assert!(
        with_rule(&r, "command-not-on-app-path").is_empty(),
        "{:#}",
        r["findings"]
    );
    // The cause ranks first for the server.
    assert_eq!(r["causes"][0]["cause"], "runtime-version");
    assert_eq!(r["causes"][0]["server"], "weather");
}

#[test]
fn each_interpreter_runs_once_however_many_servers_share_it() {
    let fx = macos_desktop();
    let mut servers = serde_json::Map::new();
    let mut log = String::new();
    for i in 0..6 {
        servers.insert(
            format!("s{i}"),
            serde_json::json!({"command": "npx", "args": ["-y", "@acme/weather"]}),
        );
        log.push_str(&format!("2026-03-10T15:18:2{i}.000Z [s{i}] [info] Using MCP server command: npx with path: {{ metadata: {{ paths: [ '/usr/local/bin', '/usr/bin' ] }} }}\n"));
    }
    fx.write("~/Library/Logs/Claude/mcp.log", &log);
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        Value::Object(servers),
    );
    let (_, r, _) = fx.check(&macos_shell_path(&fx), &[]);
    let runs = fx.runs();
    let mut unique = runs.clone();
    unique.dedup();
    assert_eq!(runs, unique, "an interpreter ran twice");
    // /usr/local/bin/node, and the two nvm nodes (the shell's and the installed 18).
    assert_eq!(runs.len(), 3, "{runs:?}");
    assert!(runs.iter().any(|p| p.ends_with("usr/local/bin/node")));
    assert_eq!(
        runtime(&r, "/usr/local/bin/node")["used_by"]
            .as_array()
            .unwrap()
            .len(),
        6
    );
    assert_eq!(with_rule(&r, "runtime-too-old").len(), 6);
}

#[test]
fn a_second_check_remembers_versions_until_the_interpreter_changes() {
    let fx = macos_desktop();
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        serde_json::json!({"w": {"command": "npx", "args": ["-y", "@acme/weather"]}}),
    );
    let path = macos_shell_path(&fx);
    let (_, first, _) = fx.check(&path, &[]);
    let after_first = fx.runs().len();
    assert!(after_first > 0, "the first check asks the interpreters");
    let (_, second, _) = fx.check(&path, &[]);
    assert_eq!(fx.runs().len(), after_first, "{:?}", fx.runs());
    // Same answers, still said to come from `--version`.
    assert_eq!(first["host"]["runtimes"], second["host"]["runtimes"]);
    let cache = if cfg!(target_os = "macos") {
        "Library/Caches/mcp-doctor/versions.json"
    } else if cfg!(windows) {
        "AppData/Local/mcp-doctor/cache/versions.json"
    } else {
        ".cache/mcp-doctor/versions.json"
    };
    assert!(fx.home.path().join(cache).is_file());
    // An upgraded interpreter (another file) is asked again and its new version reported.
    fx.interp("/usr/local/bin/node", "v22.12.0");
    let (_, third, _) = fx.check(&path, &[]);
    assert_eq!(fx.runs().len(), after_first + 1, "{:?}", fx.runs());
    assert_eq!(runtime(&third, "/usr/local/bin/node")["version"], "22.12.0");
}

#[test]
fn human_output_has_an_environment_section() {
    let fx = macos_desktop();
    let out = fx.human(&macos_shell_path(&fx));
    let env = out.split("Environment").nth(1).expect(&out);
    let line = env
        .lines()
        .find(|l| l.contains("/usr/local/bin/node"))
        .expect(&out);
    assert!(
        line.contains("v16.20.2") && line.contains("claude-desktop/weather"),
        "{line}"
    );
    assert!(
        out.contains("you have v20.11.1 at ~/.nvm/versions/node/v20.11.1/bin/node"),
        "{out}"
    );
}

#[test]
fn claude_desktop_on_macos_runs_the_first_nvm_node_by_name() {
    // No log: Claude Desktop on macOS puts every ~/.nvm/versions/node/*/bin before launchd's
    // PATH, in the order of their names (directus/mcp#2's logged PATH; mcpb#130: "Claude Desktop
    // will ALWAYS try to use the oldest Node version"), whatever nvm's default is.
    let fx = Fx::new("macos");
    fx.interp("~/.nvm/versions/node/v22.3.0/bin/node", "v22.3.0");
    fx.interp("~/.nvm/versions/node/v16.20.2/bin/node", "v16.20.2");
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        serde_json::json!({"notes": {"command": "node", "args": ["/srv/notes/server.js"]}}),
    );
    fx.write("/srv/notes/server.js", "");
    // The terminal's PATH has nvm's default (v22) only: not what the app runs.
    let (_, r, _) = fx.check(
        &format!(
            "{}/.nvm/versions/node/v22.3.0/bin:/usr/bin:/bin",
            fx.spelled_home()
        ),
        &[],
    );
    let old = fx.spell("~/.nvm/versions/node/v16.20.2/bin/node");
    assert_eq!(
        runtime(&r, &old)["used_by"],
        serde_json::json!(["claude-desktop/notes"]),
        "{:#}",
        r["host"]["runtimes"]
    );
    assert!(
        with_rule(&r, "command-not-on-app-path").is_empty(),
        "{:#}",
        r["findings"]
    );
}

#[test]
fn an_absolute_npx_still_finds_node_on_the_apps_path() {
    // No log: Claude Desktop's modelled macOS PATH is nvm's folders, /usr/local/bin and
    // /opt/homebrew/bin before launchd's /usr/bin:/bin:/usr/sbin:/sbin, which has no MacPorts
    // folder; an absolute MacPorts npx dies with `env: node: No such file`.
    let fx = Fx::new("macos");
    fx.npx("/opt/local/bin/npx");
    fx.interp("/opt/local/bin/node", "v22.3.0");
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        serde_json::json!({"fs": {"command": "/opt/local/bin/npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"]}}),
    );
    let (code, r, _) = fx.check("/opt/local/bin:/usr/bin:/bin", &[]);
    assert_eq!(code, 1);
    let f = one(&r, "interpreter-not-found");
    assert_eq!(f["cause"], "command-not-found");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("env: node: No such file or directory"),
        "{msg}"
    );
    assert!(
        msg.contains("/usr/local/bin:/opt/homebrew/bin:/usr/bin:/bin:/usr/sbin:/sbin"),
        "{msg}"
    );
    assert!(
        msg.contains("A Node v22.3.0 is at /opt/local/bin/node"),
        "{msg}"
    );
    assert_eq!(f["fix"]["automatic"], "mcp-doctor fix --absolute-paths");
    // With node beside it on the app's PATH (an entry env.PATH), nothing is wrong.
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        serde_json::json!({"fs": {"command": "/opt/local/bin/npx", "args": ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], "env": {"PATH": "/opt/local/bin:/usr/bin:/bin"}}}),
    );
    let (_, r, _) = fx.check("/opt/local/bin:/usr/bin:/bin", &[]);
    assert!(
        with_rule(&r, "interpreter-not-found").is_empty(),
        "{:#}",
        r["findings"]
    );
    assert!(
        with_rule(&r, "runtime-too-old").is_empty(),
        "{:#}",
        r["findings"]
    );
    assert_eq!(
        runtime(&r, "/opt/local/bin/node")["used_by"],
        serde_json::json!(["claude-desktop/fs"])
    );
}

#[test]
fn a_dependency_that_needs_a_newer_node_is_named() {
    // Corpus 008's mechanism: mcp-remote declares nothing; undici, which it loads, needs >=20.18.1.
    let fx = macos_desktop();
    fx.npx_cache(
        "~/.npm",
        "0123456789abcdef",
        &["mcp-remote"],
        &[
            (
                "mcp-remote",
                r#"{"name": "mcp-remote", "dependencies": {"undici": "^7"}}"#,
            ),
            (
                "undici",
                r#"{"name": "undici", "engines": {"node": ">=20.18.1"}}"#,
            ),
        ],
    );
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        serde_json::json!({"lex": {"command": "npx", "args": ["mcp-remote", "https://example.com/mcp"], "env": {"PATH": fx.spell("~/.nvm/versions/node/v18.20.4/bin") + ":/usr/bin:/bin"}}}),
    );
    fx.npx("~/.nvm/versions/node/v18.20.4/bin/npx");
    fx.interp("~/.nvm/versions/node/v22.12.0/bin/node", "v22.12.0");
    let (_, r, _) = fx.check(&macos_shell_path(&fx), &[]);
    let f = one(&r, "runtime-too-old");
    assert_eq!(
        f["severity"], "warning",
        "a dependency's engines only: a warning"
    );
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("under ~/.nvm/versions/node/v18.20.4/bin/node v18.20.4; mcp-remote loads undici, which needs >=20.18.1; you have v22.12.0"),
        "{msg}"
    );
}

#[test]
fn nothing_declared_assumes_the_sdk_floor_and_says_so() {
    let fx = macos_desktop();
    // Not in the npx cache at all.
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        serde_json::json!({"weather": {"command": "npx", "args": ["-y", "@other/server"]}}),
    );
    let (_, r, _) = fx.check(&macos_shell_path(&fx), &[]);
    let f = one(&r, "runtime-too-old");
    assert_eq!(f["severity"], "warning");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("@other/server declares no Node version, and the MCP TypeScript SDK (@modelcontextprotocol/sdk 1.x) needs >=18"),
        "{msg}"
    );
}

#[test]
fn a_different_node_line_than_the_shell_is_a_note_when_both_work() {
    let fx = macos_desktop();
    fx.write(
        "~/Library/Logs/Claude/mcp.log",
        &format!(
            "2026-03-10T15:18:27.108Z [weather] [info] Using MCP server command: npx with path: {{ metadata: {{ paths: [ '{}', '/usr/local/bin', '/usr/bin' ] }} }}\n",
            fx.spell("~/.nvm/versions/node/v18.20.4/bin")
        ),
    );
    fx.npx("~/.nvm/versions/node/v18.20.4/bin/npx");
    let (_, r, _) = fx.check(&macos_shell_path(&fx), &[]);
    assert!(
        with_rule(&r, "runtime-too-old").is_empty(),
        "{:#}",
        r["findings"]
    );
    let f = one(&r, "runtime-differs-from-shell");
    assert_eq!(f["severity"], "note");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("v18.20.4, your shell under ~/.nvm/versions/node/v20.11.1/bin/node v20.11.1"),
        "{f:#}"
    );
}

#[test]
fn builtin_node_is_noted_and_not_held_against_the_path() {
    let fx = macos_desktop();
    fx.write(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        r#"{"isUsingBuiltInNodeForMcp": true, "mcpServers": {"weather": {"command": "npx", "args": ["-y", "@acme/weather"]}}}"#,
    );
    let (_, r, _) = fx.check(&macos_shell_path(&fx), &[]);
    assert!(
        with_rule(&r, "runtime-too-old").is_empty(),
        "{:#}",
        r["findings"]
    );
    let f = one(&r, "builtin-node");
    assert_eq!(f["severity"], "note");
    assert!(f["message"]
        .as_str()
        .unwrap()
        .contains("isUsingBuiltInNodeForMcp is true"));
}

#[test]
fn a_hung_interpreter_is_reported_unknown_within_the_timeout() {
    let fx = Fx::new("linux");
    fx.exec("/opt/node/bin/node", "#!/bin/sh\nsleep 30\n");
    fx.config(
        "~/.claude.json",
        serde_json::json!({"srv": {"command": "/opt/node/bin/node", "args": ["/srv/x.js"]}}),
    );
    let t = std::time::Instant::now();
    let (_, r, _) = fx.check("/usr/bin:/bin", &[]);
    assert!(
        t.elapsed() < std::time::Duration::from_secs(10),
        "{:?}",
        t.elapsed()
    );
    let rt = runtime(&r, "/opt/node/bin/node");
    assert_eq!(rt["version"], Value::Null);
    assert!(
        rt["error"]
            .as_str()
            .unwrap()
            .contains("did not answer `--version` within 3 s"),
        "{rt:#}"
    );
}

/// Linux, Claude Code (it runs servers with the shell's PATH): a `node script.js` whose package
/// needs `^18 || >=20`, under a Node 19.
#[test]
fn linux_node_script_walks_up_to_its_package_json() {
    let fx = Fx::new("linux");
    fx.interp("~/.nvm/versions/node/v19.9.0/bin/node", "v19.9.0");
    fx.interp("~/.nvm/versions/node/v22.1.0/bin/node", "v22.1.0");
    let proj = fx.spell("~/proj/weather");
    fx.package("~/proj/weather", r#"{"name": "weather-mcp", "engines": {"node": "^18 || >=20"}, "dependencies": {"zod": "^3"}}"#);
    fx.package("~/proj/weather/node_modules/zod", r#"{"name": "zod"}"#);
    // A dev dependency with a stricter range is not loaded at run time: ignored.
    fx.package(
        "~/proj/weather/node_modules/eslint",
        r#"{"name": "eslint", "engines": {"node": ">=99"}}"#,
    );
    fx.write("~/proj/weather/build/index.js", "console.log(1)\n");
    fx.config(
        "~/.claude.json",
        serde_json::json!({"weather": {"command": "node", "args": [format!("{proj}/build/index.js")]}}),
    );
    let path = format!("{}:/usr/bin", fx.spell("~/.nvm/versions/node/v19.9.0/bin"));
    let (code, r, _) = fx.check(&path, &[]);
    assert_eq!(code, 1);
    let f = one(&r, "runtime-too-old");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("v19.9.0; weather-mcp needs ^18 || >=20; you have v22.1.0"),
        "{msg}"
    );
    assert_eq!(f["severity"], "error");
    // With Node 22 first, nothing to say.
    let path = format!("{}:/usr/bin", fx.spell("~/.nvm/versions/node/v22.1.0/bin"));
    let (_, r, _) = fx.check(&path, &[]);
    assert!(
        with_rule(&r, "runtime-too-old").is_empty(),
        "{:#}",
        r["findings"]
    );
}

#[test]
fn linux_python_project_requires_python_and_pyenv_has_one() {
    let fx = Fx::new("linux");
    fx.interp("/usr/bin/python3", "Python 3.9.18");
    fx.interp("~/.pyenv/versions/3.12.2/bin/python3", "Python 3.12.2");
    fx.write(
        "~/proj/tools/pyproject.toml",
        "[project]\nname = \"tools-mcp\"\nrequires-python = \">=3.11\"\n",
    );
    fx.write("~/proj/tools/src/server.py", "print(1)\n");
    let script = fx.spell("~/proj/tools/src/server.py");
    fx.config(
        "~/.claude.json",
        serde_json::json!({"tools": {"command": "python3", "args": [script]}}),
    );
    let (_, r, _) = fx.check("/usr/bin:/bin", &[]);
    let f = one(&r, "runtime-too-old");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("Claude Code runs /usr/bin/python3 v3.9.18; tools-mcp needs >=3.11; you have v3.12.2 at ~/.pyenv/versions/3.12.2/bin/python3"),
        "{msg}"
    );
    // The pyenv one is known from its folder, without running it.
    let py = runtime(&r, &fx.spell("~/.pyenv/versions/3.12.2/bin/python3"));
    assert_eq!(py["version"], "3.12.2");
    assert_eq!(py["version_from"], "--version");
    assert!(py["sources"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "pyenv"));
}

#[test]
fn uvx_uses_the_python_of_its_cached_environment() {
    let fx = Fx::new("linux");
    fx.interp("/usr/bin/python3", "Python 3.9.18");
    fx.exec("~/.local/bin/uvx", "#!/bin/sh\n");
    let env = "~/.cache/uv/archive-v0/Xq1";
    fx.interp(&format!("{env}/bin/python3"), "Python 3.12.7");
    fx.write(
        &format!("{env}/pyvenv.cfg"),
        "home = /usr/local/python/bin\nimplementation = CPython\nuv = 0.13.9\nversion_info = 3.12.7\n",
    );
    fx.write(
        &format!("{env}/lib/python3.12/site-packages/mcp_server_time-2026.1.0.dist-info/METADATA"),
        "Metadata-Version: 2.4\nName: mcp-server-time\nVersion: 2026.1.0\nRequires-Python: >=3.10\n\nlong description\n",
    );
    fx.config(
        "~/.claude.json",
        serde_json::json!({"time": {"command": "uvx", "args": ["mcp-server-time"]}}),
    );
    let path = format!("{}:/usr/bin", fx.spell("~/.local/bin"));
    let (_, r, _) = fx.check(&path, &[]);
    assert!(
        with_rule(&r, "runtime-too-old").is_empty(),
        "{:#}",
        r["findings"]
    );
    let py = runtime(&r, &fx.spell(&format!("{env}/bin/python3")));
    assert_eq!(py["used_by"], serde_json::json!(["claude-code/time"]));
    assert_eq!(py["version"], "3.12.7");
    // Nothing cached and only a 3.9: uv will download one at first start.
    std::fs::remove_dir_all(fx.host("~/.cache/uv")).unwrap();
    let (_, r, _) = fx.check(&path, &[]);
    let f = one(&r, "uv-downloads-python");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("No installed Python satisfies >=3.10 for mcp-server-time"),
        "{f:#}"
    );
}

/// Windows: npx.cmd runs the node.exe beside it; the npx cache lives in
/// %LOCALAPPDATA%\npm-cache; nvm-windows keeps versions in %APPDATA%\nvm.
#[test]
fn windows_npx_cmd_runs_the_node_beside_it() {
    let fx = Fx::new("windows");
    fx.interp("C:\\Program Files\\nodejs\\node.exe", "v16.20.2");
    fx.exec("C:\\Windows\\system32\\cmd.exe", "");
    fx.write(
        "C:\\Program Files\\nodejs\\npx.cmd",
        "@ECHO off\r\n\"%~dp0\\node.exe\" \"%~dp0\\node_modules\\npm\\bin\\npx-cli.js\" %*\r\n",
    );
    fx.interp("~/AppData/Roaming/nvm/v20.11.1/node.exe", "v20.11.1");
    fx.npx_cache(
        "~/AppData/Local/npm-cache",
        "a3241bba59c344f5",
        &["@acme/weather"],
        &[(
            "@acme/weather",
            r#"{"name": "@acme/weather", "engines": {"node": ">=18"}}"#,
        )],
    );
    fx.config(
        "~/AppData/Roaming/Claude/claude_desktop_config.json",
        serde_json::json!({"weather": {"command": "cmd", "args": ["/c", "npx", "-y", "@acme/weather"]}}),
    );
    let (code, r, _) = fx.check("C:\\Program Files\\nodejs;C:\\Windows\\system32", &[]);
    assert_eq!(code, 1);
    let f = one(&r, "runtime-too-old");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("Claude Desktop runs `npx` under C:\\Program Files\\nodejs\\node.exe v16.20.2; @acme/weather needs >=18; you have v20.11.1 at"),
        "{msg}"
    );
    assert!(msg.contains("nvm\\v20.11.1\\node.exe"), "{msg}");
    let rt = runtime(&r, "C:\\Program Files\\nodejs\\node.exe");
    assert_eq!(rt["version"], "16.20.2");
}

#[test]
fn windows_python_without_metadata_assumes_the_sdk_floor() {
    let fx = Fx::new("windows");
    fx.interp(
        "~/AppData/Local/Programs/Python/Python39/python.exe",
        "Python 3.9.13",
    );
    fx.interp(
        "~/AppData/Local/Programs/Python/Python312/python.exe",
        "Python 3.12.4",
    );
    fx.config(
        "~/AppData/Roaming/Claude/claude_desktop_config.json",
        serde_json::json!({"git": {"command": "python", "args": ["-m", "mcp_server_git"]}}),
    );
    let py39 = fx.spell("~/AppData/Local/Programs/Python/Python39");
    let (_, r, _) = fx.check(&format!("{py39};C:\\Windows\\system32"), &[]);
    let f = one(&r, "runtime-too-old");
    let msg = f["message"].as_str().unwrap();
    assert!(msg.contains("v3.9.13"), "{msg}");
    assert!(
        msg.contains("the MCP Python SDK (mcp) needs >=3.10"),
        "{msg}"
    );
    assert!(msg.contains("you have v3.12.4 at"), "{msg}");
    assert_eq!(f["severity"], "warning");
}

#[test]
fn no_installed_interpreter_satisfies() {
    let fx = Fx::new("linux");
    fx.interp("~/.nvm/versions/node/v16.20.2/bin/node", "v16.20.2");
    fx.package(
        "~/srv/a",
        r#"{"name": "a-mcp", "engines": {"node": ">=20"}}"#,
    );
    fx.write("~/srv/a/index.js", "");
    let script = fx.spell("~/srv/a/index.js");
    fx.config(
        "~/.claude.json",
        serde_json::json!({"a": {"command": "node", "args": [script]}}),
    );
    let path = format!("{}:/usr/bin", fx.spell("~/.nvm/versions/node/v16.20.2/bin"));
    let (_, r, _) = fx.check(&path, &[]);
    let f = one(&r, "runtime-none-satisfies");
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .ends_with("a-mcp needs >=20; no installed Node satisfies it."),
        "{f:#}"
    );
    assert!(!f["fix"]["commands"].as_array().unwrap().is_empty());
}

/// Issue 6 with issue 4: `fix --absolute-paths` writes the interpreter that satisfies the
/// requirement (the launcher beside it, and its folder first on the entry's PATH), after which
/// the runtime finding is gone and a second run changes nothing.
#[test]
fn fix_absolute_paths_writes_the_interpreter_that_satisfies_the_server() {
    let fx = macos_desktop();
    let root = fx.root.path().display().to_string();
    let path = macos_shell_path(&fx);
    let fix = |extra: &[&str]| {
        let mut args = vec![
            "--os",
            "macos",
            "--root",
            &root,
            "--now",
            "2026-03-10T16:00:00Z",
            "fix",
            "--absolute-paths",
            "--yes",
            "--json",
        ];
        args.extend_from_slice(extra);
        doctor(fx.home.path(), &args).env("PATH", &path).run()
    };
    let out = fix(&[]);
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    let cfg = fx.host("~/Library/Application Support/Claude/claude_desktop_config.json");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&cfg).unwrap()).unwrap();
    let e = &v["mcpServers"]["weather"];
    let nvm = fx.spell("~/.nvm/versions/node/v20.11.1/bin");
    assert_eq!(e["command"], format!("{nvm}/npx"), "{v:#}");
    let p = e["env"]["PATH"].as_str().unwrap();
    assert!(p.starts_with(&format!("{nvm}:")), "{p}");
    let r = out.json();
    assert!(
        with_rule(&r, "runtime-too-old").is_empty(),
        "after the fix: {:#}",
        r["findings"]
    );
    assert!(
        r["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["rule"] == "runtime-too-old"),
        "{:#}",
        r["changes"]
    );
    // Checked again from scratch: the app now runs Node 20.
    let (_, r, _) = fx.check(&path, &[]);
    assert!(
        with_rule(&r, "runtime-too-old").is_empty(),
        "{:#}",
        r["findings"]
    );
    assert_eq!(
        runtime(&r, &format!("{nvm}/node"))["used_by"],
        serde_json::json!(["claude-desktop/weather"])
    );
    // Nothing left to change.
    let before = std::fs::read(&cfg).unwrap();
    let again = fix(&[]).json();
    assert!(
        again["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["applied"] != true),
        "{:#}",
        again["changes"]
    );
    assert_eq!(std::fs::read(&cfg).unwrap(), before);
}

/// A globally installed package bin (`npm i -g mcp-remote`): a symlink to a script whose first
/// line is `#!/usr/bin/env node`; its requirement is read from the package it belongs to.
#[test]
fn a_global_bin_is_read_by_its_shebang_and_its_package() {
    let fx = Fx::new("macos");
    fx.interp("/usr/local/bin/node", "v18.20.4");
    fx.interp("/opt/homebrew/bin/node", "v22.3.0");
    fx.package(
        "/opt/homebrew/lib/node_modules/mcp-remote",
        r#"{"name": "mcp-remote", "engines": {"node": ">=20"}, "bin": {"mcp-remote": "dist/proxy.js"}}"#,
    );
    fx.exec(
        "/opt/homebrew/lib/node_modules/mcp-remote/dist/proxy.js",
        "#!/usr/bin/env node\nimport './x.js'\n",
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        "../lib/node_modules/mcp-remote/dist/proxy.js",
        fx.host("/opt/homebrew/bin/mcp-remote"),
    )
    .unwrap();
    fx.config(
        "~/Library/Application Support/Claude/claude_desktop_config.json",
        serde_json::json!({"linear": {"command": "mcp-remote", "args": ["https://mcp.linear.app/mcp"]}}),
    );
    fx.write(
        "~/Library/Logs/Claude/mcp.log",
        "2026-03-10T15:00:00.000Z [linear] [info] Using MCP server command: mcp-remote with path: { metadata: { paths: [ '/usr/local/bin', '/opt/homebrew/bin', '/usr/bin' ] } }\n",
    );
    let (_, r, _) = fx.check("/opt/homebrew/bin:/usr/bin:/bin", &[]);
    let f = one(&r, "runtime-too-old");
    let msg = f["message"].as_str().unwrap();
    assert!(
        msg.contains("Claude Desktop runs `mcp-remote` under /usr/local/bin/node v18.20.4; mcp-remote needs >=20; you have v22.3.0 at /opt/homebrew/bin/node"),
        "{msg}"
    );
}

/// `python -m` with a venv's Python: the requirement is the installed distribution's
/// `Requires-Python`, and the fix is to recreate the venv, never to swap its interpreter.
#[test]
fn a_venv_python_module_reads_its_metadata_and_is_not_swapped_by_fix() {
    let fx = Fx::new("linux");
    let venv = "~/srv/weather/.venv";
    fx.interp(&format!("{venv}/bin/python"), "Python 3.9.18");
    fx.write(
        &format!("{venv}/pyvenv.cfg"),
        "home = /usr/bin\nversion = 3.9.18\n",
    );
    fx.write(
        &format!("{venv}/lib/python3.9/site-packages/weather_mcp-1.2.0.dist-info/METADATA"),
        "Metadata-Version: 2.1\nName: weather-mcp\nVersion: 1.2.0\nRequires-Python: >=3.11\n\n",
    );
    fx.interp("~/.pyenv/versions/3.12.2/bin/python3", "Python 3.12.2");
    let py = fx.spell(&format!("{venv}/bin/python"));
    fx.config(
        "~/.claude.json",
        serde_json::json!({"weather": {"command": py, "args": ["-m", "weather_mcp"]}}),
    );
    let (_, r, _) = fx.check("/usr/bin:/bin", &[]);
    let f = one(&r, "runtime-too-old");
    let msg = f["message"].as_str().unwrap();
    assert!(msg.contains("v3.9.18; weather-mcp needs >=3.11"), "{msg}");
    assert!(
        msg.contains("is a virtual environment's Python: recreate it with v3.12.2"),
        "{msg}"
    );
    let before = std::fs::read(fx.host("~/.claude.json")).unwrap();
    let root = fx.root.path().display().to_string();
    let out = doctor(
        fx.home.path(),
        &[
            "--os",
            "linux",
            "--root",
            &root,
            "fix",
            "--absolute-paths",
            "--yes",
            "--json",
        ],
    )
    .env("PATH", "/usr/bin:/bin")
    .run();
    assert!(out.code == 0 || out.code == 1, "{}", out.stderr);
    assert_eq!(
        std::fs::read(fx.host("~/.claude.json")).unwrap(),
        before,
        "the venv's Python is kept"
    );
}
