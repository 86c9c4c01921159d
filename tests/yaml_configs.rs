//! Continue's and Goose's YAML configs through the real binary: every server is extracted with
//! its position, the usual checks apply, syntax errors are reported, odd inputs never crash, and
//! `fix` never writes a YAML file.
mod common;
use common::*;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A home with an executable `bin/srv-tool`, the only command on the PATH.
fn home_with_tool() -> Home {
    let h = empty_home();
    write(h.path(), "bin/srv-tool", "#!/bin/sh\nexit 0\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let p = h.path().join("bin/srv-tool");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    h
}

/// The doctor on `h` with only `h/bin` on the PATH and no runtime step.
fn doctor_with_tool(h: &Home, args: &[&str]) -> Run {
    let bin = h.path().join("bin").display().to_string();
    doctor(h.path(), args)
        .env("PATH", &bin)
        .env("MCP_DOCTOR_NO_RUNTIMES", "1")
}

fn check(h: &Home) -> Out {
    doctor_with_tool(h, &["check", "--os", "linux", "--no-platform", "--json"]).run()
}

fn server<'a>(r: &'a serde_json::Value, client: &str, name: &str) -> &'a serde_json::Value {
    r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["client"] == client && s["name"] == name)
        .unwrap_or_else(|| panic!("no server {client}/{name} in {}", r["servers"]))
}

/// 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> u64 {
    text.lines().position(|l| l.contains(needle)).unwrap() as u64 + 1
}

const CONTINUE: &str = r#"name: My assistant
version: 1.0.0
schema: v1
models: []
mcpServers:
  # A good one; its token comes from Continue's secrets.
  - name: good
    type: stdio
    command: srv-tool
    args: ["--flag"]
    env:
      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
  - name: missing
    command: no-such-tool
    args: []
  - name: tilde
    command: srv-tool
    args:
      - ~/x.js
  - name: remote
    type: streamable-http
    url: https://example.com/mcp
  - uses: anthropic/memory-mcp
"#;

#[test]
fn continue_servers_are_checked() {
    let h = home_with_tool();
    write(h.path(), ".continue/config.yaml", CONTINUE);
    let out = check(&h);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let r = out.json();
    let cfg = r["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "continue")
        .unwrap();
    assert_eq!(cfg["status"], "ok", "{cfg}");
    let continue_servers: Vec<_> = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["client"] == "continue")
        .collect();
    assert_eq!(
        continue_servers.len(),
        4,
        "the `uses:` block is not a server"
    );

    // The good stdio server; the ${{ secrets.X }} value is not a problem.
    let good = server(&r, "continue", "good");
    assert_eq!(good["transport"], "stdio");
    assert_eq!(good["command"], "srv-tool");
    assert_eq!(good["status"], "ok", "{:?}", rules_of(&r, "good"));
    assert!(
        rules_of(&r, "good").is_empty(),
        "{:?}",
        rules_of(&r, "good")
    );

    // A command that does not exist, pointed at its line.
    let nf = with_rule(&r, "command-not-found");
    let nf: Vec<_> = nf.iter().filter(|f| f["server"] == "missing").collect();
    assert_eq!(nf.len(), 1, "{}", r["findings"]);
    assert_eq!(nf[0]["cause"], "command-not-found");
    assert_eq!(nf[0]["client"], "continue");
    let ev = &nf[0]["evidence"][0];
    assert!(ev["path"]
        .as_str()
        .unwrap()
        .ends_with(".continue/config.yaml"));
    assert_eq!(ev["line"], line_of(CONTINUE, "command: no-such-tool"));
    assert_eq!(ev["text"], "    command: no-such-tool");
    assert_eq!(server(&r, "continue", "missing")["status"], "error");

    // `~` in an argument: the tilde rule, with the absolute path meant; no automatic fix (YAML).
    let tilde = with_rule(&r, "tilde-path");
    assert_eq!(tilde.len(), 1, "{}", r["findings"]);
    assert_eq!(tilde[0]["server"], "tilde");
    assert_eq!(tilde[0]["evidence"][0]["line"], line_of(CONTINUE, "~/x.js"));
    assert!(tilde[0]["fix"]["summary"]
        .as_str()
        .unwrap()
        .contains(&format!("{}/x.js", h.path().display())));
    assert!(tilde[0]["fix"]["automatic"].is_null(), "{}", tilde[0]);

    // A remote streamable-http entry.
    let remote = server(&r, "continue", "remote");
    assert_eq!(remote["transport"], "http");
    assert_eq!(remote["url"], "https://example.com/mcp");
    assert!(remote["command"].is_null());
    assert!(
        rules_of(&r, "remote").is_empty(),
        "{:?}",
        rules_of(&r, "remote")
    );
}

