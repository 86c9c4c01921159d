//! Platform checks (issue #8) through the real binary, on fake macOS and Windows homes, with the
//! platform tools answered from outputs recorded on real machines (`testdata/platform/`). For each
//! check a failing and a passing fixture.
mod common;
use common::*;
use std::path::PathBuf;

const MAC_PATH: &str = "/Users/alice/.nvm/versions/node/v20.11.1/bin:/usr/bin:/bin";
const WIN_PATH: &str = r"C:\Users\Bob\Tools\nodejs;C:\Windows\System32";

fn replay(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/platform")
        .join(name)
        .display()
        .to_string()
}

fn mac(h: &Home, scenario: &str) -> Run {
    doctor(
        h.path(),
        &[
            "check",
            "--os",
            "macos",
            "--json",
            "--platform-replay",
            &replay(scenario),
        ],
    )
    .env("PATH", MAC_PATH)
}

fn win(h: &Home, scenario: &str) -> Run {
    doctor(
        h.path(),
        &[
            "check",
            "--os",
            "windows",
            "--json",
            "--platform-replay",
            &replay(scenario),
        ],
    )
    .env("PATH", WIN_PATH)
}

fn of<'a>(r: &'a serde_json::Value, rule: &str, server: &str) -> Vec<&'a serde_json::Value> {
    with_rule(r, rule)
        .into_iter()
        .filter(|f| f["server"] == server)
        .collect()
}

fn platform_rules(r: &serde_json::Value) -> Vec<String> {
    let ours = [
        "macos-firewall-blocks-app",
        "macos-firewall-blocks-all",
        "macos-quarantined",
        "macos-unsigned-binary",
        "windows-firewall-blocks-app",
        "windows-download-blocked",
        "proxy-not-passed",
        "proxy-catches-loopback",
    ];
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .filter(|id| ours.contains(&id.as_str()))
        .collect()
}

