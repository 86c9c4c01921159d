//! Classification of log lines by the `source = "log"` rules of the registry, in one pass per line:
//! one Aho-Corasick automaton holds every rule's literals (and the lifecycle markers used for
//! evidence over time); only the patterns whose literals a line contains run on it, and each
//! pattern's regex is compiled the first time one of its literals is seen, so a scan pays only for
//! the patterns its text can reach (a `check` of a home with a few healthy logs compiles none).
use crate::machine::Os;
use crate::rules::{registry, RuleId};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;
use std::sync::OnceLock;

/// What happened to the server's process or connection, independent of why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lifecycle {
    Start,
    Disconnect,
    /// The session is established: the client sent `notifications/initialized` (after the
    /// server's `initialize` answer) or a request that only follows it.
    Up,
}

const MARKERS: &[(&str, Lifecycle)] = &[
    ("Initializing server", Lifecycle::Start),
    ("Starting server", Lifecycle::Start),
    ("Starting connection", Lifecycle::Start),
    ("Starting new stdio process", Lifecycle::Start),
    ("Connection state: Starting", Lifecycle::Start),
    ("Handling CreateClient action", Lifecycle::Start),
    ("Server transport closed", Lifecycle::Disconnect),
    ("Server disconnected", Lifecycle::Disconnect),
    ("Connection closed", Lifecycle::Disconnect),
    ("SSE error", Lifecycle::Disconnect),
    ("Client error for command", Lifecycle::Disconnect),
    ("Connection state: Error", Lifecycle::Disconnect),
    ("Connection state: Stopped", Lifecycle::Disconnect),
    // The client's own messages as clients log them (Claude Desktop's `Message from client`,
    // VS Code's `[client -> server]` trace); the spec's lifecycle puts each after `initialize`:
    // modelcontextprotocol.io/specification/2025-06-18/basic/lifecycle
    ("notifications/initialized", Lifecycle::Up),
    ("\"method\":\"tools/list\"", Lifecycle::Up),
    ("\"method\":\"tools/call\"", Lifecycle::Up),
    ("\"method\":\"resources/list\"", Lifecycle::Up),
    ("\"method\":\"prompts/list\"", Lifecycle::Up),
];

/// The markers of one kind of lifecycle event.
pub fn markers(kind: Lifecycle) -> impl Iterator<Item = &'static str> {
    MARKERS.iter().filter(move |m| m.1 == kind).map(|m| m.0)
}

/// The named captures a log pattern may have (the finding's vars); the rule tests hold every
/// pattern to this list.
pub const CAPTURES: &[&str] = &["cmd", "path", "module", "var", "code"];

/// One pattern of one rule; its regex is compiled on first use.
struct Pat {
    rule: RuleId,
    priority: i32,
    specificity: f64,
    src: &'static str,
    re: OnceLock<Option<Regex>>,
}

impl Pat {
    fn regex(&self) -> Option<&Regex> {
        self.re.get_or_init(|| Regex::new(self.src).ok()).as_ref()
    }

    /// Whether this pattern should be preferred over `other` for a line both match.
    fn beats(&self, other: &Pat) -> bool {
        (self.priority, self.specificity) > (other.priority, other.specificity)
    }
}

/// Words of a line that may matter although no rule's literal is in it: an error level or an
/// exception (an unknown error to show), a warning (a message that may wrap onto the next line),
/// the PATH list Claude Desktop logs.
const CONCERNS: &[&str] = &[
    "err",
    "fatal",
    "panic",
    "exception",
    "crit",
    "severe",
    "warn",
    "fail",
    "with path",
    "and path:",
];

