//! The command line, as `shared/contract.md` fixes it.
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "mcp-doctor",
    version,
    about = "Finds every MCP client config, checks each server, and ranks why a server will not connect."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct Global {
    /// Print the JSON report (schema mcp-doctor/report/v1) and nothing else on stdout; short for
    /// --format json.
    #[arg(long, global = true)]
    pub json: bool,
    /// The output: human (default), json (the report), markdown (to paste into a GitHub issue or a
    /// ticket: redacted, details collapsed) or sarif (SARIF 2.1.0, for CI code scanning).
    #[arg(long, value_enum, value_name = "FORMAT", global = true)]
    pub format: Option<Format>,
    /// Write the output to FILE instead of stdout (replaced atomically: a temporary file in the
    /// same folder, renamed over it; a device such as /dev/null, a pipe or a link's target is
    /// written through).
    #[arg(long, short = 'o', value_name = "FILE", global = true)]
    pub output: Option<PathBuf>,
    /// Exit 1 when a finding of this severity or a worse one is reported (default: error).
    #[arg(long, value_enum, value_name = "SEVERITY", global = true, default_value_t = FailOn::Error)]
    pub fail_on: FailOn,
    /// When to use colour (NO_COLOR is honoured with auto).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
    /// Show details: every path looked at and why it was skipped, code frames, evidence.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Treat DIR as the user's home folder (analyse a copy of someone else's home).
    #[arg(long, value_name = "DIR", global = true)]
    pub home: Option<PathBuf>,
    /// Which OS's locations and rules to apply (default: the running OS).
    #[arg(long, value_name = "macos|windows|linux", global = true)]
    pub os: Option<String>,
    /// The current time (RFC 3339), for --since windows and ages.
    #[arg(long, value_name = "TIME", global = true)]
    pub now: Option<String>,
    /// Treat DIR as the root of the analysed machine's file system (its /usr/local/bin,
    /// /opt/homebrew, C:\Program Files), for a copied machine image and for tests.
    #[arg(long, value_name = "DIR", global = true)]
    pub root: Option<PathBuf>,
}

/// `--format`.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Human,
    Json,
    Markdown,
    Sarif,
}

/// `--fail-on`: the least severe finding that makes the exit code 1.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum FailOn {
    #[default]
    Error,
    Warning,
    Note,
}

impl FailOn {
    pub fn severity(self) -> crate::finding::Severity {
        match self {
            FailOn::Error => crate::finding::Severity::Error,
            FailOn::Warning => crate::finding::Severity::Warning,
            FailOn::Note => crate::finding::Severity::Note,
        }
    }
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Find every MCP config, check each server, and rank the likely causes (the default).
    Check(CheckArgs),
    /// Start each stdio server / contact each remote server and do the MCP handshake.
    Probe(ProbeArgs),
    /// Classified events from the clients' MCP logs.
    Logs(LogsArgs),
    /// Rewrite config entries the rules can fix: absolute paths, cmd /c on Windows, and more.
    ///
    /// Shows a unified diff, then writes only with --yes or a "y" typed on a terminal (never waits
    /// on a stdin that is not a terminal: it prints the diff and exits 2). Without --absolute-paths
    /// or --windows-npx, every automatic fix the rules declare is planned. Safe fixes are applied;
    /// unsafe ones only with --unsafe; the others are printed with the problems that remain. Each
    /// written file gets a backup beside it (<name>.bak-<time>) and is replaced atomically; the rest
    /// of the file stays byte for byte. Exit: 0/1 as `check` afterwards, 2 when a file could not be
    /// written or confirmation was needed.
    // (`<name>.bak-<time>` is help text, not HTML.)
    #[allow(rustdoc::invalid_html_tags)]
    Fix(FixArgs),
    /// Run a server through a relay that keeps the client connected (in a config entry's place).
    ///
    /// `mcp-doctor bridge -- COMMAND [ARGS…]` starts the stdio server and restarts it when it
    /// exits (replaying the client's handshake); `mcp-doctor bridge URL` speaks Streamable HTTP or
    /// legacy SSE to a remote server and opens a new session when it forgets one, reconnects cut
    /// streams and retries a 401 with a stored token. Every heal is logged (see `mcp-doctor logs`).
    /// A workaround: the diagnosis still names the root cause. `fix --bridge NAME` sets it up.
    Bridge(BridgeArgs),
    /// Every server of every client: scope, transport, config file, and its status from the last
    /// check (starts nothing).
    List(ListArgs),
    /// Print a shell completion script: bash, zsh, fish, powershell or elvish.
    ///
    /// bash: `mcp-doctor completions bash > ~/.local/share/bash-completion/completions/mcp-doctor`;
    /// zsh: `mcp-doctor completions zsh > ~/.zfunc/_mcp-doctor` (with `fpath+=~/.zfunc`);
    /// fish: `mcp-doctor completions fish > ~/.config/fish/completions/mcp-doctor.fish`.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff): `mcp-doctor man > mcp-doctor.1`, or `mcp-doctor man | man -l -`.
    Man,
    /// List the rules.
    Rules,
    /// Explain one rule: what it detects, why it matters, how to fix it by hand.
    Explain {
        /// The rule id (see `mcp-doctor rules`).
        id: String,
    },
}

