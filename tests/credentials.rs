//! Stored OAuth tokens, read offline from a fake home with a fixed clock.
use mcp_doctor::finding::{Cause, ClientId, Severity};
use mcp_doctor::machine::{Machine, MachineOptions};
use mcp_doctor::probe::credential_findings;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NOW_S: u64 = 1_795_000_000; // 2026-11-18

fn machine(home: &Path, vars: Vec<(String, String)>) -> Machine {
    let opts = MachineOptions {
        home: Some(home.to_path_buf()),
        now: Some(UNIX_EPOCH + Duration::from_secs(NOW_S)),
        ..MachineOptions::default()
    };
    Machine::new(opts, vars, home.to_path_buf()).expect("a machine")
}

fn write(p: &Path, text: &str) {
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn b64url(data: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for c in data.chunks(3) {
        let n = (u32::from(c[0]) << 16)
            | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
            | u32::from(*c.get(2).unwrap_or(&0));
        for i in 0..=c.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

#[test]
fn nothing_stored_means_no_findings() {
    let home = tempfile::tempdir().unwrap();
    assert!(credential_findings(&machine(home.path(), vec![])).is_empty());
}

#[test]
fn claude_code_entries_expired_soon_and_fine() {
    let home = tempfile::tempdir().unwrap();
    let ms = |s: i64| (NOW_S as i64 + s) * 1000;
    write(
        &home.path().join(".claude/.credentials.json"),
        &format!(
            r#"{{"claudeAiOauth": {{"accessToken": "x"}}, "mcpOAuth": {{
              "linear|abc": {{"serverName": "linear", "serverUrl": "https://mcp.linear.app/mcp", "accessToken": "SECRET-ACCESS-1", "expiresAt": {}}},
              "notion|def": {{"serverName": "notion", "accessToken": "SECRET-ACCESS-2", "refreshToken": "SECRET-REFRESH", "expiresAt": {}}},
              "github|ghi": {{"serverName": "github", "accessToken": "SECRET-ACCESS-3", "expiresAt": {}}}
            }}}}"#,
            ms(-3600),
            ms(3 * 3600),
            ms(30 * 86400)
        ),
    );
    let f = credential_findings(&machine(home.path(), vec![]));
    assert_eq!(f.len(), 2, "{f:?}");
    let linear = f
        .iter()
        .find(|x| x.server.as_deref() == Some("linear"))
        .unwrap();
    assert_eq!(linear.cause(), Cause::AuthExpired);
    assert_eq!(linear.severity, Severity::Error);
    assert_eq!(linear.client, Some(ClientId::ClaudeCode));
    assert!(
        linear.message.contains("expired 60 min ago"),
        "{}",
        linear.message
    );
    assert!(linear
        .fix(mcp_doctor::machine::Os::Linux)
        .summary
        .contains("/mcp"));
    let notion = f
        .iter()
        .find(|x| x.server.as_deref() == Some("notion"))
        .unwrap();
    assert_eq!(notion.severity, Severity::Note);
    assert!(notion.message.contains("expires in"), "{}", notion.message);
    let all = format!("{f:?}");
    assert!(!all.contains("SECRET"), "{all}");
}

