//! The line formats of the clients' MCP logs, recognised by one tolerant header parser:
//!
//! - Claude Desktop `mcp.log`: `2025-06-03T07:23:52.664Z [error] [server] message`
//! - Claude Desktop `mcp-server-NAME.log`: `2025-09-11T23:28:52.265Z [server] [info] message`,
//!   both with an optional `{ metadata: ... }` / `{"context":...}` trailer, and raw server stderr
//!   between records (continuation lines, attached to the record before them)
//! - Claude Code `--debug`: `2026-03-02T18:44:16.136Z [DEBUG] MCP server "name": message` (the
//!   timestamp may be missing in pasted output)
//! - Claude Code per-server logs: JSON arrays (`.txt`) or JSON lines (`.jsonl`) of
//!   `{"error"|"debug": text, "timestamp": ..., "sessionId", "cwd"}`
//! - VS Code and Cursor output logs: `2025-04-07 15:29:54.553 [info] message`
//! - Codex `codex-tui.log` (tracing): `2025-09-05T10:00:00.123456Z  INFO target: message`
//! - mcp-remote: `[pid] message` on stderr, `[2025-...Z][pid] message` in its debug log
use super::time;
use super::Level;
use std::time::SystemTime;

static FIND_MCP: std::sync::OnceLock<memchr::memmem::Finder<'static>> = std::sync::OnceLock::new();

/// What the start of a line says.
#[derive(Debug, Default, PartialEq)]
pub struct Header<'a> {
    pub time: Option<SystemTime>,
    pub level: Option<Level>,
    /// The server named on the line itself (bracket or `MCP server "x"`).
    pub server: Option<&'a str>,
    /// The message after the header.
    pub msg: &'a str,
    /// The line starts a record (it has a timestamp or a level); otherwise it continues the
    /// record before it.
    pub record: bool,
}

/// The level a log's level word means.
pub fn level(word: &str) -> Option<Level> {
    let w = word.trim();
    let lower = |s: &str| w.eq_ignore_ascii_case(s);
    Some(if lower("info") || lower("notice") || lower("log") {
        Level::Info
    } else if lower("error")
        || lower("err")
        || lower("fatal")
        || lower("critical")
        || lower("crit")
        || lower("severe")
    {
        Level::Error
    } else if lower("warn") || lower("warning") {
        Level::Warning
    } else if lower("debug") || lower("verbose") {
        Level::Debug
    } else if lower("trace") {
        Level::Trace
    } else {
        return None;
    })
}

fn bracket(s: &str) -> Option<(&str, &str)> {
    let rest = s.strip_prefix('[')?;
    // A JSON array (`[{"code": …}]`, `["a", "b"]`) is the message, not a header's name or level.
    if rest.starts_with(['{', '"']) {
        return None;
    }
    let end = rest.find(']')?;
    Some((&rest[..end], &rest[end + 1..]))
}

/// The server named by Claude Code's `MCP server "name"` or Codex's ``MCP client for `name` ``.
pub fn named_server(msg: &str) -> Option<&str> {
    let head = &msg[..floor_char_boundary(msg, 400)];
    for (open, close) in [
        ("MCP server \"", '"'),
        ("MCP client for `", '`'),
        ("MCP server `", '`'),
    ] {
        if let Some(i) = head.find(open) {
            let rest = &msg[i + open.len()..];
            if let Some(end) = rest.find(close) {
                let name = &rest[..end];
                if !name.is_empty() && name.len() <= 200 {
                    return Some(name);
                }
            }
        }
    }
    None
}

