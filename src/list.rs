//! `mcp-doctor list`: every server of every client (scope, transport, config file), with its
//! status from the last `check` or `probe` where one was run. Listing reads the configs only: it
//! starts nothing, reads no log and runs no interpreter.
//!
//! The last statuses live in a small cache file, `last-check.json`, in the doctor's cache folder
//! under the analysed home (`~/.cache/mcp-doctor`, macOS `~/Library/Caches/mcp-doctor`, Windows
//! `AppData\Local\mcp-doctor\cache`), beside the interpreter version cache. `check` and `probe` update the entries of the servers they
//! looked at; `MCP_DOCTOR_NO_STATE=1` turns reading and writing it off. Writing is best-effort: a
//! read-only home only means `list` shows no status.
use crate::machine::Machine;
use crate::render::Paint;
use crate::report::{Report, ServerOut};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

pub const STATE_SCHEMA: &str = "mcp-doctor/last-check/v1";

/// One entry of the file. Its strings are borrowed from the file's bytes (or the report) unless
/// they hold an escape: a file of 100 000 entries is half a million strings, not copied.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct LastStatus<'a> {
    #[serde(borrow)]
    pub client: Cow<'a, str>,
    #[serde(borrow)]
    pub name: Cow<'a, str>,
    #[serde(borrow)]
    pub config: Cow<'a, str>,
    /// `ok`, `warning` or `error`, as the report's `servers[].status`.
    #[serde(borrow)]
    pub status: Cow<'a, str>,
    /// The probe's status (`ok`, `failed`, `timeout`, `skipped`) when the server was probed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub probe: Option<Cow<'a, str>>,
    /// When (RFC 3339).
    #[serde(borrow)]
    pub checked_at: Cow<'a, str>,
}

#[derive(Clone, Debug, Serialize, Deserialize, Default)]
pub struct State<'a> {
    #[serde(borrow)]
    pub schema: Cow<'a, str>,
    #[serde(borrow)]
    pub servers: Vec<LastStatus<'a>>,
}

fn enabled(m: &Machine) -> bool {
    m.env.non_empty("MCP_DOCTOR_NO_STATE").is_none()
}

/// The cache file of the analysed home, beside the interpreter version cache.
pub fn state_path(m: &Machine) -> Option<PathBuf> {
    Some(crate::runtime::cache::dir(&m.home).join("last-check.json"))
}

/// The file's entries, borrowed from `bytes` (where the file is read into); none when it is not
/// a last-status file of this schema.
pub fn load<'a>(m: &Machine, bytes: &'a mut Vec<u8>) -> State<'a> {
    if !enabled(m) {
        return State::default();
    }
    *bytes = state_path(m)
        .and_then(|p| crate::machine::read_side_bytes(&p))
        .unwrap_or_default();
    read(bytes)
}

fn read(bytes: &[u8]) -> State<'_> {
    serde_json::from_slice::<State>(bytes)
        .ok()
        .filter(|s| s.schema == STATE_SCHEMA)
        .unwrap_or_default()
}

/// Records the statuses of the servers in a (redacted) report, keeping the entries of servers it
/// did not look at. Best-effort: errors are ignored.
pub fn record(m: &Machine, r: &Report) {
    if !enabled(m) {
        return;
    }
    let Some(servers) = r.servers.as_ref() else {
        return;
    };
    let Some(path) = state_path(m) else { return };
    let bytes = crate::machine::read_side_bytes(&path).unwrap_or_default();
    let mut st = read(&bytes);
    st.schema = Cow::Borrowed(STATE_SCHEMA);
    // The first entry of each (client, name, config), looked up rather than searched for (a
    // file of 100 000 servers stays linear), by borrowed keys: where each server's entry goes
    // (an old entry's index, or the next new one), decided before any entry changes.
    let slots: Vec<usize> = {
        let mut at: HashMap<(&str, &str, &str), usize, foldhash::fast::RandomState> =
            HashMap::with_capacity_and_hasher(st.servers.len() + servers.len(), Default::default());
        for (i, x) in st.servers.iter().enumerate() {
            at.entry((&x.client, &x.name, &x.config)).or_insert(i);
        }
        let mut next = st.servers.len();
        servers
            .iter()
            .map(|s| {
                *at.entry((s.client.as_str(), &s.name, &s.config))
                    .or_insert_with(|| {
                        next += 1;
                        next - 1
                    })
            })
            .collect()
    };
    for (s, i) in servers.iter().zip(slots) {
        let probe = s.probe.as_ref().map(|p| Cow::Borrowed(p.status.as_str()));
        match st.servers.get_mut(i) {
            Some(x) => {
                // The same client, name and config (the slot's key): updated where it is. A
                // check without probes keeps the last probe's result.
                x.status = Cow::Borrowed(s.status.as_str());
                x.checked_at = Cow::Borrowed(&r.generated_at);
                if probe.is_some() {
                    x.probe = probe;
                }
            }
            None => st.servers.push(LastStatus {
                client: Cow::Borrowed(s.client.as_str()),
                name: Cow::Borrowed(&s.name),
                config: Cow::Borrowed(&s.config),
                status: Cow::Borrowed(s.status.as_str()),
                probe,
                checked_at: Cow::Borrowed(&r.generated_at),
            }),
        }
    }
    if let Some(dir) = path.parent() {
        if std::fs::create_dir_all(dir).is_err() {
            return;
        }
    }
    if let Ok(text) = crate::output::pretty_json(&st) {
        let _ = crate::output::write_atomic(&path, text.as_bytes());
    }
}

