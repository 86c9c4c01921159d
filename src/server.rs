//! A server entry as the client sees it, whatever the client's config format: the one shape every
//! check, the runtime analysis, the probe and the fixer take.
use crate::clients::{Layout, Remote, Scope};
use crate::config::ConfigFile;
use crate::doc::{Node, Span, Val};
use crate::finding::{ClientId, Finding, Severity};
use crate::rules::RuleId;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Transport {
    Stdio,
    Sse,
    Http,
    Ws,
}

display_as_str!(Transport);

impl Transport {
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Stdio => "stdio",
            Transport::Sse => "sse",
            Transport::Http => "http",
            Transport::Ws => "ws",
        }
    }
}

/// A string value with where it stands in its file.
#[derive(Clone, Debug, PartialEq)]
pub struct Str {
    pub value: String,
    pub span: Span,
    /// JSON pointer of the value inside the file (`/mcpServers/github/args/2`).
    pub pointer: String,
}

#[derive(Clone, Debug)]
pub struct ServerSpec {
    pub client: ClientId,
    pub scope: Scope,
    /// Index of its file in the list of configs.
    pub config: usize,
    pub name: String,
    /// The project folder a local- or project-scoped entry belongs to.
    pub project: Option<String>,
    pub transport: Transport,
    pub command: Option<Str>,
    pub args: Vec<Str>,
    pub env: Vec<(Str, Str)>,
    pub cwd: Option<Str>,
    pub url: Option<Str>,
    pub headers: Vec<(Str, Str)>,
    pub disabled: bool,
    /// Why the client does not use this entry (a remote entry in Claude Desktop's file, a file the
    /// client never reads, a name another scope defines too).
    pub ignored: Option<String>,
    /// The entry, and its JSON pointer.
    pub span: Span,
    pub pointer: String,
    /// The entry runs `mcp-doctor bridge`: `command`/`args` (or `url`/`headers`) above are those
    /// of the server behind it, each with its own place in the file (`/args/5`), so the checks
    /// and the probe look at that server.
    pub bridged: bool,
    /// A bridged entry's own `command`: the doctor's binary that runs the bridge.
    pub bridge_program: Option<Str>,
    /// It has neither `command` nor `url`, in a client where such an entry amends a server of
    /// the same name that an installed extension brings (`Client::extension_server`); the
    /// checks look for that extension.
    pub amends_extension: bool,
}

impl ServerSpec {
    /// The entry's own `env.PATH` value, if it sets one (any case on Windows).
    pub fn env_path(&self, os: crate::machine::Os) -> Option<&Str> {
        self.env
            .iter()
            .rev()
            .find(|(k, _)| {
                k.value == "PATH" || (os.is_windows() && k.value.eq_ignore_ascii_case("PATH"))
            })
            .map(|(_, v)| v)
    }

    /// `command args...` for display (not redacted).
    pub fn command_line(&self) -> String {
        let mut s = self
            .command
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default();
        for a in &self.args {
            s.push(' ');
            if a.value.is_empty() || a.value.contains(char::is_whitespace) {
                s.push_str(&serde_json::to_string(&a.value).unwrap_or_default());
            } else {
                s.push_str(&a.value);
            }
        }
        s
    }
}

/// `base` followed by each part: a JSON pointer built by pushing, not by `format!` (a config of
/// 100 000 servers builds half a million of them; the formatting machinery was most of their cost).
fn ptr(base: &str, parts: &[&str]) -> String {
    let mut p = String::with_capacity(base.len() + parts.iter().map(|x| x.len()).sum::<usize>());
    p.push_str(base);
    for x in parts {
        p.push_str(x);
    }
    p
}

/// `base` followed by `mid` and the decimal digits of `i` (`/mcpServers/x/args/3`).
fn ptr_i(base: &str, mid: &str, i: usize) -> String {
    let mut p = String::with_capacity(base.len() + mid.len() + 4);
    p.push_str(base);
    p.push_str(mid);
    crate::doc::push_decimal(&mut p, i);
    p
}

fn esc(k: &str) -> std::borrow::Cow<'_, str> {
    // A name without `~` or `/` (nearly every one) is not copied.
    if !k.contains(['~', '/']) {
        return std::borrow::Cow::Borrowed(k);
    }
    std::borrow::Cow::Owned(k.replace('~', "~0").replace('/', "~1"))
}

/// Result of reading the servers out of one config file.
#[derive(Default)]
pub struct Extracted {
    pub servers: Vec<ServerSpec>,
    pub findings: Vec<Finding>,
}

struct Cx<'a> {
    cfg: &'a ConfigFile,
    idx: usize,
    out: Extracted,
}

impl Cx<'_> {
    fn find(&self, rule: RuleId, server: Option<&str>, msg: String, at: usize) -> Finding {
        let mut f = Finding::new(rule, msg)
            .client(self.cfg.loc.client)
            .evidence(self.cfg.evidence_at(at))
            .var(crate::finding::Var::Path, self.cfg.loc.spelled.clone());
        if let Some(s) = server {
            f = f.server(s).var(crate::finding::Var::Server, s.to_string());
        }
        f
    }
}

/// The key that holds the servers for a layout, and near-misses people write instead.
fn server_key(layout: Layout) -> &'static str {
    match layout {
        Layout::McpServers | Layout::ClaudeJson => "mcpServers",
        Layout::VscodeServers | Layout::ServersOrMcpServers => "servers",
        Layout::VscodeSettings => "mcp",
        Layout::Zed => "context_servers",
        Layout::Codex => crate::clients::codex::TOP_KEY,
        Layout::Continue => "mcpServers",
        Layout::Goose => "extensions",
        Layout::Opencode => "mcp",
        Layout::Ignored { key } => key,
    }
}

