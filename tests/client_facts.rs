//! Facts taken from the clients' and bridges' own source, each through the binary on a fixture
//! home (issue 14, "Why"): what the client accepts is not reported, what it rejects still is.
mod common;
use common::{doctor, home, with_rule};
use serde_json::Value;

fn finding<'a>(r: &'a Value, rule: &str, server: &str) -> Vec<&'a Value> {
    with_rule(r, rule)
        .into_iter()
        .filter(|f| f["server"] == server)
        .collect()
}

fn rules_for(r: &Value, server: &str) -> Vec<String> {
    common::rules_of(r, server)
}

/// Roo Code's `type` is `z.enum(["streamable-http"])` (McpHub.ts): its spelling is valid, Cline's
/// `streamableHttp` is not, and a `url` without `type` is refused rather than read as SSE.
#[test]
fn roo_code_transport_spellings_are_roos_own() {
    let h = home("facts-roo");
    let proj = h.path().join("proj");
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", "/nonexistent-bin")
        .cwd(&proj)
        .run()
        .json();
    assert!(rules_for(&r, "remote").is_empty(), "{:?}", r["findings"]);
    assert!(rules_for(&r, "legacy")
        .iter()
        .all(|x| x != "entry-shape" && x != "remote-missing-type"));
    let camel = finding(&r, "entry-shape", "cline-spelling");
    assert_eq!(camel.len(), 1, "{:?}", r["findings"]);
    assert!(camel[0]["message"]
        .as_str()
        .unwrap()
        .contains("stdio, sse, streamable-http"));
    let untyped = finding(&r, "remote-missing-type", "untyped");
    assert_eq!(untyped.len(), 1, "{:?}", r["findings"]);
    let msg = untyped[0]["message"].as_str().unwrap();
    assert!(msg.contains("refuses"), "{msg}");
    assert!(msg.contains("\"streamable-http\""), "{msg}");
    assert!(!msg.contains("streamableHttp"), "{msg}");
    let servers = r["servers"].as_array().unwrap();
    let remote = servers.iter().find(|s| s["name"] == "remote").unwrap();
    assert_eq!(remote["transport"], "http");
}

/// Gemini CLI loads `~/.gemini/.env` (settings.ts `findEnvFile`/`loadEnvironment`) and expands
/// `$VAR`, `${VAR}` and `${VAR:-default}` everywhere; an unset variable stays literal text except
/// in `env` and `headers`, which are expanded again at spawn and become empty.
#[test]
fn gemini_cli_reads_its_env_file_and_keeps_unset_variables_literal() {
    let h = home("facts-gemini");
    let bin = h.path().join("bin").display().to_string();
    let out = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .run();
    let r = out.json();
    // GITHUB_TOKEN is only in ~/.gemini/.env; GH_HOST has a default.
    assert!(
        finding(&r, "env-var-unset", "github").is_empty(),
        "{:?}",
        r["findings"]
    );
    // `$GITHUB_TOKEN` is a reference, not a plaintext secret.
    assert!(finding(&r, "plaintext-secret", "github").is_empty());
    // The token from the .env file never reaches the output.
    assert!(!out.stdout.contains("ghp_0123456789"), "{}", out.stdout);
    let notes = finding(&r, "env-var-unset", "notes");
    let msgs: Vec<&str> = notes
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert_eq!(msgs.len(), 2, "{msgs:?}");
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("$NOTES_DIR") && m.contains("the literal text \"$NOTES_DIR\"")),
        "{msgs:?}"
    );
    assert!(
        msgs.iter()
            .any(|m| m.starts_with("${NOTES_KEY}") && m.contains("an empty value")),
        "{msgs:?}"
    );
    assert!(msgs.iter().all(|m| m.contains(".gemini/.env")), "{msgs:?}");
    // Gemini expands args itself: nothing says it does not.
    assert!(with_rule(&r, "env-not-expanded").is_empty());
    // Set in the environment, the variables are no longer reported.
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .env("NOTES_DIR", "/tmp")
        .env("NOTES_KEY", "k")
        .run()
        .json();
    assert!(
        with_rule(&r, "env-var-unset").is_empty(),
        "{:?}",
        r["findings"]
    );
}