/// Words that say something failed (`error_score` counts them): a line with one is an error line
/// in a short paste, so the prefilter lets them through as well.
pub const FAILURE_WORDS: &[&str] = &[
    "failed",
    "failure",
    "fatal",
    "panic",
    "crash",
    "cannot",
    "could not",
    "unable to",
    "did not",
    "timed out",
    "timeout",
    "refused",
    "denied",
    "rejected",
    "invalid",
    "not found",
    "unauthorized",
    "mcp error -",
    "expired",
    "unavailable",
    "disconnected",
    "closed",
    "terminated",
    "killed",
    "out of memory",
    "error",
    // What a server says of a thing it needs: a missing key, an unset variable, a file or
    // command that is not there, a feature it lacks; and the marks clients print on a failed
    // server (Codex's and Gemini CLI's `✗`/`⚠`, `❌` in many servers' own output).
    "missing",
    "not set",
    "undefined",
    "can't",
    "couldn't",
    "no such",
    "does not exist",
    "not recognized",
    "not allowed",
    "forbidden",
    "abort",
    "exited",
    "non-zero",
    "unsupported",
    "not supported",
    "not installed",
    "not configured",
    "unreachable",
    "\u{2717}",
    "\u{2718}",
    "\u{274c}",
];

pub struct Classifier {
    ac: AhoCorasick,
    /// Every literal, marker and concern in one automaton: a line it does not match needs no
    /// header parsing, UTF-8 validation or classification at all. Built for the first big file.
    concern: OnceLock<AhoCorasick>,
    literals: Vec<String>,
    /// Per literal of the automaton (in its pattern order), the patterns that literal gates.
    gates: Vec<Vec<u16>>,
    patterns: Vec<Pat>,
    pub errors: Vec<String>,
}

/// A line's classification.
#[derive(Debug, Default)]
pub struct Verdict {
    pub rule: Option<RuleId>,
    /// Named captures of the matching pattern (`cmd`, `path`, `module`, `var`, `code`).
    pub vars: Vec<(&'static str, String)>,
    pub lifecycle: Option<Lifecycle>,
    /// The line holds a literal of some rule (whether or not a pattern matched).
    pub literal: bool,
}

impl Classifier {
    fn build() -> Classifier {
        let mut literals: Vec<String> = Vec::new();
        let mut gates: Vec<Vec<u16>> = Vec::new();
        let mut patterns = Vec::new();
        let mut errors = Vec::new();
        for (id, rule) in registry() {
            if rule.source != crate::finding::Source::Log {
                continue;
            }
            for p in &rule.patterns {
                let Ok(index) = u16::try_from(patterns.len()) else {
                    errors.push(format!("log rules: more than {} patterns", u16::MAX));
                    break;
                };
                patterns.push(Pat {
                    rule: *id,
                    priority: rule.priority,
                    specificity: rule.specificity,
                    src: p.regex.as_str(),
                    re: OnceLock::new(),
                });
                for l in &p.literals {
                    // The automaton is case-insensitive: literals that differ only in case are one.
                    match literals.iter().position(|x| x.eq_ignore_ascii_case(l)) {
                        Some(i) => gates[i].push(index),
                        None => {
                            literals.push(l.clone());
                            gates.push(vec![index]);
                        }
                    }
                }
            }
        }
        // One automaton for the rules' literals and the lifecycle markers: one pass per line.
        let all: Vec<&str> = literals
            .iter()
            .map(String::as_str)
            .chain(MARKERS.iter().map(|m| m.0))
            .collect();
        let ac = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // A contiguous NFA builds in a fraction of a DFA's time: a check with a few small
            // logs pays nearly nothing up front; big files skip most lines by the prefilter.
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            // Its prefilter would cost more to build (about 4 ms for ~400 literals) than it
            // saves on the lines that reach it.
            .prefilter(false)
            .build(&all)
            .unwrap_or_else(|e| {
                errors.push(format!("log rules: literals: {e}"));
                gates.clear();
                AhoCorasick::new(MARKERS.iter().map(|m| m.0))
                    .expect("the lifecycle markers are constant")
            });
        Classifier {
            ac,
            concern: OnceLock::new(),
            literals,
            gates,
            patterns,
            errors,
        }
    }

    /// The classifier of the embedded rules, built once per process (the automaton only: no
    /// regex is compiled until a line contains one of its literals).
    pub fn get() -> &'static Classifier {
        static C: OnceLock<Classifier> = OnceLock::new();
        C.get_or_init(Classifier::build)
    }