fn norm(k: &str) -> String {
    k.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Edit distance (for "did you mean"); small inputs only.
pub fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A key that looks like a misspelling of `want` (`mcpServer`, `mcp_servers`, `MCPServers`).
fn near(key: &str, want: &str) -> bool {
    key != want && (norm(key) == norm(want) || distance(&norm(key), &norm(want)) <= 2)
}

/// Reads the server entries of a parsed config.
pub fn extract(cfg: &ConfigFile, idx: usize) -> Extracted {
    let mut cx = Cx {
        cfg,
        idx,
        out: Extracted::default(),
    };
    let Some(root) = &cfg.root else { return cx.out };
    let client = cfg.loc.client;
    if !root.is_obj() {
        let f = cx.find(
            RuleId::TopKeyMissing,
            None,
            format!(
                "The file holds {}, but {} expects {}.",
                root.kind(),
                client.title(),
                if cfg.loc.dialect == crate::clients::Dialect::Yaml {
                    "a YAML mapping"
                } else {
                    "a JSON object"
                }
            ),
            root.span.start,
        );
        cx.out.findings.push(f);
        return cx.out;
    }
    let want = match cfg.loc.layout {
        // Read under `mcpServers` when that is the key the file has.
        Layout::ServersOrMcpServers
            if root.get("servers").is_none() && root.get("mcpServers").is_some() =>
        {
            "mcpServers"
        }
        layout => server_key(layout),
    };
    if let Layout::Ignored { key } = cfg.loc.layout {
        let holder = match key {
            "mcp" => root
                .get("mcp")
                .and_then(|m| m.get("servers").map(|s| (m, s))),
            _ => root.get(key).map(|s| (root, s)),
        };
        if let Some((_, servers)) = holder {
            let names: Vec<&str> = servers.props().iter().map(|p| p.key.as_str()).collect();
            let why = cfg.loc.ignored.clone().unwrap_or_default();
            let f = cx
                .find(
                    RuleId::ServersInIgnoredFile,
                    None,
                    format!(
                        "{} never reads the {} server(s) in this file ({}): {why}.",
                        client.title(),
                        names.len(),
                        names.join(", ")
                    ),
                    servers.span.start,
                )
                .var(crate::finding::Var::Why, why);
            cx.out.findings.push(f);
        }
        return cx.out;
    }
    match cfg.loc.layout {
        Layout::VscodeSettings => {
            // Settings hold much else: no `mcp` key is the normal case.
            if let Some(servers) = root.get("mcp").and_then(|m| m.get("servers")) {
                let names: Vec<&str> = servers.props().iter().map(|p| p.key.as_str()).collect();
                if !names.is_empty() {
                    let f = cx.find(
                        RuleId::ServersMigrated,
                        None,
                        format!(
                            "{} moves the {} server(s) under \"mcp\" in this file ({}) into its mcp.json when it starts (1.102+), and runs them from there.",
                            client.title(),
                            names.len(),
                            names.join(", ")
                        ),
                        servers.span.start,
                    );
                    cx.out.findings.push(f);
                }
                servers_map(
                    &mut cx,
                    servers,
                    "/mcp/servers",
                    cfg.loc.scope,
                    cfg.loc.project.clone(),
                );
            }
        }
        Layout::ClaudeJson => {
            if let Some(s) = root.get(want) {
                servers_map(&mut cx, s, "/mcpServers", Scope::User, None);
            }
            if let Some(projects) = root.get("projects") {
                for p in projects.props() {
                    if let Some(s) = p.node.get("mcpServers") {
                        let ptr = format!("/projects/{}/mcpServers", esc(&p.key));
                        servers_map(&mut cx, s, &ptr, Scope::Local, Some(p.key.clone()));
                    }
                }
            }
            misspelt_top(&mut cx, root, want);
        }
        Layout::Continue => match root.get(want) {
            Some(s) => servers_list(&mut cx, s, cfg.loc.scope, cfg.loc.project.clone()),
            None => misspelt_top(&mut cx, root, want),
        },
        Layout::Goose => match root.get(want) {
            Some(s) => goose_extensions(&mut cx, s, cfg.loc.scope),
            None => misspelt_top(&mut cx, root, want),
        },
        Layout::Codex => match root.get(want) {
            Some(s) => servers_map(
                &mut cx,
                s,
                "/mcp_servers",
                cfg.loc.scope,
                cfg.loc.project.clone(),
            ),
            None => misspelt_top(&mut cx, root, want),
        },
        _ => {
            let scope = cfg.loc.scope;
            if cfg.loc.layout == Layout::VscodeServers {
                mcp_servers_beside_servers(&mut cx, root);
            }
            match root.get(want) {
                Some(s) => servers_map(
                    &mut cx,
                    s,
                    &format!("/{want}"),
                    scope,
                    cfg.loc.project.clone(),
                ),
                None => {
                    // Zed's settings and Gemini's have many other keys: a missing key is normal.
                    misspelt_top(&mut cx, root, want);
                }
            }
        }
    }
    cx.out
}

/// VS Code's `mcp.json` with servers under both `servers` and `mcpServers`: VS Code reads
/// `servers` (and `inputs`) only. Its scanner of user and workspace-folder `mcp.json` files takes
/// `Object.entries(scannedMcpServers.servers ?? {})` and nothing else
/// (src/vs/platform/mcp/common/mcpResourceScannerService.ts `fromUserMcpServers`,
/// `fromWorkspaceFolderMcpServers`,
/// https://github.com/microsoft/vscode/blob/5b590f71ab241cfbc1a2a2f305ba9e8748245ab2/src/vs/platform/mcp/common/mcpResourceScannerService.ts),
/// read by `InstalledMcpServersDiscovery` (contrib/mcp/common/discovery), which
/// contrib/mcp/browser/mcp.contribution.ts registers where it once registered
/// `ConfigMcpDiscovery`. That older one moved `mcpServers` into `servers` ("If we see there are
/// MCP servers, migrate them automatically", configMcpDiscovery.ts @9eab112e); the scanner that
/// replaced it does not, so the servers under `mcpServers` never load. (With `mcpServers` alone,
/// [`misspelt_top`] says so.)
fn mcp_servers_beside_servers(cx: &mut Cx, root: &Node) {
    let (Some(_), Some(p)) = (
        root.get("servers"),
        root.props().iter().find(|p| p.key == "mcpServers"),
    ) else {
        return;
    };
    if !p.node.is_obj() || p.node.props().is_empty() {
        return;
    }
    let names: Vec<&str> = p.node.props().iter().map(|x| x.key.as_str()).collect();
    let title = cx.cfg.loc.client.title();
    let msg = format!(
        "{title} reads servers from \"servers\" only; the {} server(s) under \"mcpServers\" beside it ({}) are never loaded. Move them into \"servers\".",
        names.len(),
        names.join(", ")
    );
    let f = cx
        .find(RuleId::TopKeyMisspelt, None, msg, p.key_span.start)
        .var(crate::finding::Var::Key, "mcpServers".to_string())
        .var(crate::finding::Var::Want, "servers".to_string())
        .var(
            crate::finding::Var::Change,
            "Move the entries of \"mcpServers\" into \"servers\" and drop \"mcpServers\""
                .to_string(),
        );
    cx.out.findings.push(f);
}

fn misspelt_top(cx: &mut Cx, root: &Node, want: &str) {
    if root.get(want).is_some() {
        return;
    }
    let known_other = [
        "mcpServers",
        "servers",
        "context_servers",
        "mcp_servers",
        "mcp",
    ];
    for p in root.props() {
        let other_layout =
            known_other.contains(&p.key.as_str()) && p.node.is_obj() && !p.node.props().is_empty();
        if near(&p.key, want) || (other_layout && p.key != want) {
            let title = cx.cfg.loc.client.title();
            // `{"mcp": {"servers": {...}}}` (VS Code's settings.json shape pasted into mcp.json):
            // the right key is there, one level too deep; renaming would give `servers.servers`.
            let (msg, change) = match p.node.get(want).filter(|n| n.is_obj()) {
                Some(inner) => (
                    format!(
                        "{title} reads servers from a top-level \"{want}\"; here it sits inside \"{}\", so the {} server(s) under \"{}.{want}\" are never loaded. Move \"{want}\" up to the top of the file and drop the \"{}\" wrapper.",
                        p.key,
                        inner.props().len(),
                        p.key,
                        p.key
                    ),
                    format!("Move \"{}.{want}\" to a top-level \"{want}\" (drop the \"{}\" wrapper)", p.key, p.key),
                ),
                None => (
                    format!(
                        "{title} reads servers from \"{want}\", not \"{}\": the {} server(s) under it are never loaded. Did you mean \"{want}\"?",
                        p.key,
                        p.node.props().len()
                    ),
                    format!("Rename \"{}\" to \"{want}\"", p.key),
                ),
            };
            let f = cx
                .find(RuleId::TopKeyMisspelt, None, msg, p.key_span.start)
                .var(crate::finding::Var::Key, p.key.clone())
                .var(crate::finding::Var::Want, want.to_string())
                .var(crate::finding::Var::Change, change);
            cx.out.findings.push(f);
        }
    }
}

fn servers_map(cx: &mut Cx, node: &Node, ptr: &str, scope: Scope, project: Option<String>) {
    let Val::Obj(props) = &node.val else {
        let f = cx.find(
            RuleId::EntryShape,
            None,
            format!(
                "\"{}\" must be an object of named servers, but it is {}.",
                ptr.rsplit('/').next().unwrap_or(""),
                node.kind()
            ),
            node.span.start,
        );
        cx.out.findings.push(f);
        return;
    };
    // Sets, not lists: a file of 100 000 servers stays linear.
    let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
    let mut last: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, p) in props.iter().enumerate() {
        last.insert(p.key.as_str(), i);
    }
    for p in props {
        if seen.contains(p.key.as_str()) {
            let f = cx.find(
                RuleId::DuplicateKey,
                Some(&p.key),
                format!("The server \"{}\" is defined twice in this object; only the last definition is used.", p.key),
                p.key_span.start,
            );
            cx.out.findings.push(f);
        }
        seen.insert(&p.key);
    }
    // The last definition of a name wins, as JSON.parse keeps it.
    for (i, p) in props.iter().enumerate() {
        if last.get(p.key.as_str()) != Some(&i) {
            continue;
        }
        let pointer = self::ptr(ptr, &["/", &esc(&p.key)]);
        if let Some(s) = entry(cx, &p.key, &p.node, pointer, scope, project.clone()) {
            cx.out.servers.push(s);
        }
    }
}

