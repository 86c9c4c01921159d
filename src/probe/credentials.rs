//! Stored OAuth credentials, read without contacting anything (issue 7, part 3): Claude Code's
//! `~/.claude/.credentials.json` (`mcpOAuth`), mcp-remote's `~/.mcp-auth/**/*_tokens.json` and
//! Gemini CLI's `~/.gemini/mcp-oauth-tokens.json`. A token that has expired, or expires within a
//! day, is an `auth-expired` finding with the step that re-authorises. Token values are never put
//! in a finding.
use crate::finding::{ClientId, Evidence, Finding, Severity};
use crate::machine::Machine;
use crate::rules::RuleId;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// "Soon" is within this.
const SOON: Duration = Duration::from_secs(24 * 3600);
/// Files bigger than this are not credential files.
const MAX_FILE: u64 = 4 * 1024 * 1024;
/// mcp-remote token files looked at, at most.
const MAX_TOKEN_FILES: usize = 500;

/// One stored token's state.
#[derive(Debug)]
struct Stored {
    client: Option<ClientId>,
    server: Option<String>,
    path: PathBuf,
    expires: SystemTime,
    refreshable: bool,
    step: String,
}

/// Every stored MCP OAuth token that has expired or expires within a day, as findings.
pub fn credential_findings(machine: &Machine) -> Vec<Finding> {
    let mut stored = Vec::new();
    claude_code(machine, &mut stored);
    mcp_remote(machine, &mut stored);
    gemini(machine, &mut stored);
    let now = machine.now;
    let mut out = Vec::new();
    for s in stored {
        let path = machine.display(&s.path);
        let who = s
            .server
            .as_deref()
            .map(|n| format!("`{n}`"))
            .unwrap_or_else(|| "a remote MCP server".into());
        let (msg, severity) = match s.expires.duration_since(now) {
            Err(ago) => {
                let ago = human(ago.duration());
                if s.refreshable {
                    (
                        format!("The stored OAuth token for {who} expired {ago} ago; the client must refresh it, and must log in again if the refresh is refused."),
                        Severity::Warning,
                    )
                } else {
                    (format!("The stored OAuth token for {who} expired {ago} ago and there is no refresh token: log in again."), Severity::Error)
                }
            }
            Ok(left) if left <= SOON => (
                format!(
                    "The stored OAuth token for {who} expires in {}{}.",
                    human(left),
                    if s.refreshable {
                        ""
                    } else {
                        " and there is no refresh token"
                    }
                ),
                if s.refreshable {
                    Severity::Note
                } else {
                    Severity::Warning
                },
            ),
            Ok(_) => continue,
        };
        let mut f = Finding::new(RuleId::ProbeStoredTokenExpired, msg)
            .severity(severity)
            .evidence(Evidence {
                path: Some(path.clone()),
                line: None,
                column: None,
                text: format!("expires {}", rfc3339(s.expires)),
            })
            .var(crate::finding::Var::Step, s.step.clone())
            .var(crate::finding::Var::Path, path)
            .var(
                crate::finding::Var::Server,
                s.server.clone().unwrap_or_default(),
            );
        f.time = Some(now);
        if let Some(c) = s.client {
            f = f.client(c);
        }
        if let Some(n) = s.server {
            f = f.server(n);
        }
        out.push(f);
    }
    out
}

fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s < 120 {
        format!("{s} s")
    } else if s < 7200 {
        format!("{} min", s / 60)
    } else if s < 3 * 86400 {
        format!("{} h", s / 3600)
    } else {
        format!("{} days", s / 86400)
    }
}

fn rfc3339(t: SystemTime) -> String {
    humantime::format_rfc3339_seconds(t).to_string()
}

fn read_json(p: &Path) -> Option<Value> {
    serde_json::from_slice(&crate::machine::read_at_most(p, MAX_FILE)?).ok()
}

/// Epoch milliseconds (or seconds, if the number is too small to be milliseconds) as a time.
fn epoch(v: &Value) -> Option<SystemTime> {
    let n = v
        .as_f64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))?;
    if !n.is_finite() || n <= 0.0 {
        return None;
    }
    let ms = if n < 1e11 { n * 1000.0 } else { n };
    UNIX_EPOCH.checked_add(Duration::from_millis(ms as u64))
}