/// The server a Copilot CLI record names (`@github/copilot` 0.0.372's MCP host: `Starting MCP
/// client for NAME with command: …`, `Failed to start MCP client for NAME: …`, `MCP client for
/// NAME connected, took Nms`, `MCP transport for NAME closed`, `[mcp server NAME stderr] …`).
/// Names hold no space (the CLI replaces `/` and refuses other characters since its name check).
pub fn copilot_server(msg: &str) -> Option<&str> {
    // Each record's opening words, and what may follow the name in it.
    const SHAPES: [(&str, &[&str]); 3] = [
        ("[mcp server ", &[" stderr]"]),
        ("MCP client for ", &[" with command", ":", " connected"]),
        ("MCP transport for ", &[" closed", ":"]),
    ];
    let head = &msg[..floor_char_boundary(msg, 400)];
    SHAPES.iter().find_map(|(open, then)| {
        let i = head.find(open)?;
        let rest = &msg[i + open.len()..];
        // Codex's ``MCP client for `name` `` is Codex's.
        if rest.starts_with('`') {
            return None;
        }
        let end = rest.find([' ', ':', ',', ']']).unwrap_or(rest.len());
        let name = &rest[..end];
        (then.iter().any(|t| rest[end..].starts_with(t)) && !name.is_empty() && name.len() <= 200)
            .then_some(name)
    })
}

/// The largest char boundary `<= i`.
pub fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Parses the header of a line.
pub fn header(line: &str) -> Header<'_> {
    let mut h = Header {
        msg: line,
        ..Default::default()
    };
    let mut rest = line;
    let mut iso_t = false;
    // `[2025-...Z][pid] msg` (mcp-remote's debug log)
    if rest.starts_with('[') {
        if let Some((t, n)) = time::parse_prefix(&rest.as_bytes()[1..]) {
            if rest.as_bytes().get(n + 1) == Some(&b']') {
                h.time = Some(t);
                rest = &rest[n + 2..];
            }
        }
    } else if let Some((t, n)) = time::parse_prefix(rest.as_bytes()) {
        h.time = Some(t);
        iso_t = matches!(rest.as_bytes().get(10), Some(b'T'));
        rest = &rest[n..];
    }
    rest = rest.trim_start();
    let mut level_seen = false;
    let mut name: Option<&str> = None;
    for _ in 0..3 {
        let Some((tok, after)) = bracket(rest) else {
            break;
        };
        if let Some(l) = level(tok) {
            if level_seen {
                break;
            }
            h.level = Some(l);
            level_seen = true;
        } else if !tok.is_empty() && tok.bytes().all(|b| b.is_ascii_digit()) {
            // a process id (mcp-remote)
        } else if tok.eq_ignore_ascii_case("server stderr") {
            // VS Code marks the server's own stderr; the level stays as written
        } else if let Some(server) = tok
            .strip_prefix("mcp server ")
            .and_then(|t| t.strip_suffix(" stderr"))
        {
            // Copilot CLI's mark on a server's stderr line (`[mcp server NAME stderr] …`).
            name = Some(server);
        } else if name.is_none() && (iso_t || h.time.is_none()) && !tok.trim().is_empty() {
            name = Some(tok);
        } else {
            break;
        }
        rest = after.strip_prefix(' ').unwrap_or(after);
    }
    // A bracket name counts as the server only beside a level (Claude Desktop's two orders).
    if level_seen {
        h.server = name;
    } else if name.is_some() && h.time.is_none() {
        // `[526630] ...` handled above; a lone `[word]` without time or level is not a header.
        rest = line;
    }
    // tracing-style level word after the time (Codex): `  INFO target: msg`
    if h.time.is_some() && !level_seen {
        let word_end = rest.find(' ').unwrap_or(rest.len());
        if let Some(l) = level(&rest[..word_end])
            .filter(|_| rest[..word_end].bytes().all(|b| b.is_ascii_uppercase()))
        {
            h.level = Some(l);
            level_seen = true;
            rest = rest[word_end..].trim_start();
        }
    }
    h.record = h.time.is_some() || level_seen;
    if h.server.is_none()
        && super::finder(&FIND_MCP, b"MCP ")
            .find(rest.as_bytes())
            .is_some()
    {
        h.server = named_server(rest).or_else(|| copilot_server(rest));
    }
    h.msg = if h.record { rest } else { line };
    h
}