/// Continue's `mcpServers:` list: each item an entry named by its `name`; pointers
/// `/mcpServers/0`. Items that `uses:` a hub block are resolved by Continue, not here.
fn servers_list(cx: &mut Cx, node: &Node, scope: Scope, project: Option<String>) {
    let Val::Arr(items) = &node.val else {
        let f = cx.find(
            RuleId::EntryShape,
            None,
            format!(
                "\"mcpServers\" must be a list of servers (\"- name: ...\" items) in {}'s YAML, but it is {}.",
                cx.cfg.loc.client.title(),
                node.kind()
            ),
            node.span.start,
        );
        cx.out.findings.push(f);
        return;
    };
    for (i, item) in items.iter().enumerate() {
        if item.get("uses").is_some() {
            continue;
        }
        let name = match item.get("name").map(|n| &n.val) {
            Some(Val::Str(s)) if !s.is_empty() => s.clone(),
            Some(Val::Num(s)) => s.clone(),
            _ => {
                if item.is_obj() {
                    let f = cx.find(
                        RuleId::EntryShape,
                        None,
                        format!(
                            "mcpServers[{i}] has no \"name\"; {} needs one for every server.",
                            cx.cfg.loc.client.title()
                        ),
                        item.span.start,
                    );
                    cx.out.findings.push(f);
                }
                format!("mcpServers[{i}]")
            }
        };
        let pointer = format!("/mcpServers/{i}");
        if let Some(s) = entry(cx, &name, item, pointer, scope, project.clone()) {
            cx.out.servers.push(s);
        }
    }
}