/// mcp-remote replaces `${VAR}` in its own `--header` values from its environment
/// (src/lib/utils.ts `parseCommandLineArgs`): not the client's job, not an unexpanded reference.
#[test]
fn mcp_remote_expands_its_own_header_variables() {
    let h = home("facts-mcp-remote");
    let bin = h.path().join("bin").display().to_string();
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", &bin)
        .env("AUTH_HEADER", "Bearer from-the-shell-0123")
        .run()
        .json();
    for s in ["linear", "from-shell", "missing"] {
        assert!(
            finding(&r, "env-not-expanded", s).is_empty(),
            "{s}: {:?}",
            r["findings"]
        );
    }
    assert!(finding(&r, "env-var-unset", "linear").is_empty());
    assert!(finding(&r, "env-var-unset", "from-shell").is_empty());
    let missing = finding(&r, "env-var-unset", "missing");
    assert_eq!(missing.len(), 1, "{:?}", r["findings"]);
    assert!(missing[0]["message"]
        .as_str()
        .unwrap()
        .contains("mcp-remote replaces it"));
    // The same text for a program that is not mcp-remote is still the client's to expand.
    assert_eq!(finding(&r, "env-not-expanded", "not-a-bridge").len(), 1);
}

/// VS Code reads a top-level `servers` from mcp.json; `{"mcp": {"servers": ...}}` is one level too
/// deep, and renaming `mcp` to `servers` would give `servers.servers`.
#[test]
fn vscode_mcp_wrapper_is_moved_up_not_renamed() {
    let h = home("facts-vscode-wrapper");
    let proj = h.path().join("proj");
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", "/nonexistent-bin")
        .cwd(&proj)
        .run()
        .json();
    let f = with_rule(&r, "top-key-misspelt");
    assert_eq!(f.len(), 1, "{:?}", r["findings"]);
    let msg = f[0]["message"].as_str().unwrap();
    let fix = f[0]["fix"]["summary"].as_str().unwrap();
    assert!(msg.contains("drop the \"mcp\" wrapper"), "{msg}");
    assert!(!fix.contains("Rename"), "{fix}");
    assert!(
        fix.contains("Move \"mcp.servers\" to a top-level \"servers\""),
        "{fix}"
    );
}

/// On Windows: Codex starts the full path of `npx.cmd`, as Rust runs `.cmd` files through cmd.exe
/// (codex-rs/rmcp-client); `cmd` is `%ComSpec%`, always there.
#[test]
fn windows_codex_runs_cmd_shims_and_cmd_is_always_there() {
    let h = home("facts-windows");
    let r = doctor(h.path(), &["check", "--os", "windows", "--json"])
        .env("PATH", r"C:\Users\Bob\Tools\nodejs")
        .env("USERPROFILE", r"C:\Users\Bob")
        .run()
        .json();
    let codex: Vec<&Value> = r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["client"] == "codex")
        .collect();
    // The full path of npx.cmd starts; a bare `npx` fails in Codex builds without
    // program_resolver.rs (testdata/corpus/140), so only that entry is reported.
    assert!(
        codex
            .iter()
            .all(|f| f["server"] == "bare" && f["rule"] == "windows-npx"),
        "{codex:?}"
    );
    assert_eq!(codex.len(), 1, "{codex:?}");
    for s in ["wrapped", "comspec"] {
        assert!(
            finding(&r, "command-not-found", s).is_empty(),
            "{s}: {:?}",
            r["findings"]
        );
    }
    // Cursor still cannot start a bare `npx` (a .cmd file) without cmd /c.
    let bare = finding(&r, "windows-npx", "bare");
    assert!(bare.iter().any(|f| f["client"] == "cursor"), "{bare:?}");
}

/// Cline's `type` is `z.literal("streamableHttp")` and a `url` without `type` is SSE, its schema
/// listed first (cline/cline src/services/mcp/schemas.ts): the mirror image of Roo Code.
#[test]
fn cline_transport_spellings_are_clines_own() {
    let h = home("facts-cline");
    let r = doctor(h.path(), &["check", "--os", "linux", "--json"])
        .env("PATH", "/nonexistent-bin")
        .run()
        .json();
    assert!(rules_for(&r, "remote").is_empty(), "{:?}", r["findings"]);
    let roo = finding(&r, "entry-shape", "roo-spelling");
    assert_eq!(roo.len(), 1, "{:?}", r["findings"]);
    assert!(roo[0]["message"]
        .as_str()
        .unwrap()
        .contains("stdio, sse, streamableHttp"));
    let untyped = finding(&r, "remote-missing-type", "untyped");
    assert_eq!(untyped.len(), 1, "{:?}", r["findings"]);
    assert!(untyped[0]["message"]
        .as_str()
        .unwrap()
        .contains("legacy SSE"));
    let servers = r["servers"].as_array().unwrap();
    let t = |n: &str| servers.iter().find(|s| s["name"] == n).unwrap()["transport"].clone();
    assert_eq!(t("remote"), "http");
    assert_eq!(t("untyped"), "sse");
}