#[test]
fn macos_firewall_blocked_node_is_reported_for_listening_servers_only() {
    let h = home_as("macos-platform", "alice");
    let r = mac(&h, "macos-blocked").run();
    let j = r.json();
    // A server reached over the local network: the block is in the way (warning).
    let studio = of(&j, "macos-firewall-blocks-app", "studio");
    assert_eq!(studio.len(), 1, "{}", r.stdout);
    assert_eq!(studio[0]["severity"], "warning");
    assert_eq!(studio[0]["cause"], "network-blocked");
    assert_eq!(
        studio[0]["fix"]["commands"][0],
        "sudo /usr/libexec/ApplicationFirewall/socketfilterfw --unblockapp /Users/alice/.nvm/versions/node/v20.11.1/bin/node"
    );
    assert!(studio[0]["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .contains("( Block incoming connections )"));
    // Over localhost (a local URL, mcp-remote's OAuth callback) the firewall does not filter: a note.
    for s in ["local", "linear"] {
        let f = of(&j, "macos-firewall-blocks-app", s);
        assert_eq!(f.len(), 1, "{s}: {}", r.stdout);
        assert_eq!(f[0]["severity"], "note");
    }
    // Plain stdio servers do not listen: no firewall finding.
    for s in ["weather", "notes", "github"] {
        assert!(of(&j, "macos-firewall-blocks-app", s).is_empty(), "{s}");
    }
}

#[test]
fn macos_firewall_allowing_node_gives_no_finding() {
    let h = home_as("macos-platform", "alice");
    let j = mac(&h, "macos-clean").run().json();
    assert!(with_rule(&j, "macos-firewall-blocks-app").is_empty());
    assert!(with_rule(&j, "macos-firewall-blocks-all").is_empty());
    assert!(j["platform"]["checked"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "macOS application firewall"));
}

#[test]
fn macos_block_all_incoming_is_reported() {
    let h = home_as("macos-platform", "alice");
    let j = mac(&h, "macos-blockall").run().json();
    let f = of(&j, "macos-firewall-blocks-all", "studio");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["severity"], "warning");
    assert_eq!(
        f[0]["fix"]["commands"][0],
        "sudo /usr/libexec/ApplicationFirewall/socketfilterfw --setblockall off"
    );
    assert_eq!(
        of(&j, "macos-firewall-blocks-all", "local")[0]["severity"],
        "note"
    );
}

#[test]
fn macos_quarantined_and_unsigned_binary_is_a_permission_error() {
    let h = home_as("macos-platform", "alice");
    let out = mac(&h, "macos-blocked").run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let j = out.json();
    let q = of(&j, "macos-quarantined", "weather");
    assert_eq!(q.len(), 1, "{}", out.stdout);
    assert_eq!(q[0]["severity"], "error");
    assert_eq!(q[0]["cause"], "permission");
    assert_eq!(
        q[0]["fix"]["commands"][0],
        "xattr -d com.apple.quarantine /Users/alice/bin/weather-mcp"
    );
    assert!(q[0]["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .contains("rejected"));
    let u = of(&j, "macos-unsigned-binary", "weather");
    assert_eq!(u.len(), 1);
    assert_eq!(u[0]["severity"], "error");
    assert_eq!(
        u[0]["fix"]["commands"][0],
        "codesign --force --sign - /Users/alice/bin/weather-mcp"
    );
    // A quarantined script given to node: a warning with the same fix.
    let s = of(&j, "macos-quarantined", "notes");
    assert_eq!(s.len(), 1);
    assert_eq!(s[0]["severity"], "warning");
    // node itself is signed and not quarantined.
    assert!(of(&j, "macos-unsigned-binary", "notes").is_empty());
}

#[test]
fn macos_clean_files_pass_gatekeeper() {
    let h = home_as("macos-platform", "alice");
    let j = mac(&h, "macos-clean").run().json();
    assert!(with_rule(&j, "macos-quarantined").is_empty());
    assert!(with_rule(&j, "macos-unsigned-binary").is_empty());
    assert!(
        j["platform"]["unchecked"].as_array().unwrap().is_empty(),
        "{}",
        j["platform"]
    );
}

#[test]
fn tools_that_cannot_run_are_reported_as_unchecked_not_guessed() {
    let h = home_as("macos-platform", "alice");
    let out = mac(&h, "macos-denied").run();
    let j = out.json();
    assert!(with_rule(&j, "macos-firewall-blocks-app").is_empty());
    let unchecked: Vec<String> = j["platform"]["unchecked"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u.as_str().unwrap().to_string())
        .collect();
    assert!(
        unchecked
            .iter()
            .any(|u| u.contains("macOS application firewall") && u.contains("permission denied")),
        "{unchecked:?}"
    );
    // xattr was not recorded either: said, not guessed.
    assert!(
        unchecked.iter().any(|u| u.contains("quarantine attribute")),
        "{unchecked:?}"
    );
    // The human output says so too.
    let human = doctor(
        h.path(),
        &[
            "check",
            "--os",
            "macos",
            "--platform-replay",
            &replay("macos-denied"),
        ],
    )
    .env("PATH", MAC_PATH)
    .run();
    assert!(human.stdout.contains("Platform checks"), "{}", human.stdout);
    assert!(human.stdout.contains("could not check (permission denied)"));
}

#[test]
fn another_os_without_a_recording_skips_and_says_why() {
    let h = home_as("macos-platform", "alice");
    let out = doctor(h.path(), &["check", "--os", "macos", "--json"])
        .env("PATH", MAC_PATH)
        .run();
    let j = out.json();
    if cfg!(target_os = "macos") {
        // --home on the host OS: this machine's tools would not describe the analysed home.
        assert!(j["platform"]["unchecked"][0]
            .as_str()
            .unwrap()
            .contains("--home"));
    } else {
        assert_eq!(j["platform"]["source"], "skipped");
        let u = j["platform"]["unchecked"][0].as_str().unwrap();
        assert!(u.contains("cannot ask macos's tools"), "{u}");
    }
    assert!(with_rule(&j, "macos-quarantined").is_empty());
}

#[test]
fn a_broken_recording_is_a_usage_error() {
    let h = home_as("macos-platform", "alice");
    let out = doctor(
        h.path(),
        &[
            "check",
            "--os",
            "macos",
            "--platform-replay",
            "/nonexistent/recording",
        ],
    )
    .run();
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    assert!(out.stderr.contains("--platform-replay"));
}

#[test]
fn the_replay_can_come_from_the_environment() {
    let h = home_as("macos-platform", "alice");
    let out = doctor(h.path(), &["check", "--os", "macos", "--json"])
        .env("PATH", MAC_PATH)
        .env("MCP_DOCTOR_PLATFORM_REPLAY", &replay("macos-blocked"))
        .run();
    assert_eq!(of(&out.json(), "macos-quarantined", "weather").len(), 1);
}

#[test]
fn windows_firewall_block_rule_for_node_is_reported() {
    let h = home("windows-platform");
    let out = win(&h, "windows-blocked").run();
    let j = out.json();
    let f = of(&j, "windows-firewall-blocks-app", "studio");
    // Windows makes a TCP and a UDP rule of one name: one finding.
    assert_eq!(f.len(), 1, "{}", out.stdout);
    assert_eq!(f[0]["severity"], "warning");
    assert_eq!(f[0]["cause"], "network-blocked");
    assert_eq!(
        f[0]["fix"]["commands"][0],
        "netsh advfirewall firewall set rule name=\"Node.js JavaScript Runtime\" dir=in new action=allow"
    );
    // mcp-remote's callback is on localhost, which Windows Firewall rules do not filter: a note.
    let cb = of(&j, "windows-firewall-blocks-app", "linear");
    assert_eq!(cb.len(), 1);
    assert_eq!(cb[0]["severity"], "note");
    // stdio servers do not listen.
    assert!(of(&j, "windows-firewall-blocks-app", "weather").is_empty());
}

#[test]
fn windows_firewall_rules_from_powershell_when_netsh_is_missing() {
    let h = home("windows-platform");
    let j = win(&h, "windows-powershell").run().json();
    let f = of(&j, "windows-firewall-blocks-app", "studio");
    assert_eq!(f.len(), 1);
    assert!(f[0]["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .starts_with("Get-NetFirewallRule"));
}

#[test]
fn windows_allowing_rules_and_unblocked_files_pass() {
    let h = home("windows-platform");
    let out = win(&h, "windows-clean").run();
    let j = out.json();
    assert!(platform_rules(&j).is_empty(), "{}", out.stdout);
    assert_eq!(out.code, 0, "{}", out.stdout);
    assert!(
        j["platform"]["unchecked"].as_array().unwrap().is_empty(),
        "{}",
        j["platform"]
    );
}

#[test]
fn windows_downloaded_files_are_permission_findings() {
    let h = home("windows-platform");
    let out = win(&h, "windows-blocked").run();
    assert_eq!(out.code, 1);
    let j = out.json();
    let ps = of(&j, "windows-download-blocked", "inventory");
    assert_eq!(ps.len(), 1, "{}", out.stdout);
    assert_eq!(ps[0]["severity"], "error");
    assert_eq!(ps[0]["cause"], "permission");
    assert_eq!(
        ps[0]["fix"]["commands"][0],
        // PowerShell quoting: a path with nothing special in it stands as it is.
        r#"Unblock-File -Path C:\Users\Bob\scripts\inventory.ps1"#
    );
    let exe = of(&j, "windows-download-blocked", "weather");
    assert_eq!(exe.len(), 1);
    assert_eq!(exe[0]["severity"], "warning");
    assert!(exe[0]["evidence"][0]["text"]
        .as_str()
        .unwrap()
        .contains("ZoneId=3"));
}

const PROXY: &str = "http://bob:s3cretpw@proxy.corp.example:8080";

#[test]
fn macos_proxy_not_passed_to_claude_desktop_and_loopback_not_exempt() {
    let h = home_as("macos-platform", "alice");
    let out = mac(&h, "macos-clean")
        .env("HTTPS_PROXY", PROXY)
        .env("http_proxy", "http://proxy.corp.example:8080")
        .env("NO_PROXY", ".corp.example")
        .run();
    let j = out.json();
    // Claude Desktop does not get the shell's variables; npx downloads the package.
    let np = of(&j, "proxy-not-passed", "github");
    assert_eq!(np.len(), 1, "{}", out.stdout);
    assert_eq!(np[0]["cause"], "network-blocked");
    // Claude Code (a terminal) and Cursor (loads the shell's environment) do get them.
    assert!(of(&j, "proxy-not-passed", "linear").is_empty());
    // A server on localhost while NO_PROXY does not name it.
    let lb = of(&j, "proxy-catches-loopback", "local");
    assert_eq!(lb.len(), 1);
    assert_eq!(
        lb[0]["fix"]["commands"][0],
        "export NO_PROXY=localhost,127.0.0.1,::1"
    );
    // The proxy's password never reaches the output.
    assert!(!out.stdout.contains("s3cretpw"), "{}", out.stdout);
    let human = doctor(
        h.path(),
        &[
            "check",
            "--os",
            "macos",
            "-v",
            "--platform-replay",
            &replay("macos-clean"),
        ],
    )
    .env("PATH", MAC_PATH)
    .env("HTTPS_PROXY", PROXY)
    .run();
    assert!(human.stdout.contains("proxy-not-passed"));
    assert!(!human.stdout.contains("s3cretpw"));
}

#[test]
fn macos_proxy_passed_in_env_and_loopback_exempt_pass() {
    let h = home_as("macos-platform", "alice");
    let cfg = h
        .path()
        .join("Library/Application Support/Claude/claude_desktop_config.json");
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        r#""args": ["-y", "@modelcontextprotocol/server-github"]"#,
        r#""args": ["-y", "@modelcontextprotocol/server-github"], "env": {"HTTPS_PROXY": "http://proxy.corp.example:8080"}"#,
    );
    std::fs::write(&cfg, text).unwrap();
    let out = mac(&h, "macos-clean")
        .env("HTTPS_PROXY", PROXY)
        .env("HTTP_PROXY", "http://proxy.corp.example:8080")
        .env("NO_PROXY", "localhost,127.0.0.1,::1,.corp.example")
        .run();
    let j = out.json();
    assert!(
        with_rule(&j, "proxy-not-passed").is_empty(),
        "{}",
        out.stdout
    );
    assert!(with_rule(&j, "proxy-catches-loopback").is_empty());
}

#[test]
fn windows_proxy_catching_localhost_is_reported() {
    let h = home("windows-platform");
    std::fs::write(
        h.path().join(".cursor/mcp.json"),
        r#"{"mcpServers": {"local": {"url": "http://127.0.0.1:3000/mcp"}}}"#,
    )
    .unwrap();
    let fail = win(&h, "windows-clean")
        .env("HTTP_PROXY", "http://proxy.corp.example:8080")
        .run()
        .json();
    let f = of(&fail, "proxy-catches-loopback", "local");
    assert_eq!(f.len(), 1);
    assert_eq!(
        f[0]["fix"]["commands"][0],
        "setx NO_PROXY \"localhost,127.0.0.1,::1\""
    );
    // Windows variable names are case-insensitive: no_proxy counts.
    let pass = win(&h, "windows-clean")
        .env("HTTP_PROXY", "http://proxy.corp.example:8080")
        .env("no_proxy", "localhost,127.0.0.1")
        .run()
        .json();
    assert!(with_rule(&pass, "proxy-catches-loopback").is_empty());
}

#[test]
fn macos_ca_bundle_not_passed_to_claude_desktop() {
    let h = home_as("macos-platform", "alice");
    let fail = mac(&h, "macos-clean")
        .env("NODE_EXTRA_CA_CERTS", "/Users/alice/certs/corp-root.pem")
        .run()
        .json();
    let f = of(&fail, "ca-bundle-not-passed", "github");
    assert_eq!(f.len(), 1);
    assert_eq!(f[0]["cause"], "network-blocked");
    assert!(f[0]["fix"]["summary"]
        .as_str()
        .unwrap()
        .contains("NODE_EXTRA_CA_CERTS=/Users/alice/certs/corp-root.pem"));
    // Claude Code runs from the terminal and has it.
    assert!(of(&fail, "ca-bundle-not-passed", "linear").is_empty());
    // Passed in the entry's env: fine.
    let cfg = h
        .path()
        .join("Library/Application Support/Claude/claude_desktop_config.json");
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        r#""args": ["-y", "@modelcontextprotocol/server-github"]"#,
        r#""args": ["-y", "@modelcontextprotocol/server-github"], "env": {"NODE_EXTRA_CA_CERTS": "/Users/alice/certs/corp-root.pem"}"#,
    );
    std::fs::write(&cfg, text).unwrap();
    let pass = mac(&h, "macos-clean")
        .env("NODE_EXTRA_CA_CERTS", "/Users/alice/certs/corp-root.pem")
        .run()
        .json();
    assert!(of(&pass, "ca-bundle-not-passed", "github").is_empty());
}

/// Python's and OpenSSL's CA variables are nothing to an `npx` server (Node reads only
/// `NODE_EXTRA_CA_CERTS`), while a `uvx` server needs them and not Node's.
#[test]
fn macos_ca_bundle_not_passed_names_the_variables_the_runtime_reads() {
    let h = home_as("macos-platform", "alice");
    let cfg = h
        .path()
        .join("Library/Application Support/Claude/claude_desktop_config.json");
    let text = std::fs::read_to_string(&cfg).unwrap().replace(
        r#""github": {"#,
        r#""fetch": {"command": "uvx", "args": ["mcp-server-fetch"]},
    "github": {"#,
    );
    std::fs::write(&cfg, text).unwrap();
    let r = mac(&h, "macos-clean")
        .env("NODE_EXTRA_CA_CERTS", "/Users/alice/certs/corp-root.pem")
        .env("SSL_CERT_FILE", "/Users/alice/certs/corp-root.pem")
        .env("REQUESTS_CA_BUNDLE", "/Users/alice/certs/corp-root.pem")
        .run()
        .json();
    let names = |server: &str| -> Vec<String> {
        of(&r, "ca-bundle-not-passed", server)
            .iter()
            .map(|f| {
                let m = f["message"].as_str().unwrap();
                m.split_whitespace()
                    .nth(3)
                    .unwrap()
                    .split('=')
                    .next()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    assert_eq!(names("github"), ["NODE_EXTRA_CA_CERTS"]);
    assert_eq!(names("fetch"), ["SSL_CERT_FILE", "REQUESTS_CA_BUNDLE"]);
}