/// Goose extension types that are not MCP servers started from the config (built into Goose,
/// or provided by its desktop app).
const GOOSE_NOT_SERVERS: &[&str] = &["builtin", "platform", "frontend", "inline_python"];

/// Goose's `extensions:` map by id; built-in extensions have no command and are skipped.
fn goose_extensions(cx: &mut Cx, node: &Node, scope: Scope) {
    let Val::Obj(props) = &node.val else {
        let f = cx.find(
            RuleId::EntryShape,
            None,
            format!(
                "\"extensions\" must be a mapping of extensions by id, but it is {}.",
                node.kind()
            ),
            node.span.start,
        );
        cx.out.findings.push(f);
        return;
    };
    for p in props {
        // Not the last definition of its id (a lookup: the last one wins).
        if !props.get(&p.key).is_some_and(|last| std::ptr::eq(last, p)) {
            let f = cx.find(
                RuleId::DuplicateKey,
                Some(&p.key),
                format!(
                    "The extension \"{}\" is defined twice; only the last definition is used.",
                    p.key
                ),
                p.key_span.start,
            );
            cx.out.findings.push(f);
            continue;
        }
        let ty = p
            .node
            .get("type")
            .and_then(Node::as_str)
            .map(str::to_ascii_lowercase);
        if ty
            .as_deref()
            .is_some_and(|t| GOOSE_NOT_SERVERS.contains(&t))
        {
            continue;
        }
        // Goose reads each entry as an `ExtensionEntry` (`enabled`, then the `ExtensionConfig`
        // chosen by its `type` tag) and skips one that does not deserialize, with only a log line
        // ("Skipping malformed extension config entry": block/goose
        // crates/goose/src/config/extensions.rs @ 1071c824, `get_extensions_map_with_config`).
        // A stdio extension has no defaults for `name`, `cmd` and `args`
        // (crates/goose/src/agents/extension.rs @ d4c86e93, `ExtensionConfig::Stdio`).
        let stdio = match ty.as_deref() {
            Some("stdio") => true,
            None => p.node.get("cmd").is_some() || p.node.get("command").is_some(),
            Some(_) => false,
        };
        let mut needed = vec!["enabled"];
        if ty.is_none() {
            needed.push("type");
        }
        if stdio {
            needed.extend(["name", "cmd", "args"]);
        }
        let missing: Vec<String> = needed
            .into_iter()
            .filter(|k| p.node.get(k).is_none())
            .map(|k| format!("`{k}`"))
            .collect();
        if !missing.is_empty() {
            let hint = if stdio && p.node.get("cmd").is_none() && p.node.get("command").is_some() {
                " (Goose reads the program from `cmd`, not `command`)"
            } else {
                ""
            };
            let f = cx.find(
                RuleId::EntryShape,
                Some(&p.key),
                format!(
                    "Goose skips the extension \"{}\": its entry has no {}{hint}, so it does not load and the server never starts.",
                    p.key,
                    missing.join(", ")
                ),
                p.key_span.start,
            );
            cx.out.findings.push(f);
            continue;
        }
        let pointer = format!("/extensions/{}", esc(&p.key));
        if let Some(s) = entry(cx, &p.key, &p.node, pointer, scope, None) {
            cx.out.servers.push(s);
        }
    }
}

fn str_at(cx: &mut Cx, server: &str, n: &Node, pointer: String, what: &str) -> Option<Str> {
    match &n.val {
        Val::Str(s) => Some(Str {
            value: s.clone(),
            span: n.span.clone(),
            pointer,
        }),
        _ => {
            let f = cx.find(
                RuleId::EntryShape,
                Some(server),
                format!(
                    "\"{what}\" must be a string, but it is {} ({}).",
                    n.kind(),
                    n.brief()
                ),
                n.span.start,
            );
            cx.out.findings.push(f);
            None
        }
    }
}

fn string_map(cx: &mut Cx, server: &str, n: &Node, pointer: &str, what: &str) -> Vec<(Str, Str)> {
    let mut out = Vec::new();
    let Val::Obj(props) = &n.val else {
        let f = cx.find(
            RuleId::EntryShape,
            Some(server),
            format!(
                "\"{what}\" must be an object of NAME: \"value\" pairs, but it is {}.",
                n.kind()
            ),
            n.span.start,
        );
        cx.out.findings.push(f);
        return out;
    };
    let coerced = what == "env" && crate::clients::get(cx.cfg.loc.client).env_values_coerced;
    for p in props {
        let key = Str {
            value: p.key.clone(),
            span: p.key_span.clone(),
            pointer: ptr(pointer, &["/", &esc(&p.key)]),
        };
        let as_value = |v: String| Str {
            value: v,
            span: p.node.span.clone(),
            pointer: key.pointer.clone(),
        };
        match &p.node.val {
            Val::Str(s) => {
                let value = as_value(s.clone());
                out.push((key, value))
            }
            // A client that turns any value into a string before it spawns (VS Code's
            // `String(value)`; `null` unsets the variable) runs the entry as written.
            Val::Null if coerced => continue,
            Val::Num(x) if coerced => {
                let value = as_value(x.clone());
                out.push((key, value))
            }
            Val::Bool(b) if coerced => {
                let value = as_value(b.to_string());
                out.push((key, value))
            }
            _ => {
                let suggestion = match &p.node.val {
                    Val::Num(x) => format!("\"{x}\""),
                    Val::Bool(b) => format!("\"{b}\""),
                    _ => "a string".into(),
                };
                let f = cx
                    .find(
                        RuleId::EnvNotStrings,
                        Some(server),
                        format!("{what}.{} is {} ({}); every {what} value must be a string. Did you mean {suggestion}?", p.key, p.node.kind(), p.node.brief()),
                        p.node.span.start,
                    )
                    .var(crate::finding::Var::Name, p.key.clone())
                    .var(crate::finding::Var::Suggestion, suggestion);
                cx.out.findings.push(f);
            }
        }
    }
    out
}