#[test]
fn continue_list_shape_mistakes_are_reported() {
    let h = home_with_tool();
    let text = "mcpServers:\n  github:\n    command: srv-tool\n";
    write(h.path(), ".continue/config.yaml", text);
    let r = check(&h).json();
    let shape = with_rule(&r, "entry-shape");
    assert_eq!(shape.len(), 1, "{}", r["findings"]);
    assert!(shape[0]["message"].as_str().unwrap().contains("list"));

    let text = "mcpServers:\n  - command: srv-tool\n    arguments: [x]\n";
    write(h.path(), ".continue/config.yaml", text);
    let r = check(&h).json();
    assert!(with_rule(&r, "entry-shape")[0]["message"]
        .as_str()
        .unwrap()
        .contains("no \"name\""));
    let unk = with_rule(&r, "unknown-key");
    assert_eq!(unk.len(), 1, "{}", r["findings"]);
    assert_eq!(unk[0]["evidence"][0]["line"], 3);
}

#[test]
fn continue_workspace_blocks_in_the_project_folder() {
    let h = home_with_tool();
    let proj = h.path().join("proj");
    write(
        &proj,
        ".continue/mcpServers/db.yaml",
        "name: DB block\nversion: 0.0.1\nschema: v1\nmcpServers:\n  - name: db\n    command: no-db-tool\n",
    );
    write(&proj, ".continue/mcpServers/notes.txt", "not a block");
    // A JSON file copied from Claude Desktop into the same folder.
    write(
        &proj,
        ".continue/mcpServers/from-claude.json",
        "{\"mcpServers\": {\"copied\": {\"command\": \"srv-tool\", \"args\": [\"~/x.js\"]}}}",
    );
    let out = doctor_with_tool(&h, &["check", "--os", "linux", "--no-platform", "--json"])
        .cwd(&proj)
        .run();
    let r = out.json();
    let db = server(&r, "continue", "db");
    assert_eq!(db["scope"], "project");
    assert!(db["config"]
        .as_str()
        .unwrap()
        .ends_with(".continue/mcpServers/db.yaml"));
    assert!(rules_of(&r, "db").contains(&"command-not-found".to_string()));
    let f = &with_rule(&r, "command-not-found")[0];
    assert_eq!(f["evidence"][0]["line"], 6);
    let copied = server(&r, "continue", "copied");
    assert_eq!(copied["scope"], "project");
    assert!(copied["config"]
        .as_str()
        .unwrap()
        .ends_with(".continue/mcpServers/from-claude.json"));
    assert!(
        rules_of(&r, "copied").contains(&"tilde-path".to_string()),
        "{:?}",
        rules_of(&r, "copied")
    );
    assert!(!rules_of(&r, "copied").contains(&"command-not-found".to_string()));
}

const GOOSE: &str = r#"GOOSE_PROVIDER: openai
GOOSE_MODEL: gpt-4o
extensions:
  developer:
    bundled: true
    display_name: Developer
    enabled: true
    name: developer
    timeout: 300
    type: builtin
  github:
    name: github
    cmd: srv-tool
    args:
      - serve
    enabled: true
    envs:
      GITHUB_API_URL: https://api.github.com
      API_KEY: your-api-key-here
    type: stdio
    timeout: 300
  old:
    name: old
    cmd: gone-tool
    args: []
    enabled: false
    envs: {}
    type: stdio
  web:
    name: web
    type: streamable_http
    uri: https://example.com/mcp
    enabled: true
    timeout: 60
