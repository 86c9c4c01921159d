//! The typed vocabulary of a conclusion, shared by the rules and the findings: the contract's
//! causes, severities, impacts, where evidence comes from, and how safe a fix is.
use serde::{Deserialize, Serialize};

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

display_as_str!(Cause);

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

/// How a fix may be applied (ruff's applicability).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FixSafety {
    Safe,
    Unsafe,
    DisplayOnly,
}