const STDIO_KEYS: &[&str] = &[
    "command",
    "args",
    "env",
    "cwd",
    "type",
    "transport",
    "transportType",
];
const COMMON_KEYS: &[&str] = &[
    "url",
    "headers",
    "disabled",
    "enabled",
    "autoApprove",
    "alwaysAllow",
    "timeout",
    "alwaysLoad",
    "envFile",
    "dev",
    "sandbox",
    "sandboxEnabled",
    "trust",
    "includeTools",
    "excludeTools",
    "oauth",
    "authProviderType",
    "httpUrl",
    "serverUrl",
    "headersHelper",
    "startup_timeout_sec",
    "startup_timeout_ms",
    "tool_timeout_sec",
    "enabled_tools",
    "disabled_tools",
    "env_vars",
    "bearer_token_env_var",
    "http_headers",
    "env_http_headers",
    "source",
    "settings",
    "description",
    "auth",
    "gallery",
    "version",
    "name",
    "disabledTools",
    "networkTimeout",
    "watchPaths",
    "cwd",
];

fn entry(
    cx: &mut Cx,
    name: &str,
    n: &Node,
    pointer: String,
    scope: Scope,
    project: Option<String>,
) -> Option<ServerSpec> {
    let client = cx.cfg.loc.client;
    if !n.is_obj() {
        let f = cx.find(RuleId::EntryShape, Some(name), format!("The server \"{name}\" must be an object with \"command\" (or \"url\"), but it is {}.", n.kind()), n.span.start);
        cx.out.findings.push(f);
        return None;
    }
    let mut spec = ServerSpec {
        client,
        scope,
        config: cx.idx,
        name: name.to_string(),
        project,
        transport: Transport::Stdio,
        command: None,
        args: vec![],
        env: vec![],
        cwd: None,
        url: None,
        headers: vec![],
        disabled: false,
        ignored: None,
        span: n.span.clone(),
        pointer: pointer.clone(),
        bridged: false,
        bridge_program: None,
        amends_extension: false,
    };
    // Zed's older format: "command": {"path", "args", "env"}.
    let mut cmd_node = n.get("command");
    let mut args_node = n.get("args");
    let mut env_node = n.get("env");
    let mut cmd_ptr = ptr(&pointer, &["/command"]);
    let facts = crate::clients::get(client);
    if let Some(c) = cmd_node.filter(|c| c.is_obj() && facts.command_object) {
        cmd_node = c.get("path");
        args_node = c.get("args").or(args_node);
        env_node = c.get("env").or(env_node);
        cmd_ptr = format!("{pointer}/command/path");
    }
    let mut env_key = "env";
    if let Some(alias) = facts.command_alias {
        if cmd_node.is_none() && n.get(alias).is_some() {
            cmd_node = n.get(alias);
            cmd_ptr = format!("{pointer}/{alias}");
        }
    }
    if let Some(alias) = facts.env_alias {
        if env_node.is_none() && n.get(alias).is_some() {
            env_node = n.get(alias);
            env_key = alias;
        }
    }
    // opencode: `"command": ["npx", "-y", "pkg"]`, the program and its arguments in one list.
    let command_list = cx.cfg.loc.layout == crate::clients::Layout::Opencode;
    if let Some(c) = cmd_node.filter(|_| command_list) {
        cmd_node = None;
        list_command(cx, name, n, c, &pointer, &mut spec);
    }
    if let Some(c) = cmd_node {
        match &c.val {
            Val::Arr(items) => {
                let parts: Vec<String> = items
                    .iter()
                    .filter_map(|x| x.as_str().map(String::from))
                    .collect();
                let f = cx
                    .find(
                        RuleId::EntryShape,
                        Some(name),
                        format!(
                            "\"command\" is a list; it must be one program. Did you mean \"command\": {}, \"args\": {}?",
                            serde_json::to_string(parts.first().unwrap_or(&String::new())).unwrap_or_default(),
                            serde_json::to_string(&parts.iter().skip(1).collect::<Vec<_>>()).unwrap_or_default()
                        ),
                        c.span.start,
                    );
                cx.out.findings.push(f);
            }
            _ => spec.command = str_at(cx, name, c, cmd_ptr, "command"),
        }
    }
    if let Some(a) = args_node {
        match &a.val {
            Val::Arr(items) => {
                for (i, x) in items.iter().enumerate() {
                    match &x.val {
                        Val::Str(s) => spec.args.push(Str {
                            value: s.clone(),
                            span: x.span.clone(),
                            pointer: ptr_i(&pointer, "/args/", i),
                        }),
                        Val::Num(v) => {
                            let f = cx.find(RuleId::EntryShape, Some(name), format!("args[{i}] is a number ({v}); arguments must be strings: \"{v}\"."), x.span.start);
                            cx.out.findings.push(f);
                            spec.args.push(Str {
                                value: v.clone(),
                                span: x.span.clone(),
                                pointer: ptr_i(&pointer, "/args/", i),
                            });
                        }
                        _ => {
                            let f = cx.find(
                                RuleId::EntryShape,
                                Some(name),
                                format!(
                                    "args[{i}] is {}; every argument must be a string.",
                                    x.kind()
                                ),
                                x.span.start,
                            );
                            cx.out.findings.push(f);
                        }
                    }
                }
            }
            Val::Str(s) => {
                let split = shell_words::split(s)
                    .unwrap_or_else(|_| s.split_whitespace().map(String::from).collect());
                let f = cx
                    .find(
                        RuleId::ArgsNotList,
                        Some(name),
                        format!("\"args\" is one string; it must be a list of strings. Did you mean \"args\": {}?", serde_json::to_string(&split).unwrap_or_default()),
                        a.span.start,
                    )
                    .var(crate::finding::Var::Suggestion, serde_json::to_string(&split).unwrap_or_default());
                cx.out.findings.push(f);
                spec.args = split
                    .into_iter()
                    .map(|v| Str {
                        value: v,
                        span: a.span.clone(),
                        pointer: format!("{pointer}/args"),
                    })
                    .collect();
            }
            _ => {
                let f = cx.find(
                    RuleId::ArgsNotList,
                    Some(name),
                    format!("\"args\" is {}; it must be a list of strings.", a.kind()),
                    a.span.start,
                );
                cx.out.findings.push(f);
            }
        }
    }
    if let Some(e) = env_node {
        spec.env = string_map(cx, name, e, &ptr(&pointer, &["/", env_key]), env_key);
    }
    if let Some(c) = n.get("cwd") {
        spec.cwd = str_at(cx, name, c, ptr(&pointer, &["/cwd"]), "cwd");
    }
    // Remote: which key holds the URL depends on the client.
    let mut url_key = "";
    for k in facts.url_keys {
        if let Some(u) = n.get(k) {
            spec.url = str_at(cx, name, u, ptr(&pointer, &["/", k]), k);
            url_key = k;
            break;
        }
    }
    let headers_key = facts.headers_key;
    if let Some(h) = n.get(headers_key) {
        spec.headers = string_map(
            cx,
            name,
            h,
            &format!("{pointer}/{headers_key}"),
            headers_key,
        );
    }
    spec.disabled = n.get("disabled").and_then(Node::as_bool) == Some(true)
        || n.get("enabled").and_then(Node::as_bool) == Some(false);
    let ty = n
        .get("type")
        .or(n.get("transport"))
        .or(n.get("transportType"))
        .and_then(Node::as_str)
        .map(str::to_ascii_lowercase);
    spec.transport = transport_of(cx, &spec, ty.as_deref(), url_key, n);
    unwrap_bridge(&mut spec);
    // opencode: `{"enabled": false}` alone turns off a server another of its files defines (its
    // schema's third form, `z.object({ enabled: z.boolean() }).strict()`, opencode CONFIG).
    let toggle =
        command_list && n.get("enabled").and_then(Node::as_bool).is_some() && n.props().len() == 1;
    // (A `command` that is not a list was reported above.)
    let listed = command_list && n.get("command").is_some();
    if command_list && !toggle {
        opencode_shape(cx, name, n, &spec);
    }
    if spec.command.is_none()
        && spec.url.is_none()
        && cmd_node.is_none()
        && url_key.is_empty()
        && !toggle
        && !listed
    {
        if facts.extension_server.is_some() {
            spec.amends_extension = true;
            unknown_keys(cx, name, n);
            return Some(spec);
        }
        let f = cx.find(
            RuleId::EntryShape,
            Some(name),
            format!(
                "The server \"{name}\" has neither \"command\" nor \"url\"; {} cannot start it.",
                client.title()
            ),
            n.span.start,
        );
        cx.out.findings.push(f);
    }
    unknown_keys(cx, name, n);
    Some(spec)
}