"#;

#[test]
fn goose_extensions_are_checked() {
    let h = home_with_tool();
    write(h.path(), ".config/goose/config.yaml", GOOSE);
    let out = check(&h);
    let r = out.json();
    let goose: Vec<_> = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["client"] == "goose")
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(goose, ["github", "old", "web"], "the builtin is skipped");
    assert!(rules_of(&r, "developer").is_empty());

    // The enabled stdio extension: `cmd` and `args` read, `envs` read (a placeholder there).
    let gh = server(&r, "goose", "github");
    assert_eq!(gh["command"], "srv-tool");
    assert_eq!(gh["args"], serde_json::json!(["serve"]));
    assert_eq!(gh["disabled"], false);
    let ph = with_rule(&r, "env-placeholder");
    assert_eq!(ph.len(), 1, "{}", r["findings"]);
    assert_eq!(ph[0]["server"], "github");
    assert_eq!(ph[0]["evidence"][0]["line"], line_of(GOOSE, "API_KEY:"));
    // Named as the file spells it.
    let msg = ph[0]["message"].as_str().unwrap();
    assert!(msg.starts_with("envs.API_KEY "), "{msg}");
    assert!(!rules_of(&r, "github").contains(&"command-not-found".to_string()));
    assert!(!rules_of(&r, "github").contains(&"unknown-key".to_string()));

    // The disabled one: its missing command is only a note.
    let old = server(&r, "goose", "old");
    assert_eq!(old["disabled"], true);
    let nf: Vec<_> = with_rule(&r, "command-not-found")
        .into_iter()
        .filter(|f| f["server"] == "old")
        .collect();
    assert_eq!(nf.len(), 1);
    assert_eq!(nf[0]["severity"], "note");
    assert_eq!(
        nf[0]["evidence"][0]["line"],
        line_of(GOOSE, "cmd: gone-tool")
    );

    // The remote one, by `uri`.
    let web = server(&r, "goose", "web");
    assert_eq!(web["transport"], "http");
    assert_eq!(web["url"], "https://example.com/mcp");

    // A placeholder is a warning: exit 1 only for errors.
    let errors = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .count();
    assert_eq!(out.code, i32::from(errors > 0), "{}", r["findings"]);
}

#[test]
fn a_yaml_syntax_error_has_line_and_column() {
    let h = home_with_tool();
    let text =
        "mcpServers:\n  - name: a\n    command: srv-tool\n    args: [\"x\", \"y\"\n  - name: b\n";
    write(h.path(), ".continue/config.yaml", text);
    let out = check(&h);
    assert_eq!(out.code, 1, "{}\n{}", out.stdout, out.stderr);
    let r = out.json();
    let syn = with_rule(&r, "json-syntax");
    assert_eq!(syn.len(), 1, "{}", r["findings"]);
    let msg = syn[0]["message"].as_str().unwrap();
    assert!(msg.contains("not valid YAML"), "{msg}");
    assert!(msg.contains("line ") && msg.contains("column "), "{msg}");
    assert_eq!(syn[0]["client"], "continue");
    assert_eq!(syn[0]["cause"], "invalid-config");
    let ev = &syn[0]["evidence"][0];
    assert!(ev["line"].as_u64().unwrap() >= 4, "{ev}");
    assert!(ev["column"].as_u64().unwrap() >= 1, "{ev}");
    let cfg = r["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "continue")
        .unwrap();
    assert_eq!(cfg["status"], "invalid");
    assert!(!r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["client"] == "continue"));

    // Goose too, with a tab where YAML wants spaces.
    let h = home_with_tool();
    write(
        h.path(),
        ".config/goose/config.yaml",
        "extensions:\n\tgithub:\n\t\tcmd: srv-tool\n",
    );
    let out = check(&h);
    assert_eq!(out.code, 1, "{}", out.stderr);
    let r = out.json();
    let syn = with_rule(&r, "json-syntax");
    assert_eq!(syn.len(), 1, "{}", r["findings"]);
    assert_eq!(syn[0]["client"], "goose");
    assert_eq!(syn[0]["evidence"][0]["line"], 2);
}