#[derive(Args, Debug, Default)]
pub struct CheckArgs {
    /// Also start or contact each server and do the MCP handshake.
    #[arg(long)]
    pub probe: bool,
    /// How far back to read the clients' logs (30s, 10m, 2h, 3d or RFC 3339).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    /// With --probe: start project-scoped servers the client has not approved.
    #[arg(long)]
    pub trust_project: bool,
    /// With --probe: seconds each probe may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
    /// With --probe: at most N servers start at once (default: the number of cores).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub jobs: Option<u64>,
    /// Answer the platform checks (firewall, Gatekeeper, ...) from outputs recorded on the
    /// diagnosed machine (DIR/replay.toml) instead of running the tools; also
    /// MCP_DOCTOR_PLATFORM_REPLAY. For support and tests.
    #[arg(long, value_name = "DIR")]
    pub platform_replay: Option<std::path::PathBuf>,
    /// Skip the platform checks (firewall, Gatekeeper, proxies, certificates).
    #[arg(long)]
    pub no_platform: bool,
    #[command(flatten)]
    pub scope: Scope,
}

#[derive(Args, Debug, Default)]
pub struct ListArgs {
    #[command(flatten)]
    pub scope: Scope,
}

/// `--server NAME…` and `--client ID…`: which servers a command looks at.
#[derive(Args, Debug, Default, Clone)]
pub struct Scope {
    /// Only the servers of this name (repeat it, or separate names with commas).
    #[arg(long = "server", value_name = "NAME", value_delimiter = ',')]
    pub servers: Vec<String>,
    /// Only the configs of this client: claude-desktop, claude-code, cursor, vscode, windsurf,
    /// cline, roo-code, zed, gemini-cli, codex, continue, goose (repeat it, or use commas).
    #[arg(long = "client", value_name = "ID", value_delimiter = ',')]
    pub clients: Vec<String>,
}

#[derive(Args, Debug)]
pub struct ProbeArgs {
    /// Servers to probe (all when none is named).
    pub names: Vec<String>,
    /// Start project-scoped servers the client has not approved.
    #[arg(long)]
    pub trust_project: bool,
    /// Seconds each probe may take (counted from the server's own start).
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    pub timeout: u64,
    /// At most N servers start at once (default: the number of cores); a server that timed
    /// out while others were starting is probed again alone.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub jobs: Option<u64>,
    /// Hold an SSE stream open this many seconds and report when and how it was cut.
    #[arg(long, value_name = "SECONDS")]
    pub idle: Option<u64>,
    #[command(flatten)]
    pub scope: Scope,
}