/// One record of a JSON log entry.
#[derive(Debug, PartialEq)]
pub struct JsonRecord {
    pub text: String,
    pub time: Option<SystemTime>,
    pub level: Option<Level>,
    pub server: Option<String>,
}

/// A zod issue (`{"code", "path": [...], "message"}`, what TypeScript clients print when a
/// config or a message fails their schema) as one line that keeps the path: `zod issue at
/// mcpServers.github.args (invalid_type): Expected array, received string`.
fn zod_issue(o: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let code = o.get("code")?.as_str()?;
    let path = o.get("path")?.as_array()?;
    let message = o.get("message").and_then(|m| m.as_str()).unwrap_or("");
    let path: Vec<String> = path
        .iter()
        .map(|p| match p {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect();
    Some(format!(
        "zod issue at {} ({code}): {message}",
        if path.is_empty() {
            "(root)".to_string()
        } else {
            path.join(".")
        }
    ))
}

/// A JSON-RPC error object (`{"jsonrpc": "2.0", "error": {"code", "message"}}`) as the SDKs
/// word it: `MCP error -32001: Request timed out`.
fn jsonrpc_error(o: &serde_json::Map<String, serde_json::Value>) -> Option<String> {
    let e = o.get("error")?.as_object()?;
    let message = e.get("message")?.as_str()?;
    let code = e.get("code").map(|c| c.to_string()).unwrap_or_default();
    let data = e
        .get("data")
        .map(|d| match d {
            serde_json::Value::String(s) => format!(" ({s})"),
            serde_json::Value::Null => String::new(),
            other => format!(" ({other})"),
        })
        .unwrap_or_default();
    Some(format!("MCP error {code}: {message}{data}"))
}

fn record_of(v: &serde_json::Value) -> Option<JsonRecord> {
    let o = v.as_object()?;
    let str_of = |k: &str| o.get(k).and_then(|x| x.as_str());
    let zod = zod_issue(o);
    let rpc = jsonrpc_error(o);
    // An OAuth error body (RFC 6749 §5.2, RFC 7591 §3.2.2) as pasted from curl or a client's
    // log: the code and its description together (`invalid_grant: Token has been expired or
    // revoked.`), the description being where providers say what went wrong.
    let oauth = str_of("error")
        .zip(str_of("error_description"))
        .map(|(e, d)| format!("{e}: {d}"));
    // An HTTP error body that names its status in `error` and says what went wrong in `message`
    // (`{"error":"Not Found","message":"MCP session not found. Please re-initialize"}`, Spring's
    // and NestJS's default bodies): both, the status first.
    let error_message = str_of("error")
        .zip(str_of("message"))
        .filter(|(e, m)| !m.contains(e))
        .map(|(e, m)| format!("{e}: {m}"));
    // A Node system error whose fields a structured logger spread over the record (winston's and
    // pino's `{"code":"ENOENT","syscall":"spawn docker","path":"docker",...,"message":"Failed to
    // connect"}`): Node's own message says more than the logger's.
    // Its number stays: `-4058` is libuv's ENOENT on Windows (the Windows reading of the scan).
    let errno = str_of("code")
        .and_then(|c| errno_message(c, str_of("syscall"), str_of("path")))
        .map(|m| match o.get("errno").and_then(|n| n.as_i64()) {
            Some(n) => format!("{m} (errno: {n})"),
            None => m,
        });
    let (text, lvl) = if let Some(t) = zod.as_deref() {
        (t, Some(Level::Error))
    } else if let Some(t) = rpc.as_deref() {
        (t, Some(Level::Error))
    } else if let Some(t) = errno.as_deref() {
        (t, Some(Level::Error))
    } else if let Some(t) = oauth.as_deref() {
        (t, Some(Level::Error))
    } else if let Some(t) = error_message.as_deref() {
        (t, Some(Level::Error))
    } else if let Some(t) = str_of("error") {
        (t, Some(Level::Error))
    } else if let Some(t) = str_of("debug") {
        (t, Some(Level::Debug))
    } else if let Some(t) = ["message", "msg", "text", "info"]
        .iter()
        .find_map(|k| str_of(k))
    {
        (t, None)
    } else {
        return None;
    };
    let level = str_of("level").and_then(level).or(lvl);
    let time = ["timestamp", "time", "ts"]
        .iter()
        .find_map(|k| str_of(k))
        .and_then(time::parse);
    let server = ["server", "serverName", "server_name"]
        .iter()
        .find_map(|k| str_of(k))
        .map(str::to_string);
    Some(JsonRecord {
        text: text.to_string(),
        time,
        level,
        server,
    })
}

/// The records of a line (or a buffered multi-line object) that is a JSON object or array of
/// objects with a text field; `None` when it is not one.
/// A Node.js system error printed as an object (`{ errno: -2, code: 'ENOENT', syscall: 'spawn
/// npx', path: 'npx' }` by `util.inspect`, or the same as JSON) read back as the message Node
/// gives it: `Error: spawn npx ENOENT`, `Error: ENOENT: no such file or directory, open '/x'`.
pub fn errno_object(s: &str) -> Option<String> {
    // One pass over `key: value` lines (JSON or `util.inspect`), no regex: it runs on every
    // object a log prints.
    let (mut code, mut syscall, mut path) = (None, None, None);
    for line in s.lines() {
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let k = k.trim().trim_matches(['"', '\'']);
        let v = v.trim().trim_end_matches(',').trim();
        let quoted =
            v.len() >= 2 && (v.starts_with('"') || v.starts_with('\'')) && v.ends_with(&v[..1]);
        if !quoted {
            continue;
        }
        let v = &v[1..v.len() - 1];
        match k {
            "code" => code = code.or(Some(v)),
            "syscall" => syscall = syscall.or(Some(v)),
            "path" => path = path.or(Some(v)),
            _ => {}
        }
    }
    errno_message(code?, syscall, path)
}

/// Node's message for a system error from its fields: `Error: spawn npx ENOENT`, `Error: ENOENT:
/// no such file or directory, open '/x'`; `None` when `code` is no errno code or there is no
/// `syscall`.
fn errno_message(code: &str, syscall: Option<&str>, path: Option<&str>) -> Option<String> {
    if !(code.len() > 2
        && code.starts_with('E')
        && code.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'))
    {
        return None;
    }
    let syscall = syscall?;
    if syscall.starts_with("spawn") {
        return Some(format!("Error: {syscall} {code}"));
    }
    let what = match code {
        "ENOENT" => "no such file or directory",
        "EACCES" => "permission denied",
        "EPERM" => "operation not permitted",
        "ENOTDIR" => "not a directory",
        "EISDIR" => "illegal operation on a directory",
        _ => "system error",
    };
    let path = path.map(|p| format!(" '{p}'")).unwrap_or_default();
    Some(format!("Error: {code}: {what}, {syscall}{path}"))
}

pub fn json_records(s: &str) -> Option<Vec<JsonRecord>> {
    let t = s.trim();
    let first = *t.as_bytes().first()?;
    let last = *t.as_bytes().last()?;
    if !((first == b'{' && last == b'}') || (first == b'[' && last == b']')) {
        return None;
    }
    let v: serde_json::Value = serde_json::from_str(t).ok()?;
    let out: Vec<JsonRecord> = match &v {
        serde_json::Value::Array(items) => items.iter().filter_map(record_of).collect(),
        serde_json::Value::Object(_) => record_of(&v).into_iter().collect(),
        _ => return None,
    };
    if out.is_empty() {
        None
    } else {
        Some(out)
    }
}

/// The quoted strings on a line (`'...'` or `"..."`), for the PATH list Claude Desktop logs.
pub fn quoted(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut it = s.char_indices();
    while let Some((i, c)) = it.next() {
        if c == '\'' || c == '"' {
            if let Some(end) = s[i + 1..].find(c) {
                out.push(s[i + 1..i + 1 + end].to_string());
                // skip past the closing quote
                let stop = i + 1 + end;
                for (j, _) in it.by_ref() {
                    if j >= stop {
                        break;
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_array_after_the_level_is_the_message() {
        let h =
            header(r#"2025-06-01T10:00:00.000Z [error] [{"code":"invalid_type","path":["A"]}]"#);
        assert_eq!(
            (h.level, h.server, h.msg),
            (
                Some(Level::Error),
                None,
                r#"[{"code":"invalid_type","path":["A"]}]"#
            )
        );
        let h = header(r#"[info] ["a", "b"]"#);
        assert_eq!((h.level, h.msg), (Some(Level::Info), r#"["a", "b"]"#));
    }

    #[test]
    fn both_claude_desktop_orders() {
        let a = header("2025-06-03T07:23:52.664Z [error] [vscode-mcp-server] spawn npx ENOENT");
        assert_eq!(
            (a.level, a.server, a.msg, a.record),
            (
                Some(Level::Error),
                Some("vscode-mcp-server"),
                "spawn npx ENOENT",
                true
            )
        );
        let b = header("2026-03-10T15:18:27.108Z [Hello World MCP Server (Reference Extension)] [info] Using built-in Node.js");
        assert_eq!(
            (b.level, b.server),
            (
                Some(Level::Info),
                Some("Hello World MCP Server (Reference Extension)")
            )
        );
        assert_eq!(b.msg, "Using built-in Node.js");
    }

    #[test]
    fn other_clients() {
        let c = header(
            "2026-03-02T18:44:16.402Z [ERROR] MCP server \"meterian-mcp\" Server stderr: booting",
        );
        assert_eq!(
            (c.level, c.server),
            (Some(Level::Error), Some("meterian-mcp"))
        );
        let d = header("[DEBUG] MCP server \"test\": Connection failed: Error: spawn echo 'Hello World' ENOENT");
        assert!(d.record && d.time.is_none());
        assert_eq!(d.server, Some("test"));
        let e = header("2026-04-14 15:41:40.988 [info] [V2] Handling CreateClient action");
        assert_eq!(
            (e.level, e.server, e.msg),
            (Some(Level::Info), None, "[V2] Handling CreateClient action")
        );
        let f = header("2025-09-05T10:00:00.123456Z  ERROR codex_core::mcp: MCP client for `docs` failed to start");
        assert_eq!((f.level, f.server), (Some(Level::Error), Some("docs")));
        let g = header("[2025-08-01T10:00:00.000Z][12345] Connecting to remote server");
        assert!(g.time.is_some() && g.record);
        assert_eq!(g.msg, "Connecting to remote server");
        let h = header("    at ChildProcess._handle.onexit (node:internal/child_process:286:19)");
        assert!(!h.record);
        let i = header("[526630] Error from remote server: Error");
        assert!(!i.record && i.msg.starts_with("[526630]"));
    }

    #[test]
    fn json_entries() {
        let r = json_records(
            r#"[{"error":"boom","timestamp":"2026-05-08T05:57:09.925Z"},{"debug":"ok"}]"#,
        )
        .unwrap();
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].level, Some(Level::Error));
        assert!(r[0].time.is_some());
        assert!(json_records("{not json}").is_none());
        assert!(json_records(r#"{"method":"initialize"}"#).is_none());
        // An OAuth error body keeps its description, where providers say what went wrong.
        let o = json_records(
            r#"{"error":"invalid_grant","error_description":"AADSTS700082: The refresh token has expired due to inactivity."}"#,
        )
        .unwrap();
        assert_eq!(
            o[0].text,
            "invalid_grant: AADSTS700082: The refresh token has expired due to inactivity."
        );
        assert_eq!(o[0].level, Some(Level::Error));
    }

    #[test]
    fn quoted_strings() {
        assert_eq!(
            quoted("  paths: [ '/a/b', \"/c\" ]"),
            vec!["/a/b".to_string(), "/c".to_string()]
        );
    }
}