#[test]
fn fix_never_writes_a_yaml_file() {
    let h = home_with_tool();
    write(h.path(), ".continue/config.yaml", CONTINUE);
    write(h.path(), ".config/goose/config.yaml", GOOSE);
    // The file `~/x.js` means exists, so the tilde fix would apply to a JSON config.
    write(h.path(), "x.js", "");
    let before_c = std::fs::read(h.path().join(".continue/config.yaml")).unwrap();
    let before_g = std::fs::read(h.path().join(".config/goose/config.yaml")).unwrap();
    let out = doctor_with_tool(&h, &["fix", "--os", "linux", "--absolute-paths", "--yes"]).run();
    assert!(
        out.code == 0 || out.code == 1,
        "{}\n{}",
        out.stdout,
        out.stderr
    );
    assert!(out.stdout.contains("never edits"), "{}", out.stdout);
    assert_eq!(
        std::fs::read(h.path().join(".continue/config.yaml")).unwrap(),
        before_c
    );
    assert_eq!(
        std::fs::read(h.path().join(".config/goose/config.yaml")).unwrap(),
        before_g
    );
    // No backup or temporary file beside them either.
    for dir in [".continue", ".config/goose"] {
        let names: Vec<_> = std::fs::read_dir(h.path().join(dir))
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["config.yaml"], "{dir}: {names:?}");
    }
    // The JSON report plans no change for them.
    let out = doctor_with_tool(
        &h,
        &[
            "fix",
            "--os",
            "linux",
            "--absolute-paths",
            "--yes",
            "--json",
        ],
    )
    .run();
    let r = out.json();
    assert!(
        r["changes"].as_array().is_none_or(|c| c.is_empty()),
        "{}",
        r["changes"]
    );
}

