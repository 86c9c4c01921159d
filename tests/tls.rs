//! TLS interception (issue #8, part 4) through the real binary: real TLS servers on loopback
//! presenting chains from a test PKI (`testdata/tls/`), judged against the store of the program
//! that connects, with the system's store from a `--root` bundle (Linux) or recorded tool answers
//! (`security` on macOS, PowerShell on Windows). A failing and a passing fixture for each.
mod common;
use common::*;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn pki(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/tls")
        .join(name)
}

fn replay(name: &str) -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("testdata/platform")
        .join(name)
        .display()
        .to_string()
}

/// A TLS server on 127.0.0.1 presenting `certs` (leaf first); it answers any request with 404.
/// Returns its port and the number of TLS handshakes it completed.
fn serve(certs: &[&str], key: &str) -> (u16, Arc<AtomicUsize>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let chain: Vec<CertificateDer<'static>> = certs
        .iter()
        .map(|c| CertificateDer::from_pem_file(pki(c)).unwrap())
        .collect();
    let key = PrivateKeyDer::from_pem_file(pki(key)).unwrap();
    let config = Arc::new(
        rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .unwrap(),
    );
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let done = Arc::new(AtomicUsize::new(0));
    let counter = done.clone();
    std::thread::spawn(move || {
        for sock in listener.incoming() {
            let Ok(mut sock) = sock else { continue };
            let config = config.clone();
            let counter = counter.clone();
            std::thread::spawn(move || {
                let _ = sock.set_read_timeout(Some(std::time::Duration::from_secs(5)));
                let mut conn = rustls::ServerConnection::new(config).unwrap();
                while conn.is_handshaking() {
                    if conn.complete_io(&mut sock).is_err() {
                        return;
                    }
                }
                counter.fetch_add(1, Ordering::SeqCst);
                let mut tls = rustls::Stream::new(&mut conn, &mut sock);
                let mut buf = [0u8; 4096];
                if let Ok(n) = tls.read(&mut buf) {
                    if n > 0 {
                        let _ = tls.write_all(
                            b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                        );
                    }
                }
            });
        }
    });
    (port, done)
}

