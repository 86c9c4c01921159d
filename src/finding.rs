//! What the doctor concludes: causes (the contract's taxonomy), severities, findings and fixes.
use serde::{Deserialize, Serialize};
use std::fmt;

/// The contract's cause ids (`shared/contract.md`), stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Cause {
    CommandNotFound,
    WindowsNpx,
    RuntimeVersion,
    BadPath,
    Permission,
    InvalidConfig,
    MissingEnv,
    ServerCrash,
    OomKilled,
    StdoutPollution,
    StartupTimeout,
    AuthExpired,
    SessionExpired,
    SseIdleTimeout,
    NetworkBlocked,
    ConfigIgnored,
    InsecureConfig,
    DeprecatedTransport,
}

impl Cause {
    pub const ALL: [Cause; 18] = [
        Cause::CommandNotFound,
        Cause::WindowsNpx,
        Cause::RuntimeVersion,
        Cause::BadPath,
        Cause::Permission,
        Cause::InvalidConfig,
        Cause::MissingEnv,
        Cause::ServerCrash,
        Cause::OomKilled,
        Cause::StdoutPollution,
        Cause::StartupTimeout,
        Cause::AuthExpired,
        Cause::SessionExpired,
        Cause::SseIdleTimeout,
        Cause::NetworkBlocked,
        Cause::ConfigIgnored,
        Cause::InsecureConfig,
        Cause::DeprecatedTransport,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Cause::CommandNotFound => "command-not-found",
            Cause::WindowsNpx => "windows-npx",
            Cause::RuntimeVersion => "runtime-version",
            Cause::BadPath => "bad-path",
            Cause::Permission => "permission",
            Cause::InvalidConfig => "invalid-config",
            Cause::MissingEnv => "missing-env",
            Cause::ServerCrash => "server-crash",
            Cause::OomKilled => "oom-killed",
            Cause::StdoutPollution => "stdout-pollution",
            Cause::StartupTimeout => "startup-timeout",
            Cause::AuthExpired => "auth-expired",
            Cause::SessionExpired => "session-expired",
            Cause::SseIdleTimeout => "sse-idle-timeout",
            Cause::NetworkBlocked => "network-blocked",
            Cause::ConfigIgnored => "config-ignored",
            Cause::InsecureConfig => "insecure-config",
            Cause::DeprecatedTransport => "deprecated-transport",
        }
    }

    pub fn parse(s: &str) -> Option<Cause> {
        Cause::ALL.into_iter().find(|c| c.as_str() == s)
    }

    /// How often this cause is behind a real "disconnected" ticket, from the order the project brief
    /// and the corpus give (crashes first). Used as the prior when ranking; in (0, 1].
    pub fn prior(self) -> f64 {
        match self {
            Cause::ServerCrash => 1.0,
            Cause::OomKilled => 0.95,
            Cause::AuthExpired => 0.95,
            Cause::CommandNotFound => 0.9,
            Cause::BadPath => 0.9,
            Cause::InvalidConfig => 0.9,
            Cause::Permission => 0.85,
            Cause::RuntimeVersion => 0.85,
            Cause::MissingEnv => 0.8,
            Cause::WindowsNpx => 0.8,
            Cause::StartupTimeout => 0.75,
            Cause::StdoutPollution => 0.75,
            Cause::SseIdleTimeout => 0.7,
            Cause::SessionExpired => 0.7,
            Cause::NetworkBlocked => 0.7,
            Cause::ConfigIgnored => 0.65,
            Cause::DeprecatedTransport => 0.65,
            Cause::InsecureConfig => 0.6,
        }
    }
}