#[test]
fn mcp_remote_tokens_by_expires_at_by_mtime_and_by_jwt() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".mcp-auth");
    // 0.15 layout: absolute expires_at (ms), expired, no refresh token.
    write(
        &dir.join("mcp-remote-v1/aaaa_tokens.json"),
        &format!(
            r#"{{"access_token": "opaque-AAA", "expires_at": {}}}"#,
            (NOW_S - 7200) * 1000
        ),
    );
    // Old layout: expires_in from the file's mtime (written now, the real clock: far after NOW_S).
    write(
        &dir.join("mcp-remote-0.1.38/bbbb_tokens.json"),
        r#"{"access_token": "opaque-BBB", "expires_in": 3600}"#,
    );
    // Only a JWT's exp, expired.
    let payload = b64url(format!(r#"{{"exp":{}}}"#, NOW_S - 60).as_bytes());
    write(
        &dir.join("mcp-remote-0.1.38/cccc_tokens.json"),
        &format!(
            r#"{{"access_token": "eyJhbGciOiJub25lIn0.{payload}.sig", "refresh_token": "r"}}"#
        ),
    );
    let f = credential_findings(&machine(home.path(), vec![]));
    let paths: Vec<String> = f
        .iter()
        .map(|x| x.evidence[0].path.clone().unwrap())
        .collect();
    assert!(
        paths.iter().any(|p| p.ends_with("aaaa_tokens.json")),
        "{paths:?}"
    );
    assert!(
        paths.iter().any(|p| p.ends_with("cccc_tokens.json")),
        "{paths:?}"
    );
    // The mtime-based one expires an hour after its (real, later) write time: not expired at NOW_S.
    assert!(
        !paths.iter().any(|p| p.ends_with("bbbb_tokens.json")),
        "{paths:?}"
    );
    let jwt = f
        .iter()
        .find(|x| {
            x.evidence[0]
                .path
                .as_deref()
                .unwrap()
                .ends_with("cccc_tokens.json")
        })
        .unwrap();
    assert_eq!(jwt.severity, Severity::Warning, "refreshable");
    assert!(f.iter().all(|x| x.cause() == Cause::AuthExpired));
    let all = format!("{f:?}");
    assert!(
        !all.contains("opaque-AAA") && !all.contains("eyJhbGci"),
        "{all}"
    );

    // With the clock two hours after the file was written, the mtime-based token has expired.
    let later = SystemTime::now() + Duration::from_secs(7200);
    let mut m = machine(home.path(), vec![]);
    m.now = later;
    let f = credential_findings(&m);
    assert!(f.iter().any(|x| x.evidence[0]
        .path
        .as_deref()
        .unwrap()
        .ends_with("bbbb_tokens.json")));
}

#[test]
fn mcp_remote_config_dir_from_the_environment() {
    let home = tempfile::tempdir().unwrap();
    let other = home.path().join("custom-auth");
    write(
        &other.join("v1/x_tokens.json"),
        &format!(r#"{{"expires_at": {}}}"#, (NOW_S - 10) * 1000),
    );
    let vars = vec![(
        "MCP_REMOTE_CONFIG_DIR".to_string(),
        other.display().to_string(),
    )];
    assert_eq!(credential_findings(&machine(home.path(), vars)).len(), 1);
}

#[test]
fn gemini_cli_tokens() {
    let home = tempfile::tempdir().unwrap();
    write(
        &home.path().join(".gemini/mcp-oauth-tokens.json"),
        &format!(
            r#"[{{"serverName": "atlassian", "token": {{"accessToken": "GEM-SECRET", "tokenType": "Bearer", "expiresAt": {}}}, "updatedAt": 1}}]"#,
            (NOW_S - 86400 * 3) * 1000
        ),
    );
    let f = credential_findings(&machine(home.path(), vec![]));
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].client, Some(ClientId::GeminiCli));
    assert_eq!(f[0].server.as_deref(), Some("atlassian"));
    assert!(f[0]
        .fix(mcp_doctor::machine::Os::Linux)
        .summary
        .contains("/mcp auth atlassian"));
    assert!(!format!("{f:?}").contains("GEM-SECRET"));
}

#[test]
fn unreadable_or_odd_files_are_ignored_without_panic() {
    let home = tempfile::tempdir().unwrap();
    write(&home.path().join(".claude/.credentials.json"), "{not json");
    write(
        &home.path().join(".gemini/mcp-oauth-tokens.json"),
        r#"{"x": {"token": {"expiresAt": "soon"}}}"#,
    );
    write(&home.path().join(".mcp-auth/v/z_tokens.json"), r#"[1,2,3]"#);
    assert!(credential_findings(&machine(home.path(), vec![])).is_empty());
}