/// A home folder named `alice` (so that a foreign OS spells it `/Users/alice`, `C:\Users\alice`).
fn alice() -> (tempfile::TempDir, PathBuf) {
    let t = tempfile::tempdir().unwrap();
    let h = t.path().join("alice");
    std::fs::create_dir_all(&h).unwrap();
    (t, h)
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A Linux root whose distribution bundle holds the company's root (as IT installs it).
fn linux_root(t: &tempfile::TempDir) -> PathBuf {
    let root = t.path().join("root");
    let ca = std::fs::read_to_string(pki("corp-ca.pem")).unwrap();
    write(&root.join("etc/ssl/certs/ca-certificates.crt"), &ca);
    root
}

fn linux(h: &Path, root: &Path, probe: bool) -> Run {
    let mut args = vec![
        "check",
        "--os",
        "linux",
        "--json",
        "--root",
        root.to_str().unwrap(),
        "--timeout",
        "5",
    ];
    if probe {
        args.push("--probe");
    }
    doctor(h, &args)
        .env("PATH", "/usr/bin:/bin")
        .env("MCP_DOCTOR_NO_RUNTIMES", "1")
}

fn tls_findings(r: &serde_json::Value) -> Vec<&serde_json::Value> {
    r["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().unwrap().starts_with("tls-"))
        .collect()
}

/// The one TLS finding of a report, which must have this rule; with its message.
fn the_tls_finding<'a>(r: &'a serde_json::Value, rule: &str) -> (&'a serde_json::Value, &'a str) {
    let f = tls_findings(r);
    assert_eq!(f.len(), 1, "{f:#?}");
    assert_eq!(f[0]["rule"], rule);
    (f[0], f[0]["message"].as_str().unwrap())
}

fn checked(r: &serde_json::Value) -> Vec<String> {
    r["platform"]["checked"]
        .as_array()
        .map(|a| a.iter().map(|c| c.as_str().unwrap().to_string()).collect())
        .unwrap_or_default()
}

fn claude_code(h: &Path, url: &str) {
    write(
        &h.join(".claude.json"),
        &format!(r#"{{"mcpServers": {{"corp": {{"type": "http", "url": "{url}"}}}}}}"#),
    );
}

#[test]
fn claude_code_behind_an_inspecting_proxy_is_told_to_trust_the_system_bundle() {
    let (port, handshakes) = serve(&["leaf.pem", "corp-ca.pem"], "leaf.key");
    let (t, h) = alice();
    let root = linux_root(&t);
    claude_code(&h, &format!("https://127.0.0.1:{port}/mcp"));

    // Without --probe nothing is contacted.
    let r = linux(&h, &root, false).run().json();
    assert!(tls_findings(&r).is_empty());
    assert_eq!(handshakes.load(Ordering::SeqCst), 0);

    let r = linux(&h, &root, true).run().json();
    let (f, msg) = the_tls_finding(&r, "tls-intercepted");
    assert_eq!(f["cause"], "network-blocked");
    assert_eq!(f["server"], "corp");
    assert!(msg.contains("Example Corp TLS Inspection Root CA"), "{msg}");
    assert!(msg.contains("Node's bundled list"), "{msg}");
    // The chain ends at a self-signed root it sent: Node's words for that.
    assert!(msg.contains("SELF_SIGNED_CERT_IN_CHAIN"), "{msg}");
    let fix = serde_json::to_string(&f["fix"]).unwrap();
    assert!(
        fix.contains("export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt"),
        "{fix}"
    );
    assert!(handshakes.load(Ordering::SeqCst) >= 1);
    assert!(checked(&r).iter().any(|c| c == "TLS certificate chains"));
    // The probe's own request failed on the certificate too; the TLS finding is the explanation,
    // and it is what the ranked cause tells the user to do.
    assert!(with_rule(&r, "probe-network-blocked").is_empty());
    let top = &r["causes"][0];
    assert_eq!(top["cause"], "network-blocked");
    assert_eq!(top["server"], "corp");
    let cmds = serde_json::to_string(&top["fix"]["commands"]).unwrap();
    assert!(
        cmds.contains("export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt"),
        "{cmds}"
    );

    // Passing: the variable is set where Claude Code starts.
    let r = linux(&h, &root, true)
        .env("NODE_EXTRA_CA_CERTS", "/etc/ssl/certs/ca-certificates.crt")
        .run()
        .json();
    assert!(tls_findings(&r).is_empty(), "{:#?}", tls_findings(&r));
    assert!(checked(&r).iter().any(|c| c == "TLS certificate chains"));

    // Passing: Node told to read the system store.
    let r = linux(&h, &root, true)
        .env("NODE_USE_SYSTEM_CA", "1")
        .run()
        .json();
    assert!(tls_findings(&r).is_empty(), "{:#?}", tls_findings(&r));

    // A variable naming a file that does not exist does not help, and the message says so.
    let r = linux(&h, &root, true)
        .env("NODE_EXTRA_CA_CERTS", "/etc/corp/missing.pem")
        .run()
        .json();
    let (_, msg) = the_tls_finding(&r, "tls-intercepted");
    assert!(
        msg.contains(
            "NODE_EXTRA_CA_CERTS=/etc/corp/missing.pem is not used: the file does not exist"
        ),
        "{msg}"
    );
}

#[test]
fn an_editor_that_uses_the_system_store_is_not_flagged() {
    let (port, _) = serve(&["leaf.pem"], "leaf.key");
    let (t, h) = alice();
    let root = linux_root(&t);
    write(
        &h.join(".config/Code/User/mcp.json"),
        &format!(
            r#"{{"servers": {{"corp": {{"type": "http", "url": "https://127.0.0.1:{port}/mcp"}}}}}}"#
        ),
    );
    let r = linux(&h, &root, true).run().json();
    assert!(tls_findings(&r).is_empty(), "{:#?}", tls_findings(&r));
    assert!(checked(&r).iter().any(|c| c == "TLS certificate chains"));
    // The probe (Mozilla's list only) failed on the certificate: that is the probe's failure,
    // not VS Code's, and it is said in the probe's notes rather than as a cause.
    assert!(with_rule(&r, "probe-network-blocked").is_empty());
    let probe = &r["servers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "corp")
        .unwrap()["probe"];
    let notes = serde_json::to_string(&probe["notes"]).unwrap();
    assert!(
        notes.contains("the system's certificate store, which trusts this server's chain"),
        "{notes}"
    );

    // Failing: the same editor when the system does not trust the company root either.
    let bare = t.path().join("bare");
    write(&bare.join("etc/ssl/certs/ca-certificates.crt"), "");
    let r = linux(&h, &bare, true).run().json();
    let (_, msg) = the_tls_finding(&r, "tls-untrusted");
    assert!(
        msg.contains("issued by \"Example Corp TLS Inspection Root CA\", which is not a trusted certificate authority"),
        "{msg}"
    );
    // Only the leaf was sent: the issuer cannot be found locally.
    assert!(msg.contains("UNABLE_TO_GET_ISSUER_CERT_LOCALLY"), "{msg}");
}

#[test]
fn self_signed_and_expired_certificates_are_untrusted_with_the_reason() {
    let (t, h) = alice();
    let root = linux_root(&t);

    let (port, _) = serve(&["self.pem"], "self.key");
    claude_code(&h, &format!("https://127.0.0.1:{port}/mcp"));
    let r = linux(&h, &root, true).run().json();
    let (f, msg) = the_tls_finding(&r, "tls-untrusted");
    assert_eq!(f["severity"], "error");
    assert!(msg.contains("the certificate is self-signed"), "{msg}");
    assert!(msg.contains("DEPTH_ZERO_SELF_SIGNED_CERT"), "{msg}");
    assert!(
        msg.contains("The system's store does not trust it either"),
        "{msg}"
    );

    // Expired: even the store that knows the CA rejects it.
    let (port, _) = serve(&["expired.pem", "corp-ca.pem"], "expired.key");
    claude_code(&h, &format!("https://127.0.0.1:{port}/mcp"));
    let r = linux(&h, &root, true)
        .env("NODE_USE_SYSTEM_CA", "1")
        .run()
        .json();
    let (_, msg) = the_tls_finding(&r, "tls-untrusted");
    assert!(
        msg.contains("the certificate expired on 2020-01-01"),
        "{msg}"
    );
    assert!(msg.contains("CERT_HAS_EXPIRED"), "{msg}");
}

#[test]
fn an_unreachable_server_is_not_checked_and_says_why() {
    // A port nobody listens on: port 1 (tcpmux), which only root can bind. (A port taken from a
    // dropped listener could be bound again by another test's TLS server in the meantime.)
    let port = 1;
    let (t, h) = alice();
    let root = linux_root(&t);
    claude_code(&h, &format!("https://127.0.0.1:{port}/mcp"));
    let r = linux(&h, &root, true).run().json();
    assert!(tls_findings(&r).is_empty());
    let un = serde_json::to_string(&r["platform"]["unchecked"]).unwrap();
    assert!(
        un.contains(&format!("TLS chain of 127.0.0.1:{port}")),
        "{un}"
    );
    assert!(un.contains("cannot connect"), "{un}");
}

fn desktop_mcp_remote(h: &Path, config: &Path, port: u16, env: &str) {
    write(
        config,
        &format!(
            r#"{{"mcpServers": {{"corp": {{"command": "npx", "args": ["-y", "mcp-remote", "https://127.0.0.1:{port}/mcp"]{env}}}}}}}"#
        ),
    );
    let _ = h;
}

/// `check --probe` on a fake Mac whose system keychain holds the corp root (recorded answers).
fn mac(h: &Path) -> Run {
    doctor(
        h,
        &[
            "check",
            "--os",
            "macos",
            "--json",
            "--probe",
            "--timeout",
            "3",
            "--platform-replay",
            &replay("macos-tls"),
        ],
    )
    .env("PATH", "/usr/bin:/bin")
    .env("MCP_DOCTOR_NO_RUNTIMES", "1")
}

#[test]
fn macos_mcp_remote_is_told_to_export_the_keychain_roots_into_its_env() {
    let (port, _) = serve(&["leaf.pem", "corp-ca.pem"], "leaf.key");
    let (_t, h) = alice();
    let config = h.join("Library/Application Support/Claude/claude_desktop_config.json");
    desktop_mcp_remote(&h, &config, port, "");
    let r = mac(&h).run().json();
    let (f, msg) = the_tls_finding(&r, "tls-intercepted");
    assert_eq!(f["client"], "claude-desktop");
    assert!(
        msg.contains("mcp-remote (run by Claude Desktop under Node)"),
        "{msg}"
    );
    assert!(msg.contains("/Library/Keychains/System.keychain"), "{msg}");
    let fix = serde_json::to_string(&f["fix"]).unwrap();
    assert!(
        fix.contains("security find-certificate -a -p /System/Library/Keychains/SystemRootCertificates.keychain /Library/Keychains/System.keychain > /Users/alice/system-ca.pem"),
        "{fix}"
    );
    assert!(
        fix.contains(r#"Add \"NODE_EXTRA_CA_CERTS\": \"/Users/alice/system-ca.pem\" to the \"env\" of \"corp\""#),
        "{fix}"
    );

    // Passing: the entry passes the exported file (it exists in the home).
    std::fs::copy(pki("corp-ca.pem"), h.join("system-ca.pem")).unwrap();
    desktop_mcp_remote(
        &h,
        &config,
        port,
        r#", "env": {"NODE_EXTRA_CA_CERTS": "/Users/alice/system-ca.pem"}"#,
    );
    let r = mac(&h).run().json();
    assert!(tls_findings(&r).is_empty(), "{:#?}", tls_findings(&r));
    assert!(checked(&r).iter().any(|c| c == "TLS certificate chains"));
}

#[test]
fn macos_shell_variable_does_not_reach_claude_desktop_servers() {
    // Claude Desktop starts servers with a short environment: the shell's NODE_EXTRA_CA_CERTS
    // does not reach mcp-remote, so the chain still fails there.
    let (port, _) = serve(&["leaf.pem", "corp-ca.pem"], "leaf.key");
    let (_t, h) = alice();
    std::fs::copy(pki("corp-ca.pem"), h.join("corp.pem")).unwrap();
    let config = h.join("Library/Application Support/Claude/claude_desktop_config.json");
    desktop_mcp_remote(&h, &config, port, "");
    let r = mac(&h)
        .env("NODE_EXTRA_CA_CERTS", "/Users/alice/corp.pem")
        .run()
        .json();
    assert_eq!(with_rule(&r, "tls-intercepted").len(), 1);
    assert_eq!(with_rule(&r, "ca-bundle-not-passed").len(), 1);
}

#[test]
fn windows_root_store_from_powershell_decides_interception() {
    let (port, _) = serve(&["leaf.pem", "corp-ca.pem"], "leaf.key");
    let (_t, h) = alice();
    let appdata = h.join("AppData/Roaming");
    write(
        &appdata.join("Claude/claude_desktop_config.json"),
        &format!(
            r#"{{"mcpServers": {{"corp": {{"command": "cmd", "args": ["/c", "npx", "-y", "mcp-remote", "https://127.0.0.1:{port}/mcp"]}}}}}}"#
        ),
    );
    write(
        &appdata.join("Code/User/mcp.json"),
        &format!(
            r#"{{"servers": {{"corp-vscode": {{"type": "http", "url": "https://127.0.0.1:{port}/mcp"}}}}}}"#
        ),
    );
    let r = doctor(
        &h,
        &[
            "check",
            "--os",
            "windows",
            "--json",
            "--probe",
            "--timeout",
            "3",
            "--platform-replay",
            &replay("windows-tls"),
        ],
    )
    .env("PATH", r"C:\Windows\System32")
    .env("USERPROFILE", r"C:\Users\alice")
    .env("APPDATA", r"C:\Users\alice\AppData\Roaming")
    .env("MCP_DOCTOR_NO_RUNTIMES", "1")
    .run()
    .json();
    // mcp-remote under Node fails; VS Code, which uses the Root store, does not.
    let (f, _) = the_tls_finding(&r, "tls-intercepted");
    assert_eq!(f["server"], "corp");
    let fix = serde_json::to_string(&f["fix"]).unwrap();
    assert!(
        fix.contains(r"Set-Content -Encoding ascii 'C:\\Users\\alice\\system-ca.pem'"),
        "{fix}"
    );
    assert!(checked(&r).iter().any(|c| c == "TLS certificate chains"));
}

/// An HTTP proxy that tunnels every CONNECT to the local server at `to`, recording each request
/// head it is sent (for the target and the Proxy-Authorization header).
fn connect_proxy(to: u16) -> (u16, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for sock in listener.incoming() {
            let Ok(mut client) = sock else { continue };
            let log = log.clone();
            std::thread::spawn(move || {
                let mut head = Vec::new();
                let mut b = [0u8; 1];
                while !head.ends_with(b"\r\n\r\n") {
                    if client.read(&mut b).unwrap_or(0) == 0 {
                        return;
                    }
                    head.push(b[0]);
                }
                let head = String::from_utf8_lossy(&head).to_string();
                log.lock().unwrap().push(head.clone());
                if !head.starts_with("CONNECT ") {
                    let _ = client.write_all(b"HTTP/1.1 405 Method Not Allowed\r\n\r\n");
                    return;
                }
                let Ok(upstream) = std::net::TcpStream::connect(("127.0.0.1", to)) else {
                    return;
                };
                let _ = client.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
                let (mut a, mut b2) = (client.try_clone().unwrap(), upstream.try_clone().unwrap());
                let t = std::thread::spawn(move || {
                    let _ = std::io::copy(&mut a, &mut b2);
                });
                let (mut c, mut u) = (upstream, client);
                let _ = std::io::copy(&mut c, &mut u);
                let _ = t.join();
            });
        }
    });
    (port, seen)
}

#[test]
fn chains_are_fetched_through_the_proxy_the_connecting_program_uses() {
    // The inspecting proxy mints a certificate for the host asked for, signed by the corp root.
    let (server, _) = serve(&["intercept.pem", "corp-ca.pem"], "intercept.key");
    let (proxy, seen) = connect_proxy(server);
    let (t, h) = alice();
    let root = linux_root(&t);
    claude_code(&h, "https://mcp.example.test/mcp");
    let proxy_url = format!("http://u%40corp:s3cretpw@127.0.0.1:{proxy}");

    // Node does not read HTTPS_PROXY unless told to: it connects directly, which fails here.
    let r = linux(&h, &root, true).env("HTTPS_PROXY", &proxy_url).run();
    assert!(!r.stdout.contains("s3cretpw"), "the proxy password leaked");
    let j = r.json();
    assert!(tls_findings(&j).is_empty(), "{:#?}", tls_findings(&j));
    let un = serde_json::to_string(&j["platform"]["unchecked"]).unwrap();
    assert!(un.contains("TLS chain of mcp.example.test:443"), "{un}");
    let connects = |seen: &Arc<std::sync::Mutex<Vec<String>>>| {
        seen.lock()
            .unwrap()
            .iter()
            .filter(|h| h.starts_with("CONNECT mcp.example.test:443 "))
            .cloned()
            .collect::<Vec<_>>()
    };
    let before = connects(&seen).len();

    // With NODE_USE_ENV_PROXY=1 it goes through the proxy, and meets the corp root.
    let r = linux(&h, &root, true)
        .env("HTTPS_PROXY", &proxy_url)
        .env("NODE_USE_ENV_PROXY", "1")
        .run();
    assert!(!r.stdout.contains("s3cretpw"), "the proxy password leaked");
    let j = r.json();
    let (f, _) = the_tls_finding(&j, "tls-intercepted");
    let ev = serde_json::to_string(&f["evidence"]).unwrap();
    assert!(ev.contains("through the proxy"), "{ev}");
    let after = connects(&seen);
    assert!(after.len() > before, "no CONNECT reached the proxy");
    // The credentials of the proxy URL, percent-decoded, as Basic authentication.
    use base64::Engine;
    let basic = base64::engine::general_purpose::STANDARD.encode("u@corp:s3cretpw");
    assert!(
        after
            .iter()
            .any(|h| h.contains(&format!("Proxy-Authorization: Basic {basic}"))),
        "{after:?}"
    );

    // NO_PROXY naming the host: direct again.
    let r = linux(&h, &root, true)
        .env("HTTPS_PROXY", &proxy_url)
        .env("NODE_USE_ENV_PROXY", "1")
        .env("NO_PROXY", ".example.test")
        .run()
        .json();
    assert!(tls_findings(&r).is_empty());
}

#[test]
fn the_probe_command_gives_the_tls_verdict_too() {
    let (port, _) = serve(&["leaf.pem", "corp-ca.pem"], "leaf.key");
    let (t, h) = alice();
    let root = linux_root(&t);
    claude_code(&h, &format!("https://127.0.0.1:{port}/mcp"));
    let out = doctor(
        &h,
        &[
            "probe",
            "corp",
            "--os",
            "linux",
            "--json",
            "--root",
            root.to_str().unwrap(),
            "--timeout",
            "5",
        ],
    )
    .env("PATH", "/usr/bin:/bin")
    .run();
    assert_eq!(out.code, 1, "{}", out.stderr);
    let r = out.json();
    the_tls_finding(&r, "tls-intercepted");
    assert!(with_rule(&r, "probe-network-blocked").is_empty());
    assert!(checked(&r).iter().any(|c| c == "TLS certificate chains"));
    let probe = &r["servers"][0]["probe"];
    assert_eq!(probe["status"], "failed");
    assert!(
        probe["error"].as_str().unwrap().contains("TLS error"),
        "{probe}"
    );
}

#[test]
fn without_the_system_store_an_untrusted_chain_is_a_warning_that_says_so() {
    let (port, _) = serve(&["leaf.pem", "corp-ca.pem"], "leaf.key");
    let (t, h) = alice();
    // A root with no CA bundle at all.
    let root = t.path().join("empty-root");
    std::fs::create_dir_all(&root).unwrap();
    claude_code(&h, &format!("https://127.0.0.1:{port}/mcp"));
    let r = linux(&h, &root, true).run().json();
    let (f, msg) = the_tls_finding(&r, "tls-untrusted");
    assert_eq!(f["severity"], "warning");
    assert!(
        msg.contains("The system's store could not be read"),
        "{msg}"
    );
    let un = serde_json::to_string(&r["platform"]["unchecked"]).unwrap();
    assert!(un.contains("the system's certificate store: could not check (none of /etc/ssl/certs/ca-certificates.crt"), "{un}");
}

/// Runs `r` and kills it after `limit`: `None` when it had to be killed.
fn run_within(r: Run, limit: std::time::Duration) -> Option<Out> {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_mcp-doctor"));
    c.args(&r.args)
        .env_clear()
        .env("HOME", "/nonexistent-home-for-tests")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    for (k, v) in &r.env {
        c.env(k, v);
    }
    if let Some(d) = &r.cwd {
        c.current_dir(d);
    }
    let mut child = c.spawn().unwrap();
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            let o = child.wait_with_output().unwrap();
            return Some(Out {
                code: o.status.code().unwrap_or(-1),
                stdout: String::from_utf8_lossy(&o.stdout).into(),
                stderr: String::from_utf8_lossy(&o.stderr).into(),
            });
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// A named pipe where a certificate file is expected (the system's bundle in a copied root, a
/// config's `NODE_EXTRA_CA_CERTS`) is not opened: opening a pipe waits for a writer, and
/// `check --probe` used to wait forever, past every timeout.
#[test]
fn a_pipe_as_a_certificate_file_does_not_hang_the_check() {
    let (t, h) = alice();
    let root = t.path().join("root");
    let bundle = root.join("etc/ssl/certs/ca-certificates.crt");
    std::fs::create_dir_all(bundle.parent().unwrap()).unwrap();
    let fifo = |p: &Path| {
        assert!(std::process::Command::new("mkfifo")
            .arg(p)
            .status()
            .unwrap()
            .success())
    };
    fifo(&bundle);
    let extra = h.join("ca.pem");
    fifo(&extra);
    let (port, _) = serve(&["self.pem"], "self.key");
    claude_code(&h, &format!("https://127.0.0.1:{port}/mcp"));
    write(
        &h.join(".cursor/mcp.json"),
        &format!(
            r#"{{"mcpServers": {{"r": {{"command": "npx", "args": ["-y", "mcp-remote", "https://127.0.0.1:{port}/mcp"], "env": {{"NODE_EXTRA_CA_CERTS": "{}"}}}}}}}}"#,
            extra.display()
        ),
    );
    let out = run_within(linux(&h, &root, true), std::time::Duration::from_secs(60))
        .expect("check --probe hung on a pipe");
    assert!(matches!(out.code, 0 | 1), "{}", out.stderr);
    let r = out.json();
    let un = serde_json::to_string(&r["platform"]["unchecked"]).unwrap();
    assert!(un.contains("not a regular file"), "{un}");
}