    /// Whether `hay` (any bytes: a whole read buffer) contains a literal of some rule or a
    /// lifecycle marker, i.e. whether any line in it could classify as anything.
    pub fn may_match(&self, hay: &[u8]) -> bool {
        self.ac.is_match(hay)
    }

    /// Whether a line (raw bytes) may matter to the scan: a rule's literal, a lifecycle marker, an
    /// error or warning word, a logged PATH. A line that does not is skipped unread.
    pub fn concerns(&self, line: &[u8]) -> bool {
        self.concern
            .get_or_init(|| {
                let all = self
                    .literals
                    .iter()
                    .map(String::as_str)
                    .chain(MARKERS.iter().map(|m| m.0))
                    .chain(CONCERNS.iter().copied())
                    .chain(FAILURE_WORDS.iter().copied());
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(all)
                    // Everything concerns: the scan reads every line.
                    .unwrap_or_else(|_| AhoCorasick::new([""]).expect("the empty pattern builds"))
            })
            .is_match(line)
    }

    /// Whether a message has an error or warning word (the start of a message that may wrap).
    pub fn alarming(msg: &str) -> bool {
        static A: OnceLock<AhoCorasick> = OnceLock::new();
        A.get_or_init(|| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(CONCERNS)
                .expect("constant patterns")
        })
        .is_match(msg)
    }

    /// How many patterns have had their regex compiled so far (for tests and benchmarks).
    pub fn compiled(&self) -> usize {
        self.patterns
            .iter()
            .filter(|p| p.re.get().is_some())
            .count()
    }

    /// Whether pattern `i` matches `msg` (compiling it on first use).
    fn hits(&self, i: usize, msg: &str) -> bool {
        self.patterns[i].regex().is_some_and(|re| re.is_match(msg))
    }

    /// Classifies one line's message.
    pub fn classify(&self, msg: &str) -> Verdict {
        let mut v = Verdict::default();
        let n_lit = self.gates.len();
        let mut candidates: Vec<u16> = Vec::new();
        for m in self.ac.find_overlapping_iter(msg) {
            let i = m.pattern().as_usize();
            if i < n_lit {
                candidates.extend_from_slice(&self.gates[i]);
            } else if v.lifecycle.is_none() {
                v.lifecycle = MARKERS.get(i - n_lit).map(|m| m.1);
            }
        }
        if candidates.is_empty() {
            return v;
        }
        v.literal = true;
        candidates.sort_unstable();
        candidates.dedup();
        // The strongest first: once one matches, weaker patterns of other rules need not run.
        candidates.sort_by(|&a, &b| {
            let (p, q) = (
                &self.patterns[usize::from(a)],
                &self.patterns[usize::from(b)],
            );
            (q.priority, q.specificity)
                .partial_cmp(&(p.priority, p.specificity))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(a.cmp(&b))
        });
        let mut matched: Vec<usize> = Vec::new();
        let mut best: Option<usize> = None;
        for &c in &candidates {
            let i = usize::from(c);
            // A pattern that cannot beat the best so far and is of another rule need not run.
            if let Some(b) = best {
                let (p, q) = (&self.patterns[i], &self.patterns[b]);
                if p.rule != q.rule && !p.beats(q) {
                    continue;
                }
            }
            if !self.hits(i, msg) {
                continue;
            }
            matched.push(i);
            match best {
                Some(b) if !self.patterns[i].beats(&self.patterns[b]) => {}
                _ => best = Some(i),
            }
        }
        let Some(b) = best else { return v };
        let rule = self.patterns[b].rule;
        v.rule = Some(rule);
        // Captures from the chosen pattern, or from another matching pattern of the same rule
        // that names them (one phrasing names the variable, another does not).
        for i in std::iter::once(b).chain(
            matched
                .iter()
                .copied()
                .filter(|&i| i != b && self.patterns[i].rule == rule),
        ) {
            let Some(re) = self.patterns[i].regex() else {
                continue;
            };
            if re.captures_len() <= 1 {
                continue;
            }
            if let Some(caps) = re.captures(msg) {
                for name in re.capture_names().flatten() {
                    let Some(&known) = CAPTURES.iter().find(|&&k| k == name) else {
                        continue;
                    };
                    if let Some(m) = caps.name(name) {
                        v.vars.push((known, m.as_str().trim().to_string()));
                    }
                }
            }
            if !v.vars.is_empty() {
                break;
            }
        }
        v
    }
}