/// Whether `command args` run `mcp-doctor bridge` (the doctor's binary by any path).
pub fn is_bridge(command: &str, args: &[&str]) -> bool {
    let base = command.rsplit(['/', '\\']).next().unwrap_or(command);
    let base = base.strip_suffix(".exe").unwrap_or(base);
    base == "mcp-doctor" && args.first() == Some(&"bridge")
}

/// The bridge's own options that take a value (`mcp-doctor bridge --help`).
pub const BRIDGE_VALUE_OPTIONS: [&str; 5] = [
    "--name",
    "--header",
    "--transport",
    "--max-restarts",
    "--fix-url-key",
];

/// A bridged entry becomes the server behind the bridge: the command after `--` (or the URL)
/// with the rest of the arguments (or the `--header`s), keeping their places in the file.
fn unwrap_bridge(spec: &mut ServerSpec) {
    let Some(cmd) = &spec.command else { return };
    let args: Vec<&str> = spec.args.iter().map(|a| a.value.as_str()).collect();
    if !is_bridge(&cmd.value, &args) {
        return;
    }
    spec.bridge_program = Some(cmd.clone());
    let mut headers = Vec::new();
    let mut transport = None;
    let mut i = 1;
    while i < spec.args.len() {
        let a = spec.args[i].value.as_str();
        if a == "--" {
            if i + 1 >= spec.args.len() {
                return;
            }
            spec.command = Some(spec.args[i + 1].clone());
            spec.args = spec.args.split_off(i + 2);
            spec.bridged = true;
            return;
        }
        if let Some(opt) = BRIDGE_VALUE_OPTIONS.iter().find(|o| a == **o) {
            let Some(v) = spec.args.get(i + 1) else {
                return;
            };
            if *opt == "--header" {
                if let Some((k, val)) = v.value.split_once(':') {
                    let mk = |t: &str| Str {
                        value: t.trim().to_string(),
                        span: v.span.clone(),
                        pointer: v.pointer.clone(),
                    };
                    headers.push((mk(k), mk(val)));
                }
            } else if *opt == "--transport" {
                transport = Some(v.value.clone());
            }
            i += 2;
            continue;
        }
        if a.starts_with("http://") || a.starts_with("https://") {
            let url = spec.args[i].clone();
            spec.transport = match transport.as_deref() {
                Some("sse") => Transport::Sse,
                Some(_) => Transport::Http,
                None if url.value.trim_end_matches('/').ends_with("/sse") => Transport::Sse,
                None => Transport::Http,
            };
            spec.url = Some(url);
            spec.command = None;
            spec.args = Vec::new();
            spec.headers = headers;
            spec.bridged = true;
            return;
        }
        // Flags without a value (`--fix-added-args`).
        i += 1;
    }
}