impl Cause {
    /// What to check when this cause is only a possibility that a generic symptom leaves open
    /// (an alternative of a differential, see `rank`).
    pub fn check(self) -> &'static str {
        match self {
            Cause::ServerCrash => "Run the server's command by hand and read the error it prints before it exits",
            Cause::OomKilled => "Check whether the system or a container limit killed it for memory (`dmesg`, Activity Monitor, `docker inspect`)",
            Cause::AuthExpired => "Sign in to the server again (re-run its OAuth flow or renew the token in the config)",
            Cause::CommandNotFound => "Check that the entry's `command` is found on the PATH the client starts servers with (or give its absolute path)",
            Cause::BadPath => "Check every path in the entry's `command`, `args` and `cwd`: absolute, existing, no `~`",
            Cause::InvalidConfig => "Check the entry against the client's format and the package name in `args`",
            Cause::Permission => "Check that the files and folders the server uses are readable (and its command executable) by you",
            Cause::RuntimeVersion => "Check which `node`/`python` the client finds and the version the server needs",
            Cause::MissingEnv => "Check that every variable the server needs is set in the entry's `env`",
            Cause::WindowsNpx => "On Windows, start `npx`-style commands through `cmd /c`",
            Cause::StartupTimeout => "Run the command once by hand (a first `npx`/`uvx` run downloads) or raise the client's start-up timeout",
            Cause::StdoutPollution => "Run the server by hand: anything but JSON-RPC on its stdout breaks the connection (log to stderr)",
            Cause::SseIdleTimeout => "Check for a proxy or load balancer that cuts idle streams, and whether the server sends keep-alives",
            Cause::SessionExpired => "Reconnect the server: a restarted remote server forgets the session the client still uses",
            Cause::NetworkBlocked => "Check that the server's URL is reachable from here (proxy, firewall, DNS, certificates)",
            Cause::ConfigIgnored => "Check that the client reads this file and key (location, scope, key name)",
            Cause::DeprecatedTransport => "Check which transport the server speaks (Streamable HTTP `/mcp` or legacy SSE `/sse`) against the entry's `type`/URL",
            Cause::InsecureConfig => "Check the permissions of the files the server refuses, and whether the client waits for your approval",
        }
    }
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Note,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Note => "note",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// What a problem does to the server: used to put what stops a server from starting above what
/// only degrades it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Impact {
    /// Hygiene or security; the server may work.
    Hygiene,
    /// The server starts but drops, slows down or misbehaves.
    Degrades,
    /// The server cannot start or connect at all.
    BlocksStart,
}

/// Where a piece of evidence came from. Direct observation outranks inference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Source {
    Config,
    Runtime,
    Platform,
    Log,
    Probe,
}

impl Source {
    /// How directly this source observes the failure (a probe saw it happen; a config check infers).
    pub fn weight(self) -> f64 {
        match self {
            Source::Probe => 1.0,
            Source::Log => 0.9,
            Source::Runtime => 0.85,
            Source::Config => 0.85,
            Source::Platform => 0.8,
        }
    }
}

/// One place that shows the problem: a line of a config or log, or a probe observation.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evidence {
    pub path: Option<String>,
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    pub text: String,
}

impl Evidence {
    pub fn text(text: impl Into<String>) -> Self {
        Evidence {
            path: None,
            line: None,
            column: None,
            text: text.into(),
        }
    }
}

/// How a fix may be applied (ruff's applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixSafety {
    Safe,
    Unsafe,
    DisplayOnly,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Fix {
    pub summary: String,
    pub commands: Vec<String>,
    pub automatic: Option<String>,
}

/// A client id of the contract, stable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClientId {
    ClaudeDesktop,
    ClaudeCode,
    Cursor,
    Vscode,
    Windsurf,
    Cline,
    RooCode,
    Zed,
    GeminiCli,
    Codex,
    Continue,
    Goose,
}

impl ClientId {
    pub const ALL: [ClientId; 12] = [
        ClientId::ClaudeDesktop,
        ClientId::ClaudeCode,
        ClientId::Cursor,
        ClientId::Vscode,
        ClientId::Windsurf,
        ClientId::Cline,
        ClientId::RooCode,
        ClientId::Zed,
        ClientId::GeminiCli,
        ClientId::Codex,
        ClientId::Continue,
        ClientId::Goose,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ClientId::ClaudeDesktop => "claude-desktop",
            ClientId::ClaudeCode => "claude-code",
            ClientId::Cursor => "cursor",
            ClientId::Vscode => "vscode",
            ClientId::Windsurf => "windsurf",
            ClientId::Cline => crate::clients::cline::SLUG,
            ClientId::RooCode => crate::clients::roo_code::SLUG,
            ClientId::Zed => "zed",
            ClientId::GeminiCli => crate::clients::gemini_cli::SLUG,
            ClientId::Codex => crate::clients::codex::SLUG,
            ClientId::Continue => "continue",
            ClientId::Goose => "goose",
        }
    }

    /// The name people know the client by.
    pub fn title(self) -> &'static str {
        match self {
            ClientId::ClaudeDesktop => "Claude Desktop",
            ClientId::ClaudeCode => "Claude Code",
            ClientId::Cursor => "Cursor",
            ClientId::Vscode => "VS Code",
            ClientId::Windsurf => "Windsurf",
            ClientId::Cline => crate::clients::cline::TITLE,
            ClientId::RooCode => crate::clients::roo_code::TITLE,
            ClientId::Zed => "Zed",
            ClientId::GeminiCli => crate::clients::gemini_cli::TITLE,
            ClientId::Codex => crate::clients::codex::TITLE,
            ClientId::Continue => "Continue",
            ClientId::Goose => "Goose",
        }
    }

    /// Whether `mcp-doctor fix` edits this client's configs. Continue and Goose keep theirs in
    /// YAML, which the fixer never writes: their findings name no automatic fix.
    pub fn fix_edits(self) -> bool {
        !matches!(self, ClientId::Continue | ClientId::Goose)
    }

    pub fn parse(s: &str) -> Option<ClientId> {
        let s = s.to_ascii_lowercase();
        ClientId::ALL
            .into_iter()
            .find(|c| c.as_str() == s || c.title().eq_ignore_ascii_case(&s))
    }
}