fn claude_code(machine: &Machine, out: &mut Vec<Stored>) {
    let path = crate::clients::claude_code::token_store(&machine.home);
    let Some(v) = read_json(&path) else { return };
    let Some(entries) = v.get("mcpOAuth").and_then(Value::as_object) else {
        return;
    };
    for (key, e) in entries {
        let Some(expires) = e.get("expiresAt").and_then(epoch) else {
            continue;
        };
        let server = e
            .get("serverName")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| key.split('|').next().unwrap_or(key).to_string());
        let refreshable = e
            .get("refreshToken")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty());
        out.push(Stored {
            client: Some(crate::clients::claude_code::ID),
            step: format!(
                "In {}, {} (or Re-authenticate)",
                crate::clients::claude_code::CLIENT.title,
                crate::clients::claude_code::reauth_step(&server)
            ),
            server: Some(server),
            path: path.clone(),
            expires,
            refreshable,
        });
    }
}

fn mcp_remote(machine: &Machine, out: &mut Vec<Stored>) {
    let dir = machine
        .env
        .non_empty("MCP_REMOTE_CONFIG_DIR")
        .and_then(|d| machine.to_host(d))
        .unwrap_or_else(|| machine.home.join(".mcp-auth"));
    if !dir.is_dir() {
        return;
    }
    let files = walkdir::WalkDir::new(&dir)
        .max_depth(4)
        .into_iter()
        .flatten()
        .filter(|e| {
            e.file_type().is_file() && e.file_name().to_string_lossy().ends_with("_tokens.json")
        })
        .take(MAX_TOKEN_FILES);
    for e in files {
        let p = e.path().to_path_buf();
        let Some(v) = read_json(&p) else { continue };
        let expires = v.get("expires_at").and_then(epoch).or_else(|| {
            let secs = v
                .get("expires_in")
                .and_then(Value::as_f64)
                .filter(|n| n.is_finite() && *n > 0.0)?;
            let mtime = std::fs::metadata(&p).ok()?.modified().ok()?;
            mtime.checked_add(Duration::from_secs(secs as u64))
        });
        let expires = expires.or_else(|| {
            v.get("access_token")
                .and_then(Value::as_str)
                .and_then(jwt_exp)
        });
        let Some(expires) = expires else { continue };
        let refreshable = v
            .get("refresh_token")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty());
        let shown = machine.display(&p);
        out.push(Stored {
            client: None,
            server: None,
            step: format!("Delete {shown} and restart the client so that mcp-remote opens the login page again"),
            path: p,
            expires,
            refreshable,
        });
    }
}

/// Gemini CLI's token store as (server name, entry): a list of entries naming their server, or
/// (older) an object keyed by server name.
fn gemini_entries(v: &Value) -> Vec<(String, &Value)> {
    match v {
        Value::Array(a) => a
            .iter()
            .map(|e| {
                let name = e.get("serverName").and_then(Value::as_str).unwrap_or("");
                (name.to_string(), e)
            })
            .collect(),
        Value::Object(o) => o.iter().map(|(k, e)| (k.clone(), e)).collect(),
        _ => Vec::new(),
    }
}

fn gemini(machine: &Machine, out: &mut Vec<Stored>) {
    let path = crate::clients::gemini_cli::token_store(&machine.home);
    let Some(v) = read_json(&path) else { return };
    for (name, e) in gemini_entries(&v) {
        let token = e.get("token").unwrap_or(e);
        let expires = token.get("expiresAt").and_then(epoch).or_else(|| {
            token
                .get("accessToken")
                .and_then(Value::as_str)
                .and_then(jwt_exp)
        });
        let Some(expires) = expires else { continue };
        let refreshable = token
            .get("refreshToken")
            .and_then(Value::as_str)
            .is_some_and(|s| !s.is_empty());
        let server = (!name.is_empty()).then_some(name);
        out.push(Stored {
            client: Some(crate::clients::gemini_cli::ID),
            step: format!(
                "In {}, {}",
                crate::clients::gemini_cli::CLIENT.title,
                crate::clients::gemini_cli::reauth_step(server.as_deref().unwrap_or("<server>"))
            ),
            server,
            path: path.clone(),
            expires,
            refreshable,
        });
    }
}