fn transport_of(
    cx: &mut Cx,
    spec: &ServerSpec,
    ty: Option<&str>,
    url_key: &str,
    n: &Node,
) -> Transport {
    let client = cx.cfg.loc.client;
    let facts = crate::clients::get(client);
    let name = spec.name.as_str();
    let declared = match ty {
        Some("stdio") => Some(Transport::Stdio),
        Some("sse") => Some(Transport::Sse),
        Some("http" | "streamable-http" | "streamablehttp" | "streamable_http") => {
            Some(Transport::Http)
        }
        Some("ws" | "websocket") => Some(Transport::Ws),
        _ => None,
    };
    if let (Some(t), Some(tn)) = (ty, n.get("type")) {
        // Cline and Roo Code validate `type` with zod literals, so case counts there; the others'
        // lists are compared lower-cased.
        let exact = tn.as_str().unwrap_or(t);
        let valid = facts.transports;
        let t = if facts.transports_exact { exact } else { t };
        if !valid.is_empty() && !valid.contains(&t) {
            let f = cx.find(
                RuleId::EntryShape,
                Some(name),
                format!(
                    "\"type\": \"{t}\" is not a transport {} knows; it accepts {}.",
                    client.title(),
                    valid.join(", ")
                ),
                tn.span.start,
            );
            cx.out.findings.push(f);
        }
    }
    let Some(url) = &spec.url else {
        return declared
            .filter(|t| *t == Transport::Stdio)
            .unwrap_or(Transport::Stdio);
    };
    let at = url.span.start;
    let looks_sse = url.value.trim_end_matches('/').ends_with("/sse");
    match facts.remote {
        Remote::NotStarted => {
            let f = cx.find(
                RuleId::RemoteInClaudeDesktop,
                Some(name),
                format!("{}'s config file only starts local (stdio) servers; it ignores the remote server \"{name}\" ({})", client.title(), url.value),
                at,
            );
            cx.out
                .findings
                .push(f.var(crate::finding::Var::Url, url.value.clone()));
            declared.unwrap_or(if looks_sse {
                Transport::Sse
            } else {
                Transport::Http
            })
        }
        Remote::UntypedIsStdio if declared.is_none() && spec.command.is_none() => {
            let f = cx.find(
                RuleId::RemoteMissingType,
                Some(name),
                format!(
                    "MCP server \"{name}\" has a \"url\" but no \"type\"; {} reads it as a stdio server and fails. Add \"type\": \"http\"{}.",
                    client.title(),
                    // A client whose list of transports lacks legacy SSE is not offered it.
                    if facts.transports.is_empty() || facts.transports.contains(&"sse") {
                        " (or \"sse\")"
                    } else {
                        ""
                    }
                ),
                at,
            );
            cx.out.findings.push(f.var(
                crate::finding::Var::Type,
                if looks_sse { "sse" } else { "http" },
            ));
            if looks_sse {
                Transport::Sse
            } else {
                Transport::Http
            }
        }
        Remote::UntypedRefused if declared.is_none() => {
            let want = if looks_sse { "sse" } else { "streamable-http" };
            let f = cx.find(
                RuleId::RemoteMissingType,
                Some(name),
                format!("\"{name}\" has a \"url\" but no \"type\"; {} refuses such an entry (it must say \"sse\" or \"streamable-http\"). Add \"type\": \"{want}\".", client.title()),
                at,
            );
            cx.out.findings.push(f.var(crate::finding::Var::Type, want));
            if looks_sse {
                Transport::Sse
            } else {
                Transport::Http
            }
        }
        Remote::UntypedIsSse { streamable } if declared.is_none() => {
            // Only a path ending in `/mcp` (the Streamable HTTP endpoint by convention) says the
            // server wants Streamable HTTP; any other URL may well serve SSE there, as servers
            // that tell Cline users to write a bare `url` do (idosal/git-mcp README, "Connecting
            // Cline": `https://gitmcp.io/{owner}/{repo}`).
            let (_, path) = crate::url::origin_and_path(&url.value);
            if path.ends_with("/mcp") {
                let f = cx.find(
                    RuleId::RemoteMissingType,
                    Some(name),
                    format!("\"{name}\" has a \"url\" but no \"type\"; {} then speaks legacy SSE, but the URL ends in /mcp, the usual Streamable HTTP endpoint. Add \"type\": \"{streamable}\".", client.title()),
                    at,
                );
                cx.out
                    .findings
                    .push(f.var(crate::finding::Var::Type, streamable));
            }
            Transport::Sse
        }
        // `httpUrl` and `url` with `"type": "http"` or no type are Streamable HTTP (without a
        // type Gemini falls back to SSE by itself); `"type": "sse"` is SSE.
        Remote::GeminiKeys => match (url_key, declared) {
            ("url", Some(Transport::Sse)) => Transport::Sse,
            ("url", None) => Transport::Http,
            // Without SSE fallback (`httpUrl`, or `url` with `"type": "http"`): only a `url`
            // without type falls back (mcp-client.ts, `connectToMcpServer`, "try SSE fallback").
            _ => {
                let (_, path) = crate::url::origin_and_path(&url.value);
                if path.ends_with("/sse") {
                    let key = if url_key == "httpUrl" {
                        "\"httpUrl\""
                    } else {
                        "\"url\" with \"type\": \"http\""
                    };
                    let f = cx.find(
                        RuleId::TransportPathMismatch,
                        Some(name),
                        format!("\"{name}\" has {key}: {} speaks only Streamable HTTP to it, with no SSE fallback, but the URL ends in /sse, where servers serve the legacy SSE transport (and refuse a POST with 404 or 405).", client.title()),
                        at,
                    );
                    cx.out
                        .findings
                        .push(f.var(crate::finding::Var::Url, url.value.clone()));
                }
                Transport::Http
            }
        },
        _ => declared.unwrap_or(if looks_sse {
            Transport::Sse
        } else {
            Transport::Http
        }),
    }
}