impl fmt::Display for ClientId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One conclusion of a rule about a client, a server or a whole file. Detecting, wording and fixing
/// are separate: a check fills in what it saw (message, evidence, `vars` for the rule's fix
/// templates); the rule supplies cause, default severity and fix.
#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: crate::rules::RuleId,
    pub severity: Severity,
    pub client: Option<ClientId>,
    pub server: Option<String>,
    pub message: String,
    pub evidence: Vec<Evidence>,
    /// Values for the `{placeholders}` of the rule's fix summary and commands.
    pub vars: Vec<(&'static str, String)>,
    /// When the evidence was seen (log lines, probes); `None` for what holds now (configs).
    pub time: Option<std::time::SystemTime>,
    /// How many times the same thing was seen (log events folded into one finding).
    pub count: u32,
    /// The cause, when it is not the rule's own: a timeline rule ("failing since the config
    /// changed") takes the cause of the failure it dates.
    pub cause_override: Option<Cause>,
    /// Causes left open besides this finding's own, for a finding whose cause is a guess (the
    /// unknown error lines' words): ranked below it as alternatives, like a symptom rule's
    /// `differential`, before the rule's own list.
    pub open: Vec<Cause>,
}

impl Finding {
    pub fn new(rule: crate::rules::RuleId, message: impl Into<String>) -> Finding {
        Finding {
            rule,
            severity: rule.rule().severity,
            client: None,
            server: None,
            message: message.into(),
            evidence: Vec::new(),
            vars: Vec::new(),
            time: None,
            count: 1,
            cause_override: None,
            open: Vec::new(),
        }
    }

    /// Files the finding under another cause than its rule's.
    pub fn with_cause(mut self, c: Cause) -> Self {
        self.cause_override = Some(c);
        self
    }

    pub fn client(mut self, c: ClientId) -> Self {
        self.client = Some(c);
        self
    }

    pub fn server(mut self, s: impl Into<String>) -> Self {
        self.server = Some(s.into());
        self
    }

    pub fn severity(mut self, s: Severity) -> Self {
        self.severity = s;
        self
    }

    pub fn evidence(mut self, e: Evidence) -> Self {
        self.evidence.push(e);
        self
    }

    pub fn var(mut self, k: &'static str, v: impl Into<String>) -> Self {
        self.vars.push((k, v.into()));
        self
    }

    pub fn cause(&self) -> Cause {
        self.cause_override.unwrap_or(self.rule.rule().cause)
    }

    /// The causes this finding leaves open below its own (see [`Finding::open`]): its own list,
    /// then its rule's differential.
    pub fn differential(&self) -> impl Iterator<Item = Cause> + '_ {
        self.open
            .iter()
            .chain(&self.rule.rule().differential)
            .copied()
    }

    pub fn impact(&self) -> Impact {
        self.rule.rule().impact
    }

    pub fn source(&self) -> Source {
        self.rule.rule().source
    }

    /// The rule's fix for this finding on the given OS, placeholders filled.
    pub fn fix(&self, os: crate::machine::Os) -> Fix {
        let f = &self.rule.rule().fix;
        Fix {
            summary: crate::rules::fill(&f.summary, &self.vars),
            commands: f
                .commands_for(os)
                .iter()
                // Each value quoted for the command's shell; one that shell cannot quote drops
                // the command.
                .filter_map(|c| crate::rules::fill_command(c, &self.vars, os))
                // A command a finding has no use for is given as an empty placeholder.
                .filter(|c| !c.trim().is_empty())
                .collect(),
            automatic: f
                .automatic
                .clone()
                .filter(|_| self.client.is_none_or(ClientId::fix_edits)),
        }
    }
}