/// Context the line alone does not carry: a bare `npx` that failed to spawn on Windows is the
/// `.cmd` shim problem, not a missing Node.
pub fn refine(rule: RuleId, vars: &[(&'static str, String)], os: Os) -> RuleId {
    let cmd_has = |w: &str| {
        vars.iter()
            .any(|(k, v)| *k == "cmd" && v.split_whitespace().any(|t| t == w))
    };
    // `spawn npx ENOENT spawn npx ENOENT`: one message said twice, not a command line.
    if rule == RuleId::LogSpawnCommandLine && cmd_has("ENOENT") {
        let first: Vec<(&'static str, String)> = vars
            .iter()
            .filter(|(k, _)| *k == "cmd")
            .filter_map(|(k, v)| Some((*k, v.split_whitespace().next()?.to_string())))
            .collect();
        return refine(RuleId::LogSpawnEnoent, &first, os);
    }
    if rule == RuleId::LogSpawnEnoent && os.is_windows() {
        let cmd = vars
            .iter()
            .find(|(k, _)| *k == "cmd")
            .map(|(_, v)| v.to_ascii_lowercase());
        if cmd.is_some_and(|c| {
            matches!(
                c.as_str(),
                "npx" | "npm" | "pnpm" | "pnpx" | "yarn" | "bunx"
            )
        }) {
            return RuleId::LogWindowsNpxEnoent;
        }
    }
    rule
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule_of(s: &str) -> Option<&'static str> {
        Classifier::get().classify(s).rule.map(|r| r.as_str())
    }

    #[test]
    fn the_classifier_builds_without_errors() {
        assert!(
            Classifier::get().errors.is_empty(),
            "{:?}",
            Classifier::get().errors
        );
    }

    #[test]
    fn every_log_pattern_has_a_literal_prefilter() {
        // A pattern without literals would never run: the prefilter gates the regex set.
        for (id, rule) in registry() {
            if rule.source != crate::finding::Source::Log {
                continue;
            }
            assert!(
                id.as_str().starts_with("log-"),
                "{id}: log rule ids start with log-"
            );
            for p in &rule.patterns {
                let re = regex::Regex::new(&p.regex).unwrap();
                for name in re.capture_names().flatten() {
                    assert!(CAPTURES.contains(&name), "{id}: capture {name} unknown");
                }
                assert!(
                    !p.literals.is_empty(),
                    "{id}: pattern {} has no literals",
                    p.regex
                );
                assert!(
                    p.literals.iter().all(|l| l.len() >= 3),
                    "{id}: literal too short in {:?}",
                    p.literals
                );
            }
        }
    }

    #[test]
    fn spawn_failures_by_shape_of_the_command() {
        assert_eq!(rule_of("spawn npx ENOENT"), Some("log-spawn-enoent"));
        assert_eq!(rule_of("spawn npx ENOENT {\"context\":\"connection\",\"stack\":\"Error: spawn npx ENOENT\\n at x\"}"), Some("log-spawn-enoent"));
        assert_eq!(
            rule_of("spawn /home/u/.local/bin/uv ENOENT"),
            Some("log-spawn-path-enoent")
        );
        assert_eq!(
            rule_of("Error: spawn echo 'Hello World' ENOENT"),
            Some("log-spawn-command-line")
        );
        assert_eq!(
            rule_of("spawn /usr/bin/node /srv/x/index.js ENOENT"),
            Some("log-spawn-command-line")
        );
        assert_eq!(
            rule_of("spawn uvx mcp-server-fetch ENOENT"),
            Some("log-spawn-command-line")
        );
        assert_eq!(
            rule_of("spawn /Users/me/Library/Application Support/Claude/x/bin EACCES"),
            Some("log-spawn-eacces")
        );
        assert_eq!(
            rule_of("exec: \"uvx\": executable file not found in $PATH"),
            Some("log-spawn-enoent")
        );
        assert_eq!(rule_of("java.io.IOException: Cannot run program \"npx\": error=2, No such file or directory"), Some("log-spawn-enoent"));
        assert_eq!(
            rule_of("'npx' is not recognized as an internal or external command,"),
            Some("log-spawn-enoent")
        );
    }

    #[test]
    fn runtimes_modules_and_paths() {
        assert_eq!(
            rule_of("ReferenceError: ReadableStream is not defined"),
            Some("log-runtime-too-old")
        );
        assert_eq!(
            rule_of("SyntaxError: Unexpected token '?'"),
            Some("log-runtime-too-old")
        );
        assert_eq!(
            rule_of("SyntaxError: Unexpected token '??='"),
            Some("log-runtime-too-old")
        );
        assert_eq!(
            rule_of("mcp-server requires Python >= 3.10"),
            Some("log-runtime-too-old")
        );
        assert_eq!(
            rule_of("ModuleNotFoundError: No module named 'bs4'"),
            Some("log-missing-module")
        );
        assert_eq!(
            rule_of("Error: Cannot find module 'express'"),
            Some("log-missing-module")
        );
        assert_eq!(
            rule_of("Error: Cannot find module '/Users/me/server/build/index.js'"),
            Some("log-entry-script-missing")
        );
        assert_eq!(
            rule_of("Error: Cannot find module './build/index.js'"),
            Some("log-entry-script-missing")
        );
        assert_eq!(
            rule_of(r#"Error: Cannot find module 'C:\app\"C:\x y\index.js"'"#),
            Some("log-entry-script-quoted")
        );
    }

    #[test]
    fn remote_failures() {
        assert_eq!(
            rule_of("Unexpected token 'd', \"[dotenv@17.\"... is not valid JSON"),
            Some("log-stdout-not-json")
        );
        assert_eq!(rule_of("Error POSTing to endpoint (HTTP 404): {\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32001,\"message\":\"Session not found\"}}"), Some("log-session-not-found"));
        assert_eq!(
            rule_of("MCP error -32001: Request timed out"),
            Some("log-request-timeout")
        );
        assert_eq!(
            rule_of("SSE error: TypeError: terminated: Body Timeout Error"),
            Some("log-sse-body-timeout")
        );
        assert_eq!(
            rule_of("connect ECONNREFUSED 127.0.0.1:3000"),
            Some("log-network-error")
        );
        assert_eq!(
            rule_of("Error: self signed certificate in certificate chain"),
            Some("log-tls-error")
        );
        assert_eq!(
            rule_of("x509: certificate signed by unknown authority"),
            Some("log-tls-error")
        );
        assert_eq!(
            rule_of("Streamable HTTP error: HTTP 401 invalid_token"),
            Some("log-token-expired")
        );
        assert_eq!(
            rule_of("GITHUB_PERSONAL_ACCESS_TOKEN environment variable is not set"),
            Some("log-missing-env")
        );
        assert_eq!(
            rule_of("Message from client: {\"method\":\"initialize\"}"),
            None
        );
        assert_eq!(rule_of("Initializing server..."), None);
        assert_eq!(
            Classifier::get()
                .classify("Initializing server...")
                .lifecycle,
            Some(Lifecycle::Start)
        );
    }

    #[test]
    fn regexes_compile_only_when_their_literals_are_seen() {
        let c = Classifier::build();
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.compiled(), 0);
        for line in [
            "2026-01-01T10:00:00.000Z [fs] [info] Server started and connected successfully",
            "Initializing server...",
            "tools/call completed in 12 ms",
        ] {
            assert_eq!(c.classify(line).rule, None, "{line}");
        }
        assert_eq!(c.compiled(), 0, "a healthy line compiled a regex");
        assert_eq!(
            c.classify("Error: spawn npx ENOENT").rule,
            Some(RuleId::LogSpawnEnoent)
        );
        let n = c.compiled();
        assert!(
            n > 0 && n < c.patterns.len() / 4,
            "{n} of {}",
            c.patterns.len()
        );
        assert!(!c.may_match(b"all fine\nstill fine\n"));
        assert!(c.may_match(b"all fine\nspawn x ENOENT\n"));
    }

    #[test]
    fn windows_refines_a_bare_npx() {
        let v = Classifier::get().classify("spawn npx ENOENT");
        assert_eq!(
            refine(v.rule.unwrap(), &v.vars, Os::Windows),
            RuleId::LogWindowsNpxEnoent
        );
        assert_eq!(
            refine(v.rule.unwrap(), &v.vars, Os::Macos),
            RuleId::LogSpawnEnoent
        );
    }
}

#[cfg(test)]
mod phrasings {
    use super::Classifier;

    /// The usual phrasings of each mechanism across Node, Python, Go, .NET and Java servers and
    /// the clients, with the rule each must reach.
    const CASES: &[(&str, &str)] = &[
        // command not found
        ("Failed to start server: spawn uv ENOENT", "log-spawn-enoent"),
        ("Executable not found in $PATH: \"uvx\"", "log-spawn-enoent"),
        ("/bin/sh: 1: npx: not found", "log-spawn-enoent"),
        ("zsh: command not found: uvx", "log-spawn-enoent"),
        ("FileNotFoundError: [Errno 2] No such file or directory: 'uvx'", "log-spawn-enoent"),
        // bad path / command line / permission
        ("Error: spawn C:\\Users\\me\\server.exe ENOENT", "log-spawn-path-enoent"),
        ("fork/exec /opt/mcp/server: no such file or directory", "log-spawn-path-enoent"),
        ("python: can't open file '/home/me/server.py': [Errno 2] No such file or directory", "log-spawn-path-enoent"),
        ("spawn npx -y @modelcontextprotocol/server-github ENOENT", "log-spawn-command-line"),
        ("fork/exec /opt/mcp/server: permission denied", "log-spawn-eacces"),
        ("java.io.IOException: Cannot run program \"/opt/mcp/run.sh\": error=13, Permission denied", "log-spawn-eacces"),
        ("PermissionError: [Errno 13] Permission denied: '/var/log/mcp.log'", "log-permission-denied"),
        ("System.UnauthorizedAccessException: Access to the path 'C:\\data' is denied.", "log-permission-denied"),
        ("OSError: [Errno 30] Read-only file system: 'logs'", "log-permission-denied"),
        // crashes, signals, memory
        ("Connection state: Error Process exited with code 2", "log-exit-code"),
        ("Server exited before responding to `initialize` request.", "log-exit-code"),
        ("MCP server process exited with code null, signal SIGKILL", "log-killed-by-signal"),
        ("process exited with exit code 137", "log-killed-by-signal"),
        ("Out of memory: Killed process 4242 (node)", "log-killed-by-signal"),
        ("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space", "log-heap-out-of-memory"),
        ("fatal error: runtime: out of memory", "log-heap-out-of-memory"),
        ("Unhandled exception. System.OutOfMemoryException: Insufficient memory", "log-heap-out-of-memory"),
        ("panic: runtime error: invalid memory address or nil pointer dereference", "log-traceback"),
        ("Unhandled exception. System.InvalidOperationException: boom", "log-traceback"),
        ("Exception in thread \"main\" java.lang.IllegalStateException: boom", "log-traceback"),
        ("Segmentation fault (core dumped)", "log-crash-signal"),
        ("Exception in thread \"main\" java.lang.NoClassDefFoundError: io/modelcontextprotocol/Server", "log-missing-module"),
        ("ImportError: cannot import name 'FastMCP' from 'mcp.server'", "log-missing-module"),
        ("Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'zod' imported from /srv/index.js", "log-missing-module"),
        // runtime too old
        ("TypeError: fetch is not defined", "log-runtime-too-old"),
        ("ReferenceError: structuredClone is not defined", "log-runtime-too-old"),
        ("TypeError: items.toSorted is not a function", "log-runtime-too-old"),
        ("node: bad option: --env-file=.env", "log-runtime-too-old"),
        ("npm WARN EBADENGINE Unsupported engine {", "log-runtime-too-old"),
        ("TypeError: unsupported operand type(s) for |: 'type' and 'NoneType'", "log-runtime-too-old"),
        ("ERROR: Package 'mcp' requires a different Python: 3.9.6 not in '>=3.10'", "log-runtime-too-old"),
        ("error: the current Python version (3.9.6) does not satisfy Python>=3.10", "log-runtime-too-old"),
        ("java.lang.UnsupportedClassVersionError: Server has been compiled by a more recent version of the Java Runtime", "log-runtime-too-old"),
        ("You must install or update .NET to run this application.", "log-runtime-too-old"),
        ("go: go.mod requires go >= 1.23 (running go 1.21.5)", "log-runtime-too-old"),
        // stdout pollution
        ("Unexpected non-whitespace character after JSON at position 4", "log-stdout-not-json"),
        ("SyntaxError: Unexpected token S in JSON at position 0", "log-stdout-not-json"),
        ("invalid character 'S' looking for beginning of value", "log-stdout-not-json"),
        ("Failed to parse JSONRPC message from server", "log-stdout-not-json"),
        ("serde error expected value at line 1 column 1", "log-stdout-not-json"),
        // auth and sessions
        ("Error: SSE error: Non-200 status code (401)", "log-auth-failed"),
        ("HTTP 403 Forbidden", "log-auth-failed"),
        ("{\"error\":\"invalid_grant\",\"error_description\":\"Token has been expired or revoked.\"}", "log-token-expired"),
        ("Failed to refresh access token", "log-token-expired"),
        ("Bad Request: No valid session ID provided", "log-session-not-found"),
        ("Error POSTing to endpoint (HTTP 400): Bad Request", "log-session-http-404"),
        // streams and network
        ("TypeError: terminated\n  [cause]: SocketError: other side closed", "log-sse-body-timeout"),
        ("Error: read ECONNRESET", "log-sse-error"),
        ("getaddrinfo ENOTFOUND mcp.example.com", "log-network-error"),
        ("httpx.ConnectError: [Errno 111] Connection refused", "log-network-error"),
        ("dial tcp: lookup mcp.example.com: no such host", "log-network-error"),
        ("requests.exceptions.SSLError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate", "log-tls-error"),
        ("javax.net.ssl.SSLHandshakeException: PKIX path building failed", "log-tls-error"),
        ("The remote certificate is invalid according to the validation procedure", "log-tls-error"),
        ("Error: unable to get local issuer certificate", "log-tls-error"),
        ("request to https://api.example.com/mcp failed, reason: connect ETIMEDOUT", "log-network-error"),
        // timeouts
        ("Connection to MCP server \"x\" timed out after 30000ms", "log-request-timeout"),
        ("context deadline exceeded (Client.Timeout exceeded) while awaiting handshake timed out", "log-request-timeout"),
        ("MCP client for `docs` failed to start: request timed out", "log-request-timeout"),
        // env
        ("Error: OPENAI_API_KEY is not set", "log-missing-env"),
        ("ValueError: API key is required", "log-missing-env"),
        ("KeyError: 'NOTION_TOKEN'", "log-missing-env"),
        ("Please set the BRAVE_API_KEY environment variable", "log-missing-env"),
        ("Error: Missing required environment variable: SLACK_BOT_TOKEN", "log-missing-env"),
        // windows npx, config
        ("Error: spawn npx.cmd EINVAL", "log-windows-cmd-wrapper"),
    ];

    #[test]
    fn every_phrasing_reaches_its_rule() {
        let c = Classifier::get();
        let mut wrong = Vec::new();
        for (line, want) in CASES {
            let got = c.classify(line).rule.map(|r| r.as_str());
            if got != Some(*want) {
                wrong.push(format!("{line:?}: want {want}, got {got:?}"));
            }
        }
        assert!(
            wrong.is_empty(),
            "{} wrong:\n{}",
            wrong.len(),
            wrong.join("\n")
        );
    }
}