/// An entry-shape finding about `name` at `at`.
fn push_shape(cx: &mut Cx, name: &str, msg: String, at: usize) {
    let f = cx.find(RuleId::EntryShape, Some(name), msg, at);
    cx.out.findings.push(f);
}

/// opencode's `command` (`c`, in the entry `n`): one list, the program and then its arguments (its
/// `McpLocal` schema: `command: z.string().array()`; `const [cmd, ...args] = mcp.command`), read
/// into `spec`'s command and args.
fn list_command(cx: &mut Cx, name: &str, n: &Node, c: &Node, pointer: &str, spec: &mut ServerSpec) {
    let items = match &c.val {
        Val::Arr(items) if !items.is_empty() => items,
        Val::Arr(_) => {
            let msg = "\"command\" is an empty list; it must hold the program, then its arguments.";
            return push_shape(cx, name, msg.to_string(), c.span.start);
        }
        // With `args` beside it, `opencode_shape`'s message says the whole list to write.
        _ if n.get("args").is_some() => return,
        _ => {
            let msg = format!(
                "\"command\" must be a list (the program, then its arguments), but it is {} ({}).",
                c.kind(),
                c.brief()
            );
            return push_shape(cx, name, msg, c.span.start);
        }
    };
    for (i, x) in items.iter().enumerate() {
        let Val::Str(s) = &x.val else {
            let msg = format!(
                "command[{i}] is {}; every part of \"command\" must be a string.",
                x.kind()
            );
            push_shape(cx, name, msg, x.span.start);
            continue;
        };
        let part = Str {
            value: s.clone(),
            span: x.span.clone(),
            pointer: ptr_i(pointer, "/command/", i),
        };
        if i == 0 {
            spec.command = Some(part);
        } else {
            spec.args.push(part);
        }
    }
}

/// What opencode's `.strict()` entry schemas refuse in an entry copied from another client's
/// README (opencode CONFIG: `McpLocal`, `McpRemote`, a discriminated union on `type`): each fails
/// the whole file ("ConfigInvalidError"), not only this server.
fn opencode_shape(cx: &mut Cx, name: &str, n: &Node, spec: &ServerSpec) {
    let say = |cx: &mut Cx, at: usize, msg: String| push_shape(cx, name, msg, at);
    if let Some(p) = n.prop("args") {
        // The program: the list's first part, or a `command` string copied as it was.
        let mut all: Vec<String> = match n.get("command").and_then(Node::as_str) {
            Some(c) => vec![c.to_string()],
            None => spec.command.iter().map(|c| c.value.clone()).collect(),
        };
        all.extend(
            p.node
                .items()
                .iter()
                .filter_map(|x| x.as_str().map(String::from)),
        );
        say(
            cx,
            p.key_span.start,
            format!(
                "opencode takes the program and its arguments in one list and refuses \"args\" (its config then fails to load). Write \"command\": {}.",
                serde_json::to_string(&all).unwrap_or_default()
            ),
        );
    }
    if let Some(p) = n.prop("env") {
        say(
            cx,
            p.key_span.start,
            "opencode calls the variables \"environment\" and refuses \"env\" (its config then fails to load). Rename \"env\" to \"environment\".".to_string(),
        );
    }
    if n.get("type").is_none() {
        let want = if n.get("url").is_some() {
            "remote"
        } else {
            "local"
        };
        say(
            cx,
            n.span.start,
            format!("opencode needs \"type\" in every server (\"local\" or \"remote\"); without it its config fails to load. Add \"type\": \"{want}\"."),
        );
    }
}

fn unknown_keys(cx: &mut Cx, name: &str, n: &Node) {
    let client = cx.cfg.loc.client;
    let extra = crate::clients::get(client).entry_keys;
    for p in n.props() {
        let k = p.key.as_str();
        if STDIO_KEYS.contains(&k) || COMMON_KEYS.contains(&k) || extra.contains(&k) {
            continue;
        }
        let candidates = [
            "command", "args", "env", "cwd", "url", "headers", "type", "disabled",
        ];
        let aliases = [
            ("arguments", "args"),
            ("argv", "args"),
            ("environment", "env"),
            ("envs", "env"),
            ("cmd", "command"),
            ("workingDirectory", "cwd"),
            ("serverURL", "url"),
        ];
        let hit = aliases
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(k))
            .map(|(_, b)| *b)
            .or_else(|| {
                candidates
                    .iter()
                    .copied()
                    .find(|c| near(k, c) && norm(k).len() > 2)
            });
        if let Some(want) = hit {
            let f = cx
                .find(
                    RuleId::UnknownKey,
                    Some(name),
                    format!(
                        "{} does not know the key \"{k}\" and ignores it. Did you mean \"{want}\"?",
                        client.title()
                    ),
                    p.key_span.start,
                )
                .var(crate::finding::Var::Key, k.to_string())
                .var(crate::finding::Var::Want, want.to_string())
                .severity(if matches!(want, "command" | "args") {
                    Severity::Error
                } else {
                    Severity::Warning
                });
            cx.out.findings.push(f);
        }
    }
}