#[test]
fn odd_yaml_never_crashes() {
    let mut inputs: Vec<Vec<u8>> = [
        "",
        "\n\n\n",
        "# only a comment\n",
        "---\n",
        "---\n...\n",
        "~\n",
        "null\n",
        "42\n",
        "just a string\n",
        "[1, 2, 3]\n",
        "- a\n- b\n",
        "mcpServers:\n",
        "mcpServers: ~\n",
        "mcpServers: 3\n",
        "mcpServers: [1, \"x\", null, [], {}]\n",
        "mcpServers:\n  - name: a\n    command: [srv-tool, x]\n",
        "mcpServers:\n  - name: a\n    command: srv-tool\n    args: \"one string\"\n    env: [1]\n",
        "mcpServers:\n  - name: a\n    command: 12\n    env: {A: 1, B: true, C: ~}\n",
        "mcpServers:\n\t- name: a\n",
        "a: b\n---\nc: d\n",
        "--- a\n--- b\n",
        "base: &b {command: srv-tool}\nmcpServers:\n  - <<: *b\n    name: m\n  - *b\n",
        "x: *nope\n",
        "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n",
        "? [complex, key]\n: value\n",
        "a: 'unterminated\n",
        "a: \"unterminated\n",
        "a: |\n  block\n b: c\n",
        "a: b: c\n",
        "{a: 1, b: [2, 3}\n",
        "%YAML 1.2\n---\na: 1\n",
        "%TAG ! tag:x,2000:\n--- !foo\na: !bar 1\n",
        "!!binary aGVsbG8=\n",
        "extensions: {a: {type: builtin}, b: {cmd: srv-tool, enabled: \"no\"}, c: 5}\n",
        "extensions:\n  x:\n    type: sse\n    uri: [1]\n",
        "\u{feff}mcpServers: []\n",
        "mcpServers:\n  - name: \"é ü 😀\"\n    command: \"srv-tool\"\n    args: [\"~/é.js\"]\n",
        "a:\n  - b:\n    - c:\n      - d: [[[[[[[[]]]]]]]]\n",
    ]
    .iter()
    .map(|s| s.as_bytes().to_vec())
    .collect();
    inputs.push("[".repeat(300).into_bytes());
    inputs.push(("[".repeat(5000) + &"]".repeat(5000)).into_bytes());
    inputs.push(("{a: ".repeat(3000) + &"}".repeat(3000)).into_bytes());
    let mut deep = String::new();
    for i in 0..2000 {
        deep.push_str(&" ".repeat(i));
        deep.push_str("- k:\n");
    }
    inputs.push(deep.into_bytes());
    inputs.push(vec![0xff, 0xfe, 0x00, 0x41, 0x00, 0x0a]);
    inputs.push(vec![0x80, 0x81, 0x82, b'\n', b':', b'-']);
    inputs.push((0u8..=255).collect());
    inputs.push(b"a: \x00\x01\x02\n".to_vec());
    inputs.push("- ".repeat(4000).into_bytes());
    inputs.push("a: &x b\n".repeat(500).into_bytes());

    let h = home_with_tool();
    for (i, input) in inputs.iter().enumerate() {
        for rel in [".continue/config.yaml", ".config/goose/config.yaml"] {
            let p = h.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, input).unwrap();
        }
        let out = check(&h);
        assert!(
            out.code == 0 || out.code == 1,
            "input {i} ({:?}): exit {}\n{}",
            String::from_utf8_lossy(&input[..input.len().min(80)]),
            out.code,
            out.stderr
        );
        let r: serde_json::Value = serde_json::from_str(&out.stdout)
            .unwrap_or_else(|e| panic!("input {i}: not JSON ({e}): {}", out.stdout));
        assert_eq!(r["schema"], "mcp-doctor/report/v1", "input {i}");
    }
}

#[test]
fn a_probe_skips_continue_servers_with_secrets() {
    let h = home_with_tool();
    write(
        h.path(),
        ".continue/config.yaml",
        "mcpServers:\n  - name: good\n    command: srv-tool\n    env:\n      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n",
    );
    let out = doctor_with_tool(
        &h,
        &[
            "check",
            "--os",
            "linux",
            "--no-platform",
            "--probe",
            "--json",
        ],
    )
    .run();
    let r = out.json();
    let p = &server(&r, "continue", "good")["probe"];
    assert_eq!(p["status"], "skipped", "{p}");
    assert!(p["skipped_reason"]
        .as_str()
        .unwrap()
        .contains("secrets.GITHUB_TOKEN"));
}

#[test]
fn goose_on_windows_is_read_from_appdata_block() {
    let h = empty_home();
    write(
        h.path(),
        "AppData/Roaming/Block/goose/config/config.yaml",
        GOOSE,
    );
    // The XDG place is not where Windows goose looks.
    write(
        h.path(),
        ".config/goose/config.yaml",
        "extensions:\n  stray:\n    cmd: x\n    type: stdio\n",
    );
    let r = doctor(
        h.path(),
        &["check", "--os", "windows", "--no-platform", "--json"],
    )
    .env("PATH", r"C:\Windows\System32")
    .env("MCP_DOCTOR_NO_RUNTIMES", "1")
    .run()
    .json();
    let goose: Vec<_> = r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["client"] == "goose")
        .map(|s| s["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(goose, ["github", "old", "web"]);
    let cfg = r["configs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["client"] == "goose")
        .unwrap();
    assert!(
        cfg["path"]
            .as_str()
            .unwrap()
            .ends_with(r"AppData\Roaming\Block\goose\config\config.yaml"),
        "{cfg}"
    );
}