/// A stored access token for one server, for `mcp-doctor bridge` to retry a 401 with.
#[derive(Debug)]
pub struct StoredToken {
    pub access_token: String,
    pub expires: Option<SystemTime>,
    /// The refresh token and the OAuth client id it was issued to, when stored.
    pub refresh_token: Option<String>,
    pub client_id: Option<String>,
    pub path: PathBuf,
    /// What the user does to re-authorise.
    pub step: String,
}

impl StoredToken {
    /// Not expired (or of unknown expiry) and not empty.
    pub fn usable(&self, now: SystemTime) -> bool {
        !self.access_token.is_empty() && self.expires.is_none_or(|e| e > now)
    }
}

/// The token stored for the server named `name` or at `url`, in Claude Code's
/// (`mcpOAuth`: `serverName`, `serverUrl`, `accessToken`, `expiresAt`) or Gemini CLI's store
/// (`serverName`, `token.accessToken`, `token.expiresAt`); the one that expires last wins.
pub fn stored_token(machine: &Machine, name: &str, url: &str) -> Option<StoredToken> {
    let same_url =
        |u: Option<&str>| u.is_some_and(|u| u.trim_end_matches('/') == url.trim_end_matches('/'));
    let mut found: Vec<StoredToken> = Vec::new();
    let path = crate::clients::claude_code::token_store(&machine.home);
    if let Some(entries) = read_json(&path).and_then(|v| v.get("mcpOAuth").cloned()) {
        for (key, e) in entries.as_object().into_iter().flatten() {
            let server = e
                .get("serverName")
                .and_then(Value::as_str)
                .unwrap_or_else(|| key.split('|').next().unwrap_or(key));
            if server != name && !same_url(e.get("serverUrl").and_then(Value::as_str)) {
                continue;
            }
            found.push(StoredToken {
                access_token: e
                    .get("accessToken")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                expires: e.get("expiresAt").and_then(epoch),
                refresh_token: non_empty(e.get("refreshToken")),
                client_id: non_empty(e.get("clientId")),
                path: path.clone(),
                step: format!(
                    "in {}, {}",
                    crate::clients::claude_code::CLIENT.title,
                    crate::clients::claude_code::reauth_step(server)
                ),
            });
        }
    }
    let path = crate::clients::gemini_cli::token_store(&machine.home);
    if let Some(v) = read_json(&path) {
        for (server, e) in gemini_entries(&v) {
            let token = e.get("token").unwrap_or(e);
            if server != name && !same_url(e.get("serverUrl").and_then(Value::as_str)) {
                continue;
            }
            found.push(StoredToken {
                access_token: token
                    .get("accessToken")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string(),
                expires: token.get("expiresAt").and_then(epoch),
                refresh_token: non_empty(token.get("refreshToken")),
                client_id: non_empty(e.get("clientId").or(token.get("clientId"))),
                path: path.clone(),
                step: format!(
                    "in {}, {}",
                    crate::clients::gemini_cli::CLIENT.title,
                    crate::clients::gemini_cli::reauth_step(&server)
                ),
            });
        }
    }
    crate::sort::by_key(&mut found, |t| t.expires);
    found.pop()
}

fn non_empty(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The `exp` of a JWT, without verifying it.
pub fn jwt_exp(token: &str) -> Option<SystemTime> {
    let mut parts = token.split('.');
    let (_, payload, _) = (parts.next()?, parts.next()?, parts.next()?);
    let bytes = base64url(payload)?;
    let v: Value = serde_json::from_slice(&bytes).ok()?;
    let exp = v.get("exp")?.as_f64()?;
    if !exp.is_finite() || exp <= 0.0 {
        return None;
    }
    UNIX_EPOCH.checked_add(Duration::from_secs(exp as u64))
}

fn base64url(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_decodes() {
        assert_eq!(base64url("eyJleHAiOjEwfQ").unwrap(), br#"{"exp":10}"#);
        assert_eq!(
            jwt_exp("eyJhbGciOiJub25lIn0.eyJleHAiOjEwfQ.x"),
            UNIX_EPOCH.checked_add(Duration::from_secs(10))
        );
        assert_eq!(jwt_exp("opaque-token"), None);
    }
}