/// One row of the list.
#[derive(Clone, Debug, Serialize)]
pub struct Row<'a> {
    pub client: String,
    pub name: String,
    pub scope: String,
    pub transport: String,
    pub config: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    pub disabled: bool,
    /// Why the client does not use it (another definition wins, the file is never read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored: Option<String>,
    pub command: Option<String>,
    pub args: Vec<String>,
    pub url: Option<String>,
    /// From the last check or probe, `null` when none looked at this server.
    pub last_check: Option<LastStatus<'a>>,
}

pub fn rows<'a>(servers: &[ServerOut], st: &State<'a>) -> Vec<Row<'a>> {
    // The first entry of each (client, name, config), looked up (linear in the server count).
    let mut at: HashMap<(&str, &str, &str), &LastStatus> = HashMap::new();
    for x in &st.servers {
        at.entry((&x.client, &x.name, &x.config)).or_insert(x);
    }
    servers
        .iter()
        .map(|s| Row {
            client: s.client.as_str().to_string(),
            name: s.name.clone(),
            scope: s.scope.as_str().to_string(),
            transport: s.transport.as_str().to_string(),
            config: s.config.clone(),
            project: s.project.clone(),
            disabled: s.disabled,
            ignored: s.ignored.clone(),
            command: s.command.clone(),
            args: s.args.clone(),
            url: s.url.clone(),
            last_check: at
                .get(&(s.client.as_str(), s.name.as_str(), s.config.as_str()))
                .map(|x| (*x).clone()),
        })
        .collect()
}

/// How long ago, in words ("3 min ago"), from two RFC 3339 times.
fn ago(then: &str, now: std::time::SystemTime) -> String {
    let Ok(t) = humantime::parse_rfc3339_weak(then) else {
        return String::new();
    };
    let secs = now.duration_since(t).map(|d| d.as_secs()).unwrap_or(0);
    match secs {
        0..=59 => "just now".into(),
        60..=3599 => format!("{} min ago", secs / 60),
        3600..=86399 => format!("{} h ago", secs / 3600),
        _ => format!("{} d ago", secs / 86400),
    }
}

/// The status words of a row: `error (2 h ago)`, `ok, probe ok (just now)`, `not checked yet`.
pub fn status_words(r: &Row, now: std::time::SystemTime) -> String {
    match &r.last_check {
        None => "not checked yet".into(),
        Some(l) => {
            let probe = l
                .probe
                .as_deref()
                .map(|p| format!(", probe {p}"))
                .unwrap_or_default();
            format!("{}{probe} ({})", l.status, ago(&l.checked_at, now))
        }
    }
}

/// `list --format markdown`: one table row per server.
pub fn markdown(rows: &[Row], m: &Machine) -> String {
    use crate::output::markdown::{client_title, code, plural, text};
    use std::fmt::Write as _;
    let mut out = format!("### mcp-doctor list: {}\n\n", plural(rows.len(), "server"));
    if rows.is_empty() {
        return out;
    }
    out.push_str("| client | server | scope | transport | last check | config |\n|---|---|---|---|---|---|\n");
    for r in rows {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            text(&client_title(Some(&r.client))),
            code(&r.name, true),
            text(&r.scope),
            text(&r.transport),
            text(&status_words(r, m.now)),
            code(&m.abbreviate(&r.config), true),
        );
    }
    out
}

/// The human table: one line per server, grouped by client.
pub fn human(rows: &[Row], m: &Machine, p: Paint) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    if rows.is_empty() {
        out.push_str("No MCP server is configured in any client config found (`mcp-doctor check -v` shows where it looked).\n");
        return out;
    }
    let wn = rows
        .iter()
        .map(|r| r.name.chars().count())
        .max()
        .unwrap_or(4)
        .max(6);
    let wc = rows
        .iter()
        .map(|r| r.client.len())
        .max()
        .unwrap_or(6)
        .max(6);
    let ws = rows.iter().map(|r| r.scope.len()).max().unwrap_or(5).max(5);
    let _ = writeln!(
        out,
        "{}",
        p.bold(&format!(
            "{:wc$}  {:wn$}  {:ws$}  {:9}  {:28}  CONFIG",
            "CLIENT", "SERVER", "SCOPE", "TRANSPORT", "STATUS (LAST CHECK)"
        ))
    );
    for r in rows {
        let status = status_words(r, m.now);
        let worst = r.last_check.as_ref().map(|l| {
            if l.probe
                .as_deref()
                .is_some_and(|p| p == "failed" || p == "timeout")
            {
                "error"
            } else {
                &l.status
            }
        });
        let mark = match worst {
            Some(s) => p.mark(s),
            None => p.dim("-"),
        };
        let mut tags = Vec::new();
        if r.disabled {
            tags.push("disabled".to_string());
        }
        if let Some(i) = &r.ignored {
            tags.push(format!("not used: {i}"));
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!("  [{}]", tags.join("; "))
        };
        let _ = writeln!(
            out,
            "{:wc$}  {:wn$}  {:ws$}  {:9}  {mark} {:26}  {}{}",
            r.client,
            r.name,
            r.scope,
            r.transport,
            status,
            p.dim(&m.abbreviate(&r.config)),
            p.dim(&tags)
        );
    }
    let checked = rows.iter().filter(|r| r.last_check.is_some()).count();
    let _ = writeln!(
        out,
        "\n{} server(s) in {} client(s); {checked} with a status from an earlier `mcp-doctor check` (run it to refresh).",
        rows.len(),
        {
            let mut c: Vec<&str> = rows.iter().map(|r| r.client.as_str()).collect();
            c.sort_unstable();
            c.dedup();
            c.len()
        }
    );
    out
}