#[derive(Args, Debug)]
pub struct LogsArgs {
    /// The window: 30s, 10m, 2h, 3d or an RFC 3339 time (default 1d).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,
    #[command(flatten)]
    pub scope: Scope,
    /// Classify this file instead (- for stdin), e.g. a log pasted into a ticket.
    #[arg(long, value_name = "PATH")]
    pub file: Option<PathBuf>,
    /// Keep reading: classify new lines as they are written, like tail -f (until Ctrl-C).
    ///
    /// One event a line, across rotated and new log files. Starts at the end of each file; with
    /// --since, prints that window first. With --json: one JSON event a line (NDJSON).
    #[arg(long, short = 'f')]
    pub follow: bool,
    /// With --follow: stop after SECS seconds (at most a day); for tests and scripts.
    #[arg(long, value_name = "SECS", hide = true, requires = "follow")]
    pub follow_for: Option<u64>,
}

#[derive(Args, Debug)]
pub struct BridgeArgs {
    /// The server's name in the heal log (default: its package, script or host).
    #[arg(long)]
    pub name: Option<String>,
    /// A header for a remote server, `Name: value`; `${VAR}` is taken from the environment.
    #[arg(long = "header", value_name = "NAME: VALUE")]
    pub headers: Vec<String>,
    /// A remote server's transport to try first: http (Streamable HTTP) or sse (legacy).
    #[arg(long, value_name = "http|sse")]
    pub transport: Option<String>,
    /// Written by `fix --bridge` so that `fix --unbridge` restores the entry exactly (the URL's
    /// key in the entry).
    #[arg(long, value_name = "KEY", hide = true)]
    pub fix_url_key: Option<String>,
    /// Written by `fix --bridge` when it added `args` (so that `fix --unbridge` removes them).
    #[arg(long, hide = true)]
    pub fix_added_args: bool,
    /// Restarts allowed within any minute before the bridge gives up.
    #[arg(long, value_name = "N", default_value_t = 5)]
    pub max_restarts: u32,
    /// A URL, or `--` then the server's command and its arguments.
    #[arg(
        value_name = "URL | -- COMMAND",
        trailing_var_arg = true,
        allow_hyphen_values = true,
        required = true
    )]
    pub target: Vec<String>,
}

#[derive(Args, Debug)]
pub struct FixArgs {
    /// Rewrite bare commands and relative or ~ paths to absolute ones.
    #[arg(long)]
    pub absolute_paths: bool,
    /// Wrap .cmd shims (npx, npm, ...) in cmd /c on Windows.
    #[arg(long)]
    pub windows_npx: bool,
    /// Also apply fixes marked unsafe.
    #[arg(long = "unsafe")]
    pub allow_unsafe: bool,
    /// Show the diff and stop (nothing is written).
    #[arg(long)]
    pub dry_run: bool,
    /// Write without asking.
    #[arg(long)]
    pub yes: bool,
    /// Only this config file (repeatable). Naming a project's shared file (.mcp.json,
    /// .vscode/mcp.json, .cursor/mcp.json) lets fix write this machine's paths into it.
    #[arg(long = "config", value_name = "FILE")]
    pub config: Vec<PathBuf>,
    /// Accepted for symmetry with `check`: fix runs no platform check.
    #[arg(long)]
    pub no_platform: bool,
    #[command(flatten)]
    pub scope: Scope,
    /// Run these servers through `mcp-doctor bridge` (restarts, reconnects; see `bridge --help`).
    #[arg(long, value_name = "NAME", num_args = 1.., conflicts_with_all = ["absolute_paths", "windows_npx", "unbridge"])]
    pub bridge: Vec<String>,
    /// Run these bridged servers directly again (undoes --bridge byte for byte).
    #[arg(long, value_name = "NAME", num_args = 1.., conflicts_with_all = ["absolute_paths", "windows_npx"])]
    pub unbridge: Vec<String>,
}
